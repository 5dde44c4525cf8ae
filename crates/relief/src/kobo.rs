//! Reading a KoBo (or ODK) export into submissions, before any field is
//! interpreted: headers with or without group paths, an optional HXL row,
//! KoBo's system columns, the roster on its own sheet joined by
//! `_parent_index` → `_index`, rows not approved skipped, `_uuid` as the
//! key that makes a second import of the same file create nothing
//! (requirement 19; relief.md 4). Files are read by the caller (CSV with
//! `,` or `;`, XLSX); this module gets their cells.
//!
//! A batch is all or nothing: every problem is listed, by sheet, line and
//! column, and nothing is returned when there is one.

use crate::protection::{Forbidden, forbidden};
use std::collections::{BTreeMap, HashMap, HashSet};

/// One sheet of the export: a header row, then data rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sheet {
    /// The sheet's name (a CSV has one, named by the caller).
    pub name: String,
    /// Every row as text, the header first.
    pub rows: Vec<Vec<String>>,
    /// The line of the file (1 = the first) each row starts on, where it
    /// is not the row's place: a CSV cell may hold line breaks, and blank
    /// lines are no rows. Empty: row `n` is line `n + 1`.
    pub lines: Vec<usize>,
}

impl Sheet {
    /// The line of the file the row at `offset` (0 = the header) starts
    /// on: what a person opening the file finds it by, and what every
    /// problem names.
    pub fn line(&self, offset: usize) -> usize {
        self.lines.get(offset).copied().unwrap_or(offset + 1)
    }
}

/// One household's submission: its key, its answers by question name
/// (group path removed), and its roster rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Submission {
    /// KoBo's `_uuid` (or the instance id), the re-import key.
    pub uuid: String,
    /// The line of the main sheet's file it starts on (1 = the header),
    /// for error reports.
    pub line: usize,
    /// Answers by question name; select_multiple answers space-separated.
    pub answers: BTreeMap<String, String>,
    /// The roster (repeat) rows of this submission, each by question name.
    pub roster: Vec<BTreeMap<String, String>>,
}

/// What an export held.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Export {
    /// Submissions to import, in file order.
    pub submissions: Vec<Submission>,
    /// Rows marked `validation_status_not_approved`, left out.
    pub not_approved: usize,
}

/// One problem in a batch.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// The sheet has no header row.
    #[error("sheet « {sheet} » is empty")]
    Empty {
        /// The sheet.
        sheet: String,
    },
    /// A column the reader needs is absent.
    #[error("sheet « {sheet} » has no column « {column} »")]
    MissingColumn {
        /// The sheet.
        sheet: String,
        /// The column it lacks.
        column: &'static str,
    },
    /// A question a registration must never hold.
    #[error("sheet « {sheet} », column « {column} »: a question never asked ({kind})")]
    Forbidden {
        /// The sheet.
        sheet: String,
        /// The column as the file names it.
        column: String,
        /// Which kind.
        kind: Forbidden,
    },
    /// A row without its key.
    #[error("sheet « {sheet} », line {line}: no _uuid")]
    NoUuid {
        /// The sheet.
        sheet: String,
        /// The line of the file the row starts on, 1 being the header.
        line: usize,
    },
    /// The same key twice in one file.
    #[error("sheet « {sheet} », line {line}: _uuid « {uuid} » already on line {first}")]
    DuplicateUuid {
        /// The sheet.
        sheet: String,
        /// The line.
        line: usize,
        /// The key.
        uuid: String,
        /// Where it first appeared.
        first: usize,
    },
    /// A roster row whose household is not in the main sheet.
    #[error("sheet « {sheet} », line {line}: _parent_index « {parent} » matches no submission")]
    Orphan {
        /// The roster sheet.
        sheet: String,
        /// The line.
        line: usize,
        /// The index it points to.
        parent: String,
    },
}

/// KoBo's own columns, which are not answers (kpi's `COPY_FIELDS`, and
/// what formpack and ODK add).
const SYSTEM: [&str; 16] = [
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "_tags",
    "_index",
    "_parent_index",
    "_parent_table_name",
    "_submission__uuid",
    "_submission__id",
    "__version__",
    "start",
    "end",
];

/// The separator of a CSV export, from its header line: KoBo writes `,`
/// or `;` (French Excel settings).
pub fn separator(header: &str) -> u8 {
    if header.matches(';').count() > header.matches(',').count() { b';' } else { b',' }
}

/// An XLSX file that is not a workbook calamine can read.
#[derive(Debug, thiserror::Error)]
#[error("not a readable XLSX workbook: {0}")]
pub struct XlsxUnreadable(String);

