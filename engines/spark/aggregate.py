#!/usr/bin/env python3
"""tickertone's aggregation as a PySpark job: for stores one machine cannot hold.

    spark-submit engines/spark/aggregate.py --data DATA --from DATE --to DATE --out OUT \
        [--tz ZONE] [--session-close HH:MM] [--symbols FILE]

DATA is a tickertone data folder, a local path or a Hadoop URI such as
s3a://bucket/prefix. The job reads the Parquet files under DATA/store/mentions/
(recursively: tickertone's month=YYYY-MM/ Hive layout, and the flat part-*.parquet
layout of earlier versions), and writes OUT/daily.csv and OUT/summary.csv exactly as `tickertone report
--format csv` does: the formulas of the contract (../../../shared/CONTRACT.md,
"Aggregation (exact)"), its columns, its row order and tickertone's number format
(src/render/csv.rs). Floating-point sums are added in another order than tickertone
adds them, so a number can differ from tickertone's in its last printed digit.

Every step is a Spark DataFrame operation, computed on the executors; the driver only
lists the store's files and reads the symbol table and the compaction and migration
journals.
"""

import argparse
import csv
import datetime as dt
import io
import json
import sys
import zoneinfo
from decimal import Decimal
from pathlib import Path

from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

# The contract's constants (src/aggregate/mod.rs, src/aggregate/series.rs).
BULLISH_AT = 0.15
BEARISH_AT = -0.15
HISTORY_DAYS = 30
ZSCORE_MIN_DAYS = 5

# Prefixes that ticker normalisation drops (src/extract/ticker.rs).
EXCHANGE_PREFIXES = {
    "NASDAQ",
    "NYSE",
    "NYSEARCA",
    "NYSEAMERICAN",
    "AMEX",
    "BATS",
    "OTC",
    "TSX",
    "LSE",
}

# The compaction journal (src/store/compact.rs): while it names a target file that
# exists, its source files are merged into that target and readers skip them.
JOURNAL = ".compaction.json"
# The migration journal (src/store/migrate.rs), moving flat files into month folders:
# readers skip its targets until it is committed, its sources once it is.
MIGRATION_JOURNAL = ".migration.json"

MICROSECOND = dt.timedelta(microseconds=1)

DAILY_COLUMNS = [
    "date",
    "company",
    "symbol",
    "tickers",
    "articles",
    "mean_sentiment",
    "weighted_sentiment",
    "min_sentiment",
    "max_sentiment",
    "bullish",
    "bearish",
    "neutral",
    "rolling_7d",
    "zscore_30d",
]

SUMMARY_COLUMNS = [
    "company",
    "symbol",
    "tickers",
    "articles",
    "mean_sentiment",
    "weighted_sentiment",
    "last_date",
    "last_sentiment",
    "rolling_7d",
    "change_7d",
    "label",
]

# The store's columns that the aggregation reads, with their types. Reading with this
# schema prunes every other column and tolerates files that differ in the unused ones.
MENTION_SCHEMA = T.StructType(
    [
        T.StructField("article_id", T.StringType()),
        T.StructField("published_at", T.TimestampType()),
        T.StructField("date_only", T.BooleanType()),
        T.StructField("ticker", T.StringType()),
        T.StructField("score", T.DoubleType()),
        T.StructField("relevance", T.DoubleType()),
        T.StructField("market_impact", T.DoubleType()),
        # Whether the article is about the mention's company; null in a file written
        # before the column existed (tickertone counts it as about, until migrated).
        T.StructField("about", T.BooleanType()),
    ]
)


# ---------------------------------------------------------------------------------------
# Arguments


def parse_date(text):
    """A YYYY-MM-DD option value as a date (argparse type)."""
    try:
        return dt.datetime.strptime(text.strip(), "%Y-%m-%d").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD")


def parse_session_close(text):
    """A HH:MM option value as minutes after midnight (argparse type)."""
    try:
        close = dt.datetime.strptime(text.strip(), "%H:%M")
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a time in the form HH:MM (e.g. 16:00)"
        )
    return close.hour * 60 + close.minute


