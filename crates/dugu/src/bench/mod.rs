//! `dugu bench …`: benchmarks anyone can re-run. They print numbers; they
//! never assert timings.

pub mod care;
pub mod edits;
pub mod growth;
pub mod linkage;
pub mod people;
pub mod relief;
pub mod relief_receipts;
pub mod villages;
