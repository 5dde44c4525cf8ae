//! The people search on a real SQLite file: names spelled as typed rank
//! before other spellings, other spellings are found whichever spelling is
//! typed, and a record number finds its person — always within scope.

use dugu_domain::location::LocationKind;
use dugu_domain::{Role, Sex};
use dugu_storage::reads::*;
use dugu_storage::writes::PeopleWrites;
use dugu_storage::{LocationInput, NewUser, PeopleFilter, PersonInput, PersonPatch, Principal, Store};

fn today() -> time::Date {
    time::macros::date!(2026 - 12 - 01)
}

struct World {
    store: Store,
    kita: String,
    socoura: String,
    _dir: tempfile::TempDir,
}

fn world() -> World {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    let (kita, socoura) = store
        .write(|tx| {
            let ml = tx.create_location(
                None,
                &LocationInput { parent_id: None, kind: LocationKind::Country, code: "ML".into(), name: "Mali".into() },
            )?;
            let site = |code: &str, name: &str| LocationInput {
                parent_id: Some(ml.id.clone()),
                kind: LocationKind::Site,
                code: code.into(),
                name: name.into(),
            };
            let kita = tx.create_location(None, &site("KIT", "Kita"))?;
            let socoura = tx.create_location(None, &site("SOC", "Socoura"))?;
            Ok((kita.id, socoura.id))
        })
        .expect("locations");
    World { store, kita, socoura, _dir: dir }
}

fn principal(w: &World, role: Role, locations: &[&str]) -> Principal {
    let location_ids: Vec<String> = locations.iter().map(|s| s.to_string()).collect();
    let username = format!("{}-{}", role.code(), locations.first().map_or("all", |l| &l[l.len() - 6..]));
    let new = NewUser {
        username,
        display_name: "Test".into(),
        role,
        password_hash: "x".into(),
        language: "fr".into(),
        location_ids: location_ids.clone(),
    };
    let u = w.store.write(move |tx| tx.create_user(None, &new)).expect("user");
    w.store.principal_of(&u.id).expect("principal").expect("may sign in")
}

fn add(w: &World, who: &Principal, location: &str, given: &str, family: &str) -> String {
    add_also_spelled(w, who, location, given, family, "")
}

fn add_also_spelled(w: &World, who: &Principal, location: &str, given: &str, family: &str, other: &str) -> String {
    let input = PersonInput {
        given_name: given.into(),
        family_name: family.into(),
        other_names: other.into(),
        sex: "F".into(),
        birth_date: "2019".into(),
        location_id: location.into(),
        ..Default::default()
    };
    w.store.create_person(who, input).expect("create").id
}

/// The ids found, in order, and the total.
fn search(w: &World, who: &Principal, q: &str, filter: &PeopleFilter, limit: u32, offset: u32) -> (Vec<String>, u64) {
    let page = w.store.search_people(who, q, filter, today(), limit, offset).expect("search");
    (page.items.into_iter().map(|p| p.id).collect(), page.total)
}

fn found(w: &World, who: &Principal, q: &str) -> Vec<String> {
    search(w, who, q, &PeopleFilter::default(), 200, 0).0
}

#[test]
fn names_spelled_as_typed_rank_before_other_spellings() {
    let w = world();
    let director = principal(&w, Role::LocationDirector, &[&w.kita]);
    // In name order the Tarawélé records come first.
    let aminata = add(&w, &director, &w.kita, "Aminata", "Tarawele");
    let awa = add(&w, &director, &w.kita, "Awa", "Tarawélé");
    let zeinab = add(&w, &director, &w.kita, "Zeinab", "Traoré");
    let bintou = add(&w, &director, &w.kita, "Bintou", "TRAORE");
    let kadi = add(&w, &director, &w.kita, "Kadi", "Traoréba");
    // Recorded as Tarawélé, also spelled Traoré: after the Traorés.
    let sali = add_also_spelled(&w, &director, &w.kita, "Sali", "Tarawélé", "Traoré");
    add(&w, &director, &w.kita, "Awa", "Touré");

    let expected = vec![bintou.clone(), zeinab.clone(), sali.clone(), kadi.clone(), aminata.clone(), awa.clone()];
    assert_eq!(search(&w, &director, "traore", &PeopleFilter::default(), 20, 0), (expected.clone(), 6));
    // Pages follow the ranking and keep the total.
    for limit in 1..=4u32 {
        let mut paged = Vec::new();
        for offset in (0..7).step_by(limit as usize) {
            let (ids, total) = search(&w, &director, "Traoré", &PeopleFilter::default(), limit, offset);
            assert_eq!(total, 6, "limit {limit} offset {offset}");
            paged.extend(ids);
        }
        assert_eq!(paged, expected, "limit {limit}");
    }
    // The same ranking through a filter.
    let women = PeopleFilter { sex: Some(Sex::Female), ..Default::default() };
    assert_eq!(search(&w, &director, "traore", &women, 20, 0), (expected.clone(), 6));
    assert_eq!(search(&w, &director, "traore", &women, 2, 2), (expected[2..4].to_vec(), 6));
    // And the other way round: Tarawélé's own spelling first.
    assert_eq!(found(&w, &director, "tarawele"), [aminata.clone(), awa.clone(), sali, bintou, zeinab]);
    // Two words: both spelled as typed first, then one of them.
    let hawa = add(&w, &director, &w.kita, "Hawa", "Traoré");
    let awa_traore = add(&w, &director, &w.kita, "Awa", "Traoré");
    assert_eq!(found(&w, &director, "awa traore"), [awa_traore, awa, hawa]);
}

