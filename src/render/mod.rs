//! Render: turn the model into every output file (pages, charts, data files)
//! in memory. Nothing here touches the disk; [`crate::write`] does that.
//!
//! The data files are written once; the pages, charts and their images once
//! per language of the site: the first language at the root, the others
//! under their code (`en/`).
//!
//! What each part owns:
//!
//! - `sections.rs`, `figures/`: the sections and the figures of the site,
//!   each declared once; `figures/` also computes each figure from the model.
//! - `charts/`: drawing only, SVG and PNG, from numbers already chosen.
//! - `views.rs`: what templates receive; `templates.rs`: the templates,
//!   parsed once; `pages/`: the HTML pages by kind.
//! - `files/`: the files that are not pages (data, workbooks, archive,
//!   search index, feed, sitemap, share image, the officers' spreadsheet
//!   template); `pdf.rs`: the report typeset by Typst.
//! - `markdown.rs`, `strings.rs`, `locale.rs`, `escape.rs`, `cache.rs`:
//!   content pages, interface text, number formats, escaping, build cache.
//!
//! Render may import `load` (the content and template files), `model`,
//! `diag`, `calendar` and `language`; never `write` or `cmd`.

pub mod cache;
pub mod charts;
pub mod escape;
pub mod figures;
pub mod files;
pub mod history;
pub mod locale;
pub mod markdown;
pub mod pages;
pub mod pdf;
pub mod sections;
pub mod strings;
pub mod templates;
pub mod views;

use std::sync::OnceLock;

use crate::calendar::Date;
use crate::diag::{Diagnostic, Diagnostics, Place};
use crate::load::content::REPORT_CONTENT;
use crate::load::releases::RecordedRelease;
use crate::load::{Page, TemplateFile};
use crate::model::Model;
use files::data::DataTable;
use pages::PageRenderer;
use pdf::ReportJob;
use sections::Section;
use templates::Templates;

/// PNG charts are drawn at twice the SVG's size, sharp on high-density screens.
const PNG_SCALE: f64 = 2.0;

/// One of the site's languages: a registered language (see
/// [`crate::language`]) and where the site puts it.
#[derive(Debug, Clone)]
pub struct SiteLanguage {
    pub code: &'static str,
    /// Where its pages go: "" for the main language, "en/" for the others.
    pub prefix: String,
    /// The language's name in itself, for the language switch.
    pub name: String,
    /// Its interface text, parsed once per build.
    pub strings: strings::Strings,
    pub locale: locale::Locale,
}

impl SiteLanguage {
    /// A registered language as the site writes it: the main language at
    /// the site's root, the others under their code.
    pub fn new(language: &'static crate::language::Language, main: bool) -> SiteLanguage {
        let strings =
            strings::Strings::of(language.code).expect("registered languages have strings");
        SiteLanguage {
            code: language.code,
            prefix: if main {
                String::new()
            } else {
                format!("{}/", language.code)
            },
            name: strings.get("site.language_name").to_string(),
            strings,
            locale: language.formats,
        }
    }

    /// A page of the site as a text names it ("halaman Klaim"); in the
    /// printed report with its address when the site has one, since paper
    /// has no links.
    pub fn page_reference(&self, section: Section, base_url: &str, in_report: bool) -> String {
        let page = self.strings.get(&format!("nav.{}", section.key()));
        if !in_report {
            self.strings.fill("site.page_reference", &[("page", page)])
        } else if base_url.is_empty() {
            // On paper "the Claims page" would read as a page of the report.
            self.strings
                .fill("report.site_page_reference", &[("page", page)])
        } else {
            let slug = section.slug();
            let folder = if slug.is_empty() { "" } else { "/" };
            let url = format!("{base_url}/{}{slug}{folder}", self.prefix);
            self.strings
                .fill("report.page_reference", &[("page", page), ("url", &url)])
        }
    }
}

