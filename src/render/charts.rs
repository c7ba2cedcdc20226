//! Charts drawn with plotters into SVG at build time: no JavaScript, no
//! fonts to load. Two shapes cover every figure: horizontal bars for
//! categories (labels above the bars, so long names stay readable on a
//! phone) and vertical bars by month, optionally with a line and a
//! reference line.
//!
//! Layout is computed here in pixels; plotters draws the elements. Every
//! chart is made accessible afterwards by [`accessible`].

use std::sync::Once;

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::escape::escape_xml;
use super::locale::Locale;
use crate::model::Percent;

/// Natural width of every chart: narrow enough that text stays legible when
/// a 360 px phone scales it down, wide enough for a desktop column.
pub const WIDTH: u32 = 420;
const FONT: &str = "sans-serif";
/// The font the PNG versions are drawn with, shipped in the binary so that
/// no machine's fonts change them (DejaVu Sans, Bitstream Vera licence).
const FONT_REGULAR: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");
const FONT_BOLD: &[u8] = include_bytes!("fonts/DejaVuSans-Bold.ttf");
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

/// How a chart writes its numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberFormat {
    Count,
    /// Short amounts for axes: Rp670,7 jt.
    MoneyShort,
    /// Values in hundredths of a percent.
    Percent,
}

impl NumberFormat {
    fn write(self, locale: &Locale, value: i64) -> String {
        match self {
            NumberFormat::Count => locale.count(value.max(0) as u64),
            NumberFormat::MoneyShort => locale.money_short(value),
            NumberFormat::Percent => locale.percent(Percent(value)),
        }
    }
}

pub struct Series {
    pub name: String,
    pub color: RGBColor,
    /// One value per category; None draws no bar, only the suppressed mark.
    pub values: Vec<Option<i64>>,
}

pub struct HorizontalBars {
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    pub format: NumberFormat,
    pub suppressed_mark: String,
}

pub struct MonthlyBars {
    pub months: Vec<String>,
    pub bars: Vec<Series>,
    /// A line over the bars, e.g. the cumulative total.
    pub line: Option<Series>,
    /// A horizontal reference, e.g. the allocation, with its label.
    pub reference: Option<(i64, String)>,
    pub format: NumberFormat,
    /// Value labels above bars, when they fit.
    pub value_labels: bool,
}

pub enum Shape {
    Horizontal(HorizontalBars),
    Monthly(MonthlyBars),
}

/// A chart ready to draw as SVG or PNG, in one language.
pub struct Chart {
    pub shape: Shape,
    pub locale: Locale,
}

impl Chart {
    /// Natural height in pixels (the width is [`WIDTH`]).
    pub fn height(&self) -> f64 {
        match &self.shape {
            Shape::Horizontal(chart) => horizontal_height(chart),
            Shape::Monthly(_) => 300.0,
        }
    }

    fn draw<DB: DrawingBackend>(&self, pen: &Pen<DB>) {
        match &self.shape {
            Shape::Horizontal(chart) => draw_horizontal(pen, chart, &self.locale),
            Shape::Monthly(chart) => draw_monthly(pen, chart, &self.locale),
        }
    }

    /// The chart as SVG, at its natural size.
    pub fn svg(&self) -> String {
        self.svg_at(1.0)
    }

    /// The chart as SVG drawn at `scale`: exactly the shapes and text
    /// [`Chart::png`] draws at that scale, so it can stand for the PNG.
    pub fn svg_at(&self, scale: f64) -> String {
        let mut svg = String::new();
        {
            let size = (
                (f64::from(WIDTH) * scale).round() as u32,
                (self.height() * scale).round() as u32,
            );
            let area = SVGBackend::with_string(&mut svg, size).into_drawing_area();
            self.draw(&Pen { area, scale });
        }
        svg
    }

    /// The chart as PNG at `scale` times its natural size, on white, drawn
    /// with the bundled font.
    pub fn png(&self, scale: f64) -> Vec<u8> {
        let (width, height) = (
            (f64::from(WIDTH) * scale).round() as u32,
            (self.height() * scale).round() as u32,
        );
        render_png(width, height, |area| self.draw(&Pen { area, scale }))
    }
}

