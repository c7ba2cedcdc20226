//! The named figures that narrative text may quote with
//! `{{ value(key="...") }}`: one list, so pages, the README and the check for
//! unknown keys agree.

use crate::calendar::{Date, Month};

use super::{HalfDays, Model, Percent};

/// A figure before it is formatted for a language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Count(u64),
    Money(i64),
    Percent(Percent),
    Days(HalfDays),
    Date(Date),
    Month(Month),
    Text(String),
    /// Not computable from this data (e.g. a rate of a zero total).
    Missing,
}

impl Model {
    /// Every named figure, in a stable order.
    pub fn values(&self) -> Vec<(String, Value)> {
        let s = &self.summary;
        let p = &self.program;
        let percent = |value: Option<Percent>| value.map_or(Value::Missing, Value::Percent);
        let mut values: Vec<(String, Value)> = vec![
            ("program_name".into(), Value::Text(p.name.clone())),
            ("administrator".into(), Value::Text(p.administrator.clone())),
            ("region".into(), Value::Text(p.region.clone())),
            ("insurer".into(), Value::Text(p.insurer.clone())),
            ("as_of".into(), Value::Date(p.as_of)),
            ("period_start".into(), Value::Month(p.start)),
            ("period_end".into(), Value::Month(p.end)),
            (
                "reported_until".into(),
                Value::Month(p.last_reported_month()),
            ),
            ("target_members".into(), Value::Count(s.target_members)),
            ("members_current".into(), Value::Count(s.members_current)),
            ("members_ever".into(), Value::Count(s.members_ever)),
            ("member_months".into(), Value::Count(s.member_months)),
            ("coverage_pct".into(), percent(s.coverage_pct)),
            ("contribution".into(), Value::Money(p.contribution)),
            ("allocated".into(), Value::Money(s.allocated)),
            ("paid".into(), Value::Money(s.paid)),
            ("paid_pct".into(), percent(s.paid_pct)),
            ("remaining".into(), Value::Money(s.allocated - s.paid)),
            (
                "months_elapsed".into(),
                Value::Count(self.budget_pace.months_elapsed),
            ),
            (
                "period_months".into(),
                Value::Count(self.budget_pace.period_months),
            ),
            (
                "elapsed_pct".into(),
                Value::Percent(self.budget_pace.elapsed_pct),
            ),
            (
                "expected_paid".into(),
                Value::Money(self.budget_pace.expected_paid),
            ),
            (
                "cost_per_member_month".into(),
                s.cost_per_member_month.map_or(Value::Missing, Value::Money),
            ),
            ("claims_paid".into(), Value::Count(s.claims_paid)),
            (
                "claims_paid_amount".into(),
                Value::Money(s.claims_paid_amount),
            ),
        ];
        for benefit in &s.claims {
            let code = benefit.benefit.to_lowercase();
            values.push((format!("claims_{code}_paid"), Value::Count(benefit.claims)));
            values.push((
                format!("claims_{code}_amount"),
                Value::Money(benefit.amount),
            ));
        }
        values.extend([
            (
                "claims_in_process".into(),
                Value::Count(s.claims_in_process),
            ),
            ("claims_rejected".into(), Value::Count(s.claims_rejected)),
            (
                "median_days_to_payment".into(),
                s.median_days_to_payment.map_or(Value::Missing, Value::Days),
            ),
            ("min_cell".into(), Value::Count(self.config.min_cell)),
        ]);
        values
    }
}
