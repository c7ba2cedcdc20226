//! members.csv on every core. One thread reads the file in blocks cut at line
//! ends; worker threads check and count the rows of each block into their
//! own tallies, merged at the end. A row is parsed by hand, without the csv
//! crate's generic path and without allocating: fields are slices of the
//! block, checked by the same rules as [`super::exact`].
//!
//! The parser only accepts what is plainly valid. At anything else (a quoted
//! cell, a stray space or carriage return, a wrong field count, any value the
//! rules reject, a repeated id) it gives up and the caller reads the file
//! again with [`super::exact`], which reports each problem where it is. So
//! the result is the same as the exact reader's whenever this one succeeds.
//!
//! Most of a row's work is done once per block or once per distinct row:
//! a block is searched for quotes and control characters and checked as
//! UTF-8 in single passes, and when the id comes first and no extra column
//! follows, the rest of a row (sector, district, gender, age band, months)
//! is checked the first time it is seen and then found by its bytes, since
//! a file of millions of members repeats a few thousand of them. A national
//! file, of hundreds of districts, repeats too many for a cache: past the
//! first few thousand, a tail is found by its two parts (sector and
//! district; gender, age band and months), and its member counted in an
//! array.
//!
//! Ids are not kept. Each row leaves a 56-bit fingerprint of its id, in six
//! bytes: a repeated id repeats its fingerprint. When two fingerprints are
//! equal the file is read once more for the ids that have them, and only a
//! real repeat makes this reader give up, for the exact reader to report.

use std::fs::File;
use std::io::{Seek, SeekFrom};
use std::num::NonZero;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;

use rustc_hash::{FxHashMap, FxHashSet};

use super::fingerprints::{self, BUCKETS, Bucket, fingerprint};
use tails::MemberCounts;

use super::{
    AGE_BAND, COVERED_FROM, COVERED_UNTIL, DISTRICT, GENDER, MEMBER_ID, Member, MemberRules,
    SECTOR, covered_months, is_age_band, is_gender, is_plain_id,
};
use crate::calendar::Month;
use crate::load::claimants::Claimants;
use crate::load::id::Id;
use crate::load::program::Program;
use crate::load::progress::Progress;
use crate::load::reference::{CodeList, DistrictId, HasCode, SectorId};
use crate::load::table::lines::{MAX_LINE_BYTES, WholeLines, feed_blocks};
use crate::load::table::{Layout, TableReader};
use crate::text::personal_data::find_personal_value;

mod tails;

/// Bytes read at a time; a block holds whole lines.
const BLOCK_BYTES: usize = 1 << 20;
/// A file needs this many bytes to be worth another thread.
const BYTES_PER_WORKER: u64 = 8 << 20;

/// What the members of a valid file add up to.
pub(super) struct Tally {
    pub counts: FxHashMap<Member, u64>,
    /// Claimant slots and their member rows, as each worker found them
    /// (not copied into one list: at national scale they are millions).
    pub claimants: Vec<Vec<(u32, Member)>>,
}

/// Reads the rows of `reader`'s file on every core. None when a row needs the
/// exact reader, the table is not a CSV file read as it stands (a sheet,
/// UTF-16), or a rule's reference data failed to load.
pub(super) fn tally(
    reader: &TableReader,
    rules: &MemberRules,
    claimants: &Claimants,
) -> Option<Tally> {
    tally_remembering(reader, rules, claimants, None)
}

