"""The whole US market for tickertone's symbol table: every listed common stock and ETF.

Imported by ``gen_symbols.py`` (which documents the download step); not run on its own.

Sources (both public GitHub repositories; nothing is fetched when this runs):

* Stocks: ``rreichel3/US-Stock-Symbols``, commit 7d1d22185692e23e8d60e34cafecb03d5e19f2d1
  (2026-08-22), files ``nasdaq/nasdaq_full_tickers.json``, ``nyse/nyse_full_tickers.json``,
  ``amex/amex_full_tickers.json``: the NASDAQ stock screener's listing of every security on
  the three exchanges (symbol, name, country, sector, industry), committed nightly.
* ETFs: ``JerBouma/FinanceDatabase`` (the data of the PyPI package ``financedatabase``, which
  downloads it at run time), commit 268be5d29898a12dbd6b1f006a0deb55b81a5a29 (2026-08-16),
  files ``database/etfs/{PCX,BTS,NMS,NGM,NIM,NYQ,ASE}.csv``: the ETFs of NYSE Arca, Cboe BZX,
  the three Nasdaq tiers, NYSE and NYSE American.

What is kept, and why:

* Common stocks (also ordinary shares, ADSs, shares of beneficial interest of REITs and
  closed-end funds, LP units): they are what news is about.
* ETFs: news and feeds tag them (SPY, QQQ, ARKK).
* Dropped: warrants, rights and units (SPAC packaging; news about them is news about the
  SPAC), preferred shares (``^`` in the symbol) and notes/debentures (fixed income of a
  company whose common stock is in the table), ``/WS`` lines, index symbols (``^``), and
  NASDAQ test issues (``Z?ZZT``, ``ZXIET``, names containing "Test Issue"). A dropped line
  is recognised by its name ("Warrant", "Rights", "Units", "Preferred", "Notes due",
  "%"), by its symbol suffix (``^``, ``/WS``, ``/U``, ``/R``) or both.
"""

import csv
import json
import os
import re

STOCK_FILES = ("nasdaq/nasdaq_full_tickers.json", "nyse/nyse_full_tickers.json",
               "amex/amex_full_tickers.json")
ETF_FILES = tuple(f"database/etfs/{e}.csv" for e in ("PCX", "BTS", "NMS", "NGM", "NIM", "NYQ", "ASE"))

# Name words of lines that are not common stock or ETF shares.
_NOT_STOCK_RE = re.compile(
    r"\b(?:warrants?|rights?|units?|notes?|debentures?|preferred|preference|pfd|perpetual"
    r"|subordinated|due \d{4})\b|%", re.I)
# LP units are stock-like ("Common Units representing Limited Partner Interests").
_LP_UNITS_RE = re.compile(r"\bcommon units\b|limited partner(?:ship)? (?:units|interests)", re.I)
_TEST_SYMBOL_RE = re.compile(r"^Z[A-Z]ZZT$|^ZXIET$|^ZVV$|TEST")

# The security description after the company name: "Apple Inc. Common Stock",
# "Alibaba Group Holding Limited American Depositary Shares each representing ...".
_SECURITY_RE = re.compile(
    r"\s+(?:(?:Class|Series) [A-Z]\s+)?(?:"
    r"Common|Ordinary|American Deposit[ao]ry|ADS|ADSs|Depositary|Depository|New York Registry"
    r"|Subordinate(?:d)? Voting|Shares|Share|Units|Limited Partnership|Beneficial|Each"
    r"|Class [A-Z]\b|Series [A-Z]\b"
    r")\b.*$")
_PAREN_TAIL_RE = re.compile(r"\s*\((?:The|DE|NV|MD|TX|ON|Canada|Israel|Ireland|Holding Co)\)\s*$", re.I)


def _clean_stock_name(raw):
    name = re.sub(r"\s+", " ", raw).strip()
    name = _SECURITY_RE.sub("", name).strip().rstrip(",").strip()
    if name.endswith("(The)") or name.endswith("(the)"):
        name = "The " + name[:-5].strip()
    name = _PAREN_TAIL_RE.sub("", name).strip()
    return name or raw.strip()


