//! One table of the data read row by row with a reused record, from a CSV
//! file ([`csv_rows`]) or a worksheet ([`sheet_rows`]), checking its header
//! against the columns the contract defines and collecting every problem
//! with the place it was found. Both sources fill the same record with the
//! text of each cell, so every rule of a table is written once, here and in
//! the table's loader, whatever the officer saved the table as.
//!
//! Rows are streamed from CSV files, never kept; a sheet is read whole by
//! calamine first.

mod csv_rows;
mod findings;
pub mod lines;
mod merges;
mod sheet_rows;

use std::path::{Path, PathBuf};

use csv::ByteRecord;

use super::source::dialect::{self, SAVE_AS_UTF8};
use super::source::{Sources, Table, TableSource};
use super::values::{
    MOST_CELL_CHARACTERS, echo, forbidden_character, iso_date_hint, money_problem,
};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::text::mask::mask;
use crate::text::personal_data::{column_looks_personal, find_personal_value};
use crate::text::suggest::closest;
use csv_rows::CsvOrigin;
pub(crate) use csv_rows::CsvRows;
use findings::{Finding, Findings};
use sheet_rows::{FieldRule, SheetRows};

/// What a column holds, which decides how it is checked and how a
/// spreadsheet's cell of it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text (a name, a document number): searched for personal data.
    Text,
    /// An id or a code: text that a spreadsheet must not turn into a number.
    Code,
    Month,
    Date,
    /// A whole number of people.
    Count,
    /// Whole Rupiah.
    Money,
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub required: bool,
    pub kind: Kind,
}

impl Column {
    pub const fn required(name: &'static str) -> Column {
        Column {
            name,
            required: true,
            kind: Kind::Text,
        }
    }

    pub const fn optional(name: &'static str) -> Column {
        Column {
            name,
            required: false,
            kind: Kind::Text,
        }
    }

    pub const fn of(self, kind: Kind) -> Column {
        Column { kind, ..self }
    }

    /// Checked by its type; every other column is text and searched for
    /// personal data.
    fn typed(self) -> bool {
        !matches!(self.kind, Kind::Text | Kind::Code)
    }
}

/// What [`TableReader::next_row`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Complete,
    /// Too few or too many fields; already reported.
    Malformed,
}

/// Where a cell of a row is, for reporting a problem found only after the
/// table was read (a claim whose member is not in the members).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    record_offset: u64,
    record_line: u64,
    /// Four bytes, not eight: a claims table keeps a cell for every claim.
    field: Option<u32>,
}

impl Cell {
    /// Field `field` of the row that starts at byte `record_offset` of a
    /// CSV file, on line `record_line`: for readers that read a file's
    /// bytes themselves (see [`Layout`]).
    pub fn at(record_offset: u64, record_line: u64, field: Option<usize>) -> Cell {
        Cell {
            record_offset,
            record_line,
            field: field.and_then(|field| u32::try_from(field).ok()),
        }
    }
}

/// How the rows of a plain UTF-8 CSV file are laid out, read from its
/// header: what a parser that skips [`TableReader`] needs to find each column.
#[derive(Debug, Clone)]
pub struct Layout {
    pub path: PathBuf,
    pub separator: u8,
    /// Fields per row.
    pub width: usize,
    /// For each schema column, its field index (None when absent); every
    /// other field is an allowed extra column.
    pub fields: Vec<Option<usize>>,
    /// Byte offset of the first row after the header.
    pub data_start: u64,
}

enum Backend {
    Csv(CsvRows),
    Sheet(SheetRows),
}

/// A table once read, as problems found later are reported at its cells.
pub enum Origin {
    Csv(CsvOrigin),
    Sheet(Box<SheetRows>),
}

pub struct TableReader {
    source: TableSource,
    backend: Backend,
    record: ByteRecord,
    header_len: usize,
    /// For each schema column, its field index in this table (None when absent).
    fields: Vec<Option<usize>>,
    schema: Vec<Column>,
    /// For each field, how a sheet's cell of it is read.
    field_rules: Vec<FieldRule>,
    /// The fields holding text, searched for personal data on every row.
    text_fields: Vec<usize>,
    /// Fields of the current row already reported while the row was read
    /// (a number in a sheet's id column): their rules are not checked.
    reported: Vec<bool>,
    findings: Findings,
    /// Whether bytes that are not UTF-8 were reported, once per file.
    encoding_reported: bool,
    /// Sum of every money cell read so far.
    money_total: i64,
}

