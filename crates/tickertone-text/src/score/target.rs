//! Roles of the company scored in a sentence that names several: who overtakes whom, who
//! sells a stake in whom, who wins a contract and who awards it, who sues whom, which
//! broker rates which company.
//!
//! The learned model sees the company as the word `_tgt_` and learns from the words around
//! it, but the public training data has few sentences about two companies at once, so
//! these rules, read on the same words, settle the clearest roles:
//!
//! | role | example (target in italics) | effect |
//! | --- | --- | --- |
//! | overtaken | "Nvidia overtakes *Apple*" | at most −0.40 |
//! | stake sold | "sold its entire stake in *Super Micro*" | at most −0.40 |
//! | stake bought | "Pershing Square raises stake in *Agilent*" | at least +0.35 |
//! | sued or charged | "SEC charges *Tesla*" | at most −0.40 |
//! | awarder | "Broadcom selected as vendor for *Walmart*" | × 0.2 |
//! | broker | "*Craig-Hallum* initiates coverage on X at Buy" | × 0.2 |

use super::learned::FeatScratch;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetRole {
    Overtakes,
    Overtaken,
    StakeSold,
    StakeBought,
    Sued,
    Awarder,
    Broker,
}

const OVERTAKE: &[&str] = &[
    "overtakes",
    "overtook",
    "overtake",
    "overtaking",
    "surpasses",
    "surpassed",
    "surpass",
    "dethrones",
    "dethroned",
    "outpaces",
    "outpaced",
    "outperforms",
    "outperformed",
    "eclipses",
    "eclipsed",
    "leapfrogs",
    "leapfrogged",
    "unseats",
    "unseated",
    "passes",
    "topples",
    "toppled",
    "beats",
    "tops",
];
const SELL: &[&str] = &[
    "sold",
    "sells",
    "sell",
    "selling",
    "dumped",
    "dumps",
    "dump",
    "dumping",
    "exited",
    "exits",
    "exit",
    "unloaded",
    "unloads",
    "trimmed",
    "trims",
    "slashed",
    "slashes",
    "shed",
    "sheds",
    "offloads",
    "offloaded",
    "liquidated",
    "ditched",
    "ditches",
    "dropped",
    "reduced",
    "reduces",
    "cut",
    "cuts",
];
const BUY: &[&str] = &[
    "bought",
    "buys",
    "buying",
    "added",
    "adds",
    "raised",
    "raises",
    "increased",
    "increases",
    "boosted",
    "boosts",
    "piled",
    "piles",
    "loaded",
    "took",
    "takes",
    "initiated",
    "opened",
    "builds",
    "built",
    "new",
];
const EXPECTATION: &[&str] = &[
    "estimates",
    "estimate",
    "expectations",
    "views",
    "forecasts",
    "consensus",
    "est",
];
const HOLDING: &[&str] = &[
    "stake", "stakes", "shares", "position", "holdings", "holding", "into", "in",
];
const SUE: &[&str] = &[
    "sues",
    "sued",
    "suing",
    "sue",
    "accuses",
    "accused",
    "charges",
    "charged",
    "probes",
    "fines",
    "fined",
    "penalizes",
    "penalises",
    "investigates",
    "investigating",
    "subpoenas",
];
const AWARD: &[&str] = &[
    "selected",
    "selects",
    "chosen",
    "chooses",
    "picked",
    "picks",
    "taps",
    "tapped",
    "awarded",
    "awards",
    "wins",
    "won",
    "secures",
    "secured",
    "lands",
    "landed",
    "contract",
    "deal",
    "order",
    "vendor",
    "supplier",
    "partner",
    "agreement",
    "supply",
    "supplies",
    "provider",
    "provide",
    "provides",
    "deliver",
    "delivers",
    "hired",
    "hires",
];
const AWARD_PREP: &[&str] = &["for", "by", "from", "with", "to"];
const BROKER_VERB: &[&str] = &[
    "upgrades",
    "downgrades",
    "initiates",
    "reiterates",
    "maintains",
    "raises",
    "lowers",
    "cuts",
    "boosts",
    "starts",
    "resumes",
    "assumes",
    "reinstates",
    "trims",
    "hikes",
    "upgraded",
    "downgraded",
    "initiated",
    "reiterated",
    "maintained",
    "says",
    "sees",
];
const RATING: &[&str] = &[
    "buy",
    "sell",
    "hold",
    "neutral",
    "overweight",
    "underweight",
    "outperform",
    "underperform",
    "target",
    "pt",
    "coverage",
    "rating",
    "perform",
    "equal",
    "weight",
    "accumulate",
    "reduce",
];

