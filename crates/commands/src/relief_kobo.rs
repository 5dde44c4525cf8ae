//! A KoBo submission of dugu's relief form (`docs/relief/kobo/`) as a
//! registration: the question names of the form, their choice names in
//! French (and the API's codes, accepted as well), the roster's rows as
//! members. What a name means is here once, and so is the way back from
//! a refused field to the column an enumerator can find in the file.

use crate::people::PersonInput;
use crate::relief_registration::{MemberInput, RegistrationInput};
pub use dugu_relief::kobo::{
    Export, Problem as SheetProblem, Sheet, Submission, XlsxUnreadable, csv_sheet, read, xlsx_sheets,
};

/// The roster sheet's name in the form (`begin_repeat membres`).
pub const ROSTER: &str = "membres";

/// `(question, field)`: household questions of the form and the
/// registration's fields they fill.
pub const HOUSEHOLD_COLUMNS: [(&str, &str); 12] = [
    ("statut", "status"),
    ("date_arrivee", "arrival_date"),
    ("motif", "reason"),
    ("famille_accueil", "host_family"),
    ("region_pcode", "admin1_pcode"),
    ("lieu_pcode", "admin_pcode"),
    ("origine_pcode", "origin_pcode"),
    ("edition_pcode", "pcode_edition"),
    ("script_lu", "script_read"),
    ("base_legale", "lawful_basis"),
    ("partage", "sharing_consent"),
    ("vulnerabilites_menage", "household_flags"),
];

/// `(question, field)` of a person: the head's questions are prefixed
/// `chef_`, a roster row's are as named.
pub const PERSON_COLUMNS: [(&str, &str); 9] = [
    ("prenom", "given_name"),
    ("nom", "family_name"),
    ("sexe", "sex"),
    ("naissance", "birth_date"),
    ("age", "age_years"),
    ("telephone", "phone"),
    ("lien", "relationship"),
    ("besoins", "flags"),
    ("suppleant", "alternate"),
];

/// The Washington Group questions, in `dugu_relief::protection::DOMAINS` order.
pub const WG_COLUMNS: [&str; 6] = ["wg_voir", "wg_entendre", "wg_marcher", "wg_memoire", "wg_soins", "wg_communiquer"];

/// A choice name of the form as the code the registration takes; a name
/// the form does not have is passed on, and refused by the registration
/// naming its field.
fn code(choice: &str) -> String {
    let c = choice.trim();
    match c {
        "pdi" => "idp",
        "retourne" => "returnee",
        "hote" => "host",
        "conflit" => "conflict",
        "insecurite" => "insecurity",
        "inondations" => "floods",
        "secheresse" => "drought",
        "autre" => "other",
        "interet_vital" => "vital_interest",
        "interet_public" => "public_interest",
        "interet_legitime" => "legitimate_interest",
        "avant_2023" => "pre2023",
        "reforme_2023" => "2023",
        "femme" | "f" => "F",
        "homme" | "m" => "M",
        "conjoint" => "spouse",
        "enfant" => "child",
        "petit_enfant" => "grandchild",
        "enceinte_allaitante" => "pregnant_or_breastfeeding",
        "non_accompagne" => "unaccompanied_or_separated",
        "maladie_chronique" => "chronic_illness",
        "enfant_chef" => "child_headed",
        "femme_seule_cheffe" => "single_female_headed",
        "agee_seule" => "elderly_alone",
        "aucune" => "none",
        "quelque" => "some",
        "beaucoup" => "a_lot",
        "impossible" => "cannot",
        other => other,
    }
    .to_owned()
}

fn yes(answer: &str) -> bool {
    matches!(answer.trim(), "oui" | "yes" | "1" | "true" | "OK" | "ok")
}

fn person(answers: &std::collections::BTreeMap<String, String>, prefix: &str) -> MemberInput {
    let get = |q: &str| answers.get(&format!("{prefix}{q}")).map(|v| v.trim().to_owned()).unwrap_or_default();
    let phone = get("telephone");
    let mut sent = vec!["given_name".to_owned(), "family_name".to_owned(), "sex".to_owned()];
    if !phone.is_empty() {
        sent.push("phone".into());
    }
    let age = get("age");
    let wgss: Vec<String> = WG_COLUMNS.iter().map(|q| code(&get(q))).collect();
    MemberInput {
        person: PersonInput {
            given_name: get("prenom"),
            family_name: get("nom"),
            sex: code(&get("sexe")),
            birth_date: get("naissance"),
            // An age that is not a number is kept as an impossible one, so
            // the registration names the field rather than losing it.
            age_years: if age.is_empty() { None } else { Some(age.parse().unwrap_or(-1)) },
            phone,
            sent,
            ..PersonInput::default()
        },
        relationship: code(&get("lien")),
        flags: get("besoins").split_whitespace().map(code).collect(),
        wgss: if wgss.iter().all(String::is_empty) { Vec::new() } else { wgss },
        alternate: yes(&get("suppleant")),
    }
}

