//! The HTML pages of one language, by kind: the sections (`section.rs`),
//! each figure's own page and embed (`chart.rs`), the data page's file list
//! (`data.rs`), the versions of the data (`releases.rs`) and the annual
//! report's page and Typst source (`report.rs`).
//! Here is what they share: the renderer of a language, what every page's
//! template gets, content pages with their figures in place.
//!
//! Templates see views made for them (already formatted, already
//! suppressed), never the model itself, so the model can change without
//! breaking a site's templates. Imports the model, the figures, the
//! sections, the views, Markdown, the templates and the search index, and
//! of the charts only their size and text measure (an embed's height).

mod chart;
mod data;
mod over_time;
mod releases;
mod report;
mod section;

use std::sync::Arc;

use tera::Context;

use super::figures::{FIGURE_IDS, Figure};
use super::files::data::DataTable;
use super::files::search::SearchEntry;
use super::history::History;
use super::locale::Locale;
use super::markdown::{self, Narrative, Values, figure_placeholder};
use super::sections::{Section, page_href};
use super::strings::Strings;
use super::templates::Templates;
use super::views::{LanguageLink, NavItem, SiteView};
use super::{OutputFile, RenderContext, SiteLanguage};
use crate::calendar::Date;
use crate::diag::{Diagnostic, Diagnostics, Place};
use crate::load::Page;
use crate::load::content::REPORT_CONTENT;
use crate::model::Model;
pub use report::Report;

/// Whether a content file feeds one of the site's pages, in the main
/// language (`metodologi`) or translated (`metodologi.en`).
pub fn is_used_content(name: &str) -> bool {
    let base = match name.split_once('.') {
        Some((base, language)) if crate::language::find(language).is_some() => base,
        Some(_) => return false,
        None => name,
    };
    base == REPORT_CONTENT || Section::ALL.iter().any(|section| section.content() == base)
}

pub struct PageRenderer<'a> {
    pub model: &'a Model,
    pub history: &'a History,
    pub strings: &'a Strings,
    pub locale: &'a Locale,
    pub language: &'a SiteLanguage,
    pub languages: &'a [SiteLanguage],
    pub figures: &'a [Figure],
    pub values: Arc<Values>,
    pub pages: &'a [Page],
    templates: &'a Templates<'a>,
    built_on: Date,
    /// The strings and each figure (in `figures`' order) as templates read
    /// them, made once: a page's context takes them as they are instead of
    /// serializing them again for every page (a figure of 500 districts
    /// holds three tables of 500 rows, and appears on four pages).
    strings_value: tera::Value,
    figure_values: Vec<tera::Value>,
}

