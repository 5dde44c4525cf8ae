//! People: create, read, change — always within the caller's scope, with
//! field groups the caller's role may not see left out, every change
//! recorded per field in the change log and every view and change audited.

use crate::oplog::Op;
use crate::writer::Tx;
use crate::{AuditAction, Principal, Store, StoreError, new_id, now_millis};
use dugu_domain::birth::{BirthDate, DatePrecision};
use dugu_domain::person::{optional_note, optional_text};
use dugu_domain::{EntityKind, FieldGroup, Invalid, PersonName, Problem, Sex};
use rusqlite::OptionalExtension;
use std::collections::HashMap;
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
    /// `F` or `M`.
    pub sex: String,
    /// `YYYY-MM-DD`.
    pub birth_date: Option<String>,
    /// `exact`, `year` or `estimated`.
    pub birth_date_precision: Option<String>,
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

/// A new person as submitted: text as typed, checked by [`Tx::create_person`].
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

/// A new person checked and made ready outside the writer: validation,
/// folding and the change-log values cost nothing on the write path.
#[derive(Debug, Clone)]
pub struct PreparedPerson {
    valid: Valid,
    values: Vec<(&'static str, serde_json::Value)>,
}

impl PreparedPerson {
    /// Checks `input` for `who`: field groups the role may write, every
    /// field's rules. Fields of groups the role may not write stay empty.
    pub fn new(who: &Principal, input: &PersonInput) -> Result<PreparedPerson, StoreError> {
        check_groups(who, &input.sent)?;
        let mut valid = check_input(input, today())?;
        if !who.role.writes(FieldGroup::Medical) {
            valid.medical_notes = None;
        }
        if !who.role.writes(FieldGroup::Protection) {
            valid.protection_notes = None;
        }
        let values = valid.values().into_iter().filter(|(_, v)| !v.is_null() && *v != serde_json::json!([])).collect();
        Ok(PreparedPerson { valid, values })
    }

