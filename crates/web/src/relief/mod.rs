//! Emergency relief (issue 15): registering displaced households and
//! finding those registered twice (`registration`), cycles and what each
//! household is owed (`cycles`), the distribution desk, cards and stock
//! (`desk`), progress and the reports the clusters read (`reports`). The
//! rules are dugu-relief's; these modules are their pages and API.

mod cycles;
pub(crate) mod desk;
pub(crate) mod registration;
pub(crate) mod reports;

use crate::routes::Route;

/// Every relief route.
pub fn routes() -> Vec<Route> {
    let mut all = registration::routes();
    all.extend(cycles::routes());
    all.extend(desk::routes());
    all.extend(reports::routes());
    all
}
pub(crate) use cycles::Api as CyclesApi;
