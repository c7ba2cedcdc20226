//! Synthetic example data for jaring: the Kabupaten Lebak 2026 program (BPJS Ketenagakerjaan
//! JKK and JKM contributions paid by the regency for vulnerable informal workers).
//!
//! ```text
//! cargo run --release --example gen_data -- --members 3450 --seed 1 --out data
//! ```
//!
//! Writes `program.toml`, `sectors.csv`, `districts.csv`, `members.csv`, `payments.csv`,
//! `claims.csv` and `budget.csv` as DATA-CONTRACT.md defines them. Nobody in the data exists;
//! the numbers are made up but consistent with each other (payments match the members covered
//! each month, claims fall in their member's covered months), so the data passes every check
//! without a warning. The same options give the same bytes everywhere: the random numbers come
//! from an inline generator and only integer arithmetic is used.
//!
//! The data of a release history come from the same run. The generator first plays out the
//! whole program up to its last day of data (the "full run": 2026-10-31 for 2026; for an
//! earlier year, three months after the program ended, when its late claims are settled),
//! then writes what the agency knew on `--as-of`: the members registered by then, the
//! payments booked, the claims of incidents up to that day (those decided later still in
//! process), an early end of coverage only once it happened. So the data as of 31 August are
//! the data as of 31 October cut at 31 August, and the pseudonyms and claim numbers stay the
//! same. `--late-payment` and `--miscoded-district` add the two usual mistakes of a monthly
//! export, for an example of a correction: the as-of month's payment not booked yet, and
//! members of one kecamatan (Cibeber) entered with a neighbour's code (Cilograng).

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The largest amount one cell of the contract holds (Rp10.000 triliun).
const MAX_BUDGET_LINE: u64 = 10_000_000_000_000;
const USAGE: &str = "\
usage: cargo run --release --example gen_data -- [--members N] [--seed S] [--out DIR]
         [--program-year Y] [--as-of YYYY-MM-DD] [--late-payment] [--miscoded-district N]
         [--districts N]

