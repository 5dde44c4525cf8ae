//! The registry of everything dugu keeps: each kind of entity, its fields,
//! the field group each field belongs to, and the action a role needs to
//! write it. One list, [`for_each_entity!`], is the single source: the
//! change log, the tables, the audit trail and the API all use its names,
//! and the storage crate generates its statements from the same list at
//! compile time (so a field cannot be named twice and drift).
//!
//! A set of child entities (a household's members, a child's measurements
//! or vaccinations, a plan's actions) is the children whose parent field
//! names the entity: adding is the child's creation, removing its
//! tombstone. Each addition has its own id, so two sites adding and
//! removing concurrently converge as an observed-remove set would.

use crate::access::{Action, FieldGroup};

/// How a field's value is written in an operation (JSON) and a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// Text, never null.
    Text,
    /// Text or null.
    OptText,
    /// An integer, never null.
    Int,
    /// An integer or null.
    OptInt,
    /// A number or null.
    OptReal,
    /// `true`/`false`, stored as 1/0.
    Bool,
    /// A list of text, stored one per line.
    Lines,
    /// A JSON document, stored as its text.
    Json,
    /// The id of another entity, never null.
    Ref,
    /// The id of another entity, or null.
    OptRef,
}

/// Which creation and change times an entity's table keeps; both come
/// from the operation's clock, so a replay reproduces them exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamps {
    /// None.
    None,
    /// `created_at`.
    Created,
    /// `created_at` and `updated_at`.
    CreatedUpdated,
}

/// One field of an entity kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldDef {
    /// The one name: in the op, the column, the audit entry and the API.
    pub name: &'static str,
    /// Who may read and write it; `None` for reference data that is not
    /// about a person (a location's name, a vaccine's due age).
    pub group: Option<FieldGroup>,
    /// Its type.
    pub ty: FieldType,
}

