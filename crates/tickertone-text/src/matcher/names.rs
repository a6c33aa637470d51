//! Company names and aliases in text: one Aho–Corasick automaton over every spelling
//! (ASCII case-insensitive), each hit then checked for word boundaries and case.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::{word_char_at, word_char_before, words, Found, How};

/// Up to this many spellings are compared one by one at each word start: cheaper than
/// building an automaton for the few companies of one article, as the scorer does.
const LINEAR_MAX: usize = 24;

/// A spelling needs at least this many characters ("3M" has two).
const MIN_SPELLING_CHARS: usize = 2;

/// Capitals-only forms ("NVIDIA") need at least this many letters: shorter all-capital
/// words are acronyms.
const MIN_UPPER_FORM_LETTERS: usize = 4;

/// A word the table writes in capitals also matches capitalised when it is at least this
/// long ("KANZHUN" → "Kanzhun"); shorter ones are acronyms ("BRP").
const MIN_TITLE_FORM_LETTERS: usize = 5;

#[derive(Debug, Clone)]
struct Spelling {
    company: u32,
    /// As written in the table, white space collapsed, without a trailing `.`.
    text: String,
    /// The forms the text may use: as written, and maybe in capitals or capitalised.
    forms: Vec<String>,
    /// One common English word ("Bullish", "Target", "Block"): in a title-case headline,
    /// where every word has a capital, it names the company only where the headline shows
    /// it is one (see [`corroborated`]).
    common_word: bool,
}

#[derive(Debug, Default)]
pub(super) struct NamesBuilder {
    spellings: Vec<Spelling>,
    /// ASCII-lower-cased spelling → index in `spellings`, or `None` once two companies
    /// claim it (then it names neither).
    owner: HashMap<String, Option<usize>>,
}

/// "Alphabet  Inc." → "Alphabet Inc": white space collapsed, a trailing dot dropped (the
/// text's own punctuation follows a name).
fn canonical(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    let trimmed = out.trim_end_matches('.').trim_end().len();
    out.truncate(trimmed);
    out
}

fn forms_of(text: &str) -> Vec<String> {
    let mut forms = vec![text.to_string()];
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let one_common_word =
        !text.contains(' ') && words::is_common_name_word(&text.to_ascii_lowercase());
    let upper = text.to_uppercase();
    if letters >= MIN_UPPER_FORM_LETTERS && !one_common_word && upper.len() == text.len() {
        forms.push(upper);
    }
    let title: Vec<String> = text
        .split(' ')
        .map(|w| {
            let all_caps =
                w.len() >= MIN_TITLE_FORM_LETTERS && w.bytes().all(|c| c.is_ascii_uppercase());
            if all_caps {
                let mut t = w[..1].to_string();
                t.push_str(&w[1..].to_ascii_lowercase());
                t
            } else {
                w.to_string()
            }
        })
        .collect();
    let title = title.join(" ");
    if !forms.contains(&title) {
        forms.push(title);
    }
    forms
}

impl NamesBuilder {
    pub(super) fn add(&mut self, company: u32, name: &str) {
        let text = canonical(name);
        let starts_with_word = text.chars().next().is_some_and(char::is_alphanumeric);
        if text.chars().count() < MIN_SPELLING_CHARS || !starts_with_word {
            return;
        }
        let key = text.to_ascii_lowercase();
        match self.owner.get(&key) {
            Some(Some(i)) if self.spellings[*i].company == company => {} // said twice
            Some(Some(_)) => {
                self.owner.insert(key, None);
            }
            Some(None) => {}
            None => {
                self.owner.insert(key, Some(self.spellings.len()));
                self.spellings.push(Spelling {
                    company,
                    forms: forms_of(&text),
                    common_word: !text.contains(' ')
                        && words::is_headline_word(&text.to_ascii_lowercase()),
                    text,
                });
            }
        }
    }

    pub(super) fn build(self) -> NameIndex {
        let mut claimed: Vec<bool> = vec![false; self.spellings.len()];
        for i in self.owner.values().flatten() {
            claimed[*i] = true;
        }
        let spellings: Vec<Spelling> = self
            .spellings
            .into_iter()
            .zip(claimed)
            .filter_map(|(s, unique)| unique.then_some(s))
            .collect();
        let mut by_form = HashMap::new();
        for (i, s) in spellings.iter().enumerate() {
            for f in &s.forms {
                by_form.entry(f.clone()).or_insert(i);
            }
        }
        let automaton = (spellings.len() > LINEAR_MAX)
            .then(|| {
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .build(spellings.iter().map(|s| s.text.as_str()))
                    .ok()
            })
            .flatten();
        NameIndex {
            spellings,
            by_form,
            automaton,
        }
    }
}

