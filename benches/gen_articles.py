#!/usr/bin/env python3
"""Synthetic articles WITHOUT scores, for timing a model that scores them (benches/model.sh).

Everything written is SYNTHETIC, not real news: filled-in templates about companies of
data/symbols.csv, with seeded random figures so that no two texts are the same (a model's
batch runs a repeated sentence once, which would flatter the figures). Each line is an
article object with `tickers` (the companies its title names, 1 or 2), a `title` and, unless
--headlines, a `summary` of two or three sentences (about 40 words, as news APIs give), and no
`sentiment`: every mention is scored from the text.

    python3 benches/gen_articles.py --articles 5000 --seed 1 --out /tmp/articles.ndjson
    python3 benches/gen_articles.py --articles 2000 --headlines --out /tmp/headlines.ndjson

Python 3 standard library only; deterministic.
"""

import argparse
import csv
import json
import random
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

TITLES = [
    "{a} shares {move} {pct}% after {event}",
    "{a} {verb} {metric} forecasts as {driver}",
    "{a} to buy {b} unit for ${amount} billion",
    "Analysts {rate} {a} citing {driver}",
    "{a} and {b} extend partnership on {topic}",
    "{a} cuts {n} jobs as {driver}",
    "{a} posts quarterly {metric} of ${amount} billion, {cmp} estimates",
    "Why {a} stock is {trend} today",
]
SUMMARIES = [
    "{a} reported {metric} of ${amount} billion for the quarter, {cmp} the ${est} billion "
    "analysts expected.",
    "The company said {driver}, and it {guide} its outlook for the full year.",
    "Shares of {a} {move} {pct}% in {session} trading on volume {vol} times the average.",
    "Management expects margins to {dir} by {bp} basis points next year as {driver}.",
    "{a} also announced a ${amount} billion buyback and raised its dividend by {pct}%.",
    "Rival {b} said last week that demand for {topic} remained {demand}.",
    "The deal, expected to close in {quarter}, still needs approval from regulators.",
]
WORDS = {
    "move": ["rise", "fall", "jump", "slide", "climb", "drop"],
    "event": ["earnings beat", "a guidance cut", "an FDA approval", "a downgrade",
              "a product recall", "record deliveries", "a CEO departure"],
    "verb": ["beats", "misses", "tops", "trails"],
    "metric": ["revenue", "profit", "earnings", "sales", "margin"],
    "driver": ["cloud demand slows", "input costs ease", "consumer spending weakens",
               "chip orders recover", "interest rates stay high", "ad sales rebound",
               "inventories normalise"],
    "rate": ["upgrade", "downgrade", "initiate coverage of", "reiterate buy on"],
    "topic": ["AI chips", "electric vehicles", "streaming", "payments", "cloud software",
              "data centers", "weight-loss drugs"],
    "cmp": ["above", "below", "in line with"],
    "trend": ["rising", "falling", "surging", "sinking"],
    "guide": ["raised", "lowered", "reaffirmed"],
    "session": ["morning", "afternoon", "premarket", "after-hours"],
    "dir": ["widen", "narrow", "improve", "shrink"],
    "demand": ["strong", "soft", "steady", "uneven"],
    "quarter": ["the first quarter", "the second half", "early next year", "the fall"],
}


def companies(symbols):
    out = []
    with open(symbols, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = (row.get("aliases") or "").split(";")[0].strip() or row["company"]
            ticker = row["tickers"].split(";")[0].strip()
            if name and ticker:
                out.append((name, ticker))
    return out


def fill(template, rng, a, b):
    values = {k: rng.choice(v) for k, v in WORDS.items()}
    values.update(
        a=a[0], b=b[0], pct=f"{rng.uniform(0.5, 19.5):.1f}", amount=f"{rng.uniform(0.2, 90):.1f}",
        est=f"{rng.uniform(0.2, 90):.1f}", n=rng.randrange(100, 12000, 50),
        vol=f"{rng.uniform(1.1, 6.0):.1f}", bp=rng.randrange(10, 300, 10),
    )
    return template.format(**values)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--articles", type=int, default=5000)
    p.add_argument("--headlines", action="store_true", help="titles only, no summary")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--symbols", default=str(REPO / "data" / "symbols.csv"))
    p.add_argument("--out", default="-")
    args = p.parse_args()
    rng = random.Random(args.seed)
    table = companies(args.symbols)
    lines = []
    for i in range(args.articles):
        a, b = rng.sample(table, 2)
        title = fill(rng.choice(TITLES), rng, a, b)
        tickers = [a[1]] + ([b[1]] if b[0] in title else [])
        record = {"id": f"m-{args.seed}-{i}", "published_at": f"2026-11-{1 + i % 20:02d}",
                  "tickers": tickers, "title": title, "source": "Synthetic Wire"}
        if not args.headlines:
            k = rng.choice([2, 3])
            record["summary"] = " ".join(fill(t, rng, a, b) for t in rng.sample(SUMMARIES, k))
        lines.append(json.dumps(record))
    text = "\n".join(lines) + "\n"
    if args.out == "-":
        print(text, end="")
    else:
        Path(args.out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
