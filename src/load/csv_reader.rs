//! One CSV input file read row by row with a reused record, checking its
//! header against the columns the contract defines and collecting every
//! problem with the place it was found.
//!
//! Rows are streamed, never kept. A problem's column is found only when the
//! file is finished: the reader notes the record's byte offset and the field,
//! and [`CsvReader::finish`] seeks back to turn that into `line:column`, so the
//! common path (no problem) pays nothing for precise positions.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use csv::ByteRecord;

use super::values::{echo, forbidden_character, money_problem};
use crate::diag::{self, Diagnostic, Diagnostics, Severity, SourceLine};
use crate::text::mask::mask;
use crate::text::personal_data::{column_looks_personal, find_personal_value};
use crate::text::suggest::closest;

/// Problems reported per file before the rest are only counted: a file with a
/// systematic mistake would otherwise print a million identical lines.
const MAX_FINDINGS_PER_FILE: usize = 1000;

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub required: bool,
    /// A month, date or number, checked by its type; every other column is
    /// text and searched for personal data.
    pub typed: bool,
}

impl Column {
    pub const fn required(name: &'static str) -> Column {
        Column {
            name,
            required: true,
            typed: false,
        }
    }

    pub const fn optional(name: &'static str) -> Column {
        Column {
            name,
            required: false,
            typed: false,
        }
    }

    pub const fn typed(self) -> Column {
        Column {
            typed: true,
            ..self
        }
    }
}

struct Finding {
    severity: Severity,
    record_offset: u64,
    record_line: u64,
    field: Option<usize>,
    /// The part of the field's value the problem is about: characters from
    /// its start, and how many.
    inner: Option<(usize, usize)>,
    message: String,
    hint: Option<String>,
}

impl Finding {
    fn at(
        (record_offset, record_line): (u64, u64),
        severity: Severity,
        field: Option<usize>,
        message: impl Into<String>,
        hint: Option<&str>,
    ) -> Finding {
        Finding {
            severity,
            record_offset,
            record_line,
            field,
            inner: None,
            message: message.into(),
            hint: hint.map(str::to_string),
        }
    }
}

/// Keeps a finding unless the file already has too many to be useful.
fn record_finding(findings: &mut Vec<Finding>, dropped: &mut usize, finding: Finding) {
    if findings.len() >= MAX_FINDINGS_PER_FILE {
        *dropped += 1;
    } else {
        findings.push(finding);
    }
}

/// What [`CsvReader::next_row`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Complete,
    /// Too few or too many fields; already reported.
    Malformed,
}

/// Where a cell of a row is, for reporting a problem found only after the
/// file was read (a claim whose member is not in members.csv).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    record_offset: u64,
    record_line: u64,
    field: Option<usize>,
}

/// How the rows of a file are laid out, read from its header: what a parser
/// that skips [`CsvReader`] needs to find each column.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Fields per row.
    pub width: usize,
    /// For each schema column, its field index (None when absent); every
    /// other field is an allowed extra column.
    pub fields: Vec<Option<usize>>,
    /// Byte offset of the first row after the header.
    pub data_start: u64,
}

pub struct CsvReader {
    display: String,
    path: PathBuf,
    csv: csv::Reader<BufReader<File>>,
    record: ByteRecord,
    header_len: usize,
    /// For each schema column, its field index in this file (None when absent).
    fields: Vec<Option<usize>>,
    /// The fields holding text, searched for personal data on every row.
    text_fields: Vec<usize>,
    findings: Vec<Finding>,
    dropped_findings: usize,
    file_len: u64,
    /// Whether lines end with CR LF, which shifts the csv crate's record
    /// positions (see [`CsvReader::record_start`]).
    crlf: bool,
    /// Sum of every money cell read so far.
    money_total: i64,
}

