//! The change log: every field written becomes an immutable operation
//! `{op_id, entity, field, value, hlc, device, user, parents}` as
//! `shared/design/sync.md` describes, in the same transaction as the data.
//! `parents` are the field's head operations the author saw; the new
//! operation becomes the field's only head.

use crate::StoreError;
use crate::writer::Tx;
use rusqlite::params;

impl Tx<'_> {
    /// Records that `field` of `entity_id` was set to `value` by `user_id`.
    pub fn record_op(
        &mut self,
        entity_type: &str,
        entity_id: &str,
        field: &str,
        value: &serde_json::Value,
        user_id: Option<&str>,
    ) -> Result<String, StoreError> {
        let parents: Vec<String> = {
            let mut st =
                self.conn.prepare_cached("SELECT op_id FROM field_heads WHERE entity_id = ?1 AND field = ?2")?;
            st.query_map(params![entity_id, field], |r| r.get(0))?.collect::<Result<_, _>>()?
        };
        let hlc = self.stamp();
        let seq = self.state.next_seq;
        let value_json = value.to_string();
        let parents_json = serde_json::Value::from(parents.clone()).to_string();
        let site = self.state.device_id.clone();
        let op_id = op_id(entity_type, entity_id, field, &value_json, &hlc, &site, seq, &parents_json);
        self.conn
            .prepare_cached(
                "INSERT INTO ops (op_id, device_id, seq, entity_type, entity_id, field, value, hlc, site_id, user_id, parents)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?2, ?9, ?10)",
            )?
            .execute(params![op_id, site, seq, entity_type, entity_id, field, value_json, hlc, user_id, parents_json])?;
        if !parents.is_empty() {
            self.conn
                .prepare_cached("DELETE FROM field_heads WHERE entity_id = ?1 AND field = ?2")?
                .execute(params![entity_id, field])?;
        }
        self.conn
            .prepare_cached("INSERT INTO field_heads (entity_id, field, op_id) VALUES (?1, ?2, ?3)")?
            .execute(params![entity_id, field, op_id])?;
        self.state.next_seq += 1;
        Ok(op_id)
    }
}

/// The op's id: BLAKE3 of its canonical content, so the same operation has
/// the same id on every site.
#[allow(clippy::too_many_arguments)]
fn op_id(
    entity_type: &str,
    entity_id: &str,
    field: &str,
    value: &str,
    hlc: &str,
    device: &str,
    seq: i64,
    parents: &str,
) -> String {
    let mut h = blake3::Hasher::new();
    for part in [entity_type, entity_id, field, value, hlc, device, &seq.to_string(), parents] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.finalize().to_hex().to_string()
}
