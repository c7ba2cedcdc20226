//! Reading a built workbook back: its cells with calamine (as a spreadsheet
//! program reads them), and what calamine does not expose (notes, drop-down
//! lists, column formats) from the sheet's XML parts.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

/// A workbook read back.
pub struct Workbook {
    bytes: Vec<u8>,
}

impl Workbook {
    pub fn open(path: &Path) -> Workbook {
        Workbook {
            bytes: std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        }
    }

    fn calamine(&self) -> Xlsx<Cursor<Vec<u8>>> {
        open_workbook_from_rs(Cursor::new(self.bytes.clone())).unwrap()
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.calamine().sheet_names()
    }

    /// A sheet's cells from A1, every row as wide as the widest.
    pub fn cells(&self, sheet: &str) -> Vec<Vec<Data>> {
        let range = self.calamine().worksheet_range(sheet).unwrap();
        let (height, width) = match range.end() {
            Some((row, column)) => (row as usize + 1, column as usize + 1),
            None => (0, 0),
        };
        (0..height)
            .map(|row| {
                (0..width)
                    .map(|column| {
                        range
                            .get_value((row as u32, column as u32))
                            .cloned()
                            .unwrap_or(Data::Empty)
                    })
                    .collect()
            })
            .collect()
    }

    /// An XML part of the archive (`xl/workbook.xml`).
    pub fn part(&self, name: &str) -> String {
        let mut archive = zip::ZipArchive::new(Cursor::new(&self.bytes)).unwrap();
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    fn has_part(&self, name: &str) -> bool {
        zip::ZipArchive::new(Cursor::new(&self.bytes))
            .unwrap()
            .by_name(name)
            .is_ok()
    }

    /// The part of a sheet (`xl/worksheets/sheet2.xml`), found by its name.
    fn sheet_part(&self, sheet: &str) -> String {
        let workbook = self.part("xl/workbook.xml");
        let workbook = roxmltree::Document::parse(&workbook).unwrap();
        let id = workbook
            .descendants()
            .find(|node| node.has_tag_name("sheet") && node.attribute("name") == Some(sheet))
            .and_then(|node| {
                node.attributes()
                    .find(|attribute| attribute.name() == "id")
                    .map(|attribute| attribute.value().to_string())
            })
            .unwrap_or_else(|| panic!("no sheet {sheet}"));
        let rels = self.part("xl/_rels/workbook.xml.rels");
        let target = relationship(&rels, |node| node.attribute("Id") == Some(&id)).unwrap();
        match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        }
    }

    /// The notes part of a sheet, when it has notes.
    fn comments_part(&self, sheet: &str) -> Option<String> {
        let part = self.sheet_part(sheet);
        let (folder, file) = part.rsplit_once('/').unwrap();
        let rels = format!("{folder}/_rels/{file}.rels");
        if !self.has_part(&rels) {
            return None;
        }
        let target = relationship(&self.part(&rels), |node| {
            node.attribute("Type")
                .is_some_and(|kind| kind.ends_with("/comments"))
        })?;
        Some(self.part(&format!("xl/{}", target.trim_start_matches("../"))))
    }

    /// Each cell of a sheet that carries a note (`C3`) with the note's
    /// text, in sheet order.
    pub fn notes(&self, sheet: &str) -> Vec<(String, String)> {
        let Some(text) = self.comments_part(sheet) else {
            return Vec::new();
        };
        let document = roxmltree::Document::parse(&text).unwrap();
        document
            .descendants()
            .filter(|node| node.has_tag_name("comment"))
            .map(|node| {
                let text = node
                    .descendants()
                    .filter(|n| n.has_tag_name("t"))
                    .filter_map(|n| n.text())
                    .collect();
                (node.attribute("ref").unwrap().to_string(), text)
            })
            .collect()
    }

    /// A sheet's drop-down lists: the cells they cover and their source.
    pub fn drop_downs(&self, sheet: &str) -> BTreeMap<String, String> {
        let text = self.part(&self.sheet_part(sheet));
        let document = roxmltree::Document::parse(&text).unwrap();
        document
            .descendants()
            .filter(|node| {
                node.has_tag_name("dataValidation") && node.attribute("type") == Some("list")
            })
            .map(|node| {
                let source = node
                    .children()
                    .find(|child| child.has_tag_name("formula1"))
                    .and_then(|formula| formula.text())
                    .unwrap_or_default();
                (
                    node.attribute("sqref").unwrap().to_string(),
                    source.to_string(),
                )
            })
            .collect()
    }

