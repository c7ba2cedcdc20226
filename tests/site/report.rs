//! The annual report: the PDF's text, fonts and reproducibility, its name by the
//! programme period, the annex of full tables, chart sizes readable in print.

use std::fs;

use crate::harness::*;

#[test]
fn a_report_typst_cannot_typeset_is_reported_for_each_language() {
    let fixture = Fixture::tiny();
    fixture.edit(
        "site.toml",
        "languages = [\"id\"]",
        "languages = [\"id\", \"en\"]",
    );
    fixture.write("templates/laporan.typ", "= {{ title }}\n#nope()\n");
    let outcome = fixture.build();
    assert_eq!(outcome.status, 1);
    assert_eq!(
        error_lines(&outcome),
        [
            "templates/laporan.typ: error: the PDF report en/laporan-2026.pdf cannot be typeset: laporan.typ:2: unknown variable: nope",
            "templates/laporan.typ: error: the PDF report laporan-2026.pdf cannot be typeset: laporan.typ:2: unknown variable: nope",
        ]
    );
    assert!(!outcome.output.exists());
}

#[test]
fn the_annual_report_pdf_has_the_headline_figures_as_text_and_embedded_fonts() {
    let (_dir, site) = example_site();
    for (path, figures) in [
        (
            "laporan-2026.pdf",
            [
                "3.405",
                "Rp551.496.600",
                "Rp670.680.000",
                "Laporan Tahunan 2026",
            ],
        ),
        (
            "en/laporan-2026.pdf",
            [
                "3,405",
                "IDR 551,496,600",
                "IDR 670,680,000",
                "Annual Report 2026",
            ],
        ),
    ] {
        let document = lopdf::Document::load(site.join(path)).unwrap();
        let pages = document.get_pages().len();
        assert!((12..=40).contains(&pages), "{path}: {pages} pages");
        let text = pdf_text(&document);
        for figure in figures {
            assert!(text.contains(figure), "{path} lacks {figure}");
        }
        let mut fonts = 0;
        for object in document.objects.values() {
            let Ok(dictionary) = object.as_dict() else {
                continue;
            };
            if dictionary.get(b"Type").and_then(|t| t.as_name()).ok()
                == Some(b"FontDescriptor".as_slice())
            {
                fonts += 1;
                assert!(
                    dictionary.has(b"FontFile2") || dictionary.has(b"FontFile3"),
                    "{path}: a font is not embedded"
                );
            }
        }
        assert!(fonts >= 2, "{path}: {fonts} fonts");
    }
    let page = fs::read_to_string(site.join("laporan/index.html")).unwrap();
    assert!(
        page.contains("<a href=\"../laporan-2026.pdf\">"),
        "the print page links the PDF"
    );
    assert!(
        fs::read_to_string(site.join("index.html"))
            .unwrap()
            .contains("href=\"laporan-2026.pdf\""),
        "the home page links the PDF"
    );
}

#[test]
fn each_figure_of_the_print_page_links_to_its_full_table_in_the_annex() {
    let (_dir, site) = example_site();
    for page in ["laporan/index.html", "en/laporan/index.html"] {
        let html = fs::read_to_string(site.join(page)).unwrap();
        let targets: Vec<&str> = html
            .split("href=\"#lampiran-")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
            .collect();
        // One note under each figure; the map and the rate chart share a table.
        assert!(targets.len() >= 8, "{page}: {targets:?}");
        for target in targets {
            assert!(
                html.contains(&format!("id=\"lampiran-{target}\"")),
                "{page}: nothing has the id lampiran-{target}"
            );
        }
    }
}

#[test]
fn the_report_is_reproducible() {
    let (_a, first) = example_site();
    let (_b, second) = example_site();
    assert_eq!(
        fs::read(first.join("laporan-2026.pdf")).unwrap(),
        fs::read(second.join("laporan-2026.pdf")).unwrap()
    );
}

/// The PDF's document title (its Info dictionary), as a reader's title bar shows it.
fn pdf_title(document: &lopdf::Document) -> String {
    let info = document
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .and_then(|id| document.get_dictionary(id))
        .expect("the PDF has an Info dictionary");
    let bytes = info.get(b"Title").unwrap().as_str().unwrap();
    match bytes.strip_prefix(&[0xfe, 0xff]) {
        Some(utf16) => String::from_utf16(
            &utf16
                .chunks(2)
                .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
                .collect::<Vec<_>>(),
        )
        .unwrap(),
        None => bytes.iter().map(|&byte| char::from(byte)).collect(),
    }
}

