//! `.xlsx` workbooks read with calamine: which sheet holds a table, and the
//! sheet's cells (the cached values of formulas, as Excel last computed
//! them) with its merged regions.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::{Cell, Data, DataRef, Dimensions, Range, Reader, SheetType, SheetVisible, Xlsx};

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
/// grid, which holds every cell of the rectangle its values span (16.384
/// columns of a million rows would not fit in memory), but reported at its
/// cell.
pub const TABLE_COLUMNS: u32 = 32;

/// Excel's rows: a cell below them is from no sheet Excel wrote.
pub const SHEET_ROWS: u32 = 1 << 20;

/// A sheet's cells, read whole.
#[derive(Debug)]
pub struct SheetData {
    pub place: SheetPlace,
    pub hidden: bool,
    /// The cells with a value, at their absolute place in the sheet, in the
    /// rectangle they span; blank cells (empty, or spaces only) are left out.
    pub cells: Range<Data>,
    /// Cells with a value right of [`TABLE_COLUMNS`] or below Excel's last
    /// row, absolute and 0-based: not in `cells`.
    pub outside: Vec<(u32, u32)>,
    /// Regions of merged cells, absolute and 0-based.
    pub merged: Vec<Dimensions>,
    /// Dates count from 1904 rather than 1900 (old Mac workbooks).
    pub is_1904: bool,
}

impl Workbook {
    /// Opens `root/relative`; the error as a message when it is not a
    /// workbook jaring can read.
    pub fn open(root: &Path, relative: &str) -> Result<Workbook, String> {
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

    /// The worksheet named `name`, case and surrounding spaces ignored as
    /// Excel ignores them when it compares sheet names.
    pub fn sheet_named(&self, name: &str) -> Option<&SheetInfo> {
        self.sheets
            .iter()
            .find(|sheet| sheet.cells && sheet.name.trim().eq_ignore_ascii_case(name))
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
        let mut outside = Vec::new();
        while let Some(cell) = reader.next_cell().map_err(|error| error.to_string())? {
            let blank = match cell.get_value() {
                DataRef::Empty => true,
                DataRef::String(text) => text.trim().is_empty(),
                DataRef::SharedString(text) => text.trim().is_empty(),
                _ => false,
            };
            if blank {
                continue;
            }
            let (row, column) = cell.get_position();
            if column >= TABLE_COLUMNS || row >= SHEET_ROWS {
                outside.push((row, column));
            } else {
                cells.push(Cell::new(
                    (row, column),
                    Data::from(cell.get_value().clone()),
                ));
            }
        }
        drop(reader);
        let cells = Range::from_sparse(cells);
        let merged = self
            .xlsx
            .merge_cells_by_sheet_name(name)
            .map_err(|error| error.to_string())?;
        Ok(SheetData {
            place: SheetPlace::sheet(&self.display, name),
            hidden,
            cells,
            outside,
            merged,
            is_1904: self.xlsx.has_1904_epoch(),
        })
    }
}
