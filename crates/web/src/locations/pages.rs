//! The locations page: the hierarchy and the programmes run there.

use super::templates::{LocationRow, LocationsPage};
use crate::pages::{fail, fail_status, layout, render};
use crate::session::{Ctx, blocking};
use axum::http::StatusCode;
use axum::response::Response;

/// `GET /locations`.
pub async fn list(ctx: Ctx) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let me = me.clone();
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let loaded = blocking(move || -> Result<_, dugu_storage::StoreError> {
        Ok((st.store.locations(&who)?, st.store.programmes(&who)?))
    })
    .await;
    let (locations, programmes) = match loaded {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return fail(&ctx, e),
        Err(s) => return fail_status(&ctx, s),
    };
    let name_of = |id: &Option<String>| {
        id.as_ref().and_then(|id| locations.iter().find(|l| &l.id == id)).map(|l| l.name.clone()).unwrap_or_default()
    };
    let items = locations
        .iter()
        .map(|l| LocationRow {
            id: l.id.clone(),
            code: l.code.clone(),
            name: l.name.clone(),
            kind: l.kind.clone(),
            parent: name_of(&l.parent_id),
            village: me.villages.iter().any(|v| v.location_id == l.id),
            in_scope: me.principal.scope().contains(&l.id),
        })
        .collect();
    let sees_medical = me.user.role.reads(dugu_domain::FieldGroup::Medical);
    render(&LocationsPage {
        l: layout(&ctx.tr, Some(&me), ctx.tr.get("locations-title"), false),
        items,
        programmes,
        sees_medical,
    })
}
