//! The home page, `/`: where each role's day starts. The village director
//! sees the village at a glance (children with SAM or MAM, family
//! strengthening due, houses, recent arrivals), the social worker the
//! supported households with something due, the nurse the acute
//! malnutrition and overdue vaccinations of their locations, the relief
//! officer the households registered at theirs; the administrator goes
//! to the accounts, the auditor to the trail, and the fundraiser sees
//! figures that name no one. Every block comes from the store's scoped
//! reads; a visitor is sent to the sign-in page.

mod pages;
mod templates;

pub use pages::show;
