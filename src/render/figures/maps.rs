//! The district maps: coverage (against the eligible workers where the
//! districts have an estimate, else members covered) and paid claims per
//! 1.000 members. Every value comes from the model's suppressed tables, so
//! a map hides exactly what the tables hide; its downloads are the values
//! it maps.

use geo::MultiPolygon;

use super::{Parts, RenderContext};
use crate::language::Name;
use crate::model::{ClaimsRateRow, CoverageRateRow, Model, Percent};
use crate::render::charts::{DistrictMap, MapDistrict, MapValue, NumberFormat, Shape};
use crate::render::files::data::{Cell, ColumnDef, DataTable, Kind, TableId};
use crate::render::views::{CellView, HeaderView, header};

/// Whether the coverage map shows the rate against the eligible workers:
/// when any district has an estimate (the others have no rate).
fn maps_rates(model: &Model) -> bool {
    model
        .coverage_rate_by_district
        .iter()
        .any(|row| row.eligible.is_some())
}

fn coverage_value(row: &CoverageRateRow, rates: bool) -> MapValue {
    let value = if rates {
        row.coverage_pct.map(Percent::hundredths)
    } else {
        row.members_current.map(|members| members as i64)
    };
    match value {
        _ if row.suppressed => MapValue::Suppressed,
        Some(value) => MapValue::Shown(value),
        None => MapValue::Missing,
    }
}

fn claims_value(row: &ClaimsRateRow) -> MapValue {
    match row.per_thousand {
        _ if row.suppressed() => MapValue::Suppressed,
        Some(rate) => MapValue::Shown(rate.hundredths()),
        None => MapValue::Missing,
    }
}

/// The coverage map's downloads: each district's mapped value.
pub fn coverage_values(model: &Model) -> DataTable {
    let rates = maps_rates(model);
    let (column, kind) = if rates {
        ("coverage_pct", Kind::Percent)
    } else {
        ("members_current", Kind::Integer)
    };
    let rows = &model.coverage_rate_by_district;
    values_table(
        TableId::CoverageRateByDistrict,
        ColumnDef { name: column, kind },
        rows.iter().map(|row| {
            let cell = match coverage_value(row, rates) {
                MapValue::Shown(value) if rates => Cell::Percent(Percent(value)),
                MapValue::Shown(value) => Cell::Integer(value),
                _ => Cell::Null,
            };
            (&row.code, &row.name.published, cell)
        }),
    )
}

/// The claims map's downloads: each district's paid claims per 1.000
/// members, with two decimals as a percentage has them.
pub fn claims_values(model: &Model) -> DataTable {
    values_table(
        TableId::ClaimsByDistrict,
        ColumnDef {
            name: "claims_per_1000",
            kind: Kind::Percent,
        },
        model.claims_rate_by_district.iter().map(|row| {
            let cell = match claims_value(row) {
                MapValue::Shown(value) => Cell::Percent(Percent(value)),
                _ => Cell::Null,
            };
            (&row.code, &row.name.published, cell)
        }),
    )
}

fn values_table<'r>(
    id: TableId,
    column: ColumnDef,
    rows: impl Iterator<Item = (&'r String, &'r String, Cell)>,
) -> DataTable {
    DataTable {
        id,
        columns: vec![
            ColumnDef {
                name: "district",
                kind: Kind::String,
            },
            ColumnDef {
                name: "district_name",
                kind: Kind::String,
            },
            column,
        ],
        primary_key: &["district"],
        rows: rows
            .map(|(code, name, cell)| {
                vec![Cell::Text(code.clone()), Cell::Text(name.clone()), cell]
            })
            .collect(),
    }
}

/// One district of a map, before drawing.
struct Mapped<'m> {
    name: &'m str,
    value: MapValue,
    shape: Option<&'m MultiPolygon<f64>>,
}

