//! `site.toml` (how the site is published), checked field by field with the
//! place of each problem, and what every TOML input shares: reading it,
//! parsing it with positions, and refusing control characters and
//! personal data in its strings (`program.rs` reads `data/program.toml`).

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::values::forbidden_character;
use crate::diag::{Diagnostic, Diagnostics, Place, line_column};
use crate::text::mask::mask;
use crate::text::personal_data::find_personal_value;

pub const SITE_FILE: &str = "site.toml";

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
    /// Who made the districts' boundaries the maps draw, and under which
    /// licence (`[map] credit`); None when not stated.
    pub map_credit: Option<String>,
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
    #[serde(default)]
    map: RawMap,
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

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawMap {
    #[serde(default)]
    credit: Option<Spanned<String>>,
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

/// What the command line sets over `site.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// `--base-url`: the address to build for (a staging copy, say) instead
    /// of `base_url`; an address by [`is_address`], without a trailing slash.
    pub base_url: Option<String>,
}

/// Whether `url` can be a site's address: absolute, on http or https.
pub fn is_address(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

pub fn load_site_config(
    root: &Path,
    overrides: &Overrides,
    diagnostics: &mut Diagnostics,
) -> Option<SiteConfig> {
    let text = read(root, SITE_FILE, diagnostics)?;
    let raw: RawSite = parse_toml(SITE_FILE, &text, diagnostics)?;
    let errors_before = diagnostics.error_count();
    refuse_control_characters(SITE_FILE, &text, diagnostics);
    refuse_personal_data(SITE_FILE, &text, &raw.title, diagnostics);
    if let Some(credit) = &raw.map.credit {
        refuse_personal_data(SITE_FILE, &text, credit, diagnostics);
    }
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
    let written_base_url = raw.base_url.get_ref().trim_end_matches('/');
    if !(written_base_url.is_empty() || is_address(written_base_url)) {
        error(
            raw.base_url.span(),
            format!("base_url '{written_base_url}' is not an address"),
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
    let base_url = overrides.base_url.as_deref().unwrap_or(written_base_url);
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
        map_credit: raw
            .map
            .credit
            .map(Spanned::into_inner)
            .filter(|credit| !credit.trim().is_empty()),
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

/// Reports a required string that is empty or only spaces.
pub(super) fn require_text(
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
pub(super) fn refuse_control_characters(path: &str, text: &str, diagnostics: &mut Diagnostics) {
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
pub(super) fn refuse_personal_data(
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

pub(super) fn read(root: &Path, relative: &str, diagnostics: &mut Diagnostics) -> Option<String> {
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
            // Only a missing file is one to create; a folder or a locked file
            // in its place is to be replaced or opened up.
            let hint = match (relative == SITE_FILE, error.kind()) {
                (true, std::io::ErrorKind::NotFound) => {
                    "is --root the site's folder? `jaring init DIR` creates a new site"
                }
                (false, std::io::ErrorKind::NotFound) => {
                    "every site needs this file; `jaring init DIR` writes an example to start from"
                }
                _ => "put a readable file at this place (not a folder), or check its permissions",
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
}
