//! Places of origin: commune → cercle → région, with the spellings people
//! write (`data/places.txt`). One record gives the commune (Sanankoroba),
//! another the cercle (Kati), a third spells it its own way (Sokoura for
//! Socoura): compared as text they differ, as places they agree at the
//! level of the cercle, or of the commune.

use crate::key::key;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The places as shipped.
pub const PLACES_FILE: &str = include_str!("../data/places.txt");

/// A problem in the places file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Where a written place sits: its commune when it names one, its cercle
/// when known, its région.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Place {
    /// The commune, when the text names one.
    pub commune: Option<u32>,
    /// The cercle, when the text names a commune or a cercle.
    pub cercle: Option<u32>,
    /// The région.
    pub region: u32,
}

/// How two places of origin agree, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlaceLevel {
    /// The same commune (or the same text, for places the file does not
    /// know).
    Same,
    /// The same cercle: two communes of it, or a commune and the cercle.
    SameCercle,
    /// The same région.
    SameRegion,
    /// Different places.
    Different,
    /// One side gives none.
    Missing,
}

/// The place hierarchy: every spelling (folded, and its transliteration
/// key) of a commune, a cercle or a région.
#[derive(Debug, Clone, Default)]
pub struct Places {
    communes: HashMap<String, (u32, u32)>,
    cercles: HashMap<String, u32>,
    regions: HashMap<String, u32>,
    cercle_region: Vec<u32>,
}

/// The words of a place, folded; and its key (each word's transliteration
/// key), so that spellings the file does not list still meet.
fn forms(text: &str) -> [String; 2] {
    let folded = dugu_domain::fold(text);
    // "Cercle de Kati", "Commune de Siby", "Région de Mopti": the place.
    let folded = ["cercle de ", "commune rurale de ", "commune de ", "region de ", "village de "]
        .iter()
        .find_map(|p| folded.strip_prefix(p))
        .map_or(folded.clone(), str::to_string);
    let keyed = folded.split(' ').filter(|w| !w.is_empty()).map(key).collect::<Vec<_>>().join(" ");
    [folded, keyed]
}

fn names(part: &str) -> Vec<String> {
    part.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

impl Places {
    /// Reads a places file: `région | cercle | commune` per line, each part
    /// a comma-separated list of spellings, `#` comments. A spelling given
    /// to two communes (or cercles, or régions) is an error.
    pub fn parse(text: &str) -> Result<Places, PlaceError> {
        let mut p = Places::default();
        let mut region_of_cercle: HashMap<u32, u32> = HashMap::new();
        let mut next_commune = 0u32;
        // Spelling keys of communes: two communes may share one (Commune I
        // and Commune II); such a key finds neither.
        let mut keys: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let err = |message: String| PlaceError { line: i + 1, message };
            let parts: Vec<Vec<String>> = line.split('|').map(names).collect();
            if parts.len() != 3 || parts.iter().any(Vec::is_empty) {
                return Err(err("a line needs: région | cercle | commune".into()));
            }
            let region = Self::intern(&mut p.regions, &parts[0]).map_err(&err)?;
            let cercle = Self::intern(&mut p.cercles, &parts[1]).map_err(&err)?;
            if *region_of_cercle.entry(cercle).or_insert(region) != region {
                return Err(err(format!("cercle {} is already in another région", parts[1][0])));
            }
            let first = forms(&parts[2][0])[0].clone();
            let commune = match p.communes.get(&first) {
                Some(c) => c.0,
                None => {
                    next_commune += 1;
                    next_commune
                }
            };
            for spelling in &parts[2] {
                let [folded, keyed] = forms(spelling);
                if let Some(other) = p.communes.insert(folded, (commune, cercle))
                    && other != (commune, cercle)
                {
                    return Err(err(format!("{spelling} is already another commune")));
                }
                keys.entry(keyed).or_default().push((commune, cercle));
            }
        }
        for (keyed, mut found) in keys {
            found.sort_unstable();
            found.dedup();
            if found.len() == 1 {
                p.communes.entry(keyed).or_insert(found[0]);
            }
        }
        p.cercle_region = vec![0; p.cercles.values().max().map_or(0, |m| *m as usize + 1)];
        for (c, r) in region_of_cercle {
            p.cercle_region[c as usize] = r;
        }
        Ok(p)
    }

    /// Gives each spelling of one name the same number (a new one, unless
    /// some spelling is known already).
    fn intern(map: &mut HashMap<String, u32>, spellings: &[String]) -> Result<u32, String> {
        let all: Vec<String> = spellings.iter().flat_map(|s| forms(s)).collect();
        let known: Vec<u32> = all.iter().filter_map(|f| map.get(f).copied()).collect();
        let id = known.first().copied().unwrap_or(map.values().max().map_or(0, |m| m + 1));
        if known.iter().any(|k| *k != id) {
            return Err(format!("{} names two different places", spellings.join(", ")));
        }
        for f in all {
            map.insert(f, id);
        }
        Ok(id)
    }

    /// The shipped places.
    pub fn shipped() -> &'static Places {
        static P: OnceLock<Places> = OnceLock::new();
        P.get_or_init(|| Places::parse(PLACES_FILE).unwrap_or_default())
    }

    /// Where a written place sits, if the file knows it: as a commune
    /// first (Bandiagara the town), else as a cercle, else as a région.
    pub fn find(&self, text: &str) -> Option<Place> {
        let forms = forms(text);
        for f in &forms {
            if let Some((commune, cercle)) = self.communes.get(f) {
                let region = self.cercle_region[*cercle as usize];
                return Some(Place { commune: Some(*commune), cercle: Some(*cercle), region });
            }
        }
        for f in &forms {
            if let Some(cercle) = self.cercles.get(f) {
                return Some(Place {
                    commune: None,
                    cercle: Some(*cercle),
                    region: self.cercle_region[*cercle as usize],
                });
            }
        }
        forms.iter().find_map(|f| self.regions.get(f)).map(|r| Place { commune: None, cercle: None, region: *r })
    }
}

