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

/// A birth date as registered, with how well it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Birth {
    /// A full date, as a birth certificate gives it.
    Date {
        /// Year.
        year: i32,
        /// Month, 1–12.
        month: u8,
        /// Day, 1–31.
        day: u8,
    },
    /// Only the year: written so, or as 1 January or 31 December (how an
    /// unknown day and month are usually filled in).
    Year(i32),
    /// An age given on the day of registration, turned into the year most
    /// of its possible birth days fall in. Ages are estimates, adults'
    /// heaped on multiples of five.
    Age {
        /// Estimated birth year.
        year: i32,
        /// The age as given.
        age: u8,
    },
    /// Unknown.
    Missing,
}

impl Birth {
    /// Reads `YYYY-MM-DD` or `YYYY`; anything else is `None` (the caller
    /// reports malformed values), empty is `Missing`.
    pub fn parse(raw: &str) -> Option<Birth> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Some(Birth::Missing);
        }
        if raw.len() == 4 {
            return raw.parse::<i32>().ok().filter(|y| (1850..=2200).contains(y)).map(Birth::Year);
        }
        let d = crate::record::Day::parse(raw)?;
        if (d.month, d.day) == (1, 1) || (d.month, d.day) == (12, 31) {
            Some(Birth::Year(d.year))
        } else {
            Some(Birth::Date { year: d.year, month: d.month, day: d.day })
        }
    }

    /// The year, if known (estimated for an age).
    pub fn year(self) -> Option<i32> {
        match self {
            Birth::Date { year, .. } | Birth::Year(year) | Birth::Age { year, .. } => Some(year),
            Birth::Missing => None,
        }
    }

    /// How many years the true birth year may be from [`Birth::year`]: none
    /// for a full date, one for a year alone (a late declaration), and for
    /// an age one, two more when it is a multiple of five (heaped), and one
    /// more per twenty years of age (the older, the rougher the guess).
    pub fn tolerance(self) -> i32 {
        match self {
            Birth::Date { .. } | Birth::Missing => 0,
            Birth::Year(_) => 1,
            Birth::Age { age, .. } => {
                let heaped = age >= 10 && age % 5 == 0;
                1 + if heaped { 2 } else { 0 } + i32::from(age) / 20
            }
        }
    }
}

/// How two birth dates agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BirthLevel {
    /// Same full date.
    Exact,
    /// Two full dates with day and month swapped (04/03 and 03/04).
    Swapped,
    /// Same year (one or both known only by year, or day/month differ).
    SameYear,
    /// One year apart.
    OneYear,
    /// Two years apart.
    TwoYears,
    /// Further apart, but within what the two dates' uncertainty allows
    /// (an age of 50 given for someone born 1969).
    Tolerated,
    /// Further apart than their uncertainty allows.
    Different,
    /// One side unknown.
    Missing,
}

/// Compares two birth dates, each with its uncertainty.
pub fn births(a: Birth, b: Birth) -> BirthLevel {
    if let (Birth::Date { year, month, day }, Birth::Date { year: y2, month: m2, day: d2 }) = (a, b) {
        if a == b {
            return BirthLevel::Exact;
        }
        if year == y2 && month == d2 && day == m2 {
            return BirthLevel::Swapped;
        }
    }
    let (Some(ya), Some(yb)) = (a.year(), b.year()) else { return BirthLevel::Missing };
    match (ya - yb).abs() {
        0 => BirthLevel::SameYear,
        1 => BirthLevel::OneYear,
        2 => BirthLevel::TwoYears,
        d if d <= a.tolerance() + b.tolerance() => BirthLevel::Tolerated,
        _ => BirthLevel::Different,
    }
}

/// Whether two births surely belong to two people: two full dates (the
/// only reliable kind) more than two years apart.
pub fn surely_different_births(a: Birth, b: Birth) -> bool {
    matches!((a, b), (Birth::Date { year: x, .. }, Birth::Date { year: y, .. }) if (x - y).abs() > 2)
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
        assert_eq!(births(p("2015-12-31"), p("2015-06-04")), BirthLevel::SameYear, "31 December is a year too");
        assert_eq!(births(p("2015-01-01"), p("2015-03-04")), BirthLevel::SameYear);
        assert_eq!(births(p("2015"), p("2016-07-01")), BirthLevel::OneYear);
        assert_eq!(births(p("2015"), p("2013")), BirthLevel::TwoYears);
        assert_eq!(births(p("2015"), p("2010")), BirthLevel::Different);
        let heaped = Birth::Age { year: 2011, age: 15 };
        assert_eq!(births(p("2015"), heaped), BirthLevel::Tolerated, "an age of 15 for a child born 2015");
        assert_eq!(births(p(""), p("2010")), BirthLevel::Missing);
        assert_eq!(Birth::parse("2015-13-01"), None);
        assert_eq!(Birth::parse("15/03/2015"), None);
    }

    #[test]
    fn day_and_month_swapped_is_its_own_level() {
        let p = |s| Birth::parse(s).expect("valid");
        assert_eq!(births(p("2015-03-04"), p("2015-04-03")), BirthLevel::Swapped);
        assert_eq!(births(p("2015-03-04"), p("2015-05-03")), BirthLevel::SameYear);
    }

    #[test]
    fn an_age_is_uncertain_the_more_so_when_heaped_and_old() {
        let age = |year, age| Birth::Age { year, age };
        // "54" against 1969: three years off, within an age's tolerance.
        assert_eq!(births(age(1972, 54), Birth::Date { year: 1969, month: 5, day: 12 }), BirthLevel::Tolerated);
        // Heaped on 50 for someone born 1969: four years off, still tolerated.
        assert_eq!(births(age(1975, 50), Birth::Year(1970)), BirthLevel::Tolerated);
        // A child's unheaped age is precise: seven years off is another child.
        assert_eq!(births(age(2019, 7), Birth::Year(2012)), BirthLevel::Different);
        assert!(age(1975, 50).tolerance() > age(1976, 49).tolerance(), "heaped");
        assert!(age(1946, 79).tolerance() > age(2019, 7).tolerance(), "older");
        let full = |y| Birth::Date { year: y, month: 6, day: 2 };
        assert!(surely_different_births(full(2010), full(2014)));
        assert!(!surely_different_births(full(2010), Birth::Year(2014)), "only two full dates veto");
        assert!(!surely_different_births(full(2010), age(2016, 10)));
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
