//! What every request handler shares.

use crate::i18n::I18n;
use crate::throttle::Throttle;
use dugu_storage::Backend;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// How the server behaves.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Demo mode: second factors are offered but not required.
    pub demo: bool,
    /// Mark cookies `Secure` and send HSTS (set when served over TLS).
    pub secure_cookies: bool,
    /// A session ends after this long without a request (ms).
    pub idle_timeout_ms: i64,
    /// A session ends this long after sign-in, whatever happens (ms).
    pub absolute_timeout_ms: i64,
    /// Roles that must use a second factor here, besides those that always
    /// must (administrators, auditors, the national director): a
    /// per-deployment choice among the roles that read protection or
    /// medical data.
    pub second_factor_roles: Vec<dugu_domain::Role>,
}

/// The roles a deployment requires a second factor of unless it says
/// otherwise: those who read both protection and medical notes or a whole
/// caseload of protection cases.
pub const DEFAULT_SECOND_FACTOR_ROLES: [dugu_domain::Role; 2] =
    [dugu_domain::Role::LocationDirector, dugu_domain::Role::SocialWorker];

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            demo: false,
            secure_cookies: false,
            idle_timeout_ms: 30 * 60 * 1000,
            absolute_timeout_ms: 12 * 3600 * 1000,
            second_factor_roles: DEFAULT_SECOND_FACTOR_ROLES.to_vec(),
        }
    }
}

/// The server's clock: the system clock plus an offset tests can move, so
/// timeouts are tested without waiting.
#[derive(Debug, Default)]
pub struct Clock {
    offset_ms: AtomicI64,
}

impl Clock {
    /// Now, in ms since the epoch.
    pub fn now(&self) -> i64 {
        dugu_storage::now_millis() + self.offset_ms.load(Ordering::Relaxed)
    }

    /// Moves the clock forward (tests only ever go forward).
    pub fn advance(&self, ms: i64) {
        self.offset_ms.fetch_add(ms, Ordering::Relaxed);
    }
}

/// Shared state of the web server.
#[derive(Clone)]
pub struct AppState {
    /// The store, through its contract: the web crate names no backend
    /// (SQLite today; a PostgreSQL hub would be another `Backend`).
    pub store: Arc<dyn Backend>,
    /// Messages in both languages.
    pub i18n: Arc<I18n>,
    /// Behaviour.
    pub config: Arc<WebConfig>,
    /// Sign-in attempt limits.
    pub throttle: Arc<Throttle>,
    /// The clock.
    pub clock: Arc<Clock>,
    /// People searches kept in memory, so their results have an address
    /// without a name in it.
    pub(crate) searches: Arc<crate::people::searches::Searches>,
    /// Answers waiting on their check page, so it is a GET and a confirm
    /// writes once.
    pub(crate) drafts: Arc<crate::pages::drafts::Drafts>,
}

impl AppState {
    /// State for a store; fails if a message file does not load.
    pub fn new(store: impl Backend + 'static, config: WebConfig) -> Result<AppState, crate::i18n::I18nError> {
        Ok(AppState {
            store: Arc::new(store),
            i18n: I18n::new()?,
            config: Arc::new(config),
            throttle: Arc::new(Throttle::default()),
            clock: Arc::new(Clock::default()),
            searches: Arc::default(),
            drafts: Arc::default(),
        })
    }
}