impl CsvReader {
    /// Opens `root/relative` and checks its header. Returns None (with the
    /// problems reported) when the file cannot be read or lacks a required column.
    pub fn open(
        root: &Path,
        relative: &str,
        schema: &[Column],
        extra_columns: &[String],
        diagnostics: &mut Diagnostics,
    ) -> Option<CsvReader> {
        let path = root.join(relative);
        let mut file = match File::open(&path) {
            Ok(file) => file,
            Err(error) => {
                let hint = if error.kind() == std::io::ErrorKind::NotFound {
                    "every site needs this file; `jaring init DIR` writes an example to start from"
                } else {
                    "check the file's permissions"
                };
                diagnostics.push(
                    Diagnostic::error(
                        diag::Place::file(relative),
                        format!("cannot read the file: {error}"),
                    )
                    .with_hint(hint),
                );
                return None;
            }
        };
        let file_len = file.metadata().map_or(0, |m| m.len());
        let crlf = ends_lines_with_crlf(&mut file);
        let csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 16)
            .from_reader(BufReader::with_capacity(1 << 16, file));
        let mut reader = CsvReader {
            display: relative.to_string(),
            path,
            csv,
            record: ByteRecord::new(),
            header_len: 0,
            fields: vec![None; schema.len()],
            text_fields: Vec::new(),
            findings: Vec::new(),
            dropped_findings: 0,
            file_len,
            crlf,
            money_total: 0,
        };
        if reader.read_header(schema, extra_columns) {
            Some(reader)
        } else {
            reader.finish(diagnostics);
            None
        }
    }

    fn read_header(&mut self, schema: &[Column], extra_columns: &[String]) -> bool {
        match self.csv.read_byte_record(&mut self.record) {
            Ok(true) => {}
            Ok(false) => {
                self.push_file_error("the file is empty", "the first line must name the columns");
                return false;
            }
            Err(error) => {
                self.push_file_error(
                    format!("cannot read the header: {error}"),
                    "save the file as UTF-8 CSV",
                );
                return false;
            }
        }
        self.header_len = self.record.len();
        let mut usable = true;
        let mut seen: Vec<String> = Vec::with_capacity(self.header_len);
        for index in 0..self.header_len {
            let raw = self.record.get(index).unwrap_or_default();
            let raw = raw.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(raw);
            let Ok(name) = std::str::from_utf8(raw) else {
                self.push(
                    Severity::Error,
                    Some(index),
                    "column name is not valid UTF-8",
                    Some("save the file as UTF-8 CSV"),
                );
                usable = false;
                continue;
            };
            let name = name.trim().to_string();
            if seen.contains(&name) {
                self.push(
                    Severity::Error,
                    Some(index),
                    format!("column '{name}' appears twice"),
                    None,
                );
                usable = false;
            } else if let Some(position) = schema.iter().position(|c| c.name == name) {
                self.fields[position] = Some(index);
                if !schema[position].typed {
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
                let known: Vec<&str> = schema.iter().map(|c| c.name).collect();
                let hint = match closest(&name, &known) {
                    Some(near) => format!(
                        "did you mean '{near}'? The columns of this file are: {}",
                        known.join(", ")
                    ),
                    None => format!(
                        "the columns of this file are: {}; a column holding no personal data can be allowed under [data] extra_columns in site.toml",
                        known.join(", ")
                    ),
                };
                self.push(
                    Severity::Error,
                    Some(index),
                    format!("unknown column '{name}'"),
                    Some(&hint),
                );
            }
            seen.push(name);
        }
        for (position, column) in schema.iter().enumerate() {
            if column.required && self.fields[position].is_none() {
                self.push(
                    Severity::Error,
                    None,
                    format!("required column '{}' is missing", column.name),
                    Some("add the column to the first line of the file"),
                );
                usable = false;
            }
        }
        usable
    }

    /// Moves to the next row; None at the end of the file. A row with the
    /// wrong number of fields is reported here and comes back as
    /// [`Row::Malformed`]: its fields cannot be trusted to be in their columns.
    pub fn next_row(&mut self) -> Option<Row> {
        match self.csv.read_byte_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                if self.record.len() == self.header_len {
                    self.refuse_personal_values();
                    return Some(Row::Complete);
                }
                let message = format!(
                    "this row has {} fields but the header has {}",
                    self.record.len(),
                    self.header_len
                );
                self.push(
                    Severity::Error,
                    None,
                    message,
                    Some("a value containing a comma must be in double quotes"),
                );
                Some(Row::Malformed)
            }
            Err(error) => {
                let message = format!("malformed CSV: {error}");
                self.push_file_error(message, "save the file as UTF-8 CSV");
                None
            }
        }
    }

    /// Reports every text cell of the row that holds personal data, masked.
    fn refuse_personal_values(&mut self) {
        for &field in &self.text_fields {
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
            record_finding(&mut self.findings, &mut self.dropped_findings, finding);
        }
    }

    /// The trimmed text of a schema column as it stands, unchecked: for
    /// reading an id from a malformed row.
    pub fn raw_text(&self, column: usize) -> Option<&str> {
        let bytes = self.record.get(self.fields[column]?)?;
        std::str::from_utf8(bytes).ok().map(str::trim)
    }

    /// The file as the user knows it, e.g. `data/members.csv`.
    pub fn display(&self) -> &str {
        &self.display
    }

    /// About how many rows the file holds, from its size: for reserving
    /// memory once instead of growing it row by row.
    pub fn estimated_rows(&self, typical_row_bytes: u64) -> usize {
        usize::try_from(self.file_len / typical_row_bytes.max(1)).unwrap_or(0)
    }

    /// The header's layout of the rows, and where they start.
    pub fn layout(&self) -> Layout {
        Layout {
            width: self.header_len,
            fields: self.fields.clone(),
            // After a CR LF the csv crate stops before the LF.
            data_start: self.csv.position().byte() + u64::from(self.crlf),
        }
    }

    /// Whether anything has been reported for the file so far.
    pub fn has_findings(&self) -> bool {
        !self.findings.is_empty() || self.dropped_findings > 0
    }

    pub fn file_len(&self) -> u64 {
        self.file_len
    }

    /// Bytes of the file read so far.
    pub fn position(&self) -> u64 {
        self.csv.position().byte()
    }

    /// Where a schema column of the current row is.
    pub fn cell(&self, column: usize) -> Cell {
        let (record_offset, record_line) = self.record_start();
        Cell {
            record_offset,
            record_line,
            field: self.fields[column],
        }
    }

    /// The trimmed text of a schema column in the current row: "" when the
    /// column is absent or empty, None (reported) when it is not UTF-8.
    pub fn text(&mut self, column: usize) -> Option<&str> {
        let Some(field) = self.fields[column] else {
            return Some("");
        };
        let bytes = self.record.get(field).unwrap_or_default();
        let problem = if bytes.iter().any(|&b| b < 0x20 || b == 0x7f) {
            (
                "the value holds a line break or another control character",
                "keep each value on one line, without tabs",
            )
        } else {
            match std::str::from_utf8(bytes) {
                Ok(text) if text.is_ascii() || forbidden_character(text).is_none() => {
                    return Some(text.trim());
                }
                Ok(_) => (
                    "the value holds an invisible control character",
                    "remove it: it would be written as it is into every page",
                ),
                Err(_) => ("the value is not valid UTF-8", "save the file as UTF-8 CSV"),
            }
        };
        let finding = Finding::at(
            self.record_start(),
            Severity::Error,
            Some(field),
            problem.0,
            Some(problem.1),
        );
        record_finding(&mut self.findings, &mut self.dropped_findings, finding);
        None
    }

    /// Whether a schema column of the current row is empty or blank.
    fn is_blank(&self, column: usize) -> bool {
        self.fields[column]
            .and_then(|field| self.record.get(field))
            .is_none_or(|bytes| bytes.trim_ascii().is_empty())
    }

    /// The value of a column that must not be empty.
    pub fn required_text(&mut self, column: usize, name: &str) -> Option<&str> {
        if self.is_blank(column) {
            self.error(column, format!("{name} is empty"), None);
            return None;
        }
        self.text(column)
    }

    /// Parses a non-empty value; reports `expected` when `parse` rejects it.
    pub fn parse_required<T>(
        &mut self,
        column: usize,
        name: &str,
        expected: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let text = self.required_text(column, name)?;
        match parse(text) {
            Some(value) => Some(value),
            None => {
                let message = format!("{name} '{}' is not valid", echo(text));
                self.error(column, message, Some(expected));
                None
            }
        }
    }

    /// Like [`CsvReader::parse_required`], but an empty value is `Some(None)`.
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
    /// The money of the whole file must add up within `i64`, so that every
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
                        let message = "the amounts of this file add up to more than Rp9.223.372.036.854.775.807";
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
                self.error(column, message, Some(hint));
                None
            }
        }
    }

    /// Like [`CsvReader::money`], but an empty value is `Some(None)`.
    pub fn optional_money(&mut self, column: usize, name: &str) -> Option<Option<i64>> {
        if self.is_blank(column) {
            return Some(None);
        }
        self.money(column, name).map(Some)
    }

    /// Like [`CsvReader::count`], but an empty value is `Some(None)`.
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

    /// 1-based line of the current row.
    pub fn line(&self) -> u64 {
        self.record_start().1
    }

    /// Byte offset and line where the current record starts. After a CR LF
    /// the csv crate reports the position of the LF, one line early.
    fn record_start(&self) -> (u64, u64) {
        let (offset, line) = self
            .record
            .position()
            .map_or((0, 0), |p| (p.byte(), p.line()));
        if self.crlf && offset > 0 {
            (offset + 1, line + 1)
        } else {
            (offset, line)
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
        record_finding(&mut self.findings, &mut self.dropped_findings, finding);
    }

    fn push_file_error(&mut self, message: impl Into<String>, hint: &str) {
        self.findings.push(Finding {
            severity: Severity::Error,
            record_offset: 0,
            record_line: 0,
            field: None,
            inner: None,
            message: message.into(),
            hint: Some(hint.to_string()),
        });
    }

    /// Turns every finding into a diagnostic with its line and column.
    pub fn finish(self, diagnostics: &mut Diagnostics) {
        resolve_findings(
            &self.display,
            &self.path,
            self.findings,
            self.dropped_findings,
            diagnostics,
        );
    }
}

