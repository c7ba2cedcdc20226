//! The languages jaring writes, each declared once in [`LANGUAGES`]: its
//! code, its interface text (a TOML file in `render/strings/`, read by the
//! render stage by code) and how it writes numbers, money and dates. A
//! site's main language goes at the root of the site, the others under
//! their code (`en/`).
//!
//! Adding a language is its strings file and one line in [`LANGUAGES`]
//! (the test language `xx` below is added that way). Names in the data
//! (sectors, districts) are looked up by language code through [`Name`].
//!
//! A leaf: imports nothing of the pipeline, so `load` checks a site's
//! languages against the same list `render` writes them from.

/// A language jaring writes.
#[derive(Debug, PartialEq, Eq)]
pub struct Language {
    /// ISO 639-1 where there is one: `id`, `en`.
    pub code: &'static str,
    /// The interface text, TOML; every language has the same keys.
    pub strings: &'static str,
    pub formats: Formats,
}

/// Every language jaring writes.
pub const LANGUAGES: &[Language] = &[
    Language {
        code: "id",
        strings: include_str!("render/strings/id.toml"),
        formats: INDONESIAN,
    },
    Language {
        code: "en",
        strings: include_str!("render/strings/en.toml"),
        formats: ENGLISH,
    },
    #[cfg(test)]
    Language {
        code: "xx",
        strings: include_str!("render/strings/xx.toml"),
        formats: TEST_FORMATS,
    },
];

/// The registered language of a code.
pub fn find(code: &str) -> Option<&'static Language> {
    LANGUAGES.iter().find(|language| language.code == code)
}

/// Every code jaring writes, in registry order.
pub fn codes() -> Vec<&'static str> {
    LANGUAGES.iter().map(|language| language.code).collect()
}

/// A name from the data, such as a sector's: as the data files publish it
/// (in Indonesian), and in the other languages the data gives it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub published: String,
    /// By language code.
    pub translations: Vec<(&'static str, String)>,
}

impl Name {
    /// A name the data gives in one language only.
    pub fn untranslated(published: impl Into<String>) -> Name {
        Name {
            published: published.into(),
            translations: Vec::new(),
        }
    }

    /// The name in a language, else as published.
    pub fn in_language(&self, code: &str) -> &str {
        self.translations
            .iter()
            .find(|(language, _)| *language == code)
            .map_or(self.published.as_str(), |(_, name)| name.as_str())
    }
}

/// How a language writes numbers, money and dates (render's `Locale`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    pub thousands: char,
    pub decimal: char,
    pub months: [&'static str; 12],
    pub short_months: [&'static str; 12],
    /// Written before an amount: `Rp` (no space) or `IDR `.
    pub currency: &'static str,
    /// Thousand, million and billion in short amounts on chart axes.
    pub magnitudes: [&'static str; 3],
    pub day: &'static str,
    pub days: &'static str,
}

pub const INDONESIAN: Formats = Formats {
    thousands: '.',
    decimal: ',',
    months: [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ],
    short_months: [
        "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
    ],
    currency: "Rp",
    magnitudes: [" rb", " jt", " M"],
    day: "hari",
    days: "hari",
};

pub const ENGLISH: Formats = Formats {
    thousands: ',',
    decimal: '.',
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    short_months: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    currency: "IDR ",
    magnitudes: ["k", "m", "bn"],
    day: "day",
    days: "days",
};

/// The test language's formats: unlike both real ones, so a test sees them.
#[cfg(test)]
const TEST_FORMATS: Formats = Formats {
    thousands: ' ',
    currency: "Rp ",
    ..ENGLISH
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_by_language_code() {
        let name = Name {
            published: "Nelayan".into(),
            translations: vec![("en", "Fishers".into())],
        };
        assert_eq!(name.in_language("en"), "Fishers");
        assert_eq!(name.in_language("id"), "Nelayan");
        assert_eq!(Name::untranslated("Cibeber").in_language("en"), "Cibeber");
    }

    #[test]
    fn codes_are_unique() {
        for (index, language) in LANGUAGES.iter().enumerate() {
            assert!(
                !codes()[..index].contains(&language.code),
                "{}",
                language.code
            );
        }
    }
}
