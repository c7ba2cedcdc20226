//! The budget figure: premiums paid by month against the allocation, and
//! against the allocation paid evenly over the period's months.

use super::{Parts, RenderContext};
use crate::render::charts::{MonthlyBars, NumberFormat, PALETTE, Series, Shape};
use crate::render::files::data::TableId;
use crate::render::views::{CellView, header};

pub fn by_month(context: &RenderContext, id: &str) -> Parts {
    let locale = context.locale;
    let model = context.model;
    let series = &model.budget_by_month;
    let pace = &model.budget_pace;
    let takeaway = match series.last() {
        Some(last) if last.cumulative_amount > 0 => context.fill(
            &format!("figure.{id}.takeaway"),
            &[
                ("month", &locale.month(last.month)),
                ("cumulative", &locale.money(last.cumulative_amount)),
                (
                    "pct",
                    &last
                        .cumulative_pct
                        .map(|p| locale.percent_fixed(p))
                        .unwrap_or_default(),
                ),
                ("allocated", &locale.money(model.summary.allocated)),
                ("expected", &locale.money(pace.expected_paid)),
                ("elapsed_pct", &locale.percent_fixed(pace.elapsed_pct)),
            ],
        ),
        _ => context
            .t(&format!("figure.{id}.takeaway_empty"))
            .to_string(),
    };
    let reference_label = format!(
        "{} {}",
        context.t("figure.legend_allocation"),
        locale.money_short(model.summary.allocated)
    );
    // The whole period, its months not yet reported left empty: the even
    // pace reaches the allocation at its end.
    let period: Vec<_> = model.program.start.through(model.program.end).collect();
    let reported = |value: fn(&crate::model::BudgetMonth) -> i64| -> Vec<Option<i64>> {
        period
            .iter()
            .map(|month| series.iter().find(|row| row.month == *month).map(value))
            .collect()
    };
    let chart = Shape::Monthly(MonthlyBars {
        months: period
            .iter()
            .map(|&month| locale.month_short(month).to_string())
            .collect(),
        bars: vec![Series {
            name: context.t("figure.legend_monthly").to_string(),
            color: PALETTE[0],
            values: reported(|row| row.amount),
        }],
        line: Some(Series {
            name: context.t("figure.legend_cumulative").to_string(),
            color: PALETTE[1],
            values: reported(|row| row.cumulative_amount),
        }),
        guide: (model.summary.allocated > 0).then(|| Series {
            name: context.t("figure.legend_pace").to_string(),
            color: PALETTE[3],
            values: pace.expected_by_month.iter().copied().map(Some).collect(),
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
            header(context.t("table.even_pace"), true),
        ],
        rows: series
            .iter()
            .zip(&pace.expected_by_month)
            .map(|(row, &expected)| {
                let key = row.month.to_string();
                let revised = |column| context.revised(TableId::BudgetByMonth, &key, column);
                vec![
                    CellView::text(locale.month(row.month)),
                    CellView::number(locale.money(row.amount)).revised_if(revised("amount")),
                    CellView::number(locale.money(row.cumulative_amount))
                        .revised_if(revised("cumulative_amount")),
                    row.cumulative_pct
                        .map_or_else(
                            || context.missing(),
                            |p| CellView::number(locale.percent_fixed(p)),
                        )
                        .revised_if(revised("cumulative_pct")),
                    CellView::number(locale.money(expected)),
                ]
            })
            .collect(),
        complete: None,
        left_out_note: None,
        full: None,
        any_suppressed: false,
    }
}
