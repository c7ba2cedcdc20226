//! Choropleth maps of one value per district, written by hand as plain
//! SVG paths: each district one `<path>` holding a `<title>` with its name
//! and value (what a mouse-over and a screen reader's exploration find),
//! filled with the colour of its class, a hatch where its value is hidden
//! for privacy and grey where there is none; a legend of the classes'
//! ranges below. No tiles, no script, nothing loaded: it prints and is
//! drawn the same in the page, the report and the downloads.
//!
//! Made for a regency's or a province's districts, a degree or a few
//! across, where the earth is flat enough: longitude is scaled by the
//! cosine of the middle latitude (an equirectangular projection true at
//! that latitude), then the region is fitted to the drawing. The outlines
//! are simplified to the drawing's resolution (Ramer–Douglas–Peucker from
//! the `geo` crate, half a pixel) and rounded to whole pixels, so a map
//! costs a few kilobytes however detailed its source.
//!
//! Drawing only: which value each district has, and its name, is the
//! figures' business.

mod classes;
pub mod raster;

use geo::{BoundingRect, Coord, MapCoords, MultiPolygon, Simplify};
use plotters::style::RGBColor;

use super::{NumberFormat, TEXT, WIDTH, text_width};
use crate::render::escape::escape_xml;
use crate::render::locale::Locale;
use classes::{Class, class_of, classes};

/// Room around the region.
const MARGIN: f64 = 4.0;
/// The tallest a region is drawn: a tall one is narrower instead.
const MAX_MAP_HEIGHT: f64 = 460.0;
/// How far a simplified outline may stray from the original, in pixels.
const TOLERANCE: f64 = 0.5;
const LEGEND_GAP: f64 = 12.0;
/// Legend text: 11,4 px still on a 375 px phone, which scales the map down.
const LEGEND_SIZE: f64 = 14.0;
const LEGEND_TITLE_HEIGHT: f64 = 22.0;
const LEGEND_ROW: f64 = 21.0;
const SWATCH: f64 = 15.0;
/// Where the legend's second column starts.
const SECOND_COLUMN: f64 = WIDTH as f64 / 2.0 + 4.0;
/// Districts with no value: a grey that no class of the palette is near.
const MISSING: RGBColor = RGBColor(0xcc, 0xcc, 0xcc);
/// The lines of the hatch of hidden districts, on white.
const HATCH: RGBColor = RGBColor(0x4d, 0x4d, 0x4d);

/// A district's value as a map shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapValue {
    Shown(i64),
    /// Hidden for privacy: hatched.
    Suppressed,
    /// Not known (no estimate to divide by, say): grey.
    Missing,
}

#[derive(Debug, Clone)]
pub struct MapDistrict {
    pub name: String,
    /// In longitude and latitude.
    pub shape: MultiPolygon<f64>,
    pub value: MapValue,
}

#[derive(Debug, Clone)]
pub struct DistrictMap {
    /// Prefixes the ids the drawing defines (its hatch), so that two maps
    /// on one page keep their own.
    pub id: String,
    /// The districts that have a boundary.
    pub districts: Vec<MapDistrict>,
    /// The names of those that have none, which the map cannot show.
    pub without_boundary: Vec<String>,
    pub format: NumberFormat,
    /// What the colours stand for, above the legend.
    pub legend_title: String,
    pub suppressed_label: String,
    pub missing_label: String,
}

/// The region fitted to the drawing: each district's outline as path data.
struct Projected {
    paths: Vec<String>,
    height: f64,
}

impl DistrictMap {
    /// The classes of the values shown, lowest first.
    fn classes(&self) -> Vec<Class> {
        let values: Vec<i64> = self
            .districts
            .iter()
            .filter_map(|district| match district.value {
                MapValue::Shown(value) => Some(value),
                _ => None,
            })
            .collect();
        classes(&values)
    }

    fn has(&self, value: MapValue) -> bool {
        self.districts
            .iter()
            .any(|district| district.value == value)
    }

    /// Natural height in pixels (the width is [`WIDTH`]).
    pub fn height(&self) -> f64 {
        (self.project().height + self.legend_height()).ceil()
    }

