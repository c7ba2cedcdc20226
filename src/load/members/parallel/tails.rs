//! A worker's count of the members of its rows. A row whose id comes first
//! and no extra column follows is known by its tail, the fields after the
//! id: the first few thousand distinct tails are remembered whole, each with
//! its member; past them, when the columns are in the contract's order, a
//! tail is found by its two parts and its member counted in an array;
//! otherwise the rest is checked field by field.

use rustc_hash::FxHashMap;

use super::{Role, RowRules};
use crate::calendar::Month;
use crate::load::id::Id;
use crate::load::member::Member;
use crate::load::reference::{DistrictId, SectorId};

/// Distinct row tails a worker remembers when the rest of its rows are
/// counted by the parts of their tails ([`TailParts`]): the most frequent
/// ones, in a map that stays in the core's cache.
const MAX_TAILS_BESIDE_PARTS: usize = 1 << 12;
/// Distinct row tails a worker remembers otherwise; a file with more (hardly
/// a real one) has the rest of its rows checked field by field.
const MAX_TAILS: usize = 1 << 16;

/// How many rows of each member a worker has read.
pub(super) struct MemberCounts<'a> {
    rules: &'a RowRules<'a>,
    /// Each row tail remembered, its member and how many rows it ended.
    tails: FxHashMap<TailKey, (Member, u64)>,
    max_tails: usize,
    /// Members of the rows past the tails remembered, when their layout
    /// allows.
    parts: Option<TailParts>,
    /// Members of rows read field by field.
    counts: FxHashMap<Member, u64>,
}

impl<'a> MemberCounts<'a> {
    /// Remembering at most `max_tails` tails (None: as many as fit the
    /// cache beside the parts, or as [`MAX_TAILS`] without them).
    pub(super) fn new(rules: &'a RowRules<'a>, max_tails: Option<usize>) -> MemberCounts<'a> {
        let parts = TailParts::new(rules);
        let by_default = if parts.is_some() {
            MAX_TAILS_BESIDE_PARTS
        } else {
            MAX_TAILS
        };
        MemberCounts {
            rules,
            tails: FxHashMap::default(),
            max_tails: max_tails.unwrap_or(by_default),
            parts,
            counts: FxHashMap::default(),
        }
    }

    /// Counts a member read field by field.
    pub(super) fn count(&mut self, member: Member) {
        *self.counts.entry(member).or_insert(0) += 1;
    }

    /// Counts the member of a row's tail (the fields after its id): found
    /// by its bytes when seen before, else by its parts once the worker
    /// remembers as many tails as it may, else checked field by field.
    pub(super) fn count_tail(&mut self, tail: &[u8]) -> Option<Member> {
        // Looked up by the line's own bytes: a key is made only for a new tail.
        if let Some((member, count)) = self.tails.get_mut(tail) {
            *count += 1;
            return Some(*member);
        }
        let remembers = self.tails.len() < self.max_tails;
        if !remembers && let Some(parts) = &mut self.parts {
            return parts.count(self.rules, tail);
        }
        let text = std::str::from_utf8(tail).ok()?;
        if text.contains('\r') {
            return None;
        }
        let member = self
            .rules
            .member(&self.rules.cells(text, &self.rules.roles[1..])?)?;
        match TailKey::new(tail) {
            Some(key) if remembers => {
                self.tails.insert(key, (member, 1));
            }
            _ => self.count(member),
        }
        Some(member)
    }

    /// Each member and how many rows it ended; None when a count overflowed.
    pub(super) fn into_counts(self) -> Option<impl Iterator<Item = (Member, u64)>> {
        let by_parts = match self.parts {
            Some(parts) => parts.into_counts()?,
            None => Vec::new(),
        };
        Some(self.tails.into_values().chain(self.counts).chain(by_parts))
    }
}

