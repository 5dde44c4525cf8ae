//! Children's Villages: family houses (set up by the village director) and
//! a child's time in care — admission, moves between houses, leaving care
//! and follow-up visits after it (by those who handle care: directors,
//! social workers).

use crate::contract::Author;
use crate::{CommandError, Op, WriteTx, new_id, person_in_scope};
use dugu_domain::village::{AdmissionReason, LeavingReason};
use dugu_domain::{EntityKind, Invalid, Problem};
use serde::Serialize;

/// A family house.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct House {
    /// Id.
    pub id: String,
    /// The village (location).
    pub location_id: String,
    /// Its name ("Maison Baobab").
    pub name: String,
    /// How many children it is set up for.
    pub capacity: i64,
    /// The SOS parent (a person), if named.
    pub sos_parent_id: Option<String>,
    /// The SOS parent's name.
    pub sos_parent_name: Option<String>,
    /// Children living there now.
    pub occupancy: i64,
}

/// A new family house.
#[derive(Debug, Clone, Default)]
pub struct HouseInput {
    /// Village.
    pub location_id: String,
    /// Name.
    pub name: String,
    /// Capacity.
    pub capacity: Option<i64>,
    /// SOS parent (person id), optional.
    pub sos_parent_id: String,
}

/// An admission as entered.
#[derive(Debug, Clone, Default)]
pub struct AdmissionInput {
    /// `YYYY-MM-DD`.
    pub admitted_on: String,
    /// Reason code.
    pub reason: String,
    /// Who referred the child (a service, a court, a chief).
    pub referred_by: String,
    /// The house the child goes to.
    pub house_id: String,
    /// A brother or sister admitted with the child (person id), optional.
    pub sibling_id: String,
    /// What a form's sibling field (a name) could not take, if anything:
    /// a name of no one in scope (`Problem::Unknown`) or of people not in
    /// care (`Problem::NotInCare`). Refused as the `sibling` field's
    /// problem, together with every other problem of the admission
    /// (`sibling_id` is then not read).
    pub sibling_not_taken: Option<Problem>,
    /// The director confirmed placing the child in a house that is full
    /// (at or over its capacity); without it such an admission is refused.
    pub confirm_over_capacity: bool,
}

/// What the care commands need to know of a house.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseFacts {
    /// Its village: what scope is checked against.
    pub location_id: String,
    /// How many children it is set up for.
    pub capacity: i64,
    /// How many live there now.
    pub living: i64,
}

/// A child's latest admission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdmissionFacts {
    /// Its id.
    pub id: String,
    /// The group of brothers and sisters admitted together.
    pub sibling_group: String,
    /// When the child left, if it has.
    pub left_on: Option<String>,
}

/// The child's placement that has not ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentPlacement {
    /// Its id.
    pub id: String,
    /// The house.
    pub house_id: String,
    /// The day the child came to the house (`YYYY-MM-DD`).
    pub from_date: String,
}

/// The facts the village commands read.
pub trait VillageTx: WriteTx {
    /// The house, if it exists.
    fn house(&self, house_id: &str) -> Result<Option<HouseFacts>, CommandError>;
    /// Whether a house of the village is already called `name`.
    fn house_name_taken(&self, location_id: &str, name: &str) -> Result<bool, CommandError>;
    /// A person's name as a list shows it ("Awa Diarra").
    fn person_name(&self, person_id: &str) -> Result<Option<String>, CommandError>;
    /// The child's placement that has not ended.
    fn current_placement(&self, person_id: &str) -> Result<Option<CurrentPlacement>, CommandError>;
    /// The child's admission that has not ended: `(admission id, admitted on)`.
    fn open_admission(&self, person_id: &str) -> Result<Option<(String, String)>, CommandError>;
    /// The child's latest admission, ended or not.
    fn latest_admission(&self, person_id: &str) -> Result<Option<AdmissionFacts>, CommandError>;
}

