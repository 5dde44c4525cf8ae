//! Which of the store's public reads return people or what is attached to
//! them — decided once per method, and held to the store's source: a
//! `pub fn` added to `impl Store`, or a method added to one of the
//! contract's traits (`dugu_storage::reads`, `dugu_storage::writes`), fails
//! `every_store_method_is_classified` until it is listed here, and a
//! people read listed here is called by
//! `scope_invariant::every_read_keeps_to_scope_and_field_groups`.

use std::path::{Path, PathBuf};

/// Reads that return people, households or what is attached to them:
/// each is called by the scope invariant test as every demo account.
pub const PEOPLE_READS: &[&str] = &[
    "view_person",
    "person_by_record_number",
    "household_by_record_number",
    "names_of",
    "record_numbers_of",
    "record_of_number",
    "search_people",
    "households_of",
    "enrolments_of",
    "measurements_of",
    "struck_measurements_of",
    "struck_records",
    "medical_visits_of",
    "vaccination_card",
    "extra_doses_of",
    "care_of",
    "school_years_of",
    "view_household",
    "support_of",
    "households",
    "search_households",
    "latest_measurements",
    "never_measured",
    "overdue_vaccinations",
    "houses",
    "village",
    "groups",
    "register",
    "revisions",
    "family_due",
    "conflicts",
    "conflicts_waiting",
    "conflicts_on",
    "record_sync",
    "refused_changes",
    "relief_household",
    "duplicate_queue",
    "relief_duplicates",
    // Relief (issue 15): a household's entitlements.
    "entitlements_of",
    // ... and, per entitlement, its receipt (the household's page).
    "relief_history",
    "farm_shortfall",
    "desk_household",
    "relief_registered",
    "conflicting_receipts",
    // Relief reports: who was served (sex and birth date, for counts) and
    // the beneficiary lists (names; audited as an export).
    "relief_served",
    "relief_beneficiaries",
];

/// Writes: what they return is what they wrote, after the writer's own
/// scope check (the write path is tested by its own stories).
const WRITES: &[&str] = &[
    // Accounts and sign-in state, each one command in one write.
    "create_user",
    "change_role",
    "decide_role_request",
    "reset_password",
    "reset_second_factor",
    "set_disabled",
    "set_language",
    "set_password",
    "enrol_second_factor",
    "use_totp_step",
    "start_session",
    "set_pending_totp",
    "mark_reauthenticated",
    "reauthenticated",
    "complete_second_factor",
    "end_session",
    "sign_out",
    "touch_session",
    "create_relief_cycles",
    "record_farm_input_in_season",
    "audit_attempt",
    "register_displaced",
    "import_registrations",
    "import_kobo",
    "decide_duplicate",
    // A hand-over at the relief desk: what it returns is the receipt it
    // made, or the first receipt of an entitlement in scope.
    "serve_relief",
    // A household's card replaced: the serial it now has.
    "replace_relief_card",
    // A supervisor's decision on a conflicting receipt.
    "void_receipt",
    // A site's stock: waybills, losses, returns, reconciliations.
    "record_stock_movement",
    "reconcile_stock",
    "create_person",
    "create_people",
    // A site and its enrolment: places and keys, no person.
    "create_site",
    "redeem_enrolment",
    "update_person",
    "create_household",
    "add_household_member",
    "record_measurement",
    "correct_measurement",
    "correct",
    "strike_out",
    "record_medical_visit",
    "vaccinate",
    "record_undated_dose",
    "state_vaccination_history",
    "record_extra_dose",
    "save_school_year",
    "enrol",
    "create_relief_cycle",
    "set_relief_cycle_status",
    "generate_entitlements",
    "record_farm_season",
    "record_farm_input",
    "create_house",
    "admit",
    "move_child",
    "transfer_child",
    "leave_care",
    "follow_up",
    "start_support",
    "assess",
    "add_plan_action",
    "complete_plan_action",
    "record_visit",
    "end_support",
    "create_group",
    "add_to_group",
    "save_register",
    "save_scheduled_dose",
    "audit_shown",
    "audit_event",
    "resolve_conflict",
];

