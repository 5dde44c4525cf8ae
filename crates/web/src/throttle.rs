//! Sign-in throttling per account and per network address: after a few
//! failures each further attempt must wait longer (doubling, up to 15
//! minutes); an address with many failures is refused for 15 minutes. The
//! same counters guard every place a password is asked again (changing
//! one's password, re-authentication).
//!
//! Written here rather than with a rate-limiting crate such as `governor`:
//! those limit the rate of all attempts (GCRA), while this counts failures
//! only and doubles the wait, which is what ASVS 6.3.1 and the sign-in tests
//! ask. Memory is bounded: past `MAX_ENTRIES` keys per map, forgiven and
//! then oldest entries are dropped, so a flood of made-up usernames cannot
//! grow it without end.

use std::collections::HashMap;
use std::sync::Mutex;

/// Failures allowed on an account before waits begin.
const FREE_FAILURES: u32 = 5;
/// The longest wait, and the address block (ms).
const MAX_WAIT_MS: i64 = 15 * 60 * 1000;
/// Failures from one address within the window before it is blocked.
const ADDRESS_FAILURES: u32 = 20;
/// Keys kept per map at most.
const MAX_ENTRIES: usize = 10_000;

#[derive(Debug, Default, Clone, Copy)]
struct Record {
    failures: u32,
    last_failure: i64,
    blocked_until: i64,
    /// The block whose refusals were already audited once.
    noted_block: i64,
}

/// The account as the store finds it: `" Alice"` is `alice`, so spaces
/// cannot buy more guesses.
fn account_key(account: &str) -> String {
    account.trim().to_lowercase()
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
        let key = account_key(account);
        let ok = |m: &Mutex<HashMap<String, Record>>, k: &str| {
            m.lock().map(|m| m.get(k).is_none_or(|r| r.blocked_until <= now)).unwrap_or(false)
        };
        ok(&self.accounts, &key) && ok(&self.addresses, address)
    }

    /// Records a failed attempt; returns the number of failures in a row
    /// for the account.
    pub fn failed(&self, account: &str, address: &str, now: i64) -> u32 {
        let key = account_key(account);
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
            bound(&mut m, now, MAX_WAIT_MS * 4);
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
            bound(&mut m, now, MAX_WAIT_MS);
        }
        n
    }

    /// How many keys the two maps hold (for tests of the bound).
    pub fn tracked_keys(&self) -> usize {
        let count = |m: &Mutex<HashMap<String, Record>>| m.lock().map(|m| m.len()).unwrap_or(0);
        count(&self.accounts) + count(&self.addresses)
    }

    /// Whether this refusal of a blocked account is the first of its block:
    /// only that one is audited, so refused attempts — cheap, they hash no
    /// password — cannot fill the append-only trail.
    pub fn first_refusal(&self, account: &str) -> bool {
        let Ok(mut m) = self.accounts.lock() else { return true };
        match m.get_mut(&account_key(account)) {
            Some(r) if r.noted_block == r.blocked_until => false,
            Some(r) => {
                r.noted_block = r.blocked_until;
                true
            }
            // Held back by the address alone: audited with its failures.
            None => false,
        }
    }

    /// Clears the account's failures after a successful sign-in.
    pub fn succeeded(&self, account: &str) {
        if let Ok(mut m) = self.accounts.lock() {
            m.remove(&account_key(account));
        }
    }
}

/// Keeps a map under `MAX_ENTRIES`: first drops what is forgiven anyway
/// (no block in force, last failure older than `window`), then the oldest.
fn bound(m: &mut HashMap<String, Record>, now: i64, window: i64) {
    if m.len() <= MAX_ENTRIES {
        return;
    }
    m.retain(|_, r| r.blocked_until > now || now - r.last_failure <= window);
    if m.len() > MAX_ENTRIES {
        let mut ages: Vec<i64> = m.values().map(|r| r.last_failure).collect();
        // Keep the newest nine tenths: one sort per ten thousandth failure.
        let cut = ages.len() - MAX_ENTRIES * 9 / 10;
        let (_, nth, _) = ages.select_nth_unstable(cut);
        let oldest_kept = *nth;
        m.retain(|_, r| r.last_failure >= oldest_kept);
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
    fn spaces_buy_no_guesses_and_a_block_is_noted_once() {
        let t = Throttle::default();
        for (i, name) in ["awa", " awa", "AWA ", "  awa", "awa\t", " Awa "].iter().enumerate() {
            t.failed(name, "1.2.3.4", i as i64);
        }
        assert!(!t.allowed("awa", "1.2.3.4", 7), "six failures under one account");
        assert!(t.first_refusal(" awa"));
        assert!(!t.first_refusal("awa"), "the same block is audited once");
    }

    #[test]
    fn memory_stays_bounded_under_a_flood_of_names() {
        let t = Throttle::default();
        for i in 0..(3 * MAX_ENTRIES as i64) {
            t.failed(&format!("made-up-{i}"), &format!("10.0.{}.{}", i / 256 % 256, i % 256), i);
        }
        assert!(t.tracked_keys() <= 2 * MAX_ENTRIES, "{} keys", t.tracked_keys());
        // The newest failures are still counted.
        let last = 3 * MAX_ENTRIES as i64 - 1;
        for _ in 0..6 {
            t.failed("made-up-last", "1.1.1.1", last);
        }
        assert!(!t.allowed("made-up-last", "1.1.1.1", last + 1));
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
