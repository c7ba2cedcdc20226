//! Workbooks written for the tests with rust_xlsxwriter, from the fixture's
//! CSV tables: text cells, numbers in the count and money columns, date
//! cells in the date columns, as Excel holds them when an officer types
//! the table in.

use std::fs;
use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

/// A cell as a test writes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    /// A date cell (year, month, day), shown as yyyy-mm-dd.
    Date(u16, u8, u8),
    /// A date and time cell.
    DateTime(u16, u8, u8, u16),
    /// A formula and the value Excel last computed for it.
    Formula(String, String),
    Blank,
}

pub fn text(value: &str) -> Value {
    Value::Text(value.to_string())
}

/// One sheet: its name, rows (the first the header), and how it is shown.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Value>>,
    pub hidden: bool,
    /// Merged regions: first row, first column, last row, last column (0-based).
    pub merged: Vec<(u32, u16, u32, u16)>,
    /// Texts written apart from the rows, anywhere: row and column (0-based).
    pub stray: Vec<(u32, u16, String)>,
}

impl Sheet {
    pub fn new(name: &str, rows: Vec<Vec<Value>>) -> Sheet {
        Sheet {
            name: name.to_string(),
            rows,
            hidden: false,
            merged: Vec::new(),
            stray: Vec::new(),
        }
    }

    /// The column of the header row named `name`.
    pub fn column(&self, name: &str) -> usize {
        self.rows[0]
            .iter()
            .position(|cell| *cell == text(name))
            .unwrap_or_else(|| panic!("no column {name}"))
    }

    /// Sets the cell of column `name` in row `row` (1-based, as Excel counts:
    /// row 1 is the header).
    pub fn set(&mut self, row: usize, name: &str, value: Value) -> &mut Sheet {
        let column = self.column(name);
        let cells = &mut self.rows[row - 1];
        if cells.len() <= column {
            cells.resize(column + 1, Value::Blank);
        }
        cells[column] = value;
        self
    }
}

/// Columns a spreadsheet holds as numbers.
const NUMBER_COLUMNS: [&str; 4] = ["members", "amount", "allocated", "eligible"];
/// Columns a spreadsheet holds as dates.
const DATE_COLUMNS: [&str; 2] = ["paid_on", "incident_date"];

/// A table of the site at `root` as a sheet named after it, each cell as
/// Excel would hold it.
pub fn sheet_from_csv(root: &Path, table: &str) -> Sheet {
    let csv = fs::read_to_string(root.join(format!("data/{table}.csv"))).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let header: Vec<String> = records[0].iter().map(String::from).collect();
    let mut rows = vec![header.iter().map(|name| text(name)).collect::<Vec<_>>()];
    for record in &records[1..] {
        rows.push(
            record
                .iter()
                .zip(&header)
                .map(|(cell, column)| typed(cell, column))
                .collect(),
        );
    }
    Sheet::new(table, rows)
}

fn typed(cell: &str, column: &str) -> Value {
    if cell.is_empty() {
        Value::Blank
    } else if NUMBER_COLUMNS.contains(&column) {
        Value::Number(cell.parse().unwrap())
    } else if DATE_COLUMNS.contains(&column) {
        let parts: Vec<u16> = cell.split('-').map(|p| p.parse().unwrap()).collect();
        Value::Date(parts[0], parts[1] as u8, parts[2] as u8)
    } else {
        text(cell)
    }
}

/// Every table of the site at `root` as a sheet.
pub const TABLES: [&str; 6] = [
    "sectors",
    "districts",
    "members",
    "payments",
    "claims",
    "budget",
];

pub fn save(path: &Path, sheets: &[Sheet]) {
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let date_time = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for sheet in sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(&sheet.name).unwrap();
        for (row, cells) in sheet.rows.iter().enumerate() {
            for (column, cell) in cells.iter().enumerate() {
                let (row, column) = (row as u32, column as u16);
                match cell {
                    Value::Text(value) => {
                        worksheet.write_string(row, column, value).unwrap();
                    }
                    Value::Number(value) => {
                        worksheet.write_number(row, column, *value).unwrap();
                    }
                    Value::Date(year, month, day) => {
                        let value = ExcelDateTime::from_ymd(*year, *month, *day).unwrap();
                        worksheet
                            .write_datetime_with_format(row, column, &value, &date)
                            .unwrap();
                    }
                    Value::DateTime(year, month, day, hour) => {
                        let value = ExcelDateTime::from_ymd(*year, *month, *day)
                            .unwrap()
                            .and_hms(*hour, 30, 0)
                            .unwrap();
                        worksheet
                            .write_datetime_with_format(row, column, &value, &date_time)
                            .unwrap();
                    }
                    Value::Formula(formula, result) => {
                        let formula = Formula::new(formula).set_result(result);
                        worksheet.write_formula(row, column, formula).unwrap();
                    }
                    Value::Blank => {}
                }
            }
        }
        for &(first_row, first_column, last_row, last_column) in &sheet.merged {
            let value = match &sheet.rows[first_row as usize][first_column as usize] {
                Value::Text(value) => value.clone(),
                other => panic!("merge a text cell, not {other:?}"),
            };
            worksheet
                .merge_range(
                    first_row,
                    first_column,
                    last_row,
                    last_column,
                    &value,
                    &Format::new(),
                )
                .unwrap();
        }
        for (row, column, value) in &sheet.stray {
            worksheet.write_string(*row, *column, value).unwrap();
        }
        worksheet.set_hidden(sheet.hidden);
    }
    workbook.save(path).unwrap();
}
