//! `ClientBuilder` and `Region`: a client's settings, their defaults, and the checks `build`
//! runs on them. Every face passes only what its user gave; what is left unset comes from here.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use ureq::http::Uri;

use crate::client::{Client, Inner};
use crate::error::{Error, Result};
use crate::http::proxy::{ProxyChoice, ProxyUrl};
use crate::http::rate_limit::{Limiter, RateLimit};
use crate::http::retry::RetryPolicy;
use crate::http::tls::CaBundle;
use crate::http::transport::{Transport, TransportSettings};
use crate::secret::Secret;

/// The environment variable read when no API key is given.
pub const API_KEY_ENV: &str = "DIGICERT_API_KEY";

/// The environment variable read when no base URL is given (e.g. an emulator's); it wins over
/// the region, as a given `base_url` does.
pub const BASE_URL_ENV: &str = "CERTCENTRAL_BASE_URL";

/// The longest timeout, backoff or wait a client accepts: one day. Anything longer is a
/// mistake (seconds given as milliseconds, say), and would overflow the clock's arithmetic.
pub const MAX_WAIT: Duration = Duration::from_secs(24 * 60 * 60);

/// The default response-body cap: 16 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;

/// The default bound on one attempt, from connecting to the last byte.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The default bound on opening a connection (TCP, proxy and TLS handshakes).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The default number of retries after a first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// The default backoff before the first retry (it doubles for each further retry).
pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(500);

/// The default cap on one backoff.
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(8);

/// The default cap on a `Retry-After` the client honours; a longer one ends the call.
pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// The default longest wait for the client-side rate limiter before a call fails with
/// `RATE_LIMITED` instead.
pub const DEFAULT_MAX_RATE_LIMIT_WAIT: Duration = Duration::from_secs(180);

/// How many pages an iterator fetches ahead of the one being read, once the first page has
/// told how many records there are (see [`Pages`](crate::Pages)). Chosen by measurement
/// (`bench/results.md`): at 200 ms an answer, iterating 100,000 users took 0.50× the time of
/// paging by hand with 2 ahead, 0.25× with 4, 0.14× with 8 and 0.08× with 16; 8 is the smallest
/// that meets the 0.2× target, and holds at most 9 pages.
pub const DEFAULT_PREFETCH_PAGES: usize = 8;

/// The most pages an iterator may fetch ahead (each in flight on a thread of its own).
pub const MAX_PREFETCH_PAGES: u32 = 64;

/// The default number of idle connections kept for reuse.
pub const DEFAULT_MAX_IDLE_CONNECTIONS: usize = 32;

/// Which CertCentral instance to talk to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Region {
    /// `https://www.digicert.com/services/v2/`
    #[default]
    Us,
    /// `https://certcentral.digicert.eu/services/v2/`
    Eu,
}

impl Region {
    /// The Services API v2 base URL of this region.
    pub fn base_url(self) -> &'static str {
        match self {
            Region::Us => "https://www.digicert.com/services/v2/",
            Region::Eu => "https://certcentral.digicert.eu/services/v2/",
        }
    }
}

impl FromStr for Region {
    type Err = Error;
    fn from_str(name: &str) -> Result<Region> {
        match name.to_ascii_lowercase().as_str() {
            "us" => Ok(Region::Us),
            "eu" => Ok(Region::Eu),
            // A long value is not repeated: it could be an API key given in the wrong place.
            _ if name.chars().count() > 8 => Err(Error::invalid_argument(
                "region",
                format!(
                    "must be \"us\" or \"eu\" (got a {}-character text)",
                    name.chars().count()
                ),
            )),
            _ => Err(Error::invalid_argument(
                "region",
                format!("must be \"us\" or \"eu\" (got {name:?})"),
            )),
        }
    }
}

/// Whether the client-side rate limiter runs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
enum RateLimitChoice {
    /// On for the region URLs, off for a custom `base_url`.
    #[default]
    Automatic,
    On(RateLimit),
    Off,
}

