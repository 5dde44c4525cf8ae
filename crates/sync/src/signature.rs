//! A site's device key: the site signs every request it makes to the hub
//! after enrolment, and the hub checks it with the public key it kept when
//! the enrolment code was redeemed. A stolen export URL or a guessed site
//! id gets nothing without the key that stays beside the site's database.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

/// The HTTP header carrying a request's signature, in hex.
pub const SIGNATURE_HEADER: &str = "dugu-signature";

/// A site's signing key.
pub struct DeviceKey(SigningKey);

impl DeviceKey {
    /// The key whose secret is these 32 bytes (fresh random bytes for a
    /// new device, or the bytes kept in its key file).
    pub fn from_secret(secret: &[u8; 32]) -> DeviceKey {
        DeviceKey(SigningKey::from_bytes(secret))
    }

    /// The secret, to keep in the key file.
    pub fn secret(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The public key the hub keeps.
    pub fn public(&self) -> [u8; 32] {
        self.0.verifying_key().to_bytes()
    }

    /// Signs a request: its method, its path and its body.
    pub fn sign_request(&self, method: &str, path: &str, body: &[u8]) -> [u8; 64] {
        self.0.sign(&request_message(method, path, body)).to_bytes()
    }
}

/// Whether `signature` is the holder of `public`'s signature of this
/// request. Malformed keys or signatures are simply not valid.
pub fn verify_request(public: &[u8], method: &str, path: &str, body: &[u8], signature: &[u8]) -> bool {
    let Ok(public) = <[u8; 32]>::try_from(public) else { return false };
    let Ok(signature) = <[u8; 64]>::try_from(signature) else { return false };
    let Ok(key) = VerifyingKey::from_bytes(&public) else { return false };
    key.verify_strict(&request_message(method, path, body), &Signature::from_bytes(&signature)).is_ok()
}

/// Bytes as lower-case hex: how a key or a signature travels in JSON and
/// headers.
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    s
}

/// Hex back to bytes; `None` for anything else (odd length, other
/// characters).
pub fn from_hex(text: &str) -> Option<Vec<u8>> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    bytes.chunks(2).map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?)).collect()
}

/// What is signed: a domain tag (so no other signature of the key can be
/// replayed as a request), then each part with its length.
fn request_message(method: &str, path: &str, body: &[u8]) -> Vec<u8> {
    let mut m = b"dugu sync request v1".to_vec();
    for part in [method.as_bytes(), path.as_bytes(), body] {
        m.extend_from_slice(&(part.len() as u64).to_le_bytes());
        m.extend_from_slice(part);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_holds_for_its_request_only() {
        let key = DeviceKey::from_secret(&[7; 32]);
        let sig = key.sign_request("POST", "/api/v1/sites/s/export", b"body");
        assert!(verify_request(&key.public(), "POST", "/api/v1/sites/s/export", b"body", &sig));
        assert!(!verify_request(&key.public(), "POST", "/api/v1/sites/t/export", b"body", &sig));
        assert!(!verify_request(&key.public(), "POST", "/api/v1/sites/s/export", b"bodz", &sig));
        let other = DeviceKey::from_secret(&[8; 32]);
        assert!(!verify_request(&other.public(), "POST", "/api/v1/sites/s/export", b"body", &sig));
        assert!(!verify_request(b"short", "POST", "/", b"", &sig));
        assert!(!verify_request(&key.public(), "POST", "/", b"", b"short"));
        assert_eq!(DeviceKey::from_secret(&key.secret()).public(), key.public());
        assert_eq!(from_hex(&to_hex(&sig)), Some(sig.to_vec()));
        assert_eq!(from_hex("abc"), None);
        assert_eq!(from_hex("zz"), None);
    }
}
