//! The report's charts, one file each: a chart per company (`company`), the ranking of
//! companies (`overview`), the companies × days heatmap (`heatmap`), the sectors as small
//! multiples (`sectors`), and for the `chart`
//! command companies compared on one axis (`compare`), all made of the shared drawing parts
//! in `parts`.
//!
//! A chart is a value that knows its size and how to draw itself on any backend
//! ([`Chart::draw`], generic over [`parts::Canvas`]); [`write`] is the one place that picks
//! the backend for the output format, so every chart comes as a PNG and an SVG alike.

mod company;
mod compare;
mod heatmap;
mod output;
mod overview;
mod parts;
mod sectors;
pub mod study;
#[cfg(test)]
mod tests;

use std::path::Path;

use anyhow::Result;

pub use company::{CompanyChart, CHART_SIZE};
pub use compare::{Compare, Series, MAX_COMPARED};
pub use heatmap::Heatmap;
pub use overview::Overview;
pub use sectors::Sectors;

use parts::{Area, Canvas};

/// The image formats a chart is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImageFormat {
    Png,
    Svg,
}

impl ImageFormat {
    /// The file extension.
    pub fn ext(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Svg => "svg",
        }
    }
}

/// A chart: its size in pixels and its drawing, on whichever backend the format needs.
pub trait Chart {
    /// Draw on a palette canvas first (8-bit indexed PNG): for charts of a few dozen flat
    /// colours. When a drawing needs more than 256 colours it is drawn again in RGB.
    const PALETTE: bool;

    /// Width and height in pixels (of the SVG too).
    fn size(&self) -> (u32, u32);

    /// Draws the whole chart, filling its canvas first.
    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()>;

    /// For a chart whose drawing begins with a part that others share (the same pixels
    /// for the same key): the key, [`Chart::draw_shared`] draws that part (filling the
    /// canvas first) and [`Chart::draw_own`] the rest, and `draw` is the two in turn. A
    /// report's 5,000 company charts share their zones, grid, labels and legend.
    fn shared_key(&self) -> Option<String> {
        None
    }

    /// The shared part (see [`Chart::shared_key`]).
    fn draw_shared<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let _ = root;
        Ok(())
    }

    /// What `draw` paints after the shared part (all of it, without one).
    fn draw_own<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        self.draw(root)
    }
}

/// Writes `chart` to `path` in `format`.
pub fn write<C: Chart>(chart: &C, path: &Path, format: ImageFormat) -> Result<()> {
    parts::register_fonts()?;
    let size = chart.size();
    match format {
        ImageFormat::Svg => output::write_svg(path, size, |root| chart.draw(root)),
        ImageFormat::Png => {
            let written = C::PALETTE
                && output::write_indexed_png(
                    path,
                    size,
                    chart.shared_key(),
                    |root| chart.draw_shared(root),
                    |root| chart.draw_own(root),
                )?;
            if written {
                return Ok(());
            }
            output::write_png(path, size, |root| chart.draw(root))
        }
    }
}
