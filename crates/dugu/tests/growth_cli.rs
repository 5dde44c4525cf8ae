//! `dugu growth zscores` as a user runs it: the real binary on real files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dugu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dugu")).args(args).output().expect("run dugu")
}

fn zscores(standard: &str, input: &Path, output: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["growth", "zscores", "--standard", standard, "--input"];
    let (i, o) = (input.to_str().expect("utf-8 path"), output.to_str().expect("utf-8 path"));
    args.extend([i, "--output", o]);
    args.extend(extra);
    dugu(&args)
}

fn read_rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).expect("output exists");
    let h = r.headers().expect("header").clone();
    r.records()
        .map(|rec| h.iter().zip(rec.expect("row").iter()).map(|(k, v)| (k.to_string(), v.to_string())).collect())
        .collect()
}

fn shared(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../growth/tests/data").join(name)
}

/// WHO's expectations, pushed through the CLI: every value must be in the
/// output file exactly.
fn conformance(standard: &str, expectations: &str, input_cols: &[&str]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cases: Vec<(String, Vec<String>)> = Vec::new();
    let mut expected: Vec<(String, String, String)> = Vec::new();
    let mut r = csv::Reader::from_path(shared(expectations)).expect("expectations");
    let h = r.headers().expect("header").clone();
    for rec in r.records() {
        let rec = rec.expect("row");
        let get = |c: &str| rec.get(h.iter().position(|x| x == c).expect("column")).expect("cell").to_string();
        let case = get("case_id");
        if !cases.iter().any(|(c, _)| *c == case) {
            cases.push((
                case.clone(),
                input_cols.iter().map(|c| if *c == "id" { case.clone() } else { get(c) }).collect(),
            ));
        }
        expected.push((case, get("column"), get("expected")));
    }
    let input = dir.path().join("in.csv");
    let mut w = csv::Writer::from_path(&input).expect("write input");
    w.write_record(input_cols).expect("header");
    for (_, cells) in &cases {
        w.write_record(cells).expect("row");
    }
    w.flush().expect("flush");
    let output = dir.path().join("out.csv");
    let out = zscores(standard, &input, &output, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: HashMap<String, HashMap<String, String>> =
        read_rows(&output).into_iter().map(|r| (r["id"].clone(), r)).collect();
    assert_eq!(rows.len(), cases.len());
    let mut checked = 0;
    for (case, column, want) in &expected {
        let Some(got) = rows[case].get(column) else {
            continue;
        }; // e.g. age_days only in some layouts
        match want.as_str() {
            "NA" | "" => assert_eq!(got, "", "{case} {column}"),
            "notNA" => assert_ne!(got, "", "{case} {column}"),
            w => match w.parse::<f64>() {
                Ok(v) => {
                    let g: f64 = got.parse().unwrap_or_else(|_| panic!("{case} {column}: {got:?} is not a number"));
                    assert!((g - v).abs() < 1e-8, "{case} {column}: got {g}, want {v}");
                }
                Err(_) => assert_eq!(got, w, "{case} {column}"),
            },
        }
        checked += 1;
    }
    assert!(checked > expected.len() * 9 / 10, "only {checked} of {} checked", expected.len());
}

#[test]
fn who2006_cli_reproduces_who_expectations() {
    conformance(
        "who2006",
        "r_test_expectations_0_5.csv",
        &[
            "id", "sex", "age", "age_unit", "weight", "lenhei", "measure", "oedema", "headc", "armc", "triskin",
            "subskin",
        ],
    );
}

#[test]
fn who2007_cli_reproduces_who_expectations() {
    conformance("who2007", "r_test_expectations_5_19.csv", &["id", "sex", "age_months", "height", "weight", "oedema"]);
}

const HEADER_2006: &str = "id,sex,age,age_unit,weight,lenhei,measure,oedema,headc,armc,triskin,subskin";

#[test]
fn invalid_rows_get_a_problem_and_the_rest_are_scored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.csv");
    std::fs::write(
        &input,
        format!(
            "{HEADER_2006},village\n\
             ok,2,18,months,8.1,74,l,n,,,,,Kita\n\
             zero,1,300,days,0,70,l,n,,,,,Kita\n\
             neg,1,-3,days,8,70,l,n,,,,,Kita\n\
             sex,x,300,days,8,70,l,n,,,,,Kita\n\
             text,1,300,days,eight,70,l,n,,,,,Kita\n\
             \"quoted, id\",f,24,months,11,85,h,,47,\"14,2\",,,\"Socoura, Mopti\"\n\
             short,1,300\n"
        ),
    )
    .expect("write");
    let output = dir.path().join("out.csv");
    let out = zscores("who2006", &input, &output, &[]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("7 rows scored"), "{stderr}");
    assert!(stderr.contains("weight must be above 0: 1 rows, first on line 3"), "{stderr}");
    let rows = read_rows(&output);
    let by_id: HashMap<&str, &HashMap<String, String>> = rows.iter().map(|r| (r["id"].as_str(), r)).collect();
    assert_eq!(rows.len(), 7);
    assert_eq!(by_id["ok"]["problem"], "");
    assert_eq!(by_id["ok"]["zlen"], "-2.31");
    assert_eq!(by_id["ok"]["stunting"], "moderate");
    assert_eq!(by_id["ok"]["village"], "Kita");
    assert_eq!(by_id["zero"]["problem"], "weight must be above 0");
    assert_eq!(by_id["zero"]["zlen"], "");
    assert_eq!(by_id["neg"]["problem"], "age must not be negative");
    assert_eq!(by_id["sex"]["problem"], "sex must be 1, 2, m or f");
    assert_eq!(by_id["text"]["problem"], "weight must be a number");
    assert_eq!(by_id["text"]["zwei"], "");
    assert_eq!(by_id["quoted, id"]["problem"], "");
    assert_eq!(by_id["quoted, id"]["village"], "Socoura, Mopti");
    assert_ne!(by_id["quoted, id"]["zac"], "", "decimal comma in armc is read");
    assert_eq!(by_id["short"]["problem"], "row has fewer cells than the header");
}

