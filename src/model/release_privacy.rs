//! A recorded release is published again as it is, and its checksums show
//! only that its files are as recorded, not that jaring recorded them: a
//! release made or changed by hand could show a small cell. Its breakdown
//! tables are read here for what suppression never publishes.

use std::collections::BTreeMap;

use super::suppress::is_small;
use super::versions::{
    Breakdown, CLAIMS_BY_DISTRICT, CLAIMS_BY_SECTOR, COVERAGE_BY_DISTRICT, COVERAGE_BY_SECTOR,
    COVERAGE_RATE_BY_DISTRICT,
};
use crate::diag::{Diagnostic, Place};
use crate::load::RELEASES_FOLDER;
use crate::load::config::MIN_CELL_FLOOR;
use crate::load::releases::{PublishedTable, RecordedRelease};

/// The tables whose rows a release suppresses.
const CHECKED: [Breakdown; 5] = [
    COVERAGE_BY_SECTOR,
    COVERAGE_BY_DISTRICT,
    COVERAGE_RATE_BY_DISTRICT,
    CLAIMS_BY_SECTOR,
    CLAIMS_BY_DISTRICT,
];

const HINT: &str = "a release jaring records never shows this: this one was made or changed by hand. Take it out of releases/ (version control keeps it) and record the data with `jaring release`";

/// Every count of people a release shows, or lets a reader work out, that
/// is at least 1 and below the min_cell the release was recorded under (its
/// release.toml's; the smallest a site may set, 3, for a release recorded
/// before jaring wrote it there):
///
/// - a count shown in a row of a breakdown table;
/// - the sum of the rows a table hides (for claims tables: of one benefit),
///   which is the release's own total in summary.json less the rows shown.
///   Not judged where another release of the same as_of published one of
///   the hidden rows: suppression runs over the versions of an as_of
///   together (see [`super::versions`]), so such a row may be known.
pub fn small_cells(releases: &[RecordedRelease]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for release in releases {
        let min_cell = release
            .record
            .min_cell
            .unwrap_or(0)
            .max(MIN_CELL_FLOOR as u64);
        let summary = release.summary();
        for breakdown in CHECKED {
            let Some(table) = release.table(breakdown.name) else {
                continue;
            };
            let Some(columns) = Columns::of(&table, breakdown) else {
                continue;
            };
            let path = format!("{RELEASES_FOLDER}/{}/{}.csv", release.id, breakdown.name);
            let published_elsewhere = |key: &[String]| {
                releases
                    .iter()
                    .filter(|other| other.id != release.id && other.id.as_of == release.id.as_of)
                    .filter_map(|other| other.table(breakdown.name))
                    .any(|other| shows_row(&other, breakdown, key))
            };
            let checked = CheckedTable {
                table: &table,
                columns: &columns,
                path: &path,
                min_cell,
            };
            found.extend(checked.shown_small());
            found.extend(checked.hidden_small(summary.as_ref(), breakdown, &published_elsewhere));
            let twin = format!("{}.json", breakdown.name);
            if let Some(json) = release.file(&twin) {
                let twin_path = format!("{RELEASES_FOLDER}/{}/{twin}", release.id);
                found.extend(checked.twin_differences(json, &twin_path));
            }
        }
    }
    found
}

/// Where a breakdown's key and counts are in a published table.
struct Columns {
    key: Vec<usize>,
    counts: Vec<(usize, &'static str)>,
}

impl Columns {
    /// None when the table lacks one of them (an older jaring's).
    fn of(table: &PublishedTable, breakdown: Breakdown) -> Option<Columns> {
        Some(Columns {
            key: breakdown
                .key
                .iter()
                .map(|name| table.column(name))
                .collect::<Option<_>>()?,
            counts: breakdown
                .counts
                .iter()
                .map(|&name| Some((table.column(name)?, name)))
                .collect::<Option<_>>()?,
        })
    }
}

/// One breakdown table of a release, with what it is judged by.
struct CheckedTable<'a> {
    table: &'a PublishedTable,
    columns: &'a Columns,
    path: &'a str,
    min_cell: u64,
}

