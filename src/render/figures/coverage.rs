//! The coverage figures: members by sector, district and month, and
//! coverage against the eligible workers of each district.

use super::{Parts, RenderContext};
use crate::model::{CoverageRow, Percent};
use crate::render::charts::{HorizontalBars, MonthlyBars, NumberFormat, PALETTE, Series, Shape};
use crate::render::files::data::TableId;
use crate::render::views::{CellView, header};

pub fn by_sector(context: &RenderContext, id: &str) -> Parts {
    coverage_breakdown(
        context,
        &context.model.coverage_by_sector,
        TableId::CoverageBySector,
        "table.sector",
        id,
    )
}

pub fn by_district(context: &RenderContext, id: &str) -> Parts {
    coverage_breakdown(
        context,
        &context.model.coverage_by_district,
        TableId::CoverageByDistrict,
        "table.district",
        id,
    )
}

fn coverage_breakdown(
    context: &RenderContext,
    rows: &[CoverageRow],
    table: TableId,
    name_header: &str,
    id: &str,
) -> Parts {
    let locale = context.locale;
    let count = |row: &CoverageRow, value: Option<u64>, column| {
        context
            .cell(value, |v| locale.count(v))
            .revised_if(context.revised(table, &row.code, column))
    };
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
                    ("name", context.name(&row.name)),
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
            .map(|row| context.name(&row.name).to_string())
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
        whole: None,
        gap: None,
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
                    CellView::text(context.name(&row.name)),
                    count(row, row.members_current, "members_current"),
                ]
            })
            .collect(),
        complete: None,
        left_out_note: None,
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
                        CellView::text(context.name(&row.name)),
                        count(row, row.members_current, "members_current"),
                        count(row, row.members_ever, "members_ever"),
                        count(row, row.member_months, "member_months"),
                    ]
                })
                .collect(),
        )),
        any_suppressed: rows.iter().any(CoverageRow::suppressed),
    }
}

pub fn by_month(context: &RenderContext, id: &str) -> Parts {
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
                &format!("figure.{id}.{key}"),
                &[
                    ("first", &locale.count(first.members)),
                    ("first_month", &locale.month(first.month)),
                    ("last", &locale.count(last.members)),
                    ("last_month", &locale.month(last.month)),
                ],
            )
        }
        _ => context
            .t(&format!("figure.{id}.takeaway_empty"))
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
        guide: None,
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
                    CellView::number(locale.count(row.members)).revised_if(context.revised(
                        TableId::CoverageByMonth,
                        &row.month.to_string(),
                        "members",
                    )),
                ]
            })
            .collect(),
        complete: None,
        left_out_note: None,
        full: None,
        any_suppressed: false,
    }
}

pub fn rate_by_district(context: &RenderContext, id: &str) -> Parts {
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
            &format!("figure.{id}.takeaway"),
            &[
                ("top", context.name(&top.name)),
                (
                    "top_pct",
                    &top.coverage_pct
                        .map(|p| locale.percent_fixed(p))
                        .unwrap_or_default(),
                ),
                ("bottom", context.name(&bottom.name)),
                (
                    "bottom_pct",
                    &bottom
                        .coverage_pct
                        .map(|p| locale.percent_fixed(p))
                        .unwrap_or_default(),
                ),
            ],
        ),
        _ => context
            .t(&format!("figure.{id}.takeaway_empty"))
            .to_string(),
    };
    let chart = Shape::Horizontal(HorizontalBars {
        categories: ordered
            .iter()
            .map(|row| context.name(&row.name).to_string())
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
        whole: None,
        gap: None,
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
            let revised =
                |column| context.revised(TableId::CoverageRateByDistrict, &row.code, column);
            vec![
                CellView::text(context.name(&row.name)),
                rate.revised_if(revised("coverage_pct")),
                context
                    .cell(row.members_current, |v| locale.count(v))
                    .revised_if(revised("members_current")),
                eligible.revised_if(revised("eligible")),
            ]
        })
        .collect();
    Parts {
        takeaway,
        chart,
        // The rate the chart shows comes first, so a phone shows it beside
        // the district's name; what it is computed from follows.
        headers: vec![
            header(context.t("table.district"), false),
            header(context.t("table.coverage_pct"), true),
            header(context.t("table.members_current"), true),
            header(context.t("table.eligible"), true),
        ],
        rows: rows_view,
        complete: None,
        left_out_note: None,
        full: None,
        any_suppressed: rows.iter().any(|row| row.suppressed),
    }
}
