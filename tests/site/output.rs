//! Published files and pages: the hand-computed tiny site, JSON twins, every page
//! and link, snapshots, checksums, the data archive, charts and their downloads,
//! hostile names in every format, the search index, reproducibility.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::harness::*;

#[test]
fn tiny_site_publishes_the_hand_computed_files() {
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    for entry in fs::read_dir(Path::new(TINY).join("expected")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().to_string();
        let expected = fs::read_to_string(entry.path()).unwrap();
        assert_eq!(
            outcome.file(&format!("data/{name}")),
            expected,
            "data/{name}"
        );
    }
}

#[test]
fn the_data_package_names_the_licence_the_site_gives() {
    let licence_of = |license: Option<&str>| {
        let fixture = Fixture::tiny();
        if let Some(license) = license {
            fixture.edit(
                "site.toml",
                "languages = [\"id\"]",
                &format!("languages = [\"id\"]\nlicense = \"{license}\""),
            );
        }
        let outcome = fixture.build();
        assert_eq!(outcome.status, 0, "{}", outcome.stderr);
        let package: serde_json::Value =
            serde_json::from_str(&outcome.file("data/datapackage.json")).unwrap();
        package.get("licenses").cloned()
    };
    assert_eq!(
        licence_of(Some("CC-BY-4.0")),
        Some(serde_json::json!([{ "name": "CC-BY-4.0" }]))
    );
    // Words are no licence identifier: the zip's README carries them.
    assert_eq!(licence_of(Some("Creative Commons Atribusi 4.0")), None);
    assert_eq!(licence_of(None), None);
}

#[test]
fn every_json_twin_holds_exactly_its_csv() {
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    let package: serde_json::Value =
        serde_json::from_str(&outcome.file("data/datapackage.json")).unwrap();
    let resources = package["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 10, "nine tables and the workbook");
    for resource in resources
        .iter()
        .filter(|resource| resource["format"] == "csv")
    {
        let name = resource["name"].as_str().unwrap();
        let fields = resource["schema"]["fields"].as_array().unwrap();
        let csv = outcome.file(&format!("data/{name}.csv"));
        let json: serde_json::Value =
            serde_json::from_str(&outcome.file(&format!("data/{name}.json"))).unwrap();
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let field_names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(headers, field_names, "{name}: CSV header and schema");
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let objects = json.as_array().unwrap();
        assert_eq!(rows.len(), objects.len(), "{name}: row count");
        for (row, object) in rows.iter().zip(objects) {
            let keys: Vec<&String> = object.as_object().unwrap().keys().collect();
            assert_eq!(
                keys,
                headers.iter().collect::<Vec<_>>(),
                "{name}: JSON keys in column order"
            );
            for ((cell, field), header) in row.iter().zip(fields).zip(&headers) {
                let value = &object[header];
                let expected = match (cell, field["type"].as_str().unwrap()) {
                    ("", _) => serde_json::Value::Null,
                    (text, "string") => serde_json::Value::from(text),
                    (text, "integer") => serde_json::Value::from(text.parse::<i64>().unwrap()),
                    (text, _) => serde_json::Value::from(text.parse::<f64>().unwrap()),
                };
                assert_eq!(value, &expected, "{name}.{header}");
            }
        }
    }
}

#[test]
fn reconciliation_warnings_are_printed_and_published() {
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    assert_eq!(
        outcome.problems(),
        [
            "data/claims.csv:9:1: warning: JKK claim: incident on 2026-03-12 falls outside the member's covered months",
            "data/payments.csv:6:1: warning: 2026-04: 10 members billed, but 11 members are covered that month in data/members.csv",
            "site.toml: warning: base_url is empty: other sites cannot embed the charts, and citations, downloaded images and the sitemap carry no address",
            "0 errors, 3 warnings in 3 files",
        ]
    );
    let page = outcome.file("kualitas-data/index.html");
    assert!(
        page.contains("April 2026: 10 peserta ditagih, 11 tercatat aktif."),
        "{page}"
    );
    assert!(page.contains("1 klaim JKK terjadi di luar masa kepesertaan pesertanya."));
    assert!(
        !page.contains("2026-03-12"),
        "individual claim dates are health data and stay private"
    );
}

#[test]
fn the_site_has_every_page_and_nothing_from_outside() {
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    let files = tree(&outcome.output);
    let pages: Vec<&String> = files.keys().filter(|p| p.ends_with(".html")).collect();
    let mut expected: Vec<String> = [
        "anggaran",
        "cakupan",
        "cari",
        "data",
        "klaim",
        "kualitas-data",
        "laporan",
        "metodologi",
        "rilis",
    ]
    .iter()
    .map(|section| format!("{section}/index.html"))
    .collect();
    for id in [
        "budget_by_month",
        "claims_by_district",
        "claims_by_month",
        "claims_by_sector",
        "coverage_by_district",
        "coverage_by_month",
        "coverage_by_sector",
        "coverage_rate_by_district",
    ] {
        expected.push(format!("grafik/{id}/embed.html"));
        expected.push(format!("grafik/{id}/index.html"));
    }
    expected.push("index.html".to_string());
    expected.sort();
    assert_eq!(pages, expected.iter().collect::<Vec<_>>());
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("[missing text]"),
            "{path} lacks a translation"
        );
        if path.ends_with(".html") {
            for needle in ["http://", "https://", "//cdn"] {
                let allowed = needle == "http://"
                    && text.matches(needle).count()
                        == text.matches("http://www.w3.org/2000/svg").count();
                assert!(
                    !text.contains(needle) || allowed,
                    "{path} refers to {needle}"
                );
            }
            assert_links_resolve(&outcome.output, path, &text, &files);
        }
    }
}

