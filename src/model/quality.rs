//! The contract's reconciliation warnings: places where the data disagrees
//! with itself. They do not stop a build; they are printed and published on
//! the data-quality page so readers see them too.

use std::collections::BTreeMap;

use crate::calendar::{Date, Month};
use crate::diag::{Diagnostic, Place};
use crate::load::Site;
use crate::load::transactions::{CLAIMS_FILE, PAYMENTS_FILE};

use super::{BudgetMonth, MonthMembers, Summary};

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
    /// The warning as printed by `jaring build` and `jaring check`.
    pub fn diagnostic(&self) -> Diagnostic {
        match self {
            QualityWarning::MembersBilledDiffer {
                month,
                billed,
                covered,
                line,
            } => Diagnostic::warning(
                Place::line(PAYMENTS_FILE, *line as usize),
                format!(
                    "{month}: {billed} members billed, but {covered} members are covered that month in data/members.csv"
                ),
            ),
            QualityWarning::AmountDiffers {
                month,
                amount,
                expected,
                line,
                ..
            } => Diagnostic::warning(
                Place::line(PAYMENTS_FILE, *line as usize),
                format!(
                    "{month}: Rp{amount} paid, but members billed x contribution is Rp{expected}"
                ),
            ),
            QualityWarning::PaidExceedsAllocation { paid, allocated } => Diagnostic::warning(
                Place::file(PAYMENTS_FILE),
                format!(
                    "total paid Rp{paid} exceeds the allocation of Rp{allocated} in data/budget.csv"
                ),
            ),
            QualityWarning::ClaimOutsideCoverage {
                incident_date,
                benefit,
                line,
                ..
            } => Diagnostic::warning(
                Place::line(CLAIMS_FILE, *line as usize),
                format!(
                    "{benefit} claim: incident on {incident_date} falls outside the member's covered months"
                ),
            ),
            QualityWarning::MonthWithoutPayment { month } => Diagnostic::warning(
                Place::file(PAYMENTS_FILE),
                format!("{month}: no payment recorded for this month"),
            ),
        }
    }
}

pub fn reconcile(
    site: &Site,
    coverage: &[MonthMembers],
    budget: &[BudgetMonth],
    summary: &Summary,
) -> Vec<QualityWarning> {
    let program = &site.program;
    let mut warnings = Vec::new();
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
        if billed.members_billed != covered.members {
            warnings.push(QualityWarning::MembersBilledDiffer {
                month: billed.month,
                billed: billed.members_billed,
                covered: covered.members,
                line,
            });
        }
        let expected = i128::from(billed.members_billed) * i128::from(program.contribution);
        if i128::from(billed.amount) != expected {
            warnings.push(QualityWarning::AmountDiffers {
                month: billed.month,
                billed: billed.members_billed,
                amount: billed.amount,
                expected,
                line,
            });
        }
    }
    if summary.paid > summary.allocated {
        warnings.push(QualityWarning::PaidExceedsAllocation {
            paid: summary.paid,
            allocated: summary.allocated,
        });
    }
    for claim in &site.claims {
        let member = &claim.member;
        let month = claim.incident_date.month();
        if month < member.covered_from || month > member.covered_until {
            warnings.push(QualityWarning::ClaimOutsideCoverage {
                incident_date: claim.incident_date,
                benefit: program.benefit(claim.benefit).to_string(),
                line: claim.line,
            });
        }
    }
    warnings
}
