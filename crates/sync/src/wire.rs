//! The bytes a hub and a site exchange: a magic, a format version, a kind,
//! then the body compressed with deflate.
//!
//! The body is a plain length-prefixed encoding (LEB128 integers, strings
//! and byte strings as length then bytes): a creation's JSON repeats the
//! same field names op after op, and deflate takes that repetition away
//! better than a binary encoding of each op would (docs/benchmarks.md).
//! Decoding reads untrusted bytes — a damaged transfer, a hostile peer —
//! and answers every malformed input with a [`WireError`], never a panic
//! and never an allocation larger than the input justifies.

use crate::{Verdict, VersionVector, WireOp};
use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use std::fmt;
use std::io::{Read, Write};

/// The first bytes of every payload.
pub const MAGIC: &[u8; 4] = b"DUGW";

/// The header on the hub's last page of a pull naming the credentials it
/// would send the site now ([`credentials_digest`] of that payload), so
/// that a round with nothing to do is one request: the site asks for the
/// credentials only when they are not what it took last.
pub const CREDENTIALS_HEADER: &str = "dugu-credentials";

/// What names a credentials payload: a hash of its bytes as encoded.
/// Equal bytes, equal names; the site hashes what it received, the hub
/// what it would send.
pub fn credentials_digest(encoded: &[u8]) -> String {
    blake3::hash(encoded).to_hex().to_string()
}

/// The version of the format this dugu writes. A later version must keep
/// reading every earlier one (tests/fixtures holds one payload of each).
/// Version 2: a page also carries its offer epoch and the roots gone from
/// the receiver's scope; a version 1 page reads as epoch 0, nothing gone.
pub const VERSION: u8 = 2;

/// The oldest version this dugu still reads.
pub const OLDEST_VERSION: u8 = 1;

/// The most bytes a body may decompress to: far above a page's size, far
/// below what would exhaust a site's laptop.
pub const MAX_BODY: u64 = 256 * 1024 * 1024;

/// A page of operations from a replica's log, with where the next page
/// starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// The operations, each device's in sequence order.
    pub ops: Vec<WireOp>,
    /// What the receiver has been offered once it holds this page: ask
    /// for the next page from here.
    pub cursor: VersionVector,
    /// Whether more operations wait past `cursor`.
    pub more: bool,
    /// The hub's offer epoch once the receiver holds this page: the
    /// receiver echoes it in its next request, so that what the hub
    /// offered in a page the receiver never took (a lost answer) is
    /// offered again. 0 from a version 1 page.
    pub epoch: u64,
    /// The roots (people, households) that have left the receiver's
    /// scope: it keeps nothing of them once it takes this page.
    pub gone: Vec<String>,
}

/// What a site needs to let a person sign in with no link: the password
/// hash and the holder's own settings, never a second factor's secret.
/// Credentials never enter the change log; they travel in their own list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// The account.
    pub user_id: String,
    /// Its password hash (Argon2id, PHC string).
    pub password_hash: String,
    /// Whether the holder must choose a new password at the next sign-in.
    pub must_change_password: bool,
    /// The holder's interface language.
    pub language: String,
}

/// One payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// Operations, paged.
    Page(Page),
    /// The credentials of the accounts in a site's scope.
    Credentials(Vec<Credential>),
    /// A site's own operations, pushed to its hub in sequence order.
    Push(Vec<WireOp>),
    /// The hub's answer to a push: one verdict per pushed operation, by
    /// its sequence number, with a reason code when refused.
    Verdicts(Vec<(u64, Verdict)>),
}

/// Why bytes are not a payload this dugu reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireError {
    /// Not a dugu payload at all.
    NotAPayload,
    /// A format version this dugu does not know (a newer dugu wrote it).
    UnknownVersion(u8),
    /// A payload kind this dugu does not know.
    UnknownKind(u8),
    /// The compressed body is damaged or larger than [`MAX_BODY`].
    Compression,
    /// The body ends early, or has bytes after its end.
    Truncated,
    /// A value that cannot be what it claims (text not UTF-8, a flag
    /// neither 0 nor 1, an integer too long).
    Malformed,
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WireError::NotAPayload => write!(f, "not a dugu sync payload"),
            WireError::UnknownVersion(v) => write!(f, "sync format version {v} is newer than this dugu: upgrade dugu"),
            WireError::UnknownKind(k) => write!(f, "unknown sync payload kind {k}"),
            WireError::Compression => write!(f, "the sync payload's compressed body is damaged or too large"),
            WireError::Truncated => write!(f, "the sync payload is cut short or has trailing bytes"),
            WireError::Malformed => write!(f, "the sync payload holds a malformed value"),
        }
    }
}

