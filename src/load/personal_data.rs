//! The last gate before publication: columns named like personal data and
//! cells holding an ID number (NIK, KK), a phone number or an e-mail address
//! are refused, whatever file they are in.
//!
//! What a problem report shows of a refused value is masked, since error
//! output ends up in logs and must not leak what it refuses.

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
/// `text`. Digits may be grouped by spaces, dots or dashes, as people write
/// them ("3602 0415 0788 0001", "0812-3456-7890", "+62 812 3456 7890").
pub fn find_personal_value(text: &str) -> Option<Found> {
    let bytes = text.as_bytes();
    // Every cell of every row passes here: most hold too few digits to be a
    // phone number and no `@`, which one cheap pass tells.
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
            let (end, digits) = number_at(bytes, index);
            if let Some(kind) = classify_number(&digits, byte == b'+') {
                return Some(Found {
                    kind,
                    start: index,
                    end,
                });
            }
            index = end.max(index + 1);
        } else {
            index += 1;
        }
    }
    None
}

/// The end of the number starting at `start` and its digits, a separator
/// counting only between two digits.
fn number_at(bytes: &[u8], start: usize) -> (usize, Vec<u8>) {
    let mut digits = Vec::new();
    let mut index = if bytes[start] == b'+' {
        start + 1
    } else {
        start
    };
    while index < bytes.len() {
        let byte = bytes[index];
        if byte.is_ascii_digit() {
            digits.push(byte);
            index += 1;
        } else if matches!(byte, b' ' | b'.' | b'-')
            && bytes.get(index + 1).is_some_and(u8::is_ascii_digit)
            && index > start
            && bytes[index - 1].is_ascii_digit()
        {
            index += 1;
        } else {
            break;
        }
    }
    (index, digits)
}

fn classify_number(digits: &[u8], international: bool) -> Option<PersonalData> {
    let count = digits.len();
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

/// A refused value as a report may show it: the first four characters of a
/// number (its separators kept), the first character and the `@` of an
/// e-mail address; the rest as `*`.
pub fn mask(value: &str, kind: PersonalData) -> String {
    let (keep, shown): (usize, &[char]) = match kind {
        PersonalData::Email => (1, &['@']),
        _ => (4, &[' ', '.', '-', '+']),
    };
    value
        .chars()
        .enumerate()
        .map(|(index, c)| {
            if index < keep || shown.contains(&c) {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// `text` with every personal value in it masked, character for character,
/// so that columns into it stay right.
pub fn mask_all(text: &str) -> String {
    let mut masked = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(found) = find_personal_value(rest) {
        masked.push_str(&rest[..found.start]);
        masked.push_str(&mask(&rest[found.start..found.end], found.kind));
        rest = &rest[found.end..];
    }
    masked.push_str(rest);
    masked
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
        ] {
            assert_eq!(find_personal_value(text), None, "{text}");
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

    #[test]
    fn masks_every_value_in_a_line() {
        assert_eq!(
            mask_all("M01,3602041507880001,x@mail.com,2026-01"),
            "M01,3602************,x@********,2026-01"
        );
    }

    #[test]
    fn masks_all_but_a_prefix() {
        assert_eq!(
            mask("3602041507880001", PersonalData::IdNumber),
            "3602************"
        );
        assert_eq!(
            mask("0812-3456-7890", PersonalData::Phone),
            "0812-****-****"
        );
        assert_eq!(
            mask("budi.s@mail.com", PersonalData::Email),
            "b*****@********"
        );
    }
}