/// What every renderer reads: the model, in one language.
pub struct RenderContext<'a> {
    pub model: &'a Model,
    /// Every version of the data: the recorded releases and the current one.
    pub history: &'a history::History,
    pub strings: &'a strings::Strings,
    pub locale: &'a locale::Locale,
    pub language: &'a SiteLanguage,
    pub languages: &'a [SiteLanguage],
    /// Whether the text goes into the printed report, which names a page it
    /// sends readers to with its address.
    pub in_report: bool,
}

/// One file of the built site: its path below the output folder (`/`-separated) and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

#[cfg(test)]
impl OutputFile {
    /// A file of text, as the tests of later stages make them.
    pub fn text(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }
}

/// What the site is rendered from: the model and the site's own text.
pub struct RenderInputs<'a> {
    pub model: &'a Model,
    pub content: &'a [Page],
    pub site_templates: &'a [TemplateFile],
    pub releases: &'a [RecordedRelease],
    pub built_on: Date,
    pub cache: &'a cache::Cache,
}

/// Renders the whole site, sorted by path; None when a template or a content
/// page failed (every failure is in `diagnostics`).
pub fn render(inputs: &RenderInputs, diagnostics: &mut Diagnostics) -> Option<Vec<OutputFile>> {
    render_overlapping(inputs, diagnostics, |_| {})
}

/// [`render`], handing every file but the PDF reports to `meanwhile` as soon
/// as they are ready, while the reports are still being typeset: a build
/// writes them in that time.
pub fn render_overlapping(
    inputs: &RenderInputs,
    diagnostics: &mut Diagnostics,
    meanwhile: impl FnOnce(&[OutputFile]),
) -> Option<Vec<OutputFile>> {
    let errors_before = diagnostics.error_count();
    // Typesetting a PDF is the slowest step: each language's report goes to
    // a second thread as soon as its source is ready, while this one draws
    // the charts and pages.
    let (files, typeset) = std::thread::scope(|scope| {
        let (send_report, receive_report) = std::sync::mpsc::channel::<ReportJob>();
        let typesetter = scope.spawn(move || {
            receive_report
                .into_iter()
                .map(|job| {
                    // The languages come in order: the last one's report
                    // is the build's last, and keeps Typst's layouts.
                    let layouts = if job.is_last_language() {
                        pdf::Layouts::Kept
                    } else {
                        pdf::Layouts::Freed
                    };
                    job.typeset(inputs.cache, layouts)
                })
                .collect::<Vec<_>>()
        });
        // Stopping early still joins the typesetter: its errors are reported too.
        let files = render_site(
            inputs,
            &send_report,
            Languages::OneAfterAnother,
            diagnostics,
        );
        drop(send_report);
        if let Some(files) = &files
            && diagnostics.error_count() == errors_before
        {
            meanwhile(files);
        }
        (files, typesetter.join())
    });
    let mut reports = Vec::new();
    pdf::add_reports(typeset, &mut reports, diagnostics);
    let mut files = files?;
    files.extend(reports);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    (diagnostics.error_count() == errors_before).then_some(files)
}

/// The site without its PDF reports, sorted by path, and the reports ready
/// to typeset: for a preview that serves the pages before the reports,
/// the slowest files, are done. None when a template or a content page
/// failed.
pub fn render_deferring_reports(
    inputs: &RenderInputs,
    diagnostics: &mut Diagnostics,
) -> Option<(Vec<OutputFile>, Vec<ReportJob>)> {
    let errors_before = diagnostics.error_count();
    let (send_report, receive_report) = std::sync::mpsc::channel::<ReportJob>();
    let mut files = render_site(inputs, &send_report, Languages::SideBySide, diagnostics)?;
    drop(send_report);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    (diagnostics.error_count() == errors_before).then(|| (files, receive_report.iter().collect()))
}

/// How the languages of a site are rendered: one after the other while
/// the reports are typeset on the second core, side by side when they are
/// left for later.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Languages {
    OneAfterAnother,
    SideBySide,
}