impl<'a> PageRenderer<'a> {
    /// The renderer of one language's pages; its content pages' live
    /// values are formatted here, once.
    pub fn new(
        context: &RenderContext<'a>,
        figures: &'a [Figure],
        pages: &'a [Page],
        templates: &'a Templates<'a>,
        built_on: Date,
    ) -> PageRenderer<'a> {
        let (model, strings, locale) = (context.model, context.strings, context.locale);
        let values = Arc::new(
            model
                .values()
                .into_iter()
                .map(|(key, value)| (key, locale.value(&value)))
                .collect::<Values>(),
        );
        PageRenderer {
            history: context.history,
            language: context.language,
            languages: context.languages,
            built_on,
            templates,
            model,
            strings,
            locale,
            figures,
            values,
            pages,
            strings_value: tera::Value::from_serializable(strings.tree()),
            figure_values: figures.iter().map(tera::Value::from_serializable).collect(),
        }
    }

    /// `figure` as templates read it.
    fn figure_value(&self, figure: &Figure) -> tera::Value {
        self.figures
            .iter()
            .position(|listed| std::ptr::eq(listed, figure))
            .map_or_else(
                || tera::Value::from_serializable(figure),
                |index| self.figure_values[index].clone(),
            )
    }

    /// Every figure, in order, as templates read them.
    fn figure_list_value(&self) -> tera::Value {
        tera::Value::from(self.figure_values.clone())
    }

    fn render(
        &self,
        template: &str,
        context: &Context,
        diagnostics: &mut Diagnostics,
    ) -> Option<String> {
        self.templates.render(template, context, diagnostics)
    }

    /// What every page's template gets. `path` is the page's path below its
    /// language's root, e.g. `cakupan/index.html`.
    fn base_context(&self, key: &str, path: &str) -> Context {
        let model = self.model;
        let home = "../".repeat(path.matches('/').count());
        let root = self.root_of(path);
        let nav: Vec<NavItem> = Section::ALL
            .iter()
            .map(|s| NavItem {
                label: self.strings.get(&format!("nav.{}", s.key())).to_string(),
                href: page_href(&home, s.slug()),
                current: s.key() == key,
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
        context.insert_value("t", self.strings_value.clone());
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
                lang: self.language.code,
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

    /// The way from the page at `path` (below its language's root) up to
    /// the site's root, where `data/` and `assets/` are.
    fn root_of(&self, path: &str) -> String {
        "../".repeat(path.matches('/').count() + self.language.prefix.matches('/').count())
    }

    /// A figure as HTML for the page at `path`; `in_report` when it goes into the printed report,
    /// which keeps only short tables under their chart (all are in its annex).
    fn figure_html(
        &self,
        figure: &Figure,
        path: &str,
        in_report: bool,
        diagnostics: &mut Diagnostics,
    ) -> Option<String> {
        let mut context = self.base_context("", path);
        context.insert_value("figure", self.figure_value(figure));
        context.insert("in_report", &in_report);
        self.render("figure.html", &context, diagnostics)
    }

    /// A content page with its figures in place in the HTML and their words
    /// in the text, and the figures it placed, in the order it placed them;
    /// Err when it failed (reported in `diagnostics`).
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
        // In the order the text places them, which the page's contents follow.
        let mut placed: Vec<(usize, &'a Figure)> = self
            .figures
            .iter()
            .filter_map(|figure| {
                let at = narrative.html.find(&figure_placeholder(figure.id))?;
                Some((at, figure))
            })
            .collect();
        placed.sort_by_key(|&(at, _)| at);
        let mut embedded = Vec::new();
        for (_, figure) in placed {
            let figure_html = self
                .figure_html(figure, path, in_report, diagnostics)
                .ok_or(())?;
            narrative.html = narrative
                .html
                .replace(&figure_placeholder(figure.id), &figure_html);
            embedded.push(figure);
        }
        // A map the site cannot draw, without boundaries, is left out.
        for id in FIGURE_IDS {
            let placeholder = figure_placeholder(id);
            if narrative.html.contains(&placeholder) {
                narrative.html = narrative.html.replace(&placeholder, "");
                diagnostics.push(
                    Diagnostic::warning(
                        Place::file(&page.path),
                        format!("chart '{id}' is a map, and the site has no district boundaries: it is left out"),
                    )
                    .with_hint(format!(
                        "add {} (see the README, \"Maps\"), or remove the chart from the page",
                        crate::load::geo::BOUNDARIES_FILE
                    )),
                );
            }
        }
        Ok((narrative, embedded))
    }

    /// Every page of the language but the report, and what the search index
    /// holds of each (the search page itself left out). `data_files` are the
    /// files of `data/`, whose sizes the data page gives.
    pub fn render_all(
        &self,
        tables: &[DataTable],
        data_files: &[OutputFile],
        diagnostics: &mut Diagnostics,
    ) -> (Vec<OutputFile>, Vec<SearchEntry>) {
        let mut output = Vec::new();
        let mut index = Vec::new();
        for section in Section::ALL {
            if let Some((page, search)) =
                self.section_page(section, tables, data_files, diagnostics)
            {
                output.push(page);
                index.extend(search);
            }
        }
        for figure in self.figures {
            let (pages, search) = self.chart_pages(figure, diagnostics);
            output.extend(pages);
            index.extend(search);
        }
        (output, index)
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

    /// The file name of the PDF report, beside this language's home page.
    pub fn report_pdf_name(&self) -> String {
        format!("laporan-{}.pdf", self.model.program.years().slug())
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
}
