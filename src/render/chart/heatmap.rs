//! `heatmap.png` (or `.svg`): companies × days, each cell the day's mean sentiment on a
//! diverging scale centred on 0 (blue bullish, vermillion bearish), grey where the company
//! had no news.

use std::collections::HashMap;

use anyhow::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::parts::colour::{BLUE, INK, MUTED, VERMILLION};
use super::parts::{
    busiest, date_ticks, days_in, draw_date_labels, shorten, signed, span_label, text, text_width,
    vline, Area, Canvas, DayScale,
};
use super::Chart;
use crate::aggregate::{DailyRow, SummaryRow, Window};
use crate::render::unusual;

/// At most this many companies (the busiest) are drawn, so the image stays readable and
/// under 2400 px tall.
pub const HEATMAP_MAX_ROWS: usize = 60;

/// The colour scale saturates at ±CLAMP.
const CLAMP: f64 = 0.6;
const WIDTH: u32 = 1280;
const EMPTY: RGBColor = RGBColor(232, 232, 232);
const Z_MARK: RGBColor = RGBColor(20, 20, 20);

/// The colour of a mean sentiment: white at 0, Okabe–Ito blue at +CLAMP and above,
/// vermillion at −CLAMP and below, linear in between.
fn diverging(v: f64) -> RGBColor {
    let t = (v.abs() / CLAMP).min(1.0);
    let end = if v >= 0.0 { BLUE } else { VERMILLION };
    let mix = |e: u8| (255.0 + (e as f64 - 255.0) * t).round() as u8;
    RGBColor(mix(end.0), mix(end.1), mix(end.2))
}

/// The heatmap of the window: one row per company (the `HEATMAP_MAX_ROWS` with the most
/// articles, most first), one column per day. The rows' layout sets the image's height.
pub struct Heatmap<'a> {
    window: Window,
    ranked: Vec<&'a SummaryRow>,
    /// Companies in the window, drawn or not.
    total: usize,
    days_of: HashMap<&'a str, Vec<&'a DailyRow>>,
    row_h: i32,
    /// Date labels above the rows too (for a tall heatmap).
    top_axis: bool,
    top: i32,
    bottom: i32,
    height: u32,
}

impl<'a> Heatmap<'a> {
    pub fn new(window: Window, summary: &'a [SummaryRow], daily: &'a [DailyRow]) -> Self {
        let (ranked, total) = busiest(summary, HEATMAP_MAX_ROWS);
        let rows = ranked.len();
        let mut days_of: HashMap<&str, Vec<&DailyRow>> = ranked
            .iter()
            .map(|r| (r.company.as_str(), vec![]))
            .collect();
        for d in daily.iter().filter(|d| window.contains(d.date)) {
            if let Some(v) = days_of.get_mut(d.company.as_str()) {
                v.push(d);
            }
        }

        let row_h: i32 = if rows <= 24 { 26 } else { 22 };
        let top_axis = rows > 24;
        let top = if top_axis { 150 } else { 128 };
        let bottom = top + row_h * rows.max(1) as i32;
        let height = (bottom + 48) as u32;
        Heatmap {
            window,
            ranked,
            total,
            days_of,
            row_h,
            top_axis,
            top,
            bottom,
            height,
        }
    }
}

impl Chart for Heatmap<'_> {
    const PALETTE: bool = false;

    fn size(&self) -> (u32, u32) {
        (WIDTH, self.height)
    }

    /// Header and legend, the rows, then the date axes below (and above, when tall).
    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        root.fill(&WHITE)?;
        self.header(root)?;
        let scale = DayScale::new(self.window, LEFT, RIGHT);
        // The |z| ≥ 2 marks need a cell wider than the mark.
        let marks = scale.cell >= 6.0;
        legend(root, (20, 90), marks)?;
        for (r, row) in self.ranked.iter().enumerate() {
            self.row(root, &scale, r, row, marks)?;
        }
        if self.ranked.is_empty() {
            let at = ((LEFT + RIGHT) / 2, self.top + self.row_h / 2);
            let note = "no news in this window";
            text(root, note, at, 14.0, false, &MUTED, HPos::Center)?;
        }
        let at = (RIGHT + 10, self.top - 12);
        text(root, "articles", at, 12.0, false, &MUTED, HPos::Left)?;
        self.date_axes(root, &scale)
    }
}

/// The cells' left and right edges.
const LEFT: i32 = 268;
const RIGHT: i32 = WIDTH as i32 - 78;

