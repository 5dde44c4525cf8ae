//! People and households: a record and its number, what a person belongs
//! to, the names and numbers other pages show, and the lists and searches
//! by place and by name.

use super::harness::{Account, Demo, Seen, listed, not_found, refused};
use dugu_domain::FieldGroup;
use dugu_domain::people_filter::{HouseholdStatus, PersonStatus};
use dugu_storage::PeopleFilter;
use dugu_storage::reads::*;

pub(super) fn reads(d: &Demo, a: &Account, seen: &mut Seen) {
    person_reads(d, a, seen);
    household_reads(d, a, seen);
    location_reads(d, a, seen);
}

fn person_reads(d: &Demo, a: &Account, seen: &mut Seen) {
    let (s, who, role) = (&d.store, &a.who, a.user.role);
    let name = a.user.username.as_str();
    for p in &d.people {
        let id = p.id.as_str();
        if !d.sees(a, &p.location_id) {
            not_found("view_person", name, s.view_person(who, id));
            not_found("households_of", name, s.households_of(who, id));
            not_found("enrolments_of", name, s.enrolments_of(who, id));
            assert_eq!(s.person_by_record_number(who, &p.record_number).expect("by number"), None, "{name}");
            continue;
        }
        let person = s.view_person(who, id).expect("view_person");
        assert_eq!(person.groups, role.readable_groups(), "{name}");
        let absent = |g: FieldGroup, fields: &[&Option<String>]| {
            if !role.reads(g) {
                assert!(fields.iter().all(|f| f.is_none()), "{name} reads no {g:?} fields");
            }
        };
        absent(FieldGroup::Contact, &[&person.phone, &person.address]);
        absent(FieldGroup::Medical, &[&person.medical_notes]);
        absent(FieldGroup::Protection, &[&person.protection_notes]);
        seen.add("view_person", 1);
        assert_eq!(s.person_by_record_number(who, &p.record_number).expect("by number").as_deref(), Some(id));
        seen.add("person_by_record_number", 1);

        let households = s.households_of(who, id).expect("households_of");
        assert!(households.iter().all(|(h, ..)| d.sees(a, &d.households[h])), "{name}: households_of");
        seen.add("households_of", households.len());
        let enrolments = s.enrolments_of(who, id).expect("enrolments_of");
        assert!(enrolments.iter().all(|e| d.sees(a, &d.programmes[&e.programme_id])), "{name}: enrolments_of");
        seen.add("enrolments_of", enrolments.len());
    }
    let all: Vec<String> = d.people.iter().map(|p| p.id.clone()).collect();
    let named = s.names_of(who, &all).expect("names_of");
    assert!(named.keys().all(|id| d.sees_person(a, id)), "{name}: names_of");
    seen.add("names_of", named.len());
    // The audit page's record numbers: an audit reader sees the whole
    // trail, so every record's number (never a name); others their scope.
    let numbers = s.record_numbers_of(who, &all).expect("record_numbers_of");
    let audits = a.user.role.reads_audit();
    assert!(numbers.keys().all(|id| audits || d.sees_person(a, id)), "{name}: record_numbers_of");
    assert!(!audits || numbers.len() == all.len(), "{name}: the trail's every record number");
    seen.add("record_numbers_of", numbers.len());
    // The audit filter's number: found only within scope, by those who
    // read the trail or people.
    for p in &d.people {
        let found = s.record_of_number(who, &p.record_number).expect("record_of_number");
        let may =
            (audits || a.user.role.reads_people()) && (a.user.role.sees_all_locations() || d.sees(a, &p.location_id));
        assert_eq!(found.is_some(), may, "{name}: record_of_number");
        assert!(found.is_none_or(|id| id == p.id), "{name}: record_of_number");
        seen.add("record_of_number", usize::from(may));
    }
}

fn household_reads(d: &Demo, a: &Account, seen: &mut Seen) {
    let (s, who, role) = (&d.store, &a.who, a.user.role);
    let name = a.user.username.as_str();
    for (id, location) in &d.households {
        let number = s.inspect("SELECT record_number FROM households WHERE id = ?1", &[id]).expect("read").remove(0);
        let by_number = s.household_by_record_number(who, &number).expect("household_by_record_number");
        if d.sees(a, location) && role.reads_people() {
            assert_eq!(by_number.as_deref(), Some(id.as_str()), "{name}: household_by_record_number");
            seen.add("household_by_record_number", 1);
        } else {
            assert_eq!(by_number, None, "{name}: household_by_record_number out of scope");
        }
        if !d.sees(a, location) {
            not_found("view_household", name, s.view_household(who, id));
            continue;
        }
        let h = s.view_household(who, id).expect("view_household");
        assert!(h.members.iter().all(|m| d.sees_person(a, &m.person_id)), "{name}: a member out of scope");
        seen.add("view_household", 1);
    }
}

fn location_reads(d: &Demo, a: &Account, seen: &mut Seen) {
    let (s, who, role) = (&d.store, &a.who, a.user.role);
    let name = a.user.username.as_str();
    for location in d.parent.keys() {
        let l = location.as_str();
        if !d.sees(a, l) {
            refused("households", name, s.households(who, Some(l), None, 200, 0));
            refused("search_households", name, s.search_households(who, "Traoré", Some(l), None, 200, 0));
            let filter = PeopleFilter { location_id: Some(l.into()), ..PeopleFilter::default() };
            refused("search_people", name, s.search_people(who, "", &filter, d.today, 200, 0));
            continue;
        }
        for status in std::iter::once(None).chain(HouseholdStatus::ALL.map(Some)) {
            let r = s.households(who, Some(l), status, 200, 0);
            if status.is_some() && !role.reads(FieldGroup::Protection) {
                refused("households", name, r);
                continue;
            }
            let (rows, _) = r.expect("households");
            for (h, ..) in &rows {
                assert!(d.sees(a, &d.households[h]) && d.below(&d.households[h], l), "{name}: household {h}");
            }
            seen.add("households", rows.len());
        }
        for status in std::iter::once(None).chain(PersonStatus::ALL.map(Some)) {
            let filter = PeopleFilter { location_id: Some(l.into()), status, ..PeopleFilter::default() };
            let r = s.search_people(who, "", &filter, d.today, 200, 0);
            if status.and_then(PersonStatus::needs).is_some_and(|g| !role.reads(g)) {
                refused("search_people", name, r);
                continue;
            }
            let page = r.expect("search_people");
            seen.add("search_people", listed(d, a, "search_people", l, page.items.into_iter().map(|p| p.id)));
        }
    }
    // Searches without a location: names, another spelling, a record number.
    let words = ["Traoré", "Kulibali", "Diarra", "KIT-000001", "MOP-000001", ""];
    for q in words {
        match s.search_households(who, q, None, None, 200, 0) {
            Ok((rows, _)) => {
                assert!(rows.iter().all(|(h, ..)| d.sees(a, &d.households[h])), "{name}: households {q}");
                seen.add("search_households", rows.len());
            }
            r => {
                assert!(!role.reads_people(), "{name}: households {q}");
                refused("search_households", name, r);
            }
        }
        match s.search_people(who, q, &PeopleFilter::default(), d.today, 200, 0) {
            Ok(page) => {
                assert!(page.items.iter().all(|p| d.sees_person(a, &p.id)), "{name}: search {q}");
                seen.add("search_people", page.items.len());
            }
            r => {
                assert!(!role.reads_people(), "{name}: search {q}");
                refused("search_people", name, r);
            }
        }
    }
}
