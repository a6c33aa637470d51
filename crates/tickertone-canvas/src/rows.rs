//! The image data of a palette PNG: each row Paeth-filtered, deflated by fdeflate, exactly as
//! the png crate writes it with `Filter::Paeth` and `Compression::Fast` (the same bytes, fed
//! to the compressor a row at a time).
//!
//! A company chart starts from a kept drawing (its zones, grid and labels) and paints over
//! part of it. A filtered byte depends only on its pixel, the one left of it and the two
//! above, so outside the column blocks painted in a row and the row above (widened by one
//! pixel to the right) it is the kept drawing's filtered byte: those are copied, and only
//! the painted blocks are filtered again. Filtering every byte took 8 % of a 10M report's
//! CPU.

use std::io::{Cursor, Result};

/// The column blocks of a row painted on: bit `k` for pixels `k * block..(k + 1) * block`
/// (see [`block_width`]).
pub type Painted = u64;

/// The pixels a bit of [`Painted`] stands for: 64 blocks cover the row.
pub fn block_width(width: usize) -> usize {
    width.div_ceil(64).max(1)
}

/// The pixel ranges of the runs of blocks set in `painted`, each widened by `extra` pixels
/// to the right, within `width`.
pub fn runs(painted: Painted, width: usize, extra: usize) -> impl Iterator<Item = (usize, usize)> {
    let block = block_width(width);
    let mut rest = painted;
    std::iter::from_fn(move || {
        if rest == 0 {
            return None;
        }
        let first = rest.trailing_zeros() as usize;
        let length = (!(rest >> first)).trailing_zeros() as usize;
        rest &= !(((1u128 << (first + length)) - 1) as u64);
        Some((
            (first * block).min(width),
            ((first + length) * block + extra).min(width),
        ))
    })
}

/// `painted` with its gaps of fewer than `gap` blocks between painted blocks filled: one
/// copy over a short gap costs less than a copy more (the calls cost, not the bytes),
/// while a copy over a long one copies bytes for nothing.
pub fn closed(painted: Painted, gap: usize) -> Painted {
    let mut out = painted;
    let mut end_of_previous: Option<usize> = None;
    let mut rest = painted;
    while rest != 0 {
        let first = rest.trailing_zeros() as usize;
        let length = (!(rest >> first)).trailing_zeros() as usize;
        rest &= !(((1u128 << (first + length)) - 1) as u64);
        if let Some(end) = end_of_previous.filter(|end| first - end < gap) {
            out |= ((1u64 << (first - end)) - 1) << end;
        }
        end_of_previous = Some(first + length);
    }
    out
}

/// PNG's filter type byte for Paeth.
const PAETH: u8 = 4;

/// PNG's Paeth predictor of a pixel from the one left (`a`), above (`b`) and above left
/// (`c`), written without branches so that the loops over it vectorise.
#[inline(always)]
fn predict(a: u8, b: u8, c: u8) -> u8 {
    let (a16, b16, c16) = (i16::from(a), i16::from(b), i16::from(c));
    // p = a + b - c; pa = |p - a|, pb = |p - b|, pc = |p - c|.
    let pa = (b16 - c16).abs();
    let pb = (a16 - c16).abs();
    let pc = (a16 + b16 - 2 * c16).abs();
    let b_or_c = if pb <= pc { b } else { c };
    if pa <= pb && pa <= pc {
        a
    } else {
        b_or_c
    }
}

/// `row` Paeth-filtered against `above` (zeros for the first row), for pixels `lo..hi`,
/// into `out` (the filtered row without its type byte).
fn paeth(above: Option<&[u8]>, row: &[u8], (lo, hi): (usize, usize), out: &mut [u8]) {
    if lo >= hi {
        return;
    }
    let Some(above) = above else {
        // Above is zeros: the predictor is the pixel to the left.
        out[lo] = row[lo].wrapping_sub(if lo > 0 { row[lo - 1] } else { 0 });
        for x in lo + 1..hi {
            out[x] = row[x].wrapping_sub(row[x - 1]);
        }
        return;
    };
    let mut from = lo;
    if lo == 0 {
        out[0] = row[0].wrapping_sub(predict(0, above[0], 0));
        from = 1;
    }
    let pixels = row[from..hi]
        .iter()
        .zip(&row[from - 1..hi - 1])
        .zip(&above[from..hi])
        .zip(&above[from - 1..hi - 1]);
    for (o, (((&x, &a), &b), &c)) in out[from..hi].iter_mut().zip(pixels) {
        *o = x.wrapping_sub(predict(a, b, c));
    }
}

