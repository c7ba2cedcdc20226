//! Languages: every page has its twin, names it with hreflang and offers a switch;
//! a missing translation falls back with a warning.

use std::fs;

use crate::harness::*;

#[test]
fn every_page_has_its_twin_in_the_other_language() {
    let (_dir, site) = example_site();
    let pages: Vec<String> = tree(&site)
        .into_keys()
        .filter(|path| path.ends_with(".html"))
        .collect();
    let indonesian: Vec<&str> = pages
        .iter()
        .filter(|p| !p.starts_with("en/"))
        .map(String::as_str)
        .collect();
    let english: Vec<&str> = pages.iter().filter_map(|p| p.strip_prefix("en/")).collect();
    assert_eq!(indonesian, english);
    let home = fs::read_to_string(site.join("en/index.html")).unwrap();
    assert!(home.contains("<html lang=\"en\">"));
    assert!(home.contains("<link rel=\"alternate\" hreflang=\"id\" href=\"../index.html\">"));
    assert!(
        home.contains("<a href=\"../index.html\" hreflang=\"id\" lang=\"id\">Bahasa Indonesia</a>")
    );
    assert!(home.contains("IDR 670,680,000"), "English formats");
    let coverage = fs::read_to_string(site.join("en/cakupan/index.html")).unwrap();
    assert!(
        coverage.contains("Farm labourers"),
        "sector names in English"
    );
    assert!(!coverage.contains("Buruh tani"));
}

#[test]
fn a_missing_translation_falls_back_with_a_warning() {
    let fixture = Fixture::tiny();
    fixture.edit(
        "site.toml",
        "languages = [\"id\"]",
        "languages = [\"id\", \"en\"]",
    );
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    assert!(outcome.stderr.contains("content/metodologi.md: warning: no en translation: the English site shows this page untranslated"), "{}", outcome.stderr);
    assert!(
        outcome
            .file("en/metodologi/index.html")
            .contains("Data uji buatan tangan.")
    );
    assert!(
        outcome
            .file("en/metodologi/index.html")
            .contains("<h1>Metodologi</h1>")
    );
}

/// The pages a relative `href` in `page` leads to, below `site`.
fn resolve(page: &str, href: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in href.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." => {}
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[test]
fn every_page_names_its_twins_and_switches_language() {
    let (_dir, site) = example_site();
    let files = tree(&site);
    let pages: Vec<&String> = files
        .keys()
        // Embeds are bare on purpose: a chart inside another site's frame.
        .filter(|path| path.ends_with(".html") && !path.ends_with("/embed.html"))
        .collect();
    assert!(pages.contains(&&"en/laporan/index.html".to_string()));
    for page in pages {
        let html = String::from_utf8_lossy(&files[page.as_str()]);
        let own = if page.starts_with("en/") { "en" } else { "id" };
        let twin_of = |code: &str| {
            let below = page.strip_prefix("en/").unwrap_or(page);
            if code == "en" {
                format!("en/{below}")
            } else {
                below.to_string()
            }
        };
        for code in ["id", "en"] {
            let marker = format!("<link rel=\"alternate\" hreflang=\"{code}\" href=\"");
            let href = html
                .split(&marker)
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap_or_else(|| panic!("{page} has no hreflang link for {code}"));
            assert_eq!(resolve(page, href), twin_of(code), "{page}: {href}");
        }
        let switch = html
            .split("<nav class=\"language-switch\"")
            .nth(1)
            .and_then(|rest| rest.split("</nav>").next())
            .unwrap_or_else(|| panic!("{page} has no language switch"));
        let other = if own == "id" { "en" } else { "id" };
        let href = switch
            .split("<a href=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap();
        assert!(
            switch.contains(&format!("hreflang=\"{other}\"")),
            "{page}: {switch}"
        );
        assert_eq!(resolve(page, href), twin_of(other), "{page}: {href}");
        assert!(files.contains_key(&twin_of(other)), "{page}: no twin");
    }
}