def parse_zone(text):
    """An IANA time zone name, checked (argparse type)."""
    try:
        zoneinfo.ZoneInfo(text)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError(f"'{text}' is not an IANA time zone")
    return text


def parse_args(argv):
    """The command line; exits with status 2 on a usage error, as tickertone does."""
    parser = argparse.ArgumentParser(
        description="tickertone's daily.csv and summary.csv, computed by Spark."
    )
    parser.add_argument("--data", required=True, help="data folder: a path or s3a://bucket/prefix")
    parser.add_argument("--from", dest="start", required=True, type=parse_date, help="first date")
    parser.add_argument("--to", dest="end", required=True, type=parse_date, help="last date")
    parser.add_argument("--out", required=True, help="folder for daily.csv and summary.csv")
    parser.add_argument("--tz", default="UTC", type=parse_zone, help="IANA zone [UTC]")
    parser.add_argument(
        "--session-close",
        type=parse_session_close,
        help="HH:MM: news at or after it counts for the next trading day",
    )
    parser.add_argument("--symbols", help="symbol table [<data>/symbols.csv, else built in]")
    parser.add_argument(
        "--all-mentions",
        action="store_true",
        help="count every mention, not only those an article is about (as tickertone's flag)",
    )
    args = parser.parse_args(argv)
    if args.start > args.end:
        parser.error(f"the window {args.start} to {args.end} is empty: --from is after --to")
    return args


# ---------------------------------------------------------------------------------------
# Files, through Hadoop's FileSystem API (local paths and s3a:// alike)


def hadoop_path(spark, location):
    """`(FileSystem, Path)` of a location, for listing, checking and moving files."""
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(location)
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    return path.getFileSystem(conf), path


def is_file(spark, location):
    """Whether `location` is an existing file."""
    fs, path = hadoop_path(spark, location)
    return fs.exists(path) and fs.getFileStatus(path).isFile()


def read_small_text(spark, location):
    """The whole text of a small file (a symbol table, a journal): read here when it is a
    local path, else by Spark (s3a:// and the other Hadoop file systems)."""
    fs, path = hadoop_path(spark, location)
    if fs.getUri().getScheme() == "file":
        return Path(path.toUri().getPath()).read_text(encoding="utf-8")
    return spark.read.text(location, wholetext=True).first()[0]


def join_location(base, *parts):
    """`base/part/...` for paths and URIs alike."""
    return "/".join([base.rstrip("/")] + list(parts))


def month_bounds(name):
    """The publication instants of a `month=YYYY-MM` folder: `(first, end)` in µs since
    the epoch, end excluded; None for another folder."""
    if not name.startswith("month="):
        return None
    try:
        first = dt.datetime.strptime(name[len("month="):], "%Y-%m")
    except ValueError:
        return None
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    epoch = dt.datetime(1970, 1, 1)
    return (first - epoch) // MICROSECOND, (following - epoch) // MICROSECOND


def read_journals(spark, journals):
    """Each readable journal with its folder (tickertone ignores an unreadable one too)."""
    for journal in journals:
        folder = journal.rsplit("/", 1)[0]
        try:
            yield folder, json.loads(read_small_text(spark, journal))
        except (ValueError, TypeError):
            continue


def skipped_by_journals(spark, journals):
    """Files the compaction journals say are replaced: a journal's sources, once its
    target exists (names are relative to the journal's folder)."""
    replaced = set()
    for folder, entry in read_journals(spark, journals):
        target = entry.get("target")
        if target and is_file(spark, join_location(folder, target)):
            replaced.update(join_location(folder, s) for s in entry.get("sources", []))
    return replaced


def skipped_by_migration(spark, journals):
    """Files a migration journal says readers skip: the targets of an uncommitted one
    (they are being written; the sources hold the rows), the sources of a committed one
    (names are relative to the journal's folder)."""
    skipped = set()
    for folder, entry in read_journals(spark, journals):
        names = entry.get("sources" if entry.get("committed") else "targets", [])
        skipped.update(join_location(folder, n) for n in names)
    return skipped


