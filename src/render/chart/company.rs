//! A company's chart: the daily mean as points sized by story count (the story's copies a
//! faint disc behind) over the day's min–max range, the 7-day rolling mean (a value every
//! day, `render::rolling`, broken after a week without news), the sentiment zones as background, unusual days (`render::unusual`:
//! |z| ≥ 2 on 3+ articles) ringed and labelled, and with `--prices` the close on a second axis at the right; below, the day's
//! stories as a bar in the colour of their mean (copies faint above it), news volume
//! spikes (|volume_z_30d| ≥ 2) marked over their day.

mod close;

use anyhow::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::parts::colour::{
    AXIS, BAND, BLUE, DARK_PURPLE, FAINT_BLUE, GRID, INK, MUTED, NEUTRAL_BAR, SPIKE_BAND,
    VERMILLION, ZONE_BEARISH, ZONE_BULLISH,
};
use super::parts::{
    date_ticks, days_in, dot, draw_date_labels, draw_key, faint_disc, hline, legend_row, name_zone,
    rect, ring, shorten, signed, smooth_line, span_label, spike_marker, text, text_up, text_width,
    vline, zones, Area, Canvas, DayScale, DotSizes, Key, Tick,
};
use super::Chart;
use chrono::NaiveDate;

use crate::aggregate::{DailyRow, Window, LEANING};
use crate::prices::Closes;
use crate::render::rolling::{self, NewsDay};
use crate::render::unusual;

/// Size of a company chart (the contract asks at least 1200×700).
pub const CHART_SIZE: (u32, u32) = (1280, 720);

/// At most this many days are labelled with their z-score (the most extreme); every
/// unusual day is ringed.
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

/// A day with news as the chart draws it: its row of `daily.csv`, its stories at most its
/// articles.
#[derive(Clone, Copy)]
struct Day<'a> {
    row: &'a DailyRow,
    /// Distinct stories.
    stories: u64,
    /// The mean of the stories' means.
    story_mean: f64,
    /// Its `volume_z_30d` when the volume is unusual (a spike).
    volume_z: Option<f64>,
}

impl std::ops::Deref for Day<'_> {
    type Target = DailyRow;

    fn deref(&self) -> &DailyRow {
        self.row
    }
}