/// Reads for an enrolled site's device, not a person: scoped by the
/// site's location, which the hub set when it was created (tested in
/// storage/tests/sites.rs: a Kita site gets no Mopti person, no op of one,
/// no account from elsewhere).
const SITE_READS: &[&str] = &["export_to_site", "credentials_for_site", "take_push"];

/// Neither: accounts, sessions, locations, programmes, the schedule, the
/// audit trail, the store itself, whole-database facts for first start and
/// benchmarks (whether anyone is registered, how many — never by place).
/// `write` hands a `Tx`, whose every method checks for itself; `inspect`
/// exists only in test builds (feature `inspect`).
const NOT_PEOPLE: &[&str] = &[
    // The relief programmes and their sites: places, no person.
    "relief_programmes",
    "open",
    "path",
    "site_id",
    "write",
    "has_people",
    "people_count",
    "location_codes",
    "verify_audit_chain",
    "inspect",
    "writer_health",
    "stop_writer",
    "is_empty",
    "backup_to",
    "principal_of",
    "system_principal",
    "session",
    "user",
    "user_by_username",
    "users",
    "has_users",
    "role_requests",
    "locations",
    "location",
    "location_by_code",
    "programmes",
    "vaccine_schedule",
    "audit_entries",
    // The names of places, sites, houses, programmes, groups and accounts
    // an audit page names (never a person's or a household's).
    "audit_record_names",
    "site_key",
    // A relief programme's card signing key (no person).
    "card_secret",
    // A site's stock books and the next cycle's gate: a place's items and
    // quantities, no person.
    "stock_of",
    "reconciliation_open",
    // Places and counts only: the villages in scope, the statuses a list
    // can be narrowed to there, aggregate figures with small counts withheld.
    "villages_in_scope",
    "statuses_present",
    "figures",
    // The sync layer's: this replica's version vector, and ops received
    // from another replica (each checked against its id; scope is the
    // sender's export's, in `sites/`).
    "version_vector",
    "receive",
    // A site's own link to its hub (no person), and a pulled page, which
    // goes through `receive`.
    "site_link",
    // A site's counts (no record named), the hub's sites (places and
    // counts), where devices write, the names of places.
    "site_status",
    "sites_overview",
    "origins",
    "place_names",
    "take_page",
    // A site's accounts: the hub's credentials list replacing its own
    // (password hashes of accounts it holds; no person's record), and the
    // hash naming the list it took last.
    "refresh_credentials",
    "credentials_digest",
    "credentials_digest_for_site",
    // A site's round: its own ops to push (it holds them already, and the
    // hub re-checks each), what was sent and answered, when the round
    // ended, and a count of fields in conflict (no record named).
    "ops_to_push",
    "mark_sent",
    "take_verdicts",
    "finish_round",
    "note_retired",
    "conflict_count",
    // Relief cycles: reference data, and counts per site (no household named).
    "relief_cycles",
    "relief_cycle",
    // What a beneficiary list is of: a programme, a cycle, a site's name.
    "relief_list_of",
];

