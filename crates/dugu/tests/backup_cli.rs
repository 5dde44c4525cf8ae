//! `dugu backup` and `dugu restore` as an operator runs them: the real
//! binary, a demo database, real key files (security requirement 25).

use dugu_storage::reads::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn dugu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dugu")).args(args).env_remove("DUGU_DATA").output().expect("run dugu")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// One demo database for every test (made once: it hashes a password per
/// demo account), which the tests only ever back up.
fn demo() -> &'static Path {
    static DEMO: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, data) = DEMO.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("data");
        let ids = dir.path().join("ids.txt");
        let o = dugu(&["bench", "load-people", "--data", s(&data), "--people", "0", "--ids", s(&ids)]);
        assert!(o.status.success(), "demo database: {}", stderr(&o));
        (dir, data)
    });
    data
}

/// A new key pair through `dugu backup keygen`: (identity file, public key).
fn keygen(dir: &Path, name: &str) -> (PathBuf, String) {
    let identity = dir.join(name);
    let o = dugu(&["backup", "keygen", "--out", s(&identity)]);
    assert!(o.status.success(), "keygen: {}", stderr(&o));
    let public = String::from_utf8(o.stdout).expect("utf-8").trim().to_string();
    assert!(public.starts_with("age1"), "{public}");
    (identity, public)
}

fn backup(out: &Path, public: &str) -> Output {
    dugu(&["backup", "--data", s(demo()), "--out", s(out), "--recipient", public])
}

fn restore(file: &Path, new_dir: &Path, identity: &Path) -> Output {
    dugu(&["restore", s(file), "--data", s(new_dir), "--identity", s(identity)])
}

fn is_empty_or_missing(dir: &Path) -> bool {
    std::fs::read_dir(dir).map_or(true, |mut d| d.next().is_none())
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with(".dugu-") || n.ends_with(".tmp"))
        .collect()
}

#[test]
fn a_backup_restores_to_the_same_database_with_either_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (office, office_key) = keygen(dir.path(), "office.key");
    let (escrow, escrow_key) = keygen(dir.path(), "escrow.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&office).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the identity file is private");
        let text = std::fs::read_to_string(&office).expect("read");
        assert!(text.contains(&format!("# public key: {office_key}")) && text.contains("AGE-SECRET-KEY-1"));
    }
    let recipients = dir.path().join("recipients.txt");
    std::fs::write(&recipients, format!("# the national office\n{office_key}\n\n")).expect("write");
    let out = dir.path().join("kita.sqlite.gz.age");
    let o = dugu(&[
        "backup",
        "--data",
        s(demo()),
        "--out",
        s(&out),
        "--recipients-file",
        s(&recipients),
        "--recipient",
        &escrow_key,
    ]);
    assert!(o.status.success(), "backup: {}", stderr(&o));
    let sealed = std::fs::read(&out).expect("backup file");
    assert!(sealed.starts_with(b"age-encryption.org/v1\n"), "an age file");
    for plain in [&b"SQLite format 3"[..], "Traoré".as_bytes(), b"social.kita"] {
        assert!(!sealed.windows(plain.len()).any(|w| w == plain), "nothing readable in the backup");
    }
    // (The demo folder is shared with tests backing it up at the same
    // time; a folder of this test's own is checked below.)
    assert!(leftovers(dir.path()).is_empty(), "no temporary file left beside the backup");

    let source = dugu_storage::verify_database(&demo().join("dugu.sqlite")).expect("source verifies");
    assert!(source.people > 300 && source.audit_entries > 0);
    for (identity, name) in [(&office, "by-office"), (&escrow, "by-escrow")] {
        let new_dir = dir.path().join(name);
        let o = restore(&out, &new_dir, identity);
        assert!(o.status.success(), "restore: {}", stderr(&o));
        let said = String::from_utf8_lossy(&o.stdout);
        assert!(said.contains("audit chain intact"), "{said}");
        let restored = dugu_storage::verify_database(&new_dir.join("dugu.sqlite")).expect("restored verifies");
        assert_eq!(restored, source, "same people, same audit history");
        assert!(leftovers(&new_dir).is_empty());
        let store = dugu_storage::Store::open(&new_dir).expect("a server can open it");
        assert!(store.user_by_username("social.kita").expect("read").is_some());
        drop(store);
        let again = dir.path().join(format!("{name}.age"));
        let o = dugu(&["backup", "--data", s(&new_dir), "--out", s(&again), "--recipient", &office_key]);
        assert!(o.status.success(), "backup of the restored folder: {}", stderr(&o));
        assert!(leftovers(&new_dir).is_empty(), "no plaintext copy left in the data folder");
    }
}

