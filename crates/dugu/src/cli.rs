//! The command line: every subcommand, its flags and its help.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// dugu — the information system of SOS Children's Villages in Mali.
#[derive(Debug, Parser)]
#[command(name = "dugu", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a site server on the embedded database.
    ///
    /// On first start with an empty database dugu creates the locations
    /// and programmes of SOS Children's Villages Mali and an administrator
    /// account `admin`, whose password is taken from DUGU_ADMIN_PASSWORD or
    /// generated and printed once.
    Serve(ServerArgs),
    /// Run a site server with fictional demo data (created if the database
    /// has no people yet) and one demo account per role and site.
    Demo(DemoArgs),
    /// Child growth: WHO z-scores and malnutrition classification.
    #[command(subcommand)]
    Growth(GrowthCommand),
    /// Find people registered more than once (record linkage).
    ///
    /// Reads a UTF-8 CSV with the columns id, given_name, family_name, sex,
    /// birth_date, age_years, phone, id_document, father_name, mother_name,
    /// origin_commune, current_site, household_id (every cell but id may be
    /// empty; sex M/F; birth_date YYYY-MM-DD or YYYY; phone with or without
    /// +223). Writes id, cluster_id: every input id once, the cluster named
    /// by its first id in the file. Nothing is merged: clusters are
    /// proposals. A malformed row is reported with its line number and left
    /// as its own person; a missing column or an unreadable file stops with
    /// exit code 2.
    Dedupe(DedupeArgs),
    /// Take an encrypted backup of a site's database, safe while it serves.
    ///
    /// The copy is taken with SQLite's online backup API (all that was
    /// committed when it started, nothing half-written), compressed and
    /// encrypted to every recipient given; an unencrypted backup is never
    /// written. The plaintext copy lives only in a private temporary folder
    /// inside DIR and is removed at the end. `dugu backup keygen` makes a
    /// key pair.
    Backup(BackupArgs),
    /// Restore an encrypted backup into a new data folder.
    ///
    /// Decrypts with the identity file, decompresses, runs SQLite's
    /// integrity check and verifies the whole audit chain; only then is the
    /// database placed in NEWDIR, which must not hold one already. On any
    /// failure (wrong key, damaged or cut file) the exit code is non-zero
    /// and NEWDIR is left as it was.
    Restore(RestoreArgs),
    /// Check a site's database: its change log alone must rebuild it.
    ///
    /// Replays every operation of the log into a scratch database (in a
    /// private temporary folder inside DIR, removed at the end), rebuilds
    /// the derived tables, and compares every table row by row with the
    /// live ones; verifies the whole audit chain; runs SQLite's integrity
    /// check. Prints what differs — table, record id and column, never a
    /// value — and exits with code 1 if anything does. Only reads the
    /// database (one consistent snapshot), so it may run beside a server.
    Check(CheckArgs),
    /// Re-runnable benchmarks (numbers go to docs/benchmarks.md).
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Enrol this laptop as a site of a hub, with the one-time code the
    /// hub's administrator was given (`POST /api/v1/sites`).
    ///
    /// Makes the site's device identity — its id, and an ed25519 key pair
    /// whose secret stays in DIR/device.key, readable by its owner only;
    /// the hub keeps the public key and checks it on every later request —
    /// redeems the code, pulls every record of the site's location and the
    /// places below it, and the password hashes of the accounts there (so
    /// staff sign in with no link), and builds the site's database. Then
    /// `dugu serve --data DIR` runs the site. DIR must be absent or empty:
    /// the database is built beside it and moved in only when whole, so a
    /// failure leaves nothing in DIR. Exit codes: 0 enrolled; 1 refused
    /// (a wrong, used or expired code) or failed; 2 DIR not empty; 3 the hub
    /// cannot be reached. A code is spent once redeemed: after a failure
    /// past that point, ask for a new one.
    Enrol(EnrolArgs),
    /// Run one sync round of an enrolled site with its hub.
    ///
    /// Pushes the site's own changes the hub has not answered (the hub
    /// re-checks each against its author's role, places and field groups,
    /// and accepts or refuses it with a reason; a refused change stays
    /// here, marked refused), then pulls what changed in the site's scope
    /// through the merge, and repeats until both sides are up to date.
    /// Prints one line: `pushed N, pulled M, conflicts K` (N own changes
    /// the hub answered, M changes new here, K fields in conflict here).
    /// Each step is committed on its own, so a round cut anywhere resumes
    /// with nothing lost or doubled. Exit codes: 0 a complete round; 1
    /// failed; 2 DIR is not an enrolled site; 3 the hub cannot be reached
    /// (nothing lost: run it again when the link is back); 4 the hub has
    /// retired this site, because another laptop was enrolled for its
    /// place — it says how many changes made here never reached the hub
    /// (they stay in DIR; enter them on the new laptop).
    Sync(SyncArgs),
    /// Import a KoBo export of the relief registration form
    /// (docs/relief/kobo/) into a relief programme at a site.
    ///
    /// FILE…: the households' sheet first, then its roster sheets, each a
    /// CSV (`,` or `;`) as KoBo exports it. All or nothing: every problem
    /// is printed by sheet, line and column and nothing is written (exit
    /// code 1). `_uuid` is the key: importing a file again creates nothing.
    /// Runs as the account USERNAME (a relief officer or supervisor of the
    /// site), audited as them; stop `dugu serve` on DIR first.
    ReliefImport(ReliefImportArgs),
}

