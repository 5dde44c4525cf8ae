//! Emergency relief (issue 15): registering displaced households and
//! finding those registered twice (`registration`), cycles and what each
//! household is owed (`cycles`), the distribution desk, cards and stock
//! (`desk`), progress and the reports the clusters read (`reports`). The
//! rules are dugu-relief's; these modules are their pages and API.

mod cycles;
pub(crate) mod desk;
pub(crate) mod registration;
pub(crate) mod reports;

use crate::pages::fail_status;
use crate::routes::Route;
use crate::session::Ctx;
use axum::http::StatusCode;
use axum::response::Response;

/// A relief page asked by someone whose role does not read relief data
/// (a nurse, a social worker): refused outright, not an empty page.
pub(crate) fn not_for(ctx: &Ctx) -> Option<Response> {
    match ctx.me() {
        None => Some(fail_status(ctx, StatusCode::UNAUTHORIZED)),
        Some(me) if !me.user.role.reads(dugu_domain::FieldGroup::Relief) => {
            Some(fail_status(ctx, StatusCode::FORBIDDEN))
        }
        Some(_) => None,
    }
}

/// Every relief route.
pub fn routes() -> Vec<Route> {
    let mut all = registration::routes();
    all.extend(cycles::routes());
    all.extend(desk::routes());
    all.extend(reports::routes());
    all
}
pub(crate) use cycles::Api as CyclesApi;
