//! The finance lexicon: what each word (or fixed phrase) does in a sentence.
//!
//! # Where the entries come from, and why
//!
//! Every entry was written by hand for this project from ordinary knowledge of how financial
//! news, press releases and analyst notes are worded. No entry is copied from a published word
//! list. The *classes* follow the idea behind finance-specific dictionaries such as
//! Loughran–McDonald (negative, positive, uncertainty and litigious words, chosen for how they
//! read in filings rather than in everyday speech), extended with the classes a rule scorer
//! needs for news sentences:
//!
//! - **Quantities** ([`Kind::Qty`]): things that go up or down. Each has an orientation — more
//!   profit, sales, orders or dividend is good; more cost, debt, loss or layoffs is bad — so
//!   "costs rose" and "loss widened" come out negative while "loss narrowed" and "costs fell"
//!   come out positive. A quantity alone is neutral ("operating profit was EUR 3.2 mn"), except
//!   the few whose mere presence is news: a *loss*, *layoffs*, *write-downs*.
//! - **Directions** ([`Kind::Dir`]): rose, fell, widened, cut, boosted, higher, down … They
//!   carry no sentiment of their own; the quantity they move gives it (see `rules.rs`).
//! - **Polar words** ([`Kind::Polar`], [`Kind::Legal`]): events and judgements that are good or
//!   bad for the company whatever they apply to: upgrade/downgrade, record, lawsuit, probe,
//!   recall, bankruptcy, profit warning, buyback, won (an order), weak, strong, disappointing.
//!   Values are on a scale where about 1 is a clear single cue and 2 a strong one.
//! - **Earnings language** ([`Kind::Comparator`], [`Kind::Expect`]): beat/missed/above/below/
//!   fell short of + expectations, estimates, consensus, targets, schedule.
//! - **Modifiers**: negators, intensifiers and diminishers, hedges, contrast words.
//!
//! Words that general-purpose (social-media) lexicons mark negative but that are neutral in
//! finance are deliberately *absent*: liability, liabilities, tax, share, vice (president),
//! crude (oil), mine, capital, gross, division, defence, cancer (drugs), exposure, risk-free,
//! cost and debt as bare nouns (they only matter when they move). Likewise "leading",
//! "largest" and "major" are description, not praise, in company boilerplate.
//!
//! Inflected forms are listed explicitly (no stemming) so a lookup is one hash probe and the
//! behaviour of every form is visible here.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// How a direction word finds the quantity it moves (see `rules.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Syn {
    /// rose, fell, jumped: the quantity is the subject, before the verb ("sales rose").
    Intrans,
    /// cut, boosted, reduced, increased: the object after the verb ("cut costs"), else the
    /// subject of a passive or intransitive use ("costs were cut", "sales increased").
    Trans,
    /// higher, lower, weaker: the noun after it, else a nearby subject ("sales were lower").
    Adj,
    /// increase, decline, growth: "an increase in sales", "sales growth".
    Noun,
    /// up, down: "sales were up 5%", "down from EUR 8 mn".
    Adverb,
    /// hit: only an object after it ("hit profits"); "the stock hit a high" moves nothing.
    Object,
}

/// A quantity: something that moves.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Qty {
    /// More of it is good for the company (profit) or bad (costs, loss).
    pub good: bool,
    /// Valence when nothing moves it: 0 for most, negative for loss, layoffs, write-downs.
    pub base: f32,
    /// Also a reference point for earnings language ("beat estimates", "below forecast").
    pub expect: bool,
    /// A state a result can turn into: "swung to a profit", "fell to a loss".
    pub state: bool,
    /// "no dividend", "no profit" is bad news.
    pub negatable: bool,
}

/// A direction word.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Dir {
    pub up: bool,
    /// Relative size: "edged up" 0.6, "rose" 1, "soared" 1.4.
    pub strength: f32,
    pub syn: Syn,
    /// Share of the full valence used when no quantity is found (the quantity is then
    /// taken to be a good one, the usual case in news): "increased by 5%" counts a little,
    /// "higher" alone almost not.
    pub alone: f32,
    /// "dropped"/"withdrawn" after a lawsuit ends it rather than moving a quantity.
    pub resolves: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Kind {
    /// Not in the lexicon.
    Unknown,
    /// Determiners and possessives: a forward search for an object steps over them.
    Det,
    /// Quantity modifiers (net, operating, annual …): also stepped over.
    Skip,
    /// in, of, for: a noun's search steps over one ("an increase in sales").
    Prep,
    /// A fixed phrase that means nothing here ("up to", "set up", "in line with").
    Neutral,
    Polar(f32),
    /// Negative legal/regulatory event that a later "dismissed", "dropped" can undo.
    Legal(f32),
    Qty(Qty),
    Dir(Dir),
    /// swung, turned, returned (to a profit / to a loss / to growth).
    Toward,
    /// The same with its "to" ("returns to", where "returns" alone is a quantity).
    TowardTo,
    /// beat, missed, above, below …: sentiment only against an expectation, else `alone`.
    Comparator {
        up: bool,
        strength: f32,
        alone: f32,
    },
    /// expectations, consensus, schedule, plan, level.
    Expect,
    Neg,
    /// A negator that is itself bad news when it has nothing to flip ("failed to").
    NegPolar(f32),
    /// Scales the nearest cue: sharply 1.4, slightly 0.6.
    Mod(f32),
    /// Scales every cue after it in its clause: may, could, if.
    Hedge(f32),
    /// but, however: the clause after it counts more, the one before less.
    But,
    /// although, despite (0.5), while, whereas (0.75): the clause it opens counts less.
    Sub(f32),
    /// record: praise, or an intensifier of a bad thing ("record loss").
    Record,
    /// plant, mill, store …: what close/open act on.
    Facility,
    /// close/shut (negative) or open (positive) when a facility is near.
    Shut(f32),
    /// compared (with/to), versus, against: introduces a prior-period figure.
    Marker,
    From,
    To,
    /// stake, holding, share capital, rates: moving these is not sentiment.
    NeutralObj,
    /// slowed, stalled: turns a preceding increase into bad news; else `alone`.
    Slow(f32),
    /// dismissed, overturned, settled: undoes a nearby legal event.
    Resolve,
    /// avoided, averted, prevented: cancels a bad event next to it ("layoffs were avoided").
    Avert,
    /// signed, received, booked: good news when an order or contract follows.
    Gets(f32),
    /// "after": a prior-period marker when a loss or profit follows ("after a loss of …").
    After,
    /// programme, plan, project …: a noun that heads its own phrase, so a quantity just
    /// before it only modifies it ("the efficiency programme reduced costs").
    Head,
    Currency,
    /// mn, billion: folded into the number before.
    Scale(f64),
    /// %, percent, percentage points: marks the number before.
    Percent,
    /// Month names: a number next to one is a date, not an amount.
    Month,
}