/// Configures a [`Client`]. Every setting is checked in [`ClientBuilder::build`].
#[derive(Clone)]
pub struct ClientBuilder {
    api_key: Option<Secret>,
    region: Region,
    base_url: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    rate_limit: RateLimitChoice,
    max_rate_limit_wait: Option<Duration>,
    user_agent_suffix: Option<String>,
    binding: &'static str,
    max_response_bytes: u64,
    max_idle_connections: usize,
    ca_bundles: Vec<CaBundle>,
    proxy: ProxyChoice,
}

impl Default for ClientBuilder {
    fn default() -> ClientBuilder {
        ClientBuilder {
            api_key: None,
            region: Region::Us,
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            rate_limit: RateLimitChoice::Automatic,
            max_rate_limit_wait: None,
            user_agent_suffix: None,
            binding: "rust",
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_idle_connections: DEFAULT_MAX_IDLE_CONNECTIONS,
            ca_bundles: Vec::new(),
            proxy: ProxyChoice::FromEnvironment,
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key)
            .field("region", &self.region)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("ca_bundles", &self.ca_bundles)
            .field("proxy", &self.proxy)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The API key; without one, `build` reads `DIGICERT_API_KEY`.
    pub fn api_key(mut self, key: impl Into<String>) -> ClientBuilder {
        self.api_key = Some(Secret::new(key));
        self
    }

    /// US (default) or EU. Ignored when a `base_url` is set.
    pub fn region(mut self, region: Region) -> ClientBuilder {
        self.region = region;
        self
    }

    /// Overrides the region URL, e.g. with an emulator's. Plain `http://` is accepted only for
    /// a loopback host (and then not through a proxy elsewhere), because the key would travel
    /// in clear. Without one, `CERTCENTRAL_BASE_URL` is read, and wins over the region.
    pub fn base_url(mut self, url: impl Into<String>) -> ClientBuilder {
        self.base_url = Some(url.into());
        self
    }

    /// The bound on one attempt, from connecting to the last byte of the body (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> ClientBuilder {
        self.timeout = timeout;
        self
    }

