//! The HTTP side of fetching: one client (timeouts, `User-Agent`, gzip), a request budget,
//! retries with exponential backoff and jitter on 429, 5xx and network errors (honouring
//! `Retry-After`); what it says about a request passes through [`Secret`].

use std::io::Read;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT_ENCODING, CONTENT_ENCODING};
use reqwest::{StatusCode, Url};

use super::secret::Secret;
use super::source::FetchSettings;

/// Bodies larger than this are refused: an API page is a few MB at most.
const MAX_BODY_BYTES: usize = 256 * 1024 * 1024;

/// Requests a source may still make in this run, and how far apart they must be.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub limit: u32,
    pub used: u32,
    /// The least time between two requests (retries included): SEC allows 10 a second.
    min_interval: Duration,
    last_sent: Option<Instant>,
}

impl Budget {
    pub fn new(limit: u32) -> Budget {
        Budget::paced(limit, Duration::ZERO)
    }

    /// A budget whose requests are at least `min_interval` apart.
    pub fn paced(limit: u32, min_interval: Duration) -> Budget {
        Budget {
            limit,
            used: 0,
            min_interval,
            last_sent: None,
        }
    }

    pub fn left(&self) -> u32 {
        self.limit.saturating_sub(self.used)
    }

    /// Counts a request about to be sent, first waiting out the interval since the last.
    fn spend(&mut self) {
        if let Some(last) = self.last_sent {
            let due = last + self.min_interval;
            let now = Instant::now();
            if due > now {
                std::thread::sleep(due - now);
            }
        }
        self.last_sent = Some(Instant::now());
        self.used += 1;
    }
}

/// A response worth reading: 2xx, or 304 to a conditional request.
pub struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body as the server meant it (gzip undone).
    pub body: Vec<u8>,
}

/// Why a request gave no usable response. The texts are redacted already.
#[derive(Debug)]
pub enum RequestError {
    /// The run's request budget is spent; `reason` says why the last try failed, if one did.
    BudgetSpent {
        limit: u32,
        reason: Option<String>,
    },
    Failed(String),
}

impl std::fmt::Display for RequestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RequestError::BudgetSpent { limit, reason } => {
                if let Some(r) = reason {
                    write!(f, "{r}; ")?;
                }
                write!(
                    f,
                    "the request budget of {limit} is spent (raise max_requests_per_run if the \
                     API's plan allows it)"
                )
            }
            RequestError::Failed(text) => f.write_str(text),
        }
    }
}

/// One client for a whole fetch: connections are reused between pages and sources.
pub struct HttpClient {
    runtime: tokio::runtime::Runtime,
    /// For requests carrying a key or a password: redirects within their host only.
    keyed: reqwest::Client,
    /// For requests carrying no secret (most feeds): redirects anywhere, as feeds move.
    open: reqwest::Client,
    settings: FetchSettings,
}

/// One failed attempt: what to say, and whether trying again may help.
struct AttemptFailure {
    reason: String,
    retryable: bool,
    retry_after: Option<Duration>,
}

impl HttpClient {
    pub fn new(settings: &FetchSettings) -> Result<HttpClient> {
        // reqwest is async; one current-thread runtime drives it, so fetching needs no
        // threads of its own and stays one request at a time (polite by construction).
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("cannot start the HTTP runtime")?;
        let client = |redirects| {
            reqwest::Client::builder()
                .user_agent(concat!("tickertone/", env!("CARGO_PKG_VERSION")))
                .connect_timeout(FetchSettings::duration(settings.connect_timeout_secs))
                .timeout(FetchSettings::duration(settings.timeout_secs))
                .redirect(redirects)
                // A Referer would carry the last URL, key and all, to wherever a link points.
                .referer(false)
                .build()
                .context("cannot set up the HTTP client (TLS roots?)")
        };
        Ok(HttpClient {
            runtime,
            keyed: client(same_host_redirects())?,
            open: client(reqwest::redirect::Policy::limited(MAX_REDIRECTS))?,
            settings: settings.clone(),
        })
    }

