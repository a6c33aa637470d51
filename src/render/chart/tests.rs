//! Tests of the charts as a whole: both formats of every chart, drawn from one fixture.

use std::path::Path;

use chrono::NaiveDate;
use plotters::style::RGBColor;

use super::parts::days_in;
use super::*;
use crate::aggregate::{DailyRow, SummaryRow, Window};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn w(from: &str, to: &str) -> Window {
    Window {
        from: d(from),
        to: d(to),
    }
}

/// A deterministic report of `n` companies (the first five with real names, one with
/// characters XML escapes), news on about 70 % of the days.
fn fixture(n: usize, window: Window) -> (Vec<SummaryRow>, Vec<DailyRow>) {
    let names = [
        ("Alphabet Inc.", "GOOGL"),
        ("Apple Inc.", "AAPL"),
        ("Nvidia", "NVDA"),
        ("Meta Platforms", "META"),
        ("Amazon.com, Inc. & <Friends>", "AMZN"),
    ];
    let mut seed = 42u64;
    let mut rnd = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as f64 / (1u64 << 31) as f64
    };
    let (mut summary, mut daily) = (Vec::new(), Vec::new());
    for c in 0..n {
        let (company, symbol) = match names.get(c) {
            Some((company, symbol)) => (company.to_string(), symbol.to_string()),
            None => (format!("Company {c}"), format!("C{c}")),
        };
        let bias = rnd() * 0.8 - 0.4;
        let mut rows: Vec<DailyRow> = Vec::new();
        for date in window.from.iter_days().take(days_in(window) as usize) {
            if rnd() < 0.3 {
                continue;
            }
            let articles = 1 + (rnd() * rnd() * 12.0) as u64;
            let mean = (bias + rnd() * 0.8 - 0.4).clamp(-1.0, 1.0);
            let spread = if articles > 1 { rnd() * 0.5 } else { 0.0 };
            let bullish = (articles as f64 * rnd()) as u64;
            let bearish = ((articles - bullish) as f64 * rnd()) as u64;
            let z = rnd() * 5.0 - 2.5;
            rows.push(DailyRow {
                date,
                company: company.clone(),
                symbol: symbol.clone(),
                tickers: vec![symbol.clone()],
                articles,
                mean_sentiment: mean,
                weighted_sentiment: Some(mean),
                min_sentiment: (mean - spread).max(-1.0),
                max_sentiment: (mean + spread / 2.0).min(1.0),
                bullish,
                bearish,
                neutral: articles - bullish - bearish,
                rolling_7d: Some((mean + bias) / 2.0),
                zscore_30d: (rows.len() > 5).then_some(z),
                // Copies on busy days, a volume spike every tenth day.
                stories: articles - articles / 3,
                story_mean_sentiment: Some(mean),
                volume_z_30d: (rows.len() % 10 == 9).then_some(2.5),
                close: None,
            });
        }
        let mean = rows.iter().map(|r| r.mean_sentiment).sum::<f64>() / rows.len().max(1) as f64;
        summary.push(SummaryRow {
            company,
            symbol: symbol.clone(),
            tickers: vec![symbol],
            articles: rows.iter().map(|r| r.articles).sum(),
            mean_sentiment: mean,
            weighted_sentiment: Some(mean),
            last_date: window.to,
            last_sentiment: mean,
            rolling_7d: None,
            change_7d: None,
            label: crate::aggregate::label(0.0),
            stories: 0,
            story_mean_sentiment: None,
            sector: None,
            corr_next_return: None,
            corr_n: None,
            not_about: 0,
        });
        daily.extend(rows);
    }
    (summary, daily)
}

