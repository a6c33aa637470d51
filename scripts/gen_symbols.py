#!/usr/bin/env python3
"""Generate tickertone's default symbol table, ``data/symbols.csv``.

Usage (the script writes the CSV to standard output; diagnostics go to stderr)::

    pip install pytickersymbols==1.17.10
    python3 scripts/gen_symbols.py > data/symbols.csv

Source
------
The constituent lists of the S&P 500 and the NASDAQ-100 come from the PyPI
package ``pytickersymbols`` (generated with version 1.17.10, whose data dates
from early 2026). The package ships its index data inside the wheel
(``pytickersymbols/indices_data.py``); nothing is fetched from the network when
this script runs. With another version installed the script still runs but
warns on stderr: re-check the overrides below when you upgrade.

The output is deterministic for a given package version: rows are sorted by
company name (case-insensitively), tickers and aliases keep a fixed order.

Output format (a user-facing contract)
--------------------------------------
* header ``company,tickers,aliases``;
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
    "BK": ["BNY Mellon", "Bank of New York Mellon"],
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


def main():
    version = getattr(pytickersymbols, "__version__", "unknown")
    if version != TESTED_VERSION:
        warn(f"pytickersymbols {version} installed, overrides were checked "
             f"against {TESTED_VERSION}: review the output")
    table = build_rows()
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["company", "tickers", "aliases"])
    for name, tickers, aliases in table:
        writer.writerow([name, ";".join(tickers), ";".join(aliases)])
    warn(f"{len(table)} rows from pytickersymbols {version}")


if __name__ == "__main__":
    main()
