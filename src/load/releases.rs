//! `releases/`: the releases `jaring release` recorded, each read with its
//! `release.toml` and checked against the SHA-256 it lists, so a hand edit
//! is found (every problem at once) rather than built upon or published.
//! Nothing here writes: recording a release is the `release` command's.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use walkdir::WalkDir;

use super::RELEASES_FOLDER;
use super::links::shown_path;
use crate::calendar::Date;
use crate::diag::{Diagnostic, Diagnostics, Place};
use crate::text::mask::mask;
use crate::text::personal_data::find_personal_value;

/// The file in each release folder that describes it and lists its files.
pub const RECORD_FILE: &str = "release.toml";

const RESTORE_HINT: &str = "a recorded release is never edited: restore its folder from version control (e.g. `git checkout -- releases/`)";

/// A release's name: its as_of date, then `-r2`, `-r3`... for corrections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReleaseId {
    pub as_of: Date,
    /// 1 for the first release of an as_of.
    pub revision: u32,
}

impl ReleaseId {
    pub fn parse(name: &str) -> Option<ReleaseId> {
        let as_of = Date::parse(name.get(..10)?)?;
        let revision = match name.get(10..)? {
            "" => 1,
            suffix => {
                let digits = suffix.strip_prefix("-r")?;
                let revision: u32 = digits.parse().ok()?;
                // One spelling per release: no `-r02`, no `-r1`, no `-r+2`.
                if revision < 2 || digits != revision.to_string() {
                    return None;
                }
                revision
            }
        };
        Some(ReleaseId { as_of, revision })
    }

    /// The id of the release that corrects this one.
    pub fn correction(self) -> ReleaseId {
        ReleaseId {
            revision: self.revision + 1,
            ..self
        }
    }
}

impl fmt::Display for ReleaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.revision {
            1 => write!(f, "{}", self.as_of),
            revision => write!(f, "{}-r{revision}", self.as_of),
        }
    }
}

/// `release.toml`, as written and read back.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseRecord {
    pub id: String,
    pub as_of: String,
    pub period_start: String,
    pub period_end: String,
    /// RFC 3339, UTC.
    pub recorded_at: String,
    pub jaring_version: String,
    /// The site's `[privacy] min_cell` when the release was recorded, which
    /// its tables were suppressed under; none in the records of releases
    /// made before jaring wrote it down.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_cell: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The release this one corrects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrects: Option<String>,
    /// What was wrong with the release it corrects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Every file of the release but release.toml: path -> SHA-256 (hex).
    pub files: BTreeMap<String, String>,
}

/// A release as recorded under `releases/`, checked against its record.
#[derive(Debug, Clone)]
pub struct RecordedRelease {
    pub id: ReleaseId,
    pub record: ReleaseRecord,
    /// Its files as recorded (release.toml aside), by path in the release
    /// folder: the site publishes them again, frozen, byte for byte.
    pub files: Vec<(String, Vec<u8>)>,
}

#[cfg(test)]
impl ReleaseRecord {
    /// The record `jaring release` writes for release `id` of a 2026
    /// program, without note or correction: for the tests of what reads one.
    pub fn of_2026(id: &str) -> ReleaseRecord {
        ReleaseRecord {
            id: id.into(),
            as_of: id[..10].into(),
            period_start: "2026-01".into(),
            period_end: "2026-12".into(),
            recorded_at: "2026-11-01T08:00:00Z".into(),
            jaring_version: "0.1.0".into(),
            min_cell: None,
            note: None,
            corrects: None,
            reason: None,
            files: BTreeMap::new(),
        }
    }
}

impl RecordedRelease {
    /// A file of the release by its path in the release folder.
    pub fn file(&self, path: &str) -> Option<&[u8]> {
        self.files
            .iter()
            .find(|(name, _)| name == path)
            .map(|(_, bytes)| bytes.as_slice())
    }

    /// The published table `NAME.csv` of the release, as its text; None
    /// when the release has no such table (an older jaring published
    /// fewer) or it is not CSV.
    pub fn table(&self, name: &str) -> Option<PublishedTable> {
        PublishedTable::parse(self.file(&format!("{name}.csv"))?)
    }

    /// The release's `summary.json`; None when it has none.
    pub fn summary(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(self.file("summary.json")?).ok()
    }
}

