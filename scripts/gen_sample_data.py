#!/usr/bin/env python3
"""Generate the SAMPLE inbox for tickertone under data/inbox/.

Everything this script writes is SYNTHETIC sample data made up from templates
and a seeded random walk. It is not real news: the headlines, numbers, quotes,
authors and URLs are invented (all URLs use example.com domains), and the
sentiment scores do not describe any real company's actual situation.

Re-run it from the repository root (or anywhere) with:

    python3 scripts/gen_sample_data.py

It uses the Python 3 standard library only. It deletes the whole data/inbox/
folder and writes it again; output is deterministic (fixed seed, sorted
records), so re-running produces byte-identical files.

What it writes (about 600 distinct articles on 16 companies, 2026-08-01 to
2026-11-20, every record valid per the contract):

    data/inbox/feeds/newswire-2026-MM.ndjson          NDJSON, one article per line
    data/inbox/feeds/press-releases-2026.jsonl        NDJSON (.jsonl) press releases
    data/inbox/alphavantage/news_sentiment-2026-MM.json  Alpha Vantage NEWS_SENTIMENT
    data/inbox/exports/articles-2026-10.json          JSON array of article objects
    data/inbox/exports/mentions-2026-11.csv           one row per ticker mention, with id
    data/inbox/exports/legacy/headlines-2026-08.csv     mention rows without an id column
    data/inbox/alerts/acme-robotics-2026-11-19.json   a single article object

A few articles deliberately appear in two files (same id, or same url for
Alpha Vantage items) to exercise duplicate detection.
"""

import csv
import datetime as dt
import io
import json
import math
import os
import random
import re
import shutil

SEED = 20260801
START = dt.date(2026, 8, 1)
END = dt.date(2026, 11, 20)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INBOX = os.path.join(REPO, "data", "inbox")

# ---------------------------------------------------------------------------
# Companies
# ---------------------------------------------------------------------------

# key: (name used in headlines, short name, exchange, coverage weight,
#       baseline sentiment, reference share price, sector topic)
COMPANIES = {
    "AAPL": ("Apple", "Apple", "NASDAQ", 10, 0.15, 260, "Technology"),
    "MSFT": ("Microsoft", "Microsoft", "NASDAQ", 8, 0.25, 520, "Technology"),
    "GOOGL": ("Alphabet", "Alphabet", "NASDAQ", 8, 0.10, 240, "Technology"),
    "AMZN": ("Amazon", "Amazon", "NASDAQ", 8, 0.20, 235, "Retail & Wholesale"),
    "META": ("Meta Platforms", "Meta", "NASDAQ", 7, 0.00, 760, "Technology"),
    "NVDA": ("Nvidia", "Nvidia", "NASDAQ", 11, 0.35, 195, "Technology"),
    "TSLA": ("Tesla", "Tesla", "NASDAQ", 10, -0.10, 410, "Manufacturing"),
    "NFLX": ("Netflix", "Netflix", "NASDAQ", 5, 0.10, 1200, "Technology"),
    "AMD": ("AMD", "AMD", "NASDAQ", 5, 0.20, 230, "Technology"),
    "INTC": ("Intel", "Intel", "NASDAQ", 5, -0.25, 38, "Technology"),
    "JPM": ("JPMorgan Chase", "JPMorgan", "NYSE", 5, 0.10, 310, "Finance"),
    "BRK-B": ("Berkshire Hathaway", "Berkshire", "NYSE", 3.5, 0.05, 495, "Finance"),
    "XOM": ("Exxon Mobil", "Exxon", "NYSE", 4.5, -0.05, 118, "Energy & Transportation"),
    "CCL": ("Carnival", "Carnival", "NYSE", 4.5, 0.15, 31, "Retail & Wholesale"),
    "DIS": ("Disney", "Disney", "NYSE", 4, -0.10, 122, "Retail & Wholesale"),
}
# A small company that is not in a typical symbol table.
SMALL = {"ACME": ("Acme Robotics", "Acme", "OTC", 0, 0.0, 14, "Manufacturing")}
ALL_COMPANIES = dict(COMPANIES, **SMALL)

RELATED = {
    "AAPL": ["MSFT", "GOOGL", "AMZN", "META", "BRK-B", "NVDA"],
    "MSFT": ["GOOGL", "AMZN", "AAPL", "NVDA", "META"],
    "GOOGL": ["MSFT", "META", "AMZN", "AAPL", "NVDA"],
    "AMZN": ["MSFT", "GOOGL", "NFLX", "AAPL"],
    "META": ["GOOGL", "AAPL", "MSFT", "NVDA"],
    "NVDA": ["AMD", "INTC", "MSFT", "META", "GOOGL", "TSLA"],
    "TSLA": ["NVDA", "AAPL", "GOOGL"],
    "NFLX": ["DIS", "AMZN", "GOOGL"],
    "AMD": ["NVDA", "INTC"],
    "INTC": ["AMD", "NVDA"],
    "JPM": ["BRK-B", "XOM"],
    "BRK-B": ["JPM", "AAPL", "XOM"],
    "XOM": ["CCL", "JPM"],
    "CCL": ["XOM", "DIS"],
    "DIS": ["NFLX", "CCL", "AMZN"],
}

EARNINGS = [  # (ticker, date, quarter wording)
    ("NVDA", dt.date(2026, 8, 26), "second-quarter"),
    ("DIS", dt.date(2026, 8, 6), "fiscal third-quarter"),
    ("CCL", dt.date(2026, 9, 29), "third-quarter"),
    ("JPM", dt.date(2026, 10, 13), "third-quarter"),
    ("NFLX", dt.date(2026, 10, 20), "third-quarter"),
    ("TSLA", dt.date(2026, 10, 21), "third-quarter"),
    ("GOOGL", dt.date(2026, 10, 27), "third-quarter"),
    ("MSFT", dt.date(2026, 10, 28), "fiscal first-quarter"),
    ("META", dt.date(2026, 10, 28), "third-quarter"),
    ("AAPL", dt.date(2026, 10, 29), "fiscal fourth-quarter"),
    ("AMZN", dt.date(2026, 10, 29), "third-quarter"),
    ("INTC", dt.date(2026, 10, 29), "third-quarter"),
    ("XOM", dt.date(2026, 10, 30), "third-quarter"),
    ("AMD", dt.date(2026, 11, 3), "third-quarter"),
    ("BRK-B", dt.date(2026, 11, 7), "third-quarter"),
    ("DIS", dt.date(2026, 11, 12), "fiscal fourth-quarter"),
    ("NVDA", dt.date(2026, 11, 18), "third-quarter"),
]

CATALYSTS = {
    "AAPL": ["strong iPhone 18 demand", "record services revenue", "an Apple Intelligence upgrade cycle", "a rebound in China sales"],
    "MSFT": ["accelerating Azure growth", "Copilot adoption", "AI cloud demand", "strong commercial bookings"],
    "GOOGL": ["Google Cloud momentum", "Gemini user growth", "resilient search ad sales", "Waymo expansion"],
    "AMZN": ["AWS reacceleration", "advertising growth", "retail margin gains", "faster delivery speeds"],
    "META": ["Reels ad monetization", "Meta AI engagement", "smart-glasses demand", "cost discipline"],
    "NVDA": ["data-center demand", "Blackwell Ultra shipments", "sovereign AI deals", "hyperscaler capex plans"],
    "TSLA": ["robotaxi progress", "energy storage growth", "a delivery rebound", "cheaper Model Y demand"],
    "NFLX": ["subscriber gains", "ad-tier growth", "live sports deals", "pricing power"],
    "AMD": ["MI450 accelerator orders", "server CPU share gains", "AI GPU demand", "PC chip recovery"],
    "INTC": ["18A process progress", "new foundry customers", "cost cuts", "government support"],
    "JPM": ["strong trading revenue", "higher net interest income", "investment banking fees", "solid credit quality"],
    "BRK-B": ["insurance underwriting gains", "rising operating earnings", "its record cash pile", "BNSF railroad volumes"],
    "XOM": ["higher crude prices", "Permian output growth", "Guyana production", "refining margins"],
    "CCL": ["record bookings", "higher onboard spending", "debt reduction", "strong close-in demand"],
    "DIS": ["parks spending", "Disney+ profitability", "box-office hits", "ESPN streaming sign-ups"],
    "ACME": ["warehouse automation orders", "a new distribution deal"],
}
CONCERNS = {
    "AAPL": ["weak China demand", "App Store regulation", "tariff exposure", "Siri delays"],
    "MSFT": ["soaring AI capex", "Azure capacity constraints", "antitrust scrutiny", "slowing PC sales"],
    "GOOGL": ["search antitrust remedies", "AI chatbot competition", "EU ad-tech fines", "rising capex"],
    "AMZN": ["AWS share losses", "FTC litigation", "rising fulfillment costs", "tariffs on sellers"],
    "META": ["Reality Labs losses", "EU privacy rules", "AI talent departures", "teen-safety lawsuits"],
    "NVDA": ["China export restrictions", "supply constraints", "customer concentration", "an AI spending pause"],
    "TSLA": ["falling EV sales", "price cuts", "FSD safety probes", "margin pressure"],
    "NFLX": ["slowing subscriber growth", "content costs", "engagement declines", "a tough comparison"],
    "AMD": ["a slower AI ramp", "export curbs", "Nvidia's lead", "PC inventory"],
    "INTC": ["foundry losses", "market-share losses", "fab delays", "a dividend-free balance sheet"],
    "JPM": ["credit card losses", "regulatory capital rules", "slowing loan growth", "deposit costs"],
    "BRK-B": ["weak underwriting results", "a lack of buybacks", "succession questions", "lower investment gains"],
    "XOM": ["falling oil prices", "thin refining margins", "climate litigation", "project cost overruns"],
    "CCL": ["rising fuel costs", "hurricane disruptions", "heavy debt", "softer pricing"],
    "DIS": ["parks attendance declines", "streaming losses", "linear TV decline", "box-office misses"],
    "ACME": ["a revenue shortfall", "cash burn"],
}
NEUTRAL_TOPICS = ["upcoming earnings", "the Fed's next move", "mixed economic data", "a busy week of data", "the quarterly options expiry"]

