//! A backend in memory for the commands' own tests: it answers the facts
//! it was given and keeps the ops it was handed, so a test sees what a
//! rule decided before anything reached a real store. What the store does
//! with ops is tested against real SQLite in dugu-storage.

use crate::attendance::AttendanceTx;
use crate::corrections::{CorrectionTx, RecordFacts};
use crate::family::FamilyTx;
use crate::growth::Recorded;
use crate::households::{HouseholdTx, MemberFacts};
use crate::locations::LocationTx;
use crate::people::{PeopleTx, Person};
use crate::programmes::{ProgrammeFacts, ProgrammeTx};
use crate::school::{SchoolTx, SchoolYear};
use crate::users::{AccountAudit, AccountFacts, RequestFacts, UsersTx};
use crate::vaccinations::VaccinationTx;
use crate::villages::{AdmissionFacts, CurrentPlacement, HouseFacts, VillageTx};
use crate::{Author, CommandError, Op, PersonFacts, WriteTx};
use dugu_domain::EntityKind;
use dugu_domain::Role;
use std::cell::Cell;
use std::collections::HashMap;

/// An author with a role, seeing one location.
pub(crate) struct FakeAuthor {
    role: Role,
    location: String,
}

pub(crate) fn author(role: Role, location: &str) -> FakeAuthor {
    FakeAuthor { role, location: location.into() }
}

impl Author for FakeAuthor {
    fn user_id(&self) -> &str {
        "author"
    }
    fn role(&self) -> Role {
        self.role
    }
    fn sees(&self, location_id: &str) -> bool {
        self.location == location_id
    }
}

#[derive(Default)]
pub(crate) struct Fake {
    /// `(id, facts)`.
    pub(crate) people: Vec<(String, PersonFacts)>,
    /// `(id, person, year)`.
    pub(crate) school_years: Vec<(String, String, SchoolYear)>,
    /// `(person, dose)` given.
    pub(crate) given: Vec<(String, String)>,
    /// `(id, location)`.
    pub(crate) households: Vec<(String, String)>,
    /// `(household, open support id)`.
    pub(crate) supports: Vec<(String, String)>,
    /// `(household, member)`.
    pub(crate) members: Vec<(String, MemberFacts)>,
    /// A child's placements `(id, from, to)` (one child per fake).
    pub(crate) placements: Vec<(String, String, Option<String>)>,
    /// Entries added to a household's own trail.
    pub(crate) audited: Vec<String>,
    /// `(id, location, members)`.
    pub(crate) groups: Vec<(String, String, Vec<String>)>,
    /// `(id, facts)`.
    pub(crate) programmes: Vec<(String, ProgrammeFacts)>,
    /// `(id, facts)`.
    pub(crate) houses: Vec<(String, HouseFacts)>,
    /// `(person, admitted on, facts)`, oldest first.
    pub(crate) admissions: Vec<(String, String, AdmissionFacts)>,
    /// `(kind, id, facts, fields as they stand)`.
    pub(crate) records: Vec<(EntityKind, String, RecordFacts, HashMap<String, serde_json::Value>)>,
    /// People's records as stored, every group filled.
    pub(crate) records_of_people: Vec<Person>,
    /// Record numbers taken so far.
    pub(crate) numbered: u64,
    /// `(id, facts)` of accounts.
    pub(crate) accounts: Vec<(String, AccountFacts)>,
    /// `(id, facts)` of pending requests.
    pub(crate) requests: Vec<(String, RequestFacts)>,
    /// What was done to credentials and sessions, in order
    /// (`"held u1 h"`, `"adopted u1"`, `"ended u1"`…).
    pub(crate) credentials: Vec<String>,
    /// Account audit entries: `(audit, account, labels)`.
    pub(crate) account_entries: Vec<(AccountAudit, String, Vec<String>)>,
    /// What `apply` was handed, in order.
    pub(crate) applied: Vec<Op>,
    /// How many facts were read.
    pub(crate) reads: Cell<usize>,
}