def store_files(spark, data, published_from, published_until):
    """The store's Parquet files that can hold publications in
    `[published_from, published_until)` (µs since the epoch): `*.parquet` under
    DATA/store/mentions/ at any depth, not hidden, not skipped by a compaction or
    migration journal, and, in
    a month=YYYY-MM folder, only the months that overlap that range."""
    root = join_location(data, "store", "mentions")
    fs, root_path = hadoop_path(spark, root)
    if not fs.exists(root_path):
        return []
    root_uri = root_path.toUri().getPath().rstrip("/")
    parquet, journals, migrations = [], [], []
    listing = fs.listFiles(root_path, True)
    while listing.hasNext():
        status = listing.next()
        full = status.getPath()
        relative = full.toUri().getPath()[len(root_uri) + 1:]
        parts = relative.split("/")
        if parts[-1] == JOURNAL:
            journals.append(full.toString())
            continue
        if parts[-1] == MIGRATION_JOURNAL:
            migrations.append(full.toString())
            continue
        if any(p.startswith(".") for p in parts) or not parts[-1].endswith(".parquet"):
            continue
        months = [m for m in map(month_bounds, parts[:-1]) if m is not None]
        if any(end <= published_from or start >= published_until for start, end in months):
            continue
        parquet.append(full.toString())
    replaced = skipped_by_journals(spark, journals) | skipped_by_migration(spark, migrations)
    return sorted(f for f in parquet if f not in replaced)


# ---------------------------------------------------------------------------------------
# The symbol table (src/symbols.rs)


def normalize_ticker(raw):
    """A ticker as tickertone stores it: trimmed, upper-case, no `$`, no exchange prefix;
    None when nothing is left."""
    ticker = raw.strip().upper()
    ticker = ticker[1:] if ticker.startswith("$") else ticker
    ticker = ticker.strip()
    prefix, colon, rest = ticker.partition(":")
    if colon and prefix.strip() in EXCHANGE_PREFIXES:
        ticker = rest.strip()
    ticker = ticker[1:] if ticker.startswith("$") else ticker
    if not ticker:
        return None
    if any(c.isspace() for c in ticker):
        raise ValueError(f"'{raw.strip()}' is not a ticker (it contains white space)")
    return ticker


def parse_symbol_table(text, name):
    """`company,tickers,aliases` rows → `[(ticker, company, symbol)]`; the first ticker of
    a row is its company's symbol, and a ticker belongs to one company."""
    rows = list(csv.reader(io.StringIO(text)))
    header = [h.strip().lower() for h in rows[0]] if rows else []
    if header[:2] != ["company", "tickers"]:
        raise ValueError(f"{name}:1: the header must be `company,tickers,aliases`")
    owner = {}
    table = []
    for line, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        company = row[0].strip()
        raw_tickers = row[1].split(";") if len(row) > 1 else []
        tickers = [t for t in (normalize_ticker(r) for r in raw_tickers if r.strip()) if t]
        if not company or not tickers:
            raise ValueError(f"{name}:{line}: a row needs a company and at least one ticker")
        for ticker in tickers:
            if ticker in owner:
                raise ValueError(f"{name}:{line}: ticker {ticker} is already {owner[ticker]}'s")
            owner[ticker] = company
            table.append((ticker, company, tickers[0]))
    return table


def symbol_table(spark, args):
    """The symbol table as a small DataFrame `(ticker, company, symbol)`: `--symbols`, else
    `<data>/symbols.csv`, else the repository's data/symbols.csv (tickertone's built-in)."""
    location = args.symbols
    if location is None:
        in_data = join_location(args.data, "symbols.csv")
        if is_file(spark, in_data):
            location = in_data
    if location is None:
        builtin = Path(__file__).resolve().parents[2] / "data" / "symbols.csv"
        text, name = builtin.read_text(encoding="utf-8"), "built-in symbols.csv"
    else:
        text, name = read_small_text(spark, location), location
    schema = "ticker string, company string, symbol string"
    return spark.createDataFrame(parse_symbol_table(text, name), schema)


