//! Registering a displaced household for a relief programme (issue 15,
//! requirements 18 and 20): the household at a site of the programme, its
//! head and members as people, their relationships, what relief keeps
//! about the household (`Displacement`) and each member (`MemberNeeds`),
//! and the pairs the linkage found they may already be — all in one
//! `apply`, so a registration is there whole or not at all.
//!
//! What a registration must never ask (ethnicity, religion, armed groups,
//! GBV, HIV) has no field here at all; a form or a file that sends one is
//! refused before it reaches this command. Consent to share is asked and
//! kept, and never gates anything: aid cannot depend on it, so the lawful
//! basis is another (relief.md section 5).

use crate::households::HouseholdTx;
use crate::people::{CheckedPerson, PeopleTx, PersonInput};
use crate::{Author, CommandError, Op, WriteTx, new_id};
use dugu_domain::birth::{BirthDate, DatePrecision, event_date, iso_date};
use dugu_domain::household::Relationship;
use dugu_domain::{EntityKind, Invalid, Problem};
use dugu_relief::displacement::Status;
use dugu_relief::pcode::{self, Edition, PCodeError};
use dugu_relief::protection::{self, Difficulty};
use serde_json::{Value, json};
use time::Date;

pub use dugu_relief::protection::forbidden;

/// Why people left home.
pub const REASONS: [&str; 5] = ["conflict", "insecurity", "floods", "drought", "other"];

/// The bases a registration may rest on. Consent is not one: aid cannot
/// depend on it (relief.md section 5).
pub const LAWFUL_BASES: [&str; 3] = ["vital_interest", "public_interest", "legitimate_interest"];

/// Vulnerabilities of the household as a whole (DTM's list, and 60+
/// living alone).
pub const HOUSEHOLD_FLAGS: [&str; 3] = ["child_headed", "single_female_headed", "elderly_alone"];

/// Vulnerabilities of one member.
pub const MEMBER_FLAGS: [&str; 3] = ["pregnant_or_breastfeeding", "unaccompanied_or_separated", "chronic_illness"];

/// How many alternates may collect for a household (relief.md req. 10).
pub const MOST_ALTERNATES: usize = 2;

/// Alternates are adults.
const ADULT: i32 = 18;

/// One member as submitted.
#[derive(Debug, Clone, Default)]
pub struct MemberInput {
    /// Name, sex, birth date or age, phone; the location is the household's.
    pub person: PersonInput,
    /// Relationship to the head (the head's own is `head`).
    pub relationship: String,
    /// Codes of [`MEMBER_FLAGS`].
    pub flags: Vec<String>,
    /// The six Washington Group answers ([`protection::DOMAINS`] order),
    /// or none: asked only from age 5.
    pub wgss: Vec<String>,
    /// Named as one of the household's alternates (an adult).
    pub alternate: bool,
}

/// A registration as submitted.
#[derive(Debug, Clone, Default)]
pub struct RegistrationInput {
    /// The relief programme.
    pub programme_id: String,
    /// The site where the household lives and is registered (the
    /// programme's place or below, in the author's scope).
    pub location_id: String,
    /// `YYYY-MM-DD`.
    pub arrival_date: String,
    /// `idp`, `returnee` or `host`.
    pub status: String,
    /// One of [`REASONS`].
    pub reason: String,
    /// Lives with a host family.
    pub host_family: bool,
    /// The région's P-code, when given apart (then the admin code must be
    /// within it).
    pub admin1_pcode: String,
    /// Where the household is now: a P-code (cercle or commune).
    pub admin_pcode: String,
    /// Where it comes from, if known.
    pub origin_pcode: String,
    /// The boundaries' edition (`pre2023`, `2023`), or empty.
    pub pcode_edition: String,
    /// The information script was read to the household.
    pub script_read: bool,
    /// One of [`LAWFUL_BASES`].
    pub lawful_basis: String,
    /// Optional sharing with other agencies; never gates aid.
    pub sharing_consent: bool,
    /// Codes of [`HOUSEHOLD_FLAGS`].
    pub household_flags: Vec<String>,
    /// People already registered who may collect for the household.
    pub alternate_ids: Vec<String>,
    /// A KoBo submission's `_uuid`, for an import.
    pub kobo_uuid: Option<String>,
    /// The head.
    pub head: MemberInput,
    /// The other members.
    pub members: Vec<MemberInput>,
}

