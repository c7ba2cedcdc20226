//! End-to-end: build fixture sites with the real binary and check every
//! published file, message and exit status.
//!
//! `tests/fixtures/tiny` is a hand-made site whose published data files were
//! computed by hand (`expected/`); invalid sites are the tiny site with one
//! file changed, so each test shows exactly what it breaks.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use walkdir::WalkDir;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
const TINY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tiny");
const EXAMPLE: &str = env!("CARGO_MANIFEST_DIR");

/// A copy of a fixture site in a temporary folder.
struct Fixture {
    dir: tempfile::TempDir,
}

struct Outcome {
    status: i32,
    stderr: String,
    output: PathBuf,
}

impl Outcome {
    /// The `path:line:column: severity: message` lines and the summary,
    /// without the source lines and hints printed under them.
    fn problems(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|line| {
                let header = line.contains(": error: ") || line.contains(": warning: ");
                let summary = line.contains(" errors, ") || line.contains(" error, ");
                let source_line = line
                    .split_once(" |")
                    .is_some_and(|(n, _)| n.trim().parse::<usize>().is_ok());
                !line.starts_with(' ') && !source_line && (header || summary)
            })
            .collect()
    }

    fn file(&self, path: &str) -> String {
        fs::read_to_string(self.output.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }
}

/// The jaring binary, without a cache of images and PDFs unless a test
/// sets one: each test's build starts cold.
fn jaring() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jaring"));
    command.env("JARING_CACHE_DIR", "");
    command
}

impl Fixture {
    fn tiny() -> Fixture {
        Fixture::copy("tiny")
    }

