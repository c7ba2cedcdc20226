//! `data/districts.geojson`, optional: the districts' boundaries, which the
//! maps draw. A GeoJSON FeatureCollection (RFC 7946) of one feature per
//! district, `properties.code` naming it as `districts.csv` does, each a
//! Polygon or MultiPolygon in WGS 84 longitude and latitude.
//!
//! Checked like every input, every problem at once: a problem of a feature
//! is placed at the line and column where the feature starts and names its
//! number (from 1, in file order) and code. Only the code and the shape
//! are read; the other properties (and `properties.name`) are never kept,
//! so nothing else of the file can be published.

use std::path::Path;

use geo::{Coord, LineString, MultiPolygon, Polygon};
use serde::Deserialize;
use serde_json::Value as Json;
use serde_json::value::RawValue;

use super::reference::{CodeList, District};
use crate::diag::{Diagnostic, Diagnostics, Place, line_column};
use crate::text::mask::mask_all;
use crate::text::suggest::closest;

pub const BOUNDARIES_FILE: &str = "data/districts.geojson";

/// The largest file read: a regency's or a province's districts simplified
/// for a web map take well under a megabyte; more is an unsimplified
/// survey file, slow to read and to draw.
pub const MAX_BYTES: u64 = 20_000_000;

/// Each district's shape in longitude and latitude, in the order of the
/// district list (by [`super::DistrictId`]); None for a district the file
/// has no feature for, which the maps list as having no boundary.
#[derive(Debug, Clone, PartialEq)]
pub struct Boundaries {
    pub shapes: Vec<Option<MultiPolygon<f64>>>,
}

/// Reads and checks the boundaries, when the site has them. `districts` is
/// None when `districts.csv` failed, and then only the file itself is
/// checked. Errors go to `diagnostics` and give None.
pub fn load_boundaries(
    root: &Path,
    districts: Option<&CodeList<District>>,
    diagnostics: &mut Diagnostics,
) -> Option<Boundaries> {
    let path = root.join(BOUNDARIES_FILE);
    let size = match std::fs::metadata(&path) {
        Ok(metadata) => metadata.len(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return None,
        Err(error) => {
            diagnostics.push(Diagnostic::error(
                Place::file(BOUNDARIES_FILE),
                format!("cannot read the file: {error}"),
            ));
            return None;
        }
    };
    if size > MAX_BYTES {
        diagnostics.push(
            Diagnostic::error(
                Place::file(BOUNDARIES_FILE),
                format!(
                    "the file is {} MB, more than the {} MB a map needs",
                    size.div_ceil(1_000_000),
                    MAX_BYTES / 1_000_000
                ),
            )
            .with_hint(
                "simplify the boundaries first (QGIS: Vector > Geometry Tools > Simplify, or mapshaper); the map is drawn a few hundred pixels wide",
            ),
        );
        return None;
    }
    let text = super::config::read(root, BOUNDARIES_FILE, diagnostics)?;
    let errors_before = diagnostics.error_count();
    let features = read_features(&text, diagnostics)?;
    let mut shapes = districts.map(|list| vec![None; list.len()]);
    // Each code's feature number, to name the first of a repeated code.
    let mut first_feature: Vec<Option<usize>> =
        districts.map_or(Vec::new(), |l| vec![None; l.len()]);
    for (number, raw) in features.iter().enumerate().map(|(i, raw)| (i + 1, raw)) {
        let offset = raw.get().as_ptr() as usize - text.as_ptr() as usize;
        let mut feature = FeatureAt::new(&text, offset, number);
        let Some(parsed) = feature.parse(raw, diagnostics) else {
            continue;
        };
        let shape = feature.shape(&parsed, diagnostics);
        let (Some(list), Some(code)) = (districts, &parsed.code) else {
            continue;
        };
        let Some(id) = list.index_of(code) else {
            feature.unknown_code(code, list, diagnostics);
            continue;
        };
        if let Some(first) = first_feature[id.index()] {
            feature.error(
                diagnostics,
                format!("code '{}' is also the code of feature {first}", mask_all(code)),
                "give each district one feature; put a district's parts (islands) in one MultiPolygon",
            );
            continue;
        }
        first_feature[id.index()] = Some(number);
        if let (Some(shapes), Some(shape)) = (shapes.as_mut(), shape) {
            shapes[id.index()] = Some(shape);
        }
    }
    if let Some(list) = districts {
        warn_of_districts_without_a_feature(list, &first_feature, diagnostics);
    }
    if diagnostics.error_count() > errors_before {
        return None;
    }
    Some(Boundaries { shapes: shapes? })
}

/// The features of the collection, each as its unparsed text; None after
/// reporting a file that is not JSON or not a FeatureCollection.
fn read_features<'t>(text: &'t str, diagnostics: &mut Diagnostics) -> Option<Vec<&'t RawValue>> {
    // A byte-order mark, as some Windows tools write, is not JSON's.
    let json = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Err(error) = serde_json::from_str::<&RawValue>(json) {
        diagnostics.push(json_error(text, &error));
        return None;
    }
    #[derive(Deserialize)]
    struct Collection<'a> {
        #[serde(rename = "type", default)]
        kind: Option<String>,
        #[serde(borrow, default)]
        features: Option<Vec<&'a RawValue>>,
    }
    let not_a_collection = |detail: &str| {
        Diagnostic::error(
            Place::position(BOUNDARIES_FILE, 1, 1),
            format!("the file is not a GeoJSON FeatureCollection: {detail}"),
        )
        .with_hint(
            "export the districts as GeoJSON, one feature per district: {\"type\": \"FeatureCollection\", \"features\": [...]}",
        )
    };
    match serde_json::from_str::<Collection>(json) {
        Ok(Collection {
            kind: Some(kind),
            features: Some(features),
        }) if kind == "FeatureCollection" => {
            if features.is_empty() {
                diagnostics.push(
                    Diagnostic::error(Place::file(BOUNDARIES_FILE), "the file has no features")
                        .with_hint(
                            "add one feature per district, or remove the file to publish no map",
                        ),
                );
                return None;
            }
            Some(features)
        }
        Ok(Collection { kind, .. }) => {
            let detail = match kind {
                Some(kind) => format!("its type is '{}'", mask_all(&kind)),
                None => "it has no type".to_string(),
            };
            diagnostics.push(not_a_collection(&detail));
            None
        }
        Err(error) => {
            diagnostics.push(not_a_collection(&serde_message(&error)));
            None
        }
    }
}

