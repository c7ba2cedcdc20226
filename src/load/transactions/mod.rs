//! The payments table (contributions paid to the insurer) and the claims
//! table (benefits claimed by members).

mod plain_claims;

use std::hash::BuildHasher;
use std::path::Path;

use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

use super::claimants::{Claimant, Claimants};
use super::member::Member;
use super::members::is_pseudonym;
use super::program::{BenefitId, Program};
use super::source::{Sources, Table};
use super::table::{Cell, Column, Kind, Origin, Row, TableReader};
use crate::calendar::{Date, Month};
use crate::diag::Diagnostics;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub month: Month,
    pub paid_on: Date,
    pub members: u64,
    pub amount: i64,
    /// The line (of a CSV file) or row (of a sheet) it was read from.
    pub line: u64,
}

const MONTH: usize = 0;
const PAYMENT_DATE: usize = 1;
const MEMBERS_BILLED: usize = 2;
const PAYMENT_AMOUNT: usize = 3;
const REFERENCE: usize = 4;
const PAYMENT_COLUMNS: [Column; 5] = [
    Column::required("month").of(Kind::Month),
    Column::required("paid_on").of(Kind::Date),
    Column::required("members").of(Kind::Count),
    Column::required("amount").of(Kind::Money),
    Column::optional("reference"),
];

