//! A chart as it travels alone, downloaded: its title and takeaway above
//! it, and under it what its marks mean, its source and date and where it
//! is published, as Our World in Data's downloads carry them. A PNG pasted
//! into a chat or a slide still says what it shows and where it comes from.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{Chart, MUTED, Pen, Shape, TEXT, WIDTH, render_png, render_svg, wrap};

/// What a downloaded chart says of itself, in the language of its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caption {
    pub title: String,
    pub takeaway: String,
    /// Under the chart, a paragraph each: what its marks mean, its source
    /// and date, its address.
    pub footer: Vec<String>,
}

/// White space around the whole image.
const PADDING: f64 = 16.0;
/// Where the caption's text starts and how wide it may run, in line with
/// the chart's own labels (4 px in from its left edge).
const TEXT_LEFT: f64 = PADDING + 4.0;
const TEXT_WIDTH: f64 = WIDTH as f64 - 8.0;
const TITLE_SIZE: f64 = 18.0;
const TITLE_LINE: f64 = 24.0;
const TAKEAWAY_SIZE: f64 = 14.0;
const TAKEAWAY_LINE: f64 = 20.0;
const FOOTER_SIZE: f64 = 12.0;
const FOOTER_LINE: f64 = 17.0;
/// Between the caption's parts and the chart.
const GAP: f64 = 12.0;

/// The caption's text in lines, and where the chart and the footer go.
struct Layout {
    title: Vec<String>,
    takeaway: Vec<String>,
    footer: Vec<String>,
    chart_top: f64,
    footer_top: f64,
    height: f64,
}

impl Layout {
    fn of(chart: &Chart, caption: &Caption) -> Layout {
        let title = wrap(&caption.title, TITLE_SIZE, FontStyle::Bold, TEXT_WIDTH);
        let takeaway = wrap(
            &caption.takeaway,
            TAKEAWAY_SIZE,
            FontStyle::Normal,
            TEXT_WIDTH,
        );
        let footer: Vec<String> = caption
            .footer
            .iter()
            .flat_map(|paragraph| wrap(paragraph, FOOTER_SIZE, FontStyle::Normal, TEXT_WIDTH))
            .collect();
        let chart_top = PADDING
            + title.len() as f64 * TITLE_LINE
            + 4.0
            + takeaway.len() as f64 * TAKEAWAY_LINE
            + GAP;
        let footer_top = chart_top + chart.height() + GAP;
        let height = footer_top + footer.len() as f64 * FOOTER_LINE + PADDING;
        Layout {
            title,
            takeaway,
            footer,
            chart_top,
            footer_top,
            height,
        }
    }

    /// The image's size in pixels at `scale`.
    fn pixels(&self, scale: f64) -> (u32, u32) {
        (
            ((f64::from(WIDTH) + 2.0 * PADDING) * scale).round() as u32,
            (self.height * scale).round() as u32,
        )
    }
}

impl Chart {
    /// The chart with its caption as SVG drawn at `scale`: exactly the
    /// shapes and text [`Chart::download_png`] draws at that scale, so it
    /// can stand for the PNG.
    pub fn download_svg(&self, caption: &Caption, scale: f64) -> String {
        let layout = Layout::of(self, caption);
        let (width, height) = layout.pixels(scale);
        let mut svg = render_svg(width, height, |area| {
            self.draw_captioned(area, scale, false, &layout)
        });
        // A map is SVG of its own, set where the caption leaves it room.
        if let (Shape::Map(map), Some(end)) = (&self.shape, svg.rfind("</svg>")) {
            let map_height = self.height();
            svg.insert_str(
                end,
                &format!(
                    "<svg x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {WIDTH} {map_height}\" overflow=\"visible\">\n{}</svg>\n",
                    (PADDING * scale).round(),
                    (layout.chart_top * scale).round(),
                    f64::from(WIDTH) * scale,
                    map_height * scale,
                    map.body(&self.locale)
                ),
            );
        }
        svg
    }

    /// The chart with its caption as PNG at `scale` times its natural size,
    /// on white, drawn with the bundled font.
    pub fn download_png(&self, caption: &Caption, scale: f64) -> Vec<u8> {
        if let Shape::Map(_) = self.shape {
            return super::map::raster::png(&self.download_svg(caption, scale));
        }
        let layout = Layout::of(self, caption);
        let (width, height) = layout.pixels(scale);
        render_png(width, height, |area| {
            self.draw_captioned(area, scale, true, &layout)
        })
    }

