//! The per-field merge rule: a multi-value register per field, with a
//! deterministic provisional value and conflicts a person reviews.
//!
//! Each field of a record is a register whose *heads* are the ops that no
//! later op of that field has seen. An op names as its parents the heads
//! its author saw; received in causal order (an op after its parents), the
//! new heads are the old ones minus the op's parents, plus the op — so an
//! op that saw every head fast-forwards, and one that did not leaves the
//! field with several heads: **in conflict**. The result depends only on
//! which ops are held, never on the order they came in (the proptest
//! below). A tombstone is a head of every field of its record, so an edit
//! its author did not see stays beside it, in conflict, rather than being
//! lost or bringing the record back. Additions to a set are each a new
//! record (their own creation), so they never meet in a register.

/// What the rule needs to know of one head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// The op's id.
    pub op_id: Vec<u8>,
    /// Its hybrid-logical-clock reading.
    pub hlc: u64,
    /// The device that made it (its global id).
    pub device: String,
    /// Its place in that device's sequence.
    pub seq: u64,
    /// Whether it removes the record.
    pub tombstone: bool,
}

/// The heads of a register once `op` is received: those `op`'s author had
/// not seen, and `op`. The author had seen its parents (16-byte op ids,
/// concatenated) and every earlier op of its own device (a device holds
/// what it made: ops written before parents were kept per field are
/// covered that way).
///
/// Only valid in causal order: every op `op` descends from is held already
/// (a receiver holds an op back until its parents and its device's earlier
/// ops arrive).
pub fn advance(heads: &[Head], parents: &[u8], op: &Head) -> Vec<Head> {
    let seen =
        |h: &Head| parents.chunks(16).any(|p| p == h.op_id.as_slice()) || (h.device == op.device && h.seq < op.seq);
    let mut next: Vec<Head> = heads.iter().filter(|h| !seen(h) && h.op_id != op.op_id).cloned().collect();
    next.push(op.clone());
    next.sort_by(|a, b| a.op_id.cmp(&b.op_id));
    next
}

/// Whether a field with these heads is in conflict: two values no one has
/// yet seen together. Removals that agree (every head a tombstone) are not.
pub fn in_conflict(heads: &[Head]) -> bool {
    heads.len() > 1 && !heads.iter().all(|h| h.tombstone)
}

/// The value everyone shows while a field is in conflict: the highest
/// clock, ties broken by device id — the same on every replica.
pub fn provisional(heads: &[Head]) -> Option<&Head> {
    heads.iter().max_by(|a, b| (a.hlc, &a.device).cmp(&(b.hlc, &b.device)))
}

/// How far ahead of this replica's physical clock a remote clock may be
/// before its device is flagged (field laptops drift by minutes).
pub const FAR_AHEAD_MS: u64 = 10 * 60 * 1000;

/// What a received op's clock says about its device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockReading {
    /// Within [`FAR_AHEAD_MS`] of ours, or behind (behind is normal: the op
    /// may have waited weeks for a link).
    Plausible,
    /// Ahead of our physical clock by this many ms: flagged, the op kept
    /// (the hybrid clock still orders it; no edit is lost to a bad clock).
    FarAhead(u64),
}

/// Reads a remote NTP64 clock against this replica's physical time (NTP64).
pub fn read_clock(remote: u64, now: u64) -> ClockReading {
    let ahead = ntp64_millis(remote).saturating_sub(ntp64_millis(now));
    if ahead > FAR_AHEAD_MS { ClockReading::FarAhead(ahead) } else { ClockReading::Plausible }
}

