//! A password that cannot leak through Debug/Display.

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: String) -> Self {
        Secret(s)
    }
    /// The only way to read it: when writing AUTH.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Redis never echoes a password, but a proxy in front of it might: text from the server is
    /// passed through this before it reaches a message. Very short passwords are left alone,
    /// as masking every occurrence of one letter would garble the message and hide nothing.
    pub fn redact_in(&self, text: &str) -> String {
        if self.0.len() >= 4 && text.contains(&self.0) {
            text.replace(&self.0, "<redacted>")
        } else {
            text.to_string()
        }
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn never_shown() {
        let s = Secret::new("topsecret".into());
        assert_eq!(format!("{s:?}"), "<redacted>");
        assert_eq!(s.expose(), "topsecret");
        assert_eq!(s.redact_in("echo topsecret!"), "echo <redacted>!");
        assert_eq!(Secret::new("ab".into()).redact_in("abc"), "abc", "too short to mask");
    }
}