    /// A copy of `tests/fixtures/NAME`, without its expected files.
    fn copy(name: &str) -> Fixture {
        let source = Path::new(FIXTURES).join(name);
        let dir = tempfile::tempdir().unwrap();
        for entry in WalkDir::new(&source).min_depth(1) {
            let entry = entry.unwrap();
            let relative = entry.path().strip_prefix(&source).unwrap();
            if relative.starts_with("expected") {
                continue;
            }
            let target = dir.path().join(relative);
            if entry.file_type().is_dir() {
                fs::create_dir_all(&target).unwrap();
            } else {
                fs::copy(entry.path(), &target).unwrap();
            }
        }
        Fixture { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, relative: &str, text: &str) -> &Fixture {
        let path = self.root().join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
        self
    }

    /// Replaces `from` by `to` in a file of the site; the text must be there.
    fn edit(&self, relative: &str, from: &str, to: &str) -> &Fixture {
        let path = self.root().join(relative);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{relative} has no {from:?}");
        fs::write(path, text.replacen(from, to, 1)).unwrap();
        self
    }

    /// Runs jaring on the site without a cache of images and PDFs.
    fn run(&self, args: &[&str]) -> Outcome {
        self.run_with_cache(args, Path::new(""))
    }

    fn run_with_cache(&self, args: &[&str], cache: &Path) -> Outcome {
        let output = self.root().join("output");
        let result = jaring()
            .args(args)
            .arg("--root")
            .arg(self.root())
            .env("JARING_CACHE_DIR", cache)
            .output()
            .unwrap();
        Outcome {
            status: result.status.code().unwrap_or(-1),
            stderr: String::from_utf8(result.stderr).unwrap(),
            output,
        }
    }

    fn build(&self) -> Outcome {
        self.run(&["build"])
    }
}

fn tree(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    WalkDir::new(folder)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e
                .path()
                .strip_prefix(folder)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (relative, fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn tiny_site_publishes_the_hand_computed_files() {
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    for entry in fs::read_dir(Path::new(TINY).join("expected")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().to_string();
        let expected = fs::read_to_string(entry.path()).unwrap();
        assert_eq!(
            outcome.file(&format!("data/{name}")),
            expected,
            "data/{name}"
        );
    }
}

#[test]
fn every_json_twin_holds_exactly_its_csv() {
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    let package: serde_json::Value =
        serde_json::from_str(&outcome.file("data/datapackage.json")).unwrap();
    let resources = package["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 8);
    for resource in resources {
        let name = resource["name"].as_str().unwrap();
        let fields = resource["schema"]["fields"].as_array().unwrap();
        let csv = outcome.file(&format!("data/{name}.csv"));
        let json: serde_json::Value =
            serde_json::from_str(&outcome.file(&format!("data/{name}.json"))).unwrap();
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let field_names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(headers, field_names, "{name}: CSV header and schema");
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let objects = json.as_array().unwrap();
        assert_eq!(rows.len(), objects.len(), "{name}: row count");
        for (row, object) in rows.iter().zip(objects) {
            let keys: Vec<&String> = object.as_object().unwrap().keys().collect();
            assert_eq!(
                keys,
                headers.iter().collect::<Vec<_>>(),
                "{name}: JSON keys in column order"
            );
            for ((cell, field), header) in row.iter().zip(fields).zip(&headers) {
                let value = &object[header];
                let expected = match (cell, field["type"].as_str().unwrap()) {
                    ("", _) => serde_json::Value::Null,
                    (text, "string") => serde_json::Value::from(text),
                    (text, "integer") => serde_json::Value::from(text.parse::<i64>().unwrap()),
                    (text, _) => serde_json::Value::from(text.parse::<f64>().unwrap()),
                };
                assert_eq!(value, &expected, "{name}.{header}");
            }
        }
    }
}

#[test]
fn reconciliation_warnings_are_printed_and_published() {
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    assert_eq!(
        outcome.problems(),
        [
            "data/claims.csv:9: warning: JKK claim: incident on 2026-03-12 falls outside the member's covered months",
            "data/payments.csv:6: warning: 2026-04: 10 members billed, but 11 members are covered that month in data/members.csv",
            "0 errors, 2 warnings in 2 files",
        ]
    );
    let page = outcome.file("kualitas-data/index.html");
    assert!(
        page.contains("April 2026: 10 anggota ditagih, 11 tercatat aktif."),
        "{page}"
    );
    assert!(page.contains("1 klaim JKK terjadi di luar masa kepesertaan pesertanya."));
    assert!(
        !page.contains("2026-03-12"),
        "individual claim dates are health data and stay private"
    );
}

#[test]
fn the_site_has_every_page_and_nothing_from_outside() {
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    let files = tree(&outcome.output);
    let pages: Vec<&String> = files.keys().filter(|p| p.ends_with(".html")).collect();
    let mut expected: Vec<String> = [
        "anggaran",
        "cakupan",
        "cari",
        "data",
        "klaim",
        "kualitas-data",
        "laporan",
        "metodologi",
    ]
    .iter()
    .map(|section| format!("{section}/index.html"))
    .collect();
    for id in [
        "budget_by_month",
        "claims_by_district",
        "claims_by_month",
        "claims_by_sector",
        "coverage_by_district",
        "coverage_by_month",
        "coverage_by_sector",
        "coverage_rate_by_district",
    ] {
        expected.push(format!("grafik/{id}/embed.html"));
        expected.push(format!("grafik/{id}/index.html"));
    }
    expected.push("index.html".to_string());
    expected.sort();
    assert_eq!(pages, expected.iter().collect::<Vec<_>>());
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("[missing text]"),
            "{path} lacks a translation"
        );
        if path.ends_with(".html") {
            for needle in ["http://", "https://", "//cdn"] {
                let allowed = needle == "http://"
                    && text.matches(needle).count()
                        == text.matches("http://www.w3.org/2000/svg").count();
                assert!(
                    !text.contains(needle) || allowed,
                    "{path} refers to {needle}"
                );
            }
            assert_links_resolve(&outcome.output, path, &text, &files);
        }
    }
}

/// Every relative href and src points at a published file.
fn assert_links_resolve(output: &Path, page: &str, html: &str, files: &BTreeMap<String, Vec<u8>>) {
    let folder = Path::new(page).parent().unwrap();
    for attribute in ["href=\"", "src=\""] {
        for piece in html.split(attribute).skip(1) {
            let target = piece.split('"').next().unwrap();
            let target = target.split('#').next().unwrap();
            if target.is_empty() {
                continue;
            }
            let mut path = PathBuf::new();
            for part in folder.join(target).components() {
                match part {
                    std::path::Component::ParentDir => {
                        path.pop();
                    }
                    std::path::Component::Normal(p) => path.push(p),
                    _ => {}
                }
            }
            let key = path.to_string_lossy().replace('\\', "/");
            assert!(
                files.contains_key(&key),
                "{page} links to {target}, which {} lacks",
                output.display()
            );
        }
    }
}

#[test]
fn narrative_shows_live_values_and_charts() {
    let fixture = Fixture::tiny();
    let home = fixture.build().file("index.html");
    assert!(
        home.contains(
            "Per 15 April 2026, 11 dari 20 pekerja tercakup (55%); dibayar Rp390.000 (32,5%)."
        ),
        "{home}"
    );
    assert!(home.contains("<figure class=\"figure\" id=\"coverage_by_month\""));
    let coverage = fixture.build().file("cakupan/index.html");
    assert_eq!(coverage.matches("id=\"coverage_by_month\"").count(), 1);
}

#[test]
fn suppressed_cells_show_only_the_mark() {
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    let coverage = outcome.file("cakupan/index.html");
    assert!(coverage.contains("* Kurang dari 3 orang: disembunyikan untuk melindungi privasi."));
    let sector_table = coverage
        .split("id=\"coverage_by_sector\"")
        .nth(1)
        .unwrap()
        .split("</figure>")
        .next()
        .unwrap();
    assert!(
        sector_table.contains("<th scope=\"row\">Ojek</th><td class=\"num suppressed\">*</td>"),
        "{sector_table}"
    );
    assert!(
        !sector_table.contains(">2<"),
        "ojek's count of 2 must not appear"
    );
    let methodology = outcome.file("metodologi/index.html");
    assert!(methodology.contains("Ambang batas privasi situs ini adalah 3"));
}

#[test]
fn a_site_template_overrides_the_built_in_one() {
    let fixture = Fixture::tiny();
    fixture.write(
        "templates/table.html",
        "<p class=\"custom\">{{ table.caption }}</p>\n",
    );
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    assert!(
        outcome
            .file("cakupan/index.html")
            .contains("<p class=\"custom\">Tabel data gambar 1</p>")
    );
    fixture.write("templates/assets/style.css", "body { color: red }\n");
    assert_eq!(
        fixture.build().file("assets/style.css"),
        "body { color: red }\n"
    );
}

#[test]
fn a_broken_template_is_reported_and_nothing_is_written() {
    let fixture = Fixture::tiny();
    fixture.write(
        "templates/section.html",
        "{% extends \"base.html\" %}{% block main %}{{ nope( }}{% endblock main %}",
    );
    let outcome = fixture.build();
    assert_eq!(outcome.status, 1);
    assert_eq!(
        error_lines(&outcome),
        ["templates/section.html:1:51: error: Found `}}` but expected identifier."]
    );
    fixture.write(
        "templates/section.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ nothing.here }}</p>\n{% endblock main %}\n",
    );
    let outcome = fixture.build();
    assert_eq!(outcome.status, 1);
    let errors = error_lines(&outcome);
    assert_eq!(
        errors.len(),
        1,
        "one report, though three pages use the template: {errors:?}"
    );
    assert!(
        errors[0]
            .starts_with("templates/section.html:3:7: error: Variable `nothing` is not defined."),
        "{errors:?}"
    );
    assert!(!outcome.output.exists());
}

#[test]
fn a_report_typst_cannot_typeset_is_reported_for_each_language() {
    let fixture = Fixture::tiny();
    fixture.edit(
        "site.toml",
        "languages = [\"id\"]",
        "languages = [\"id\", \"en\"]",
    );
    fixture.write("templates/laporan.typ", "= {{ title }}\n#nope()\n");
    let outcome = fixture.build();
    assert_eq!(outcome.status, 1);
    assert_eq!(
        error_lines(&outcome),
        [
            "templates/laporan.typ: error: the PDF report en/laporan-2026.pdf cannot be typeset: laporan.typ:2: unknown variable: nope",
            "templates/laporan.typ: error: the PDF report laporan-2026.pdf cannot be typeset: laporan.typ:2: unknown variable: nope",
        ]
    );
    assert!(!outcome.output.exists());
}

#[test]
fn two_builds_are_byte_identical() {
    let first = Fixture::tiny();
    let second = Fixture::tiny();
    assert_eq!(tree(&first.build().output), tree(&second.build().output));
}

#[test]
fn cached_images_and_pdfs_give_the_same_site() {
    let uncached = Fixture::tiny();
    let expected = tree(&uncached.build().output);
    let cache = tempfile::tempdir().unwrap();
    let cached = Fixture::tiny();
    for _ in 0..2 {
        let outcome = cached.run_with_cache(&["build"], cache.path());
        assert_eq!(outcome.status, 0, "{}", outcome.stderr);
        assert_eq!(tree(&outcome.output), expected);
    }
    let entries = |kind: &str| fs::read_dir(cache.path().join(kind)).unwrap().count();
    // The tiny site is in Indonesian only: one PDF, 8 PNG charts.
    assert_eq!((entries("pdf"), entries("png")), (1, 8));
}

#[test]
fn check_validates_and_writes_nothing() {
    let fixture = Fixture::tiny();
    let outcome = fixture.run(&["check"]);
    assert_eq!(outcome.status, 0);
    assert!(
        outcome.stderr.ends_with("ok: the site builds\n"),
        "{}",
        outcome.stderr
    );
    assert!(!outcome.output.exists());
}

#[test]
fn usage_errors_exit_with_2() {
    let outcome = jaring().arg("bild").output().unwrap();
    assert_eq!(outcome.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&outcome.stderr).contains("unrecognized subcommand 'bild'"));
}

/// Builds the tiny site after `change`; the build must fail with status 1
/// and leave the previous output as it was.
fn failed_build(change: impl Fn(&Fixture)) -> Outcome {
    let fixture = Fixture::tiny();
    assert_eq!(fixture.build().status, 0);
    let before = tree(&fixture.root().join("output"));
    change(&fixture);
    let outcome = fixture.build();
    assert_eq!(outcome.status, 1, "{}", outcome.stderr);
    assert_eq!(
        tree(&outcome.output),
        before,
        "a failed build must not touch the output"
    );
    assert!(
        outcome
            .stderr
            .ends_with("nothing written: fix the errors above and run again\n")
    );
    outcome
}

/// The `path:line:column: error: message` lines of a failed build.
fn errors_after(change: impl Fn(&Fixture)) -> Vec<String> {
    error_lines(&failed_build(change))
}

fn error_lines(outcome: &Outcome) -> Vec<String> {
    outcome
        .problems()
        .into_iter()
        .filter(|l| l.contains(": error: "))
        .map(String::from)
        .collect()
}

#[test]
fn unknown_codes_are_reported_with_a_suggestion() {
    let fixture = Fixture::tiny();
    fixture.edit("data/members.csv", "M04,petani,11.02", "M04,petanii,11.09");
    let outcome = fixture.build();
    assert_eq!(outcome.status, 1);
    assert_eq!(
        outcome.stderr,
        "\
data/members.csv:5:5: error: sector 'petanii' is not in data/sectors.csv
  |
5 | M04,petanii,11.09,,,2026-02,
  |     ^^^^^^^
  |
  = hint: did you mean 'petani'?
data/members.csv:5:13: error: district '11.09' is not in data/districts.csv
  |
5 | M04,petanii,11.09,,,2026-02,
  |             ^^^^^
  |
  = hint: did you mean '11.01'?
2 errors, 0 warnings in 1 file
nothing written: fix the errors above and run again
"
    );
}

#[test]
fn every_problem_in_every_file_is_reported_at_once() {
    let errors = errors_after(|f| {
        f.edit(
            "data/members.csv",
            "M02,petani,11.01,P,35-44,2026-01,",
            "M01,petani,11.01,X,35-44,2026-13,",
        );
        f.edit(
            "data/payments.csv",
            "2026-03,2026-03-19,10,100000",
            "2026-03,2026-03-19,10,-100000",
        );
        f.edit(
            "data/payments.csv",
            "2026-04,2026-04-14,10,100000",
            "2026-04,2026-04-16,10,100.000",
        );
        f.edit(
            "data/claims.csv",
            "C02,M02,JKK,2026-02-03,paid,2026-02-10,750000",
            "C02,M99,JKK,2026-02-03,paid,,750000",
        );
        f.edit("data/claims.csv", "C03,M06,JKK", "C01,M06,JKN");
    });
    assert_eq!(
        errors,
        [
            "data/claims.csv:3:5: error: the claim's member_id is not in data/members.csv",
            "data/claims.csv:3:29: error: a paid claim has no paid_on date",
            "data/claims.csv:4:1: error: claim_id appears twice (first on line 2)",
            "data/claims.csv:4:9: error: benefit 'JKN' is not one of the program's benefits",
            "data/members.csv:3:1: error: member_id appears twice (first on line 2)",
            "data/members.csv:3:18: error: gender 'X' is not valid",
            "data/members.csv:3:26: error: covered_from '2026-13' is not valid",
            "data/payments.csv:5:23: error: amount '-100000' is negative",
            "data/payments.csv:6:9: error: paid_on 2026-04-16 is after the data cut-off 2026-04-15",
            "data/payments.csv:6:23: error: amount '100.000' is not whole Rupiah",
        ]
    );
}

#[test]
fn a_claim_of_an_unknown_member_is_an_error() {
    let errors = errors_after(|f| {
        f.edit("data/claims.csv", "C02,M02,", "C02,M99,");
    });
    assert_eq!(
        errors,
        ["data/claims.csv:3:5: error: the claim's member_id is not in data/members.csv"]
    );
}

#[test]
fn windows_line_endings_keep_positions_exact() {
    let errors = errors_after(|f| {
        let members = fs::read_to_string(f.root().join("data/members.csv")).unwrap();
        let members = members.replace("M03,petani,11.01,L,", "M03,petani,11.01,X,");
        f.write("data/members.csv", &members.replace('\n', "\r\n"));
        f.edit(
            "data/payments.csv",
            "2026-04,2026-04-14,10,100000",
            "2026-04,2026-04-14,10,-5",
        );
        let payments = fs::read_to_string(f.root().join("data/payments.csv")).unwrap();
        f.write("data/payments.csv", &payments.replace('\n', "\r\n"));
    });
    assert_eq!(
        errors,
        [
            "data/members.csv:4:18: error: gender 'X' is not valid",
            "data/payments.csv:6:23: error: amount '-5' is negative",
        ]
    );
}

#[test]
fn header_problems_are_reported_per_column() {
    let errors = errors_after(|f| {
        f.edit(
            "data/members.csv",
            "member_id,sector,district,gender,age_band,covered_from,covered_until",
            "member_id,sektor,district,gender,age_band,covered_from,covered_until,catatan",
        );
    });
    assert_eq!(
        errors,
        [
            "data/members.csv:1:1: error: required column 'sector' is missing",
            "data/members.csv:1:11: error: unknown column 'sektor'",
            "data/members.csv:1:70: error: unknown column 'catatan'",
        ]
    );
}

#[test]
fn malformed_rows_and_dates_are_errors() {
    let errors = errors_after(|f| {
        f.edit(
            "data/members.csv",
            "M05,petani,11.02,P,65+,2026-01,",
            "M05,petani,11.02,P,65+,2026-01",
        );
        f.edit(
            "data/members.csv",
            "M11,ojek,11.03,L,15-24,2026-04,",
            "M11,ojek,11.03,L,15-24,2026-05,",
        );
        f.edit(
            "data/members.csv",
            "M03,petani,11.01,L,45-54,2026-01,2026-02",
            "M03,petani,11.01,L,45-54,2026-03,2026-02",
        );
        f.edit(
            "data/claims.csv",
            "C04,M08,JKK,2026-03-01",
            "C04,M08,JKK,2025-12-31",
        );
    });
    assert_eq!(
        errors,
        [
            "data/claims.csv:5:13: error: incident_date 2025-12-31 is outside the period 2026-01 to 2026-06",
            "data/members.csv:4:34: error: covered_until 2026-02 is before covered_from 2026-03",
            "data/members.csv:6:1: error: this row has 6 fields but the header has 7",
            "data/members.csv:12:24: error: covered_from 2026-05 is after the data cut-off 2026-04-15",
        ]
    );
}

#[test]
fn configuration_and_content_problems_point_at_their_line() {
    let errors = errors_after(|f| {
        f.edit("site.toml", "min_cell = 3", "min_cell = 2");
        f.edit(
            "data/program.toml",
            "end = \"2026-06\"",
            "end = \"Juni 2026\"",
        );
        f.write(
            "content/cakupan.md",
            "+++\ntitle = \"Cakupan\"\n+++\n\nAda {{ value(key=\"member_current\") }} peserta.\n",
        );
    });
    assert_eq!(
        errors,
        [
            "data/program.toml:6:7: error: end 'Juni 2026' is not a month",
            "site.toml:5:12: error: [privacy] min_cell is 2, below the allowed minimum of 3",
        ],
        "content is checked once the data loads"
    );
    let errors = errors_after(|f| {
        f.write(
            "content/cakupan.md",
            "+++\ntitle = \"Cakupan\"\n+++\n\nAda {{ value(key=\"member_current\") }} peserta.\n",
        );
    });
    assert_eq!(
        errors,
        ["content/cakupan.md:5:5: error: unknown value key 'member_current'"]
    );
}

#[test]
fn a_missing_file_is_an_error_with_a_hint() {
    let fixture = Fixture::tiny();
    fs::remove_file(fixture.root().join("data/budget.csv")).unwrap();
    let outcome = fixture.build();
    assert_eq!(outcome.status, 1);
    assert!(
        outcome
            .stderr
            .starts_with("data/budget.csv: error: cannot read the file: No such file or directory"),
        "{}",
        outcome.stderr
    );
    assert!(outcome.stderr.contains(
        "  hint: every site needs this file; `jaring init DIR` writes an example to start from"
    ));
}

#[test]
fn output_folders_not_written_by_jaring_are_left_alone() {
    let fixture = Fixture::tiny();
    fixture.write("output/notes.txt", "mine");
    let outcome = fixture.build();
    assert_eq!(outcome.status, 2);
    assert!(
        outcome
            .stderr
            .contains("is not empty and was not written by jaring"),
        "{}",
        outcome.stderr
    );
    assert_eq!(outcome.file("notes.txt"), "mine");
}

#[test]
fn init_makes_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("baru");
    let status = jaring().arg("init").arg(&site).status().unwrap();
    assert_eq!(status.code(), Some(0));
    let outcome = jaring()
        .args(["check", "--root"])
        .arg(&site)
        .output()
        .unwrap();
    assert_eq!(
        outcome.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&outcome.stderr)
    );
    let again = jaring().arg("init").arg(&site).output().unwrap();
    assert_eq!(
        again.status.code(),
        Some(2),
        "init refuses a folder that is not empty"
    );
}

