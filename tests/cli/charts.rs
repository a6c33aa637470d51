//! The PNGs decode, have the promised size, are not blank, and show what they promise: the
//! heatmap's diverging colours, a company chart's ringed unusual day and its gap without
//! news left open; one company chart matches its golden image pixel for pixel.

use std::fs::File;
use std::path::Path;

use crate::Workspace;

/// A decoded PNG (RGB or palette), as RGB.
pub struct Image {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<[u8; 3]>,
}

impl Image {
    pub fn open(path: &Path) -> Image {
        let file = File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
        // Company charts are palette images: expand them to RGB.
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!(info.bit_depth, png::BitDepth::Eight, "{}", path.display());
        let channels = info.color_type.samples();
        assert!(channels >= 3, "{}: {:?}", path.display(), info.color_type);
        let rgb = buf[..info.buffer_size()]
            .chunks(channels)
            .map(|p| [p[0], p[1], p[2]])
            .collect();
        Image {
            width: info.width,
            height: info.height,
            rgb,
        }
    }

    /// Runs of columns of the region (fractions, as for `count`) with a pixel satisfying
    /// `test`: bars or cells side by side.
    pub fn runs_across(
        &self,
        x: (f64, f64),
        y: (f64, f64),
        test: impl Fn([u8; 3]) -> bool,
    ) -> usize {
        let (w, h) = (self.width as f64, self.height as f64);
        let rows = (y.0 * h) as u32..(y.1 * h) as u32;
        let mut runs = 0;
        let mut inside = false;
        for px in (x.0 * w) as u32..(x.1 * w) as u32 {
            let hit = rows
                .clone()
                .any(|py| test(self.rgb[(py * self.width + px) as usize]));
            if hit && !inside {
                runs += 1;
            }
            inside = hit;
        }
        runs
    }

    /// Runs of pixels satisfying `test` down column `x` (in pixels): rows of bars or cells.
    pub fn runs_down(&self, x: u32, test: impl Fn([u8; 3]) -> bool) -> usize {
        let column = (0..self.height).map(|y| test(self.rgb[(y * self.width + x) as usize]));
        let mut runs = 0;
        let mut inside = false;
        for hit in column {
            if hit && !inside {
                runs += 1;
            }
            inside = hit;
        }
        runs
    }

    /// Pixels of the region (fractions of the width and height) that satisfy `test`.
    pub fn count(&self, x: (f64, f64), y: (f64, f64), test: impl Fn([u8; 3]) -> bool) -> usize {
        let (w, h) = (self.width as f64, self.height as f64);
        let mut n = 0;
        for py in (y.0 * h) as u32..(y.1 * h) as u32 {
            for px in (x.0 * w) as u32..(x.1 * w) as u32 {
                if test(self.rgb[(py * self.width + px) as usize]) {
                    n += 1;
                }
            }
        }
        n
    }
}

pub const ALL: (f64, f64) = (0.0, 1.0);

/// Within `tolerance` of `colour` in every channel.
pub fn near(colour: [u8; 3], tolerance: u8) -> impl Fn([u8; 3]) -> bool {
    move |p| (0..3).all(|i| p[i].abs_diff(colour[i]) <= tolerance)
}

const BLUE: [u8; 3] = [0, 114, 178];
const VERMILLION: [u8; 3] = [213, 94, 0];
const NEUTRAL_BAR: [u8; 3] = [180, 180, 180];
const ZONE_BULLISH: [u8; 3] = [224, 238, 247];
/// The heatmap's cell of a day without news.
const NO_NEWS_CELL: [u8; 3] = [232, 232, 232];

/// A colour of the diverging scale (text, grid and empty cells are greys).
fn colour(p: [u8; 3]) -> bool {
    !(p[0] == p[1] && p[1] == p[2])
}

/// The overview's article count bar.
fn count_bar(p: [u8; 3]) -> bool {
    p == NEUTRAL_BAR
}

/// Near-black: the rolling line (text is drawn outside the plot region tested).
fn dark(p: [u8; 3]) -> bool {
    p.iter().all(|&c| c < 90)
}

/// The ring of a |z| ≥ 2 day: Okabe–Ito reddish purple (204, 121, 167).
fn purple(p: [u8; 3]) -> bool {
    p[0].abs_diff(204) < 12 && p[1].abs_diff(121) < 12 && p[2].abs_diff(167) < 12
}

/// Saturated blue (bullish, 0 114 178 at the end of the scale).
fn blue(p: [u8; 3]) -> bool {
    p[2] > 150 && p[0] < 90
}

/// Saturated vermillion (bearish, 213 94 0 at the end of the scale).
fn vermillion(p: [u8; 3]) -> bool {
    p[0] > 180 && p[2] < 90
}

