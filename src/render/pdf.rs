//! The annual report as an A4 PDF, typeset by Typst used as a library: the
//! Typst source comes from the `laporan.typ` template (rendered like the
//! pages, from the same views), charts come in as the same SVGs, and the
//! fonts are the bundled DejaVu Sans, embedded in the PDF. Nothing is read
//! from the machine, so the same input gives the same bytes.
//!
//! Also each language's [`ReportJob`] for the typesetting thread, made from
//! the build cache when it holds a PDF of the same inputs. Imports the
//! figures (their charts) and the cache.

use std::collections::BTreeMap;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use plotters::style::FontStyle;

use super::cache::Cache;
use super::charts::set_width;
use super::figures::Figure;
use super::{OutputFile, RenderContext};
use crate::calendar::Date;
use crate::diag::{Diagnostic, Diagnostics, Place};

const FONTS: [&[u8]; 3] = [
    include_bytes!("fonts/DejaVuSans.ttf"),
    include_bytes!("fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("fonts/DejaVuSans-Oblique.ttf"),
];

/// Everything Typst may read: the report's source, the chart images, the fonts.
struct ReportWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    files: BTreeMap<String, Bytes>,
    today: Datetime,
}

fn file_id(path: &str) -> Option<FileId> {
    let path = VirtualPath::new(format!("/{path}")).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, path).intern())
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().get_without_slash().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let path = id.vpath().get_without_slash();
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| FileError::NotFound(path.into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// What becomes of the layouts Typst memoizes in a global cache once a
/// report is laid out. Nothing of one report's is wanted by the next, which
/// differs in every text: freeing them before the PDF is written keeps the
/// peak memory down, but takes time (30 ms for a report of 500 districts)
/// that the build's last report need not spend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layouts {
    Freed,
    /// Left for the next report to free; its own layouts are then freed.
    Kept,
}

