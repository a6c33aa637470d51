#!/usr/bin/env python3
"""Generate a LARGE synthetic NDJSON news corpus for tickertone benchmarks.

Everything this script writes is SYNTHETIC benchmark data, not real news: the
headlines are filled-in templates, the sources are invented, every URL is on
news.example.com, and the sentiment scores come from a seeded random model.
They say nothing about any real company. The point is volume and a realistic
shape (skewed company popularity, multi-ticker articles, mixed UTC offsets),
so that ingest and report can be timed on big inputs.

Usage (Python 3 standard library only):

    python3 benches/gen_corpus.py --articles 100000 --companies 200 \\
        --days 365 --seed 1 --out /tmp/corpus-100k.ndjson

Arguments:

    --articles N      number of articles (lines) to write            [100000]
    --companies N     size of the company universe                   [200]
                      The first min(N, 514) companies are real rows of
                      data/symbols.csv (a few very large companies first, the
                      rest in seeded order); beyond that, unique made-up
                      tickers of 4-5 upper-case letters that the table does
                      not contain (so --companies 3000 works; tickertone
                      treats each as its own company).
    --days N          length of the date span in days                [365]
    --end-date DATE   last day of the span, YYYY-MM-DD               [2026-11-20]
    --seed N          random seed                                    [1]
    --symbols FILE    symbol table                 [<repo>/data/symbols.csv]
    --out PATH        output file, or '-' for stdout                 [-]

The output is deterministic: the same arguments give a byte-identical file
(no dependence on PYTHONHASHSEED, the clock or the machine). A one-line
summary (articles, bytes, seconds, companies mentioned) goes to stderr.

Each line is one article object per ../shared/CONTRACT.md, and every one is
valid (ingest should exit 0 and reject nothing):

  - "id": "b-<seed>-<n>", unique; "url": https://news.example.com/..., unique
  - "published_at": RFC 3339 with offset: "Z" or US Eastern ("-04:00" in
    daylight-saving time, "-05:00" otherwise), weekdays busier than weekends
  - "title" (templated headline), "source"
  - "tickers": 1-4 tickers (about 75% single-company articles); company
    popularity is Zipf-like, so a few companies are very busy; companies with
    two share classes (GOOGL;GOOG, BRK-B;BRK-A, ...) sometimes appear with
    both tickers, sometimes with the second class alone
  - "ticker_sentiment": for about 70% of articles, a list of
    {"ticker", "score", "relevance"}; in a few multi-ticker articles one
    ticker is left out, so its mention falls back to "sentiment"
  - "sentiment": always present, article-level score
  - "market_impact": in about 35% of articles
  - scores in [-1, 1] with 4 decimals, relevance in [0, 1] with 3, impact in
    [0, 1] with 2
"""

import argparse
import bisect
import csv
import datetime as dt
import json
import math
import os
import random
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SYMBOLS = os.path.join(REPO, "data", "symbols.csv")

# Companies that get the top popularity ranks (when present in the table).
# The three at the end have two share classes, so small universes exercise
# the company-with-several-tickers path too.
BUSY = (
    "AAPL NVDA MSFT AMZN TSLA GOOGL META BRK-B JPM AVGO LLY NFLX AMD PLTR "
    "WMT XOM V UNH MA COST ORCL BAC INTC BA DIS KO PEP JNJ PG HD CRM CVX "
    "NKE UBER PYPL PFE GS FOXA NWSA CCL"
).split()

SOURCES = [  # (name, weight)
    ("Example Newswire", 30),
    ("Market Pulse", 20),
    ("The Daily Ledger", 14),
    ("Street Signals", 10),
    ("Harbor Financial Times", 9),
    ("Quarterly Observer", 7),
    ("Press Release Hub", 6),
    ("Sector Watch", 4),
]

