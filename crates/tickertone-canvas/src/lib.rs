//! A plotters backend that paints palette indices, one byte a pixel, and writes what it
//! painted as an 8-bit indexed PNG: tickertone's company charts are drawn on it.
//!
//! A report draws a chart per company (3 000 at scale). In RGB each is a 2.7 MB canvas to
//! fill, filter and deflate, which was most of a report's time. A chart uses a few dozen
//! flat colours and their anti-aliased blends, so an 8-bit palette holds it: a third of the
//! bytes to draw and encode, and PNGs about 60 % smaller.
//!
//! Colours are blended as plotters' bitmap backend blends them (8-bit alpha). Partial
//! coverage of a single pixel (glyph and circle edges) is rounded to sixteenths, which
//! keeps the blends few. Opaque colours are always exact: 32 palette entries are kept for
//! them, and should a chart need more than 256, [`IndexedCanvas::overflowed`] says so and
//! the caller draws it in RGB instead. A blend that finds the rest of the palette full takes
//! its nearest colour: on the 1M benchmark's AAPL chart 205 of 921 600 pixels differ from
//! the RGB drawing by more than 16 (of 255) in a channel, all on anti-aliased edges.
//!
//! The whole interface: [`IndexedCanvas`] (`reset`, `backend`, `keep`, `restore`,
//! `overflowed`, `write_png`), the [`IndexedBackend`] plotters draws on, [`Kept`] drawings
//! and [`NoError`]. Pixels, palette and filtered rows stay inside.

mod rows;
mod text;

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Write};
use std::sync::atomic::{AtomicU64, Ordering};

use foldhash::fast::FixedState;

use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

/// The largest palette of an 8-bit PNG.
const MAX_COLOURS: usize = 256;

/// Palette entries blends may take; the rest are kept for opaque colours.
const MAX_BLENDED: usize = 224;

/// Partial single-pixel coverage is rounded to 1/16 (16 × 16 = 256).
const COVERAGE_STEP: u16 = 16;

/// Painted blocks this close (in blocks) are copied back in one copy (see `rows::closed`).
const COPY_GAP: usize = 4;

/// Entries of the recent-blends cache (a power of two).
const RECENT: usize = 1024;

/// `(under, colour, alpha)` packed in 8 + 24 + 9 bits; never `u64::MAX` (an empty slot).
fn blend_key(under: u8, rgb: [u8; 3], alpha: u16) -> u64 {
    u64::from(under)
        | u64::from(rgb[0]) << 8
        | u64::from(rgb[1]) << 16
        | u64::from(rgb[2]) << 24
        | u64::from(alpha) << 32
}

/// A canvas of palette indices and its palette. Reused from chart to chart (see
/// [`IndexedCanvas::reset`]) so that a report does not allocate a canvas per chart.
#[derive(Default)]
pub struct IndexedCanvas {
    drawing: Drawing,
    /// Strings drawn before, rasterised: kept from chart to chart.
    text: text::TextCache,
    /// The kept drawing this canvas was last set to ([`Kept::id`]), if any; then `painted`
    /// says, per row, the column blocks painted since (the rest is the kept drawing's).
    base: Option<u64>,
    painted: Vec<rows::Painted>,
    /// The filtered rows of the pixels, up to date but for what `painted` says
    /// ([`rows::refiltered`]): the kept drawing's there.
    filtered: Vec<u8>,
    /// The last image data written, its buffer kept from chart to chart.
    deflated: Vec<u8>,
}

/// A drawing kept aside to start other charts from (see [`IndexedCanvas::keep`]), with its
/// rows filtered for PNG.
pub struct Kept {
    /// Unique among the drawings kept by this process.
    id: u64,
    drawing: Drawing,
    filtered: Vec<u8>,
}

/// What a canvas has drawn, with its palette (see [`IndexedCanvas::keep`]).
#[derive(Default, Clone)]
struct Drawing {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
    palette: Vec<[u8; 3]>,
    index_of: HashMap<[u8; 3], u8, FixedState>,
    /// `(under, colour, alpha)` (see [`blend_key`]) → index of the blend.
    blends: HashMap<u64, u8, FixedState>,
    /// The last blends looked up, by a hash of their key: a glyph or an edge repeats the
    /// same few blends, and this spares them the hash map.
    recent: Vec<(u64, u8)>,
    overflowed: bool,
    /// Blends drawn in the nearest palette colour (the palette was full).
    approximated: usize,
}