/// [`tally`], each worker remembering at most `max_tails` row tails instead
/// of as many as fit its caches: a test's small file takes every path.
pub(super) fn tally_remembering(
    reader: &TableReader,
    rules: &MemberRules,
    claimants: &Claimants,
    max_tails: Option<usize>,
) -> Option<Tally> {
    let layout = reader.layout()?;
    let row_rules = RowRules::new(&layout, rules)?;
    let mut file = File::open(&layout.path).ok()?;
    file.seek(SeekFrom::Start(layout.data_start)).ok()?;
    let workers = workers_for(reader.file_len());
    // Rows of an export run about 50 bytes or more; a worker that gets more rows
    // than this grows its buckets by a quarter at a time.
    let rows_per_bucket = reader.estimated_rows(50) / BUCKETS / workers + 1;
    let claimant_filter = ClaimantFilter::new(claimants);
    let progress = Progress::bytes(&reader.display(), reader.file_len());
    let gave_up = AtomicBool::new(false);
    let (full_sender, full_receiver) = mpsc::sync_channel::<Vec<u8>>(workers * 2);
    // Each worker holds the receiver: when they have all stopped, even by a
    // panic, the reader's sends fail instead of waiting forever.
    let full_receiver = Arc::new(Mutex::new(full_receiver));
    let (empty_sender, empty_receiver) = mpsc::channel::<Vec<u8>>();
    let (read, shards) = thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let (row_rules, gave_up, claimant_filter) =
                    (&row_rules, &gave_up, &claimant_filter);
                let full_receiver = Arc::clone(&full_receiver);
                let empty_sender = empty_sender.clone();
                scope.spawn(move || {
                    let mut shard = Shard::new(
                        row_rules,
                        claimants,
                        claimant_filter,
                        rows_per_bucket,
                        workers,
                        max_tails,
                    );
                    while let Some(block) = next_block(&full_receiver) {
                        if !gave_up.load(Ordering::Relaxed) && shard.add_block(&block).is_none() {
                            gave_up.store(true, Ordering::Relaxed);
                        }
                        // The reader may have stopped: a lost buffer is no loss.
                        let _ = empty_sender.send(block);
                    }
                    shard
                })
            })
            .collect();
        drop(empty_sender);
        drop(full_receiver);
        let start = layout.data_start;
        // The workers hand each buffer back as soon as they are done with
        // it: the queue alone bounds the buffers out.
        let read = feed_blocks(
            &mut file,
            BLOCK_BYTES,
            usize::MAX,
            &empty_receiver,
            &gave_up,
            |block, bytes| {
                progress.set(start + bytes);
                full_sender.send(block).is_ok()
            },
        );
        drop(full_sender);
        let shards: Option<Vec<Shard>> = handles.into_iter().map(|h| h.join().ok()).collect();
        (read, shards)
    });
    progress.finish();
    let shards = shards?;
    read?;
    if gave_up.load(Ordering::Relaxed) {
        return None;
    }
    let buckets: Vec<&[Bucket]> = shards.iter().map(|shard| &shard.fingerprints[..]).collect();
    let repeated = fingerprints::repeated(&buckets, workers);
    if !repeated.is_empty() && ids_repeat(&layout, row_rules.id_field, &repeated)? {
        return None;
    }
    let mut counts: FxHashMap<Member, u64> = FxHashMap::default();
    let mut claimant_rows = Vec::new();
    for shard in shards {
        for (member, count) in shard.members.into_counts()? {
            *counts.entry(member).or_insert(0) += count;
        }
        claimant_rows.push(shard.claimant_rows);
    }
    Some(Tally {
        counts,
        claimants: claimant_rows,
    })
}

/// Threads for a file of `bytes`: one per core, but no more than the file has
/// blocks of [`BYTES_PER_WORKER`], since a thread costs more than a small file.
fn workers_for(bytes: u64) -> usize {
    let cores = thread::available_parallelism().map_or(1, NonZero::get);
    cores.min(
        usize::try_from(bytes / BYTES_PER_WORKER)
            .unwrap_or(usize::MAX)
            .max(1),
    )
}

fn next_block(blocks: &Mutex<mpsc::Receiver<Vec<u8>>>) -> Option<Vec<u8>> {
    blocks.lock().ok()?.recv().ok()
}

/// What a field of a row is, from the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    MemberId,
    Sector,
    District,
    Gender,
    AgeBand,
    CoveredFrom,
    CoveredUntil,
    /// An extra column: text searched for personal data, nothing else.
    Extra,
}

