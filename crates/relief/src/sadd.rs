//! Sex and age disaggregation in UNHCR's bands (0–4, 5–11, 12–17, 18–59,
//! 60+), computed from what was stored — a birth date or an age given on
//! a day — at the date a report asks for, never stored as a band.

use time::Date;

/// Sex as relief reports count it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sex {
    /// Girls and women.
    Female,
    /// Boys and men.
    Male,
}

/// UNHCR's default age bands, which nest in the clusters' 0–17 / 18–59 / 60+.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgeBand {
    /// 0 to 4 years.
    Under5,
    /// 5 to 11.
    From5To11,
    /// 12 to 17.
    From12To17,
    /// 18 to 59.
    From18To59,
    /// 60 and over.
    From60,
}

impl AgeBand {
    /// Every band, youngest first.
    pub const ALL: [AgeBand; 5] =
        [AgeBand::Under5, AgeBand::From5To11, AgeBand::From12To17, AgeBand::From18To59, AgeBand::From60];

    /// The band of an age in whole years.
    pub fn of(age: u32) -> AgeBand {
        match age {
            0..=4 => AgeBand::Under5,
            5..=11 => AgeBand::From5To11,
            12..=17 => AgeBand::From12To17,
            18..=59 => AgeBand::From18To59,
            _ => AgeBand::From60,
        }
    }

    /// The suffix of the API's keys (`0_4` … `60_plus`).
    pub fn code(self) -> &'static str {
        match self {
            AgeBand::Under5 => "0_4",
            AgeBand::From5To11 => "5_11",
            AgeBand::From12To17 => "12_17",
            AgeBand::From18To59 => "18_59",
            AgeBand::From60 => "60_plus",
        }
    }
}

/// What a registration knows of someone's birth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Birth {
    /// A birth date (a year alone is stored as its 1 January).
    Date(Date),
    /// An age in whole years, given on a day (the registration's).
    AgeOn {
        /// The age given.
        age: u32,
        /// The day it was given.
        on: Date,
    },
}

impl Birth {
    /// The age in whole years on `day`; `None` if `day` is before the birth.
    pub fn age_on(self, day: Date) -> Option<u32> {
        let (years, from) = match self {
            Birth::Date(born) => (0, born),
            Birth::AgeOn { age, on } => (age, on),
        };
        if day < from && matches!(self, Birth::Date(_)) {
            return None;
        }
        let mut elapsed = day.year() - from.year();
        if (day.month(), day.day()) < (from.month(), from.day()) {
            elapsed -= 1;
        }
        let age = i64::from(years) + i64::from(elapsed);
        u32::try_from(age).ok()
    }
}

/// The API key of a sex and band (`f_0_4` … `m_60_plus`).
pub fn key(sex: Sex, band: AgeBand) -> String {
    let prefix = match sex {
        Sex::Female => "f",
        Sex::Male => "m",
    };
    format!("{prefix}_{}", band.code())
}

/// Counts per sex and band.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sadd {
    counts: [[u64; 5]; 2],
}

impl Sadd {
    /// Counts one person.
    pub fn add(&mut self, sex: Sex, band: AgeBand) {
        self.counts[sex_index(sex)][band_index(band)] += 1;
    }

    /// The count of one cell.
    pub fn get(&self, sex: Sex, band: AgeBand) -> u64 {
        self.counts[sex_index(sex)][band_index(band)]
    }

    /// Everyone counted.
    pub fn total(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }

    /// Every cell with its API key, girls and women first, youngest first.
    pub fn cells(&self) -> Vec<(String, u64)> {
        [Sex::Female, Sex::Male]
            .into_iter()
            .flat_map(|sex| AgeBand::ALL.into_iter().map(move |band| (key(sex, band), self.get(sex, band))))
            .collect()
    }
}

fn sex_index(sex: Sex) -> usize {
    match sex {
        Sex::Female => 0,
        Sex::Male => 1,
    }
}

fn band_index(band: AgeBand) -> usize {
    AgeBand::ALL.iter().position(|b| *b == band).unwrap_or(4)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn requirement_17_aged_17_on_the_cycle_date_is_in_12_17() {
        let day = date!(2026 - 08 - 01);
        let seventeen = Birth::Date(date!(2009 - 08 - 01));
        assert_eq!(seventeen.age_on(day), Some(17));
        assert_eq!(AgeBand::of(17), AgeBand::From12To17);
        assert_eq!(Birth::Date(date!(2008 - 08 - 01)).age_on(day).map(AgeBand::of), Some(AgeBand::From18To59));
        assert_eq!(Birth::Date(date!(2009 - 08 - 02)).age_on(day), Some(16));
        let stated = Birth::AgeOn { age: 16, on: date!(2025 - 09 - 15) };
        assert_eq!(stated.age_on(day), Some(16), "an age given last September is not a year older in August");
        assert_eq!(stated.age_on(date!(2026 - 09 - 15)), Some(17));
        assert_eq!(Birth::Date(date!(2027 - 01 - 01)).age_on(day), None, "not born yet");
    }

    #[test]
    fn band_edges() {
        let bands: Vec<AgeBand> = [0, 4, 5, 11, 12, 17, 18, 59, 60, 99].into_iter().map(AgeBand::of).collect();
        assert_eq!(
            bands,
            [
                AgeBand::Under5,
                AgeBand::Under5,
                AgeBand::From5To11,
                AgeBand::From5To11,
                AgeBand::From12To17,
                AgeBand::From12To17,
                AgeBand::From18To59,
                AgeBand::From18To59,
                AgeBand::From60,
                AgeBand::From60
            ]
        );
    }

    #[test]
    fn cells_are_the_contracts_keys_and_sum_to_the_total() {
        let mut sadd = Sadd::default();
        sadd.add(Sex::Female, AgeBand::Under5);
        sadd.add(Sex::Male, AgeBand::From60);
        sadd.add(Sex::Male, AgeBand::From60);
        let cells = sadd.cells();
        assert_eq!(cells.len(), 10);
        assert_eq!(cells[0], ("f_0_4".to_owned(), 1));
        assert_eq!(cells[9], ("m_60_plus".to_owned(), 2));
        assert_eq!(cells.iter().map(|(_, n)| n).sum::<u64>(), sadd.total());
    }
}