/// A JSON syntax error at its line and column.
fn json_error(text: &str, error: &serde_json::Error) -> Diagnostic {
    // serde_json counts columns in bytes; the report counts characters.
    let line_start: usize = text
        .split_inclusive('\n')
        .take(error.line().saturating_sub(1))
        .map(str::len)
        .sum();
    let offset = (line_start + error.column().saturating_sub(1)).min(text.len());
    let (line, column) = line_column(text, offset);
    Diagnostic::error(
        Place::position(BOUNDARIES_FILE, line, column),
        format!("invalid JSON: {}", serde_message(error)),
    )
    .with_hint("check the file in a JSON or GeoJSON validator, or export it again from your GIS")
}

/// serde_json's message without the " at line L column C" it appends.
fn serde_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message,
    }
}

/// The parts of a feature that are read.
struct Parsed {
    code: Option<String>,
    geometry: Option<Json>,
}

/// One feature of the file, for its problems: where it starts and its number.
struct FeatureAt {
    place: Place,
    number: usize,
    /// "feature 3 (code '36.02.03')", once the code is known.
    name: String,
}

impl FeatureAt {
    fn new(text: &str, offset: usize, number: usize) -> FeatureAt {
        let (line, column) = line_column(text, offset);
        FeatureAt {
            place: Place::position(BOUNDARIES_FILE, line, column),
            number,
            name: format!("feature {number}"),
        }
    }

    fn error(&self, diagnostics: &mut Diagnostics, message: String, hint: &str) {
        diagnostics.push(
            Diagnostic::error(self.place.clone(), format!("{}: {message}", self.name))
                .with_hint(hint),
        );
    }

    /// The feature's code and geometry, its other properties left unread;
    /// None after reporting a feature that is not one.
    fn parse(&mut self, raw: &RawValue, diagnostics: &mut Diagnostics) -> Option<Parsed> {
        #[derive(Deserialize)]
        struct Feature {
            #[serde(rename = "type", default)]
            kind: Option<String>,
            #[serde(default)]
            properties: Option<serde_json::Map<String, Json>>,
            #[serde(default)]
            geometry: Option<Json>,
        }
        let feature = match serde_json::from_str::<Feature>(raw.get()) {
            Ok(feature) if feature.kind.as_deref() == Some("Feature") => feature,
            Ok(_) | Err(_) => {
                self.error(
                    diagnostics,
                    "is not a GeoJSON Feature".to_string(),
                    "each member of \"features\" is {\"type\": \"Feature\", \"properties\": {\"code\": ...}, \"geometry\": ...}",
                );
                return None;
            }
        };
        let properties = feature.properties.unwrap_or_default();
        let code = match properties.get("code") {
            Some(Json::String(code)) if !code.trim().is_empty() => Some(code.trim().to_string()),
            // A code written as a number (3602010) is its digits.
            Some(Json::Number(number)) => Some(number.to_string()),
            _ => None,
        };
        match &code {
            Some(code) => {
                self.name = format!("feature {} (code '{}')", self.number, mask_all(code))
            }
            None => {
                let mut keys: Vec<&str> = properties.keys().map(String::as_str).take(8).collect();
                keys.sort_unstable();
                let has = if keys.is_empty() {
                    "it has no properties".to_string()
                } else {
                    format!("its properties are {}", mask_all(&keys.join(", ")))
                };
                self.error(
                    diagnostics,
                    format!("has no properties.code ({has})"),
                    "give each feature the code of its district in data/districts.csv, e.g. \"properties\": {\"code\": \"36.02.01\"}",
                );
            }
        }
        Some(Parsed {
            code,
            geometry: feature.geometry,
        })
    }

