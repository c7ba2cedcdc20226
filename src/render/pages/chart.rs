//! Each figure's own page at its stable address `grafik/ID/`, and the
//! chart-only page that embeds it elsewhere with its attribution.

use super::PageRenderer;
use crate::diag::Diagnostics;
use crate::render::OutputFile;
use plotters::style::FontStyle;

use crate::render::charts::{self, Shape};
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
        let mut source = self.strings.fill(
            "chart.source",
            &[
                ("administrator", &model.program.administrator),
                ("date", &date),
                ("file", &file),
            ],
        );
        if let (Shape::Map(_), Some(credit)) = (&figure.chart.shape, &model.config.map_credit) {
            source.push(' ');
            source.push_str(&self.strings.fill("map.credit", &[("credit", credit)]));
        }
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
            .map(|address| embed_code(address, figure, self.strings.get("chart.embed_more")));
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
            context.insert_value("figure", self.figure_value(figure));
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
            .columns(self.model)
            .into_iter()
            .map(|name| ColumnView {
                name: name.to_string(),
                kind: String::new(),
                meaning: column(name, "meaning"),
                definition: column(name, "explained"),
            })
            .collect()
    }
}

/// The HTML another site pastes to show the chart published at `address`:
/// an iframe as tall as the embed page (see [`embed_height`]), and a script
/// that fits it to the height the embed page posts, as it wraps its text at
/// the host's width. The script loads nothing and touches only the iframes
/// of these embed codes, each resized by the messages of its own page.
fn embed_code(address: &str, figure: &Figure, more: &str) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{}\" style=\"border:0\" loading=\"lazy\" data-jaring-embed></iframe>\n\
         <script>{EMBED_LISTENER}</script>",
        escape_xml(&format!("{address}embed.html")),
        escape_xml(&figure.title),
        embed_height(figure, more)
    )
}

/// Resizes each iframe of an embed code to the height its page posts (once
/// per host page, however many charts it embeds).
const EMBED_LISTENER: &str = "if(!window.jaringEmbeds){window.jaringEmbeds=true;window.addEventListener(\"message\",function(e){var h=e.data&&e.data.type===\"jaring-embed-height\"&&Number(e.data.height);if(!(h>0&&h<20000))return;var f=document.querySelectorAll(\"iframe[data-jaring-embed]\");for(var i=0;i<f.length;i++){if(f[i].contentWindow===e.source)f[i].style.height=Math.ceil(h)+\"px\";}});}";

/// The widths of iframe the embed page is measured at: a small phone's,
/// a large phone's, and the chart's own width with the page's padding
/// (wider, nothing grows taller).
const EMBED_WIDTHS: [f64; 3] = [320.0, 375.0, charts::WIDTH as f64 + 24.0];

/// How tall the embed page is, in CSS pixels, at the tallest of
/// [`EMBED_WIDTHS`]: its iframe's height before (or without) the script,
/// so the whole chart and its source show from a 320 px phone up. Measured
/// from the sizes the built-in style.css gives `body.embed`, with text
/// wrapped in DejaVu Sans, wider than most screen fonts.
fn embed_height(figure: &Figure, more: &str) -> u32 {
    let lines = |text: &str, size: f64, weight: FontStyle, width: f64| {
        charts::wrap(text, size, weight, width).len().max(1) as f64
    };
    let attribution = format!("{} {more}", figure.attribution);
    EMBED_WIDTHS
        .iter()
        .map(|&width| {
            // body: 0.5rem above and below, 0.75rem either side.
            let text_width = width - 24.0;
            // The title at 1.2rem, line-height 1.3; the takeaway at 1rem,
            // 0.25rem below it, line-height 1.55; 0.75rem under the caption.
            let caption = lines(&figure.title, 19.2, FontStyle::Bold, text_width) * 24.96
                + 4.0
                + lines(&figure.takeaway, 16.0, FontStyle::Normal, text_width) * 24.8
                + 12.0;
            // The chart at its natural size or scaled down to the text's
            // width, and the 0.6rem padding of the card dark mode puts it on.
            let chart_width = f64::from(charts::WIDTH).min(text_width);
            let chart = figure.chart.height() * chart_width / f64::from(charts::WIDTH) + 19.2;
            // Paragraphs with 1em above and below: the note at 0.9rem, the
            // attribution at 0.85rem.
            let note = figure.suppressed_note.as_deref().map_or(0.0, |note| {
                lines(note, 14.4, FontStyle::Normal, text_width) * 22.32 + 28.8
            });
            let source = lines(&attribution, 13.6, FontStyle::Normal, text_width) * 21.08 + 27.2;
            16.0 + caption + chart + note + source
        })
        .fold(0.0, f64::max)
        .ceil() as u32
        // Room for the browser's rounding of each line.
        + 8
}