impl std::error::Error for WireError {}

const KIND_PAGE: u8 = 1;
const KIND_CREDENTIALS: u8 = 2;
const KIND_PUSH: u8 = 3;
const KIND_VERDICTS: u8 = 4;

/// Encodes a payload in the current version.
pub fn encode(payload: &Payload) -> Vec<u8> {
    let mut body = Vec::new();
    let kind = match payload {
        Payload::Page(page) => {
            put_vv(&mut body, &page.cursor);
            body.push(u8::from(page.more));
            put_uint(&mut body, page.ops.len() as u64);
            for op in &page.ops {
                put_op(&mut body, op);
            }
            put_uint(&mut body, page.epoch);
            put_uint(&mut body, page.gone.len() as u64);
            for id in &page.gone {
                put_str(&mut body, id);
            }
            KIND_PAGE
        }
        Payload::Credentials(list) => {
            put_uint(&mut body, list.len() as u64);
            for c in list {
                put_str(&mut body, &c.user_id);
                put_str(&mut body, &c.password_hash);
                body.push(u8::from(c.must_change_password));
                put_str(&mut body, &c.language);
            }
            KIND_CREDENTIALS
        }
        Payload::Push(ops) => {
            put_uint(&mut body, ops.len() as u64);
            for op in ops {
                put_op(&mut body, op);
            }
            KIND_PUSH
        }
        Payload::Verdicts(list) => {
            put_uint(&mut body, list.len() as u64);
            for (seq, verdict) in list {
                put_uint(&mut body, *seq);
                match verdict {
                    Verdict::Accepted => put_opt(&mut body, None),
                    Verdict::Rejected(reason) => put_opt(&mut body, Some(reason)),
                }
            }
            KIND_VERDICTS
        }
    };
    let mut out = Vec::with_capacity(body.len() / 4 + 16);
    out.extend_from_slice(MAGIC);
    out.push(VERSION);
    out.push(kind);
    let mut z = DeflateEncoder::new(out, Compression::default());
    // Writing to a Vec cannot fail.
    let _ = z.write_all(&body);
    z.finish().unwrap_or_default()
}

/// Decodes a payload of any version this dugu reads.
pub fn decode(bytes: &[u8]) -> Result<Payload, WireError> {
    if bytes.len() < MAGIC.len() + 2 || &bytes[..MAGIC.len()] != MAGIC {
        return Err(WireError::NotAPayload);
    }
    let version = bytes[MAGIC.len()];
    let kind = bytes[MAGIC.len() + 1];
    if !(OLDEST_VERSION..=VERSION).contains(&version) {
        return Err(WireError::UnknownVersion(version));
    }
    if !(KIND_PAGE..=KIND_VERDICTS).contains(&kind) {
        return Err(WireError::UnknownKind(kind));
    }
    let mut body = Vec::new();
    DeflateDecoder::new(&bytes[MAGIC.len() + 2..])
        .take(MAX_BODY + 1)
        .read_to_end(&mut body)
        .map_err(|_| WireError::Compression)?;
    if body.len() as u64 > MAX_BODY {
        return Err(WireError::Compression);
    }
    let mut r = Reader { bytes: &body };
    let payload = if kind == KIND_PAGE {
        let cursor = r.vv()?;
        let more = r.flag()?;
        let ops = r.ops()?;
        let (mut epoch, mut gone) = (0, Vec::new());
        if version >= 2 {
            epoch = r.uint()?;
            let n = r.count(1)?;
            gone.reserve(n);
            for _ in 0..n {
                gone.push(r.string()?);
            }
        }
        Payload::Page(Page { ops, cursor, more, epoch, gone })
    } else if kind == KIND_PUSH {
        Payload::Push(r.ops()?)
    } else if kind == KIND_VERDICTS {
        let n = r.count(2)?;
        let mut list = Vec::with_capacity(n);
        for _ in 0..n {
            let seq = r.uint()?;
            list.push((seq, r.opt()?.map_or(Verdict::Accepted, Verdict::Rejected)));
        }
        Payload::Verdicts(list)
    } else {
        let n = r.count(4)?;
        let mut list = Vec::with_capacity(n);
        for _ in 0..n {
            list.push(Credential {
                user_id: r.string()?,
                password_hash: r.string()?,
                must_change_password: r.flag()?,
                language: r.string()?,
            });
        }
        Payload::Credentials(list)
    };
    if !r.bytes.is_empty() {
        return Err(WireError::Truncated);
    }
    Ok(payload)
}

