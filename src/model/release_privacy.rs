//! A recorded release is published again as it is, and its checksums show
//! only that its files are as recorded, not that jaring recorded them: a
//! release made or changed by hand could show a small cell. Its breakdown
//! tables are read here for what suppression never publishes.

use std::collections::{BTreeMap, HashSet};

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

const HINT: &str = "a release jaring records today never holds this: this one was made or changed by hand, or recorded by an older jaring. Take it out of releases/ (version control keeps it) and record the data with `jaring release`";

/// Every count of people a release shows, or lets a reader work out, that
/// is at least 1 and below the min_cell the release was recorded under
/// (the larger of its release.toml's and its summary.json's, and at least
/// 3, the smallest a site may set):
///
/// - a count shown in a row of a breakdown table;
/// - the sum of the rows a table hides (for claims tables: of one benefit),
///   which is the release's own total in summary.json less the rows shown;
/// - hidden rows holding, in the count that ranks them, as many people as
///   they are rows: one each, as every hidden row holds someone.
///
/// The hidden rows are not judged where an earlier release of the same
/// as_of published one of them: suppression runs over the versions of an
/// as_of together (see [`super::versions`]), so such a row may be known.
/// A table jaring would not have written (not comma-separated, a row longer
/// or shorter than its header, a column missing, a count that is not
/// digits) is an error too, since it could not be judged.
pub fn small_cells(releases: &[RecordedRelease]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for release in releases {
        let summary = release.summary();
        let recorded = summary
            .as_ref()
            .and_then(|summary| summary.get("min_cell")?.as_u64());
        let min_cell = [release.record.min_cell, recorded]
            .into_iter()
            .flatten()
            .fold(MIN_CELL_FLOOR as u64, u64::max);
        for breakdown in CHECKED {
            let name = format!("{}.csv", breakdown.name);
            let Some(bytes) = release.file(&name) else {
                continue;
            };
            let path = format!("{RELEASES_FOLDER}/{}/{name}", release.id);
            let unreadable =
                |message: String| Diagnostic::error(Place::file(&path), message).with_hint(HINT);
            let Some(table) = PublishedTable::parse(bytes) else {
                found.push(unreadable(
                    "this table cannot be read as jaring writes it: comma-separated, every row as long as its header".into(),
                ));
                continue;
            };
            let columns = match Columns::of(&table, breakdown) {
                Ok(columns) => columns,
                Err(missing) => {
                    found.push(unreadable(format!(
                        "this table lacks the column {missing} jaring writes in it"
                    )));
                    continue;
                }
            };
            let checked = CheckedTable {
                table: &table,
                columns: &columns,
                path: &path,
                min_cell,
            };
            let malformed = checked.malformed_counts();
            if !malformed.is_empty() {
                found.extend(malformed);
                continue;
            }
            let shown_earlier = shown_rows(
                releases
                    .iter()
                    .filter(|other| other.id.as_of == release.id.as_of && other.id < release.id),
                breakdown,
            );
            found.extend(checked.shown_small());
            found.extend(checked.hidden_small(summary.as_ref(), breakdown, &shown_earlier));
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
    /// The count that ranks complementary suppression, among `counts`.
    rank: Option<usize>,
}

impl Columns {
    /// The name of a column the table lacks, if any.
    fn of(table: &PublishedTable, breakdown: Breakdown) -> Result<Columns, &'static str> {
        let find = |name: &'static str| table.column(name).ok_or(name);
        let counts: Vec<(usize, &'static str)> = breakdown
            .counts
            .iter()
            .map(|&name| find(name).map(|column| (column, name)))
            .collect::<Result<_, _>>()?;
        Ok(Columns {
            key: breakdown
                .key
                .iter()
                .map(|&name| find(name))
                .collect::<Result<_, _>>()?,
            rank: breakdown
                .rank
                .and_then(|rank| counts.iter().position(|&(_, name)| name == rank)),
            counts,
        })
    }

    /// The cells naming `row`.
    fn key(&self, row: &[String]) -> Vec<String> {
        self.key
            .iter()
            .map(|&column| row.get(column).cloned().unwrap_or_default())
            .collect()
    }
}

/// A count cell's number; None when it is hidden (empty).
fn count(row: &[String], column: usize) -> Option<u64> {
    row.get(column)?.parse().ok()
}

/// One breakdown table of a release, with what it is judged by.
struct CheckedTable<'a> {
    table: &'a PublishedTable,
    columns: &'a Columns,
    path: &'a str,
    min_cell: u64,
}

impl CheckedTable<'_> {
    /// Every count cell that is neither empty nor a number in digits, as
    /// jaring writes them, at its cell.
    fn malformed_counts(&self) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        for (index, row) in self.table.rows.iter().enumerate() {
            for &(column, name) in &self.columns.counts {
                let cell = row.get(column).map_or("", String::as_str);
                if cell.is_empty()
                    || count(row, column).is_some() && cell.bytes().all(|b| b.is_ascii_digit())
                {
                    continue;
                }
                found.push(
                    Diagnostic::error(
                        Place::position(self.path, index + 2, column + 1),
                        format!("{name} is written '{cell}': jaring writes a count as digits only, and leaves a hidden one empty"),
                    )
                    .with_hint(HINT),
                );
            }
        }
        found
    }

    /// Every count shown in [1, min_cell), at its cell.
    fn shown_small(&self) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        for (index, row) in self.table.rows.iter().enumerate() {
            for &(column, name) in &self.columns.counts {
                let Some(count) = count(row, column).filter(|&c| is_small(c, self.min_cell)) else {
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
    /// otherwise) whose hidden rows a reader can work out by the release's
    /// own total; reported at the group's first hidden row.
    fn hidden_small(
        &self,
        summary: Option<&serde_json::Value>,
        breakdown: Breakdown,
        shown_earlier: &HashSet<Vec<String>>,
    ) -> Vec<Diagnostic> {
        let Some(summary) = summary else {
            return Vec::new();
        };
        let mut groups: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
        for (index, row) in self.table.rows.iter().enumerate() {
            groups
                .entry(self.columns.key(row)[1..].to_vec())
                .or_default()
                .push(index);
        }
        let mut found = Vec::new();
        for (group, rows) in groups {
            for (position, &(column, name)) in self.columns.counts.iter().enumerate() {
                let count_of = |index: usize| count(&self.table.rows[index], column);
                let hidden: Vec<usize> = rows
                    .iter()
                    .copied()
                    .filter(|&index| count_of(index).is_none())
                    .collect();
                // Every row hidden leaves the total, which is published as it is.
                if hidden.is_empty() || hidden.len() == rows.len() {
                    continue;
                }
                let Some(total) = breakdown.total(summary, name, &group) else {
                    continue;
                };
                let Some(shown) = rows
                    .iter()
                    .filter_map(|&index| count_of(index))
                    .try_fold(0u64, u64::checked_add)
                else {
                    continue;
                };
                let Some(hidden_sum) = total.checked_sub(shown) else {
                    continue;
                };
                let one_each =
                    self.columns.rank == Some(position) && hidden_sum == hidden.len() as u64;
                let message = if is_small(hidden_sum, self.min_cell) {
                    format!(
                        "the rows this release hides hold {hidden_sum} {name} together (summary.json's {total} less the {shown} shown), below the min_cell of {} it was recorded under: a reader can work them out",
                        self.min_cell
                    )
                } else if one_each {
                    format!(
                        "the {hidden_sum} rows this release hides hold {hidden_sum} {name} together (summary.json's {total} less the {shown} shown): one each, as every hidden row holds someone"
                    )
                } else {
                    continue;
                };
                if hidden.iter().any(|&index| {
                    shown_earlier.contains(&self.columns.key(&self.table.rows[index]))
                }) {
                    continue;
                }
                let place = Place::position(self.path, hidden[0] + 2, column + 1);
                found.push(Diagnostic::error(place, message).with_hint(HINT));
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
                let csv = count(row, column);
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
                        self.columns.key(row).join(" "),
                    )));
                }
            }
        }
        found
    }
}

