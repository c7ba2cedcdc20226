//! The published tables as a spreadsheet, for readers who work in Excel:
//! `data/data-<release>.xlsx` with a sheet per table, and each chart's
//! data as `grafik/ID/ID.xlsx`. Each sheet has its CSV's columns and
//! values: numbers as numbers (Rupiah and percentages only formatted for
//! display), hidden cells empty with a note saying why, the header frozen
//! and filters on. A README sheet comes first: what the sheets hold, the
//! licence, how to cite, the privacy rule and the data dictionary, in
//! every language of the site.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::data::{Cell, DataTable, Kind};
use super::workbook::{self, Formats, Readme};
use crate::load::releases::ReleaseId;
use crate::model::Model;
use crate::render::{OutputFile, SiteLanguage};

/// The workbook's path: beside the archive, named by the release its data
/// are (or will be recorded as), as `jaring release` names it.
pub fn data_workbook_path(release: ReleaseId) -> String {
    format!("data/data-{release}.xlsx")
}

/// `data/data-<release>.xlsx`: every published table, a sheet each.
pub fn data_workbook(
    model: &Model,
    tables: &[DataTable],
    release: ReleaseId,
    languages: &[SiteLanguage],
) -> Result<OutputFile, XlsxError> {
    let bytes = tables_workbook(model, tables, languages, |language| {
        language.strings.get("xlsx.intro").to_string()
    })?;
    Ok(OutputFile {
        path: data_workbook_path(release),
        bytes,
    })
}

/// A chart's data as a workbook: the charted columns of `table` (the
/// published table `data/NAME.csv`), with the same README.
pub fn chart_workbook(
    model: &Model,
    table: &DataTable,
    languages: &[SiteLanguage],
) -> Result<Vec<u8>, XlsxError> {
    let file = format!("data/{}.csv", table.name());
    tables_workbook(model, std::slice::from_ref(table), languages, |language| {
        language
            .strings
            .fill("xlsx.chart_intro", &[("file", &file)])
    })
}

fn tables_workbook(
    model: &Model,
    tables: &[DataTable],
    languages: &[SiteLanguage],
    intro: impl Fn(&SiteLanguage) -> String,
) -> Result<Vec<u8>, XlsxError> {
    let program = &model.program;
    let primary = &languages[0].strings;
    let mut book = workbook::new_workbook(
        &primary.fill("zip.readme_title", &[("program", &program.name)]),
        &program.administrator,
        program.as_of,
    );
    let formats = Formats::default();
    readme(model, tables, languages, intro).write(&mut book, &formats)?;
    let note = suppressed_note(model, languages);
    for table in tables {
        table_sheet(&mut book, table, &formats, &note)?;
    }
    workbook::save(&mut book)
}

