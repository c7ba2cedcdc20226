//! What personal data looks like: column names that are personal data, and
//! an ID number (NIK, KK), a phone number or an e-mail address inside text.
//! Load refuses what these detectors find, whatever file it is in; problem
//! reports mask it ([`super::mask`]).

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// What a refused column or value looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonalData {
    Name,
    IdNumber,
    Phone,
    Address,
    Email,
    BirthDate,
    BankAccount,
}

impl PersonalData {
    pub fn describe(self) -> &'static str {
        match self {
            PersonalData::Name => "a person's name",
            PersonalData::IdNumber => "an ID number (NIK, KK, NPWP, KPJ)",
            PersonalData::Phone => "a phone number",
            PersonalData::Address => "an address",
            PersonalData::Email => "an e-mail address",
            PersonalData::BirthDate => "a birth date or place",
            PersonalData::BankAccount => "a bank account",
        }
    }
}

/// Column names (lower case, separators removed) that are personal data
/// whatever else the name says.
const NAMES: [(&str, PersonalData); 50] = [
    ("nama", PersonalData::Name),
    ("name", PersonalData::Name),
    ("namalengkap", PersonalData::Name),
    ("fullname", PersonalData::Name),
    ("firstname", PersonalData::Name),
    ("lastname", PersonalData::Name),
    ("namaibu", PersonalData::Name),
    ("ibukandung", PersonalData::Name),
    ("namaibukandung", PersonalData::Name),
    ("nik", PersonalData::IdNumber),
    ("nikktp", PersonalData::IdNumber),
    ("ktp", PersonalData::IdNumber),
    ("noktp", PersonalData::IdNumber),
    ("nomorktp", PersonalData::IdNumber),
    ("kk", PersonalData::IdNumber),
    ("nokk", PersonalData::IdNumber),
    ("nomorkk", PersonalData::IdNumber),
    ("npwp", PersonalData::IdNumber),
    ("kpj", PersonalData::IdNumber),
    ("nokpj", PersonalData::IdNumber),
    ("nomorkpj", PersonalData::IdNumber),
    ("paspor", PersonalData::IdNumber),
    ("passport", PersonalData::IdNumber),
    ("nip", PersonalData::IdNumber),
    ("phone", PersonalData::Phone),
    ("phonenumber", PersonalData::Phone),
    ("telepon", PersonalData::Phone),
    ("telp", PersonalData::Phone),
    ("notelp", PersonalData::Phone),
    ("notelepon", PersonalData::Phone),
    ("nomortelepon", PersonalData::Phone),
    ("hp", PersonalData::Phone),
    ("nohp", PersonalData::Phone),
    ("nomorhp", PersonalData::Phone),
    ("handphone", PersonalData::Phone),
    ("mobile", PersonalData::Phone),
    ("whatsapp", PersonalData::Phone),
    ("nowa", PersonalData::Phone),
    ("alamat", PersonalData::Address),
    ("address", PersonalData::Address),
    ("email", PersonalData::Email),
    ("surel", PersonalData::Email),
    ("tanggallahir", PersonalData::BirthDate),
    ("tgllahir", PersonalData::BirthDate),
    ("tempatlahir", PersonalData::BirthDate),
    ("ttl", PersonalData::BirthDate),
    ("birthdate", PersonalData::BirthDate),
    ("dob", PersonalData::BirthDate),
    ("norekening", PersonalData::BankAccount),
    ("rekening", PersonalData::BankAccount),
];

/// Words that mark a column as personal data wherever they stand in its
/// name (`nama_pekerja`, `alamat_rumah`, `nomor_hp_2`).
const WORDS: [(&str, PersonalData); 18] = [
    ("nama", PersonalData::Name),
    ("name", PersonalData::Name),
    ("nik", PersonalData::IdNumber),
    ("ktp", PersonalData::IdNumber),
    ("npwp", PersonalData::IdNumber),
    ("kpj", PersonalData::IdNumber),
    ("hp", PersonalData::Phone),
    ("phone", PersonalData::Phone),
    ("telepon", PersonalData::Phone),
    ("telp", PersonalData::Phone),
    ("whatsapp", PersonalData::Phone),
    ("alamat", PersonalData::Address),
    ("address", PersonalData::Address),
    ("email", PersonalData::Email),
    ("lahir", PersonalData::BirthDate),
    ("birth", PersonalData::BirthDate),
    ("dob", PersonalData::BirthDate),
    ("rekening", PersonalData::BankAccount),
];