    /// The bound on establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> ClientBuilder {
        self.connect_timeout = timeout;
        self
    }

    /// Retries after the first attempt (default 2); 0 turns retries off.
    pub fn max_retries(mut self, retries: u32) -> ClientBuilder {
        self.retry.max_retries = retries;
        self
    }

    /// The backoff before the first retry (default 500 ms) and the cap on any one backoff
    /// (default 8 s).
    pub fn backoff(mut self, initial: Duration, max: Duration) -> ClientBuilder {
        self.retry.initial_backoff = initial;
        self.retry.max_backoff = max;
        self
    }

    /// The backoff before the first retry (default 500 ms); it doubles for each further one.
    pub fn initial_backoff(mut self, initial: Duration) -> ClientBuilder {
        self.retry.initial_backoff = initial;
        self
    }

    /// The cap on any one backoff (default 8 s).
    pub fn max_backoff(mut self, max: Duration) -> ClientBuilder {
        self.retry.max_backoff = max;
        self
    }

    /// The longest `Retry-After` honoured (default 60 s); a longer one ends the call at once with
    /// the error, its `retry_after` saying how long the server asked for.
    pub fn max_retry_after(mut self, max: Duration) -> ClientBuilder {
        self.retry.max_retry_after = max;
        self
    }

    /// The whole retry policy: count, backoff and the `Retry-After` cap.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> ClientBuilder {
        self.retry = policy;
        self
    }

    /// Turns the client-side rate limiter on with these limits.
    pub fn rate_limit(mut self, limit: RateLimit) -> ClientBuilder {
        self.rate_limit = RateLimitChoice::On(limit);
        self
    }

    /// The longest a call may wait for the client-side limiter before failing with
    /// `RATE_LIMITED` (default 3 minutes); applies to the documented limits too.
    pub fn max_rate_limit_wait(mut self, wait: Duration) -> ClientBuilder {
        self.max_rate_limit_wait = Some(wait);
        self
    }

    /// Turns the client-side rate limiter off.
    pub fn no_rate_limit(mut self) -> ClientBuilder {
        self.rate_limit = RateLimitChoice::Off;
        self
    }

    /// Text appended to the `User-Agent`, e.g. `"provisioner/1.2"`.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> ClientBuilder {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// The cap on a response body (default 16 MiB).
    pub fn max_response_bytes(mut self, bytes: u64) -> ClientBuilder {
        self.max_response_bytes = bytes;
        self
    }

    /// Trusts the certificate authorities in this PEM file too, besides the system's (see the
    /// README's "TLS and proxies"). A file that cannot be read, or holds no certificate, fails
    /// `build` with `INVALID_ARGUMENT` naming `ca_bundle`. May be given more than once.
    pub fn ca_bundle(mut self, path: impl Into<std::path::PathBuf>) -> ClientBuilder {
        self.ca_bundles.push(CaBundle::File(path.into()));
        self
    }

    /// Trusts the certificate authorities in this PEM text too, as [`ClientBuilder::ca_bundle`].
    pub fn ca_bundle_pem(mut self, pem: impl Into<Vec<u8>>) -> ClientBuilder {
        self.ca_bundles.push(CaBundle::Pem(pem.into()));
        self
    }

    /// Sends every request through this proxy: `http://[user:password@]host:port` (a CONNECT
    /// tunnel), `https://…` (TLS to the proxy too), `socks5://` or `socks5h://` (the proxy
    /// resolves the name). It wins over the environment. The credentials are never shown.
    pub fn proxy(mut self, url: impl Into<String>) -> ClientBuilder {
        self.proxy = ProxyChoice::Explicit(Secret::new(url));
        self
    }

    /// Never uses a proxy, whatever the environment says.
    pub fn no_proxy(mut self) -> ClientBuilder {
        self.proxy = ProxyChoice::Off;
        self
    }

    /// Takes the proxy from the environment (the default): `https_proxy`, `HTTPS_PROXY`,
    /// `all_proxy` or `ALL_PROXY`, except for hosts `NO_PROXY` names and loopback hosts.
    pub fn proxy_from_environment(mut self) -> ClientBuilder {
        self.proxy = ProxyChoice::FromEnvironment;
        self
    }

    /// Names the language face in the `User-Agent`: `rust`, `python` or `c`.
    #[cfg_attr(not(any(feature = "capi", feature = "python")), allow(dead_code))]
    pub(crate) fn binding(mut self, binding: &'static str) -> ClientBuilder {
        self.binding = binding;
        self
    }

    /// Checks every setting and builds the client. No message repeats the key, even one given
    /// where another value goes (see [`crate::redact`]).
    pub fn build(mut self) -> Result<Client> {
        let api_key = match self.api_key.take() {
            Some(key) => key,
            None => Secret::new(std::env::var(API_KEY_ENV).unwrap_or_default()),
        };
        let key = api_key.clone();
        self.build_with(api_key)
            .map_err(|error| error.redacting(key.expose()))
    }

    fn build_with(self, api_key: Secret) -> Result<Client> {
        check_api_key(api_key.expose())?;
        let given_url = self.base_url.clone().or_else(|| {
            let from_env = std::env::var(BASE_URL_ENV)
                .ok()
                .filter(|u| !u.trim().is_empty());
            if let Some(url) = &from_env {
                log::info!(target: "certcentral", "base URL {url} from {BASE_URL_ENV}");
            }
            from_env
        });
        let custom_url = given_url.is_some();
        let (base_url, loopback) = match &given_url {
            Some(url) => checked_base_url(url)?,
            None => (self.region.base_url().to_owned(), false),
        };
        check_wait("timeout", self.timeout)?;
        check_wait("connect_timeout", self.connect_timeout)?;
        let waits = [
            ("backoff", Some(self.retry.initial_backoff)),
            ("max_backoff", Some(self.retry.max_backoff)),
            ("max_retry_after", Some(self.retry.max_retry_after)),
            ("max_rate_limit_wait", self.max_rate_limit_wait),
        ];
        for (field, value) in waits {
            if let Some(value) = value {
                check_at_most_a_day(field, value)?;
            }
        }
        if self.max_response_bytes == 0 {
            return Err(Error::invalid_argument(
                "max_response_bytes",
                "must be greater than zero",
            ));
        }
        let mut user_agent = format!("certcentral/{} ({})", crate::VERSION, self.binding);
        if let Some(suffix) = &self.user_agent_suffix {
            if suffix.len() > MAX_HEADER_TEXT {
                return Err(Error::invalid_argument(
                    "user_agent_suffix",
                    format!(
                        "must be at most {MAX_HEADER_TEXT} characters (got {})",
                        suffix.len()
                    ),
                ));
            }
            if !suffix.chars().all(|c| c == ' ' || c.is_ascii_graphic()) {
                return Err(Error::invalid_argument(
                    "user_agent_suffix",
                    "must contain only printable ASCII characters (no CR or LF)",
                ));
            }
            user_agent = format!("{user_agent} {suffix}");
        }
        if self.retry.initial_backoff > self.retry.max_backoff {
            return Err(Error::invalid_argument(
                "backoff",
                format!(
                    "the initial backoff ({:?}) must not exceed the maximum ({:?})",
                    self.retry.initial_backoff, self.retry.max_backoff
                ),
            ));
        }
        let limit = match self.rate_limit {
            RateLimitChoice::On(limit) => Some(limit),
            RateLimitChoice::Automatic if !custom_url => Some(RateLimit::documented()),
            RateLimitChoice::Automatic | RateLimitChoice::Off => None,
        };
        let limit = match (limit, self.max_rate_limit_wait) {
            (Some(limit), Some(wait)) => Some(limit.max_wait(wait)),
            (limit, _) => limit,
        };
        let uri = base_url.parse::<Uri>().ok();
        let plain_http = base_url.starts_with("http://");
        let host = uri
            .as_ref()
            .and_then(|uri| uri.host().map(str::to_owned))
            .unwrap_or_default();
        let port = uri
            .as_ref()
            .and_then(Uri::port_u16)
            .unwrap_or(if plain_http { 80 } else { 443 });
        let authority = format!("{host}:{port}");
        let proxy = self
            .proxy
            .resolve(&host, loopback, |name| std::env::var(name).ok())?;
        if let Some(proxy) = proxy.as_ref().filter(|p| plain_http && !p.is_loopback()) {
            // Plain http is allowed to loopback only because the key stays on this machine.
            return Err(Error::invalid_argument(
                "proxy",
                format!(
                    "{proxy} is not on this machine, and the base URL is plain http://: the \
                     API key would travel to it in clear; use https:// or a loopback proxy"
                ),
            ));
        }
        let speaks_tls =
            base_url.starts_with("https://") || proxy.as_ref().is_some_and(ProxyUrl::needs_tls);
        // A client that never speaks TLS loads no certificates (a given bundle is still checked).
        let trust = if speaks_tls || !self.ca_bundles.is_empty() {
            crate::http::tls::load(&self.ca_bundles)?
        } else {
            crate::http::tls::none()
        };
        let settings = TransportSettings {
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            user_agent,
            max_response_bytes: self.max_response_bytes,
            max_idle_connections: self.max_idle_connections,
            host,
            authority,
            plain_http,
            proxy,
            trust,
        };
        let transport = Transport::new(&settings, api_key.expose())?;
        Ok(Client::from_inner(Arc::new(Inner {
            transport,
            api_key,
            base_url,
            retry: self.retry,
            limiter: limit.as_ref().map(Limiter::new),
            rate_limit: limit,
            settings,
            service_users_path: std::sync::OnceLock::new(),
        })))
    }
}

