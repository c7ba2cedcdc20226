use geo::{LineString, MultiPolygon, Polygon};

use super::*;
use crate::render::charts::{Caption, Chart, Shape};
use crate::render::locale::{ENGLISH, INDONESIAN};

fn ring(points: &[(f64, f64)]) -> LineString<f64> {
    let mut points = points.to_vec();
    points.push(points[0]);
    LineString::from(points)
}

fn square(x: f64, y: f64, side: f64) -> Vec<(f64, f64)> {
    vec![(x, y), (x + side, y), (x + side, y + side), (x, y + side)]
}

/// Not Lebak: a made-up region north of the equator, 1,8 degrees wide: a
/// district with a hole, the enclave filling it, and a district of three
/// islands, one far smaller than a pixel.
fn second_region() -> Vec<MapDistrict> {
    let holed = Polygon::new(
        ring(&square(120.0, 1.0, 1.0)),
        vec![ring(&square(120.4, 1.4, 0.2))],
    );
    let enclave = Polygon::new(ring(&square(120.4, 1.4, 0.2)), vec![]);
    let islands = vec![
        Polygon::new(ring(&square(121.2, 1.0, 0.5)), vec![]),
        Polygon::new(ring(&square(121.5, 1.7, 0.3)), vec![]),
        Polygon::new(ring(&square(121.0, 1.9, 0.0005)), vec![]),
    ];
    vec![
        MapDistrict {
            name: "Kota <Lama> & \"Baru\"".into(),
            shape: MultiPolygon::new(vec![holed]),
            value: MapValue::Shown(740),
        },
        MapDistrict {
            name: "Enklave".into(),
            shape: MultiPolygon::new(vec![enclave]),
            value: MapValue::Suppressed,
        },
        MapDistrict {
            name: "Kepulauan".into(),
            shape: MultiPolygon::new(islands),
            value: MapValue::Missing,
        },
    ]
}

fn map(districts: Vec<MapDistrict>) -> DistrictMap {
    DistrictMap {
        id: "coverage_map".into(),
        districts,
        without_boundary: Vec::new(),
        format: NumberFormat::Percent,
        legend_title: "Cakupan".into(),
        suppressed_label: "Disembunyikan (*)".into(),
        missing_label: "Tidak ada data".into(),
    }
}

