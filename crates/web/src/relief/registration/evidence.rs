//! The linkage's evidence for a pair, as a supervisor reads it: each
//! field compared and how well it agreed, in words (the engine's codes,
//! `dugu_linkage::scoring::LEVEL_NAMES`, never shown as they are). Keys
//! are written out so the message test finds each of them.

use crate::i18n::Tr;
use serde_json::Value;

fn field(tr: &Tr, code: &str) -> String {
    tr.get(match code {
        "given_name" => "relief-evidence-field-given_name",
        "family_name" => "relief-evidence-field-family_name",
        "sex" => "relief-evidence-field-sex",
        "birth_date" => "relief-evidence-field-birth_date",
        "phone" => "relief-evidence-field-phone",
        "id_document" => "relief-evidence-field-id_document",
        "father_name" => "relief-evidence-field-father_name",
        "mother_name" => "relief-evidence-field-mother_name",
        "origin_commune" => "relief-evidence-field-origin_commune",
        _ => "relief-evidence-field-other",
    })
}

fn level(tr: &Tr, code: &str) -> String {
    tr.get(match code {
        "exact" | "same" => "relief-evidence-level-same",
        "alias_or_key" => "relief-evidence-level-alias_or_key",
        "similar" => "relief-evidence-level-similar",
        "partial" => "relief-evidence-level-partial",
        "husband" => "relief-evidence-level-husband",
        "swapped" => "relief-evidence-level-swapped",
        "same_year" => "relief-evidence-level-same_year",
        "one_year" => "relief-evidence-level-one_year",
        "two_years" => "relief-evidence-level-two_years",
        "tolerated" => "relief-evidence-level-tolerated",
        "one_off" => "relief-evidence-level-one_off",
        "household" => "relief-evidence-level-household",
        "same_cercle" => "relief-evidence-level-same_cercle",
        "same_region" => "relief-evidence-level-same_region",
        "different" => "relief-evidence-level-different",
        _ => "relief-evidence-level-other",
    })
}

/// « Prénom : identique · Nom : variante du même nom · … », the fields
/// that were given on both sides.
pub fn text(tr: &Tr, evidence: &Value) -> String {
    evidence
        .as_array()
        .map(|fields| {
            fields
                .iter()
                .filter(|f| !f["missing"].as_bool().unwrap_or(false))
                .map(|f| {
                    let name = field(tr, f["field"].as_str().unwrap_or(""));
                    format!("{name}{} {}", tr.colon(), level(tr, f["level"].as_str().unwrap_or("")))
                })
                .collect::<Vec<_>>()
                .join(" · ")
        })
        .unwrap_or_default()
}