/// Whether a column name looks like personal data: case and the separators
/// `_`, `-` and space are ignored (`No HP`, `no-hp` and `nohp` are one name).
pub fn column_looks_personal(name: &str) -> Option<PersonalData> {
    let lower = name.to_lowercase();
    let joined: String = lower
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | ' ' | '.'))
        .collect();
    if let Some((_, kind)) = NAMES.iter().find(|(known, _)| *known == joined) {
        return Some(*kind);
    }
    lower.split(['_', '-', ' ', '.']).find_map(|word| {
        WORDS
            .iter()
            .find(|(known, _)| *known == word)
            .map(|(_, kind)| *kind)
    })
}

/// A value found inside a cell: its kind and byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub kind: PersonalData,
    pub start: usize,
    pub end: usize,
}

/// The first ID number (16 digits), phone number or e-mail address in
/// `text`, as a byte range of `text`. Digits may be grouped by separators, as
/// people write them ("3602 0415 0788 0001", "(0812) 3456-7890", "+62 812
/// 3456 7890"), and written in any script or width: text that is not plain
/// ASCII is normalised first (see [`normalise`]), so that look-alike
/// characters cannot slip a value past.
pub fn find_personal_value(text: &str) -> Option<Found> {
    // Every cell of every row passes here and nearly all are ASCII: they are
    // searched as they stand, without a copy.
    if text.is_ascii() {
        return find_in_ascii(text.as_bytes());
    }
    let (normalised, origins) = normalise(text);
    let found = find_in_ascii(normalised.as_bytes())?;
    Some(Found {
        kind: found.kind,
        start: origins[found.start].start,
        end: origins[found.end - 1].end,
    })
}

/// `text` as the detectors read it: Unicode NFKC (full-width forms become
/// ASCII), every decimal digit as its ASCII digit, every dash as `-`, every
/// space as ` `, and format characters (zero-width spaces, direction marks)
/// dropped. Beside it, for each of its bytes, the original character it
/// comes from.
fn normalise(text: &str) -> (String, Vec<Range<usize>>) {
    let mut normalised = String::with_capacity(text.len());
    let mut origins = Vec::with_capacity(text.len());
    for (start, original) in text.char_indices() {
        if original.is_ascii() {
            normalised.push(original);
        } else {
            let category = original.general_category();
            match category {
                GeneralCategory::Format
                | GeneralCategory::NonspacingMark
                | GeneralCategory::SpacingMark
                | GeneralCategory::EnclosingMark => continue,
                GeneralCategory::DecimalNumber => normalised.push(ascii_digit(original)),
                GeneralCategory::DashPunctuation => normalised.push('-'),
                _ if original.is_whitespace() => normalised.push(' '),
                _ => {
                    let compatible: String = std::iter::once(original).nfkc().collect();
                    let mark = category == GeneralCategory::ModifierLetter
                        || matches!(
                            original.general_category_group(),
                            GeneralCategoryGroup::Punctuation | GeneralCategoryGroup::Symbol
                        );
                    // Any other mark between digits ("3602·0415") parts
                    // groups as a dash does; letters stay letters.
                    if compatible.is_ascii() || !mark {
                        normalised.push_str(&compatible);
                    } else {
                        normalised.push('-');
                    }
                }
            }
        }
        origins.resize(normalised.len(), start..start + original.len_utf8());
    }
    (normalised, origins)
}

/// The ASCII digit of the same value as a Unicode decimal digit. Unicode
/// keeps decimal digits in runs of ten from 0 to 9, so a digit's value is
/// its distance from the start of its run, modulo ten.
fn ascii_digit(digit: char) -> char {
    let is_decimal = |code: u32| {
        char::from_u32(code).is_some_and(|c| c.general_category() == GeneralCategory::DecimalNumber)
    };
    let mut zero = u32::from(digit);
    while zero > 0 && is_decimal(zero - 1) {
        zero -= 1;
    }
    let value = (u32::from(digit) - zero) % 10;
    char::from_digit(value, 10).unwrap_or('0')
}

