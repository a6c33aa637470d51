//! Companies compared on one axis (`tickertone chart A B …`): each company's 7-day rolling
//! mean as a line in its own colour (Okabe–Ito, distinguishable with every common
//! colour-vision deficiency), through every day whose week holds its news and broken after
//! a week without (`render::rolling`), its daily means as faint dots behind, over the
//! sentiment zones; a legend names the companies.

use anyhow::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::parts::colour::{AXIS, GRID, INK, MUTED, SERIES};
use super::parts::{
    date_ticks, draw_date_labels, draw_key, hline, name_zone, rect, shorten, signed, smooth_line,
    span_label, text, text_up, text_width, vline, zones, Area, Canvas, DayScale, Key,
};
use super::{Chart, CHART_SIZE};
use crate::aggregate::{DailyRow, Window};
use crate::render::rolling::{self, NewsDay};

/// At most this many companies on one chart: one colour each.
pub const MAX_COMPARED: usize = SERIES.len();

const LEFT: i32 = 84;
const RIGHT: i32 = CHART_SIZE.0 as i32 - 120;
const BOTTOM: i32 = CHART_SIZE.1 as i32 - 70;
/// The first legend row; the panel starts below the last.
const LEGEND_Y: i32 = 84;
const LEGEND_ROW: i32 = 24;

/// One company on the chart.
pub struct Series<'a> {
    /// "Company (TICKER, …)".
    pub name: String,
    /// Its days with news, in date order (those outside the window are left out).
    pub days: Vec<&'a DailyRow>,
}

/// The compared companies, in the order given.
pub struct Compare<'a> {
    window: Window,
    series: Vec<Series<'a>>,
    /// Each series' rolling line, as runs of points.
    lines: Vec<Vec<rolling::Run>>,
    scale: DayScale,
    /// The sentiment scale's end: ±`extent`.
    extent: f64,
}

impl<'a> Compare<'a> {
    /// `series` beyond [`MAX_COMPARED`] are left out (the command refuses them first).
    pub fn new(window: Window, mut series: Vec<Series<'a>>) -> Self {
        series.truncate(MAX_COMPARED);
        for s in &mut series {
            s.days.retain(|d| window.contains(d.date));
        }
        // Symmetric around 0, from ±0.5 to ±1 in quarters: room for the most extreme mean.
        let most = series
            .iter()
            .flat_map(|s| &s.days)
            .map(|d| {
                d.mean_sentiment
                    .abs()
                    .max(d.rolling_7d.unwrap_or(0.0).abs())
            })
            .fold(0.0f64, f64::max);
        let extent = ((most * 1.1 / 0.25).ceil() * 0.25).clamp(0.5, 1.0);
        let lines = series
            .iter()
            .map(|s| {
                let news: Vec<NewsDay> = s.days.iter().map(|d| NewsDay::of_company(d)).collect();
                rolling::runs(window, &news)
            })
            .collect();
        Compare {
            window,
            series,
            lines,
            scale: DayScale::new(window, LEFT, RIGHT),
            extent,
        }
    }

    fn y(&self, top: i32, v: f64) -> i32 {
        let v = v.clamp(-self.extent, self.extent);
        (top as f64 + (self.extent - v) / (2.0 * self.extent) * (BOTTOM - top) as f64).round()
            as i32
    }

    /// Title, subtitle and the legend, wrapped into rows; returns the panel's top.
    fn header<DB: Canvas>(&self, root: &Area<DB>) -> Result<i32> {
        let names: Vec<&str> = self.series.iter().map(|s| s.name.as_str()).collect();
        let title = shorten(&names.join(" vs "), 90);
        text(root, &title, (LEFT, 24), 22.0, true, &INK, HPos::Left)?;
        let subtitle = format!(
            "News sentiment, {} · lines: 7-day rolling mean · faint dots: daily means",
            span_label(self.window)
        );
        text(root, &subtitle, (LEFT, 52), 14.0, false, &MUTED, HPos::Left)?;
        let (mut x, mut y) = (LEFT, LEGEND_Y);
        for (s, colour) in self.series.iter().zip(SERIES) {
            let name = shorten(&s.name, 48);
            let width = 38 + text_width(root, &name, 13.0, false)? + 24;
            if x > LEFT && x + width > RIGHT {
                (x, y) = (LEFT, y + LEGEND_ROW);
            }
            draw_key(root, Key::LineOf(colour), (x, y))?;
            text(root, &name, (x + 38, y), 13.0, false, &INK, HPos::Left)?;
            x += width;
        }
        Ok(y + LEGEND_ROW)
    }