/// A lexicon entry: its kind (None when the word only starts phrases) and the longest phrase
/// it starts, in words (1 when none).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry {
    pub kind: Option<Kind>,
    pub max_phrase: u8,
}

// ---------------------------------------------------------------------------------------
// Constructors, to keep the tables below readable.

const fn polar(v: f32) -> Kind {
    Kind::Polar(v)
}
const fn legal(v: f32) -> Kind {
    Kind::Legal(v)
}
const fn good(base: f32) -> Kind {
    Kind::Qty(Qty {
        good: true,
        base,
        expect: false,
        state: false,
        negatable: false,
    })
}
const fn bad(base: f32) -> Kind {
    Kind::Qty(Qty {
        good: false,
        base,
        expect: false,
        state: false,
        negatable: false,
    })
}
/// profit/loss: states a result can turn into.
const fn state(good: bool, base: f32) -> Kind {
    Kind::Qty(Qty {
        good,
        base,
        expect: false,
        state: true,
        negatable: good,
    })
}
/// A good quantity that is bad news when absent ("no dividend").
const fn negatable() -> Kind {
    Kind::Qty(Qty {
        good: true,
        base: 0.0,
        expect: false,
        state: false,
        negatable: true,
    })
}
/// Guidance, forecasts, estimates: move like quantities, and are what results are measured
/// against.
const fn expect_qty() -> Kind {
    Kind::Qty(Qty {
        good: true,
        base: 0.0,
        expect: true,
        state: false,
        negatable: false,
    })
}
const fn dir(up: bool, strength: f32, syn: Syn, alone: f32) -> Kind {
    Kind::Dir(Dir {
        up,
        strength,
        syn,
        alone,
        resolves: false,
    })
}
const fn up(strength: f32, syn: Syn, alone: f32) -> Kind {
    dir(true, strength, syn, alone)
}
const fn down(strength: f32, syn: Syn, alone: f32) -> Kind {
    dir(false, strength, syn, alone)
}
const fn down_resolving(strength: f32, syn: Syn, alone: f32) -> Kind {
    Kind::Dir(Dir {
        up: false,
        strength,
        syn,
        alone,
        resolves: true,
    })
}
const fn cmp(up: bool, strength: f32, alone: f32) -> Kind {
    Kind::Comparator {
        up,
        strength,
        alone,
    }
}

use Syn::{Adj, Adverb, Intrans, Noun, Trans};

