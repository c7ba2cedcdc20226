//! Ids as fingerprints: what the parallel members reader keeps of each id
//! to find a repeated one without keeping the ids. A 64-bit hash of the id
//! picks one of [`BUCKETS`] buckets by its top bits and leaves its next 48
//! bits there, in six bytes.

use std::hash::Hasher;
use std::thread;

use rustc_hash::FxHasher;

/// Fingerprints are kept in buckets by their top bits, so that repeats are
/// looked for in many small tables that fit in cache instead of one large
/// one; so few buckets are written to at once that each stays in cache.
const BUCKET_BITS: u32 = 8;
pub(super) const BUCKETS: usize = 1 << BUCKET_BITS;
/// Bits of a fingerprint kept in its bucket, in six bytes: with the
/// bucket's, 56 bits, so that ten million ids share one by chance about one
/// time in a thousand.
const KEPT_BITS: u32 = 48;

/// The top 56 bits of a fingerprint, as [`repeated`] names a repeat.
pub(super) fn top_bits(fingerprint: u64) -> u64 {
    fingerprint >> (64 - BUCKET_BITS - KEPT_BITS)
}

/// The bucket a fingerprint goes to.
pub(super) fn bucket_of(fingerprint: u64) -> usize {
    (fingerprint >> (64 - BUCKET_BITS)) as usize
}

/// The fingerprints of one bucket, their kept bits in two arrays, since
/// Rust has no six-byte integer.
pub(super) struct Bucket {
    high: Vec<u16>,
    low: Vec<u32>,
}

impl Bucket {
    pub(super) fn with_capacity(rows: usize) -> Bucket {
        Bucket {
            high: Vec::with_capacity(rows),
            low: Vec::with_capacity(rows),
        }
    }

    pub(super) fn push(&mut self, fingerprint: u64) {
        if self.low.len() == self.low.capacity() {
            // A quarter more rather than twice as much: at a hundred million
            // ids the buckets hold most of the memory a build needs.
            let more = (self.low.len() / 4).max(64);
            self.high.reserve_exact(more);
            self.low.reserve_exact(more);
        }
        let kept = kept_bits(fingerprint);
        self.high.push((kept >> 32) as u16);
        self.low.push(kept as u32);
    }

    /// The kept bits of each fingerprint.
    fn kept(&self) -> impl Iterator<Item = u64> {
        self.high
            .iter()
            .zip(&self.low)
            .map(|(&high, &low)| (u64::from(high) << 32) | u64::from(low))
    }
}

/// The bits of a fingerprint after its bucket's that its bucket keeps.
fn kept_bits(fingerprint: u64) -> u64 {
    (fingerprint >> (64 - BUCKET_BITS - KEPT_BITS)) & ((1 << KEPT_BITS) - 1)
}

/// A 64-bit fingerprint of an id, its bits well mixed (FxHash, then
/// MurmurHash3's finaliser) so that the top bits pick a bucket evenly.
pub(super) fn fingerprint(id: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(id);
    let mut hash = hasher.finish();
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

/// The fingerprints that occur more than once across all shards (each
/// worker's buckets), as their top 56 bits, found on as many threads as
/// read the file.
pub(super) fn repeated(shards: &[&[Bucket]], workers: usize) -> Vec<u64> {
    let per_worker = BUCKETS.div_ceil(workers);
    thread::scope(|scope| {
        let handles: Vec<_> = (0..BUCKETS)
            .step_by(per_worker)
            .map(|first| {
                scope.spawn(move || {
                    let mut seen = Vec::new();
                    let mut repeated = Vec::new();
                    for bucket in first..(first + per_worker).min(BUCKETS) {
                        let kept = shards.iter().flat_map(|shard| shard[bucket].kept());
                        let rows = shards.iter().map(|shard| shard[bucket].low.len()).sum();
                        for repeat in repeats(kept, rows, &mut seen) {
                            repeated.push(((bucket as u64) << KEPT_BITS) | repeat);
                        }
                    }
                    repeated
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// The values (below 2^48) of `values`, `count` of them, that occur more
/// than once, found in `seen`, an open-addressing table twice their number
/// long: one pass, where sorting took several.
fn repeats(values: impl Iterator<Item = u64>, count: usize, seen: &mut Vec<u64>) -> Vec<u64> {
    const EMPTY: u64 = u64::MAX;
    let size = (count * 2).next_power_of_two();
    seen.clear();
    seen.resize(size, EMPTY);
    let mask = size - 1;
    let mut repeated = Vec::new();
    for value in values {
        // The low bits of a fingerprint are as well mixed as the top ones.
        let mut slot = value as usize & mask;
        loop {
            if seen[slot] == EMPTY {
                seen[slot] = value;
                break;
            }
            if seen[slot] == value {
                if !repeated.contains(&value) {
                    repeated.push(value);
                }
                break;
            }
            slot = (slot + 1) & mask;
        }
    }
    repeated
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_spread_over_the_buckets() {
        let mut used = vec![0u32; BUCKETS];
        for n in 0..(BUCKETS * 64) {
            let id = format!("LBK-{n:06}");
            used[(fingerprint(id.as_bytes()) >> (64 - BUCKET_BITS)) as usize] += 1;
        }
        let (least, most) = (used.iter().min().unwrap(), used.iter().max().unwrap());
        assert!(*least > 20 && *most < 120, "buckets hold {least} to {most}");
    }

    #[test]
    fn repeats_are_named_once_each() {
        let mut seen = Vec::new();
        let values = [7, 1 << 40, 7, 3, 7, (1 << 40) + 16, 1 << 40];
        let mut found = repeats(values.into_iter(), values.len(), &mut seen);
        found.sort_unstable();
        assert_eq!(found, [7, 1 << 40]);
        assert!(repeats([1, 2, 3].into_iter(), 3, &mut seen).is_empty());
        assert!(repeats(std::iter::empty(), 0, &mut seen).is_empty());
    }
}
