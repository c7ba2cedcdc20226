//! Model: the contract's definitions computed from a loaded site, in integer
//! arithmetic, with every breakdown table already suppressed.
//!
//! Renderers only ever see a [`Model`]: the unsuppressed counts of a breakdown
//! exist only inside [`build`], so no page, chart or file can publish them.
//!
//! Imports load's types and the base modules ([`crate::diag`],
//! [`crate::calendar`], [`crate::text`]); never render, write or cmd.

mod grid;
pub mod maps;
pub mod numbers;
pub mod pace;
pub mod quality;
pub mod release_privacy;
pub mod suppress;
pub mod values;
pub mod versions;

use crate::calendar::{Date, Month};
use crate::language::Name;
use crate::load::{Boundaries, BudgetLine, ClaimStatus, Program, Site, SiteConfig};
use grid::BenefitGrid;
pub use maps::ClaimsRateRow;
pub use numbers::{HalfDays, PerThousand, Percent};
pub use pace::BudgetPace;
pub use quality::{Checks, ProgramFinding, Quality, QualityWarning};
use versions::{Breakdown, PublishedVersions};

#[derive(Debug, Clone)]
pub struct Model {
    pub config: SiteConfig,
    pub program: Program,
    /// start ..= min(end, as-of month)
    pub reported_months: Vec<Month>,
    /// start ..= as-of month: claims may be paid after the period ends.
    pub claim_months: Vec<Month>,
    pub summary: Summary,
    pub coverage_by_month: Vec<MonthMembers>,
    pub coverage_by_sector: Vec<CoverageRow>,
    pub coverage_by_district: Vec<CoverageRow>,
    pub coverage_rate_by_district: Vec<CoverageRateRow>,
    pub budget_lines: Vec<BudgetLine>,
    pub budget_by_month: Vec<BudgetMonth>,
    /// The share of the period elapsed and the allocation spread evenly.
    pub budget_pace: BudgetPace,
    pub claims_by_month: Vec<ClaimsMonthRow>,
    pub claims_by_sector: Vec<ClaimsRow>,
    pub claims_by_district: Vec<ClaimsRow>,
    /// Paid claims per 1.000 members by district, for the claims map.
    pub claims_rate_by_district: Vec<ClaimsRateRow>,
    /// The districts' boundaries, when the site has them: the maps are
    /// drawn only then.
    pub boundaries: Option<Boundaries>,
    /// The data-quality checks, their warnings and the program's findings.
    pub quality: Quality,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub as_of: Date,
    pub target_members: u64,
    pub members_current: u64,
    pub members_ever: u64,
    pub member_months: u64,
    pub allocated: i64,
    pub paid: i64,
    /// None when nothing is allocated.
    pub paid_pct: Option<Percent>,
    /// One entry per program benefit, alphabetically.
    pub claims: Vec<BenefitClaims>,
    /// Paid claims of every benefit together.
    pub claims_paid: u64,
    pub claims_paid_amount: i64,
    pub claims_in_process: u64,
    pub claims_rejected: u64,
    /// Median days from incident to payment over paid claims.
    pub median_days_to_payment: Option<HalfDays>,
    /// paid / member_months, rounded half-up to whole Rupiah.
    pub cost_per_member_month: Option<i64>,
    /// members_current / target_members.
    pub coverage_pct: Option<Percent>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenefitClaims {
    pub benefit: String,
    pub claims: u64,
    pub amount: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthMembers {
    pub month: Month,
    pub members: u64,
}

/// A row of coverage_by_sector or coverage_by_district. The numbers are None
/// when the row is suppressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageRow {
    pub code: String,
    /// As published in the data files, and in the page's language.
    pub name: Name,
    pub members_current: Option<u64>,
    pub members_ever: Option<u64>,
    pub member_months: Option<u64>,
}

impl CoverageRow {
    pub fn suppressed(&self) -> bool {
        self.members_ever.is_none()
    }
}

/// Coverage against the district's estimated eligible workers; suppressed
/// together with its coverage row, since the rate would reveal the count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageRateRow {
    pub code: String,
    /// As published in the data files, and in the page's language.
    pub name: Name,
    pub eligible: Option<u64>,
    pub members_current: Option<u64>,
    pub coverage_pct: Option<Percent>,
    pub suppressed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetMonth {
    pub month: Month,
    pub members_billed: u64,
    pub amount: i64,
    pub cumulative_amount: i64,
    pub cumulative_pct: Option<Percent>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimsMonthRow {
    pub month: Month,
    pub benefit: String,
    pub claims: u64,
    pub amount: i64,
}

/// A row of claims_by_sector or claims_by_district, None when suppressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimsRow {
    pub code: String,
    /// As published in the data files, and in the page's language.
    pub name: Name,
    pub benefit: String,
    pub claims: Option<u64>,
    pub amount: Option<i64>,
}

impl ClaimsRow {
    pub fn suppressed(&self) -> bool {
        self.claims.is_none()
    }
}

/// A code of a breakdown with its names.
#[derive(Debug, Clone, Copy)]
struct Label<'a> {
    code: &'a str,
    name: &'a Name,
}

