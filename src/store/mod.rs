//! The store: Parquet files under `<data>/store/mentions/month=YYYY-MM/` (Hive style, by the
//! UTC month of `published_at`), one row per ticker mention, each row group's rows sorted by
//! the UTC day of `published_at` (see `sorted_by_day`; compacted and migrated files wholly).
//!
//! Each ingest that records something adds one file per month it has articles of, written
//! (in row groups, as the articles stream in) under a temporary name, synced, then renamed
//! into place, so a reader sees a file whole or not at all. A file's name is a hash of the
//! article ids it holds: the same batch always gets the same names. A store written before
//! partitioning (parts directly in `mentions/`) is migrated by the next ingest (`migrate`).

pub mod about;
mod appender;
pub mod compact;
pub mod health;
mod known;
pub mod lock;
pub mod migrate;
mod names;
pub mod rejected;
mod schema;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use polars::prelude::{
    col, lit, DataFrame, HiveOptions, IntoLazy, JoinArgs, JoinType, LazyFrame, ParquetCompression,
    ParquetWriter, PlRefPath, ScanArgsParquet,
};

use crate::durable;
use crate::extract::Article;
pub use appender::Appender;
pub use known::KnownIds;
pub use names::Month;
pub use schema::{articles_to_frame, columns, impossible_value};

/// What a report shows of an article besides its scores.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleDetails {
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
}

/// The Parquet store of one data folder.
#[derive(Debug, Clone)]
pub struct Store {
    mentions_dir: PathBuf,
    /// Every file a scan of this store has opened (`read_summary`, for `-v`).
    read: Arc<Mutex<BTreeSet<PathBuf>>>,
}

/// The published files of the store, by where they live.
#[derive(Debug, Default)]
pub(crate) struct Listing {
    /// Parts directly in `mentions/`: a store written before partitioning, until the next
    /// ingest migrates it. Their months are unknown without reading them.
    pub flat: Vec<PathBuf>,
    /// Parts in `mentions/month=YYYY-MM/`, by month, each in name order.
    pub months: BTreeMap<Month, Vec<PathBuf>>,
}

impl Listing {
    /// Flat parts first (the older rows), then the months in order.
    fn all(&self) -> Vec<PathBuf> {
        let mut files = self.flat.clone();
        files.extend(self.months.values().flatten().cloned());
        files
    }
}

/// A scan of the store files that can hold some publications, and which files those are.
pub struct StoreScan {
    pub lazy: LazyFrame,
    pub files: Vec<PathBuf>,
}

impl Store {
    pub fn new(data_dir: &Path) -> Self {
        Store {
            mentions_dir: data_dir.join("store").join("mentions"),
            read: Arc::default(),
        }
    }

    pub fn mentions_dir(&self) -> &Path {
        &self.mentions_dir
    }

