//! The data as spreadsheets save it: CSV files with semicolons or tabs, in
//! UTF-16 or an encoding that is not UTF-8, dates written day first; and
//! workbooks, one per table or one for all, with Excel's numbers, dates,
//! formulas, merged and hidden sheets. Valid input builds the same site as
//! the CSV files; every problem is reported at its cell.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::harness::*;
use crate::workbook::{self, Sheet, TABLES, Value, sheet_from_csv, text};

/// A successful build's files and the problems it printed.
type Built = (BTreeMap<String, Vec<u8>>, Vec<String>);

fn built(fixture: &Fixture) -> Built {
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let problems = outcome.problems().into_iter().map(String::from).collect();
    (tree(&outcome.output), problems)
}

/// The tiny site as its CSV files build it.
fn tiny_output() -> Built {
    built(&Fixture::tiny())
}

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let units = text.encode_utf16();
    if little_endian {
        [0xFF, 0xFE]
            .into_iter()
            .chain(units.flat_map(u16::to_le_bytes))
            .collect()
    } else {
        [0xFE, 0xFF]
            .into_iter()
            .chain(units.flat_map(u16::to_be_bytes))
            .collect()
    }
}

/// `table`'s CSV with every comma outside quotes replaced by `separator`.
fn resaved(fixture: &Fixture, table: &str, separator: &str) -> String {
    let path = fixture.root().join(format!("data/{table}.csv"));
    let csv = fs::read_to_string(path).unwrap();
    let mut out = String::new();
    let mut quoted = false;
    for c in csv.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                out.push(c);
            }
            ',' if !quoted => out.push_str(separator),
            _ => out.push(c),
        }
    }
    out
}

#[test]
fn semicolon_and_tab_separated_files_build_the_same_site() {
    let expected = tiny_output();
    let fixture = Fixture::tiny();
    for (index, table) in TABLES.iter().enumerate() {
        // Excel with Indonesian regional settings writes semicolons; its
        // "Text (Tab delimited)" tabs, with Windows line ends.
        let csv = if index % 2 == 0 {
            resaved(&fixture, table, ";")
        } else {
            resaved(&fixture, table, "\t").replace('\n', "\r\n")
        };
        fixture.write(&format!("data/{table}.csv"), &csv);
    }
    assert_eq!(built(&fixture), expected);
}

