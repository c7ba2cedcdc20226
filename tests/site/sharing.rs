//! Sharing a chart elsewhere: the embed code, the citation and the
//! downloads, with and without the site's address (`base_url`).

use crate::harness::*;

const ADDRESS_WARNING: &str = "site.toml: warning: base_url is empty: other sites cannot embed the charts, and citations, downloaded images and the sitemap carry no address";

/// The tiny site in Indonesian and English, published at `base_url`.
fn published_at(base_url: &str) -> Fixture {
    let fixture = Fixture::tiny();
    fixture.edit(
        "site.toml",
        "languages = [\"id\"]",
        &format!(
            "base_url = {}\nlanguages = [\"id\", \"en\"]",
            toml_string(base_url)
        ),
    );
    fixture
}

fn toml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The text of the first `<element class="CLASS">` of a page.
fn element_text<'a>(page: &'a str, class: &str) -> &'a str {
    let start = page
        .find(&format!("class=\"{class}\""))
        .unwrap_or_else(|| panic!("no {class} in {page}"));
    let open_end = start + page[start..].find('>').unwrap() + 1;
    let close = open_end + page[open_end..].find("</").unwrap();
    &page[open_end..close]
}

#[test]
fn without_base_url_the_build_warns_and_offers_no_embed_code() {
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    assert!(
        outcome.problems().contains(&ADDRESS_WARNING),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome
            .stderr
            .contains("hint: set base_url to the address the site is published at"),
        "{}",
        outcome.stderr
    );
    let page = outcome.file("grafik/coverage_by_district/index.html");
    assert!(!page.contains("&lt;iframe"), "{page}");
    assert!(
        page.contains("Grafik ini belum dapat disematkan di situs lain"),
        "{page}"
    );
    let citation = element_text(&page, "citation");
    assert!(citation.ends_with("Data per 15 April 2026."), "{citation}");
}

#[test]
fn with_base_url_the_embed_code_and_citation_are_absolute() {
    let fixture = published_at("https://example.org/lebak/");
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    assert!(
        !outcome.stderr.contains("base_url is empty"),
        "{}",
        outcome.stderr
    );
    for (prefix, from) in [("", "Data per"), ("en/", "Data as of")] {
        let address = format!("https://example.org/lebak/{prefix}grafik/coverage_by_district/");
        let page = outcome.file(&format!("{prefix}grafik/coverage_by_district/index.html"));
        let code = element_text(&page, "embed-code");
        assert!(
            code.contains(&format!("&lt;iframe src=&quot;{address}embed.html&quot;")),
            "{code}"
        );
        let citation = element_text(&page, "citation");
        assert!(citation.contains(from), "{citation}");
        assert!(citation.ends_with(&format!(". {address}")), "{citation}");
        // The downloads carry it too.
        let svg = outcome.file(&format!(
            "{prefix}grafik/coverage_by_district/coverage_by_district.svg"
        ));
        assert!(svg.contains(&format!("\n{address}\n")), "{svg}");
    }
}

#[test]
fn a_hostile_base_url_stays_text_in_the_embed_code_and_downloads() {
    let fixture = published_at("https://example.org/\"><script>alert(1)</script>");
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let page = outcome.file("grafik/coverage_by_sector/index.html");
    assert!(!page.contains("<script>alert(1)"), "{page}");
    let code = element_text(&page, "embed-code");
    // Escaped once for the iframe's attribute, once more to be shown as text.
    assert!(
        code.contains("src=&quot;https://example.org/&amp;quot;&amp;gt;&amp;lt;script&amp;gt;"),
        "{code}"
    );
    let svg = outcome.file("grafik/coverage_by_sector/coverage_by_sector.svg");
    assert!(!svg.contains("<script>"), "{svg}");
}

/// The first number in `text` after `before`.
fn number_after(text: &str, before: &str) -> u32 {
    let start = text
        .find(before)
        .unwrap_or_else(|| panic!("no {before} in {text}"))
        + before.len();
    let digits: String = text[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().unwrap()
}

#[test]
fn the_iframe_is_as_tall_as_the_embedded_chart_with_its_caption_and_source() {
    let fixture = published_at("https://example.org/lebak");
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let mut chart_heights = Vec::new();
    for entry in std::fs::read_dir(outcome.output.join("grafik")).unwrap() {
        let id = entry.unwrap().file_name().into_string().unwrap();
        let embed = outcome.file(&format!("grafik/{id}/embed.html"));
        let chart = number_after(&embed, "<svg width=\"420\" height=\"");
        let page = outcome.file(&format!("grafik/{id}/index.html"));
        let code = element_text(&page, "embed-code");
        let iframe = number_after(code, "height=&quot;");
        // The chart, and about 150 to 350 px of title, takeaway and source.
        assert!(
            (chart + 150..=chart + 350).contains(&iframe),
            "{id}: an iframe of {iframe} px for a chart of {chart} px"
        );
        assert!(code.contains(" data-jaring-embed&gt;"), "{code}");
        assert!(
            code.contains("&lt;script&gt;if(!window.jaringEmbeds)"),
            "{id}: the listener that fits the iframe to the height its page posts"
        );
        assert!(
            embed.contains("postMessage({ type: \"jaring-embed-height\", height: height }, \"*\")"),
            "{id}: the embed page posts its height"
        );
        chart_heights.push(chart);
    }
    chart_heights.sort();
    chart_heights.dedup();
    assert!(chart_heights.len() > 1, "charts of several heights");
}

#[test]
fn base_url_on_the_command_line_overrides_site_toml_for_a_staging_copy() {
    let fixture = published_at("https://example.org/lebak");
    let outcome = fixture.run(&["build", "--base-url", "https://staging.example.org/uji/"]);
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let page = outcome.file("grafik/coverage_by_district/index.html");
    let code = element_text(&page, "embed-code");
    assert!(
        code.contains("&lt;iframe src=&quot;https://staging.example.org/uji/grafik/coverage_by_district/embed.html&quot;"),
        "{code}"
    );
    assert!(!page.contains("https://example.org/lebak"), "{page}");
    assert!(
        outcome
            .file("sitemap.xml")
            .contains("<loc>https://staging.example.org/uji/cakupan/</loc>")
    );

    // Without an address in site.toml, the staging one is all it needs.
    let fixture = Fixture::tiny();
    let outcome = fixture.run(&["build", "--base-url", "http://localhost:8000"]);
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    assert!(
        !outcome.stderr.contains("base_url is empty"),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome
            .file("robots.txt")
            .contains("Sitemap: http://localhost:8000/sitemap.xml")
    );
}

#[test]
fn a_base_url_that_is_not_an_address_is_a_usage_error() {
    let fixture = Fixture::tiny();
    let outcome = fixture.run(&["build", "--base-url", "staging.example.org"]);
    assert_eq!(outcome.status, 2, "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains(
            "'staging.example.org' is not an address: write the full address, e.g. https://staging.example.org/data"
        ),
        "{}",
        outcome.stderr
    );
    assert!(!outcome.output.exists());
}