ANALYSTS = ["Morgan Stanley", "Goldman Sachs", "Bank of America", "Wedbush", "Bernstein", "Jefferies",
            "Evercore ISI", "UBS", "Citi", "Barclays", "Piper Sandler", "KeyBanc", "Needham",
            "Wells Fargo", "Raymond James", "TD Cowen", "Mizuho", "Loop Capital", "Truist", "Deutsche Bank"]
TECH_CONFS = ["the Goldman Sachs Communacopia + Technology Conference", "the Citi Global TMT Conference",
              "the UBS Global Technology and AI Conference", "the Bernstein Strategic Decisions Conference"]
CONFERENCES = {
    "JPM": ["the Barclays Global Financial Services Conference", "the Bank of America Financials CEO Conference"],
    "BRK-B": ["the Barclays Global Financial Services Conference", "the Bank of America Financials CEO Conference"],
    "XOM": ["the Barclays CEO Energy-Power Conference", "the Bernstein Strategic Decisions Conference"],
    "CCL": ["the Goldman Sachs Travel and Leisure Conference", "the Morgan Stanley Global Consumer Conference"],
    "DIS": ["the Goldman Sachs Communacopia + Technology Conference", "the Morgan Stanley Global Consumer Conference"],
    "TSLA": ["the Deutsche Bank Global Auto Industry Conference", "the Goldman Sachs Industrials Conference"],
    "AMZN": ["the Morgan Stanley Global Consumer Conference", "the Citi Global TMT Conference"],
    "ACME": ["the Roth Small-Cap Growth Conference", "the Needham Automation Conference"],
}
MONTHS = {8: "July", 9: "August", 10: "September", 11: "October"}  # "last month"
CITIES = ["Austin", "Phoenix", "Miami", "Atlanta", "Denver", "Nashville", "San Diego", "Dallas", "Las Vegas", "Seattle"]
COUNTRIES = ["Saudi Arabia", "Japan", "the UAE", "France", "India", "South Korea", "the UK", "Germany"]
CLIENTS = ["OpenAI", "Anthropic", "Oracle", "a major European bank", "a top automaker", "xAI", "a Gulf sovereign fund"]
MOVIES = ["Zootopia 2", "Avatar: Fire and Ash", "Tron: Ares", "Freakier Friday", "Predator: Badlands"]
STATES = ["Ohio", "Texas", "Arizona", "Iowa", "Georgia", "Nevada", "Indiana"]

POS_MACRO = ["Treasury yields ease", "cooler inflation data lifts sentiment", "AI spending optimism builds",
             "the Fed signals more rate cuts", "strong retail sales data cheer investors",
             "jobless claims fall more than expected", "the dollar weakens", "consumer confidence improves"]
NEG_MACRO = ["Treasury yields jump", "hot inflation data rattles investors", "trade tensions flare",
             "recession worries resurface", "investors lock in gains", "the dollar strengthens",
             "new tariff threats unsettle markets", "consumer confidence slips"]
NEU_MACRO = ["investors await the jobs report", "traders wait for Fed minutes", "markets await CPI data",
             "the quarter-end rebalancing plays out", "trading volumes stay thin", "investors await retail sales data"]

SOURCES = [  # (name, domain, weight)
    ("Reuters", "reuters.example.com", 16),
    ("Bloomberg", "bloomberg.example.com", 14),
    ("CNBC", "cnbc.example.com", 13),
    ("MarketWatch", "marketwatch.example.com", 11),
    ("Benzinga", "benzinga.example.com", 13),
    ("Motley Fool", "fool.example.com", 9),
    ("Barron's", "barrons.example.com", 6),
    ("Yahoo Finance", "finance.yahoo.example.com", 8),
    ("Investor's Business Daily", "investors.example.com", 5),
    ("Seeking Alpha", "seekingalpha.example.com", 5),
]
PR_SOURCES = [("Business Wire", "businesswire.example.com"), ("PR Newswire", "prnewswire.example.com"),
              ("GlobeNewswire", "globenewswire.example.com")]
FIRST = ["Sarah", "Michael", "Priya", "David", "Elena", "James", "Wei", "Laura", "Carlos", "Hannah",
         "Omar", "Julia", "Kenji", "Rachel", "Tom", "Aisha", "Lucas", "Nina", "Ben", "Maya"]
LAST = ["Chen", "Patel", "Miller", "Rossi", "Nakamura", "Johnson", "Okafor", "Schmidt", "Garcia",
        "Kim", "Brennan", "Silva", "Novak", "Hughes", "Larsen", "Dubois", "Singh", "Walsh"]

# ---------------------------------------------------------------------------
# Headline / body templates. Each is (headline, first body sentence).
# Placeholders: {name} {short} {pct} {pct2} {analyst} {pt} {n} {amt} {cat}
# {con} {neu} {month} {city} {country} {client} {movie} {state} {conf}
# {weekday} {q} {session}
# ---------------------------------------------------------------------------

GENERIC = {
    "pos": [
        ("{name} shares climb {pct}% after {analyst} upgrade", "{analyst} upgraded {short} to Buy, citing {cat}."),
        ("{analyst} raises {name} price target to ${pt}, sees more upside", "The broker reiterated its Outperform rating and pointed to {cat} as the main driver."),
        ("{name} stock hits a record high as investors bet on {cat}", "Shares of {short} set a new all-time high as investors bet on {cat}."),
        ("Why {name} stock jumped on {weekday}", "Shares of {short} rose {pct}% on {weekday} as {cat} lifted sentiment."),
        ("{analyst} adds {name} to its top picks list, citing {cat}", "{analyst} said {cat} should support earnings through next year."),
        ("Options traders pile into bullish {name} calls as shares gain {pct}%", "Call volume on {short} ran at roughly twice its daily average as the stock gained {pct}%."),
        ("{name} rallies {pct}% as investors cheer {cat}", "{short} led gains in its sector as investors cheered {cat}."),
        ("Is {name} a buy after its {pct2}% run? Analysts say yes", "Most analysts covering {short} rate it a Buy, pointing to {cat}."),
    ],
    "neg": [
        ("{name} slides {pct}% after {analyst} downgrade", "{analyst} downgraded {short} to Underperform, citing {con}."),
        ("{analyst} cuts {name} price target to ${pt} on {con}", "The broker lowered its target and warned that {con} could weigh on results."),
        ("{name} stock falls to a three-month low amid worries over {con}", "Shares of {short} have slipped as worries over {con} mount."),
        ("Why {name} stock dropped on {weekday}", "Shares of {short} fell {pct}% on {weekday} as {con} weighed on sentiment."),
        ("Short sellers ramp up bets against {name} on {con}", "Short interest in {short} rose to its highest level this year amid concern over {con}."),
        ("{name} insiders sell ${amt} million of stock, filings show", "Regulatory filings show executives at {short} sold about ${amt} million of shares, adding to concern over {con}."),
        ("{name} sinks {pct}% as investors fret over {con}", "{short} was among the biggest decliners in its sector as investors fretted over {con}."),
        ("{name}'s rally fades, shares down {pct2}% from peak on {con}", "{short} has given back {pct2}% from its recent peak on concern about {con}."),
    ],
    "neu": [
        ("{name} shares little changed ahead of {neu}", "{short} traded near the flat line as investors looked ahead to {neu}."),
        ("What to watch for {name} this week", "Investors in {short} will focus on {neu} and any update on {cat}."),
        ("{name} to present at {conf}", "{short} executives are scheduled to speak at {conf}; no guidance update is expected."),
        ("Analysts split on {name} outlook, weighing {cat} against {con}", "Bulls point to {cat}, while bears cite {con}."),
        ("{name} trades flat as investors weigh {neu}", "Shares of {short} were little changed in {session} trading."),
        ("{name} stock: {analyst} keeps Neutral rating, ${pt} target", "{analyst} said it sees a balanced risk-reward for {short} at current levels."),
    ],
}

