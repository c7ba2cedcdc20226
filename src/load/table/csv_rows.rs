//! The rows of a CSV file, in its dialect: UTF-8 read as it stands, UTF-16
//! decoded to UTF-8 first (so positions are those of the decoded text's
//! lines and characters), split at the separator its header line uses.
//!
//! A problem's column is found only when the file is finished: the reader
//! notes the record's byte offset and the field, and [`CsvOrigin::resolve`]
//! seeks back to turn that into `line:column`, so the common path (no
//! problem) pays nothing for precise positions.

use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use csv::ByteRecord;

use super::findings::Findings;
use crate::diag::{self, Diagnostic, Diagnostics, SourceLine};
use crate::load::source::dialect::{self, Encoding};

/// Bytes read to find the dialect: a header line is far shorter.
const SNIFF_BYTES: u64 = 1 << 16;

/// A CSV file as the problems found in it are reported.
#[derive(Debug, Clone)]
pub struct CsvOrigin {
    display: String,
    path: PathBuf,
    /// The text as UTF-8 when the file is not (UTF-16); None when it is
    /// read from the file as it stands.
    decoded: Option<Arc<Vec<u8>>>,
    pub separator: u8,
}

pub(crate) struct CsvRows {
    pub origin: CsvOrigin,
    csv: csv::Reader<Input>,
    pub file_len: u64,
    /// Whether lines end with CR LF, which shifts the csv crate's record
    /// positions (see [`CsvRows::record_start`]).
    crlf: bool,
}

/// The bytes a CSV file is read from.
enum Input {
    File(BufReader<File>),
    Decoded(Cursor<SharedBytes>),
}

impl Read for Input {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Input::File(file) => file.read(buffer),
            Input::Decoded(bytes) => bytes.read(buffer),
        }
    }
}

#[derive(Debug, Clone)]
struct SharedBytes(Arc<Vec<u8>>);

impl AsRef<[u8]> for SharedBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl CsvRows {
    /// Opens `root/relative` in its dialect; the problem and its hint when
    /// it cannot be read.
    pub fn open(root: &Path, relative: &str) -> Result<CsvRows, (String, &'static str)> {
        let path = root.join(relative);
        let cannot_read = |error: std::io::Error| {
            (
                format!("cannot read the file: {error}"),
                "check the file's permissions",
            )
        };
        let mut file = File::open(&path).map_err(cannot_read)?;
        let file_len = file.metadata().map_or(0, |m| m.len());
        let mut start = Vec::with_capacity(SNIFF_BYTES as usize);
        (&mut file)
            .take(SNIFF_BYTES)
            .read_to_end(&mut start)
            .map_err(cannot_read)?;
        let encoding = Encoding::of(&start);
        let (input, decoded, sniffed) = match encoding {
            Encoding::Utf8 => {
                file.seek(SeekFrom::Start(0)).map_err(cannot_read)?;
                let input = Input::File(BufReader::with_capacity(1 << 16, file));
                (input, None, start)
            }
            Encoding::Utf16Le | Encoding::Utf16Be => {
                let mut bytes = start;
                file.read_to_end(&mut bytes).map_err(cannot_read)?;
                let text = dialect::decode_utf16(&bytes, encoding).ok_or((
                    "the file starts as UTF-16 (Excel's \"Unicode text\") but is not valid UTF-16".to_string(),
                    "save it again from Excel as \"Unicode text\" or, better, as \"CSV UTF-8 (Comma delimited)\"",
                ))?;
                let shared = Arc::new(text);
                let sniffed = shared[..shared.len().min(SNIFF_BYTES as usize)].to_vec();
                let input = Input::Decoded(Cursor::new(SharedBytes(Arc::clone(&shared))));
                (input, Some(shared), sniffed)
            }
        };
        let header = dialect::without_utf8_bom(&sniffed);
        let separator = dialect::separator_of(header);
        let crlf = header
            .iter()
            .position(|&b| b == b'\n')
            .is_some_and(|i| i > 0 && header[i - 1] == b'\r');
        let csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(separator)
            .buffer_capacity(1 << 16)
            .from_reader(input);
        Ok(CsvRows {
            origin: CsvOrigin {
                display: relative.to_string(),
                path,
                decoded,
                separator,
            },
            csv,
            file_len,
            crlf,
        })
    }

    pub fn read(&mut self, record: &mut ByteRecord) -> csv::Result<bool> {
        self.csv.read_byte_record(record)
    }

    /// Byte offset and line where `record` starts. After a CR LF the csv
    /// crate reports the position of the LF, one line early.
    pub fn record_start(&self, record: &ByteRecord) -> (u64, u64) {
        let (offset, line) = record.position().map_or((0, 0), |p| (p.byte(), p.line()));
        if self.crlf && offset > 0 {
            (offset + 1, line + 1)
        } else {
            (offset, line)
        }
    }

    /// Bytes read so far.
    pub fn position(&self) -> u64 {
        self.csv.position().byte()
    }

    /// Whether the current row ends where the text ends.
    pub fn at_end(&self) -> bool {
        let len = self
            .origin
            .decoded
            .as_ref()
            .map_or(self.file_len, |text| text.len() as u64);
        self.position() >= len
    }

    /// Where the row after the current one starts.
    pub fn next_row_start(&self) -> u64 {
        // After a CR LF the csv crate stops before the LF.
        self.position() + u64::from(self.crlf)
    }

