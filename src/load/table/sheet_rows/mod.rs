//! The rows of a worksheet, each cell turned into the text the table's rules
//! check, as a CSV cell would hold it: a date cell in a date column becomes
//! `2026-10-31`, a whole number in a money column `16200`. What has no such
//! text (a number in an id column, a fraction of a Rupiah, a date with a time,
//! an Excel error) is reported at its cell and the cell left out.
//!
//! Merged cells read as they show: every cell of a region spanning rows of
//! one column holds the region's value. A region spanning columns would put
//! one value in two columns, and is an error. Rows with no value are
//! skipped wherever they are; columns right of the last named header cell
//! are ignored while they are empty.

use std::borrow::Cow;

use calamine::{Data, ExcelDateTime, ExcelDateTimeType};
use csv::ByteRecord;

use super::Kind;
use super::findings::{Finding, Findings};
use super::merges::Merges;
use crate::calendar::Date;
use crate::diag::{self, Diagnostic, Diagnostics, Severity, SourceLine};
use crate::load::source::workbook::{SHEET_ROWS, SheetData, TABLE_COLUMNS};
use crate::text::mask::{mask, mask_all};
use crate::text::personal_data::{PersonalData, number_looks_personal};

const FORMAT_AS_TEXT: &str = "format the column as Text (select it, then Format Cells > Text) and type the values again: Excel drops leading zeros and rounds numbers longer than 15 digits";

const NO_PERSONAL_DATA: &str =
    "remove personal data from the file: jaring publishes anonymized data only";

pub struct SheetRows {
    pub(super) sheet: SheetData,
    first_column: u32,
    /// The rows that may hold a value: those with a value of their own and
    /// those a region merged down a column covers, top to bottom.
    rows: Vec<u32>,
    /// Index in `rows` of the next row to read.
    next: usize,
    /// The table's columns: up to the last named header cell.
    width: usize,
    /// Absolute 0-based row of the current record.
    current: u32,
    /// The merged regions over the table's columns; those across columns
    /// are reported when the rows are made.
    merges: Merges,
}

/// What the cell of a column holds, and the column's name for messages.
pub(super) struct FieldRule {
    /// None for a column that is not the contract's (an allowed extra
    /// column): text.
    pub kind: Option<Kind>,
    pub name: String,
}

impl FieldRule {
    pub(super) fn text(name: &str) -> FieldRule {
        FieldRule {
            kind: None,
            name: name.to_string(),
        }
    }
}

impl SheetRows {
    /// The rows of `sheet`, and the problems of its merged regions.
    pub(super) fn new(sheet: SheetData, findings: &mut Findings) -> SheetRows {
        let (first_row, first_column) = sheet.cells.start().unwrap_or((0, 0));
        for region in &sheet.merged {
            let (top, left) = region.start;
            let (_, right) = region.end;
            if left != right {
                findings.record(Finding::at(
                    (0, u64::from(top) + 1),
                    Severity::Error,
                    left.checked_sub(first_column).map(|f| f as usize),
                    format!(
                        "cells {} are merged across columns",
                        region_name(region.start, region.end)
                    ),
                    Some("unmerge them (Home > Merge & Center > Unmerge Cells): each column needs its own value"),
                ));
            }
        }
        let merges = Merges::new(&sheet.merged);
        for &(row, column) in &sheet.outside {
            let (message, hint) = if row >= SHEET_ROWS {
                (
                    format!("this cell is below Excel's last row, {SHEET_ROWS}"),
                    "the file was not saved by Excel: open it in Excel or LibreOffice and save it again",
                )
            } else {
                (
                    format!(
                        "this cell is right of column {}: a table is read from the first {TABLE_COLUMNS} columns",
                        diag::column_letters(TABLE_COLUMNS as usize - 1)
                    ),
                    "clear the cell, or move the table's columns to the left",
                )
            };
            findings.record(Finding::at(
                (0, u64::from(row) + 1),
                Severity::Error,
                column.checked_sub(first_column).map(|f| f as usize),
                message,
                Some(hint),
            ));
        }
        let last_row = sheet.cells.rows().last().unwrap_or(0);
        let mut rows: Vec<u32> = sheet
            .cells
            .rows()
            .chain(merges.rows_covered_below_the_first(first_row, last_row))
            .chain(sheet.formulas_without_values.iter().map(|&(row, _)| row))
            .collect();
        rows.sort_unstable();
        rows.dedup();
        SheetRows {
            sheet,
            first_column,
            rows,
            next: 0,
            width: 0,
            current: first_row,
            merges,
        }
    }

