//! What every spreadsheet jaring writes shares (the published data
//! workbook, each chart's, and the officers' template): the same input
//! gives the same bytes, text is never a formula, and a README sheet
//! explains the rest.
//!
//! Reproducible: rust_xlsxwriter dates every part of the archive 1980-01-01
//! and takes the document's creation date from us (never the clock).
//! Escaped: every text is written as a string cell, never a formula, and a
//! text a spreadsheet would run when edited (`=`, `+`, `-`, `@`) carries
//! Excel's quote prefix, the cell-format twin of the CSV's leading `'`.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Note, Workbook, Worksheet,
    XlsxError,
};

use crate::calendar::Date;

/// The first sheet of every workbook: what the others hold.
pub const README_SHEET: &str = "README";

/// The application and note author the workbooks name.
const AUTHOR: &str = "jaring";

/// A workbook dated `created` (midnight, UTC), with its title and author.
pub fn new_workbook(title: &str, author: &str, created: Date) -> Workbook {
    let (year, month, day) = created.parts();
    let date = u16::try_from(year)
        .ok()
        .and_then(|year| ExcelDateTime::from_ymd(year, month as u8, day as u8).ok())
        .or_else(|| ExcelDateTime::from_ymd(1980, 1, 1).ok())
        .expect("1980-01-01 is a valid date");
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author(author)
            .set_creation_datetime(&date),
    );
    workbook
}

/// Adds a sheet named `name`, whose notes are jaring's.
pub fn add_sheet<'a>(book: &'a mut Workbook, name: &str) -> Result<&'a mut Worksheet, XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name(name)?;
    sheet.set_default_note_author(AUTHOR);
    Ok(sheet)
}

/// The cell formats the workbooks use.
pub struct Formats {
    pub title: Format,
    pub heading: Format,
    pub header: Format,
    /// Wrapped text at the top of its cell: paragraphs and table cells.
    pub wrapped: Format,
    /// Text a spreadsheet would take for a formula: written with Excel's
    /// quote prefix.
    quoted: Format,
    /// A column kept as text (ids, codes, months): `@`.
    pub text_column: Format,
    pub count: Format,
    pub money: Format,
    /// A percentage written as in the CSV (83.33), shown with a `%`.
    pub percent: Format,
    pub date: Format,
}

impl Default for Formats {
    fn default() -> Formats {
        let top = Format::new().set_align(FormatAlign::Top);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            heading: Format::new().set_bold().set_font_size(12),
            header: Format::new()
                .set_bold()
                .set_align(FormatAlign::Top)
                .set_text_wrap()
                .set_border_bottom(FormatBorder::Thin),
            wrapped: top.set_text_wrap(),
            quoted: Format::new().set_quote_prefix(),
            text_column: Format::new().set_num_format("@"),
            count: Format::new().set_num_format("#,##0"),
            money: Format::new().set_num_format("\"Rp\"#,##0"),
            percent: Format::new().set_num_format("0.00\"%\""),
            date: Format::new().set_num_format("yyyy-mm-dd"),
        }
    }
}

/// Whether a spreadsheet would run `text` as a formula when its cell is
/// edited (the characters OWASP lists for CSV injection).
fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Writes `text` as a string cell (never a formula), in `format` unless it
/// starts like a formula: then with the quote prefix that keeps it text.
pub fn write_text(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    text: &str,
    format: Option<&Format>,
    formats: &Formats,
) -> Result<(), XlsxError> {
    if looks_like_formula(text) {
        let quoted =
            format.map_or_else(|| formats.quoted.clone(), |f| f.clone().set_quote_prefix());
        sheet.write_string_with_format(row, column, text, &quoted)?;
    } else if let Some(format) = format {
        sheet.write_string_with_format(row, column, text, format)?;
    } else {
        sheet.write_string(row, column, text)?;
    }
    Ok(())
}

/// A cell note of jaring's, wide enough to read without resizing.
pub fn note(text: &str) -> Note {
    Note::new(text)
        .set_author(AUTHOR)
        .add_author_prefix(false)
        .set_width(320)
        .set_height(160)
}

/// The width of a column holding `widest` characters, within reason.
pub fn column_width(widest: usize) -> f64 {
    (widest as f64 + 2.0).clamp(8.0, 60.0)
}

/// A README sheet's lines, written one under another in two columns'
/// width: a title, headings, paragraphs and small tables.
#[derive(Default)]
pub struct Readme {
    lines: Vec<ReadmeLine>,
}

