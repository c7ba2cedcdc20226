//! The drawing's promises: legible text on screen and in print, slices
//! of tall charts, escaping.

use super::*;
use crate::render::locale::INDONESIAN;

#[test]
fn ticks_are_round_and_cover_the_maximum() {
    assert_eq!(nice_ticks(3405), [0, 1000, 2000, 3000, 4000]);
    assert_eq!(
        nice_ticks(670_680_000),
        [0, 200_000_000, 400_000_000, 600_000_000, 800_000_000]
    );
    assert_eq!(nice_ticks(7), [0, 2, 4, 6, 8]);
    assert_eq!(nice_ticks(0), [0, 1]);
}

fn bars() -> Chart {
    Chart {
        shape: Shape::Horizontal(HorizontalBars {
            categories: vec!["<b>&\"x\"".into(), "B".into()],
            series: vec![Series {
                name: "S".into(),
                color: PALETTE[0],
                values: vec![Some(3), None],
            }],
            format: NumberFormat::Count,
            suppressed_mark: "*".into(),
            whole: None,
            gap: None,
        }),
        locale: INDONESIAN,
    }
}

#[test]
fn charts_are_accessible_and_escape_text() {
    let svg = accessible(&bars().svg(), "fig", "Title <1>", "Desc & more");
    assert!(svg.starts_with("<svg width=\"420\""), "{svg}");
    assert!(svg.contains("role=\"img\" aria-labelledby=\"fig-svg-title fig-svg-desc\""));
    assert!(svg.contains("<title id=\"fig-svg-title\">Title &lt;1&gt;</title><desc id=\"fig-svg-desc\">Desc &amp; more</desc>"));
    assert!(!svg.contains("<b>"));
    assert_eq!(
        svg.matches("<rect").count(),
        1,
        "the suppressed row draws no bar"
    );
}

pub(super) fn districts(rows: usize, series: usize) -> Chart {
    Chart {
        shape: Shape::Horizontal(HorizontalBars {
            categories: (0..rows).map(|row| format!("Kecamatan {row}")).collect(),
            series: (0..series)
                .map(|index| Series {
                    name: format!("JK{index}"),
                    color: PALETTE[index],
                    values: (0..rows).map(|row| Some((row as i64 + 1) * 37)).collect(),
                })
                .collect(),
            format: NumberFormat::Count,
            suppressed_mark: "*".into(),
            whole: None,
            gap: None,
        }),
        locale: INDONESIAN,
    }
}

pub(super) fn months(values: Vec<i64>, value_labels: bool) -> Chart {
    Chart {
        shape: Shape::Monthly(MonthlyBars {
            months: values.iter().map(|_| "Jan".to_string()).collect(),
            bars: vec![Series {
                name: "S".into(),
                color: PALETTE[0],
                values: values.into_iter().map(Some).collect(),
            }],
            line: None,
            guide: None,
            reference: None,
            format: NumberFormat::Count,
            value_labels,
        }),
        locale: INDONESIAN,
    }
}

