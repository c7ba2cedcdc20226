//! A data folder's CSV tables as written, cell by cell and unchecked: what
//! `jaring template --with-data` fills the spreadsheet template with, so
//! that an officer's CSV files become the sheets of one workbook. Checking
//! the values is the loaders' work when the workbook is read; here only
//! what keeps a file from being split into cells is an error.

use std::path::Path;

use csv::ByteRecord;

use crate::diag::{Diagnostic, Diagnostics, Place};
use crate::load::schema::INPUT_TABLES;
use crate::load::source::dialect::{self, SAVE_AS_UTF8};
use crate::load::source::not_a_regular_file;
use crate::load::table::{CsvRows, not_utf8_message};

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
/// order of [`INPUT_TABLES`], read in its dialect as the loaders read it
/// (comma, semicolon or tab; UTF-8 or UTF-16); a missing file is no table,
/// a file that cannot be read or split into cells is an error in
/// `diagnostics`.
pub fn read_raw_tables(data: &Path, diagnostics: &mut Diagnostics) -> Vec<RawTable> {
    let mut tables = Vec::new();
    for table in &INPUT_TABLES {
        let relative = format!("{}.csv", table.name);
        let path = data.join(&relative);
        if std::fs::symlink_metadata(&path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
        {
            continue;
        }
        let shown = path.display().to_string();
        if let Some(message) = not_a_regular_file(&path, &shown) {
            diagnostics.push(
                Diagnostic::error(Place::file(&shown), message).with_hint(format!(
                    "put the CSV file itself at {shown}, or leave the table out"
                )),
            );
            continue;
        }
        let read = CsvRows::open(data, &relative)
            .map_err(|(message, hint)| Unsplit {
                line: None,
                message,
                hint: Some(hint),
            })
            .and_then(split);
        match read {
            Ok((header, rows)) => tables.push(RawTable {
                name: table.name,
                header,
                rows,
            }),
            Err(unsplit) => {
                let place = match unsplit.line {
                    Some(line) => Place::line(&shown, line),
                    None => Place::file(&shown),
                };
                let error = Diagnostic::error(place, unsplit.message);
                diagnostics.push(match unsplit.hint {
                    Some(hint) => error.with_hint(hint),
                    None => error,
                });
            }
        }
    }
    tables
}

/// The header and rows of a CSV file (a leading BOM dropped).
type Split = (Vec<String>, Vec<Vec<String>>);

/// Why a file cannot be split into cells, and where.
#[derive(Debug)]
struct Unsplit {
    line: Option<usize>,
    message: String,
    hint: Option<&'static str>,
}

fn split(mut csv: CsvRows) -> Result<Split, Unsplit> {
    let mut record = ByteRecord::new();
    let mut records: Vec<Vec<String>> = Vec::new();
    loop {
        match csv.read(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => {
                return Err(Unsplit {
                    line: Some(error.position().map_or(1, |p| p.line() as usize)),
                    message: format!("cannot split into cells: {error}"),
                    hint: None,
                });
            }
        }
        let line = csv.record_start(&record).1 as usize;
        let cells = record
            .iter()
            .enumerate()
            .map(|(index, raw)| {
                let raw = if records.is_empty() && index == 0 {
                    dialect::without_utf8_bom(raw)
                } else {
                    raw
                };
                std::str::from_utf8(raw)
                    .map(str::to_string)
                    .map_err(|_| Unsplit {
                        line: Some(line),
                        message: not_utf8_message(raw),
                        hint: Some(SAVE_AS_UTF8),
                    })
            })
            .collect::<Result<_, _>>()?;
        records.push(cells);
    }
    let mut records = records.into_iter();
    let header = records.next().ok_or(Unsplit {
        line: Some(1),
        message: "the file is empty".to_string(),
        hint: None,
    })?;
    Ok((header, records.collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `bytes` as `data/districts.csv`, read.
    fn read(bytes: &[u8]) -> (Vec<RawTable>, Vec<String>) {
        let data = tempfile::tempdir().unwrap();
        std::fs::write(data.path().join("districts.csv"), bytes).unwrap();
        let mut diagnostics = Diagnostics::default();
        let tables = read_raw_tables(data.path(), &mut diagnostics);
        let shown = data.path().display().to_string();
        let printed = diagnostics
            .sorted()
            .into_iter()
            .map(|d| d.render(false).replace(&shown, "data"))
            .collect();
        (tables, printed)
    }

    #[test]
    fn a_table_is_split_as_written() {
        let (tables, errors) = read(b"\xEF\xBB\xBFcode,name\r\n11.01 ,\"A, b\"\n11.02\n");
        assert!(errors.is_empty(), "{errors:?}");
        let [table] = tables.as_slice() else {
            panic!("{tables:?}")
        };
        assert_eq!(table.header, ["code", "name"]);
        assert_eq!(
            table.rows,
            [vec!["11.01 ", "A, b"], vec!["11.02"]]
                .map(|row| { row.into_iter().map(String::from).collect::<Vec<_>>() })
        );
        assert_eq!(
            table.column("name").unwrap().collect::<Vec<_>>(),
            ["A, b", ""]
        );
        assert!(table.column("eligible").is_none());
    }

    #[test]
    fn a_table_is_read_in_any_dialect_the_loaders_read() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "code\tname\n11.01\tCibeber\n"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        for bytes in [
            b"code;name\r\n11.01;\"Cibeber; Lebak\"\r\n".to_vec(),
            b"code\tname\n11.01\tCibeber; Lebak\n".to_vec(),
            utf16,
        ] {
            let (tables, errors) = read(&bytes);
            assert!(errors.is_empty(), "{errors:?}");
            assert_eq!(tables[0].header, ["code", "name"]);
            assert_eq!(tables[0].rows[0][0], "11.01");
            assert!(tables[0].rows[0][1].starts_with("Cibeber"));
        }
    }

    #[test]
    fn a_folder_in_place_of_a_table_is_named_as_such() {
        let data = tempfile::tempdir().unwrap();
        std::fs::create_dir(data.path().join("districts.csv")).unwrap();
        let mut diagnostics = Diagnostics::default();
        assert!(read_raw_tables(data.path(), &mut diagnostics).is_empty());
        let printed = diagnostics.sorted()[0].render(false);
        assert!(
            printed.contains(
                "districts.csv is not a file but a folder: a table is read only from a regular file"
            ),
            "{printed}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_nothing_in_place_of_a_table_is_named_as_such() {
        let data = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("gone.csv", data.path().join("districts.csv")).unwrap();
        let mut diagnostics = Diagnostics::default();
        assert!(read_raw_tables(data.path(), &mut diagnostics).is_empty());
        let printed = diagnostics.sorted()[0].render(false);
        assert!(
            printed.contains("districts.csv is a link to gone.csv, which does not exist"),
            "{printed}"
        );
        assert!(
            printed.contains("hint: put the CSV file itself at"),
            "{printed}"
        );
    }

    #[test]
    fn what_cannot_be_split_is_an_error_at_its_line() {
        let (tables, errors) = read(b"");
        assert!(tables.is_empty());
        assert_eq!(errors, ["data/districts.csv:1:1: error: the file is empty"]);
        let (_, errors) = read(b"code,name\n11.01,Caf\xE9\n");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with(
                "data/districts.csv:2:1: error: the file is not UTF-8: byte 0xE9 ('\u{e9}' in Windows-1252)"
            ),
            "{errors:?}"
        );
        assert!(
            errors[0].contains("hint: save the file as UTF-8"),
            "{errors:?}"
        );
    }
}