/// One person of a checked registration (the head first).
#[derive(Debug, Clone)]
pub struct CheckedMember {
    /// The person's record, checked.
    pub person: CheckedPerson,
    /// Relationship to the head.
    pub relationship: Relationship,
    /// Flags.
    pub flags: Vec<String>,
    /// The six answers as kept (`none some a_lot …`), if asked.
    pub wgss: Option<String>,
    /// The Washington Group cut-off.
    pub disability: bool,
    /// An alternate.
    pub alternate: bool,
    /// Age in whole years on the day of registration.
    pub age: i32,
}

/// A registration whose every field was checked (no fact of the store
/// needed); [`register`] checks the rest and writes it.
#[derive(Debug, Clone)]
pub struct CheckedRegistration {
    /// The programme.
    pub programme_id: String,
    /// The site.
    pub location_id: String,
    /// The household's fields of its `Displacement`, as stored.
    displacement: Vec<(&'static str, Value)>,
    /// Alternates already registered.
    alternate_ids: Vec<String>,
    /// The KoBo key, if imported.
    pub kobo_uuid: Option<String>,
    /// The head, then the members.
    pub people: Vec<CheckedMember>,
    /// The household's id, minted with the check: a batch's duplicate
    /// check names households of the batch before they are written.
    pub household_id: String,
    /// The people's ids, in the order of `people`.
    pub person_ids: Vec<String>,
}

/// A pair the linkage found, from a member of the new registration (by
/// index, the head being 0) to a person already registered.
#[derive(Debug, Clone)]
pub struct DuplicateDraft {
    /// The member's index.
    pub member: usize,
    /// The household already registered.
    pub other_household_id: String,
    /// The person already registered.
    pub other_person_id: String,
    /// `likely` or `review`.
    pub band: String,
    /// The probability the linkage gave.
    pub probability: f64,
    /// Most of the household matched: the household registered twice.
    pub whole_household: bool,
    /// Each field's level and weight (no value).
    pub evidence: Value,
}

/// What a registration made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registered {
    /// The household.
    pub household_id: String,
    /// The people, head first.
    pub people: Vec<String>,
}

/// The facts a registration reads besides people and households.
pub trait ReliefRegistrationTx: PeopleTx + HouseholdTx {
    /// A programme's place and kind code (`None`: no such programme).
    fn programme_place(&self, programme_id: &str) -> Result<Option<(String, String)>, CommandError>;
    /// Whether `descendant` is `ancestor` or below it.
    fn within(&self, ancestor: &str, descendant: &str) -> Result<bool, CommandError>;
    /// The household a KoBo submission was registered as in a programme.
    fn kobo_household(&self, programme_id: &str, uuid: &str) -> Result<Option<String>, CommandError>;
}

fn pcode_problem(e: &PCodeError) -> (bool, Problem) {
    match e {
        PCodeError::Malformed(_) | PCodeError::Iso(_) => (false, Problem::Malformed),
        PCodeError::EditionNeeded(_) => (true, Problem::Required),
        PCodeError::Unknown { .. } => (false, Problem::Unknown),
        PCodeError::NotWithin { .. } => (false, Problem::NotAllowed),
    }
}

/// A P-code read in its edition; a code that needs an edition blames the
/// edition field, anything else the code's own.
fn place(inv: &mut Invalid, field: &str, code: &str, edition: Option<Edition>) -> Option<String> {
    match pcode::resolve(code, edition) {
        Ok(place) => Some(place.code),
        Err(e) => {
            let (blame_edition, problem) = pcode_problem(&e);
            inv.add(if blame_edition { "pcode_edition" } else { field }, problem);
            None
        }
    }
}

fn codes(inv: &mut Invalid, field: &str, given: &[String], allowed: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for code in given.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        if !allowed.contains(&code) {
            inv.add(field, Problem::NotAllowed);
        } else if !out.iter().any(|c| c == code) {
            out.push(code.to_owned());
        }
    }
    out
}