impl TargetRole {
    /// The sentence score once the role is applied.
    pub fn apply(self, s: f64) -> f64 {
        match self {
            TargetRole::Overtaken | TargetRole::StakeSold | TargetRole::Sued => s.min(-0.4),
            TargetRole::StakeBought => s.max(0.35),
            TargetRole::Overtakes => s.max(0.4),
            TargetRole::Awarder | TargetRole::Broker => s * 0.2,
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            TargetRole::Overtakes => "overtakes or beats another company (score at least +0.40)",
            TargetRole::Overtaken => "overtaken or beaten by another company (score at most −0.40)",
            TargetRole::StakeSold => "an investor sold its stake (score at most −0.40)",
            TargetRole::StakeBought => "an investor bought a stake (score at least +0.35)",
            TargetRole::Sued => "sued, charged or investigated (score at most −0.40)",
            TargetRole::Awarder => "awards the contract another company wins (score × 0.2)",
            TargetRole::Broker => "the broker rating another company (score × 0.2)",
        }
    }
}

fn is(w: &str, set: &[&str]) -> bool {
    set.contains(&w)
}

/// The role of `_tgt_` in the words cut last, if a rule knows it.
pub(crate) fn role(f: &FeatScratch) -> Option<TargetRole> {
    let n = f.words.len();
    let w = |i: usize| f.word_text(i);
    let targets: Vec<usize> = (0..n)
        .filter(|&i| w(i) == super::learned::features::TARGET)
        .collect();
    let first = *targets.first()?;
    // Words before the target, in its clause, nearest first.
    let before = |t: usize, max: usize| {
        let mut out = Vec::new();
        let mut i = t;
        while i > 0 && t - i < max {
            if f.words[i].boundary {
                break;
            }
            i -= 1;
            out.push(i);
        }
        out
    };
    for &t in &targets {
        let near = before(t, 3);
        // The verb's object is the target: no expectation word between them or after it
        // ("beats estimates. Apple …", "beats Apple's estimates" are no overtaking).
        let overtaken = near
            .iter()
            .any(|&v| is(w(v), OVERTAKE) && !(v + 1..t).any(|i| is(w(i), EXPECTATION)))
            && !next_is(f, t, EXPECTATION);
        if overtaken {
            return Some(TargetRole::Overtaken);
        }
        if near.iter().any(|&i| is(w(i), SUE)) {
            return Some(TargetRole::Sued);
        }
        // "sold its entire stake in _tgt_", "dumps _tgt_ shares".
        let wide = before(t, 7);
        let holding = wide.iter().take(4).any(|&i| is(w(i), HOLDING))
            || next_is(f, t, &["stake", "shares", "stock", "position"]);
        let direct = t > 0 && !f.words[t].boundary;
        if let Some(&v) = wide.iter().find(|&&i| is(w(i), SELL) || is(w(i), BUY)) {
            let adjacent = direct && v + 1 == t;
            if holding || adjacent {
                if is(w(v), SELL) {
                    return Some(TargetRole::StakeSold);
                }
                if holding {
                    return Some(TargetRole::StakeBought);
                }
            }
        }
        // "selected as vendor for _tgt_": another company wins what the target awards.
        let awarded = t > 0
            && t != first_word(f)
            && is(w(t - 1), AWARD_PREP)
            && !f.words[t].boundary
            && (0..t - 1).any(|i| is(w(i), AWARD));
        if awarded {
            return Some(TargetRole::Awarder);
        }
    }
    // "_tgt_ … overtakes Apple": the target is the one that overtakes.
    let overtakes = (first + 1..n).find(|&i| is(w(i), OVERTAKE));
    if let Some(v) = overtakes {
        let estimates = v + 1 < n && is(w(v + 1), EXPECTATION);
        let object = v + 1 < n && w(v + 1) != super::learned::features::TARGET;
        if !estimates && object {
            return Some(TargetRole::Overtakes);
        }
    }
    // "Citigroup upgraded the stock to Buy": the target is the broker.
    for &t in &targets {
        // "Aaron's Upgraded to Buy", "X Initiated at Buy": the target is the one rated.
        let rated = t + 2 < n && matches!(w(t + 2), "to" | "at");
        if t + 1 < n
            && !rated
            && is(w(t + 1), BROKER_VERB)
            && (t + 2..n).any(|i| is(w(i), RATING))
            && (t + 2..n).all(|i| w(i) != super::learned::features::TARGET)
        {
            let object = (t + 2..n.min(t + 5)).any(|i| {
                !is(w(i), RATING)
                    && !matches!(
                        w(i),
                        "to" | "on" | "at" | "its" | "price" | "the" | "a" | "<money>"
                    )
            }) || (t + 2..n.min(t + 5)).any(|i| matches!(w(i), "stock" | "shares"));
            if object {
                return Some(TargetRole::Broker);
            }
        }
    }
    // "_tgt_ selects Broadcom": the target awards what another wins.
    if first == first_word(f) && first + 1 < n {
        let v = w(first + 1);
        if matches!(
            v,
            "selects" | "chooses" | "picks" | "taps" | "awards" | "hires"
        ) {
            return Some(TargetRole::Awarder);
        }
    }
    None
}

