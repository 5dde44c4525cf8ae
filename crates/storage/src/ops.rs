//! The change log: every field written becomes an immutable operation
//! `{op_id, entity, field, value, hlc, device, user, parents}` as
//! `shared/design/sync.md` describes, in the same transaction as the data.
//!
//! `parents` is what the author saw: the field's latest operation on this
//! site. Locally a field has one head; concurrent heads arrive only by sync,
//! which will keep them as a multi-value register on top of this log.

use crate::StoreError;
use crate::writer::Tx;
use rusqlite::{OptionalExtension, params};

impl Tx<'_> {
    /// Records that `field` of an existing `entity_id` was set to `value`.
    pub fn record_op(
        &mut self,
        entity_type: &str,
        entity_id: &str,
        field: &str,
        value: &serde_json::Value,
        user_id: Option<&str>,
    ) -> Result<(), StoreError> {
        let parent: Option<Vec<u8>> = self
            .conn
            .prepare_cached("SELECT op_id FROM ops WHERE entity_id = ?1 AND field = ?2 ORDER BY hlc DESC LIMIT 1")?
            .query_row(params![entity_id, field], |r| r.get(0))
            .optional()?;
        self.insert_op(entity_type, entity_id, field, value, user_id, &parent.unwrap_or_default())
    }

    /// Records a field of an entity created in this write: it has no
    /// history, so there is nothing to look up.
    pub fn record_new_op(
        &mut self,
        entity_type: &str,
        entity_id: &str,
        field: &str,
        value: &serde_json::Value,
        user_id: Option<&str>,
    ) -> Result<(), StoreError> {
        self.insert_op(entity_type, entity_id, field, value, user_id, &[])
    }

    fn insert_op(
        &mut self,
        entity_type: &str,
        entity_id: &str,
        field: &str,
        value: &serde_json::Value,
        user_id: Option<&str>,
        parents: &[u8],
    ) -> Result<(), StoreError> {
        let ts = self.state.hlc.new_timestamp();
        let hlc = ts.get_time().as_u64() as i64;
        let seq = self.state.next_seq;
        let value_json = value.to_string();
        let mut h = blake3::Hasher::new();
        for part in [
            entity_type.as_bytes(),
            entity_id.as_bytes(),
            field.as_bytes(),
            value_json.as_bytes(),
            &hlc.to_le_bytes(),
            self.state.device_id.as_bytes(),
            &seq.to_le_bytes(),
            parents,
        ] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part);
        }
        let digest = h.finalize();
        let op_id = &digest.as_bytes()[..16];
        self.conn
            .prepare_cached(
                "INSERT INTO ops (device, seq, op_id, entity_type, entity_id, field, value, hlc, user_id, parents)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                self.state.device,
                seq,
                op_id,
                entity_type,
                entity_id,
                field,
                value_json,
                hlc,
                user_id,
                parents
            ])?;
        self.state.next_seq += 1;
        Ok(())
    }
}
