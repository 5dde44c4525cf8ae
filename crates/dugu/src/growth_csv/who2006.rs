//! The `--standard who2006` file layout: WHO anthro's input columns in,
//! anthro's output columns and dugu's classification out.

use super::cells::{self, AgeUnit, Code};
use super::output::{push_2dp, push_sig15, push_u64};
use super::problems::RowProblems;
use super::{Reading, Standard};
use dugu_growth::classify::{self, AcuteMalnutrition, Grade};
use dugu_growth::{Age, Zscore, who2006};

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

    const REQUIRED: &'static [&'static str] = &["id", "sex", "age", "age_unit"];
    const ABSENT: &'static [(&'static str, &'static str)] = &[
        ("weight", "weight-for-age, weight-for-length/height and BMI-for-age (zwei, zwfl, zbmi) are left empty"),
        ("lenhei", "length/height-for-age, weight-for-length/height and BMI-for-age (zlen, zwfl, zbmi) are left empty"),
        ("measure", "lengths and heights are taken as measured, without the 0.7 cm position correction"),
        ("oedema", "oedema is taken as absent for every child"),
        ("headc", "head circumference-for-age (zhc) is left empty"),
        ("armc", "MUAC-for-age (zac) is left empty and acute malnutrition is judged on weight-for-length/height"),
        ("triskin", "triceps skinfold-for-age (zts) is left empty"),
        ("subskin", "subscapular skinfold-for-age (zss) is left empty"),
    ];

    fn score(cells: &[&[u8]], reading: &Reading, out: &mut Vec<u8>, problems: &mut RowProblems) {
        let (obs, bad) = parse(cells, reading, problems);
        let mut s = who2006::zscores(&obs);
        // An unreadable value is never guessed: what it would change is left
        // empty, everything else is scored as WHO scores it.
        if bad.age {
            // Without an age WHO still scores weight-for-length/height, but
            // an unreadable age is not a missing one: the table it picks
            // would be a guess.
            s.zwfl = None;
        }
        if bad.measure {
            (s.clenhei, s.cbmi, s.zlen, s.zwfl, s.zbmi) = (None, None, None, None, None);
        }
        if bad.oedema {
            (s.zwei, s.zwfl, s.zbmi) = (None, None, None);
        }
        let mut c = classify::under5(&s, obs.muac_cm);
        // SAM stands whatever the unreadable value was; anything milder might
        // have been SAM.
        if (bad.oedema || bad.armc) && c.acute_malnutrition != Some(AcuteMalnutrition::Sam) {
            c.acute_malnutrition = None;
        }

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
        out.extend_from_slice(match (bad.measure, s.c9mo_flag) {
            (true, _) => b",,",
            (false, true) => b",1,",
            (false, false) => b",0,",
        });
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

/// Which cells of a row held a value that could not be read (and so is
/// missing from the observation, with a problem said).
#[derive(Default)]
struct Unreadable {
    age: bool,
    measure: bool,
    oedema: bool,
    armc: bool,
}

/// The observation as far as the row can be read: an invalid cell is
/// missing (WHO's NA), so only the indicators that need it are empty.
fn parse(c: &[&[u8]], reading: &Reading, p: &mut RowProblems) -> (who2006::Observation, Unreadable) {
    let mut bad = Unreadable::default();
    let sex = match cells::sex(c[1], p) {
        Code::Known(s) => Some(s),
        Code::Missing | Code::Invalid => None,
    };
    let before = p.len();
    let value = cells::age(c[2], "age must be a number", "age must not be negative", p);
    let unit = match reading.age_unit {
        Some(u) => Code::Known(u),
        None => cells::age_unit(c[3], p),
    };
    let age = match unit {
        Code::Missing | Code::Known(AgeUnit::Days) => value.map(Age::Days),
        Code::Known(AgeUnit::Months) => value.map(Age::Months),
        // WHO's conversion: a year is 365.25 days (and a month 30.4375).
        Code::Known(AgeUnit::Years) => value.map(|y| Age::Days(y * 365.25)),
        Code::Invalid => None,
    };
    bad.age = p.len() > before;
    let weight_kg = cells::measurement(c[4], "weight must be a number", "weight must be above 0", p);
    let lenhei_cm = cells::measurement(c[5], "lenhei must be a number", "lenhei must be above 0", p);
    let measure = match cells::measure(c[6], p) {
        Code::Known(m) => Some(m),
        Code::Missing => None,
        Code::Invalid => {
            bad.measure = true;
            None
        }
    };
    let oedema = match cells::oedema(c[7], p) {
        Code::Known(o) => o,
        Code::Missing => false,
        Code::Invalid => {
            bad.oedema = true;
            false
        }
    };
    let head_cm = cells::measurement(c[8], "headc must be a number", "headc must be above 0", p);
    let before = p.len();
    let muac = cells::measurement(c[9], "armc must be a number", "armc must be above 0", p);
    bad.armc = p.len() > before;
    let muac_cm = if reading.armc_in_mm { muac.map(|mm| mm / 10.0) } else { muac };
    let triceps_mm = cells::measurement(c[10], "triskin must be a number", "triskin must be above 0", p);
    let subscapular_mm = cells::measurement(c[11], "subskin must be a number", "subskin must be above 0", p);
    let obs = who2006::Observation {
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
    };
    (obs, bad)
}
