//! The scope invariant, on the demo: every public read of the store that
//! returns people or what is attached to them (the list in
//! `scope_reads.rs`), called as every demo account on every person,
//! household, group and location of the demo, returns nothing outside the
//! account's scope — out of scope is `NotFound` for a record — and no field
//! group the account's role may not read.
//!
//! Who may see what is worked out here from the accounts' sites and the
//! location tree, not from the store's own scope.

use crate::scope_reads::PEOPLE_READS;
use dugu_domain::people_filter::{HouseholdStatus, PersonStatus};
use dugu_domain::{EntityKind, FieldGroup, Role};
use dugu_storage::{NewUser, PeopleFilter, PersonHit, PersonPatch, Principal, Store, StoreError, SystemTask, User};
use std::collections::{HashMap, HashSet};

struct Account {
    user: User,
    who: Principal,
}

struct Demo {
    store: Store,
    today: time::Date,
    /// Location → its parent.
    parent: HashMap<String, Option<String>>,
    /// Every person, as the national director sees them.
    people: Vec<PersonHit>,
    /// Household → location.
    households: HashMap<String, String>,
    /// Programme → location.
    programmes: HashMap<String, String>,
    /// Family house → its SOS parent.
    sos_parents: HashMap<String, String>,
    /// Person → the ids of their measurements (for a record's history).
    measured: HashMap<String, Vec<String>>,
    groups: Vec<String>,
    accounts: Vec<Account>,
    _dir: tempfile::TempDir,
}

impl Demo {
    fn location_of(&self, person: &str) -> &str {
        &self.people.iter().find(|p| p.id == person).expect("a demo person").location_id
    }

    /// `location` and the places above it.
    fn ancestry<'a>(&'a self, location: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        std::iter::successors(Some(location), |l| self.parent.get(*l).and_then(|p| p.as_deref()))
    }

    fn below(&self, location: &str, ancestor: &str) -> bool {
        self.ancestry(location).any(|l| l == ancestor)
    }

    /// The oracle: may `a` see a record at `location`?
    fn sees(&self, a: &Account, location: &str) -> bool {
        a.user.role.reads_people()
            && (a.user.role.sees_all_locations()
                || self.ancestry(location).any(|l| a.user.location_ids.iter().any(|u| u == l)))
    }

    fn sees_person(&self, a: &Account, person: &str) -> bool {
        self.sees(a, self.location_of(person))
    }
}