    fn unknown_code(&self, code: &str, list: &CodeList<District>, diagnostics: &mut Diagnostics) {
        let codes = list.codes();
        // The same code written another way: 360201 for 36.02.01.
        let bare =
            |code: &str| -> String { code.chars().filter(char::is_ascii_alphanumeric).collect() };
        let written_otherwise = codes.iter().find(|known| bare(known) == bare(code));
        let hint = match written_otherwise.copied().or_else(|| closest(code, &codes)) {
            Some(near) => format!("did you mean '{near}'?"),
            None => format!(
                "use the codes of data/districts.csv (such as '{}'), or remove the feature",
                codes.first().copied().unwrap_or_default()
            ),
        };
        self.error(
            diagnostics,
            "the code is not in data/districts.csv".to_string(),
            &hint,
        );
    }

    /// The feature's shape, or None after reporting what is wrong with it.
    fn shape(&self, parsed: &Parsed, diagnostics: &mut Diagnostics) -> Option<MultiPolygon<f64>> {
        let hint = "each district is a Polygon or a MultiPolygon (for islands); export points, lines and collections as polygons";
        let Some(geometry) = parsed.geometry.as_ref().filter(|g| !g.is_null()) else {
            self.error(diagnostics, "has no geometry".to_string(), hint);
            return None;
        };
        let kind = geometry.get("type").and_then(Json::as_str).unwrap_or("");
        let coordinates = geometry.get("coordinates").unwrap_or(&Json::Null);
        let polygons = match kind {
            "Polygon" => vec![coordinates],
            "MultiPolygon" => match coordinates.as_array() {
                Some(polygons) => polygons.iter().collect(),
                None => {
                    self.error(
                        diagnostics,
                        "the coordinates of its MultiPolygon are not a list of polygons"
                            .to_string(),
                        "a MultiPolygon's coordinates are [[[[lon, lat], ...]], ...]",
                    );
                    return None;
                }
            },
            "" => {
                self.error(diagnostics, "its geometry has no type".to_string(), hint);
                return None;
            }
            other => {
                self.error(
                    diagnostics,
                    format!(
                        "its geometry is a {}, not a Polygon or MultiPolygon",
                        mask_all(other)
                    ),
                    hint,
                );
                return None;
            }
        };
        let mut shape = Vec::new();
        let mut outside = OutOfRange::default();
        for (index, polygon) in polygons.iter().enumerate() {
            match read_polygon(polygon, &mut outside) {
                Ok(polygon) => shape.push(polygon),
                Err(problem) => {
                    let which = if kind == "MultiPolygon" {
                        format!("polygon {} of its MultiPolygon", index + 1)
                    } else {
                        "its Polygon".to_string()
                    };
                    self.error(
                        diagnostics,
                        format!("{which}: {problem}"),
                        "a polygon is a list of rings, each of at least 4 [longitude, latitude] positions, the first repeated at the end",
                    );
                    return None;
                }
            }
        }
        if let Some(example) = outside.first {
            self.error(
                diagnostics,
                format!(
                    "{} positions are not a longitude (-180 to 180) and latitude (-90 to 90), e.g. [{}, {}]",
                    outside.count, example.x, example.y
                ),
                "GeoJSON is WGS 84 longitude, latitude in degrees (EPSG:4326): export it in that system, not in metres (UTM)",
            );
            return None;
        }
        if shape.is_empty() {
            self.error(
                diagnostics,
                "its MultiPolygon has no polygons".to_string(),
                hint,
            );
            return None;
        }
        Some(MultiPolygon::new(shape))
    }
}