fn find_in_ascii(bytes: &[u8]) -> Option<Found> {
    // Most text holds too few digits to be a phone number and no `@`, which
    // one cheap pass tells.
    let digits = bytes.iter().filter(|b| b.is_ascii_digit()).count();
    if digits < 10 && !bytes.contains(&b'@') {
        return None;
    }
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte == b'@' {
            if let Some(found) = email_around(bytes, index) {
                return Some(found);
            }
            index += 1;
        } else if byte.is_ascii_digit()
            || (byte == b'+' && bytes.get(index + 1).is_some_and(u8::is_ascii_digit))
        {
            match number_at(bytes, index) {
                Ok(found) => return Some(found),
                Err(end) => index = end.max(index + 1),
            }
        } else {
            index += 1;
        }
    }
    None
}

/// Whether a byte may stand between the digit groups of one number: any
/// space or punctuation but the `+` that starts a phone number and the `@`
/// of an address.
fn is_separator(byte: u8) -> bool {
    byte.is_ascii_whitespace() || (byte.is_ascii_punctuation() && !matches!(byte, b'+' | b'@'))
}

/// Whether separators between two groups of digits part two numbers of a
/// list ("36.02.01, 36.02.02", "12 / 2026") rather than group one number.
fn is_list_break(separators: &[u8]) -> bool {
    separators.iter().any(u8::is_ascii_whitespace)
        && separators.iter().any(|b| matches!(b, b',' | b'/'))
}

/// Digits read so far as one number: where it starts, how many digits it
/// has and the first three of them (all that tells a phone number).
#[derive(Default)]
struct Digits {
    start: usize,
    end: usize,
    count: usize,
    leading: [u8; 3],
    international: bool,
}

impl Digits {
    fn starting_at(start: usize, international: bool) -> Digits {
        Digits {
            start,
            international,
            ..Digits::default()
        }
    }

    fn add(&mut self, group: &[u8], end: usize) {
        for &digit in group {
            if let Some(slot) = self.leading.get_mut(self.count) {
                *slot = digit;
            }
            self.count += 1;
        }
        self.end = end;
    }

    fn found(&self) -> Option<Found> {
        let leading = &self.leading[..self.count.min(3)];
        classify_number(self.count, leading, self.international).map(|kind| Found {
            kind,
            start: self.start,
            end: self.end,
        })
    }
}

/// Reads the number starting at `start` (a digit, or the `+` before one):
/// groups of digits and the separators between them. Ok with the first
/// personal value in it; Err with where it ends when it holds none.
fn number_at(bytes: &[u8], start: usize) -> Result<Found, usize> {
    let international = bytes[start] == b'+';
    let mut index = start + usize::from(international);
    let mut number = Digits::starting_at(start, international);
    let mut quads = Quads::default();
    loop {
        if let Some(date_end) = date_at(bytes, index) {
            if let Some(found) = number.found() {
                return Ok(found);
            }
            index = date_end;
            number = Digits::starting_at(date_end, false);
            quads = Quads::default();
        } else {
            let group_end = index + digits_from(bytes, index);
            let group = &bytes[index..group_end];
            if let Some(found) = quads.add(group, index, group_end) {
                return Ok(found);
            }
            // A group that is a value by itself counts even inside a longer
            // run: "3602041507880001 2" is an ID number and a digit.
            let first = number.count == 0;
            let mut alone = Digits::starting_at(
                if first { number.start } else { index },
                first && number.international,
            );
            alone.add(group, group_end);
            if let Some(found) = alone.found() {
                return Ok(found);
            }
            number.add(group, group_end);
            index = group_end;
        }
        let separators_end = index
            + bytes[index..]
                .iter()
                .take_while(|&&byte| is_separator(byte))
                .count();
        if !bytes.get(separators_end).is_some_and(u8::is_ascii_digit) {
            return number.found().ok_or(index);
        }
        if number.count == 0 || is_list_break(&bytes[index..separators_end]) {
            if let Some(found) = number.found() {
                return Ok(found);
            }
            number = Digits::starting_at(separators_end, false);
        }
        index = separators_end;
    }
}

/// The groups of four digits last read, across list breaks: an ID number
/// is often written in four of them, and "3602, 0415, 0788, 0001" is one
/// even though a list of codes is not ("36.02.01, 36.02.02").
#[derive(Default)]
struct Quads {
    starts: [usize; 4],
    years: [bool; 4],
    count: usize,
}

