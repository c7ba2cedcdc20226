//! Charts drawn with plotters into SVG at build time: no JavaScript, no
//! fonts to load. Two shapes cover every figure: horizontal bars for
//! categories (labels above the bars, so long names stay readable on a
//! phone) and vertical bars by month, optionally with a line and a
//! reference line.
//!
//! Layout is computed here in pixels; plotters draws the elements. Every
//! chart is made accessible afterwards by [`accessible`].

use super::escape::escape_xml;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Natural width of every chart: narrow enough that text stays legible when
/// a 360 px phone scales it down, wide enough for a desktop column.
pub const WIDTH: u32 = 420;
const FONT: &str = "sans-serif";
const LABEL_SIZE: f64 = 15.0;
const VALUE_SIZE: f64 = 13.0;
const AXIS_SIZE: f64 = 12.5;
const TEXT: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
const MUTED: RGBColor = RGBColor(0x4d, 0x4d, 0x4d);
const GRID: RGBColor = RGBColor(0xd9, 0xd9, 0xd9);

/// Colours with at least 3:1 contrast on white (WCAG non-text contrast),
/// distinguishable with the common colour-vision deficiencies.
pub const PALETTE: [RGBColor; 4] = [
    RGBColor(0x1f, 0x5f, 0x99),
    RGBColor(0xb3, 0x59, 0x00),
    RGBColor(0x2e, 0x7d, 0x32),
    RGBColor(0x6a, 0x3d, 0x9a),
];
const REFERENCE: RGBColor = RGBColor(0xb0, 0x1f, 0x1f);

pub struct Series {
    pub name: String,
    pub color: RGBColor,
    /// One value per category; None draws no bar, only the suppressed mark.
    pub values: Vec<Option<i64>>,
}

pub struct HorizontalBars<'a> {
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    pub value_label: &'a dyn Fn(i64) -> String,
    pub suppressed_mark: &'a str,
}

pub struct MonthlyBars<'a> {
    pub months: Vec<String>,
    pub bars: Vec<Series>,
    /// A line over the bars, e.g. the cumulative total.
    pub line: Option<Series>,
    /// A horizontal reference, e.g. the allocation, with its label.
    pub reference: Option<(i64, String)>,
    pub axis_label: &'a dyn Fn(i64) -> String,
    /// Value labels above bars, when they fit.
    pub value_label: Option<&'a dyn Fn(i64) -> String>,
}

type Area<'b> = DrawingArea<SVGBackend<'b>, Shift>;

fn style(size: f64, color: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    // plotters divides font sizes by 1.24 when writing SVG; undo that so the
    // sizes above are the pixel sizes readers get.
    (FONT, size * 1.24)
        .into_font()
        .color(&color)
        .pos(Pos::new(h, v))
}

/// Rough text width in pixels: what plotters' SVG backend cannot measure.
fn text_width(text: &str, size: f64) -> i32 {
    (text.chars().count() as f64 * size * 0.56).ceil() as i32
}

