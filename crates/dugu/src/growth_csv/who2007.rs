//! The `--standard who2007` file layout: anthroplus' columns in and out,
//! with dugu's classification for 5–19 years.

use super::cells::{self, Code};
use super::output::push_sig15;
use super::problems::RowProblems;
use super::who2006::push_zscore;
use super::{Reading, Standard};
use dugu_growth::classify::{self, Grade};
use dugu_growth::who2007;

pub struct Who2007;

impl Standard for Who2007 {
    const INPUT: &'static [&'static str] = &["id", "sex", "age_months", "height", "weight", "oedema"];
    const OUTPUT: &'static [&'static str] = &[
        "cbmi",
        "csex",
        "zhfa",
        "fhfa",
        "zwfa",
        "fwfa",
        "zbfa",
        "fbfa",
        "stunting",
        "underweight",
        "thinness",
        "overweight",
    ];

    const REQUIRED: &'static [&'static str] = &["id", "sex", "age_months"];
    const ABSENT: &'static [(&'static str, &'static str)] = &[
        ("height", "height-for-age and BMI-for-age (zhfa, zbfa) are left empty"),
        ("weight", "weight-for-age and BMI-for-age (zwfa, zbfa) are left empty"),
        ("oedema", "oedema is taken as absent for every child"),
    ];

    fn score(c: &[&[u8]], _reading: &Reading, out: &mut Vec<u8>, p: &mut RowProblems) {
        let sex = match cells::sex(c[1], p) {
            Code::Known(s) => Some(s),
            Code::Missing | Code::Invalid => None,
        };
        let age_months = cells::age(c[2], "age_months must be a number", "age_months must not be negative", p);
        let height_cm = cells::measurement(c[3], "height must be a number", "height must be above 0", p);
        let weight_kg = cells::measurement(c[4], "weight must be a number", "weight must be above 0", p);
        let (oedema, bad_oedema) = match cells::oedema(c[5], p) {
            Code::Known(o) => (o, false),
            Code::Missing => (false, false),
            Code::Invalid => (false, true),
        };
        let mut s = who2007::zscores(&who2007::Observation { sex, age_months, height_cm, weight_kg, oedema });
        // Unreadable oedema: the weight-based scores it would void stay empty.
        if bad_oedema {
            (s.zwfa, s.zbfa) = (None, None);
        }
        let k = classify::from5to19(&s);
        out.push(b',');
        if let Some(b) = s.cbmi {
            push_sig15(out, b);
        }
        out.push(b',');
        if let Some(x) = s.csex {
            out.push(b'0' + x.code());
        }
        for z in [s.zhfa, s.zwfa, s.zbfa] {
            push_zscore(out, z);
        }
        for g in [k.stunting, k.underweight, k.thinness] {
            out.push(b',');
            out.extend_from_slice(g.map_or("", Grade::code).as_bytes());
        }
        out.push(b',');
        out.extend_from_slice(k.overweight.map_or("", |e| e.code()).as_bytes());
    }
}
