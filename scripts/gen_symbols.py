#!/usr/bin/env python3
"""Generate tickertone's default symbol table, ``data/symbols.csv``.

The table is every US-listed common stock and ETF (about 8,500 tickers): the S&P 500 and
NASDAQ-100 companies with hand-checked names and aliases, then the rest of the market from
public listings with sector and industry.

Usage (the script writes the CSV to standard output; diagnostics go to stderr; it reads
only local files)::

    pip install pytickersymbols==1.17.10 wordfreq==3.1.1 english-words==2.0.2
    # the listings, at the commits the committed table was made from:
    git clone https://github.com/rreichel3/US-Stock-Symbols /tmp/us-stock-symbols
    git -C /tmp/us-stock-symbols checkout 7d1d22185692e23e8d60e34cafecb03d5e19f2d1
    git clone --filter=blob:none --sparse https://github.com/JerBouma/FinanceDatabase /tmp/fdb
    git -C /tmp/fdb sparse-checkout set database/etfs
    git -C /tmp/fdb checkout 268be5d29898a12dbd6b1f006a0deb55b81a5a29
    python3 scripts/gen_symbols.py --stocks /tmp/us-stock-symbols --etfs /tmp/fdb \\
        > data/symbols.csv

Sources
-------
* Index companies: the PyPI package ``pytickersymbols`` 1.17.10 (data from early 2026),
  which ships the S&P 500 and NASDAQ-100 constituent lists inside the wheel
  (``pytickersymbols/indices_data.py``). With another version installed the script still
  runs but warns on stderr: re-check the overrides below when you upgrade.
* Every other common stock, and the sector and industry of all stocks: GitHub repository
  ``rreichel3/US-Stock-Symbols`` at commit 7d1d221 (2026-08-22), the NASDAQ stock
  screener's listing of NASDAQ, NYSE and NYSE American, committed nightly.
* ETFs: GitHub repository ``JerBouma/FinanceDatabase`` at commit 268be5d (2026-08-16), the
  data of the PyPI package ``financedatabase``; sector ``ETF``, industry its category.
  It still lists some retired tickers of renamed funds; they join the fund's row.
* Word lists for the alias rule: ``wordfreq`` 3.1.1 and ``english-words`` 2.0.2 (PyPI).

``symbols_market.py`` says what is kept (common stocks, ETFs) and dropped (warrants,
rights, units, preferreds, notes, test issues) and the alias rule for companies outside
the indices; this file keeps the hand-checked index part.

The output is deterministic for given inputs: rows are sorted by company name
(case-insensitively), tickers and aliases keep a fixed order.

Output format (a user-facing contract)
--------------------------------------
* header ``company,tickers,aliases,sector,industry`` (the last two may be empty; a user
  table needs only the first three);
* one row per company; ``tickers`` and ``aliases`` are ``;``-separated and the
  first ticker is the company's display symbol;
* tickers upper-case, share classes written with a dash (``BRK-B``), no
  exchange prefix; all share classes of a company share one row
  (``GOOGL;GOOG``) and no ticker appears twice;
* standard CSV quoting (Python's csv module), ``\\n`` line endings.

How rows are built
------------------
1. Every constituent's ``symbol`` from the package (``BRK.B`` -> ``BRK-B``).
   The package's lists of per-exchange symbols are *not* used: they contain
   preferred shares, foreign lines and stale tickers.
2. ``SHARE_CLASSES`` merges share classes into one row (first ticker = display
   symbol) and adds listed classes that are not index members (``BRK-A``).
3. ``NAME_OVERRIDES`` fixes company names the package has wrong or stale
   (e.g. it labels Assurant (AIZ) as "Arthur J. Gallagher & Co.", and APO as
   "Apollo Commercial Real Estate Finance"). Otherwise the name is the
   package's, cleaned up: Wikipedia disambiguators such as
   "(software company)" dropped, ", Inc." written " Inc.", dashes ASCII.
4. ``ADDITIONS`` adds current constituents missing from the package (none are
   needed for 1.17.10; its lists match the indices as of early 2026).
5. Aliases: a short name derived from the company name by stripping legal
   suffixes (Inc., Corp., Corporation, Co., Company, Companies, Ltd, plc,
   Holdings, Group, "& Co.", "Class A" ...) and a leading "The", followed by
   the hand-kept ``EXTRA_ALIASES`` (Google, Facebook, Citi, Exxon ...).
   A derived short name that is an ordinary English word, place or person
   (``AMBIGUOUS``: Target, Visa, Block, Dow, Nasdaq, ...) or has fewer than
   three characters is replaced by the full company name ("Target
   Corporation", "HP Inc"), so bare words never cause false matches.
   An alias that two companies would share is dropped from both; an alias
   equal to another company's ticker is dropped.

6. ``market_rows`` adds sector and industry to these rows, other listed share
   classes of their companies, then every other common stock and ETF of the
   listings (``symbols_market.py``). An alias two companies would share is
   dropped (a hand-checked one wins over a derived one); a derived alias equal
   to another company's ticker is dropped, a hand-checked one ("NXP") is kept:
   the matcher reads it as a name, never as that ticker.

The script fails (exit status 1) if a ticker would appear in two rows, a hand
alias collides with another company, or a required ticker is missing.
"""

