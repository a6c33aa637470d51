//! `index.html`: the summary table (sortable), the overview and heatmap, the movers, and for
//! each company its chart and the headlines that moved it most. Self-contained: the charts
//! sit beside it, the little scripts are inline, nothing comes from the network.
//!
//! It opens quickly at thousands of companies (the 1M benchmark: 3 000 charts, 194 MB): the
//! company charts load lazily, as they scroll into view, and a filter box narrows the table
//! and the companies to a name or ticker, Enter jumping to the first match.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::aggregate::{Aggregates, DailyRow, Headline, SummaryRow};
use crate::render::chart::CHART_SIZE;
use crate::render::unusual;

/// Rows in each list of movers.
const MOVERS: usize = 5;
/// Unusual days listed at most.
const Z_DAYS: usize = 20;
/// Rows of the strongest correlations with the next day's return (`--prices`).
const CORRELATIONS: usize = 10;

/// Characters of a title or name shown, at most: a 40 MB title must not become the page.
const MAX_SHOWN_CHARS: usize = 300;

/// Text for the page: markup escaped, control characters and bidirectional overrides (ESC,
/// NUL, U+202E) shown as U+FFFD, as the CSVs do.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            c if crate::aggregate::cells::is_hidden_control(c) => out.push('\u{fffd}'),
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

/// [`escape`] of a title or name cut to [`MAX_SHOWN_CHARS`] characters, with "…" where it
/// was cut.
fn shown(s: &str) -> String {
    match s.char_indices().nth(MAX_SHOWN_CHARS) {
        None => escape(s),
        Some((end, _)) => format!("{}…", escape(&s[..end])),
    }
}

/// Only web links become links: a `javascript:` url in a feed must not run in the report.
fn safe_url(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| escape(url.trim()))
}

/// A sentiment as people read it: three decimals (the CSVs keep full precision), and a
/// value that rounds to zero without a sign.
fn three(v: f64) -> String {
    let s = format!("{v:.3}");
    match s.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_string(),
        _ => s,
    }
}

/// `data-v` holds the value the table sorts on, in full (numbers as numbers, empty last);
/// the cell shows three decimals.
fn num_cell(x: Option<f64>) -> String {
    match x {
        Some(v) => format!("<td data-v=\"{v}\">{}</td>", three(v)),
        None => "<td data-v=\"\"></td>".to_string(),
    }
}

const STYLE: &str = r#"body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1320px; color: #222; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { padding: 0.3em 0.7em; border-bottom: 1px solid #ddd; text-align: right; }
th { background: #f3f3f3; cursor: pointer; user-select: none; }
th.sorted-asc::after { content: " ▲"; } th.sorted-desc::after { content: " ▼"; }
td.text, th.text { text-align: left; }
img { max-width: 100%; height: auto; border: 1px solid #eee; }
section { margin-top: 2.5em; }
.up { color: #0072b2; } .down { color: #d55e00; }
ul.headlines { font-size: 0.9em; }
.copies { color: #666; }
input#find { font: inherit; padding: 0.2em 0.4em; width: 20em; }
[hidden] { display: none !important; }"#;

/// Click a header to sort by it; click again to reverse. Numbers sort as numbers.
const SORT_SCRIPT: &str = r#"document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th").forEach(function (th, col) {
    th.addEventListener("click", function () {
      var asc = !th.classList.contains("sorted-asc");
      table.querySelectorAll("th").forEach(function (h) { h.classList.remove("sorted-asc", "sorted-desc"); });
      th.classList.add(asc ? "sorted-asc" : "sorted-desc");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var key = function (row) {
        var cell = row.cells[col];
        var v = cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent;
        var n = parseFloat(v);
        return v === "" ? null : (isNaN(n) ? v.toLowerCase() : n);
      };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        if (x === null) return 1; if (y === null) return -1;
        var c = x < y ? -1 : x > y ? 1 : 0;
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});"#;

/// Type to keep only the rows and companies whose name or tickers contain the text; Enter
/// jumps to the company with exactly that ticker or name, else to the first shown.
const FIND_SCRIPT: &str = r#"(function () {
  var box = document.getElementById("find");
  var count = document.getElementById("found");
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-key]"));
  var sections = items.filter(function (e) { return e.tagName === "SECTION"; });
  var keys = function (e) { return e.getAttribute("data-key").split("|"); };
  var query = function () { return box.value.trim().toLowerCase(); };
  box.addEventListener("input", function () {
    var q = query(), shown = 0;
    items.forEach(function (e) {
      var hit = q === "" || e.getAttribute("data-key").indexOf(q) !== -1;
      e.hidden = !hit;
      if (hit && e.tagName === "SECTION") shown++;
    });
    count.textContent = q === "" ? "" : shown + " of " + sections.length;
  });
  box.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    event.preventDefault();
    var q = query();
    var shown = sections.filter(function (s) { return !s.hidden; });
    var exact = shown.filter(function (s) { return keys(s).indexOf(q) !== -1; });
    var target = exact[0] || shown[0];
    if (target) location.hash = target.id;
  });
})();"#;

