//! A company's chart: the daily mean as points sized by article count over the day's
//! min–max range, the 7-day rolling mean (broken where days have no news), the sentiment
//! zones as background, days with |z| ≥ 2 ringed and labelled; below, the day's articles
//! split into bullish, neutral and bearish.

use anyhow::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::parts::colour::{
    AXIS, BAND, BLUE, DARK_PURPLE, GRID, INK, MUTED, NEUTRAL_BAR, VERMILLION, ZONE_BEARISH,
    ZONE_BULLISH,
};
use super::parts::{
    date_ticks, days_in, dot, draw_date_labels, draw_key, hline, legend_row, rect, ring, shorten,
    signed, smooth_line, span_label, text, text_up, text_width, vline, zones, Area, Canvas,
    DayScale, DotSizes, Key, Tick,
};
use super::Chart;
use crate::aggregate::{DailyRow, Window};

/// Size of a company chart (the contract asks at least 1200×700).
pub const CHART_SIZE: (u32, u32) = (1280, 720);

/// At most this many days are labelled with their z-score (the most extreme); every
/// |z| ≥ 2 day is ringed.
const MAX_Z_LABELS: usize = 12;

/// Pixel layout of the company chart: the sentiment panel (`top`…`bottom`) above the
/// article counts (`count_top`…`count_bottom`), both between `left` and `right`.
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

/// The y of a sentiment in the sentiment panel (clamped to −1 … 1).
fn sentiment_y(v: f64) -> i32 {
    let l = &LAYOUT;
    let v = v.clamp(-1.0, 1.0);
    (l.top as f64 + (1.0 - v) / 2.0 * (l.bottom - l.top) as f64).round() as i32
}

/// The chart of one company over a window.
pub struct CompanyChart<'a> {
    company: &'a str,
    tickers: &'a [String],
    window: Window,
    /// The company's days with news in the window, in date order.
    days: Vec<&'a DailyRow>,
    scale: DayScale,
}

impl<'a> CompanyChart<'a> {
    /// `days` are the company's rows (those outside `window` are left out).
    pub fn new(
        company: &'a str,
        tickers: &'a [String],
        window: Window,
        days: &[&'a DailyRow],
    ) -> Self {
        CompanyChart {
            company,
            tickers,
            window,
            days: days
                .iter()
                .copied()
                .filter(|d| window.contains(d.date))
                .collect(),
            scale: DayScale::new(window, LAYOUT.left, LAYOUT.right),
        }
    }

    /// The centre of a day's point.
    fn point(&self, d: &DailyRow) -> (i32, i32) {
        (
            self.scale.x(d.date).round() as i32,
            sentiment_y(d.mean_sentiment),
        )
    }

    /// Title, subtitle and the legend row.
    fn header<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let l = &LAYOUT;
        let days = days_in(self.window);
        let articles: u64 = self.days.iter().map(|d| d.articles).sum();
        let title = format!(
            "{} ({})",
            shorten(self.company, 60),
            self.tickers.join(", ")
        );
        text(root, &title, (l.left, 24), 22.0, true, &INK, HPos::Left)?;
        let subtitle = format!(
            "Daily news sentiment, {} · {} article{} on {} of {} day{}",
            span_label(self.window),
            articles,
            if articles == 1 { "" } else { "s" },
            self.days.len(),
            days,
            if days == 1 { "" } else { "s" },
        );
        text(
            root,
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
        legend_row(root, &entries, (l.left, 84))?;
        Ok(())
    }

    /// The sentiment panel's background: zones, grid (of both panels, at the date ticks),
    /// value labels, the axis title, and the zones' names in the right margin.
    fn sentiment_background<DB: Canvas>(&self, root: &Area<DB>, ticks: &[Tick]) -> Result<()> {
        let l = &LAYOUT;
        let zones = zones(1.0);
        for zone in &zones {
            if let Some(fill) = zone.fill {
                let (top, bottom) = (sentiment_y(zone.upper), sentiment_y(zone.lower));
                rect(root, (l.left, top), (l.right, bottom), fill.mix(1.0))?;
            }
        }
        for t in ticks {
            let x = self.scale.x(t.date).round() as i32;
            vline(root, x, l.top, l.bottom, &GRID)?;
            vline(root, x, l.count_top, l.count_bottom, &GRID)?;
        }
        for v in [-1.0, -0.5, 0.5, 1.0] {
            hline(root, l.left, l.right, sentiment_y(v), &GRID)?;
        }
        for v in [-1.0, -0.5, 0.0, 0.5, 1.0] {
            let label = signed(v, if v == 0.0 { 0 } else { 1 }, false);
            let at = (l.left - 10, sentiment_y(v));
            text(root, &label, at, 13.0, false, &INK, HPos::Right)?;
        }
        let middle = (l.top + l.bottom) / 2;
        text_up(root, "mean sentiment", (24, middle), 14.0, &MUTED)?;
        for zone in &zones {
            let mid = (sentiment_y(zone.upper) + sentiment_y(zone.lower)) / 2;
            let lines: Vec<&str> = zone.name.split(' ').collect();
            let n = lines.len() as i32;
            for (i, line) in lines.iter().enumerate() {
                let y = mid + (2 * i as i32 - (n - 1)) * 8;
                text(
                    root,
                    line,
                    (l.right + 12, y),
                    12.0,
                    false,
                    &zone.ink,
                    HPos::Left,
                )?;
            }
        }
        Ok(())
    }

    /// What an empty window shows: the zero line and a note.
    fn no_news<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let l = &LAYOUT;
        hline(root, l.left, l.right, sentiment_y(0.0), &AXIS)?;
        let centre = ((l.left + l.right) / 2, (l.top + l.bottom) / 2 - 40);
        let note = "no news in this window";
        text(root, note, centre, 16.0, false, &MUTED, HPos::Center)?;
        Ok(())
    }

