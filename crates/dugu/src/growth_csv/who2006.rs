//! The `--standard who2006` file layout: WHO anthro's input columns in,
//! anthro's output columns and dugu's classification out.

use super::Standard;
use super::cells;
use super::output::{push_2dp, push_sig15, push_u64};
use super::problems::RowProblems;
use dugu_growth::classify::{self, Grade};
use dugu_growth::{Age, Measure, Zscore, who2006};

pub struct Who2006;

impl Standard for Who2006 {
    const INPUT: &'static [&'static str] = &[
        "id", "sex", "age", "age_unit", "weight", "lenhei", "measure", "oedema", "headc", "armc", "triskin", "subskin",
    ];
    const OUTPUT: &'static [&'static str] = &[
        "age_days",
        "clenhei",
        "cmeasure",
        "c9mo_flag",
        "cbmi",
        "csex",
        "zlen",
        "flen",
        "zwei",
        "fwei",
        "zwfl",
        "fwfl",
        "zbmi",
        "fbmi",
        "zhc",
        "fhc",
        "zac",
        "fac",
        "zts",
        "fts",
        "zss",
        "fss",
        "stunting",
        "underweight",
        "wasting",
        "overweight",
        "acute_malnutrition",
    ];

    fn score(cells: &[&[u8]], out: &mut Vec<u8>, problems: &mut RowProblems) {
        let Some(obs) = parse(cells, problems) else {
            empty_cells(out, Self::OUTPUT.len());
            return;
        };
        let s = who2006::zscores(&obs);
        let c = classify::under5(&s, obs.muac_cm);

        out.push(b',');
        if let Some(d) = s.age_days {
            push_u64(out, d as u64);
        }
        out.push(b',');
        if let Some(l) = s.clenhei {
            push_sig15(out, l);
        }
        out.push(b',');
        if let Some(m) = s.cmeasure {
            out.extend_from_slice(m.code().as_bytes());
        }
        out.extend_from_slice(if s.c9mo_flag { b",1," } else { b",0," });
        if let Some(b) = s.cbmi {
            push_sig15(out, b);
        }
        out.push(b',');
        if let Some(x) = s.csex {
            out.push(b'0' + x.code());
        }
        for z in [s.zlen, s.zwei, s.zwfl, s.zbmi, s.zhc, s.zac, s.zts, s.zss] {
            push_zscore(out, z);
        }
        for g in [c.stunting, c.underweight, c.wasting] {
            out.push(b',');
            out.extend_from_slice(g.map_or("", Grade::code).as_bytes());
        }
        out.push(b',');
        out.extend_from_slice(c.overweight.map_or("", |e| e.code()).as_bytes());
        out.push(b',');
        out.extend_from_slice(c.acute_malnutrition.map_or("", |a| a.code()).as_bytes());
    }
}

/// `,z,f` for one indicator, or `,,` when it cannot be computed.
#[inline]
pub(super) fn push_zscore(out: &mut Vec<u8>, z: Option<Zscore>) {
    out.push(b',');
    if let Some(z) = z {
        push_2dp(out, z.z);
        out.extend_from_slice(if z.flag { b",1" } else { b",0" });
    } else {
        out.push(b',');
    }
}

pub(super) fn empty_cells(out: &mut Vec<u8>, n: usize) {
    out.extend(std::iter::repeat_n(b',', n));
}

fn parse(c: &[&[u8]], p: &mut RowProblems) -> Option<who2006::Observation> {
    let sex = cells::sex(c[1], p);
    let age = cells::age(c[2], "age must be a number", "age must not be negative", p);
    let age = match cells::text(c[3]) {
        None | Some(b"days" | b"day" | b"d") => age.map(Age::Days),
        Some(b"months" | b"month" | b"m") => age.map(Age::Months),
        Some(_) => {
            p.push("age_unit must be days or months");
            None
        }
    };
    let weight_kg = cells::measurement(c[4], "weight must be a number", "weight must be above 0", p);
    let lenhei_cm = cells::measurement(c[5], "lenhei must be a number", "lenhei must be above 0", p);
    let measure = match cells::text(c[6]) {
        None => None,
        Some(t) => {
            let m = std::str::from_utf8(t).ok().and_then(Measure::parse);
            if m.is_none() {
                p.push("measure must be l, h or empty");
            }
            m
        }
    };
    let oedema = cells::oedema(c[7], p);
    let head_cm = cells::measurement(c[8], "headc must be a number", "headc must be above 0", p);
    let muac_cm = cells::measurement(c[9], "armc must be a number", "armc must be above 0", p);
    let triceps_mm = cells::measurement(c[10], "triskin must be a number", "triskin must be above 0", p);
    let subscapular_mm = cells::measurement(c[11], "subskin must be a number", "subskin must be above 0", p);
    if !p.is_empty() {
        return None;
    }
    Some(who2006::Observation {
        sex,
        age,
        weight_kg,
        lenhei_cm,
        measure,
        oedema,
        head_cm,
        muac_cm,
        triceps_mm,
        subscapular_mm,
    })
}
