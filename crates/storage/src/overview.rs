//! What a role's day starts with, beyond the lists that exist already:
//! the villages in scope (for the navigation and the home page), the
//! supported households with something due, and the figures a fundraiser
//! may see (counts only, small ones withheld). Each read filters on the
//! caller's scope here, like every other read.

use crate::writes::AuditWrites;
use crate::{Principal, Store, StoreError, decode};
use dugu_domain::FieldGroup;
use dugu_domain::people_filter::PersonStatus;
use rusqlite::params;

/// A home visit is due when the last one is older than this (or there has
/// been none): family strengthening visits a supported household about
/// every two months.
pub const VISIT_DUE_AFTER_DAYS: i64 = 60;

/// A plan action due within this many days is shown as coming up.
pub const ACTION_SOON_DAYS: i64 = 14;

/// Counts from 1 to this minus one are withheld from aggregate figures:
/// at a small site, "2 children left care this year" can name them.
pub const SMALLEST_SHOWN_COUNT: i64 = 5;

/// A village: a location with family houses.
#[derive(Debug, Clone, PartialEq)]
pub struct VillagePlace {
    /// The location's id.
    pub location_id: String,
    /// Its name.
    pub name: String,
    /// Its code.
    pub code: String,
}

/// A supported household with something due.
#[derive(Debug, Clone, PartialEq)]
pub struct DueHousehold {
    /// The household.
    pub household_id: String,
    /// Its record number.
    pub record_number: String,
    /// Its name.
    pub name: String,
    /// Plan actions not done whose date has passed.
    pub overdue_actions: i64,
    /// The earliest date of a plan action not done, if any.
    pub next_action: Option<time::Date>,
    /// The last home visit (not struck out), if any.
    pub last_visit: Option<time::Date>,
    /// A home visit is due (none for [`VISIT_DUE_AFTER_DAYS`]).
    pub visit_due: bool,
}

/// A count that may be too small to show: `None` is 1 to
/// [`SMALLEST_SHOWN_COUNT`] − 1.
pub type Shown = Option<i64>;

/// One village in aggregate.
#[derive(Debug, Clone, PartialEq)]
pub struct VillageFigures {
    /// The village's name.
    pub name: String,
    /// Family houses (not people: always shown).
    pub houses: i64,
    /// Children living in them now.
    pub children_in_care: Shown,
}

/// What may be told about the work in scope without naming anyone.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// Each village.
    pub villages: Vec<VillageFigures>,
    /// Children living in family houses now, all villages together — or,
    /// when a village's count is withheld, those of the villages shown
    /// plus one per withheld village (see `children_in_care_partial`): the
    /// exact total minus the villages shown would give the withheld count
    /// back.
    pub children_in_care: Shown,
    /// `children_in_care` leaves out a withheld village: "at least".
    pub children_in_care_partial: bool,
    /// Households supported by family strengthening now.
    pub households_supported: Shown,
}

fn shown(n: i64) -> Shown {
    (n == 0 || n >= SMALLEST_SHOWN_COUNT).then_some(n)
}

/// What a role's day starts with: villages in scope, statuses, households due, figures.
pub trait OverviewReads {
    /// The villages (locations with family houses) in scope, by name; none
    /// for a role that does not read people. Houses and places name no one,
    /// so this is not audited.
    fn villages_in_scope(&self, who: &Principal) -> Result<Vec<VillagePlace>, StoreError>;

    /// The statuses a people list in scope can be narrowed to: a
    /// Children's Village's (in care, left care) where there is a village
    /// or an admission, family support where a household is or was
    /// supported — so a relief office is not offered a village's statuses.
    /// Whether the role may filter on each is the caller's to add
    /// ([`PersonStatus::needs`]). Names no one: not audited.
    fn statuses_present(&self, who: &Principal) -> Result<Vec<PersonStatus>, StoreError>;

    /// Households in scope supported now that have a plan action overdue
    /// or coming up within [`ACTION_SOON_DAYS`], or a home visit due on
    /// `today`: most overdue actions first. Protection data: `Forbidden`
    /// for a role that does not read it. The households shown are audited.
    fn family_due(&self, who: &Principal, today: time::Date) -> Result<Vec<DueHousehold>, StoreError>;

    /// The work in scope in aggregate: each village's houses and children
    /// in care, and the households supported now — counts from 1 to
    /// [`SMALLEST_SHOWN_COUNT`] − 1 withheld. Names no one, so any signed-in
    /// role may read it (the fundraiser's home page).
    fn figures(&self, who: &Principal) -> Result<Figures, StoreError>;
}