impl IndexedCanvas {
    /// Empties the canvas for a chart of `width` × `height`, filled with `background`.
    pub fn reset(&mut self, (width, height): (u32, u32), background: [u8; 3]) {
        self.drawing.width = width;
        self.drawing.height = height;
        self.drawing.palette.clear();
        self.drawing.index_of.clear();
        self.drawing.blends.clear();
        self.drawing.recent.clear();
        self.drawing.recent.resize(RECENT, (u64::MAX, 0));
        self.drawing.overflowed = false;
        self.drawing.approximated = 0;
        self.drawing.palette.push(background);
        self.drawing.index_of.insert(background, 0);
        self.drawing.pixels.clear();
        self.drawing
            .pixels
            .resize(width as usize * height as usize, 0);
        self.base = None;
        self.painted.clear();
        self.painted.resize(height as usize, 0);
    }

    /// Notes pixels `x0..x1` (not empty) of row `y` as painted.
    fn mark(&mut self, y: usize, x0: usize, x1: usize) {
        let block = rows::block_width(self.drawing.width as usize);
        let (first, last) = (x0 / block, (x1 - 1) / block);
        self.painted[y] |= (u64::MAX >> (63 - last)) & (u64::MAX << first);
    }

    pub fn backend(&mut self) -> IndexedBackend<'_> {
        IndexedBackend { canvas: self }
    }

    /// What is drawn so far, with its palette, kept to start other charts from (see
    /// [`IndexedCanvas::restore`]); not the text cache, which is the canvas's own.
    pub fn keep(&mut self) -> Kept {
        static KEPT: AtomicU64 = AtomicU64::new(0);
        let id = KEPT.fetch_add(1, Ordering::Relaxed);
        self.base = Some(id);
        self.painted.fill(0);
        self.filtered = rows::filtered(&self.drawing.pixels, self.drawing.width as usize);
        Kept {
            id,
            drawing: self.drawing.clone(),
            filtered: self.filtered.clone(),
        }
    }

    /// Puts the canvas back to `kept`: what follows paints exactly as it would have over
    /// the same drawing done again, palette indices included.
    pub fn restore(&mut self, kept: &Kept) {
        let (to, from) = (&mut self.drawing, &kept.drawing);
        let width = from.width as usize;
        if self.base == Some(kept.id) {
            // Only what was painted since differs from it, and its filtered bytes.
            for (y, &painted) in self.painted.iter().enumerate() {
                for (lo, hi) in rows::runs(rows::closed(painted, COPY_GAP), width, 0) {
                    let span = y * width + lo..y * width + hi;
                    to.pixels[span.clone()].copy_from_slice(&from.pixels[span]);
                }
                let (blocks, extra) = rows::refiltered(&self.painted, y);
                for (lo, hi) in rows::runs(rows::closed(blocks, COPY_GAP), width, extra) {
                    let span = y * (width + 1) + 1 + lo..y * (width + 1) + 1 + hi;
                    self.filtered[span.clone()].copy_from_slice(&kept.filtered[span]);
                }
            }
        } else {
            // Into the buffers this canvas already has (clone would allocate afresh).
            to.pixels.clone_from(&from.pixels);
            self.filtered.clone_from(&kept.filtered);
        }
        // Field by field, for the same reason.
        to.width = from.width;
        to.height = from.height;
        to.palette.clone_from(&from.palette);
        to.index_of.clone_from(&from.index_of);
        to.blends.clone_from(&from.blends);
        to.recent.clone_from(&from.recent);
        to.overflowed = from.overflowed;
        to.approximated = from.approximated;
        self.base = Some(kept.id);
        self.painted.clear();
        self.painted.resize(from.height as usize, 0);
    }

    /// Writes the drawing to `out` as an 8-bit indexed PNG (its palette, then the image
    /// data in one IDAT chunk). `kept`, the drawing the canvas was restored to or kept,
    /// spares filtering the rows again where nothing was painted since. Check
    /// [`IndexedCanvas::overflowed`] first: an overflowed drawing is not exact.
    pub fn write_png<W: Write>(&mut self, kept: Option<&Kept>, out: W) -> io::Result<()> {
        let (width, height) = self.size();
        let palette = self.palette_rgb();
        let image_data = self.image_data(kept)?;
        let mut encoder = png::Encoder::new(out, width, height);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_palette(palette);
        let mut writer = encoder.write_header().map_err(io_error)?;
        // One filter, Paeth, on every row, as `Filter::Paeth` writes it (see `rows`): png's
        // adaptive choice tried four per row and took a tenth of a report's CPU. On the 10M
        // benchmark's 5,000 charts: 12 % less CPU for the 90-day report, files 4 % larger
        // (191 MB, not 183 MB). (Up or Sub alone made them 1.7–2.2 times larger.)
        writer
            .write_chunk(png::chunk::IDAT, image_data)
            .map_err(io_error)?;
        writer.finish().map_err(io_error)
    }

    /// The zlib stream of the PNG image data (Paeth filtered, fast deflate); `kept` as for
    /// [`IndexedCanvas::write_png`].
    fn image_data(&mut self, kept: Option<&Kept>) -> io::Result<&[u8]> {
        let filtering = match kept {
            Some(kept) if self.base == Some(kept.id) => rows::Filtering::Painted {
                filtered: &mut self.filtered,
                painted: &self.painted,
            },
            _ => rows::Filtering::All,
        };
        let width = self.drawing.width as usize;
        rows::zlib(&self.drawing.pixels, width, filtering, &mut self.deflated)?;
        Ok(&self.deflated)
    }

    /// Whether a colour had no room in the palette: the drawing is then not exact.
    pub fn overflowed(&self) -> bool {
        self.drawing.overflowed
    }

    fn size(&self) -> (u32, u32) {
        (self.drawing.width, self.drawing.height)
    }

    /// One palette index per pixel, row by row.
    #[cfg(test)]
    fn pixels(&self) -> &[u8] {
        &self.drawing.pixels
    }

    /// The palette as PNG wants it: r, g, b of each entry.
    fn palette_rgb(&self) -> Vec<u8> {
        self.drawing.palette.iter().flatten().copied().collect()
    }

    /// The index of an opaque colour: exact, or `overflowed` when there is no room.
    fn index(&mut self, rgb: [u8; 3]) -> u8 {
        if let Some(&i) = self.drawing.index_of.get(&rgb) {
            return i;
        }
        if self.drawing.palette.len() == MAX_COLOURS {
            self.drawing.overflowed = true;
            return 0;
        }
        self.push(rgb)
    }

    fn push(&mut self, rgb: [u8; 3]) -> u8 {
        let i = self.drawing.palette.len() as u8;
        self.drawing.palette.push(rgb);
        self.drawing.index_of.insert(rgb, i);
        i
    }

    /// The index of a blended (edge) colour: exact while the palette has room beyond what
    /// is kept for opaque colours, else the nearest colour in it.
    fn blended_index(&mut self, rgb: [u8; 3]) -> u8 {
        if let Some(&i) = self.drawing.index_of.get(&rgb) {
            return i;
        }
        if self.drawing.palette.len() < MAX_BLENDED {
            return self.push(rgb);
        }
        let distance = |p: &[u8; 3]| -> i32 {
            (0..3)
                .map(|k| (i32::from(p[k]) - i32::from(rgb[k])).pow(2))
                .sum()
        };
        let nearest = (0..self.drawing.palette.len())
            .min_by_key(|&i| distance(&self.drawing.palette[i]))
            .unwrap_or(0);
        self.drawing.approximated += 1;
        nearest as u8
    }

    /// The index of `rgb` at 8-bit `alpha` (0-256) over the colour at index `under`.
    fn blend(&mut self, under: u8, rgb: [u8; 3], alpha: u16) -> u8 {
        let key = blend_key(under, rgb, alpha);
        let slot = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54) as usize & (RECENT - 1);
        if self.drawing.recent[slot].0 == key {
            return self.drawing.recent[slot].1;
        }
        let i = match self.drawing.blends.get(&key) {
            Some(&i) => i,
            None => {
                let base = self.drawing.palette[under as usize];
                let a = u32::from(alpha);
                // plotters-bitmap's blend: (under × (256 − a) + colour × a) >> 8.
                let mix = |u: u8, c: u8| ((u32::from(u) * (256 - a) + u32::from(c) * a) >> 8) as u8;
                let mixed = [
                    mix(base[0], rgb[0]),
                    mix(base[1], rgb[1]),
                    mix(base[2], rgb[2]),
                ];
                let i = self.blended_index(mixed);
                self.drawing.blends.insert(key, i);
                i
            }
        };
        self.drawing.recent[slot] = (key, i);
        i
    }

    /// Paints the clipped rectangle `x0..x1` × `y0..y1` (ends excluded).
    fn fill(&mut self, (x0, y0): (i32, i32), (x1, y1): (i32, i32), rgb: [u8; 3], alpha: u16) {
        let (w, h) = (self.drawing.width as i32, self.drawing.height as i32);
        let (x0, x1) = (x0.max(0), x1.min(w));
        let (y0, y1) = (y0.max(0), y1.min(h));
        if x0 >= x1 || y0 >= y1 || alpha == 0 {
            return;
        }
        for y in y0..y1 {
            self.mark(y as usize, x0 as usize, x1 as usize);
        }
        let rows = (y0..y1)
            .map(|y| (y * w) as usize)
            .map(|row| row + x0 as usize..row + x1 as usize);
        if alpha >= 256 {
            // Most calls (a circle's scanlines, thin lines): no blend table to clear.
            let i = self.index(rgb);
            for span in rows {
                self.drawing.pixels[span].fill(i);
            }
            return;
        }
        // Blends over the few colours under the rectangle, each computed once.
        let mut over: [Option<u8>; MAX_COLOURS] = [None; MAX_COLOURS];
        for span in rows {
            for p in span {
                let under = self.drawing.pixels[p];
                let i = match over[under as usize] {
                    Some(i) => i,
                    None => {
                        let i = self.blend(under, rgb, alpha);
                        over[under as usize] = Some(i);
                        i
                    }
                };
                self.drawing.pixels[p] = i;
            }
        }
    }
}