/// The lexicon, grouped: every word of a group gets the group's kind. Multi-word keys are
/// phrases, matched on whole words before single words (longest first).
#[rustfmt::skip]
static GROUPS: &[(&[&str], Kind)] = &[
    // --- Structure words ------------------------------------------------------------------
    (
        &[
            "the", "a", "an", "its", "their", "our", "his", "her", "this", "these", "those",
            "any", "each", "every", "such", "both", "all", "own",
        ],
        Kind::Det,
    ),
    (
        &[
            "net", "operating", "gross", "total", "annual", "quarterly", "full-year",
            "half-year", "half-yearly", "pretax", "pre-tax", "adjusted", "underlying",
            "comparable", "organic", "core", "overall", "consolidated", "average", "monthly",
            "weekly", "daily", "first-quarter", "second-quarter", "third-quarter",
            "fourth-quarter", "first-half", "second-half", "like-for-like", "same-store",
            "year-on-year", "y-o-y", "yoy", "year-over-year", "about", "around",
            "approximately", "nearly", "almost", "roughly", "some", "group", "company",
            "interest", "unit",
            "diluted", "basic", "reported", "quarter", "period", "fiscal", "new", "existing",
            "current", "projected", "annualised", "annualized", "full",
            "other", "non-recurring", "year-ago", "one-off", "one-time", "recurring",
            "extraordinary", "ordinary", "export", "domestic", "international", "global",
            "european", "nordic", "finnish", "swedish", "us", "u.s", "retail", "wholesale",
            "service", "services", "product", "number", "amount", "rate", "size", "combined",
        ],
        Kind::Skip,
    ),
    (&["in", "of", "for", "on"], Kind::Prep),
    (&["to", "into"], Kind::To),
    (&["after"], Kind::After),
    (
        &[
            "programme", "programmes", "program", "programs", "project", "projects", "scheme",
            "schemes", "measures", "initiative", "initiatives", "team", "teams", "department",
            "function", "committee", "report", "reports", "figures", "data", "statistics",
            "policy", "structure", "agreement", "agreements", "talks", "negotiations", "study",
            "analysis", "system", "systems", "model", "strategy",
        ],
        Kind::Head,
    ),
    (&["from"], Kind::From),
    (
        &[
            "compared", "versus", "vs", "against", "compares", "comparison",
        ],
        Kind::Marker,
    ),
    (
        &[
            "eur", "euro", "euros", "usd", "dollar", "dollars", "sek", "nok", "dkk", "gbp",
            "chf", "jpy", "yen", "cny", "rmb", "rub", "rubles", "roubles", "pln", "cad", "aud",
            "inr", "krona", "kronor", "kroner", "krone", "pounds", "pence", "cents", "cent",
            "meur", "musd", "eurm", "usdm",
        ],
        Kind::Currency,
    ),
    (
        &[
            "mn", "mln", "million", "millions", "m", "mio",
        ],
        Kind::Scale(1e6),
    ),
    (
        &[
            "bn", "billion", "billions", "bln", "mrd", "mld",
        ],
        Kind::Scale(1e9),
    ),
    (&["k", "thousand", "thousands"], Kind::Scale(1e3)),
    (&["tn", "trillion", "trillions"], Kind::Scale(1e12)),
    (
        &[
            "percent", "pct", "pc", "per cent", "percentage points", "percentage point",
            "basis points", "bps", "bp", "pp", "points",
        ],
        Kind::Percent,
    ),
    (
        &[
            "january", "february", "march", "april", "june", "july", "august", "september",
            "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
            "sep", "sept", "oct", "nov", "dec",
        ],
        Kind::Month,
    ),
    // Fixed phrases that would otherwise trigger a rule.
    (
        &[
            "up to", "set up", "sets up", "setting up", "signed up", "sign up", "team up",
            "teamed up", "teams up", "end up", "ended up", "make up", "makes up", "made up",
            "follow up", "follow-up", "take up", "took up", "taken up", "step down",
            "steps down", "stepped down", "stepping down", "down payment", "break down",
            "broken down", "breakdown", "as well", "as well as", "in line", "in line with",
            "in charge", "free of charge", "record date", "track record", "on record",
            "not only", "but also", "little changed", "unchanged", "before tax", "before taxes",
            "after tax", "after taxes", "in order", "before interest and taxes",
            "before interest and tax", "before interest", "cutting-edge", "cutting edge",
            "trading in", "halted pending", "trading halt", "declined to comment",
            "declines to comment", "declined to disclose", "declined to say",
            "declined to give", "declined to elaborate", "declined to specify",
            "declined to reveal", "declined to name", "by default", "default settings",
            "in order to", "high-quality", "high-end", "high-tech", "high-speed",
            "high-voltage", "high-performance", "low-cost", "low-carbon", "low-income",
            "low-energy", "higher education", "as expected", "up-to-date", "start-up",
            "start-ups", "startup", "startups", "going forward", "cut-off", "high school",
            "fine-tune", "lower-cost", "at least", "same level", "in advance", "follow suit",
            "followed suit", "follows suit", "stock exchange", "stock exchanges", "open-pit",
            "soft drinks", "soft drink", "secured notes", "secured loan", "secured bonds",
            "secured debt", "secured credit", "senior secured", "in turn", "flat", "stable",
            "steady", "held steady", "remained stable",
        ],
        Kind::Neutral,
    ),
    // --- Negation, modifiers, hedges, contrast --------------------------------------------
    (
        &[
            "not", "no", "never", "none", "nor", "neither", "without", "cannot", "can't",
            "won't", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't",
            "hasn't", "haven't", "hadn't", "wouldn't", "shouldn't", "couldn't", "unlikely",
            "no longer", "not yet", "nothing", "lack", "lacks", "lacked",
        ],
        Kind::Neg,
    ),
    (
        &[
            "failed to", "fails to", "fail to", "failing to", "unable to", "failure to",
            "struggled to", "struggles to", "struggling to",
        ],
        Kind::NegPolar(-0.8),
    ),
    (
        &[
            "sharply", "steeply", "dramatically", "extremely", "hugely", "massively", "sharp",
            "steep", "huge", "massive", "dramatic", "soaring",
        ],
        Kind::Mod(1.4),
    ),
    (
        &[
            "significantly", "substantially", "considerably", "markedly", "strongly", "heavily",
            "greatly", "very", "significant", "substantial", "considerable", "marked",
            "double-digit", "remarkably", "exceptionally",
        ],
        Kind::Mod(1.3),
    ),
    (
        &[
            "highly", "clearly", "notably", "well", "much", "far", "big", "biggest",
            "than expected", "than anticipated", "than forecast", "than estimated",
            "than predicted", "than feared", "than analysts expected",
            "than analysts had expected", "than analysts had forecast",
            "than the market expected", "more than", "further", "rapidly", "quickly", "fast",
            "faster", "solidly", "particularly", "especially",
        ],
        Kind::Mod(1.2),
    ),
    (
        &[
            "slightly", "marginally", "slight", "marginal", "a bit", "a little", "barely",
        ],
        Kind::Mod(0.6),
    ),
    (
        &[
            "somewhat", "modestly", "moderately", "partly", "partially", "modest", "moderate",
            "mildly", "mild", "small", "smallish", "limited",
        ],
        Kind::Mod(0.7),
    ),
    (
        &[
            "might", "possibly", "potentially", "perhaps", "if", "rumoured", "rumored",
            "speculation", "speculated",
        ],
        Kind::Hedge(0.7),
    ),
    (
        &[
            "could", "unless", "whether", "reportedly", "reported to",
        ],
        Kind::Hedge(0.75),
    ),
    (&["should", "likely", "probably"], Kind::Hedge(0.9)),
    (
        &[
            "but", "however", "yet", "nevertheless", "nonetheless", "even so",
            "on the other hand",
        ],
        Kind::But,
    ),
    (
        &[
            "although", "though", "even though", "despite", "in spite of", "notwithstanding",
            "even if", "regardless of",
        ],
        Kind::Sub(0.5),
    ),
    (&["while", "whereas", "whilst"], Kind::Sub(0.75)),
    // --- Quantities: more is good ----------------------------------------------------------
    (
        &[
            "profitability", "income", "revenue", "revenues", "sales", "turnover", "ebit",
            "ebitda", "ebita", "eps", "margin", "margins", "result", "results", "intake",
            "backlog", "bookings", "demand", "volume", "volumes", "deliveries", "shipments",
            "production", "output", "capacity", "traffic", "passengers", "passenger",
            "occupancy", "utilization", "utilisation", "shares", "stock", "stocks",
            "share price", "share prices", "stock price", "valuation", "value", "payout",
            "payouts", "cash", "cash flow", "cash flows", "cashflow", "liquidity",
            "equity ratio", "solvency", "assets", "aum", "subscribers", "subscriptions",
            "users", "user", "customers", "customer", "clients", "client", "members",
            "membership", "employees", "jobs", "job", "workforce", "staff", "headcount",
            "personnel", "people", "employment", "workers", "index", "indices", "gdp",
            "exports", "premiums", "returns", "productivity", "efficiency", "performance",
            "competitiveness", "market share", "market shares", "order book", "order books",
            "order backlog", "per share", "savings", "royalties", "reserves", "presence",
            "price", "prices", "pricing", "rating", "ratings", "credit rating",
            "credit ratings", "earnings power", "inflows", "footprint", "visitors", "spending",
            "consumption", "investments", "orders received", "new orders", "money", "economy",
            "business", "businesses", "activity", "activities",
        ],
        good(0.0),
    ),
    // A buyback is good news, and can be suspended.
    (
        &[
            "buyback", "buybacks", "share buyback", "share buybacks", "share repurchase",
            "share repurchases", "repurchase programme", "repurchase program",
            "buyback programme", "buyback program",
        ],
        good(1.2),
    ),
    // Confidence is good news and can fall.
    (
        &[
            "confidence", "consumer confidence", "business confidence", "sentiment",
            "investor sentiment", "market sentiment",
        ],
        good(0.8),
    ),
    // Orders and contracts are new business for the supplier: a weak positive on their own.
    (&["order", "orders", "contract", "contracts"], good(0.3)),
    (
        &[
            "profit", "profits", "earnings", "dividend", "dividends",
        ],
        negatable(),
    ),
    (
        &[
            "guidance", "forecast", "forecasts", "outlook", "outlooks", "target", "targets",
            "estimate", "estimates", "price target", "target price", "price targets",
            "projection", "projections", "view", "expectations", "pt", "pts",
            "price objective",
        ],
        expect_qty(),
    ),
    // profit is also a state ("swung to a profit"); listed here and not above.
    (
        &[
            "operating profit", "net profit", "pretax profit", "pre-tax profit", "net income",
            "net earnings",
        ],
        state(true, 0.0),
    ),
    // --- Quantities: more is bad ----------------------------------------------------------
    (
        &[
            "loss", "losses", "net loss", "operating loss", "pretax loss", "pre-tax loss",
            "net losses", "operating losses",
        ],
        state(false, -1.2),
    ),
    (&["deficit", "deficits"], state(false, -0.8)),
    (
        &[
            "costs", "cost", "expenses", "expense", "expenditure", "expenditures", "debt",
            "debts", "borrowing", "borrowings", "liabilities", "leverage", "gearing",
            "inflation", "taxes", "tax", "claims", "provisions", "provision", "inventories",
            "inventory", "wages", "spreads", "spread", "payables", "overheads", "overhead",
            "interest expenses", "financing costs", "capex", "raw material prices",
            "raw-material prices", "raw material costs", "raw-material costs", "material costs",
            "input costs", "input prices", "fuel prices", "fuel costs", "energy prices",
            "energy costs", "purchase prices", "purchasing prices", "component prices",
            "feedstock costs", "labour costs", "labor costs", "personnel expenses",
            "personnel costs", "wage costs", "freight costs",
        ],
        bad(0.0),
    ),
    (
        &[
            "unemployment", "risk", "risks", "competition", "churn", "absenteeism", "cash burn",
            "burn rate",
        ],
        bad(-0.3),
    ),
    (&["volatility"], bad(-0.2)),
    (
        &[
            "uncertainty", "uncertainties", "dilution", "impairment", "impairments", "arrears",
            "outflows", "pressure", "pressures", "complaints", "downtime",
        ],
        bad(-0.6),
    ),
    (&["charges", "charge"], bad(-0.4)),
    (
        &[
            "writedown", "writedowns", "write-down", "write-downs", "write-off", "write-offs",
            "writeoff", "writeoffs", "defaults", "delinquencies", "bad loans",
            "non-performing loans", "loan losses", "credit losses", "impairment charge",
            "impairment charges", "impairment loss",
        ],
        bad(-1.0),
    ),
    (
        &[
            "layoffs", "lay-offs", "layoff", "lay-off", "redundancies", "job cuts",
            "job losses", "dismissals", "furloughs", "temporary layoffs", "temporary lay-offs",
        ],
        bad(-1.8),
    ),
    (
        &[
            "stake", "stakes", "holding", "holdings", "shareholding", "ownership", "capital",
            "share capital", "rates", "interest rate", "interest rates", "tax rate", "stake in",
            "capital expenditure", "capital spending", "share issue", "rights issue",
            "number of shares", "loan", "loans", "funding",
        ],
        Kind::NeutralObj,
    ),
    // --- Directions ------------------------------------------------------------------------
    (
        &[
            "rise", "rises", "rose", "risen", "rising", "went up", "go up", "goes up",
        ],
        up(1.0, Intrans, 0.4),
    ),
    (
        &[
            "increase", "increased", "increases", "increasing", "grow", "grew", "grown",
            "grows", "growing", "gain", "gained", "gains", "gaining", "expand", "expanded",
            "expands", "expanding", "strengthen", "step up", "stepped up", "steps up",
            "ramp up", "ramped up", "ramping up",
        ],
        up(1.0, Trans, 0.4),
    ),
    (
        &[
            "climb", "climbed", "climbs", "climbing", "advance", "advances", "picked up",
            "pick up", "picks up", "accelerate", "accelerated", "accelerates", "accelerating",
        ],
        up(1.0, Intrans, 0.4),
    ),
    (
        &[
            "jump", "jumped", "jumps", "jumping", "surge", "surged", "surges", "surging",
            "rally", "rallied", "rallies", "rallying", "spike", "spiked", "shot up",
            "shoots up", "leapt", "leaped", "leap", "leaps", "pop", "popped", "pops",
            "popping", "spikes", "spiking",
        ],
        up(1.3, Intrans, 0.5),
    ),
    (
        &[
            "soar", "soared", "soars", "skyrocketed", "rocketed", "zoomed",
            "skyrockets", "skyrocketing",
        ],
        up(1.4, Intrans, 0.5),
    ),
    (
        &[
            "rebound", "rebounded", "rebounds", "rebounding", "recover", "recovers",
            "bounced back", "bounces back",
        ],
        up(1.1, Intrans, 0.6),
    ),
    (
        &[
            "create", "creates", "created", "creating",
        ],
        up(1.0, Trans, 0.0),
    ),
    (
        &[
            "edged up", "edges up", "inched up", "inches up", "crept up", "creeps up",
            "ticked up", "ticks up", "edged higher", "inched higher",
        ],
        up(0.6, Intrans, 0.4),
    ),
    (
        &[
            "widen", "widened", "widens", "widening",
        ],
        up(1.0, Intrans, 0.0),
    ),
    (
        &[
            "double", "doubled", "doubles", "doubling", "triple", "tripled", "tripling",
            "quadrupled",
        ],
        up(1.4, Trans, 0.5),
    ),
    (
        &[
            "raise", "raised", "raises", "raising", "hike", "hiked", "hikes", "upped", "lifted",
            "lift", "lifts", "lifting", "ups",
        ],
        up(1.0, Trans, 0.2),
    ),
    (
        &[
            "boost", "boosted", "boosts", "boosting", "bolster", "bolstered", "bolsters",
            "fuelled", "fueled", "underpinned",
        ],
        up(1.0, Trans, 0.5),
    ),
    (
        &[
            "higher", "larger", "bigger", "greater", "revised upward", "upward", "upwards",
        ],
        up(1.0, Adj, 0.2),
    ),
    (&["stronger"], up(1.0, Adj, 0.6)),
    (&["highest", "largest-ever", "strongest"], up(1.0, Adj, 0.5)),
    (&["high"], up(0.6, Adj, 0.0)),
    (&["up"], up(1.0, Adverb, 0.2)),
    (
        &[
            "growth", "upswing", "upturn", "pick-up", "pickup",
        ],
        up(1.0, Noun, 0.5),
    ),
    (
        &[
            "enhance", "enhanced", "enhances", "enhancing",
        ],
        up(1.0, Trans, 0.4),
    ),
    (
        &[
            "fall", "falls", "fell", "fallen", "falling", "decline", "declined", "declines",
            "declining", "drop", "drops", "dropping", "went down", "go down", "goes down",
            "retreat", "retreated", "retreats", "dwindled", "dwindling",
        ],
        down(1.0, Intrans, 0.4),
    ),
    (&["dropped"], down_resolving(1.0, Intrans, 0.4)),
    (
        &[
            "decrease", "decreased", "decreases", "decreasing", "reduce", "reduced", "reduces",
            "reducing", "shrink", "shrank", "shrunk", "shrinks", "shrinking", "lower",
            "lowered", "lowers", "lowering", "bring down", "brought down", "brings down",
            "scale down", "scaled down", "scaling down", "scale back", "scaled back", "trim",
            "trimmed", "trims", "trimming",
        ],
        down(1.0, Trans, 0.3),
    ),
    (
        &[
            "cut", "cuts", "eliminate", "eliminated", "eliminates",
        ],
        down(1.0, Trans, 0.4),
    ),
    // "cutting tools", "cutting thick plates": alone it is not news.
    (&["cutting"], down(1.0, Trans, 0.0)),
    (
        &[
            "dip", "dipped", "dips", "slip", "slipped", "slips", "slipping", "ease", "eased",
            "eases", "easing", "edged down", "edges down", "inched down", "edged lower",
            "ticked down",
        ],
        down(0.7, Intrans, 0.3),
    ),
    (
        &[
            "slide", "slid", "slides", "sliding", "sink", "sank", "sunk", "sinks", "sinking",
        ],
        down(1.1, Intrans, 0.5),
    ),
    (
        &[
            "tumble", "tumbled", "tumbles", "tumbling", "slump", "slumped", "slumps",
            "slumping", "plunge", "plunged", "plunges", "plunging", "dive", "dived", "dove",
            "nosedived", "tanked", "sank sharply", "nosedive", "nosedives", "nosediving",
            "tanks", "tanking", "cratered", "craters", "cratering",
        ],
        down(1.4, Intrans, 0.6),
    ),
    (
        &[
            "plummet", "plummeted", "plummets", "plummeting", "collapse", "collapsed",
            "collapses", "crashed", "crash", "crashes",
        ],
        down(1.5, Intrans, 0.7),
    ),
    (
        &[
            "narrow", "narrowed", "narrows", "narrowing",
        ],
        down(1.0, Intrans, 0.0),
    ),
    (
        &[
            "dried up", "dry up", "dries up", "drying up",
        ],
        down(1.3, Intrans, 0.6),
    ),
    (
        &[
            "halve", "halved", "halves", "halving", "slash", "slashed", "slashes", "slashing",
        ],
        down(1.3, Trans, 0.5),
    ),
    (
        &[
            "suspend", "suspended", "suspends", "suspending", "scrap", "scrapped", "scraps",
            "scrapping", "abandon", "abandoned", "abandons", "axe", "axed", "axes", "shed",
            "sheds", "shedding", "erase", "erased", "erases", "wipe", "wiped", "wiped out",
            "wipes out", "halt", "halts", "halting", "halted", "freeze", "froze",
        ],
        down(1.0, Trans, 0.5),
    ),
    (
        &[
            "withdraw", "withdrew", "withdrawn", "withdraws", "withdrawing", "pull", "pulled",
        ],
        down_resolving(1.0, Trans, 0.4),
    ),
    (
        &[
            "lose", "lost", "loses", "losing", "hurt", "hurts", "hurting", "erode", "eroded",
            "erodes", "eroding", "dent", "dented", "dents", "denting", "squeeze", "squeezed",
            "squeezes", "squeezing", "weigh on", "weighed on", "weighs on", "weighing on",
            "weighed down", "dragged down", "drag down", "drags down", "dampen", "dampened",
            "dampens", "undermine", "undermined", "undermines", "pressured", "pressuring",
            "impacting",
        ],
        down(1.0, Trans, 0.6),
    ),
    (&["hit", "hits", "hitting"], down(1.0, Syn::Object, 0.0)),
    (
        &[
            "smaller", "revised downward", "downward", "downwards",
        ],
        down(1.0, Adj, 0.2),
    ),
    (&["weaker", "softer"], down(1.0, Adj, 0.6)),
    (&["lowest", "smallest"], down(1.0, Adj, 0.3)),
    (&["low"], down(0.6, Adj, 0.0)),
    (&["fewer"], down(0.6, Adj, 0.0)),
    (&["slower"], down(0.8, Adj, 0.6)),
    (&["down"], down(1.0, Adverb, 0.2)),
    (
        &[
            "reduction", "reductions", "cutback", "cutbacks", "shrinkage", "contraction",
            "downswing",
        ],
        down(1.0, Noun, 0.5),
    ),
    (
        &[
            "swung", "swing", "swings", "swinging", "turned", "turn", "turns", "returned",
            "return", "returning", "moved", "move", "fell into", "slipped into", "plunged into",
            "sank into", "came back", "back",
        ],
        Kind::Toward,
    ),
    (
        &[
            "returns to", "returns into", "swings to", "swings into", "turns to", "moves to",
        ],
        Kind::TowardTo,
    ),
    (
        &[
            "slowed", "slowing", "slows", "slow", "decelerated", "decelerating", "moderated",
            "stalled", "stalling", "stalls", "levelled off", "leveled off", "flattened",
            "faltered", "falters", "faltering", "stagnated", "stagnating", "stagnant",
        ],
        Kind::Slow(-1.0),
    ),
    // --- Earnings language -----------------------------------------------------------------
    (
        &[
            "beat", "beats", "beating", "outstripped", "outstrips",
        ],
        cmp(true, 1.0, 1.2),
    ),
    (
        &[
            "exceeded", "exceed", "exceeds", "exceeding", "surpassed", "surpass", "surpasses",
            "surpassing",
        ],
        cmp(true, 1.0, 0.8),
    ),
    (
        &[
            "topped", "tops", "topping", "above", "ahead", "came in above",
        ],
        cmp(true, 1.0, 0.0),
    ),
    (
        &[
            "missed", "miss", "misses", "missing",
        ],
        cmp(false, 1.0, -1.2),
    ),
    (
        &[
            "fell short", "falls short", "fall short", "falling short", "came in below",
            "short of", "shy of",
        ],
        cmp(false, 1.0, -1.0),
    ),
    (&["below", "behind"], cmp(false, 1.0, 0.0)),
    (
        &[
            "met", "meet", "meets", "meeting", "matched", "match", "reached", "achieved",
        ],
        cmp(true, 0.35, 0.0),
    ),
    (
        &[
            "consensus", "schedule", "budget", "budgeted", "plan", "plans", "level", "levels",
            "anticipated", "predictions", "goal", "goals", "expectation", "benchmark",
            "previous year's level", "last year's level", "market expectations", "expected",
            "estimated", "predicted", "forecasted",
        ],
        Kind::Expect,
    ),
    // --- Events and judgements: good -------------------------------------------------------
    (
        &[
            "upgrade", "upgraded", "upgrades", "upgrading", "all-time high", "record high",
            "record highs", "new high", "52-week high", "multi-year high", "in the black",
            "into the black", "outperform", "outperformed", "outperforms", "outperforming",
        ],
        polar(1.7),
    ),
    (
        &[
            "excellent", "exceptional", "impressive", "outstanding results", "stellar",
            "blowout", "better-than-expected", "stronger-than-expected", "higher-than-expected",
            "above-expected", "record-breaking", "booming", "boom", "breakthrough", "buoyant",
            "robust", "rosy",
        ],
        polar(1.5),
    ),
    (
        &[
            "recovery", "recovered", "recovering", "turnaround", "turned around", "upbeat",
            "optimistic", "optimism", "bullish", "profitable", "profitably", "success",
            "successful", "successfully", "won", "wins", "win", "winning", "awarded",
            "clinched", "secured", "landed", "positive", "strong", "better", "best", "solid",
            "healthy", "good", "favourable", "favorable", "encouraging", "outpaced",
            "outpacing", "outpaces", "overweight", "special dividend", "record profit",
            "record profits", "record sales", "well received", "well-received",
            "add to earnings", "adds to earnings", "added to earnings", "earnings-accretive",
            "prosper", "prospered", "prospering", "selected as", "selected by", "chosen as",
            "chosen by", "picked as", "golden cross",
        ],
        polar(1.2),
    ),
    (
        &[
            "accretive", "debt-free", "satisfactory", "confident", "pleased", "delighted",
            "satisfied", "proud", "momentum", "strength", "upside", "attractive", "thrived",
            "thriving", "benefit", "benefited", "benefits", "benefiting", "benefitted",
            "surplus", "milestone", "welcomed", "welcomes", "rewarded", "promising",
            "resilient", "resilience", "gained momentum", "synergies", "tailwind", "tailwinds",
            "cost savings", "cost-saving", "efficiencies", "lucrative", "approval", "approved",
            "approves", "partnership", "collaboration", "alliance", "primary endpoint",
            "clearance", "authorization", "authorisation",
        ],
        polar(0.8),
    ),
    (
        &[
            "helped", "helping", "helps", "supported", "supporting", "supports", "expansion",
            "opportunity", "opportunities", "launch", "launched", "launches", "innovative",
            "progress", "progressed", "progressing", "welcome", "stable outlook", "efficient",
        ],
        polar(0.35),
    ),
    // Deals and investments: growth for the buyer, but mostly reported as plain fact.
    (
        &[
            "acquire", "acquired", "acquires", "acquisition", "acquisitions", "invest",
            "invests", "invested", "investing", "investment",
        ],
        polar(0.2),
    ),
    (
        &[
            "signed", "signs", "sign", "signing", "received", "receives", "receive",
            "receiving", "booked", "books",
        ],
        Kind::Gets(0.9),
    ),
    // A change for the better or worse of whatever it applies to: as strong as a quantity
    // that moved ("profitability improved" ≈ "profit rose").
    (
        &[
            "improve", "improved", "improves", "improving", "improvement", "improvements",
            "strengthened", "strengthens", "strengthening",
        ],
        polar(1.5),
    ),
    (
        &[
            "weakened", "weakens", "weakening", "deteriorated", "deteriorate", "deteriorates",
            "deteriorating", "deterioration", "worsened", "worsen", "worsens", "worsening",
        ],
        polar(-1.5),
    ),
    // --- Events and judgements: bad --------------------------------------------------------
    (
        &[
            "bankruptcy", "bankrupt", "bankruptcies", "insolvency", "insolvent", "chapter 11",
            "receivership", "profit warning", "profit warnings", "going concern", "fraud",
            "fraudulent", "scandal", "default on", "defaulted", "all-time low", "record low",
            "record lows", "new low", "52-week low", "multi-year low", "into the red",
            "in the red",
        ],
        polar(-2.0),
    ),
    (
        &[
            "downgrade", "downgraded", "downgrades", "downgrading", "underperform",
            "underperformed", "underperforms", "underperforming", "underweight", "worst",
            "disastrous", "dismal", "dire", "grim", "crisis", "crises", "recession", "turmoil",
            "liquidation", "delisting", "delisted", "loss-making", "lossmaking", "unprofitable",
            "worse-than-expected", "weaker-than-expected", "lower-than-expected",
            "disappointing", "disappointed", "disappointment", "disappoints", "disappoint",
            "sell-off", "selloff", "selling off", "downbeat", "bleeding", "hemorrhaging",
            "cash crunch", "death cross", "bearish engulfing",
        ],
        polar(-1.5),
    ),
    (
        &[
            "weak", "weakness", "worse", "poor", "poorly", "bad", "negative", "negatively",
            "adverse", "adversely", "unfavourable", "unfavorable", "sluggish", "downturn",
            "bearish", "pessimistic", "pessimism", "shortfall", "shortfalls", "warning",
            "warned", "warns", "warn", "cautioned", "failure", "failed", "fails", "fail",
            "problem", "problems", "problematic", "difficulties", "difficulty", "difficult",
            "troubled", "trouble", "troubles", "struggle", "struggled", "struggles",
            "struggling", "shortage", "shortages", "disruption", "disruptions", "disrupted",
            "closure", "closures", "shutdown", "shutdowns", "shut down", "shuts down",
            "close down", "closed down", "closing down", "cancelled", "canceled",
            "cancellation", "cancellations", "restructuring charges", "outage", "outages",
            "breach", "breached", "breaching", "hack", "hacked", "cyberattack", "damages",
            "damage", "damaged", "headwinds", "headwind", "hit by", "hurt by", "fallout",
            "slowdown", "stagnation", "strike", "strikes", "walkout", "on strike",
            "overcapacity", "oversupply", "glut", "dispute", "disputes", "faulty", "defective",
            "defect", "defects", "under pressure", "setback", "setbacks", "unsatisfactory",
            "dismissal",
            "jeopardy", "downsizing", "downsize", "downsized", "downsizes", "distress",
            "distressed", "erosion", "underfunded", "default", "contamination", "contaminated",
            "accident", "accidents", "explosion", "leak", "leaks", "spill", "lagged", "lags",
            "lagging", "laggard", "jeopardise", "jeopardize", "threat", "threats", "threatened",
            "threatens", "lost out",
        ],
        polar(-1.2),
    ),
    (
        &[
            "restructuring", "concern", "concerns", "concerned", "worries", "worry", "worried",
            "fears", "fear", "feared", "delay", "delays", "delayed", "delaying", "uncertain",
            "volatile", "cautious", "caution", "challenging", "challenges", "tough", "soft",
            "softness", "terminated", "termination", "resigned", "resignation", "ousted",
            "exodus", "departures", "skepticism", "scepticism", "doubt", "doubts", "doubtful",
            "lukewarm", "tepid", "subdued", "muted", "risky", "vulnerable", "exposed", "costly",
            "expensive", "burden", "burdened", "layoff notices", "idled", "curtailed",
            "curtailment", "diminished", "instability", "obstacle", "obstacles", "hurdle",
            "hurdles", "penalised", "drain", "strained", "strain", "inflationary", "dilutive",
            "write down", "wrote down", "writing down", "written down", "postponed", "postpone",
            "postpones", "postponing", "deferred", "defers", "inadequate", "insufficient",
            "bottleneck", "bottlenecks", "overdue", "hostile",
        ],
        polar(-0.8),
    ),
    // Legal and regulatory trouble: negative, undone by "dismissed", "dropped", "settled".
    (
        &[
            "lawsuit", "lawsuits", "suit", "sued", "sues", "sue", "suing", "litigation",
            "class action", "class-action", "probe", "probes", "probing", "investigation",
            "investigations", "investigated", "investigating", "inquiry", "subpoena",
            "subpoenaed", "indicted", "indictment", "charged with", "criminal charges",
            "allegations", "allegation", "alleged", "alleges", "allegedly", "accused",
            "misconduct", "wrongdoing", "bribery", "corruption", "embezzlement", "fined",
            "fine of", "fines", "penalty", "penalties", "sanctions", "sanctioned", "violation",
            "violations", "violated", "infringement", "infringed", "price fixing",
            "price-fixing", "cartel", "antitrust", "recall", "recalls", "recalled", "recalling",
            "raided", "raid", "suspected", "complaint", "injunction",
        ],
        legal(-1.2),
    ),
    (
        &[
            "dismissed", "dismisses", "dismiss", "overturned", "overturns", "settled",
            "settles", "settle", "resolved", "resolves", "acquitted", "cleared", "exonerated",
            "rejected", "rejects", "thrown out", "closed the investigation",
        ],
        Kind::Resolve,
    ),
    (
        &[
            "avoid", "avoided", "avoids", "avoiding", "avert", "averted", "averts", "prevent",
            "prevented", "prevents", "staved off", "ward off", "warded off",
        ],
        Kind::Avert,
    ),
    // Record: praise, or the size of a bad thing ("record loss").
    (&["record", "record-high"], Kind::Record),
    // Facilities and what happens to them.
    (
        &[
            "plant", "plants", "factory", "factories", "mill", "mills", "sawmill", "sawmills",
            "mine", "mines", "smelter", "refinery", "refineries", "store", "stores", "shop",
            "shops", "outlet", "outlets", "branch", "branches", "office", "offices", "site",
            "sites", "facility", "facilities", "production line", "production lines",
            "warehouse", "warehouses", "restaurants", "hotel", "hotels", "operations",
            "paper machine", "line",
        ],
        Kind::Facility,
    ),
    (
        &[
            "close", "closes", "closed", "closing", "shut", "shuts", "shutting", "mothball",
            "mothballed", "idle",
        ],
        Kind::Shut(-1.2),
    ),
    (&["open", "opens", "opened", "opening"], Kind::Shut(0.4)),
    // Job language that reads as layoffs.
    (
        &[
            "lay off", "laid off", "lays off", "laying off", "cut jobs", "cutting jobs",
            "cuts jobs", "co-operation negotiations", "cooperation negotiations",
            "change negotiations", "codetermination negotiations", "personnel negotiations",
            "employee negotiations", "redundancy", "made redundant", "furloughed", "furlough",
        ],
        polar(-1.8),
    ),
    (
        &[
            "hire", "hires", "hired", "hiring", "recruit", "recruits", "recruited",
        ],
        polar(0.5),
    ),
];

