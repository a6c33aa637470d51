//! A byte stream cut into chunks of lines, read a block at a time: each byte is copied
//! once, from the reader into the chunk that holds its line (reading a line at a time
//! through a `BufReader` copied each twice, with a system call per 8 KiB, on the thread
//! every other stage of an ingest waits for).

use std::io::{ErrorKind, Read};

/// Longest line kept: an article is kilobytes; a longer line is skipped to its end without
/// being held in memory, and reported.
pub const MAX_LINE_BYTES: usize = 16 * 1024 * 1024;

/// How much is asked of the reader at a time.
const BLOCK: usize = 1 << 20;

/// How much of a line too long to keep is kept, to show in its rejection.
const KEPT_OF_TOO_LONG: usize = 200;

/// Lines read, their bytes one after another, and what ended the chunk early.
#[derive(Debug, Default)]
pub struct Chunk {
    bytes: Vec<u8>,
    pub lines: Vec<LineAt>,
    pub then: Option<Ended>,
}

/// One non-blank line of a [`Chunk`] (without its newline).
#[derive(Debug)]
pub struct LineAt {
    /// 1-based, counting every line.
    pub line_no: usize,
    /// 1-based, counting the non-blank lines.
    pub record: usize,
    start: usize,
    end: usize,
}

/// What ended a chunk before it had its lines.
#[derive(Debug)]
pub enum Ended {
    /// A line longer than [`MAX_LINE_BYTES`]: its numbers, its length in bytes (with its
    /// newline) and its first bytes.
    TooLong {
        line_no: usize,
        record: usize,
        bytes: usize,
        start: Vec<u8>,
    },
    /// The reader failed; nothing more is read. `line_no` is the line it failed in.
    ReadFailed {
        line_no: usize,
        error: std::io::Error,
    },
}

impl Chunk {
    pub fn line(&self, l: &LineAt) -> &[u8] {
        &self.bytes[l.start..l.end]
    }
}

/// Cuts `reader` into chunks of up to `lines` non-blank lines.
pub struct ChunkReader<R> {
    reader: R,
    lines: usize,
    /// The start of a line the last chunk did not finish, carried into the next.
    carry: Vec<u8>,
    line_no: usize,
    record: usize,
    /// The reader is at its end (or failed).
    done: bool,
}

impl<R: Read> ChunkReader<R> {
    pub fn new(reader: R, lines: usize) -> Self {
        ChunkReader {
            reader,
            lines,
            carry: Vec::new(),
            line_no: 0,
            record: 0,
            done: false,
        }
    }

    /// The next chunk; `None` once everything is read.
    pub fn next_chunk(&mut self) -> Option<Chunk> {
        if self.done && self.carry.is_empty() {
            return None;
        }
        let mut chunk = Chunk {
            bytes: std::mem::take(&mut self.carry),
            ..Chunk::default()
        };
        // Bytes of `chunk.bytes` already cut into lines.
        let mut cut = 0;
        loop {
            while let Some(i) = memchr::memchr(b'\n', &chunk.bytes[cut..]) {
                if i > MAX_LINE_BYTES {
                    // Its end came in the block that took it over the limit.
                    self.carry = chunk.bytes.split_off(cut + i + 1);
                    self.end_too_long(&mut chunk, cut, i + 1);
                    return Some(chunk);
                }
                self.add_line(&mut chunk, cut, cut + i);
                cut += i + 1;
                if chunk.lines.len() >= self.lines {
                    self.carry = chunk.bytes.split_off(cut);
                    return Some(chunk);
                }
            }
            if chunk.bytes.len() - cut > MAX_LINE_BYTES {
                self.skip_too_long(&mut chunk, cut);
                return Some(chunk);
            }
            if self.done {
                if cut < chunk.bytes.len() {
                    let end = chunk.bytes.len();
                    self.add_line(&mut chunk, cut, end);
                }
                return Some(chunk);
            }
            if let Err(error) = self.read_block(&mut chunk.bytes) {
                chunk.bytes.truncate(cut);
                chunk.then = Some(Ended::ReadFailed {
                    line_no: self.line_no + 1,
                    error,
                });
                return Some(chunk);
            }
        }
    }

    /// Counts the line at `start..end` of the chunk, and keeps it unless it is blank.
    fn add_line(&mut self, chunk: &mut Chunk, mut start: usize, end: usize) {
        self.line_no += 1;
        if self.line_no == 1 && chunk.bytes[start..end].starts_with("\u{feff}".as_bytes()) {
            start += 3;
        }
        if chunk.bytes[start..end].iter().all(u8::is_ascii_whitespace) {
            return;
        }
        self.record += 1;
        chunk.lines.push(LineAt {
            line_no: self.line_no,
            record: self.record,
            start,
            end,
        });
    }

    /// Ends the chunk with the line from `start` to the chunk's end, too long to keep
    /// (`bytes` long with its newline): counted, its first bytes kept for its rejection.
    fn end_too_long(&mut self, chunk: &mut Chunk, start: usize, bytes: usize) {
        let kept = chunk.bytes[start..start + KEPT_OF_TOO_LONG].to_vec();
        chunk.bytes.truncate(start);
        self.line_no += 1;
        self.record += 1;
        chunk.then = Some(Ended::TooLong {
            line_no: self.line_no,
            record: self.record,
            bytes,
            start: kept,
        });
    }

