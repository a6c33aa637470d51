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