#[test]
fn the_bundled_example_builds_cleanly_and_publishes_no_ids() {
    let output = tempfile::tempdir().unwrap();
    let result = jaring()
        .args(["build", "--root", EXAMPLE, "--output"])
        .arg(output.path().join("site"))
        .output()
        .unwrap();
    let stderr = String::from_utf8(result.stderr).unwrap();
    assert_eq!(result.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.starts_with("wrote "),
        "the example has no warnings: {stderr}"
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&fs::read(output.path().join("site/data/summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["target_members"], 3450);
    assert_eq!(summary["allocated"], 670_680_000);
    let mut ids = Vec::new();
    for file in ["data/members.csv", "data/claims.csv"] {
        let mut reader = csv::Reader::from_path(Path::new(EXAMPLE).join(file)).unwrap();
        for record in reader.records() {
            ids.push(record.unwrap()[0].to_string());
        }
    }
    assert!(ids.len() > 3450);
    for (path, bytes) in tree(&output.path().join("site")) {
        let text = String::from_utf8_lossy(&bytes);
        for id in &ids {
            assert!(!text.contains(id.as_str()), "{path} contains the id {id}");
        }
    }
    // `jaring init` hands out the same example: every file of it, no warning.
    let copy = output.path().join("copy");
    assert_eq!(
        jaring().arg("init").arg(&copy).status().unwrap().code(),
        Some(0)
    );
    let copied = tree(&copy);
    for folder in ["content", "data"] {
        for (path, bytes) in tree(&Path::new(EXAMPLE).join(folder)) {
            let path = format!("{folder}/{path}");
            assert_eq!(copied.get(&path), Some(&bytes), "init copies {path}");
        }
    }
    let checked = jaring()
        .args(["check", "--root"])
        .arg(&copy)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&checked.stderr),
        "ok: the site builds\n",
        "the copy has no warnings"
    );
}

#[test]
fn rendered_pages_match_their_snapshots() {
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    for page in [
        "index",
        "cakupan/index",
        "anggaran/index",
        "klaim/index",
        "data/index",
        "metodologi/index",
        "kualitas-data/index",
    ] {
        let name = format!("tiny_{}", page.replace("/index", "").replace('-', "_"));
        insta::assert_snapshot!(name, outcome.file(&format!("{page}.html")));
    }
}

/// Like [`errors_after`], and also checks that no refused value appears in full.
fn privacy_errors_after(change: impl Fn(&Fixture), secrets: &[&str]) -> Vec<String> {
    let outcome = failed_build(change);
    for secret in secrets {
        assert!(
            !outcome.stderr.contains(secret),
            "the report leaks {secret}:\n{}",
            outcome.stderr
        );
    }
    error_lines(&outcome)
}

#[test]
fn personal_data_columns_are_refused_even_when_allowed() {
    let errors = privacy_errors_after(
        |f| {
            f.edit(
                "site.toml",
                "min_cell = 3",
                "min_cell = 3\n\n[data]\nextra_columns = [\"nama_lengkap\", \"catatan\"]",
            );
            let members = fs::read_to_string(f.root().join("data/members.csv")).unwrap();
            let mut lines: Vec<String> = members.lines().map(|line| format!("{line},,")).collect();
            lines[0] = lines[0].replace("covered_until,,", "covered_until,nama_lengkap,No HP");
            lines[1] = format!(
                "{},Budi Santoso,081234567890",
                lines[1].trim_end_matches(',')
            );
            lines[1] = lines[1].replacen("2026-01,Budi", "2026-01,,Budi", 1);
            f.write("data/members.csv", &(lines.join("\n") + "\n"));
        },
        &["Budi", "081234567890"],
    );
    assert_eq!(
        errors,
        [
            "data/members.csv:1:70: error: column 'nama_lengkap' looks like personal data (a person's name)",
            "data/members.csv:1:83: error: column 'No HP' looks like personal data (a phone number)",
        ]
    );
}

#[test]
fn values_quoted_in_errors_are_masked_too() {
    let errors = privacy_errors_after(
        |f| {
            f.edit(
                "data/members.csv",
                "M05,petani,11.02,P,65+,2026-01,",
                "M05,petani,11.02,P,65+,081234567890,",
            );
        },
        &["081234567890"],
    );
    assert_eq!(
        errors,
        ["data/members.csv:6:24: error: covered_from '0812********' is not valid"]
    );
}

#[test]
fn personal_data_values_are_refused_masked_at_their_place() {
    let errors = privacy_errors_after(
        |f| {
            f.edit(
                "data/payments.csv",
                "001/SP2D/2026",
                "NIK 3602 0415 0788 0001",
            );
            f.edit(
                "data/sectors.csv",
                "ojek,Ojek,",
                "ojek,\"Ojek, hub. 0812-3456-7890\",",
            );
            f.edit(
                "data/budget.csv",
                "Tambahan,DBHCHT",
                "Tambahan (budi.santoso@mail.go.id),DBHCHT",
            );
            f.edit("data/members.csv", "M10,ojek", "3602041507880001,ojek");
            f.edit(
                "data/program.toml",
                "administrator = \"Dinas Uji\"",
                "administrator = \"Dinas Uji, +62 812 3456 7890\"",
            );
        },
        &["0415", "3456", "santoso", "mail.go.id", "07880001"],
    );
    assert_eq!(
        errors,
        [
            "data/budget.csv:3:11: error: this looks like an e-mail address: 'b***********@**********'",
            "data/claims.csv:8:5: error: the claim's member_id is not in data/members.csv",
            "data/members.csv:11:1: error: member_id is not an opaque pseudonym",
            "data/members.csv:11:1: error: this looks like an ID number (NIK, KK, NPWP, KPJ): '3602************'",
            "data/payments.csv:2:32: error: this looks like an ID number (NIK, KK, NPWP, KPJ): '3602 **** **** ****'",
            "data/program.toml:2:29: error: this looks like a phone number: '+62 *** **** ****'",
            "data/sectors.csv:4:18: error: this looks like a phone number: '0812-****-****'",
        ]
    );
}

#[test]
fn neutral_extra_columns_are_accepted_and_searched() {
    let fixture = Fixture::tiny();
    fixture.edit(
        "site.toml",
        "min_cell = 3",
        "min_cell = 3\n\n[data]\nextra_columns = [\"catatan\"]",
    );
    fixture.edit(
        "data/budget.csv",
        "item,source,allocated",
        "item,source,allocated,catatan",
    );
    fixture.edit("data/budget.csv", "APBD,1000000", "APBD,1000000,Perda 2025");
    fixture.edit(
        "data/budget.csv",
        "DBHCHT,200000",
        "DBHCHT,200000,telp 0252-1234567",
    );
    let outcome = fixture.build();
    assert_eq!(
        outcome.status, 0,
        "a landline in a note is not a mobile number: {}",
        outcome.stderr
    );
    fixture.edit("data/budget.csv", "telp 0252-1234567", "wa 0812 1234 5678");
    let outcome = fixture.build();
    assert_eq!(outcome.status, 1);
    assert!(
        outcome.stderr.contains(
            "data/budget.csv:3:27: error: this looks like a phone number: '0812 **** ****'"
        ),
        "{}",
        outcome.stderr
    );
}

#[test]
fn deny_warnings_turns_warnings_into_a_failure() {
    let fixture = Fixture::tiny();
    let outcome = fixture.run(&["build", "--deny-warnings"]);
    assert_eq!(outcome.status, 1);
    assert!(
        outcome
            .stderr
            .ends_with("nothing written: --deny-warnings makes the warnings above errors\n"),
        "{}",
        outcome.stderr
    );
    assert!(!outcome.output.exists());
    assert_eq!(fixture.run(&["check", "--deny-warnings"]).status, 1);
    assert_eq!(fixture.run(&["check"]).status, 0);
}

#[test]
fn an_output_folder_that_would_destroy_the_site_is_refused() {
    let fixture = Fixture::tiny();
    let before = tree(fixture.root());
    let parent = fixture.root().parent().unwrap().to_path_buf();
    for output in [
        fixture.root().to_path_buf(),
        fixture.root().join("data"),
        fixture.root().join("content/x"),
        fixture.root().join("templates"),
        parent,
    ] {
        let result = jaring()
            .args(["build", "--root"])
            .arg(fixture.root())
            .arg("--output")
            .arg(&output)
            .output()
            .unwrap();
        assert_eq!(result.status.code(), Some(2), "{}", output.display());
        assert!(String::from_utf8_lossy(&result.stderr).starts_with("error: --output "));
    }
    assert_eq!(tree(fixture.root()), before);
}

#[test]
fn the_build_date_comes_from_source_date_epoch_or_as_of() {
    let fixture = Fixture::tiny();
    assert!(
        fixture
            .build()
            .file("index.html")
            .contains("Situs dibuat pada 15 April 2026.")
    );
    let run = |epoch: &str| {
        jaring()
            .args(["build", "--root"])
            .arg(fixture.root())
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .unwrap()
    };
    assert_eq!(run("1767225600").status.code(), Some(0));
    assert!(
        fs::read_to_string(fixture.root().join("output/index.html"))
            .unwrap()
            .contains("Situs dibuat pada 1 Januari 2026.")
    );
    let bad = run("kemarin");
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&bad.stderr).starts_with(
            "SOURCE_DATE_EPOCH: error: 'kemarin' is not a number of seconds since 1970"
        )
    );
}