    /// The line from `start` is too long and its end not read yet: reads on to its end
    /// (what follows is carried to the next chunk), and ends the chunk with it.
    fn skip_too_long(&mut self, chunk: &mut Chunk, start: usize) {
        let mut bytes = chunk.bytes.len() - start;
        let mut block = Vec::new();
        loop {
            block.clear();
            if let Err(error) = self.read_block(&mut block) {
                chunk.bytes.truncate(start);
                chunk.then = Some(Ended::ReadFailed {
                    line_no: self.line_no + 1,
                    error,
                });
                return;
            }
            if let Some(i) = memchr::memchr(b'\n', &block) {
                bytes += i + 1;
                self.carry = block.split_off(i + 1);
                break;
            }
            bytes += block.len();
            if self.done {
                break;
            }
        }
        self.end_too_long(chunk, start, bytes);
    }

    /// Appends up to a block of the reader to `bytes`; at the end, sets `done`.
    fn read_block(&mut self, bytes: &mut Vec<u8>) -> std::io::Result<()> {
        let from = bytes.len();
        bytes.resize(from + BLOCK, 0);
        let read = loop {
            match self.reader.read(&mut bytes[from..]) {
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        let n = match read {
            Ok(n) => n,
            Err(e) => {
                bytes.truncate(from);
                self.done = true;
                return Err(e);
            }
        };
        bytes.truncate(from + n);
        if n == 0 {
            self.done = true;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line of every chunk, with its numbers, and how each chunk ended.
    fn cut(input: &[u8], lines: usize) -> (Vec<(usize, usize, String)>, Vec<String>) {
        let mut reader = ChunkReader::new(input, lines);
        let (mut out, mut ends) = (Vec::new(), Vec::new());
        while let Some(chunk) = reader.next_chunk() {
            assert!(chunk.lines.len() <= lines);
            for l in &chunk.lines {
                let text = String::from_utf8_lossy(chunk.line(l)).to_string();
                out.push((l.line_no, l.record, text));
            }
            match &chunk.then {
                Some(Ended::TooLong {
                    line_no,
                    bytes,
                    start,
                    ..
                }) => ends.push(format!("too long {line_no} {bytes} {}", start.len())),
                Some(Ended::ReadFailed { line_no, .. }) => ends.push(format!("failed {line_no}")),
                None => {}
            }
        }
        (out, ends)
    }

    #[test]
    fn lines_blank_lines_a_bom_and_a_last_line_without_newline() {
        let input = "\u{feff}a\n\n  \nb\r\nc";
        let (lines, ends) = cut(input.as_bytes(), 2);
        let expected = [(1, 1, "a"), (4, 2, "b\r"), (5, 3, "c")];
        let expected: Vec<_> = expected
            .iter()
            .map(|(n, r, t)| (*n, *r, t.to_string()))
            .collect();
        assert_eq!(lines, expected);
        assert!(ends.is_empty());
    }

    #[test]
    fn lines_across_blocks_come_out_whole() {
        let line = "x".repeat(300_000);
        let input = format!("{line}\n{line}\n{line}\n{line}\n{line}\n");
        let (lines, _) = cut(input.as_bytes(), 3);
        assert_eq!(lines.len(), 5);
        assert!(lines.iter().all(|(_, _, t)| *t == line));
    }

    #[test]
    fn a_line_too_long_is_skipped_to_its_end_and_counted() {
        let mut input = b"a\n".to_vec();
        input.extend(std::iter::repeat_n(b'y', MAX_LINE_BYTES + 5));
        input.extend_from_slice(b"\nb\n");
        let (lines, ends) = cut(&input, 10);
        assert_eq!(lines, vec![(1, 1, "a".into()), (3, 3, "b".into())]);
        assert_eq!(ends, vec![format!("too long 2 {} 200", MAX_LINE_BYTES + 6)]);
        // Its newline in the block that took it over the limit.
        let mut input = b"a\n".to_vec();
        input.extend(std::iter::repeat_n(b'y', MAX_LINE_BYTES + 1));
        input.extend_from_slice(b"\nb");
        let (lines, ends) = cut(&input, 10);
        assert_eq!(lines, vec![(1, 1, "a".into()), (3, 3, "b".into())]);
        assert_eq!(ends, vec![format!("too long 2 {} 200", MAX_LINE_BYTES + 2)]);
        // A line of the limit exactly is kept.
        let mut input = vec![b'z'; MAX_LINE_BYTES];
        input.push(b'\n');
        let (lines, ends) = cut(&input, 10);
        assert_eq!((lines.len(), ends.len()), (1, 0));
        // At the end of the input, without a newline.
        let mut input = b"a\n".to_vec();
        input.extend(std::iter::repeat_n(b'y', MAX_LINE_BYTES + 1));
        let (lines, ends) = cut(&input, 10);
        assert_eq!(lines.len(), 1);
        assert_eq!(ends, vec![format!("too long 2 {} 200", MAX_LINE_BYTES + 1)]);
    }

    /// A reader that gives some bytes, then fails.
    struct Failing(Vec<u8>);

    impl Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0.is_empty() {
                return Err(std::io::Error::other("disk gone"));
            }
            let n = self.0.len().min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0.drain(..n);
            Ok(n)
        }
    }

    #[test]
    fn a_failed_read_ends_reading_after_the_whole_lines() {
        let mut reader = ChunkReader::new(Failing(b"a\nb\npart".to_vec()), 10);
        let chunk = reader.next_chunk().unwrap();
        assert_eq!(chunk.lines.len(), 2);
        assert!(matches!(
            chunk.then,
            Some(Ended::ReadFailed { line_no: 3, .. })
        ));
        assert!(reader.next_chunk().is_none());
    }
}