pub fn load_payments(
    root: &Path,
    sources: &mut Sources,
    program: Option<&Program>,
    extra_columns: &[String],
    diagnostics: &mut Diagnostics,
) -> Option<Vec<Payment>> {
    let mut reader = TableReader::open(
        root,
        sources,
        Table::Payments,
        &PAYMENT_COLUMNS,
        extra_columns,
        diagnostics,
    )?;
    let errors_before = diagnostics.error_count();
    let mut payments = Vec::new();
    while let Some(row) = reader.next_row() {
        if row == Row::Malformed {
            continue;
        }
        let month = reader.parse_required(
            MONTH,
            "month",
            "the covered month the payment is for, like 2026-03",
            Month::parse,
        );
        let paid_on = reader.parse_required(
            PAYMENT_DATE,
            "paid_on",
            "a date like 2026-03-15",
            Date::parse,
        );
        let members = reader.count(MEMBERS_BILLED, "members");
        let amount = reader.money(PAYMENT_AMOUNT, "amount");
        reader.text(REFERENCE);
        if let (Some(program), Some(month)) = (program, month) {
            if month < program.start || month > program.end {
                let message = format!(
                    "month {month} is outside the period {} to {}",
                    program.start, program.end
                );
                reader.error(
                    MONTH,
                    message,
                    Some("payments are for covered months of the program"),
                );
            } else if month > program.as_of_month() {
                reader.error(
                    MONTH,
                    format!("month {month} is after the data cut-off {}", program.as_of),
                    Some("leave later months to a later data release"),
                );
            }
        }
        if let (Some(program), Some(paid_on)) = (program, paid_on)
            && paid_on > program.as_of
        {
            reader.error(
                PAYMENT_DATE,
                format!(
                    "paid_on {paid_on} is after the data cut-off {}",
                    program.as_of
                ),
                Some("nothing in the data may be dated after as_of in program.toml"),
            );
        }
        if let (Some(month), Some(paid_on), Some(members), Some(amount)) =
            (month, paid_on, members, amount)
        {
            payments.push(Payment {
                month,
                paid_on,
                members,
                amount,
                line: reader.line(),
            });
        }
    }
    reader.finish(diagnostics);
    (diagnostics.error_count() == errors_before).then_some(payments)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimStatus {
    Paid { paid_on: Date, amount: i64 },
    InProcess,
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// The claimant's row in members.csv.
    pub member: Member,
    pub benefit: BenefitId,
    pub incident_date: Date,
    pub status: ClaimStatus,
    pub line: u64,
}

const CLAIM_ID: usize = 0;
const MEMBER_ID: usize = 1;
const BENEFIT: usize = 2;
const INCIDENT_DATE: usize = 3;
const STATUS: usize = 4;
const PAID_ON: usize = 5;
const AMOUNT: usize = 6;
const CLAIM_COLUMNS: [Column; 7] = [
    Column::required("claim_id").of(Kind::Code),
    Column::required("member_id").of(Kind::Code),
    Column::required("benefit").of(Kind::Code),
    Column::required("incident_date").of(Kind::Date),
    Column::required("status").of(Kind::Code),
    Column::optional("paid_on").of(Kind::Date),
    Column::optional("amount").of(Kind::Money),
];

/// A claim read before members.csv: its member is still a claimant slot.
#[derive(Debug, PartialEq, Eq)]
struct PendingClaim {
    claimant: u32,
    benefit: BenefitId,
    incident_date: Date,
    status: ClaimStatus,
    line: u64,
}

/// claims.csv, read before members.csv so that the members it refers to
/// are known while members.csv streams past; [`PendingClaims::resolve`]
/// completes it.
pub struct PendingClaims {
    claims: Vec<PendingClaim>,
    /// The member_id of every row that has a valid one, claim complete or not.
    members: Vec<(u32, Cell)>,
    complete: bool,
    /// The claims table, to report a claim whose member is missing.
    origin: Origin,
    /// Kept until the claims are resolved, though no longer needed: freed
    /// before members.csv is read, it raises glibc's threshold for giving
    /// allocations pages of their own, and the fingerprints of a hundred
    /// million members then grow inside the heap (40 MB more at the peak).
    claim_id_hashes: Vec<u64>,
}

/// Reads claims.csv, adding the member of every claim to `claimants`.
pub fn load_claims(
    root: &Path,
    sources: &mut Sources,
    program: Option<&Program>,
    claimants: &mut Claimants,
    extra_columns: &[String],
    diagnostics: &mut Diagnostics,
) -> Option<PendingClaims> {
    let mut reader = TableReader::open(
        root,
        sources,
        Table::Claims,
        &CLAIM_COLUMNS,
        extra_columns,
        diagnostics,
    )?;
    let errors_before = diagnostics.error_count();
    // Sized once from the file's length (claim rows run about 55 bytes):
    // a map that doubles holds its old and new tables at once, which at
    // millions of claims is the build's peak of memory.
    let expected = reader.estimated_rows(50);
    // The plain reader numbers the claimants itself: it is tried only
    // when none are known yet, as when claims.csv is read first.
    let plain = claimants
        .is_empty()
        .then(|| plain_claims::read(&reader, program, expected))
        .flatten();
    let read = match plain {
        Some(plain) => {
            *claimants = plain.claimants;
            ReadClaims {
                claims: plain.claims,
                members: plain.members,
                claim_id_hashes: plain.claim_id_hashes,
            }
        }
        _ => read_claims(&mut reader, program, claimants, expected),
    };
    let ReadClaims {
        claims,
        members,
        mut claim_id_hashes,
    } = read;
    let origin = reader.finish(diagnostics);
    let repeated = repeated_hashes(&mut claim_id_hashes);
    if !repeated.is_empty() {
        let repeats = repeated_claim_ids(root, sources, extra_columns, &repeated);
        origin.report_cells(repeats, diagnostics);
    }
    Some(PendingClaims {
        claims,
        members,
        complete: diagnostics.error_count() == errors_before,
        origin,
        claim_id_hashes,
    })
}

/// What the rows of claims.csv hold.
struct ReadClaims {
    claims: Vec<PendingClaim>,
    members: Vec<(u32, Cell)>,
    claim_id_hashes: Vec<u64>,
}

/// The claims of `reader`'s rows, every problem reported, their members
/// added to `claimants`.
fn read_claims(
    reader: &mut TableReader,
    program: Option<&Program>,
    claimants: &mut Claimants,
    expected: usize,
) -> ReadClaims {
    claimants.reserve(expected);
    let mut claims = Vec::with_capacity(expected);
    let mut members = Vec::with_capacity(expected);
    // A hash of each claim_id, not its text: repeats are looked for once
    // the table is read, and only a repeated hash has the ids read again.
    let mut claim_id_hashes = Vec::with_capacity(expected);
    while let Some(row) = reader.next_row() {
        if row == Row::Malformed {
            continue;
        }
        let line = reader.line();
        if is_pseudonym(reader, CLAIM_ID, "claim_id")
            && let Some(id) = reader.raw_text(CLAIM_ID)
        {
            claim_id_hashes.push(FxBuildHasher.hash_one(id));
        }
        let claimant = is_pseudonym(reader, MEMBER_ID, "member_id")
            .then(|| reader.raw_text(MEMBER_ID).map(|id| claimants.slot(id)))
            .flatten();
        if let Some(claimant) = claimant {
            members.push((claimant, reader.cell(MEMBER_ID)));
        }
        let benefit = read_benefit(reader, program);
        let incident_date = reader.parse_required(
            INCIDENT_DATE,
            "incident_date",
            "a date like 2026-03-15",
            Date::parse,
        );
        let status = read_status(reader, incident_date, program);
        if let Some(program) = program {
            check_incident(reader, program, incident_date);
        }
        if let (Some(claimant), Some(benefit), Some(incident_date), Some(status)) =
            (claimant, benefit, incident_date, status)
        {
            claims.push(PendingClaim {
                claimant,
                benefit,
                incident_date,
                status,
                line,
            });
        }
    }
    ReadClaims {
        claims,
        members,
        claim_id_hashes,
    }
}

/// The hashes that occur more than once in `hashes`.
fn repeated_hashes(hashes: &mut [u64]) -> FxHashSet<u64> {
    hashes.sort_unstable();
    hashes
        .windows(2)
        .filter(|pair| pair[0] == pair[1])
        .map(|pair| pair[0])
        .collect()
}

/// Each claim whose claim_id an earlier row has already, with the error to
/// report at it: claims.csv read again, keeping the text of the ids whose
/// hash is in `repeated` (two different ids may share one). Problems of
/// the table were reported by the first reading; this one drops its own.
fn repeated_claim_ids(
    root: &Path,
    sources: &mut Sources,
    extra_columns: &[String],
    repeated: &FxHashSet<u64>,
) -> Vec<(Cell, String, &'static str)> {
    let mut repeats = Vec::new();
    let Some(mut reader) = TableReader::open(
        root,
        sources,
        Table::Claims,
        &CLAIM_COLUMNS,
        extra_columns,
        &mut Diagnostics::default(),
    ) else {
        return repeats;
    };
    let mut first_lines: FxHashMap<Box<str>, u64> = FxHashMap::default();
    while let Some(row) = reader.next_row() {
        if row == Row::Malformed {
            continue;
        }
        // The first reading's check, whose findings this reader drops.
        if !is_pseudonym(&mut reader, CLAIM_ID, "claim_id") {
            continue;
        }
        let Some(id) = reader.raw_text(CLAIM_ID) else {
            continue;
        };
        if !repeated.contains(&FxBuildHasher.hash_one(id)) {
            continue;
        }
        if let Some(&first_line) = first_lines.get(id) {
            repeats.push((
                reader.cell(CLAIM_ID),
                format!(
                    "claim_id appears twice (first on {})",
                    reader.describe_row(first_line)
                ),
                "every claim is listed once",
            ));
        } else {
            first_lines.insert(Box::from(id), reader.line());
        }
    }
    repeats
}

impl PendingClaims {
    /// The claims with their members once the members have been read, or
    /// None when a claim has an error; reports each claim whose member_id
    /// the members table (named `members_table`) does not list.
    /// `members_read` is false when it could not be read at all: then its
    /// claimants are not reported.
    pub fn resolve(
        self,
        claimants: &Claimants,
        members_read: bool,
        members_table: &str,
        diagnostics: &mut Diagnostics,
    ) -> Option<Vec<Claim>> {
        let PendingClaims {
            claims: pending,
            members,
            mut complete,
            origin,
            claim_id_hashes,
        } = self;
        // Freed only now: see the field.
        drop(claim_id_hashes);
        let missing: Vec<(Cell, String, &str)> = members
            .iter()
            .filter(|(claimant, _)| members_read && claimants.get(*claimant) == Claimant::Missing)
            .map(|&(_, cell)| {
                (
                    cell,
                    format!("the claim's member_id is not in {members_table}"),
                    "a claim must belong to a listed member",
                )
            })
            .collect();
        let mut claims = Vec::with_capacity(pending.len());
        for claim in pending {
            match claimants.get(claim.claimant) {
                Claimant::Listed(member) => claims.push(Claim {
                    member,
                    benefit: claim.benefit,
                    incident_date: claim.incident_date,
                    status: claim.status,
                    line: claim.line,
                }),
                Claimant::Invalid | Claimant::Missing => complete = false,
            }
        }
        origin.report_cells(missing, diagnostics);
        complete.then_some(claims)
    }
}

fn read_benefit(reader: &mut TableReader, program: Option<&Program>) -> Option<BenefitId> {
    let code = reader.required_text(BENEFIT, "benefit")?;
    let program = program?;
    match program.benefits.iter().position(|b| b == code) {
        Some(index) => Some(BenefitId::new(index)),
        None => {
            let message = format!(
                "benefit '{}' is not one of the program's benefits",
                super::values::echo(code)
            );
            let hint = format!("program.toml lists: {}", program.benefits.join(", "));
            reader.error(BENEFIT, message, Some(&hint));
            None
        }
    }
}

/// The status column as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Paid,
    InProcess,
    Rejected,
}