POSITIVE = [
    "{n} shares climb after earnings beat",
    "{n} raises full-year guidance",
    "Analysts upgrade {n} on strong demand",
    "{n} wins multiyear supply contract",
    "{n} announces expanded share buyback",
    "{n} posts record quarterly revenue",
    "{n} stock hits 52-week high",
    "Investors cheer {n} product launch",
]
NEGATIVE = [
    "{n} shares slide on weak outlook",
    "{n} misses revenue estimates",
    "Regulators open probe into {n}",
    "{n} cuts guidance amid slowing demand",
    "Analysts downgrade {n} on margin worries",
    "{n} recalls products after safety review",
    "{n} stock falls as costs mount",
    "{n} faces lawsuit over disclosures",
]
NEUTRAL = [
    "{n} to present at investor conference",
    "{n} declares quarterly dividend",
    "{n} names new chief financial officer",
    "What to watch as {n} reports next week",
    "{n} files annual report",
    "{n} holds annual shareholder meeting",
    "{n} shares little changed in quiet trading",
    "{n} updates sustainability targets",
]
MULTI = [
    "{n} and {m} in focus as sector rotates",
    "{n}, {m} lead market moves",
    "{n} and {m} among most active stocks",
    "Earnings roundup: {n}, {m} and more",
    "{n} versus {m}: analysts weigh the rivals",
]

FAKE_HEAD = ["Ver", "Nor", "Cal", "Zen", "Tri", "Ast", "Bel", "Cor", "Dyn", "Lum",
             "Ori", "Pax", "Quan", "Sol", "Tel", "Vex", "Hal", "Mar", "Kin", "Rho",
             "Syl", "Ty", "Ul", "Wen", "Xan", "Yor", "Fen", "Gal", "Iso", "Jub"]
FAKE_MID = ["", "a", "e", "i", "o", "ar", "en", "ul"]
FAKE_TAIL = ["ix", "ora", "on", "ex", "ant", "ia", "ium", "ys", "era", "ent",
             "is", "ova", "ux", "ite", "ark"]
FAKE_KIND = [" Holdings", " Systems", " Therapeutics", " Industries", " Corp.",
             " Group", " Technologies", " Energy", " Labs", " Networks",
             " Bancorp", " Materials", " Logistics", " Brands", " Semiconductor"]


def jstr(s):
    """JSON string body (without quotes), UTF-8 kept as is."""
    return json.dumps(s, ensure_ascii=False)[1:-1]


def slugify(s):
    out = []
    for ch in s.lower():
        if "a" <= ch <= "z" or "0" <= ch <= "9":
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-") or "company"


def load_symbols(path):
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            tickers = [t.strip() for t in row["tickers"].split(";") if t.strip()]
            if tickers:
                rows.append((row["company"].strip(), tickers))
    return rows


def build_companies(n, symbols, rng):
    """List of (name, tickers) in popularity order, length n."""
    by_symbol = {}
    for name, tickers in symbols:
        by_symbol.setdefault(tickers[0], (name, tickers))
    chosen, taken = [], {}
    for sym in BUSY:
        if sym in by_symbol and sym not in taken:
            taken[sym] = True
            chosen.append(by_symbol[sym])
    rest = [c for c in symbols if c[1][0] not in taken]
    rng.shuffle(rest)
    for c in rest:
        if c[1][0] not in taken:
            taken[c[1][0]] = True
            chosen.append(c)
    companies = chosen[:n]

    known = {t for _, tickers in symbols for t in tickers}
    names = {name for name, _ in symbols}
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    while len(companies) < n:
        length = 4 if rng.random() < 0.7 else 5
        ticker = "".join(rng.choice(letters) for _ in range(length))
        if ticker in known:
            continue
        for _ in range(20):
            name = (rng.choice(FAKE_HEAD) + rng.choice(FAKE_MID)
                    + rng.choice(FAKE_TAIL) + rng.choice(FAKE_KIND))
            if name not in names:
                break
        else:
            name = ticker + " Holdings"
        known.add(ticker)
        names.add(name)
        companies.append((name, [ticker]))
    return companies


def nth_sunday(year, month, nth):
    d = dt.date(year, month, 1)
    d += dt.timedelta(days=(6 - d.weekday()) % 7)  # first Sunday
    return d + dt.timedelta(weeks=nth - 1)


def us_eastern_dst(day):
    """Approximate America/New_York DST by calendar day (2nd Sun Mar .. 1st Sun Nov)."""
    return nth_sunday(day.year, 3, 2) <= day < nth_sunday(day.year, 11, 1)


def fmt4(x):
    s = "%.4f" % x
    return "0.0000" if s == "-0.0000" else s


