//! Properties every LMS indicator must have, on random children.

use dugu_growth::{Age, Curve, Sex, who2006};
use proptest::prelude::*;

fn sex() -> impl Strategy<Value = Sex> {
    prop_oneof![Just(Sex::Male), Just(Sex::Female)]
}

fn curve() -> impl Strategy<Value = Curve> {
    proptest::sample::select(Curve::ALL.to_vec())
}

fn curve_and_index() -> impl Strategy<Value = (Curve, i64)> {
    curve().prop_flat_map(|c| {
        let (lo, hi) = c.index_range();
        (Just(c), lo..=hi)
    })
}

proptest! {
    #[test]
    fn z_at_the_median_is_zero((c, i) in curve_and_index(), s in sex()) {
        let m = c.lms(s, i).expect("row in range").m;
        let z = c.raw_zscore(s, i, m).expect("row in range");
        prop_assert!(z.abs() < 1e-12, "{c:?} {i}: z = {z}");
    }

    #[test]
    fn z_grows_with_the_measurement((c, i) in curve_and_index(), s in sex(), a in -4.5f64..4.5, b in -4.5f64..4.5) {
        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
        let y_lo = c.value_at_sd(s, i, lo.clamp(-2.9, 2.9)).expect("row");
        let y_hi = c.value_at_sd(s, i, hi.clamp(-2.9, 2.9)).expect("row");
        let z_lo = c.raw_zscore(s, i, y_lo).expect("row");
        let z_hi = c.raw_zscore(s, i, y_hi).expect("row");
        prop_assert!(z_lo <= z_hi + 1e-12);
        // Beyond the curves too: a heavier child never scores lower.
        let m = c.lms(s, i).expect("row").m;
        let (u, v) = (m * (1.0 + lo / 10.0), m * (1.0 + hi / 10.0));
        prop_assert!(c.raw_zscore(s, i, u).expect("row") <= c.raw_zscore(s, i, v).expect("row") + 1e-12);
    }

    #[test]
    fn the_k_sd_curve_gives_z_equal_to_k((c, i) in curve_and_index(), s in sex(), k in -300i32..=300) {
        let k = f64::from(k) / 100.0;
        let y = c.value_at_sd(s, i, k).expect("row");
        let z = c.raw_zscore(s, i, y).expect("row");
        prop_assert!((z - k).abs() < 1e-9, "{c:?} {i} k={k}: z={z}");
    }

    #[test]
    fn the_restricted_region_is_continuous_at_three_sd((c, i) in curve_and_index(), s in sex(), sign in prop_oneof![Just(1.0), Just(-1.0)]) {
        prop_assume!(c.restricted());
        let y3 = c.value_at_sd(s, i, 3.0 * sign).expect("row");
        let eps = y3 * 1e-9;
        let inside = c.raw_zscore(s, i, y3 - sign * eps).expect("row");
        let outside = c.raw_zscore(s, i, y3 + sign * eps).expect("row");
        prop_assert!((inside - 3.0 * sign).abs() < 1e-6, "{inside}");
        prop_assert!((outside - 3.0 * sign).abs() < 1e-6, "{outside}");
    }

    #[test]
    fn weight_for_age_rounded_scores_rise_with_weight(s in sex(), day in 0u32..1826, w1 in 0.5f64..40.0, w2 in 0.5f64..40.0) {
        let obs = |w| who2006::Observation { sex: Some(s), age: Some(Age::Days(f64::from(day))), weight_kg: Some(w), ..Default::default() };
        let (lo, hi) = if w1 < w2 { (w1, w2) } else { (w2, w1) };
        let a = who2006::zscores(&obs(lo)).zwei.expect("in range");
        let b = who2006::zscores(&obs(hi)).zwei.expect("in range");
        prop_assert!(a.z <= b.z);
    }

    #[test]
    fn arbitrary_input_never_panics(
        sex_code in 0u8..4, age in proptest::option::of(-10.0f64..100_000.0), months in any::<bool>(),
        w in proptest::option::of(any::<f64>()), l in proptest::option::of(any::<f64>()),
        muac in proptest::option::of(-5.0f64..100.0), oedema in any::<bool>(),
    ) {
        let obs = who2006::Observation {
            sex: Sex::parse(&sex_code.to_string()),
            age: age.map(|a| if months { Age::Months(a) } else { Age::Days(a) }),
            weight_kg: w, lenhei_cm: l, muac_cm: muac, oedema,
            ..Default::default()
        };
        let s = who2006::zscores(&obs);
        let _ = dugu_growth::classify::under5(&s, muac);
    }
}
