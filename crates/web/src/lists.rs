//! What a list is narrowed to, read from a form or a query string the same
//! way for pages and the API: codes and location ids only (groups, never a
//! person). The selects that show these filters are in `pages::filters`.

use dugu_domain::people_filter::{AgeGroup, PersonStatus};
use dugu_domain::{Invalid, Sex};
use dugu_storage::PeopleFilter;
use serde::Deserialize;

/// The filters of a people list as a form or query string sends them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PeopleFilterForm {
    pub location_id: String,
    pub age_group: String,
    pub sex: String,
    pub status: String,
}

impl PeopleFilterForm {
    /// Reads the codes; an unknown one names its field.
    pub fn parse(&self) -> Result<PeopleFilter, Invalid> {
        let mut inv = Invalid::new();
        let location_id = Some(self.location_id.trim().to_string()).filter(|l| !l.is_empty());
        let age = inv.check("age_group", AgeGroup::parse(&self.age_group)).flatten();
        let sex = match self.sex.trim() {
            "" => None,
            raw => inv.check("sex", Sex::parse(raw)),
        };
        let status = inv.check("status", PersonStatus::parse(&self.status)).flatten();
        inv.into_result()?;
        Ok(PeopleFilter { location_id, age, sex, status })
    }

    /// `(name, value)` of the filters set, for hidden fields and links.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        [
            ("location_id", &self.location_id),
            ("age_group", &self.age_group),
            ("sex", &self.sex),
            ("status", &self.status),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k, v.trim().to_string()))
        .collect()
    }
}

/// What a list of young children is narrowed to: sex and WHO age group
/// (on the day the list is read).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChildFilter {
    /// Sex.
    pub sex: Option<Sex>,
    /// WHO age group.
    pub age: Option<dugu_growth::prevalence::AgeGroup>,
}

/// The sections of a nutrition list, most urgent first.
pub const SECTIONS: [&str; 3] = ["acute", "falling", "due"];

impl ChildFilter {
    /// Reads the codes into `inv`; an unknown one names its field.
    pub fn parse(sex: &str, age_group: &str, inv: &mut dugu_domain::Invalid) -> ChildFilter {
        let sex = match sex.trim() {
            "" => None,
            raw => inv.check("sex", dugu_domain::Sex::parse(raw)),
        };
        let age = match age_group.trim() {
            "" => None,
            raw => inv.check(
                "age_group",
                dugu_growth::prevalence::AgeGroup::parse(raw).ok_or(dugu_domain::Problem::NotAllowed),
            ),
        };
        ChildFilter { sex, age }
    }

    /// Whether a child of this sex and birth date is kept.
    pub fn keeps(&self, sex: Sex, birth_date: Option<time::Date>, today: time::Date) -> bool {
        if self.sex.is_some_and(|s| s != sex) {
            return false;
        }
        let Some(group) = self.age else { return true };
        let months = birth_date.map(|b| (today - b).whole_days() as f64 / dugu_growth::DAYS_PER_MONTH);
        months.and_then(dugu_growth::prevalence::AgeGroup::of_months) == Some(group)
    }
}

/// The overdue list narrowed: sex, WHO age group, one dose. A bad value
/// names its field and keeps nobody.
pub fn narrow_overdue(
    rows: Vec<dugu_storage::OverdueChild>,
    schedule: &[dugu_domain::vaccine::ScheduledDose],
    sex: &str,
    age_group: &str,
    dose: &str,
) -> Result<Vec<dugu_storage::OverdueChild>, dugu_domain::Invalid> {
    let mut inv = dugu_domain::Invalid::new();
    let filter = ChildFilter::parse(sex, age_group, &mut inv);
    let dose = dose.trim();
    if !dose.is_empty() && !schedule.iter().any(|d| d.code == dose) {
        inv.add("status", dugu_domain::Problem::NotAllowed);
    }
    inv.into_result()?;
    let now = crate::today();
    Ok(rows
        .into_iter()
        .filter(|r| filter.keeps(r.sex, Some(r.birth_date), now))
        .filter(|r| dose.is_empty() || r.overdue.iter().any(|d| d == dose))
        .collect())
}
