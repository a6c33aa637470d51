//! The roles in which a headline names a company without being about it: a person's
//! employer, the firm giving an opinion, the yardstick of a comparison or an implication,
//! part of another entity's name. Each is read from the few words around the name.

/// How a headline names a company it is not about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// "Apple CEO Tim Cook", "Former Apple Exec", "Tesla, Apple Veteran".
    Employer,
    /// "Morgan Stanley Maintains Buy on Apple", "…, Oppenheimer Says", "…: BofA".
    OpinionSource,
    /// "Cheaper Than Apple", "Overtakes Apple", "What It Means for Intel", "Missed Out on
    /// Eli Lilly?".
    Yardstick,
    /// "Schwab U.S. Large-Cap ETF", "Invesco QQQ", "Apple Supplier TSMC".
    PartOfAnotherName,
}

impl Role {
    /// The role in which `text` names a company at `start..end` (see [`role`]).
    pub fn of(text: &str, start: usize, end: usize, firm: bool, others: bool) -> Option<Role> {
        role(text, start, end, firm, others)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Role::Employer => "as a person's employer",
            Role::OpinionSource => "as the firm giving the opinion",
            Role::Yardstick => "as the yardstick of a comparison or an implication",
            Role::PartOfAnotherName => "as part of another entity's name",
        })
    }
}

/// Words after a name that make it a past employer, whatever else the headline names.
#[rustfmt::skip]
const PAST_PERSON_AFTER: &[&str] = &["Veteran", "Alum", "Alumnus", "Designer", "Co-Founder", "Cofounder"];

/// Words after a name that make it a person's employer when the headline's story is
/// another company's.
#[rustfmt::skip]
const PERSON_AFTER: &[&str] = &[
    "CEO",
    "Chief",
    "Exec",
    "Executive",
    "Executives",
    "Veteran",
    "Designer",
    "Alum",
    "Co-Founder",
    "Cofounder",
    "Founder",
    "Chairman",
    "Chairwoman",
    "President",
    "Engineer",
    "Insider",
    "Director",
    "Boss",
    "Head",
    "Board",
    "Employee",
    "Employees",
    "Staff",
];

/// Words after a name that make it a supplier's or a rival's descriptor.
#[rustfmt::skip]
const DESCRIPTOR_AFTER: &[&str] = &[
    "Supplier", "Suppliers", "Rival", "Rivals", "Peer", "Peers", "Competitor", "Maker",
    "Makers", "Assembler",
];

/// Words after a firm's name that make it the source of an opinion. (Not "Raises" or
/// "Cuts": a bank raises its own dividend and cuts its own jobs.)
#[rustfmt::skip]
const OPINION_AFTER: &[&str] = &[
    "Says", "Said", "Sees", "Expects", "Predicts", "Analyst", "Analysts", "Strategist",
    "Strategists", "Maintains", "Upgrades", "Downgrades", "Initiates", "Reiterates", "Assumes",
    "Resumes", "Reinstates", "with",
];

/// Words before a name that make it the yardstick of a comparison or an implication.
const YARDSTICK_BEFORE: &[&[&str]] = &[
    &["Than"],
    &["Like"],
    &["Beyond"],
    &["Join"],
    &["Joining"],
    &["Crushing"],
    &["Trump"],
    &["Tops"],
    &["Topping"],
    &["Overtakes"],
    &["Overtook"],
    &["Overtaking"],
    &["Over"],
    &["Goes", "From"],
    &["Battling"],
    &["Former"],
    &["Means", "for"],
    &["News", "for"],
    &["Impact", "on"],
    &["Implications", "for"],
    &["According", "to"],
    &["Missed", "Out", "on"],
];

/// Words after a name that make it part of a fund's or another entity's name.
#[rustfmt::skip]
const ENTITY_AFTER: &[&str] = &[
    "Partners",
    "Foundation",
    "Hospitality",
    "REIT",
    "Trust",
    "Fund",
    "Funds",
    "ETF",
    "ETFs",
    "Hathaway-Backed",
];

