//! Villages and care: a child's care (why admitted, how it left and the
//! follow-ups for protection readers only; siblings and SOS parents named
//! only in scope), a place's houses, village and day-care groups, and a
//! group's register.

use super::harness::{Account, Demo, Seen, listed, not_found, refused};
use dugu_domain::FieldGroup;
use dugu_storage::reads::*;

pub(super) fn reads(d: &Demo, a: &Account, seen: &mut Seen) {
    person_reads(d, a, seen);
    location_reads(d, a, seen);
    group_reads(d, a, seen);
}

fn person_reads(d: &Demo, a: &Account, seen: &mut Seen) {
    let (s, who, role) = (&d.store, &a.who, a.user.role);
    let name = a.user.username.as_str();
    for p in &d.people {
        let id = p.id.as_str();
        if !d.sees(a, &p.location_id) {
            not_found("care_of", name, s.care_of(who, id));
            continue;
        }
        if let Some(care) = s.care_of(who, id).expect("care_of") {
            if !role.reads(FieldGroup::Protection) {
                assert!(care.reason.is_none() && care.referred_by.is_none() && care.leaving_reason.is_none());
                assert!(care.follow_ups.is_empty(), "{name}: follow-ups are protection data");
            }
            assert!(care.siblings.iter().all(|sib| d.sees_person(a, &sib.person_id)), "{name}: siblings");
            for pl in care.placements.iter().filter(|pl| pl.sos_parent_name.is_some()) {
                assert!(d.sees_person(a, &d.sos_parents[&pl.house_id]), "{name}: an SOS parent out of scope");
            }
            seen.add("care_of", 1);
        }
    }
}

fn location_reads(d: &Demo, a: &Account, seen: &mut Seen) {
    let (s, who, role) = (&d.store, &a.who, a.user.role);
    let name = a.user.username.as_str();
    let year = d.today.year();
    for location in d.parent.keys() {
        let l = location.as_str();
        if !d.sees(a, l) {
            refused("houses", name, s.houses(who, l));
            refused("village", name, s.village(who, l, year));
            refused("groups", name, s.groups(who, l));
            continue;
        }
        let houses = s.houses(who, l).expect("houses");
        seen.add("houses", listed(d, a, "houses", l, houses.into_iter().filter_map(|h| h.sos_parent_id)));
        let village = s.village(who, l, year).expect("village");
        if !role.reads(FieldGroup::Protection) {
            assert!(village.left_this_year.iter().all(|(why, _)| why.code() == "left"), "{name}: why children left");
        }
        let parents = village.houses.into_iter().filter_map(|h| h.sos_parent_id);
        let residents = village.residents.into_iter().map(|r| r.person_id);
        seen.add("village", listed(d, a, "village", l, residents.chain(parents)));
        let groups = s.groups(who, l).expect("groups");
        assert!(groups.iter().all(|g| d.sees(a, &g.location_id) && d.below(&g.location_id, l)), "{name}: groups");
        seen.add("groups", groups.len());
    }
}

/// A day-care group's register: the group in scope, and its children.
fn group_reads(d: &Demo, a: &Account, seen: &mut Seen) {
    let (s, who) = (&d.store, &a.who);
    let name = a.user.username.as_str();
    for group in &d.groups {
        match s.register(who, group, d.today) {
            Ok((g, lines)) => {
                assert!(d.sees(a, &g.location_id), "{name}: a group out of scope");
                assert!(lines.iter().all(|l| d.sees_person(a, &l.person_id)), "{name}: a child out of scope");
                seen.add("register", lines.len());
            }
            r => not_found("register", name, r),
        }
    }
}