pub fn horizontal_bars(chart: &HorizontalBars) -> String {
    let series_count = chart.series.len().max(1) as i32;
    let bar_height = if series_count == 1 { 18 } else { 14 };
    let legend_height = if chart.series.len() > 1 { 30 } else { 0 };
    let block_height = 22 + series_count * (bar_height + 4) + 10;
    let height = (legend_height + chart.categories.len() as i32 * block_height + 6).max(40) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        draw_legend(&root, &chart.series, 4);
        let max_label = chart
            .series
            .iter()
            .flat_map(|s| s.values.iter().flatten())
            .map(|&v| text_width(&(chart.value_label)(v), VALUE_SIZE))
            .max()
            .unwrap_or(0);
        let left = 4;
        // With several series, each bar is tagged with its series name, so a
        // row without a bar (zero or suppressed) still says which it is.
        let tag_width = if chart.series.len() > 1 {
            chart
                .series
                .iter()
                .map(|s| text_width(&s.name, VALUE_SIZE))
                .max()
                .unwrap_or(0)
                + 8
        } else {
            0
        };
        let bar_left = left + tag_width;
        let plot_width = (WIDTH as i32 - bar_left - max_label - 12).max(40);
        let max_value = chart
            .series
            .iter()
            .flat_map(|s| s.values.iter().flatten())
            .copied()
            .max()
            .unwrap_or(0)
            .max(1);
        for (index, category) in chart.categories.iter().enumerate() {
            let top = legend_height + index as i32 * block_height;
            let _ = root.draw(&Text::new(
                category.clone(),
                (left, top + 16),
                style(LABEL_SIZE, TEXT, HPos::Left, VPos::Bottom),
            ));
            for (series_index, series) in chart.series.iter().enumerate() {
                let bar_top = top + 22 + series_index as i32 * (bar_height + 4);
                let middle = bar_top + bar_height / 2;
                if tag_width > 0 {
                    let _ = root.draw(&Text::new(
                        series.name.clone(),
                        (left, middle),
                        style(VALUE_SIZE, MUTED, HPos::Left, VPos::Center),
                    ));
                }
                let left = bar_left;
                match series.values.get(index).copied().flatten() {
                    Some(value) => {
                        let length =
                            ((value as f64 / max_value as f64) * plot_width as f64).round() as i32;
                        if length > 0 {
                            let _ = root.draw(&Rectangle::new(
                                [(left, bar_top), (left + length, bar_top + bar_height)],
                                series.color.filled(),
                            ));
                        }
                        let _ = root.draw(&Text::new(
                            (chart.value_label)(value),
                            (left + length + 5, middle),
                            style(VALUE_SIZE, TEXT, HPos::Left, VPos::Center),
                        ));
                    }
                    None => {
                        let _ = root.draw(&Text::new(
                            chart.suppressed_mark.to_string(),
                            (left + 2, middle),
                            style(VALUE_SIZE, MUTED, HPos::Left, VPos::Center),
                        ));
                    }
                }
            }
        }
        let _ = root.present();
    }
    svg
}

fn draw_legend(root: &Area, series: &[Series], left: i32) {
    if series.len() < 2 {
        return;
    }
    let mut x = left;
    for entry in series {
        let _ = root.draw(&Rectangle::new(
            [(x, 8), (x + 14, 22)],
            entry.color.filled(),
        ));
        let _ = root.draw(&Text::new(
            entry.name.clone(),
            (x + 20, 15),
            style(VALUE_SIZE, TEXT, HPos::Left, VPos::Center),
        ));
        x += 20 + text_width(&entry.name, VALUE_SIZE) + 18;
    }
}

/// Round tick steps (1, 2, 2.5 or 5 times a power of ten) giving about five ticks.
pub fn nice_ticks(max: i64) -> Vec<i64> {
    let max = max.max(1);
    let rough = max as f64 / 5.0;
    let magnitude = 10f64.powi(rough.log10().floor() as i32);
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|factor| factor * magnitude)
        .find(|step| *step >= rough)
        .unwrap_or(10.0 * magnitude)
        .max(1.0) as i64;
    let mut ticks = vec![0];
    while *ticks.last().expect("starts with 0") < max {
        ticks.push(ticks.last().expect("starts with 0") + step);
    }
    ticks
}