/// The longest API key or user agent accepted: far above any real one, far below what a
/// server's header limit refuses.
const MAX_HEADER_TEXT: usize = 1024;

fn check_api_key(key: &str) -> Result<()> {
    if key.len() > MAX_HEADER_TEXT {
        return Err(Error::invalid_argument(
            "api_key",
            format!(
                "must be at most {MAX_HEADER_TEXT} characters (got {}); is it the right value?",
                key.len()
            ),
        ));
    }
    if key.is_empty() {
        return Err(Error::invalid_argument(
            "api_key",
            format!("is required: pass it, or set {API_KEY_ENV}"),
        ));
    }
    // The key itself never goes into the message.
    if let Some(at) = key.chars().position(|c| !c.is_ascii_graphic()) {
        return Err(Error::invalid_argument(
            "api_key",
            format!(
                "must contain only visible ASCII characters (character {} is not; no spaces, CR or LF)",
                at + 1
            ),
        ));
    }
    Ok(())
}

/// Accepts `https://host[:port]/path`, or `http://` for a loopback host only; returns it with a
/// trailing `/` so endpoint paths join onto it, and whether the host is loopback. Messages never
/// repeat the text given, which could be an API key passed in the wrong argument.
fn checked_base_url(url: &str) -> Result<(String, bool)> {
    let bad = |rule: String| Error::invalid_argument("base_url", rule);
    let uri: Uri = url.parse().map_err(|_| {
        bad(format!(
            "is not a valid URL (a {}-character text); expected e.g. \
             https://www.digicert.com/services/v2/",
            url.chars().count()
        ))
    })?;
    let host = uri.host().ok_or_else(|| {
        bad("needs a scheme and a host, e.g. https://host/services/v2/".to_owned())
    })?;
    let loopback = is_loopback(host);
    match uri.scheme_str() {
        Some("https") => {}
        Some("http") if loopback => {}
        Some("http") => {
            return Err(bad(format!(
                "uses plain http:// to a non-loopback host ({host}); the API key would travel \
                 in clear, so use https://"
            )))
        }
        _ => return Err(bad("must start with https://".to_owned())),
    }
    if uri.query().is_some() || url.contains('#') {
        return Err(bad("must not contain a query or a fragment".to_owned()));
    }
    if uri.authority().is_some_and(|a| a.as_str().contains('@')) {
        // Credentials in a URL end up in logs and reprs; the API key is the credential.
        return Err(bad(
            "must not contain credentials (user@ or user:password@)".to_owned(),
        ));
    }
    let mut url = url.to_owned();
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok((url, loopback))
}

