//! # dugu-storage
//!
//! Everything dugu keeps, in SQLite: the schema and its migrations, the
//! queries, and the one place every write goes through.
//!
//! * **Scope is enforced here.** Every query about people or households
//!   takes the [`Principal`] making it and filters on the locations they may
//!   see; a record outside that scope is simply not found. The web layer
//!   cannot forget a check it never makes.
//! * **One write path.** [`Store::write`] hands a closure to the writer
//!   thread, which runs it in its own savepoint inside a group-commit
//!   transaction. Inside it, every change is a typed operation handed to
//!   [`Tx::apply`], which logs it (hybrid logical clock, device, parents),
//!   materializes it into the tables, rewrites derived data and audits it —
//!   all in the same transaction, or not at all. The caller returns only
//!   after the commit; [`check_database`] proves the log alone rebuilds the
//!   tables.
//! * Reads run on a small pool of read-only connections (WAL lets them run
//!   beside the writer).

mod attendance;
mod audit;
mod backup;
mod bulk;
mod contract;
mod correct;
mod corrections;
mod decode;
mod error;
mod family;
mod households;
mod inspect;
mod locations;
mod measurements;
mod medical;
mod merge;
mod migrations;
mod name_index;
mod oplog;
mod overview;
mod people;
mod pool;
mod principal;
mod programmes;
mod relief_conflicts;
mod relief_cycles;
mod relief_desk;
#[cfg(test)]
mod relief_desk_tests;
mod relief_farming;
mod relief_history;
pub mod relief_registration;
mod relief_reports;
mod relief_stock;
mod school;
mod scoped;
mod search;
mod sessions;
mod sites;
mod users;
mod vaccinations;
mod vaccine_schedule;
mod villages;
mod writer;

pub use attendance::{CareGroup, RegisterLine};
pub use audit::{AuditAction, AuditEntry, AuditQuery};
pub use backup::{Copied, Verified, backup_database, verify_database};
pub use bulk::{BulkLoad, Deferred};
pub use correct::{FieldCheck, correctable, end_field, ends};
pub use corrections::{Revision, amend_group};
pub use dugu_commands::relief_stock::Books as StockBooks;
pub use error::StoreError;
pub use family::{Assessment, HomeVisit, PlanAction, PlanActionInput, Support};
pub use households::{Household, HouseholdInput, HouseholdRow, Member};
pub use locations::{Location, LocationInput};
pub use measurements::{LatestMeasurement, Recorded, StoredMeasurement};
pub use medical::{MedicalVisit, VisitInput};
pub use merge::{Conflict, ConflictValue, SAFETY_CRITICAL};
pub use oplog::{Change, CheckReport, Op, check_database};
pub use overview::{
    ACTION_SOON_DAYS, DueHousehold, Figures, SMALLEST_SHOWN_COUNT, Shown, VISIT_DUE_AFTER_DAYS, VillageFigures,
    VillagePlace,
};
pub use people::{Person, PersonFields, PersonInput, PersonPatch, PreparedPerson};
pub use principal::{Principal, Scope, ScopedLocations, SystemTask};
pub use programmes::{Enrolment, Programme, ProgrammeInput};
pub use relief_conflicts::ConflictingReceipt;
pub use relief_cycles::{
    CycleInput, CycleSummary, DurationRule, EntitlementView, Generated, GenerationException, RationLine, ReliefCycle,
    SiteProgress, StepInput, lean_season_cycles,
};
pub use relief_desk::{DeskCollector, DeskEntitlement, DeskHousehold, FirstReceipt, Issued, ReceiptInput, Served};
pub use relief_farming::{FARM_INPUTS, FarmInputInput, SeasonInput, Shortfall};
pub use relief_history::{HistoryLine, HistoryReceipt};
pub use relief_registration::{
    DuplicatePairRow, ImportError, Imported, PossibleDuplicate, Registration, ReliefHousehold, ReliefMember,
    ReliefProgramme,
};
pub use relief_reports::{
    Beneficiary, BeneficiaryListOf, BeneficiaryMember, CountedMember, RegisteredHousehold, ReliefServed, ReportCycle,
    ReportProgramme, ServedEntitlement,
};
pub use relief_stock::{MovementInput, StockLine};
pub use school::{RESULTS as SCHOOL_RESULTS, SchoolYear, SchoolYearInput};
pub use search::{PeopleFilter, PersonHit, SearchPage};
pub use sessions::{Session, SessionKind};
pub use sites::{
    BULK_PAGE, Built, CredentialsRefreshed, ENROLMENT_VALID_MS, Enrolled, HubLink, Origin, PageTaken, PushAnswered,
    RecordSync, Refusal, SiteBuild, SiteLink, SiteRow, SiteStatus,
};
pub use users::{NewUser, RoleChange, RoleRequest, User};
pub use vaccinations::{CardHistory, Dose, EXTRA_DOSE_CONTEXTS, ExtraDose, OverdueChild};
pub use villages::{
    AdmissionInput, Care, FollowUpDay, House, HouseInput, Placement, Resident, Sibling, Stay, TransferInput, Village,
};
pub use writer::{Tx, WriterHealth};

