//! Problems found in a site's input, collected rather than returned one at a
//! time, so that a run reports every problem in every file at once, and
//! printed with the offending line and a caret under the place
//! (annotate-snippets draws that part).
//!
//! The base of every stage: imports nothing of the pipeline, only
//! [`crate::text`] to mask personal data in the lines it shows.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use anstyle::{AnsiColor, Style};

use crate::text::acts_instead_of_showing;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem at one place: `path:line:column: severity: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub place: Place,
    pub message: String,
    pub hint: Option<String>,
    /// The line the problem is on, to show under the message.
    pub source: Option<SourceLine>,
    /// For a note about a file's other problems ("N more are not shown"),
    /// printed after them, how many it counts; 0 for a problem.
    pub not_shown: usize,
}

/// Where a problem is, as precisely as it is known. Paths are as the user
/// knows them: relative to the site root, `/`-separated. Lines and columns
/// are 1-based, columns counted in characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A whole file.
    File(String),
    /// A whole folder, such as `templates` when the problem is in how its
    /// files fit together rather than in one of them.
    Folder(String),
    /// A whole line of a file.
    Line(String, usize),
    /// A character on a line, where the problem starts: a CSV cell, a TOML
    /// key or value, a span of a page or of a template.
    Position(String, usize, usize),
    /// An environment variable, by its name.
    EnvVar(String),
    /// A sheet of a workbook, or a row or cell of it, as Excel names them.
    Sheet(SheetPlace),
}

/// A place in a sheet of a workbook: `data/data.xlsx[members]`, a row of it
/// (`data/data.xlsx[members]!12:12`, Excel's name for row 12) or a cell
/// (`data/data.xlsx[members]!C12`). Rows are 1-based; columns 0-based, printed
/// as Excel's letters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetPlace {
    pub workbook: String,
    pub sheet: String,
    pub row: Option<usize>,
    pub column: Option<usize>,
}

impl SheetPlace {
    pub fn sheet(workbook: impl Into<String>, sheet: impl Into<String>) -> SheetPlace {
        SheetPlace {
            workbook: workbook.into(),
            sheet: sheet.into(),
            row: None,
            column: None,
        }
    }

    /// `data/data.xlsx[members]`: the sheet as a whole, also how its table is named.
    pub fn sheet_name(&self) -> String {
        format!("{}[{}]", self.workbook, self.sheet)
    }

    pub fn at_row(&self, row: usize) -> Place {
        Place::Sheet(SheetPlace {
            row: Some(row),
            column: None,
            ..self.clone()
        })
    }

    pub fn at_cell(&self, row: usize, column: usize) -> Place {
        Place::Sheet(SheetPlace {
            row: Some(row),
            column: Some(column),
            ..self.clone()
        })
    }
}

/// A 0-based column index as Excel's letters: 0 is A, 25 is Z, 26 is AA.
pub fn column_letters(column: usize) -> String {
    let mut letters = Vec::new();
    let mut rest = column + 1;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        letters.push(b'A' + digit as u8);
        rest = (rest - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

impl fmt::Display for SheetPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.workbook, self.sheet)?;
        match (self.row, self.column) {
            (Some(row), Some(column)) => write!(f, "!{}{row}", column_letters(column)),
            (Some(row), None) => write!(f, "!{row}:{row}"),
            _ => Ok(()),
        }
    }
}

impl Place {
    pub fn file(path: impl Into<String>) -> Place {
        Place::File(path.into())
    }

    pub fn folder(path: impl Into<String>) -> Place {
        Place::Folder(path.into())
    }

    pub fn line(path: impl Into<String>, line: usize) -> Place {
        Place::Line(path.into(), line)
    }

    pub fn position(path: impl Into<String>, line: usize, column: usize) -> Place {
        Place::Position(path.into(), line, column)
    }

    pub fn env_var(name: impl Into<String>) -> Place {
        Place::EnvVar(name.into())
    }

    /// The file, folder or variable the place is in.
    pub fn name(&self) -> &str {
        match self {
            Place::File(name)
            | Place::Folder(name)
            | Place::Line(name, _)
            | Place::Position(name, _, _)
            | Place::EnvVar(name) => name,
            Place::Sheet(place) => &place.workbook,
        }
    }

    /// The same place counted from further up its file: a place found in
    /// part of a file (a page's body, its front matter) is moved down by
    /// the lines before that part.
    pub fn move_down(&mut self, lines: usize) {
        if let Place::Line(_, line) | Place::Position(_, line, _) = self {
            *line += lines;
        }
    }

    /// Name, sheet, line and column for ordering: a whole file before its
    /// lines, a whole line before its positions, a workbook's sheets apart.
    fn sort_key(&self) -> (&str, &str, usize, usize) {
        match self {
            Place::Line(name, line) => (name, "", *line, 0),
            Place::Position(name, line, column) => (name, "", *line, *column),
            Place::Sheet(place) => (
                &place.workbook,
                &place.sheet,
                place.row.unwrap_or(0),
                place.column.map_or(0, |column| column + 1),
            ),
            _ => (self.name(), "", 0, 0),
        }
    }
}

/// `path` or `path:line:column`: a whole line is at its first column, so
/// that every place in a file has both, as the contract prints them.
impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Line(path, line) => write!(f, "{path}:{line}:1"),
            Place::Position(path, line, column) => write!(f, "{path}:{line}:{column}"),
            Place::Sheet(place) => place.fmt(f),
            _ => f.write_str(self.name()),
        }
    }
}

/// A line of an input file and how much of it, from the diagnostic's
/// column, the problem covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLine {
    pub text: String,
    /// Characters to underline; at least one is.
    pub width: usize,
    /// For a sheet's row, shown as its values one after the other: the row
    /// number and the character column where the cell starts, since the
    /// place's own column is a sheet column.
    pub row_at: Option<(usize, usize)>,
}

impl SourceLine {
    /// A line to show under a message; any personal data in it is masked,
    /// since error output ends up in logs.
    pub fn new(text: &str, width: usize) -> SourceLine {
        SourceLine {
            text: crate::text::mask::mask_all(text.trim_end_matches('\r')),
            width: width.max(1),
            row_at: None,
        }
    }

    /// A sheet's row shown as `text` (already masked where personal), with
    /// `width` characters from `column` underlined.
    pub fn sheet_row(text: &str, row: usize, column: usize, width: usize) -> SourceLine {
        SourceLine {
            row_at: Some((row, column)),
            ..SourceLine::new(text, width)
        }
    }
}

impl Diagnostic {
    pub fn new(severity: Severity, place: Place, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            place,
            message: message.into(),
            hint: None,
            source: None,
            not_shown: 0,
        }
    }

    pub fn error(place: Place, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Error, place, message)
    }

    pub fn warning(place: Place, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Warning, place, message)
    }

    /// The note closing a file whose problems were too many to print:
    /// an error, since the build fails on what it stands for.
    pub fn more_not_shown(path: impl Into<String>, count: usize) -> Self {
        Diagnostic {
            not_shown: count,
            ..Diagnostic::error(
                Place::file(path),
                format!("{count} more problems in this file are not shown"),
            )
        }
        .with_hint("fix the problems above and run again")
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// A warning at a byte range of a file's text, with its line and column.
    pub fn warning_at(
        path: impl Into<String>,
        text: &str,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error_at(path, text, range, message)
        }
    }

    /// An error at a byte range of a file's text, with its line and column.
    pub fn error_at(
        path: impl Into<String>,
        text: &str,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let (line, column, source) = locate(text, range);
        Diagnostic {
            source: Some(source),
            ..Diagnostic::error(Place::position(path, line, column), message)
        }
    }

    /// The diagnostic as printed for a person: the `path:line:column:` line,
    /// then the source line with a caret under the place, then the hint.
    /// `styled` adds colour, for terminals.
    pub fn render(&self, styled: bool) -> String {
        let header = self.header();
        let Some(source) = &self.source else {
            return self.to_string();
        };
        let (line, column) = match (&self.place, source.row_at) {
            (Place::Position(_, line, column), _) => (*line, *column),
            (Place::Sheet(_), Some(row_at)) => row_at,
            _ => return self.to_string(),
        };
        let (level, colour) = match self.severity {
            Severity::Error => (Level::ERROR, AnsiColor::Red),
            Severity::Warning => (Level::WARNING, AnsiColor::Yellow),
        };
        let start = char_to_byte(&source.text, column.saturating_sub(1));
        let end = char_to_byte(&source.text, column.saturating_sub(1) + source.width.max(1));
        let mut group = Group::with_level(level).element(
            Snippet::source(source.text.as_str())
                .line_start(line)
                .annotation(AnnotationKind::Primary.span(start..end.max(start))),
        );
        let hint = self.hint.as_deref().map(printable);
        if let Some(hint) = &hint {
            group = group.element(Level::HELP.with_name("hint").message(hint.as_ref()));
        }
        let renderer = if styled {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let body = renderer.render(&[group]);
        if styled {
            let bold = Style::new().bold();
            let label = bold.fg_color(Some(colour.into()));
            let (place, rest) = header.split_once(": ").unwrap_or((&header, ""));
            let (severity, message) = rest.split_once(": ").unwrap_or((rest, ""));
            format!(
                "{bold}{place}:{bold:#} {label}{severity}:{label:#} {bold}{message}{bold:#}\n{body}"
            )
        } else {
            format!("{header}\n{body}")
        }
    }

    fn header(&self) -> String {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        format!(
            "{}: {severity}: {}",
            printable(&self.place.to_string()),
            printable(&self.message)
        )
    }
}

/// `text` with every character that would act on a terminal rather than
/// show (a line break, an escape sequence, a right-to-left override taken
/// from the data) written as its code, `\u{1b}`, and a backslash as `\\`
/// so that no text can pass for a code: a message quoting a header or a
/// file name can neither forge a line nor clear the screen.
fn printable(text: &str) -> Cow<'_, str> {
    let escaped = |c: char| c == '\\' || acts_instead_of_showing(c);
    if !text.contains(escaped) {
        return text.into();
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => shown.push_str("\\\\"),
            c if escaped(c) => shown.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => shown.push(c),
        }
    }
    shown.into()
}

/// The 1-based line and column of `range` in `text`, and its source line.
pub fn locate(text: &str, range: Range<usize>) -> (usize, usize, SourceLine) {
    let (line, column) = line_column(text, range.start);
    let start = floor_boundary(text, range.start.min(text.len()));
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let covered_end = floor_boundary(text, range.end.clamp(start, line_end));
    let source = SourceLine::new(
        &text[line_start..line_end],
        text[start..covered_end].chars().count(),
    );
    (line, column, source)
}

fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(index, _)| index)
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The plain form: the `path:line:column:` line and the hint, no source.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.header())?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", printable(hint))?;
        }
        Ok(())
    }
}

/// Every problem of a run, in the order found; [`Diagnostics::sorted`] orders
/// them for printing.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

/// Problems printed per file before the rest are only counted: a file with
/// a systematic mistake would otherwise print a million identical lines.
/// A table's reader stops keeping them there; for every other check the
/// report stops printing them.
pub const MOST_SHOWN_PER_FILE: usize = 1000;

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Keeps only the problems `keep` accepts.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    /// Adds every problem of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// By file, then line and column, a file's closing note last, without
    /// repeats (a broken template is met once per page); the order is total,
    /// so output is stable.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        fn order(d: &Diagnostic) -> (&str, bool, &str, usize, usize, Severity, &str) {
            let (name, sheet, line, column) = d.place.sort_key();
            (
                name,
                d.not_shown > 0,
                sheet,
                line,
                column,
                d.severity,
                &d.message,
            )
        }
        items.sort_by(|a, b| order(a).cmp(&order(b)));
        items.dedup();
        items
    }

    /// [`Diagnostics::sorted`], at most [`MOST_SHOWN_PER_FILE`] of a file
    /// and then one note of how many more it has: those left out here and
    /// those a table's reader did not keep (its own note's count).
    pub fn shown(&self) -> Vec<Cow<'_, Diagnostic>> {
        let mut shown = Vec::new();
        for file in self
            .sorted()
            .chunk_by(|a, b| a.place.name() == b.place.name())
        {
            let (notes, problems): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
                file.iter().partition(|d| d.not_shown > 0);
            shown.extend(
                problems
                    .iter()
                    .take(MOST_SHOWN_PER_FILE)
                    .map(|&d| Cow::Borrowed(d)),
            );
            let left_out = problems.get(MOST_SHOWN_PER_FILE..).unwrap_or_default();
            let more = left_out.len() + notes.iter().map(|d| d.not_shown).sum::<usize>();
            if more > 0 {
                // A warning only when all it stands for are warnings.
                let severity = left_out.iter().chain(&notes).map(|d| d.severity).min();
                shown.push(Cow::Owned(Diagnostic {
                    severity: severity.unwrap_or(Severity::Error),
                    ..Diagnostic::more_not_shown(file[0].place.name(), more)
                }));
            }
        }
        shown
    }

    /// "3 errors, 2 warnings in 2 files"
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let shown = self.sorted();
        let count = |severity| shown.iter().filter(|d| d.severity == severity).count();
        let mut files: Vec<&str> = shown.iter().map(|d| d.place.name()).collect();
        files.dedup();
        format!(
            "{}, {} in {}",
            plural(count(Severity::Error), "error"),
            plural(count(Severity::Warning), "warning"),
            plural(files.len(), "file")
        )
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics {
            items: vec![diagnostic],
        }
    }
}

/// 1-based line and character column of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..floor_boundary(text, offset.min(text.len()))];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_shows_a_thousand_problems_and_counts_the_rest() {
        let mut diagnostics = Diagnostics::default();
        for line in 1..=1003 {
            diagnostics.push(Diagnostic::error(
                Place::line("data/sectors.csv", line),
                "code 'a' appears twice",
            ));
        }
        for line in 1..=1002 {
            diagnostics.push(Diagnostic::warning(
                Place::line("data/districts.csv", line),
                "a warning",
            ));
        }
        diagnostics.push(Diagnostic::error(Place::line("site.toml", 1), "one"));
        let shown = diagnostics.shown();
        assert_eq!(shown.len(), 1000 + 1 + 1000 + 1 + 1);
        assert_eq!(
            shown[1000].to_string(),
            "data/districts.csv: warning: 2 more problems in this file are not shown\n  hint: fix the problems above and run again"
        );
        assert_eq!(
            shown[2001].to_string(),
            "data/sectors.csv: error: 3 more problems in this file are not shown\n  hint: fix the problems above and run again"
        );
        assert_eq!(
            diagnostics.summary(),
            "1004 errors, 1002 warnings in 3 files"
        );
        // A table's reader kept a thousand and counted the rest itself:
        // one note counts them with the file's other problems left out.
        diagnostics.push(Diagnostic::more_not_shown("data/sectors.csv", 5));
        let shown = diagnostics.shown();
        assert_eq!(shown.len(), 1000 + 1 + 1000 + 1 + 1);
        assert_eq!(
            shown[2001].to_string(),
            "data/sectors.csv: error: 8 more problems in this file are not shown\n  hint: fix the problems above and run again"
        );
    }

    #[test]
    fn formats_as_path_line_column_with_hint() {
        let d = Diagnostic::error(
            Place::position("data/members.csv", 12, 9),
            "unknown sector 'petanii'",
        )
        .with_hint("did you mean 'petani'?");
        assert_eq!(
            d.to_string(),
            "data/members.csv:12:9: error: unknown sector 'petanii'\n  hint: did you mean 'petani'?"
        );
        assert_eq!(
            Diagnostic::warning(Place::file("data/payments.csv"), "no payment").to_string(),
            "data/payments.csv: warning: no payment"
        );
    }

    #[test]
    fn sorts_and_summarises() {
        let mut all = Diagnostics::default();
        all.push(Diagnostic::error(Place::position("b.csv", 3, 1), "x"));
        all.push(Diagnostic::warning(Place::position("a.csv", 9, 1), "y"));
        all.push(Diagnostic::error(Place::position("a.csv", 2, 5), "z"));
        let order: Vec<_> = all.sorted().iter().map(|d| d.message.clone()).collect();
        assert_eq!(order, ["z", "y", "x"]);
        assert_eq!(all.summary(), "2 errors, 1 warning in 2 files");
    }

    #[test]
    fn a_place_prints_only_what_is_known_and_a_whole_file_sorts_first() {
        let mut all = Diagnostics::default();
        all.push(Diagnostic::error(Place::position("a.csv", 2, 5), "cell"));
        all.push(Diagnostic::error(Place::line("a.csv", 2), "line"));
        all.push(Diagnostic::error(Place::file("a.csv"), "file"));
        all.push(Diagnostic::error(
            Place::env_var("SOURCE_DATE_EPOCH"),
            "variable",
        ));
        all.push(Diagnostic::error(Place::folder("templates"), "folder"));
        let printed: Vec<String> = all.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            printed,
            [
                "SOURCE_DATE_EPOCH: error: variable",
                "a.csv: error: file",
                "a.csv:2:1: error: line",
                "a.csv:2:5: error: cell",
                "templates: error: folder",
            ]
        );
    }

    #[test]
    fn a_place_in_part_of_a_file_moves_down_by_the_lines_before_it() {
        let mut place = Place::position("content/x.md", 2, 3);
        place.move_down(4);
        assert_eq!(place, Place::position("content/x.md", 6, 3));
        let mut whole = Place::file("content/x.md");
        whole.move_down(4);
        assert_eq!(whole, Place::file("content/x.md"));
    }

    #[test]
    fn a_sheet_place_is_named_as_excel_names_it() {
        let members = SheetPlace::sheet("data/data.xlsx", "members");
        assert_eq!(
            Place::Sheet(members.clone()).to_string(),
            "data/data.xlsx[members]"
        );
        assert_eq!(
            members.at_row(12).to_string(),
            "data/data.xlsx[members]!12:12"
        );
        assert_eq!(
            members.at_cell(12, 2).to_string(),
            "data/data.xlsx[members]!C12"
        );
        assert_eq!(
            members.at_cell(3, 27).to_string(),
            "data/data.xlsx[members]!AB3"
        );
        let letters: Vec<String> = [0, 25, 26, 51, 52, 701, 702]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(letters, ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn a_sheet_cell_quotes_its_row_with_a_caret_under_the_cell() {
        let place = SheetPlace::sheet("data/data.xlsx", "members").at_cell(12, 2);
        let diagnostic = Diagnostic {
            source: Some(SourceLine::sheet_row("M01,petani,11.09", 12, 12, 5)),
            ..Diagnostic::error(place, "district '11.09' is not in data/districts.csv")
        };
        assert_eq!(
            diagnostic.render(false),
            "data/data.xlsx[members]!C12: error: district '11.09' is not in data/districts.csv\n   |\n12 | M01,petani,11.09\n   |            ^^^^^"
        );
    }

    #[test]
    fn a_workbooks_sheets_sort_apart_and_count_as_one_file() {
        let members = SheetPlace::sheet("data/data.xlsx", "members");
        let claims = SheetPlace::sheet("data/data.xlsx", "claims");
        let mut all = Diagnostics::default();
        all.push(Diagnostic::error(members.at_cell(2, 0), "a"));
        all.push(Diagnostic::error(claims.at_cell(9, 1), "b"));
        all.push(Diagnostic::error(members.at_row(1), "c"));
        let order: Vec<_> = all.sorted().iter().map(|d| d.message.clone()).collect();
        assert_eq!(order, ["b", "c", "a"]);
        assert_eq!(all.summary(), "3 errors, 0 warnings in 1 file");
    }

    #[test]
    fn line_column_counts_characters() {
        let text = "ab\ncé=x\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, text.find('=').unwrap()), (2, 3));
    }
}
