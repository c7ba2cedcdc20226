//! The numbered figures of the site: for each, a title, a takeaway sentence
//! computed from the (already suppressed) model, the chart, and a table of
//! the charted values, all from the same rows.
//!
//! Every figure is declared once, in [`FIGURES`]: its id, the section that
//! shows it, the published table it is drawn from, the columns it charts and
//! the function that draws it. Its strings are found by its id
//! (`figure.ID.title`, `figure.ID.takeaway`, ...). The section pages, the
//! chart pages, the chart downloads, the report and the search index all go
//! through this table, so a figure is never named twice; code holds a
//! figure as a `&FigureSpec`, and a misspelt one does not compile.
//!
//! Adding a figure is one entry and its drawing function, which returns the
//! chart (a [`Shape`] from `charts/`), the takeaway and the table:
//!
//! ```text
//! FigureSpec {
//!     id: "members_by_district_map",
//!     section: Section::Coverage,
//!     table: TableId::CoverageByDistrict,
//!     charted: Charted::Columns(&["district", "district_name", "members_current"]),
//!     draw: coverage::members_map,
//! },
//! ```
//!
//! The unit test `adding_a_figure_is_one_entry` shows it. A map
//! (`Charted::Map`) is drawn only when the site has its districts'
//! boundaries, and its downloads are the values it maps. Imports the model,
//! the drawing (`charts/`), the views, the sections, and of `files/` only
//! the tables (ids, columns, cells) and the search text; nothing of the pages.

mod budget;
mod claims;
mod coverage;
mod maps;
mod ranking;

use serde::Serialize;

use super::RenderContext;
use super::charts::{self, Caption, Chart, MapValue, Shape};
use super::files::data::{DataTable, TableId};
use super::files::search::SearchText;
use super::locale::Locale;
use super::sections::Section;
use super::strings::Strings;
use super::views::{CellView, HeaderView, TableView};
use crate::language::Name;
use crate::load::releases::ReleaseId;
use crate::model::Model;

/// The most rows a table may have to be printed under its chart in the
/// report; every table is printed in full in the report's annex anyway.
pub const SHORT_TABLE_ROWS: usize = 12;

/// One figure of the site, as declared in [`FIGURES`].
#[derive(Debug)]
pub struct FigureSpec {
    /// Names it in content (`{{ chart(id="...") }}`), in the strings files,
    /// and in its page and downloads (`grafik/ID/`).
    pub id: &'static str,
    /// The section page that shows it.
    pub section: Section,
    /// The published table it is drawn from.
    pub table: TableId,
    /// What it draws, which its downloads hold.
    pub charted: Charted,
    /// Its chart, takeaway and table, from the model in one language; given
    /// the figure's id for its strings keys.
    pub draw: fn(&RenderContext, &'static str) -> Parts,
}

/// What a figure draws, which is what its CSV and JSON downloads hold.
#[derive(Debug)]
pub enum Charted {
    /// These columns of its table, as published.
    Columns(&'static [&'static str]),
    /// One value per district, drawn as a map of the districts' boundaries:
    /// only when the site has them (`data/districts.geojson`). The table of
    /// the mapped values, computed from the model like the map, since no
    /// published table holds some of them as they are (claims per 1.000
    /// members).
    Map(fn(&Model) -> DataTable),
}

impl FigureSpec {
    /// Whether the site draws it: every figure, but a map only with the
    /// districts' boundaries.
    pub fn is_drawn(&self, model: &Model) -> bool {
        match self.charted {
            Charted::Columns(_) => true,
            Charted::Map(_) => model.boundaries.is_some(),
        }
    }