fn text(v: &str) -> Option<String> {
    let t = v.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn parse_past(raw: &str, today: time::Date) -> Result<String, Problem> {
    dugu_domain::birth::event_date(raw, today, None)
}

/// The house, if it is in `who`'s scope.
fn house_in<T: VillageTx + ?Sized>(
    tx: &T,
    who: &T::Author,
    house_id: &str,
) -> Result<Option<HouseFacts>, CommandError> {
    Ok(tx.house(house_id)?.filter(|h| who.sees(&h.location_id)))
}

/// The location of a child whose care `who` may change: out of scope is
/// `NotFound`, a role that does not handle care `Forbidden`.
fn care_child<T: VillageTx + ?Sized>(
    tx: &T,
    who: &T::Author,
    person_id: &str,
) -> Result<crate::PersonFacts, CommandError> {
    let child = person_in_scope(tx, who, person_id)?;
    if !who.role().handles_care() {
        return Err(CommandError::Forbidden);
    }
    Ok(child)
}

fn place<T: VillageTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    person_id: &str,
    house_id: &str,
    from: &str,
) -> Result<(), CommandError> {
    let fields = vec![
        ("person_id", serde_json::json!(person_id)),
        ("house_id", serde_json::json!(house_id)),
        ("from_date", serde_json::json!(from)),
    ];
    tx.apply(Some(who), vec![Op::create(EntityKind::Placement, &new_id(), fields)])
}

/// Ends a placement on `on`; never before it began (refused as `field`'s
/// problem), whatever path asks.
fn close_placement<T: VillageTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    placement: &CurrentPlacement,
    on: &str,
    field: &str,
) -> Result<(), CommandError> {
    if on < placement.from_date.as_str() {
        let mut inv = Invalid::new();
        inv.add(field, Problem::BeforePlacement);
        return Err(inv.into());
    }
    tx.apply(Some(who), vec![Op::set(EntityKind::Placement, &placement.id, "to_date", serde_json::json!(on))])
}

/// Sets up a family house in a village in scope (the village director).
pub fn create_house<T: VillageTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    input: &HouseInput,
) -> Result<House, CommandError> {
    if !who.role().manages_village() {
        return Err(CommandError::Forbidden);
    }
    let mut inv = Invalid::new();
    if !who.sees(&input.location_id) {
        inv.add("location_id", Problem::Unknown);
    }
    let name =
        inv.check("name", dugu_domain::person::optional_text(&input.name).and_then(|n| n.ok_or(Problem::Required)));
    let capacity =
        inv.check("capacity", input.capacity.ok_or(Problem::Required).and_then(dugu_domain::village::capacity));
    let parent = text(&input.sos_parent_id);
    let mut parent_name = None;
    if let Some(p) = &parent {
        match person_in_scope(tx, who, p) {
            Ok(_) => parent_name = tx.person_name(p)?,
            Err(CommandError::NotFound) => inv.add("sos_parent_id", Problem::Unknown),
            Err(e) => return Err(e),
        }
    }
    inv.clone().into_result()?;
    let (Some(name), Some(capacity)) = (name, capacity) else { return Err(inv.into()) };
    let id = new_id();
    if tx.house_name_taken(&input.location_id, &name)? {
        let mut inv = Invalid::new();
        inv.add("name", Problem::Taken);
        return Err(inv.into());
    }
    let fields = vec![
        ("location_id", serde_json::json!(input.location_id)),
        ("name", serde_json::json!(name)),
        ("capacity", serde_json::json!(capacity)),
        ("sos_parent_id", serde_json::json!(parent)),
    ];
    tx.apply(Some(who), vec![Op::create(EntityKind::House, &id, fields)])?;
    Ok(House {
        id,
        location_id: input.location_id.clone(),
        name,
        capacity,
        sos_parent_id: parent,
        sos_parent_name: parent_name,
        occupancy: 0,
    })
}

