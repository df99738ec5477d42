//! `msgpack::encode` at every size boundary where notepack.io switches form.

use socketio_protocol::msgpack::encode;
use socketio_protocol::Value;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn int(n: i64) -> String {
    hex(&encode(&Value::Int(n)))
}

#[test]
fn scalars() {
    assert_eq!(hex(&encode(&Value::Null)), "c0");
    assert_eq!(hex(&encode(&Value::Bool(false))), "c2");
    assert_eq!(hex(&encode(&Value::Bool(true))), "c3");
}

#[test]
fn non_negative_ints_at_every_boundary() {
    assert_eq!(int(0), "00");
    assert_eq!(int(127), "7f");
    assert_eq!(int(128), "cc80");
    assert_eq!(int(255), "ccff");
    assert_eq!(int(256), "cd0100");
    assert_eq!(int(65535), "cdffff");
    assert_eq!(int(65536), "ce00010000");
    assert_eq!(int((1 << 32) - 1), "ceffffffff");
    assert_eq!(int(1 << 32), "cf0000000100000000");
    assert_eq!(int(i64::MAX), "cf7fffffffffffffff");
}

#[test]
fn negative_ints_at_every_boundary() {
    assert_eq!(int(-1), "ff");
    assert_eq!(int(-32), "e0");
    assert_eq!(int(-33), "d0df");
    assert_eq!(int(-128), "d080");
    assert_eq!(int(-129), "d1ff7f");
    assert_eq!(int(-32768), "d18000");
    assert_eq!(int(-32769), "d2ffff7fff");
    assert_eq!(int(-(1 << 31)), "d280000000");
    assert_eq!(int(-(1 << 31) - 1), "d3ffffffff7fffffff");
    assert_eq!(int(i64::MIN), "d38000000000000000");
}

#[test]
fn floats_are_always_float64() {
    let f = |v: f64| hex(&encode(&Value::Float(v)));
    assert_eq!(f(1.5), "cb3ff8000000000000");
    // Integral floats stay floats: PHP's 2.0 is not its 2.
    assert_eq!(f(2.0), "cb4000000000000000");
    assert_eq!(f(0.0), "cb0000000000000000");
    assert_eq!(f(-0.0), "cb8000000000000000");
    assert_eq!(f(-1.5), "cbbff8000000000000");
    assert_eq!(f(5e-324), "cb0000000000000001");
}

/// Header bytes notepack writes before the content, for a length of `len`.
fn str_header(len: usize) -> String {
    hex(&encode(&Value::Str("a".repeat(len))))[..].chars().take(header_chars(len, true)).collect()
}

fn bin_header(len: usize) -> String {
    hex(&encode(&Value::Binary(vec![0x61; len].into())))[..].chars().take(header_chars(len, false)).collect()
}

fn header_chars(len: usize, is_str: bool) -> usize {
    2 * match len {
        0..=31 if is_str => 1,
        0..=255 => 2,
        256..=65535 => 3,
        _ => 5,
    }
}

#[test]
fn strings_at_every_boundary() {
    assert_eq!(hex(&encode(&Value::Str(String::new()))), "a0");
    assert_eq!(str_header(31), "bf");
    assert_eq!(str_header(32), "d920");
    assert_eq!(str_header(255), "d9ff");
    assert_eq!(str_header(256), "da0100");
    assert_eq!(str_header(65535), "daffff");
    assert_eq!(str_header(65536), "db00010000");
    for len in [0, 31, 32, 255, 256, 65535, 65536] {
        let header = header_chars(len, true) / 2;
        assert_eq!(encode(&Value::Str("a".repeat(len))).len(), header + len, "len {len}");
    }
}

#[test]
fn string_length_counts_utf8_bytes() {
    // 11 × "é" = 22 bytes → fixstr; 16 × "é" = 32 bytes → str8.
    assert_eq!(&hex(&encode(&Value::Str("é".repeat(11))))[..2], "b6");
    assert_eq!(&hex(&encode(&Value::Str("é".repeat(16))))[..4], "d920");
}

#[test]
fn binaries_at_every_boundary() {
    assert_eq!(hex(&encode(&Value::Binary(vec![].into()))), "c400");
    assert_eq!(bin_header(31), "c41f");
    assert_eq!(bin_header(32), "c420");
    assert_eq!(bin_header(255), "c4ff");
    assert_eq!(bin_header(256), "c50100");
    assert_eq!(bin_header(65535), "c5ffff");
    assert_eq!(bin_header(65536), "c600010000");
    for len in [0, 31, 32, 255, 256, 65535, 65536] {
        let header = header_chars(len, false) / 2;
        let encoded = encode(&Value::Binary(vec![7; len].into()));
        assert_eq!(encoded.len(), header + len, "len {len}");
        assert!(encoded[header..].iter().all(|&b| b == 7));
    }
}

#[test]
fn arrays_at_every_boundary() {
    let arr = |n: usize| encode(&Value::Array(vec![Value::Null; n]));
    assert_eq!(hex(&arr(0)), "90");
    assert_eq!(hex(&arr(15)), format!("9f{}", "c0".repeat(15)));
    assert_eq!(hex(&arr(16)), format!("dc0010{}", "c0".repeat(16)));
    assert_eq!(hex(&arr(65535)[..3]), "dcffff");
    assert_eq!(hex(&arr(65536)[..5]), "dd00010000");
    assert_eq!(arr(65536).len(), 5 + 65536);
}

#[test]
fn maps_at_every_boundary_keep_key_order() {
    let map = |n: usize| {
        // Non-index keys so Value::object keeps insertion order: k15, k14, ...
        encode(&Value::object((0..n).rev().map(|i| (format!("k{i}"), Value::Int(i as i64))).collect()))
    };
    assert_eq!(hex(&map(0)), "80");
    let m15 = map(15);
    assert_eq!(m15[0], 0x8f);
    assert_eq!(hex(&m15[1..6]), "a36b31340e", "first key k14 → 14");
    let m16 = map(16);
    assert_eq!(hex(&m16[..3]), "de0010");
    assert_eq!(hex(&m16[3..8]), "a36b31350f", "first key k15 → 15");
    assert_eq!(hex(&map(65535)[..3]), "deffff");
    assert_eq!(hex(&map(65536)[..5]), "df00010000");
}

#[test]
fn nested_values() {
    let v = Value::Map(vec![
        ("a".into(), Value::Array(vec![Value::Int(1), Value::Str("x".into())])),
        ("b".into(), Value::Map(vec![("c".into(), Value::Null)])),
    ]);
    assert_eq!(hex(&encode(&v)), "82a1619201a178a16281a163c0");
}
