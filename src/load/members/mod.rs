//! The members table: one row per covered worker, kept only as counts of
//! the few small integers the model needs ([`MemberGroups`]). No member id is
//! kept: duplicates are found by fingerprint, and the ids claims refer to
//! were read from claims.csv first ([`Claimants`]).
//!
//! Two readers share the rules below. [`parallel`] splits a plain UTF-8 CSV
//! file into blocks parsed on every core and gives up at the first row that
//! is not plainly valid; [`exact`] then reads the table again row by row and
//! reports every problem with its place. Valid CSV files never need the
//! second reader; a UTF-16 file and a sheet are read by it alone. The first
//! keeps each id only as a [`fingerprints`] entry.
//!
//! Imports the rest of `load` (the table reader, claimants, code lists) and
//! the base modules; nothing of `load` imports it but [`crate::load`].

mod exact;
mod fingerprints;
mod parallel;

use std::path::Path;

use rustc_hash::FxHashMap;

use super::claimants::Claimants;
use super::member::Member;
use super::reference::{CodeList, District, Sector};
use super::source::{Sources, Table, TableSources};
use super::table::{Column, Kind, TableReader};
use crate::calendar::Month;
use crate::diag::Diagnostics;
use crate::load::program::Program;
use crate::text::personal_data::find_personal_value;

/// The members, as how many share each combination of sector, district and
/// covered months: everything the definitions count, in a few thousand entries
/// however many members there are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberGroups {
    /// Sorted by member, so that the model sums in the same order every run.
    groups: Vec<(Member, u64)>,
}

impl MemberGroups {
    fn from_counts(counts: FxHashMap<Member, u64>) -> MemberGroups {
        let mut groups: Vec<(Member, u64)> = counts.into_iter().collect();
        groups.sort_unstable();
        MemberGroups { groups }
    }

    /// Each distinct member and how many members it stands for.
    pub fn iter(&self) -> impl Iterator<Item = (&Member, u64)> {
        self.groups.iter().map(|(member, count)| (member, *count))
    }
}

pub const AGE_BANDS: [&str; 6] = ["15-24", "25-34", "35-44", "45-54", "55-64", "65+"];

const MEMBER_ID: usize = 0;
const SECTOR: usize = 1;
const DISTRICT: usize = 2;
const GENDER: usize = 3;
const AGE_BAND: usize = 4;
const COVERED_FROM: usize = 5;
const COVERED_UNTIL: usize = 6;
const COLUMNS: [Column; 7] = [
    Column::required("member_id").of(Kind::Code),
    Column::required("sector").of(Kind::Code),
    Column::required("district").of(Kind::Code),
    Column::optional("gender").of(Kind::Code),
    Column::optional("age_band").of(Kind::Code),
    Column::required("covered_from").of(Kind::Month),
    Column::optional("covered_until").of(Kind::Month),
];

/// What a member row is checked against; a part is None when its own file
/// failed to load, and the checks that need it are skipped.
pub struct MemberRules<'a> {
    pub program: Option<&'a Program>,
    pub sectors: Option<&'a CodeList<Sector>>,
    pub districts: Option<&'a CodeList<District>>,
    pub extra_columns: &'a [String],
    /// Where the code lists came from, to name them in messages.
    pub tables: &'a TableSources,
}

/// Reads the members, recording the rows of claimants in `claimants`. The
/// groups are None when a row is wrong (reported); the whole result is None
/// when the table is unreadable.
pub fn load_members(
    root: &Path,
    sources: &mut Sources,
    rules: &MemberRules,
    claimants: &mut Claimants,
    diagnostics: &mut Diagnostics,
) -> Option<Option<MemberGroups>> {
    let reader = TableReader::open(
        root,
        sources,
        Table::Members,
        &COLUMNS,
        rules.extra_columns,
        diagnostics,
    )?;
    if !reader.has_findings()
        && let Some(tally) = parallel::tally(&reader, rules, claimants)
    {
        for (slot, member) in tally.claimants.into_iter().flatten() {
            claimants.record(slot, super::claimants::Claimant::Listed(member));
        }
        reader.finish(diagnostics);
        return Some(Some(MemberGroups::from_counts(tally.counts)));
    }
    Some(exact::read(reader, rules, claimants, diagnostics))
}

