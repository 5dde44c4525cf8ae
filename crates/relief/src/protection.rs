//! What a relief registration must never ask, and the Washington Group's
//! short set for disability (relief.md sections 4 and 5; requirement 20).
//!
//! In Mopti the violence is between communities: a list of who is Fulani
//! or Dogon, who prays where, or who was with an armed group, is a list of
//! targets. Those questions are refused by the form's schema and by the
//! importer, whatever a KoBo form calls them.

/// A kind of question a registration never asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Forbidden {
    /// Ethnic group or tribe.
    #[error("ethnicity")]
    Ethnicity,
    /// Religion.
    #[error("religion")]
    Religion,
    /// Membership of, or service in, an armed group or force.
    #[error("armed group affiliation")]
    ArmedGroup,
    /// Details of gender-based violence (only through a GBVIMS-style
    /// protocol, never at registration).
    #[error("gender-based violence incident")]
    GenderBasedViolence,
    /// HIV status or another diagnosis.
    #[error("HIV status")]
    Hiv,
}

/// Words (accents and case folded) that mark a forbidden question, in the
/// French and English that forms are written in, and KoBo's usual names.
const MARKERS: [(&str, Forbidden); 17] = [
    ("ethnie", Forbidden::Ethnicity),
    ("ethnicity", Forbidden::Ethnicity),
    ("ethnic", Forbidden::Ethnicity),
    ("tribe", Forbidden::Ethnicity),
    ("tribu", Forbidden::Ethnicity),
    ("religion", Forbidden::Religion),
    ("confession", Forbidden::Religion),
    ("armed", Forbidden::ArmedGroup),
    ("arme", Forbidden::ArmedGroup),
    ("militia", Forbidden::ArmedGroup),
    ("milice", Forbidden::ArmedGroup),
    ("combattant", Forbidden::ArmedGroup),
    ("gbv", Forbidden::GenderBasedViolence),
    ("vbg", Forbidden::GenderBasedViolence),
    ("hiv", Forbidden::Hiv),
    ("vih", Forbidden::Hiv),
    ("serostatut", Forbidden::Hiv),
];

/// Whether a field, by its name, label or tags (`group/ethnie`,
/// `#x_religion`, « Groupe armé »), is one a registration must never hold.
pub fn forbidden(texts: &[&str]) -> Option<Forbidden> {
    texts.iter().find_map(|text| {
        words(text).find_map(|word| MARKERS.iter().find(|(marker, _)| word == *marker).map(|(_, kind)| *kind))
    })
}

/// The text folded to lower-case words without accents; `armé` and
/// `arme` alike, split on anything that is not a letter or digit.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).map(fold)
}

fn fold(word: &str) -> String {
    word.chars()
        .map(|c| match c.to_lowercase().next().unwrap_or(c) {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

/// An answer to one of the Washington Group's six short questions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Difficulty {
    /// No difficulty.
    None,
    /// Some difficulty.
    Some,
    /// A lot of difficulty.
    ALot,
    /// Cannot do it at all.
    Cannot,
}

impl Difficulty {
    /// Every answer, in the order a form offers them.
    pub const ALL: [Difficulty; 4] = [Difficulty::None, Difficulty::Some, Difficulty::ALot, Difficulty::Cannot];

    /// The code kept and sent (`none`, `some`, `a_lot`, `cannot`).
    pub fn code(self) -> &'static str {
        match self {
            Difficulty::None => "none",
            Difficulty::Some => "some",
            Difficulty::ALot => "a_lot",
            Difficulty::Cannot => "cannot",
        }
    }

    /// Reads a code back.
    pub fn parse(code: &str) -> Option<Difficulty> {
        Difficulty::ALL.into_iter().find(|d| d.code() == code.trim())
    }
}

/// The six domains of the short set, in the order asked and kept.
pub const DOMAINS: [&str; 6] = ["seeing", "hearing", "walking", "remembering", "self_care", "communicating"];

/// The short set is asked of people aged 5 and over; younger children need
/// UNICEF's child functioning module instead.
pub fn short_set_applies(age: u32) -> bool {
    age >= 5
}

/// The Washington Group's cut-off: at least one of the six domains (seeing,
/// hearing, walking, remembering, self-care, communicating) answered "a
/// lot of difficulty" or "cannot do at all". Unanswered domains count as
/// no difficulty, so the flag is never raised on a guess.
pub fn disability(answers: &[Option<Difficulty>; 6]) -> bool {
    answers.iter().flatten().any(|answer| *answer >= Difficulty::ALot)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirement_20_forbidden_questions_are_recognised_in_any_guise() {
        assert_eq!(forbidden(&["ethnie"]), Some(Forbidden::Ethnicity));
        assert_eq!(forbidden(&["hoh/Ethnicity_of_head"]), Some(Forbidden::Ethnicity));
        assert_eq!(forbidden(&["q12", "Religion du chef de ménage"]), Some(Forbidden::Religion));
        assert_eq!(forbidden(&["membre_groupe", "Membre d'un groupe armé ?"]), Some(Forbidden::ArmedGroup));
        assert_eq!(forbidden(&["incident", "#x_vbg"]), Some(Forbidden::GenderBasedViolence));
        assert_eq!(forbidden(&["statut_VIH"]), Some(Forbidden::Hiv));
        assert_eq!(forbidden(&["hiv_status"]), Some(Forbidden::Hiv));
    }

    #[test]
    fn ordinary_questions_pass() {
        for field in [
            "nom",
            "prenom",
            "sexe",
            "date_naissance",
            "telephone",
            "commune_origine",
            "armoire",
            "armel",
            "chiv",
            "motif_deplacement",
            "statut",
        ] {
            assert_eq!(forbidden(&[field]), None, "{field}");
        }
    }

    #[test]
    fn the_washington_group_cut_off() {
        let mut answers = [Some(Difficulty::Some); 6];
        assert!(!disability(&answers), "some difficulty everywhere is not the cut-off");
        answers[2] = Some(Difficulty::ALot);
        assert!(disability(&answers));
        assert!(disability(&[None, None, None, None, None, Some(Difficulty::Cannot)]));
        assert!(!disability(&[None; 6]));
        assert!(!short_set_applies(4) && short_set_applies(5));
    }

    #[test]
    fn answers_read_back_and_nothing_else_reads() {
        for d in Difficulty::ALL {
            assert_eq!(Difficulty::parse(d.code()), Some(d));
        }
        assert_eq!(Difficulty::parse("beaucoup"), None);
        assert_eq!(Difficulty::parse(""), None);
    }
}
