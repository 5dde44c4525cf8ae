//! `dugu growth zscores`: scores a CSV file of children against the WHO
//! standards, streaming, in parallel, in input order.
//!
//! The reader thread cuts the input into batches of records; workers score
//! and format each batch into bytes; the writer puts the batches back in
//! order. Channels are bounded, so memory stays at a few batches whatever
//! the file size.

mod cells;
mod output;
mod problems;
mod who2006;
mod who2007;

use problems::{RowProblems, Summary};
use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::path::Path;
use std::sync::{Mutex, mpsc};

pub use who2006::Who2006;
pub use who2007::Who2007;

/// One input file layout and its scoring.
pub trait Standard {
    /// Every input column the standard reads; `INPUT[0]` is the row id.
    const INPUT: &'static [&'static str];
    /// The columns a file must have (`age_unit` only without `--age-unit`);
    /// every other input column may be absent.
    const REQUIRED: &'static [&'static str];
    /// For each optional column, what its absence leaves undone.
    const ABSENT: &'static [(&'static str, &'static str)];
    /// Output columns between `id` and `problem`.
    const OUTPUT: &'static [&'static str];
    /// Scores one row. `cells[i]` is the cell of `INPUT[i]` (empty when the
    /// file has no such column). Writes each output cell preceded by a
    /// comma; an invalid value is reported in `problems` and leaves empty
    /// only the cells that need it.
    fn score(cells: &[&[u8]], reading: &Reading, out: &mut Vec<u8>, problems: &mut RowProblems);
}

/// How to read a file that is not written in the contract's own words.
#[derive(Debug, Default, Clone)]
pub struct Reading {
    /// (contract column, the file's column), from `--columns`.
    pub columns: Vec<(String, String)>,
    /// The unit of every age, for a file without an `age_unit` column.
    pub age_unit: Option<cells::AgeUnit>,
    /// MUAC (`armc`) is in mm, as ENA/SMART record it, not in cm.
    pub armc_in_mm: bool,
}

impl Reading {
    /// Reads `--columns` (`contract=file` pairs) and the unit options.
    fn from_args(a: &crate::cli::ZscoresArgs) -> Result<Reading, GrowthCsvError> {
        let mut columns: Vec<(String, String)> = Vec::new();
        for pair in a.columns.iter().filter(|p| !p.trim().is_empty()) {
            let Some((contract, file)) = pair.split_once('=') else {
                return Err(GrowthCsvError::Input(format!(
                    "--columns: {pair:?} is not NAME=COLUMN (for example sex=SEXE,weight=POIDS)"
                )));
            };
            let (contract, file) = (contract.trim().to_ascii_lowercase(), file.trim().to_string());
            if file.is_empty() {
                return Err(GrowthCsvError::Input(format!("--columns: {contract}= names no column of the file")));
            }
            if columns.iter().any(|(c, _)| *c == contract) {
                return Err(GrowthCsvError::Input(format!("--columns: {contract} is mapped more than once")));
            }
            columns.push((contract, file));
        }
        let age_unit = a.age_unit.map(|u| match u {
            crate::cli::AgeUnitArg::Days => cells::AgeUnit::Days,
            crate::cli::AgeUnitArg::Months => cells::AgeUnit::Months,
            crate::cli::AgeUnitArg::Years => cells::AgeUnit::Years,
        });
        let armc_in_mm = matches!(a.armc_unit, Some(crate::cli::ArmcUnitArg::Mm));
        Ok(Reading { columns, age_unit, armc_in_mm })
    }
}

/// `dugu growth zscores`: reads the options and scores the file with the
/// chosen standard; returns the summary for stderr.
pub fn zscores(a: &crate::cli::ZscoresArgs, threads: usize) -> Result<String, GrowthCsvError> {
    let reading = Reading::from_args(a)?;
    match a.standard {
        crate::cli::StandardArg::Who2006 => run::<Who2006>(&a.input, &a.output, threads, &reading),
        crate::cli::StandardArg::Who2007 => {
            if a.age_unit.is_some() || a.armc_unit.is_some() {
                return Err(GrowthCsvError::Input(
                    "--age-unit and --armc-unit apply to who2006 only: who2007 reads age_months and no MUAC".into(),
                ));
            }
            run::<Who2007>(&a.input, &a.output, threads, &reading)
        }
    }
}

/// Why scoring stopped: bad input (exit code 2) or a failure to write.
#[derive(Debug)]
pub enum GrowthCsvError {
    /// The input cannot be read or lacks required columns.
    Input(String),
    /// The output cannot be written.
    Output(String),
}

impl std::fmt::Display for GrowthCsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GrowthCsvError::Input(m) | GrowthCsvError::Output(m) => f.write_str(m),
        }
    }
}