/// Every relative href and src points at a published file.
fn assert_links_resolve(output: &Path, page: &str, html: &str, files: &BTreeMap<String, Vec<u8>>) {
    let folder = Path::new(page).parent().unwrap();
    for attribute in ["href=\"", "src=\""] {
        for piece in html.split(attribute).skip(1) {
            let target = piece.split('"').next().unwrap();
            let target = target.split('#').next().unwrap();
            if target.is_empty() {
                continue;
            }
            let mut path = PathBuf::new();
            for part in folder.join(target).components() {
                match part {
                    std::path::Component::ParentDir => {
                        path.pop();
                    }
                    std::path::Component::Normal(p) => path.push(p),
                    _ => {}
                }
            }
            let key = path.to_string_lossy().replace('\\', "/");
            assert!(
                files.contains_key(&key),
                "{page} links to {target}, which {} lacks",
                output.display()
            );
        }
    }
}

#[test]
fn narrative_shows_live_values_and_charts() {
    let fixture = Fixture::tiny();
    let home = fixture.build().file("index.html");
    assert!(
        home.contains(
            "Per 15 April 2026, 11 dari 20 pekerja tercakup (55,00%); dibayar Rp390.000 (32,50%)."
        ),
        "{home}"
    );
    assert!(home.contains("<figure class=\"figure\" id=\"coverage_by_month\""));
    let coverage = fixture.build().file("cakupan/index.html");
    assert_eq!(coverage.matches("id=\"coverage_by_month\"").count(), 1);
}

