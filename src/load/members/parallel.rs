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
//! Ids are not kept. Each row leaves a 64-bit fingerprint of its id; two
//! equal fingerprints make this reader give up, and the exact reader then
//! compares the ids themselves: a repeated id is reported, two ids that only
//! share a fingerprint are not.

use std::fs::File;
use std::hash::Hasher;
use std::io::{Read, Seek, SeekFrom};
use std::num::NonZero;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;

use rustc_hash::{FxHashMap, FxHasher};

use super::{
    AGE_BAND, COVERED_FROM, COVERED_UNTIL, DISTRICT, GENDER, MEMBER_ID, Member, MemberRules,
    SECTOR, covered_months, is_age_band, is_gender, pseudonym_problem,
};
use crate::calendar::Month;
use crate::load::claimants::Claimants;
use crate::load::id::Id;
use crate::load::program::Program;
use crate::load::progress::Progress;
use crate::load::reference::{CodeList, DistrictId, HasCode, SectorId};
use crate::load::table::{Layout, TableReader};
use crate::text::personal_data::find_personal_value;

/// Bytes read at a time; a block holds whole lines.
const BLOCK_BYTES: usize = 1 << 20;
/// A file needs this many bytes to be worth another thread.
const BYTES_PER_WORKER: u64 = 8 << 20;
/// A line longer than this is not a member row.
const MAX_LINE_BYTES: usize = 1 << 16;
/// Fingerprints are kept in buckets by their top bits, so that finding
/// repeats sorts many small arrays that fit in cache instead of one large one.
const BUCKET_BITS: u32 = 8;
const BUCKETS: usize = 1 << BUCKET_BITS;

/// What the members of a valid file add up to.
pub(super) struct Tally {
    pub counts: FxHashMap<Member, u64>,
    /// Claimant slots and their member rows.
    pub claimants: Vec<(u32, Member)>,
}

/// Reads the rows of `reader`'s file on every core. None when a row needs the
/// exact reader, the table is not a CSV file read as it stands (a sheet,
/// UTF-16), or a rule's reference data failed to load.
pub(super) fn tally(
    reader: &TableReader,
    rules: &MemberRules,
    claimants: &Claimants,
) -> Option<Tally> {
    let layout = reader.layout()?;
    let row_rules = RowRules::new(&layout, rules)?;
    let mut file = File::open(&layout.path).ok()?;
    file.seek(SeekFrom::Start(layout.data_start)).ok()?;
    let workers = workers_for(reader.file_len());
    // Rows run about 50 bytes, so this is an estimate on the high side; a
    // worker that gets more than its share grows its buckets.
    let rows_per_bucket = reader.estimated_rows(40) / BUCKETS / workers + 1;
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
                    let mut shard =
                        Shard::new(row_rules, claimants, claimant_filter, rows_per_bucket);
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
        let read = feed_blocks(
            &mut file,
            &full_sender,
            &empty_receiver,
            &gave_up,
            |bytes| progress.set(start + bytes),
        );
        drop(full_sender);
        let shards: Option<Vec<Shard>> = handles.into_iter().map(|h| h.join().ok()).collect();
        (read, shards)
    });
    progress.finish();
    let shards = shards?;
    read?;
    if gave_up.load(Ordering::Relaxed) || has_repeated_fingerprint(&shards, workers) {
        return None;
    }
    let mut counts: FxHashMap<Member, u64> = FxHashMap::default();
    let mut claimant_rows = Vec::new();
    for shard in shards {
        for (member, count) in shard.counts {
            *counts.entry(member).or_insert(0) += count;
        }
        claimant_rows.extend(shard.claimant_rows);
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

/// Sends the file's remaining bytes as blocks of whole lines, reusing the
/// buffers the workers hand back. None when the file cannot be read, a line
/// is absurdly long, or a worker gave up.
fn feed_blocks(
    file: &mut File,
    blocks: &mpsc::SyncSender<Vec<u8>>,
    returned: &mpsc::Receiver<Vec<u8>>,
    gave_up: &AtomicBool,
    on_progress: impl Fn(u64),
) -> Option<()> {
    let mut carry: Vec<u8> = Vec::new();
    let mut total = 0u64;
    loop {
        if gave_up.load(Ordering::Relaxed) {
            return None;
        }
        let mut block = returned
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(BLOCK_BYTES + MAX_LINE_BYTES));
        block.clear();
        block.append(&mut carry);
        let start = block.len();
        block.resize(start + BLOCK_BYTES, 0);
        let read = fill(file, &mut block[start..])?;
        block.truncate(start + read);
        total += read as u64;
        on_progress(total);
        if read == 0 {
            if !block.is_empty() {
                blocks.send(block).ok()?;
            }
            return Some(());
        }
        match memchr::memrchr(b'\n', &block) {
            Some(end) => {
                carry.extend_from_slice(&block[end + 1..]);
                block.truncate(end + 1);
                blocks.send(block).ok()?;
            }
            None if block.len() > MAX_LINE_BYTES => return None,
            None => carry = block,
        }
    }
}