/// Every sheet of an XLSX export, in the workbook's order (KoBo puts the
/// households first, then one sheet per repeat group), each cell as the
/// text a CSV export would hold: numbers without a needless `.0`, dates
/// as `YYYY-MM-DD` (with the time when it has one), errors and empty
/// cells as empty text.
pub fn xlsx_sheets(bytes: &[u8]) -> Result<Vec<Sheet>, XlsxUnreadable> {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| XlsxUnreadable(e.to_string()))?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| XlsxUnreadable(e.to_string()))?;
        // A sheet's rows are its lines, from the first one used.
        let first = range.start().map_or(0, |(row, _)| row as usize);
        let lines = (0..range.height()).map(|at| first + at + 1).collect();
        let rows = range
            .rows()
            .map(|row| {
                row.iter()
                    .map(|cell| match cell {
                        Data::Empty | Data::Error(_) => String::new(),
                        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                        Data::Float(f) => number(*f),
                        Data::Int(i) => i.to_string(),
                        Data::Bool(b) => b.to_string(),
                        Data::DateTime(d) => excel_date(d.as_f64()),
                    })
                    .collect()
            })
            .collect();
        sheets.push(Sheet { name, rows, lines });
    }
    Ok(sheets)
}

fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 { format!("{}", f as i64) } else { f.to_string() }
}

/// An Excel serial date (days since 1899-12-30, the fraction the time).
fn excel_date(serial: f64) -> String {
    let epoch = time::macros::date!(1899 - 12 - 30);
    let days = serial.floor();
    let Some(day) = epoch.checked_add(time::Duration::days(days as i64)) else { return number(serial) };
    let seconds = ((serial - days) * 86_400.0).round() as u32;
    if seconds == 0 {
        day.to_string()
    } else {
        format!("{day}T{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60)
    }
}

/// A CSV export read into a sheet: the separator sniffed from the header
/// (`,` or `;`), fields in double quotes may hold separators, new lines
/// and doubled quotes, a byte-order mark and `\r\n` line ends are
/// accepted (RFC 4180, read by the `csv` crate; rows may differ in
/// length, which the reader then reports). A quote left open takes the
/// rest of the file into its cell, as a spreadsheet would; the reader
/// then finds the rows short. Blank lines are skipped. Each row keeps the
/// line it starts on, which problems name (not its count of rows).
pub fn csv_sheet(name: &str, text: &str) -> Sheet {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(text.lines().next().unwrap_or("")))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let (mut rows, mut lines) = (Vec::new(), Vec::new());
    let mut record = csv::ByteRecord::new();
    // Where the last row began, and its line.
    let (bytes, mut at, mut line) = (text.as_bytes(), 0, 1);
    // Reading from memory cannot fail, and the text is UTF-8 already: a
    // record is never lost to an error.
    while reader.read_byte_record(&mut record).unwrap_or(false) {
        // The csv crate's position is where the previous row stopped —
        // before its line end and any blank lines — so the row's first
        // line is counted from there, past them.
        let mut start = record.position().map_or(at, |p| usize::try_from(p.byte()).unwrap_or(at)).max(at);
        line += (at..start.min(bytes.len())).filter(|&i| line_ends_at(bytes, i)).count();
        while let Some(b'\r' | b'\n') = bytes.get(start) {
            line += usize::from(line_ends_at(bytes, start));
            start += 1;
        }
        at = start;
        lines.push(line);
        rows.push(record.iter().map(|cell| String::from_utf8_lossy(cell).into_owned()).collect());
    }
    Sheet { name: name.to_owned(), rows, lines }
}

/// Whether a line ends at byte `i`: a `\n`, or a `\r` not followed by one
/// (the csv crate reads a file saved with `\r` alone, as old Macintosh
/// spreadsheets save it, so its lines are counted the same way).
fn line_ends_at(bytes: &[u8], i: usize) -> bool {
    match bytes.get(i) {
        Some(b'\n') => true,
        Some(b'\r') => bytes.get(i + 1) != Some(&b'\n'),
        _ => false,
    }
}

/// A column of a sheet as the reader sees it.
struct Column {
    /// The question's name, group path removed.
    name: String,
    /// An answer column (not system, not a select_multiple's 1/0 option).
    answer: bool,
}

