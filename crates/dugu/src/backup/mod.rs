//! `dugu backup`, `dugu restore` and `dugu backup keygen` (security
//! requirement 25): a consistent copy of the database (taken by the store
//! with SQLite's online backup API), gzip-compressed and encrypted to one or
//! more age X25519 recipients; restored only with a matching identity and
//! only after SQLite's integrity check and the audit chain pass.
//!
//! The plaintext copy exists only inside a private temporary folder (0700,
//! file 0600) in the data folder — never beside the backups — and is removed
//! when the command ends, whether it succeeded or not. There is no way to
//! write a backup without a recipient.

pub mod nightly;

use age::secrecy::ExposeSecret as _;
use age::x25519;
use anyhow::{Context as _, anyhow, bail};
use dugu_storage::{Copied, Store, StoreError, Verified};
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use std::fs::{File, OpenOptions};
use std::io::{self, BufReader, BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Why a backup without a recipient is refused.
const NO_RECIPIENT: &str = "no recipient: give --recipient age1… or --recipients-file FILE \
     (an unencrypted backup of children's data is never written)";

/// A backup written.
#[derive(Debug, Clone, Copy)]
pub struct Taken {
    /// The consistent copy, before compression.
    pub copied: Copied,
    /// Size of the encrypted file.
    pub file_bytes: u64,
    /// Wall-clock time of the whole backup (copy, compress, encrypt, sync).
    pub seconds: f64,
}

/// The recipients of `--recipient` and of each `--recipients-file` (one
/// `age1…` per line; blank lines and `#` comments skipped). None at all is
/// an error.
pub fn recipients(keys: &[String], files: &[PathBuf]) -> anyhow::Result<Vec<x25519::Recipient>> {
    let mut found = keys.iter().map(|k| parse_recipient(k, "--recipient")).collect::<anyhow::Result<Vec<_>>>()?;
    for file in files {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read the recipients file {}", file.display()))?;
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if !line.is_empty() && !line.starts_with('#') {
                found.push(parse_recipient(line, &format!("{}:{}", file.display(), n + 1))?);
            }
        }
    }
    if found.is_empty() {
        bail!(NO_RECIPIENT);
    }
    Ok(found)
}

/// Parses one public key; `whence` says where it was written.
pub fn parse_recipient(text: &str, whence: &str) -> anyhow::Result<x25519::Recipient> {
    let text = text.trim();
    if text.to_ascii_uppercase().starts_with("AGE-SECRET-KEY-") {
        // Never echo a secret key, and say what went wrong.
        bail!("{whence}: this is a secret key (identity), not a public key: give its age1… public key");
    }
    text.parse::<x25519::Recipient>()
        .map_err(|e| anyhow!("{whence}: `{text}` is not an age X25519 public key (age1…): {e}"))
}

/// `dugu backup`: backs up the database in `data` (a server may be
/// running on it) into `out`.
pub fn take(data: &Path, out: &Path, recipients: &[x25519::Recipient]) -> anyhow::Result<Taken> {
    if !data.join("dugu.sqlite").is_file() {
        bail!("{} holds no dugu database", data.display());
    }
    take_with(data, out, recipients, |copy| dugu_storage::backup_database(data, copy))
}

/// A backup of an open store (the server's nightly one) into `out`.
pub fn take_from_store(store: &Store, out: &Path, recipients: &[x25519::Recipient]) -> anyhow::Result<Taken> {
    let data = store.path().parent().unwrap_or(Path::new("."));
    take_with(data, out, recipients, |copy| store.backup_to(copy))
}

