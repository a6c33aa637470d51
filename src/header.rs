//! A CSV header's columns found by name: the one way tickertone reads the header of a file
//! a user hands it (news CSVs, the symbol table, price downloads). Report CSVs, whose
//! columns tickertone defines, are read through serde instead (`render::from_csv`).

/// A header row. Names compare in lower case without spaces, `_` or `-`, so `Published
/// At` is `published_at` and `Adj Close` is `adj_close`.
#[derive(Debug, Clone)]
pub struct Header {
    raw: Vec<String>,
    keys: Vec<String>,
}

impl Header {
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Header {
        let raw: Vec<String> = names.into_iter().map(|n| n.trim().to_string()).collect();
        let keys = raw.iter().map(|n| key(n)).collect();
        Header { raw, keys }
    }

    /// The number of columns.
    pub fn len(&self) -> usize {
        self.raw.len()
    }

    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// The header as written, `,`-joined (for messages).
    pub fn joined(&self) -> String {
        self.raw.join(",")
    }

    /// The column of the first of `names` (in order of preference) that the header has.
    pub fn find(&self, names: &[&str]) -> Option<usize> {
        self.find_where(names, |_| true)
    }

    /// As [`Header::find`], among the columns `usable` accepts.
    pub fn find_where(&self, names: &[&str], usable: impl Fn(usize) -> bool) -> Option<usize> {
        names.iter().find_map(|name| {
            let wanted = key(name);
            (0..self.keys.len()).find(|&i| usable(i) && self.keys[i] == wanted)
        })
    }

    /// The column named exactly `name` (spaces around it aside), else as [`Header::find`].
    pub fn find_named(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.raw
            .iter()
            .position(|h| h == name)
            .or_else(|| self.find(&[name]))
    }

    /// True when the header has any of `names`.
    pub fn has_any(&self, names: &[&str]) -> bool {
        self.find(names).is_some()
    }
}

/// A name as headers compare it.
pub fn key(name: &str) -> String {
    name.trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_case_spaces_or_separators() {
        let h = Header::new(["Date", " Adj Close ", "Published At", "ticker"]);
        assert_eq!(h.find(&["adj_close"]), Some(1));
        assert_eq!(h.find(&["published_at", "date"]), Some(2));
        assert_eq!(h.find(&["symbol", "ticker"]), Some(3));
        assert_eq!(h.find(&["close"]), None);
        assert_eq!(h.find_named("Adj Close"), Some(1));
        assert_eq!(h.find_where(&["date", "published_at"], |i| i != 0), Some(2));
        assert_eq!(h.joined(), "Date,Adj Close,Published At,ticker");
    }
}