SPECIFIC = {
    "AAPL": {
        "pos": [("Apple's services revenue hits record on App Store and iCloud growth", "Apple said services revenue reached an all-time high, helped by paid subscriptions topping one billion."),
                ("iPhone 18 preorders top expectations, supply checks show", "Supply-chain checks by {analyst} point to lead times of up to {n} weeks for the Pro models."),
                ("Apple expands buyback by ${amt} billion", "Apple's board approved an additional ${amt} billion for share repurchases."),
                ("Apple gains smartphone share in China in {month}", "Apple's share of China smartphone sales rose {pct2}% in {month}, according to industry data.")],
        "neg": [("Apple faces EU fine over App Store anti-steering rules", "The European Commission said Apple's App Store terms still breach the Digital Markets Act."),
                ("iPhone shipments in China fall {pct2}% in {month}, data show", "Apple lost ground to local brands as iPhone shipments fell {pct2}% in {month}."),
                ("Apple delays Siri overhaul again, report says", "The revamped, AI-powered Siri has slipped to next year, people familiar with the matter said."),
                ("DOJ antitrust case against Apple clears key hurdle", "A federal judge declined to dismiss the Justice Department's smartphone monopoly case against Apple.")],
        "neu": [("Apple sets date for fall product event", "Apple will unveil new devices at its headquarters in Cupertino, California."),
                ("Apple to open {n} new retail stores in India", "Apple said the new stores will open over the next two years.")],
    },
    "MSFT": {
        "pos": [("Azure growth accelerates to {pct2}% as AI demand surges", "Microsoft said AI services contributed a growing share of Azure revenue."),
                ("Microsoft signs multibillion-dollar AI cloud deal with {client}", "The agreement covers several years of Azure capacity for {client}."),
                ("Microsoft 365 Copilot seats double, company says", "Microsoft said paid Copilot seats doubled from the prior quarter."),
                ("Microsoft raises dividend {pct}%", "Microsoft's board lifted the quarterly dividend by {pct}% and reaffirmed its buyback program.")],
        "neg": [("Microsoft outage disrupts Outlook and Teams users for hours", "Users in North America and Europe reported problems for about {n} hours before service was restored."),
                ("Microsoft's capex surge raises margin concerns", "Analysts warned that spending on AI data centers could weigh on Microsoft's margins."),
                ("FTC widens scrutiny of Microsoft's AI partnerships", "The agency sent new information requests about Microsoft's cloud and AI deals."),
                ("Xbox price hike draws backlash from gamers", "Microsoft raised console prices for the second time this year.")],
        "neu": [("Microsoft to host Ignite developer conference in November", "Microsoft is expected to outline new Copilot and Azure features at the event."),
                ("Microsoft names new head of its gaming division", "The company said the leadership change takes effect next month.")],
    },
    "GOOGL": {
        "pos": [("Google Cloud revenue jumps {pct2}% on AI infrastructure demand", "Alphabet said its cloud backlog grew sharply as customers signed up for Gemini models and TPUs."),
                ("Alphabet's Waymo expands robotaxi service to {city}", "Waymo said riders in {city} can hail its driverless cars starting this month."),
                ("Gemini app passes {n}00 million monthly users", "Google said Gemini usage grew rapidly after its latest model release."),
                ("YouTube ad sales beat forecasts, lifting Alphabet", "YouTube advertising revenue came in ahead of analyst estimates.")],
        "neg": [("Judge orders Google to share search data with rivals", "The remedy ruling in the US search antitrust case requires Google to license some search data."),
                ("Alphabet faces EU antitrust fine over ad tech", "The European Commission fined Google and ordered changes to its ad-tech business."),
                ("Google search share slips as AI chatbots gain ground", "Data from a web analytics firm showed Google's search share dipping in {month}."),
                ("Waymo recalls {n} robotaxis after minor collisions", "Waymo said it issued a software update after several low-speed collisions.")],
        "neu": [("Google unveils Pixel 11 lineup at annual hardware event", "The new phones feature Google's latest Tensor chip and Gemini features."),
                ("Alphabet to hold annual Google Cloud summit in {city}", "Executives are expected to discuss AI agents and TPU capacity.")],
    },
    "AMZN": {
        "pos": [("AWS signs ${amt} billion AI compute deal with {client}", "The multiyear agreement gives {client} access to Amazon's Trainium chips."),
                ("Amazon Prime Big Deal Days sales hit a record", "Adobe data showed online spending during the event rose {pct2}% from last year."),
                ("Amazon's ad business grows {pct2}%, outpacing rivals", "Advertising has become one of Amazon's fastest-growing segments."),
                ("Amazon expands same-day delivery to {n}0 more cities", "The expansion brings same-day delivery to most of the US population.")],
        "neg": [("FTC trial over Prime cancellations weighs on Amazon", "The agency says Amazon made it too hard for shoppers to cancel Prime."),
                ("AWS outage knocks out major websites for hours", "An outage in Amazon's US-East region disrupted apps and websites for roughly {n} hours."),
                ("Amazon warehouse workers strike at {n} facilities", "Workers walked out over pay and safety during the holiday peak hiring season."),
                ("AWS loses cloud market share to Microsoft and Google, survey shows", "A survey of IT buyers showed AWS growth lagging its two main rivals.")],
        "neu": [("Amazon to hire {n}50,000 seasonal workers for holidays", "The hiring plan is similar in size to last year's."),
                ("Amazon unveils new Kindle and Echo devices", "The devices feature Alexa+, Amazon's generative-AI assistant.")],
    },
    "META": {
        "pos": [("Meta ad revenue beats as Reels engagement climbs", "Ad impressions rose {pct2}% and average price per ad increased."),
                ("Meta's Ray-Ban smart glasses sales triple", "EssilorLuxottica said demand for the glasses continues to exceed supply."),
                ("Meta AI reaches {n}00 million daily users", "Meta said its assistant is now available in more than {n}0 countries."),
                ("Meta lands ${amt} billion data-center financing on favorable terms", "The private-credit deal funds a new AI campus in {state}.")],
        "neg": [("Meta's Llama team hit by talent exodus", "Many top researchers behind Meta's Llama models have left for rival labs."),
                ("Meta faces EU fine over pay-or-consent model", "Regulators said Meta's ad-free subscription offer does not comply with EU rules."),
                ("Meta's Reality Labs loss widens to ${amt} billion", "The unit that makes headsets and glasses continues to lose money."),
                ("State attorneys general sue Meta over teen safety", "The lawsuit alleges Instagram features harm young users.")],
        "neu": [("Meta to hold Connect conference in September", "Meta is expected to show new glasses and AI features."),
                ("Meta reorganizes AI unit for the third time this year", "The company said it is splitting its AI group into four teams.")],
    },
    "NVDA": {
        "pos": [("Nvidia unveils next-gen Rubin chips ahead of schedule", "Nvidia said Rubin systems will ship to customers earlier than planned."),
                ("Nvidia wins ${amt} billion sovereign AI order from {country}", "The deal covers hundreds of thousands of GPUs for national AI data centers in {country}."),
                ("Nvidia supplier checks point to stronger Blackwell demand", "{analyst} said checks in Taiwan suggest higher rack shipments next quarter."),
                ("Nvidia market value climbs as AI spending plans grow", "Big cloud providers raised their capital-spending plans again.")],
        "neg": [("US tightens chip export rules, hitting Nvidia's China sales", "The new rules cover additional AI accelerators sold to Chinese customers."),
                ("Nvidia faces antitrust probe in {country}", "Regulators in {country} said they are examining Nvidia's business practices."),
                ("Nvidia Blackwell servers hit overheating issues, report says", "Some customers reported problems with liquid-cooled racks, people familiar said."),
                ("Nvidia shares slip as investors question AI spending pace", "Several analysts warned that AI infrastructure budgets may slow next year.")],
        "neu": [("Nvidia CEO Jensen Huang to keynote GTC in {city}", "The event is expected to include updates on Nvidia's chip roadmap."),
                ("Nvidia files to raise ${amt} billion in debt to fund expansion", "The company said it would use the proceeds for general corporate purposes.")],
    },
    "TSLA": {
        "pos": [("Tesla deliveries top estimates as Model Y demand rebounds", "Tesla delivered more vehicles than analysts expected, helped by the cheaper Model Y."),
                ("Tesla launches robotaxi service in {city}", "The service starts with a small fleet and safety monitors on board."),
                ("Tesla energy storage deployments hit record {n}0 GWh", "Megapack deployments reached a quarterly record."),
                ("Tesla's Full Self-Driving wins approval in {country}", "Regulators in {country} cleared the supervised version of Tesla's driver-assistance software.")],
        "neg": [("Tesla recalls {n}2,000 vehicles over brake issue", "The recall covers certain Model 3 and Model Y vehicles, according to NHTSA."),
                ("Tesla Europe sales slump {pct2}% in {month}", "Registrations fell in Germany and France as competition from Chinese brands grew."),
                ("NHTSA opens probe into Tesla Full Self-Driving", "The agency is reviewing crashes involving Tesla's driver-assistance software."),
                ("Tesla cuts prices again as EV competition heats up", "The price cuts are expected to pressure Tesla's automotive margins.")],
        "neu": [("Tesla shareholders to vote on board proposals at annual meeting", "Investors will vote on several governance proposals."),
                ("Tesla to unveil updated Model S and Model X", "The refreshed vehicles are expected to go on sale next year.")],
    },
    "NFLX": {
        "pos": [("Netflix ad tier hits {n}0 million monthly users", "Netflix said the ad-supported plan now accounts for most new sign-ups in ad markets."),
                ("Netflix raises prices in US; analysts see revenue boost", "The increases apply to all plans starting next month."),
                ("Netflix lands NFL Christmas games in multiyear deal", "Analysts said live sports should help Netflix sell ads at higher prices."),
                ("Netflix's new thriller series tops global viewing charts", "The show drew more than {n}0 million views in its first week.")],
        "neg": [("Netflix subscriber growth slows as password crackdown gains fade", "Analysts expect the boost from paid sharing to taper off."),
                ("Netflix engagement dips as hit shows wind down", "Third-party data show viewing time slipped in {month}."),
                ("Netflix stock sinks after margin outlook disappoints", "Netflix said higher content spending will weigh on margins next year."),
                ("Netflix faces tax dispute in Brazil", "The company disclosed a one-time charge related to the dispute.")],
        "neu": [("Netflix announces release date for new season of hit series", "The season will premiere worldwide in December."),
                ("Netflix to open second Netflix House venue in {city}", "The venue will feature experiences based on Netflix shows.")],
    },
    "AMD": {
        "pos": [("AMD wins {client} order for MI450 AI accelerators", "The deal makes {client} one of the largest buyers of AMD's AI chips."),
                ("AMD gains server CPU share, Mercury Research says", "AMD's share of server processor shipments rose to a record."),
                ("AMD unveils Helios rack-scale AI system", "Analysts said the system makes AMD more competitive with Nvidia."),
                ("AMD lifts AI GPU revenue target", "AMD said it now expects AI GPU sales to top ${amt} billion next year.")],
        "neg": [("AMD's AI chip ramp slower than expected, analysts warn", "{analyst} said MI450 volume may not pick up until next year."),
                ("AMD faces new China export curbs on MI308 chips", "AMD expects a charge of about ${mil} million related to the curbs."),
                ("AMD gaming chip sales fall as console cycle ages", "Semi-custom revenue declined for the fourth straight quarter.")],
        "neu": [("AMD to host Financial Analyst Day in November", "The company is expected to set new long-term targets."),
                ("AMD completes acquisition of server maker ZT Systems' design unit", "The deal was announced last year.")],
    },
    "INTC": {
        "pos": [("Intel says 18A yields improve, shares rise", "Intel said its newest manufacturing process is on track for volume production."),
                ("Intel lands major foundry customer", "The customer will use Intel's 18A process for a custom chip, people familiar said."),
                ("Intel gets ${amt} billion investment from SoftBank", "The investment strengthens Intel's balance sheet."),
                ("Intel's Panther Lake laptop chips win strong reviews", "Reviewers praised the chips' battery life and graphics performance.")],
        "neg": [("Intel delays Ohio fab again", "Intel said the Ohio plant will not be completed until the next decade."),
                ("Intel loses data-center share to AMD", "Intel's server CPU share fell to a new low, according to Mercury Research."),
                ("Intel announces {n},000 more job cuts", "Intel said the cuts are part of a plan to reduce operating expenses."),
                ("Intel foundry posts another multibillion-dollar loss", "The foundry unit's operating loss widened from a year earlier.")],
        "neu": [("Intel names new head of foundry business", "The appointment is effective immediately."),
                ("Intel to spin off networking unit as standalone company", "Intel will keep a minority stake in the new company.")],
    },
    "JPM": {
        "pos": [("JPMorgan trading revenue jumps {pct2}%", "Markets revenue rose on strong client activity in equities and fixed income."),
                ("JPMorgan raises net interest income forecast", "The bank now expects higher net interest income for the full year."),
                ("JPMorgan investment banking fees rise as dealmaking rebounds", "Advisory and underwriting fees rose {pct2}% from a year earlier.")],
        "neg": [("JPMorgan sets aside more for credit card losses", "The bank increased its provision for credit losses."),
                ("JPMorgan fined ${mil} million over trade reporting lapses", "Regulators said the bank failed to capture some trading activity."),
                ("JPMorgan warns expenses will rise next year", "Higher technology and staff costs will lift expenses, the bank said.")],
        "neu": [("Jamie Dimon says economy faces unusual uncertainties", "The JPMorgan chief spoke at an industry conference in New York."),
                ("JPMorgan to open {n}0 new branches in the Midwest", "The expansion is part of a multiyear branch-building plan.")],
    },
    "BRK-B": {
        "pos": [("Berkshire Hathaway operating profit rises on insurance gains", "Operating earnings rose {pct2}% as underwriting profit improved."),
                ("Berkshire Hathaway buys stake in Japanese trading houses", "Filings show Berkshire increased its holdings in five Japanese trading companies."),
                ("Berkshire's BNSF railroad volumes rise", "Carloads increased as intermodal traffic picked up.")],
        "neg": [("Berkshire Hathaway earnings fall on weak insurance underwriting", "GEICO's underwriting profit fell sharply from a year earlier."),
                ("Berkshire sits out buybacks for another quarter", "Berkshire did not repurchase any of its own shares in the period."),
                ("Berkshire takes ${amt} billion writedown on Kraft Heinz stake", "The impairment weighed on Berkshire's quarterly results.")],
        "neu": [("Greg Abel outlines Berkshire's succession plans", "Abel said Berkshire's culture and capital allocation will not change."),
                ("Berkshire's cash pile holds near record", "Berkshire's cash and Treasury bills were little changed from the prior quarter.")],
    },
    "XOM": {
        "pos": [("Exxon raises Permian output target", "Exxon now expects Permian production to exceed its earlier goal."),
                ("Exxon makes new oil discovery off Guyana", "The find adds to the Stabroek block's recoverable resources."),
                ("Exxon shares rise as crude prices climb", "Brent crude rose more than {pct}% on supply concerns.")],
        "neg": [("Exxon profit falls as refining margins shrink", "Lower refining margins offset higher production."),
                ("Oil prices slide, dragging Exxon shares lower", "Crude fell on signs of rising supply from OPEC+."),
                ("Exxon faces climate lawsuit in {state}", "The state alleges Exxon misled the public about climate risks.")],
        "neu": [("Exxon to present at energy conference in {city}", "Executives will discuss the company's long-term production plans."),
                ("Exxon completes sale of some French assets", "The sale had been announced earlier in the year.")],
    },
    "CCL": {
        "pos": [("Carnival raises full-year profit forecast on record bookings", "Carnival said booking volumes for next year are at record levels."),
                ("Carnival bookings hit record for 2027 sailings", "Pricing for next year's cruises is higher than a year ago."),
                ("Carnival refinances ${amt} billion of debt at lower rates", "The refinancing cuts Carnival's annual interest costs.")],
        "neg": [("Carnival shares fall as fuel costs climb", "Higher fuel prices could weigh on Carnival's margins."),
                ("Hurricane disrupts Carnival's Caribbean itineraries", "Several ships changed routes to avoid the storm."),
                ("Norovirus outbreak sickens {n}0 passengers on Carnival ship", "The CDC said it is monitoring the outbreak.")],
        "neu": [("Carnival names new ship for 2027 delivery", "The ship will sail from Florida."),
                ("Carnival to present at travel industry conference", "Executives will discuss booking trends.")],
    },
    "DIS": {
        "pos": [("Disney+ subscriber numbers beat estimates", "Disney said streaming profit improved from a year earlier."),
                ("Disney parks revenue rises {pct2}% on strong summer demand", "Higher per-capita spending at domestic parks drove the gain."),
                ("{movie} tops box office with ${opening} million opening", "The Disney film beat industry forecasts for its opening weekend.")],
        "neg": [("Disney parks attendance dips, weighing on outlook", "Attendance at domestic parks fell from a year earlier."),
                ("ESPN streaming launch draws muted response", "Early sign-ups for ESPN's new direct-to-consumer service lagged expectations."),
                ("Disney+ loses subscribers after price increase", "The streaming service reported a decline in paid memberships.")],
        "neu": [("Disney board sets timeline for naming next CEO", "The board said it expects to name a successor early next year."),
                ("Disney to open new attraction at Walt Disney World", "The ride is scheduled to open next summer.")],
    },
    "ACME": {
        "pos": [("Acme Robotics wins ${amt} million warehouse automation contract", "The small-cap robotics maker said the contract is its largest to date."),
                ("Acme Robotics shares surge {pct}% on distribution deal", "Acme signed a deal to sell its picking robots through a national distributor.")],
        "neg": [("Acme Robotics misses revenue forecast, shares tumble", "The company blamed delayed customer orders."),
                ("Acme Robotics warns of cash burn, plans share sale", "Acme said it will raise capital to fund operations.")],
        "neu": [("Acme Robotics to present at small-cap investor conference", "Management will discuss the company's product pipeline.")],
    },
}