/// The role in which `headline` names a company at `start..end`, if it names it in one
/// (`None`: in its own right). `firm`: the company is a bank, broker or law firm.
/// `others`: the headline names another company in its own right (a person's employer is
/// then not the story: "Apple CEO Tim Cook Buys Nike Stock", but "Apple CEO Writes To
/// Employees" is Apple's).
pub fn role(headline: &str, start: usize, end: usize, firm: bool, others: bool) -> Option<Role> {
    let before = words_before(&headline[..start]);
    let after_text = headline[end..].trim_start_matches(['\'', '’', 's']);
    let (words, count) = words_after(after_text);
    let possessive = headline[end..].starts_with("'s") || headline[end..].starts_with("’s");
    let raw_first = words[0];
    let skipped = words[..count]
        .iter()
        .take_while(|w| {
            is_one_of(w, LEGAL_FORMS) || (is_ticker_like(w) && !is_one_of(w, PERSON_AFTER))
        })
        .count();
    let after: &[&str] = &words[skipped..count];
    let first_after = after.first().copied().unwrap_or("");
    if before.last().is_some_and(|w| *w == "Ex-" || *w == "Ex")
        || headline[..start].ends_with("Ex-")
    {
        return Some(Role::Employer);
    }
    let past_role = is_one_of(first_after, PAST_PERSON_AFTER);
    let person = is_one_of(first_after, PERSON_AFTER) || (possessive && is_first_name(first_after));
    if past_role || (person && others) {
        return Some(Role::Employer);
    }
    let second_after = after.get(1).copied().unwrap_or("");
    let descriptor = is_one_of(first_after, DESCRIPTOR_AFTER)
        || (is_one_of(
            first_after,
            &["Top", "Key", "Main", "Largest", "Biggest", "Chassis"],
        ) && is_one_of(second_after, DESCRIPTOR_AFTER));
    if descriptor {
        return Some(Role::PartOfAnotherName);
    }
    if firm && is_opinion_source(headline, start, after) {
        return Some(Role::OpinionSource);
    }
    for phrase in YARDSTICK_BEFORE {
        let n = phrase.len();
        let tail = &before[before.len().saturating_sub(n)..];
        if tail.len() == n
            && tail
                .iter()
                .zip(*phrase)
                .all(|(w, p)| w.eq_ignore_ascii_case(p))
        {
            return Some(Role::Yardstick);
        }
    }
    // A fund or another entity: "ETF" or the like within the name's run of capitalised
    // words ("Goldman Sachs ActiveBeta U.S. Large Cap Equity ETF"), or a product ticker
    // right after it ("Invesco QQQ").
    let in_run = after
        .iter()
        .take_while(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
        .any(|w| ENTITY_AFTER.contains(w));
    if in_run {
        return Some(Role::PartOfAnotherName);
    }
    if firm && is_fund_ticker(raw_first) && !after_text.trim_start().starts_with('(') {
        return Some(Role::PartOfAnotherName);
    }
    None
}

/// The role of each of `sightings` (in `text`, in order of position): each read from
/// the words around it, then carried along a list ("Join Nvidia, Apple, and Microsoft",
/// "Tesla, Apple Veteran"), where two names are parted by nothing but a comma or "and".
pub fn roles_in(
    text: &str,
    sightings: &[&super::Sighting],
    firm: impl Fn(usize) -> bool,
    others: bool,
) -> Vec<Option<Role>> {
    let mut roles: Vec<Option<Role>> = sightings
        .iter()
        .map(|s| role(text, s.start, s.end, firm(s.company), others))
        .collect();
    let listed = |a: &super::Sighting, b: &super::Sighting| listed(text, a, b);
    for i in 1..sightings.len() {
        if roles[i].is_none() && roles[i - 1].is_some() && listed(sightings[i - 1], sightings[i]) {
            roles[i] = roles[i - 1];
        }
    }
    for i in (0..sightings.len().saturating_sub(1)).rev() {
        let employer = roles[i + 1] == Some(Role::Employer);
        if roles[i].is_none() && employer && listed(sightings[i], sightings[i + 1]) {
            roles[i] = roles[i + 1];
        }
    }
    roles
}

/// Whether `text` names `b` right after `a` in a list: parted by nothing but a comma,
/// "and", "&" or "or".
pub fn listed(text: &str, a: &super::Sighting, b: &super::Sighting) -> bool {
    let between = text.get(a.end..b.start).unwrap_or("x").trim();
    let between = between.trim_start_matches(',').trim();
    let between = between.strip_prefix("and ").unwrap_or(between).trim();
    between.is_empty() || between == "and" || between == "&" || between == "or"
}

/// Words that end a company's legal name, skipped when reading what follows it.
#[rustfmt::skip]
const LEGAL_FORMS: &[&str] = &[
    "Inc", "Inc.", "Corp", "Corp.", "Corporation", "Co", "Co.", "Ltd", "Ltd.", "plc", "PLC",
    "SA", "AG", "NV", "Holdings", "Group",
];

/// A ticker written after a name ("Apple Inc. AAPL supplier").
fn is_ticker_like(word: &str) -> bool {
    (1..=5).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_uppercase())
}

