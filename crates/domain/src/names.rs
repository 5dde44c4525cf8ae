//! Names of people: kept exactly as typed, compared and searched on a
//! folded form (no case, no accents, no punctuation).

use crate::errors::Problem;
use unicode_normalization::UnicodeNormalization;

/// The longest name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// A given or family name as typed: not empty, at most 200 characters, no
/// control characters. Quotes, apostrophes (N'Diaye), hyphens and any
/// script are kept exactly; the web layer escapes on output.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PersonName(String);

impl PersonName {
    /// Parses a required name. Surrounding spaces are trimmed; nothing else
    /// is changed.
    pub fn parse(raw: &str) -> Result<PersonName, Problem> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(Problem::Required);
        }
        if trimmed.chars().count() > MAX_NAME_CHARS {
            return Err(Problem::TooLong);
        }
        if trimmed.chars().any(char::is_control) {
            return Err(Problem::ControlCharacters);
        }
        Ok(PersonName(trimmed.to_string()))
    }

    /// Parses one other spelling sent as an item of a list: kept exactly,
    /// surrounding spaces included; blank, control characters or over 200
    /// characters are refused.
    pub fn parse_exact(raw: &str) -> Result<PersonName, Problem> {
        if raw.trim().is_empty() {
            return Err(Problem::Required);
        }
        if raw.chars().count() > MAX_NAME_CHARS {
            return Err(Problem::TooLong);
        }
        if raw.chars().any(char::is_control) {
            return Err(Problem::ControlCharacters);
        }
        Ok(PersonName(raw.to_string()))
    }

    /// The name as typed.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name folded for comparison and search.
    pub fn folded(&self) -> String {
        fold(&self.0)
    }
}

impl std::fmt::Display for PersonName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Other spellings of a name, one per line (the stored form; the API's
/// list and the form's text area are both turned into it), at most 20.
/// Each line is kept exactly as sent: a line must not be blank, hold a
/// control character or pass 200 characters. Commas and semicolons are
/// part of a name, never separators.
pub fn parse_other_names(raw: &str) -> Result<Vec<PersonName>, Problem> {
    if raw.is_empty() {
        return Ok(Vec::new());
    }
    let lines: Vec<&str> = raw.split('\n').collect();
    if lines.len() > MAX_OTHER_NAMES {
        return Err(Problem::TooLong);
    }
    lines.into_iter().map(PersonName::parse_exact).collect()
}

/// The most other spellings a person has.
pub const MAX_OTHER_NAMES: usize = 20;

/// Folds text for comparison: decomposes accents and drops them, lowers the
/// case, turns anything that is not a letter or digit into a space, and
/// collapses spaces. "Traoré" and "TRAORE" both become "traore";
/// "N'Diaye" becomes "n diaye".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                out.push(l);
            }
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The search tokens of a set of names: every folded word, once.
pub fn tokens<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    for name in names {
        for t in fold(name).split(' ').filter(|t| !t.is_empty()) {
            if !all.iter().any(|x| x == t) {
                all.push(t.to_string());
            }
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folding_removes_case_accents_and_punctuation() {
        assert_eq!(fold("Traoré"), "traore");
        assert_eq!(fold("  KEÏTA  "), "keita");
        assert_eq!(fold("N'Diaye"), "n diaye");
        assert_eq!(fold("Maïga-Cissé"), "maiga cisse");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn hostile_names_are_kept_exactly() {
        for n in ["N'Diaye", "Traoré'); DROP TABLE cases;--", "<img src=x onerror=alert(1)>"] {
            assert_eq!(PersonName::parse(n).map(|p| p.as_str().to_string()), Ok(n.to_string()));
        }
        assert_eq!(PersonName::parse("a\u{0}b"), Err(Problem::ControlCharacters));
        assert_eq!(PersonName::parse("Awa\nTraoré"), Err(Problem::ControlCharacters));
        assert_eq!(PersonName::parse("   "), Err(Problem::Required));
        assert_eq!(PersonName::parse(&"a".repeat(201)), Err(Problem::TooLong));
        assert!(PersonName::parse(&"é".repeat(200)).is_ok());
    }

    #[test]
    fn other_spellings_are_lines_kept_exactly() {
        let names =
            |raw: &str| parse_other_names(raw).map(|v| v.iter().map(|n| n.as_str().to_string()).collect::<Vec<_>>());
        assert_eq!(names("Traoré'); DROP TABLE people;--"), Ok(vec!["Traoré'); DROP TABLE people;--".to_string()]));
        assert_eq!(
            names("Kulibali\n Tarawélé, Diarra "),
            Ok(vec!["Kulibali".to_string(), " Tarawélé, Diarra ".to_string()])
        );
        assert_eq!(names(""), Ok(vec![]));
        assert_eq!(names("Awa\n\nFanta"), Err(Problem::Required));
        assert_eq!(names("a\n".repeat(20).trim_end()), Ok(vec!["a".to_string(); 20]));
        assert_eq!(names("a\n".repeat(21).trim_end()), Err(Problem::TooLong));
    }

    #[test]
    fn tokens_are_unique_folded_words() {
        assert_eq!(tokens(["Fatoumata Binta", "TRAORÉ", "fatoumata"]), vec!["fatoumata", "binta", "traore"]);
    }

    proptest! {
        #[test]
        fn fold_is_idempotent(s in "\\PC{0,60}") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
            prop_assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
        }

        #[test]
        fn fold_ignores_case_and_accents(s in "[a-zA-Z ]{0,40}") {
            let accented: String = s.chars().map(|c| match c { 'e' => 'é', 'i' => 'ï', 'a' => 'à', 'E' => 'É', c => c }).collect();
            prop_assert_eq!(fold(&accented), fold(&s.to_lowercase()));
        }

        #[test]
        fn valid_names_round_trip(s in "[^\\p{Cc}]{1,200}") {
            prop_assume!(!s.trim().is_empty());
            let parsed = PersonName::parse(&s).expect("valid");
            prop_assert_eq!(parsed.as_str(), s.trim());
        }
    }
}