EARN_PREVIEW = {
    "pos": [("{name} earnings preview: analysts expect {cat} to shine", "Analysts expect {cat} to drive {q} results, and several have raised their estimates."),
            ("{name} heads into {q} results with rising estimates", "{analyst} lifted its forecasts ahead of the report, citing {cat}.")],
    "neg": [("{name} earnings preview: {con} in focus as expectations slip", "Analysts have cut their {q} estimates in recent weeks on concern about {con}."),
            ("Analysts trim {name} estimates ahead of {q} results", "{analyst} lowered its forecasts, citing {con}.")],
    "neu": [("{name} earnings: what Wall Street expects", "Analysts will focus on {cat} and any comment on {con}."),
            ("{name} to report {q} results this week", "Options pricing implies a move of about {pct}% in either direction after the report.")],
}
EARN = {
    "pos": [("{name} beats estimates as {seg} revenue jumps", "{name} reported {q} results ahead of Wall Street forecasts, driven by {cat}."),
            ("{name} tops {q} forecasts and raises outlook", "{short} lifted its full-year guidance, citing {cat}."),
            ("{name} shares rise {pct}% after upbeat {q} results", "Revenue and earnings per share both beat consensus estimates.")],
    "neg": [("{name} misses {q} estimates; shares drop {pct}% after hours", "{short} reported results below expectations, hurt by {con}."),
            ("{name} guidance disappoints on {con}", "{short} gave an outlook below analyst estimates."),
            ("{name} {q} profit falls short, shares slide", "Analysts had expected stronger results given recent trends.")],
    "neu": [("{name} {q} results in line with estimates; shares flat", "{short} reported results roughly matching consensus."),
            ("{name} {q} results mixed as {cat} offsets {con}", "Revenue beat estimates while earnings per share came in slightly light.")],
}
SEGMENTS = {"AAPL": "services", "MSFT": "cloud", "GOOGL": "cloud", "AMZN": "AWS", "META": "advertising",
            "NVDA": "data-center", "TSLA": "energy", "NFLX": "streaming", "AMD": "data-center",
            "INTC": "foundry", "JPM": "trading", "BRK-B": "insurance", "XOM": "upstream", "CCL": "cruise",
            "DIS": "experiences"}