fn take_with(
    data: &Path,
    out: &Path,
    recipients: &[x25519::Recipient],
    copy: impl FnOnce(&Path) -> Result<Copied, StoreError>,
) -> anyhow::Result<Taken> {
    if recipients.is_empty() {
        bail!(NO_RECIPIENT);
    }
    let start = Instant::now();
    // Inside the data folder: the plaintext stays where the database already
    // is, on the same disk and under the same protection. Dropping the
    // folder removes it, on every path out of this function.
    let scratch = private_scratch(data, ".dugu-backup-")?;
    let plain = scratch.path().join("dugu.sqlite");
    let copied = copy(&plain).context("cannot copy the database")?;
    let file_bytes = seal(&plain, out, recipients)?;
    scratch.close().context("cannot remove the temporary copy")?;
    Ok(Taken { copied, file_bytes, seconds: start.elapsed().as_secs_f64() })
}

fn private_scratch(parent: &Path, prefix: &str) -> anyhow::Result<tempfile::TempDir> {
    // tempfile creates the folder 0700.
    tempfile::Builder::new()
        .prefix(prefix)
        .tempdir_in(parent)
        .with_context(|| format!("cannot create a private temporary folder in {}", parent.display()))
}

/// Compresses and encrypts `plain` into `out`, atomically: `out.tmp` is
/// written and synced, then renamed, so `out` is either the old file or the
/// whole new one.
fn seal(plain: &Path, out: &Path, recipients: &[x25519::Recipient]) -> anyhow::Result<u64> {
    let tmp = with_suffix(out, ".tmp");
    let bytes = match write_sealed(plain, &tmp, recipients) {
        Ok(bytes) => bytes,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e.context(format!("cannot write {}", out.display())));
        }
    };
    if let Err(e) = std::fs::rename(&tmp, out) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("cannot write {}", out.display()));
    }
    sync_folder(out);
    Ok(bytes)
}

fn write_sealed(plain: &Path, tmp: &Path, recipients: &[x25519::Recipient]) -> anyhow::Result<u64> {
    let file = private_file(tmp, false)?;
    let encryptor = age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
        .context("cannot encrypt to these recipients")?;
    let sealed = encryptor.wrap_output(BufWriter::new(file))?;
    let mut gz = GzEncoder::new(sealed, Compression::default());
    io::copy(&mut File::open(plain)?, &mut gz)?;
    let file = gz.finish()?.finish()?.into_inner().map_err(io::IntoInnerError::into_error)?;
    file.sync_all()?;
    Ok(file.metadata()?.len())
}

/// `dugu restore`: decrypts `file` with an identity of `identity`,
/// decompresses it, checks it, and only then puts it in `new_dir` as its
/// database. On any failure `new_dir` is left as it was.
pub fn restore(file: &Path, new_dir: &Path, identity: &Path) -> anyhow::Result<Verified> {
    for name in ["dugu.sqlite", "dugu.sqlite-wal"] {
        if new_dir.join(name).exists() {
            bail!(
                "{} already holds a database: restore into a new folder (dugu never overwrites one)",
                new_dir.display()
            );
        }
    }
    let identities = read_identities(identity)?;
    let input = File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
    let created = !new_dir.exists();
    std::fs::create_dir_all(new_dir).with_context(|| format!("cannot create {}", new_dir.display()))?;
    let restored = restore_into(input, &identities, new_dir);
    if restored.is_err() && created {
        // Empty by now (the staging folder is gone): leave no trace.
        let _ = std::fs::remove_dir(new_dir);
    }
    restored
}

fn restore_into(input: File, identities: &[x25519::Identity], new_dir: &Path) -> anyhow::Result<Verified> {
    let staging = private_scratch(new_dir, ".dugu-restore-")?;
    let plain = staging.path().join("dugu.sqlite");
    unseal(input, identities, &plain)?;
    let verified = dugu_storage::verify_database(&plain)
        .map_err(|e| anyhow!("the backup decrypted but its database failed the checks ({e}); nothing was restored"))?;
    let target = new_dir.join("dugu.sqlite");
    // A hard link never replaces an existing file, even one that appeared
    // since the check above; a rename is the fallback where links are not
    // supported (e.g. FAT).
    match std::fs::hard_link(&plain, &target) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            bail!("{} already holds a database: nothing was restored", new_dir.display())
        }
        Err(_) if !target.exists() => std::fs::rename(&plain, &target)
            .with_context(|| format!("cannot move the database into {}", new_dir.display()))?,
        Err(e) => return Err(e).with_context(|| format!("cannot move the database into {}", new_dir.display())),
    }
    staging.close().context("cannot remove the temporary folder")?;
    sync_folder(&target);
    Ok(verified)
}