impl TableReader {
    /// Opens `table` from where `sources` found it and checks its header.
    /// Returns None (with the problems reported) when it cannot be read or
    /// lacks a required column.
    pub fn open(
        root: &Path,
        sources: &mut Sources,
        table: Table,
        schema: &[Column],
        extra_columns: &[String],
        diagnostics: &mut Diagnostics,
    ) -> Option<TableReader> {
        let source = sources.tables.get(table)?.clone();
        let mut findings = Findings::default();
        let backend = match &source {
            TableSource::Csv(file) => match CsvRows::open(root, file) {
                Ok(rows) => Backend::Csv(rows),
                Err((message, hint)) => {
                    diagnostics.push(Diagnostic::error(source.whole(), message).with_hint(hint));
                    return None;
                }
            },
            TableSource::Sheet(_) => {
                let sheet = sources.read_sheet(table, diagnostics)?;
                Backend::Sheet(SheetRows::new(sheet, &mut findings))
            }
        };
        let mut reader = TableReader {
            source,
            backend,
            record: ByteRecord::new(),
            header_len: 0,
            fields: vec![None; schema.len()],
            schema: schema.to_vec(),
            field_rules: Vec::new(),
            text_fields: Vec::new(),
            reported: Vec::new(),
            findings,
            encoding_reported: false,
            money_total: 0,
        };
        if reader.read_header(extra_columns) {
            Some(reader)
        } else {
            reader.finish(diagnostics);
            None
        }
    }

    fn read_header(&mut self, extra_columns: &[String]) -> bool {
        let read = match &mut self.backend {
            Backend::Csv(rows) => rows.read(&mut self.record),
            Backend::Sheet(rows) => Ok(rows.read_header(&mut self.record)),
        };
        match read {
            Ok(true) => {}
            Ok(false) => {
                self.findings.record(Finding::whole(
                    "the table is empty",
                    "the first row must name the columns",
                ));
                return false;
            }
            Err(error) => {
                self.findings.record(Finding::whole(
                    format!("cannot read the header: {error}"),
                    SAVE_AS_UTF8,
                ));
                return false;
            }
        }
        self.header_len = self.record.len();
        self.reported = vec![false; self.header_len];
        let mut usable = true;
        let mut seen: Vec<String> = Vec::with_capacity(self.header_len);
        for index in 0..self.header_len {
            let raw = self.record.get(index).unwrap_or_default();
            let raw = dialect::without_utf8_bom(raw);
            let Ok(name) = std::str::from_utf8(raw) else {
                let message = not_utf8_message(raw);
                self.push(Severity::Error, Some(index), message, Some(SAVE_AS_UTF8));
                self.encoding_reported = true;
                self.field_rules.push(FieldRule::text(""));
                usable = false;
                continue;
            };
            let name = name.trim().to_string();
            let mut rule = FieldRule::text(&name);
            if seen.contains(&name) {
                self.push(
                    Severity::Error,
                    Some(index),
                    format!("column '{name}' appears twice"),
                    None,
                );
                usable = false;
            } else if let Some(position) = self.schema.iter().position(|c| c.name == name) {
                self.fields[position] = Some(index);
                rule.kind = Some(self.schema[position].kind);
                if !self.schema[position].typed() {
                    self.text_fields.push(index);
                }
            } else if let Some(kind) = column_looks_personal(&name) {
                self.push(
                    Severity::Error,
                    Some(index),
                    format!("column '{name}' looks like personal data ({})", kind.describe()),
                    Some("remove the column; if it holds no personal data, rename it and list it under [data] extra_columns in site.toml"),
                );
                // Its rows are not read, so no report can quote them.
                usable = false;
            } else if extra_columns.contains(&name) {
                self.text_fields.push(index);
            } else {
                let known: Vec<&str> = self.schema.iter().map(|c| c.name).collect();
                let hint = match closest(&name, &known) {
                    Some(near) => format!(
                        "did you mean '{near}'? The columns of this table are: {}",
                        known.join(", ")
                    ),
                    None => format!(
                        "the columns of this table are: {}; a column holding no personal data can be allowed under [data] extra_columns in site.toml",
                        known.join(", ")
                    ),
                };
                self.push(
                    Severity::Error,
                    Some(index),
                    format!("unknown column '{}'", echo(&name)),
                    Some(&hint),
                );
            }
            self.field_rules.push(rule);
            seen.push(name);
        }
        for position in 0..self.schema.len() {
            let column = self.schema[position];
            if column.required && self.fields[position].is_none() {
                self.push(
                    Severity::Error,
                    None,
                    format!("required column '{}' is missing", column.name),
                    Some("add the column to the header row"),
                );
                usable = false;
            }
        }
        usable
    }

