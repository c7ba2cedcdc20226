//! The annual report's page `laporan/index.html`, ready to print, and the
//! Typst source of its PDF, both rendered from the same views.

use std::collections::BTreeMap;

use serde::Serialize;

use super::PageRenderer;
use super::section::add_kpis;
use crate::diag::Diagnostics;
use crate::load::Page;
use crate::load::content::{Foreword, REPORT_CONTENT};
use crate::render::OutputFile;
use crate::render::figures::Figure;
use crate::render::files::search::{SearchEntry, SearchText};
use crate::render::markdown::{self, Narrative};
use crate::render::sections::Section;
use crate::render::views::TableView;

/// One section's figures in the report: their ids (the PDF places each by
/// id) and their HTML (the print page).
#[derive(Default, Serialize)]
struct SectionFigures {
    ids: Vec<&'static str>,
    html: Vec<String>,
}

/// The foreword, signed in words by the head of the agency.
#[derive(Serialize)]
struct ForewordView {
    paragraphs: Vec<String>,
    /// "Rangkasbitung, 9 November 2026", when the place or date is given.
    signed_at: Option<String>,
    position: String,
    name: String,
}

/// A chapter the narrative starts with a level-1 heading (its conclusions).
#[derive(Serialize)]
struct ChapterView {
    /// Its anchor on the print page.
    id: String,
    title: String,
    html: String,
    typst: String,
}

/// The annual report of one language.
pub struct Report {
    /// `laporan/index.html`, the print-ready page.
    pub page: OutputFile,
    pub search: SearchEntry,
    /// The source of the PDF.
    pub typst: String,
}