/// The demo as `dugu demo` seeds it (accounts without real password hashes),
/// then two Kita people moved to Mopti after joining a Kita day-care group,
/// so records point across sites.
fn demo() -> Demo {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    let sites = store.write(dugu_demo::seed_sites).expect("sites");
    let mut users = vec![("admin", Role::Administrator, None)];
    users.extend(dugu_demo::demo_users().iter().map(|u| (u.username, u.role, u.site)));
    // A desk that sees one Mopti site only: the family registered at both
    // sites must be named to it by nothing from the other.
    users.push(("desk.sevare", Role::ReliefOfficer, Some("MOP-SEV")));
    let mut ids = HashMap::new();
    for (username, role, site) in users {
        let new = NewUser {
            username: username.into(),
            display_name: username.into(),
            role,
            password_hash: "x".into(),
            language: "fr".into(),
            location_ids: site.map(|s| vec![sites.ids[s].clone()]).unwrap_or_default(),
        };
        let u = store.write(move |tx| tx.create_user(None, &new)).expect("account");
        ids.insert(username, u.id);
    }
    let admin = ids["admin"].clone();
    let year = time::OffsetDateTime::now_utc().year();
    let seeded = sites.clone();
    let today = time::OffsetDateTime::now_utc().date();
    store
        .write(move |tx| {
            dugu_demo::seed_demo(tx, &seeded, &admin, year)?;
            // Relief's demo, smaller: every person is read as every account.
            dugu_demo::relief::seed_relief_sized(tx, &seeded, &admin, today, [12, 8], 4)
        })
        .expect("demo");
    // A displaced family registered at Sévaré, then again at Barbé: the
    // relief reads have a household and pairs to show.
    let officer = store.principal_of(&ids["relief.mopti"]).expect("read").expect("relief officer");
    let relief = displaced(&store);
    for site in ["MOP-SEV", "MOP-BAR"] {
        let mut input = relief.clone();
        input.location_id = sites.ids[site].clone();
        store.register_displaced(&officer, input).expect("registered");
    }
    let national = store.principal_of(&ids["director.national"]).expect("read").expect("national");

    let locations = store.locations(&national).expect("locations");
    let parent = locations.iter().map(|l| (l.id.clone(), l.parent_id.clone())).collect();
    let people = everyone(&store, &national, today);
    let system = store.system_principal(&ids["director.kita"], SystemTask::DemoSeeding).expect("system");
    let (kita, mopti) = (&sites.ids["KIT"], &sites.ids["MOP"]);
    let kita_children: Vec<&PersonHit> =
        people.iter().filter(|p| &p.location_id == kita && p.birth_date.is_some()).take(5).collect();
    let group = store.create_group(&system, kita, "Jardin des petits", "kindergarten").expect("group");
    for child in &kita_children {
        store.add_to_group(&system, &group.id, &child.id, &today.to_string()).expect("member");
    }
    // A Kita village child (with siblings if any), and a member of a Kita household,
    // moved to Mopti: the records they left behind now point out of scope.
    let care = |p: &&PersonHit| store.care_of(&national, &p.id).expect("care");
    let kita_people = || people.iter().filter(|p| &p.location_id == kita);
    let in_care = kita_people()
        .find(|p| care(p).is_some_and(|c| !c.siblings.is_empty()))
        .or_else(|| kita_people().find(|p| care(p).is_some()))
        .expect("a Kita child in care");
    let member = people
        .iter()
        .filter(|p| &p.location_id == kita && p.id != in_care.id)
        .find(|p| !store.households_of(&national, &p.id).expect("households").is_empty())
        .expect("a Kita household member");
    let moved = [in_care.id.clone(), member.id.clone()];
    for id in &moved {
        let _ = store.add_to_group(&system, &group.id, id, &today.to_string());
        let patch = PersonPatch { fields: vec![("location_id".into(), mopti.clone())], age_years: None };
        store.update_person(&system, id, patch).expect("moved");
    }
    let people = everyone(&store, &national, today);
    for id in &moved {
        assert_eq!(people.iter().find(|p| &p.id == id).map(|p| &p.location_id), Some(mopti));
    }

    let (rows, _) = store.households(&national, None, None, 200, 0).expect("households");
    let households: HashMap<String, String> = rows
        .iter()
        .map(|(id, ..)| (id.clone(), store.view_household(&national, id).expect("household").location_id))
        .collect();
    let programmes: HashMap<String, String> =
        store.programmes(&national).expect("programmes").into_iter().map(|p| (p.id, p.location_id)).collect();
    relief_at_kita(&store, &system, &households, &programmes, kita);
    let mut sos_parents = HashMap::new();
    for l in &locations {
        for h in store.houses(&national, &l.id).expect("houses") {
            if let Some(p) = h.sos_parent_id {
                sos_parents.insert(h.id, p);
            }
        }
    }
    // One measurement struck out (its page stays readable).
    let nurse = store.principal_of(&ids["nurse.kita"]).expect("read").expect("nurse");
    let struck = people
        .iter()
        .filter(|p| &p.location_id == kita)
        .find_map(|p| store.measurements_of(&national, &p.id).expect("measurements").into_iter().next())
        .expect("a measured Kita child");
    store.strike_out(&nurse, EntityKind::Measurement, &struck.id, "Saisie en double").expect("struck out");
    let measured = people
        .iter()
        .map(|p| {
            let ids = store.measurements_of(&national, &p.id).expect("measurements").into_iter().map(|m| m.id);
            (p.id.clone(), ids.collect())
        })
        .collect();
    let accounts = ids
        .values()
        .map(|id| Account {
            user: store.user(id).expect("read").expect("account"),
            who: store.principal_of(id).expect("read").expect("may sign in"),
        })
        .collect();
    Demo {
        store,
        today,
        parent,
        people,
        households,
        programmes,
        sos_parents,
        measured,
        groups: vec![group.id],
        accounts,
        _dir: dir,
    }
}

