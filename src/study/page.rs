//! The study's `index.html`: self-contained (its charts beside it, nothing from the
//! network), the numbers to three decimals (the CSVs keep them whole), the definitions in
//! one line each, the warnings and what was left out.

use std::fmt::Write as _;

use super::Study;

const STYLE: &str = "body{font-family:'DejaVu Sans',Verdana,sans-serif;margin:2em auto;max-width:1100px;color:#222}\
table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:right}\
th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}img{max-width:100%}\
.warn{color:#a34a00;font-weight:bold}.muted{color:#666}";

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn f3(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.3}")).unwrap_or_else(|| "–".into())
}

/// Returns in percent, two decimals.
fn pct(x: Option<f64>) -> String {
    x.map(|v| format!("{:.2} %", v * 100.0))
        .unwrap_or_else(|| "–".into())
}

pub fn index_html(study: &Study) -> String {
    let w = study.window;
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<title>tickertone study {from} to {to}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
<h1>Does the sentiment lead the price? {from} to {to}</h1>\n\
<p>By {grouping}; horizons {horizons} trading days; closes from {first} to {last}. \
<a href=\"../{to}/index.html\">The report of {to}</a>. Data: <a href=\"ic.csv\">ic.csv</a>, \
<a href=\"ic_summary.csv\">ic_summary.csv</a>, <a href=\"quantiles.csv\">quantiles.csv</a>, \
<a href=\"events.csv\">events.csv</a>, <a href=\"correlations.csv\">correlations.csv</a>, \
<a href=\"coverage.csv\">coverage.csv</a>.</p>\n",
        from = w.from,
        to = w.to,
        grouping = study.grouping,
        horizons = study
            .horizons
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        first = study
            .coverage
            .first_close
            .map_or("–".into(), |d| d.to_string()),
        last = study
            .coverage
            .last_close
            .map_or("–".into(), |d| d.to_string()),
    );
    for ic in &study.ic {
        if let Some(warning) = ic.warning() {
            let _ = writeln!(h, "<p class=\"warn\">{}</p>", esc(&warning));
        }
    }
    h.push_str(
        "<h2>Information coefficient</h2>\n<p class=\"muted\">Per trading day with at least 5 \
companies having news, a close that day and one h trading days later: Spearman's correlation \
of the day's mean sentiment with the forward return close(t+h)/close(t) − 1. Days whose \
quintile edges repeat are left out, as Alphalens leaves them out.</p>\n\
<p><img src=\"ic.png\" alt=\"Mean IC by horizon with ±2 standard errors\"></p>\n\
<table><tr><th>horizon</th><th>mean IC</th><th>sd</th><th>t</th><th>share &gt; 0</th>\
<th>days</th><th>too few companies</th><th>tied</th></tr>\n",
    );
    for ic in &study.ic {
        let _ = writeln!(
            h,
            "<tr><td>{} d</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            ic.horizon,
            f3(ic.mean),
            f3(ic.sd),
            f3(ic.t),
            f3(ic.share_positive),
            ic.days.len(),
            ic.days_too_few,
            ic.days_tied
        );
    }
    h.push_str(
        "</table>\n<h2>Quintiles</h2>\n<p class=\"muted\">Each day's companies cut into \
quintiles of sentiment; the mean forward return of each quintile (and minus the day's mean), \
averaged over days; top minus bottom is quintile 5 − quintile 1.</p>\n\
<p><img src=\"quantiles.png\" alt=\"Cumulative mean return by quintile\"></p>\n\
<table><tr><th>horizon</th><th>1</th><th>2</th><th>3</th><th>4</th><th>5</th>\
<th>top − bottom</th><th>days</th></tr>\n",
    );
    for q in &study.quantiles {
        let _ = write!(h, "<tr><td>{} d</td>", q.horizon);
        for r in &q.quantiles {
            let _ = write!(h, "<td>{}</td>", pct(r.mean));
        }
        let _ = writeln!(
            h,
            "<td>{}</td><td>{}</td></tr>",
            pct(q.spread),
            q.daily.len()
        );
    }
    let _ = write!(
        h,
        "</table>\n<h2>Events</h2>\n<p class=\"muted\">Days with |zscore_30d| ≥ 2, by sign: the \
mean cumulative abnormal return (against {}) from 5 trading days before to 20 after, ±2 \
standard errors.</p>\n<p><img src=\"events.png\" alt=\"Cumulative abnormal return around \
events\"></p>\n<table><tr><th>sign</th><th>events</th><th>left out</th><th>CAR day 0</th>\
<th>CAR day +5</th><th>CAR day +20</th></tr>\n",
        esc(&study.events.against)
    );
    for c in &study.events.curves {
        let car = |day: i32| c.days.iter().find(|d| d.0 == day).map(|d| d.2);
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            c.sign,
            c.events,
            c.left_out,
            pct(car(0)),
            pct(car(5)),
            pct(car(20))
        );
    }
    let _ = write!(
        h,
        "</table>\n<h2>Per {grouping}</h2>\n<p class=\"muted\">Pearson's correlation of each day's sentiment with the forward return from that day's close (from 10 days with both).</p>\n<table><tr><th>{grouping}</th>",
        grouping = study.grouping
    );
    for hz in &study.horizons {
        let _ = write!(h, "<th>{hz} d</th><th>n</th>");
    }
    h.push_str("</tr>\n");
    for rows in study.correlations.chunk_by(|a, b| a.company == b.company) {
        let _ = write!(h, "<tr><td>{}</td>", esc(&rows[0].company));
        for r in rows {
            let _ = write!(h, "<td>{}</td><td>{}</td>", f3(r.corr), r.n);
        }
        h.push_str("</tr>\n");
    }
    let c = &study.coverage;
    let _ = write!(
        h,
        "</table>\n<h2>What was left out</h2>\n<p>{news} days with news of {companies} {grouping}; \
{weekend} on no trading day, {noclose} without a close that day. Without any close: {without}.{no_sector}</p>\n",
        news = c.news_days,
        companies = c.companies,
        grouping = super::plural(study.grouping),
        no_sector = if study.grouping == "sector" {
            format!(" Companies with news of no sector (in no sector's rows): {}.", c.without_sector)
        } else {
            String::new()
        },
        weekend = c.not_trading_days,
        noclose = c.no_close_that_day,
        without = if c.without_closes.is_empty() {
            "none".to_string()
        } else {
            esc(&c.without_closes.join(", "))
        }
    );
    h.push_str("</body>\n</html>\n");
    h
}