/// A published CSV table as readers downloaded it: its header and the text
/// of every cell (an empty cell is a suppressed one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedTable {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl PublishedTable {
    pub fn parse(bytes: &[u8]) -> Option<PublishedTable> {
        let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
        let columns = reader.headers().ok()?.iter().map(str::to_string).collect();
        let rows = reader
            .records()
            .map(|record| record.map(|r| r.iter().map(str::to_string).collect()))
            .collect::<Result<_, _>>()
            .ok()?;
        Some(PublishedTable { columns, rows })
    }

    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|column| column == name)
    }
}

/// Every text cell of a release's CSV table that looks like personal data,
/// masked, at its line and column. Numbers are published figures, not
/// text, and are not searched.
fn personal_data_in(path: &str, bytes: &[u8]) -> Vec<Diagnostic> {
    let Some(table) = PublishedTable::parse(bytes) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (row_index, row) in table.rows.iter().enumerate() {
        for (column_index, cell) in row.iter().enumerate() {
            if cell.parse::<f64>().is_ok() {
                continue;
            }
            let Some(personal) = find_personal_value(cell) else {
                continue;
            };
            let shown = mask(&cell[personal.start..personal.end], personal.kind);
            // Line 1 is the header.
            let place = Place::position(path, row_index + 2, column_index + 1);
            found.push(
                Diagnostic::error(
                    place,
                    format!("this release holds what looks like {}: '{shown}'", personal.kind.describe()),
                )
                .with_hint("a release holds only published data: remove this release and record it again with jaring release"),
            );
        }
    }
    found
}

/// Whether a file of a release holds its figures: a table (CSV or JSON)
/// or summary.json. The rest describes or packs them (datapackage.json,
/// checksums, the archive, the reports) or compares versions
/// (revisions.csv), and may change while the figures do not.
pub fn is_figure_file(name: &str) -> bool {
    !name.contains('/')
        && (name.ends_with(".csv") || name.ends_with(".json"))
        && name != "datapackage.json"
        && !name.starts_with("revisions.")
}

/// A file's SHA-256 as release.toml lists it: lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Every release under `releases/`, each checked against its release.toml;
/// every problem is reported. Hidden entries (an interrupted run's staging
/// folder, `.gitkeep`) are not releases.
pub fn load_releases(root: &Path, diagnostics: &mut Diagnostics) -> Vec<RecordedRelease> {
    let folder = root.join(RELEASES_FOLDER);
    if fs::symlink_metadata(&folder).is_ok_and(|m| m.file_type().is_symlink()) {
        diagnostics.push(
            Diagnostic::error(
                Place::folder(RELEASES_FOLDER),
                "releases/ is a link: the site's releases are published from it, so it must be the site's own folder",
            )
            .with_hint("replace the link by the folder itself"),
        );
        return Vec::new();
    }
    let entries = match fs::read_dir(&folder) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Vec::new(),
        Err(error) => {
            diagnostics.push(Diagnostic::error(
                Place::folder(RELEASES_FOLDER),
                format!("cannot read the releases: {error}"),
            ));
            return Vec::new();
        }
    };
    let mut names: Vec<_> = entries
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().to_string())
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|name| {
            let shown = format!("{RELEASES_FOLDER}/{name}");
            let is_folder = fs::symlink_metadata(folder.join(&name)).is_ok_and(|m| m.is_dir());
            match ReleaseId::parse(&name) {
                Some(id) if is_folder => {
                    check_release(&folder.join(&name), &shown, id, diagnostics)
                }
                _ => {
                    diagnostics.push(
                        Diagnostic::error(
                            Place::file(shown),
                            "this is not a release jaring recorded: a release is a folder named by its as_of, such as 2026-10-31 or 2026-10-31-r2",
                        )
                        .with_hint("releases/ holds only what `jaring release` records: move this elsewhere"),
                    );
                    None
                }
            }
        })
        .collect()
}