import csv
import re
import sys
import unicodedata

try:
    import pytickersymbols
    from pytickersymbols import PyTickerSymbols
except ImportError:  # pragma: no cover - guidance only
    sys.exit("gen_symbols.py: install the source first: pip install pytickersymbols==1.17.10")

TESTED_VERSION = "1.17.10"
INDICES = ("S&P 500", "NASDAQ 100")

# Share classes of one company, display symbol first. A group is used when any
# of its tickers is a constituent; groups whose company is not in the indices
# (Under Armour, HEICO, Moog in 1.17.10) are ignored.
SHARE_CLASSES = [
    ("GOOGL", "GOOG"),    # Alphabet Class A / Class C
    ("BRK-B", "BRK-A"),   # Berkshire Hathaway
    ("BNY", "BK"),        # BNY: NYSE ticker BNY since 2024 (the package still has BK)
    ("FOXA", "FOX"),      # Fox Corporation
    ("NWSA", "NWS"),      # News Corp
    ("BF-B", "BF-A"),     # Brown-Forman
    ("LEN", "LEN-B"),     # Lennar
    ("TAP", "TAP-A"),     # Molson Coors (Class B is the index line)
    ("MKC", "MKC-V"),     # McCormick non-voting / voting
    ("CCL", "CUK"),       # Carnival Corporation & plc: plc's NYSE ADS line
    ("UA", "UAA"),        # Under Armour (only if it is a constituent)
    ("HEI", "HEI-A"),     # HEICO (only if it is a constituent)
    ("MOG-A", "MOG-B"),   # Moog (only if it is a constituent)
]

# Company names the package has wrong, stale or as a bare abbreviation,
# keyed by display ticker.
NAME_OVERRIDES = {
    "AIZ": "Assurant",                      # package: "Arthur J. Gallagher & Co." (AJG's name)
    "APO": "Apollo Global Management",      # package: "Apollo Commercial Real Estate Finance" (ARI)
    "BDX": "Becton Dickinson",              # package: "BD"
    "BEN": "Franklin Resources",            # package: "Franklin Templeton Investments" (the brand)
    "DE": "Deere & Company",                # package: "John Deere" (the brand)
    "DOW": "Dow Inc.",                      # package: "Dow Chemical Company" (the subsidiary)
    "EBAY": "eBay",                         # package: "EBay"
    "ERIE": "Erie Indemnity",               # package: "Erie Insurance Group" (the group it manages)
    "KKR": "KKR & Co. Inc.",                # package: "Kohlberg Kravis Roberts"
    "MSTR": "Strategy Inc.",                # renamed from MicroStrategy in 2025
    "NSC": "Norfolk Southern",              # package: "Norfolk Southern Railway" (the subsidiary)
    "ORLY": "O'Reilly Automotive",          # package: "O'Reilly Auto Parts" (the brand)
    "PDD": "PDD Holdings",                  # package: "Pinduoduo" (renamed 2023)
    "SLB": "SLB",                           # package: "Schlumberger" (renamed 2022)
}