impl Fake {
    /// A backend holding one child, `child`, living at `location`.
    pub(crate) fn with_child(location: &str) -> Fake {
        let facts = PersonFacts {
            location_id: location.into(),
            birth_date: Some(time::macros::date!(2023 - 01 - 15)),
            sex: dugu_domain::Sex::Female,
        };
        Fake { people: vec![("child".into(), facts)], ..Fake::default() }
    }

    fn read(&self) {
        self.reads.set(self.reads.get() + 1);
    }
}

impl WriteTx for Fake {
    type Author = FakeAuthor;

    fn apply(&mut self, _who: Option<&FakeAuthor>, ops: Vec<Op>) -> Result<(), CommandError> {
        self.applied.extend(ops);
        Ok(())
    }

    fn apply_batch(
        &mut self,
        who: Option<&FakeAuthor>,
        ops: &mut dyn Iterator<Item = Op>,
        _audit: crate::BatchAudit<'_>,
    ) -> Result<(), CommandError> {
        self.apply(who, ops.collect())
    }

    fn person(&self, id: &str) -> Result<Option<PersonFacts>, CommandError> {
        self.read();
        Ok(self.people.iter().find(|(i, _)| i == id).map(|(_, f)| f.clone()))
    }

    fn household_location(&self, id: &str) -> Result<Option<String>, CommandError> {
        self.read();
        Ok(self.households.iter().find(|(i, _)| i == id).map(|(_, l)| l.clone()))
    }

    fn location_exists(&self, _location_id: &str) -> Result<bool, CommandError> {
        self.read();
        Ok(true)
    }
}

impl SchoolTx for Fake {
    fn school_year(
        &self,
        person_id: &str,
        year: dugu_domain::school::SchoolYear,
    ) -> Result<Option<(String, SchoolYear)>, CommandError> {
        self.read();
        Ok(self
            .school_years
            .iter()
            .find(|(_, p, y)| p == person_id && y.year == year)
            .map(|(id, _, y)| (id.clone(), y.clone())))
    }
}

impl VaccinationTx for Fake {
    fn dose_in_schedule(&self, dose: &str) -> Result<bool, CommandError> {
        self.read();
        Ok(["bcg", "penta1", "penta2"].contains(&dose))
    }

    fn dose_given(&self, person_id: &str, dose: &str) -> Result<bool, CommandError> {
        self.read();
        Ok(self.given.iter().any(|(p, d)| p == person_id && d == dose))
    }
}

impl AttendanceTx for Fake {
    fn group_location(&self, group_id: &str) -> Result<Option<String>, CommandError> {
        self.read();
        Ok(self.groups.iter().find(|(id, _, _)| id == group_id).map(|(_, l, _)| l.clone()))
    }

    fn group_name_taken(&self, _location_id: &str, _name: &str) -> Result<bool, CommandError> {
        self.read();
        Ok(false)
    }

    fn group_members(&self, group_id: &str) -> Result<Vec<String>, CommandError> {
        self.read();
        Ok(self.groups.iter().find(|(id, _, _)| id == group_id).map(|(_, _, m)| m.clone()).unwrap_or_default())
    }

    fn register_of(&self, _group_id: &str, _day: &str) -> Result<Option<String>, CommandError> {
        self.read();
        Ok(None)
    }
}

impl ProgrammeTx for Fake {
    fn programme(&self, programme_id: &str) -> Result<Option<ProgrammeFacts>, CommandError> {
        self.read();
        Ok(self.programmes.iter().find(|(id, _)| id == programme_id).map(|(_, f)| f.clone()))
    }

    fn enrolled(&self, _programme_id: &str, _person_id: &str, _start_date: &str) -> Result<bool, CommandError> {
        self.read();
        Ok(false)
    }
}

