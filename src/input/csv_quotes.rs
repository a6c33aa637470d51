//! An unclosed quote in a CSV: found before the rows are read, because the csv reader
//! itself takes it as a field that runs on (over every later row, to the end of the file)
//! and reports nothing.
//!
//! The scan follows the csv reader's own rules (a quote opens a field only at its start,
//! `""` inside one is a quote) and calls a quoted field a runaway when it reaches the end
//! of the file, when its closing quote is followed by text after it ran over lines (the
//! "closing" quote was the opening one of a later field), or when it spans more than
//! [`MAX_QUOTED_LINES`] lines.

/// Lines a quoted field may span (a body with paragraphs); past this it is a runaway.
pub const MAX_QUOTED_LINES: usize = 1000;

/// Where a runaway quoted field's row begins, and what went wrong.
#[derive(Debug, PartialEq, Eq)]
pub struct Runaway {
    /// The byte offset of the row holding the field: the rows before it read as usual.
    pub start: usize,
    /// The 1-based line that row starts on.
    pub line: usize,
    /// What happened, with the lines it took.
    pub what: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Between rows (blank lines are skipped, as the reader skips them).
    StartRow,
    StartField,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: the field's end, or the first of `""`.
    QuoteInQuoted,
}

/// The first runaway quoted field of `bytes`, if any.
pub fn find_runaway(bytes: &[u8]) -> Option<Runaway> {
    let mut state = State::StartRow;
    let mut line = 1usize;
    let (mut row_start, mut row_line) = (0usize, 1usize);
    let mut quote_line = 0usize;
    let runaway = |row_start, row_line, what: String| {
        Some(Runaway {
            start: row_start,
            line: row_line,
            what,
        })
    };
    for (i, &b) in bytes.iter().enumerate() {
        let ends_line = b == b'\n' || b == b'\r';
        if state == State::StartRow && !ends_line {
            (row_start, row_line) = (i, line);
            state = State::StartField;
        }
        state = match state {
            State::StartRow => State::StartRow,
            State::StartField => match b {
                b'"' => {
                    quote_line = line;
                    State::Quoted
                }
                b',' => State::StartField,
                _ if ends_line => State::StartRow,
                _ => State::Unquoted,
            },
            State::Unquoted => match b {
                b',' => State::StartField,
                _ if ends_line => State::StartRow,
                _ => State::Unquoted,
            },
            State::Quoted if b == b'"' => State::QuoteInQuoted,
            State::Quoted => State::Quoted,
            State::QuoteInQuoted => match b {
                b'"' => State::Quoted,
                b',' => State::StartField,
                _ if ends_line => State::StartRow,
                // `"a"b` on one line the reader takes as `ab`; after lines, the quote that
                // "closed" the field was a later field's opening quote.
                _ if line > quote_line => {
                    return runaway(
                        row_start,
                        row_line,
                        format!(
                            "the quote opened at line {quote_line} is not closed: it runs to \
                             line {line}, where a later quote ends it mid-field"
                        ),
                    );
                }
                _ => State::Unquoted,
            },
        };
        if b == b'\n' {
            line += 1;
            if state == State::Quoted && line - quote_line > MAX_QUOTED_LINES {
                return runaway(
                    row_start,
                    row_line,
                    format!(
                        "the quoted field opened at line {quote_line} runs over more than \
                         {MAX_QUOTED_LINES} lines: its quote is not closed"
                    ),
                );
            }
        }
    }
    if state == State::Quoted {
        let last = if bytes.ends_with(b"\n") {
            line - 1
        } else {
            line
        };
        return runaway(
            row_start,
            row_line,
            format!(
                "the quote opened at line {quote_line} is never closed: lines \
                 {quote_line}–{last}, the rest of the file, would read as one field"
            ),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_files_have_no_runaway() {
        for text in [
            "a,b\n1,\"x, y\"\n2,\"two\nlines\"\n3,\"a \"\"quote\"\"\"\r\n",
            "a,b\n1,5\" screen\n",
            "a,b\n1,\"x\"y\n",
            "",
            "a,b\n\n\n1,2",
        ] {
            assert_eq!(find_runaway(text.as_bytes()), None, "{text:?}");
        }
    }

    #[test]
    fn a_quote_left_open_to_the_end_is_found_at_its_row() {
        let text = "id,title\n1,ok\n2,\"unclosed\n3,three\n4,four\n";
        let r = find_runaway(text.as_bytes()).unwrap();
        assert_eq!((r.start, r.line), (14, 3));
        assert!(
            r.what.contains("line 3") && r.what.contains("3–5"),
            "{}",
            r.what
        );
    }

    #[test]
    fn a_quote_closed_by_a_later_field_is_found() {
        let text = "id,title\n1,\"unclosed\n2,two\n3,\"Apple, up\"\n";
        let r = find_runaway(text.as_bytes()).unwrap();
        assert_eq!(r.line, 2);
        assert!(r.what.contains("runs to line 4"), "{}", r.what);
    }

    #[test]
    fn a_quoted_field_over_the_bound_is_found() {
        let mut text = "id,body\n1,\"".to_string();
        text.push_str(&"para\n".repeat(MAX_QUOTED_LINES + 1));
        text.push_str("\"\n");
        let r = find_runaway(text.as_bytes()).unwrap();
        assert_eq!(r.line, 2);
        let mut ok = "id,body\n1,\"".to_string();
        ok.push_str(&"para\n".repeat(MAX_QUOTED_LINES - 1));
        ok.push_str("\"\n");
        assert_eq!(find_runaway(ok.as_bytes()), None);
    }
}
