//! Differential tests: our encoders against the official JavaScript ones, byte for byte.
//!
//! A seeded generator (`differential/values.rs`) makes random values; each goes to Node as a
//! neutral description plus our encoding, and e2e/differential/compare.mjs re-encodes it with
//! notepack.io (the exact version @socket.io/redis-emitter uses, pinned by e2e/package-lock.json)
//! or `JSON.stringify` and reports every record whose bytes differ. Needs `node` and
//! e2e/node_modules (`make e2e-deps`). `DIFFERENTIAL_SEED=<n>` runs another seed;
//! `DIFFERENTIAL_DUMP=<file>` keeps the records (`node e2e/differential/compare.mjs < file`).

mod describe;
mod node;
mod random;
mod values;

use describe::{record, Mode};
use socketio_protocol::{json, msgpack, Value};
use values::{js_ordered, Generator, Target, COUNT_BORDERS, INT_BORDERS, LENGTH_BORDERS};

const RANDOM_VALUES: usize = 100_000;
const RANDOM_DOUBLES: usize = 100_000;
const RANDOM_JSON_VALUES: usize = 20_000;
const MAX_DEPTH: u32 = 4;

fn seed() -> u64 {
    match std::env::var("DIFFERENTIAL_SEED") {
        Ok(s) => s.parse().unwrap_or_else(|_| panic!("DIFFERENTIAL_SEED={s} is not an unsigned integer")),
        Err(_) => 0x50c_e710,
    }
}

/// Every border value once, whatever the random draws: each int border ±1, strings and bytes of
/// every border length, arrays and maps of every border count.
fn border_values(g: &mut Generator, target: Target) -> Vec<Value> {
    let mut out = Vec::new();
    for &n in INT_BORDERS {
        for n in [n - 1, n, n + 1] {
            let fits = match target {
                Target::Msgpack => n as f64 as i128 == n as i128,
                Target::Json => n.unsigned_abs() <= 1 << 53,
            };
            if fits {
                out.push(Value::Int(n));
            }
        }
    }
    if target == Target::Msgpack {
        out.extend([i64::MIN, i64::MIN + 2048, i64::MAX - 1023, (1 << 32) + 2, -(1 << 32) - 2].map(Value::Int));
    }
    for &len in LENGTH_BORDERS {
        out.push(Value::Str("x".repeat(len)));
        out.push(Value::Str(g.string_of(len)));
        out.push(Value::Binary(g.rng.bytes(len).into()));
    }
    for &n in COUNT_BORDERS {
        out.push(Value::Array((0..n as i64).map(Value::Int).collect()));
        out.push(Value::Map((0..n).map(|k| (format!("k{k}"), Value::Null)).collect()));
        // Integer-like keys inserted in descending order: JavaScript enumerates them ascending.
        out.push(Value::Map((0..n).rev().map(|k| (k.to_string(), Value::Bool(k % 2 == 0))).collect()));
    }
    out
}

fn check(what: &str, records: String, expected: usize) {
    eprintln!("{what}: {} records, {} bytes of records", expected, records.len());
    if let Ok(path) = std::env::var("DIFFERENTIAL_DUMP") {
        std::fs::write(&path, &records).unwrap_or_else(|e| panic!("DIFFERENTIAL_DUMP={path}: {e}"));
    }
    let outcome = node::compare(records);
    assert_eq!(
        (outcome.records, outcome.mismatches),
        (expected, 0),
        "{what} (seed {}): {} of {} records differ:\n{}",
        seed(),
        outcome.mismatches,
        outcome.records,
        outcome.report
    );
}

#[test]
fn msgpack_matches_notepack_on_100k_random_values() {
    let mut g = Generator::new(seed(), Target::Msgpack);
    let mut values = border_values(&mut g, Target::Msgpack);
    values.extend((0..RANDOM_VALUES).map(|_| g.value(MAX_DEPTH)));
    let mut records = String::new();
    for value in &values {
        record(Mode::Msgpack, value, &msgpack::encode(&js_ordered(value)), &mut records);
    }
    check("msgpack vs notepack.io", records, values.len());
}

#[test]
fn json_matches_json_stringify_on_100k_random_doubles() {
    let mut g = Generator::new(seed() ^ 1, Target::Json);
    let mut records = String::new();
    let edges = [0.0, -0.0, 5e-324, -5e-324, 1e21, 1e21f64.next_down(), 1e-7, 1e-7f64.next_up(), 1e-6];
    let mut doubles: Vec<f64> = edges.to_vec();
    doubles.extend((0..RANDOM_DOUBLES).map(|_| g.double()));
    for &f in &doubles {
        let value = Value::Float(f);
        record(Mode::Json, &value, &json::encode(&value), &mut records);
    }
    check("JSON doubles vs JSON.stringify", records, doubles.len());
}

#[test]
fn json_matches_json_stringify_on_random_values() {
    let mut g = Generator::new(seed() ^ 2, Target::Json);
    let mut values = border_values(&mut g, Target::Json);
    values.extend((0..RANDOM_JSON_VALUES).map(|_| g.value(MAX_DEPTH)));
    let mut records = String::new();
    for value in &values {
        record(Mode::Json, value, &json::encode(&js_ordered(value)), &mut records);
    }
    check("JSON values vs JSON.stringify", records, values.len());
}

/// The comparison itself can fail: records whose bytes we alter by one bit, one extra byte or
/// one missing byte are each reported, and the untouched ones are not.
#[test]
fn one_changed_byte_is_a_mismatch() {
    let mut for_msgpack = Generator::new(seed() ^ 3, Target::Msgpack);
    let mut for_json = Generator::new(seed() ^ 4, Target::Json);
    let mut records = String::new();
    let mut altered = 0;
    for i in 0..400 {
        let (mode, value, mut bytes) = if i % 2 == 0 {
            let value = for_msgpack.value(2);
            let bytes = msgpack::encode(&js_ordered(&value));
            (Mode::Msgpack, value, bytes)
        } else {
            let value = for_json.value(2);
            let bytes = json::encode(&js_ordered(&value));
            (Mode::Json, value, bytes)
        };
        let g = if i % 2 == 0 { &mut for_msgpack } else { &mut for_json };
        match i % 8 {
            0 | 1 => {
                let at = g.rng.below(bytes.len() as u64) as usize;
                bytes[at] ^= 1 << g.rng.below(8);
            }
            2 | 3 => bytes.push(0),
            4 | 5 => {
                bytes.pop();
            }
            _ => altered -= 1,
        }
        altered += 1;
        record(mode, &value, &bytes, &mut records);
    }
    let outcome = node::compare(records);
    assert_eq!((outcome.records, outcome.mismatches), (400, altered), "{}", outcome.report);
    assert!(outcome.report.contains("MISMATCH record 1 (M): first difference at byte"), "{}", outcome.report);
}
