//! Credentials: Argon2id password hashes with ASVS parameters, random
//! session tokens (only their hash is stored), TOTP second factors.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine as _;
use rand::RngCore as _;

/// A password could not be hashed (never expected: the parameters are
/// constants and the salt is fresh; reported, never stored as "").
#[derive(Debug)]
pub struct HashError(String);

impl std::fmt::Display for HashError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot hash the password: {}", self.0)
    }
}

impl std::error::Error for HashError {}

/// Argon2id with OWASP ASVS 5.0 parameters: 46 MiB, 1 iteration, 1 lane.
/// Parameters that would not build are an error, not the library's
/// weaker defaults.
fn argon2() -> Result<Argon2<'static>, HashError> {
    let params = Params::new(47_104, 1, 1, None).map_err(|e| HashError(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password into a PHC string (`$argon2id$v=19$m=47104,t=1,p=1$…`)
/// with a fresh random salt.
pub fn hash_password(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    hash_with_salt(password, &salt)
}

fn hash_with_salt(password: &str, salt: &SaltString) -> Result<String, HashError> {
    argon2()?.hash_password(password.as_bytes(), salt).map(|h| h.to_string()).map_err(|e| HashError(e.to_string()))
}

/// Checks a password against a stored hash, in constant time.
pub fn verify_password(password: &str, phc: &str) -> bool {
    let Ok(a) = argon2() else { return false };
    PasswordHash::new(phc).is_ok_and(|h| a.verify_password(password.as_bytes(), &h).is_ok())
}

/// A hash to verify against when the user does not exist, so a wrong
/// username takes as long as a wrong password.
pub fn dummy_hash() -> Result<&'static str, HashError> {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    if let Some(h) = DUMMY.get() {
        return Ok(h);
    }
    let h = hash_password("dugu-no-such-user-placeholder")?;
    Ok(DUMMY.get_or_init(|| h))
}

/// A new random token: 256 bits, URL-safe base64.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A site's one-time enrolment code: a token that never starts with `-`,
/// which `dugu enrol --code CODE` would read as an option (one code in 64
/// did, and the command shown on `/sites` then failed).
pub fn enrolment_code() -> String {
    loop {
        let code = new_token();
        if !code.starts_with('-') {
            return code;
        }
    }
}

/// The hash of a token as stored (BLAKE3, hex).
pub fn token_hash(token: &str) -> String {
    blake3::hash(token.as_bytes()).to_hex().to_string()
}

/// Constant-time string equality (form tokens).
pub fn same(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// A new TOTP secret (160 bits, base32 as authenticator apps take it).
pub fn new_totp_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    totp_rs::Secret::new_stack(bytes).to_base32()
}

fn totp(secret_b32: &str) -> Option<totp_rs::Totp> {
    let secret = totp_rs::Secret::try_from_base32(secret_b32).ok()?;
    totp_rs::Builder::new()
        .with_algorithm(totp_rs::Algorithm::SHA1)
        .with_digits(6)
        .with_skew(0)
        .with_step_duration(30)
        .with_secret(secret)
        .build()
        .ok()
}

/// The 30-second step whose code `code` is, within one step of now; the
/// caller refuses a step already used.
pub fn totp_step(secret_b32: &str, code: &str, now_secs: u64) -> Option<i64> {
    let t = totp(secret_b32)?;
    let code = code.trim();
    let now_step = now_secs / 30;
    [now_step.saturating_sub(1), now_step, now_step + 1]
        .into_iter()
        .find(|step| same(&t.generate(step * 30).to_string(), code))
        .map(|s| s as i64)
}

/// The current code for a secret (tests and enrolment checks).
pub fn totp_code(secret_b32: &str, now_secs: u64) -> String {
    totp(secret_b32).map(|t| t.generate(now_secs).to_string()).unwrap_or_default()
}

/// The `otpauth://` URI an authenticator app reads.
pub fn totp_uri(secret_b32: &str, username: &str) -> String {
    format!("otpauth://totp/dugu:{username}?secret={secret_b32}&issuer=dugu&algorithm=SHA1&digits=6&period=30")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phc_strings_use_asvs_parameters_and_unique_salts() {
        let a = hash_password("Le fleuve Niger coule à Mopti").expect("hash");
        let b = hash_password("Le fleuve Niger coule à Mopti").expect("hash");
        assert!(a.starts_with("$argon2id$v=19$m=47104,t=1,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify_password("Le fleuve Niger coule à Mopti", &a));
        assert!(!verify_password("Le fleuve Niger coule a Mopti", &a), "verified byte for byte");
    }

    #[test]
    fn a_hash_that_fails_is_an_error_not_an_empty_string() {
        // Argon2 refuses a salt shorter than 8 bytes: the one failure a
        // caller can provoke.
        let short = SaltString::from_b64("AAAAAA").expect("a valid, too short salt");
        let hashed = hash_with_salt("Le fleuve Niger coule à Mopti", &short);
        assert!(hashed.is_err(), "{hashed:?}");
    }

    #[test]
    fn totp_accepts_adjacent_steps_only() {
        let s = new_totp_secret();
        let now = 1_800_000_000;
        assert_eq!(totp_step(&s, &totp_code(&s, now), now), Some((now / 30) as i64));
        assert!(totp_step(&s, &totp_code(&s, now - 30), now).is_some());
        assert_eq!(totp_step(&s, &totp_code(&s, now - 120), now), None);
        assert_eq!(totp_step(&s, "000000x", now), None);
    }

    #[test]
    fn tokens_are_long_and_hashed() {
        let t = new_token();
        assert!(t.len() >= 43);
        assert_ne!(token_hash(&t), t);
    }
}
