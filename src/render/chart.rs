//! PNG charts with plotters: one per company, the overview ranking (`overview`) and the
//! companies × days heatmap (`heatmap`).
//!
//! Text is drawn with DejaVu Sans compiled into the binary (plotters' `ab_glyph` backend), so
//! charts render the same on a machine without any system font. Everything is laid out in
//! pixels by hand (no plotters mesh): the axes, ticks and legends are ours, which keeps the
//! typography and the spacing under control and the drawing cheap (a company chart is drawn
//! thousands of times per report).

mod heatmap;
mod overview;

pub use heatmap::{heatmap_chart, HEATMAP_MAX_ROWS};
pub use overview::{overview_chart, OVERVIEW_MAX_ROWS};

use std::path::Path;
use std::sync::Once;

use anyhow::{anyhow, Result};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::register_font;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::aggregate::{DailyRow, Window};

/// Size of a company chart (the contract asks at least 1200×700).
pub const CHART_SIZE: (u32, u32) = (1280, 720);

const FONT: &str = "sans-serif";
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

type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

fn register_fonts() -> Result<()> {
    static ONCE: Once = Once::new();
    let mut result = Ok(());
    ONCE.call_once(|| {
        let ok = register_font(FONT, FontStyle::Normal, REGULAR).is_ok()
            && register_font(FONT, FontStyle::Bold, BOLD).is_ok();
        if !ok {
            result = Err(anyhow!("the embedded font could not be loaded"));
        }
    });
    result
}

// ---------------------------------------------------------------------------------------
// Text

fn font(size: f64, bold: bool) -> FontDesc<'static> {
    // `FontDesc::style` keeps the regular face's glyphs: the style must be given up front.
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    FontDesc::new(FONT.into(), size, style)
}

/// Draws `s` with its visual middle (of the capitals) at `y`, anchored at `x` by `h`.
fn text(
    area: &Area,
    s: &str,
    (x, y): (i32, i32),
    size: f64,
    bold: bool,
    colour: &RGBColor,
    h: HPos,
) -> Result<()> {
    // plotters centres on a layout box of size/1.24 from the top of the ascent, which sits
    // about 0.08·size below the middle of DejaVu's capitals.
    let style = font(size, bold)
        .color(colour)
        .pos(Pos::new(h, VPos::Center));
    area.draw_text(s, &style, (x, y - (size * 0.08).round() as i32))?;
    Ok(())
}

/// Text turned a quarter anticlockwise (reading upwards), centred on `(x, y)`.
fn text_up(area: &Area, s: &str, (x, y): (i32, i32), size: f64, colour: &RGBColor) -> Result<()> {
    let style = font(size, false)
        .transform(FontTransform::Rotate270)
        .color(colour)
        .pos(Pos::new(HPos::Center, VPos::Center));
    area.draw_text(s, &style, (x - (size * 0.08).round() as i32, y))?;
    Ok(())
}

fn text_width(area: &Area, s: &str, size: f64, bold: bool) -> Result<i32> {
    Ok(area
        .estimate_text_size(s, &TextStyle::from(font(size, bold)))?
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
fn draw_date_labels(area: &Area, ticks: &[Tick], scale: &DayScale, y: i32) -> Result<()> {
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

fn rect(area: &Area, (x0, y0): (i32, i32), (x1, y1): (i32, i32), colour: RGBAColor) -> Result<()> {
    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], colour.filled()))?;
    Ok(())
}

fn hline(area: &Area, x0: i32, x1: i32, y: i32, colour: &RGBColor) -> Result<()> {
    area.draw(&PathElement::new(
        vec![(x0, y), (x1, y)],
        colour.stroke_width(1),
    ))?;
    Ok(())
}

fn vline(area: &Area, x: i32, y0: i32, y1: i32, colour: &RGBColor) -> Result<()> {
    area.draw(&PathElement::new(
        vec![(x, y0), (x, y1)],
        colour.stroke_width(1),
    ))?;
    Ok(())
}

/// A 3 px polyline with a white halo, its edges smoothed by anti-aliased 1 px lines.
fn smooth_line(area: &Area, points: &[(i32, i32)], colour: &RGBColor) -> Result<()> {
    if points.len() < 2 {
        return Ok(());
    }
    // A thin white halo keeps the line readable over points and bands.
    area.draw(&PathElement::new(
        points.to_vec(),
        WHITE.mix(0.85).stroke_width(5),
    ))?;
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
fn dot(area: &Area, (x, y): (i32, i32), r: i32, colour: &RGBColor) -> Result<()> {
    area.draw(&Circle::new((x, y), r + 1, WHITE.filled()))?;
    area.draw(&Circle::new((x, y), r, colour.filled()))?;
    Ok(())
}

fn ring(area: &Area, (x, y): (i32, i32), r: i32) -> Result<()> {
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

fn draw_key(area: &Area, key: Key, (x, y): (i32, i32)) -> Result<()> {
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
fn legend_row(area: &Area, entries: &[(Key, &str)], (x, y): (i32, i32)) -> Result<i32> {
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
    write_png(path, CHART_SIZE, |root| {
        draw_company(root, company, tickers, window, days)
    })
}

/// Draws into memory, then writes a PNG with fast compression: a report draws a chart per
/// company (3 000 of them at scale), and plotters' own encoder, trying every filter on every
/// row, took three quarters of each chart's time (6 ms of 8); files grow by about half.
fn write_png(
    path: &Path,
    (width, height): (u32, u32),
    draw: impl FnOnce(&Area) -> Result<()>,
) -> Result<()> {
    let mut pixels = vec![0u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area();
        draw(&root)?;
        root.present()?;
    }
    let file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut encoder = png::Encoder::new(file, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(())
}

fn draw_company(
    root: &Area,
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
fn count_panel(root: &Area, scale: &DayScale, days: &[&DailyRow]) -> Result<()> {
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

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn w(from: &str, to: &str) -> Window {
        Window {
            from: d(from),
            to: d(to),
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