    fn legend_rows(&self) -> usize {
        let classes = self.classes().len();
        let special =
            usize::from(self.has(MapValue::Suppressed)) + usize::from(self.has(MapValue::Missing));
        classes.max(special)
    }

    fn legend_height(&self) -> f64 {
        match self.legend_rows() {
            0 => 0.0,
            rows => LEGEND_GAP + LEGEND_TITLE_HEIGHT + rows as f64 * LEGEND_ROW,
        }
    }

    /// The districts' outlines in pixels: equirectangular at the region's
    /// middle latitude, fitted to the width (or to [`MAX_MAP_HEIGHT`]) and
    /// centred, simplified and rounded to the pixel.
    fn project(&self) -> Projected {
        let bounds = self
            .districts
            .iter()
            .filter_map(|district| district.shape.bounding_rect())
            .reduce(|a, b| {
                geo::Rect::new(
                    Coord {
                        x: a.min().x.min(b.min().x),
                        y: a.min().y.min(b.min().y),
                    },
                    Coord {
                        x: a.max().x.max(b.max().x),
                        y: a.max().y.max(b.max().y),
                    },
                )
            });
        let Some(bounds) = bounds else {
            return Projected {
                paths: vec![String::new(); self.districts.len()],
                height: 0.0,
            };
        };
        let middle_latitude = (bounds.min().y + bounds.max().y) / 2.0;
        let stretch = middle_latitude.to_radians().cos().max(0.05);
        let width = (bounds.width() * stretch).max(1e-9);
        let height = bounds.height().max(1e-9);
        let scale = ((f64::from(WIDTH) - 2.0 * MARGIN) / width).min(MAX_MAP_HEIGHT / height);
        let left = (f64::from(WIDTH) - width * scale) / 2.0;
        let to_pixels = move |coord: Coord<f64>| Coord {
            x: left + (coord.x - bounds.min().x) * stretch * scale,
            y: MARGIN + (bounds.max().y - coord.y) * scale,
        };
        Projected {
            paths: self
                .districts
                .iter()
                .map(|district| {
                    let drawn = district.shape.map_coords(to_pixels).simplify(TOLERANCE);
                    outline(&drawn)
                })
                .collect(),
            height: (height * scale + 2.0 * MARGIN).ceil(),
        }
    }

    /// The map as SVG at its natural size.
    pub fn svg(&self, locale: &Locale) -> String {
        let height = self.height();
        format!(
            "<svg width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" xmlns=\"http://www.w3.org/2000/svg\">\n{}</svg>\n",
            self.body(locale)
        )
    }

    /// What the map draws, without its `<svg>` element: the downloads set
    /// it in theirs, below their caption.
    pub fn body(&self, locale: &Locale) -> String {
        let projected = self.project();
        let classes = self.classes();
        let hatch = format!("{}-hatch", self.id);
        // The hatching's tile is drawn diagonal rather than turned: resvg
        // fills a pattern that is only scaled pixel for pixel, and samples a
        // turned one bicubically, ten times slower.
        let mut svg = format!(
            "<defs><pattern id=\"{hatch}\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\"><rect width=\"8\" height=\"8\" fill=\"#ffffff\"/><path d=\"M-2 2L2 -2M0 8L8 0M6 10L10 6\" stroke=\"{}\" stroke-width=\"1.5\"/></pattern></defs>\n",
            hex(HATCH)
        );
        svg.push_str("<g stroke=\"#ffffff\" stroke-width=\"0.75\" stroke-linejoin=\"round\" fill-rule=\"evenodd\">\n");
        for (district, path) in self.districts.iter().zip(&projected.paths) {
            let (fill, value) = match district.value {
                MapValue::Shown(value) => (
                    class_of(&classes, value).map_or(hex(MISSING), |class| hex(class.color)),
                    self.format.write(locale, value),
                ),
                MapValue::Suppressed => (format!("url(#{hatch})"), self.suppressed_label.clone()),
                MapValue::Missing => (hex(MISSING), self.missing_label.clone()),
            };
            svg.push_str(&format!(
                "<path d=\"{path}\" fill=\"{fill}\"><title>{}: {}</title></path>\n",
                escape_xml(&district.name),
                escape_xml(&value)
            ));
        }
        svg.push_str("</g>\n");
        svg.push_str(&self.legend(locale, &classes, projected.height, &hatch));
        svg
    }

