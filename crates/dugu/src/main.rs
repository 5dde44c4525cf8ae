//! The `dugu` binary: parses the command line and hands each subcommand to
//! the crate that owns it.

mod backup;
mod bench;
mod cli;
mod config;
mod data_lock;
mod dedupe_csv;
mod enrol;
mod growth_csv;
mod hub_client;
mod relief_import;
mod server;
mod sync_round;

use clap::Parser;
use cli::{BackupCommand, BenchCommand, Cli, Command, GrowthCommand};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure { code, message }) => {
            eprintln!("dugu: {message}");
            ExitCode::from(code)
        }
    }
}

/// A failed command: what to tell the user and the exit code (2 for bad
/// input, 1 otherwise).
struct Failure {
    code: u8,
    message: String,
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure { code: 1, message: format!("{e:#}") }
    }
}

fn threads(requested: Option<usize>) -> usize {
    requested.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn server_config(a: &cli::ServerArgs) -> anyhow::Result<config::Config> {
    let file = config::read_file(a.config.as_deref())?;
    config::resolve(
        file,
        config::Overrides {
            data: a.data.clone(),
            listen: a.listen.clone(),
            secure_cookies: a.secure_cookies,
            second_factor_roles: a.second_factor_roles.clone(),
            backup_dir: a.backup_dir.clone(),
            backup_recipients: a.backup_recipients.clone(),
            backup_keep: a.backup_keep,
        },
    )
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("DUGU_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Colour codes only for a person at a terminal: a log file or a pipe
    // (journald, `tee`) gets plain text.
    let colour = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_target(false).with_ansi(colour).try_init();
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Serve(a) => {
            init_logging();
            Ok(server::run(server_config(&a)?, None, a.sync_every)?)
        }
        Command::Demo(a) => {
            init_logging();
            let demo = server::Demo { password: a.demo_password.clone() };
            Ok(server::run(server_config(&a.server)?, Some(demo), a.server.sync_every)?)
        }
        Command::Growth(GrowthCommand::Zscores(a)) => match growth_csv::zscores(&a, threads(a.threads)) {
            Ok(summary) => {
                eprint!("{summary}");
                Ok(())
            }
            Err(e @ growth_csv::GrowthCsvError::Input(_)) => Err(Failure { code: 2, message: e.to_string() }),
            Err(e) => Err(Failure { code: 1, message: e.to_string() }),
        },
        Command::Dedupe(a) => {
            if !(0.5..=1.0).contains(&a.threshold) {
                return Err(Failure { code: 2, message: "--threshold must be between 0.5 and 1".into() });
            }
            match dedupe_csv::run(&a) {
                Ok(summary) => {
                    eprint!("{summary}");
                    Ok(())
                }
                Err(dedupe_csv::DedupeError::Input(m)) => Err(Failure { code: 2, message: m }),
                Err(dedupe_csv::DedupeError::Output(m)) => Err(Failure { code: 1, message: m }),
            }
        }
        Command::Backup(a) => backup_command(a),
        Command::Restore(a) => {
            let v = backup::restore(&a.file, &a.data, &a.identity)?;
            println!(
                "restored into {}: integrity check ok, audit chain intact ({} entries), {} people, schema version {}",
                a.data.display(),
                v.audit_entries,
                v.people,
                v.schema_version
            );
            Ok(())
        }
        Command::Check(a) => check_command(&a.data),
        Command::ReliefImport(a) => relief_import::run(&a),
        Command::Enrol(a) => match enrol::enrol(&a.data, &a.hub, &a.code) {
            Ok(done) => {
                println!(
                    "dugu: enrolled site {}: {} operations, {} accounts, {} bytes received; start it with `dugu serve --data {}`",
                    done.site_id,
                    done.ops,
                    done.accounts,
                    done.received,
                    a.data.display()
                );
                Ok(())
            }
            Err(e) => Err(Failure { code: e.code, message: e.message }),
        },
        Command::Sync(a) => match sync_round::sync(&a.data) {
            Ok(r) => {
                println!("pushed {}, pulled {}, conflicts {}", r.pushed, r.pulled, r.conflicts);
                if std::env::var_os("DUGU_SYNC_BYTES").is_some() {
                    // For bench/sync-round.sh: what crossed the wire.
                    eprintln!(
                        "dugu: {} requests, {} bytes sent, {} bytes received, {} refused",
                        r.requests, r.sent_bytes, r.received_bytes, r.refused
                    );
                }
                Ok(())
            }
            Err(e) => Err(Failure { code: e.code, message: e.message }),
        },
        Command::Bench(BenchCommand::Growth(a)) => {
            bench::growth::engine(a.children, threads(a.threads));
            Ok(())
        }
        Command::Bench(BenchCommand::GrowthCsv(a)) => Ok(bench::growth::write_csv(a.rows, &a.output)?),
        Command::Bench(BenchCommand::Linkage(a)) => Ok(bench::linkage::run(&a)?),
        Command::Bench(BenchCommand::ReliefRegistration(a)) => {
            Ok(bench::relief::run(&a.data, a.households, a.people, a.registrations)?)
        }
        Command::Bench(BenchCommand::LoadPeople(a)) => {
            let deferred =
                if a.defer_people_only { dugu_storage::Deferred::People } else { dugu_storage::Deferred::All };
            Ok(bench::people::load(&a.data, a.people, a.batch, deferred, &a.password, &a.ids)?)
        }
        Command::Bench(BenchCommand::EditPhones(a)) => {
            Ok(bench::edits::phones(&a.data, &a.username, &a.ids, a.fields)?)
        }
        Command::Bench(BenchCommand::AddVillages(a)) => {
            Ok(bench::villages::add(&a.data, a.villages, a.people, &a.password)?)
        }
        Command::Bench(BenchCommand::ReliefReceipts(a)) => {
            Ok(bench::relief_receipts::receipts(&a.data, a.households, a.receipts, &a.password)?)
        }
        Command::Bench(BenchCommand::LoadCare(a)) => {
            let scale =
                bench::care::Scale { children: a.children, per_child: a.per_child, visits: a.visits, marks: a.marks };
            Ok(bench::care::load(&a.data, &scale, &a.password, &a.ids)?)
        }
    }
}

fn check_command(dir: &std::path::Path) -> Result<(), Failure> {
    let db = dir.join("dugu.sqlite");
    if !db.is_file() {
        return Err(Failure { code: 2, message: format!("no dugu database in {}", dir.display()) });
    }
    let scratch = tempfile::Builder::new()
        .prefix(".dugu-check-")
        .tempdir_in(dir)
        .map_err(|e| Failure { code: 1, message: format!("cannot make a scratch folder in {}: {e}", dir.display()) })?;
    let started = std::time::Instant::now();
    let report = dugu_storage::check_database(&db, &scratch.path().join("replay.sqlite"))
        .map_err(|e| Failure { code: 1, message: e.to_string() })?;
    for p in &report.problems {
        println!("{p}");
    }
    if report.ok() {
        println!(
            "ok: {} operations replayed to the same {} rows; audit chain intact ({} entries); integrity check ok ({:.1} s)",
            report.ops,
            report.rows,
            report.audit_entries,
            started.elapsed().as_secs_f64()
        );
        Ok(())
    } else {
        Err(Failure { code: 1, message: format!("{} problems found", report.problems.len()) })
    }
}

fn backup_command(a: cli::BackupArgs) -> Result<(), Failure> {
    if let Some(BackupCommand::Keygen(k)) = a.command {
        let public = backup::keygen(&k.out)?;
        eprintln!("dugu: identity written to {} (keep it secret, and never beside the backups)", k.out.display());
        eprintln!("dugu: encrypt backups to this public key:");
        println!("{public}");
        return Ok(());
    }
    let usage = |what: &str| Failure { code: 2, message: format!("dugu backup needs {what} (see dugu backup --help)") };
    let data = a.data.ok_or_else(|| usage("--data DIR"))?;
    let out = a.out.ok_or_else(|| usage("--out FILE"))?;
    let recipients = backup::recipients(&a.recipients, &a.recipients_files)
        .map_err(|e| Failure { code: 2, message: format!("{e:#}") })?;
    let t = backup::take(&data, &out, &recipients)?;
    println!(
        "backup written to {}: {} bytes encrypted to {} recipient(s), from a {}-byte database ({} pages), in {:.2} s",
        out.display(),
        t.file_bytes,
        recipients.len(),
        t.copied.bytes,
        t.copied.pages,
        t.seconds
    );
    Ok(())
}