/// Where the columns of the input are.
struct Layout {
    /// The file's column of each `INPUT` column, if it has one.
    input: Vec<Option<usize>>,
    extras: Vec<usize>,
    fields: usize,
    /// What the absent optional columns leave undone, for stderr.
    notes: String,
}

/// A header as matched: trimmed, without a byte-order mark, lower case.
fn header_name(h: &[u8]) -> String {
    String::from_utf8_lossy(h).trim().trim_start_matches('\u{feff}').to_lowercase()
}

/// The columns a file must have, given the options.
fn required<S: Standard>(reading: &Reading) -> Vec<&'static str> {
    S::REQUIRED.iter().copied().filter(|c| !(*c == "age_unit" && reading.age_unit.is_some())).collect()
}

fn layout<S: Standard>(headers: &csv::ByteRecord, source: &str, reading: &Reading) -> Result<Layout, GrowthCsvError> {
    let names: Vec<String> = headers.iter().map(header_name).collect();
    let input_err = |m: String| Err(GrowthCsvError::Input(format!("{source}: {m}")));
    // The name each contract column has in this file.
    let mut wanted: Vec<(String, Option<&str>)> = S::INPUT.iter().map(|c| (c.to_string(), None)).collect();
    for (contract, file) in &reading.columns {
        let Some(i) = S::INPUT.iter().position(|c| c == contract) else {
            return Err(GrowthCsvError::Input(format!(
                "--columns: {contract} is not a column this standard reads; it reads {}",
                S::INPUT.join(", ")
            )));
        };
        wanted[i] = (header_name(file.as_bytes()), Some(file.as_str()));
    }
    let mut input = vec![None; S::INPUT.len()];
    for (i, (want, mapped)) in wanted.iter().enumerate() {
        let mut at = names.iter().enumerate().filter(|(_, n)| *n == want).map(|(j, _)| j);
        match (at.next(), at.next()) {
            (Some(j), None) => input[i] = Some(j),
            (Some(_), Some(_)) => return input_err(format!("column {want} appears more than once")),
            (None, _) => {
                if let Some(file) = mapped {
                    return input_err(format!(
                        "there is no column {file} (given for {} by --columns); the file's columns are {}",
                        S::INPUT[i],
                        names.join(", ")
                    ));
                }
            }
        }
    }
    for (i, a) in input.iter().enumerate() {
        if let Some(j) = input[..i].iter().position(|b| a.is_some() && b == a) {
            return input_err(format!(
                "column {} would be read both as {} and as {}",
                wanted[i].0,
                S::INPUT[j],
                S::INPUT[i]
            ));
        }
    }
    if reading.age_unit.is_some()
        && let Some(k) = S::INPUT.iter().position(|c| *c == "age_unit")
        && input[k].is_some()
    {
        return input_err("the file has an age_unit column and --age-unit was given: keep one".into());
    }
    let needed = required::<S>(reading);
    let missing: Vec<&str> = needed
        .iter()
        .copied()
        .filter(|c| S::INPUT.iter().position(|x| x == c).is_none_or(|i| input[i].is_none()))
        .collect();
    if !missing.is_empty() {
        let unit = if needed.contains(&"age_unit") { " (or --age-unit instead of age_unit)" } else { "" };
        return input_err(format!(
            "missing required column(s): {}. The file needs the columns {}{unit}; name the file's own columns with --columns, e.g. --columns sex=SEXE.",
            missing.join(", "),
            needed.join(", ")
        ));
    }
    let mut notes = String::new();
    for (column, undone) in S::ABSENT {
        if S::INPUT.iter().position(|c| c == column).is_some_and(|i| input[i].is_none()) {
            notes.push_str(&format!("no {column} column: {undone}\n"));
        }
    }
    let reserved: Vec<&str> = ["id"].iter().chain(S::OUTPUT).chain(["problem"].iter()).copied().collect();
    let mut extras = Vec::new();
    for (i, n) in names.iter().enumerate() {
        if input.contains(&Some(i)) {
            continue;
        }
        if reserved.contains(&n.as_str()) {
            return input_err(format!(
                "column {n} would clash with an output column of the same name; rename or remove it"
            ));
        }
        extras.push(i);
    }
    Ok(Layout { input, extras, fields: names.len(), notes })
}

/// Bytes of input per batch: large enough to amortise the hand-over,
/// small enough that a few in flight stay within a few megabytes.
const CHUNK: usize = 1 << 19;

/// The most input columns a standard reads.
const MAX_INPUT: usize = 16;