fn font_sizes(svg: &str) -> Vec<f64> {
    svg.split("font-size=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap())
        .collect()
}

#[test]
fn every_chart_reads_at_11_px_on_screen_and_8_pt_in_print() {
    let charts = [
        ("28 districts", districts(28, 1)),
        ("28 districts, two benefits", districts(28, 2)),
        ("12 sectors, two benefits", districts(12, 2)),
        ("3 sectors", districts(3, 1)),
        ("12 months", months(vec![5; 12], true)),
    ];
    for (name, chart) in charts {
        let sizes = font_sizes(&chart.svg());
        assert!(!sizes.is_empty(), "{name}: draws text");
        let smallest = sizes.iter().copied().fold(f64::INFINITY, f64::min);
        assert!(smallest >= 11.0, "{name}: {smallest} px on screen");
        // Typst scales the whole SVG, WIDTH pixels wide, to the print width.
        let points_per_pixel = chart.print_width_cm() / 2.54 * 72.0 / f64::from(WIDTH);
        let printed = smallest * points_per_pixel;
        assert!(printed >= 8.0, "{name}: {printed:.1} pt in print");
        assert!(
            chart.height() * chart.print_width_cm() / f64::from(WIDTH) <= PRINT_MAX_HEIGHT_CM + 0.1,
            "{name}: fits the page"
        );
    }
}

#[test]
fn a_chart_too_tall_for_a_page_prints_in_slices_at_a_readable_size() {
    assert_eq!(districts(28, 2).print_parts().len(), 1);
    assert_eq!(months(vec![5; 12], true).print_parts().len(), 1);
    for (rows, series) in [(40, 2), (45, 1), (60, 1), (120, 2), (514, 1)] {
        let chart = districts(rows, series);
        assert!(
            chart.smallest_print_text_pt() < PRINT_MIN_TEXT_PT,
            "{rows} rows"
        );
        let parts = chart.print_parts();
        assert!(parts.len() > 1, "{rows} rows");
        let mut labels = Vec::new();
        for part in &parts {
            let printed = part.smallest_print_text_pt();
            assert!(printed >= PRINT_MIN_TEXT_PT, "{rows} rows: {printed:.1} pt");
            let svg = part.svg();
            labels.extend((0..rows).filter(|row| svg.contains(&format!("\nKecamatan {row}\n"))));
        }
        assert_eq!(
            labels,
            (0..rows).collect::<Vec<_>>(),
            "{rows} rows: each once, in order"
        );
        // The slices keep the whole chart's scale and columns: every bar
        // of a slice, where it starts and how long it is, is a bar of
        // the whole chart.
        let bars = |svg: &str| -> Vec<String> {
            svg.split("<rect x=\"")
                .skip(1)
                .map(|rect| {
                    let x = &rect[..rect.find('"').unwrap()];
                    let width = rect.split("width=\"").nth(1).unwrap();
                    format!("{x} {}", &width[..width.find('"').unwrap()])
                })
                .collect()
        };
        let whole = bars(&chart.svg());
        for part in &parts {
            for bar in bars(&part.svg()) {
                assert!(
                    whole.contains(&bar),
                    "{rows} rows: bar {bar} is not the whole chart's"
                );
            }
        }
    }
}

#[test]
fn a_label_too_long_for_the_chart_ends_in_an_ellipsis() {
    let long = "Buruh tani penggarap lahan sawah tadah hujan dan ladang kering di kecamatan pegunungan selatan";
    let mut chart = bars();
    let Shape::Horizontal(horizontal) = &mut chart.shape else {
        unreachable!()
    };
    horizontal.categories = vec![long.into(), "Nelayan".into()];
    let svg = chart.svg();
    let label = svg
        .lines()
        .find(|line| line.starts_with("Buruh tani"))
        .unwrap();
    assert!(label.ends_with('…'), "{label}");
    assert!(text_width(label, LABEL_SIZE) <= f64::from(WIDTH), "{label}");
    assert!(svg.contains("\nNelayan\n"), "a short label stays whole");
}

#[test]
fn many_categories_get_a_row_each_with_the_label_left_of_the_bar() {
    let svg = districts(MANY_ROWS + 1, 1).svg();
    let label = svg.find("\nKecamatan 1\n").unwrap();
    let text_open = svg[..label].rfind("<text").unwrap();
    let y_of = |element: &str, attribute: &str| -> f64 {
        let from = element.find(&format!(" {attribute}=\"")).unwrap() + attribute.len() + 3;
        element[from..from + element[from..].find('"').unwrap()]
            .parse()
            .unwrap()
    };
    let label_y = y_of(&svg[text_open..label], "y");
    let bars: Vec<&str> = svg.split("<rect").skip(1).collect();
    let bar_top = y_of(bars[1], "y");
    let bar_height = y_of(bars[1], "height");
    assert!(
        (label_y - (bar_top + bar_height / 2.0)).abs() <= 1.0,
        "the second label ({label_y}) is beside the second bar ({bar_top}+{bar_height})"
    );
    assert!(svg.contains("text-anchor=\"start\""));
    let few = districts(MANY_ROWS, 1).svg();
    let few_label = few.find("\nKecamatan 1\n").unwrap();
    let few_open = few[..few_label].rfind("<text").unwrap();
    let few_bar = few.split("<rect").nth(2).unwrap();
    assert!(
        y_of(&few[few_open..few_label], "y") < y_of(few_bar, "y"),
        "a few categories keep their label above the bar"
    );
}

#[test]
fn wraps_between_words_and_within_a_word_only_when_it_is_too_long() {
    let name = "Perlindungan Jaminan Sosial Ketenagakerjaan Pekerja Rentan";
    let lines = wrap(name, 34.0, FontStyle::Bold, 700.0);
    assert_eq!(
        lines,
        [
            "Perlindungan Jaminan Sosial",
            "Ketenagakerjaan Pekerja Rentan"
        ]
    );
    let address = format!("https://example.org/{}", "grafik/".repeat(20));
    let lines = wrap(&format!("Lihat {address}"), 12.0, FontStyle::Normal, 200.0);
    assert_eq!(lines[0], "Lihat");
    assert_eq!(lines[1..].concat(), address);
    for line in &lines {
        assert!(text_width(line, 12.0) <= 200.0, "{line}");
    }
    assert!(wrap("", 12.0, FontStyle::Normal, 200.0).is_empty());
}
