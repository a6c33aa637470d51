#!/usr/bin/env python3
"""Deterministic article corpus for checking tickertone against an independent oracle.

A copy, unchanged below this paragraph, of the maintainers' shared generator
(shared/bench/gen_corpus.py): articles shaped like real ones (1.8 mentions, ~380-character
bodies, ~670 bytes each). benches/scale.sh measures the scale targets on it (issue 29).

Usage: gen_corpus.py OUT_DIR [--articles N] [--days D] [--companies K] [--seed S] [--dirty]

Writes OUT_DIR/articles.ndjson (canonical format) and, with --dirty, also
OUT_DIR/av_feed.json (Alpha Vantage NEWS_SENTIMENT shape, numbers as strings),
OUT_DIR/rows.csv (one row per mention, quoted titles with commas)
and OUT_DIR/bad.ndjson (malformed records mixed with good ones).
"""
import argparse
import csv
import datetime as dt
import json
import os
import random

BASE = [
    "AAPL", "MSFT", "GOOGL", "GOOG", "META", "AMZN", "NVDA", "TSLA", "JPM", "XOM",
    "NFLX", "AMD", "INTC", "DIS", "KO", "PEP", "WMT", "BAC", "CVX", "ORCL",
]
WORDS = ("shares rallied after strong quarterly earnings beat estimates while guidance "
         "disappointed investors amid layoffs lawsuit regulators probe growth margin "
         "revenue outlook analysts upgrade downgrade demand supply chain record profit "
         "loss decline surge plunge partnership acquisition dividend buyback").split()