# ---------------------------------------------------------------------------------------
# Mentions → pairs → days


def utc_micros(day):
    """Midnight UTC of a date, in µs since the epoch (as tickertone compares instants)."""
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
    return int(midnight.timestamp()) * 1_000_000


def read_bounds(args):
    """The publication instants a report of the window reads, as tickertone's scan does
    (src/aggregate/frame.rs): from 5 days before its 30-day history to 2 days after --to,
    a margin for zone offsets and Friday evening news dated Monday."""
    history_start = args.start - dt.timedelta(days=HISTORY_DAYS)
    return (
        utc_micros(history_start - dt.timedelta(days=5)),
        utc_micros(args.end + dt.timedelta(days=2)),
    )


def trading_or_calendar_day(args):
    """The Column that dates a mention (src/extract/date.rs): a date-only publication keeps
    its date; any other is dated in --tz; with --session-close, news at or after the close
    counts for the next day, and Saturday or Sunday rolls to Monday."""
    published = F.col("published_at")
    local = F.from_utc_timestamp(published, args.tz)
    utc_date = F.to_date(published)
    if args.session_close is None:
        return F.when(F.col("date_only"), utc_date).otherwise(F.to_date(local))
    minutes = F.hour(local) * 60 + F.minute(local)
    after_close = F.when(minutes >= F.lit(args.session_close), 1).otherwise(0)
    day = F.when(F.col("date_only"), utc_date).otherwise(F.date_add(F.to_date(local), after_close))
    weekday = F.dayofweek(day)  # 1 = Sunday, 7 = Saturday
    to_monday = F.when(weekday == 7, 2).when(weekday == 1, 1).otherwise(0)
    return F.date_add(day, to_monday)


def dated_mentions(spark, args, files, symbols):
    """The stored mentions dated `--from − 30 days … --to`, with their company, symbol and
    day (and `d`, the day as a number, for range windows)."""
    first, until = read_bounds(args)
    history_start = args.start - dt.timedelta(days=HISTORY_DAYS)
    micros = F.unix_micros("published_at")
    mentions = (
        spark.read.schema(MENTION_SCHEMA)
        .parquet(*files)
        .where((micros >= F.lit(first)) & (micros < F.lit(until)))
        .withColumn("day", trading_or_calendar_day(args))
        .where(F.col("day").between(F.lit(history_start), F.lit(args.end)))
    )
    # A ticker the table does not know is its own company; share classes are looked up in
    # any spelling (BRK.B, BRK/B and BRK-B are one ticker), as tickertone does.
    keyed = mentions.withColumn("key", ticker_key_column("ticker"))
    table = symbols.withColumn("key", ticker_key_column("ticker")).drop("ticker")
    resolved = keyed.join(F.broadcast(table), on="key", how="left")
    return resolved.select(
        "article_id",
        "ticker",
        "score",
        "relevance",
        "market_impact",
        F.coalesce("about", F.lit(True)).alias("about"),
        "day",
        F.unix_date("day").alias("d"),
        F.coalesce("company", "ticker").alias("company"),
        F.coalesce("symbol", "ticker").alias("symbol"),
    )


def ticker_key_column(name):
    """A ticker as tickertone looks it up: upper case, `.` and `/` written `-`."""
    return F.regexp_replace(F.upper(F.col(name)), "[./]", "-")


def article_company_pairs(mentions, all_mentions):
    """One pair per article and company that at least one of its mentions is `about` (every
    company with `all_mentions`): s = mean score of the company's tickers in the article,
    w = their largest relevance × the article's market impact."""
    pairs = mentions.groupBy("article_id", "company").agg(
        F.max(F.col("about").cast("int")).alias("about_any"),
        F.first("symbol").alias("symbol"),
        F.first("day").alias("day"),
        F.first("d").alias("d"),
        F.avg("score").alias("s"),
        (F.max("relevance") * F.first("market_impact")).alias("w"),
        F.collect_set("ticker").alias("tickers"),
    )
    if not all_mentions:
        pairs = pairs.where(F.col("about_any") == 1)
    return pairs.drop("about_any")


