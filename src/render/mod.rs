//! Render: turn the model into every output file (pages, charts, data files)
//! in memory. Nothing here touches the disk; [`crate::write`] does that.

pub mod charts;
pub mod data_files;
pub mod escape;
pub mod figures;
pub mod locale;
pub mod markdown;
pub mod pages;
pub mod strings;

use crate::calendar::Date;
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{Page, TemplateFile};
use crate::model::Model;

/// What every renderer reads: the model, in one language.
pub struct RenderContext<'a> {
    pub model: &'a Model,
    pub strings: &'a strings::Strings,
    pub locale: &'a locale::Locale,
}

/// One file of the built site: its path below the output folder (`/`-separated) and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Renders the whole site, sorted by path; None when a template or a content
/// page failed (every failure is in `diagnostics`).
pub fn render(
    model: &Model,
    content: &[Page],
    templates: &[TemplateFile],
    built_on: Date,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<OutputFile>> {
    let errors_before = diagnostics.error_count();
    let strings = strings::Strings::indonesian();
    let locale = locale::INDONESIAN;

    let tables = data_files::tables(model);
    let mut files = Vec::new();
    for table in &tables {
        files.push(OutputFile {
            path: format!("data/{}.csv", table.name),
            bytes: table.csv(),
        });
        files.push(OutputFile {
            path: format!("data/{}.json", table.name),
            bytes: table.json(),
        });
    }
    files.push(OutputFile {
        path: "data/summary.json".into(),
        bytes: data_files::summary_json(model),
    });
    files.push(OutputFile {
        path: "data/datapackage.json".into(),
        bytes: data_files::datapackage(model, &tables, &strings),
    });
    files.push(OutputFile {
        path: "data/checksums.sha256".into(),
        bytes: data_files::checksums(&files),
    });

    let context = RenderContext {
        model,
        strings: &strings,
        locale: &locale,
    };
    let figures = figures::figures(&context);
    let renderer = pages::PageRenderer::new(
        &context,
        &figures,
        content,
        templates,
        built_on,
        diagnostics,
    )?;
    let pages = renderer.render_all(&tables, &files, diagnostics);
    files.extend(pages);

    for (name, built_in) in pages::BUILT_IN
        .iter()
        .filter(|(name, _)| name.starts_with("assets/"))
    {
        let text = templates
            .iter()
            .find(|t| t.name == *name)
            .map_or(*built_in, |t| t.text.as_str());
        files.push(OutputFile {
            path: name.to_string(),
            bytes: text.as_bytes().to_vec(),
        });
    }
    for page in content {
        if !pages::is_used_content(&page.name) {
            diagnostics.push(
                Diagnostic::warning(&page.path, 0, 0, "this page is not part of the site and is not published")
                    .with_hint("the site uses _index.md, cakupan.md, anggaran.md, klaim.md, metodologi.md and kualitas-data.md"),
            );
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    (diagnostics.error_count() == errors_before).then_some(files)
}
