#!/usr/bin/env python3
"""Reference pandas + matplotlib script for the tickertone benchmark (issue 6).

A BENCHMARK TOOL, not part of the product or its tests. It does, the way an analyst
would with pandas and matplotlib, the job that

    tickertone --data D --reports R ingest INPUT.ndjson && tickertone --data D --reports R report

does for the default window (the 90 days ending at the latest date), so that
benches/run.sh can time the two side by side.

Usage:

    python3 benches/reference_pandas.py INPUT.ndjson OUTDIR [--symbols data/symbols.csv]
                                        [--jobs N]

Needs: Python 3.9+, pandas and matplotlib (`python3 -m pip install pandas matplotlib`;
benches/run.sh installs them quietly when they are missing). No pyarrow: nothing is written
to Parquet.

What it does (same work in kind as tickertone ingest + report):

  1. read the NDJSON with the json module (one json.loads per line) and explode each
     article into ticker mentions: `tickers` as a list or a comma-separated string,
     `ticker_sentiment` as a list of {ticker, score, relevance} (Alpha Vantage's
     ticker_sentiment_score / relevance_score too) or a {ticker: score} map. A mention's
     score is its ticker score, else the article's `sentiment`; relevance defaults to 1,
     `market_impact` to 1. Tickers are trimmed, upper-cased, stripped of a leading `$` and
     of an exchange prefix (NASDAQ:, NYSE:, ...). Repeated article ids count once.
  2. map tickers to companies with the symbol table (company,tickers,aliases; tickers
     `;`-separated, the first is the symbol); an unknown ticker is its own company.
  3. one pair per (article, company): s = mean score, w = max relevance x market impact,
     date = the UTC calendar date of published_at.
  4. daily aggregates per company over the window: articles, mean, weighted (sum w*s / sum
     w), min, max, bullish / bearish / neutral at +-0.15, rolling_7d (mean of s over the
     pairs dated date-6 .. date, history before the window included), zscore_30d (over the
     daily means of date-30 .. date-1, at least 5 days, population sigma); `daily.csv`.
  5. one row per company for the window: `summary.csv` (articles, mean, weighted, last
     date and its mean, rolling_7d at the window's end, change_7d, label), sorted by
     articles descending.
  6. one two-panel 1280x720 PNG per company with news in the window (figsize 12.8x7.2,
     dpi 100, Agg backend): top, daily mean as points, 7-day rolling mean as a line and the
     zero line; bottom, article counts as bars. Plus `overview.png` (companies ranked by
     mean sentiment) and a plain `index.html`, as tickertone writes them.

What it does NOT do, so it is, if anything, favoured against tickertone: it keeps no store
(tickertone writes every mention to Parquet on ingest and reads it back on report), it
does not validate records (ranges, dates, conflicting repeats) nor log rejected ones, it
writes no staging folder, it supports only NDJSON and only the UTC time zone, and its
number formatting is pandas' default. Output values are meant to agree with tickertone's
to rounding, but they are not checked against it: this is a timing comparison.

`--jobs N` draws the charts in N worker processes (default 1: the plain single-process
script an analyst would write; tickertone draws its charts on every core).
"""

import argparse
import csv
import datetime as dt
import html
import json
import os
import sys
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXCHANGES = {"NASDAQ", "NYSE", "NYSEARCA", "NYSEAMERICAN", "AMEX", "BATS", "OTC", "TSX", "LSE"}
BULLISH_AT, BEARISH_AT = 0.15, -0.15
WINDOW_DAYS = 90


# ---------------------------------------------------------------------------- reading

def norm_ticker(t):
    t = str(t).strip().upper()
    if t.startswith("$"):
        t = t[1:].strip()
    if ":" in t:
        prefix, rest = t.split(":", 1)
        if prefix.strip() in EXCHANGES:
            t = rest.strip()
    return t


