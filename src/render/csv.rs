//! `daily.csv`, `summary.csv` and `sectors.csv`: each row type's columns, in its order
//! (`aggregate::rows`; the contract's columns first), written through serde.

use std::io::Write;

use anyhow::Result;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::aggregate::cells::columns_of;
use crate::aggregate::{DailyRow, SectorRow, SummaryRow};

/// `daily.csv`.
pub fn write_daily(out: impl Write, rows: &[DailyRow]) -> Result<()> {
    write_in_parallel(out, rows)
}

/// `summary.csv`.
pub fn write_summary(out: impl Write, rows: &[SummaryRow]) -> Result<()> {
    write_in_parallel(out, rows)
}

/// `sectors.csv`.
pub fn write_sectors(out: impl Write, rows: &[SectorRow]) -> Result<()> {
    write_in_parallel(out, rows)
}

/// Writes the header of `T`, then each row: rows are formatted on every core, a block of
/// them at a time, and written in order (a one-year `daily.csv` has 900,000).
fn write_in_parallel<T>(mut out: impl Write, rows: &[T]) -> Result<()>
where
    T: Serialize + Sync + for<'de> Deserialize<'de>,
{
    const BLOCK: usize = 8192;
    let mut w = csv::Writer::from_writer(&mut out);
    w.write_record(columns_of::<T>())?;
    w.flush()?;
    drop(w);
    // A few blocks per core at a time: the file is never held whole in memory.
    for blocks in rows.chunks(BLOCK * 2 * rayon::current_num_threads().max(1)) {
        let written: Vec<Vec<u8>> = blocks
            .par_chunks(BLOCK)
            .map(|block| -> Result<Vec<u8>> {
                let mut w = csv::WriterBuilder::new()
                    .has_headers(false)
                    .from_writer(Vec::new());
                for row in block {
                    w.serialize(row)?;
                }
                w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
            })
            .collect::<Result<_>>()?;
        for bytes in written {
            out.write_all(&bytes)?;
        }
    }
    out.flush()?;
    Ok(())
}
