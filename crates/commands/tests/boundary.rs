//! The commands' boundary (issue 11, item 4): this crate knows no
//! database. It names no SQL driver and holds no SQL, so every rule it
//! holds works the same on any backend that implements its contract.

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "toml") {
            out.push(path);
        }
    }
}

#[test]
fn the_commands_know_no_database() {
    // The dependency points inward: the store implements the contract.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = vec![root.join("Cargo.toml")];
    files(&root.join("src"), &mut found);
    files(&root.join("tests"), &mut found);
    assert!(found.len() > 5, "scanned {} files", found.len());
    // Spelled in pieces so that this file does not name them itself.
    let drivers = [concat!("rus", "qlite"), concat!("sq", "lx"), concat!("post", "gres"), concat!("die", "sel")];
    // SQL as it is written in statements: upper case (prose says "where").
    let statements = [
        concat!("SEL", "ECT "),
        concat!("INS", "ERT INTO"),
        concat!("UPD", "ATE "),
        concat!("DEL", "ETE FROM"),
        concat!(" WH", "ERE "),
    ];
    let mut offenders = Vec::new();
    for file in found {
        let text = std::fs::read_to_string(&file).expect("read");
        let manifest = file.ends_with("Cargo.toml");
        for (n, line) in text.lines().enumerate() {
            let store = manifest && line.contains(concat!("dugu-", "storage"));
            if store || drivers.iter().any(|d| line.contains(d)) || statements.iter().any(|s| line.contains(s)) {
                offenders.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(offenders.is_empty(), "the commands name a database:\n{}", offenders.join("\n"));
}