/// A displaced family of three as a relief officer registers it.
fn displaced(store: &Store) -> dugu_storage::relief_registration::RegistrationInput {
    use dugu_storage::relief_registration::{MemberInput, RegistrationInput};
    let programme = store
        .inspect(
            "SELECT p.id FROM programmes p JOIN locations l ON l.id = p.location_id
              WHERE p.kind = 'emergency_relief' AND l.code = 'MOP'",
            &[],
        )
        .expect("read")
        .remove(0);
    let person = |given: &str, sex: &str, birth: &str, relationship: &str| MemberInput {
        person: dugu_storage::PersonInput {
            given_name: given.into(),
            family_name: "Guindo".into(),
            sex: sex.into(),
            birth_date: birth.into(),
            sent: vec!["given_name".into(), "family_name".into(), "sex".into()],
            ..Default::default()
        },
        relationship: relationship.into(),
        ..Default::default()
    };
    RegistrationInput {
        programme_id: programme,
        location_id: String::new(),
        arrival_date: "2026-01-10".into(),
        status: "idp".into(),
        reason: "conflict".into(),
        admin_pcode: "ML0506".into(),
        pcode_edition: "pre2023".into(),
        script_read: true,
        lawful_basis: "vital_interest".into(),
        head: person("Fatoumata", "F", "1988-04-02", "head"),
        members: vec![person("Hamadoun", "M", "2012-09-20", "child"), person("Aïssata", "F", "2015-01-11", "child")],
        ..Default::default()
    }
}

/// A household's relief page, the duplicate queue and the check before
/// saving: within scope, relief readers only, supervisors for the queue.
fn relief_reads(d: &Demo, a: &Account, seen: &mut Seen) {
    let (s, who, role) = (&d.store, &a.who, a.user.role);
    let name = a.user.username.as_str();
    for (id, location) in &d.households {
        match s.relief_household(who, id) {
            Ok(h) => {
                assert!(d.sees(a, location) && role.reads(FieldGroup::Relief), "{name}: relief_household");
                assert!(h.members.iter().all(|m| d.sees_person(a, &m.person_id)), "{name}: a member out of scope");
                seen.add("relief_household", 1);
            }
            r => not_found("relief_household", name, r),
        }
    }
    for programme in d.programmes.keys() {
        match s.duplicate_queue(who, programme, false) {
            Ok(rows) => {
                assert!(role.may(dugu_domain::Action::SuperviseRelief), "{name}: duplicate_queue");
                for p in &rows {
                    assert!(d.sees_person(a, &p.person_id) && d.sees_person(a, &p.other_person_id), "{name}: pair");
                    assert!(d.sees(a, &d.households[&p.other_household_id]), "{name}: pair's household");
                }
                seen.add("duplicate_queue", rows.len());
            }
            r => refused("duplicate_queue", name, r),
        }
    }
    let mut input = displaced(s);
    input.location_id = s.inspect("SELECT id FROM locations WHERE code = 'MOP-BAR'", &[]).expect("read").remove(0);
    match s.relief_duplicates(who, &input) {
        Ok(found) => {
            assert!(found.iter().all(|h| d.sees(a, &d.households[&h.household_id])), "{name}: relief_duplicates");
            seen.add("relief_duplicates", found.len());
        }
        r => refused("relief_duplicates", name, r),
    }
}

/// One Kita household registered as displaced in a Kita programme, and a
/// cycle generated for it, so that relief reads have something to show.
fn relief_at_kita(
    store: &Store,
    system: &Principal,
    households: &HashMap<String, String>,
    programmes: &HashMap<String, String>,
    kita: &str,
) {
    let household =
        households.iter().filter(|(_, l)| l.as_str() == kita).map(|(h, _)| h).min().expect("a Kita household").clone();
    let programme = programmes.iter().filter(|(_, l)| l.as_str() == kita).map(|(p, _)| p).min().expect("a programme");
    let fields = vec![
        ("household_id", serde_json::json!(household)),
        ("programme_id", serde_json::json!(programme)),
        ("status", serde_json::json!("idp")),
        ("arrival_date", serde_json::json!("2026-07-01")),
        ("reason", serde_json::json!("conflict")),
        ("admin_pcode", serde_json::json!("ML0105")),
        ("pcode_edition", serde_json::json!("pre2023")),
        ("lawful_basis", serde_json::json!("vital_interest")),
        ("card_serial", serde_json::json!(1)),
        ("registered_on", serde_json::json!("2026-07-01")),
    ];
    let (who, op) =
        (system.clone(), dugu_storage::Op::create(EntityKind::Displacement, &dugu_storage::new_id(), fields));
    store.write(move |tx| tx.apply(Some(&who), vec![op])).expect("displacement");
    let line = dugu_storage::RationLine {
        item: "céréales".into(),
        per_person: Some(12_000),
        unit: "g".into(),
        ..Default::default()
    };
    let input = dugu_storage::CycleInput {
        programme_id: programme.clone(),
        name: "Cycle 1".into(),
        start: "2026-08-01".into(),
        end: "2026-08-31".into(),
        items: vec![line],
        site_ids: vec![kita.to_string()],
        ..Default::default()
    };
    let cycle = store.create_relief_cycle(system, input).expect("cycle");
    let run = store.generate_entitlements(system, &cycle.id).expect("generated");
    assert_eq!(run.generated, 1, "the Kita household has members");
    // The same household farms, and its stock will not last to the harvest.
    let season = dugu_storage::SeasonInput {
        household_id: household.clone(),
        programme_id: programme.clone(),
        season: "2026".into(),
        stock_months: Some(2),
        declared_on: "2026-10-15".into(),
        ..Default::default()
    };
    store.record_farm_season(system, season).expect("season");
}

