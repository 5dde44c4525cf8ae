//! Every message the code can ask for exists in French and in English,
//! read with the Fluent parser (not line by line), including the keys built
//! at run time: each family of built keys (`role-…`, `sex-…`, `error-…`) is
//! enumerated here from the enums and constants its codes come from, so a
//! new variant without a message fails, and so does a new family that this
//! table does not enumerate.

use super::SOURCES;
use fluent_syntax::ast;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each message's id and the variables its text uses.
fn messages(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(r) => r,
        Err((_, errors)) => panic!("a message file does not parse: {errors:?}"),
    };
    let mut out = BTreeMap::new();
    for entry in &resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(p) = &m.value {
                pattern_variables(p, &mut vars);
            }
            for a in &m.attributes {
                pattern_variables(&a.value, &mut vars);
            }
            let first = out.insert(m.id.name.to_string(), vars);
            assert!(first.is_none(), "{} is defined twice", m.id.name);
        }
    }
    out
}

fn pattern_variables(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &p.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, vars);
        }
    }
}

fn expression_variables(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Inline(i) => inline_variables(i, vars),
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, vars);
            for v in variants {
                pattern_variables(&v.value, vars);
            }
        }
    }
}

fn inline_variables(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_variables(a, vars);
            }
            for a in &arguments.named {
                inline_variables(&a.value, vars);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, vars),
        _ => {}
    }
}

#[test]
fn both_languages_parse_and_have_the_same_messages_and_variables() {
    let fr = messages(SOURCES[0].1);
    let en = messages(SOURCES[1].1);
    assert!(fr.len() > 150, "{} messages", fr.len());
    let only_fr: Vec<_> = fr.keys().filter(|k| !en.contains_key(*k)).collect();
    let only_en: Vec<_> = en.keys().filter(|k| !fr.contains_key(*k)).collect();
    assert!(only_fr.is_empty() && only_en.is_empty(), "missing in English: {only_fr:?}; in French: {only_en:?}");
    let differing: Vec<_> = fr.iter().filter(|(k, v)| en.get(*k) != Some(v)).map(|(k, _)| k).collect();
    assert!(differing.is_empty(), "the two languages use different variables in {differing:?}");
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "html") {
            out.push(path);
        }
    }
}

/// The string literals that follow `marker` in `text`.
fn after<'a>(text: &'a str, marker: &str) -> Vec<&'a str> {
    text.match_indices(marker).filter_map(|(at, _)| text[at + marker.len()..].split('"').next()).collect()
}

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|v| code(*v).to_string()).collect()
}

fn strings(all: &[&str]) -> Vec<String> {
    all.iter().map(|s| s.to_string()).collect()
}