/// A submission as a registration for `programme_id` at `location_id`;
/// its `_uuid` is the registration's KoBo key.
pub fn registration_of(s: &Submission, programme_id: &str, location_id: &str) -> RegistrationInput {
    let get = |q: &str| s.answers.get(q).map(|v| v.trim().to_owned()).unwrap_or_default();
    RegistrationInput {
        programme_id: programme_id.to_owned(),
        location_id: location_id.to_owned(),
        arrival_date: get("date_arrivee"),
        status: code(&get("statut")),
        reason: code(&get("motif")),
        host_family: yes(&get("famille_accueil")),
        admin1_pcode: get("region_pcode"),
        admin_pcode: get("lieu_pcode"),
        origin_pcode: get("origine_pcode"),
        pcode_edition: code(&get("edition_pcode")),
        script_read: yes(&get("script_lu")),
        lawful_basis: code(&get("base_legale")),
        sharing_consent: yes(&get("partage")),
        household_flags: get("vulnerabilites_menage").split_whitespace().map(code).collect(),
        alternate_ids: Vec::new(),
        kobo_uuid: Some(s.uuid.clone()),
        head: person(&s.answers, "chef_"),
        members: s.roster.iter().map(|row| person(row, "")).collect(),
    }
}

/// The column of the file a refused field came from: `head.given_name` →
/// `chef_prenom`, `members[1].birth_date` → `membres 2: naissance`, a
/// household field its question.
pub fn column_of(field: &str) -> String {
    let person_question = |f: &str| {
        if f == "wgss" {
            return WG_COLUMNS[0].to_owned();
        }
        let f = if f == "birth_date_precision" { "birth_date" } else { f };
        PERSON_COLUMNS.iter().find(|(_, name)| *name == f).map_or_else(|| f.to_owned(), |(q, _)| (*q).to_owned())
    };
    if let Some(rest) = field.strip_prefix("head.") {
        return format!("chef_{}", person_question(rest));
    }
    if let Some((k, rest)) = field.strip_prefix("members[").and_then(|r| r.split_once("].")) {
        let row = k.parse::<usize>().map_or(0, |k| k + 1);
        return format!("{ROSTER} {row}: {}", person_question(rest));
    }
    HOUSEHOLD_COLUMNS.iter().find(|(_, name)| *name == field).map_or_else(|| field.to_owned(), |(q, _)| (*q).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use dugu_relief::protection::DOMAINS;

    #[test]
    fn a_submission_becomes_a_registration() {
        let mut s = Submission { uuid: "a1b2".into(), line: 3, ..Submission::default() };
        for (q, a) in [
            ("statut", "pdi"),
            ("motif", "conflit"),
            ("script_lu", "oui"),
            ("base_legale", "interet_vital"),
            ("edition_pcode", "avant_2023"),
            ("chef_prenom", "Awa"),
            ("chef_sexe", "femme"),
            ("chef_age", "trente"),
            ("vulnerabilites_menage", "femme_seule_cheffe agee_seule"),
        ] {
            s.answers.insert(q.into(), a.into());
        }
        s.roster.push(
            [("prenom", "Issa"), ("lien", "enfant"), ("wg_voir", "beaucoup")]
                .map(|(q, a)| (q.to_owned(), a.to_owned()))
                .into(),
        );
        let r = registration_of(&s, "p", "l");
        assert_eq!(
            (r.status.as_str(), r.reason.as_str(), r.lawful_basis.as_str()),
            ("idp", "conflict", "vital_interest")
        );
        assert!(r.script_read && !r.sharing_consent);
        assert_eq!(r.pcode_edition, "pre2023");
        assert_eq!(r.head.person.sex, "F");
        assert_eq!(r.head.person.age_years, Some(-1), "an age in words is refused, not lost");
        assert_eq!(r.household_flags, ["single_female_headed", "elderly_alone"]);
        assert_eq!(r.members[0].relationship, "child");
        assert_eq!(r.members[0].wgss[0], "a_lot");
        assert_eq!(r.kobo_uuid.as_deref(), Some("a1b2"));
        assert_eq!(DOMAINS.len(), WG_COLUMNS.len());
    }

    #[test]
    fn a_refused_field_is_named_by_its_column() {
        assert_eq!(column_of("head.given_name"), "chef_prenom");
        assert_eq!(column_of("members[1].birth_date"), "membres 2: naissance");
        assert_eq!(column_of("members[0].wgss"), "membres 1: wg_voir");
        assert_eq!(column_of("script_read"), "script_lu");
        assert_eq!(column_of("location_id"), "location_id");
    }
}
