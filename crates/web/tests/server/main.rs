//! The site server tested as its clients use it: the real server on a
//! random port, a fresh SQLite file per test, real HTTP.

mod access;
mod attendance;
mod audit;
mod contract;
mod family;
mod growth;
mod helpers;
mod i18n;
mod input;
mod lists;
mod medical;
mod openapi;
mod pages;
mod responses;
mod school;
mod scope_invariant;
mod scope_reads;
mod sessions;
mod trust;
mod villages;