/// Draws on a white bitmap with the bundled font and encodes it as PNG.
pub fn render_png(
    width: u32,
    height: u32,
    draw: impl FnOnce(DrawingArea<BitMapBackend, Shift>),
) -> Vec<u8> {
    static FONTS: Once = Once::new();
    FONTS.call_once(|| {
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, FONT_REGULAR);
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, FONT_BOLD);
    });
    let mut pixels = vec![255u8; width as usize * height as usize * 3];
    {
        let area = BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area();
        draw(area.clone());
        let _ = area.present();
    }
    let mut encoded = Vec::new();
    let mut encoder = png::Encoder::new(&mut encoded, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    // Fast deflate with a filter chosen per row. `Balanced` would make
    // these downloads about 40% smaller but costs ~50 ms more per language
    // of the example, every cold build.
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::Adaptive);
    encoder
        .write_header()
        .and_then(|mut writer| {
            writer.write_image_data(&pixels)?;
            writer.finish()
        })
        .expect("encoding a bitmap held in memory cannot fail");
    encoded
}

/// Draws in logical pixels on a backend of `scale` times the size.
pub struct Pen<DB: DrawingBackend> {
    pub area: DrawingArea<DB, Shift>,
    pub scale: f64,
}

impl<DB: DrawingBackend> Pen<DB> {
    fn at(&self, x: f64, y: f64) -> (i32, i32) {
        (
            (x * self.scale).round() as i32,
            (y * self.scale).round() as i32,
        )
    }

    fn rect(&self, x0: f64, y0: f64, x1: f64, y1: f64, color: RGBColor) {
        let _ = self.area.draw(&Rectangle::new(
            [self.at(x0, y0), self.at(x1, y1)],
            color.filled(),
        ));
    }

    pub fn text(
        &self,
        text: &str,
        (x, y): (f64, f64),
        size: f64,
        color: RGBColor,
        (h, v): (HPos, VPos),
    ) {
        self.styled_text(text, (x, y), size, color, (h, v), FontStyle::Normal);
    }

    pub fn styled_text(
        &self,
        text: &str,
        (x, y): (f64, f64),
        size: f64,
        color: RGBColor,
        (h, v): (HPos, VPos),
        weight: FontStyle,
    ) {
        // plotters divides font sizes by 1.24 when writing SVG; undo that so
        // the sizes asked for are the pixel sizes readers get.
        let style = (FONT, size * self.scale * 1.24, weight)
            .into_font()
            .color(&color)
            .pos(Pos::new(h, v));
        let _ = self
            .area
            .draw(&Text::new(text.to_string(), self.at(x, y), style));
    }

    fn line(&self, points: &[(f64, f64)], color: RGBColor, width: f64) {
        let points: Vec<(i32, i32)> = points.iter().map(|&(x, y)| self.at(x, y)).collect();
        let stroke = color.stroke_width((width * self.scale).round().max(1.0) as u32);
        let _ = self.area.draw(&PathElement::new(points, stroke));
    }

    fn dashed(&self, from: (f64, f64), to: (f64, f64), color: RGBColor, width: f64) {
        let stroke = color.stroke_width((width * self.scale).round() as u32);
        let (dash, gap) = (
            (6.0 * self.scale).round() as i32,
            (4.0 * self.scale).round() as i32,
        );
        let _ = self.area.draw(&DashedPathElement::new(
            vec![self.at(from.0, from.1), self.at(to.0, to.1)],
            dash,
            gap,
            stroke,
        ));
    }

    fn dot(&self, (x, y): (f64, f64), radius: f64, color: RGBColor) {
        let _ = self.area.draw(&Circle::new(
            self.at(x, y),
            (radius * self.scale).round() as i32,
            color.filled(),
        ));
    }
}

/// Rough text width in pixels: what plotters' SVG backend cannot measure.
fn text_width(text: &str, size: f64) -> f64 {
    (text.chars().count() as f64 * size * 0.56).ceil()
}