/// Per code, the raw totals a breakdown needs before suppression.
#[derive(Debug, Clone, Copy, Default)]
struct CoverageTotals {
    current: u64,
    ever: u64,
    months: u64,
}

#[derive(Debug, Clone, Copy, Default)]
struct ClaimTotals {
    claims: u64,
    amount: i64,
}

/// The model of a checked site: each step below computes one part of it
/// from the input, in integer arithmetic, and suppression runs as the
/// breakdown tables are made, over what the recorded versions of the same
/// as_of published of them too.
pub fn build(site: &Site) -> Model {
    let program = &site.program;
    let min_cell = site.config.min_cell;
    let months = Months::of(program);
    let coverage = Coverage::count(site, &months);
    let claims = Claims::count(site, &months);
    let names = Names::of(site);
    let published =
        |breakdown: Breakdown| PublishedVersions::of(&site.releases, program.as_of, breakdown);
    let coverage_by_sector = coverage_table(
        &names.sectors(),
        &coverage.by_sector,
        &published(versions::COVERAGE_BY_SECTOR),
        min_cell,
    );
    let coverage_by_district = coverage_table(
        &names.districts(),
        &coverage.by_district,
        &published(versions::COVERAGE_BY_DISTRICT),
        min_cell,
    );
    let coverage_rate_by_district = coverage_rates(site, &coverage_by_district);
    let allocated: i64 = site.budget.iter().map(|line| line.allocated).sum();
    let budget_by_month = budget_by_month(site, &months.reported, allocated);
    let budget_pace = BudgetPace::of(program.start, program.end, months.last_reported, allocated);
    let summary = summary(site, &coverage, &claims, allocated);
    let quality = quality::reconcile(site, &coverage.by_month, &budget_by_month, &summary);
    let benefits = &program.benefits;
    let claims_by_district = claims_table(
        &names.districts(),
        benefits,
        &claims.by_district,
        &published(versions::CLAIMS_BY_DISTRICT),
        min_cell,
    );
    Model {
        config: site.config.clone(),
        program: program.clone(),
        claims_by_month: claims_by_month(&months.claims, benefits, &claims.by_month),
        claims_by_sector: claims_table(
            &names.sectors(),
            benefits,
            &claims.by_sector,
            &published(versions::CLAIMS_BY_SECTOR),
            min_cell,
        ),
        claims_rate_by_district: maps::claims_rates(&coverage_by_district, &claims_by_district),
        claims_by_district,
        boundaries: site.boundaries.clone(),
        reported_months: months.reported,
        claim_months: months.claims,
        summary,
        coverage_by_month: coverage.by_month,
        coverage_by_sector,
        coverage_by_district,
        coverage_rate_by_district,
        budget_lines: site.budget.clone(),
        budget_by_month,
        budget_pace,
        quality,
    }
}

