//! `index.html`: the summary table and every chart, self-contained (no network).

use std::fmt::Write as _;

use crate::aggregate::Aggregates;
use crate::render::csv::number;

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The page; `chart_files[i]` is the chart of `aggregates.summary[i]`, relative to the page.
pub fn index_html(aggregates: &Aggregates, chart_files: &[String]) -> String {
    let w = aggregates.window;
    let mut h = String::new();
    let _ = write!(
        h,
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>tickertone report {from} to {to}</title>
<style>
body {{ font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; font-size: 0.9em; }}
th, td {{ padding: 0.3em 0.7em; border-bottom: 1px solid #ddd; text-align: right; }}
th {{ background: #f3f3f3; }}
td.text, th.text {{ text-align: left; }}
img {{ max-width: 100%; height: auto; border: 1px solid #eee; }}
section {{ margin-top: 2em; }}
</style>
</head>
<body>
<h1>Sentiment report, {from} to {to}</h1>
<p>{n} companies. Data: <a href="summary.csv">summary.csv</a>, <a href="daily.csv">daily.csv</a>.</p>
<p><img src="overview.png" alt="Mean sentiment by company"></p>
<h2>Summary</h2>
<table>
<thead><tr><th class="text">company</th><th class="text">symbol</th><th class="text">tickers</th><th>articles</th><th>mean</th><th>weighted</th><th>last date</th><th>last</th><th>rolling 7d</th><th>change 7d</th><th class="text">label</th></tr></thead>
<tbody>
"#,
        from = w.from,
        to = w.to,
        n = aggregates.summary.len()
    );
    let opt = |x: Option<f64>| x.map(number).unwrap_or_default();
    for (r, chart) in aggregates.summary.iter().zip(chart_files) {
        let _ = writeln!(
            h,
            "<tr><td class=\"text\"><a href=\"#{anchor}\">{company}</a></td><td class=\"text\">{symbol}</td><td class=\"text\">{tickers}</td><td>{articles}</td><td>{mean}</td><td>{weighted}</td><td>{last_date}</td><td>{last}</td><td>{rolling}</td><td>{change}</td><td class=\"text\">{label}</td></tr>",
            anchor = escape(chart),
            company = escape(&r.company),
            symbol = escape(&r.symbol),
            tickers = escape(&r.tickers.join(";")),
            articles = r.articles,
            mean = number(r.mean_sentiment),
            weighted = opt(r.weighted_sentiment),
            last_date = r.last_date,
            last = number(r.last_sentiment),
            rolling = opt(r.rolling_7d),
            change = opt(r.change_7d),
            label = r.label,
        );
    }
    h.push_str("</tbody>\n</table>\n<h2>Charts</h2>\n");
    for (r, chart) in aggregates.summary.iter().zip(chart_files) {
        let _ = writeln!(
            h,
            "<section id=\"{id}\"><h3>{company} ({symbol})</h3><img src=\"{src}\" alt=\"{company} daily sentiment\"></section>",
            id = escape(chart),
            company = escape(&r.company),
            symbol = escape(&r.symbol),
            src = escape(chart),
        );
    }
    h.push_str("</body>\n</html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
