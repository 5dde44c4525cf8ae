//! The server's configuration, in layers: built-in defaults, then a
//! `dugu.toml`, then `DUGU_*` environment variables, then command-line
//! flags — each later layer wins. (clap already merges flags over the
//! environment; this file adds the file and the defaults below them.)

use anyhow::Context as _;
use dugu_domain::Role;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The settings a server runs with.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Folder of the database.
    pub data: PathBuf,
    /// Address to listen on.
    pub listen: String,
    /// Send cookies only over HTTPS, and HSTS (behind a TLS proxy).
    pub secure_cookies: bool,
    /// Roles that must use a second factor here, besides those that always
    /// must.
    pub second_factor_roles: Vec<Role>,
    /// Folder of the nightly backups (none: no nightly backup).
    pub backup_dir: Option<PathBuf>,
    /// Public keys (`age1…`) the nightly backups are encrypted to.
    pub backup_recipients: Vec<String>,
    /// How many nightly backups to keep.
    pub backup_keep: usize,
}

/// Nightly backups kept when `backup_keep` is not set: a week.
pub const DEFAULT_BACKUP_KEEP: usize = 7;

/// What `dugu.toml` may hold.
#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// Folder of the database.
    pub data: Option<PathBuf>,
    /// Address to listen on.
    pub listen: Option<String>,
    /// HTTPS-only cookies and HSTS.
    pub secure_cookies: Option<bool>,
    /// Role codes that must use a second factor (`[]` for none).
    pub second_factor_roles: Option<Vec<String>>,
    /// Folder of the nightly backups.
    pub backup_dir: Option<PathBuf>,
    /// Public keys the nightly backups are encrypted to.
    pub backup_recipients: Option<Vec<String>>,
    /// How many nightly backups to keep.
    pub backup_keep: Option<usize>,
}

/// The layers above the file: flags or, failing them, the environment.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// `--data` / `DUGU_DATA`.
    pub data: Option<PathBuf>,
    /// `--listen` / `DUGU_LISTEN`.
    pub listen: Option<String>,
    /// `--secure-cookies` / `DUGU_SECURE_COOKIES`.
    pub secure_cookies: Option<bool>,
    /// `--second-factor-roles` / `DUGU_SECOND_FACTOR_ROLES`: role codes,
    /// comma-separated; empty for none.
    pub second_factor_roles: Option<String>,
    /// `--backup-dir` / `DUGU_BACKUP_DIR`.
    pub backup_dir: Option<PathBuf>,
    /// `--backup-recipient` (repeated) / `DUGU_BACKUP_RECIPIENTS`
    /// (comma-separated); empty: not given.
    pub backup_recipients: Vec<String>,
    /// `--backup-keep` / `DUGU_BACKUP_KEEP`.
    pub backup_keep: Option<usize>,
}

