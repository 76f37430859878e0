//! A string that never shows itself in `Debug` or `Display`: API keys, and a managed
//! subaccount's one-time `api_key`.

use std::fmt;

/// A secret string. Read it with [`Secret::expose`]; formatting prints `[redacted]`.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself. Call this only where the value must leave the program (a header).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl Drop for Secret {
    /// A key's bytes are zeroed before its memory is released.
    fn drop(&mut self) {
        wipe_string(&mut self.0);
    }
}

/// Zeroes a buffer about to be freed, spare capacity included. With `wipe-freed-memory` the
/// allocator zeroes every block it frees, so this leaves the work to it.
pub(crate) fn wipe_vec(bytes: &mut Vec<u8>) {
    if cfg!(feature = "wipe-freed-memory") {
        return;
    }
    bytes.resize(bytes.capacity(), 0);
    bytes.fill(0);
    // The buffer escapes to an opaque use, so the zeroes are really written before the free.
    std::hint::black_box(bytes);
}

/// [`wipe_vec`] for a string.
pub(crate) fn wipe_string(text: &mut String) {
    let mut bytes = std::mem::take(text).into_bytes();
    wipe_vec(&mut bytes);
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Secret {
        Secret(value)
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Secret, D::Error> {
        String::deserialize(d).map(Secret)
    }
}

impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_formats_the_value() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "[redacted]");
        assert_eq!(secret.to_string(), "[redacted]");
        assert_eq!(secret.expose(), "hunter2");
    }

    /// Without the wiping allocator, the buffer itself is zeroed, spare capacity included.
    #[cfg(not(feature = "wipe-freed-memory"))]
    #[test]
    fn wipe_vec_zeroes_the_whole_buffer() {
        let mut bytes = Vec::with_capacity(64);
        bytes.extend_from_slice(b"one-time-key");
        wipe_vec(&mut bytes);
        assert!(bytes.len() >= 64 && bytes.len() == bytes.capacity());
        assert!(bytes.iter().all(|b| *b == 0));
    }
}