#[test]
fn charts_per_company_overview_and_heatmap() {
    let ws = Workspace::new();
    ws.fixture("hand-computed.ndjson", "in/hand.ndjson");
    ws.cmd().args(["ingest", "in"]).assert().code(0);
    ws.cmd().args(["report"]).assert().code(0);
    let dir = ws.path("reports/2025-04-03");
    // Days with news in the window.
    for (chart, days) in [
        ("charts/GOOGL.png", 8),
        ("charts/META.png", 2),
        ("charts/ZZZZ.png", 1),
    ] {
        let img = Image::open(&dir.join(chart));
        assert!(
            img.width >= 1200 && img.height >= 700,
            "{chart}: {}x{}",
            img.width,
            img.height
        );
        // Each day with news a blue dot in the sentiment panel (about 7%–91% of the
        // width, 15%–69% of the height), and a bar in the stories panel below.
        let dots = img.count((0.066, 0.906), (0.15, 0.69), near(BLUE, 0));
        assert!(dots >= 40 * days, "{chart}: {dots} pixels of dots");
        let bars = img.runs_across((0.066, 0.906), (0.73, 0.9), |p| {
            p == BLUE || p == VERMILLION || p == NEUTRAL_BAR
        });
        assert_eq!(bars, days, "{chart}: bars");
        // The sentiment zones behind, the title above.
        let bullish_zone = img.count(ALL, ALL, near(ZONE_BULLISH, 0));
        assert!(
            bullish_zone > 60_000,
            "{chart}: {bullish_zone} pixels of zone"
        );
        assert!(
            img.count((0.06, 0.4), (0.0, 0.05), dark) > 300,
            "{chart}: no title"
        );
    }
    // The overview is as tall as its rows need: a name and a count bar per company.
    let overview = Image::open(&dir.join("overview.png"));
    assert_eq!(overview.width, 1280);
    assert!(overview.height >= 200);
    assert!(overview.count(ALL, ALL, blue) > 50);
    assert!(overview.count(ALL, ALL, vermillion) > 50);
    assert_eq!(overview.runs_down(962, near(NEUTRAL_BAR, 0)), 3);

    let heatmap = Image::open(&dir.join("heatmap.png"));
    assert_eq!(heatmap.width, 1280);
    assert!((200..=2400).contains(&heatmap.height), "{}", heatmap.height);
    // A row per company, grey on its days without news (most of the 90).
    let no_news = heatmap.count(ALL, ALL, near(NO_NEWS_CELL, 0));
    assert!(
        no_news > 3 * 80 * 20,
        "{no_news} pixels of days without news"
    );
    // The colour bar (and the cells) hold both ends of the diverging scale.
    assert!(heatmap.count(ALL, ALL, blue) > 50);
    assert!(heatmap.count(ALL, ALL, vermillion) > 50);

    let html = ws.read("reports/2025-04-03/index.html");
    for src in [
        "charts/GOOGL.png",
        "charts/META.png",
        "charts/ZZZZ.png",
        "overview.png",
    ] {
        assert!(html.contains(&format!("src=\"{src}\"")), "{src}");
    }
}

/// 2025-01-01 … 2025-03-31: news every day but 2025-02-11 … 2025-02-28; daily means
/// alternate 0.1 / 0.2 (every fifth day from two articles: −0.1 and 0.3, or 0.1 and 0.3), and
/// 2025-03-20 jumps to 0.9 on three articles (z ≈ 15 against its 30 days).
fn gap_and_spike_ndjson() -> String {
    let mut lines = String::new();
    let start: chrono::NaiveDate = "2025-01-01".parse().unwrap();
    for (i, date) in start.iter_days().take(90).enumerate() {
        let day = date.format("%Y-%m-%d").to_string();
        if ("2025-02-11".."2025-03-01").contains(&day.as_str()) {
            continue;
        }
        let mut scores = if day == "2025-03-20" {
            vec![0.9; 3]
        } else if i % 2 == 0 {
            vec![0.1]
        } else {
            vec![0.2]
        };
        if i % 5 == 0 && scores[0] < 0.5 {
            scores = vec![scores[0] * 2.0 - 0.3, 0.3];
        }
        for (k, s) in scores.iter().enumerate() {
            lines.push_str(&format!(
                "{{\"id\":\"g{i}-{k}\",\"published_at\":\"{day}T12:00:00Z\",\"tickers\":[\"GAPZ\"],\"sentiment\":{s:.2}}}\n"
            ));
        }
    }
    lines
}