/// Typesets `source` (Typst markup) into a PDF. `files` are the images it
/// refers to by path; `date` dates the document; `ident` names it stably.
pub fn pdf(
    source: &str,
    files: Vec<(String, Vec<u8>)>,
    date: Date,
    ident: &str,
    layouts: Layouts,
) -> Result<Vec<u8>, String> {
    let fonts: Vec<Font> = FONTS
        .iter()
        .filter_map(|data| Font::new(Bytes::new(*data), 0))
        .collect();
    let (year, month, day) = date.parts();
    let today = Datetime::from_ymd(year as i32, month as u8, day as u8)
        .ok_or("the build date is not a valid date")?;
    let main_id = file_id("laporan.typ").ok_or("cannot name the report's source")?;
    let world = ReportWorld {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
        main: Source::new(main_id, source.to_string()),
        files: files
            .into_iter()
            .map(|(path, bytes)| (path, Bytes::new(bytes)))
            .collect(),
        today,
    };
    let document: PagedDocument = typst::compile(&world).output.map_err(|errors| {
        errors
            .iter()
            .map(|error| {
                let line = world
                    .range(error.span)
                    .and_then(|range| world.main.lines().byte_to_line(range.start));
                format!(
                    "laporan.typ:{}: {}",
                    line.map_or(0, |l| l + 1),
                    error.message
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    if layouts == Layouts::Freed {
        comemo::evict(0);
    }
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        creator: Smart::Custom(Some("jaring".to_string())),
        timestamp: Some(Timestamp::new_utc(today)),
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| {
        errors
            .iter()
            .map(|e| e.message.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// A chart's SVG as Typst should draw it: with the bundled font named,
/// since Typst knows no generic `sans-serif`.
pub fn chart_for_print(svg: &str) -> Vec<u8> {
    svg.replace("font-family=\"sans-serif\"", "font-family=\"DejaVu Sans\"")
        .into_bytes()
}

/// The report's table text: 8 pt, 4 pt of inset on each side of a cell.
const TABLE_TEXT_PT: f64 = 8.0;
const TABLE_INSET_PT: f32 = 4.0;

/// The width of each column of a table in the report, as a Typst array of
/// lengths: what Typst's `auto` would make it, the widest cell's text in the
/// bundled DejaVu Sans (bold for the header) and its insets, a point more
/// for kerning the two shapers read differently. Given the widths, Typst
/// does not lay out every cell once more to find them, a fifth of a long
/// table's time, and sets each body row one line high. `none`, for Typst to
/// size the columns and rows itself, when a text is not one jaring measures
/// as Typst sets it ([`measured_exactly`]). `headers` are the header row's
/// texts, `rows` the body's.
pub fn typst_column_widths<'a>(
    headers: impl IntoIterator<Item = &'a str>,
    rows: impl IntoIterator<Item = Vec<String>>,
) -> String {
    let mut widths: Vec<f32> = Vec::new();
    for header in headers {
        if !measured_exactly(header) {
            return "none".into();
        }
        widths.push(set_width(header, TABLE_TEXT_PT, FontStyle::Bold));
    }
    for row in rows {
        for (column, text) in row.iter().enumerate() {
            if !measured_exactly(text) {
                return "none".into();
            }
            if let Some(width) = widths.get_mut(column) {
                *width = width.max(set_width(text, TABLE_TEXT_PT, FontStyle::Normal));
            }
        }
    }
    let lengths: String = widths
        .iter()
        .map(|width| format!("{:.1}pt,", width + 2.0 * TABLE_INSET_PT + 1.0))
        .collect();
    format!("({lengths})")
}

/// Whether Typst sets `text` on one line as wide as jaring measures it:
/// letters of the Latin alphabets, digits and punctuation, which DejaVu
/// Sans draws one glyph a character. Not a soft hyphen or a zero-width
/// space (where Typst may break a line), combining marks, or other scripts,
/// which a shaper may draw otherwise.
fn measured_exactly(text: &str) -> bool {
    text.chars().all(|c| {
        (c < '\u{0250}' && c != '\u{00ad}')
            || ('\u{2010}'..='\u{2027}').contains(&c)
            || ('\u{2030}'..='\u{205e}').contains(&c)
    })
}

/// A string as a Typst string literal, safe anywhere Typst takes content.
pub fn typst_string(text: &str) -> String {
    let mut literal = String::with_capacity(text.len() + 2);
    literal.push('"');
    for character in text.chars() {
        match character {
            '\\' => literal.push_str("\\\\"),
            '"' => literal.push_str("\\\""),
            '\n' => literal.push_str("\\n"),
            other => literal.push(other),
        }
    }
    literal.push('"');
    literal
}

/// A report's path and its PDF, or why Typst could not make it.
type TypesetReport = (String, Result<Vec<u8>, String>);

/// The typesetter's PDFs into `files`, its failures into `diagnostics`.
pub fn add_reports(
    typeset: std::thread::Result<Vec<TypesetReport>>,
    files: &mut Vec<OutputFile>,
    diagnostics: &mut Diagnostics,
) {
    let Ok(reports) = typeset else {
        diagnostics.push(
            Diagnostic::error(Place::file("templates/laporan.typ"), "Typst stopped unexpectedly while typesetting the PDF report")
            .with_hint(
                "a fault in Typst, not in the data; if templates/laporan.typ is yours, delete it to try the built-in one",
            ),
        );
        return;
    };
    for (path, pdf) in reports {
        match pdf {
            Ok(bytes) => files.push(OutputFile { path, bytes }),
            Err(message) => diagnostics.push(
                Diagnostic::error(
                    Place::file("templates/laporan.typ"),
                    format!("the PDF report {path} cannot be typeset: {message}"),
                )
                .with_hint("fix templates/laporan.typ, or delete it to use the built-in one"),
            ),
        }
    }
}

/// One language's report, ready to typeset.
pub struct ReportJob {
    /// Where the PDF goes in the site.
    path: String,
    /// The report as Typst markup.
    source: String,
    /// The charts it draws, by the path the source names them by.
    charts: Vec<(String, Vec<u8>)>,
    date: Date,
    /// Names the document stably across builds.
    ident: String,
    /// The site's last language's report.
    last_language: bool,
}

impl ReportJob {
    pub fn new(
        context: &RenderContext,
        figures: &[Figure],
        path: String,
        source: String,
        date: Date,
    ) -> Self {
        let program = &context.model.program;
        ReportJob {
            path,
            source,
            charts: figures
                .iter()
                .flat_map(|figure| {
                    figure
                        .print_charts
                        .iter()
                        .enumerate()
                        .map(|(index, chart)| {
                            (
                                super::figures::print_chart_path(figure.id, index),
                                chart_for_print(&chart.svg()),
                            )
                        })
                })
                .collect(),
            date,
            ident: format!(
                "{}|{}|{}",
                program.name, program.as_of, context.language.code
            ),
            last_language: context
                .languages
                .last()
                .is_some_and(|last| last.code == context.language.code),
        }
    }

    /// Where the PDF goes in the site.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Whether this is the report of the site's last language, which a
    /// build typesetting the languages in order typesets last.
    pub fn is_last_language(&self) -> bool {
        self.last_language
    }

    /// The PDF, from the build cache when it holds one made of the same
    /// inputs; with the path it goes to.
    pub fn typeset(self, cache: &Cache, layouts: Layouts) -> TypesetReport {
        let date = self.date.to_string();
        let mut inputs: Vec<&[u8]> = vec![
            self.source.as_bytes(),
            date.as_bytes(),
            self.ident.as_bytes(),
        ];
        for (path, bytes) in &self.charts {
            inputs.extend([path.as_bytes(), bytes.as_slice()]);
        }
        let pdf = cache.get_or_make("pdf", &inputs, || {
            pdf(
                &self.source,
                self.charts.clone(),
                self.date,
                &self.ident,
                layouts,
            )
        });
        (self.path, pdf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_is_as_wide_as_its_widest_cell_and_its_insets() {
        let width = |text, weight| set_width(text, TABLE_TEXT_PT, weight);
        let widths = |headers: &[&str], rows: &[&[&str]]| {
            typst_column_widths(
                headers.iter().copied(),
                rows.iter()
                    .map(|row| row.iter().map(|cell| cell.to_string()).collect()),
            )
        };
        let length = |points: f32| format!("{:.1}pt,", points + 2.0 * TABLE_INSET_PT + 1.0);
        assert_eq!(
            widths(
                &["Kecamatan", "Peserta"],
                &[&["Rangkasbitung", "1.234"], &["Maja", "99"]]
            ),
            format!(
                "({}{})",
                length(width("Rangkasbitung", FontStyle::Normal)),
                length(width("Peserta", FontStyle::Bold))
            )
        );
        // Bold is wider than regular; a longer text is wider.
        assert!(width("Peserta", FontStyle::Bold) > width("Peserta", FontStyle::Normal));
        assert!(width("Rangkasbitung", FontStyle::Normal) > width("Maja", FontStyle::Normal));
        // 8 pt DejaVu Sans digits are 5,09 pt wide.
        assert!((width("0000", FontStyle::Normal) - 4.0 * 5.09).abs() < 0.01);
        assert_eq!(widths(&[], &[]), "()");
    }

    /// The report template's `data_table`, and the page width it reads.
    fn data_table_definitions() -> String {
        let template = include_str!("../../templates/laporan.typ");
        let from = |start: &str, end: &str| {
            let at = template.find(start).unwrap();
            &template[at..at + template[at..].find(end).unwrap()]
        };
        format!(
            "{}\n{}\n{}\n}}\n",
            from("#let margin_x", "\n#set page"),
            from("#set table(", "\n#let cell"),
            from("#let page_rows", "\n}\n")
        )
    }

    #[test]
    fn a_table_takes_the_widths_given_unless_they_overflow_the_page() {
        let date = Date::parse("2026-10-31").unwrap();
        let table_width_is = |widths: &str, expected: &str| {
            let source = format!(
                "#set text(font: \"DejaVu Sans\")\n{}\n#context {{\n  let table = data_table(\"T\", (\"a\", \"b\"), ((\"x\", \"y\"),), widths: {widths})\n  let width = measure(table).width\n  assert({expected}, message: repr(width))\n  table\n}}\n",
                data_table_definitions()
            );
            pdf(&source, Vec::new(), date, "uji", Layouts::Freed)
        };
        table_width_is("(100pt, 50pt)", "calc.abs(width - 150pt) < 0.01pt").unwrap();
        // 700 points do not fit A4: Typst sizes the columns itself, to
        // their one letter each.
        table_width_is("(400pt, 300pt)", "width < 100pt").unwrap();
        assert!(table_width_is("(400pt, 300pt)", "width > 100pt").is_err());
        // Widths for another table are not taken either.
        table_width_is("(100pt,)", "width < 100pt").unwrap();
    }

    #[test]
    fn the_widths_measured_hold_every_cell_on_the_one_line_its_row_has() {
        let date = Date::parse("2026-10-31").unwrap();
        let headers = ["Kecamatan", "Peserta saat ini", "Nilai dibayar", "Cakupan"];
        let rows: Vec<Vec<String>> = [
            ["Rangkasbitung", "1.234", "Rp1.234.567.890", "12,5%"],
            ["Kota Tangerang Selatan", "987.654", "Rp0", "100,0%"],
            ["Toli-Toli", "*", "–", "0,1% r"],
            ["Guru ngaji dan marbot", "12", "Rp16.200", "—"],
            ["Pagar Alam (Kota) / Wétan", "5", "Rp500.000", "1,25%"],
        ]
        .iter()
        .map(|row| row.iter().map(|cell| cell.to_string()).collect())
        .collect();
        let widths = typst_column_widths(headers, rows.clone());
        assert!(
            widths.starts_with("(") && widths.ends_with(",)"),
            "{widths}"
        );
        let typst_array = |texts: &mut dyn Iterator<Item = &str>| -> String {
            let items: String = texts.map(|text| typst_string(text) + ",").collect();
            format!("({items})")
        };
        let cells = typst_array(&mut rows.iter().flatten().map(String::as_str));
        let headers = typst_array(&mut headers.into_iter());
        // Each cell, at its column's width less the insets, is one line:
        // the row height the table gives it holds it. The table itself is
        // as high as its rows (the header's one line and one per row).
        let source = format!(
            "#set text(font: \"DejaVu Sans\")\n{}\n#context {{\n  let widths = {widths}\n  let cells = {cells}\n  let line = measure(table[0]).height\n  for (i, cell) in cells.enumerate() {{\n    let width = widths.at(calc.rem(i, 4)) - 8pt\n    let height = measure(width: width, table(inset: 0pt, stroke: none, cell)).height\n    assert(height < line - 7pt, message: cell + \" wraps: \" + repr(height))\n  }}\n  let rows = cells.chunks(4)\n  let height(rows) = measure(width: text_width, data_table(\"T\", {headers}, rows, widths: widths)).height\n  assert(calc.abs(height(rows) - height(rows.slice(0, 1)) - 4 * line) < 0.01pt)\n  data_table(\"T\", {headers}, rows, widths: widths)\n}}\n",
            data_table_definitions()
        );
        pdf(&source, Vec::new(), date, "uji", Layouts::Freed).unwrap();
    }

    #[test]
    fn text_jaring_cannot_measure_exactly_leaves_the_widths_to_typst() {
        let widths = |cell: &str| typst_column_widths(["Kecamatan"], [vec![cell.to_string()]]);
        for measured in ["Cibadak", "Toli-Toli", "Wétan – Kota", "Rp1.234", "12,5% r"] {
            assert_ne!(widths(measured), "none", "{measured}");
        }
        for unmeasured in [
            "Cibadak\u{00ad}Selatan",
            "a\u{200b}b",
            "e\u{0301}",
            "Ελλάδα",
            "北京",
        ] {
            assert_eq!(widths(unmeasured), "none", "{unmeasured}");
        }
    }

    #[test]
    fn typst_strings_escape_quotes_and_backslashes() {
        assert_eq!(typst_string("a \"b\" \\ #c"), "\"a \\\"b\\\" \\\\ #c\"");
    }

    #[test]
    fn typesets_a_small_document_reproducibly() {
        let date = Date::parse("2026-10-31").unwrap();
        let source = "#set text(font: \"DejaVu Sans\", lang: \"id\")\n#set document(title: \"Uji\")\n= Judul\nHalo #\"<dunia>\".";
        let first = pdf(source, Vec::new(), date, "uji", Layouts::Freed).unwrap();
        assert!(first.starts_with(b"%PDF-"));
        assert_eq!(
            first,
            pdf(source, Vec::new(), date, "uji", Layouts::Freed).unwrap()
        );
        let error = pdf("#nope()", Vec::new(), date, "uji", Layouts::Freed).unwrap_err();
        assert!(
            error.starts_with("laporan.typ:1: unknown variable: nope"),
            "{error}"
        );
    }
}