/// The scoped reads, one trait per capability, each declared beside its
/// implementation: what a second backend implements besides the commands'
/// contract (`dugu_commands`: `WriteTx` and the facts traits). `Store`
/// implements them all; a caller brings them into scope with
/// `use dugu_storage::reads::*;`. Every read of people or of what is
/// attached to them takes the [`Principal`] asking and answers within its
/// scope (out of scope is `NotFound`, as a missing id is).
pub mod reads {
    pub use crate::attendance::AttendanceReads;
    pub use crate::audit::AuditReads;
    pub use crate::corrections::CorrectionReads;
    pub use crate::family::FamilyReads;
    pub use crate::households::HouseholdReads;
    pub use crate::locations::LocationReads;
    pub use crate::measurements::GrowthReads;
    pub use crate::medical::MedicalReads;
    pub use crate::merge::ConflictReads;
    pub use crate::overview::OverviewReads;
    pub use crate::people::PeopleReads;
    pub use crate::programmes::ProgrammeReads;
    pub use crate::relief_conflicts::ReceiptConflictReads;
    pub use crate::relief_cycles::CycleReads;
    pub use crate::relief_desk::DeskReads;
    pub use crate::relief_farming::FarmingReads;
    pub use crate::relief_history::ReliefHistoryReads;
    pub use crate::relief_registration::RegistrationReads;
    pub use crate::relief_reports::ReliefReportReads;
    pub use crate::relief_stock::StockReads;
    pub use crate::school::SchoolReads;
    pub use crate::search::SearchReads;
    pub use crate::sites::SyncReads;
    pub use crate::users::UserReads;
    pub use crate::vaccinations::VaccinationReads;
    pub use crate::vaccine_schedule::ScheduleReads;
    pub use crate::villages::{CareReads, VillageReads};
    // Not a capability's query, but asked of every backend: who is signed
    // in, as whom, whether this database is a site, and its health.
    pub use crate::HealthReads;
    pub use crate::inspect::AuditChain;
    pub use crate::principal::Principals;
    pub use crate::sessions::SessionReads;
    pub use crate::sites::SiteLinkReads;
}

/// The writes, one trait per capability, each declared beside its
/// implementation: each is one `dugu_commands` command run in one write
/// (`Store::write` here), so a second backend implements them by running
/// the same commands in its own transaction — no rule is written twice.
/// Plus the audit trail's own entries and the hub's side of sync. A
/// caller brings them into scope with `use dugu_storage::writes::*;`.
pub mod writes {
    pub use crate::attendance::AttendanceWrites;
    pub use crate::audit::AuditWrites;
    pub use crate::correct::FieldCorrectionWrites;
    pub use crate::corrections::CorrectionWrites;
    pub use crate::family::FamilyWrites;
    pub use crate::households::HouseholdWrites;
    pub use crate::measurements::GrowthWrites;
    pub use crate::medical::MedicalWrites;
    pub use crate::merge::ConflictWrites;
    pub use crate::people::PeopleWrites;
    pub use crate::programmes::ProgrammeWrites;
    pub use crate::relief_conflicts::ReceiptConflictWrites;
    pub use crate::relief_cycles::CycleWrites;
    pub use crate::relief_desk::DeskWrites;
    pub use crate::relief_farming::FarmingWrites;
    pub use crate::relief_registration::{KoboImport, RegistrationWrites};
    pub use crate::relief_stock::StockWrites;
    pub use crate::school::SchoolWrites;
    pub use crate::sessions::SessionWrites;
    pub use crate::sites::{HubPush, HubSites};
    pub use crate::users::AccountWrites;
    pub use crate::vaccinations::VaccinationWrites;
    pub use crate::vaccine_schedule::ScheduleWrites;
    pub use crate::villages::{CareWrites, VillageWrites};
}

