//! The members that claims refer to. Claims are read before members, so the
//! only ids ever held as text are the claimants' (about 2% of the members):
//! while members.csv streams past, each row's id is looked up here and the
//! claimant gets its sector, district and covered months.

use rustc_hash::FxHashMap;

use super::member::Member;

/// What members.csv says of a claimant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claimant {
    /// Not (yet) seen in members.csv.
    Missing,
    /// Listed on a row that has an error, already reported.
    Invalid,
    Listed(Member),
}

/// Claimant ids and what members.csv says of each, by slot number.
#[derive(Debug, Default)]
pub struct Claimants {
    slots: FxHashMap<Box<str>, u32>,
    states: Vec<Claimant>,
}

impl Claimants {
    /// The slot of `id`, added as [`Claimant::Missing`] when new.
    pub fn slot(&mut self, id: &str) -> u32 {
        if let Some(&slot) = self.slots.get(id) {
            return slot;
        }
        let slot = u32::try_from(self.states.len()).expect("fewer than 2^32 claimants");
        self.slots.insert(Box::from(id), slot);
        self.states.push(Claimant::Missing);
        slot
    }

    /// Room for `more` claimants without growing.
    pub fn reserve(&mut self, more: usize) {
        self.slots.reserve(more);
        self.states.reserve(more);
    }

    /// The slot of `id`, if a claim refers to it.
    pub fn find(&self, id: &str) -> Option<u32> {
        self.slots.get(id).copied()
    }

    pub fn len(&self) -> usize {
        self.states.len()
    }

    pub fn is_empty(&self) -> bool {
        self.states.is_empty()
    }

    /// Every claimant id.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.slots.keys().map(|id| &**id)
    }

    pub fn get(&self, slot: u32) -> Claimant {
        self.states[slot as usize]
    }

    /// Records a member row of claimant `slot`. The first row wins, valid or
    /// not: a later row with the same id is a duplicate, reported on its own.
    pub fn record(&mut self, slot: u32, found: Claimant) {
        let state = &mut self.states[slot as usize];
        if *state == Claimant::Missing {
            *state = found;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Month;
    use crate::load::id::Id;

    #[test]
    fn a_claimant_keeps_its_first_row() {
        let member = |sector| Member {
            sector: Id::new(sector),
            district: Id::new(0),
            covered_from: Month::new(2026, 1).unwrap(),
            covered_until: Month::new(2026, 12).unwrap(),
        };
        let mut claimants = Claimants::default();
        assert_eq!(claimants.find("LBK-1"), None);
        let slot = claimants.slot("LBK-1");
        assert_eq!(claimants.slot("LBK-1"), slot);
        assert_eq!(claimants.find("LBK-1"), Some(slot));
        assert_eq!(claimants.get(slot), Claimant::Missing);
        claimants.record(slot, Claimant::Listed(member(1)));
        claimants.record(slot, Claimant::Listed(member(2)));
        claimants.record(slot, Claimant::Invalid);
        assert_eq!(claimants.get(slot), Claimant::Listed(member(1)));
        let other = claimants.slot("LBK-2");
        claimants.record(other, Claimant::Invalid);
        claimants.record(other, Claimant::Listed(member(3)));
        assert_eq!(claimants.get(other), Claimant::Invalid);
    }
}