fn member(
    inv: &mut Invalid,
    at: &str,
    who: &impl Author,
    m: &MemberInput,
    site: &str,
    head: bool,
    today: Date,
) -> Option<CheckedMember> {
    let field = |name: &str| format!("{at}.{name}");
    let mut input = m.person.clone();
    input.location_id = site.to_owned();
    if input.birth_date.trim().is_empty() && input.age_years.is_none() {
        inv.add(&field("birth_date"), Problem::Required);
    }
    let person = match CheckedPerson::new(who, &input, today) {
        Ok(p) => Some(p),
        Err(CommandError::Invalid(problems)) => {
            for e in &problems.0 {
                inv.add(&field(&e.field), e.problem);
            }
            None
        }
        Err(_) => {
            inv.add(at, Problem::NotAllowed);
            None
        }
    };
    let relationship = if head {
        Some(Relationship::Head)
    } else {
        match Relationship::parse(&m.relationship) {
            Ok(Relationship::Head) => {
                inv.add(&field("relationship"), Problem::NotAllowed);
                None
            }
            Ok(r) => Some(r),
            Err(p) => {
                inv.add(&field("relationship"), p);
                None
            }
        }
    };
    let flags = codes(inv, &field("flags"), &m.flags, &MEMBER_FLAGS);
    let age = person.as_ref().and_then(|p| p.birth()).map(|b| b.age_years(today));
    let asked = m.wgss.iter().any(|a| !a.trim().is_empty());
    let mut wgss = None;
    let mut disability = false;
    if asked {
        if age.is_some_and(|age| !protection::short_set_applies(age.max(0) as u32)) {
            inv.add(&field("wgss"), Problem::NotAllowed);
        } else if m.wgss.len() != protection::DOMAINS.len() {
            inv.add(&field("wgss"), Problem::Malformed);
        } else {
            let answers: Vec<Option<Difficulty>> = m
                .wgss
                .iter()
                .map(|a| if a.trim().is_empty() { Some(None) } else { Difficulty::parse(a).map(Some) })
                .collect::<Option<_>>()
                .unwrap_or_else(|| {
                    inv.add(&field("wgss"), Problem::NotAllowed);
                    vec![None; 6]
                });
            let six: [Option<Difficulty>; 6] = [answers[0], answers[1], answers[2], answers[3], answers[4], answers[5]];
            disability = protection::disability(&six);
            wgss = Some(six.iter().map(|a| a.map_or("", |d| d.code())).collect::<Vec<_>>().join(" "));
        }
    }
    if m.alternate && (head || age.is_some_and(|a| a < ADULT)) {
        inv.add(&field("alternate"), Problem::NotAllowed);
    }
    Some(CheckedMember {
        person: person?,
        relationship: relationship?,
        flags,
        wgss,
        disability,
        alternate: m.alternate,
        age: age.unwrap_or(0),
    })
}

/// Checks every field of a registration for `who` on `today`; every
/// problem at once, each naming its field (`head.given_name`,
/// `members[2].wgss`, `pcode_edition`…), never a value.
pub fn check_registration<A: Author>(
    who: &A,
    input: &RegistrationInput,
    today: Date,
) -> Result<CheckedRegistration, CommandError> {
    if !who.role().writes_people() || !who.role().may(dugu_domain::Action::DistributeRelief) {
        return Err(CommandError::Forbidden);
    }
    let mut inv = Invalid::new();
    let site = input.location_id.trim();
    for (field, value) in [("programme_id", &input.programme_id), ("location_id", &input.location_id)] {
        if value.trim().is_empty() {
            inv.add(field, Problem::Required);
        }
    }
    let arrival = if input.arrival_date.trim().is_empty() {
        inv.add("arrival_date", Problem::Required);
        None
    } else {
        inv.check("arrival_date", event_date(&input.arrival_date, today, None))
    };
    let status = Status::parse(input.status.trim());
    if status.is_none() {
        inv.add("status", if input.status.trim().is_empty() { Problem::Required } else { Problem::NotAllowed });
    }
    let reason = input.reason.trim();
    if !REASONS.contains(&reason) {
        inv.add("reason", if reason.is_empty() { Problem::Required } else { Problem::NotAllowed });
    }
    let edition = match input.pcode_edition.trim() {
        "" => None,
        code => {
            let parsed = Edition::parse(code);
            if parsed.is_none() {
                inv.add("pcode_edition", Problem::NotAllowed);
            }
            parsed
        }
    };
    let admin = if input.admin_pcode.trim().is_empty() {
        inv.add("admin_pcode", Problem::Required);
        None
    } else {
        place(&mut inv, "admin_pcode", &input.admin_pcode, edition)
    };
    if !input.admin1_pcode.trim().is_empty()
        && let Some(region) = place(&mut inv, "admin1_pcode", &input.admin1_pcode, edition)
        && let Some(admin) = &admin
        && let Err(e) = pcode::check_within(&region, admin)
    {
        inv.add("admin_pcode", pcode_problem(&e).1);
    }
    let origin = match input.origin_pcode.trim() {
        "" => None,
        code => place(&mut inv, "origin_pcode", code, edition),
    };
    if !input.script_read {
        inv.add("script_read", Problem::Required);
    }
    let basis = input.lawful_basis.trim();
    if !LAWFUL_BASES.contains(&basis) {
        inv.add("lawful_basis", if basis.is_empty() { Problem::Required } else { Problem::NotAllowed });
    }
    let household_flags = codes(&mut inv, "household_flags", &input.household_flags, &HOUSEHOLD_FLAGS);
    let mut people = Vec::with_capacity(1 + input.members.len());
    let head = member(&mut inv, "head", who, &input.head, site, true, today);
    let mut complete = head.is_some();
    people.extend(head);
    for (i, m) in input.members.iter().enumerate() {
        let checked = member(&mut inv, &format!("members[{i}]"), who, m, site, false, today);
        complete &= checked.is_some();
        people.extend(checked);
    }
    let alternate_ids: Vec<String> =
        input.alternate_ids.iter().map(|id| id.trim().to_owned()).filter(|id| !id.is_empty()).collect();
    if alternate_ids.len() + input.members.iter().filter(|m| m.alternate).count() > MOST_ALTERNATES {
        inv.add("alternate_ids", Problem::OutOfRange);
    }
    let kobo_uuid = input.kobo_uuid.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned);
    inv.clone().into_result()?;
    let (Some(arrival), Some(status), Some(admin), true) = (arrival, status, admin, complete) else {
        return Err(inv.into());
    };
    let displacement = vec![
        ("programme_id", json!(input.programme_id.trim())),
        ("status", json!(status.code())),
        ("arrival_date", json!(arrival)),
        ("reason", json!(reason)),
        ("host_family", json!(input.host_family)),
        ("admin_pcode", json!(admin)),
        ("origin_pcode", json!(origin)),
        ("pcode_edition", json!(edition.map_or("", Edition::code))),
        ("script_read", json!(true)),
        ("lawful_basis", json!(basis)),
        ("sharing_consent", json!(input.sharing_consent)),
        ("household_flags", json!(household_flags)),
        ("card_serial", json!(1)),
        ("kobo_uuid", json!(kobo_uuid)),
        ("registered_on", json!(iso_date(today))),
    ];
    let person_ids = people.iter().map(|_| new_id()).collect();
    Ok(CheckedRegistration {
        household_id: new_id(),
        person_ids,
        programme_id: input.programme_id.trim().to_owned(),
        location_id: site.to_owned(),
        displacement,
        alternate_ids,
        kobo_uuid,
        people,
    })
}

