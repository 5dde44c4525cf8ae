//! # dugu-demo
//!
//! * [`seed_sites`]: the locations and programmes of SOS Children's
//!   Villages Mali (public facts: the national office in Bamako and the four
//!   Children's Villages), written at the first start of every dugu.
//! * [`seed_demo`]: fictional people and households with Malian names and
//!   realistic spelling variation, generated deterministically, for
//!   `dugu demo` only.
//! * [`relief::seed_relief`]: the Mopti programme's displaced households,
//!   cycles and receipts (issue 15), after [`seed_demo`].
//! * [`demo_users`]: one demo account per role and location; their
//!   usernames are a contract (`social.kita`, …).

pub mod names;
mod people;
pub mod relief;
mod sites;

mod family;
pub mod growth;
pub mod medical;
mod school;
mod villages;
pub use people::{DemoSummary, SplitMix, seed_demo};
pub use sites::{Sites, seed_sites};

use dugu_domain::Role;

/// A demo account: username, display name, role, and the site code it
/// works at (`None` for national roles).
pub struct DemoUser {
    /// Login name (a contract: tests and guides use it).
    pub username: &'static str,
    /// Name shown.
    pub display_name: &'static str,
    /// Role.
    pub role: Role,
    /// Site code.
    pub site: Option<&'static str>,
}

const fn u(username: &'static str, display_name: &'static str, role: Role, site: Option<&'static str>) -> DemoUser {
    DemoUser { username, display_name, role, site }
}

/// Every demo account (besides `admin`, created like on any first start).
pub fn demo_users() -> Vec<DemoUser> {
    use Role::*;
    vec![
        u("auditor", "Auditrice (démo)", Auditor, None),
        u("fundraiser", "Collecte de fonds (démo)", Fundraiser, None),
        u("director.national", "Directeur national (démo)", NationalDirector, None),
        u("director.sanankoroba", "Direction Sanankoroba (démo)", LocationDirector, Some("SAN")),
        u("social.sanankoroba", "Travailleur social Sanankoroba (démo)", SocialWorker, Some("SAN")),
        u("nurse.sanankoroba", "Infirmier Sanankoroba (démo)", Nurse, Some("SAN")),
        u("director.kita", "Direction Kita (démo)", LocationDirector, Some("KIT")),
        u("social.kita", "Travailleuse sociale Kita (démo)", SocialWorker, Some("KIT")),
        u("nurse.kita", "Infirmière Kita (démo)", Nurse, Some("KIT")),
        u("director.socoura", "Direction Socoura (démo)", LocationDirector, Some("SOC")),
        u("social.socoura", "Travailleur social Socoura (démo)", SocialWorker, Some("SOC")),
        u("nurse.socoura", "Infirmier Socoura (démo)", Nurse, Some("SOC")),
        u("director.khouloum", "Direction Khouloum (démo)", LocationDirector, Some("KHO")),
        u("social.khouloum", "Travailleuse sociale Khouloum (démo)", SocialWorker, Some("KHO")),
        u("nurse.khouloum", "Infirmière Khouloum (démo)", Nurse, Some("KHO")),
        u("relief.mopti", "Agent d'urgence Mopti (démo)", ReliefOfficer, Some("MOP")),
        u("supervisor.mopti", "Superviseur urgence Mopti (démo)", ReliefSupervisor, Some("MOP")),
        u("director.mopti", "Direction urgence Mopti (démo)", LocationDirector, Some("MOP")),
    ]
}
