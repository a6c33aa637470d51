//! PNG and SVG charts with plotters: one per company, the overview ranking (`overview`) and
//! the companies × days heatmap (`heatmap`).
//!
//! Text is drawn with DejaVu Sans compiled into the binary (plotters' `ab_glyph` backend), so
//! charts render the same on a machine without any system font. Everything is laid out in
//! pixels by hand (no plotters mesh): the axes, ticks and legends are ours, which keeps the
//! typography and the spacing under control and the drawing cheap (a company chart is drawn
//! thousands of times per report).
//!
//! One drawing function per chart serves both formats: it is generic over the backend
//! ([`Canvas`]). An SVG keeps its text as text, in "DejaVu Sans" where the viewer has it and
//! the viewer's sans-serif otherwise; it is laid out with DejaVu's metrics, so another font
//! only makes the text a little narrower or wider.

mod heatmap;
mod overview;

pub use heatmap::{heatmap_chart, heatmap_chart_svg, HEATMAP_MAX_ROWS};
pub use overview::{overview_chart, overview_chart_svg, OVERVIEW_MAX_ROWS};

use std::path::Path;
use std::sync::Once;

use anyhow::{anyhow, Context, Result};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::register_font;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::indexed::{IndexedBackend, IndexedCanvas};
use crate::aggregate::{DailyRow, Window};

/// Size of a company chart (the contract asks at least 1200×700).
pub const CHART_SIZE: (u32, u32) = (1280, 720);

const FONT: &str = "sans-serif";
/// The `font-family` of SVG text. The embedded font is registered under this name too, so
/// that SVG text is measured with the font it asks for first.
const SVG_FONT: &str = "DejaVu Sans, sans-serif";
/// DejaVu Sans' height (ascent − descent, in ems): ab_glyph draws a font of size `s` with
/// this height in `s` pixels.
const DEJAVU_HEIGHT: f64 = (1901.0 + 483.0) / 2048.0;
/// DejaVu Sans' cap height, in ems.
const DEJAVU_CAP: f64 = 1493.0 / 2048.0;
static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

// Okabe–Ito colours: distinguishable with every common colour-vision deficiency. Blue is
// bullish, vermillion/orange bearish, everywhere.
const BLUE: RGBColor = RGBColor(0, 114, 178);
const VERMILLION: RGBColor = RGBColor(213, 94, 0);
const PURPLE: RGBColor = RGBColor(204, 121, 167);
const DARK_PURPLE: RGBColor = RGBColor(150, 60, 115);
const INK: RGBColor = RGBColor(34, 34, 34);
const MUTED: RGBColor = RGBColor(96, 96, 96);
const GRID: RGBColor = RGBColor(222, 222, 222);
const AXIS: RGBColor = RGBColor(150, 150, 150);
/// The min–max band, drawn with transparency over the zones.
const BAND: RGBColor = BLUE;
const NEUTRAL_BAR: RGBColor = RGBColor(180, 180, 180);
// Sentiment zones, pre-mixed on white (opaque fills are cheaper than blending).
const ZONE_BULLISH: RGBColor = RGBColor(224, 238, 247);
const ZONE_SOMEWHAT_BULLISH: RGBColor = RGBColor(240, 246, 251);
const ZONE_SOMEWHAT_BEARISH: RGBColor = RGBColor(252, 242, 234);
const ZONE_BEARISH: RGBColor = RGBColor(250, 228, 212);
const ZONE_TEXT_BULLISH: RGBColor = RGBColor(40, 100, 150);
const ZONE_TEXT_BEARISH: RGBColor = RGBColor(170, 75, 0);

/// At most this many days are labelled with their z-score (the most extreme); every
/// |z| ≥ 2 day is ringed.
const MAX_Z_LABELS: usize = 12;

/// The contract's label thresholds (`aggregate::label`).
const SOMEWHAT: f64 = 0.15;
const STRONG: f64 = 0.35;

type Area<DB> = DrawingArea<DB, Shift>;

/// A backend the charts draw on: plotters' bitmap (PNG) or SVG backend, and how it draws
/// text and thin lines.
trait Canvas: DrawingBackend<ErrorType: std::error::Error + Send + Sync + 'static> {
    /// Text and shapes are written as vectors (SVG), not rasterised.
    const VECTOR: bool;
    /// The font family the text names.
    const FAMILY: &'static str;
}

impl Canvas for BitMapBackend<'_> {
    const VECTOR: bool = false;
    const FAMILY: &'static str = FONT;
}

impl Canvas for IndexedBackend<'_> {
    const VECTOR: bool = false;
    const FAMILY: &'static str = FONT;
}

impl Canvas for SVGBackend<'_> {
    const VECTOR: bool = true;
    const FAMILY: &'static str = SVG_FONT;
}

