//! What the district maps draw besides the tables' own columns: paid claims
//! per 1.000 members of each district, from the already suppressed claims
//! and coverage tables, so a rate is hidden wherever what it is computed
//! from is hidden.

use rustc_hash::FxHashMap;

use super::{ClaimsRow, CoverageRow, PerThousand};
use crate::language::Name;

/// A district's paid claims (every benefit together) against the members it
/// ever covered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimsRateRow {
    pub code: String,
    /// As published in the data files, and in the page's language.
    pub name: Name,
    /// Paid claims of every benefit; None when any benefit's row is hidden,
    /// since the sum would give the hidden row away.
    pub claims: Option<u64>,
    /// As published in coverage_by_district; None when hidden.
    pub members_ever: Option<u64>,
    /// 1000 × claims / members_ever; None when either is hidden or the
    /// district never covered anyone.
    pub per_thousand: Option<PerThousand>,
}

impl ClaimsRateRow {
    /// Whether the rate is hidden for privacy (rather than not computable).
    pub fn suppressed(&self) -> bool {
        self.claims.is_none() || self.members_ever.is_none()
    }
}

/// One row per district, in the coverage table's order. `claims` holds each
/// district's rows, one per benefit, in the same order.
pub fn claims_rates(coverage: &[CoverageRow], claims: &[ClaimsRow]) -> Vec<ClaimsRateRow> {
    // A district's claims, None when any of its benefits' counts is hidden;
    // summed once, not looked for per district among every row.
    let mut claims_of: FxHashMap<&str, Option<u64>> = FxHashMap::default();
    for row in claims {
        let sum = claims_of.entry(row.code.as_str()).or_insert(Some(0));
        *sum = sum.zip(row.claims).map(|(sum, claims)| sum + claims);
    }
    coverage
        .iter()
        .map(|district| {
            let claims = claims_of
                .get(district.code.as_str())
                .copied()
                .unwrap_or(Some(0));
            let per_thousand = match (claims, district.members_ever) {
                (Some(claims), Some(members)) => PerThousand::of(claims.into(), members.into()),
                _ => None,
            };
            ClaimsRateRow {
                code: district.code.clone(),
                name: district.name.clone(),
                claims,
                members_ever: district.members_ever,
                per_thousand,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coverage(code: &str, members_ever: Option<u64>) -> CoverageRow {
        CoverageRow {
            code: code.into(),
            name: Name::untranslated(code),
            members_current: members_ever,
            members_ever,
            member_months: members_ever,
        }
    }

    fn claims(code: &str, benefit: &str, claims: Option<u64>) -> ClaimsRow {
        ClaimsRow {
            code: code.into(),
            name: Name::untranslated(code),
            benefit: benefit.into(),
            claims,
            amount: claims.map(|c| c as i64 * 1_000_000),
        }
    }

    #[test]
    fn a_rate_is_hidden_wherever_what_it_is_made_of_is() {
        let rates = claims_rates(
            &[
                coverage("a", Some(400)),
                coverage("b", Some(250)),
                coverage("c", None),
                coverage("d", Some(0)),
            ],
            &[
                claims("a", "JKK", Some(6)),
                claims("a", "JKM", Some(0)),
                claims("b", "JKK", Some(7)),
                claims("b", "JKM", None),
                claims("c", "JKK", Some(5)),
                claims("c", "JKM", Some(0)),
                claims("d", "JKK", Some(0)),
                claims("d", "JKM", Some(0)),
            ],
        );
        let shown: Vec<_> = rates
            .iter()
            .map(|r| (r.code.as_str(), r.claims, r.per_thousand, r.suppressed()))
            .collect();
        assert_eq!(
            shown,
            [
                ("a", Some(6), Some(PerThousand(1500)), false),
                ("b", None, None, true),
                ("c", Some(5), None, true),
                ("d", Some(0), None, false),
            ]
        );
    }
}