/// Whether `word` is a common English first name: "Apple's Tim Cook" names a person.
fn is_first_name(word: &str) -> bool {
    FIRST_NAMES.contains(&word)
}

#[rustfmt::skip]
const FIRST_NAMES: &[&str] = &[
    "Tim", "Elon", "Jeff", "Warren", "Mark", "Satya", "Sundar", "Jensen", "Andy", "Lisa",
    "Pat", "Jamie", "Bill", "Steve", "Larry", "Sergey", "Jack", "Bob", "Mary", "Doug",
    "David", "John", "James", "Michael", "Robert", "William", "Richard", "Thomas", "Charles",
    "Daniel", "Matthew", "Anthony", "Donald", "Paul", "Kevin", "Brian", "George", "Edward",
    "Ronald", "Jason", "Ryan", "Jacob", "Gary", "Eric", "Stephen", "Jonathan", "Scott",
    "Brandon", "Benjamin", "Samuel", "Gregory", "Frank", "Alexander", "Raymond", "Patrick",
    "Dennis", "Jerry", "Tyler", "Aaron", "Jose", "Adam", "Henry", "Nathan", "Peter", "Kyle",
    "Noah", "Ethan", "Jeremy", "Walter", "Keith", "Roger", "Terry", "Sean", "Austin", "Carl",
    "Arthur", "Lawrence", "Dylan", "Jesse", "Jordan", "Bryan", "Billy", "Joe", "Bruce",
    "Alan", "Juan", "Wayne", "Randy", "Roy", "Vincent", "Ralph", "Russell", "Philip", "Louis",
    "Susan", "Jessica", "Sarah", "Karen", "Nancy", "Margaret", "Sandra", "Ashley", "Emily",
    "Donna", "Michelle", "Carol", "Amanda", "Melissa", "Rebecca", "Sharon", "Laura",
    "Cynthia", "Kathleen", "Amy", "Angela", "Anna", "Brenda", "Pamela", "Emma", "Nicole",
    "Helen", "Samantha", "Katherine", "Christine", "Rachel", "Janet", "Catherine", "Maria",
    "Heather", "Diane", "Julie", "Olivia", "Victoria", "Kelly", "Lauren", "Christina",
    "Megan", "Andrea", "Hannah", "Jacqueline", "Teresa", "Ann", "Sara", "Alice", "Sophia",
    "Grace", "Natalie", "Charlotte", "Marie", "Cathie", "Jony", "Ginni", "Indra", "Marc",
    "Reed", "Sheryl", "Ken", "Craig", "Dan", "Jim", "Ron", "Phil", "Greg", "Rob", "Tom",
    "Mike", "Chris", "Matt", "Nick", "Josh", "Tony", "Ben", "Elliott", "Jane", "Kate",
];