Writes synthetic example data (Kabupaten Lebak 2026) for jaring into DIR.
  --members N            number of members, 1 to 1073741824 (default 3450; 2000 for an
                         earlier program year)
  --seed S               random seed, an unsigned 64-bit integer (default 1)
  --out DIR              output directory, created when missing (default data)
  --program-year Y       the program of year Y, 2016 to 2026 (default 2026). An earlier
                         year is an invented, smaller program that has ended: period
                         Y-01..Y-12, as_of Y-12-31, Rp16.200 per worker-month, the same
                         sectors and kecamatan
  --as-of YYYY-MM-DD     the data as they stood on that day: the same members, payments
                         and claims as the full run, cut at that day (members registered
                         later, later payments and incidents left out, claims decided
                         later still in process). From the program's first day to the end
                         of the full run: 2026-10-31 for 2026; for an earlier year Y, up to
                         (Y+1)-03-31, after the program's end (default: 2026-10-31, Y-12-31)
  --late-payment         the payment for the as-of month is not booked yet (it is booked
                         after the as-of day; a later --as-of shows it)
  --miscoded-district N  N members of 36.02.19 Cibeber carry the code of its neighbour
                         36.02.20 Cilograng (a data-entry error, to be corrected)
  --districts N          N made-up districts, 1 to 9999, instead of Lebak's 28 kecamatan:
                         the shape of a national program reported by kabupaten/kota
                         (names and weights repeat Lebak's, numbered: \"Maja 3\")";

const PROGRAM_NAME: &str = "Perlindungan Jaminan Sosial Ketenagakerjaan Pekerja Rentan";
const ADMINISTRATOR: &str = "Dinas Tenaga Kerja Kabupaten Lebak";
const REGION: &str = "Kabupaten Lebak";
const INSURER: &str = "BPJS Ketenagakerjaan";
const BUDGET_ITEM: &str = "Bantuan iuran JKK dan JKM pekerja rentan";
const BUDGET_SOURCE: &str = "APBD";
/// The program year of the example: it runs from January to December of that year, and its
/// data end on AS_OF (year, month, day), also the end of the full run.
const YEAR: i64 = 2026;
const AS_OF: (i64, i64, i64) = (2026, 10, 31);
const MEMBERS: u64 = 3450;
/// An earlier program year: smaller (invented), ended, with data up to three months after.
const FIRST_YEAR: i64 = 2016;
const PAST_MEMBERS: u64 = 2000;
const PAST_MONTHS_AFTER: i64 = 3;
/// `--miscoded-district`: members of this kecamatan (index in DISTRICTS, 36.02.19 Cibeber)
/// entered with the code of this neighbour (36.02.20 Cilograng; they share a border).
const MISCODED_FROM: usize = 18;
const MISCODED_TO: usize = 19;
/// `--districts`: at most this many made-up districts (their codes have four digits).
const MAX_DISTRICTS: usize = 9999;
/// Rupiah per member per month paid to the insurer.
const CONTRIBUTION: u64 = 16_200;
/// JKM death benefit: Rp20.000.000 lump sum + Rp12.000.000 periodic + Rp10.000.000 funeral.
const JKM_AMOUNT: u64 = 42_000_000;
const MEMBER_PREFIX: &[u8] = b"LBK-";
const CLAIM_PREFIX: &str = "KLM-";
/// Member ids carry 6 base-32 characters (30 bits), so at most 2^30 distinct members.
const MAX_MEMBERS: u64 = 1 << 30;

/// Probabilities are in units of 1e-9 (`ONE` = certain), per-mille-like tables in ppm.
const ONE: u64 = 1_000_000_000;
const PPM: u64 = 1_000_000;

const COASTAL: usize = 0;
const URBAN: usize = 1;
const RURAL: usize = 2;

/// The 28 kecamatan (Kemendagri codes): code, name, share of the members (weight), kind, and
/// estimated eligible workers per member x 10 (higher = lower coverage: remote areas).
const DISTRICTS: [(&str, &str, u32, usize, u64); 28] = [
    ("36.02.01", "Malingping", 60, COASTAL, 130),
    ("36.02.02", "Panggarangan", 40, COASTAL, 150),
    ("36.02.03", "Bayah", 42, COASTAL, 140),
    ("36.02.04", "Cipanas", 35, RURAL, 150),
    ("36.02.05", "Muncang", 24, RURAL, 170),
    ("36.02.06", "Leuwidamar", 33, RURAL, 160),
    ("36.02.07", "Bojongmanik", 16, RURAL, 180),
    ("36.02.08", "Gunungkencana", 20, RURAL, 170),
    ("36.02.09", "Banjarsari", 44, RURAL, 140),
    ("36.02.10", "Cileles", 34, RURAL, 150),
    ("36.02.11", "Cimarga", 40, RURAL, 140),
    ("36.02.12", "Sajira", 30, RURAL, 150),
    ("36.02.13", "Maja", 70, URBAN, 130),
    ("36.02.14", "Rangkasbitung", 118, URBAN, 110),
    ("36.02.15", "Warunggunung", 46, RURAL, 130),
    ("36.02.16", "Cijaku", 22, COASTAL, 160),
    ("36.02.17", "Cikulur", 31, RURAL, 150),
    ("36.02.18", "Cibadak", 72, URBAN, 120),
    ("36.02.19", "Cibeber", 36, RURAL, 160),
    ("36.02.20", "Cilograng", 26, COASTAL, 160),
    ("36.02.21", "Wanasalam", 41, COASTAL, 140),
    ("36.02.22", "Sobang", 9, RURAL, 220),
    ("36.02.23", "Curugbitung", 21, RURAL, 160),
    ("36.02.24", "Kalanganyar", 34, URBAN, 110),
    ("36.02.25", "Lebakgedong", 14, RURAL, 190),
    ("36.02.26", "Cihara", 24, COASTAL, 170),
    ("36.02.27", "Cirinten", 8, RURAL, 240),
    ("36.02.28", "Cigemblong", 12, RURAL, 200),
];

/// A district as generated: code, name, weight, kind and eligible ratio, as in DISTRICTS.
type District = (String, String, u32, usize, u64);

/// The districts of the data: Lebak's kecamatan, or `count` made up from them, numbered, with
/// codes of a province and a regency (`11.01`, `11.02`, ... `12.01`, ...).
fn districts(count: Option<usize>) -> Vec<District> {
    let of = |(code, name, weight, kind, ratio): (&str, &str, u32, usize, u64)| {
        (code.to_string(), name.to_string(), weight, kind, ratio)
    };
    match count {
        None => DISTRICTS.into_iter().map(of).collect(),
        Some(count) => (0..count)
            .map(|index| {
                let (_, name, weight, kind, ratio) = DISTRICTS[index % DISTRICTS.len()];
                (
                    format!("{}.{:02}", 11 + index / 99, 1 + index % 99),
                    format!("{name} {}", 1 + index / DISTRICTS.len()),
                    weight,
                    kind,
                    ratio,
                )
            })
            .collect(),
    }
}

/// code, name_id, name_en
const SECTORS: [(&str, &str, &str); 9] = [
    ("buruh_tani", "Buruh tani", "Farm labourers"),
    ("nelayan", "Nelayan", "Fishers"),
    ("ojek", "Pengemudi ojek", "Motorcycle-taxi drivers"),
    ("pedagang_kecil", "Pedagang kecil", "Small traders"),
    (
        "buruh_harian_lepas",
        "Buruh harian lepas",
        "Casual day labourers",
    ),
    (
        "pekerja_bangunan",
        "Pekerja bangunan",
        "Construction workers",
    ),
    (
        "guru_ngaji_marbot",
        "Guru ngaji dan marbot",
        "Quran teachers and mosque caretakers",
    ),
    ("pemulung", "Pemulung", "Waste pickers"),
    ("juru_parkir", "Juru parkir", "Parking attendants"),
];

/// Sector weights (in SECTORS order) by district kind: coastal, urban, rural. Overall about
/// 30% farm labourers, 19% day labourers, 13% traders, 9% fishers, 9% ojek, 8% construction,
/// 7% Quran teachers, 2% waste pickers, 1.5% parking attendants.
const SECTOR_WEIGHTS: [[u32; 9]; 3] = [
    [260, 320, 80, 110, 130, 50, 60, 5, 5],
    [120, 5, 130, 200, 250, 130, 70, 55, 40],
    [450, 10, 70, 90, 190, 70, 85, 10, 5],
];

/// Share of women (ppm) by sector; about 40% overall.
const SECTOR_FEMALE_PPM: [u64; 9] = [
    500_000, 80_000, 30_000, 700_000, 400_000, 40_000, 450_000, 450_000, 100_000,
];

/// JKK (work accident) probability over the reported months, by sector (units of 1e-9).
const JKK_RISK: [u64; 9] = [
    9_500_000, 22_000_000, 19_000_000, 5_000_000, 12_000_000, 26_000_000, 3_500_000, 14_000_000,
    11_000_000,
];

const AGE_BANDS: [&str; 6] = ["15-24", "25-34", "35-44", "45-54", "55-64", "65+"];
/// Age band weights: general, older (farm labourers, Quran teachers, waste pickers),
/// younger (ojek, construction, parking).
const AGE_WEIGHTS: [[u32; 6]; 3] = [
    [8, 19, 27, 25, 16, 5],
    [4, 13, 24, 28, 23, 8],
    [14, 28, 27, 19, 10, 2],
];
const SECTOR_AGE_PROFILE: [usize; 9] = [1, 0, 2, 0, 0, 2, 1, 1, 2];
/// JKM (death) probability over the reported months, by age band (units of 1e-9).
const JKM_RISK: [u64; 6] = [
    600_000, 800_000, 1_300_000, 2_600_000, 5_200_000, 12_000_000,
];

/// JKK amounts: piecewise uniform ranges (Rupiah) and their weights, a skewed distribution
/// from small treatment bills to large disability or hospital cases.
const JKK_AMOUNTS: [(u64, u64, u32); 9] = [
    (350_000, 700_000, 20),
    (700_000, 1_200_000, 20),
    (1_200_000, 2_000_000, 17),
    (2_000_000, 3_500_000, 12),
    (3_500_000, 5_000_000, 8),
    (5_000_000, 10_000_000, 11),
    (10_000_000, 20_000_000, 6),
    (20_000_000, 35_000_000, 4),
    (35_000_000, 60_000_000, 2),
];

struct Options {
    /// None: MEMBERS, or PAST_MEMBERS for an earlier year.
    members: Option<u64>,
    seed: u64,
    out: PathBuf,
    year: i64,
    /// Days since 1970-01-01; None: the program's own as_of.
    as_of: Option<i64>,
    late_payment: bool,
    miscoded: u64,
    /// None: Lebak's 28 kecamatan.
    districts: Option<usize>,
}

/// `Ok(None)` means help was asked for.
fn parse_args() -> Result<Option<Options>, String> {
    let mut opts = Options {
        members: None,
        seed: 1,
        out: PathBuf::from("data"),
        year: YEAR,
        as_of: None,
        late_payment: false,
        miscoded: 0,
        districts: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "-h" || arg == "--help" {
            return Ok(None);
        }
        if arg == "--late-payment" {
            opts.late_payment = true;
            continue;
        }
        let (key, value) = match arg.split_once('=') {
            Some((k, v)) if k.starts_with("--") => (k.to_string(), Some(v.to_string())),
            _ => (arg, None),
        };
        if !matches!(
            key.as_str(),
            "--members"
                | "--seed"
                | "--out"
                | "--program-year"
                | "--as-of"
                | "--miscoded-district"
                | "--districts"
        ) {
            return Err(format!("unknown argument `{key}`"));
        }
        let value = match value.or_else(|| args.next()) {
            Some(v) => v,
            None => return Err(format!("`{key}` needs a value")),
        };
        match key.as_str() {
            "--members" => match value.parse::<u64>() {
                Ok(n) if (1..=MAX_MEMBERS).contains(&n) => opts.members = Some(n),
                _ => {
                    return Err(format!(
                        "--members must be 1 to {MAX_MEMBERS}, not `{value}`"
                    ));
                }
            },
            "--seed" => match value.parse::<u64>() {
                Ok(s) => opts.seed = s,
                Err(_) => return Err(format!("--seed must be an unsigned integer, not `{value}`")),
            },
            "--program-year" => match value.parse::<i64>() {
                Ok(y) if (FIRST_YEAR..=YEAR).contains(&y) => opts.year = y,
                _ => {
                    return Err(format!(
                        "--program-year must be {FIRST_YEAR} to {YEAR}, not `{value}`"
                    ));
                }
            },
            "--as-of" => match parse_date(&value) {
                Some(day) => opts.as_of = Some(day),
                None => {
                    return Err(format!("--as-of must be a date YYYY-MM-DD, not `{value}`"));
                }
            },
            "--districts" => match value.parse::<usize>() {
                Ok(n) if (1..=MAX_DISTRICTS).contains(&n) => opts.districts = Some(n),
                _ => {
                    return Err(format!(
                        "--districts must be 1 to {MAX_DISTRICTS}, not `{value}`"
                    ));
                }
            },
            "--miscoded-district" => match value.parse::<u64>() {
                Ok(n) if n <= MAX_MEMBERS => opts.miscoded = n,
                _ => {
                    return Err(format!(
                        "--miscoded-district must be 0 to {MAX_MEMBERS}, not `{value}`"
                    ));
                }
            },
            _ => {
                if value.is_empty() {
                    return Err("--out must not be empty".to_string());
                }
                opts.out = PathBuf::from(value);
            }
        }
    }
    if opts.miscoded > 0 && opts.districts.is_some_and(|n| n <= MISCODED_TO) {
        return Err(format!(
            "--miscoded-district needs at least {} districts",
            MISCODED_TO + 1
        ));
    }
    let program = Program::of(opts.year);
    if let Some(day) = opts.as_of
        && !(first_day(program.start)..=program.full_run).contains(&day)
    {
        return Err(format!(
            "--as-of {} is outside the {} program's data: give a day from {} to {}",
            date_string(day),
            opts.year,
            date_string(first_day(program.start)),
            date_string(program.full_run)
        ));
    }
    Ok(Some(opts))
}

/// A strict `YYYY-MM-DD` (a real day of the calendar), as days since 1970-01-01.
fn parse_date(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes[range.clone()]
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| text[range].parse::<i64>().ok())
            .flatten()
    };
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let day = days_from_civil(y, m, d);
    (civil_from_days(day) == (y, m, d)).then_some(day)
}

