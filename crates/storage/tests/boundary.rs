//! The store's boundary (issue 11, item 4): rusqlite is private to the
//! storage crate. No other crate names it — not in its sources, its tests
//! or its manifest — so SQL and the database stay behind the store's
//! commands and scoped queries.

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            if !path.ends_with("target") {
                files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs" || e == "toml") {
            out.push(path);
        }
    }
}

#[test]
fn no_other_crate_names_rusqlite() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut scanned = 0;
    let mut offenders = Vec::new();
    for entry in std::fs::read_dir(&crates).expect("read crates").flatten() {
        if entry.file_name() == "storage" {
            continue;
        }
        let mut found = Vec::new();
        files(&entry.path(), &mut found);
        for file in found {
            scanned += 1;
            let text = std::fs::read_to_string(&file).expect("read");
            if text.contains("rusqlite") {
                offenders.push(file.display().to_string());
            }
        }
    }
    assert!(scanned > 100, "scanned {scanned} files");
    assert!(offenders.is_empty(), "rusqlite named outside the storage crate: {offenders:?}");
}

#[test]
fn the_store_hands_out_no_connection() {
    // A public method taking or returning a connection would let any crate
    // run SQL past the scope checks.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    files(&src, &mut found);
    for file in found {
        let text = std::fs::read_to_string(&file).expect("read");
        for (n, line) in text.lines().enumerate() {
            let public = line.trim_start().starts_with("pub fn") || line.trim_start().starts_with("pub async fn");
            if public && line.contains("Connection") {
                panic!("{}:{}: {}", file.display(), n + 1, line.trim());
            }
        }
    }
}
