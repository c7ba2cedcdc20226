//! Each figure's own page at its stable address `grafik/ID/`, and the
//! chart-only page that embeds it elsewhere with its attribution.

use super::PageRenderer;
use crate::diag::Diagnostics;
use crate::render::OutputFile;
use crate::render::escape::escape_xml;
use crate::render::figures::Figure;
use crate::render::files::search::{SearchEntry, SearchText};
use crate::render::sections::page_href;
use crate::render::views::ColumnView;

impl PageRenderer<'_> {
    /// A chart's own page (stable address `grafik/ID/`), and the chart-only
    /// page that embeds it elsewhere with its attribution; with what the
    /// search index holds of the first (embeds are not searched).
    pub(super) fn chart_pages(
        &self,
        figure: &Figure,
        diagnostics: &mut Diagnostics,
    ) -> (Vec<OutputFile>, Option<SearchEntry>) {
        let folder = format!("grafik/{}/", figure.id);
        let section = figure.spec.section;
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
        let definitions = self.definitions(figure);
        let mut search = SearchText::default();
        figure.add_to_search(&mut search);
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
            let mut context = self.base_context(section.key(), &path);
            context.insert("figure", figure);
            context.insert("title", &figure.title);
            context.insert("description", &figure.takeaway);
            context.insert("section_href", &page_href(&"../".repeat(2), section.slug()));
            context.insert(
                "back",
                &self.strings.fill(
                    "chart.back",
                    &[(
                        "section",
                        self.strings.get(&format!("nav.{}", section.key())),
                    )],
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
                    escape_xml(&figure.title)
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

    /// The meaning of each column a chart draws, in plain words: the data
    /// dictionary's definitions speak of the input's columns, which the
    /// chart's readers never see.
    pub(super) fn definitions(&self, figure: &Figure) -> Vec<ColumnView> {
        let column = |name: &str, part: &str| {
            self.strings
                .column(figure.data_file, name, part)
                .to_string()
        };
        figure
            .spec
            .charted
            .iter()
            .map(|name| ColumnView {
                name: name.to_string(),
                kind: String::new(),
                meaning: column(name, "meaning"),
                definition: column(name, "explained"),
            })
            .collect()
    }
}
