//! The drawing parts every chart is made of: the backend trait the charts draw on, the
//! colours, text, shapes, legends, the sentiment zones and the date axis.
//!
//! Everything is laid out in pixels by hand (no plotters mesh): the axes, ticks and legends
//! are ours, which keeps the typography and the spacing under control and the drawing cheap
//! (a company chart is drawn thousands of times per report).

mod axis;
mod shapes;
mod text;
mod zones;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::aggregate::SummaryRow;
use tickertone_canvas::IndexedBackend;

pub use axis::{date_ticks, days_in, draw_date_labels, span_label, DayScale, Tick};
pub use shapes::{
    dot, draw_key, faint_disc, hline, legend_row, rect, ring, smooth_line, spike_marker, vline,
    DotSizes, Key,
};
pub use text::{register_fonts, shorten, signed, text, text_up, text_width};
pub use zones::{name_zone, zones};

pub type Area<DB> = DrawingArea<DB, Shift>;

/// The `max` companies with the most articles (ties by name), most first, and how many
/// companies there were: the overview and the heatmap show at most a readable number.
pub fn busiest(summary: &[SummaryRow], max: usize) -> (Vec<&SummaryRow>, usize) {
    let mut ranked: Vec<&SummaryRow> = summary.iter().collect();
    ranked.sort_by(|a, b| {
        b.articles
            .cmp(&a.articles)
            .then_with(|| a.company.cmp(&b.company))
    });
    let total = ranked.len();
    ranked.truncate(max);
    (ranked, total)
}

/// A backend the charts draw on: plotters' bitmap (PNG) or SVG backend, or our palette
/// canvas, and how it draws text and thin lines.
pub trait Canvas: DrawingBackend<ErrorType: std::error::Error + Send + Sync + 'static> {
    /// Text and shapes are written as vectors (SVG), not rasterised.
    const VECTOR: bool;
    /// The font family the text names.
    const FAMILY: &'static str;
}

impl Canvas for BitMapBackend<'_> {
    const VECTOR: bool = false;
    const FAMILY: &'static str = text::FONT;
}

impl Canvas for IndexedBackend<'_> {
    const VECTOR: bool = false;
    const FAMILY: &'static str = text::FONT;
}

impl Canvas for SVGBackend<'_> {
    const VECTOR: bool = true;
    const FAMILY: &'static str = text::SVG_FONT;
}

/// The charts' colours. Okabe–Ito colours: distinguishable with every common colour-vision
/// deficiency. Blue is bullish, vermillion/orange bearish, everywhere.
pub mod colour {
    use plotters::style::RGBColor;

    pub const BLUE: RGBColor = RGBColor(0, 114, 178);
    pub const VERMILLION: RGBColor = RGBColor(213, 94, 0);
    pub const PURPLE: RGBColor = RGBColor(204, 121, 167);
    pub const DARK_PURPLE: RGBColor = RGBColor(150, 60, 115);
    /// Okabe–Ito bluish green: the close (`--prices`), on its own axis.
    pub const GREEN: RGBColor = RGBColor(0, 158, 115);
    /// Okabe–Ito orange: news volume spikes.
    pub const ORANGE: RGBColor = RGBColor(230, 159, 0);
    pub const SKY_BLUE: RGBColor = RGBColor(86, 180, 233);
    /// Companies compared on one chart, in this order: the Okabe–Ito colours that read on
    /// white (yellow does not), then ink.
    pub const SERIES: [RGBColor; 7] = [BLUE, VERMILLION, GREEN, ORANGE, PURPLE, SKY_BLUE, INK];
    /// Blue at 30 % on white: the copies' key.
    pub const FAINT_BLUE: RGBColor = RGBColor(179, 213, 233);
    /// A day column with a news volume spike, behind its bar (orange, pre-mixed on white).
    pub const SPIKE_BAND: RGBColor = RGBColor(252, 236, 204);
    pub const INK: RGBColor = RGBColor(34, 34, 34);
    pub const MUTED: RGBColor = RGBColor(96, 96, 96);
    pub const GRID: RGBColor = RGBColor(222, 222, 222);
    pub const AXIS: RGBColor = RGBColor(150, 150, 150);
    /// The min–max band, drawn with transparency over the zones.
    pub const BAND: RGBColor = BLUE;
    pub const NEUTRAL_BAR: RGBColor = RGBColor(180, 180, 180);
    // Sentiment zones, pre-mixed on white (opaque fills are cheaper than blending).
    pub const ZONE_BULLISH: RGBColor = RGBColor(224, 238, 247);
    pub const ZONE_SOMEWHAT_BULLISH: RGBColor = RGBColor(240, 246, 251);
    pub const ZONE_SOMEWHAT_BEARISH: RGBColor = RGBColor(252, 242, 234);
    pub const ZONE_BEARISH: RGBColor = RGBColor(250, 228, 212);
    pub const ZONE_TEXT_BULLISH: RGBColor = RGBColor(40, 100, 150);
    pub const ZONE_TEXT_BEARISH: RGBColor = RGBColor(170, 75, 0);
}
