//! Where each table of a site's data comes from: `data/NAME.csv`,
//! `data/NAME.xlsx` (its sheet NAME, else its first visible sheet) or the
//! sheet NAME of the one workbook `data/data.xlsx`; exactly one of them.
//! Found once for all tables, before any is read, so that a table given
//! twice or not at all is reported by name.

pub mod dialect;
pub mod workbook;

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, Place, SheetPlace};
use crate::load::links::is_refused_link;
use crate::text::suggest::closest;
use workbook::{SheetData, SheetInfo, Workbook};

/// The tables of a site's data, in the order they are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Sectors,
    Districts,
    Budget,
    Claims,
    Members,
    Payments,
}

impl Table {
    pub const ALL: [Table; 6] = [
        Table::Sectors,
        Table::Districts,
        Table::Budget,
        Table::Claims,
        Table::Members,
        Table::Payments,
    ];

    /// The table's name: its CSV file's, its workbook's and its sheet's.
    pub fn name(self) -> &'static str {
        match self {
            Table::Sectors => "sectors",
            Table::Districts => "districts",
            Table::Budget => "budget",
            Table::Claims => "claims",
            Table::Members => "members",
            Table::Payments => "payments",
        }
    }

    pub fn csv_file(self) -> String {
        format!("data/{}.csv", self.name())
    }

    fn xlsx_file(self) -> String {
        format!("data/{}.xlsx", self.name())
    }

    fn index(self) -> usize {
        Table::ALL.iter().position(|&t| t == self).unwrap_or(0)
    }
}

/// The one workbook that may hold every table, one sheet each.
pub const WORKBOOK_FILE: &str = "data/data.xlsx";

/// Where one table is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableSource {
    Csv(String),
    Sheet(SheetPlace),
}

impl TableSource {
    /// `data/members.csv` or `data/data.xlsx[members]`.
    pub fn display(&self) -> String {
        match self {
            TableSource::Csv(file) => file.clone(),
            TableSource::Sheet(place) => place.sheet_name(),
        }
    }

    /// A row of the table: a CSV line or a sheet row, both 1-based.
    pub fn row_place(&self, row: usize) -> Place {
        match self {
            TableSource::Csv(file) => Place::line(file, row),
            TableSource::Sheet(place) => place.at_row(row),
        }
    }

    /// The table as a whole.
    pub fn whole(&self) -> Place {
        match self {
            TableSource::Csv(file) => Place::file(file),
            TableSource::Sheet(place) => Place::Sheet(place.clone()),
        }
    }
}

/// Where each table was found; a table that was not (reported) is named by
/// its CSV file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableSources {
    found: [Option<TableSource>; 6],
}

impl TableSources {
    pub fn get(&self, table: Table) -> Option<&TableSource> {
        self.found[table.index()].as_ref()
    }

    pub fn source(&self, table: Table) -> TableSource {
        self.get(table)
            .cloned()
            .unwrap_or_else(|| TableSource::Csv(table.csv_file()))
    }

    pub fn display(&self, table: Table) -> String {
        self.source(table).display()
    }
}

/// The sources of a site's tables, with the workbooks they are in, opened once.
pub struct Sources {
    pub tables: TableSources,
    workbooks: Vec<Workbook>,
}

impl Sources {
    /// The sheet holding `table`, read whole; None when the table is not in
    /// a workbook or the sheet cannot be read (reported).
    pub fn read_sheet(&mut self, table: Table, diagnostics: &mut Diagnostics) -> Option<SheetData> {
        let Some(TableSource::Sheet(place)) = self.tables.get(table) else {
            return None;
        };
        let workbook = self
            .workbooks
            .iter_mut()
            .find(|workbook| workbook.display == place.workbook)?;
        match workbook.read(&place.sheet) {
            Ok(sheet) => Some(sheet),
            Err(error) => {
                diagnostics.push(
                    Diagnostic::error(
                        Place::Sheet(place.clone()),
                        format!("cannot read the sheet: {error}"),
                    )
                    .with_hint(RESAVE_HINT),
                );
                None
            }
        }
    }
}

/// Spreadsheet formats jaring does not read, for a hint when a table is missing.
const OTHER_FORMATS: [&str; 4] = ["xls", "xlsm", "xlsb", "ods"];