    /// Moves to the next row; None at the end of the table. A row with the
    /// wrong number of fields is reported here and comes back as
    /// [`Row::Malformed`]: its fields cannot be trusted to be in their columns.
    pub fn next_row(&mut self) -> Option<Row> {
        let read = match &mut self.backend {
            Backend::Csv(rows) => rows.read(&mut self.record),
            Backend::Sheet(rows) => {
                self.reported.fill(false);
                Ok(rows.read(
                    &mut self.record,
                    &self.field_rules,
                    &mut self.reported,
                    &mut self.findings,
                ))
            }
        };
        match read {
            Ok(false) => None,
            Ok(true) => {
                if self.record.len() == self.header_len {
                    self.refuse_personal_values();
                    return Some(Row::Complete);
                }
                // A short row running to the end of the file and holding a
                // line break is a double quote never closed: the lines after
                // it were read into one value.
                let unclosed_quote = matches!(&self.backend, Backend::Csv(rows) if rows.at_end())
                    && self.record.len() < self.header_len
                    && self
                        .record
                        .iter()
                        .any(|field| field.contains(&b'\n') || field.contains(&b'\r'));
                let (message, hint) = if unclosed_quote {
                    (
                        "a double quote in this row is never closed: the lines after it are read as one value".to_string(),
                        "close the quoted value with a second double quote, or remove the quote"
                            .to_string(),
                    )
                } else {
                    (
                        format!(
                            "this row has {} {} but the header has {}",
                            self.record.len(),
                            if self.record.len() == 1 {
                                "field"
                            } else {
                                "fields"
                            },
                            self.header_len
                        ),
                        format!(
                            "a value containing a {} must be in double quotes",
                            dialect::separator_name(self.separator())
                        ),
                    )
                };
                self.push(Severity::Error, None, message, Some(&hint));
                Some(Row::Malformed)
            }
            Err(error) => {
                self.findings.record(Finding::whole(
                    format!("malformed CSV: {error}"),
                    "save the file as CSV again from your spreadsheet",
                ));
                None
            }
        }
    }

    fn separator(&self) -> u8 {
        match &self.backend {
            Backend::Csv(rows) => rows.origin.separator,
            Backend::Sheet(_) => b',',
        }
    }

    /// Reports every text cell of the row that holds personal data, masked.
    fn refuse_personal_values(&mut self) {
        for &field in &self.text_fields {
            if self.reported[field] {
                continue;
            }
            let Some(text) = self
                .record
                .get(field)
                .and_then(|bytes| std::str::from_utf8(bytes).ok())
            else {
                continue;
            };
            let Some(found) = find_personal_value(text) else {
                continue;
            };
            let shown = mask(&text[found.start..found.end], found.kind);
            let mut finding = Finding::at(
                self.record_start(),
                Severity::Error,
                Some(field),
                format!("this looks like {}: '{shown}'", found.kind.describe()),
                Some("remove personal data from the file: jaring publishes anonymized data only"),
            );
            finding.inner = Some((
                text[..found.start].chars().count(),
                text[found.start..found.end].chars().count(),
            ));
            self.findings.record(finding);
        }
    }

    /// The trimmed text of a schema column as it stands, unchecked: for
    /// reading an id from a malformed row.
    pub fn raw_text(&self, column: usize) -> Option<&str> {
        let bytes = self.record.get(self.fields[column]?)?;
        std::str::from_utf8(bytes).ok().map(str::trim)
    }

    /// The table as the user knows it, e.g. `data/members.csv` or
    /// `data/data.xlsx[members]`.
    pub fn display(&self) -> String {
        self.source.display()
    }

    pub fn source(&self) -> &TableSource {
        &self.source
    }

    /// "line 12" in a CSV file, "row 12" in a sheet: how messages name
    /// another row of the table.
    pub fn describe_row(&self, line: u64) -> String {
        match self.source {
            TableSource::Csv(_) => format!("line {line}"),
            TableSource::Sheet(_) => format!("row {line}"),
        }
    }

    /// About how many rows the table holds, from its size: for reserving
    /// memory once instead of growing it row by row.
    pub fn estimated_rows(&self, typical_row_bytes: u64) -> usize {
        match &self.backend {
            Backend::Csv(rows) => {
                usize::try_from(rows.file_len / typical_row_bytes.max(1)).unwrap_or(0)
            }
            Backend::Sheet(rows) => rows.sheet.cells.row_count(),
        }
    }

    /// The header's layout of the rows, and where they start, when the
    /// table is a CSV file read as it stands.
    pub fn layout(&self) -> Option<Layout> {
        let Backend::Csv(rows) = &self.backend else {
            return None;
        };
        Some(Layout {
            path: rows.plain_path()?.to_path_buf(),
            separator: rows.origin.separator,
            width: self.header_len,
            fields: self.fields.clone(),
            data_start: rows.next_row_start(),
        })
    }

