//! Random values for the differential tests, weighted towards the places where encoders go wrong:
//! every msgpack size border (fixint/int8..int64, fixstr/str8/str16/str32, bin8/16/32,
//! fixarray/array16/32, fixmap/map16/32), multi-byte UTF-8 of every width, JSON escapes,
//! integer-like map keys (JavaScript enumerates them first), and doubles where number printing
//! changes form (subnormals, -0, 1e21, 1e-7, integers near 2^53, shortest-digit ties).
use crate::random::Rng;
use socketio_protocol::Value;
use std::collections::HashSet;

/// What the generated values must be expressible in, besides our model.
#[derive(Clone, Copy, PartialEq)]
pub enum Target {
    /// notepack.io. A JavaScript number that is integral is written as an integer, while our
    /// Float is always float64 (PHP tells 2.0 from 2, deliberately): so floats are never
    /// integral here. Integers are any i64 a double holds exactly.
    Msgpack,
    /// JSON.stringify. Integers stay within ±2^53: beyond, JavaScript prints the double nearest
    /// to the integer, not the integer PHP has.
    Json,
}

const TWO_53: i64 = 1 << 53;

/// Integers at and around every border where msgpack changes form.
pub const INT_BORDERS: &[i64] = &[
    0,
    1,
    0x7f,
    0x80,
    0xff,
    0x100,
    0xffff,
    0x1_0000,
    0xffff_ffff,
    0x1_0000_0000,
    TWO_53 - 1,
    TWO_53,
    -1,
    -31,
    -32,
    -33,
    -127,
    -128,
    -129,
    -32767,
    -32768,
    -32769,
    -(1 << 31) + 1,
    -(1 << 31),
    -(1 << 31) - 1,
    -TWO_53 + 1,
    -TWO_53,
];

/// Lengths at every msgpack border for strings and bytes (fixstr < 32, 8-bit, 16-bit, 32-bit).
pub const LENGTH_BORDERS: &[usize] = &[0, 1, 30, 31, 32, 33, 254, 255, 256, 257, 65534, 65535, 65536, 65537];

/// Element counts at the array and map borders (fix < 16, 16-bit, 32-bit).
pub const COUNT_BORDERS: &[usize] = &[0, 1, 14, 15, 16, 17, 65535, 65536];

/// Map keys JavaScript treats specially: array indices (enumerated first, ascending), strings
/// that only look like indices (kept in insertion order), and names Object.prototype owns.
const SPECIAL_KEYS: &[&str] = &[
    "0",
    "1",
    "2",
    "9",
    "10",
    "99",
    "4294967294",
    "4294967295",
    "4294967296",
    "01",
    "00",
    "-1",
    "-0",
    "1.0",
    "1e3",
    " 1",
    "+1",
    "\u{ff11}",
    "",
    "__proto__",
    "constructor",
    "toString",
    "length",
    "hasOwnProperty",
];

pub struct Generator {
    pub rng: Rng,
    target: Target,
}

impl Generator {
    pub fn new(seed: u64, target: Target) -> Self {
        Generator { rng: Rng::new(seed), target }
    }

    /// A random value of any shape, nested at most `depth` levels. Maps keep insertion order
    /// (see [`js_ordered`]).
    pub fn value(&mut self, depth: u32) -> Value {
        // Few containers per level, so trees stay small on average (a few deep ones still occur).
        let container_weight = if depth == 0 { 0 } else { 2 };
        match self.rng.below(14 + container_weight) {
            0 => Value::Null,
            1 => Value::Bool(self.rng.one_in(2)),
            2..=4 => Value::Int(self.int()),
            5..=7 => Value::Float(self.float()),
            8..=10 => Value::Str(self.string()),
            11 => Value::Str(self.key(0)),
            12 | 13 => Value::Binary(self.binary().into()),
            14 => self.array(depth - 1),
            _ => self.map(depth - 1),
        }
    }

    pub fn int(&mut self) -> i64 {
        loop {
            let n = match self.rng.below(4) {
                0 => self.rng.pick(INT_BORDERS) + self.rng.between(-1, 1),
                1 if self.target == Target::Msgpack => self.wide_int(),
                _ => {
                    // Uniform over a random bit width, so every msgpack int width is hit often.
                    let bits = self.rng.below(54);
                    let magnitude = if bits == 0 { 0 } else { (self.rng.next_u64() >> (64 - bits)) as i64 };
                    if self.rng.one_in(2) {
                        -magnitude
                    } else {
                        magnitude
                    }
                }
            };
            let fits = match self.target {
                Target::Json => n.unsigned_abs() <= TWO_53 as u64,
                Target::Msgpack => n as f64 as i128 == n as i128,
            };
            if fits {
                return n;
            }
        }
    }