type FxBuild = BuildHasherDefault<FxHasher>;

/// A small, fast, deterministic string hasher (the multiply-rotate scheme of rustc's
/// FxHash). Lexicon keys are fixed, so resistance to crafted collisions is not needed and
/// the default SipHash would cost more than the rest of a lookup.
#[derive(Default)]
pub(crate) struct FxHasher(u64);

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type Map = HashMap<Box<str>, Entry, FxBuild>;

/// Analyst recommendations by level, for "raised to accumulate from reduce".
static RATINGS: &[(&str, i8)] = &[
    ("strong buy", 3),
    ("buy", 2),
    ("accumulate", 1),
    ("add", 1),
    ("outperform", 1),
    ("overweight", 1),
    ("hold", 0),
    ("neutral", 0),
    ("market perform", 0),
    ("sector perform", 0),
    ("equal-weight", 0),
    ("equal weight", 0),
    ("reduce", -1),
    ("underweight", -1),
    ("underperform", -1),
    ("sell", -2),
    ("strong sell", -3),
];

fn insert(map: &mut Map, key: &str, kind: Kind) {
    let n_words = key.split(' ').count();
    if n_words > 1 {
        let first = key.split(' ').next().unwrap_or(key);
        let e = map.entry(first.into()).or_insert(Entry {
            kind: None,
            max_phrase: 1,
        });
        e.max_phrase = e.max_phrase.max(n_words as u8);
    }
    let e = map.entry(key.into()).or_insert(Entry {
        kind: None,
        max_phrase: 1,
    });
    e.kind = Some(kind);
}

