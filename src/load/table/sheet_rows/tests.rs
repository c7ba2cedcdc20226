//! The cells of a sheet as rows: each kind of cell, merged regions, and
//! the kept cells against a grid of every cell.

use super::*;
use crate::load::source::workbook::SheetCells;

fn read(cell: Data, kind: Kind) -> Result<String, String> {
    let rule = FieldRule {
        kind: Some(kind),
        name: "x".to_string(),
    };
    convert(&cell, &rule, false)
        .map(Cow::into_owned)
        .map_err(|(message, _)| message)
}

fn date(serial: f64) -> Data {
    Data::DateTime(ExcelDateTime::new(
        serial,
        ExcelDateTimeType::DateTime,
        false,
    ))
}

fn text(value: &str) -> Data {
    Data::String(value.to_string())
}

/// The texts of the rows of a sheet of `cells` merged as `merged`, and
/// the messages of its findings.
fn rows_read(
    cells: Vec<((u32, u32), Data)>,
    merged: Vec<calamine::Dimensions>,
    formulas_without_values: Vec<(u32, u32)>,
) -> (Vec<Vec<String>>, Vec<String>) {
    let sheet = SheetData {
        place: diag::SheetPlace::sheet("data/data.xlsx", "budget"),
        hidden: false,
        cells: SheetCells::new(cells),
        outside: Vec::new(),
        formulas_without_values,
        merged,
        is_1904: false,
    };
    let mut findings = Findings::default();
    let mut rows = SheetRows::new(sheet, &mut findings);
    let mut record = ByteRecord::new();
    let mut read = Vec::new();
    let texts = |record: &ByteRecord| {
        record
            .iter()
            .map(|field| String::from_utf8_lossy(field).into_owned())
            .collect::<Vec<_>>()
    };
    if rows.read_header(&mut record) {
        read.push(texts(&record));
        let rules: Vec<FieldRule> = read[0].iter().map(|name| FieldRule::text(name)).collect();
        let mut reported = vec![false; rules.len()];
        while rows.read(&mut record, &rules, &mut reported, &mut findings) {
            read.push(texts(&record));
        }
    }
    let messages = findings
        .kept
        .into_iter()
        .map(|finding| finding.message)
        .collect();
    (read, messages)
}

#[test]
fn a_region_merged_down_shows_its_value_in_every_row_and_one_across_is_an_error() {
    let region = |start, end| calamine::Dimensions { start, end };
    let (rows, messages) = rows_read(
        vec![
            ((0, 0), text("item")),
            ((0, 1), text("source")),
            ((1, 0), text("a")),
            ((1, 1), text("APBD")),
            ((2, 0), text("b")),
            ((3, 0), text("c")),
            ((3, 1), text("APBN")),
        ],
        // A region over the rest of the sheet is one region, not the
        // seventeen billion cells that made a build run out of memory.
        vec![region((1, 1), (2, 1)), region((5, 0), (1_048_575, 16_383))],
        Vec::new(),
    );
    assert_eq!(
        rows,
        [
            ["item", "source"],
            ["a", "APBD"],
            ["b", "APBD"],
            ["c", "APBN"]
        ]
    );
    assert_eq!(messages, ["cells A6:XFD1048576 are merged across columns"]);
}

#[test]
fn a_formula_saved_without_its_value_is_an_error_even_in_a_row_of_nothing_else() {
    let (rows, messages) = rows_read(
        vec![
            ((0, 0), text("item")),
            ((0, 1), text("allocated")),
            ((1, 0), text("a")),
        ],
        Vec::new(),
        vec![(1, 1), (2, 0), (2, 1)],
    );
    assert_eq!(rows, [["item", "allocated"], ["a", ""], ["", ""]]);
    assert_eq!(
        messages,
        [
            "allocated is a formula saved without its value",
            "item is a formula saved without its value",
            "allocated is a formula saved without its value",
        ]
    );
}

