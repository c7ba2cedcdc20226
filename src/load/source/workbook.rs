//! `.xlsx` workbooks read with calamine: which sheet holds a table, and the
//! sheet's cells (the cached values of formulas, as Excel last computed
//! them) with its merged regions.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use calamine::{Data, DataRef, Dimensions, Reader, SheetType, SheetVisible, Xlsx};
use rustc_hash::FxHashMap;

use crate::diag::SheetPlace;

/// An open workbook and its sheets, in tab order.
pub struct Workbook {
    /// The file as the user knows it, e.g. `data/data.xlsx`.
    pub display: String,
    xlsx: Xlsx<BufReader<File>>,
    pub sheets: Vec<SheetInfo>,
}

#[derive(Debug, Clone)]
pub struct SheetInfo {
    pub name: String,
    pub hidden: bool,
    /// A worksheet, not a chart or macro sheet.
    pub cells: bool,
}

/// The columns a table is read from: a value right of them (a note typed
/// far to the right, a stray cell at XFD1048576) is not put in the sheet's
/// cells but reported at its cell.
pub const TABLE_COLUMNS: u32 = 32;

/// Excel's rows: a cell below them is from no sheet Excel wrote.
pub const SHEET_ROWS: u32 = 1 << 20;

/// A sheet's cells, read whole.
#[derive(Debug)]
pub struct SheetData {
    pub place: SheetPlace,
    pub hidden: bool,
    /// The cells with a value; blank cells (empty, or spaces only) are left out.
    pub cells: SheetCells,
    /// Cells with a value right of [`TABLE_COLUMNS`] or below Excel's last
    /// row, absolute and 0-based: not in `cells`.
    pub outside: Vec<(u32, u32)>,
    /// Cells holding a formula but not the value it gives, absolute and
    /// 0-based, in order: a program wrote the file and left the computing to
    /// Excel, whose stored values are what jaring reads.
    pub formulas_without_values: Vec<(u32, u32)>,
    /// Regions of merged cells, absolute and 0-based.
    pub merged: Vec<Dimensions>,
    /// Dates count from 1904 rather than 1900 (old Mac workbooks).
    pub is_1904: bool,
}

impl Workbook {
    /// Opens `root/relative`; the error as a message when it is not a
    /// workbook jaring can read.
    pub fn open(root: &Path, relative: &str) -> Result<Workbook, String> {
        // As a CSV file says so, rather than "invalid Zip archive: Could not
        // find EOCD".
        if std::fs::metadata(root.join(relative)).is_ok_and(|file| file.len() == 0) {
            return Err("the file is empty".to_string());
        }
        refuse_impossible_shared_strings(&root.join(relative))?;
        let xlsx: Xlsx<_> = calamine::open_workbook(root.join(relative))
            .map_err(|error: calamine::XlsxError| error.to_string())?;
        let sheets = xlsx
            .sheets_metadata()
            .iter()
            .map(|sheet| SheetInfo {
                name: sheet.name.clone(),
                hidden: sheet.visible != SheetVisible::Visible,
                cells: sheet.typ == SheetType::WorkSheet,
            })
            .collect();
        Ok(Workbook {
            display: relative.to_string(),
            xlsx,
            sheets,
        })
    }

    /// The worksheets named `name`, case and surrounding spaces ignored
    /// (`MEMBERS`, `members `): a table's name matches more than one sheet
    /// when an old copy sits beside it.
    pub fn sheets_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a SheetInfo> {
        self.sheets
            .iter()
            .filter(move |sheet| sheet.cells && sheet.name.trim().eq_ignore_ascii_case(name))
    }

    /// The first visible worksheet, in tab order.
    pub fn first_visible_sheet(&self) -> Option<&SheetInfo> {
        self.sheets
            .iter()
            .find(|sheet| sheet.cells && !sheet.hidden)
    }

    /// The cells and merged regions of sheet `name`.
    pub fn read(&mut self, name: &str) -> Result<SheetData, String> {
        let hidden = self
            .sheets
            .iter()
            .find(|sheet| sheet.name == name)
            .is_some_and(|sheet| sheet.hidden);
        let mut reader = self
            .xlsx
            .worksheet_cells_reader(name)
            .map_err(|error| error.to_string())?;
        let mut cells = Vec::new();
        let mut values = Vec::new();
        // Each shared text's value, by where the workbook keeps the text.
        let mut shared: FxHashMap<usize, u32> = FxHashMap::default();
        let mut outside = Vec::new();
        let mut formulas_without_values = Vec::new();
        while let Some(cell) = reader
            .next_cell_with_formula_metadata()
            .map_err(|error| error.to_string())?
        {
            let (row, column) = cell.pos;
            if cell.formula.is_some() && cell.value == DataRef::Empty {
                if column < TABLE_COLUMNS && row < SHEET_ROWS {
                    formulas_without_values.push((row, column));
                } else {
                    outside.push((row, column));
                }
                continue;
            }
            let blank = match &cell.value {
                DataRef::Empty => true,
                DataRef::String(text) => text.trim().is_empty(),
                DataRef::SharedString(text) => text.trim().is_empty(),
                _ => false,
            };
            if blank {
                continue;
            }
            if column >= TABLE_COLUMNS || row >= SHEET_ROWS {
                outside.push((row, column));
            } else {
                let mut add = |value: Data| {
                    values.push(value);
                    (values.len() - 1) as u32
                };
                let value = match cell.value {
                    DataRef::SharedString(text) => *shared
                        .entry(text.as_ptr() as usize)
                        .or_insert_with(|| add(Data::String(text.to_string()))),
                    value => add(Data::from(value)),
                };
                cells.push(((row, column), value));
            }
        }
        drop(reader);
        formulas_without_values.sort_unstable();
        let cells = SheetCells::of_values(cells, values);
        let merged = self
            .xlsx
            .merge_cells_by_sheet_name(name)
            .map_err(|error| error.to_string())?;
        Ok(SheetData {
            place: SheetPlace::sheet(&self.display, name),
            hidden,
            cells,
            outside,
            formulas_without_values,
            merged,
            is_1904: self.xlsx.has_1904_epoch(),
        })
    }
}

