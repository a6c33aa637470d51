//! PNG charts with plotters: one per company, and the overview ranking.
//!
//! Text is drawn with DejaVu Sans compiled into the binary (plotters' `ab_glyph` backend), so
//! charts render the same on a machine without any system font.

use std::path::Path;
use std::sync::Once;

use anyhow::{anyhow, Result};
use chrono::{Datelike, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};

use crate::aggregate::{DailyRow, SummaryRow, Window};

/// Chart size of a company chart (the contract asks at least 1200×700).
pub const CHART_SIZE: (u32, u32) = (1280, 720);

const FONT: &str = "sans-serif";
static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

// Okabe–Ito colours: distinguishable with every common colour-vision deficiency.
const BLUE: RGBColor = RGBColor(0, 114, 178);
const ORANGE: RGBColor = RGBColor(230, 159, 0);
const VERMILLION: RGBColor = RGBColor(213, 94, 0);
const GREY: RGBColor = RGBColor(120, 120, 120);
const LIGHT_GREY: RGBColor = RGBColor(200, 200, 200);
const INK: RGBColor = RGBColor(40, 40, 40);

fn register_fonts() -> Result<()> {
    static ONCE: Once = Once::new();
    let mut result = Ok(());
    ONCE.call_once(|| {
        let ok = register_font(FONT, FontStyle::Normal, REGULAR).is_ok()
            && register_font(FONT, FontStyle::Bold, BOLD).is_ok();
        if !ok {
            result = Err(anyhow!("the embedded font could not be loaded"));
        }
    });
    result
}

fn day(d: NaiveDate) -> f64 {
    d.num_days_from_ce() as f64
}

fn date_label(x: &f64) -> String {
    NaiveDate::from_num_days_from_ce_opt(x.round() as i32)
        .map(|d| d.format("%b %-d").to_string())
        .unwrap_or_default()
}

/// A company's chart: daily mean (points), 7-day rolling mean (line), zero line, and the
/// article counts per day in a panel below.
pub fn company_chart(
    path: &Path,
    company: &str,
    tickers: &[String],
    window: Window,
    days: &[&DailyRow],
) -> Result<()> {
    register_fonts()?;
    let root = BitMapBackend::new(path, CHART_SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let title = format!(
        "{company} ({}) · daily sentiment, {} to {}",
        tickers.join(", "),
        window.from,
        window.to
    );
    let root = root.titled(
        &title,
        (FONT, 26).into_font().style(FontStyle::Bold).color(&INK),
    )?;
    let (upper, lower) = root.split_vertically(CHART_SIZE.1 as i32 * 64 / 100);
    let x_range = day(window.from) - 0.7..day(window.to) + 0.7;
    sentiment_panel(&upper, x_range.clone(), days)?;
    count_panel(&lower, x_range, days)?;
    root.present()?;
    Ok(())
}

fn sentiment_panel(
    area: &DrawingArea<BitMapBackend, Shift>,
    x_range: std::ops::Range<f64>,
    days: &[&DailyRow],
) -> Result<()> {
    let mut chart = ChartBuilder::on(area)
        .margin_left(16)
        .margin_right(28)
        .margin_top(8)
        .x_label_area_size(28)
        .y_label_area_size(64)
        .build_cartesian_2d(x_range.clone(), -1.0f64..1.0f64)?;
    chart
        .configure_mesh()
        .x_labels(12)
        .x_label_formatter(&date_label)
        .y_labels(9)
        .y_label_formatter(&|y| format!("{y:.2}"))
        .y_desc("sentiment")
        .label_style((FONT, 15).into_font().color(&INK))
        .axis_desc_style((FONT, 16).into_font().color(&INK))
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(LIGHT_GREY.mix(0.5))
        .draw()?;

    chart.draw_series(LineSeries::new(
        [(x_range.start, 0.0), (x_range.end, 0.0)],
        GREY.stroke_width(1),
    ))?;
    chart
        .draw_series(
            days.iter()
                .map(|d| Circle::new((day(d.date), d.mean_sentiment), 4, BLUE.mix(0.75).filled())),
        )?
        .label("daily mean")
        .legend(|(x, y)| Circle::new((x + 10, y), 4, BLUE.filled()));
    chart
        .draw_series(LineSeries::new(
            days.iter()
                .filter_map(|d| d.rolling_7d.map(|r| (day(d.date), r))),
            VERMILLION.stroke_width(3),
        ))?
        .label("7-day rolling mean")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], VERMILLION.stroke_width(3)));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font((FONT, 15).into_font().color(&INK))
        .background_style(WHITE.mix(0.85))
        .border_style(LIGHT_GREY)
        .draw()?;
    Ok(())
}