def company_days(pairs):
    """Per company and day: the sums every statistic is made of, and the tickers seen."""
    return pairs.groupBy("company", "day", "d").agg(
        F.first("symbol").alias("symbol"),
        F.count(F.lit(1)).alias("pairs"),
        F.sum("s").alias("sum_s"),
        F.sum(F.col("w") * F.col("s")).alias("sum_ws"),
        F.sum("w").alias("sum_w"),
        F.min("s").alias("min_s"),
        F.max("s").alias("max_s"),
        F.sum(F.when(F.col("s") >= BULLISH_AT, 1).otherwise(0)).alias("bullish"),
        F.sum(F.when(F.col("s") <= BEARISH_AT, 1).otherwise(0)).alias("bearish"),
        sorted_union(F.collect_list("tickers")).alias("tickers"),
    )


def sorted_union(lists):
    """The distinct strings of an array of arrays, sorted (byte order, as Rust sorts)."""
    return F.array_sort(F.array_distinct(F.flatten(lists)))


def ratio(numerator, denominator):
    """numerator / denominator, null when the denominator is 0 or null."""
    return F.when(denominator != 0, numerator / denominator)


# ---------------------------------------------------------------------------------------
# The contract's statistics


def zscore_column(history):
    """(mean − μ) / σ against `history`, the daily means of the 30 days before (in day
    order): μ their mean, σ their population standard deviation, both computed in two
    passes as tickertone does; null with fewer than 5 days, or σ zero up to rounding dust."""
    n = F.size(history)
    mu = F.aggregate(history, F.lit(0.0), lambda acc, x: acc + x) / n
    spread = F.aggregate(history, F.lit(0.0), lambda acc, x: acc + (x - mu) * (x - mu))
    sigma = F.sqrt(spread / n)
    flat = sigma <= F.lit(1e-12) * F.greatest(F.abs(mu), F.lit(1.0))
    return F.when((n >= ZSCORE_MIN_DAYS) & ~flat, (F.col("mean") - mu) / sigma)


def daily_rows(days, args):
    """daily.csv's rows: the window's company days, with rolling_7d (mean of s over the
    pairs of `date−6 … date`) and zscore_30d (over the days with news in
    `date−30 … date−1`), both looking back into the history before --from."""
    by_day = Window.partitionBy("company").orderBy("d")
    week = by_day.rangeBetween(-6, 0)
    month_before = by_day.rangeBetween(-30, -1)
    with_means = days.withColumn("mean", F.col("sum_s") / F.col("pairs"))
    stats = with_means.select(
        "*",
        (F.sum("sum_s").over(week) / F.sum("pairs").over(week)).alias("rolling_7d"),
        F.collect_list("mean").over(month_before).alias("history"),
    )
    in_window = stats.where(F.col("day").between(F.lit(args.start), F.lit(args.end)))
    return in_window.select(
        F.col("day").alias("date"),
        "company",
        "symbol",
        "tickers",
        F.col("pairs").alias("articles"),
        F.col("mean").alias("mean_sentiment"),
        ratio(F.col("sum_ws"), F.col("sum_w")).alias("weighted_sentiment"),
        F.col("min_s").alias("min_sentiment"),
        F.col("max_s").alias("max_sentiment"),
        "bullish",
        "bearish",
        (F.col("pairs") - F.col("bullish") - F.col("bearish")).alias("neutral"),
        "rolling_7d",
        zscore_column(F.col("history")).alias("zscore_30d"),
    )


def label_column(mean):
    """The contract's label of a mean sentiment."""
    return (
        F.when(mean <= -0.35, "Bearish")
        .when(mean <= -0.15, "Somewhat-Bearish")
        .when(mean >= 0.35, "Bullish")
        .when(mean >= 0.15, "Somewhat-Bullish")
        .otherwise("Neutral")
    )