/// Scores `input` (a path, or `-` for stdin) into `output` (a path, or `-`
/// for stdout) with `threads` workers, and returns the problem summary.
pub fn run<S: Standard>(
    input: &Path,
    output: &Path,
    threads: usize,
    reading: &Reading,
) -> Result<String, GrowthCsvError> {
    let source = input.display().to_string();
    let read_err = |e: io::Error| GrowthCsvError::Input(format!("cannot read {source}: {e}"));
    let mut reader: Box<dyn Read + Send> = if input == Path::new("-") {
        Box::new(io::stdin())
    } else {
        Box::new(std::fs::File::open(input).map_err(read_err)?)
    };

    // The header is the first record; everything after it is data.
    let mut pending = Vec::with_capacity(CHUNK * 2);
    let mut eof = fill(&mut reader, &mut pending, CHUNK).map_err(read_err)?;
    let header_end = loop {
        if let Some(end) = record_boundary(&pending, true) {
            break end;
        }
        if eof {
            break pending.len();
        }
        let target = pending.len() + CHUNK;
        eof = fill(&mut reader, &mut pending, target).map_err(read_err)?;
    };
    let header_bytes = pending[..header_end].strip_prefix(b"\xef\xbb\xbf").unwrap_or(&pending[..header_end]);
    let headers = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(header_bytes)
        .byte_records()
        .next()
        .transpose()
        .map_err(|e| GrowthCsvError::Input(format!("cannot read {source}: {e}")))?
        .unwrap_or_default();
    if headers.is_empty() || headers.iter().all(|h| h.trim_ascii().is_empty()) {
        return Err(GrowthCsvError::Input(format!(
            "{source} is empty: it needs a header row with {}",
            required::<S>(reading).join(", ")
        )));
    }
    let layout = layout::<S>(&headers, &source, reading)?;
    let header_lines = count_lines(&pending[..header_end]);
    pending.drain(..header_end);

    let target = output.display().to_string();
    let sink: Box<dyn Write + Send> = if output == Path::new("-") {
        Box::new(io::stdout())
    } else {
        Box::new(
            std::fs::File::create(output).map_err(|e| GrowthCsvError::Output(format!("cannot write {target}: {e}")))?,
        )
    };
    let mut sink = io::BufWriter::with_capacity(1 << 20, sink);
    let write_err = |e: io::Error| GrowthCsvError::Output(format!("cannot write {target}: {e}"));

    let mut head = Vec::new();
    head.extend_from_slice(b"id");
    for c in S::OUTPUT.iter().chain(["problem"].iter()) {
        head.push(b',');
        head.extend_from_slice(c.as_bytes());
    }
    for &i in &layout.extras {
        head.push(b',');
        output::push_text(&mut head, &headers[i]);
    }
    head.push(b'\n');
    sink.write_all(&head).map_err(write_err)?;

    let threads = threads.max(1);
    let (work_tx, work_rx) = mpsc::sync_channel::<Chunk>(threads * 2);
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::sync_channel::<(u64, Vec<u8>, Summary)>(threads * 2);

    std::thread::scope(|scope| {
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let work_rx = &work_rx;
            let layout = &layout;
            scope.spawn(move || {
                loop {
                    let next = work_rx.lock().map(|rx| rx.recv());
                    let Ok(Ok(chunk)) = next else { break };
                    let (bytes, summary) = score_chunk::<S>(layout, reading, &chunk);
                    if done_tx.send((chunk.seq, bytes, summary)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);

        let writer = scope.spawn(move || -> Result<Summary, GrowthCsvError> {
            let mut waiting = BTreeMap::new();
            let mut next = 0u64;
            let mut total = Summary::default();
            let mut failed = None;
            for (seq, bytes, summary) in done_rx {
                waiting.insert(seq, (bytes, summary));
                while let Some((bytes, summary)) = waiting.remove(&next) {
                    if failed.is_none()
                        && let Err(e) = sink.write_all(&bytes)
                    {
                        failed = Some(write_err(e));
                    }
                    total.merge(summary);
                    next += 1;
                }
            }
            if let Some(e) = failed {
                return Err(e);
            }
            sink.flush().map_err(write_err)?;
            Ok(total)
        });

        // Cut the input at record boundaries into chunks; workers parse them.
        let mut seq = 0u64;
        let mut line = 1 + header_lines;
        let mut read_error = None;
        loop {
            if !eof && pending.len() < CHUNK {
                match fill(&mut reader, &mut pending, CHUNK) {
                    Ok(e) => eof = e,
                    Err(e) => {
                        read_error = Some(read_err(e));
                        break;
                    }
                }
            }
            let cut = if eof { pending.len() } else { record_boundary(&pending, false).unwrap_or(0) };
            if cut == 0 {
                if eof {
                    break;
                }
                // One record longer than a chunk: read on until it ends.
                let target = pending.len() + CHUNK;
                match fill(&mut reader, &mut pending, target) {
                    Ok(e) => eof = e,
                    Err(e) => {
                        read_error = Some(read_err(e));
                        break;
                    }
                }
                continue;
            }
            let rest = pending.split_off(cut);
            let bytes = std::mem::replace(&mut pending, rest);
            let first_line = line;
            line += count_lines(&bytes);
            if work_tx.send(Chunk { seq, first_line, bytes }).is_err() {
                break;
            }
            seq += 1;
        }
        drop(work_tx);
        let written = writer.join().unwrap_or_else(|_| Err(GrowthCsvError::Output("the writer thread failed".into())));
        match (read_error, written) {
            (Some(e), _) => Err(e),
            (None, Err(e)) => Err(e),
            (None, Ok(summary)) => Ok(format!("{}{}", layout.notes, summary.report())),
        }
    })
}
/// A piece of the input that ends at a record boundary.
struct Chunk {
    seq: u64,
    /// The line number of its first record in the input file.
    first_line: u64,
    bytes: Vec<u8>,
}

/// Reads until `buf` holds `target` bytes or the input ends (`true`).
fn fill(reader: &mut dyn Read, buf: &mut Vec<u8>, target: usize) -> io::Result<bool> {
    while buf.len() < target {
        let start = buf.len();
        buf.resize(target, 0);
        match reader.read(&mut buf[start..]) {
            Ok(0) => {
                buf.truncate(start);
                return Ok(true);
            }
            Ok(n) => buf.truncate(start + n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => buf.truncate(start),
            Err(e) => {
                buf.truncate(start);
                return Err(e);
            }
        }
    }
    Ok(false)
}

/// The end (just past a newline outside quotes) of the first record, or of
/// the last complete record, in `buf`. Quotes are escaped by doubling, so
/// an even count of quotes before a newline means it ends a record.
fn record_boundary(buf: &[u8], first: bool) -> Option<usize> {
    // Most files quote nothing: then any newline ends a record.
    if memchr::memchr(b'"', buf).is_none() {
        let found = if first { memchr::memchr(b'\n', buf) } else { memchr::memrchr(b'\n', buf) };
        return found.map(|i| i + 1);
    }
    let mut in_quotes = false;
    let mut last = None;
    for i in memchr::memchr2_iter(b'"', b'\n', buf) {
        if buf[i] == b'"' {
            in_quotes = !in_quotes;
        } else if !in_quotes {
            if first {
                return Some(i + 1);
            }
            last = Some(i + 1);
        }
    }
    last
}

fn count_lines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

/// Parses and scores one chunk into CSV bytes.
fn score_chunk<S: Standard>(layout: &Layout, reading: &Reading, chunk: &Chunk) -> (Vec<u8>, Summary) {
    let mut out = Vec::with_capacity(chunk.bytes.len() * 3);
    let mut summary = Summary::default();
    let mut problems = RowProblems::default();
    let n = S::INPUT.len();
    let mut csv = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(&chunk.bytes[..]);
    let mut rec = csv::ByteRecord::new();
    loop {
        match csv.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(_) => {
                // The csv parser only fails on I/O, impossible on a slice;
                // should it ever, the chunk's remaining rows are reported.
                summary.record(chunk.first_line, &{
                    let mut p = RowProblems::default();
                    p.push("row could not be parsed as CSV");
                    p
                });
                break;
            }
        }
        let line = chunk.first_line + rec.position().map_or(1, |p| p.line()) - 1;
        // A blank line is not a child.
        if rec.len() == 1 && rec[0].trim_ascii().is_empty() {
            continue;
        }
        problems.clear();
        let mut cells: [&[u8]; MAX_INPUT] = [b""; MAX_INPUT];
        for (cell, &i) in cells.iter_mut().zip(&layout.input) {
            *cell = i.and_then(|i| rec.get(i)).unwrap_or(b"");
        }
        let cells = &cells[..n];
        if rec.len() < layout.fields {
            problems.push("row has fewer cells than the header");
        } else if rec.len() > layout.fields {
            problems.push("row has more cells than the header");
        }
        output::push_text(&mut out, cells[0]);
        if problems.is_empty() {
            S::score(cells, reading, &mut out, &mut problems);
        } else {
            who2006::empty_cells(&mut out, S::OUTPUT.len());
        }
        out.push(b',');
        if !problems.is_empty() {
            let joined: Vec<&str> = problems.iter().copied().collect();
            output::push_text(&mut out, joined.join("; ").as_bytes());
        }
        for &i in &layout.extras {
            out.push(b',');
            output::push_text(&mut out, rec.get(i).unwrap_or(b""));
        }
        out.push(b'\n');
        summary.record(line, &problems);
    }
    (out, summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_respect_quotes() {
        let buf = b"a,\"x\ny\",b\nc,d\ne";
        assert_eq!(record_boundary(buf, true), Some(10));
        assert_eq!(record_boundary(buf, false), Some(14));
        assert_eq!(record_boundary(b"no newline", false), None);
    }
}