/// The text of the print page's `<h1>`, its markup taken out.
fn report_heading(report: &str) -> String {
    let start = report.find("<h1 id=\"report-title\">").unwrap();
    let heading = &report[start..start + report[start..].find("</h1>").unwrap()];
    let mut text = String::new();
    let mut in_tag = false;
    for character in heading.chars() {
        match character {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(character),
            _ => {}
        }
    }
    text
}

/// Builds the tiny site in both languages with `program.toml` changed, and
/// checks every place the report's year shows.
fn assert_report_named(change: (&str, &str), slug: &str, indonesian: &str, english: &str) {
    let fixture = Fixture::tiny();
    fixture.edit("data/program.toml", change.0, change.1).edit(
        "site.toml",
        "languages = [\"id\"]",
        "languages = [\"id\", \"en\"]",
    );
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let pdfs: Vec<String> = tree(&outcome.output)
        .into_keys()
        .filter(|path| path.ends_with(".pdf"))
        .collect();
    let pdf = format!("laporan-{slug}.pdf");
    assert_eq!(pdfs, [format!("en/{pdf}"), pdf.clone()]);
    for (prefix, title) in [("", indonesian), ("en/", english)] {
        let document =
            lopdf::Document::load(outcome.output.join(format!("{prefix}{pdf}"))).unwrap();
        assert_eq!(pdf_title(&document), title, "{prefix}{pdf}: metadata");
        let cover = pdf_text(&document)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(cover.contains(title), "{prefix}{pdf}: cover");
        let report = outcome.file(&format!("{prefix}laporan/index.html"));
        assert_eq!(report_heading(&report), title);
        assert!(report.contains(&format!("<title>{title} · Program Uji</title>")));
        assert!(report.contains(&format!("href=\"../{pdf}\"")));
        for page in ["index.html", "data/index.html"] {
            let html = outcome.file(&format!("{prefix}{page}"));
            assert!(
                html.contains(&format!("{pdf}\"")),
                "{prefix}{page} links {pdf}"
            );
        }
    }
}

#[test]
fn the_final_report_after_the_period_is_named_by_the_period_year() {
    assert_report_named(
        (
            "end = \"2026-06\"\nas_of = 2026-04-15",
            "end = \"2026-12\"\nas_of = 2027-02-15",
        ),
        "2026",
        "Laporan Tahunan 2026",
        "Annual Report 2026",
    );
}

#[test]
fn a_period_across_two_years_names_both() {
    assert_report_named(
        ("start = \"2026-01\"", "start = \"2025-07\""),
        "2025-2026",
        "Laporan Tahunan 2025/2026 (sementara, data per 15 April 2026)",
        "Annual Report 2025/2026 (interim, data as of 15 April 2026)",
    );
}

#[test]
fn a_report_of_data_before_the_period_ends_is_interim_until_as_of_reaches_the_end() {
    // The tiny period runs January to June 2026.
    assert_report_named(
        ("as_of = 2026-04-15", "as_of = 2026-06-29"),
        "2026",
        "Laporan Tahunan 2026 (sementara, data per 29 Juni 2026)",
        "Annual Report 2026 (interim, data as of 29 June 2026)",
    );
    assert_report_named(
        ("as_of = 2026-04-15", "as_of = 2026-06-30"),
        "2026",
        "Laporan Tahunan 2026",
        "Annual Report 2026",
    );
}

