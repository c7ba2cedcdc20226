//! Render: turn the model into every output file (pages, charts, data files)
//! in memory. Nothing here touches the disk; [`crate::write`] does that.
//!
//! The data files are written once; the pages, charts and their images once
//! per language of the site: the first language at the root, the others
//! under their code (`en/`).

pub mod cache;
pub mod charts;
pub mod data_files;
pub mod escape;
pub mod figures;
pub mod locale;
pub mod markdown;
pub mod pages;
pub mod report;
pub mod site_files;
pub mod strings;

use crate::calendar::Date;
use crate::diag::{Diagnostic, Diagnostics, Place};
use crate::load::{Page, TemplateFile};
use crate::model::Model;

/// PNG charts are drawn at twice the SVG's size, sharp on high-density screens.
const PNG_SCALE: f64 = 2.0;

/// One language of the site.
#[derive(Debug, Clone)]
pub struct Language {
    pub code: &'static str,
    /// Where its pages go: "" for the main language, "en/" for the others.
    pub prefix: String,
    /// The language's name in itself, for the language switch.
    pub name: String,
}

/// What every renderer reads: the model, in one language.
pub struct RenderContext<'a> {
    pub model: &'a Model,
    pub strings: &'a strings::Strings,
    pub locale: &'a locale::Locale,
    pub language: &'a Language,
    pub languages: &'a [Language],
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
    cache: &cache::Cache,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<OutputFile>> {
    let errors_before = diagnostics.error_count();
    for warning in pages::unused_site_templates(templates) {
        diagnostics.push(warning);
    }
    let languages = site_languages(model);
    let primary =
        strings::Strings::of(languages[0].code).expect("site languages are checked on load");

    let tables = data_files::tables(model);
    let mut files = Vec::new();
    for table in &tables {
        files.extend(table_files(&format!("data/{}", table.name), table));
    }
    files.push(OutputFile {
        path: "data/summary.json".into(),
        bytes: data_files::summary_json(model),
    });
    files.push(OutputFile {
        path: "data/datapackage.json".into(),
        bytes: data_files::datapackage(model, &tables, &primary),
    });
    let data_files: Vec<OutputFile> = files.clone();
    files.push(site_files::data_zip(
        model,
        &tables,
        &data_files,
        &languages,
    ));
    files.push(OutputFile {
        path: "data/checksums.sha256".into(),
        bytes: data_files::checksums(&files),
    });
    for table in data_files::chart_tables(&tables) {
        files.extend(table_files(&format!("grafik/{0}/{0}", table.name), &table));
    }

    let mut search_pages = Vec::new();
    // Typesetting a PDF is the slowest step: each language's report goes to
    // a second thread as soon as its source is ready, while this one draws
    // the charts and pages.
    let (complete, typeset) = std::thread::scope(|scope| {
        let (send_report, receive_report) = std::sync::mpsc::channel::<ReportJob>();
        let typesetter = scope.spawn(move || {
            receive_report
                .into_iter()
                .map(|job| job.typeset(cache))
                .collect::<Vec<_>>()
        });
        // Stopping early still joins the typesetter: its errors are reported too.
        let mut complete = true;
        for language in &languages {
            let strings =
                strings::Strings::of(language.code).expect("site languages are checked on load");
            let locale = locale::Locale::of(language.code)
                .expect("every language with strings has a locale");
            let context = RenderContext {
                model,
                strings: &strings,
                locale: &locale,
                language,
                languages: &languages,
            };
            let figures = figures::figures(&context);
            let pages = content_for(content, language, &languages[0], diagnostics);
            let Some(renderer) = pages::PageRenderer::new(
                &context,
                &figures,
                &pages,
                templates,
                built_on,
                diagnostics,
            ) else {
                complete = false;
                break;
            };
            let (mut rendered, mut searched) = renderer.render_all(&tables, &files, diagnostics);
            let Some(report) = renderer.report(diagnostics) else {
                complete = false;
                break;
            };
            rendered.push(report.page);
            searched.push(report.search);
            let pdf_path = format!("{}{}", language.prefix, renderer.report_pdf_name());
            // Fails only when the typesetter has panicked, which its join reports.
            let _ = send_report.send(ReportJob::new(
                &context,
                &figures,
                pdf_path,
                report.typst,
                built_on,
            ));
            for figure in &figures {
                let base = format!("{}grafik/{1}/{1}", language.prefix, figure.id);
                files.push(OutputFile {
                    path: format!("{base}.svg"),
                    bytes: charts::standalone(&figure.svg).into_bytes(),
                });
                // The SVG at the PNG's scale names everything the PNG draws.
                let drawn = figure.chart.svg_at(PNG_SCALE);
                let png = cache.get_or_make("png", &[drawn.as_bytes()], || {
                    Ok::<_, std::convert::Infallible>(figure.chart.png(PNG_SCALE))
                });
                files.push(OutputFile {
                    path: format!("{base}.png"),
                    bytes: png.unwrap_or_else(|never| match never {}),
                });
            }
            files.push(OutputFile {
                path: format!("{}share.png", language.prefix),
                bytes: site_files::share_image(&context),
            });
            files.push(site_files::search_index(language, &searched));
            files.push(site_files::feed(&context));
            search_pages.extend(rendered.iter().map(|page| page.path.clone()));
            files.extend(rendered);
        }
        drop(send_report);
        (complete, typesetter.join())
    });
    add_reports(typeset, &mut files, diagnostics);
    if !complete {
        return None;
    }
    files.push(site_files::robots(model));
    if let Some(sitemap) = site_files::sitemap(model, &search_pages) {
        files.push(sitemap);
    }

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
                Diagnostic::warning(Place::file(&page.path), "this page is not part of the site and is not published").with_hint(
                    "the site uses _index.md, cakupan.md, anggaran.md, klaim.md, metodologi.md and kualitas-data.md, and their translations such as metodologi.en.md",
                ),
            );
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    (diagnostics.error_count() == errors_before).then_some(files)
}