#[derive(Debug, Args)]
pub struct ReliefImportArgs {
    /// The data folder holding dugu.sqlite.
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// The relief programme's id.
    #[arg(long, value_name = "ID")]
    pub programme: String,
    /// The site's location id (the programme's place or below).
    #[arg(long, value_name = "ID")]
    pub site: String,
    /// The account the import is made as.
    #[arg(long = "as", value_name = "USERNAME")]
    pub username: String,
    /// The export: its sheets as CSV files (households first, then the
    /// roster), or one XLSX workbook holding them all.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The site's data folder.
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
}

#[derive(Debug, Args)]
pub struct EnrolArgs {
    /// The new site's data folder (absent or empty).
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// The hub's address, e.g. https://dugu.sosmali.org.
    #[arg(long, value_name = "URL")]
    pub hub: String,
    /// The one-time enrolment code (or DUGU_ENROLMENT_CODE, which keeps it
    /// out of the process list).
    // A code is URL-safe base64 and may begin with `-`; clap would read
    // it as a flag.
    #[arg(long, env = "DUGU_ENROLMENT_CODE", hide_env_values = true, allow_hyphen_values = true)]
    pub code: String,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The data folder holding dugu.sqlite.
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
}

/// Where the server keeps its data and listens. Each setting comes from the
/// flag, else the DUGU_* environment variable, else `dugu.toml`, else the
/// default.
#[derive(Debug, Args, Clone)]
pub struct ServerArgs {
    /// Folder of the SQLite database, created if missing [default: ./dugu-data].
    #[arg(long, env = "DUGU_DATA")]
    pub data: Option<PathBuf>,
    /// Address and port to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "DUGU_LISTEN")]
    pub listen: Option<String>,
    /// Mark cookies Secure and send HSTS: set when a TLS proxy serves dugu.
    #[arg(long, env = "DUGU_SECURE_COOKIES")]
    pub secure_cookies: Option<bool>,
    /// Roles that must use a second factor (TOTP) here, comma-separated
    /// codes among director, social_worker, nurse, national_director; empty
    /// for none. Administrators, auditors and the national director always
    /// must (outside the demo) [default: director,social_worker].
    #[arg(long, env = "DUGU_SECOND_FACTOR_ROLES")]
    pub second_factor_roles: Option<String>,
    /// Configuration file [default: ./dugu.toml, if present].
    #[arg(long, env = "DUGU_CONFIG")]
    pub config: Option<PathBuf>,
    /// Folder for an encrypted backup every night at 02:00 UTC, named by
    /// its UTC date and time [default: none, no nightly backup].
    #[arg(long, env = "DUGU_BACKUP_DIR")]
    pub backup_dir: Option<PathBuf>,
    /// Public key (age1…) the nightly backups are encrypted to; repeat the
    /// flag, or separate keys with commas in the environment variable.
    #[arg(long = "backup-recipient", env = "DUGU_BACKUP_RECIPIENTS", value_delimiter = ',', value_name = "AGE_PUBKEY")]
    pub backup_recipients: Vec<String>,
    /// How many nightly backups to keep [default: 7].
    #[arg(long, env = "DUGU_BACKUP_KEEP")]
    pub backup_keep: Option<usize>,
    /// On an enrolled site: run a sync round with the hub at start, then
    /// every SECONDS (0: never; `dugu sync` still works). Ignored on a hub.
    #[arg(long, env = "DUGU_SYNC_EVERY", value_name = "SECONDS", default_value_t = 300)]
    pub sync_every: u64,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BackupArgs {
    #[command(subcommand)]
    pub command: Option<BackupCommand>,
    /// Data folder of the database to back up (a server may be running on it).
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// The backup file to write, e.g. kita-2026-12-01.sqlite.gz.age (an
    /// existing one is replaced only once the new one is complete).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Public key (age1…) to encrypt to; repeat for several (each can open
    /// the backup alone).
    #[arg(long = "recipient", value_name = "AGE_PUBKEY")]
    pub recipients: Vec<String>,
    /// File of public keys, one `age1…` per line (`#` comments allowed).
    #[arg(long = "recipients-file", value_name = "FILE")]
    pub recipients_files: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Make a key pair: writes the identity (secret key, `age-keygen`
    /// format) readable by its owner only, and prints the public key to
    /// give to `--recipient`. Keep the identity away from the backups.
    Keygen(KeygenArgs),
}

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Where to write the identity file (must not exist).
    #[arg(long, value_name = "IDENTITY_FILE")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file (from `dugu backup` or a nightly backup).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The data folder to restore into (created if missing; must not hold
    /// a database).
    #[arg(long, value_name = "NEWDIR")]
    pub data: PathBuf,
    /// The age identity file (AGE-SECRET-KEY-1…) matching a recipient.
    #[arg(long, value_name = "IDENTITY_FILE")]
    pub identity: PathBuf,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub server: ServerArgs,
    /// Password of every demo account (and of `admin` on a new database).
    #[arg(long, env = "DUGU_DEMO_PASSWORD", default_value = crate::server::DEFAULT_DEMO_PASSWORD)]
    pub demo_password: String,
}

#[derive(Debug, Args)]
pub struct DedupeArgs {
    /// Registrations (CSV with a header row).
    #[arg(long)]
    pub input: PathBuf,
    /// Where to write id, cluster_id.
    #[arg(long)]
    pub output: PathBuf,
    /// Also write the scored pairs (id_a, id_b, probability, band,
    /// evidence) with a probability of at least 0.1, most likely first.
    #[arg(long)]
    pub pairs: Option<PathBuf>,
    /// Probability from which two records join one cluster (0.5–1).
    #[arg(long, default_value_t = 0.95)]
    pub threshold: f64,
    /// The day ages were given on (YYYY-MM-DD), for rows without a
    /// registered_on date; without it, today (and stderr says so).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum GrowthCommand {
    /// Score a CSV file of children against the WHO growth standards.
    ///
    /// who2006 (0–5 years) needs the columns id, sex, age and age_unit (or
    /// --age-unit); it also reads weight, lenhei, measure, oedema, headc,
    /// armc, triskin and subskin when the file has them (WHO anthro's names:
    /// weight in kg; lenhei, headc and armc in cm; skinfolds in mm). It
    /// writes id, age_days, clenhei, cmeasure, c9mo_flag, cbmi, csex, zlen,
    /// flen, zwei, fwei, zwfl, fwfl, zbmi, fbmi, zhc, fhc, zac, fac, zts, fts,
    /// zss, fss, then stunting, underweight, wasting, overweight,
    /// acute_malnutrition, problem.
    ///
    /// who2007 (5–19 years) needs id, sex, age_months and reads height,
    /// weight and oedema when present; it writes id, cbmi, csex, zhfa, fhfa,
    /// zwfa, fwfa, zbfa, fbfa, then stunting, underweight, thinness,
    /// overweight, problem.
    ///
    /// A column the file lacks leaves empty the z-scores that need it (said
    /// on stderr). Codes, case aside: sex 1/m/h/male/masculin/homme or
    /// 2/f/female/féminin/femme; age_unit days, months or years (jours,
    /// mois, ans); measure l/lying/couché or h/standing/debout; oedema
    /// y/yes/o/oui/1 or n/no/non/0/2; an empty cell or NA is missing; a
    /// decimal comma is read.
    ///
    /// Other input columns are carried through after these. An invalid
    /// value empties only the z-scores that need it, as WHO's software does
    /// (a head circumference of 0 leaves weight-for-age alone), and the
    /// problem column names it; a summary goes to stderr. A missing required
    /// column, a bad --columns mapping or an unreadable file stops with
    /// exit code 2.
    Zscores(ZscoresArgs),
}

#[derive(Debug, Args)]
pub struct ZscoresArgs {
    /// Which WHO standard to apply.
    #[arg(long, value_enum)]
    pub standard: StandardArg,
    /// Input CSV file (UTF-8, with a header row); `-` reads stdin.
    #[arg(long)]
    pub input: PathBuf,
    /// Output CSV file; `-` writes stdout.
    #[arg(long)]
    pub output: PathBuf,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// The file's own names for the columns above, as NAME=COLUMN pairs:
    /// e.g. an ENA/SMART export --columns sex=SEXE,age=AGE,weight=POIDS,
    /// lenhei=TAILLE,oedema=OEDEME,armc=PB; a KoBo export
    /// --columns weight=child/weight. Header names match case aside.
    #[arg(long, value_name = "NAME=COLUMN,...", value_delimiter = ',')]
    pub columns: Vec<String>,
    /// The unit of every age, for a who2006 file without an age_unit
    /// column (years become days × 365.25, as WHO converts them).
    #[arg(long, value_enum)]
    pub age_unit: Option<AgeUnitArg>,
    /// The unit of armc (MUAC) for who2006: cm as anthro takes it
    /// [default], or mm as ENA/SMART and MUAC tapes record it.
    #[arg(long, value_enum)]
    pub armc_unit: Option<ArmcUnitArg>,
}

/// The unit of the ages of a file.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AgeUnitArg {
    /// Completed days.
    Days,
    /// Months (decimals allowed).
    Months,
    /// Years (decimals allowed).
    Years,
}

