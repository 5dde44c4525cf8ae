//! People: a person's record created and changed — within the author's
//! scope, each field group only by a role that writes it, every field
//! checked by dugu-domain's rules. One person or a national load of them,
//! the rules are the same ([`create_people`]); how a backend batches the
//! writes (one `apply`, each site's record numbers taken as one range) is
//! its own.

use crate::{Author, CommandError, Op, WriteTx, new_id};
use dugu_domain::birth::{BirthDate, DatePrecision};
use dugu_domain::person::{optional_note, optional_text};
use dugu_domain::{EntityKind, FieldGroup, Invalid, PersonName, Problem, Sex};
use std::collections::HashSet;
use time::Date;

/// Every writable field of a person and the group it belongs to.
pub struct PersonFields;

impl PersonFields {
    /// `(field, group)` for every field a client may set.
    pub const ALL: &'static [(&'static str, FieldGroup)] = &[
        ("given_name", FieldGroup::Identity),
        ("family_name", FieldGroup::Identity),
        ("other_names", FieldGroup::Identity),
        ("sex", FieldGroup::Identity),
        ("birth_date", FieldGroup::Identity),
        ("birth_date_precision", FieldGroup::Identity),
        ("age_years", FieldGroup::Identity),
        ("location_id", FieldGroup::Identity),
        ("national_id", FieldGroup::Identity),
        ("birth_certificate", FieldGroup::Identity),
        ("phone", FieldGroup::Contact),
        ("address", FieldGroup::Contact),
        ("medical_notes", FieldGroup::Medical),
        ("protection_notes", FieldGroup::Protection),
    ];

    /// The group of a field, if it is one.
    pub fn group(field: &str) -> Option<FieldGroup> {
        Self::ALL.iter().find(|(f, _)| *f == field).map(|(_, g)| *g)
    }
}

/// A person as the caller may see them: fields of groups outside
/// `groups` are `None` and must not be shown at all.
#[derive(Debug, Clone)]
pub struct Person {
    /// Id (UUIDv7).
    pub id: String,
    /// Record number (`KIT-000042`).
    pub record_number: String,
    /// Location.
    pub location_id: String,
    /// Given name(s) as typed.
    pub given_name: String,
    /// Family name(s) as typed.
    pub family_name: String,
    /// Other spellings.
    pub other_names: Vec<String>,
    /// Sex.
    pub sex: Sex,
    /// Birth date (1 January when only the year is known).
    pub birth_date: Option<Date>,
    /// How well the birth date is known.
    pub birth_date_precision: Option<DatePrecision>,
    /// National ID number.
    pub national_id: Option<String>,
    /// Birth certificate number.
    pub birth_certificate: Option<String>,
    /// Phone (contact group).
    pub phone: Option<String>,
    /// Address (contact group).
    pub address: Option<String>,
    /// Medical notes (medical group).
    pub medical_notes: Option<String>,
    /// Protection notes (protection group).
    pub protection_notes: Option<String>,
    /// The field groups the caller may see.
    pub groups: Vec<FieldGroup>,
    /// Created, ms since the epoch.
    pub created_at: i64,
    /// Last changed, ms since the epoch.
    pub updated_at: i64,
}

/// A new person as submitted: text as typed, checked by [`PreparedPerson::new`].
#[derive(Debug, Clone, Default)]
pub struct PersonInput {
    /// Given name(s).
    pub given_name: String,
    /// Family name(s).
    pub family_name: String,
    /// Other spellings, separated by commas or new lines.
    pub other_names: String,
    /// `F`/`M`.
    pub sex: String,
    /// `YYYY-MM-DD` or `YYYY`, or empty.
    pub birth_date: String,
    /// `exact`, `year`, `estimated`, or empty for the default.
    pub birth_date_precision: String,
    /// Age in years when the birth date is unknown.
    pub age_years: Option<i64>,
    /// Location id.
    pub location_id: String,
    /// National ID.
    pub national_id: String,
    /// Birth certificate.
    pub birth_certificate: String,
    /// Phone.
    pub phone: String,
    /// Address.
    pub address: String,
    /// Medical notes.
    pub medical_notes: String,
    /// Protection notes.
    pub protection_notes: String,
    /// Which fields the client actually sent (for the field-group check).
    pub sent: Vec<String>,
}

