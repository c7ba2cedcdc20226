//! The data-quality checks: each of the contract's reconciliations with
//! how many months or claims it looked at and how many agree, the warnings
//! where the data disagrees with itself, and findings about the program
//! rather than its data (a contribution below the insurer's usual minimum).
//! Warnings do not stop a build; they are printed, and everything here is
//! published on the data-quality page and in the report so readers see it.

use std::collections::BTreeMap;

use crate::calendar::{Date, Month};
use crate::diag::Diagnostic;
use crate::load::{Site, Table, TableSources};

use super::{BudgetMonth, MonthMembers, Summary};

/// What the data-quality page and the report show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quality {
    pub checks: Checks,
    /// One per discrepancy, as `jaring build` prints them.
    pub warnings: Vec<QualityWarning>,
    pub program_findings: Vec<ProgramFinding>,
}

/// The counts of each check: what it looked at and what agreed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checks {
    /// The reported months, each of which should have a payment.
    pub months: u64,
    /// The reported months with at least one payment row: the months whose
    /// members and amounts can be checked.
    pub months_paid: u64,
    /// Months paid whose members billed equal the members covered.
    pub months_members_match: u64,
    /// Months paid whose amount equals members billed × contribution.
    pub months_amount_match: u64,
    pub paid: i64,
    pub allocated: i64,
    /// Every claim, whatever its status.
    pub claims: u64,
    /// Claims whose incident falls outside the member's covered months.
    pub claims_outside_coverage: u64,
}

impl Checks {
    pub fn paid_within_allocation(&self) -> bool {
        self.paid <= self.allocated
    }
}

/// A fact about the program itself, not a fault of its data, that someone
/// should act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgramFinding {
    /// The contribution is below what the insurer usually takes for the
    /// program's benefits from a non-wage earner.
    ContributionBelowUsualMinimum {
        contribution: i64,
        /// Per benefit, in the program's order, and their sum.
        usual: Vec<(String, i64)>,
        usual_minimum: i64,
    },
}

/// The least BPJS Ketenagakerjaan usually takes per month from a non-wage
/// earner (Bukan Penerima Upah) for each benefit (PP 44/2015 as amended by
/// PP 82/2019): JKK 1% of the lowest declared income, Rp1.000.000, and JKM
/// a flat Rp6.800. A program with another benefit is not judged.
const USUAL_MINIMUM_CONTRIBUTION: [(&str, i64); 2] = [("JKK", 10_000), ("JKM", 6_800)];

