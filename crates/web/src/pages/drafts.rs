//! Answers waiting on their check page ("vérifiez vos réponses"), kept in
//! the server's memory under a random id bound to the session, as a search
//! is (`people::searches`): the check page is then a GET — a reload or
//! Back shows it again instead of asking to resubmit a form — with no
//! answer in its address (a leaving reason is protection data). The
//! confirm takes the draft once: a second confirm of the same answers (a
//! double tap, or Back then confirm again) finds it taken and writes
//! nothing. A draft can also stand for a form sent back to be confirmed
//! (an implausible weight), with no answers: a one-time token.

use std::collections::HashMap;
use std::sync::Mutex;

/// How long a draft waits (ms): as long as a session may sit idle.
const KEPT_MS: i64 = 30 * 60 * 1000;
/// Drafts kept at once, all sessions together: memory stays bounded
/// whatever a client sends; the oldest goes first.
const AT_MOST: usize = 5_000;

struct Draft {
    session: String,
    at_ms: i64,
    /// The form it belongs to (`/people/{id}/leaving`): a draft answers
    /// no other record's confirm.
    action: String,
    answers: Vec<String>,
    taken: bool,
}

/// What a confirm found.
pub enum Taken {
    /// The answers, now taken: write them.
    Fresh(Vec<String>),
    /// Already confirmed once: write nothing again.
    Already,
    /// No such draft for this session and form (expired, or never made).
    Unknown,
}

/// The drafts kept, by id.
#[derive(Default)]
pub struct Drafts {
    kept: Mutex<HashMap<String, Draft>>,
}

impl Drafts {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Draft>> {
        self.kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Keeps `answers` for `session` (its token's hash) and the form at
    /// `action`; returns the draft's id (256 random bits: not guessable).
    pub fn keep(&self, session: &str, now_ms: i64, action: &str, answers: Vec<String>) -> String {
        let id = crate::auth::new_token();
        let mut kept = self.lock();
        kept.retain(|_, d| now_ms - d.at_ms <= KEPT_MS);
        if kept.len() >= AT_MOST
            && let Some(oldest) = kept.iter().min_by_key(|(_, d)| d.at_ms).map(|(id, _)| id.clone())
        {
            kept.remove(&oldest);
        }
        let draft = Draft { session: session.into(), at_ms: now_ms, action: action.into(), answers, taken: false };
        kept.insert(id.clone(), draft);
        id
    }

    /// The draft's answers and whether it was confirmed already, if it is
    /// this session's, for this form, and not expired; any other case is
    /// the same `None`, so another session learns nothing.
    pub fn get(&self, id: &str, session: &str, now_ms: i64, action: &str) -> Option<(Vec<String>, bool)> {
        let kept = self.lock();
        kept.get(id).filter(|d| Self::mine(d, session, now_ms, action)).map(|d| (d.answers.clone(), d.taken))
    }

    /// Takes the draft for a confirm: the first confirm gets its answers,
    /// every later one `Already` (under one lock, so two confirms sent at
    /// once cannot both get them).
    pub fn take(&self, id: &str, session: &str, now_ms: i64, action: &str) -> Taken {
        let mut kept = self.lock();
        match kept.get_mut(id).filter(|d| Self::mine(d, session, now_ms, action)) {
            Some(d) if d.taken => Taken::Already,
            Some(d) => {
                d.taken = true;
                Taken::Fresh(d.answers.clone())
            }
            None => Taken::Unknown,
        }
    }

    /// Gives a taken draft back when its confirm wrote nothing (refused, or
    /// failed), so confirming again may still write it.
    pub fn release(&self, id: &str) {
        if let Some(d) = self.lock().get_mut(id) {
            d.taken = false;
        }
    }

    fn mine(d: &Draft, session: &str, now_ms: i64, action: &str) -> bool {
        crate::auth::same(&d.session, session) && d.action == action && now_ms - d.at_ms <= KEPT_MS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taken_once_by_its_own_session_for_its_own_form() {
        let d = Drafts::default();
        let id = d.keep("a", 0, "/people/1/leaving", vec!["2026-01-02".into(), "transfer".into()]);
        assert!(d.get(&id, "b", 1, "/people/1/leaving").is_none(), "another session");
        assert!(d.get(&id, "a", 1, "/people/2/leaving").is_none(), "another record");
        assert!(matches!(d.take(&id, "b", 1, "/people/1/leaving"), Taken::Unknown));
        assert!(matches!(d.take(&id, "a", 1, "/people/1/leaving"), Taken::Fresh(a) if a[1] == "transfer"));
        assert!(matches!(d.take(&id, "a", 2, "/people/1/leaving"), Taken::Already), "never twice");
        assert_eq!(d.get(&id, "a", 2, "/people/1/leaving").map(|(_, taken)| taken), Some(true));
        d.release(&id);
        assert!(matches!(d.take(&id, "a", 3, "/people/1/leaving"), Taken::Fresh(_)), "given back");
        assert!(matches!(d.take(&id, "a", KEPT_MS + 1, "/people/1/leaving"), Taken::Unknown), "expired");
    }
}