/// What the filter box matches a company by: its name, symbol and tickers, lower case,
/// `|`-separated (escaped for an attribute).
fn search_key(company: &str, symbol: &str, tickers: &[String]) -> String {
    let mut key: Vec<String> = Vec::new();
    for name in [company, symbol]
        .into_iter()
        .chain(tickers.iter().map(String::as_str))
    {
        let name: String = name
            .chars()
            .take(MAX_SHOWN_CHARS)
            .collect::<String>()
            .to_lowercase();
        if !key.contains(&name) {
            key.push(name);
        }
    }
    escape(&key.join("|"))
}

/// The page. `stems[i]` names `aggregates.summary[i]` in the page's anchors (unique, see
/// `render::chart_stems`); `charts[i]` is its chart relative to the page, if it has one
/// (`--top`); `image_ext` is the overview's and heatmap's (`None`: no images); `with_csv`
/// links the CSVs.
/// `page` with a link to the study of its last date (`<reports>/study-<to>/`) after its
/// first paragraph.
pub fn with_study_link(page: String, to: chrono::NaiveDate) -> String {
    let link = format!(
        "\n<p>Does the sentiment lead the price? <a href=\"../study-{to}/index.html\">The study \
of {to}</a> (information coefficient, quintiles, events).</p>"
    );
    match page.find("</p>") {
        Some(at) => format!("{}{link}{}", &page[..at + 4], &page[at + 4..]),
        None => page + &link,
    }
}