#[test]
fn company_chart_rings_unusual_days_and_leaves_gaps_open() {
    let ws = Workspace::new();
    ws.write("in/gap.ndjson", &gap_and_spike_ndjson());
    ws.cmd().args(["ingest", "in"]).assert().code(0);
    ws.cmd()
        .args(["report", "--from", "2025-01-01", "--to", "2025-03-31"])
        .assert()
        .code(0);
    let daily = ws.read("reports/2025-03-31/daily.csv");
    // zscore_30d by name: columns are appended after it.
    let spike = crate::csv_rows(&daily)
        .into_iter()
        .find(|row| row[0].1 == "2025-03-20")
        .expect("the spike day");
    let z: f64 = spike
        .iter()
        .find(|(column, _)| column == "zscore_30d")
        .unwrap()
        .1
        .parse()
        .unwrap();
    assert!(z >= 2.0, "{spike:?}");

    let chart = Image::open(&ws.path("reports/2025-03-31/charts/GAPZ.png"));
    assert!(chart.width >= 1200 && chart.height >= 700);
    // The |z| ≥ 2 day is ringed.
    assert!(chart.count(ALL, ALL, purple) > 30, "no ring");
    // The sentiment panel is about 7%–91% of the width and 15%–69% of the height; the
    // days without news (Feb 11–28) are 45%–62% across. The rolling line is drawn on both
    // sides of the gap, and into it while a week holds news (to Feb 16, 50% across), never
    // across the days whose week holds none (Feb 17–28: 51%–61%).
    let panel = (0.2, 0.65);
    assert!(
        chart.count((0.1, 0.4), panel, dark) > 100,
        "no rolling line"
    );
    assert!(
        chart.count((0.66, 0.88), panel, dark) > 50,
        "no rolling line"
    );
    assert!(
        chart.count((0.46, 0.5), panel, dark) > 20,
        "no line over the gap's first week"
    );
    assert_eq!(
        chart.count((0.515, 0.615), panel, dark),
        0,
        "line across the gap"
    );

    // The heatmap's one row: a grey cell for each of the 18 days without news (a white
    // pixel between cells), side by side at 54%–69% across, a coloured cell for each
    // other day.
    let heatmap = Image::open(&ws.path("reports/2025-03-31/heatmap.png"));
    assert_eq!(heatmap.width, 1280);
    let (cells, row) = ((0.21, 0.94), (0.66, 0.72));
    let grey = heatmap.count(cells, row, near(NO_NEWS_CELL, 0));
    let coloured = heatmap.count(cells, row, colour);
    let per_day = (grey + coloured) as f64 / 90.0;
    assert!(
        (grey as f64 / per_day - 18.0).abs() < 0.5,
        "{grey} grey pixels, {per_day} a day"
    );
    assert_eq!(heatmap.runs_across(cells, row, near(NO_NEWS_CELL, 0)), 18);
    assert_eq!(heatmap.count((0.545, 0.685), row, colour), 0);
}

#[test]
fn many_companies_are_capped_to_a_readable_size() {
    let ws = Workspace::new();
    let mut lines = String::new();
    for c in 0..75 {
        for d in 0..=(c % 4) {
            lines.push_str(&format!(
                "{{\"id\":\"m{c}-{d}\",\"published_at\":\"2025-03-{:02}\",\"tickers\":[\"Q{c:03}\"],\"sentiment\":{:.2}}}\n",
                d + 1,
                (c as f64 / 75.0) - 0.5
            ));
        }
    }
    ws.write("in/many.ndjson", &lines);
    ws.cmd().args(["ingest", "in"]).assert().code(0);
    ws.cmd().args(["report"]).assert().code(0);
    for (file, rows) in [
        // The cells of the window's first day with news (every company has news on it)
        // at x = 1166: coloured, never grey, 60 rows of them.
        ("heatmap.png", (1166, colour as fn([u8; 3]) -> bool)),
        // The article count bars, just right of the counts panel's axis (x = 960).
        ("overview.png", (962, count_bar as fn([u8; 3]) -> bool)),
    ] {
        let img = Image::open(&ws.path(&format!("reports/2025-03-04/{file}")));
        assert_eq!(img.width, 1280, "{file}");
        assert_eq!(img.runs_down(rows.0, rows.1), 60, "{file}: rows");
        assert!(
            (1000..=2400).contains(&img.height),
            "{file}: {}",
            img.height
        );
    }
}

/// The company chart of the hand-computed fixture, pixel for pixel, against
/// `tests/fixtures/golden/GOOGL.png`: a change to the drawing, to where the text lands (the
/// patched plotters) or to the palette shows here. After a deliberate change to the charts,
/// run this test with `TICKERTONE_BLESS=1` to replace the golden image, and look at it.
#[test]
fn a_company_chart_matches_its_golden_image() {
    let ws = Workspace::new();
    ws.fixture("hand-computed.ndjson", "in/hand.ndjson");
    ws.cmd().args(["-q", "ingest", "in"]).assert().code(0);
    ws.cmd().args(["-q", "report"]).assert().code(0);
    let drawn = ws.path("reports/2025-04-03/charts/GOOGL.png");
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden/GOOGL.png");
    if std::env::var_os("TICKERTONE_BLESS").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::copy(&drawn, &golden).unwrap();
    }
    let (got, want) = (Image::open(&drawn), Image::open(&golden));
    assert_eq!((got.width, got.height), (want.width, want.height));
    let differing = got
        .rgb
        .iter()
        .zip(&want.rgb)
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(differing, 0, "pixels differ from {}", golden.display());

    // The title ("Alphabet Inc. (GOOG, GOOGL)", bold, 22 px) is ink on the first row of
    // text, starting at the panel's left edge (x = 84).
    let ink_columns: Vec<u32> = (0..got.width)
        .filter(|&x| (12..38).any(|y| dark(got.rgb[(y * got.width + x) as usize])))
        .collect();
    assert!(
        ink_columns.first().is_some_and(|x| (84..=88).contains(x)),
        "{:?}",
        ink_columns.first()
    );
    assert!(
        ink_columns.len() > 200,
        "{} columns of ink",
        ink_columns.len()
    );
}