#[test]
fn a_site_template_overrides_the_built_in_one() {
    let fixture = Fixture::tiny();
    fixture.write(
        "templates/table.html",
        "<p class=\"custom\">{{ table.caption }}</p>\n",
    );
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    assert!(
        outcome
            .file("cakupan/index.html")
            .contains("<p class=\"custom\">Tabel data gambar 1: Cakupan menurut sektor</p>")
    );
    fixture.write("templates/assets/style.css", "body { color: red }\n");
    assert_eq!(
        fixture.build().file("assets/style.css"),
        "body { color: red }\n"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let first = Fixture::tiny();
    let second = Fixture::tiny();
    assert_eq!(tree(&first.build().output), tree(&second.build().output));
}

#[test]
fn rendered_pages_match_their_snapshots() {
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    for page in [
        "index",
        "cakupan/index",
        "anggaran/index",
        "klaim/index",
        "data/index",
        "metodologi/index",
        "kualitas-data/index",
        "rilis/index",
    ] {
        let name = format!("tiny_{}", page.replace("/index", "").replace('-', "_"));
        insta::assert_snapshot!(name, outcome.file(&format!("{page}.html")));
    }
}

#[test]
fn the_build_date_comes_from_source_date_epoch_or_as_of() {
    let fixture = Fixture::tiny();
    assert!(
        fixture
            .build()
            .file("index.html")
            .contains("Situs dibuat pada 15 April 2026.")
    );
    let run = |epoch: &str| {
        jaring()
            .args(["build", "--root"])
            .arg(fixture.root())
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .unwrap()
    };
    assert_eq!(run("1767225600").status.code(), Some(0));
    assert!(
        fs::read_to_string(fixture.root().join("output/index.html"))
            .unwrap()
            .contains("Situs dibuat pada 1 Januari 2026.")
    );
    let bad = run("kemarin");
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&bad.stderr).starts_with(
            "SOURCE_DATE_EPOCH: error: 'kemarin' is not a number of seconds since 1970"
        )
    );
}

#[test]
fn checksums_cover_every_data_file() {
    use sha2::{Digest, Sha256};
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    let listed = outcome.file("data/checksums.sha256");
    let data_files: Vec<String> = tree(&outcome.output.join("data"))
        .into_keys()
        .filter(|name| name != "checksums.sha256" && name != "index.html")
        .collect();
    let names: Vec<&str> = listed.lines().map(|line| &line[66..]).collect();
    assert_eq!(names, data_files);
    for line in listed.lines() {
        let (hex, name) = line.split_once("  ").unwrap();
        let digest = Sha256::digest(fs::read(outcome.output.join("data").join(name)).unwrap());
        let expected: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, expected, "{name}");
    }
}

#[test]
fn hostile_names_are_plain_text_in_every_format() {
    let fixture = Fixture::copy("hostile");
    fixture.write(
        "content/_index.md",
        "+++\ntitle = \"Beranda\"\n+++\n{{ chart(id=\"coverage_by_sector\") }}\n",
    );
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let files = tree(&outcome.output);
    for (path, bytes) in files.iter().filter(|(path, _)| {
        ![".png", ".zip", ".pdf", ".xlsx"]
            .iter()
            .any(|binary| path.ends_with(binary))
    }) {
        let text = String::from_utf8(bytes.clone()).unwrap();
        if path.ends_with(".html") {
            assert!(
                !text.contains("<script>alert"),
                "{path} has a live script tag"
            );
            assert!(!text.contains("<img src=x"), "{path} has a live img tag");
            assert!(
                !text.contains("\"><img"),
                "{path} lets a quote end an attribute"
            );
        }
        if path.ends_with(".csv") {
            assert!(
                !text.contains(",=HYPERLINK"),
                "{path} starts a cell with a formula"
            );
        }
    }
    let cakupan = outcome.file("cakupan/index.html");
    assert!(
        cakupan.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
            || cakupan.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "HTML table shows the name as text"
    );
    let svg_text = cakupan.split("<svg").nth(1).unwrap();
    assert!(
        svg_text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the chart shows the name as text"
    );
    assert!(
        outcome
            .file("data/coverage_by_sector.csv")
            .contains("ojek,\"'=HYPERLINK(\"\"http://x\"\")\",,,")
    );
    let json: serde_json::Value =
        serde_json::from_str(&outcome.file("data/coverage_by_sector.json")).unwrap();
    assert_eq!(json[0]["sector_name"], HOSTILE[1]);
    assert_eq!(json[2]["sector_name"], HOSTILE[0]);
}