fn build() -> Map {
    let mut map: Map = HashMap::with_capacity_and_hasher(4096, FxBuild::default());
    for (words, kind) in GROUPS {
        for &key in *words {
            insert(&mut map, key, *kind);
        }
    }
    // A recommendation change: "to accumulate from reduce", "from hold to sell".
    for &(new, a) in RATINGS {
        for &(old, b) in RATINGS {
            if a != b {
                let v = if a > b { 1.5 } else { -1.5 };
                insert(&mut map, &format!("to {new} from {old}"), Kind::Polar(v));
                insert(&mut map, &format!("from {old} to {new}"), Kind::Polar(v));
            }
        }
    }
    map
}

/// The lexicon, built once per process.
pub(crate) fn map() -> &'static Map {
    static MAP: OnceLock<Map> = OnceLock::new();
    MAP.get_or_init(build)
}

/// Every key with the number of groups listing it (for the duplicate test).
#[cfg(test)]
pub(crate) fn key_counts() -> HashMap<&'static str, usize> {
    let mut counts = HashMap::new();
    for (words, _) in GROUPS {
        for &key in *words {
            *counts.entry(key).or_insert(0) += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_accidental_duplicate_keys() {
        let mut dups: Vec<&str> = key_counts()
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|(k, _)| k)
            .collect();
        dups.sort_unstable();
        assert!(dups.is_empty(), "listed in two groups: {dups:?}");
    }

    #[test]
    fn keys_are_lower_case_and_trimmed() {
        for (words, _) in GROUPS {
            for &key in *words {
                assert_eq!(key, key.to_lowercase(), "{key}");
                assert_eq!(key, key.trim(), "{key}");
                assert!(!key.contains("  "), "{key}");
            }
        }
    }

    #[test]
    fn finance_neutral_words_are_not_negative() {
        let m = map();
        for w in [
            "liability",
            "liabilities",
            "tax",
            "share",
            "vice",
            "crude",
            "capital",
        ] {
            let k = m.get(w).and_then(|e| e.kind);
            let negative = matches!(k, Some(Kind::Polar(v)) | Some(Kind::Legal(v)) if v < 0.0)
                || matches!(k, Some(Kind::Qty(q)) if q.base < 0.0);
            assert!(!negative, "{w} is negative: {k:?}");
        }
    }

    #[test]
    fn phrase_starters_know_their_length() {
        let m = map();
        assert!(m["lay"].max_phrase >= 2);
        assert!(m["in"].max_phrase >= 3);
        assert!(matches!(m["lay off"].kind, Some(Kind::Polar(v)) if v < 0.0));
        assert!(matches!(m["to buy from hold"].kind, Some(Kind::Polar(v)) if v > 0.0));
        assert!(m["to"].max_phrase >= 5); // "to market perform from strong buy"
    }
}