/// The months the tables run over.
struct Months {
    /// From start to min(end, as-of month): coverage and budget.
    reported: Vec<Month>,
    /// From start to the as-of month: claims are paid after the period too.
    claims: Vec<Month>,
    /// The month members_current counts: the as-of month, or the end.
    current: Month,
    last_reported: Month,
}

impl Months {
    fn of(program: &crate::load::Program) -> Months {
        let last_reported = program.last_reported_month();
        Months {
            reported: program.start.through(last_reported).collect(),
            claims: program.start.through(program.as_of_month()).collect(),
            current: program.end.min(program.as_of_month()),
            last_reported,
        }
    }
}

/// Members counted by sector, by district and by month.
struct Coverage {
    by_sector: Vec<CoverageTotals>,
    by_district: Vec<CoverageTotals>,
    by_month: Vec<MonthMembers>,
}

impl Coverage {
    fn count(site: &Site, months: &Months) -> Coverage {
        let start = site.program.start;
        let mut by_sector = vec![CoverageTotals::default(); site.sectors.len()];
        let mut by_district = vec![CoverageTotals::default(); site.districts.len()];
        // Members joining and leaving per reported month, summed into counts below.
        let mut month_changes = vec![0i64; months.reported.len() + 1];
        for (member, count) in site.members.iter() {
            let until = member.covered_until.min(months.last_reported);
            let covered = u64::from(member.covered_from.span_to(until));
            if covered == 0 {
                continue;
            }
            month_changes[member.covered_from.offset_from(start)] += count as i64;
            month_changes[until.offset_from(start) + 1] -= count as i64;
            let current = u64::from(
                member.covered_from <= months.current && months.current <= member.covered_until,
            );
            for totals in [
                &mut by_sector[member.sector.index()],
                &mut by_district[member.district.index()],
            ] {
                totals.current += current * count;
                totals.ever += count;
                totals.months += covered * count;
            }
        }
        let mut running = 0i64;
        let by_month = months
            .reported
            .iter()
            .zip(&month_changes)
            .map(|(&month, change)| {
                running += change;
                MonthMembers {
                    month,
                    members: running as u64,
                }
            })
            .collect();
        Coverage {
            by_sector,
            by_district,
            by_month,
        }
    }
}

/// Paid claims counted by month, sector and district per benefit, and the
/// program's totals.
struct Claims {
    by_month: BenefitGrid<ClaimTotals>,
    by_sector: BenefitGrid<ClaimTotals>,
    by_district: BenefitGrid<ClaimTotals>,
    by_benefit: Vec<ClaimTotals>,
    median_days_to_payment: Option<HalfDays>,
    in_process: u64,
    rejected: u64,
}

impl Claims {
    fn count(site: &Site, months: &Months) -> Claims {
        let benefits = site.program.benefits.len();
        let mut claims = Claims {
            by_month: BenefitGrid::new(months.claims.len(), benefits),
            by_sector: BenefitGrid::new(site.sectors.len(), benefits),
            by_district: BenefitGrid::new(site.districts.len(), benefits),
            by_benefit: vec![ClaimTotals::default(); benefits],
            median_days_to_payment: None,
            in_process: 0,
            rejected: 0,
        };
        let mut days_to_payment = Vec::new();
        for claim in &site.claims {
            let ClaimStatus::Paid { paid_on, amount } = claim.status else {
                match claim.status {
                    ClaimStatus::Rejected => claims.rejected += 1,
                    _ => claims.in_process += 1,
                }
                continue;
            };
            let member = &claim.member;
            let benefit = claim.benefit;
            let month_index = paid_on.month().offset_from(site.program.start);
            for totals in [
                &mut claims.by_month[(month_index, benefit)],
                &mut claims.by_sector[(member.sector.index(), benefit)],
                &mut claims.by_district[(member.district.index(), benefit)],
                &mut claims.by_benefit[benefit.index()],
            ] {
                totals.claims += 1;
                totals.amount += amount;
            }
            days_to_payment.push(paid_on.days_since(claim.incident_date));
        }
        claims.median_days_to_payment = HalfDays::median(&mut days_to_payment);
        claims
    }
}