/// Admits a child in scope to a village and places it in a house; the
/// admission's id. A house that is full is refused unless confirmed; a
/// sibling joins the sibling's group.
pub fn admit<T: VillageTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    person_id: &str,
    input: &AdmissionInput,
    today: time::Date,
) -> Result<String, CommandError> {
    let child = care_child(tx, who, person_id)?;
    let mut inv = Invalid::new();
    let date = inv.check("admitted_on", dugu_domain::birth::event_date(&input.admitted_on, today, child.birth_date));
    let reason = inv.check("reason", AdmissionReason::parse(input.reason.trim()));
    let referred_by = inv.check("referred_by", dugu_domain::person::optional_text(&input.referred_by)).flatten();
    match house_in(tx, who, &input.house_id)? {
        None => {
            inv.add("house_id", if input.house_id.trim().is_empty() { Problem::Required } else { Problem::Unknown })
        }
        Some(h) if !input.confirm_over_capacity && h.living >= h.capacity => inv.add("house_id", Problem::Full),
        Some(_) => {}
    }
    if tx.open_admission(person_id)?.is_some() {
        inv.add("admitted_on", Problem::Taken);
    }
    let mut group = None;
    if let Some(problem) = input.sibling_not_taken {
        inv.add("sibling", problem);
    } else if let Some(sibling) = text(&input.sibling_id) {
        let g = tx.latest_admission(&sibling)?.map(|a| a.sibling_group);
        let seen = match person_in_scope(tx, who, &sibling) {
            Ok(_) => true,
            Err(CommandError::NotFound) => false,
            Err(e) => return Err(e),
        };
        match g {
            Some(g) if seen && sibling != person_id => group = Some(g),
            // In scope but never admitted: say so, not "unknown".
            None if seen && sibling != person_id => inv.add("sibling_id", Problem::NotInCare),
            _ => inv.add("sibling_id", Problem::Unknown),
        }
    }
    inv.clone().into_result()?;
    let (Some(date), Some(reason)) = (date, reason) else { return Err(inv.into()) };
    let id = new_id();
    let group = group.unwrap_or_else(|| id.clone());
    let fields = vec![
        ("person_id", serde_json::json!(person_id)),
        ("location_id", serde_json::json!(child.location_id)),
        ("admitted_on", serde_json::json!(date)),
        ("reason", serde_json::json!(reason.code())),
        ("referred_by", serde_json::json!(referred_by)),
        ("sibling_group", serde_json::json!(group)),
    ];
    tx.apply(Some(who), vec![Op::create(EntityKind::Admission, &id, fields)])?;
    place(tx, who, person_id, &input.house_id, &date)?;
    Ok(id)
}

/// Moves a child in care to another house from `from`; a house that is
/// full is refused unless `confirm_over_capacity`.
pub fn move_child<T: VillageTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    person_id: &str,
    house_id: &str,
    from: &str,
    confirm_over_capacity: bool,
    today: time::Date,
) -> Result<(), CommandError> {
    care_child(tx, who, person_id)?;
    let mut inv = Invalid::new();
    let date = inv.check("from_date", parse_past(from, today));
    let house = house_in(tx, who, house_id)?;
    if house.is_none() {
        inv.add("house_id", if house_id.trim().is_empty() { Problem::Required } else { Problem::Unknown });
    }
    let current = tx.current_placement(person_id)?;
    let open = tx.open_admission(person_id)?;
    if let (Some(d), Some((_, admitted))) = (&date, &open) {
        let placed_from = current.as_ref().map(|p| p.from_date.as_str());
        inv.check("from_date", dugu_domain::village::stay_change(d, admitted, placed_from));
    }
    match (&current, open) {
        (_, None) => inv.add("house_id", Problem::NotAllowed),
        (Some(p), _) if p.house_id == house_id => inv.add("house_id", Problem::Taken),
        _ => {
            if let Some(h) = house
                && !confirm_over_capacity
                && h.living >= h.capacity
            {
                inv.add("house_id", Problem::Full);
            }
        }
    }
    inv.clone().into_result()?;
    let Some(date) = date else { return Err(inv.into()) };
    if let Some(placement) = current {
        close_placement(tx, who, &placement, &date, "from_date")?;
    }
    place(tx, who, person_id, house_id, &date)
}