pub fn index_html(
    aggregates: &Aggregates,
    stems: &[String],
    charts: &[Option<String>],
    image_ext: Option<&str>,
    with_csv: bool,
) -> String {
    let w = aggregates.window;
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<title>tickertone report {from} to {to}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n\
<h1>Sentiment report, {from} to {to}</h1>\n\
<p>{n} companies, {pairs} article–company pairs.",
        from = w.from,
        to = w.to,
        n = aggregates.summary.len(),
        pairs = aggregates.summary.iter().map(|r| r.articles).sum::<u64>(),
    );
    let left_out: u64 = aggregates.summary.iter().map(|r| r.not_about).sum();
    if left_out > 0 {
        let _ = write!(
            h,
            " Left out: {left_out} article{} that mention a company without being about it \
(the <i>not about</i> column; <code>--all-mentions</code> counts them).",
            if left_out == 1 { "" } else { "s" }
        );
    }
    if with_csv {
        h.push_str(
            " Data: <a href=\"summary.csv\">summary.csv</a>, <a href=\"daily.csv\">daily.csv</a>",
        );
        if !aggregates.sectors.is_empty() {
            h.push_str(", <a href=\"sectors.csv\">sectors.csv</a>");
        }
        h.push('.');
    }
    h.push_str("</p>\n");
    if let Some(ext) = image_ext {
        let _ = write!(
            h,
            "<p><img src=\"overview.{ext}\" alt=\"Mean sentiment by company\"></p>\n\
<p><img src=\"heatmap.{ext}\" alt=\"Daily mean sentiment, companies by day\"></p>\n"
        );
        if !aggregates.sectors.is_empty() {
            let _ = writeln!(
                h,
                "<p><img src=\"sectors.{ext}\" alt=\"7-day rolling mean sentiment by sector\"></p>"
            );
        }
    }
    movers(&mut h, aggregates);
    correlations(&mut h, aggregates);
    h.push_str(
        "<p><label for=\"find\">Find a company or ticker:</label> \
<input type=\"search\" id=\"find\" placeholder=\"name or ticker, Enter to jump\" autocomplete=\"off\"> \
<span id=\"found\"></span></p>\n",
    );
    let anchors: Vec<String> = stems.iter().map(|s| format!("company-{s}")).collect();
    summary_table(&mut h, &aggregates.summary, &anchors);

    let mut headlines: BTreeMap<&str, Vec<&Headline>> = BTreeMap::new();
    for hl in &aggregates.headlines {
        headlines.entry(hl.company.as_str()).or_default().push(hl);
    }
    h.push_str("<h2>Companies</h2>\n");
    for ((r, chart), anchor) in aggregates.summary.iter().zip(charts).zip(&anchors) {
        let _ = write!(
            h,
            "<section id=\"{id}\" data-key=\"{key}\"><h3>{company} ({symbol}) · {label}</h3>",
            id = escape(anchor),
            key = search_key(&r.company, &r.symbol, &r.tickers),
            company = shown(&r.company),
            symbol = escape(&r.symbol),
            label = r.label,
        );
        if r.not_about > 0 {
            let _ = write!(
                h,
                "<p class=\"note\">{} more article{} mention {} without being about it: left out.</p>",
                r.not_about,
                if r.not_about == 1 { "" } else { "s" },
                shown(&r.company),
            );
        }
        if let Some(src) = chart {
            let _ = writeln!(
                h,
                "<img src=\"{src}\" alt=\"{company} daily sentiment\" width=\"{width}\" height=\"{height}\" loading=\"lazy\" decoding=\"async\">",
                src = escape(src),
                company = shown(&r.company),
                // The size reserves the chart's place, so the page does not jump as charts
                // load, and lazy loading knows which are in view.
                width = CHART_SIZE.0,
                height = CHART_SIZE.1,
            );
        }
        if let Some(list) = headlines.get(r.company.as_str()) {
            h.push_str("<ul class=\"headlines\">\n");
            for hl in list {
                let title = shown(hl.title.as_deref().unwrap_or("(no title)"));
                let title = match hl.url.as_deref().and_then(safe_url) {
                    Some(url) => format!("<a href=\"{url}\">{title}</a>"),
                    None => title,
                };
                let _ = writeln!(
                    h,
                    "<li>{date} · <span class=\"{class}\">{score:+.3}</span> · {title}{source}{copies}</li>",
                    date = hl.date,
                    class = if hl.score >= 0.0 { "up" } else { "down" },
                    score = hl.score,
                    source = hl
                        .source
                        .as_deref()
                        .map(|s| format!(" — {}", shown(s)))
                        .unwrap_or_default(),
                    copies = match hl.copies {
                        0 => String::new(),
                        1 => " <span class=\"copies\">and 1 copy</span>".to_string(),
                        n => format!(" <span class=\"copies\">and {n} copies</span>"),
                    },
                );
            }
            h.push_str("</ul>\n");
        }
        h.push_str("</section>\n");
    }
    let _ = write!(
        h,
        "<script>\n{SORT_SCRIPT}\n{FIND_SCRIPT}\n</script>\n</body>\n</html>\n"
    );
    h
}

fn summary_table(h: &mut String, summary: &[SummaryRow], anchors: &[String]) {
    h.push_str(
        "<h2>Summary</h2>\n<p>Click a column to sort.</p>\n<table class=\"sortable\" id=\"summary\">\n\
<thead><tr><th class=\"text\">company</th><th class=\"text\">symbol</th><th class=\"text\">tickers</th>\
<th>articles</th><th>mean</th><th>weighted</th><th>last date</th><th>last</th><th>rolling 7d</th>\
<th>change 7d</th><th class=\"text\">label</th><th>not about</th></tr></thead>\n<tbody>\n",
    );
    for (r, anchor) in summary.iter().zip(anchors) {
        let _ = writeln!(
            h,
            "<tr data-key=\"{key}\"><td class=\"text\"><a href=\"#{anchor}\">{company}</a></td><td class=\"text\">{symbol}</td>\
<td class=\"text\">{tickers}</td><td data-v=\"{articles}\">{articles}</td>{mean}{weighted}<td>{last_date}</td>\
{last}{rolling}{change}<td class=\"text\">{label}</td><td data-v=\"{not_about}\">{not_about}</td></tr>",
            key = search_key(&r.company, &r.symbol, &r.tickers),
            anchor = escape(anchor),
            company = shown(&r.company),
            symbol = escape(&r.symbol),
            tickers = escape(&r.tickers.join(";")),
            articles = r.articles,
            mean = num_cell(Some(r.mean_sentiment)),
            weighted = num_cell(r.weighted_sentiment),
            last_date = r.last_date,
            last = num_cell(Some(r.last_sentiment)),
            rolling = num_cell(r.rolling_7d),
            change = num_cell(r.change_7d),
            label = r.label,
            not_about = r.not_about,
        );
    }
    h.push_str("</tbody>\n</table>\n");
}

