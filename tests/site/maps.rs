//! The district maps: drawn from `data/districts.geojson` when a site has
//! it (the example's Lebak, a second made-up region), hiding exactly what
//! the tables hide, in every place a figure goes; the file checked like
//! every input.

use std::fs;

use crate::harness::*;

const GEO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/geo");

fn geo_fixture(name: &str) -> String {
    fs::read_to_string(format!("{GEO}/{name}.geojson")).unwrap()
}

/// The tiny site with the boundaries of `name` from `tests/fixtures/geo`.
fn tiny_with(name: &str) -> Fixture {
    let fixture = Fixture::tiny();
    fixture.write("data/districts.geojson", &geo_fixture(name));
    fixture
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

/// The district `<path>`s of a map's SVG: (path data, title).
fn district_paths(svg: &str) -> Vec<(String, String)> {
    // The hatching's pattern, in <defs>, draws no district.
    let drawn = svg.find("</defs>").map_or(svg, |end| &svg[end..]);
    drawn
        .split("<path d=\"M")
        .skip(1)
        .map(|rest| {
            let data = rest[..rest.find('"').unwrap()].to_string();
            let title = rest.split("<title>").nth(1).unwrap();
            (data, title[..title.find("</title>").unwrap()].to_string())
        })
        .collect()
}

#[test]
fn a_second_regions_boundaries_draw_a_map_in_every_place_a_figure_goes() {
    let fixture = tiny_with("second-region");
    fixture.write(
        "site.toml",
        "title = \"Situs uji\"\nlanguages = [\"id\"]\n\n[privacy]\nmin_cell = 3\n\n[map]\ncredit = \"Peta Uji © Badan Contoh, CC-BY-4.0\"\n",
    );
    fixture.edit(
        "content/_index.md",
        "{{ chart(id=\"coverage_by_month\") }}",
        "{{ chart(id=\"coverage_map\") }}",
    );
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    // Three districts a few degrees across, not Lebak's 28: one with a hole
    // (the enclave in it is another district), one of three islands.
    let svg = outcome.file("grafik/coverage_map/coverage_map.svg");
    let paths = district_paths(&svg);
    let titles: Vec<&str> = paths.iter().map(|(_, title)| title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Kota Baru: 5,00%",
            "Pantai: Disembunyikan (*)",
            "Gunung: Disembunyikan (*)"
        ]
    );
    assert_eq!(paths[0].0.matches('Z').count(), 2, "Kota Baru has its hole");
    assert_eq!(paths[1].0.matches('Z').count(), 3, "Pantai's three islands");
    assert!(svg.contains("role=\"img\""));
    // Placed in the home page's text; on its section page and its own page.
    let home = outcome.file("index.html");
    assert!(home.contains("<title>Kota Baru: 5,00%</title>"), "{home}");
    let coverage = outcome.file("cakupan/index.html");
    assert!(coverage.contains("Peta cakupan per kecamatan"));
    for file in [
        "index.html",
        "embed.html",
        "coverage_map.png",
        "coverage_map.csv",
        "coverage_map.json",
    ] {
        assert!(
            outcome
                .output
                .join("grafik/coverage_map")
                .join(file)
                .exists(),
            "{file}"
        );
    }
    assert_eq!(
        outcome.file("grafik/coverage_map/coverage_map.csv"),
        "district,district_name,coverage_pct\r\n11.01,Kota Baru,5.00\r\n11.02,Pantai,\r\n11.03,Gunung,\r\n"
    );
    // Credited with the map, on Metodologi and in the data's README.
    let page = outcome.file("grafik/coverage_map/index.html");
    assert!(
        page.contains("Batas wilayah: Peta Uji © Badan Contoh, CC-BY-4.0."),
        "{page}"
    );
    assert!(
        outcome
            .file("metodologi/index.html")
            .contains("Batas wilayah pada peta: Peta Uji")
    );
    let zip = fs::File::open(outcome.output.join("data/data-2026-04-15.zip"));
    let mut archive = zip::ZipArchive::new(zip.unwrap()).unwrap();
    let mut readme = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("data-2026-04-15/README.txt").unwrap(),
        &mut readme,
    )
    .unwrap();
    assert!(
        readme.contains("Batas wilayah pada peta di situs: Peta Uji"),
        "{readme}"
    );
    // In the search index, the report's page and its PDF.
    assert!(
        outcome
            .file("cari/search-index.js")
            .contains("Peta cakupan per kecamatan")
    );
    assert!(
        outcome
            .file("laporan/index.html")
            .contains("<title>Kota Baru: 5,00%</title>")
    );
    let pdf = lopdf::Document::load(outcome.output.join("laporan-2026.pdf")).unwrap();
    assert!(pdf_text(&pdf).contains("Peta cakupan per kecamatan"));
    // Nothing of the file but the shapes is published.
    for (path, bytes) in tree(&outcome.output) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("Rahasia Sekali"), "{path}");
        assert!(!text.contains("kecamatan_uji"), "{path}");
    }
}

#[test]
fn without_boundaries_there_is_no_map_and_a_map_placed_in_the_text_is_left_out() {
    let fixture = Fixture::tiny();
    fixture.edit(
        "content/_index.md",
        "{{ chart(id=\"coverage_by_month\") }}",
        "{{ chart(id=\"claims_map\") }}",
    );
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    assert!(!outcome.output.join("grafik/claims_map").exists());
    assert!(!outcome.output.join("grafik/coverage_map").exists());
    assert!(!outcome.file("index.html").contains("data-jaring-figure"));
    assert!(outcome.problems().contains(
        &"content/_index.md: warning: chart 'claims_map' is a map, and the site has no district boundaries: it is left out"
    ));
}

