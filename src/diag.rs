//! Problems found in a site's input, collected rather than returned one at a
//! time, so that a run reports every problem in every file at once, and
//! printed with the offending line and a caret under the place
//! (annotate-snippets draws that part).
//!
//! The base of every stage: imports nothing of the pipeline, only
//! [`crate::text`] to mask personal data in the lines it shows.

use std::fmt;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use anstyle::{AnsiColor, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem at one place: `path:line:column: severity: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the user knows it: relative to the site root, `/`-separated.
    pub path: String,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, counted in characters; 0 when the problem concerns a whole line or file.
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
    /// The line the problem is on, to show under the message.
    pub source: Option<SourceLine>,
    /// A note about the file's other problems ("N more are not shown"),
    /// printed after them.
    pub after_the_others: bool,
}

/// A line of an input file and how much of it, from the diagnostic's
/// column, the problem covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLine {
    pub text: String,
    /// Characters to underline; at least one is.
    pub width: usize,
}

impl SourceLine {
    /// A line to show under a message; any personal data in it is masked,
    /// since error output ends up in logs.
    pub fn new(text: &str, width: usize) -> SourceLine {
        SourceLine {
            text: crate::text::mask::mask_all(text.trim_end_matches('\r')),
            width: width.max(1),
        }
    }
}

impl Diagnostic {
    pub fn error(
        path: impl Into<String>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line,
            column,
            message: message.into(),
            hint: None,
            source: None,
            after_the_others: false,
        }
    }

    pub fn warning(
        path: impl Into<String>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, column, message)
        }
    }

    /// The note closing a file whose problems were too many to print:
    /// an error, since the build fails on what it stands for.
    pub fn more_not_shown(path: impl Into<String>, count: usize) -> Self {
        Diagnostic {
            after_the_others: true,
            ..Diagnostic::error(
                path,
                0,
                0,
                format!("{count} more problems in this file are not shown"),
            )
        }
        .with_hint("fix the problems above and run again")
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
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
            ..Diagnostic::error(path, line, column, message)
        }
    }

    /// The diagnostic as printed for a person: the `path:line:column:` line,
    /// then the source line with a caret under the place, then the hint.
    /// `styled` adds colour, for terminals.
    pub fn render(&self, styled: bool) -> String {
        let header = self.header();
        let Some(source) = self.source.as_ref().filter(|_| self.column > 0) else {
            return self.to_string();
        };
        let (level, colour) = match self.severity {
            Severity::Error => (Level::ERROR, AnsiColor::Red),
            Severity::Warning => (Level::WARNING, AnsiColor::Yellow),
        };
        let start = char_to_byte(&source.text, self.column - 1);
        let end = char_to_byte(&source.text, self.column - 1 + source.width.max(1));
        let mut group = Group::with_level(level).element(
            Snippet::source(source.text.as_str())
                .line_start(self.line)
                .annotation(AnnotationKind::Primary.span(start..end.max(start))),
        );
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.with_name("hint").message(hint.as_str()));
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
        let mut header = self.path.clone();
        if self.line > 0 {
            header.push_str(&format!(":{}", self.line));
            if self.column > 0 {
                header.push_str(&format!(":{}", self.column));
            }
        }
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        format!("{header}: {severity}: {}", self.message)
    }
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
            write!(f, "\n  hint: {hint}")?;
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

    fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// By file, then line and column, a file's closing note last, without
    /// repeats (a broken template is met once per page); the order is total,
    /// so output is stable.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        fn order(d: &Diagnostic) -> (&str, bool, usize, usize, Severity, &str) {
            let Diagnostic {
                path,
                after_the_others,
                line,
                column,
                severity,
                message,
                ..
            } = d;
            (path, *after_the_others, *line, *column, *severity, message)
        }
        items.sort_by(|a, b| order(a).cmp(&order(b)));
        items.dedup();
        items
    }

    /// "3 errors, 2 warnings in 2 files"
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let shown = self.sorted();
        let count = |severity| shown.iter().filter(|d| d.severity == severity).count();
        let mut files: Vec<&str> = shown.iter().map(|d| d.path.as_str()).collect();
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
    fn formats_as_path_line_column_with_hint() {
        let d = Diagnostic::error("data/members.csv", 12, 9, "unknown sector 'petanii'")
            .with_hint("did you mean 'petani'?");
        assert_eq!(
            d.to_string(),
            "data/members.csv:12:9: error: unknown sector 'petanii'\n  hint: did you mean 'petani'?"
        );
        assert_eq!(
            Diagnostic::warning("data/payments.csv", 0, 0, "no payment").to_string(),
            "data/payments.csv: warning: no payment"
        );
    }

    #[test]
    fn sorts_and_summarises() {
        let mut all = Diagnostics::default();
        all.push(Diagnostic::error("b.csv", 3, 1, "x"));
        all.push(Diagnostic::warning("a.csv", 9, 1, "y"));
        all.push(Diagnostic::error("a.csv", 2, 5, "z"));
        let order: Vec<_> = all.sorted().iter().map(|d| d.message.clone()).collect();
        assert_eq!(order, ["z", "y", "x"]);
        assert_eq!(all.summary(), "2 errors, 1 warning in 2 files");
    }

    #[test]
    fn line_column_counts_characters() {
        let text = "ab\ncé=x\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, text.find('=').unwrap()), (2, 3));
    }
}