/// The rows past the tails a worker remembers, counted by the two parts of
/// their tails: sector and district, then gender, age band and months. A
/// file of 500 districts has some 200.000 distinct tails, whose map no cache
/// holds, so that nearly every row waited for memory; its parts are a few
/// thousand each, and a row's member is counted in an array by sector,
/// district and months.
struct TailParts {
    /// A tail's first two fields, checked, and their sector and district.
    heads: FxHashMap<TailKey, (SectorId, DistrictId)>,
    /// The rest of a tail, checked, and the offsets of its covered months
    /// in the program's period.
    rests: FxHashMap<TailKey, (usize, usize)>,
    /// Rows by sector, district, first and last covered month.
    counts: Vec<u32>,
    /// Places in `counts` of rows not counted yet. Counted a thousand at
    /// a time, in a loop that does nothing else, the counters' cache
    /// misses overlap instead of each holding up the reading of its row.
    uncounted: Vec<u32>,
    districts: usize,
    /// The program's months, from its start.
    months: Vec<Month>,
}

/// The most counters [`TailParts`] keeps, four bytes each: 500 districts
/// and ten sectors over a year of months take 720.000.
const MAX_PART_COUNTERS: usize = 1 << 22;
const UNCOUNTED_ROWS: usize = 1 << 10;

impl TailParts {
    /// None unless the columns are in the contract's order (sector and
    /// district first after the id) and the counters are few enough.
    fn new(rules: &RowRules) -> Option<TailParts> {
        let in_order = [
            Role::MemberId,
            Role::Sector,
            Role::District,
            Role::Gender,
            Role::AgeBand,
            Role::CoveredFrom,
            Role::CoveredUntil,
        ];
        if rules.roles != in_order {
            return None;
        }
        let program = rules.program;
        let months: Vec<Month> = program.start.through(program.end).collect();
        let len = rules.sectors.len() * rules.districts.len() * months.len() * months.len();
        (len <= MAX_PART_COUNTERS).then(|| TailParts {
            heads: FxHashMap::default(),
            rests: FxHashMap::default(),
            counts: vec![0; len],
            uncounted: Vec::with_capacity(UNCOUNTED_ROWS),
            districts: rules.districts.len(),
            months,
        })
    }

    /// Counts the member of a row's tail; None when the tail is not plainly
    /// valid.
    fn count(&mut self, rules: &RowRules, tail: &[u8]) -> Option<Member> {
        let mut separators = memchr::memchr_iter(rules.separator, tail);
        let (first, second) = (separators.next()?, separators.next()?);
        let (head, rest) = (&tail[..second], &tail[second + 1..]);
        let (sector, district) = match self.heads.get(head) {
            Some(found) => *found,
            None => {
                let text = std::str::from_utf8(head).ok()?;
                let found = (
                    *rules.sectors.get(&text[..first])?,
                    *rules.districts.get(&text[first + 1..])?,
                );
                if let Some(key) = TailKey::new(head) {
                    self.heads.insert(key, found);
                }
                found
            }
        };
        let (from, until) = match self.rests.get(rest) {
            Some(found) => *found,
            None => {
                let text = std::str::from_utf8(rest).ok()?;
                if text.contains('\r') {
                    return None;
                }
                let (from, until) = rules.months(&rules.cells(text, &rules.roles[3..])?)?;
                let start = self.months[0];
                let found = (from.offset_from(start), until.offset_from(start));
                if let Some(key) = TailKey::new(rest) {
                    self.rests.insert(key, found);
                }
                found
            }
        };
        let months = self.months.len();
        let counter =
            ((sector.index() * self.districts + district.index()) * months + from) * months + until;
        self.uncounted.push(u32::try_from(counter).ok()?);
        if self.uncounted.len() == UNCOUNTED_ROWS {
            self.count_uncounted()?;
        }
        Some(Member {
            sector,
            district,
            covered_from: self.months[from],
            covered_until: self.months[until],
        })
    }

