//! Breakdown-by-benefit tables: one cell per row (a month, sector or
//! district) and program benefit. The one place that lays the cells out.

use std::ops::{Index, IndexMut};

use crate::load::BenefitId;

/// Cells by row, then benefit, as the published tables list them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenefitGrid<T> {
    rows: usize,
    benefits: usize,
    cells: Vec<T>,
}

impl<T> BenefitGrid<T> {
    /// A grid whose cells `cell(row, benefit)` gives, called in table order.
    pub fn from_fn(
        rows: usize,
        benefits: usize,
        mut cell: impl FnMut(usize, BenefitId) -> T,
    ) -> BenefitGrid<T> {
        let cells = (0..rows)
            .flat_map(|row| BenefitId::all(benefits).map(move |benefit| (row, benefit)))
            .map(|(row, benefit)| cell(row, benefit))
            .collect();
        BenefitGrid {
            rows,
            benefits,
            cells,
        }
    }

    /// Each row's cells, in benefit order.
    pub fn rows(&self) -> impl Iterator<Item = &[T]> {
        (0..self.rows).map(|row| {
            let start = row * self.benefits;
            &self.cells[start..start + self.benefits]
        })
    }

    /// One benefit's cells, in row order.
    pub fn column(&self, benefit: BenefitId) -> impl Iterator<Item = &T> {
        (0..self.rows).map(move |row| &self[(row, benefit)])
    }

    pub fn benefits(&self) -> impl Iterator<Item = BenefitId> {
        BenefitId::all(self.benefits)
    }

    fn offset(&self, row: usize, benefit: BenefitId) -> usize {
        assert!(benefit.index() < self.benefits, "benefit out of the grid");
        row * self.benefits + benefit.index()
    }
}

impl<T: Default> BenefitGrid<T> {
    pub fn new(rows: usize, benefits: usize) -> BenefitGrid<T> {
        BenefitGrid::from_fn(rows, benefits, |_, _| T::default())
    }
}

impl<T> Index<(usize, BenefitId)> for BenefitGrid<T> {
    type Output = T;

    fn index(&self, (row, benefit): (usize, BenefitId)) -> &T {
        &self.cells[self.offset(row, benefit)]
    }
}

impl<T> IndexMut<(usize, BenefitId)> for BenefitGrid<T> {
    fn index_mut(&mut self, (row, benefit): (usize, BenefitId)) -> &mut T {
        let offset = self.offset(row, benefit);
        &mut self.cells[offset]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_columns_see_the_same_cells() {
        let grid = BenefitGrid::from_fn(3, 2, |row, benefit| row * 10 + benefit.index());
        let rows: Vec<&[usize]> = grid.rows().collect();
        assert_eq!(rows, [&[0, 1][..], &[10, 11], &[20, 21]]);
        let second: Vec<usize> = grid.column(BenefitId::new(1)).copied().collect();
        assert_eq!(second, [1, 11, 21]);
        assert_eq!(grid[(2, BenefitId::new(0))], 20);
        assert_eq!(grid.benefits().count(), 2);
    }

    #[test]
    #[should_panic(expected = "benefit out of the grid")]
    fn a_benefit_past_the_last_is_refused() {
        let grid: BenefitGrid<u8> = BenefitGrid::new(2, 2);
        let _ = grid[(0, BenefitId::new(2))];
    }
}