    /// GETs `url`, retrying 429, 5xx and network errors; every attempt counts against
    /// `budget`. `log` hears one line per attempt (key redacted) and the requests used.
    pub fn get(
        &self,
        url: &Url,
        headers: &[(HeaderName, String)],
        budget: &mut Budget,
        secret: &Secret,
        log: &mut dyn FnMut(&str, u32),
    ) -> Result<Response, RequestError> {
        let shown_url = secret.redact(url.as_str());
        let mut retries = 0;
        loop {
            if budget.left() == 0 {
                return Err(RequestError::BudgetSpent {
                    limit: budget.limit,
                    reason: None,
                });
            }
            budget.spend();
            let started = Instant::now();
            let client = if secret.is_empty() {
                &self.open
            } else {
                &self.keyed
            };
            let failure = match self.runtime.block_on(Self::attempt(client, url, headers)) {
                Ok(response) if response.status.is_success() || response.status.as_u16() == 304 => {
                    log(
                        &format!(
                            "GET {shown_url} -> {} ({} bytes, {:.2} s)",
                            response.status,
                            response.body.len(),
                            started.elapsed().as_secs_f64()
                        ),
                        budget.used,
                    );
                    return Ok(response);
                }
                Ok(response) => status_failure(&response),
                Err(e) => AttemptFailure {
                    reason: describe_network_error(&e),
                    // The same oversized body (a gzip bomb) would come again.
                    retryable: !matches!(e, AttemptError::TooLarge),
                    retry_after: None,
                },
            };
            let reason = secret.redact(&failure.reason);
            log(&format!("GET {shown_url} -> {reason}"), budget.used);
            let context = format!("{reason} (GET {shown_url})");
            if !failure.retryable {
                return Err(RequestError::Failed(context));
            }
            if retries >= self.settings.retries {
                let attempts = retries + 1;
                return Err(RequestError::Failed(format!(
                    "{context}, {attempts} attempt{}",
                    if attempts == 1 { "" } else { "s" }
                )));
            }
            if budget.left() == 0 {
                return Err(RequestError::BudgetSpent {
                    limit: budget.limit,
                    reason: Some(context),
                });
            }
            let cap = FetchSettings::duration(self.settings.max_retry_wait_secs);
            let wait = match failure.retry_after {
                Some(asked) if asked > cap => {
                    return Err(RequestError::Failed(format!(
                        "{context}; the server asks to wait {} s, more than \
                         max_retry_wait_secs = {} in [fetch]: try again later",
                        asked.as_secs(),
                        cap.as_secs_f64()
                    )));
                }
                Some(asked) => asked,
                None => self.backoff(retries).min(cap),
            };
            log(
                &format!("retrying in {:.2} s", wait.as_secs_f64()),
                budget.used,
            );
            std::thread::sleep(wait);
            retries += 1;
        }
    }

    /// Exponential backoff with "equal jitter": half the delay fixed, half random, so
    /// clients that failed together do not retry together.
    fn backoff(&self, retry: u32) -> Duration {
        let full = self.settings.retry_delay_secs * 2f64.powi(retry.min(16) as i32);
        Duration::from_secs_f64((full / 2.0) * (1.0 + random_unit()))
    }