impl RenderContext<'_> {
    /// The districts in the model's order, each with its boundary.
    fn mapped<'m, R>(
        &'m self,
        rows: &'m [R],
        describe: impl Fn(&'m R) -> (&'m Name, MapValue),
    ) -> Vec<Mapped<'m>> {
        let shapes = self.model.boundaries.as_ref().map(|b| &b.shapes);
        rows.iter()
            .enumerate()
            .map(|(index, row)| {
                let (name, value) = describe(row);
                Mapped {
                    name: self.name(name),
                    value,
                    shape: shapes.and_then(|shapes| shapes.get(index)?.as_ref()),
                }
            })
            .collect()
    }

    /// The map of `districts`, and the sentence naming the highest and the
    /// lowest value ("{top}", "{top_value}", "{bottom}", "{bottom_value}"
    /// in the figure's string `key`, or in `key_single` when only one
    /// district has a value to show); None when none has.
    fn map_parts(
        &self,
        id: &str,
        districts: &[Mapped],
        format: NumberFormat,
        legend_title: &str,
        key: &str,
    ) -> (Shape, Option<String>) {
        let locale = self.locale;
        let shown: Vec<(&Mapped, i64)> = districts
            .iter()
            .filter_map(|district| match district.value {
                MapValue::Shown(value) => Some((district, value)),
                _ => None,
            })
            .collect();
        // Ties go to the first in the district list, as the tables order them.
        let top = shown.iter().rev().max_by_key(|(_, value)| *value);
        let bottom = shown.iter().min_by_key(|(_, value)| *value);
        let takeaway = match (top, bottom) {
            (Some(top), Some(bottom)) if shown.len() > 1 => Some(self.fill(
                &format!("figure.{id}.{key}"),
                &[
                    ("top", top.0.name),
                    ("top_value", &format.write(locale, top.1)),
                    ("bottom", bottom.0.name),
                    ("bottom_value", &format.write(locale, bottom.1)),
                ],
            )),
            (Some(top), _) => Some(self.fill(
                &format!("figure.{id}.{key}_single"),
                &[
                    ("top", top.0.name),
                    ("top_value", &format.write(locale, top.1)),
                ],
            )),
            _ => None,
        };
        let map = DistrictMap {
            id: id.to_string(),
            districts: districts
                .iter()
                .filter_map(|district| {
                    Some(MapDistrict {
                        name: district.name.to_string(),
                        shape: district.shape?.clone(),
                        value: district.value,
                    })
                })
                .collect(),
            without_boundary: districts
                .iter()
                .filter(|district| district.shape.is_none())
                .map(|district| district.name.to_string())
                .collect(),
            format,
            legend_title: legend_title.to_string(),
            suppressed_label: self.t("map.suppressed").to_string(),
            missing_label: self.t("map.missing").to_string(),
        };
        (Shape::Map(map), takeaway)
    }

    /// A map's value in a table: the mark where it is hidden, a dash where
    /// there is none.
    fn map_cell(&self, value: MapValue, format: NumberFormat) -> CellView {
        match value {
            MapValue::Shown(value) => CellView::number(format.write(self.locale, value)),
            MapValue::Suppressed => CellView::suppressed(self.mark()),
            MapValue::Missing => self.missing(),
        }
    }
}

/// Highest value first, then the hidden, then those with none; ties in
/// the district list's order.
fn by_value<T>(rows: &mut [(T, MapValue)]) {
    rows.sort_by_key(|(_, value)| match value {
        MapValue::Shown(value) => (0, std::cmp::Reverse(*value)),
        MapValue::Suppressed => (1, std::cmp::Reverse(0)),
        MapValue::Missing => (2, std::cmp::Reverse(0)),
    });
}