    /// Zones, grid, value labels and the zones' names.
    fn background<DB: Canvas>(&self, root: &Area<DB>, top: i32) -> Result<()> {
        let zones = zones(self.extent);
        for zone in &zones {
            let (upper, lower) = (zone.upper.min(self.extent), zone.lower.max(-self.extent));
            if let Some(fill) = zone.fill.filter(|_| upper > lower) {
                let (y0, y1) = (self.y(top, upper), self.y(top, lower));
                rect(root, (LEFT, y0), (RIGHT, y1), fill.mix(1.0))?;
            }
        }
        let ticks = date_ticks(self.window, ((RIGHT - LEFT) / 80) as usize);
        for t in &ticks {
            vline(
                root,
                self.scale.x(t.date).round() as i32,
                top,
                BOTTOM,
                &GRID,
            )?;
        }
        let step = if self.extent > 0.5 { 0.5 } else { 0.25 };
        let n = (self.extent / step).round() as i32;
        for k in -n..=n {
            let v = k as f64 * step;
            if k != 0 {
                hline(root, LEFT, RIGHT, self.y(top, v), &GRID)?;
            }
            let decimals = if k == 0 {
                0
            } else if step < 0.5 {
                2
            } else {
                1
            };
            let label = signed(v, decimals, false);
            let at = (LEFT - 10, self.y(top, v));
            text(root, &label, at, 13.0, false, &INK, HPos::Right)?;
        }
        hline(root, LEFT, RIGHT, self.y(top, 0.0), &AXIS)?;
        text_up(
            root,
            "mean sentiment",
            (24, (top + BOTTOM) / 2),
            14.0,
            &MUTED,
        )?;
        for zone in &zones {
            let (upper, lower) = (zone.upper.min(self.extent), zone.lower.max(-self.extent));
            if upper - lower < 0.1 {
                continue;
            }
            name_zone(
                root,
                zone,
                RIGHT + 12,
                self.y(top, upper),
                self.y(top, lower),
            )?;
        }
        hline(root, LEFT, RIGHT, BOTTOM, &AXIS)?;
        vline(root, LEFT, top, BOTTOM, &AXIS)?;
        draw_date_labels(root, &ticks, &self.scale, BOTTOM + 16)?;
        Ok(())
    }

    /// Every company's daily means as faint dots, then every company's rolling lines over
    /// them: one line per run (see `render::rolling`), a lone point a short dash.
    fn series<DB: Canvas>(&self, root: &Area<DB>, top: i32) -> Result<()> {
        for (s, colour) in self.series.iter().zip(SERIES) {
            for d in &s.days {
                let at = (
                    self.scale.x(d.date).round() as i32,
                    self.y(top, d.mean_sentiment),
                );
                root.draw(&Circle::new(at, 3, colour.mix(0.35).filled()))?;
            }
        }
        for (runs, colour) in self.lines.iter().zip(SERIES) {
            for run in runs {
                let points: Vec<(i32, i32)> = run
                    .iter()
                    .map(|&(date, r)| (self.scale.x(date).round() as i32, self.y(top, r)))
                    .collect();
                self.line(root, &points, &colour)?;
            }
        }
        Ok(())
    }

    fn line<DB: Canvas>(&self, root: &Area<DB>, points: &[(i32, i32)], c: &RGBColor) -> Result<()> {
        match points {
            [] => Ok(()),
            [(x, y)] => {
                let w = (self.scale.cell * 0.4).clamp(3.0, 10.0).round() as i32;
                smooth_line(root, &[(x - w, *y), (x + w, *y)], c)
            }
            _ => smooth_line(root, points, c),
        }
    }
}

impl Chart for Compare<'_> {
    const PALETTE: bool = true;

    fn size(&self) -> (u32, u32) {
        CHART_SIZE
    }

    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        root.fill(&WHITE)?;
        let top = self.header(root)?;
        self.background(root, top)?;
        if self.series.iter().all(|s| s.days.is_empty()) {
            let centre = ((LEFT + RIGHT) / 2, (top + BOTTOM) / 2 - 40);
            text(
                root,
                "no news in this window",
                centre,
                16.0,
                false,
                &MUTED,
                HPos::Center,
            )?;
        }
        self.series(root, top)?;
        Ok(())
    }
}