/// A firm named as the source of an opinion: before a rating verb or "Says" (within the
/// capitalised words of its name: "Evercore ISI Analyst"), or alone at the headline's end
/// after a colon, a dash or "from".
fn is_opinion_source(headline: &str, start: usize, after: &[&str]) -> bool {
    let name_run = after
        .iter()
        .take(3)
        .take_while(|w| w.starts_with(|c: char| c.is_uppercase()) || **w == "with");
    if name_run.into_iter().any(|w| is_one_of(w, OPINION_AFTER)) {
        return true;
    }
    let before = headline[..start].trim_end();
    let at_end = after.is_empty();
    at_end && (before.ends_with(':') || before.ends_with(" -") || before.ends_with("From"))
}

/// Whether `word` is one of `words`, in any case.
fn is_one_of(word: &str, words: &[&str]) -> bool {
    words.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// An all-capitals word of three to five letters right after a fund house's name (QQQ).
fn is_fund_ticker(word: &str) -> bool {
    (3..=5).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_uppercase())
}

/// The words of `text`, the last ones last (punctuation other than `-` dropped).
/// Only the last three words: no phrase looked for is longer. (A fixed array, not a
/// vector: this runs for most mentions of every ingest.)
fn words_before(text: &str) -> Words<'_> {
    let mut last = ["", "", ""];
    let mut n = 0;
    for w in text
        .rsplit(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '"' | '“' | '”'))
        .filter(|w| !w.is_empty())
        .take(3)
    {
        last[2 - n] = w;
        n += 1;
    }
    Words {
        words: last,
        start: 3 - n,
    }
}

/// Up to three words, the last ones of a text.
struct Words<'a> {
    words: [&'a str; 3],
    start: usize,
}