    /// The day's min–max: a light column as wide as the day (up to 24 px), so that
    /// consecutive days join into a stepped band and a day without news leaves a hole.
    fn ranges<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let scale = &self.scale;
        let narrow = ((scale.cell - 24.0) / 2.0).max(0.0).round() as i32;
        for d in &self.days {
            if d.max_sentiment > d.min_sentiment {
                let i = scale.index(d.date);
                rect(
                    root,
                    (scale.edge(i) + narrow, sentiment_y(d.max_sentiment)),
                    (scale.edge(i + 1) - 1 - narrow, sentiment_y(d.min_sentiment)),
                    BAND.mix(0.18),
                )?;
            }
        }
        Ok(())
    }

    /// The daily means as dots, and the 7-day rolling mean: one line per run of
    /// consecutive days with news, so the line never bridges a day without news. A lone
    /// day is a short dash under its point, a longer run a line over the points.
    fn means_and_rolling_line<DB: Canvas>(&self, root: &Area<DB>, sizes: &DotSizes) -> Result<()> {
        let mut lines = Vec::new();
        for run in runs(&self.days) {
            let points: Vec<(i32, i32)> = run
                .iter()
                .filter_map(|d| {
                    d.rolling_7d
                        .map(|r| (self.scale.x(d.date).round() as i32, sentiment_y(r)))
                })
                .collect();
            if let [(x, y)] = points.as_slice() {
                let w = (self.scale.cell * 0.4).clamp(3.0, 10.0).round() as i32;
                smooth_line(root, &[(x - w, *y), (x + w, *y)], &INK)?;
            } else {
                lines.push(points);
            }
        }
        for d in &self.days {
            dot(root, self.point(d), sizes.radius(d.articles), &BLUE)?;
        }
        for points in &lines {
            smooth_line(root, points, &INK)?;
        }
        Ok(())
    }

    /// Unusual days: every one ringed; labels, most extreme first, where they cover
    /// neither a point nor another label.
    fn unusual_days<DB: Canvas>(&self, root: &Area<DB>, sizes: &DotSizes) -> Result<()> {
        let l = &LAYOUT;
        let mut unusual: Vec<(&DailyRow, f64)> = self
            .days
            .iter()
            .filter_map(|d| d.zscore_30d.filter(|z| z.abs() >= 2.0).map(|z| (*d, z)))
            .collect();
        unusual.sort_by(|a, b| {
            b.1.abs()
                .total_cmp(&a.1.abs())
                .then(a.0.date.cmp(&b.0.date))
        });
        // Boxes (x0, y0, x1, y1) a label must not cover: the points, then the labels.
        let mut taken: Vec<(i32, i32, i32, i32)> = self
            .days
            .iter()
            .map(|d| {
                let (x, y) = self.point(d);
                let r = sizes.radius(d.articles);
                (x - r, y - r, x + r, y + r)
            })
            .collect();
        let mut labelled = 0;
        for (d, z) in &unusual {
            let (x, y) = self.point(d);
            let r = sizes.radius(d.articles) + 4;
            ring(root, (x, y), r)?;
            let label = format!("z = {}", signed(*z, 1, true));
            let w = text_width(root, &label, 12.0, true)?;
            let lx = (x - w / 2).clamp(l.left + 4, l.right - w - 4);
            // Above the point for a high day, below for a low one; the other side, or
            // further out, when that spot is taken or outside the panel.
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
                rect(root, (b.0, b.1), (b.2, b.3), WHITE.mix(0.8))?;
                let at = (lx, b.1 + 8);
                text(root, &label, at, 12.0, true, &DARK_PURPLE, HPos::Left)?;
                taken.push(b);
            }
        }
        Ok(())
    }

    /// The day's articles, stacked bearish (bottom), neutral, bullish (top), with
    /// whole-number ticks and its legend in the right margin.
    fn count_panel<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let l = &LAYOUT;
        let max = self
            .days
            .iter()
            .map(|d| d.articles)
            .max()
            .unwrap_or(1)
            .max(1);
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
            let at = (l.left - 10, y_of(n as f64));
            text(root, &n.to_string(), at, 13.0, false, &INK, HPos::Right)?;
            n += step;
        }
        let middle = (l.count_top + l.count_bottom) / 2;
        text_up(root, "articles", (24, middle), 14.0, &MUTED)?;
        let half = (self.scale.cell * 0.36).clamp(0.5, 12.0);
        for d in &self.days {
            let x = self.scale.x(d.date);
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
}

impl Chart for CompanyChart<'_> {
    const PALETTE: bool = true;

    fn size(&self) -> (u32, u32) {
        CHART_SIZE
    }

    /// The steps paint over each other in this order: background, ranges, the zero line,
    /// points and lines, rings and labels, then the axes.
    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let l = &LAYOUT;
        root.fill(&WHITE)?;
        self.header(root)?;
        let ticks = date_ticks(self.window, ((l.right - l.left) / 80) as usize);
        self.sentiment_background(root, &ticks)?;
        if self.days.is_empty() {
            self.no_news(root)?;
        }
        self.ranges(root)?;
        hline(root, l.left, l.right, sentiment_y(0.0), &AXIS)?;
        let sizes = DotSizes::new(&self.days, self.scale.cell);
        self.means_and_rolling_line(root, &sizes)?;
        self.unusual_days(root, &sizes)?;
        vline(root, l.left, l.top, l.bottom, &AXIS)?;
        self.count_panel(root)?;
        draw_date_labels(root, &ticks, &self.scale, l.count_bottom + 16)?;
        Ok(())
    }
}

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