impl OverviewReads for Store {
    fn villages_in_scope(&self, who: &Principal) -> Result<Vec<VillagePlace>, StoreError> {
        if !who.role.reads_people() {
            return Ok(Vec::new());
        }
        let (all, ids) = who.scope.sql();
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT l.id, l.name, l.code FROM locations l
                 WHERE EXISTS (SELECT 1 FROM family_houses h WHERE h.location_id = l.id)
                   AND (?2 = 1 OR l.id IN rarray(?1))
                 ORDER BY l.name",
            )?;
            let rows = st.query_map(params![ids, all], |r| {
                Ok(VillagePlace { location_id: r.get(0)?, name: r.get(1)?, code: r.get(2)? })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    fn statuses_present(&self, who: &Principal) -> Result<Vec<PersonStatus>, StoreError> {
        if !who.role.reads_people() {
            return Ok(Vec::new());
        }
        let (all, ids) = who.scope.sql();
        let (care, support): (bool, bool) = self.read(|c| {
            Ok(c.prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM family_houses h WHERE ?2 = 1 OR h.location_id IN rarray(?1))
                        OR EXISTS (SELECT 1 FROM admissions a WHERE ?2 = 1 OR a.location_id IN rarray(?1)),
                        EXISTS (SELECT 1 FROM family_support fs JOIN households h ON h.id = fs.household_id
                                WHERE fs.struck_out IS NULL AND (?2 = 1 OR h.location_id IN rarray(?1)))",
            )?
            .query_row(params![ids, all], |r| Ok((r.get(0)?, r.get(1)?)))?)
        })?;
        Ok(PersonStatus::ALL
            .into_iter()
            .filter(|s| match s {
                PersonStatus::InCare | PersonStatus::LeftCare => care,
                PersonStatus::FamilySupport => support,
            })
            .collect())
    }

    fn family_due(&self, who: &Principal, today: time::Date) -> Result<Vec<DueHousehold>, StoreError> {
        if !(who.role.reads_people() && who.role.reads(FieldGroup::Protection)) {
            return Err(StoreError::Forbidden);
        }
        let (all, ids) = who.scope.sql();
        let (now, soon) = (today.to_string(), today + time::Duration::days(ACTION_SOON_DAYS));
        let visits_since = today - time::Duration::days(VISIT_DUE_AFTER_DAYS);
        let mut due: Vec<DueHousehold> = self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT h.id, h.record_number, h.name,
                        (SELECT COUNT(*) FROM plan_actions a WHERE a.household_id = h.id AND a.done_on IS NULL
                            AND a.struck_out IS NULL AND a.due_on < ?3),
                        (SELECT MIN(a.due_on) FROM plan_actions a WHERE a.household_id = h.id AND a.done_on IS NULL
                            AND a.struck_out IS NULL) AS next_action,
                        (SELECT MAX(v.visited_on) FROM home_visits v WHERE v.household_id = h.id AND v.struck_out IS NULL)
                            AS last_visit
                 FROM households h
                 WHERE (?2 = 1 OR h.location_id IN rarray(?1))
                   AND EXISTS (SELECT 1 FROM family_support fs WHERE fs.household_id = h.id AND fs.ended_on IS NULL AND fs.struck_out IS NULL)
                 ORDER BY h.name, h.record_number",
            )?;
            let rows = st.query_map(params![ids, all, now], |r| {
                let last_visit = decode::opt_date(r, 5)?;
                Ok(DueHousehold {
                    household_id: r.get(0)?,
                    record_number: r.get(1)?,
                    name: r.get(2)?,
                    overdue_actions: r.get(3)?,
                    next_action: decode::opt_date(r, 4)?,
                    visit_due: last_visit.is_none_or(|v| v < visits_since),
                    last_visit,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })?;
        due.retain(|h| h.overdue_actions > 0 || h.visit_due || h.next_action.is_some_and(|d| d <= soon));
        due.sort_by_key(|h| std::cmp::Reverse(h.overdue_actions));
        self.audit_shown(who, "family_due", "", due.iter().map(|h| h.household_id.clone()).collect())?;
        Ok(due)
    }

    fn figures(&self, who: &Principal) -> Result<Figures, StoreError> {
        let (all, ids) = who.scope.sql();
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT l.name,
                        (SELECT COUNT(*) FROM family_houses h WHERE h.location_id = l.id),
                        (SELECT COUNT(*) FROM family_houses h JOIN placements pl ON pl.house_id = h.id AND pl.to_date IS NULL
                         WHERE h.location_id = l.id)
                 FROM locations l
                 WHERE EXISTS (SELECT 1 FROM family_houses h WHERE h.location_id = l.id)
                   AND (?2 = 1 OR l.id IN rarray(?1))
                 ORDER BY l.name",
            )?;
            let counted: Vec<(String, i64, i64)> =
                st.query_map(params![ids.clone(), all], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect::<Result<_, _>>()?;
            let supported: i64 = c
                .prepare_cached(
                    "SELECT COUNT(*) FROM households h
                     WHERE (?2 = 1 OR h.location_id IN rarray(?1))
                       AND EXISTS (SELECT 1 FROM family_support fs WHERE fs.household_id = h.id AND fs.ended_on IS NULL AND fs.struck_out IS NULL)",
                )?
                .query_row(params![ids, all], |r| r.get(0))?;
            // A withheld village has at least one child: counted as one.
            let withheld = counted.iter().filter(|v| shown(v.2).is_none()).count() as i64;
            let partial = withheld > 0;
            let in_shown_villages: i64 = counted.iter().filter_map(|v| shown(v.2)).sum::<i64>() + withheld;
            Ok(Figures {
                children_in_care: if partial { Some(in_shown_villages) } else { shown(counted.iter().map(|v| v.2).sum()) },
                children_in_care_partial: partial,
                villages: counted
                    .into_iter()
                    .map(|(name, houses, children)| VillageFigures { name, houses, children_in_care: shown(children) })
                    .collect(),
                households_supported: shown(supported),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn small_counts_are_withheld_but_none_is_none() {
        assert_eq!(super::shown(0), Some(0));
        assert_eq!(super::shown(1), None);
        assert_eq!(super::shown(4), None);
        assert_eq!(super::shown(5), Some(5));
    }
}