/// The unit of MUAC in a file.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ArmcUnitArg {
    /// Centimetres.
    Cm,
    /// Millimetres.
    Mm,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StandardArg {
    /// WHO Child Growth Standards 2006, 0–5 years (anthro).
    Who2006,
    /// WHO Growth Reference 2007, 5–19 years (anthroplus).
    Who2007,
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Z-scores per second of the growth engine, one core and all cores.
    Growth(BenchGrowthArgs),
    /// Write a synthetic who2006 input file for timing `dugu growth zscores`.
    GrowthCsv(GrowthCsvArgs),
    /// Generate a synthetic Malian registration set with known truth, run
    /// dugu's record linkage on it and print its quality and speed.
    Linkage(LinkageBenchArgs),
    /// Load a fresh database with demo accounts and N fictional people,
    /// through the application's write path (for `bench/people.sh`).
    LoadPeople(LoadPeopleArgs),
    /// Load a fresh database with demo accounts, N fictional children and
    /// their growth measurements, through the application's write path
    /// (for `bench/care.sh`).
    LoadCare(LoadCareArgs),
    /// Change N phone numbers through the write path, as one account (for
    /// `bench/sync-round.sh`: a sync round carrying N changed fields).
    EditPhones(EditPhonesArgs),
    /// Add N villages, each with a director and P fictional people, to a
    /// demo database (for `bench/sync-sites.sh`: 20 sites at once).
    AddVillages(AddVillagesArgs),
    /// Relief registration (issue 15 item 12): import a KoBo export of N
    /// households with the duplicate check, grow the programme to P
    /// people, then time single registrations with their duplicate check.
    ReliefRegistration(ReliefBenchArgs),
    /// Load N households registered for relief with an entitlement each,
    /// then time M hand-overs at the desk (issue 15: a receipt's p95).
    ReliefReceipts(ReliefReceiptsArgs),
}

