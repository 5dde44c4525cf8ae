//! The README's example, kept true.

use dugu_growth::{Age, Measure, Sex, classify, prevalence::Prevalence, who2006, who2007};

#[test]
fn readme_example_holds() {
    let obs = who2006::Observation {
        sex: Some(Sex::Female),
        age: Some(Age::Months(18.0)),
        weight_kg: Some(8.1),
        lenhei_cm: Some(74.0),
        measure: Some(Measure::Lying),
        muac_cm: Some(12.1),
        ..Default::default()
    };
    let s = who2006::zscores(&obs);
    let zlen = s.zlen.expect("computable");
    assert_eq!((zlen.z, zlen.flag), (-2.31, false));
    let c = classify::under5(&s, obs.muac_cm);
    assert_eq!(c.stunting, Some(classify::Grade::Moderate));
    assert_eq!(c.acute_malnutrition, Some(classify::AcuteMalnutrition::Mam));

    let t = who2007::zscores(&who2007::Observation {
        sex: Some(Sex::Male),
        age_months: Some(130.5),
        height_cm: Some(135.0),
        weight_kg: Some(28.0),
        oedema: false,
    });
    assert!(t.zhfa.is_some() && t.zbfa.is_some() && t.zwfa.is_none(), "weight-for-age stops at 120 months");
    let p: Prevalence = [&s].into_iter().collect();
    let e = p.counts(None, None, dugu_growth::prevalence::Indicator::LengthHeightForAge).below_2();
    assert_eq!((e.count, e.n), (1, 1));
    let w = dugu_growth::Curve::WeightForAge.value_at_sd(Sex::Female, 548, -2.0).expect("row");
    assert!(w > 8.0 && w < 9.0, "{w}");
}