fn everyone(store: &Store, national: &Principal, today: time::Date) -> Vec<PersonHit> {
    let mut all = Vec::new();
    loop {
        let page = store
            .search_people(national, "", &PeopleFilter::default(), today, 200, all.len() as u32)
            .expect("everyone");
        if page.items.is_empty() {
            return all;
        }
        all.extend(page.items);
    }
}

/// How many calls of each read returned something: a read never seen
/// returning anything would make its checks vacuous.
#[derive(Default)]
struct Seen(HashMap<&'static str, usize>);

impl Seen {
    fn add(&mut self, read: &'static str, items: usize) {
        *self.0.entry(read).or_default() += items;
    }
}

fn not_found<T: std::fmt::Debug>(read: &str, who: &str, r: Result<T, StoreError>) {
    assert!(matches!(r, Err(StoreError::NotFound)), "{read} as {who}: out of scope must be NotFound, got {r:?}");
}

/// A list the account may not make: refused, whatever the reason.
fn refused<T: std::fmt::Debug>(read: &str, who: &str, r: Result<T, StoreError>) {
    assert!(
        matches!(r, Err(StoreError::NotFound | StoreError::Forbidden | StoreError::Invalid(_))),
        "{read} as {who}: must be refused, got {r:?}"
    );
}

/// Puts one demo person of every location in conflict on their phone (a
/// contact field): another site's value, made without seeing the
/// record's, and older, so what every other read shows stays the same.
fn conflicts_at(d: &Demo) -> Vec<String> {
    let mut chosen: HashMap<&str, &str> = HashMap::new();
    for p in &d.people {
        chosen.entry(p.location_id.as_str()).or_insert(p.id.as_str());
    }
    let device = dugu_storage::new_id();
    let mut ops = Vec::new();
    let mut ids: Vec<String> = chosen.into_values().map(str::to_string).collect();
    ids.sort();
    for (i, id) in ids.iter().enumerate() {
        let op = dugu_sync::WireOp {
            op_id: Vec::new(),
            device: device.clone(),
            seq: i as u64 + 1,
            hlc: 1 << 32,
            entity_type: "person".into(),
            entity_id: id.clone(),
            field: Some("phone".into()),
            value: "\"+223 70 00 00 00\"".into(),
            user_id: None,
            parents: Vec::new(),
        };
        ops.push(dugu_sync::WireOp { op_id: op.content_id(), ..op });
    }
    let verdicts = d.store.receive(ops).expect("receive");
    assert!(verdicts.iter().all(|v| *v == dugu_sync::Verdict::Accepted), "{verdicts:?}");
    // The same database as a site whose hub refused each conflicted
    // person's creation, so the reads of sync state have something to say.
    let list = ids.iter().map(|i| format!("'{i}'")).collect::<Vec<_>>().join(",");
    let sql = format!(
        "INSERT INTO hub_link (site_id, hub_url, location_id, enrolled_at, pulled)
         SELECT '{}', 'http://hub', id, 0, '{{}}' FROM locations LIMIT 1;
         INSERT INTO sync_rejections (device, seq, entity_id, reason, at)
         SELECT device, seq, entity_id, 'forbidden', 0 FROM ops WHERE field IS NULL AND entity_id IN ({list})",
        d.store.site_id()
    );
    d.store.write(move |tx| tx.execute_for_tests(&sql)).expect("a site with refusals");
    ids
}

fn conflict_reads(d: &Demo, a: &Account, conflicted: &[String], seen: &mut Seen) {
    let name = a.user.username.as_str();
    let list = d.store.conflicts(&a.who).expect("conflicts");
    let expected: HashSet<&str> = conflicted
        .iter()
        .filter(|p| d.sees_person(a, p) && a.user.role.reads(FieldGroup::Contact))
        .map(String::as_str)
        .collect();
    let listed: HashSet<&str> = list.iter().map(|c| c.entity_id.as_str()).collect();
    assert_eq!(listed, expected, "{name}: conflicts in scope, on fields the role reads");
    assert!(list.iter().all(|c| c.field == "phone" && c.values.len() == 2), "{name}");
    seen.add("conflicts", list.len());
    let waiting = d.store.conflicts_waiting(&a.who).expect("conflicts_waiting");
    assert_eq!(waiting, list.len() as u64, "{name}: the home page's count is the list's, no more");
    seen.add("conflicts_waiting", list.len());
    let (s, who, role) = (&d.store, &a.who, a.user.role);
    for id in conflicted {
        if !(d.sees_person(a, id) && role.reads_people()) {
            not_found("conflicts_on", name, s.conflicts_on(who, id));
            not_found("record_sync", name, s.record_sync(who, id));
            continue;
        }
        let on = s.conflicts_on(who, id).expect("conflicts_on");
        assert_eq!(on.len(), usize::from(role.reads(FieldGroup::Contact)), "{name}: conflicts_on keeps to groups");
        seen.add("conflicts_on", on.len());
        let sync = s.record_sync(who, id).expect("record_sync").expect("a site");
        assert_eq!((sync.conflicts, sync.refused.len()), (1, 1), "{name}: record_sync");
        seen.add("record_sync", 1);
    }
    let refused = s.refused_changes(who).expect("refused_changes");
    let listed: HashSet<&str> = refused.iter().map(|r| r.entity_id.as_str()).collect();
    let expected: HashSet<&str> =
        conflicted.iter().filter(|p| d.sees_person(a, p) && role.reads_people()).map(String::as_str).collect();
    assert_eq!(listed, expected, "{name}: refused changes in scope");
    seen.add("refused_changes", refused.len());
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
            not_found("measurements_of", name, s.measurements_of(who, id));
            not_found("struck_measurements_of", name, s.struck_measurements_of(who, id));
            not_found("struck_records", name, s.struck_records(who, EntityKind::Measurement, id));
            not_found("medical_visits_of", name, s.medical_visits_of(who, id));
            not_found("vaccination_card", name, s.vaccination_card(who, id, p.birth_date, d.today));
            not_found("extra_doses_of", name, s.extra_doses_of(who, id));
            not_found("care_of", name, s.care_of(who, id));
            not_found("school_years_of", name, s.school_years_of(who, id));
            for m in &d.measured[id] {
                not_found("revisions", name, s.revisions(who, EntityKind::Measurement, m));
            }
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
        let measurements = s.measurements_of(who, id).expect("measurements_of");
        assert!(role.reads(FieldGroup::Medical) || measurements.is_empty(), "{name}: measurements_of");
        assert!(measurements.iter().all(|m| m.person_id == id));
        seen.add("measurements_of", measurements.len());
        let struck = s.struck_measurements_of(who, id).expect("struck_measurements_of");
        assert!(role.reads(FieldGroup::Medical) || struck.is_empty(), "{name}: struck_measurements_of");
        assert!(struck.iter().all(|(m, _)| m.person_id == id));
        seen.add("struck_measurements_of", struck.len());
        let struck = s.struck_records(who, EntityKind::Measurement, id).expect("struck_records");
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
            not_found("support_of", name, s.support_of(who, id));
            not_found("desk_household", name, s.desk_household(who, id, d.today));
            let registered = s.relief_registered(who, std::slice::from_ref(id)).expect("relief_registered");
            assert!(registered.is_empty(), "{name}: relief_registered out of scope");
            continue;
        }
        let h = s.view_household(who, id).expect("view_household");
        assert!(h.members.iter().all(|m| d.sees_person(a, &m.person_id)), "{name}: a member out of scope");
        seen.add("view_household", 1);
        let support = s.support_of(who, id).expect("support_of");
        assert!(role.reads(FieldGroup::Protection) || support.is_none(), "{name}: support is protection data");
        seen.add("support_of", usize::from(support.is_some()));
        // Relief data: an answer (registered or not) for its readers only.
        let desk = s.desk_household(who, id, d.today).expect("desk_household");
        assert!(role.reads(FieldGroup::Relief) || desk.is_none(), "{name}: the desk's view is relief data");
        // The households it may be, or was found to be, are named only
        // when in scope.
        let named = desk.iter().flat_map(|h| h.likely_same_as.iter().chain(h.duplicate_of.iter().flatten()));
        for number in named {
            let place = s.inspect("SELECT location_id FROM households WHERE record_number = ?1", &[number]);
            assert!(d.sees(a, &place.expect("read")[0]), "{name}: desk names {number}, out of scope");
        }
        seen.add("desk_household", usize::from(role.reads(FieldGroup::Relief)));
        // The desk's search keeps, of the households asked, those in
        // scope and registered: never one out of scope.
        let registered = s.relief_registered(who, std::slice::from_ref(id)).expect("relief_registered");
        assert!(registered.is_empty() || (d.sees(a, location) && role.reads(FieldGroup::Relief)), "{name}");
        assert_eq!(registered.is_empty(), desk.is_none(), "{name}: relief_registered agrees with the desk");
        seen.add("relief_registered", registered.len());
    }
    for (id, location) in &d.households {
        match s.entitlements_of(who, id, None) {
            Ok(items) => {
                assert!(d.sees(a, location) && role.reads(FieldGroup::Relief), "{name}: entitlements_of");
                assert!(items.iter().all(|e| &e.household_id == id), "{name}: another household's entitlements");
                seen.add("entitlements_of", items.len());
            }
            r if d.sees(a, location) => refused("entitlements_of", name, r),
            r => not_found("entitlements_of", name, r),
        }
        match s.relief_history(who, id) {
            Ok(lines) => {
                assert!(d.sees(a, location) && role.reads(FieldGroup::Relief), "{name}: relief_history");
                assert!(
                    lines.iter().all(|l| &l.entitlement.household_id == id),
                    "{name}: another household's entitlements"
                );
                // A collector is named only when they are in scope.
                for l in &lines {
                    if l.receipt.as_ref().is_some_and(|r| r.collector_name.is_some()) {
                        let place = s.inspect(
                            "SELECT p.location_id FROM receipts r JOIN people p ON p.id = r.collector_id
                              WHERE r.id = ?1",
                            &[l.receipt.as_ref().map(|r| r.first.id.as_str()).unwrap_or_default()],
                        );
                        assert!(d.sees(a, &place.expect("read")[0]), "{name}: a collector out of scope named");
                    }
                }
                seen.add("relief_history", lines.len());
            }
            r if d.sees(a, location) => refused("relief_history", name, r),
            r => not_found("relief_history", name, r),
        }
    }
    for (programme, location) in &d.programmes {
        match s.farm_shortfall(who, programme) {
            Ok(short) => {
                assert!(d.sees(a, location) && role.reads(FieldGroup::Relief), "{name}: farm_shortfall");
                assert!(
                    short.iter().all(|h| d.sees(a, &d.households[&h.household_id])),
                    "{name}: a farming household out of scope"
                );
                seen.add("farm_shortfall", short.len());
            }
            r => refused("farm_shortfall", name, r),
        }
    }
    match s.family_due(who, d.today) {
        Ok(due) => {
            assert!(
                role.reads(FieldGroup::Protection),
                "{name}: what is due in family strengthening is protection data"
            );
            assert!(due.iter().all(|h| d.sees(a, &d.households[&h.household_id])), "{name}: a household out of scope");
            seen.add("family_due", due.len());
        }
        r => refused("family_due", name, r),
    }
    // The conflicting receipts queue: supervisors of relief only, their
    // scope's households only (an answer, empty or not, counts as seen).
    match s.conflicting_receipts(who) {
        Ok(items) => {
            assert!(role.may(dugu_domain::Action::SuperviseRelief), "{name}: conflicting receipts");
            assert!(
                items.iter().all(|c| d.households.get(&c.household_id).is_some_and(|l| d.sees(a, l))),
                "{name}: a household out of scope"
            );
            seen.add("conflicting_receipts", 1);
        }
        r => refused("conflicting_receipts", name, r),
    }
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

