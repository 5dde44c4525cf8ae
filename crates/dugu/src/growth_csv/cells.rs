//! Reading one cell of an input row into a typed value, or a problem.
//!
//! Survey files come from anthro, ENA/SMART, KoBo and spreadsheets, in
//! French and English: the common field codes of each are accepted, case
//! aside (the README lists them).

use super::problems::{Problem, RowProblems};
use dugu_growth::{Measure, Sex};

/// A trimmed cell as text; `None` when empty or `NA` (R's missing value,
/// as WHO's software reads it).
#[inline]
pub fn text(cell: &[u8]) -> Option<&[u8]> {
    let cell = cell.trim_ascii();
    if cell.is_empty() || cell == b"NA" { None } else { Some(cell) }
}

/// A number cell. Empty is missing; text, NaN or infinity is a problem. A
/// decimal comma (`12,5`, as French spreadsheets write it) is accepted.
#[inline]
pub fn number(cell: &[u8], not_a_number: Problem, problems: &mut RowProblems) -> Option<f64> {
    let cell = text(cell)?;
    let parsed = match fast_float2::parse::<f64, _>(cell) {
        Ok(v) => Some(v),
        Err(_) if cell.contains(&b',') => {
            let dotted: Vec<u8> = cell.iter().map(|&b| if b == b',' { b'.' } else { b }).collect();
            fast_float2::parse::<f64, _>(&dotted).ok()
        }
        Err(_) => None,
    };
    match parsed {
        Some(v) if v.is_finite() => Some(v),
        _ => {
            problems.push(not_a_number);
            None
        }
    }
}

/// A measurement that must be above zero when present.
#[inline]
pub fn measurement(
    cell: &[u8],
    not_a_number: Problem,
    not_positive: Problem,
    problems: &mut RowProblems,
) -> Option<f64> {
    let v = number(cell, not_a_number, problems)?;
    if v > 0.0 {
        Some(v)
    } else {
        problems.push(not_positive);
        None
    }
}

/// An age that must not be negative when present.
#[inline]
pub fn age(cell: &[u8], not_a_number: Problem, negative: Problem, problems: &mut RowProblems) -> Option<f64> {
    let v = number(cell, not_a_number, problems)?;
    if v >= 0.0 {
        Some(v)
    } else {
        problems.push(negative);
        None
    }
}

/// What an optional code cell held: nothing, a known code, or something
/// unreadable (already reported).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code<T> {
    Missing,
    Known(T),
    Invalid,
}

/// A code cell lower-cased for matching; `None` when it is not UTF-8 or
/// too long to be a code.
fn folded(cell: &[u8]) -> Option<String> {
    if cell.len() > 24 {
        return None;
    }
    std::str::from_utf8(cell).ok().map(str::to_lowercase)
}

/// Sex: 1, m, male, masculin, h (homme), garçon → male; 2, f, female,
/// féminin, femme, fille → female. In French files `F` is féminin and `H`
/// homme, which agrees with the English `M`/`F`.
#[inline]
pub fn sex(cell: &[u8], problems: &mut RowProblems) -> Code<Sex> {
    let Some(cell) = text(cell) else { return Code::Missing };
    let known = match cell {
        b"1" | b"m" | b"M" | b"h" | b"H" => Some(Sex::Male),
        b"2" | b"f" | b"F" => Some(Sex::Female),
        _ => folded(cell).and_then(|t| match t.as_str() {
            "male" | "masculin" | "homme" | "garçon" | "garcon" | "boy" => Some(Sex::Male),
            "female" | "féminin" | "feminin" | "femme" | "fille" | "girl" => Some(Sex::Female),
            _ => None,
        }),
    };
    match known {
        Some(s) => Code::Known(s),
        None => {
            problems.push("sex must be 1 or 2, m or f, h (homme) or f (femme)");
            Code::Invalid
        }
    }
}

/// Oedema: y, yes, o, oui, 1, true → yes; n, no, non, 0, 2, false or empty
/// → no (as anthro, where a missing oedema is no oedema).
#[inline]
pub fn oedema(cell: &[u8], problems: &mut RowProblems) -> Code<bool> {
    let Some(cell) = text(cell) else { return Code::Missing };
    let known = match cell {
        b"n" | b"N" | b"0" | b"2" => Some(false),
        b"y" | b"Y" | b"1" | b"o" | b"O" => Some(true),
        _ => folded(cell).and_then(|t| match t.as_str() {
            "no" | "non" | "false" => Some(false),
            "yes" | "oui" | "true" => Some(true),
            _ => None,
        }),
    };
    match known {
        Some(o) => Code::Known(o),
        None => {
            problems.push("oedema must be y/n, o/n (oui/non), 1/0 or empty");
            Code::Invalid
        }
    }
}