def summary_rows(days, args):
    """summary.csv's rows: per company with pairs in the window, its totals there, its
    latest day, rolling_7d at --to and change_7d against the 7 days before."""

    def between(first_offset, last_offset):
        """Whether a day lies in `--to − first_offset … --to − last_offset`."""
        return F.col("day").between(
            F.lit(args.end - dt.timedelta(days=first_offset)),
            F.lit(args.end - dt.timedelta(days=last_offset)),
        )

    def sum_where(condition, column):
        """Σ column over the days that meet condition."""
        return F.sum(F.when(condition, F.col(column)))

    in_window = F.col("day").between(F.lit(args.start), F.lit(args.end))
    totals = days.groupBy("company").agg(
        sum_where(in_window, "pairs").alias("articles"),
        sum_where(in_window, "sum_s").alias("sum_s"),
        sum_where(in_window, "sum_ws").alias("sum_ws"),
        sum_where(in_window, "sum_w").alias("sum_w"),
        F.max(F.when(in_window, F.struct("day", "sum_s", "pairs", "symbol"))).alias("last"),
        sorted_union(F.collect_list(F.when(in_window, F.col("tickers")))).alias("tickers"),
        ratio(sum_where(between(6, 0), "sum_s"), sum_where(between(6, 0), "pairs")).alias(
            "rolling_7d"
        ),
        ratio(sum_where(between(13, 7), "sum_s"), sum_where(between(13, 7), "pairs")).alias(
            "before_7d"
        ),
    )
    mean = F.col("sum_s") / F.col("articles")
    return totals.where(F.col("articles") > 0).select(
        "company",
        F.col("last.symbol").alias("symbol"),
        "tickers",
        "articles",
        mean.alias("mean_sentiment"),
        ratio(F.col("sum_ws"), F.col("sum_w")).alias("weighted_sentiment"),
        F.col("last.day").alias("last_date"),
        (F.col("last.sum_s") / F.col("last.pairs")).alias("last_sentiment"),
        "rolling_7d",
        (F.col("rolling_7d") - F.col("before_7d")).alias("change_7d"),
        label_column(mean).alias("label"),
    )


# ---------------------------------------------------------------------------------------
# CSV output, as tickertone writes it (src/render/csv.rs, the csv crate's defaults)