/// Changes to a person: only the fields present change.
#[derive(Debug, Clone, Default)]
pub struct PersonPatch {
    /// `(field, new value)`; an empty value clears an optional field.
    pub fields: Vec<(String, String)>,
    /// Age in years, to re-estimate the birth date.
    pub age_years: Option<i64>,
}

/// The checked values of a person.
#[derive(Debug, Clone, PartialEq)]
struct Valid {
    given_name: String,
    family_name: String,
    other_names: Vec<String>,
    sex: Sex,
    birth: Option<BirthDate>,
    location_id: String,
    national_id: Option<String>,
    birth_certificate: Option<String>,
    phone: Option<String>,
    address: Option<String>,
    medical_notes: Option<String>,
    protection_notes: Option<String>,
}

impl Valid {
    /// `(field, value)` as stored, for the change log and for diffs.
    fn values(&self) -> Vec<(&'static str, serde_json::Value)> {
        use serde_json::json;
        vec![
            ("given_name", json!(self.given_name)),
            ("family_name", json!(self.family_name)),
            ("other_names", json!(self.other_names)),
            ("sex", json!(self.sex.code())),
            ("birth_date", json!(self.birth.map(|b| b.iso()))),
            ("birth_date_precision", json!(self.birth.map(|b| b.precision.code()))),
            ("location_id", json!(self.location_id)),
            ("national_id", json!(self.national_id)),
            ("birth_certificate", json!(self.birth_certificate)),
            ("phone", json!(self.phone)),
            ("address", json!(self.address)),
            ("medical_notes", json!(self.medical_notes)),
            ("protection_notes", json!(self.protection_notes)),
        ]
    }
}

/// A new person checked and made ready before the write: validation,
/// folding and the change-log values cost nothing on the write path.
#[derive(Debug, Clone)]
pub struct CheckedPerson {
    valid: Valid,
    values: Vec<(&'static str, serde_json::Value)>,
}

impl CheckedPerson {
    /// Checks `input` for `who` on `today`: the role writes people, the
    /// field groups sent are the role's to write, every field's rules.
    /// Fields of groups the role may not write stay empty.
    pub fn new<A: Author + ?Sized>(who: &A, input: &PersonInput, today: Date) -> Result<CheckedPerson, CommandError> {
        check_groups(who, &input.sent)?;
        let mut valid = check_input(input, today)?;
        if !who.role().writes(FieldGroup::Medical) {
            valid.medical_notes = None;
        }
        if !who.role().writes(FieldGroup::Protection) {
            valid.protection_notes = None;
        }
        let values = valid.values().into_iter().filter(|(_, v)| !v.is_null() && *v != serde_json::json!([])).collect();
        Ok(CheckedPerson { valid, values })
    }

    /// The fields of the person's creation op, record number aside (a
    /// command that writes a person with other records in one `apply`).
    pub(crate) fn creation_values(&self) -> Vec<(&'static str, serde_json::Value)> {
        self.values.clone()
    }

    /// The birth date as checked, if one was given.
    pub fn birth(&self) -> Option<BirthDate> {
        self.valid.birth
    }

