//! The password policy (security requirement 6, after OWASP ASVS 5.0):
//! at least 12 characters, up to 128, any characters, no composition rules,
//! no rotation, and not one of the 30,000 most common breached passwords —
//! checked offline against a list bundled in the binary.

use crate::errors::Problem;

/// Fewest characters accepted.
pub const MIN_CHARS: usize = 12;
/// Most characters accepted (ASVS asks that at least 64 be allowed).
pub const MAX_CHARS: usize = 128;

const COMMON: &str = include_str!("../data/common-passwords.txt");

/// Whether `password` is in the bundled list of common passwords (compared
/// without case).
pub fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    COMMON.lines().filter(|l| !l.starts_with('#')).any(|l| l == lower)
}

/// Checks a new password against the policy. `username` may not be the
/// password either. The password is used exactly as typed (no trimming,
/// no normalisation), so it verifies byte for byte.
pub fn check_new(password: &str, username: &str) -> Result<(), Problem> {
    let n = password.chars().count();
    if n == 0 {
        return Err(Problem::Required);
    }
    if n < MIN_CHARS {
        return Err(Problem::TooShort);
    }
    if n > MAX_CHARS {
        return Err(Problem::TooLong);
    }
    let first = password.chars().next();
    let one_character_repeated = password.chars().all(|c| Some(c) == first);
    if is_common(password) || one_character_repeated || password.eq_ignore_ascii_case(username) {
        return Err(Problem::Breached);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy() {
        assert_eq!(check_new("password", "x"), Err(Problem::TooShort));
        assert_eq!(check_new("123qweasdzxc", "x"), Err(Problem::Breached));
        assert_eq!(check_new("1QAZ2WSX3EDC", "x"), Err(Problem::Breached));
        assert_eq!(check_new("aaaaaaaaaaaaaaa", "x"), Err(Problem::Breached));
        assert_eq!(check_new("social.kita.1", "social.kita.1"), Err(Problem::Breached));
        assert!(is_common("dragon"), "top-3,000 passwords are in the list");
        let passphrase = "Le fleuve Niger coule à Mopti après la saison des pluies, très lentement";
        assert!(passphrase.chars().count() >= 64);
        assert_eq!(check_new(passphrase, "x"), Ok(()));
        assert_eq!(check_new(&"é".repeat(129), "x"), Err(Problem::TooLong));
    }
}
