//! The data over time as the home page and the report show them: the
//! headline figures of every release of this program period, and this
//! program year against the last one's final release.

use serde::Serialize;

use super::PageRenderer;
use crate::load::releases::PublishedTable;
use crate::model::Percent;
use crate::render::charts::{self, Chart, MonthlyBars, NumberFormat, PALETTE, Series, Shape};
use crate::render::figures::release_name;
use crate::render::history::Version;
use crate::render::views::{CellView, TableView, header};

/// The headline figures per release: two small charts and their table.
#[derive(Serialize)]
pub struct Trend {
    pub members_svg: String,
    pub paid_svg: String,
    pub table: TableView,
}

impl PageRenderer<'_> {
    /// Members covered and the share of the allocation paid, per version of
    /// this program period; None until there are two versions to compare.
    pub(super) fn release_trend(&self) -> Option<Trend> {
        let (t, l) = (self.strings, self.locale);
        let period = self.history.current().period;
        let versions: Vec<&Version> = self
            .history
            .versions
            .iter()
            .filter(|version| version.period == period)
            .collect();
        if versions.len() < 2 {
            return None;
        }
        let labels: Vec<String> = versions
            .iter()
            .map(|version| {
                let (_, _, day) = version.id.as_of.parts();
                let month = l.month_short(version.id.as_of.month());
                match version.id.revision {
                    1 => format!("{day} {month}"),
                    revision => format!("{day} {month} r{revision}"),
                }
            })
            .collect();
        let bars = |name: &str, color, values: Vec<Option<i64>>, format| Chart {
            shape: Shape::Monthly(MonthlyBars {
                months: labels.clone(),
                bars: vec![Series {
                    name: name.to_string(),
                    color,
                    values,
                }],
                line: None,
                guide: None,
                reference: None,
                format,
                value_labels: true,
            }),
            locale: *l,
        };
        let members_title = t.get("home.trend_members");
        let members = bars(
            members_title,
            PALETTE[0],
            versions
                .iter()
                .map(|v| v.headline.members_current.map(|m| m as i64))
                .collect(),
            NumberFormat::Count,
        );
        let paid_title = t.get("home.trend_paid");
        let paid = bars(
            paid_title,
            PALETTE[1],
            versions
                .iter()
                .map(|v| v.headline.paid_pct().map(Percent::hundredths))
                .collect(),
            NumberFormat::Percent,
        );
        let missing = || CellView::number(t.get("site.missing_value"));
        let rows = versions
            .iter()
            .map(|version| {
                let headline = &version.headline;
                vec![
                    CellView::text(self.release_label(version)),
                    headline
                        .members_current
                        .map_or_else(missing, |m| CellView::number(l.count(m))),
                    headline
                        .paid
                        .map_or_else(missing, |p| CellView::number(l.money(p))),
                    headline
                        .paid_pct()
                        .map_or_else(missing, |p| CellView::number(l.percent_fixed(p))),
                ]
            })
            .collect();
        let description = t.get("home.trend_description");
        Some(Trend {
            members_svg: charts::accessible(
                &members.svg(),
                "trend-members",
                members_title,
                description,
            ),
            paid_svg: charts::accessible(&paid.svg(), "trend-paid", paid_title, description),
            table: TableView {
                caption: t.get("home.trend_caption").to_string(),
                headers: vec![
                    header(t.get("table.release"), false),
                    header(t.get("table.members_current"), true),
                    header(t.get("table.paid"), true),
                    header(t.get("table.paid_pct"), true),
                ],
                rows,
            },
        })
    }

    /// A version as a row of a table names it: its date, the correction
    /// it is, and whether it is not recorded yet.
    fn release_label(&self, version: &Version) -> String {
        let mut label = release_name(self.strings, self.locale, version.id);
        if version.record.is_none() {
            label = self
                .strings
                .fill("home.trend_unrecorded", &[("release", &label)]);
        }
        label
    }

    /// This program year against the final release of the last one:
    /// members, paid, claims per benefit and coverage by sector. None
    /// when no earlier program year was released.
    pub(super) fn year_comparison(&self) -> Option<TableView> {
        let (t, l) = (self.strings, self.locale);
        let last = *self.history.past_years().first()?;
        let now = self.history.current();
        let column = |key: &str, version: &Version| {
            t.fill(key, &[("year", &version.period.start.year().to_string())])
        };
        let missing = t.get("site.missing_value");
        let count = |value: Option<u64>| value.map_or(missing.to_string(), |v| l.count(v));
        let money = |value: Option<i64>| value.map_or(missing.to_string(), |v| l.money(v));
        let percent =
            |value: Option<Percent>| value.map_or(missing.to_string(), |p| l.percent_fixed(p));
        let mut rows: Vec<[String; 3]> = vec![
            [
                t.get("years.members_current").to_string(),
                count(last.headline.members_current),
                count(now.headline.members_current),
            ],
            [
                t.get("years.members_ever").to_string(),
                count(last.headline.members_ever),
                count(now.headline.members_ever),
            ],
            [
                t.get("years.paid").to_string(),
                money(last.headline.paid),
                money(now.headline.paid),
            ],
            [
                t.get("years.paid_pct").to_string(),
                percent(last.headline.paid_pct()),
                percent(now.headline.paid_pct()),
            ],
        ];
        let claims = |version: &Version, benefit: &str| {
            version
                .headline
                .claims
                .iter()
                .find(|(code, _, _)| code == benefit)
                .map(|&(_, claims, amount)| (claims, amount))
        };
        let mut benefits: Vec<&str> = last
            .headline
            .claims
            .iter()
            .chain(&now.headline.claims)
            .map(|(benefit, _, _)| benefit.as_str())
            .collect();
        benefits.sort_unstable();
        benefits.dedup();
        for benefit in benefits {
            let (before, after) = (claims(last, benefit), claims(now, benefit));
            rows.push([
                t.fill("years.claims", &[("benefit", benefit)]),
                count(Some(before.map_or(0, |c| c.0))),
                count(Some(after.map_or(0, |c| c.0))),
            ]);
            rows.push([
                t.fill("years.claims_amount", &[("benefit", benefit)]),
                money(Some(before.map_or(0, |c| c.1))),
                money(Some(after.map_or(0, |c| c.1))),
            ]);
        }
        let mark = t.get("site.suppressed_mark");
        let sectors = |version: &Version| sector_counts(version.tables.get("coverage_by_sector"));
        let (before, after) = (sectors(last), sectors(now));
        for sector in &self.model.coverage_by_sector {
            let shown = |counts: &[(String, Option<u64>)]| match counts
                .iter()
                .find(|(code, _)| *code == sector.code)
            {
                Some((_, Some(members))) => l.count(*members),
                Some((_, None)) => mark.to_string(),
                None => missing.to_string(),
            };
            rows.push([
                t.fill(
                    "years.sector",
                    &[("name", sector.name.in_language(self.language.code))],
                ),
                shown(&before),
                shown(&after),
            ]);
        }
        Some(TableView {
            caption: t.fill(
                "years.caption",
                &[
                    ("last", &last.period.start.year().to_string()),
                    ("last_date", &l.date(last.id.as_of)),
                    ("now", &now.period.start.year().to_string()),
                    ("now_date", &l.date(now.id.as_of)),
                ],
            ),
            headers: vec![
                header(t.get("years.figure"), false),
                header(&column("years.column_last", last), true),
                header(&column("years.column_now", now), true),
            ],
            rows: rows
                .into_iter()
                .map(|[label, before, after]| {
                    let suppressed = |text: &str| {
                        if text == mark {
                            CellView::suppressed(mark)
                        } else {
                            CellView::number(text)
                        }
                    };
                    vec![
                        CellView::text(label),
                        suppressed(&before),
                        suppressed(&after),
                    ]
                })
                .collect(),
        })
    }
}

/// members_current per sector code of a published coverage_by_sector
/// table; None for a hidden cell.
fn sector_counts(table: Option<&PublishedTable>) -> Vec<(String, Option<u64>)> {
    let Some(table) = table else {
        return Vec::new();
    };
    let (Some(code), Some(members)) = (table.column("sector"), table.column("members_current"))
    else {
        return Vec::new();
    };
    table
        .rows
        .iter()
        .filter_map(|row| Some((row.get(code)?.clone(), row.get(members)?.parse().ok())))
        .collect()
}
