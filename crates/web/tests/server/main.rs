//! The site server tested as its clients use it: the real server on a
//! random port, a fresh SQLite file per test, real HTTP.

mod access;
mod attendance;
mod audit;
mod check_answers;
mod conflicts;
mod contract;
mod corrections;
mod errors;
mod family;
mod form_ids;
mod formats;
mod forms;
mod growth;
mod helpers;
mod home;
mod input;
mod leaving_corrections;
mod lists;
mod medical;
mod name_picker;
mod off_async;
mod openapi;
mod pages;
mod person_summary;
mod responses;
mod school;
mod scope_invariant;
mod scope_reads;
mod sessions;
mod sites;
mod strike_check;
mod trust;
mod typed_dates;
mod villages;
mod walkthrough;