    /// The person as `who` sees them once written as `id`, numbered
    /// `record_number`, at `now` (ms since the epoch).
    pub fn into_person<A: Author + ?Sized>(self, who: &A, id: String, record_number: String, now: i64) -> Person {
        let v = self.valid;
        let groups = who.role().readable_groups();
        let sees = |g: FieldGroup| groups.contains(&g);
        Person {
            id,
            record_number,
            location_id: v.location_id,
            given_name: v.given_name,
            family_name: v.family_name,
            other_names: v.other_names,
            sex: v.sex,
            birth_date: v.birth.map(|b| b.date),
            birth_date_precision: v.birth.map(|b| b.precision),
            national_id: v.national_id,
            birth_certificate: v.birth_certificate,
            phone: if sees(FieldGroup::Contact) { v.phone } else { None },
            address: if sees(FieldGroup::Contact) { v.address } else { None },
            medical_notes: if sees(FieldGroup::Medical) { v.medical_notes } else { None },
            protection_notes: if sees(FieldGroup::Protection) { v.protection_notes } else { None },
            groups: groups.to_vec(),
            created_at: now,
            updated_at: now,
        }
    }
}

fn check_input(input: &PersonInput, today: Date) -> Result<Valid, Invalid> {
    let mut inv = Invalid::new();
    let given = inv.check("given_name", PersonName::parse(&input.given_name));
    let family = inv.check("family_name", PersonName::parse(&input.family_name));
    let other = inv.check("other_names", dugu_domain::names::parse_other_names(&input.other_names));
    let sex = inv.check("sex", Sex::parse(&input.sex));
    let precision = if input.birth_date_precision.trim().is_empty() {
        None
    } else {
        inv.check("birth_date_precision", DatePrecision::parse(&input.birth_date_precision))
    };
    let birth = match (input.birth_date.trim().is_empty(), input.age_years) {
        (false, _) => inv.check("birth_date", BirthDate::parse(&input.birth_date, precision, today)).map(Some),
        (true, Some(age)) => inv.check("age_years", BirthDate::from_age(age, today)).map(Some),
        (true, None) => Some(None),
    };
    let national_id = inv.check("national_id", optional_text(&input.national_id));
    let birth_certificate = inv.check("birth_certificate", optional_text(&input.birth_certificate));
    let phone = inv.check("phone", optional_text(&input.phone));
    let address = inv.check("address", optional_text(&input.address));
    let medical_notes = inv.check("medical_notes", optional_note(&input.medical_notes));
    let protection_notes = inv.check("protection_notes", optional_note(&input.protection_notes));
    if input.location_id.trim().is_empty() {
        inv.add("location_id", Problem::Required);
    }
    inv.clone().into_result()?;
    match (
        given,
        family,
        other,
        sex,
        birth,
        national_id,
        birth_certificate,
        phone,
        address,
        medical_notes,
        protection_notes,
    ) {
        (Some(g), Some(f), Some(o), Some(s), Some(b), Some(nid), Some(bc), Some(ph), Some(ad), Some(mn), Some(pn)) => {
            Ok(Valid {
                given_name: g.as_str().to_string(),
                family_name: f.as_str().to_string(),
                other_names: o.iter().map(|n| n.as_str().to_string()).collect(),
                sex: s,
                birth: b,
                location_id: input.location_id.trim().to_string(),
                national_id: nid,
                birth_certificate: bc,
                phone: ph,
                address: ad,
                medical_notes: mn,
                protection_notes: pn,
            })
        }
        _ => Err(inv),
    }
}

/// Refuses writes to field groups the role may not write (403), before
/// anything else is looked at.
fn check_groups<A: Author + ?Sized>(
    who: &A,
    fields: impl IntoIterator<Item = impl AsRef<str>>,
) -> Result<(), CommandError> {
    if !who.role().writes_people() {
        return Err(CommandError::Forbidden);
    }
    for f in fields {
        if let Some(g) = PersonFields::group(f.as_ref())
            && !who.role().writes(g)
        {
            return Err(CommandError::Forbidden);
        }
    }
    Ok(())
}

/// The facts the people commands read and the numbers they take.
pub trait PeopleTx: WriteTx {
    /// One record number for each new person at `location_ids`, in order
    /// (`KIT-000101`…): each site numbers its own people from a counter
    /// only the backend keeps, so a site mints its numbers offline.
    fn record_numbers(&mut self, location_ids: &[&str]) -> Result<Vec<String>, CommandError>;
    /// A person's record as stored, every field group filled, wherever
    /// they live (`None`: no such person).
    fn person_record(&self, id: &str) -> Result<Option<Person>, CommandError>;
}

/// Whether `location_id` exists and is in `who`'s scope; out of scope
/// looks the same as unknown.
fn location_in_scope<T: WriteTx + ?Sized>(tx: &T, who: &T::Author, location_id: &str) -> Result<bool, CommandError> {
    Ok(who.sees(location_id) && tx.location_exists(location_id)?)
}

fn unknown_location() -> CommandError {
    let mut inv = Invalid::new();
    inv.add("location_id", Problem::Unknown);
    inv.into()
}

/// Creates people checked by [`CheckedPerson::new`] in one `apply`: the
/// role writes people, each person's location exists and is in scope
/// (each location asked once), each gets its site's next record number
/// and one creation op. `(id, record number)` of each, in order.
pub fn create_people<T: PeopleTx + ?Sized, P: AsRef<CheckedPerson>>(
    tx: &mut T,
    who: &T::Author,
    people: &[P],
) -> Result<Vec<(String, String)>, CommandError> {
    if !who.role().writes_people() {
        return Err(CommandError::Forbidden);
    }
    let mut checked: HashSet<&str> = HashSet::new();
    let mut locations = Vec::with_capacity(people.len());
    for p in people {
        let location = p.as_ref().valid.location_id.as_str();
        if checked.insert(location) && !location_in_scope(tx, who, location)? {
            return Err(unknown_location());
        }
        locations.push(location);
    }
    let numbers = tx.record_numbers(&locations)?;
    if numbers.len() != people.len() {
        return Err(CommandError::Backend("a record number short".into()));
    }
    let mut made = Vec::with_capacity(people.len());
    let mut ops = Vec::with_capacity(people.len());
    for (p, record_number) in people.iter().zip(numbers) {
        let id = new_id();
        let mut fields = p.as_ref().values.clone();
        fields.insert(0, ("record_number", serde_json::json!(record_number)));
        ops.push(Op::create(EntityKind::Person, &id, fields));
        made.push((id, record_number));
    }
    tx.apply(Some(who), ops)?;
    Ok(made)
}

impl AsRef<CheckedPerson> for CheckedPerson {
    fn as_ref(&self) -> &CheckedPerson {
        self
    }
}

/// Changes a person in `who`'s scope by `patch` (checked on `today`):
/// out of scope or a role that does not read people is `NotFound`; a
/// field of a group the role does not write is `Forbidden`; a move goes
/// only to a location in scope. Only the fields whose stored value
/// changes become ops (none: nothing is written).
pub fn update_person<T: PeopleTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    id: &str,
    patch: &PersonPatch,
    today: Date,
) -> Result<(), CommandError> {
    if !who.role().reads_people() {
        return Err(CommandError::NotFound);
    }
    let current = tx.person_record(id)?.filter(|p| who.sees(&p.location_id)).ok_or(CommandError::NotFound)?;
    let mut sent: Vec<&str> = patch.fields.iter().map(|(f, _)| f.as_str()).collect();
    if patch.age_years.is_some() {
        sent.push("age_years");
    }
    check_groups(who, &sent)?;
    let mut input = PersonInput {
        given_name: current.given_name.clone(),
        family_name: current.family_name.clone(),
        other_names: current.other_names.join("\n"),
        sex: current.sex.code().to_string(),
        birth_date: current.birth_date.map(dugu_domain::birth::iso_date).unwrap_or_default(),
        birth_date_precision: current.birth_date_precision.map(|p| p.code().to_string()).unwrap_or_default(),
        age_years: None,
        location_id: current.location_id.clone(),
        national_id: current.national_id.clone().unwrap_or_default(),
        birth_certificate: current.birth_certificate.clone().unwrap_or_default(),
        phone: current.phone.clone().unwrap_or_default(),
        address: current.address.clone().unwrap_or_default(),
        medical_notes: current.medical_notes.clone().unwrap_or_default(),
        protection_notes: current.protection_notes.clone().unwrap_or_default(),
        sent: Vec::new(),
    };
    let before = check_input(&input, today).ok();
    let mut invalid = Invalid::new();
    for (field, value) in &patch.fields {
        let slot = match field.as_str() {
            "given_name" => &mut input.given_name,
            "family_name" => &mut input.family_name,
            "other_names" => &mut input.other_names,
            "sex" => &mut input.sex,
            "birth_date" => &mut input.birth_date,
            "birth_date_precision" => &mut input.birth_date_precision,
            "location_id" => &mut input.location_id,
            "national_id" => &mut input.national_id,
            "birth_certificate" => &mut input.birth_certificate,
            "phone" => &mut input.phone,
            "address" => &mut input.address,
            "medical_notes" => &mut input.medical_notes,
            "protection_notes" => &mut input.protection_notes,
            _ => {
                invalid.add(field, Problem::UnknownField);
                continue;
            }
        };
        *slot = value.clone();
    }
    if let Some(age) = patch.age_years {
        input.age_years = Some(age);
        if !patch.fields.iter().any(|(f, _)| f == "birth_date") {
            input.birth_date.clear();
            input.birth_date_precision.clear();
        }
    }
    invalid.clone().into_result()?;
    let v = check_input(&input, today)?;
    if v.location_id != current.location_id && !location_in_scope(tx, who, &v.location_id)? {
        return Err(unknown_location());
    }
    let old_values = before.map(|b| b.values()).unwrap_or_default();
    let mut changed = Vec::new();
    for (field, value) in v.values() {
        let old = old_values.iter().find(|(f, _)| *f == field).map(|(_, v)| v.clone());
        if old.as_ref() != Some(&value) {
            changed.push((field, value));
        }
    }
    if changed.is_empty() {
        return Ok(());
    }
    let ops = changed.into_iter().map(|(field, value)| Op::set(EntityKind::Person, id, field, value)).collect();
    tx.apply(Some(who), ops)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Change;
    use crate::testing::{Fake, author};
    use dugu_domain::Role;

    fn today() -> Date {
        Date::from_calendar_date(2026, time::Month::June, 1).expect("a day")
    }

    fn input(location: &str) -> PersonInput {
        PersonInput {
            given_name: "Awa".into(),
            family_name: "Diarra".into(),
            sex: "F".into(),
            birth_date: "2020-03-04".into(),
            location_id: location.into(),
            ..PersonInput::default()
        }
    }

    fn stored(location: &str) -> Person {
        Person {
            id: "awa".into(),
            record_number: "KIT-000001".into(),
            location_id: location.into(),
            given_name: "Awa".into(),
            family_name: "Diarra".into(),
            other_names: Vec::new(),
            sex: Sex::Female,
            birth_date: Some(time::macros::date!(2020 - 03 - 04)),
            birth_date_precision: Some(DatePrecision::Exact),
            national_id: None,
            birth_certificate: None,
            phone: None,
            address: None,
            medical_notes: None,
            protection_notes: Some("kept".into()),
            groups: FieldGroup::ALL.to_vec(),
            created_at: 0,
            updated_at: 0,
        }
    }

    fn patch(field: &str, value: &str) -> PersonPatch {
        PersonPatch { fields: vec![(field.into(), value.into())], age_years: None }
    }

    #[test]
    fn a_batch_is_one_apply_numbered_in_order() {
        let who = author(Role::SocialWorker, "kita");
        let people: Vec<CheckedPerson> =
            (0..3).map(|_| CheckedPerson::new(&who, &input("kita"), today()).expect("valid")).collect();
        let mut tx = Fake::default();
        let made = create_people(&mut tx, &who, &people).expect("created");
        let numbers: Vec<&str> = made.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(numbers, ["KIT-000001", "KIT-000002", "KIT-000003"]);
        assert_eq!(tx.applied.len(), 3);
        let Change::Create(fields) = &tx.applied[0].change else { panic!("a creation") };
        assert_eq!(fields[0], ("record_number", serde_json::json!("KIT-000001")));
    }

    #[test]
    fn a_location_out_of_scope_is_unknown_and_nothing_is_numbered() {
        let who = author(Role::SocialWorker, "kita");
        let people = [
            CheckedPerson::new(&who, &input("kita"), today()).expect("valid"),
            CheckedPerson::new(&who, &input("mopti"), today()).expect("valid"),
        ];
        let mut tx = Fake::default();
        let Err(CommandError::Invalid(inv)) = create_people(&mut tx, &who, &people) else { panic!("refused") };
        assert_eq!(inv.of("location_id"), Some(Problem::Unknown));
        assert!(tx.applied.is_empty());
        assert_eq!(tx.numbered, 0);
    }

    #[test]
    fn a_role_that_does_not_write_people_or_the_group_sent_is_forbidden() {
        let fundraiser = author(Role::Fundraiser, "kita");
        assert!(matches!(CheckedPerson::new(&fundraiser, &input("kita"), today()), Err(CommandError::Forbidden)));
        let nurse = author(Role::Nurse, "kita");
        let mut notes = input("kita");
        notes.protection_notes = "x".into();
        notes.sent = vec!["protection_notes".into()];
        assert!(matches!(CheckedPerson::new(&nurse, &notes, today()), Err(CommandError::Forbidden)));
        // Checked by a writer, written by a role that may not write people.
        let checked = [CheckedPerson::new(&nurse, &input("kita"), today()).expect("valid")];
        let mut tx = Fake::default();
        let director = author(Role::NationalDirector, "kita");
        assert!(matches!(create_people(&mut tx, &director, &checked), Err(CommandError::Forbidden)));
    }

    #[test]
    fn an_update_without_the_fields_group_is_forbidden_out_of_scope_not_found() {
        let mut tx = Fake { records_of_people: vec![stored("kita")], ..Fake::default() };
        let nurse = author(Role::Nurse, "kita");
        let r = update_person(&mut tx, &nurse, "awa", &patch("protection_notes", "x"), today());
        assert!(matches!(r, Err(CommandError::Forbidden)));
        let elsewhere = author(Role::LocationDirector, "mopti");
        let r = update_person(&mut tx, &elsewhere, "awa", &patch("given_name", "Fanta"), today());
        assert!(matches!(r, Err(CommandError::NotFound)));
        let fundraiser = author(Role::Fundraiser, "kita");
        let r = update_person(&mut tx, &fundraiser, "awa", &patch("given_name", "Fanta"), today());
        assert!(matches!(r, Err(CommandError::NotFound)));
        assert!(tx.applied.is_empty());
    }

    #[test]
    fn an_update_writes_only_what_changed_and_moves_only_into_scope() {
        let mut tx = Fake { records_of_people: vec![stored("kita")], ..Fake::default() };
        let worker = author(Role::SocialWorker, "kita");
        update_person(&mut tx, &worker, "awa", &patch("given_name", "Awa"), today()).expect("nothing to do");
        assert!(tx.applied.is_empty());
        update_person(&mut tx, &worker, "awa", &patch("given_name", "Fanta"), today()).expect("renamed");
        assert_eq!(tx.applied, [Op::set(EntityKind::Person, "awa", "given_name", serde_json::json!("Fanta"))]);
        let r = update_person(&mut tx, &worker, "awa", &patch("location_id", "mopti"), today());
        assert!(matches!(r, Err(CommandError::Invalid(_))));
        assert_eq!(tx.applied.len(), 1);
    }
}