fn unseal(input: File, identities: &[x25519::Identity], plain: &Path) -> anyhow::Result<()> {
    let damaged = |e: io::Error| anyhow!("the backup is damaged or truncated ({e}); nothing was restored");
    let decryptor = age::Decryptor::new_buffered(BufReader::new(input))
        .map_err(|e| anyhow!("not a dugu backup, or its header is damaged ({e}); nothing was restored"))?;
    let reader = decryptor.decrypt(identities.iter().map(|i| i as &dyn age::Identity)).map_err(|e| match e {
        age::DecryptError::NoMatchingKeys => {
            anyhow!("this identity file does not open this backup (wrong key?); nothing was restored")
        }
        e => anyhow!("cannot decrypt the backup ({e}); nothing was restored"),
    })?;
    let mut out = private_file(plain, true)?;
    let mut gz = GzDecoder::new(reader);
    io::copy(&mut gz, &mut out).map_err(damaged)?;
    // age authenticates its last chunk when it is read: read to the end even
    // if the gzip stream is complete, so a cut file is always noticed.
    let trailing = io::copy(&mut gz.into_inner(), &mut io::sink()).map_err(damaged)?;
    if trailing != 0 {
        bail!("the backup has data after its end; nothing was restored");
    }
    out.sync_all()?;
    Ok(())
}

/// The X25519 identities of an age identity file (`AGE-SECRET-KEY-1…`
/// lines; blank lines and `#` comments skipped), as `age-keygen` and
/// `dugu backup keygen` write it. A line is never echoed: it is a secret.
fn read_identities(path: &Path) -> anyhow::Result<Vec<x25519::Identity>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read the identity file {}", path.display()))?;
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let identity = line
            .parse::<x25519::Identity>()
            .map_err(|_| anyhow!("{}:{}: not an age X25519 identity (AGE-SECRET-KEY-1…)", path.display(), n + 1))?;
        found.push(identity);
    }
    if found.is_empty() {
        bail!("{} holds no age identity (AGE-SECRET-KEY-1…)", path.display());
    }
    Ok(found)
}

/// `dugu backup keygen`: a new identity written to `out` (readable by its
/// owner only, never overwriting a file) in `age-keygen`'s format. Returns
/// the public key that backups are encrypted to.
pub fn keygen(out: &Path) -> anyhow::Result<String> {
    let identity = x25519::Identity::generate();
    let public = identity.to_public().to_string();
    let created = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
        .format(&time::format_description::well_known::Rfc3339)?;
    let mut file = private_file(out, true).map_err(|e| match e.downcast_ref::<io::Error>() {
        Some(io) if io.kind() == io::ErrorKind::AlreadyExists => {
            anyhow!("{} already exists: dugu never overwrites a key", out.display())
        }
        _ => e,
    })?;
    write!(file, "# created: {created}\n# public key: {public}\n{}\n", identity.to_string().expose_secret())?;
    file.sync_all()?;
    Ok(public)
}

/// Opens `path` for writing, readable by its owner only; `new` refuses an
/// existing file, otherwise one is truncated.
fn private_file(path: &Path, new: bool) -> anyhow::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true);
    if new {
        options.create_new(true);
    } else {
        options.create(true).truncate(true);
    }
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map_err(|e| anyhow::Error::new(e).context(format!("cannot create {}", path.display())))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Makes a rename or new link in `path`'s folder durable (best effort: not
/// every platform can sync a folder).
fn sync_folder(path: &Path) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = File::open(dir)
    {
        let _ = d.sync_all();
    }
}
