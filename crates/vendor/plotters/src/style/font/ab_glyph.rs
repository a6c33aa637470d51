use super::{FontData, FontFamily, FontStyle, LayoutBox};
use ab_glyph::{Font, FontRef, ScaleFont};
use core::fmt::{self, Display};
use once_cell::sync::Lazy;
use std::collections::HashMap;
use std::error::Error;
use std::sync::RwLock;

struct FontMap {
    map: HashMap<String, FontRef<'static>>,
}
impl FontMap {
    fn new() -> Self {
        Self {
            map: HashMap::with_capacity(4),
        }
    }
    fn insert(&mut self, style: FontStyle, font: FontRef<'static>) -> Option<FontRef<'static>> {
        self.map.insert(style.as_str().to_string(), font)
    }
    // fn get(&self, style: FontStyle) -> Option<&FontRef<'static>> {
    //     self.map.get(style.as_str())
    // }
    fn get_fallback(&self, style: FontStyle) -> Option<&FontRef<'static>> {
        self.map
            .get(style.as_str())
            .or_else(|| self.map.get(FontStyle::Normal.as_str()))
    }
}

static FONTS: Lazy<RwLock<HashMap<String, FontMap>>> = Lazy::new(|| RwLock::new(HashMap::new()));
pub struct InvalidFont {
    _priv: (),
}

// Note for future contributors: There is nothing fundamental about the static reference requirement here.
// It would be reasonably easy to add a function which accepts an owned buffer,
// or even a reference counted buffer, instead.
/// Register a font in the fonts table.
///
/// The `name` parameter gives the name this font shall be referred to
/// in the other APIs, like `"sans-serif"`.
///
/// Unprovided font styles for a given name will fallback to `FontStyle::Normal`
/// if that is available for that name, when other functions lookup fonts which
/// are registered with this function.
///
/// The `bytes` parameter should be the complete contents
/// of an OpenType font file, like:
/// ```ignore
/// include_bytes!("FiraGO-Regular.otf")
/// ```
pub fn register_font(
    name: &str,
    style: FontStyle,
    bytes: &'static [u8],
) -> Result<(), InvalidFont> {
    let font = FontRef::try_from_slice(bytes).map_err(|_| InvalidFont { _priv: () })?;
    let mut lock = FONTS.write().unwrap();
    lock.entry(name.to_string())
        .or_insert_with(FontMap::new)
        .insert(style, font);
    Ok(())
}

#[derive(Clone)]
pub struct FontDataInternal {
    font_ref: FontRef<'static>,
}

#[derive(Debug, Clone)]
pub enum FontError {
    /// No idea what the problem is
    Unknown,
    /// No font data available for the requested family and style.
    FontUnavailable,
}
impl Display for FontError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Since it makes literally no difference to how we'd format
        // this, just delegate to the derived Debug formatter.
        write!(f, "{:?}", self)
    }
}
impl Error for FontError {}