/// The cells of a row by role; "" for an absent column.
#[derive(Default)]
struct Cells<'row> {
    member_id: &'row str,
    sector: &'row str,
    district: &'row str,
    gender: &'row str,
    age_band: &'row str,
    covered_from: &'row str,
    covered_until: &'row str,
}

/// The member rules with every lookup resolved once for the file's layout.
struct RowRules<'a> {
    program: &'a Program,
    /// Code -> index in the sorted list, as CodeList::index_of gives.
    sectors: FxHashMap<&'a str, SectorId>,
    districts: FxHashMap<&'a str, DistrictId>,
    /// The role of each field, in order.
    roles: Vec<Role>,
    /// The field that holds the id.
    id_field: usize,
    /// Whether the id is the first field and no extra column follows: then
    /// the rest of a row, its tail, says everything else about the member.
    by_tail: bool,
    separator: u8,
}

impl<'a> RowRules<'a> {
    fn new(layout: &Layout, rules: &MemberRules<'a>) -> Option<RowRules<'a>> {
        let schema = [
            (MEMBER_ID, Role::MemberId),
            (SECTOR, Role::Sector),
            (DISTRICT, Role::District),
            (GENDER, Role::Gender),
            (AGE_BAND, Role::AgeBand),
            (COVERED_FROM, Role::CoveredFrom),
            (COVERED_UNTIL, Role::CoveredUntil),
        ];
        let roles: Vec<Role> = (0..layout.width)
            .map(|field| {
                schema
                    .iter()
                    .find(|(column, _)| layout.fields[*column] == Some(field))
                    .map_or(Role::Extra, |&(_, role)| role)
            })
            .collect();
        let id_field = roles.iter().position(|&role| role == Role::MemberId)?;
        Some(RowRules {
            program: rules.program?,
            sectors: code_indices(rules.sectors?),
            districts: code_indices(rules.districts?),
            by_tail: id_field == 0 && !roles.contains(&Role::Extra),
            roles,
            id_field,
            separator: layout.separator,
        })
    }

    /// The cells of `fields`, the fields of `roles` in order, when there are
    /// as many as roles and no extra column holds personal data.
    fn cells<'row>(&self, fields: &'row str, roles: &[Role]) -> Option<Cells<'row>> {
        let mut cells = Cells::default();
        let mut roles = roles.iter();
        for cell in fields.split(self.separator as char) {
            match roles.next()? {
                Role::MemberId => cells.member_id = cell,
                Role::Sector => cells.sector = cell,
                Role::District => cells.district = cell,
                Role::Gender => cells.gender = cell,
                Role::AgeBand => cells.age_band = cell,
                Role::CoveredFrom => cells.covered_from = cell,
                Role::CoveredUntil => cells.covered_until = cell,
                Role::Extra => {
                    if find_personal_value(cell).is_some() {
                        return None;
                    }
                }
            }
        }
        roles.next().is_none().then_some(cells)
    }

    /// The member of a row's cells (all but the id), when they are plainly
    /// valid.
    fn member(&self, cells: &Cells) -> Option<Member> {
        let sector = *self.sectors.get(cells.sector)?;
        let district = *self.districts.get(cells.district)?;
        let (covered_from, covered_until) = self.months(cells)?;
        Some(Member {
            sector,
            district,
            covered_from,
            covered_until,
        })
    }

    /// The covered months of a row's cells when its gender, age band and
    /// months are plainly valid.
    fn months(&self, cells: &Cells) -> Option<(Month, Month)> {
        if !cells.gender.is_empty() && !is_gender(cells.gender) {
            return None;
        }
        if !cells.age_band.is_empty() && !is_age_band(cells.age_band) {
            return None;
        }
        let from = Month::parse(cells.covered_from)?;
        let until = match cells.covered_until {
            "" => None,
            until => Some(Month::parse(until)?),
        };
        covered_months(self.program, from, until).ok()
    }
}

