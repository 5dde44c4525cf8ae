//! The server's nightly backup: one every night at 02:00 UTC (Mali's
//! local time is UTC all year, so it is 02:00 on the site's clocks too),
//! into a folder, named by its UTC date and time, keeping the last N.

use super::Taken;
use crate::config::Config;
use age::x25519;
use anyhow::bail;
use dugu_storage::Store;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;
use time::macros::format_description;

/// The hour (UTC) the nightly backup is taken.
pub const HOUR_UTC: u8 = 2;

const PREFIX: &str = "dugu-";
const SUFFIX: &str = ".sqlite.gz.age";

/// What the server needs to take its nightly backups.
#[derive(Debug, Clone)]
pub struct Nightly {
    /// Folder the backups go into.
    pub dir: PathBuf,
    /// Who can open them.
    pub recipients: Vec<x25519::Recipient>,
    /// How many to keep.
    pub keep: usize,
}

impl Nightly {
    /// The nightly settings, if `backup_dir` is set; refuses a folder with
    /// no recipient or a `backup_keep` of 0, before the server starts.
    pub fn from_config(config: &Config) -> anyhow::Result<Option<Nightly>> {
        let Some(dir) = &config.backup_dir else {
            if !config.backup_recipients.is_empty() {
                bail!("backup recipients are set but no backup folder: set --backup-dir (DUGU_BACKUP_DIR, backup_dir)");
            }
            return Ok(None);
        };
        if config.backup_recipients.is_empty() {
            bail!(
                "nightly backups into {} need a recipient: set --backup-recipient (DUGU_BACKUP_RECIPIENTS, \
                 backup_recipients); an unencrypted backup of children's data is never written",
                dir.display()
            );
        }
        if config.backup_keep == 0 {
            bail!("backup_keep must be at least 1");
        }
        let recipients = config
            .backup_recipients
            .iter()
            .map(|r| super::parse_recipient(r, "backup recipient"))
            .collect::<anyhow::Result<Vec<_>>>()?;
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("cannot create the backup folder {}: {e}", dir.display()))?;
        Ok(Some(Nightly { dir: dir.clone(), recipients, keep: config.backup_keep }))
    }

    /// Takes one backup named for `now`, then keeps only the last `keep`.
    pub fn take(&self, store: &Store, now: OffsetDateTime) -> anyhow::Result<(PathBuf, Taken)> {
        let out = self.dir.join(file_name(now));
        let taken = super::take_from_store(store, &out, &self.recipients)?;
        prune(&self.dir, self.keep)?;
        Ok((out, taken))
    }
}

/// The first 02:00 UTC strictly after `now`.
pub fn next_run(now: OffsetDateTime) -> OffsetDateTime {
    let now = now.to_offset(time::UtcOffset::UTC);
    let today = now.replace_time(time::Time::MIDNIGHT) + time::Duration::hours(HOUR_UTC.into());
    if today > now { today } else { today + time::Duration::days(1) }
}

/// `dugu-YYYYMMDDTHHMMSSZ.sqlite.gz.age`: sorting the names sorts the
/// backups by time.
pub fn file_name(at: OffsetDateTime) -> String {
    let stamp = at
        .to_offset(time::UtcOffset::UTC)
        .format(format_description!("[year][month][day]T[hour][minute][second]Z"))
        .unwrap_or_default();
    format!("{PREFIX}{stamp}{SUFFIX}")
}

fn is_nightly_name(name: &str) -> bool {
    name.strip_prefix(PREFIX)
        .and_then(|rest| rest.strip_suffix(SUFFIX))
        .is_some_and(|stamp| stamp.len() == 16 && stamp.as_bytes()[8] == b'T' && stamp.ends_with('Z'))
}

/// Removes all but the newest `keep` nightly backups in `dir`; any other
/// file there is left alone. Returns the removed files.
pub fn prune(dir: &Path, keep: usize) -> std::io::Result<Vec<PathBuf>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| is_nightly_name(n))
        .collect();
    names.sort();
    let excess = names.len().saturating_sub(keep);
    let mut removed = Vec::with_capacity(excess);
    for name in &names[..excess] {
        let path = dir.join(name);
        std::fs::remove_file(&path)?;
        removed.push(path);
    }
    Ok(removed)
}

