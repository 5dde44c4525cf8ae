//! A registration as the linkage sees it: every field already in its
//! comparison form.

use crate::Name;
use crate::compare::{Birth, phone};

/// One registration.
#[derive(Debug, Clone)]
pub struct Record {
    /// The caller's id for it.
    pub id: String,
    /// Given name(s).
    pub given: Name,
    /// Family name(s).
    pub family: Name,
    /// `F`, `M` or unknown.
    pub sex: Option<char>,
    /// Birth date or year.
    pub birth: Birth,
    /// The 8 Malian digits of the phone, if any.
    pub phone: Option<String>,
    /// Identity document number, folded.
    pub id_document: Option<String>,
    /// Father's name.
    pub father: Name,
    /// Mother's name.
    pub mother: Name,
    /// Commune of origin, folded.
    pub origin: Option<String>,
    /// Site where registered, folded.
    pub site: Option<String>,
    /// Household, as given.
    pub household: Option<String>,
}

/// The fields of a registration as read from a file (all text).
#[derive(Debug, Clone, Default)]
pub struct RawRecord {
    /// Id.
    pub id: String,
    /// Given name(s).
    pub given_name: String,
    /// Family name(s).
    pub family_name: String,
    /// `M`, `F` or empty.
    pub sex: String,
    /// `YYYY-MM-DD`, `YYYY` or empty.
    pub birth_date: String,
    /// Age in years, used when there is no birth date.
    pub age_years: String,
    /// Phone, any format.
    pub phone: String,
    /// Identity document.
    pub id_document: String,
    /// Father's name.
    pub father_name: String,
    /// Mother's name.
    pub mother_name: String,
    /// Commune of origin.
    pub origin_commune: String,
    /// Site of registration.
    pub current_site: String,
    /// Household id.
    pub household_id: String,
}

/// Why a raw record could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordProblem {
    /// `sex` is not M, F or empty.
    Sex,
    /// `birth_date` is not `YYYY-MM-DD` or `YYYY`.
    BirthDate,
    /// `age_years` is not a whole number from 0 to 120.
    Age,
}

fn folded(s: &str) -> Option<String> {
    let f = dugu_domain::fold(s);
    (!f.is_empty()).then_some(f)
}

impl Record {
    /// Reads a raw record; `year_now` turns an age into a birth year.
    pub fn parse(raw: &RawRecord, year_now: i32) -> Result<Record, RecordProblem> {
        let sex = match raw.sex.trim() {
            "" => None,
            "M" | "m" => Some('M'),
            "F" | "f" => Some('F'),
            _ => return Err(RecordProblem::Sex),
        };
        let mut birth = Birth::parse(&raw.birth_date).ok_or(RecordProblem::BirthDate)?;
        if birth == Birth::Missing && !raw.age_years.trim().is_empty() {
            let age: i32 = raw.age_years.trim().parse().map_err(|_| RecordProblem::Age)?;
            if !(0..=120).contains(&age) {
                return Err(RecordProblem::Age);
            }
            birth = Birth::Year(year_now - age);
        }
        Ok(Record {
            id: raw.id.clone(),
            given: Name::new(&raw.given_name),
            family: Name::new(&raw.family_name),
            sex,
            birth,
            phone: phone(&raw.phone),
            id_document: folded(&raw.id_document).map(|d| d.replace(' ', "")),
            father: Name::new(&raw.father_name),
            mother: Name::new(&raw.mother_name),
            origin: folded(&raw.origin_commune),
            site: folded(&raw.current_site),
            household: Some(raw.household_id.trim().to_string()).filter(|h| !h.is_empty()),
        })
    }
}
