//! The versions of the data readers can see: every recorded release and the
//! current data, each compared with the version before it of the same
//! program period, cell by published cell.
//!
//! Versions are compared by what was published (the text of each CSV
//! cell), not by the model: a release recorded by an older jaring is read
//! as readers downloaded it, and a suppressed cell is an empty one.

use std::collections::BTreeMap;

use crate::calendar::{Date, Month};
use crate::load::Program;
use crate::load::releases::{
    PublishedTable, RecordedRelease, ReleaseId, ReleaseRecord, is_figure_file,
};
use crate::model::Percent;

/// A version of the published data.
#[derive(Debug, Clone)]
pub struct Version {
    pub id: ReleaseId,
    /// How it was recorded; None for the current data, not recorded yet.
    pub record: Option<ReleaseRecord>,
    pub period: Period,
    pub headline: Headline,
    /// The version before it in the same program period.
    pub previous: Option<ReleaseId>,
    /// What changed since the previous version.
    pub changes: Changes,
    /// Its files under `data/rilis/<id>/` (recorded versions only).
    pub files: Vec<String>,
    /// Its published tables, by name.
    pub tables: BTreeMap<String, PublishedTable>,
}

impl Version {
    /// The release this version corrects: the one its record names, or,
    /// for current data not recorded yet under a correction's id, the
    /// release of its as_of whose figures it changes.
    pub fn corrects(&self) -> Option<ReleaseId> {
        match &self.record {
            Some(record) => record.corrects.as_deref().and_then(ReleaseId::parse),
            None => (self.id.revision > 1).then(|| ReleaseId {
                revision: self.id.revision - 1,
                ..self.id
            }),
        }
    }
}

/// A program period, as its first and last month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Period {
    pub start: Month,
    pub end: Month,
}

/// The figures a reader looks for first, as the version's summary.json
/// published them; None where it did not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headline {
    pub members_current: Option<u64>,
    pub members_ever: Option<u64>,
    pub target_members: Option<u64>,
    pub allocated: Option<i64>,
    pub paid: Option<i64>,
    /// Paid claims per benefit: (benefit, claims, amount).
    pub claims: Vec<(String, u64, i64)>,
}

impl Headline {
    fn from_summary(summary: &serde_json::Value) -> Headline {
        let count = |key: &str| summary.get(key).and_then(serde_json::Value::as_u64);
        let money = |key: &str| summary.get(key).and_then(serde_json::Value::as_i64);
        let claims = summary
            .get("claims")
            .and_then(serde_json::Value::as_object)
            .map(|benefits| {
                benefits
                    .iter()
                    .filter_map(|(benefit, figures)| {
                        Some((
                            benefit.clone(),
                            figures.get("claims")?.as_u64()?,
                            figures.get("amount")?.as_i64()?,
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Headline {
            members_current: count("members_current"),
            members_ever: count("members_ever"),
            target_members: count("target_members"),
            allocated: money("allocated"),
            paid: money("paid"),
            claims,
        }
    }

    /// Paid claims of every benefit together: (claims, amount); None when
    /// the summary published no claims (every program has a benefit).
    pub fn claims_paid(&self) -> Option<(u64, i64)> {
        (!self.claims.is_empty()).then(|| {
            self.claims
                .iter()
                .fold((0, 0), |(claims, amount), (_, count, paid)| {
                    (claims + count, amount + paid)
                })
        })
    }

    /// paid_pct as the contract defines it, from the published figures.
    pub fn paid_pct(&self) -> Option<Percent> {
        Percent::of(self.paid? as i128, self.allocated? as i128)
    }
}

/// How a version differs from the one before it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    /// Cells revised: a month's figure, or any figure of the same as_of.
    pub revised: usize,
    /// Cells of the tables that hold figures as of a date (sectors,
    /// districts), moved on to the new as_of.
    pub updated: usize,
    /// Rows whose key is new (a new month, a new code).
    pub new_rows: usize,
    /// Rows whose key is no longer published.
    pub removed_rows: usize,
}

/// Whether a changed cell revises a figure published before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// The same figure, published again with another value: a month's
    /// payment booked late, a count of the same as_of corrected.
    Revision,
    /// A figure as of a date, now as of a later one: the table moved on.
    Update,
}

impl ChangeKind {
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Revision => "revision",
            ChangeKind::Update => "update",
        }
    }
}

/// One published cell that changed between two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub release: ReleaseId,
    pub previous_release: ReleaseId,
    pub table: String,
    /// The row's key values, `/`-separated in the table's key order.
    pub key: String,
    pub column: String,
    /// As published: empty for a suppressed cell.
    pub old_value: String,
    pub new_value: String,
    pub kind: ChangeKind,
}

/// A published table's name and key columns.
pub type TableKey<'a> = (&'a str, &'a [&'a str]);