/// The program of one year: its months, the day its data end (the full run), the as_of it is
/// written for by default and its size.
struct Program {
    year: i64,
    /// First and last covered month (as month_index).
    start: i64,
    end: i64,
    /// The last day the full run plays out (days since 1970-01-01).
    full_run: i64,
    /// The default as_of.
    as_of: i64,
    members: u64,
}

impl Program {
    fn of(year: i64) -> Program {
        let (start, end) = (month_index(year, 1), month_index(year, 12));
        if year == YEAR {
            let as_of = days_from_civil(AS_OF.0, AS_OF.1, AS_OF.2);
            Program {
                year,
                start,
                end,
                full_run: as_of,
                as_of,
                members: MEMBERS,
            }
        } else {
            Program {
                year,
                start,
                end,
                full_run: last_day(end + PAST_MONTHS_AFTER),
                as_of: last_day(end),
                members: PAST_MEMBERS,
            }
        }
    }
}

fn main() -> ExitCode {
    let opts = match parse_args() {
        Ok(Some(opts)) => opts,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("gen_data: {msg}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    match generate(&opts) {
        Ok(s) => {
            eprintln!(
                "gen_data: wrote {} in {:.2?}: {} members ({} covered in the as-of month), \
                 {} payment rows (Rp{}), claims: JKK {} paid, JKM {} paid, {} in process, \
                 {} rejected",
                opts.out.display(),
                started.elapsed(),
                s.members,
                s.covered_last,
                s.payment_rows,
                s.paid,
                s.jkk_paid,
                s.jkm_paid,
                s.in_process,
                s.rejected
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_data: {}: {e}", opts.out.display());
            ExitCode::from(1)
        }
    }
}

/// splitmix64, inline instead of a crate: the output must be byte-identical for the same seed
/// on every machine and with every crate version.
struct Rng(u64);

fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.0)
    }

    /// Uniform in 0..n (multiply-shift; the bias is below 2^-32 for our n).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in lo..=hi.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    fn chance_ppm(&mut self, ppm: u64) -> bool {
        self.below(PPM) < ppm
    }

    /// An index drawn with the weights whose running sums are `cum`.
    fn pick(&mut self, cum: &[u32]) -> usize {
        let r = self.below(u64::from(cum[cum.len() - 1])) as u32;
        cum.partition_point(|&c| c <= r)
    }
}

