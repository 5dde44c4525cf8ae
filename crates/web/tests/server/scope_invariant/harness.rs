//! What every capability's checks share: the demo as seeded, its accounts,
//! the oracle of who may see what (worked out from the accounts' sites and
//! the location tree, not from the store's own scope), and the tally of
//! what each read returned.

use dugu_domain::{EntityKind, Role};
use dugu_storage::reads::*;
use dugu_storage::writes::*;
use dugu_storage::{NewUser, PeopleFilter, PersonHit, PersonPatch, Principal, Store, StoreError, SystemTask, User};
use std::collections::HashMap;

/// A demo account and the principal the store makes of it.
pub(super) struct Account {
    pub(super) user: User,
    pub(super) who: Principal,
}

/// The demo, and what the checks need to know of it.
pub(super) struct Demo {
    pub(super) store: Store,
    pub(super) today: time::Date,
    /// Location → its parent.
    pub(super) parent: HashMap<String, Option<String>>,
    /// Every person, as the national director sees them.
    pub(super) people: Vec<PersonHit>,
    /// Household → location.
    pub(super) households: HashMap<String, String>,
    /// Programme → location.
    pub(super) programmes: HashMap<String, String>,
    /// Family house → its SOS parent.
    pub(super) sos_parents: HashMap<String, String>,
    /// Person → the ids of their measurements (for a record's history).
    pub(super) measured: HashMap<String, Vec<String>>,
    pub(super) groups: Vec<String>,
    pub(super) accounts: Vec<Account>,
    /// The people put in conflict on their phone (see
    /// [`super::sync::conflicts_at`]).
    pub(super) conflicted: Vec<String>,
    _dir: tempfile::TempDir,
}

impl Demo {
    pub(super) fn location_of(&self, person: &str) -> &str {
        &self.people.iter().find(|p| p.id == person).expect("a demo person").location_id
    }

    /// `location` and the places above it.
    fn ancestry<'a>(&'a self, location: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        std::iter::successors(Some(location), |l| self.parent.get(*l).and_then(|p| p.as_deref()))
    }

    pub(super) fn below(&self, location: &str, ancestor: &str) -> bool {
        self.ancestry(location).any(|l| l == ancestor)
    }

    /// The oracle: may `a` see a record at `location`?
    pub(super) fn sees(&self, a: &Account, location: &str) -> bool {
        a.user.role.reads_people()
            && (a.user.role.sees_all_locations()
                || self.ancestry(location).any(|l| a.user.location_ids.iter().any(|u| u == l)))
    }

    pub(super) fn sees_person(&self, a: &Account, person: &str) -> bool {
        self.sees(a, self.location_of(person))
    }
}

/// The demo as `dugu demo` seeds it (accounts without real password hashes),
/// then two Kita people moved to Mopti after joining a Kita day-care group,
/// so records point across sites.
/// People in conflict on their phone are added last (see
/// [`super::sync::conflicts_at`]).
pub(super) fn demo() -> Demo {
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
    let relief = super::relief::displaced(&store);
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
    super::relief::relief_at_kita(&store, &system, &households, &programmes, kita);
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
    let mut demo = Demo {
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
        conflicted: Vec::new(),
        _dir: dir,
    };
    demo.conflicted = super::sync::conflicts_at(&demo);
    demo
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
pub(super) struct Seen(pub(super) HashMap<&'static str, usize>);

impl Seen {
    pub(super) fn add(&mut self, read: &'static str, items: usize) {
        *self.0.entry(read).or_default() += items;
    }
}

pub(super) fn not_found<T: std::fmt::Debug>(read: &str, who: &str, r: Result<T, StoreError>) {
    assert!(matches!(r, Err(StoreError::NotFound)), "{read} as {who}: out of scope must be NotFound, got {r:?}");
}

/// A list the account may not make: refused, whatever the reason.
pub(super) fn refused<T: std::fmt::Debug>(read: &str, who: &str, r: Result<T, StoreError>) {
    assert!(
        matches!(r, Err(StoreError::NotFound | StoreError::Forbidden | StoreError::Invalid(_))),
        "{read} as {who}: must be refused, got {r:?}"
    );
}

/// The people a location list named: each in scope and, for a list of
/// people by where they are registered, at the location or below. (A
/// village lists the children placed in its houses and their SOS parents,
/// wherever they are registered now.)
pub(super) fn listed(
    d: &Demo,
    a: &Account,
    read: &str,
    location: &str,
    people: impl IntoIterator<Item = String>,
) -> usize {
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
