//! `jaring release`: what a release records, that releases are
//! append-only, how a correction is recorded, and that hand edits of
//! `releases/` are found.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::harness::{Fixture, Outcome, csv_rows, error_lines, jaring, tree};

/// 2026-05-02T09:30:05Z.
pub const EPOCH: &str = "1777714205";

/// Runs `jaring release ARGS --root SITE`, with SOURCE_DATE_EPOCH when given.
pub fn release(fixture: &Fixture, args: &[&str], epoch: Option<&str>) -> Outcome {
    let mut command = jaring();
    command
        .arg("release")
        .args(args)
        .arg("--root")
        .arg(fixture.root());
    match epoch {
        Some(epoch) => command.env("SOURCE_DATE_EPOCH", epoch),
        None => command.env_remove("SOURCE_DATE_EPOCH"),
    };
    let result = command.output().unwrap();
    Outcome {
        status: result.status.code().unwrap_or(-1),
        stderr: String::from_utf8(result.stderr).unwrap(),
        output: fixture.root().join("releases"),
    }
}

fn releases(fixture: &Fixture) -> PathBuf {
    fixture.root().join("releases")
}

fn record(folder: &Path) -> toml::Table {
    fs::read_to_string(folder.join("release.toml"))
        .unwrap()
        .parse()
        .unwrap()
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A change to the published data: March's payment was for 9 members.
pub fn revise_march(fixture: &Fixture) {
    fixture.edit(
        "data/payments.csv",
        "2026-03,2026-03-19,10,100000",
        "2026-03,2026-03-19,9,90000",
    );
}

#[test]
fn a_first_release_records_the_published_data_files_and_reports_with_their_checksums() {
    let fixture = Fixture::tiny();
    let outcome = release(&fixture, &["--note", "Data April"], Some(EPOCH));
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    assert!(
        outcome
            .stderr
            .contains("recorded release 2026-04-15: 25 files in "),
        "{}",
        outcome.stderr
    );
    let folder = releases(&fixture).join("2026-04-15");
    let recorded = tree(&folder);

    // The files exactly as `build` publishes them (the data pages aside).
    let mut command = jaring();
    let built = command
        .args(["build", "--root"])
        .arg(fixture.root())
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .unwrap();
    assert_eq!(built.status.code(), Some(0));
    let site = tree(&fixture.root().join("output"));
    let mut published: Vec<(String, &Vec<u8>)> = site
        .iter()
        .filter_map(|(path, bytes)| match path.strip_prefix("data/") {
            // The release just recorded, published again under data/rilis/.
            Some(name) if name.starts_with("rilis/") => None,
            Some(name) if !name.ends_with(".html") => Some((name.to_string(), bytes)),
            Some(_) => None,
            None => path.ends_with(".pdf").then(|| (path.clone(), bytes)),
        })
        .collect();
    published.sort();
    assert!(published.iter().any(|(path, _)| path == "laporan-2026.pdf"));
    assert!(
        published
            .iter()
            .any(|(path, _)| path == "data-2026-04-15.zip")
    );
    assert!(
        published
            .iter()
            .any(|(path, _)| path == "data-2026-04-15.xlsx")
    );
    let recorded_files: Vec<(String, &Vec<u8>)> = recorded
        .iter()
        .filter(|(path, _)| *path != "release.toml")
        .map(|(path, bytes)| (path.clone(), bytes))
        .collect();
    assert_eq!(recorded_files, published);

    let record = record(&folder);
    assert_eq!(record["id"].as_str(), Some("2026-04-15"));
    assert_eq!(record["as_of"].as_str(), Some("2026-04-15"));
    assert_eq!(record["period_start"].as_str(), Some("2026-01"));
    assert_eq!(record["period_end"].as_str(), Some("2026-06"));
    assert_eq!(record["recorded_at"].as_str(), Some("2026-05-02T09:30:05Z"));
    assert_eq!(
        record["jaring_version"].as_str(),
        Some(env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(record["note"].as_str(), Some("Data April"));
    assert!(!record.contains_key("corrects") && !record.contains_key("reason"));
    let checksums = record["files"].as_table().unwrap();
    assert_eq!(checksums.len(), recorded_files.len());
    for (path, bytes) in &recorded_files {
        assert_eq!(
            checksums[path.as_str()].as_str(),
            Some(sha256_hex(bytes).as_str()),
            "{path}"
        );
    }
}

#[test]
fn the_same_data_again_records_nothing() {
    let fixture = Fixture::tiny();
    assert_eq!(release(&fixture, &[], None).status, 0);
    let before = tree(&releases(&fixture));
    let again = release(&fixture, &["--note", "once more"], Some(EPOCH));
    assert_eq!(again.status, 0, "{}", again.stderr);
    assert!(
        again
            .stderr
            .ends_with("the data equal release 2026-04-15: nothing recorded\n"),
        "{}",
        again.stderr
    );
    assert_eq!(tree(&releases(&fixture)), before);
}

#[test]
fn changed_data_are_refused_without_a_correction_and_recorded_as_r2_with_one() {
    let fixture = Fixture::tiny();
    assert_eq!(release(&fixture, &[], None).status, 0);
    let first = tree(&releases(&fixture));
    revise_march(&fixture);

    let refused = release(&fixture, &[], None);
    assert_eq!(refused.status, 1, "{}", refused.stderr);
    assert_eq!(
        error_lines(&refused),
        [
            "releases/2026-04-15: error: the data differ from release 2026-04-15, recorded at "
                .to_string()
                + record(&releases(&fixture).join("2026-04-15"))["recorded_at"]
                    .as_str()
                    .unwrap()
        ]
    );
    assert!(
        refused
            .stderr
            .contains("hint: record a correction with --correction \"what was wrong\""),
        "{}",
        refused.stderr
    );
    assert!(refused.stderr.ends_with("nothing recorded\n"));
    assert_eq!(tree(&releases(&fixture)), first);

    let reason = "March's payment counted one member twice";
    let corrected = release(&fixture, &["--correction", reason], Some(EPOCH));
    assert_eq!(corrected.status, 0, "{}", corrected.stderr);
    assert!(
        corrected
            .stderr
            .contains("recorded release 2026-04-15-r2, correcting 2026-04-15: "),
        "{}",
        corrected.stderr
    );
    let record = record(&releases(&fixture).join("2026-04-15-r2"));
    assert_eq!(record["id"].as_str(), Some("2026-04-15-r2"));
    assert_eq!(record["as_of"].as_str(), Some("2026-04-15"));
    assert_eq!(record["corrects"].as_str(), Some("2026-04-15"));
    assert_eq!(record["reason"].as_str(), Some(reason));
    let all = tree(&releases(&fixture));
    let kept: std::collections::BTreeMap<_, _> = all
        .iter()
        .filter(|(path, _)| path.starts_with("2026-04-15/"))
        .map(|(path, bytes)| (path.clone(), bytes.clone()))
        .collect();
    assert_eq!(kept, first, "the release corrected is kept as it was");
    assert_ne!(
        all["2026-04-15-r2/budget_by_month.csv"],
        first["2026-04-15/budget_by_month.csv"]
    );

    // Now the newest version of the as_of is the one compared.
    let again = release(&fixture, &[], None);
    assert_eq!(again.status, 0, "{}", again.stderr);
    assert!(
        again
            .stderr
            .ends_with("the data equal release 2026-04-15-r2: nothing recorded\n")
    );
}

#[test]
fn a_correction_with_nothing_to_correct_is_a_usage_error() {
    let fixture = Fixture::tiny();
    let first = release(&fixture, &["--correction", "typo"], None);
    assert_eq!(first.status, 2, "{}", first.stderr);
    assert!(first.stderr.contains(
        "error: --correction: there is nothing to correct: no release of 2026-04-15 is recorded"
    ));
    assert!(!releases(&fixture).exists());

    assert_eq!(release(&fixture, &[], None).status, 0);
    let unchanged = release(&fixture, &["--correction", "typo"], None);
    assert_eq!(unchanged.status, 2, "{}", unchanged.stderr);
    assert!(unchanged.stderr.contains(
        "error: --correction: there is nothing to correct: the data equal release 2026-04-15"
    ));
    let blank = release(&fixture, &["--correction", " "], None);
    assert_eq!(blank.status, 2, "{}", blank.stderr);
    assert!(
        blank
            .stderr
            .starts_with("error: --correction needs a reason")
    );
}

#[test]
fn hand_edits_of_releases_are_found_by_their_checksums_and_nothing_is_written() {
    let fixture = Fixture::tiny();
    assert_eq!(release(&fixture, &[], None).status, 0);
    let folder = releases(&fixture).join("2026-04-15");
    // A second release whose record was edited until it no longer parses.
    let broken = releases(&fixture).join("2026-03-31");
    fs::create_dir(&broken).unwrap();
    fs::write(
        broken.join("release.toml"),
        "id = \"2026-03-31\"\nas_of = \n",
    )
    .unwrap();
    fixture.edit(
        "releases/2026-04-15/summary.json",
        "\"as_of\"",
        "\"as_of\" ",
    );
    fs::remove_file(folder.join("claims_by_month.csv")).unwrap();
    fixture.write("releases/2026-04-15/notes.txt", "added by hand");
    fixture.write("releases/terbaru.txt", "not a release");
    revise_march(&fixture);
    let before = tree(&releases(&fixture));

    let outcome = release(&fixture, &["--correction", "anything"], None);
    assert_eq!(outcome.status, 1, "{}", outcome.stderr);
    assert_eq!(
        error_lines(&outcome),
        [
            "releases/2026-03-31/release.toml:2:9: error: this release's record cannot be read: string values must be quoted, expected literal string",
            "releases/2026-04-15/claims_by_month.csv: error: this file of the release is missing (it is listed in release.toml)",
            "releases/2026-04-15/notes.txt: error: this file is not in the release's release.toml: it was added after the release was recorded",
            "releases/2026-04-15/summary.json: error: this file changed after the release was recorded: its SHA-256 differs from release.toml",
            "releases/terbaru.txt: error: this is not a release jaring recorded: a release is a folder named by its as_of, such as 2026-10-31 or 2026-10-31-r2",
        ]
    );
    assert!(
        outcome
            .stderr
            .contains("hint: a recorded release is never edited")
    );
    assert!(
        outcome
            .stderr
            .ends_with("nothing recorded: fix the errors above and run again\n")
    );
    assert_eq!(tree(&releases(&fixture)), before, "nothing written");
}

#[test]
fn with_deny_warnings_a_site_with_warnings_records_nothing() {
    let fixture = Fixture::tiny();
    let outcome = release(&fixture, &["--deny-warnings"], None);
    assert_eq!(outcome.status, 1, "{}", outcome.stderr);
    assert!(outcome.stderr.contains(": warning: "));
    assert!(
        outcome
            .stderr
            .ends_with("nothing recorded: --deny-warnings makes the warnings above errors\n")
    );
    assert!(!releases(&fixture).exists());
}

#[test]
fn an_output_inside_releases_is_refused() {
    let fixture = Fixture::tiny();
    assert_eq!(release(&fixture, &[], None).status, 0);
    let before = tree(fixture.root());
    for output in ["releases", "releases/site", "releases/2026-04-15"] {
        let result = jaring()
            .args(["build", "--root"])
            .arg(fixture.root())
            .arg("--output")
            .arg(fixture.root().join(output))
            .output()
            .unwrap();
        assert_eq!(result.status.code(), Some(2), "{output}");
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(
            stderr.starts_with("error: --output ")
                && stderr.contains("is inside the site's input folder"),
            "{stderr}"
        );
    }
    assert_eq!(tree(fixture.root()), before);
}

#[test]
fn source_date_epoch_makes_a_reproducible_release() {
    let records: Vec<Vec<u8>> = (0..2)
        .map(|_| {
            let fixture = Fixture::tiny();
            let outcome = release(&fixture, &["--note", "April"], Some(EPOCH));
            assert_eq!(outcome.status, 0, "{}", outcome.stderr);
            fs::read(releases(&fixture).join("2026-04-15/release.toml")).unwrap()
        })
        .collect();
    assert_eq!(records[0], records[1]);
    let text = String::from_utf8(records[0].clone()).unwrap();
    assert!(
        text.starts_with(concat!(
            "id = \"2026-04-15\"\n",
            "as_of = \"2026-04-15\"\n",
            "period_start = \"2026-01\"\n",
            "period_end = \"2026-06\"\n",
            "recorded_at = \"2026-05-02T09:30:05Z\"\n",
        )),
        "{text}"
    );
}

#[test]
fn a_build_whose_data_differ_from_the_recorded_release_warns() {
    let fixture = Fixture::tiny();
    assert_eq!(release(&fixture, &[], Some(EPOCH)).status, 0);
    let unchanged = fixture.build();
    assert_eq!(unchanged.status, 0, "{}", unchanged.stderr);
    assert!(
        !unchanged.stderr.contains("differ from release"),
        "{}",
        unchanged.stderr
    );

    revise_march(&fixture);
    let changed = fixture.build();
    assert_eq!(changed.status, 0, "{}", changed.stderr);
    assert!(
        changed.problems().contains(
            &"releases/2026-04-15: warning: the data differ from release 2026-04-15, recorded at 2026-05-02T09:30:05Z"
        ),
        "{}",
        changed.stderr
    );
    assert!(
        changed
            .stderr
            .contains("hint: record a correction with --correction \"what was wrong\"")
    );
    let denied = fixture.run(&["build", "--deny-warnings"]);
    assert_eq!(denied.status, 1, "{}", denied.stderr);

    assert_eq!(
        release(&fixture, &["--correction", "late payment"], Some(EPOCH)).status,
        0
    );
    let corrected = fixture.build();
    assert!(
        !corrected.stderr.contains("differ from release"),
        "{}",
        corrected.stderr
    );
}

#[test]
fn a_build_refuses_a_site_whose_releases_were_edited_by_hand() {
    let fixture = Fixture::tiny();
    assert_eq!(release(&fixture, &[], None).status, 0);
    fixture.edit(
        "releases/2026-04-15/summary.json",
        "\"as_of\"",
        "\"as_of\" ",
    );
    let outcome = fixture.build();
    assert_eq!(outcome.status, 1, "{}", outcome.stderr);
    assert_eq!(
        error_lines(&outcome),
        [
            "releases/2026-04-15/summary.json: error: this file changed after the release was recorded: its SHA-256 differs from release.toml"
        ]
    );
}

#[test]
fn a_release_made_by_hand_that_gives_a_small_cell_away_is_refused() {
    let fixture = site_of_four_sectors();
    assert_eq!(release(&fixture, &[], None).status, 0);
    let folder = releases(&fixture).join("2026-04-15");
    assert_eq!(record(&folder)["min_cell"].as_integer(), Some(3));
    // Ojek's 4 members published by hand, its checksum written into the
    // record: nelayan's 2 are left alone among the hidden rows, and the
    // total in summary.json less the rows shown gives them away.
    let table = fs::read_to_string(folder.join("coverage_by_sector.csv")).unwrap();
    assert!(table.contains("\nojek,Ojek,,,"), "{table}");
    let table = table.replace("\nojek,Ojek,,,", "\nojek,Ojek,4,4,16");
    fs::write(folder.join("coverage_by_sector.csv"), &table).unwrap();
    let record_path = folder.join("release.toml");
    let mut record_text = fs::read_to_string(&record_path).unwrap();
    let old = record(&folder)["files"]["coverage_by_sector.csv"]
        .as_str()
        .unwrap()
        .to_string();
    record_text = record_text.replace(&old, &sha256_hex(table.as_bytes()));
    fs::write(&record_path, record_text).unwrap();

    let outcome = fixture.build();
    assert_eq!(outcome.status, 1, "{}", outcome.stderr);
    assert_eq!(
        error_lines(&outcome),
        [
            "releases/2026-04-15/coverage_by_sector.csv:3:3: error: the rows this release hides hold 2 members_current together (summary.json's 20 less the 18 shown), below the min_cell of 3 it was recorded under: a reader can work them out",
            "releases/2026-04-15/coverage_by_sector.csv:3:4: error: the rows this release hides hold 2 members_ever together (summary.json's 20 less the 18 shown), below the min_cell of 3 it was recorded under: a reader can work them out",
            // The JSON twin, left as recorded, no longer says what the CSV does.
            "releases/2026-04-15/coverage_by_sector.json: error: row 3 (ojek) shows members_current nothing (hidden) where the CSV twin shows 4",
            "releases/2026-04-15/coverage_by_sector.json: error: row 3 (ojek) shows members_ever nothing (hidden) where the CSV twin shows 4",
        ]
    );
    assert!(
        outcome
            .stderr
            .contains("hint: a release jaring records today never holds this")
    );
    assert!(!outcome.output.exists(), "nothing written");
}

#[test]
fn every_recorded_release_is_published_frozen_at_a_stable_address() {
    let fixture = Fixture::tiny();
    fixture.edit(
        "site.toml",
        "languages = [\"id\"]",
        "languages = [\"id\", \"en\"]",
    );
    assert_eq!(release(&fixture, &[], Some(EPOCH)).status, 0);
    revise_march(&fixture);
    assert_eq!(
        release(&fixture, &["--correction", "late payment"], Some(EPOCH)).status,
        0
    );
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let recorded = tree(&releases(&fixture));
    let published = tree(&outcome.output.join("data/rilis"));
    let expected: std::collections::BTreeMap<_, _> = recorded
        .into_iter()
        .filter(|(path, _)| !path.ends_with("release.toml"))
        .collect();
    assert_eq!(
        published, expected,
        "every recorded file, byte for byte, and nothing else"
    );
    assert!(published.contains_key("2026-04-15/en/laporan-2026.pdf"));
    assert!(published.contains_key("2026-04-15-r2/budget_by_month.csv"));
}

#[test]
fn links_in_releases_are_refused_even_with_a_matching_checksum() {
    let fixture = Fixture::tiny();
    assert_eq!(release(&fixture, &[], None).status, 0);
    // A hand-made link whose checksum is written into the record: the
    // build would otherwise publish the members file under data/rilis/.
    let folder = releases(&fixture).join("2026-04-15");
    let members = fixture.root().join("data/members.csv");
    std::os::unix::fs::symlink(&members, folder.join("anggota.csv")).unwrap();
    let record = fs::read_to_string(folder.join("release.toml")).unwrap();
    let digest = sha256_hex(&fs::read(&members).unwrap());
    fs::write(
        folder.join("release.toml"),
        record.replace(
            "[files]\n",
            &format!("[files]\n\"anggota.csv\" = \"{digest}\"\n"),
        ),
    )
    .unwrap();
    let outcome = fixture.build();
    assert_eq!(outcome.status, 1, "{}", outcome.stderr);
    assert_eq!(
        error_lines(&outcome),
        [
            "releases/2026-04-15/anggota.csv: error: this file of the release is missing (it is listed in release.toml)",
            "releases/2026-04-15/anggota.csv: error: this is a link: a release holds only the files jaring recorded",
        ]
    );

    let outside = tempfile::tempdir().unwrap();
    let copy = outside.path().join("2026-04-15");
    fs::rename(&folder, &copy).unwrap();
    std::os::unix::fs::symlink(&copy, &folder).unwrap();
    let outcome = fixture.build();
    assert_eq!(outcome.status, 1, "{}", outcome.stderr);
    assert!(
        error_lines(&outcome)[0]
            .starts_with("releases/2026-04-15: error: this is not a release jaring recorded"),
        "{}",
        outcome.stderr
    );
}

/// The tiny site (min_cell 3) with four sectors, so that its sector table
/// hides some rows and publishes others: nelayan's 2 members are hidden,
/// and ojek's 4 with them (the smallest partner); buruh's 6 and petani's 8
/// are published.
fn site_of_four_sectors() -> Fixture {
    let fixture = Fixture::tiny();
    fixture.write(
        "data/sectors.csv",
        "code,name_id,name_en\npetani,Petani,Farmers\nnelayan,Nelayan,Fishers\n\
         ojek,Ojek,Motorcycle taxi\nburuh,Buruh,Labourers\n",
    );
    let members = [
        "M01,petani,11.01",
        "M02,petani,11.01",
        "M03,petani,11.01",
        "M04,petani,11.02",
        "M05,petani,11.02",
        "M09,petani,11.02",
        "M12,petani,11.01",
        "P08,petani,11.01",
        "M06,nelayan,11.02",
        "M08,nelayan,11.02",
        "M10,ojek,11.03",
        "M11,ojek,11.03",
        "O03,ojek,11.03",
        "O04,ojek,11.01",
        "B01,buruh,11.01",
        "B02,buruh,11.01",
        "B03,buruh,11.02",
        "B04,buruh,11.02",
        "B05,buruh,11.02",
        "B06,buruh,11.03",
    ];
    let mut text =
        String::from("member_id,sector,district,gender,age_band,covered_from,covered_until\n");
    for member in members {
        text += &format!("{member},L,25-34,2026-01,\n");
    }
    fixture.write("data/members.csv", &text);
    fixture
}

/// A correction of a hidden row and a published one: a fifth ojek member
/// was left out (its hidden 4 becomes 5), and two buruh members were never
/// covered (its published 6 becomes 4).
fn correct_ojek_and_buruh(fixture: &Fixture) {
    fixture.edit(
        "data/members.csv",
        "B05,buruh,11.02,L,25-34,2026-01,\nB06,buruh,11.03,L,25-34,2026-01,\n",
        "O05,ojek,11.03,L,25-34,2026-01,\n",
    );
}

/// The breakdown tables: each with the columns naming a row and the counts
/// suppression protects.
const BREAKDOWNS: [(&str, &[&str], &[&str]); 4] = [
    (
        "coverage_by_sector",
        &["sector"],
        &["members_current", "members_ever"],
    ),
    (
        "coverage_by_district",
        &["district"],
        &["members_current", "members_ever"],
    ),
    ("claims_by_sector", &["sector", "benefit"], &["claims"]),
    ("claims_by_district", &["district", "benefit"], &["claims"]),
];

/// The keys of the rows a table of a recorded release hides.
fn hidden_rows(
    release: &Path,
    table: &str,
    key: &[&str],
    counts: &[&str],
) -> BTreeSet<Vec<String>> {
    csv_rows(&fs::read_to_string(release.join(format!("{table}.csv"))).unwrap())
        .into_iter()
        .filter(|row| counts.iter().all(|count| row[*count].is_empty()))
        .map(|row| key.iter().map(|column| row[*column].clone()).collect())
        .collect()
}

/// The sector table of a published folder, as `code=members_ever` cells
/// (`code=` when hidden).
fn sectors(folder: &Path) -> Vec<String> {
    csv_rows(&fs::read_to_string(folder.join("coverage_by_sector.csv")).unwrap())
        .into_iter()
        .map(|row| format!("{}={}", row["sector"], row["members_ever"]))
        .collect()
}

/// What a reader computes from a release: per breakdown table (per benefit
/// in claims tables) and count, the hidden rows hold the total of
/// summary.json minus the published rows, which must be 0 or at least
/// min_cell unless every row is hidden.
fn assert_hidden_sums_keep_the_rule(release: &Path, min_cell: u64) {
    let summary: serde_json::Value =
        serde_json::from_slice(&fs::read(release.join("summary.json")).unwrap()).unwrap();
    for (table, _, counts) in BREAKDOWNS {
        let rows = csv_rows(&fs::read_to_string(release.join(format!("{table}.csv"))).unwrap());
        let benefits: BTreeSet<Option<&String>> =
            rows.iter().map(|row| row.get("benefit")).collect();
        for benefit in benefits {
            let group: Vec<_> = rows
                .iter()
                .filter(|row| row.get("benefit") == benefit)
                .collect();
            if group.iter().all(|row| row[counts[0]].is_empty()) {
                continue;
            }
            for count in counts {
                let total = match benefit {
                    Some(benefit) => &summary["claims"][benefit][count],
                    None => &summary[count],
                };
                let published: u64 = group
                    .iter()
                    .filter_map(|row| row[*count].parse::<u64>().ok())
                    .sum();
                let hidden = total.as_u64().unwrap() - published;
                assert!(
                    hidden == 0 || hidden >= min_cell,
                    "{table} {benefit:?} {count}: the hidden rows hold {hidden}"
                );
            }
        }
    }
}

/// Builds the site, whose data equal those of `release`: the build publishes
/// the release's data files byte for byte, and does not warn that they differ.
fn assert_a_build_reproduces(fixture: &Fixture, release: &str) {
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    assert!(
        !outcome.stderr.contains("differ from release"),
        "{}",
        outcome.stderr
    );
    for (path, bytes) in tree(&releases(fixture).join(release)) {
        if path != "release.toml" && !path.ends_with(".pdf") {
            assert!(
                fs::read(outcome.output.join("data").join(&path)).unwrap() == bytes,
                "{path} differs from release {release}"
            );
        }
    }
}

#[test]
fn a_correction_keeps_every_row_hidden_before_hidden_and_rebuilds_each_release_as_recorded() {
    let fixture = site_of_four_sectors();
    assert_eq!(release(&fixture, &[], Some(EPOCH)).status, 0);
    let first = releases(&fixture).join("2026-04-15");
    assert_eq!(
        sectors(&first),
        ["buruh=6", "nelayan=", "ojek=", "petani=8"]
    );
    assert_a_build_reproduces(&fixture, "2026-04-15");

    correct_ojek_and_buruh(&fixture);
    let corrected = release(
        &fixture,
        &["--correction", "ojek and buruh members"],
        Some(EPOCH),
    );
    assert_eq!(corrected.status, 0, "{}", corrected.stderr);
    let second = releases(&fixture).join("2026-04-15-r2");
    // Alone, the corrected data would hide buruh's 4 beside nelayan and
    // publish ojek's 5; with the first version published too, ojek stays
    // hidden (its 5, published, would leave nelayan's 2 of the first
    // version as the total minus the rest) and buruh's 4, changed, is shown.
    assert_eq!(
        sectors(&second),
        ["buruh=4", "nelayan=", "ojek=", "petani=8"]
    );
    let alone = site_of_four_sectors();
    correct_ojek_and_buruh(&alone);
    assert_eq!(alone.build().status, 0);
    assert_eq!(
        sectors(&alone.root().join("output/data")),
        ["buruh=", "nelayan=", "ojek=5", "petani=8"]
    );

    for (table, key, counts) in BREAKDOWNS {
        let before = hidden_rows(&first, table, key, counts);
        let now = hidden_rows(&second, table, key, counts);
        assert!(
            before.is_subset(&now),
            "{table}: hidden in r1 {before:?}, in r2 {now:?}"
        );
    }
    assert_hidden_sums_keep_the_rule(&first, 3);
    assert_hidden_sums_keep_the_rule(&second, 3);
    assert_a_build_reproduces(&fixture, "2026-04-15-r2");
}