/// The rows of a small sheet as a grid of every cell reads them: the
/// reference the kept cells and regions are checked against.
fn rows_of_the_grid(
    cells: &[((u32, u32), Data)],
    merged: &[calamine::Dimensions],
    formulas: &[(u32, u32)],
) -> Vec<Vec<String>> {
    const SIZE: u32 = 12;
    let mut grid = vec![vec![String::new(); SIZE as usize]; SIZE as usize];
    for ((row, column), value) in cells {
        grid[*row as usize][*column as usize] = shown(value);
    }
    let formula = |row: u32, column: u32| formulas.contains(&(row, column));
    let region_at = |row: u32, column: u32| {
        merged.iter().find(|region| {
            (region.start.0..=region.end.0).contains(&row)
                && (region.start.1..=region.end.1).contains(&column)
        })
    };
    let shown_at = |row: u32, column: u32| match region_at(row, column) {
        Some(region) if region.start.1 == region.end.1 => {
            grid[region.start.0 as usize][column as usize].clone()
        }
        _ => grid[row as usize][column as usize].clone(),
    };
    let Some(first_row) = cells.iter().map(|&((row, _), _)| row).min() else {
        return Vec::new();
    };
    let last_row = cells.iter().map(|&((row, _), _)| row).max().unwrap_or(0);
    let first_column = cells
        .iter()
        .map(|&((_, column), _)| column)
        .min()
        .unwrap_or(0);
    let last_column = cells
        .iter()
        .map(|&((_, column), _)| column)
        .max()
        .unwrap_or(0);
    let shows =
        |row: u32, column: u32| !shown_at(row, column).trim().is_empty() || formula(row, column);
    let mut read: Vec<Vec<String>> = Vec::new();
    let mut width = 0;
    for row in 0..SIZE {
        let candidate = (first_row..=last_row).contains(&row)
            || formulas.iter().any(|&(formula_row, _)| formula_row == row);
        if !candidate || !(first_column..=last_column).any(|column| shows(row, column)) {
            continue;
        }
        if read.is_empty() {
            let header: Vec<String> = (first_column..=last_column)
                .map(|column| shown_at(row, column))
                .collect();
            width = header
                .iter()
                .rposition(|text| !text.trim().is_empty())
                .map_or(0, |last| last + 1);
            read.push(header[..width].to_vec());
            continue;
        }
        let columns = first_column..first_column + width as u32;
        if !columns.clone().any(|column| shows(row, column)) {
            continue;
        }
        read.push(
            columns
                .map(|column| match region_at(row, column) {
                    Some(region) if region.start.1 != region.end.1 => String::new(),
                    _ if formula(row, column) => String::new(),
                    _ => shown_at(row, column),
                })
                .collect(),
        );
    }
    read
}

proptest::proptest! {
    #[test]
    fn the_cells_and_regions_kept_read_as_the_grid_of_every_cell(
        values in proptest::collection::vec(((0u32..12, 0u32..6), "[a-c ]{0,2}"), 0..40),
        formulas in proptest::collection::vec((0u32..12, 0u32..6), 0..4),
        regions in proptest::collection::vec((0u32..12, 0u32..6, 0u32..4, 0u32..3), 0..4),
    ) {
        // Excel's regions never overlap: a region overlapping an earlier
        // one is left out.
        let mut merged: Vec<calamine::Dimensions> = Vec::new();
        for (top, left, height, width) in regions {
            let region = calamine::Dimensions {
                start: (top, left),
                end: ((top + height).min(11), (left + width).min(5)),
            };
            let overlaps = merged.iter().any(|other| {
                region.start.0 <= other.end.0 && other.start.0 <= region.end.0
                    && region.start.1 <= other.end.1 && other.start.1 <= region.end.1
            });
            if !overlaps {
                merged.push(region);
            }
        }
        let mut cells: Vec<((u32, u32), Data)> = Vec::new();
        for (place, value) in values {
            cells.retain(|(other, _)| *other != place);
            if !value.trim().is_empty() {
                cells.push((place, text(&value)));
            }
        }
        let mut formulas: Vec<(u32, u32)> = formulas
            .into_iter()
            .filter(|place| cells.iter().all(|(other, _)| other != place))
            .collect();
        formulas.sort_unstable();
        formulas.dedup();
        let expected = rows_of_the_grid(&cells, &merged, &formulas);
        let (rows, _) = rows_read(cells, merged, formulas);
        proptest::prop_assert_eq!(rows, expected);
    }
}