/// The spellings of every company, searchable in text.
#[derive(Debug, Clone, Default)]
pub(super) struct NameIndex {
    spellings: Vec<Spelling>,
    /// Every form → index in `spellings`.
    by_form: HashMap<String, usize>,
    /// `None` for short lists (compared one by one) or if the automaton could not be built.
    automaton: Option<AhoCorasick>,
}

impl NameIndex {
    #[cfg(test)]
    pub(super) fn uses_automaton(&self) -> bool {
        self.automaton.is_some()
    }

    pub(super) fn company_of(&self, name: &str) -> Option<u32> {
        self.by_form
            .get(&canonical(name))
            .map(|&i| self.spellings[i].company)
    }

    /// Appends the names found in `text` to `out`.
    pub(super) fn find(&self, text: &str, out: &mut Vec<Found>) {
        if self.spellings.is_empty() {
            return;
        }
        let mut hits: Vec<(usize, usize, u32)> = Vec::new();
        let title_case = is_title_case(text);
        let mut check = |i: usize, start: usize, end: usize| {
            if let Some(company) = self.fits(text, i, start, end) {
                let word_in_headline = title_case && self.spellings[i].common_word;
                if !word_in_headline || corroborated(text, start, end) {
                    hits.push((start, end, company));
                }
            }
        };
        match &self.automaton {
            Some(automaton) => {
                for m in automaton.find_overlapping_iter(text) {
                    check(m.pattern().as_usize(), m.start(), m.end());
                }
            }
            None => {
                let b = text.as_bytes();
                for p in 0..b.len() {
                    let word_start = text.is_char_boundary(p)
                        && word_char_at(text, p)
                        && !word_char_before(text, p);
                    if !word_start {
                        continue;
                    }
                    for (i, s) in self.spellings.iter().enumerate() {
                        let end = p + s.text.len();
                        if b.get(p..end)
                            .is_some_and(|t| t.eq_ignore_ascii_case(s.text.as_bytes()))
                        {
                            check(i, p, end);
                        }
                    }
                }
            }
        }
        // Leftmost, then longest; a name inside a longer one is not a second mention.
        hits.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
        let mut taken_to = 0;
        for (start, end, company) in hits {
            if start >= taken_to {
                out.push(Found {
                    company: Some(company),
                    how: How::Name,
                    start,
                    end,
                });
                taken_to = end;
            }
        }
    }

    /// The company of spelling `i` if the text at `start..end` is that spelling on word
    /// boundaries, in one of its forms.
    fn fits(&self, text: &str, i: usize, start: usize, end: usize) -> Option<u32> {
        let written = text.get(start..end)?;
        let starts_word = !word_char_before(text, start);
        // A spelling that ends in punctuation ("Amazon.com.") needs no boundary after it.
        let ends_word = !word_char_at(text, end) || !word_char_before(text, end);
        let spelling = &self.spellings[i];
        (starts_word && ends_word && spelling.forms.iter().any(|f| f == written))
            .then_some(spelling.company)
    }
}

/// Whether `text` is written in title case, as headlines are: most of its words of four
/// letters or more start with a capital, so a capital does not tell a name from a word.
pub(super) fn is_title_case(text: &str) -> bool {
    let (mut words, mut capitalised) = (0, 0);
    for w in text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’') {
        let Some(first) = w.chars().next() else {
            continue;
        };
        if w.chars().count() < 4 || !first.is_alphabetic() {
            continue;
        }
        words += 1;
        capitalised += usize::from(first.is_uppercase());
    }
    words >= 3 && capitalised * 4 >= words * 3
}

/// Whether a common-word name at `start..end` of a headline stands as the company: first
/// in the headline (or in one of its clauses), or followed by what only a company takes
/// (its ticker in parentheses, a legal form, "Stock", "Shares", a possessive).
fn corroborated(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end();
    let clause_start = before.is_empty() || before.ends_with([':', ';', '|', '-', '–', '—']);
    let after = text[end..].trim_start();
    let next: String = after
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '(' | '$' | '\'' | '’'))
        .collect();
    let company_words = [
        "(",
        "$",
        "'s",
        "’s",
        "Inc",
        "Corp",
        "Co",
        "Corporation",
        "Company",
        "Group",
        "Stock",
        "Stock's",
        "Shares",
        "stock",
        "shares",
        "plc",
        "PLC",
        "Ltd",
    ];
    clause_start
        || company_words
            .iter()
            .any(|w| next == *w || (w.len() == 1 && next.starts_with(w)))
}
