//! Charts drawn with plotters into SVG at build time: no JavaScript, no
//! fonts to load. Two shapes cover every figure: horizontal bars for
//! categories and vertical bars by month, optionally with a line and a
//! reference line. A few categories get their label above the bar, so long
//! names stay readable on a phone; many get one row each, the label left of
//! the bar, so the chart stays short enough to print at a readable size.
//!
//! Layout is computed here in pixels; plotters draws the elements. Every
//! chart is made accessible afterwards by [`accessible`]. Drawing only: what
//! to draw (which numbers, in which order, with which names) is the
//! figures' business. Imports the number formats and escaping, nothing else
//! of the pipeline.

use std::cell::RefCell;
use std::sync::{Once, OnceLock};

use ab_glyph::{Font, FontRef, GlyphId, PxScale, PxScaleFont, ScaleFont, point};

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

mod caption;
mod encoding;
mod horizontal;
pub mod map;
mod monthly;

use super::escape::escape_xml;
use super::locale::Locale;
use crate::model::Percent;
use encoding::encode_png;
use horizontal::{draw_horizontal, horizontal_height};
use monthly::draw_monthly;

pub use caption::Caption;
pub use map::{DistrictMap, MapDistrict, MapValue};

/// Natural width of every chart: narrow enough that text stays legible when
/// a 360 px phone scales it down, wide enough for a desktop column.
pub const WIDTH: u32 = 420;
const FONT: &str = "sans-serif";
/// The font the PNG versions are drawn with, shipped in the binary so that
/// no machine's fonts change them (DejaVu Sans, Bitstream Vera licence).
const FONT_REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
const FONT_BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");
const LABEL_SIZE: f64 = 15.0;
const VALUE_SIZE: f64 = 13.0;
const AXIS_SIZE: f64 = 12.5;
/// Text sizes of the one-row-per-category layout, whose rows are shorter.
const ROW_LABEL_SIZE: f64 = 13.0;
const ROW_VALUE_SIZE: f64 = 12.0;
/// More categories than this get one row each, the label left of the bar.
pub const MANY_ROWS: usize = 12;
/// Room above the first text, which would otherwise touch the top edge.
const TOP_MARGIN: f64 = 4.0;
/// DejaVu Sans, in ems: its x-height (what SVG's `ex` is) and its ascent
/// plus descent (what the bitmap backend takes a font size to be).
const X_HEIGHT: f64 = 1120.0 / 2048.0;
const ASCENT_TO_DESCENT: f64 = (1901.0 + 483.0) / 2048.0;
/// How large a chart may print on the report's A4 page, in cm: at most this
/// wide, and short enough to leave its caption and notes room on the page.
const PRINT_MAX_WIDTH_CM: f64 = 14.0;
const PRINT_MAX_HEIGHT_CM: f64 = 21.0;
/// The smallest text any chart draws, in pixels (a row chart's values).
const SMALLEST_TEXT: f64 = ROW_VALUE_SIZE;
/// The smallest text a printed chart may carry, in points.
pub const PRINT_MIN_TEXT_PT: f64 = 8.0;
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
    /// Values in hundredths, written with two decimals: a rate per 1.000.
    Hundredths,
}

impl NumberFormat {
    /// A value as its label writes it: a percentage as precisely as the
    /// table beside the chart (7,40%), so the two never seem to disagree.
    pub fn write(self, locale: &Locale, value: i64) -> String {
        match self {
            NumberFormat::Percent => locale.percent_fixed(Percent(value)),
            NumberFormat::Hundredths => locale.hundredths(value),
            _ => self.write_tick(locale, value),
        }
    }

    /// A tick of an axis: round values, so no trailing zeros (20%).
    fn write_tick(self, locale: &Locale, value: i64) -> String {
        match self {
            NumberFormat::Count => locale.count(value.max(0) as u64),
            NumberFormat::MoneyShort => locale.money_short(value),
            NumberFormat::Percent => locale.percent_axis(Percent(value)),
            NumberFormat::Hundredths => locale.hundredths(value),
        }
    }
}

#[derive(Clone)]
pub struct Series {
    pub name: String,
    pub color: RGBColor,
    /// One value per category; None draws no bar, only the suppressed mark.
    pub values: Vec<Option<i64>>,
}

#[derive(Clone)]
pub struct HorizontalBars {
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    pub format: NumberFormat,
    pub suppressed_mark: String,
    /// The chart this one is a slice of (in print): its scale, columns and
    /// layout are used, so the slices' bars compare.
    pub whole: Option<std::sync::Arc<HorizontalBars>>,
    /// A break in the rows after this many, with its text: the rows between
    /// the top and the bottom of a long ranking that the chart leaves out.
    pub gap: Option<(usize, String)>,
}