def norm_symbol(sym):
    """'BRK/B' -> 'BRK-B' (the table's share-class spelling); white space dropped."""
    return sym.strip().upper().replace("/", "-").replace(".", "-")


def is_common_stock(symbol, name):
    """Whether a screener line is a common stock (see the module documentation)."""
    if "^" in symbol or re.search(r"/(?:WS|U|R|RT|W)$", symbol):
        return False
    if _TEST_SYMBOL_RE.search(symbol) or re.search(r"\btest issue\b", name, re.I):
        return False
    return _LP_UNITS_RE.search(name) is not None or _NOT_STOCK_RE.search(name) is None


def load_stocks(stock_dir):
    """[(symbol, company name, sector, industry, volume)] of the common stocks, in file order."""
    items = []
    for rel in STOCK_FILES:
        with open(os.path.join(stock_dir, rel), encoding="utf-8") as f:
            items.extend(json.load(f))
    symbols = {item.get("symbol", "").strip() for item in items}
    out, dropped = [], 0
    for item in items:
        symbol = item.get("symbol", "").strip()
        name = item.get("name", "").strip()
        # NASDAQ's fifth-letter codes: P preferred, W warrant, R right, U unit
        # ("CDZIP Cadiz Inc. Depositary Shares" is Cadiz's preferred line).
        fifth_letter_line = (len(symbol) == 5 and symbol[4] in "PWRU"
                             and symbol[:4] in symbols)
        if (not symbol or not name or fifth_letter_line
                or not is_common_stock(symbol, name)):
            dropped += 1
            continue
        try:
            volume = int(float(item.get("volume") or 0))
        except ValueError:
            volume = 0
        out.append((norm_symbol(symbol), _clean_stock_name(name),
                    (item.get("sector") or "").strip(),
                    (item.get("industry") or "").strip(), volume))
    return out, dropped