# Current constituents missing from the package: (display ticker, company name).
# Empty for pytickersymbols 1.17.10 (503 S&P 500 lines, 101 NASDAQ-100 lines,
# including META (formerly FB), PLTR, XYZ (formerly SQ), FISV, PSKY, Q, ...).
ADDITIONS = []

# Hand-kept aliases people use in news text, keyed by display ticker. These are
# added after the derived short name and are checked like it (length,
# uniqueness across companies) except for the AMBIGUOUS word list.
EXTRA_ALIASES = {
    "A": ["Agilent"],
    "ABT": ["Abbott"],
    "ADM": ["Archer-Daniels-Midland"],
    "ADP": ["Automatic Data Processing"],
    "AKAM": ["Akamai"],
    "ALNY": ["Alnylam"],
    "AMD": ["Advanced Micro Devices"],
    "AMP": ["Ameriprise"],
    "AMZN": ["Amazon.com"],
    "ANET": ["Arista"],
    "APO": ["Apollo Global"],
    "AXP": ["Amex"],
    "BAC": ["BofA"],
    "BAX": ["Baxter"],
    "BF-B": ["Brown Forman"],
    "BG": ["Bunge"],
    "BNY": ["BNY Mellon", "Bank of New York Mellon"],
    "BKNG": ["Booking.com"],
    "BMY": ["Bristol-Myers Squibb"],
    "BRK-B": ["Berkshire"],
    "BXP": ["Boston Properties"],
    "C": ["Citi"],
    "CCL": ["Carnival Corp"],
    "CL": ["Colgate"],
    "CMG": ["Chipotle"],
    "COO": ["CooperCompanies"],
    "CPB": ["Campbell Soup"],
    "CSCO": ["Cisco Systems"],
    "DE": ["John Deere"],
    "DELL": ["Dell"],
    "DHI": ["D.R. Horton"],
    "DIS": ["Disney"],
    "DOC": ["Healthpeak"],
    "DOW": ["Dow Chemical"],
    "DPZ": ["Domino's Pizza"],
    "ED": ["Con Edison", "ConEd"],
    "EL": ["Estee Lauder"],
    "ERIE": ["Erie Insurance"],
    "ES": ["Eversource"],
    "F": ["Ford"],
    "FFIV": ["F5 Networks"],
    "FICO": ["Fair Isaac"],
    "FIS": ["Fidelity National Information Services"],
    "FITB": ["Fifth Third"],
    "FOXA": ["Fox Corp"],
    "GE": ["General Electric"],
    "GILD": ["Gilead"],
    "GOOGL": ["Google"],
    "GS": ["Goldman"],
    "GWW": ["Grainger"],
    "HLT": ["Hilton"],
    "HOOD": ["Robinhood"],
    "HRL": ["Hormel"],
    "IBM": ["International Business Machines"],
    "IDXX": ["Idexx"],
    "JKHY": ["Jack Henry"],
    "JNJ": ["J&J"],
    "JPM": ["JPMorgan", "JP Morgan", "J.P. Morgan"],
    "KKR": ["Kohlberg Kravis Roberts"],
    "LMT": ["Lockheed"],
    "LYV": ["Live Nation"],
    "MAR": ["Marriott"],
    "MDLZ": ["Mondelez"],
    "MELI": ["MercadoLibre"],
    "META": ["Meta", "Facebook"],
    "MRSH": ["Marsh & McLennan"],
    "MRVL": ["Marvell"],
    "MSTR": ["MicroStrategy"],
    "MTD": ["Mettler-Toledo"],
    "MU": ["Micron"],
    "NEE": ["NextEra"],
    "NOC": ["Northrop"],
    "NXPI": ["NXP"],
    "OXY": ["Occidental"],
    "ORLY": ["O'Reilly Auto Parts"],
    "PDD": ["Pinduoduo", "Temu"],
    "PEG": ["PSEG"],
    "PEP": ["Pepsi"],
    "PG": ["P&G"],
    "PGR": ["Progressive Corp"],
    "PH": ["Parker-Hannifin"],
    "PLTR": ["Palantir"],
    "PM": ["Philip Morris"],
    "PSKY": ["Paramount"],
    "Q": ["Qnity"],
    "REGN": ["Regeneron"],
    "RTX": ["Raytheon"],
    "SCHW": ["Schwab"],
    "SJM": ["Smucker"],
    "SLB": ["Schlumberger"],
    "SMCI": ["Super Micro Computer"],
    "STX": ["Seagate"],
    "SWKS": ["Skyworks"],
    "TFC": ["Truist"],
    "TGT": ["Target Corp"],
    "TMO": ["Thermo Fisher"],
    "TMUS": ["T-Mobile"],
    "TTWO": ["Take-Two"],
    "USB": ["US Bancorp"],
    "WBD": ["Warner Bros Discovery"],
    "WMT": ["Wal-Mart"],
    "XOM": ["Exxon", "Exxon Mobil"],
    "YUM": ["Yum Brands"],
}