/// The names breakdown rows carry. The district file names each district
/// in Indonesian only.
struct Names<'a> {
    site: &'a Site,
    districts: Vec<Name>,
}

impl<'a> Names<'a> {
    fn of(site: &'a Site) -> Names<'a> {
        Names {
            site,
            districts: site
                .districts
                .entries
                .iter()
                .map(|d| Name::untranslated(&d.name))
                .collect(),
        }
    }

    fn sectors(&self) -> Vec<Label<'_>> {
        self.site
            .sectors
            .entries
            .iter()
            .map(|s| Label {
                code: &s.code,
                name: &s.name,
            })
            .collect()
    }

    fn districts(&self) -> Vec<Label<'_>> {
        self.site
            .districts
            .entries
            .iter()
            .zip(&self.districts)
            .map(|(d, name)| Label {
                code: &d.code,
                name,
            })
            .collect()
    }
}

/// Coverage against each district's estimated eligible workers, from the
/// already suppressed district table.
fn coverage_rates(site: &Site, coverage_by_district: &[CoverageRow]) -> Vec<CoverageRateRow> {
    site.districts
        .entries
        .iter()
        .zip(coverage_by_district)
        .map(|(district, row)| CoverageRateRow {
            code: row.code.clone(),
            name: row.name.clone(),
            eligible: district.eligible,
            members_current: row.members_current,
            coverage_pct: match (row.members_current, district.eligible) {
                (Some(current), Some(eligible)) => Percent::of(current as i128, eligible as i128),
                _ => None,
            },
            suppressed: row.suppressed(),
        })
        .collect()
}

/// claims_by_month: every month from start to the as-of month, per benefit.
fn claims_by_month(
    months: &[Month],
    benefits: &[String],
    totals: &BenefitGrid<ClaimTotals>,
) -> Vec<ClaimsMonthRow> {
    months
        .iter()
        .zip(totals.rows())
        .flat_map(|(&month, totals)| {
            benefits
                .iter()
                .zip(totals)
                .map(move |(benefit, total)| ClaimsMonthRow {
                    month,
                    benefit: benefit.clone(),
                    claims: total.claims,
                    amount: total.amount,
                })
        })
        .collect()
}

/// The program's headline figures (summary.json and more).
fn summary(site: &Site, coverage: &Coverage, claims: &Claims, allocated: i64) -> Summary {
    let program = &site.program;
    let paid: i64 = site.payments.iter().map(|payment| payment.amount).sum();
    let members_current = coverage.by_sector.iter().map(|t| t.current).sum();
    let member_months: u64 = coverage.by_sector.iter().map(|t| t.months).sum();
    Summary {
        as_of: program.as_of,
        target_members: program.target_members,
        members_current,
        members_ever: coverage.by_sector.iter().map(|t| t.ever).sum(),
        member_months,
        allocated,
        paid,
        paid_pct: Percent::of(paid as i128, allocated as i128),
        claims: program
            .benefits
            .iter()
            .zip(&claims.by_benefit)
            .map(|(benefit, total)| BenefitClaims {
                benefit: benefit.clone(),
                claims: total.claims,
                amount: total.amount,
            })
            .collect(),
        claims_paid: claims.by_benefit.iter().map(|t| t.claims).sum(),
        claims_paid_amount: claims.by_benefit.iter().map(|t| t.amount).sum(),
        claims_in_process: claims.in_process,
        claims_rejected: claims.rejected,
        median_days_to_payment: claims.median_days_to_payment,
        cost_per_member_month: numbers::divide_half_up(paid as i128, member_months as i128)
            .map(|v| v as i64),
        coverage_pct: Percent::of(members_current as i128, program.target_members as i128),
    }
}

