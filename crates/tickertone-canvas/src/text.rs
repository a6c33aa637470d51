//! Text drawn from a cache of its rasterised pixels.
//!
//! Most text of a chart repeats from chart to chart (tick and date labels, legend entries,
//! zone names), and plotters lays out and rasterises every string it draws again: that was
//! a tenth of a report's CPU. plotters' `DrawingBackend::draw_text` draws a string at the
//! origin and moves each pixel to `pos`, so its pixels relative to `pos` depend only on the
//! string and its style: a string seen a second time is recorded as (offset, colour) pairs
//! and replayed, through the same clipping and `draw_pixel`, so charts come out
//! byte-identical. Strings seen once (titles, values) are only remembered by a hash.
//! (This holds while a family name keeps its font: the charts register theirs once.)

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;
use std::ops::Range;

use foldhash::fast::FixedState;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{BackendColor, BackendCoord, BackendTextStyle, DrawingErrorKind};

/// Pixels the cache holds before it starts again (24 bytes each: about 6 MB a rendering
/// thread). The 90-day report of 5 000 companies keeps about 190 strings and starts again
/// two or three times a thread, filled by long strings that happened to repeat once.
const MAX_PIXELS: usize = 1 << 18;

/// Hashes of strings seen once kept before they are forgotten.
const MAX_SEEN: usize = 1 << 14;

/// A pixel of a string: where it goes from the anchor, and its colour (coverage in alpha).
#[derive(Clone, Copy)]
struct Pixel {
    dx: i32,
    dy: i32,
    color: BackendColor,
}

/// Strings drawn at least twice, by text and style. Kept across charts.
#[derive(Default)]
pub(super) struct TextCache {
    /// A string's key (see [`TextCache::set_key`]) → its pixels in `pixels`.
    strings: HashMap<Box<[u8]>, Range<usize>, FixedState>,
    pixels: Vec<Pixel>,
    /// Hashes of the keys of strings drawn once and not cached.
    seen: HashSet<u64, FixedState>,
    /// The key of the string being drawn.
    key: Vec<u8>,
}

impl TextCache {
    /// Draws `text` as plotters' default `draw_text` would on a canvas of `size`, passing
    /// each pixel inside it to `put` (the backend's `draw_pixel`).
    pub(super) fn draw<S: BackendTextStyle, E: std::error::Error + Send + Sync>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
        (w, h): (u32, u32),
        mut put: impl FnMut(BackendCoord, BackendColor) -> Result<(), DrawingErrorKind<E>>,
    ) -> Result<(), DrawingErrorKind<E>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let mut put_inside = |(dx, dy): BackendCoord, color| {
            let (x, y) = (pos.0 + dx, pos.1 + dy);
            if x >= 0 && x < w as i32 && y >= 0 && y < h as i32 {
                put((x, y), color)
            } else {
                Ok(())
            }
        };
        self.set_key(text, style);
        if let Some(range) = self.strings.get(&self.key[..]) {
            for p in &self.pixels[range.clone()] {
                put_inside((p.dx, p.dy), p.color)?;
            }
            return Ok(());
        }
        let hash = FixedState::default().hash_one(&self.key);
        if !self.seen.remove(&hash) {
            if self.seen.len() >= MAX_SEEN {
                self.seen.clear();
            }
            self.seen.insert(hash);
            return rasterise(text, style, put_inside);
        }
        if self.pixels.len() >= MAX_PIXELS {
            self.strings.clear();
            self.pixels.clear();
        }
        let start = self.pixels.len();
        let pixels = &mut self.pixels;
        let recorded = rasterise::<_, E>(text, style, |(dx, dy), color| {
            pixels.push(Pixel { dx, dy, color });
            Ok(())
        });
        if let Err(e) = recorded {
            self.pixels.truncate(start);
            return Err(e);
        }
        let range = start..self.pixels.len();
        for p in &self.pixels[range.clone()] {
            put_inside((p.dx, p.dy), p.color)?;
        }
        self.strings
            .insert(self.key.clone().into_boxed_slice(), range);
        Ok(())
    }

    /// Everything plotters draws a string from: size, colour, font style, transform,
    /// anchor, family and the text.
    fn set_key<S: BackendTextStyle>(&mut self, text: &str, style: &S) {
        let key = &mut self.key;
        key.clear();
        let color = style.color();
        let anchor = style.anchor();
        let family = style.family();
        let family = family.as_str();
        key.extend(style.size().to_bits().to_le_bytes());
        key.extend(color.alpha.to_bits().to_le_bytes());
        key.extend([
            color.rgb.0,
            color.rgb.1,
            color.rgb.2,
            style.style() as u8,
            style.transform() as u8,
            anchor.h_pos as u8,
            anchor.v_pos as u8,
        ]);
        key.extend((family.len() as u32).to_le_bytes());
        key.extend(family.as_bytes());
        key.extend(text.as_bytes());
    }

    /// Strings cached.
    #[cfg(test)]
    fn cached(&self) -> usize {
        self.strings.len()
    }
}