/// Every file of the site but the PDF reports, which go to `send_report`
/// as each language's source is ready; None when a template or a content
/// page failed.
fn render_site(
    inputs: &RenderInputs,
    send_report: &std::sync::mpsc::Sender<ReportJob>,
    languages_rendered: Languages,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<OutputFile>> {
    let RenderInputs {
        model,
        content,
        site_templates,
        releases,
        built_on,
        cache,
    } = *inputs;
    for warning in templates::unused_site_templates(site_templates) {
        diagnostics.push(warning);
    }
    let languages = site_languages(model);
    let primary = &languages[0].strings;
    let mut tables = files::data::tables(model);
    let mut table_files = files::TableFiles::new(model, &tables);
    let history = version_history(model, &tables, &table_files, releases);
    let revisions = files::data::revisions_table(&history);
    table_files.add(&revisions);
    tables.push(revisions);
    // Made when a page first needs it, after the first report's source is
    // on its way to the typesetter, which need not wait for the workbook
    // and the zip (20 ms for a program of 500 districts).
    let make_data_folder = || {
        let mut found = Diagnostics::default();
        let folder = files::data_folder(
            model,
            &tables,
            &table_files,
            history.current,
            &languages,
            primary,
            &mut found,
        );
        (folder, found)
    };
    let data_folder = DataFolder {
        made: OnceLock::new(),
        make: &make_data_folder,
    };
    let mut files = files::rilis::frozen_releases(releases);
    let Some(templates) = Templates::load(site_templates, diagnostics) else {
        // What making the data folder finds is reported with the templates'
        // errors, as when the folder was made first.
        diagnostics.extend(data_folder.into_parts().1);
        return None;
    };

    let site_inputs = SiteInputs {
        model,
        history: &history,
        content,
        languages: &languages,
        templates: &templates,
        tables: &tables,
        data_folder: &data_folder,
        built_on,
        cache,
    };
    let render_one = |language| {
        let mut found = Diagnostics::default();
        let site = render_language(&site_inputs, language, send_report, &mut found);
        (site, found)
    };
    let rendered: Vec<_> = match languages_rendered {
        Languages::OneAfterAnother => languages.iter().map(render_one).collect(),
        Languages::SideBySide => std::thread::scope(|scope| {
            let threads: Vec<_> = languages
                .iter()
                .map(|language| scope.spawn(move || render_one(language)))
                .collect();
            threads
                .into_iter()
                .map(|thread| {
                    thread
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        }),
    };
    let (data_files, found) = data_folder.into_parts();
    diagnostics.extend(found);
    files.extend(data_files);
    let mut page_paths = Vec::new();
    let mut complete = true;
    for (site, found) in rendered {
        diagnostics.extend(found);
        match site {
            Some(site) => {
                page_paths.extend(site.page_paths);
                files.extend(site.files);
            }
            None => complete = false,
        }
    }
    if !complete {
        return None;
    }
    // After the pages: the first report is typeset sooner.
    files.extend(chart_downloads(model, &tables, &languages, diagnostics));
    files.push(files::sitemap::robots(model));
    files.extend(files::sitemap::sitemap(model, &page_paths));
    files.extend(templates.assets());
    warn_of_unused_content(content, diagnostics);
    Some(files)
}

/// Every version of the data, the current one placed among the recorded
/// releases by its figures: the tables and summary.json as published.
fn version_history(
    model: &Model,
    tables: &[DataTable],
    table_files: &files::TableFiles,
    releases: &[RecordedRelease],
) -> history::History {
    let keys: Vec<history::TableKey> = tables
        .iter()
        .map(|table| (table.name(), table.primary_key))
        .collect();
    history::History::new(releases, &model.program, table_files.named(), &keys)
}

/// The published data files, made when a page first needs them, and what
/// making them found.
struct DataFolder<'a> {
    made: OnceLock<(Vec<OutputFile>, Diagnostics)>,
    make: &'a (dyn Fn() -> (Vec<OutputFile>, Diagnostics) + Sync),
}

impl DataFolder<'_> {
    fn files(&self) -> &[OutputFile] {
        &self.made.get_or_init(self.make).0
    }

    fn into_parts(self) -> (Vec<OutputFile>, Diagnostics) {
        self.made.into_inner().unwrap_or_else(self.make)
    }
}

/// What every language's part of the site is made from.
struct SiteInputs<'a> {
    model: &'a Model,
    history: &'a history::History,
    content: &'a [Page],
    languages: &'a [SiteLanguage],
    templates: &'a Templates<'a>,
    tables: &'a [DataTable],
    data_folder: &'a DataFolder<'a>,
    built_on: Date,
    cache: &'a cache::Cache,
}