/// The position of the first word, skipping a leading cashtag list or source tag.
fn first_word(f: &FeatScratch) -> usize {
    let mut i = 0;
    while i < f.words.len() && matches!(f.word_text(i), "<cashtag>" | "update" | "hearing") {
        i += 1;
    }
    i
}

fn next_is(f: &FeatScratch, t: usize, set: &[&str]) -> bool {
    t + 1 < f.words.len() && !f.words[t + 1].boundary && is(f.word_text(t + 1), set)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role_of(s: &str, name: &str) -> Option<TargetRole> {
        let spans: Vec<(usize, usize)> = s
            .match_indices(name)
            .map(|(at, _)| (at, at + name.len()))
            .collect();
        assert!(!spans.is_empty(), "the name is in the sentence");
        let mut f = FeatScratch::default();
        f.words(s, &spans);
        role(&f)
    }

    #[test]
    fn roles_in_the_issue_examples() {
        assert_eq!(
            role_of("Nvidia stock crosses $3 trillion, overtakes Apple", "Apple"),
            Some(TargetRole::Overtaken)
        );
        assert_eq!(
            role_of(
                "Nvidia stock crosses $3 trillion, overtakes Apple",
                "Nvidia"
            ),
            Some(TargetRole::Overtakes)
        );
        assert_eq!(
            role_of(
                "Broadcom Selected as Strategic Vendor by Leading Retailer for Walmart",
                "Walmart"
            ),
            Some(TargetRole::Awarder)
        );
        assert_eq!(
            role_of(
                "Billionaire Philippe Laffont Sold Coatue's Entire Stake in Super Micro Computer and Piled Into This AI Goliath",
                "Super Micro Computer"
            ),
            Some(TargetRole::StakeSold)
        );
        assert_eq!(
            role_of(
                "Craig-Hallum Initiates Coverage on Applied Optoelectronics at Buy",
                "Craig-Hallum"
            ),
            Some(TargetRole::Broker)
        );
        assert_eq!(
            role_of(
                "Craig-Hallum Initiates Coverage on Applied Optoelectronics at Buy",
                "Applied Optoelectronics"
            ),
            None
        );
    }

    #[test]
    fn other_roles() {
        assert_eq!(
            role_of("SEC charges Tesla over tweets", "Tesla"),
            Some(TargetRole::Sued)
        );
        assert_eq!(role_of("Tesla sues a former employee", "Tesla"), None);
        assert_eq!(
            role_of("Pershing Square raises stake in Agilent", "Agilent"),
            Some(TargetRole::StakeBought)
        );
        assert_eq!(
            role_of("Walmart selects Broadcom as vendor", "Walmart"),
            Some(TargetRole::Awarder)
        );
        assert_eq!(role_of("Apple beats estimates", "Apple"), None);
        assert_eq!(role_of("Sales at Apple beat estimates", "Apple"), None);
        assert_eq!(role_of("Apple raises its dividend", "Apple"), None);
        assert_eq!(
            role_of(
                "AbbVie shares are trading higher after Citigroup upgraded the stock from Neutral to Buy.",
                "Citigroup"
            ),
            Some(TargetRole::Broker)
        );
        assert_eq!(
            role_of(
                "UPDATE: Bank Of America Initiates Aaron's With Buy",
                "Bank Of America"
            ),
            Some(TargetRole::Broker)
        );
        assert_eq!(role_of("Apple tops estimates", "Apple"), None);
        assert_eq!(
            role_of("Aaron's Upgraded to Long-term Buy (AAN)", "Aaron's"),
            None
        );
        assert_eq!(
            role_of("Apple beats estimates. Apple raised its guidance.", "Apple"),
            None
        );
    }
}