/// A child in care transferred to another village, as entered.
#[derive(Debug, Clone, Default)]
pub struct TransferInput {
    /// The receiving village.
    pub location_id: String,
    /// A house there, optional: the child may arrive before one is chosen.
    pub house_id: String,
    /// The day the child leaves its house for the receiving village.
    pub transferred_on: String,
}

/// Transfers a child in care to another village, as one command: the
/// current placement ends on the day, the child's place becomes the
/// receiving village (which moves its record to that village's site at
/// the next sync), and a placement there opens if a house is chosen. The
/// admission stays as it was (where and when the child was admitted is
/// history). Only a role that both sets up villages and handles care may
/// (the village director), and only between villages in their scope: a
/// child out of scope is `NotFound`, a village out of scope unknown.
pub fn transfer_child<T: VillageTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    person_id: &str,
    input: &TransferInput,
    today: time::Date,
) -> Result<(), CommandError> {
    let child = care_child(tx, who, person_id)?;
    if !who.role().manages_village() {
        return Err(CommandError::Forbidden);
    }
    let mut inv = Invalid::new();
    let date = inv.check("transferred_on", parse_past(&input.transferred_on, today));
    let to = input.location_id.trim();
    if to.is_empty() {
        inv.add("location_id", Problem::Required);
    } else if !(who.sees(to) && tx.location_exists(to)?) {
        inv.add("location_id", Problem::Unknown);
    } else if to == child.location_id {
        inv.add("location_id", Problem::Taken);
    }
    let house_id = input.house_id.trim();
    if !house_id.is_empty() {
        match house_in(tx, who, house_id)? {
            Some(h) if h.location_id != to => inv.add("house_id", Problem::Unknown),
            None => inv.add("house_id", Problem::Unknown),
            Some(h) if h.living >= h.capacity => inv.add("house_id", Problem::Full),
            Some(_) => {}
        }
    }
    let current = tx.current_placement(person_id)?;
    match tx.open_admission(person_id)? {
        None => inv.add("location_id", Problem::NotInCare),
        Some((_, admitted)) => {
            if let Some(d) = &date {
                let placed_from = current.as_ref().map(|p| p.from_date.as_str());
                inv.check("transferred_on", dugu_domain::village::stay_change(d, &admitted, placed_from));
            }
        }
    }
    inv.clone().into_result()?;
    let Some(date) = date else { return Err(inv.into()) };
    if let Some(placement) = current {
        close_placement(tx, who, &placement, &date, "transferred_on")?;
    }
    tx.apply(Some(who), vec![Op::set(EntityKind::Person, person_id, "location_id", serde_json::json!(to))])?;
    if !house_id.is_empty() {
        place(tx, who, person_id, house_id, &date)?;
    }
    Ok(())
}

/// Records that a child left care: the admission and the placement end.
pub fn leave_care<T: VillageTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    person_id: &str,
    on: &str,
    reason: &str,
    today: time::Date,
) -> Result<(), CommandError> {
    care_child(tx, who, person_id)?;
    let mut inv = Invalid::new();
    let date = inv.check("left_on", parse_past(on, today));
    let reason = inv.check("leaving_reason", LeavingReason::parse(reason.trim()));
    let open = tx.open_admission(person_id)?;
    match &open {
        None => inv.add("left_on", Problem::NotAllowed),
        Some((_, admitted)) if date.as_deref().is_some_and(|d| d < admitted.as_str()) => {
            inv.add("left_on", Problem::BeforeAdmission)
        }
        Some((_, admitted)) => {
            if let Some(d) = &date {
                let placed_from = tx.current_placement(person_id)?.map(|p| p.from_date);
                inv.check("left_on", dugu_domain::village::stay_change(d, admitted, placed_from.as_deref()));
            }
        }
    }
    inv.clone().into_result()?;
    let (Some(date), Some(reason), Some((admission, _))) = (date, reason, open) else { return Err(inv.into()) };
    tx.apply(
        Some(who),
        vec![
            Op::set(EntityKind::Admission, &admission, "left_on", serde_json::json!(date)),
            Op::set(EntityKind::Admission, &admission, "leaving_reason", serde_json::json!(reason.code())),
        ],
    )?;
    if let Some(placement) = tx.current_placement(person_id)? {
        close_placement(tx, who, &placement, &date, "left_on")?;
    }
    Ok(())
}

