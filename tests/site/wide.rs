//! Wide breakdowns: a site of 40 districts charts the top and the bottom
//! 15 of each long ranking, with a break and a note, while the tables and
//! the downloads keep all 40 rows, and hidden rows stay out of the ranking.

use crate::harness::*;
use crate::spreadsheet::Workbook;

const DISTRICTS: usize = 40;
/// Districts 36 to 40 have one member each: hidden (min_cell 3), five in
/// all, so no other row has to be hidden with them.
const SHOWN: usize = 35;

/// Members of district `k` (1-based): 3 to 14 among the shown, with ties
/// (the privacy rule hides one of the 3s too).
fn members_of(k: usize) -> usize {
    if k <= SHOWN { 3 + k % 12 } else { 1 }
}

fn name_of(k: usize) -> String {
    format!("Distrik {k:02}")
}

/// The tiny site with 40 districts; its members keep the tiny site's first
/// ids, so its claims still find them.
fn wide_site() -> Fixture {
    let fixture = Fixture::tiny();
    let mut districts = String::from("code,name,eligible\n");
    let mut members =
        String::from("member_id,sector,district,gender,age_band,covered_from,covered_until\n");
    let mut id = 0;
    for k in 1..=DISTRICTS {
        districts += &format!("11.{k:02},{},100\n", name_of(k));
        for _ in 0..members_of(k) {
            id += 1;
            members += &format!("M{id:02},petani,11.{k:02},L,25-34,2026-01,\n");
        }
    }
    fixture.write("data/districts.csv", &districts);
    fixture.write("data/members.csv", &members);
    fixture
}

/// The names the chart should show: the ranking by the published members
/// (descending, ties in the table's order), rows hidden in it left out, its
/// first and last 15.
fn expected_ends(published_csv: &str) -> Vec<String> {
    let mut ranked: Vec<(String, u64)> = published_csv
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            Some((cells[1].to_string(), cells[2].parse().ok()?))
        })
        .collect();
    ranked.sort_by_key(|(_, members)| std::cmp::Reverse(*members));
    let shown = ranked.len();
    assert!(shown > 30 && shown < DISTRICTS, "{shown} shown");
    ranked[..15]
        .iter()
        .chain(&ranked[shown - 15..])
        .map(|(name, _)| name.clone())
        .collect()
}

/// The row labels of a bar chart's SVG, in their order.
fn chart_names(svg: &str) -> Vec<String> {
    svg.split('>')
        .filter_map(|piece| piece.strip_suffix("</text"))
        .map(str::trim)
        .filter(|text| text.starts_with("Distrik"))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_chart_of_forty_districts_shows_the_top_and_bottom_fifteen_and_the_tables_keep_all() {
    let fixture = wide_site();
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);

    let published = outcome.file("data/coverage_by_district.csv");
    let svg = outcome.file("grafik/coverage_by_district/coverage_by_district.svg");
    assert_eq!(chart_names(&svg), expected_ends(&published));
    assert_eq!(
        svg.matches("<rect").count(),
        1 + 30,
        "the background, and a bar a row"
    );
    assert!(svg.contains("… 10 kecamatan lain ada di tabel …"));
    assert!(
        svg.contains("15 tertinggi dan 15 terendah dari 40 kecamatan;"),
        "the download says what it shows"
    );
    assert!(
        !svg.contains("Distrik 36"),
        "a hidden row is in neither end"
    );

    let note = "15 tertinggi dan 15 terendah dari 40 kecamatan; semua baris ada di tabel.";
    let section = outcome.file("cakupan/index.html");
    assert!(
        section.contains(note),
        "the section says what the chart shows"
    );
    assert!(
        section.contains("<desc id=\"coverage_by_district-svg-desc\">")
            && section
                .split("coverage_by_district-svg-desc\">")
                .nth(1)
                .unwrap()[..600]
                .contains(note),
        "so does the chart's description"
    );
    // The section's table scrolls in a box of its own; the chart page's is
    // shown whole.
    let box_of = |html: &str| {
        let caption = "aria-label=\"Tabel data gambar 2: Cakupan menurut kecamatan\"";
        let at = html.find(caption).expect("the district table");
        let start = html[..at].rfind("<div").unwrap();
        html[start..at].to_string()
    };
    assert!(box_of(&section).contains("class=\"table-scroll long\""));
    let page = outcome.file("grafik/coverage_by_district/index.html");
    assert!(page.contains(note));
    assert!(!page.contains("table-scroll long"));
    for k in 1..=DISTRICTS {
        let row = format!("<th scope=\"row\">{}</th>", name_of(k));
        assert_eq!(
            page.matches(&row).count(),
            1,
            "the chart page's table: {row}"
        );
        assert!(section.contains(&row), "the section's table: {row}");
    }

    let csv = outcome.file("grafik/coverage_by_district/coverage_by_district.csv");
    assert_eq!(csv.lines().count(), 1 + DISTRICTS, "{csv}");
    assert!(csv.contains("11.36,Distrik 36,\n") || csv.contains("11.36,Distrik 36,\r\n"));
    let json: serde_json::Value = serde_json::from_str(
        &outcome.file("grafik/coverage_by_district/coverage_by_district.json"),
    )
    .unwrap();
    assert_eq!(json.as_array().unwrap().len(), DISTRICTS);
    let workbook = Workbook::open(
        &outcome
            .output
            .join("grafik/coverage_by_district/coverage_by_district.xlsx"),
    );
    assert_eq!(workbook.cells("coverage_by_district").len(), 1 + DISTRICTS);
}

#[test]
fn a_short_ranking_is_charted_whole() {
    let fixture = Fixture::tiny();
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    let section = outcome.file("cakupan/index.html");
    assert!(!section.contains("tertinggi dan"));
    assert!(!section.contains("lain ada di tabel"));
    assert!(!section.contains("table-scroll long"));
}