/// Every family of keys built at run time, with every code it can be
/// built from.
fn built_keys(field_names: Vec<String>) -> BTreeMap<&'static str, Vec<String>> {
    use dugu_domain::people_filter::{AgeGroup, HouseholdStatus, PersonStatus};
    use dugu_domain::village::{AdmissionReason, LeavingReason};
    use dugu_growth::classify::AcuteMalnutrition;
    BTreeMap::from([
        ("role", codes(&dugu_domain::Role::ALL, |r| r.code())),
        ("relationship", codes(&dugu_domain::household::Relationship::ALL, |r| r.code())),
        ("kind", codes(&dugu_domain::location::LocationKind::ALL, |k| k.code())),
        ("programme", codes(&dugu_domain::programme::ProgrammeKind::ALL, |k| k.code())),
        ("sex", codes(&dugu_domain::person::Sex::ALL, |s| s.code())),
        ("age-group", codes(&AgeGroup::ALL, |g| g.code())),
        ("person-status", codes(&PersonStatus::ALL, |s| s.code())),
        ("household-status", codes(&HouseholdStatus::ALL, |s| s.code())),
        ("reason", codes(&AdmissionReason::ALL, |r| r.code())),
        ("leaving", codes(&LeavingReason::ALL, |r| r.code())),
        ("left-count-{code}", {
            let mut all = codes(&LeavingReason::ALL, |r| r.code());
            all.push(dugu_domain::village::LeftBy::Any.code().into());
            all
        }),
        ("exit", codes(&dugu_domain::family::Exit::ALL, |e| e.code())),
        ("area", codes(&dugu_domain::family::Area::ALL, |a| a.code())),
        ("change", codes(&dugu_domain::family::Change::ALL, |c| c.code())),
        ("result", strings(&dugu_storage::SCHOOL_RESULTS)),
        ("dose", codes(&dugu_domain::vaccine::DoseState::ALL, |s| s.code())),
        ("nutrition-section", strings(&crate::lists::SECTIONS)),
        // An implausible measurement is shown as such, never as a class.
        (
            "acute",
            AcuteMalnutrition::ALL
                .iter()
                .filter(|a| **a != AcuteMalnutrition::Implausible)
                .map(|a| a.code().to_string())
                .collect(),
        ),
        ("z", strings(&crate::growth::INDICATORS)),
        ("implausible", strings(&crate::growth::INDICATORS)),
        ("amend-kind", strings(&crate::corrections::KINDS)),
        ("context", strings(&dugu_storage::EXTRA_DOSE_CONTEXTS)),
        ("undated", strings(&["card", "unknown"])),
        // Care groups' kinds and field groups, which share the family.
        (
            "group",
            codes(&dugu_domain::care_group::GroupKind::ALL, |k| k.code())
                .into_iter()
                .chain(codes(&dugu_domain::FieldGroup::ALL, |g| g.code()))
                .collect(),
        ),
        // The kinds of request the two-person rule files (storage/users.rs).
        ("request", strings(&["role", "password_reset", "second_factor_reset", "enable"])),
        ("field", field_names),
        // A birth date's precision, as a conflict's value (conflicts/values.rs).
        ("precision", strings(&["exact", "year", "estimated"])),
        // Why the hub refused a change made at a site.
        ("sync-refused", codes(dugu_sync::RefusalReason::ALL, |r| r.code())),
        // How a length was measured, on a struck-out measurement's page.
        ("measured", strings(&["lying", "standing"])),
        // What a form saved, said where the reader comes back to.
        ("saved", codes(&crate::pages::forms::Saved::ALL, |s| s.code())),
        // The person page's section links.
        ("section", crate::people::person::SECTIONS.iter().map(|s| s.id.to_string()).collect()),
        ("error-{}", codes(&dugu_domain::Problem::ALL, |p| p.code())),
        // The statuses `pages::status_page` has a page for.
        ("status-{key}-title", strings(&["not-found", "forbidden", "too-many", "internal"])),
        ("status-{key}-text", strings(&["not-found", "forbidden", "too-many", "internal"])),
        // Dates in English name their month (`crate::format`).
        ("month", (1..=12).map(|m: u8| m.to_string()).collect()),
        // The audit page's columns (`Tr::label` shows a code a later
        // version adds as it is, rather than a missing message's key).
        (
            "audit-action",
            strings(&[
                "create",
                "update",
                "delete",
                "view",
                "search",
                "export",
                "login",
                "login_failed",
                "logout",
                "permission_change",
                "privilege_change",
                "reauthenticate",
                "reauth_failed",
                "login_throttled",
                "refused",
            ]),
        ),
        // The lists an entry can name. The system's own account has its
        // message too, though its code may not be written in this crate
        // (tests/server/scope_reads.rs).
        (
            "record",
            dugu_domain::model::EntityKind::ALL
                .iter()
                .map(|k| k.name().to_string())
                .chain(strings(&[
                    "audit",
                    "session",
                    "person_list",
                    "household_list",
                    "houses",
                    "village",
                    "overdue_vaccinations",
                    // Sites enrolled to a hub (sites/), and the lists of
                    // conflicts and refused changes (merge/, sites/status.rs).
                    "site",
                    "conflicts",
                    "refused_changes",
                    // The households with something due a home page lists
                    // (storage/overview.rs).
                    "family_due",
                    // Acting for an account at every site (demo, benchmarks);
                    // spelt in two halves, as the web crate may not name it
                    // (tests/server/scope_reads.rs greps its sources).
                    concat!("system", "_principal"),
                ]))
                .collect(),
        ),
        // The doses the schedule is seeded with (storage migrations); a dose
        // the national director adds keeps the name given.
        (
            "vaccine",
            strings(&[
                "bcg", "ipv", "mena", "mr1", "mr2", "opv0", "opv1", "opv2", "opv3", "pcv1", "pcv2", "pcv3", "penta1",
                "penta2", "penta3", "rota1", "rota2", "yf",
            ]),
        ),
    ])
}

