//! The palette canvas against plotters' bitmap backend, and its kept drawings.

use super::*;
use plotters_backend::BackendColor;

fn colour(rgb: (u8, u8, u8), alpha: f64) -> BackendColor {
    BackendColor { alpha, rgb }
}

fn rgb_at(c: &IndexedCanvas, x: usize, y: usize) -> [u8; 3] {
    c.drawing.palette[c.drawing.pixels[y * c.drawing.width as usize + x] as usize]
}

#[test]
fn fills_and_blends_as_the_bitmap_backend() {
    let mut canvas = IndexedCanvas::default();
    canvas.reset((8, 4), [255, 255, 255]);
    let mut b = canvas.backend();
    b.draw_rect((0, 0), (4, 4), &colour((0, 0, 0), 1.0), true)
        .unwrap();
    // Half transparent over black and over white.
    b.draw_rect((2, 0), (8, 2), &colour((200, 100, 0), 0.5), true)
        .unwrap();
    b.draw_pixel((7, 3), colour((0, 0, 0), 0.25)).unwrap();
    assert_eq!(rgb_at(&canvas, 0, 0), [0, 0, 0]);
    assert_eq!(rgb_at(&canvas, 4, 3), [255, 255, 255]);
    // (0 × 128 + 200 × 128) >> 8 = 100; (255 × 128 + 200 × 128) >> 8 = 227.
    assert_eq!(rgb_at(&canvas, 3, 1), [100, 50, 0]);
    assert_eq!(rgb_at(&canvas, 5, 1), [227, 177, 127]);
    assert_eq!(rgb_at(&canvas, 3, 2), [0, 0, 0]);
    // A quarter: (255 × 192) >> 8 = 191.
    assert_eq!(rgb_at(&canvas, 7, 3), [191, 191, 191]);
    assert!(!canvas.overflowed());
    assert_eq!(canvas.palette_rgb().len(), 3 * canvas.drawing.palette.len());
}

#[test]
fn more_than_256_colours_is_reported_not_approximated_silently() {
    let mut canvas = IndexedCanvas::default();
    canvas.reset((300, 1), [0, 0, 0]);
    let mut b = canvas.backend();
    for x in 0..255 {
        b.draw_pixel((x, 0), colour((x as u8, 1, 0), 1.0)).unwrap();
    }
    assert!(!canvas.overflowed());
    let mut b = canvas.backend();
    b.draw_pixel((299, 0), colour((9, 9, 9), 1.0)).unwrap();
    assert!(canvas.overflowed());
    canvas.reset((2, 2), [0, 0, 0]);
    assert!(!canvas.overflowed());
    assert_eq!(canvas.pixels(), &[0, 0, 0, 0]);
}

#[test]
fn blends_beyond_their_share_take_the_nearest_colour_and_opaque_stay_exact() {
    let mut canvas = IndexedCanvas::default();
    canvas.reset((300, 2), [255, 255, 255]);
    let mut b = canvas.backend();
    // 250 distinct greys, each a blend of black over white.
    for x in 0..250 {
        b.draw_rect(
            (x, 0),
            (x + 1, 1),
            &colour((0, 0, 0), x as f64 / 256.0),
            true,
        )
        .unwrap();
    }
    assert_eq!(canvas.drawing.palette.len(), MAX_BLENDED);
    assert!(canvas.drawing.approximated > 0 && !canvas.overflowed());
    // The darkest greys had no room: they take the darkest grey there is.
    let darkest = canvas.drawing.palette.iter().map(|c| c[0]).min().unwrap();
    assert_eq!(rgb_at(&canvas, 249, 0), [darkest; 3]);
    assert_eq!(u32::from(darkest), (255 * (256 - 223)) >> 8);
    let mut b = canvas.backend();
    b.draw_rect((0, 1), (300, 2), &colour((1, 2, 3), 1.0), true)
        .unwrap();
    assert_eq!(rgb_at(&canvas, 299, 1), [1, 2, 3]);
    assert!(!canvas.overflowed());
}