/// Milliseconds since the epoch of an NTP64 reading.
pub fn ntp64_millis(t: u64) -> u64 {
    (t >> 32) * 1000 + (((t & 0xFFFF_FFFF) * 1000) >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::{BTreeMap, BTreeSet};

    fn id(n: u8) -> Vec<u8> {
        vec![n; 16]
    }

    fn head(n: u8, hlc: u64, device: &str, tombstone: bool) -> Head {
        Head { op_id: id(n), hlc, device: device.into(), seq: u64::from(n), tombstone }
    }

    fn ids(heads: &[Head]) -> Vec<Vec<u8>> {
        heads.iter().map(|h| h.op_id.clone()).collect()
    }

    #[test]
    fn an_op_that_saw_every_head_fast_forwards() {
        let heads = advance(&[head(1, 1, "hub", false)], &id(1), &head(2, 2, "kita", false));
        assert_eq!(ids(&heads), vec![id(2)]);
    }

    #[test]
    fn an_op_that_missed_a_head_leaves_the_field_in_conflict() {
        let created = [head(1, 1, "hub", false)];
        let after_kita = advance(&created, &id(1), &head(2, 10, "kita", false));
        let after_both = advance(&after_kita, &id(1), &head(3, 9, "mopti", false));
        assert_eq!(ids(&after_both), vec![id(2), id(3)]);
        assert!(in_conflict(&after_both));
        // Resolution: an op whose parents are both heads.
        let resolved = advance(&after_both, &[id(2), id(3)].concat(), &head(4, 11, "hub", false));
        assert_eq!(ids(&resolved), vec![id(4)]);
    }

    #[test]
    fn a_device_has_seen_its_own_earlier_ops() {
        // Written before parents were kept per field: a removal naming only
        // the record's latest op still covers its device's earlier edits.
        let heads = [head(1, 1, "kita", false), head(2, 2, "kita", false)];
        let removed = advance(&heads, &id(2), &head(3, 3, "kita", true));
        assert_eq!(ids(&removed), vec![id(3)]);
    }

    #[test]
    fn the_provisional_value_is_the_latest_clock_then_the_highest_device() {
        let heads = [head(2, 10, "kita", false), head(3, 12, "mopti", false)];
        assert_eq!(provisional(&heads).map(|h| h.op_id.clone()), Some(id(3)));
        let tied = [head(2, 12, "socoura", false), head(3, 12, "mopti", false)];
        assert_eq!(provisional(&tied).map(|h| h.op_id.clone()), Some(id(2)));
        assert_eq!(provisional(&[]), None);
    }

    #[test]
    fn a_removal_against_an_edit_is_a_conflict_two_removals_are_not() {
        assert!(in_conflict(&[head(2, 10, "kita", true), head(3, 9, "mopti", false)]));
        assert!(!in_conflict(&[head(2, 10, "kita", true), head(3, 9, "mopti", true)]));
        assert!(!in_conflict(&[head(2, 10, "kita", false)]));
    }

    #[test]
    fn a_clock_far_ahead_is_flagged_one_behind_is_not() {
        let now = 1_800_000_000u64 << 32;
        assert_eq!(read_clock(now - (3600 << 32), now), ClockReading::Plausible);
        assert_eq!(read_clock(now + (60 << 32), now), ClockReading::Plausible);
        assert_eq!(read_clock(now + (86_400 << 32), now), ClockReading::FarAhead(86_400_000));
    }

    /// A history: each step, a replica edits the field (or removes the
    /// record) having seen what it holds, or sends another replica some of
    /// what it holds (the rest is lost or comes later).
    #[derive(Debug, Clone)]
    enum Step {
        Edit { at: usize, tombstone: bool },
        Send { from: usize, to: usize, keep: Vec<bool> },
    }

    fn step(replicas: usize) -> impl Strategy<Value = Step> {
        prop_oneof![
            3 => (0..replicas, proptest::bool::weighted(0.15)).prop_map(|(at, tombstone)| Step::Edit { at, tombstone }),
            2 => (0..replicas, 0..replicas, proptest::collection::vec(any::<bool>(), 0..8))
                .prop_map(|(from, to, keep)| Step::Send { from, to, keep }),
        ]
    }

    /// One replica: the ops it holds, in the order received, and the heads
    /// it keeps by the rule.
    #[derive(Default)]
    struct Replica {
        held: BTreeSet<u8>,
        waiting: Vec<u8>,
        heads: Vec<Head>,
    }

    struct Dag {
        parents: BTreeMap<u8, Vec<u8>>,
    }

    impl Dag {
        fn ancestors(&self, op: u8) -> BTreeSet<u8> {
            let mut out = BTreeSet::new();
            let mut todo = vec![op];
            while let Some(o) = todo.pop() {
                for p in self.parents.get(&o).into_iter().flatten() {
                    if out.insert(*p) {
                        todo.push(*p);
                    }
                }
            }
            out
        }
    }

    impl Replica {
        /// Receives `op`, or holds it back until its parents are held.
        fn receive(&mut self, dag: &Dag, op: u8) {
            if self.held.contains(&op) || self.waiting.contains(&op) {
                return;
            }
            self.waiting.push(op);
            loop {
                let ready = self.waiting.iter().position(|o| dag.parents[o].iter().all(|p| self.held.contains(p)));
                let Some(i) = ready else { break };
                let o = self.waiting.remove(i);
                let parents: Vec<u8> = dag.parents[&o].iter().flat_map(|p| id(*p)).collect();
                // Each op its own device here: the parents alone carry causality.
                let op = Head { op_id: id(o), hlc: 0, device: o.to_string(), seq: 1, tombstone: false };
                self.heads = advance(&self.heads, &parents, &op);
                self.held.insert(o);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// Whatever is lost, duplicated or reordered, once every replica
        /// holds every op they keep the same heads — exactly the ops no
        /// other op descends from — and the field is in conflict exactly
        /// when two of them are concurrent.
        #[test]
        fn replicas_that_hold_the_same_ops_keep_the_same_heads(
            n in 2..6usize,
            steps in proptest::collection::vec(step(6), 1..40),
            order in any::<u64>(),
        ) {
            // Op 0 is the creation every replica starts from.
            let mut dag = Dag { parents: BTreeMap::from([(0u8, Vec::new())]) };
            let mut tombstones = BTreeSet::new();
            let mut replicas: Vec<Replica> = (0..n).map(|_| Replica::default()).collect();
            for r in &mut replicas {
                r.receive(&dag, 0);
            }
            let mut next = 1u8;
            for s in &steps {
                match s {
                    Step::Edit { at, tombstone } => {
                        let r = &mut replicas[at % n];
                        let parents: Vec<u8> = r.heads.iter().map(|h| h.op_id[0]).collect();
                        dag.parents.insert(next, parents);
                        if *tombstone {
                            tombstones.insert(next);
                        }
                        r.receive(&dag, next);
                        next += 1;
                    }
                    Step::Send { from, to, keep } => {
                        let mut ops: Vec<u8> = replicas[from % n].held.iter().copied().collect();
                        // Reordered: a rotation chosen by `order`.
                        let len = ops.len();
                        ops.rotate_left((order as usize) % len.max(1));
                        for (i, o) in ops.into_iter().enumerate() {
                            if keep.get(i % keep.len().max(1)).copied().unwrap_or(true) {
                                replicas[to % n].receive(&dag, o);
                                // Duplicated: a second delivery changes nothing.
                                replicas[to % n].receive(&dag, o);
                            }
                        }
                    }
                }
            }
            // Quiescence: every replica receives everything, newest first.
            let all: Vec<u8> = dag.parents.keys().rev().copied().collect();
            for r in &mut replicas {
                for o in &all {
                    r.receive(&dag, *o);
                }
                prop_assert!(r.waiting.is_empty());
            }
            let seen: BTreeSet<u8> = all.iter().flat_map(|o| dag.ancestors(*o)).collect();
            let maximal: Vec<Vec<u8>> = all.iter().rev().filter(|o| !seen.contains(o)).map(|o| id(*o)).collect();
            for r in &replicas {
                prop_assert_eq!(ids(&r.heads), maximal.clone());
            }
            let heads: Vec<Head> = maximal
                .iter()
                .map(|h| Head { op_id: h.clone(), hlc: 0, device: String::new(), seq: 1, tombstone: tombstones.contains(&h[0]) })
                .collect();
            let concurrent = heads.iter().enumerate().any(|(i, a)| {
                heads.iter().skip(i + 1).any(|b| !(a.tombstone && b.tombstone))
            });
            prop_assert_eq!(in_conflict(&heads), concurrent);
        }
    }
}