/// Every version, oldest first, and every cell that changed.
#[derive(Debug, Clone)]
pub struct History {
    pub versions: Vec<Version>,
    /// The version the site shows: its current data.
    pub current: ReleaseId,
    /// Sorted by release, table, key and column.
    pub revisions: Vec<Revision>,
}

impl History {
    /// `current_figures`: the figure files (see [`is_figure_file`]) the
    /// site publishes now, by name; `tables`: the published tables' keys.
    pub fn new(
        releases: &[RecordedRelease],
        program: &Program,
        current_figures: &[(String, Vec<u8>)],
        tables: &[TableKey],
    ) -> History {
        let current_id = current_id(program.as_of, releases, current_figures);
        let mut sources: Vec<(ReleaseId, Source)> = releases
            .iter()
            .map(|release| (release.id, Source::Recorded(release)))
            .collect();
        if !releases.iter().any(|release| release.id == current_id) {
            sources.push((current_id, Source::Current(program, current_figures)));
        }
        sources.sort_by_key(|(id, _)| *id);

        let mut versions: Vec<Version> = Vec::with_capacity(sources.len());
        let mut revisions = Vec::new();
        for (id, source) in &sources {
            let period = source.period();
            let tables_now: BTreeMap<String, PublishedTable> = tables
                .iter()
                .filter_map(|(name, _)| Some((name.to_string(), source.table(name)?)))
                .collect();
            let previous = versions
                .iter()
                .rposition(|version| version.period == period);
            let mut changes = Changes::default();
            if let Some(index) = previous {
                let before = &versions[index];
                for (name, key) in tables {
                    let (Some(old), Some(new)) = (before.tables.get(*name), tables_now.get(*name))
                    else {
                        continue;
                    };
                    let by_date = !key.contains(&"month") && before.id.as_of != id.as_of;
                    let kind = if by_date {
                        ChangeKind::Update
                    } else {
                        ChangeKind::Revision
                    };
                    let pair = TablePair {
                        name,
                        key,
                        old,
                        new,
                    };
                    pair.compare(before.id, *id, kind, &mut changes, &mut revisions);
                }
            }
            versions.push(Version {
                id: *id,
                record: source.record().cloned(),
                period,
                headline: source.headline(),
                previous: previous.map(|index| versions[index].id),
                changes,
                files: source.files(),
                tables: tables_now,
            });
        }
        revisions.sort_by(|a: &Revision, b: &Revision| {
            (a.release, &a.table, &a.key).cmp(&(b.release, &b.table, &b.key))
        });
        History {
            versions,
            current: current_id,
            revisions,
        }
    }

    pub fn current(&self) -> &Version {
        self.version(self.current)
            .expect("the current version is one of the versions")
    }

    pub fn version(&self, id: ReleaseId) -> Option<&Version> {
        self.versions.iter().find(|version| version.id == id)
    }

    /// The current data's revisions of figures published before: the
    /// cells a table marks as revised.
    pub fn current_revisions(&self) -> impl Iterator<Item = &Revision> {
        self.revisions.iter().filter(|revision| {
            revision.release == self.current && revision.kind == ChangeKind::Revision
        })
    }

    /// Whether the current data revise this cell of a published table.
    pub fn is_revised(&self, table: &str, key: &str, column: &str) -> bool {
        let row = (self.current, table, key);
        let start = self
            .revisions
            .partition_point(|r| (r.release, r.table.as_str(), r.key.as_str()) < row);
        self.revisions[start..]
            .iter()
            .take_while(|r| (r.release, r.table.as_str(), r.key.as_str()) == row)
            .any(|r| r.column == column && r.kind == ChangeKind::Revision)
    }