#[test]
fn errors_in_semicolon_and_tab_separated_files_keep_their_place() {
    let outcome = failed_build(|f| {
        let members = resaved(f, "members", ";").replace("M04;petani;11.02", "M04;petanii;11.02");
        f.write("data/members.csv", &members);
        let payments = resaved(f, "payments", "\t").replace("\t100000\t005", "\t-5\t005");
        f.write("data/payments.csv", &payments);
        let budget = resaved(f, "budget", ";").replace("Tambahan;", "Tambahan;x;");
        f.write("data/budget.csv", &budget);
    });
    assert_eq!(
        error_lines(&outcome),
        [
            "data/budget.csv:3:1: error: this row has 4 fields but the header has 3",
            "data/members.csv:5:5: error: sector 'petanii' is not in data/sectors.csv",
            "data/payments.csv:6:23: error: amount '-5' is negative",
        ]
    );
    assert!(
        outcome
            .stderr
            .contains("5 | M04;petanii;11.02;;;2026-02;\n  |     ^^^^^^^\n"),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome
            .stderr
            .contains("hint: a value containing a semicolon must be in double quotes"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn utf16_files_from_excel_are_read_and_positions_are_in_their_text() {
    let expected = tiny_output();
    let fixture = Fixture::tiny();
    // Excel's "Unicode text": UTF-16 little-endian with a byte-order mark,
    // tab-separated, CR LF; big-endian too for good measure.
    for (table, little_endian) in [("members", true), ("claims", false)] {
        let csv = resaved(&fixture, table, "\t").replace('\n', "\r\n");
        let csv = csv.trim_start_matches('\u{feff}');
        fs::write(
            fixture.root().join(format!("data/{table}.csv")),
            utf16(csv, little_endian),
        )
        .unwrap();
    }
    assert_eq!(built(&fixture), expected);

    let outcome = failed_build(|f| {
        let csv = resaved(f, "members", "\t")
            .replace("M07\tnelayan\t11.01\tL", "M07\tnelayan\t11.01\tX")
            .replace('\n', "\r\n");
        fs::write(f.root().join("data/members.csv"), utf16(&csv, true)).unwrap();
    });
    assert_eq!(
        error_lines(&outcome),
        ["data/members.csv:8:19: error: gender 'X' is not valid"]
    );
    assert!(
        outcome
            .stderr
            .contains("8 | M07 nelayan 11.01 X 25-34 2026-03 \n  |                   ^\n"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn a_file_that_is_not_utf8_is_refused_once_with_the_fix() {
    let outcome = failed_build(|f| {
        // Excel's "CSV (Comma delimited)" on Windows writes Windows-1252.
        let mut districts = fs::read(f.root().join("data/districts.csv")).unwrap();
        let text = String::from_utf8(districts.clone()).unwrap();
        let at = text.find("Pantai").unwrap() + "Pantai".len();
        districts.splice(at..at, b" Cip\xE9das".iter().copied());
        let at = text.find("Gunung").unwrap();
        districts.splice(at + 8..at + 8, b"\xE9".iter().copied());
        fs::write(f.root().join("data/districts.csv"), districts).unwrap();
    });
    assert_eq!(
        error_lines(&outcome),
        [
            "data/districts.csv:3:7: error: the file is not UTF-8: byte 0xE9 ('é' in Windows-1252) suggests it was saved as Windows-1252 (\"ANSI\")"
        ]
    );
    assert!(
        outcome.stderr.contains("hint: save the file as UTF-8: in Excel choose File > Save As > \"CSV UTF-8 (Comma delimited) (*.csv)\""),
        "{}",
        outcome.stderr
    );
}

#[test]
fn dates_written_as_people_write_them_are_errors_showing_the_iso_form() {
    let outcome = failed_build(|f| {
        f.edit(
            "data/payments.csv",
            "2026-04,2026-04-14",
            "04/2026,14/04/2026",
        );
        f.edit(
            "data/payments.csv",
            "2026-03,2026-03-19",
            "2026-03,03/04/2026",
        );
        f.edit(
            "data/claims.csv",
            "C01,M01,JKK,2026-01-10",
            "C01,M01,JKK,01/10/2026",
        );
    });
    let errors = error_lines(&outcome);
    assert_eq!(
        errors,
        [
            "data/claims.csv:2:13: error: incident_date '01/10/2026' is not valid",
            "data/payments.csv:5:9: error: paid_on '03/04/2026' is not valid",
            "data/payments.csv:6:1: error: month '04/2026' is not valid",
            "data/payments.csv:6:9: error: paid_on '14/04/2026' is not valid",
        ]
    );
    for hint in [
        "hint: write dates as YYYY-MM-DD: 01/10/2026 could be 2026-10-01 (day first, as in Indonesia) or 2026-01-10 (month first)",
        "hint: write dates as YYYY-MM-DD: 03/04/2026 could be 2026-04-03 (day first, as in Indonesia) or 2026-03-04 (month first)",
        "hint: write months as YYYY-MM: 04/2026 is 2026-04",
        "hint: write dates as YYYY-MM-DD: 14/04/2026 is 2026-04-14",
    ] {
        assert!(outcome.stderr.contains(hint), "{hint}\n{}", outcome.stderr);
    }
}

/// The tiny site with its CSV tables replaced by `sheets`, written to the
/// workbook `file` of its data folder.
fn with_workbook(fixture: &Fixture, file: &str, sheets: &[Sheet]) {
    for sheet in sheets {
        let csv = fixture
            .root()
            .join(format!("data/{}.csv", sheet.name.to_lowercase()));
        if csv.exists() {
            fs::remove_file(csv).unwrap();
        }
    }
    workbook::save(&fixture.root().join("data").join(file), sheets);
}

/// Every table of the tiny site as a sheet.
fn tiny_sheets(fixture: &Fixture) -> Vec<Sheet> {
    TABLES
        .iter()
        .map(|table| sheet_from_csv(fixture.root(), table))
        .collect()
}

#[test]
fn every_table_as_its_own_workbook_builds_the_same_site() {
    let expected = tiny_output();
    let fixture = Fixture::tiny();
    for mut sheet in tiny_sheets(&fixture) {
        // A table's own workbook is read from its first sheet, whatever its name.
        let table = sheet.name.clone();
        sheet.name = "Sheet1".to_string();
        fs::remove_file(fixture.root().join(format!("data/{table}.csv"))).unwrap();
        workbook::save(&fixture.root().join(format!("data/{table}.xlsx")), &[sheet]);
    }
    let (files, problems) = built(&fixture);
    assert_eq!(files, expected.0);
    assert_eq!(
        problems,
        [
            "data/claims.xlsx[Sheet1]!9:9: warning: JKK claim: incident on 2026-03-12 falls outside the member's covered months",
            "data/payments.xlsx[Sheet1]!6:6: warning: 2026-04: 10 members billed, but 11 members are covered that month in data/members.xlsx[Sheet1]",
            "site.toml: warning: base_url is empty: other sites cannot embed the charts, and citations, downloaded images and the sitemap carry no address",
            "0 errors, 3 warnings in 3 files",
        ]
    );
}

#[test]
fn one_workbook_of_every_table_builds_the_same_site() {
    let expected = tiny_output();
    let fixture = Fixture::tiny();
    let mut sheets = tiny_sheets(&fixture);
    let payments = sheets.iter_mut().find(|s| s.name == "payments").unwrap();
    // A month typed into Excel becomes a date on the 1st; an amount may be a
    // formula, read as Excel last computed it.
    payments.set(2, "month", Value::Date(2026, 1, 1));
    payments.set(
        3,
        "amount",
        Value::Formula("=C3*10000".into(), "90000".into()),
    );
    let members = sheets.iter_mut().find(|s| s.name == "members").unwrap();
    // Tab names are compared as Excel compares them.
    members.name = "Members".to_string();
    members.rows.push(vec![Value::Blank; 7]);
    members.rows.push(vec![text(" "), Value::Blank]);
    let districts = sheets.iter_mut().find(|s| s.name == "districts").unwrap();
    districts.rows[1].extend([Value::Blank, Value::Blank, text("")]);
    sheets.insert(
        0,
        Sheet::new("README", vec![vec![text("Data program 2026")]]),
    );
    let mut notes = Sheet::new("catatan", vec![vec![text("NIK 3602041507880001")]]);
    notes.hidden = true;
    sheets.push(notes);
    with_workbook(&fixture, "data.xlsx", &sheets);
    let (files, problems) = built(&fixture);
    assert_eq!(files, expected.0);
    assert_eq!(
        problems,
        [
            "data/data.xlsx[claims]!9:9: warning: JKK claim: incident on 2026-03-12 falls outside the member's covered months",
            "data/data.xlsx[payments]!6:6: warning: 2026-04: 10 members billed, but 11 members are covered that month in data/data.xlsx[Members]",
            "site.toml: warning: base_url is empty: other sites cannot embed the charts, and citations, downloaded images and the sitemap carry no address",
            "0 errors, 3 warnings in 2 files",
        ]
    );
}

/// The errors of the tiny site with its tables in data/data.xlsx, after
/// `change` to its sheets.
fn workbook_errors(change: impl Fn(&mut Vec<Sheet>)) -> Outcome {
    failed_build(|f| {
        let mut sheets = tiny_sheets(f);
        change(&mut sheets);
        with_workbook(f, "data.xlsx", &sheets);
    })
}

fn sheet<'a>(sheets: &'a mut [Sheet], name: &str) -> &'a mut Sheet {
    sheets.iter_mut().find(|s| s.name == name).unwrap()
}

#[test]
fn a_claim_id_repeated_in_a_sheet_is_an_error_at_its_cell_once() {
    let outcome = workbook_errors(|sheets| {
        let claims = sheet(sheets, "claims");
        let first = claims.rows[1][claims.column("claim_id")].clone();
        claims.set(4, "claim_id", first);
        // The same id stored as a number is that cell's error only.
        claims.set(3, "claim_id", Value::Number(7.0));
        claims.set(5, "claim_id", text("7"));
    });
    assert_eq!(
        error_lines(&outcome),
        [
            "data/data.xlsx[claims]!A3: error: claim_id 7 is stored as a number",
            "data/data.xlsx[claims]!A4: error: claim_id appears twice (first on row 2)",
        ]
    );
}

#[test]
fn numbers_dates_and_fractions_excel_made_are_errors_at_their_cell() {
    let outcome = workbook_errors(|sheets| {
        let members = sheet(sheets, "members");
        // An id column Excel turned into numbers, and a NIK typed as a number
        // (Excel shows 3,60201E+15).
        members.set(2, "member_id", Value::Number(1001.0));
        members.set(3, "member_id", Value::Number(3602011234567890.0));
        members.set(4, "covered_from", Value::Date(2026, 1, 15));
        let claims = sheet(sheets, "claims");
        claims.set(2, "member_id", Value::Number(81234567890.0));
        claims.set(3, "paid_on", Value::DateTime(2026, 2, 10, 9));
        claims.set(4, "amount", Value::Number(1200000.5));
        let payments = sheet(sheets, "payments");
        payments.set(2, "paid_on", Value::Number(46042.0));
        payments.set(
            3,
            "members",
            Value::Formula("=1/0".into(), "#DIV/0!".into()),
        );
        payments.set(4, "reference", Value::Number(81234567890.0));
        payments.set(5, "paid_on", text("19/03/2026"));
        let districts = sheet(sheets, "districts");
        districts.set(2, "code", Value::Date(2026, 1, 1));
    });
    assert_eq!(
        error_lines(&outcome),
        [
            "data/data.xlsx[claims]!B2: error: this looks like a phone number: '8123*******'",
            "data/data.xlsx[claims]!B3: error: the claim's member_id is not in data/data.xlsx[members]",
            "data/data.xlsx[claims]!F3: error: paid_on 2026-02-10 09:30:00 holds a time of day",
            "data/data.xlsx[claims]!G4: error: amount 1200000.5 has a fraction",
            "data/data.xlsx[districts]!A2: error: code is stored as a date (2026-01-01)",
            "data/data.xlsx[members]!A2: error: member_id 1001 is stored as a number",
            "data/data.xlsx[members]!A3: error: this looks like an ID number (NIK, KK, NPWP, KPJ): '3602************'",
            "data/data.xlsx[members]!F4: error: covered_from is the date 2026-01-15, not a month",
            "data/data.xlsx[payments]!C3: error: members shows the Excel error #DIV/0!",
            "data/data.xlsx[payments]!E4: error: this looks like a phone number: '8123*******'",
            "data/data.xlsx[payments]!B5: error: paid_on '19/03/2026' is not valid",
        ]
    );
    assert!(
        outcome.stderr.contains(
            "\
data/data.xlsx[members]!A2: error: member_id 1001 is stored as a number
  |
2 | 1001,petani,11.01,L,25-34,2026-01,
  | ^^^^
  |
  = hint: format the column as Text (select it, then Format Cells > Text) and type the values again: Excel drops leading zeros and rounds numbers longer than 15 digits
data/data.xlsx[members]!A3: error: this looks like an ID number (NIK, KK, NPWP, KPJ): '3602************'
  |
3 | 3602************,petani,11.01,P,35-44,2026-01,
  | ^^^^^^^^^^^^^^^^
"
        ),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome
            .stderr
            .contains("hint: write dates as YYYY-MM-DD: 19/03/2026 is 2026-03-19"),
        "{}",
        outcome.stderr
    );
    for personal in ["3602011234567890", "81234567890"] {
        assert!(!outcome.stderr.contains(personal), "{}", outcome.stderr);
    }
}

#[test]
fn a_hidden_sheet_of_a_table_is_read_with_a_warning() {
    let expected = tiny_output();
    let fixture = Fixture::tiny();
    let mut sheets = tiny_sheets(&fixture);
    sheet(&mut sheets, "budget").hidden = true;
    // A sheet named almost like a table is likely a typo; it is not read.
    sheets.push(Sheet::new("claim", vec![vec![text("claim_id")]]));
    with_workbook(&fixture, "data.xlsx", &sheets);
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    assert_eq!(tree(&outcome.output), expected.0);
    let about_the_workbook: Vec<&str> = outcome
        .problems()
        .into_iter()
        .filter(|line| {
            line.starts_with("data/data.xlsx[b") || line.starts_with("data/data.xlsx[claim]")
        })
        .collect();
    assert_eq!(
        about_the_workbook,
        [
            "data/data.xlsx[budget]: warning: this sheet is hidden, but it is read and published like a visible one",
            "data/data.xlsx[claim]: warning: this sheet is not read: no table has its name",
        ]
    );
    assert!(outcome.stderr.contains("hint: unhide it (right-click a sheet tab > Unhide) to see what is published, or delete it if it is not current"));
    assert!(
        outcome
            .stderr
            .contains("hint: did you mean claims? Rename the sheet to read it as that table")
    );
}

#[test]
fn a_table_given_twice_or_not_at_all_is_an_error_naming_the_sources() {
    let outcome = failed_build(|f| {
        let sheets: Vec<Sheet> = tiny_sheets(f)
            .into_iter()
            .filter(|s| s.name != "budget")
            .collect();
        workbook::save(&f.root().join("data/data.xlsx"), &sheets);
        let districts = sheet_from_csv(f.root(), "districts");
        workbook::save(&f.root().join("data/districts.xlsx"), &[districts]);
        fs::remove_file(f.root().join("data/budget.csv")).unwrap();
        fs::remove_file(f.root().join("data/claims.csv")).unwrap();
    });
    assert_eq!(
        error_lines(&outcome),
        [
            "data/data.xlsx: error: the table budget is missing: no sheet of the workbook is named budget, and there is no data/budget.csv or data/budget.xlsx",
            "data/data.xlsx[districts]: error: the table districts is given more than once: in data/districts.csv and in data/districts.xlsx[districts] and in data/data.xlsx[districts]",
            "data/data.xlsx[members]: error: the table members is given more than once: in data/members.csv and in data/data.xlsx[members]",
            "data/data.xlsx[payments]: error: the table payments is given more than once: in data/payments.csv and in data/data.xlsx[payments]",
            "data/data.xlsx[sectors]: error: the table sectors is given more than once: in data/sectors.csv and in data/data.xlsx[sectors]",
        ]
    );

    // An old copy beside the sheet, named as Excel lets it be (names differ
    // in case and spaces), is a second source, not read in the sheet's place.
    let outcome = workbook_errors(|sheets| {
        let mut old = sheet(sheets, "members").clone();
        old.name = "MEMBERS ".to_string();
        old.rows.pop();
        sheets.insert(0, old);
    });
    assert_eq!(
        error_lines(&outcome),
        [
            "data/data.xlsx[members]: error: the table members is given more than once: in data/data.xlsx[MEMBERS ] and in data/data.xlsx[members]"
        ]
    );
}

#[test]
fn merged_cells_read_as_they_show_and_a_merge_across_columns_is_an_error() {
    let expected = tiny_output();
    let fixture = Fixture::tiny();
    let mut sheets = tiny_sheets(&fixture);
    // Rows 2 to 4 of members are all petani in 11.01: merged down, as an
    // officer groups them on screen.
    let members = sheet(&mut sheets, "members");
    for row in 3..=4 {
        members.set(row, "sector", Value::Blank);
        members.set(row, "district", Value::Blank);
    }
    members.merged = vec![(1, 1, 3, 1), (1, 2, 3, 2)];
    with_workbook(&fixture, "data.xlsx", &sheets);
    assert_eq!(built(&fixture).0, expected.0);

    let outcome = workbook_errors(|sheets| {
        let sectors = sheet(sheets, "sectors");
        sectors.set(2, "name_en", Value::Blank);
        sectors.merged = vec![(1, 1, 1, 2)];
    });
    assert_eq!(
        error_lines(&outcome),
        ["data/data.xlsx[sectors]!B2: error: cells B2:C2 are merged across columns"]
    );
}

#[test]
fn empty_rows_and_columns_are_skipped_and_a_value_outside_the_table_is_an_error() {
    let outcome = workbook_errors(|sheets| {
        let budget = sheet(sheets, "budget");
        budget.rows.insert(2, vec![Value::Blank, text("  ")]);
        budget.rows.push(vec![]);
        budget.rows.push(vec![
            Value::Blank,
            Value::Blank,
            Value::Blank,
            Value::Blank,
            text("total"),
        ]);
        budget.rows[0].push(Value::Blank);
    });
    assert_eq!(
        error_lines(&outcome),
        [
            "data/data.xlsx[budget]!E6: error: this cell is right of the last column named in the header row"
        ]
    );
    assert!(
        outcome.stderr.contains("6 | ,,,,total\n  |     ^^^^^\n"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn a_value_far_from_the_table_is_an_error_at_its_cell_not_a_sheet_as_wide() {
    // A grid of every cell up to XFD1048576 would take 550 GB, one of the
    // table's 32 columns down to AF1048576 a gigabyte.
    let outcome = workbook_errors(|sheets| {
        let budget = sheet(sheets, "budget");
        budget
            .stray
            .push((1_048_575, 16_383, "catatan".to_string()));
        budget.stray.push((1_048_575, 31, "catatan".to_string()));
        budget.stray.push((1_048_575, 40, "  ".to_string()));
        budget.stray.push((0, 32, "note".to_string()));
    });
    assert_eq!(
        error_lines(&outcome),
        [
            "data/data.xlsx[budget]!AG1: error: this cell is right of column AF: a table is read from the first 32 columns",
            "data/data.xlsx[budget]!AF1048576: error: this cell is right of the last column named in the header row",
            "data/data.xlsx[budget]!XFD1048576: error: this cell is right of column AF: a table is read from the first 32 columns",
        ]
    );
    assert!(
        outcome
            .stderr
            .contains("hint: clear the cell, or move the table's columns to the left"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn the_example_from_one_workbook_builds_the_same_site() {
    let site = example_copy();
    let mut sheets: Vec<Sheet> = TABLES
        .iter()
        .map(|table| sheet_from_csv(site.path(), table))
        .collect();
    // The months of the payments as Excel keeps a typed month: the 1st.
    let payments = sheet(&mut sheets, "payments");
    for row in payments.rows.iter_mut().skip(1) {
        let Value::Text(month) = &row[0] else {
            panic!("a month")
        };
        let (year, month) = month.split_once('-').unwrap();
        row[0] = Value::Date(year.parse().unwrap(), month.parse().unwrap(), 1);
    }
    for table in TABLES {
        fs::remove_file(site.path().join(format!("data/{table}.csv"))).unwrap();
    }
    workbook::save(&site.path().join("data/data.xlsx"), &sheets);
    assert_builds_the_example(site.path());
}

/// A copy of the example site (data, content, templates, releases, site.toml).
pub fn example_copy() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    for folder in ["data", "content", "templates", "releases"] {
        let source = Path::new(EXAMPLE).join(folder);
        for entry in walkdir::WalkDir::new(&source).min_depth(1) {
            let entry = entry.unwrap();
            let target = site
                .path()
                .join(folder)
                .join(entry.path().strip_prefix(&source).unwrap());
            if entry.file_type().is_dir() {
                fs::create_dir_all(&target).unwrap();
            } else {
                fs::create_dir_all(target.parent().unwrap()).unwrap();
                fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
    fs::copy(
        Path::new(EXAMPLE).join("site.toml"),
        site.path().join("site.toml"),
    )
    .unwrap();
    site
}

/// Builds the site and requires the example's output, byte for byte.
pub fn assert_builds_the_example(site: &Path) {
    let (_dir, expected) = example_site();
    let output = site.join("output");
    let result = jaring()
        .args(["build", "--root"])
        .arg(site)
        .output()
        .unwrap();
    assert_succeeded(&result);
    let (built, expected) = (tree(&output), tree(&expected));
    assert_eq!(
        built.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &expected {
        assert!(built[path] == *bytes, "{path} differs");
    }
}

#[test]
fn a_table_in_a_format_jaring_does_not_read_is_missing_with_the_fix() {
    let outcome = failed_build(|f| {
        fs::remove_file(f.root().join("data/budget.csv")).unwrap();
        f.write("data/budget.xls", "an Excel 97 workbook");
    });
    assert_eq!(
        error_lines(&outcome),
        [
            "data/budget.csv: error: the table budget is missing: there is no data/budget.csv, data/budget.xlsx or data/data.xlsx"
        ]
    );
    assert!(
        outcome.stderr.contains("hint: jaring reads .xlsx workbooks and CSV files: open data/budget.xls and save it as Excel Workbook (.xlsx)"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn a_workbook_that_cannot_be_read_is_one_error() {
    let errors = errors_after(|f| {
        for table in TABLES {
            fs::remove_file(f.root().join(format!("data/{table}.csv"))).unwrap();
        }
        f.write("data/data.xlsx", "sector,name\n");
    });
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("data/data.xlsx: error: cannot read the workbook: "),
        "{errors:?}"
    );
    // An empty file says so, as an empty CSV file does, not what zip misses.
    let errors = errors_after(|f| {
        fs::remove_file(f.root().join("data/budget.csv")).unwrap();
        f.write("data/budget.xlsx", "");
    });
    assert_eq!(
        errors,
        ["data/budget.xlsx: error: cannot read the workbook: the file is empty"]
    );
}

#[test]
fn shared_strings_declaring_more_texts_than_a_sheet_can_hold_are_refused_not_a_crash() {
    // calamine sets memory aside for every text declared: a trillion ended
    // the build ("memory allocation of 24000000000000 bytes failed").
    let fixture = Fixture::tiny();
    let sheets = tiny_sheets(&fixture);
    let path = fixture.root().join("data/data.xlsx");
    with_workbook(&fixture, "data.xlsx", &sheets);
    let mut archive = zip::ZipArchive::new(fs::File::open(&path).unwrap()).unwrap();
    let mut rewritten = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        if name.ends_with("sharedStrings.xml") {
            let xml = String::from_utf8(bytes).unwrap();
            let start = xml.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
            let end = start + xml[start..].find('"').unwrap();
            bytes = format!("{}1000000000000{}", &xml[..start], &xml[end..]).into_bytes();
        }
        rewritten
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut rewritten, &bytes).unwrap();
    }
    fs::write(&path, rewritten.finish().unwrap().into_inner()).unwrap();
    let outcome = fixture.build();
    assert_eq!(outcome.status, 1, "{}", outcome.stderr);
    assert_eq!(
        error_lines(&outcome),
        [
            "data/data.xlsx: error: cannot read the workbook: its shared strings declare 1000000000000 texts, more than the 33554432 cells a sheet is read from: the file was not saved by Excel"
        ]
    );
}