/// Reads until `buffer` is full or the file ends; the bytes read.
fn fill(file: &mut File, buffer: &mut [u8]) -> Option<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some(filled)
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
        let roles = (0..layout.width)
            .map(|field| {
                schema
                    .iter()
                    .find(|(column, _)| layout.fields[*column] == Some(field))
                    .map_or(Role::Extra, |&(_, role)| role)
            })
            .collect();
        Some(RowRules {
            program: rules.program?,
            sectors: code_indices(rules.sectors?),
            districts: code_indices(rules.districts?),
            roles,
            separator: layout.separator,
        })
    }

    /// The cells of a line by role, when it has the header's number of
    /// fields and no extra column holds personal data.
    fn cells<'row>(&self, line: &'row str) -> Option<Cells<'row>> {
        let mut cells = Cells::default();
        let mut roles = self.roles.iter();
        let bytes = line.as_bytes();
        let mut start = 0;
        // Cells are short: a plain loop finds the separators faster than
        // str::split's searcher.
        let separator = self.separator;
        while start <= bytes.len() {
            let end = bytes[start..]
                .iter()
                .position(|&b| b == separator)
                .map_or(bytes.len(), |offset| start + offset);
            let cell = &line[start..end];
            start = end + 1;
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

    /// The member of a row, when the row is plainly valid.
    fn member(&self, cells: &Cells) -> Option<Member> {
        let id = cells.member_id;
        // A valid pseudonym holds no `@`; find_personal_value skips ids with
        // fewer than 10 digits at the cost of one pass.
        if id.is_empty() || pseudonym_problem(id).is_some() || find_personal_value(id).is_some() {
            return None;
        }
        let sector = *self.sectors.get(cells.sector)?;
        let district = *self.districts.get(cells.district)?;
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
        let (covered_from, covered_until) = covered_months(self.program, from, until).ok()?;
        Some(Member {
            sector,
            district,
            covered_from,
            covered_until,
        })
    }
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
    counts: FxHashMap<Member, u64>,
    fingerprints: Vec<Vec<u64>>,
    claimant_rows: Vec<(u32, Member)>,
}

impl<'a> Shard<'a> {
    fn new(
        rules: &'a RowRules<'a>,
        claimants: &'a Claimants,
        claimant_filter: &'a ClaimantFilter,
        rows_per_bucket: usize,
    ) -> Shard<'a> {
        Shard {
            rules,
            claimants,
            claimant_filter,
            counts: FxHashMap::default(),
            fingerprints: (0..BUCKETS)
                .map(|_| Vec::with_capacity(rows_per_bucket))
                .collect(),
            claimant_rows: Vec::new(),
        }
    }

    /// Adds every row of a block of whole lines; None at a row this reader
    /// does not accept.
    fn add_block(&mut self, block: &[u8]) -> Option<()> {
        // Quoted cells may hold commas and line breaks: the csv crate's job.
        if memchr::memchr(b'"', block).is_some() {
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
        // One check of the whole line makes every cell text; a tab is a
        // control character but for a file it separates.
        let control = if self.rules.separator == b'\t' {
            line.iter().any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f)
        } else {
            line.iter().any(|&b| b < 0x20 || b == 0x7f)
        };
        if control {
            return None;
        }
        let line = std::str::from_utf8(line).ok()?;
        let cells = self.rules.cells(line)?;
        let member = self.rules.member(&cells)?;
        let id = cells.member_id;
        let fingerprint = fingerprint(id);
        self.fingerprints[(fingerprint >> (64 - BUCKET_BITS)) as usize].push(fingerprint);
        *self.counts.entry(member).or_insert(0) += 1;
        if self.claimant_filter.may_contain(fingerprint)
            && let Some(slot) = self.claimants.find(id)
        {
            self.claimant_rows.push((slot, member));
        }
        Some(())
    }
}

/// Which fingerprints may be a claimant's: one bit per fingerprint's low
/// bits, small enough to stay in cache, so that most rows (not claimants)
/// skip the lookup of their id among the claimants.
struct ClaimantFilter {
    bits: Vec<u64>,
    mask: u64,
}

impl ClaimantFilter {
    fn new(claimants: &Claimants) -> ClaimantFilter {
        // About 16 bits per claimant: a row that is not a claimant passes
        // about one time in 16.
        let size = (claimants.len() * 16).next_power_of_two().max(64) as u64;
        let mut filter = ClaimantFilter {
            bits: vec![0; (size / 64) as usize],
            mask: size - 1,
        };
        for id in claimants.ids() {
            let bit = fingerprint(id) & filter.mask;
            filter.bits[(bit / 64) as usize] |= 1 << (bit % 64);
        }
        filter
    }

    fn may_contain(&self, fingerprint: u64) -> bool {
        let bit = fingerprint & self.mask;
        self.bits[(bit / 64) as usize] & (1 << (bit % 64)) != 0
    }
}

/// A 64-bit fingerprint of an id, its bits well mixed (FxHash, then
/// MurmurHash3's finaliser) so that the top bits pick a bucket evenly.
fn fingerprint(id: &str) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(id.as_bytes());
    let mut hash = hasher.finish();
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

/// Whether any fingerprint occurs twice across all shards, checking the
/// buckets on as many threads as read the file.
fn has_repeated_fingerprint(shards: &[Shard], workers: usize) -> bool {
    let per_worker = BUCKETS.div_ceil(workers);
    thread::scope(|scope| {
        let handles: Vec<_> = (0..BUCKETS)
            .step_by(per_worker)
            .map(|first| {
                scope.spawn(move || {
                    let mut merged = Vec::new();
                    (first..(first + per_worker).min(BUCKETS)).any(|bucket| {
                        merged.clear();
                        for shard in shards {
                            merged.extend_from_slice(&shard.fingerprints[bucket]);
                        }
                        merged.sort_unstable();
                        merged.windows(2).any(|pair| pair[0] == pair[1])
                    })
                })
            })
            .collect();
        handles
            .into_iter()
            .any(|handle| handle.join().unwrap_or(true))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_spread_over_the_buckets() {
        let mut used = vec![0u32; BUCKETS];
        for n in 0..(BUCKETS * 64) {
            let id = format!("LBK-{n:06}");
            used[(fingerprint(&id) >> (64 - BUCKET_BITS)) as usize] += 1;
        }
        let (least, most) = (used.iter().min().unwrap(), used.iter().max().unwrap());
        assert!(*least > 20 && *most < 120, "buckets hold {least} to {most}");
    }
}