#[test]
fn other_spellings_are_found_whichever_is_typed() {
    let w = world();
    let sw = principal(&w, Role::SocialWorker, &[&w.kita]);
    for (a, b) in [("Coulibaly", "Kulibali"), ("Dialo", "Diallo"), ("Koulibaly", "Coulibaly"), ("Trawore", "Traoré")] {
        let one = add(&w, &sw, &w.kita, "Fanta", a);
        let other = add(&w, &sw, &w.kita, "Fanta", b);
        for typed in [a, b] {
            let ids = found(&w, &sw, typed);
            assert!(ids.contains(&one) && ids.contains(&other), "{typed} finds {a} and {b}");
            assert!(found(&w, &sw, &format!("fanta {typed}")).contains(&one), "fanta {typed} finds {a}");
        }
    }
    // Different names stay apart, even one letter apart.
    let amadou = add(&w, &sw, &w.kita, "Amadou", "Keïta");
    let mamadou = add(&w, &sw, &w.kita, "Mamadou", "Keïta");
    assert_eq!(found(&w, &sw, "amadou"), [amadou]);
    assert_eq!(found(&w, &sw, "mamadou"), [mamadou]);
    let diarra = add(&w, &sw, &w.kita, "Awa", "Diarra");
    assert!(!found(&w, &sw, "diallo").contains(&diarra));
    // Another site's Kulibali is out of scope whatever the spelling.
    let director = principal(&w, Role::LocationDirector, &[&w.socoura]);
    let far = add(&w, &director, &w.socoura, "Oumou", "Kulibali");
    assert!(!found(&w, &sw, "coulibaly").contains(&far));
    assert_eq!(found(&w, &director, "coulibaly"), [far]);
}

#[test]
fn other_spellings_follow_changes_and_a_restart() {
    let w = world();
    let sw = principal(&w, Role::SocialWorker, &[&w.kita]);
    let id = add(&w, &sw, &w.kita, "Awa", "Kulibali");
    assert_eq!(found(&w, &sw, "coulibaly"), [id.as_str()]);
    let patch = PersonPatch { fields: vec![("family_name".into(), "Sisoko".into())], age_years: None };
    w.store.update_person(&sw, &id, patch).expect("update");
    assert!(found(&w, &sw, "coulibaly").is_empty(), "the old name is gone");
    assert_eq!(found(&w, &sw, "sissoko"), [id.as_str()]);
    let dir = w.store.path().parent().expect("dir").to_path_buf();
    drop(w.store);
    let reopened = Store::open(&dir).expect("reopen");
    let page = reopened.search_people(&sw, "Sissoko", &PeopleFilter::default(), today(), 10, 0).expect("search");
    assert_eq!((page.total, page.items[0].id.as_str()), (1, id.as_str()), "rebuilt from the database");
}

#[test]
fn a_record_number_finds_its_person_in_scope_only() {
    let w = world();
    let sw = principal(&w, Role::SocialWorker, &[&w.kita]);
    let other_site = principal(&w, Role::SocialWorker, &[&w.socoura]);
    let national = principal(&w, Role::NationalDirector, &[]);
    let first = add(&w, &sw, &w.kita, "Awa", "Traoré");
    let second = add(&w, &sw, &w.kita, "Fanta", "Traoré");
    let number = w.store.view_person(&sw, &second).expect("view").record_number;
    assert_eq!(number, "KIT-000002");
    for typed in ["KIT-000002", "kit-000002", " Kit-2 ", "KIT-02"] {
        assert_eq!(search(&w, &sw, typed, &PeopleFilter::default(), 20, 0), (vec![second.clone()], 1), "{typed}");
    }
    assert_eq!(found(&w, &national, "KIT-000001"), [first]);
    // Out of scope, or narrowed away, it finds nothing, like any search.
    assert_eq!(search(&w, &other_site, "KIT-000002", &PeopleFilter::default(), 20, 0), (vec![], 0));
    let men = PeopleFilter { sex: Some(Sex::Male), ..Default::default() };
    assert_eq!(search(&w, &sw, "KIT-000002", &men, 20, 0), (vec![], 0));
    assert_eq!(search(&w, &sw, "KIT-000003", &PeopleFilter::default(), 20, 0), (vec![], 0));
    assert_eq!(search(&w, &sw, "SOC-000002", &PeopleFilter::default(), 20, 0), (vec![], 0));
}

#[test]
fn hostile_names_are_still_found_by_any_spelling() {
    let w = world();
    let sw = principal(&w, Role::SocialWorker, &[&w.kita]);
    let id = add(&w, &sw, &w.kita, "<script>alert(1)</script>", "Kulibali'); DROP TABLE people;--");
    for typed in ["coulibaly", "Koulibaly drop", "drop table", "script alert", "'); DROP TABLE people;--"] {
        assert_eq!(found(&w, &sw, typed), [id.as_str()], "{typed}");
    }
    assert!(found(&w, &sw, "KIT-'1").is_empty(), "not a record number, nor a name");
    assert_eq!(found(&w, &sw, ""), [id], "the people table is still there");
}