/// Reads `dugu.toml` at `path` if it exists (an explicitly named file must
/// exist).
pub fn read_file(path: Option<&Path>) -> anyhow::Result<FileConfig> {
    let (path, required) = match path {
        Some(p) => (p.to_path_buf(), true),
        None => (PathBuf::from("dugu.toml"), false),
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text).with_context(|| format!("{} is not a valid dugu.toml", path.display())),
        Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => Ok(FileConfig::default()),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Merges the layers; a role that cannot be required to use a second
/// factor (one that reads neither protection nor medical data) is refused.
pub fn resolve(file: FileConfig, over: Overrides) -> anyhow::Result<Config> {
    let roles: Option<Vec<String>> = over
        .second_factor_roles
        .map(|s| s.split(',').map(str::trim).filter(|r| !r.is_empty()).map(str::to_string).collect())
        .or(file.second_factor_roles);
    let second_factor_roles = match roles {
        None => dugu_web::DEFAULT_SECOND_FACTOR_ROLES.to_vec(),
        Some(codes) => codes.iter().map(|c| second_factor_role(c)).collect::<anyhow::Result<_>>()?,
    };
    Ok(Config {
        data: over.data.or(file.data).unwrap_or_else(|| PathBuf::from("./dugu-data")),
        listen: over.listen.or(file.listen).unwrap_or_else(|| "127.0.0.1:8080".into()),
        secure_cookies: over.secure_cookies.or(file.secure_cookies).unwrap_or(false),
        second_factor_roles,
        backup_dir: over.backup_dir.or(file.backup_dir),
        backup_recipients: Some(over.backup_recipients)
            .filter(|r| !r.is_empty())
            .or(file.backup_recipients)
            .unwrap_or_default(),
        backup_keep: over.backup_keep.or(file.backup_keep).unwrap_or(DEFAULT_BACKUP_KEEP),
    })
}

fn second_factor_role(code: &str) -> anyhow::Result<Role> {
    let role = Role::parse(code).map_err(|_| anyhow::anyhow!("second_factor_roles: unknown role {code:?}"))?;
    anyhow::ensure!(
        role.may_require_second_factor() || role.requires_second_factor(),
        "second_factor_roles: {code:?} reads no protection or medical data"
    );
    Ok(role)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_layers_win() {
        let defaults = resolve(FileConfig::default(), Overrides::default()).expect("defaults");
        assert_eq!(
            defaults,
            Config {
                data: "./dugu-data".into(),
                listen: "127.0.0.1:8080".into(),
                secure_cookies: false,
                second_factor_roles: vec![Role::LocationDirector, Role::SocialWorker],
                backup_dir: None,
                backup_recipients: Vec::new(),
                backup_keep: 7,
            }
        );
        let file: FileConfig =
            toml::from_str("data = \"/srv/dugu\"\nlisten = \"0.0.0.0:80\"\nsecure_cookies = true").expect("toml");
        let from_file = resolve(file, Overrides::default()).expect("file");
        assert_eq!(from_file.data, PathBuf::from("/srv/dugu"));
        assert!(from_file.secure_cookies);
        let file: FileConfig = toml::from_str("data = \"/srv/dugu\"\nlisten = \"0.0.0.0:80\"").expect("toml");
        let flags =
            resolve(file, Overrides { listen: Some("127.0.0.1:9000".into()), ..Default::default() }).expect("flags");
        assert_eq!((flags.data, flags.listen), (PathBuf::from("/srv/dugu"), "127.0.0.1:9000".to_string()));
    }

    #[test]
    fn second_factor_roles_are_a_deployment_choice() {
        let file: FileConfig = toml::from_str("second_factor_roles = [\"nurse\", \"director\"]").expect("toml");
        let c = resolve(file, Overrides::default()).expect("file");
        assert_eq!(c.second_factor_roles, vec![Role::Nurse, Role::LocationDirector]);
        let file: FileConfig = toml::from_str("second_factor_roles = [\"nurse\"]").expect("toml");
        let none = Overrides { second_factor_roles: Some(String::new()), ..Default::default() };
        assert!(resolve(file, none).expect("flag").second_factor_roles.is_empty(), "the flag wins, empty is none");
        for refused in ["fundraiser", "relief_officer", "somebody"] {
            let over = Overrides { second_factor_roles: Some(refused.into()), ..Default::default() };
            assert!(resolve(FileConfig::default(), over).is_err(), "{refused}");
        }
    }

    #[test]
    fn backup_settings_layer_like_the_others() {
        let file: FileConfig = toml::from_str(
            "backup_dir = \"/srv/backups\"\nbackup_recipients = [\"age1aaa\", \"age1bbb\"]\nbackup_keep = 14",
        )
        .expect("toml");
        let from_file = resolve(file, Overrides::default()).expect("file");
        assert_eq!(from_file.backup_dir, Some(PathBuf::from("/srv/backups")));
        assert_eq!(from_file.backup_recipients, ["age1aaa", "age1bbb"]);
        assert_eq!(from_file.backup_keep, 14);
        let file: FileConfig =
            toml::from_str("backup_dir = \"/srv/backups\"\nbackup_recipients = [\"age1aaa\"]").expect("toml");
        let over = Overrides {
            backup_dir: Some("/mnt/usb".into()),
            backup_recipients: vec!["age1ccc".into()],
            backup_keep: Some(3),
            ..Default::default()
        };
        let flags = resolve(file, over).expect("flags");
        assert_eq!(flags.backup_dir, Some(PathBuf::from("/mnt/usb")));
        assert_eq!(flags.backup_recipients, ["age1ccc"]);
        assert_eq!(flags.backup_keep, 3);
    }

    #[test]
    fn unknown_settings_are_refused() {
        assert!(toml::from_str::<FileConfig>("dta = \"x\"").is_err());
    }
}
