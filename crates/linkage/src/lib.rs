//! # dugu-linkage
//!
//! Finding the same person twice in registrations made by different
//! enumerators on different days — Traoré / Traore / Tarawélé, Coulibaly /
//! Kulibali, Mamadou / Mahamadou, Fatoumata / Fanta — without ever merging
//! two different people.
//!
//! This first part is the comparison form of names:
//! * [`Name`]: the spelling as typed, its folded words (case, accents and
//!   punctuation gone, every word kept, order free);
//! * [`key`]: a transliteration key per word from rules for Mande,
//!   Fulfulde and Songhai names in French spelling (`data/transliteration.txt`);
//! * [`alias`]: given names that are the same name without looking alike
//!   (`data/given_name_aliases.txt`).
//!
//! Both data files are versioned, commented and tested rule by rule, so
//! field staff can review and extend them. [`compare`] grades how two
//! registrations' names, birth dates and phones agree; [`blocking`] picks
//! the pairs worth comparing (an OR of rules) and measures its recall;
//! [`record`] reads a registration's fields. Pure Rust: no I/O.

pub mod alias;
pub mod blocking;
pub mod cluster;
mod coded;
pub mod compare;
pub mod key;
mod linker;
mod name;
pub mod record;
pub mod scoring;

pub use linker::{KEEP_FROM, Linker, ScoredPair};
pub use name::Name;
