//! Relief registration from the command line (issue 15): the benchmark's
//! registrations and imports replay from the change log alone (`dugu
//! check`), and `dugu relief-import` imports the shipped example export
//! once — a second run creates nothing (requirement 19).

use dugu_storage::reads::*;
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

#[test]
fn registrations_and_imports_replay_and_an_export_imports_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let o = dugu(&[
        "bench",
        "relief-registration",
        "--data",
        s(&data),
        "--households",
        "150",
        "--people",
        "1000",
        "--registrations",
        "5",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("import: 150 households"), "{}", text(&o));
    let o = dugu(&["check", "--data", s(&data)]);
    assert!(o.status.success(), "the relief records replay from the log: {}", text(&o));

    let (programme, site) = {
        let store = dugu_storage::Store::open(&data).expect("open");
        let user = store.user_by_username("supervisor.mopti").expect("read").expect("supervisor");
        let who = store.principal_of(&user.id).expect("read").expect("may sign in");
        let programme = store.relief_programmes(&who).expect("read").into_iter().find(|p| p.sites.len() > 1);
        let programme = programme.expect("the Mopti programme");
        let site = store.location_by_code("MOP-SEV").expect("read").expect("site").id;
        (programme.id, site)
    };
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/relief/kobo");
    let (main, roster) = (docs.join("export-menages.csv"), docs.join("export-membres.csv"));
    let import = || {
        dugu(&[
            "relief-import",
            "--data",
            s(&data),
            "--programme",
            &programme,
            "--site",
            &site,
            "--as",
            "supervisor.mopti",
            s(&main),
            s(&roster),
        ])
    };
    let first = import();
    assert!(first.status.success(), "{}", text(&first));
    assert!(
        text(&first).starts_with("3 households (8 people) imported, 0 already imported, 1 not approved"),
        "{}",
        text(&first)
    );
    let again = import();
    assert!(text(&again).starts_with("0 households (0 people) imported, 3 already imported"), "{}", text(&again));
    // An officer of another place may not.
    let o = dugu(&[
        "relief-import",
        "--data",
        s(&data),
        "--programme",
        &programme,
        "--site",
        &site,
        "--as",
        "nurse.kita",
        s(&main),
    ]);
    assert!(!o.status.success(), "{}", text(&o));
}
