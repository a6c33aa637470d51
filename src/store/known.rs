//! The set of article ids an ingest must not record again: those in the store and those it
//! has recorded itself.
//!
//! The stored ids stay in the string column polars read them into; a hash table holds only
//! row numbers. A million stored articles then cost one column and 4 bytes each, not a
//! million `String`s, and loading them for a 5 000-article daily ingest is quick.

use std::collections::HashSet;
use std::hash::BuildHasher;

use foldhash::fast::FixedState;
use hashbrown::HashTable;
use polars::prelude::{NewChunkedArray, StringChunked};

pub struct KnownIds {
    stored: StringChunked,
    /// Row numbers in `stored`, by the hash of their id.
    rows: HashTable<u32>,
    /// Ids recorded by this ingest (foldhash: looked up for every record).
    added: HashSet<String, FixedState>,
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
            added: HashSet::with_hasher(hasher.clone()),
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
            || self.added.contains(id)
    }

    /// Adds `id`; false when it was known already.
    pub fn insert(&mut self, id: &str) -> bool {
        if self.contains(id) {
            return false;
        }
        self.added.insert(id.to_string())
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