#[test]
fn the_report_prints_each_full_table_once_in_its_annex() {
    let (_dir, site) = example_site();
    for (path, annex, label, note, numbered) in [
        (
            "laporan-2026.pdf",
            "Lampiran: tabel data",
            "Tabel L.",
            " di Lampiran",
            "Tabel ",
        ),
        (
            "en/laporan-2026.pdf",
            "Annex: data tables",
            "Table A.",
            " in the Annex",
            "Table ",
        ),
    ] {
        let text = pdf_text(&lopdf::Document::load(site.join(path)).unwrap());
        let annex_at = text
            .rfind(annex)
            .unwrap_or_else(|| panic!("{path}: no annex"));
        for (number, id) in CHART_IDS.iter().enumerate().map(|(i, id)| (i + 1, id)) {
            let caption = format!("{label}{number}. ");
            assert_eq!(text.matches(&caption).count(), 1, "{path}: {caption}");
            assert!(
                text.find(&caption).unwrap() > annex_at,
                "{path}: {caption} in the annex"
            );
            // The coverage map's values are the coverage-rate chart's: the
            // annex prints them once, under the map's label, and the chart
            // names that table.
            let twin = |id: &str| match id {
                "coverage_rate_by_district" => Some("coverage_map"),
                _ => None,
            };
            let number_of = |id: &str| CHART_IDS.iter().position(|other| *other == id).unwrap() + 1;
            let reference = format!("{label}{number}{note}");
            let naming = CHART_IDS
                .iter()
                .filter(|other| **other == *id && twin(other).is_none() || twin(other) == Some(id))
                .count();
            assert_eq!(
                text.matches(&reference).count(),
                naming,
                "{path}: figure {number} names its annex table"
            );
            if let Some(twin) = twin(id) {
                let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
                let same = if path.starts_with("en/") {
                    "the same as"
                } else {
                    "sama dengan"
                };
                let line = format!(": {same} {label}{} ", number_of(twin));
                assert!(words.contains(&line), "{path}: {caption} says {line}");
            }
            // The example's 28 districts make long tables; its 10 sectors
            // and 10 months short ones, kept under their figure too,
            // captioned by what they show: "Tabel 4: Iuran dibayar per bulan".
            let shows = |indonesian: &'static str, english: &'static str| {
                if path.starts_with("en/") {
                    english
                } else {
                    indonesian
                }
            };
            let own_table = match *id {
                "coverage_by_sector" => Some(shows("Cakupan menurut sektor", "Coverage by sector")),
                "coverage_by_month" => Some(shows(
                    "Peserta tercakup per bulan",
                    "Members covered per month",
                )),
                "budget_by_month" => Some(shows(
                    "Iuran dibayar per bulan",
                    "Contributions paid per month",
                )),
                "claims_by_month" => Some(shows(
                    "Klaim dibayar per bulan dan manfaat",
                    "Claims paid by month and benefit",
                )),
                "claims_by_sector" => Some(shows(
                    "Klaim dibayar menurut sektor dan manfaat",
                    "Claims paid by sector and benefit",
                )),
                _ => None,
            };
            let printed_with_figure = usize::from(own_table.is_some());
            // A table of the districts is too long to print under its chart.
            let of_districts = id.ends_with("_district") || id.ends_with("_map");
            assert_eq!(printed_with_figure, usize::from(!of_districts));
            let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let captions = (1..=30)
                .filter(|n| {
                    own_table
                        .is_some_and(|shows| words.contains(&format!("{numbered}{n}: {shows}")))
                })
                .count();
            assert_eq!(
                captions, printed_with_figure,
                "{path}: figure {number}'s own table, {own_table:?}"
            );
        }
    }
}

#[test]
fn every_chart_text_is_at_least_11_px_and_districts_get_a_row_each() {
    let (_dir, site) = example_site();
    for id in CHART_IDS {
        let svg = fs::read_to_string(site.join(format!("grafik/{id}/{id}.svg"))).unwrap();
        let sizes: Vec<f64> = svg
            .split("font-size=\"")
            .skip(1)
            .map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap())
            .collect();
        assert!(!sizes.is_empty(), "{id}: has text");
        for size in sizes {
            assert!(size >= 11.0, "{id}: text of {size} px");
        }
    }
    // The chart as its page shows it, without the caption its downloads carry.
    let districts =
        fs::read_to_string(site.join("grafik/coverage_by_district/index.html")).unwrap();
    let height: f64 = districts
        .split_once("<svg width=\"420\" height=\"")
        .and_then(|(_, rest)| rest.split('"').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        height <= 28.0 * 24.0,
        "28 districts at one short row each, not {height} px"
    );
}

/// The tiny site in Indonesian and English with districts 11.01 to
/// 11.LAST (those beyond the fixture's three hold nobody).
fn bilingual_with_districts(last: usize) -> Fixture {
    let fixture = Fixture::tiny();
    fixture.edit(
        "site.toml",
        "languages = [\"id\"]",
        "languages = [\"id\", \"en\"]",
    );
    let mut districts = fs::read_to_string(fixture.root().join("data/districts.csv")).unwrap();
    for index in 4..=last {
        districts.push_str(&format!("11.{index:02},Kecamatan Uji {index},\n"));
    }
    fixture.write("data/districts.csv", &districts);
    fixture
}

