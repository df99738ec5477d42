//! HMAC-SHA256 over the token's signing input, and its constant-time check.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

fn mac(secret: &[u8], input: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length; new_from_slice cannot fail for it.
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC accepts keys of any length");
    mac.update(input);
    mac
}

pub fn sign(secret: &[u8], input: &[u8]) -> [u8; 32] {
    mac(secret, input).finalize().into_bytes().into()
}

/// Compares in constant time, so the time taken says nothing about how many leading bytes
/// of a forged signature were right.
pub fn verify(secret: &[u8], input: &[u8], signature: &[u8]) -> bool {
    mac(secret, input).verify_slice(signature).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4231_test_case_2() {
        let out = sign(b"Jefe", b"what do ya want for nothing?");
        let hex: String = out.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assert!(verify(b"Jefe", b"what do ya want for nothing?", &out));
        let mut bad = out;
        bad[31] ^= 1;
        assert!(!verify(b"Jefe", b"what do ya want for nothing?", &bad));
        assert!(!verify(b"Jefe", b"what do ya want for nothing?", &out[..31]));
    }
}