/// Draws every chart of `fixture(n, window)` in both formats into `dir`, as
/// `<tag>-company.png`, `<tag>-overview.svg`, …; the company chart is the first company's.
fn write_all(dir: &Path, tag: &str, n: usize, window: Window) {
    let (summary, daily) = fixture(n, window);
    let first = &summary[0];
    let days: Vec<&DailyRow> = daily
        .iter()
        .filter(|d| d.company == first.company)
        .collect();
    // A close every day.
    let closes: crate::prices::Closes = window
        .from
        .iter_days()
        .take(days_in(window) as usize)
        .enumerate()
        .map(|(i, d)| (d, 100.0 + (i as f64 * 0.2).sin() * 8.0))
        .collect();
    let company =
        CompanyChart::new(&first.company, &first.tickers, window, &days).with_closes(Some(&closes));
    let overview = Overview::new(window, &summary);
    let heatmap = Heatmap::new(window, &summary, &daily);
    for format in [ImageFormat::Png, ImageFormat::Svg] {
        let file = |name: &str| dir.join(format!("{tag}-{name}.{}", format.ext()));
        write(&company, &file("company"), format).unwrap();
        write(&overview, &file("overview"), format).unwrap();
        write(&heatmap, &file("heatmap"), format).unwrap();
    }
}