impl Heatmap<'_> {
    fn header<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let (rows, total) = (self.ranked.len(), self.total);
        let title = if total > rows {
            format!("Daily sentiment of the {rows} busiest companies (of {total})")
        } else {
            "Daily sentiment by company".to_string()
        };
        text(root, &title, (20, 24), 22.0, true, &INK, HPos::Left)?;
        let subtitle = format!(
            "{} · each cell is the day's mean sentiment · rows by article count, most first",
            span_label(self.window)
        );
        text(root, &subtitle, (20, 52), 14.0, false, &MUTED, HPos::Left)?;
        Ok(())
    }

    /// The `r`-th company: its name, its cells (grey for every day first, then the days
    /// with news over it, marked when unusual: `render::unusual`) and its article count.
    fn row<DB: Canvas>(
        &self,
        root: &Area<DB>,
        scale: &DayScale,
        r: usize,
        row: &SummaryRow,
        marks: bool,
    ) -> Result<()> {
        let row_h = self.row_h;
        let gap = if scale.cell >= 4.0 { 1 } else { 0 };
        let y0 = self.top + r as i32 * row_h;
        let y1 = y0 + row_h - 2;
        let y_mid = y0 + (row_h - 1) / 2;
        let name = format!("{} ({})", shorten(&row.company, 28), row.symbol);
        text(
            root,
            &name,
            (LEFT - 10, y_mid),
            13.0,
            false,
            &INK,
            HPos::Right,
        )?;
        let count = row.articles.to_string();
        text(
            root,
            &count,
            (RIGHT + 10, y_mid),
            13.0,
            false,
            &INK,
            HPos::Left,
        )?;
        let n_days = days_in(self.window);
        let mut filled = vec![false; n_days as usize];
        let days = &self.days_of[row.company.as_str()];
        for d in days {
            filled[scale.index(d.date) as usize] = true;
        }
        for i in 0..n_days {
            if !filled[i as usize] {
                cell(
                    root,
                    (scale.edge(i), y0),
                    (scale.edge(i + 1) - gap, y1),
                    EMPTY,
                )?;
            }
        }
        for d in days {
            let i = scale.index(d.date);
            let colour = diverging(d.mean_sentiment);
            cell(
                root,
                (scale.edge(i), y0),
                (scale.edge(i + 1) - gap, y1),
                colour,
            )?;
            if marks && unusual::sentiment_z(d).is_some() {
                let x = scale.x(d.date).round() as i32;
                root.draw(&Circle::new((x, y0 + (row_h - 2) / 2), 2, Z_MARK.filled()))?;
            }
        }
        Ok(())
    }

    /// Ticks and date labels below the rows; for a tall heatmap, above them too.
    fn date_axes<DB: Canvas>(&self, root: &Area<DB>, scale: &DayScale) -> Result<()> {
        let (top, bottom) = (self.top, self.bottom);
        let ticks = date_ticks(self.window, ((RIGHT - LEFT) / 70) as usize);
        for t in &ticks {
            let x = scale.x(t.date).round() as i32;
            vline(root, x, bottom, bottom + 4, &INK)?;
            if self.top_axis {
                vline(root, x, top - 5, top - 1, &INK)?;
            }
        }
        draw_date_labels(root, &ticks, scale, bottom + 14)?;
        if self.top_axis {
            for t in &ticks {
                let x = scale.x(t.date).round() as i32;
                text(
                    root,
                    &t.label,
                    (x, top - 14),
                    13.0,
                    false,
                    &INK,
                    HPos::Center,
                )?;
            }
        }
        Ok(())
    }
}

fn cell<DB: Canvas>(area: &Area<DB>, a: (i32, i32), b: (i32, i32), colour: RGBColor) -> Result<()> {
    area.draw(&Rectangle::new([a, b], colour.filled()))?;
    Ok(())
}

/// The colour bar (−CLAMP … +CLAMP), the "no news" swatch and the |z| ≥ 2 mark.
fn legend<DB: Canvas>(area: &Area<DB>, (x, y): (i32, i32), marks: bool) -> Result<()> {
    let caption = "mean sentiment";
    text(area, caption, (x, y), 13.0, false, &INK, HPos::Left)?;
    let bar_left = x + text_width(area, caption, 13.0, false)? + 14;
    let bar_w = 240;
    let steps = 120;
    for i in 0..steps {
        let v = -CLAMP + (i as f64 + 0.5) / steps as f64 * 2.0 * CLAMP;
        let x0 = bar_left + i * bar_w / steps;
        let x1 = bar_left + (i + 1) * bar_w / steps;
        cell(area, (x0, y - 6), (x1, y + 6), diverging(v))?;
    }
    for (k, v) in [-CLAMP, -CLAMP / 2.0, 0.0, CLAMP / 2.0, CLAMP]
        .into_iter()
        .enumerate()
    {
        let tx = bar_left + k as i32 * bar_w / 4;
        vline(area, tx.min(bar_left + bar_w - 1), y + 6, y + 9, &INK)?;
        let label = match k {
            0 => format!("≤ {}", signed(v, 1, true)),
            4 => format!("≥ {}", signed(v, 1, true)),
            _ => signed(v, if v == 0.0 { 0 } else { 1 }, true),
        };
        text(area, &label, (tx, y + 19), 12.0, false, &INK, HPos::Center)?;
    }
    let mut x = bar_left + bar_w + 36;
    cell(area, (x, y - 7), (x + 14, y + 7), EMPTY)?;
    x += 22;
    text(area, "no news", (x, y), 13.0, false, &INK, HPos::Left)?;
    x += text_width(area, "no news", 13.0, false)? + 28;
    if !marks {
        return Ok(());
    }
    cell(area, (x, y - 7), (x + 14, y + 7), diverging(0.3))?;
    area.draw(&Circle::new((x + 7, y), 2, Z_MARK.filled()))?;
    x += 22;
    text(
        area,
        "day of 3+ articles with |z| ≥ 2 against its 30 days",
        (x, y),
        13.0,
        false,
        &INK,
        HPos::Left,
    )?;
    Ok(())
}