/// A problem of a row: the column, the message and a hint.
type RowProblem = (usize, String, &'static str);

/// A member's covered months, checked against the program: the first and
/// last covered month, or every problem as (column, message, hint).
fn covered_months(
    program: &Program,
    from: Month,
    until: Option<Month>,
) -> Result<(Month, Month), Vec<RowProblem>> {
    let mut problems = Vec::new();
    if from < program.start || from > program.end {
        problems.push((
            COVERED_FROM,
            format!(
                "covered_from {from} is outside the period {} to {}",
                program.start, program.end
            ),
            "members are covered within the program's start and end months",
        ));
    } else if from > program.as_of_month() {
        problems.push((
            COVERED_FROM,
            format!(
                "covered_from {from} is after the data cut-off {}",
                program.as_of
            ),
            "list members who join later in a later data release",
        ));
    }
    if let Some(until) = until {
        if until < from {
            problems.push((
                COVERED_UNTIL,
                format!("covered_until {until} is before covered_from {from}"),
                "covered_until is the last covered month",
            ));
        } else if until > program.end || until < program.start {
            problems.push((
                COVERED_UNTIL,
                format!(
                    "covered_until {until} is outside the period {} to {}",
                    program.start, program.end
                ),
                "leave covered_until empty when the member is covered to the end",
            ));
        }
    }
    if problems.is_empty() {
        Ok((from, until.unwrap_or(program.end)))
    } else {
        Err(problems)
    }
}

fn is_gender(text: &str) -> bool {
    matches!(text, "L" | "P")
}

fn is_age_band(text: &str) -> bool {
    AGE_BANDS.contains(&text)
}

/// member_id and claim_id: `[A-Za-z0-9_-]{1,64}`, never 10 or more digits only.
pub fn read_pseudonym(reader: &mut TableReader, column: usize, name: &str) -> Option<Box<str>> {
    is_pseudonym(reader, column, name)
        .then(|| reader.raw_text(column).map(Box::from))
        .flatten()
}

/// Whether a column holds a valid pseudonym (see [`read_pseudonym`]),
/// reporting it when not: then [`TableReader::raw_text`] is the id, without
/// a copy.
pub fn is_pseudonym(reader: &mut TableReader, column: usize, name: &str) -> bool {
    let Some(text) = reader.required_text(column, name) else {
        return false;
    };
    match pseudonym_problem(text) {
        None => true,
        Some(hint) => {
            reader.error(
                column,
                format!("{name} is not an opaque pseudonym"),
                Some(hint),
            );
            false
        }
    }
}

fn pseudonym_problem(text: &str) -> Option<&'static str> {
    if text.len() > 64
        || !text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        Some("use up to 64 letters, digits, - or _")
    } else if text.len() >= 10 && text.bytes().all(|b| b.is_ascii_digit()) {
        Some(
            "10 or more digits look like an ID card or phone number: use a pseudonym such as LBK-7Q2M9X",
        )
    } else {
        None
    }
}