#[derive(Clone)]
pub struct MonthlyBars {
    pub months: Vec<String>,
    pub bars: Vec<Series>,
    /// A line over the bars, e.g. the cumulative total.
    pub line: Option<Series>,
    /// A dashed line to read the others against, e.g. the allocation paid
    /// evenly over the months.
    pub guide: Option<Series>,
    /// A horizontal reference, e.g. the allocation, with its label.
    pub reference: Option<(i64, String)>,
    pub format: NumberFormat,
    /// Value labels above bars, when they fit.
    pub value_labels: bool,
}

#[derive(Clone)]
pub enum Shape {
    Horizontal(HorizontalBars),
    Monthly(MonthlyBars),
    Map(DistrictMap),
}

/// A chart ready to draw as SVG or PNG, in one language.
#[derive(Clone)]
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
            Shape::Map(map) => map.height(),
        }
    }

    /// The width to print the chart at in the report, in cm (to the mm): as
    /// wide as allowed, narrower when that would make it too tall.
    pub fn print_width_cm(&self) -> f64 {
        let width =
            (PRINT_MAX_HEIGHT_CM * f64::from(WIDTH) / self.height()).min(PRINT_MAX_WIDTH_CM);
        (width * 10.0).round() / 10.0
    }

    /// The size its smallest text prints at in the report, in points.
    pub fn smallest_print_text_pt(&self) -> f64 {
        let points_per_pixel = self.print_width_cm() / 2.54 * 72.0 / f64::from(WIDTH);
        SMALLEST_TEXT * points_per_pixel
    }

    /// The chart as the report prints it: itself, or, when a page cannot
    /// hold all its rows with text of at least [`PRINT_MIN_TEXT_PT`] (forty
    /// districts, say), consecutive slices of its rows, each printed in turn
    /// at a readable size. The slices keep the whole chart's scale, columns
    /// and layout, so bars compare across them.
    pub fn print_parts(&self) -> Vec<Chart> {
        let Shape::Horizontal(bars) = &self.shape else {
            return vec![self.clone()];
        };
        if self.smallest_print_text_pt() >= PRINT_MIN_TEXT_PT {
            return vec![self.clone()];
        }
        // The tallest slice that still prints its text at the minimum: the
        // print width that makes text that size, and the height that width
        // allows (a little less, as widths are rounded to the millimetre).
        let width_cm = PRINT_MIN_TEXT_PT / SMALLEST_TEXT * f64::from(WIDTH) / 72.0 * 2.54;
        let print_height_px = 0.98 * PRINT_MAX_HEIGHT_CM * f64::from(WIDTH) / width_cm;
        let rows_fitting = horizontal::rows_fitting(bars, print_height_px).max(1);
        let slices = bars.categories.len().div_ceil(rows_fitting);
        let per_slice = bars.categories.len().div_ceil(slices);
        let whole = std::sync::Arc::new(bars.clone());
        (0..bars.categories.len())
            .step_by(per_slice)
            .map(|first| {
                let rows = first..(first + per_slice).min(bars.categories.len());
                let slice = HorizontalBars {
                    categories: bars.categories[rows.clone()].to_vec(),
                    series: bars
                        .series
                        .iter()
                        .map(|series| Series {
                            values: series.values[rows.clone()].to_vec(),
                            ..series.clone()
                        })
                        .collect(),
                    whole: Some(whole.clone()),
                    gap: bars.gap.as_ref().and_then(|(after, text)| {
                        (rows.start < *after && *after < rows.end)
                            .then(|| (after - rows.start, text.clone()))
                    }),
                    ..bars.clone()
                };
                Chart {
                    shape: Shape::Horizontal(slice),
                    locale: self.locale,
                }
            })
            .collect()
    }

    fn draw<DB: DrawingBackend>(&self, pen: &Pen<DB>) {
        match &self.shape {
            Shape::Horizontal(chart) => draw_horizontal(pen, chart, &self.locale),
            Shape::Monthly(chart) => draw_monthly(pen, chart, &self.locale),
            // Written as SVG of its own, which the downloads set in place.
            Shape::Map(_) => {}
        }
    }

    /// The chart as SVG, at its natural size.
    pub fn svg(&self) -> String {
        if let Shape::Map(map) = &self.shape {
            return map.svg(&self.locale);
        }
        let height = self.height().round() as u32;
        render_svg(WIDTH, height, |area| {
            self.draw(&Pen {
                area,
                scale: 1.0,
                bitmap: false,
            })
        })
    }
}

