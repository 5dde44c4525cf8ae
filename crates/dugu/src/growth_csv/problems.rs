//! What was wrong with the rows of an input file: said per row in the
//! `problem` column, and summed up on stderr.

use std::collections::BTreeMap;

/// One kind of invalid value; the text is what the `problem` column says.
pub type Problem = &'static str;

/// The problems of one row, in the order found.
#[derive(Default)]
pub struct RowProblems {
    found: Vec<Problem>,
}

impl RowProblems {
    pub fn push(&mut self, p: Problem) {
        self.found.push(p);
    }
    pub fn len(&self) -> usize {
        self.found.len()
    }
    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }
    pub fn clear(&mut self) {
        self.found.clear();
    }
    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.found.iter()
    }
}

/// Counts of each problem over a file, with the first line it occurred on.
#[derive(Default)]
pub struct Summary {
    pub rows: u64,
    pub rows_with_problems: u64,
    by_problem: BTreeMap<Problem, (u64, u64)>,
}

impl Summary {
    pub fn record(&mut self, line: u64, row: &RowProblems) {
        self.rows += 1;
        if row.is_empty() {
            return;
        }
        self.rows_with_problems += 1;
        for p in row.iter() {
            let e = self.by_problem.entry(p).or_insert((0, line));
            e.0 += 1;
        }
    }

    pub fn merge(&mut self, other: Summary) {
        self.rows += other.rows;
        self.rows_with_problems += other.rows_with_problems;
        for (p, (n, line)) in other.by_problem {
            let e = self.by_problem.entry(p).or_insert((0, line));
            e.0 += n;
            e.1 = e.1.min(line);
        }
    }

    /// The human summary for stderr.
    pub fn report(&self) -> String {
        let mut s = format!("{} rows scored", self.rows);
        if self.rows_with_problems == 0 {
            s.push_str(", no problems\n");
            return s;
        }
        s.push_str(&format!(
            "; {} rows had invalid values, left empty with the z-scores that need them (see the problem column):\n",
            self.rows_with_problems
        ));
        for (p, (n, line)) in &self.by_problem {
            s.push_str(&format!("  {p}: {n} rows, first on line {line}\n"));
        }
        s
    }
}
