//! No input makes jaring panic: every input file of a site is replaced by
//! arbitrary bytes, and by small random edits of a valid file (which reach
//! deeper than noise), and the site is loaded and modelled in process.
//! (Rendering sees only a checked model; the end-to-end tests cover it.)
//!
//! Cases per file come from PROPTEST_CASES (256 by default); the README says
//! how long runs were made, e.g. `PROPTEST_CASES=20000 cargo test --release --test fuzz`.

use std::fs;
use std::path::Path;

use jaring::diag::Diagnostics;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const TINY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tiny");

/// Boundaries of the tiny site's districts, so the maps are drawn too.
const BOUNDARIES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/geo/second-region.geojson"
);

const INPUTS: [&str; 10] = [
    "site.toml",
    "data/program.toml",
    "data/sectors.csv",
    "data/districts.csv",
    "data/members.csv",
    "data/payments.csv",
    "data/claims.csv",
    "data/budget.csv",
    "data/districts.geojson",
    "content/_index.md",
];

/// Bytes that matter to the parsers: separators, quotes, line ends, digits,
/// signs, the characters of dates and codes, and multi-byte UTF-8.
const INTERESTING: &[u8] = b",\"\n\r\t 0123456789-+.=@/:_{}()[]%#*\\aZ\xc3\xa9\xef\xbb\xbf\x00\xff";

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, u8),
    Delete(usize, usize),
    Replace(usize, u8),
    Duplicate(usize, usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let byte = prop::sample::select(INTERESTING);
    prop::collection::vec(
        prop_oneof![
            (any::<usize>(), byte.clone()).prop_map(|(at, b)| Edit::Insert(at, b)),
            (any::<usize>(), 1usize..40).prop_map(|(at, n)| Edit::Delete(at, n)),
            (any::<usize>(), byte).prop_map(|(at, b)| Edit::Replace(at, b)),
            (any::<usize>(), 1usize..80).prop_map(|(at, n)| Edit::Duplicate(at, n)),
        ],
        1..6,
    )
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for edit in edits {
        let len = bytes.len().max(1);
        match *edit {
            Edit::Insert(at, byte) => bytes.insert(at % (len + 1).min(bytes.len() + 1), byte),
            Edit::Delete(at, count) => {
                let start = at % len;
                let end = (start + count).min(bytes.len());
                if start < end {
                    bytes.drain(start..end);
                }
            }
            Edit::Replace(at, byte) => {
                if !bytes.is_empty() {
                    let at = at % bytes.len();
                    bytes[at] = byte;
                }
            }
            Edit::Duplicate(at, count) => {
                let start = at % len;
                let end = (start + count).min(bytes.len());
                let copy = bytes.get(start..end).unwrap_or_default().to_vec();
                bytes.splice(end..end, copy);
            }
        }
    }
    bytes
}

fn copy_tiny(to: &Path) {
    for entry in walkdir::WalkDir::new(TINY).min_depth(1) {
        let entry = entry.unwrap();
        let relative = entry.path().strip_prefix(TINY).unwrap();
        if relative.starts_with("expected") {
            continue;
        }
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
    fs::copy(BOUNDARIES, to.join("data/districts.geojson")).unwrap();
}

/// Runs the pipeline on the site with `file` replaced by `bytes`: it must
/// return (not panic), and fail exactly when it reported an error.
fn survives(root: &Path, file: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    fs::write(root.join(file), bytes).unwrap();
    let mut diagnostics = Diagnostics::default();
    let files = jaring::cmd::build_site(root, &Default::default(), &mut diagnostics, |_| {});
    prop_assert_eq!(
        files.is_none(),
        diagnostics.error_count() > 0,
        "{}",
        diagnostics.summary()
    );
    for diagnostic in diagnostics.sorted() {
        let _ = diagnostic.render(false);
    }
    Ok(())
}

fn fuzz_each_input(strategy: impl Fn(&[u8]) -> BoxedStrategy<Vec<u8>>) {
    for file in INPUTS {
        let dir = tempfile::tempdir().unwrap();
        copy_tiny(dir.path());
        let valid = fs::read(dir.path().join(file)).unwrap();
        let mut runner = TestRunner::new(Config::default());
        let result = runner.run(&strategy(&valid), |bytes| {
            survives(dir.path(), file, &bytes)
        });
        if let Err(error) = result {
            panic!("{file}: {error}");
        }
    }
}

#[test]
fn arbitrary_bytes_never_panic() {
    fuzz_each_input(|_| prop::collection::vec(any::<u8>(), 0..600).boxed());
}

#[test]
fn edited_valid_files_never_panic() {
    fuzz_each_input(|valid| {
        let valid = valid.to_vec();
        edits()
            .prop_map(move |edits| apply(valid.clone(), &edits))
            .boxed()
    });
}

/// The tiny site's budget as a workbook, `data/budget.xlsx`, as Excel saves it.
fn budget_workbook() -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let csv = fs::read_to_string(Path::new(TINY).join("data/budget.csv")).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    for (row, record) in reader.records().enumerate() {
        for (column, cell) in record.unwrap().iter().enumerate() {
            let (row, column) = (row as u32, column as u16);
            match cell.parse::<f64>() {
                Ok(number) => sheet.write_number(row, column, number).unwrap(),
                Err(_) => sheet.write_string(row, column, cell).unwrap(),
            };
        }
    }
    workbook.save_to_buffer().unwrap()
}

#[test]
fn arbitrary_and_edited_workbooks_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    copy_tiny(dir.path());
    fs::remove_file(dir.path().join("data/budget.csv")).unwrap();
    let valid = budget_workbook();
    let mut runner = TestRunner::new(Config::default());
    let strategy = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..600),
        edits().prop_map(move |edits| apply(valid.clone(), &edits)),
    ];
    let result = runner.run(&strategy, |bytes| {
        survives(dir.path(), "data/budget.xlsx", &bytes)
    });
    if let Err(error) = result {
        panic!("data/budget.xlsx: {error}");
    }
}