/// plotters' default `DrawingBackend::draw_text` (plotters-backend 0.3.7) without the
/// move to `pos` and the clipping: `draw` gets each pixel's offset from the anchor.
fn rasterise<S: BackendTextStyle, E: std::error::Error + Send + Sync>(
    text: &str,
    style: &S,
    mut draw: impl FnMut(BackendCoord, BackendColor) -> Result<(), DrawingErrorKind<E>>,
) -> Result<(), DrawingErrorKind<E>> {
    let ((min_x, min_y), (max_x, max_y)) = style
        .layout_box(text)
        .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
    let (width, height) = (max_x - min_x, max_y - min_y);
    let dx = match style.anchor().h_pos {
        HPos::Left => 0,
        HPos::Right => -width,
        HPos::Center => -width / 2,
    };
    let dy = match style.anchor().v_pos {
        VPos::Top => 0,
        VPos::Center => -height / 2,
        VPos::Bottom => -height,
    };
    let trans = style.transform();
    match style.draw(text, (0, 0), |x, y, color| {
        draw(trans.transform(x + dx - min_x, y + dy - min_y), color)
    }) {
        Ok(drawn) => drawn,
        Err(e) => Err(DrawingErrorKind::FontError(Box::new(e))),
    }
}

#[cfg(test)]
mod tests {
    use crate::{IndexedBackend, IndexedCanvas, NoError};
    use plotters::prelude::*;
    use plotters::style::register_font;
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    use plotters_backend::{
        BackendColor, BackendCoord, BackendStyle, DrawingBackend, DrawingErrorKind,
    };

    const FAMILY: &str = "text-cache-test";

    fn register() {
        static FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
        assert!(register_font(FAMILY, FontStyle::Normal, FONT).is_ok());
    }