pub fn coverage(context: &RenderContext, id: &str) -> Parts {
    let model = context.model;
    let locale = context.locale;
    let rates = maps_rates(model);
    let rows = &model.coverage_rate_by_district;
    let districts = context.mapped(rows, |row| (&row.name, coverage_value(row, rates)));
    let (format, value_key, takeaway_key) = if rates {
        (NumberFormat::Percent, "coverage_pct", "takeaway")
    } else {
        (NumberFormat::Count, "members_current", "takeaway_members")
    };
    let legend_title = context.t(&format!("map.legend_{value_key}"));
    let (chart, takeaway) = context.map_parts(id, &districts, format, legend_title, takeaway_key);
    let takeaway = takeaway.unwrap_or_else(|| {
        context
            .t(&format!("figure.{id}.takeaway_empty"))
            .to_string()
    });
    let mut ordered: Vec<(&CoverageRateRow, MapValue)> = rows
        .iter()
        .zip(&districts)
        .map(|(row, d)| (row, d.value))
        .collect();
    by_value(&mut ordered);
    let revised = |row: &CoverageRateRow, column| {
        context.revised(TableId::CoverageRateByDistrict, &row.code, column)
    };
    let value_header = header(context.t(&format!("table.{value_key}")), true);
    let name_header = header(context.t("table.district"), false);
    let cells = |row: &CoverageRateRow, value: MapValue| {
        vec![
            CellView::text(context.name(&row.name)),
            context
                .map_cell(value, format)
                .revised_if(revised(row, value_key)),
        ]
    };
    let table_rows = ordered
        .iter()
        .map(|(row, value)| cells(row, *value))
        .collect();
    // With rates, the annex shows what each is computed from.
    let full = rates.then(|| {
        let headers = vec![
            name_header.clone(),
            value_header.clone(),
            header(context.t("table.members_current"), true),
            header(context.t("table.eligible"), true),
        ];
        let rows = ordered
            .iter()
            .map(|(row, value)| {
                let mut cells = cells(row, *value);
                cells.push(
                    context
                        .cell(row.members_current, |v| locale.count(v))
                        .revised_if(revised(row, "members_current")),
                );
                cells.push(
                    row.eligible
                        .map_or_else(|| context.missing(), |v| CellView::number(locale.count(v)))
                        .revised_if(revised(row, "eligible")),
                );
                cells
            })
            .collect();
        (headers, rows)
    });
    Parts {
        takeaway,
        chart,
        headers: vec![name_header, value_header],
        rows: table_rows,
        complete: None,
        left_out_note: None,
        full,
        any_suppressed: rows.iter().any(|row| row.suppressed),
    }
}

pub fn claims(context: &RenderContext, id: &str) -> Parts {
    let model = context.model;
    let locale = context.locale;
    let rows = &model.claims_rate_by_district;
    let districts = context.mapped(rows, |row| (&row.name, claims_value(row)));
    let format = NumberFormat::Hundredths;
    let legend_title = context.t("map.legend_claims_per_1000");
    let (chart, takeaway) = context.map_parts(id, &districts, format, legend_title, "takeaway");
    let takeaway = match takeaway {
        Some(sentence) => sentence,
        None if model.summary.claims_paid == 0 => context
            .t(&format!("figure.{id}.takeaway_empty"))
            .to_string(),
        None => context.fill(&format!("figure.{id}.takeaway_hidden"), &[]),
    };
    let mut ordered: Vec<(&ClaimsRateRow, MapValue)> = rows
        .iter()
        .zip(&districts)
        .map(|(row, d)| (row, d.value))
        .collect();
    by_value(&mut ordered);
    // A rate is revised when what it is computed from is.
    let revised = |row: &ClaimsRateRow| {
        let claims = model.program.benefits.iter().any(|benefit| {
            context.revised(
                TableId::ClaimsByDistrict,
                &format!("{}/{benefit}", row.code),
                "claims",
            )
        });
        claims || context.revised(TableId::CoverageByDistrict, &row.code, "members_ever")
    };
    let headers: Vec<HeaderView> = vec![
        header(context.t("table.district"), false),
        header(context.t("table.claims_per_1000"), true),
    ];
    let cells = |row: &ClaimsRateRow, value: MapValue| {
        vec![
            CellView::text(context.name(&row.name)),
            context.map_cell(value, format).revised_if(revised(row)),
        ]
    };
    let full_headers = {
        let mut headers = headers.clone();
        headers.push(header(context.t("table.claims"), true));
        headers.push(header(context.t("table.members_ever"), true));
        headers
    };
    let full_rows = ordered
        .iter()
        .map(|(row, value)| {
            let mut cells = cells(row, *value);
            cells.push(context.cell(row.claims, |v| locale.count(v)));
            cells.push(context.cell(row.members_ever, |v| locale.count(v)));
            cells
        })
        .collect();
    Parts {
        takeaway,
        chart,
        headers,
        rows: ordered
            .iter()
            .map(|(row, value)| cells(row, *value))
            .collect(),
        complete: None,
        left_out_note: None,
        full: Some((full_headers, full_rows)),
        any_suppressed: rows.iter().any(ClaimsRateRow::suppressed),
    }
}