    /// Each cell style of the workbook: its number format (`@` for Text)
    /// and whether it carries the quote prefix that keeps text text.
    fn styles(&self) -> Vec<(String, bool)> {
        let styles = self.part("xl/styles.xml");
        let styles = roxmltree::Document::parse(&styles).unwrap();
        let custom: BTreeMap<&str, &str> = styles
            .descendants()
            .filter(|node| node.has_tag_name("numFmt"))
            .map(|node| {
                (
                    node.attribute("numFmtId").unwrap(),
                    node.attribute("formatCode").unwrap(),
                )
            })
            .collect();
        styles
            .descendants()
            .find(|node| node.has_tag_name("cellXfs"))
            .unwrap()
            .children()
            .filter(|node| node.has_tag_name("xf"))
            .map(|xf| {
                let id = xf.attribute("numFmtId").unwrap_or("0");
                let format = match (id, custom.get(id)) {
                    ("49", _) => "@".to_string(),
                    (_, Some(code)) => code.to_string(),
                    ("0", None) => "General".to_string(),
                    (id, None) => format!("builtin {id}"),
                };
                (format, xf.attribute("quotePrefix") == Some("1"))
            })
            .collect()
    }

    /// The number format of each column of a sheet that has one, by the
    /// column's letter.
    pub fn column_formats(&self, sheet: &str) -> BTreeMap<String, String> {
        let styles = self.styles();
        let text = self.part(&self.sheet_part(sheet));
        let document = roxmltree::Document::parse(&text).unwrap();
        let mut columns = BTreeMap::new();
        for col in document
            .descendants()
            .filter(|node| node.has_tag_name("col"))
        {
            let Some(style) = col.attribute("style") else {
                continue;
            };
            let first: usize = col.attribute("min").unwrap().parse().unwrap();
            let last: usize = col.attribute("max").unwrap().parse().unwrap();
            for column in first..=last {
                let (format, _) = &styles[style.parse::<usize>().unwrap()];
                columns.insert(letter(column - 1), format.clone());
            }
        }
        columns
    }

    /// Each styled cell of a sheet (`C2`) with its style.
    fn cell_styles(&self, sheet: &str) -> Vec<(String, (String, bool))> {
        let styles = self.styles();
        let text = self.part(&self.sheet_part(sheet));
        let document = roxmltree::Document::parse(&text).unwrap();
        document
            .descendants()
            .filter(|node| node.has_tag_name("c"))
            .filter_map(|cell| {
                let style: usize = cell.attribute("s")?.parse().unwrap();
                Some((
                    cell.attribute("r").unwrap().to_string(),
                    styles[style].clone(),
                ))
            })
            .collect()
    }

    /// The number format of each cell of a sheet that has one other than
    /// General, by the cell's name.
    pub fn cell_formats(&self, sheet: &str) -> BTreeMap<String, String> {
        self.cell_styles(sheet)
            .into_iter()
            .filter(|(_, (format, _))| format != "General")
            .map(|(cell, (format, _))| (cell, format))
            .collect()
    }

    /// The cells of a sheet written with the quote prefix, in sheet order.
    pub fn quoted_cells(&self, sheet: &str) -> Vec<String> {
        self.cell_styles(sheet)
            .into_iter()
            .filter(|(_, (_, quoted))| *quoted)
            .map(|(cell, _)| cell)
            .collect()
    }
}

/// The target of the first relationship of a `.rels` part that `pick` picks.
fn relationship(rels: &str, pick: impl Fn(roxmltree::Node) -> bool) -> Option<String> {
    let document = roxmltree::Document::parse(rels).unwrap();
    document
        .descendants()
        .find(|node| pick(*node))
        .and_then(|node| node.attribute("Target"))
        .map(str::to_string)
}

/// A column's letter (0 is A); the tests' sheets are narrower than 26.
pub fn letter(column: usize) -> String {
    char::from(b'A' + column as u8).to_string()
}

/// A cell's name (`C3`) from its 0-based row and column.
pub fn cell_name(row: usize, column: usize) -> String {
    format!("{}{}", letter(column), row + 1)
}

/// A cell's text, when it is a string cell.
pub fn text(cell: &Data) -> Option<&str> {
    match cell {
        Data::String(text) => Some(text),
        _ => None,
    }
}

/// A cell's number, when it is a number cell.
pub fn number(cell: &Data) -> Option<f64> {
    match cell {
        Data::Float(value) => Some(*value),
        Data::Int(value) => Some(*value as f64),
        _ => None,
    }
}