/// One language's part of the site: its pages, chart images, share image,
/// search index and feed, and the paths of its pages for the sitemap.
struct LanguageSite {
    files: Vec<OutputFile>,
    page_paths: Vec<String>,
}

/// Renders one language's part of the site; its report goes to the
/// typesetter as soon as its source is ready, before the images are drawn.
/// None when a template or content page failed.
fn render_language(
    inputs: &SiteInputs,
    language: &SiteLanguage,
    send_report: &std::sync::mpsc::Sender<ReportJob>,
    diagnostics: &mut Diagnostics,
) -> Option<LanguageSite> {
    let context = RenderContext {
        model: inputs.model,
        history: inputs.history,
        strings: &language.strings,
        locale: &language.locale,
        language,
        languages: inputs.languages,
        in_report: false,
    };
    let figures = figures::figures(&context);
    let pages = content_for(inputs.content, language, &inputs.languages[0], diagnostics);
    let renderer = PageRenderer::new(
        &context,
        &figures,
        &pages,
        inputs.templates,
        inputs.built_on,
    );
    // The report first, so that it is typeset while the pages are made.
    let report = renderer.report(diagnostics)?;
    let pdf_path = format!("{}{}", language.prefix, renderer.report_pdf_name());
    // Fails only when the typesetter has panicked, which its join reports.
    let _ = send_report.send(ReportJob::new(
        &context,
        &figures,
        pdf_path,
        report.typst,
        inputs.built_on,
    ));
    let (mut rendered, mut searched) =
        renderer.render_all(inputs.tables, inputs.data_folder.files(), diagnostics);
    rendered.push(report.page);
    searched.push(report.search);
    let mut files = chart_images(&figures, language, inputs.cache);
    files.push(OutputFile {
        path: format!("{}share.png", language.prefix),
        bytes: files::share::share_image(&context, inputs.cache),
    });
    files.push(files::search::search_index(language, &searched));
    files.push(files::feed::feed(&context));
    let page_paths = rendered.iter().map(|page| page.path.clone()).collect();
    files.extend(rendered);
    Some(LanguageSite { files, page_paths })
}

/// The downloads of each chart the site draws: exactly what it draws (the
/// charted columns of its table, a map's values), as `grafik/ID/ID.csv`,
/// `.json` and `.xlsx`.
fn chart_downloads(
    model: &Model,
    tables: &[DataTable],
    languages: &[SiteLanguage],
    diagnostics: &mut Diagnostics,
) -> Vec<OutputFile> {
    let mut downloads = Vec::new();
    for spec in figures::FIGURES.iter().filter(|spec| spec.is_drawn(model)) {
        let table = spec.downloads(model, tables);
        let base = format!("grafik/{0}/{0}", spec.id);
        downloads.extend(files::table_files(&base, &table));
        let path = format!("{base}.xlsx");
        match files::xlsx::chart_workbook(model, &table, languages) {
            Ok(bytes) => downloads.push(OutputFile { path, bytes }),
            Err(error) => diagnostics.push(files::unwritable_workbook(&path, error)),
        }
    }
    downloads
}