def generate(args, out):
    rng = random.Random(args.seed)
    symbols = load_symbols(args.symbols)
    companies = build_companies(args.companies, symbols, rng)
    ncomp = len(companies)

    # Per-company data: (tickers, escaped name, url slug, bias, amp, phase, omega)
    comp = []
    for name, tickers in companies:
        bias = rng.gauss(0.05, 0.18)
        amp = rng.uniform(0.05, 0.35)
        phase = rng.uniform(0, 2 * math.pi)
        period = rng.uniform(20, 120)
        comp.append((tuple(tickers[:2]), jstr(name), slugify(name),
                     bias, amp, phase, 2 * math.pi / period))

    # Zipf-like popularity: weight 1 / rank.
    ccum, acc = [], 0.0
    for rank in range(ncomp):
        acc += 1.0 / (rank + 1)
        ccum.append(acc)
    ctotal = acc

    # Days: index -1 .. days-1 (the extra day before the span holds local times
    # that fall before midnight of the first UTC day).
    start = args.end_date - dt.timedelta(days=args.days - 1)
    day_str, day_path, dst = {}, {}, []
    for i in range(-1, args.days):
        day = start + dt.timedelta(days=i)
        s = day.isoformat()
        day_str[i] = s
        day_path[i] = s.replace("-", "/")
    for i in range(args.days):
        dst.append(us_eastern_dst(start + dt.timedelta(days=i)))
    dcum, acc = [], 0.0
    for i in range(args.days):
        wd = (start + dt.timedelta(days=i)).weekday()
        acc += 1.0 if wd < 5 else (0.3 if wd == 5 else 0.25)
        dcum.append(acc)
    dtotal = acc

    scum, acc = [], 0.0
    for _, w in SOURCES:
        acc += w
        scum.append(acc)
    stotal = acc
    source_names = [jstr(s) for s, _ in SOURCES]

    rand = rng.random
    gauss = rng.gauss
    uniform = rng.uniform
    bis = bisect.bisect_right
    sin = math.sin
    last_c = ncomp - 1
    last_d = args.days - 1
    seed = args.seed
    pos, neg, neu, multi = POSITIVE, NEGATIVE, NEUTRAL, MULTI
    npos, nneg, nneu, nmulti = len(pos), len(neg), len(neu), len(multi)

    used = [0] * ncomp
    nbytes = 0
    lines = []
    chunk = 20000

    for n in range(args.articles):
        # --- date and time
        d = bis(dcum, rand() * dtotal)
        if d > last_d:
            d = last_d
        r = rand()
        if r < 0.75:   # business-ish hours, 11:00-23:00 UTC
            secs = 39600 + int(rand() * 43200)
        else:
            secs = int(rand() * 86400)
        if rand() < 0.45:
            off, tz = 0, "Z"
        elif dst[d]:
            off, tz = 14400, "-04:00"
        else:
            off, tz = 18000, "-05:00"
        local = secs - off
        ld = d
        if local < 0:
            local += 86400
            ld = d - 1
        hh, rem = divmod(local, 3600)
        mm, ss = divmod(rem, 60)
        published = "%sT%02d:%02d:%02d%s" % (day_str[ld], hh, mm, ss, tz)

        # --- companies (1 to 4 tickers in all)
        r = rand()
        k = 1 if r < 0.75 else (2 if r < 0.90 else (3 if r < 0.97 else 4))
        if k > ncomp:
            k = ncomp
        cs = []
        while len(cs) < k:
            c = bis(ccum, rand() * ctotal)
            if c > last_c:
                c = last_c
            if c not in cs:
                cs.append(c)
        tickers = []   # (ticker, company index)
        for c in cs:
            tk = comp[c][0]
            if len(tk) == 2:
                r = rand()
                if r < 0.2:
                    pair = ((tk[0], c), (tk[1], c))
                elif r < 0.3:
                    pair = ((tk[1], c),)
                else:
                    pair = ((tk[0], c),)
            else:
                pair = ((tk[0], c),)
            if len(tickers) + len(pair) > 4:
                break
            tickers.extend(pair)
            used[c] = 1

        # --- sentiment: company mood (slow wave around a bias) plus noise
        c0 = cs[0]
        _, name0, slug0, b, a, ph, om = comp[c0]
        tone = b + a * sin(ph + d * om) + gauss(0.0, 0.3)
        if rand() < 0.04:  # occasional big-news shock
            tone += 0.6 if rand() < 0.5 else -0.6
        if tone > 1.0:
            tone = 1.0
        elif tone < -1.0:
            tone = -1.0

        if len(cs) > 1:
            other = comp[cs[1]][1]
            title = multi[int(rand() * nmulti)].format(n=name0, m=other)
        elif tone >= 0.15:
            title = pos[int(rand() * npos)].format(n=name0)
        elif tone <= -0.15:
            title = neg[int(rand() * nneg)].format(n=name0)
        else:
            title = neu[int(rand() * nneu)].format(n=name0)

        source = source_names[bis(scum, rand() * stotal)]
        tick_json = ",".join('"%s"' % t for t, _ in tickers)

        if rand() < 0.70:
            items = []
            total = 0.0
            for j, (t, c) in enumerate(tickers):
                if c == c0:
                    s = tone + gauss(0.0, 0.08)
                    rel = uniform(0.45, 1.0)
                else:
                    _, _, _, b2, a2, ph2, om2 = comp[c]
                    s = b2 + a2 * sin(ph2 + d * om2) + gauss(0.0, 0.3)
                    rel = uniform(0.05, 0.7)
                if s > 1.0:
                    s = 1.0
                elif s < -1.0:
                    s = -1.0
                total += s
                items.append('{"ticker":"%s","score":%s,"relevance":%.3f}'
                             % (t, fmt4(s), rel))
            sent = total / len(tickers) + gauss(0.0, 0.05)
            if sent > 1.0:
                sent = 1.0
            elif sent < -1.0:
                sent = -1.0
            if len(items) > 1 and rand() < 0.10:
                items.pop()   # this mention falls back to "sentiment"
            ts = ',"ticker_sentiment":[' + ",".join(items) + "]"
        else:
            sent = tone
            ts = ""

        mi = ',"market_impact":%.2f' % rand() if rand() < 0.35 else ""

        lines.append(
            '{"id":"b-%d-%d","published_at":"%s","title":"%s","source":"%s",'
            '"url":"https://news.example.com/%s/%s-b%d-%d","tickers":[%s]%s,'
            '"sentiment":%s%s}'
            % (seed, n, published, title, source, day_path[ld], slug0, seed, n,
               tick_json, ts, fmt4(sent), mi))

        if len(lines) >= chunk:
            data = "\n".join(lines) + "\n"
            out.write(data)
            nbytes += len(data.encode("utf-8")) if not data.isascii() else len(data)
            lines = []

    if lines:
        data = "\n".join(lines) + "\n"
        out.write(data)
        nbytes += len(data.encode("utf-8")) if not data.isascii() else len(data)

    return nbytes, sum(used), ncomp


