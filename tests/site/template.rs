//! `jaring template`: the spreadsheet officers fill in, read back: its
//! sheets, headers, notes, Text columns and drop-down lists, and filled
//! from a data folder, its cells against the CSV files.

use std::fs;
use std::path::Path;
use std::process::Output;

use calamine::Data;
use jaring::calendar::Date;
use jaring::load::schema::{INPUT_TABLES, ValueKind};

use crate::harness::{EXAMPLE, Fixture, jaring};
use crate::spreadsheet::{Workbook, cell_name, letter, number, text};
use crate::spreadsheets::{assert_builds_the_example, example_copy};

const TEMPLATE: &str = "jaring-template.xlsx";

fn template(args: &[&str], folder: &Path) -> Output {
    jaring()
        .arg("template")
        .arg(folder)
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .output()
        .unwrap()
}

#[test]
fn the_template_has_a_sheet_per_table_with_explained_headers_text_columns_and_lists() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("templat");
    let made = template(&[], &folder);
    assert_eq!(made.status.code(), Some(0), "{made:?}");
    assert_eq!(
        String::from_utf8_lossy(&made.stderr),
        format!(
            "wrote {}: fill in a sheet per table, then save it as data/data.xlsx in the site's folder\n",
            folder.join(TEMPLATE).display()
        )
    );
    let workbook = Workbook::open(&folder.join(TEMPLATE));
    assert_eq!(
        workbook.sheet_names(),
        [
            "README",
            "sectors",
            "districts",
            "members",
            "payments",
            "claims",
            "budget"
        ]
    );
    for table in &INPUT_TABLES {
        let cells = workbook.cells(table.name);
        assert_eq!(cells.len(), 1, "{}: the headers only", table.name);
        let headers: Vec<&str> = cells[0].iter().map(|cell| text(cell).unwrap()).collect();
        let columns: Vec<&str> = table.columns.iter().map(|column| column.name).collect();
        assert_eq!(headers, columns, "{}", table.name);
        let notes = workbook.notes(table.name);
        let formats = workbook.column_formats(table.name);
        for (index, column) in table.columns.iter().enumerate() {
            let (cell, note) = &notes[index];
            assert_eq!(cell, &cell_name(0, index));
            assert!(note.starts_with(&format!("{} (", column.name)), "{note}");
            assert!(
                note.contains(&format!("\nContoh: {}\n", column.example)),
                "{note}"
            );
            assert!(
                note.ends_with(&format!("\nExample: {}", column.example)),
                "{note}"
            );
            let expected = match column.kind {
                ValueKind::Date => "yyyy-mm-dd",
                ValueKind::Count => "#,##0",
                ValueKind::Money => "\"Rp\"#,##0",
                _ => "@",
            };
            assert_eq!(
                formats[&letter(index)],
                expected,
                "{}.{}",
                table.name,
                column.name
            );
        }
    }
    assert_eq!(
        workbook.notes("members")[0].1,
        "member_id (wajib)\nNama samaran peserta, unik; tidak pernah tampil di situs.\n\
         Format: Teks: nama samaran yang unik (huruf, angka, - dan _, paling banyak 64 karakter), bukan NIK atau nomor telepon.\n\
         Contoh: LBK-7Q2M9X\n\n\
         member_id (required)\nThe member's pseudonym, unique; never shown on the site.\n\
         Format: Text: a unique pseudonym (letters, digits, - and _, at most 64 characters), never an ID card or phone number.\n\
         Example: LBK-7Q2M9X"
    );

    let lists =
        |sheet: &str| -> Vec<(String, String)> { workbook.drop_downs(sheet).into_iter().collect() };
    let list = |cells: &str, source: &str| (cells.to_string(), source.to_string());
    assert_eq!(
        lists("members"),
        [
            list("B2:B1048576", "sectors_codes"),
            list("C2:C1048576", "districts_codes"),
            list("D2:D1048576", "\"L,P\""),
            list("E2:E1048576", "\"15-24,25-34,35-44,45-54,55-64,65+\""),
        ]
    );
    assert_eq!(
        lists("claims"),
        [
            list("C2:C1048576", "\"JKK,JKM\""),
            list("E2:E1048576", "\"paid,in_process,rejected\""),
        ]
    );
    for sheet in ["sectors", "districts", "payments", "budget"] {
        assert_eq!(lists(sheet), [], "{sheet}");
    }
    let names = workbook.part("xl/workbook.xml");
    assert!(names.contains(
        "<definedName name=\"sectors_codes\">OFFSET(sectors!$A$2,0,0,MAX(1,COUNTA(sectors!$A:$A)-1),1)</definedName>"
    ));
    assert!(names.contains(
        "<definedName name=\"districts_codes\">OFFSET(districts!$A$2,0,0,MAX(1,COUNTA(districts!$A:$A)-1),1)</definedName>"
    ));

    let readme: Vec<String> = workbook
        .cells("README")
        .iter()
        .map(|row| text(&row[0]).unwrap_or_default().to_string())
        .collect();
    assert_eq!(readme[0], "Templat data jaring");
    assert!(readme.contains(&"jaring data template".to_string()));

    // A second run leaves the first template (perhaps filled in by now) alone.
    let before = fs::read(folder.join(TEMPLATE)).unwrap();
    let again = template(&[], &folder);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).starts_with(&format!(
        "error: {} exists; jaring does not replace a workbook that may hold someone's work\n",
        folder.join(TEMPLATE).display()
    )));
    assert_eq!(fs::read(folder.join(TEMPLATE)).unwrap(), before);
    assert_eq!(template(&[], &folder.join("other")).status.code(), Some(0));
    assert_eq!(
        fs::read(folder.join("other").join(TEMPLATE)).unwrap(),
        before,
        "the same template, byte for byte, for the same SOURCE_DATE_EPOCH"
    );
}

