//! Tests of the scoring: weights learnt without labels, households,
//! places, and the rules that keep namesakes apart.

use super::*;
use crate::record::{RawRecord, Record};

fn rec(id: usize, given: &str, family: &str, sex: &str, birth: &str, phone: &str, mother: &str) -> Record {
    Record::parse(
        &RawRecord {
            id: id.to_string(),
            given_name: given.into(),
            family_name: family.into(),
            sex: sex.into(),
            birth_date: birth.into(),
            phone: phone.into(),
            mother_name: mother.into(),
            origin_commune: "Douentza".into(),
            ..Default::default()
        },
        crate::record::TEST_DAY,
    )
    .expect("valid")
}

/// A small population: many different people with common names, and
/// re-registrations spelt differently.
fn population() -> (Vec<Record>, Vec<(u32, u32)>) {
    let given_f = ["Awa", "Fatoumata", "Aminata", "Mariam", "Kadiatou", "Oumou", "Rokia", "Bintou"];
    let given_m = ["Moussa", "Mamadou", "Ibrahim", "Seydou", "Amadou", "Oumar", "Adama", "Issa"];
    let family = ["Traoré", "Coulibaly", "Diarra", "Keïta", "Konaté", "Touré", "Cissé", "Maïga", "Bathily", "Goïta"];
    let mut records = Vec::new();
    let mut truth = Vec::new();
    for i in 0..400usize {
        let female = i % 2 == 0;
        let g = if female { given_f[i % 8] } else { given_m[(i / 2) % 8] };
        let f = family[(i * 7 + i / 10) % 10];
        let year = 1960 + (i * 13 % 60);
        let phone = format!("7{:07}", i * 7919 % 10_000_000);
        let mother = format!("{} {}", given_f[(i / 3) % 8], family[(i / 7) % 10]);
        records.push(rec(
            records.len(),
            g,
            f,
            if female { "F" } else { "M" },
            &format!("{year}-0{}-1{}", 1 + i % 9, i % 9),
            &phone,
            &mother,
        ));
        if i % 4 == 0 {
            // The same person registered again elsewhere: other spellings,
            // only the year, a typing slip in the phone.
            let g2 = match g {
                "Fatoumata" => "Fanta",
                "Mamadou" => "Mahamadou",
                "Kadiatou" => "Kadidia",
                other => other,
            };
            let f2 = match f {
                "Traoré" => "Traore",
                "Coulibaly" => "Kulibali",
                "Keïta" => "Keita",
                other => other,
            };
            let mut p2: Vec<char> = phone.chars().collect();
            p2[7] = if p2[7] == '1' { '2' } else { '1' };
            let a = records.len() - 1;
            records.push(rec(
                records.len(),
                g2,
                f2,
                if female { "F" } else { "M" },
                &year.to_string(),
                &p2.iter().collect::<String>(),
                &mother,
            ));
            truth.push((a as u32, (records.len() - 1) as u32));
        }
    }
    (records, truth)
}

#[test]
fn finds_the_re_registrations_without_labels() {
    let (records, truth) = population();
    let linker = crate::Linker::build(records);
    let candidates: Vec<(u32, u32)> = linker.candidates().collect();
    assert!(crate::blocking::recall(&candidates, &truth) > 0.99, "blocking finds them");
    let truth: std::collections::HashSet<(u32, u32)> = truth.into_iter().collect();
    let pairs = linker.pairs();
    let found = pairs.iter().filter(|p| p.probability > 0.9 && truth.contains(&(p.a, p.b))).count();
    let wrong: Vec<_> = pairs.iter().filter(|p| p.probability > 0.9 && !truth.contains(&(p.a, p.b))).collect();
    assert!(wrong.is_empty(), "no false match among {} candidates: {wrong:?}", candidates.len());
    assert!(found as f64 / truth.len() as f64 > 0.9, "found {found} of {}", truth.len());
}

#[test]
fn agreeing_on_a_rare_name_counts_more_than_on_a_common_one() {
    let (records, _) = population();
    let linker = crate::Linker::build(records);
    let common = linker.model.weight(1, 0, Some(0.1));
    let rare = linker.model.weight(1, 0, Some(0.001));
    assert!(rare > common, "rare {rare} vs common {common}");
    let pairs = linker.pairs();
    assert_eq!(linker.evidence(&pairs[0]).len(), FIELDS.len(), "every field explained");
}

#[test]
fn a_phone_shared_under_other_given_names_is_a_household_phone() {
    let records = [
        rec(0, "Lassana", "Dolo", "M", "2016-05-02", "76123456", "Yata Guindo"),
        rec(1, "Fousseyni", "Dolo", "M", "2016-05-02", "76123456", "Yata Guindo"),
        rec(2, "Lassana", "Dolo", "M", "2016", "76123456", ""),
    ];
    let linker = crate::Linker::build(records.to_vec());
    let (vocab, coded) = Vocab::build(&records, crate::alias::Aliases::shipped());
    let mut sim = Similarity::new(&vocab);
    let twins = compare(&mut sim, &coded[0], &coded[1]);
    assert_eq!(twins.levels.0[4], HOUSEHOLD_PHONE);
    assert_eq!(linker.model.weight(4, HOUSEHOLD_PHONE, None), 0.0, "not evidence of one person");
    assert_eq!(compare(&mut sim, &coded[0], &coded[2]).levels.0[4], 0, "the same person's phone");
}