# Derived short names that are ordinary words, places, people or market names
# and would match unrelated text; the full company name is used instead.
# (Apple, Amazon, Oracle, Alphabet and Carnival are deliberately kept.)
AMBIGUOUS = {
    "american international", "arm", "ball", "block", "booking", "carrier",
    "cooper", "dover", "dow", "everest", "fox", "hartford", "match", "mosaic",
    "nasdaq", "news", "pool", "progressive", "southern", "strategy",
    "tapestry", "target", "trade desk", "travelers", "visa", "waters",
    "williams",
}

# Aliases shorter than three characters are dropped, except these
# (digits make them unambiguous).
SHORT_ALIAS_EXCEPTIONS = {"3M"}

# Must be present (used by tickertone's sample data and tests).
REQUIRED = [
    "AAPL", "MSFT", "GOOGL", "GOOG", "AMZN", "META", "NVDA", "TSLA", "NFLX",
    "AMD", "INTC", "JPM", "BRK-B", "BRK-A", "XOM", "CCL", "C", "CL", "ORCL",
    "CRM", "IBM", "DIS", "KO", "PEP", "WMT", "BA",
]

_SUFFIX_RE = re.compile(
    r"(?:,?\s+(?:"
    r"Inc\.?|Incorporated|Corp\.?|Corporation|Co\.?|Company|Companies|"
    r"Ltd\.?|Limited|plc|PLC|N\.V\.|S\.A\.|AG|SE|LLC|L\.P\.|"
    r"Holdings?|Group|Class\s+[A-C]|"
    r"(?:&|and)\s+(?:Co\.?|Company|plc)"
    r"))+$"
)


def warn(msg):
    print("gen_symbols.py: " + msg, file=sys.stderr)


def norm_ticker(sym):
    """'NYSE:BRK.B' -> 'BRK-B'."""
    sym = sym.strip().upper().rsplit(":", 1)[-1]
    return sym.replace(".", "-").replace("/", "-")


def clean_name(name):
    name = unicodedata.normalize("NFC", name)
    name = name.replace("\u2013", "-").replace("\u2014", "-")
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name)  # Wikipedia disambiguator
    name = re.sub(r",\s*Inc\b", " Inc", name)
    return re.sub(r"\s+", " ", name).strip()


def short_name(name):
    short = _SUFFIX_RE.sub("", name).strip().rstrip(",")
    if short.startswith("The "):
        short = short[4:]
    return short


def load_constituents():
    """{display ticker: company name} for the index members, in source order."""
    pts = PyTickerSymbols()
    out = {}
    for index in INDICES:
        stocks = list(pts.get_stocks_by_index(index))
        if not stocks:
            sys.exit(f"gen_symbols.py: index {index!r} missing from pytickersymbols")
        for stock in stocks:
            ticker = norm_ticker(stock["symbol"])
            out.setdefault(ticker, stock["name"])
    for ticker, name in ADDITIONS:
        out.setdefault(norm_ticker(ticker), name)
    return out


