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
        let file = format!("data/{}.csv", figure.data_file);
        let source = self.strings.fill(
            "chart.source",
            &[
                ("administrator", &model.program.administrator),
                ("date", &date),
                ("file", &file),
            ],
        );
        // An address only where it is a full one: a relative one pasted
        // into another site points at nothing there.
        let citation = self.strings.fill(
            "chart.cite",
            &[
                ("administrator", &model.program.administrator),
                ("title", &figure.title),
                ("site", &model.config.title),
                ("date", &date),
            ],
        );
        let citation = match &figure.address {
            Some(address) => format!("{citation} {address}"),
            None => citation,
        };
        let embed_code = figure
            .address
            .as_deref()
            .map(|address| embed_code(address, figure));
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
            context.insert("cite", &citation);
            context.insert("embed_code", &embed_code);
            context.insert("definitions", &definitions);
            context.insert("attribution", &figure.attribution);
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

    /// The meaning and definition of each column a chart draws.
    pub(super) fn definitions(&self, figure: &Figure) -> Vec<ColumnView> {
        figure
            .spec
            .charted
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
}

/// The HTML another site pastes to show the chart published at `address`.
fn embed_code(address: &str, figure: &Figure) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"560\" style=\"border:0\" loading=\"lazy\"></iframe>",
        escape_xml(&format!("{address}embed.html")),
        escape_xml(&figure.title)
    )
}
