//! Graded comparison of the fields of two registrations: how strongly each
//! field agrees, as a level the scoring can weigh. Pure functions; the
//! weights themselves are estimated from the data elsewhere.

use crate::Name;
use crate::alias::Aliases;

/// How two names agree, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NameLevel {
    /// The same words (order free).
    Exact,
    /// Every word of the shorter name is the same word, an alias, or has
    /// the same key as a word of the other (Fatoumata ~ Fanta; Kulibali ~
    /// Coulibaly).
    AliasOrKey,
    /// Every word of the shorter name is close in spelling (Jaro–Winkler
    /// ≥ 0.88) to a word of the other (Tarawélé ~ Traoré).
    Similar,
    /// Some word agrees at one of the levels above, not all.
    Partial,
    /// Nothing agrees.
    Different,
    /// One side has no name.
    Missing,
}

/// Jaro–Winkler similarity from which spellings count as close.
pub const SIMILAR: f64 = 0.88;

fn word_level(a: &str, ka: &str, b: &str, kb: &str, aliases: &Aliases) -> NameLevel {
    if a == b {
        NameLevel::Exact
    } else if (!ka.is_empty() && ka == kb) || aliases.same(a, b) {
        NameLevel::AliasOrKey
    } else if strsim::jaro_winkler(a, b) >= SIMILAR || strsim::jaro_winkler(ka, kb) >= SIMILAR {
        NameLevel::Similar
    } else {
        NameLevel::Different
    }
}

/// Compares two names word by word, in any order.
pub fn names(a: &Name, b: &Name, aliases: &Aliases) -> NameLevel {
    if a.words.is_empty() || b.words.is_empty() {
        return NameLevel::Missing;
    }
    let (short, long) = if a.words.len() <= b.words.len() { (a, b) } else { (b, a) };
    let mut worst = NameLevel::Exact;
    let mut any = false;
    for (w, k) in short.words.iter().zip(&short.keys) {
        let best = long
            .words
            .iter()
            .zip(&long.keys)
            .map(|(v, kv)| word_level(w, k, v, kv, aliases))
            .min()
            .unwrap_or(NameLevel::Different);
        any |= best != NameLevel::Different;
        worst = worst.max(best);
    }
    match worst {
        NameLevel::Different if any => NameLevel::Partial,
        NameLevel::Exact if a.words.len() != b.words.len() => NameLevel::AliasOrKey,
        level => level,
    }
}

/// A birth date as registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Birth {
    /// A full date; 1 January is treated as a year only (it is how an
    /// unknown day and month are often written).
    Date {
        /// Year.
        year: i32,
        /// Month, 1–12.
        month: u8,
        /// Day, 1–31.
        day: u8,
    },
    /// Only the year (or an age turned into one).
    Year(i32),
    /// Unknown.
    Missing,
}

impl Birth {
    /// Reads `YYYY-MM-DD` or `YYYY`; anything else is `Missing` (the caller
    /// reports malformed values).
    pub fn parse(raw: &str) -> Option<Birth> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Some(Birth::Missing);
        }
        let num = |s: &str| s.parse::<i32>().ok();
        match raw.len() {
            4 => num(raw).filter(|y| (1850..=2200).contains(y)).map(Birth::Year),
            10 if raw.as_bytes()[4] == b'-' && raw.as_bytes()[7] == b'-' => {
                let (y, m, d) = (num(&raw[..4])?, num(&raw[5..7])?, num(&raw[8..])?);
                if !(1850..=2200).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
                    return None;
                }
                if m == 1 && d == 1 {
                    Some(Birth::Year(y))
                } else {
                    Some(Birth::Date { year: y, month: m as u8, day: d as u8 })
                }
            }
            _ => None,
        }
    }

    /// The year, if known.
    pub fn year(self) -> Option<i32> {
        match self {
            Birth::Date { year, .. } | Birth::Year(year) => Some(year),
            Birth::Missing => None,
        }
    }
}

/// How two birth dates agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BirthLevel {
    /// Same full date.
    Exact,
    /// Same year (one or both known only by year, or day/month differ).
    SameYear,
    /// One year apart.
    OneYear,
    /// Two years apart (ages given by eye).
    TwoYears,
    /// Further apart.
    Different,
    /// One side unknown.
    Missing,
}