# Multi-company templates for particular pairs, keyed by the signs they need.
PAIR_SPECIFIC = [
    (("MSFT", "neg"), ("GOOGL", "neg"), "Microsoft and Alphabet face EU probe over cloud licensing",
     "The European Commission is examining whether the companies' licensing terms make it harder to switch cloud providers."),
    (("NVDA", "pos"), ("AMD", "pos"), "Chip stocks rally as Nvidia and AMD ride AI spending wave",
     "Semiconductor shares rose after cloud providers signaled higher spending on AI data centers."),
    (("NVDA", "neg"), ("AMD", "neg"), "Nvidia, AMD fall as US weighs new chip export curbs",
     "Officials are considering tighter limits on AI chip sales to China, people familiar said."),
    (("AMD", "pos"), ("INTC", "neg"), "AMD gains server share at Intel's expense, data show",
     "Mercury Research data showed AMD's server CPU share at a record while Intel's slipped."),
    (("INTC", "pos"), ("AMD", "neg"), "Intel claws back PC chip share from AMD",
     "Intel's new laptop chips helped it regain share in notebooks, according to Mercury Research."),
    (("XOM", "pos"), ("CCL", "neg"), "Oil rally lifts Exxon, weighs on cruise operators like Carnival",
     "Higher crude prices boost producers but raise fuel bills for cruise lines."),
    (("CCL", "pos"), ("XOM", "neg"), "Cruise stocks gain as oil slump drags Exxon lower",
     "Falling fuel costs are good news for cruise operators and bad news for oil producers."),
    (("NFLX", "pos"), ("DIS", "pos"), "Streaming stocks climb as Netflix and Disney raise prices",
     "Analysts said both companies have room to lift prices without losing many subscribers."),
    (("NFLX", "pos"), ("DIS", "neg"), "Netflix widens streaming lead as Disney+ growth stalls",
     "Netflix added more subscribers than expected while Disney+ was roughly flat."),
    (("DIS", "pos"), ("NFLX", "neg"), "Disney+ gains ground on Netflix with sports bundle",
     "Disney's bundle with ESPN drew sign-ups as Netflix engagement cooled."),
    (("MSFT", "pos"), ("AMZN", "neg"), "Microsoft wins cloud deals from AWS customers, survey shows",
     "A survey of chief information officers showed Azure gaining share of new AI workloads."),
    (("GOOGL", "pos"), ("META", "pos"), "Alphabet and Meta lead digital ad rebound",
     "Advertisers increased spending on search and social platforms, agency data show."),
    (("BRK-B", "any"), ("AAPL", "neg"), "Berkshire trims Apple stake again, filing shows",
     "Berkshire Hathaway sold more Apple shares in the latest quarter, a regulatory filing shows."),
    (("JPM", "pos"), ("BRK-B", "pos"), "Financial stocks rise as Treasury yields ease",
     "Banks and insurers gained as bond markets steadied."),
    (("TSLA", "neg"), ("GOOGL", "pos"), "Waymo pulls ahead of Tesla in robotaxi race",
     "Waymo's fleet logs far more paid rides than Tesla's pilot service, data show."),
]


def sign_of(s):
    if s >= 0.15:
        return "pos"
    if s <= -0.15:
        return "neg"
    return "neu"


def r2(x):
    return round(x, 2) + 0.0


def r3(x):
    return round(x, 3) + 0.0


def r4(x):
    return round(x, 4) + 0.0


def clip(x, lo, hi):
    return max(lo, min(hi, x))


def poisson(rng, lam):
    # Knuth's method; fine for small lambdas.
    limit = math.exp(-lam)
    k, p = 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def join_names(names):
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def slugify(text):
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:60].rstrip("-")


# ---------------------------------------------------------------------------
# Time zones (US Eastern and London rules for 2026, hard-coded)
# ---------------------------------------------------------------------------

def et_offset(day):
    # EDT until Sunday 2026-11-01, EST after.
    return -4 if day < dt.date(2026, 11, 1) else -5


def london_offset(day):
    # BST until Sunday 2026-10-25, GMT after.
    return 1 if day < dt.date(2026, 10, 25) else 0


def fmt_offset(hours):
    if hours == 0:
        return "+00:00"
    sign = "+" if hours > 0 else "-"
    return "%s%02d:00" % (sign, abs(hours))


def rfc3339(utc, style):
    """Render a naive UTC datetime in one of: 'et', 'z', 'london'."""
    day = utc.date()
    if style == "z":
        return utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    off = et_offset(day) if style == "et" else london_offset(day)
    local = utc + dt.timedelta(hours=off)
    return local.strftime("%Y-%m-%dT%H:%M:%S") + fmt_offset(off)


# ---------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------