/// The note of a hidden cell, in every language of the site. The same for
/// every hidden cell: saying which rows are small and which were hidden
/// with them would give the small ones away.
fn suppressed_note(model: &Model, languages: &[SiteLanguage]) -> String {
    let min_cell = model.config.min_cell.to_string();
    languages
        .iter()
        .map(|language| {
            language
                .strings
                .fill("xlsx.suppressed_note", &[("min_cell", &min_cell)])
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn table_sheet(
    book: &mut Workbook,
    table: &DataTable,
    formats: &Formats,
    suppressed_note: &str,
) -> Result<(), XlsxError> {
    let sheet = workbook::add_sheet(book, table.name())?;
    for (column, def) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, def.name, &formats.header)?;
    }
    let note = workbook::note(suppressed_note);
    for (index, row) in table.rows.iter().enumerate() {
        let row_number = index as u32 + 1;
        for (column, (def, cell)) in table.columns.iter().zip(row).enumerate() {
            let column = column as u16;
            let number_format = match def.kind {
                Kind::Money => &formats.money,
                Kind::Percent => &formats.percent,
                Kind::String | Kind::Integer => &formats.count,
            };
            match cell {
                Cell::Text(text) => {
                    workbook::write_text(sheet, row_number, column, text, None, formats)?;
                }
                Cell::Integer(value) => {
                    // Whole Rupiah and counts stay far below 2^53: exact as a number.
                    sheet.write_number_with_format(
                        row_number,
                        column,
                        *value as f64,
                        number_format,
                    )?;
                }
                Cell::Percent(percent) => {
                    sheet.write_number_with_format(
                        row_number,
                        column,
                        percent.hundredths() as f64 / 100.0,
                        number_format,
                    )?;
                }
                Cell::Suppressed => {
                    sheet.insert_note(row_number, column, &note)?;
                }
                Cell::Null => {}
            }
        }
    }
    for (column, def) in table.columns.iter().enumerate() {
        let widest = table
            .rows
            .iter()
            .map(|row| match &row[column] {
                Cell::Text(text) => text.chars().count(),
                Cell::Integer(value) => value.to_string().len() + value.to_string().len() / 3 + 2,
                Cell::Percent(_) => 7,
                Cell::Suppressed | Cell::Null => 0,
            })
            .chain([def.name.len()])
            .max()
            .unwrap_or(0);
        sheet.set_column_width(column as u16, workbook::column_width(widest))?;
    }
    let last_column = table.columns.len().saturating_sub(1) as u16;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, table.rows.len() as u32, last_column)?;
    Ok(())
}

fn readme(
    model: &Model,
    tables: &[DataTable],
    languages: &[SiteLanguage],
    intro: impl Fn(&SiteLanguage) -> String,
) -> Readme {
    let program = &model.program;
    let min_cell = model.config.min_cell;
    let mut readme = Readme::default();
    for (index, language) in languages.iter().enumerate() {
        let (t, locale) = (&language.strings, &language.locale);
        if index > 0 {
            readme.blank().blank();
        }
        readme
            .title(t.fill("zip.readme_title", &[("program", &program.name)]))
            .paragraph(intro(language))
            .paragraph(match &model.config.license {
                Some(license) => t.fill("zip.licence", &[("license", license)]),
                None => t.get("zip.licence_missing").to_string(),
            })
            .paragraph(t.fill(
                "zip.cite",
                &[
                    ("administrator", &program.administrator),
                    ("program", &program.name),
                    ("date", &locale.date(program.as_of)),
                ],
            ))
            .blank()
            .heading(t.get("xlsx.sheets_heading"))
            .header(vec![
                t.get("xlsx.sheet").to_string(),
                t.get("xlsx.contents").to_string(),
                t.get("data.rows").to_string(),
            ]);
        for table in tables {
            readme.row(vec![
                table.name().to_string(),
                t.get(&format!("files.{}.title", table.name())).to_string(),
                locale.count(table.rows.len() as u64),
            ]);
        }
        readme
            .blank()
            .heading(t.get("methodology.privacy_heading"))
            .paragraph(t.fill(
                "methodology.privacy_intro",
                &[
                    ("min_cell", &min_cell.to_string()),
                    ("min_cell_minus_one", &(min_cell - 1).to_string()),
                ],
            ))
            .paragraph(t.get("xlsx.suppressed_cells"))
            .blank()
            .heading(t.get("zip.dictionary"))
            .header(vec![
                t.get("xlsx.sheet").to_string(),
                t.get("data.column").to_string(),
                t.get("data.type").to_string(),
                t.get("data.meaning").to_string(),
                t.get("data.definition").to_string(),
            ]);
        for table in tables {
            for column in &table.columns {
                readme.row(vec![
                    table.name().to_string(),
                    column.name.to_string(),
                    t.get(column.kind.type_key()).to_string(),
                    t.column(table.name(), column.name, "meaning").to_string(),
                    t.column(table.name(), column.name, "definition")
                        .to_string(),
                ]);
            }
        }
    }
    readme
}