#[test]
fn checksums_cover_every_data_file() {
    use sha2::{Digest, Sha256};
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    let listed = outcome.file("data/checksums.sha256");
    let data_files: Vec<String> = tree(&outcome.output.join("data"))
        .into_keys()
        .filter(|name| name != "checksums.sha256" && name != "index.html")
        .collect();
    let names: Vec<&str> = listed.lines().map(|line| &line[66..]).collect();
    assert_eq!(names, data_files);
    for line in listed.lines() {
        let (hex, name) = line.split_once("  ").unwrap();
        let digest = Sha256::digest(fs::read(outcome.output.join("data").join(name)).unwrap());
        let expected: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, expected, "{name}");
    }
}

const HOSTILE: [&str; 3] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "=HYPERLINK(\"http://x\")",
];

#[test]
fn hostile_names_are_plain_text_in_every_format() {
    let fixture = Fixture::copy("hostile");
    fixture.write(
        "content/_index.md",
        "+++\ntitle = \"Beranda\"\n+++\n{{ chart(id=\"coverage_by_sector\") }}\n",
    );
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let files = tree(&outcome.output);
    for (path, bytes) in files.iter().filter(|(path, _)| {
        !path.ends_with(".png") && !path.ends_with(".zip") && !path.ends_with(".pdf")
    }) {
        let text = String::from_utf8(bytes.clone()).unwrap();
        if path.ends_with(".html") {
            assert!(
                !text.contains("<script>alert"),
                "{path} has a live script tag"
            );
            assert!(!text.contains("<img src=x"), "{path} has a live img tag");
            assert!(
                !text.contains("\"><img"),
                "{path} lets a quote end an attribute"
            );
        }
        if path.ends_with(".csv") {
            assert!(
                !text.contains(",=HYPERLINK"),
                "{path} starts a cell with a formula"
            );
        }
    }
    let cakupan = outcome.file("cakupan/index.html");
    assert!(
        cakupan.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
            || cakupan.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "HTML table shows the name as text"
    );
    let svg_text = cakupan.split("<svg").nth(1).unwrap();
    assert!(
        svg_text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the chart shows the name as text"
    );
    assert!(
        outcome
            .file("data/coverage_by_sector.csv")
            .contains("ojek,\"'=HYPERLINK(\"\"http://x\"\")\",,,")
    );
    let json: serde_json::Value =
        serde_json::from_str(&outcome.file("data/coverage_by_sector.json")).unwrap();
    assert_eq!(json[0]["sector_name"], HOSTILE[1]);
    assert_eq!(json[2]["sector_name"], HOSTILE[0]);
}

