//! The `dugu` binary: parses the command line and hands each subcommand to
//! the crate that owns it.

mod bench;
mod cli;
mod growth_csv;

use clap::Parser;
use cli::{BenchCommand, Cli, Command, GrowthCommand, StandardArg};
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
        Failure {
            code: 1,
            message: format!("{e:#}"),
        }
    }
}

fn threads(requested: Option<usize>) -> usize {
    requested.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Growth(GrowthCommand::Zscores(a)) => {
            let t = threads(a.threads);
            let result = match a.standard {
                StandardArg::Who2006 => {
                    growth_csv::run::<growth_csv::Who2006>(&a.input, &a.output, t)
                }
                StandardArg::Who2007 => {
                    growth_csv::run::<growth_csv::Who2007>(&a.input, &a.output, t)
                }
            };
            match result {
                Ok(summary) => {
                    eprint!("{summary}");
                    Ok(())
                }
                Err(e @ growth_csv::GrowthCsvError::Input(_)) => Err(Failure {
                    code: 2,
                    message: e.to_string(),
                }),
                Err(e) => Err(Failure {
                    code: 1,
                    message: e.to_string(),
                }),
            }
        }
        Command::Bench(BenchCommand::Growth(a)) => {
            bench::growth::engine(a.children, threads(a.threads));
            Ok(())
        }
        Command::Bench(BenchCommand::GrowthCsv(a)) => {
            Ok(bench::growth::write_csv(a.rows, &a.output)?)
        }
    }
}
