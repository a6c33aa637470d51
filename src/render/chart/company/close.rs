//! The close (`--prices`) on the company chart: a line on its own scale over the sentiment
//! panel, its axis in the right margin, its legend entry at the right of the subtitle.

use anyhow::Result;
use chrono::NaiveDate;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::super::parts::colour::GREEN;
use super::super::parts::{
    dot, hline, legend_row, text, text_up, text_width, Area, Canvas, DayScale, Key,
};
use super::{CHART_SIZE, LAYOUT};
use crate::aggregate::cells::number;

const LABEL: &str = "close (right axis)";

/// The close's scale: `lo ..= hi` over the sentiment panel's height, on a 1-2-5 step.
struct Scale {
    lo: f64,
    hi: f64,
    step: f64,
}

impl Scale {
    /// From the closes shown, widened to whole steps (about four intervals).
    fn new(closes: impl Iterator<Item = f64>) -> Option<Scale> {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for c in closes {
            lo = lo.min(c);
            hi = hi.max(c);
        }
        if !lo.is_finite() {
            return None;
        }
        let range = if hi > lo {
            hi - lo
        } else {
            lo.abs().max(1.0) * 0.1
        };
        let raw = range / 4.0;
        let magnitude = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .into_iter()
            .map(|m| m * magnitude)
            .find(|s| *s >= raw)
            .unwrap_or(10.0 * magnitude);
        let lo = (lo / step).floor() * step;
        let mut hi = (hi / step).ceil() * step;
        if hi <= lo {
            hi = lo + step;
        }
        Some(Scale { lo, hi, step })
    }

    fn y(&self, close: f64) -> i32 {
        let l = &LAYOUT;
        let t = (close - self.lo) / (self.hi - self.lo);
        (l.bottom as f64 - t * (l.bottom - l.top) as f64).round() as i32
    }
}

/// The close's line (through the days with a close, in date order), a small dot on each,
/// and its axis at the right.
pub(super) fn draw<DB: Canvas>(
    root: &Area<DB>,
    closes: &[(NaiveDate, f64)],
    scale: &DayScale,
) -> Result<()> {
    let l = &LAYOUT;
    let closes: Vec<(i32, f64)> = closes
        .iter()
        .map(|&(d, c)| (scale.x(d).round() as i32, c))
        .collect();
    let Some(y_scale) = Scale::new(closes.iter().map(|c| c.1)) else {
        return Ok(());
    };
    let points: Vec<(i32, i32)> = closes.iter().map(|&(x, c)| (x, y_scale.y(c))).collect();
    if points.len() > 1 {
        root.draw(&PathElement::new(points.clone(), GREEN.stroke_width(2)))?;
    }
    for &p in &points {
        dot(root, p, 2, &GREEN)?;
    }
    let ticks = ((y_scale.hi - y_scale.lo) / y_scale.step).round() as i32;
    for k in 0..=ticks {
        let v = y_scale.lo + k as f64 * y_scale.step;
        let y = y_scale.y(v);
        hline(root, l.right, l.right + 4, y, &GREEN)?;
        text(
            root,
            &number(v),
            (l.right + 8, y),
            12.0,
            false,
            &GREEN,
            HPos::Left,
        )?;
    }
    let x = CHART_SIZE.0 as i32 - 14;
    text_up(root, "close", (x, (l.top + l.bottom) / 2), 14.0, &GREEN)?;
    Ok(())
}

/// The close's legend entry, ending at `right`.
pub(super) fn legend<DB: Canvas>(root: &Area<DB>, (right, y): (i32, i32)) -> Result<()> {
    // A legend entry is its 32 px key, 6 px, then the text.
    let width = 38 + text_width(root, LABEL, 13.0, false)?;
    legend_row(root, &[(Key::LineOf(GREEN), LABEL)], (right - width, y))?;
    Ok(())
}