/// Writes a checked registration as one `apply`: the site is the
/// programme's place or below and in `who`'s scope, alternates already
/// registered are adults in scope, a KoBo submission is registered once;
/// then the people (each with the site's next record number), the
/// household, its members, its `Displacement`, each member's
/// `MemberNeeds` and the `duplicates` found, as `DuplicatePair`s.
pub fn register<T: ReliefRegistrationTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    reg: &CheckedRegistration,
    duplicates: &[DuplicateDraft],
    today: Date,
) -> Result<Registered, CommandError> {
    let mut inv = Invalid::new();
    match tx.programme_place(&reg.programme_id)? {
        None => inv.add("programme_id", Problem::Unknown),
        Some((_, kind)) if kind != "emergency_relief" => inv.add("programme_id", Problem::NotAllowed),
        Some((place, _)) => {
            if !(who.sees(&reg.location_id)
                && tx.location_exists(&reg.location_id)?
                && tx.within(&place, &reg.location_id)?)
            {
                inv.add("location_id", Problem::Unknown);
            }
        }
    }
    for id in &reg.alternate_ids {
        let adult = match tx.person(id)? {
            Some(p) if who.sees(&p.location_id) => p.birth_date.is_some_and(|born| {
                BirthDate { date: born, precision: DatePrecision::Exact }.age_years(today) >= ADULT
            }),
            _ => {
                inv.add("alternate_ids", Problem::Unknown);
                continue;
            }
        };
        if !adult {
            inv.add("alternate_ids", Problem::NotAllowed);
        }
    }
    if let Some(uuid) = &reg.kobo_uuid
        && tx.kobo_household(&reg.programme_id, uuid)?.is_some()
    {
        inv.add("kobo_uuid", Problem::Taken);
    }
    inv.into_result()?;
    let sites: Vec<&str> = reg.people.iter().map(|_| reg.location_id.as_str()).collect();
    let numbers = tx.record_numbers(&sites)?;
    let household_number = tx.take_record_number(&reg.location_id)?;
    let household_id = reg.household_id.clone();
    let mut ops = Vec::with_capacity(reg.people.len() * 3 + 2 + duplicates.len());
    let mut people = Vec::with_capacity(reg.people.len());
    for ((m, number), id) in reg.people.iter().zip(numbers).zip(&reg.person_ids) {
        let id = id.clone();
        let mut fields = m.person.creation_values();
        fields.insert(0, ("record_number", json!(number)));
        ops.push(Op::create(EntityKind::Person, &id, fields));
        people.push(id);
    }
    let name = reg.people[0].person.creation_values().into_iter().find(|(f, _)| *f == "family_name").map(|(_, v)| v);
    ops.push(Op::create(
        EntityKind::Household,
        &household_id,
        vec![
            ("record_number", json!(household_number)),
            ("location_id", json!(reg.location_id)),
            ("name", name.unwrap_or(json!(""))),
        ],
    ));
    let mut alternates = reg.alternate_ids.clone();
    for (m, id) in reg.people.iter().zip(&people) {
        ops.push(Op::create(
            EntityKind::HouseholdMember,
            &new_id(),
            vec![
                ("household_id", json!(household_id)),
                ("person_id", json!(id)),
                ("relationship", json!(m.relationship.code())),
            ],
        ));
        ops.push(Op::create(
            EntityKind::MemberNeeds,
            &new_id(),
            vec![
                ("household_id", json!(household_id)),
                ("person_id", json!(id)),
                ("flags", json!(m.flags)),
                ("wgss", json!(m.wgss)),
                ("disability", json!(m.disability)),
            ],
        ));
        if m.alternate {
            alternates.push(id.clone());
        }
    }
    let mut displacement = reg.displacement.clone();
    displacement.insert(0, ("household_id", json!(household_id)));
    displacement.push(("alternate_ids", json!(alternates)));
    ops.push(Op::create(EntityKind::Displacement, &new_id(), displacement));
    for d in duplicates {
        let Some(person_id) = people.get(d.member) else {
            return Err(CommandError::Backend("a duplicate of no member".into()));
        };
        ops.push(Op::create(
            EntityKind::DuplicatePair,
            &new_id(),
            vec![
                ("programme_id", json!(reg.programme_id)),
                ("household_id", json!(household_id)),
                ("person_id", json!(person_id)),
                ("other_household_id", json!(d.other_household_id)),
                ("other_person_id", json!(d.other_person_id)),
                ("band", json!(d.band)),
                ("probability", json!(d.probability)),
                ("whole_household", json!(d.whole_household)),
                ("evidence", d.evidence.clone()),
            ],
        ));
    }
    tx.apply(Some(who), ops)?;
    Ok(Registered { household_id, people })
}