#[test]
fn numbers_read_as_their_digits_where_a_number_belongs() {
    assert_eq!(read(Data::Float(16200.0), Kind::Money), Ok("16200".into()));
    assert_eq!(read(Data::Int(3450), Kind::Count), Ok("3450".into()));
    assert_eq!(
        read(Data::Float(16200.5), Kind::Money),
        Err("x 16200.5 has a fraction".into())
    );
    assert_eq!(read(Data::Float(-5.0), Kind::Money), Ok("-5".into()));
    assert_eq!(read(Data::Float(900.0), Kind::Text), Ok("900".into()));
    assert_eq!(
        read(Data::Float(123.0), Kind::Code),
        Err("x 123 is stored as a number".into())
    );
    assert_eq!(
        read(Data::Float(3602011234567890.0), Kind::Money),
        Err("this looks like an ID number (NIK, KK, NPWP, KPJ): '3602************'".into())
    );
}

#[test]
fn date_cells_stored_as_iso_text_read_as_dates_and_months() {
    let iso = |text: &str| Data::DateTimeIso(text.to_string());
    assert_eq!(
        read(iso("2026-01-07T00:00:00"), Kind::Date),
        Ok("2026-01-07".into())
    );
    assert_eq!(read(iso("2026-01-07"), Kind::Date), Ok("2026-01-07".into()));
    assert_eq!(
        read(iso("2026-03-01T00:00:00.000Z"), Kind::Month),
        Ok("2026-03".into())
    );
    assert_eq!(
        read(iso("2026-01-07T09:30:00"), Kind::Date),
        Err("x 2026-01-07 09:30:00 holds a time of day".into())
    );
    assert_eq!(
        read(iso("2026-01-07T00:00:00"), Kind::Month),
        Err("x is the date 2026-01-07, not a month".into())
    );
    // Not ISO: left to the column's own check, as text.
    assert_eq!(read(iso("07/01/2026"), Kind::Date), Ok("07/01/2026".into()));
    assert_eq!(
        read(iso("2026-01-07T00:00:00"), Kind::Text),
        Ok("2026-01-07T00:00:00".into())
    );
}

#[test]
fn a_date_cell_on_no_day_excel_shows_reads_as_its_number() {
    // Read as 1899-12-31 before, and the site built.
    assert_eq!(read(date(0.0), Kind::Date), Ok("0".into()));
    assert_eq!(read(date(-3.0), Kind::Month), Ok("-3".into()));
    // An amount formatted as a date: the amount, not "9999-12-31".
    assert_eq!(read(date(53_136_000.0), Kind::Money), Ok("53136000".into()));
    assert_eq!(
        read(date(f64::NAN), Kind::Date),
        Err("x holds NaN, which is no number".into())
    );
    assert_eq!(
        read(Data::Float(f64::INFINITY), Kind::Money),
        Err("x holds inf, which is no number".into())
    );
}

#[test]
fn dates_and_serials_read_as_iso_dates_and_months() {
    assert_eq!(read(date(46326.0), Kind::Date), Ok("2026-10-31".into()));
    assert_eq!(
        read(Data::Float(46326.0), Kind::Date),
        Ok("2026-10-31".into())
    );
    assert_eq!(read(date(46296.0), Kind::Month), Ok("2026-10".into()));
    assert_eq!(
        read(date(46326.0), Kind::Month),
        Err("x is the date 2026-10-31, not a month".into())
    );
    assert_eq!(
        read(date(46326.5), Kind::Date),
        Err("x 2026-10-31 12:00:00 holds a time of day".into())
    );
    assert_eq!(read(date(46326.0), Kind::Text), Ok("2026-10-31".into()));
    let rule = FieldRule {
        kind: Some(Kind::Date),
        name: "x".to_string(),
    };
    // The 1904 date system of old Mac workbooks counts 1462 days fewer.
    assert_eq!(
        convert(&Data::Float(44864.0), &rule, true).map(Cow::into_owned),
        Ok("2026-10-31".to_string())
    );
}

#[test]
fn a_number_shows_every_digit() {
    assert_eq!(number_text(3602011234567890.0), "3602011234567890");
    assert_eq!(number_text(0.5), "0.5");
    assert_eq!(region_name((1, 1), (2, 27)), "B2:AB3");
}
