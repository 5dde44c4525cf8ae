//! `dugu check` as an operator runs it: the real binary on databases made
//! by the demo and the benchmarks (the state their commands produced must
//! be what the change log alone rebuilds).

use std::path::Path;
use std::process::{Command, Output};

fn dugu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dugu")).args(args).env_remove("DUGU_DATA").output().expect("run dugu")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn assert_replays(data: &Path) {
    let o = dugu(&["check", "--data", s(data)]);
    assert!(o.status.success(), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("ok: "), "{out}");
    // The scratch database is gone.
    let left: Vec<String> = std::fs::read_dir(data)
        .expect("read dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with(".dugu-check"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn the_demo_and_bench_people_replay_to_themselves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let ids = dir.path().join("ids.txt");
    let o = dugu(&["bench", "load-people", "--data", s(&data), "--people", "300", "--ids", s(&ids)]);
    assert!(o.status.success(), "{}", text(&o));
    assert_replays(&data);
}

#[test]
fn the_care_benchmark_replays_to_itself() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let ids = dir.path().join("ids.txt");
    let o = dugu(&[
        "bench",
        "load-care",
        "--data",
        s(&data),
        "--children",
        "60",
        "--per-child",
        "4",
        "--visits",
        "40",
        "--marks",
        "300",
        "--ids",
        s(&ids),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert_replays(&data);
}

#[test]
fn a_folder_without_a_database_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = dugu(&["check", "--data", s(dir.path())]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

#[test]
fn logs_to_a_file_are_plain_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("dugu.log");
    let file = std::fs::File::create(&log).expect("log file");
    let err = file.try_clone().expect("clone");
    let mut server = Command::new(env!("CARGO_BIN_EXE_dugu"))
        .args(["serve", "--data", s(&dir.path().join("data")), "--listen", "127.0.0.1:0"])
        .env_remove("DUGU_DATA")
        .env("DUGU_ADMIN_PASSWORD", "a long enough password for the test")
        .stdout(file)
        .stderr(err)
        .spawn()
        .expect("start the server");
    // A new database logs its migrations as the server starts.
    let mut written = String::new();
    for _ in 0..600 {
        written = std::fs::read_to_string(&log).unwrap_or_default();
        if written.contains("applied migration") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = server.kill();
    let _ = server.wait();
    assert!(written.contains("applied migration"), "the log is there: {written}");
    assert!(!written.contains('\u{1b}'), "no colour codes in a file: {written:?}");
}
