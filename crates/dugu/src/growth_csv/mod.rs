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
    /// Input columns, all required; `INPUT[0]` is the row id.
    const INPUT: &'static [&'static str];
    /// Output columns between `id` and `problem`.
    const OUTPUT: &'static [&'static str];
    /// Scores one row. `cells[i]` is the cell of `INPUT[i]`. Writes each
    /// output cell preceded by a comma; on invalid input writes empty cells
    /// and records the problems.
    fn score(cells: &[&[u8]], out: &mut Vec<u8>, problems: &mut RowProblems);
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
    input: Vec<usize>,
    extras: Vec<usize>,
    fields: usize,
}

fn layout<S: Standard>(headers: &csv::ByteRecord, source: &str) -> Result<Layout, GrowthCsvError> {
    let names: Vec<String> = headers
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let mut input = Vec::with_capacity(S::INPUT.len());
    let mut missing = Vec::new();
    for want in S::INPUT {
        match names.iter().position(|n| n == want) {
            Some(i) => input.push(i),
            None => missing.push(*want),
        }
    }
    if !missing.is_empty() {
        return Err(GrowthCsvError::Input(format!(
            "{source}: missing required column(s): {}. The file needs the columns {}.",
            missing.join(", "),
            S::INPUT.join(", ")
        )));
    }
    let reserved: Vec<&str> = S::OUTPUT.iter().chain(["problem"].iter()).copied().collect();
    let mut extras = Vec::new();
    for (i, n) in names.iter().enumerate() {
        if input.contains(&i) {
            continue;
        }
        if S::INPUT.contains(&n.as_str()) {
            return Err(GrowthCsvError::Input(format!("{source}: column {n} appears more than once")));
        }
        if reserved.contains(&n.as_str()) {
            return Err(GrowthCsvError::Input(format!(
                "{source}: column {n} would clash with an output column of the same name; rename or remove it"
            )));
        }
        extras.push(i);
    }
    Ok(Layout { input, extras, fields: names.len() })
}

/// Bytes of input per batch: large enough to amortise the hand-over,
/// small enough that a few in flight stay within a few megabytes.
const CHUNK: usize = 1 << 19;

/// The most input columns a standard reads.
const MAX_INPUT: usize = 16;

/// Scores `input` (a path, or `-` for stdin) into `output` (a path, or `-`
/// for stdout) with `threads` workers, and returns the problem summary.
pub fn run<S: Standard>(input: &Path, output: &Path, threads: usize) -> Result<String, GrowthCsvError> {
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
            S::INPUT.join(", ")
        )));
    }
    let layout = layout::<S>(&headers, &source)?;
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
                    let (bytes, summary) = score_chunk::<S>(layout, &chunk);
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
            (None, Ok(summary)) => Ok(summary.report()),
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
fn score_chunk<S: Standard>(layout: &Layout, chunk: &Chunk) -> (Vec<u8>, Summary) {
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
            *cell = rec.get(i).unwrap_or(b"");
        }
        let cells = &cells[..n];
        if rec.len() < layout.fields {
            problems.push("row has fewer cells than the header");
        } else if rec.len() > layout.fields {
            problems.push("row has more cells than the header");
        }
        output::push_text(&mut out, cells[0]);
        if problems.is_empty() {
            S::score(cells, &mut out, &mut problems);
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