    /// The columns of its downloads.
    pub fn columns(&self, model: &Model) -> Vec<&'static str> {
        match self.charted {
            Charted::Columns(columns) => columns.to_vec(),
            Charted::Map(values) => values(model).columns.iter().map(|c| c.name).collect(),
        }
    }

    /// Its downloads: exactly what it draws, from the published `tables`.
    /// Panics when its columns are not its table's, which every build checks.
    pub fn downloads(&self, model: &Model, tables: &[DataTable]) -> DataTable {
        match self.charted {
            Charted::Columns(columns) => tables
                .iter()
                .find(|table| table.id == self.table)
                .expect("every table is published")
                .select(columns),
            Charted::Map(values) => values(model),
        }
    }
}

/// Every figure, in the order they are numbered (among those a site draws).
pub const FIGURES: [FigureSpec; 10] = [
    FigureSpec {
        id: "coverage_map",
        section: Section::Coverage,
        table: TableId::CoverageRateByDistrict,
        charted: Charted::Map(maps::coverage_values),
        draw: maps::coverage,
    },
    FigureSpec {
        id: "coverage_by_sector",
        section: Section::Coverage,
        table: TableId::CoverageBySector,
        charted: Charted::Columns(&["sector", "sector_name", "members_current"]),
        draw: coverage::by_sector,
    },
    FigureSpec {
        id: "coverage_by_district",
        section: Section::Coverage,
        table: TableId::CoverageByDistrict,
        charted: Charted::Columns(&["district", "district_name", "members_current"]),
        draw: coverage::by_district,
    },
    FigureSpec {
        id: "coverage_by_month",
        section: Section::Coverage,
        table: TableId::CoverageByMonth,
        charted: Charted::Columns(&["month", "members"]),
        draw: coverage::by_month,
    },
    FigureSpec {
        id: "coverage_rate_by_district",
        section: Section::Coverage,
        table: TableId::CoverageRateByDistrict,
        charted: Charted::Columns(&[
            "district",
            "district_name",
            "eligible",
            "members_current",
            "coverage_pct",
        ]),
        draw: coverage::rate_by_district,
    },
    FigureSpec {
        id: "budget_by_month",
        section: Section::Budget,
        table: TableId::BudgetByMonth,
        charted: Charted::Columns(&["month", "amount", "cumulative_amount", "cumulative_pct"]),
        draw: budget::by_month,
    },
    FigureSpec {
        id: "claims_by_month",
        section: Section::Claims,
        table: TableId::ClaimsByMonth,
        charted: Charted::Columns(&["month", "benefit", "claims"]),
        draw: claims::by_month,
    },
    FigureSpec {
        id: "claims_by_sector",
        section: Section::Claims,
        table: TableId::ClaimsBySector,
        charted: Charted::Columns(&["sector", "sector_name", "benefit", "claims"]),
        draw: claims::by_sector,
    },
    FigureSpec {
        id: "claims_by_district",
        section: Section::Claims,
        table: TableId::ClaimsByDistrict,
        charted: Charted::Columns(&["district", "district_name", "benefit", "claims"]),
        draw: claims::by_district,
    },
    FigureSpec {
        id: "claims_map",
        section: Section::Claims,
        table: TableId::ClaimsByDistrict,
        charted: Charted::Map(maps::claims_values),
        draw: maps::claims,
    },
];

/// Every figure id, in the order they are numbered.
pub const FIGURE_IDS: [&str; FIGURES.len()] = {
    let mut ids = [""; FIGURES.len()];
    let mut index = 0;
    while index < FIGURES.len() {
        ids[index] = FIGURES[index].id;
        index += 1;
    }
    ids
};

/// One chart of a figure as the report prints it.
#[derive(Serialize)]
pub struct PrintPart {
    /// Where the report's Typst source finds its SVG.
    pub path: String,
    /// Its width on an A4 page, as Typst writes lengths: at most the text
    /// width, narrower for tall charts so they fit a page.
    pub width: String,
}

/// The path of a figure's `index`th printed chart in the report's sources.
pub fn print_chart_path(id: &str, index: usize) -> String {
    format!("charts/{id}-{index}.svg")
}

