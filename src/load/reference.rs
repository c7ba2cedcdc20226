//! The small lookup files: sectors, districts and budget lines.

use std::path::Path;

use super::id::Id;
use super::source::{Sources, Table};
use super::table::{Column, Kind, Row, TableReader};
use crate::diag::{Diagnostic, Diagnostics};
use crate::language::Name;

/// A sector's place in the sorted sector list.
pub type SectorId = Id<Sector>;

/// A district's place in the sorted district list.
pub type DistrictId = Id<District>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sector {
    pub code: String,
    /// Published in Indonesian (`name_id`), translated from `name_en`.
    pub name: Name,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct District {
    pub code: String,
    pub name: String,
    pub eligible: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetLine {
    pub item: String,
    pub source: String,
    pub allocated: i64,
}

/// Codes sorted ascending, so that a code's index is its published order and
/// members can refer to a code by a small integer.
#[derive(Debug, Clone, Default)]
pub struct CodeList<T> {
    pub entries: Vec<T>,
}

impl<T: HasCode> CodeList<T> {
    pub fn index_of(&self, code: &str) -> Option<Id<T>> {
        self.entries
            .binary_search_by(|entry| entry.code().cmp(code))
            .ok()
            .map(Id::new)
    }

    pub fn codes(&self) -> Vec<&str> {
        self.entries.iter().map(HasCode::code).collect()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

pub trait HasCode {
    fn code(&self) -> &str;
}

impl HasCode for Sector {
    fn code(&self) -> &str {
        &self.code
    }
}

impl HasCode for District {
    fn code(&self) -> &str {
        &self.code
    }
}

/// Most codes a lookup file may hold: members refer to codes by [`Id`].
const MAX_CODES: usize = Id::<Sector>::MAX_ENTRIES;

const SECTOR_COLUMNS: [Column; 3] = [
    Column::required("code").of(Kind::Code),
    Column::required("name_id"),
    Column::required("name_en"),
];

pub fn load_sectors(
    root: &Path,
    sources: &mut Sources,
    extra_columns: &[String],
    diagnostics: &mut Diagnostics,
) -> Option<CodeList<Sector>> {
    let mut reader = TableReader::open(
        root,
        sources,
        Table::Sectors,
        &SECTOR_COLUMNS,
        extra_columns,
        diagnostics,
    )?;
    let mut entries = Vec::new();
    while let Some(row) = reader.next_row() {
        if row == Row::Malformed {
            continue;
        }
        let code = reader.parse_required(
            0,
            "code",
            "up to 32 lower-case letters, digits and _, e.g. buruh_tani",
            |text| is_sector_code(text).then(|| text.to_string()),
        );
        let name_id = reader.required_text(1, "name_id").map(str::to_string);
        let name_en = reader.required_text(2, "name_en").map(str::to_string);
        if let (Some(code), Some(name_id), Some(name_en)) = (code, name_id, name_en) {
            entries.push((
                reader.line(),
                Sector {
                    code,
                    name: Name {
                        published: name_id,
                        translations: vec![("en", name_en)],
                    },
                },
            ));
        }
    }
    finish_code_list(reader, entries, diagnostics)
}

/// A sector code: at most 32 characters, as a district code (a code is a
/// key in every file and address, not a description).
fn is_sector_code(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 32
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

const DISTRICT_COLUMNS: [Column; 3] = [
    Column::required("code").of(Kind::Code),
    Column::required("name"),
    Column::optional("eligible").of(Kind::Count),
];

pub fn load_districts(
    root: &Path,
    sources: &mut Sources,
    extra_columns: &[String],
    diagnostics: &mut Diagnostics,
) -> Option<CodeList<District>> {
    let mut reader = TableReader::open(
        root,
        sources,
        Table::Districts,
        &DISTRICT_COLUMNS,
        extra_columns,
        diagnostics,
    )?;
    let mut entries = Vec::new();
    while let Some(row) = reader.next_row() {
        if row == Row::Malformed {
            continue;
        }
        let code = reader.parse_required(
            0,
            "code",
            "an area code of letters, digits, dots or dashes, e.g. 36.02.01",
            |text| is_area_code(text).then(|| text.to_string()),
        );
        let name = reader.required_text(1, "name").map(str::to_string);
        let eligible = reader.optional_count(2, "eligible");
        if let (Some(code), Some(name), Some(eligible)) = (code, name, eligible) {
            entries.push((
                reader.line(),
                District {
                    code,
                    name,
                    eligible,
                },
            ));
        }
    }
    finish_code_list(reader, entries, diagnostics)
}

fn is_area_code(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('-')
        && text.len() <= 32
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_')
}

fn finish_code_list<T: HasCode>(
    reader: TableReader,
    mut entries: Vec<(u64, T)>,
    diagnostics: &mut Diagnostics,
) -> Option<CodeList<T>> {
    let source = reader.source().clone();
    let row_name = |line: u64| reader.describe_row(line);
    let errors_before = diagnostics.error_count();
    entries.sort_by(|(line_a, a), (line_b, b)| a.code().cmp(b.code()).then(line_a.cmp(line_b)));
    for listed in entries.chunk_by(|(_, a), (_, b)| a.code() == b.code()) {
        let (first, _) = listed[0];
        // Every copy names the first, as repeated ids do.
        for (line, entry) in &listed[1..] {
            diagnostics.push(
                Diagnostic::error(
                    source.row_place(*line as usize),
                    format!(
                        "code '{}' appears twice (first on {})",
                        entry.code(),
                        row_name(first)
                    ),
                )
                .with_hint("each code must be listed once"),
            );
        }
    }
    reader.finish(diagnostics);
    if entries.len() > MAX_CODES {
        diagnostics.push(Diagnostic::error(
            source.whole(),
            format!(
                "{} codes is more than the {MAX_CODES} supported",
                entries.len()
            ),
        ));
    }
    if entries.is_empty() && diagnostics.error_count() == errors_before {
        diagnostics.push(
            Diagnostic::error(source.whole(), "the table lists no codes")
                .with_hint("add one row per code below the header"),
        );
    }
    (diagnostics.error_count() == errors_before).then(|| CodeList {
        entries: entries.into_iter().map(|(_, entry)| entry).collect(),
    })
}

const BUDGET_COLUMNS: [Column; 3] = [
    Column::required("item"),
    Column::required("source"),
    Column::required("allocated").of(Kind::Money),
];

pub fn load_budget(
    root: &Path,
    sources: &mut Sources,
    extra_columns: &[String],
    diagnostics: &mut Diagnostics,
) -> Option<Vec<BudgetLine>> {
    let mut reader = TableReader::open(
        root,
        sources,
        Table::Budget,
        &BUDGET_COLUMNS,
        extra_columns,
        diagnostics,
    )?;
    let errors_before = diagnostics.error_count();
    let mut lines = Vec::new();
    let mut complete = true;
    while let Some(row) = reader.next_row() {
        if row == Row::Malformed {
            continue;
        }
        let item = reader.required_text(0, "item").map(str::to_string);
        let source = reader.required_text(1, "source").map(str::to_string);
        let allocated = reader.money(2, "allocated");
        match (item, source, allocated) {
            (Some(item), Some(source), Some(allocated)) => lines.push(BudgetLine {
                item,
                source,
                allocated,
            }),
            _ => complete = false,
        }
    }
    reader.finish(diagnostics);
    (complete && diagnostics.error_count() == errors_before).then_some(lines)
}