/// A supervisor's decision on a pair: the same person, the same
/// household, different people, or `undone` (back in the queue).
pub const DECISIONS: [&str; 4] = ["same_person", "same_household", "different", "undone"];

/// The facts a decision reads: the pair's two households.
pub trait DuplicateTx: WriteTx {
    /// `(household, other household)` of a pair (`None`: no such pair).
    fn pair_households(&self, pair_id: &str) -> Result<Option<(String, String)>, CommandError>;
}

/// Records a supervisor's decision on a pair whose two households are in
/// scope; a new record each time, so the trail keeps every decision and
/// the latest counts. Never merges anything. Its id.
pub fn decide_pair<T: DuplicateTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    pair_id: &str,
    decision: &str,
    note: &str,
    now: &str,
) -> Result<String, CommandError> {
    if !who.role().may(dugu_domain::Action::SuperviseRelief) {
        return Err(CommandError::Forbidden);
    }
    let (household, other) = tx.pair_households(pair_id)?.ok_or(CommandError::NotFound)?;
    for h in [&household, &other] {
        crate::household_in_scope(tx, who, h)?;
    }
    let mut inv = Invalid::new();
    if !DECISIONS.contains(&decision.trim()) {
        inv.add("decision", if decision.trim().is_empty() { Problem::Required } else { Problem::NotAllowed });
    }
    let note = inv.check("note", dugu_domain::person::optional_note(note));
    inv.clone().into_result()?;
    let id = new_id();
    tx.apply(
        Some(who),
        vec![Op::create(
            EntityKind::DuplicateDecision,
            &id,
            vec![
                ("pair_id", json!(pair_id)),
                ("household_id", json!(household)),
                ("other_household_id", json!(other)),
                ("decision", json!(decision.trim())),
                ("note", json!(note.flatten())),
                ("decided_by", json!(who.user_id())),
                ("decided_at", json!(now)),
            ],
        )],
    )?;
    Ok(id)
}