#[test]
fn every_key_the_code_asks_for_exists() {
    let ids: BTreeSet<String> = messages(SOURCES[0].1).into_keys().collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = Vec::new();
    files(&root.join("src"), &mut sources);
    files(&root.join("templates"), &mut sources);
    let texts: Vec<String> = sources.iter().map(|f| std::fs::read_to_string(f).expect("read")).collect();

    let mut used = BTreeSet::new();
    let mut families = BTreeSet::new();
    // Field names a page can label or report a problem on: form fields,
    // selects, and every field the store, the commands or the domain check.
    let mut fields: BTreeSet<String> = dugu_storage::PersonFields::ALL.iter().map(|(f, _)| f.to_string()).collect();
    fields.extend(dugu_domain::family::AREAS.iter().map(|a| a.to_string()));
    fields.extend(dugu_domain::measurement::RANGES.iter().map(|(f, _, _)| f.to_string()));
    // The reason a correction gives, named in a record's history.
    fields.insert("correction".to_string());
    // Fields whose conflicts are safety-critical, named on /conflicts.
    fields.extend(dugu_storage::SAFETY_CRITICAL.iter().map(|(_, f)| f.to_string()));
    // Fields the audit trail names that no form asks for: a location's
    // site, an admission's sibling group, the day a child left a house.
    fields.extend(["sibling_group", "site_id", "to_date"].map(str::to_string));
    let mut checked = Vec::new();
    for dir in ["../storage/src", "../domain/src", "../commands/src"] {
        files(&root.join(dir), &mut checked);
    }
    let checked: Vec<String> = checked.iter().map(|f| std::fs::read_to_string(f).expect("read")).collect();
    for text in texts.iter().chain(&checked) {
        // A field a correction sets (`set(` then its name), named in its history.
        for marker in [".add(\"", ".check(\"", "set(\""] {
            fields.extend(after(text, marker).into_iter().map(str::to_string));
        }
    }
    for text in &texts {
        for marker in ["tr.get(\"", "tr.arg(\"", "tr.args(\""] {
            used.extend(after(text, marker).into_iter().map(str::to_string));
        }
        for marker in ["errors, \"", "select(tr, \""] {
            fields.extend(after(text, marker).into_iter().map(str::to_string));
        }
        for marker in ["tr.code(\"", "tr.label(\""] {
            families.extend(after(text, marker).into_iter().map(str::to_string));
        }
        for marker in ["get(&format!(\"", "arg(&format!(\""] {
            // `{family}-{code}` is `Tr::code` itself, whose families are
            // found at its call sites.
            families.extend(after(text, marker).into_iter().filter(|t| !t.starts_with('{')).map(str::to_string));
        }
    }
    let built = built_keys(fields.into_iter().collect());
    let unknown: Vec<_> = families.iter().filter(|f| !built.contains_key(f.as_str())).collect();
    assert!(unknown.is_empty(), "keys built at run time that this test does not enumerate: {unknown:?}");
    let stale: Vec<_> = built.keys().filter(|f| !families.contains(**f)).collect();
    assert!(stale.is_empty(), "families enumerated here that the code no longer builds: {stale:?}");
    for (family, codes) in &built {
        for code in codes {
            used.insert(match family.split_once('{') {
                Some((before, rest)) => format!("{before}{code}{}", rest.split_once('}').map_or("", |(_, a)| a)),
                None => format!("{family}-{code}"),
            });
        }
    }
    assert!(used.len() > 300, "{} keys found in use", used.len());
    let missing: Vec<_> = used.iter().filter(|k| !ids.contains(*k)).collect();
    assert!(missing.is_empty(), "keys used but not defined: {missing:?}");
    // And the other way: a message no code asks for is a translation kept
    // up for nothing (and hides a screen that lost its text).
    // A key handed around as a literal (`("nutrition-acute", …)`, then
    // `tr.get(key)`) counts as used.
    let quoted = |k: &str| texts.iter().any(|t| t.contains(&format!("\"{k}\"")));
    let unused: Vec<_> = ids.iter().filter(|k| !used.contains(*k) && !quoted(k)).collect();
    assert!(unused.is_empty(), "messages defined but never used: {unused:?}");
}