    /// The file, when it is read as it stands (UTF-8): what a reader that
    /// skips the csv crate may read itself.
    pub fn plain_path(&self) -> Option<&Path> {
        self.origin
            .decoded
            .is_none()
            .then_some(self.origin.path.as_path())
    }
}

impl CsvOrigin {
    pub fn display(&self) -> &str {
        &self.display
    }

    /// Turns every finding into a diagnostic with its line, column and the
    /// quoted line.
    pub(super) fn resolve(&self, findings: Findings, diagnostics: &mut Diagnostics) {
        let mut text: Option<Box<dyn ReadSeek>> = match &self.decoded {
            Some(bytes) => Some(Box::new(Cursor::new(SharedBytes(Arc::clone(bytes))))),
            None => File::open(&self.path)
                .ok()
                .map(|file| Box::new(file) as Box<dyn ReadSeek>),
        };
        for finding in findings.kept {
            let place = match text.as_mut() {
                Some(text) if finding.record_line > 0 => locate_field(
                    text,
                    finding.record_offset,
                    finding.field,
                    finding.inner,
                    self.separator,
                ),
                _ => None,
            };
            let at = if finding.record_line == 0 {
                diag::Place::file(&self.display)
            } else {
                let line =
                    finding.record_line as usize + place.as_ref().map_or(0, |p| p.extra_lines);
                let column = match (&place, finding.field) {
                    (Some(place), Some(_)) => place.column,
                    _ => 1,
                };
                diag::Place::position(&self.display, line, column)
            };
            diagnostics.push(Diagnostic {
                hint: finding.hint,
                source: place.map(|p| p.source),
                ..Diagnostic::new(finding.severity, at, finding.message)
            });
        }
        if findings.dropped > 0 {
            diagnostics.push(Diagnostic::more_not_shown(&self.display, findings.dropped));
        }
    }
}

trait ReadSeek: Read + Seek {}

impl<T: Read + Seek> ReadSeek for T {}

/// Where a finding is in its file, found by reading the record again.
struct FieldPlace {
    /// Lines below the record's first line (a quoted value may span lines).
    extra_lines: usize,
    column: usize,
    source: SourceLine,
}

/// Finds field `field` (or the whole row, for None) of the record starting
/// at `offset`; `inner` narrows it to a part of the value, in characters
/// (start, width).
fn locate_field(
    text: &mut dyn ReadSeek,
    offset: u64,
    field: Option<usize>,
    inner: Option<(usize, usize)>,
    separator: u8,
) -> Option<FieldPlace> {
    text.seek(SeekFrom::Start(offset)).ok()?;
    let mut bytes = Vec::new();
    text.take(1 << 16).read_to_end(&mut bytes).ok()?;
    let start = if offset == 0 && bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let mut current_field = 0;
    let mut in_quotes = false;
    let mut position = start;
    while current_field < field.unwrap_or(0) {
        match *bytes.get(position)? {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => return None,
            byte if byte == separator && !in_quotes => current_field += 1,
            _ => {}
        }
        position += 1;
    }
    let line_start = bytes[start..position]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(start, |i| start + i + 1);
    let line_end = bytes[position..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| position + i);
    let field_end = match field {
        None => line_end,
        Some(_) => {
            let mut end = position;
            let mut quoted = false;
            while let Some(&byte) = bytes.get(end) {
                match byte {
                    b'"' => quoted = !quoted,
                    b'\n' | b'\r' if !quoted => break,
                    byte if byte == separator && !quoted => break,
                    _ => {}
                }
                end += 1;
            }
            end.min(line_end)
        }
    };
    let chars = |range: &[u8]| String::from_utf8_lossy(range).chars().count();
    let quoted = usize::from(bytes.get(position) == Some(&b'"'));
    let mut column = chars(&bytes[line_start..position]) + 1;
    let mut width = chars(&bytes[position..field_end]);
    if let Some((inner_start, inner_width)) = inner {
        column += inner_start + quoted;
        width = inner_width;
    }
    // A tab would be drawn as several columns, moving the caret off its cell.
    let line = String::from_utf8_lossy(&bytes[line_start..line_end]).replace('\t', " ");
    Some(FieldPlace {
        extra_lines: bytes[start..position]
            .iter()
            .filter(|&&b| b == b'\n')
            .count(),
        column,
        source: SourceLine::new(&line, width),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_fields_after_quotes_and_multibyte_text() {
        let mut text = Cursor::new(b"a,b,c\n\"x, y\",\xC3\xA9,z\n".to_vec());
        let mut place = |field| {
            let place = locate_field(&mut text, 6, field, None, b',').unwrap();
            (place.column, place.source.width, place.source.text)
        };
        assert_eq!(place(Some(0)), (1, 6, "\"x, y\",é,z".to_string()));
        assert_eq!(place(Some(1)), (8, 1, "\"x, y\",é,z".to_string()));
        assert_eq!(place(Some(2)), (10, 1, "\"x, y\",é,z".to_string()));
        assert_eq!(place(None).1, 10);
    }

    #[test]
    fn locates_fields_split_by_semicolons_and_tabs() {
        let mut text = Cursor::new(b"a;b;c\n\"x; y\";1,5;z\n".to_vec());
        let place = locate_field(&mut text, 6, Some(2), None, b';').unwrap();
        assert_eq!((place.column, place.source.width), (12, 1));
        let mut text = Cursor::new(b"a\tb\nx y\tz\n".to_vec());
        let place = locate_field(&mut text, 4, Some(1), None, b'\t').unwrap();
        assert_eq!((place.column, place.source.text.as_str()), (5, "x y z"));
    }
}