/// How the length or height was measured: l, lying, length, couché → lying;
/// h, standing, height, debout → standing.
#[inline]
pub fn measure(cell: &[u8], problems: &mut RowProblems) -> Code<Measure> {
    let Some(cell) = text(cell) else { return Code::Missing };
    let known = match cell {
        b"l" | b"L" => Some(Measure::Lying),
        b"h" | b"H" => Some(Measure::Standing),
        _ => folded(cell).and_then(|t| match t.as_str() {
            "lying" | "length" | "recumbent" | "couché" | "couche" | "allongé" | "allonge" => Some(Measure::Lying),
            "standing" | "height" | "debout" => Some(Measure::Standing),
            _ => None,
        }),
    };
    match known {
        Some(m) => Code::Known(m),
        None => {
            problems.push("measure must be l (lying), h (standing) or empty");
            Code::Invalid
        }
    }
}

/// The unit of an age.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeUnit {
    Days,
    Months,
    Years,
}

/// An `age_unit` cell: days, months or years (French jours, mois, ans);
/// empty is days, anthro's default.
#[inline]
pub fn age_unit(cell: &[u8], problems: &mut RowProblems) -> Code<AgeUnit> {
    let Some(cell) = text(cell) else { return Code::Missing };
    let known = match cell {
        b"days" | b"day" | b"d" => Some(AgeUnit::Days),
        b"months" | b"month" | b"m" => Some(AgeUnit::Months),
        _ => folded(cell).and_then(|t| match t.as_str() {
            "days" | "day" | "d" | "jours" | "jour" | "j" => Some(AgeUnit::Days),
            "months" | "month" | "m" | "mois" => Some(AgeUnit::Months),
            "years" | "year" | "y" | "ans" | "an" | "années" | "annees" => Some(AgeUnit::Years),
            _ => None,
        }),
    };
    match known {
        Some(u) => Code::Known(u),
        None => {
            problems.push("age_unit must be days, months or years");
            Code::Invalid
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_problems() {
        let mut p = RowProblems::default();
        assert_eq!(number(b" 12.5 ", "x", &mut p), Some(12.5));
        assert_eq!(number(b"12,5", "x", &mut p), Some(12.5));
        assert_eq!(number(b"", "x", &mut p), None);
        assert_eq!(number(b"NA", "x", &mut p), None);
        assert!(p.is_empty());
        assert_eq!(number(b"abc", "x", &mut p), None);
        assert_eq!(number(b"NaN", "x", &mut p), None);
        assert_eq!(measurement(b"0", "x", "weight must be above 0", &mut p), None);
        assert_eq!(p.iter().copied().collect::<Vec<_>>(), vec!["x", "x", "weight must be above 0"]);
    }

    #[test]
    fn field_codes_in_french_and_english() {
        let mut p = RowProblems::default();
        for (cell, want) in [
            (&b"F"[..], Sex::Female),
            (b"2", Sex::Female),
            (b"f", Sex::Female),
            (b"Femme", Sex::Female),
            (b"F\xc3\xa9minin", Sex::Female),
            (b"H", Sex::Male),
            (b"1", Sex::Male),
            (b"m", Sex::Male),
            (b"Masculin", Sex::Male),
            (b"male", Sex::Male),
        ] {
            assert_eq!(sex(cell, &mut p), Code::Known(want), "{}", String::from_utf8_lossy(cell));
        }
        for (cell, want) in
            [(&b"y"[..], true), (b"Oui", true), (b"o", true), (b"1", true), (b"non", false), (b"0", false)]
        {
            assert_eq!(oedema(cell, &mut p), Code::Known(want), "{}", String::from_utf8_lossy(cell));
        }
        assert_eq!(measure(b"debout", &mut p), Code::Known(Measure::Standing));
        assert_eq!(measure(b"L", &mut p), Code::Known(Measure::Lying));
        assert_eq!(age_unit(b"Mois", &mut p), Code::Known(AgeUnit::Months));
        assert_eq!(age_unit(b"years", &mut p), Code::Known(AgeUnit::Years));
        assert_eq!(sex(b"", &mut p), Code::Missing);
        assert_eq!(oedema(b"", &mut p), Code::Missing);
        assert!(p.is_empty());
        assert_eq!(sex(b"x", &mut p), Code::Invalid);
        assert_eq!(oedema(b"maybe", &mut p), Code::Invalid);
        assert_eq!(measure(b"sitting", &mut p), Code::Invalid);
        assert_eq!(p.iter().count(), 3);
    }
}
