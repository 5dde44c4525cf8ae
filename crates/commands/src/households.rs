//! Households: people living together, each member's relationship to the
//! head. Written by roles that write people, at locations in scope.

use crate::contract::Author;
use crate::{CommandError, Op, WriteTx, new_id};
use dugu_domain::household::Relationship;
use dugu_domain::{EntityKind, Invalid, Problem};

/// A new household.
#[derive(Debug, Clone, Default)]
pub struct HouseholdInput {
    /// Name.
    pub name: String,
    /// Location id.
    pub location_id: String,
    /// `(person id, relationship code)`.
    pub members: Vec<(String, String)>,
}

/// A member of a household as the commands see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberFacts {
    /// The person.
    pub person_id: String,
    /// Relationship code.
    pub relationship: String,
    /// Where the person lives now (a member out of scope is not the
    /// author's to see).
    pub location_id: String,
}

/// The facts the household commands read, and the two things they ask of
/// the backend besides ops.
pub trait HouseholdTx: WriteTx {
    /// The household's members, wherever they live.
    fn members(&self, household_id: &str) -> Result<Vec<MemberFacts>, CommandError>;
    /// Takes the next record number of the site `location_id` belongs to
    /// (`KIT-000101`): a counter only the backend keeps.
    fn take_record_number(&mut self, location_id: &str) -> Result<String, CommandError>;
    /// Adds to the household's own trail that its members changed (the
    /// membership's creation is audited on the membership).
    fn audit_members_changed(&mut self, who: &Self::Author, household_id: &str) -> Result<(), CommandError>;
}

/// A membership: its own entity, so two sites adding and removing members
/// converge (an observed-remove set).
fn member(household_id: &str, person_id: &str, rel: Relationship) -> Op {
    Op::create(
        EntityKind::HouseholdMember,
        &new_id(),
        vec![
            ("household_id", serde_json::json!(household_id)),
            ("person_id", serde_json::json!(person_id)),
            ("relationship", serde_json::json!(rel.code())),
        ],
    )
}

/// Whether `person_id` is someone `who` may add: a person in scope.
fn seen<T: WriteTx + ?Sized>(tx: &T, who: &T::Author, person_id: &str) -> Result<bool, CommandError> {
    Ok(tx.person(person_id)?.is_some_and(|p| who.sees(&p.location_id)))
}

/// Creates a household at a location in scope, with members in scope, at
/// most one of them its head; its id.
pub fn create_household<T: HouseholdTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    input: &HouseholdInput,
) -> Result<String, CommandError> {
    if !who.role().writes_people() {
        return Err(CommandError::Forbidden);
    }
    let mut inv = Invalid::new();
    let name =
        inv.check("name", dugu_domain::person::optional_text(&input.name).and_then(|n| n.ok_or(Problem::Required)));
    if !(who.sees(&input.location_id) && tx.location_exists(&input.location_id)?) {
        inv.add("location_id", if input.location_id.trim().is_empty() { Problem::Required } else { Problem::Unknown });
    }
    let mut members = Vec::new();
    for (i, (person_id, rel)) in input.members.iter().enumerate() {
        let rel = inv.check(&format!("members[{i}].relationship"), Relationship::parse(rel));
        if !seen(tx, who, person_id)? {
            inv.add(&format!("members[{i}].person_id"), Problem::Unknown);
        }
        if members.iter().any(|(p, _): &(String, Relationship)| p == person_id) {
            inv.add(&format!("members[{i}].person_id"), Problem::Taken);
        }
        if let Some(rel) = rel {
            members.push((person_id.clone(), rel));
        }
    }
    if members.iter().filter(|(_, r)| *r == Relationship::Head).count() > 1 {
        inv.add("members", Problem::NotAllowed);
    }
    inv.clone().into_result()?;
    let Some(name) = name else {
        return Err(inv.into());
    };
    let id = new_id();
    let record_number = tx.take_record_number(&input.location_id)?;
    let mut ops = vec![Op::create(
        EntityKind::Household,
        &id,
        vec![
            ("record_number", serde_json::json!(record_number)),
            ("location_id", serde_json::json!(input.location_id)),
            ("name", serde_json::json!(name)),
        ],
    )];
    ops.extend(members.iter().map(|(person_id, rel)| member(&id, person_id, *rel)));
    tx.apply(Some(who), ops)?;
    Ok(id)
}

/// Adds a person in scope to a household in scope (a second head is
/// refused).
pub fn add_household_member<T: HouseholdTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    household_id: &str,
    person_id: &str,
    relationship: &str,
) -> Result<(), CommandError> {
    if !who.role().writes_people() {
        return Err(CommandError::Forbidden);
    }
    crate::household_in_scope(tx, who, household_id)?;
    // Members who moved out of scope are not the author's to see, so they
    // count for nothing here either.
    let members: Vec<MemberFacts> =
        tx.members(household_id)?.into_iter().filter(|m| who.sees(&m.location_id)).collect();
    let mut inv = Invalid::new();
    let rel = inv.check("relationship", Relationship::parse(relationship));
    if !seen(tx, who, person_id)? || members.iter().any(|m| m.person_id == person_id) {
        inv.add("person_id", Problem::Unknown);
    }
    if rel == Some(Relationship::Head) && members.iter().any(|m| m.relationship == Relationship::Head.code()) {
        inv.add("relationship", Problem::NotAllowed);
    }
    inv.clone().into_result()?;
    let Some(rel) = rel else {
        return Err(inv.into());
    };
    tx.apply(Some(who), vec![member(household_id, person_id, rel)])?;
    tx.audit_members_changed(who, household_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PersonFacts;
    use crate::testing::{Fake, author};
    use dugu_domain::Role;

    fn household(head_location: &str) -> Fake {
        let mut tx = Fake::with_child("kita");
        tx.households.push(("household".into(), "kita".into()));
        let head =
            MemberFacts { person_id: "head".into(), relationship: "head".into(), location_id: head_location.into() };
        tx.members.push(("household".into(), head));
        tx
    }

    #[test]
    fn a_household_has_one_head() {
        let mut tx = household("kita");
        let worker = author(Role::SocialWorker, "kita");
        let Err(CommandError::Invalid(inv)) = add_household_member(&mut tx, &worker, "household", "child", "head")
        else {
            panic!("a second head was added");
        };
        assert_eq!(inv.of("relationship"), Some(Problem::NotAllowed));
        assert!(tx.applied.is_empty() && tx.audited.is_empty());
    }

    #[test]
    fn a_head_out_of_scope_counts_for_nothing() {
        // What the author cannot see does not decide for them.
        let mut tx = household("mopti");
        let worker = author(Role::SocialWorker, "kita");
        add_household_member(&mut tx, &worker, "household", "child", "head").expect("added");
        assert_eq!(tx.audited, vec!["household".to_string()]);
    }

    #[test]
    fn a_member_out_of_scope_is_unknown() {
        let mut tx = household("kita");
        let far = PersonFacts { location_id: "mopti".into(), birth_date: None, sex: dugu_domain::Sex::Female };
        tx.people.push(("far".into(), far));
        let worker = author(Role::SocialWorker, "kita");
        let input = HouseholdInput {
            name: "Diarra".into(),
            location_id: "kita".into(),
            members: vec![("far".into(), "child".into())],
        };
        let Err(CommandError::Invalid(inv)) = create_household(&mut tx, &worker, &input) else {
            panic!("a member out of scope was accepted");
        };
        assert_eq!(inv.of("members[0].person_id"), Some(Problem::Unknown));
    }
}
