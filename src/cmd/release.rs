//! `jaring release`: check the site as `build` does, then record what it
//! would publish (the data files and the PDF reports) under
//! `releases/<id>/`, with a `release.toml` holding every file's SHA-256.
//!
//! Releases are append-only: a recorded folder is never changed or removed,
//! and before anything is recorded every release is checked against its
//! checksums, so a hand edit is found rather than built upon.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use super::CommandError;
use crate::calendar::Date;
use crate::diag::{Diagnostic, Diagnostics, Place, Severity};
use crate::load::RELEASES_FOLDER;
use crate::load::releases::{
    RECORD_FILE, RecordedRelease, ReleaseId, ReleaseRecord, is_figure_file, sha256_hex,
};
use crate::render::OutputFile;
use crate::write::{self, WriteError};

/// What `jaring release` is asked to record beyond the site itself.
pub struct ReleaseOptions {
    /// A note for readers, kept in release.toml.
    pub note: Option<String>,
    /// What was wrong with the release this one corrects.
    pub correction: Option<String>,
    pub deny_warnings: bool,
}

pub fn run(root: &Path, options: &ReleaseOptions) -> Result<(), CommandError> {
    super::check_site_folder(root)?;
    if options
        .correction
        .as_deref()
        .is_some_and(|reason| reason.trim().is_empty())
    {
        return Err(CommandError::Usage {
            problem: "--correction needs a reason".into(),
            hint: Some("say what was wrong: --correction \"what was wrong\""),
        });
    }
    let mut diagnostics = Diagnostics::default();
    let built =
        super::build_site_with_releases(root, &Default::default(), &mut diagnostics, |_| {});
    let recorded: &[RecordedRelease] = built.as_ref().map_or(&[], |built| &built.releases);
    let release = built.as_ref().map(|built| {
        let files = release_files(&built.files);
        let hashes = hashes_of(&files);
        (&built.program, built.min_cell, files, hashes)
    });
    let decision = match &release {
        Some((program, _, _, hashes)) if diagnostics.error_count() == 0 => Some(decide(
            program.as_of,
            hashes,
            recorded,
            options.correction.as_deref(),
        )),
        _ => None,
    };
    if let Some(Decision::Refused(newest, recorded_at)) = &decision {
        diagnostics.push(differs_from(*newest, recorded_at, Severity::Error));
    }
    super::report(&diagnostics);
    let (Some((program, min_cell, files, hashes)), Some(decision)) = (release, decision) else {
        return Err(nothing_recorded(
            "nothing recorded: fix the errors above and run again",
        ));
    };
    if options.deny_warnings && diagnostics.warning_count() > 0 {
        return Err(nothing_recorded(
            "nothing recorded: --deny-warnings makes the warnings above errors",
        ));
    }
    let (id, corrects) = match decision {
        Decision::Record { id, corrects } => (id, corrects),
        Decision::Unchanged(release) => {
            crate::cmd::say!("the data equal release {release}: nothing recorded");
            return Ok(());
        }
        Decision::Refused(..) => return Err(nothing_recorded("nothing recorded")),
        Decision::NothingToCorrect(problem) => {
            return Err(CommandError::Usage {
                problem,
                hint: Some("give --correction only when the data of a recorded release changed"),
            });
        }
    };
    // SOURCE_DATE_EPOCH was checked by the build: only a valid one gets here.
    let Some(recorded_at) = recorded_at() else {
        return Err(nothing_recorded(
            "nothing recorded: fix the errors above and run again",
        ));
    };
    let record = ReleaseRecord {
        id: id.to_string(),
        as_of: program.as_of.to_string(),
        period_start: program.start.to_string(),
        period_end: program.end.to_string(),
        recorded_at,
        jaring_version: env!("CARGO_PKG_VERSION").to_string(),
        min_cell: Some(min_cell),
        note: options.note.clone(),
        corrects: corrects.map(|release| release.to_string()),
        reason: corrects.and(options.correction.clone()),
        files: hashes,
    };
    let folder = write_release(root, id, &record, &files)?;
    let correcting = corrects.map_or_else(String::new, |c| format!(", correcting {c}"));
    crate::cmd::say!(
        "recorded release {id}{correcting}: {} files in {}",
        files.len() + 1,
        folder.display()
    );
    Ok(())
}

