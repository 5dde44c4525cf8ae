//! # dugu-linkage
//!
//! Finding the same person twice in registrations made by different
//! enumerators on different days — Traoré / Traore / Tarawélé, Coulibaly /
//! Kulibali, Mamadou / Mahamadou, Fatoumata / Fanta — without ever merging
//! two different people.
//!
//! * [`Name`]: the spelling as typed, its folded words (case, accents and
//!   punctuation gone, every word kept, order free);
//! * [`key`]: a transliteration key per word from rules for Mande,
//!   Fulfulde and Songhai names in French spelling (`data/transliteration.txt`);
//! * [`alias`]: given names that are the same name without looking alike
//!   (`data/given_name_aliases.txt`);
//! * [`compare`]: graded agreement of names, birth dates (with how well
//!   each is known) and phones;
//! * [`places`]: communes, cercles and régions with their spellings
//!   (`data/places.txt`);
//! * [`blocking`]: which pairs are compared (an OR of rules, sorted
//!   neighbourhoods inside big blocks) and its recall;
//! * [`scoring`]: Fellegi–Sunter weights with term frequencies, `u` from
//!   random pairs, `m` from anchor pairs, the prior by EM;
//! * [`cluster`]: three bands and clusters that never chain two clearly
//!   different people;
//! * [`Linker`]: all of it over a population, on every core, and the check
//!   of one new registration.
//!
//! Both data files are versioned, commented and tested rule by rule, so
//! field staff can review and extend them. Pure Rust: no I/O. The method
//! and its measured quality against Splink and recordlinkage are in the
//! crate's README.

pub mod alias;
pub mod blocking;
pub mod cluster;
mod coded;
pub mod compare;
pub mod key;
mod linker;
mod name;
pub mod places;
pub mod record;
pub mod scoring;

pub use linker::{FormCheck, KEEP_FROM, Linker, ScoredPair};
pub use name::Name;
