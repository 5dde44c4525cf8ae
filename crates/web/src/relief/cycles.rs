//! Relief: cycles (issue 15).

use crate::routes::Route;

/// This part's routes.
pub(super) fn routes() -> Vec<Route> {
    Vec::new()
}