/// Reads a release's record and checks its files against it: none
/// missing, none added, none changed.
fn check_release(
    folder: &Path,
    shown: &str,
    id: ReleaseId,
    diagnostics: &mut Diagnostics,
) -> Option<RecordedRelease> {
    let record_path = format!("{shown}/{RECORD_FILE}");
    let text = match fs::read_to_string(folder.join(RECORD_FILE)) {
        Ok(text) => text,
        Err(error) => {
            diagnostics.push(
                Diagnostic::error(
                    Place::file(&record_path),
                    format!("cannot read this release's record: {error}"),
                )
                .with_hint(RESTORE_HINT),
            );
            return None;
        }
    };
    let record: ReleaseRecord = match toml::from_str(&text) {
        Ok(record) => record,
        Err(error) => {
            let message = format!("this release's record cannot be read: {}", error.message());
            let diagnostic = match error.span() {
                Some(span) => Diagnostic::error_at(&record_path, &text, span, message),
                None => Diagnostic::error(Place::file(&record_path), message),
            };
            diagnostics.push(diagnostic.with_hint(RESTORE_HINT));
            return None;
        }
    };
    let mut problem = |path: String, message: String| {
        diagnostics.push(Diagnostic::error(Place::file(path), message).with_hint(RESTORE_HINT));
    };
    if record.id != id.to_string() {
        problem(
            record_path.clone(),
            format!(
                "this record names release {}, but its folder is {id}",
                record.id
            ),
        );
    }
    let mut seen = Vec::new();
    let mut files = Vec::new();
    let mut refused = Vec::new();
    for entry in WalkDir::new(folder).min_depth(1).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                problem(
                    shown.to_string(),
                    format!("cannot read this release: {error}"),
                );
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        if entry.path_is_symlink() {
            // A release's files are published again as they are: a link
            // with a matching checksum would publish whatever it points
            // to (the members file, a file outside the site).
            problem(
                format!("{shown}/{}", shown_path(folder, entry.path())),
                "this is a link: a release holds only the files jaring recorded".into(),
            );
            continue;
        }
        let relative = shown_path(folder, entry.path());
        if relative == RECORD_FILE {
            continue;
        }
        let shown_file = format!("{shown}/{relative}");
        match record.files.get(&relative) {
            None => problem(
                shown_file,
                format!(
                    "this file is not in the release's {RECORD_FILE}: it was added after the release was recorded"
                ),
            ),
            Some(expected) => match fs::read(entry.path()) {
                Ok(bytes) if sha256_hex(&bytes) == *expected => {
                    // The checksums show the files are as recorded, not that
                    // jaring recorded them: a release made by hand is
                    // republished too, so its tables are read for what no
                    // published file may hold.
                    if relative.ends_with(".csv") {
                        refused.extend(personal_data_in(&shown_file, &bytes));
                    }
                    files.push((relative.clone(), bytes));
                }
                Ok(_) => problem(
                    shown_file,
                    format!(
                        "this file changed after the release was recorded: its SHA-256 differs from {RECORD_FILE}"
                    ),
                ),
                Err(error) => problem(shown_file, format!("cannot read this file: {error}")),
            },
        }
        seen.push(relative);
    }
    for path in record.files.keys().filter(|path| !seen.contains(path)) {
        problem(
            format!("{shown}/{path}"),
            format!("this file of the release is missing (it is listed in {RECORD_FILE})"),
        );
    }
    for diagnostic in refused {
        diagnostics.push(diagnostic);
    }
    Some(RecordedRelease { id, record, files })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_release_table_holding_personal_data_is_refused_masked_at_its_cell() {
        let csv = "sector,sector_name,members_current\r\npetani,Petani,12\r\nnelayan,Pak Budi 0812 3456 7890,0812345678\r\n";
        let found = personal_data_in("releases/2026-10-31/coverage_by_sector.csv", csv.as_bytes());
        let printed: Vec<String> = found.iter().map(|d| d.render(false)).collect();
        // The name cell only: a number is a published figure.
        assert_eq!(printed.len(), 1, "{printed:?}");
        assert!(
            printed[0].starts_with(
                "releases/2026-10-31/coverage_by_sector.csv:3:2: error: this release holds what looks like a phone number"
            ),
            "{printed:?}"
        );
        assert!(!printed[0].contains("3456 7890"), "{printed:?}");
        let clean = "sector,sector_name,members_current\r\npetani,Petani,12\r\n";
        assert!(personal_data_in("x.csv", clean.as_bytes()).is_empty());
    }
}
