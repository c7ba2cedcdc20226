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
        assert!(pdf_text(&document).contains(title), "{prefix}{pdf}: cover");
        let report = outcome.file(&format!("{prefix}laporan/index.html"));
        assert!(
            report.contains(&format!("<h1 id=\"report-title\">{title}</h1>")),
            "{report}"
        );
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
        "Laporan Tahunan 2025/2026",
        "Annual Report 2025/2026",
    );
}

#[test]
fn the_report_prints_each_full_table_once_in_its_annex() {
    let (_dir, site) = example_site();
    for (path, annex, label, note, own_table) in [
        (
            "laporan-2026.pdf",
            "Lampiran: tabel data",
            "Tabel L.",
            " di Lampiran",
            "Tabel data gambar ",
        ),
        (
            "en/laporan-2026.pdf",
            "Annex: data tables",
            "Table A.",
            " in the Annex",
            "Data table for figure ",
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
            let reference = format!("{label}{number}{note}");
            assert_eq!(
                text.matches(&reference).count(),
                1,
                "{path}: figure {number} names its annex table"
            );
            // The example's 28 districts make long tables; its 10 sectors
            // and 10 months short ones, kept under their figure too.
            let printed_with_figure = usize::from(!id.ends_with("_district"));
            assert_eq!(
                text.matches(&format!("{own_table}{number}")).count(),
                printed_with_figure,
                "{path}: figure {number}'s own table"
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

#[test]
fn a_chart_too_tall_for_a_page_is_printed_in_slices() {
    // 42 districts do not fit a page at 8 pt: the three district charts
    // print in slices (the slicing itself is tested beside the charts);
    // here, the report's template typesets them, in both languages.
    let fixture = Fixture::tiny();
    fixture.edit(
        "site.toml",
        "languages = [\"id\"]",
        "languages = [\"id\", \"en\"]",
    );
    let mut districts = fs::read_to_string(fixture.root().join("data/districts.csv")).unwrap();
    for index in 4..=42 {
        districts.push_str(&format!("11.{index:02},Kecamatan Uji {index},\n"));
    }
    fixture.write("data/districts.csv", &districts);
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    for pdf in ["laporan-2026.pdf", "en/laporan-2026.pdf"] {
        let document = lopdf::Document::load(outcome.output.join(pdf)).unwrap();
        assert!(document.get_pages().len() > 12, "{pdf}");
    }
}
