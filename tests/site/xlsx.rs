//! The published workbooks (`data/data-<release>.xlsx`, `grafik/ID/ID.xlsx`)
//! read back as a spreadsheet program reads them, cell by cell against the
//! CSV files; their notes, formats, README and reproducibility.

use std::collections::BTreeMap;
use std::fs;

use calamine::Data;
use jaring::render::files::data::neutralise_formula;

use crate::harness::{CHART_IDS, Fixture, jaring, tree};
use crate::releases::{EPOCH, release, revise_march};
use crate::spreadsheet::{Workbook, cell_name, number, text};

/// Each published table's columns and their Frictionless types, from
/// `datapackage.json`, in its order.
fn column_types(package: &str) -> Vec<(String, BTreeMap<String, String>)> {
    let package: serde_json::Value = serde_json::from_str(package).unwrap();
    package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|resource| resource["format"] == "csv")
        .map(|resource| {
            let types = resource["schema"]["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|field| {
                    (
                        field["name"].as_str().unwrap().to_string(),
                        field["type"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            (resource["name"].as_str().unwrap().to_string(), types)
        })
        .collect()
}

/// A sheet holds exactly a CSV's cells: the header, text as text (without
/// the CSV's formula guard, which the workbook keeps as a quote prefix),
/// numbers as numbers of the same value, empty cells empty.
fn assert_sheet_is_csv(
    workbook: &Workbook,
    sheet: &str,
    csv: &str,
    types: &BTreeMap<String, String>,
) {
    let cells = workbook.cells(sheet);
    let records: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!(cells.len(), records.len(), "{sheet}: rows");
    let header: Vec<&str> = records[0].iter().collect();
    for (row, (record, sheet_row)) in records.iter().zip(&cells).enumerate() {
        assert_eq!(sheet_row.len(), header.len(), "{sheet}: columns");
        for (column, (value, cell)) in record.iter().zip(sheet_row).enumerate() {
            let place = format!("{sheet}!{}", cell_name(row, column));
            let kind = if row == 0 {
                "string"
            } else {
                types[header[column]].as_str()
            };
            match (value, kind) {
                ("", _) => assert_eq!(cell, &Data::Empty, "{place}"),
                (value, "string") => {
                    let text = text(cell).unwrap_or_else(|| panic!("{place}: {cell:?}"));
                    assert_eq!(neutralise_formula(text), value, "{place}");
                }
                (value, "integer") => {
                    let number = number(cell).unwrap_or_else(|| panic!("{place}: {cell:?}"));
                    assert_eq!(number, value.parse::<i64>().unwrap() as f64, "{place}");
                }
                (value, _) => {
                    let number = number(cell).unwrap_or_else(|| panic!("{place}: {cell:?}"));
                    assert_eq!(format!("{number:.2}"), value, "{place}");
                }
            }
        }
    }
}

fn cells(names: &str) -> Vec<String> {
    names.split_whitespace().map(str::to_string).collect()
}

#[test]
fn the_workbook_holds_every_published_table_as_its_csv_with_hidden_cells_noted() {
    let fixture = Fixture::copy("hostile");
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let workbook = Workbook::open(&outcome.output.join("data/data-2026-04-15.xlsx"));
    let tables = column_types(&outcome.file("data/datapackage.json"));
    let mut sheets = vec!["README".to_string()];
    sheets.extend(tables.iter().map(|(name, _)| name.clone()));
    assert_eq!(workbook.sheet_names(), sheets);
    for (name, types) in &tables {
        assert_sheet_is_csv(
            &workbook,
            name,
            &outcome.file(&format!("data/{name}.csv")),
            types,
        );
    }

    // Hidden cells, by hand from the CSV files: every number of a hidden
    // row, and nothing else (11.03 has no estimate of eligible workers).
    let noted = |sheet: &str| -> Vec<String> {
        workbook
            .notes(sheet)
            .into_iter()
            .map(|(cell, _)| cell)
            .collect()
    };
    assert_eq!(noted("coverage_by_sector"), cells("C2 D2 E2 C3 D3 E3"));
    assert_eq!(noted("coverage_by_district"), cells("C3 D3 E3 C4 D4 E4"));
    assert_eq!(noted("coverage_rate_by_district"), cells("D3 E3 D4 E4"));
    assert_eq!(
        noted("claims_by_sector"),
        cells("D2 E2 D3 E3 D5 E5 D6 E6 D7 E7")
    );
    assert_eq!(
        noted("claims_by_district"),
        cells("D2 E2 D3 E3 D4 E4 D5 E5 D7 E7")
    );
    for sheet in [
        "coverage_by_month",
        "budget_by_month",
        "claims_by_month",
        "revisions",
    ] {
        assert_eq!(noted(sheet), Vec::<String>::new(), "{sheet}");
    }
    assert_eq!(
        workbook.notes("coverage_by_sector")[0].1,
        "Disembunyikan untuk melindungi privasi (ambang 3 orang). Aturannya ada di lembar README."
    );

    // A name that starts like a formula is a string with Excel's quote prefix.
    let sector_sheet = workbook.part("xl/worksheets/sheet3.xml");
    assert!(sector_sheet.contains(
        "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
    ));
    assert!(sector_sheet.contains("<autoFilter ref=\"A1:E4\"/>"));
    assert!(!sector_sheet.contains("<f>"), "no formula anywhere");
    assert_eq!(workbook.quoted_cells("coverage_by_sector"), cells("B3"));
    assert_eq!(
        text(&workbook.cells("coverage_by_sector")[2][1]),
        Some("=HYPERLINK(\"http://x\")")
    );
}

#[test]
fn numbers_carry_rupiah_count_and_percent_formats_and_the_readme_explains_the_sheets() {
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    let workbook = Workbook::open(&outcome.output.join("data/data-2026-04-15.xlsx"));
    let formats = workbook.cell_formats("budget_by_month");
    assert_eq!(formats["B2"], "#,##0", "members billed");
    assert_eq!(formats["C2"], "\"Rp\"#,##0", "amount");
    assert_eq!(formats["D2"], "\"Rp\"#,##0", "cumulative amount");
    assert_eq!(formats["E2"], "0.00\"%\"", "cumulative percent");
    assert!(!formats.contains_key("A2"), "a month is text as written");
    assert_eq!(
        text(&workbook.cells("budget_by_month")[1][0]),
        Some("2026-01")
    );

    let readme: Vec<Vec<String>> = workbook
        .cells("README")
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| text(cell).unwrap_or_default().to_string())
                .collect()
        })
        .collect();
    let first_column: Vec<&str> = readme.iter().map(|row| row[0].as_str()).collect();
    assert!(
        first_column[0].starts_with("Data terbuka: "),
        "{first_column:?}"
    );
    assert!(first_column.contains(&"Lisensi: belum dinyatakan oleh penerbit."));
    assert!(
        first_column
            .iter()
            .any(|line| line.starts_with("Kutip sebagai: "))
    );
    assert!(first_column.iter().any(|line| line.starts_with(
        "Ambang batas privasi situs ini adalah 3: setiap baris tabel rincian yang memuat antara 1 dan 2 orang disembunyikan."
    )));
    assert!(
        readme
            .iter()
            .any(|row| row[..3] == ["coverage_by_sector", "Cakupan menurut sektor", "3"])
    );
    assert!(readme.iter().any(|row| row[..4]
        == [
            "coverage_by_sector",
            "members_current",
            "bilangan bulat",
            "Peserta saat ini"
        ]));
}