impl CheckedTable<'_> {
    fn count(row: &[String], column: usize) -> Option<u64> {
        row.get(column)?.parse().ok()
    }

    fn key(&self, row: &[String]) -> Vec<String> {
        self.columns
            .key
            .iter()
            .map(|&column| row.get(column).cloned().unwrap_or_default())
            .collect()
    }

    /// Every count shown in [1, min_cell), at its cell.
    fn shown_small(&self) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        for (index, row) in self.table.rows.iter().enumerate() {
            for &(column, name) in &self.columns.counts {
                let Some(count) = Self::count(row, column).filter(|&c| is_small(c, self.min_cell))
                else {
                    continue;
                };
                // Line 1 is the header.
                let place = Place::position(self.path, index + 2, column + 1);
                found.push(
                    Diagnostic::error(
                        place,
                        format!(
                            "this release shows {name} {count}, below the min_cell of {} it was recorded under: a reader could single out who they are",
                            self.min_cell
                        ),
                    )
                    .with_hint(HINT),
                );
            }
        }
        found
    }

    /// Each group of rows (a claims table's benefit; the whole table
    /// otherwise) whose hidden rows sum to a small count, by the release's
    /// own total; reported at the group's first hidden row.
    fn hidden_small(
        &self,
        summary: Option<&serde_json::Value>,
        breakdown: Breakdown,
        published_elsewhere: &dyn Fn(&[String]) -> bool,
    ) -> Vec<Diagnostic> {
        let Some(summary) = summary else {
            return Vec::new();
        };
        let mut groups: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
        for (index, row) in self.table.rows.iter().enumerate() {
            groups
                .entry(self.key(row)[1..].to_vec())
                .or_default()
                .push(index);
        }
        let mut found = Vec::new();
        for (group, rows) in groups {
            for &(column, name) in &self.columns.counts {
                let count = |&index: &usize| Self::count(&self.table.rows[index], column);
                let hidden: Vec<usize> = rows
                    .iter()
                    .copied()
                    .filter(|index| count(index).is_none())
                    .collect();
                // Every row hidden leaves the total, which is published as it is.
                if hidden.is_empty() || hidden.len() == rows.len() {
                    continue;
                }
                let Some(total) = breakdown.total(summary, name, &group) else {
                    continue;
                };
                let shown: u64 = rows.iter().filter_map(count).sum();
                let Some(hidden_sum) = total.checked_sub(shown) else {
                    continue;
                };
                if !is_small(hidden_sum, self.min_cell)
                    || hidden
                        .iter()
                        .any(|&index| published_elsewhere(&self.key(&self.table.rows[index])))
                {
                    continue;
                }
                let place = Place::position(self.path, hidden[0] + 2, column + 1);
                found.push(
                    Diagnostic::error(
                        place,
                        format!(
                            "the rows this release hides hold {hidden_sum} {name} together (summary.json's {total} less the {shown} shown), below the min_cell of {} it was recorded under: a reader can work them out",
                            self.min_cell
                        ),
                    )
                    .with_hint(HINT),
                );
            }
        }
        found
    }
}

impl CheckedTable<'_> {
    /// Where the table's JSON twin, republished beside it, shows a count
    /// otherwise than the CSV the checks above read (a hidden cell shown, a
    /// number changed), at the twin's file.
    fn twin_differences(&self, json: &[u8], path: &str) -> Vec<Diagnostic> {
        let differ =
            |message: String| Diagnostic::error(Place::file(path), message).with_hint(HINT);
        let Ok(rows) =
            serde_json::from_slice::<Vec<serde_json::Map<String, serde_json::Value>>>(json)
        else {
            return vec![differ(
                "this table's JSON twin is not a list of rows".into(),
            )];
        };
        if rows.len() != self.table.rows.len() {
            return vec![differ(format!(
                "this file has {} rows where its CSV twin has {}",
                rows.len(),
                self.table.rows.len()
            ))];
        }
        let mut found = Vec::new();
        for (index, (object, row)) in rows.iter().zip(&self.table.rows).enumerate() {
            for &(column, name) in &self.columns.counts {
                let csv = Self::count(row, column);
                let value = object.get(name).unwrap_or(&serde_json::Value::Null);
                let same = match (csv, value) {
                    (None, serde_json::Value::Null) => true,
                    (Some(count), value) => value.as_u64() == Some(count),
                    (None, _) => false,
                };
                if !same {
                    const HIDDEN: &str = "nothing (hidden)";
                    let csv_shows = csv.map_or(HIDDEN.to_string(), |c| c.to_string());
                    let shows = if value.is_null() {
                        HIDDEN.to_string()
                    } else {
                        value.to_string()
                    };
                    found.push(differ(format!(
                        "row {} ({}) shows {name} {shows} where the CSV twin shows {csv_shows}",
                        index + 1,
                        self.key(row).join(" "),
                    )));
                }
            }
        }
        found
    }
}