/// Positions outside longitude and latitude: how many, and the first.
#[derive(Default)]
struct OutOfRange {
    count: usize,
    first: Option<Coord<f64>>,
}

/// A Polygon's coordinates, `[[[lon, lat], ...], ...]`: an outer ring and
/// its holes. Err says what is wrong with it.
fn read_polygon(coordinates: &Json, outside: &mut OutOfRange) -> Result<Polygon<f64>, String> {
    let rings = coordinates
        .as_array()
        .filter(|rings| !rings.is_empty())
        .ok_or("has no rings")?;
    let mut read = Vec::with_capacity(rings.len());
    for (index, ring) in rings.iter().enumerate() {
        let positions = ring
            .as_array()
            .ok_or(format!("ring {} is not a list", index + 1))?;
        if positions.len() < 4 {
            return Err(format!(
                "ring {} has {} positions, fewer than 4",
                index + 1,
                positions.len()
            ));
        }
        let mut coords = Vec::with_capacity(positions.len());
        for position in positions {
            let numbers = position.as_array().map(|p| {
                p.iter()
                    .take(2)
                    .filter_map(Json::as_f64)
                    .collect::<Vec<f64>>()
            });
            let Some([x, y]) = numbers
                .as_deref()
                .and_then(|n| <[f64; 2]>::try_from(n).ok())
            else {
                return Err(format!(
                    "ring {} has a position that is not [longitude, latitude]",
                    index + 1
                ));
            };
            let coord = Coord { x, y };
            if !(-180.0..=180.0).contains(&x) || !(-90.0..=90.0).contains(&y) {
                outside.count += 1;
                outside.first.get_or_insert(coord);
            }
            coords.push(coord);
        }
        read.push(LineString::new(coords));
    }
    let exterior = read.remove(0);
    Ok(Polygon::new(exterior, read))
}

/// Boundaries are someone's work, often under a licence that asks for
/// credit: the maps, the Metodologi page and the data README give it.
pub fn uncredited_warning() -> Diagnostic {
    Diagnostic::warning(
        Place::file(BOUNDARIES_FILE),
        "the boundaries' source is not credited: the maps will name no source for them",
    )
    .with_hint("add to site.toml: [map] credit = \"Batas kecamatan: <who made them>, <licence>\"")
}

