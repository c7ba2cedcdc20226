//! `data/members.csv`: one row per covered worker, kept only as the few small
//! integers the model needs. Pseudonyms live in [`MemberIds`] just long enough
//! to check claims against them, so no id can reach the published site.

use std::path::Path;

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

use super::csv_reader::{Column, CsvReader, Row};
use super::reference::{CodeList, District, Sector};
use crate::calendar::Month;
use crate::diag::Diagnostics;
use crate::load::config::Program;

pub const MEMBERS_FILE: &str = "data/members.csv";

/// What the model needs of one member: 12 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    /// Index into the sorted sector list.
    pub sector: u16,
    /// Index into the sorted district list.
    pub district: u16,
    pub covered_from: Month,
    /// The last covered month: covered_until, or the period's end when empty.
    pub covered_until: Month,
}

/// member_id -> index in the member list, with the line that defined it.
#[derive(Default)]
pub struct MemberIds {
    index: FxHashMap<Box<str>, (u32, u64)>,
}

impl MemberIds {
    pub fn get(&self, id: &str) -> Option<u32> {
        self.index.get(id).map(|&(index, _)| index)
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
    Column::required("member_id"),
    Column::required("sector"),
    Column::required("district"),
    Column::optional("gender"),
    Column::optional("age_band"),
    Column::required("covered_from").typed(),
    Column::optional("covered_until").typed(),
];

/// What a member row is checked against; a part is None when its own file
/// failed to load, and the checks that need it are skipped.
pub struct MemberRules<'a> {
    pub program: Option<&'a Program>,
    pub sectors: Option<&'a CodeList<Sector>>,
    pub districts: Option<&'a CodeList<District>>,
    pub extra_columns: &'a [String],
}

/// The members, or None when a row is wrong; the ids of every row that has
/// a valid one, for checking claims either way. None when the file is unreadable.
pub fn load_members(
    root: &Path,
    rules: &MemberRules,
    diagnostics: &mut Diagnostics,
) -> Option<(Option<Vec<Member>>, MemberIds)> {
    let mut reader = CsvReader::open(
        root,
        MEMBERS_FILE,
        &COLUMNS,
        rules.extra_columns,
        diagnostics,
    )?;
    let errors_before = diagnostics.error_count();
    // Rows of an export run about 50 bytes; an estimate a little high avoids
    // rehashing millions of ids.
    let expected = reader.estimated_rows(40);
    let mut members = Vec::with_capacity(expected);
    let mut ids = MemberIds {
        index: FxHashMap::with_capacity_and_hasher(expected, Default::default()),
    };
    let mut complete = true;
    while let Some(row) = reader.next_row() {
        if row == Row::Malformed {
            // Known, so that claims of this member are not reported as well.
            if let Some(id) = reader.raw_text(MEMBER_ID) {
                let line = reader.line();
                ids.index.entry(Box::from(id)).or_insert((u32::MAX, line));
            }
            complete = false;
            continue;
        }
        match read_member(&mut reader, rules, &mut ids, members.len()) {
            Some(member) => members.push(member),
            None => complete = false,
        }
    }
    reader.finish(diagnostics);
    let members = (complete && diagnostics.error_count() == errors_before).then_some(members);
    Some((members, ids))
}

fn read_member(
    reader: &mut CsvReader,
    rules: &MemberRules,
    ids: &mut MemberIds,
    next_index: usize,
) -> Option<Member> {
    let line = reader.line();
    let id = read_pseudonym(reader, MEMBER_ID, "member_id");
    let member = read_fields(reader, rules);
    // The id is kept even when a field (or the id itself) is wrong, so that
    // duplicates and claims are still checked against it without a second
    // report; the build fails either way.
    let Some(id) = id else {
        if let Some(raw) = reader.raw_text(MEMBER_ID).filter(|raw| !raw.is_empty()) {
            ids.index.entry(Box::from(raw)).or_insert((u32::MAX, line));
        }
        return None;
    };
    match ids.index.entry(id) {
        Entry::Occupied(first) => {
            let first_line = first.get().1;
            reader.error(
                MEMBER_ID,
                format!("member_id appears twice (first on line {first_line})"),
                Some("every member is listed once"),
            );
            None
        }
        Entry::Vacant(slot) => {
            let index = member.and_then(|_| u32::try_from(next_index).ok());
            slot.insert((index.unwrap_or(u32::MAX), line));
            member
        }
    }
}