/// Compares two birth dates.
pub fn births(a: Birth, b: Birth) -> BirthLevel {
    match (a, b) {
        (Birth::Missing, _) | (_, Birth::Missing) => BirthLevel::Missing,
        (Birth::Date { .. }, Birth::Date { .. }) if a == b => BirthLevel::Exact,
        _ => match (a.year().unwrap_or(0) - b.year().unwrap_or(0)).abs() {
            0 => BirthLevel::SameYear,
            1 => BirthLevel::OneYear,
            2 => BirthLevel::TwoYears,
            _ => BirthLevel::Different,
        },
    }
}

/// A Malian phone number reduced to its 8 digits (`+223 76 12 34 56`,
/// `0022376123456`, `76123456` all give `76123456`); `None` if it is not
/// one.
pub fn phone(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let local =
        digits.strip_prefix("00223").or_else(|| digits.strip_prefix("223").filter(|d| d.len() == 8)).unwrap_or(&digits);
    (local.len() == 8).then(|| local.to_string())
}

/// How two phone numbers agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PhoneLevel {
    /// The same number.
    Exact,
    /// One digit different, or two neighbours swapped (a typing slip).
    OneOff,
    /// Different numbers.
    Different,
    /// One side has none.
    Missing,
}

/// Compares two normalised phone numbers.
pub fn phones(a: Option<&str>, b: Option<&str>) -> PhoneLevel {
    let (Some(a), Some(b)) = (a, b) else { return PhoneLevel::Missing };
    if a == b {
        return PhoneLevel::Exact;
    }
    let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let diffs: Vec<usize> = (0..x.len().min(y.len())).filter(|i| x[*i] != y[*i]).collect();
    let swapped =
        diffs.len() == 2 && diffs[1] == diffs[0] + 1 && x[diffs[0]] == y[diffs[1]] && x[diffs[1]] == y[diffs[0]];
    if x.len() == y.len() && (diffs.len() == 1 || swapped) { PhoneLevel::OneOff } else { PhoneLevel::Different }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lvl(a: &str, b: &str) -> NameLevel {
        names(&Name::new(a), &Name::new(b), Aliases::shipped())
    }

    #[test]
    fn name_levels() {
        assert_eq!(lvl("Awa Traoré", "TRAORE awa"), NameLevel::Exact);
        assert_eq!(lvl("Fatoumata Coulibaly", "Fanta Kulibali"), NameLevel::AliasOrKey);
        assert_eq!(lvl("Awa Coulibaly Traoré", "Awa Traoré"), NameLevel::AliasOrKey, "an extra family name");
        assert_eq!(lvl("Tarawélé", "Traoré"), NameLevel::AliasOrKey, "an alias");
        assert_eq!(lvl("Fatoumata", "Fatoumta"), NameLevel::Similar, "a typing slip");
        assert_eq!(lvl("Awa Traoré", "Awa Diarra"), NameLevel::Partial);
        assert_eq!(lvl("Moussa Diarra", "Awa Keïta"), NameLevel::Different);
        assert_eq!(lvl("", "Awa"), NameLevel::Missing);
    }

    #[test]
    fn birth_levels_treat_first_of_january_as_a_year() {
        let p = |s| Birth::parse(s).expect("valid");
        assert_eq!(births(p("2015-03-04"), p("2015-03-04")), BirthLevel::Exact);
        assert_eq!(births(p("2015-01-01"), p("2015-03-04")), BirthLevel::SameYear);
        assert_eq!(births(p("2015"), p("2016-07-01")), BirthLevel::OneYear);
        assert_eq!(births(p("2015"), p("2013")), BirthLevel::TwoYears);
        assert_eq!(births(p("2015"), p("2010")), BirthLevel::Different);
        assert_eq!(births(p(""), p("2010")), BirthLevel::Missing);
        assert_eq!(Birth::parse("2015-13-01"), None);
        assert_eq!(Birth::parse("15/03/2015"), None);
    }

    #[test]
    fn phones_normalise_and_compare() {
        assert_eq!(phone("+223 76 12 34 56").as_deref(), Some("76123456"));
        assert_eq!(phone("0022376123456").as_deref(), Some("76123456"));
        assert_eq!(phone("76-12-34-56").as_deref(), Some("76123456"));
        assert_eq!(phone("12345"), None);
        assert_eq!(phones(Some("76123456"), Some("76123457")), PhoneLevel::OneOff);
        assert_eq!(phones(Some("76123456"), Some("76124356")), PhoneLevel::OneOff, "swapped digits");
        assert_eq!(phones(Some("76123456"), Some("66123457")), PhoneLevel::Different);
        assert_eq!(phones(None, Some("66123457")), PhoneLevel::Missing);
    }
}
