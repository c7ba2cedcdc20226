//! The claims figures: paid claims by month, and by sector and district
//! for each benefit.

use super::{Parts, RenderContext};
use crate::model::ClaimsRow;
use crate::render::charts::{HorizontalBars, MonthlyBars, NumberFormat, PALETTE, Series, Shape};
use crate::render::files::data::TableId;
use crate::render::views::{CellView, header};

pub fn by_sector(context: &RenderContext, id: &str) -> Parts {
    claims_breakdown(
        context,
        &context.model.claims_by_sector,
        TableId::ClaimsBySector,
        "table.sector",
        id,
    )
}

pub fn by_district(context: &RenderContext, id: &str) -> Parts {
    claims_breakdown(
        context,
        &context.model.claims_by_district,
        TableId::ClaimsByDistrict,
        "table.district",
        id,
    )
}

pub fn by_month(context: &RenderContext, id: &str) -> Parts {
    let locale = context.locale;
    let model = context.model;
    let benefits = &model.program.benefits;
    let rows = &model.claims_by_month;
    let (total_claims, total_amount) =
        (model.summary.claims_paid, model.summary.claims_paid_amount);
    let takeaway = match model.claim_months.last() {
        Some(&month) if total_claims > 0 => context.fill(
            &format!("figure.{id}.takeaway"),
            &[
                ("claims", &locale.count(total_claims)),
                ("amount", &locale.money(total_amount)),
                ("month", &locale.month(month)),
            ],
        ),
        _ => context
            .t(&format!("figure.{id}.takeaway_empty"))
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
        guide: None,
        reference: None,
        format: NumberFormat::Count,
        value_labels: true,
    });
    let mut headers = vec![header(context.t("table.payment_month"), false)];
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
                let key = format!("{month}/{}", row.benefit);
                let revised = |column| context.revised(TableId::ClaimsByMonth, &key, column);
                cells
                    .push(CellView::number(locale.count(row.claims)).revised_if(revised("claims")));
                cells
                    .push(CellView::number(locale.money(row.amount)).revised_if(revised("amount")));
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
    table: TableId,
    name_header: &str,
    id: &str,
) -> Parts {
    let locale = context.locale;
    let benefits = &context.model.program.benefits;
    let mut codes: Vec<(&str, &str)> = Vec::new();
    for row in rows {
        if codes.last().map(|(code, _)| *code) != Some(row.code.as_str()) {
            codes.push((&row.code, context.name(&row.name)));
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
                ("name", context.name(&row.name)),
                ("claims", &locale.count(claims)),
            ],
        )
    } else {
        context.fill(&format!("figure.{id}.takeaway_hidden"), &[])
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
        whole: None,
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
                let key = format!("{code}/{benefit}");
                let revised = |column| context.revised(table, &key, column);
                cells.push(
                    context
                        .cell(row.and_then(|r| r.claims), |v| locale.count(v))
                        .revised_if(revised("claims")),
                );
                cells.push(
                    context
                        .cell(row.and_then(|r| r.amount), |v| locale.money(v))
                        .revised_if(revised("amount")),
                );
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