def build_rows():
    constituents = load_constituents()
    group_of = {}
    for group in SHARE_CLASSES:
        for t in group:
            group_of[t] = group

    rows = {}  # display ticker -> [name, tickers]
    for ticker, name in constituents.items():
        group = group_of.get(ticker)
        display = group[0] if group else ticker
        tickers = list(group) if group else [ticker]
        if display in rows:
            continue  # second share class of a company already seen
        rows[display] = [name, tickers]

    errors = []
    # One row per company: equal names must come from a SHARE_CLASSES group.
    by_name = {}
    for display, (name, _) in rows.items():
        final = clean_name(NAME_OVERRIDES.get(display, name))
        rows[display][0] = final
        by_name.setdefault(final.casefold(), []).append(display)
    for key, displays in sorted(by_name.items()):
        if len(displays) > 1:
            errors.append(f"company name {key!r} on several rows {displays}: "
                          "add a SHARE_CLASSES group or a NAME_OVERRIDES entry")

    seen = {}
    for display, (_, tickers) in rows.items():
        for t in tickers:
            if t in seen:
                errors.append(f"ticker {t} in rows {seen[t]} and {display}")
            seen[t] = display

    for key in list(NAME_OVERRIDES) + list(EXTRA_ALIASES):
        if key not in rows:
            warn(f"override for {key} unused: not a display ticker")

    # Aliases.
    derived = {}
    for display, (name, _) in rows.items():
        short = short_name(name)
        if short.casefold() in AMBIGUOUS or (
            len(short) < 3 and short not in SHORT_ALIAS_EXCEPTIONS
        ):
            short = name.rstrip(".")
        derived[display] = short

    candidates = {}  # display -> [(alias, is_hand)]
    for display in rows:
        items = [(derived[display], False)]
        items += [(a, True) for a in EXTRA_ALIASES.get(display, [])]
        kept, keys = [], set()
        for alias, hand in items:
            alias = alias.strip()
            if not alias or ";" in alias or "\n" in alias or "\r" in alias:
                errors.append(f"{display}: bad alias {alias!r}")
                continue
            if len(alias) < 3 and alias not in SHORT_ALIAS_EXCEPTIONS:
                continue
            if alias.casefold() in keys:
                continue
            keys.add(alias.casefold())
            kept.append((alias, hand))
        candidates[display] = kept

    owners = {}
    for display, items in candidates.items():
        for alias, _ in items:
            owners.setdefault(alias.casefold(), []).append(display)
    ticker_owner = {t.casefold(): d for t, d in seen.items()}

    aliases = {}
    for display, items in candidates.items():
        out = []
        for alias, hand in items:
            key = alias.casefold()
            if len(owners[key]) > 1:
                msg = f"alias {alias!r} shared by {sorted(owners[key])}"
                if hand:
                    errors.append(msg)
                else:
                    warn(msg + ": dropped")
                continue
            if key in ticker_owner and ticker_owner[key] != display:
                warn(f"alias {alias!r} of {display} is {ticker_owner[key]}'s ticker: dropped")
                continue
            out.append(alias)
        aliases[display] = out

    missing = [t for t in REQUIRED if t not in seen]
    if missing:
        errors.append(f"required tickers missing: {missing}")

    if errors:
        for e in errors:
            warn("error: " + e)
        sys.exit(1)

    table = [(name, tickers, aliases[display]) for display, (name, tickers) in rows.items()]
    table.sort(key=lambda r: (r[0].casefold(), r[0], r[1][0]))
    return table