fn nothing_recorded(note: &'static str) -> CommandError {
    CommandError::InvalidInput { note: Some(note) }
}

/// What a release run does, decided before anything is written.
#[derive(Debug, PartialEq)]
enum Decision {
    Record {
        id: ReleaseId,
        corrects: Option<ReleaseId>,
    },
    /// The data equal this release's: nothing to record.
    Unchanged(ReleaseId),
    /// The data of this recorded release (recorded at the time given)
    /// changed and no correction was asked for.
    Refused(ReleaseId, String),
    /// `--correction` with nothing to correct (a usage error).
    NothingToCorrect(String),
}

/// Compares the files about to be released (`hashes`: path -> SHA-256)
/// with the newest recorded release of the same as_of, by their data.
fn decide(
    as_of: Date,
    hashes: &BTreeMap<String, String>,
    recorded: &[RecordedRelease],
    correction: Option<&str>,
) -> Decision {
    let newest = recorded
        .iter()
        .filter(|release| release.id.as_of == as_of)
        .max_by_key(|release| release.id.revision);
    let Some(newest) = newest else {
        return match correction {
            None => Decision::Record {
                id: ReleaseId { as_of, revision: 1 },
                corrects: None,
            },
            Some(_) => Decision::NothingToCorrect(format!(
                "--correction: there is nothing to correct: no release of {as_of} is recorded"
            )),
        };
    };
    let unchanged = data_only(&newest.record.files).eq(data_only(hashes));
    match (unchanged, correction) {
        (true, None) => Decision::Unchanged(newest.id),
        (true, Some(_)) => Decision::NothingToCorrect(format!(
            "--correction: there is nothing to correct: the data equal release {}",
            newest.id
        )),
        (false, None) => Decision::Refused(newest.id, newest.record.recorded_at.clone()),
        (false, Some(_)) => Decision::Record {
            id: newest.id.correction(),
            corrects: Some(newest.id),
        },
    }
}

/// That the data differ from a recorded release of the same as_of: an
/// error for `release`, a warning for `build` (the site can be previewed;
/// publishing it unrecorded would change the figures readers quoted).
fn differs_from(release: ReleaseId, recorded_at: &str, severity: Severity) -> Diagnostic {
    Diagnostic::new(
        severity,
        Place::folder(format!("{RELEASES_FOLDER}/{release}")),
        format!("the data differ from release {release}, recorded at {recorded_at}"),
    )
    .with_hint("record a correction with --correction \"what was wrong\"")
}

/// The warning `build` gives when the site's data differ from the newest
/// recorded release of its as_of.
pub fn unrecorded_change(built: &super::BuiltSite) -> Option<Diagnostic> {
    let hashes = hashes_of(&release_files(&built.files));
    match decide(built.program.as_of, &hashes, &built.releases, None) {
        Decision::Refused(newest, recorded_at) => {
            Some(differs_from(newest, &recorded_at, Severity::Warning))
        }
        _ => None,
    }
}

fn hashes_of(files: &BTreeMap<String, &[u8]>) -> BTreeMap<String, String> {
    files
        .iter()
        .map(|(path, bytes)| (path.clone(), sha256_hex(bytes)))
        .collect()
}

/// The files a release holds, by their path in the release folder: every
/// data file of `data/` (its pages and the earlier releases aside) at the top, and each language's
/// PDF report where the site publishes it (`laporan-2026.pdf`,
/// `en/laporan-2026.pdf`).
fn release_files(files: &[OutputFile]) -> BTreeMap<String, &[u8]> {
    files
        .iter()
        .filter_map(|file| {
            let path = match file.path.strip_prefix("data/") {
                // Earlier releases, published again, are not this one's.
                Some(name) if name.starts_with("rilis/") => return None,
                Some(name) if !name.ends_with(".html") => name,
                Some(_) => return None,
                None if is_report(&file.path) => &file.path,
                None => return None,
            };
            Some((path.to_string(), file.bytes.as_slice()))
        })
        .collect()
}

/// A PDF report at the site's top or in a language's folder (`en/`).
fn is_report(path: &str) -> bool {
    let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
    let in_language_folder = folder.is_empty() || crate::language::find(folder).is_some();
    in_language_folder && name.starts_with("laporan-") && name.ends_with(".pdf")
}

