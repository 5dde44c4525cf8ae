//! The registration form as posted: one flat list of fields (rows of
//! people numbered `p0_…` for the head, `p1_…` and on for members), read
//! into the command's input, and the values typed kept to show again.

use dugu_storage::PersonInput;
use dugu_storage::relief_registration::{MemberInput, RegistrationInput};
use std::collections::HashMap;

/// Rows offered: the head and seven members (a larger family adds rows
/// by saving and registering the rest on the household's page).
pub const ROWS: usize = 8;

/// The Washington Group domains, in the order asked.
pub const WG: [(&str, &str); 6] = [
    ("seeing", "relief-registration-wg-seeing"),
    ("hearing", "relief-registration-wg-hearing"),
    ("walking", "relief-registration-wg-walking"),
    ("remembering", "relief-registration-wg-remembering"),
    ("self_care", "relief-registration-wg-self_care"),
    ("communicating", "relief-registration-wg-communicating"),
];

/// The answers, as offered.
pub const ANSWERS: [(&str, &str); 4] = [
    ("none", "relief-registration-answer-none"),
    ("some", "relief-registration-answer-some"),
    ("a_lot", "relief-registration-answer-a_lot"),
    ("cannot", "relief-registration-answer-cannot"),
];

/// Member flags and their labels.
pub const MEMBER_FLAGS: [(&str, &str); 3] = [
    ("pregnant_or_breastfeeding", "relief-registration-flag-pregnant_or_breastfeeding"),
    ("unaccompanied_or_separated", "relief-registration-flag-unaccompanied_or_separated"),
    ("chronic_illness", "relief-registration-flag-chronic_illness"),
];

/// Household flags and their labels.
pub const HOUSEHOLD_FLAGS: [(&str, &str); 3] = [
    ("child_headed", "relief-registration-flag-child_headed"),
    ("single_female_headed", "relief-registration-flag-single_female_headed"),
    ("elderly_alone", "relief-registration-flag-elderly_alone"),
];

/// Statuses.
pub const STATUSES: [(&str, &str); 3] = [
    ("idp", "relief-registration-status-idp"),
    ("returnee", "relief-registration-status-returnee"),
    ("host", "relief-registration-status-host"),
];

/// Reasons.
pub const REASONS: [(&str, &str); 5] = [
    ("conflict", "relief-registration-reason-conflict"),
    ("insecurity", "relief-registration-reason-insecurity"),
    ("floods", "relief-registration-reason-floods"),
    ("drought", "relief-registration-reason-drought"),
    ("other", "relief-registration-reason-other"),
];

/// Lawful bases.
pub const BASES: [(&str, &str); 3] = [
    ("vital_interest", "relief-registration-basis-vital_interest"),
    ("public_interest", "relief-registration-basis-public_interest"),
    ("legitimate_interest", "relief-registration-basis-legitimate_interest"),
];

/// Editions.
pub const EDITIONS: [(&str, &str); 2] =
    [("pre2023", "relief-registration-edition-pre2023"), ("2023", "relief-registration-edition-2023")];

/// Relationships of a member.
pub const RELATIONSHIPS: [(&str, &str); 4] = [
    ("spouse", "relationship-spouse"),
    ("child", "relationship-child"),
    ("grandchild", "relationship-grandchild"),
    ("other", "relationship-other"),
];

/// The form's values as posted.
#[derive(Debug, Clone, Default)]
pub struct Posted {
    values: HashMap<String, Vec<String>>,
}

impl Posted {
    /// From the posted pairs.
    pub fn new(pairs: Vec<(String, String)>) -> Posted {
        let mut values: HashMap<String, Vec<String>> = HashMap::new();
        for (k, v) in pairs {
            values.entry(k).or_default().push(v);
        }
        Posted { values }
    }

