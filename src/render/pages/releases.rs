//! The Releases page (`rilis/`): every version of the data, newest first,
//! the current program period first and each earlier one in its own group.
//! A version shows its headline figures, what it corrected and why, what
//! changed since the version before it (the revised figures cell by cell)
//! and its files, frozen under `data/rilis/<id>/`.

use tera::Context;

use super::PageRenderer;
use crate::calendar::{Date, Month};
use crate::load::releases::ReleaseId;
use crate::model::{CoverageRow, Percent};
use crate::render::SiteLanguage;
use crate::render::files::data::{DataTable, Kind};
use crate::render::files::search::SearchText;
use crate::render::history::{ChangeKind, Period, Version};
use crate::render::sections::{Section, release_anchor};
use crate::render::views::{
    CellView, FactView, FileLinkView, LinkView, ReleaseGroupView, ReleaseView, TableView, header,
};

/// The kinds of file a release holds: the page lists the first ones in
/// this order, with what each holds, then the tables one by one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum ReleaseFile {
    Archive,
    Workbook,
    Report,
    Summary,
    Package,
    Checksums,
    Other,
    Table,
    TableJson,
}

impl ReleaseFile {
    fn of(name: &str) -> ReleaseFile {
        match name {
            "summary.json" => ReleaseFile::Summary,
            "datapackage.json" => ReleaseFile::Package,
            "checksums.sha256" => ReleaseFile::Checksums,
            _ if name.ends_with(".zip") => ReleaseFile::Archive,
            _ if name.ends_with(".xlsx") => ReleaseFile::Workbook,
            _ if name.ends_with(".pdf") => ReleaseFile::Report,
            _ if name.ends_with(".csv") => ReleaseFile::Table,
            _ if name.ends_with(".json") => ReleaseFile::TableJson,
            _ => ReleaseFile::Other,
        }
    }
}

