//! The selects above a list (location, age group, sex, status). Their
//! values are codes and location ids — groups, never a person — so they
//! may travel in a query string and a pager link.

use crate::i18n::Tr;
use crate::lists::PeopleFilterForm;
use crate::session::{Ctx, Current};
use crate::templates::{FilterField, FilterOption};
use dugu_domain::people_filter::AgeGroup;
use dugu_storage::StoreError;
use std::collections::HashSet;

/// The selects, with the current values chosen; statuses the role may
/// not filter on, or that no one at the reader's locations can have (a
/// village's statuses at a relief office), are not offered.
pub async fn people_selects(form: &PeopleFilterForm, ctx: &Ctx, me: &Current) -> Result<Vec<FilterField>, StoreError> {
    let tr = &ctx.tr;
    let locations = crate::pages::location_choices(ctx, me, true).await?;
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let present = crate::session::blocking(move || st.store.statuses_present(&who))
        .await
        .map_err(|_| StoreError::Io("a blocking task failed".into()))??;
    let role = me.user.role;
    let runs = kinds_run(ctx, me, &form.location_id).await?;
    let statuses: Vec<(String, String)> = present
        .into_iter()
        .filter(|s| s.needs().is_none_or(|g| role.reads(g)))
        .filter(|s| runs.contains(s.programme().code()))
        .map(|s| (s.code().into(), tr.code("person-status", s.code())))
        .collect();
    let mut selects = vec![
        select(tr, "location_id", locations.into_iter().map(|c| (c.id, c.label)), &form.location_id),
        select(
            tr,
            "age_group",
            AgeGroup::ALL.into_iter().map(|g| (g.code().into(), tr.code("age-group", g.code()))),
            &form.age_group,
        ),
        select(tr, "sex", ["F", "M"].into_iter().map(|s| (s.into(), tr.code("sex", s))), &form.sex),
    ];
    // A select with nothing to choose but "any" is left out.
    if !statuses.is_empty() {
        selects.push(select(tr, "status", statuses, &form.status));
    }
    Ok(selects)
}

/// The kinds of programme run at `location` or anywhere under it (none
/// chosen: anywhere in the reader's scope), as their codes: what a list
/// there may offer to filter on (no family-strengthening status at a
/// relief office). Programmes and locations name no one.
pub async fn kinds_run(ctx: &Ctx, me: &Current, location: &str) -> Result<HashSet<String>, StoreError> {
    let (st, who, location) = (ctx.state.clone(), me.principal.clone(), location.trim().to_string());
    crate::session::blocking(move || -> Result<HashSet<String>, StoreError> {
        let programmes = st.store.programmes(&who)?;
        if location.is_empty() {
            return Ok(programmes.into_iter().map(|p| p.kind.code().to_string()).collect());
        }
        let locations = st.store.locations(&who)?;
        let mut under: HashSet<String> = HashSet::from([location]);
        // Down the tree, a level per pass (a handful of levels).
        loop {
            let before = under.len();
            for l in &locations {
                if l.parent_id.as_ref().is_some_and(|p| under.contains(p)) {
                    under.insert(l.id.clone());
                }
            }
            if under.len() == before {
                break;
            }
        }
        Ok(programmes
            .into_iter()
            .filter(|p| under.contains(&p.location_id))
            .map(|p| p.kind.code().to_string())
            .collect())
    })
    .await
    .map_err(|_| StoreError::Io("a blocking task failed".into()))?
}

/// A select whose first option is "any"; `current` is chosen.
pub fn select(
    tr: &Tr,
    name: &'static str,
    options: impl IntoIterator<Item = (String, String)>,
    current: &str,
) -> FilterField {
    let current = current.trim();
    let mut all =
        vec![FilterOption { value: String::new(), label: tr.get("filter-any"), selected: current.is_empty() }];
    all.extend(options.into_iter().map(|(value, label)| FilterOption { selected: value == current, value, label }));
    FilterField { name, label: tr.code("field", name), options: all }
}

/// The sex and WHO age group (months) selects of a list of young
/// children.
pub fn child_selects(tr: &Tr, sex: &str, age_group: &str) -> [FilterField; 2] {
    [
        select(tr, "sex", ["F", "M"].into_iter().map(|s| (s.into(), tr.code("sex", s))), sex),
        select(
            tr,
            "age_group",
            dugu_growth::prevalence::AgeGroup::ALL
                .into_iter()
                .map(|g| (g.code().into(), tr.arg("nutrition-months", "range", g.code()))),
            age_group,
        ),
    ]
}

/// A link to `page` of the list at `base`, keeping the filters that are
/// set (pass none when they were refused).
pub fn page_link(base: &str, filters: &[(&'static str, &str)], page: usize) -> String {
    let mut pairs: Vec<(&str, String)> =
        filters.iter().filter(|(_, v)| !v.trim().is_empty()).map(|(k, v)| (*k, v.trim().to_string())).collect();
    pairs.push(("page", page.to_string()));
    format!("{base}{}", query(&pairs))
}

/// A query string of filter pairs (values are codes and ids: nothing to
/// escape but, to be safe, anything else is percent-encoded).
fn query(pairs: &[(&str, String)]) -> String {
    let mut out = String::new();
    for (k, v) in pairs {
        out.push(if out.is_empty() { '?' } else { '&' });
        out.push_str(k);
        out.push('=');
        for b in v.bytes() {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}