/// Reads an export: `main` the households' sheet, `repeats` the roster
/// sheets (empty for a CSV, which has none).
pub fn read(main: &Sheet, repeats: &[Sheet]) -> Result<Export, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut export = Export::default();
    let Some((columns, data_from)) = header(main, &mut problems) else {
        return Err(problems);
    };
    let find = |name: &str| columns.iter().position(|c| c.name == name);
    let uuid_at = find("_uuid").or_else(|| find("instanceID"));
    if uuid_at.is_none() {
        problems.push(Problem::MissingColumn { sheet: main.name.clone(), column: "_uuid" });
    }
    let (index_at, status_at) = (find("_index"), find("_validation_status"));
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut by_index: HashMap<String, usize> = HashMap::new();
    for (offset, row) in main.rows.iter().enumerate().skip(data_from) {
        let line = main.line(offset);
        let cell = |at: Option<usize>| at.and_then(|at| row.get(at)).map(|c| c.trim()).unwrap_or("");
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if cell(status_at) == "validation_status_not_approved" {
            export.not_approved += 1;
            continue;
        }
        let uuid = cell(uuid_at).trim_start_matches("uuid:").to_owned();
        if uuid.is_empty() {
            if uuid_at.is_some() {
                problems.push(Problem::NoUuid { sheet: main.name.clone(), line });
            }
            continue;
        }
        if let Some(first) = seen.insert(uuid.clone(), line) {
            problems.push(Problem::DuplicateUuid { sheet: main.name.clone(), line, uuid, first });
            continue;
        }
        if !cell(index_at).is_empty() {
            by_index.insert(cell(index_at).to_owned(), export.submissions.len());
        }
        export.submissions.push(Submission { uuid, line, answers: answers(&columns, row), roster: Vec::new() });
    }
    for sheet in repeats {
        let Some((columns, data_from)) = header(sheet, &mut problems) else {
            continue;
        };
        let Some(parent_at) = columns.iter().position(|c| c.name == "_parent_index") else {
            problems.push(Problem::MissingColumn { sheet: sheet.name.clone(), column: "_parent_index" });
            continue;
        };
        for (offset, row) in sheet.rows.iter().enumerate().skip(data_from) {
            if row.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let parent = row.get(parent_at).map(|c| c.trim()).unwrap_or("");
            match by_index.get(parent) {
                Some(&at) => export.submissions[at].roster.push(answers(&columns, row)),
                // A member of a submission left out as not approved is
                // left out with it, not reported as an orphan.
                None if skipped_parent(main, parent, index_at, status_at) => {}
                None => problems.push(Problem::Orphan {
                    sheet: sheet.name.clone(),
                    line: sheet.line(offset),
                    parent: parent.to_owned(),
                }),
            }
        }
    }
    if problems.is_empty() { Ok(export) } else { Err(problems) }
}

/// The header's columns and the first data row (after an HXL row, if any);
/// forbidden questions are reported.
fn header(sheet: &Sheet, problems: &mut Vec<Problem>) -> Option<(Vec<Column>, usize)> {
    let Some(header) = sheet.rows.first() else {
        problems.push(Problem::Empty { sheet: sheet.name.clone() });
        return None;
    };
    let paths: HashSet<&str> = header.iter().map(|h| h.trim()).collect();
    let columns: Vec<Column> = header
        .iter()
        .map(|full| {
            let full = full.trim();
            let name = full.rsplit('/').next().unwrap_or(full).to_owned();
            // `group/question/option` beside `group/question` is a
            // select_multiple's 1/0 column: the answer is in the other.
            let option = full.rsplit_once('/').is_some_and(|(parent, _)| paths.contains(parent));
            let answer = !option && !SYSTEM.contains(&name.as_str()) && name != "instanceID" && !name.is_empty();
            Column { name, answer }
        })
        .collect();
    let hxl = sheet.rows.get(1).filter(|row| {
        let tags: Vec<&str> = row.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
        !tags.is_empty() && tags.iter().all(|c| c.starts_with('#'))
    });
    for (at, (column, full)) in columns.iter().zip(header).enumerate() {
        let tag = hxl.and_then(|row| row.get(at)).map_or("", String::as_str);
        if column.answer
            && let Some(kind) = forbidden(&[full, tag])
        {
            problems.push(Problem::Forbidden { sheet: sheet.name.clone(), column: full.trim().to_owned(), kind });
        }
    }
    let hxl = hxl.is_some();
    Some((columns, if hxl { 2 } else { 1 }))
}

fn answers(columns: &[Column], row: &[String]) -> BTreeMap<String, String> {
    columns
        .iter()
        .zip(row)
        .filter(|(column, value)| column.answer && !value.trim().is_empty())
        .map(|(column, value)| (column.name.clone(), value.trim().to_owned()))
        .collect()
}

fn skipped_parent(main: &Sheet, parent: &str, index_at: Option<usize>, status_at: Option<usize>) -> bool {
    let (Some(index_at), Some(status_at)) = (index_at, status_at) else {
        return false;
    };
    main.rows.iter().any(|row| {
        row.get(index_at).is_some_and(|c| c.trim() == parent)
            && row.get(status_at).is_some_and(|c| c.trim() == "validation_status_not_approved")
    })
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod line_tests {
    use super::csv_sheet;

    #[test]
    fn rows_name_their_line_whatever_the_files_line_ends() {
        for end in ["\n", "\r\n", "\r"] {
            let text = ["a,b", "c,d", "", "\"e\nf\",g", "h,i", ""].join(end);
            let sheet = csv_sheet("x", &text);
            assert_eq!(sheet.rows.len(), 4, "{end:?}");
            // A blank line, then a cell over two lines.
            assert_eq!(sheet.lines, [1, 2, 4, 6], "{end:?}");
        }
    }
}
