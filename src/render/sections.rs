//! The sections of the site: every page of a language except the chart
//! pages and the report, each declared once here with its folder, template
//! and content file. A section's interface text is found by its key
//! (`nav.KEY`, `KEY.title`, `KEY.description`, `home.section_KEY`), and the
//! figures it shows are those the figure registry places in it.
//!
//! Imports nothing: the figure registry and the pages both build on it.

/// A section of the site; a `match` on it names every section, so a new one
/// cannot be forgotten by the pages that fill it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Home,
    Coverage,
    Budget,
    Claims,
    Data,
    Releases,
    Methodology,
    Quality,
    Search,
}

/// What a section is made of.
struct SectionSpec {
    key: &'static str,
    /// Its folder below the language's root; the home page has none.
    slug: &'static str,
    template: &'static str,
    /// The file in `content/` (without `.md`) whose text it shows.
    content: &'static str,
}

impl Section {
    /// Every section, in navigation order.
    pub const ALL: [Section; 9] = [
        Section::Home,
        Section::Coverage,
        Section::Budget,
        Section::Claims,
        Section::Data,
        Section::Releases,
        Section::Methodology,
        Section::Quality,
        Section::Search,
    ];

    const fn spec(self) -> SectionSpec {
        let (key, slug, template, content) = match self {
            Section::Home => ("home", "", "index.html", "_index"),
            Section::Coverage => ("coverage", "cakupan", "section.html", "cakupan"),
            Section::Budget => ("budget", "anggaran", "section.html", "anggaran"),
            Section::Claims => ("claims", "klaim", "section.html", "klaim"),
            Section::Data => ("data", "data", "data.html", "data"),
            Section::Releases => ("releases", "rilis", "rilis.html", "rilis"),
            Section::Methodology => ("methodology", "metodologi", "page.html", "metodologi"),
            Section::Quality => ("quality", "kualitas-data", "quality.html", "kualitas-data"),
            Section::Search => ("search", "cari", "search.html", "search"),
        };
        SectionSpec {
            key,
            slug,
            template,
            content,
        }
    }

    /// Names its strings, and is given to templates as `section`.
    pub const fn key(self) -> &'static str {
        self.spec().key
    }

    pub const fn slug(self) -> &'static str {
        self.spec().slug
    }

    pub const fn template(self) -> &'static str {
        self.spec().template
    }

    pub const fn content(self) -> &'static str {
        self.spec().content
    }

    /// The page's path below its language's root.
    pub fn path(self) -> String {
        page_href("", self.slug())
    }
}

/// The anchor of a version of the data on the Releases page
/// (`r-2026-09-30-r2`): the feed links each entry to it.
pub fn release_anchor(release: impl std::fmt::Display) -> String {
    format!("r-{release}")
}

/// Link to a section from a page at `root`; explicit `index.html` so links
/// work when the site is opened from disk.
pub fn page_href(root: &str, slug: &str) -> String {
    if slug.is_empty() {
        format!("{root}index.html")
    } else {
        format!("{root}{slug}/index.html")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::strings::Strings;

    #[test]
    fn every_section_has_its_strings() {
        let strings = Strings::indonesian();
        for section in Section::ALL {
            let key = section.key();
            for part in ["title", "description"] {
                assert!(strings.has(&format!("{key}.{part}")), "{key}.{part}");
            }
            assert!(strings.has(&format!("nav.{key}")));
            if section != Section::Home {
                assert!(strings.has(&format!("home.section_{key}")));
            }
        }
    }
}