impl PageRenderer<'_> {
    /// The annual report: its print-ready page `laporan/index.html`, what
    /// the search index holds of it, and the Typst source of its PDF, all
    /// from the same views.
    pub fn report(&self, diagnostics: &mut Diagnostics) -> Option<Report> {
        let path = "laporan/index.html";
        let model = self.model;
        let program = &model.program;
        let t = self.strings;
        // Data that stop before the period ends make an interim report,
        // and its title says so: "Laporan Tahunan 2026 (sementara, data
        // per 31 Oktober 2026)". The cover sets the two parts apart.
        let annual = t.fill("report.title", &[("year", &program.years().to_string())]);
        let interim = (!program.is_final()).then(|| {
            t.fill(
                "report.interim",
                &[("date", &self.locale.date(program.as_of))],
            )
        });
        let title = match &interim {
            Some(interim) => format!("{annual} {interim}"),
            None => annual.clone(),
        };
        let mut context = self.base_context("report", path);
        context.insert("title", &title);
        context.insert("annual_title", &annual);
        context.insert("interim", &interim);
        let base_url = &model.config.base_url;
        let online = (!base_url.is_empty()).then(|| {
            let data_page = self.language.page_reference(Section::Data, base_url, true);
            t.fill("report.online", &[("page_data", &data_page)])
        });
        context.insert("online", &online);
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
        let report_page = page(REPORT_CONTENT);
        let methodology = page(Section::Methodology.content());
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
        let foreword = report_page
            .and_then(|page| page.foreword.as_ref())
            .map(|foreword| self.foreword_view(foreword));
        if let Some(foreword) = &foreword {
            for words in foreword.paragraphs.iter().chain([&foreword.name]) {
                search.add(words);
            }
        }
        context.insert("foreword", &foreword);
        let (summary, chapters) = match report_page.map(markdown::split_chapters) {
            Some((summary, chapters)) => (Some(summary), chapters),
            None => (None, Vec::new()),
        };
        let narrative = summary.as_ref();
        let narrative_html = narrative_of(narrative, diagnostics).ok()?;
        search.add(&narrative_html.text);
        context.insert("narrative_html", &narrative_html.html);
        let mut chapter_views = Vec::new();
        for (index, chapter) in chapters.iter().enumerate() {
            let title = narrative_of(Some(&chapter.title), diagnostics).ok()?.text;
            let body = narrative_of(Some(&chapter.body), diagnostics).ok()?;
            search.add(&title);
            search.add(&body.text);
            chapter_views.push(ChapterView {
                id: format!("bab-{}", index + 1),
                title,
                html: body.html,
                typst: typst_of(Some(&chapter.body), diagnostics)?,
            });
        }
        context.insert("chapters", &chapter_views);
        let methodology_html = narrative_of(methodology, diagnostics).ok()?;
        context.insert("methodology_html", &methodology_html.html);
        context.insert("narrative", &typst_of(narrative, diagnostics)?);
        context.insert("methodology", &typst_of(methodology, diagnostics)?);
        // Each section's figures as the registry lists them, by the
        // section's key: the report's templates place them under their
        // section's heading, so a new figure appears there by itself.
        let mut section_figures = BTreeMap::new();
        for section in Section::ALL {
            let mut figures = SectionFigures::default();
            for figure in self.figures.iter().filter(|f| f.spec.section == section) {
                figures.ids.push(figure.id);
                figures
                    .html
                    .push(self.figure_html(figure, path, true, diagnostics)?);
                search.anchor(figure.id);
                figure.add_to_search(&mut search);
            }
            search.leave_figures();
            section_figures.insert(section.key(), figures);
        }
        context.insert("section_figures", &section_figures);
        context.insert_value("figure_list", self.figure_list_value());
        let (budget_paragraphs, budget_lines) = self.budget_views();
        let (claims_paragraphs, claim_status) = self.claims_views();
        let quality = self.quality_view();
        let (privacy_intro, privacy_table) = self.privacy_views();
        let annex: Vec<&TableView> = self
            .annex_figures()
            .map(|(figure, _)| &figure.annex_table)
            .collect();
        for paragraph in budget_paragraphs.iter().chain(&claims_paragraphs) {
            search.add(paragraph);
        }
        for words in quality.words() {
            search.add(words);
        }
        search.add(&methodology_html.text);
        search.add(&privacy_intro);
        for table in [&budget_lines, &claim_status, &privacy_table]
            .into_iter()
            .chain(annex.iter().copied())
        {
            search.add_table(table);
        }
        let years = self.year_comparison();
        if let Some(years) = &years {
            search.add(self.strings.get("home.years_intro"));
            search.add_table(years);
        }
        context.insert("years", &years);
        context.insert("kpis", &kpis);
        context.insert("budget_paragraphs", &budget_paragraphs);
        context.insert("budget_lines", &budget_lines);
        context.insert("claims_paragraphs", &claims_paragraphs);
        context.insert("claim_status", &claim_status);
        context.insert("quality", &quality);
        context.insert("privacy_intro", &privacy_intro);
        context.insert("privacy_table", &privacy_table);
        context.insert("maps_explained", &self.maps_explained());
        let annex_tables: Vec<tera::Value> = self
            .annex_figures()
            .filter_map(|(_, value)| value.get_from_path("annex_table").cloned())
            .collect();
        context.insert_value("annex", tera::Value::from(annex_tables));
        let html = self.render("laporan.html", &context, diagnostics)?;
        let typst = self.render("laporan.typ", &context, diagnostics)?;
        Some(Report {
            page: self.file(path, html),
            search: search.entry(self.file_path(path), &title),
            typst,
        })
    }

    /// The figures whose tables the annex prints (not one that shares an
    /// earlier figure's), each with its value for the templates.
    fn annex_figures(&self) -> impl Iterator<Item = (&Figure, &tera::Value)> {
        self.figures
            .iter()
            .zip(&self.figure_values)
            .filter(|(figure, _)| figure.annex_same_as.is_none())
    }

    /// The foreword's paragraphs (split at blank lines, each line break
    /// within one a space) and its signature in words.
    fn foreword_view(&self, foreword: &Foreword) -> ForewordView {
        let mut paragraphs = Vec::new();
        let mut paragraph: Vec<&str> = Vec::new();
        for line in foreword.text.lines().map(str::trim) {
            if line.is_empty() {
                if !paragraph.is_empty() {
                    paragraphs.push(paragraph.join(" "));
                    paragraph.clear();
                }
            } else {
                paragraph.push(line);
            }
        }
        if !paragraph.is_empty() {
            paragraphs.push(paragraph.join(" "));
        }
        let date = foreword.date.map(|date| self.locale.date(date));
        let signed_at = match (&foreword.place, date) {
            (Some(place), Some(date)) => Some(format!("{place}, {date}")),
            (place, date) => place.clone().or(date),
        };
        ForewordView {
            paragraphs,
            signed_at,
            position: foreword.position.clone(),
            name: foreword.name.clone(),
        }
    }
}
