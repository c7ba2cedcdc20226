//! The numbered figures of the site: for each, a title, a takeaway sentence
//! computed from the (already suppressed) model, the chart, and a table of
//! the charted values, all from the same rows.

use serde::Serialize;

use super::RenderContext;
use super::charts::{
    self, Chart, HorizontalBars, MonthlyBars, NumberFormat, PALETTE, Series, Shape,
};
use crate::model::{ClaimsRow, CoverageRow, Percent};

/// The most rows a table may have to be printed under its chart in the
/// report; every table is printed in full in the report's annex anyway.
pub const SHORT_TABLE_ROWS: usize = 12;

/// Every figure id, in the order they are numbered.
pub const FIGURE_IDS: [&str; 8] = [
    "coverage_by_sector",
    "coverage_by_district",
    "coverage_by_month",
    "coverage_rate_by_district",
    "budget_by_month",
    "claims_by_month",
    "claims_by_sector",
    "claims_by_district",
];

#[derive(Serialize)]
pub struct Figure {
    pub id: &'static str,
    pub number: usize,
    pub label: String,
    pub title: String,
    pub takeaway: String,
    /// The chart as accessible inline SVG.
    pub svg: String,
    /// The chart itself, for its SVG and PNG downloads.
    #[serde(skip)]
    pub chart: Chart,
    /// The chart's width on an A4 page, as Typst writes lengths: at most the
    /// text width, narrower for tall charts so they fit a page.
    pub print_width: String,
    pub table: TableView,
    /// Whether the report prints `table` under the chart too (at most
    /// [`SHORT_TABLE_ROWS`] rows).
    pub short_table: bool,
    /// The figure's data in full, as the report's annex prints it: `table`,
    /// with more columns where the published table has them.
    pub annex_table: TableView,
    /// Where the report's reader finds `annex_table` ("Data lengkap: Tabel L.3 di Lampiran").
    pub annex_note: String,
    /// The published table the chart was drawn from (`data/{data_file}.csv`).
    pub data_file: &'static str,
    pub suppressed_note: Option<String>,
}

/// A table ready for a template: every cell already formatted.
#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    pub caption: String,
    pub headers: Vec<HeaderView>,
    pub rows: Vec<Vec<CellView>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeaderView {
    pub text: String,
    pub numeric: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    pub text: String,
    pub numeric: bool,
    pub suppressed: bool,
}

impl CellView {
    pub fn text(text: impl Into<String>) -> CellView {
        CellView {
            text: text.into(),
            numeric: false,
            suppressed: false,
        }
    }

    pub fn number(text: impl Into<String>) -> CellView {
        CellView {
            text: text.into(),
            numeric: true,
            suppressed: false,
        }
    }
}

pub fn header(text: &str, numeric: bool) -> HeaderView {
    HeaderView {
        text: text.to_string(),
        numeric,
    }
}