#[derive(Debug, Args)]
pub struct ReliefBenchArgs {
    /// Folder of the new database (must not hold one yet).
    #[arg(long)]
    pub data: PathBuf,
    /// Households in the timed import.
    #[arg(long, default_value_t = 10_000)]
    pub households: usize,
    /// People in the programme before the registrations are timed.
    #[arg(long, default_value_t = 100_000)]
    pub people: usize,
    /// Registrations timed.
    #[arg(long, default_value_t = 200)]
    pub registrations: usize,
}

#[derive(Debug, Args)]
pub struct ReliefReceiptsArgs {
    /// A fresh data folder.
    #[arg(long)]
    pub data: PathBuf,
    /// Households registered, each with one entitlement.
    #[arg(long, default_value_t = 100_000)]
    pub households: usize,
    /// Hand-overs timed.
    #[arg(long, default_value_t = 2_000)]
    pub receipts: usize,
    /// The demo accounts' password.
    #[arg(long, default_value = "dugu-demo-2026")]
    pub password: String,
}

#[derive(Debug, Args)]
pub struct AddVillagesArgs {
    /// The data folder (a demo's, its server stopped).
    #[arg(long)]
    pub data: PathBuf,
    /// How many villages.
    #[arg(long, default_value_t = 15)]
    pub villages: usize,
    /// People per village.
    #[arg(long, default_value_t = 40)]
    pub people: usize,
    /// The directors' password.
    #[arg(long, env = "DUGU_DEMO_PASSWORD", default_value = crate::server::DEFAULT_DEMO_PASSWORD)]
    pub password: String,
}