def market_rows(index_table, stock_dir, etf_dir):
    """The index rows with sector and industry, then every other US common stock and ETF.

    Index rows keep their hand-checked names and aliases; other share classes of an index
    company found in the listing join its row. See ``symbols_market.py`` for the sources and
    what is kept.
    """
    from english_words import get_english_words_set
    from wordfreq import zipf_frequency

    import symbols_market as market

    def zipf(word):
        return zipf_frequency(word, "en")

    # Words Webster's Second writes in lower case: common words, not names.
    dictionary = {w for w in get_english_words_set(["web2"], lower=False, alpha=True)
                  if w.islower()}

    stocks, dropped = market.load_stocks(stock_dir)
    listing = {s[0]: s for s in stocks}
    taken = {t for _, tickers, _ in index_table for t in tickers}
    rows = []  # [name, tickers, aliases, sector, industry, hand-checked]
    index_listing_names = set()
    for name, tickers, aliases in index_table:
        lines = [listing[t] for t in tickers if t in listing]
        listed_names = {l[1].casefold() for l in lines}
        index_listing_names |= listed_names
        extra = sorted(s[0] for s in stocks
                       if s[1].casefold() in listed_names and s[0] not in taken)
        taken.update(extra)
        sector = next((l[2] for l in lines if l[2]), "")
        industry = next((l[3] for l in lines if l[3]), "")
        rows.append([name, list(tickers) + extra, list(aliases), sector, industry, True])

    index_names = {r[0].casefold() for r in rows} | index_listing_names
    others = [s for s in stocks if s[0] not in taken and s[1].casefold() not in index_names]
    for name, tickers, sector, industry in market.group_classes(others):
        short = short_name(name)
        aliases = [short] if short != name and market.is_distinctive(short, zipf, dictionary) else []
        aliases += [a for a in market.MARKET_ALIASES.get(tickers[0], []) if a not in aliases]
        rows.append([name, tickers, aliases, sector, industry, False])
        taken.update(tickers)

    names = {r[0].casefold(): r for r in rows}
    etfs = 0
    for symbol, name, category in market.load_etfs(etf_dir):
        if symbol in taken:
            continue
        taken.add(symbol)
        etfs += 1
        same = names.get(name.casefold())
        if same is not None:  # another line of the same fund
            same[1].append(symbol)
            continue
        row = [name, [symbol], [], "ETF", category, False]
        names[name.casefold()] = row
        rows.append(row)

    # An alias two companies would share, or that is another company's ticker, finds the
    # wrong company: dropped (a hand-checked alias wins over a derived one).
    owner_of_ticker = {t.casefold(): i for i, r in enumerate(rows) for t in r[1]}
    holders = {}
    for i, r in enumerate(rows):
        for a in r[2]:
            holders.setdefault(a.casefold(), []).append(i)
    for i, r in enumerate(rows):
        kept = []
        for a in r[2]:
            key = a.casefold()
            rivals = [j for j in holders[key] if j != i]
            if rivals and not (r[5] and not any(rows[j][5] for j in rivals)):
                warn(f"alias {a!r} of {r[1][0]} shared with {[rows[j][1][0] for j in rivals]}: dropped")
                continue
            if owner_of_ticker.get(key, i) != i:
                # A written name is not a ticker: the matcher finds "NXP" as a name and
                # "$NXP" as a ticker; only hand-checked aliases may look like one.
                if not r[5]:
                    warn(f"alias {a!r} of {r[1][0]} is {rows[owner_of_ticker[key]][1][0]}'s "
                         "ticker: dropped")
                    continue
            kept.append(a)
        r[2] = kept

    seen = {}
    for r in rows:
        for t in r[1]:
            if t in seen:
                sys.exit(f"gen_symbols.py: ticker {t} in rows {seen[t]!r} and {r[0]!r}")
            seen[t] = r[0]
    rows.sort(key=lambda r: (r[0].casefold(), r[0], r[1][0]))
    warn(f"{dropped} listing lines dropped (warrants, rights, units, preferreds, notes, tests); "
         f"{etfs} ETF tickers added")
    return [tuple(r[:5]) for r in rows]


def main():
    args = sys.argv[1:]
    if len(args) != 4 or args[0] != "--stocks" or args[2] != "--etfs":
        sys.exit("usage: gen_symbols.py --stocks US-Stock-Symbols-DIR --etfs FinanceDatabase-DIR")
    version = getattr(pytickersymbols, "__version__", "unknown")
    if version != TESTED_VERSION:
        warn(f"pytickersymbols {version} installed, overrides were checked "
             f"against {TESTED_VERSION}: review the output")
    table = market_rows(build_rows(), args[1], args[3])
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["company", "tickers", "aliases", "sector", "industry"])
    for name, tickers, aliases, sector, industry in table:
        writer.writerow([name, ";".join(tickers), ";".join(aliases), sector, industry])
    tickers = sum(len(r[1]) for r in table)
    with_sector = sum(1 for r in table if r[3])
    warn(f"{len(table)} rows, {tickers} tickers, {with_sector} rows with a sector")


if __name__ == "__main__":
    main()
