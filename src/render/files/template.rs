//! `jaring-template.xlsx`: the workbook an officer fills in instead of
//! writing CSV files. A README sheet, then a sheet per input table of the
//! contract ([`INPUT_TABLES`]) with its columns as headers, each header
//! with a note (meaning, format, example, in every language jaring
//! writes), ids, codes and months formatted as Text, and drop-down lists
//! where the contract allows only some values: sector and district codes
//! (from the `code` column of their sheets, growing as rows are added),
//! gender, age band, benefit and claim status.
//!
//! [`template`] with an empty `data` is the blank template; with the tables
//! of a data folder ([`crate::load::raw_tables`]) it is that data as one
//! workbook, each value typed as its column's kind (see [`write_value`]).

use rust_xlsxwriter::{DataValidation, ExcelDateTime, Formula, Workbook, Worksheet, XlsxError};

use super::workbook::{self, Formats, Readme};
use crate::calendar::Date;
use crate::load::raw_tables::RawTable;
use crate::load::schema::{INPUT_TABLES, InputColumn, InputTable, ValueKind};
use crate::render::strings::Strings;

/// The template's file name.
pub const TEMPLATE_FILE: &str = "jaring-template.xlsx";

/// A worksheet's last row (0-based): drop-down lists cover every row.
const LAST_ROW: u32 = 1_048_575;

/// The template, dated `created`, filled with `data` (a table missing from
/// it, or all of them, leaves its sheet with the headers only). A column
/// of the data the contract does not define comes after the contract's,
/// as text, so the loaders judge it as they would in its CSV file.
pub fn template(data: &[RawTable], created: Date) -> Result<Vec<u8>, XlsxError> {
    let languages: Vec<Strings> = crate::language::LANGUAGES
        .iter()
        .filter_map(|language| Strings::of(language.code))
        .collect();
    let mut book = workbook::new_workbook(languages[0].get("template.title"), "jaring", created);
    let formats = Formats::default();
    readme(&languages).write(&mut book, &formats)?;
    for table in &INPUT_TABLES {
        define_code_list(&mut book, table)?;
    }
    for table in &INPUT_TABLES {
        let rows = data.iter().find(|raw| raw.name == table.name);
        table_sheet(&mut book, table, rows, &languages, &formats)?;
    }
    workbook::save(&mut book)
}

/// The name of the list of a code table's codes (`sectors_codes`): its
/// `code` column from row 2 down to the last filled row.
fn code_list_name(table: &str) -> String {
    format!("{table}_codes")
}

fn define_code_list(book: &mut Workbook, table: &InputTable) -> Result<(), XlsxError> {
    let Some(column) = table
        .columns
        .iter()
        .position(|column| column.kind == ValueKind::Code)
    else {
        return Ok(());
    };
    let letter = column_letter(column);
    let sheet = table.name;
    book.define_name(
        code_list_name(sheet),
        &format!("=OFFSET({sheet}!${letter}$2,0,0,MAX(1,COUNTA({sheet}!${letter}:${letter})-1),1)"),
    )?;
    Ok(())
}

