//! Payloads written by earlier versions of the format must still be read
//! (issue 14, item 8(d)): each fixture was written once by its version's
//! encoder and is never regenerated; a later version adds its own beside.

use dugu_sync::wire::{self, Payload};

#[test]
fn a_version_1_page_is_read() {
    let bytes = include_bytes!("fixtures/page-v1.bin");
    assert_eq!(bytes[4], 1, "the fixture is of version 1");
    let Ok(Payload::Page(page)) = wire::decode(bytes) else { panic!("a version 1 page decodes") };
    assert!(!page.more);
    assert_eq!(page.cursor.0.values().copied().collect::<Vec<_>>(), [3]);
    let seqs: Vec<u64> = page.ops.iter().map(|o| o.seq).collect();
    assert_eq!(seqs, [1, 2, 3]);
    assert_eq!(page.ops[0].entity_type, "location");
    assert_eq!(page.ops[0].user_id, None);
    assert_eq!(page.ops[1].field, None);
    assert!(page.ops[1].value.contains("Traoré"));
    assert_eq!(page.ops[2].field.as_deref(), Some("phone"));
    assert_eq!(page.ops[2].parents, page.ops[1].op_id);
    assert_eq!(page.ops[2].user_id.as_deref(), Some("0193a1b2-0000-7000-8000-0000000000aa"));
}

/// The ops of both fixtures: a location, a person created, one field set.
fn fixture_ops() -> (Vec<dugu_sync::WireOp>, dugu_sync::VersionVector) {
    use dugu_sync::{VersionVector, WireOp};
    let device = "0193a1b2-0000-7000-8000-0000000000f1".to_string();
    let user = Some("0193a1b2-0000-7000-8000-0000000000aa".to_string());
    let op = |seq: u64, kind: &str, id: &str, field: Option<&str>, value: &str, parents: Vec<u8>| WireOp {
        op_id: vec![seq as u8; 16],
        device: device.clone(),
        seq,
        hlc: (3_960_000_000u64 + seq) << 32,
        entity_type: kind.into(),
        entity_id: id.into(),
        field: field.map(str::to_string),
        value: value.into(),
        user_id: if kind == "location" { None } else { user.clone() },
        parents,
    };
    let place = "0193a1b2-0000-7000-8000-000000000001";
    let child = "0193a1b2-0000-7000-8000-000000000002";
    let person = r#"{"record_number":"KIT-000001","location_id":"0193a1b2-0000-7000-8000-000000000001","given_name":"Awa","family_name":"Traoré","sex":"F"}"#;
    let ops = vec![
        op(1, "location", place, None, r#"{"code":"KIT","kind":"site","name":"Kita"}"#, vec![]),
        op(2, "person", child, None, person, vec![]),
        op(3, "person", child, Some("phone"), r#""+223 76 00 00 00""#, vec![2; 16]),
    ];
    let mut cursor = VersionVector::default();
    cursor.0.insert(device, 3);
    (ops, cursor)
}

#[test]
fn a_version_2_page_is_read_with_its_epoch_and_the_roots_gone() {
    let bytes = include_bytes!("fixtures/page-v2.bin");
    assert_eq!(bytes[4], 2, "the fixture is of version 2");
    let Ok(Payload::Page(page)) = wire::decode(bytes) else { panic!("a version 2 page decodes") };
    let (ops, cursor) = fixture_ops();
    assert_eq!((page.ops, page.cursor, page.more), (ops, cursor, true));
    assert_eq!(page.epoch, 12);
    assert_eq!(page.gone, ["0193a1b2-0000-7000-8000-000000000009", "0193a1b2-0000-7000-8000-00000000000a"]);
}

#[test]
fn a_version_1_page_reads_as_nothing_gone_at_epoch_0() {
    let Ok(Payload::Page(page)) = wire::decode(include_bytes!("fixtures/page-v1.bin")) else { panic!("decodes") };
    assert_eq!((page.epoch, page.gone.len()), (0, 0));
    let (ops, _) = fixture_ops();
    assert_eq!(page.ops, ops, "version 1's ops are read as they were written");
}

/// Wrote `fixtures/page-v2.bin` with version 2's encoder (run once, with
/// `--ignored`; never again for this version: a later encoder writes its
/// own fixture beside). Version 1's was written the same way from the
/// same ops, with no epoch and nothing gone.
#[test]
#[ignore]
fn write_the_version_2_page() {
    use dugu_sync::wire::Page;
    if wire::VERSION != 2 {
        return;
    }
    let (ops, cursor) = fixture_ops();
    let gone = vec!["0193a1b2-0000-7000-8000-000000000009".into(), "0193a1b2-0000-7000-8000-00000000000a".into()];
    let bytes = wire::encode(&Payload::Page(Page { ops, cursor, more: true, epoch: 12, gone }));
    std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/page-v2.bin"), bytes).expect("write");
}

#[test]
fn a_version_1_push_is_read() {
    let bytes = include_bytes!("fixtures/push-v1.bin");
    assert_eq!((bytes[4], bytes[5]), (1, 3), "the fixture is a version 1 push");
    let Ok(Payload::Push(ops)) = wire::decode(bytes) else { panic!("a version 1 push decodes") };
    let seqs: Vec<u64> = ops.iter().map(|o| o.seq).collect();
    assert_eq!(seqs, [7, 8]);
    assert_eq!(ops[0].field, None);
    assert_eq!(ops[1].field.as_deref(), Some("weight_kg"));
    assert_eq!(ops[1].parents, ops[0].op_id);
}

#[test]
fn version_1_verdicts_are_read() {
    use dugu_sync::Verdict;
    let bytes = include_bytes!("fixtures/verdicts-v1.bin");
    assert_eq!((bytes[4], bytes[5]), (1, 4), "the fixture is version 1 verdicts");
    let Ok(Payload::Verdicts(list)) = wire::decode(bytes) else { panic!("version 1 verdicts decode") };
    assert_eq!(list, [(7, Verdict::Accepted), (8, Verdict::Rejected("forbidden".into()))]);
}

/// Wrote `fixtures/push-v1.bin` and `fixtures/verdicts-v1.bin` with
/// version 1's encoder (run once, with `--ignored`; never again).
#[test]
#[ignore]
fn write_the_version_1_push_and_verdicts() {
    use dugu_sync::{Verdict, WireOp};
    let op = |seq: u64, field: Option<&str>, value: &str, parents: Vec<u8>| WireOp {
        op_id: vec![seq as u8; 16],
        device: "0193a1b2-0000-7000-8000-0000000000f2".into(),
        seq,
        hlc: (3_960_000_000u64 + seq) << 32,
        entity_type: "measurement".into(),
        entity_id: "0193a1b2-0000-7000-8000-000000000003".into(),
        field: field.map(str::to_string),
        value: value.into(),
        user_id: Some("0193a1b2-0000-7000-8000-0000000000aa".into()),
        parents,
    };
    let ops = vec![
        op(
            7,
            None,
            r#"{"person_id":"0193a1b2-0000-7000-8000-000000000002","measured_on":"2026-11-02","weight_kg":11.5}"#,
            vec![],
        ),
        op(8, Some("weight_kg"), "11.7", vec![7; 16]),
    ];
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    std::fs::write(format!("{dir}/push-v1.bin"), wire::encode(&Payload::Push(ops))).expect("write");
    let verdicts = vec![(7, Verdict::Accepted), (8, Verdict::Rejected("forbidden".into()))];
    std::fs::write(format!("{dir}/verdicts-v1.bin"), wire::encode(&Payload::Verdicts(verdicts))).expect("write");
}