impl<'a> std::ops::Deref for Words<'a> {
    type Target = [&'a str];
    fn deref(&self) -> &[&'a str] {
        &self.words[self.start..]
    }
}

/// The first words of `text` (seven at most), up to a clause's end, and how many there
/// are. (A fixed array, not a vector: this runs for most mentions of every ingest.)
fn words_after(text: &str) -> ([&str; 7], usize) {
    let end = text
        .find([',', ':', ';', '?', '!', '|', '(', '–', '—'])
        .unwrap_or(text.len());
    let mut words = [""; 7];
    let mut n = 0;
    for w in text[..end].split_ascii_whitespace().take(7) {
        words[n] = w;
        n += 1;
    }
    (words, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role_of(headline: &str, name: &str, firm: bool) -> Option<Role> {
        let start = headline.find(name).expect("the name is in the headline");
        role(headline, start, start + name.len(), firm, true)
    }

    #[test]
    fn employers_descriptors_yardsticks_and_other_names() {
        let cases: &[(&str, &str, bool, Option<Role>)] = &[
            ("Apple CEO Tim Cook Buys Nike Stock. His Last Purchase Didn’t Go So Well.", "Apple", false, Some(Role::Employer)),
            ("Former Apple Exec Leaves Ford in Tech Reorganization", "Apple", false, Some(Role::Employer)),
            ("Tesla, Apple Veteran Doug Field Exits Ford in Organizational Overhaul", "Apple", false, Some(Role::Employer)),
            ("Tesla, Apple Veteran Doug Field Exits Ford in Organizational Overhaul", "Ford", false, None),
            ("Taiwanese Apple Supplier TSMC To Build $12B US Chip Factory", "Apple", false, Some(Role::PartOfAnotherName)),
            ("Nvidia Rival Flashes Telltale Clues As Breakout Nears", "Nvidia", false, Some(Role::PartOfAnotherName)),
            ("3 AI Stocks That Are Way Cheaper Than Apple Right Now", "Apple", false, Some(Role::Yardstick)),
            ("TSMC Flags Higher Spending After Earnings Beat. What It Means for Intel.", "Intel", false, Some(Role::Yardstick)),
            ("Microsoft Tops Apple Ahead of Q4 Earnings: 5 ETFs to Invest", "Apple", false, Some(Role::Yardstick)),
            ("Microsoft Tops Apple Ahead of Q4 Earnings: 5 ETFs to Invest", "Microsoft", false, None),
            ("Missed Out on Eli Lilly? My Best Pharmaceutical Stock to Buy And Hold", "Eli Lilly", false, Some(Role::Yardstick)),
            ("Should Schwab U.S. Large-Cap ETF  ( SCHX )  Be on Your Investing Radar?", "Schwab", true, Some(Role::PartOfAnotherName)),
            ("Should Goldman Sachs ActiveBeta U.S. Large Cap Equity ETF (GSLC) Be on Your Investing Radar?", "Goldman Sachs", true, Some(Role::PartOfAnotherName)),
            ("Should Invesco QQQ  ( QQQ )  Be on Your Investing Radar?", "Invesco", true, Some(Role::PartOfAnotherName)),
            ("Ex-Dividend Reminder: Agilent Technologies, Apple Hospitality REIT and ServisFirst Bancshares", "Apple", false, Some(Role::PartOfAnotherName)),
            ("Wolfspeed (WOLF) Reports Q3 Loss, Misses Revenue Estimates", "Wolfspeed", false, None),
        ];
        for (headline, name, firm, want) in cases {
            assert_eq!(
                role_of(headline, name, *firm),
                *want,
                "{name} in {headline}"
            );
        }
    }

    #[test]
    fn firms_giving_an_opinion_are_its_source_not_its_subject() {
        let cases: &[(&str, &str, Option<Role>)] = &[
            ("Morgan Stanley Maintains Overweight on Apple, Raises Price Target to $340", "Morgan Stanley", Some(Role::OpinionSource)),
            ("UBS Downgrades Agilent Technologies to Neutral, Announces $82 Price Target", "UBS", Some(Role::OpinionSource)),
            ("Apple likely to beat Street estimates on continued strong sales of iPhone: BofA", "BofA", Some(Role::OpinionSource)),
            ("Cloudflare Sell-Off Offers Buying Opportunity as Project Glasswing Concerns 'Overblown,' Oppenheimer Says", "Oppenheimer", Some(Role::OpinionSource)),
            ("Evercore ISI Analyst Amit DAryanani Says Apple Can Exceed $100 Billion In Services Revenue", "Evercore", Some(Role::OpinionSource)),
            ("Goldman Sachs with a reality check on AI: Fears of disruption will hang over growth stocks", "Goldman Sachs", Some(Role::OpinionSource)),
            ("Morgan Stanley Beats Estimates as Trading Revenue Jumps", "Morgan Stanley", None),
        ];
        for (headline, name, want) in cases {
            assert_eq!(role_of(headline, name, true), *want, "{name} in {headline}");
        }
        // A company that is no bank or broker says what it does: it is the subject.
        assert_eq!(
            role_of("Apple Says It Will Open Its App Store", "Apple", false),
            None
        );
        // Its chief acting for it, with no other company in the story: its story.
        let own = "Apple CEO Writes To Employees About George Floyd Death";
        assert_eq!(role(own, 0, 5, false, false), None);
        let nike = "Nike Shares Rise as CEO Elliott Hill and Apple’s Tim Cook Buy More Stock";
        assert_eq!(role_of(nike, "Apple", false), Some(Role::Employer));
        // An all-capitals word after a name is a product, not a fund, unless a fund house.
        let wwdc = "What Apple's WWDC 2020 Invite Says About This Year's Presentation";
        assert_eq!(role_of(wwdc, "Apple", false), None);
    }
}