def rust_number(x):
    """tickertone's number format: rounded to 12 significant digits, then the shortest
    decimal that reads back as that double, never in exponent form (Rust's `{}` of f64);
    0 for zero, empty for a missing value."""
    if x is None or x != x:
        return ""
    if x == 0.0 or x in (float("inf"), float("-inf")):
        return "0"
    rounded = float(f"{x:.11e}")
    text = format(Decimal(repr(rounded)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


number = F.udf(rust_number, T.StringType())


def csv_field(column):
    """A CSV field as the csv crate writes it: quoted (quotes doubled) only when it holds a
    comma, a quote or a line break."""
    text = F.coalesce(column.cast("string"), F.lit(""))
    needs_quotes = text.rlike('[",\r\n]')
    quoted = F.concat(F.lit('"'), F.replace(text, F.lit('"'), F.lit('""')), F.lit('"'))
    return F.when(needs_quotes, quoted).otherwise(text)


# Control characters (not tab and line ends) and bidirectional overrides, written as
# U+FFFD (src/aggregate/cells.rs, `is_hidden_control`); Java regex escapes.
HIDDEN_CONTROLS = "[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F\\u200E\\u200F\\u061C\\u202A-\\u202E\\u2066-\\u2069]"


def guarded(text):
    """A text cell as tickertone writes it (src/aggregate/cells.rs, `guard`): hidden
    controls as U+FFFD, and a `'` before a text that, past any leading `'`, begins like a
    formula (`=`, `+`, `-`, `@`, tab, carriage return)."""
    clean = F.regexp_replace(text, HIDDEN_CONTROLS, "\ufffd")
    return F.when(text.rlike("^'*[=+\\-@\t\r]"), F.concat(F.lit("'"), clean)).otherwise(clean)


def rendered(name, kind):
    """A column as tickertone prints it: numbers through rust_number, ticker lists
    `;`-joined, counts and dates (YYYY-MM-DD) as they are, text guarded."""
    if kind == "double":
        return number(F.col(name))
    if kind.startswith("array"):
        return guarded(F.array_join(F.col(name), ";"))
    if kind == "string":
        return guarded(F.col(name))
    return F.col(name).cast("string")


def write_csv(spark, rows, columns, order, location):
    """Writes `rows` as one CSV file at `location`: the header, then one line per row,
    sorted by `order` (Columns with their direction). Spark writes the lines as one
    sorted partition of text into a hidden folder beside it; the file is moved into place."""
    kinds = dict(rows.dtypes)
    line = F.concat_ws(",", *[csv_field(rendered(c, kinds[c])) for c in columns])
    keys = [F.col(c).alias(f"_key{i}") for i, (c, _) in enumerate(order)]
    body = rows.select(F.lit(1).alias("_part"), *keys, line.alias("line"))
    header = spark.range(1).select(
        F.lit(0).alias("_part"),
        *[F.lit(None).cast(kinds[c]).alias(f"_key{i}") for i, (c, _) in enumerate(order)],
        F.lit(",".join(columns)).alias("line"),
    )
    sort = [F.col("_part")] + [
        F.col(f"_key{i}").asc() if ascending else F.col(f"_key{i}").desc()
        for i, (_, ascending) in enumerate(order)
    ]
    folder = location.rsplit("/", 1)
    staging = f"{folder[0]}/.{folder[1]}.spark"
    (
        body.unionByName(header)
        .repartition(1)
        .sortWithinPartitions(*sort)
        .select("line")
        .write.mode("overwrite")
        .option("lineSep", "\n")
        .text(staging)
    )
    fs, staging_path = hadoop_path(spark, staging)
    parts = [
        status.getPath()
        for status in fs.listStatus(staging_path)
        if status.getPath().getName().startswith("part-")
    ]
    if len(parts) != 1:
        raise RuntimeError(f"{staging}: expected one part file, found {len(parts)}")
    target = hadoop_path(spark, location)[1]
    if fs.exists(target):
        fs.delete(target, False)
    if not fs.rename(parts[0], target):
        raise RuntimeError(f"cannot move {parts[0]} to {location}")
    fs.delete(staging_path, True)
    # Hadoop's local file system keeps a hidden checksum beside each file it writes.
    checksum = hadoop_path(spark, join_location(folder[0], f".{folder[1]}.crc"))[1]
    if fs.exists(checksum):
        fs.delete(checksum, False)


# ---------------------------------------------------------------------------------------


def run(spark, args):
    """Aggregates the store of `args.data` into `args.out`; returns the exit status (1:
    nothing is recorded). The session's time zone must be UTC (see `session`)."""
    symbols = symbol_table(spark, args)
    files = store_files(spark, args.data, *read_bounds(args))
    if not files:
        print(f"nothing is recorded in {args.data}/store/mentions", file=sys.stderr)
        return 1
    mentions = dated_mentions(spark, args, files, symbols)
    days = company_days(article_company_pairs(mentions, args.all_mentions)).cache()
    out = args.out.rstrip("/")
    fs, out_path = hadoop_path(spark, out)
    fs.mkdirs(out_path)
    by_company_and_date = [("company", True), ("date", True)]
    write_csv(spark, daily_rows(days, args), DAILY_COLUMNS, by_company_and_date, out + "/daily.csv")
    busiest_first = [("articles", False), ("company", True)]
    write_csv(spark, summary_rows(days, args), SUMMARY_COLUMNS, busiest_first, out + "/summary.csv")
    days.unpersist()
    print(f"wrote {out}/daily.csv and summary.csv ({len(files)} store files)", file=sys.stderr)
    return 0


def session():
    """The Spark session, its SQL time zone UTC: instants are dated explicitly."""
    return (
        SparkSession.builder.appName("tickertone-aggregate")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )


def main(argv):
    """Runs the job; returns the exit status (2: usage error, 1: nothing could be done)."""
    args = parse_args(argv)
    spark = session()
    try:
        return run(spark, args)
    finally:
        spark.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