/// The people a location list named: each in scope and, for a list of
/// people by where they are registered, at the location or below. (A
/// village lists the children placed in its houses and their SOS parents,
/// wherever they are registered now.)
fn listed(d: &Demo, a: &Account, read: &str, location: &str, people: impl IntoIterator<Item = String>) -> usize {
    let registered_below = !matches!(read, "village" | "houses");
    let mut n = 0;
    for p in people {
        let at = d.location_of(&p);
        assert!(d.sees(a, at), "{read} as {}: {p} out of scope", a.user.username);
        assert!(!registered_below || d.below(at, location), "{read}: {p} not at the location asked");
        n += 1;
    }
    n
}

/// Relief's reports: a programme out of scope is `NotFound`, a role that
/// does not read relief data is refused, and no one counted or listed is
/// outside the scope.
fn relief_report_reads(d: &Demo, a: &Account, seen: &mut Seen) {
    let (s, who, role) = (&d.store, &a.who, a.user.role);
    let name = a.user.username.as_str();
    for (programme, location) in &d.programmes {
        let served = s.relief_served(who, programme);
        let listed = s.relief_beneficiaries(who, programme, None, None);
        if !role.reads(FieldGroup::Relief) {
            assert!(matches!(served, Err(StoreError::Forbidden)), "{name}: relief_served {served:?}");
            assert!(matches!(listed, Err(StoreError::Forbidden)), "{name}: relief_beneficiaries");
            continue;
        }
        if !d.sees(a, location) {
            not_found("relief_served", name, served);
            not_found("relief_beneficiaries", name, listed);
            continue;
        }
        let served = served.expect("relief_served");
        assert!(served.members.iter().all(|m| d.sees_person(a, &m.person_id)), "{name}: relief_served");
        seen.add("relief_served", served.members.len());
        let listed = listed.expect("relief_beneficiaries");
        for b in &listed {
            assert!(b.members.iter().all(|m| d.sees_person(a, &m.person_id)), "{name}: relief_beneficiaries");
            seen.add("relief_beneficiaries", b.members.len());
        }
    }
}