enum ReadmeLine {
    Title(String),
    Heading(String),
    Paragraph(String),
    Blank,
    /// A table's header row, then its rows.
    Header(Vec<String>),
    Row(Vec<String>),
}

/// How wide the README's columns are: a table's first columns are names,
/// the last ones sentences. Paragraphs span the first column's width and
/// wrap within the sheet's first five columns' width.
const README_WIDTHS: [f64; 6] = [28.0, 24.0, 14.0, 36.0, 60.0, 24.0];

impl Readme {
    pub fn title(&mut self, text: impl Into<String>) -> &mut Readme {
        self.lines.push(ReadmeLine::Title(text.into()));
        self
    }

    pub fn heading(&mut self, text: impl Into<String>) -> &mut Readme {
        self.lines.push(ReadmeLine::Heading(text.into()));
        self
    }

    pub fn paragraph(&mut self, text: impl Into<String>) -> &mut Readme {
        self.lines.push(ReadmeLine::Paragraph(text.into()));
        self
    }

    pub fn blank(&mut self) -> &mut Readme {
        self.lines.push(ReadmeLine::Blank);
        self
    }

    pub fn header(&mut self, cells: Vec<String>) -> &mut Readme {
        self.lines.push(ReadmeLine::Header(cells));
        self
    }

    pub fn row(&mut self, cells: Vec<String>) -> &mut Readme {
        self.lines.push(ReadmeLine::Row(cells));
        self
    }

    /// Adds the README as the workbook's next sheet.
    pub fn write(&self, workbook: &mut Workbook, formats: &Formats) -> Result<(), XlsxError> {
        let sheet = add_sheet(workbook, README_SHEET)?;
        for (column, width) in README_WIDTHS.iter().enumerate() {
            sheet.set_column_width(column as u16, *width)?;
        }
        // A paragraph is a cell merged across the table's width, so that it
        // wraps there instead of running over empty cells.
        let last_column = README_WIDTHS.len() as u16 - 2;
        for (row, line) in self.lines.iter().enumerate() {
            let row = row as u32;
            match line {
                ReadmeLine::Title(text) => {
                    write_text(sheet, row, 0, text, Some(&formats.title), formats)?;
                }
                ReadmeLine::Heading(text) => {
                    write_text(sheet, row, 0, text, Some(&formats.heading), formats)?;
                }
                ReadmeLine::Paragraph(text) => {
                    let format = if looks_like_formula(text) {
                        formats.wrapped.clone().set_quote_prefix()
                    } else {
                        formats.wrapped.clone()
                    };
                    sheet.merge_range(row, 0, row, last_column, text, &format)?;
                    sheet.set_row_height(row, paragraph_height(text))?;
                }
                ReadmeLine::Blank => {}
                ReadmeLine::Header(cells) | ReadmeLine::Row(cells) => {
                    let format = match line {
                        ReadmeLine::Header(_) => &formats.header,
                        _ => &formats.wrapped,
                    };
                    for (column, text) in cells.iter().enumerate() {
                        write_text(sheet, row, column as u16, text, Some(format), formats)?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// The height in points of a paragraph wrapped across the README's width:
/// a spreadsheet does not grow a merged cell's row to fit its text.
fn paragraph_height(text: &str) -> f64 {
    let width: f64 = README_WIDTHS[..README_WIDTHS.len() - 1].iter().sum();
    let lines = text
        .split('\n')
        .map(|line| (line.chars().count() as f64 / width).ceil().max(1.0))
        .sum::<f64>();
    15.0 * lines
}

/// The workbook's bytes.
pub fn save(workbook: &mut Workbook) -> Result<Vec<u8>, XlsxError> {
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_text_is_recognised_and_plain_text_is_not() {
        for text in ["=HYPERLINK(\"x\")", "+62", "-1", "@SUM(A1)", "\tx"] {
            assert!(looks_like_formula(text), "{text}");
        }
        for text in ["Buruh tani", "36.02.01", "", "a=b"] {
            assert!(!looks_like_formula(text), "{text}");
        }
    }

    #[test]
    fn the_same_workbook_gives_the_same_bytes() {
        let made = || {
            let mut workbook = new_workbook("t", "a", Date::from_parts(2026, 10, 31).unwrap());
            let formats = Formats::default();
            Readme::default()
                .title("Judul")
                .paragraph("=1+1 is text")
                .write(&mut workbook, &formats)
                .unwrap();
            save(&mut workbook).unwrap()
        };
        assert_eq!(made(), made());
    }
}