/// Checks that `xml` is well-formed as far as plotters' SVG can go wrong: one `<svg>`
/// element holds everything, the tags nest, attribute values are quoted, `&` only starts
/// an entity, text only inside `<text>`. Returns the text of every `<text>`, unescaped.
fn svg_texts(xml: &str) -> Vec<String> {
    assert!(xml.starts_with("<svg "), "{}", &xml[..xml.len().min(80)]);
    let entities = [
        ("&amp;", "&"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&apos;", "'"),
    ];
    let escaped = |s: &str| {
        s.match_indices('&')
            .all(|(i, _)| entities.iter().any(|(e, _)| s[i..].starts_with(e)))
    };
    let (mut open, mut texts, mut content) = (Vec::new(), Vec::new(), "");
    let mut pieces = xml.split('<');
    assert_eq!(pieces.next(), Some(""));
    for (i, piece) in pieces.enumerate() {
        let (tag, after) = piece.split_once('>').expect("an unclosed tag");
        assert!(escaped(tag) && escaped(after), "a raw & in {piece:?}");
        assert!(tag.matches('"').count() % 2 == 0, "unquoted: {tag:?}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(open.pop(), Some(name), "</{name}> closes nothing");
            if name == "text" {
                let text = entities
                    .iter()
                    .fold(content.trim().to_string(), |t, (e, c)| t.replace(e, c));
                texts.push(text);
            }
        } else {
            let name = tag.split_whitespace().next().unwrap_or_default();
            assert!(i == 0 || !open.is_empty(), "<{name}> after </svg>");
            assert!(i > 0 || name == "svg");
            if !tag.ends_with('/') {
                open.push(name);
            }
            content = after;
        }
        if open.last() != Some(&"text") {
            assert!(after.trim().is_empty(), "stray text {after:?}");
        }
    }
    assert!(open.is_empty(), "unclosed: {open:?}");
    texts
}

#[test]
fn the_svg_check_catches_what_it_checks() {
    let good = "<svg a=\"1\">\n<text x=\"1\">\nA &amp; B\n</text>\n<rect/>\n</svg>\n";
    assert_eq!(svg_texts(good), ["A & B"]);
    for bad in [
        "<svg a=\"1\">\n<text>A & B</text>\n</svg>",
        "<svg a=\"1\">\n<text>A</svg>",
        "<svg a=\"1\">\n<rect x=\"1/>\n</svg>",
        "<svg a=\"1\">\nstray\n</svg>",
        "<svg a=\"1\">\n</svg>\n<rect/>",
        "<g>\n</g>",
    ] {
        let caught = std::panic::catch_unwind(|| svg_texts(bad)).is_err();
        assert!(caught, "{bad:?}");
    }
}

#[test]
fn svg_charts_are_well_formed_and_keep_their_text() {
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path(), "t", 6, w("2026-08-23", "2026-11-20"));
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();

    let company = read("t-company.svg");
    assert!(company.starts_with(r#"<svg width="1280" height="720" "#));
    let texts = svg_texts(&company);
    assert_eq!(texts[0], "Alphabet Inc. (GOOGL)");
    for t in [
        "mean sentiment",
        "stories",
        "copies",
        "volume |z| ≥ 2",
        "close",
        "close (right axis)",
        "Aug 24",
        "\u{2212}0.5",
    ] {
        assert!(texts.iter().any(|x| x == t), "{t} missing: {texts:?}");
    }
    // The text asks for the embedded font first, at the bitmap's size (22 px → 18.9).
    assert!(company.contains(r#"font-family="DejaVu Sans, sans-serif" font-size="18.9""#));
    assert!(!company.contains("font-family=\"sans-serif\""));

    for name in ["t-overview.svg", "t-heatmap.svg"] {
        let texts = svg_texts(&read(name));
        for company in [
            "Alphabet Inc. (GOOGL)",
            "Amazon.com, Inc. & <Friends> (AMZN)",
            "Company 5 (C5)",
        ] {
            assert!(texts.iter().any(|t| t == company), "{name}: {company}");
        }
    }
}

/// Charts share a canvas, a glyph cache and the drawing of their shared part per thread:
/// none may carry anything from one chart into the next (nor from a window into another).
#[test]
fn a_chart_is_the_same_whatever_was_drawn_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let window = w("2025-03-01", "2025-05-29");
    let (summary, daily) = fixture(6, window);
    let draw = |i: usize, name: &str| -> Vec<u8> {
        let row = &summary[i];
        let days: Vec<&DailyRow> = daily.iter().filter(|d| d.company == row.company).collect();
        let path = dir.path().join(name);
        let chart = CompanyChart::new(&row.company, &row.tickers, window, &days);
        write(&chart, &path, ImageFormat::Png).unwrap();
        std::fs::read(path).unwrap()
    };
    // On a fresh thread: an empty canvas and cache.
    let first = std::thread::scope(|s| s.spawn(|| draw(0, "fresh.png")).join().unwrap());
    let others: Vec<Vec<u8>> = (1..6).map(|i| draw(i, &format!("{i}.png"))).collect();
    let longer = w("2025-02-01", "2025-05-29");
    let (other_summary, other_daily) = fixture(2, longer);
    let row = &other_summary[0];
    let days: Vec<&DailyRow> = other_daily
        .iter()
        .filter(|d| d.company == row.company)
        .collect();
    let chart = CompanyChart::new(&row.company, &row.tickers, longer, &days);
    write(&chart, &dir.path().join("longer.png"), ImageFormat::Png).unwrap();
    let overview = Overview::new(window, &summary);
    write(
        &overview,
        &dir.path().join("overview.png"),
        ImageFormat::Png,
    )
    .unwrap();
    assert_eq!(draw(0, "again.png"), first);
    assert!(others.iter().all(|o| *o != first));
}

#[test]
fn svg_and_png_charts_have_the_same_size() {
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path(), "t", 30, w("2026-10-01", "2026-10-20"));
    for chart in ["company", "overview", "heatmap"] {
        let png = std::fs::read(dir.path().join(format!("t-{chart}.png"))).unwrap();
        let svg = std::fs::read_to_string(dir.path().join(format!("t-{chart}.svg"))).unwrap();
        // The PNG's IHDR: width and height, big-endian, from byte 16.
        let size = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
        let (width, height) = (size(16), size(20));
        let head = format!(r#"<svg width="{width}" height="{height}" "#);
        assert!(svg.starts_with(&head), "{chart}: {head} vs {}", &svg[..40]);
    }
}

/// A PNG (palette or RGB) as its size and RGB pixels.
fn decode(path: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let file = std::fs::File::open(path).unwrap();
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let rgb = buf[..info.buffer_size()]
        .chunks(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    (info.width, info.height, rgb)
}

/// Pixels of `(w, rgb)` in `x0..x1` × `y0..y1` within `tolerance` of `colour`.
fn count(
    (w, rgb): (u32, &[[u8; 3]]),
    (x0, x1): (u32, u32),
    (y0, y1): (u32, u32),
    colour: RGBColor,
    tolerance: u8,
) -> usize {
    let want = [colour.0, colour.1, colour.2];
    (y0..y1)
        .flat_map(|y| (x0..x1).map(move |x| (y * w + x) as usize))
        .filter(|&i| (0..3).all(|k| rgb[i][k].abs_diff(want[k]) <= tolerance))
        .count()
}

/// Empty and extreme windows: each chart decodes at its size, says there is no news where
/// it has a panel for it, keeps its scale (zones, colour bar) and draws no data marks.
#[test]
fn edge_cases_render() {
    use super::parts::colour::{
        BLUE, MUTED, VERMILLION, ZONE_BEARISH, ZONE_BULLISH, ZONE_SOMEWHAT_BEARISH,
        ZONE_SOMEWHAT_BULLISH,
    };
    let dir = tempfile::tempdir().unwrap();
    let one_day = w("2026-03-01", "2026-03-01");
    let long = w("2000-01-01", "2026-12-31");
    let empty = CompanyChart::new("Empty", &[], one_day, &[]);
    let long_empty = CompanyChart::new("Long", &[], long, &[]);
    let overview = Overview::new(one_day, &[]);
    let (heatmap, long_heatmap) = (
        Heatmap::new(one_day, &[], &[]),
        Heatmap::new(long, &[], &[]),
    );
    let sizes = [
        ("a", empty.size()),
        ("b", overview.size()),
        ("c", heatmap.size()),
        ("d", long_heatmap.size()),
        ("e", long_empty.size()),
    ];
    for format in [ImageFormat::Png, ImageFormat::Svg] {
        let file = |name: &str| dir.path().join(format!("{name}.{}", format.ext()));
        write(&empty, &file("a"), format).unwrap();
        write(&overview, &file("b"), format).unwrap();
        write(&heatmap, &file("c"), format).unwrap();
        write(&long_heatmap, &file("d"), format).unwrap();
        write(&long_empty, &file("e"), format).unwrap();
    }
    let no_news = "no news in this window";
    for (f, (width, height)) in sizes {
        let svg = std::fs::read_to_string(dir.path().join(format!("{f}.svg"))).unwrap();
        let texts = svg_texts(&svg);
        assert!(svg.starts_with(&format!(r#"<svg width="{width}" height="{height}" "#)));
        let (w, h, rgb) = decode(&dir.path().join(format!("{f}.png")));
        assert_eq!((w, h), (width, height), "{f}");
        let image = (w, &rgb[..]);
        let everywhere = |colour, tolerance| count(image, (0, w), (0, h), colour, tolerance);
        match f {
            "a" | "e" => {
                assert!(texts.iter().any(|t| t == no_news), "{f}: {texts:?}");
                // The note, muted grey, in the middle of the sentiment panel (84…1160 ×
                // 108…498, the note 40 px above its centre).
                let note = count(image, (500, 745), (250, 277), MUTED, 40);
                assert!(note > 100, "{f}: {note} pixels of the note");
                // The zones stay, a fifth of the chart each way at least.
                for zone in [ZONE_BULLISH, ZONE_BEARISH] {
                    assert!(everywhere(zone, 0) > (w * h / 12) as usize, "{f}");
                }
                // No point, band or bar in either panel.
                for mark in [BLUE, VERMILLION] {
                    let drawn = count(image, (85, 1160), (109, 654), mark, 10);
                    assert_eq!(drawn, 0, "{f}: marks without news");
                }
                // The date axis is labelled ("Mar 1"; over 27 years, every fifth year).
                let labels = count(image, (60, 1200), (662, 678), RGBColor(34, 34, 34), 60);
                assert!(labels > 20, "{f}: {labels} pixels of date labels");
            }
            "b" => {
                assert!(texts.iter().any(|t| t == "Mean sentiment by company"));
                assert!(
                    texts.iter().any(|t| t.ends_with("· 0 companies")),
                    "{texts:?}"
                );
                // The scale (±0.24 without companies) keeps its leaning zones.
                assert!(everywhere(ZONE_SOMEWHAT_BULLISH, 0) > 1000);
                assert!(everywhere(ZONE_SOMEWHAT_BEARISH, 0) > 1000);
                // No company, no bar.
                assert_eq!(everywhere(BLUE, 0) + everywhere(VERMILLION, 0), 0);
            }
            _ => {
                assert!(texts.iter().any(|t| t == no_news), "{f}: {texts:?}");
                let note = count(image, (600, 870), (128, 156), MUTED, 40);
                assert!(note > 100, "{f}: {note} pixels of the note");
                // The colour bar still spans the scale, blue to vermillion.
                assert!(
                    everywhere(BLUE, 8) > 20 && everywhere(VERMILLION, 8) > 20,
                    "{f}"
                );
            }
        }
    }
}
