//! Shapes and legend keys: filled rectangles, pixel-exact thin lines, the smoothed line,
//! dots and rings, and the legend entries made of them.

use anyhow::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::colour::{AXIS, BAND, BLUE, INK, ORANGE, PURPLE};
use super::{text, text_width, Area, Canvas};

pub fn rect<DB: Canvas>(
    area: &Area<DB>,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    colour: RGBAColor,
) -> Result<()> {
    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], colour.filled()))?;
    Ok(())
}

/// A 1 px line along the pixels of row `y` from `x0` to `x1` (both included).
pub fn hline<DB: Canvas>(
    area: &Area<DB>,
    x0: i32,
    x1: i32,
    y: i32,
    colour: &RGBColor,
) -> Result<()> {
    pixel_line(area, (x0, y), (x1, y), colour)
}

/// A 1 px line along the pixels of column `x` from `y0` to `y1` (both included).
pub fn vline<DB: Canvas>(
    area: &Area<DB>,
    x: i32,
    y0: i32,
    y1: i32,
    colour: &RGBColor,
) -> Result<()> {
    pixel_line(area, (x, y0), (x, y1), colour)
}

/// A horizontal or vertical 1 px line over the pixels from `a` to `b`. In an SVG it is a
/// rectangle over those pixels: a line at a whole coordinate would straddle two pixel rows
/// and come out blurred.
fn pixel_line<DB: Canvas>(
    area: &Area<DB>,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    colour: &RGBColor,
) -> Result<()> {
    if DB::VECTOR {
        let top_left = (x0.min(x1), y0.min(y1));
        let bottom_right = (x0.max(x1) + 1, y0.max(y1) + 1);
        return rect(area, top_left, bottom_right, colour.mix(1.0));
    }
    area.draw(&PathElement::new(
        vec![(x0, y0), (x1, y1)],
        colour.stroke_width(1),
    ))?;
    Ok(())
}

/// A 3 px polyline with a white halo, its edges smoothed by anti-aliased 1 px lines.
pub fn smooth_line<DB: Canvas>(
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
pub fn dot<DB: Canvas>(
    area: &Area<DB>,
    (x, y): (i32, i32),
    r: i32,
    colour: &RGBColor,
) -> Result<()> {
    area.draw(&Circle::new((x, y), r + 1, WHITE.filled()))?;
    area.draw(&Circle::new((x, y), r, colour.filled()))?;
    Ok(())
}

/// A faint disc: the copies of a day's stories, behind its dot.
pub fn faint_disc<DB: Canvas>(
    area: &Area<DB>,
    (x, y): (i32, i32),
    r: i32,
    colour: &RGBColor,
) -> Result<()> {
    area.draw(&Circle::new((x, y), r, colour.mix(0.3).filled()))?;
    Ok(())
}

/// A news volume spike: an orange triangle pointing down at `(x, y)`.
pub fn spike_marker<DB: Canvas>(area: &Area<DB>, (x, y): (i32, i32)) -> Result<()> {
    area.draw(&Polygon::new(
        vec![(x - 6, y - 9), (x + 6, y - 9), (x, y)],
        ORANGE.filled(),
    ))?;
    Ok(())
}

pub fn ring<DB: Canvas>(area: &Area<DB>, (x, y): (i32, i32), r: i32) -> Result<()> {
    area.draw(&Circle::new((x, y), r, PURPLE.stroke_width(2)))?;
    Ok(())
}

/// Radii of the daily points: the area grows with the day's count (stories, or articles for
/// the faint disc of copies behind), from 3 px up to a largest radius that fits the day's
/// column (neighbours overlap little), reached at the company's busiest day's article
/// count (or at 5, for a company with few a day).
#[derive(Debug, Clone, Copy)]
pub struct DotSizes {
    max_radius: f64,
    reference: f64,
}

impl DotSizes {
    const MIN: f64 = 3.0;

    /// `busiest`: the largest count a dot shows.
    pub fn new(busiest: u64, cell: f64) -> Self {
        DotSizes {
            max_radius: (cell * 0.6).clamp(Self::MIN + 1.0, 9.0),
            reference: busiest.max(5) as f64,
        }
    }

    pub fn radius(&self, count: u64) -> i32 {
        let t = (count as f64 / self.reference).min(1.0).sqrt();
        (Self::MIN + (self.max_radius - Self::MIN) * t).round() as i32
    }
}

/// The legend's small and large dots.
const LEGEND_DOTS: DotSizes = DotSizes {
    max_radius: 8.0,
    reference: 5.0,
};

/// A legend entry's symbol.
#[derive(Clone, Copy)]
pub enum Key {
    /// A story dot with the faint disc of its copies behind.
    StoryDot,
    Line,
    /// A 2 px line in a series' colour.
    LineOf(RGBColor),
    /// The marker of a news volume spike.
    Spike,
    Range,
    Ring,
    Swatch(RGBColor),
}

const KEY_WIDTH: i32 = 32;

pub fn draw_key<DB: Canvas>(area: &Area<DB>, key: Key, (x, y): (i32, i32)) -> Result<()> {
    match key {
        Key::StoryDot => {
            faint_disc(area, (x + 14, y), LEGEND_DOTS.radius(5), &BLUE)?;
            dot(area, (x + 14, y), LEGEND_DOTS.radius(1), &BLUE)?;
        }
        Key::Line => smooth_line(area, &[(x, y), (x + KEY_WIDTH - 2, y)], &INK)?,
        Key::LineOf(c) => {
            area.draw(&PathElement::new(
                vec![(x, y), (x + KEY_WIDTH - 2, y)],
                c.stroke_width(2),
            ))?;
        }
        Key::Spike => spike_marker(area, (x + 14, y + 4))?,
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
pub fn legend_row<DB: Canvas>(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_sizes_grow_with_articles_and_fit_the_column() {
        // A quiet company: 1 article is small, 5 or more the largest that fits 12 px days.
        let sizes = DotSizes::new(2, 12.0);
        assert_eq!(
            (sizes.radius(1), sizes.radius(2), sizes.radius(5)),
            (5, 6, 7)
        );
        // A busy one: relative to its busiest day; never wider than the column allows.
        let sizes = DotSizes::new(200, 40.0);
        assert_eq!((sizes.radius(10), sizes.radius(200)), (4, 9));
        let sizes = DotSizes::new(200, 3.0);
        assert_eq!(sizes.radius(200), 4);
    }
}