    /// The canvas's backend with plotters' default `draw_text`.
    struct Uncached<'a>(IndexedBackend<'a>);

    impl DrawingBackend for Uncached<'_> {
        type ErrorType = NoError;

        fn get_size(&self) -> (u32, u32) {
            self.0.get_size()
        }

        fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<NoError>> {
            Ok(())
        }

        fn present(&mut self) -> Result<(), DrawingErrorKind<NoError>> {
            Ok(())
        }

        fn draw_pixel(
            &mut self,
            pos: BackendCoord,
            color: BackendColor,
        ) -> Result<(), DrawingErrorKind<NoError>> {
            self.0.draw_pixel(pos, color)
        }

        fn draw_rect<S: BackendStyle>(
            &mut self,
            upper_left: BackendCoord,
            bottom_right: BackendCoord,
            style: &S,
            fill: bool,
        ) -> Result<(), DrawingErrorKind<NoError>> {
            self.0.draw_rect(upper_left, bottom_right, style, fill)
        }
    }

    /// Styles as the charts use them: anchors, a turned one, a translucent one, bold.
    fn styles() -> Vec<TextStyle<'static>> {
        let font = |size: f64| FontDesc::new(FontFamily::Name(FAMILY), size, FontStyle::Normal);
        vec![
            font(13.0).color(&BLACK),
            font(17.5)
                .color(&RGBColor(200, 30, 40))
                .pos(Pos::new(HPos::Center, VPos::Center)),
            font(15.0)
                .transform(FontTransform::Rotate270)
                .color(&RGBColor(0, 90, 200))
                .pos(Pos::new(HPos::Center, VPos::Center)),
            font(14.0)
                .color(&RGBColor(20, 160, 60).mix(0.5))
                .pos(Pos::new(HPos::Right, VPos::Bottom)),
            FontDesc::new(FontFamily::Name(FAMILY), 13.0, FontStyle::Bold).color(&BLACK),
        ]
    }

    /// Draws every string with every style at each position in turn (the first draws
    /// rasterise, the second record, the rest replay), over a filled rectangle so that
    /// blends show, on canvases of two sizes (the cache outlives `reset`).
    fn draw_all<DB: DrawingBackend>(
        backend: &mut DB,
        texts: &[&str],
        at: &[BackendCoord],
        styles: &[TextStyle],
    ) {
        let grey = BackendColor {
            alpha: 1.0,
            rgb: (210, 210, 210),
        };
        backend.draw_rect((20, 10), (70, 40), &grey, true).unwrap();
        for &pos in at {
            for style in styles {
                for text in texts {
                    backend.draw_text(text, style, pos).unwrap();
                }
            }
        }
    }

    #[test]
    fn repeated_text_is_replayed_exactly_where_and_as_plotters_draws_it() {
        register();
        let styles = styles();
        let texts = ["bullish", "somewhat bullish", "2026-11-20", "-0.25", "Ä∑"];
        // Inside, then cut by each edge of the canvas.
        let at = [(40, 25), (-12, 20), (70, -4), (85, 30), (30, 55), (3, 3)];
        let mut cached = IndexedCanvas::default();
        let mut uncached = IndexedCanvas::default();
        for size in [(90, 60), (64, 48)] {
            cached.reset(size, [255, 255, 255]);
            uncached.reset(size, [255, 255, 255]);
            draw_all(&mut cached.backend(), &texts, &at, &styles);
            draw_all(&mut Uncached(uncached.backend()), &texts, &at, &styles);
            assert_eq!(cached.pixels(), uncached.pixels());
            assert_eq!(cached.palette_rgb(), uncached.palette_rgb());
            assert!(cached.pixels().iter().filter(|&&p| p != 0).count() > 1000);
        }
        assert_eq!(cached.text.cached(), texts.len() * styles.len());
    }

    #[test]
    fn a_string_is_cached_from_its_second_drawing() {
        register();
        let style = &styles()[1];
        let mut canvas = IndexedCanvas::default();
        canvas.reset((80, 40), [255, 255, 255]);
        canvas.backend().draw_text("once", style, (40, 20)).unwrap();
        canvas
            .backend()
            .draw_text("twice", style, (40, 20))
            .unwrap();
        assert_eq!(canvas.text.cached(), 0);
        canvas.backend().draw_text("twice", style, (0, 0)).unwrap();
        assert_eq!(canvas.text.cached(), 1);
        // Another colour is another string.
        let red = style.color(&RED);
        canvas.backend().draw_text("twice", &red, (0, 0)).unwrap();
        canvas.backend().draw_text("twice", &red, (0, 0)).unwrap();
        assert_eq!(canvas.text.cached(), 2);
        // Transparent text draws nothing and is not remembered.
        let transparent = RED.mix(0.0);
        let clear = style.color(&transparent);
        let before = canvas.pixels().to_vec();
        canvas.backend().draw_text("twice", &clear, (5, 5)).unwrap();
        canvas.backend().draw_text("twice", &clear, (5, 5)).unwrap();
        assert_eq!(canvas.text.cached(), 2);
        assert_eq!(canvas.pixels(), &before[..]);
    }
}
