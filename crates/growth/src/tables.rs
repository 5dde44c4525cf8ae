//! WHO's LMS tables, embedded at compile time by `build.rs`.

/// The Box-Cox parameters of one table row: power `l`, median `m` and
/// coefficient of variation `s`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lms {
    /// Box-Cox power.
    pub l: f64,
    /// Median.
    pub m: f64,
    /// Coefficient of variation.
    pub s: f64,
}

impl Lms {
    /// `self + d * (upper - self)` for each of L, M and S, as WHO's code
    /// interpolates between table rows.
    #[inline]
    pub(crate) fn toward(self, upper: Lms, d: f64) -> Lms {
        Lms {
            l: self.l + d * (upper.l - self.l),
            m: self.m + d * (upper.m - self.m),
            s: self.s + d * (upper.s - self.s),
        }
    }
}

/// One LMS table: rows per sex (index 0 male, 1 female) keyed by an integer
/// index that starts at `first` and rises by one per row (days, months, or
/// tenths of a centimetre, depending on the table).
#[derive(Debug)]
pub(crate) struct Table {
    pub first: i64,
    pub rows: [&'static [Lms]; 2],
}

impl Table {
    /// The row for `sex` at integer index `key`, if the table has one.
    #[inline]
    pub fn row(&self, sex: crate::Sex, key: i64) -> Option<Lms> {
        let rows = self.rows[sex.index()];
        let i = key.checked_sub(self.first)?;
        usize::try_from(i).ok().and_then(|i| rows.get(i)).copied()
    }
}

#[allow(clippy::all, clippy::pedantic)]
mod generated {
    use super::{Lms, Table};
    include!(concat!(env!("OUT_DIR"), "/tables.rs"));
}

pub(crate) use generated::*;