fn horizontal_height(chart: &HorizontalBars) -> f64 {
    let series = chart.series.len().max(1) as f64;
    let bar_height = if series == 1.0 { 18.0 } else { 14.0 };
    let legend = if chart.series.len() > 1 { 30.0 } else { 0.0 };
    (legend + chart.categories.len() as f64 * (22.0 + series * (bar_height + 4.0) + 10.0) + 6.0)
        .max(40.0)
}

fn draw_horizontal<DB: DrawingBackend>(pen: &Pen<DB>, chart: &HorizontalBars, locale: &Locale) {
    let series_count = chart.series.len().max(1) as f64;
    let bar_height = if series_count == 1.0 { 18.0 } else { 14.0 };
    let legend_height = if chart.series.len() > 1 { 30.0 } else { 0.0 };
    let block_height = 22.0 + series_count * (bar_height + 4.0) + 10.0;
    draw_legend(pen, &chart.series, 4.0);
    let label = |value: i64| chart.format.write(locale, value);
    let values = || {
        chart
            .series
            .iter()
            .flat_map(|s| s.values.iter().flatten().copied())
    };
    let max_label = values()
        .map(|v| text_width(&label(v), VALUE_SIZE))
        .fold(0.0, f64::max);
    let left = 4.0;
    // With several series, each bar is tagged with its series name, so a row
    // without a bar (zero or suppressed) still says which it is.
    let tag_width = if chart.series.len() > 1 {
        chart
            .series
            .iter()
            .map(|s| text_width(&s.name, VALUE_SIZE))
            .fold(0.0, f64::max)
            + 8.0
    } else {
        0.0
    };
    let bar_left = left + tag_width;
    let plot_width = (f64::from(WIDTH) - bar_left - max_label - 12.0).max(40.0);
    let max_value = values().max().unwrap_or(0).max(1) as f64;
    for (index, category) in chart.categories.iter().enumerate() {
        let top = legend_height + index as f64 * block_height;
        pen.text(
            category,
            (left, top + 16.0),
            LABEL_SIZE,
            TEXT,
            (HPos::Left, VPos::Bottom),
        );
        for (series_index, series) in chart.series.iter().enumerate() {
            let bar_top = top + 22.0 + series_index as f64 * (bar_height + 4.0);
            let middle = bar_top + bar_height / 2.0;
            if tag_width > 0.0 {
                pen.text(
                    &series.name,
                    (left, middle),
                    VALUE_SIZE,
                    MUTED,
                    (HPos::Left, VPos::Center),
                );
            }
            match series.values.get(index).copied().flatten() {
                Some(value) => {
                    let length = (value as f64 / max_value * plot_width).round();
                    if length > 0.0 {
                        pen.rect(
                            bar_left,
                            bar_top,
                            bar_left + length,
                            bar_top + bar_height,
                            series.color,
                        );
                    }
                    pen.text(
                        &label(value),
                        (bar_left + length + 5.0, middle),
                        VALUE_SIZE,
                        TEXT,
                        (HPos::Left, VPos::Center),
                    );
                }
                None => pen.text(
                    &chart.suppressed_mark,
                    (bar_left + 2.0, middle),
                    VALUE_SIZE,
                    MUTED,
                    (HPos::Left, VPos::Center),
                ),
            }
        }
    }
}