#[test]
fn an_interrupted_build_leaves_the_previous_site_as_it_was() {
    let fixture = Fixture::tiny();
    let mut members = fs::read_to_string(fixture.root().join("data/members.csv")).unwrap();
    for index in 0..150_000 {
        let sector = ["petani", "nelayan", "ojek"][index % 3];
        let district = ["11.01", "11.02", "11.03"][index % 3];
        members.push_str(&format!(
            "T{index:07},{sector},{district},L,25-34,2026-0{},\n",
            1 + index % 4
        ));
    }
    fixture.write("data/members.csv", &members);
    assert_eq!(fixture.build().status, 0);
    let before = tree(&fixture.root().join("output"));
    let started = std::time::Instant::now();
    assert_eq!(fixture.build().status, 0);
    let full_build = started.elapsed();
    for eighth in 1..8 {
        let mut child = jaring()
            .args(["build", "--root"])
            .arg(fixture.root())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full_build * eighth / 8);
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(
            tree(&fixture.root().join("output")),
            before,
            "killed after {eighth}/8 of a build"
        );
    }
    assert_eq!(fixture.build().status, 0);
    let leftovers: Vec<String> = fs::read_dir(fixture.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|name| name.contains("jaring-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// The bundled example, built into a temporary folder.
fn example_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("site");
    let result = jaring()
        .args(["build", "--root", EXAMPLE, "--output"])
        .arg(&output)
        .output()
        .unwrap();
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    (dir, output)
}

fn csv_rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|record| {
            headers
                .iter()
                .zip(record.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Every chart of the site, as the generator numbers them.
const CHART_IDS: [&str; 8] = jaring::render::figures::FIGURE_IDS;

#[test]
fn every_chart_has_a_page_and_downloads_that_match_the_published_tables() {
    let (_dir, site) = example_site();
    for id in CHART_IDS {
        for prefix in ["", "en/"] {
            for file in [
                "index.html",
                "embed.html",
                &format!("{id}.svg"),
                &format!("{id}.png"),
            ] {
                assert!(
                    site.join(format!("{prefix}grafik/{id}/{file}")).is_file(),
                    "{prefix}grafik/{id}/{file}"
                );
            }
            let png = fs::read(site.join(format!("{prefix}grafik/{id}/{id}.png"))).unwrap();
            assert_eq!(
                u32::from_be_bytes(png[16..20].try_into().unwrap()),
                840,
                "{id}: PNG at twice the SVG's 420 px"
            );
            let page =
                fs::read_to_string(site.join(format!("{prefix}grafik/{id}/index.html"))).unwrap();
            assert!(
                page.contains(&format!("id=\"{id}\"")),
                "{id}: the chart keeps its anchor on its page"
            );
            assert!(page.contains("&lt;iframe src="), "{id}: an embed snippet");
        }
        let charted =
            csv_rows(&fs::read_to_string(site.join(format!("grafik/{id}/{id}.csv"))).unwrap());
        let published = csv_rows(&fs::read_to_string(site.join(format!("data/{id}.csv"))).unwrap());
        assert_eq!(charted.len(), published.len(), "{id}");
        for (chart_row, table_row) in charted.iter().zip(&published) {
            for (column, value) in chart_row {
                assert_eq!(table_row.get(column), Some(value), "{id}.{column}");
            }
        }
        let json: serde_json::Value = serde_json::from_str(
            &fs::read_to_string(site.join(format!("grafik/{id}/{id}.json"))).unwrap(),
        )
        .unwrap();
        assert_eq!(
            json.as_array().unwrap().len(),
            charted.len(),
            "{id}: JSON twin"
        );
    }
}

#[test]
fn every_page_has_its_twin_in_the_other_language() {
    let (_dir, site) = example_site();
    let pages: Vec<String> = tree(&site)
        .into_keys()
        .filter(|path| path.ends_with(".html"))
        .collect();
    let indonesian: Vec<&str> = pages
        .iter()
        .filter(|p| !p.starts_with("en/"))
        .map(String::as_str)
        .collect();
    let english: Vec<&str> = pages.iter().filter_map(|p| p.strip_prefix("en/")).collect();
    assert_eq!(indonesian, english);
    let home = fs::read_to_string(site.join("en/index.html")).unwrap();
    assert!(home.contains("<html lang=\"en\">"));
    assert!(home.contains("<link rel=\"alternate\" hreflang=\"id\" href=\"../index.html\">"));
    assert!(
        home.contains("<a href=\"../index.html\" hreflang=\"id\" lang=\"id\">Bahasa Indonesia</a>")
    );
    assert!(home.contains("IDR 670,680,000"), "English formats");
    let coverage = fs::read_to_string(site.join("en/cakupan/index.html")).unwrap();
    assert!(
        coverage.contains("Farm labourers"),
        "sector names in English"
    );
    assert!(!coverage.contains("Buruh tani"));
}

#[test]
fn a_missing_translation_falls_back_with_a_warning() {
    let fixture = Fixture::tiny();
    fixture.edit(
        "site.toml",
        "languages = [\"id\"]",
        "languages = [\"id\", \"en\"]",
    );
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    assert!(outcome.stderr.contains("content/metodologi.md: warning: no en translation: the English site shows this page untranslated"), "{}", outcome.stderr);
    assert!(
        outcome
            .file("en/metodologi/index.html")
            .contains("Data uji buatan tangan.")
    );
    assert!(
        outcome
            .file("en/metodologi/index.html")
            .contains("<h1>Metodologi</h1>")
    );
}

#[test]
fn the_data_archive_holds_every_data_file_and_a_readme() {
    let (_dir, site) = example_site();
    let file = fs::File::open(site.join("data/data-2026-10-31.zip")).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let names: Vec<String> = archive
        .file_names()
        .map(|name| name.unwrap().to_string())
        .collect();
    for table in CHART_IDS {
        assert!(
            names.contains(&format!("data-2026-10-31/{table}.csv")),
            "{table}"
        );
        assert!(
            names.contains(&format!("data-2026-10-31/{table}.json")),
            "{table}"
        );
    }
    let mut readme = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("data-2026-10-31/README.txt").unwrap(),
        &mut readme,
    )
    .unwrap();
    assert!(
        readme.contains("Lisensi: CC-BY-4.0") && readme.contains("Licence: CC-BY-4.0"),
        "{readme}"
    );
    assert!(readme.contains("members_current (integer)"));
    assert!(
        !site.join("sitemap.xml").exists(),
        "no sitemap without base_url"
    );
    assert_eq!(
        fs::read_to_string(site.join("robots.txt")).unwrap(),
        "User-agent: *\nAllow: /\n"
    );
    let feed = fs::read_to_string(site.join("feed.xml")).unwrap();
    assert!(
        feed.contains("<title>Data per 31 Oktober 2026</title>"),
        "{feed}"
    );
}

/// Every text-showing string of a PDF page, decoded with the fonts' ToUnicode maps.
fn pdf_text(document: &lopdf::Document) -> String {
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    document.extract_text(&pages).unwrap_or_default()
}

#[test]
fn the_annual_report_pdf_has_the_headline_figures_as_text_and_embedded_fonts() {
    let (_dir, site) = example_site();
    for (path, figures) in [
        (
            "laporan-2026.pdf",
            [
                "3.405",
                "Rp551.496.600",
                "Rp670.680.000",
                "Laporan Tahunan 2026",
            ],
        ),
        (
            "en/laporan-2026.pdf",
            [
                "3,405",
                "IDR 551,496,600",
                "IDR 670,680,000",
                "Annual Report 2026",
            ],
        ),
    ] {
        let document = lopdf::Document::load(site.join(path)).unwrap();
        let pages = document.get_pages().len();
        assert!((12..=40).contains(&pages), "{path}: {pages} pages");
        let text = pdf_text(&document);
        for figure in figures {
            assert!(text.contains(figure), "{path} lacks {figure}");
        }
        let mut fonts = 0;
        for object in document.objects.values() {
            let Ok(dictionary) = object.as_dict() else {
                continue;
            };
            if dictionary.get(b"Type").and_then(|t| t.as_name()).ok()
                == Some(b"FontDescriptor".as_slice())
            {
                fonts += 1;
                assert!(
                    dictionary.has(b"FontFile2") || dictionary.has(b"FontFile3"),
                    "{path}: a font is not embedded"
                );
            }
        }
        assert!(fonts >= 2, "{path}: {fonts} fonts");
    }
    let page = fs::read_to_string(site.join("laporan/index.html")).unwrap();
    assert!(
        page.contains("<a href=\"../laporan-2026.pdf\">"),
        "the print page links the PDF"
    );
    assert!(
        fs::read_to_string(site.join("index.html"))
            .unwrap()
            .contains("href=\"laporan-2026.pdf\""),
        "the home page links the PDF"
    );
}

#[test]
fn the_report_is_reproducible() {
    let (_a, first) = example_site();
    let (_b, second) = example_site();
    assert_eq!(
        fs::read(first.join("laporan-2026.pdf")).unwrap(),
        fs::read(second.join("laporan-2026.pdf")).unwrap()
    );
}

// Output folders, site folders and links (issue 13: data loss and leaks found by hostile use).

/// Runs `jaring build --root site --output OUTPUT` from the folder holding
/// the site, as a user at a shell would.
fn build_from_parent(fixture: &Fixture, output: &str) -> std::process::Output {
    jaring()
        .current_dir(fixture.root())
        .args(["build", "--root", "site", "--output", output])
        .output()
        .unwrap()
}

/// The tiny site moved into `site/` of its temporary folder, beside an
/// unrelated folder `keep/` holding a file.
fn site_beside_keep() -> Fixture {
    let fixture = Fixture::tiny();
    let site = fixture.root().join("site");
    fs::create_dir(&site).unwrap();
    for name in ["site.toml", "data", "content"] {
        fs::rename(fixture.root().join(name), site.join(name)).unwrap();
    }
    fixture.write("keep/thesis.txt", "precious");
    fixture
}

#[test]
fn outputs_are_judged_after_resolving_dot_dot_and_links() {
    let fixture = site_beside_keep();
    std::os::unix::fs::symlink(
        fixture.root().join("site/content"),
        fixture.root().join("link"),
    )
    .unwrap();
    let before = tree(fixture.root());
    for output in [
        "nx/../keep",
        "nx/../site",
        "site/output/../content/x",
        "site/output/../data",
        "link/x",
        "nx/../link",
    ] {
        let result = build_from_parent(&fixture, output);
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(2), "{output}: {stderr}");
        assert!(stderr.starts_with("error: --output "), "{output}: {stderr}");
        assert_eq!(tree(fixture.root()), before, "{output} changed the files");
        assert!(
            !fixture.root().join("nx").exists(),
            "{output} made a folder"
        );
    }
    assert_eq!(
        build_from_parent(&fixture, "nx/../out").status.code(),
        Some(0)
    );
    assert!(fixture.root().join("out/index.html").is_file());
    assert!(!fixture.root().join("nx").exists());
}

#[test]
fn an_output_that_is_a_link_is_written_through() {
    let fixture = site_beside_keep();
    let deploy = fixture.root().join("deploy");
    fs::create_dir(&deploy).unwrap();
    std::os::unix::fs::symlink(&deploy, fixture.root().join("site/output")).unwrap();
    for _ in 0..2 {
        let result = build_from_parent(&fixture, "site/output");
        assert_eq!(result.status.code(), Some(0), "{result:?}");
    }
    let link = fs::symlink_metadata(fixture.root().join("site/output")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    assert!(deploy.join("index.html").is_file());
    std::os::unix::fs::symlink(
        fixture.root().join("keep"),
        fixture.root().join("site/public"),
    )
    .unwrap();
    let result = build_from_parent(&fixture, "site/public");
    assert_eq!(result.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&result.stderr).contains("was not written by jaring"),
        "{result:?}"
    );
    assert_eq!(
        fs::read_to_string(fixture.root().join("keep/thesis.txt")).unwrap(),
        "precious"
    );
}

#[test]
fn a_root_without_a_site_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("file.txt"), "x").unwrap();
    for (root, says) in [
        (dir.path().join("missing"), "No such file or directory"),
        (dir.path().join("file.txt"), "is a file, not a folder"),
        (dir.path().to_path_buf(), "has no site.toml"),
    ] {
        for command in ["build", "check"] {
            let result = jaring()
                .args([command, "--root"])
                .arg(&root)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&result.stderr);
            assert_eq!(
                result.status.code(),
                Some(2),
                "{command} {}: {stderr}",
                root.display()
            );
            assert!(stderr.starts_with("error: no site here: "), "{stderr}");
            assert!(stderr.contains(says), "{stderr}");
            assert_eq!(
                stderr.lines().count(),
                2,
                "one problem and its hint: {stderr}"
            );
        }
    }
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn input_files_linked_from_outside_the_site_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("notes.md"),
        "+++\ntitle = \"Rahasia\"\n+++\nrahasia\n",
    )
    .unwrap();
    let errors = errors_after(|f| {
        let members = f.root().join("data/members.csv");
        let copy = outside.path().join("members.csv");
        fs::rename(&members, &copy).unwrap();
        std::os::unix::fs::symlink(&copy, &members).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("notes.md"),
            f.root().join("content/notes.md"),
        )
        .unwrap();
    });
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].starts_with("content/notes.md: error: this is a link to "),
        "{errors:?}"
    );
    assert!(
        errors[1].starts_with("data/members.csv: error: this is a link to "),
        "{errors:?}"
    );
    let fixture = Fixture::tiny();
    fs::rename(
        fixture.root().join("data/budget.csv"),
        fixture.root().join("data/budget-2026.csv"),
    )
    .unwrap();
    std::os::unix::fs::symlink("budget-2026.csv", fixture.root().join("data/budget.csv")).unwrap();
    let outcome = fixture.build();
    assert_eq!(
        outcome.status, 0,
        "a link inside the site is followed: {}",
        outcome.stderr
    );
}

