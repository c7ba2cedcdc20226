//! Whether spending is on pace: the share of the period elapsed beside the
//! share of the allocation paid, and the allocation spread evenly over the
//! period's months, the "expected pace" the budget chart draws.
//!
//! A month has elapsed once it is a reported month (start ..= min(end,
//! as-of month)): the as-of month counts whole, as its payment is due
//! within it. Money stays whole Rupiah: each month's expected amount is
//! rounded half-up once, from the allocation, so the last one is the
//! allocation exactly.

use crate::calendar::Month;

use super::Percent;
use super::numbers::divide_half_up;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetPace {
    /// The reported months: start ..= min(end, as-of month).
    pub months_elapsed: u64,
    /// The months of the period: start ..= end.
    pub period_months: u64,
    /// 100 × months_elapsed / period_months.
    pub elapsed_pct: Percent,
    /// Per month of the period, the allocation paid evenly up to the end
    /// of it: allocated × m / period_months for the m-th month.
    pub expected_by_month: Vec<i64>,
    /// What even spending would have paid by the last reported month (0
    /// before the period starts).
    pub expected_paid: i64,
}

impl BudgetPace {
    /// The pace of a period from `start` to `end` whose data run to
    /// `last_reported` (never before `start`: load refuses such an as_of).
    pub fn of(start: Month, end: Month, last_reported: Month, allocated: i64) -> BudgetPace {
        let period_months = u64::from(start.span_to(end));
        let months_elapsed = u64::from(start.span_to(last_reported));
        let expected = |months: u64| {
            divide_half_up(
                i128::from(allocated) * i128::from(months),
                i128::from(period_months),
            )
            .map_or(0, |amount| amount as i64)
        };
        BudgetPace {
            months_elapsed,
            period_months,
            elapsed_pct: Percent::of(i128::from(months_elapsed), i128::from(period_months))
                .expect("a period has at least one month"),
            expected_by_month: (1..=period_months).map(expected).collect(),
            expected_paid: expected(months_elapsed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pace of a period from `start` to `end` with data to `last`.
    fn pace(start: &str, end: &str, last: &str, allocated: i64) -> BudgetPace {
        let month = |text| Month::parse(text).unwrap();
        BudgetPace::of(month(start), month(end), month(last), allocated)
    }

    #[test]
    fn ten_of_twelve_months_is_five_sixths_of_the_allocation() {
        let pace = pace("2026-01", "2026-12", "2026-10", 670_680_000);
        assert_eq!((pace.months_elapsed, pace.period_months), (10, 12));
        assert_eq!(pace.elapsed_pct, Percent(8333));
        assert_eq!(pace.expected_paid, 558_900_000);
        assert_eq!(pace.expected_by_month.len(), 12);
        assert_eq!(pace.expected_by_month[0], 55_890_000);
        assert_eq!(pace.expected_by_month[11], 670_680_000);
    }

    #[test]
    fn amounts_round_half_up_once_from_the_allocation() {
        // 100 over 6 months: 16,67 33,33 50 66,67 83,33 100.
        let pace = pace("2026-01", "2026-06", "2026-04", 100);
        assert_eq!(pace.months_elapsed, 4);
        assert_eq!(pace.elapsed_pct, Percent(6667));
        assert_eq!(pace.expected_by_month, [17, 33, 50, 67, 83, 100]);
        assert_eq!(pace.expected_paid, 67);
    }

    #[test]
    fn a_period_reported_to_its_end_has_run_it_all() {
        let pace = pace("2025-07", "2026-06", "2026-06", 1_200);
        assert_eq!((pace.months_elapsed, pace.period_months), (12, 12));
        assert_eq!(pace.elapsed_pct, Percent(10_000));
        assert_eq!(pace.expected_paid, 1_200);
    }

    #[test]
    fn nothing_allocated_expects_nothing() {
        let pace = pace("2026-01", "2026-12", "2026-03", 0);
        assert_eq!(pace.expected_paid, 0);
        assert!(pace.expected_by_month.iter().all(|&amount| amount == 0));
    }
}
