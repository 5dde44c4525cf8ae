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
