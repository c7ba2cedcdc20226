//! The recorded versions of the current as_of, as readers downloaded them:
//! what each published of every breakdown row (hidden, or its counts), so
//! that suppression ([`super::suppress`]) keeps a cell hidden in one
//! version unrecoverable from all of them together.

use std::collections::HashMap;

use super::suppress::RowHistory;
use crate::calendar::Date;
use crate::load::releases::{PublishedTable, RecordedRelease};

/// A breakdown table the model suppresses, by what its published file
/// holds: its name, and the columns suppression reads back from releases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Breakdown {
    /// Its files are `data/NAME.csv` and `data/NAME.json`.
    pub name: &'static str,
    /// The columns naming a row: its code, then its benefit in claims tables.
    pub key: &'static [&'static str],
    /// The counts suppression protects, in the order the model passes them.
    pub counts: &'static [&'static str],
    /// The count that orders complementary suppression (the model's
    /// `RowCounts::rank`), which every hidden row holds at least one of;
    /// none for the coverage rates, whose hidden rows are
    /// coverage_by_district's.
    pub rank: Option<&'static str>,
}

const COVERAGE_COUNTS: &[&str] = &["members_current", "members_ever"];

pub const COVERAGE_BY_SECTOR: Breakdown = Breakdown {
    name: "coverage_by_sector",
    key: &["sector"],
    counts: COVERAGE_COUNTS,
    rank: Some("members_ever"),
};

pub const COVERAGE_BY_DISTRICT: Breakdown = Breakdown {
    name: "coverage_by_district",
    key: &["district"],
    counts: COVERAGE_COUNTS,
    rank: Some("members_ever"),
};

/// The coverage rates repeat coverage_by_district's members_current,
/// hidden in the same rows.
pub const COVERAGE_RATE_BY_DISTRICT: Breakdown = Breakdown {
    name: "coverage_rate_by_district",
    key: &["district"],
    counts: &["members_current"],
    rank: None,
};

pub const CLAIMS_BY_SECTOR: Breakdown = Breakdown {
    name: "claims_by_sector",
    key: &["sector", "benefit"],
    counts: &["claims"],
    rank: Some("claims"),
};

pub const CLAIMS_BY_DISTRICT: Breakdown = Breakdown {
    name: "claims_by_district",
    key: &["district", "benefit"],
    counts: &["claims"],
    rank: Some("claims"),
};

impl Breakdown {
    /// The program's total of `count` as a version's summary.json gives
    /// it: of the benefit `within` names for a claims table (its key
    /// beyond the code), else of the whole program.
    pub fn total(
        &self,
        summary: &serde_json::Value,
        count: &str,
        within: &[String],
    ) -> Option<u64> {
        match within {
            [] => summary.get(count)?.as_u64(),
            [benefit] => summary.get("claims")?.get(benefit)?.get(count)?.as_u64(),
            _ => None,
        }
    }
}

/// Each row's published counts by its key cells; None when hidden.
type PublishedRows = HashMap<Vec<String>, Option<Vec<u64>>>;

/// One breakdown as the recorded versions of the current as_of published
/// it; none for a first release.
#[derive(Debug, Default)]
pub struct PublishedVersions {
    versions: Vec<PublishedRows>,
}

impl PublishedVersions {
    /// Only the releases of `as_of` count: another as_of is other data. A
    /// release without the table (an older jaring's) adds nothing.
    pub fn of(releases: &[RecordedRelease], as_of: Date, breakdown: Breakdown) -> Self {
        PublishedVersions {
            versions: releases
                .iter()
                .filter(|release| release.id.as_of == as_of)
                .filter_map(|release| published_rows(&release.table(breakdown.name)?, breakdown))
                .collect(),
        }
    }

    /// What the versions published of the row named by `key`, against the
    /// `counts` it has now. Only the counts decide whether it is known: a
    /// reader who has them can take them away from the hidden total,
    /// whatever the row's amounts or member-months.
    pub fn history(&self, key: &[&str], counts: &[u64]) -> RowHistory {
        let key: Vec<String> = key.iter().map(|cell| cell.to_string()).collect();
        let mut history = RowHistory::default();
        for published in self.versions.iter().filter_map(|rows| rows.get(&key)) {
            match published {
                None => history.hidden = true,
                Some(published) => history.known |= published == counts,
            }
        }
        history
    }
}

