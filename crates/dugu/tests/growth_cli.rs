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
    conformance_named(standard, expectations, input_cols, None);
}

/// The same, with the file's columns named `{prefix}{NAME}` (as a KoBo
/// group would) and read back through `--columns`.
fn conformance_named(standard: &str, expectations: &str, input_cols: &[&str], prefix: Option<&str>) {
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
    let header: Vec<String> =
        input_cols.iter().map(|c| prefix.map_or(c.to_string(), |p| format!("{p}{}", c.to_uppercase()))).collect();
    w.write_record(&header).expect("header");
    for (_, cells) in &cases {
        w.write_record(cells).expect("row");
    }
    w.flush().expect("flush");
    let output = dir.path().join("out.csv");
    let mapping: Vec<String> = input_cols.iter().zip(&header).map(|(c, h)| format!("{c}={h}")).collect();
    let mapping = mapping.join(",");
    let extra: Vec<&str> = if prefix.is_some() { vec!["--columns", mapping.as_str()] } else { vec![] };
    let out = zscores(standard, &input, &output, &extra);
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
fn who2006_expectations_hold_through_a_column_mapping() {
    conformance_named(
        "who2006",
        "r_test_expectations_0_5.csv",
        &[
            "id", "sex", "age", "age_unit", "weight", "lenhei", "measure", "oedema", "headc", "armc", "triskin",
            "subskin",
        ],
        Some("enfant/"),
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
    assert!(stderr.contains("5 rows had invalid values"), "{stderr}");
    let rows = read_rows(&output);
    let by_id: HashMap<&str, &HashMap<String, String>> = rows.iter().map(|r| (r["id"].as_str(), r)).collect();
    assert_eq!(rows.len(), 7);
    assert_eq!(by_id["ok"]["problem"], "");
    assert_eq!(by_id["ok"]["zlen"], "-2.31");
    assert_eq!(by_id["ok"]["stunting"], "moderate");
    assert_eq!(by_id["ok"]["village"], "Kita");
    assert_eq!(by_id["zero"]["problem"], "weight must be above 0");
    // A weight of 0 empties the weight-based scores only.
    assert_eq!((by_id["zero"]["zwei"].as_str(), by_id["zero"]["zwfl"].as_str()), ("", ""));
    assert_ne!(by_id["zero"]["zlen"], "", "length-for-age needs no weight");
    assert_eq!(by_id["zero"]["zlen"], by_id["text"]["zlen"]);
    assert_eq!(by_id["neg"]["problem"], "age must not be negative");
    assert_eq!((by_id["neg"]["zlen"].as_str(), by_id["neg"]["zwfl"].as_str()), ("", ""));
    assert_eq!(by_id["sex"]["problem"], "sex must be 1 or 2, m or f, h (homme) or f (femme)");
    assert_eq!((by_id["sex"]["zlen"].as_str(), by_id["sex"]["zwfl"].as_str()), ("", ""));
    assert_eq!(by_id["text"]["problem"], "weight must be a number");
    assert_eq!(by_id["text"]["zwei"], "");
    assert_eq!(by_id["quoted, id"]["problem"], "");
    assert_eq!(by_id["quoted, id"]["village"], "Socoura, Mopti");
    assert_ne!(by_id["quoted, id"]["zac"], "", "decimal comma in armc is read");
    assert_eq!(by_id["short"]["problem"], "row has fewer cells than the header");
    assert_eq!(by_id["short"]["age_days"], "", "a broken row is not scored at all");
}

#[test]
fn a_missing_column_or_unreadable_file_is_exit_code_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.csv");
    std::fs::write(
        &input,
        "id,sxe,age,age_unit,weight,lenhei,measure,oedema,headc,armc,triskin,subskin\n1,1,3,days,4,50,l,n,,,,\n",
    )
    .expect("write");
    let out = zscores("who2006", &input, &dir.path().join("out.csv"), &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("missing required column(s): sex"), "{stderr}");
    assert!(stderr.contains("--columns"), "says how to name the file's own column: {stderr}");

    // A misspelt optional column is not an error, but stderr says what it costs.
    std::fs::write(&input, "id,sex,age,age_unit,wieght,lenhei\n1,1,3,days,4,50\n").expect("write");
    let out = zscores("who2006", &input, &dir.path().join("out.csv"), &[]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no weight column: weight-for-age"), "{stderr}");

    // Without an age unit column, --age-unit is required.
    std::fs::write(&input, "id,sex,age,weight\n1,1,3,4\n").expect("write");
    let out = zscores("who2006", &input, &dir.path().join("out.csv"), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing required column(s): age_unit"));

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
    for word in [
        "--standard",
        "--input",
        "--output",
        "who2006",
        "who2007",
        "problem",
        "exit code 2",
        "--columns",
        "--age-unit",
        "--armc-unit",
        "sex=SEXE",
        "femme",
        "oui",
    ] {
        assert!(help.contains(word), "help lacks {word}");
    }
}

/// Runs the CLI on `text` and returns the rows by id, with stderr.
fn score_text(
    dir: &Path,
    standard: &str,
    text: &str,
    extra: &[&str],
) -> (Output, HashMap<String, HashMap<String, String>>) {
    let n = std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0);
    let input = dir.join(format!("in{n}.csv"));
    let output = dir.join(format!("out{n}.csv"));
    std::fs::write(&input, text).expect("write");
    let out = zscores(standard, &input, &output, extra);
    let rows = if out.status.success() {
        read_rows(&output).into_iter().map(|r| (r["id"].clone(), r)).collect()
    } else {
        HashMap::new()
    };
    (out, rows)
}

const Z_2006: [&str; 8] = ["zlen", "zwei", "zwfl", "zbmi", "zhc", "zac", "zts", "zss"];

#[test]
fn a_file_with_only_weight_gives_weight_for_age_and_leaves_the_rest_empty() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (out, rows) = score_text(dir.path(), "who2006", "id,sex,age,age_unit,weight\nA,2,18,months,9.5\n", &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The same child with every column, the rest of them empty.
    let (_, full) = score_text(dir.path(), "who2006", &format!("{HEADER_2006}\nA,2,18,months,9.5,,,,,,,\n"), &[]);
    let a = &rows["A"];
    assert_ne!(a["zwei"], "");
    assert_eq!(a["zwei"], full["A"]["zwei"]);
    assert_eq!(a["fwei"], "0");
    assert_eq!(a["underweight"], full["A"]["underweight"]);
    for z in Z_2006.iter().filter(|z| **z != "zwei") {
        assert_eq!(a[*z], "", "{z}");
    }
    assert_eq!((a["stunting"].as_str(), a["wasting"].as_str(), a["problem"].as_str()), ("", "", ""));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no lenhei column") && stderr.contains("no headc column"), "{stderr}");

    // who2007 likewise: height only.
    let (out, rows) = score_text(dir.path(), "who2007", "id,sex,age_months,height\nB,1,120,130\n", &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_ne!(rows["B"]["zhfa"], "");
    assert_eq!((rows["B"]["zwfa"].as_str(), rows["B"]["zbfa"].as_str()), ("", ""));
}

#[test]
fn an_invalid_value_empties_only_the_scores_that_need_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let row = |id: &str, measure: &str, oedema: &str, headc: &str, armc: &str| {
        format!("{id},1,20,months,9.8,80.1,{measure},{oedema},{headc},{armc},7,6\n")
    };
    let text = format!(
        "{HEADER_2006}\n{}{}{}{}{}{}",
        row("ok", "l", "n", "47", "13.5"),
        row("headc0", "l", "n", "0", "13.5"),
        row("headcx", "l", "n", "x", "13.5"),
        row("armc", "l", "n", "47", "0"),
        row("measure", "sitting", "n", "47", "13.5"),
        row("oedema", "l", "maybe", "47", "13.5"),
    );
    let (out, rows) = score_text(dir.path(), "who2006", &text, &[]);
    assert!(out.status.success());
    let ok = &rows["ok"];
    for z in Z_2006 {
        assert_ne!(ok[z], "", "{z}");
    }
    let same_but = |id: &str, empty: &[&str]| {
        let r = &rows[id];
        for z in Z_2006 {
            if empty.contains(&z) {
                assert_eq!(r[z], "", "{id}: {z} is empty");
                assert_eq!(r[&format!("f{}", &z[1..])], "", "{id}: its flag too");
            } else {
                assert_eq!(r[z], ok[z], "{id}: {z} as without the bad value");
            }
        }
    };
    // A head circumference of 0 (the usual "not measured") costs zhc only.
    same_but("headc0", &["zhc"]);
    assert_eq!(rows["headc0"]["problem"], "headc must be above 0");
    assert_eq!(rows["headc0"]["underweight"], ok["underweight"]);
    assert_eq!(rows["headc0"]["acute_malnutrition"], ok["acute_malnutrition"]);
    same_but("headcx", &["zhc"]);
    assert_eq!(rows["headcx"]["problem"], "headc must be a number");
    same_but("armc", &["zac"]);
    assert_eq!(rows["armc"]["problem"], "armc must be above 0");
    assert_eq!(rows["armc"]["acute_malnutrition"], "", "undecidable without the MUAC");
    same_but("measure", &["zlen", "zwfl", "zbmi"]);
    assert!(rows["measure"]["problem"].starts_with("measure must be"));
    assert_eq!((rows["measure"]["clenhei"].as_str(), rows["measure"]["stunting"].as_str()), ("", ""));
    same_but("oedema", &["zwei", "zwfl", "zbmi"]);
    assert!(rows["oedema"]["problem"].starts_with("oedema must be"));
    assert_eq!(rows["oedema"]["underweight"], "");
    assert_eq!(rows["oedema"]["stunting"], ok["stunting"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("5 rows had invalid values"), "{stderr}");
}

/// Two files that say the same thing must score the same.
fn assert_same_scores(a: &HashMap<String, String>, b: &HashMap<String, String>, columns: &[&str]) {
    for c in columns {
        assert_eq!(a[*c], b[*c], "{c}");
    }
}

const SCORED_2006: [&str; 17] = [
    "age_days",
    "clenhei",
    "cbmi",
    "zlen",
    "flen",
    "zwei",
    "fwei",
    "zwfl",
    "fwfl",
    "zbmi",
    "zac",
    "fac",
    "stunting",
    "underweight",
    "wasting",
    "acute_malnutrition",
    "problem",
];

#[test]
fn a_smart_export_in_french_is_read_through_columns_and_age_unit() {
    let dir = tempfile::tempdir().expect("tempdir");
    // ENA/SMART: age in months, no unit column, MUAC (PB) in mm, French codes.
    let smart = "CLUSTER,EQUIPE,ID,SEXE,AGE,POIDS,TAILLE,MESURE,OEDEME,PB\n\
                 12,3,e1,F,18.2,\"8,1\",74.0,l,n,118\n\
                 12,3,e2,H,40,12.9,93.5,h,o,140\n\
                 12,3,e3,f,7,6.1,64.2,l,N,110\n";
    let columns = "id=ID,sex=SEXE,age=AGE,weight=POIDS,lenhei=TAILLE,measure=MESURE,oedema=OEDEME,armc=PB";
    let (out, rows) =
        score_text(dir.path(), "who2006", smart, &["--columns", columns, "--age-unit", "months", "--armc-unit", "mm"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let contract = format!(
        "{HEADER_2006}\ne1,2,18.2,months,8.1,74,l,n,,11.8,,\ne2,1,40,months,12.9,93.5,h,y,,14,,\ne3,2,7,months,6.1,64.2,l,n,,11,,\n"
    );
    let (_, want) = score_text(dir.path(), "who2006", &contract, &[]);
    for id in ["e1", "e2", "e3"] {
        assert_same_scores(&rows[id], &want[id], &SCORED_2006);
        assert_eq!(rows[id]["CLUSTER"], "12", "other columns are carried through");
        assert_eq!(rows[id]["problem"], "");
    }
    assert_ne!(rows["e1"]["zwei"], "");
    assert_eq!(rows["e1"]["acute_malnutrition"], "mam", "PB 118 mm is MAM");
    assert_eq!(rows["e2"]["wasting"], "severe", "OEDEME o (oui) is oedema");
    assert_eq!(rows["e3"]["acute_malnutrition"], "sam", "PB 110 mm is SAM");
    assert!(!rows["e1"].contains_key("POIDS"), "mapped columns are read, not repeated");

    // Ages in years, as WHO converts them: 1.5 years = 547.875 days → 548.
    let (out, rows) = score_text(dir.path(), "who2006", "id,sex,age\ny,1,1.5\n", &["--age-unit", "years"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(rows["y"]["age_days"], "548");
}

#[test]
fn a_kobo_export_with_group_paths_is_read_through_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let kobo = "start,end,child/child_id,child/sex,child/age_months,anthro/weight,anthro/height,anthro/position,anthro/oedema,_uuid\n\
                2026-11-02,2026-11-02,k1,female,30,10.2,86.4,standing,no,u1\n\
                2026-11-02,2026-11-02,k2,male,11,7.0,70.5,lying,yes,u2\n\
                2026-11-02,2026-11-02,k3,male,NA,9.0,75.0,lying,no,u3\n";
    let columns = "id=child/child_id,sex=child/sex,age=child/age_months,weight=anthro/weight,\
                   lenhei=anthro/height,measure=anthro/position,oedema=anthro/oedema";
    let (out, rows) = score_text(dir.path(), "who2006", kobo, &["--columns", columns, "--age-unit", "months"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let contract = format!(
        "{HEADER_2006}\nk1,f,30,months,10.2,86.4,h,n,,,,\nk2,m,11,months,7,70.5,l,y,,,,\nk3,m,,months,9,75,l,n,,,,\n"
    );
    let (_, want) = score_text(dir.path(), "who2006", &contract, &[]);
    for id in ["k1", "k2", "k3"] {
        assert_same_scores(&rows[id], &want[id], &SCORED_2006);
        assert_eq!(rows[id]["_uuid"].len(), 2);
    }
    assert_ne!(rows["k1"]["zlen"], "");
    assert_eq!(rows["k2"]["acute_malnutrition"], "sam", "oedema yes");
    // NA is a missing age, as in R: weight-for-length still scored, as WHO does.
    assert_eq!((rows["k3"]["zwei"].as_str(), rows["k3"]["problem"].as_str()), ("", ""));
    assert_ne!(rows["k3"]["zwfl"], "");
}

#[test]
fn a_bad_column_mapping_is_exit_code_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = "ID,SEXE,AGE,POIDS\n1,F,12,8\n";
    for (args, says) in [
        (vec!["--columns", "poids=POIDS", "--age-unit", "months"], "poids is not a column this standard reads"),
        (vec!["--columns", "weight=WEIGHT_KG,sex=SEXE,id=ID,age=AGE", "--age-unit", "months"], "no column WEIGHT_KG"),
        (vec!["--columns", "weight", "--age-unit", "months"], "is not NAME=COLUMN"),
        (vec!["--columns", "weight=POIDS,weight=AGE", "--age-unit", "months"], "weight is mapped more than once"),
        (vec!["--columns", "id=ID,sex=SEXE,age=AGE,weight=AGE", "--age-unit", "months"], "would be read both as age"),
        (vec!["--columns", "id=ID,sex=SEXE,age=AGE"], "missing required column(s): age_unit"),
    ] {
        let (out, _) = score_text(dir.path(), "who2006", file, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    // A unit column and --age-unit at once is ambiguous.
    let (out, _) = score_text(dir.path(), "who2006", "id,sex,age,age_unit\n1,1,3,days\n", &["--age-unit", "months"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("keep one"));
    // who2007 has no age_unit or MUAC.
    let (out, _) = score_text(dir.path(), "who2007", "id,sex,age_months\n1,1,70\n", &["--age-unit", "years"]);
    assert_eq!(out.status.code(), Some(2));
}