fn warn_of_districts_without_a_feature(
    list: &CodeList<District>,
    features: &[Option<usize>],
    diagnostics: &mut Diagnostics,
) {
    for (district, feature) in list.entries.iter().zip(features) {
        if feature.is_none() {
            diagnostics.push(
                Diagnostic::warning(
                    Place::file(BOUNDARIES_FILE),
                    format!(
                        "district '{}' ({}) has no feature: the maps list it as having no boundary",
                        district.code, district.name
                    ),
                )
                .with_hint(format!(
                    "add a feature with \"properties\": {{\"code\": \"{}\"}} and its Polygon",
                    district.code
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn districts(codes: &[&str]) -> CodeList<District> {
        CodeList {
            entries: codes
                .iter()
                .map(|code| District {
                    code: code.to_string(),
                    name: format!("Kecamatan {code}"),
                    eligible: None,
                })
                .collect(),
        }
    }

    /// The problems of `text` as the file, each as printed without hint.
    fn problems(text: &str, codes: &[&str]) -> (Option<Boundaries>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        std::fs::write(dir.path().join(BOUNDARIES_FILE), text).unwrap();
        let mut diagnostics = Diagnostics::default();
        let boundaries = load_boundaries(dir.path(), Some(&districts(codes)), &mut diagnostics);
        let printed = diagnostics
            .sorted()
            .iter()
            .map(|d| d.to_string().lines().next().unwrap().to_string())
            .collect();
        (boundaries, printed)
    }

    fn square(x: f64, y: f64) -> String {
        format!(
            "[[[{x},{y}],[{},{y}],[{},{}],[{x},{}],[{x},{y}]]]",
            x + 0.1,
            x + 0.1,
            y + 0.1,
            y + 0.1
        )
    }

    fn feature(code: &str, geometry: &str) -> String {
        format!(
            "{{\"type\":\"Feature\",\"properties\":{{\"code\":\"{code}\",\"name\":\"X\",\"KEPALA\":\"Budi\"}},\"geometry\":{geometry}}}"
        )
    }

    fn collection(features: &[String]) -> String {
        format!(
            "{{\"type\": \"FeatureCollection\", \"features\": [\n{}\n]}}\n",
            features.join(",\n")
        )
    }

    #[test]
    fn reads_polygons_and_multipolygons_with_holes_by_district() {
        let hole = "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[2,1],[2,2],[1,1]]]}";
        let islands = format!(
            "{{\"type\":\"MultiPolygon\",\"coordinates\":[{},{}]}}",
            square(10.0, 10.0),
            square(11.0, 10.0)
        );
        let text = collection(&[feature("b", &islands), feature("a", hole)]);
        let (boundaries, found) = problems(&text, &["a", "b"]);
        assert_eq!(found, Vec::<String>::new());
        let shapes = boundaries.unwrap().shapes;
        let a = shapes[0].as_ref().unwrap();
        assert_eq!(a.0.len(), 1);
        assert_eq!(a.0[0].interiors().len(), 1);
        assert_eq!(shapes[1].as_ref().unwrap().0.len(), 2);
    }

    #[test]
    fn every_problem_is_reported_at_its_feature_with_its_number_and_code() {
        let line = "{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,1]]}";
        let text = collection(&[
            feature("a", &format!("{{\"type\":\"Polygon\",\"coordinates\":{}}}", square(0.0, 0.0))),
            feature("zz", &format!("{{\"type\":\"Polygon\",\"coordinates\":{}}}", square(1.0, 0.0))),
            feature("b", line),
            "{\"type\":\"Feature\",\"properties\":{\"KODE\":\"c\",\"NAMA\":\"C\"},\"geometry\":null}".to_string(),
            feature("a", &format!("{{\"type\":\"Polygon\",\"coordinates\":{}}}", square(2.0, 0.0))),
            feature("b", &format!("{{\"type\":\"Polygon\",\"coordinates\":{}}}", square(500000.0, 9000000.0))),
        ]);
        let (boundaries, found) = problems(&text, &["a", "b", "c"]);
        assert!(boundaries.is_none());
        assert_eq!(
            found,
            [
                "data/districts.geojson: warning: district 'c' (Kecamatan c) has no feature: the maps list it as having no boundary",
                "data/districts.geojson:3:1: error: feature 2 (code 'zz'): the code is not in data/districts.csv",
                "data/districts.geojson:4:1: error: feature 3 (code 'b'): its geometry is a LineString, not a Polygon or MultiPolygon",
                "data/districts.geojson:5:1: error: feature 4: has no geometry",
                "data/districts.geojson:5:1: error: feature 4: has no properties.code (its properties are KODE, NAMA)",
                "data/districts.geojson:6:1: error: feature 5 (code 'a'): code 'a' is also the code of feature 1",
                "data/districts.geojson:7:1: error: feature 6 (code 'b'): 5 positions are not a longitude (-180 to 180) and latitude (-90 to 90), e.g. [500000, 9000000]",
                "data/districts.geojson:7:1: error: feature 6 (code 'b'): code 'b' is also the code of feature 3",
            ]
        );
    }

    #[test]
    fn invalid_json_is_placed_at_its_line_and_column() {
        let text = "{\"type\": \"FeatureCollection\",\n  \"features\": [\n    {\"type\": \"Feature\" \"properties\": {}}\n]}\n";
        let (_, found) = problems(text, &["a"]);
        assert_eq!(
            found,
            ["data/districts.geojson:3:24: error: invalid JSON: expected `,` or `}`"]
        );
        let (_, found) = problems("{\"type\": \"Feature\", \"features\": 3}", &["a"]);
        assert_eq!(
            found,
            [
                "data/districts.geojson:1:1: error: the file is not a GeoJSON FeatureCollection: invalid type: integer `3`, expected a sequence"
            ]
        );
    }

    #[test]
    fn broken_rings_are_named() {
        let short = "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[1,0],[0,0]]]]}";
        let text = collection(&[feature("a", short)]);
        let (_, found) = problems(&text, &["a"]);
        assert_eq!(
            found,
            [
                "data/districts.geojson:2:1: error: feature 1 (code 'a'): polygon 1 of its MultiPolygon: ring 1 has 3 positions, fewer than 4"
            ]
        );
    }

    #[test]
    fn no_file_no_boundaries_and_a_file_too_large_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let mut diagnostics = Diagnostics::default();
        assert_eq!(load_boundaries(dir.path(), None, &mut diagnostics), None);
        assert!(diagnostics.is_empty());
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        let file = std::fs::File::create(dir.path().join(BOUNDARIES_FILE)).unwrap();
        file.set_len(MAX_BYTES + 1).unwrap();
        assert_eq!(load_boundaries(dir.path(), None, &mut diagnostics), None);
        assert_eq!(
            diagnostics.sorted()[0].message,
            "the file is 21 MB, more than the 20 MB a map needs"
        );
    }
}