/// Each figure's chart as a standalone SVG and a PNG, both with their
/// caption; the PNG from the build cache when it was drawn before.
fn chart_images(
    figures: &[figures::Figure],
    language: &SiteLanguage,
    cache: &cache::Cache,
) -> Vec<OutputFile> {
    let mut images = Vec::new();
    for figure in figures {
        let base = format!("{}grafik/{1}/{1}", language.prefix, figure.id);
        let caption = figure.caption();
        let svg = charts::accessible(
            &figure.chart.download_svg(&caption, 1.0),
            figure.id,
            &caption.title,
            &caption.takeaway,
        );
        images.push(OutputFile {
            path: format!("{base}.svg"),
            bytes: charts::standalone(&svg).into_bytes(),
        });
        // The SVG at the PNG's scale names everything the PNG draws, its
        // caption included.
        let drawn = figure.chart.download_svg(&caption, PNG_SCALE);
        let png = cache.get_or_make("png", &[drawn.as_bytes()], || {
            Ok::<_, std::convert::Infallible>(figure.chart.download_png(&caption, PNG_SCALE))
        });
        images.push(OutputFile {
            path: format!("{base}.png"),
            bytes: png.unwrap_or_else(|never| match never {}),
        });
    }
    images
}

/// A warning for each content file that no page shows.
fn warn_of_unused_content(content: &[Page], diagnostics: &mut Diagnostics) {
    let used: Vec<String> = Section::ALL
        .iter()
        .map(|section| section.content())
        .chain([REPORT_CONTENT])
        .map(|name| format!("{name}.md"))
        .collect();
    let hint = format!(
        "the site uses {}, and their translations such as metodologi.en.md",
        used.join(", ")
    );
    for page in content {
        if !pages::is_used_content(&page.name) {
            diagnostics.push(
                Diagnostic::warning(
                    Place::file(&page.path),
                    "this page is not part of the site and is not published",
                )
                .with_hint(hint.clone()),
            );
        }
    }
}

fn site_languages(model: &Model) -> Vec<SiteLanguage> {
    model
        .config
        .languages
        .iter()
        .filter_map(|code| crate::language::find(code))
        .enumerate()
        .map(|(index, language)| SiteLanguage::new(language, index == 0))
        .collect()
}

/// The content pages of one language: `NAME.CODE.md` where it exists, else
/// the main language's `NAME.md` with a warning that the translation is missing.
fn content_for(
    content: &[Page],
    language: &SiteLanguage,
    primary: &SiteLanguage,
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn copy_folder(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_folder(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }

    /// The test language `xx` is registered as any language is, by its
    /// strings file and one line in `crate::language::LANGUAGES`: nothing
    /// else knows it, yet a site can be written in it.
    #[test]
    fn a_registered_language_is_written_like_the_others() {
        let site_folder = tempfile::tempdir().unwrap();
        let tiny = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny");
        copy_folder(&tiny, site_folder.path());
        let config = site_folder.path().join("site.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(&config, text.replace("[\"id\"]", "[\"id\", \"xx\"]")).unwrap();

        let mut diagnostics = Diagnostics::default();
        let site = crate::load::load_site(site_folder.path(), &mut diagnostics).unwrap();
        let model = crate::model::build(&site);
        let cache = cache::Cache::in_dir(None, Vec::new());
        let inputs = RenderInputs {
            model: &model,
            content: &site.pages,
            site_templates: &site.templates,
            releases: &site.releases,
            built_on: site.program.as_of,
            cache: &cache,
        };
        let files = render(&inputs, &mut diagnostics).unwrap();
        let page = |path: &str| {
            let file = files.iter().find(|file| file.path == path);
            String::from_utf8(file.unwrap_or_else(|| panic!("no {path}")).bytes.clone()).unwrap()
        };
        let home = page("xx/index.html");
        assert!(
            home.starts_with("<!DOCTYPE html>\n<html lang=\"xx\">"),
            "{home}"
        );
        // Its own number formats: money as `Rp 1 234`.
        assert!(home.contains(">Rp "), "{home}");
        assert!(page("index.html").contains(">Test language</a>"));
        for path in [
            "xx/cakupan/index.html",
            "xx/grafik/coverage_by_sector/index.html",
        ] {
            assert!(page(path).contains("lang=\"xx\""), "{path}");
        }
        assert!(
            files
                .iter()
                .any(|file| file.path.starts_with("xx/laporan-"))
        );
    }
}