    /// The classes' ranges in the first column, the hatch and the grey (when
    /// the map has them) in the second; one column when a range is too
    /// wide for half the drawing.
    fn legend(&self, locale: &Locale, classes: &[Class], top: f64, hatch: &str) -> String {
        if self.legend_rows() == 0 {
            return String::new();
        }
        let range = |class: &Class| {
            let low = self.format.write(locale, class.low);
            if class.low == class.high {
                low
            } else {
                format!("{low} – {}", self.format.write(locale, class.high))
            }
        };
        let mut entries: Vec<(String, String)> = classes
            .iter()
            .map(|class| (hex(class.color), range(class)))
            .collect();
        let first_column = entries.len();
        if self.has(MapValue::Suppressed) {
            entries.push((format!("url(#{hatch})"), self.suppressed_label.clone()));
        }
        if self.has(MapValue::Missing) {
            entries.push((hex(MISSING), self.missing_label.clone()));
        }
        let label_room = SECOND_COLUMN - MARGIN - SWATCH - 6.0 - 8.0;
        let two_columns = first_column > 0
            && entries.len() > first_column
            && entries.len() - first_column <= first_column
            && entries
                .iter()
                .all(|(_, label)| text_width(label, LEGEND_SIZE) <= label_room);
        let title_top = top + LEGEND_GAP;
        let mut svg = format!(
            "<g font-family=\"sans-serif\" font-size=\"{LEGEND_SIZE}\" fill=\"{}\">\n<text x=\"{MARGIN}\" y=\"{}\" font-weight=\"bold\">{}</text>\n",
            hex(TEXT),
            title_top + LEGEND_SIZE,
            escape_xml(&self.legend_title)
        );
        for (index, (fill, label)) in entries.iter().enumerate() {
            let (column, row) = if two_columns && index >= first_column {
                (SECOND_COLUMN, index - first_column)
            } else {
                (MARGIN, index)
            };
            let y = title_top + LEGEND_TITLE_HEIGHT + row as f64 * LEGEND_ROW;
            svg.push_str(&format!(
                "<rect x=\"{column}\" y=\"{y}\" width=\"{SWATCH}\" height=\"{SWATCH}\" fill=\"{fill}\" stroke=\"{}\" stroke-width=\"0.5\"/><text x=\"{}\" y=\"{}\">{}</text>\n",
                hex(HATCH),
                column + SWATCH + 6.0,
                y + 12.5,
                escape_xml(label)
            ));
        }
        svg.push_str("</g>\n");
        svg
    }
}

/// A district's outline as path data, in whole pixels: every ring with an
/// area left after rounding; a district too small for any is a small
/// square where it lies, so it can still be seen and hovered.
fn outline(shape: &MultiPolygon<f64>) -> String {
    let mut path = String::new();
    for polygon in shape {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            let mut points: Vec<(i64, i64)> = Vec::with_capacity(ring.0.len());
            for coord in &ring.0 {
                let point = (coord.x.round() as i64, coord.y.round() as i64);
                if points.last() != Some(&point) {
                    points.push(point);
                }
            }
            if points.len() > 1 && points.first() == points.last() {
                points.pop();
            }
            if points.len() < 3 || twice_area(&points) == 0 {
                continue;
            }
            for (index, (x, y)) in points.iter().enumerate() {
                path.push_str(&format!("{}{x} {y}", if index == 0 { "M" } else { " " }));
            }
            path.push('Z');
        }
    }
    if path.is_empty()
        && let Some(bounds) = shape.bounding_rect()
    {
        let centre = bounds.center();
        path = format!(
            "M{} {}h3v3h-3Z",
            centre.x.round() as i64 - 1,
            centre.y.round() as i64 - 1
        );
    }
    path
}

/// Twice a ring's area (shoelace), in square pixels.
fn twice_area(points: &[(i64, i64)]) -> i64 {
    let mut sum = 0;
    for (index, &(x0, y0)) in points.iter().enumerate() {
        let (x1, y1) = points[(index + 1) % points.len()];
        sum += x0 * y1 - x1 * y0;
    }
    sum.abs()
}

fn hex(color: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", color.0, color.1, color.2)
}

#[cfg(test)]
mod tests;