/// The keys of the rows `releases` show a count of, in their `breakdown`
/// table: read once per table checked, not once per hidden row.
fn shown_rows<'a>(
    releases: impl Iterator<Item = &'a RecordedRelease>,
    breakdown: Breakdown,
) -> HashSet<Vec<String>> {
    let mut shown = HashSet::new();
    for table in releases.filter_map(|release| release.table(breakdown.name)) {
        let Ok(columns) = Columns::of(&table, breakdown) else {
            continue;
        };
        for row in &table.rows {
            if columns
                .counts
                .iter()
                .any(|&(column, _)| count(row, column).is_some())
            {
                shown.insert(columns.key(row));
            }
        }
    }
    shown
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
    fn a_table_jaring_would_not_have_written_is_refused_rather_than_passed() {
        let header = "sector,sector_name,members_current,members_ever,member_months\n";
        for (table, expected) in [
            (
                format!("{header}nelayan,Nelayan,2.0,2.0,10\npetani,Petani,18,22,90\n"),
                "releases/2026-10-31/coverage_by_sector.csv:2:3: error: members_current is written '2.0': jaring writes a count as digits only",
            ),
            (
                format!("{header}nelayan,Nelayan, 2,2,10\npetani,Petani,18,22,90\n"),
                "releases/2026-10-31/coverage_by_sector.csv:2:3: error: members_current is written ' 2'",
            ),
            (
                format!("{header}nelayan,Nelayan,2,2,10\nx\n"),
                "releases/2026-10-31/coverage_by_sector.csv: error: this table cannot be read as jaring writes it",
            ),
            (
                header.replace(',', ";") + "nelayan;Nelayan;2;2;10\n",
                "releases/2026-10-31/coverage_by_sector.csv: error: this table lacks the column members_current jaring writes in it",
            ),
            (
                header.replace("members_ever", "members_evr") + "nelayan,Nelayan,2,2,10\n",
                "releases/2026-10-31/coverage_by_sector.csv: error: this table lacks the column members_ever",
            ),
        ] {
            let found = printed(&[sectors_release(Some(5), &table)]);
            assert!(
                found
                    .first()
                    .is_some_and(|first| first.starts_with(expected)),
                "{table}: {found:?}"
            );
        }
    }

    #[test]
    fn the_larger_min_cell_of_the_record_and_the_summary_judges() {
        let sectors = "sector,sector_name,members_current,members_ever,member_months\n\
            nelayan,Nelayan,4,4,10\npetani,Petani,16,20,90\n";
        let summary = SUMMARY.replace('{', r#"{"min_cell": 5, "#);
        let release = |min_cell| {
            release(
                "2026-10-31",
                min_cell,
                &[
                    ("coverage_by_sector.csv", sectors),
                    ("summary.json", &summary),
                ],
            )
        };
        // summary.json, checksummed, says 5: a record lowered to 3 changes nothing.
        assert_eq!(printed(&[release(Some(3))]).len(), 2);
        assert_eq!(printed(&[release(None)]).len(), 2);
    }

    #[test]
    fn only_an_earlier_version_of_the_as_of_makes_a_hidden_row_known() {
        // The first release hides nelayan and ojek, 4 together; a later,
        // hand-made one shows ojek: it cannot excuse the first.
        let first = "sector,sector_name,members_current,members_ever,member_months\n\
            nelayan,Nelayan,,,\nojek,Ojek,,,\npetani,Petani,16,20,90\n";
        let later = first.replace("ojek,Ojek,,,", "ojek,Ojek,2,2,8");
        let releases = [
            sectors_release(Some(5), first),
            release(
                "2026-10-31-r2",
                Some(5),
                &[
                    ("coverage_by_sector.csv", &later),
                    ("summary.json", SUMMARY),
                ],
            ),
        ];
        let found = printed(&releases);
        assert!(
            found.iter().any(|line| line.starts_with(
                "releases/2026-10-31/coverage_by_sector.csv:2:3: error: the rows this release hides hold 4 members_current"
            )),
            "{found:?}"
        );
    }

    #[test]
    fn hidden_rows_holding_one_each_are_refused() {
        // Six districts hide six claims of JKM: one death in each.
        let mut claims = String::from("district,district_name,benefit,claims,amount\n");
        for district in 1..=6 {
            claims += &format!("36.02.0{district},D{district},JKM,,\n");
        }
        claims += "36.02.10,D10,JKM,0,0\n36.02.11,D11,JKM,0,0\n";
        let summary = r#"{"claims": {"JKM": {"claims": 6, "amount": 252000000}}}"#;
        let releases = [release(
            "2026-10-31",
            Some(5),
            &[
                ("claims_by_district.csv", &claims),
                ("summary.json", summary),
            ],
        )];
        let found = printed(&releases);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with(
                "releases/2026-10-31/claims_by_district.csv:2:4: error: the 6 rows this release hides hold 6 claims together (summary.json's 6 less the 0 shown): one each"
            ),
            "{found:?}"
        );
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
