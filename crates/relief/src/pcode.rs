//! Mali's P-codes, which mean different places in different editions of
//! the administrative boundaries: `ML09` is Bamako before the 2023 reform
//! and Taoudenni after it (relief.md 3.3). A code is therefore never read
//! without its edition unless both editions agree on it.

/// An edition of Mali's common operational boundaries (COD-AB).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Edition {
    /// The boundaries before the law of 13 March 2023 (10 régions; still
    /// used by OCHA's 3W and REACH's 2025 assessment).
    Pre2023,
    /// The 2023 reform (19 régions and Bamako), codes partly reused.
    Reform2023,
}

impl Edition {
    /// The code stored beside every P-code (`pre2023`, `2023`).
    pub fn code(self) -> &'static str {
        match self {
            Edition::Pre2023 => "pre2023",
            Edition::Reform2023 => "2023",
        }
    }

    /// Reads a stored code back.
    pub fn parse(code: &str) -> Option<Edition> {
        match code {
            "pre2023" => Some(Edition::Pre2023),
            "2023" => Some(Edition::Reform2023),
            _ => None,
        }
    }
}

/// The level of a P-code, by its length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    /// Admin 1: `ML05`.
    Region,
    /// Admin 2: `ML0506`.
    Cercle,
    /// Admin 3: `ML050601`.
    Commune,
}

/// Why a P-code was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PCodeError {
    /// Not `ML` followed by 2, 4 or 6 digits.
    #[error("« {0} » is not a P-code (ML and 2, 4 or 6 digits)")]
    Malformed(String),
    /// An ISO 3166-2 code (`ML-5`), which numbers the régions differently.
    #[error("« {0} » is an ISO 3166-2 code, not a P-code")]
    Iso(String),
    /// The code means different places in different editions, or is only
    /// known in one, and no edition was given.
    #[error("« {0} » needs the edition of the boundaries it comes from")]
    EditionNeeded(String),
    /// Well formed, but no such place in that edition's table.
    #[error("« {code} » is not a known place in the {edition} boundaries")]
    Unknown {
        /// The code.
        code: String,
        /// The edition's code.
        edition: &'static str,
    },
    /// A cercle or commune given under a région (or cercle) it is not in.
    #[error("« {child} » is not within « {parent} »")]
    NotWithin {
        /// The lower level's code.
        child: String,
        /// The higher level's code.
        parent: String,
    },
}

/// A P-code read and placed: its level and the names of it and what holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The code, upper case.
    pub code: String,
    /// Région, cercle or commune.
    pub level: Level,
    /// The région's name.
    pub region: &'static str,
    /// The cercle's name, for a cercle or a commune whose cercle is known.
    pub cercle: Option<&'static str>,
}

/// Admin 1 before the reform (relief.md 3.3).
const REGIONS_PRE2023: [(&str, &str); 10] = [
    ("ML01", "Kayes"),
    ("ML02", "Koulikoro"),
    ("ML03", "Sikasso"),
    ("ML04", "Ségou"),
    ("ML05", "Mopti"),
    ("ML06", "Tombouctou"),
    ("ML07", "Gao"),
    ("ML08", "Kidal"),
    ("ML09", "Bamako"),
    ("ML10", "Ménaka"),
];

/// Admin 1 after the reform, as far as a public mapping confirms it
/// (`ML14`, presumably Nara, is not confirmed and so not listed).
const REGIONS_2023: [(&str, &str); 19] = [
    ("ML00", "Bamako"),
    ("ML01", "Kayes"),
    ("ML02", "Koulikoro"),
    ("ML03", "Sikasso"),
    ("ML04", "Ségou"),
    ("ML05", "Mopti"),
    ("ML06", "Tombouctou"),
    ("ML07", "Gao"),
    ("ML08", "Kidal"),
    ("ML09", "Taoudenni"),
    ("ML10", "Ménaka"),
    ("ML11", "Nioro"),
    ("ML12", "Kita"),
    ("ML13", "Dioïla"),
    ("ML15", "Bougouni"),
    ("ML16", "Koutiala"),
    ("ML17", "San"),
    ("ML18", "Douentza"),
    ("ML19", "Bandiagara"),
];

