//! Conflict review: the fields in conflict a reader may see, each value
//! with who wrote it, where and when; and their resolution — an ordinary
//! op whose parents are all the heads, by a role allowed to write the
//! field, audited like any change.

use super::heads::{RECORD, any_conflicted, conflicted, conflicted_of_each, of};
use crate::oplog::{Op, hlc_millis};
use crate::writes::AuditWrites;
use crate::{AuditAction, Millis, Principal, Store, StoreError};
use dugu_domain::{EntityKind, Invalid, Problem};
use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;

/// Fields that decide a child's safety: a conflict on one is shown on the
/// child's page until resolved. Date of birth, where the child lives and
/// with whom (placement), when care began and ended.
pub const SAFETY_CRITICAL: &[(&str, &str)] = &[
    ("person", "birth_date"),
    ("person", "birth_date_precision"),
    ("person", "location_id"),
    ("placement", "house_id"),
    ("placement", "from_date"),
    ("placement", "to_date"),
    ("admission", "admitted_on"),
    ("admission", "left_on"),
];

/// A field in conflict, as its reader may see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// Stable across replicas: made from the record's id and the field.
    pub id: String,
    /// The record's kind (`person`, `measurement`…).
    pub entity_type: String,
    /// The record's id.
    pub entity_id: String,
    /// The field.
    pub field: String,
    /// Whether it decides a child's safety ([`SAFETY_CRITICAL`]).
    pub safety_critical: bool,
    /// Each value kept, the provisional one (shown meanwhile) first.
    pub values: Vec<ConflictValue>,
    /// The person the record is (or belongs to), for naming and linking it.
    pub person_id: Option<String>,
    /// The household the record is (or belongs to).
    pub household_id: Option<String>,
}

/// One of the values of a field in conflict.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictValue {
    /// The value (JSON); null for the record's removal.
    pub value: Value,
    /// Whether this value is the record's removal.
    pub removed: bool,
    /// The display name of who wrote it (the name colleagues know them
    /// by, not their login), if known here.
    pub user: Option<String>,
    /// The site (device id) where it was written.
    pub site: String,
    /// When, by its clock (ms since the epoch).
    pub at: Millis,
}

/// A conflict's id: the same on every replica, naming no one.
fn conflict_id(entity: &str, field: &str) -> String {
    let hash = blake3::hash(format!("{entity}\u{0}{field}").as_bytes());
    hash.as_bytes()[..12].iter().map(|b| format!("{b:02x}")).collect()
}

/// The kind of a record, from its creation.
pub(crate) fn kind_of(c: &Connection, entity: &str) -> Result<Option<EntityKind>, StoreError> {
    let name: Option<String> = c
        .prepare_cached("SELECT entity_type FROM ops WHERE entity_id = ?1 LIMIT 1")?
        .query_row([entity], |r| r.get(0))
        .optional()?;
    Ok(name.as_deref().and_then(EntityKind::parse))
}

