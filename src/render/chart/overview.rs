//! `overview.png` (or `.svg`): companies ranked by mean sentiment over the window, with
//! their article counts beside.

use anyhow::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::parts::colour::{AXIS, BLUE, GRID, INK, MUTED, NEUTRAL_BAR, VERMILLION};
use super::parts::{
    hline, rect, shorten, signed, span_label, text, text_width, vline, zones, Area, Canvas,
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
        let mut ranked: Vec<&SummaryRow> = summary.iter().collect();
        ranked.sort_by(|a, b| {
            b.articles
                .cmp(&a.articles)
                .then_with(|| a.company.cmp(&b.company))
        });
        let total = ranked.len();
        ranked.truncate(OVERVIEW_MAX_ROWS);
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

impl Chart for Overview<'_> {
    const PALETTE: bool = false;

    fn size(&self) -> (u32, u32) {
        (WIDTH, self.height)
    }

    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        draw_overview(root, self)
    }
}

fn draw_overview<DB: Canvas>(root: &Area<DB>, overview: &Overview) -> Result<()> {
    let Overview {
        window,
        ref ranked,
        total,
        top,
        row_h,
        bottom,
        ..
    } = *overview;
    let root = root.clone();
    root.fill(&WHITE)?;

    let title = if total > ranked.len() {
        format!(
            "Mean sentiment of the {} busiest companies (of {total})",
            ranked.len()
        )
    } else {
        "Mean sentiment by company".to_string()
    };
    text(&root, &title, (20, 24), 22.0, true, &INK, HPos::Left)?;
    let count = if total > ranked.len() {
        String::new()
    } else {
        format!(" · {total} compan{}", if total == 1 { "y" } else { "ies" })
    };
    let subtitle = format!(
        "{} · mean over the window's articles, highest first{count}",
        span_label(window)
    );
    text(&root, &subtitle, (20, 52), 14.0, false, &MUTED, HPos::Left)?;

    // Mean sentiment panel, symmetric around 0.
    let (left, right) = (290, 900);
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
    let x_of = |v: f64| -> i32 {
        (left as f64 + (v + extent) / (2.0 * extent) * (right - left) as f64).round() as i32
    };
    let zones = zones(extent);
    for zone in &zones {
        let Some(colour) = zone.fill else { continue };
        let (hi, lo) = (zone.upper, zone.lower);
        if hi > lo && lo < extent && hi > -extent {
            let (a, b) = (x_of(lo.max(-extent)), x_of(hi.min(extent)));
            rect(&root, (a, top), (b, bottom), colour.mix(1.0))?;
        }
    }
    let n_ticks = (extent / step + 1e-9).floor() as i32;
    for k in -n_ticks..=n_ticks {
        let v = k as f64 * step;
        let x = x_of(v);
        if k != 0 {
            vline(&root, x, top, bottom, &GRID)?;
        }
        vline(&root, x, bottom, bottom + 4, &AXIS)?;
        let decimals = if step < 0.1 || step == 0.25 { 2 } else { 1 };
        text(
            &root,
            &signed(v, if k == 0 { 0 } else { decimals }, true),
            (x, bottom + 16),
            13.0,
            false,
            &INK,
            HPos::Center,
        )?;
    }
    text(
        &root,
        "mean sentiment over the window",
        ((left + right) / 2, bottom + 40),
        13.0,
        false,
        &MUTED,
        HPos::Center,
    )?;
    // Zone names above the panel, where they fit.
    for zone in &zones {
        let (hi, lo, name, colour) = (zone.upper, zone.lower, zone.name, zone.ink);
        let (a, b) = (x_of(lo.max(-extent)), x_of(hi.min(extent)));
        let fits =
            |s: &str| -> Result<bool> { Ok(b - a >= text_width(&root, s, 12.0, false)? + 8) };
        // On one line, else a word a line, else not at all.
        let lines: Vec<&str> = if fits(name)? {
            vec![name]
        } else {
            name.split(' ').collect()
        };
        if lines
            .iter()
            .try_fold(true, |ok, l| fits(l).map(|f| ok && f))?
        {
            let n = lines.len() as i32;
            for (i, line) in lines.iter().enumerate() {
                let y = top - 12 - (n - 1 - i as i32) * 15;
                text(
                    &root,
                    line,
                    ((a + b) / 2, y),
                    12.0,
                    false,
                    &colour,
                    HPos::Center,
                )?;
            }
        }
    }

    // Article counts panel.
    let (c_left, c_right) = (960, WIDTH as i32 - 70);
    let max_articles = ranked.iter().map(|r| r.articles).max().unwrap_or(1).max(1);
    text(
        &root,
        "articles",
        (c_left, top - 12),
        12.0,
        false,
        &MUTED,
        HPos::Left,
    )?;

    let bar_h = ((row_h as f64) * 0.62).round() as i32;
    for (i, r) in ranked.iter().enumerate() {
        let y0 = top + i as i32 * row_h + (row_h - bar_h) / 2;
        let y_mid = y0 + bar_h / 2;
        let name = format!("{} ({})", shorten(&r.company, 30), r.symbol);
        text(
            &root,
            &name,
            (left - 12, y_mid),
            13.0,
            false,
            &INK,
            HPos::Right,
        )?;
        let m = r.mean_sentiment;
        let colour = if m >= 0.0 { BLUE } else { VERMILLION };
        let (a, b) = (x_of(0.0), x_of(m));
        if a != b {
            rect(
                &root,
                (a.min(b), y0),
                (a.max(b), y0 + bar_h),
                colour.mix(1.0),
            )?;
        }
        let value = signed(m, 3, true);
        if m >= 0.0 {
            text(&root, &value, (b + 6, y_mid), 12.0, false, &INK, HPos::Left)?;
        } else {
            text(
                &root,
                &value,
                (b - 6, y_mid),
                12.0,
                false,
                &INK,
                HPos::Right,
            )?;
        }
        let w = ((r.articles as f64 / max_articles as f64) * (c_right - c_left - 50) as f64)
            .round()
            .max(1.0) as i32;
        rect(
            &root,
            (c_left, y0),
            (c_left + w, y0 + bar_h),
            NEUTRAL_BAR.mix(1.0),
        )?;
        let count = r.articles.to_string();
        text(
            &root,
            &count,
            (c_left + w + 6, y_mid),
            12.0,
            false,
            &INK,
            HPos::Left,
        )?;
    }
    vline(&root, x_of(0.0), top, bottom, &AXIS)?;
    hline(&root, left, right, bottom, &AXIS)?;
    vline(&root, c_left, top, bottom, &AXIS)?;
    Ok(())
}
