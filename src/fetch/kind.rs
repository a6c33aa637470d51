//! The kinds of news source tickertone knows how to ask, and what each kind is: where it
//! lives, whether it needs a key, how many requests a run may make, how its streams are cut.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The APIs and feeds tickertone knows how to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Alphavantage,
    Polygon,
    Finnhub,
    Marketaux,
    Newsapi,
    Tiingo,
    Eodhd,
    /// Any RSS or Atom feed: one fixed `url`, or a template asked once per ticker.
    Rss,
    /// Yahoo Finance's headline feed per ticker.
    Yahoo,
    /// Nasdaq's feed per symbol.
    Nasdaq,
    /// Seeking Alpha's feed per symbol.
    Seekingalpha,
    /// A Google News search per company.
    Googlenews,
    /// SEC EDGAR's feed of a company's filings.
    Edgar,
}

/// Every kind, for messages that list them.
pub const KINDS: &[Kind] = &[
    Kind::Alphavantage,
    Kind::Polygon,
    Kind::Finnhub,
    Kind::Marketaux,
    Kind::Newsapi,
    Kind::Tiingo,
    Kind::Eodhd,
    Kind::Rss,
    Kind::Yahoo,
    Kind::Nasdaq,
    Kind::Seekingalpha,
    Kind::Googlenews,
    Kind::Edgar,
];

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Alphavantage => "alphavantage",
            Kind::Polygon => "polygon",
            Kind::Finnhub => "finnhub",
            Kind::Marketaux => "marketaux",
            Kind::Newsapi => "newsapi",
            Kind::Tiingo => "tiingo",
            Kind::Eodhd => "eodhd",
            Kind::Rss => "rss",
            Kind::Yahoo => "yahoo",
            Kind::Nasdaq => "nasdaq",
            Kind::Seekingalpha => "seekingalpha",
            Kind::Googlenews => "googlenews",
            Kind::Edgar => "edgar",
        }
    }

    /// The API's public root; each kind appends its endpoint's path (feeds: `feed_url`).
    pub fn default_base_url(self) -> Option<&'static str> {
        match self {
            Kind::Alphavantage => Some("https://www.alphavantage.co"),
            Kind::Polygon => Some("https://api.polygon.io"),
            Kind::Finnhub => Some("https://finnhub.io"),
            Kind::Marketaux => Some("https://api.marketaux.com"),
            Kind::Newsapi => Some("https://newsapi.org"),
            Kind::Tiingo => Some("https://api.tiingo.com"),
            Kind::Eodhd => Some("https://eodhd.com"),
            Kind::Edgar => Some("https://www.sec.gov"),
            Kind::Rss | Kind::Yahoo | Kind::Nasdaq | Kind::Seekingalpha | Kind::Googlenews => None,
        }
    }

    /// A feed kind's URL, `{ticker}` and `{query}` filled in per ticker (`base_url` replaces
    /// its scheme and host, `url` all of it). `rss` has none: its `url` is required.
    pub fn feed_url(self) -> Option<&'static str> {
        match self {
            Kind::Yahoo => Some(
                "https://feeds.finance.yahoo.com/rss/2.0/headline?s={ticker}&region=US&lang=en-US",
            ),
            Kind::Nasdaq => Some("https://www.nasdaq.com/feed/rssoutbound?symbol={ticker}"),
            Kind::Seekingalpha => Some("https://seekingalpha.com/api/sa/combined/{ticker}.xml"),
            Kind::Googlenews => {
                Some("https://news.google.com/rss/search?q={query}&hl=en-US&gl=US&ceid=US:en")
            }
            _ => None,
        }
    }

    /// Whether requests are URLs of a feed (`rss` and the feed presets), not an API's.
    pub fn is_feed(self) -> bool {
        matches!(
            self,
            Kind::Rss | Kind::Yahoo | Kind::Nasdaq | Kind::Seekingalpha | Kind::Googlenews
        )
    }

    /// `{query}` when the source sets no `query`: what a search asks for each company.
    pub fn default_query(self) -> &'static str {
        match self {
            Kind::Googlenews => "{name} stock",
            _ => "{name}",
        }
    }

    /// Whether the kind takes a `query` (searches: `{query}` in a feed URL, NewsAPI's `q`).
    pub fn takes_query(self) -> bool {
        self == Kind::Newsapi || self.is_feed()
    }

    /// Whether requests carry an API key (named by `api_key_env`).
    pub fn needs_key(self) -> bool {
        self.key_param().is_some()
    }

    /// The query parameter that carries the key (what redaction looks for in URLs).
    pub fn key_param(self) -> Option<&'static str> {
        match self {
            Kind::Alphavantage => Some("apikey"),
            Kind::Polygon => Some("apiKey"),
            Kind::Finnhub => Some("token"),
            Kind::Marketaux => Some("api_token"),
            Kind::Newsapi => Some("apiKey"),
            Kind::Tiingo => Some("token"),
            Kind::Eodhd => Some("api_token"),
            Kind::Rss
            | Kind::Yahoo
            | Kind::Nasdaq
            | Kind::Seekingalpha
            | Kind::Googlenews
            | Kind::Edgar => None,
        }
    }

    /// Requests per run when the source does not say, for `streams` streams: what each
    /// free tier allows for one daily run (see README "Fetching news"); a keyless feed may
    /// ask each stream and retry it twice (an EDGAR source once more, for SEC's ticker
    /// list). Retries count too: the APIs count them.
    pub fn default_budget(self, streams: usize) -> u32 {
        let per_stream =
            |extra: usize| u32::try_from(3 * streams.max(1) + extra).unwrap_or(u32::MAX);
        match self {
            Kind::Alphavantage => 25, // 25 requests a day
            Kind::Polygon => 5,       // 5 requests a minute
            Kind::Finnhub => 60,      // 60 requests a minute
            Kind::Marketaux => 100,   // 100 requests a day
            Kind::Newsapi => 100,     // 100 requests a day (developer plan)
            Kind::Tiingo => 50,       // 50 requests an hour
            Kind::Eodhd => 4,         // 20 calls a day, and a news request costs 5
            Kind::Edgar => per_stream(1),
            Kind::Rss | Kind::Yahoo | Kind::Nasdaq | Kind::Seekingalpha | Kind::Googlenews => {
                per_stream(0)
            }
        }
    }

    /// Whether each request names one ticker (so a source with tickers asks once per
    /// ticker).
    pub fn one_ticker_per_request(self) -> bool {
        // Alpha Vantage's `tickers=A,B` means articles naming A *and* B, so it is asked per
        // ticker too; Marketaux's `symbols=A,B` and Tiingo's `tickers=a,b` mean A or B.
        !matches!(self, Kind::Marketaux | Kind::Tiingo)
    }

    /// Whether the responses name no ticker of their own, so the ticker asked for is kept
    /// by saving them in a `ticker=<T>` folder (`input::folder_ticker`).
    pub fn tags_by_folder(self) -> bool {
        self.is_feed() || matches!(self, Kind::Edgar | Kind::Newsapi)
    }

    /// Whether the source must declare who it is (`user_agent`): SEC refuses anonymous
    /// automated requests.
    pub fn needs_user_agent(self) -> bool {
        self == Kind::Edgar
    }

    /// The least time between two requests of one source: SEC allows 10 a second.
    pub fn min_interval(self) -> Duration {
        match self {
            Kind::Edgar => Duration::from_millis(100),
            _ => Duration::ZERO,
        }
    }

    /// The extension of a saved response.
    pub fn extension(self) -> &'static str {
        if self.is_feed() || self == Kind::Edgar {
            "xml"
        } else {
            "json"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_named_once_and_keyless_kinds_scale_their_budget() {
        let mut names: Vec<&str> = KINDS.iter().map(|k| k.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), KINDS.len());
        assert_eq!(Kind::Rss.default_budget(1), 3);
        assert_eq!(Kind::Yahoo.default_budget(30), 90);
        assert_eq!(Kind::Edgar.default_budget(2), 7);
        assert_eq!(Kind::Alphavantage.default_budget(30), 25);
        for kind in KINDS {
            // A feed has a URL of its own or an API root, never both nor neither (rss: url).
            let places = usize::from(kind.feed_url().is_some())
                + usize::from(kind.default_base_url().is_some());
            assert_eq!(places, usize::from(*kind != Kind::Rss), "{}", kind.name());
            assert!(!(kind.needs_key() && kind.tags_by_folder() && kind.is_feed()));
        }
    }
}