/// Compares two known places.
pub fn compare(a: Place, b: Place) -> PlaceLevel {
    if a.commune.is_some() && a.commune == b.commune {
        PlaceLevel::Same
    } else if a.cercle.is_some() && a.cercle == b.cercle {
        PlaceLevel::SameCercle
    } else if a.region == b.region {
        PlaceLevel::SameRegion
    } else {
        PlaceLevel::Different
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level(a: &str, b: &str) -> PlaceLevel {
        let p = Places::shipped();
        compare(p.find(a).expect(a), p.find(b).expect(b))
    }

    #[test]
    fn the_shipped_file_is_valid() {
        let p = Places::parse(PLACES_FILE).expect("valid places");
        assert!(p.communes.len() > 150, "{}", p.communes.len());
        for region in ["Bamako", "Koulikoro", "Kayes", "Mopti", "Ségou", "Sikasso", "Tombouctou", "Gao"] {
            assert!(p.find(region).is_some(), "{region}");
        }
    }

    #[test]
    fn commune_cercle_region_levels() {
        assert_eq!(level("Socoura", "SOKOURA"), PlaceLevel::Same, "a spelling variant");
        assert_eq!(level("Sévaré", "Sevare"), PlaceLevel::Same);
        assert_eq!(level("Sanankoroba", "Kati"), PlaceLevel::SameCercle, "a commune and its cercle");
        assert_eq!(level("Sanankoroba", "Siby"), PlaceLevel::SameCercle, "two communes of one cercle");
        assert_eq!(level("Khouloum", "Kita"), PlaceLevel::SameRegion, "two cercles of Kayes");
        assert_eq!(level("Douentza", "Bandiagara"), PlaceLevel::SameRegion);
        assert_eq!(level("Hombori", "Douentza"), PlaceLevel::SameCercle);
        assert_eq!(level("Douentza", "Gao"), PlaceLevel::Different);
        assert_eq!(level("Djenné", "Jenne"), PlaceLevel::Same);
        assert_eq!(level("Cercle de Kati", "Siby"), PlaceLevel::SameCercle, "a cercle written as on forms");
        assert!(Places::shipped().find("Paris").is_none(), "unknown places are compared as text");
    }

    #[test]
    fn a_spelling_of_two_communes_is_refused() {
        let e = Places::parse("Mopti | Mopti | Sio\nMopti | Douentza | Sio\n").expect_err("two communes");
        assert_eq!(e.line, 2);
        assert!(Places::parse("Mopti | Sio\n").is_err(), "a part missing");
        let e = Places::parse("Mopti | Koro | Koro\nGao | Koro | Bamba\n").expect_err("a cercle in two régions");
        assert_eq!(e.line, 2);
    }
}