def read_mentions(path):
    """NDJSON -> a DataFrame with one row per ticker mention."""
    ids, published, tickers, scores, relevances, impacts = [], [], [], [], [], []
    seen = set()
    norm_cache = {}

    def norm(t):
        n = norm_cache.get(t)
        if n is None:
            n = norm_cache[t] = norm_ticker(t)
        return n

    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            a = json.loads(line)
            aid = a.get("id") or ("url:" + a["url"] if a.get("url") else
                                  "line:%s:%d" % (path, lineno))
            if aid in seen:
                continue
            seen.add(aid)
            pub = a.get("published_at") or a.get("time_published")
            sent = a.get("sentiment", a.get("overall_sentiment_score"))
            sent = None if sent is None else float(sent)
            impact = a.get("market_impact")
            impact = 1.0 if impact is None else float(impact)

            stated = {}  # ticker -> (score, relevance)
            ts = a.get("ticker_sentiment")
            if isinstance(ts, dict):
                for t, s in ts.items():
                    stated[norm(t)] = (float(s), 1.0)
            elif isinstance(ts, list):
                for item in ts:
                    s = item.get("score", item.get("ticker_sentiment_score"))
                    r = item.get("relevance", item.get("relevance_score"))
                    stated[norm(item["ticker"])] = (
                        None if s is None else float(s), 1.0 if r is None else float(r))

            tl = a.get("tickers") or []
            if isinstance(tl, str):
                tl = tl.split(",")
            names = []
            for t in tl:
                n = norm(t)
                if n and n not in names:
                    names.append(n)
            for n in stated:
                if n not in names:
                    names.append(n)

            for n in names:
                s, r = stated.get(n, (None, 1.0))
                if s is None:
                    s = sent
                if s is None:
                    continue  # no score at all: tickertone rejects these
                ids.append(aid)
                published.append(pub)
                tickers.append(n)
                scores.append(s)
                relevances.append(r)
                impacts.append(impact)

    return pd.DataFrame({
        "article_id": ids,
        "published_at": published,
        "ticker": tickers,
        "score": np.asarray(scores, dtype="float64"),
        "relevance": np.asarray(relevances, dtype="float64"),
        "market_impact": np.asarray(impacts, dtype="float64"),
    })


def read_symbols(path):
    """ticker -> (company, symbol), from company,tickers,aliases."""
    table = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            ts = [norm_ticker(t) for t in row["tickers"].split(";") if t.strip()]
            if ts:
                for t in ts:
                    table.setdefault(t, (row["company"].strip(), ts[0]))
    return table


# ---------------------------------------------------------------------------- aggregating

def label_of(mean):
    if mean <= -0.35:
        return "Bearish"
    if mean <= -0.15:
        return "Somewhat-Bearish"
    if mean >= 0.35:
        return "Bullish"
    if mean >= 0.15:
        return "Somewhat-Bullish"
    return "Neutral"


