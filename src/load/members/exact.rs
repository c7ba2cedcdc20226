//! The members row by row with every problem reported where it is: the
//! reader for sheets, UTF-16 files and files [`super::parallel`] gave up
//! on. It keeps each id (as text, with its line) to name the first row of a
//! duplicate, so it needs memory in proportion to the table; among CSV
//! files it reads only those with an unusual row, mostly files with an
//! error.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

use super::{
    AGE_BAND, COVERED_FROM, COVERED_UNTIL, DISTRICT, GENDER, MEMBER_ID, Member, MemberGroups,
    MemberRules, SECTOR, covered_months, is_age_band, is_gender, read_pseudonym,
};
use crate::calendar::Month;
use crate::diag::Diagnostics;
use crate::load::claimants::{Claimant, Claimants};
use crate::load::id::Id;
use crate::load::progress::Progress;
use crate::load::reference::{CodeList, HasCode};
use crate::load::source::Table;
use crate::load::table::{Row, TableReader};
use crate::load::values::echo;
use crate::text::suggest::closest;

/// Reads every row of `reader`; the groups, or None when a row is wrong.
pub(super) fn read(
    mut reader: TableReader,
    rules: &MemberRules,
    claimants: &mut Claimants,
    diagnostics: &mut Diagnostics,
) -> Option<MemberGroups> {
    let errors_before = diagnostics.error_count();
    let progress = Progress::bytes(&reader.display(), reader.file_len());
    // Rows of an export run about 50 bytes; an estimate a little high avoids
    // rehashing millions of ids.
    let expected = reader.estimated_rows(40);
    let mut first_lines: FxHashMap<Box<str>, u64> =
        FxHashMap::with_capacity_and_hasher(expected, Default::default());
    let mut counts: FxHashMap<Member, u64> = FxHashMap::default();
    let mut complete = true;
    let mut rows = 0u64;
    while let Some(row) = reader.next_row() {
        rows += 1;
        if rows.is_multiple_of(65_536) {
            progress.set(reader.position());
        }
        let line = reader.line();
        if row == Row::Malformed {
            // Known, so that claims of this member are not reported as well.
            // A double quote never closed reads the lines after it into
            // this row, each line's first value a member's id.
            if let Some(text) = reader.raw_text(MEMBER_ID) {
                for id in text
                    .lines()
                    .filter_map(|row| row.split([',', ';', '\t']).next())
                {
                    note_invalid(id.trim(), line, &mut first_lines, claimants);
                }
            }
            complete = false;
            continue;
        }
        let id = read_pseudonym(&mut reader, MEMBER_ID, "member_id");
        let member = read_fields(&mut reader, rules);
        // The id is kept even when a field (or the id itself) is wrong, so that
        // duplicates and claims are still checked against it without a second
        // report; the build fails either way.
        let Some(id) = id else {
            if let Some(raw) = reader.raw_text(MEMBER_ID).filter(|raw| !raw.is_empty()) {
                note_invalid(raw, line, &mut first_lines, claimants);
            }
            complete = false;
            continue;
        };
        let claimant = claimants.find(&id);
        match first_lines.entry(id) {
            Entry::Occupied(first) => {
                let first_line = *first.get();
                reader.error(
                    MEMBER_ID,
                    format!(
                        "member_id appears twice (first on {})",
                        reader.describe_row(first_line)
                    ),
                    Some("every member is listed once"),
                );
                complete = false;
                continue;
            }
            Entry::Vacant(slot) => {
                slot.insert(line);
            }
        }
        let found = match member {
            Some(member) => {
                *counts.entry(member).or_insert(0) += 1;
                Claimant::Listed(member)
            }
            None => {
                complete = false;
                Claimant::Invalid
            }
        };
        if let Some(slot) = claimant {
            claimants.record(slot, found);
        }
    }
    progress.finish();
    reader.finish(diagnostics);
    (complete && diagnostics.error_count() == errors_before)
        .then(|| MemberGroups::from_counts(counts))
}

/// Notes the id of a row with an error: a later row with the same id is
/// still a duplicate, and a claim of it is not reported again.
fn note_invalid(
    id: &str,
    line: u64,
    first_lines: &mut FxHashMap<Box<str>, u64>,
    claimants: &mut Claimants,
) {
    first_lines.entry(Box::from(id)).or_insert(line);
    if let Some(slot) = claimants.find(id) {
        claimants.record(slot, Claimant::Invalid);
    }
}

fn read_fields(reader: &mut TableReader, rules: &MemberRules) -> Option<Member> {
    let sector = read_code(
        reader,
        SECTOR,
        "sector",
        rules.sectors,
        &rules.tables.display(Table::Sectors),
    );
    let district = read_code(
        reader,
        DISTRICT,
        "district",
        rules.districts,
        &rules.tables.display(Table::Districts),
    );
    let gender = reader.parse_optional(GENDER, "gender", "L or P, or empty", |text| {
        is_gender(text).then_some(())
    });
    let age_band = reader.parse_optional(
        AGE_BAND,
        "age_band",
        "one of 15-24, 25-34, 35-44, 45-54, 55-64, 65+, or empty",
        |text| is_age_band(text).then_some(()),
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
        match covered_months(rules.program?, covered_from?, covered_until?) {
            Ok(months) => months,
            Err(problems) => {
                for (column, message, hint) in problems {
                    reader.error(column, message, Some(hint));
                }
                return None;
            }
        };
    gender?;
    age_band?;
    Some(Member {
        sector: sector?,
        district: district?,
        covered_from,
        covered_until,
    })
}

fn read_code<T: HasCode>(
    reader: &mut TableReader,
    column: usize,
    name: &str,
    list: Option<&CodeList<T>>,
    list_file: &str,
) -> Option<Id<T>> {
    let code = reader.required_text(column, name)?;
    let list = list?;
    if let Some(index) = list.index_of(code) {
        return Some(index);
    }
    let codes = list.codes();
    let hint = match closest(code, &codes) {
        Some(near) => format!("did you mean '{near}'?"),
        None => format!("add it to {list_file} or use one of its codes"),
    };
    let message = format!("{name} '{}' is not in {list_file}", echo(code));
    reader.error(column, message, Some(&hint));
    None
}
