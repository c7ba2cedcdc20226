//! The HTML pages, rendered with tera from the built-in templates (embedded
//! in the binary) overlaid with the site's own `templates/`. Templates see
//! views made for them (already formatted, already suppressed), never the
//! model itself, so the model can change without breaking a site's templates.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;
use tera::{Context, Tera};

use super::data_files::{DataTable, Kind};
use super::figures::{CellView, Figure, TableView, header};
use super::locale::Locale;
use super::markdown::{self, Narrative, Values, figure_placeholder};
use super::site_files::{SearchEntry, SearchText};
use super::strings::Strings;
use super::{Language, OutputFile, RenderContext};
use crate::calendar::Date;
use crate::diag::{Diagnostic, Diagnostics, Place};
use crate::load::{Page, TemplateFile};
use crate::model::{Model, QualityWarning};

/// The built-in templates and assets, as shipped in `templates/`.
pub const BUILT_IN: [(&str, &str); 17] = [
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("section.html", include_str!("../../templates/section.html")),
    ("data.html", include_str!("../../templates/data.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("quality.html", include_str!("../../templates/quality.html")),
    ("figure.html", include_str!("../../templates/figure.html")),
    ("table.html", include_str!("../../templates/table.html")),
    ("chart.html", include_str!("../../templates/chart.html")),
    ("embed.html", include_str!("../../templates/embed.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("laporan.html", include_str!("../../templates/laporan.html")),
    ("laporan.typ", include_str!("../../templates/laporan.typ")),
    (
        "assets/tables.js",
        include_str!("../../templates/assets/tables.js"),
    ),
    (
        "assets/search.js",
        include_str!("../../templates/assets/search.js"),
    ),
    (
        "assets/style.css",
        include_str!("../../templates/assets/style.css"),
    ),
    (
        "assets/favicon.svg",
        include_str!("../../templates/assets/favicon.svg"),
    ),
];

/// A section of the site: its output folder, navigation key and template.
pub struct Section {
    pub key: &'static str,
    pub slug: &'static str,
    pub template: &'static str,
}

impl Section {
    /// The page's path below its language's root.
    fn path(&self) -> String {
        page_href("", self.slug)
    }
}

/// Every page of the site, in navigation order; the home page has no slug.
pub const SECTIONS: [Section; 8] = [
    Section {
        key: "home",
        slug: "",
        template: "index.html",
    },
    Section {
        key: "coverage",
        slug: "cakupan",
        template: "section.html",
    },
    Section {
        key: "budget",
        slug: "anggaran",
        template: "section.html",
    },
    Section {
        key: "claims",
        slug: "klaim",
        template: "section.html",
    },
    Section {
        key: "data",
        slug: "data",
        template: "data.html",
    },
    Section {
        key: "methodology",
        slug: "metodologi",
        template: "page.html",
    },
    Section {
        key: "quality",
        slug: "kualitas-data",
        template: "quality.html",
    },
    Section {
        key: "search",
        slug: "cari",
        template: "search.html",
    },
];

/// Warnings for the site's template files that replace no built-in one and
/// that no template names (a partial would be `{% include "name" %}`d): a
/// misnamed `base.htm` would otherwise be ignored without a word.
pub fn unused_site_templates(site_templates: &[TemplateFile]) -> Vec<Diagnostic> {
    let built_in: Vec<&str> = BUILT_IN.iter().map(|(name, _)| *name).collect();
    site_templates
        .iter()
        .filter(|file| !built_in.contains(&file.name.as_str()))
        .filter(|file| {
            let quoted = [format!("\"{}\"", file.name), format!("'{}'", file.name)];
            !site_templates
                .iter()
                .any(|other| quoted.iter().any(|q| other.text.contains(q.as_str())))
        })
        .map(|file| {
            let hint = match crate::load::csv_reader::closest(&file.name, &built_in) {
                Some(name) => format!("did you mean {name}? A file here is used only when it replaces a built-in template of that name"),
                None => format!(
                    "a file here is used only when it replaces a built-in template: {}",
                    built_in.join(", ")
                ),
            };
            Diagnostic::warning(
                Place::file(format!("templates/{}", file.name)),
                "this template replaces no built-in template and no template uses it",
            )
            .with_hint(hint)
        })
        .collect()
}

/// Content files that belong to a section, by section key.
fn content_name(key: &str) -> &str {
    match key {
        "home" => "_index",
        "coverage" => "cakupan",
        "budget" => "anggaran",
        "claims" => "klaim",
        "methodology" => "metodologi",
        "report" => "laporan",
        "quality" => "kualitas-data",
        other => other,
    }
}

/// Whether a content file feeds one of the site's pages, in the main
/// language (`metodologi`) or translated (`metodologi.en`).
pub fn is_used_content(name: &str) -> bool {
    let base = match name.split_once('.') {
        Some((base, language))
            if super::strings::LANGUAGES
                .iter()
                .any(|(code, _)| *code == language) =>
        {
            base
        }
        Some(_) => return false,
        None => name,
    };
    base == content_name("report")
        || SECTIONS
            .iter()
            .any(|section| content_name(section.key) == base)
}

fn section_figures(key: &str) -> &'static [&'static str] {
    match key {
        "coverage" => &[
            "coverage_by_sector",
            "coverage_by_district",
            "coverage_by_month",
            "coverage_rate_by_district",
        ],
        "budget" => &["budget_by_month"],
        "claims" => &["claims_by_month", "claims_by_sector", "claims_by_district"],
        _ => &[],
    }
}

#[derive(Serialize)]
struct LanguageLink {
    code: &'static str,
    name: String,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct NavItem {
    label: String,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct SiteView {
    title: String,
    lang: &'static str,
    program_name: String,
    administrator: String,
    region: String,
    insurer: String,
    as_of: String,
    data_as_of: String,
    footer_source: String,
    built_on: String,
}

#[derive(Serialize)]
struct Kpi {
    label: String,
    value: String,
    details: Vec<String>,
}

#[derive(Serialize)]
struct SectionLink {
    label: String,
    href: String,
    description: String,
}

#[derive(Serialize)]
struct FileView {
    name: String,
    title: String,
    csv: String,
    json: String,
    rows: usize,
    size: String,
    columns: Vec<ColumnView>,
}

#[derive(Serialize)]
struct ColumnView {
    name: String,
    kind: String,
    meaning: String,
    definition: String,
}

pub struct PageRenderer<'a> {
    pub model: &'a Model,
    pub strings: &'a Strings,
    pub locale: &'a Locale,
    pub language: &'a Language,
    pub languages: &'a [Language],
    pub figures: &'a [Figure],
    pub values: Arc<Values>,
    pub pages: &'a [Page],
    tera: Tera,
    built_on: Date,
    /// Every template in use by name, to quote in error reports.
    template_sources: BTreeMap<String, String>,
    site_templates: &'a [TemplateFile],
}

impl<'a> PageRenderer<'a> {
    /// Loads the built-in templates, then the site's own over them.
    pub fn new(
        context: &RenderContext<'a>,
        figures: &'a [Figure],
        pages: &'a [Page],
        site_templates: &'a [TemplateFile],
        built_on: Date,
        diagnostics: &mut Diagnostics,
    ) -> Option<PageRenderer<'a>> {
        let (model, strings, locale) = (context.model, context.strings, context.locale);
        let mut templates: BTreeMap<String, String> = BUILT_IN
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        for file in site_templates {
            templates.insert(file.name.clone(), file.text.clone());
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml", ".svg"]);
        tera.register_filter("typst", |text: &str, _: tera::Kwargs, _: &tera::State| {
            super::report::typst_string(text)
        });
        let html_templates: Vec<(String, String)> = templates
            .iter()
            .filter(|(n, _)| n.ends_with(".html") || n.ends_with(".typ"))
            .map(|(n, t)| (n.clone(), t.clone()))
            .collect();
        if let Err(error) = tera.add_raw_templates(html_templates) {
            diagnostics.push(template_error(&error, &templates, site_templates));
            return None;
        }
        let values = Arc::new(
            model
                .values()
                .into_iter()
                .map(|(key, value)| (key, locale.value(&value)))
                .collect::<Values>(),
        );
        Some(PageRenderer {
            language: context.language,
            languages: context.languages,
            built_on,
            template_sources: templates,
            site_templates,
            model,
            strings,
            locale,
            figures,
            values,
            pages,
            tera,
        })
    }

    fn render(
        &self,
        template: &str,
        context: &Context,
        diagnostics: &mut Diagnostics,
    ) -> Option<String> {
        match self.tera.render(template, context) {
            Ok(html) => Some(html),
            Err(error) => {
                diagnostics.push(template_error(
                    &error,
                    &self.template_sources,
                    self.site_templates,
                ));
                None
            }
        }
    }

    /// What every page's template gets. `path` is the page's path below its
    /// language's root, e.g. `cakupan/index.html`.
    fn base_context(&self, key: &str, path: &str) -> Context {
        let model = self.model;
        let depth = path.matches('/').count();
        let home = "../".repeat(depth);
        let root = "../".repeat(depth + self.language.prefix.matches('/').count());
        let nav: Vec<NavItem> = SECTIONS
            .iter()
            .map(|s| NavItem {
                label: self.strings.get(&format!("nav.{}", s.key)).to_string(),
                href: page_href(&home, s.slug),
                current: s.key == key,
            })
            .collect();
        let languages: Vec<LanguageLink> = self
            .languages
            .iter()
            .map(|language| LanguageLink {
                code: language.code,
                name: language.name.clone(),
                href: format!("{root}{}{path}", language.prefix),
                current: language.code == self.language.code,
            })
            .collect();
        let base_url = &model.config.base_url;
        let absolute = |relative: &str| {
            if base_url.is_empty() {
                String::new()
            } else {
                format!("{base_url}/{relative}")
            }
        };
        let mut context = Context::new();
        context.insert("t", self.strings.tree());
        context.insert("root", &root);
        context.insert("home", &home);
        context.insert("nav", &nav);
        context.insert("languages", &languages);
        context.insert(
            "canonical",
            &absolute(&format!("{}{path}", self.language.prefix)),
        );
        context.insert(
            "share_image",
            &format!("{root}{}share.png", self.language.prefix),
        );
        context.insert(
            "share_image_url",
            &absolute(&format!("{}share.png", self.language.prefix)),
        );
        context.insert(
            "site",
            &SiteView {
                title: model.config.title.clone(),
                lang: self.locale.language,
                program_name: model.program.name.clone(),
                administrator: model.program.administrator.clone(),
                region: model.program.region.clone(),
                insurer: model.program.insurer.clone(),
                as_of: self.locale.date(model.program.as_of),
                data_as_of: self.strings.fill(
                    "site.data_as_of",
                    &[("date", &self.locale.date(model.program.as_of))],
                ),
                built_on: self.strings.fill(
                    "site.built_on",
                    &[("date", &self.locale.date(self.built_on))],
                ),
                footer_source: self.strings.fill(
                    "site.footer_source",
                    &[
                        ("administrator", &model.program.administrator),
                        ("date", &self.locale.date(model.program.as_of)),
                    ],
                ),
            },
        );
        context.insert("section", key);
        context
    }

    /// Renders one figure's HTML for the page at `path`.
    /// A figure as HTML; `in_report` when it goes into the printed report,
    /// which keeps only short tables under their chart (all are in its annex).
    fn figure_html(
        &self,
        figure: &Figure,
        path: &str,
        in_report: bool,
        diagnostics: &mut Diagnostics,
    ) -> Option<String> {
        let mut context = self.base_context("", path);
        context.insert("figure", figure);
        context.insert("in_report", &in_report);
        self.render("figure.html", &context, diagnostics)
    }

    /// A content page with its figures in place in the HTML and their words
    /// in the text, and the figures it placed; Err when it failed (reported
    /// in `diagnostics`).
    fn content(
        &self,
        page: &Page,
        path: &str,
        in_report: bool,
        diagnostics: &mut Diagnostics,
    ) -> Result<(Narrative, Vec<&'a Figure>), ()> {
        let mut narrative = markdown::render_page(
            page,
            &self.values,
            self.model.config.allow_raw_html,
            diagnostics,
        )
        .ok_or(())?;
        let mut embedded = Vec::new();
        for figure in self.figures {
            let placeholder = figure_placeholder(figure.id);
            if narrative.html.contains(&placeholder) {
                let figure_html = self
                    .figure_html(figure, path, in_report, diagnostics)
                    .ok_or(())?;
                narrative.html = narrative.html.replace(&placeholder, &figure_html);
                embedded.push(figure);
            }
        }
        Ok((narrative, embedded))
    }

    /// Every page of the language but the report, and what the search index
    /// holds of each (the search page itself left out).
    pub fn render_all(
        &self,
        tables: &[DataTable],
        files: &[OutputFile],
        diagnostics: &mut Diagnostics,
    ) -> (Vec<OutputFile>, Vec<SearchEntry>) {
        let mut output = Vec::new();
        let mut index = Vec::new();
        for section in &SECTIONS {
            let path = section.path();
            let mut context = self.base_context(section.key, &path);
            let page = self
                .pages
                .iter()
                .find(|p| p.name == content_name(section.key));
            let content = match page.map(|page| self.content(page, &path, false, diagnostics)) {
                Some(Ok(content)) => Some(content),
                Some(Err(())) => continue,
                None => None,
            };
            let default_title = self.strings.get(&format!("{}.title", section.key));
            let title = page.map_or(default_title, |p| p.title.as_str());
            let title = if section.key == "home" {
                self.model.program.name.as_str()
            } else {
                title
            };
            let description = page
                .map(|p| p.description.as_str())
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| self.strings.get(&format!("{}.description", section.key)));
            context.insert("title", title);
            context.insert("description", description);
            let mut search = SearchText::default();
            let (narrative, embedded) = content.unwrap_or_default();
            context.insert("content", &narrative.html);
            search.add(&narrative.text);
            let mut figures_html = Vec::new();
            for id in section_figures(section.key)
                .iter()
                .filter(|id| !embedded.iter().any(|figure| figure.id == **id))
            {
                let figure = self
                    .figures
                    .iter()
                    .find(|f| f.id == *id)
                    .expect("section figures are known figures");
                if let Some(html) = self.figure_html(figure, &path, false, diagnostics) {
                    figures_html.push(html);
                }
                search.add_figure(figure);
            }
            for figure in embedded {
                search.add_figure(figure);
            }
            context.insert("figures", &figures_html);
            match section.key {
                "home" => self.home(&mut context, &mut search),
                "budget" => self.budget(&mut context, &mut search),
                "claims" => self.claims(&mut context, &mut search),
                "data" => self.data(&mut context, &mut search, tables, files),
                "methodology" => self.methodology(&mut context, &mut search),
                "quality" => self.quality(&mut context, &mut search),
                _ => {
                    context.insert("paragraphs", &Vec::<String>::new());
                    context.insert("tables", &Vec::<TableView>::new());
                }
            }
            if let Some(html) = self.render(section.template, &context, diagnostics) {
                output.push(self.file(&path, html));
                if section.key != "search" {
                    index.push(search.entry(self.file_path(&path), title));
                }
            }
        }
        for figure in self.figures {
            let (pages, search) = self.chart_pages(figure, diagnostics);
            output.extend(pages);
            index.extend(search);
        }
        (output, index)
    }

    /// The annual report: its print-ready page `laporan/index.html`, what
    /// the search index holds of it, and the Typst source of its PDF, all
    /// from the same views.
    pub fn report(&self, diagnostics: &mut Diagnostics) -> Option<Report> {
        let path = "laporan/index.html";
        let model = self.model;
        let t = self.strings;
        let title = t.fill(
            "report.title",
            &[("year", &model.program.years().to_string())],
        );
        let mut context = self.base_context("report", path);
        context.insert("title", &title);
        context.insert("description", &model.program.name);
        context.insert(
            "prepared_by",
            &t.fill(
                "report.prepared_by",
                &[("administrator", &model.program.administrator)],
            ),
        );
        context.insert("pdf_href", &format!("../{}", self.report_pdf_name()));
        let page = |name: &str| self.pages.iter().find(|p| p.name == name);
        let narrative = page("laporan");
        let methodology = page("metodologi");
        let narrative_of =
            |page: Option<&Page>, diagnostics: &mut Diagnostics| -> Result<Narrative, ()> {
                page.map_or(Ok(Narrative::default()), |page| {
                    self.content(page, path, true, diagnostics)
                        .map(|(narrative, _)| narrative)
                })
            };
        let typst_of = |page: Option<&Page>, diagnostics: &mut Diagnostics| -> Option<String> {
            page.map_or(Some(String::new()), |page| {
                markdown::render_page_typst(page, &self.values, diagnostics)
            })
        };
        let mut search = SearchText::default();
        let kpis = self.kpis();
        add_kpis(&mut search, &kpis);
        let narrative_html = narrative_of(narrative, diagnostics).ok()?;
        search.add(&narrative_html.text);
        context.insert("narrative_html", &narrative_html.html);
        let methodology_html = narrative_of(methodology, diagnostics).ok()?;
        context.insert("methodology_html", &methodology_html.html);
        context.insert("narrative", &typst_of(narrative, diagnostics)?);
        context.insert("methodology", &typst_of(methodology, diagnostics)?);
        for (key, section) in [
            ("coverage_figures", "coverage"),
            ("budget_figures", "budget"),
            ("claims_figures", "claims"),
        ] {
            let mut html = Vec::new();
            for id in section_figures(section) {
                let figure = self.figures.iter().find(|f| f.id == *id)?;
                html.push(self.figure_html(figure, path, true, diagnostics)?);
                search.add_figure(figure);
            }
            context.insert(key, &html);
        }
        context.insert("figure_list", self.figures);
        let (budget_paragraphs, budget_lines) = self.budget_views();
        let (claims_paragraphs, claim_status) = self.claims_views();
        let findings = self.quality_views().0;
        let (privacy_intro, privacy_table) = self.privacy_views();
        let annex: Vec<&TableView> = self.figures.iter().map(|f| &f.annex_table).collect();
        for paragraph in budget_paragraphs
            .iter()
            .chain(&claims_paragraphs)
            .chain(&findings)
        {
            search.add(paragraph);
        }
        search.add(&methodology_html.text);
        search.add(&privacy_intro);
        for table in [&budget_lines, &claim_status, &privacy_table]
            .into_iter()
            .chain(annex.iter().copied())
        {
            search.add_table(table);
        }
        context.insert("kpis", &kpis);
        context.insert("budget_paragraphs", &budget_paragraphs);
        context.insert("budget_lines", &budget_lines);
        context.insert("claims_paragraphs", &claims_paragraphs);
        context.insert("claim_status", &claim_status);
        context.insert("findings", &findings);
        context.insert("privacy_intro", &privacy_intro);
        context.insert("privacy_table", &privacy_table);
        context.insert("annex", &annex);
        let html = self.render("laporan.html", &context, diagnostics)?;
        let typst = self.render("laporan.typ", &context, diagnostics)?;
        Some(Report {
            page: self.file(path, html),
            search: search.entry(self.file_path(path), &title),
            typst,
        })
    }

    /// A page of this language, below its root.
    fn file(&self, path: &str, html: String) -> OutputFile {
        OutputFile {
            path: self.file_path(path),
            bytes: html.into_bytes(),
        }
    }

    /// Where a page of this language goes in the site.
    fn file_path(&self, path: &str) -> String {
        format!("{}{path}", self.language.prefix)
    }

    /// A chart's own page (stable address `grafik/ID/`), and the chart-only
    /// page that embeds it elsewhere with its attribution; with what the
    /// search index holds of the first (embeds are not searched).
    fn chart_pages(
        &self,
        figure: &Figure,
        diagnostics: &mut Diagnostics,
    ) -> (Vec<OutputFile>, Option<SearchEntry>) {
        let folder = format!("grafik/{}/", figure.id);
        let section = SECTIONS
            .iter()
            .find(|s| section_figures(s.key).contains(&figure.id))
            .expect("every figure belongs to a section");
        let model = self.model;
        let date = self.locale.date(model.program.as_of);
        let page_url = if model.config.base_url.is_empty() {
            format!("{}{folder}", self.language.prefix)
        } else {
            format!("{}/{}{folder}", model.config.base_url, self.language.prefix)
        };
        let file = format!("data/{}.csv", figure.data_file);
        let source = self.strings.fill(
            "chart.source",
            &[
                ("administrator", &model.program.administrator),
                ("date", &date),
                ("file", &file),
            ],
        );
        let definitions = self.definitions(figure.id);
        let mut search = SearchText::default();
        search.add_figure(figure);
        search.add(&source);
        for column in &definitions {
            search.add(&column.name);
            search.add(&column.meaning);
            search.add(&column.definition);
        }
        let index_path = self.file_path(&format!("{folder}index.html"));
        let mut output = Vec::new();
        for (path, template) in [
            (format!("{folder}index.html"), "chart.html"),
            (format!("{folder}embed.html"), "embed.html"),
        ] {
            let mut context = self.base_context(section.key, &path);
            context.insert("figure", figure);
            context.insert("title", &figure.title);
            context.insert("description", &figure.takeaway);
            context.insert("section_href", &page_href(&"../".repeat(2), section.slug));
            context.insert(
                "back",
                &self.strings.fill(
                    "chart.back",
                    &[("section", self.strings.get(&format!("nav.{}", section.key)))],
                ),
            );
            context.insert(
                "files_base",
                &format!(
                    "{}{folder}{}",
                    "../".repeat(2 + self.language.prefix.matches('/').count()),
                    figure.id
                ),
            );
            context.insert("images_base", &figure.id);
            context.insert(
                "data_note",
                &self.strings.fill("chart.data_note", &[("file", &file)]),
            );
            context.insert("source", &source);
            context.insert(
                "cite",
                &self.strings.fill(
                    "chart.cite",
                    &[
                        ("administrator", &model.program.administrator),
                        ("title", &figure.title),
                        ("site", &model.config.title),
                        ("date", &date),
                        ("url", &page_url),
                    ],
                ),
            );
            context.insert(
                "embed_code",
                &format!(
                    "<iframe src=\"{page_url}embed.html\" title=\"{}\" width=\"100%\" height=\"560\" style=\"border:0\" loading=\"lazy\"></iframe>",
                    super::escape::escape_xml(&figure.title)
                ),
            );
            context.insert("definitions", &definitions);
            context.insert(
                "attribution",
                &self.strings.fill(
                    "chart.embed_attribution",
                    &[
                        ("administrator", &model.program.administrator),
                        ("date", &date),
                    ],
                ),
            );
            if let Some(html) = self.render(template, &context, diagnostics) {
                output.push(self.file(&path, html));
            }
        }
        let searched = output
            .iter()
            .any(|page| page.path == index_path)
            .then(|| search.entry(index_path, &figure.title));
        (output, searched)
    }

    fn home(&self, context: &mut Context, search: &mut SearchText) {
        let t = self.strings;
        let links: Vec<SectionLink> = SECTIONS
            .iter()
            .skip(1)
            .map(|section| SectionLink {
                label: t.get(&format!("nav.{}", section.key)).to_string(),
                href: page_href("", section.slug),
                description: t.get(&format!("home.section_{}", section.key)).to_string(),
            })
            .collect();
        let kpis = self.kpis();
        add_kpis(search, &kpis);
        for link in &links {
            search.add(&link.label);
            search.add(&link.description);
        }
        context.insert("kpis", &kpis);
        context.insert("sections", &links);
        context.insert("report_pdf", &self.report_pdf_name());
    }

    /// The file name of the PDF report, beside this language's home page.
    pub fn report_pdf_name(&self) -> String {
        format!("laporan-{}.pdf", self.model.program.years().slug())
    }

    /// The headline figures of the home page and the report.
    fn kpis(&self) -> Vec<Kpi> {
        let s = &self.model.summary;
        let l = self.locale;
        let t = self.strings;
        let missing = t.get("site.missing_value");
        let percent =
            |p: Option<crate::model::Percent>| p.map_or(missing.to_string(), |p| l.percent(p));
        let mut sources: Vec<&str> = self
            .model
            .budget_lines
            .iter()
            .map(|line| line.source.as_str())
            .collect();
        sources.sort_unstable();
        sources.dedup();
        let (claims_paid, claims_amount) = (s.claims_paid, s.claims_paid_amount);
        let mut claim_details =
            vec![t.fill("home.claims_detail", &[("amount", &l.money(claims_amount))])];
        for benefit in &s.claims {
            claim_details.push(t.fill(
                "home.benefit_detail",
                &[
                    ("benefit", &benefit.benefit),
                    ("claims", &l.count(benefit.claims)),
                    ("amount", &l.money(benefit.amount)),
                ],
            ));
        }
        vec![
            Kpi {
                label: t.get("home.coverage_label").to_string(),
                value: l.count(s.members_current),
                details: vec![t.fill(
                    "home.coverage_detail",
                    &[
                        ("target", &l.count(s.target_members)),
                        ("pct", &percent(s.coverage_pct)),
                    ],
                )],
            },
            Kpi {
                label: t.get("home.allocated_label").to_string(),
                value: l.money(s.allocated),
                details: vec![t.fill("home.allocated_detail", &[("sources", &sources.join(", "))])],
            },
            Kpi {
                label: t.get("home.paid_label").to_string(),
                value: l.money(s.paid),
                details: vec![t.fill("home.paid_detail", &[("pct", &percent(s.paid_pct))])],
            },
            Kpi {
                label: t.get("home.claims_label").to_string(),
                value: l.count(claims_paid),
                details: claim_details,
            },
        ]
    }

    fn budget(&self, context: &mut Context, search: &mut SearchText) {
        let (paragraphs, lines) = self.budget_views();
        add_paragraphs_and_table(search, &paragraphs, &lines);
        context.insert("paragraphs", &paragraphs);
        context.insert("tables", &vec![lines]);
    }

    /// The cost per member-month, and the table of budget lines.
    fn budget_views(&self) -> (Vec<String>, TableView) {
        let s = &self.model.summary;
        let l = self.locale;
        let t = self.strings;
        let mut rows: Vec<Vec<CellView>> = self
            .model
            .budget_lines
            .iter()
            .map(|line| {
                vec![
                    CellView::text(&line.item),
                    CellView::text(&line.source),
                    CellView::number(l.money(line.allocated)),
                ]
            })
            .collect();
        rows.push(vec![
            CellView::text(t.get("budget.total")),
            CellView::text(""),
            CellView::number(l.money(s.allocated)),
        ]);
        let lines = TableView {
            caption: t.get("budget.lines_caption").to_string(),
            headers: vec![
                header(t.get("budget.item"), false),
                header(t.get("budget.source"), false),
                header(t.get("budget.allocated"), true),
            ],
            rows,
        };
        let mut paragraphs = Vec::new();
        if let Some(cost) = s.cost_per_member_month {
            paragraphs.push(t.fill(
                "budget.cost_text",
                &[
                    ("paid", &l.money(s.paid)),
                    ("member_months", &l.count(s.member_months)),
                    ("cost", &l.money(cost)),
                    ("contribution", &l.money(self.model.program.contribution)),
                ],
            ));
        }
        (paragraphs, lines)
    }

    fn claims(&self, context: &mut Context, search: &mut SearchText) {
        let (paragraphs, status) = self.claims_views();
        add_paragraphs_and_table(search, &paragraphs, &status);
        context.insert("paragraphs", &paragraphs);
        context.insert("tables", &vec![status]);
    }

    /// The median time to payment, and the table of claims by status.
    fn claims_views(&self) -> (Vec<String>, TableView) {
        let s = &self.model.summary;
        let l = self.locale;
        let t = self.strings;
        let (paid, amount) = (s.claims_paid, s.claims_paid_amount);
        let status = TableView {
            caption: t.get("claims.status_caption").to_string(),
            headers: vec![
                header(t.get("claims.status"), false),
                header(t.get("claims.count"), true),
                header(t.get("claims.amount"), true),
            ],
            rows: vec![
                vec![
                    CellView::text(t.get("claims.status_paid")),
                    CellView::number(l.count(paid)),
                    CellView::number(l.money(amount)),
                ],
                vec![
                    CellView::text(t.get("claims.status_in_process")),
                    CellView::number(l.count(s.claims_in_process)),
                    CellView::number(t.get("site.missing_value")),
                ],
                vec![
                    CellView::text(t.get("claims.status_rejected")),
                    CellView::number(l.count(s.claims_rejected)),
                    CellView::number(t.get("site.missing_value")),
                ],
            ],
        };
        let paragraph = match s.median_days_to_payment {
            Some(days) => t.fill("claims.median_days", &[("days", &l.days(days))]),
            None => t.get("claims.no_paid_claims").to_string(),
        };
        (vec![paragraph], status)
    }

    fn data(
        &self,
        context: &mut Context,
        search: &mut SearchText,
        tables: &[DataTable],
        files: &[OutputFile],
    ) {
        let t = self.strings;
        let size_of = |path: &str| {
            files
                .iter()
                .find(|f| f.path == path)
                .map_or(0, |f| f.bytes.len())
        };
        let views: Vec<FileView> = tables
            .iter()
            .map(|table| FileView {
                name: table.name.to_string(),
                title: t.get(&format!("files.{}.title", table.name)).to_string(),
                csv: format!("{}.csv", table.name),
                json: format!("{}.json", table.name),
                rows: table.rows.len(),
                size: self.size(size_of(&format!("data/{}.csv", table.name))),
                columns: table
                    .columns
                    .iter()
                    .map(|column| ColumnView {
                        name: column.name.to_string(),
                        kind: t
                            .get(match column.kind {
                                Kind::String => "data.type_string",
                                Kind::Integer => "data.type_integer",
                                Kind::Number => "data.type_number",
                            })
                            .to_string(),
                        meaning: t
                            .get(&format!("columns.{}.meaning", column.name))
                            .to_string(),
                        definition: t
                            .get(&format!("columns.{}.definition", column.name))
                            .to_string(),
                    })
                    .collect(),
            })
            .collect();
        search.add(t.get("data.intro"));
        for view in &views {
            search.add(&view.title);
            search.add(&view.csv);
            for column in &view.columns {
                search.add(&column.name);
                search.add(&column.meaning);
                search.add(&column.definition);
            }
        }
        context.insert("files", &views);
        context.insert("summary_size", &self.size(size_of("data/summary.json")));
        context.insert("report_pdf", &self.report_pdf_name());
        let archive = files
            .iter()
            .find(|f| f.path.starts_with("data/") && f.path.ends_with(".zip"));
        context.insert(
            "archive",
            &serde_json::json!({
                "name": archive.map_or("", |f| f.path.trim_start_matches("data/")),
                "size": self.size(archive.map_or(0, |f| f.bytes.len())),
            }),
        );
        context.insert("package_size", &self.size(size_of("data/datapackage.json")));
    }

    /// The meaning and definition of each column a chart draws.
    fn definitions(&self, id: &str) -> Vec<ColumnView> {
        let columns = super::data_files::CHARTED
            .iter()
            .find(|(name, _)| *name == id)
            .map_or(&[][..], |(_, columns)| columns);
        columns
            .iter()
            .map(|name| ColumnView {
                name: name.to_string(),
                kind: String::new(),
                meaning: self
                    .strings
                    .get(&format!("columns.{name}.meaning"))
                    .to_string(),
                definition: self
                    .strings
                    .get(&format!("columns.{name}.definition"))
                    .to_string(),
            })
            .collect()
    }

    fn size(&self, bytes: usize) -> String {
        if bytes < 1024 {
            self.strings
                .fill("data.bytes", &[("size", &self.locale.count(bytes as u64))])
        } else {
            self.strings.fill(
                "data.kilobytes",
                &[("size", &self.locale.count(bytes.div_ceil(1024) as u64))],
            )
        }
    }

    fn methodology(&self, context: &mut Context, search: &mut SearchText) {
        let (intro, privacy) = self.privacy_views();
        search.add(&intro);
        search.add_table(&privacy);
        context.insert("privacy_intro", &intro);
        context.insert("privacy_table", &privacy);
    }

    /// The privacy threshold explained, and the table of suppressed rows.
    fn privacy_views(&self) -> (String, TableView) {
        let t = self.strings;
        let min_cell = self.model.config.min_cell;
        let intro = t.fill(
            "methodology.privacy_intro",
            &[
                ("min_cell", &min_cell.to_string()),
                ("min_cell_minus_one", &(min_cell - 1).to_string()),
            ],
        );
        let model = self.model;
        let count = |n: usize| self.locale.count(n as u64);
        let breakdowns = [
            (
                "coverage_by_sector",
                model.coverage_by_sector.len(),
                model
                    .coverage_by_sector
                    .iter()
                    .filter(|r| r.suppressed())
                    .count(),
            ),
            (
                "coverage_by_district",
                model.coverage_by_district.len(),
                model
                    .coverage_by_district
                    .iter()
                    .filter(|r| r.suppressed())
                    .count(),
            ),
            (
                "claims_by_sector",
                model.claims_by_sector.len(),
                model
                    .claims_by_sector
                    .iter()
                    .filter(|r| r.suppressed())
                    .count(),
            ),
            (
                "claims_by_district",
                model.claims_by_district.len(),
                model
                    .claims_by_district
                    .iter()
                    .filter(|r| r.suppressed())
                    .count(),
            ),
        ];
        let rows: Vec<Vec<CellView>> = breakdowns
            .iter()
            .map(|&(name, rows, suppressed)| {
                vec![
                    CellView::text(t.get(&format!("files.{name}.title"))),
                    CellView::number(count(rows)),
                    CellView::number(count(suppressed)),
                ]
            })
            .collect();
        let privacy = TableView {
            caption: t.get("methodology.privacy_table_caption").to_string(),
            headers: vec![
                header(t.get("methodology.privacy_table"), false),
                header(t.get("methodology.privacy_rows"), true),
                header(t.get("methodology.privacy_suppressed"), true),
            ],
            rows,
        };
        (intro, privacy)
    }

    fn quality(&self, context: &mut Context, search: &mut SearchText) {
        let (findings, checks) = self.quality_views();
        search.add(self.strings.get("quality.intro"));
        for line in findings.iter().chain(&checks) {
            search.add(line);
        }
        context.insert("findings", &findings);
        context.insert("checks", &checks);
    }

    /// The reconciliation findings in plain language, and the checks made.
    fn quality_views(&self) -> (Vec<String>, Vec<String>) {
        let l = self.locale;
        let t = self.strings;
        let mut findings = Vec::new();
        let mut outside: BTreeMap<&str, u64> = BTreeMap::new();
        for warning in &self.model.warnings {
            match warning {
                QualityWarning::MembersBilledDiffer {
                    month,
                    billed,
                    covered,
                    ..
                } => findings.push(t.fill(
                    "quality.members_differ",
                    &[
                        ("month", &l.month(*month)),
                        ("billed", &l.count(*billed)),
                        ("covered", &l.count(*covered)),
                    ],
                )),
                QualityWarning::AmountDiffers {
                    month,
                    billed,
                    amount,
                    expected,
                    ..
                } => {
                    let members = *billed;
                    findings.push(t.fill(
                        "quality.amount_differs",
                        &[
                            ("month", &l.month(*month)),
                            ("amount", &l.money(*amount)),
                            ("members", &l.count(members)),
                            ("expected", &l.money(*expected)),
                        ],
                    ))
                }
                QualityWarning::PaidExceedsAllocation { paid, allocated } => findings.push(t.fill(
                    "quality.paid_exceeds",
                    &[
                        ("paid", &l.money(*paid)),
                        ("allocated", &l.money(*allocated)),
                    ],
                )),
                QualityWarning::ClaimOutsideCoverage { benefit, .. } => {
                    *outside.entry(benefit.as_str()).or_default() += 1
                }
                QualityWarning::MonthWithoutPayment { month } => findings.push(t.fill(
                    "quality.month_without_payment",
                    &[("month", &l.month(*month))],
                )),
            }
        }
        // Individual claims are health data: only their count per benefit is published.
        for (benefit, count) in outside {
            findings.push(t.fill(
                "quality.claims_outside",
                &[("count", &l.count(count)), ("benefit", benefit)],
            ));
        }
        let checks = vec![
            t.get("quality.check_members").to_string(),
            t.fill(
                "quality.check_amount",
                &[("contribution", &l.money(self.model.program.contribution))],
            ),
            t.get("quality.check_allocation").to_string(),
            t.get("quality.check_claims").to_string(),
            t.get("quality.check_months").to_string(),
        ];
        (findings, checks)
    }
}

/// The annual report of one language.
pub struct Report {
    /// `laporan/index.html`, the print-ready page.
    pub page: OutputFile,
    pub search: SearchEntry,
    /// The source of the PDF.
    pub typst: String,
}

fn add_kpis(search: &mut SearchText, kpis: &[Kpi]) {
    for kpi in kpis {
        search.add(&kpi.label);
        search.add(&kpi.value);
        for detail in &kpi.details {
            search.add(detail);
        }
    }
}

fn add_paragraphs_and_table(search: &mut SearchText, paragraphs: &[String], table: &TableView) {
    for paragraph in paragraphs {
        search.add(paragraph);
    }
    search.add_table(table);
}

/// Link to a section from a page at `root`; explicit `index.html` so links
/// work when the site is opened from disk.
pub fn page_href(root: &str, slug: &str) -> String {
    if slug.is_empty() {
        format!("{root}index.html")
    } else {
        format!("{root}{slug}/index.html")
    }
}

/// A tera error as a diagnostic at the template's line and column, with the
/// template's line shown; `sources` are the templates in use by name.
fn template_error(
    error: &tera::Error,
    sources: &BTreeMap<String, String>,
    site_templates: &[TemplateFile],
) -> Diagnostic {
    let hint = "fix the template, or delete it from templates/ to use the built-in one";
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => report,
        _ => {
            let message = format!("template problem: {}", markdown::error_chain(error));
            return Diagnostic::error(Place::folder("templates"), message).with_hint(hint);
        }
    };
    let name = report.filename();
    let own = site_templates.iter().any(|t| t.name == name);
    let message = if own {
        report.message().to_string()
    } else {
        format!(
            "{} (in jaring's built-in {name}, as used by your templates)",
            report.message()
        )
    };
    let span = report.span();
    match sources.get(name) {
        Some(text) if span.range.end <= text.len() => Diagnostic::error_at(
            format!("templates/{name}"),
            text,
            span.range.clone(),
            message,
        )
        .with_hint(hint),
        _ => Diagnostic::error(
            Place::position(
                format!("templates/{name}"),
                span.start_line,
                span.start_col + 1,
            ),
            message,
        )
        .with_hint(hint),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_has_its_strings() {
        let strings = Strings::indonesian();
        for section in &SECTIONS {
            for key in ["title", "description"] {
                assert!(
                    strings.has(&format!("{}.{key}", section.key)),
                    "{}.{key}",
                    section.key
                );
            }
            assert!(strings.has(&format!("nav.{}", section.key)));
            if section.key != "home" {
                assert!(strings.has(&format!("home.section_{}", section.key)));
            }
        }
    }
}