/// Whether a block holds a control character other than line ends (and
/// tabs, in a file they separate). Chunks of 64 bytes fold without
/// branches, which the compiler turns into vector instructions.
fn has_control_character(block: &[u8], separator: u8) -> bool {
    let tab_separates = separator == b'\t';
    block.chunks(64).any(|chunk| {
        chunk.iter().fold(false, |found, &byte| {
            let allowed = byte == b'\n' || byte == b'\r' || (tab_separates && byte == b'\t');
            found | ((byte < 0x20 && !allowed) | (byte == 0x7f))
        })
    })
}

fn code_indices<T: HasCode>(list: &CodeList<T>) -> FxHashMap<&str, Id<T>> {
    list.codes()
        .into_iter()
        .filter_map(|code| Some((code, list.index_of(code)?)))
        .collect()
}

/// One worker's part of the tally.
struct Shard<'a> {
    rules: &'a RowRules<'a>,
    claimants: &'a Claimants,
    claimant_filter: &'a ClaimantFilter,
    members: MemberCounts<'a>,
    fingerprints: Vec<Bucket>,
    claimant_rows: Vec<(u32, Member)>,
}

impl<'a> Shard<'a> {
    fn new(
        rules: &'a RowRules<'a>,
        claimants: &'a Claimants,
        claimant_filter: &'a ClaimantFilter,
        rows_per_bucket: usize,
        workers: usize,
        max_tails: Option<usize>,
    ) -> Shard<'a> {
        Shard {
            rules,
            claimants,
            claimant_filter,
            members: MemberCounts::new(rules, max_tails),
            fingerprints: (0..BUCKETS)
                .map(|_| Bucket::with_capacity(rows_per_bucket))
                .collect(),
            // Each claimant is on one row: a worker finds its share of them,
            // give or take, and more only grows the list.
            claimant_rows: Vec::with_capacity(
                claimants.len() / workers + claimants.len() / 16 + 16,
            ),
        }
    }

    /// Adds every row of a block of whole lines; None at a row this reader
    /// does not accept.
    fn add_block(&mut self, block: &[u8]) -> Option<()> {
        // Quoted cells may hold separators and line breaks: the csv crate's
        // job. A carriage return is let through here: at a line's end it
        // ends the line, anywhere else no cell accepts it.
        if memchr::memchr(b'"', block).is_some()
            || has_control_character(block, self.rules.separator)
            || !(block.is_ascii() || std::str::from_utf8(block).is_ok())
        {
            return None;
        }
        let lines = block.strip_suffix(b"\n").unwrap_or(block);
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', lines).chain([lines.len()]) {
            self.add_row(&lines[start..end])?;
            start = end + 1;
        }
        Some(())
    }

    fn add_row(&mut self, line: &[u8]) -> Option<()> {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let (id, member) = if self.rules.by_tail {
            let end = line.iter().position(|&byte| byte == self.rules.separator)?;
            (&line[..end], self.members.count_tail(&line[end + 1..])?)
        } else {
            let line = std::str::from_utf8(line).ok()?;
            if line.contains('\r') {
                return None;
            }
            let cells = self.rules.cells(line, &self.rules.roles)?;
            let member = self.rules.member(&cells)?;
            self.members.count(member);
            (cells.member_id.as_bytes(), member)
        };
        if !is_plain_id(id) {
            return None;
        }
        let fingerprint = fingerprint(id);
        self.fingerprints[fingerprints::bucket_of(fingerprint)].push(fingerprint);
        if self.claimant_filter.may_contain(fingerprint)
            && let Some(slot) = std::str::from_utf8(id)
                .ok()
                .and_then(|id| self.claimants.find(id))
        {
            self.claimant_rows.push((slot, member));
        }
        Some(())
    }
}

/// Which fingerprints may be a claimant's, so that most rows (not
/// claimants) skip the lookup of their id among the claimants: a Bloom
/// filter of two bits per claimant, both in one 64-bit word picked by the
/// fingerprint's low bits, so that a row reads one word.
struct ClaimantFilter {
    words: Vec<u64>,
    mask: u64,
}

