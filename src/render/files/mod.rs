//! The files that are not pages: the published data (`data.rs`: every table
//! as CSV and JSON, `summary.json`, `datapackage.json`, checksums), the
//! archive of it (`zip.rs`), the search index (`search.rs`), the Atom feed
//! (`feed.rs`), `robots.txt` and `sitemap.xml` (`sitemap.rs`) and the share
//! image (`share.rs`).
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
pub mod zip;

use super::strings::Strings;
use super::{OutputFile, SiteLanguage};
use crate::model::Model;
use data::DataTable;

/// Everything in `data/`: each table, `summary.json`, `datapackage.json`,
/// the archive of them all, and the checksums of every file there.
pub fn data_folder(
    model: &Model,
    tables: &[DataTable],
    languages: &[SiteLanguage],
    primary: &Strings,
) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for table in tables {
        files.extend(table_files(&format!("data/{}", table.name()), table));
    }
    files.push(OutputFile {
        path: "data/summary.json".into(),
        bytes: data::summary_json(model),
    });
    files.push(OutputFile {
        path: "data/datapackage.json".into(),
        bytes: data::datapackage(model, tables, primary),
    });
    let data_files: Vec<OutputFile> = files.clone();
    files.push(zip::data_zip(model, tables, &data_files, languages));
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
