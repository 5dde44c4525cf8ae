//! Roles and what each may see and do: need-to-know as data, so the store
//! can enforce it on every query and tests can enumerate it.

use crate::errors::Problem;

/// A user's role. A user also has one or more locations; the role says what
/// they may do there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Runs the system: users, locations, programmes, audit. No case data.
    Administrator,
    /// National director: reads every location's records.
    NationalDirector,
    /// Director of a village or programme location.
    LocationDirector,
    /// Social worker: households, family strengthening, protection.
    SocialWorker,
    /// Nurse or medical officer.
    Nurse,
    /// Relief officer or enumerator: registration of displaced households,
    /// distributions at the desk.
    ReliefOfficer,
    /// Relief supervisor: what a relief officer does, plus the decisions a
    /// desk may not take alone — duplicate pairs, cycles, overrides,
    /// conflicting receipts, stock reconciliations.
    ReliefSupervisor,
    /// Fundraiser: supporters only, never a person record.
    Fundraiser,
    /// Auditor / data protection officer: the audit trail only.
    Auditor,
}

/// Groups of fields with their own visibility. Later features add fields
/// to a group; who may see them follows from the group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldGroup {
    /// Names, sex, birth date, identifiers, location, household.
    Identity,
    /// Phone, address.
    Contact,
    /// Health: medical notes, later visits, diagnoses, growth.
    Medical,
    /// Child protection: risk, protection notes.
    Protection,
    /// Emergency relief: displacement, vulnerability, the Washington Group
    /// answers, entitlements and receipts. Need-to-know for relief staff
    /// and directors, not for a nurse or a social worker.
    Relief,
}

impl FieldGroup {
    /// All groups.
    pub const ALL: [FieldGroup; 5] =
        [FieldGroup::Identity, FieldGroup::Contact, FieldGroup::Medical, FieldGroup::Protection, FieldGroup::Relief];

    /// The code in JSON and the database.
    pub fn code(self) -> &'static str {
        match self {
            FieldGroup::Identity => "identity",
            FieldGroup::Contact => "contact",
            FieldGroup::Medical => "medical",
            FieldGroup::Protection => "protection",
            FieldGroup::Relief => "relief",
        }
    }
}

/// What a role may do, besides reading and writing field groups. Kept as
/// data ([`Action::ROLES`]), not as one method per feature, so the whole
/// policy can be read, tested and checked by the store in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Create and change people, households and their memberships.
    WritePeople,
    /// Set up locations.
    ManageLocations,
    /// Set up programmes.
    ManageProgrammes,
    /// Manage user accounts.
    ManageUsers,
    /// Set up a village's family houses and day-care groups.
    ManageVillage,
    /// Admit, place and discharge children; their school years.
    HandleCare,
    /// Family strengthening: support, assessments, plans, home visits.
    SupportFamilies,
    /// Measurements, medical visits and vaccinations.
    RecordMedical,
    /// Change the national vaccination schedule.
    SetVaccineSchedule,
    /// Read and export the audit trail.
    ReadAudit,
    /// Approve a grant an administrator may not make alone.
    ApprovePrivileges,
    /// Write accounts and the requests for their grants: administrators
    /// file and make changes, national directors approve them. Which of
    /// them may do what to which account is user administration's rule
    /// (what an administrator may grant alone); this only says who writes.
    WriteAccounts,
    /// Relief at the desk: a household's displacement record, its members'
    /// needs, entitlements and receipts, stock movements.
    DistributeRelief,
    /// Relief decisions a desk does not take alone: cycles, duplicate
    /// pairs, overrides, conflicting receipts, reconciliations.
    SuperviseRelief,
}

impl Action {
    /// The role × action table: who may do what.
    pub const ROLES: &'static [(Action, &'static [Role])] = {
        use Role::*;
        &[
            (Action::WritePeople, &[LocationDirector, SocialWorker, Nurse, ReliefOfficer, ReliefSupervisor]),
            (Action::ManageLocations, &[Administrator]),
            (Action::ManageProgrammes, &[Administrator]),
            (Action::ManageUsers, &[Administrator]),
            (Action::ManageVillage, &[LocationDirector]),
            (Action::HandleCare, &[LocationDirector, SocialWorker]),
            (Action::SupportFamilies, &[LocationDirector, SocialWorker]),
            (Action::RecordMedical, &[LocationDirector, Nurse]),
            (Action::SetVaccineSchedule, &[NationalDirector]),
            (Action::ReadAudit, &[Administrator, Auditor]),
            (Action::ApprovePrivileges, &[NationalDirector]),
            (Action::WriteAccounts, &[Administrator, NationalDirector]),
            (Action::DistributeRelief, &[LocationDirector, ReliefOfficer, ReliefSupervisor]),
            (Action::SuperviseRelief, &[LocationDirector, ReliefSupervisor]),
        ]
    };
}