#[test]
fn a_template_that_replaces_nothing_is_a_warning() {
    let fixture = Fixture::tiny();
    fixture.write(
        "templates/base.htm",
        "<html>{% block content %}{% endblock %}</html>",
    );
    fixture.write("templates/partials/nav.html", "<nav></nav>");
    fixture.write(
        "templates/page.html",
        &fs::read_to_string(Path::new(EXAMPLE).join("templates/page.html"))
            .unwrap()
            .replacen(
                "{% block main %}",
                "{% block main %}{% include \"partials/nav.html\" %}",
                1,
            ),
    );
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let about_templates: Vec<&str> = outcome
        .problems()
        .into_iter()
        .filter(|line| line.starts_with("templates/"))
        .collect();
    assert_eq!(
        about_templates,
        [
            "templates/base.htm: warning: this template replaces no built-in template and no template uses it"
        ],
        "{}",
        outcome.stderr
    );
    assert!(outcome.stderr.contains("hint: did you mean base.html?"));
}

#[test]
fn serve_on_a_taken_port_is_a_usage_error() {
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let result = jaring()
        .args(["serve", "--root", TINY, "--port", &port])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("choose another with --port"), "{stderr}");
}

// Issue 13 A: disguised personal data, content and templates scanned, TOML strings and values checked.