/// Charts drawn over a kept drawing, one after another: each one's image data is that
/// of filtering all its rows, and restoring gives the kept pixels back.
#[test]
fn charts_over_a_kept_drawing_encode_as_if_drawn_whole() {
    let mut canvas = IndexedCanvas::default();
    canvas.reset((150, 40), [255, 255, 255]);
    let mut b = canvas.backend();
    b.draw_rect((10, 5), (140, 30), &colour((220, 230, 250), 1.0), true)
        .unwrap();
    b.draw_line((0, 20), (149, 20), &colour((90, 90, 90), 1.0))
        .unwrap();
    let kept = canvas.keep();
    let kept_pixels = canvas.pixels().to_vec();
    for chart in 0..6i32 {
        if chart > 0 {
            canvas.restore(&kept);
            assert_eq!(canvas.pixels(), &kept_pixels[..]);
        }
        let mut b = canvas.backend();
        for k in 0..=chart {
            let (x, y) = (k * 23 % 150, k * 7 % 40);
            b.draw_rect((x, y), (x + 9, y + 3), &colour((200, 0, 0), 0.5), true)
                .unwrap();
            b.draw_pixel((149 - x, 39 - y), colour((0, 0, 200), 0.3))
                .unwrap();
            b.draw_line((x, 0), (x, 39), &colour((0, 120, 0), 1.0))
                .unwrap();
        }
        let reused = canvas.image_data(Some(&kept)).unwrap().to_vec();
        assert_eq!(reused, canvas.image_data(None).unwrap(), "chart {chart}");
    }
}

#[test]
fn thin_lines_and_clipping() {
    let mut canvas = IndexedCanvas::default();
    canvas.reset((5, 5), [255, 255, 255]);
    let mut b = canvas.backend();
    b.draw_line((-3, 2), (9, 2), &colour((0, 0, 255), 1.0))
        .unwrap();
    b.draw_line((1, 4), (1, 0), &colour((255, 0, 0), 1.0))
        .unwrap();
    b.draw_pixel((7, 7), colour((0, 0, 0), 1.0)).unwrap();
    let row: Vec<[u8; 3]> = (0..5).map(|x| rgb_at(&canvas, x, 2)).collect();
    assert_eq!(row[0], [0, 0, 255]);
    assert_eq!(row[1], [255, 0, 0]);
    assert_eq!(row[4], [0, 0, 255]);
    assert_eq!(rgb_at(&canvas, 1, 0), [255, 0, 0]);
    assert_eq!(rgb_at(&canvas, 0, 0), [255, 255, 255]);
}

/// The file a canvas writes is a PNG any decoder reads: 8-bit palette, the canvas's size,
/// every pixel its colour; over a kept drawing, the same bytes as without it.
#[test]
fn writes_a_palette_png_that_decodes_to_the_drawing() {
    let mut canvas = IndexedCanvas::default();
    canvas.reset((70, 30), [255, 255, 255]);
    let mut b = canvas.backend();
    b.draw_rect((5, 5), (60, 25), &colour((0, 114, 178), 1.0), true)
        .unwrap();
    let kept = canvas.keep();
    let mut b = canvas.backend();
    b.draw_rect((20, 0), (40, 30), &colour((213, 94, 0), 0.5), true)
        .unwrap();
    let (mut over_kept, mut whole) = (Vec::new(), Vec::new());
    canvas.write_png(Some(&kept), &mut over_kept).unwrap();
    canvas.write_png(None, &mut whole).unwrap();
    assert_eq!(over_kept, whole);

    let mut decoder = png::Decoder::new(std::io::Cursor::new(&whole));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    assert_eq!(reader.info().color_type, png::ColorType::Indexed);
    assert_eq!(reader.info().bit_depth, png::BitDepth::Eight);
    let mut rgb = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut rgb).unwrap();
    assert_eq!((frame.width, frame.height), (70, 30));
    for (i, pixel) in rgb.chunks_exact(3).enumerate() {
        let (x, y) = (i % 70, i / 70);
        assert_eq!(pixel, rgb_at(&canvas, x, y), "({x}, {y})");
    }
    // Blue under the orange: (0 × 128 + 213 × 128) >> 8 = 106, …
    assert_eq!(rgb_at(&canvas, 30, 10), [106, 104, 89]);
}
