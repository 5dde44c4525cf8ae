//! Reading one cell of an input row into a typed value, or a problem.

use super::problems::{Problem, RowProblems};

/// A trimmed cell as text; `None` when empty.
#[inline]
pub fn text(cell: &[u8]) -> Option<&[u8]> {
    let cell = cell.trim_ascii();
    if cell.is_empty() { None } else { Some(cell) }
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

/// Sex: 1/2 or m/f in either case; empty is missing.
#[inline]
pub fn sex(cell: &[u8], problems: &mut RowProblems) -> Option<dugu_growth::Sex> {
    let cell = text(cell)?;
    let s = std::str::from_utf8(cell).ok().and_then(dugu_growth::Sex::parse);
    if s.is_none() {
        problems.push("sex must be 1, 2, m or f");
    }
    s
}

/// Oedema: y/Y/1 yes, n/N/2 or empty no.
#[inline]
pub fn oedema(cell: &[u8], problems: &mut RowProblems) -> bool {
    match text(cell) {
        None | Some(b"n" | b"N" | b"2") => false,
        Some(b"y" | b"Y" | b"1") => true,
        Some(_) => {
            problems.push("oedema must be y, n or empty");
            false
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
        assert!(p.is_empty());
        assert_eq!(number(b"abc", "x", &mut p), None);
        assert_eq!(number(b"NaN", "x", &mut p), None);
        assert_eq!(measurement(b"0", "x", "weight must be above 0", &mut p), None);
        assert_eq!(p.iter().copied().collect::<Vec<_>>(), vec!["x", "x", "weight must be above 0"]);
    }

    #[test]
    fn codes() {
        let mut p = RowProblems::default();
        assert_eq!(sex(b"F", &mut p), Some(dugu_growth::Sex::Female));
        assert_eq!(sex(b"", &mut p), None);
        assert!(oedema(b"Y", &mut p));
        assert!(!oedema(b"", &mut p));
        assert!(p.is_empty());
        assert_eq!(sex(b"x", &mut p), None);
        assert!(!oedema(b"maybe", &mut p));
        assert_eq!(p.iter().count(), 2);
    }
}
