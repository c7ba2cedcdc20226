//! A data folder's CSV tables as written, cell by cell and unchecked: what
//! `jaring template --with-data` fills the spreadsheet template with, so
//! that an officer's CSV files become the sheets of one workbook. Checking
//! the values is the loaders' work when the workbook is read; here only
//! what keeps a file from being split into cells is an error.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, Place};
use crate::load::schema::INPUT_TABLES;

/// A table as its CSV file holds it: the header and each row's cells,
/// untrimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTable {
    /// The input table's name (`members`).
    pub name: &'static str,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl RawTable {
    /// The cells of a column by its name, one per row ("" where a row is
    /// shorter than the header).
    pub fn column(&self, name: &str) -> Option<impl Iterator<Item = &str>> {
        let index = self.header.iter().position(|column| column == name)?;
        Some(
            self.rows
                .iter()
                .map(move |row| row.get(index).map_or("", String::as_str)),
        )
    }
}

/// Every input table whose file `data/NAME.csv` is in `data`, in the
/// order of [`INPUT_TABLES`]; a missing file is no table, a file that
/// cannot be read or split into cells is an error in `diagnostics`.
pub fn read_raw_tables(data: &Path, diagnostics: &mut Diagnostics) -> Vec<RawTable> {
    let mut tables = Vec::new();
    for table in &INPUT_TABLES {
        let path = data.join(format!("{}.csv", table.name));
        let shown = path.display().to_string();
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
            Err(error) => {
                diagnostics.push(Diagnostic::error(
                    Place::file(&shown),
                    format!("cannot read the file: {error}"),
                ));
                continue;
            }
        };
        match split(&bytes) {
            Ok((header, rows)) => tables.push(RawTable {
                name: table.name,
                header,
                rows,
            }),
            Err((line, message)) => {
                diagnostics.push(Diagnostic::error(Place::line(&shown, line), message))
            }
        }
    }
    tables
}

/// The header and rows of a CSV file (a leading BOM dropped), or the line
/// and reason it cannot be split.
type Split = (Vec<String>, Vec<Vec<String>>);

fn split(bytes: &[u8]) -> Result<Split, (usize, String)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| {
            let line = error.position().map_or(1, |p| p.line() as usize);
            (line, format!("cannot split into cells: {error}"))
        })?;
        records.push(record.iter().map(str::to_string).collect::<Vec<_>>());
    }
    let mut records = records.into_iter();
    let header = records.next().ok_or((1, "the file is empty".to_string()))?;
    Ok((header, records.collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_split_as_written() {
        let (header, rows) = split(b"\xEF\xBB\xBFcode,name\r\n11.01 ,\"A, b\"\n11.02\n").unwrap();
        assert_eq!(header, ["code", "name"]);
        assert_eq!(
            rows,
            [vec!["11.01 ", "A, b"], vec!["11.02"]]
                .map(|row| { row.into_iter().map(String::from).collect::<Vec<_>>() })
        );
        let table = RawTable {
            name: "districts",
            header,
            rows,
        };
        assert_eq!(
            table.column("name").unwrap().collect::<Vec<_>>(),
            ["A, b", ""]
        );
        assert!(table.column("eligible").is_none());
    }

    #[test]
    fn what_cannot_be_split_is_an_error_at_its_line() {
        assert_eq!(split(b"").unwrap_err().1, "the file is empty");
        let (line, message) = split(b"code,name\n11.01,\xFF\n").unwrap_err();
        assert_eq!(line, 2);
        assert!(message.starts_with("cannot split into cells"), "{message}");
    }
}