#[test]
fn disguised_personal_data_is_refused_in_cells_pages_and_templates() {
    let errors = privacy_errors_after(
        |f| {
            f.edit(
                "data/payments.csv",
                "001/SP2D/2026",
                "NIK 3602\u{a0}0415\u{a0}0788\u{a0}0001",
            );
            f.edit(
                "data/sectors.csv",
                "ojek,Ojek,",
                "ojek,Ojek (0812) 3456-7890,",
            );
            f.edit(
                "data/budget.csv",
                "Tambahan,DBHCHT",
                "Tambahan budi.santoso＠mail.go.id,DBHCHT",
            );
            f.edit(
                "content/metodologi.md",
                "Data uji buatan tangan.",
                "Data uji buatan tangan; pengadu: ٣٦٠٢٠٤١٥٠٧٨٨٠٠٠١.",
            );
            f.edit(
                "content/metodologi.md",
                "Cara angka dihitung",
                "Tanya 0812\u{200b}3456\u{200b}7890",
            );
            f.write(
                "templates/page.html",
                "<footer>Kontak: humas@dinas-uji.go.id</footer>\n",
            );
        },
        &["0415", "3456", "santoso", "mail.go.id", "٠٧٨٨", "dinas-uji"],
    );
    assert_eq!(
        errors,
        [
            "content/metodologi.md:3:22: error: this looks like a phone number: '0812**********'",
            "content/metodologi.md:7:34: error: this looks like an ID number (NIK, KK, NPWP, KPJ): '٣٦٠٢************'",
            "data/budget.csv:3:10: error: this looks like an e-mail address: 'b**********************'",
            "data/payments.csv:2:32: error: this looks like an ID number (NIK, KK, NPWP, KPJ): '3602***************'",
            "data/sectors.csv:4:12: error: this looks like a phone number: '0812* ****-****'",
            "templates/page.html:1:17: error: this looks like an e-mail address: 'h****@***************'",
        ]
    );
}

#[test]
fn the_bundled_example_and_fixtures_hold_nothing_that_looks_personal() {
    for root in [EXAMPLE, TINY] {
        let outcome = jaring().args(["check", "--root", root]).output().unwrap();
        assert_eq!(
            outcome.status.code(),
            Some(0),
            "{root}: {}",
            String::from_utf8_lossy(&outcome.stderr)
        );
    }
}

#[test]
fn control_characters_and_unclear_config_values_are_refused_at_their_key() {
    let errors = errors_after(|f| {
        f.edit(
            "data/program.toml",
            "region = \"Kabupaten Uji\"",
            "region = \"Kabupaten \\u202EijU\"",
        );
        f.edit(
            "data/program.toml",
            "name = \"Program Uji\"",
            "name = \" \"",
        );
        f.edit(
            "data/program.toml",
            "contribution = 10000",
            "contribution = \"10.000\"",
        );
        f.edit(
            "data/program.toml",
            "target_members = 20",
            "target_members = 0",
        );
        f.edit(
            "site.toml",
            "title = \"Situs uji\"",
            "title = \"Situs\\u0000uji\"",
        );
    });
    assert_eq!(
        errors,
        [
            "data/program.toml:1:8: error: name is empty",
            "data/program.toml:3:1: error: region holds a line break or another control character (U+202E)",
            "data/program.toml:8:18: error: target_members is 0: it must be positive",
            "data/program.toml:9:16: error: contribution \"10.000\" is not a whole number of Rupiah",
            "site.toml:1:1: error: title holds a line break or another control character (U+0000)",
        ]
    );
}

#[test]
fn a_direction_override_in_a_csv_text_cell_is_refused() {
    let errors = errors_after(|f| {
        f.edit("data/sectors.csv", "ojek,Ojek,", "ojek,Ojek\u{202e}kejO,");
    });
    assert_eq!(
        errors,
        ["data/sectors.csv:4:6: error: the value holds an invisible control character"]
    );
}

// The annual report is named by the programme period, not by the as_of year.

/// The PDF's document title (its Info dictionary), as a reader's title bar shows it.
fn pdf_title(document: &lopdf::Document) -> String {
    let info = document
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .and_then(|id| document.get_dictionary(id))
        .expect("the PDF has an Info dictionary");
    let bytes = info.get(b"Title").unwrap().as_str().unwrap();
    match bytes.strip_prefix(&[0xfe, 0xff]) {
        Some(utf16) => String::from_utf16(
            &utf16
                .chunks(2)
                .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
                .collect::<Vec<_>>(),
        )
        .unwrap(),
        None => bytes.iter().map(|&byte| char::from(byte)).collect(),
    }
}

/// Builds the tiny site in both languages with `program.toml` changed, and
/// checks every place the report's year shows.
fn assert_report_named(change: (&str, &str), slug: &str, indonesian: &str, english: &str) {
    let fixture = Fixture::tiny();
    fixture.edit("data/program.toml", change.0, change.1).edit(
        "site.toml",
        "languages = [\"id\"]",
        "languages = [\"id\", \"en\"]",
    );
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let pdfs: Vec<String> = tree(&outcome.output)
        .into_keys()
        .filter(|path| path.ends_with(".pdf"))
        .collect();
    let pdf = format!("laporan-{slug}.pdf");
    assert_eq!(pdfs, [format!("en/{pdf}"), pdf.clone()]);
    for (prefix, title) in [("", indonesian), ("en/", english)] {
        let document =
            lopdf::Document::load(outcome.output.join(format!("{prefix}{pdf}"))).unwrap();
        assert_eq!(pdf_title(&document), title, "{prefix}{pdf}: metadata");
        assert!(pdf_text(&document).contains(title), "{prefix}{pdf}: cover");
        let report = outcome.file(&format!("{prefix}laporan/index.html"));
        assert!(
            report.contains(&format!("<h1 id=\"report-title\">{title}</h1>")),
            "{report}"
        );
        assert!(report.contains(&format!("href=\"../{pdf}\"")));
        for page in ["index.html", "data/index.html"] {
            let html = outcome.file(&format!("{prefix}{page}"));
            assert!(
                html.contains(&format!("{pdf}\"")),
                "{prefix}{page} links {pdf}"
            );
        }
    }
}

#[test]
fn the_final_report_after_the_period_is_named_by_the_period_year() {
    assert_report_named(
        (
            "end = \"2026-06\"\nas_of = 2026-04-15",
            "end = \"2026-12\"\nas_of = 2027-02-15",
        ),
        "2026",
        "Laporan Tahunan 2026",
        "Annual Report 2026",
    );
}

#[test]
fn a_period_across_two_years_names_both() {
    assert_report_named(
        ("start = \"2026-01\"", "start = \"2025-07\""),
        "2025-2026",
        "Laporan Tahunan 2025/2026",
        "Annual Report 2025/2026",
    );
}

// The printed report: every figure's full table once, in the annex.

#[test]
fn the_report_prints_each_full_table_once_in_its_annex() {
    let (_dir, site) = example_site();
    for (path, annex, label, note, own_table) in [
        (
            "laporan-2026.pdf",
            "Lampiran: tabel data",
            "Tabel L.",
            " di Lampiran",
            "Tabel data gambar ",
        ),
        (
            "en/laporan-2026.pdf",
            "Annex: data tables",
            "Table A.",
            " in the Annex",
            "Data table for figure ",
        ),
    ] {
        let text = pdf_text(&lopdf::Document::load(site.join(path)).unwrap());
        let annex_at = text
            .rfind(annex)
            .unwrap_or_else(|| panic!("{path}: no annex"));
        for (number, id) in CHART_IDS.iter().enumerate().map(|(i, id)| (i + 1, id)) {
            let caption = format!("{label}{number}. ");
            assert_eq!(text.matches(&caption).count(), 1, "{path}: {caption}");
            assert!(
                text.find(&caption).unwrap() > annex_at,
                "{path}: {caption} in the annex"
            );
            let reference = format!("{label}{number}{note}");
            assert_eq!(
                text.matches(&reference).count(),
                1,
                "{path}: figure {number} names its annex table"
            );
            // The example's 28 districts make long tables; its 10 sectors
            // and 10 months short ones, kept under their figure too.
            let printed_with_figure = usize::from(!id.ends_with("_district"));
            assert_eq!(
                text.matches(&format!("{own_table}{number}")).count(),
                printed_with_figure,
                "{path}: figure {number}'s own table"
            );
        }
    }
}

// Charts readable on screen and in print.

#[test]
fn every_chart_text_is_at_least_11_px_and_districts_get_a_row_each() {
    let (_dir, site) = example_site();
    for id in CHART_IDS {
        let svg = fs::read_to_string(site.join(format!("grafik/{id}/{id}.svg"))).unwrap();
        let sizes: Vec<f64> = svg
            .split("font-size=\"")
            .skip(1)
            .map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap())
            .collect();
        assert!(!sizes.is_empty(), "{id}: has text");
        for size in sizes {
            assert!(size >= 11.0, "{id}: text of {size} px");
        }
    }
    let districts =
        fs::read_to_string(site.join("grafik/coverage_by_district/coverage_by_district.svg"))
            .unwrap();
    let height: f64 = districts
        .split_once("height=\"")
        .and_then(|(_, rest)| rest.split('"').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        height <= 28.0 * 24.0,
        "28 districts at one short row each, not {height} px"
    );
}