/// The bundled font in `weight`, as the PNG versions draw their text.
fn bundled_font(weight: FontStyle) -> &'static FontRef<'static> {
    static REGULAR: OnceLock<FontRef<'static>> = OnceLock::new();
    static BOLD: OnceLock<FontRef<'static>> = OnceLock::new();
    let (cell, bytes) = match weight {
        FontStyle::Bold => (&BOLD, FONT_BOLD),
        _ => (&REGULAR, FONT_REGULAR),
    };
    cell.get_or_init(|| FontRef::try_from_slice(bytes).expect("the bundled font is valid"))
}

/// The bundled font in `weight` at `em` (pixels or points) to the em.
fn scaled_font(weight: FontStyle, em: f64) -> PxScaleFont<&'static FontRef<'static>> {
    bundled_font(weight).as_scaled(PxScale::from((em * ASCENT_TO_DESCENT) as f32))
}

/// The glyphs of `text` in `font`, each with the pen's position before it
/// (kerning applied), and the advance of the whole.
fn place_glyphs(
    font: &PxScaleFont<&'static FontRef<'static>>,
    text: &str,
) -> (Vec<(GlyphId, f32)>, f32) {
    let mut glyphs = Vec::new();
    let mut advance = 0.0f32;
    let mut previous = None;
    for character in text.chars() {
        let glyph = font.glyph_id(character);
        if let Some(previous) = previous {
            advance += font.kern(previous, glyph);
        }
        glyphs.push((glyph, advance));
        advance += font.h_advance(glyph);
        previous = Some(glyph);
    }
    (glyphs, advance)
}

/// How wide `text` is set in the bundled font in `weight` at `em` (pixels
/// or points): as the PNG images draw it, and as Typst sets the report.
pub fn set_width(text: &str, em: f64, weight: FontStyle) -> f32 {
    place_glyphs(&scaled_font(weight, em), text).1
}

/// Makes the bundled font the one plotters measures text with.
fn register_fonts() {
    static FONTS: Once = Once::new();
    FONTS.call_once(|| {
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, FONT_REGULAR);
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, FONT_BOLD);
    });
}

/// Draws into an SVG of `width` × `height` pixels.
fn render_svg(
    width: u32,
    height: u32,
    draw: impl FnOnce(DrawingArea<SVGBackend, Shift>),
) -> String {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        draw(area);
    }
    svg
}

/// Draws on a white bitmap with the bundled font and encodes it as PNG.
pub fn render_png(
    width: u32,
    height: u32,
    draw: impl FnOnce(DrawingArea<BitMapBackend, Shift>),
) -> Vec<u8> {
    with_pixels(width as usize * height as usize * 3, |pixels| {
        {
            let area = BitMapBackend::with_buffer(pixels, (width, height)).into_drawing_area();
            draw(area.clone());
            let _ = area.present();
        }
        // Fast deflate: `Balanced` would make these downloads smaller
        // still but costs tens of milliseconds per language, every cold
        // build.
        encode_png(width, height, pixels, png::Compression::Fast)
    })
}

