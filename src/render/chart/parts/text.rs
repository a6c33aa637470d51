//! Text: DejaVu Sans compiled into the binary (plotters' `ab_glyph` backend), so charts
//! render the same on a machine without any system font. An SVG keeps its text as text, in
//! "DejaVu Sans" where the viewer has it and the viewer's sans-serif otherwise; it is laid
//! out with DejaVu's metrics, so another font only makes the text a little narrower or wider.

use std::sync::Once;

use anyhow::{anyhow, Result};
use plotters::prelude::*;
use plotters::style::register_font;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Area, Canvas};

pub(super) const FONT: &str = "sans-serif";
/// The `font-family` of SVG text. The embedded font is registered under this name too, so
/// that SVG text is measured with the font it asks for first.
pub(super) const SVG_FONT: &str = "DejaVu Sans, sans-serif";
/// DejaVu Sans' height (ascent − descent, in ems): ab_glyph draws a font of size `s` with
/// this height in `s` pixels.
pub const DEJAVU_HEIGHT: f64 = (1901.0 + 483.0) / 2048.0;
/// DejaVu Sans' cap height, in ems.
const DEJAVU_CAP: f64 = 1493.0 / 2048.0;
static REGULAR: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Registers the embedded fonts with plotters, once per process; every chart needs them.
pub fn register_fonts() -> Result<()> {
    static ONCE: Once = Once::new();
    let mut result = Ok(());
    ONCE.call_once(|| {
        let ok = [FONT, SVG_FONT].into_iter().all(|family| {
            register_font(family, FontStyle::Normal, REGULAR).is_ok()
                && register_font(family, FontStyle::Bold, BOLD).is_ok()
        });
        if !ok {
            result = Err(anyhow!("the embedded font could not be loaded"));
        }
    });
    result
}

fn font(family: &'static str, size: f64, bold: bool) -> FontDesc<'static> {
    // `FontDesc::style` keeps the regular face's glyphs: the style must be given up front.
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    FontDesc::new(family.into(), size, style)
}

/// The size to give plotters' SVG backend so that text of `size` gets the bitmap's em, and
/// that em. The bitmap's em is `size / DEJAVU_HEIGHT`; the SVG backend writes `font-size` as
/// the size given over 1.24. The em is rounded to 0.01 px, and the size picked so that the
/// division prints as that em (`18.9`, not `18.900000000000002`).
pub fn svg_size(size: f64) -> (f64, f64) {
    let em = (size / DEJAVU_HEIGHT * 100.0).round() / 100.0;
    let given = em * 1.24;
    let given = [given, given.next_up(), given.next_down()]
        .into_iter()
        .find(|g| g / 1.24 == em)
        .unwrap_or(given);
    (given, em)
}

/// plotters' SVG backend puts the baseline of top-anchored text `dy = 0.76em` below the
/// anchor: how far above the middle of the capitals the anchor goes (the same for any
/// viewer, unlike the `0.5ex` of centred text).
fn svg_cap_middle(em: f64) -> i32 {
    ((0.76 - DEJAVU_CAP / 2.0) * em).round() as i32
}

/// Draws `s` with its visual middle (of the capitals) at `y`, anchored at `x` by `h`.
pub fn text<DB: Canvas>(
    area: &Area<DB>,
    s: &str,
    (x, y): (i32, i32),
    size: f64,
    bold: bool,
    colour: &RGBColor,
    h: HPos,
) -> Result<()> {
    if DB::VECTOR {
        let (given, em) = svg_size(size);
        let style = font(DB::FAMILY, given, bold)
            .color(colour)
            .pos(Pos::new(h, VPos::Top));
        area.draw_text(s, &style, (x, y - svg_cap_middle(em)))?;
        return Ok(());
    }
    // plotters centres on a layout box of size/1.24 from the top of the ascent, which sits
    // about 0.08·size below the middle of DejaVu's capitals.
    let style = font(DB::FAMILY, size, bold)
        .color(colour)
        .pos(Pos::new(h, VPos::Center));
    area.draw_text(s, &style, (x, y - (size * 0.08).round() as i32))?;
    Ok(())
}

/// Text turned a quarter anticlockwise (reading upwards), centred on `(x, y)`.
pub fn text_up<DB: Canvas>(
    area: &Area<DB>,
    s: &str,
    (x, y): (i32, i32),
    size: f64,
    colour: &RGBColor,
) -> Result<()> {
    // SVG turns the text about its anchor, so "down" to the baseline is to the right.
    let (given, v, shift) = if DB::VECTOR {
        let (given, em) = svg_size(size);
        (given, VPos::Top, svg_cap_middle(em))
    } else {
        (size, VPos::Center, (size * 0.08).round() as i32)
    };
    let style = font(DB::FAMILY, given, false)
        .transform(FontTransform::Rotate270)
        .color(colour)
        .pos(Pos::new(HPos::Center, v));
    area.draw_text(s, &style, (x - shift, y))?;
    Ok(())
}

/// The width of `s` as [`text`] draws it (in an SVG, in DejaVu Sans).
pub fn text_width<DB: Canvas>(area: &Area<DB>, s: &str, size: f64, bold: bool) -> Result<i32> {
    Ok(area
        .estimate_text_size(s, &TextStyle::from(font(DB::FAMILY, size, bold)))?
        .0 as i32)
}

/// A number with a real minus sign and no negative zero: `−0.25`, `0`, `0.5`.
pub fn signed(x: f64, decimals: usize, plus: bool) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let zero = s.chars().all(|c| c == '0' || c == '.');
    if zero {
        s
    } else if x < 0.0 {
        format!("\u{2212}{s}")
    } else if plus {
        format!("+{s}")
    } else {
        s
    }
}

pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_text_sizes_match_the_bitmap_and_print_short() {
        for size in [12.0, 13.0, 14.0, 16.0, 22.0] {
            let (given, em) = svg_size(size);
            assert!((em - size / DEJAVU_HEIGHT).abs() <= 0.005, "{size}");
            // What plotters writes as `font-size`.
            assert_eq!(format!("{}", given / 1.24), format!("{em}"));
            assert!(format!("{em}").len() <= 5, "{em}");
        }
    }

    #[test]
    fn numbers_use_a_real_minus_and_no_negative_zero() {
        assert_eq!(signed(-0.5, 1, false), "\u{2212}0.5");
        assert_eq!(signed(-0.001, 2, true), "0.00");
        assert_eq!(signed(2.26, 1, true), "+2.3");
        assert_eq!(signed(0.0, 0, false), "0");
    }
}
