//! Small-cell suppression, the contract's rule in one place: every breakdown
//! table passes through here before anything can read its numbers.
//!
//! A correction of an as_of is published beside the versions it corrects,
//! so the rule runs over what all of them publish together: a row hidden in
//! one version stays hidden, and a row another version published with the
//! same counts is public already (see [`RowHistory`]).

/// A row as suppression sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowCounts<'a> {
    /// The counts of people in the row (members_current and members_ever, or claims).
    pub counts: &'a [u64],
    /// The count that orders complementary suppression (members_ever or claims).
    pub rank: u64,
    /// What the recorded versions of the same as_of published of the row.
    pub history: RowHistory,
}

/// What the recorded versions of the same as_of (the releases a correction
/// is published beside) published of a row; nothing for a first release.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowHistory {
    /// Hidden in some version: it stays hidden, whatever its counts now.
    /// Whether a hidden row's counts changed cannot be told from what was
    /// published (its old counts never were), and the rows that did change
    /// often show it: publishing it now could give its old value away.
    pub hidden: bool,
    /// Published in some version with the counts it has now: public
    /// already, so hiding it protects nothing. It is never chosen as a
    /// complement, and when it is hidden anyway (small under a raised
    /// min_cell, or every row hidden) it counts as published.
    pub known: bool,
}

/// Whether a published count could single out fewer than `min_cell` people.
pub fn is_small(count: u64, min_cell: u64) -> bool {
    (1..min_cell).contains(&count)
}

/// Which rows of one table (or one benefit of a claims table) to suppress.
/// Rows come in code order, so the index breaks ties "by code".
///
/// Primary: a row with any count in [1, min_cell), and every row an
/// earlier version hid. Complementary: the hidden rows together must hold,
/// in each count, 0 or at least `min_cell` people, or the published total
/// minus the published rows would pin them down. While some count falls
/// short, the smallest visible row (by rank, then code) that is non-zero in
/// a short count is hidden too. Zero rows are never chosen: "the first zero
/// row" is a public rule, so hiding one would point at the real row beside
/// it. When no candidate is left, every row is hidden.
///
/// Across versions, the sums count only the hidden rows no version
/// published as they are now (the unknowns a reader is left with), and a
/// lone such row is short in every count it holds: the total minus
/// everything else would be its value. Without history this is the
/// contract's rule exactly: a lone hidden row is then always small.
///
/// Beyond the contract: hidden rows whose rank total equals their number
/// (each holds exactly one, as every hidden row holds someone) are short
/// too, and take the smallest visible row non-zero in rank as a partner.
pub fn suppression_mask(rows: &[RowCounts], min_cell: u64) -> Vec<bool> {
    let small = |row: &RowCounts| row.counts.iter().any(|&count| is_small(count, min_cell));
    let mut mask: Vec<bool> = rows
        .iter()
        .map(|row| row.history.hidden || small(row))
        .collect();
    let width = rows.iter().map(|row| row.counts.len()).max().unwrap_or(0);
    let mut unknowns = Unknowns {
        rows: 0,
        totals: vec![0; width],
        rank_total: 0,
    };
    for (row, _) in rows.iter().zip(&mask).filter(|(_, hidden)| **hidden) {
        if !row.history.known {
            unknowns.add(row);
        }
    }
    loop {
        let short = unknowns.short_counts(min_cell);
        let pinned = unknowns.pins_every_row();
        if short.is_empty() && !pinned {
            return mask;
        }
        let complement = rows
            .iter()
            .enumerate()
            .filter(|(index, row)| {
                !mask[*index]
                    && !row.history.known
                    && (short
                        .iter()
                        .any(|&count| row.counts.get(count).is_some_and(|&c| c > 0))
                        || (pinned && row.rank > 0))
            })
            .min_by_key(|(index, row)| (row.rank, *index))
            .map(|(index, _)| index);
        match complement {
            Some(index) => {
                mask[index] = true;
                unknowns.add(&rows[index]);
            }
            None => return vec![true; rows.len()],
        }
    }
}