/// Calls `$m!` with the whole registry:
/// `Kind "op name" "table" Stamps Action [ field Group|- Type, ... ]`.
#[macro_export]
macro_rules! for_each_entity {
    ($m:ident) => {
        $m! {
            Location "location" "locations" Created ManageLocations [
                parent_id - OptRef, kind - Text, code - Text, name - Text, site_id - OptRef,
            ]
            User "user" "users" Created WriteAccounts [
                username - Text, display_name - Text, role - Text, disabled - Bool, awaiting_approval - Bool,
                location_ids - Lines,
            ]
            RoleRequest "role_request" "role_requests" Created WriteAccounts [
                user_id - Ref, kind - Text, role - Text, location_ids - Text, requested_by - Ref, status - Text,
                decided_by - OptRef, decided_at - OptInt,
            ]
            Person "person" "people" CreatedUpdated WritePeople [
                record_number Identity Text, location_id Identity Ref, given_name Identity Text,
                family_name Identity Text, other_names Identity Lines, sex Identity Text,
                birth_date Identity OptText, birth_date_precision Identity OptText,
                national_id Identity OptText, birth_certificate Identity OptText,
                phone Contact OptText, address Contact OptText,
                medical_notes Medical OptText, protection_notes Protection OptText,
            ]
            Household "household" "households" CreatedUpdated WritePeople [
                record_number Identity Text, location_id Identity Ref, name Identity Text,
            ]
            HouseholdMember "household_member" "household_members" None WritePeople [
                household_id Identity Ref, person_id Identity Ref, relationship Identity Text,
            ]
            Programme "programme" "programmes" Created ManageProgrammes [
                location_id - Ref, kind - Text, name - Text, start_date - Text, target - OptInt,
            ]
            Enrolment "enrolment" "enrolments" None WritePeople [
                programme_id Identity Ref, person_id Identity Ref, start_date Identity Text,
                end_date Identity OptText,
            ]
            Measurement "measurement" "measurements" Created RecordMedical [
                person_id Medical Ref, measured_on Medical Text, weight_kg Medical OptReal,
                length_height_cm Medical OptReal, measured Medical OptText, oedema Medical Bool,
                muac_mm Medical OptReal, head_cm Medical OptReal, struck_out Medical OptText,
                correction Medical OptText,
            ]
            House "house" "family_houses" Created ManageVillage [
                location_id - Ref, name - Text, capacity - Int, sos_parent_id - OptRef,
            ]
            Admission "admission" "admissions" Created HandleCare [
                person_id Identity Ref, location_id Identity Ref, admitted_on Identity Text,
                reason Protection Text, referred_by Protection OptText, sibling_group Identity Text,
                left_on Identity OptText, leaving_reason Protection OptText, correction Protection OptText,
                struck_out Protection OptText,
            ]
            Placement "placement" "placements" Created HandleCare [
                person_id Identity Ref, house_id Identity Ref, from_date Identity Text, to_date Identity OptText,
            ]
            CareFollowUp "care_follow_up" "care_follow_ups" Created HandleCare [
                admission_id Protection Ref, visited_on Protection Text, notes Protection Text,
                struck_out Protection OptText, correction Protection OptText,
            ]
            FamilySupport "family_support" "family_support" Created SupportFamilies [
                household_id Protection Ref, started_on Protection Text, ended_on Protection OptText,
                exit_reason Protection OptText, correction Protection OptText, struck_out Protection OptText,
            ]
            Assessment "assessment" "assessments" Created SupportFamilies [
                household_id Protection Ref, assessed_on Protection Text, assessor_id Protection Ref,
                food Protection Int, income Protection Int, housing Protection Int, health Protection Int,
                education Protection Int, child_care Protection Int, protection Protection Int,
                struck_out Protection OptText, correction Protection OptText,
            ]
            PlanAction "plan_action" "plan_actions" Created SupportFamilies [
                household_id Protection Ref, goal Protection Text, action Protection Text,
                responsible Protection Text, due_on Protection Text, done_on Protection OptText,
                struck_out Protection OptText, correction Protection OptText,
            ]
            HomeVisit "home_visit" "home_visits" Created SupportFamilies [
                household_id Protection Ref, visited_on Protection Text, visitor_id Protection Ref,
                notes Protection Text, struck_out Protection OptText, correction Protection OptText,
            ]
            CareGroup "care_group" "care_groups" Created ManageVillage [
                location_id - Ref, name - Text, kind - Text,
            ]
            GroupMember "group_member" "group_members" None WritePeople [
                group_id Identity Ref, person_id Identity Ref, from_date Identity Text,
            ]
            Register "register" "registers" CreatedUpdated WritePeople [
                group_id Identity Ref, day Identity Text, marks Identity Json,
            ]
            MedicalVisit "medical_visit" "medical_visits" Created RecordMedical [
                person_id Medical Ref, visited_on Medical Text, reason Medical Text, diagnosis Medical OptText,
                treatment Medical OptText, referral Medical OptText, struck_out Medical OptText,
                correction Medical OptText,
            ]
            VaccineDose "vaccine_dose" "vaccine_schedule" None SetVaccineSchedule [
                code - Text, vaccine - Text, due_days - Int, position - Int, active - Bool,
            ]
            Vaccination "vaccination" "vaccinations" Created RecordMedical [
                person_id Medical Ref, dose_code Medical Ref, given_on Medical OptText, struck_out Medical OptText,
                correction Medical OptText, undated Medical OptText,
            ]
            VaccinationCard "vaccination_card" "vaccination_cards" Created RecordMedical [
                person_id Medical Ref, history Medical Text, as_of Medical Text,
            ]
            ExtraDose "extra_dose" "extra_doses" Created RecordMedical [
                person_id Medical Ref, vaccine Medical Text, given_on Medical Text, context Medical Text,
                struck_out Medical OptText, correction Medical OptText,
            ]
            SchoolYear "school_year" "school_years" Created HandleCare [
                person_id Identity Ref, year Identity Text, school Identity Text, grade Identity Text,
                result Identity OptText, average Identity OptReal,
            ]
            // Emergency relief (issue 15). A displaced household is a
            // `Household` with its members; what relief adds is kept apart,
            // in the Relief group, so a nurse or a social worker never sees it.
            Displacement "displacement" "displacements" CreatedUpdated DistributeRelief [
                household_id Relief Ref, programme_id Relief Ref, status Relief Text, arrival_date Relief Text,
                reason Relief Text, host_family Relief Bool, admin_pcode Relief Text, origin_pcode Relief OptText,
                pcode_edition Relief Text, script_read Relief Bool, lawful_basis Relief Text,
                sharing_consent Relief Bool, household_flags Relief Lines, alternate_ids Relief Lines,
                card_serial Relief Int, card_replaced_on Relief OptText, kobo_uuid Relief OptText,
                registered_on Relief Text, struck_out Relief OptText,
            ]
            MemberNeeds "member_needs" "member_needs" None DistributeRelief [
                household_id Relief Ref, person_id Relief Ref, flags Relief Lines, wgss Relief OptText,
                disability Relief Bool,
            ]
            ReliefCycle "relief_cycle" "relief_cycles" Created SuperviseRelief [
                programme_id - Ref, name - Text, start_date - Text, end_date - Text, status - Text, items - Json,
                duration_rule - OptText, carry_over - Bool, site_ids - Lines,
            ]
            Entitlement "entitlement" "entitlements" Created DistributeRelief [
                cycle_id Relief Ref, household_id Relief Ref, item Relief Text, quantity Relief Int,
                unit Relief Text, modality Relief Text, inputs Relief Json, status Relief Text, site_id Relief Ref,
                carried_from Relief OptRef,
            ]
            Receipt "receipt" "receipts" Created DistributeRelief [
                entitlement_id Relief Ref, household_id Relief Ref, client_uuid Relief Text, collector_role Relief Text,
                collector_id Relief OptRef, site_id Relief Ref, served_by Relief Ref, served_at Relief Text,
                override_reason Relief OptText, voided Relief OptText, number Relief OptText,
            ]
            // relief: registration and duplicates
            // A pair of people the linkage found may be one, from a new
            // registration to one already there; a supervisor decides
            // (the latest decision on a pair counts, so any is undone by
            // the next). Nothing is ever merged.
            DuplicatePair "duplicate_pair" "duplicate_pairs" Created DistributeRelief [
                programme_id Relief Ref, household_id Relief Ref, person_id Relief Ref,
                other_household_id Relief Ref, other_person_id Relief Ref, band Relief Text,
                probability Relief OptReal, whole_household Relief Bool, evidence Relief Json,
            ]
            DuplicateDecision "duplicate_decision" "duplicate_decisions" Created SuperviseRelief [
                pair_id Relief Ref, household_id Relief Ref, other_household_id Relief Ref, decision Relief Text,
                note Relief OptText, decided_by Relief Ref, decided_at Relief Text,
            ]
            // relief: cycles and farming
            FarmSeason "farm_season" "farm_seasons" CreatedUpdated DistributeRelief [
                household_id Relief Ref, programme_id Relief Ref, season Relief Text, area_ha Relief OptReal,
                harvest_kg Relief OptInt, stock_months Relief OptInt, declared_on Relief OptText,
                next_harvest Relief Text,
            ]
            FarmInput "farm_input" "farm_inputs" Created DistributeRelief [
                household_id Relief Ref, season_id Relief Ref, input Relief Text, description Relief Text,
                quantity Relief Int, unit Relief Text, received_on Relief Text,
            ]
            // relief: desk and stock
            // A site's stock of one item in one cycle: waybills in, losses,
            // returns (issues are the receipts, never typed twice), then the
            // supervisor's reconciliation, which opens the way to the next
            // cycle there. Stock is a place's, not a person's.
            StockMovement "stock_movement" "stock_movements" Created DistributeRelief [
                site_id - Ref, cycle_id - Ref, item - Text, movement - Text, quantity - Int, unit - Text,
                reference - OptText, note - OptText, recorded_on - Text, recorded_by - Ref,
            ]
            StockReconciliation "stock_reconciliation" "stock_reconciliations" Created SuperviseRelief [
                site_id - Ref, cycle_id - Ref, item - Text, unit - Text, opening - Int, received - Int,
                distributed - Int, losses - Int, returned - Int, counted - Int, explanation - OptText,
                validated_by - Ref, validated_on - Text,
            ]
            // relief: reports
        }
    };
}

