//! What a site pushes, as the hub takes it: every op is re-checked as if
//! it had been made on the hub — made by the pushing site, of a record in
//! the site's scope, by an account that exists, may sign in, and whose
//! role, scope and field groups allow it (the very `authorize` a local
//! write runs) — then applied as any received op, or refused with a reason
//! code kept in `refused_ops` (never the op's content). Refused seqs count
//! as answered, so the site's sequence has no gap at the hub, and a push
//! repeated after a lost answer gets the same verdicts.

use super::export::SCOPED_OPS;
use crate::writer::Tx;
use crate::{AuditAction, Millis, Principal, Scope, Store, StoreError};
use dugu_commands::{Change, CommandError, Op};
use dugu_domain::EntityKind;
use dugu_sync::{RefusalReason, Verdict, WireOp};
use rusqlite::{Connection, OptionalExtension, params};
use std::sync::{Arc, LazyLock};

/// Whether one op, `(device ?2, seq ?3)`, is of an entity in the scope of
/// location `?1`: the export's own statement, narrowed to that op, so the
/// hub's re-check and what it sends a site are one rule.
static OP_IN_SCOPE: LazyLock<String> = LazyLock::new(|| SCOPED_OPS.replace("o.seq > ?3", "o.seq = ?3"));

/// A pushed op refused, with its reason code.
fn refused(reason: RefusalReason) -> Verdict {
    reason.into()
}