    /// The cell at an absolute place, as it shows (a merged cell's value).
    fn cell(&self, row: u32, column: u32) -> &Data {
        let row = match self.merges.at(row, column) {
            Some(merge) if !merge.across => merge.top,
            _ => row,
        };
        self.sheet.cells.get((row, column)).unwrap_or(&Data::Empty)
    }

    fn is_blank_row(&self, row: u32) -> bool {
        (0..self.sheet.cells.width() as u32)
            .all(|column| !self.shows_a_value(row, self.first_column + column))
    }

    /// Whether the cell shows a value in Excel: holds one, or a formula
    /// whose value is not stored.
    fn shows_a_value(&self, row: u32, column: u32) -> bool {
        !is_blank(self.cell(row, column)) || self.is_formula_without_value(row, column)
    }

    fn is_formula_without_value(&self, row: u32, column: u32) -> bool {
        self.sheet
            .formulas_without_values
            .binary_search(&(row, column))
            .is_ok()
    }

    /// Makes the next row with a value the current one, skipping blank rows;
    /// false at the end of the sheet.
    fn advance_to_next_row_with_a_value(&mut self) -> bool {
        while let Some(&row) = self.rows.get(self.next) {
            self.next += 1;
            if !self.is_blank_row(row) {
                self.current = row;
                return true;
            }
        }
        false
    }

    /// Reads the first row with a value as the header, into `record`; false
    /// when the sheet has none.
    pub(super) fn read_header(&mut self, record: &mut ByteRecord) -> bool {
        if !self.advance_to_next_row_with_a_value() {
            return false;
        }
        let cells: Vec<String> = (0..self.sheet.cells.width() as u32)
            .map(|column| shown(self.cell(self.current, self.first_column + column)))
            .collect();
        self.width = cells
            .iter()
            .rposition(|text| !text.trim().is_empty())
            .map_or(0, |last| last + 1);
        record.clear();
        for text in &cells[..self.width] {
            record.push_field(text.as_bytes());
        }
        true
    }

    /// Reads the next row with a value into `record`, each cell as the text
    /// its column's rule checks; a cell that has none is reported, kept as
    /// shown and marked in `reported`. False at the end of the sheet.
    pub(super) fn read(
        &mut self,
        record: &mut ByteRecord,
        rules: &[FieldRule],
        reported: &mut [bool],
        findings: &mut Findings,
    ) -> bool {
        loop {
            if !self.advance_to_next_row_with_a_value() {
                return false;
            }
            self.refuse_values_outside(findings);
            // A row whose only values are right of the table (a total, a
            // note) is no row of the table.
            if (0..self.width)
                .any(|field| self.shows_a_value(self.current, self.first_column + field as u32))
            {
                break;
            }
        }
        let line = u64::from(self.current) + 1;
        record.clear();
        for (field, rule) in rules.iter().enumerate().take(self.width) {
            let place = (self.current, self.first_column + field as u32);
            let cell = self.cell(place.0, place.1);
            if self
                .merges
                .at(place.0, place.1)
                .is_some_and(|merge| merge.across)
            {
                record.push_field(b"");
                reported[field] = true;
                continue;
            }
            if self.is_formula_without_value(place.0, place.1) {
                record.push_field(b"");
                reported[field] = true;
                findings.record(Finding::at(
                    (0, line),
                    Severity::Error,
                    Some(field),
                    format!("{} is a formula saved without its value", rule.name),
                    Some("open the file in Excel or LibreOffice and save it: the program that wrote it left the formula's value for Excel to compute, and jaring reads the values Excel stores"),
                ));
                continue;
            }
            match convert(cell, rule, self.sheet.is_1904) {
                Ok(text) => record.push_field(text.as_bytes()),
                Err((message, hint)) => {
                    // Kept as shown, so that a row with an error still names
                    // its id (a claim of it is not reported again).
                    record.push_field(shown(cell).as_bytes());
                    reported[field] = true;
                    findings.record(Finding::at(
                        (0, line),
                        Severity::Error,
                        Some(field),
                        message,
                        Some(hint),
                    ));
                }
            }
        }
        true
    }