/// Reports errors at cells of `relative` (below `root`) noted while it was
/// read, with line, column and the quoted line, as [`CsvReader`] does.
pub fn report_cells(
    root: &Path,
    relative: &str,
    errors: Vec<(Cell, String, &str)>,
    diagnostics: &mut Diagnostics,
) {
    if errors.is_empty() {
        return;
    }
    let mut findings = Vec::new();
    let mut dropped = 0;
    for (cell, message, hint) in errors {
        let finding = Finding::at(
            (cell.record_offset, cell.record_line),
            Severity::Error,
            cell.field,
            message,
            Some(hint),
        );
        record_finding(&mut findings, &mut dropped, finding);
    }
    resolve_findings(
        relative,
        &root.join(relative),
        findings,
        dropped,
        diagnostics,
    );
}

fn resolve_findings(
    display: &str,
    path: &Path,
    findings: Vec<Finding>,
    dropped: usize,
    diagnostics: &mut Diagnostics,
) {
    let mut file = File::open(path).ok();
    for finding in findings {
        let place = match file.as_mut() {
            Some(file) if finding.record_line > 0 => {
                locate_field(file, finding.record_offset, finding.field, finding.inner)
            }
            _ => None,
        };
        let at = if finding.record_line == 0 {
            diag::Place::file(display)
        } else {
            let line = finding.record_line as usize + place.as_ref().map_or(0, |p| p.extra_lines);
            let column = match (&place, finding.field) {
                (Some(place), Some(_)) => place.column,
                _ => 1,
            };
            diag::Place::position(display, line, column)
        };
        diagnostics.push(Diagnostic {
            hint: finding.hint,
            source: place.map(|p| p.source),
            ..Diagnostic::new(finding.severity, at, finding.message)
        });
    }
    if dropped > 0 {
        diagnostics.push(Diagnostic::more_not_shown(display, dropped));
    }
}