    /// Whether anything has been reported for the table so far.
    pub fn has_findings(&self) -> bool {
        !self.findings.is_empty()
    }

    /// Bytes of a CSV file, for the progress of reading it; 0 for a sheet.
    pub fn file_len(&self) -> u64 {
        match &self.backend {
            Backend::Csv(rows) => rows.file_len,
            Backend::Sheet(_) => 0,
        }
    }

    /// Bytes of a CSV file read so far.
    pub fn position(&self) -> u64 {
        match &self.backend {
            Backend::Csv(rows) => rows.position(),
            Backend::Sheet(_) => 0,
        }
    }

    /// Where a schema column of the current row is.
    pub fn cell(&self, column: usize) -> Cell {
        let (record_offset, record_line) = self.record_start();
        Cell::at(record_offset, record_line, self.fields[column])
    }

    /// The trimmed text of a schema column in the current row: "" when the
    /// column is absent or empty, None (reported) when it is not text.
    pub fn text(&mut self, column: usize) -> Option<&str> {
        let Some(field) = self.fields[column] else {
            return Some("");
        };
        if self.reported[field] {
            return None;
        }
        // Found here, at its cell, rather than when the workbook is written:
        // a value of a million characters went through every page first.
        // UTF-8's characters counted by their first bytes, without a copy.
        let bytes = self.record.get(field).unwrap_or_default();
        let characters = (bytes.len() > MOST_CELL_CHARACTERS)
            .then(|| bytes.iter().filter(|&&b| (b as i8) >= -0x40).count())
            .filter(|&characters| characters > MOST_CELL_CHARACTERS);
        if let Some(characters) = characters {
            self.push(
                Severity::Error,
                Some(field),
                format!(
                    "the value is {characters} characters long, more than the {MOST_CELL_CHARACTERS} a spreadsheet cell holds"
                ),
                Some("shorten it: every table is published as a workbook as well"),
            );
            self.reported[field] = true;
            return None;
        }
        let bytes = self.record.get(field).unwrap_or_default();
        let control = bytes.iter().any(|&b| b < 0x20 || b == 0x7f);
        if !control && bytes.is_ascii() {
            return std::str::from_utf8(bytes).ok().map(str::trim);
        }
        let problem = if control {
            (
                "the value holds a line break or another control character".to_string(),
                "keep each value on one line, without tabs",
            )
        } else {
            match std::str::from_utf8(bytes) {
                Ok(text) if text.is_ascii() || forbidden_character(text).is_none() => {
                    return std::str::from_utf8(self.record.get(field)?)
                        .ok()
                        .map(str::trim);
                }
                Ok(text) => (
                    format!(
                        "the value holds an invisible control character (U+{:04X})",
                        forbidden_character(text).map_or(0, u32::from)
                    ),
                    "remove it: it would be written as it is into every page",
                ),
                Err(_) if self.encoding_reported => return None,
                Err(_) => {
                    self.encoding_reported = true;
                    (not_utf8_message(bytes), SAVE_AS_UTF8)
                }
            }
        };
        let finding = Finding::at(
            self.record_start(),
            Severity::Error,
            Some(field),
            problem.0,
            Some(problem.1),
        );
        self.findings.record(finding);
        None
    }

    /// Whether a schema column of the current row is empty or blank (and
    /// not a cell already reported).
    fn is_blank(&self, column: usize) -> bool {
        match self.fields[column] {
            None => true,
            Some(field) => {
                !self.reported[field]
                    && self
                        .record
                        .get(field)
                        .is_none_or(|bytes| bytes.trim_ascii().is_empty())
            }
        }
    }

    /// The value of a column that must not be empty.
    pub fn required_text(&mut self, column: usize, name: &str) -> Option<&str> {
        if self.is_blank(column) {
            self.error(column, format!("{name} is empty"), None);
            return None;
        }
        self.text(column)
    }

    /// Parses a non-empty value; reports `expected` when `parse` rejects it
    /// (for a month or date written day first, the ISO form it would be).
    pub fn parse_required<T>(
        &mut self,
        column: usize,
        name: &str,
        expected: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let kind = self.schema[column].kind;
        let text = self.required_text(column, name)?;
        match parse(text) {
            Some(value) => Some(value),
            None => {
                let message = format!("{name} '{}' is not valid", echo(text));
                let hint = match kind {
                    Kind::Date | Kind::Month => iso_date_hint(text, kind == Kind::Month),
                    _ => None,
                };
                self.error(column, message, Some(hint.as_deref().unwrap_or(expected)));
                None
            }
        }
    }

