//! The archive of every data file, with a README in each language.

use std::io::Write;

use crate::load::releases::ReleaseId;
use crate::model::Model;
use crate::render::files::data::DataTable;
use crate::render::{OutputFile, SiteLanguage};

/// `data/data-RELEASE.zip`: every published data file and a README with the
/// data dictionary, licence and how to cite, in each language of the site.
/// Named, as the workbook beside it, by the release the data are (or will
/// be recorded as): a correction's archive is not saved over the one of the
/// release it corrects. Entries are sorted and dated `as_of`, so the
/// archive is reproducible.
pub fn data_zip(
    model: &Model,
    tables: &[DataTable],
    data_files: &[OutputFile],
    release: ReleaseId,
    languages: &[SiteLanguage],
) -> OutputFile {
    let (year, month, day) = model.program.as_of.parts();
    let dated = zip::DateTime::from_date_and_time(
        year.clamp(1980, 2107) as u16,
        month as u8,
        day as u8,
        0,
        0,
        0,
    )
    .unwrap_or_default();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(dated)
        .unix_permissions(0o644);
    let folder = format!("data-{release}");
    let mut entries: Vec<(String, Vec<u8>)> = data_files
        .iter()
        .filter_map(|file| {
            Some((
                format!("{folder}/{}", file.path.strip_prefix("data/")?),
                file.bytes.clone(),
            ))
        })
        .collect();
    entries.push((
        format!("{folder}/README.txt"),
        readme(model, tables, languages).into_bytes(),
    ));
    entries.sort();
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        writer
            .start_file(name, options)
            .expect("writing a zip to memory cannot fail");
        writer
            .write_all(&bytes)
            .expect("writing a zip to memory cannot fail");
    }
    let bytes = writer
        .finish()
        .expect("writing a zip to memory cannot fail")
        .into_inner();
    OutputFile {
        path: format!("data/{folder}.zip"),
        bytes,
    }
}

fn readme(model: &Model, tables: &[DataTable], languages: &[SiteLanguage]) -> String {
    let mut text = String::new();
    for language in languages {
        let (strings, locale) = (&language.strings, &language.locale);
        let program = &model.program;
        text.push_str(&strings.fill("zip.readme_title", &[("program", &program.name)]));
        text.push_str("\n\n");
        text.push_str(strings.get("zip.intro"));
        text.push_str("\n\n");
        text.push_str(&match &model.config.license {
            Some(license) => strings.fill("zip.licence", &[("license", license)]),
            None => strings.get("zip.licence_missing").to_string(),
        });
        text.push('\n');
        // Whoever made the boundaries the site's maps draw is credited with
        // the data they illustrate.
        if let (Some(_), Some(credit)) = (&model.boundaries, &model.config.map_credit) {
            text.push_str(&strings.fill("zip.map_credit", &[("credit", credit)]));
            text.push('\n');
        }
        text.push_str(&strings.fill(
            "zip.cite",
            &[
                ("administrator", &program.administrator),
                ("program", &program.name),
                ("date", &locale.date(program.as_of)),
            ],
        ));
        text.push_str("\n\n");
        text.push_str(strings.get("zip.dictionary"));
        text.push('\n');
        for table in tables {
            text.push_str(&format!(
                "\n{}.csv: {}\n",
                table.name(),
                strings.get(&format!("files.{}.title", table.name()))
            ));
            for column in &table.columns {
                text.push_str(&format!(
                    "  {} ({}): {}. {}\n",
                    column.name,
                    column.kind.frictionless(),
                    strings.column(table.name(), column.name, "meaning"),
                    strings.column(table.name(), column.name, "definition")
                ));
            }
        }
        text.push_str("\n\n");
    }
    text.trim_end().to_string() + "\n"
}