/// The hidden rows a reader cannot read in any version: how many, and
/// their total in each count (the published total minus the published
/// rows).
struct Unknowns {
    rows: usize,
    totals: Vec<u64>,
    /// Their total in the rank count, in which every hidden row holds
    /// someone: zero rows are never hidden but by the every-row fallback.
    rank_total: u64,
}

impl Unknowns {
    fn add(&mut self, row: &RowCounts) {
        self.rows += 1;
        self.rank_total += row.rank;
        for (total, count) in self.totals.iter_mut().zip(row.counts) {
            *total += count;
        }
    }

    /// Whether the rank total pins every hidden row at one: readers know a
    /// hidden row holds at least one person, so eight hidden kecamatan
    /// holding eight death claims had one each, a sum the contract's
    /// "0 or at least min_cell" lets through. (The contract's own reason
    /// for the rule: "two hidden rows summing to 2 are 1 and 1".)
    fn pins_every_row(&self) -> bool {
        self.rows >= 2 && self.rank_total == self.rows as u64
    }

    /// The counts the unknowns do not yet protect: each whose total is in
    /// [1, min_cell); when there is none, every count a lone unknown row
    /// holds, since the subtraction gives it exactly (a row an earlier
    /// version hid, left alone when the rows hidden beside it became known).
    fn short_counts(&self, min_cell: u64) -> Vec<usize> {
        let counts = 0..self.totals.len();
        let small: Vec<usize> = counts
            .clone()
            .filter(|&count| is_small(self.totals[count], min_cell))
            .collect();
        if !small.is_empty() || self.rows != 1 {
            return small;
        }
        counts.filter(|&count| self.totals[count] > 0).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::slice;

    fn mask(rows: &[(u64, u64)], min_cell: u64) -> Vec<bool> {
        let counts: Vec<[u64; 2]> = rows.iter().map(|&(a, b)| [a, b]).collect();
        let rows: Vec<RowCounts> = counts
            .iter()
            .map(|counts| RowCounts {
                counts,
                rank: counts[1],
                history: RowHistory::default(),
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
    fn hidden_rows_holding_one_each_take_a_partner_or_hide_every_row() {
        // Six kecamatan with one death claim each: six hidden claims reach
        // min_cell, yet six hidden rows summing to six are one each.
        let mut rows = vec![(1, 1); 6];
        rows.push((20, 20));
        assert_eq!(mask(&rows, 5), [true; 7]);
        // With no row left to partner them, every row, zeros too.
        let mut with_zeros = vec![(1, 1); 8];
        with_zeros.extend([(0, 0), (0, 0)]);
        assert_eq!(mask(&with_zeros, 5), [true; 10]);
        // One of them with two claims: the total pins nobody.
        let mut mixed = vec![(1, 1); 5];
        mixed.extend([(2, 2), (20, 20)]);
        assert_eq!(mask(&mixed, 5), [true, true, true, true, true, true, false]);
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
                history: RowHistory::default(),
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
                .map(|counts| RowCounts { counts, rank: counts[1], history: RowHistory::default() })
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

    /// One version of a table: each row's true counts, and which rows it hid.
    #[derive(Debug, Clone)]
    struct Version {
        counts: Vec<Vec<u64>>,
        mask: Vec<bool>,
    }

    /// Suppresses `counts` as the model does for data of an as_of whose
    /// `recorded` versions exist: a row's history is what they published.
    fn suppress_after(counts: Vec<Vec<u64>>, recorded: &[Version], min_cell: u64) -> Version {
        let histories: Vec<RowHistory> = (0..counts.len())
            .map(|row| RowHistory {
                hidden: recorded.iter().any(|version| version.mask[row]),
                known: recorded
                    .iter()
                    .any(|version| !version.mask[row] && version.counts[row] == counts[row]),
            })
            .collect();
        let rows: Vec<RowCounts> = counts
            .iter()
            .zip(histories)
            .map(|(counts, history)| RowCounts {
                counts,
                rank: *counts.last().unwrap(),
                history,
            })
            .collect();
        let mask = suppression_mask(&rows, min_cell);
        Version { counts, mask }
    }

    fn one_count(values: &[u64]) -> Vec<Vec<u64>> {
        values.iter().map(|&value| vec![value]).collect()
    }

    #[test]
    fn a_row_hidden_before_stays_hidden_whatever_its_counts() {
        let first = suppress_after(one_count(&[2, 6, 9, 20]), &[], 5);
        assert_eq!(first.mask, [true, true, false, false]);
        // Row 0 grew to 8: nothing is small now, but publishing row 1's 6
        // would give row 0's 2 in the first version (their 8 minus 6).
        let correction = suppress_after(one_count(&[8, 6, 9, 20]), &[first], 5);
        assert_eq!(correction.mask, [true, true, false, false]);
    }

    #[test]
    fn a_known_row_is_never_a_complement_and_counts_as_published() {
        let first = suppress_after(one_count(&[7, 6, 9, 20]), &[], 5);
        assert_eq!(first.mask, [false; 4]);
        // Row 0 drops to 3: the smallest partner would be row 1 (6), but its
        // 6 is published already; row 2 changed, so it is the partner.
        let correction = suppress_after(one_count(&[3, 6, 10, 20]), slice::from_ref(&first), 5);
        assert_eq!(correction.mask, [true, false, true, false]);
        // Hidden anyway (every row, since nothing changed but row 0), the
        // known rows leave row 0 alone in the sum: the totals give it away,
        // whatever any rule hides (see the property test below).
        let alone = suppress_after(one_count(&[3, 6, 9, 20]), &[first], 5);
        assert_eq!(alone.mask, [true; 4]);
    }

    #[test]
    fn a_row_left_alone_when_the_rows_hidden_beside_it_became_known_takes_a_partner() {
        let mut versions = vec![suppress_after(one_count(&[7, 9, 6, 20]), &[], 5)];
        // Row 0 drops to 3 and row 1 to 8: row 1, changed, is its partner.
        versions.push(suppress_after(one_count(&[3, 8, 6, 20]), &versions, 5));
        assert_eq!(versions[1].mask, [true, true, false, false]);
        // Row 0 is back at the 7 the first version published: known. Row 1
        // is hidden alone with 8, not a small sum, yet the total minus the
        // rest would give 8, and with it row 0's 3 in the second version.
        // Row 2 changed, so it is hidden with it.
        let third = suppress_after(one_count(&[7, 8, 10, 20]), &versions, 5);
        assert_eq!(third.mask, [true, true, true, false]);
    }

    /// A table and its corrections for the property test: the first
    /// version's counts (2 to 8 rows of 1 or 2 counts from 0 to 12), then
    /// for a correction and maybe a correction of it the rows that change
    /// and their new counts, and min_cell.
    type Corrections = (
        Vec<Vec<u64>>,
        Vec<(usize, Vec<u64>)>,
        Option<Vec<(usize, Vec<u64>)>>,
        u64,
    );

    fn corrections() -> impl Strategy<Value = Corrections> {
        (1usize..=2, 2usize..=8).prop_flat_map(|(width, rows)| {
            let value = prop_oneof![1 => Just(0u64), 3 => 0u64..=12];
            let counts = prop::collection::vec(value, width);
            let changes = prop::collection::vec((0..rows, counts.clone()), 1..=2);
            (
                prop::collection::vec(counts, rows),
                changes.clone(),
                prop::option::of(changes),
                3u64..=5,
            )
        })
    }

    /// The counts after `changes`. A change that would leave its row as it
    /// was moves its first count by one instead: a correction changes the
    /// data.
    fn changed(counts: &[Vec<u64>], changes: &[(usize, Vec<u64>)]) -> Vec<Vec<u64>> {
        let mut changed = counts.to_vec();
        for (row, new) in changes {
            changed[*row] = new.clone();
            if changed[*row] == counts[*row] {
                changed[*row][0] = (counts[*row][0] + 1) % 13;
            }
        }
        changed
    }

    /// Whether another version published `row` with the counts it has in
    /// version `of`: then a reader knows it there.
    fn published_elsewhere(versions: &[Version], of: usize, row: usize) -> bool {
        versions.iter().enumerate().any(|(index, other)| {
            index != of && !other.mask[row] && other.counts[row] == versions[of].counts[row]
        })
    }

    /// The rows the attacker of the property test below computes exactly,
    /// as (version, row): each hidden row that is the only unknown of its
    /// version's equations and holds more than zeros.
    fn computed_exactly(versions: &[Version]) -> Vec<(usize, usize)> {
        versions
            .iter()
            .enumerate()
            .filter_map(|(index, version)| {
                let unknowns: Vec<usize> = (0..version.mask.len())
                    .filter(|&row| version.mask[row] && !published_elsewhere(versions, index, row))
                    .collect();
                match unknowns[..] {
                    [row] if version.counts[row].iter().any(|&count| count > 0) => {
                        Some((index, row))
                    }
                    _ => None,
                }
            })
            .collect()
    }

    /// Whether no rule could keep `row` of version `of` unknown: every other
    /// row has the counts an earlier version published, so the version's
    /// published total gives it whatever the version hides (a correction
    /// changing one row only shows its new value in the totals).
    fn given_away_by_the_totals(versions: &[Version], of: usize, row: usize) -> bool {
        (0..versions[of].counts.len())
            .filter(|&other| other != row)
            .all(|other| {
                versions[..of].iter().any(|earlier| {
                    !earlier.mask[other] && earlier.counts[other] == versions[of].counts[other]
                })
            })
    }

    proptest! {
        /// A first version, a correction of 1 or 2 rows, maybe a correction
        /// of that, each suppressed with the versions before it.
        ///
        /// The attacker has every published version and, per count, each
        /// version's table total (public in summary.json), so for each
        /// version and count the hidden rows sum to the total minus the
        /// published rows. A row hidden in one version and published in
        /// another with the same true counts is known to the attacker
        /// (version against version) and substituted. An equation left
        /// with exactly one unknown row computes it; that row must hold
        /// only zeros, or be one no rule could hide: every other row of its
        /// version has the counts an earlier version published, so the
        /// total alone gives it (see the last test).
        ///
        /// Checked too: a row hidden in a version stays hidden in the next,
        /// and each version on its own keeps the contract's rule.
        #[test]
        fn no_hidden_value_is_computed_from_all_versions_together(
            (first, second, third, min_cell) in corrections()
        ) {
            let mut versions = vec![suppress_after(first, &[], min_cell)];
            let counts = changed(&versions[0].counts, &second);
            versions.push(suppress_after(counts, &versions, min_cell));
            if let Some(third) = third {
                let counts = changed(&versions[1].counts, &third);
                versions.push(suppress_after(counts, &versions, min_cell));
            }
            for pair in versions.windows(2) {
                for (row, (&before, &now)) in pair[0].mask.iter().zip(&pair[1].mask).enumerate() {
                    prop_assert!(!before || now, "row {} hidden, then published", row);
                }
            }
            for (version, row) in computed_exactly(&versions) {
                prop_assert!(
                    given_away_by_the_totals(&versions, version, row),
                    "version {} row {} computed exactly: {:?}", version, row, versions
                );
            }
            for version in &versions {
                let all_hidden = version.mask.iter().all(|&hidden| hidden);
                for count in 0..version.counts[0].len() {
                    let hidden: u64 = version.counts.iter().zip(&version.mask)
                        .filter(|(_, hidden)| **hidden)
                        .map(|(counts, _)| counts[count])
                        .sum();
                    prop_assert!(all_hidden || !is_small(hidden, min_cell), "count {} hides {} in total", count, hidden);
                }
                for (counts, &hidden) in version.counts.iter().zip(&version.mask) {
                    prop_assert!(hidden || counts.iter().all(|&count| !is_small(count, min_cell)), "published a small row {:?}", counts);
                }
            }
        }
    }

    #[test]
    fn a_correction_of_one_row_alone_is_given_away_by_the_totals() {
        // No rule can hide this: the first version published every row and
        // the correction changes row 0 only, so its total minus the three
        // rows known from the first version is row 0's 3, whatever is hidden.
        let mut versions = vec![suppress_after(one_count(&[7, 6, 9, 20]), &[], 5)];
        versions.push(suppress_after(one_count(&[3, 6, 9, 20]), &versions, 5));
        assert_eq!(computed_exactly(&versions), [(1, 0)]);
        assert!(given_away_by_the_totals(&versions, 1, 0));
    }
}