/// A cell of a filled template as its CSV file wrote it: dates as
/// `YYYY-MM-DD`, whole numbers without decimals.
fn as_written(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::DateTime(date) => {
            let days = date.as_f64() as i64 - 25_569;
            Date::from_days_since_epoch(days).unwrap().to_string()
        }
        other => match (text(other), number(other)) {
            (Some(text), _) => text.to_string(),
            (None, Some(value)) => {
                assert_eq!(value.fract(), 0.0);
                format!("{value}")
            }
            _ => panic!("{other:?}"),
        },
    }
}

#[test]
fn a_template_filled_from_a_data_folder_holds_its_tables_typed_by_column() {
    let dir = tempfile::tempdir().unwrap();
    let data = Path::new(EXAMPLE).join("data");
    let made = template(&["--with-data", data.to_str().unwrap()], dir.path());
    assert_eq!(made.status.code(), Some(0), "{made:?}");
    let workbook = Workbook::open(&dir.path().join(TEMPLATE));
    for table in &INPUT_TABLES {
        let csv = fs::read_to_string(data.join(format!("{}.csv", table.name))).unwrap();
        let cells = workbook.cells(table.name);
        let records: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(csv.as_bytes())
            .records()
            .map(Result::unwrap)
            .collect();
        assert_eq!(cells.len(), records.len(), "{}", table.name);
        for (row, (record, sheet_row)) in records.iter().zip(&cells).enumerate() {
            for (index, (value, cell)) in record.iter().zip(sheet_row).enumerate() {
                let place = format!("{}!{}", table.name, cell_name(row, index));
                assert_eq!(as_written(cell), value, "{place}");
                if row == 0 || value.is_empty() {
                    continue;
                }
                match table.columns[index].kind {
                    ValueKind::Date => assert!(matches!(cell, Data::DateTime(_)), "{place}"),
                    ValueKind::Count | ValueKind::Money => {
                        assert!(number(cell).is_some(), "{place}")
                    }
                    _ => assert!(text(cell).is_some(), "{place}: {cell:?}"),
                }
            }
        }
    }
}

