//! Standard output for the commands that print their results (`show`, `score`,
//! `completions`, `man`).
//!
//! `println!` panics when the reader has gone (`tickertone show NVDA | head -2`). Commands
//! write through [`Out`] instead: a write error comes back as an `io::Error`, and `cli::main`
//! turns a `BrokenPipe` into a quiet exit, as ripgrep does. The reader leaving early is not
//! our failure.

use std::io::{self, BufWriter, StdoutLock, Write};

/// Buffered, locked standard output. Call [`Out::finish`] at the end: dropping it would
/// flush too, but lose the error.
pub struct Out(BufWriter<StdoutLock<'static>>);

/// Standard output for a command's results.
pub fn out() -> Out {
    Out(BufWriter::new(io::stdout().lock()))
}

impl Out {
    /// Flushes what is buffered, returning the error a closed pipe gives.
    pub fn finish(mut self) -> io::Result<()> {
        self.0.flush()
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Prints one line on standard output, for output that is a side note of a command (its
/// `--json` summary): a reader that has gone is ignored, so the command's exit status
/// stands; any other write error is returned.
pub fn side_line(line: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match writeln!(out, "{line}").and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