/// Whether a plain id is a valid pseudonym that holds no personal data, as
/// the exact reader decides. Valid pseudonym characters hold no `@`, and
/// fewer than 10 digits are no ID or phone number: only longer runs of
/// digits need the detectors.
pub fn is_plain_id(id: &[u8]) -> bool {
    if id.is_empty() || id.len() > 64 {
        return false;
    }
    let (mut valid, mut digits) = (true, 0);
    for &byte in id {
        valid &= byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_';
        digits += usize::from(byte.is_ascii_digit());
    }
    valid
        && (digits < 10
            || std::str::from_utf8(id).is_ok_and(|id| {
                pseudonym_problem(id).is_none() && find_personal_value(id).is_none()
            }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::claimants::Claimant;
    use crate::load::{program, reference, source};
    use proptest::prelude::*;

    /// A site's reference files (the tiny fixture's) with `members` as members.csv.
    fn site_with_members(members: &str) -> tempfile::TempDir {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny/data");
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("data")).unwrap();
        for file in ["program.toml", "sectors.csv", "districts.csv"] {
            std::fs::copy(fixture.join(file), dir.path().join("data").join(file)).unwrap();
        }
        std::fs::write(dir.path().join(Table::Members.csv_file()), members).unwrap();
        dir
    }

    /// The parallel reader's groups and claimants (None when it gave up).
    type ParallelResult = Option<(MemberGroups, Vec<Claimant>)>;
    /// The exact reader's groups, claimants and number of errors.
    type ExactResult = (Option<MemberGroups>, Vec<Claimant>, usize);

    /// What each reader makes of a members.csv claiming `claimed`, the
    /// parallel one remembering at most `max_tails` row tails per worker
    /// (None: as many as it would).
    fn read_both(
        members: &str,
        claimed: &[&str],
        max_tails: Option<usize>,
    ) -> (ParallelResult, ExactResult) {
        let dir = site_with_members(members);
        let root = dir.path();
        // The other tables are missing: not what is tested here.
        let mut sources = source::find_sources(root, &mut Diagnostics::default());
        let mut diagnostics = Diagnostics::default();
        let program = program::load_program(root, &mut diagnostics);
        let sectors = reference::load_sectors(root, &mut sources, &[], &mut diagnostics);
        let districts = reference::load_districts(root, &mut sources, &[], &mut diagnostics);
        assert!(diagnostics.is_empty());
        let extra = ["catatan".to_string()];
        let tables = sources.tables.clone();
        let rules = MemberRules {
            program: program.as_ref(),
            sectors: sectors.as_ref(),
            districts: districts.as_ref(),
            extra_columns: &extra,
            tables: &tables,
        };
        let claimants_of = |rows: &[(u32, Member)]| {
            let mut claimants = Claimants::default();
            for id in claimed {
                claimants.slot(id);
            }
            for &(slot, member) in rows {
                claimants.record(slot, Claimant::Listed(member));
            }
            (0..claimed.len() as u32)
                .map(|slot| claimants.get(slot))
                .collect::<Vec<_>>()
        };
        let mut claimants = Claimants::default();
        for id in claimed {
            claimants.slot(id);
        }
        let mut open = |diagnostics: &mut Diagnostics| {
            TableReader::open(
                root,
                &mut sources,
                Table::Members,
                &COLUMNS,
                &extra,
                diagnostics,
            )
            .unwrap()
        };
        let reader = open(&mut diagnostics);
        let parallel = (!reader.has_findings())
            .then(|| parallel::tally_remembering(&reader, &rules, &claimants, max_tails))
            .flatten()
            .map(|tally| {
                (
                    MemberGroups::from_counts(tally.counts),
                    claimants_of(&tally.claimants.concat()),
                )
            });
        let mut diagnostics = Diagnostics::default();
        let reader = open(&mut diagnostics);
        let groups = exact::read(reader, &rules, &mut claimants, &mut diagnostics);
        let states = (0..claimed.len() as u32)
            .map(|slot| claimants.get(slot))
            .collect();
        (parallel, (groups, states, diagnostics.error_count()))
    }

    const HEADER: &str =
        "member_id,sector,district,gender,age_band,covered_from,covered_until,catatan";

    /// A valid row, from a few small numbers.
    fn valid_row((id, sector, district, from, until): (u8, bool, bool, u8, u8)) -> String {
        let until = if until > 6 {
            String::new()
        } else {
            format!("2026-0{}", until.max(from))
        };
        format!(
            "A{id},{},{},L,25-34,2026-0{from},{until},ok",
            if sector { "petani" } else { "nelayan" },
            if district { "11.01" } else { "11.02" },
        )
    }

    /// Ways a row can be unusual: some are errors, some only need the csv crate.
    fn odd_row(kind: u8, row: &str) -> String {
        match kind % 13 {
            0 => format!("\"{row}\""),
            1 => row.replacen(",petani,", ", petani,", 1),
            2 => row.replacen(",ok", ",hp 081234567890", 1),
            3 => row.replacen("2026-0", "2026-1", 1),
            4 => format!("{row},extra"),
            5 => row.replacen(",L,", ",X,", 1),
            6 => String::new(),
            7 => row.replacen(",ok", ",\"a, b\"", 1),
            8 => row.replacen(",L,", ",L\r,", 1),
            9 => row
                .replacen("petani", "petaní", 1)
                .replacen("nelayan", "nelayán", 1),
            10 => row.replacen('A', "0812345678", 1),
            11 => row.replacen(",L,", ",L\t,", 1),
            _ => format!("{row}\r"),
        }
    }

    /// The header and rows without the extra column: the layout whose rows
    /// the parallel reader knows by their tails.
    fn without_note(line: &str) -> String {
        line.strip_suffix(",catatan")
            .or_else(|| line.strip_suffix(",ok"))
            .unwrap_or(line)
            .to_string()
    }

    #[test]
    fn valid_files_take_the_parallel_reader() {
        let rows: Vec<String> = (0..200u8)
            .map(|n| valid_row((n, n % 3 == 0, n % 5 == 0, n % 4 + 1, n % 9)))
            .collect();
        let short: Vec<String> = rows.iter().map(|row| without_note(row)).collect();
        for (header, rows) in [(HEADER.to_string(), &rows), (without_note(HEADER), &short)] {
            for (end, separator) in [("\n", ","), ("\r\n", ","), ("\n", ";"), ("\r\n", "\t")] {
                let file = format!("{header}{end}{}{end}", rows.join(end)).replace(',', separator);
                // Every row's tail remembered, none (counted by its parts,
                // or field by field with the extra column), or a few.
                for max_tails in [None, Some(0), Some(3)] {
                    let (parallel, exact) = read_both(&file, &["A7", "A0", "nobody"], max_tails);
                    let (groups, states) =
                        parallel.expect("the parallel reader reads a valid file");
                    assert_eq!(groups.iter().map(|(_, count)| count).sum::<u64>(), 200);
                    assert_eq!((Some(groups), states, 0), exact);
                }
            }
        }
    }

    proptest! {
        #[test]
        fn the_parallel_reader_agrees_with_the_exact_one(
            rows in prop::collection::vec(((any::<u8>(), any::<bool>(), any::<bool>(), 1u8..7, 0u8..9), prop::option::weighted(0.05, any::<u8>())), 1..80),
            crlf in any::<bool>(),
            separator in prop::sample::select(vec![",", ";", "\t"]),
            note in any::<bool>(),
            max_tails in prop::sample::select(vec![None, Some(0), Some(2)]),
        ) {
            let shape = |line: String| if note { line } else { without_note(&line) };
            let lines: Vec<String> = rows
                .iter()
                .map(|&(row, odd)| {
                    let row = shape(valid_row(row));
                    odd.map_or(row.clone(), |kind| odd_row(kind, &row))
                })
                .collect();
            let end = if crlf { "\r\n" } else { "\n" };
            let header = shape(HEADER.to_string());
            let file = format!("{header}{end}{}{end}", lines.join(end)).replace(',', separator);
            let (parallel, (groups, states, errors)) = read_both(&file, &["A1", "A2", "A59"], max_tails);
            if let Some((parallel_groups, parallel_states)) = parallel {
                prop_assert_eq!(errors, 0);
                prop_assert_eq!(Some(parallel_groups), groups);
                prop_assert_eq!(parallel_states, states);
            }
        }
    }

    #[test]
    fn pseudonyms_refuse_id_numbers() {
        assert_eq!(pseudonym_problem("LBK-7Q2M9X"), None);
        assert_eq!(pseudonym_problem("123456789"), None);
        assert!(pseudonym_problem("3602041507880001").is_some());
        assert!(pseudonym_problem("081234567890").is_some());
        assert!(pseudonym_problem("a b").is_some());
        assert!(pseudonym_problem(&"x".repeat(65)).is_some());
    }

    #[test]
    fn plain_ids_are_pseudonyms_without_personal_data() {
        for id in ["LBK-7Q2M9X", "123456789", "A-1234-5678-9"] {
            assert!(is_plain_id(id.as_bytes()), "{id}");
        }
        for id in [
            "",
            "a b",
            "3602041507880001",
            "x-081234567890",
            &"x".repeat(65),
        ] {
            assert!(!is_plain_id(id.as_bytes()), "{id}");
        }
    }
}