/// Whether the file's first line ends with CR LF; the file is left at its start.
fn ends_lines_with_crlf(file: &mut File) -> bool {
    let mut start = Vec::with_capacity(1 << 16);
    let crlf = file.take(1 << 16).read_to_end(&mut start).is_ok()
        && start
            .iter()
            .position(|&b| b == b'\n')
            .is_some_and(|i| i > 0 && start[i - 1] == b'\r');
    file.seek(SeekFrom::Start(0)).is_ok() && crlf
}

/// Where a finding is in its file, found by reading the record again.
struct Place {
    /// Lines below the record's first line (a quoted value may span lines).
    extra_lines: usize,
    column: usize,
    source: SourceLine,
}

/// Finds field `field` (or the whole row, for None) of the record starting
/// at `offset`; `inner` narrows it to a part of the value, in characters
/// (start, width).
fn locate_field(
    file: &mut File,
    offset: u64,
    field: Option<usize>,
    inner: Option<(usize, usize)>,
) -> Option<Place> {
    file.seek(SeekFrom::Start(offset)).ok()?;
    let mut bytes = Vec::new();
    file.take(1 << 16).read_to_end(&mut bytes).ok()?;
    let start = if offset == 0 && bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let mut current_field = 0;
    let mut in_quotes = false;
    let mut position = start;
    while current_field < field.unwrap_or(0) {
        match *bytes.get(position)? {
            b'"' => in_quotes = !in_quotes,
            b',' if !in_quotes => current_field += 1,
            b'\n' if !in_quotes => return None,
            _ => {}
        }
        position += 1;
    }
    let line_start = bytes[start..position]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(start, |i| start + i + 1);
    let line_end = bytes[position..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| position + i);
    let field_end = match field {
        None => line_end,
        Some(_) => {
            let mut end = position;
            let mut quoted = false;
            while let Some(&byte) = bytes.get(end) {
                match byte {
                    b'"' => quoted = !quoted,
                    b',' | b'\n' | b'\r' if !quoted => break,
                    _ => {}
                }
                end += 1;
            }
            end.min(line_end)
        }
    };
    let chars = |range: &[u8]| String::from_utf8_lossy(range).chars().count();
    let quoted = usize::from(bytes.get(position) == Some(&b'"'));
    let mut column = chars(&bytes[line_start..position]) + 1;
    let mut width = chars(&bytes[position..field_end]);
    if let Some((inner_start, inner_width)) = inner {
        column += inner_start + quoted;
        width = inner_width;
    }
    Some(Place {
        extra_lines: bytes[start..position]
            .iter()
            .filter(|&&b| b == b'\n')
            .count(),
        column,
        source: SourceLine::new(
            &String::from_utf8_lossy(&bytes[line_start..line_end]),
            width,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_fields_after_quotes_and_multibyte_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        std::fs::write(&path, "a,b,c\n\"x, y\",é,z\n").unwrap();
        let mut file = File::open(&path).unwrap();
        let mut place = |field| {
            let place = locate_field(&mut file, 6, field, None).unwrap();
            (place.column, place.source.width, place.source.text)
        };
        assert_eq!(place(Some(0)), (1, 6, "\"x, y\",é,z".to_string()));
        assert_eq!(place(Some(1)), (8, 1, "\"x, y\",é,z".to_string()));
        assert_eq!(place(Some(2)), (10, 1, "\"x, y\",é,z".to_string()));
        assert_eq!(place(None).1, 10);
    }
}
