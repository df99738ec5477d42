//! Known-answer vectors computed independently with Python's stdlib (hmac, hashlib, base64,
//! json with compact separators), and the refusal rules with a fixed clock.

use socketio_protocol::{Room, Value};
use socketio_token::{base64url, hs256, issue, verify, Claims, ErrorKind, Subject, LEEWAY_SECONDS};

const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef-known-answer";
const T0: i64 = 1_700_000_000;

/// python3: hmac.new(SECRET, h + "." + p, sha256) over
/// {"sub":"alice","iat":1700000000,"exp":1700000300,"rooms":["team:1","admin",42]}
const ALICE: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAwMzAwLCJyb29tcyI6WyJ0ZWFtOjEiLCJhZG1pbiIsNDJdfQ.2Qkuvcr9KR2xNbII2nPAIwFS5S0A0nYREcLDQfbhylk";

/// Same, for {"sub":42,...,"rooms":[],"nsp":"/admin","data":{"name":"Zoë \"Z\"","n":[1,2.5,true,null]}}
const FORTY_TWO: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOjQyLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMDMwMCwicm9vbXMiOltdLCJuc3AiOiIvYWRtaW4iLCJkYXRhIjp7Im5hbWUiOiJab8OrIFwiWlwiIiwibiI6WzEsMi41LHRydWUsbnVsbF19fQ.T6_dyRinsDudc7dCHSGyvoCfqug_qCE5N9wA4wHTxfY";

fn alice() -> Claims {
    Claims {
        sub: Subject::Str("alice".into()),
        iat: T0,
        exp: T0 + 300,
        rooms: vec![Room::Str("team:1".into()), Room::Str("admin".into()), Room::Int(42)],
        nsp: None,
        data: None,
    }
}

fn forty_two() -> Claims {
    Claims {
        sub: Subject::Int(42),
        iat: T0,
        exp: T0 + 300,
        rooms: vec![],
        nsp: Some("/admin".into()),
        data: Some(Value::Map(vec![
            ("name".into(), Value::Str("Zoë \"Z\"".into())),
            ("n".into(), Value::Array(vec![Value::Int(1), Value::Float(2.5), Value::Bool(true), Value::Null])),
        ])),
    }
}

/// Signs arbitrary header and payload JSON, as a forger holding the secret (or not) would.
fn forge(header: &str, payload: &str, secret: &[u8]) -> String {
    let input = format!("{}.{}", base64url::encode(header.as_bytes()), base64url::encode(payload.as_bytes()));
    let signature = base64url::encode(&hs256::sign(secret, input.as_bytes()));
    format!("{input}.{signature}")
}

const HS256: &str = r#"{"alg":"HS256","typ":"JWT"}"#;
const PAYLOAD: &str = r#"{"sub":"alice","iat":1700000000,"exp":1700000300,"rooms":["team:1","admin",42]}"#;

fn refused(token: &str, now: i64) -> (ErrorKind, String) {
    let e = verify(token.as_bytes(), SECRET, now).expect_err("accepted");
    (e.kind, e.message)
}

#[test]
fn issues_exactly_the_bytes_python_computes() {
    assert_eq!(issue(&alice(), SECRET).unwrap(), ALICE);
    assert_eq!(issue(&forty_two(), SECRET).unwrap(), FORTY_TWO);
    assert_eq!(forge(HS256, PAYLOAD, SECRET), ALICE);
}

#[test]
fn verifies_python_tokens_and_keeps_the_subject_type() {
    let v = verify(ALICE.as_bytes(), SECRET, T0 + 10).unwrap();
    assert_eq!(v.claims, alice());
    let v = verify(FORTY_TWO.as_bytes(), SECRET, T0 + 10).unwrap();
    assert_eq!(v.claims, forty_two());
    assert_eq!(v.claims.sub, Subject::Int(42));
    assert_eq!(v.payload, forty_two().to_value());
}

