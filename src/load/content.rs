//! `content/*.md` (narrative with TOML front matter) and `templates/` (the
//! site's own templates, layered over the built-in ones).

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;
use walkdir::WalkDir;

use super::config::parse_toml_at;
use super::values::{forbidden_character, is_line_break};
use crate::calendar::Date;
use crate::diag::{Diagnostic, Diagnostics, Place};
use crate::text::acts_instead_of_showing;
use crate::text::mask::mask;
use crate::text::personal_data::find_personal_value;

/// The content file of the annual report (`laporan.md`, translated as
/// `laporan.en.md`): the only page with a foreword.
pub const REPORT_CONTENT: &str = "laporan";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// `content/metodologi.md`
    pub path: String,
    /// The file name without `.md`: `_index`, `metodologi`, `cakupan`...
    pub name: String,
    pub title: String,
    pub description: String,
    /// Markdown after the front matter.
    pub body: String,
    /// Lines of the file before the body, to report body problems at their line.
    pub body_offset_lines: usize,
    /// The report's foreword, from the front matter of its content file.
    pub foreword: Option<Foreword>,
}

/// The annual report's foreword, signed by the head of the agency: name
/// and title as text, never a signature image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Foreword {
    /// Plain text; a blank line starts a new paragraph.
    pub text: String,
    pub name: String,
    /// The signer's title, e.g. the head of the agency.
    pub position: String,
    /// Where and when it was signed.
    pub place: Option<String>,
    pub date: Option<Date>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    #[serde(default)]
    description: String,
    foreword: Option<RawForeword>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForeword {
    text: Spanned<String>,
    name: Spanned<String>,
    position: Spanned<String>,
    place: Option<Spanned<String>>,
    date: Option<Spanned<toml::Value>>,
}

pub fn load_pages(root: &Path, diagnostics: &mut Diagnostics) -> Vec<Page> {
    let folder = root.join("content");
    let mut pages = Vec::new();
    for entry in WalkDir::new(&folder)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
    {
        let Ok(entry) = entry else { continue };
        let file_name = entry.file_name().to_string_lossy().to_string();
        let Some(name) = file_name.strip_suffix(".md") else {
            continue;
        };
        let path = format!("content/{file_name}");
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => {
                refuse_personal_data(&path, text.trim_start_matches('\u{feff}'), diagnostics);
                if let Some(page) = parse_page(&path, name, &text, diagnostics) {
                    pages.push(page);
                }
            }
            Err(error) => diagnostics.push(
                Diagnostic::error(Place::file(&path), format!("cannot read the file: {error}"))
                    .with_hint("save it as UTF-8"),
            ),
        }
    }
    pages
}

pub fn parse_page(
    path: &str,
    name: &str,
    text: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Page> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let starts_with_fence = lines.next().is_some_and(|line| line.trim_end() == "+++");
    if !starts_with_fence {
        diagnostics.push(
            Diagnostic::error(Place::position(path, 1, 1), "the page has no front matter")
                .with_hint("start the file with +++, a line title = \"...\", and +++"),
        );
        return None;
    }
    let mut front_matter = String::new();
    let mut consumed_lines = 1;
    let mut closed = false;
    for line in lines.by_ref() {
        consumed_lines += 1;
        if line.trim_end() == "+++" {
            closed = true;
            break;
        }
        front_matter.push_str(line);
    }
    if !closed {
        diagnostics.push(
            Diagnostic::error(
                Place::position(path, 1, 1),
                "the front matter is not closed",
            )
            .with_hint("end it with a line holding only +++"),
        );
        return None;
    }
    let meta: FrontMatter = parse_toml_at(path, &front_matter, 1, diagnostics)?;
    let body: String = lines.collect();
    refuse_front_matter_values(path, &front_matter, &meta, diagnostics);
    refuse_control_characters(path, text, diagnostics);
    let errors_before = diagnostics.error_count();
    let foreword = meta
        .foreword
        .map(|raw| foreword(path, name, &front_matter, raw, diagnostics));
    (diagnostics.error_count() == errors_before).then(|| Page {
        path: path.to_string(),
        name: name.to_string(),
        title: meta.title,
        description: meta.description,
        body,
        body_offset_lines: consumed_lines,
        foreword,
    })
}

