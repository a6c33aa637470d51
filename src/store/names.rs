//! The names of the files in the store's folder, decided in this one place: the writer,
//! compaction, the readers and the health check all go by these.
//!
//! A published file is `part-<hash>.parquet`, its name a hash of what it holds, so the same
//! batch always gets the same name. A file being written is hidden (`.part-….tmp`): readers
//! list only published names, so a rename publishes a file whole.

/// The name of a published store file whose contents hash to `hash`.
pub(super) fn part(hash: blake3::Hash) -> String {
    format!("part-{}.parquet", &hash.to_hex().as_str()[..24])
}

/// Whether `name` is a published store file, the only files readers read.
pub(super) fn is_part(name: &str) -> bool {
    name.starts_with("part-") && name.ends_with(".parquet")
}

/// The hidden name of a store file being written; `tag` tells writers apart.
pub(super) fn temp(tag: &str) -> String {
    format!(".part-{tag}.tmp")
}

/// Whether `name` is a store file left half-written (see [`temp`]).
pub(super) fn is_temp(name: &str) -> bool {
    name.starts_with(".part-") && name.ends_with(".tmp")
}

/// The journal of a compaction under way (see `compact`).
pub(super) const COMPACTION_JOURNAL: &str = ".compaction.json";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_names_are_recognised_and_temp_names_are_not_read() {
        let published = part(blake3::hash(b"ids"));
        assert!(is_part(&published) && !is_temp(&published));
        let writing = temp("123.0");
        assert!(is_temp(&writing) && !is_part(&writing));
        assert!(!is_part("notes.parquet"));
    }
}
