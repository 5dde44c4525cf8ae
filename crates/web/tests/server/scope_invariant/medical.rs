//! Medical, growth and school: a person's measurements (struck out ones
//! and their history too), visits, vaccination card and extra doses,
//! school years, and a place's nutrition and overdue lists — in scope, and
//! the medical group only for the roles that read it.

use super::harness::{Account, Demo, Seen, listed, not_found, refused};
use dugu_domain::{EntityKind, FieldGroup};
use dugu_storage::reads::*;

pub(super) fn reads(d: &Demo, a: &Account, seen: &mut Seen) {
    person_reads(d, a, seen);
    location_reads(d, a, seen);
}

fn person_reads(d: &Demo, a: &Account, seen: &mut Seen) {
    let (s, who, role) = (&d.store, &a.who, a.user.role);
    let name = a.user.username.as_str();
    for p in &d.people {
        let id = p.id.as_str();
        if !d.sees(a, &p.location_id) {
            not_found("measurements_of", name, s.measurements_of(who, id));
            not_found("struck_measurements_of", name, s.struck_measurements_of(who, id));
            not_found("struck_records", name, s.struck_records(who, &[EntityKind::Measurement], id));
            not_found("medical_visits_of", name, s.medical_visits_of(who, id));
            not_found("vaccination_card", name, s.vaccination_card(who, id, p.birth_date, d.today));
            not_found("extra_doses_of", name, s.extra_doses_of(who, id));
            not_found("school_years_of", name, s.school_years_of(who, id));
            for m in &d.measured[id] {
                not_found("revisions", name, s.revisions(who, EntityKind::Measurement, m));
            }
            continue;
        }
        let measurements = s.measurements_of(who, id).expect("measurements_of");
        assert!(role.reads(FieldGroup::Medical) || measurements.is_empty(), "{name}: measurements_of");
        assert!(measurements.iter().all(|m| m.person_id == id));
        seen.add("measurements_of", measurements.len());
        let struck = s.struck_measurements_of(who, id).expect("struck_measurements_of");
        assert!(role.reads(FieldGroup::Medical) || struck.is_empty(), "{name}: struck_measurements_of");
        assert!(struck.iter().all(|(m, _)| m.person_id == id));
        seen.add("struck_measurements_of", struck.len());
        let struck = s.struck_records(who, &[EntityKind::Measurement], id).expect("struck_records");
        assert!(role.reads(FieldGroup::Medical) || struck.is_empty(), "{name}: struck_records");
        seen.add("struck_records", struck.len());
        for m in &d.measured[id] {
            let history = s.revisions(who, EntityKind::Measurement, m);
            if role.reads(FieldGroup::Medical) {
                assert!(!history.expect("revisions").is_empty(), "{name}: a measurement has a history");
                seen.add("revisions", 1);
            } else {
                not_found("revisions", name, history);
            }
        }
        let visits = s.medical_visits_of(who, id).expect("medical_visits_of");
        if !role.reads(FieldGroup::Medical) {
            assert!(
                visits.iter().all(|v| v.reason.is_none()
                    && v.diagnosis.is_none()
                    && v.treatment.is_none()
                    && v.referral.is_none()),
                "{name}: a visit's details are medical"
            );
        }
        seen.add("medical_visits_of", visits.len());
        let card = s.vaccination_card(who, id, p.birth_date, d.today).expect("vaccination_card");
        assert!(role.reads(FieldGroup::Medical) || card.is_empty(), "{name}: vaccination_card");
        seen.add("vaccination_card", card.len());
        let extra = s.extra_doses_of(who, id).expect("extra_doses_of");
        assert!(role.reads(FieldGroup::Medical) || extra.is_empty(), "{name}: extra_doses_of");
        seen.add("extra_doses_of", extra.len());
        let school = s.school_years_of(who, id).expect("school_years_of");
        seen.add("school_years_of", school.len());
    }
}

fn location_reads(d: &Demo, a: &Account, seen: &mut Seen) {
    let (s, who, role) = (&d.store, &a.who, a.user.role);
    let name = a.user.username.as_str();
    for location in d.parent.keys() {
        let l = location.as_str();
        let medical = role.reads(FieldGroup::Medical);
        if !d.sees(a, l) {
            refused("latest_measurements", name, s.latest_measurements(who, l));
            refused("never_measured", name, s.never_measured(who, l, d.today));
            refused("overdue_vaccinations", name, s.overdue_vaccinations(who, l, d.today));
            continue;
        }
        if medical {
            let latest = s.latest_measurements(who, l).expect("latest_measurements");
            let n = listed(d, a, "latest_measurements", l, latest.into_iter().map(|m| m.person_id));
            seen.add("latest_measurements", n);
            let never = s.never_measured(who, l, d.today).expect("never_measured");
            seen.add("never_measured", listed(d, a, "never_measured", l, never.into_iter().map(|n| n.0)));
            let overdue = s.overdue_vaccinations(who, l, d.today).expect("overdue_vaccinations");
            let n = listed(d, a, "overdue_vaccinations", l, overdue.into_iter().map(|c| c.person_id));
            seen.add("overdue_vaccinations", n);
        } else {
            refused("latest_measurements", name, s.latest_measurements(who, l));
            refused("never_measured", name, s.never_measured(who, l, d.today));
            refused("overdue_vaccinations", name, s.overdue_vaccinations(who, l, d.today));
        }
    }
}