impl ClaimantFilter {
    fn new(claimants: &Claimants) -> ClaimantFilter {
        // About 16 bits per claimant: a row that is not a claimant passes
        // about one time in 50.
        let words = (claimants.len() / 4).next_power_of_two();
        let mut filter = ClaimantFilter {
            words: vec![0; words],
            mask: words as u64 - 1,
        };
        for id in claimants.ids() {
            let (word, bits) = filter.place(fingerprint(id.as_bytes()));
            filter.words[word] |= bits;
        }
        filter
    }

    /// The word of a fingerprint and its two bits there.
    fn place(&self, fingerprint: u64) -> (usize, u64) {
        let word = (fingerprint & self.mask) as usize;
        let bits = (1 << ((fingerprint >> 40) & 63)) | (1 << ((fingerprint >> 50) & 63));
        (word, bits)
    }

    fn may_contain(&self, fingerprint: u64) -> bool {
        let (word, bits) = self.place(fingerprint);
        self.words[word] & bits == bits
    }
}

/// Whether two rows of the file share an id (field `id_field`) among those
/// whose fingerprints are `repeated`: the file read once more, keeping only
/// those ids. None when the file cannot be read again.
fn ids_repeat(layout: &Layout, id_field: usize, repeated: &[u64]) -> Option<bool> {
    let wanted: FxHashSet<u64> = repeated.iter().copied().collect();
    let mut file = File::open(&layout.path).ok()?;
    file.seek(SeekFrom::Start(layout.data_start)).ok()?;
    let mut lines = WholeLines::new(BLOCK_BYTES);
    let mut block = Vec::with_capacity(BLOCK_BYTES + MAX_LINE_BYTES);
    let mut found: Vec<(u64, Box<[u8]>)> = Vec::new();
    loop {
        let read = lines.next_block(&mut file, &mut block)?;
        for line in block.split(|&byte| byte == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let id = line
                .split(|&byte| byte == layout.separator)
                .nth(id_field)
                .unwrap_or_default();
            let top = fingerprints::top_bits(fingerprint(id));
            if !id.is_empty() && wanted.contains(&top) {
                found.push((top, Box::from(id)));
            }
        }
        if read == 0 {
            break;
        }
    }
    found.sort_unstable();
    Some(found.windows(2).any(|pair| pair[0] == pair[1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The top 56 bits of an id's fingerprint, as repeats are named.
    fn top(id: &str) -> u64 {
        fingerprints::top_bits(fingerprint(id.as_bytes()))
    }

    #[test]
    fn a_shared_fingerprint_is_a_repeat_only_when_the_ids_are_equal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("members.csv");
        let header = "sector;member_id;x\r\n";
        std::fs::write(&path, format!("{header}a;A1;1\r\nb;B2;2\r\nc;A1;3")).unwrap();
        let layout = Layout {
            path,
            separator: b';',
            width: 3,
            fields: Vec::new(),
            data_start: header.len() as u64,
        };
        // As if B2 shared a fingerprint with another id: read again, it is
        // found once, no repeat.
        assert_eq!(ids_repeat(&layout, 1, &[top("B2")]), Some(false));
        assert_eq!(ids_repeat(&layout, 1, &[top("B2"), top("A1")]), Some(true));
        assert_eq!(ids_repeat(&layout, 0, &[top("a"), top("c")]), Some(false));
    }

    #[test]
    fn control_characters_are_found_in_any_chunk_but_line_ends_and_separating_tabs() {
        let mut block = vec![b'a'; 200];
        block[70] = b'\n';
        block[71] = b'\r';
        assert!(!has_control_character(&block, b','));
        block[150] = b'\t';
        assert!(has_control_character(&block, b','));
        assert!(!has_control_character(&block, b'\t'));
        block[199] = 0x7f;
        assert!(has_control_character(&block, b'\t'));
    }
}