#[derive(Debug, Args)]
pub struct EditPhonesArgs {
    /// The data folder.
    #[arg(long)]
    pub data: PathBuf,
    /// The account that makes the changes.
    #[arg(long)]
    pub username: String,
    /// People whose phone changes (one id a line), round robin.
    #[arg(long)]
    pub ids: PathBuf,
    /// How many changes.
    #[arg(long, default_value_t = 10_000)]
    pub fields: usize,
}

#[derive(Debug, Args)]
pub struct LoadCareArgs {
    /// Folder of the new database (must not hold one yet).
    #[arg(long)]
    pub data: PathBuf,
    /// How many children (ages 0–6, over five sites).
    #[arg(long, default_value_t = 200_000)]
    pub children: usize,
    /// Measurements per child at most (every ~2–3 months back from today,
    /// while under five).
    #[arg(long, default_value_t = 16)]
    pub per_child: usize,
    /// Medical visits in all.
    #[arg(long, default_value_t = 1_000_000)]
    pub visits: usize,
    /// Attendance marks in all.
    #[arg(long, default_value_t = 20_000_000)]
    pub marks: usize,
    /// Password of the demo accounts.
    #[arg(long, default_value = crate::server::DEFAULT_DEMO_PASSWORD)]
    pub password: String,
    /// Where to write a sample of Kita children's ids (one per line).
    #[arg(long)]
    pub ids: PathBuf,
}

#[derive(Debug, Args)]
pub struct LinkageBenchArgs {
    /// How many registrations.
    #[arg(long, default_value_t = 100_000)]
    pub records: usize,
    /// Folder for people.csv and truth.csv (for the peers).
    #[arg(long, default_value = "bench/out/linkage")]
    pub out: PathBuf,
    /// Seed of the synthetic population (each seed is another population).
    #[arg(long, default_value_t = 0x4C49_4E4B)]
    pub seed: u64,
    /// Read people.csv and truth.csv from --out instead of generating them
    /// (another generator's set), and measure dugu on them.
    #[arg(long)]
    pub existing: bool,
}

#[derive(Debug, Args)]
pub struct LoadPeopleArgs {
    /// Folder of the new database (must not hold one yet).
    #[arg(long)]
    pub data: PathBuf,
    /// How many people.
    #[arg(long, default_value_t = 1_000_000)]
    pub people: usize,
    /// Password of the demo accounts.
    #[arg(long, default_value = crate::server::DEFAULT_DEMO_PASSWORD)]
    pub password: String,
    /// Where to write a sample of the new ids (one per line).
    #[arg(long)]
    pub ids: PathBuf,
    /// People per write transaction.
    #[arg(long, default_value_t = 50_000)]
    pub batch: usize,
    /// Defer only the three people indexes during the load (default: all
    /// seven the load fills), to measure one choice against the other.
    #[arg(long)]
    pub defer_people_only: bool,
}

#[derive(Debug, Args)]
pub struct BenchGrowthArgs {
    /// How many children to score.
    #[arg(long, default_value_t = 1_000_000)]
    pub children: usize,
    /// Threads for the parallel run (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

#[derive(Debug, Args)]
pub struct GrowthCsvArgs {
    /// How many rows to write.
    #[arg(long, default_value_t = 1_000_000)]
    pub rows: usize,
    /// Where to write the CSV.
    #[arg(long)]
    pub output: PathBuf,
}
