//! The real structure of SOS Children's Villages Mali: Mali's regions,
//! cercles and communes down to the national office, the four Children's
//! Villages and the Mopti emergency programme (with its two sites for
//! displaced people, where relief registers and distributes).

use dugu_domain::location::LocationKind;
use dugu_domain::programme::ProgrammeKind;
use dugu_storage::{LocationInput, ProgrammeInput, StoreError, Tx};
use std::collections::HashMap;

/// Site codes to location ids.
#[derive(Debug, Clone, Default)]
pub struct Sites {
    /// Code → id, for every location created.
    pub ids: HashMap<String, String>,
}

impl Sites {
    /// The id of the location with this code.
    pub fn id(&self, code: &str) -> Result<&str, StoreError> {
        self.ids.get(code).map(String::as_str).ok_or_else(|| StoreError::Integrity(format!("no location {code}")))
    }
}

/// `(code, parent code, kind, name)`, top down.
const LOCATIONS: &[(&str, Option<&str>, LocationKind, &str)] = {
    use LocationKind::*;
    &[
        ("ML", None, Country, "Mali"),
        ("ML-BKO", Some("ML"), Region, "District de Bamako"),
        ("ML-KKR", Some("ML"), Region, "Koulikoro"),
        ("ML-KYS", Some("ML"), Region, "Kayes"),
        ("ML-KTA", Some("ML"), Region, "Kita"),
        ("ML-MPT", Some("ML"), Region, "Mopti"),
        ("BKO-C5", Some("ML-BKO"), Commune, "Commune V"),
        ("NAT", Some("BKO-C5"), Site, "Bureau national (Torokorobougou)"),
        ("KKR-KATI", Some("ML-KKR"), Cercle, "Kati"),
        ("KATI-SAN", Some("KKR-KATI"), Commune, "Sanankoroba"),
        ("SAN", Some("KATI-SAN"), Site, "Village d'Enfants SOS de Sanankoroba"),
        ("KTA-KITA", Some("ML-KTA"), Cercle, "Kita"),
        ("KITA-KITA", Some("KTA-KITA"), Commune, "Kita"),
        ("KIT", Some("KITA-KITA"), Site, "Village d'Enfants SOS de Kita"),
        ("MPT-MPT", Some("ML-MPT"), Cercle, "Mopti"),
        ("MPT-SOC", Some("MPT-MPT"), Commune, "Socoura"),
        ("SOC", Some("MPT-SOC"), Site, "Village d'Enfants SOS de Socoura"),
        ("MPT-MOP", Some("MPT-MPT"), Commune, "Mopti"),
        ("MOP", Some("MPT-MOP"), Site, "Programme d'urgence de Mopti"),
        ("MOP-SEV", Some("MOP"), Site, "Site de déplacés de Sévaré"),
        ("MOP-BAR", Some("MOP"), Site, "Site de déplacés de Barbé"),
        ("KYS-KYS", Some("ML-KYS"), Cercle, "Kayes"),
        ("KYS-KHO", Some("KYS-KYS"), Commune, "Khouloum"),
        ("KHO", Some("KYS-KHO"), Site, "Village d'Enfants SOS de Khouloum"),
    ]
};

/// `(site, kind, name, start, target)`.
const PROGRAMMES: &[(&str, ProgrammeKind, &str, &str, Option<i64>)] = {
    use ProgrammeKind::*;
    &[
        ("SAN", ChildrensVillage, "Village d'Enfants SOS de Sanankoroba", "1987-01-01", None),
        ("SAN", FamilyStrengthening, "Renforcement de la famille – Sanankoroba", "2005-01-01", None),
        ("SAN", Kindergarten, "Jardin d'enfants SOS de Sanankoroba", "1990-01-01", None),
        ("SAN", School, "École SOS Hermann Gmeiner de Sanankoroba", "1992-01-01", None),
        ("SAN", MedicalCentre, "Centre médical SOS de Sanankoroba", "1995-01-01", None),
        ("KIT", ChildrensVillage, "Village d'Enfants SOS de Kita", "1999-01-01", None),
        ("KIT", FamilyStrengthening, "Renforcement de la famille – Kita", "2007-01-01", None),
        ("KIT", Kindergarten, "Jardin d'enfants SOS de Kita", "2001-01-01", None),
        ("KIT", MedicalCentre, "Centre médical SOS de Kita", "2003-01-01", None),
        ("SOC", ChildrensVillage, "Village d'Enfants SOS de Socoura", "2003-01-01", None),
        ("SOC", FamilyStrengthening, "Renforcement de la famille – Socoura", "2008-01-01", None),
        ("SOC", Kindergarten, "Jardin d'enfants SOS de Socoura", "2005-01-01", None),
        ("KHO", ChildrensVillage, "Village d'Enfants SOS de Khouloum", "2011-01-01", None),
        ("KHO", FamilyStrengthening, "Renforcement de la famille – Khouloum", "2011-01-01", None),
        ("KHO", EmergencyRelief, "Soutien alimentaire aux familles agricoles – Khouloum", "2012-01-01", None),
        ("MOP", EmergencyRelief, "Aide d'urgence aux personnes déplacées – Mopti", "2013-01-01", Some(10_000)),
    ]
};

/// Creates the locations and programmes (inside one write).
pub fn seed_sites(tx: &mut Tx<'_>) -> Result<Sites, StoreError> {
    let mut sites = Sites::default();
    for (code, parent, kind, name) in LOCATIONS {
        let parent_id = match parent {
            Some(p) => Some(sites.id(p)?.to_string()),
            None => None,
        };
        let loc = tx.create_location(
            None,
            &LocationInput { parent_id, kind: *kind, code: (*code).into(), name: (*name).into() },
        )?;
        sites.ids.insert((*code).into(), loc.id);
    }
    for (site, kind, name, start, target) in PROGRAMMES {
        tx.create_programme(
            None,
            &ProgrammeInput {
                location_id: sites.id(site)?.to_string(),
                kind: *kind,
                name: (*name).into(),
                start_date: (*start).into(),
                target: *target,
            },
        )?;
    }
    Ok(sites)
}
