//! The people registered in a relief programme, as the linkage sees them,
//! kept in memory per database and programme: built from the tables the
//! first time a registration is checked, then each registration is added
//! as it is written ([`Linker::add`]), so a check costs the comparisons
//! with its neighbours, not a rebuild. The index knows how many
//! households it holds; when the table holds another number (a site's
//! registrations arrived by sync, an import by another process) it is
//! built again.

use crate::StoreError;
use dugu_linkage::cluster::Band;
use dugu_linkage::record::{Day, RawRecord, Record};
use dugu_linkage::{FormCheck, Linker, ScoredPair};
use rusqlite::Connection;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

/// One programme's population.
pub(crate) struct Index {
    linker: Option<Linker>,
    /// Members per household, by household id.
    sizes: HashMap<String, usize>,
    /// Households indexed (the staleness check).
    households: i64,
    /// People the model was fitted on.
    fitted_on: usize,
}

type Shared = Arc<Mutex<Index>>;

/// Up to this many people, the model is fitted again as the population
/// doubles.
const REFIT_UNTIL: usize = 200_000;

/// The index of `programme_id` in the database at `path`; callers hold
/// its lock from the check to the addition, so two registrations of one
/// family at once still see each other.
pub(crate) fn of(path: &std::path::Path, programme_id: &str) -> Shared {
    static ALL: OnceLock<Mutex<HashMap<(PathBuf, String), Shared>>> = OnceLock::new();
    let mut all = ALL.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    all.entry((path.to_path_buf(), programme_id.to_owned()))
        .or_insert_with(|| {
            Arc::new(Mutex::new(Index { linker: None, sizes: HashMap::new(), households: -1, fitted_on: 0 }))
        })
        .clone()
}

/// A person as the linkage compares them: the fields of a registration.
#[derive(Debug, Clone, Default)]
pub(crate) struct Candidate {
    pub(crate) person_id: String,
    pub(crate) household_id: String,
    pub(crate) given_name: String,
    pub(crate) family_name: String,
    pub(crate) sex: String,
    /// `YYYY-MM-DD`, or empty.
    pub(crate) birth_date: String,
    /// `exact`, `year`, `estimated`, or empty.
    pub(crate) precision: String,
    pub(crate) phone: String,
    pub(crate) site: String,
    /// `YYYY-MM-DD`.
    pub(crate) registered_on: String,
}

impl Candidate {
    /// The record: an estimated birth date is an age on the day of
    /// registration (what was said), a year-only one a year.
    pub(crate) fn record(&self) -> Option<Record> {
        let (birth_date, age_years) = match self.precision.as_str() {
            "year" => (self.birth_date.get(..4).unwrap_or("").to_owned(), String::new()),
            "estimated" => {
                let age = match (Day::parse(&self.birth_date), Day::parse(&self.registered_on)) {
                    (Some(born), Some(on)) => on.age_of(born).max(0).to_string(),
                    _ => String::new(),
                };
                (String::new(), age)
            }
            _ => (self.birth_date.clone(), String::new()),
        };
        let raw = RawRecord {
            id: self.person_id.clone(),
            given_name: self.given_name.clone(),
            family_name: self.family_name.clone(),
            sex: self.sex.clone(),
            birth_date,
            age_years,
            phone: self.phone.clone(),
            current_site: self.site.clone(),
            household_id: self.household_id.clone(),
            registered_on: self.registered_on.clone(),
            ..RawRecord::default()
        };
        Record::parse(&raw, Day::parse(&self.registered_on).unwrap_or(Day { year: 2026, month: 1, day: 1 })).ok()
    }
}

const POPULATION: &str = "
SELECT p.id, h.id, p.given_name, p.family_name, p.sex, COALESCE(p.birth_date, ''),
       COALESCE(p.birth_date_precision, ''), COALESCE(p.phone, ''), h.location_id, d.registered_on
  FROM displacements d
  JOIN households h ON h.id = d.household_id
  JOIN household_members m ON m.household_id = h.id
  JOIN people p ON p.id = m.person_id
 WHERE d.programme_id = ?1 AND d.struck_out IS NULL
 ORDER BY d.registered_on, h.id";

fn households(c: &Connection, programme_id: &str) -> Result<i64, StoreError> {
    Ok(c.prepare_cached("SELECT COUNT(*) FROM displacements WHERE programme_id = ?1 AND struck_out IS NULL")?
        .query_row([programme_id], |r| r.get(0))?)
}