    /// Beyond 2^53, only integers a double holds exactly (what the official emitter can hold).
    fn wide_int(&mut self) -> i64 {
        if self.rng.one_in(20) {
            return *self.rng.pick(&[i64::MIN, i64::MIN + 2048, i64::MAX - 1023, -TWO_53 - 2, TWO_53 + 2]);
        }
        let bits = 54 + self.rng.below(10) as u32; // magnitude in [2^53, 2^63)
        let magnitude = (self.rng.next_u64() >> (64 - bits)) | (1 << (bits - 1));
        let magnitude = (magnitude & !((1u64 << (bits - 53)) - 1)) as i64;
        if self.rng.one_in(2) {
            -magnitude
        } else {
            magnitude
        }
    }

    pub fn float(&mut self) -> f64 {
        loop {
            let f = self.double();
            if self.target == Target::Json || f.fract() != 0.0 {
                return f;
            }
        }
    }

    /// Any finite double, weighted towards where `Number::toString` changes layout or rounding.
    pub fn double(&mut self) -> f64 {
        let rng = &mut self.rng;
        let ulps = |f: f64, k: i64| -> f64 {
            let mut g = f;
            for _ in 0..k.unsigned_abs() {
                g = if k < 0 { g.next_down() } else { g.next_up() };
            }
            g
        };
        let magnitude = match rng.below(12) {
            // Any bit pattern that is finite: every exponent equally likely.
            0 => loop {
                let f = f64::from_bits(rng.next_u64());
                if f.is_finite() {
                    break f.abs();
                }
            },
            // Subnormals, 5e-324 included.
            1 => f64::from_bits(rng.next_u64() >> (12 + rng.below(52))),
            2 => *rng.pick(&[
                0.0,
                5e-324,
                1e-323,
                f64::MIN_POSITIVE,
                f64::MIN_POSITIVE.next_down(),
                f64::MAX,
                f64::EPSILON,
                1e21,
                1e-7,
                1e-6,
                9007199254740992.0,
                0.1,
                1.0 / 3.0,
                123456789012345680000.0,
                7693906511426385.0 / 4.0, // 1923476627856596.25 exactly: a shortest-digit tie
            ]),
            // Around 1e21, where integers switch to exponent form.
            3 => ulps(*rng.pick(&[1e21, 1e20, 1e22, 999999999999999900000.0]), rng.between(-40, 40)),
            // Around 1e-7 and 1e-6, where fractions switch to exponent form.
            4 => {
                if rng.one_in(2) {
                    ulps(*rng.pick(&[1e-7, 1e-6, 1e-5]), rng.between(-40, 40))
                } else {
                    10f64.powf(-8.0 + 3.0 * (rng.next_u64() as f64 / u64::MAX as f64))
                }
            }
            // Integers near 2^53, where doubles stop holding every integer.
            5 => (TWO_53 + rng.between(-3000, 3000)) as f64 * *rng.pick(&[1.0, 0.5, 2.0, 4.0]),
            // Short decimals, as people write them.
            6 => {
                let digits = rng.below(17) as u32 + 1;
                let mantissa = rng.below(10u64.pow(digits)) + 1;
                format!("{mantissa}e{}", rng.between(-330, 310)).parse().unwrap()
            }
            // 16–17 digit values with quarter fractions: where two shortest forms can tie.
            7 => (rng.between(4_000_000_000_000_000, 400_000_000_000_000_000) as f64) / 4.0,
            // Spread over the whole range, log-uniformly.
            8 => 10f64.powf(rng.between(-320, 307) as f64) * (1.0 + rng.next_u64() as f64 / u64::MAX as f64 * 9.0),
            // Small integers (integral: the JSON writer must print them without ".0").
            9 => rng.between(0, 100_000) as f64,
            // Powers of two, exact in binary, long in decimal.
            10 => 2f64.powi(rng.between(-1074, 1023) as i32),
            // One ulp either side of a short decimal.
            _ => {
                let f: f64 = format!("{}e{}", rng.below(10_000) + 1, rng.between(-30, 30)).parse().unwrap();
                ulps(f, rng.between(-2, 2))
            }
        };
        let magnitude = if magnitude.is_finite() { magnitude } else { f64::MAX };
        if rng.one_in(2) {
            -magnitude
        } else {
            magnitude
        }
    }

