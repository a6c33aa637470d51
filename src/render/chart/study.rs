//! The study's charts (`tickertone study`): bars with error bars (the mean IC by horizon)
//! and lines with bands (cumulative returns by quintile, the event-study curves), drawn
//! with the report's parts: its font, colours, thin lines and legends.

use std::path::Path;

use anyhow::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::parts::colour::{AXIS, GRID, INK, MUTED, SERIES};
use super::parts::{hline, legend_row, rect, smooth_line, text, text_up, vline, Area, Canvas, Key};
use super::{write, Chart, ImageFormat};

const WIDTH: u32 = 1280;
const HEIGHT: u32 = 720;
const LEFT: i32 = 120;
const RIGHT: i32 = WIDTH as i32 - 60;
const TOP: i32 = 130;
const BOTTOM: i32 = HEIGHT as i32 - 90;

/// One bar: its label, value and ± error (both may be missing: no bar is drawn).
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
    pub error: Option<f64>,
}

pub struct Bars {
    pub title: String,
    pub subtitle: String,
    pub bars: Vec<Bar>,
}

/// One line: (x, y, ± band) points.
pub struct Series {
    pub name: String,
    pub points: Vec<(f64, f64, Option<f64>)>,
}

pub struct Lines {
    pub title: String,
    pub subtitle: String,
    pub x_label: String,
    pub series: Vec<Series>,
    pub zero_line: bool,
}

pub fn write_ic(path: &Path, bars: &Bars) -> Result<()> {
    write(bars, path, ImageFormat::Png)
}

pub fn write_lines(path: &Path, lines: &Lines) -> Result<()> {
    write(lines, path, ImageFormat::Png)
}

/// A value axis from `lo` to `hi` (0 included), with round steps.
struct Scale {
    lo: f64,
    hi: f64,
    step: f64,
}

impl Scale {
    fn new(values: impl Iterator<Item = f64>) -> Scale {
        let (mut lo, mut hi) = (0.0f64, 0.0f64);
        for v in values.filter(|v| v.is_finite()) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if hi - lo < 1e-12 {
            hi += 0.01;
            lo -= 0.01;
        }
        let raw = (hi - lo) / 6.0;
        let magnitude = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .into_iter()
            .map(|m| m * magnitude)
            .find(|s| *s >= raw)
            .unwrap_or(10.0 * magnitude);
        Scale {
            lo: (lo / step).floor() * step,
            hi: (hi / step).ceil() * step,
            step,
        }
    }

    fn y(&self, v: f64) -> i32 {
        let t = (v - self.lo) / (self.hi - self.lo);
        (f64::from(BOTTOM) - t * f64::from(BOTTOM - TOP)).round() as i32
    }

    fn ticks(&self) -> Vec<f64> {
        let n = ((self.hi - self.lo) / self.step).round() as i64;
        (0..=n).map(|k| self.lo + k as f64 * self.step).collect()
    }

    fn label(&self, v: f64, percent: bool) -> String {
        let decimals = decimals_of(if percent {
            self.step * 100.0
        } else {
            self.step
        });
        let v = if v.abs() < self.step * 1e-6 { 0.0 } else { v };
        if percent {
            format!("{:.*} %", decimals, v * 100.0)
        } else {
            format!("{v:.decimals$}")
        }
    }
}

/// The fewest decimals (at most 4) that write every multiple of `step` exactly: 1 for a
/// step of 2.5 (a power of ten's decimals would print 7.5 as "8").
fn decimals_of(step: f64) -> usize {
    (0..4)
        .find(|&d| {
            let scaled = step * 10f64.powi(d);
            (scaled - scaled.round()).abs() < 1e-9 * scaled.abs().max(1.0)
        })
        .unwrap_or(4) as usize
}

fn frame<DB: Canvas>(
    root: &Area<DB>,
    title: &str,
    subtitle: &str,
    scale: &Scale,
    percent: bool,
) -> Result<()> {
    root.fill(&WHITE)?;
    text(root, title, (LEFT, 40), 22.0, true, &INK, HPos::Left)?;
    text(root, subtitle, (LEFT, 72), 13.0, false, &MUTED, HPos::Left)?;
    for v in scale.ticks() {
        let y = scale.y(v);
        hline(root, LEFT, RIGHT, y, &GRID)?;
        text(
            root,
            &scale.label(v, percent),
            (LEFT - 10, y),
            12.0,
            false,
            &MUTED,
            HPos::Right,
        )?;
    }
    vline(root, LEFT, TOP, BOTTOM, &AXIS)?;
    Ok(())
}

impl Chart for Bars {
    const PALETTE: bool = false;