    /// Every version by program period, newest first: the current
    /// period's first (with any version whose period had not ended when the
    /// current one began, such as one recorded before the period was
    /// changed), then each earlier period's.
    pub fn by_period(&self) -> Vec<(Period, Vec<&Version>)> {
        let current = self.current().period;
        let is_earlier = |period: Period| period.end < current.start;
        let mut groups: Vec<(Period, Vec<&Version>)> = vec![(current, Vec::new())];
        let mut earlier: Vec<&Version> = Vec::new();
        for version in self.versions.iter().rev() {
            if is_earlier(version.period) {
                earlier.push(version);
            } else {
                groups[0].1.push(version);
            }
        }
        // Earlier periods newest first, each version newest first.
        earlier.sort_by_key(|version| std::cmp::Reverse((version.period, version.id)));
        for version in earlier {
            match groups.last_mut() {
                Some((period, versions)) if *period == version.period => versions.push(version),
                _ => groups.push((version.period, vec![version])),
            }
        }
        groups
    }

    /// The final version of each earlier program period, newest first.
    pub fn past_years(&self) -> Vec<&Version> {
        let current = self.current().period;
        let mut finals: Vec<&Version> = Vec::new();
        for version in self.versions.iter().rev() {
            if version.period.end < current.start
                && !finals.iter().any(|seen| seen.period == version.period)
            {
                finals.push(version);
            }
        }
        finals
    }
}

/// The id the current data have: the newest release of their as_of when
/// its figures are the same, else the id `jaring release` would record
/// them under (a correction when that as_of was released already).
fn current_id(
    as_of: Date,
    releases: &[RecordedRelease],
    current_figures: &[(String, Vec<u8>)],
) -> ReleaseId {
    let newest = releases
        .iter()
        .filter(|release| release.id.as_of == as_of)
        .max_by_key(|release| release.id.revision);
    match newest {
        None => ReleaseId { as_of, revision: 1 },
        Some(release) if same_figures(release, current_figures) => release.id,
        Some(release) => release.id.correction(),
    }
}

/// Whether a release published exactly these figure files.
pub fn same_figures(release: &RecordedRelease, figures: &[(String, Vec<u8>)]) -> bool {
    let recorded: Vec<(&str, &[u8])> = release
        .files
        .iter()
        .filter(|(name, _)| is_figure_file(name))
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    let mut now: Vec<(&str, &[u8])> = figures
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    now.sort_unstable();
    recorded == now
}

/// Where a version's figures come from.
enum Source<'a> {
    Recorded(&'a RecordedRelease),
    Current(&'a Program, &'a [(String, Vec<u8>)]),
}

impl Source<'_> {
    fn file(&self, name: &str) -> Option<&[u8]> {
        match self {
            Source::Recorded(release) => release.file(name),
            Source::Current(_, figures) => figures
                .iter()
                .find(|(file, _)| file == name)
                .map(|(_, bytes)| bytes.as_slice()),
        }
    }

    fn table(&self, name: &str) -> Option<PublishedTable> {
        PublishedTable::parse(self.file(&format!("{name}.csv"))?)
    }

    fn headline(&self) -> Headline {
        self.file("summary.json")
            .and_then(|bytes| serde_json::from_slice(bytes).ok())
            .map(|summary| Headline::from_summary(&summary))
            .unwrap_or_default()
    }

    fn period(&self) -> Period {
        match self {
            Source::Current(program, _) => Period {
                start: program.start,
                end: program.end,
            },
            Source::Recorded(release) => {
                let month = |text: &str| Month::parse(text);
                let record = &release.record;
                match (month(&record.period_start), month(&record.period_end)) {
                    (Some(start), Some(end)) => Period { start, end },
                    // A record whose period cannot be read is a period of
                    // its own: compared with no other version.
                    _ => Period {
                        start: release.id.as_of.month(),
                        end: release.id.as_of.month(),
                    },
                }
            }
        }
    }

    fn record(&self) -> Option<&ReleaseRecord> {
        match self {
            Source::Recorded(release) => Some(&release.record),
            Source::Current(..) => None,
        }
    }

    fn files(&self) -> Vec<String> {
        match self {
            Source::Recorded(release) => {
                release.files.iter().map(|(name, _)| name.clone()).collect()
            }
            Source::Current(..) => Vec::new(),
        }
    }
}