impl Role {
    /// All roles.
    pub const ALL: [Role; 9] = [
        Role::Administrator,
        Role::NationalDirector,
        Role::LocationDirector,
        Role::SocialWorker,
        Role::Nurse,
        Role::ReliefOfficer,
        Role::ReliefSupervisor,
        Role::Fundraiser,
        Role::Auditor,
    ];

    /// The code in the database, config and demo usernames.
    pub fn code(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::NationalDirector => "national_director",
            Role::LocationDirector => "director",
            Role::SocialWorker => "social_worker",
            Role::Nurse => "nurse",
            Role::ReliefOfficer => "relief_officer",
            Role::ReliefSupervisor => "relief_supervisor",
            Role::Fundraiser => "fundraiser",
            Role::Auditor => "auditor",
        }
    }

    /// Reads a code.
    pub fn parse(code: &str) -> Result<Role, Problem> {
        Role::ALL.into_iter().find(|r| r.code() == code.trim()).ok_or(Problem::NotAllowed)
    }

    /// Whether the role may do `action` (the [`Action::ROLES`] table).
    pub fn may(self, action: Action) -> bool {
        Action::ROLES.iter().any(|(a, roles)| *a == action && roles.contains(&self))
    }

    /// Whether the role sees every location regardless of its own.
    pub fn sees_all_locations(self) -> bool {
        matches!(self, Role::Administrator | Role::NationalDirector | Role::Auditor | Role::Fundraiser)
    }

    /// Whether the role may read person and household records at all.
    pub fn reads_people(self) -> bool {
        self.readable_groups().contains(&FieldGroup::Identity)
    }

    /// Whether the role may create and edit person and household records.
    pub fn writes_people(self) -> bool {
        self.writable_groups().contains(&FieldGroup::Identity)
    }

    /// The field groups the role may read.
    pub fn readable_groups(self) -> &'static [FieldGroup] {
        use FieldGroup::*;
        match self {
            Role::NationalDirector | Role::LocationDirector => &[Identity, Contact, Medical, Protection, Relief],
            Role::SocialWorker => &[Identity, Contact, Protection],
            Role::Nurse => &[Identity, Contact, Medical],
            Role::ReliefOfficer | Role::ReliefSupervisor => &[Identity, Contact, Relief],
            Role::Administrator | Role::Fundraiser | Role::Auditor => &[],
        }
    }

    /// The field groups the role may write.
    pub fn writable_groups(self) -> &'static [FieldGroup] {
        use FieldGroup::*;
        match self {
            Role::LocationDirector => &[Identity, Contact, Medical, Protection, Relief],
            Role::SocialWorker => &[Identity, Contact, Protection],
            Role::Nurse => &[Identity, Contact, Medical],
            Role::ReliefOfficer | Role::ReliefSupervisor => &[Identity, Contact, Relief],
            Role::NationalDirector | Role::Administrator | Role::Fundraiser | Role::Auditor => &[],
        }
    }

    /// May read a field group.
    pub fn reads(self, g: FieldGroup) -> bool {
        self.readable_groups().contains(&g)
    }

    /// May write a field group.
    pub fn writes(self, g: FieldGroup) -> bool {
        self.writable_groups().contains(&g)
    }

    /// May read and export the audit trail.
    pub fn reads_audit(self) -> bool {
        self.may(Action::ReadAudit)
    }

    /// May set up a village's family houses (the village director).
    pub fn manages_village(self) -> bool {
        self.may(Action::ManageVillage)
    }

    /// May admit, place and discharge children (who also read why a child
    /// was admitted: protection data).
    pub fn handles_care(self) -> bool {
        self.may(Action::HandleCare)
    }

    /// May change the vaccination schedule: a national programme decision
    /// (Mali's PEV adds a vaccine or moves a dose), not a site's.
    pub fn sets_vaccine_schedule(self) -> bool {
        self.may(Action::SetVaccineSchedule)
    }

    /// May manage users, locations and programmes.
    pub fn administers(self) -> bool {
        self.may(Action::ManageUsers)
    }

    /// Must use a second factor outside the demo, whatever the deployment
    /// says (a site can add roles, never remove these).
    pub fn requires_second_factor(self) -> bool {
        matches!(self, Role::Administrator | Role::NationalDirector | Role::Auditor)
    }

    /// Whether a deployment may require a second factor of this role: the
    /// roles that read protection or medical data.
    pub fn may_require_second_factor(self) -> bool {
        self.reads(FieldGroup::Protection) || self.reads(FieldGroup::Medical)
    }

    /// Whether `self` may grant `role` (or change its locations) alone. A
    /// role that reads anything `self` does not — a field group of person
    /// records, or the audit trail — needs a national director's approval:
    /// otherwise an administrator, who sees no child, could make an account
    /// that sees every child.
    pub fn may_grant_alone(self, role: Role) -> bool {
        role.readable_groups().iter().all(|g| self.reads(*g)) && (!role.reads_audit() || self.reads_audit())
    }

    /// May approve a grant that an administrator may not make alone.
    pub fn approves_privileges(self) -> bool {
        self.may(Action::ApprovePrivileges)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Ok(r));
        }
    }

    #[test]
    fn administrators_grant_alone_only_what_they_read() {
        let admin = Role::Administrator;
        assert!(admin.may_grant_alone(Role::Fundraiser));
        assert!(admin.may_grant_alone(Role::Administrator));
        assert!(admin.may_grant_alone(Role::Auditor), "both read the audit trail, neither a child");
        for r in [
            Role::NationalDirector,
            Role::LocationDirector,
            Role::SocialWorker,
            Role::Nurse,
            Role::ReliefOfficer,
            Role::ReliefSupervisor,
        ] {
            assert!(!admin.may_grant_alone(r), "{r:?} reads person records");
        }
        assert!(Role::NationalDirector.approves_privileges() && !admin.approves_privileges());
        assert!(!Role::Nurse.may_require_second_factor() || Role::Nurse.reads(FieldGroup::Medical));
        assert!(!Role::ReliefOfficer.may_require_second_factor() && !Role::Fundraiser.may_require_second_factor());
    }

    #[test]
    fn actions_on_people_need_the_groups_they_write() {
        for r in Role::ALL {
            assert_eq!(r.may(Action::WritePeople), r.writes(FieldGroup::Identity), "{r:?}");
            assert_eq!(r.may(Action::RecordMedical), r.writes(FieldGroup::Medical), "{r:?}");
            assert_eq!(r.may(Action::HandleCare), r.writes(FieldGroup::Protection), "{r:?}");
            assert_eq!(r.may(Action::SupportFamilies), r.writes(FieldGroup::Protection), "{r:?}");
            assert_eq!(r.may(Action::DistributeRelief), r.writes(FieldGroup::Relief), "{r:?}");
            assert!(!r.may(Action::SuperviseRelief) || r.may(Action::DistributeRelief), "{r:?}");
        }
    }

    #[test]
    fn need_to_know() {
        assert!(!Role::Fundraiser.reads_people());
        assert!(!Role::Auditor.reads_people());
        assert!(!Role::Administrator.reads_people());
        assert!(Role::SocialWorker.reads(FieldGroup::Protection) && !Role::SocialWorker.reads(FieldGroup::Medical));
        assert!(Role::Nurse.reads(FieldGroup::Medical) && !Role::Nurse.reads(FieldGroup::Protection));
        assert!(!Role::ReliefOfficer.reads(FieldGroup::Medical));
        assert!(!Role::Nurse.reads(FieldGroup::Relief) && !Role::SocialWorker.reads(FieldGroup::Relief));
        assert!(
            Role::ReliefSupervisor.may(Action::SuperviseRelief) && !Role::ReliefOfficer.may(Action::SuperviseRelief)
        );
        assert!(Role::NationalDirector.reads_people() && !Role::NationalDirector.writes_people());
        for r in Role::ALL {
            for g in r.writable_groups() {
                assert!(r.reads(*g), "{r:?} writes {g:?} it cannot read");
            }
        }
    }
}