/// Runs for as long as the server: sleeps until 02:00 UTC, takes the
/// backup off the async threads, logs how it went (never a person's data).
pub async fn run(store: Store, nightly: Nightly) {
    tracing::info!(dir = %nightly.dir.display(), keep = nightly.keep, hour_utc = HOUR_UTC, "nightly backups on");
    loop {
        let now = OffsetDateTime::now_utc();
        let wait = (next_run(now) - now).try_into().unwrap_or(std::time::Duration::from_secs(60));
        tokio::time::sleep(wait).await;
        let (store, nightly) = (store.clone(), nightly.clone());
        let taken = tokio::task::spawn_blocking(move || nightly.take(&store, OffsetDateTime::now_utc())).await;
        match taken {
            Ok(Ok((file, t))) => tracing::info!(
                file = %file.display(),
                bytes = t.file_bytes,
                seconds = t.seconds,
                "nightly backup taken"
            ),
            Ok(Err(e)) => tracing::error!(error = %format!("{e:#}"), "nightly backup failed"),
            Err(e) => tracing::error!(error = %e, "nightly backup task failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use age::secrecy::ExposeSecret as _;
    use time::macros::datetime;

    #[test]
    fn the_next_run_is_the_coming_two_oclock_utc() {
        assert_eq!(next_run(datetime!(2026-12-01 22:40 UTC)), datetime!(2026-12-02 02:00 UTC));
        assert_eq!(next_run(datetime!(2026-12-02 01:59:59 UTC)), datetime!(2026-12-02 02:00 UTC));
        // Just taken: the next one is tomorrow's, not the same instant again.
        assert_eq!(next_run(datetime!(2026-12-02 02:00 UTC)), datetime!(2026-12-03 02:00 UTC));
        assert_eq!(next_run(datetime!(2026-12-31 03:00 +1)), datetime!(2027-01-01 02:00 UTC));
    }

    #[test]
    fn names_sort_by_time() {
        assert_eq!(file_name(datetime!(2026-12-02 02:00:07 UTC)), "dugu-20261202T020007Z.sqlite.gz.age");
        assert!(file_name(datetime!(2026-12-02 02:00 UTC)) < file_name(datetime!(2026-12-10 02:00 UTC)));
        assert!(is_nightly_name("dugu-20261202T020007Z.sqlite.gz.age"));
        assert!(!is_nightly_name("dugu-20261202T020007Z.sqlite.gz.age.tmp"));
        assert!(!is_nightly_name("dugu-manual.sqlite.gz.age"));
    }

    #[test]
    fn pruning_keeps_the_newest_and_nothing_else_is_touched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let start = datetime!(2026-11-20 02:00 UTC);
        let mut all = Vec::new();
        for day in 0..10 {
            let name = file_name(start + time::Duration::days(day));
            std::fs::write(dir.path().join(&name), b"x").expect("write");
            all.push(name);
        }
        for other in ["notes.txt", "dugu-manual.sqlite.gz.age", "dugu-20261101T020000Z.sqlite.gz.age.tmp"] {
            std::fs::write(dir.path().join(other), b"x").expect("write");
        }
        let removed = prune(dir.path(), 7).expect("prune");
        assert_eq!(removed.len(), 3);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .expect("read")
            .map(|e| e.expect("entry").file_name().into_string().expect("utf-8"))
            .collect();
        left.sort();
        let mut expected: Vec<String> = all[3..].to_vec();
        expected.extend(
            ["dugu-20261101T020000Z.sqlite.gz.age.tmp", "dugu-manual.sqlite.gz.age", "notes.txt"].map(String::from),
        );
        expected.sort();
        assert_eq!(left, expected);
        // Fewer than N: nothing goes.
        assert!(prune(dir.path(), 30).expect("prune").is_empty());
    }

    fn config(dir: Option<&str>, recipients: &[&str], keep: usize) -> Config {
        Config {
            data: "./dugu-data".into(),
            listen: "127.0.0.1:8080".into(),
            secure_cookies: false,
            second_factor_roles: Vec::new(),
            backup_dir: dir.map(PathBuf::from),
            backup_recipients: recipients.iter().map(|r| r.to_string()).collect(),
            backup_keep: keep,
        }
    }

    #[test]
    fn nightly_settings_are_checked_before_serving() {
        let dir = tempfile::tempdir().expect("tempdir");
        let folder = dir.path().join("backups");
        let folder = folder.to_str().expect("utf-8");
        let public = x25519::Identity::generate().to_public().to_string();
        assert!(Nightly::from_config(&config(None, &[], 7)).expect("no backups").is_none());
        assert!(Nightly::from_config(&config(Some(folder), &[], 7)).is_err(), "no recipient");
        assert!(Nightly::from_config(&config(Some(folder), &["age1nonsense"], 7)).is_err());
        assert!(Nightly::from_config(&config(Some(folder), &[&public], 0)).is_err(), "keep 0");
        assert!(Nightly::from_config(&config(None, &[&public], 7)).is_err(), "recipients without a folder");
        let n = Nightly::from_config(&config(Some(folder), &[&public], 7)).expect("ok").expect("on");
        assert_eq!((n.keep, n.recipients.len()), (7, 1));
    }

    #[test]
    fn each_night_adds_a_backup_the_oldest_go_and_the_newest_restores() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("data")).expect("open");
        store.write(|tx| dugu_demo::seed_sites(tx).map(|_| ())).expect("sites");
        let identity = x25519::Identity::generate();
        let backups = dir.path().join("backups");
        std::fs::create_dir(&backups).expect("mkdir");
        let nightly = Nightly { dir: backups.clone(), recipients: vec![identity.to_public()], keep: 2 };
        let first = datetime!(2026-12-01 02:00 UTC);
        let mut written = Vec::new();
        for night in 0..3 {
            let (file, taken) = nightly.take(&store, first + time::Duration::days(night)).expect("nightly backup");
            assert!(taken.file_bytes > 0);
            written.push(file);
        }
        let mut left: Vec<PathBuf> =
            std::fs::read_dir(&backups).expect("read").map(|e| e.expect("entry").path()).collect();
        left.sort();
        assert_eq!(left, written[1..], "the last two nights are kept");
        let key = dir.path().join("office.key");
        std::fs::write(&key, format!("{}\n", identity.to_string().expose_secret())).expect("write key");
        let verified = super::super::restore(&written[2], &dir.path().join("restored"), &key).expect("restore");
        assert!(verified.audit_entries > 0);
    }
}
