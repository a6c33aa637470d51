//! The set of article ids an ingest must not record again: those in the store and those it
//! has recorded itself.
//!
//! The stored ids stay in the string column polars read them into; a hash table holds only
//! row numbers. A million stored articles then cost one column and 4 bytes each, not a
//! million `String`s, and loading them for a 5 000-article daily ingest is quick. The ids
//! this ingest records go the same way: their bytes one after another in one buffer, a
//! hash table of their numbers (a third of the memory of a set of `String`s).

use std::hash::BuildHasher;

use foldhash::fast::FixedState;
use hashbrown::HashTable;
use polars::prelude::{NewChunkedArray, StringChunked};

pub struct KnownIds {
    stored: StringChunked,
    /// Row numbers in `stored`, by the hash of their id.
    rows: HashTable<u32>,
    /// Ids recorded by this ingest.
    added: AddedIds,
    hasher: FixedState,
}

impl KnownIds {
    pub fn new(stored: StringChunked) -> Self {
        // One chunk: `get` is then an index, not a search through chunks.
        let stored = stored.rechunk().into_owned();
        let hasher = FixedState::with_seed(0x7469_636b_6572_746f);
        let mut rows = HashTable::with_capacity(stored.len());
        for (row, id) in stored.iter().enumerate() {
            if let Some(id) = id {
                let hash = hasher.hash_one(id);
                // Capacity is reserved: the re-hash closure is never called.
                rows.insert_unique(hash, row as u32, |&r| {
                    hasher.hash_one(stored.get(r as usize).unwrap_or(""))
                });
            }
        }
        KnownIds {
            stored,
            rows,
            added: AddedIds::default(),
            hasher,
        }
    }

    pub fn empty() -> Self {
        Self::new(StringChunked::from_iter_values(
            "".into(),
            std::iter::empty::<&str>(),
        ))
    }

    pub fn contains(&self, id: &str) -> bool {
        let hash = self.hasher.hash_one(id);
        self.rows
            .find(hash, |&r| self.stored.get(r as usize) == Some(id))
            .is_some()
            || self.added.contains(id, self.hasher.hash_one(id))
    }

    /// Adds `id`; false when it was known already.
    pub fn insert(&mut self, id: &str) -> bool {
        if self.contains(id) {
            return false;
        }
        self.added
            .insert(id, self.hasher.hash_one(id), &self.hasher);
        true
    }
}

/// Ids as one buffer of their bytes and where each ends, found through a hash table of
/// their numbers.
#[derive(Default)]
struct AddedIds {
    bytes: Vec<u8>,
    /// Where each id ends in `bytes` (the next starts there).
    ends: Vec<usize>,
    numbers: HashTable<u32>,
}

impl AddedIds {
    fn get(&self, number: u32) -> &[u8] {
        let n = number as usize;
        let start = if n == 0 { 0 } else { self.ends[n - 1] };
        &self.bytes[start..self.ends[n]]
    }

    fn contains(&self, id: &str, hash: u64) -> bool {
        self.numbers
            .find(hash, |&n| self.get(n) == id.as_bytes())
            .is_some()
    }

    /// Adds an id known to be new.
    fn insert(&mut self, id: &str, hash: u64, hasher: &FixedState) {
        let number = self.ends.len() as u32;
        self.bytes.extend_from_slice(id.as_bytes());
        self.ends.push(self.bytes.len());
        let (bytes, ends) = (&self.bytes, &self.ends);
        // Hashed as the `str` it was (a `[u8]` hashes differently), when the table grows.
        let id_of = |n: u32| {
            let n = n as usize;
            let start = if n == 0 { 0 } else { ends[n - 1] };
            std::str::from_utf8(&bytes[start..ends[n]]).unwrap_or_default()
        };
        self.numbers
            .insert_unique(hash, number, |&n| hasher.hash_one(id_of(n)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_and_added_ids_are_known_exactly() {
        let stored =
            StringChunked::from_iter_values("id".into(), ["a-1", "a-2", "a-2", "b"].into_iter());
        let mut known = KnownIds::new(stored);
        assert!(known.contains("a-1") && known.contains("a-2") && known.contains("b"));
        assert!(!known.contains("a") && !known.contains("a-3") && !known.contains(""));
        assert!(!known.insert("a-1"));
        assert!(known.insert("c"));
        assert!(!known.insert("c"));
        assert!(known.contains("c"));
        let mut empty = KnownIds::empty();
        assert!(empty.insert("a-1") && !empty.insert("a-1"));
    }

    #[test]
    fn many_added_ids_stay_known_as_the_table_grows() {
        let mut known = KnownIds::empty();
        for i in 0..100_000 {
            assert!(known.insert(&format!("https://news.example/{i}")));
        }
        for i in (0..100_000).step_by(7) {
            assert!(!known.insert(&format!("https://news.example/{i}")), "{i}");
        }
        assert!(known.insert("https://news.example/100000"));
        assert!(known.insert("") && !known.insert(""));
    }

    #[test]
    fn many_ids_across_chunks() {
        let mut first = StringChunked::from_iter_values(
            "id".into(),
            (0..50_000).map(|i| format!("article-{i}")),
        );
        let second = StringChunked::from_iter_values(
            "id".into(),
            (50_000..100_000).map(|i| format!("article-{i}")),
        );
        first.append(&second).unwrap();
        let known = KnownIds::new(first);
        for i in (0..100_000).step_by(997) {
            assert!(known.contains(&format!("article-{i}")));
        }
        assert!(!known.contains("article-100000"));
    }
}
