//! Writing a drawing to its file: an RGB PNG, an 8-bit palette PNG, or an SVG. Each draws
//! into memory first, so that a file is only written for a whole drawing and every write
//! error names its file.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use plotters::prelude::*;

use super::parts::Area;
use tickertone_canvas::{IndexedBackend, IndexedCanvas, Kept};

/// Draws into memory, then writes an RGB PNG with fast compression: the overview, the
/// heatmap (more colours than a palette holds), and a company chart that needs more than
/// 256 colours. plotters' own encoder took 6 ms of a chart's 8, and its file output does not
/// name the file in its errors.
pub fn write_png(
    path: &Path,
    (width, height): (u32, u32),
    draw: impl FnOnce(&Area<BitMapBackend>) -> Result<()>,
) -> Result<()> {
    thread_local! {
        // One canvas per rendering thread: a fresh 2.7 MB buffer per chart cost more in
        // page faults than the drawing itself.
        static PIXELS: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    PIXELS.with_borrow_mut(|pixels| {
        // No clearing: every chart fills its whole canvas first.
        pixels.resize(width as usize * height as usize * 3, 255);
        {
            let root = BitMapBackend::with_buffer(pixels, (width, height)).into_drawing_area();
            draw(&root)?;
            root.present()?;
        }
        let file = std::io::BufWriter::new(std::fs::File::create(path)?);
        let mut encoder = png::Encoder::new(file, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(pixels)?;
        writer.finish()?;
        Ok(())
    })
}

/// Draws on a palette canvas, then writes an 8-bit indexed PNG; returns false, writing
/// nothing, when the drawing needed more than 256 colours (the caller then draws in RGB).
/// A third of the bytes of RGB to draw and encode, and a third of the file size: 3 000
/// company charts of the 1M benchmark took 3.4 s and 260 MB, now 2.4 s and 88 MB.
///
/// With a `shared_key`, the drawing begins with a part that charts of the same key share
/// (`draw_shared`: a company chart's zones, grid, labels and legend): the canvas starts
/// from that part as this thread last drew it for the key (the same pixels and palette as
/// drawing it again), and `draw` paints the rest over it.
pub fn write_indexed_png(
    path: &Path,
    size: (u32, u32),
    shared_key: Option<String>,
    draw_shared: impl FnOnce(&Area<IndexedBackend>) -> Result<()>,
    draw: impl FnOnce(&Area<IndexedBackend>) -> Result<()>,
) -> Result<bool> {
    thread_local! {
        // One canvas per rendering thread, as for RGB.
        static CANVAS: std::cell::RefCell<IndexedCanvas> = std::cell::RefCell::new(IndexedCanvas::default());
        // The shared part last drawn on this thread, and its key.
        static SHARED: std::cell::RefCell<Option<(String, Kept)>> = const { std::cell::RefCell::new(None) };
    }
    CANVAS.with_borrow_mut(|canvas| {
        SHARED.with_borrow_mut(|shared| {
            let kept = match (shared_key, shared.as_ref()) {
                (Some(key), Some((kept_key, kept))) if key == *kept_key => {
                    canvas.restore(kept);
                    true
                }
                (Some(key), _) => {
                    canvas.reset(size, [255, 255, 255]);
                    {
                        let root = canvas.backend().into_drawing_area();
                        draw_shared(&root)?;
                        root.present()?;
                    }
                    *shared = Some((key, canvas.keep()));
                    true
                }
                (None, _) => {
                    canvas.reset(size, [255, 255, 255]);
                    false
                }
            };
            {
                let root = canvas.backend().into_drawing_area();
                draw(&root)?;
                root.present()?;
            }
            if canvas.overflowed() {
                return Ok(false);
            }
            let kept = shared.as_ref().filter(|_| kept).map(|(_, kept)| kept);
            let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
            canvas.write_png(kept, &mut file)?;
            // Flushed here, not on drop, which would lose a write error.
            file.flush()?;
            Ok(true)
        })
    })
}

/// Draws an SVG into memory, then writes it: plotters' own SVG file output writes even a
/// half-drawn chart (when it is dropped) and loses write errors.
pub fn write_svg(
    path: &Path,
    size: (u32, u32),
    draw: impl FnOnce(&Area<SVGBackend>) -> Result<()>,
) -> Result<()> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        draw(&root)?;
        root.present()?;
    }
    std::fs::write(path, svg).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A drawing that needs more than 256 opaque colours is not written as a palette PNG
    /// (the company chart is then drawn in RGB); one that fits is, and decodes to its colours.
    #[test]
    fn palette_pngs_only_when_the_colours_fit() {
        let dir = tempfile::tempdir().unwrap();
        let stripes = |n: u32| {
            move |root: &Area<IndexedBackend>| -> Result<()> {
                for x in 0..n {
                    let c = RGBColor((x % 256) as u8, (x / 256) as u8, 7);
                    root.draw(&Rectangle::new(
                        [(x as i32, 0), (x as i32 + 1, 4)],
                        c.filled(),
                    ))?;
                }
                Ok(())
            }
        };
        let too_many = dir.path().join("too-many.png");
        assert!(!write_indexed_png(&too_many, (300, 4), None, |_| Ok(()), stripes(300)).unwrap());
        assert!(!too_many.exists());
        let fits = dir.path().join("fits.png");
        assert!(write_indexed_png(&fits, (300, 4), None, |_| Ok(()), stripes(250)).unwrap());
        let file = std::fs::File::open(&fits).unwrap();
        let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let mut rgb = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut rgb).unwrap();
        assert_eq!(&rgb[3 * 249..3 * 250], &[249, 0, 7]);
        assert_eq!(&rgb[3 * 299..3 * 300], &[255, 255, 255]);
    }
}