/// The chart of one company over a window.
pub struct CompanyChart<'a> {
    company: &'a str,
    tickers: &'a [String],
    window: Window,
    /// The company's days with news in the window, in date order.
    days: Vec<Day<'a>>,
    /// The runs of its 7-day rolling mean, a point on every day that has one.
    rolling: Vec<rolling::Run>,
    /// Its closes in the window, news or not (`--prices`).
    closes: Vec<(NaiveDate, f64)>,
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
        let days: Vec<Day> = days
            .iter()
            .filter(|d| window.contains(d.date))
            .map(|&row| Day {
                row,
                stories: row.stories.min(row.articles),
                story_mean: row.story_mean_sentiment.unwrap_or(row.mean_sentiment),
                volume_z: unusual::volume_z(row),
            })
            .collect();
        let news: Vec<NewsDay> = days.iter().map(|d| NewsDay::of_company(d.row)).collect();
        CompanyChart {
            company,
            tickers,
            window,
            days,
            rolling: rolling::runs(window, &news),
            closes: Vec::new(),
            scale: DayScale::new(window, LAYOUT.left, LAYOUT.right),
        }
    }

    /// Draws the company's closes dated in the window (`--prices`) on a second axis.
    pub fn with_closes(mut self, closes: Option<&Closes>) -> Self {
        let window = self.window;
        self.closes = closes
            .map(|c| {
                c.range(window.from..=window.to)
                    .map(|(d, c)| (*d, *c))
                    .collect()
            })
            .unwrap_or_default();
        self
    }

    /// The centre of a day's point.
    fn point(&self, d: &DailyRow) -> (i32, i32) {
        (
            self.scale.x(d.date).round() as i32,
            sentiment_y(d.mean_sentiment),
        )
    }

    /// The days with a close (`--prices`).
    fn has_closes(&self) -> bool {
        !self.closes.is_empty()
    }

    fn spikes(&self) -> impl Iterator<Item = &Day<'a>> {
        self.days.iter().filter(|d| d.volume_z.is_some())
    }

    /// Title and subtitle.
    fn titles<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let l = &LAYOUT;
        let days = days_in(self.window);
        let articles: u64 = self.days.iter().map(|d| d.articles).sum();
        let stories: u64 = self.days.iter().map(|d| d.stories).sum();
        let title = format!(
            "{} ({})",
            shorten(self.company, 60),
            self.tickers.join(", ")
        );
        text(root, &title, (l.left, 24), 22.0, true, &INK, HPos::Left)?;
        let subtitle = format!(
            "Daily news sentiment, {} · {} stor{} ({} article{}) on {} of {} day{}",
            span_label(self.window),
            stories,
            if stories == 1 { "y" } else { "ies" },
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
        Ok(())
    }

    /// The legend row.
    fn legend<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let l = &LAYOUT;
        let entries = [
            (Key::StoryDot, "daily mean (dot: stories, faint: copies)"),
            (Key::Range, "day's min–max"),
            (Key::Line, "7-day rolling mean"),
            (Key::Ring, "|z| ≥ 2 against 30 days, 3+ articles"),
            (Key::Swatch(ZONE_BULLISH), "bullish zone"),
            (Key::Swatch(ZONE_BEARISH), "bearish zone"),
        ];
        legend_row(root, &entries, (l.left, 84))?;
        if self.has_closes() {
            close::legend(root, (l.right, 52))?;
        }
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
        if self.has_closes() {
            // The right margin holds the close's axis; the legend names the zones.
            return Ok(());
        }
        for zone in &zones {
            let (top, bottom) = (sentiment_y(zone.upper), sentiment_y(zone.lower));
            name_zone(root, zone, l.right + 12, top, bottom)?;
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

    /// The daily means as dots, and the 7-day rolling mean: one line per run of days
    /// whose week holds news, through a point on each (see `render::rolling`), so a week
    /// without news breaks it. A lone point is a short dash under the dots, a longer run a
    /// line over them.
    fn means_and_rolling_line<DB: Canvas>(&self, root: &Area<DB>, sizes: &DotSizes) -> Result<()> {
        let mut lines = Vec::new();
        for run in &self.rolling {
            let points: Vec<(i32, i32)> = run
                .iter()
                .map(|&(date, r)| (self.scale.x(date).round() as i32, sentiment_y(r)))
                .collect();
            if let [(x, y)] = points.as_slice() {
                let w = (self.scale.cell * 0.4).clamp(3.0, 10.0).round() as i32;
                smooth_line(root, &[(x - w, *y), (x + w, *y)], &INK)?;
            } else {
                lines.push(points);
            }
        }
        for d in &self.days {
            if d.articles > d.stories {
                // At least a 3 px ring of copies shows round the dot and its rim.
                let r = sizes.radius(d.articles).max(sizes.radius(d.stories) + 4);
                faint_disc(root, self.point(d), r, &BLUE)?;
            }
        }
        for d in &self.days {
            dot(root, self.point(d), sizes.radius(d.stories), &BLUE)?;
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
        let mut unusual: Vec<(&Day, f64)> = self
            .days
            .iter()
            .filter_map(|d| unusual::sentiment_z(d).map(|z| (d, z)))
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
                let r = sizes.radius(d.stories);
                (x - r, y - r, x + r, y + r)
            })
            .collect();
        let mut labelled = 0;
        for (d, z) in &unusual {
            let (x, y) = self.point(d);
            let r = sizes.radius(d.stories) + 4;
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

    /// The day's stories as a bar in the colour of their mean (bullish, neutral, bearish),
    /// its copies faint above it up to the day's articles; a news volume spike shaded behind
    /// its day and marked with a triangle above the panel. Whole-number ticks; the legend in
    /// the right margin.
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
        let half = (self.scale.cell * 0.36).clamp(0.5, 12.0);
        let narrow = ((self.scale.cell - 24.0) / 2.0).max(0.0).round() as i32;
        for d in self.spikes() {
            let i = self.scale.index(d.date);
            let (x0, x1) = (
                self.scale.edge(i) + narrow,
                self.scale.edge(i + 1) - 1 - narrow,
            );
            rect(
                root,
                (x0, l.count_top),
                (x1, l.count_bottom),
                SPIKE_BAND.mix(1.0),
            )?;
        }
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
        text_up(root, "stories", (24, middle), 14.0, &MUTED)?;
        for d in &self.days {
            let x = self.scale.x(d.date);
            let (x0, x1) = ((x - half).round() as i32, (x + half).round() as i32);
            let colour = if d.story_mean >= LEANING {
                BLUE
            } else if d.story_mean <= -LEANING {
                VERMILLION
            } else {
                NEUTRAL_BAR
            };
            let stories = y_of(d.stories as f64);
            if d.articles > d.stories {
                rect(
                    root,
                    (x0, y_of(d.articles as f64)),
                    (x1, stories),
                    colour.mix(0.3),
                )?;
            }
            rect(root, (x0, stories), (x1, y_of(0.0)), colour.mix(1.0))?;
        }
        for d in self.spikes() {
            spike_marker(root, (self.scale.x(d.date).round() as i32, l.count_top - 3))?;
        }
        hline(root, l.left, l.right, l.count_bottom, &AXIS)?;
        vline(root, l.left, l.count_top, l.count_bottom, &AXIS)?;
        let keys = [
            (Key::Swatch(BLUE), "bullish"),
            (Key::Swatch(NEUTRAL_BAR), "neutral"),
            (Key::Swatch(VERMILLION), "bearish"),
            (Key::Swatch(FAINT_BLUE), "copies"),
            (Key::Spike, "volume |z| ≥ 2"),
        ];
        for (i, (key, name)) in keys.into_iter().enumerate() {
            let y = l.count_top + 6 + 22 * i as i32;
            draw_key(root, key, (l.right + 2, y))?;
            text(root, name, (l.right + 32, y), 12.0, false, &INK, HPos::Left)?;
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
    /// points and lines, rings and labels, then the axes. (Titles first: an SVG reads in
    /// this order.)
    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let l = &LAYOUT;
        root.fill(&WHITE)?;
        self.titles(root)?;
        self.legend(root)?;
        let ticks = date_ticks(self.window, ((l.right - l.left) / 80) as usize);
        self.sentiment_background(root, &ticks)?;
        self.data(root)?;
        draw_date_labels(root, &ticks, &self.scale, l.count_bottom + 16)?;
        Ok(())
    }

    /// What every company's chart of a window draws alike.
    fn shared_key(&self) -> Option<String> {
        let w = self.window;
        Some(format!("company {} {} {}", w.from, w.to, self.has_closes()))
    }

    /// The canvas, the legend, the sentiment panel's background and the date labels: the
    /// same for every company of a window. Nothing drawn after them reaches the rows of the
    /// titles and labels, so the pixels are those of [`Chart::draw`] but for blends
    /// approximated when a palette fills up in another order (a few pixels by at most
    /// 14 of 255 in a channel, in half of the 10M benchmark's charts).
    fn draw_shared<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let l = &LAYOUT;
        root.fill(&WHITE)?;
        self.legend(root)?;
        let ticks = date_ticks(self.window, ((l.right - l.left) / 80) as usize);
        self.sentiment_background(root, &ticks)?;
        draw_date_labels(root, &ticks, &self.scale, l.count_bottom + 16)?;
        Ok(())
    }

    fn draw_own<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        self.titles(root)?;
        self.data(root)
    }
}

impl CompanyChart<'_> {
    /// The company's own marks: its ranges, points, lines, unusual days and story counts.
    fn data<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let l = &LAYOUT;
        if self.days.is_empty() {
            self.no_news(root)?;
        }
        self.ranges(root)?;
        hline(root, l.left, l.right, sentiment_y(0.0), &AXIS)?;
        if self.has_closes() {
            close::draw(root, &self.closes, &self.scale)?;
        }
        let busiest = self.days.iter().map(|d| d.articles).max().unwrap_or(1);
        let sizes = DotSizes::new(busiest, self.scale.cell);
        self.means_and_rolling_line(root, &sizes)?;
        self.unusual_days(root, &sizes)?;
        vline(root, l.left, l.top, l.bottom, &AXIS)?;
        self.count_panel(root)
    }
}
