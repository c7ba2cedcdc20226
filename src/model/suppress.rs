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
/// Primary: a row with any count in [1, min_cell). Complementary: the hidden
/// rows together must hold, in each count, 0 or at least `min_cell` people,
/// or the published total minus the published rows would pin them down.
/// While some count falls short, the smallest visible row (by rank, then
/// code) that is non-zero in a short count is hidden too. Zero rows are
/// never chosen: "the first zero row" is a public rule, so hiding one would
/// point at the real row beside it. When no candidate is left, every row is
/// hidden.
pub fn suppression_mask(rows: &[RowCounts], min_cell: u64) -> Vec<bool> {
    let mut mask: Vec<bool> = rows
        .iter()
        .map(|row| row.counts.iter().any(|&count| is_small(count, min_cell)))
        .collect();
    let width = rows.iter().map(|row| row.counts.len()).max().unwrap_or(0);
    let mut hidden_totals = vec![0u64; width];
    for (row, _) in rows.iter().zip(&mask).filter(|(_, hidden)| **hidden) {
        add(&mut hidden_totals, row.counts);
    }
    loop {
        let short: Vec<usize> = (0..width)
            .filter(|&count| is_small(hidden_totals[count], min_cell))
            .collect();
        if short.is_empty() {
            return mask;
        }
        let complement = rows
            .iter()
            .enumerate()
            .filter(|(index, row)| {
                !mask[*index]
                    && short
                        .iter()
                        .any(|&count| row.counts.get(count).is_some_and(|&c| c > 0))
            })
            .min_by_key(|(index, row)| (row.rank, *index))
            .map(|(index, _)| index);
        match complement {
            Some(index) => {
                mask[index] = true;
                add(&mut hidden_totals, rows[index].counts);
            }
            None => return vec![true; rows.len()],
        }
    }
}

fn add(totals: &mut [u64], counts: &[u64]) {
    for (total, count) in totals.iter_mut().zip(counts) {
        *total += count;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
    fn two_small_rows_need_no_partner_when_they_hold_min_cell() {
        assert_eq!(mask(&[(1, 1), (4, 4), (50, 50)], 5), [true, true, false]);
    }

    #[test]
    fn two_small_rows_holding_fewer_than_min_cell_take_a_partner() {
        // 1 and 2 hidden alone: the total minus the published rows is 3.
        assert_eq!(
            mask(&[(1, 1), (2, 2), (9, 9), (6, 6)], 5),
            [true, true, false, true]
        );
    }

    fn claims_mask(claims: &[u64], min_cell: u64) -> Vec<bool> {
        let counts: Vec<[u64; 1]> = claims.iter().map(|&c| [c]).collect();
        let rows: Vec<RowCounts> = counts
            .iter()
            .map(|counts| RowCounts {
                counts,
                rank: counts[0],
            })
            .collect();
        suppression_mask(&rows, min_cell)
    }

    #[test]
    fn a_single_claim_among_zero_rows_hides_the_whole_table() {
        // Hiding "the first zero row" beside it would point at the real one.
        assert_eq!(claims_mask(&[0, 1, 0, 0], 5), [true; 4]);
        assert_eq!(claims_mask(&[0, 1, 0, 7], 5), [false, true, false, true]);
    }

    #[test]
    fn complements_are_added_until_the_hidden_total_is_safe() {
        assert_eq!(
            claims_mask(&[1, 0, 1, 1, 8, 9], 5),
            [true, false, true, true, true, false]
        );
    }

    fn table() -> impl Strategy<Value = (Vec<[u64; 2]>, u64)> {
        let row = prop_oneof![
            3 => Just(0u64),
            4 => 1u64..8,
            2 => 8u64..40,
        ];
        (
            prop::collection::vec((row.clone(), row), 1..20).prop_map(|rows| {
                rows.into_iter()
                    .map(|(a, b)| [a.min(b), a.max(b)])
                    .collect()
            }),
            3u64..8,
        )
    }

    proptest! {
        #[test]
        fn hidden_rows_hold_zero_or_min_cell_in_every_count((counts, min_cell) in table()) {
            let rows: Vec<RowCounts> = counts
                .iter()
                .map(|counts| RowCounts { counts, rank: counts[1] })
                .collect();
            let mask = suppression_mask(&rows, min_cell);
            let all_hidden = mask.iter().all(|&hidden| hidden);
            for count in 0..2 {
                let hidden: u64 = counts.iter().zip(&mask).filter(|(_, h)| **h).map(|(c, _)| c[count]).sum();
                prop_assert!(all_hidden || !is_small(hidden, min_cell), "count {} hides {} in total", count, hidden);
            }
            for (row, &hidden) in counts.iter().zip(&mask) {
                if !hidden {
                    prop_assert!(row.iter().all(|&c| !is_small(c, min_cell)), "published a small row {:?}", row);
                }
            }
            let zero_row_hidden = counts.iter().zip(&mask).any(|(row, &h)| h && row == &[0, 0]);
            if zero_row_hidden {
                prop_assert!(all_hidden, "a zero row hidden while others are shown");
                // Every row is hidden only when hiding all non-zero rows was not enough.
                let short = (0..2).any(|count| {
                    is_small(counts.iter().map(|c| c[count]).sum(), min_cell)
                });
                prop_assert!(short, "every row hidden though the non-zero rows were enough");
            }
        }
    }
}