impl Quads {
    /// Adds a group; the ID number when it is the fourth group of four in a
    /// row. Four years ("2023, 2024, 2025, 2026") are not one: the third
    /// group of an ID number starts with a birth month, never 19 or 20.
    fn add(&mut self, group: &[u8], start: usize, end: usize) -> Option<Found> {
        if group.len() != 4 {
            self.count = 0;
            return None;
        }
        self.starts.rotate_left(1);
        self.years.rotate_left(1);
        self.starts[3] = start;
        self.years[3] = group.starts_with(b"19") || group.starts_with(b"20");
        self.count = (self.count + 1).min(4);
        (self.count == 4 && !self.years.iter().all(|&year| year)).then_some(Found {
            kind: PersonalData::IdNumber,
            start: self.starts[0],
            end,
        })
    }
}

fn digits_from(bytes: &[u8], index: usize) -> usize {
    bytes[index..]
        .iter()
        .take_while(|byte| byte.is_ascii_digit())
        .count()
}

/// The end of a date or month written at `index` ("2026-10-31",
/// "31/10/2026", "2026-10", "10/2026"): dates side by side would otherwise
/// read as one long number ("2026-01-01 – 2026-12-31" has 16 digits).
fn date_at(bytes: &[u8], index: usize) -> Option<usize> {
    let group = |at: usize| {
        let at = at.min(bytes.len());
        let length = digits_from(bytes, at);
        let value = bytes[at..at + length]
            .iter()
            .take(4)
            .fold(0, |value, digit| value * 10 + u32::from(digit - b'0'));
        (length > 0).then_some((value, length, at + length))
    };
    let is_year =
        |(value, length, _): (u32, usize, usize)| length == 4 && (1900..=2099).contains(&value);
    let is_month =
        |(value, length, _): (u32, usize, usize)| length == 2 && (1..=12).contains(&value);
    let is_day = |(value, length, _): (u32, usize, usize)| length == 2 && (1..=31).contains(&value);
    let first = group(index)?;
    let separator = *bytes.get(first.2)?;
    if !matches!(separator, b'-' | b'/' | b'.') {
        return None;
    }
    let second = group(first.2 + 1)?;
    let third = (bytes.get(second.2) == Some(&separator))
        .then(|| group(second.2 + 1))
        .flatten();
    if is_year(first) && is_month(second) {
        // "1971.04.150788.0001" is an ID number of Bangka Belitung that
        // starts like a month: a third group that is no day is no date.
        return match third {
            Some(day) if is_day(day) => Some(day.2),
            Some(_) => None,
            None => Some(second.2),
        };
    }
    if let Some(year) = third
        && is_day(first)
        && is_month(second)
        && is_year(year)
    {
        return Some(year.2);
    }
    (is_month(first) && is_year(second)).then_some(second.2)
}

/// What a number a spreadsheet stored as a number looks like, from its
/// digits (ASCII, no sign): 16 digits are an ID number, however the cell
/// shows them (3,60201E+15). With `phones`, also a phone number, which a
/// number cell holds without its leading 0 (81234567890); a money column
/// leaves `phones` out, since its amounts have the same digits.
pub fn number_looks_personal(digits: &str, phones: bool) -> Option<PersonalData> {
    let bytes = digits.as_bytes();
    if !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if bytes.len() == 16 {
        return Some(PersonalData::IdNumber);
    }
    if !phones {
        return None;
    }
    let leading = &bytes[..bytes.len().min(3)];
    classify_number(bytes.len(), leading, false).or_else(|| {
        let with_zero = [b"0".as_slice(), &bytes[..bytes.len().min(2)]].concat();
        classify_number(bytes.len() + 1, &with_zero, false)
            .filter(|&kind| kind == PersonalData::Phone)
    })
}

/// What a number is, from its count of digits and its first three.
fn classify_number(count: usize, digits: &[u8], international: bool) -> Option<PersonalData> {
    if count == 16 {
        return Some(PersonalData::IdNumber);
    }
    let phone_length = (10..=13).contains(&count);
    let phone = (digits.starts_with(b"08") && phone_length)
        || (international && digits.starts_with(b"62") && phone_length)
        || (digits.starts_with(b"628") && (11..=13).contains(&count));
    phone.then_some(PersonalData::Phone)
}