/// One table in two consecutive versions.
struct TablePair<'a> {
    name: &'a str,
    key: &'a [&'a str],
    old: &'a PublishedTable,
    new: &'a PublishedTable,
}

impl TablePair<'_> {
    fn compare(
        &self,
        previous: ReleaseId,
        release: ReleaseId,
        kind: ChangeKind,
        changes: &mut Changes,
        revisions: &mut Vec<Revision>,
    ) {
        let old_rows = keyed(self.old, self.key);
        let new_rows = keyed(self.new, self.key);
        changes.new_rows += new_rows
            .keys()
            .filter(|key| !old_rows.contains_key(*key))
            .count();
        changes.removed_rows += old_rows
            .keys()
            .filter(|key| !new_rows.contains_key(*key))
            .count();
        for (key, new_row) in &new_rows {
            let Some(old_row) = old_rows.get(key) else {
                continue;
            };
            for (new_index, column) in self.new.columns.iter().enumerate() {
                if self.key.contains(&column.as_str()) {
                    continue;
                }
                let Some(old_index) = self.old.column(column) else {
                    continue;
                };
                let (old_value, new_value) = (&old_row[old_index], &new_row[new_index]);
                if old_value == new_value {
                    continue;
                }
                match kind {
                    ChangeKind::Revision => changes.revised += 1,
                    ChangeKind::Update => changes.updated += 1,
                }
                revisions.push(Revision {
                    release,
                    previous_release: previous,
                    table: self.name.to_string(),
                    key: key.clone(),
                    column: column.clone(),
                    old_value: old_value.clone(),
                    new_value: new_value.clone(),
                    kind,
                });
            }
        }
    }
}

