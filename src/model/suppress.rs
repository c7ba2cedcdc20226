//! Small-cell suppression, the contract's rule in one place: every breakdown
//! table passes through here before anything can read its numbers.

/// A row as suppression sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowCounts<'a> {
    /// The counts of people in the row (members_current and members_ever, or claims).
    pub counts: &'a [u64],
    /// The count that orders complementary suppression (members_ever or claims).
    pub rank: u64,
}

/// Whether a published count could single out fewer than `min_cell` people.
pub fn is_small(count: u64, min_cell: u64) -> bool {
    (1..min_cell).contains(&count)
}

/// Which rows of one table (or one benefit of a claims table) to suppress.
/// Rows come in code order, so the index breaks ties "by code".
///
/// Primary: a row with any count in [1, min_cell). Complementary: when that
/// leaves exactly one row suppressed, also the smallest other row (non-zero
/// rows first, then smallest rank, then first code), so the hidden value
/// cannot be recovered by subtracting the others from the published total.
pub fn suppression_mask(rows: &[RowCounts], min_cell: u64) -> Vec<bool> {
    let mut mask: Vec<bool> = rows
        .iter()
        .map(|row| row.counts.iter().any(|&count| is_small(count, min_cell)))
        .collect();
    if mask.iter().filter(|&&suppressed| suppressed).count() == 1 {
        let partner = rows
            .iter()
            .enumerate()
            .filter(|(index, _)| !mask[*index])
            .min_by_key(|(index, row)| (row.rank == 0, row.rank, *index))
            .map(|(index, _)| index);
        if let Some(index) = partner {
            mask[index] = true;
        }
    }
    mask
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mask(rows: &[(u64, u64)], min_cell: u64) -> Vec<bool> {
        let counts: Vec<[u64; 2]> = rows.iter().map(|&(a, b)| [a, b]).collect();
        let rows: Vec<RowCounts> = counts
            .iter()
            .map(|counts| RowCounts {
                counts,
                rank: counts[1],
            })
            .collect();
        suppression_mask(&rows, min_cell)
    }

    #[test]
    fn nothing_small_nothing_hidden() {
        assert_eq!(mask(&[(0, 0), (5, 5), (40, 41)], 5), [false, false, false]);
    }

    #[test]
    fn one_small_row_takes_the_smallest_non_zero_partner() {
        assert_eq!(
            mask(&[(0, 0), (3, 3), (40, 41), (9, 9), (9, 12)], 5),
            [false, true, false, true, false]
        );
    }

    #[test]
    fn ties_go_to_the_first_code_and_zero_rows_come_last() {
        assert_eq!(mask(&[(7, 7), (2, 2), (7, 7)], 5), [true, true, false]);
        assert_eq!(mask(&[(0, 0), (2, 2)], 5), [true, true]);
    }

    #[test]
    fn any_small_count_suppresses_the_row() {
        assert_eq!(mask(&[(0, 3), (20, 20), (30, 30)], 5), [true, true, false]);
    }

    #[test]
    fn two_small_rows_need_no_partner() {
        assert_eq!(mask(&[(1, 1), (4, 4), (50, 50)], 5), [true, true, false]);
    }
}