fn draw_legend<DB: DrawingBackend>(pen: &Pen<DB>, series: &[Series], left: f64) {
    if series.len() < 2 {
        return;
    }
    let mut x = left;
    for entry in series {
        pen.rect(x, 8.0, x + 14.0, 22.0, entry.color);
        pen.text(
            &entry.name,
            (x + 20.0, 15.0),
            VALUE_SIZE,
            TEXT,
            (HPos::Left, VPos::Center),
        );
        x += 20.0 + text_width(&entry.name, VALUE_SIZE) + 18.0;
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

fn draw_monthly<DB: DrawingBackend>(pen: &Pen<DB>, chart: &MonthlyBars, locale: &Locale) {
    const HEIGHT: f64 = 300.0;
    let label = |value: i64| chart.format.write(locale, value);
    let top = if chart.bars.len() + usize::from(chart.line.is_some()) > 1 {
        40.0
    } else {
        16.0
    };
    let bottom = HEIGHT - 28.0;
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
    let top_value = *ticks.last().expect("nice_ticks is never empty") as f64;
    let left = ticks
        .iter()
        .map(|&t| text_width(&label(t), AXIS_SIZE))
        .fold(20.0, f64::max)
        + 10.0;
    let right = f64::from(WIDTH) - 8.0;
    let y_of = |value: i64| bottom - (value as f64 / top_value * (bottom - top)).round();
    let mut legend: Vec<Series> = chart
        .bars
        .iter()
        .chain(&chart.line)
        .map(|s| Series {
            name: s.name.clone(),
            color: s.color,
            values: Vec::new(),
        })
        .collect();
    if legend.len() == 1 {
        legend.clear();
    }
    draw_legend(pen, &legend, left);
    for &tick in &ticks {
        let y = y_of(tick);
        pen.line(&[(left, y), (right, y)], GRID, 1.0);
        pen.text(
            &label(tick),
            (left - 6.0, y),
            AXIS_SIZE,
            MUTED,
            (HPos::Right, VPos::Center),
        );
    }
    let slot = (right - left) / chart.months.len().max(1) as f64;
    let group_width = slot * 0.7;
    let bar_width = group_width / chart.bars.len().max(1) as f64;
    let center = |index: usize| left + slot * (index as f64 + 0.5);
    for (index, month) in chart.months.iter().enumerate() {
        pen.text(
            month,
            (center(index), bottom + 6.0),
            AXIS_SIZE,
            MUTED,
            (HPos::Center, VPos::Top),
        );
        for (series_index, series) in chart.bars.iter().enumerate() {
            let Some(value) = series.values.get(index).copied().flatten() else {
                continue;
            };
            let x0 = (center(index) - group_width / 2.0 + bar_width * series_index as f64).round();
            let x1 = (center(index) - group_width / 2.0 + bar_width * (series_index + 1) as f64)
                .round()
                - 1.0;
            if value > 0 {
                pen.rect(x0, y_of(value), x1, bottom, series.color);
            }
            let text = label(value);
            if chart.value_labels && text_width(&text, VALUE_SIZE) <= bar_width + 6.0 {
                pen.text(
                    &text,
                    ((x0 + x1) / 2.0, y_of(value) - 3.0),
                    VALUE_SIZE,
                    TEXT,
                    (HPos::Center, VPos::Bottom),
                );
            }
        }
    }
    pen.line(&[(left, bottom), (right, bottom)], MUTED, 1.0);
    if let Some((reference, text)) = &chart.reference {
        let y = y_of(*reference);
        pen.dashed((left, y), (right, y), REFERENCE, 2.0);
        pen.text(
            text,
            (right, y - 4.0),
            VALUE_SIZE,
            REFERENCE,
            (HPos::Right, VPos::Bottom),
        );
    }
    if let Some(line) = &chart.line {
        let points: Vec<(f64, f64)> = line
            .values
            .iter()
            .enumerate()
            .filter_map(|(index, value)| value.map(|v| (center(index).round(), y_of(v))))
            .collect();
        pen.line(&points, line.color, 3.0);
        for &point in &points {
            pen.dot(point, 4.0, line.color);
        }
    }
}

/// An accessible chart SVG as a file of its own: with an XML declaration and
/// a white background, since it will be shown on pages of any colour.
pub fn standalone(svg: &str) -> String {
    let with_background = match svg.find("</desc>") {
        Some(end) => format!(
            "{}<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>{}",
            &svg[..end + 7],
            &svg[end + 7..]
        ),
        None => svg.to_string(),
    };
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{with_background}\n")
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

    #[test]
    fn png_is_twice_the_size_and_draws_text() {
        let png = bars().png(2.0);
        assert!(png.starts_with(b"\x89PNG"));
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert_eq!(
            (width, height),
            (
                840,
                (horizontal_height(match &bars().shape {
                    Shape::Horizontal(chart) => chart,
                    Shape::Monthly(_) => unreachable!(),
                }) * 2.0)
                    .round() as u32
            )
        );
        let blank = render_png(width, height, |_| {});
        assert_ne!(png, blank, "bars and text are drawn");
        assert_eq!(png, bars().png(2.0), "the same chart gives the same bytes");
    }
}