/// The largest 7-day changes up and down, unusual volume, and the unusual days.
fn movers(h: &mut String, aggregates: &Aggregates) {
    let mut changes: Vec<&SummaryRow> = aggregates
        .summary
        .iter()
        .filter(|r| r.change_7d.is_some())
        .collect();
    changes.sort_by(|a, b| {
        b.change_7d
            .unwrap_or(0.0)
            .total_cmp(&a.change_7d.unwrap_or(0.0))
            .then(a.company.cmp(&b.company))
    });
    let up: Vec<&&SummaryRow> = changes
        .iter()
        .filter(|r| r.change_7d.unwrap_or(0.0) > 0.0)
        .take(MOVERS)
        .collect();
    let down: Vec<&&SummaryRow> = changes
        .iter()
        .rev()
        .filter(|r| r.change_7d.unwrap_or(0.0) < 0.0)
        .take(MOVERS)
        .collect();
    let mut zdays: Vec<(&DailyRow, f64)> = aggregates
        .daily
        .iter()
        .filter_map(|d| unusual::sentiment_z(d).map(|z| (d, z)))
        .collect();
    zdays.sort_by(|a, b| {
        b.1.abs()
            .total_cmp(&a.1.abs())
            .then(b.0.date.cmp(&a.0.date))
    });
    h.push_str("<section id=\"movers\"><h2>Movers</h2>\n");
    for (title, list, class) in [
        ("Largest 7-day rise", &up, "up"),
        ("Largest 7-day fall", &down, "down"),
    ] {
        let _ = writeln!(h, "<h3>{title}</h3>");
        if list.is_empty() {
            h.push_str("<p>None in this window.</p>\n");
            continue;
        }
        h.push_str("<ol>\n");
        for r in list.iter() {
            let _ = writeln!(
                h,
                "<li>{} ({}): <span class=\"{class}\">{:+.3}</span> to a 7-day mean of {:+.3}</li>",
                shown(&r.company),
                escape(&r.symbol),
                r.change_7d.unwrap_or(0.0),
                r.rolling_7d.unwrap_or(0.0),
            );
        }
        h.push_str("</ol>\n");
    }
    unusual_volume(h, aggregates);
    let _ = writeln!(
        h,
        "<h3>Unusual days (|z| ≥ {} against the prior 30 days)</h3>\n\
<p>Days with at least {} articles only: the mean of one or two scores swings too far to tell.</p>",
        unusual::Z,
        unusual::MIN_ARTICLES
    );
    if zdays.is_empty() {
        h.push_str("<p>None in this window.</p>\n");
    } else {
        h.push_str("<ul>\n");
        for (d, z) in zdays.iter().take(Z_DAYS) {
            let z = *z;
            let _ = writeln!(
                h,
                "<li>{} · {} ({}): mean {} on {} article{}, <span class=\"{}\">z = {:+.2}</span></li>",
                d.date,
                shown(&d.company),
                escape(&d.symbol),
                three(d.mean_sentiment),
                d.articles,
                if d.articles == 1 { "" } else { "s" },
                if z >= 0.0 { "up" } else { "down" },
                z
            );
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</section>\n");
}

/// The companies whose news volume on the report's last day is unusual (|volume_z_30d| ≥ 2:
/// stories against the 30 days before), furthest from their usual first.
fn unusual_volume(h: &mut String, aggregates: &Aggregates) {
    let to = aggregates.window.to;
    let mut days: Vec<(&DailyRow, f64, u64)> = aggregates
        .daily
        .iter()
        .filter(|d| d.date == to)
        .filter_map(|d| unusual::volume_z(d).map(|z| (d, z, d.stories)))
        .collect();
    days.sort_by(|a, b| {
        b.1.abs()
            .total_cmp(&a.1.abs())
            .then(a.0.company.cmp(&b.0.company))
    });
    let _ = writeln!(
        h,
        "<h3>Unusual volume on {to} (|z| ≥ {} against the prior 30 days)</h3>",
        unusual::Z
    );
    if days.is_empty() {
        h.push_str("<p>None on this day.</p>\n");
        return;
    }
    h.push_str("<ol>\n");
    for (d, z, stories) in days.iter().take(MOVERS) {
        let _ = writeln!(
            h,
            "<li>{} ({}): {stories} stor{} ({} article{}), <span class=\"{}\">volume z = {:+.2}</span></li>",
            shown(&d.company),
            escape(&d.symbol),
            if *stories == 1 { "y" } else { "ies" },
            d.articles,
            if d.articles == 1 { "" } else { "s" },
            if *z >= 0.0 { "up" } else { "down" },
            z
        );
    }
    h.push_str("</ol>\n");
    if days.len() > MOVERS {
        let _ = writeln!(h, "<p>and {} more.</p>", days.len() - MOVERS);
    }
}

/// With `--prices`: the companies whose daily mean sentiment correlates most strongly
/// (either sign) with the next trading day's return, over at least `prices::CORR_MIN_DAYS` days.
fn correlations(h: &mut String, aggregates: &Aggregates) {
    if aggregates.summary.iter().all(|x| x.corr_n.is_none()) {
        return;
    }
    let mut rows: Vec<(&SummaryRow, f64, usize)> = aggregates
        .summary
        .iter()
        .filter_map(|r| match (r.corr_next_return, r.corr_n) {
            (Some(c), Some(n)) if n >= crate::prices::CORR_MIN_DAYS && c.is_finite() => {
                Some((r, c, n))
            }
            _ => None,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.1.abs()
            .total_cmp(&a.1.abs())
            .then(a.0.company.cmp(&b.0.company))
    });
    h.push_str(
        "<section id=\"correlations\"><h2>Sentiment and the next day's return</h2>\n\
<p>Pearson correlation of a day's mean sentiment with the next trading day's close-to-close \
return, strongest first (at least 10 days with both).</p>\n",
    );
    if rows.is_empty() {
        h.push_str("<p>No company has 10 such days in this window.</p>\n</section>\n");
        return;
    }
    h.push_str(
        "<table class=\"correlations\">\n<thead><tr><th class=\"text\">company</th>\
<th class=\"text\">symbol</th><th>corr_next_return</th><th>days</th></tr></thead>\n<tbody>\n",
    );
    for (r, c, n) in rows.iter().take(CORRELATIONS) {
        let _ = writeln!(
            h,
            "<tr><td class=\"text\">{}</td><td class=\"text\">{}</td><td class=\"{}\">{:+.3}</td><td>{n}</td></tr>",
            shown(&r.company),
            escape(&r.symbol),
            if *c >= 0.0 { "up" } else { "down" },
            c
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_show_three_decimals_and_sort_on_all_of_them() {
        assert_eq!(three(0.28076835443), "0.281");
        assert_eq!(three(-0.207266666667), "-0.207");
        assert_eq!(three(-0.0004), "0.000");
        assert_eq!(three(1.0), "1.000");
        assert_eq!(
            num_cell(Some(-0.20296071428571427)),
            "<td data-v=\"-0.20296071428571427\">-0.203</td>"
        );
        assert_eq!(num_cell(None), "<td data-v=\"\"></td>");
    }

    #[test]
    fn escapes_markup_and_refuses_script_links() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(
            safe_url("https://x.example/?a=1&b=2").as_deref(),
            Some("https://x.example/?a=1&amp;b=2")
        );
    }

    #[test]
    fn controls_are_replaced_and_long_text_cut() {
        assert_eq!(
            escape("a\u{1b}[2Jb\0c\u{202e}d"),
            "a\u{fffd}[2Jb\u{fffd}c\u{fffd}d"
        );
        let long = "x".repeat(MAX_SHOWN_CHARS * 10);
        let cut = shown(&long);
        assert_eq!(cut.chars().count(), MAX_SHOWN_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(shown("<b>"), "&lt;b&gt;");
    }
}