fn location_reads(d: &Demo, a: &Account, seen: &mut Seen) {
    let (s, who, role) = (&d.store, &a.who, a.user.role);
    let name = a.user.username.as_str();
    let year = d.today.year();
    for location in d.parent.keys() {
        let l = location.as_str();
        let medical = role.reads(FieldGroup::Medical);
        if !d.sees(a, l) {
            refused("latest_measurements", name, s.latest_measurements(who, l));
            refused("never_measured", name, s.never_measured(who, l, d.today));
            refused("overdue_vaccinations", name, s.overdue_vaccinations(who, l, d.today));
            refused("houses", name, s.houses(who, l));
            refused("village", name, s.village(who, l, year));
            refused("groups", name, s.groups(who, l));
            refused("households", name, s.households(who, Some(l), None, 200, 0));
            refused("search_households", name, s.search_households(who, "Traoré", Some(l), None, 200, 0));
            let filter = PeopleFilter { location_id: Some(l.into()), ..PeopleFilter::default() };
            refused("search_people", name, s.search_people(who, "", &filter, d.today, 200, 0));
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

#[test]
fn every_read_keeps_to_scope_and_field_groups() {
    let d = demo();
    assert!(d.people.len() > 500, "the demo's people ({})", d.people.len());
    let roles: HashSet<Role> = d.accounts.iter().map(|a| a.user.role).collect();
    assert_eq!(roles.len(), Role::ALL.len(), "every role has a demo account");
    let mut seen = Seen::default();
    let conflicted = conflicts_at(&d);
    for a in &d.accounts {
        relief_reads(&d, a, &mut seen);
        conflict_reads(&d, a, &conflicted, &mut seen);
        person_reads(&d, a, &mut seen);
        household_reads(&d, a, &mut seen);
        relief_report_reads(&d, a, &mut seen);
        location_reads(&d, a, &mut seen);
    }
    for read in PEOPLE_READS {
        assert!(seen.0.get(read).is_some_and(|n| *n > 0), "{read} was never seen returning anything");
    }
}