#[test]
fn every_chart_has_a_page_and_downloads_that_match_the_published_tables() {
    let (_dir, site) = example_site();
    for id in CHART_IDS {
        for prefix in ["", "en/"] {
            for file in [
                "index.html",
                "embed.html",
                &format!("{id}.svg"),
                &format!("{id}.png"),
            ] {
                assert!(
                    site.join(format!("{prefix}grafik/{id}/{file}")).is_file(),
                    "{prefix}grafik/{id}/{file}"
                );
            }
            let png = fs::read(site.join(format!("{prefix}grafik/{id}/{id}.png"))).unwrap();
            let svg =
                fs::read_to_string(site.join(format!("{prefix}grafik/{id}/{id}.svg"))).unwrap();
            let svg_width: u32 = svg
                .split_once("<svg width=\"")
                .and_then(|(_, rest)| rest.split('"').next())
                .unwrap()
                .parse()
                .unwrap();
            assert_eq!(
                u32::from_be_bytes(png[16..20].try_into().unwrap()),
                2 * svg_width,
                "{id}: PNG at twice the SVG's size"
            );
            let page =
                fs::read_to_string(site.join(format!("{prefix}grafik/{id}/index.html"))).unwrap();
            assert!(
                page.contains(&format!("id=\"{id}\"")),
                "{id}: the chart keeps its anchor on its page"
            );
            // The example has no base_url: an embed code needs one.
            assert!(
                page.contains("id=\"embed\"") && !page.contains("&lt;iframe src="),
                "{id}: says embedding needs the site's address"
            );
        }
        if MAP_IDS.contains(&id) {
            continue;
        }
        let charted =
            csv_rows(&fs::read_to_string(site.join(format!("grafik/{id}/{id}.csv"))).unwrap());
        let published = csv_rows(&fs::read_to_string(site.join(format!("data/{id}.csv"))).unwrap());
        assert_eq!(charted.len(), published.len(), "{id}");
        for (chart_row, table_row) in charted.iter().zip(&published) {
            for (column, value) in chart_row {
                assert_eq!(table_row.get(column), Some(value), "{id}.{column}");
            }
        }
        let json: serde_json::Value = serde_json::from_str(
            &fs::read_to_string(site.join(format!("grafik/{id}/{id}.json"))).unwrap(),
        )
        .unwrap();
        assert_eq!(
            json.as_array().unwrap().len(),
            charted.len(),
            "{id}: JSON twin"
        );
    }
}

#[test]
fn the_data_archive_holds_every_data_file_and_a_readme() {
    let (_dir, site) = example_site();
    let file = fs::File::open(site.join("data/data-2026-10-31.zip")).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let names: Vec<String> = archive
        .file_names()
        .map(|name| name.unwrap().to_string())
        .collect();
    for table in CHART_IDS.iter().filter(|id| !MAP_IDS.contains(id)) {
        assert!(
            names.contains(&format!("data-2026-10-31/{table}.csv")),
            "{table}"
        );
        assert!(
            names.contains(&format!("data-2026-10-31/{table}.json")),
            "{table}"
        );
    }
    let mut readme = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("data-2026-10-31/README.txt").unwrap(),
        &mut readme,
    )
    .unwrap();
    assert!(
        readme.contains("Lisensi: CC-BY-4.0") && readme.contains("Licence: CC-BY-4.0"),
        "{readme}"
    );
    assert!(readme.contains("members_current (integer)"));
    assert!(
        !site.join("sitemap.xml").exists(),
        "no sitemap without base_url"
    );
    assert_eq!(
        fs::read_to_string(site.join("robots.txt")).unwrap(),
        "User-agent: *\nAllow: /\n"
    );
    let feed = fs::read_to_string(site.join("feed.xml")).unwrap();
    assert!(
        feed.contains("<title>Data per 31 Oktober 2026</title>"),
        "{feed}"
    );
}

/// The entries of a built `cari/search-index.js`.
fn search_entries(outcome: &Outcome, index: &str) -> Vec<serde_json::Value> {
    let script = outcome.file(index);
    let json = script
        .strip_prefix("window.JARING_SEARCH = ")
        .and_then(|rest| rest.strip_suffix(";\n"))
        .unwrap_or_else(|| panic!("{index} is not the index script: {script}"));
    serde_json::from_str(json).unwrap()
}

