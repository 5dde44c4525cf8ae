//! Every UI string exists in French and in English.

use dugu_web::i18n::{SOURCES, message_ids};
use std::collections::BTreeSet;

#[test]
fn both_languages_have_the_same_messages() {
    let fr: BTreeSet<String> = message_ids(SOURCES[0].1).into_iter().collect();
    let en: BTreeSet<String> = message_ids(SOURCES[1].1).into_iter().collect();
    assert!(fr.len() > 150, "{} messages", fr.len());
    let only_fr: Vec<_> = fr.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&fr).collect();
    assert!(
        only_fr.is_empty() && only_en.is_empty(),
        "missing in English: {only_fr:?}; missing in French: {only_en:?}"
    );
}

#[test]
fn every_key_the_code_uses_exists() {
    let ids: BTreeSet<String> = message_ids(SOURCES[0].1).into_iter().collect();
    let mut used = BTreeSet::new();
    // Keys written out in templates and code.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["templates/layouts", "templates/pages", "templates/components", "src", "src/pages", "src/api"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("dir").flatten() {
            files.push(entry.path());
        }
    }
    for f in files.iter().filter(|f| f.is_file()) {
        let text = std::fs::read_to_string(f).expect("read");
        for (at, _) in text.match_indices("tr.get(\"").chain(text.match_indices("tr.arg(\"")) {
            let rest = &text[at + 8..];
            if let Some(key) = rest.split('"').next() {
                used.insert(key.to_string());
            }
        }
    }
    // Keys built from codes.
    for r in dugu_domain::Role::ALL {
        used.insert(format!("role-{}", r.code()));
    }
    for r in dugu_domain::household::Relationship::ALL {
        used.insert(format!("relationship-{}", r.code()));
    }
    for k in dugu_domain::location::LocationKind::ALL {
        used.insert(format!("kind-{}", k.code()));
    }
    for k in dugu_domain::programme::ProgrammeKind::ALL {
        used.insert(format!("programme-{}", k.code()));
    }
    for (f, _) in dugu_storage::PersonFields::ALL {
        used.insert(format!("field-{f}"));
    }
    for s in ["F", "M"] {
        used.insert(format!("sex-{s}"));
    }
    for k in ["role", "password_reset", "second_factor_reset", "enable"] {
        used.insert(format!("request-{k}"));
    }
    for s in ["not-found", "forbidden", "too-many", "internal"] {
        used.insert(format!("status-{s}-title"));
        used.insert(format!("status-{s}-text"));
    }
    for p in dugu_domain::Problem::ALL {
        used.insert(format!("error-{}", p.code()));
    }
    let missing: Vec<_> = used.iter().filter(|k| !ids.contains(*k)).collect();
    assert!(used.len() > 100, "{} keys found in use", used.len());
    assert!(missing.is_empty(), "keys used but not defined: {missing:?}");
}