impl FamilyTx for Fake {
    fn open_support(&self, household_id: &str) -> Result<Option<String>, CommandError> {
        self.read();
        Ok(self.supports.iter().find(|(h, _)| h == household_id).map(|(_, s)| s.clone()))
    }

    fn plan_action_planned(&self, _action_id: &str, _household_id: &str) -> Result<Option<String>, CommandError> {
        self.read();
        Ok(Some(String::new()))
    }
}

impl VillageTx for Fake {
    fn house(&self, house_id: &str) -> Result<Option<HouseFacts>, CommandError> {
        self.read();
        Ok(self.houses.iter().find(|(id, _)| id == house_id).map(|(_, h)| h.clone()))
    }

    fn house_name_taken(&self, _location_id: &str, _name: &str) -> Result<bool, CommandError> {
        self.read();
        Ok(false)
    }

    fn person_name(&self, _person_id: &str) -> Result<Option<String>, CommandError> {
        self.read();
        Ok(None)
    }

    fn current_placement(&self, _person_id: &str) -> Result<Option<CurrentPlacement>, CommandError> {
        self.read();
        Ok(None)
    }

    fn open_admission(&self, person_id: &str) -> Result<Option<(String, String)>, CommandError> {
        self.read();
        Ok(self
            .admissions
            .iter()
            .find(|(p, _, a)| p == person_id && a.left_on.is_none())
            .map(|(_, on, a)| (a.id.clone(), on.clone())))
    }

    fn latest_admission(&self, person_id: &str) -> Result<Option<AdmissionFacts>, CommandError> {
        self.read();
        Ok(self.admissions.iter().rev().find(|(p, _, _)| p == person_id).map(|(_, _, a)| a.clone()))
    }
}

impl HouseholdTx for Fake {
    fn members(&self, household_id: &str) -> Result<Vec<MemberFacts>, CommandError> {
        self.read();
        Ok(self.members.iter().filter(|(h, _)| h == household_id).map(|(_, m)| m.clone()).collect())
    }

    fn take_record_number(&mut self, _location_id: &str) -> Result<String, CommandError> {
        Ok("KIT-000001".into())
    }

    fn audit_members_changed(&mut self, _who: &FakeAuthor, household_id: &str) -> Result<(), CommandError> {
        self.audited.push(household_id.into());
        Ok(())
    }
}

impl LocationTx for Fake {
    fn location_code_taken(&self, code: &str) -> Result<bool, CommandError> {
        self.read();
        Ok(code == "KIT")
    }

    fn site_of(&self, _location_id: &str) -> Result<Option<String>, CommandError> {
        self.read();
        Ok(None)
    }
}

impl CorrectionTx for Fake {
    fn record(&self, kind: EntityKind, id: &str) -> Result<Option<RecordFacts>, CommandError> {
        self.read();
        Ok(self.records.iter().find(|(k, i, _, _)| *k == kind && i == id).map(|(_, _, r, _)| r.clone()))
    }

    fn current_fields(&self, kind: EntityKind, id: &str) -> Result<HashMap<String, serde_json::Value>, CommandError> {
        self.read();
        Ok(self
            .records
            .iter()
            .find(|(k, i, _, _)| *k == kind && i == id)
            .map(|(_, _, _, f)| f.clone())
            .unwrap_or_default())
    }

    fn placements(&self, _person_id: &str) -> Result<Vec<(String, String, Option<String>)>, CommandError> {
        self.read();
        Ok(self.placements.clone())
    }

    fn measurement(&self, _id: &str) -> Result<Option<Recorded>, CommandError> {
        self.read();
        Ok(None)
    }

    fn stays(&self, person_id: &str) -> Result<Vec<(String, String, Option<String>)>, CommandError> {
        self.read();
        let text =
            |f: &HashMap<String, serde_json::Value>, k: &str| f.get(k).and_then(|v| v.as_str()).map(String::from);
        let mut stays: Vec<_> = self
            .records
            .iter()
            .filter(|(k, _, r, f)| {
                *k == EntityKind::Admission
                    && r.struck_out.is_none()
                    && text(f, "person_id").as_deref() == Some(person_id)
            })
            .map(|(_, id, _, f)| (id.clone(), text(f, "admitted_on").unwrap_or_default(), text(f, "left_on")))
            .collect();
        stays.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(stays)
    }
}