// Issue 13 C: search index, language twins, content safety, template errors.

#[test]
fn the_note_on_problems_not_shown_comes_after_them() {
    let outcome = failed_build(|f| {
        let path = f.root().join("data/payments.csv");
        let mut payments = fs::read_to_string(&path).unwrap();
        for _ in 0..1005 {
            payments.push_str("2026-04,2026-04-14,10,banyak,x\n");
        }
        fs::write(path, payments).unwrap();
    });
    let lines: Vec<&str> = outcome
        .problems()
        .into_iter()
        .filter(|line| line.starts_with("data/payments.csv"))
        .collect();
    assert_eq!(lines.len(), 1001, "{}", outcome.stderr);
    assert!(lines[0].starts_with("data/payments.csv:"), "{}", lines[0]);
    assert_eq!(
        lines.last().copied(),
        Some("data/payments.csv: error: 5 more problems in this file are not shown")
    );
}

/// The entries of a built `cari/search-index.js`.
fn search_entries(outcome: &Outcome, index: &str) -> Vec<serde_json::Value> {
    let script = outcome.file(index);
    let json = script
        .strip_prefix("window.JARING_SEARCH = ")
        .and_then(|rest| rest.strip_suffix(";\n"))
        .unwrap_or_else(|| panic!("{index} is not the index script: {script}"));
    serde_json::from_str(json).unwrap()
}

#[test]
fn the_search_index_holds_each_pages_words_without_markup() {
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let entries = search_entries(&outcome, "cari/search-index.js");
    assert!(entries.len() >= 8, "{entries:?}");
    for entry in &entries {
        let text = entry["text"].as_str().unwrap();
        for residue in [
            "<", ">", "=\"", "class=", "id=", "&amp;", "&lt;", "\u{e000}",
        ] {
            assert!(!text.contains(residue), "{residue:?} in {entry}");
        }
        assert!(!text.is_empty(), "{entry}");
    }
    let page = |url: &str| {
        entries
            .iter()
            .find(|e| e["url"] == url)
            .unwrap_or_else(|| panic!("no entry for {url}"))
    };
    let home = page("../index.html")["text"].as_str().unwrap();
    assert!(
        home.starts_with("Per 15 April 2026, 11 dari 20 pekerja tercakup (55%);"),
        "the narrative with its values: {home}"
    );
    let methodology = page("../metodologi/index.html");
    assert_eq!(methodology["title"], "Metodologi");
    assert!(
        methodology["text"]
            .as_str()
            .unwrap()
            .starts_with("Sumber Data uji buatan tangan.")
    );
    assert!(
        !entries.iter().any(|e| e["url"] == "../cari/index.html"),
        "the search page finds itself"
    );
}

#[test]
fn hostile_names_in_the_search_index_cannot_become_markup() {
    let fixture = Fixture::copy("hostile");
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let script = outcome.file("cari/search-index.js");
    for character in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
        assert!(!script.contains(character), "{character:?} in the index");
    }
    assert!(script.contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"));
    let entries = search_entries(&outcome, "cari/search-index.js");
    assert!(
        entries.iter().any(|e| e["text"]
            .as_str()
            .unwrap()
            .contains("<script>alert(1)</script>")),
        "the names are searchable as they are written"
    );
}

/// The pages a relative `href` in `page` leads to, below `site`.
fn resolve(page: &str, href: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in href.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." => {}
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[test]
fn every_page_names_its_twins_and_switches_language() {
    let (_dir, site) = example_site();
    let files = tree(&site);
    let pages: Vec<&String> = files
        .keys()
        // Embeds are bare on purpose: a chart inside another site's frame.
        .filter(|path| path.ends_with(".html") && !path.ends_with("/embed.html"))
        .collect();
    assert!(pages.contains(&&"en/laporan/index.html".to_string()));
    for page in pages {
        let html = String::from_utf8_lossy(&files[page.as_str()]);
        let own = if page.starts_with("en/") { "en" } else { "id" };
        let twin_of = |code: &str| {
            let below = page.strip_prefix("en/").unwrap_or(page);
            if code == "en" {
                format!("en/{below}")
            } else {
                below.to_string()
            }
        };
        for code in ["id", "en"] {
            let marker = format!("<link rel=\"alternate\" hreflang=\"{code}\" href=\"");
            let href = html
                .split(&marker)
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap_or_else(|| panic!("{page} has no hreflang link for {code}"));
            assert_eq!(resolve(page, href), twin_of(code), "{page}: {href}");
        }
        let switch = html
            .split("<nav class=\"language-switch\"")
            .nth(1)
            .and_then(|rest| rest.split("</nav>").next())
            .unwrap_or_else(|| panic!("{page} has no language switch"));
        let other = if own == "id" { "en" } else { "id" };
        let href = switch
            .split("<a href=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap();
        assert!(
            switch.contains(&format!("hreflang=\"{other}\"")),
            "{page}: {switch}"
        );
        assert_eq!(resolve(page, href), twin_of(other), "{page}: {href}");
        assert!(files.contains_key(&twin_of(other)), "{page}: no twin");
    }
}

#[test]
fn raw_html_in_content_is_text_unless_the_site_allows_it() {
    let fixture = Fixture::tiny();
    fixture.write(
        "content/metodologi.md",
        "+++\ntitle = \"Metodologi\"\n+++\nSatu <b onclick=\"alert(1)\">tebal</b>.\n\n<script>alert(2)</script>\n",
    );
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let page = outcome.file("metodologi/index.html");
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("<b onclick"), "{page}");
    assert!(
        page.contains("<p>&lt;script&gt;alert(2)&lt;/script&gt;\n</p>"),
        "{page}"
    );
    assert!(page.contains("Satu &lt;b onclick=\"alert(1)\"&gt;tebal&lt;/b&gt;."));
    let content_problems = |outcome: &Outcome| -> Vec<String> {
        outcome
            .problems()
            .into_iter()
            .filter(|line| line.starts_with("content/"))
            .map(String::from)
            .collect()
    };
    assert_eq!(
        content_problems(&outcome),
        [
            "content/metodologi.md:4:6: warning: raw HTML is shown as text, not as markup",
            "content/metodologi.md:4:33: warning: raw HTML is shown as text, not as markup",
            "content/metodologi.md:6:1: warning: raw HTML is shown as text, not as markup",
        ]
    );
    fixture.edit("site.toml", "languages", "allow_raw_html = true\nlanguages");
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    assert!(content_problems(&outcome).is_empty(), "{}", outcome.stderr);
    let page = outcome.file("metodologi/index.html");
    assert!(
        page.contains("<script>alert(2)</script>"),
        "the agency allowed it"
    );
}

#[test]
fn script_addresses_in_content_are_errors_at_their_place() {
    let errors = errors_after(|f| {
        f.write(
            "content/metodologi.md",
            "+++\ntitle = \"Metodologi\"\n+++\n## Sumber\n\nLihat [di sini](javascript:alert(1)) atau [sini](  JavaScript:x).\n\n![grafik](data:text/html,x) ![ikon](data:image/png;base64,AAAA)\n\n[ref]: vbscript:msgbox\n\n[lagi][ref]\n",
        );
    });
    assert_eq!(
        errors,
        [
            "content/metodologi.md:6:17: error: a javascript: address would run a script on the site",
            "content/metodologi.md:6:52: error: a javascript: address would run a script on the site",
            "content/metodologi.md:8:11: error: a data: address would run a script on the site",
            "content/metodologi.md:12:1: error: a vbscript: address would run a script on the site",
        ]
    );
}

#[test]
fn template_errors_in_content_point_at_the_files_line() {
    let outcome = failed_build(|f| {
        f.write(
            "content/metodologi.md",
            "+++\ntitle = \"Metodologi\"\ndescription = \"x\"\n+++\n## Sumber\n\nData uji.\n\nDibayar {{ value(key=\"paid\") | rupiah }} dan {{ \"x\" is genap }}.\n",
        );
    });
    assert!(
        !outcome.stderr.contains("__tera_one_off"),
        "{}",
        outcome.stderr
    );
    assert_eq!(
        error_lines(&outcome),
        [
            "content/metodologi.md:9:32: error: Unknown filter `rupiah`",
            "content/metodologi.md:9:56: error: Unknown test `genap`",
        ]
    );
    let errors = errors_after(|f| {
        f.write(
            "content/metodologi.md",
            "+++\ntitle = \"Metodologi\"\n+++\nSatu.\n\n{% if %}\n",
        );
    });
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("content/metodologi.md:6:7: error: "),
        "{errors:?}"
    );
}