/// Every row of `pixels` (`width` a row) filtered, each with its type byte first.
pub fn filtered(pixels: &[u8], width: usize) -> Vec<u8> {
    let mut out = vec![0; pixels.len() / width.max(1) * (width + 1)];
    for (y, line) in out.chunks_exact_mut(width + 1).enumerate() {
        let row = &pixels[y * width..][..width];
        let above = (y > 0).then(|| &pixels[(y - 1) * width..][..width]);
        line[0] = PAETH;
        paeth(above, row, (0, width), &mut line[1..]);
    }
    out
}

/// The blocks of row `y` whose filtered bytes painting changed, and the pixels they widen
/// by to the right: a painted pixel changes its own filtered byte and the one right of it,
/// in its row and the row below.
pub fn refiltered(painted: &[Painted], y: usize) -> (Painted, usize) {
    let above = if y > 0 { painted[y - 1] } else { 0 };
    (painted[y] | above, 1)
}

/// How the rows are filtered.
pub enum Filtering<'a> {
    /// Every row, from scratch.
    All,
    /// `filtered` holds the filtered rows of the kept drawing the pixels started from, but
    /// for what [`refiltered`] names for `painted` (the blocks painted since): only those
    /// are filtered again, in place.
    Painted {
        filtered: &'a mut [u8],
        painted: &'a [Painted],
    },
}