impl Status {
    fn parse(text: &str) -> Option<Status> {
        match text {
            "paid" => Some(Status::Paid),
            "in_process" => Some(Status::InProcess),
            "rejected" => Some(Status::Rejected),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Status::Paid => "paid",
            Status::InProcess => "in_process",
            Status::Rejected => "rejected",
        }
    }
}

fn read_status(
    reader: &mut TableReader,
    incident_date: Option<Date>,
    program: Option<&Program>,
) -> Option<ClaimStatus> {
    let status = reader.parse_required(
        STATUS,
        "status",
        "one of paid, in_process, rejected",
        Status::parse,
    )?;
    let paid_on =
        reader.parse_optional(PAID_ON, "paid_on", "a date like 2026-03-15", Date::parse)?;
    let amount = reader.optional_money(AMOUNT, "amount")?;
    match claim_status(status, paid_on, amount, incident_date, program) {
        Ok(status) => Some(status),
        Err((column, message, hint)) => {
            reader.error(column, message, hint);
            None
        }
    }
}

/// A problem of a row: the column, the message and maybe a hint.
type RowProblem = (usize, String, Option<&'static str>);

/// What a claim's status, paid_on and amount say together, or the first
/// thing wrong with them.
fn claim_status(
    status: Status,
    paid_on: Option<Date>,
    amount: Option<i64>,
    incident_date: Option<Date>,
    program: Option<&Program>,
) -> Result<ClaimStatus, RowProblem> {
    match status {
        Status::Paid => {
            let Some(paid_on) = paid_on else {
                return Err((
                    PAID_ON,
                    "a paid claim has no paid_on date".to_string(),
                    Some("write the date the benefit was paid, like 2026-03-15"),
                ));
            };
            let amount = match amount {
                Some(amount) if amount > 0 => amount,
                _ => {
                    return Err((
                        AMOUNT,
                        "a paid claim has no amount".to_string(),
                        Some("write the Rupiah paid, digits only"),
                    ));
                }
            };
            if let Some(incident_date) = incident_date
                && paid_on < incident_date
            {
                return Err((
                    PAID_ON,
                    format!("paid_on {paid_on} is before incident_date {incident_date}"),
                    None,
                ));
            }
            if let Some(program) = program
                && paid_on > program.as_of
            {
                return Err((
                    PAID_ON,
                    format!(
                        "paid_on {paid_on} is after the data cut-off {}",
                        program.as_of
                    ),
                    Some("a claim paid after as_of is still in_process in this release"),
                ));
            }
            Ok(ClaimStatus::Paid { paid_on, amount })
        }
        Status::InProcess | Status::Rejected => {
            let other = status.name();
            if paid_on.is_some() {
                return Err((
                    PAID_ON,
                    format!("a claim with status {other} has a paid_on date"),
                    Some("leave paid_on empty unless the status is paid"),
                ));
            }
            if amount.is_some_and(|amount| amount != 0) {
                return Err((
                    AMOUNT,
                    format!("a claim with status {other} has an amount"),
                    Some("leave amount empty unless the status is paid"),
                ));
            }
            Ok(if status == Status::Rejected {
                ClaimStatus::Rejected
            } else {
                ClaimStatus::InProcess
            })
        }
    }
}

fn check_incident(reader: &mut TableReader, program: &Program, incident_date: Option<Date>) {
    if let Some(date) = incident_date
        && let Some((message, hint)) = incident_problem(program, date)
    {
        reader.error(INCIDENT_DATE, message, hint);
    }
}

/// What is wrong with an incident on `date`, if anything.
fn incident_problem(program: &Program, date: Date) -> Option<(String, Option<&'static str>)> {
    if date < program.start.first_day() || date > program.end.last_day() {
        Some((
            format!(
                "incident_date {date} is outside the period {} to {}",
                program.start, program.end
            ),
            Some("claims are for incidents during the program's period"),
        ))
    } else if date > program.as_of {
        Some((
            format!(
                "incident_date {date} is after the data cut-off {}",
                program.as_of
            ),
            None,
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{program, source};
    use proptest::prelude::*;

    /// What a reader makes of claims.csv: its claims, the cells of their
    /// members, the hashes of the claim ids, and each claimant's id.
    type Claims = (Vec<PendingClaim>, Vec<(u32, Cell)>, Vec<u64>, Vec<String>);

    /// The plain reader's claims (None when it gave up), and the exact
    /// reader's with the number of errors it reported.
    fn read_both(claims: &str) -> (Option<Claims>, (Claims, usize)) {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny/data");
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("data")).unwrap();
        std::fs::copy(fixture.join("program.toml"), root.join("data/program.toml")).unwrap();
        std::fs::write(root.join(Table::Claims.csv_file()), claims).unwrap();
        let mut diagnostics = Diagnostics::default();
        let mut sources = source::find_sources(root, &mut Diagnostics::default());
        let program = program::load_program(root, &mut diagnostics).unwrap();
        assert!(diagnostics.is_empty());
        let mut open = |diagnostics: &mut Diagnostics| {
            TableReader::open(
                root,
                &mut sources,
                Table::Claims,
                &CLAIM_COLUMNS,
                &[],
                diagnostics,
            )
            .unwrap()
        };
        let ids = |claimants: &Claimants| {
            let mut ids: Vec<(u32, String)> = claimants
                .ids()
                .map(|id| (claimants.find(id).unwrap(), id.to_string()))
                .collect();
            ids.sort();
            ids.into_iter().map(|(_, id)| id).collect::<Vec<_>>()
        };
        let reader = open(&mut diagnostics);
        let plain = plain_claims::read(&reader, Some(&program), 4).map(|plain| {
            let ids = ids(&plain.claimants);
            (plain.claims, plain.members, plain.claim_id_hashes, ids)
        });
        let mut reader = open(&mut diagnostics);
        let mut claimants = Claimants::default();
        let exact = read_claims(&mut reader, Some(&program), &mut claimants, 4);
        reader.finish(&mut diagnostics);
        let exact = (
            exact.claims,
            exact.members,
            exact.claim_id_hashes,
            ids(&claimants),
        );
        (plain, (exact, diagnostics.error_count()))
    }

    const HEADER: &str = "claim_id,member_id,benefit,incident_date,status,paid_on,amount";

    /// A valid row, from a few small numbers.
    fn valid_row((id, member, jkk, month, status): (u16, u8, bool, u8, u8)) -> String {
        let benefit = if jkk { "JKK" } else { "JKM" };
        let incident = format!("2026-0{month}-1{}", id % 10);
        let settled = match status % 3 {
            0 => format!(
                "paid,2026-0{}-2{},{}",
                month.max(3),
                id % 10,
                1000 + u32::from(id)
            ),
            1 => "in_process,,".to_string(),
            _ => "rejected,,0".to_string(),
        };
        format!("KLM-2026-{id:06},M{member},{benefit},{incident},{settled}")
    }

    /// `count` valid rows of claimants among `members`.
    fn valid_rows(count: u16, members: u16) -> Vec<String> {
        (0..count)
            .map(|n| {
                valid_row((
                    n,
                    (n % members) as u8,
                    n % 2 == 0,
                    (n % 3 + 1) as u8,
                    (n % 5) as u8,
                ))
            })
            .collect()
    }

    /// Ways a row can be unusual: some are errors, some only need the csv crate.
    fn odd_row(kind: u8, row: &str) -> String {
        match kind % 14 {
            0 => format!("\"{row}\""),
            1 => row.replacen(",JK", ", JK", 1),
            2 => row.replacen(",JK", ",0812345678901", 1),
            3 => row.replacen("2026-0", "2027-0", 1),
            4 => format!("{row},extra"),
            5 => row.replacen(",paid,", ",lunas,", 1),
            6 => String::new(),
            7 => row.replacen("KLM", "K@L.M", 1),
            8 => row.replacen(",M", ",M\r", 1),
            9 => row.replacen("JKK", "JKKé", 1),
            10 => row.replacen("KLM-2026-", "3602041507880", 1),
            11 => row.replacen(",in_process,,", ",in_process,,5", 1),
            12 => row.replacen(",rejected,,0", ",rejected,2026-02-01,0", 1),
            _ => format!("{row}\r"),
        }
    }

    #[test]
    fn a_file_of_many_blocks_reads_in_order_and_an_odd_row_late_in_it_gives_up() {
        // About 300 KB: blocks checked on several threads, added in order.
        let mut rows = valid_rows(6000, 251);
        for (end, last) in [("\n", "\n"), ("\n", ""), ("\r\n", "\r\n")] {
            let file = format!("{HEADER}{end}{}{last}", rows.join(end));
            let (plain, exact) = read_both(&file);
            let plain = plain.expect("the plain reader reads a valid file");
            assert_eq!(plain.0.len(), 6000);
            assert_eq!((plain, 0), exact);
        }
        rows[5800] = odd_row(0, &rows[5800]);
        let (plain, _) = read_both(&format!("{HEADER}\n{}\n", rows.join("\n")));
        assert!(plain.is_none());
    }

    #[test]
    fn valid_files_take_the_plain_reader() {
        let rows = valid_rows(200, 7);
        for (end, separator) in [("\n", ","), ("\r\n", ","), ("\n", ";"), ("\r\n", "\t")] {
            for last in ["", end] {
                let file = format!("{HEADER}{end}{}{last}", rows.join(end)).replace(',', separator);
                let (plain, exact) = read_both(&file);
                let plain = plain.expect("the plain reader reads a valid file");
                assert_eq!(plain.0.len(), 200);
                assert_eq!((plain, 0), exact);
            }
        }
    }

    proptest! {
        #[test]
        fn the_plain_reader_agrees_with_the_exact_one(
            rows in prop::collection::vec(((0u16..60, any::<u8>(), any::<bool>(), 1u8..4, any::<u8>()), prop::option::weighted(0.05, any::<u8>())), 1..60),
            crlf in any::<bool>(),
            separator in prop::sample::select(vec![",", ";", "\t"]),
        ) {
            let lines: Vec<String> = rows
                .iter()
                .map(|&(row, odd)| {
                    let row = valid_row(row);
                    odd.map_or(row.clone(), |kind| odd_row(kind, &row))
                })
                .collect();
            let end = if crlf { "\r\n" } else { "\n" };
            let file = format!("{HEADER}{end}{}{end}", lines.join(end)).replace(',', separator);
            let (plain, (exact, errors)) = read_both(&file);
            if let Some(plain) = plain {
                prop_assert_eq!(errors, 0);
                prop_assert_eq!(plain, exact);
            }
        }
    }

    #[test]
    fn only_hashes_seen_more_than_once_are_repeated() {
        let mut hashes = vec![7, 3, 9, 3, 7, 3, 1];
        let repeated = repeated_hashes(&mut hashes);
        assert_eq!(repeated, FxHashSet::from_iter([3, 7]));
        assert!(repeated_hashes(&mut []).is_empty());
        assert!(repeated_hashes(&mut [5]).is_empty());
    }
}