/// How far into a workbook's shared strings their first element, with its
/// count, must start.
const SHARED_STRINGS_START: u64 = 1 << 16;

/// The most texts a workbook's shared strings can usefully hold: one for
/// each cell of the columns and rows jaring reads of a sheet.
const MOST_SHARED_STRINGS: u64 = SHEET_ROWS as u64 * TABLE_COLUMNS as u64;

/// Refuses a workbook whose shared strings declare more texts than any
/// sheet jaring reads could use: calamine sets memory aside for as many as
/// declared before reading one, and a count of a trillion in a file of a
/// few bytes ended the build. A file that is no zip is left to calamine,
/// which says why it cannot read it.
fn refuse_impossible_shared_strings(path: &Path) -> Result<(), String> {
    let Ok(file) = File::open(path) else {
        return Ok(());
    };
    let Ok(mut archive) = zip::ZipArchive::new(BufReader::new(file)) else {
        return Ok(());
    };
    for index in 0..archive.len() {
        let Ok(entry) = archive.by_index(index) else {
            continue;
        };
        let shared_strings = entry
            .name()
            .is_ok_and(|name| name.to_ascii_lowercase().ends_with("sharedstrings.xml"));
        if !shared_strings {
            continue;
        }
        // Each text takes at least `<si/>`: a count beyond what the list's
        // size holds is no count Excel wrote either.
        let size = entry.size();
        // The count is an attribute of the first element, at the top of a
        // file Excel wrote; one hidden further down is not looked for.
        let mut start = Vec::new();
        if entry
            .take(SHARED_STRINGS_START)
            .read_to_end(&mut start)
            .is_err()
        {
            continue;
        }
        let refused = match declared_unique_count(&start) {
            Some(Some(count)) if count > MOST_SHARED_STRINGS => Some(format!(
                "its shared strings declare {count} texts, more than the {MOST_SHARED_STRINGS} cells a sheet is read from"
            )),
            Some(Some(count)) if count > size / 5 => Some(format!(
                "its shared strings declare {count} texts, more than their {size} bytes hold"
            )),
            None if start.len() as u64 == SHARED_STRINGS_START => {
                Some("its shared strings do not start with their list".to_string())
            }
            _ => None,
        };
        if let Some(problem) = refused {
            return Err(format!("{problem}: the file was not saved by Excel"));
        }
    }
    Ok(())
}

/// The `uniqueCount` of the `<sst>` element in `xml`, a number too large
/// for 64 bits counting as the largest: Some(None) for an element without
/// one, None when `xml` holds no `<sst>` element.
fn declared_unique_count(xml: &[u8]) -> Option<Option<u64>> {
    let text = String::from_utf8_lossy(xml);
    let element = &text[text.find("<sst")?..];
    let element = &element[..element.find('>').unwrap_or(element.len())];
    let Some(value) = element.split("uniqueCount").nth(1) else {
        return Some(None);
    };
    let digits: String = value
        .trim_start_matches([' ', '=', '"', '\''])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    Some((!digits.is_empty()).then(|| digits.parse().unwrap_or(u64::MAX)))
}

/// A sheet's cells with a value, by their absolute 0-based row and column.
/// Only the cells are kept, not the rectangle they span: a stray value a
/// million rows below a table is one cell more, not a grid of a million
/// rows (a gigabyte).
#[derive(Debug, Default)]
pub struct SheetCells {
    /// Sorted by row, then column; one value a place, by its index in
    /// `values`.
    cells: Vec<((u32, u32), u32)>,
    /// The values, a text the workbook shares between cells (a sector
    /// code in every row) once: copied into each cell, one 32.767-character
    /// text used by 29.000 cells of a 78 KB file took 1,9 GB.
    values: Vec<Data>,
    /// Each row with a value, and where its cells start in `cells`.
    rows: Vec<(u32, usize)>,
    first_column: u32,
    last_column: u32,
}

