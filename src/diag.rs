//! Problems found in a site's input, collected rather than returned one at a
//! time, so that a run reports every problem in every file at once.

use std::fmt;

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

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {severity}: {}", self.message)?;
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

    /// By file, then line and column; the order is total, so output is stable.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by(|a, b| {
            (&a.path, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.path, b.line, b.column, b.severity, &b.message))
        });
        items
    }

    /// "3 errors, 2 warnings in 2 files"
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let mut files: Vec<&str> = self.items.iter().map(|d| d.path.as_str()).collect();
        files.sort_unstable();
        files.dedup();
        format!(
            "{}, {} in {}",
            plural(self.error_count(), "error"),
            plural(self.warning_count(), "warning"),
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
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
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
