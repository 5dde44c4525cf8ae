//! The server's configuration, in layers: built-in defaults, then a
//! `dugu.toml`, then `DUGU_*` environment variables, then command-line
//! flags — each later layer wins. (clap already merges flags over the
//! environment; this file adds the file and the defaults below them.)

use anyhow::Context as _;
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
}

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

/// Merges the layers.
pub fn resolve(file: FileConfig, over: Overrides) -> Config {
    Config {
        data: over.data.or(file.data).unwrap_or_else(|| PathBuf::from("./dugu-data")),
        listen: over.listen.or(file.listen).unwrap_or_else(|| "127.0.0.1:8080".into()),
        secure_cookies: over.secure_cookies.or(file.secure_cookies).unwrap_or(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_layers_win() {
        let defaults = resolve(FileConfig::default(), Overrides::default());
        assert_eq!(
            defaults,
            Config { data: "./dugu-data".into(), listen: "127.0.0.1:8080".into(), secure_cookies: false }
        );
        let file: FileConfig =
            toml::from_str("data = \"/srv/dugu\"\nlisten = \"0.0.0.0:80\"\nsecure_cookies = true").expect("toml");
        let from_file = resolve(file, Overrides::default());
        assert_eq!(from_file.data, PathBuf::from("/srv/dugu"));
        assert!(from_file.secure_cookies);
        let file: FileConfig = toml::from_str("data = \"/srv/dugu\"\nlisten = \"0.0.0.0:80\"").expect("toml");
        let flags = resolve(file, Overrides { listen: Some("127.0.0.1:9000".into()), ..Default::default() });
        assert_eq!((flags.data, flags.listen), (PathBuf::from("/srv/dugu"), "127.0.0.1:9000".to_string()));
    }

    #[test]
    fn unknown_settings_are_refused() {
        assert!(toml::from_str::<FileConfig>("dta = \"x\"").is_err());
    }
}
