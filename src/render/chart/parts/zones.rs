//! The sentiment zones the charts shade and name: the contract's bands
//! (`aggregate::LEANING`, `aggregate::STRONG`), so a chart's zones always agree with the
//! labels in `summary.csv`.

use anyhow::Result;
use plotters::style::text_anchor::HPos;
use plotters::style::RGBColor;

use super::colour::{
    MUTED, ZONE_BEARISH, ZONE_BULLISH, ZONE_SOMEWHAT_BEARISH, ZONE_SOMEWHAT_BULLISH,
    ZONE_TEXT_BEARISH, ZONE_TEXT_BULLISH,
};
use super::{text, Area, Canvas};
use crate::aggregate::{LEANING, STRONG};

/// One band of mean sentiment, `lower ..= upper`.
#[derive(Debug, Clone, Copy)]
pub struct Zone {
    pub upper: f64,
    pub lower: f64,
    /// The shading; the neutral zone is left white.
    pub fill: Option<RGBColor>,
    /// Its name, words separated by one space (charts break it into lines there).
    pub name: &'static str,
    /// The colour of its name.
    pub ink: RGBColor,
}

/// The zones from bullish to bearish; the outer two reach to ±`outer`, the end of the
/// chart's scale.
pub fn zones(outer: f64) -> [Zone; 5] {
    let zone = |upper, lower, fill, name, ink| Zone {
        upper,
        lower,
        fill,
        name,
        ink,
    };
    [
        zone(
            outer,
            STRONG,
            Some(ZONE_BULLISH),
            "bullish",
            ZONE_TEXT_BULLISH,
        ),
        zone(
            STRONG,
            LEANING,
            Some(ZONE_SOMEWHAT_BULLISH),
            "somewhat bullish",
            ZONE_TEXT_BULLISH,
        ),
        zone(LEANING, -LEANING, None, "neutral", MUTED),
        zone(
            -LEANING,
            -STRONG,
            Some(ZONE_SOMEWHAT_BEARISH),
            "somewhat bearish",
            ZONE_TEXT_BEARISH,
        ),
        zone(
            -STRONG,
            -outer,
            Some(ZONE_BEARISH),
            "bearish",
            ZONE_TEXT_BEARISH,
        ),
    ]
}

/// Writes a zone's name left-aligned at `x`, one word per line, centred between the pixel
/// rows `top` and `bottom` of its band.
pub fn name_zone<DB: Canvas>(
    root: &Area<DB>,
    zone: &Zone,
    x: i32,
    top: i32,
    bottom: i32,
) -> Result<()> {
    let mid = (top + bottom) / 2;
    let lines: Vec<&str> = zone.name.split(' ').collect();
    let n = lines.len() as i32;
    for (i, line) in lines.iter().enumerate() {
        let y = mid + (2 * i as i32 - (n - 1)) * 8;
        text(root, line, (x, y), 12.0, false, &zone.ink, HPos::Left)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The zones tile the scale, and each one is the band `aggregate::label` names.
    #[test]
    fn zones_tile_the_scale_and_match_the_labels() {
        let zones = zones(1.0);
        assert_eq!((zones[0].upper, zones[4].lower), (1.0, -1.0));
        for pair in zones.windows(2) {
            assert_eq!(pair[0].lower, pair[1].upper);
        }
        for zone in zones {
            let middle = (zone.upper + zone.lower) / 2.0;
            let label = crate::aggregate::label(middle).to_lowercase();
            assert_eq!(label.replace('-', " "), zone.name);
        }
    }
}
