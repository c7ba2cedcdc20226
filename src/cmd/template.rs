//! `jaring template [DIR] [--with-data DATA]`: writes the spreadsheet
//! template officers fill in (`DIR/jaring-template.xlsx`, see
//! [`crate::render::files::template`]); with `--with-data`, filled with the
//! CSV tables of a data folder, so a site kept as CSV files moves to a
//! workbook in one step.

use std::io::Write;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use super::{CommandError, report};
use crate::calendar::Date;
use crate::diag::Diagnostics;
use crate::load::raw_tables::read_raw_tables;
use crate::load::schema::INPUT_TABLES;
use crate::render::files::template::{TEMPLATE_FILE, template};

pub fn run(folder: &Path, with_data: Option<&Path>) -> Result<(), CommandError> {
    let path = folder.join(TEMPLATE_FILE);
    if path.symlink_metadata().is_ok() {
        return Err(CommandError::Usage {
            problem: format!(
                "{} exists; jaring does not replace a workbook that may hold someone's work",
                path.display()
            ),
            hint: Some("move or rename it, or give another folder"),
        });
    }
    let mut diagnostics = Diagnostics::default();
    let data = match with_data {
        Some(data) if !data.is_dir() => {
            return Err(CommandError::usage(format!(
                "--with-data: {} is not a folder",
                data.display()
            )));
        }
        Some(data) => {
            let tables = read_raw_tables(data, &mut diagnostics);
            if tables.is_empty() && diagnostics.error_count() == 0 {
                // A template said to be filled but empty would be mistaken
                // for the data: the site's folder given instead of data/.
                let files: Vec<String> = INPUT_TABLES
                    .iter()
                    .map(|table| format!("{}.csv", table.name))
                    .collect();
                return Err(CommandError::Usage {
                    problem: format!(
                        "--with-data: {} holds none of the tables' CSV files ({})",
                        data.display(),
                        files.join(", ")
                    ),
                    hint: Some("give the site's data/ folder, e.g. --with-data data"),
                });
            }
            tables
        }
        None => Vec::new(),
    };
    let created = creation_date(&mut diagnostics);
    report(&diagnostics);
    let Some(created) = created.filter(|_| diagnostics.error_count() == 0) else {
        return Err(CommandError::InvalidInput {
            note: Some("no template written: fix the errors above and run again"),
        });
    };
    let bytes = template(&data, created).map_err(|error| {
        CommandError::Unwritable(format!("cannot write {}: {error}", path.display()))
    })?;
    write_new(folder, &path, &bytes)?;
    match with_data {
        None => crate::cmd::say!(
            "wrote {}: fill in a sheet per table, then save it as data/data.xlsx in the site's folder",
            path.display()
        ),
        Some(data) => crate::cmd::say!(
            "wrote {} with the tables of {}: save it as data/data.xlsx in the site's folder, in place of the CSV files",
            path.display(),
            data.display()
        ),
    }
    Ok(())
}

/// The workbook's creation date: SOURCE_DATE_EPOCH's day when set (so the
/// template can be made reproducibly), else today's (UTC). None, with an
/// error, for a SOURCE_DATE_EPOCH that is not a number of seconds.
fn creation_date(diagnostics: &mut Diagnostics) -> Option<Date> {
    let seconds = match super::source_date_epoch() {
        None => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs() as i64),
        Some(Ok(seconds)) => seconds,
        Some(Err(text)) => {
            diagnostics.push(super::not_seconds_since_1970(&text));
            return None;
        }
    };
    let date = Date::from_days_since_epoch(seconds.div_euclid(86_400));
    if date.is_none() {
        diagnostics.push(super::not_seconds_since_1970(&seconds.to_string()));
    }
    date
}

/// Writes `bytes` to `path`, a file that must not exist yet (checked again
/// as it is created); a file left half-written is removed.
fn write_new(folder: &Path, path: &Path, bytes: &[u8]) -> Result<(), CommandError> {
    let unwritable = |error: std::io::Error| {
        CommandError::Unwritable(format!("cannot write {}: {error}", path.display()))
    };
    std::fs::create_dir_all(folder).map_err(unwritable)?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(unwritable)?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|error| {
            let _ = std::fs::remove_file(path);
            unwritable(error)
        })
}
