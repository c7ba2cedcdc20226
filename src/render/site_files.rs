//! The files around the pages that make the site findable and shareable:
//! the search index, robots.txt and sitemap.xml, the Atom feed of data
//! releases, the share image, and one zip of all the data.

use std::io::Write;

use plotters::style::FontStyle;
use plotters::style::text_anchor::{HPos, VPos};
use sha2::{Digest, Sha256};

use super::charts::{Pen, render_png};
use super::data_files::DataTable;
use super::escape::{escape_json_in_script, escape_xml};
use super::figures::{Figure, TableView};
use super::{Language, OutputFile, RenderContext, strings::Strings};
use crate::model::Model;

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

    pub fn add_figure(&mut self, figure: &Figure) {
        self.add(&figure.label);
        self.add(&figure.title);
        self.add(&figure.takeaway);
        self.add(figure.suppressed_note.as_deref().unwrap_or_default());
        self.add_table(&figure.table);
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
pub fn search_index(language: &Language, pages: &[SearchEntry]) -> OutputFile {
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

pub fn robots(model: &Model) -> OutputFile {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if !model.config.base_url.is_empty() {
        text.push_str(&format!("Sitemap: {}/sitemap.xml\n", model.config.base_url));
    }
    OutputFile {
        path: "robots.txt".into(),
        bytes: text.into_bytes(),
    }
}

/// Every page's address; only with a `base_url`, since sitemaps need full addresses.
pub fn sitemap(model: &Model, pages: &[String]) -> Option<OutputFile> {
    if model.config.base_url.is_empty() {
        return None;
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in pages.iter().filter(|p| p.ends_with("index.html")) {
        let address = page.strip_suffix("index.html").unwrap_or(page);
        xml.push_str(&format!(
            "  <url><loc>{}</loc><lastmod>{}</lastmod></url>\n",
            escape_xml(&format!("{}/{address}", model.config.base_url)),
            model.program.as_of
        ));
    }
    xml.push_str("</urlset>\n");
    Some(OutputFile {
        path: "sitemap.xml".into(),
        bytes: xml.into_bytes(),
    })
}

/// An Atom feed of data releases, one entry per `as_of`: readers subscribe
/// and learn when new data is published.
pub fn feed(context: &RenderContext) -> OutputFile {
    let (model, strings, locale, language) = (
        context.model,
        context.strings,
        context.locale,
        context.language,
    );
    let summary = &model.summary;
    let base = if model.config.base_url.is_empty() {
        String::new()
    } else {
        format!("{}/", model.config.base_url)
    };
    let site_url = format!("{base}{}", language.prefix);
    let id = |what: &str| {
        let digest = Sha256::digest(format!(
            "{}|{}|{what}",
            model.program.name, model.program.region
        ));
        let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        format!(
            "urn:uuid:{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    };
    let date = locale.date(model.program.as_of);
    let updated = format!("{}T00:00:00Z", model.program.as_of);
    let title = strings.fill("feed.title", &[("program", &model.program.name)]);
    let entry_title = strings.fill("feed.entry_title", &[("date", &date)]);
    let entry_summary = strings.fill(
        "feed.entry_summary",
        &[
            ("members", &locale.count(summary.members_current)),
            ("paid", &locale.money(summary.paid)),
            (
                "pct",
                &summary
                    .paid_pct
                    .map(|p| locale.percent(p))
                    .unwrap_or_default(),
            ),
            ("claims", &locale.count(summary.claims_paid)),
        ],
    );
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{title}</title>\n  <id>{feed_id}</id>\n  <updated>{updated}</updated>\n  <author><name>{author}</name></author>\n  <link rel=\"alternate\" href=\"{site}index.html\"/>\n  <entry>\n    <title>{entry_title}</title>\n    <id>{entry_id}</id>\n    <updated>{updated}</updated>\n    <link rel=\"alternate\" href=\"{site}data/index.html\"/>\n    <summary>{entry_summary}</summary>\n  </entry>\n</feed>\n",
        lang = language.code,
        title = escape_xml(&title),
        feed_id = id(&format!("feed-{}", language.code)),
        entry_id = id(&format!(
            "release-{}-{}",
            model.program.as_of, language.code
        )),
        author = escape_xml(&model.program.administrator),
        site = escape_xml(&site_url),
        entry_title = escape_xml(&entry_title),
        entry_summary = escape_xml(&entry_summary),
    );
    OutputFile {
        path: format!("{}feed.xml", language.prefix),
        bytes: xml.into_bytes(),
    }
}

/// The image shown when a page is shared (Open Graph): the program and its
/// headline figures, 1200 × 630 px.
pub fn share_image(context: &RenderContext) -> Vec<u8> {
    let (model, strings, locale) = (context.model, context.strings, context.locale);
    let summary = &model.summary;
    let accent = plotters::style::RGBColor(0x1f, 0x5f, 0x99);
    let dark = plotters::style::RGBColor(0x1a, 0x1a, 0x1a);
    let figures = [
        (
            locale.count(summary.members_current),
            strings.get("share.members"),
        ),
        (locale.money(summary.paid), strings.get("share.paid")),
        (
            locale.count(summary.claims_paid),
            strings.get("share.claims"),
        ),
    ];
    render_png(1200, 630, |area| {
        let pen = Pen {
            area,
            scale: 1.0,
            bitmap: true,
        };
        pen.styled_text(
            &model.program.region,
            (60.0, 50.0),
            30.0,
            accent,
            (HPos::Left, VPos::Top),
            FontStyle::Bold,
        );
        for (index, line) in wrap(&model.program.name, 42).iter().take(2).enumerate() {
            pen.styled_text(
                line,
                (60.0, 100.0 + index as f64 * 45.0),
                34.0,
                dark,
                (HPos::Left, VPos::Top),
                FontStyle::Bold,
            );
        }
        let as_of = strings.fill(
            "site.data_as_of",
            &[("date", &locale.date(model.program.as_of))],
        );
        pen.text(&as_of, (60.0, 205.0), 26.0, dark, (HPos::Left, VPos::Top));
        for (index, (value, label)) in figures.iter().enumerate() {
            let y = 270.0 + index as f64 * 112.0;
            pen.styled_text(
                value,
                (60.0, y),
                54.0,
                accent,
                (HPos::Left, VPos::Top),
                FontStyle::Bold,
            );
            pen.text(label, (60.0, y + 64.0), 26.0, dark, (HPos::Left, VPos::Top));
        }
    })
}

/// Words in lines of at most `width` characters (a longer word gets a line of its own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// `data/data-AS_OF.zip`: every published data file and a README with the
/// data dictionary, licence and how to cite, in each language of the site.
/// Entries are sorted and dated `as_of`, so the archive is reproducible.
pub fn data_zip(
    model: &Model,
    tables: &[DataTable],
    data_files: &[OutputFile],
    languages: &[Language],
) -> OutputFile {
    let (year, month, day) = model.program.as_of.parts();
    let dated = zip::DateTime::from_date_and_time(
        year.clamp(1980, 2107) as u16,
        month as u8,
        day as u8,
        0,
        0,
        0,
    )
    .unwrap_or_default();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(dated)
        .unix_permissions(0o644);
    let folder = format!("data-{}", model.program.as_of);
    let mut entries: Vec<(String, Vec<u8>)> = data_files
        .iter()
        .filter_map(|file| {
            Some((
                format!("{folder}/{}", file.path.strip_prefix("data/")?),
                file.bytes.clone(),
            ))
        })
        .collect();
    entries.push((
        format!("{folder}/README.txt"),
        readme(model, tables, languages).into_bytes(),
    ));
    entries.sort();
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        writer
            .start_file(name, options)
            .expect("writing a zip to memory cannot fail");
        writer
            .write_all(&bytes)
            .expect("writing a zip to memory cannot fail");
    }
    let bytes = writer
        .finish()
        .expect("writing a zip to memory cannot fail")
        .into_inner();
    OutputFile {
        path: format!("data/{folder}.zip"),
        bytes,
    }
}

fn readme(model: &Model, tables: &[DataTable], languages: &[Language]) -> String {
    let mut text = String::new();
    for language in languages {
        let strings = Strings::of(language.code).expect("site languages have strings");
        let locale =
            super::locale::Locale::of(language.code).expect("site languages have a locale");
        let program = &model.program;
        text.push_str(&strings.fill("zip.readme_title", &[("program", &program.name)]));
        text.push_str("\n\n");
        text.push_str(strings.get("zip.intro"));
        text.push_str("\n\n");
        text.push_str(&match &model.config.license {
            Some(license) => strings.fill("zip.licence", &[("license", license)]),
            None => strings.get("zip.licence_missing").to_string(),
        });
        text.push('\n');
        text.push_str(&strings.fill(
            "zip.cite",
            &[
                ("administrator", &program.administrator),
                ("program", &program.name),
                ("date", &locale.date(program.as_of)),
            ],
        ));
        text.push_str("\n\n");
        text.push_str(strings.get("zip.dictionary"));
        text.push('\n');
        for table in tables {
            text.push_str(&format!(
                "\n{}.csv: {}\n",
                table.name,
                strings.get(&format!("files.{}.title", table.name))
            ));
            for column in &table.columns {
                text.push_str(&format!(
                    "  {} ({}): {}. {}\n",
                    column.name,
                    column.kind.frictionless(),
                    strings.get(&format!("columns.{}.meaning", column.name)),
                    strings.get(&format!("columns.{}.definition", column.name))
                ));
            }
        }
        text.push_str("\n\n");
    }
    text.trim_end().to_string() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_words_into_lines() {
        assert_eq!(
            wrap(
                "Perlindungan Jaminan Sosial Ketenagakerjaan Pekerja Rentan",
                42
            ),
            [
                "Perlindungan Jaminan Sosial",
                "Ketenagakerjaan Pekerja Rentan"
            ]
        );
    }

    #[test]
    fn the_index_escapes_what_could_end_its_script() {
        let language = Language {
            code: "id",
            prefix: String::new(),
            name: "Bahasa Indonesia".into(),
        };
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