def aggregate(m, symbols):
    # companies
    uniq = pd.Index(m["ticker"].unique())
    resolved = [symbols.get(t, (t, t)) for t in uniq]
    comp_map = pd.Series([c for c, _ in resolved], index=uniq)
    sym_map = pd.Series([s for _, s in resolved], index=uniq)
    m["company"] = m["ticker"].map(comp_map)
    m["symbol"] = m["ticker"].map(sym_map)
    m["date"] = (pd.to_datetime(m["published_at"], utc=True, format="ISO8601")
                 .dt.tz_localize(None).dt.normalize())

    # pairs: one per (article, company)
    pairs = (m.groupby(["article_id", "company"], sort=False)
              .agg(s=("score", "mean"), rel=("relevance", "max"),
                   impact=("market_impact", "first"), date=("date", "first"),
                   symbol=("symbol", "first"))
              .reset_index())
    pairs["w"] = pairs["rel"] * pairs["impact"]
    pairs["ws"] = pairs["w"] * pairs["s"]
    pairs["bull"] = pairs["s"] >= BULLISH_AT
    pairs["bear"] = pairs["s"] <= BEARISH_AT

    end = pairs["date"].max()
    start = end - pd.Timedelta(days=WINDOW_DAYS - 1)

    # daily, over all history (history feeds rolling_7d and zscore_30d)
    daily = (pairs.groupby(["company", "date"], sort=True)
                  .agg(symbol=("symbol", "first"), articles=("s", "size"),
                       sum_s=("s", "sum"), mean_sentiment=("s", "mean"),
                       sum_ws=("ws", "sum"), sum_w=("w", "sum"),
                       min_sentiment=("s", "min"), max_sentiment=("s", "max"),
                       bullish=("bull", "sum"), bearish=("bear", "sum"))
                  .reset_index())
    daily["weighted_sentiment"] = (daily["sum_ws"] / daily["sum_w"]).where(daily["sum_w"] > 0)
    daily["neutral"] = daily["articles"] - daily["bullish"] - daily["bearish"]

    # rolling 7 days (date-6 .. date) of the pairs: rolling sums of s and of counts
    d = daily.set_index("date")
    g = d.groupby("company", sort=False)
    roll_sum = g["sum_s"].rolling("7D").sum()
    roll_n = g["articles"].rolling("7D").sum()
    daily["rolling_7d"] = (roll_sum / roll_n).to_numpy()
    # z-score of the daily mean against the days with news in date-30 .. date-1
    mu = g["mean_sentiment"].rolling("30D", closed="left", min_periods=5).mean()
    sd = g["mean_sentiment"].rolling("30D", closed="left", min_periods=5).std(ddof=0)
    mu, sd = mu.to_numpy(), sd.to_numpy()
    sd = np.where(sd < 1e-12, np.nan, sd)
    daily["zscore_30d"] = (daily["mean_sentiment"].to_numpy() - mu) / sd

    # tickers seen per company-day
    tk = (m[["company", "date", "ticker"]].drop_duplicates()
          .sort_values(["company", "date", "ticker"])
          .groupby(["company", "date"], sort=True)["ticker"].agg(";".join))
    daily = daily.merge(tk.rename("tickers").reset_index(), on=["company", "date"], how="left")

    in_window = (daily["date"] >= start) & (daily["date"] <= end)
    win = daily[in_window].sort_values(["company", "date"]).reset_index(drop=True)

    # summary over the window
    wp = pairs[(pairs["date"] >= start) & (pairs["date"] <= end)]
    summ = (wp.groupby("company", sort=False)
              .agg(symbol=("symbol", "first"), articles=("s", "size"),
                   mean_sentiment=("s", "mean"), sum_ws=("ws", "sum"), sum_w=("w", "sum"))
              .reset_index())
    summ["weighted_sentiment"] = (summ["sum_ws"] / summ["sum_w"]).where(summ["sum_w"] > 0)
    wt = (m.loc[(m["date"] >= start) & (m["date"] <= end), ["company", "ticker"]]
          .drop_duplicates().sort_values(["company", "ticker"])
          .groupby("company")["ticker"].agg(";".join))
    summ["tickers"] = summ["company"].map(wt)
    last = win.groupby("company").tail(1).set_index("company")
    summ["last_date"] = summ["company"].map(last["date"]).dt.strftime("%Y-%m-%d")
    summ["last_sentiment"] = summ["company"].map(last["mean_sentiment"])
    recent = pairs[(pairs["date"] > end - pd.Timedelta(days=7)) & (pairs["date"] <= end)]
    before = pairs[(pairs["date"] > end - pd.Timedelta(days=14))
                   & (pairs["date"] <= end - pd.Timedelta(days=7))]
    r7 = recent.groupby("company")["s"].mean()
    b7 = before.groupby("company")["s"].mean()
    summ["rolling_7d"] = summ["company"].map(r7)
    summ["change_7d"] = summ["rolling_7d"] - summ["company"].map(b7)
    summ["label"] = summ["mean_sentiment"].map(label_of)
    summ = summ.sort_values(["articles", "company"], ascending=[False, True]).reset_index(drop=True)
    return win, summ, start, end


# ---------------------------------------------------------------------------- writing

DAILY_COLS = ["date", "company", "symbol", "tickers", "articles", "mean_sentiment",
              "weighted_sentiment", "min_sentiment", "max_sentiment", "bullish", "bearish",
              "neutral", "rolling_7d", "zscore_30d"]
SUMMARY_COLS = ["company", "symbol", "tickers", "articles", "mean_sentiment",
                "weighted_sentiment", "last_date", "last_sentiment", "rolling_7d",
                "change_7d", "label"]


def file_safe(symbol):
    s = "".join(c if (c.isascii() and c.isalnum()) or c in ".-_" else "_" for c in symbol)
    return s.strip(".") or "_"


def company_chart(args):
    path, company, tickers, start, end, dates, means, rolling, counts = args
    fig = Figure(figsize=(12.8, 7.2), dpi=100)
    FigureCanvasAgg(fig)
    top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [64, 36]})
    fig.suptitle("%s (%s) · daily sentiment, %s to %s"
                 % (company, tickers.replace(";", ", "), start.date(), end.date()),
                 fontweight="bold")
    top.axhline(0.0, color="#787878", linewidth=1)
    top.scatter(dates, means, s=25, color="#0072B2", alpha=0.75, label="daily mean")
    top.plot(dates, rolling, color="#D55E00", linewidth=3, label="7-day rolling mean")
    top.set_ylim(-1, 1)
    top.set_ylabel("sentiment")
    top.grid(True, color="#c8c8c8", alpha=0.5)
    top.legend(loc="upper left")
    bottom.bar(dates, counts, width=0.76, color="#787878", alpha=0.8)
    bottom.set_ylabel("articles")
    bottom.grid(True, axis="y", color="#c8c8c8", alpha=0.5)
    bottom.set_xlim(start - pd.Timedelta(hours=17), end + pd.Timedelta(hours=17))
    bottom.xaxis.set_major_formatter(mdates.DateFormatter("%b %-d"))
    fig.savefig(path)
    return path


