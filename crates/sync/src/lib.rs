//! What dugu sites and the national hub exchange, and the rules that make
//! them converge — pure: no database, no network, no clock of its own.
//!
//! A site's log is a sequence of operations per device; two replicas
//! compare [`VersionVector`]s to know which operations the other lacks,
//! send them as [`WireOp`]s, and the receiver answers each with a
//! [`Verdict`]. The storage crate turns a `WireOp` into a row of its log
//! and back; the web crate and the binary carry them over HTTP or a file.
//! Design: `../shared/design/sync.md` (not in this repository).

pub mod merge;
pub mod signature;
pub mod wire;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One operation as it travels between replicas: everything the log keeps,
/// with the device named by its global id rather than a local row number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireOp {
    /// The operation's own id (16 bytes, unique across every replica).
    pub op_id: Vec<u8>,
    /// The device (site) that made it: its global id, as in `devices.device_id`.
    pub device: String,
    /// Its place in that device's sequence, from 1, without gaps.
    pub seq: u64,
    /// Its hybrid-logical-clock reading (NTP64), which orders operations.
    pub hlc: u64,
    /// The entity kind's registry name (`person`, `measurement`…).
    pub entity_type: String,
    /// The entity's id.
    pub entity_id: String,
    /// The field set, or `None` for a creation or a tombstone.
    pub field: Option<String>,
    /// JSON text: a creation's fields as an object, a set's value, or `null`.
    pub value: String,
    /// The account that made it, if a person did.
    pub user_id: Option<String>,
    /// The op ids its author saw as the heads of what it changes
    /// (16 bytes each, concatenated).
    pub parents: Vec<u8>,
}

impl WireOp {
    /// The id this op's content gives it (BLAKE3 of its parts, as the log
    /// computes it when the op is made): a receiver refuses an op whose id
    /// is not this.
    pub fn content_id(&self) -> Vec<u8> {
        let mut h = blake3::Hasher::new();
        for part in [
            self.entity_type.as_bytes(),
            self.entity_id.as_bytes(),
            self.field.as_deref().unwrap_or("").as_bytes(),
            self.value.as_bytes(),
            &(self.hlc as i64).to_le_bytes(),
            self.device.as_bytes(),
            &(self.seq as i64).to_le_bytes(),
            &self.parents,
        ] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part);
        }
        h.finalize().as_bytes()[..16].to_vec()
    }
}

/// For each device, the highest sequence number a replica holds with no gap
/// below it: what a replica tells another so it sends only the rest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionVector(pub BTreeMap<String, u64>);

impl VersionVector {
    /// Whether the operation `seq` of `device` is already held.
    pub fn covers(&self, device: &str, seq: u64) -> bool {
        self.0.get(device).is_some_and(|&held| seq <= held)
    }

    /// Records that `seq` of `device` is now held; a sequence number past a
    /// gap is not recorded, so the missing ones are asked for again.
    pub fn observe(&mut self, device: &str, seq: u64) {
        let held = self.0.entry(device.to_string()).or_insert(0);
        if seq == *held + 1 {
            *held = seq;
        }
    }
}

/// What a receiver did with one pushed operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// Applied (or already held: receiving twice is harmless).
    Accepted,
    /// Refused, with a reason code a person can read once translated
    /// (never a value of the record): a [`RefusalReason`]'s code, or one a
    /// newer hub gives that this version cannot say.
    Rejected(String),
}

impl From<RefusalReason> for Verdict {
    fn from(reason: RefusalReason) -> Verdict {
        Verdict::Rejected(reason.code().to_string())
    }
}

/// Declares [`RefusalReason`] from one list — each variant with its code
/// and what it means — so the list of every reason ([`RefusalReason::ALL`])
/// cannot leave one out.
macro_rules! refusal_reasons {
    ($($(#[doc = $doc:literal])* $variant:ident = $code:literal,)*) => {
        /// Why a hub (or any receiver) refuses an operation. Only these
        /// are given; the site's pages say each in words (a message per
        /// code, `sync-refused-{code}`, tested in the web crate).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum RefusalReason {
            $($(#[doc = $doc])* $variant,)*
        }

        impl RefusalReason {
            /// Every reason, in the order declared.
            pub const ALL: &[RefusalReason] = &[$(RefusalReason::$variant,)*];

            /// The code on the wire and in `refused_ops`.
            pub fn code(self) -> &'static str {
                match self {
                    $(RefusalReason::$variant => $code,)*
                }
            }
        }
    };
}

refusal_reasons! {
    /// The account may not make this change (role, field group, places).
    Forbidden = "forbidden",
    /// The record is outside the pushing site's places.
    OutOfScope = "out_of_scope",
    /// The op cannot be read (a value, an id, a sequence number).
    Malformed = "malformed",
    /// A kind of record this version does not know.
    UnknownKind = "unknown_kind",
    /// A field this version does not know.
    UnknownField = "unknown_field",
    /// The op's id is not its content's.
    OpIdMismatch = "op_id_mismatch",
    /// Another op was sent before under the same sequence number.
    SeqReused = "seq_reused",
    /// The op names no account.
    NoUser = "no_user",
    /// The account is disabled or unknown.
    UserDisabled = "user_disabled",
    /// The record it changes was itself refused (or never arrived).
    RecordRefused = "record_refused",
    /// It follows an op that was refused.
    DependsOnRefused = "depends_on_refused",
    /// It makes a record the receiver already has under the same id,
    /// number or key.
    ConflictingRecord = "conflicting_record",
    /// An earlier op of the device has not arrived yet.
    Gap = "gap",
    /// It was made by another device than the one pushing it.
    OtherDevice = "other_device",
    /// It changes a field set once, when the record was made (where a
    /// family house or a care group is).
    FixedField = "fixed_field",
}

impl RefusalReason {
    /// The reason a code names; `None` for a code this version does not
    /// know (from a newer hub).
    pub fn parse(code: &str) -> Option<RefusalReason> {
        RefusalReason::ALL.iter().copied().find(|r| r.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_reason_has_its_own_code() {
        let codes: std::collections::BTreeSet<_> = RefusalReason::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), RefusalReason::ALL.len());
        for r in RefusalReason::ALL {
            assert_eq!(RefusalReason::parse(r.code()), Some(*r));
            assert_eq!(Verdict::from(*r), Verdict::Rejected(r.code().into()));
        }
        assert_eq!(RefusalReason::parse("a_newer_hubs_reason"), None);
    }

    #[test]
    fn a_version_vector_advances_only_without_gaps() {
        let mut vv = VersionVector::default();
        vv.observe("kita", 1);
        vv.observe("kita", 3);
        assert!(vv.covers("kita", 1));
        assert!(!vv.covers("kita", 3), "3 came before 2: 2 must still be asked for");
        vv.observe("kita", 2);
        vv.observe("kita", 3);
        assert!(vv.covers("kita", 3));
        assert!(!vv.covers("mopti", 1));
    }
}