/// Fills the template with the CSV files of a copy of the example, puts it
/// in their place as data/data.xlsx and builds the site from it.
fn assert_builds_from_its_filled_template(site: &Path) {
    let data = site.join("data");
    let made = template(&["--with-data", data.to_str().unwrap()], &data);
    assert_eq!(made.status.code(), Some(0), "{made:?}");
    fs::rename(data.join(TEMPLATE), data.join("data.xlsx")).unwrap();
    for table in &INPUT_TABLES {
        fs::remove_file(data.join(format!("{}.csv", table.name))).unwrap();
    }
    assert_builds_the_example(site);
}

#[test]
fn the_template_filled_with_the_example_data_builds_the_example_site() {
    let site = example_copy();
    assert_builds_from_its_filled_template(site.path());
}

#[test]
fn a_template_filled_from_files_excel_saved_with_semicolons_builds_the_example_site() {
    // Excel under Indonesian regional settings saves CSV with semicolons.
    let site = example_copy();
    let data = site.path().join("data");
    for table in &INPUT_TABLES {
        let path = data.join(format!("{}.csv", table.name));
        let text = fs::read_to_string(&path).unwrap();
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(Vec::new());
        for record in csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
        {
            writer.write_record(&record.unwrap()).unwrap();
        }
        fs::write(&path, writer.into_inner().unwrap()).unwrap();
    }
    assert_builds_from_its_filled_template(site.path());
}

#[test]
fn a_folder_without_any_table_fills_nothing() {
    let site = example_copy();
    let out = tempfile::tempdir().unwrap();
    // The site's folder, not its data/.
    let made = template(&["--with-data", site.path().to_str().unwrap()], out.path());
    assert_eq!(made.status.code(), Some(2), "{made:?}");
    let stderr = String::from_utf8_lossy(&made.stderr);
    assert!(
        stderr.contains("holds none of the tables' CSV files (sectors.csv, districts.csv"),
        "{stderr}"
    );
    assert!(stderr.contains("--with-data data"), "{stderr}");
    assert!(!out.path().join(TEMPLATE).exists());
}

#[test]
fn filling_carries_unknown_columns_and_refuses_a_file_that_is_not_text() {
    let fixture = Fixture::tiny();
    let members = fs::read_to_string(fixture.root().join("data/members.csv")).unwrap();
    let mut lines = members.lines();
    let mut edited = format!("{},catatan\n", lines.next().unwrap());
    for line in lines {
        edited.push_str(&format!("{line},=1+1\n"));
    }
    fixture.write("data/members.csv", &edited);
    let out = tempfile::tempdir().unwrap();
    let data = fixture.root().join("data");
    let made = template(&["--with-data", data.to_str().unwrap()], out.path());
    assert_eq!(made.status.code(), Some(0), "{made:?}");
    let workbook = Workbook::open(&out.path().join(TEMPLATE));
    let cells = workbook.cells("members");
    assert_eq!(text(&cells[0][7]), Some("catatan"));
    assert_eq!(text(&cells[1][7]), Some("=1+1"));
    assert!(workbook.quoted_cells("members").contains(&"H2".to_string()));

    fs::write(data.join("payments.csv"), b"month,paid_on\n2026-01,\xFF\n").unwrap();
    let refused_into = tempfile::tempdir().unwrap();
    let refused = template(
        &["--with-data", data.to_str().unwrap()],
        refused_into.path(),
    );
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.starts_with(&format!(
            "{}:2:1: error: the file is not UTF-8: byte 0xFF",
            data.join("payments.csv").display()
        )),
        "{stderr}"
    );
    assert!(stderr.ends_with("no template written: fix the errors above and run again\n"));
    assert!(!refused_into.path().join(TEMPLATE).exists());
}