/// A table's rows by their key values joined with `/`; rows too short for
/// their header or lacking a key column are not compared.
fn keyed<'t>(table: &'t PublishedTable, key: &[&str]) -> BTreeMap<String, &'t Vec<String>> {
    let Some(indices) = key
        .iter()
        .map(|name| table.column(name))
        .collect::<Option<Vec<usize>>>()
    else {
        return BTreeMap::new();
    };
    table
        .rows
        .iter()
        .filter(|row| row.len() == table.columns.len())
        .map(|row| {
            let values: Vec<&str> = indices.iter().map(|&i| row[i].as_str()).collect();
            (values.join("/"), row)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(columns: &[&str], rows: &[&[&str]]) -> PublishedTable {
        PublishedTable {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: rows
                .iter()
                .map(|row| row.iter().map(|c| c.to_string()).collect())
                .collect(),
        }
    }

    fn id(text: &str) -> ReleaseId {
        ReleaseId::parse(text).unwrap()
    }

    #[test]
    fn a_pair_of_tables_lists_changed_cells_and_counts_new_and_removed_rows() {
        let old = table(
            &["sector", "benefit", "claims"],
            &[&["a", "JKK", "5"], &["b", "JKK", ""], &["c", "JKK", "7"]],
        );
        let new = table(
            &["sector", "benefit", "claims"],
            &[&["a", "JKK", "6"], &["b", "JKK", ""], &["d", "JKK", "9"]],
        );
        let pair = TablePair {
            name: "claims_by_sector",
            key: &["sector", "benefit"],
            old: &old,
            new: &new,
        };
        let (mut changes, mut revisions) = (Changes::default(), Vec::new());
        let (before, after) = (id("2026-09-30"), id("2026-09-30-r2"));
        pair.compare(
            before,
            after,
            ChangeKind::Revision,
            &mut changes,
            &mut revisions,
        );
        assert_eq!(
            changes,
            Changes {
                revised: 1,
                updated: 0,
                new_rows: 1,
                removed_rows: 1
            }
        );
        assert_eq!(
            revisions,
            [Revision {
                release: after,
                previous_release: before,
                table: "claims_by_sector".into(),
                key: "a/JKK".into(),
                column: "claims".into(),
                old_value: "5".into(),
                new_value: "6".into(),
                kind: ChangeKind::Revision,
            }]
        );
    }

    #[test]
    fn a_table_without_its_key_columns_is_not_compared() {
        let old = table(&["code", "claims"], &[&["a", "5"]]);
        assert!(keyed(&old, &["sector"]).is_empty());
        let short = table(&["sector", "claims"], &[&["a"]]);
        assert!(keyed(&short, &["sector"]).is_empty());
    }

    fn version(id: &str, record: Option<ReleaseRecord>) -> Version {
        let month = Month::parse("2026-01").unwrap();
        in_period(id, record, (month, month))
    }

    fn in_period(id: &str, record: Option<ReleaseRecord>, (start, end): (Month, Month)) -> Version {
        Version {
            id: ReleaseId::parse(id).unwrap(),
            record,
            period: Period { start, end },
            headline: Headline::default(),
            previous: None,
            changes: Changes::default(),
            files: Vec::new(),
            tables: BTreeMap::new(),
        }
    }

    fn record(id: &str, corrects: Option<&str>) -> ReleaseRecord {
        ReleaseRecord {
            corrects: corrects.map(str::to_string),
            reason: corrects.map(|_| "a payment booked late".to_string()),
            ..ReleaseRecord::of_2026(id)
        }
    }

    #[test]
    fn a_correction_names_the_release_it_corrects() {
        let first = ReleaseId::parse("2026-01-31").unwrap();
        let recorded = version(
            "2026-01-31-r2",
            Some(record("2026-01-31-r2", Some("2026-01-31"))),
        );
        assert_eq!(recorded.corrects(), Some(first));
        // Current data that differ from the release of their as_of correct
        // it, though no record says so yet.
        assert_eq!(version("2026-01-31-r2", None).corrects(), Some(first));
        assert_eq!(version("2026-01-31", None).corrects(), None);
        let plain = version("2026-01-31", Some(record("2026-01-31", None)));
        assert_eq!(plain.corrects(), None);
    }

    #[test]
    fn versions_are_grouped_by_period_the_current_first_newest_first() {
        let year = |year: u32| (Month::new(year, 1).unwrap(), Month::new(year, 12).unwrap());
        let ids = |versions: &[&Version]| -> Vec<String> {
            versions
                .iter()
                .map(|version| version.id.to_string())
                .collect()
        };
        // Oldest first, as History keeps them; one version of 2026 was
        // recorded while the period still ended in June.
        let june = (Month::new(2026, 1).unwrap(), Month::new(2026, 6).unwrap());
        let mut versions = vec![
            in_period("2024-12-31", None, year(2024)),
            in_period("2025-06-30", None, year(2025)),
            in_period("2025-12-31", None, year(2025)),
            in_period("2025-12-31-r2", None, year(2025)),
            in_period("2026-03-31", None, june),
            in_period("2026-04-30", None, year(2026)),
        ];
        versions.sort_by_key(|version| version.id);
        let history = History {
            current: versions.last().unwrap().id,
            versions,
            revisions: Vec::new(),
        };
        let groups = history.by_period();
        let shown: Vec<(Period, Vec<String>)> = groups
            .iter()
            .map(|(period, versions)| (*period, ids(versions)))
            .collect();
        let period = |(start, end): (Month, Month)| Period { start, end };
        assert_eq!(
            shown,
            [
                (
                    period(year(2026)),
                    vec!["2026-04-30".into(), "2026-03-31".into()]
                ),
                (
                    period(year(2025)),
                    vec![
                        "2025-12-31-r2".into(),
                        "2025-12-31".into(),
                        "2025-06-30".into()
                    ]
                ),
                (period(year(2024)), vec!["2024-12-31".to_string()]),
            ]
        );
    }

    #[test]
    fn claims_paid_adds_every_benefit_and_knows_when_none_were_published() {
        let headline = Headline {
            claims: vec![("JKK".into(), 3, 30_000), ("JKM".into(), 1, 42_000)],
            ..Headline::default()
        };
        assert_eq!(headline.claims_paid(), Some((4, 72_000)));
        assert_eq!(Headline::default().claims_paid(), None);
    }
}