#[test]
fn places_compare_by_commune_cercle_and_region() {
    let at = |origin: &str| {
        Record::parse(
            &RawRecord { id: "x".into(), origin_commune: origin.into(), ..Default::default() },
            crate::record::TEST_DAY,
        )
        .expect("valid")
    };
    let records = [at("Sanankoroba"), at("Kati"), at("Sokoura"), at("Socoura"), at("Douentza"), at("Gao")];
    let (vocab, c) = Vocab::build(&records, crate::alias::Aliases::shipped());
    let mut sim = Similarity::new(&vocab);
    let level =
        |sim: &mut Similarity<'_>, i: usize, j: usize| LEVEL_NAMES[8][compare(sim, &c[i], &c[j]).levels.0[8] as usize];
    assert_eq!(level(&mut sim, 0, 1), "same_cercle");
    assert_eq!(level(&mut sim, 2, 3), "same");
    assert_eq!(level(&mut sim, 3, 4), "same_region");
    assert_eq!(level(&mut sim, 4, 5), "different");
}

/// Each family lives in its own commune (as Guindos in Bandiagara):
/// agreeing on the commune says almost nothing once the family name
/// agrees, so it must not count as independent evidence.
#[test]
fn a_commune_shared_by_one_family_name_is_not_new_evidence() {
    let communes = ["Bandiagara", "Kita", "Nioro", "Bourem", "Ténenkou", "Koro", "Douentza", "Gao"];
    let family = ["Guindo", "Diawara", "Sylla", "Maïga", "Sidibé", "Dolo", "Cissé", "Touré"];
    let given = ["Awa", "Moussa", "Aminata", "Seydou", "Mariam", "Oumar", "Kadiatou", "Issa", "Rokia", "Adama"];
    let records: Vec<Record> = (0..480usize)
        .map(|i| {
            let raw = RawRecord {
                id: i.to_string(),
                given_name: given[i % 10].into(),
                family_name: family[i % 8].into(),
                birth_date: (1950 + i * 7 % 70).to_string(),
                origin_commune: communes[i % 8].into(),
                ..Default::default()
            };
            Record::parse(&raw, crate::record::TEST_DAY).expect("valid")
        })
        .collect();
    let linker = crate::Linker::build(records);
    let same_commune = linker.model.weight(8, 0, None);
    // Among strangers one pair in eight shares the commune (+3 bits before);
    // among one family name, every pair does.
    assert!(same_commune < 1.0, "same commune weighs {same_commune}");
}

/// Namesake half-brothers — one father, his phone, one name, two mothers,
/// births years apart — are no anchor for the parents' `m`: they would
/// teach that one person's records often name two different mothers.
#[test]
fn namesakes_under_one_phone_do_not_teach_that_mothers_differ() {
    let pair = |birth: u8, mother: u8| Compared {
        levels: Comparison([0, 0, 0, birth, 0, 4, 0, mother, 0]),
        given_tf: 0.01,
        family_tf: 0.01,
        distinct_given: false,
        same_household: false,
        linked_households: 0,
    };
    let different_birth = BirthLevel::Different as u8;
    let different_name = NameLevel::Different as u8;
    let mut sample = vec![pair(different_birth, different_name); 100];
    sample.extend(vec![pair(BirthLevel::Exact as u8, NameLevel::Exact as u8); 100]);
    let m = anchored_m(&sample);
    let differs = m[7][different_name as usize];
    assert!(differs < 0.05, "m(mother differs) = {differs}");
}

/// A wife registered under her own family name on her household's form
/// (whose men are Traoré) and under her husband's elsewhere: her family
/// names are not "different", and blocking brings the two together.
#[test]
fn a_wife_under_her_husbands_family_name_is_graded_evidence() {
    let person = |id: &str, given: &str, family: &str, sex: &str, birth: &str, form: &str| {
        let raw = RawRecord {
            id: id.into(),
            given_name: given.into(),
            family_name: family.into(),
            sex: sex.into(),
            birth_date: birth.into(),
            household_id: form.into(),
            ..Default::default()
        };
        Record::parse(&raw, crate::record::TEST_DAY).expect("valid")
    };
    let records = vec![
        person("head", "Moussa", "Traoré", "M", "1980-02-11", "H1"),
        person("wife", "Awa", "Diarra", "F", "1986-07-03", "H1"),
        person("son", "Issa", "Traoré", "M", "2010-05-20", "H1"),
        person("again", "Awa", "Traore", "F", "1986", "H2"),
        person("other", "Awa", "Coulibaly", "F", "1986", "H3"),
    ];
    let (vocab, coded) = Vocab::build(&records, crate::alias::Aliases::shipped());
    let mut sim = Similarity::new(&vocab);
    let family = |sim: &mut Similarity<'_>, i: usize, j: usize| {
        LEVEL_NAMES[1][compare(sim, &coded[i], &coded[j]).levels.0[1] as usize]
    };
    assert_eq!(family(&mut sim, 1, 3), "husband");
    assert_eq!(family(&mut sim, 3, 1), "husband", "either way round");
    assert_eq!(family(&mut sim, 1, 4), "different", "another family name");
    assert_eq!(family(&mut sim, 0, 2), "exact");
    let linker = crate::Linker::build(records);
    assert!(linker.candidates().any(|p| p == (1, 3)), "blocking proposes her two records");
    assert!(linker.model.weight(1, HUSBAND, None) > linker.model.weight(1, 5, None));
}