    fn into_person(self, who: &Principal, id: String, record_number: String, now: i64) -> Person {
        let v = self.valid;
        let groups = who.role.readable_groups();
        let sees = |g: FieldGroup| groups.contains(&g);
        Person {
            id,
            record_number,
            location_id: v.location_id,
            given_name: v.given_name,
            family_name: v.family_name,
            other_names: v.other_names,
            sex: v.sex.code().to_string(),
            birth_date: v.birth.map(|b| b.iso()),
            birth_date_precision: v.birth.map(|b| b.precision.code().to_string()),
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

/// Today's date (UTC).
pub(crate) fn today() -> Date {
    time::OffsetDateTime::now_utc().date()
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
fn check_groups(who: &Principal, fields: impl IntoIterator<Item = impl AsRef<str>>) -> Result<(), StoreError> {
    if !who.role.writes_people() {
        return Err(StoreError::Forbidden);
    }
    for f in fields {
        if let Some(g) = PersonFields::group(f.as_ref())
            && !who.role.writes(g)
        {
            return Err(StoreError::Forbidden);
        }
    }
    Ok(())
}

/// Whether `location_id` exists and is in scope; out of scope looks the
/// same as unknown.
pub(crate) fn location_in_scope(
    conn: &rusqlite::Connection,
    who: &Principal,
    location_id: &str,
) -> Result<bool, StoreError> {
    let exists: bool = conn
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM locations WHERE id = ?1)")?
        .query_row([location_id], |r| r.get(0))?;
    Ok(exists && who.scope.contains(location_id))
}

/// The columns every person query reads, in `read_row`'s order.
macro_rules! person_columns {
    () => {
        "id, record_number, location_id, given_name, family_name, other_names, sex, birth_date, birth_date_precision, national_id, birth_certificate, phone, address, medical_notes, protection_notes, created_at, updated_at"
    };
}

/// One person by id.
const SELECT_PERSON: &str = concat!("SELECT ", person_columns!(), " FROM people WHERE id = ?1");

fn read_row(r: &rusqlite::Row<'_>, groups: &[FieldGroup]) -> rusqlite::Result<Person> {
    let sees = |g: FieldGroup| groups.contains(&g);
    let other: String = r.get(5)?;
    Ok(Person {
        id: r.get(0)?,
        record_number: r.get(1)?,
        location_id: r.get(2)?,
        given_name: r.get(3)?,
        family_name: r.get(4)?,
        other_names: other.lines().filter(|l| !l.is_empty()).map(str::to_string).collect(),
        sex: r.get(6)?,
        birth_date: r.get(7)?,
        birth_date_precision: r.get(8)?,
        national_id: r.get(9)?,
        birth_certificate: r.get(10)?,
        phone: if sees(FieldGroup::Contact) { r.get(11)? } else { None },
        address: if sees(FieldGroup::Contact) { r.get(12)? } else { None },
        medical_notes: if sees(FieldGroup::Medical) { r.get(13)? } else { None },
        protection_notes: if sees(FieldGroup::Protection) { r.get(14)? } else { None },
        groups: groups.to_vec(),
        created_at: r.get(15)?,
        updated_at: r.get(16)?,
    })
}

impl Tx<'_> {
    /// Creates a person at a location in `who`'s scope.
    pub fn create_person(&mut self, who: &Principal, input: &PersonInput) -> Result<Person, StoreError> {
        let prepared = PreparedPerson::new(who, input)?;
        let (id, record_number, now) = self.insert_prepared(who, &prepared)?;
        Ok(prepared.into_person(who, id, record_number, now))
    }

    /// Writes a person checked by [`PreparedPerson::new`]: the location must
    /// still be in scope; the record gets its number, its ops and its audit
    /// entry. Returns `(id, record number, time)`.
    pub fn insert_prepared(
        &mut self,
        who: &Principal,
        p: &PreparedPerson,
    ) -> Result<(String, String, i64), StoreError> {
        let v = &p.valid;
        if !location_in_scope(self.conn, who, &v.location_id)? {
            let mut inv = Invalid::new();
            inv.add("location_id", Problem::Unknown);
            return Err(inv.into());
        }
        let id = new_id();
        let record_number = self.next_record_number(&v.location_id)?;
        let mut fields = p.values.clone();
        fields.insert(0, ("record_number", serde_json::json!(record_number)));
        self.apply(Some(who), vec![Op::create(EntityKind::Person, &id, fields)])?;
        Ok((id, record_number, now_millis()))
    }

    /// Writes many people checked by [`PreparedPerson::new`] as one
    /// [`Tx::apply`]: what [`Tx::insert_prepared`] person by person would
    /// write — the same scope check, the same record numbers in the same
    /// order, one creation op and one audit entry each — with each
    /// location's scope and site looked up once and each site's record
    /// numbers taken as one range. Returns the ids, in order.
    pub fn insert_people(&mut self, who: &Principal, people: &[PreparedPerson]) -> Result<Vec<String>, StoreError> {
        // Location → its site and code; site → how many numbers it gives.
        let mut sites: HashMap<&str, (String, String)> = HashMap::new();
        let mut wanted: HashMap<String, u64> = HashMap::new();
        for p in people {
            let location = p.valid.location_id.as_str();
            if !sites.contains_key(location) {
                if !location_in_scope(self.conn, who, location)? {
                    let mut inv = Invalid::new();
                    inv.add("location_id", Problem::Unknown);
                    return Err(inv.into());
                }
                sites.insert(location, self.record_site(location)?);
            }
            if let Some((site, _)) = sites.get(location) {
                *wanted.entry(site.clone()).or_default() += 1;
            }
        }
        let mut next: HashMap<String, u64> = HashMap::new();
        for (site, n) in wanted {
            let first = self.take_record_numbers(&site, n)?;
            next.insert(site, first);
        }
        let mut ids = Vec::with_capacity(people.len());
        let mut ops = Vec::with_capacity(people.len());
        for p in people {
            let (site, code) = sites
                .get(p.valid.location_id.as_str())
                .ok_or_else(|| StoreError::Integrity("a location without its site".into()))?;
            let number = next.get_mut(site).ok_or_else(|| StoreError::Integrity("a site without numbers".into()))?;
            let record_number = dugu_domain::record_number::format(code, *number);
            *number += 1;
            let id = new_id();
            let mut fields = p.values.clone();
            fields.insert(0, ("record_number", serde_json::json!(record_number)));
            ops.push(Op::create(EntityKind::Person, &id, fields));
            ids.push(id);
        }
        self.apply(Some(who), ops)?;
        Ok(ids)
    }

    /// Reads a person in scope without auditing (the write that produced it
    /// is audited already).
    fn person_unaudited(&self, who: &Principal, id: &str) -> Result<Option<Person>, StoreError> {
        let groups = who.role.readable_groups();
        let p = self.conn.prepare_cached(SELECT_PERSON)?.query_row([id], |r| read_row(r, groups)).optional()?;
        Ok(p.filter(|p| who.scope.contains(&p.location_id)))
    }

    /// Applies a patch to a person in scope; only changed fields are
    /// written, logged and audited.
    pub fn update_person(&mut self, who: &Principal, id: &str, patch: &PersonPatch) -> Result<Person, StoreError> {
        if !who.role.reads_people() {
            return Err(StoreError::NotFound);
        }
        let current =
            self.person_unaudited(&Principal { role: dugu_domain::Role::LocationDirector, ..who.clone() }, id)?;
        let Some(current) = current else {
            return Err(StoreError::NotFound);
        };
        let mut sent: Vec<&str> = patch.fields.iter().map(|(f, _)| f.as_str()).collect();
        if patch.age_years.is_some() {
            sent.push("age_years");
        }
        check_groups(who, &sent)?;
        let mut input = PersonInput {
            given_name: current.given_name.clone(),
            family_name: current.family_name.clone(),
            other_names: current.other_names.join("\n"),
            sex: current.sex.clone(),
            birth_date: current.birth_date.clone().unwrap_or_default(),
            birth_date_precision: current.birth_date_precision.clone().unwrap_or_default(),
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
        let before = check_input(&input, today()).ok();
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
        let v = check_input(&input, today())?;
        if v.location_id != current.location_id && !location_in_scope(self.conn, who, &v.location_id)? {
            let mut inv = Invalid::new();
            inv.add("location_id", Problem::Unknown);
            return Err(inv.into());
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
            return self.person_unaudited(who, id)?.ok_or(StoreError::NotFound);
        }
        let ops = changed.into_iter().map(|(field, value)| Op::set(EntityKind::Person, id, field, value)).collect();
        self.apply(Some(who), ops)?;
        self.person_unaudited(who, id)?.ok_or(StoreError::NotFound)
    }
}

impl Store {
    /// Reads a person in `who`'s scope and audits the view. Out of scope,
    /// unknown, or a role without access to people: `NotFound`.
    pub fn view_person(&self, who: &Principal, id: &str) -> Result<Person, StoreError> {
        if !who.role.reads_people() {
            return Err(StoreError::NotFound);
        }
        let groups = who.role.readable_groups();
        let person =
            self.read(|c| Ok(c.prepare_cached(SELECT_PERSON)?.query_row([id], |r| read_row(r, groups)).optional()?))?;
        let person = person.filter(|p| who.scope.contains(&p.location_id)).ok_or(StoreError::NotFound)?;
        let (who2, id2) = (who.clone(), person.id.clone());
        self.write(move |tx| tx.audit(Some(&who2), AuditAction::View, "person", &id2, &[]))?;
        Ok(person)
    }

    /// Creates a person (see [`Tx::create_person`]); the checks run on the
    /// caller's thread, only the writes on the writer's.
    pub fn create_person(&self, who: &Principal, input: PersonInput) -> Result<Person, StoreError> {
        let prepared = PreparedPerson::new(who, &input)?;
        let (w, p) = (who.clone(), prepared.clone());
        let (id, record_number, now) = self.write(move |tx| tx.insert_prepared(&w, &p))?;
        Ok(prepared.into_person(who, id, record_number, now))
    }

    /// Creates many people in one transaction: all or none. Returns their ids.
    pub fn create_people(&self, who: &Principal, inputs: &[PersonInput]) -> Result<Vec<String>, StoreError> {
        let prepared = inputs.iter().map(|i| PreparedPerson::new(who, i)).collect::<Result<Vec<_>, _>>()?;
        let w = who.clone();
        self.write(move |tx| tx.insert_people(&w, &prepared))
    }

    /// Updates a person (see [`Tx::update_person`]).
    pub fn update_person(&self, who: &Principal, id: &str, patch: PersonPatch) -> Result<Person, StoreError> {
        let (who, id) = (who.clone(), id.to_string());
        self.write(move |tx| tx.update_person(&who, &id, &patch))
    }
}

impl Store {
    /// The id of the person with this record number, if in scope.
    pub fn person_by_record_number(&self, who: &Principal, record_number: &str) -> Result<Option<String>, StoreError> {
        if !who.role.reads_people() {
            return Ok(None);
        }
        let found: Option<(String, String)> = self.read(|c| {
            Ok(c.prepare_cached("SELECT id, location_id FROM people WHERE record_number = ?1")?
                .query_row([record_number.trim().to_uppercase()], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?)
        })?;
        Ok(found.filter(|(_, l)| who.scope.contains(l)).map(|(id, _)| id))
    }
}
