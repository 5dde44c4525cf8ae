//! Locations: the hierarchy from Mali down to each site, set up by
//! administrators (or by the system at first start).

use crate::contract::Author;
use crate::{CommandError, Op, WriteTx, new_id};
use dugu_domain::location::LocationKind;
use dugu_domain::{EntityKind, Invalid, Problem};

/// A location.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Location {
    /// Id (UUIDv7).
    pub id: String,
    /// The location above, if any.
    pub parent_id: Option<String>,
    /// Level in the hierarchy.
    pub kind: String,
    /// Short code (`KIT`).
    pub code: String,
    /// Name.
    pub name: String,
}

/// A new location.
#[derive(Debug, Clone)]
pub struct LocationInput {
    /// Parent id, if any.
    pub parent_id: Option<String>,
    /// Level.
    pub kind: LocationKind,
    /// Code, unique.
    pub code: String,
    /// Name.
    pub name: String,
}

/// The facts the location commands read.
pub trait LocationTx: WriteTx {
    /// Whether a location already has `code`.
    fn location_code_taken(&self, code: &str) -> Result<bool, CommandError>;
    /// The site whose record numbers a location uses (the nearest site at
    /// or above it), if any.
    fn site_of(&self, location_id: &str) -> Result<Option<String>, CommandError>;
}

/// Creates a location (`who` is `None` when the system itself seeds
/// locations).
pub fn create_location<T: LocationTx + ?Sized>(
    tx: &mut T,
    who: Option<&T::Author>,
    input: &LocationInput,
) -> Result<Location, CommandError> {
    if who.is_some_and(|p| !p.role().administers()) {
        return Err(CommandError::Forbidden);
    }
    let mut invalid = Invalid::new();
    let code = invalid.check("code", dugu_domain::location::parse_code(&input.code));
    let name =
        invalid.check("name", dugu_domain::person::optional_text(&input.name).and_then(|n| n.ok_or(Problem::Required)));
    if let Some(parent) = &input.parent_id
        && !tx.location_exists(parent)?
    {
        invalid.add("parent_id", Problem::Unknown);
    }
    if let Some(c) = &code
        && tx.location_code_taken(c)?
    {
        invalid.add("code", Problem::Taken);
    }
    invalid.clone().into_result()?;
    let (Some(code), Some(name)) = (code, name) else {
        return Err(invalid.into());
    };
    let id = new_id();
    // Record numbers use the nearest site at or above.
    let site_id: Option<String> = if input.kind == LocationKind::Site {
        Some(id.clone())
    } else {
        match &input.parent_id {
            Some(p) => tx.site_of(p)?,
            None => None,
        }
    };
    let fields = vec![
        ("parent_id", serde_json::json!(input.parent_id)),
        ("kind", serde_json::json!(input.kind.code())),
        ("code", serde_json::json!(code)),
        ("name", serde_json::json!(name)),
        ("site_id", serde_json::json!(site_id)),
    ];
    tx.apply(who, vec![Op::create(EntityKind::Location, &id, fields)])?;
    Ok(Location { id, parent_id: input.parent_id.clone(), kind: input.kind.code().into(), code, name })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Fake, author};
    use dugu_domain::Role;

    fn kita(code: &str) -> LocationInput {
        LocationInput { parent_id: None, kind: LocationKind::Site, code: code.into(), name: "Kita".into() }
    }

    #[test]
    fn only_administrators_set_up_locations() {
        let mut tx = Fake::default();
        let director = author(Role::NationalDirector, "ml");
        assert!(matches!(create_location(&mut tx, Some(&director), &kita("KTA")), Err(CommandError::Forbidden)));
        assert_eq!(tx.reads.get(), 0, "refused before reading anything");
    }

    #[test]
    fn a_code_is_one_locations() {
        let mut tx = Fake::default();
        let Err(CommandError::Invalid(inv)) = create_location(&mut tx, None, &kita("KIT")) else {
            panic!("a code in use was accepted");
        };
        assert_eq!(inv.of("code"), Some(Problem::Taken));
    }

    #[test]
    fn a_site_numbers_its_own_records() {
        let mut tx = Fake::default();
        let site = create_location(&mut tx, None, &kita("KTA")).expect("created");
        let crate::Change::Create(fields) = &tx.applied[0].change else { panic!("not a creation") };
        assert!(fields.contains(&("site_id", serde_json::json!(site.id))));
    }
}