/// The figure files of a release's path -> SHA-256 list: what decides
/// whether two releases hold the same data.
fn data_only(hashes: &BTreeMap<String, String>) -> impl Iterator<Item = (&String, &String)> {
    hashes.iter().filter(|(path, _)| is_figure_file(path))
}

/// The time of recording, RFC 3339 in UTC: SOURCE_DATE_EPOCH when set (so
/// a release can be recorded reproducibly), else the clock. None only for
/// a SOURCE_DATE_EPOCH the build has already reported as invalid.
fn recorded_at() -> Option<String> {
    let seconds = match super::source_date_epoch() {
        None => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs() as i64),
        Some(seconds) => seconds.ok()?,
    };
    rfc3339_utc(seconds)
}

fn rfc3339_utc(seconds: i64) -> Option<String> {
    let date = Date::from_days_since_epoch(seconds.div_euclid(86_400))?;
    let second_of_day = seconds.rem_euclid(86_400);
    Some(format!(
        "{date}T{:02}:{:02}:{:02}Z",
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60
    ))
}

/// Writes the release into a hidden folder beside its place, then renames
/// it into place; the rename never replaces a folder that is there.
fn write_release(
    root: &Path,
    id: ReleaseId,
    record: &ReleaseRecord,
    files: &BTreeMap<String, &[u8]>,
) -> Result<PathBuf, CommandError> {
    let releases = root.join(RELEASES_FOLDER);
    let target = releases.join(id.to_string());
    let staging = releases.join(format!(".{id}.jaring-new-{}", std::process::id()));
    let record_text = toml::to_string(record).map_err(|error| {
        CommandError::Unwritable(format!("cannot write {RECORD_FILE}: {error}"))
    })?;
    let written = fs::create_dir_all(&releases)
        .map_err(|e| WriteError::Io(releases.clone(), e))
        .and_then(|()| {
            let record = (RECORD_FILE, record_text.as_bytes());
            let files = files.iter().map(|(path, bytes)| (path.as_str(), *bytes));
            write::write_files(&staging, files.chain([record]))?;
            rename_no_replace(&staging, &target).map_err(|e| WriteError::Io(target.clone(), e))
        });
    if written.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    written?;
    Ok(target)
}