#[test]
fn the_wrong_key_restores_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, public) = keygen(dir.path(), "right.key");
    let (wrong, _) = keygen(dir.path(), "wrong.key");
    let out = dir.path().join("b.age");
    assert!(backup(&out, &public).status.success());
    let new_dir = dir.path().join("restored");
    let o = restore(&out, &new_dir, &wrong);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("wrong key"), "{}", stderr(&o));
    assert!(is_empty_or_missing(&new_dir), "nothing left in the new folder");
}

#[test]
fn a_damaged_or_cut_backup_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (identity, public) = keygen(dir.path(), "k.key");
    let out = dir.path().join("b.age");
    assert!(backup(&out, &public).status.success());
    let good = std::fs::read(&out).expect("read");
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x01;
    let cut = good[..good.len() - 100].to_vec();
    let at_chunk = good[..good.len() / 3].to_vec();
    for (name, bytes) in [("flipped", flipped), ("cut", cut), ("cut-early", at_chunk)] {
        let file = dir.path().join(format!("{name}.age"));
        std::fs::write(&file, bytes).expect("write");
        let new_dir = dir.path().join(format!("restored-{name}"));
        std::fs::create_dir(&new_dir).expect("mkdir");
        let o = restore(&file, &new_dir, &identity);
        assert!(!o.status.success(), "{name} must be refused");
        assert!(stderr(&o).contains("nothing was restored"), "{name}: {}", stderr(&o));
        assert!(is_empty_or_missing(&new_dir), "{name}: nothing left in the new folder");
    }
    // The intact file still restores.
    assert!(restore(&out, &dir.path().join("ok"), &identity).status.success());
}

#[test]
fn a_restore_never_overwrites_a_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (identity, public) = keygen(dir.path(), "k.key");
    let out = dir.path().join("b.age");
    assert!(backup(&out, &public).status.success());
    let new_dir = dir.path().join("site");
    std::fs::create_dir(&new_dir).expect("mkdir");
    std::fs::write(new_dir.join("dugu.sqlite"), b"today's database").expect("write");
    let o = restore(&out, &new_dir, &identity);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("already holds a database"), "{}", stderr(&o));
    assert_eq!(std::fs::read(new_dir.join("dugu.sqlite")).expect("read"), b"today's database");
}

#[test]
fn no_recipient_no_backup() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("b.age");
    let o = dugu(&["backup", "--data", s(demo()), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("never written"), "{}", stderr(&o));
    assert!(!out.exists());
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "# nobody yet\n").expect("write");
    let o = dugu(&["backup", "--data", s(demo()), "--out", s(&out), "--recipients-file", s(&empty)]);
    assert_eq!(o.status.code(), Some(2));
    let o = dugu(&["backup", "--data", s(demo()), "--out", s(&out), "--recipient", "AGE-SECRET-KEY-1NOTAPUBLICKEY"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!out.exists());
    // keygen never overwrites an identity.
    let (identity, _) = keygen(dir.path(), "k.key");
    let before = std::fs::read(&identity).expect("read");
    assert!(!dugu(&["backup", "keygen", "--out", s(&identity)]).status.success());
    assert_eq!(std::fs::read(&identity).expect("read"), before);
}