impl Tx<'_> {
    /// See [`Store::take_push`].
    pub(crate) fn take_push(
        &mut self,
        site_id: &str,
        mut ops: Vec<WireOp>,
        now: Millis,
    ) -> Result<Vec<(u64, Verdict)>, StoreError> {
        if !OP_IN_SCOPE.contains("o.seq = ?3") {
            return Err(StoreError::Integrity("the export's statement no longer reads one op by ?3".into()));
        }
        let location = super::enrolled_location(self.conn, site_id)?;
        self.conn.prepare_cached("INSERT OR IGNORE INTO devices (device_id) VALUES (?1)")?.execute([site_id])?;
        let device: i64 = self
            .conn
            .prepare_cached("SELECT id FROM devices WHERE device_id = ?1")?
            .query_row([site_id], |r| r.get(0))?;
        // The last of the site's seqs the hub has answered, kept or refused.
        let mut answered: u64 = self
            .conn
            .prepare_cached(
                "SELECT max(COALESCE((SELECT MAX(seq) FROM ops WHERE device = ?1), 0),
                            COALESCE((SELECT MAX(seq) FROM refused_ops WHERE site_id = ?2), 0))",
            )?
            .query_row(params![device, site_id], |r| r.get::<_, i64>(0))? as u64;
        ops.sort_by_key(|o| o.seq);
        let mut verdicts = Vec::with_capacity(ops.len());
        let mut taken = 0;
        // A push edits the same records over and over: each record's
        // scope is read once per push.
        let mut seen = Scopes::default();
        let mut accounts = Accounts::default();
        for op in &ops {
            if op.device != site_id {
                verdicts.push((op.seq, refused(RefusalReason::OtherDevice)));
                continue;
            }
            if let Some(earlier) = self.answer_given(device, site_id, op)? {
                verdicts.push((op.seq, earlier));
                continue;
            }
            if op.seq != answered + 1 {
                // Not answered, not kept: the site sends it again after
                // the ones before it.
                verdicts.push((op.seq, refused(RefusalReason::Gap)));
                continue;
            }
            answered = op.seq;
            taken += 1;
            let verdict = self.take_one(op, device, &location, &mut seen, &mut accounts)?;
            if verdict == Verdict::Accepted && matches!(op.entity_type.as_str(), "user" | "location") {
                // An account's role or places, or the places under a
                // location, may have changed: the next op reads them again.
                accounts.0.clear();
            }
            if let Verdict::Rejected(reason) = &verdict {
                self.conn
                    .prepare_cached(
                        "INSERT INTO refused_ops (site_id, seq, op_id, reason, at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    )?
                    .execute(params![site_id, op.seq as i64, op.op_id, reason, now])?;
            }
            verdicts.push((op.seq, verdict));
        }
        self.conn.prepare_cached("UPDATE sites SET last_contact = ?2 WHERE id = ?1")?.execute(params![site_id, now])?;
        if taken > 0 {
            self.audit(None, AuditAction::Update, "site", site_id, &["ops_pushed"])?;
        }
        Ok(verdicts)
    }

    /// The verdict already given to this op (a push repeated after a lost
    /// answer); another op under the same seq is refused.
    fn answer_given(&self, device: i64, site_id: &str, op: &WireOp) -> Result<Option<Verdict>, StoreError> {
        let seq = i64::try_from(op.seq).map_err(|_| StoreError::Integrity("a pushed seq out of range".into()));
        let Ok(seq) = seq else { return Ok(Some(refused(RefusalReason::Malformed))) };
        let kept: Option<Vec<u8>> = self
            .conn
            .prepare_cached("SELECT op_id FROM ops WHERE device = ?1 AND seq = ?2")?
            .query_row(params![device, seq], |r| r.get(0))
            .optional()?;
        if let Some(id) = kept {
            return Ok(Some(if id == op.op_id { Verdict::Accepted } else { refused(RefusalReason::SeqReused) }));
        }
        let gone: Option<(Vec<u8>, String)> = self
            .conn
            .prepare_cached("SELECT op_id, reason FROM refused_ops WHERE site_id = ?1 AND seq = ?2")?
            .query_row(params![site_id, seq], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(gone.map(
            |(id, reason)| if id == op.op_id { Verdict::Rejected(reason) } else { refused(RefusalReason::SeqReused) },
        ))
    }

    /// Re-checks one op and, if it passes, applies it; a failure to become
    /// rows (a record created twice, a parent record the hub lacks) is a
    /// refusal, with nothing of the op kept.
    fn take_one(
        &mut self,
        op: &WireOp,
        device: i64,
        location: &str,
        seen: &mut Scopes,
        accounts: &mut Accounts,
    ) -> Result<Verdict, StoreError> {
        let mut stored = match crate::merge::check_received(op) {
            Ok(s) => s,
            Err(v) => return Ok(v),
        };
        stored.device = device;
        let Some(user_id) = op.user_id.as_deref() else { return Ok(refused(RefusalReason::NoUser)) };
        if !accounts.0.contains_key(user_id) {
            let account = match self.user(user_id)?.filter(crate::User::may_sign_in) {
                Some(user) => {
                    let scope = scope_of(self.conn, user.role, &user.location_ids)?;
                    Some((Principal::new(user.id, user.username, user.role, scope), user.location_ids))
                }
                None => None,
            };
            accounts.0.insert(user_id.to_string(), account);
        }
        let Some(Some((who, places))) = accounts.0.get(user_id).cloned() else {
            return Ok(refused(RefusalReason::UserDisabled));
        };
        let Some(command_op) = as_command(op) else { return Ok(refused(RefusalReason::Malformed)) };
        let creation = matches!(command_op.change, Change::Create(_));
        if !creation {
            let made: Option<(i64, i64)> = self
                .conn
                .prepare_cached(
                    "SELECT device, seq FROM ops WHERE entity_id = ?1 AND field IS NULL AND value <> 'null' LIMIT 1",
                )?
                .query_row([&op.entity_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let Some((made_on, made_at)) = made else { return Ok(refused(RefusalReason::RecordRefused)) };
            if !seen.in_scope(self.conn, location, made_on, made_at)? {
                return Ok(refused(RefusalReason::OutOfScope));
            }
            if !seen.user_sees(self.conn, location, &places, &who, made_on, made_at)? {
                return Ok(refused(RefusalReason::Forbidden));
            }
            for parent in op.parents.chunks(16) {
                if !crate::merge::holds(self.conn, &op.entity_id, parent)? {
                    return Ok(refused(RefusalReason::DependsOnRefused));
                }
            }
        }
        match dugu_commands::authorize(Some(&who), &command_op) {
            Ok(()) => {}
            Err(CommandError::Forbidden) => return Ok(refused(RefusalReason::Forbidden)),
            // `authorize` finds a value wrong only when it changes a field
            // set once at the record's creation (where a house is).
            Err(CommandError::Invalid(_)) => return Ok(refused(RefusalReason::FixedField)),
            Err(_) => return Ok(refused(RefusalReason::UnknownField)),
        }
        self.conn.execute_batch("SAVEPOINT pushed_op")?;
        let saved = (self.state.next_seq, self.state.index_changes.len());
        // A change of a reference is looked up as it leaves the record,
        // like a creation: one that would take it out of the site's scope
        // (a child's place, a measurement set onto another village's
        // child) is what no account of the site could do on the hub. Only
        // references place a record; other fields need no second look.
        let moves = match &command_op.change {
            Change::Set(field, _) => command_op
                .kind
                .field(field)
                .is_some_and(|f| matches!(f.ty, dugu_domain::FieldType::Ref | dugu_domain::FieldType::OptRef)),
            _ => false,
        };
        let outcome = match self.apply_received(&stored) {
            Ok(()) if !creation && !moves => None,
            Ok(()) if !in_scope(self.conn, location, device, stored.seq)? => Some(refused(RefusalReason::OutOfScope)),
            Ok(()) if !seen.user_sees(self.conn, location, &places, &who, device, stored.seq)? => {
                Some(refused(RefusalReason::Forbidden))
            }
            Ok(()) => None,
            Err(e) if crate::merge::cannot_become_rows(&e) => Some(refused(RefusalReason::ConflictingRecord)),
            Err(e) => return Err(e),
        };
        match outcome {
            None => {
                self.conn.execute_batch("RELEASE pushed_op")?;
                if creation && matches!(stored.kind, EntityKind::Person | EntityKind::Household) {
                    // The site made this root: it holds its history, so
                    // the offers (`offers.rs`) must not send it back. Epoch
                    // 0 is never undone by a lost page.
                    self.conn
                        .prepare_cached(
                            "INSERT OR IGNORE INTO site_offers (site_id, root_id, offered_epoch, gone_epoch)
                             SELECT device_id, ?2, 0, NULL FROM devices WHERE id = ?1",
                        )?
                        .execute(params![device, stored.entity])?;
                }
                Ok(Verdict::Accepted)
            }
            Some(v) => {
                self.conn.execute_batch("ROLLBACK TO pushed_op; RELEASE pushed_op")?;
                self.state.next_seq = saved.0;
                self.state.index_changes.truncate(saved.1);
                Ok(v)
            }
        }
    }
}

/// The accounts a push's ops name, read once per push (again after an op
/// of an account or a location): each as a principal and its places, or
/// `None` if it does not exist or may not sign in.
#[derive(Default)]
struct Accounts(std::collections::HashMap<String, Option<(Principal, Vec<String>)>>);

/// What a push has read of its records' scopes: by location (the site's,
/// or one of an account's) and the op that created the record.
#[derive(Default)]
struct Scopes(std::collections::HashMap<(String, i64, i64), bool>);

impl Scopes {
    fn in_scope(&mut self, conn: &Connection, location: &str, device: i64, seq: i64) -> Result<bool, StoreError> {
        let key = (location.to_string(), device, seq);
        if let Some(known) = self.0.get(&key) {
            return Ok(*known);
        }
        let answer = in_scope(conn, location, device, seq)?;
        self.0.insert(key, answer);
        Ok(answer)
    }

    #[allow(clippy::too_many_arguments)]
    fn user_sees(
        &mut self,
        conn: &Connection,
        site_location: &str,
        locations: &[String],
        who: &Principal,
        device: i64,
        seq: i64,
    ) -> Result<bool, StoreError> {
        // A national role, or an account whose places hold the site's: a
        // record in the site's scope (checked first) is in the account's.
        if who.scope().contains(site_location) {
            return Ok(true);
        }
        for location in locations {
            if self.in_scope(conn, location, device, seq)? {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// The op as the command that would have made it on the hub, for
/// `authorize` (which reads its kind, change and field names, not values).
fn as_command(op: &WireOp) -> Option<Op> {
    let kind = dugu_domain::EntityKind::parse(&op.entity_type)?;
    let change = match &op.field {
        Some(f) => Change::Set(kind.field(f)?.name, serde_json::Value::Null),
        None if op.value == "null" => Change::Tombstone,
        None => {
            let fields: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&op.value).ok()?;
            let mut named = Vec::with_capacity(fields.len());
            for name in fields.keys() {
                named.push((kind.field(name)?.name, serde_json::Value::Null));
            }
            Change::Create(named)
        }
    };
    Some(Op { kind, entity: op.entity_id.clone(), change })
}

/// Whether the op at `(device, seq)` is of an entity in the scope of
/// `location` as it stands now.
fn in_scope(conn: &Connection, location: &str, device: i64, seq: i64) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached(&OP_IN_SCOPE)?
        .query_row(params![location, device, seq, 1], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The scope a principal of `role` at `locations` has (as
/// `Store::principal_of` makes it), inside this write.
fn scope_of(conn: &Connection, role: dugu_domain::Role, locations: &[String]) -> Result<Scope, StoreError> {
    if role.sees_all_locations() {
        return Ok(Scope::All);
    }
    let ids = crate::pool::text_array(locations);
    let mut st = conn.prepare_cached(
        "SELECT DISTINCT l.id, l.rowid FROM location_closure c JOIN locations l ON l.id = c.descendant_id
         WHERE c.ancestor_id IN rarray(?1) ORDER BY 1",
    )?;
    let rows = st.query_map([ids], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let (ids, keys) = rows.collect::<Result<Vec<_>, _>>()?.into_iter().unzip();
    Ok(Scope::Locations(Arc::new(crate::ScopedLocations { ids, keys })))
}

/// The hub takes a site's pushed ops, re-checking each as if made there.
pub trait HubPush {
    /// Takes a push from an enrolled site: one verdict per op, by its
    /// sequence number, all in one write (ops, refusals, the site's last
    /// contact, one audit entry). An unknown or unenrolled site is
    /// `NotFound`, a retired one `Retired` (nothing of the push taken).
    fn take_push(&self, site_id: &str, ops: Vec<WireOp>) -> Result<Vec<(u64, Verdict)>, StoreError>;
}

impl HubPush for Store {
    fn take_push(&self, site_id: &str, ops: Vec<WireOp>) -> Result<Vec<(u64, Verdict)>, StoreError> {
        let site = site_id.to_string();
        self.write(move |tx| tx.take_push(&site, ops, crate::now_millis()))
    }
}