const RESAVE_HINT: &str =
    "open the file in Excel or LibreOffice and save it again as Excel Workbook (.xlsx)";

/// Finds each table's source in `root`'s data folder, reporting a table
/// found twice or not at all, a hidden sheet that is read, and a sheet of
/// data/data.xlsx whose name is close to a table's but not one.
pub fn find_sources(root: &Path, diagnostics: &mut Diagnostics) -> Sources {
    let mut workbooks = Vec::new();
    let shared_exists = root.join(WORKBOOK_FILE).is_file();
    let shared = shared_exists
        .then(|| open_workbook(root, WORKBOOK_FILE, diagnostics))
        .flatten();
    if let Some(shared) = &shared {
        warn_of_unread_sheets(shared, diagnostics);
    }
    let mut tables = TableSources::default();
    for table in Table::ALL {
        let mut found: Vec<TableSource> = Vec::new();
        if root.join(table.csv_file()).is_file() {
            found.push(TableSource::Csv(table.csv_file()));
        }
        let own = root.join(table.xlsx_file());
        if own.is_file()
            && let Some(workbook) = open_workbook(root, &table.xlsx_file(), diagnostics)
        {
            let mut sheets: Vec<&SheetInfo> = workbook.sheets_named(table.name()).collect();
            if sheets.is_empty() {
                sheets.extend(workbook.first_visible_sheet());
            }
            found.extend(sheets.iter().map(|sheet| {
                TableSource::Sheet(SheetPlace::sheet(&workbook.display, &sheet.name))
            }));
            if sheets.is_empty() {
                diagnostics.push(
                    Diagnostic::error(
                        Place::file(table.xlsx_file()),
                        "the workbook has no visible worksheet to read",
                    )
                    .with_hint(format!(
                        "put the table in its first sheet, or in a sheet named {}",
                        table.name()
                    )),
                );
            }
            workbooks.push(workbook);
        } else if own.is_file() {
            // Unreadable: reported; the table is not "missing" as well.
            continue;
        }
        for sheet in shared.iter().flat_map(|w| w.sheets_named(table.name())) {
            found.push(TableSource::Sheet(SheetPlace::sheet(
                WORKBOOK_FILE,
                &sheet.name,
            )));
        }
        match found.as_slice() {
            // An unreadable data/data.xlsx is reported; its tables are not
            // "missing" as well.
            [] if shared_exists && shared.is_none() => {}
            [] => report_missing(root, table, shared.as_ref(), diagnostics),
            [only] => {
                warn_if_hidden(only, &workbooks, shared.as_ref(), diagnostics);
                tables.found[table.index()] = Some(only.clone());
            }
            [.., last] => diagnostics.push(
                Diagnostic::error(
                    last.whole(),
                    format!(
                        "the table {} is given more than once: in {}",
                        table.name(),
                        found
                            .iter()
                            .map(TableSource::display)
                            .collect::<Vec<_>>()
                            .join(" and in ")
                    ),
                )
                .with_hint("keep one of them and delete or rename the other, so that there is no doubt which is current"),
            ),
        }
    }
    workbooks.extend(shared);
    Sources { tables, workbooks }
}

fn open_workbook(root: &Path, relative: &str, diagnostics: &mut Diagnostics) -> Option<Workbook> {
    match Workbook::open(root, relative) {
        Ok(workbook) => Some(workbook),
        Err(error) => {
            diagnostics.push(
                Diagnostic::error(
                    Place::file(relative),
                    format!("cannot read the workbook: {error}"),
                )
                .with_hint(RESAVE_HINT),
            );
            None
        }
    }
}