class Gen:
    def __init__(self):
        self.rng = random.Random(SEED)
        self.titles = set()
        self.urls = set()
        self.days = [START + dt.timedelta(days=i) for i in range((END - START).days + 1)]
        self.trend = self._walks()

    def _walks(self):
        rng = self.rng
        trend = {}
        for t in sorted(ALL_COMPANIES):
            base = ALL_COMPANIES[t][4]
            x = base + rng.gauss(0, 0.1)
            series = {}
            for d in self.days:
                x += rng.gauss(0, 0.045) + 0.03 * (base - x)
                for (et, ed, _q) in EARNINGS:
                    if et == t and ed == d:
                        # earnings surprise: a jump that then fades slowly
                        x += rng.choice([-1, 1]) * rng.uniform(0.15, 0.35) + 0.3 * x
                x = clip(x, -0.75, 0.75)
                series[d] = x
            trend[t] = series
        return trend

    def score(self, ticker, day, noise=0.2):
        return r4(clip(self.trend[ticker][day] + self.rng.gauss(0, noise), -0.97, 0.97))

    def utc_time(self, day):
        # Local (US Eastern) time between 06:00 and 18:59, so the calendar date is
        # the same in UTC, New York and London.
        rng = self.rng
        hour = rng.choices(range(6, 19), weights=[2, 4, 6, 7, 7, 6, 5, 5, 5, 5, 6, 4, 2])[0]
        local = dt.datetime.combine(day, dt.time(hour, rng.randrange(0, 60), rng.choice([0, 0, 0, rng.randrange(60)])))
        return local - dt.timedelta(hours=et_offset(day))

    def fills(self, t, day, utc, s, q=None):
        rng = self.rng
        name, short, _ex, _w, _b, price, _sec = ALL_COMPANIES[t]
        mag = abs(s)
        pct = round(0.6 + mag * 6 + rng.uniform(0, 1.5), 1)
        local_hour = (utc + dt.timedelta(hours=et_offset(day))).hour
        if local_hour < 9:
            session = "premarket"
        elif local_hour >= 16:
            session = "after-hours"
        elif local_hour < 12:
            session = "morning"
        else:
            session = "afternoon"
        up = s >= 0
        step = 1 if price < 60 else 5
        pt = int(round(price * (rng.uniform(1.08, 1.3) if up else rng.uniform(0.75, 0.92)) / step) * step)
        if abs(s) < 0.15:
            pt = int(round(price * rng.uniform(0.97, 1.05) / step) * step)
        return {
            "name": name, "short": short, "pct": pct, "pct2": rng.randrange(6, 31),
            "analyst": rng.choice(ANALYSTS), "pt": pt, "n": rng.randrange(2, 10),
            "amt": rng.choice([2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 40]),
            "mil": rng.choice([150, 200, 250, 300, 350, 400, 450, 500, 600, 800]),
            "opening": rng.randrange(60, 230),
            "cat": rng.choice(CATALYSTS[t]), "con": rng.choice(CONCERNS[t]),
            "neu": rng.choice(NEUTRAL_TOPICS), "month": MONTHS[day.month],
            "city": rng.choice(CITIES), "country": rng.choice(COUNTRIES), "client": rng.choice(CLIENTS),
            "movie": rng.choice(MOVIES), "state": rng.choice(STATES), "conf": rng.choice(CONFERENCES.get(t, TECH_CONFS)),
            "weekday": day.strftime("%A"), "q": q or "quarterly", "session": session,
            "seg": SEGMENTS.get(t, "core"),
        }

    def context(self, sign, f, weekend=False):
        rng = self.rng
        if sign == "pos":
            opts = ["Shares rose {pct}% in {session} trading.", "The stock is up {pct2}% over the past three months.",
                    "{analyst} analysts called the news a clear positive for the stock."]
        elif sign == "neg":
            opts = ["Shares fell {pct}% in {session} trading.", "The stock is down {pct2}% from its summer high.",
                    "{analyst} analysts said the news adds to near-term risks."]
        else:
            opts = ["Shares were little changed in {session} trading.", "{analyst} analysts said they are keeping their estimates unchanged.",
                    "The stock has traded in a narrow range for several weeks."]
        if weekend:
            opts = [o for o in opts if "{session}" not in o]
        k = rng.choices([0, 1, 2], weights=[3, 5, 3])[0]
        return [o.format(**f) for o in rng.sample(opts, k)]

    def unique_title(self, make, fallback=None):
        for _ in range(60):
            title, body = make()
            if title not in self.titles:
                self.titles.add(title)
                return title, body
        if fallback:
            title = fallback
            if title not in self.titles:
                self.titles.add(title)
                return title, body
        raise RuntimeError("could not find a unique title")

    def alphabet_tickers(self, room, rng):
        if room < 2:
            return ["GOOGL"] if rng.random() < 0.75 else ["GOOG"]
        u = rng.random()
        if u < 0.75:
            return ["GOOGL", "GOOG"]
        return ["GOOGL"] if u < 0.92 else ["GOOG"]

    def mentions_for(self, companies, day, primary_rel=True):
        """companies: list of symbols; returns list of (ticker, score, relevance) and the per-company score."""
        rng = self.rng
        out, comp_score = [], {}
        room = 4 - len(companies) + 1
        for i, c in enumerate(companies):
            s = self.score(c, day)
            comp_score[c] = s
            rel = rng.uniform(0.55, 0.98) if i == 0 else rng.uniform(0.18, 0.7)
            if c == "GOOGL":
                tks = self.alphabet_tickers(room, rng)
                for k, tk in enumerate(tks):
                    if k == 0:
                        out.append((tk, s, r3(rel)))
                    else:
                        s2 = r4(clip(s + rng.choice([-1, 1]) * rng.uniform(0.004, 0.04), -0.97, 0.97))
                        rel2 = r3(clip(rel + rng.uniform(-0.06, 0.06), 0.05, 1.0))
                        out.append((tk, s2, rel2))
                room -= len(tks) - 1
            else:
                out.append((c, s, r3(rel)))
        return out, comp_score

    def single_article(self, t, day, earn_q=None, phase=None):
        """phase: None, 'preview' (days before results), 'day' (results day) or 'after'."""
        rng = self.rng
        utc = self.utc_time(day)
        weekend = day.weekday() >= 5
        if phase == "day":
            # results come out before the open or after the close
            local = dt.datetime.combine(day, dt.time(rng.choice([7, 16, 17]), rng.randrange(0, 60)))
            utc = local - dt.timedelta(hours=et_offset(day))
        mentions, cs = self.mentions_for([t], day)
        s = cs[t]
        sign = sign_of(s)

        def make():
            f = self.fills(t, day, utc, s, earn_q)
            if phase and rng.random() < 0.8:
                pool = EARN_PREVIEW[sign] if phase == "preview" else EARN[sign]
            elif rng.random() < 0.55:
                pool = SPECIFIC[t][sign]
            else:
                pool = GENERIC[sign]
            if weekend:  # no trading on weekends: avoid session-specific wording
                pool = [x for x in pool if "{weekday}" not in x[0] + x[1] and "{session}" not in x[0] + x[1]] or SPECIFIC[t][sign]
            h, b = rng.choice(pool)
            title = h.format(**f)
            body = " ".join([b.format(**f)] + self.context(sign, f, weekend))
            return title, body

        title, body = self.unique_title(make)
        return self.finish(day, utc, [t], mentions, title, body)

    def multi_article(self, companies, day):
        rng = self.rng
        utc = self.utc_time(day)
        mentions, cs = self.mentions_for(companies, day)
        signs = {c: sign_of(cs[c]) for c in companies}
        weekend = day.weekday() >= 5

        def make():
            if len(companies) == 2:
                a, b = companies
                for (ta, sa), (tb, sb), h, body in PAIR_SPECIFIC:
                    if {ta, tb} == {a, b} and (sa == "any" or signs[ta] == sa) and (sb == "any" or signs[tb] == sb):
                        if h not in self.titles and rng.random() < 0.8:
                            extra = self.clauses(companies, cs, self.reasons(companies, cs))
                            return h, body + " " + extra
            names = [ALL_COMPANIES[c][0] for c in companies]
            why = self.reasons(companies, cs)
            sg = [signs[c] for c in companies]
            f = {"macro_pos": rng.choice(POS_MACRO), "macro_neg": rng.choice(NEG_MACRO), "macro_neu": rng.choice(NEU_MACRO)}
            if len(companies) == 2:
                if sg == ["pos", "pos"]:
                    h = rng.choice(["{a} and {b} shares rise as {macro_pos}", "{a}, {b} lead gains as {macro_pos}"])
                elif sg == ["neg", "neg"]:
                    h = rng.choice(["{a} and {b} shares fall as {macro_neg}", "{a}, {b} slide as {macro_neg}"])
                elif set(sg) == {"pos", "neg"}:
                    p = companies[sg.index("pos")]
                    n = companies[sg.index("neg")]
                    h = rng.choice(["{p} rises while {n} slips as investors rotate",
                                    "{p} gains, {n} falls in {session} trading" if not weekend else "{p} gains, {n} falls as investors rotate within the sector",
                                    "{p} outperforms {n} on {pcat}"])
                    f.update(p=ALL_COMPANIES[p][0], n=ALL_COMPANIES[n][0], pcat=why[p])
                elif "pos" in sg:
                    p = companies[sg.index("pos")]
                    o = companies[1 - sg.index("pos")]
                    h = "{p} climbs on {pcat}; {o} little changed"
                    f.update(p=ALL_COMPANIES[p][0], o=ALL_COMPANIES[o][0], pcat=why[p])
                elif "neg" in sg:
                    n = companies[sg.index("neg")]
                    o = companies[1 - sg.index("neg")]
                    h = "{n} drops on {ncon}; {o} holds steady"
                    f.update(n=ALL_COMPANIES[n][0], o=ALL_COMPANIES[o][0], ncon=why[n])
                else:
                    h = rng.choice(["{a} and {b} little changed as {macro_neu}", "{a}, {b} drift as {macro_neu}"])
                f.update(a=names[0], b=names[1])
            else:
                f["list"] = join_names(names)
                if all(x == "pos" for x in sg):
                    h = rng.choice(["{list} lead market gains as {macro_pos}", "{list} climb as {macro_pos}"])
                elif all(x == "neg" for x in sg):
                    h = rng.choice(["{list} weigh on markets as {macro_neg}", "{list} fall as {macro_neg}"])
                elif all(x == "neu" for x in sg):
                    h = rng.choice(["{list} little changed as {macro_neu}", "{list} drift as {macro_neu}"])
                else:
                    h = rng.choice(["Stocks making the biggest moves {session}: {list}",
                                    "Stocks to watch {weekday}: {list}", "Market movers: {list}"] if not weekend else
                                   ["Stocks to watch next week: {list}", "Weekly market movers: {list}"])
            f["session"] = self.session_word(day, utc)
            f["weekday"] = day.strftime("%A")
            return h.format(**f), self.clauses(companies, cs, why)

        fallback = "%s in focus on %s" % (join_names([ALL_COMPANIES[c][0] for c in companies]), day.strftime("%B %-d"))
        title, body = self.unique_title(make, fallback)
        return self.finish(day, utc, companies, mentions, title, body)

    def session_word(self, day, utc):
        hour = (utc + dt.timedelta(hours=et_offset(day))).hour
        return "premarket" if hour < 9 else ("after hours" if hour >= 16 else "midday")

    def reasons(self, companies, cs):
        rng = self.rng
        out = {}
        for c in companies:
            sg = sign_of(cs[c])
            out[c] = rng.choice(CATALYSTS[c]) if sg == "pos" else (rng.choice(CONCERNS[c]) if sg == "neg" else None)
        return out

    def clauses(self, companies, cs, why):
        rng = self.rng
        parts, flat = [], []
        for c in companies:
            short = ALL_COMPANIES[c][1]
            s = cs[c]
            pct = round(0.4 + abs(s) * 5 + rng.uniform(0, 1.2), 1)
            sg = sign_of(s)
            if sg == "pos":
                parts.append("%s rose %.1f%% on %s" % (short, pct, why[c]))
            elif sg == "neg":
                parts.append("%s fell %.1f%% amid %s" % (short, pct, why[c]))
            else:
                flat.append(short)
        if flat:
            parts.append("%s %s little changed" % (join_names(flat), "was" if len(flat) == 1 else "were"))
        if len(parts) <= 2:
            return (", while ".join(parts)) + "."
        first = ", while ".join(parts[:2]) + "."
        rest = " and ".join(parts[2:]) + "."
        return first + " " + rest

    def finish(self, day, utc, companies, mentions, title, body):
        rng = self.rng
        tot = sum(m[2] for m in mentions)
        sent = r4(sum(m[1] * m[2] for m in mentions) / tot)
        src = rng.choices(SOURCES, weights=[w for _, _, w in SOURCES])[0]
        cats = [ALL_COMPANIES[companies[0]][6]]
        if any(w in title.lower() for w in ("estimates", "results", "forecasts", "earnings", "profit", "guidance")):
            cats.append("Earnings")
        if any(w in (title + body).lower() for w in ("yields", "fed ", "inflation", "jobs report", "cpi")):
            cats.append("Economy - Monetary")
        if re.search(r"\b(probe|fine|fined|antitrust|lawsuit|sue|regulators?)\b", (title + " " + body).lower()):
            cats.append("Economy - Fiscal" if rng.random() < 0.2 else "Financial Markets")
        if "Financial Markets" not in cats and rng.random() < 0.5:
            cats.append("Financial Markets")
        cats = sorted(set(cats))
        return {
            "day": day, "utc": utc, "companies": companies, "mentions": mentions, "sentiment": sent,
            "title": title, "body": body, "source": src[0], "domain": src[1], "categories": cats,
            "impact": r2(clip(0.25 + 0.6 * max(abs(m[1]) for m in mentions) + rng.uniform(-0.1, 0.25), 0.1, 1.0)),
            "authors": [rng.choice(FIRST) + " " + rng.choice(LAST) for _ in range(rng.choices([0, 1, 2], [2, 6, 2])[0])],
            "h": "%08x" % rng.getrandbits(32),
        }

    def url_for(self, a, section=None):
        section = section or rng_section(a)
        d = a["day"]
        url = "https://%s/%s/%04d/%02d/%02d/%s-%s" % (a["domain"], section, d.year, d.month, d.day, slugify(a["title"]), a["h"][:6])
        assert url not in self.urls, url
        self.urls.add(url)
        return url

    def generate(self):
        rng = self.rng
        earn_by_day = {}
        for t, d, q in EARNINGS:
            earn_by_day.setdefault(d, []).append((t, q))
        weights = [COMPANIES[t][3] for t in sorted(COMPANIES)]
        names = sorted(COMPANIES)
        articles = []
        for day in self.days:
            weekend = day.weekday() >= 5
            n = poisson(rng, 2.0 if weekend else 5.6)
            if day in (START, END):
                n = max(n, 2)
            for _ in range(n):
                primary = rng.choices(names, weights=weights)[0]
                if rng.random() < 0.25:
                    k = rng.choices([1, 2, 3], weights=[60, 28, 12])[0]
                    pool = [c for c in RELATED[primary]]
                    others = rng.sample(pool, min(k, len(pool)))
                    articles.append(self.multi_article([primary] + others, day))
                else:
                    q, phase = None, None
                    for t, ed, eq in EARNINGS:
                        if t == primary and 0 <= (ed - day).days <= 3:
                            q, phase = eq, ("day" if ed == day else "preview")
                        elif t == primary and (day - ed).days == 1:
                            q, phase = eq, "after"
                    articles.append(self.single_article(primary, day, q, phase))
            # earnings coverage spikes
            for dd, extra in ((0, 3), (1, 2)):
                for t, q in earn_by_day.get(day - dt.timedelta(days=dd), []):
                    for _ in range(poisson(rng, extra)):
                        articles.append(self.single_article(t, day, q, "day" if dd == 0 else "after"))
        return articles


