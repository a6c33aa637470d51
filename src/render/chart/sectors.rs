//! `sectors.png` (or `.svg`, beside the overview): each sector's 7-day rolling mean
//! sentiment as small multiples, one small panel per sector on one shared scale, so panels
//! compare at a glance. The line has a point on every day whose week holds the sector's
//! news (`render::rolling`) and breaks after a week without.

use std::collections::{BTreeMap, HashMap};

use anyhow::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::parts::colour::{AXIS, INK, MUTED};
use super::parts::{
    hline, rect, shorten, signed, smooth_line, span_label, text, zones, Area, Canvas, DayScale,
};
use super::Chart;
use crate::aggregate::{SectorRow, Window};
use crate::render::rolling::{self, SectorSums};

const WIDTH: u32 = 1280;
/// Panels per row.
const COLUMNS: usize = 3;
/// The first row's top, below the title.
const TOP: i32 = 84;
const MARGIN: i32 = 20;
/// Room left of each panel for its value labels.
const LABELS: i32 = 44;
const GAP: i32 = 28;
/// A panel's plot height, and the room above (its name) and below (its dates).
const PLOT_H: i32 = 150;
const ABOVE: i32 = 26;
const BELOW: i32 = 30;
/// At most this many sectors are drawn (a GICS table has 11).
pub const MAX_SECTORS: usize = 30;

/// The sectors of the window, by name.
pub struct Sectors<'a> {
    window: Window,
    /// Each sector's name and the runs of its rolling line.
    sectors: Vec<(&'a str, Vec<rolling::Run>)>,
    /// The shared scale: ±`extent`.
    extent: f64,
}

impl<'a> Sectors<'a> {
    /// `rows` as in `sectors.csv` (by sector, then date); `sums`, per sector, the pair sums
    /// of its companies' rows (`rolling::sector_sums`), for the days without news.
    pub fn new(window: Window, rows: &'a [SectorRow], sums: &HashMap<&str, SectorSums>) -> Self {
        let mut by_sector: BTreeMap<&str, Vec<&SectorRow>> = BTreeMap::new();
        for r in rows.iter().filter(|r| window.contains(r.date)) {
            by_sector.entry(r.sector.as_str()).or_default().push(r);
        }
        let sectors: Vec<(&str, Vec<rolling::Run>)> = by_sector
            .into_iter()
            .take(MAX_SECTORS)
            .map(|(sector, rows)| {
                let days = rolling::sector_days(window, &rows, sums.get(sector));
                (sector, rolling::runs(window, &days))
            })
            .collect();
        let most = sectors
            .iter()
            .flat_map(|(_, runs)| runs.iter().flatten())
            .fold(0.0f64, |m, &(_, v)| m.max(v.abs()));
        // From ±0.25 to ±1 in quarters: sector means are averages of many companies.
        let extent = ((most * 1.1 / 0.25).ceil() * 0.25).clamp(0.25, 1.0);
        Sectors {
            window,
            sectors,
            extent,
        }
    }

    fn rows(&self) -> usize {
        self.sectors.len().div_ceil(COLUMNS).max(1)
    }

    /// The plot rectangle of the `i`-th panel: (left, top, right, bottom).
    fn panel(&self, i: usize) -> (i32, i32, i32, i32) {
        let width = (WIDTH as i32 - 2 * MARGIN - (COLUMNS as i32 - 1) * GAP) / COLUMNS as i32;
        let (col, row) = ((i % COLUMNS) as i32, (i / COLUMNS) as i32);
        let left = MARGIN + col * (width + GAP) + LABELS;
        let top = TOP + row * (ABOVE + PLOT_H + BELOW) + ABOVE;
        (
            left,
            top,
            MARGIN + col * (width + GAP) + width,
            top + PLOT_H,
        )
    }

    fn y(&self, top: i32, v: f64) -> i32 {
        let v = v.clamp(-self.extent, self.extent);
        (top as f64 + (self.extent - v) / (2.0 * self.extent) * PLOT_H as f64).round() as i32
    }

    /// One sector's panel: zones, value labels, zero line, its rolling line (broken after a
    /// week without news), its name above and the window's ends below.
    fn draw_panel<DB: Canvas>(
        &self,
        root: &Area<DB>,
        i: usize,
        name: &str,
        runs: &[rolling::Run],
    ) -> Result<()> {
        let (left, top, right, bottom) = self.panel(i);
        for zone in &zones(self.extent) {
            let (upper, lower) = (zone.upper.min(self.extent), zone.lower.max(-self.extent));
            if let Some(fill) = zone.fill.filter(|_| upper > lower) {
                let (y0, y1) = (self.y(top, upper), self.y(top, lower));
                rect(root, (left, y0), (right, y1), fill.mix(1.0))?;
            }
        }
        for v in [-self.extent, 0.0, self.extent] {
            let label = signed(v, if v == 0.0 { 0 } else { 2 }, false);
            let at = (left - 6, self.y(top, v));
            text(root, &label, at, 11.0, false, &MUTED, HPos::Right)?;
        }
        hline(root, left, right, self.y(top, 0.0), &AXIS)?;
        hline(root, left, right, bottom, &AXIS)?;
        let title = shorten(name, 40);
        text(root, &title, (left, top - 14), 14.0, true, &INK, HPos::Left)?;
        let scale = DayScale::new(self.window, left, right);
        for run in runs {
            let points: Vec<(i32, i32)> = run
                .iter()
                .map(|&(date, v)| (scale.x(date).round() as i32, self.y(top, v)))
                .collect();
            line(root, &points, &scale)?;
        }
        let (from, to) = (self.window.from, self.window.to);
        let dates = (bottom + 13, 11.0, false, &MUTED);
        let first = from.format("%b %-d").to_string();
        text(
            root,
            &first,
            (left, dates.0),
            dates.1,
            dates.2,
            dates.3,
            HPos::Left,
        )?;
        let last = to.format("%b %-d").to_string();
        text(
            root,
            &last,
            (right, dates.0),
            dates.1,
            dates.2,
            dates.3,
            HPos::Right,
        )?;
        Ok(())
    }
}

/// A run of the rolling line; a lone day a short dash.
fn line<DB: Canvas>(root: &Area<DB>, points: &[(i32, i32)], scale: &DayScale) -> Result<()> {
    match points {
        [] => Ok(()),
        [(x, y)] => {
            let w = (scale.cell * 0.4).clamp(3.0, 8.0).round() as i32;
            smooth_line(root, &[(x - w, *y), (x + w, *y)], &INK)
        }
        _ => smooth_line(root, points, &INK),
    }
}

impl Chart for Sectors<'_> {
    const PALETTE: bool = true;

    fn size(&self) -> (u32, u32) {
        let rows = self.rows() as i32;
        (
            WIDTH,
            (TOP + rows * (ABOVE + PLOT_H + BELOW) + MARGIN) as u32,
        )
    }

    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        root.fill(&WHITE)?;
        let title = "7-day rolling mean sentiment by sector";
        text(root, title, (MARGIN, 24), 22.0, true, &INK, HPos::Left)?;
        let subtitle = format!(
            "{} · one panel per sector, all on one scale; the line breaks after a week without news",
            span_label(self.window)
        );
        text(
            root,
            &subtitle,
            (MARGIN, 52),
            14.0,
            false,
            &MUTED,
            HPos::Left,
        )?;
        for (i, (name, runs)) in self.sectors.iter().enumerate() {
            self.draw_panel(root, i, name, runs)?;
        }
        Ok(())
    }
}
