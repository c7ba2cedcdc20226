//! Typed indexes: a sector, district or benefit referred to by its place in
//! its sorted list, so that one kind's index cannot stand for another's
//! (an `Id<Sector>` is not an `Id<District>`).

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

/// The place of a `T` in its sorted list. Two bytes, like the bare `u16` it
/// wraps, and hashed and ordered as that `u16`: the members.csv readers make
/// two per row.
pub struct Id<T> {
    index: u16,
    kind: PhantomData<fn() -> T>,
}

impl<T> Id<T> {
    /// Most entries a list referred to by ids may hold.
    pub const MAX_ENTRIES: usize = u16::MAX as usize;

    /// The id of the entry at `index`, which the list's loader keeps below
    /// [`Id::MAX_ENTRIES`].
    pub fn new(index: usize) -> Id<T> {
        Id {
            index: u16::try_from(index).expect("lists referred to by ids are kept short"),
            kind: PhantomData,
        }
    }

    /// Every id of a list of `len` entries, in order.
    pub fn all(len: usize) -> impl Iterator<Item = Id<T>> {
        (0..len).map(Id::new)
    }

    pub fn index(self) -> usize {
        usize::from(self.index)
    }
}

// Derived impls would demand the same of `T`, which is only a marker.
impl<T> Clone for Id<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Id<T> {}

impl<T> PartialEq for Id<T> {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index
    }
}

impl<T> Eq for Id<T> {}

impl<T> PartialOrd for Id<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> Ord for Id<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.index.cmp(&other.index)
    }
}

impl<T> Hash for Id<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.index.hash(state);
    }
}

impl<T> fmt::Debug for Id<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({})", self.index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_as_small_as_its_index() {
        assert_eq!(size_of::<Id<String>>(), size_of::<u16>());
        assert_eq!(Id::<String>::new(7).index(), 7);
        let ids: Vec<usize> = Id::<String>::all(3).map(Id::index).collect();
        assert_eq!(ids, [0, 1, 2]);
    }
}
