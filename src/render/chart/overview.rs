//! `overview.png` (or `.svg`): companies ranked by mean sentiment over the window, with
//! their article counts beside.

use anyhow::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::parts::colour::{AXIS, BLUE, GRID, INK, MUTED, NEUTRAL_BAR, VERMILLION};
use super::parts::{
    busiest, hline, rect, shorten, signed, span_label, text, text_width, vline, zones, Area, Canvas,
};
use super::Chart;
use crate::aggregate::{SummaryRow, Window};

/// At most this many companies (the busiest) are ranked, so the image stays readable.
pub const OVERVIEW_MAX_ROWS: usize = 60;

const WIDTH: u32 = 1280;

/// The companies of the window (the `OVERVIEW_MAX_ROWS` with the most articles when there
/// are more) ranked by mean sentiment, each with its article count; the rows' layout sets
/// the image's height.
pub struct Overview<'a> {
    window: Window,
    ranked: Vec<&'a SummaryRow>,
    /// Companies in the window, ranked or not.
    total: usize,
    top: i32,
    row_h: i32,
    bottom: i32,
    height: u32,
}

impl<'a> Overview<'a> {
    pub fn new(window: Window, summary: &'a [SummaryRow]) -> Self {
        let (mut ranked, total) = busiest(summary, OVERVIEW_MAX_ROWS);
        ranked.sort_by(|a, b| {
            b.mean_sentiment
                .total_cmp(&a.mean_sentiment)
                .then_with(|| a.company.cmp(&b.company))
        });
        let rows = ranked.len().max(1) as i32;

        let top = 118;
        let row_h = ((720 - top - 56) / rows).clamp(20, 34);
        let bottom = top + row_h * rows;
        let height = (bottom + 56) as u32;
        Overview {
            window,
            ranked,
            total,
            top,
            row_h,
            bottom,
            height,
        }
    }
}

/// The mean sentiment scale: symmetric around 0, a little wider than the most extreme
/// company, between `LEFT` and `RIGHT`.
struct Scale {
    extent: f64,
    /// Between labelled values.
    step: f64,
}

/// The mean sentiment panel's and the article counts panel's edges.
const LEFT: i32 = 290;
const RIGHT: i32 = 900;
const COUNTS_LEFT: i32 = 960;
const COUNTS_RIGHT: i32 = WIDTH as i32 - 70;

impl Scale {
    fn new(ranked: &[&SummaryRow]) -> Self {
        let extent = ranked
            .iter()
            .map(|r| r.mean_sentiment.abs())
            .fold(0.2f64, f64::max)
            .min(1.0)
            * 1.2;
        let step = [0.05, 0.1, 0.2, 0.25, 0.5]
            .into_iter()
            .find(|s| extent / s <= 4.0)
            .unwrap_or(0.5);
        Scale { extent, step }
    }

    fn x(&self, v: f64) -> i32 {
        let extent = self.extent;
        (LEFT as f64 + (v + extent) / (2.0 * extent) * (RIGHT - LEFT) as f64).round() as i32
    }
}