#[cfg(target_os = "linux")]
fn rename_no_replace(from: &Path, to: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn rename_no_replace(from: &Path, to: &Path) -> io::Result<()> {
    if to.exists() {
        return Err(io::Error::from(io::ErrorKind::AlreadyExists));
    }
    fs::rename(from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(name: &str) -> ReleaseId {
        ReleaseId::parse(name).unwrap()
    }

    fn hashes(files: &[(&str, &str)]) -> BTreeMap<String, String> {
        files
            .iter()
            .map(|(path, hash)| (path.to_string(), hash.to_string()))
            .collect()
    }

    fn recorded(name: &str, files: &[(&str, &str)]) -> RecordedRelease {
        RecordedRelease {
            id: id(name),
            record: ReleaseRecord {
                files: hashes(files),
                ..ReleaseRecord::of_2026(name)
            },
            files: Vec::new(),
        }
    }

    #[test]
    fn release_ids_are_the_as_of_then_r2_r3_in_one_spelling() {
        for name in ["2026-10-31", "2026-10-31-r2", "2026-10-31-r12"] {
            assert_eq!(id(name).to_string(), name);
        }
        assert_eq!(id("2026-10-31").correction().to_string(), "2026-10-31-r2");
        assert_eq!(
            id("2026-10-31-r2").correction().to_string(),
            "2026-10-31-r3"
        );
        assert!(id("2026-10-31-r10") > id("2026-10-31-r9"));
        assert!(id("2026-11-30") > id("2026-10-31-r9"));
        for name in [
            "2026-10-32",
            "2026-10-31-r1",
            "2026-10-31-r02",
            "2026-10-31-r+2",
            "2026-10-31-2",
            "2026-10-31x",
            "terbaru",
            "",
        ] {
            assert_eq!(ReleaseId::parse(name), None, "{name}");
        }
    }

    #[test]
    fn recorded_at_is_rfc_3339_in_utc() {
        assert_eq!(rfc3339_utc(0).unwrap(), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(1_777_714_205).unwrap(), "2026-05-02T09:30:05Z");
        assert_eq!(rfc3339_utc(-1).unwrap(), "1969-12-31T23:59:59Z");
        assert_eq!(rfc3339_utc(i64::MAX), None);
    }

    #[test]
    fn a_release_holds_the_data_files_and_each_languages_report() {
        let file = |path: &str| OutputFile {
            path: path.into(),
            bytes: path.as_bytes().to_vec(),
        };
        let files = [
            file("data/summary.json"),
            file("data/index.html"),
            file("data/data-2026-10-31.zip"),
            file("laporan-2026.pdf"),
            file("en/laporan-2026.pdf"),
            file("en/data/index.html"),
            file("index.html"),
            file("assets/laporan-x.pdf"),
            file("en/laporan/index.html"),
        ];
        let paths: Vec<String> = release_files(&files).into_keys().collect();
        assert_eq!(
            paths,
            [
                "data-2026-10-31.zip",
                "en/laporan-2026.pdf",
                "laporan-2026.pdf",
                "summary.json"
            ]
        );
    }

    #[test]
    fn the_newest_release_of_the_same_as_of_decides_by_its_data_alone() {
        let as_of = id("2026-10-31").as_of;
        let history = [
            recorded("2026-09-30", &[("summary.json", "a")]),
            recorded(
                "2026-10-31",
                &[("summary.json", "b"), ("laporan-2026.pdf", "p")],
            ),
            recorded(
                "2026-10-31-r2",
                &[("summary.json", "c"), ("laporan-2026.pdf", "p")],
            ),
        ];
        // A report typeset on another day is not a change of the data.
        let same = hashes(&[("summary.json", "c"), ("laporan-2026.pdf", "q")]);
        assert_eq!(
            decide(as_of, &same, &history, None),
            Decision::Unchanged(id("2026-10-31-r2"))
        );
        assert!(matches!(
            decide(as_of, &same, &history, Some("typo")),
            Decision::NothingToCorrect(problem) if problem.ends_with("the data equal release 2026-10-31-r2")
        ));
        let changed = hashes(&[("summary.json", "d"), ("laporan-2026.pdf", "p")]);
        let Decision::Refused(refused, recorded_at) = decide(as_of, &changed, &history, None)
        else {
            panic!("changed data must be refused without --correction");
        };
        assert_eq!(
            differs_from(refused, &recorded_at, Severity::Error).to_string(),
            "releases/2026-10-31-r2: error: the data differ from release 2026-10-31-r2, recorded at 2026-11-01T08:00:00Z\n  hint: record a correction with --correction \"what was wrong\""
        );
        assert_eq!(
            decide(as_of, &changed, &history, Some("late payment")),
            Decision::Record {
                id: id("2026-10-31-r3"),
                corrects: Some(id("2026-10-31-r2"))
            }
        );
        // A file added to or gone from the data is a change too.
        let fewer = hashes(&[("laporan-2026.pdf", "p")]);
        assert!(matches!(
            decide(as_of, &fewer, &history, None),
            Decision::Refused(..)
        ));
        let next_month = id("2026-11-30").as_of;
        assert_eq!(
            decide(next_month, &changed, &history, None),
            Decision::Record {
                id: id("2026-11-30"),
                corrects: None
            }
        );
        assert!(matches!(
            decide(next_month, &changed, &history, Some("typo")),
            Decision::NothingToCorrect(problem) if problem.ends_with("no release of 2026-11-30 is recorded")
        ));
    }

    #[test]
    fn a_release_record_reads_back_as_written() {
        let mut release = recorded("2026-10-31-r2", &[("en/laporan-2026.pdf", "ab")]).record;
        release.note = Some("Catatan \"penting\"\nbaris dua".into());
        release.corrects = Some("2026-10-31".into());
        release.reason = Some("pembayaran September terlambat dibukukan".into());
        let text = toml::to_string(&release).unwrap();
        let read: ReleaseRecord = toml::from_str(&text).unwrap();
        assert_eq!(toml::to_string(&read).unwrap(), text);
        assert!(
            text.contains("[files]\n\"en/laporan-2026.pdf\" = \"ab\"\n"),
            "{text}"
        );
    }
}
