//! What every end-to-end test uses: fixture sites copied to a temporary folder,
//! the jaring binary run on them, and readers for what a build leaves.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use walkdir::WalkDir;

pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

pub const TINY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tiny");

pub const EXAMPLE: &str = env!("CARGO_MANIFEST_DIR");

/// A copy of a fixture site in a temporary folder.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

pub struct Outcome {
    pub status: i32,
    pub stderr: String,
    pub output: PathBuf,
}

impl Outcome {
    /// The `path:line:column: severity: message` lines and the summary,
    /// without the source lines and hints printed under them.
    pub fn problems(&self) -> Vec<&str> {
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

    pub fn file(&self, path: &str) -> String {
        fs::read_to_string(self.output.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }
}

/// The jaring binary, without a cache of images and PDFs unless a test
/// sets one: each test's build starts cold.
pub fn jaring() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jaring"));
    command.env("JARING_CACHE_DIR", "");
    command
}

impl Fixture {
    pub fn tiny() -> Fixture {
        Fixture::copy("tiny")
    }

    /// A copy of `tests/fixtures/NAME`, without its expected files.
    pub fn copy(name: &str) -> Fixture {
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

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, relative: &str, text: &str) -> &Fixture {
        let path = self.root().join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
        self
    }

    /// Replaces `from` by `to` in a file of the site; the text must be there.
    pub fn edit(&self, relative: &str, from: &str, to: &str) -> &Fixture {
        let path = self.root().join(relative);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{relative} has no {from:?}");
        fs::write(path, text.replacen(from, to, 1)).unwrap();
        self
    }

    /// Runs jaring on the site without a cache of images and PDFs.
    pub fn run(&self, args: &[&str]) -> Outcome {
        self.run_with_cache(args, Path::new(""))
    }

    pub fn run_with_cache(&self, args: &[&str], cache: &Path) -> Outcome {
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

    pub fn build(&self) -> Outcome {
        self.run(&["build"])
    }
}

pub fn tree(folder: &Path) -> BTreeMap<String, Vec<u8>> {
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

/// Builds the tiny site after `change`; the build must fail with status 1
/// and leave the previous output as it was.
pub fn failed_build(change: impl Fn(&Fixture)) -> Outcome {
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
pub fn errors_after(change: impl Fn(&Fixture)) -> Vec<String> {
    error_lines(&failed_build(change))
}

pub fn error_lines(outcome: &Outcome) -> Vec<String> {
    outcome
        .problems()
        .into_iter()
        .filter(|l| l.contains(": error: "))
        .map(String::from)
        .collect()
}

pub const HOSTILE: [&str; 3] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "=HYPERLINK(\"http://x\")",
];

/// Requires a run of jaring to have succeeded, showing what it said if not.
pub fn assert_succeeded(result: &std::process::Output) {
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

/// The bundled example, built into a temporary folder.
pub fn example_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("site");
    let result = jaring()
        .args(["build", "--root", EXAMPLE, "--output"])
        .arg(&output)
        .output()
        .unwrap();
    assert_succeeded(&result);
    (dir, output)
}

pub fn csv_rows(text: &str) -> Vec<BTreeMap<String, String>> {
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

/// Every chart of a site with district boundaries (the example), as the
/// generator numbers them; the tiny site has no maps.
pub const CHART_IDS: [&str; 10] = jaring::render::figures::FIGURE_IDS;

/// The charts that are maps: their downloads are the mapped values, not
/// columns of a published table of the same name (see `maps.rs`).
pub const MAP_IDS: [&str; 2] = ["coverage_map", "claims_map"];

/// Every text-showing string of a PDF page, decoded with the fonts' ToUnicode maps.
pub fn pdf_text(document: &lopdf::Document) -> String {
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    document.extract_text(&pages).unwrap_or_default()
}