#[derive(Serialize)]
pub struct Figure {
    pub id: &'static str,
    /// Where it is declared: its section, table and charted columns.
    #[serde(skip)]
    pub spec: &'static FigureSpec,
    pub number: usize,
    pub label: String,
    pub title: String,
    pub takeaway: String,
    /// Whether the chart draws any bar. When every value it would draw is
    /// hidden or zero, pages show the takeaway and a link to the chart page's
    /// table instead of rows of marks with no bar.
    pub shows_chart: bool,
    /// The takeaway as the printed report words it: a page of the site it
    /// names comes with its address.
    pub print_takeaway: String,
    /// What the published table it shows holds, which captions it in print:
    /// "Klaim dibayar per bulan dan manfaat".
    pub table_title: String,
    /// The chart as accessible inline SVG.
    pub svg: String,
    /// The chart itself, for its SVG and PNG downloads.
    #[serde(skip)]
    pub chart: Chart,
    /// How the report prints the chart: whole, or in slices of its rows
    /// when a page cannot hold them all at a readable size.
    pub print_parts: Vec<PrintPart>,
    /// The charts of `print_parts`, in their order.
    #[serde(skip)]
    pub print_charts: Vec<Chart>,
    /// The charted values, as the section pages show them under the chart.
    pub table: TableView,
    /// `table` with the columns it leaves out because they hold nothing to
    /// show (see `left_out_note`); the chart page shows it.
    pub complete_table: TableView,
    /// What the chart and `table` leave out and why, when they leave out a
    /// benefit whose every number is hidden or zero.
    pub left_out_note: Option<String>,
    /// What a map cannot show: the districts that have no boundary.
    pub map_note: Option<String>,
    /// What the chart of a long ranking shows, its top and bottom ("15
    /// tertinggi dan 15 terendah dari 514 kecamatan; ..."), when it leaves
    /// rows out; the tables and downloads keep them.
    pub ends_note: Option<String>,
    /// The id of the map of the same section, when the site draws one:
    /// where a long ranking's note sends its reader too.
    pub map_id: Option<&'static str>,
    /// Whether the report prints `table` under the chart too (at most
    /// [`SHORT_TABLE_ROWS`] rows).
    pub short_table: bool,
    /// The figure's data in full, as the report's annex prints it: `table`,
    /// with more columns where the published table has them.
    pub annex_table: TableView,
    /// Where the report's reader finds `annex_table` ("Data lengkap: Tabel L.3 di Lampiran").
    pub annex_note: String,
    /// The label of `annex_table` in the annex: "Tabel L.3".
    pub annex_label: String,
    /// The id of the annex's table that holds this figure's data, its own or
    /// an earlier figure's: the print page's note links there.
    pub annex_anchor: String,
    /// When an earlier figure's annex table has the same headers and rows
    /// (a map's values and its chart's), what the annex says in place of
    /// printing it again: "sama dengan Tabel L.1".
    pub annex_same_as: Option<String>,
    /// The published table the chart was drawn from (`data/{data_file}.csv`).
    pub data_file: &'static str,
    pub suppressed_note: Option<String>,
    /// What the marks of revised cells mean, when `table` has any.
    pub revised_note: Option<String>,
    /// "Sumber: Dinas ..., data per 31 Oktober 2026.": what goes wherever
    /// the chart goes (its embed, its downloads).
    pub attribution: String,
    /// The full address of the chart's page, when the site's is known
    /// (`base_url`): what its embed code, citation and downloads point to.
    pub address: Option<String>,
    /// `revised_note` as the printed report words it.
    pub print_revised_note: Option<String>,
}

impl Figure {
    /// Its words that a page shows, for the search index.
    pub fn add_to_search(&self, search: &mut SearchText) {
        search.add(&self.label);
        search.add(&self.title);
        search.add(&self.takeaway);
        search.add(self.suppressed_note.as_deref().unwrap_or_default());
        search.add_table(&self.table);
    }

