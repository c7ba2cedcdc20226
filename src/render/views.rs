//! Views: what templates receive. Every value is already formatted in the
//! page's language and already suppressed, so a site's templates never see
//! the model and keep working when it changes (zola's `ser.rs` idea).
//!
//! Imports nothing of the pipeline; figures, pages and files build these.

use serde::Serialize;

/// A table ready for a template: every cell already formatted.
#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    pub caption: String,
    pub headers: Vec<HeaderView>,
    pub rows: Vec<Vec<CellView>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeaderView {
    pub text: String,
    pub numeric: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellView {
    pub text: String,
    pub numeric: bool,
    pub suppressed: bool,
    /// Its figure was published before with another value.
    pub revised: bool,
}

impl CellView {
    pub fn text(text: impl Into<String>) -> CellView {
        CellView {
            text: text.into(),
            numeric: false,
            suppressed: false,
            revised: false,
        }
    }

    pub fn number(text: impl Into<String>) -> CellView {
        CellView {
            text: text.into(),
            numeric: true,
            suppressed: false,
            revised: false,
        }
    }

    /// A hidden number, shown by the suppression mark.
    pub fn suppressed(mark: &str) -> CellView {
        CellView {
            suppressed: true,
            ..CellView::number(mark)
        }
    }

    /// The same cell, marked revised when `revised`.
    pub fn revised_if(self, revised: bool) -> CellView {
        CellView { revised, ..self }
    }
}

pub fn header(text: &str, numeric: bool) -> HeaderView {
    HeaderView {
        text: text.to_string(),
        numeric,
    }
}

#[derive(Serialize)]
pub struct LanguageLink {
    pub code: &'static str,
    pub name: String,
    pub href: String,
    pub current: bool,
}

#[derive(Serialize)]
pub struct NavItem {
    pub label: String,
    pub href: String,
    pub current: bool,
}

#[derive(Serialize)]
pub struct SiteView {
    pub title: String,
    pub lang: &'static str,
    pub program_name: String,
    pub administrator: String,
    pub region: String,
    pub insurer: String,
    pub as_of: String,
    pub data_as_of: String,
    pub footer_source: String,
    pub built_on: String,
}

#[derive(Serialize)]
pub struct Kpi {
    pub label: String,
    pub value: String,
    pub details: Vec<String>,
}

/// A data-quality check: what it checks, what it found, and whether
/// everything agreed (`status` says so in words, not only by colour).
#[derive(Serialize)]
pub struct CheckView {
    pub text: String,
    pub result: String,
    pub passed: bool,
    pub status: String,
}

/// A finding, and who should act on it and how.
#[derive(Serialize)]
pub struct FindingView {
    pub text: String,
    pub action: String,
}

/// The data-quality checks and findings, as the quality page and the
/// report show them.
#[derive(Serialize)]
pub struct QualityView {
    pub checks: Vec<CheckView>,
    /// Discrepancies in the data.
    pub findings: Vec<FindingView>,
    /// Facts about the program itself.
    pub program_findings: Vec<FindingView>,
}

impl QualityView {
    /// Every word the views show, for the search index.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        let checks = self
            .checks
            .iter()
            .flat_map(|check| [&check.status, &check.text, &check.result]);
        let findings = self
            .findings
            .iter()
            .chain(&self.program_findings)
            .flat_map(|finding| [&finding.text, &finding.action]);
        checks.chain(findings).map(String::as_str)
    }
}

#[derive(Serialize)]
pub struct SectionLink {
    pub label: String,
    pub href: String,
    pub description: String,
}

/// A figure in a page's contents list, which jumps to it.
#[derive(Serialize)]
pub struct ContentsLink {
    pub href: String,
    pub label: String,
    pub title: String,
}

#[derive(Serialize)]
pub struct FileView {
    pub name: String,
    pub title: String,
    pub csv: String,
    pub json: String,
    pub rows: usize,
    pub size: String,
    pub columns: Vec<ColumnView>,
}

#[derive(Serialize)]
pub struct ColumnView {
    pub name: String,
    pub kind: String,
    pub meaning: String,
    pub definition: String,
}

/// A link and its text.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub label: String,
    /// Empty when the target is not on the site (a correction naming a
    /// release this site has no record of): the label is shown as text.
    pub href: String,
}

/// A headline figure: what it counts, its value, and what it is against.
#[derive(Serialize)]
pub struct FactView {
    pub label: String,
    pub value: String,
    pub detail: String,
}

/// A file of a release, with what it holds.
#[derive(Serialize)]
pub struct FileLinkView {
    pub label: String,
    pub name: String,
    pub href: String,
}

/// The versions of one program period on the Releases page, newest first.
#[derive(Serialize)]
pub struct ReleaseGroupView {
    pub heading: String,
    pub anchor: String,
    pub releases: Vec<ReleaseView>,
}

/// A version of the data on the Releases page.
#[derive(Serialize)]
pub struct ReleaseView {
    /// Its place on the page, which the feed links to.
    pub anchor: String,
    pub id: String,
    pub title: String,
    /// When it was recorded, in words; None for data not recorded yet.
    pub recorded: Option<String>,
    /// Whether the site shows these data now.
    pub current: bool,
    pub note: Option<String>,
    /// For a correction: the release it corrects, and why.
    pub corrects: Option<LinkView>,
    pub reason: Option<String>,
    /// The later versions that correct this one.
    pub corrected_by: Vec<LinkView>,
    pub figures: Vec<FactView>,
    /// The version it is compared with; None for the first of its period.
    pub previous: Option<LinkView>,
    /// What changed since `previous`, one line per kind of change.
    pub changes: Vec<String>,
    /// The figures published before that this version revises, a table
    /// per published table.
    pub revised: Vec<TableView>,
    pub revised_note: Option<String>,
    /// Its frozen files under `data/rilis/<id>/`: the archive, reports
    /// and descriptions, then the tables one by one.
    pub files: Vec<FileLinkView>,
    pub csv: Vec<LinkView>,
    pub json: Vec<LinkView>,
}
