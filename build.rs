// ext-php-rs generates its bindings for the PHP found through $PHP / $PHP_CONFIG (or PATH).
// Rebuild when the caller points us at another PHP, so a stale .so is never reused.
fn main() {
    println!("cargo:rerun-if-env-changed=PHP");
    println!("cargo:rerun-if-env-changed=PHP_CONFIG");
    println!("cargo:rerun-if-changed=build.rs");
}