/// A column's letters (0 is A, 26 is AA).
fn column_letter(index: usize) -> String {
    let mut letters = Vec::new();
    let mut rest = index + 1;
    while rest > 0 {
        letters.push(b'A' + ((rest - 1) % 26) as u8);
        rest = (rest - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

fn table_sheet(
    book: &mut Workbook,
    table: &InputTable,
    data: Option<&RawTable>,
    languages: &[Strings],
    formats: &Formats,
) -> Result<(), XlsxError> {
    let extra: Vec<&str> = data.map_or_else(Vec::new, |raw| {
        raw.header
            .iter()
            .map(String::as_str)
            .filter(|name| table.column(name).is_none())
            .collect()
    });
    let sheet = workbook::add_sheet(book, table.name)?;
    for (index, column) in table.columns.iter().enumerate() {
        let index = index as u16;
        sheet.write_string_with_format(0, index, column.name, &formats.header)?;
        let note = column_note(table, column, languages);
        sheet.insert_note(0, index, &workbook::note(&note).set_height(300))?;
        let width = column.name.len().max(column.example.len()).max(10);
        sheet.set_column_width(index, workbook::column_width(width))?;
        match column.kind {
            ValueKind::Date => sheet.set_column_format(index, &formats.date)?,
            ValueKind::Count => sheet.set_column_format(index, &formats.count)?,
            ValueKind::Money => sheet.set_column_format(index, &formats.money)?,
            _ => sheet.set_column_format(index, &formats.text_column)?,
        };
        if let Some(validation) = validation(column)? {
            sheet.add_data_validation(1, index, LAST_ROW, index, &validation)?;
        }
    }
    let first_extra = table.columns.len();
    for (offset, name) in extra.iter().enumerate() {
        let index = (first_extra + offset) as u16;
        workbook::write_text(sheet, 0, index, name, Some(&formats.header), formats)?;
        sheet.set_column_width(index, workbook::column_width(name.chars().count()))?;
    }
    if let Some(raw) = data {
        fill(sheet, table, raw, &extra, formats)?;
    }
    let rows = data.map_or(0, |raw| raw.rows.len()) as u32;
    let last_column = (table.columns.len() + extra.len() - 1) as u16;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows, last_column)?;
    Ok(())
}

/// The drop-down list of a column that allows only some values.
fn validation(column: &InputColumn) -> Result<Option<DataValidation>, XlsxError> {
    Ok(match column.kind {
        ValueKind::CodeOf(table) => Some(
            DataValidation::new()
                .allow_list_formula(Formula::new(format!("={}", code_list_name(table)))),
        ),
        ValueKind::OneOf(values) => Some(DataValidation::new().allow_list_strings(values)?),
        _ => None,
    })
}

/// The rows of `raw` under the template's columns: the contract's, then
/// `extra`.
fn fill(
    sheet: &mut Worksheet,
    table: &InputTable,
    raw: &RawTable,
    extra: &[&str],
    formats: &Formats,
) -> Result<(), XlsxError> {
    let columns = table
        .columns
        .iter()
        .map(|column| (column.name, Some(column.kind)))
        .chain(extra.iter().map(|name| (*name, None)));
    for (index, (name, kind)) in columns.enumerate() {
        let Some(cells) = raw.column(name) else {
            continue;
        };
        for (row, value) in cells.enumerate() {
            write_value(sheet, row as u32 + 1, index as u16, value, kind, formats)?;
        }
    }
    Ok(())
}

/// A value of a data file as its column's kind holds it in a spreadsheet:
/// a count or Rupiah that is a whole number as a number, a `YYYY-MM-DD`
/// date as a date, everything else (ids, codes, months, text, and any
/// value the loaders will refuse) as the text it was, so the loaders judge
/// the workbook as they would the file. Empty values stay empty cells.
fn write_value(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    value: &str,
    kind: Option<ValueKind>,
    formats: &Formats,
) -> Result<(), XlsxError> {
    if value.is_empty() {
        return Ok(());
    }
    let trimmed = value.trim();
    match kind {
        Some(ValueKind::Count | ValueKind::Money) => {
            if let Some(number) = exact_number(trimmed) {
                let format = if kind == Some(ValueKind::Money) {
                    &formats.money
                } else {
                    &formats.count
                };
                sheet.write_number_with_format(row, column, number, format)?;
                return Ok(());
            }
        }
        Some(ValueKind::Date) => {
            if let Some(date) = Date::parse(trimmed).and_then(excel_date) {
                sheet.write_date_with_format(row, column, &date, &formats.date)?;
                return Ok(());
            }
        }
        _ => {}
    }
    workbook::write_text(
        sheet,
        row,
        column,
        value,
        Some(&formats.text_column),
        formats,
    )
}

/// Digits only (an optional minus), within what a spreadsheet's numbers
/// hold exactly (2^53): anything else stays text.
fn exact_number(text: &str) -> Option<f64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number: i64 = text.parse().ok()?;
    (number.unsigned_abs() < 1 << 53).then_some(number as f64)
}

fn excel_date(date: Date) -> Option<ExcelDateTime> {
    let (year, month, day) = date.parts();
    ExcelDateTime::from_ymd(u16::try_from(year).ok()?, month as u8, day as u8).ok()
}

/// What a column's header note says, in every language.
fn column_note(table: &InputTable, column: &InputColumn, languages: &[Strings]) -> String {
    languages
        .iter()
        .map(|t| {
            let required = t.get(if column.required {
                "template.required"
            } else {
                "template.optional"
            });
            format!(
                "{}\n{}\n{}: {}\n{}: {}",
                t.fill(
                    "template.note_title",
                    &[("column", column.name), ("required", required)]
                ),
                t.get(&format!("input.{}.{}.meaning", table.name, column.name)),
                t.get("template.format"),
                format_of(column.kind, t),
                t.get("template.example"),
                column.example
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The format a column's values take, in words.
fn format_of(kind: ValueKind, t: &Strings) -> String {
    match kind {
        ValueKind::Pseudonym => t.get("template.format_pseudonym").to_string(),
        ValueKind::Code => t.get("template.format_code").to_string(),
        ValueKind::CodeOf(sheet) => t.fill("template.format_code_of", &[("sheet", sheet)]),
        ValueKind::OneOf(values) => {
            t.fill("template.format_one_of", &[("values", &values.join(", "))])
        }
        ValueKind::Text => t.get("template.format_text").to_string(),
        ValueKind::Month => t.get("template.format_month").to_string(),
        ValueKind::Date => t.get("template.format_date").to_string(),
        ValueKind::Count => t.get("template.format_count").to_string(),
        ValueKind::Money => t.get("template.format_money").to_string(),
    }
}

fn readme(languages: &[Strings]) -> Readme {
    let mut readme = Readme::default();
    for (index, t) in languages.iter().enumerate() {
        if index > 0 {
            readme.blank().blank();
        }
        readme
            .title(t.get("template.title"))
            .paragraph(t.get("template.intro"))
            .paragraph(t.get("template.how_to_use"))
            .paragraph(t.get("template.no_personal_data"))
            .paragraph(t.get("template.text_columns"))
            .blank()
            .heading(t.get("xlsx.sheets_heading"))
            .header(vec![
                t.get("xlsx.sheet").to_string(),
                t.get("xlsx.contents").to_string(),
            ]);
        for table in &INPUT_TABLES {
            readme.row(vec![
                table.name.to_string(),
                t.get(&format!("input.{}.title", table.name)).to_string(),
            ]);
        }
        readme
            .blank()
            .heading(t.get("template.columns_heading"))
            .header(
                [
                    "xlsx.sheet",
                    "data.column",
                    "template.required_heading",
                    "data.meaning",
                    "template.format",
                    "template.example",
                ]
                .map(|key| t.get(key).to_string())
                .to_vec(),
            );
        for table in &INPUT_TABLES {
            for column in table.columns {
                readme.row(vec![
                    table.name.to_string(),
                    column.name.to_string(),
                    t.get(if column.required {
                        "template.required"
                    } else {
                        "template.optional"
                    })
                    .to_string(),
                    t.get(&format!("input.{}.{}.meaning", table.name, column.name))
                        .to_string(),
                    format_of(column.kind, t),
                    column.example.to_string(),
                ]);
            }
        }
    }
    readme
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_a_spreadsheet_does() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }

    #[test]
    fn only_whole_numbers_a_spreadsheet_holds_exactly_become_numbers() {
        assert_eq!(exact_number("16200"), Some(16200.0));
        assert_eq!(exact_number("-5"), Some(-5.0));
        for text in [
            "16.200",
            "Rp16200",
            "1e3",
            "",
            "-",
            "9007199254740993",
            "+5",
        ] {
            assert_eq!(exact_number(text), None, "{text}");
        }
    }

    #[test]
    fn every_input_column_has_its_meaning_in_every_language() {
        for language in crate::language::LANGUAGES {
            let t = Strings::of(language.code).unwrap();
            for table in &INPUT_TABLES {
                assert!(t.has(&format!("input.{}.title", table.name)));
                for column in table.columns {
                    let key = format!("input.{}.{}.meaning", table.name, column.name);
                    assert!(t.has(&key), "{}: {key}", language.code);
                }
            }
        }
    }
}