#[test]
fn the_example_maps_lebak_within_60_kb_and_hides_exactly_what_the_tables_hide() {
    let (_dir, site) = example_site();
    let read = |path: &str| fs::read_to_string(site.join(path)).unwrap();
    for id in ["coverage_map", "claims_map"] {
        let svg = read(&format!("grafik/{id}/{id}.svg"));
        assert!(svg.len() < 60_000, "{id}: {} bytes", svg.len());
        assert_eq!(district_paths(&svg).len(), 28, "{id}");
    }
    // Coverage: the published rate of every district, hidden where the table hides it.
    let mapped = json(&read("grafik/coverage_map/coverage_map.json"));
    let table = json(&read("data/coverage_rate_by_district.json"));
    let rows = table.as_array().unwrap();
    assert_eq!(mapped.as_array().unwrap().len(), rows.len());
    for (mapped, row) in mapped.as_array().unwrap().iter().zip(rows) {
        assert_eq!(mapped["district"], row["district"]);
        assert_eq!(mapped["coverage_pct"], row["coverage_pct"]);
    }
    let svg = read("grafik/coverage_map/coverage_map.svg");
    assert!(svg.contains("<title>Rangkasbitung: 8,95%</title>"), "{svg}");
    // Claims: a rate only where every number it is made of is published.
    let claims = csv_rows(&read("data/claims_by_district.csv"));
    let coverage = csv_rows(&read("data/coverage_by_district.csv"));
    let rates = json(&read("grafik/claims_map/claims_map.json"));
    for rate in rates.as_array().unwrap() {
        let code = rate["district"].as_str().unwrap();
        let hidden = claims
            .iter()
            .chain(&coverage)
            .filter(|row| row["district"] == code)
            .any(|row| {
                row.get("claims")
                    .or(row.get("members_ever"))
                    .unwrap()
                    .is_empty()
            });
        assert_eq!(rate["claims_per_1000"].is_null(), hidden, "{code}");
    }
    // The example's JKM claims are hidden in every district, so no rate is
    // shown: the Klaim page says so instead of a map of hatches.
    let klaim = read("klaim/index.html");
    assert!(klaim.contains(
        "Tidak ada angka klaim per kecamatan yang dapat ditampilkan: di setiap kecamatan"
    ));
    let metodologi = read("metodologi/index.html");
    assert!(
        metodologi.contains("wilayah_boundaries © 2024 Cahya DSN"),
        "credited"
    );
}

#[test]
fn boundary_problems_are_reported_at_their_feature_with_its_number_and_code() {
    let cases = [
        (
            "unknown-code",
            "data/districts.geojson:5:1: error: feature 1 (code '11.10'): the code is not in data/districts.csv",
        ),
        (
            "wrong-geometry",
            "data/districts.geojson:6:1: error: feature 2 (code '11.02'): its geometry is a Point, not a Polygon or MultiPolygon",
        ),
        (
            "bad-json",
            "data/districts.geojson:5:1: error: invalid JSON: expected `,` or `]`",
        ),
    ];
    for (name, expected) in cases {
        let errors = errors_after(|f| {
            f.write("data/districts.geojson", &geo_fixture(name));
        });
        assert_eq!(errors, [expected], "{name}");
    }
}

#[test]
fn a_code_written_another_way_is_named_with_the_code_it_stands_for() {
    let outcome = failed_build(|f| {
        let text = geo_fixture("second-region").replace("\"code\":\"11.02\"", "\"code\":\"1102\"");
        f.write("data/districts.geojson", &text);
    });
    assert_eq!(
        outcome.stderr,
        "\
data/districts.geojson: warning: district '11.02' (Pantai) has no feature: the maps list it as having no boundary
  hint: add a feature with \"properties\": {\"code\": \"11.02\"} and its Polygon
data/districts.geojson:6:1: error: feature 2 (code '1102'): the code is not in data/districts.csv
  hint: did you mean '11.02'?
site.toml: warning: base_url is empty: other sites cannot embed the charts, and citations, downloaded images and the sitemap carry no address
  hint: set base_url to the address the site is published at, e.g. \"https://disnaker.lebakkab.go.id/data\"
1 error, 2 warnings in 2 files
nothing written: fix the errors above and run again
"
    );
}

#[test]
fn a_district_without_a_feature_is_a_warning_and_listed_under_the_map() {
    let fixture = tiny_with("missing-feature");
    let outcome = fixture.build();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains(
            "data/districts.geojson: warning: district '11.03' (Gunung) has no feature: the maps list it as having no boundary\n  hint: add a feature with \"properties\": {\"code\": \"11.03\"} and its Polygon\n"
        ),
        "{}",
        outcome.stderr
    );
    assert!(outcome.stderr.contains(
        "data/districts.geojson: warning: the boundaries' source is not credited: the maps will name no source for them"
    ));
    let svg = outcome.file("grafik/coverage_map/coverage_map.svg");
    assert_eq!(district_paths(&svg).len(), 2);
    let page = outcome.file("grafik/coverage_map/index.html");
    assert!(page.contains("Tidak tampil di peta karena batas wilayahnya tidak tersedia: Gunung."));
    assert!(
        fixture.run(&["build", "--deny-warnings"]).status == 1,
        "a missing boundary is a warning --deny-warnings refuses"
    );
}