/// The rows of a published table; a count that is not a number (empty when
/// suppressed) hides its row. None when the table lacks one of the columns.
fn published_rows(table: &PublishedTable, breakdown: Breakdown) -> Option<PublishedRows> {
    let columns = |names: &[&str]| -> Option<Vec<usize>> {
        names.iter().map(|name| table.column(name)).collect()
    };
    let (key, counts) = (columns(breakdown.key)?, columns(breakdown.counts)?);
    let cell = |row: &[String], index: usize| row.get(index).cloned().unwrap_or_default();
    Some(
        table
            .rows
            .iter()
            .map(|row| {
                let published = counts
                    .iter()
                    .map(|&index| cell(row, index).parse().ok())
                    .collect();
                (
                    key.iter().map(|&index| cell(row, index)).collect(),
                    published,
                )
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::releases::{ReleaseId, ReleaseRecord};

    fn release(id: &str, files: &[(&str, &str)]) -> RecordedRelease {
        let id = ReleaseId::parse(id).unwrap();
        RecordedRelease {
            id,
            record: ReleaseRecord::of_2026(&id.to_string()),
            files: files
                .iter()
                .map(|(path, text)| (path.to_string(), text.as_bytes().to_vec()))
                .collect(),
        }
    }

    const FIRST: &str = "sector,sector_name,members_current,members_ever,member_months\n\
        nelayan,Nelayan,,,\nojek,Ojek,,,\npetani,Petani,7,8,40\n";

    fn history(releases: &[RecordedRelease], code: &str, counts: &[u64]) -> RowHistory {
        let as_of = Date::parse("2026-10-31").unwrap();
        PublishedVersions::of(releases, as_of, COVERAGE_BY_SECTOR).history(&[code], counts)
    }

    #[test]
    fn each_breakdowns_rank_is_the_count_the_model_ranks_its_rows_by() {
        // The model passes coverage counts as [current, ever] and ranks by
        // ever, claims as [claims] and ranks by claims.
        for coverage in [COVERAGE_BY_SECTOR, COVERAGE_BY_DISTRICT] {
            assert_eq!(coverage.rank, Some(coverage.counts[1]));
        }
        for claims in [CLAIMS_BY_SECTOR, CLAIMS_BY_DISTRICT] {
            assert_eq!(claims.rank, Some(claims.counts[0]));
        }
    }

    #[test]
    fn a_row_is_hidden_or_known_by_what_a_version_of_its_as_of_published() {
        let releases = [release("2026-10-31", &[("coverage_by_sector.csv", FIRST)])];
        let hidden = RowHistory {
            hidden: true,
            known: false,
        };
        assert_eq!(history(&releases, "nelayan", &[2, 2]), hidden);
        let known = RowHistory {
            hidden: false,
            known: true,
        };
        assert_eq!(history(&releases, "petani", &[7, 8]), known);
        assert_eq!(history(&releases, "petani", &[7, 9]), RowHistory::default());
        assert_eq!(history(&releases, "buruh", &[5, 5]), RowHistory::default());
    }

    #[test]
    fn every_version_of_the_as_of_counts_and_no_other_as_of_or_table() {
        let correction = "sector,sector_name,members_current,members_ever,member_months\n\
            nelayan,Nelayan,,,\nojek,Ojek,,,\npetani,Petani,6,8,41\n";
        let other_as_of = "sector,sector_name,members_current,members_ever,member_months\n\
            petani,Petani,,,\n";
        let releases = [
            release("2026-09-30", &[("coverage_by_sector.csv", other_as_of)]),
            release("2026-10-31", &[("coverage_by_sector.csv", FIRST)]),
            release("2026-10-31-r2", &[("coverage_by_sector.csv", correction)]),
            release("2026-10-31-r3", &[("summary.json", "{}")]),
        ];
        // Published in each version of 2026-10-31, hidden only in September's.
        assert!(!history(&releases, "petani", &[6, 8]).hidden);
        assert!(history(&releases, "petani", &[6, 8]).known);
        assert!(history(&releases, "petani", &[7, 8]).known);
    }

    #[test]
    fn claims_rows_are_named_by_code_and_benefit_and_known_by_their_count_alone() {
        let claims = "sector,sector_name,benefit,claims,amount\n\
            petani,Petani,JKK,6,9000000\npetani,Petani,JKM,,\n";
        let releases = [release("2026-10-31", &[("claims_by_sector.csv", claims)])];
        let as_of = Date::parse("2026-10-31").unwrap();
        let versions = PublishedVersions::of(&releases, as_of, CLAIMS_BY_SECTOR);
        // The amount may have changed: the 6 claims are public all the same.
        assert!(versions.history(&["petani", "JKK"], &[6]).known);
        assert!(versions.history(&["petani", "JKM"], &[6]).hidden);
    }
}