    /// Reports each value of the current row right of the last named column.
    fn refuse_values_outside(&self, findings: &mut Findings) {
        let line = u64::from(self.current) + 1;
        for field in self.width..self.sheet.cells.width() {
            if self.shows_a_value(self.current, self.first_column + field as u32) {
                findings.record(Finding::at(
                    (0, line),
                    Severity::Error,
                    Some(field),
                    "this cell is right of the last column named in the header row",
                    Some("name its column in the header row, or clear the cell"),
                ));
            }
        }
    }

    /// The offset (none) and 1-based row number of the current record.
    pub(super) fn record_start(&self) -> (u64, u64) {
        (0, u64::from(self.current) + 1)
    }

    /// Turns every finding into a diagnostic at its cell, quoting its row.
    pub(super) fn resolve(&self, findings: Findings, diagnostics: &mut Diagnostics) {
        let place = &self.sheet.place;
        for finding in findings.kept {
            let (at, source) = if finding.record_line == 0 {
                (diag::Place::Sheet(place.clone()), None)
            } else {
                let row = finding.record_line as usize;
                let absolute = (row - 1) as u32;
                let (text, starts) = self.quoted_row(absolute);
                let (column, width) = match finding.field {
                    Some(field) => {
                        let (start, width) = starts
                            .get(field)
                            .copied()
                            .unwrap_or((text.chars().count() + 1, 1));
                        match finding.inner {
                            Some((inner_start, inner_width)) => (start + inner_start, inner_width),
                            None => (start, width),
                        }
                    }
                    None => (1, text.chars().count()),
                };
                let at = match finding.field {
                    Some(field) => place.at_cell(row, self.first_column as usize + field),
                    None => place.at_row(row),
                };
                (at, Some(SourceLine::sheet_row(&text, row, column, width)))
            };
            diagnostics.push(Diagnostic {
                hint: finding.hint,
                source,
                ..Diagnostic::new(finding.severity, at, finding.message)
            });
        }
        if findings.dropped > 0 {
            diagnostics.push(Diagnostic::more_not_shown(
                &place.workbook,
                findings.dropped,
            ));
        }
    }

    /// A row as a line of its values separated by commas (quoted where they
    /// hold one), personal data masked, and where each value starts (in
    /// characters, 1-based) and how wide it is.
    fn quoted_row(&self, row: u32) -> (String, Vec<(usize, usize)>) {
        let columns = self.width.max(
            (0..self.sheet.cells.width())
                .rposition(|field| self.shows_a_value(row, self.first_column + field as u32))
                .map_or(0, |last| last + 1),
        );
        let mut text = String::new();
        let mut starts = Vec::with_capacity(columns);
        for field in 0..columns {
            if field > 0 {
                text.push(',');
            }
            let cell = self.cell(row, self.first_column + field as u32);
            let mut value = masked(cell);
            // A screen shows no more, and a thousand quoted rows of 29
            // texts of 32.767 characters took a gigabyte.
            if let Some((cut, _)) = value.char_indices().nth(QUOTED_CHARACTERS) {
                value.truncate(cut);
                value.push('…');
            }
            if value.contains([',', '"']) {
                value = format!("\"{}\"", value.replace('"', "\"\""));
            }
            let start = text.chars().count() + 1;
            let width = value.chars().count();
            starts.push((start, width));
            text.push_str(&value);
        }
        (text, starts)
    }
}

/// The characters of a cell quoted under a problem in its row.
const QUOTED_CHARACTERS: usize = 200;

/// `A2:C4`
fn region_name(start: (u32, u32), end: (u32, u32)) -> String {
    let cell =
        |(row, column): (u32, u32)| format!("{}{}", diag::column_letters(column as usize), row + 1);
    format!("{}:{}", cell(start), cell(end))
}

fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(text) => text.trim().is_empty(),
        _ => false,
    }
}

