//! A batch of creations applied at once (`Tx::insert_people`, one
//! `apply`) writes what the same people written one by one
//! (`Tx::insert_prepared`) write: the same rows, record numbers, name
//! words, log and audit entries, and the log still rebuilds the state.

use crate::reads::SearchReads;
use crate::{LocationInput, PeopleFilter, PersonInput, PreparedPerson, Principal, Scope, Store, check_database};
use dugu_domain::Role;
use dugu_domain::location::LocationKind;

/// Mali, two sites and a place under the first: records made there take
/// the first site's numbers, interleaved with the site's own.
pub(crate) fn places(store: &Store) -> Vec<String> {
    store
        .write(|tx| {
            let mali = tx.create_location(
                None,
                &LocationInput { parent_id: None, kind: LocationKind::Country, code: "ML".into(), name: "Mali".into() },
            )?;
            let site = |code: &str, name: &str| LocationInput {
                parent_id: Some(mali.id.clone()),
                kind: LocationKind::Site,
                code: code.into(),
                name: name.into(),
            };
            let kita = tx.create_location(None, &site("KIT", "Kita"))?;
            let mopti = tx.create_location(None, &site("MOP", "Mopti"))?;
            let quarter = tx.create_location(
                None,
                &LocationInput {
                    parent_id: Some(kita.id.clone()),
                    kind: LocationKind::Commune,
                    code: "KIT-DC".into(),
                    name: "Kita day-care".into(),
                },
            )?;
            Ok(vec![kita.id, mopti.id, quarter.id])
        })
        .expect("places")
}

pub(crate) fn director() -> Principal {
    Principal { user_id: crate::new_id(), username: "director".into(), role: Role::LocationDirector, scope: Scope::All }
}

pub(crate) fn inputs(places: &[String]) -> Vec<PersonInput> {
    let names = [("Awa", "Traoré", "Tarawele"), ("Moussa", "Coulibaly", ""), ("Fanta", "Keïta", "Keita\nKeyta")];
    (0..30)
        .map(|i| {
            let (given, family, other) = names[i % names.len()];
            PersonInput {
                given_name: given.into(),
                family_name: format!("{family}{}", if i % 4 == 0 { " Sangaré" } else { "" }),
                other_names: other.into(),
                sex: if i % 2 == 0 { "F" } else { "M" }.into(),
                birth_date: if i % 3 == 0 { format!("{}", 1990 + i) } else { String::new() },
                age_years: (i % 3 != 0).then_some(1 + i as i64),
                location_id: places[i % places.len()].clone(),
                phone: if i % 5 == 0 { format!("+223 70 00 00 {i:02}") } else { String::new() },
                ..Default::default()
            }
        })
        .collect()
}

/// What both ways must have written alike: every column but ids and
/// clock readings, people and audit entries in the order written.
pub(crate) fn written(store: &Store) -> Vec<Vec<String>> {
    store
        .read(|c| {
            let mut all = Vec::new();
            for sql in [
                "SELECT rowid || '|' || record_number || '|' || location_id || '|' || given_name || '|' || family_name
                        || '|' || other_names || '|' || sex || '|' || COALESCE(birth_date, '') || '|'
                        || COALESCE(birth_date_precision, '') || '|' || COALESCE(phone, '') || '|' || sort_name
                   FROM people ORDER BY rowid",
                "SELECT token || '|' || sort_name || '|' || person_key || '|' || location_key FROM person_tokens
                  ORDER BY person_key, token",
                "SELECT site_id || '|' || series || '|' || last FROM record_counters ORDER BY site_id, series",
                "SELECT o.seq || '|' || o.entity_type || '|' || COALESCE(o.field, '') || '|' || o.value || '|'
                        || COALESCE(o.user_id, '') || '|' || hex(o.parents) || '|' || p.rowid
                   FROM ops o JOIN people p ON p.id = o.entity_id ORDER BY o.seq",
                "SELECT COALESCE(a.user_id, '') || '|' || a.role || '|' || a.action || '|' || a.record_type || '|'
                        || a.fields || '|' || p.rowid
                   FROM audit_log a JOIN people p ON p.id = a.record_id ORDER BY a.seq",
            ] {
                let rows: Vec<String> = c.prepare(sql)?.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
                all.push(rows);
            }
            Ok(all)
        })
        .expect("tables")
}

