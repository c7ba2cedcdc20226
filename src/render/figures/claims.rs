//! The claims figures: paid claims by month, and by sector and district
//! for each benefit.

use rustc_hash::FxHashMap;

use super::{Parts, RenderContext};
use crate::model::ClaimsRow;
use crate::render::charts::{HorizontalBars, MonthlyBars, NumberFormat, PALETTE, Series, Shape};
use crate::render::files::data::TableId;
use crate::render::views::{CellView, HeaderView, header};

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
    headers.extend(benefit_headers(context, benefits));
    let table_rows = model
        .claim_months
        .iter()
        .map(|&month| {
            let of_month: Vec<_> = rows.iter().filter(|r| r.month == month).collect();
            let mut cells = vec![CellView::text(locale.month(month))];
            for row in &of_month {
                let key = format!("{month}/{}", row.benefit);
                cells.push(
                    CellView::number(locale.count(row.claims)).revised_if(context.revised(
                        TableId::ClaimsByMonth,
                        &key,
                        "claims",
                    )),
                );
            }
            for row in &of_month {
                let key = format!("{month}/{}", row.benefit);
                cells.push(
                    CellView::number(locale.money(row.amount)).revised_if(context.revised(
                        TableId::ClaimsByMonth,
                        &key,
                        "amount",
                    )),
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
        complete: None,
        left_out_note: None,
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
    // Found by key, not by scanning the rows: a national program has some
    // 500 districts, each looked up once per benefit and column.
    let by_key: FxHashMap<(&str, &str), &ClaimsRow> = rows
        .iter()
        .map(|row| ((row.code.as_str(), row.benefit.as_str()), row))
        .collect();
    let find = |code: &str, benefit: &str| by_key.get(&(code, benefit)).copied();
    let mut ranked: Vec<(&str, &str, u64)> = Vec::new();
    for row in rows {
        match ranked.last_mut() {
            Some((code, _, visible_total)) if *code == row.code => {
                *visible_total += row.claims.unwrap_or(0);
            }
            _ => ranked.push((&row.code, context.name(&row.name), row.claims.unwrap_or(0))),
        }
    }
    ranked.sort_by_key(|(_, _, visible_total)| std::cmp::Reverse(*visible_total));
    let codes: Vec<(&str, &str)> = ranked
        .into_iter()
        .map(|(code, name, _)| (code, name))
        .collect();
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
    // A benefit none of whose claims can be shown (every count hidden or
    // zero) would draw a column of marks beside every name: the chart and
    // the section's table leave it out and say so; the chart page's table
    // keeps it. When no benefit has any, the figure shows its takeaway
    // instead of a chart, so nothing is left out.
    let shows_claims = |benefit: &&String| {
        rows.iter()
            .any(|r| &r.benefit == *benefit && r.claims.is_some_and(|claims| claims > 0))
    };
    let (with_claims, without): (Vec<&String>, Vec<&String>) =
        benefits.iter().partition(shows_claims);
    let (shown, left_out) = if with_claims.is_empty() {
        (without, Vec::new())
    } else {
        (with_claims, without)
    };
    let chart = Shape::Horizontal(HorizontalBars {
        categories: codes.iter().map(|(_, name)| name.to_string()).collect(),
        series: benefits
            .iter()
            .enumerate()
            .filter(|(_, benefit)| shown.contains(benefit))
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
        gap: None,
    });
    // Claims first, then amounts: a phone shows the counts the chart draws
    // beside the names, and the amounts a swipe away.
    let table_of = |benefits: &[&String]| {
        let mut headers = vec![header(context.t(name_header), false)];
        headers.extend(benefit_headers(context, benefits.iter().copied()));
        let rows = codes
            .iter()
            .map(|(code, name)| {
                let mut counts = Vec::new();
                let mut amounts = Vec::new();
                for benefit in benefits {
                    let row = find(code, benefit);
                    let key = format!("{code}/{benefit}");
                    let revised = |column| context.revised(table, &key, column);
                    counts.push(
                        context
                            .cell(row.and_then(|r| r.claims), |v| locale.count(v))
                            .revised_if(revised("claims")),
                    );
                    amounts.push(
                        context
                            .cell(row.and_then(|r| r.amount), |v| locale.money(v))
                            .revised_if(revised("amount")),
                    );
                }
                let mut cells = vec![CellView::text(*name)];
                cells.extend(counts);
                cells.extend(amounts);
                cells
            })
            .collect();
        (headers, rows)
    };
    let (headers, table_rows) = table_of(&shown);
    let left_out_note = (!left_out.is_empty()).then(|| {
        let names: Vec<&str> = left_out.iter().map(|benefit| benefit.as_str()).collect();
        context.fill("figure.left_out", &[("benefits", &names.join(", "))])
    });
    Parts {
        takeaway,
        chart,
        headers,
        rows: table_rows,
        complete: left_out_note
            .is_some()
            .then(|| table_of(&benefits.iter().collect::<Vec<_>>())),
        left_out_note,
        full: None,
        any_suppressed: rows.iter().any(ClaimsRow::suppressed),
    }
}

/// The claims column of each benefit, then the amount column of each.
fn benefit_headers<'b>(
    context: &RenderContext,
    benefits: impl IntoIterator<Item = &'b String> + Clone,
) -> Vec<HeaderView> {
    let claims = benefits.clone().into_iter().map(|benefit| {
        header(
            &context.fill("table.claims_of", &[("benefit", benefit)]),
            true,
        )
    });
    let amounts = benefits.into_iter().map(|benefit| {
        header(
            &context.fill("table.amount_of", &[("benefit", benefit)]),
            true,
        )
    });
    claims.chain(amounts).collect()
}
