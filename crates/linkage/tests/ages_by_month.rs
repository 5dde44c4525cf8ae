//! A family known only by ages, registered in June and again in August:
//! the same ages, said either side of 1 July, once made birth years a
//! year apart. The family is found at least as strongly as when it is
//! registered again the same month.

use dugu_linkage::Linker;
use dugu_linkage::record::{Day, RawRecord, Record};

const AS_OF: Day = Day { year: 2026, month: 1, day: 1 };

#[allow(clippy::too_many_arguments)]
fn person(id: &str, given: &str, sex: &str, birth: &str, age: &str, phone: &str, form: &str, on: &str) -> Record {
    let raw = RawRecord {
        id: id.into(),
        given_name: given.into(),
        family_name: "Guindo".into(),
        sex: sex.into(),
        birth_date: birth.into(),
        age_years: age.into(),
        phone: phone.into(),
        origin_commune: "Bandiagara".into(),
        household_id: form.into(),
        registered_on: on.into(),
        ..Default::default()
    };
    Record::parse(&raw, AS_OF).expect("valid")
}

/// The family's members by age only, on a form made on `on`: the head
/// gives his phone, as families do.
fn family(form: &str, on: &str) -> Vec<Record> {
    [("Hamidou", "M", "51"), ("Aminata", "F", "44"), ("Yacouba", "M", "11"), ("Hawa", "F", "9"), ("Sali", "F", "7")]
        .iter()
        .map(|(given, sex, age)| {
            let phone = if *given == "Hamidou" { "+223 76 40 21 09" } else { "" };
            person(&format!("{form}-{given}"), given, sex, "", age, phone, form, on)
        })
        .collect()
}

#[test]
fn a_family_known_by_ages_registered_in_june_and_in_august_is_found_as_when_typed_the_same_month() {
    // Guindos of Bandiagara, with birth dates and phones, around them.
    let given_f = ["Awa", "Fatoumata", "Aminata", "Mariam", "Kadiatou", "Oumou", "Yaye", "Bintou"];
    let given_m = ["Moussa", "Mamadou", "Ibrahim", "Seydou", "Amadou", "Oumar", "Adama", "Issa"];
    let mut records = Vec::new();
    for i in 0..600usize {
        let female = i % 2 == 0;
        let given = if female { given_f[i % 8] } else { given_m[(i / 2) % 8] };
        let birth = format!("{}-0{}-1{}", 1950 + (i * 13 % 70), 1 + i % 9, i % 9);
        let phone = format!("7{:07}", i * 7919 % 10_000_000);
        let sex = if female { "F" } else { "M" };
        records.push(person(&i.to_string(), given, sex, &birth, "", &phone, &format!("F{}", i / 5), "2026-03-01"));
    }
    let first = records.len() as u32;
    records.extend(family("SEV-1", "2026-06-10"));
    let mut linker = Linker::build(records);

    let same_month = linker.check_household(&family("BAR-1", "2026-06-25"));
    let august = linker.check_household(&family("BAR-2", "2026-08-20"));
    for m in 0..5 {
        let (june, aug) = (&same_month.members[m], &august.members[m]);
        let (june, aug) = (june.first().expect("found in June"), aug.first().expect("found in August"));
        assert_eq!((june.b, aug.b), (first + m as u32, first + m as u32), "member {m} is themselves");
        assert!(
            aug.probability >= june.probability - 1e-9,
            "member {m}: {} in August, {} the same month: {:?}",
            aug.probability,
            june.probability,
            linker.evidence(aug)
        );
        assert_eq!(aug.band, june.band, "member {m}");
    }
}