macro_rules! registry {
    ($( $kind:ident $name:literal $table:literal $stamps:ident $action:ident
        [ $( $field:ident $group:tt $ty:ident ),* $(,)? ] )*) => {
        /// Every kind of entity dugu keeps.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum EntityKind {
            $(
                #[doc = concat!("`", $name, "`, kept in `", $table, "`.")]
                $kind,
            )*
        }

        impl EntityKind {
            /// Every kind, in the order a replay creates them (parents first).
            pub const ALL: &'static [EntityKind] = &[$(EntityKind::$kind),*];

            /// Its name in operations and the audit trail.
            pub fn name(self) -> &'static str {
                match self { $(EntityKind::$kind => $name),* }
            }

            /// The kind with this name.
            pub fn parse(name: &str) -> Option<EntityKind> {
                match name { $($name => Some(EntityKind::$kind),)* _ => None }
            }

            /// Its fields, in the registry's order.
            pub fn fields(self) -> &'static [FieldDef] {
                match self {
                    $(EntityKind::$kind => &[
                        $(FieldDef { name: stringify!($field), group: registry!(@group $group), ty: FieldType::$ty }),*
                    ]),*
                }
            }

            /// The creation and change times it keeps.
            pub fn stamps(self) -> Stamps {
                match self { $(EntityKind::$kind => Stamps::$stamps),* }
            }

            /// The action a role needs to create or change it.
            pub fn write_action(self) -> Action {
                match self { $(EntityKind::$kind => Action::$action),* }
            }
        }
    };
    (@group -) => { None };
    (@group $g:ident) => { Some(FieldGroup::$g) };
}