    async fn attempt(
        client: &reqwest::Client,
        url: &Url,
        headers: &[(HeaderName, String)],
    ) -> Result<Response, AttemptError> {
        let mut request = client
            .get(url.clone())
            .header(ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
        for (name, value) in headers {
            if let Ok(value) = HeaderValue::from_str(value) {
                request = request.header(name, value);
            }
        }
        let mut response = request.send().await.map_err(AttemptError::Network)?;
        let status = response.status();
        let headers = response.headers().clone();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(AttemptError::Network)? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(AttemptError::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        let gzipped = headers
            .get(CONTENT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("gzip"));
        if gzipped {
            let mut plain = Vec::new();
            flate2::read::MultiGzDecoder::new(body.as_slice())
                .take(MAX_BODY_BYTES as u64 + 1)
                .read_to_end(&mut plain)
                .map_err(AttemptError::Gzip)?;
            if plain.len() > MAX_BODY_BYTES {
                return Err(AttemptError::TooLarge);
            }
            body = plain;
        }
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}

/// Redirects followed at most, one after the other.
const MAX_REDIRECTS: usize = 5;

/// For a request with a key: redirects are followed only within the origin (scheme, host
/// and port) first asked, or from http to https on the same host: the key is in the
/// query, and a `Location` elsewhere (even one keeping the query) would hand it to another
/// host. Any other redirect stops there and its 3xx is the answer, which
/// [`status_failure`] explains.
fn same_host_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let allowed = attempt
            .previous()
            .first()
            .is_some_and(|first| may_follow(first, attempt.url()));
        if allowed && attempt.previous().len() <= MAX_REDIRECTS {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// Whether a request with a key to `first` may be redirected to `next`.
fn may_follow(first: &Url, next: &Url) -> bool {
    let upgrade = first.scheme() == "http"
        && next.scheme() == "https"
        && first.host_str() == next.host_str()
        && next.port().is_none();
    first.origin() == next.origin() || upgrade
}

enum AttemptError {
    Network(reqwest::Error),
    Gzip(std::io::Error),
    TooLarge,
}

fn describe_network_error(e: &AttemptError) -> String {
    match e {
        AttemptError::TooLarge => format!(
            "the response is larger than {} MiB (unzipped); not tried again",
            MAX_BODY_BYTES / (1024 * 1024)
        ),
        AttemptError::Gzip(e) => format!("the gzip body is damaged or cut short ({e})"),
        AttemptError::Network(e) => {
            let what = if e.is_timeout() {
                "timed out"
            } else if e.is_connect() {
                "could not connect"
            } else if e.is_body() || e.is_decode() {
                "the body was cut short"
            } else {
                "network error"
            };
            // The chain without the URL: the caller adds the redacted one.
            let mut chain = Vec::new();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                chain.push(s.to_string());
                source = s.source();
            }
            if chain.is_empty() {
                what.to_string()
            } else {
                format!("{what} ({})", chain.join(": "))
            }
        }
    }
}

/// A response with an error status: 429 and 5xx may pass, the rest will not.
fn status_failure(response: &Response) -> AttemptFailure {
    let status = response.status;
    let snippet: String = String::from_utf8_lossy(&response.body)
        .chars()
        .take(200)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let hint = match status.as_u16() {
        401 | 403 => "; check the key in the source's api_key_env and the plan's access",
        404 => "; check base_url (or url)",
        _ => "",
    };
    if status.is_redirection() {
        return AttemptFailure {
            reason: redirect_refused(status, &response.headers),
            retryable: false,
            retry_after: None,
        };
    }
    let reason = if snippet.is_empty() {
        format!("HTTP {status}{hint}")
    } else {
        format!("HTTP {status}: {snippet}{hint}")
    };
    AttemptFailure {
        reason,
        retryable: status.as_u16() == 429 || status.is_server_error(),
        retry_after: retry_after(&response.headers),
    }
}

/// Why a redirect was not followed: to another origin (only its origin is named: the
/// `Location` may carry the key), or too many times.
fn redirect_refused(status: StatusCode, headers: &HeaderMap) -> String {
    let target = headers
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|l| Url::parse(l.trim()).ok());
    match target {
        Some(url) => format!(
            "HTTP {status}: the server redirects to {}, not the host the source is configured \
             with; not followed, so the key was not sent there (set base_url, or url, to the \
             address that answers)",
            url.origin().ascii_serialization()
        ),
        None => format!(
            "HTTP {status}: redirected more than {MAX_REDIRECTS} times; not followed further \
             (set base_url, or url, to the address that answers)"
        ),
    }
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get("retry-after")?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let secs = (when.timestamp() - chrono::Utc::now().timestamp()).max(0);
    Some(Duration::from_secs(secs as u64))
}

/// A number in [0, 1) (jitter needs no more than fastrand's generator).
fn random_unit() -> f64 {
    fastrand::f64()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keyed_request_follows_redirects_within_its_host_only() {
        let url = |s: &str| Url::parse(s).unwrap();
        let first = url("http://api.example/q?apikey=k");
        assert!(may_follow(&first, &url("http://api.example/other")));
        assert!(may_follow(&first, &url("https://api.example/q")));
        assert!(!may_follow(&first, &url("http://api.example:8080/q")));
        assert!(!may_follow(&first, &url("http://evil.example/q")));
        let secure = url("https://api.example/q");
        assert!(!may_follow(&secure, &url("http://api.example/q")));
    }

    #[test]
    fn a_redirect_names_only_the_origin_it_points_to() {
        let mut h = HeaderMap::new();
        h.insert(
            reqwest::header::LOCATION,
            HeaderValue::from_static("http://other.example:81/q?apikey=SECRET"),
        );
        let reason = redirect_refused(StatusCode::TEMPORARY_REDIRECT, &h);
        assert!(reason.contains("http://other.example:81"), "{reason}");
        assert!(!reason.contains("SECRET"), "{reason}");
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static("7"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        h.insert(
            "retry-after",
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&h), Some(Duration::ZERO));
        h.insert("retry-after", HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&h), None);
    }

    #[test]
    fn a_paced_budget_spaces_its_requests() {
        let mut budget = Budget::paced(3, Duration::from_millis(30));
        let started = Instant::now();
        for _ in 0..3 {
            budget.spend();
        }
        assert!(started.elapsed() >= Duration::from_millis(60));
        assert_eq!((budget.used, budget.left()), (3, 0));
        let mut quick = Budget::new(2);
        let started = Instant::now();
        quick.spend();
        quick.spend();
        assert!(started.elapsed() < Duration::from_millis(30));
    }

    #[test]
    fn jitter_stays_in_half_to_full_delay() {
        let client = HttpClient::new(&FetchSettings {
            retry_delay_secs: 1.0,
            ..Default::default()
        })
        .unwrap();
        for retry in 0..4 {
            let d = client.backoff(retry).as_secs_f64();
            let full = 2f64.powi(retry as i32);
            assert!(d >= full / 2.0 && d <= full, "{retry}: {d}");
        }
    }
}
