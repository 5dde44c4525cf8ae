//! A person's fixed vocabulary: sex and identifier kinds.

use crate::errors::Problem;

/// Sex as recorded; in JSON its code, `F` or `M`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Sex {
    /// Female.
    #[serde(rename = "F")]
    Female,
    /// Male.
    #[serde(rename = "M")]
    Male,
}

impl Sex {
    /// Every sex a record may hold, in the order forms list them.
    pub const ALL: [Sex; 2] = [Sex::Female, Sex::Male];

    /// `F` or `M`.
    pub fn code(self) -> &'static str {
        match self {
            Sex::Female => "F",
            Sex::Male => "M",
        }
    }

    /// Reads `F`/`M` (either case) or `female`/`male`.
    pub fn parse(raw: &str) -> Result<Sex, Problem> {
        match raw.trim() {
            "F" | "f" | "female" => Ok(Sex::Female),
            "M" | "m" | "male" => Ok(Sex::Male),
            "" => Err(Problem::Required),
            _ => Err(Problem::NotAllowed),
        }
    }
}

/// Kinds of identity documents.
pub const IDENTIFIER_KINDS: [&str; 4] = ["national_id", "birth_certificate", "unhcr", "other"];

/// The longest identifier, phone or address text accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 200;
/// The longest note accepted, in characters.
pub const MAX_NOTE_CHARS: usize = 5000;

/// Parses an optional short text (identifier, phone, address): trimmed,
/// empty is `None`, at most 200 characters, no control characters.
pub fn optional_text(raw: &str) -> Result<Option<String>, Problem> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.chars().count() > MAX_TEXT_CHARS {
        return Err(Problem::TooLong);
    }
    if t.chars().any(char::is_control) {
        return Err(Problem::ControlCharacters);
    }
    Ok(Some(t.to_string()))
}

/// Parses an optional note: line breaks allowed, other control characters
/// not, at most 5,000 characters.
pub fn optional_note(raw: &str) -> Result<Option<String>, Problem> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.chars().count() > MAX_NOTE_CHARS {
        return Err(Problem::TooLong);
    }
    if t.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err(Problem::ControlCharacters);
    }
    Ok(Some(t.to_string()))
}