fn report_missing(
    root: &Path,
    table: Table,
    shared: Option<&Workbook>,
    diagnostics: &mut Diagnostics,
) {
    let name = table.name();
    let diagnostic = match shared {
        Some(workbook) => {
            let sheets: Vec<&str> = workbook.sheets.iter().map(|s| s.name.as_str()).collect();
            let hint = match closest(name, &sheets) {
                Some(near) => format!("did you mean the sheet '{near}'? Name it {name}"),
                None => format!(
                    "add a sheet named {name} (the workbook's sheets are: {}), or data/{name}.csv",
                    sheets.join(", ")
                ),
            };
            Diagnostic::error(
                Place::file(WORKBOOK_FILE),
                format!("the table {name} is missing: no sheet of the workbook is named {name}, and there is no data/{name}.csv or data/{name}.xlsx"),
            )
            .with_hint(hint)
        }
        None => {
            // Something is where the table would be, but no file to read.
            for file in [
                table.csv_file(),
                table.xlsx_file(),
                WORKBOOK_FILE.to_string(),
            ] {
                let path = root.join(&file);
                if is_refused_link(root, &path) {
                    // Reported by the links' check, as leading nowhere or
                    // out of the site; the table is not "missing" as well.
                    return;
                }
                if let Some(message) = not_a_regular_file(&path, &file) {
                    diagnostics.push(
                        Diagnostic::error(Place::file(&file), message)
                            .with_hint(format!("put the file itself at {file}")),
                    );
                    return;
                }
            }
            let message = format!(
                "the table {name} is missing: there is no data/{name}.csv, data/{name}.xlsx or data/data.xlsx"
            );
            let other_format = [table.name(), "data"].into_iter().find_map(|stem| {
                OTHER_FORMATS
                    .iter()
                    .map(|extension| format!("data/{stem}.{extension}"))
                    .find(|file| root.join(file).is_file())
            });
            let hint = match other_format {
                Some(file) => format!(
                    "jaring reads .xlsx workbooks and CSV files: open {file} and save it as Excel Workbook (.xlsx)"
                ),
                None => "every site needs this table, as a CSV file, a workbook, or a sheet of data/data.xlsx; `jaring init DIR` writes an example to start from".to_string(),
            };
            Diagnostic::error(Place::file(table.csv_file()), message).with_hint(hint)
        }
    };
    diagnostics.push(diagnostic);
}

/// A hidden sheet is read like a visible one, but the officer should know
/// that what they do not see is published.
fn warn_if_hidden(
    source: &TableSource,
    workbooks: &[Workbook],
    shared: Option<&Workbook>,
    diagnostics: &mut Diagnostics,
) {
    let TableSource::Sheet(place) = source else {
        return;
    };
    let hidden = workbooks
        .iter()
        .chain(shared)
        .filter(|workbook| workbook.display == place.workbook)
        .flat_map(|workbook| &workbook.sheets)
        .any(|sheet| sheet.name == place.sheet && sheet.hidden);
    if hidden {
        diagnostics.push(
            Diagnostic::warning(
                Place::Sheet(place.clone()),
                "this sheet is hidden, but it is read and published like a visible one",
            )
            .with_hint("unhide it (right-click a sheet tab > Unhide) to see what is published, or delete it if it is not current"),
        );
    }
}

/// Sheets of data/data.xlsx other than the tables are not read (a README,
/// notes, a pivot table); one named almost like a table is likely a typo.
fn warn_of_unread_sheets(workbook: &Workbook, diagnostics: &mut Diagnostics) {
    let names: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
    for sheet in &workbook.sheets {
        let name = sheet.name.trim().to_lowercase();
        if names.contains(&name.as_str()) {
            continue;
        }
        if let Some(near) = closest(&name, &names) {
            diagnostics.push(
                Diagnostic::warning(
                    Place::Sheet(SheetPlace::sheet(&workbook.display, &sheet.name)),
                    "this sheet is not read: no table has its name",
                )
                .with_hint(format!(
                    "did you mean {near}? Rename the sheet to read it as that table"
                )),
            );
        }
    }
}

/// Why `path` (shown as `shown`) cannot be read as a table although
/// something is there: a folder, a pipe, a socket or a device, a link to
/// nothing, or an error reading what it is. None for a regular file, or
/// nothing at all.
pub fn not_a_regular_file(path: &Path, shown: &str) -> Option<String> {
    match std::fs::metadata(path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let target = std::fs::read_link(path).ok()?;
            Some(format!(
                "{shown} is a link to {}, which does not exist",
                target.display()
            ))
        }
        Ok(target) if !target.is_file() => Some(format!(
            "{shown} is not a file but {}: a table is read only from a regular file",
            if target.is_dir() {
                "a folder"
            } else {
                "a pipe, a socket or a device"
            }
        )),
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            Some(format!("cannot read the file: {error}"))
        }
        _ => None,
    }
}
