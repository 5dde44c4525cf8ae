//! Family strengthening: a household's support and what is due — both
//! protection data, in scope.

use super::harness::{Account, Demo, Seen, not_found, refused};
use dugu_domain::FieldGroup;
use dugu_storage::reads::*;

pub(super) fn reads(d: &Demo, a: &Account, seen: &mut Seen) {
    let (s, who, role) = (&d.store, &a.who, a.user.role);
    let name = a.user.username.as_str();
    for (id, location) in &d.households {
        if !d.sees(a, location) {
            not_found("support_of", name, s.support_of(who, id));
            continue;
        }
        let support = s.support_of(who, id).expect("support_of");
        assert!(role.reads(FieldGroup::Protection) || support.is_none(), "{name}: support is protection data");
        seen.add("support_of", usize::from(support.is_some()));
    }
    match s.family_due(who, d.today) {
        Ok(due) => {
            assert!(
                role.reads(FieldGroup::Protection),
                "{name}: what is due in family strengthening is protection data"
            );
            assert!(due.iter().all(|h| d.sees(a, &d.households[&h.household_id])), "{name}: a household out of scope");
            seen.add("family_due", due.len());
        }
        r => refused("family_due", name, r),
    }
}