impl Overview<'_> {
    fn header<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let (shown, total) = (self.ranked.len(), self.total);
        let title = if total > shown {
            format!("Mean sentiment of the {shown} busiest companies (of {total})")
        } else {
            "Mean sentiment by company".to_string()
        };
        text(root, &title, (20, 24), 22.0, true, &INK, HPos::Left)?;
        let count = if total > shown {
            String::new()
        } else {
            format!(" · {total} compan{}", if total == 1 { "y" } else { "ies" })
        };
        let subtitle = format!(
            "{} · mean over the window's articles, highest first{count}",
            span_label(self.window)
        );
        text(root, &subtitle, (20, 52), 14.0, false, &MUTED, HPos::Left)?;
        Ok(())
    }

    /// The mean sentiment panel's zones, grid, value labels and caption.
    fn sentiment_background<DB: Canvas>(&self, root: &Area<DB>, scale: &Scale) -> Result<()> {
        let (top, bottom, extent) = (self.top, self.bottom, scale.extent);
        for zone in &zones(extent) {
            let Some(colour) = zone.fill else { continue };
            let (hi, lo) = (zone.upper, zone.lower);
            if hi > lo && lo < extent && hi > -extent {
                let (a, b) = (scale.x(lo.max(-extent)), scale.x(hi.min(extent)));
                rect(root, (a, top), (b, bottom), colour.mix(1.0))?;
            }
        }
        let n_ticks = (extent / scale.step + 1e-9).floor() as i32;
        for k in -n_ticks..=n_ticks {
            let v = k as f64 * scale.step;
            let x = scale.x(v);
            if k != 0 {
                vline(root, x, top, bottom, &GRID)?;
            }
            vline(root, x, bottom, bottom + 4, &AXIS)?;
            let decimals = if scale.step < 0.1 || scale.step == 0.25 {
                2
            } else {
                1
            };
            let label = signed(v, if k == 0 { 0 } else { decimals }, true);
            text(
                root,
                &label,
                (x, bottom + 16),
                13.0,
                false,
                &INK,
                HPos::Center,
            )?;
        }
        let caption = "mean sentiment over the window";
        let at = ((LEFT + RIGHT) / 2, bottom + 40);
        text(root, caption, at, 13.0, false, &MUTED, HPos::Center)?;
        Ok(())
    }

    /// Zone names above the panel: on one line, else a word a line, else not at all.
    fn zone_names<DB: Canvas>(&self, root: &Area<DB>, scale: &Scale) -> Result<()> {
        let extent = scale.extent;
        for zone in &zones(extent) {
            let (a, b) = (
                scale.x(zone.lower.max(-extent)),
                scale.x(zone.upper.min(extent)),
            );
            let fits =
                |s: &str| -> Result<bool> { Ok(b - a >= text_width(root, s, 12.0, false)? + 8) };
            let lines: Vec<&str> = if fits(zone.name)? {
                vec![zone.name]
            } else {
                zone.name.split(' ').collect()
            };
            if lines
                .iter()
                .try_fold(true, |ok, l| fits(l).map(|f| ok && f))?
            {
                let n = lines.len() as i32;
                for (i, line) in lines.iter().enumerate() {
                    let at = ((a + b) / 2, self.top - 12 - (n - 1 - i as i32) * 15);
                    text(root, line, at, 12.0, false, &zone.ink, HPos::Center)?;
                }
            }
        }
        Ok(())
    }

    /// One row per company: its name, its mean as a bar from 0 with the value, and its
    /// article count as a bar in the counts panel.
    fn rows<DB: Canvas>(&self, root: &Area<DB>, scale: &Scale) -> Result<()> {
        let (top, row_h) = (self.top, self.row_h);
        let max_articles = self
            .ranked
            .iter()
            .map(|r| r.articles)
            .max()
            .unwrap_or(1)
            .max(1);
        let at = (COUNTS_LEFT, top - 12);
        text(root, "articles", at, 12.0, false, &MUTED, HPos::Left)?;
        let bar_h = ((row_h as f64) * 0.62).round() as i32;
        for (i, r) in self.ranked.iter().enumerate() {
            let y0 = top + i as i32 * row_h + (row_h - bar_h) / 2;
            let y_mid = y0 + bar_h / 2;
            let name = format!("{} ({})", shorten(&r.company, 30), r.symbol);
            text(
                root,
                &name,
                (LEFT - 12, y_mid),
                13.0,
                false,
                &INK,
                HPos::Right,
            )?;
            let m = r.mean_sentiment;
            let colour = if m >= 0.0 { BLUE } else { VERMILLION };
            let (a, b) = (scale.x(0.0), scale.x(m));
            if a != b {
                let (from, to) = ((a.min(b), y0), (a.max(b), y0 + bar_h));
                rect(root, from, to, colour.mix(1.0))?;
            }
            let value = signed(m, 3, true);
            if m >= 0.0 {
                text(root, &value, (b + 6, y_mid), 12.0, false, &INK, HPos::Left)?;
            } else {
                text(root, &value, (b - 6, y_mid), 12.0, false, &INK, HPos::Right)?;
            }
            let share = r.articles as f64 / max_articles as f64;
            let w = (share * (COUNTS_RIGHT - COUNTS_LEFT - 50) as f64)
                .round()
                .max(1.0) as i32;
            let (from, to) = ((COUNTS_LEFT, y0), (COUNTS_LEFT + w, y0 + bar_h));
            rect(root, from, to, NEUTRAL_BAR.mix(1.0))?;
            let count = r.articles.to_string();
            let at = (COUNTS_LEFT + w + 6, y_mid);
            text(root, &count, at, 12.0, false, &INK, HPos::Left)?;
        }
        Ok(())
    }
}

impl Chart for Overview<'_> {
    const PALETTE: bool = false;

    fn size(&self) -> (u32, u32) {
        (WIDTH, self.height)
    }

    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let (top, bottom) = (self.top, self.bottom);
        root.fill(&WHITE)?;
        self.header(root)?;
        let scale = Scale::new(&self.ranked);
        self.sentiment_background(root, &scale)?;
        self.zone_names(root, &scale)?;
        self.rows(root, &scale)?;
        vline(root, scale.x(0.0), top, bottom, &AXIS)?;
        hline(root, LEFT, RIGHT, bottom, &AXIS)?;
        vline(root, COUNTS_LEFT, top, bottom, &AXIS)?;
        Ok(())
    }
}