fn register_fonts() -> Result<()> {
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

// ---------------------------------------------------------------------------------------
// Text

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
fn svg_size(size: f64) -> (f64, f64) {
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
fn text<DB: Canvas>(
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
fn text_up<DB: Canvas>(
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
fn text_width<DB: Canvas>(area: &Area<DB>, s: &str, size: f64, bold: bool) -> Result<i32> {
    Ok(area
        .estimate_text_size(s, &TextStyle::from(font(DB::FAMILY, size, bold)))?
        .0 as i32)
}

/// A number with a real minus sign and no negative zero: `−0.25`, `0`, `0.5`.
fn signed(x: f64, decimals: usize, plus: bool) -> String {
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

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// `Aug 23 – Nov 20, 2026` (years on both ends when they differ).
fn span_label(window: Window) -> String {
    let (a, b) = (window.from, window.to);
    if a == b {
        b.format("%b %-d, %Y").to_string()
    } else if a.year() == b.year() {
        format!("{} – {}", a.format("%b %-d"), b.format("%b %-d, %Y"))
    } else {
        format!("{} – {}", a.format("%b %-d, %Y"), b.format("%b %-d, %Y"))
    }
}

fn days_in(window: Window) -> i64 {
    (window.to - window.from).num_days() + 1
}

// ---------------------------------------------------------------------------------------
// Date axis

/// One labelled date of a date axis; `year` is set under the first label and where the
/// year changes.
#[derive(Debug, Clone, PartialEq)]
struct Tick {
    date: NaiveDate,
    label: String,
    year: Option<String>,
}

#[derive(Debug, Clone, Copy)]
enum Step {
    Days(i64),
    Weeks(i64),
    HalfMonths,
    Months(u32),
    Years(i32),
}

impl Step {
    fn approx_days(self) -> f64 {
        match self {
            Step::Days(n) => n as f64,
            Step::Weeks(n) => 7.0 * n as f64,
            Step::HalfMonths => 15.2,
            Step::Months(n) => 30.4 * n as f64,
            Step::Years(n) => 365.25 * n as f64,
        }
    }

    fn hits(self, d: NaiveDate, from: NaiveDate) -> bool {
        match self {
            Step::Days(n) => (d - from).num_days() % n == 0,
            Step::Weeks(n) => {
                let first_monday =
                    from + Duration::days((7 - from.weekday().num_days_from_monday() as i64) % 7);
                d.weekday() == Weekday::Mon && ((d - first_monday).num_days() / 7) % n == 0
            }
            Step::HalfMonths => d.day() == 1 || d.day() == 15,
            Step::Months(n) => d.day() == 1 && d.month0().is_multiple_of(n),
            Step::Years(n) => d.day() == 1 && d.month() == 1 && d.year() % n == 0,
        }
    }
}

/// Dates a person reads at a glance: every day, every other day, Mondays, the 1st and 15th,
/// the 1st of (every n-th) month or of January, whichever is the finest with at most
/// `max` labels.
fn date_ticks(window: Window, max: usize) -> Vec<Tick> {
    const STEPS: [Step; 13] = [
        Step::Days(1),
        Step::Days(2),
        Step::Weeks(1),
        Step::Weeks(2),
        Step::HalfMonths,
        Step::Months(1),
        Step::Months(2),
        Step::Months(3),
        Step::Months(6),
        Step::Years(1),
        Step::Years(2),
        Step::Years(5),
        Step::Years(10),
    ];
    let span = days_in(window);
    let max = max.max(2);
    for step in STEPS {
        // Skip steps that are clearly too fine without walking the days.
        if span as f64 / step.approx_days() > max as f64 * 1.5 {
            continue;
        }
        let dates: Vec<NaiveDate> = window
            .from
            .iter_days()
            .take(span as usize)
            .filter(|d| step.hits(*d, window.from))
            .collect();
        if dates.len() > max {
            continue;
        }
        let mut last_year = None;
        return dates
            .into_iter()
            .map(|d| {
                let label = match step {
                    Step::Years(_) => d.format("%Y").to_string(),
                    Step::Months(_) => d.format("%b").to_string(),
                    _ => d.format("%b %-d").to_string(),
                };
                let year = match step {
                    Step::Years(_) => None,
                    _ if last_year != Some(d.year()) => Some(d.year().to_string()),
                    _ => None,
                };
                last_year = Some(d.year());
                Tick {
                    date: d,
                    label,
                    year,
                }
            })
            .collect();
    }
    Vec::new()
}

/// Day ↔ pixel: each day of the window is a column of `cell` pixels starting at `left`.
#[derive(Debug, Clone, Copy)]
struct DayScale {
    from: NaiveDate,
    left: f64,
    cell: f64,
}

impl DayScale {
    fn new(window: Window, left: i32, right: i32) -> Self {
        DayScale {
            from: window.from,
            left: left as f64,
            cell: (right - left) as f64 / days_in(window) as f64,
        }
    }

    fn index(&self, d: NaiveDate) -> i64 {
        (d - self.from).num_days()
    }

    /// The left edge of the column of the `i`-th day.
    fn edge(&self, i: i64) -> i32 {
        (self.left + i as f64 * self.cell).round() as i32
    }

    /// The middle of the day's column.
    fn x(&self, d: NaiveDate) -> f64 {
        self.left + (self.index(d) as f64 + 0.5) * self.cell
    }
}

/// Tick labels (and the year below the first and at changes of year) centred under their day.
fn draw_date_labels<DB: Canvas>(
    area: &Area<DB>,
    ticks: &[Tick],
    scale: &DayScale,
    y: i32,
) -> Result<()> {
    for t in ticks {
        let x = scale.x(t.date).round() as i32;
        text(area, &t.label, (x, y), 13.0, false, &INK, HPos::Center)?;
        if let Some(year) = &t.year {
            text(area, year, (x, y + 17), 12.0, false, &MUTED, HPos::Center)?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Shapes

fn rect<DB: Canvas>(
    area: &Area<DB>,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    colour: RGBAColor,
) -> Result<()> {
    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], colour.filled()))?;
    Ok(())
}

/// A 1 px line along the pixels of row `y` from `x0` to `x1` (both included). In an SVG it
/// is a rectangle over those pixels: a line at a whole coordinate would straddle two pixel
/// rows and come out blurred.
fn hline<DB: Canvas>(area: &Area<DB>, x0: i32, x1: i32, y: i32, colour: &RGBColor) -> Result<()> {
    if DB::VECTOR {
        return rect(
            area,
            (x0.min(x1), y),
            (x0.max(x1) + 1, y + 1),
            colour.mix(1.0),
        );
    }
    area.draw(&PathElement::new(
        vec![(x0, y), (x1, y)],
        colour.stroke_width(1),
    ))?;
    Ok(())
}

/// A 1 px line along the pixels of column `x` (see [`hline`]).
fn vline<DB: Canvas>(area: &Area<DB>, x: i32, y0: i32, y1: i32, colour: &RGBColor) -> Result<()> {
    if DB::VECTOR {
        return rect(
            area,
            (x, y0.min(y1)),
            (x + 1, y0.max(y1) + 1),
            colour.mix(1.0),
        );
    }
    area.draw(&PathElement::new(
        vec![(x, y0), (x, y1)],
        colour.stroke_width(1),
    ))?;
    Ok(())
}

/// A 3 px polyline with a white halo, its edges smoothed by anti-aliased 1 px lines.
fn smooth_line<DB: Canvas>(
    area: &Area<DB>,
    points: &[(i32, i32)],
    colour: &RGBColor,
) -> Result<()> {
    if points.len() < 2 {
        return Ok(());
    }
    // A thin white halo keeps the line readable over points and bands.
    area.draw(&PathElement::new(
        points.to_vec(),
        WHITE.mix(0.85).stroke_width(5),
    ))?;
    if DB::VECTOR {
        // A viewer anti-aliases the line itself.
        area.draw(&PathElement::new(points.to_vec(), colour.stroke_width(3)))?;
        return Ok(());
    }
    area.draw(&PathElement::new(points.to_vec(), colour.stroke_width(2)))?;
    for w in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        // Offset along the axis that is most perpendicular to the segment.
        let (dx, dy) = if (x1 - x0).abs() >= (y1 - y0).abs() {
            (0, 1)
        } else {
            (1, 0)
        };
        for s in [-1, 1] {
            area.draw(&PathElement::new(
                vec![(x0 + s * dx, y0 + s * dy), (x1 + s * dx, y1 + s * dy)],
                colour.mix(0.55).stroke_width(1),
            ))?;
        }
    }
    Ok(())
}

/// A dot with a white rim, so that neighbours stay distinct.
fn dot<DB: Canvas>(area: &Area<DB>, (x, y): (i32, i32), r: i32, colour: &RGBColor) -> Result<()> {
    area.draw(&Circle::new((x, y), r + 1, WHITE.filled()))?;
    area.draw(&Circle::new((x, y), r, colour.filled()))?;
    Ok(())
}

fn ring<DB: Canvas>(area: &Area<DB>, (x, y): (i32, i32), r: i32) -> Result<()> {
    area.draw(&Circle::new((x, y), r, PURPLE.stroke_width(2)))?;
    Ok(())
}

/// Radii of the daily points: the area grows with the day's articles, from 3 px up to a
/// largest radius that fits the day's column (neighbours overlap little), reached on the
/// company's busiest day (or at 5 articles, for a company with few a day).
#[derive(Debug, Clone, Copy)]
struct DotSizes {
    max_radius: f64,
    reference: f64,
}

impl DotSizes {
    const MIN: f64 = 3.0;

    fn new(days: &[&DailyRow], cell: f64) -> Self {
        let busiest = days.iter().map(|d| d.articles).max().unwrap_or(1);
        DotSizes {
            max_radius: (cell * 0.6).clamp(Self::MIN + 1.0, 9.0),
            reference: busiest.max(5) as f64,
        }
    }

    fn radius(&self, articles: u64) -> i32 {
        let t = (articles as f64 / self.reference).min(1.0).sqrt();
        (Self::MIN + (self.max_radius - Self::MIN) * t).round() as i32
    }
}

/// The legend's small and large dots.
const LEGEND_DOTS: DotSizes = DotSizes {
    max_radius: 8.0,
    reference: 5.0,
};

// ---------------------------------------------------------------------------------------
// Legends

/// A legend entry's symbol.
#[derive(Clone, Copy)]
enum Key {
    Dots,
    Line,
    Range,
    Ring,
    Swatch(RGBColor),
}

const KEY_WIDTH: i32 = 32;

fn draw_key<DB: Canvas>(area: &Area<DB>, key: Key, (x, y): (i32, i32)) -> Result<()> {
    match key {
        Key::Dots => {
            dot(area, (x + 5, y), LEGEND_DOTS.radius(1), &BLUE)?;
            dot(area, (x + 22, y), LEGEND_DOTS.radius(5), &BLUE)?;
        }
        Key::Line => smooth_line(area, &[(x, y), (x + KEY_WIDTH - 2, y)], &INK)?,
        Key::Range => {
            rect(area, (x + 8, y - 9), (x + 20, y + 9), BAND.mix(0.18))?;
            dot(area, (x + 14, y + 1), LEGEND_DOTS.radius(2), &BLUE)?;
        }
        Key::Ring => {
            dot(area, (x + 14, y), LEGEND_DOTS.radius(2), &BLUE)?;
            ring(area, (x + 14, y), LEGEND_DOTS.radius(2) + 4)?;
        }
        Key::Swatch(c) => {
            rect(area, (x + 4, y - 7), (x + 24, y + 7), c.mix(1.0))?;
            area.draw(&Rectangle::new(
                [(x + 4, y - 7), (x + 24, y + 7)],
                AXIS.mix(0.6).stroke_width(1),
            ))?;
        }
    }
    Ok(())
}

/// One row of legend entries starting at `x`, centred on `y`; returns the x after the row.
fn legend_row<DB: Canvas>(
    area: &Area<DB>,
    entries: &[(Key, &str)],
    (x, y): (i32, i32),
) -> Result<i32> {
    let mut x = x;
    for (key, label) in entries {
        draw_key(area, *key, (x, y))?;
        x += KEY_WIDTH + 6;
        text(area, label, (x, y), 13.0, false, &INK, HPos::Left)?;
        x += text_width(area, label, 13.0, false)? + 24;
    }
    Ok(x)
}

// ---------------------------------------------------------------------------------------
// Company chart

/// Consecutive runs of days (no day without news inside a run).
fn runs<'a>(days: &[&'a DailyRow]) -> Vec<Vec<&'a DailyRow>> {
    let mut out: Vec<Vec<&DailyRow>> = Vec::new();
    for d in days {
        match out.last_mut() {
            Some(run)
                if run
                    .last()
                    .is_some_and(|p| (d.date - p.date).num_days() == 1) =>
            {
                run.push(d)
            }
            _ => out.push(vec![d]),
        }
    }
    out
}

/// Pixel layout of the company chart.
struct Layout {
    left: i32,
    right: i32,
    top: i32,
    bottom: i32,
    count_top: i32,
    count_bottom: i32,
}

const LAYOUT: Layout = Layout {
    left: 84,
    right: CHART_SIZE.0 as i32 - 120,
    top: 108,
    bottom: 498,
    count_top: 520,
    count_bottom: 654,
};

/// A company's chart: the daily mean as points sized by article count over the day's
/// min–max range, the 7-day rolling mean (broken where days have no news), the sentiment
/// zones as background, days with |z| ≥ 2 ringed and labelled; below, the day's articles
/// split into bullish, neutral and bearish.
pub fn company_chart(
    path: &Path,
    company: &str,
    tickers: &[String],
    window: Window,
    days: &[&DailyRow],
) -> Result<()> {
    let exact = write_indexed_png(path, CHART_SIZE, |root| {
        draw_company(root, company, tickers, window, days)
    })?;
    if exact {
        return Ok(());
    }
    write_png(path, CHART_SIZE, |root| {
        draw_company(root, company, tickers, window, days)
    })
}

/// [`company_chart`] as an SVG.
pub fn company_chart_svg(
    path: &Path,
    company: &str,
    tickers: &[String],
    window: Window,
    days: &[&DailyRow],
) -> Result<()> {
    write_svg(path, CHART_SIZE, |root| {
        draw_company(root, company, tickers, window, days)
    })
}

/// Draws into memory, then writes an RGB PNG with fast compression: the overview, the
/// heatmap (more colours than a palette holds), and a company chart that needs more than
/// 256 colours. plotters' own encoder took 6 ms of a chart's 8, and its file output does not
/// name the file in its errors.
fn write_png(
    path: &Path,
    (width, height): (u32, u32),
    draw: impl FnOnce(&Area<BitMapBackend>) -> Result<()>,
) -> Result<()> {
    thread_local! {
        // One canvas per rendering thread: a fresh 2.7 MB buffer per chart cost more in
        // page faults than the drawing itself.
        static PIXELS: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    PIXELS.with_borrow_mut(|pixels| {
        // No clearing: every chart fills its whole canvas first.
        pixels.resize(width as usize * height as usize * 3, 255);
        {
            let root = BitMapBackend::with_buffer(pixels, (width, height)).into_drawing_area();
            draw(&root)?;
            root.present()?;
        }
        let file = std::io::BufWriter::new(std::fs::File::create(path)?);
        let mut encoder = png::Encoder::new(file, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(pixels)?;
        writer.finish()?;
        Ok(())
    })
}

/// Draws on a palette canvas, then writes an 8-bit indexed PNG; returns false, writing
/// nothing, when the drawing needed more than 256 colours (the caller then draws in RGB).
/// A third of the bytes of RGB to draw and encode, and a third of the file size: 3 000
/// company charts of the 1M benchmark took 3.4 s and 260 MB, now 2.4 s and 88 MB.
fn write_indexed_png(
    path: &Path,
    size: (u32, u32),
    draw: impl FnOnce(&Area<IndexedBackend>) -> Result<()>,
) -> Result<bool> {
    thread_local! {
        // One canvas per rendering thread, as for RGB.
        static CANVAS: std::cell::RefCell<IndexedCanvas> = std::cell::RefCell::new(IndexedCanvas::default());
    }
    CANVAS.with_borrow_mut(|canvas| {
        canvas.reset(size, [255, 255, 255]);
        {
            let root = canvas.backend().into_drawing_area();
            draw(&root)?;
            root.present()?;
        }
        if canvas.overflowed() {
            return Ok(false);
        }
        let file = std::io::BufWriter::new(std::fs::File::create(path)?);
        let mut encoder = png::Encoder::new(file, size.0, size.1);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_palette(canvas.palette_rgb());
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(canvas.pixels())?;
        writer.finish()?;
        Ok(true)
    })
}

/// Draws an SVG into memory, then writes it: plotters' own SVG file output writes even a
/// half-drawn chart (when it is dropped) and loses write errors.
fn write_svg(
    path: &Path,
    size: (u32, u32),
    draw: impl FnOnce(&Area<SVGBackend>) -> Result<()>,
) -> Result<()> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        draw(&root)?;
        root.present()?;
    }
    std::fs::write(path, svg).with_context(|| format!("cannot write {}", path.display()))
}

fn draw_company<DB: Canvas>(
    root: &Area<DB>,
    company: &str,
    tickers: &[String],
    window: Window,
    days: &[&DailyRow],
) -> Result<()> {
    register_fonts()?;
    let root = root.clone();
    root.fill(&WHITE)?;
    let l = &LAYOUT;
    let days: Vec<&DailyRow> = days
        .iter()
        .copied()
        .filter(|d| window.contains(d.date))
        .collect();
    let scale = DayScale::new(window, l.left, l.right);
    let y_of = |v: f64| -> i32 {
        let v = v.clamp(-1.0, 1.0);
        (l.top as f64 + (1.0 - v) / 2.0 * (l.bottom - l.top) as f64).round() as i32
    };

    // Title, subtitle, legend.
    let articles: u64 = days.iter().map(|d| d.articles).sum();
    let title = format!("{} ({})", shorten(company, 60), tickers.join(", "));
    text(&root, &title, (l.left, 24), 22.0, true, &INK, HPos::Left)?;
    let subtitle = format!(
        "Daily news sentiment, {} · {} article{} on {} of {} day{}",
        span_label(window),
        articles,
        if articles == 1 { "" } else { "s" },
        days.len(),
        days_in(window),
        if days_in(window) == 1 { "" } else { "s" },
    );
    text(
        &root,
        &subtitle,
        (l.left, 52),
        14.0,
        false,
        &MUTED,
        HPos::Left,
    )?;
    let entries = [
        (Key::Dots, "daily mean (dot size: articles)"),
        (Key::Range, "day's min–max"),
        (Key::Line, "7-day rolling mean"),
        (Key::Ring, "|z| ≥ 2 against 30 days"),
        (Key::Swatch(ZONE_BULLISH), "bullish zone"),
        (Key::Swatch(ZONE_BEARISH), "bearish zone"),
    ];
    legend_row(&root, &entries, (l.left, 84))?;

    // Sentiment panel: zones, grid, zero line.
    for (hi, lo, colour) in [
        (1.0, STRONG, ZONE_BULLISH),
        (STRONG, SOMEWHAT, ZONE_SOMEWHAT_BULLISH),
        (-SOMEWHAT, -STRONG, ZONE_SOMEWHAT_BEARISH),
        (-STRONG, -1.0, ZONE_BEARISH),
    ] {
        rect(
            &root,
            (l.left, y_of(hi)),
            (l.right, y_of(lo)),
            colour.mix(1.0),
        )?;
    }
    let ticks = date_ticks(window, ((l.right - l.left) / 80) as usize);
    for t in &ticks {
        let x = scale.x(t.date).round() as i32;
        vline(&root, x, l.top, l.bottom, &GRID)?;
        vline(&root, x, l.count_top, l.count_bottom, &GRID)?;
    }
    for v in [-1.0, -0.5, 0.5, 1.0] {
        hline(&root, l.left, l.right, y_of(v), &GRID)?;
    }
    for v in [-1.0, -0.5, 0.0, 0.5, 1.0] {
        text(
            &root,
            &signed(v, if v == 0.0 { 0 } else { 1 }, false),
            (l.left - 10, y_of(v)),
            13.0,
            false,
            &INK,
            HPos::Right,
        )?;
    }
    text_up(
        &root,
        "mean sentiment",
        (24, (l.top + l.bottom) / 2),
        14.0,
        &MUTED,
    )?;
    // Zone names in the right margin.
    for (hi, lo, name, colour) in [
        (1.0, STRONG, "bullish", ZONE_TEXT_BULLISH),
        (STRONG, SOMEWHAT, "somewhat\nbullish", ZONE_TEXT_BULLISH),
        (SOMEWHAT, -SOMEWHAT, "neutral", MUTED),
        (-SOMEWHAT, -STRONG, "somewhat\nbearish", ZONE_TEXT_BEARISH),
        (-STRONG, -1.0, "bearish", ZONE_TEXT_BEARISH),
    ] {
        let mid = (y_of(hi) + y_of(lo)) / 2;
        let lines: Vec<&str> = name.split('\n').collect();
        let n = lines.len() as i32;
        for (i, line) in lines.iter().enumerate() {
            let y = mid + (2 * i as i32 - (n - 1)) * 8;
            text(
                &root,
                line,
                (l.right + 12, y),
                12.0,
                false,
                &colour,
                HPos::Left,
            )?;
        }
    }

    if days.is_empty() {
        hline(&root, l.left, l.right, y_of(0.0), &AXIS)?;
        text(
            &root,
            "no news in this window",
            ((l.left + l.right) / 2, (l.top + l.bottom) / 2 - 40),
            16.0,
            false,
            &MUTED,
            HPos::Center,
        )?;
    }

    // The day's min–max: a light column as wide as the day (up to 24 px), so that
    // consecutive days join into a stepped band and a day without news leaves a hole.
    let narrow = ((scale.cell - 24.0) / 2.0).max(0.0).round() as i32;
    for d in &days {
        if d.max_sentiment > d.min_sentiment {
            let i = scale.index(d.date);
            rect(
                &root,
                (scale.edge(i) + narrow, y_of(d.max_sentiment)),
                (scale.edge(i + 1) - 1 - narrow, y_of(d.min_sentiment)),
                BAND.mix(0.18),
            )?;
        }
    }
    hline(&root, l.left, l.right, y_of(0.0), &AXIS)?;

    // 7-day rolling mean: one line per run of consecutive days with news, so the line never
    // bridges a day without news. A lone day is a short dash under its point, a longer run
    // a line over the points.
    let mut lines = Vec::new();
    for run in runs(&days) {
        let pts: Vec<(i32, i32)> = run
            .iter()
            .filter_map(|d| {
                d.rolling_7d
                    .map(|r| (scale.x(d.date).round() as i32, y_of(r)))
            })
            .collect();
        if let [(x, y)] = pts.as_slice() {
            let w = (scale.cell * 0.4).clamp(3.0, 10.0).round() as i32;
            smooth_line(&root, &[(x - w, *y), (x + w, *y)], &INK)?;
        } else {
            lines.push(pts);
        }
    }
    // Daily means.
    let sizes = DotSizes::new(&days, scale.cell);
    for d in &days {
        let p = (scale.x(d.date).round() as i32, y_of(d.mean_sentiment));
        dot(&root, p, sizes.radius(d.articles), &BLUE)?;
    }
    for pts in &lines {
        smooth_line(&root, pts, &INK)?;
    }

    // Unusual days: every one ringed; labels, most extreme first, where they cover neither
    // a point nor another label.
    let mut unusual: Vec<(&DailyRow, f64)> = days
        .iter()
        .filter_map(|d| d.zscore_30d.filter(|z| z.abs() >= 2.0).map(|z| (*d, z)))
        .collect();
    unusual.sort_by(|a, b| {
        b.1.abs()
            .total_cmp(&a.1.abs())
            .then(a.0.date.cmp(&b.0.date))
    });
    let mut taken: Vec<(i32, i32, i32, i32)> = days
        .iter()
        .map(|d| {
            let (x, y) = (scale.x(d.date).round() as i32, y_of(d.mean_sentiment));
            let r = sizes.radius(d.articles);
            (x - r, y - r, x + r, y + r)
        })
        .collect();
    let mut labelled = 0;
    for (d, z) in &unusual {
        let (x, y) = (scale.x(d.date).round() as i32, y_of(d.mean_sentiment));
        let r = sizes.radius(d.articles) + 4;
        ring(&root, (x, y), r)?;
        let label = format!("z = {}", signed(*z, 1, true));
        let w = text_width(&root, &label, 12.0, true)?;
        let lx = (x - w / 2).clamp(l.left + 4, l.right - w - 4);
        // Above the point for a high day, below for a low one; the other side, or further
        // out, when that spot is taken or outside the panel.
        let (first, second) = if *z > 0.0 { (-1, 1) } else { (1, -1) };
        let spot = [(first, 0), (second, 0), (first, 1), (second, 1)]
            .into_iter()
            .map(|(side, tier)| y + side * (r + 11 + tier * 18))
            .map(|ly| (lx - 3, ly - 8, lx + w + 3, ly + 8))
            .find(|b| {
                b.1 > l.top + 1
                    && b.3 < l.bottom - 1
                    && !taken
                        .iter()
                        .any(|p| b.0 < p.2 && p.0 < b.2 && b.1 < p.3 && p.1 < b.3)
            });
        if let Some(b) = spot.filter(|_| labelled < MAX_Z_LABELS) {
            labelled += 1;
            rect(&root, (b.0, b.1), (b.2, b.3), WHITE.mix(0.8))?;
            text(
                &root,
                &label,
                (lx, b.1 + 8),
                12.0,
                true,
                &DARK_PURPLE,
                HPos::Left,
            )?;
            taken.push(b);
        }
    }
    vline(&root, l.left, l.top, l.bottom, &AXIS)?;

    count_panel(&root, &scale, &days)?;
    draw_date_labels(&root, &ticks, &scale, l.count_bottom + 16)?;
    Ok(())
}

/// The day's articles, stacked bearish (bottom), neutral, bullish (top), with whole-number
/// ticks and its legend in the right margin.
fn count_panel<DB: Canvas>(root: &Area<DB>, scale: &DayScale, days: &[&DailyRow]) -> Result<()> {
    let l = &LAYOUT;
    let max = days.iter().map(|d| d.articles).max().unwrap_or(1).max(1);
    // At most 4 intervals, on a 1-2-5 step.
    let step = [
        1u64, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000,
    ]
    .into_iter()
    .find(|s| max.div_ceil(*s) <= 4)
    .unwrap_or_else(|| max.div_ceil(4));
    let top = max.div_ceil(step) * step;
    let y_of = |n: f64| -> i32 {
        (l.count_bottom as f64 - n / top as f64 * (l.count_bottom - l.count_top) as f64).round()
            as i32
    };
    let mut n = 0;
    while n <= top {
        if n > 0 {
            hline(root, l.left, l.right, y_of(n as f64), &GRID)?;
        }
        text(
            root,
            &n.to_string(),
            (l.left - 10, y_of(n as f64)),
            13.0,
            false,
            &INK,
            HPos::Right,
        )?;
        n += step;
    }
    text_up(
        root,
        "articles",
        (24, (l.count_top + l.count_bottom) / 2),
        14.0,
        &MUTED,
    )?;
    let half = (scale.cell * 0.36).clamp(0.5, 12.0);
    for d in days {
        let x = scale.x(d.date);
        let (x0, x1) = ((x - half).round() as i32, (x + half).round() as i32);
        let mut base = 0.0;
        for (count, colour) in [
            (d.bearish, VERMILLION),
            (d.neutral, NEUTRAL_BAR),
            (d.bullish, BLUE),
        ] {
            if count == 0 {
                continue;
            }
            let next = base + count as f64;
            rect(root, (x0, y_of(next)), (x1, y_of(base)), colour.mix(1.0))?;
            base = next;
        }
    }
    hline(root, l.left, l.right, l.count_bottom, &AXIS)?;
    vline(root, l.left, l.count_top, l.count_bottom, &AXIS)?;
    for (i, (colour, name)) in [
        (BLUE, "bullish"),
        (NEUTRAL_BAR, "neutral"),
        (VERMILLION, "bearish"),
    ]
    .into_iter()
    .enumerate()
    {
        let y = l.count_top + 10 + 22 * i as i32;
        draw_key(root, Key::Swatch(colour), (l.right + 6, y))?;
        text(root, name, (l.right + 38, y), 12.0, false, &INK, HPos::Left)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::SummaryRow;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn w(from: &str, to: &str) -> Window {
        Window {
            from: d(from),
            to: d(to),
        }
    }

    /// A deterministic report of `n` companies (the first five with real names, one with
    /// characters XML escapes), news on about 70 % of the days.
    fn fixture(n: usize, window: Window) -> (Vec<SummaryRow>, Vec<DailyRow>) {
        let names = [
            ("Alphabet Inc.", "GOOGL"),
            ("Apple Inc.", "AAPL"),
            ("Nvidia", "NVDA"),
            ("Meta Platforms", "META"),
            ("Amazon.com, Inc. & <Friends>", "AMZN"),
        ];
        let mut seed = 42u64;
        let mut rnd = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as f64 / (1u64 << 31) as f64
        };
        let (mut summary, mut daily) = (Vec::new(), Vec::new());
        for c in 0..n {
            let (company, symbol) = match names.get(c) {
                Some((company, symbol)) => (company.to_string(), symbol.to_string()),
                None => (format!("Company {c}"), format!("C{c}")),
            };
            let bias = rnd() * 0.8 - 0.4;
            let mut rows: Vec<DailyRow> = Vec::new();
            for date in window.from.iter_days().take(days_in(window) as usize) {
                if rnd() < 0.3 {
                    continue;
                }
                let articles = 1 + (rnd() * rnd() * 12.0) as u64;
                let mean = (bias + rnd() * 0.8 - 0.4).clamp(-1.0, 1.0);
                let spread = if articles > 1 { rnd() * 0.5 } else { 0.0 };
                let bullish = (articles as f64 * rnd()) as u64;
                let bearish = ((articles - bullish) as f64 * rnd()) as u64;
                let z = rnd() * 5.0 - 2.5;
                rows.push(DailyRow {
                    date,
                    company: company.clone(),
                    symbol: symbol.clone(),
                    tickers: vec![symbol.clone()],
                    articles,
                    mean_sentiment: mean,
                    weighted_sentiment: Some(mean),
                    min_sentiment: (mean - spread).max(-1.0),
                    max_sentiment: (mean + spread / 2.0).min(1.0),
                    bullish,
                    bearish,
                    neutral: articles - bullish - bearish,
                    rolling_7d: Some((mean + bias) / 2.0),
                    zscore_30d: (rows.len() > 5).then_some(z),
                });
            }
            let mean =
                rows.iter().map(|r| r.mean_sentiment).sum::<f64>() / rows.len().max(1) as f64;
            summary.push(SummaryRow {
                company,
                symbol: symbol.clone(),
                tickers: vec![symbol],
                articles: rows.iter().map(|r| r.articles).sum(),
                mean_sentiment: mean,
                weighted_sentiment: Some(mean),
                last_date: window.to,
                last_sentiment: mean,
                rolling_7d: None,
                change_7d: None,
                label: "Neutral",
            });
            daily.extend(rows);
        }
        (summary, daily)
    }

    /// Draws every chart of `fixture(n, window)` in both formats into `dir`, as
    /// `<tag>-company.png`, `<tag>-overview.svg`, …; the company chart is the first company's.
    fn write_all(dir: &Path, tag: &str, n: usize, window: Window) {
        let (summary, daily) = fixture(n, window);
        let first = &summary[0];
        let days: Vec<&DailyRow> = daily
            .iter()
            .filter(|d| d.company == first.company)
            .collect();
        let file = |name: &str| dir.join(format!("{tag}-{name}"));
        let (company, tickers) = (&first.company, &first.tickers);
        company_chart(&file("company.png"), company, tickers, window, &days).unwrap();
        company_chart_svg(&file("company.svg"), company, tickers, window, &days).unwrap();
        overview_chart(&file("overview.png"), window, &summary).unwrap();
        overview_chart_svg(&file("overview.svg"), window, &summary).unwrap();
        heatmap_chart(&file("heatmap.png"), window, &summary, &daily).unwrap();
        heatmap_chart_svg(&file("heatmap.svg"), window, &summary, &daily).unwrap();
    }

    /// Checks that `xml` is well-formed as far as plotters' SVG can go wrong: one `<svg>`
    /// element holds everything, the tags nest, attribute values are quoted, `&` only starts
    /// an entity, text only inside `<text>`. Returns the text of every `<text>`, unescaped.
    fn svg_texts(xml: &str) -> Vec<String> {
        assert!(xml.starts_with("<svg "), "{}", &xml[..xml.len().min(80)]);
        let entities = [
            ("&amp;", "&"),
            ("&lt;", "<"),
            ("&gt;", ">"),
            ("&quot;", "\""),
            ("&apos;", "'"),
        ];
        let escaped = |s: &str| {
            s.match_indices('&')
                .all(|(i, _)| entities.iter().any(|(e, _)| s[i..].starts_with(e)))
        };
        let (mut open, mut texts, mut content) = (Vec::new(), Vec::new(), "");
        let mut pieces = xml.split('<');
        assert_eq!(pieces.next(), Some(""));
        for (i, piece) in pieces.enumerate() {
            let (tag, after) = piece.split_once('>').expect("an unclosed tag");
            assert!(escaped(tag) && escaped(after), "a raw & in {piece:?}");
            assert!(tag.matches('"').count() % 2 == 0, "unquoted: {tag:?}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(open.pop(), Some(name), "</{name}> closes nothing");
                if name == "text" {
                    let text = entities
                        .iter()
                        .fold(content.trim().to_string(), |t, (e, c)| t.replace(e, c));
                    texts.push(text);
                }
            } else {
                let name = tag.split_whitespace().next().unwrap_or_default();
                assert!(i == 0 || !open.is_empty(), "<{name}> after </svg>");
                assert!(i > 0 || name == "svg");
                if !tag.ends_with('/') {
                    open.push(name);
                }
                content = after;
            }
            if open.last() != Some(&"text") {
                assert!(after.trim().is_empty(), "stray text {after:?}");
            }
        }
        assert!(open.is_empty(), "unclosed: {open:?}");
        texts
    }

    #[test]
    fn the_svg_check_catches_what_it_checks() {
        let good = "<svg a=\"1\">\n<text x=\"1\">\nA &amp; B\n</text>\n<rect/>\n</svg>\n";
        assert_eq!(svg_texts(good), ["A & B"]);
        for bad in [
            "<svg a=\"1\">\n<text>A & B</text>\n</svg>",
            "<svg a=\"1\">\n<text>A</svg>",
            "<svg a=\"1\">\n<rect x=\"1/>\n</svg>",
            "<svg a=\"1\">\nstray\n</svg>",
            "<svg a=\"1\">\n</svg>\n<rect/>",
            "<g>\n</g>",
        ] {
            let caught = std::panic::catch_unwind(|| svg_texts(bad)).is_err();
            assert!(caught, "{bad:?}");
        }
    }

    #[test]
    fn svg_charts_are_well_formed_and_keep_their_text() {
        let dir = tempfile::tempdir().unwrap();
        write_all(dir.path(), "t", 6, w("2026-08-23", "2026-11-20"));
        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();

        let company = read("t-company.svg");
        assert!(company.starts_with(r#"<svg width="1280" height="720" "#));
        let texts = svg_texts(&company);
        assert_eq!(texts[0], "Alphabet Inc. (GOOGL)");
        for t in [
            "mean sentiment",
            "articles",
            "Aug 24",
            "\u{2212}0.5",
            "bearish",
        ] {
            assert!(texts.iter().any(|x| x == t), "{t} missing: {texts:?}");
        }
        // The text asks for the embedded font first, at the bitmap's size (22 px → 18.9).
        assert!(company.contains(r#"font-family="DejaVu Sans, sans-serif" font-size="18.9""#));
        assert!(!company.contains("font-family=\"sans-serif\""));

        for name in ["t-overview.svg", "t-heatmap.svg"] {
            let texts = svg_texts(&read(name));
            for company in [
                "Alphabet Inc. (GOOGL)",
                "Amazon.com, Inc. & <Friends> (AMZN)",
                "Company 5 (C5)",
            ] {
                assert!(texts.iter().any(|t| t == company), "{name}: {company}");
            }
        }
    }

    /// Charts share a canvas and a glyph cache per thread: neither may carry anything from
    /// one chart into the next.
    #[test]
    fn a_chart_is_the_same_whatever_was_drawn_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let window = w("2025-03-01", "2025-05-29");
        let (summary, daily) = fixture(6, window);
        let draw = |i: usize, name: &str| -> Vec<u8> {
            let row = &summary[i];
            let days: Vec<&DailyRow> = daily.iter().filter(|d| d.company == row.company).collect();
            let path = dir.path().join(name);
            company_chart(&path, &row.company, &row.tickers, window, &days).unwrap();
            std::fs::read(path).unwrap()
        };
        // On a fresh thread: an empty canvas and cache.
        let first = std::thread::scope(|s| s.spawn(|| draw(0, "fresh.png")).join().unwrap());
        let others: Vec<Vec<u8>> = (1..6).map(|i| draw(i, &format!("{i}.png"))).collect();
        overview_chart(&dir.path().join("overview.png"), window, &summary).unwrap();
        assert_eq!(draw(0, "again.png"), first);
        assert!(others.iter().all(|o| *o != first));
    }

    /// A drawing that needs more than 256 opaque colours is not written as a palette PNG
    /// (the company chart is then drawn in RGB); one that fits is, and decodes to its colours.
    #[test]
    fn palette_pngs_only_when_the_colours_fit() {
        let dir = tempfile::tempdir().unwrap();
        let stripes = |n: u32| {
            move |root: &Area<IndexedBackend>| -> Result<()> {
                for x in 0..n {
                    let c = RGBColor((x % 256) as u8, (x / 256) as u8, 7);
                    root.draw(&Rectangle::new(
                        [(x as i32, 0), (x as i32 + 1, 4)],
                        c.filled(),
                    ))?;
                }
                Ok(())
            }
        };
        let too_many = dir.path().join("too-many.png");
        assert!(!write_indexed_png(&too_many, (300, 4), stripes(300)).unwrap());
        assert!(!too_many.exists());
        let fits = dir.path().join("fits.png");
        assert!(write_indexed_png(&fits, (300, 4), stripes(250)).unwrap());
        let file = std::fs::File::open(&fits).unwrap();
        let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let mut rgb = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut rgb).unwrap();
        assert_eq!(&rgb[3 * 249..3 * 250], &[249, 0, 7]);
        assert_eq!(&rgb[3 * 299..3 * 300], &[255, 255, 255]);
    }

    #[test]
    fn svg_and_png_charts_have_the_same_size() {
        let dir = tempfile::tempdir().unwrap();
        write_all(dir.path(), "t", 30, w("2026-10-01", "2026-10-20"));
        for chart in ["company", "overview", "heatmap"] {
            let png = std::fs::read(dir.path().join(format!("t-{chart}.png"))).unwrap();
            let svg = std::fs::read_to_string(dir.path().join(format!("t-{chart}.svg"))).unwrap();
            // The PNG's IHDR: width and height, big-endian, from byte 16.
            let size = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
            let (width, height) = (size(16), size(20));
            let head = format!(r#"<svg width="{width}" height="{height}" "#);
            assert!(svg.starts_with(&head), "{chart}: {head} vs {}", &svg[..40]);
        }
    }

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

    fn labels(ticks: &[Tick]) -> Vec<String> {
        ticks.iter().map(|t| t.label.clone()).collect()
    }

    #[test]
    fn ninety_days_are_labelled_on_mondays() {
        let ticks = date_ticks(w("2026-08-23", "2026-11-20"), 13);
        assert_eq!(ticks.len(), 13);
        assert!(ticks.iter().all(|t| t.date.weekday() == Weekday::Mon));
        assert_eq!(ticks[0].label, "Aug 24");
        assert_eq!(ticks[0].year.as_deref(), Some("2026"));
        assert!(ticks[1..].iter().all(|t| t.year.is_none()));
    }

    #[test]
    fn tick_steps_grow_with_the_window() {
        assert_eq!(
            labels(&date_ticks(w("2026-01-01", "2026-01-05"), 12)),
            ["Jan 1", "Jan 2", "Jan 3", "Jan 4", "Jan 5"]
        );
        let half_year = date_ticks(w("2026-01-01", "2026-06-30"), 12);
        assert_eq!(
            labels(&half_year),
            [
                "Jan 1", "Jan 15", "Feb 1", "Feb 15", "Mar 1", "Mar 15", "Apr 1", "Apr 15",
                "May 1", "May 15", "Jun 1", "Jun 15"
            ]
        );
        let years = date_ticks(w("2025-11-01", "2027-02-01"), 12);
        assert_eq!(
            labels(&years),
            ["Nov", "Jan", "Mar", "May", "Jul", "Sep", "Nov", "Jan"]
        );
        assert_eq!(years[0].year.as_deref(), Some("2025"));
        assert_eq!(years[1].year.as_deref(), Some("2026"));
        assert_eq!(years[2].year, None);
        assert_eq!(years[7].year.as_deref(), Some("2027"));
        let decades = date_ticks(w("2000-01-01", "2030-01-01"), 12);
        assert_eq!(decades[0].label, "2000");
        assert!(decades.len() <= 12);
    }

    #[test]
    fn edge_cases_render() {
        let dir = tempfile::tempdir().unwrap();
        let one_day = w("2026-03-01", "2026-03-01");
        company_chart(&dir.path().join("a.png"), "Empty", &[], one_day, &[]).unwrap();
        overview_chart(&dir.path().join("b.png"), one_day, &[]).unwrap();
        heatmap_chart(&dir.path().join("c.png"), one_day, &[], &[]).unwrap();
        let long = w("2000-01-01", "2026-12-31");
        heatmap_chart(&dir.path().join("d.png"), long, &[], &[]).unwrap();
        company_chart(&dir.path().join("e.png"), "Long", &[], long, &[]).unwrap();
        company_chart_svg(&dir.path().join("a.svg"), "Empty", &[], one_day, &[]).unwrap();
        overview_chart_svg(&dir.path().join("b.svg"), one_day, &[]).unwrap();
        heatmap_chart_svg(&dir.path().join("c.svg"), one_day, &[], &[]).unwrap();
        heatmap_chart_svg(&dir.path().join("d.svg"), long, &[], &[]).unwrap();
        company_chart_svg(&dir.path().join("e.svg"), "Long", &[], long, &[]).unwrap();
        for f in ["a", "b", "c", "d", "e"] {
            let svg = std::fs::read_to_string(dir.path().join(format!("{f}.svg"))).unwrap();
            svg_texts(&svg);
        }
    }

    #[test]
    fn numbers_use_a_real_minus_and_no_negative_zero() {
        assert_eq!(signed(-0.5, 1, false), "\u{2212}0.5");
        assert_eq!(signed(-0.001, 2, true), "0.00");
        assert_eq!(signed(2.26, 1, true), "+2.3");
        assert_eq!(signed(0.0, 0, false), "0");
    }

    #[test]
    fn dot_sizes_grow_with_articles_and_fit_the_column() {
        let row = |articles| DailyRow {
            date: d("2026-01-01"),
            company: "X".into(),
            symbol: "X".into(),
            tickers: vec!["X".into()],
            articles,
            mean_sentiment: 0.0,
            weighted_sentiment: None,
            min_sentiment: 0.0,
            max_sentiment: 0.0,
            bullish: 0,
            bearish: 0,
            neutral: articles,
            rolling_7d: None,
            zscore_30d: None,
        };
        // A quiet company: 1 article is small, 5 or more the largest that fits 12 px days.
        let quiet = [row(1), row(2)];
        let sizes = DotSizes::new(&quiet.iter().collect::<Vec<_>>(), 12.0);
        assert_eq!(
            (sizes.radius(1), sizes.radius(2), sizes.radius(5)),
            (5, 6, 7)
        );
        // A busy one: relative to its busiest day; never wider than the column allows.
        let busy = [row(10), row(200)];
        let sizes = DotSizes::new(&busy.iter().collect::<Vec<_>>(), 40.0);
        assert_eq!((sizes.radius(10), sizes.radius(200)), (4, 9));
        let sizes = DotSizes::new(&busy.iter().collect::<Vec<_>>(), 3.0);
        assert_eq!(sizes.radius(200), 4);
    }
}
