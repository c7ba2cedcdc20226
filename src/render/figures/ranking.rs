//! Long rankings: a breakdown of hundreds of districts cannot be read as
//! one chart of hundreds of bars (nor printed, nor downloaded as a small
//! image), so its chart shows the top and the bottom of the ranking, with a
//! break between them that says how many rows it leaves out; the tables
//! and the downloads keep every row.

use crate::render::charts::{HorizontalBars, Shape};

/// More rows than this and a chart shows only the ends of its ranking.
pub const WIDE_ROWS: usize = 30;
/// How many rows of each end it shows.
pub const END_ROWS: usize = 15;

/// What a chart of the ends of a ranking left out, for its notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ends {
    /// Rows drawn from the top and from the bottom.
    pub top: usize,
    pub bottom: usize,
    /// Rows of the whole ranking.
    pub of: usize,
}

/// The rows a chart of `rows` ranked rows draws, in their order, when it
/// draws only the ends of the ranking; None when it draws them all.
///
/// The ends are taken among the rows with a value shown (`shown`), in the
/// ranking's own order, which is the table's. A row whose every value is
/// hidden has no place in the ranking that may be told: placing it by its
/// hidden value would reveal something of it, so it is in neither end (the
/// table lists it, with its mark).
pub fn ends_of_ranking(rows: usize, shown: impl Fn(usize) -> bool) -> Option<Vec<usize>> {
    if rows <= WIDE_ROWS {
        return None;
    }
    let ranked: Vec<usize> = (0..rows).filter(|&row| shown(row)).collect();
    if ranked.len() <= WIDE_ROWS {
        return None;
    }
    let mut ends = ranked[..END_ROWS].to_vec();
    ends.extend_from_slice(&ranked[ranked.len() - END_ROWS..]);
    Some(ends)
}

/// The chart of the ends of `bars`' ranking, with the break between them
/// written by `gap_text` (given how many rows it leaves out); None when the
/// chart keeps every row.
pub fn chart_of_ends(
    bars: &HorizontalBars,
    gap_text: impl Fn(usize) -> String,
) -> Option<(HorizontalBars, Ends)> {
    let shown = |row: usize| {
        bars.series
            .iter()
            .any(|series| series.values.get(row).copied().flatten().is_some())
    };
    let rows = ends_of_ranking(bars.categories.len(), shown)?;
    let of = bars.categories.len();
    let ends = HorizontalBars {
        categories: rows
            .iter()
            .map(|&row| bars.categories[row].clone())
            .collect(),
        series: bars
            .series
            .iter()
            .map(|series| crate::render::charts::Series {
                values: rows.iter().map(|&row| series.values[row]).collect(),
                ..series.clone()
            })
            .collect(),
        gap: Some((END_ROWS, gap_text(of - rows.len()))),
        ..bars.clone()
    };
    Some((
        ends,
        Ends {
            top: END_ROWS,
            bottom: END_ROWS,
            of,
        },
    ))
}

/// `shape` as a page draws it: the ends of its ranking when it is long.
pub fn shape_of_ends(shape: Shape, gap_text: impl Fn(usize) -> String) -> (Shape, Option<Ends>) {
    match &shape {
        Shape::Horizontal(bars) => match chart_of_ends(bars, gap_text) {
            Some((ends, counts)) => (Shape::Horizontal(ends), Some(counts)),
            None => (shape, None),
        },
        _ => (shape, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::{NumberFormat, PALETTE, Series};

    fn ranking(values: Vec<Option<i64>>) -> HorizontalBars {
        HorizontalBars {
            categories: (0..values.len()).map(|row| format!("K{row}")).collect(),
            series: vec![Series {
                name: "S".into(),
                color: PALETTE[0],
                values,
            }],
            format: NumberFormat::Count,
            suppressed_mark: "*".into(),
            whole: None,
            gap: None,
        }
    }

    #[test]
    fn thirty_rows_are_drawn_whole_and_thirty_one_by_their_ends() {
        assert_eq!(ends_of_ranking(30, |_| true), None);
        let ends = ends_of_ranking(31, |_| true).unwrap();
        let expected: Vec<usize> = (0..15).chain(16..31).collect();
        assert_eq!(ends, expected);
    }

    #[test]
    fn hidden_rows_are_in_neither_end() {
        // 40 rows ranked with the hidden ones last, as the figures order
        // them; the bottom end is the lowest shown values, not the marks.
        let values: Vec<Option<i64>> = (0..40)
            .map(|row| (row < 35).then_some(100 - row as i64))
            .collect();
        let (ends, counts) =
            chart_of_ends(&ranking(values), |left_out| format!("{left_out} more")).unwrap();
        let names: Vec<&str> = ends.categories.iter().map(String::as_str).collect();
        let expected: Vec<String> = (0..15).chain(20..35).map(|row| format!("K{row}")).collect();
        assert_eq!(names, expected);
        assert!(ends.series[0].values.iter().all(Option::is_some));
        assert_eq!(ends.gap, Some((15, "10 more".to_string())));
        assert_eq!(
            counts,
            Ends {
                top: 15,
                bottom: 15,
                of: 40
            }
        );
    }

    #[test]
    fn a_long_ranking_with_few_values_shown_is_drawn_whole() {
        let values: Vec<Option<i64>> = (0..40).map(|row| (row < 30).then_some(5)).collect();
        assert!(chart_of_ends(&ranking(values), |_| String::new()).is_none());
    }

    #[test]
    fn ties_keep_the_rankings_order() {
        let values = vec![Some(7); 32];
        let (ends, _) = chart_of_ends(&ranking(values), |_| String::new()).unwrap();
        assert_eq!(ends.categories[14], "K14");
        assert_eq!(ends.categories[15], "K17");
        assert_eq!(ends.categories[29], "K31");
    }
}
