//! A KoBo export imported as registrations (requirement 19): the sheets
//! read (`dugu_relief::kobo`), each submission made a registration
//! (`dugu_commands::relief_kobo`), the batch written all or nothing with
//! the duplicate check ([`Store::import_registrations`]). Every problem
//! is reported by sheet, line and column — codes, never a value — for the
//! caller to say in the user's language.

use super::{ImportError, Imported};
use crate::{Principal, Store, StoreError};
use dugu_commands::relief_kobo::{self, Sheet, SheetProblem};

/// One problem of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// The sheet.
    pub sheet: String,
    /// The line of the file its row starts on (1 = the header; a CSV
    /// cell may span lines, so not the count of rows); 0 for the sheet
    /// itself.
    pub line: usize,
    /// The column, as the file names it (or the form's question).
    pub column: String,
    /// A field problem's code (`required`, `malformed`…) or the reader's
    /// (`empty`, `missing_column`, `forbidden`, `no_uuid`,
    /// `duplicate_uuid`, `orphan`).
    pub problem: String,
}

/// Why a batch was not imported.
#[derive(Debug)]
pub enum KoboError {
    /// The problems; nothing was written.
    Problems(Vec<ImportProblem>),
    /// The store failed, or the author may not register.
    Store(StoreError),
}

fn reader(p: SheetProblem) -> ImportProblem {
    let at = |sheet: String, line: usize, column: &str, problem: &str| ImportProblem {
        sheet,
        line,
        column: column.to_owned(),
        problem: problem.to_owned(),
    };
    match p {
        SheetProblem::Empty { sheet } => at(sheet, 0, "", "empty"),
        SheetProblem::MissingColumn { sheet, column } => at(sheet, 1, column, "missing_column"),
        SheetProblem::Forbidden { sheet, column, .. } => at(sheet, 1, &column, "forbidden"),
        SheetProblem::NoUuid { sheet, line } => at(sheet, line, "_uuid", "no_uuid"),
        SheetProblem::DuplicateUuid { sheet, line, .. } => at(sheet, line, "_uuid", "duplicate_uuid"),
        SheetProblem::Orphan { sheet, line, .. } => at(sheet, line, "_parent_index", "orphan"),
    }
}

/// A KoboToolbox export imported as registrations, all or nothing.
pub trait KoboImport {
    /// Imports a KoBo export (its main sheet and roster sheets) into a
    /// relief programme at a site: submissions not approved are left out,
    /// those already imported (same `_uuid`) left alone, the rest
    /// registered with the duplicate check in one transaction — or none,
    /// with every problem by line and column.
    fn import_kobo(
        &self,
        who: &Principal,
        programme_id: &str,
        location_id: &str,
        main: &Sheet,
        repeats: &[Sheet],
    ) -> Result<Imported, KoboError>;
}

impl KoboImport for Store {
    fn import_kobo(
        &self,
        who: &Principal,
        programme_id: &str,
        location_id: &str,
        main: &Sheet,
        repeats: &[Sheet],
    ) -> Result<Imported, KoboError> {
        let export = relief_kobo::read(main, repeats)
            .map_err(|problems| KoboError::Problems(problems.into_iter().map(reader).collect()))?;
        let rows = export
            .submissions
            .iter()
            .map(|s| (s.line, relief_kobo::registration_of(s, programme_id, location_id)))
            .collect();
        match self.import_registrations(who, programme_id, rows) {
            Ok(mut imported) => {
                imported.not_approved = export.not_approved;
                Ok(imported)
            }
            Err(ImportError::Rows(rows)) => Err(KoboError::Problems(
                rows.into_iter()
                    .map(|(line, field, problem)| ImportProblem {
                        sheet: main.name.clone(),
                        line,
                        column: relief_kobo::column_of(&field),
                        problem: problem.code().to_owned(),
                    })
                    .collect(),
            )),
            Err(ImportError::Store(e)) => Err(KoboError::Store(e)),
        }
    }
}