fn count_panel(
    area: &DrawingArea<BitMapBackend, Shift>,
    x_range: std::ops::Range<f64>,
    days: &[&DailyRow],
) -> Result<()> {
    let max = days.iter().map(|d| d.articles).max().unwrap_or(1).max(1);
    // Whole-number ticks: at most 5 of them, on a round step.
    let step = (max as f64 / 4.0).ceil().max(1.0) as u64;
    let top = max.div_ceil(step) * step;
    let mut chart = ChartBuilder::on(area)
        .margin_left(16)
        .margin_right(28)
        .margin_bottom(10)
        .x_label_area_size(28)
        .y_label_area_size(64)
        .build_cartesian_2d(x_range, 0.0..top as f64 * 1.05)?;
    chart
        .configure_mesh()
        .x_labels(12)
        .x_label_formatter(&date_label)
        .y_labels((top / step + 1) as usize)
        .y_label_formatter(&|y| {
            let n = y.round();
            if (y - n).abs() < 1e-6 && (n as u64).is_multiple_of(step) {
                format!("{n:.0}")
            } else {
                String::new()
            }
        })
        .y_desc("articles")
        .label_style((FONT, 15).into_font().color(&INK))
        .axis_desc_style((FONT, 16).into_font().color(&INK))
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(LIGHT_GREY.mix(0.5))
        .draw()?;
    chart.draw_series(days.iter().map(|d| {
        let x = day(d.date);
        Rectangle::new(
            [(x - 0.38, 0.0), (x + 0.38, d.articles as f64)],
            GREY.mix(0.8).filled(),
        )
    }))?;
    Ok(())
}

/// Every company of the window ranked by mean sentiment, with its article count.
pub fn overview_chart(path: &Path, window: Window, summary: &[SummaryRow]) -> Result<()> {
    register_fonts()?;
    let mut ranked: Vec<&SummaryRow> = summary.iter().collect();
    ranked.sort_by(|a, b| {
        b.mean_sentiment
            .total_cmp(&a.mean_sentiment)
            .then_with(|| a.company.cmp(&b.company))
    });
    let rows = ranked.len().max(1);
    let height = (140 + 24 * rows as u32).max(720);
    let root = BitMapBackend::new(path, (1280, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let title = format!(
        "Mean sentiment by company, {} to {} ({} companies)",
        window.from,
        window.to,
        ranked.len()
    );
    let root = root.titled(
        &title,
        (FONT, 26).into_font().style(FontStyle::Bold).color(&INK),
    )?;
    let extent = ranked
        .iter()
        .map(|r| r.mean_sentiment.abs())
        .fold(0.1f64, f64::max)
        .min(1.0)
        * 1.25;
    let mut chart = ChartBuilder::on(&root)
        .margin_left(16)
        .margin_right(40)
        .margin_top(12)
        .margin_bottom(10)
        .x_label_area_size(50)
        .y_label_area_size(300)
        .build_cartesian_2d(-extent..extent, 0.0..rows as f64)?;
    chart
        .configure_mesh()
        .x_labels(9)
        .x_label_formatter(&|x| format!("{:.2}", x + 0.0).replace("-0.00", "0.00"))
        .x_desc("mean sentiment")
        .y_labels(0)
        .label_style((FONT, 14).into_font().color(&INK))
        .axis_desc_style((FONT, 16).into_font().color(&INK))
        .disable_y_mesh()
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(LIGHT_GREY.mix(0.5))
        .draw()?;
    // Company names, right-aligned against the plot's left edge, one per bar.
    let name_font = (FONT, 14).into_font().color(&INK);
    for (i, r) in ranked.iter().enumerate() {
        let name = format!("{} ({})", shorten(&r.company, 30), r.symbol);
        let (left, y) = chart.backend_coord(&(-extent, (rows - i) as f64 - 0.5));
        let (w, h) = root.estimate_text_size(&name, &name_font)?;
        let origin = root.get_base_pixel();
        root.draw(&Text::new(
            name,
            (left - origin.0 - w as i32 - 8, y - origin.1 - h as i32 / 2),
            name_font.clone(),
        ))?;
    }
    chart.draw_series(ranked.iter().enumerate().map(|(i, r)| {
        let top = (rows - i) as f64 - 0.15;
        let colour = if r.mean_sentiment >= 0.0 {
            BLUE
        } else {
            ORANGE
        };
        Rectangle::new([(0.0, top - 0.7), (r.mean_sentiment, top)], colour.filled())
    }))?;
    chart.draw_series(ranked.iter().enumerate().map(|(i, r)| {
        let centre = (rows - i) as f64 - 0.5;
        let x = if r.mean_sentiment >= 0.0 {
            r.mean_sentiment + extent * 0.01
        } else {
            extent * 0.01
        };
        Text::new(
            format!("{:+.3} · {} articles", r.mean_sentiment, r.articles),
            (x, centre + 0.3),
            (FONT, 13).into_font().color(&INK),
        )
    }))?;
    chart.draw_series(LineSeries::new(
        [(0.0, 0.0), (0.0, rows as f64)],
        GREY.stroke_width(1),
    ))?;
    root.present()?;
    Ok(())
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}
