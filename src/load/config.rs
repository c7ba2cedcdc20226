//! `site.toml` (how the site is published) and `data/program.toml` (what the
//! program is), checked field by field with the place of each problem.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::personal_data;
use crate::calendar::{Date, Month};
use crate::diag::{Diagnostic, Diagnostics, line_column};

pub const SITE_FILE: &str = "site.toml";
pub const PROGRAM_FILE: &str = "data/program.toml";

/// Benefit codes jaring knows how to describe; the contract may add more.
pub const KNOWN_BENEFITS: [&str; 2] = ["JKK", "JKM"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteConfig {
    pub title: String,
    /// Absolute address where the site is published, without a trailing
    /// slash; empty when unknown. Pages link relatively either way.
    pub base_url: String,
    pub languages: Vec<String>,
    pub min_cell: u64,
    pub extra_columns: Vec<String>,
    /// The licence of the published data, e.g. `CC-BY-4.0`; None when not stated.
    pub license: Option<String>,
    /// Whether raw HTML in content pages is published as markup (else as text).
    pub allow_raw_html: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    title: Spanned<String>,
    #[serde(default = "empty_spanned")]
    base_url: Spanned<String>,
    #[serde(default = "default_languages")]
    languages: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    license: Option<String>,
    #[serde(default)]
    allow_raw_html: bool,
    #[serde(default)]
    privacy: RawPrivacy,
    #[serde(default)]
    data: RawData,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrivacy {
    #[serde(default = "default_min_cell")]
    min_cell: Spanned<i64>,
}

impl Default for RawPrivacy {
    fn default() -> Self {
        RawPrivacy {
            min_cell: default_min_cell(),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawData {
    #[serde(default)]
    extra_columns: Vec<String>,
}

/// Languages the site can be written in; the first listed is the main one.
pub const SUPPORTED_LANGUAGES: [&str; 2] = ["id", "en"];

fn default_languages() -> Spanned<Vec<Spanned<String>>> {
    Spanned::new(0..0, vec![Spanned::new(0..0, "id".to_string())])
}

fn empty_spanned() -> Spanned<String> {
    Spanned::new(0..0, String::new())
}

fn default_min_cell() -> Spanned<i64> {
    Spanned::new(0..0, 5)
}

/// The smallest threshold the contract allows: below it a published cell
/// would identify too few people to protect anyone.
pub const MIN_CELL_FLOOR: i64 = 3;

pub fn load_site_config(root: &Path, diagnostics: &mut Diagnostics) -> Option<SiteConfig> {
    let text = read(root, SITE_FILE, diagnostics)?;
    let raw: RawSite = parse_toml(SITE_FILE, &text, diagnostics)?;
    let errors_before = diagnostics.error_count();
    refuse_personal_data(SITE_FILE, &text, &raw.title, diagnostics);
    let mut error = |span: std::ops::Range<usize>, message: String, hint: &str| {
        diagnostics.push(Diagnostic::error_at(SITE_FILE, &text, span, message).with_hint(hint));
    };
    let mut seen: Vec<&str> = Vec::new();
    for language in raw.languages.get_ref() {
        let code = language.get_ref().as_str();
        if !SUPPORTED_LANGUAGES.contains(&code) {
            error(
                language.span(),
                format!("language '{code}' is not available"),
                &format!("jaring can write: {}", SUPPORTED_LANGUAGES.join(", ")),
            );
        } else if seen.contains(&code) {
            error(
                language.span(),
                format!("language '{code}' is listed twice"),
                "list each language once",
            );
        }
        seen.push(code);
    }
    if raw.languages.get_ref().is_empty() {
        error(
            raw.languages.span(),
            "languages is empty".to_string(),
            "list the site's languages, the main one first, e.g. [\"id\", \"en\"]",
        );
    }
    let base_url = raw.base_url.get_ref().trim_end_matches('/');
    if !(base_url.is_empty() || base_url.starts_with("https://") || base_url.starts_with("http://"))
    {
        error(
            raw.base_url.span(),
            format!("base_url '{base_url}' is not an address"),
            "write the full address, e.g. \"https://disnaker.lebakkab.go.id/data\", or leave it empty",
        );
    }
    let min_cell = *raw.privacy.min_cell.get_ref();
    if min_cell < MIN_CELL_FLOOR {
        error(
            raw.privacy.min_cell.span(),
            format!(
                "[privacy] min_cell is {min_cell}, below the allowed minimum of {MIN_CELL_FLOOR}"
            ),
            "use 5 (the default) or more; smaller cells could identify people",
        );
    }
    if diagnostics.error_count() > errors_before {
        return None;
    }
    Some(SiteConfig {
        base_url: base_url.to_string(),
        title: raw.title.into_inner(),
        languages: raw
            .languages
            .into_inner()
            .into_iter()
            .map(Spanned::into_inner)
            .collect(),
        min_cell: min_cell as u64,
        extra_columns: raw.data.extra_columns,
        license: raw.license.filter(|license| !license.trim().is_empty()),
        allow_raw_html: raw.allow_raw_html,
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    pub name: String,
    pub administrator: String,
    pub region: String,
    pub insurer: String,
    pub start: Month,
    pub end: Month,
    pub as_of: Date,
    /// The month of as_of, worked out once: every member row is checked against it.
    as_of_month: Month,
    pub target_members: u64,
    pub contribution: i64,
    /// Sorted alphabetically, as published tables order them.
    pub benefits: Vec<String>,
}

impl Program {
    /// The month of as_of.
    pub fn as_of_month(&self) -> Month {
        self.as_of_month
    }

    /// The last reported month: min(end, as-of month).
    pub fn last_reported_month(&self) -> Month {
        self.end.min(self.as_of_month())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProgram {
    name: Spanned<String>,
    administrator: Spanned<String>,
    region: Spanned<String>,
    insurer: Spanned<String>,
    start: Spanned<String>,
    end: Spanned<String>,
    as_of: Spanned<toml::Value>,
    target_members: Spanned<i64>,
    contribution: Spanned<i64>,
    benefits: Spanned<Vec<Spanned<String>>>,
}

pub fn load_program(root: &Path, diagnostics: &mut Diagnostics) -> Option<Program> {
    let text = read(root, PROGRAM_FILE, diagnostics)?;
    let raw: RawProgram = parse_toml(PROGRAM_FILE, &text, diagnostics)?;
    let errors_before = diagnostics.error_count();
    for value in [&raw.name, &raw.administrator, &raw.region, &raw.insurer] {
        refuse_personal_data(PROGRAM_FILE, &text, value, diagnostics);
    }
    let mut error = |span: std::ops::Range<usize>, message: String, hint: &str| {
        diagnostics.push(Diagnostic::error_at(PROGRAM_FILE, &text, span, message).with_hint(hint));
    };
    let mut month = |field: &Spanned<String>, key: &str| {
        let parsed = Month::parse(field.get_ref());
        if parsed.is_none() {
            error(
                field.span(),
                format!("{key} '{}' is not a month", field.get_ref()),
                "write a month as \"YYYY-MM\", e.g. \"2026-01\"",
            );
        }
        parsed
    };
    let start = month(&raw.start, "start");
    let end = month(&raw.end, "end");
    let as_of = match raw.as_of.get_ref() {
        toml::Value::String(text) => Date::parse(text),
        toml::Value::Datetime(datetime) if datetime.time.is_none() && datetime.offset.is_none() => {
            Date::parse(&datetime.to_string())
        }
        _ => None,
    };
    if as_of.is_none() {
        error(
            raw.as_of.span(),
            "as_of is not a date".to_string(),
            "write the data cut-off as 2026-10-31 or \"2026-10-31\"",
        );
    }
    if let (Some(start), Some(end)) = (start, end)
        && end < start
    {
        error(
            raw.end.span(),
            format!("end {end} is before start {start}"),
            "the period runs from start to end",
        );
    }
    if let (Some(start), Some(as_of)) = (start, as_of)
        && as_of < start.first_day()
    {
        error(
            raw.as_of.span(),
            format!("as_of {as_of} is before the period starts ({start})"),
            "as_of is the date the data was cut off",
        );
    }
    if *raw.target_members.get_ref() < 0 {
        error(
            raw.target_members.span(),
            "target_members is negative".to_string(),
            "the number of workers the program set out to cover",
        );
    }
    let contribution = *raw.contribution.get_ref();
    if !(0..=crate::load::csv_reader::MAX_MONEY).contains(&contribution) {
        error(
            raw.contribution.span(),
            format!("contribution {contribution} is not a plausible amount"),
            "Rupiah per member per month, e.g. 16200",
        );
    }
    let mut benefits: Vec<String> = Vec::new();
    for benefit in raw.benefits.get_ref() {
        let code = benefit.get_ref();
        if !KNOWN_BENEFITS.contains(&code.as_str()) {
            error(
                benefit.span(),
                format!("unknown benefit '{code}'"),
                "benefits are listed by code: \"JKK\", \"JKM\"",
            );
        } else if benefits.contains(code) {
            error(
                benefit.span(),
                format!("benefit '{code}' is listed twice"),
                "list each benefit once",
            );
        } else {
            benefits.push(code.clone());
        }
    }
    if raw.benefits.get_ref().is_empty() {
        error(
            raw.benefits.span(),
            "benefits is empty".to_string(),
            "list the benefits covered, e.g. [\"JKK\", \"JKM\"]",
        );
    }
    benefits.sort();
    if diagnostics.error_count() > errors_before {
        return None;
    }
    Some(Program {
        name: raw.name.into_inner(),
        administrator: raw.administrator.into_inner(),
        region: raw.region.into_inner(),
        insurer: raw.insurer.into_inner(),
        start: start?,
        end: end?,
        as_of: as_of?,
        as_of_month: as_of?.month(),
        target_members: *raw.target_members.get_ref() as u64,
        contribution,
        benefits,
    })
}

/// Reports a TOML string holding personal data, masked, at its place.
fn refuse_personal_data(
    path: &str,
    text: &str,
    value: &Spanned<String>,
    diagnostics: &mut Diagnostics,
) {
    let Some(found) = personal_data::find_personal_value(value.get_ref()) else {
        return;
    };
    let shown = personal_data::mask(&value.get_ref()[found.start..found.end], found.kind);
    // The span starts at the opening quote of the TOML string.
    let start = value.span().start + 1 + found.start;
    let message = format!("this looks like {}: '{shown}'", found.kind.describe());
    diagnostics.push(
        Diagnostic::error_at(path, text, start..start + found.end - found.start, message)
            .with_hint("remove personal data: jaring publishes anonymized data only"),
    );
}

fn read(root: &Path, relative: &str, diagnostics: &mut Diagnostics) -> Option<String> {
    match std::fs::read(root.join(relative)) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(error) => {
                let (line, column) = line_column(
                    &String::from_utf8_lossy(error.as_bytes()),
                    error.utf8_error().valid_up_to(),
                );
                diagnostics.push(
                    Diagnostic::error(relative, line, column, "the file is not valid UTF-8")
                        .with_hint("save it as UTF-8"),
                );
                None
            }
        },
        Err(error) => {
            let hint = if relative == SITE_FILE {
                "is --root the site's folder? `jaring init DIR` creates a new site"
            } else {
                "every site needs this file; `jaring init DIR` writes an example to start from"
            };
            diagnostics.push(
                Diagnostic::error(relative, 0, 0, format!("cannot read the file: {error}"))
                    .with_hint(hint),
            );
            None
        }
    }
}

/// Parses TOML into `T`, reporting a syntax or shape error at its place.
pub fn parse_toml<T: serde::de::DeserializeOwned>(
    path: &str,
    text: &str,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    parse_toml_at(path, text, 0, diagnostics)
}

/// Like [`parse_toml`] for TOML that starts `first_line - 1` lines into its file.
pub fn parse_toml_at<T: serde::de::DeserializeOwned>(
    path: &str,
    text: &str,
    lines_before: usize,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    match toml::from_str(text) {
        Ok(value) => Some(value),
        Err(error) => {
            let message = error.message().trim().to_string();
            let hint = if message.contains("unknown field") {
                "remove or rename the key; the README lists the keys this file may have"
            } else if message.contains("missing field") {
                "add the key; the README lists the keys this file needs"
            } else {
                "check the TOML syntax: strings in double quotes, one key = value per line"
            };
            let mut diagnostic =
                Diagnostic::error_at(path, text, error.span().unwrap_or(0..0), message)
                    .with_hint(hint);
            diagnostic.line += lines_before;
            diagnostics.push(diagnostic);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn program_in(text: &str) -> (Option<Program>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("data")).unwrap();
        std::fs::write(dir.path().join(PROGRAM_FILE), text).unwrap();
        let mut diagnostics = Diagnostics::default();
        let program = load_program(dir.path(), &mut diagnostics);
        (
            program,
            diagnostics.sorted().iter().map(|d| d.to_string()).collect(),
        )
    }

    const VALID: &str = r#"name = "P"
administrator = "A"
region = "R"
insurer = "I"
start = "2026-01"
end = "2026-12"
as_of = 2026-10-31
target_members = 3450
contribution = 16200
benefits = ["JKM", "JKK"]
"#;

    #[test]
    fn reads_a_valid_program_with_a_toml_date() {
        let (program, problems) = program_in(VALID);
        assert!(problems.is_empty(), "{problems:?}");
        let program = program.unwrap();
        assert_eq!(program.as_of.to_string(), "2026-10-31");
        assert_eq!(program.benefits, ["JKK", "JKM"]);
        assert_eq!(program.last_reported_month().to_string(), "2026-10");
    }

    #[test]
    fn reports_every_bad_field_at_its_place() {
        let text = VALID
            .replace("\"2026-01\"", "\"2026-1\"")
            .replace("2026-10-31", "\"31-10-2026\"")
            .replace("\"JKM\"", "\"JKN\"");
        let (program, problems) = program_in(&text);
        assert!(program.is_none());
        assert_eq!(
            problems,
            [
                "data/program.toml:5:9: error: start '2026-1' is not a month\n  hint: write a month as \"YYYY-MM\", e.g. \"2026-01\"",
                "data/program.toml:7:9: error: as_of is not a date\n  hint: write the data cut-off as 2026-10-31 or \"2026-10-31\"",
                "data/program.toml:10:13: error: unknown benefit 'JKN'\n  hint: benefits are listed by code: \"JKK\", \"JKM\"",
            ]
        );
    }

    #[test]
    fn reports_toml_syntax_errors_with_position() {
        let (_, problems) = program_in("name = \"P\nregion = 1\n");
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with("data/program.toml:1:"),
            "{problems:?}"
        );
    }
}