/// A cell as it would read in a CSV file, for quoting: numbers in full,
/// dates as ISO dates, line breaks as spaces.
fn shown(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) => number_text(*number),
        Data::Bool(true) => "TRUE".to_string(),
        Data::Bool(false) => "FALSE".to_string(),
        Data::DateTime(date) => {
            let (year, month, day, hour, minute, second, _) = date.to_ymd_hms_milli();
            if (hour, minute, second) == (0, 0, 0) {
                format!("{year:04}-{month:02}-{day:02}")
            } else {
                format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}")
            }
        }
        Data::Error(error) => error.to_string(),
    }
}

/// [`shown`] with personal data masked, numbers Excel stripped of their
/// leading zero included.
fn masked(cell: &Data) -> String {
    let text = shown(cell);
    match number_digits(cell).and_then(|digits| number_looks_personal(&digits, true)) {
        Some(kind) => mask(&text, kind),
        None => mask_all(&text),
    }
}

/// A number with all its digits and no exponent: Excel shows 3,60201E+15,
/// but the cell holds 3602011234567890.
fn number_text(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e18 {
        format!("{}", number as i64)
    } else {
        format!("{number}")
    }
}

/// The digits of a whole, non-negative number cell.
fn number_digits(cell: &Data) -> Option<String> {
    match *cell {
        Data::Int(number) if number >= 0 => Some(number.to_string()),
        Data::Float(number) if number >= 0.0 && number.fract() == 0.0 && number < 1e18 => {
            Some(number_text(number))
        }
        _ => None,
    }
}

type CellProblem = (String, &'static str);

/// A cell as the text its column's rule checks.
fn convert<'a>(
    cell: &'a Data,
    rule: &FieldRule,
    is_1904: bool,
) -> Result<Cow<'a, str>, CellProblem> {
    let name = &rule.name;
    match cell {
        Data::Empty => Ok(Cow::Borrowed("")),
        // A date cell stored as ISO text (`t="d"`, as some programs other
        // than Excel write them) in a date or month column reads as a date.
        Data::DateTimeIso(text) if matches!(rule.kind, Some(Kind::Date | Kind::Month)) => {
            match iso_date_time(text) {
                // Shown as the date alone when it has no time of day.
                Some(date) if date.midnight => convert_day(date, text[..10].to_string(), rule),
                Some(date) => convert_day(date, text.replace('T', " "), rule),
                None => Ok(Cow::Borrowed(text)),
            }
        }
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => {
            Ok(Cow::Borrowed(text))
        }
        Data::Bool(_) => Ok(Cow::Owned(shown(cell))),
        Data::Error(error) => Err((
            format!("{name} shows the Excel error {error}"),
            "correct the formula or type the value",
        )),
        Data::Int(_) | Data::Float(_) => convert_number(cell, rule, is_1904),
        // A number formatted as a date that falls on no day Excel shows
        // (0, negative, past 9999-12-31, not a number) is read as the number:
        // it is no date, and in a number column it is the value typed.
        Data::DateTime(date) if !EXCEL_DAYS.contains(&date.as_f64()) => {
            convert_number(&Data::Float(date.as_f64()), rule, is_1904)
        }
        Data::DateTime(date) => convert_date(*date, rule),
    }
}

/// The serial numbers of the days Excel shows as dates: 1900-01-01 (1) to
/// 9999-12-31.
const EXCEL_DAYS: std::ops::Range<f64> = 1.0..2_958_466.0;