def load_etfs(etf_dir):
    """[(symbol, fund name, category)] of the US-listed ETFs."""
    out = []
    for rel in ETF_FILES:
        with open(os.path.join(etf_dir, rel), encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                symbol = (row.get("symbol") or "").strip()
                name = re.sub(r"\s+", " ", row.get("name") or "").strip()
                if not symbol or not name or not re.fullmatch(r"[A-Z][A-Z0-9.\-]*", symbol):
                    continue  # index symbols (^ACWI) and empty lines
                category = (row.get("category") or row.get("category_group") or "").strip()
                out.append((norm_symbol(symbol), name, category))
    return out


def group_classes(stocks):
    """One entry per company: share classes of one issuer share a cleaned name.

    The display symbol is the most traded class in the snapshot (then alphabetical), so it
    is the line news tags; e.g. Bel Fuse BELFB before BELFA.
    """
    by_name = {}
    for symbol, name, sector, industry, volume in stocks:
        by_name.setdefault(name.casefold(), []).append((symbol, name, sector, industry, volume))
    companies = []
    for lines in by_name.values():
        lines.sort(key=lambda l: (-l[4], l[0]))
        first = lines[0]
        sector = next((l[2] for l in lines if l[2]), "")
        industry = next((l[3] for l in lines if l[3]), "")
        companies.append((first[1], [l[0] for l in lines], sector, industry))
    return companies


# Alias rule for companies outside the hand-checked index rows. A short name (the company
# name without legal suffixes) is an alias only when it is distinctive in text:
# * at least MIN_ALIAS_LETTERS letters (shorter ones are acronyms, often other tickers);
# * one word: not an English word, i.e. neither written in lower case in Webster's Second
#   (the ``web2`` list of the PyPI package ``english-words``; proper nouns are capitalised
#   there), nor is its singular, nor is it as frequent as COMMON_WORD_ZIPF in wordfreq's
#   English frequencies (3.0 = once per million words). "Capstone", "Acuity", "Upstart",
#   "Genesis", "Snap" are words; "Roku", "Mattel", "Ameresco" are not;
# * several words: not all of them common (COMMON_PHRASE_ZIPF): "Global Industrial" and
#   "Energy Transfer" read as ordinary phrases in title-case headlines, "Bel Fuse" does not.
# Well-known brands that are words or frequent only because they are famous are kept by
# BRAND_ALIASES. A company whose short name fails keeps its full name ("Snap Inc."), which
# the matcher still finds.
MIN_ALIAS_LETTERS = 4
COMMON_WORD_ZIPF = 3.0
COMMON_PHRASE_ZIPF = 4.0
# Hand-kept aliases of well-known companies outside the indices, keyed by display ticker:
# brands that are frequent words only because they are famous ("Sony", "Toyota"), or whose
# short name is longer than what news writes ("Spotify Technology" → "Spotify").
MARKET_ALIASES = {
    "BABA": ["Alibaba"], "BIDU": ["Baidu"], "RACE": ["Ferrari"], "HMC": ["Honda"],
    "LYFT": ["Lyft"], "PINS": ["Pinterest"], "RDDT": ["Reddit"], "RIVN": ["Rivian"],
    "RBLX": ["Roblox"], "SONY": ["Sony"], "SPOT": ["Spotify"], "TM": ["Toyota"],
    "UL": ["Unilever"], "NOK": ["Nokia"], "NVS": ["Novartis"], "SNY": ["Sanofi"],
    "INFY": ["Infosys"], "PBR": ["Petrobras"], "BCS": ["Barclays"], "EQNR": ["Equinor"],
    "AZN": ["AstraZeneca"], "GSK": ["GSK"], "VOD": ["Vodafone"], "ERIC": ["Ericsson"],
    "CPNG": ["Coupang"], "CHWY": ["Chewy"], "PTON": ["Peloton"], "ETSY": ["Etsy"],
    "W": ["Wayfair"], "DASH": ["DoorDash"], "Z": ["Zillow"], "CVNA": ["Carvana"],
    "AFRM": ["Affirm"], "TWLO": ["Twilio"], "OKTA": ["Okta"], "NET": ["Cloudflare"],
    "TSM": ["TSMC"], "SHEL": ["Shell plc"], "BP": ["BP plc"], "HSBC": ["HSBC"],
    "UBS": ["UBS"], "SAP": ["SAP SE"], "ASML": ["ASML"], "NVO": ["Novo Nordisk"],
    "SNOW": ["Snowflake Inc"], "ARM": ["Arm Holdings"], "RIOT": ["Riot Platforms"],
    "MARA": ["MARA Holdings"], "GME": ["GameStop"], "AMC": ["AMC Entertainment"],
}
BRAND_ALIASES = {a for aliases in MARKET_ALIASES.values() for a in aliases}


# Short names that are not words but name something else first: a generic part of bank
# names, crypto assets and people news writes about.
NOT_ALIASES = {"Bancorp", "Bancshares", "Cronos", "Nakamoto", "Solana"}


def is_distinctive(alias, zipf, dictionary):
    """Whether `alias` may find this company in free text (see the rule above).

    `zipf(word)` is wordfreq's English Zipf frequency; `dictionary` the set of lower-case
    English words."""
    if alias in BRAND_ALIASES:
        return True
    if alias in NOT_ALIASES:
        return False
    words = re.findall(r"[A-Za-z]+", alias)
    if sum(len(w) for w in words) < MIN_ALIAS_LETTERS:
        return False
    if len(words) == 1:
        word = words[0].lower()
        singulars = {word, word[:-1] if word.endswith("s") else word,
                     word[:-2] if word.endswith("es") else word}
        return zipf(word) < COMMON_WORD_ZIPF and not singulars & dictionary
    return any(zipf(w.lower()) < COMMON_PHRASE_ZIPF for w in words)
