//! ext-php-rs generates its bindings for the PHP found through $PHP / $PHP_CONFIG (or PATH).
//! Rebuild when the caller points us at another PHP, so a stale .so is never reused.
//!
//! The binding also hard-codes engine details that bindgen cannot see (call-info flags,
//! arginfo type-mask bits, the packed hash-table layout, an enum case's property slots; see
//! `src/php/engine.rs`). They were checked against the PHP versions listed here, and the
//! build is refused for any other: `socketio_php_api` names the PHP API number built against,
//! and the code refuses to compile without it.

use std::process::Command;

/// PHP API numbers (`PHP_API_VERSION`, `php-config --phpapi`) whose engine constants the
/// binding was checked against: PHP 8.2, 8.3, 8.4, 8.5.
const VERIFIED: [(&str, &str); 4] =
    [("20220829", "8.2"), ("20230831", "8.3"), ("20240924", "8.4"), ("20250925", "8.5")];

fn main() {
    println!("cargo:rerun-if-env-changed=PHP");
    println!("cargo:rerun-if-env-changed=PHP_CONFIG");
    println!("cargo:rerun-if-changed=build.rs");
    let values: Vec<String> = VERIFIED.iter().map(|(api, _)| format!("\"{api}\"")).collect();
    println!("cargo::rustc-check-cfg=cfg(socketio_php_api, values({}))", values.join(", "));
    println!("cargo::rustc-check-cfg=cfg(socketio_zts)");
    if thread_safe() {
        println!("cargo::rustc-cfg=socketio_zts");
    }
    match php_api() {
        Some(api) if VERIFIED.iter().any(|(v, _)| *v == api) => println!("cargo::rustc-cfg=socketio_php_api=\"{api}\""),
        Some(api) => println!(
            "cargo::warning=PHP API {api} is not a version socketio was verified against (PHP 8.2 to 8.5: {})",
            VERIFIED.map(|(api, _)| api).join(", ")
        ),
        None => println!("cargo::warning=cannot tell which PHP this builds against: set PHP or PHP_CONFIG"),
    }
}

/// The PHP API number of the PHP ext-php-rs builds against: `$PHP_CONFIG --phpapi`, else the
/// "PHP API" line of `$PHP -i` (`php` from PATH by default), as ext-php-rs finds its PHP.
fn php_api() -> Option<String> {
    if let Ok(config) = std::env::var("PHP_CONFIG") {
        let out = Command::new(config).arg("--phpapi").output().ok()?;
        return Some(String::from_utf8(out.stdout).ok()?.trim().to_owned()).filter(|s| !s.is_empty());
    }
    let php = std::env::var("PHP").unwrap_or_else(|_| "php".to_owned());
    let out = Command::new(php).args(["-n", "-i"]).output().ok()?;
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    info.lines().find_map(|line| line.strip_prefix("PHP API => ").map(|v| v.trim().to_owned()))
}

/// Whether that PHP is thread-safe (ZTS): `#define ZTS 1` in its `main/php_config.h`
/// (`$PHP_CONFIG --include-dir`), else "Thread Safety => enabled" in `$PHP -i`.
fn thread_safe() -> bool {
    if let Ok(config) = std::env::var("PHP_CONFIG") {
        let Some(dir) = Command::new(config).arg("--include-dir").output().ok() else { return false };
        let dir = String::from_utf8_lossy(&dir.stdout).trim().to_owned();
        let header = std::fs::read_to_string(format!("{dir}/main/php_config.h")).unwrap_or_default();
        return header.lines().any(|l| l.split_whitespace().collect::<Vec<_>>() == ["#define", "ZTS", "1"]);
    }
    let php = std::env::var("PHP").unwrap_or_else(|_| "php".to_owned());
    let Some(out) = Command::new(php).args(["-n", "-i"]).output().ok() else { return false };
    String::from_utf8_lossy(&out.stdout).lines().any(|l| l.trim() == "Thread Safety => enabled")
}
