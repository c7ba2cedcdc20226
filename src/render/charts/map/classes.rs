//! A choropleth's classes: the shown values split into at most five groups
//! of about equal size (quantiles), each drawn in one colour of a
//! sequential palette, light for low values and dark for high ones.
//!
//! Quantiles rather than equal steps or natural breaks: with a few dozen
//! districts every colour is used by about as many of them, so a reader
//! sees at once which fifth of the districts one is in, and the rule takes
//! one sentence to explain. Equal values always share a class.

use plotters::style::RGBColor;

/// The most classes a map draws.
pub const MAX_CLASSES: usize = 5;

/// ColorBrewer's YlGnBu, its six-class scheme without the palest yellow
/// (too close to the white page): sequential, colour-blind safe, and each
/// step distinct in print.
const SEQUENTIAL: [RGBColor; MAX_CLASSES] = [
    RGBColor(0xc7, 0xe9, 0xb4),
    RGBColor(0x7f, 0xcd, 0xbb),
    RGBColor(0x41, 0xb6, 0xc4),
    RGBColor(0x2c, 0x7f, 0xb8),
    RGBColor(0x25, 0x34, 0x94),
];

/// One class: the lowest and highest value it holds, and its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Class {
    pub low: i64,
    pub high: i64,
    pub color: RGBColor,
}

/// The classes of `values`, lowest first: as many as there are distinct
/// values, at most [`MAX_CLASSES`]; none for no values.
pub fn classes(values: &[i64]) -> Vec<Class> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let count = sorted.len();
    let mut groups: Vec<(i64, i64)> = Vec::new();
    let mut last_group = None;
    for (rank, &value) in sorted.iter().enumerate() {
        // The class of a value is decided by its first rank, so equal
        // values never straddle two classes.
        let first_rank = sorted.partition_point(|&v| v < value);
        debug_assert!(first_rank <= rank);
        let group = first_rank * MAX_CLASSES / count;
        if last_group == Some(group) {
            if let Some(current) = groups.last_mut() {
                current.1 = value;
            }
        } else {
            groups.push((value, value));
            last_group = Some(group);
        }
    }
    let colors = spread(groups.len());
    groups
        .into_iter()
        .zip(colors)
        .map(|((low, high), color)| Class { low, high, color })
        .collect()
}

/// `count` colours of the palette as far apart as they can be, so that
/// two classes are light and dark rather than two pale greens.
fn spread(count: usize) -> Vec<RGBColor> {
    match count {
        0 => Vec::new(),
        1 => vec![SEQUENTIAL[2]],
        _ => (0..count)
            .map(|index| SEQUENTIAL[(index * (MAX_CLASSES - 1) + (count - 1) / 2) / (count - 1)])
            .collect(),
    }
}

/// The class a value falls in; values are those the classes were made of.
pub fn class_of(classes: &[Class], value: i64) -> Option<&Class> {
    classes
        .iter()
        .find(|class| class.low <= value && value <= class.high)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranges(values: &[i64]) -> Vec<(i64, i64)> {
        classes(values).iter().map(|c| (c.low, c.high)).collect()
    }

    #[test]
    fn quantiles_hold_about_a_fifth_each_and_never_split_equal_values() {
        let values: Vec<i64> = (1..=28).collect();
        assert_eq!(
            ranges(&values),
            [(1, 6), (7, 12), (13, 17), (18, 23), (24, 28)]
        );
        assert_eq!(ranges(&[5, 5, 5, 5, 9, 9]), [(5, 5), (9, 9)]);
        assert_eq!(ranges(&[3, 1, 2]), [(1, 1), (2, 2), (3, 3)]);
        assert_eq!(ranges(&[]), []);
        let many_zeros = [0, 0, 0, 0, 0, 0, 0, 1, 2, 3];
        assert_eq!(ranges(&many_zeros), [(0, 0), (1, 1), (2, 3)]);
    }

    #[test]
    fn fewer_classes_use_colours_far_apart_from_light_to_dark() {
        let colors = |count| spread(count);
        assert_eq!(colors(5), SEQUENTIAL.to_vec());
        assert_eq!(colors(2), [SEQUENTIAL[0], SEQUENTIAL[4]]);
        assert_eq!(colors(3), [SEQUENTIAL[0], SEQUENTIAL[2], SEQUENTIAL[4]]);
        assert_eq!(colors(1), [SEQUENTIAL[2]]);
        let value = classes(&[1, 2, 3, 4, 50]);
        assert_eq!(class_of(&value, 50).unwrap().color, SEQUENTIAL[4]);
    }
}