fn cumulative(weights: &[u32]) -> Vec<u32> {
    weights
        .iter()
        .scan(0, |sum, &w| {
            *sum += w;
            Some(*sum)
        })
        .collect()
}

/// Rare events (deaths, accidents, rejections) with per-member probabilities: an event happens
/// whenever the accumulated probability passes the next mark, and the marks are 0.5 to 1.5
/// apart. Each member still has its own probability, but the total stays close to its
/// expectation, so even the small example gets a realistic number of claims.
struct Quota {
    acc: u64,
    next: u64,
}

impl Quota {
    fn new(rng: &mut Rng) -> Quota {
        Quota {
            acc: 0,
            next: 1 + rng.below(ONE),
        }
    }

    fn hit(&mut self, rng: &mut Rng, p: u64) -> bool {
        self.acc += p;
        if self.acc >= self.next {
            self.next += ONE / 2 + rng.below(ONE);
            true
        } else {
            false
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Months are counted as year x 12 + month - 1.
fn month_index(y: i64, m: i64) -> i64 {
    y * 12 + m - 1
}

fn first_day(month: i64) -> i64 {
    days_from_civil(month.div_euclid(12), month.rem_euclid(12) + 1, 1)
}

fn last_day(month: i64) -> i64 {
    first_day(month + 1) - 1
}

fn month_of(day: i64) -> i64 {
    let (y, m, _) = civil_from_days(day);
    month_index(y, m)
}

fn month_string(month: i64) -> String {
    format!(
        "{:04}-{:02}",
        month.div_euclid(12),
        month.rem_euclid(12) + 1
    )
}

fn date_string(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Moves a Saturday or Sunday to the following Monday (1970-01-01 was a Thursday).
fn workday(day: i64) -> i64 {
    match (day + 4).rem_euclid(7) {
        6 => day + 2,
        0 => day + 1,
        _ => day,
    }
}

/// Opaque member pseudonyms: 6 characters of Crockford's base 32 (no I, L, O, U) made from the
/// row number by a 4-round Feistel network on 2 x 15 bits keyed by the seed. A Feistel network
/// is a bijection of 0..2^30, so distinct rows always get distinct ids.
struct IdMaker {
    keys: [u64; 4],
}

const ID_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const HALF_MASK: u64 = (1 << 15) - 1;

impl IdMaker {
    fn new(seed: u64) -> IdMaker {
        let mut rng = Rng(seed ^ 0x6A09_E667_F3BC_C908);
        IdMaker {
            keys: [
                rng.next_u64(),
                rng.next_u64(),
                rng.next_u64(),
                rng.next_u64(),
            ],
        }
    }

    fn code(&self, i: u64) -> [u8; 6] {
        let (mut l, mut r) = ((i >> 15) & HALF_MASK, i & HALF_MASK);
        for key in self.keys {
            (l, r) = (r, l ^ (mix64(r ^ key) & HALF_MASK));
        }
        let x = (l << 15) | r;
        let mut out = [0u8; 6];
        for (k, c) in out.iter_mut().enumerate() {
            *c = ID_ALPHABET[((x >> (25 - 5 * k)) & 31) as usize];
        }
        out
    }
}

/// A claim's outcome in the full run, with the day it was decided (paid or rejected); a claim
/// decided after the day the data are cut at is still in process there.
#[derive(Clone, Copy)]
enum Status {
    Paid { on: i64, amount: u64 },
    InProcess,
    Rejected { on: i64 },
}

impl Status {
    /// The status as known on `day`.
    fn on(self, day: i64) -> Status {
        match self {
            Status::Paid { on, .. } | Status::Rejected { on } if on > day => Status::InProcess,
            status => status,
        }
    }
}

struct Claim {
    incident: i64,
    member: u64,
    /// 0 = JKK, 1 = JKM
    benefit: u8,
    status: Status,
}

struct Summary {
    /// Members written (registered by the as-of day).
    members: u64,
    covered_last: u64,
    payment_rows: usize,
    paid: u64,
    jkk_paid: usize,
    jkm_paid: usize,
    in_process: usize,
    rejected: usize,
}

fn create(dir: &Path, name: &str) -> io::Result<BufWriter<File>> {
    Ok(BufWriter::with_capacity(
        1 << 20,
        File::create(dir.join(name))?,
    ))
}

/// Writes a CSV field, quoted when it holds a comma, a quote or a line break.
fn field(w: &mut impl Write, s: &str) -> io::Result<()> {
    if s.contains([',', '"', '\n', '\r']) {
        write!(w, "\"{}\"", s.replace('"', "\"\""))
    } else {
        w.write_all(s.as_bytes())
    }
}

fn generate(opts: &Options) -> io::Result<Summary> {
    let program = Program::of(opts.year);
    let n = opts.members.unwrap_or(program.members);
    let dir = opts.out.as_path();
    fs::create_dir_all(dir)?;
    // An earlier year's program has its own members, pseudonyms and claims.
    let seed = if program.year == YEAR {
        opts.seed
    } else {
        opts.seed ^ mix64(program.year as u64)
    };
    let mut rng = Rng(seed);
    let ids = IdMaker::new(seed);

    // The full run plays the program out up to `as_of`; what is written is cut at `cut`.
    let m_start = program.start;
    let m_end = program.end;
    let as_of = program.full_run;
    let m_last = m_end.min(month_of(as_of)); // last month of the full run
    let cut = opts.as_of.unwrap_or(program.as_of);
    let m_cut = m_end.min(month_of(cut)); // last reported month of the data written
    let unbooked = opts.late_payment.then_some(m_cut);
    let reported_days = (last_day(m_last).min(as_of) - first_day(m_start) + 1) as u64;
    let months: Vec<String> = (m_start..=m_end).map(month_string).collect();
    let n_months = months.len();
    let year = program.year;

    // program.toml
    let mut w = create(dir, "program.toml")?;
    let year_option = if year == YEAR {
        String::new()
    } else {
        format!("--program-year {year} ")
    };
    let districts = districts(opts.districts);
    let mut cut_options = String::new();
    if let Some(day) = opts.as_of {
        cut_options += &format!(" --as-of {}", date_string(day));
    }
    if opts.late_payment {
        cut_options += " --late-payment";
    }
    if opts.miscoded > 0 {
        cut_options += &format!(" --miscoded-district {}", opts.miscoded);
    }
    if let Some(count) = opts.districts {
        cut_options += &format!(" --districts {count}");
    }
    writeln!(
        w,
        "# Synthetic example data made by examples/gen_data.rs \
         ({year_option}--members {n} --seed {}{cut_options}): nobody in it exists.",
        opts.seed
    )?;
    if year != YEAR {
        writeln!(
            w,
            "# The {year} program is invented as well (a smaller program than {YEAR}'s, \
             the same sectors and kecamatan): it is not Lebak's real {year} program."
        )?;
    }
    if let Some(month) = unbooked {
        writeln!(
            w,
            "# The payment for {} is left out on purpose: it was booked after {}.",
            months[(month - m_start) as usize],
            date_string(cut)
        )?;
    }
    if opts.miscoded > 0 {
        writeln!(
            w,
            "# {} members of {} {} carry the code of {} {} on purpose: a data-entry error.",
            opts.miscoded,
            districts[MISCODED_FROM].0,
            districts[MISCODED_FROM].1,
            districts[MISCODED_TO].0,
            districts[MISCODED_TO].1
        )?;
    }
    writeln!(w, "name = \"{PROGRAM_NAME}\"")?;
    writeln!(w, "administrator = \"{ADMINISTRATOR}\"")?;
    writeln!(w, "region = \"{REGION}\"")?;
    writeln!(w, "insurer = \"{INSURER}\"")?;
    writeln!(w, "start = \"{}\"", months[0])?;
    writeln!(w, "end = \"{}\"", months[n_months - 1])?;
    writeln!(w, "as_of = \"{}\"", date_string(cut))?;
    writeln!(w, "target_members = {n}")?;
    writeln!(w, "contribution = {CONTRIBUTION}")?;
    writeln!(w, "benefits = [\"JKK\", \"JKM\"]")?;
    w.flush()?;

    // sectors.csv
    let mut w = create(dir, "sectors.csv")?;
    w.write_all(b"code,name_id,name_en\n")?;
    for (code, name_id, name_en) in SECTORS {
        field(&mut w, code)?;
        w.write_all(b",")?;
        field(&mut w, name_id)?;
        w.write_all(b",")?;
        field(&mut w, name_en)?;
        w.write_all(b"\n")?;
    }
    w.flush()?;

    // districts.csv: eligible = n x share x ratio, rounded to tens. The eligible workers of an
    // earlier year are those of the same regency: estimated for a program of MEMBERS.
    let base = if year == YEAR {
        n
    } else {
        n * MEMBERS / PAST_MEMBERS
    };
    let total_weight: u64 = districts.iter().map(|d| u64::from(d.2)).sum();
    let mut w = create(dir, "districts.csv")?;
    w.write_all(b"code,name,eligible\n")?;
    for (code, name, weight, _, ratio) in &districts {
        let x = base * u64::from(*weight) * ratio; // eligible x 10 x total_weight
        let eligible = ((x + 50 * total_weight) / (100 * total_weight) * 10).max(1);
        field(&mut w, code)?;
        w.write_all(b",")?;
        field(&mut w, name)?;
        writeln!(w, ",{eligible}")?;
    }
    w.flush()?;

    // members.csv, collecting coverage counts and claims on the way
    let district_cum = cumulative(&districts.iter().map(|d| d.2).collect::<Vec<_>>());
    let sector_cum: Vec<Vec<u32>> = SECTOR_WEIGHTS.iter().map(|w| cumulative(w)).collect();
    let age_cum: Vec<Vec<u32>> = AGE_WEIGHTS.iter().map(|w| cumulative(w)).collect();
    let amount_cum = cumulative(&JKK_AMOUNTS.map(|a| a.2));
    let mut covered_diff = vec![0i64; n_months + 1];
    let mut joined = vec![0u64; n_months];
    let mut claims: Vec<Claim> = Vec::new();
    let mut deaths = Quota::new(&mut rng);
    let mut accidents = Quota::new(&mut rng);
    let mut rejections = Quota::new(&mut rng);
    let mut written = 0;
    let mut miscoded = 0;

    let mut w = create(dir, "members.csv")?;
    w.write_all(b"member_id,sector,district,gender,age_band,covered_from,covered_until\n")?;
    for i in 0..n {
        let d = rng.pick(&district_cum);
        let s = rng.pick(&sector_cum[districts[d].3]);
        let gender: &[u8] = if rng.chance_ppm(SECTOR_FEMALE_PPM[s]) {
            b"P"
        } else {
            b"L"
        };
        let age = rng.pick(&age_cum[SECTOR_AGE_PROFILE[s]]);
        // 95% from the first month, the rest added from other offices' lists in months 2 to 4
        let from = m_start
            + match rng.below(PPM) {
                0..950_000 => 0,
                950_000..975_000 => 1,
                975_000..990_000 => 2,
                _ => 3,
            };
        let from = from.min(m_last);
        // about 1% leave early (moved away, now wage-employed), in months 3 to 9
        let mut until = None;
        if rng.chance_ppm(10_000) {
            let lo = from.max(m_start + 2);
            let hi = (m_start + 8).min(m_last);
            if lo <= hi {
                until = Some(rng.range(lo, hi));
            }
        }
        // the day the agency learns of the early end: the leaving month's first day
        let mut known = until.map(first_day);
        let first = first_day(from);
        let mut last = last_day(until.unwrap_or(m_end)).min(as_of);
        let days = (last - first + 1) as u64;

        let mut died = false;
        if deaths.hit(&mut rng, JKM_RISK[age] * days / reported_days) {
            let day = rng.range(first, last);
            died = true;
            until = Some(month_of(day));
            known = Some(day);
            last = day;
            let delay = if rng.chance_ppm(900_000) {
                rng.range(5, 20)
            } else {
                rng.range(21, 35)
            };
            let paid_on = workday(day + delay);
            let status = if paid_on > as_of {
                Status::InProcess
            } else {
                Status::Paid {
                    on: paid_on,
                    amount: JKM_AMOUNT,
                }
            };
            claims.push(Claim {
                incident: day,
                member: i,
                benefit: 1,
                status,
            });
        }
        if accidents.hit(&mut rng, JKK_RISK[s] * days / reported_days) {
            // an accident of someone who later died happened before the death
            let hi = if died { last - 1 } else { last };
            if first <= hi {
                let day = rng.range(first, hi);
                // rarely, a second and later accident of the same worker
                let again =
                    (rng.chance_ppm(30_000) && day + 7 <= hi).then(|| rng.range(day + 7, hi));
                for day in std::iter::once(day).chain(again) {
                    let (lo, top, _) = JKK_AMOUNTS[rng.pick(&amount_cum)];
                    let amount = (lo + rng.below(top - lo + 1)) / 100 * 100;
                    let delay = if amount < 5_000_000 {
                        rng.range(3, 21)
                    } else {
                        rng.range(14, 45)
                    };
                    let paid_on = workday(day + delay);
                    let status = if paid_on > as_of {
                        Status::InProcess
                    } else if rejections.hit(&mut rng, ONE * 6 / 100) {
                        Status::Rejected { on: paid_on }
                    } else {
                        Status::Paid {
                            on: paid_on,
                            amount,
                        }
                    };
                    claims.push(Claim {
                        incident: day,
                        member: i,
                        benefit: 0,
                        status,
                    });
                }
            }
        }

        let until_or_end = until.unwrap_or(m_end);
        covered_diff[(from - m_start) as usize] += 1;
        covered_diff[(until_or_end - m_start) as usize + 1] -= 1;
        if from > m_start {
            joined[(from - m_start) as usize] += 1;
        }

        // registered later than the as-of month: not in the data yet
        if from > m_cut {
            continue;
        }
        written += 1;
        let district = if d == MISCODED_FROM && miscoded < opts.miscoded {
            miscoded += 1;
            MISCODED_TO
        } else {
            d
        };
        w.write_all(MEMBER_PREFIX)?;
        w.write_all(&ids.code(i))?;
        w.write_all(b",")?;
        w.write_all(SECTORS[s].0.as_bytes())?;
        w.write_all(b",")?;
        w.write_all(districts[district].0.as_bytes())?;
        w.write_all(b",")?;
        w.write_all(gender)?;
        w.write_all(b",")?;
        w.write_all(AGE_BANDS[age].as_bytes())?;
        w.write_all(b",")?;
        w.write_all(months[(from - m_start) as usize].as_bytes())?;
        w.write_all(b",")?;
        // an end of coverage not yet happened is not known yet
        if let (Some(u), Some(k)) = (until, known)
            && k <= cut
        {
            w.write_all(months[(u - m_start) as usize].as_bytes())?;
        }
        w.write_all(b"\n")?;
    }
    w.flush()?;
    if miscoded < opts.miscoded {
        return Err(io::Error::other(format!(
            "--miscoded-district {}: only {miscoded} members of {} {} are in the data",
            opts.miscoded, districts[MISCODED_FROM].0, districts[MISCODED_FROM].1
        )));
    }

    // payments.csv: one payment a month for the members covered that month, and a second,
    // later one for the members added that month
    let mut payments: Vec<(i64, i64, u64)> = Vec::new(); // month, paid_on, members
    let mut covered = 0i64;
    let mut covered_last = 0;
    for (k, &added) in joined
        .iter()
        .enumerate()
        .take((m_last - m_start) as usize + 1)
    {
        covered += covered_diff[k];
        let month = m_start + k as i64;
        let limit = last_day(month).min(as_of);
        let main = covered as u64 - added;
        // the first month's payment waits for the budget documents (DPA) to be ready
        let day = if k == 0 {
            rng.range(26, 28)
        } else {
            rng.range(8, 15)
        };
        if main > 0 {
            payments.push((month, workday(first_day(month) + day - 1).min(limit), main));
        }
        if added > 0 {
            let day = rng.range(20, 25);
            payments.push((month, workday(first_day(month) + day - 1).min(limit), added));
        }
        if month == m_cut {
            covered_last = covered as u64;
        }
    }
    payments.sort_by_key(|&(month, paid_on, _)| (month, paid_on));
    let mut w = create(dir, "payments.csv")?;
    w.write_all(b"month,paid_on,members,amount,reference\n")?;
    let mut paid = 0;
    let mut payment_rows = 0;
    let mut last_reference = 0;
    for &(month, paid_on, members) in &payments {
        let amount = members * CONTRIBUTION;
        // SP2D numbers run through the year across all of the regency's payments
        let day_of_year = (paid_on - days_from_civil(year, 1, 1)) as u64;
        let reference = (day_of_year * 40 + rng.below(40)).max(last_reference + 1);
        last_reference = reference;
        // booked after the as-of day: not in the data yet
        if paid_on > cut || unbooked == Some(month) {
            continue;
        }
        paid += amount;
        payment_rows += 1;
        writeln!(
            w,
            "{},{},{members},{amount},{reference:05}/SP2D/LS/{year}",
            months[(month - m_start) as usize],
            date_string(paid_on)
        )?;
    }
    w.flush()?;

    // claims.csv, numbered in the order of the incidents (of the full run, so that a claim
    // keeps its number in the data of every as-of day)
    claims.sort_unstable_by_key(|c| (c.incident, c.member, c.benefit));
    let width = claims.len().to_string().len().max(5);
    let mut w = create(dir, "claims.csv")?;
    w.write_all(b"claim_id,member_id,benefit,incident_date,status,paid_on,amount\n")?;
    let (mut jkk_paid, mut jkm_paid, mut in_process, mut rejected) = (0, 0, 0, 0);
    for (k, c) in claims
        .iter()
        .enumerate()
        .take_while(|(_, c)| c.incident <= cut)
    {
        write!(w, "{CLAIM_PREFIX}{year}-{:0width$},", k + 1)?;
        w.write_all(MEMBER_PREFIX)?;
        w.write_all(&ids.code(c.member))?;
        let benefit = if c.benefit == 0 { "JKK" } else { "JKM" };
        write!(w, ",{benefit},{},", date_string(c.incident))?;
        match c.status.on(cut) {
            Status::Paid { on, amount } => {
                if c.benefit == 0 {
                    jkk_paid += 1;
                } else {
                    jkm_paid += 1;
                }
                writeln!(w, "paid,{},{amount}", date_string(on))?;
            }
            Status::InProcess => {
                in_process += 1;
                writeln!(w, "in_process,,")?;
            }
            Status::Rejected { .. } => {
                rejected += 1;
                writeln!(w, "rejected,,")?;
            }
        }
    }
    w.flush()?;

    // budget.csv: every member for every month of the period, in as many
    // equal lines as the contract's largest cell needs (a national program's
    // allocation is above it).
    let mut w = create(dir, "budget.csv")?;
    w.write_all(b"item,source,allocated\n")?;
    let allocated = n * n_months as u64 * CONTRIBUTION;
    let lines = allocated.div_ceil(MAX_BUDGET_LINE).max(1);
    for line in 0..lines {
        let item = match lines {
            1 => format!("{BUDGET_ITEM} {year}"),
            _ => format!("{BUDGET_ITEM} {year} (bagian {})", line + 1),
        };
        field(&mut w, &item)?;
        w.write_all(b",")?;
        field(&mut w, BUDGET_SOURCE)?;
        let share = allocated / lines + u64::from(line < allocated % lines);
        writeln!(w, ",{share}")?;
    }
    w.flush()?;

    Ok(Summary {
        members: written,
        covered_last,
        payment_rows,
        paid,
        jkk_paid,
        jkm_paid,
        in_process,
        rejected,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Generates into a fresh temporary folder and returns each file's text by name.
    fn run(name: &str, year: i64, as_of: Option<&str>, late: bool, miscoded: u64) -> Files {
        let out = std::env::temp_dir().join(format!("gen_data-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&out);
        let opts = Options {
            members: None,
            seed: 1,
            out: out.clone(),
            year,
            as_of: as_of.map(|day| parse_date(day).unwrap()),
            late_payment: late,
            miscoded,
            districts: None,
        };
        generate(&opts).unwrap();
        let read = |file: &str| fs::read_to_string(out.join(file)).unwrap();
        let files = Files {
            program: read("program.toml"),
            districts: read("districts.csv"),
            members: read("members.csv"),
            payments: read("payments.csv"),
            claims: read("claims.csv"),
            budget: read("budget.csv"),
        };
        fs::remove_dir_all(&out).unwrap();
        files
    }

    struct Files {
        program: String,
        districts: String,
        members: String,
        payments: String,
        claims: String,
        budget: String,
    }

    fn rows(text: &str) -> Vec<Vec<&str>> {
        text.lines()
            .skip(1)
            .map(|l| l.split(',').collect())
            .collect()
    }

    #[test]
    fn dates_are_read_strictly() {
        assert_eq!(
            parse_date("2026-10-31"),
            Some(days_from_civil(2026, 10, 31))
        );
        for bad in [
            "2026-02-29",
            "2026-10-32",
            "2026-1-31",
            "26-10-31",
            "2026-10-31x",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_default_as_of_is_the_full_run_and_an_earlier_one_cuts_it() {
        let full = run("full", YEAR, None, false, 0);
        let same = run("same", YEAR, Some("2026-10-31"), false, 0);
        assert_eq!(full.members, same.members);
        assert_eq!(full.payments, same.payments);
        assert_eq!(full.claims, same.claims);
        assert!(
            full.program
                .lines()
                .skip(1)
                .eq(same.program.lines().skip(1))
        );

        let cut_day = "2026-08-31";
        let cut = run("cut", YEAR, Some(cut_day), false, 0);
        assert!(cut.program.contains("as_of = \"2026-08-31\"\n"));
        assert_eq!(cut.districts, full.districts);
        assert_eq!(cut.budget, full.budget);
        // the same members, those registered by August, with an end of coverage only once
        // it happened
        let full_members: Vec<_> = rows(&full.members)
            .into_iter()
            .filter(|r| r[5] <= "2026-08")
            .collect();
        let cut_members = rows(&cut.members);
        assert_eq!(cut_members.len(), full_members.len());
        for (c, f) in cut_members.iter().zip(&full_members) {
            assert_eq!(c[..6], f[..6]);
            assert!(
                c[6] == f[6] || (c[6].is_empty() && f[6] > "2026-08"),
                "{c:?} {f:?}"
            );
        }
        // the payments made by then, with the same references
        let full_payments: Vec<_> = rows(&full.payments)
            .into_iter()
            .filter(|r| r[1] <= cut_day)
            .collect();
        assert_eq!(rows(&cut.payments), full_payments);
        // the claims of incidents by then, under the same numbers; those decided later in
        // process
        let full_claims: Vec<_> = rows(&full.claims)
            .into_iter()
            .filter(|r| r[3] <= cut_day)
            .collect();
        let cut_claims = rows(&cut.claims);
        assert_eq!(cut_claims.len(), full_claims.len());
        let mut in_process = 0;
        for (c, f) in cut_claims.iter().zip(&full_claims) {
            assert_eq!(c[..4], f[..4]);
            if c[4] == "in_process" {
                in_process += 1;
                assert!(f[4] == "in_process" || f[5] > cut_day || f[4] == "rejected");
            } else {
                assert_eq!(c, f);
            }
        }
        assert!(in_process < cut_claims.len());
    }

    #[test]
    fn a_late_payment_and_a_miscoded_district_change_only_what_they_say() {
        let right = run("right", YEAR, Some("2026-09-30"), false, 0);
        let wrong = run("wrong", YEAR, Some("2026-09-30"), true, 12);
        let right_payments = rows(&right.payments);
        assert!(right_payments.iter().any(|r| r[0] == "2026-09"));
        let unbooked: Vec<_> = right_payments
            .into_iter()
            .filter(|r| r[0] != "2026-09")
            .collect();
        assert_eq!(rows(&wrong.payments), unbooked);
        let (right_members, wrong_members) = (rows(&right.members), rows(&wrong.members));
        assert_eq!(right_members.len(), wrong_members.len());
        let moved = right_members
            .iter()
            .zip(&wrong_members)
            .filter(|(r, w)| r != w)
            .inspect(|(r, w)| {
                assert_eq!((r[2], w[2]), ("36.02.19", "36.02.20"));
                assert_eq!((&r[..2], &r[3..]), (&w[..2], &w[3..]));
            })
            .count();
        assert_eq!(moved, 12);
        assert_eq!(right.claims, wrong.claims);
    }

    #[test]
    fn an_earlier_program_year_is_a_smaller_program_of_its_own_year() {
        let past = run("past", 2025, None, false, 0);
        assert!(
            past.program
                .contains("start = \"2025-01\"\nend = \"2025-12\"\n")
        );
        assert!(past.program.contains("as_of = \"2025-12-31\"\n"));
        assert!(past.program.contains("target_members = 2000\n"));
        assert!(past.program.contains("invented"));
        assert!(past.budget.ends_with(",APBD,388800000\n"));
        assert_eq!(388_800_000, PAST_MEMBERS * 12 * CONTRIBUTION);
        let now = run("now", YEAR, None, false, 0);
        assert_eq!(past.districts, now.districts);
        assert_eq!(rows(&past.members).len(), 2000);
        assert!(
            rows(&past.members)
                .iter()
                .all(|r| r[5].starts_with("2025-"))
        );
        assert!(
            rows(&past.payments)
                .iter()
                .all(|r| r[1].starts_with("2025-"))
        );
        assert!(
            rows(&past.claims)
                .iter()
                .all(|r| r[0].starts_with("KLM-2025-"))
        );
        // after the program's end, late claims are settled
        let later = run("later", 2025, Some("2026-03-31"), false, 0);
        assert_eq!(later.members, past.members);
        assert_eq!(later.payments, past.payments);
    }
}
