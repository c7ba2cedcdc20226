//! Problems noted while a table is read, by the row and field they are in;
//! the table's source turns them into places (a CSV line and column, a
//! sheet cell) once the table is read.

use crate::diag::{MOST_SHOWN_PER_FILE, Severity};

pub(super) struct Finding {
    pub severity: Severity,
    /// Where the row starts: a CSV record's byte offset and line, or 0 and
    /// a sheet's row number; line 0 is the table as a whole.
    pub record_offset: u64,
    pub record_line: u64,
    pub field: Option<usize>,
    /// The part of the field's value the problem is about: characters from
    /// its start, and how many.
    pub inner: Option<(usize, usize)>,
    pub message: String,
    pub hint: Option<String>,
}

impl Finding {
    pub fn at(
        (record_offset, record_line): (u64, u64),
        severity: Severity,
        field: Option<usize>,
        message: impl Into<String>,
        hint: Option<&str>,
    ) -> Finding {
        Finding {
            severity,
            record_offset,
            record_line,
            field,
            inner: None,
            message: message.into(),
            hint: hint.map(str::to_string),
        }
    }

    /// A problem of the table as a whole.
    pub fn whole(message: impl Into<String>, hint: &str) -> Finding {
        Finding::at((0, 0), Severity::Error, None, message, Some(hint))
    }
}

/// A table's findings, and how many more were only counted.
#[derive(Default)]
pub(super) struct Findings {
    pub kept: Vec<Finding>,
    pub dropped: usize,
}

impl Findings {
    /// Keeps a finding unless the table already has too many to be useful.
    pub fn record(&mut self, finding: Finding) {
        if self.kept.len() >= MOST_SHOWN_PER_FILE {
            self.dropped += 1;
        } else {
            self.kept.push(finding);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.kept.is_empty() && self.dropped == 0
    }
}