def overview_chart(path, summ, start, end):
    ranked = summ.sort_values(["mean_sentiment", "company"], ascending=[True, False])
    height = max(720, 140 + 24 * len(ranked))
    fig = Figure(figsize=(12.8, height / 100), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    y = np.arange(len(ranked))
    colors = np.where(ranked["mean_sentiment"] >= 0, "#0072B2", "#D55E00")
    ax.barh(y, ranked["mean_sentiment"], color=colors)
    ax.set_yticks(y, ["%s (%d)" % (c, n) for c, n in zip(ranked["company"], ranked["articles"])],
                  fontsize=8)
    ax.axvline(0, color="#787878", linewidth=1)
    ax.set_xlim(-1, 1)
    ax.set_ylim(-0.5, len(ranked) - 0.5)
    ax.set_title("Mean sentiment by company, %s to %s (%d companies)"
                 % (start.date(), end.date(), len(ranked)), fontweight="bold")
    fig.savefig(path)


def write_report(win, summ, start, end, outdir, jobs):
    folder = os.path.join(outdir, end.strftime("%Y-%m-%d"))
    charts = os.path.join(folder, "charts")
    os.makedirs(charts, exist_ok=True)

    out = win.copy()
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    out[DAILY_COLS].to_csv(os.path.join(folder, "daily.csv"), index=False,
                           float_format="%.12g")
    summ[SUMMARY_COLS].to_csv(os.path.join(folder, "summary.csv"), index=False,
                              float_format="%.12g")

    tasks = []
    by_company = {c: g for c, g in win.groupby("company", sort=False)}
    for row in summ.itertuples(index=False):
        g = by_company[row.company]
        tasks.append((os.path.join(charts, file_safe(row.symbol) + ".png"), row.company,
                      row.tickers, start, end, g["date"].to_numpy(),
                      g["mean_sentiment"].to_numpy(), g["rolling_7d"].to_numpy(),
                      g["articles"].to_numpy()))
    if jobs > 1:
        import multiprocessing
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for _ in pool.imap_unordered(company_chart, tasks, chunksize=4):
                pass
    else:
        for t in tasks:
            company_chart(t)
    overview_chart(os.path.join(folder, "overview.png"), summ, start, end)

    with open(os.path.join(folder, "index.html"), "w", encoding="utf-8") as f:
        f.write("<!doctype html><meta charset=utf-8><title>Sentiment report</title>\n")
        f.write(summ[SUMMARY_COLS].to_html(index=False, float_format="%.4f"))
        for row in summ.itertuples(index=False):
            f.write('<h2>%s</h2><img src="charts/%s.png" width=1280 height=720>\n'
                    % (html.escape(row.company), html.escape(file_safe(row.symbol))))
    return folder, len(tasks)


def main(argv=None):
    p = argparse.ArgumentParser(description="pandas + matplotlib reference for the "
                                            "tickertone benchmark (not part of the product)")
    p.add_argument("input", help="NDJSON file of articles")
    p.add_argument("outdir", help="reports folder; the report goes to OUTDIR/<last-date>/")
    p.add_argument("--symbols", default=os.path.join(REPO, "data", "symbols.csv"))
    p.add_argument("--jobs", type=int, default=1, help="chart-drawing processes [1]")
    a = p.parse_args(argv)

    t0 = time.perf_counter()
    m = read_mentions(a.input)
    t1 = time.perf_counter()
    win, summ, start, end = aggregate(m, read_symbols(a.symbols))
    t2 = time.perf_counter()
    folder, n = write_report(win, summ, start, end, a.outdir, max(1, a.jobs))
    t3 = time.perf_counter()
    print("reference_pandas: %d mentions; %d companies, %d daily rows, %s to %s -> %s; "
          "read %.1f s, aggregate %.1f s, report+charts %.1f s"
          % (len(m), n, len(win), start.date(), end.date(), folder,
             t1 - t0, t2 - t1, t3 - t2), file=sys.stderr)


if __name__ == "__main__":
    main()
