//! `site.toml` (how the site is published) and `data/program.toml` (what the
//! program is), checked field by field with the place of each problem.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::id::Id;
use super::values::forbidden_character;
use crate::calendar::{Date, Month, Years};
use crate::diag::{Diagnostic, Diagnostics, Place, line_column};
use crate::text::mask::mask;
use crate::text::personal_data::find_personal_value;

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
    refuse_control_characters(SITE_FILE, &text, diagnostics);
    refuse_personal_data(SITE_FILE, &text, &raw.title, diagnostics);
    require_text(
        SITE_FILE,
        &text,
        &raw.title,
        "title",
        "the site's title, e.g. \"Data Perlindungan Pekerja Rentan Kabupaten Lebak\"",
        diagnostics,
    );
    let mut error = |span: std::ops::Range<usize>, message: String, hint: &str| {
        diagnostics.push(Diagnostic::error_at(SITE_FILE, &text, span, message).with_hint(hint));
    };
    let mut seen: Vec<&str> = Vec::new();
    for language in raw.languages.get_ref() {
        let code = language.get_ref().as_str();
        if crate::language::find(code).is_none() {
            error(
                language.span(),
                format!("language '{code}' is not available"),
                &format!("jaring can write: {}", crate::language::codes().join(", ")),
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
    if base_url.is_empty() {
        diagnostics.push(no_address_warning(&text, raw.base_url.span()));
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

/// A site without `base_url` works, but nothing of it can point back to it
/// from elsewhere: an embed code or a citation needs a full address.
fn no_address_warning(text: &str, span: std::ops::Range<usize>) -> Diagnostic {
    let message = "base_url is empty: other sites cannot embed the charts, and citations, downloaded images and the sitemap carry no address";
    let warning = if span.is_empty() {
        Diagnostic::warning(Place::file(SITE_FILE), message)
    } else {
        Diagnostic::warning_at(SITE_FILE, text, span, message)
    };
    warning.with_hint(
        "set base_url to the address the site is published at, e.g. \"https://disnaker.lebakkab.go.id/data\"",
    )
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

/// A benefit of the program, named by its code in [`Program::benefits`].
pub enum Benefit {}

/// A benefit's place in [`Program::benefits`].
pub type BenefitId = Id<Benefit>;

impl Program {
    /// The code of a benefit.
    pub fn benefit(&self, id: BenefitId) -> &str {
        &self.benefits[id.index()]
    }

    /// The month of as_of.
    pub fn as_of_month(&self) -> Month {
        self.as_of_month
    }

    /// The years of the period, which name its annual report; never the
    /// as_of year, which is later for a period's final data.
    pub fn years(&self) -> Years {
        Years::spanning(self.start, self.end)
    }

    /// The last reported month: min(end, as-of month).
    pub fn last_reported_month(&self) -> Month {
        self.end.min(self.as_of_month())
    }

    /// Whether the data cover the whole period (as_of on or after its last
    /// day): the annual report is final, not interim.
    pub fn is_final(&self) -> bool {
        self.as_of >= self.end.last_day()
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
    target_members: Spanned<toml::Value>,
    contribution: Spanned<toml::Value>,
    benefits: Spanned<Vec<Spanned<String>>>,
}

pub fn load_program(root: &Path, diagnostics: &mut Diagnostics) -> Option<Program> {
    let text = read(root, PROGRAM_FILE, diagnostics)?;
    let raw: RawProgram = parse_toml(PROGRAM_FILE, &text, diagnostics)?;
    let errors_before = diagnostics.error_count();
    refuse_control_characters(PROGRAM_FILE, &text, diagnostics);
    for (value, key, meaning) in [
        (&raw.name, "name", "the program's name"),
        (
            &raw.administrator,
            "administrator",
            "the agency that runs it, e.g. \"Dinas Tenaga Kerja Kabupaten Lebak\"",
        ),
        (
            &raw.region,
            "region",
            "the area it covers, e.g. \"Kabupaten Lebak\"",
        ),
        (&raw.insurer, "insurer", "e.g. \"BPJS Ketenagakerjaan\""),
    ] {
        refuse_personal_data(PROGRAM_FILE, &text, value, diagnostics);
        require_text(PROGRAM_FILE, &text, value, key, meaning, diagnostics);
    }
    let target_members = whole_number(
        &text,
        &raw.target_members,
        "target_members",
        &WORKERS,
        diagnostics,
    );
    let contribution = whole_number(
        &text,
        &raw.contribution,
        "contribution",
        &RUPIAH,
        diagnostics,
    );
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
    if let Some(target) = target_members
        && target <= 0
    {
        error(
            raw.target_members.span(),
            format!("target_members is {target}: it must be positive"),
            "the number of workers the program set out to cover, e.g. 3450",
        );
    }
    if let Some(amount) = contribution
        && !(1..=super::values::MAX_MONEY).contains(&amount)
    {
        let problem = if amount <= 0 {
            "it must be positive"
        } else {
            "that is not a plausible amount"
        };
        error(
            raw.contribution.span(),
            format!("contribution is {amount}: {problem}"),
            "Rupiah per member per month paid to the insurer, e.g. 16200",
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
        target_members: target_members? as u64,
        contribution: contribution?,
        benefits,
    })
}

/// What a whole number of `program.toml` counts, for its messages.
struct Unit {
    name: &'static str,
    how: &'static str,
    example: &'static str,
}

const RUPIAH: Unit = Unit {
    name: "Rupiah",
    how: "write Rupiah as plain digits, without quotes, dots or Rp",
    example: "16200",
};

const WORKERS: Unit = Unit {
    name: "workers",
    how: "write the count as plain digits, without quotes or dots",
    example: "3450",
};

/// The integer of a count or an amount of money; anything else (`"16.200"`,
/// `16.200`, which TOML reads as sixteen point two) is reported with the
/// digits written as TOML wants them.
fn whole_number(
    text: &str,
    value: &Spanned<toml::Value>,
    key: &str,
    unit: &Unit,
    diagnostics: &mut Diagnostics,
) -> Option<i64> {
    if let toml::Value::Integer(number) = value.get_ref() {
        return Some(*number);
    }
    let written = text.get(value.span()).unwrap_or_default();
    let digits: String = written.chars().filter(char::is_ascii_digit).collect();
    let example = if digits.is_empty() {
        unit.example
    } else {
        &digits
    };
    diagnostics.push(
        Diagnostic::error_at(
            PROGRAM_FILE,
            text,
            value.span(),
            format!("{key} {written} is not a whole number of {}", unit.name),
        )
        .with_hint(format!("{}: {key} = {example}", unit.how)),
    );
    None
}

/// Reports a required string that is empty or only spaces.
fn require_text(
    path: &str,
    text: &str,
    value: &Spanned<String>,
    key: &str,
    meaning: &str,
    diagnostics: &mut Diagnostics,
) {
    if value.get_ref().trim().is_empty() {
        diagnostics.push(
            Diagnostic::error_at(path, text, value.span(), format!("{key} is empty"))
                .with_hint(format!("every page shows it: write {meaning}")),
        );
    }
}

/// Reports every string of a TOML file (values and keys, at any depth)
/// holding a character no page may show as it is, at its key: TOML escapes
/// (`\u0000`, `\u202E`) let them in where the file itself looks clean.
fn refuse_control_characters(path: &str, text: &str, diagnostics: &mut Diagnostics) {
    // A file that does not parse is reported by its reader.
    let Ok(table) = toml::de::DeTable::parse(text) else {
        return;
    };
    let mut found = Vec::new();
    strings_with_control_characters(table.get_ref(), &mut found);
    for (key, span, character) in found {
        diagnostics.push(
            Diagnostic::error_at(
                path,
                text,
                span,
                format!(
                    "{key} holds a line break or another control character (U+{:04X})",
                    u32::from(character)
                ),
            )
            .with_hint("remove it: text is written as it is into every page, the data files and the report"),
        );
    }
}

/// The key, the key's place and the character of every string in `table`
/// holding a forbidden character.
fn strings_with_control_characters(
    table: &toml::de::DeTable,
    found: &mut Vec<(String, std::ops::Range<usize>, char)>,
) {
    for (key, value) in table {
        let mut character = forbidden_character(key.get_ref());
        let mut values = vec![value];
        while let Some(value) = values.pop() {
            match value.get_ref() {
                toml::de::DeValue::String(string) => {
                    character = character.or_else(|| forbidden_character(string));
                }
                toml::de::DeValue::Array(array) => values.extend(array.iter()),
                toml::de::DeValue::Table(inner) => strings_with_control_characters(inner, found),
                _ => {}
            }
        }
        if let Some(character) = character {
            found.push((key.get_ref().to_string(), key.span(), character));
        }
    }
}

/// Reports a TOML string holding personal data, masked, at its place.
fn refuse_personal_data(
    path: &str,
    text: &str,
    value: &Spanned<String>,
    diagnostics: &mut Diagnostics,
) {
    let Some(found) = find_personal_value(value.get_ref()) else {
        return;
    };
    let shown = mask(&value.get_ref()[found.start..found.end], found.kind);
    let message = format!("this looks like {}: '{shown}'", found.kind.describe());
    let hint = "remove personal data: jaring publishes anonymized data only";
    let span = value.span();
    let raw = text.get(span.clone()).unwrap_or_default();
    // A plain one-line string ("...") holds the value as written, one
    // character after its opening quote: the place is exact. Escapes or a
    // multi-line string move it, and the line as written could show the
    // value unmasked, so the string's start is named and no line quoted.
    let as_written = raw.len() == value.get_ref().len() + 2
        && raw.get(1..raw.len() - 1) == Some(value.get_ref().as_str());
    let diagnostic = if as_written {
        let start = span.start + 1 + found.start;
        Diagnostic::error_at(path, text, start..start + found.end - found.start, message)
    } else {
        let (line, column) = line_column(text, span.start);
        Diagnostic::error(Place::position(path, line, column), message)
    };
    diagnostics.push(diagnostic.with_hint(hint));
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
                    Diagnostic::error(
                        Place::position(relative, line, column),
                        "the file is not valid UTF-8",
                    )
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
                Diagnostic::error(
                    Place::file(relative),
                    format!("cannot read the file: {error}"),
                )
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
            diagnostic.place.move_down(lines_before);
            diagnostics.push(diagnostic);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_data_behind_escapes_is_placed_at_its_string_and_never_quoted() {
        let text = "region = \"\"\"\nKabupaten Uji \\u00e9 0812 3456 7890\"\"\"\nname = \"NIK \\u0033602041507880001\"\n";
        #[derive(Deserialize)]
        struct Strings {
            region: Spanned<String>,
            name: Spanned<String>,
        }
        let strings: Strings = toml::from_str(text).unwrap();
        let mut diagnostics = Diagnostics::default();
        for value in [&strings.region, &strings.name] {
            refuse_personal_data("data/program.toml", text, value, &mut diagnostics);
        }
        let printed: Vec<String> = diagnostics
            .sorted()
            .iter()
            .map(|d| d.render(false))
            .collect();
        assert_eq!(printed.len(), 2, "{printed:?}");
        assert!(
            printed[0].starts_with("data/program.toml:1:10: error: this looks like a phone number"),
            "{printed:?}"
        );
        assert!(
            printed[1].starts_with("data/program.toml:3:8: error: this looks like an ID number"),
            "{printed:?}"
        );
        for message in &printed {
            assert!(
                !message.contains("3456") && !message.contains("041507880001"),
                "{message}"
            );
        }
    }

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
    fn the_data_are_final_once_as_of_reaches_the_last_day_of_the_period() {
        for (as_of, final_data) in [
            ("2026-10-31", false),
            ("2026-12-30", false),
            ("2026-12-31", true),
            ("2027-02-15", true),
        ] {
            let (program, problems) = program_in(&VALID.replace("2026-10-31", as_of));
            assert!(problems.is_empty(), "{problems:?}");
            assert_eq!(program.unwrap().is_final(), final_data, "{as_of}");
        }
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

    #[test]
    fn refuses_control_characters_in_any_string_at_its_key() {
        let text = VALID
            .replace("region = \"R\"", "region = \"R\\u202Eevil\"")
            .replace("insurer = \"I\"", "insurer = \"I\\u0000\"")
            .replace(
                "benefits = [\"JKM\", \"JKK\"]",
                "benefits = [\"JKM\", \"JKK\\n\"]",
            );
        let (program, problems) = program_in(&text);
        assert!(program.is_none());
        let hint = "\n  hint: remove it: text is written as it is into every page, the data files and the report";
        assert_eq!(
            problems[..3],
            [
                format!(
                    "data/program.toml:3:1: error: region holds a line break or another control character (U+202E){hint}"
                ),
                format!(
                    "data/program.toml:4:1: error: insurer holds a line break or another control character (U+0000){hint}"
                ),
                format!(
                    "data/program.toml:10:1: error: benefits holds a line break or another control character (U+000A){hint}"
                ),
            ]
        );
    }

    #[test]
    fn refuses_empty_names_and_amounts_that_are_not_positive() {
        let text = VALID
            .replace("name = \"P\"", "name = \"\"")
            .replace("region = \"R\"", "region = \"   \"")
            .replace("target_members = 3450", "target_members = 0")
            .replace("contribution = 16200", "contribution = 0");
        let (program, problems) = program_in(&text);
        assert!(program.is_none());
        assert_eq!(
            problems,
            [
                "data/program.toml:1:8: error: name is empty\n  hint: every page shows it: write the program's name",
                "data/program.toml:3:10: error: region is empty\n  hint: every page shows it: write the area it covers, e.g. \"Kabupaten Lebak\"",
                "data/program.toml:8:18: error: target_members is 0: it must be positive\n  hint: the number of workers the program set out to cover, e.g. 3450",
                "data/program.toml:9:16: error: contribution is 0: it must be positive\n  hint: Rupiah per member per month paid to the insurer, e.g. 16200",
            ]
        );
    }

    #[test]
    fn an_amount_written_with_thousands_separators_gets_a_digits_hint() {
        for (written, shown) in [
            ("\"16.200\"", "\"16.200\""),
            ("16.200", "16.200"),
            ("\"Rp16.200\"", "\"Rp16.200\""),
        ] {
            let text = VALID.replace("contribution = 16200", &format!("contribution = {written}"));
            let (program, problems) = program_in(&text);
            assert!(program.is_none());
            assert_eq!(
                problems,
                [format!(
                    "data/program.toml:9:16: error: contribution {shown} is not a whole number of Rupiah\n  hint: write Rupiah as plain digits, without quotes, dots or Rp: contribution = 16200"
                )]
            );
        }
        let text = VALID.replace("target_members = 3450", "target_members = \"3.450\"");
        let (_, problems) = program_in(&text);
        assert_eq!(
            problems,
            [
                "data/program.toml:8:18: error: target_members \"3.450\" is not a whole number of workers\n  hint: write the count as plain digits, without quotes or dots: target_members = 3450"
            ]
        );
    }
}
