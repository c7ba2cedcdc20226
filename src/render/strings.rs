//! The site's interface text, one TOML file per language in `strings/`, so a
//! translation is a file, not a code change; the language registry
//! ([`crate::language`]) names each language's file.

use std::collections::BTreeMap;

/// Shown in place of a string the language file lacks.
pub const MISSING: &str = "[missing text]";

#[derive(Debug, Clone)]
pub struct Strings {
    /// The file as parsed, handed to templates as `t`.
    tree: toml::Table,
    /// Dotted key -> text, for the generator's own sentences.
    flat: BTreeMap<String, String>,
}

impl Strings {
    #[cfg(test)]
    pub fn indonesian() -> Strings {
        Strings::of("id").expect("Indonesian strings are bundled")
    }

    /// The strings of a language jaring writes.
    pub fn of(language: &str) -> Option<Strings> {
        let language = crate::language::find(language)?;
        Some(
            Strings::parse(language.strings)
                .expect("the bundled strings files are valid TOML (tested)"),
        )
    }

    fn parse(text: &str) -> Result<Strings, toml::de::Error> {
        let tree: toml::Table = toml::from_str(text)?;
        let mut flat = BTreeMap::new();
        flatten("", &tree, &mut flat);
        Ok(Strings { tree, flat })
    }

    pub fn tree(&self) -> &toml::Table {
        &self.tree
    }

    /// The text at a dotted key. A missing key shows as [`MISSING`], which
    /// the tests look for in every built page: every key asked for must exist.
    pub fn get(&self, key: &str) -> &str {
        self.flat.get(key).map_or(MISSING, String::as_str)
    }

    pub fn has(&self, key: &str) -> bool {
        self.flat.contains_key(key)
    }

    /// A column's text (`meaning`, `definition` or `explained`) as it reads
    /// in `table`: the table's own where the column means something else
    /// there (`month` of claims_by_month is the month claims were paid),
    /// else the column's.
    pub fn column(&self, table: &str, column: &str, part: &str) -> &str {
        let own = format!("columns.{column}.{table}.{part}");
        if self.has(&own) {
            self.get(&own)
        } else {
            self.get(&format!("columns.{column}.{part}"))
        }
    }

    /// The text at `key` with `{name}` placeholders filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.get(key).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }
}

fn flatten(prefix: &str, table: &toml::Table, flat: &mut BTreeMap<String, String>) {
    for (key, value) in table {
        let dotted = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::String(text) => {
                flat.insert(dotted, text.clone());
            }
            toml::Value::Table(inner) => flatten(&dotted, inner, flat),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_strings_parse_and_fill() {
        let strings = Strings::indonesian();
        assert_eq!(strings.get("nav.home"), "Beranda");
        assert_eq!(strings.fill("figure.label", &[("number", "3")]), "Gambar 3");
        assert_eq!(strings.get("no.such.key"), MISSING);
    }

    #[test]
    fn a_column_reads_as_its_table_means_it() {
        let strings = Strings::indonesian();
        assert_eq!(
            strings.column("claims_by_month", "month", "meaning"),
            "Bulan pembayaran klaim, YYYY-MM"
        );
        assert_eq!(
            strings.column("budget_by_month", "month", "meaning"),
            "Bulan kepesertaan, YYYY-MM"
        );
    }

    #[test]
    fn every_language_has_every_key_with_the_same_placeholders() {
        let indonesian = Strings::indonesian();
        for language in crate::language::LANGUAGES {
            let code = language.code;
            let other = Strings::of(code).unwrap();
            let keys = |s: &Strings| s.flat.keys().cloned().collect::<Vec<_>>();
            assert_eq!(
                keys(&other),
                keys(&indonesian),
                "{code} has other keys than id"
            );
            for (key, text) in &indonesian.flat {
                let placeholders = |text: &str| {
                    let mut names: Vec<String> = text
                        .split('{')
                        .skip(1)
                        .filter_map(|p| p.split_once('}'))
                        .map(|(n, _)| n.to_string())
                        .collect();
                    names.sort();
                    names
                };
                assert_eq!(
                    placeholders(&other.flat[key]),
                    placeholders(text),
                    "{code}: {key}"
                );
            }
        }
    }

    #[test]
    fn every_placeholder_is_a_simple_name() {
        let strings = Strings::indonesian();
        for (key, text) in &strings.flat {
            let mut rest = text.as_str();
            while let Some(open) = rest.find('{') {
                let close = rest[open..]
                    .find('}')
                    .unwrap_or_else(|| panic!("{key}: unclosed brace"));
                let name = &rest[open + 1..open + close];
                assert!(
                    name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                    "{key}: {{{name}}}"
                );
                rest = &rest[open + close + 1..];
            }
        }
    }
}
