//! `dugu dedupe` as a user runs it: real files, the real binary.

use std::collections::HashMap;
use std::process::Command;

const HEADER: &str = "id,given_name,family_name,sex,birth_date,age_years,phone,id_document,father_name,mother_name,origin_commune,current_site,household_id";

fn run(dir: &std::path::Path, csv: &str, extra: &[&str]) -> (std::process::Output, HashMap<String, String>) {
    let input = dir.join("people.csv");
    std::fs::write(&input, csv).expect("write");
    let output = dir.join("clusters.csv");
    let mut args =
        vec!["dedupe", "--input", input.to_str().expect("utf-8"), "--output", output.to_str().expect("utf-8")];
    args.extend(extra);
    let out = Command::new(env!("CARGO_BIN_EXE_dugu")).args(&args).output().expect("run dugu");
    let clusters = std::fs::read_to_string(&output)
        .unwrap_or_default()
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(',').map(|(a, b)| (a.to_string(), b.to_string())))
        .collect();
    (out, clusters)
}

#[test]
fn re_registrations_cluster_and_every_id_comes_out_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pairs = dir.path().join("pairs.csv");
    let csv = format!(
        "{HEADER}\n\
         1,Fatoumata,Coulibaly,F,2015-03-04,,+223 76 12 34 56,,Moussa Coulibaly,Awa Traoré,Douentza,Mopti,H1\n\
         2,Fanta,Kulibali,F,2015,,76123456,,Musa Kulibali,Awa Traore,Douentza,Socoura,\n\
         3,Awa,Traoré,F,1990,,+223 66 00 11 22,,,,Douentza,Mopti,H1\n\
         4,Moussa,Diarra,M,,35,,,,,Tenenkou,Mopti,H9\n\
         5,Mamadou,Keïta,X,2010,,,,,,,,\n\
         6,Oumou,Coulibaly,F,2015-03-04,,+223 76 12 34 56,,Moussa Coulibaly,Awa Traoré,Douentza,Mopti,H1\n\
         7,Mariam,Sangaré,F,2019,,,,,,,,\n\
         8,Mariam,Sangaré,F,2019\n"
    );
    let (out, clusters) = run(dir.path(), &csv, &["--pairs", pairs.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let ids: Vec<&str> = clusters.keys().map(String::as_str).collect();
    assert_eq!(clusters.len(), 8, "every id once: {ids:?}");
    assert_eq!(clusters["2"], clusters["1"], "Fanta Kulibali is Fatoumata Coulibaly registered again");
    assert_ne!(clusters["6"], clusters["1"], "a twin sister: same mother and birth date, another given name");
    assert_ne!(clusters["3"], clusters["1"]);
    assert_eq!(clusters["5"], "5", "a malformed row stays alone");
    assert_eq!(clusters["8"], "8", "a short row stays alone");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 6: sex must be M, F or empty"), "{stderr}");
    assert!(stderr.contains("line 9:"), "{stderr}");
    let pairs = std::fs::read_to_string(&pairs).expect("pairs");
    assert!(pairs.starts_with("id_a,id_b,probability,band,evidence\n"));
    let first = pairs.lines().nth(1).expect("a pair");
    assert!(
        first.starts_with("1,2,") && first.contains(",likely,") && first.contains("given_name=alias_or_key"),
        "{first}"
    );
}

#[test]
fn bad_files_stop_with_exit_code_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (out, _) = run(dir.path(), "id,given_name\n1,Awa\n", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing required column(s): family_name"));
    let out = Command::new(env!("CARGO_BIN_EXE_dugu"))
        .args(["dedupe", "--input", "/no/such/file.csv", "--output", dir.path().join("x.csv").to_str().expect("utf-8")])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let (out, _) = run(dir.path(), &format!("{HEADER}\n"), &["--threshold", "2"]);
    assert_eq!(out.status.code(), Some(2));
}

/// An age is an age on the day it was given: with the day in the file
/// (`registered_on`) or on the command line (`--as-of`), the same file
/// gives the same pairs on any day, and an age is compared with a date of
/// birth as of that day.
#[test]
fn an_age_is_taken_on_the_day_it_was_given() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pairs = dir.path().join("pairs.csv");
    let pairs_arg = pairs.to_str().expect("utf-8").to_string();
    let rows = [
        "1,Boubacar,Sangaré,M,1965-08-14,,,,Adama Sangaré,Kadiatou Diallo,Douentza,Mopti,H1",
        "2,Boubacar,Sangaré,M,,54,,,Adama Sangaré,Kadiatou Diallo,Douentza,Sévaré,H2",
        "3,Awa,Dolo,F,,30,,,,,Bandiagara,Mopti,H3",
        "4,Awa,Dolo,F,,31,,,,,Bandiagara,Sévaré,H4",
    ];
    let without_day = format!("{HEADER}\n{}\n", rows.join("\n"));
    // The same rows with the day they were registered, and a column the
    // contract does not know (ignored).
    let with_day = format!(
        "{HEADER},registered_on,notes\n{}\n",
        rows.iter().map(|r| format!("{r},2020-03-01,seen at the well")).collect::<Vec<_>>().join("\n")
    );
    let (out, clusters) = run(dir.path(), &without_day, &["--pairs", &pairs_arg, "--as-of", "2020-03-01"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("today"), "no note when the day is given");
    let as_of = std::fs::read_to_string(&pairs).expect("pairs");
    assert_eq!(clusters["2"], clusters["1"], "aged 54 in March 2020 is born 1965: {as_of}");
    let line = as_of.lines().find(|l| l.starts_with("1,2,")).expect("the pair is scored");
    assert!(line.contains("birth_date=same_year"), "{line}");

    let (out, _) = run(dir.path(), &with_day, &["--pairs", &pairs_arg, "--as-of", "2031-12-31"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&pairs).expect("pairs"), as_of, "registered_on wins over --as-of");

    let (out, _) = run(dir.path(), &without_day, &[]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("3 ages without a registered_on date were taken as ages on today's date"), "{stderr}");

    let (out, _) = run(dir.path(), &without_day, &["--as-of", "1 March 2020"]);
    assert_eq!(out.status.code(), Some(2), "a malformed --as-of is refused");
}