/// The fewest bytes one encoded op takes (every length or number at least
/// one byte, two flags): bounds what a claimed count may reserve.
const MIN_OP_BYTES: usize = 10;

fn put_uint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let low = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_uint(out, b.len() as u64);
    out.extend_from_slice(b);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_bytes(out, s.as_bytes());
}

fn put_opt(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => out.push(0),
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
    }
}

fn put_vv(out: &mut Vec<u8>, vv: &VersionVector) {
    put_uint(out, vv.0.len() as u64);
    for (device, seq) in &vv.0 {
        put_str(out, device);
        put_uint(out, *seq);
    }
}

fn put_op(out: &mut Vec<u8>, op: &WireOp) {
    put_bytes(out, &op.op_id);
    put_str(out, &op.device);
    put_uint(out, op.seq);
    put_uint(out, op.hlc);
    put_str(out, &op.entity_type);
    put_str(out, &op.entity_id);
    put_opt(out, op.field.as_deref());
    put_str(out, &op.value);
    put_opt(out, op.user_id.as_deref());
    put_bytes(out, &op.parents);
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, WireError> {
        let (&b, rest) = self.bytes.split_first().ok_or(WireError::Truncated)?;
        self.bytes = rest;
        Ok(b)
    }

    fn uint(&mut self) -> Result<u64, WireError> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let low = u64::from(b & 0x7f);
            if shift == 63 && low > 1 {
                return Err(WireError::Malformed);
            }
            v |= low << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(WireError::Malformed)
    }

    /// A count of items each at least `min` bytes long: never more than
    /// the bytes left could hold.
    fn count(&mut self, min: usize) -> Result<usize, WireError> {
        let n = self.uint()?;
        if n > (self.bytes.len() / min.max(1)) as u64 {
            return Err(WireError::Truncated);
        }
        Ok(n as usize)
    }

    fn bytes(&mut self) -> Result<Vec<u8>, WireError> {
        let n = self.uint()?;
        if n > self.bytes.len() as u64 {
            return Err(WireError::Truncated);
        }
        let (b, rest) = self.bytes.split_at(n as usize);
        self.bytes = rest;
        Ok(b.to_vec())
    }

    fn string(&mut self) -> Result<String, WireError> {
        String::from_utf8(self.bytes()?).map_err(|_| WireError::Malformed)
    }

    fn flag(&mut self) -> Result<bool, WireError> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(WireError::Malformed),
        }
    }

    fn opt(&mut self) -> Result<Option<String>, WireError> {
        Ok(if self.flag()? { Some(self.string()?) } else { None })
    }

    fn vv(&mut self) -> Result<VersionVector, WireError> {
        let n = self.count(2)?;
        let mut vv = VersionVector::default();
        for _ in 0..n {
            let device = self.string()?;
            let seq = self.uint()?;
            vv.0.insert(device, seq);
        }
        Ok(vv)
    }

    fn ops(&mut self) -> Result<Vec<WireOp>, WireError> {
        let n = self.count(MIN_OP_BYTES)?;
        let mut ops = Vec::with_capacity(n);
        for _ in 0..n {
            ops.push(self.op()?);
        }
        Ok(ops)
    }

    fn op(&mut self) -> Result<WireOp, WireError> {
        Ok(WireOp {
            op_id: self.bytes()?,
            device: self.string()?,
            seq: self.uint()?,
            hlc: self.uint()?,
            entity_type: self.string()?,
            entity_id: self.string()?,
            field: self.opt()?,
            value: self.string()?,
            user_id: self.opt()?,
            parents: self.bytes()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn op(seq: u64) -> WireOp {
        WireOp {
            op_id: vec![seq as u8; 16],
            device: "0193a1b2-0000-7000-8000-000000000001".into(),
            seq,
            hlc: 7_400_000_000_000_000_000 + seq,
            entity_type: "measurement".into(),
            entity_id: format!("0193a1b2-0000-7000-8000-{seq:012}"),
            field: seq.is_multiple_of(2).then(|| "weight_kg".to_string()),
            value: r#"{"person_id":"x","measured_on":"2025-01-02","weight_kg":11.5}"#.into(),
            user_id: Some("0193a1b2-0000-7000-8000-0000000000aa".into()),
            parents: vec![9; 16],
        }
    }

    #[test]
    fn a_page_and_credentials_come_back_as_they_left() {
        let mut cursor = VersionVector::default();
        cursor.0.insert("hub".into(), 42);
        let page = Payload::Page(Page {
            ops: (1..=40).map(op).collect(),
            cursor,
            more: true,
            epoch: 7,
            gone: vec!["0193a1b2-0000-7000-8000-000000000077".into()],
        });
        assert_eq!(decode(&encode(&page)), Ok(page));
        let creds = Payload::Credentials(vec![Credential {
            user_id: "u".into(),
            password_hash: "$argon2id$v=19$m=47104,t=1,p=1$c2FsdA$aGFzaA".into(),
            must_change_password: true,
            language: "fr".into(),
        }]);
        assert_eq!(decode(&encode(&creds)), Ok(creds));
        let push = Payload::Push((1..=5).map(op).collect());
        assert_eq!(decode(&encode(&push)), Ok(push));
        let verdicts = Payload::Verdicts(vec![(1, Verdict::Accepted), (2, Verdict::Rejected("forbidden".into()))]);
        assert_eq!(decode(&encode(&verdicts)), Ok(verdicts));
    }

    #[test]
    fn another_version_or_kind_is_named_not_guessed() {
        let mut bytes = encode(&Payload::Credentials(Vec::new()));
        bytes[4] = VERSION + 1;
        assert_eq!(decode(&bytes), Err(WireError::UnknownVersion(VERSION + 1)));
        bytes[4] = 0;
        assert_eq!(decode(&bytes), Err(WireError::UnknownVersion(0)));
        bytes[4] = VERSION;
        bytes[5] = 9;
        assert_eq!(decode(&bytes), Err(WireError::UnknownKind(9)));
        assert_eq!(decode(b"PK\x03\x04"), Err(WireError::NotAPayload));
    }

    #[test]
    fn a_count_larger_than_the_body_is_refused_before_any_allocation() {
        let mut body = Vec::new();
        put_vv(&mut body, &VersionVector::default());
        body.push(0);
        put_uint(&mut body, u64::MAX >> 1);
        let mut bytes = MAGIC.to_vec();
        bytes.extend([VERSION, KIND_PAGE]);
        let mut z = DeflateEncoder::new(bytes, Compression::default());
        z.write_all(&body).expect("write");
        assert_eq!(decode(&z.finish().expect("finish")), Err(WireError::Truncated));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Any bytes at all: an answer, never a panic.
        #[test]
        fn arbitrary_bytes_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..600)) {
            let mut bytes = MAGIC.to_vec();
            bytes.extend([VERSION, KIND_PAGE]);
            bytes.extend(&tail);
            let _ = decode(&bytes);
            let _ = decode(&tail);
        }

        /// A real payload damaged anywhere (a byte changed, or cut short):
        /// an error or a payload, never a panic.
        #[test]
        fn damaged_payloads_never_panic(at in 0usize..4096, to in any::<u8>(), cut in 0usize..4096) {
            let mut cursor = VersionVector::default();
            cursor.0.insert("hub".into(), 3);
            let page = Page { ops: (1..=8).map(op).collect(), cursor, more: false, epoch: 3, gone: vec!["x".into()] };
            let mut bytes = encode(&Payload::Page(page));
            let n = bytes.len();
            bytes[at % n] = to;
            let _ = decode(&bytes);
            bytes.truncate(cut % n);
            let _ = decode(&bytes);
        }

        /// Damage inside the compressed body, where the decoder's own
        /// length checks are reached.
        #[test]
        fn damaged_bodies_never_panic(body in proptest::collection::vec(any::<u8>(), 0..400), kind in 1u8..=4) {
            let mut bytes = MAGIC.to_vec();
            bytes.extend([VERSION, kind]);
            let mut z = DeflateEncoder::new(bytes, Compression::default());
            z.write_all(&body).expect("write");
            let _ = decode(&z.finish().expect("finish"));
        }
    }
}