fn email_around(bytes: &[u8], at: usize) -> Option<Found> {
    let is_local =
        |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-');
    let is_domain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-');
    let start = bytes[..at]
        .iter()
        .rposition(|&b| !is_local(b))
        .map_or(0, |i| i + 1);
    let end = bytes[at + 1..]
        .iter()
        .position(|&b| !is_domain(b))
        .map_or(bytes.len(), |i| at + 1 + i);
    let domain = bytes[at + 1..end]
        .strip_suffix(b".")
        .unwrap_or(&bytes[at + 1..end]);
    let top_level = domain.rsplit(|&b| b == b'.').next().unwrap_or_default();
    let plausible = start < at
        && domain.contains(&b'.')
        && top_level.len() >= 2
        && top_level.iter().all(u8::is_ascii_alphabetic);
    plausible.then_some(Found {
        kind: PersonalData::Email,
        start,
        end: at + 1 + domain.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Option<PersonalData> {
        find_personal_value(text).map(|found| found.kind)
    }

    fn matched(text: &str) -> &str {
        let found = find_personal_value(text).unwrap();
        &text[found.start..found.end]
    }

    #[test]
    fn finds_id_numbers_however_written() {
        assert_eq!(kind("3602041507880001"), Some(PersonalData::IdNumber));
        assert_eq!(
            kind("NIK 3602 0415 0788 0001"),
            Some(PersonalData::IdNumber)
        );
        assert_eq!(kind("3602.0415.0788.0001"), Some(PersonalData::IdNumber));
        assert_eq!(kind("LBK-3602041507880001"), Some(PersonalData::IdNumber));
        assert_eq!(matched("KK: 3602041507880001, Lebak"), "3602041507880001");
    }

    #[test]
    fn finds_indonesian_phone_numbers() {
        for phone in [
            "081234567890",
            "0812-3456-7890",
            "0812 3456 789",
            "+62 812 3456 7890",
            "+6281234567890",
            "6281234567890",
            "hub. 0857.1234.5678",
        ] {
            assert_eq!(kind(phone), Some(PersonalData::Phone), "{phone}");
        }
        assert_eq!(matched("telp 0812-3456-7890."), "0812-3456-7890");
    }

    #[test]
    fn finds_email_addresses() {
        assert_eq!(kind("budi.santoso@mail.co.id"), Some(PersonalData::Email));
        assert_eq!(matched("kirim ke budi@mail.com."), "budi@mail.com");
        assert_eq!(kind("@SP2D"), None);
        assert_eq!(kind("a@b"), None);
        assert_eq!(kind("x@host.123"), None);
    }

    #[test]
    fn leaves_amounts_documents_dates_and_codes_alone() {
        for text in [
            "670680000",
            "6268000000",
            "00123/SP2D/LS/2026",
            "2026-10-31",
            "36.02.14",
            "KLM-2026-00001",
            "LBK-7Q2M9X",
            "Bantuan iuran JKK dan JKM pekerja rentan 2026",
            "3.450 pekerja x 12 bulan x Rp16.200",
            "0812345",
            "123456789012345",
            "12345678901234567",
            "SP2D-900/123/2026",
            "2026-01-01 – 2026-12-31",
            "2026-01-01/2026-12-31",
            "01/08/2026 - 31/08/2026",
            "2026-08, 2026-09, 2026-10",
            "08/2026, 09/2026 dan 10/2026",
            "36.02.01, 36.02.02, 36.02.03",
            "08.00–16.00 WIB",
            "Rp670.680.000 (3.450 x 12 x Rp16.200)",
            "Januari–Desember 2026, ６ bulan",
            "tahun 2023, 2024, 2025, 2026",
            "Rp16.200; Rp194.400; Rp2.332.800",
            "36.02.01: 12 orang; 36.02.02: 40 orang",
        ] {
            assert_eq!(find_personal_value(text), None, "{text}");
        }
    }

    #[test]
    fn finds_values_behind_other_separators_scripts_and_widths() {
        for id in [
            "3602\u{a0}0415\u{a0}0788\u{a0}0001",
            "3602_0415_0788_0001",
            "3602/0415/0788/0001",
            "3602,0415,0788,0001",
            "3602  0415  0788  0001",
            "3602\u{200b}0415\u{200b}0788\u{200b}0001",
            "3602–0415–0788–0001",
            "３６０２０４１５０７８８０００１",
            "٣٦٠٢٠٤١٥٠٧٨٨٠٠٠١",
            "۳۶۰۲ ۰۴۱۵ ۰۷۸۸ ۰۰۰۱",
            "3602·0415·0788·0001",
            "3602:0415:0788:0001",
            "3602|0415|0788|0001",
            "3602*0415*0788*0001",
            "3602;0415;0788;0001",
            "3602\u{3005}0415\u{3005}0788\u{3005}0001",
            "3602\u{2009}0415\u{2009}0788\u{2009}0001",
            "3602 / 0415 / 0788 / 0001",
            "3602, 0415, 0788, 0001",
            "1971.04.150788.0001",
            "3\u{336}6\u{336}0\u{336}2\u{336}041507880001",
        ] {
            assert_eq!(kind(id), Some(PersonalData::IdNumber), "{id}");
        }
        assert_eq!(kind("(0812) 3456-7890"), Some(PersonalData::Phone));
        assert_eq!(
            kind("0812\u{3005}3456\u{3005}7890"),
            Some(PersonalData::Phone)
        );
        assert_eq!(kind("+62 (812) 3456 7890"), Some(PersonalData::Phone));
        assert_eq!(kind("budi＠mail.com"), Some(PersonalData::Email));
        assert_eq!(
            kind("ｂｕｄｉ＠ｍａｉｌ．ｃｏｍ"),
            Some(PersonalData::Email)
        );
    }

    #[test]
    fn a_value_in_a_list_of_numbers_is_still_found() {
        assert_eq!(matched("3602041507880001, 12"), "3602041507880001");
        assert_eq!(
            matched("3602041507880001 3602041507880002"),
            "3602041507880001"
        );
        assert_eq!(matched("36.02.01, 0812 3456 7890"), "0812 3456 7890");
    }

    #[test]
    fn a_normalised_value_is_found_at_its_original_place() {
        let text = "NIK: ٣٦٠٢٠٤١٥٠٧٨٨٠٠٠١ (Lebak)";
        assert_eq!(matched(text), "٣٦٠٢٠٤١٥٠٧٨٨٠٠٠١");
        assert_eq!(matched("hub. (0812) 3456-7890"), "0812) 3456-7890");
        assert_eq!(matched("tulis ke budi＠mail.com."), "budi＠mail.com");
    }

    #[test]
    fn numbers_a_spreadsheet_stored_are_checked_with_their_lost_zero() {
        assert_eq!(
            number_looks_personal("3602011234567890", false),
            Some(PersonalData::IdNumber)
        );
        assert_eq!(
            number_looks_personal("81234567890", true),
            Some(PersonalData::Phone)
        );
        assert_eq!(
            number_looks_personal("6281234567890", true),
            Some(PersonalData::Phone)
        );
        assert_eq!(number_looks_personal("81234567890", false), None);
        for ordinary in ["16200", "670680000", "46326", "123456789012345", "3450"] {
            assert_eq!(number_looks_personal(ordinary, true), None, "{ordinary}");
        }
    }

    #[test]
    fn column_names_with_variants() {
        for (name, expected) in [
            ("nama", PersonalData::Name),
            ("Nama Lengkap", PersonalData::Name),
            ("nama_pekerja", PersonalData::Name),
            ("NIK", PersonalData::IdNumber),
            ("nik_ktp", PersonalData::IdNumber),
            ("No KK", PersonalData::IdNumber),
            ("npwp", PersonalData::IdNumber),
            ("nomor_hp", PersonalData::Phone),
            ("no-telp", PersonalData::Phone),
            ("No. HP", PersonalData::Phone),
            ("alamat_rumah", PersonalData::Address),
            ("E-mail", PersonalData::Email),
            ("tgl_lahir", PersonalData::BirthDate),
            ("tempat_lahir", PersonalData::BirthDate),
            ("birth_date", PersonalData::BirthDate),
            ("DOB", PersonalData::BirthDate),
        ] {
            assert_eq!(column_looks_personal(name), Some(expected), "{name}");
        }
        for name in [
            "catatan",
            "kelompok_usaha",
            "teknik",
            "sumber_dana",
            "program",
            "shipment",
            "keterangan",
        ] {
            assert_eq!(column_looks_personal(name), None, "{name}");
        }
    }
}
