//! Argument groups more than one command flattens into its own `Args`.

use crate::app::Env;
use crate::render::{OutputFormat, RenderOptions};

/// What the report folder holds.
#[derive(Debug, Clone, clap::Args)]
pub struct OutputArgs {
    /// Outputs to write (comma-separated): png and/or svg charts, csv summaries, html page.
    #[arg(
        long,
        value_name = "LIST",
        value_delimiter = ',',
        default_value = "png,csv,html"
    )]
    pub format: Vec<OutputFormat>,
    /// Charts for the N busiest companies only (the CSVs keep every company).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
}

impl OutputArgs {
    pub fn options(&self, env: &Env) -> RenderOptions {
        RenderOptions {
            formats: self.format.clone(),
            top: self.top,
            progress: env.chart_progress(),
            csv_from: None,
            only: None,
        }
    }
}