impl SheetCells {
    /// The cells as the sheet lists them; a place listed twice keeps the
    /// value listed last, as Excel shows it.
    #[cfg(test)]
    pub fn new(cells: Vec<((u32, u32), Data)>) -> SheetCells {
        let (places, values): (Vec<(u32, u32)>, Vec<Data>) = cells.into_iter().unzip();
        let cells = places.into_iter().zip(0..).collect();
        SheetCells::of_values(cells, values)
    }

    /// The cells as the sheet lists them, each naming its value in
    /// `values`; a place listed twice keeps the value listed last.
    pub fn of_values(mut cells: Vec<((u32, u32), u32)>, values: Vec<Data>) -> SheetCells {
        cells.reverse();
        cells.sort_by_key(|&(place, _)| place);
        cells.dedup_by_key(|&mut (place, _)| place);
        let mut rows: Vec<(u32, usize)> = Vec::new();
        for (index, &((row, _), _)) in cells.iter().enumerate() {
            if rows.last().is_none_or(|&(last, _)| last != row) {
                rows.push((row, index));
            }
        }
        let columns = cells.iter().map(|&((_, column), _)| column);
        SheetCells {
            first_column: columns.clone().min().unwrap_or(0),
            last_column: columns.max().unwrap_or(0),
            cells,
            values,
            rows,
        }
    }

    /// The value at `(row, column)`, None for a blank cell.
    pub fn get(&self, (row, column): (u32, u32)) -> Option<&Data> {
        let at = self.rows.binary_search_by_key(&row, |&(row, _)| row).ok()?;
        let start = self.rows[at].1;
        let end = self
            .rows
            .get(at + 1)
            .map_or(self.cells.len(), |&(_, start)| start);
        let in_row = &self.cells[start..end];
        in_row
            .binary_search_by_key(&column, |&((_, column), _)| column)
            .ok()
            .map(|index| &self.values[in_row[index].1 as usize])
    }

    /// The rows with a value, top to bottom.
    pub fn rows(&self) -> impl Iterator<Item = u32> + '_ {
        self.rows.iter().map(|&(row, _)| row)
    }

    /// How many rows hold a value.
    pub fn row_count(&self) -> usize {
        self.rows.len()
    }

    /// The top row and the leftmost column with a value; None for a sheet
    /// without one.
    pub fn start(&self) -> Option<(u32, u32)> {
        let &(row, _) = self.rows.first()?;
        Some((row, self.first_column))
    }

    /// The columns from the leftmost with a value to the rightmost.
    pub fn width(&self) -> usize {
        if self.cells.is_empty() {
            0
        } else {
            (self.last_column - self.first_column) as usize + 1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &str) -> Data {
        Data::String(value.to_string())
    }

    #[test]
    fn cells_are_found_by_place_and_a_place_given_twice_keeps_its_last_value() {
        let cells = SheetCells::new(vec![
            ((3, 2), text("c")),
            ((1, 4), text("a")),
            ((3, 1), text("b")),
            ((1, 4), text("a again")),
        ]);
        assert_eq!(cells.get((1, 4)), Some(&text("a again")));
        assert_eq!(cells.get((3, 1)), Some(&text("b")));
        assert_eq!(cells.get((3, 2)), Some(&text("c")));
        assert_eq!(cells.get((3, 3)), None);
        assert_eq!(cells.get((2, 1)), None);
        assert_eq!(cells.rows().collect::<Vec<_>>(), [1, 3]);
        assert_eq!(cells.start(), Some((1, 1)));
        assert_eq!(cells.width(), 4);
    }

    #[test]
    fn a_value_far_below_the_others_is_one_cell_more() {
        let cells = SheetCells::new(vec![
            ((0, 0), text("year")),
            ((SHEET_ROWS - 1, TABLE_COLUMNS - 1), text("catatan")),
        ]);
        assert_eq!(cells.cells.len(), 2);
        assert_eq!(cells.rows().collect::<Vec<_>>(), [0, SHEET_ROWS - 1]);
        assert_eq!(cells.row_count(), 2);
        assert_eq!(cells.width(), TABLE_COLUMNS as usize);
    }

    #[test]
    fn the_count_of_shared_strings_is_read_from_the_first_element() {
        let count = |xml: &str| declared_unique_count(xml.as_bytes());
        assert_eq!(
            count(r#"<?xml version="1.0"?><sst xmlns="x" count="9" uniqueCount="4"><si>"#),
            Some(Some(4))
        );
        assert_eq!(
            count(r#"<sst uniqueCount="18446744073709551616000">"#),
            Some(Some(u64::MAX))
        );
        assert_eq!(
            count(r#"<sst count="4"><si><t>uniqueCount="9"</t>"#),
            Some(None)
        );
        assert_eq!(count("<worksheet/>"), None);
    }

    #[test]
    fn a_sheet_without_values_has_no_start_and_no_width() {
        let cells = SheetCells::new(Vec::new());
        assert_eq!(cells.start(), None);
        assert_eq!(cells.width(), 0);
        assert_eq!(cells.get((0, 0)), None);
    }
}
