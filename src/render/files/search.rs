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
}

/// The words a page shows, gathered from the views it is rendered from
/// rather than scraped back out of its HTML, so no markup can get in.
#[derive(Debug, Default)]
pub struct SearchText {
    words: String,
}

impl SearchText {
    pub fn add(&mut self, text: &str) {
        for word in text.split_whitespace() {
            if !self.words.is_empty() {
                self.words.push(' ');
            }
            self.words.push_str(word);
        }
    }

    /// A table's caption, headings and shown cells (not the suppression marks).
    pub fn add_table(&mut self, table: &TableView) {
        self.add(&table.caption);
        for header in &table.headers {
            self.add(&header.text);
        }
        for cell in table.rows.iter().flatten().filter(|cell| !cell.suppressed) {
            self.add(&cell.text);
        }
    }

    pub fn entry(self, path: String, title: &str) -> SearchEntry {
        SearchEntry {
            path,
            title: title.to_string(),
            text: self.words,
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
            serde_json::json!({ "title": page.title, "url": url, "text": page.text })
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
}