/// The path data of each `<path>` of the districts, in order.
fn district_paths(svg: &str) -> Vec<&str> {
    // The hatching's pattern, in <defs>, draws no district.
    let drawn = svg.find("</defs>").map_or(svg, |end| &svg[end..]);
    drawn
        .split("<path d=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .filter(|d| d.starts_with('M'))
        .collect()
}

fn numbers(path: &str) -> Vec<i64> {
    path.split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .filter(|n| !n.is_empty())
        .map(|n| n.parse().unwrap())
        .collect()
}

#[test]
fn a_second_region_draws_every_district_with_its_holes_and_islands_in_the_frame() {
    let map = map(second_region());
    let svg = map.svg(&INDONESIAN);
    let paths = district_paths(&svg);
    assert_eq!(paths.len(), 3, "{svg}");
    assert_eq!(paths[0].matches('M').count(), 2, "outer ring and hole");
    assert_eq!(paths[1].matches('M').count(), 1);
    assert_eq!(
        paths[2].matches('M').count(),
        2,
        "two islands: the one smaller than a pixel is dropped"
    );
    assert!(svg.contains("fill-rule=\"evenodd\""), "holes stay holes");
    let height = map.height();
    for path in &paths {
        let coordinates = numbers(path);
        for pair in coordinates.chunks(2) {
            assert!((0..=WIDTH as i64).contains(&pair[0]), "{path}");
            assert!((0..=height as i64).contains(&pair[1]), "{path}");
        }
    }
    // 1,8 degrees wide at 1,5° N and a degree tall: the width decides.
    let xs: Vec<i64> = paths.iter().flat_map(|p| numbers(p)).step_by(2).collect();
    assert_eq!(
        (xs.iter().min(), xs.iter().max()),
        (Some(&4), Some(&416)),
        "fitted to the width within the margins"
    );
}

#[test]
fn each_district_is_titled_and_filled_by_its_value_and_the_legend_names_every_fill() {
    let svg = map(second_region()).svg(&INDONESIAN);
    assert!(svg.contains("<title>Kota &lt;Lama&gt; &amp; &quot;Baru&quot;: 7,40%</title>"));
    assert!(
        svg.contains("fill=\"url(#coverage_map-hatch)\"><title>Enklave: Disembunyikan (*)</title>")
    );
    assert!(svg.contains("fill=\"#cccccc\"><title>Kepulauan: Tidak ada data</title>"));
    assert!(!svg.contains("<Lama>"));
    for legend in [
        ">Cakupan</text>",
        ">7,40%</text>",
        ">Disembunyikan (*)</text>",
        ">Tidak ada data</text>",
    ] {
        assert!(svg.contains(legend), "{legend} in {svg}");
    }
    assert_eq!(svg.matches("<pattern id=\"coverage_map-hatch\"").count(), 1);
}

#[test]
fn a_tall_region_is_narrower_and_centred() {
    let tall = vec![MapDistrict {
        name: "Tinggi".into(),
        shape: MultiPolygon::new(vec![Polygon::new(
            ring(&[(100.0, -3.0), (100.5, -3.0), (100.5, 0.0), (100.0, 0.0)]),
            vec![],
        )]),
        value: MapValue::Shown(3),
    }];
    let map = map(tall);
    let svg = map.svg(&ENGLISH);
    let coordinates = numbers(district_paths(&svg)[0]);
    let xs: Vec<i64> = coordinates.iter().copied().step_by(2).collect();
    let ys: Vec<i64> = coordinates.iter().copied().skip(1).step_by(2).collect();
    assert_eq!(
        (ys.iter().min(), ys.iter().max()),
        (Some(&4), Some(&(4 + MAX_MAP_HEIGHT as i64)))
    );
    let (left, right) = (*xs.iter().min().unwrap(), *xs.iter().max().unwrap());
    assert!(
        (left + right - WIDTH as i64).abs() <= 1,
        "centred: {left}..{right}"
    );
    assert!(right - left < 100, "narrow: {left}..{right}");
}

#[test]
fn the_download_sets_the_map_below_its_caption_and_its_png_is_that_drawing() {
    let chart = Chart {
        shape: Shape::Map(map(second_region())),
        locale: INDONESIAN,
    };
    let caption = Caption {
        title: "Peta cakupan".into(),
        takeaway: "Cakupan tertinggi di Kota Lama.".into(),
        footer: vec!["Sumber: Dinas.".into(), "Batas wilayah: contoh.".into()],
    };
    let svg = chart.download_svg(&caption, 2.0);
    assert!(
        svg.contains(">Peta cakupan</text>") || svg.contains("\nPeta cakupan\n"),
        "{svg}"
    );
    assert_eq!(district_paths(&svg).len(), 3);
    assert!(svg.contains(&format!("viewBox=\"0 0 {WIDTH} {}\"", chart.height())));
    let png = chart.download_png(&caption, 2.0);
    let (frame, pixels) = crate::render::charts::encoding::decoded(&png);
    let width_of = |svg: &str| -> u32 {
        let from = svg.find("width=\"").unwrap() + 7;
        svg[from..from + svg[from..].find('"').unwrap()]
            .parse()
            .unwrap()
    };
    assert_eq!(frame.width, width_of(&svg));
    // The enclave's hatch and the classes' colours are drawn, not only text.
    let colours: std::collections::BTreeSet<&[u8]> = pixels.chunks(3).collect();
    assert!(colours.len() > 20, "{} colours", colours.len());
    assert_eq!(png, chart.download_png(&caption, 2.0), "reproducible");
}

#[test]
fn no_district_with_a_boundary_draws_nothing_but_stays_valid() {
    let empty = map(Vec::new());
    assert_eq!(empty.height(), 0.0);
    assert!(
        empty
            .svg(&INDONESIAN)
            .starts_with("<svg width=\"420\" height=\"0\"")
    );
}
