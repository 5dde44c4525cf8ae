//! WHO's own test expectations (anthro and anthroplus test suites, with
//! anthroplus' 933 children checked against WHO's 2007 macro): every value
//! must come out exactly.

use dugu_growth::{Age, Measure, Sex, Zscore, who2006, who2007};
use std::collections::HashMap;

fn num(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() { None } else { Some(s.parse().unwrap_or_else(|_| panic!("bad number {s:?}"))) }
}

/// What one expected cell says: a number, missing, or just "some value".
enum Expected {
    Value(f64),
    Na,
    NotNa,
    Text(String),
}

fn expected(s: &str) -> Expected {
    match s.trim() {
        "" | "NA" => Expected::Na,
        "notNA" => Expected::NotNa,
        t => t.parse().map(Expected::Value).unwrap_or_else(|_| Expected::Text(t.to_string())),
    }
}

/// A computed cell, as WHO's output would hold it.
#[derive(Debug)]
enum Actual {
    Num(Option<f64>),
    Text(Option<String>),
}

fn z(v: Option<Zscore>) -> Actual {
    Actual::Num(v.map(|z| z.z))
}
fn flag(v: Option<Zscore>) -> Actual {
    Actual::Num(v.map(|z| if z.flag { 1.0 } else { 0.0 }))
}

fn check(case: &str, column: &str, actual: &Actual, want: &Expected, tolerance: f64, failures: &mut Vec<String>) {
    let ok = match (actual, want) {
        (Actual::Num(None), Expected::Na) | (Actual::Text(None), Expected::Na) => true,
        (Actual::Num(Some(_)), Expected::NotNa) | (Actual::Text(Some(_)), Expected::NotNa) => true,
        (Actual::Num(Some(a)), Expected::Value(e)) => (a - e).abs() <= tolerance,
        (Actual::Text(Some(a)), Expected::Text(e)) => a == e,
        _ => false,
    };
    if !ok {
        let want = match want {
            Expected::Value(v) => v.to_string(),
            Expected::Na => "NA".into(),
            Expected::NotNa => "notNA".into(),
            Expected::Text(t) => t.clone(),
        };
        failures.push(format!("{case} {column}: got {actual:?}, want {want}"));
    }
}

fn rows(path: &str) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).expect("test data");
    let headers = reader.headers().expect("header").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            headers.iter().zip(r.iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect()
        })
        .collect()
}

#[test]
fn who2006_matches_anthro_test_suite() {
    let data = rows(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/r_test_expectations_0_5.csv"));
    assert!(data.len() > 100);
    let mut failures = Vec::new();
    for row in &data {
        let age = num(&row["age"]).map(|a| if row["age_unit"] == "months" { Age::Months(a) } else { Age::Days(a) });
        let obs = who2006::Observation {
            sex: Sex::parse(&row["sex"]),
            age,
            weight_kg: num(&row["weight"]),
            lenhei_cm: num(&row["lenhei"]),
            measure: Measure::parse(&row["measure"]),
            oedema: matches!(row["oedema"].trim(), "y" | "Y" | "1"),
            head_cm: num(&row["headc"]),
            muac_cm: num(&row["armc"]),
            triceps_mm: num(&row["triskin"]),
            subscapular_mm: num(&row["subskin"]),
        };
        let s = who2006::zscores(&obs);
        let column = row["column"].as_str();
        let actual = match column {
            "zlen" => z(s.zlen),
            "flen" => flag(s.zlen),
            "zwei" => z(s.zwei),
            "fwei" => flag(s.zwei),
            "zwfl" => z(s.zwfl),
            "fwfl" => flag(s.zwfl),
            "zbmi" => z(s.zbmi),
            "fbmi" => flag(s.zbmi),
            "zhc" => z(s.zhc),
            "fhc" => flag(s.zhc),
            "zac" => z(s.zac),
            "fac" => flag(s.zac),
            "zts" => z(s.zts),
            "fts" => flag(s.zts),
            "zss" => z(s.zss),
            "fss" => flag(s.zss),
            "clenhei" => Actual::Num(s.clenhei),
            "cbmi" => Actual::Num(s.cbmi),
            "age_days" => Actual::Num(s.age_days.map(|d| d as f64)),
            "c9mo_flag" => Actual::Num(Some(if s.c9mo_flag { 1.0 } else { 0.0 })),
            "csex" => Actual::Num(s.csex.map(|x| f64::from(x.code()))),
            "cmeasure" => Actual::Text(s.cmeasure.map(|m| m.code().to_string())),
            other => panic!("unknown expected column {other}"),
        };
        let tolerance: f64 = row["tolerance"].parse().expect("tolerance");
        check(&row["case_id"], column, &actual, &expected(&row["expected"]), tolerance, &mut failures);
    }
    assert!(failures.is_empty(), "{} of {} expectations failed:\n{}", failures.len(), data.len(), failures.join("\n"));
}

#[test]
fn who2007_matches_anthroplus_test_suite() {
    let data = rows(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/r_test_expectations_5_19.csv"));
    assert!(data.len() > 6000);
    let mut failures = Vec::new();
    for row in &data {
        let obs = who2007::Observation {
            sex: Sex::parse(&row["sex"]),
            age_months: num(&row["age_months"]),
            height_cm: num(&row["height"]),
            weight_kg: num(&row["weight"]),
            oedema: matches!(row["oedema"].trim(), "y" | "Y" | "1"),
        };
        let s = who2007::zscores(&obs);
        let column = row["column"].as_str();
        let actual = match column {
            "zhfa" => z(s.zhfa),
            "fhfa" => flag(s.zhfa),
            "zwfa" => z(s.zwfa),
            "fwfa" => flag(s.zwfa),
            "zbfa" => z(s.zbfa),
            "fbfa" => flag(s.zbfa),
            "cbmi" => Actual::Num(s.cbmi),
            other => panic!("unknown expected column {other}"),
        };
        let tolerance: f64 = row["tolerance"].parse().expect("tolerance");
        check(&row["case_id"], column, &actual, &expected(&row["expected"]), tolerance, &mut failures);
    }
    assert!(failures.is_empty(), "{} of {} expectations failed:\n{}", failures.len(), data.len(), failures.join("\n"));
}