#[test]
fn a_missing_column_or_unreadable_file_is_exit_code_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.csv");
    std::fs::write(
        &input,
        "id,sex,age,age_unit,wieght,lenhei,measure,oedema,headc,armc,triskin,subskin\n1,1,3,days,4,50,l,n,,,,\n",
    )
    .expect("write");
    let out = zscores("who2006", &input, &dir.path().join("out.csv"), &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("missing required column(s): weight"), "{stderr}");

    let out = zscores("who2006", &dir.path().join("nope.csv"), &dir.path().join("out.csv"), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));

    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").expect("write");
    let out = zscores("who2007", &empty, &dir.path().join("out.csv"), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is empty"));
}

#[test]
fn large_files_keep_their_order_whatever_the_threads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.csv");
    let made = dugu(&["bench", "growth-csv", "--rows", "60000", "--output", input.to_str().expect("utf-8")]);
    assert!(made.status.success());
    assert!(std::fs::metadata(&input).expect("input").len() > 2 << 20, "spans several chunks");
    let one = dir.path().join("one.csv");
    let four = dir.path().join("four.csv");
    assert!(zscores("who2006", &input, &one, &["--threads", "1"]).status.success());
    assert!(zscores("who2006", &input, &four, &["--threads", "4"]).status.success());
    let a = std::fs::read(&one).expect("one");
    assert_eq!(a, std::fs::read(&four).expect("four"));
    let rows = read_rows(&one);
    assert_eq!(rows.len(), 60_000);
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r["id"], format!("C{i}"));
    }
}

#[test]
fn help_describes_the_contract() {
    let out = dugu(&["growth", "zscores", "--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for word in ["--standard", "--input", "--output", "who2006", "who2007", "problem", "exit code 2"] {
        assert!(help.contains(word), "help lacks {word}");
    }
}
