use super::*;
use crate::quantity::RoundingDirection;
use time::macros::date;

/// WFP's full basket per person for a 30-day cycle (relief.md 1.1), oil
/// as 0.75 L as requirement 1 writes it.
fn wfp_full(cap: u32) -> Vec<RationItem> {
    [
        ("céréales", Unit::Gram, 12_000),
        ("légumineuses", Unit::Gram, 1_800),
        ("huile", Unit::Millilitre, 750),
        ("sel", Unit::Gram, 150),
    ]
    .into_iter()
    .map(|(item, unit, per_person)| RationItem {
        item: item.to_owned(),
        unit,
        basis: Basis::PerPerson { per_person, cap },
        rounding: None,
        modality: Modality::InKind,
    })
    .collect()
}

fn household(size: Option<u32>) -> HouseholdFacts {
    HouseholdFacts { size, status: Status::Idp, arrival: Some(date!(2026 - 07 - 01)) }
}

fn quantities(items: &[RationItem], size: u32) -> Vec<(u64, Inputs)> {
    items
        .iter()
        .map(|item| {
            let due = item
                .entitlement(household(Some(size)), &DurationRule::default(), date!(2026 - 08 - 01))
                .expect("computable")
                .expect("due");
            (due.quantity, due.inputs)
        })
        .collect()
}

#[test]
fn requirement_1_per_capita_with_a_cap_of_ten() {
    let items = wfp_full(10);
    let seven: Vec<u64> = quantities(&items, 7).into_iter().map(|(q, _)| q).collect();
    assert_eq!(seven, [84_000, 12_600, 5_250, 1_050]);
    let twelve = quantities(&items, 12);
    assert_eq!(twelve.iter().map(|(q, _)| *q).collect::<Vec<_>>(), [120_000, 18_000, 7_500, 1_500]);
    let inputs = twelve[0].1;
    assert_eq!(
        (inputs.size, inputs.used, inputs.capped),
        (12, 10, true),
        "the entitlement records size 12, used 10, capped"
    );
    let uncapped = quantities(&wfp_full(0), 12);
    assert_eq!(uncapped[0].0, 144_000, "cap 0 is no cap");
    assert!(!uncapped[0].1.capped);
}

#[test]
fn requirement_2_exact_millilitres_then_bottles_by_the_stored_rule() {
    let mut oil = wfp_full(10).remove(2);
    let plain =
        oil.entitlement(household(Some(7)), &DurationRule::default(), date!(2026 - 08 - 01)).expect("ok").expect("due");
    assert_eq!(plain.quantity, 5_250, "7 × 0.75 L is exactly 5,250 mL");
    oil.rounding = Some(Rounding { step: 500, direction: RoundingDirection::Up });
    let up =
        oil.entitlement(household(Some(7)), &DurationRule::default(), date!(2026 - 08 - 01)).expect("ok").expect("due");
    assert_eq!((up.quantity, up.inputs.before_rounding), (5_500, 5_250));
    oil.rounding = Some(Rounding { step: 500, direction: RoundingDirection::Down });
    let down =
        oil.entitlement(household(Some(7)), &DurationRule::default(), date!(2026 - 08 - 01)).expect("ok").expect("due");
    assert_eq!(down.quantity, 5_000);
}

#[test]
fn requirement_3_no_silent_size() {
    let cereal = wfp_full(10).remove(0);
    for size in [None, Some(0)] {
        assert_eq!(
            cereal.entitlement(household(size), &DurationRule::default(), date!(2026 - 08 - 01)),
            Err(Exception::SizeMissing)
        );
    }
    assert_eq!(Exception::SizeMissing.to_string(), "household size missing");
}

#[test]
fn requirement_5_the_share_and_the_arrival_used_are_on_the_entitlement() {
    let cereal = wfp_full(10).remove(0);
    let arrived = HouseholdFacts { size: Some(7), status: Status::Idp, arrival: Some(date!(2026 - 01 - 10)) };
    let rule = DurationRule::wfp_mali_2022();
    let august = cereal.entitlement(arrived, &rule, date!(2026 - 08 - 01)).expect("ok").expect("due");
    assert_eq!(august.quantity, 42_000);
    assert_eq!(
        (august.inputs.percent, august.inputs.month, august.inputs.arrival),
        (50, Some(7), Some(date!(2026 - 01 - 10)))
    );
    assert_eq!(cereal.entitlement(arrived, &rule, date!(2026 - 11 - 01)), Ok(None), "nothing in November");
    let no_arrival = HouseholdFacts { arrival: None, ..arrived };
    assert_eq!(cereal.entitlement(no_arrival, &rule, date!(2026 - 08 - 01)), Err(Exception::ArrivalMissing));
}

#[test]
fn requirement_6_cash_is_whole_francs_per_person_or_flat() {
    let per_person = RationItem {
        item: "transfert".to_owned(),
        unit: Unit::Xof,
        basis: Basis::PerPerson { per_person: 7_500, cap: 8 },
        rounding: None,
        modality: Modality::Cash,
    };
    let small = per_person
        .entitlement(household(Some(5)), &DurationRule::default(), date!(2026 - 08 - 01))
        .expect("ok")
        .expect("due");
    assert_eq!(small.quantity, 37_500, "below the cap, never raised to it");
    let big = per_person
        .entitlement(household(Some(11)), &DurationRule::default(), date!(2026 - 08 - 01))
        .expect("ok")
        .expect("due");
    assert_eq!(big.quantity, 60_000);
    let flat = RationItem { basis: Basis::PerHousehold { amount: 60_000 }, ..per_person };
    for size in [1, 6, 16] {
        let due = flat
            .entitlement(household(Some(size)), &DurationRule::default(), date!(2026 - 08 - 01))
            .expect("ok")
            .expect("due");
        assert_eq!(due.quantity, 60_000);
    }
}

#[test]
fn half_of_an_odd_amount_rounds_half_up_to_the_unit() {
    assert_eq!(share(2_625, 50), 1_313);
    assert_eq!(share(5_250, 50), 2_625);
    assert_eq!(share(u64::MAX, 100), u64::MAX);
    assert_eq!(share(10, 0), 0);
}

#[test]
fn codes_read_back() {
    for modality in [Modality::InKind, Modality::Cash] {
        assert_eq!(Modality::parse(modality.code()), Some(modality));
    }
}

proptest::proptest! {
    /// A capped household never gets more than the cap's worth, and a
    /// bigger household never gets less.
    #[test]
    fn more_people_never_less_and_never_past_the_cap(per_person in 1u64..50_000, cap in 0u32..20, size in 1u32..40) {
        let item = RationItem {
            item: "céréales".to_owned(),
            unit: Unit::Gram,
            basis: Basis::PerPerson { per_person, cap },
            rounding: None,
            modality: Modality::InKind,
        };
        let due = |size| item.entitlement(household(Some(size)), &DurationRule::default(), date!(2026 - 08 - 01)).expect("ok").expect("due").quantity;
        proptest::prop_assert!(due(size + 1) >= due(size));
        if cap > 0 {
            proptest::prop_assert!(due(size) <= per_person * u64::from(cap));
        }
    }
}