#[test]
fn the_workbooks_depend_on_the_data_alone_and_are_listed_where_the_data_are() {
    let fixture = Fixture::tiny();
    let build = |epoch: &str| {
        let result = jaring()
            .args(["build", "--root"])
            .arg(fixture.root())
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .unwrap();
        assert_eq!(result.status.code(), Some(0));
        tree(&fixture.root().join("output"))
            .into_iter()
            .filter(|(path, _)| path.ends_with(".xlsx"))
            .collect::<BTreeMap<_, _>>()
    };
    let first = build("1767225600");
    let second = build("1777714205");
    assert_eq!(first.len(), 1 + CHART_IDS.len());
    assert_eq!(
        first, second,
        "the same data give the same bytes, whenever built"
    );
    let workbook = Workbook::open(&fixture.root().join("output/data/data-2026-04-15.xlsx"));
    assert!(
        workbook.part("docProps/core.xml").contains(
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-04-15T00:00:00Z</dcterms:created>"
        ),
        "dated as_of"
    );

    let output = fixture.root().join("output");
    let data_page = fs::read_to_string(output.join("data/index.html")).unwrap();
    assert!(
        data_page.contains("<a href=\"../data/data-2026-04-15.xlsx\">data-2026-04-15.xlsx</a>")
    );
    let package: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(output.join("data/datapackage.json")).unwrap())
            .unwrap();
    assert_eq!(package["profile"], "data-package");
    assert_eq!(
        package["resources"].as_array().unwrap().last().unwrap(),
        &serde_json::json!({
            "name": "workbook",
            "path": "data-2026-04-15.xlsx",
            "title": "Semua tabel dalam satu buku kerja Excel, satu lembar per tabel",
            "profile": "data-resource",
            "type": "file",
            "format": "xlsx",
            "mediatype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        })
    );
    let archive = fs::File::open(output.join("data/data-2026-04-15.zip")).unwrap();
    let archive = zip::ZipArchive::new(archive).unwrap();
    assert!(
        archive
            .file_names()
            .any(|name| name.is_ok_and(|name| name == "data-2026-04-15/data-2026-04-15.xlsx"))
    );
}

#[test]
fn every_chart_offers_its_data_as_a_workbook_equal_to_its_csv() {
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    let tables: BTreeMap<String, BTreeMap<String, String>> =
        column_types(&outcome.file("data/datapackage.json"))
            .into_iter()
            .collect();
    for id in CHART_IDS {
        let workbook = Workbook::open(&outcome.output.join(format!("grafik/{id}/{id}.xlsx")));
        assert_eq!(workbook.sheet_names(), ["README", id]);
        assert_sheet_is_csv(
            &workbook,
            id,
            &outcome.file(&format!("grafik/{id}/{id}.csv")),
            &tables[id],
        );
        let page = outcome.file(&format!("grafik/{id}/index.html"));
        assert!(
            page.contains(&format!("<a href=\"../../grafik/{id}/{id}.xlsx\">")),
            "{id}"
        );
    }
}

#[test]
fn a_correction_publishes_its_workbook_under_its_own_name() {
    let fixture = Fixture::tiny();
    assert_eq!(release(&fixture, &[], None).status, 0);
    revise_march(&fixture);
    let outcome = fixture.build();
    assert!(
        outcome
            .output
            .join("data/data-2026-04-15-r2.xlsx")
            .is_file(),
        "{}",
        outcome.stderr
    );
    assert!(!outcome.output.join("data/data-2026-04-15.xlsx").exists());
    assert!(
        outcome
            .output
            .join("data/rilis/2026-04-15/data-2026-04-15.xlsx")
            .is_file()
    );
    assert!(outcome.file("rilis/index.html").contains(
        "<li>Semua tabel dalam satu buku kerja Excel: <a href=\"../data/rilis/2026-04-15/data-2026-04-15.xlsx\">data-2026-04-15.xlsx</a></li>"
    ));
    let corrected = release(&fixture, &["--correction", "March"], Some(EPOCH));
    assert_eq!(corrected.status, 0, "{}", corrected.stderr);
    assert_eq!(
        fs::read(
            fixture
                .root()
                .join("releases/2026-04-15-r2/data-2026-04-15-r2.xlsx")
        )
        .unwrap(),
        fs::read(outcome.output.join("data/data-2026-04-15-r2.xlsx")).unwrap(),
        "the workbook recorded is the one the build published"
    );
}