/// The program's contribution against the insurer's usual minimum for its
/// benefits, when every benefit has one.
fn program_findings(benefits: &[String], contribution: i64) -> Vec<ProgramFinding> {
    let usual: Option<Vec<(String, i64)>> = benefits
        .iter()
        .map(|benefit| {
            USUAL_MINIMUM_CONTRIBUTION
                .iter()
                .find(|(code, _)| code == benefit)
                .map(|&(code, amount)| (code.to_string(), amount))
        })
        .collect();
    let Some(usual) = usual else {
        return Vec::new();
    };
    let usual_minimum = usual.iter().map(|(_, amount)| amount).sum();
    if contribution >= usual_minimum {
        return Vec::new();
    }
    vec![ProgramFinding::ContributionBelowUsualMinimum {
        contribution,
        usual,
        usual_minimum,
    }]
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QualityWarning {
    /// payments.members for the month differs from the members covered then.
    MembersBilledDiffer {
        month: Month,
        billed: u64,
        covered: u64,
        line: u64,
    },
    /// payments.amount differs from payments.members × contribution.
    AmountDiffers {
        month: Month,
        billed: u64,
        amount: i64,
        /// billed × contribution, which may exceed `i64` on absurd input.
        expected: i128,
        line: u64,
    },
    PaidExceedsAllocation {
        paid: i64,
        allocated: i64,
    },
    /// A claim whose incident falls outside its member's covered months.
    ClaimOutsideCoverage {
        incident_date: Date,
        benefit: String,
        line: u64,
    },
    /// A reported month with no payment row.
    MonthWithoutPayment {
        month: Month,
    },
}

impl QualityWarning {
    /// The warning as printed by `jaring build` and `jaring check`, at the
    /// rows of the tables as `tables` found them.
    pub fn diagnostic(&self, tables: &TableSources) -> Diagnostic {
        let payments = tables.source(Table::Payments);
        match self {
            QualityWarning::MembersBilledDiffer {
                month,
                billed,
                covered,
                line,
            } => Diagnostic::warning(
                payments.row_place(*line as usize),
                format!(
                    "{month}: {billed} members billed, but {covered} members are covered that month in {}",
                    tables.display(Table::Members)
                ),
            ),
            QualityWarning::AmountDiffers {
                month,
                amount,
                expected,
                line,
                ..
            } => Diagnostic::warning(
                payments.row_place(*line as usize),
                format!(
                    "{month}: Rp{amount} paid, but members billed x contribution is Rp{expected}"
                ),
            ),
            QualityWarning::PaidExceedsAllocation { paid, allocated } => Diagnostic::warning(
                payments.whole(),
                format!(
                    "total paid Rp{paid} exceeds the allocation of Rp{allocated} in {}",
                    tables.display(Table::Budget)
                ),
            ),
            QualityWarning::ClaimOutsideCoverage {
                incident_date,
                benefit,
                line,
                ..
            } => Diagnostic::warning(
                tables.source(Table::Claims).row_place(*line as usize),
                format!(
                    "{benefit} claim: incident on {incident_date} falls outside the member's covered months"
                ),
            ),
            QualityWarning::MonthWithoutPayment { month } => Diagnostic::warning(
                payments.whole(),
                format!("{month}: no payment recorded for this month"),
            ),
        }
    }
}

/// Runs every check over the data.
pub fn reconcile(
    site: &Site,
    coverage: &[MonthMembers],
    budget: &[BudgetMonth],
    summary: &Summary,
) -> Quality {
    let program = &site.program;
    let mut warnings = Vec::new();
    let mut checks = Checks {
        months: budget.len() as u64,
        months_paid: 0,
        months_members_match: 0,
        months_amount_match: 0,
        paid: summary.paid,
        allocated: summary.allocated,
        claims: site.claims.len() as u64,
        claims_outside_coverage: 0,
    };
    let mut first_line: BTreeMap<Month, u64> = BTreeMap::new();
    for payment in &site.payments {
        let line = first_line.entry(payment.month).or_insert(payment.line);
        *line = (*line).min(payment.line);
    }
    for (covered, billed) in coverage.iter().zip(budget) {
        let Some(&line) = first_line.get(&billed.month) else {
            warnings.push(QualityWarning::MonthWithoutPayment {
                month: billed.month,
            });
            continue;
        };
        checks.months_paid += 1;
        if billed.members_billed == covered.members {
            checks.months_members_match += 1;
        } else {
            warnings.push(QualityWarning::MembersBilledDiffer {
                month: billed.month,
                billed: billed.members_billed,
                covered: covered.members,
                line,
            });
        }
        let expected = i128::from(billed.members_billed) * i128::from(program.contribution);
        if i128::from(billed.amount) == expected {
            checks.months_amount_match += 1;
        } else {
            warnings.push(QualityWarning::AmountDiffers {
                month: billed.month,
                billed: billed.members_billed,
                amount: billed.amount,
                expected,
                line,
            });
        }
    }
    if !checks.paid_within_allocation() {
        warnings.push(QualityWarning::PaidExceedsAllocation {
            paid: summary.paid,
            allocated: summary.allocated,
        });
    }
    for claim in &site.claims {
        let member = &claim.member;
        let month = claim.incident_date.month();
        if month < member.covered_from || month > member.covered_until {
            checks.claims_outside_coverage += 1;
            warnings.push(QualityWarning::ClaimOutsideCoverage {
                incident_date: claim.incident_date,
                benefit: program.benefit(claim.benefit).to_string(),
                line: claim.line,
            });
        }
    }
    Quality {
        checks,
        warnings,
        program_findings: program_findings(&program.benefits, program.contribution),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn benefits(codes: &[&str]) -> Vec<String> {
        codes.iter().map(|code| code.to_string()).collect()
    }

    #[test]
    fn a_contribution_below_the_usual_minimum_is_a_finding_about_the_program() {
        assert_eq!(
            program_findings(&benefits(&["JKK", "JKM"]), 16_200),
            [ProgramFinding::ContributionBelowUsualMinimum {
                contribution: 16_200,
                usual: vec![("JKK".to_string(), 10_000), ("JKM".to_string(), 6_800)],
                usual_minimum: 16_800,
            }]
        );
        assert_eq!(program_findings(&benefits(&["JKK", "JKM"]), 16_800), []);
        assert_eq!(
            program_findings(&benefits(&["JKM"]), 6_000),
            [ProgramFinding::ContributionBelowUsualMinimum {
                contribution: 6_000,
                usual: vec![("JKM".to_string(), 6_800)],
                usual_minimum: 6_800,
            }]
        );
    }

    #[test]
    fn a_program_with_a_benefit_of_unknown_minimum_is_not_judged() {
        assert_eq!(program_findings(&benefits(&["JHT", "JKK"]), 1), []);
    }
}
