//! Searches kept for a while, so a search's results have an address the
//! browser can go back to without resubmitting a form — and without a
//! name in it (security.md 15): the words typed stay in the server's
//! memory under a random id, readable only by the session that searched,
//! for half an hour. Nothing is written to disk; a restart forgets them.
//! The people list and the households list keep theirs here alike.

use crate::lists::PeopleFilterForm;
use std::collections::HashMap;
use std::sync::Mutex;

/// How long a search's address works (ms): as long as a session may sit
/// idle, so a page left open still goes back.
pub const KEPT_MS: i64 = 30 * 60 * 1000;
/// A session's searches kept at once; its oldest goes first.
const PER_SESSION: usize = 20;
/// Searches kept at once, all sessions together: memory stays bounded
/// whatever a client sends; the oldest goes first.
const AT_MOST: usize = 5_000;

/// Which list was searched, with that list's filters.
#[derive(Clone)]
pub enum Of {
    /// The people list.
    People(PeopleFilterForm),
    /// The households list.
    Households {
        /// The location chosen, if any.
        location_id: String,
        /// The family-strengthening status chosen, if any.
        status: String,
    },
}

/// What was searched.
#[derive(Clone)]
pub struct Search {
    /// The words typed.
    pub q: String,
    /// The list and its filters.
    pub of: Of,
}

struct Kept {
    session: String,
    at_ms: i64,
    search: Search,
}

/// The searches kept, by id.
#[derive(Default)]
pub struct Searches {
    kept: Mutex<HashMap<String, Kept>>,
}

impl Searches {
    /// Keeps a search for `session` (its token's hash) and returns its id:
    /// 256 random bits, so an id cannot be guessed.
    pub fn keep(&self, session: &str, now_ms: i64, search: Search) -> String {
        let id = crate::auth::new_token();
        let mut kept = self.kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.retain(|_, k| now_ms - k.at_ms <= KEPT_MS);
        let mut mine: Vec<(i64, String)> =
            kept.iter().filter(|(_, k)| k.session == session).map(|(id, k)| (k.at_ms, id.clone())).collect();
        if mine.len() >= PER_SESSION {
            mine.sort();
            for (_, old) in mine.iter().take(mine.len() + 1 - PER_SESSION) {
                kept.remove(old);
            }
        }
        if kept.len() >= AT_MOST
            && let Some(oldest) = kept.iter().min_by_key(|(_, k)| k.at_ms).map(|(id, _)| id.clone())
        {
            kept.remove(&oldest);
        }
        kept.insert(id.clone(), Kept { session: session.to_string(), at_ms: now_ms, search });
        id
    }

    /// The search `id` if `session` made it and it has not expired; any
    /// other case is the same `None`, so another session learns nothing.
    pub fn get(&self, id: &str, session: &str, now_ms: i64) -> Option<Search> {
        let kept = self.kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.get(id)
            .filter(|k| crate::auth::same(&k.session, session) && now_ms - k.at_ms <= KEPT_MS)
            .map(|k| k.search.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search(q: &str) -> Search {
        Search { q: q.into(), of: Of::People(PeopleFilterForm::default()) }
    }

    #[test]
    fn only_its_session_reads_it_and_only_for_half_an_hour() {
        let s = Searches::default();
        let id = s.keep("a", 0, search("Awa"));
        assert_eq!(s.get(&id, "a", KEPT_MS).map(|x| x.q), Some("Awa".into()));
        assert!(s.get(&id, "b", 1).is_none());
        assert!(s.get(&id, "a", KEPT_MS + 1).is_none());
        assert!(s.get("guess", "a", 1).is_none());
    }

    #[test]
    fn a_session_keeps_at_most_its_share_the_oldest_going_first() {
        let s = Searches::default();
        let ids: Vec<String> = (0..PER_SESSION as i64 + 1).map(|t| s.keep("a", t, search("x"))).collect();
        assert!(s.get(&ids[0], "a", 30).is_none());
        assert!(ids[1..].iter().all(|id| s.get(id, "a", 30).is_some()));
    }
}