    /// None when a counter would overflow (four billion rows of one member).
    fn count_uncounted(&mut self) -> Option<()> {
        for &counter in &self.uncounted {
            let count = &mut self.counts[counter as usize];
            *count = count.checked_add(1)?;
        }
        self.uncounted.clear();
        Some(())
    }

    /// Each member counted and how many rows it ended.
    fn into_counts(mut self) -> Option<Vec<(Member, u64)>> {
        self.count_uncounted()?;
        let months = self.months.len();
        let counts = self
            .counts
            .iter()
            .enumerate()
            .filter(|(_, count)| **count > 0)
            .map(|(counter, count)| {
                let (rest, until) = (counter / months, counter % months);
                let (rest, from) = (rest / months, rest % months);
                let (sector, district) = (rest / self.districts, rest % self.districts);
                let member = Member {
                    sector: Id::new(sector),
                    district: Id::new(district),
                    covered_from: self.months[from],
                    covered_until: self.months[until],
                };
                (member, u64::from(*count))
            })
            .collect();
        Some(counts)
    }
}

/// A row tail as a map key, its bytes in place: a lookup reads one
/// entry instead of following a pointer to the bytes. Found by the tail's
/// bytes as a slice (`Borrow<[u8]>`), so it hashes and compares as one.
#[derive(Debug, Clone, Copy)]
struct TailKey {
    len: u8,
    bytes: [u8; TAIL_KEY_BYTES],
}

impl std::borrow::Borrow<[u8]> for TailKey {
    fn borrow(&self) -> &[u8] {
        self.tail()
    }
}

impl PartialEq for TailKey {
    fn eq(&self, other: &TailKey) -> bool {
        self.tail() == other.tail()
    }
}

impl Eq for TailKey {}

impl std::hash::Hash for TailKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.tail().hash(state);
    }
}

/// The longest tail a [`TailKey`] holds; a row tail runs about 40 bytes.
const TAIL_KEY_BYTES: usize = 63;

impl TailKey {
    fn new(tail: &[u8]) -> Option<TailKey> {
        let mut key = TailKey {
            len: u8::try_from(tail.len()).ok()?,
            bytes: [0; TAIL_KEY_BYTES],
        };
        key.bytes.get_mut(..tail.len())?.copy_from_slice(tail);
        Some(key)
    }

    fn tail(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tail_keys_hold_a_tail_of_up_to_63_bytes_and_hash_as_its_bytes() {
        use std::hash::BuildHasher;
        let hash = |key: &TailKey| rustc_hash::FxBuildHasher.hash_one(key);
        let tail = b"petani,11.01,L,25-34,2026-01,";
        let key = TailKey::new(tail).unwrap();
        assert_eq!(&key.bytes[..tail.len()], tail);
        assert_eq!(key, TailKey::new(tail).unwrap());
        assert_ne!(
            key,
            TailKey::new(b"petani,11.01,L,25-34,2026-01,2026-02").unwrap()
        );
        // A shorter tail is not the longer one padded with zero bytes.
        let short = TailKey::new(&tail[..tail.len() - 1]).unwrap();
        assert_ne!(key, short);
        assert_eq!(hash(&key), hash(&TailKey::new(tail).unwrap()));
        // A map of keys is searched with the line's bytes.
        assert_eq!(hash(&key), rustc_hash::FxBuildHasher.hash_one(&tail[..]));
        let tails: FxHashMap<TailKey, u8> = [(key, 1), (short, 2)].into_iter().collect();
        assert_eq!(tails.get(&tail[..]), Some(&1));
        assert_eq!(tails.get(&tail[..tail.len() - 1]), Some(&2));
        assert_eq!(tails.get(&b"petani"[..]), None);
        assert!(TailKey::new(&[b'x'; TAIL_KEY_BYTES]).is_some());
        assert!(TailKey::new(&[b'x'; TAIL_KEY_BYTES + 1]).is_none());
    }
}