def rng_section(a):
    return {"Earnings": "earnings", "Technology": "technology"}.get(a["categories"][0], "markets")


# ---------------------------------------------------------------------------
# Press releases and the small ticker
# ---------------------------------------------------------------------------

PRESS = [
    ("AAPL", dt.date(2026, 10, 29), "Apple Reports Fourth Quarter Results", "Apple today announced financial results for its fiscal 2026 fourth quarter ended September 26, 2026, posting record September-quarter revenue."),
    ("MSFT", dt.date(2026, 9, 16), "Microsoft Announces Quarterly Dividend Increase", "Microsoft Corp. today announced that its board of directors declared a quarterly dividend, up from the prior quarter."),
    ("NVDA", dt.date(2026, 8, 26), "NVIDIA Announces Financial Results for Second Quarter Fiscal 2027", "NVIDIA today reported record revenue for the second quarter, led by its Data Center segment."),
    ("CCL", dt.date(2026, 9, 29), "Carnival Corporation & plc Reports Record Third Quarter Results", "Carnival Corporation & plc reported record quarterly revenues and raised its full-year outlook."),
    ("JPM", dt.date(2026, 10, 13), "JPMorganChase Reports Third-Quarter 2026 Net Income", "JPMorganChase reported third-quarter results; the firm's CEO said the U.S. economy remained generally resilient."),
    ("DIS", dt.date(2026, 8, 20), "Disney Announces New Attractions Coming to Walt Disney World", "The Walt Disney Company today announced several new attractions, with the first opening in 2027."),
    ("XOM", dt.date(2026, 9, 9), "ExxonMobil Starts Production at Latest Guyana Project", "ExxonMobil said the project adds roughly 250,000 barrels per day of gross capacity."),
    ("AMD", dt.date(2026, 11, 11), "AMD to Host Financial Analyst Day", "AMD will outline its long-term strategy and financial model at the event in New York."),
    ("INTC", dt.date(2026, 9, 24), "Intel Provides Update on Manufacturing Roadmap", "Intel said its 18A process remains on schedule for high-volume manufacturing."),
    ("TSLA", dt.date(2026, 10, 2), "Tesla Third Quarter 2026 Vehicle Production & Deliveries", "Tesla published its vehicle production and delivery figures for the quarter."),
    ("BRK-B", dt.date(2026, 8, 15), "Berkshire Hathaway Files Quarterly Report of Holdings", "Berkshire Hathaway Inc. filed its quarterly holdings report with the SEC."),
    ("NFLX", dt.date(2026, 11, 5), "Netflix Announces Live Events Slate for the Holidays", "Netflix announced several live events, including NFL games on Christmas Day."),
    ("AMZN", dt.date(2026, 10, 14), "Amazon Announces Plans to Hire Seasonal Employees", "Amazon said it will hire seasonal employees across its U.S. operations network."),
    ("META", dt.date(2026, 9, 17), "Meta Unveils New Smart Glasses at Connect 2026", "Meta introduced its newest AI glasses and a preview of its neural wristband."),
    ("GOOGL", dt.date(2026, 8, 20), "Google Announces New Pixel Devices", "Google introduced the Pixel 11 family, featuring its latest Tensor chip."),
    ("ACME", dt.date(2026, 9, 2), "Acme Robotics Announces Record Order Backlog", "Acme Robotics, Inc. today announced that its order backlog reached a record at the end of August."),
    ("ACME", dt.date(2026, 10, 7), "Acme Robotics Launches Next-Generation Picking Robot", "Acme Robotics, Inc. today launched its next-generation autonomous picking robot for warehouses."),
    ("ACME", dt.date(2026, 11, 4), "Acme Robotics Reports Third Quarter 2026 Results", "Acme Robotics, Inc. today reported third quarter revenue below its prior outlook, citing delayed customer orders."),
]

# ---------------------------------------------------------------------------
# Serialisation helpers
# ---------------------------------------------------------------------------

def variant_ticker(rng, t, weight=0.2):
    if rng.random() >= weight:
        return t
    ex = ALL_COMPANIES[t][2] if t in ALL_COMPANIES else "NASDAQ"
    return rng.choice(["$" + t, ex + ":" + t, t.lower(), " " + t + " "])


def av_label(x):
    if x <= -0.35:
        return "Bearish"
    if x <= -0.15:
        return "Somewhat-Bearish"
    if x < 0.15:
        return "Neutral"
    if x < 0.35:
        return "Somewhat-Bullish"
    return "Bullish"


def article_object(g, a, id_, style, date_only=False, summary_key="body", rich=True):
    rng = g.rng
    obj = {"id": id_}
    obj["published_at"] = a["day"].isoformat() if date_only else rfc3339(a["utc"], style)
    obj["title"] = a["title"]
    obj[summary_key] = a["body"]
    obj["source"] = a["source"]
    obj["url"] = a["url"]
    tks = [variant_ticker(rng, m[0]) for m in a["mentions"]]
    multi = len(a["mentions"]) > 1
    if rng.random() < 0.25:
        obj["tickers"] = (", " if rng.random() < 0.5 else ",").join(x.strip() for x in tks)
    else:
        obj["tickers"] = tks
    mode = rng.random()
    if not multi and mode < 0.3:
        ts = None                      # article-level sentiment only
    elif mode < 0.6 or not rich:
        ts = [{"ticker": m[0], "score": m[1], "relevance": m[2]} for m in a["mentions"]]
    else:
        ts = {m[0]: m[1] for m in a["mentions"]}
    if ts is None or rng.random() < 0.85:
        obj["sentiment"] = a["sentiment"]
    if ts is not None:
        obj["ticker_sentiment"] = ts
    if not rich or rng.random() < 0.45:
        obj["market_impact"] = a["impact"]
    obj["categories"] = a["categories"]
    return obj


def av_item(a):
    d = a["utc"]
    topics = [{"topic": c, "relevance_score": "%.6f" % (1.0 if i == 0 else 0.5)} for i, c in enumerate(a["categories"])]
    return {
        "title": a["title"],
        "url": a["url"],
        "time_published": d.strftime("%Y%m%dT%H%M%S"),
        "authors": a["authors"],
        "summary": a["body"],
        "banner_image": "https://images.example.com/news/%s.jpg" % a["h"],
        "source": a["source"],
        "category_within_source": "n/a" if a["source"] in ("Benzinga", "Motley Fool") else "Markets",
        "source_domain": a["domain"],
        "topics": topics,
        "overall_sentiment_score": a["sentiment"],
        "overall_sentiment_label": av_label(a["sentiment"]),
        "ticker_sentiment": [
            {"ticker": m[0], "relevance_score": "%.3f" % m[2], "ticker_sentiment_score": "%.4f" % m[1],
             "ticker_sentiment_label": av_label(m[1])}
            for m in a["mentions"]
        ],
    }