/// Records a follow-up visit of a child who left care (its latest
/// admission must have ended, and the visit cannot precede the leaving).
pub fn follow_up<T: VillageTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    person_id: &str,
    visited_on: &str,
    notes: &str,
    today: time::Date,
) -> Result<(), CommandError> {
    care_child(tx, who, person_id)?;
    let latest = tx.latest_admission(person_id)?;
    let mut inv = Invalid::new();
    let date = inv.check("visited_on", parse_past(visited_on, today));
    let notes = inv.check("notes", dugu_domain::person::optional_note(notes).and_then(|n| n.ok_or(Problem::Required)));
    let admission = match latest {
        Some(AdmissionFacts { id, left_on: Some(left_on), .. }) => {
            if date.as_deref().is_some_and(|d| d < left_on.as_str()) {
                inv.add("visited_on", Problem::OutOfRange);
            }
            Some(id)
        }
        _ => {
            inv.add("visited_on", Problem::NotAllowed);
            None
        }
    };
    inv.clone().into_result()?;
    let (Some(date), Some(notes), Some(admission)) = (date, notes, admission) else { return Err(inv.into()) };
    let fields = vec![
        ("admission_id", serde_json::json!(admission)),
        ("visited_on", serde_json::json!(date)),
        ("notes", serde_json::json!(notes)),
    ];
    tx.apply(Some(who), vec![Op::create(EntityKind::CareFollowUp, &new_id(), fields)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PersonFacts;
    use crate::testing::{Fake, author};
    use dugu_domain::Role;
    use time::macros::date;

    fn village() -> Fake {
        let mut tx = Fake::with_child("kita");
        let facts = PersonFacts { location_id: "kita".into(), birth_date: None, sex: dugu_domain::Sex::Male };
        tx.people.push(("brother".into(), facts));
        tx.houses.push(("house".into(), HouseFacts { location_id: "kita".into(), capacity: 2, living: 2 }));
        tx
    }

    fn admission() -> AdmissionInput {
        AdmissionInput {
            admitted_on: "2025-05-01".into(),
            reason: AdmissionReason::ALL[0].code().into(),
            house_id: "house".into(),
            ..AdmissionInput::default()
        }
    }

    #[test]
    fn a_full_house_is_refused_unless_the_director_confirms() {
        let mut tx = village();
        let director = author(Role::LocationDirector, "kita");
        let Err(CommandError::Invalid(inv)) = admit(&mut tx, &director, "child", &admission(), date!(2025 - 06 - 01))
        else {
            panic!("a child was placed in a full house without confirmation");
        };
        assert_eq!(inv.of("house_id"), Some(Problem::Full));
        let confirmed = AdmissionInput { confirm_over_capacity: true, ..admission() };
        admit(&mut tx, &director, "child", &confirmed, date!(2025 - 06 - 01)).expect("admitted");
        let kinds: Vec<EntityKind> = tx.applied.iter().map(|o| o.kind).collect();
        assert_eq!(kinds, vec![EntityKind::Admission, EntityKind::Placement]);
    }

    #[test]
    fn a_sibling_never_admitted_is_not_in_care() {
        let mut tx = village();
        let director = author(Role::LocationDirector, "kita");
        let input = AdmissionInput { sibling_id: "brother".into(), confirm_over_capacity: true, ..admission() };
        let Err(CommandError::Invalid(inv)) = admit(&mut tx, &director, "child", &input, date!(2025 - 06 - 01)) else {
            panic!("a sibling never admitted was accepted");
        };
        assert_eq!(inv.of("sibling_id"), Some(Problem::NotInCare));
    }

    #[test]
    fn a_child_cannot_leave_before_it_was_admitted() {
        let mut tx = village();
        let admitted = AdmissionFacts { id: "a".into(), sibling_group: "a".into(), left_on: None };
        tx.admissions.push(("child".into(), "2025-05-01".into(), admitted));
        let worker = author(Role::SocialWorker, "kita");
        let reason = LeavingReason::ALL[0].code();
        let Err(CommandError::Invalid(inv)) =
            leave_care(&mut tx, &worker, "child", "2025-04-01", reason, date!(2025 - 06 - 01))
        else {
            panic!("a leaving before the admission was accepted");
        };
        assert_eq!(inv.of("left_on"), Some(Problem::BeforeAdmission));
    }

    #[test]
    fn a_refused_admission_says_every_problem_with_the_sibling_field_s_own() {
        let mut tx = village();
        let director = author(Role::LocationDirector, "kita");
        let input =
            AdmissionInput { reason: String::new(), sibling_not_taken: Some(Problem::NotInCare), ..admission() };
        let Err(CommandError::Invalid(inv)) = admit(&mut tx, &director, "child", &input, date!(2025 - 06 - 01)) else {
            panic!("an admission with problems was accepted");
        };
        assert_eq!(inv.of("sibling"), Some(Problem::NotInCare));
        assert_eq!(inv.of("reason"), Some(Problem::Required));
        assert_eq!(inv.of("house_id"), Some(Problem::Full));
        assert!(tx.applied.is_empty());
    }

    #[test]
    fn a_child_does_not_move_before_it_was_admitted() {
        let mut tx = village();
        tx.houses.push(("other".into(), HouseFacts { location_id: "kita".into(), capacity: 8, living: 0 }));
        let admitted = AdmissionFacts { id: "a".into(), sibling_group: "a".into(), left_on: None };
        tx.admissions.push(("child".into(), "2025-05-01".into(), admitted));
        let worker = author(Role::SocialWorker, "kita");
        let Err(CommandError::Invalid(inv)) =
            move_child(&mut tx, &worker, "child", "other", "2025-04-01", false, date!(2025 - 06 - 01))
        else {
            panic!("a move before the admission was accepted");
        };
        assert_eq!(inv.of("from_date"), Some(Problem::BeforePlacement));
    }

    #[test]
    fn a_transfer_names_each_problem_writes_nothing_and_is_the_village_director_s() {
        let mut tx = village();
        let admitted = AdmissionFacts { id: "a".into(), sibling_group: "a".into(), left_on: None };
        tx.admissions.push(("child".into(), "2025-05-01".into(), admitted));
        let input = TransferInput {
            location_id: "socoura".into(),
            house_id: "house".into(),
            transferred_on: "2025-04-01".into(),
        };
        let director = author(Role::LocationDirector, "kita");
        let Err(CommandError::Invalid(inv)) =
            transfer_child(&mut tx, &director, "child", &input, date!(2025 - 06 - 01))
        else {
            panic!("a transfer out of the director's villages was accepted");
        };
        assert_eq!(inv.of("location_id"), Some(Problem::Unknown), "a village out of scope");
        assert_eq!(inv.of("house_id"), Some(Problem::Unknown), "a house of another village");
        assert!(inv.of("transferred_on").is_some(), "before the admission");
        assert!(tx.applied.is_empty());
        let worker = author(Role::SocialWorker, "kita");
        let r = transfer_child(&mut tx, &worker, "child", &input, date!(2025 - 06 - 01));
        assert!(matches!(r, Err(CommandError::Forbidden)), "a social worker moves children between houses only");
    }

    #[test]
    fn a_nurse_does_not_handle_care() {
        let mut tx = village();
        let nurse = author(Role::Nurse, "kita");
        let r = admit(&mut tx, &nurse, "child", &admission(), date!(2025 - 06 - 01));
        assert!(matches!(r, Err(CommandError::Forbidden)));
    }
}
