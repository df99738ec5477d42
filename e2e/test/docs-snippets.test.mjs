// Code blocks in the documentation are copies of regions of files that tests run, so a README
// cannot drift from working code. A block preceded by `<!-- snippet: path#name -->` must equal
// the lines between `#region name` and `#endregion` in that file (path from the repository
// root; both sides compared without their common indentation).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
// Documents checked here, with the least number of snippets each must have (so a broken
// marker syntax cannot make the check vacuous).
const DOCUMENTS = {
  "server/README.md": 4,
  "examples/live-feed/README.md": 3,
  "README.md": 6,
  "integrations/codeigniter4/README.md": 3,
  "integrations/codeigniter3/README.md": 2,
};

function dedent(lines) {
  const indents = lines.filter((l) => l.trim() !== "").map((l) => l.match(/^ */)[0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join("\n").trimEnd();
}

/** The lines of `file` between `#region name` and the next `#endregion`. */
export function region(file, name) {
  const lines = readFileSync(path.join(ROOT, file), "utf8").split("\n");
  const start = lines.findIndex((l) => new RegExp(`#region ${name}(\\s|-->|$)`).test(l));
  assert.ok(start >= 0, `${file}: no "#region ${name}"`);
  const end = lines.findIndex((l, i) => i > start && /#endregion\b/.test(l));
  assert.ok(end > start, `${file}: "#region ${name}" has no #endregion`);
  return dedent(lines.slice(start + 1, end));
}

/** [{file, name, code, line}] for every marked block of a markdown document. */
export function snippets(doc) {
  const lines = readFileSync(path.join(ROOT, doc), "utf8").split("\n");
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i].match(/^\s*<!-- snippet: (\S+)#(\S+) -->\s*$/);
    if (!m) continue;
    assert.match(lines[i + 1] ?? "", /^\s*```/, `${doc}:${i + 1}: the snippet marker must be followed by a code block`);
    const end = lines.findIndex((l, j) => j > i + 1 && /^\s*```\s*$/.test(l));
    assert.ok(end > 0, `${doc}:${i + 2}: unterminated code block`);
    found.push({ file: m[1], name: m[2], code: dedent(lines.slice(i + 2, end)), line: i + 1 });
  }
  return found;
}

for (const [doc, least] of Object.entries(DOCUMENTS)) {
  test(`${doc}: every marked code block equals its source region`, () => {
    const found = snippets(doc);
    assert.ok(found.length >= least, `${doc}: ${found.length} snippets, expected at least ${least}`);
    for (const s of found) {
      assert.equal(s.code, region(s.file, s.name), `${doc}:${s.line}: differs from ${s.file}#${s.name}`);
    }
  });
}