#[test]
fn a_chart_too_tall_for_a_page_is_printed_in_slices() {
    // 42 districts do not fit a page at 8 pt: the three district charts
    // print in slices (the slicing itself is tested beside the charts);
    // here, the report's template typesets them, in both languages.
    let fixture = bilingual_with_districts(42);
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    for pdf in ["laporan-2026.pdf", "en/laporan-2026.pdf"] {
        let document = lopdf::Document::load(outcome.output.join(pdf)).unwrap();
        assert!(document.get_pages().len() > 12, "{pdf}");
    }
}

/// The report's content file with a foreword, a summary and a chapter of
/// conclusions.
const REPORT_PAGE: &str = r#"+++
title = "Laporan tahunan"

[foreword]
text = """
Paragraf pertama kata pengantar,
dalam dua baris.

Paragraf kedua.
"""
name = "Drs. Contoh Nama, M.Si."
position = "Kepala Dinas Uji"
place = "Kota Uji"
date = 2026-05-04
+++
Ringkasan: dibayar {{ value(key="paid") }}.

# Kesimpulan

Periode berjalan {{ value(key="elapsed_pct") }}.
"#;

#[test]
fn the_foreword_is_signed_in_words_and_the_conclusions_follow_the_data_quality() {
    let fixture = Fixture::tiny();
    fixture.write("content/laporan.md", REPORT_PAGE);
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let report = outcome.file("laporan/index.html");
    for expected in [
        "<h2 id=\"pengantar-title\">Kata pengantar</h2>",
        "<p>Paragraf pertama kata pengantar, dalam dua baris.</p>",
        "<p>Paragraf kedua.</p>",
        "<p class=\"signature\">Kota Uji, 4 Mei 2026<br>\n    Kepala Dinas Uji<br>\n    <strong class=\"signer\">Drs. Contoh Nama, M.Si.</strong></p>",
        "<li><a href=\"#bab-1\">Kesimpulan</a></li>",
        "<h2 id=\"bab-1-title\">Kesimpulan</h2>",
        // Four of the six months of the period.
        "<p>Periode berjalan 66,67%.</p>",
        "<p>Ringkasan: dibayar Rp390.000.</p>",
    ] {
        assert!(report.contains(expected), "{expected} in {report}");
    }
    // Each part's last place: the contents list the chapters before them.
    let order = |text: &str, parts: &[&str]| {
        let places: Vec<usize> = parts.iter().map(|part| text.rfind(part).unwrap()).collect();
        assert!(places.is_sorted(), "{parts:?} at {places:?}");
    };
    order(
        &report,
        &[
            "Kata pengantar",
            "Daftar isi",
            "Ringkasan: dibayar",
            "id=\"kualitas\"",
            "id=\"bab-1\"",
            "id=\"metodologi\"",
        ],
    );
    let pdf = lopdf::Document::load(outcome.output.join("laporan-2026.pdf")).unwrap();
    let text = pdf_text(&pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    order(
        &text,
        &[
            "Kata pengantar Paragraf pertama kata pengantar, dalam dua baris. Paragraf kedua.",
            "Kota Uji, 4 Mei 2026 Kepala Dinas Uji Drs. Contoh Nama, M.Si.",
            "Daftar isi",
            "Ringkasan: dibayar Rp390.000.",
            "5 Kualitas data",
            "6 Kesimpulan Periode berjalan 66,67%.",
            "7 Metodologi dan privasi",
        ],
    );
}

#[test]
fn a_foreword_is_checked_like_the_rest_of_the_front_matter() {
    let errors = errors_after(|fixture| {
        fixture.write(
            "content/laporan.md",
            &REPORT_PAGE
                .replace(
                    "name = \"Drs. Contoh Nama, M.Si.\"",
                    "name = \" \"\nsignature = \"ttd.png\"",
                )
                .replace("date = 2026-05-04", "date = \"4 Mei 2026\""),
        );
        fixture.edit(
            "content/metodologi.md",
            "+++\n## Sumber",
            "\n[foreword]\ntext = \"Salah tempat.\"\nname = \"A\"\nposition = \"B\"\n+++\n## Sumber",
        );
    });
    assert_eq!(
        errors,
        [
            "content/laporan.md:12:1: error: unknown field `signature`, expected one of `text`, `name`, `position`, `place`, `date`",
            "content/metodologi.md:6:8: error: only the report's page has a foreword",
        ]
    );
    let errors = errors_after(|fixture| {
        fixture.write(
            "content/laporan.md",
            &REPORT_PAGE
                .replace("name = \"Drs. Contoh Nama, M.Si.\"", "name = \" \"")
                .replace("date = 2026-05-04", "date = \"4 Mei 2026\""),
        );
    });
    assert_eq!(
        errors,
        [
            "content/laporan.md:11:8: error: foreword.name is empty",
            "content/laporan.md:14:8: error: foreword.date is not a date",
        ]
    );
}

#[test]
fn the_report_gives_the_address_of_a_page_it_sends_readers_to() {
    // At a threshold of 5, every claims row by sector is hidden, and the
    // figure sends readers to the totals on the Claims page.
    let fixture = Fixture::tiny();
    fixture
        .edit("site.toml", "min_cell = 3", "min_cell = 5")
        .edit(
            "site.toml",
            "title = \"Situs uji\"",
            "title = \"Situs uji\"\nbase_url = \"https://uji.example.go.id\"",
        );
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let claims = outcome.file("klaim/index.html");
    assert!(
        claims.contains("Jumlah total ada di halaman Klaim.</span>"),
        "{claims}"
    );
    let report = outcome.file("laporan/index.html");
    let online = "Jumlah total ada di halaman Klaim (https://uji.example.go.id/klaim/).";
    assert!(report.contains(online), "{report}");
    let cover =
        "Data, grafik, dan definisi lengkap ada di halaman Data (https://uji.example.go.id/data/).";
    assert!(report.contains(cover));
    let pdf = lopdf::Document::load(outcome.output.join("laporan-2026.pdf")).unwrap();
    let text = pdf_text(&pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains(online), "{text}");
    assert!(text.contains(cover));
}

#[test]
fn a_long_table_starts_a_page_and_says_where_it_continues_and_a_short_one_is_not_split() {
    let fixture = bilingual_with_districts(80);
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    for (pdf, caption, continued, annex_label, by_district, short_words, continuation) in [
        (
            "laporan-2026.pdf",
            "Tabel L.2. Peserta saat ini menurut kecamatan",
            "Tabel L.2 (lanjutan)",
            "Tabel L.",
            "kecamatan",
            ["sektor", "bulan"],
            "lanjutan",
        ),
        (
            "en/laporan-2026.pdf",
            "Table A.2. Current members by district",
            "Table A.2 (continued)",
            "Table A.",
            "district",
            ["sector", "month"],
            "continued",
        ),
    ] {
        let document = lopdf::Document::load(outcome.output.join(pdf)).unwrap();
        let page_text = |page: u32| {
            document
                .extract_text(&[page])
                .unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let pages = document.get_pages().len() as u32;
        let first = (1..=pages)
            .find(|&page| page_text(page).contains(caption))
            .unwrap_or_else(|| panic!("{pdf}: {caption}"));
        assert!(
            !page_text(first).contains(continued),
            "{pdf}: not on its first page"
        );
        // 80 rows are more than a page: the table starts a page of its own,
        // after the annex's first table.
        let before_caption = &page_text(first)[..page_text(first).find(caption).unwrap()];
        assert!(
            !before_caption.contains(annex_label),
            "{pdf}: page {first} starts with {caption}: {before_caption}"
        );
        // The tables by sector and by month are short: never split.
        let text = pdf_text(&document)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let annex = &text[text.rfind(&format!("{annex_label}1. ")).unwrap()..];
        let mut short = 0;
        for number in 1.. {
            let Some(at) = annex.find(&format!("{annex_label}{number}. ")) else {
                break;
            };
            // The caption, then the header: which word comes first tells.
            let title: String = annex[at..].chars().take(90).collect();
            let first_of = |word: &str| title.find(word).unwrap_or(usize::MAX);
            if short_words
                .iter()
                .any(|word| first_of(word) < first_of(by_district))
            {
                short += 1;
                let split = format!("{annex_label}{number} ({continuation})");
                assert!(!annex.contains(&split), "{pdf}: {title} split: {split}");
            }
        }
        assert!(short >= 4, "{pdf}: {short} short tables in the annex");
        assert!(
            page_text(first + 1).starts_with(&format!("{continued} "))
                || page_text(first + 1).contains(&format!(" {continued} ")),
            "{pdf}: page {}: {}",
            first + 1,
            page_text(first + 1)
        );
    }
}
