//! claims.csv read straight from its bytes when it is plain: UTF-8 without
//! quotes, control characters or letters outside ASCII, one row a line, no
//! extra column, and every row valid. That is what an export holds, and
//! what the csv crate and the checks cell by cell take several times
//! longer to read. At the first row that is anything else this reader
//! gives up, having reported nothing, and the exact reader reads the file:
//! it alone reports problems. The checks are the exact reader's own
//! functions; a property test requires the same claims from both. Blocks
//! of rows are checked on every core and added in the file's order.

use std::collections::BTreeMap;
use std::fs::File;
use std::hash::BuildHasher;
use std::io::Read;
use std::num::NonZero;
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;

use rustc_hash::FxBuildHasher;

use super::{
    AMOUNT, BENEFIT, CLAIM_ID, ClaimStatus, INCIDENT_DATE, MEMBER_ID, PAID_ON, PendingClaim,
    STATUS, Status, claim_status, incident_problem,
};
use crate::calendar::Date;
use crate::load::claimants::Claimants;
use crate::load::members::is_plain_id;
use crate::load::program::{BenefitId, Program};
use crate::load::table::lines::{MAX_LINE_BYTES, feed_blocks};
use crate::load::table::{Cell, Layout, TableReader};
use crate::load::values::money_problem;

/// Bytes read at a time: below the size from which glibc gives an
/// allocation pages of its own, whose freeing would raise that size for
/// the members' fingerprints (see `PendingClaims::claim_id_hashes`).
const BLOCK_BYTES: usize = 1 << 16;

/// The columns of claims.csv.
const COLUMNS: usize = 7;

/// Threads that check rows: the rest of the work (each claimant's slot, in
/// the file's order) is a fifth of it, done on the calling thread.
const MAX_CHECKERS: usize = 2;

/// Blocks read and not yet added: memory stays bounded even when the
/// calling thread falls behind the checkers. The block the calling thread
/// waits for is always among them, so the feeder's wait for a buffer ends.
const BUFFERS: usize = 4 * MAX_CHECKERS;

/// What the exact reader makes of a valid claims.csv.
pub(super) struct PlainClaims {
    pub claims: Vec<PendingClaim>,
    pub members: Vec<(u32, Cell)>,
    pub claim_id_hashes: Vec<u64>,
    pub claimants: Claimants,
}