impl PageRenderer<'_> {
    pub(super) fn releases(
        &self,
        context: &mut Context,
        search: &mut SearchText,
        tables: &[DataTable],
    ) {
        let t = self.strings;
        let root = self.root_of(&Section::Releases.path());
        let groups: Vec<ReleaseGroupView> = self
            .history
            .by_period()
            .into_iter()
            .enumerate()
            .map(|(index, (period, versions))| {
                let heading = if index == 0 {
                    "releases.period_current"
                } else {
                    "releases.period_past"
                };
                self.release_group(heading, period, &versions, tables, &root)
            })
            .collect();
        search.add(t.get("releases.intro"));
        for group in &groups {
            search.add(&group.heading);
            for release in &group.releases {
                search.add(&release.title);
                search.add(&release.id);
                search.add(release.note.as_deref().unwrap_or_default());
                search.add(release.reason.as_deref().unwrap_or_default());
            }
        }
        context.insert("groups", &groups);
    }

    fn release_group(
        &self,
        heading: &str,
        period: Period,
        versions: &[&Version],
        tables: &[DataTable],
        root: &str,
    ) -> ReleaseGroupView {
        let locale = self.locale;
        ReleaseGroupView {
            heading: self.strings.fill(
                heading,
                &[
                    ("start", &locale.month(period.start)),
                    ("end", &locale.month(period.end)),
                ],
            ),
            anchor: format!("periode-{}-{}", period.start, period.end),
            releases: versions
                .iter()
                .map(|version| self.release_view(version, tables, root))
                .collect(),
        }
    }

    fn release_view(&self, version: &Version, tables: &[DataTable], root: &str) -> ReleaseView {
        let t = self.strings;
        let history = self.history;
        let date = self.locale.date(version.id.as_of);
        let corrects = version.corrects();
        let title_key = if corrects.is_some() {
            "releases.correction_title"
        } else {
            "releases.version_title"
        };
        let record = version.record.as_ref();
        let (revised, revised_note) = self.revised_cells(version, tables);
        let (files, csv, json) = self.release_files(version, root);
        ReleaseView {
            anchor: release_anchor(version.id),
            id: version.id.to_string(),
            title: t.fill(title_key, &[("date", &date)]),
            recorded: record.map(|record| {
                let when = Date::parse(record.recorded_at.get(..10).unwrap_or_default())
                    .map_or_else(|| record.recorded_at.clone(), |day| self.locale.date(day));
                t.fill("releases.recorded_on", &[("date", &when)])
            }),
            current: version.id == history.current,
            note: record.and_then(|record| record.note.clone()),
            corrects: corrects.map(|id| self.version_link(id)),
            reason: record.and_then(|record| record.reason.clone()),
            corrected_by: history
                .versions
                .iter()
                .filter(|later| later.corrects() == Some(version.id))
                .map(|later| self.version_link(later.id))
                .collect(),
            figures: self.headline_facts(version),
            previous: version.previous.map(|id| self.version_link(id)),
            changes: self.changes(version),
            revised,
            revised_note,
            files,
            csv,
            json,
        }
    }

    /// A version by its date and id, linked to its place on the page when
    /// the site has it.
    fn version_link(&self, id: ReleaseId) -> LinkView {
        LinkView {
            label: self.strings.fill(
                "releases.version_label",
                &[
                    ("date", &self.locale.date(id.as_of)),
                    ("id", &id.to_string()),
                ],
            ),
            href: self
                .history
                .version(id)
                .map_or_else(String::new, |_| format!("#{}", release_anchor(id))),
        }
    }

    /// Members covered, contributions paid against the allocation, and
    /// claims paid, as the version's summary.json published them.
    fn headline_facts(&self, version: &Version) -> Vec<FactView> {
        let (t, locale) = (self.strings, self.locale);
        let headline = &version.headline;
        let missing = || t.get("site.missing_value").to_string();
        let claims = headline.claims_paid();
        vec![
            FactView {
                label: t.get("releases.members").to_string(),
                value: headline
                    .members_current
                    .map_or_else(missing, |members| locale.count(members)),
                detail: headline
                    .target_members
                    .map(|target| {
                        t.fill(
                            "releases.members_detail",
                            &[("target", &locale.count(target))],
                        )
                    })
                    .unwrap_or_default(),
            },
            FactView {
                label: t.get("releases.paid").to_string(),
                value: headline
                    .paid
                    .map_or_else(missing, |paid| locale.money(paid)),
                detail: match (headline.paid_pct(), headline.allocated) {
                    (Some(pct), Some(allocated)) => t.fill(
                        "releases.paid_detail",
                        &[
                            ("pct", &locale.percent_fixed(pct)),
                            ("allocated", &locale.money(allocated)),
                        ],
                    ),
                    _ => String::new(),
                },
            },
            FactView {
                label: t.get("releases.claims").to_string(),
                value: claims.map_or_else(missing, |(count, _)| locale.count(count)),
                detail: claims
                    .map(|(_, amount)| {
                        t.fill(
                            "releases.claims_detail",
                            &[("amount", &locale.money(amount))],
                        )
                    })
                    .unwrap_or_default(),
            },
        ]
    }

    /// What changed since the previous version, one line per kind of
    /// change that happened.
    fn changes(&self, version: &Version) -> Vec<String> {
        let changes = version.changes;
        [
            ("releases.changes_revised", changes.revised),
            ("releases.changes_new_rows", changes.new_rows),
            ("releases.changes_updated", changes.updated),
            ("releases.changes_removed_rows", changes.removed_rows),
        ]
        .into_iter()
        .filter(|(_, count)| *count > 0)
        .map(|(key, count)| {
            self.strings
                .fill(key, &[("count", &self.locale.count(count as u64))])
        })
        .collect()
    }

    /// The figures published before that this version revises, one table
    /// per published table, as readers read them (a month's name, Rupiah,
    /// a suppressed cell's mark), and the note on suppressed cells when one
    /// is among them.
    fn revised_cells(
        &self,
        version: &Version,
        tables: &[DataTable],
    ) -> (Vec<TableView>, Option<String>) {
        let t = self.strings;
        // Revisions come sorted by release and table: a table's cells are
        // side by side.
        let mut revised: Vec<(&str, Vec<Vec<CellView>>)> = Vec::new();
        for revision in self.history.revisions.iter().filter(|revision| {
            revision.release == version.id && revision.kind == ChangeKind::Revision
        }) {
            let table = tables.iter().find(|table| table.name() == revision.table);
            let kind = table.and_then(|table| {
                table
                    .columns
                    .iter()
                    .find(|column| column.name == revision.column)
                    .map(|column| column.kind)
            });
            let column_meaning = format!("columns.{}.meaning", revision.column);
            let column = if t.has(&column_meaning) {
                t.get(&column_meaning)
            } else {
                &revision.column
            };
            // The row and the column in one cell, so that the old and the
            // new value stay in view on a phone.
            let figure = t.fill(
                "releases.revised_figure_of",
                &[
                    ("row", &self.row_label(table, &revision.key)),
                    ("column", column),
                ],
            );
            let row = vec![
                CellView::text(figure),
                self.published_cell(kind, &revision.old_value),
                self.published_cell(kind, &revision.new_value),
            ];
            match revised.last_mut() {
                Some((name, rows)) if *name == revision.table => rows.push(row),
                _ => revised.push((&revision.table, vec![row])),
            }
        }
        let any_suppressed = revised
            .iter()
            .flat_map(|(_, rows)| rows.iter().flatten())
            .any(|cell| cell.suppressed);
        let note = any_suppressed.then(|| {
            t.fill(
                "site.suppressed_note",
                &[("min_cell", &self.model.config.min_cell.to_string())],
            )
        });
        let views = revised
            .into_iter()
            .map(|(name, rows)| {
                let title_key = format!("files.{name}.title");
                let title = if t.has(&title_key) {
                    t.get(&title_key)
                } else {
                    name
                };
                TableView {
                    caption: t.fill(
                        "releases.revised_caption",
                        &[("table", title), ("id", &version.id.to_string())],
                    ),
                    headers: vec![
                        header(t.get("releases.revised_figure"), false),
                        header(t.get("releases.revised_old"), true),
                        header(t.get("releases.revised_new"), true),
                    ],
                    rows,
                }
            })
            .collect();
        (views, note)
    }

    /// A row's key values as readers know them: a month by its name, a
    /// sector or district by its name in the page's language; a code the
    /// site no longer has, and a benefit, as published.
    fn row_label(&self, table: Option<&DataTable>, key: &str) -> String {
        let values: Vec<&str> = key.split('/').collect();
        let Some(table) = table.filter(|table| table.primary_key.len() == values.len()) else {
            return key.to_string();
        };
        let named = |rows: &[CoverageRow], code: &str| {
            rows.iter()
                .find(|row| row.code == code)
                .map(|row| row.name.in_language(self.language.code).to_string())
        };
        table
            .primary_key
            .iter()
            .zip(values)
            .map(|(column, value)| {
                let readable = match *column {
                    "month" => Month::parse(value).map(|month| self.locale.month(month)),
                    "sector" => named(&self.model.coverage_by_sector, value),
                    "district" => named(&self.model.coverage_by_district, value),
                    _ => None,
                };
                readable.unwrap_or_else(|| value.to_string())
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// A published cell in the page's number formats; an empty cell is a
    /// suppressed one and shows the suppression mark, never a number.
    fn published_cell(&self, kind: Option<Kind>, text: &str) -> CellView {
        if text.is_empty() {
            return CellView::suppressed(self.strings.get("site.suppressed_mark"));
        }
        let locale = self.locale;
        let formatted = match kind {
            Some(Kind::Integer) => text.parse::<u64>().ok().map(|count| locale.count(count)),
            Some(Kind::Money) => text.parse::<i64>().ok().map(|money| locale.money(money)),
            Some(Kind::Percent) => Percent::parse_plain(text).map(|pct| locale.percent_fixed(pct)),
            Some(Kind::String) | None => None,
        };
        CellView::number(formatted.unwrap_or_else(|| text.to_string()))
    }

    /// A recorded version's files under `data/rilis/<id>/`: the archive,
    /// reports, summary, data package and checksums (and any other file)
    /// with what they hold, then its tables as CSV and as JSON.
    fn release_files(
        &self,
        version: &Version,
        root: &str,
    ) -> (Vec<FileLinkView>, Vec<LinkView>, Vec<LinkView>) {
        let t = self.strings;
        let href = |name: &str| format!("{root}data/rilis/{}/{name}", version.id);
        let table = |name: &String| LinkView {
            label: name.clone(),
            href: href(name),
        };
        let mut files: Vec<(ReleaseFile, FileLinkView)> = Vec::new();
        let (mut csv, mut json) = (Vec::new(), Vec::new());
        for name in &version.files {
            let kind = ReleaseFile::of(name);
            let label = match kind {
                ReleaseFile::Table => {
                    csv.push(table(name));
                    continue;
                }
                ReleaseFile::TableJson => {
                    json.push(table(name));
                    continue;
                }
                ReleaseFile::Archive => t.get("releases.file_archive").to_string(),
                ReleaseFile::Workbook => t.get("releases.file_workbook").to_string(),
                ReleaseFile::Report => {
                    let folder = name.rsplit_once('/').map_or("", |(folder, _)| folder);
                    let language = self
                        .report_language(name)
                        .map_or(folder, |(_, language)| language.name.as_str());
                    t.fill("releases.file_report", &[("language", language)])
                }
                ReleaseFile::Summary => t.get("releases.file_summary").to_string(),
                ReleaseFile::Package => t.get("releases.file_package").to_string(),
                ReleaseFile::Checksums => t.get("releases.file_checksums").to_string(),
                ReleaseFile::Other => t.get("releases.file_other").to_string(),
            };
            let link = FileLinkView {
                label,
                name: name.clone(),
                href: href(name),
            };
            files.push((kind, link));
        }
        // Reports in the order of the site's languages, the main one first.
        files.sort_by_key(|(kind, file)| {
            let language = self.report_language(&file.name);
            (
                *kind,
                language.map_or(self.languages.len(), |(index, _)| index),
            )
        });
        (files.into_iter().map(|(_, file)| file).collect(), csv, json)
    }

    /// The language of a release's PDF report, by its folder (the main
    /// language's at the release's root, the others' under their code),
    /// with its place among the site's languages; None for a language the
    /// site no longer has.
    fn report_language(&self, name: &str) -> Option<(usize, &SiteLanguage)> {
        let folder = name.rsplit_once('/').map_or("", |(folder, _)| folder);
        self.languages
            .iter()
            .enumerate()
            .find(|(_, language)| language.prefix.trim_end_matches('/') == folder)
    }
}