    /// Like [`TableReader::parse_required`], but an empty value is `Some(None)`.
    pub fn parse_optional<T>(
        &mut self,
        column: usize,
        name: &str,
        expected: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<Option<T>> {
        if self.is_blank(column) {
            return Some(None);
        }
        self.parse_required(column, name, expected, parse).map(Some)
    }

    /// Whole Rupiah: digits only, not negative, not absurdly large.
    /// The money of the whole table must add up within `i64`, so that every
    /// sum the model makes of it does too.
    pub fn money(&mut self, column: usize, name: &str) -> Option<i64> {
        let text = self.required_text(column, name)?;
        let problem = money_problem(text);
        match problem {
            None => {
                let value: i64 = text.parse().ok()?;
                match self.money_total.checked_add(value) {
                    Some(total) => {
                        self.money_total = total;
                        Some(value)
                    }
                    None => {
                        let message = "the amounts of this table add up to more than Rp9.223.372.036.854.775.807";
                        self.error(
                            column,
                            message,
                            Some("check the amounts: whole Rupiah, digits only"),
                        );
                        None
                    }
                }
            }
            Some((message, hint)) => {
                let message = format!("{name} '{}' {message}", echo(text));
                self.error(column, message, Some(&hint));
                None
            }
        }
    }

    /// Like [`TableReader::money`], but an empty value is `Some(None)`.
    pub fn optional_money(&mut self, column: usize, name: &str) -> Option<Option<i64>> {
        if self.is_blank(column) {
            return Some(None);
        }
        self.money(column, name).map(Some)
    }

    /// Like [`TableReader::count`], but an empty value is `Some(None)`.
    pub fn optional_count(&mut self, column: usize, name: &str) -> Option<Option<u64>> {
        if self.is_blank(column) {
            return Some(None);
        }
        self.count(column, name).map(Some)
    }

    /// A count: digits only, below a billion.
    pub fn count(&mut self, column: usize, name: &str) -> Option<u64> {
        self.parse_required(
            column,
            name,
            "a whole number without separators, e.g. 3450",
            |text| {
                (text.len() <= 9 && text.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| text.parse().ok())
                    .flatten()
            },
        )
    }

    /// An error at a schema column of the current row.
    pub fn error(&mut self, column: usize, message: impl Into<String>, hint: Option<&str>) {
        let field = self.fields[column];
        self.push(Severity::Error, field, message, hint);
    }

    /// 1-based line (of a CSV file) or row (of a sheet) of the current row.
    pub fn line(&self) -> u64 {
        self.record_start().1
    }

    fn record_start(&self) -> (u64, u64) {
        match &self.backend {
            Backend::Csv(rows) => rows.record_start(&self.record),
            Backend::Sheet(rows) => rows.record_start(),
        }
    }

    fn push(
        &mut self,
        severity: Severity,
        field: Option<usize>,
        message: impl Into<String>,
        hint: Option<&str>,
    ) {
        let finding = Finding::at(self.record_start(), severity, field, message, hint);
        self.findings.record(finding);
    }

    /// Turns every finding into a diagnostic with its place; what remains
    /// reports problems found later.
    pub fn finish(self, diagnostics: &mut Diagnostics) -> Origin {
        match self.backend {
            Backend::Csv(rows) => {
                rows.origin.resolve(self.findings, diagnostics);
                Origin::Csv(rows.origin)
            }
            Backend::Sheet(rows) => {
                rows.resolve(self.findings, diagnostics);
                Origin::Sheet(Box::new(rows))
            }
        }
    }
}

impl Origin {
    /// Reports errors at cells noted while the table was read, with their
    /// places and quoted rows, as [`TableReader::finish`] does.
    pub fn report_cells(&self, errors: Vec<(Cell, String, &str)>, diagnostics: &mut Diagnostics) {
        if errors.is_empty() {
            return;
        }
        let mut findings = Findings::default();
        for (cell, message, hint) in errors {
            findings.record(Finding::at(
                (cell.record_offset, cell.record_line),
                Severity::Error,
                cell.field.map(|field| field as usize),
                message,
                Some(hint),
            ));
        }
        match self {
            Origin::Csv(origin) => origin.resolve(findings, diagnostics),
            Origin::Sheet(rows) => rows.resolve(findings, diagnostics),
        }
    }
}

pub(crate) fn not_utf8_message(bytes: &[u8]) -> String {
    format!(
        "the file is not UTF-8: {} suggests it was saved as Windows-1252 (\"ANSI\")",
        dialect::describe_invalid_utf8(bytes)
    )
}
