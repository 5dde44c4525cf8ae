//! Security requirement 17: no SQL is built from strings at run time. Every
//! statement is a literal (or a `concat!` of literals) with `?` parameters;
//! this test fails if any source line formats text into a query.

#[test]
fn no_query_is_built_with_format() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut offenders = Vec::new();
    let mut files = 0;
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                if !path.ends_with("target") {
                    stack.push(path);
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") || path.ends_with("no_built_sql.rs") {
                continue;
            }
            files += 1;
            let text = std::fs::read_to_string(&path).expect("read");
            for (n, line) in text.lines().enumerate() {
                let upper = line.to_uppercase();
                let sql = ["SELECT ", "INSERT ", "UPDATE ", "DELETE ", " WHERE "].iter().any(|k| upper.contains(k));
                let built = line.contains("format!(") || line.contains("push_str(") || line.contains(" + \"");
                if sql && built {
                    offenders.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(files > 50, "scanned {files} files");
    assert!(offenders.is_empty(), "SQL built from strings:\n{}", offenders.join("\n"));
}
