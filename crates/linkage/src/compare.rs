//! Graded comparison of the fields of two registrations: how strongly each
//! field agrees, as a level the scoring can weigh. Pure functions; the
//! weights themselves are estimated from the data elsewhere.

use crate::Name;
use crate::alias::Aliases;
use crate::record::Day;

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
        /// The first and last days the birth may fall on, as days since
        /// 1970-01-01: the year ending on the day the age was given (aged
        /// 30 on 15 June 2026: 16 June 1995 to 15 June 1996).
        span: (i32, i32),
    },
    /// Unknown.
    Missing,
}

impl Birth {
    /// An age given on `on`: the year most of its possible birth days
    /// fall in, and those days.
    pub fn age_on(age: u8, on: Day) -> Birth {
        // The same day `years` years before (29 February: the 28th).
        let back = |years: i32| {
            let year = on.year - years;
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            let day = if (on.month, on.day) == (2, 29) && !leap { 28 } else { on.day };
            Day { year, month: on.month, day }.days_since_epoch()
        };
        let age_years = i32::from(age);
        let span = (back(age_years + 1) + 1, back(age_years));
        Birth::Age { year: on.birth_year_at(age_years), age, span: (span.0 as i32, span.1 as i32) }
    }

    /// The first and last days the birth may fall on: the day itself, the
    /// year's, or an age's span.
    fn span(self) -> Option<(i64, i64)> {
        let day = |year, month, day| Day { year, month, day }.days_since_epoch();
        match self {
            Birth::Date { year, month, day: d } => Some((day(year, month, d), day(year, month, d))),
            Birth::Year(year) => Some((day(year, 1, 1), day(year, 12, 31))),
            Birth::Age { span, .. } => Some((i64::from(span.0), i64::from(span.1))),
            Birth::Missing => None,
        }
    }

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

/// Compares two birth dates, each with its uncertainty. An age is
/// approximate: it agrees to the year with every birth its span of days
/// meets, so the same age said either side of 1 July — whose likeliest
/// years are a year apart — agrees as well as when said the same month,
/// and never less than by its likeliest year.
pub fn births(a: Birth, b: Birth) -> BirthLevel {
    let by_year = births_by_year(a, b);
    if !matches!(a, Birth::Age { .. }) && !matches!(b, Birth::Age { .. }) {
        return by_year;
    }
    let (Some((a0, a1)), Some((b0, b1))) = (a.span(), b.span()) else { return by_year };
    // Days between the two spans (none or fewer: they meet); a year's
    // length counted as two calendar years a year apart are.
    let by_span = match a0.max(b0) - a1.min(b1) {
        ..=0 => BirthLevel::SameYear,
        1..=365 => BirthLevel::OneYear,
        366..=730 => BirthLevel::TwoYears,
        _ => return by_year,
    };
    by_year.min(by_span)
}

/// [`births`] by each side's likeliest year, and its uncertainty beyond
/// two years.
fn births_by_year(a: Birth, b: Birth) -> BirthLevel {
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
        let heaped = Birth::age_on(15, Day { year: 2026, month: 12, day: 30 });
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
        // Said on 30 December: its span is nearly the likeliest year.
        let age = |year, age: u8| Birth::age_on(age, Day { year: year + i32::from(age), month: 12, day: 30 });
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
    fn the_same_age_said_either_side_of_july_agrees_to_the_year() {
        let on = |month| Day { year: 2026, month, day: 15 };
        let (june, august) = (Birth::age_on(30, on(6)), Birth::age_on(30, on(8)));
        assert_eq!((june.year(), august.year()), (Some(1995), Some(1996)), "likeliest years a year apart");
        assert_eq!(births(june, august), BirthLevel::SameYear, "yet the same age");
        assert_eq!(births(june, Birth::age_on(30, on(5))), BirthLevel::SameYear);
        // A birthday in between: one more, and the same person still.
        assert_eq!(births(june, Birth::age_on(31, on(8))), BirthLevel::SameYear);
        // One more on the same day: a year apart, as before.
        assert_eq!(births(june, Birth::age_on(31, on(6))), BirthLevel::OneYear);
        // A year agrees with either year the age's days fall in.
        assert_eq!(births(june, Birth::Year(1996)), BirthLevel::SameYear);
        assert_eq!(births(june, Birth::Year(1995)), BirthLevel::SameYear);
        assert_eq!(births(june, Birth::Year(1997)), BirthLevel::OneYear);
        // Never less than by the likeliest year: a day of 1995 before the
        // span still agrees to the year.
        assert_eq!(births(june, Birth::Date { year: 1995, month: 3, day: 1 }), BirthLevel::SameYear);
        // Neither side an age: by the year, as always.
        assert_eq!(births(Birth::Year(1995), Birth::Year(1996)), BirthLevel::OneYear);
        assert_eq!(births(Birth::Year(1995), Birth::Year(1997)), BirthLevel::TwoYears);
        // 29 February: a year later, the 28th.
        let leap = Birth::age_on(1, Day { year: 2024, month: 2, day: 29 });
        assert_eq!(leap.year(), Some(2022));
        assert_eq!(births(leap, Birth::Date { year: 2023, month: 2, day: 28 }), BirthLevel::SameYear);
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