thread_local! {
    /// The pixels of the last bitmap this thread drew.
    static PIXELS: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Runs `draw` on `len` bytes of white (255) pixels: the buffer of the
/// thread's last bitmap, whose pages are already mapped. A fresh buffer of
/// several megabytes for each of some twenty images costs a page fault every
/// 4 KB, a tenth of the time it takes to draw them.
fn with_pixels<T>(len: usize, draw: impl FnOnce(&mut Vec<u8>) -> T) -> T {
    PIXELS.with_borrow_mut(|pixels| {
        pixels.clear();
        pixels.resize(len, 255);
        draw(pixels)
    })
}

/// Draws in logical pixels on a backend of `scale` times the size.
pub struct Pen<DB: DrawingBackend> {
    pub area: DrawingArea<DB, Shift>,
    pub scale: f64,
    /// Drawing on a bitmap, whose text is rasterised here with the bundled
    /// font (see [`Pen::styled_text`]).
    pub bitmap: bool,
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
        let em = size * self.scale;
        if !self.bitmap {
            // plotters divides font sizes by 1.24 when writing SVG; undo that
            // so the sizes asked for are the pixel sizes readers get.
            let style = (FONT, em * 1.24, weight)
                .into_font()
                .color(&color)
                .pos(Pos::new(h, v));
            let _ = self
                .area
                .draw(&Text::new(text.to_string(), self.at(x, y), style));
            return;
        }
        // Text is rasterised here rather than by plotters' bitmap backend,
        // which hangs text from a box of its own (the top of the first label
        // came out above the image) and drops each glyph's side bearing
        // ("Ma ja" for "Maja"). Glyphs go on the SVG's baseline for each
        // anchor (`dy` of 0.76em, 0.5ex, -0.5ex), at the SVG's em.
        let baseline = y * self.scale
            + match v {
                VPos::Top => 0.76 * em,
                VPos::Center => 0.5 * X_HEIGHT * em,
                VPos::Bottom => -0.5 * X_HEIGHT * em,
            };
        let font = scaled_font(weight, em);
        let (glyphs, advance) = place_glyphs(&font, text);
        let left = (x * self.scale) as f32
            - match h {
                HPos::Left => 0.0,
                HPos::Center => advance / 2.0,
                HPos::Right => advance,
            };
        for (glyph, offset) in glyphs {
            let placed =
                glyph.with_scale_and_position(font.scale(), point(left + offset, baseline as f32));
            let Some(outline) = font.outline_glyph(placed) else {
                continue;
            };
            let bounds = outline.px_bounds();
            outline.draw(|column, row, coverage| {
                let _ = self.area.draw_pixel(
                    (
                        bounds.min.x as i32 + column as i32,
                        bounds.min.y as i32 + row as i32,
                    ),
                    &color.mix(f64::from(coverage)),
                );
            });
        }
    }

    fn line(&self, points: &[(f64, f64)], color: RGBColor, width: f64) {
        let points: Vec<(i32, i32)> = points.iter().map(|&(x, y)| self.at(x, y)).collect();
        let stroke = color.stroke_width((width * self.scale).round().max(1.0) as u32);
        let _ = self.area.draw(&PathElement::new(points, stroke));
    }

    fn dashed(&self, from: (f64, f64), to: (f64, f64), color: RGBColor, width: f64) {
        self.dashed_path(&[from, to], color, width);
    }

    fn dashed_path(&self, points: &[(f64, f64)], color: RGBColor, width: f64) {
        let stroke = color.stroke_width((width * self.scale).round() as u32);
        let (dash, gap) = (
            (6.0 * self.scale).round() as i32,
            (4.0 * self.scale).round() as i32,
        );
        let _ = self.area.draw(&DashedPathElement::new(
            points
                .iter()
                .map(|&(x, y)| self.at(x, y))
                .collect::<Vec<_>>(),
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

/// Text width in pixels as the bundled DejaVu Sans sets it: what the PNG
/// draws and the report prints, and wider than most screen fonts, so what
/// fits in it fits on screen too.
fn text_width(text: &str, size: f64) -> f64 {
    styled_text_width(text, size, FontStyle::Normal)
}

/// [`text_width`] in `weight`.
fn styled_text_width(text: &str, size: f64, weight: FontStyle) -> f64 {
    register_fonts();
    let measured = (FONT, size * ASCENT_TO_DESCENT, weight)
        .into_font()
        .box_size(text)
        .map(|(width, _)| f64::from(width) + 1.0);
    measured.unwrap_or_else(|_| (text.chars().count() as f64 * size * 0.62).ceil())
}

/// `text` in lines no wider than `width` pixels, broken between words, and
/// within a word (an address) only where it is wider than a line itself.
pub fn wrap(text: &str, size: f64, weight: FontStyle, width: f64) -> Vec<String> {
    let fits = |line: &str| styled_text_width(line, size, weight) <= width;
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        if let Some(line) = lines.last_mut() {
            let longer = format!("{line} {word}");
            if fits(&longer) {
                *line = longer;
                continue;
            }
        }
        let mut rest = word;
        while !fits(rest) {
            let ends: Vec<usize> = rest.char_indices().map(|(at, _)| at).skip(1).collect();
            let end = ends
                .iter()
                .copied()
                .take_while(|&end| fits(&rest[..end]))
                .last()
                .unwrap_or_else(|| ends.first().copied().unwrap_or(rest.len()));
            lines.push(rest[..end].to_string());
            rest = &rest[end..];
        }
        if !rest.is_empty() {
            lines.push(rest.to_string());
        }
    }
    lines
}

fn draw_legend<DB: DrawingBackend>(pen: &Pen<DB>, series: &[Series], left: f64, top: f64) {
    if series.len() < 2 {
        return;
    }
    let mut x = left;
    for entry in series {
        pen.rect(x, top + 8.0, x + 14.0, top + 22.0, entry.color);
        pen.text(
            &entry.name,
            (x + 20.0, top + 15.0),
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
mod tests;
