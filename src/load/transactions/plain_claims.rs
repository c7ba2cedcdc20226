//! claims.csv read straight from its bytes when it is plain: UTF-8 without
//! quotes, control characters or letters outside ASCII, one row a line, no
//! extra column, and every row valid. That is what an export holds, and
//! what the csv crate and the checks cell by cell take several times
//! longer to read. At the first row that is anything else this reader
//! gives up, having reported nothing, and the exact reader reads the file:
//! it alone reports problems. The checks are the exact reader's own
//! functions; a property test requires the same claims from both.

use std::fs::File;
use std::hash::BuildHasher;
use std::io::Read;

use rustc_hash::FxBuildHasher;

use super::{
    AMOUNT, BENEFIT, CLAIM_ID, INCIDENT_DATE, MEMBER_ID, PAID_ON, PendingClaim, STATUS, Status,
    claim_status, incident_problem,
};
use crate::calendar::Date;
use crate::load::claimants::Claimants;
use crate::load::members::is_plain_id;
use crate::load::program::{BenefitId, Program};
use crate::load::table::lines::{MAX_LINE_BYTES, WholeLines};
use crate::load::table::{Cell, Layout, TableReader};
use crate::load::values::money_problem;

/// Bytes read at a time: below the size from which glibc gives an
/// allocation pages of its own, whose freeing would raise that size for
/// the members' fingerprints (see `PendingClaims::claim_id_hashes`).
const BLOCK_BYTES: usize = 1 << 16;

/// The columns of claims.csv.
const COLUMNS: usize = 7;

/// What the exact reader makes of a valid claims.csv.
pub(super) struct PlainClaims {
    pub claims: Vec<PendingClaim>,
    pub members: Vec<(u32, Cell)>,
    pub claim_id_hashes: Vec<u64>,
    pub claimants: Claimants,
}

/// The claims of `reader`'s file, each row valid, or None: then the exact
/// reader must read it. `expected` rows are room reserved.
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
    let mut rows = Rows {
        layout: &layout,
        program,
        crlf: head.ends_with(b"\r\n"),
        offset: layout.data_start,
        line: 1 + memchr::memchr_iter(b'\n', &head).count() as u64,
        money_total: 0,
        read: PlainClaims {
            claims: Vec::with_capacity(expected),
            members: Vec::with_capacity(expected),
            claim_id_hashes: Vec::with_capacity(expected),
            claimants: Claimants::default(),
        },
    };
    rows.read.claimants.reserve(expected);
    let mut lines = WholeLines::new(BLOCK_BYTES);
    let mut block = Vec::with_capacity(BLOCK_BYTES + MAX_LINE_BYTES);
    loop {
        let read = lines.next_block(&mut file, &mut block)?;
        for line in block.split_inclusive(|&byte| byte == b'\n') {
            rows.add(line)?;
        }
        if read == 0 {
            return Some(rows.read);
        }
    }
}

struct Rows<'a> {
    layout: &'a Layout,
    program: &'a Program,
    /// Whether lines end in CR LF, as the header's does.
    crlf: bool,
    /// Where the next row starts: its byte and its line.
    offset: u64,
    line: u64,
    /// Of every amount, which must stay within i64.
    money_total: i64,
    read: PlainClaims,
}

impl Rows<'_> {
    /// Adds a line (with its line end, if any) as a claim; None when it is
    /// not a plain, valid row.
    fn add(&mut self, line: &[u8]) -> Option<()> {
        let (start, number) = (self.offset, self.line);
        self.offset += line.len() as u64;
        self.line += 1;
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
            amount => Some(self.money(amount)?),
        };
        let status = claim_status(
            status,
            paid_on,
            amount,
            Some(incident_date),
            Some(self.program),
        )
        .ok()?;
        let read = &mut self.read;
        read.claim_id_hashes.push(FxBuildHasher.hash_one(claim_id));
        let claimant = read.claimants.slot(member_id);
        read.members.push((
            claimant,
            Cell::at(start, number, self.layout.fields[MEMBER_ID]),
        ));
        read.claims.push(PendingClaim {
            claimant,
            benefit,
            incident_date,
            status,
            line: number,
        });
        Some(())
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

    /// Whole Rupiah, as the exact reader takes them, within the table's
    /// total.
    fn money(&mut self, text: &str) -> Option<i64> {
        if money_problem(text).is_some() {
            return None;
        }
        let amount: i64 = text.parse().ok()?;
        self.money_total = self.money_total.checked_add(amount)?;
        Some(amount)
    }
}
