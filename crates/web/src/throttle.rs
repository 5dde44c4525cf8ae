//! Sign-in throttling per account and per network address: after a few
//! failures each further attempt must wait longer (doubling, up to 15
//! minutes); an address with many failures is refused for 15 minutes.

use std::collections::HashMap;
use std::sync::Mutex;

/// Failures allowed on an account before waits begin.
const FREE_FAILURES: u32 = 5;
/// The longest wait, and the address block (ms).
const MAX_WAIT_MS: i64 = 15 * 60 * 1000;
/// Failures from one address within the window before it is blocked.
const ADDRESS_FAILURES: u32 = 20;

#[derive(Debug, Default, Clone, Copy)]
struct Record {
    failures: u32,
    last_failure: i64,
    blocked_until: i64,
}

/// Sign-in attempt counters (in memory: a restart forgives).
#[derive(Debug, Default)]
pub struct Throttle {
    accounts: Mutex<HashMap<String, Record>>,
    addresses: Mutex<HashMap<String, Record>>,
}

impl Throttle {
    /// Whether an attempt for `account` from `address` may be made now.
    pub fn allowed(&self, account: &str, address: &str, now: i64) -> bool {
        let key = account.to_lowercase();
        let ok = |m: &Mutex<HashMap<String, Record>>, k: &str| {
            m.lock().map(|m| m.get(k).is_none_or(|r| r.blocked_until <= now)).unwrap_or(false)
        };
        ok(&self.accounts, &key) && ok(&self.addresses, address)
    }

    /// Records a failed attempt; returns the number of failures in a row
    /// for the account.
    pub fn failed(&self, account: &str, address: &str, now: i64) -> u32 {
        let key = account.to_lowercase();
        let mut n = 0;
        if let Ok(mut m) = self.accounts.lock() {
            let r = m.entry(key).or_default();
            if now - r.last_failure > MAX_WAIT_MS * 4 {
                r.failures = 0;
            }
            r.failures += 1;
            r.last_failure = now;
            if r.failures > FREE_FAILURES {
                let exp = (r.failures - FREE_FAILURES).min(20);
                r.blocked_until = now + (1000i64 << exp).min(MAX_WAIT_MS);
            }
            n = r.failures;
        }
        if let Ok(mut m) = self.addresses.lock() {
            let r = m.entry(address.to_string()).or_default();
            if now - r.last_failure > MAX_WAIT_MS {
                r.failures = 0;
            }
            r.failures += 1;
            r.last_failure = now;
            if r.failures >= ADDRESS_FAILURES {
                r.blocked_until = now + MAX_WAIT_MS;
            }
        }
        n
    }

    /// Clears the account's failures after a successful sign-in.
    pub fn succeeded(&self, account: &str) {
        if let Ok(mut m) = self.accounts.lock() {
            m.remove(&account.to_lowercase());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_after_five_failures() {
        let t = Throttle::default();
        for i in 0..5 {
            assert!(t.allowed("awa", "1.2.3.4", i));
            t.failed("awa", "1.2.3.4", i);
        }
        assert!(t.allowed("awa", "1.2.3.4", 10));
        t.failed("awa", "1.2.3.4", 10);
        assert!(!t.allowed("awa", "1.2.3.4", 11));
        assert!(t.allowed("AWA", "1.2.3.4", 10 + 2001));
        assert!(t.allowed("other", "5.6.7.8", 11), "other accounts and addresses are not affected");
    }

    #[test]
    fn an_address_with_many_failures_is_blocked() {
        let t = Throttle::default();
        for i in 0..20 {
            t.failed(&format!("user{i}"), "9.9.9.9", 1000);
        }
        assert!(!t.allowed("fresh", "9.9.9.9", 1001));
        assert!(t.allowed("fresh", "9.9.9.9", 1000 + MAX_WAIT_MS + 1));
    }
}
