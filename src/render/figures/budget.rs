//! The budget figure: premiums paid by month against the allocation.

use super::{Parts, RenderContext};
use crate::render::charts::{MonthlyBars, NumberFormat, PALETTE, Series, Shape};
use crate::render::files::data::TableId;
use crate::render::views::{CellView, header};

pub fn by_month(context: &RenderContext, id: &str) -> Parts {
    let locale = context.locale;
    let model = context.model;
    let series = &model.budget_by_month;
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
                ]
            })
            .collect(),
        full: None,
        any_suppressed: false,
    }
}