    /// The month partition folders present (whatever they hold), in month order.
    pub(crate) fn month_dirs(&self) -> Result<BTreeMap<Month, PathBuf>> {
        let mut months = BTreeMap::new();
        if !self.mentions_dir.exists() {
            return Ok(months);
        }
        let entries = fs::read_dir(&self.mentions_dir)
            .with_context(|| format!("cannot read the store {}", self.mentions_dir.display()))?;
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().to_string();
            if let Some(month) = Month::parse_folder(&name) {
                if entry.file_type()?.is_dir() {
                    months.insert(month, entry.path());
                }
            }
        }
        Ok(months)
    }

    /// The published parts, without those an interrupted compaction or migration has
    /// replaced (or not yet published): each row is listed once.
    pub(crate) fn listing(&self) -> Result<Listing> {
        let mut listing = Listing::default();
        if !self.mentions_dir.exists() {
            return Ok(listing);
        }
        let mut skipped = compact::replaced(&self.mentions_dir);
        skipped.extend(migrate::skipped(&self.mentions_dir));
        listing.flat = parts_in(&self.mentions_dir)?;
        listing.flat.retain(|f| !skipped.contains(f));
        for (month, dir) in self.month_dirs()? {
            let replaced = compact::replaced(&dir);
            let mut files = parts_in(&dir)?;
            files.retain(|f| !replaced.contains(f) && !skipped.contains(f));
            if !files.is_empty() {
                listing.months.insert(month, files);
            }
        }
        Ok(listing)
    }

    /// The store's Parquet files: the flat ones, then each month's in name order.
    pub fn files(&self) -> Result<Vec<PathBuf>> {
        Ok(self.listing()?.all())
    }

    /// Removes files a killed ingest left half-written (hidden `.part-*.tmp`), in
    /// `mentions/` and in every month folder. Call it only while holding the data folder's
    /// lock.
    pub fn remove_stale_temp_files(&self) -> Result<usize> {
        if !self.mentions_dir.exists() {
            return Ok(0);
        }
        let mut dirs = vec![self.mentions_dir.clone()];
        dirs.extend(self.month_dirs()?.into_values());
        let mut removed = 0;
        for dir in dirs {
            for entry in fs::read_dir(&dir)? {
                let path = entry?.path();
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                if names::is_temp(&name) {
                    fs::remove_file(&path)?;
                    removed += 1;
                }
            }
        }
        Ok(removed)
    }

    /// A lazy scan of every recorded mention; `None` when nothing is recorded yet.
    pub fn scan(&self) -> Result<Option<LazyFrame>> {
        let files = self.files()?;
        if files.is_empty() {
            return Ok(None);
        }
        self.scan_files_counted(&files).map(Some)
    }

    /// A scan of the files that can hold publications in `published` (µs since the epoch,
    /// UTC): the month partitions overlapping it, and any flat parts a migration has not
    /// reached yet. With no such file, an empty frame with the store's columns.
    pub fn scan_published(&self, published: Range<i64>) -> Result<StoreScan> {
        let listing = self.listing()?;
        let mut files = listing.flat;
        if published.start < published.end {
            let (first, last) = (
                Month::of_micros(published.start),
                Month::of_micros(published.end - 1),
            );
            for (_, parts) in listing.months.range(first..=last) {
                files.extend(parts.iter().cloned());
            }
        }
        self.scan_or_empty(files)
    }

    /// The months with partitioned files, in order; `None` while flat parts remain (a store
    /// not migrated yet: its months are unknown without reading every file).
    pub fn months(&self) -> Result<Option<Vec<Month>>> {
        let listing = self.listing()?;
        Ok(listing
            .flat
            .is_empty()
            .then(|| listing.months.into_keys().collect()))
    }

    /// A scan of one month partition's files (and any flat parts).
    pub fn scan_month(&self, month: Month) -> Result<StoreScan> {
        self.scan_published(month.first_micros()..month.next().first_micros())
    }

    /// A scan that finds the latest publication of each kind (timed, date-only): the two
    /// latest month partitions and any flat parts. Older months cannot hold a later date:
    /// a row dates at most a few days after its instant (zone, session close, weekend),
    /// and every row of the latest month dates at most a day before that month begins.
    pub fn scan_latest(&self) -> Result<StoreScan> {
        let mut listing = self.listing()?;
        let mut files = std::mem::take(&mut listing.flat);
        let latest: Vec<Vec<PathBuf>> = listing.months.into_values().rev().take(2).collect();
        for parts in latest.into_iter().rev() {
            files.extend(parts);
        }
        self.scan_or_empty(files)
    }

    fn scan_or_empty(&self, files: Vec<PathBuf>) -> Result<StoreScan> {
        let lazy = if files.is_empty() {
            articles_to_frame(&[])?.lazy()
        } else {
            self.scan_files_counted(&files)?
        };
        Ok(StoreScan { lazy, files })
    }

    fn scan_files_counted(&self, files: &[PathBuf]) -> Result<LazyFrame> {
        if let Ok(mut read) = self.read.lock() {
            read.extend(files.iter().cloned());
        }
        Self::scan_files(files)
            .with_context(|| format!("cannot open the store {}", self.mentions_dir.display()))
    }

    /// How many distinct files this store's scans have opened, and in how many month
    /// partitions: "read 3 parquet files in 2 month partitions".
    pub fn read_summary(&self) -> String {
        let read = self.read.lock().map(|r| r.clone()).unwrap_or_default();
        let months: BTreeSet<&std::ffi::OsStr> = read
            .iter()
            .filter_map(|f| f.parent()?.file_name())
            .filter(|n| Month::parse_folder(&n.to_string_lossy()).is_some())
            .collect();
        let flat = read
            .iter()
            .filter(|f| f.parent() == Some(self.mentions_dir.as_path()))
            .count();
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut text = format!(
            "read {} in {}",
            plural(read.len(), "parquet file", "parquet files"),
            plural(months.len(), "month partition", "month partitions")
        );
        if flat > 0 {
            text.push_str(&format!(" (and {flat} not yet partitioned)"));
        }
        text
    }

    fn scan_files(files: &[PathBuf]) -> Result<LazyFrame> {
        let paths: Vec<PlRefPath> = files
            .iter()
            .map(|p| PlRefPath::new(p.to_string_lossy().as_ref()))
            .collect();
        // The month is in each file's rows: no `month` column from the folder names. Files
        // written before a column existed (`about`) read it as null until the next ingest
        // migrates them (see `store::about`).
        let schema = articles_to_frame(&[])?.schema().clone();
        let args = ScanArgsParquet {
            glob: false,
            hive_options: HiveOptions::new_disabled(),
            schema: Some(schema),
            allow_missing_columns: true,
            ..Default::default()
        };
        Ok(LazyFrame::scan_parquet_files(paths.into(), args)?)
    }

    /// The ids of every recorded article.
    pub fn known_ids(&self) -> Result<KnownIds> {
        let Some(lf) = self.scan()? else {
            return Ok(KnownIds::empty());
        };
        let df = lf
            .select([col(columns::ARTICLE_ID)])
            .collect()
            .with_context(|| self.unreadable())?;
        Ok(KnownIds::new(
            df.column(columns::ARTICLE_ID)?.str()?.clone(),
        ))
    }

    /// Title, source and url of the given articles (those the store has), all published
    /// within `published` (µs since the epoch, UTC): the range lets the scan skip the rest.
    pub fn article_details(
        &self,
        ids: &[String],
        published: std::ops::RangeInclusive<i64>,
    ) -> Result<HashMap<String, ArticleDetails>> {
        if ids.is_empty() || self.files()?.is_empty() {
            return Ok(HashMap::new());
        }
        let lf = self
            .scan_published(*published.start()..published.end().saturating_add(1))?
            .lazy;
        let wanted = polars::prelude::DataFrame::new(
            ids.len(),
            vec![polars::prelude::Column::new(
                columns::ARTICLE_ID.into(),
                ids,
            )],
        )?;
        let micros = col(columns::PUBLISHED_AT).cast(polars::prelude::DataType::Int64);
        let found = lf
            .filter(
                micros
                    .clone()
                    .gt_eq(lit(*published.start()))
                    .and(micros.lt_eq(lit(*published.end()))),
            )
            .select([
                col(columns::ARTICLE_ID),
                col(columns::TITLE),
                col(columns::SOURCE),
                col(columns::URL),
            ])
            .join(
                wanted.lazy(),
                [col(columns::ARTICLE_ID)],
                [col(columns::ARTICLE_ID)],
                JoinArgs::new(JoinType::Inner),
            )
            .collect()
            .with_context(|| self.unreadable())?;
        let id = found.column(columns::ARTICLE_ID)?.str()?;
        let title = found.column(columns::TITLE)?.str()?;
        let source = found.column(columns::SOURCE)?.str()?;
        let url = found.column(columns::URL)?.str()?;
        let mut out = HashMap::new();
        for i in 0..found.height() {
            if let Some(id) = id.get(i) {
                out.entry(id.to_string()).or_insert_with(|| ArticleDetails {
                    title: title.get(i).map(str::to_string),
                    source: source.get(i).map(str::to_string),
                    url: url.get(i).map(str::to_string),
                });
            }
        }
        Ok(out)
    }

    /// Records new articles, one Parquet file per month of publication; returns their
    /// paths (none for no articles).
    pub fn append(&self, articles: impl IntoIterator<Item = Article>) -> Result<Vec<PathBuf>> {
        let mut appender = self.appender();
        for article in articles {
            appender.push(article)?;
        }
        appender.commit()
    }

    /// A writer of new store files (one per month), fed one article at a time (memory stays
    /// bounded by the articles it holds back for a row group).
    pub fn appender(&self) -> Appender {
        Appender::new(self.mentions_dir.clone())
    }

    /// Why a read of the store failed, naming the damaged files (the health check reads
    /// each one whole: only on this error path).
    fn unreadable(&self) -> String {
        let problems = health::check(self).map(|h| h.problems).unwrap_or_default();
        if problems.is_empty() {
            return format!(
                "the store {} is unreadable: a file in it is damaged or not Parquet (`tickertone check` names it)",
                self.mentions_dir.display()
            );
        }
        format!("the store cannot be read:\n  {}", problems.join("\n  "))
    }
}