#[test]
fn the_search_index_holds_each_pages_words_without_markup() {
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let entries = search_entries(&outcome, "cari/search-index.js");
    assert!(entries.len() >= 8, "{entries:?}");
    for entry in &entries {
        let text = entry["text"].as_str().unwrap();
        for residue in [
            "<", ">", "=\"", "class=", "id=", "&amp;", "&lt;", "\u{e000}",
        ] {
            assert!(!text.contains(residue), "{residue:?} in {entry}");
        }
        assert!(!text.is_empty(), "{entry}");
    }
    let page = |url: &str| {
        entries
            .iter()
            .find(|e| e["url"] == url)
            .unwrap_or_else(|| panic!("no entry for {url}"))
    };
    let home = page("../index.html")["text"].as_str().unwrap();
    assert!(
        home.starts_with("Per 15 April 2026, 11 dari 20 pekerja tercakup (55,00%);"),
        "the narrative with its values: {home}"
    );
    let methodology = page("../metodologi/index.html");
    assert_eq!(methodology["title"], "Metodologi");
    assert!(
        methodology["text"]
            .as_str()
            .unwrap()
            .starts_with("Sumber Data uji buatan tangan.")
    );
    assert!(
        !entries.iter().any(|e| e["url"] == "../cari/index.html"),
        "the search page finds itself"
    );
}

#[test]
fn a_page_with_a_blank_title_keeps_its_sections_name() {
    let fixture = Fixture::tiny();
    fixture.write(
        "content/metodologi.md",
        "+++\ntitle = \"  \"\n+++\nSumber.\n",
    );
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let entries = search_entries(&outcome, "cari/search-index.js");
    let methodology = entries
        .iter()
        .find(|e| e["url"] == "../metodologi/index.html")
        .unwrap();
    assert_eq!(
        methodology["title"], "Metodologi",
        "search results show titles"
    );
    assert!(
        outcome
            .file("metodologi/index.html")
            .contains("<h1>Metodologi</h1>")
    );
}

#[test]
fn hostile_names_in_the_search_index_cannot_become_markup() {
    let fixture = Fixture::copy("hostile");
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let script = outcome.file("cari/search-index.js");
    for character in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
        assert!(!script.contains(character), "{character:?} in the index");
    }
    assert!(script.contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"));
    let entries = search_entries(&outcome, "cari/search-index.js");
    assert!(
        entries.iter().any(|e| e["text"]
            .as_str()
            .unwrap()
            .contains("<script>alert(1)</script>")),
        "the names are searchable as they are written"
    );
}

#[test]
fn raw_html_in_content_is_text_unless_the_site_allows_it() {
    let fixture = Fixture::tiny();
    fixture.write(
        "content/metodologi.md",
        "+++\ntitle = \"Metodologi\"\n+++\nSatu <b onclick=\"alert(1)\">tebal</b>.\n\n<script>alert(2)</script>\n",
    );
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let page = outcome.file("metodologi/index.html");
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("<b onclick"), "{page}");
    assert!(
        page.contains("<p>&lt;script&gt;alert(2)&lt;/script&gt;\n</p>"),
        "{page}"
    );
    assert!(page.contains("Satu &lt;b onclick=\"alert(1)\"&gt;tebal&lt;/b&gt;."));
    let content_problems = |outcome: &Outcome| -> Vec<String> {
        outcome
            .problems()
            .into_iter()
            .filter(|line| line.starts_with("content/"))
            .map(String::from)
            .collect()
    };
    assert_eq!(
        content_problems(&outcome),
        [
            "content/metodologi.md:4:6: warning: raw HTML is shown as text, not as markup",
            "content/metodologi.md:4:33: warning: raw HTML is shown as text, not as markup",
            "content/metodologi.md:6:1: warning: raw HTML is shown as text, not as markup",
        ]
    );
    fixture.edit("site.toml", "languages", "allow_raw_html = true\nlanguages");
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    assert!(content_problems(&outcome).is_empty(), "{}", outcome.stderr);
    let page = outcome.file("metodologi/index.html");
    assert!(
        page.contains("<script>alert(2)</script>"),
        "the agency allowed it"
    );
}