/// The foreword of the report's content file, its values checked as the
/// title's are: no personal data, no control characters (line breaks only
/// between paragraphs of its text), nothing required left empty.
fn foreword(
    path: &str,
    name: &str,
    front_matter: &str,
    raw: RawForeword,
    diagnostics: &mut Diagnostics,
) -> Foreword {
    // The front matter starts on the file's second line.
    let mut error = |span: std::ops::Range<usize>, message: String, hint: &str| {
        let mut diagnostic =
            Diagnostic::error_at(path, front_matter, span, message).with_hint(hint);
        diagnostic.place.move_down(1);
        diagnostics.push(diagnostic);
    };
    let base = name.split('.').next().unwrap_or(name);
    if base != REPORT_CONTENT {
        error(
            raw.text.span(),
            "only the report's page has a foreword".to_string(),
            "move [foreword] to content/laporan.md (or a translation such as laporan.en.md)",
        );
    }
    let hidden_by_escapes = find_personal_value(front_matter).is_none();
    let mut check = |key: &str, value: &Spanned<String>, paragraphs: bool| {
        if value.get_ref().trim().is_empty() {
            error(
                value.span(),
                format!("foreword.{key} is empty"),
                "write it, or remove [foreword] for a report without one",
            );
        }
        if let Some(found) = find_personal_value(value.get_ref()).filter(|_| hidden_by_escapes) {
            let shown = mask(&value.get_ref()[found.start..found.end], found.kind);
            error(
                value.span(),
                format!("foreword.{key} holds {}: '{shown}'", found.kind.describe()),
                "remove it: jaring publishes no personal data",
            );
        }
        let line_break = |character: char| paragraphs && is_line_break(character);
        if let Some(character) = value
            .get_ref()
            .chars()
            .find(|&character| acts_instead_of_showing(character) && !line_break(character))
        {
            error(
                value.span(),
                format!(
                    "foreword.{key} holds a control character (U+{:04X})",
                    u32::from(character)
                ),
                if paragraphs {
                    "remove it: the foreword is plain text, a blank line between paragraphs"
                } else {
                    "remove it: the signer's name, title and place are one line of plain text"
                },
            );
        }
    };
    check("text", &raw.text, true);
    check("name", &raw.name, false);
    check("position", &raw.position, false);
    if let Some(place) = &raw.place {
        check("place", place, false);
    }
    let date = raw.date.and_then(|date| {
        let parsed = match date.get_ref() {
            toml::Value::String(text) => Date::parse(text),
            toml::Value::Datetime(datetime)
                if datetime.time.is_none() && datetime.offset.is_none() =>
            {
                Date::parse(&datetime.to_string())
            }
            _ => None,
        };
        if parsed.is_none() {
            error(
                date.span(),
                "foreword.date is not a date".to_string(),
                "write the day it was signed as 2026-11-09",
            );
        }
        parsed
    });
    Foreword {
        text: raw.text.into_inner(),
        name: raw.name.into_inner(),
        position: raw.position.into_inner(),
        place: raw.place.map(Spanned::into_inner),
        date,
    }
}

