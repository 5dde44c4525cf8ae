//! `dugu dedupe`: a registration file in, persons out — every input id
//! once with its cluster — and, on request, the scored pairs with their
//! evidence. Malformed rows are reported by line and stay alone.

use crate::cli::DedupeArgs;
use dugu_linkage::record::{Day, RawRecord, Record, RecordProblem};
use dugu_linkage::{Linker, ScoredPair};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The input columns, all required (cells may be empty but for `id`).
pub const COLUMNS: [&str; 13] = [
    "id",
    "given_name",
    "family_name",
    "sex",
    "birth_date",
    "age_years",
    "phone",
    "id_document",
    "father_name",
    "mother_name",
    "origin_commune",
    "current_site",
    "household_id",
];

/// Optional input column: the day the row was registered (`YYYY-MM-DD`);
/// an age is an age on that day. Other extra columns are ignored.
pub const REGISTERED_ON: &str = "registered_on";

/// Pairs below this probability are not written to `--pairs`.
pub const PAIRS_FROM: f64 = 0.1;

/// Why the command stopped: bad input (exit 2) or an output failure.
#[derive(Debug)]
pub enum DedupeError {
    /// Unreadable input or a missing column.
    Input(String),
    /// The output could not be written.
    Output(String),
}

fn problem_text(p: &RecordProblem) -> &'static str {
    match p {
        RecordProblem::Sex => "sex must be M, F or empty",
        RecordProblem::BirthDate => "birth_date must be YYYY-MM-DD, YYYY or empty",
        RecordProblem::Age => "age_years must be a whole number from 0 to 120",
        RecordProblem::RegisteredOn => "registered_on must be YYYY-MM-DD or empty",
    }
}

/// Today (UTC), from the system clock.
fn today() -> Day {
    let days = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400);
    Day::from_days_since_epoch(days as i64)
}