    /// What its downloads carry of it: title and takeaway, what its marks
    /// mean, its source and date, and where it is published.
    pub fn caption(&self) -> Caption {
        Caption {
            title: self.title.clone(),
            takeaway: self.takeaway.clone(),
            footer: self
                .ends_note
                .iter()
                .chain(&self.map_note)
                .chain(&self.suppressed_note)
                .chain([&self.attribution])
                .chain(&self.address)
                .cloned()
                .collect(),
        }
    }
}

impl RenderContext<'_> {
    fn t(&self, key: &str) -> &str {
        self.strings.get(key)
    }

    /// The text at `key` with its values, and the pages of the site it
    /// names (`{page_claims}`) as [`SiteLanguage::page_reference`] writes
    /// them. Pages go in first, so a name in the data cannot become one.
    fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        if !self.t(key).contains("{page_") {
            return self.strings.fill(key, values);
        }
        let pages: Vec<(String, String)> = Section::ALL
            .iter()
            .map(|&section| {
                (
                    format!("page_{}", section.key()),
                    self.language.page_reference(
                        section,
                        &self.model.config.base_url,
                        self.in_report,
                    ),
                )
            })
            .collect();
        let mut all: Vec<(&str, &str)> = pages
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str()))
            .collect();
        all.extend_from_slice(values);
        self.strings.fill(key, &all)
    }

    /// A breakdown's name in the page's language.
    fn name<'n>(&self, name: &'n Name) -> &'n str {
        name.in_language(self.language.code)
    }

    fn mark(&self) -> &str {
        self.t("site.suppressed_mark")
    }

    fn cell<T>(&self, value: Option<T>, format: impl Fn(T) -> String) -> CellView {
        match value {
            Some(value) => CellView::number(format(value)),
            None => CellView::suppressed(self.mark()),
        }
    }

    /// Whether the current data revise this cell of a published table.
    fn revised(&self, table: TableId, key: &str, column: &str) -> bool {
        self.history.is_revised(table.name(), key, column)
    }

    fn missing(&self) -> CellView {
        CellView::number(self.t("site.missing_value"))
    }

    /// "r: 3 figures revised since the release of 30 September 2026", when
    /// the current data revise figures of a figure's table published
    /// before: `rows`, the whole table as the figure shows it, counts the
    /// marks a reader sees (a revised column the figure leaves out is on
    /// the Releases page alone).
    fn revised_note(&self, rows: &[Vec<CellView>]) -> Option<String> {
        let count = rows.iter().flatten().filter(|cell| cell.revised).count();
        let previous = self.history.current().previous?;
        (count > 0).then(|| {
            self.fill(
                "site.revised_note",
                &[
                    ("mark", self.t("site.revised_mark")),
                    ("count", &self.locale.count(count as u64)),
                    ("release", &self.release_name(previous)),
                ],
            )
        })
    }

    fn release_name(&self, id: ReleaseId) -> String {
        release_name(self.strings, self.locale, id)
    }

    fn suppressed_note(&self, any_suppressed: bool) -> Option<String> {
        any_suppressed.then(|| {
            self.fill(
                "site.suppressed_note",
                &[("min_cell", &self.model.config.min_cell.to_string())],
            )
        })
    }
}