fn convert_number<'a>(
    cell: &Data,
    rule: &FieldRule,
    is_1904: bool,
) -> Result<Cow<'a, str>, CellProblem> {
    let name = &rule.name;
    let number = match *cell {
        Data::Int(number) => number as f64,
        Data::Float(number) => number,
        _ => 0.0,
    };
    if !number.is_finite() {
        return Err((
            format!("{name} holds {number}, which is no number"),
            "type the value again: the file was not saved by Excel, which stores no such value",
        ));
    }
    let text = number_text(number);
    let textual = matches!(rule.kind, None | Some(Kind::Text | Kind::Code));
    if let Some(digits) = number_digits(cell)
        && let Some(kind) = number_looks_personal(&digits, textual)
    {
        return Err(personal(&text, kind));
    }
    match rule.kind {
        None | Some(Kind::Text) => Ok(Cow::Owned(text)),
        Some(Kind::Code) => Err((
            format!("{name} {text} is stored as a number"),
            FORMAT_AS_TEXT,
        )),
        Some(Kind::Count | Kind::Money) if number.fract() != 0.0 => Err((
            format!("{name} {text} has a fraction"),
            if rule.kind == Some(Kind::Money) {
                "money is whole Rupiah: round the amount (e.g. =ROUND(D2;0)) or check it"
            } else {
                "a count is a whole number"
            },
        )),
        Some(Kind::Count | Kind::Money) => Ok(Cow::Owned(text)),
        Some(Kind::Month | Kind::Date) if EXCEL_DAYS.contains(&number) => convert_date(
            ExcelDateTime::new(number, ExcelDateTimeType::DateTime, is_1904),
            rule,
        ),
        Some(Kind::Month | Kind::Date) => Ok(Cow::Owned(text)),
    }
}

fn convert_date<'a>(date: ExcelDateTime, rule: &FieldRule) -> Result<Cow<'a, str>, CellProblem> {
    let name = &rule.name;
    let shown = shown(&Data::DateTime(date));
    if date.is_duration() {
        return Err((
            format!("{name} is a duration ({shown}), not a date"),
            "type the value again in a cell formatted as Text or as a date",
        ));
    }
    let (year, month, day, hour, minute, second, milli) = date.to_ymd_hms_milli();
    let midnight = (hour, minute, second, milli) == (0, 0, 0, 0);
    convert_day(
        Day {
            year: year.into(),
            month: month.into(),
            day: day.into(),
            midnight,
        },
        shown,
        rule,
    )
}

/// The day of a date cell, and whether it is that day's midnight (no time
/// of day).
#[derive(Debug, PartialEq, Eq)]
struct Day {
    year: u32,
    month: u32,
    day: u32,
    midnight: bool,
}

/// `2026-01-07`, `2026-01-07T00:00:00`, `2026-01-07T09:30:00.000Z`: the
/// text of a date cell stored as ISO 8601; None for any other text.
fn iso_date_time(text: &str) -> Option<Day> {
    let (date, time) = text.split_once('T').unwrap_or((text, ""));
    let (year, month, day) = Date::parse(date)?.parts();
    let time = time.trim_end_matches('Z');
    if !time
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b':' || b == b'.')
    {
        return None;
    }
    Some(Day {
        year,
        month,
        day,
        midnight: time.bytes().all(|b| !(b'1'..=b'9').contains(&b)),
    })
}

/// What a date cell's day (shown as `shown`) reads as in a column of `rule`.
fn convert_day<'a>(day: Day, shown: String, rule: &FieldRule) -> Result<Cow<'a, str>, CellProblem> {
    let name = &rule.name;
    let Day {
        year,
        month,
        day,
        midnight,
    } = day;
    match rule.kind {
        None | Some(Kind::Text) => Ok(Cow::Owned(shown)),
        Some(Kind::Code) => Err((
            format!("{name} is stored as a date ({shown})"),
            FORMAT_AS_TEXT,
        )),
        Some(Kind::Count | Kind::Money) => Err((
            format!("{name} is a date ({shown}), not a number"),
            "format the column as Number and type the value again",
        )),
        Some(Kind::Date) if midnight => Ok(Cow::Owned(format!("{year:04}-{month:02}-{day:02}"))),
        Some(Kind::Date) => Err((
            format!("{name} {shown} holds a time of day"),
            "keep the date only: format the column as a date (yyyy-mm-dd) and type the dates again",
        )),
        Some(Kind::Month) if midnight && day == 1 => {
            Ok(Cow::Owned(format!("{year:04}-{month:02}")))
        }
        Some(Kind::Month) => Err((
            format!("{name} is the date {shown}, not a month"),
            "write the month as text, like 2026-03; a date cell is read as its month only when it is the first of the month",
        )),
    }
}

fn personal(text: &str, kind: PersonalData) -> CellProblem {
    (
        format!(
            "this looks like {}: '{}'",
            kind.describe(),
            mask(text, kind)
        ),
        NO_PERSONAL_DATA,
    )
}

#[cfg(test)]
mod tests;
