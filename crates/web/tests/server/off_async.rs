//! Store calls block (SQLite, the writer's queue): none may run on an
//! async worker thread, where it would stall every request that thread
//! serves. This reads the web crate's sources: in an `async fn`, a store
//! call — or a call to a plain function that makes one, however
//! indirectly — must sit inside `blocking(…)`, `run(…)` or
//! `spawn_blocking(…)`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Store methods that do not touch the database.
const NOT_BLOCKING: [&str; 4] = ["clone", "writer_health", "site_id", "path"];
/// Calls whose arguments run on the blocking pool (`Ending::answer` runs
/// its ending there).
// `strike::confirm(` runs its strike on the blocking pool, as
// `Ending::answer` does.
const OFF_ASYNC: [&str; 6] = ["blocking(", "run(", "spawn_blocking(", "care_after(", ".answer(", "strike::confirm("];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source with string and character literals and comments blanked
/// (same length), so brackets inside them do not count.
fn code_only(text: &str) -> Vec<u8> {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                out[i] = b' ';
                i += 1;
            }
        } else if b[i] == b'r' && (b[i..].starts_with(b"r\"") || b[i..].starts_with(b"r#")) {
            let hashes = b[i + 1..].iter().take_while(|c| **c == b'#').count();
            if b.get(i + 1 + hashes) != Some(&b'"') {
                i += 1;
                continue;
            }
            let close: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
            let start = i + 2 + hashes;
            let end =
                b[start..].windows(close.len()).position(|w| w == close.as_slice()).map_or(b.len(), |p| start + p);
            out[start..end].fill(b' ');
            i = end + close.len();
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                let step = if b[i] == b'\\' { 2 } else { 1 };
                out[i..(i + step).min(b.len())].fill(b' ');
                i += step;
            }
            i += 1;
        } else if b[i] == b'\'' && b.get(i + 2) == Some(&b'\'') {
            out[i + 1] = b' ';
            i += 3;
        } else {
            i += 1;
        }
    }
    out
}

/// Where the bracket opened at `open` closes.
fn closing(code: &[u8], open: usize) -> usize {
    let (o, c) = (code[open], if code[open] == b'(' { b')' } else { b'}' });
    let mut depth = 0;
    for (k, ch) in code.iter().enumerate().skip(open) {
        if *ch == o {
            depth += 1;
        } else if *ch == c {
            depth -= 1;
            if depth == 0 {
                return k;
            }
        }
    }
    code.len()
}

struct Function {
    name: String,
    is_async: bool,
    body: std::ops::Range<usize>,
}

fn functions(code: &[u8]) -> Vec<Function> {
    let text = String::from_utf8_lossy(code);
    let mut out = Vec::new();
    for (at, _) in text.match_indices("fn ") {
        if at > 0 && (code[at - 1].is_ascii_alphanumeric() || code[at - 1] == b'_') {
            continue;
        }
        let name: String = text[at + 3..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let Some(open) = text[at..].find(['{', ';']).map(|p| at + p) else { continue };
        if name.is_empty() || code[open] == b';' {
            continue;
        }
        let is_async = text[..at].trim_end().ends_with("async");
        out.push(Function { name, is_async, body: open..closing(code, open) });
    }
    out
}

/// Positions of store calls that touch the database.
fn store_calls(code: &[u8], range: std::ops::Range<usize>) -> Vec<usize> {
    let text = String::from_utf8_lossy(&code[range.clone()]);
    text.match_indices("store.")
        .filter(|(at, _)| {
            let method: String = text[at + 6..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            text[at + 6 + method.len()..].starts_with('(') && !NOT_BLOCKING.contains(&method.as_str())
        })
        .map(|(at, _)| range.start + at)
        .collect()
}

/// Positions where the free function `name` is called (not defined, not
/// a method of the same name) in the range.
fn calls_to(code: &[u8], range: std::ops::Range<usize>, name: &str) -> Vec<usize> {
    let text = String::from_utf8_lossy(&code[range.clone()]);
    let call = format!("{name}(");
    text.match_indices(&call)
        .filter(|(at, _)| {
            let before = text[..*at].chars().last();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') && !text[..*at].ends_with("fn ")
        })
        .map(|(at, _)| range.start + at)
        .collect()
}

/// Whether `pos` is inside the arguments of a call that runs them off the
/// async threads.
fn off_async(code: &[u8], body: &std::ops::Range<usize>, pos: usize) -> bool {
    let text = String::from_utf8_lossy(&code[body.clone()]);
    OFF_ASYNC.iter().any(|marker| {
        text.match_indices(marker).any(|(at, _)| {
            let open = body.start + at + marker.len() - 1;
            open < pos && pos < closing(code, open)
        })
    })
}

#[test]
fn no_store_call_runs_on_an_async_thread() {
    let mut files = Vec::new();
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    let parsed: Vec<(PathBuf, Vec<u8>, Vec<Function>)> = files
        .into_iter()
        .map(|f| {
            let code = code_only(&std::fs::read_to_string(&f).expect("read"));
            let fns = functions(&code);
            (f, code, fns)
        })
        .collect();
    // Plain functions that reach the store, directly or through another.
    let mut blocking_fns: BTreeSet<String> = BTreeSet::new();
    loop {
        let before = blocking_fns.len();
        for (_, code, fns) in &parsed {
            for f in fns.iter().filter(|f| !f.is_async) {
                let reaches = !store_calls(code, f.body.clone()).is_empty()
                    || blocking_fns.iter().any(|n| *n != f.name && !calls_to(code, f.body.clone(), n).is_empty());
                if reaches {
                    blocking_fns.insert(f.name.clone());
                }
            }
        }
        if blocking_fns.len() == before {
            break;
        }
    }
    assert!(blocking_fns.contains("load"), "the session lookup reaches the store: {blocking_fns:?}");
    let mut offenders = Vec::new();
    let mut checked = 0;
    for (file, code, fns) in &parsed {
        for f in fns.iter().filter(|f| f.is_async) {
            let mut positions = store_calls(code, f.body.clone());
            for n in &blocking_fns {
                positions.extend(calls_to(code, f.body.clone(), n));
            }
            for pos in positions {
                checked += 1;
                if !off_async(code, &f.body, pos) {
                    let line = code[..pos].iter().filter(|c| **c == b'\n').count() + 1;
                    offenders.push(format!("{}:{line} in async fn {}", file.display(), f.name));
                }
            }
        }
    }
    assert!(checked > 100, "{checked} calls checked");
    assert!(offenders.is_empty(), "store calls on an async thread:\n{}", offenders.join("\n"));
}