/// Words in a signature that mean people-related data: the types the
/// store returns them in and the ids that name them.
const PEOPLE_WORDS: &[&str] = &[
    "Person",
    "PersonHit",
    "SearchPage",
    "Household",
    "HouseholdRow",
    "DueHousehold",
    "StoredMeasurement",
    "LatestMeasurement",
    "Recorded",
    "MedicalVisit",
    "Dose",
    "OverdueChild",
    "Care",
    "Support",
    "SchoolYear",
    "Enrolment",
    "Village",
    "House",
    "CareGroup",
    "RegisterLine",
    "person_id",
    "household_id",
    "group_id",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read storage sources") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `(name, signature)` of every `pub fn` in an `impl Store` block of the
/// storage crate's sources, and of every method of a trait of the
/// store's contract (`pub trait …Reads`, `…Writes`, and any other trait
/// `Store` implements beside its declaration).
fn store_methods() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../storage/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read source");
        // `Some(end)` inside a block whose methods count: an `impl Store`
        // (its `pub fn`s, bodies opened by `{`) or a read trait (its `fn`s,
        // declarations ended by `;`).
        let mut block: Option<(&str, char)> = None;
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.starts_with("impl ") {
                let target = line.trim_start_matches("impl ").trim_end_matches('{').trim();
                block = (target == "Store" || target == "crate::Store").then_some(("    pub fn ", '{'));
            } else if let Some(rest) = line.strip_prefix("pub trait ") {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                let implemented = text.contains(&format!("impl {name} for Store {{"))
                    || text.contains(&format!("impl {name} for crate::Store {{"));
                if name.ends_with("Reads") || name.ends_with("Writes") {
                    assert!(
                        implemented,
                        "{name} is a trait of the store's contract that Store does not implement in {}",
                        file.display()
                    );
                }
                block = implemented.then_some(("    fn ", ';'));
            } else if *line == "}" {
                block = None;
            } else if let Some((prefix, end)) = block
                && let Some(rest) = line.strip_prefix(prefix)
            {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                // The signature runs to the line that opens the body (or
                // ends the declaration).
                let signature: String = lines[i..]
                    .iter()
                    .take_while(|l| !l.ends_with(end))
                    .chain(lines[i..].iter().find(|l| l.ends_with(end)))
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ");
                out.push((name, signature));
            }
        }
    }
    out
}

fn mentions_people(signature: &str) -> bool {
    let words: Vec<&str> = signature.split(|c: char| !(c.is_alphanumeric() || c == '_')).collect();
    PEOPLE_WORDS.iter().any(|w| words.contains(w))
}

#[test]
fn every_store_method_is_classified() {
    let methods = store_methods();
    assert!(methods.len() > 50, "the scan found the store's methods ({})", methods.len());
    let names: Vec<&str> = methods.iter().map(|(n, _)| n.as_str()).collect();
    for (name, signature) in &methods {
        let lists =
            [PEOPLE_READS, WRITES, NOT_PEOPLE, SITE_READS].iter().filter(|l| l.contains(&name.as_str())).count();
        assert_eq!(lists, 1, "Store::{name} must be in exactly one list of scope_reads.rs (found in {lists})");
        assert!(
            !mentions_people(signature) || PEOPLE_READS.contains(&name.as_str()) || WRITES.contains(&name.as_str()),
            "Store::{name} returns or takes people-related data: it belongs in PEOPLE_READS, \
             and the scope invariant test must call it"
        );
    }
    for listed in PEOPLE_READS.iter().chain(WRITES).chain(NOT_PEOPLE).chain(SITE_READS) {
        assert!(
            names.contains(listed),
            "{listed} is listed but is no longer a public method of Store nor of a read trait"
        );
    }
}

#[test]
fn the_web_crate_gets_principals_only_from_sessions() {
    // It serves requests: a principal is the signed-in caller's, made once
    // in `session.rs`, never a system principal nor another account's.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read source");
        // The call, not the name: the audit trail's record kind is also
        // called `system_principal` (the i18n test lists it).
        assert!(!text.contains("system_principal("), "{} makes a system principal", file.display());
        if file != src.join("session.rs") {
            assert!(!text.contains("principal_of"), "{} makes a principal", file.display());
        }
    }
}

#[test]
fn the_web_crate_names_no_backend() {
    // It holds `Arc<dyn Backend>` and calls only the contract's traits, so
    // a second backend (a PostgreSQL hub) runs the same server: no handler
    // may reach for SQLite's `Store` or its transaction `Tx`.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 50, "the scan found the web crate's sources ({})", files.len());
    let mut named = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read source");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let words: Vec<&str> = code.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).collect();
            // `KoboError::Store` is an error's variant, not the backend.
            if words.iter().any(|w| {
                w.split("::").last().is_some_and(|last| last == "Store" || last == "Tx")
                    && !w.starts_with("KoboError::")
            }) {
                named.push(format!("{}:{}", file.display(), n + 1));
            }
        }
    }
    assert!(named.is_empty(), "the web crate names a backend type: {named:?}");
}