impl FontData for FontDataInternal {
    // TODO: can we rename this to `Error`?
    type ErrorType = FontError;
    fn new(family: FontFamily<'_>, style: FontStyle) -> Result<Self, Self::ErrorType> {
        Ok(Self {
            font_ref: FONTS
                .read()
                .unwrap()
                .get(family.as_str())
                .and_then(|fam| fam.get_fallback(style))
                .ok_or(FontError::FontUnavailable)?
                .clone(),
        })
    }
    // TODO: ngl, it makes no sense that this uses the same error type as `new`
    fn estimate_layout(&self, size: f64, text: &str) -> Result<LayoutBox, Self::ErrorType> {
        let pixel_per_em = size / 1.24;
        // let units_per_em = self.font_ref.units_per_em().unwrap();
        let font = self.font_ref.as_scaled(size as f32);

        let mut x_pixels = 0f32;

        let mut prev = None;
        for c in text.chars() {
            let glyph_id = font.glyph_id(c);
            let size = font.h_advance(glyph_id);
            x_pixels += size;
            if let Some(pc) = prev {
                x_pixels += font.kern(pc, glyph_id);
            }
            prev = Some(glyph_id);
        }

        Ok(((0, 0), (x_pixels as i32, pixel_per_em as i32)))
    }
    fn draw<E, DrawFunc: FnMut(i32, i32, f32) -> Result<(), E>>(
        &self,
        pos: (i32, i32),
        size: f64,
        text: &str,
        mut draw: DrawFunc,
    ) -> Result<Result<(), E>, Self::ErrorType> {
        let font = self.font_ref.as_scaled(size as f32);
        let (base_x, base_y) = pos;
        let mut x_shift = 0f32;
        let mut prev = None;
        // tickertone patch: glyphs sit on the font's ascent line, keep their left side
        // bearing and are rasterised at their (fractional) pen position, so spacing is
        // even; upstream drops the bearing ("dail y m ean") and puts the baseline at size/2
        // (titles clipped), and rounding each glyph to a whole pixel spaces some pairs a
        // pixel apart ("Resour ces"). Rasterised glyphs are cached per thread, at a quarter
        // pixel of horizontal position: a report draws the same few glyphs thousands of
        // times, and rasterising them was a fifth of each chart's time.
        let ascent = font.ascent();
        let font_key = self.font_ref.font_data().as_ptr() as usize;
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(pid) = prev {
                x_shift += font.kern(pid, id);
            }
            prev = Some(id);
            let whole = x_shift.floor();
            let mut quarter = ((x_shift - whole) * SUBPIXELS as f32).round() as i32;
            let mut whole = whole as i32;
            if quarter == SUBPIXELS {
                whole += 1;
                quarter = 0;
            }
            let key = GlyphKey {
                font: font_key,
                size: (size as f32).to_bits(),
                glyph: id.0,
                quarter: quarter as u8,
            };
            let coverage = GLYPHS.with_borrow_mut(|cache| {
                if cache.len() >= MAX_CACHED_GLYPHS {
                    cache.clear();
                }
                cache
                    .entry(key)
                    .or_insert_with(|| {
                        let at = ab_glyph::point(quarter as f32 / SUBPIXELS as f32, ascent);
                        let glyph = id.with_scale_and_position(font.scale(), at);
                        font.outline_glyph(glyph).map(|q| {
                            let rect = q.px_bounds();
                            let width = rect.width() as usize;
                            let mut alpha = vec![0u8; width * rect.height() as usize];
                            q.draw(|x, y, c| {
                                if let Some(a) = alpha.get_mut(y as usize * width + x as usize) {
                                    *a = (c.clamp(0.0, 1.0) * 255.0).round() as u8;
                                }
                            });
                            std::rc::Rc::new(Coverage {
                                x0: rect.min.x as i32,
                                y0: rect.min.y as i32,
                                width,
                                alpha,
                            })
                        })
                    })
                    .clone()
            });
            if let Some(g) = coverage {
                for (i, &a) in g.alpha.iter().enumerate() {
                    if a == 0 {
                        continue;
                    }
                    let (x, y) = ((i % g.width) as i32, (i / g.width) as i32);
                    draw(
                        base_x + whole + g.x0 + x,
                        base_y + g.y0 + y,
                        a as f32 / 255.0,
                    )
                    .map_err(|_e| FontError::Unknown)?;
                }
            }
            x_shift += font.h_advance(id);
        }
        Ok(Ok(()))
    }
}

/// Horizontal positions a glyph is rasterised at, per pixel.
const SUBPIXELS: i32 = 4;
/// Bounds the cache (a few megabytes); the glyphs of a report are far fewer.
const MAX_CACHED_GLYPHS: usize = 8192;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct GlyphKey {
    font: usize,
    size: u32,
    glyph: u16,
    quarter: u8,
}

/// A rasterised glyph: coverage (0-255) row by row, from its pixel bounds' top left corner.
struct Coverage {
    x0: i32,
    y0: i32,
    width: usize,
    alpha: Vec<u8>,
}

thread_local! {
    static GLYPHS: std::cell::RefCell<HashMap<GlyphKey, Option<std::rc::Rc<Coverage>>>> =
        std::cell::RefCell::new(HashMap::new());
}