pub(crate) fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// A positive wait of at most [`MAX_WAIT`].
pub(crate) fn check_wait(field: &str, value: Duration) -> Result<()> {
    if value.is_zero() {
        return Err(Error::invalid_argument(field, "must be greater than zero"));
    }
    check_at_most_a_day(field, value)
}

/// A wait of at most [`MAX_WAIT`]: anything longer is a mistake (seconds given as
/// milliseconds, say), and would overflow the clock's arithmetic.
fn check_at_most_a_day(field: &str, value: Duration) -> Result<()> {
    if value > MAX_WAIT {
        return Err(Error::invalid_argument(
            field,
            format!(
                "must be at most {} seconds (one day; got {:.0})",
                MAX_WAIT.as_secs(),
                value.as_secs_f64()
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_refuse_clear_text_to_remote_hosts() {
        assert_eq!(
            checked_base_url("https://example.com/services/v2").unwrap(),
            ("https://example.com/services/v2/".to_owned(), false)
        );
        for ok in [
            "http://127.0.0.1:8080/services/v2/",
            "http://localhost:1/x/",
            "http://[::1]:9/",
            "http://127.1.2.3/",
        ] {
            assert!(checked_base_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://example.com/",
            "http://10.0.0.1/",
            "ftp://127.0.0.1/",
            "127.0.0.1:8080",
            "https://example.com/?x=1",
            "https://example.com/#f",
            "https://user:pw@example.com/",
            "",
        ] {
            let err = checked_base_url(bad).unwrap_err();
            assert_eq!(err.status(), crate::Status::InvalidArgument, "{bad}");
            assert!(err.to_string().contains("base_url"), "{err}");
        }
        // A key passed where the URL goes is never repeated in the message.
        for key in ["0123456789ABCDEFKEY", "ftp://KEYKEYKEY@127.0.0.1/"] {
            let err = checked_base_url(key).unwrap_err();
            assert!(!err.to_string().contains("KEY"), "{err}");
        }
    }

    #[test]
    fn a_plain_http_base_url_takes_no_proxy_elsewhere() {
        let err = Client::builder()
            .api_key("k")
            .base_url("http://127.0.0.1:9/")
            .proxy("http://proxy.example:3128")
            .build()
            .unwrap_err();
        assert_eq!(err.status(), crate::Status::InvalidArgument);
        assert!(err.to_string().contains("`proxy`"), "{err}");
        for local in ["http://127.0.0.1:3128", "socks5://localhost:1080"] {
            Client::builder()
                .api_key("k")
                .base_url("http://127.0.0.1:9/")
                .proxy(local)
                .build()
                .unwrap();
        }
        // Over https the proxy sees only ciphertext.
        Client::builder()
            .api_key("k")
            .base_url("https://127.0.0.1:9/")
            .proxy("http://proxy.example:3128")
            .build()
            .unwrap();
    }

    #[test]
    fn a_key_given_where_another_value_goes_is_never_repeated() {
        let key = "0123456789ABCDEF0123456789ABCDEF";
        let err = Client::builder()
            .api_key(key)
            .ca_bundle(format!("/nonexistent/{key}"))
            .build()
            .unwrap_err();
        assert!(!err.to_string().contains(key), "{err}");
        let err = key.parse::<Region>().unwrap_err();
        assert!(!err.to_string().contains(key), "{err}");
    }

    #[test]
    fn keys_and_user_agents_with_header_breaking_bytes_are_refused() {
        for key in ["", "abc\r\nX-Evil: 1", "with space", "tab\there", "ünï"] {
            let err = Client::builder()
                .api_key(key)
                .base_url("http://127.0.0.1:9/")
                .build()
                .unwrap_err();
            assert_eq!(err.status(), crate::Status::InvalidArgument);
            assert!(err.to_string().contains("api_key"));
            if key.len() > 3 {
                assert!(!err.to_string().contains(key));
            }
        }
        let err = Client::builder()
            .api_key("k")
            .user_agent_suffix("x\r\nInjected: 1")
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("user_agent_suffix"));
    }

    #[test]
    fn rate_limiter_defaults_follow_the_url() {
        let region = Client::new("k").unwrap();
        assert_eq!(region.inner.rate_limit, Some(RateLimit::documented()));
        let custom = Client::builder()
            .api_key("k")
            .base_url("http://127.0.0.1:9/")
            .build()
            .unwrap();
        assert_eq!(custom.inner.rate_limit, None);
        let forced = Client::builder()
            .api_key("k")
            .base_url("http://127.0.0.1:9/")
            .rate_limit(RateLimit::documented())
            .build()
            .unwrap();
        assert!(forced.inner.limiter.is_some());
        let off = Client::builder()
            .api_key("k")
            .no_rate_limit()
            .build()
            .unwrap();
        assert!(off.inner.limiter.is_none());
    }

    #[test]
    fn regions_parse_and_name_their_urls() {
        assert_eq!("EU".parse::<Region>().unwrap(), Region::Eu);
        assert_eq!(
            Region::Eu.base_url(),
            "https://certcentral.digicert.eu/services/v2/"
        );
        assert!("mars"
            .parse::<Region>()
            .unwrap_err()
            .to_string()
            .contains("region"));
    }
}