    /// A string length: often short (around the fixstr border), sometimes at a border; the
    /// 16-bit border only rarely (each one is 64 KiB of test data).
    fn short_len(&mut self) -> usize {
        self.rng.below(40) as usize
    }

    fn border_len(&mut self) -> usize {
        let len = *self.rng.pick(LENGTH_BORDERS);
        if len > 1000 && !self.rng.one_in(2000) {
            len % 1000
        } else {
            len
        }
    }

    pub fn string(&mut self) -> String {
        let len = if self.rng.one_in(4) { self.border_len() } else { self.short_len() };
        self.string_of(len)
    }

    /// A string of exactly `len` UTF-8 bytes, mixing characters of every encoded width and the
    /// ones JSON must escape.
    pub fn string_of(&mut self, len: usize) -> String {
        let mut s = String::with_capacity(len);
        while s.len() < len {
            let room = len - s.len();
            let c = match self.rng.below(10) {
                0 => *self.rng.pick(&['"', '\\', '\n', '\r', '\t', '\u{8}', '\u{c}', '\0', '\u{1f}', '\u{7f}', '/']),
                1 => char::from_u32(self.rng.below(0x20) as u32).unwrap(),
                2 if room >= 2 => char::from_u32(0x80 + self.rng.below(0x800 - 0x80) as u32).unwrap(),
                3 if room >= 3 => loop {
                    let c = 0x800 + self.rng.below(0x1_0000 - 0x800) as u32;
                    if let Some(c) = char::from_u32(c) {
                        break c;
                    }
                },
                4 if room >= 3 => *self.rng.pick(&[
                    '\u{800}', '\u{d7ff}', '\u{e000}', '\u{fffd}', '\u{feff}', '\u{ffff}', '\u{2028}', '\u{2029}',
                ]),
                5 if room >= 4 => {
                    let c = 0x1_0000 + self.rng.below(0x11_0000 - 0x1_0000) as u32;
                    char::from_u32(c).unwrap()
                }
                6 if room >= 4 => *self.rng.pick(&['\u{10000}', '\u{10ffff}', '\u{1f600}']),
                _ => char::from_u32(0x20 + self.rng.below(0x5f) as u32).unwrap(),
            };
            s.push(c);
        }
        s
    }

    pub fn binary(&mut self) -> Vec<u8> {
        let len = if self.rng.one_in(4) { self.border_len() } else { self.rng.below(20) as usize };
        self.rng.bytes(len)
    }

    fn count(&mut self) -> usize {
        match self.rng.below(10) {
            0 => {
                let n = *self.rng.pick(COUNT_BORDERS);
                if n > 1000 && !self.rng.one_in(1000) {
                    n % 1000
                } else {
                    n
                }
            }
            _ => self.rng.below(7) as usize,
        }
    }

    fn array(&mut self, depth: u32) -> Value {
        let n = self.count();
        // Huge containers hold scalars only, to keep the data small.
        let depth = if n > 100 { 0 } else { depth };
        Value::Array((0..n).map(|_| self.value(depth)).collect())
    }

    fn map(&mut self, depth: u32) -> Value {
        let n = self.count();
        let depth = if n > 100 { 0 } else { depth };
        let mut seen = HashSet::new();
        let mut entries = Vec::with_capacity(n);
        while entries.len() < n {
            let key = self.key(n);
            if seen.insert(key.clone()) {
                entries.push((key, self.value(depth)));
            }
        }
        Value::Map(entries)
    }

    fn key(&mut self, n: usize) -> String {
        match self.rng.below(4) {
            0 => self.rng.pick(SPECIAL_KEYS).to_string(),
            1 => self.rng.below(if n > 100 { 10 * n as u64 } else { 1000 }).to_string(),
            _ => {
                let len = self.rng.below(if n > 100 { 6 } else { 40 }) as usize;
                self.string_of(len)
            }
        }
    }
}

/// The value as the binding builds it: every map through [`Value::object`], which orders keys
/// as JavaScript enumerates them. The generator's insertion order goes into the description, so
/// JavaScript does its own ordering and the comparison checks ours.
pub fn js_ordered(value: &Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.iter().map(js_ordered).collect()),
        Value::Map(entries) => Value::object(entries.iter().map(|(k, v)| (k.clone(), js_ordered(v))).collect()),
        other => other.clone(),
    }
}
