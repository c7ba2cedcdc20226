//! A sheet's merged regions over the columns a table is read from, kept as
//! regions, never cell by cell: a merge of D1:XFD1048576 is one region, not
//! seventeen billion cells to list.

use calamine::Dimensions;

use crate::load::source::workbook::TABLE_COLUMNS;

/// One merged region as one column sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Merge {
    /// The region's first row, whose cell holds the value it shows.
    pub top: u32,
    pub bottom: u32,
    /// The region spans more than one column.
    pub across: bool,
}

#[derive(Debug, Default)]
pub(super) struct Merges {
    /// For each of the table's columns, the regions over it, by top row.
    by_column: Vec<Vec<Merge>>,
}

impl Merges {
    pub(super) fn new(regions: &[Dimensions]) -> Merges {
        let mut by_column = vec![Vec::new(); TABLE_COLUMNS as usize];
        for region in regions {
            let (top, bottom) = ordered(region.start.0, region.end.0);
            let (left, right) = ordered(region.start.1, region.end.1);
            let merge = Merge {
                top,
                bottom,
                across: left != right,
            };
            for column in left..=right.min(TABLE_COLUMNS - 1) {
                by_column[column as usize].push(merge);
            }
        }
        for merges in &mut by_column {
            merges.sort_by_key(|merge| merge.top);
        }
        Merges { by_column }
    }

    /// The region holding the cell at `(row, column)`. Excel's regions
    /// never overlap; of overlapping ones in a file it did not write, the
    /// one starting last above the cell.
    pub(super) fn at(&self, row: u32, column: u32) -> Option<Merge> {
        let merges = self.by_column.get(column as usize)?;
        let starting_above = merges.partition_point(|merge| merge.top <= row);
        let merge = *merges[..starting_above].last()?;
        (row <= merge.bottom).then_some(merge)
    }

    /// The rows between `first` and `last` covered by a region merged down
    /// a column below its first row: they show its value.
    pub(super) fn rows_covered_below_the_first(&self, first: u32, last: u32) -> Vec<u32> {
        let mut spans: Vec<(u32, u32)> = self
            .by_column
            .iter()
            .flatten()
            .filter(|merge| !merge.across)
            .filter_map(|merge| {
                let from = merge.top.saturating_add(1).max(first);
                let to = merge.bottom.min(last);
                (from <= to).then_some((from, to))
            })
            .collect();
        spans.sort_unstable();
        let mut rows = Vec::new();
        let mut next = 0;
        for (from, to) in spans {
            let from = from.max(next);
            if from <= to {
                rows.extend(from..=to);
                next = to.saturating_add(1);
            }
        }
        rows
    }
}

fn ordered(a: u32, b: u32) -> (u32, u32) {
    (a.min(b), a.max(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(start: (u32, u32), end: (u32, u32)) -> Dimensions {
        Dimensions { start, end }
    }

    #[test]
    fn a_cell_is_found_in_the_region_over_it() {
        let merges = Merges::new(&[region((2, 1), (4, 1)), region((6, 0), (6, 3))]);
        let down = Merge {
            top: 2,
            bottom: 4,
            across: false,
        };
        assert_eq!(merges.at(3, 1), Some(down));
        assert_eq!(merges.at(2, 1), Some(down));
        assert_eq!(merges.at(5, 1), None);
        assert_eq!(merges.at(3, 0), None);
        assert!(merges.at(6, 3).is_some_and(|merge| merge.across));
        assert_eq!(merges.at(6, 4), None);
    }

    #[test]
    fn a_region_over_the_whole_sheet_is_one_region_a_column() {
        let merges = Merges::new(&[region((0, 3), (1_048_575, 16_383))]);
        assert_eq!(merges.by_column.iter().flatten().count(), 29);
        assert!(merges.at(1_048_575, 31).is_some_and(|merge| merge.across));
        assert!(merges.rows_covered_below_the_first(0, 1_048_575).is_empty());
    }

    #[test]
    fn rows_covered_are_listed_once_within_the_rows_asked() {
        let merges = Merges::new(&[
            region((1, 0), (5, 0)),
            region((3, 2), (8, 2)),
            region((20, 1), (10, 1)),
        ]);
        assert_eq!(
            merges.rows_covered_below_the_first(0, 7),
            [2, 3, 4, 5, 6, 7]
        );
        assert_eq!(merges.rows_covered_below_the_first(0, 100).len(), 7 + 10);
    }
}
