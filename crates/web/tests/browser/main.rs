//! Journeys in a real headless Chromium, one module per journey, each
//! against the real server on a random port with a fresh demo database.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs
//! them). Run with `cargo test -p dugu-web --test browser -- --ignored`.
//! Screenshots go to `$DUGU_SCREENSHOTS` (`.ci/run` sets it to
//! `target/journey-screenshots`, kept as the CI's artefacts).

#[path = "../server/helpers.rs"]
#[allow(dead_code)]
mod helpers;

mod driver;

mod after_saving;
mod conflicts;
mod corrections;
mod forms;
mod home;
mod name_picker;
mod nutrition;
mod people_filters;
mod phone;
mod register_and_find;
mod relief;
mod transfer;
mod walkthrough_fixes;
