//! Runs e2e/differential/compare.mjs under Node with the records on its stdin, and reads back
//! how many records it checked and which ones differed.
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct Outcome {
    pub records: usize,
    pub mismatches: usize,
    /// Everything the script printed: the MISMATCH lines, then the closing count.
    pub report: String,
}

fn e2e_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../e2e")
}

/// The installed notepack.io must be the one e2e/package-lock.json pins (the version the
/// official emitter publishes with), or the comparison proves nothing.
fn check_notepack_installed() {
    let dir = e2e_dir();
    let installed = std::fs::read_to_string(dir.join("node_modules/notepack.io/package.json")).unwrap_or_else(|e| {
        panic!("e2e/node_modules/notepack.io is missing ({e}): run `make e2e-deps` (npm ci in e2e/)")
    });
    let lock = std::fs::read_to_string(dir.join("package-lock.json")).expect("e2e/package-lock.json");
    let version_after = |text: &str, anchor: &str| -> String {
        let at = text.find(anchor).unwrap_or_else(|| panic!("no {anchor} in a notepack.io manifest"));
        let rest = &text[at..];
        let start = rest.find("\"version\"").expect("a version field") + "\"version\"".len();
        let rest = &rest[start..];
        let open = rest.find('"').unwrap() + 1;
        let close = open + rest[open..].find('"').unwrap();
        rest[open..close].to_string()
    };
    let pinned = version_after(&lock, "\"node_modules/notepack.io\"");
    let have = version_after(&installed, "{");
    assert_eq!(
        have, pinned,
        "installed notepack.io {have} is not the {pinned} of e2e/package-lock.json: run `make e2e-deps`"
    );
}

pub fn compare(records: String) -> Outcome {
    check_notepack_installed();
    let node = std::env::var("NODE").unwrap_or_else(|_| "node".into());
    let script = e2e_dir().join("differential/compare.mjs");
    let mut child = Command::new(&node)
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {node} (Node.js is needed for the differential tests): {e}"));
    // Written from a thread: Node may print mismatches while we are still writing.
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(records.as_bytes()));
    let mut report = String::new();
    child.stdout.take().unwrap().read_to_string(&mut report).expect("node's stdout");
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).expect("node's stderr");
    let status = child.wait().expect("node");
    writer.join().unwrap().expect("writing the records to node");
    // stderr alone is not a failure (a Node version may print a deprecation warning); the
    // closing count below is what must be there.
    assert!(status.success(), "compare.mjs failed ({status}):\n{stderr}\n{report}");

    let last = report.lines().last().unwrap_or_default();
    // "checked 100000 records, 0 mismatches"
    let numbers: Vec<usize> = last.split(|c: char| !c.is_ascii_digit()).filter_map(|w| w.parse().ok()).collect();
    assert!(
        last.starts_with("checked ") && numbers.len() == 2,
        "no closing count from compare.mjs:\n{stderr}\n{report}"
    );
    Outcome { records: numbers[0], mismatches: numbers[1], report }
}