impl PeopleTx for Fake {
    fn record_numbers(&mut self, location_ids: &[&str]) -> Result<Vec<String>, CommandError> {
        Ok(location_ids
            .iter()
            .map(|_| {
                self.numbered += 1;
                dugu_domain::record_number::format("KIT", self.numbered)
            })
            .collect())
    }

    fn person_record(&self, id: &str) -> Result<Option<Person>, CommandError> {
        self.read();
        Ok(self.records_of_people.iter().find(|p| p.id == id).cloned())
    }
}

impl UsersTx for Fake {
    fn account(&self, user_id: &str) -> Result<Option<AccountFacts>, CommandError> {
        self.read();
        Ok(self.accounts.iter().find(|(id, _)| id == user_id).map(|(_, a)| a.clone()))
    }

    fn username_taken(&self, username: &str) -> Result<bool, CommandError> {
        self.read();
        Ok(username == "taken")
    }

    fn pending_requests(&self, user_id: &str, kind: Option<&str>) -> Result<Vec<String>, CommandError> {
        self.read();
        Ok(self
            .requests
            .iter()
            .filter(|(_, q)| q.user_id == user_id && kind.is_none_or(|k| k == q.kind))
            .map(|(id, _)| id.clone())
            .collect())
    }

    fn pending_request(&self, request_id: &str) -> Result<Option<RequestFacts>, CommandError> {
        self.read();
        Ok(self.requests.iter().find(|(id, _)| id == request_id).map(|(_, q)| q.clone()))
    }

    fn apply_to_account(
        &mut self,
        _who: Option<&FakeAuthor>,
        ops: Vec<Op>,
        audit: AccountAudit,
        user_id: &str,
        labels: &[&str],
    ) -> Result<(), CommandError> {
        self.applied.extend(ops);
        self.account_entries.push((audit, user_id.into(), labels.iter().map(|l| l.to_string()).collect()));
        Ok(())
    }

    fn audit_account(
        &mut self,
        _who: &FakeAuthor,
        audit: AccountAudit,
        user_id: &str,
        label: &str,
    ) -> Result<(), CommandError> {
        self.account_entries.push((audit, user_id.into(), vec![label.into()]));
        Ok(())
    }

    fn add_credentials(
        &mut self,
        user_id: &str,
        password_hash: &str,
        _language: &str,
        must_change_password: bool,
    ) -> Result<(), CommandError> {
        self.credentials.push(format!("added {user_id} {password_hash} {must_change_password}"));
        Ok(())
    }

    fn replace_password(
        &mut self,
        user_id: &str,
        password_hash: &str,
        must_change_password: bool,
    ) -> Result<(), CommandError> {
        self.credentials.push(format!("replaced {user_id} {password_hash} {must_change_password}"));
        Ok(())
    }

    fn hold_password(&mut self, user_id: &str, password_hash: Option<&str>) -> Result<(), CommandError> {
        self.credentials.push(format!("held {user_id} {}", password_hash.unwrap_or("-")));
        Ok(())
    }

    fn adopt_held_password(&mut self, user_id: &str) -> Result<bool, CommandError> {
        self.credentials.push(format!("adopted {user_id}"));
        Ok(true)
    }

    fn clear_second_factor(&mut self, user_id: &str) -> Result<(), CommandError> {
        self.credentials.push(format!("cleared {user_id}"));
        Ok(())
    }

    fn end_sessions(&mut self, user_id: &str) -> Result<(), CommandError> {
        self.credentials.push(format!("ended {user_id}"));
        Ok(())
    }
}