/// The figures the site draws, numbered in that order.
pub fn figures(context: &RenderContext) -> Vec<Figure> {
    let mut figures: Vec<Figure> = FIGURES
        .iter()
        .filter(|spec| spec.is_drawn(context.model))
        .enumerate()
        .map(|(index, spec)| figure(context, spec, index + 1))
        .collect();
    // The report's annex prints each full table once: a figure whose table
    // an earlier one already prints sends its reader there.
    for later in 1..figures.len() {
        let same = |earlier: &Figure| {
            earlier.annex_same_as.is_none()
                && earlier.annex_table.headers == figures[later].annex_table.headers
                && earlier.annex_table.rows == figures[later].annex_table.rows
        };
        if let Some((label, anchor)) = figures[..later]
            .iter()
            .find(|earlier| same(earlier))
            .map(|earlier| (earlier.annex_label.clone(), earlier.annex_anchor.clone()))
        {
            let figure = &mut figures[later];
            figure.annex_note = context.fill("figure.annex_note", &[("table", &label)]);
            figure.annex_same_as = Some(context.fill("figure.annex_same", &[("table", &label)]));
            figure.annex_anchor = anchor;
        }
    }
    figures
}

fn figure(context: &RenderContext, spec: &'static FigureSpec, number: usize) -> Figure {
    let id = spec.id;
    let parts = (spec.draw)(context, id);
    let print_context = RenderContext {
        in_report: true,
        ..*context
    };
    // Only the words differ in print; drawing the parts again costs little.
    let print_takeaway = (spec.draw)(&print_context, id).takeaway;
    let title = context.t(&format!("figure.{id}.title")).to_string();
    // A figure whose table is its own (a map's values) names it itself.
    let own_table_title = format!("figure.{id}.table_title");
    let table_title = if context.strings.has(&own_table_title) {
        context.t(&own_table_title).to_string()
    } else {
        context
            .t(&format!("files.{}.title", spec.table.name()))
            .to_string()
    };
    let label = context.fill("figure.label", &[("number", &number.to_string())]);
    let rows_noun = context.t(match spec.table {
        TableId::CoverageBySector | TableId::ClaimsBySector => "figure.rows_sector",
        _ => "figure.rows_district",
    });
    let (shape, ends) = ranking::shape_of_ends(parts.chart, |left_out| {
        context.fill(
            "figure.ends_gap",
            &[
                ("count", &context.locale.count(left_out as u64)),
                ("rows", rows_noun),
            ],
        )
    });
    let ends_note = ends.map(|ends| {
        context.fill(
            "figure.ends_note",
            &[
                ("top", &context.locale.count(ends.top as u64)),
                ("bottom", &context.locale.count(ends.bottom as u64)),
                ("count", &context.locale.count(ends.of as u64)),
                ("rows", rows_noun),
            ],
        )
    });
    let description = match &ends_note {
        Some(note) => format!(
            "{} {note} {}",
            parts.takeaway,
            context.t("figure.svg_desc_suffix")
        ),
        None => format!("{} {}", parts.takeaway, context.t("figure.svg_desc_suffix")),
    };
    let map_id = FIGURES
        .iter()
        .find(|map| {
            map.section == spec.section
                && matches!(map.charted, Charted::Map(_))
                && map.is_drawn(context.model)
        })
        .map(|map| map.id);
    let chart = Chart {
        shape,
        locale: *context.locale,
    };
    let print_parts = chart.print_parts();
    let annex_label = context.fill("figure.annex_label", &[("number", &number.to_string())]);
    let (complete_headers, complete_rows) = parts
        .complete
        .unwrap_or_else(|| (parts.headers.clone(), parts.rows.clone()));
    let (annex_headers, annex_rows) = parts
        .full
        .unwrap_or_else(|| (complete_headers.clone(), complete_rows.clone()));
    let revised_note = context.revised_note(&complete_rows);
    let print_revised_note = print_context.revised_note(&complete_rows);
    let table_caption = context.fill(
        "figure.data_table",
        &[("number", &number.to_string()), ("title", &table_title)],
    );
    let mut attribution = context.fill(
        "chart.attribution",
        &[
            ("administrator", &context.model.program.administrator),
            ("date", &context.locale.date(context.model.program.as_of)),
        ],
    );
    let mut map_note = None;
    if let Shape::Map(map) = &chart.shape {
        if let Some(credit) = &context.model.config.map_credit {
            attribution.push(' ');
            attribution.push_str(&context.fill("map.credit", &[("credit", credit)]));
        }
        map_note = (!map.without_boundary.is_empty()).then(|| {
            context.fill(
                "map.without_boundary",
                &[("names", &map.without_boundary.join(", "))],
            )
        });
    }
    Figure {
        id,
        spec,
        number,
        shows_chart: draws_a_bar(&chart.shape),
        svg: charts::accessible(&chart.svg(), id, &format!("{label}: {title}"), &description),
        print_parts: print_parts
            .iter()
            .enumerate()
            .map(|(index, part)| PrintPart {
                path: print_chart_path(id, index),
                width: format!("{:.1}cm", part.print_width_cm()),
            })
            .collect(),
        print_charts: print_parts,
        chart,
        label: label.clone(),
        annex_table: TableView {
            caption: format!("{annex_label}. {title}"),
            headers: annex_headers,
            rows: annex_rows,
        },
        annex_note: context.fill("figure.annex_note", &[("table", &annex_label)]),
        annex_label,
        annex_anchor: format!("lampiran-{}", spec.id),
        annex_same_as: None,
        title,
        takeaway: parts.takeaway,
        print_takeaway,
        short_table: parts.rows.len() <= SHORT_TABLE_ROWS,
        complete_table: TableView {
            caption: table_caption.clone(),
            headers: complete_headers,
            rows: complete_rows,
        },
        table: TableView {
            caption: table_caption,
            headers: parts.headers,
            rows: parts.rows,
        },
        left_out_note: parts.left_out_note,
        map_note,
        map_id: ends_note.as_ref().and(map_id),
        ends_note,
        data_file: spec.table.name(),
        suppressed_note: context.suppressed_note(parts.any_suppressed),
        revised_note,
        attribution,
        address: chart_address(context, id),
        print_revised_note,
        table_title,
    }
}