#[test]
fn a_batch_writes_what_the_same_people_one_by_one_write() {
    let dir = tempfile::tempdir().expect("dir");
    let (one, many) = (dir.path().join("one"), dir.path().join("many"));
    std::fs::create_dir_all(&one).expect("dir");
    let first = Store::open(&one).expect("open");
    let places = places(&first);
    let who = director();
    // The same starting place for both: ids, rowids, counters, chain.
    std::fs::create_dir_all(&many).expect("dir");
    first.backup_to(&many.join("dugu.sqlite")).expect("copy");
    let second = Store::open(&many).expect("open");
    let people = inputs(&places);
    let prepared: Vec<PreparedPerson> = people.iter().map(|p| PreparedPerson::new(&who, p).expect("valid")).collect();

    let (w, p) = (who.clone(), prepared.clone());
    let one_by_one: Vec<String> =
        first.write(move |tx| p.iter().map(|p| tx.insert_prepared(&w, p).map(|r| r.0)).collect()).expect("one by one");
    let at_once = second.create_people(&who, &people).expect("at once");
    assert_eq!(one_by_one.len(), at_once.len());

    let (a, b) = (written(&first), written(&second));
    assert_eq!(a[0].len(), 30, "every person");
    assert!(a[1].len() > 60, "their name words");
    assert_eq!(a[3].len(), 30, "one creation op each");
    assert_eq!(a[4].len(), 30, "one audit entry each");
    for (what, (x, y)) in ["people", "name words", "record counters", "ops", "audit"].iter().zip(a.iter().zip(&b)) {
        assert_eq!(x, y, "{what} differ");
    }
    for store in [&first, &second] {
        store.read(crate::audit::verify_audit_chain).expect("the audit chain verifies");
        for word in ["traore", "keita", "sangare", "coulibaly"] {
            let found = |s: &Store| {
                s.search_people(&who, word, &PeopleFilter::default(), crate::people::today(), 200, 0)
                    .expect("search")
                    .total
            };
            assert_eq!(found(&first), found(&second), "the name index finds {word} alike");
        }
    }
    for (store, dir) in [(first, &one), (second, &many)] {
        let path = store.path().to_path_buf();
        drop(store);
        let report = check_database(&path, &dir.join("scratch.sqlite")).expect("check");
        assert!(report.problems.is_empty(), "replay equals state: {:?}", report.problems);
    }
}

#[test]
fn a_batch_with_a_place_out_of_scope_writes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open(dir.path()).expect("open");
    let places = places(&store);
    let kita = Scope::Locations(std::sync::Arc::new(crate::ScopedLocations {
        ids: vec![places[0].clone(), places[2].clone()],
        keys: Vec::new(),
    }));
    let social = Principal { scope: kita, role: Role::SocialWorker, ..director() };
    let people = inputs(&places);
    let refused = store.create_people(&social, &people);
    assert!(refused.is_err(), "Mopti is out of scope: {refused:?}");
    assert!(written(&store).iter().all(Vec::is_empty), "no person, op or audit entry");
    let counters: i64 =
        store.read(|c| Ok(c.query_row("SELECT COUNT(*) FROM record_counters", [], |r| r.get(0))?)).expect("counters");
    assert_eq!(counters, 0, "no record number was taken");
    let kept: Vec<PersonInput> = people.into_iter().filter(|p| p.location_id != places[1]).collect();
    let ids = store.create_people(&social, &kept).expect("in scope");
    assert_eq!(ids.len(), kept.len());
}