    /// A field's value (the first), or empty.
    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).and_then(|v| v.first()).map_or("", String::as_str)
    }

    /// Every value of a field (checkboxes).
    pub fn all(&self, name: &str) -> &[String] {
        self.values.get(name).map_or(&[], Vec::as_slice)
    }

    /// Whether a checkbox was ticked.
    pub fn ticked(&self, name: &str) -> bool {
        !self.value(name).is_empty()
    }

    /// Whether a row was filled at all.
    pub fn row_used(&self, i: usize) -> bool {
        ["given_name", "family_name", "birth"].iter().any(|f| !self.value(&format!("p{i}_{f}")).trim().is_empty())
    }

    /// Whether `value` is among a field's values.
    pub fn has(&self, name: &str, value: &str) -> bool {
        self.all(name).iter().any(|v| v == value)
    }

    /// The command's input, and for each member of the input the row it
    /// came from (to name a refused field by its row).
    pub fn input(&self) -> (RegistrationInput, Vec<usize>) {
        let person = |i: usize| {
            let birth = self.value(&format!("p{i}_birth")).trim().to_owned();
            // One field: a date, a year, or an age in years.
            let (birth_date, age_years) = if !birth.is_empty() && birth.len() <= 3 {
                (String::new(), birth.parse::<i64>().ok().or(Some(-1)))
            } else {
                (iso_day(&birth).unwrap_or(birth), None)
            };
            let phone = self.value(&format!("p{i}_phone")).to_owned();
            let mut sent = vec!["given_name".to_owned(), "family_name".to_owned(), "sex".to_owned()];
            if !phone.trim().is_empty() {
                sent.push("phone".into());
            }
            let wgss: Vec<String> = WG.iter().map(|(d, _)| self.value(&format!("p{i}_wg_{d}")).to_owned()).collect();
            MemberInput {
                person: PersonInput {
                    given_name: self.value(&format!("p{i}_given_name")).to_owned(),
                    family_name: self.value(&format!("p{i}_family_name")).to_owned(),
                    sex: self.value(&format!("p{i}_sex")).to_owned(),
                    birth_date,
                    age_years,
                    phone,
                    sent,
                    ..PersonInput::default()
                },
                relationship: self.value(&format!("p{i}_relationship")).to_owned(),
                flags: self.all(&format!("p{i}_flags")).to_vec(),
                wgss: if wgss.iter().all(|a| a.is_empty()) { Vec::new() } else { wgss },
                alternate: self.ticked(&format!("p{i}_alternate")),
            }
        };
        let rows: Vec<usize> = (1..ROWS).filter(|i| self.row_used(*i)).collect();
        let input = RegistrationInput {
            programme_id: self.value("programme_id").to_owned(),
            location_id: self.value("location_id").to_owned(),
            arrival_date: {
                let typed = self.value("arrival_date").trim();
                iso_day(typed).unwrap_or_else(|| typed.to_owned())
            },
            status: self.value("status").to_owned(),
            reason: self.value("reason").to_owned(),
            host_family: self.ticked("host_family"),
            admin1_pcode: self.value("admin1_pcode").to_owned(),
            admin_pcode: self.value("admin_pcode").to_owned(),
            origin_pcode: self.value("origin_pcode").to_owned(),
            pcode_edition: self.value("pcode_edition").to_owned(),
            script_read: self.ticked("script_read"),
            lawful_basis: self.value("lawful_basis").to_owned(),
            sharing_consent: self.ticked("sharing_consent"),
            household_flags: self.all("household_flags").to_vec(),
            alternate_ids: Vec::new(),
            kobo_uuid: None,
            head: person(0),
            members: rows.iter().map(|i| person(*i)).collect(),
        };
        (input, rows)
    }
}

/// The form's field for a problem the command named: `head.x` is row 0's
/// `p0_x`, `members[k].x` the k-th used row's; a birth problem is the
/// row's one birth field.
pub fn field_of(name: &str, rows: &[usize]) -> String {
    let (row, rest) = if let Some(rest) = name.strip_prefix("head.") {
        (Some(0), rest)
    } else if let Some((index, rest)) = name
        .strip_prefix("members[")
        .and_then(|r| r.split_once("]."))
        .and_then(|(k, rest)| Some((k.parse::<usize>().ok()?, rest)))
    {
        (rows.get(index).copied(), rest)
    } else {
        (None, name)
    };
    let rest = match rest {
        "birth_date" | "age_years" | "birth_date_precision" => "birth",
        "wgss" => "wg_seeing",
        other => other,
    };
    match row {
        Some(i) => format!("p{i}_{rest}"),
        None => rest.to_owned(),
    }
}

/// A day as people write it in Mali — `14/02/2019`, `14-2-2019`,
/// `14.02.2019` — as `YYYY-MM-DD`; anything else is left for the
/// command to accept (ISO, a year) or refuse by name.
fn iso_day(raw: &str) -> Option<String> {
    let parts: Vec<&str> = raw.split(['/', '-', '.']).collect();
    let [day, month, year] = parts.as_slice() else { return None };
    let small = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    if !(small(day) && small(month) && year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    Some(format!("{year}-{month:0>2}-{day:0>2}"))
}

#[cfg(test)]
mod tests {
    use super::iso_day;

    #[test]
    fn a_day_written_the_french_way_is_read_as_that_day() {
        assert_eq!(iso_day("02/04/1988").as_deref(), Some("1988-04-02"));
        assert_eq!(iso_day("2-4-1988").as_deref(), Some("1988-04-02"));
        assert_eq!(iso_day("14.02.2019").as_deref(), Some("2019-02-14"));
        assert_eq!(iso_day("1988-04-02"), None, "ISO is the command's to read");
        assert_eq!(iso_day("1988"), None);
        assert_eq!(iso_day("a/b/1988"), None);
    }
}