/// Rows by code; `published` is the table as the recorded versions of the
/// as_of published it.
fn coverage_table(
    names: &[Label],
    totals: &[CoverageTotals],
    published: &PublishedVersions,
    min_cell: u64,
) -> Vec<CoverageRow> {
    let counts: Vec<[u64; 2]> = totals.iter().map(|t| [t.current, t.ever]).collect();
    let rows: Vec<suppress::RowCounts> = counts
        .iter()
        .zip(totals)
        .zip(names)
        .map(|((counts, t), label)| suppress::RowCounts {
            counts,
            // members_ever, as versions::COVERAGE_BY_*.rank names it.
            rank: t.ever,
            history: published.history(&[label.code], counts),
        })
        .collect();
    let mask = suppress::suppression_mask(&rows, min_cell);
    names
        .iter()
        .zip(totals)
        .zip(mask)
        .map(|((label, t), suppressed)| CoverageRow {
            code: label.code.to_string(),
            name: label.name.clone(),
            members_current: (!suppressed).then_some(t.current),
            members_ever: (!suppressed).then_some(t.ever),
            member_months: (!suppressed).then_some(t.months),
        })
        .collect()
}

/// Rows by code, then benefit; suppression runs within each benefit, over
/// the table as the recorded versions of the as_of published it.
fn claims_table(
    names: &[Label],
    benefits: &[String],
    totals: &BenefitGrid<ClaimTotals>,
    published: &PublishedVersions,
    min_cell: u64,
) -> Vec<ClaimsRow> {
    let mut mask = BenefitGrid::new(names.len(), benefits.len());
    for benefit in totals.benefits() {
        let code = benefits[benefit.index()].as_str();
        let counts: Vec<[u64; 1]> = totals.column(benefit).map(|t| [t.claims]).collect();
        let rows: Vec<suppress::RowCounts> = counts
            .iter()
            .zip(names)
            .map(|(counts, label)| suppress::RowCounts {
                counts,
                // claims, as versions::CLAIMS_BY_*.rank names it.
                rank: counts[0],
                history: published.history(&[label.code, code], counts),
            })
            .collect();
        for (code, suppressed) in suppress::suppression_mask(&rows, min_cell)
            .into_iter()
            .enumerate()
        {
            mask[(code, benefit)] = suppressed;
        }
    }
    names
        .iter()
        .zip(totals.rows().zip(mask.rows()))
        .flat_map(|(label, (totals, mask))| {
            benefits.iter().zip(totals.iter().zip(mask)).map(
                move |(benefit, (total, &suppressed))| ClaimsRow {
                    code: label.code.to_string(),
                    name: label.name.clone(),
                    benefit: benefit.clone(),
                    claims: (!suppressed).then_some(total.claims),
                    amount: (!suppressed).then_some(total.amount),
                },
            )
        })
        .collect()
}

