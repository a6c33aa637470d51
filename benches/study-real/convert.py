#!/usr/bin/env python3
"""Puts a real public news dump and real daily closes into the shapes tickertone reads.

Inputs (public GitHub repositories, read from bare git mirrors with `git show`, commits pinned):

  news    Texas-UCF/SentimentAnalysis @ 468c9b95a2bd52f30a481f5130b8da68637a4b2c
          data/headlines.csv  (date,text,ticker: 50,087 Finviz headlines of 502 S&P 500
          tickers, 2015-11-05 .. 2016-12-05; the text was lower-cased and lemmatised by the
          repository's authors, stop words dropped)
  closes  Shiva-gs/ML-Project-Stock-Predict @ b76ea6038e7f7d4a5689f6a0825019b7ed4fb2f2
          individual_stocks_5yr/<TICKER>_data.csv  (Yahoo daily bars via pandas_datareader:
          Date,High,Low,Open,Close,Volume,Adj Close,Name; 482 tickers, 2015-01-12 .. 2020-01-10)
  bench   DulajSP/ml-equity-trading-signals @ 1f7747494d952fa2a255478cb9c8c4045f6bc8b1
          data/SP_SPX.csv  (hourly S&P 500 index bars, Unix time,open,high,low,close,Volume);
          the daily close is the close of the last bar of each New York trading date

Outputs (in the folder given, default the script's own):

  news.csv    published_at,title,ticker,source   (one row per headline and ticker, as the
              dump has them; ingest reads it as a CSV news export and scores the titles)
  closes.csv  date,ticker,close   (the adjusted close; SPX from the hourly index bars),
              for --prices; only the dates FROM..TO below are kept

Usage: python3 convert.py [OUT_DIR]   (MIRRORS=/work/.mirror by default)
"""
import csv
import datetime as dt
import io
import os
import subprocess
import sys
from zoneinfo import ZoneInfo

MIRRORS = os.environ.get("MIRRORS", "/work/.mirror")
NEWS = ("Texas-UCF+SentimentAnalysis", "468c9b95a2bd52f30a481f5130b8da68637a4b2c", "data/headlines.csv")
PRICES = ("Shiva-gs+ML-Project-Stock-Predict", "b76ea6038e7f7d4a5689f6a0825019b7ed4fb2f2", "individual_stocks_5yr/")
BENCH = ("DulajSP+ml-equity-trading-signals", "1f7747494d952fa2a255478cb9c8c4045f6bc8b1", "data/SP_SPX.csv")
FROM, TO = "2015-10-01", "2017-03-31"  # the news' span, plus the 20 trading days after it


def git(repo, *args):
    return subprocess.run(["git", "-C", f"{MIRRORS}/{repo}/repo", *args],
                          check=True, capture_output=True).stdout.decode("utf-8")


def show(spec):
    repo, commit, path = spec
    return git(repo, "show", f"{commit}:{path}")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(out, exist_ok=True)

    # News: rename the columns to ones tickertone's CSV reader knows; keep every row.
    n = 0
    with open(os.path.join(out, "news.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["published_at", "title", "ticker", "source"])
        for r in csv.DictReader(io.StringIO(show(NEWS))):
            w.writerow([r["date"], r["text"], r["ticker"], "finviz (Texas-UCF/SentimentAnalysis)"])
            n += 1
    print(f"news.csv: {n} rows", file=sys.stderr)

    # Closes: the adjusted close of each ticker file, as date,ticker,close.
    repo, commit, folder = PRICES
    paths = git(repo, "ls-tree", "-r", "--name-only", commit, folder).split("\n")
    rows = []
    for p in filter(None, paths):
        ticker = p.rsplit("/", 1)[1].removesuffix("_data.csv")
        for r in csv.DictReader(io.StringIO(show((repo, commit, p)))):
            if FROM <= r["Date"] <= TO and r["Adj Close"] not in ("", "null"):
                rows.append((r["Date"], ticker, r["Adj Close"]))
    tickers = len({t for _, t, _ in rows})

    # Benchmark: the last hourly bar of each New York date.
    ny = ZoneInfo("America/New_York")
    last = {}
    for r in csv.DictReader(io.StringIO(show(BENCH))):
        t = dt.datetime.fromtimestamp(int(r["time"]), dt.timezone.utc).astimezone(ny)
        d = t.date().isoformat()
        if FROM <= d <= TO and (d not in last or t > last[d][0]):
            last[d] = (t, r["close"])
    rows += [(d, "SPX", c) for d, (_, c) in last.items()]

    rows.sort()
    with open(os.path.join(out, "closes.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["date", "ticker", "close"])
        w.writerows(rows)
    print(f"closes.csv: {len(rows)} rows, {tickers} tickers + SPX ({len(last)} days)", file=sys.stderr)


if __name__ == "__main__":
    main()
