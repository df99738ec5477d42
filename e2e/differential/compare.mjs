// The JavaScript half of the differential tests (crates/protocol/tests/differential.rs).
//
// The Rust side generates random values from a seeded generator and writes, one line each, a
// neutral description of the value and the bytes our encoder produced for it. This script builds
// the same JavaScript value from the description, encodes it with the official encoder and
// compares byte for byte:
//   M <description> = <hex>   msgpack: notepack.io (what @socket.io/redis-emitter publishes with)
//   J <description> = <hex>   JSON: JSON.stringify (what it writes request payloads with)
// Description tokens, space separated, in prefix order:
//   n  null            t / f  true / false       i<decimal>  an integer (must be exact in a double)
//   d<16 hex>  a double by its IEEE-754 bits     s<hex>  a string by its UTF-8 bytes
//   b<hex>  a Buffer    a<count> <items...>      m<count> <key hex> <value>...  an object whose
//   keys are defined in this order (JavaScript then enumerates integer-like keys first)
// It prints one "MISMATCH ..." line per differing record and closes with
// "checked <records> records, <mismatches> mismatches".
import { createInterface } from 'node:readline';
import notepack from 'notepack.io';

const EMPTY = Buffer.alloc(0);
const fromHex = (hex) => (hex.length === 0 ? EMPTY : Buffer.from(hex, 'hex'));

/** Builds the value whose tokens start at tokens[at.i]; advances at.i past them. */
function build(tokens, at) {
  const token = tokens[at.i++];
  if (token === undefined) throw new Error('description ends early');
  const body = token.slice(1);
  switch (token[0]) {
    case 'n':
      return null;
    case 't':
      return true;
    case 'f':
      return false;
    case 'i': {
      const n = Number(body);
      if (BigInt(n) !== BigInt(body)) throw new Error(`integer ${body} is not exact in a double`);
      return n;
    }
    case 'd':
      return fromHex(body).readDoubleBE(0);
    case 's':
      return fromHex(body).toString('utf8');
    case 'b':
      return Buffer.from(fromHex(body));
    case 'a': {
      const items = new Array(Number(body));
      for (let k = 0; k < items.length; k++) items[k] = build(tokens, at);
      return items;
    }
    case 'm': {
      // defineProperty, as JSON.parse creates properties: a "__proto__" key is an own property.
      const object = {};
      for (let k = Number(body); k > 0; k--) {
        const key = fromHex(tokens[at.i++]).toString('utf8');
        const value = build(tokens, at);
        Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
      }
      return object;
    }
    default:
      throw new Error(`unknown token ${JSON.stringify(token.slice(0, 20))}`);
  }
}

function firstDifference(a, b) {
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k++) if (a[k] !== b[k]) return k;
  return n;
}

const clip = (hex) => (hex.length > 200 ? `${hex.slice(0, 200)}...(${hex.length / 2} bytes)` : hex);

let records = 0;
let mismatches = 0;
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line === '') continue;
  records++;
  const eq = line.lastIndexOf(' = ');
  const tokens = line.slice(0, eq === -1 ? line.length : eq).split(' ');
  const mode = tokens.shift();
  let theirs;
  let problem = '';
  try {
    if (eq === -1) throw new Error('no " = " before our bytes');
    const at = { i: 0 };
    const value = build(tokens, at);
    if (at.i !== tokens.length) throw new Error(`${tokens.length - at.i} tokens left over`);
    if (mode === 'M') theirs = notepack.encode(value);
    else if (mode === 'J') theirs = Buffer.from(JSON.stringify(value), 'utf8');
    else throw new Error(`unknown mode ${mode}`);
  } catch (e) {
    problem = `bad record: ${e.message}`;
  }
  const ours = fromHex(eq === -1 ? '' : line.slice(eq + 3));
  if (problem === '' && !ours.equals(theirs)) {
    const at = firstDifference(ours, theirs);
    // Around the first difference: JSON as text, msgpack as hex.
    const around = (b) => {
      const part = b.subarray(Math.max(0, at - 24), at + 24);
      return mode === 'J' ? JSON.stringify(part.toString('utf8')) : part.toString('hex');
    };
    problem = `first difference at byte ${at} of ${ours.length} (theirs ${theirs.length}): around it ours ${around(ours)} theirs ${around(theirs)}`;
  }
  if (problem !== '') {
    mismatches++;
    if (mismatches <= 20) console.log(`MISMATCH record ${records} (${mode}): ${problem}; description ${clip(tokens.join(' '))}`);
  }
}
console.log(`checked ${records} records, ${mismatches} mismatches`);
