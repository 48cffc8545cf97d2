//! Digest helpers both editions share.

use subtle::ConstantTimeEq;

/// Compares a received signature with the expected one, ignoring case, in constant time.
pub fn sign_matches(expected: &str, received: &str) -> bool {
    let received = received.to_ascii_lowercase();
    expected.len() == received.len() && bool::from(expected.as_bytes().ct_eq(received.as_bytes()))
}

/// Compares two credentials without an early exit.
pub fn secret_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