AV_HEADER = {
    "sentiment_score_definition": "x <= -0.35: Bearish; -0.35 < x <= -0.15: Somewhat-Bearish; -0.15 < x < 0.15: Neutral; 0.15 <= x < 0.35: Somewhat_Bullish; x >= 0.35: Bullish",
    "relevance_score_definition": "0 < x <= 1, with a higher score indicating higher relevance.",
}


def write(path, text):
    full = os.path.join(INBOX, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def csv_text(rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerows(rows)
    return buf.getvalue()


def num(x):
    return repr(x)


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

def main():
    g = Gen()
    rng = g.rng
    arts = g.generate()

    # the small ticker also shows up in a couple of wire stories
    for day in (dt.date(2026, 8, 19), dt.date(2026, 10, 22)):
        arts.append(g.single_article("ACME", day))

    arts.sort(key=lambda a: (a["utc"], a["title"]))

    # assign each article to an output format
    for a in arts:
        m = a["day"].month
        u = rng.random()
        if m == 8:
            fmt = "ndjson" if u < 0.55 else ("av" if u < 0.9 else "noid")
        elif m == 9:
            fmt = "ndjson" if u < 0.6 else "av"
        elif m == 10:
            fmt = "ndjson" if u < 0.4 else ("av" if u < 0.7 else "export")
        else:
            fmt = "ndjson" if u < 0.4 else ("av" if u < 0.7 else "mentions")
        if a["companies"] == ["ACME"]:
            fmt = "ndjson"
        a["fmt"] = fmt
        a["url"] = g.url_for(a)

    # ---- NDJSON newswire feeds, one file per month ----
    per_day = {}
    nd = {}
    for a in arts:
        if a["fmt"] != "ndjson":
            continue
        k = per_day.get(a["day"], 0) + 1
        per_day[a["day"]] = k
        style = rng.choices(["et", "z", "london"], weights=[70, 20, 10])[0]
        obj = article_object(g, a, "nw-%s-%03d" % (a["day"].strftime("%Y%m%d"), k), style)
        a["obj"] = obj
        nd.setdefault(a["day"].month, []).append(obj)
    for m, objs in sorted(nd.items()):
        write("feeds/newswire-2026-%02d.ndjson" % m, "".join(json.dumps(o) + "\n" for o in objs))

    # ---- duplicates: pick some NDJSON articles to repeat elsewhere ----
    oct_nd = [a for a in arts if a["fmt"] == "ndjson" and a["day"].month == 10]
    nov_nd = [a for a in arts if a["fmt"] == "ndjson" and a["day"].month == 11 and len(a["mentions"]) <= 2]
    dup_export = rng.sample(oct_nd, 4)
    dup_csv = rng.sample(nov_nd, 3)

    # ---- JSON array export (October) ----
    export = []
    n = 0
    for a in arts:
        if a["fmt"] == "export":
            n += 1
            obj = article_object(g, a, "exp-2026-10-%04d" % n, "et",
                                 date_only=rng.random() < 0.35,
                                 summary_key="summary" if rng.random() < 0.5 else "body", rich=False)
            obj["author"] = a["authors"][0] if a["authors"] else a["source"] + " Staff"
            export.append((a["utc"], obj))
    for a in dup_export:
        export.append((a["utc"], a["obj"]))
    export.sort(key=lambda x: (x[0], x[1]["id"]))
    write("exports/articles-2026-10.json", json.dumps([o for _, o in export], indent=2) + "\n")

    # ---- CSV with ids (November) ----
    rows = [["id", "published_at", "ticker", "sentiment", "title", "source", "url", "relevance", "market_impact"]]
    csv_arts = []
    n = 0
    for a in arts:
        if a["fmt"] == "mentions":
            n += 1
            csv_arts.append((a["utc"], "mx-2026-11-%04d" % n, rfc3339(a["utc"], rng.choice(["et", "et", "z"])), a))
    for a in dup_csv:
        csv_arts.append((a["utc"], a["obj"]["id"], a["obj"]["published_at"], a))
    csv_arts.sort(key=lambda x: (x[0], x[1]))
    for _, id_, pub, a in csv_arts:
        ts = a["obj"].get("ticker_sentiment") if "obj" in a else True
        for m in a["mentions"]:
            # a duplicated NDJSON article keeps its effective per-mention scores
            score = m[1] if ts is not None else a["sentiment"]
            rel = m[2] if not isinstance(ts, dict) and ts is not None else 1.0
            impact = a["obj"].get("market_impact", 1.0) if "obj" in a else a["impact"]
            rows.append([id_, pub, variant_ticker(rng, m[0], 0.1).strip(), num(score), a["title"], a["source"], a["url"], num(rel), num(impact)])
    write("exports/mentions-2026-11.csv", csv_text(rows))

    # ---- CSV without ids (August headlines export) ----
    rows = [["published_at", "ticker", "sentiment", "title", "source"]]
    for a in arts:
        if a["fmt"] == "noid":
            for m in a["mentions"]:
                rows.append([a["day"].isoformat(), m[0], num(m[1]), a["title"], a["source"]])
    write("exports/legacy/headlines-2026-08.csv", csv_text(rows))

    # ---- Alpha Vantage NEWS_SENTIMENT responses, one per month ----
    av = {}
    for a in arts:
        if a["fmt"] == "av":
            av.setdefault(a["day"].month, []).append(a)
    # the September pull overlapped into the first days of October
    overlap = sorted(av[10], key=lambda a: (a["utc"], a["url"]))[:3]
    av[9] = av[9] + overlap
    for m, items in sorted(av.items()):
        items = sorted(items, key=lambda a: (a["utc"], a["url"]), reverse=True)  # newest first, like the API
        resp = {"items": str(len(items))}
        resp.update(AV_HEADER)
        resp["feed"] = [av_item(a) for a in items]
        write("alphavantage/news_sentiment-2026-%02d.json" % m, json.dumps(resp, indent=4) + "\n")

    # ---- press releases (.jsonl) ----
    prs = []
    for t, day, title, body in PRESS:
        src, dom = PR_SOURCES[len(prs) % len(PR_SOURCES)]
        utc = dt.datetime.combine(day, dt.time(rng.choice([6, 8, 16]), rng.choice([0, 0, 5, 30]))) - dt.timedelta(hours=et_offset(day))
        s = r4(clip(g.trend[t][day] * 0.6 + 0.12 + rng.gauss(0, 0.08), -0.97, 0.97))
        s = max(s, 0.0)  # press releases are upbeat or neutral...
        if "below" in body:  # ...unless they carry bad news
            s = r4(-abs(s) - 0.2)
        tks = [t]
        if t == "GOOGL":
            tks = ["GOOGL", "GOOG"]
        assert title not in g.titles
        g.titles.add(title)
        url = "https://%s/news/home/%s/en/%s" % (dom, day.strftime("%Y%m%d"), slugify(title))
        assert url not in g.urls
        g.urls.add(url)
        obj = {
            "id": "pr-%s-%s" % (t.lower(), day.strftime("%Y%m%d")),
            "published_at": rfc3339(utc, "et"),
            "title": title, "body": body, "source": src, "url": url,
            "tickers": [ALL_COMPANIES.get(x, ALL_COMPANIES["GOOGL"])[2] + ":" + x for x in tks],
            "sentiment": s,
            "market_impact": r2(rng.uniform(0.3, 0.7)),
            "categories": ["Press Release", ALL_COMPANIES[t][6]],
        }
        if t == "GOOGL":  # the two share classes get slightly different scores
            obj["ticker_sentiment"] = {"GOOGL": s, "GOOG": r4(s - 0.0123)}
        prs.append((utc, obj))
    prs.sort(key=lambda x: (x[0], x[1]["id"]))
    write("feeds/press-releases-2026.jsonl", "".join(json.dumps(o) + "\n" for _, o in prs))

    # ---- a single article object ----
    day = dt.date(2026, 11, 19)
    title = "Acme Robotics shares halted pending news of strategic review"
    assert title not in g.titles
    alert = {
        "id": "alert-acme-20261119-01",
        "published_at": "2026-11-19T14:12:00-05:00",
        "title": title,
        "body": "Trading in Acme Robotics was halted after the company said its board is exploring strategic alternatives, including a possible sale. The company did not give a timeline.",
        "source": "Benzinga",
        "url": "https://benzinga.example.com/news/2026/11/19/acme-robotics-trading-halted-strategic-review",
        "tickers": "OTC:ACME",
        "ticker_sentiment": [{"ticker": "ACME", "score": 0.2815, "relevance": 0.95}],
        "market_impact": 0.8,
        "categories": ["Mergers & Acquisitions", "Manufacturing"],
    }
    write("alerts/acme-robotics-2026-11-19.json", json.dumps(alert, indent=2) + "\n")


if __name__ == "__main__":
    if os.path.isdir(INBOX):
        shutil.rmtree(INBOX)
    main()