/// A report's path and its PDF, or why Typst could not make it.
type TypesetReport = (String, Result<Vec<u8>, String>);

/// The typesetter's PDFs into `files`, its failures into `diagnostics`.
fn add_reports(
    typeset: std::thread::Result<Vec<TypesetReport>>,
    files: &mut Vec<OutputFile>,
    diagnostics: &mut Diagnostics,
) {
    let Ok(reports) = typeset else {
        diagnostics.push(
            Diagnostic::error(
                Place::file("templates/laporan.typ"),
                "Typst stopped unexpectedly while typesetting the PDF report",
            )
            .with_hint(
                "a fault in Typst, not in the data; if templates/laporan.typ is yours, delete it to try the built-in one",
            ),
        );
        return;
    };
    for (path, pdf) in reports {
        match pdf {
            Ok(bytes) => files.push(OutputFile { path, bytes }),
            Err(message) => diagnostics.push(
                Diagnostic::error(
                    Place::file("templates/laporan.typ"),
                    format!("the PDF report {path} cannot be typeset: {message}"),
                )
                .with_hint("fix templates/laporan.typ, or delete it to use the built-in one"),
            ),
        }
    }
}

/// One language's report, ready to typeset.
struct ReportJob {
    /// Where the PDF goes in the site.
    path: String,
    /// The report as Typst markup.
    source: String,
    /// The charts it draws, by the path the source names them by.
    charts: Vec<(String, Vec<u8>)>,
    date: Date,
    /// Names the document stably across builds.
    ident: String,
}

impl ReportJob {
    fn new(
        context: &RenderContext,
        figures: &[figures::Figure],
        path: String,
        source: String,
        date: Date,
    ) -> Self {
        let program = &context.model.program;
        ReportJob {
            path,
            source,
            charts: figures
                .iter()
                .map(|figure| {
                    (
                        format!("charts/{}.svg", figure.id),
                        report::chart_for_print(&figure.chart.svg()),
                    )
                })
                .collect(),
            date,
            ident: format!(
                "{}|{}|{}",
                program.name, program.as_of, context.language.code
            ),
        }
    }

    /// The PDF, from the build cache when it holds one made of the same
    /// inputs; with the path it goes to.
    fn typeset(self, cache: &cache::Cache) -> TypesetReport {
        let date = self.date.to_string();
        let mut inputs: Vec<&[u8]> = vec![
            self.source.as_bytes(),
            date.as_bytes(),
            self.ident.as_bytes(),
        ];
        for (path, bytes) in &self.charts {
            inputs.extend([path.as_bytes(), bytes.as_slice()]);
        }
        let pdf = cache.get_or_make("pdf", &inputs, || {
            report::pdf(&self.source, self.charts.clone(), self.date, &self.ident)
        });
        (self.path, pdf)
    }
}

/// A table as `BASE.csv` and its JSON twin `BASE.json`.
fn table_files(base: &str, table: &data_files::DataTable) -> [OutputFile; 2] {
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

fn site_languages(model: &Model) -> Vec<Language> {
    let codes: Vec<&'static str> = model
        .config
        .languages
        .iter()
        .filter_map(|code| {
            strings::LANGUAGES
                .iter()
                .find(|(known, _)| known == code)
                .map(|(known, _)| *known)
        })
        .collect();
    let codes = if codes.is_empty() { vec!["id"] } else { codes };
    codes
        .iter()
        .enumerate()
        .map(|(index, &code)| Language {
            code,
            prefix: if index == 0 {
                String::new()
            } else {
                format!("{code}/")
            },
            name: strings::Strings::of(code)
                .expect("listed languages have strings")
                .get("site.language_name")
                .to_string(),
        })
        .collect()
}

/// The content pages of one language: `NAME.CODE.md` where it exists, else
/// the main language's `NAME.md` with a warning that the translation is missing.
fn content_for(
    content: &[Page],
    language: &Language,
    primary: &Language,
    diagnostics: &mut Diagnostics,
) -> Vec<Page> {
    content
        .iter()
        .filter(|page| !page.name.contains('.'))
        .map(|page| {
            if language.code == primary.code {
                return page.clone();
            }
            let translated = format!("{}.{}", page.name, language.code);
            match content
                .iter()
                .find(|candidate| candidate.name == translated)
            {
                Some(translation) => Page {
                    name: page.name.clone(),
                    ..translation.clone()
                },
                None => {
                    diagnostics.push(
                        Diagnostic::warning(
                            Place::file(&page.path),
                            format!(
                                "no {} translation: the {} site shows this page untranslated",
                                language.code, language.name
                            ),
                        )
                        .with_hint(format!("add content/{translated}.md")),
                    );
                    page.clone()
                }
            }
        })
        .collect()
}