fn budget_by_month(site: &Site, reported_months: &[Month], allocated: i64) -> Vec<BudgetMonth> {
    let Some(&first) = reported_months.first() else {
        return Vec::new();
    };
    let mut billed = vec![(0u64, 0i64); reported_months.len()];
    for payment in &site.payments {
        let entry = &mut billed[payment.month.offset_from(first)];
        entry.0 += payment.members;
        entry.1 += payment.amount;
    }
    let mut cumulative = 0;
    reported_months
        .iter()
        .zip(billed)
        .map(|(&month, (members_billed, amount))| {
            cumulative += amount;
            BudgetMonth {
                month,
                members_billed,
                amount,
                cumulative_amount: cumulative,
                cumulative_pct: Percent::of(cumulative as i128, allocated as i128),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn names(count: usize) -> Vec<(String, Name)> {
        (0..count)
            .map(|i| (format!("c{i:02}"), Name::untranslated(format!("Name {i}"))))
            .collect()
    }

    fn borrowed(names: &[(String, Name)]) -> Vec<Label<'_>> {
        names
            .iter()
            .map(|(c, n)| Label { code: c, name: n })
            .collect()
    }

    /// Coverage totals as members would produce them: current <= ever.
    fn coverage_totals() -> impl Strategy<Value = Vec<CoverageTotals>> {
        prop::collection::vec((0u64..12, 0u64..12, 0u64..40), 2..30).prop_map(|rows| {
            rows.into_iter()
                .map(|(a, b, months)| CoverageTotals {
                    current: a.min(b),
                    ever: a.max(b),
                    months: months * a.max(b),
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn coverage_suppression_keeps_its_promises(totals in coverage_totals(), min_cell in 3u64..8) {
            let names = names(totals.len());
            let rows = coverage_table(&borrowed(&names), &totals, &PublishedVersions::default(), min_cell);
            let suppressed = rows.iter().filter(|r| r.suppressed()).count();
            prop_assert!(suppressed == 0 || suppressed >= 2, "exactly one row hidden");
            let hidden = |count: fn(&CoverageTotals) -> u64| -> u64 {
                rows.iter().zip(&totals).filter(|(r, _)| r.suppressed()).map(|(_, t)| count(t)).sum()
            };
            if suppressed < rows.len() {
                for total in [hidden(|t| t.current), hidden(|t| t.ever)] {
                    prop_assert!(!suppress::is_small(total, min_cell), "the hidden rows hold {} together", total);
                }
            }
            for (row, truth) in rows.iter().zip(&totals) {
                if row.suppressed() {
                    prop_assert_eq!((row.members_current, row.members_ever, row.member_months), (None, None, None));
                } else {
                    prop_assert_eq!(row.members_current, Some(truth.current));
                    prop_assert_eq!(row.members_ever, Some(truth.ever));
                    prop_assert_eq!(row.member_months, Some(truth.months));
                    for count in [truth.current, truth.ever] {
                        prop_assert!(!suppress::is_small(count, min_cell), "published {} below {}", count, min_cell);
                    }
                }
            }
        }

        #[test]
        fn claims_suppression_keeps_its_promises(
            codes in 2usize..25,
            benefits in 1usize..4,
            seed in prop::collection::vec((0u64..9, 0i64..50_000_000), 75),
            min_cell in 3u64..8,
        ) {
            let names = names(codes);
            let benefit_codes: Vec<String> = ["JKK", "JKM", "JHT"][..benefits].iter().map(|b| b.to_string()).collect();
            let mut seeded = seed.iter().cycle().map(|&(claims, amount)| {
                ClaimTotals { claims, amount: if claims == 0 { 0 } else { amount } }
            });
            let totals = BenefitGrid::from_fn(codes, benefits, |_, _| seeded.next().unwrap());
            let rows = claims_table(&borrowed(&names), &benefit_codes, &totals, &PublishedVersions::default(), min_cell);
            prop_assert_eq!(rows.len(), codes * benefits);
            for benefit in &benefit_codes {
                let of_benefit: Vec<&ClaimsRow> = rows.iter().filter(|r| &r.benefit == benefit).collect();
                let suppressed = of_benefit.iter().filter(|r| r.suppressed()).count();
                prop_assert!(suppressed == 0 || suppressed >= 2, "{}: exactly one row hidden", benefit);
                let hidden: u64 = rows
                    .iter()
                    .zip(totals.rows().flatten())
                    .filter(|(r, _)| &r.benefit == benefit && r.suppressed())
                    .map(|(_, t)| t.claims)
                    .sum();
                prop_assert!(
                    suppressed == of_benefit.len() || !suppress::is_small(hidden, min_cell),
                    "{}: the hidden rows hold {} claims together", benefit, hidden
                );
            }
            for (row, truth) in rows.iter().zip(totals.rows().flatten()) {
                if row.suppressed() {
                    prop_assert_eq!((row.claims, row.amount), (None, None));
                } else {
                    prop_assert_eq!(row.claims, Some(truth.claims));
                    prop_assert_eq!(row.amount, Some(truth.amount));
                    prop_assert!(!suppress::is_small(truth.claims, min_cell));
                }
            }
        }
    }

    #[test]
    fn a_table_of_one_small_row_stays_hidden() {
        let names = names(1);
        let rows = coverage_table(
            &borrowed(&names),
            &[CoverageTotals {
                current: 2,
                ever: 2,
                months: 8,
            }],
            &PublishedVersions::default(),
            5,
        );
        assert!(rows[0].suppressed());
    }
}
