//! The search index of each language: the words every page shows, gathered
//! from the views it is rendered from, as a script the search page loads.

use crate::render::escape::escape_json_in_script;
use crate::render::views::TableView;
use crate::render::{OutputFile, SiteLanguage};

/// One page in the search index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchEntry {
    /// The page's path in the site, e.g. `en/cakupan/index.html`.
    pub path: String,
    pub title: String,
    pub text: String,
    /// Where each figure's words start in `text` (in UTF-16 code units, as
    /// the search page's script counts them) and the figure's anchor on
    /// the page, empty where words outside the figures start: a result
    /// links to the figure its first match is in.
    pub anchors: Vec<(usize, String)>,
}

/// The words a page shows, gathered from the views it is rendered from
/// rather than scraped back out of its HTML, so no markup can get in.
#[derive(Debug, Default)]
pub struct SearchText {
    words: String,
    /// The length of `words` in UTF-16 code units.
    length: usize,
    anchors: Vec<(usize, String)>,
}

impl SearchText {
    pub fn add(&mut self, text: &str) {
        for word in text.split_whitespace() {
            if !self.words.is_empty() {
                self.push(" ");
            }
            self.push(word);
        }
    }

    fn push(&mut self, text: &str) {
        self.words.push_str(text);
        self.length += text.encode_utf16().count();
    }

    /// The words added next are those of the element `id` names on the page.
    pub fn anchor(&mut self, id: &str) {
        let start = self.length + usize::from(!self.words.is_empty());
        self.anchors.push((start, id.to_string()));
    }

    /// The words added next are in none of the page's figures: a match
    /// there links to the page itself.
    pub fn leave_figures(&mut self) {
        self.anchor("");
    }

    /// A table's caption, headings and shown cells (not the suppression
    /// marks), a row's cells set apart by " · " and each row ended by ";",
    /// so that a result's excerpt reads as rows rather than one run of words.
    pub fn add_table(&mut self, table: &TableView) {
        self.add(&table.caption);
        for header in &table.headers {
            self.add(&header.text);
        }
        for row in &table.rows {
            let cells: Vec<&str> = row
                .iter()
                .filter(|cell| !cell.suppressed && !cell.text.trim().is_empty())
                .map(|cell| cell.text.as_str())
                .collect();
            if !cells.is_empty() {
                self.add(&cells.join(" · "));
                self.push(";");
            }
        }
    }

    pub fn entry(self, path: String, title: &str) -> SearchEntry {
        SearchEntry {
            path,
            title: title.to_string(),
            text: self.words,
            anchors: self.anchors,
        }
    }
}

/// `cari/search-index.js` of a language: every page's title, address
/// (relative to the search page) and text, as a script that sets
/// `window.JARING_SEARCH`; a script rather than JSON so that it loads from
/// `file://` too, where browsers refuse to fetch files.
pub fn search_index(language: &SiteLanguage, pages: &[SearchEntry]) -> OutputFile {
    let entries: Vec<serde_json::Value> = pages
        .iter()
        .map(|page| {
            let url = format!(
                "../{}",
                page.path
                    .strip_prefix(&language.prefix)
                    .unwrap_or(&page.path)
            );
            let mut entry =
                serde_json::json!({ "title": page.title, "url": url, "text": page.text });
            if !page.anchors.is_empty() {
                entry["anchors"] = serde_json::json!(page.anchors);
            }
            entry
        })
        .collect();
    let json = serde_json::to_string(&entries).expect("a JSON value always serialises");
    OutputFile {
        path: format!("{}cari/search-index.js", language.prefix),
        bytes: format!("window.JARING_SEARCH = {};\n", escape_json_in_script(&json)).into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_escapes_what_could_end_its_script() {
        let language = SiteLanguage::new(crate::language::find("id").unwrap(), true);
        let entry = SearchEntry {
            path: "cakupan/index.html".into(),
            title: "</script><script>alert(1)</script>".into(),
            text: "a & b \u{2028}\u{2029} <!--".into(),
            anchors: Vec::new(),
        };
        let index = search_index(&language, &[entry]);
        let script = String::from_utf8(index.bytes).unwrap();
        assert_eq!(
            script,
            "window.JARING_SEARCH = [{\"title\":\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\",\"url\":\"../cakupan/index.html\",\"text\":\"a \\u0026 b \\u2028\\u2029 \\u003c!--\"}];\n"
        );
        let json = script
            .strip_prefix("window.JARING_SEARCH = ")
            .and_then(|rest| rest.strip_suffix(";\n"))
            .unwrap();
        let parsed: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(parsed[0]["title"], "</script><script>alert(1)</script>");
        assert_eq!(parsed[0]["text"], "a & b \u{2028}\u{2029} <!--");
    }

    #[test]
    fn a_figures_anchor_starts_at_its_first_word_counted_as_the_script_counts() {
        let mut search = SearchText::default();
        search.add("Ringkasan: Rp670.680.000 – 3.450 pekerja 🙂 dijamin");
        search.anchor("coverage_by_sector");
        search.add("Peserta menurut sektor");
        let entry = search.entry("cakupan/index.html".into(), "Cakupan");
        let [(start, id)] = entry.anchors.as_slice() else {
            panic!("{:?}", entry.anchors)
        };
        assert_eq!(id, "coverage_by_sector");
        // JavaScript indexes strings by UTF-16 code unit: the emoji is two.
        let units: Vec<u16> = entry.text.encode_utf16().collect();
        assert_eq!(
            String::from_utf16(&units[*start..]).unwrap(),
            "Peserta menurut sektor"
        );
        let mut first = SearchText::default();
        first.anchor("a");
        first.add("x");
        first.leave_figures();
        assert_eq!(first.anchors, [(0, "a".to_string()), (2, String::new())]);
    }

    #[test]
    fn a_tables_rows_are_set_apart_in_the_text() {
        use crate::render::views::CellView;
        let cell = |text: &str| CellView::text(text);
        let table = TableView {
            caption: "Peserta".into(),
            headers: Vec::new(),
            rows: vec![
                vec![cell("Cibeber"), cell("1.234"), cell("1.250")],
                vec![cell("Maja"), CellView::suppressed("*")],
            ],
        };
        let mut search = SearchText::default();
        search.add_table(&table);
        assert_eq!(
            search.entry(String::new(), "").text,
            "Peserta Cibeber · 1.234 · 1.250; Maja;"
        );
    }
}
