//! Locations: Mali's administrative hierarchy down to dugu's sites.

use crate::errors::Problem;

/// A level of the hierarchy, from the country down to a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LocationKind {
    /// Mali.
    Country,
    /// Région (or the District of Bamako).
    Region,
    /// Cercle.
    Cercle,
    /// Commune.
    Commune,
    /// A site of the charity: national office, Children's Village,
    /// programme office. Record numbers are per site.
    Site,
}

impl LocationKind {
    /// All kinds, top down.
    pub const ALL: [LocationKind; 5] =
        [LocationKind::Country, LocationKind::Region, LocationKind::Cercle, LocationKind::Commune, LocationKind::Site];

    /// The code.
    pub fn code(self) -> &'static str {
        match self {
            LocationKind::Country => "country",
            LocationKind::Region => "region",
            LocationKind::Cercle => "cercle",
            LocationKind::Commune => "commune",
            LocationKind::Site => "site",
        }
    }

    /// Reads a code.
    pub fn parse(code: &str) -> Result<LocationKind, Problem> {
        LocationKind::ALL.into_iter().find(|k| k.code() == code.trim()).ok_or(Problem::NotAllowed)
    }
}

/// A location code: 2–12 upper-case letters, digits or hyphens (`KIT`,
/// `ML-KY`).
pub fn parse_code(raw: &str) -> Result<String, Problem> {
    let c = raw.trim();
    if c.is_empty() {
        return Err(Problem::Required);
    }
    if c.len() < 2 || c.len() > 12 || !c.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-') {
        return Err(Problem::Malformed);
    }
    Ok(c.to_string())
}