/// Checks the front matter's values as TOML reads them: an escape such as
/// `\u0033` hides a digit from the check of the file as written, and the
/// title is published on the page, in its `<title>` and in the report.
fn refuse_front_matter_values(
    path: &str,
    front_matter: &str,
    meta: &FrontMatter,
    diagnostics: &mut Diagnostics,
) {
    // What the file shows as written is reported by the file's own check.
    let hidden_by_escapes = find_personal_value(front_matter).is_none();
    for (key, value) in [("title", &meta.title), ("description", &meta.description)] {
        // The front matter starts on the file's second line.
        let line = front_matter
            .lines()
            .position(|line| line.trim_start().starts_with(key))
            .map_or(1, |index| index + 2);
        if let Some(found) = find_personal_value(value).filter(|_| hidden_by_escapes) {
            let shown = mask(&value[found.start..found.end], found.kind);
            diagnostics.push(
                Diagnostic::error(
                    Place::position(path, line, 1),
                    format!("{key} holds {}: '{shown}'", found.kind.describe()),
                )
                .with_hint("remove it: jaring publishes no personal data"),
            );
        }
        if let Some(character) = forbidden_character(value) {
            diagnostics.push(
                Diagnostic::error(
                    Place::position(path, line, 1),
                    format!(
                        "{key} holds a line break or another control character (U+{:04X})",
                        u32::from(character)
                    ),
                )
                .with_hint("remove it: titles and descriptions are one line of plain text"),
            );
        }
    }
}

/// Reports invisible direction overrides and control characters other than
/// line breaks and tabs in a page: they would turn the text around them
/// backwards on the page.
fn refuse_control_characters(path: &str, text: &str, diagnostics: &mut Diagnostics) {
    for (start, character) in text.char_indices() {
        if is_line_break(character) || character == '\t' || !acts_instead_of_showing(character) {
            continue;
        }
        diagnostics.push(
            Diagnostic::error_at(
                path,
                text,
                start..start + character.len_utf8(),
                format!(
                    "the page holds an invisible control character (U+{:04X})",
                    u32::from(character)
                ),
            )
            .with_hint("delete it; if it came with text pasted from elsewhere, retype that text"),
        );
    }
}

/// An SVG file with its geometry (path data, points, view box, transforms)
/// blanked out, positions kept: runs of coordinates are not numbers a
/// person reads, while its text, titles and comments are published.
fn without_svg_geometry(svg: &str) -> String {
    let mut blanked = svg.to_string();
    for attribute in [" d=\"", " points=\"", " viewBox=\"", " transform=\""] {
        let mut from = 0;
        while let Some(start) = blanked[from..]
            .find(attribute)
            .map(|at| from + at + attribute.len())
        {
            let end = blanked[start..]
                .find('"')
                .map_or(blanked.len(), |at| start + at);
            let spaces = " ".repeat(end - start);
            blanked.replace_range(start..end, &spaces);
            from = end;
        }
    }
    blanked
}

/// Reports every ID number, phone number and e-mail address in a page or a
/// template, masked, at its place: their text is published as it stands.
fn refuse_personal_data(path: &str, text: &str, diagnostics: &mut Diagnostics) {
    let mut offset = 0;
    while let Some(found) = find_personal_value(&text[offset..]) {
        let range = offset + found.start..offset + found.end;
        let shown = mask(&text[range.clone()], found.kind);
        let message = format!("this looks like {}: '{shown}'", found.kind.describe());
        diagnostics.push(
            Diagnostic::error_at(path, text, range.clone(), message).with_hint(
                "remove it: jaring publishes no personal data, not even a public contact's \
                 number or address; link to the agency's own contact page instead",
            ),
        );
        offset = range.end;
    }
}

/// A template file of the site: its name relative to `templates/` and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateFile {
    pub name: String,
    pub text: String,
}