def main(argv=None):
    p = argparse.ArgumentParser(
        description="Write a large SYNTHETIC NDJSON news corpus (not real news) "
                    "for tickertone benchmarks.")
    p.add_argument("--articles", type=int, default=100000)
    p.add_argument("--companies", type=int, default=200)
    p.add_argument("--days", type=int, default=365)
    p.add_argument("--end-date", default="2026-11-20",
                   help="last day of the span, YYYY-MM-DD (default 2026-11-20)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--symbols", default=DEFAULT_SYMBOLS)
    p.add_argument("--out", default="-", help="output file, or '-' for stdout")
    args = p.parse_args(argv)
    if args.articles < 0:
        p.error("--articles must be >= 0")
    if args.companies < 1:
        p.error("--companies must be >= 1")
    if args.days < 1:
        p.error("--days must be >= 1")
    try:
        args.end_date = dt.date.fromisoformat(args.end_date)
    except ValueError:
        p.error("--end-date must be YYYY-MM-DD")

    t0 = time.perf_counter()
    if args.out == "-":
        out = sys.stdout
        try:
            nbytes, used, ncomp = generate(args, out)
            out.flush()
        except BrokenPipeError:  # e.g. piped into `head`
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(1)
    else:
        tmp = args.out + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="\n",
                  buffering=1 << 20) as out:
            nbytes, used, ncomp = generate(args, out)
        os.replace(tmp, args.out)
    secs = time.perf_counter() - t0
    print("gen_corpus: %d articles, %d bytes (%.1f MB), %.2f s; "
          "%d of %d companies mentioned -> %s"
          % (args.articles, nbytes, nbytes / 1e6, secs, used, ncomp, args.out),
          file=sys.stderr)


if __name__ == "__main__":
    main()
