//! The PNGs decode, have the promised size, and are not blank.

use std::collections::HashSet;
use std::fs::File;

use crate::Workspace;

/// Width, height and the number of distinct colours of a PNG.
fn inspect(path: &std::path::Path) -> (u32, u32, usize) {
    let decoder = png::Decoder::new(std::io::BufReader::new(File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let bytes = &buf[..info.buffer_size()];
    let channels = info.color_type.samples();
    let colours: HashSet<&[u8]> = bytes.chunks(channels).collect();
    (info.width, info.height, colours.len())
}

#[test]
fn charts_per_company_and_overview() {
    let ws = Workspace::new();
    ws.fixture("hand-computed.ndjson", "in/hand.ndjson");
    ws.cmd().args(["ingest", "in"]).assert().code(0);
    ws.cmd().args(["report"]).assert().code(0);
    let dir = ws.path("reports/2025-04-03");
    for chart in ["charts/GOOGL.png", "charts/META.png", "charts/ZZZZ.png"] {
        let (w, h, colours) = inspect(&dir.join(chart));
        assert!(w >= 1200 && h >= 700, "{chart}: {w}x{h}");
        // Text, points, lines, bars: far more than a blank canvas's one colour.
        assert!(colours > 20, "{chart}: {colours} colours");
    }
    let (w, h, colours) = inspect(&dir.join("overview.png"));
    assert!(w >= 1200 && h >= 700 && colours > 20);
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