/// Admin 2 before the reform, for the régions dugu serves with relief:
/// Mopti (all eight cercles) and Kayes (the seven, numbered in
/// alphabetical order as the confirmed ML0101, ML0103 and ML0107 are).
const CERCLES_PRE2023: [(&str, &str); 15] = [
    ("ML0101", "Bafoulabé"),
    ("ML0102", "Diéma"),
    ("ML0103", "Kayes"),
    ("ML0104", "Kéniéba"),
    ("ML0105", "Kita"),
    ("ML0106", "Nioro du Sahel"),
    ("ML0107", "Yélimané"),
    ("ML0501", "Bandiagara"),
    ("ML0502", "Bankass"),
    ("ML0503", "Djenné"),
    ("ML0504", "Douentza"),
    ("ML0505", "Koro"),
    ("ML0506", "Mopti"),
    ("ML0507", "Ténenkou"),
    ("ML0508", "Youwarou"),
];

/// Reads a code's shape: `ML` and 2, 4 or 6 digits, any case, no spaces
/// inside. ISO codes (`ML-5`, `ML-BKO`) are named as such.
pub fn level_of(code: &str) -> Result<(String, Level), PCodeError> {
    let code = code.trim().to_uppercase();
    if code.starts_with("ML-") {
        return Err(PCodeError::Iso(code));
    }
    let digits = code.strip_prefix("ML").filter(|rest| rest.bytes().all(|b| b.is_ascii_digit()));
    let level = match digits.map(str::len) {
        Some(2) => Level::Region,
        Some(4) => Level::Cercle,
        Some(6) => Level::Commune,
        _ => return Err(PCodeError::Malformed(code)),
    };
    Ok((code, level))
}

/// Places a P-code in an edition. Without an edition only a région code
/// both editions give the same name is read; everything else asks for one.
pub fn resolve(code: &str, edition: Option<Edition>) -> Result<Place, PCodeError> {
    let (code, level) = level_of(code)?;
    let region_code = &code[..4];
    let Some(edition) = edition else {
        let before = lookup(&REGIONS_PRE2023, region_code);
        let after = lookup(&REGIONS_2023, region_code);
        return match (level, before, after) {
            (Level::Region, Some(before), Some(after)) if before == after => {
                Ok(Place { code, level, region: before, cercle: None })
            }
            _ => Err(PCodeError::EditionNeeded(code)),
        };
    };
    let unknown = |code: String| PCodeError::Unknown { code, edition: edition.code() };
    let regions: &[(&str, &str)] = match edition {
        Edition::Pre2023 => &REGIONS_PRE2023,
        Edition::Reform2023 => &REGIONS_2023,
    };
    let region = lookup(regions, region_code).ok_or_else(|| unknown(code.clone()))?;
    let cercle = match (level, edition) {
        (Level::Region, _) => None,
        (_, Edition::Pre2023) => Some(lookup(&CERCLES_PRE2023, &code[..6]).ok_or_else(|| unknown(code.clone()))?),
        // The reform's cercles are not in dugu's table yet: a cercle or
        // commune under a known région is kept without a name.
        (_, Edition::Reform2023) => None,
    };
    Ok(Place { code, level, region, cercle })
}

/// Checks that a cercle is within its région and a commune within its
/// cercle: the higher code must be the lower one's prefix.
pub fn check_within(parent: &str, child: &str) -> Result<(), PCodeError> {
    let (parent, parent_level) = level_of(parent)?;
    let (child, child_level) = level_of(child)?;
    let deeper = matches!(
        (parent_level, child_level),
        (Level::Region, Level::Cercle | Level::Commune) | (Level::Cercle, Level::Commune)
    );
    if deeper && child.starts_with(&parent) { Ok(()) } else { Err(PCodeError::NotWithin { child, parent }) }
}

/// A place of an edition's tables, as a form offers it to choose from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Known {
    /// Its P-code.
    pub code: &'static str,
    /// Its French name.
    pub name: &'static str,
    /// Région or cercle (communes are not in dugu's tables).
    pub level: Level,
    /// The name of the région it is, or is in.
    pub region: &'static str,
}

/// Every place an edition's tables hold, each région followed by its
/// cercles, in code order: what [`resolve`] reads in that edition, so a
/// code chosen from it is never refused as unknown.
pub fn known(edition: Edition) -> Vec<Known> {
    let regions: &[(&'static str, &'static str)] = match edition {
        Edition::Pre2023 => &REGIONS_PRE2023,
        Edition::Reform2023 => &REGIONS_2023,
    };
    let cercles: &[(&'static str, &'static str)] = match edition {
        Edition::Pre2023 => &CERCLES_PRE2023,
        // The reform's cercles are not in dugu's table yet.
        Edition::Reform2023 => &[],
    };
    let mut out = Vec::new();
    for &(code, region) in regions {
        out.push(Known { code, name: region, level: Level::Region, region });
        out.extend(cercles.iter().filter(|(c, _)| c.starts_with(code)).map(|&(code, name)| Known {
            code,
            name,
            level: Level::Cercle,
            region,
        }));
    }
    out
}