/// The zlib stream of `pixels` (`width` a row) for an IDAT chunk, into `out` (emptied
/// first; a buffer kept from image to image).
pub fn zlib(
    pixels: &[u8],
    width: usize,
    filtering: Filtering<'_>,
    out: &mut Vec<u8>,
) -> Result<()> {
    let height = pixels.len() / width.max(1);
    out.clear();
    let mut compressor = fdeflate::Compressor::new(Cursor::new(std::mem::take(out)))?;
    let mut filtering = filtering;
    let mut scratch = Vec::new();
    for y in 0..height {
        let row = &pixels[y * width..][..width];
        let above = (y > 0).then(|| &pixels[(y - 1) * width..][..width]);
        let line: &[u8] = match &mut filtering {
            Filtering::Painted { filtered, painted } => {
                let line = &mut filtered[y * (width + 1)..][..width + 1];
                let (blocks, extra) = refiltered(painted, y);
                for span in runs(blocks, width, extra) {
                    paeth(above, row, span, &mut line[1..]);
                }
                line
            }
            Filtering::All => {
                scratch.resize(width + 1, 0);
                scratch[0] = PAETH;
                paeth(above, row, (0, width), &mut scratch[1..]);
                &scratch
            }
        };
        compressor.write_data(line)?;
    }
    *out = compressor.finish()?.into_inner();
    // As the png crate: stored blocks when deflating made it larger.
    if out.len() > fdeflate::StoredOnlyCompressor::<()>::compressed_size(height * (width + 1)) {
        let mut stored = fdeflate::StoredOnlyCompressor::new(Cursor::new(Vec::new()))?;
        for row in pixels.chunks_exact(width) {
            stored.write_data(&[0])?;
            stored.write_data(row)?;
        }
        *out = stored.finish()?.into_inner();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The png crate's own encoding of `pixels`, Paeth and fast compression: its IDAT data.
    fn png_crate_idat(pixels: &[u8], width: u32, height: u32) -> Vec<u8> {
        let mut file = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut file, width, height);
            encoder.set_color(png::ColorType::Grayscale);
            encoder.set_depth(png::BitDepth::Eight);
            encoder.set_compression(png::Compression::Fast);
            encoder.set_filter(png::Filter::Paeth);
            let mut writer = encoder.write_header().unwrap();
            writer.write_image_data(pixels).unwrap();
        }
        // Chunks after the signature: length, type, data, crc.
        let mut at = 8;
        let mut idat = Vec::new();
        while at < file.len() {
            let len = u32::from_be_bytes(file[at..at + 4].try_into().unwrap()) as usize;
            if &file[at + 4..at + 8] == b"IDAT" {
                idat.extend_from_slice(&file[at + 8..at + 8 + len]);
            }
            at += 12 + len;
        }
        idat
    }

    fn deflated(pixels: &[u8], width: usize, filtering: Filtering<'_>) -> Vec<u8> {
        let mut out = vec![1, 2, 3];
        zlib(pixels, width, filtering, &mut out).unwrap();
        out
    }

    /// A small pseudo-random generator: the tests need no crate for it.
    fn next(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    #[test]
    fn every_row_filtered_is_the_png_crates_paeth() {
        let (width, height) = (37usize, 23usize);
        let mut seed = 7;
        // Runs of a few colours, as charts are, and some noise.
        let pixels: Vec<u8> = (0..width * height)
            .map(|i| match next(&mut seed) % 5 {
                0 => (next(&mut seed) % 256) as u8,
                _ => (i / 9 % 4) as u8 * 60,
            })
            .collect();
        assert_eq!(
            deflated(&pixels, width, Filtering::All),
            png_crate_idat(&pixels, width as u32, height as u32)
        );
    }

    /// Painting spans over a kept drawing and filtering only what they touch gives the
    /// bytes of filtering everything, whatever the spans (edges, first row, last column).
    #[test]
    fn refiltering_only_the_painted_spans_is_filtering_everything() {
        let (width, height) = (41usize, 19usize);
        let mut seed = 99;
        for _ in 0..200 {
            let kept: Vec<u8> = (0..width * height)
                .map(|i| ((i % width) / 7 + (i / width) / 5) as u8 % 3)
                .collect();
            let mut pixels = kept.clone();
            let mut painted: Vec<Painted> = vec![0; height];
            let block = block_width(width);
            for _ in 0..next(&mut seed) % 6 {
                let y = (next(&mut seed) % height as u64) as usize;
                let lo = (next(&mut seed) % width as u64) as usize;
                let hi = lo + 1 + (next(&mut seed) % (width - lo) as u64) as usize;
                let colour = (next(&mut seed) % 256) as u8;
                pixels[y * width + lo..y * width + hi].fill(colour);
                for k in lo / block..=(hi - 1) / block {
                    painted[y] |= 1 << k;
                }
            }
            let mut reused = filtered(&kept, width);
            let filtering = Filtering::Painted {
                filtered: &mut reused,
                painted: &painted,
            };
            assert_eq!(
                deflated(&pixels, width, filtering),
                deflated(&pixels, width, Filtering::All),
                "{painted:?}"
            );
        }
    }

    #[test]
    fn runs_of_blocks_are_pixel_ranges() {
        // 100 pixels: blocks of 2.
        assert_eq!(block_width(100), 2);
        let runs = |p, extra| runs(p, 100, extra).collect::<Vec<_>>();
        assert_eq!(runs(0, 1), vec![]);
        assert_eq!(runs(0b1101, 0), vec![(0, 2), (4, 8)]);
        assert_eq!(runs(0b1101, 1), vec![(0, 3), (4, 9)]);
        assert_eq!(runs(u64::MAX, 1), vec![(0, 100)]);
        assert_eq!(runs(1 << 63, 0), vec![(100, 100)]);
        assert_eq!(block_width(1280), 20);
        assert_eq!(closed(0, 4), 0);
        assert_eq!(closed(0b1000_0101, 2), 0b1000_0111);
        assert_eq!(closed(0b1000_0101, 5), 0b1111_1111);
        assert_eq!(closed(1 << 63 | 1, 64), u64::MAX);
        assert_eq!(closed(1 << 63 | 1, 62), 1 << 63 | 1);
    }
}