def make_tickers(k):
    """The BASE tickers first, then synthetic ones unknown to any symbol table."""
    out = list(BASE[:k])
    i = 0
    while len(out) < k:
        out.append("Q" + "".join(chr(65 + (i // 26 ** j) % 26) for j in range(3)))
        i += 1
    return out


def body(rng, n=60):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def iso(ts, rng):
    """Timestamps in several spellings the contract accepts."""
    kind = rng.random()
    if kind < 0.6:
        return ts.strftime("%Y-%m-%dT%H:%M:%SZ")
    if kind < 0.8:
        # an offset that can move the UTC date
        local = ts.astimezone(dt.timezone(dt.timedelta(hours=-4)))
        return local.isoformat()
    return ts.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def spell(t, rng):
    """Ticker spellings that must normalise to t."""
    r = rng.random()
    if r < 0.05:
        return "$" + t.lower()
    if r < 0.10 and not t.startswith("Q"):
        return "NASDAQ:" + t
    return t


def generate(args):
    rng = random.Random(args.seed)
    tickers = make_tickers(args.companies)
    start = dt.datetime(2025, 3, 1, tzinfo=dt.timezone.utc)
    # each ticker drifts around its own mood so the series have shape
    mood = {t: rng.uniform(-0.4, 0.4) for t in tickers}
    arts = []
    for i in range(args.articles):
        ts = start + dt.timedelta(seconds=rng.randrange(args.days * 86400))
        n = 1 if rng.random() < 0.6 else rng.randint(2, 4)
        chosen = rng.sample(tickers, min(n, len(tickers)))
        if "GOOGL" in chosen and rng.random() < 0.7 and "GOOG" not in chosen:
            chosen.append("GOOG")
        day = (ts - start).days
        a = {
            "id": f"a{i:07d}",
            "published_at": iso(ts, rng),
            "title": f"Story {i} on {', '.join(chosen)}",
            "source": rng.choice(["Wire", "Daily", "Street", "Ledger"]),
            "url": f"https://news.example/{i}",
        }
        if rng.random() < 0.8:
            a["body"] = body(rng)
        style = rng.random()
        scores = {}
        for t in chosen:
            m = mood[t] + 0.3 * __import__("math").sin(day / 9.0 + len(t))
            scores[t] = max(-1.0, min(1.0, round(rng.gauss(m, 0.3), 4)))
        if style < 0.55:
            a["ticker_sentiment"] = [
                {"ticker": spell(t, rng), "score": s, "relevance": round(rng.uniform(0.05, 1), 3)}
                for t, s in scores.items()]
        elif style < 0.8:
            a["ticker_sentiment"] = {spell(t, rng): s for t, s in scores.items()}
        else:
            a["tickers"] = [spell(t, rng) for t in chosen]
            a["sentiment"] = round(sum(scores.values()) / len(scores), 4)
        if rng.random() < 0.7:
            a["market_impact"] = round(rng.uniform(0.1, 1), 2)
        arts.append(a)
    # exact duplicates of earlier articles (must be skipped, not double counted)
    for j in range(max(1, args.articles // 50)):
        arts.append(dict(arts[rng.randrange(len(arts) - 1)]))
    rng.shuffle(arts)
    return arts


def to_av(arts):
    feed = []
    for a in arts:
        if "ticker_sentiment" not in a or not isinstance(a["ticker_sentiment"], list):
            continue
        ts = dt.datetime.fromisoformat(a["published_at"].replace("Z", "+00:00")).astimezone(dt.timezone.utc)
        feed.append({
            "title": a["title"], "url": a["url"] + "?av", "time_published": ts.strftime("%Y%m%dT%H%M%S"),
            "authors": ["Desk"], "summary": a.get("body", ""), "source": a["source"],
            "topics": [{"topic": "Earnings", "relevance_score": "0.5"}],
            "overall_sentiment_score": 0.0, "overall_sentiment_label": "Neutral",
            "ticker_sentiment": [{"ticker": m["ticker"].lstrip("$").upper().replace("NASDAQ:", ""),
                                  "relevance_score": f"{m['relevance']:.6f}",
                                  "ticker_sentiment_score": f"{m['score']:.6f}",
                                  "ticker_sentiment_label": "Neutral"} for m in a["ticker_sentiment"]],
        })
        if len(feed) >= 50:
            break
    return {"items": str(len(feed)), "sentiment_score_definition": "x <= -0.35: Bearish; -0.35 < x <= -0.15: Somewhat-Bearish; -0.15 < x < 0.15: Neutral; 0.15 <= x < 0.35: Somewhat_Bullish; x >= 0.35: Bullish",
            "relevance_score_definition": "0 < x <= 1, with a higher score indicating higher relevance.", "feed": feed}


BAD_LINES = [
    '{"id": "bad1", "published_at": "2025-04-02T10:00:00Z", "title": "score out of range", "ticker_sentiment": {"AAPL": 3.5}}',
    '{"id": "bad2", "published_at": "not a date", "title": "bad date", "ticker_sentiment": {"AAPL": 0.1}}',
    '{"id": "bad3", "title": "no date", "ticker_sentiment": {"AAPL": 0.1}}',
    '{"id": "bad4", "published_at": "2025-04-02T10:00:00Z", "title": "truncated", "ticker_sen',
    '[1, 2, 3]',
    '{"id": "bad5", "published_at": "2025-04-02T10:00:00Z", "title": "nan score", "ticker_sentiment": {"AAPL": "NaN"}}',
    '\x00\x01garbage',
]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--articles", type=int, default=2000)
    p.add_argument("--days", type=int, default=60)
    p.add_argument("--companies", type=int, default=12)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--dirty", action="store_true")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    arts = generate(args)
    with open(os.path.join(args.out, "articles.ndjson"), "w") as f:
        for a in arts:
            f.write(json.dumps(a) + "\n")
    if args.dirty:
        with open(os.path.join(args.out, "av_feed.json"), "w") as f:
            json.dump(to_av(arts), f, indent=1)
        with open(os.path.join(args.out, "rows.csv"), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "published_at", "ticker", "sentiment", "relevance", "market_impact", "title", "source"])
            rng = random.Random(args.seed + 1)
            for i in range(150):
                aid = f"c{i:05d}"
                when = iso(dt.datetime(2025, 3, 1, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=rng.randrange(args.days * 86400)), rng)
                imp = round(rng.uniform(0.1, 1), 2)
                for t in rng.sample(make_tickers(args.companies), rng.randint(1, 3)):
                    w.writerow([aid, when, spell(t, rng), round(rng.uniform(-1, 1), 4), round(rng.uniform(0.05, 1), 3),
                                imp, f"Headline {i}, with a comma", "Desk"])
        good = [json.dumps(a) for a in arts[:20]]
        with open(os.path.join(args.out, "bad.ndjson"), "w") as f:
            for i, line in enumerate(BAD_LINES):
                f.write(good[i] + "\n" + line + "\n")


if __name__ == "__main__":
    main()