fn read_fields(reader: &mut CsvReader, rules: &MemberRules) -> Option<Member> {
    let sector = read_code(
        reader,
        SECTOR,
        "sector",
        rules.sectors,
        super::reference::SECTORS_FILE,
    );
    let district = read_code(
        reader,
        DISTRICT,
        "district",
        rules.districts,
        super::reference::DISTRICTS_FILE,
    );
    let gender = reader.parse_optional(GENDER, "gender", "L or P, or empty", |text| {
        matches!(text, "L" | "P").then_some(())
    });
    let age_band = reader.parse_optional(
        AGE_BAND,
        "age_band",
        "one of 15-24, 25-34, 35-44, 45-54, 55-64, 65+, or empty",
        |text| AGE_BANDS.contains(&text).then_some(()),
    );
    let covered_from = reader.parse_required(
        COVERED_FROM,
        "covered_from",
        "a month like 2026-03",
        Month::parse,
    );
    let covered_until = reader.parse_optional(
        COVERED_UNTIL,
        "covered_until",
        "a month like 2026-12, or empty for the whole period",
        Month::parse,
    );
    let (covered_from, covered_until) =
        check_period(reader, rules.program?, covered_from?, covered_until?)?;
    gender?;
    age_band?;
    Some(Member {
        sector: sector?,
        district: district?,
        covered_from,
        covered_until,
    })
}

fn check_period(
    reader: &mut CsvReader,
    program: &Program,
    from: Month,
    until: Option<Month>,
) -> Option<(Month, Month)> {
    let mut valid = true;
    if from < program.start || from > program.end {
        let message = format!(
            "covered_from {from} is outside the period {} to {}",
            program.start, program.end
        );
        reader.error(
            COVERED_FROM,
            message,
            Some("members are covered within the program's start and end months"),
        );
        valid = false;
    } else if from > program.as_of_month() {
        let message = format!(
            "covered_from {from} is after the data cut-off {}",
            program.as_of
        );
        reader.error(
            COVERED_FROM,
            message,
            Some("list members who join later in a later data release"),
        );
        valid = false;
    }
    if let Some(until) = until {
        if until < from {
            reader.error(
                COVERED_UNTIL,
                format!("covered_until {until} is before covered_from {from}"),
                Some("covered_until is the last covered month"),
            );
            valid = false;
        } else if until > program.end || until < program.start {
            let message = format!(
                "covered_until {until} is outside the period {} to {}",
                program.start, program.end
            );
            reader.error(
                COVERED_UNTIL,
                message,
                Some("leave covered_until empty when the member is covered to the end"),
            );
            valid = false;
        }
    }
    valid.then(|| (from, until.unwrap_or(program.end)))
}

/// member_id and claim_id: `[A-Za-z0-9_-]{1,64}`, never 10 or more digits only.
pub fn read_pseudonym(reader: &mut CsvReader, column: usize, name: &str) -> Option<Box<str>> {
    let text = reader.required_text(column, name)?;
    let problem = pseudonym_problem(text);
    match problem {
        None => Some(Box::from(text)),
        Some(hint) => {
            reader.error(
                column,
                format!("{name} is not an opaque pseudonym"),
                Some(hint),
            );
            None
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

fn read_code<T: super::reference::HasCode>(
    reader: &mut CsvReader,
    column: usize,
    name: &str,
    list: Option<&CodeList<T>>,
    list_file: &str,
) -> Option<u16> {
    let code = reader.required_text(column, name)?;
    let list = list?;
    if let Some(index) = list.index_of(code) {
        return Some(index);
    }
    let codes = list.codes();
    let hint = match super::csv_reader::closest(code, &codes) {
        Some(near) => format!("did you mean '{near}'?"),
        None => format!("add it to {list_file} or use one of its codes"),
    };
    let message = format!(
        "{name} '{}' is not in {list_file}",
        super::csv_reader::echo(code)
    );
    reader.error(column, message, Some(&hint));
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_refuse_id_numbers() {
        assert_eq!(pseudonym_problem("LBK-7Q2M9X"), None);
        assert_eq!(pseudonym_problem("123456789"), None);
        assert!(pseudonym_problem("3602041507880001").is_some());
        assert!(pseudonym_problem("081234567890").is_some());
        assert!(pseudonym_problem("a b").is_some());
        assert!(pseudonym_problem(&"x".repeat(65)).is_some());
    }
}