impl RenderContext<'_> {
    fn t(&self, key: &str) -> &str {
        self.strings.get(key)
    }

    fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        self.strings.fill(key, values)
    }

    /// A breakdown's name in the page's language.
    fn name<'n>(&self, indonesian: &'n str, english: &'n str) -> &'n str {
        if self.locale.language == "en" {
            english
        } else {
            indonesian
        }
    }

    fn mark(&self) -> &str {
        self.t("site.suppressed_mark")
    }

    fn cell<T>(&self, value: Option<T>, format: impl Fn(T) -> String) -> CellView {
        match value {
            Some(value) => CellView::number(format(value)),
            None => CellView {
                text: self.mark().to_string(),
                numeric: true,
                suppressed: true,
            },
        }
    }

    fn missing(&self) -> CellView {
        CellView::number(self.t("site.missing_value"))
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

pub fn figures(context: &RenderContext) -> Vec<Figure> {
    FIGURE_IDS
        .iter()
        .enumerate()
        .map(|(index, id)| figure(context, id, index + 1))
        .collect()
}

fn figure(context: &RenderContext, id: &'static str, number: usize) -> Figure {
    let parts = match id {
        "coverage_by_sector" => coverage_breakdown(
            context,
            &context.model.coverage_by_sector,
            "table.sector",
            id,
        ),
        "coverage_by_district" => coverage_breakdown(
            context,
            &context.model.coverage_by_district,
            "table.district",
            id,
        ),
        "coverage_by_month" => coverage_by_month(context),
        "coverage_rate_by_district" => coverage_rate(context),
        "budget_by_month" => budget_by_month(context),
        "claims_by_month" => claims_by_month(context),
        "claims_by_sector" => {
            claims_breakdown(context, &context.model.claims_by_sector, "table.sector", id)
        }
        _ => claims_breakdown(
            context,
            &context.model.claims_by_district,
            "table.district",
            id,
        ),
    };
    let title = context.t(&format!("figure.{id}.title")).to_string();
    let label = context.fill("figure.label", &[("number", &number.to_string())]);
    let description = format!("{} {}", parts.takeaway, context.t("figure.svg_desc_suffix"));
    let chart = Chart {
        shape: parts.chart,
        locale: *context.locale,
    };
    let annex_label = context.fill("figure.annex_label", &[("number", &number.to_string())]);
    let (annex_headers, annex_rows) = parts
        .full
        .unwrap_or_else(|| (parts.headers.clone(), parts.rows.clone()));
    Figure {
        id,
        number,
        svg: charts::accessible(&chart.svg(), id, &format!("{label}: {title}"), &description),
        print_width: format!("{:.1}cm", chart.print_width_cm()),
        chart,
        label: label.clone(),
        annex_table: TableView {
            caption: format!("{annex_label}. {title}"),
            headers: annex_headers,
            rows: annex_rows,
        },
        annex_note: context.fill("figure.annex_note", &[("table", &annex_label)]),
        title,
        takeaway: parts.takeaway,
        short_table: parts.rows.len() <= SHORT_TABLE_ROWS,
        table: TableView {
            caption: context.fill("figure.data_table", &[("number", &number.to_string())]),
            headers: parts.headers,
            rows: parts.rows,
        },
        data_file: id,
        suppressed_note: context.suppressed_note(parts.any_suppressed),
    }
}

struct Parts {
    takeaway: String,
    chart: Shape,
    headers: Vec<HeaderView>,
    rows: Vec<Vec<CellView>>,
    /// The annex's fuller table, when it has more columns than `rows`.
    full: Option<(Vec<HeaderView>, Vec<Vec<CellView>>)>,
    any_suppressed: bool,
}

fn coverage_breakdown(
    context: &RenderContext,
    rows: &[CoverageRow],
    name_header: &str,
    id: &str,
) -> Parts {
    let locale = context.locale;
    let mut ordered: Vec<&CoverageRow> = rows.iter().collect();
    ordered.sort_by_key(|row| {
        (
            row.members_current.is_none(),
            std::cmp::Reverse(row.members_current.unwrap_or(0)),
        )
    });
    let total = context.model.summary.members_current;
    let takeaway = match ordered
        .first()
        .and_then(|row| Some((row, row.members_current?)))
    {
        Some((row, current)) if total > 0 && current > 0 => {
            let share = Percent::of(current as i128, total as i128)
                .map(|p| locale.percent_whole(p))
                .unwrap_or_default();
            context.fill(
                &format!("figure.{id}.takeaway"),
                &[
                    ("name", context.name(&row.name, &row.name_en)),
                    ("share", &share),
                    ("count", &locale.count(current)),
                ],
            )
        }
        _ => context
            .t(&format!("figure.{id}.takeaway_empty"))
            .to_string(),
    };
    let chart = Shape::Horizontal(HorizontalBars {
        categories: ordered
            .iter()
            .map(|row| context.name(&row.name, &row.name_en).to_string())
            .collect(),
        series: vec![Series {
            name: context.t("table.members_current").to_string(),
            color: PALETTE[0],
            values: ordered
                .iter()
                .map(|row| row.members_current.map(|v| v as i64))
                .collect(),
        }],
        format: NumberFormat::Count,
        suppressed_mark: context.mark().to_string(),
    });
    Parts {
        takeaway,
        chart,
        headers: vec![
            header(context.t(name_header), false),
            header(context.t("table.members_current"), true),
        ],
        rows: ordered
            .iter()
            .map(|row| {
                vec![
                    CellView::text(context.name(&row.name, &row.name_en)),
                    context.cell(row.members_current, |v| locale.count(v)),
                ]
            })
            .collect(),
        full: Some((
            vec![
                header(context.t(name_header), false),
                header(context.t("table.members_current"), true),
                header(context.t("table.members_ever"), true),
                header(context.t("table.member_months"), true),
            ],
            ordered
                .iter()
                .map(|row| {
                    vec![
                        CellView::text(context.name(&row.name, &row.name_en)),
                        context.cell(row.members_current, |v| locale.count(v)),
                        context.cell(row.members_ever, |v| locale.count(v)),
                        context.cell(row.member_months, |v| locale.count(v)),
                    ]
                })
                .collect(),
        )),
        any_suppressed: rows.iter().any(CoverageRow::suppressed),
    }
}

fn coverage_by_month(context: &RenderContext) -> Parts {
    let locale = context.locale;
    let series = &context.model.coverage_by_month;
    let takeaway = match (series.first(), series.last()) {
        (Some(first), Some(last)) => {
            let key = match last.members.cmp(&first.members) {
                std::cmp::Ordering::Greater => "takeaway",
                std::cmp::Ordering::Less => "takeaway_down",
                std::cmp::Ordering::Equal => "takeaway_flat",
            };
            context.fill(
                &format!("figure.coverage_by_month.{key}"),
                &[
                    ("first", &locale.count(first.members)),
                    ("first_month", &locale.month(first.month)),
                    ("last", &locale.count(last.members)),
                    ("last_month", &locale.month(last.month)),
                ],
            )
        }
        _ => context
            .t("figure.coverage_by_month.takeaway_empty")
            .to_string(),
    };
    let chart = Shape::Monthly(MonthlyBars {
        months: series
            .iter()
            .map(|row| locale.month_short(row.month).to_string())
            .collect(),
        bars: vec![Series {
            name: context.t("table.members").to_string(),
            color: PALETTE[0],
            values: series.iter().map(|row| Some(row.members as i64)).collect(),
        }],
        line: None,
        reference: None,
        format: NumberFormat::Count,
        value_labels: false,
    });
    Parts {
        takeaway,
        chart,
        headers: vec![
            header(context.t("table.month"), false),
            header(context.t("table.members"), true),
        ],
        rows: series
            .iter()
            .map(|row| {
                vec![
                    CellView::text(locale.month(row.month)),
                    CellView::number(locale.count(row.members)),
                ]
            })
            .collect(),
        full: None,
        any_suppressed: false,
    }
}

fn coverage_rate(context: &RenderContext) -> Parts {
    let locale = context.locale;
    let rows = &context.model.coverage_rate_by_district;
    let mut ordered: Vec<_> = rows.iter().collect();
    ordered.sort_by_key(|row| {
        (
            row.coverage_pct.is_none(),
            std::cmp::Reverse(row.coverage_pct),
        )
    });
    let with_rate: Vec<_> = ordered
        .iter()
        .filter(|row| row.coverage_pct.is_some())
        .collect();
    let takeaway = match (with_rate.first(), with_rate.last()) {
        (Some(top), Some(bottom)) => context.fill(
            "figure.coverage_rate_by_district.takeaway",
            &[
                ("top", context.name(&top.name, &top.name_en)),
                (
                    "top_pct",
                    &top.coverage_pct
                        .map(|p| locale.percent(p))
                        .unwrap_or_default(),
                ),
                ("bottom", context.name(&bottom.name, &bottom.name_en)),
                (
                    "bottom_pct",
                    &bottom
                        .coverage_pct
                        .map(|p| locale.percent(p))
                        .unwrap_or_default(),
                ),
            ],
        ),
        _ => context
            .t("figure.coverage_rate_by_district.takeaway_empty")
            .to_string(),
    };
    let chart = Shape::Horizontal(HorizontalBars {
        categories: ordered
            .iter()
            .map(|row| context.name(&row.name, &row.name_en).to_string())
            .collect(),
        series: vec![Series {
            name: context.t("table.coverage_pct").to_string(),
            color: PALETTE[2],
            values: ordered
                .iter()
                .map(|row| row.coverage_pct.map(Percent::hundredths))
                .collect(),
        }],
        format: NumberFormat::Percent,
        suppressed_mark: context.mark().to_string(),
    });
    let rows_view = ordered
        .iter()
        .map(|row| {
            let eligible = row
                .eligible
                .map_or_else(|| context.missing(), |v| CellView::number(locale.count(v)));
            let rate = if row.suppressed {
                context.cell(None::<Percent>, |p| locale.percent_fixed(p))
            } else {
                row.coverage_pct.map_or_else(
                    || context.missing(),
                    |p| CellView::number(locale.percent_fixed(p)),
                )
            };
            vec![
                CellView::text(context.name(&row.name, &row.name_en)),
                eligible,
                context.cell(row.members_current, |v| locale.count(v)),
                rate,
            ]
        })
        .collect();
    Parts {
        takeaway,
        chart,
        headers: vec![
            header(context.t("table.district"), false),
            header(context.t("table.eligible"), true),
            header(context.t("table.members_current"), true),
            header(context.t("table.coverage_pct"), true),
        ],
        rows: rows_view,
        full: None,
        any_suppressed: rows.iter().any(|row| row.suppressed),
    }
}

fn budget_by_month(context: &RenderContext) -> Parts {
    let locale = context.locale;
    let model = context.model;
    let series = &model.budget_by_month;
    let takeaway = match series.last() {
        Some(last) if last.cumulative_amount > 0 => context.fill(
            "figure.budget_by_month.takeaway",
            &[
                ("month", &locale.month(last.month)),
                ("cumulative", &locale.money(last.cumulative_amount)),
                (
                    "pct",
                    &last
                        .cumulative_pct
                        .map(|p| locale.percent(p))
                        .unwrap_or_default(),
                ),
                ("allocated", &locale.money(model.summary.allocated)),
            ],
        ),
        _ => context
            .t("figure.budget_by_month.takeaway_empty")
            .to_string(),
    };
    let reference_label = format!(
        "{} {}",
        context.t("figure.legend_allocation"),
        locale.money_short(model.summary.allocated)
    );
    let chart = Shape::Monthly(MonthlyBars {
        months: series
            .iter()
            .map(|row| locale.month_short(row.month).to_string())
            .collect(),
        bars: vec![Series {
            name: context.t("figure.legend_monthly").to_string(),
            color: PALETTE[0],
            values: series.iter().map(|row| Some(row.amount)).collect(),
        }],
        line: Some(Series {
            name: context.t("figure.legend_cumulative").to_string(),
            color: PALETTE[1],
            values: series
                .iter()
                .map(|row| Some(row.cumulative_amount))
                .collect(),
        }),
        reference: (model.summary.allocated > 0)
            .then_some((model.summary.allocated, reference_label)),
        format: NumberFormat::MoneyShort,
        value_labels: false,
    });
    Parts {
        takeaway,
        chart,
        headers: vec![
            header(context.t("table.month"), false),
            header(context.t("table.amount"), true),
            header(context.t("table.cumulative_amount"), true),
            header(context.t("table.cumulative_pct"), true),
        ],
        rows: series
            .iter()
            .map(|row| {
                vec![
                    CellView::text(locale.month(row.month)),
                    CellView::number(locale.money(row.amount)),
                    CellView::number(locale.money(row.cumulative_amount)),
                    row.cumulative_pct.map_or_else(
                        || context.missing(),
                        |p| CellView::number(locale.percent_fixed(p)),
                    ),
                ]
            })
            .collect(),
        full: None,
        any_suppressed: false,
    }
}

fn claims_by_month(context: &RenderContext) -> Parts {
    let locale = context.locale;
    let model = context.model;
    let benefits = &model.program.benefits;
    let rows = &model.claims_by_month;
    let (total_claims, total_amount) =
        (model.summary.claims_paid, model.summary.claims_paid_amount);
    let takeaway = match model.claim_months.last() {
        Some(&month) if total_claims > 0 => context.fill(
            "figure.claims_by_month.takeaway",
            &[
                ("claims", &locale.count(total_claims)),
                ("amount", &locale.money(total_amount)),
                ("month", &locale.month(month)),
            ],
        ),
        _ => context
            .t("figure.claims_by_month.takeaway_empty")
            .to_string(),
    };
    let chart = Shape::Monthly(MonthlyBars {
        months: model
            .claim_months
            .iter()
            .map(|&m| locale.month_short(m).to_string())
            .collect(),
        bars: benefits
            .iter()
            .enumerate()
            .map(|(index, benefit)| Series {
                name: benefit.clone(),
                color: PALETTE[index % PALETTE.len()],
                values: rows
                    .iter()
                    .filter(|r| &r.benefit == benefit)
                    .map(|r| Some(r.claims as i64))
                    .collect(),
            })
            .collect(),
        line: None,
        reference: None,
        format: NumberFormat::Count,
        value_labels: true,
    });
    let mut headers = vec![header(context.t("table.month"), false)];
    for benefit in benefits {
        headers.push(header(
            &context.fill("table.claims_of", &[("benefit", benefit)]),
            true,
        ));
        headers.push(header(
            &context.fill("table.amount_of", &[("benefit", benefit)]),
            true,
        ));
    }
    let table_rows = model
        .claim_months
        .iter()
        .map(|&month| {
            let mut cells = vec![CellView::text(locale.month(month))];
            for row in rows.iter().filter(|r| r.month == month) {
                cells.push(CellView::number(locale.count(row.claims)));
                cells.push(CellView::number(locale.money(row.amount)));
            }
            cells
        })
        .collect();
    Parts {
        takeaway,
        chart,
        headers,
        rows: table_rows,
        full: None,
        any_suppressed: false,
    }
}

fn claims_breakdown(
    context: &RenderContext,
    rows: &[ClaimsRow],
    name_header: &str,
    id: &str,
) -> Parts {
    let locale = context.locale;
    let benefits = &context.model.program.benefits;
    let mut codes: Vec<(&str, &str)> = Vec::new();
    for row in rows {
        if codes.last().map(|(code, _)| *code) != Some(row.code.as_str()) {
            codes.push((&row.code, context.name(&row.name, &row.name_en)));
        }
    }
    let find =
        |code: &str, benefit: &str| rows.iter().find(|r| r.code == code && r.benefit == benefit);
    let visible_total = |code: &str| -> u64 {
        rows.iter()
            .filter(|r| r.code == code)
            .filter_map(|r| r.claims)
            .sum()
    };
    codes.sort_by_key(|(code, _)| std::cmp::Reverse(visible_total(code)));
    let paid_total = context.model.summary.claims_paid;
    let busiest = benefits
        .iter()
        .flat_map(|benefit| rows.iter().filter(move |r| &r.benefit == benefit))
        .filter_map(|r| Some((r, r.claims?)))
        .filter(|(_, claims)| *claims > 0)
        .max_by_key(|(r, claims)| (*claims, std::cmp::Reverse(r.code.clone())));
    let takeaway = if paid_total == 0 {
        context
            .t(&format!("figure.{id}.takeaway_empty"))
            .to_string()
    } else if let Some((row, claims)) = busiest {
        context.fill(
            &format!("figure.{id}.takeaway"),
            &[
                ("benefit", &row.benefit),
                ("name", context.name(&row.name, &row.name_en)),
                ("claims", &locale.count(claims)),
            ],
        )
    } else {
        context
            .t(&format!("figure.{id}.takeaway_hidden"))
            .to_string()
    };
    let chart = Shape::Horizontal(HorizontalBars {
        categories: codes.iter().map(|(_, name)| name.to_string()).collect(),
        series: benefits
            .iter()
            .enumerate()
            .map(|(index, benefit)| Series {
                name: benefit.clone(),
                color: PALETTE[index % PALETTE.len()],
                values: codes
                    .iter()
                    .map(|(code, _)| find(code, benefit).and_then(|r| r.claims).map(|v| v as i64))
                    .collect(),
            })
            .collect(),
        format: NumberFormat::Count,
        suppressed_mark: context.mark().to_string(),
    });
    let mut headers = vec![header(context.t(name_header), false)];
    for benefit in benefits {
        headers.push(header(
            &context.fill("table.claims_of", &[("benefit", benefit)]),
            true,
        ));
        headers.push(header(
            &context.fill("table.amount_of", &[("benefit", benefit)]),
            true,
        ));
    }
    let table_rows = codes
        .iter()
        .map(|(code, name)| {
            let mut cells = vec![CellView::text(*name)];
            for benefit in benefits {
                let row = find(code, benefit);
                cells.push(context.cell(row.and_then(|r| r.claims), |v| locale.count(v)));
                cells.push(context.cell(row.and_then(|r| r.amount), |v| locale.money(v)));
            }
            cells
        })
        .collect();
    Parts {
        takeaway,
        chart,
        headers,
        rows: table_rows,
        full: None,
        any_suppressed: rows.iter().any(ClaimsRow::suppressed),
    }
}