fn lookup(table: &[(&str, &'static str)], code: &str) -> Option<&'static str> {
    table.iter().find(|(c, _)| *c == code).map(|(_, name)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirement_18_mopti_under_the_old_edition() {
        let region = resolve("ML05", Some(Edition::Pre2023)).expect("Mopti");
        assert_eq!((region.region, region.level), ("Mopti", Level::Region));
        let cercle = resolve("ML0506", Some(Edition::Pre2023)).expect("Mopti cercle");
        assert_eq!((cercle.region, cercle.cercle, cercle.level), ("Mopti", Some("Mopti"), Level::Cercle));
        assert_eq!(resolve("ml05", None).expect("same in both").region, "Mopti", "both editions agree on ML05");
    }

    #[test]
    fn requirement_18_ml09_needs_its_edition() {
        assert_eq!(resolve("ML09", None), Err(PCodeError::EditionNeeded("ML09".to_owned())));
        assert_eq!(resolve("ML09", Some(Edition::Pre2023)).expect("old").region, "Bamako");
        assert_eq!(resolve("ML09", Some(Edition::Reform2023)).expect("new").region, "Taoudenni");
        assert_eq!(
            resolve("ML12", None),
            Err(PCodeError::EditionNeeded("ML12".to_owned())),
            "Kita is a région only after 2023"
        );
        assert_eq!(
            resolve("ML12", Some(Edition::Pre2023)),
            Err(PCodeError::Unknown { code: "ML12".to_owned(), edition: "pre2023" })
        );
    }

    #[test]
    fn requirement_18_a_cercle_outside_its_region_and_iso_codes_are_refused() {
        assert!(check_within("ML05", "ML0506").is_ok());
        assert!(check_within("ML0506", "ML050601").is_ok());
        assert_eq!(
            check_within("ML05", "ML0103"),
            Err(PCodeError::NotWithin { child: "ML0103".to_owned(), parent: "ML05".to_owned() })
        );
        assert!(check_within("ML0506", "ML05").is_err(), "a région is not within a cercle");
        assert_eq!(resolve("ML-5", None), Err(PCodeError::Iso("ML-5".to_owned())));
        assert_eq!(resolve("ML-BKO", Some(Edition::Pre2023)), Err(PCodeError::Iso("ML-BKO".to_owned())));
        for bad in ["", "ML", "ML5", "ML0X", "MLI001", "ML 05", "ML12345"] {
            assert!(matches!(resolve(bad, Some(Edition::Pre2023)), Err(PCodeError::Malformed(_))), "{bad}");
        }
    }

    #[test]
    fn an_unknown_cercle_in_a_known_region_is_unknown_not_guessed() {
        assert_eq!(
            resolve("ML0599", Some(Edition::Pre2023)),
            Err(PCodeError::Unknown { code: "ML0599".to_owned(), edition: "pre2023" })
        );
        let commune = resolve("ML050601", Some(Edition::Pre2023)).expect("commune of a known cercle");
        assert_eq!((commune.level, commune.cercle), (Level::Commune, Some("Mopti")));
    }

    #[test]
    fn every_known_place_resolves_in_its_edition_under_its_region() {
        for edition in [Edition::Pre2023, Edition::Reform2023] {
            let places = known(edition);
            assert!(places.iter().any(|p| p.level == Level::Region && p.name == "Mopti"));
            for p in &places {
                let place = resolve(p.code, Some(edition)).expect(p.code);
                assert_eq!((place.level, place.region), (p.level, p.region), "{}", p.code);
                if p.level == Level::Cercle {
                    assert_eq!(place.cercle, Some(p.name));
                }
            }
        }
        let old = known(Edition::Pre2023);
        let koro = old.iter().position(|p| p.code == "ML0505").expect("Koro");
        let mopti = old.iter().position(|p| p.code == "ML05").expect("Mopti");
        assert!(mopti < koro && old[mopti + 1..koro].iter().all(|p| p.level == Level::Cercle), "grouped");
        assert_eq!(old.iter().find(|p| p.code == "ML09").map(|p| p.name), Some("Bamako"));
        assert_eq!(known(Edition::Reform2023).iter().find(|p| p.code == "ML09").map(|p| p.name), Some("Taoudenni"));
    }

    #[test]
    fn edition_codes_read_back() {
        for edition in [Edition::Pre2023, Edition::Reform2023] {
            assert_eq!(Edition::parse(edition.code()), Some(edition));
        }
    }
}