/// The published parts directly in `dir`, in name order.
fn parts_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let entries =
        fs::read_dir(dir).with_context(|| format!("cannot read the store {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path
            .file_name()
            .is_some_and(|n| names::is_part(&n.to_string_lossy()))
        {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

pub(super) use crate::durable::sync_dir;

/// The UTC day (days since the epoch) of an instant (µs since the epoch).
pub(crate) fn day_of_micros(micros: i64) -> i64 {
    micros.div_euclid(86_400_000_000)
}

/// `df`'s rows in the order of the UTC day of their `published_at`, rows of one day in the
/// order they came. Sorted by day, not by instant: a report adds each day's numbers in the
/// order they were recorded, so keeping that order within a day keeps every report's
/// floating-point sums, to the last bit, what they were before the store was partitioned
/// (and what they are before and after a compaction or the migration).
fn sorted_by_day(df: &DataFrame) -> Result<DataFrame> {
    let days: Vec<i64> = published_micros(df)?
        .into_iter()
        .map(day_of_micros)
        .collect();
    if days.is_sorted() {
        return Ok(df.clone());
    }
    let mut order: Vec<polars::prelude::IdxSize> =
        (0..days.len() as polars::prelude::IdxSize).collect();
    // A stable sort: rows of one day keep their order.
    order.sort_by_key(|&i| days[i as usize]);
    Ok(df.take(&polars::prelude::IdxCa::from_vec("order".into(), order))?)
}

/// The `published_at` of each row (µs since the epoch, UTC).
pub(crate) fn published_micros(df: &DataFrame) -> Result<Vec<i64>> {
    let micros = df
        .column(columns::PUBLISHED_AT)?
        .cast(&polars::prelude::DataType::Int64)?;
    Ok(micros.i64()?.iter().map(|t| t.unwrap_or(0)).collect())
}

/// The UTC month of each row of a store frame.
fn months_of_rows(df: &DataFrame) -> Result<Vec<Month>> {
    Ok(published_micros(df)?
        .into_iter()
        .map(Month::of_micros)
        .collect())
}

/// Writes `df` whole as `dir/name`: a hidden temp file, synced, renamed, the folder synced.
fn write_part(dir: &Path, name: &str, df: &mut DataFrame) -> Result<PathBuf> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let tmp = dir.join(names::temp(&format!("{}.{}", std::process::id(), unique())));
    let path = dir.join(name);
    durable::write_file(&path, &tmp, |file| {
        ParquetWriter::new(file)
            .with_compression(ParquetCompression::Snappy)
            .finish(df)?;
        Ok(())
    })?;
    Ok(path)
}

/// A number that differs between appenders of one process.
pub(super) fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
