//! How a CSV file is written, as Excel and other spreadsheets save it: its
//! encoding (UTF-8 with or without a byte-order mark, or UTF-16 with one:
//! Excel's "Unicode text") and its separator (a comma, or a semicolon where
//! the decimal comma is the custom, as with Indonesian regional settings, or
//! a tab). Both are read from the file's first bytes and header line, never
//! guessed from the data.

use std::borrow::Cow;

/// The encodings a CSV file may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8; a leading byte-order mark is skipped.
    Utf8,
    Utf16Le,
    Utf16Be,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

impl Encoding {
    /// The encoding a byte-order mark at the start of `bytes` announces;
    /// UTF-8 without one.
    pub fn of(bytes: &[u8]) -> Encoding {
        match bytes {
            [0xFF, 0xFE, ..] => Encoding::Utf16Le,
            [0xFE, 0xFF, ..] => Encoding::Utf16Be,
            _ => Encoding::Utf8,
        }
    }
}

/// The separators a header line may use, the usual one first.
pub const SEPARATORS: [u8; 3] = [b',', b';', b'\t'];

/// The separator of a header line: the one of [`SEPARATORS`] it holds most
/// often outside double quotes, a comma when it holds none (a file of one
/// column) or when two are as frequent.
pub fn separator_of(header_line: &[u8]) -> u8 {
    let mut counts = [0usize; SEPARATORS.len()];
    let mut quoted = false;
    for &byte in header_line {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(index) = SEPARATORS.iter().position(|&s| s == byte) {
                    counts[index] += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = 0;
    for (index, &count) in counts.iter().enumerate() {
        if count > counts[best] {
            best = index;
        }
    }
    SEPARATORS[best]
}

/// The separator as a word for messages.
pub fn separator_name(separator: u8) -> &'static str {
    match separator {
        b';' => "semicolon",
        b'\t' => "tab",
        _ => "comma",
    }
}

/// `bytes` without a leading UTF-8 byte-order mark.
pub fn without_utf8_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes)
}

/// The text of a UTF-16 file (after its byte-order mark) as UTF-8, or None
/// when it is not valid UTF-16 (an odd length, a lone surrogate).
pub fn decode_utf16(bytes: &[u8], encoding: Encoding) -> Option<Vec<u8>> {
    let body = bytes.get(2..)?;
    let decoder = match encoding {
        Encoding::Utf16Le => encoding_rs::UTF_16LE,
        Encoding::Utf16Be => encoding_rs::UTF_16BE,
        Encoding::Utf8 => return Some(bytes.to_vec()),
    };
    decoder
        .decode_without_bom_handling_and_without_replacement(body)
        .map(|text: Cow<str>| text.into_owned().into_bytes())
}

/// What bytes that are not UTF-8 most likely are: the character they stand
/// for in Windows-1252 (Excel's "CSV (Comma delimited)" on Windows in
/// western and Indonesian settings), e.g. `byte 0xE9 ('é' in Windows-1252)`.
pub fn describe_invalid_utf8(bytes: &[u8]) -> String {
    let Err(error) = std::str::from_utf8(bytes) else {
        return "the text".to_string();
    };
    let at = error.valid_up_to();
    let byte = bytes[at];
    let (character, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes[at..=at]);
    match character.chars().next() {
        Some(c) if !c.is_control() => format!("byte 0x{byte:02X} ('{c}' in Windows-1252)"),
        _ => format!("byte 0x{byte:02X}"),
    }
}

/// The hint for a file that is not UTF-8.
pub const SAVE_AS_UTF8: &str = "save the file as UTF-8: in Excel choose File > Save As > \"CSV UTF-8 (Comma delimited) (*.csv)\"; in LibreOffice tick \"Edit filter settings\" and choose the character set \"Unicode (UTF-8)\"";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_is_the_header_lines_most_frequent() {
        assert_eq!(separator_of(b"code,name_id,name_en\n"), b',');
        assert_eq!(separator_of(b"code;name_id;name_en\r\n"), b';');
        assert_eq!(separator_of(b"code\tname_id\tname_en\n"), b'\t');
        assert_eq!(separator_of(b"\"a;b\",c\nx;y;z;w\n"), b',');
        assert_eq!(separator_of(b"code\n"), b',');
        assert_eq!(separator_of(b"a,b;c\n"), b',');
    }

    #[test]
    fn a_byte_order_mark_tells_the_encoding() {
        assert_eq!(Encoding::of(b"\xFF\xFEc\0"), Encoding::Utf16Le);
        assert_eq!(Encoding::of(b"\xFE\xFF\0c"), Encoding::Utf16Be);
        assert_eq!(Encoding::of(b"\xEF\xBB\xBFcode"), Encoding::Utf8);
        assert_eq!(Encoding::of(b"code"), Encoding::Utf8);
    }

    #[test]
    fn utf16_is_decoded_and_damaged_utf16_refused() {
        let little: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a\tö\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(
            decode_utf16(&little, Encoding::Utf16Le).unwrap(),
            "a\tö\n".as_bytes()
        );
        let big: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("a;b".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode_utf16(&big, Encoding::Utf16Be).unwrap(), b"a;b");
        assert_eq!(decode_utf16(b"\xFF\xFEa", Encoding::Utf16Le), None);
        assert_eq!(decode_utf16(b"\xFF\xFE\x00\xD8", Encoding::Utf16Le), None);
    }

    #[test]
    fn bytes_that_are_not_utf8_are_named_as_windows_1252() {
        assert_eq!(
            describe_invalid_utf8(b"Cipanas \xE9"),
            "byte 0xE9 ('\u{e9}' in Windows-1252)"
        );
        assert_eq!(describe_invalid_utf8(b"\x81"), "byte 0x81");
    }
}