    fn size(&self) -> (u32, u32) {
        (WIDTH, HEIGHT)
    }

    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let scale = Scale::new(self.bars.iter().flat_map(|b| {
            let (v, e) = (b.value.unwrap_or(0.0), b.error.unwrap_or(0.0));
            [v - e, v + e]
        }));
        frame(root, &self.title, &self.subtitle, &scale, false)?;
        text_up(root, "mean IC", (40, (TOP + BOTTOM) / 2), 13.0, &MUTED)?;
        hline(root, LEFT, RIGHT, scale.y(0.0), &INK)?;
        let n = self.bars.len().max(1) as i32;
        let slot = (RIGHT - LEFT) / n;
        for (k, bar) in self.bars.iter().enumerate() {
            let centre = LEFT + slot * k as i32 + slot / 2;
            text(
                root,
                &bar.label,
                (centre, BOTTOM + 24),
                13.0,
                false,
                &INK,
                HPos::Center,
            )?;
            let Some(value) = bar.value else {
                text(
                    root,
                    "no days",
                    (centre, scale.y(0.0) - 14),
                    12.0,
                    false,
                    &MUTED,
                    HPos::Center,
                )?;
                continue;
            };
            let half = (slot / 4).min(60);
            let (y0, y1) = (scale.y(0.0), scale.y(value));
            let colour = SERIES[if value >= 0.0 { 0 } else { 1 }];
            rect(
                root,
                (centre - half, y0.min(y1)),
                (centre + half, y0.max(y1) + 1),
                colour.mix(0.85),
            )?;
            if let Some(e) = bar.error {
                let (ya, yb) = (scale.y(value - e), scale.y(value + e));
                vline(root, centre, yb.min(ya), yb.max(ya), &INK)?;
                hline(root, centre - 10, centre + 10, ya, &INK)?;
                hline(root, centre - 10, centre + 10, yb, &INK)?;
            }
            text(
                root,
                &format!("{value:+.3}"),
                (centre + half + 8, y1),
                12.0,
                false,
                &INK,
                HPos::Left,
            )?;
        }
        Ok(())
    }
}

impl Chart for Lines {
    const PALETTE: bool = false;

    fn size(&self) -> (u32, u32) {
        (WIDTH, HEIGHT)
    }

    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let points = || self.series.iter().flat_map(|s| s.points.iter());
        let scale = Scale::new(points().flat_map(|&(_, y, band)| {
            let b = band.unwrap_or(0.0);
            [y - b, y + b]
        }));
        frame(root, &self.title, &self.subtitle, &scale, true)?;
        let (x_lo, x_hi) = points().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p.0), hi.max(p.0))
        });
        if !x_lo.is_finite() {
            text(
                root,
                "Nothing to draw: no day had what this chart needs (see the page).",
                ((LEFT + RIGHT) / 2, (TOP + BOTTOM) / 2),
                15.0,
                false,
                &MUTED,
                HPos::Center,
            )?;
            return Ok(());
        }
        let span = (x_hi - x_lo).max(1.0);
        let x =
            |v: f64| LEFT + 10 + ((v - x_lo) / span * f64::from(RIGHT - LEFT - 20)).round() as i32;
        if self.zero_line {
            hline(root, LEFT, RIGHT, scale.y(0.0), &INK)?;
        }
        // X ticks: about ten round values.
        let step = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0]
            .into_iter()
            .find(|s| span / s <= 12.0)
            .unwrap_or(1000.0);
        let mut t = (x_lo / step).ceil() * step;
        while t <= x_hi + 1e-9 {
            vline(root, x(t), BOTTOM, BOTTOM + 5, &AXIS)?;
            text(
                root,
                &format!("{t:.0}"),
                (x(t), BOTTOM + 18),
                12.0,
                false,
                &MUTED,
                HPos::Center,
            )?;
            t += step;
        }
        text(
            root,
            &self.x_label,
            ((LEFT + RIGHT) / 2, BOTTOM + 46),
            13.0,
            false,
            &MUTED,
            HPos::Center,
        )?;
        for (k, s) in self.series.iter().enumerate() {
            let colour = SERIES[k % SERIES.len()];
            let banded: Vec<&(f64, f64, Option<f64>)> =
                s.points.iter().filter(|p| p.2.is_some()).collect();
            if banded.len() >= 2 {
                let mut polygon: Vec<(i32, i32)> = banded
                    .iter()
                    .map(|p| (x(p.0), scale.y(p.1 + p.2.unwrap_or(0.0))))
                    .collect();
                polygon.extend(
                    banded
                        .iter()
                        .rev()
                        .map(|p| (x(p.0), scale.y(p.1 - p.2.unwrap_or(0.0)))),
                );
                root.draw(&Polygon::new(polygon, colour.mix(0.15).filled()))?;
            }
            let line: Vec<(i32, i32)> = s.points.iter().map(|p| (x(p.0), scale.y(p.1))).collect();
            smooth_line(root, &line, &colour)?;
        }
        let entries: Vec<(Key, &str)> = self
            .series
            .iter()
            .enumerate()
            .map(|(k, s)| (Key::LineOf(SERIES[k % SERIES.len()]), s.name.as_str()))
            .collect();
        legend_row(root, &entries, (LEFT, 104))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_labels_write_a_step_of_two_and_a_half_exactly() {
        // Quintile returns from −8 % to +6 %: a step of 2.5 %.
        let scale = Scale::new([-0.08, 0.06].into_iter());
        assert!((scale.step - 0.025).abs() < 1e-12);
        let labels: Vec<String> = scale
            .ticks()
            .iter()
            .map(|&v| scale.label(v, true))
            .collect();
        assert_eq!(
            labels,
            ["-10.0 %", "-7.5 %", "-5.0 %", "-2.5 %", "0.0 %", "2.5 %", "5.0 %", "7.5 %"]
        );
        // The IC's plain numbers with a step of 0.025.
        let ic = Scale::new([-0.06, 0.08].into_iter());
        assert_eq!(ic.label(0.075, false), "0.075");
        // A step of 0.05 keeps two decimals, a step of 1 % none.
        assert_eq!(
            Scale::new([-0.1, 0.19].into_iter()).label(0.05, false),
            "0.05"
        );
        assert_eq!(
            Scale::new([-0.03, 0.03].into_iter()).label(0.01, true),
            "1 %"
        );
    }
}
