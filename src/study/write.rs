//! The study folder, `<reports>/study-<to>/`: the CSVs, the charts and the page, built in
//! a hidden staging folder and moved into place whole (the old folder first moved aside),
//! so a reader never sees half of one.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::events::offsets;
use super::Study;
use crate::aggregate::cells::number;
use crate::render::study_charts;

/// The study folder's name before its last date.
pub const STUDY_PREFIX: &str = "study-";

fn opt(x: Option<f64>) -> String {
    x.map(number).unwrap_or_default()
}

/// CSV text with `,`, quotes and line breaks quoted.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub fn ic_csv(study: &Study) -> String {
    let mut out = String::from("horizon,date,ic,companies\n");
    for h in &study.ic {
        for d in &h.days {
            let _ = writeln!(
                out,
                "{},{},{},{}",
                h.horizon,
                d.date,
                number(d.ic),
                d.companies
            );
        }
    }
    out
}

pub fn ic_summary_csv(study: &Study) -> String {
    let mut out = String::from(
        "horizon,mean_ic,sd,t,share_positive,n,days_too_few,days_tied,days_undefined,warning\n",
    );
    for h in &study.ic {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{}",
            h.horizon,
            opt(h.mean),
            opt(h.sd),
            opt(h.t),
            opt(h.share_positive),
            h.days.len(),
            h.days_too_few,
            h.days_tied,
            h.days_undefined,
            field(&h.warning().unwrap_or_default())
        );
    }
    out
}

pub fn quantiles_csv(study: &Study) -> String {
    let mut out = String::from(
        "horizon,quantile,mean_return,std_error,mean_return_demeaned,std_error_demeaned,days\n",
    );
    for h in &study.quantiles {
        for q in &h.quantiles {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{}",
                h.horizon,
                q.quantile,
                opt(q.mean),
                opt(q.std_error),
                opt(q.mean_demeaned),
                opt(q.std_error_demeaned),
                q.days
            );
        }
        let days = h
            .daily
            .iter()
            .filter(|(_, d)| d[0].is_some() && d[super::QUANTILES - 1].is_some())
            .count();
        // The spread is the same demeaned or not: the day's mean cancels. `long-short` is
        // half of it: a portfolio long the top and short the bottom at 100 % gross
        // (alphalens-reloaded's "mean period-wise spread").
        let half = |x: Option<f64>| x.map(|v| v / 2.0);
        for (name, spread, se) in [
            ("top-bottom", h.spread, h.spread_std_error),
            ("long-short", half(h.spread), half(h.spread_std_error)),
        ] {
            let _ = writeln!(
                out,
                "{},{name},{},{},{},{},{days}",
                h.horizon,
                opt(spread),
                opt(se),
                opt(spread),
                opt(se)
            );
        }
    }
    out
}

pub fn events_csv(study: &Study) -> String {
    let mut out = String::from("sign,day,mean_ar,mean_car,std_error_car,events\n");
    for c in &study.events.curves {
        for &(day, ar, car, se) in &c.days {
            let _ = writeln!(
                out,
                "{},{day},{},{},{},{}",
                c.sign,
                number(ar),
                number(car),
                opt(se),
                c.events
            );
        }
    }
    out
}

pub fn correlations_csv(study: &Study) -> String {
    let mut out = String::from("company,symbol,horizon,corr,n\n");
    for c in &study.correlations {
        let _ = writeln!(
            out,
            "{},{},{},{},{}",
            field(&c.company),
            field(&c.symbol),
            c.horizon,
            opt(c.corr),
            c.n
        );
    }
    out
}

pub fn coverage_csv(study: &Study) -> String {
    let c = &study.coverage;
    let mut out = String::from("what,count\n");
    let mut row = |what: &str, n: usize| {
        let _ = writeln!(out, "{what},{n}");
    };
    let rows = super::plural(study.grouping);
    row(&format!("{rows} with news"), c.companies);
    row(&format!("{rows} without closes"), c.without_closes.len());
    if study.grouping == "sector" {
        row("companies with news of no sector", c.without_sector);
    }
    row("days with news", c.news_days);
    row("days with news on no trading day", c.not_trading_days);
    row(
        "days with news without a close that day",
        c.no_close_that_day,
    );
    for (h, n) in &c.past_last_close {
        row(&format!("days with news past the last close at {h}"), *n);
    }
    for curve in &study.events.curves {
        row(&format!("{} events", curve.sign), curve.events);
        row(
            &format!("{} events without every close", curve.sign),
            curve.left_out,
        );
    }
    out
}