/// The claims of `reader`'s file, each row valid, or None: then the exact
/// reader must read it. `expected` rows are room reserved.
///
/// Blocks of whole lines are checked on every core, and their rows added
/// in the file's order on this thread, which gives each new claimant its
/// slot: the same claims, cells and slots as one thread reading row by row.
pub(super) fn read(
    reader: &TableReader,
    program: Option<&Program>,
    expected: usize,
) -> Option<PlainClaims> {
    let program = program?;
    let layout = reader.layout()?;
    // Every field is a column of the table: no extra column.
    if reader.has_findings() || layout.width != layout.fields.iter().flatten().count() {
        return None;
    }
    let mut file = File::open(&layout.path).ok()?;
    let mut head = vec![
        0;
        usize::try_from(layout.data_start)
            .ok()?
            .min(MAX_LINE_BYTES + 4)
    ];
    file.read_exact(&mut head).ok()?;
    if head.len() as u64 != layout.data_start {
        return None;
    }
    let checker = RowChecker {
        layout: &layout,
        program,
        crlf: head.ends_with(b"\r\n"),
    };
    let first = Place {
        offset: layout.data_start,
        line: 1 + memchr::memchr_iter(b'\n', &head).count() as u64,
    };
    let mut rows = Rows {
        member_field: layout.fields[MEMBER_ID],
        money_total: 0,
        read: PlainClaims {
            claims: Vec::with_capacity(expected),
            members: Vec::with_capacity(expected),
            claim_id_hashes: Vec::with_capacity(expected),
            claimants: Claimants::default(),
        },
    };
    rows.read.claimants.reserve(expected);
    let checkers = thread::available_parallelism()
        .map_or(1, NonZero::get)
        .min(MAX_CHECKERS);
    let gave_up = AtomicBool::new(false);
    let gave_up = &gave_up;
    thread::scope(|scope| {
        let (to_check, blocks) = mpsc::sync_channel::<Block>(2 * checkers);
        let blocks = Arc::new(Mutex::new(blocks));
        let (checked, results) = mpsc::channel::<(usize, Option<CheckedBlock>)>();
        // Buffers whose rows are added, for the feeder to fill again.
        let (give_back, returned) = mpsc::channel::<Vec<u8>>();
        for _ in 0..checkers {
            let (blocks, checked, checker) = (Arc::clone(&blocks), checked.clone(), &checker);
            // Each takes blocks until the feeder is done, even after a row
            // was found odd (then without checking them), so that the
            // feeder never waits for room that is not made.
            scope.spawn(move || {
                while let Some(block) = blocks.lock().ok().and_then(|blocks| blocks.recv().ok()) {
                    if gave_up.load(Ordering::Relaxed) {
                        continue;
                    }
                    let sequence = block.sequence;
                    let rows = match catch_unwind(AssertUnwindSafe(|| checker.check(block))) {
                        Ok(rows) => rows,
                        // The calling thread, which waits for this block,
                        // hears of it before the panic goes on: none of the
                        // threads is left waiting for another.
                        Err(panic) => {
                            gave_up.store(true, Ordering::Relaxed);
                            let _ = checked.send((sequence, None));
                            resume_unwind(panic)
                        }
                    };
                    if rows.is_none() {
                        gave_up.store(true, Ordering::Relaxed);
                    }
                    let _ = checked.send((sequence, rows));
                }
            });
        }
        // Only the checkers hold the queue's end and the results' senders:
        // should they all stop, the feeder's next block and this thread's
        // wait for results end too.
        drop(blocks);
        drop(checked);
        let feeder = scope.spawn(move || {
            let (mut place, mut sequence) = (first, 0);
            feed_blocks(
                &mut file,
                BLOCK_BYTES,
                BUFFERS,
                &returned,
                gave_up,
                |bytes, _| {
                    let first = place;
                    place.offset += bytes.len() as u64;
                    place.line += memchr::memchr_iter(b'\n', &bytes).count() as u64;
                    let block = Block {
                        sequence,
                        first,
                        bytes,
                    };
                    sequence += 1;
                    to_check.send(block).is_ok()
                },
            )
            .map(|()| sequence)
        });
        // Blocks come back in any order and are added in the file's.
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for (sequence, block) in results {
            waiting.insert(sequence, block?);
            while let Some(block) = waiting.remove(&next) {
                let Some(bytes) = rows.add(block) else {
                    gave_up.store(true, Ordering::Relaxed);
                    return None;
                };
                let _ = give_back.send(bytes);
                next += 1;
            }
        }
        // A feeder waiting for a buffer stops waiting.
        drop(give_back);
        let sent = feeder.join().ok()??;
        (waiting.is_empty() && next == sent).then_some(())
    })?;
    Some(rows.read)
}

/// Where a row starts: its byte in the file and its line.
#[derive(Debug, Clone, Copy)]
struct Place {
    offset: u64,
    line: u64,
}

/// Whole lines of the file, numbered in the file's order.
struct Block {
    sequence: usize,
    first: Place,
    bytes: Vec<u8>,
}

/// A row checked on a worker thread, waiting for its claimant's slot.
struct CheckedRow {
    /// Where the member id is in the block's bytes.
    member_id: Range<usize>,
    claim_id_hash: u64,
    benefit: BenefitId,
    incident_date: Date,
    status: ClaimStatus,
    amount: Option<i64>,
    place: Place,
}

/// A block's bytes and its rows, every one of them valid.
struct CheckedBlock {
    bytes: Vec<u8>,
    rows: Vec<CheckedRow>,
}

/// Checks rows: the columns' layout and the program they are checked
/// against.
struct RowChecker<'a> {
    layout: &'a Layout,
    program: &'a Program,
    /// Whether lines end in CR LF, as the header's does.
    crlf: bool,
}

