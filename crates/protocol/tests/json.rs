//! `json::encode` against what `JSON.stringify` prints for the same JS value.

use socketio_protocol::json::encode;
use socketio_protocol::Value;

fn json(v: &Value) -> String {
    String::from_utf8(encode(v)).unwrap()
}

fn float(f: f64) -> String {
    json(&Value::Float(f))
}

#[test]
// The tie cases are written as their exact binary values on purpose.
#[allow(clippy::excessive_precision)]
fn floats_print_like_number_to_string() {
    let cases: &[(f64, &str)] = &[
        (0.1, "0.1"),
        (0.1 + 0.2, "0.30000000000000004"),
        (123.456, "123.456"),
        (-1.5, "-1.5"),
        (100.0, "100"),
        (2.0, "2"),
        (-0.0, "0"),
        (0.0, "0"),
        (9007199254740992.0, "9007199254740992"),
        (1e20, "100000000000000000000"),
        (123456789012345680000.0, "123456789012345680000"),
        (999999999999999900000.0, "999999999999999900000"),
        (1e21, "1e+21"),
        (-1e21, "-1e+21"),
        (1.5e300, "1.5e+300"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (0.000001, "0.000001"),
        (0.0000012345, "0.0000012345"),
        (1e-7, "1e-7"),
        (1.5e-7, "1.5e-7"),
        (-1.5e-7, "-1.5e-7"),
        (5e-324, "5e-324"),
        (2.2250738585072014e-308, "2.2250738585072014e-308"),
        (0.5, "0.5"),
        (1.0 / 3.0, "0.3333333333333333"),
        (12345.678e-3, "12.345678"),
        (4.35, "4.35"),
        // Exact ties between two shortest candidates: JS picks the even last digit.
        (1923476627856596.25, "1923476627856596.2"),
        (241373673115207.125, "241373673115207.12"),
        (-960098219347851.25, "-960098219347851.2"),
    ];
    for &(f, expected) in cases {
        assert_eq!(float(f), expected, "{f:?}");
    }
}

/// At a power of two the doubles below are twice as close as those above, so the nearest decimal
/// of the shortest length can name the double below: JS then prints the shortest digits that
/// read back (found by the differential tests; expected strings are Node's).
#[test]
fn powers_of_two_print_digits_that_read_back() {
    let cases: &[(i32, &str)] = &[
        (182, "6.129982163463556e+54"),
        (-652, "5.351097043477547e-197"),
        (-808, "5.858190679279809e-244"),
        (401, "5.164499756173817e+120"),
        (546, "2.3034438628061165e+164"),
    ];
    for &(exp, expected) in cases {
        let f = 2f64.powi(exp);
        assert_eq!(float(f), expected, "2^{exp}");
        assert_eq!(float(-f), format!("-{expected}"), "-2^{exp}");
        assert_eq!(expected.parse::<f64>(), Ok(f), "the expected text reads back as 2^{exp}");
    }
}

#[test]
fn non_finite_floats_become_null_like_json_stringify() {
    assert_eq!(float(f64::NAN), "null");
    assert_eq!(float(f64::INFINITY), "null");
    assert_eq!(float(f64::NEG_INFINITY), "null");
}

#[test]
fn ints_print_as_decimal() {
    assert_eq!(json(&Value::Int(0)), "0");
    assert_eq!(json(&Value::Int(-42)), "-42");
    assert_eq!(json(&Value::Int(i64::MAX)), "9223372036854775807");
    assert_eq!(json(&Value::Int(i64::MIN)), "-9223372036854775808");
}

#[test]
fn strings_escape_exactly_like_javascript() {
    let s = |v: &str| json(&Value::Str(v.into()));
    assert_eq!(s(""), r#""""#);
    assert_eq!(s("a\"b\\c"), r#""a\"b\\c""#);
    assert_eq!(s("\u{8}\u{c}\n\r\t"), r#""\b\f\n\r\t""#);
    assert_eq!(s("\u{0}\u{1}\u{1f}\u{b}"), r#""\u0000\u0001\u001f\u000b""#);
    assert_eq!(s("\u{1a}"), r#""\u001a""#, "lowercase hex");
    // Not escaped: slash, DEL, non-ASCII (raw UTF-8), U+2028/2029, astral characters.
    assert_eq!(s("/\u{7f}"), "\"/\u{7f}\"");
    assert_eq!(s("é€😀"), "\"é€😀\"");
    assert_eq!(s("a\u{2028}b\u{2029}"), "\"a\u{2028}b\u{2029}\"");
    assert_eq!(s("x\ny\"z"), r#""x\ny\"z""#);
}

#[test]
fn containers_are_compact_and_keep_key_order() {
    let v = Value::Array(vec![
        Value::Null,
        Value::Bool(true),
        Value::Bool(false),
        Value::Array(vec![]),
        Value::Map(vec![]),
        Value::Map(vec![
            ("z".into(), Value::Int(1)),
            ("a\"".into(), Value::Array(vec![Value::Float(1.0), Value::Str("s".into())])),
        ]),
    ]);
    assert_eq!(json(&v), r#"[null,true,false,[],{},{"z":1,"a\"":[1,"s"]}]"#);
}

#[test]
fn object_keys_follow_javascript_enumeration_order() {
    let v = Value::object(vec![
        ("b".into(), Value::Int(1)),
        ("1".into(), Value::Int(2)),
        ("a".into(), Value::Int(3)),
        ("0".into(), Value::Int(4)),
    ]);
    assert_eq!(json(&v), r#"{"0":4,"1":2,"b":1,"a":3}"#);
}

#[test]
fn binary_is_a_node_buffer_to_json() {
    assert_eq!(json(&Value::Binary(vec![1, 2, 3].into())), r#"{"type":"Buffer","data":[1,2,3]}"#);
    assert_eq!(json(&Value::Binary(vec![].into())), r#"{"type":"Buffer","data":[]}"#);
    assert_eq!(json(&Value::Binary(vec![0, 255].into())), r#"{"type":"Buffer","data":[0,255]}"#);
}