pub fn monthly_bars(chart: &MonthlyBars) -> String {
    const HEIGHT: u32 = 300;
    let top = if chart.bars.len() + usize::from(chart.line.is_some()) > 1 {
        40
    } else {
        16
    };
    let bottom = HEIGHT as i32 - 28;
    let mut highest = chart
        .bars
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .copied()
        .max()
        .unwrap_or(0);
    if let Some(line) = &chart.line {
        highest = highest.max(line.values.iter().flatten().copied().max().unwrap_or(0));
    }
    if let Some((reference, _)) = &chart.reference {
        highest = highest.max(*reference);
    }
    let ticks = nice_ticks(highest);
    let top_value = *ticks.last().expect("nice_ticks is never empty");
    let left = ticks
        .iter()
        .map(|&t| text_width(&(chart.axis_label)(t), AXIS_SIZE))
        .max()
        .unwrap_or(20)
        + 10;
    let right = WIDTH as i32 - 8;
    let y_of = |value: i64| {
        bottom - ((value as f64 / top_value as f64) * (bottom - top) as f64).round() as i32
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let mut legend: Vec<Series> = chart
            .bars
            .iter()
            .map(|s| Series {
                name: s.name.clone(),
                color: s.color,
                values: Vec::new(),
            })
            .collect();
        if let Some(line) = &chart.line {
            legend.push(Series {
                name: line.name.clone(),
                color: line.color,
                values: Vec::new(),
            });
        }
        draw_legend(&root, &legend, left);
        for &tick in &ticks {
            let y = y_of(tick);
            let _ = root.draw(&PathElement::new(
                vec![(left, y), (right, y)],
                GRID.stroke_width(1),
            ));
            let _ = root.draw(&Text::new(
                (chart.axis_label)(tick),
                (left - 6, y),
                style(AXIS_SIZE, MUTED, HPos::Right, VPos::Center),
            ));
        }
        let slot = (right - left) as f64 / chart.months.len().max(1) as f64;
        let group_width = slot * 0.7;
        let bar_width = group_width / chart.bars.len().max(1) as f64;
        let center = |index: usize| left as f64 + slot * (index as f64 + 0.5);
        for (index, month) in chart.months.iter().enumerate() {
            let _ = root.draw(&Text::new(
                month.clone(),
                (center(index).round() as i32, bottom + 6),
                style(AXIS_SIZE, MUTED, HPos::Center, VPos::Top),
            ));
            for (series_index, series) in chart.bars.iter().enumerate() {
                let Some(value) = series.values.get(index).copied().flatten() else {
                    continue;
                };
                let x0 = (center(index) - group_width / 2.0 + bar_width * series_index as f64)
                    .round() as i32;
                let x1 = (center(index) - group_width / 2.0 + bar_width * (series_index + 1) as f64)
                    .round() as i32
                    - 1;
                if value > 0 {
                    let _ = root.draw(&Rectangle::new(
                        [(x0, y_of(value)), (x1, bottom)],
                        series.color.filled(),
                    ));
                }
                if let Some(label) = chart.value_label {
                    let text = label(value);
                    if text_width(&text, VALUE_SIZE) <= (bar_width as i32 + 6) {
                        let _ = root.draw(&Text::new(
                            text,
                            ((x0 + x1) / 2, y_of(value) - 3),
                            style(VALUE_SIZE, TEXT, HPos::Center, VPos::Bottom),
                        ));
                    }
                }
            }
        }
        let _ = root.draw(&PathElement::new(
            vec![(left, bottom), (right, bottom)],
            MUTED.stroke_width(1),
        ));
        if let Some((reference, label)) = &chart.reference {
            let y = y_of(*reference);
            let _ = root.draw(&DashedPathElement::new(
                vec![(left, y), (right, y)],
                6,
                4,
                REFERENCE.stroke_width(2),
            ));
            let _ = root.draw(&Text::new(
                label.clone(),
                (right, y - 4),
                style(VALUE_SIZE, REFERENCE, HPos::Right, VPos::Bottom),
            ));
        }
        if let Some(line) = &chart.line {
            let points: Vec<(i32, i32)> = line
                .values
                .iter()
                .enumerate()
                .filter_map(|(index, value)| value.map(|v| (center(index).round() as i32, y_of(v))))
                .collect();
            let _ = root.draw(&PathElement::new(
                points.clone(),
                line.color.stroke_width(3),
            ));
            for point in points {
                let _ = root.draw(&Circle::new(point, 4, line.color.filled()));
            }
        }
        let _ = root.present();
    }
    svg
}

/// Makes a plotters SVG an accessible, scalable image: `role="img"`, a
/// `<title>` and `<desc>` it is labelled by, and an id prefix so several
/// charts can share a page.
pub fn accessible(svg: &str, id: &str, title: &str, description: &str) -> String {
    let Some(open_end) = svg.find('>') else {
        return svg.to_string();
    };
    let (open, rest) = svg.split_at(open_end);
    format!(
        "{open} role=\"img\" aria-labelledby=\"{id}-svg-title {id}-svg-desc\" class=\"chart-svg\"><title id=\"{id}-svg-title\">{}</title><desc id=\"{id}-svg-desc\">{}</desc>{}",
        escape_xml(title),
        escape_xml(description),
        &rest[1..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn charts_are_accessible_and_escape_text() {
        let label = |v: i64| v.to_string();
        let svg = horizontal_bars(&HorizontalBars {
            categories: vec!["<b>&\"x\"".into(), "B".into()],
            series: vec![Series {
                name: "S".into(),
                color: PALETTE[0],
                values: vec![Some(3), None],
            }],
            value_label: &label,
            suppressed_mark: "*",
        });
        let svg = accessible(&svg, "fig", "Title <1>", "Desc & more");
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
}