    fn draw_captioned<DB: DrawingBackend>(
        &self,
        area: DrawingArea<DB, Shift>,
        scale: f64,
        bitmap: bool,
        layout: &Layout,
    ) {
        let chart_area = area.clone().shrink(
            (
                (PADDING * scale).round() as i32,
                (layout.chart_top * scale).round() as i32,
            ),
            (
                (f64::from(WIDTH) * scale).round() as u32,
                (self.height() * scale).round() as u32,
            ),
        );
        let pen = Pen {
            area,
            scale,
            bitmap,
        };
        let top_left = (HPos::Left, VPos::Top);
        let mut y = PADDING;
        for line in &layout.title {
            pen.styled_text(
                line,
                (TEXT_LEFT, y),
                TITLE_SIZE,
                TEXT,
                top_left,
                FontStyle::Bold,
            );
            y += TITLE_LINE;
        }
        y += 4.0;
        for line in &layout.takeaway {
            pen.text(line, (TEXT_LEFT, y), TAKEAWAY_SIZE, TEXT, top_left);
            y += TAKEAWAY_LINE;
        }
        self.draw(&Pen {
            area: chart_area,
            scale,
            bitmap,
        });
        for (index, line) in layout.footer.iter().enumerate() {
            let y = layout.footer_top + index as f64 * FOOTER_LINE;
            pen.text(line, (TEXT_LEFT, y), FOOTER_SIZE, MUTED, top_left);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::encoding::decoded;
    use crate::render::charts::styled_text_width;
    use crate::render::charts::tests::{districts, months};

    fn caption() -> Caption {
        Caption {
            title: "Peserta tercakup per kecamatan, dari yang terbanyak <28>".into(),
            takeaway: "Rangkasbitung mencakup peserta terbanyak (400 orang); Cirinten paling sedikit (20 orang), & seterusnya.".into(),
            footer: vec![
                "Sumber: Dinas Tenaga Kerja Kabupaten Lebak, data per 31 Oktober 2026.".into(),
                "https://disnaker.lebakkab.go.id/jaring/grafik/coverage_by_district/".into(),
            ],
        }
    }

    /// The text an SVG draws, element by element, unescaped.
    fn drawn_text(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .map(|element| {
                let text =
                    &element[element.find('>').unwrap() + 1..element.find("</text>").unwrap()];
                text.trim()
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&")
            })
            .collect()
    }

    #[test]
    fn a_download_draws_its_title_takeaway_source_and_address() {
        for chart in [districts(28, 1), months(vec![5; 10], true)] {
            // The SVG at the PNG's scale is what the build cache keys the
            // PNG by: it names every text the PNG draws.
            let svg = chart.download_svg(&caption(), 2.0);
            let text = drawn_text(&svg).join(" ");
            for expected in [
                caption().title,
                caption().takeaway,
                caption().footer[0].clone(),
            ] {
                assert!(text.contains(&expected), "{expected:?} is not in {text:?}");
            }
            assert!(
                text.contains("https://disnaker.lebakkab.go.id/jaring/grafik/"),
                "{text}"
            );
            assert!(
                svg.contains("&lt;28&gt;") && !svg.contains("<28>"),
                "escaped"
            );
        }
    }

    #[test]
    fn long_text_wraps_inside_the_image() {
        let long = Caption {
            title: "Judul ".repeat(30),
            takeaway: "Kalimat panjang ".repeat(40),
            footer: vec![format!("https://example.org/{}", "a".repeat(200))],
        };
        let svg = months(vec![5; 12], false).download_svg(&long, 1.0);
        let lines = drawn_text(&svg);
        assert!(lines.len() > 10, "{lines:?}");
        for line in lines {
            let (size, weight) = if line.starts_with("Judul") {
                (TITLE_SIZE, FontStyle::Bold)
            } else if line.starts_with("Kalimat") {
                (TAKEAWAY_SIZE, FontStyle::Normal)
            } else {
                (FOOTER_SIZE, FontStyle::Normal)
            };
            assert!(
                styled_text_width(&line, size, weight) <= TEXT_WIDTH + 1.0,
                "{line:?} is wider than the image"
            );
        }
    }

    #[test]
    fn the_png_is_the_captioned_chart_at_twice_the_size() {
        let chart = districts(3, 1);
        let png = chart.download_png(&caption(), 2.0);
        let (frame, pixels) = decoded(&png);
        assert_eq!(
            (frame.width, frame.height),
            Layout::of(&chart, &caption()).pixels(2.0)
        );
        assert_eq!(frame.width, 2 * (WIDTH + 2 * PADDING as u32));
        let top = &pixels[..frame.line_size * 2 * PADDING as usize];
        assert!(top.iter().all(|&value| value == 255), "padding on top");
        assert_ne!(
            png,
            render_png(frame.width, frame.height, |_| {}),
            "bars and text are drawn"
        );
        assert_eq!(png, chart.download_png(&caption(), 2.0), "reproducible");
    }

    #[test]
    fn the_charts_text_stays_below_the_caption() {
        let mut tall_first = districts(3, 1);
        if let Shape::Horizontal(chart) = &mut tall_first.shape {
            chart.categories[0] = "Kalanganyar Ÿ".into();
        }
        for (name, chart) in [
            ("label above the first bar", tall_first),
            ("value above the highest bar", months(vec![4, 8], true)),
        ] {
            // A caption with no descenders in its last line, so that
            // whatever is drawn just above the chart is the chart's.
            let caption = Caption {
                takeaway: "ABC".into(),
                ..caption()
            };
            let (frame, pixels) = decoded(&chart.download_png(&caption, 2.0));
            let chart_top = (Layout::of(&chart, &caption).chart_top * 2.0).round() as usize;
            let above_chart = &pixels
                [(chart_top - 2 * GAP as usize) * frame.line_size..chart_top * frame.line_size];
            assert!(
                above_chart.iter().all(|&value| value == 255),
                "{name}: the rows above the chart are background"
            );
        }
    }
}