/// png's errors as I/O errors: the encoder writes to an `io::Write`, and a caller has no
/// other use for its error kinds.
fn io_error(e: png::EncodingError) -> io::Error {
    match e {
        png::EncodingError::IoError(e) => e,
        e => io::Error::other(e),
    }
}

/// plotters' alpha as the bitmap backend applies it: 1/256 steps, opaque from 255/256.
fn alpha_of(alpha: f64) -> u16 {
    if alpha >= 1.0 - 1.0 / 256.0 {
        256
    } else if alpha <= 0.0 {
        0
    } else {
        (alpha * 256.0).floor() as u16
    }
}

fn rgb_of(c: BackendColor) -> [u8; 3] {
    [c.rgb.0, c.rgb.1, c.rgb.2]
}

/// Drawing on an [`IndexedCanvas`]. Shapes other than pixels, straight thin lines and
/// filled rectangles go through plotters' rasterisers, which call these.
pub struct IndexedBackend<'a> {
    canvas: &'a mut IndexedCanvas,
}

/// Drawing on a canvas in memory cannot fail.
#[derive(Debug)]
pub struct NoError;

impl fmt::Display for NoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no error")
    }
}

impl std::error::Error for NoError {}

impl DrawingBackend for IndexedBackend<'_> {
    type ErrorType = NoError;

    fn get_size(&self) -> (u32, u32) {
        self.canvas.size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<NoError>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<NoError>> {
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        (x, y): BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<NoError>> {
        let c = &mut *self.canvas;
        if x < 0 || y < 0 || x as u32 >= c.drawing.width || y as u32 >= c.drawing.height {
            return Ok(());
        }
        let p = y as usize * c.drawing.width as usize + x as usize;
        let alpha = alpha_of(color.alpha);
        let rgb = rgb_of(color);
        let index = match alpha {
            0 => return Ok(()),
            256 => c.index(rgb),
            _ => {
                // Partial coverage of one pixel: rounded to sixteenths (0 and 16 included).
                let alpha = (alpha + COVERAGE_STEP / 2) / COVERAGE_STEP * COVERAGE_STEP;
                match alpha {
                    0 => return Ok(()),
                    256 => c.index(rgb),
                    _ => {
                        let under = c.drawing.pixels[p];
                        c.blend(under, rgb, alpha)
                    }
                }
            }
        };
        c.drawing.pixels[p] = index;
        c.mark(y as usize, x as usize, x as usize + 1);
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<NoError>> {
        if (from.0 == to.0 || from.1 == to.1) && style.stroke_width() == 1 {
            // As plotters' bitmap backend: a straight thin line is a one-pixel rectangle.
            let (x0, x1) = (from.0.min(to.0), from.0.max(to.0));
            let (y0, y1) = (from.1.min(to.1), from.1.max(to.1));
            let color = style.color();
            self.canvas.fill(
                (x0, y0),
                (x1 + 1, y1 + 1),
                rgb_of(color),
                alpha_of(color.alpha),
            );
            return Ok(());
        }
        plotters_backend::rasterizer::draw_line(self, from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<NoError>> {
        if fill {
            // As plotters' bitmap backend: the bottom right corner is excluded.
            let (x0, x1) = (
                upper_left.0.min(bottom_right.0),
                upper_left.0.max(bottom_right.0),
            );
            let (y0, y1) = (
                upper_left.1.min(bottom_right.1),
                upper_left.1.max(bottom_right.1),
            );
            let color = style.color();
            self.canvas
                .fill((x0, y0), (x1, y1), rgb_of(color), alpha_of(color.alpha));
            return Ok(());
        }
        plotters_backend::rasterizer::draw_rect(self, upper_left, bottom_right, style, fill)
    }

    /// As plotters' default, but a string drawn before is replayed from the text cache.
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<NoError>> {
        // Out of the canvas while it draws on it.
        let mut cache = std::mem::take(&mut self.canvas.text);
        let size = self.canvas.size();
        let drawn = cache.draw(text, style, pos, size, |at, color| {
            self.draw_pixel(at, color)
        });
        self.canvas.text = cache;
        drawn
    }
}

#[cfg(test)]
mod tests;