/// Whether `table` shows the row named by `key`, a count of it at least.
fn shows_row(table: &PublishedTable, breakdown: Breakdown, key: &[String]) -> bool {
    let Some(columns) = Columns::of(table, breakdown) else {
        return false;
    };
    let checked = CheckedTable {
        table,
        columns: &columns,
        path: "",
        min_cell: 0,
    };
    table.rows.iter().any(|row| {
        checked.key(row) == key
            && columns
                .counts
                .iter()
                .any(|&(column, _)| CheckedTable::count(row, column).is_some())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::releases::{ReleaseId, ReleaseRecord};

    fn release(id: &str, min_cell: Option<u64>, files: &[(&str, &str)]) -> RecordedRelease {
        let id = ReleaseId::parse(id).unwrap();
        RecordedRelease {
            id,
            record: ReleaseRecord {
                min_cell,
                ..ReleaseRecord::of_2026(&id.to_string())
            },
            files: files
                .iter()
                .map(|(path, text)| (path.to_string(), text.as_bytes().to_vec()))
                .collect(),
        }
    }

    fn printed(releases: &[RecordedRelease]) -> Vec<String> {
        small_cells(releases)
            .iter()
            .map(|diagnostic| diagnostic.render(false))
            .collect()
    }

    /// A release of `coverage_by_sector.csv` and the summary below.
    fn sectors_release(min_cell: Option<u64>, sectors: &str) -> RecordedRelease {
        release(
            "2026-10-31",
            min_cell,
            &[
                ("coverage_by_sector.csv", sectors),
                ("summary.json", SUMMARY),
            ],
        )
    }

    const SUMMARY: &str = r#"{"members_current": 20, "members_ever": 24, "claims": {"JKK": {"claims": 9, "amount": 1}, "JKM": {"claims": 6, "amount": 1}}}"#;

    #[test]
    fn a_small_count_shown_is_refused_at_its_cell() {
        let sectors = "sector,sector_name,members_current,members_ever,member_months\n\
            nelayan,Nelayan,2,4,10\npetani,Petani,18,20,90\n";
        let releases = [sectors_release(Some(5), sectors)];
        let found = printed(&releases);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with(
                "releases/2026-10-31/coverage_by_sector.csv:2:3: error: this release shows members_current 2, below the min_cell of 5"
            ),
            "{found:?}"
        );
        assert!(found[1].starts_with("releases/2026-10-31/coverage_by_sector.csv:2:4:"));
    }

    #[test]
    fn a_release_is_judged_by_its_own_min_cell_and_at_least_by_three() {
        let sectors = "sector,sector_name,members_current,members_ever,member_months\n\
            nelayan,Nelayan,4,4,10\npetani,Petani,16,20,90\n";
        // Recorded under 3 (or before jaring wrote min_cell down): 4 is not small.
        assert!(printed(&[sectors_release(Some(3), sectors)]).is_empty());
        assert!(printed(&[sectors_release(None, sectors)]).is_empty());
        assert_eq!(printed(&[sectors_release(Some(5), sectors)]).len(), 2);
        // A record claiming 1 is judged by the floor all the same.
        let two = sectors.replace(",4,4,", ",2,4,");
        assert_eq!(printed(&[sectors_release(Some(1), &two)]).len(), 1);
    }

    #[test]
    fn hidden_rows_whose_sum_the_total_gives_away_are_refused() {
        // One row hidden: summary.json's 20 less the 18 shown is its 2.
        let sectors = "sector,sector_name,members_current,members_ever,member_months\n\
            nelayan,Nelayan,,,\npetani,Petani,18,18,90\n";
        let releases = [sectors_release(Some(5), sectors)];
        let found = printed(&releases);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with(
                "releases/2026-10-31/coverage_by_sector.csv:2:3: error: the rows this release hides hold 2 members_current together (summary.json's 20 less the 18 shown)"
            ),
            "{found:?}"
        );
        // members_ever's hidden 6 is not small.
        assert!(!found[0].contains("members_ever"));
    }

    #[test]
    fn claims_are_judged_within_each_benefit() {
        let claims = "sector,sector_name,benefit,claims,amount\n\
            nelayan,Nelayan,JKK,,\nnelayan,Nelayan,JKM,,\n\
            ojek,Ojek,JKK,,\nojek,Ojek,JKM,,\npetani,Petani,JKK,3,1\npetani,Petani,JKM,5,1\n";
        let releases = [release(
            "2026-10-31",
            Some(5),
            &[("claims_by_sector.csv", claims), ("summary.json", SUMMARY)],
        )];
        let found = printed(&releases);
        // JKK: 3 shown (small) and 9 - 3 = 6 hidden (fine); JKM: 6 - 5 = 1 hidden.
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with(
            "releases/2026-10-31/claims_by_sector.csv:6:4: error: this release shows claims 3"
        ));
        assert!(
            found[1].starts_with("releases/2026-10-31/claims_by_sector.csv:3:4: error: the rows this release hides hold 1 claims together"),
            "{found:?}"
        );
    }

    #[test]
    fn a_json_twin_showing_what_its_csv_hides_is_refused() {
        let sectors = "sector,sector_name,members_current,members_ever,member_months\n\
            nelayan,Nelayan,,,\nojek,Ojek,,,\npetani,Petani,14,18,90\n";
        let twin = |nelayan: &str| {
            format!(
                r#"[{{"sector":"nelayan","members_current":{nelayan},"members_ever":null,"member_months":null}},
                {{"sector":"ojek","members_current":null,"members_ever":null,"member_months":null}},
                {{"sector":"petani","members_current":14,"members_ever":18,"member_months":90}}]"#
            )
        };
        let with_twin = |json: &str| {
            release(
                "2026-10-31",
                Some(5),
                &[
                    ("coverage_by_sector.csv", sectors),
                    ("coverage_by_sector.json", json),
                    ("summary.json", SUMMARY),
                ],
            )
        };
        assert!(printed(&[with_twin(&twin("null"))]).is_empty());
        let found = printed(&[with_twin(&twin("2"))]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with(
                "releases/2026-10-31/coverage_by_sector.json: error: row 1 (nelayan) shows members_current 2 where the CSV twin shows nothing (hidden)"
            ),
            "{found:?}"
        );
        assert_eq!(printed(&[with_twin("[]")]).len(), 1);
        assert_eq!(printed(&[with_twin("{}")]).len(), 1);
    }

    #[test]
    fn what_jaring_publishes_passes() {
        // Hidden rows holding 0 or at least min_cell, every row hidden, no
        // summary to judge the hidden rows by.
        let sectors = "sector,sector_name,members_current,members_ever,member_months\n\
            nelayan,Nelayan,,,\nojek,Ojek,,,\npetani,Petani,14,18,90\nguru,Guru,0,0,0\n";
        let all_hidden = "sector,sector_name,benefit,claims,amount\n\
            nelayan,Nelayan,JKK,,\npetani,Petani,JKK,,\n";
        let releases = [
            release(
                "2026-10-31",
                Some(5),
                &[
                    ("coverage_by_sector.csv", sectors),
                    ("claims_by_sector.csv", all_hidden),
                    ("summary.json", SUMMARY),
                ],
            ),
            release(
                "2026-09-30",
                Some(5),
                &[(
                    "coverage_by_sector.csv",
                    &sectors.replace(",14,18,", ",18,22,"),
                )],
            ),
        ];
        assert!(printed(&releases).is_empty(), "{:?}", printed(&releases));
    }

    #[test]
    fn a_hidden_row_another_version_of_the_as_of_published_is_left_to_suppression() {
        // Published at 7 under min_cell 5; hidden alone by the correction,
        // recorded under 10: a known row, which hiding protects nothing.
        let first = "sector,sector_name,members_current,members_ever,member_months\n\
            nelayan,Nelayan,7,7,10\npetani,Petani,13,17,90\n";
        let correction = "sector,sector_name,members_current,members_ever,member_months\n\
            nelayan,Nelayan,,,\npetani,Petani,13,17,90\n";
        let releases = [
            release("2026-10-31", Some(5), &[("coverage_by_sector.csv", first)]),
            release(
                "2026-10-31-r2",
                Some(10),
                &[
                    ("coverage_by_sector.csv", correction),
                    ("summary.json", SUMMARY),
                ],
            ),
        ];
        assert!(printed(&releases).is_empty(), "{:?}", printed(&releases));
        // Alone, the correction's hidden 7 would be refused.
        assert_eq!(printed(&releases[1..]).len(), 2);
    }
}