/// Everything the web server asks of a store, in one bound: the reads and
/// writes of every capability, sign-in state, the audit trail's own
/// entries and the hub's side of sync. The web crate holds its store as
/// `Arc<dyn Backend>` and names no backend type, so a second backend (a
/// PostgreSQL hub, `ARCHITECTURE.md`) implements these traits — each a
/// scoped query or one `dugu_commands` command in one transaction — and
/// runs the same server unchanged. [`Store`] (SQLite) is the one there is.
pub trait Backend:
    reads::AttendanceReads
    + reads::AuditReads
    + reads::CorrectionReads
    + reads::FamilyReads
    + reads::HouseholdReads
    + reads::LocationReads
    + reads::GrowthReads
    + reads::MedicalReads
    + reads::ConflictReads
    + reads::OverviewReads
    + reads::PeopleReads
    + reads::ProgrammeReads
    + reads::ReceiptConflictReads
    + reads::CycleReads
    + reads::DeskReads
    + reads::FarmingReads
    + reads::ReliefHistoryReads
    + reads::RegistrationReads
    + reads::ReliefReportReads
    + reads::StockReads
    + reads::SchoolReads
    + reads::SearchReads
    + reads::SyncReads
    + reads::UserReads
    + reads::VaccinationReads
    + reads::ScheduleReads
    + reads::CareReads
    + reads::VillageReads
    + reads::HealthReads
    + reads::AuditChain
    + reads::Principals
    + reads::SessionReads
    + reads::SiteLinkReads
    + writes::AttendanceWrites
    + writes::SessionWrites
    + writes::AccountWrites
    + writes::AuditWrites
    + writes::FieldCorrectionWrites
    + writes::CorrectionWrites
    + writes::FamilyWrites
    + writes::HouseholdWrites
    + writes::GrowthWrites
    + writes::MedicalWrites
    + writes::ConflictWrites
    + writes::PeopleWrites
    + writes::ProgrammeWrites
    + writes::ReceiptConflictWrites
    + writes::CycleWrites
    + writes::DeskWrites
    + writes::FarmingWrites
    + writes::KoboImport
    + writes::RegistrationWrites
    + writes::StockWrites
    + writes::SchoolWrites
    + writes::HubPush
    + writes::HubSites
    + writes::VaccinationWrites
    + writes::ScheduleWrites
    + writes::CareWrites
    + writes::VillageWrites
    + Send
    + Sync
{
}

impl Backend for Store {}

use pool::ReadPool;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use writer::Writer;

/// The database of one site.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    reads: ReadPool,
    writer: Writer,
    site_id: String,
    names: Arc<name_index::NameIndex>,
}

/// Milliseconds since the Unix epoch, the time unit of the database.
pub type Millis = i64;

/// Now, in milliseconds since the epoch.
pub fn now_millis() -> Millis {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

pub use dugu_commands::new_id;

impl Store {
    /// Opens (creating if needed) the database `dugu.sqlite` in `dir`,
    /// applies pending migrations, and starts the writer thread.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        Store::open_with_queue(dir, writer::QUEUE)
    }

    /// [`Store::open`] with the writer's queue bounded at `queue` jobs.
    pub(crate) fn open_with_queue(dir: &Path, queue: usize) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Io(format!("cannot create {}: {e}", dir.display())))?;
        let path = dir.join("dugu.sqlite");
        let mut conn = pool::open_connection(&path, false)?;
        migrations::apply(&mut conn)?;
        bulk::restore_indexes(&conn)?;
        let site_id = migrations::site_id(&conn)?;
        merge::compute_heads_once(&mut conn)?;
        oplog::write_baseline(&mut conn, &site_id)?;
        let names = Arc::new(name_index::NameIndex::load(&conn)?);
        let writer = Writer::start(conn, &site_id, names.clone(), queue)?;
        let reads = ReadPool::new(&path, 8)?;
        Ok(Store { inner: Arc::new(Inner { path, reads, writer, site_id, names }) })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// This site's id: the device id stamped on every operation.
    pub fn site_id(&self) -> &str {
        &self.inner.site_id
    }

    /// Runs `f` on a read-only connection.
    pub(crate) fn read<T>(
        &self,
        f: impl FnOnce(&rusqlite::Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.inner.reads.with(f)
    }

    /// Runs `f` inside the single write path and returns once its work is
    /// committed (or rolled back, if `f` or the commit failed).
    pub fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        self.inner.writer.run(f)
    }

    /// Stops the writer once the writes already queued are committed;
    /// later writes fail with [`StoreError::WriterGone`]. For shutting
    /// down: reads still work.
    pub fn stop_writer(&self) {
        self.inner.writer.stop();
    }
}

/// Whether the store is well (`/healthz`) and whether it holds anything
/// yet (first start).
pub trait HealthReads {
    /// How the writer thread is doing: `/healthz` answers 503 when it is
    /// not alive or its last commit failed.
    fn writer_health(&self) -> WriterHealth;
    /// Whether the database holds no location yet (a fresh install).
    fn is_empty(&self) -> Result<bool, StoreError>;
}

impl HealthReads for Store {
    fn writer_health(&self) -> WriterHealth {
        self.inner.writer.health()
    }
    fn is_empty(&self) -> Result<bool, StoreError> {
        self.read(|c| Ok(c.query_row("SELECT COUNT(*) FROM locations", [], |r| r.get::<_, i64>(0))? == 0))
    }
}