/// Writes the study folder of `study` under `reports_dir`; returns its path.
pub fn write_study(reports_dir: &Path, study: &Study) -> Result<PathBuf> {
    fs::create_dir_all(reports_dir)
        .with_context(|| format!("cannot create the reports folder {}", reports_dir.display()))?;
    let name = format!("{STUDY_PREFIX}{}", study.window.to);
    let target = reports_dir.join(&name);
    let staging = reports_dir.join(format!(".{name}.{}.tmp", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    let built = build(&staging, study);
    if let Err(e) = built {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let aside = reports_dir.join(format!(".{name}.old.{}", std::process::id()));
    if target.exists() {
        fs::rename(&target, &aside)
            .with_context(|| format!("cannot move the old {} aside", target.display()))?;
    }
    fs::rename(&staging, &target)
        .with_context(|| format!("cannot move the study into {}", target.display()))?;
    if aside.exists() {
        let _ = fs::remove_dir_all(&aside);
    }
    Ok(target)
}

fn build(dir: &Path, study: &Study) -> Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let files = [
        ("ic.csv", ic_csv(study)),
        ("ic_summary.csv", ic_summary_csv(study)),
        ("quantiles.csv", quantiles_csv(study)),
        ("events.csv", events_csv(study)),
        ("correlations.csv", correlations_csv(study)),
        ("coverage.csv", coverage_csv(study)),
    ];
    for (name, text) in &files {
        fs::write(dir.join(name), text)
            .with_context(|| format!("cannot write {}", dir.join(name).display()))?;
    }
    study_charts::write_ic(&dir.join("ic.png"), &ic_bars(study))?;
    study_charts::write_lines(&dir.join("quantiles.png"), &quantile_lines(study))?;
    study_charts::write_lines(&dir.join("events.png"), &event_lines(study))?;
    fs::write(dir.join("index.html"), super::page::index_html(study))
        .with_context(|| format!("cannot write {}", dir.join("index.html").display()))?;
    Ok(())
}

fn ic_bars(study: &Study) -> study_charts::Bars {
    study_charts::Bars {
        title: "Mean information coefficient by horizon".into(),
        subtitle: format!(
            "Daily Spearman IC of sentiment and forward return, {} to {}; bars ±2 standard errors",
            study.window.from, study.window.to
        ),
        bars: study
            .ic
            .iter()
            .map(|h| study_charts::Bar {
                label: format!("{} d (n = {})", h.horizon, h.days.len()),
                value: h.mean,
                error: h
                    .sd
                    .map(|sd| 2.0 * sd / (h.days.len().max(1) as f64).sqrt()),
            })
            .collect(),
    }
}

fn quantile_lines(study: &Study) -> study_charts::Lines {
    // The shortest horizon: its daily returns do not overlap (a 5-day return compounded
    // daily would count each day five times).
    let shortest = study.quantiles.first();
    let mut series = Vec::new();
    if let Some(h) = shortest {
        for q in 0..super::QUANTILES {
            let mut value = 1.0;
            let points = h
                .daily
                .iter()
                .enumerate()
                .filter_map(|(k, (_, d))| {
                    value *= 1.0 + d[q]?;
                    Some((k as f64, value - 1.0, None))
                })
                .collect();
            series.push(study_charts::Series {
                name: format!("quintile {}", q + 1),
                points,
            });
        }
    }
    let horizon = shortest.map_or(1, |h| h.horizon);
    study_charts::Lines {
        title: "Cumulative mean return by quintile of sentiment".into(),
        subtitle: format!(
            "{horizon}-day forward returns minus the day's mean, compounded over the study's days"
        ),
        x_label: "days of the study (with a cross-section)".into(),
        series,
        zero_line: true,
    }
}

fn event_lines(study: &Study) -> study_charts::Lines {
    let series = study
        .events
        .curves
        .iter()
        .map(|c| study_charts::Series {
            name: format!("{} (n = {})", c.sign, c.events),
            points: c
                .days
                .iter()
                .map(|&(day, _, car, se)| (f64::from(day), car, se.map(|s| 2.0 * s)))
                .collect(),
        })
        .collect();
    let first = offsets().next().unwrap_or(0);
    study_charts::Lines {
        title: "Cumulative abnormal return around |z| ≥ 2 days".into(),
        subtitle: format!(
            "Against {}; from day {first}, bands ±2 standard errors",
            study.events.against
        ),
        x_label: "trading days from the event".into(),
        series,
        zero_line: true,
    }
}