impl Index {
    /// Builds the index again if the table holds another number of
    /// households than it does.
    pub(crate) fn refresh(&mut self, c: &Connection, programme_id: &str) -> Result<(), StoreError> {
        let now = households(c, programme_id)?;
        if now == self.households {
            return Ok(());
        }
        let mut st = c.prepare_cached(POPULATION)?;
        let rows = st.query_map([programme_id], |r| {
            Ok(Candidate {
                person_id: r.get(0)?,
                household_id: r.get(1)?,
                given_name: r.get(2)?,
                family_name: r.get(3)?,
                sex: r.get(4)?,
                birth_date: r.get(5)?,
                precision: r.get(6)?,
                phone: r.get(7)?,
                site: r.get(8)?,
                registered_on: r.get(9)?,
            })
        })?;
        let mut records = Vec::new();
        self.sizes.clear();
        for row in rows {
            let candidate = row?;
            *self.sizes.entry(candidate.household_id.clone()).or_default() += 1;
            records.extend(candidate.record());
        }
        self.fitted_on = records.len();
        self.linker = if records.is_empty() { None } else { Some(Linker::build(records)) };
        self.households = now;
        Ok(())
    }

    /// Drops what was learnt: built from the tables on the next check.
    pub(crate) fn forget(&mut self) {
        self.linker = None;
        self.fitted_on = 0;
        self.sizes.clear();
        self.households = -1;
    }

    /// Checks a household form; nothing learnt.
    pub(crate) fn check(&mut self, form: &[Candidate]) -> Found {
        let Some(linker) = self.linker.as_mut() else {
            return Found::default();
        };
        let records: Vec<Record> = form.iter().filter_map(Candidate::record).collect();
        if records.len() != form.len() {
            return Found::default();
        }
        let FormCheck { members } = linker.check_household(&records);
        found(linker, &self.sizes, form.len(), &members)
    }

    /// Adds a written registration's people.
    pub(crate) fn add(&mut self, form: &[Candidate]) {
        let records: Vec<Record> = form.iter().filter_map(Candidate::record).collect();
        if let Some(first) = form.first() {
            *self.sizes.entry(first.household_id.clone()).or_default() += form.len();
        }
        // A model fitted on a few households says little of thousands: while
        // the population is young it is fitted again each time it doubles
        // (the fits add up to about two of the last); past that, people
        // are added to the fitted model, which a registration does not move.
        let held = self.linker.as_ref().map_or(0, |l| l.records().len());
        match self.linker.as_mut() {
            Some(linker) if held + records.len() < 2 * self.fitted_on || held >= REFIT_UNTIL => {
                for r in records {
                    linker.add(r);
                }
            }
            _ if records.is_empty() && held == 0 => {}
            _ => {
                let mut all: Vec<Record> = self.linker.take().map(|l| l.records().to_vec()).unwrap_or_default();
                all.extend(records);
                self.fitted_on = all.len();
                self.linker = Some(Linker::build(all));
            }
        }
        self.households += 1;
    }
}

/// A pair found for one member of the form.
#[derive(Debug, Clone)]
pub(crate) struct FoundPair {
    pub(crate) member: usize,
    pub(crate) other_person_id: String,
    pub(crate) other_household_id: String,
    pub(crate) band: Band,
    pub(crate) probability: f64,
    pub(crate) evidence: Value,
}

/// What a check found: pairs per member, and per household already
/// registered what the form has in common with it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Found {
    pub(crate) pairs: Vec<FoundPair>,
    /// By household: `(best band, members matched likely, its size)`.
    pub(crate) households: BTreeMap<String, (Band, usize, usize)>,
}

impl Found {
    /// Whether most of both households matched: the household registered
    /// twice (two members at least, half of the larger household).
    pub(crate) fn whole_household(&self, household_id: &str, form_size: usize) -> bool {
        self.households
            .get(household_id)
            .is_some_and(|(_, matched, size)| *matched >= 2 && 2 * matched >= form_size.max(*size))
    }
}

/// The pairs worth a look per member (three at most each, most likely
/// first), and each household's summary.
fn found(linker: &Linker, sizes: &HashMap<String, usize>, form_size: usize, members: &[Vec<ScoredPair>]) -> Found {
    let mut out = Found::default();
    for (member, pairs) in members.iter().enumerate() {
        for pair in pairs.iter().filter(|p| p.band != Band::Different).take(3) {
            let Some(other) = linker.records().get(pair.b as usize) else { continue };
            let Some(household) = other.household.clone() else { continue };
            let fields: Vec<Value> = linker
                .evidence(pair)
                .iter()
                .map(|e| json!({"field": e.field, "level": e.level, "missing": e.missing, "weight": (e.weight * 100.0).round() / 100.0}))
                .collect();
            let entry = out.households.entry(household.clone()).or_insert((Band::Review, 0, 0));
            entry.2 = sizes.get(&household).copied().unwrap_or(0);
            if pair.band == Band::Likely {
                entry.0 = Band::Likely;
                entry.1 += 1;
            }
            out.pairs.push(FoundPair {
                member,
                other_person_id: other.id.clone(),
                other_household_id: household,
                band: pair.band,
                probability: (pair.probability * 10_000.0).round() / 10_000.0,
                evidence: json!(fields),
            });
        }
    }
    let _ = form_size;
    out
}
