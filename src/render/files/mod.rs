//! The files that are not pages: the published data (`data.rs`: every table
//! as CSV and JSON, `summary.json`, `datapackage.json`, checksums), the
//! workbook of it (`xlsx.rs`) and the archive (`zip.rs`), the search index
//! (`search.rs`), the Atom feed (`feed.rs`), `robots.txt` and `sitemap.xml`
//! (`sitemap.rs`), the share image (`share.rs`), and the officers'
//! spreadsheet template (`template.rs`), which `jaring template` writes;
//! `workbook.rs` is what the spreadsheets share.
//!
//! Imports the model, the history of versions, the strings and number
//! formats, the views, the sections (the feed links to the Releases page)
//! and the drawing (for the share image); nothing of the figures or pages,
//! which build on the tables and the search index declared here.

pub mod data;
pub mod feed;
pub mod rilis;
pub mod search;
pub mod share;
pub mod sitemap;
pub mod template;
pub mod workbook;
pub mod xlsx;
pub mod zip;

use super::strings::Strings;
use super::{OutputFile, SiteLanguage};
use crate::diag::{Diagnostic, Diagnostics, Place};
use crate::load::releases::ReleaseId;
use crate::load::values::MOST_CELL_CHARACTERS;
use crate::model::Model;
use data::DataTable;

/// Each table of `data/` as CSV and JSON, then `summary.json`, by their
/// names there: made once, compared by the version history with the
/// recorded releases, and published as they are.
pub struct TableFiles(Vec<(String, Vec<u8>)>);

impl TableFiles {
    pub fn new(model: &Model, tables: &[DataTable]) -> TableFiles {
        let mut files: Vec<(String, Vec<u8>)> = tables
            .iter()
            .flat_map(|table| table_files(table.name(), table))
            .map(|file| (file.path, file.bytes))
            .collect();
        files.push(("summary.json".into(), data::summary_json(model)));
        TableFiles(files)
    }

    /// Adds `table`'s files after the other tables'.
    pub fn add(&mut self, table: &DataTable) {
        let at = self.0.len() - 1;
        let added = table_files(table.name(), table).map(|file| (file.path, file.bytes));
        self.0.splice(at..at, added);
    }

    pub fn named(&self) -> &[(String, Vec<u8>)] {
        &self.0
    }
}

/// Everything in `data/`: each table and `summary.json` (`table_files`),
/// the workbook of the tables, `datapackage.json`, the archive of them all,
/// and the checksums of every file there. The workbook and the archive are
/// named by `release`, the version these data are.
pub fn data_folder(
    model: &Model,
    tables: &[DataTable],
    table_files: &TableFiles,
    release: ReleaseId,
    languages: &[SiteLanguage],
    primary: &Strings,
    diagnostics: &mut Diagnostics,
) -> Vec<OutputFile> {
    let mut files: Vec<OutputFile> = table_files
        .named()
        .iter()
        .map(|(name, bytes)| OutputFile {
            path: format!("data/{name}"),
            bytes: bytes.clone(),
        })
        .collect();
    let workbook = xlsx::data_workbook(model, tables, release, languages)
        .map_err(|error| {
            diagnostics.push(unwritable_workbook(
                &xlsx::data_workbook_path(release),
                error,
            ));
        })
        .ok();
    let workbook_name = workbook
        .as_ref()
        .and_then(|file| file.path.strip_prefix("data/"));
    files.push(OutputFile {
        path: "data/datapackage.json".into(),
        bytes: data::datapackage(model, tables, workbook_name, primary),
    });
    files.extend(workbook);
    let data_files: Vec<OutputFile> = files.clone();
    files.push(zip::data_zip(
        model,
        tables,
        &data_files,
        release,
        languages,
    ));
    files.push(OutputFile {
        path: "data/checksums.sha256".into(),
        bytes: data::checksums(&files),
    });
    files
}

/// A table as `BASE.csv` and its JSON twin `BASE.json`.
pub fn table_files(base: &str, table: &DataTable) -> [OutputFile; 2] {
    [
        OutputFile {
            path: format!("{base}.csv"),
            bytes: table.csv(),
        },
        OutputFile {
            path: format!("{base}.json"),
            bytes: table.json(),
        },
    ]
}

/// A workbook rust_xlsxwriter refused: a cell or a sheet beyond what a
/// spreadsheet holds (CSV and JSON have no such limits, but every file of
/// the site is published or none).
pub fn unwritable_workbook(path: &str, error: rust_xlsxwriter::XlsxError) -> Diagnostic {
    Diagnostic::error(
        Place::file(path),
        format!("cannot write the workbook: {error}"),
    )
    .with_hint(format!(
        "a spreadsheet cell holds at most {MOST_CELL_CHARACTERS} characters and a sheet 1048576 rows: shorten the text in data/ that is longer",
    ))
}