impl RowChecker<'_> {
    /// Every row of `block`, or None at the first that is not a plain,
    /// valid row.
    fn check(&self, block: Block) -> Option<CheckedBlock> {
        let mut rows = Vec::new();
        let mut place = block.first;
        let mut start = 0;
        for line in block.bytes.split_inclusive(|&byte| byte == b'\n') {
            rows.push(self.check_row(line, start, place)?);
            start += line.len();
            place.offset += line.len() as u64;
            place.line += 1;
        }
        Some(CheckedBlock {
            bytes: block.bytes,
            rows,
        })
    }

    /// A line (with its line end, if any) as a claim, its member id found
    /// at `start` onwards in the block; None when it is not a plain, valid
    /// row.
    fn check_row(&self, line: &[u8], start: usize, place: Place) -> Option<CheckedRow> {
        let row = match line.strip_suffix(b"\n") {
            Some(row) if self.crlf => row.strip_suffix(b"\r")?,
            Some(row) => row,
            None => line,
        };
        let separator = self.layout.separator;
        // One branch-free pass, which the compiler turns into vector
        // instructions: nothing but ASCII, no quote, no control character
        // but a separating tab.
        let odd = row.iter().fold(false, |odd, &byte| {
            odd | (byte >= 0x7f) | (byte == b'"') | ((byte < 0x20) & (byte != separator))
        });
        if row.is_empty() || odd {
            return None;
        }
        let row = std::str::from_utf8(row).ok()?;
        let mut fields = [""; COLUMNS];
        let mut count = 0;
        for field in row.split(char::from(separator)) {
            *fields.get_mut(count)? = field;
            count += 1;
        }
        if count != self.layout.width {
            return None;
        }
        let field = |column: usize| self.layout.fields[column].map(|field| fields[field]);
        let text = |column: usize| field(column).map_or("", str::trim);
        let claim_id = field(CLAIM_ID).filter(|id| is_plain_id(id.as_bytes()))?;
        let member_id = field(MEMBER_ID).filter(|id| is_plain_id(id.as_bytes()))?;
        let benefit = self.benefit(field(BENEFIT)?)?;
        let incident_date = Date::parse(text(INCIDENT_DATE))?;
        if incident_problem(self.program, incident_date).is_some() {
            return None;
        }
        let status = Status::parse(text(STATUS))?;
        let paid_on = match text(PAID_ON) {
            "" => None,
            date => Some(Date::parse(date)?),
        };
        let amount = match text(AMOUNT) {
            "" => None,
            amount if money_problem(amount).is_some() => return None,
            amount => Some(amount.parse().ok()?),
        };
        let status = claim_status(
            status,
            paid_on,
            amount,
            Some(incident_date),
            Some(self.program),
        )
        .ok()?;
        // The member id's place in the block: `row` is a part of `line`.
        let member_start = start + (member_id.as_ptr() as usize - line.as_ptr() as usize);
        Some(CheckedRow {
            member_id: member_start..member_start + member_id.len(),
            claim_id_hash: FxBuildHasher.hash_one(claim_id),
            benefit,
            incident_date,
            status,
            amount,
            place,
        })
    }

    /// A benefit the program lists, written as it is. Text that might hold
    /// a phone or ID number (ten digits) or an e-mail address is left to
    /// the exact reader's detectors.
    fn benefit(&self, text: &str) -> Option<BenefitId> {
        let digits = text.bytes().filter(u8::is_ascii_digit).count();
        if digits >= 10 || text.contains('@') {
            return None;
        }
        let code = text.trim();
        let index = self
            .program
            .benefits
            .iter()
            .position(|known| known == code)?;
        Some(BenefitId::new(index))
    }
}

/// The claims read so far, in the file's order.
struct Rows {
    member_field: Option<usize>,
    /// Of every amount, which must stay within i64.
    money_total: i64,
    read: PlainClaims,
}

impl Rows {
    /// Adds the rows of the next block and gives its buffer back; None when
    /// the amounts so far pass what i64 holds.
    fn add(&mut self, block: CheckedBlock) -> Option<Vec<u8>> {
        for row in block.rows {
            if let Some(amount) = row.amount {
                self.money_total = self.money_total.checked_add(amount)?;
            }
            let member_id = std::str::from_utf8(block.bytes.get(row.member_id)?).ok()?;
            let read = &mut self.read;
            read.claim_id_hashes.push(row.claim_id_hash);
            let claimant = read.claimants.slot(member_id);
            read.members.push((
                claimant,
                Cell::at(row.place.offset, row.place.line, self.member_field),
            ));
            read.claims.push(PendingClaim {
                claimant,
                benefit: row.benefit,
                incident_date: row.incident_date,
                status: row.status,
                line: row.place.line,
            });
        }
        Some(block.bytes)
    }
}