pub fn load_templates(root: &Path, diagnostics: &mut Diagnostics) -> Vec<TemplateFile> {
    let folder = root.join("templates");
    let mut templates = Vec::new();
    for entry in WalkDir::new(&folder)
        .min_depth(1)
        .follow_links(true)
        .sort_by_file_name()
    {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() {
            continue;
        }
        let name = super::links::shown_path(&folder, entry.path());
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => {
                let published = if name.ends_with(".svg") {
                    without_svg_geometry(&text)
                } else {
                    text.clone()
                };
                refuse_personal_data(&format!("templates/{name}"), &published, diagnostics);
                templates.push(TemplateFile { name, text });
            }
            Err(error) => diagnostics.push(Diagnostic::error(
                Place::file(format!("templates/{name}")),
                format!("cannot read the file: {error}"),
            )),
        }
    }
    templates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let mut diagnostics = Diagnostics::default();
        let page = parse_page(
            "content/x.md",
            "x",
            "+++\ntitle = \"Judul\"\n+++\n## Isi\n",
            &mut diagnostics,
        )
        .unwrap();
        assert_eq!(page.title, "Judul");
        assert_eq!(page.body, "## Isi\n");
        assert_eq!(page.body_offset_lines, 3);
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn the_report_page_reads_its_foreword() {
        let mut diagnostics = Diagnostics::default();
        let page = parse_page(
            "content/laporan.md",
            "laporan",
            "+++\ntitle = \"L\"\n[foreword]\ntext = \"\"\"\nSatu.\n\nDua.\n\"\"\"\nname = \"N\"\nposition = \"Kepala\"\ndate = 2026-11-09\n+++\n",
            &mut diagnostics,
        )
        .unwrap();
        assert!(diagnostics.is_empty());
        assert_eq!(
            page.foreword,
            Some(Foreword {
                text: "Satu.\n\nDua.\n".into(),
                name: "N".into(),
                position: "Kepala".into(),
                place: None,
                date: Date::parse("2026-11-09"),
            })
        );
    }

    #[test]
    fn a_foreword_line_holds_no_control_character_even_escaped() {
        let mut diagnostics = Diagnostics::default();
        let text = "+++\ntitle = \"L\"\n[foreword]\ntext = \"Satu.\\nDua.\"\nname = \"N\\u0007\"\nposition = \"Kepala\\nDinas\"\n+++\n";
        assert!(
            parse_page(
                "content/laporan.en.md",
                "laporan.en",
                text,
                &mut diagnostics
            )
            .is_none()
        );
        let problems: Vec<String> = diagnostics
            .sorted()
            .iter()
            .map(|d| d.to_string().lines().next().unwrap().to_string())
            .collect();
        assert_eq!(
            problems,
            [
                "content/laporan.en.md:5:8: error: foreword.name holds a control character (U+0007)",
                "content/laporan.en.md:6:12: error: foreword.position holds a control character (U+000A)",
            ]
        );
    }

    #[test]
    fn reports_front_matter_errors_at_the_file_line() {
        let mut diagnostics = Diagnostics::default();
        assert!(
            parse_page(
                "content/x.md",
                "x",
                "+++\ntitle = \"A\"\ncolour = 1\n+++\n",
                &mut diagnostics
            )
            .is_none()
        );
        let message = diagnostics.sorted()[0].to_string();
        assert!(
            message.starts_with("content/x.md:3:1: error: unknown field `colour`"),
            "{message}"
        );
        let mut diagnostics = Diagnostics::default();
        assert!(parse_page("content/x.md", "x", "# no front matter\n", &mut diagnostics).is_none());
        assert!(
            diagnostics.sorted()[0]
                .to_string()
                .starts_with("content/x.md:1:1: error: the page has no front matter")
        );
    }

    #[test]
    fn finds_personal_data_in_front_matter_and_body_masked() {
        let mut diagnostics = Diagnostics::default();
        refuse_personal_data(
            "content/kontak.md",
            "+++\ntitle = \"Hubungi 0812 3456 7890\"\n+++\nTulis ke  humas＠lebakkab.go.id\natau NIK 3602\u{a0}0415\u{a0}0788\u{a0}0001.\n",
            &mut diagnostics,
        );
        let problems: Vec<String> = diagnostics.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            problems,
            [
                "content/kontak.md:2:18: error: this looks like a phone number: '0812 **** ****'",
                "content/kontak.md:4:11: error: this looks like an e-mail address: 'h*******************'",
                "content/kontak.md:5:10: error: this looks like an ID number (NIK, KK, NPWP, KPJ): '3602***************'",
            ]
            .map(|problem| format!(
                "{problem}\n  hint: remove it: jaring publishes no personal data, not even a public contact's number or address; link to the agency's own contact page instead"
            ))
        );
    }
}