/// A release as readers name it: its date, and for a correction which
/// one (`-r2` is the first correction).
pub fn release_name(strings: &Strings, locale: &Locale, id: ReleaseId) -> String {
    let date = locale.date(id.as_of);
    match id.revision {
        1 => date,
        revision => strings.fill(
            "site.release_corrected",
            &[("date", &date), ("number", &(revision - 1).to_string())],
        ),
    }
}

/// The full address of a chart's page, when the site's is known.
fn chart_address(context: &RenderContext, id: &str) -> Option<String> {
    let base_url = &context.model.config.base_url;
    (!base_url.is_empty()).then(|| format!("{base_url}/{}grafik/{id}/", context.language.prefix))
}

/// Whether a chart draws any bar. A breakdown whose every value is hidden
/// or zero draws only names and marks; a time series is drawn even when it
/// is flat at zero, since its months still say when nothing happened.
fn draws_a_bar(shape: &Shape) -> bool {
    match shape {
        Shape::Horizontal(bars) => bars
            .series
            .iter()
            .flat_map(|series| &series.values)
            .any(|value| value.is_some_and(|value| value > 0)),
        Shape::Monthly(_) => true,
        // A zero is a colour on a map, as any value is.
        Shape::Map(map) => map
            .districts
            .iter()
            .any(|district| matches!(district.value, MapValue::Shown(_))),
    }
}

/// What a figure's drawing function makes of the model.
pub struct Parts {
    takeaway: String,
    chart: Shape,
    headers: Vec<HeaderView>,
    rows: Vec<Vec<CellView>>,
    /// The table with the columns `rows` leaves out, when it leaves some out.
    complete: Option<(Vec<HeaderView>, Vec<Vec<CellView>>)>,
    /// What the chart and `rows` leave out and why.
    left_out_note: Option<String>,
    /// The annex's fuller table, when it has more columns than the complete one.
    full: Option<(Vec<HeaderView>, Vec<Vec<CellView>>)>,
    any_suppressed: bool,
}

#[cfg(test)]
mod tests;