#[test]
fn refuses_a_wrong_secret_and_every_altered_part() {
    let other = b"another secret of at least thirty-two bytes";
    assert_eq!(verify(ALICE.as_bytes(), other, T0).unwrap_err().kind, ErrorKind::Signature);

    let (h, rest) = ALICE.split_once('.').unwrap();
    let (p, s) = rest.split_once('.').unwrap();
    // Payload: sub alice -> alicf, re-encoded, old signature kept.
    let tampered = base64url::encode(PAYLOAD.replace("alice", "alicf").as_bytes());
    let (kind, message) = refused(&format!("{h}.{tampered}.{s}"), T0);
    assert_eq!(kind, ErrorKind::Signature);
    assert!(message.contains("signature does not match"), "{message}");
    // Rooms widened by someone without the secret.
    let widened = base64url::encode(PAYLOAD.replace("\"admin\"", "\"admin\",\"root\"").as_bytes());
    assert_eq!(refused(&format!("{h}.{widened}.{s}"), T0).0, ErrorKind::Signature);
    // Header: same algorithm, other bytes.
    let header = base64url::encode(br#"{"typ":"JWT","alg":"HS256"}"#);
    assert_eq!(refused(&format!("{header}.{p}.{s}"), T0).0, ErrorKind::Signature);
    // Signature: one bit.
    let mut sig = base64url::decode(s).unwrap();
    sig[0] ^= 1;
    assert_eq!(refused(&format!("{h}.{p}.{}", base64url::encode(&sig)), T0).0, ErrorKind::Signature);
    // Truncated, or empty signature; a signature that is not even base64url is malformed.
    assert_eq!(refused(&format!("{h}.{p}.{}", base64url::encode(&sig[..31])), T0).0, ErrorKind::Signature);
    assert_eq!(refused(&format!("{h}.{p}.{}", &s[..s.len() - 2]), T0).0, ErrorKind::Malformed);
    assert_eq!(refused(&format!("{h}.{p}."), T0).0, ErrorKind::Signature);
}

#[test]
fn refuses_every_other_algorithm_before_looking_at_the_signature() {
    let none =
        format!("{}.{}.", base64url::encode(br#"{"alg":"none","typ":"JWT"}"#), base64url::encode(PAYLOAD.as_bytes()));
    let (kind, message) = refused(&none, T0);
    assert_eq!(kind, ErrorKind::Algorithm);
    assert_eq!(message, "the token algorithm \"none\" is refused: only HS256 is accepted");
    for header in
        [r#"{"alg":"HS512"}"#, r#"{"alg":"hs256"}"#, r#"{"alg":"RS256"}"#, r#"{"typ":"JWT"}"#, r#"{"alg":null}"#]
    {
        assert_eq!(refused(&forge(header, PAYLOAD, SECRET), T0).0, ErrorKind::Algorithm, "{header}");
    }
}

#[test]
fn applies_the_leeway_to_exp_and_iat() {
    let exp = T0 + 300;
    assert!(verify(ALICE.as_bytes(), SECRET, exp).is_ok(), "within the leeway");
    assert!(verify(ALICE.as_bytes(), SECRET, exp + LEEWAY_SECONDS - 1).is_ok());
    let (kind, message) = refused(ALICE, exp + LEEWAY_SECONDS);
    assert_eq!(kind, ErrorKind::Expired);
    assert_eq!(message, "the token expired 30 s ago (exp 1700000300, leeway 30 s): issue a new one");

    assert!(verify(ALICE.as_bytes(), SECRET, T0 - LEEWAY_SECONDS).is_ok(), "clock behind, within the leeway");
    let (kind, message) = refused(ALICE, T0 - LEEWAY_SECONDS - 1);
    assert_eq!(kind, ErrorKind::NotYetValid);
    assert!(message.starts_with("the token was issued 31 s in the future"), "{message}");

    let nbf = PAYLOAD.replace("\"rooms\"", "\"nbf\":1700000100,\"rooms\"");
    let token = forge(HS256, &nbf, SECRET);
    assert_eq!(refused(&token, T0).0, ErrorKind::NotYetValid);
    assert!(verify(token.as_bytes(), SECRET, T0 + 100 - LEEWAY_SECONDS).is_ok());
}

#[test]
fn refuses_malformed_tokens_with_the_reason() {
    let cases: &[(&str, &str)] = &[
        ("", "expected 3 base64url parts separated by \".\", found 1"),
        ("a.b", "found 2"),
        ("a.b.c.d", "found 4"),
        ("!!!.e30.", "header is not base64url"),
        ("e30.e30.", "names no algorithm"),
        ("WzFd.e30.", "header is not a JSON object"),
        ("bm90IGpzb24.e30.", "header is not JSON"),
    ];
    for (token, expected) in cases {
        let e = verify(token.as_bytes(), SECRET, T0).unwrap_err();
        assert!(e.message.contains(expected), "{token:?}: {}", e.message);
    }
    let e = verify(format!("{}.e30.***", base64url::encode(HS256.as_bytes())).as_bytes(), SECRET, T0).unwrap_err();
    assert_eq!((e.kind, e.message.contains("signature is not base64url")), (ErrorKind::Malformed, true));

    // Signed with the right secret but not a valid claim set: still refused, as malformed.
    for (payload, expected) in [
        ("[1]", "payload is not a JSON object"),
        ("{", "payload is not JSON"),
        (r#"{"iat":1700000000,"exp":1700000300,"rooms":[]}"#, "\"sub\" is missing"),
        (r#"{"sub":"","iat":1700000000,"exp":1700000300,"rooms":[]}"#, "\"sub\" must not be empty"),
        (r#"{"sub":1.5,"iat":1700000000,"exp":1700000300,"rooms":[]}"#, "\"sub\" must be a string or an integer"),
        (r#"{"sub":"a","iat":"1700000000","exp":1700000300,"rooms":[]}"#, "\"iat\" must be an integer"),
        (r#"{"sub":"a","iat":1700000000,"rooms":[]}"#, "\"exp\" is missing"),
        (r#"{"sub":"a","iat":1700000000,"exp":1600000000,"rooms":[]}"#, "\"exp\" is before \"iat\""),
        (r#"{"sub":"a","iat":1700000000,"exp":1700000300}"#, "\"rooms\" is missing"),
        (r#"{"sub":"a","iat":1700000000,"exp":1700000300,"rooms":"admin"}"#, "\"rooms\" must be a list"),
        (r#"{"sub":"a","iat":1700000000,"exp":1700000300,"rooms":[true]}"#, "\"rooms\" must contain only"),
        (r#"{"sub":"a","iat":1700000000,"exp":1700000300,"rooms":[],"nsp":"admin"}"#, "\"nsp\" must be"),
        (r#"{"sub":"a","sub":"b","iat":1700000000,"exp":1700000300,"rooms":[]}"#, "duplicate member name"),
    ] {
        let e = verify(forge(HS256, payload, SECRET).as_bytes(), SECRET, T0).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Malformed, "{payload}");
        assert!(e.message.contains(expected), "{payload}: {}", e.message);
    }
}

#[test]
fn refuses_missing_and_short_secrets_without_showing_them() {
    let e = issue(&alice(), b"").unwrap_err();
    assert_eq!((e.kind, e.message.as_str()), (ErrorKind::Secret, "the secret is empty"));
    let e = verify(ALICE.as_bytes(), b"short-secret-xyz", T0).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Secret);
    assert!(e.message.contains("16 bytes, at least 32"), "{}", e.message);
    assert!(!e.message.contains("short-secret-xyz"));
}

#[test]
fn keeps_unknown_claims_and_bounds_the_size() {
    let extra = PAYLOAD.replace("{\"sub\"", "{\"iss\":\"app\",\"sub\"");
    let v = verify(forge(HS256, &extra, SECRET).as_bytes(), SECRET, T0).unwrap();
    let Value::Map(entries) = &v.payload else { panic!() };
    assert_eq!(entries[0], ("iss".into(), Value::Str("app".into())));

    let mut big = alice();
    big.data = Some(Value::Str("x".repeat(60_000)));
    assert!(issue(&big, SECRET).unwrap_err().message.contains("put less in data"));
    let huge = "a".repeat(socketio_token::MAX_TOKEN_BYTES + 1);
    assert_eq!(verify(huge.as_bytes(), SECRET, T0).unwrap_err().kind, ErrorKind::Malformed);

    let mut binary = alice();
    binary.data = Some(Value::Binary(std::sync::Arc::new(vec![1])));
    assert!(issue(&binary, SECRET).unwrap_err().message.contains("binary data"));
}

/// RFC 7515 Appendix A.1: the HS256 example JWS, verbatim (its header and payload hold CRLFs
/// and spaces, which a verifier must take as signed, never re-serialise).
#[test]
fn rfc7515_appendix_a1() {
    let key =
        base64url::decode("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow")
            .unwrap();
    let token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9\
                 .eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ\
                 .dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let (input, signature) = token.rsplit_once('.').unwrap();
    assert_eq!(base64url::encode(&hs256::sign(&key, input.as_bytes())), signature);
    // The signature and algorithm pass; the RFC's claims are not a room token's (no sub, iat,
    // rooms), which is the first thing refused after them.
    let e = verify(token.as_bytes(), &key, 1_300_819_000).unwrap_err();
    assert_eq!((e.kind, e.message.as_str()), (ErrorKind::Malformed, "the token claim \"sub\" is missing"));
}