/// Runs the command; returns the summary for stderr.
pub fn run(args: &DedupeArgs) -> Result<String, DedupeError> {
    let (input, output, pairs_out, threshold) = (&args.input, &args.output, args.pairs.as_deref(), args.threshold);
    let as_of =
        match &args.as_of {
            Some(text) => Some(Day::parse(text).ok_or_else(|| {
                DedupeError::Input(format!("--as-of must be a date written YYYY-MM-DD, not {text:?}"))
            })?),
            None => None,
        };
    let source = input.display().to_string();
    let input_err = |e: &dyn std::fmt::Display| DedupeError::Input(format!("cannot read {source}: {e}"));
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_path(input).map_err(|e| input_err(&e))?;
    let headers = reader.headers().map_err(|e| input_err(&e))?.clone();
    let names: Vec<String> =
        headers.iter().map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase()).collect();
    let missing: Vec<&str> = COLUMNS.iter().filter(|c| !names.iter().any(|n| n == *c)).copied().collect();
    if !missing.is_empty() {
        return Err(DedupeError::Input(format!(
            "{source}: missing required column(s): {}. The file needs the columns {}.",
            missing.join(", "),
            COLUMNS.join(", ")
        )));
    }
    let col: HashMap<&str, usize> =
        COLUMNS.iter().map(|c| (*c, names.iter().position(|n| n == c).unwrap_or(0))).collect();
    let registered_col = names.iter().position(|n| n == REGISTERED_ON);
    let day = as_of.unwrap_or_else(today);
    // Whether some age was turned into a birth year with today's date: the
    // output then depends on the day it is run, and the user is told.
    let mut aged_today = 0usize;
    // Every input id in order, with the index of its parsed record if any.
    let mut ids: Vec<(String, Option<usize>)> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut records: Vec<Record> = Vec::new();
    let mut report = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| input_err(&e))?;
        let line = row.position().map_or(0, |p| p.line());
        let cell = |c: &str| row.get(col[c]).unwrap_or("").to_string();
        let id = cell("id").trim().to_string();
        if id.is_empty() {
            report.push(format!("line {line}: id is empty; the row is left out"));
            continue;
        }
        if !seen.insert(id.clone()) {
            report.push(format!("line {line}: id {id} appears again; this row is left out"));
            continue;
        }
        if row.len() != names.len() {
            report.push(format!(
                "line {line}: {} cells where the header has {}; kept as its own person",
                row.len(),
                names.len()
            ));
            ids.push((id, None));
            continue;
        }
        // `registered_on` is the contract's one optional column.
        let raw = RawRecord::from_cells(|c| match c {
            "id" => id.clone(),
            REGISTERED_ON => registered_col.and_then(|i| row.get(i)).unwrap_or("").to_string(),
            _ => cell(c),
        });
        if as_of.is_none() && raw.registered_on.trim().is_empty() && !raw.age_years.trim().is_empty() {
            aged_today += 1;
        }
        match Record::parse(&raw, day) {
            Ok(r) => {
                ids.push((id, Some(records.len())));
                records.push(r);
            }
            Err(p) => {
                report.push(format!("line {line}: {}; kept as its own person", problem_text(&p)));
                ids.push((id, None));
            }
        }
    }

    let linker = Linker::build(records);
    let pairs = linker.pairs();
    let clusters = linker.clusters(&pairs, threshold);

    let out_err = |e: &dyn std::fmt::Display| DedupeError::Output(format!("cannot write {}: {e}", output.display()));
    let mut w = csv::Writer::from_path(output).map_err(|e| out_err(&e))?;
    w.write_record(["id", "cluster_id"]).map_err(|e| out_err(&e))?;
    // A cluster is named by the id of its first record in the file.
    let mut first: HashMap<u32, String> = HashMap::new();
    for (id, index) in &ids {
        let cluster = match index {
            Some(i) => first.entry(clusters[*i]).or_insert_with(|| id.clone()).clone(),
            None => id.clone(),
        };
        w.write_record([id.as_str(), cluster.as_str()]).map_err(|e| out_err(&e))?;
    }
    w.flush().map_err(|e| out_err(&e))?;

    let mut written = 0usize;
    if let Some(path) = pairs_out {
        written = write_pairs(path, &linker, &pairs)?;
    }
    let persons: HashSet<&String> = ids.iter().map(|(id, i)| i.map_or(id, |i| &first[&clusters[i]])).collect();
    let likely = pairs.iter().filter(|p| p.band == dugu_linkage::cluster::Band::Likely).count();
    let review = pairs.iter().filter(|p| p.band == dugu_linkage::cluster::Band::Review).count();
    let mut summary = format!(
        "{} rows, {} persons; {} candidate pairs: {likely} likely the same, {review} to review{}\n",
        ids.len(),
        persons.len(),
        pairs.len(),
        if pairs_out.is_some() { format!("; {written} pairs written") } else { String::new() }
    );
    if aged_today > 0 {
        summary.push_str(&format!(
            "note: {aged_today} ages without a registered_on date were taken as ages on today's date, {:04}-{:02}-{:02}; \
             give --as-of DATE (the day they were given) for results that do not change with the calendar\n",
            day.year, day.month, day.day
        ));
    }
    for r in &report {
        summary.push_str(r);
        summary.push('\n');
    }
    Ok(summary)
}

fn write_pairs(path: &Path, linker: &Linker, pairs: &[ScoredPair]) -> Result<usize, DedupeError> {
    let err = |e: &dyn std::fmt::Display| DedupeError::Output(format!("cannot write {}: {e}", path.display()));
    let mut csv = csv::Writer::from_path(path).map_err(|e| err(&e))?;
    csv.write_record(["id_a", "id_b", "probability", "band", "evidence"]).map_err(|e| err(&e))?;
    let mut sorted: Vec<&ScoredPair> = pairs.iter().filter(|p| p.probability >= PAIRS_FROM).collect();
    sorted.sort_by(|a, b| b.probability.total_cmp(&a.probability));
    let records = linker.records();
    for p in &sorted {
        // Each field's level and weight, missing fields left out.
        let evidence: Vec<String> = linker
            .evidence(p)
            .iter()
            .filter(|e| !e.missing)
            .map(|e| format!("{}={}({:+.1})", e.field, e.level, e.weight))
            .collect();
        csv.write_record([
            records[p.a as usize].id.as_str(),
            records[p.b as usize].id.as_str(),
            &format!("{:.4}", p.probability),
            p.band.code(),
            &evidence.join("; "),
        ])
        .map_err(|e| err(&e))?;
    }
    csv.flush().map_err(|e| err(&e))?;
    Ok(sorted.len())
}