/// Where a record hangs: a person's or household's location as it stands,
/// else through the person or household its creation names, else the
/// location it names. A removed record is placed by its creation.
pub(crate) fn location_of(c: &Connection, kind: EntityKind, entity: &str) -> Result<Option<String>, StoreError> {
    let person = |id: &str| -> Result<Option<String>, StoreError> {
        Ok(c.prepare_cached("SELECT location_id FROM people WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?)
    };
    let household = |id: &str| -> Result<Option<String>, StoreError> {
        Ok(c.prepare_cached("SELECT location_id FROM households WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?)
    };
    match kind {
        EntityKind::Person => {
            if let Some(l) = person(entity)? {
                return Ok(Some(l));
            }
        }
        EntityKind::Household => {
            if let Some(l) = household(entity)? {
                return Ok(Some(l));
            }
        }
        _ => {}
    }
    let (p, h) = match kind {
        EntityKind::Person | EntityKind::Household => (None, None),
        _ => owner(c, kind, entity)?,
    };
    if let Some(p) = p {
        return person(&p);
    }
    if let Some(h) = h {
        return household(&h);
    }
    creation_text(c, entity, "location_id")
}

/// A field of a record's creation, as text.
fn creation_text(c: &Connection, entity: &str, field: &str) -> Result<Option<String>, StoreError> {
    let created: Option<String> = c
        .prepare_cached("SELECT value FROM ops WHERE entity_id = ?1 AND field IS NULL AND value <> 'null' LIMIT 1")?
        .query_row([entity], |r| r.get(0))
        .optional()?;
    let fields: Value = created.as_deref().and_then(|v| serde_json::from_str(v).ok()).unwrap_or(Value::Null);
    Ok(fields.get(field).and_then(Value::as_str).map(str::to_string))
}

/// The person and the household a record is, or belongs to, as its
/// creation names them (a follow-up through its admission); a removed
/// record is placed by its creation too.
pub(crate) fn owner(
    c: &Connection,
    kind: EntityKind,
    entity: &str,
) -> Result<(Option<String>, Option<String>), StoreError> {
    Ok(match kind {
        EntityKind::Person => (Some(entity.to_string()), None),
        EntityKind::Household => (None, Some(entity.to_string())),
        _ => match creation_text(c, entity, "admission_id")? {
            Some(admission) => (creation_text(c, &admission, "person_id")?, None),
            None => (creation_text(c, entity, "person_id")?, creation_text(c, entity, "household_id")?),
        },
    })
}

/// Whether `who` may see this field's values: a people reader who reads
/// the field's group, with the record in scope. The record itself counts
/// as its kind's first field group for a removal's conflict.
pub(crate) fn may_see(
    c: &Connection,
    who: &Principal,
    kind: EntityKind,
    entity: &str,
    field: &str,
) -> Result<bool, StoreError> {
    if !who.role.reads_people() {
        return Ok(false);
    }
    let group = match kind.field(field) {
        Some(def) => def.group,
        None => kind.fields().iter().find_map(|f| f.group),
    };
    if group.is_some_and(|g| !who.role.reads(g)) {
        return Ok(false);
    }
    Ok(location_of(c, kind, entity)?.is_some_and(|l| who.scope.contains(&l)))
}

/// The values of a field in conflict, provisional first.
fn values(c: &Connection, entity: &str, field: &str) -> Result<Vec<ConflictValue>, StoreError> {
    let mut heads = of(c, entity, field)?;
    heads.sort_by(|a, b| (b.hlc, &b.device).cmp(&(a.hlc, &a.device)));
    let mut out = Vec::with_capacity(heads.len());
    let mut st = c.prepare_cached(
        "SELECT o.value, o.field IS NULL, u.display_name, d.device_id, o.hlc FROM ops o
           JOIN devices d ON d.id = o.device LEFT JOIN users u ON u.id = o.user_id
          WHERE o.entity_id = ?1 AND o.op_id = ?2",
    )?;
    for h in heads {
        let (value, whole, user, site, hlc): (String, bool, Option<String>, String, i64) = st
            .query_row(rusqlite::params![entity, h.op_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?;
        let value: Value =
            serde_json::from_str(&value).map_err(|e| StoreError::Integrity(format!("an op's value: {e}")))?;
        // A creation head holds every field: its value of this one.
        let value = match value {
            Value::Object(mut fields) if whole => fields.remove(field).unwrap_or(Value::Null),
            v => v,
        };
        out.push(ConflictValue { value, removed: h.tombstone, user, site, at: hlc_millis(hlc) });
    }
    Ok(out)
}

/// Of these fields in conflict, those `who` may see.
fn visible(c: &Connection, who: &Principal, fields: Vec<(String, String)>) -> Result<Vec<Conflict>, StoreError> {
    let mut out = Vec::new();
    for (entity, field) in fields {
        let Some(kind) = kind_of(c, &entity)? else { continue };
        let (person_id, household_id) = owner(c, kind, &entity)?;
        if !may_see(c, who, kind, &entity, &field)? {
            continue;
        }
        out.push(Conflict {
            id: conflict_id(&entity, &field),
            entity_type: kind.name().to_string(),
            safety_critical: SAFETY_CRITICAL.contains(&(kind.name(), field.as_str())),
            values: values(c, &entity, &field)?,
            entity_id: entity,
            field,
            person_id,
            household_id,
        });
    }
    // The fields that decide a child's safety first.
    out.sort_by_key(|x| !x.safety_critical);
    Ok(out)
}

/// Whether a person or household is in `who`'s scope: the check a read
/// about one record makes first. Unknown is the same as out of scope.
pub(crate) fn record_in_scope(c: &Connection, who: &Principal, record: &str) -> Result<bool, StoreError> {
    Ok(scoped_kind(c, who, record)?.is_some())
}

/// What a person or household in `who`'s scope is (`Person` or
/// `Household`); `None` when out of scope, unknown, or another kind.
pub(crate) fn scoped_kind(c: &Connection, who: &Principal, record: &str) -> Result<Option<EntityKind>, StoreError> {
    if !who.role.reads_people() {
        return Ok(None);
    }
    let place = |sql: &str| -> Result<Option<String>, StoreError> {
        Ok(c.prepare_cached(sql)?.query_row([record], |r| r.get(0)).optional()?)
    };
    // The row says where it is, without a search of the log (its
    // pages are the ones the page just read).
    let (kind, location) = if let Some(l) = place("SELECT location_id FROM people WHERE id = ?1")? {
        (EntityKind::Person, Some(l))
    } else if let Some(l) = place("SELECT location_id FROM households WHERE id = ?1")? {
        (EntityKind::Household, Some(l))
    } else {
        // Removed: placed by its creation.
        let Some(kind) = kind_of(c, record)? else { return Ok(None) };
        if !matches!(kind, EntityKind::Person | EntityKind::Household) {
            return Ok(None);
        }
        (kind, location_of(c, kind, record)?)
    };
    Ok(location.filter(|l| who.scope.contains(l)).map(|_| kind))
}

/// Fields in conflict after a merge, for review.
pub trait ConflictReads {
    /// The fields in conflict that `who` may see (scope and field groups,
    /// as every read), each value with who wrote it, where and when. The
    /// list is audited as showing those records.
    fn conflicts(&self, who: &Principal) -> Result<Vec<Conflict>, StoreError>;

    /// How many fields in conflict `who` may see, for the home page. A
    /// count names no record and no value, so it is not audited; opening
    /// the list is.
    fn conflicts_waiting(&self, who: &Principal) -> Result<u64, StoreError>;

    /// The fields in conflict on one person or household, or on a record
    /// of theirs (a placement, an admission, a visit…), that `who` may
    /// see — for the warning at the top of their page, whose view is
    /// audited already. A record out of scope (or unknown) is `NotFound`.
    fn conflicts_on(&self, who: &Principal, record_id: &str) -> Result<Vec<Conflict>, StoreError>;
}

impl ConflictReads for Store {
    fn conflicts(&self, who: &Principal) -> Result<Vec<Conflict>, StoreError> {
        let list = self.read(|c| visible(c, who, conflicted(c)?))?;
        self.audit_shown(who, "conflicts", "", list.iter().map(|x| x.entity_id.clone()).collect())?;
        Ok(list)
    }

    fn conflicts_waiting(&self, who: &Principal) -> Result<u64, StoreError> {
        self.read(|c| Ok(visible(c, who, conflicted(c)?)?.len() as u64))
    }

    fn conflicts_on(&self, who: &Principal, record_id: &str) -> Result<Vec<Conflict>, StoreError> {
        self.read(|c| {
            let kind = scoped_kind(c, who, record_id)?.ok_or(StoreError::NotFound)?;
            // Nearly always nothing is in conflict anywhere: then the
            // child's records need not be listed (docs/benchmarks.md,
            // session 20).
            if !any_conflicted(c)? {
                return Ok(Vec::new());
            }
            let fields = conflicted_of_each(c, &crate::sites::record_and_its_own(c, record_id, kind)?)?;
            visible(c, who, fields)
        })
    }
}

/// A conflict of two sites' edits resolved: an ordinary op whose parents
/// are all the field's heads, authorized and audited as any write.
pub trait ConflictWrites {
    /// Resolves conflict `id` with `value` (one of those kept, or a new
    /// one): a set whose parents are all the field's heads, checked and
    /// audited as any write by `who`. A conflict with a removal is
    /// resolved by removing again: the record stays removed. Out of scope
    /// or unknown is `NotFound`; a role that may not write the field is
    /// `Forbidden`; a value of the wrong type is `Invalid` (`value`).
    fn resolve_conflict(&self, who: &Principal, id: &str, value: Value) -> Result<(), StoreError>;
}

impl ConflictWrites for Store {
    fn resolve_conflict(&self, who: &Principal, id: &str, value: Value) -> Result<(), StoreError> {
        let (who, id) = (who.clone(), id.to_string());
        self.write(move |tx| {
            let found = conflicted(tx.conn)?.into_iter().find(|(e, f)| conflict_id(e, f) == id);
            let Some((entity, field)) = found else { return Err(StoreError::NotFound) };
            let kind = kind_of(tx.conn, &entity)?.ok_or(StoreError::NotFound)?;
            if !may_see(tx.conn, &who, kind, &entity, &field)? {
                return Err(StoreError::NotFound);
            }
            let removed = of(tx.conn, &entity, RECORD)?.iter().any(|h| h.tombstone);
            let op = match kind.field(&field) {
                Some(def) if !removed => {
                    if crate::oplog::to_sql(kind, def, &value).is_err() {
                        let mut inv = Invalid::new();
                        inv.add("value", Problem::Malformed);
                        return Err(StoreError::Invalid(inv));
                    }
                    Op::set(kind, &entity, def.name, value)
                }
                _ => Op::tombstone(kind, &entity),
            };
            tx.apply(Some(&who), vec![op])?;
            tx.audit(Some(&who), AuditAction::Update, "conflict", &id, &["resolved"])
        })
    }
}