for_each_entity!(registry);

impl EntityKind {
    /// A field by name.
    pub fn field(self, name: &str) -> Option<&'static FieldDef> {
        self.fields().iter().find(|f| f.name == name)
    }

    /// The index of a field by name.
    pub fn field_index(self, name: &str) -> Option<usize> {
        self.fields().iter().position(|f| f.name == name)
    }

    /// The field that places a record bound to a place — a family house
    /// or a care group by its location, a group's register by its group,
    /// a site's stock books by the site — set when the record is made and
    /// never after. Sites receive such a record by this field: one that
    /// came to hold it by a change of place would hold neither its
    /// creation nor its past, and the site it left would keep it. So a
    /// change of it is refused everywhere (`dugu_commands::authorize`,
    /// which the hub's re-check of a push runs too); a house "moved" is a
    /// new house set up in the other village, its children moved there.
    pub fn placed_by(self) -> Option<&'static str> {
        match self {
            EntityKind::House | EntityKind::CareGroup => Some("location_id"),
            EntityKind::Register => Some("group_id"),
            EntityKind::StockMovement | EntityKind::StockReconciliation => Some("site_id"),
            _ => None,
        }
    }
}

/// How a record's owning place is found: the location whose id its row
/// carries as `place_id` — the distribution column of a hub on Citus and
/// the key of a per-site partition in plain PostgreSQL (`hub.md`, item 2).
/// A record attached to something lives where that thing lives, so a
/// child's measurements, care and school years follow her when she is
/// transferred, and a household's support and relief follow it when it
/// moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// The record's own field names its place (a person's or a household's
    /// location, a family house's village, a site's stock books).
    Own(&'static str),
    /// The person its field names: the person's place.
    Person(&'static str),
    /// The household its field names: the household's place.
    Household(&'static str),
    /// Another record its field names, of that kind: that record's place
    /// (a follow-up through its admission, a register through its group).
    Record(&'static str, EntityKind),
    /// Shared reference data, no owner: a small table every node holds.
    Reference,
}

impl Owner {
    /// The field that leads to the place, if any.
    pub fn field(self) -> Option<&'static str> {
        match self {
            Owner::Own(f) | Owner::Person(f) | Owner::Household(f) | Owner::Record(f, _) => Some(f),
            Owner::Reference => None,
        }
    }

    /// The kind of record whose place this one takes, if it takes another's.
    pub fn anchor(self) -> Option<(&'static str, EntityKind)> {
        match self {
            Owner::Person(f) => Some((f, EntityKind::Person)),
            Owner::Household(f) => Some((f, EntityKind::Household)),
            Owner::Record(f, k) => Some((f, k)),
            Owner::Own(_) | Owner::Reference => None,
        }
    }
}

impl EntityKind {
    /// The one rule of where a record lives ([`Owner`]). A record naming
    /// two things belongs to the one the sync export sends it with first
    /// and whose page shows it: a household membership and a relief
    /// member's needs to the household (they move with it); a group
    /// membership, a placement in a house and an enrolment to the person
    /// (the child's record goes where she goes); a duplicate pair and its
    /// decisions to the newer registration's household (`household_id`);
    /// an entitlement and a receipt to the household they are for, not the
    /// desk that serves it (`site_id`: a household served at another
    /// site's desk keeps its relief history together). An admission is
    /// the child's, not the village she was admitted to: a transferred
    /// child's whole record lives together.
    pub fn owner(self) -> Owner {
        use EntityKind as K;
        match self {
            // The tree of places itself, copied to every node.
            K::Location => Owner::Reference,
            // Accounts may span sites (a national director, a regional
            // officer) and sign in anywhere their places are.
            K::User => Owner::Reference,
            // About an account, decided nationally: follows the accounts.
            K::RoleRequest => Owner::Reference,
            // Programmes are sent to every site: a relief programme runs at
            // several sites, and enrolments and cycles at any of them name it.
            K::Programme => Owner::Reference,
            // The national vaccination schedule.
            K::VaccineDose => Owner::Reference,
            // A cycle spans the sites in its `site_ids`.
            K::ReliefCycle => Owner::Reference,
            K::Person | K::Household | K::House | K::CareGroup => Owner::Own("location_id"),
            K::StockMovement | K::StockReconciliation => Owner::Own("site_id"),
            K::HouseholdMember
            | K::FamilySupport
            | K::Assessment
            | K::PlanAction
            | K::HomeVisit
            | K::Displacement
            | K::MemberNeeds
            | K::Entitlement
            | K::Receipt
            | K::DuplicatePair
            | K::DuplicateDecision
            | K::FarmSeason
            | K::FarmInput => Owner::Household("household_id"),
            K::Enrolment
            | K::Measurement
            | K::Admission
            | K::Placement
            | K::GroupMember
            | K::MedicalVisit
            | K::Vaccination
            | K::VaccinationCard
            | K::ExtraDose
            | K::SchoolYear => Owner::Person("person_id"),
            K::CareFollowUp => Owner::Record("admission_id", K::Admission),
            K::Register => Owner::Record("group_id", K::CareGroup),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_parse_back() {
        for k in EntityKind::ALL {
            assert_eq!(EntityKind::parse(k.name()), Some(*k));
            let mut names: Vec<_> = k.fields().iter().map(|f| f.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), k.fields().len(), "{k:?} names a field twice");
            assert!(k.field("id").is_none() && k.field("created_at").is_none(), "{k:?}: reserved column");
        }
    }

    #[test]
    fn a_record_bound_to_a_place_is_placed_by_one_of_its_references() {
        for k in EntityKind::ALL {
            if let Some(name) = k.placed_by() {
                let field = k.field(name).unwrap_or_else(|| panic!("{k:?} has no {name}"));
                assert_eq!(field.ty, FieldType::Ref, "{k:?}.{name}");
            }
        }
    }

    #[test]
    fn every_kind_has_a_place_rule_through_a_reference_it_holds() {
        for k in EntityKind::ALL {
            let owner = k.owner();
            let Some(name) = owner.field() else { continue };
            let field = k.field(name).unwrap_or_else(|| panic!("{k:?} has no {name}"));
            assert_eq!(field.ty, FieldType::Ref, "{k:?}.{name}: a place is never missing");
            if let Some((_, anchor)) = owner.anchor() {
                // The anchor is placed itself, and no chain loops.
                assert_ne!(anchor.owner(), Owner::Reference, "{k:?} through {anchor:?}");
                assert!(
                    EntityKind::ALL.iter().position(|x| x == &anchor) < EntityKind::ALL.iter().position(|x| x == k)
                );
            }
        }
        // A record bound to a place is placed by that same field (or one
        // leading to it).
        for k in EntityKind::ALL {
            if let Some(name) = k.placed_by() {
                assert_eq!(k.owner().field(), Some(name), "{k:?}");
            }
        }
        let references: Vec<_> = EntityKind::ALL.iter().filter(|k| k.owner() == Owner::Reference).collect();
        assert_eq!(references.len(), 6, "{references:?}");
    }

    #[test]
    fn people_data_is_in_a_group_and_reference_data_is_not() {
        for k in [EntityKind::Person, EntityKind::Measurement, EntityKind::Admission, EntityKind::Assessment] {
            assert!(k.fields().iter().all(|f| f.group.is_some()), "{k:?}");
        }
        for k in [EntityKind::Location, EntityKind::VaccineDose, EntityKind::House] {
            assert!(k.fields().iter().all(|f| f.group.is_none()), "{k:?}");
        }
    }
}
