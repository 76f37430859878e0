//! `Client`, `ClientBuilder` and `Region`: configuration, the retry loop, and the endpoints.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use ureq::http::{Method, Uri};

use crate::cancel::CancelToken;
use crate::error::{ApiFailure, Error, RequestInfo, ResponseBody, Result};
use crate::models::{
    AddServiceUserRequest, AddUserRequest, ApiKey, Container, CreateApiKeyRequest,
    CreateOrganizationRequest, CreateSubaccountRequest, CreatedOrganization, CreatedUser,
    InvitePage, ListInvitesQuery, ListOrganizationsQuery, ListSubaccountsQuery, ListUsersQuery,
    Organization, OrganizationPage, Page, RawJson, Response, Role, SendInviteRequest, ServiceUser,
    Subaccount, SubaccountDetails, SubaccountPage, User, UserPage,
};
use crate::pagination::Pages;
use crate::proxy::{ProxyChoice, ProxyUrl};
use crate::rate_limit::{Limiter, RateLimit};
use crate::retry::{AttemptFailure, RetryPolicy};
use crate::secret::Secret;
use crate::tls::CaBundle;
use crate::transport::{AttemptError, Connection, Reply, Transport, TransportSettings};
use crate::validate::{validate, Rules};

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
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            rate_limit: RateLimitChoice::Automatic,
            max_rate_limit_wait: None,
            user_agent_suffix: None,
            binding: "rust",
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_idle_connections: 32,
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
            crate::tls::load(&self.ca_bundles)?
        } else {
            crate::tls::none()
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
        Ok(Client {
            inner: Arc::new(Inner {
                transport,
                api_key,
                base_url,
                retry: self.retry,
                limiter: limit.as_ref().map(Limiter::new),
                rate_limit: limit,
                settings,
            }),
            options: CallOptions::default(),
        })
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

/// Checks a caller-supplied endpoint path: it must stay under the base URL, so the key never
/// travels to another host. Characters outside ASCII are percent-encoded (UTF-8), as a URL
/// needs; anything that could change the request line or the path's meaning is refused, and
/// the message says which rule.
fn checked_path(path: &str) -> Result<String> {
    let bad = |rule: &str| Err(Error::invalid_argument("path", rule));
    if path.chars().any(char::is_control) {
        return bad("must not contain control characters (CR, LF, tab, NUL…)");
    }
    if path.contains([' ', '\\', '#']) {
        return bad("must not contain spaces, backslashes or '#'");
    }
    let path = path.strip_prefix('/').unwrap_or(path);
    let (route, _query) = path.split_once('?').unwrap_or((path, ""));
    if route.is_empty() {
        return bad("must name an endpoint, e.g. \"user/me\"");
    }
    if route.starts_with('/') || route.contains(':') {
        return bad("must be relative to the base URL (no scheme, host or \"//\")");
    }
    if route.contains(';') {
        // `user/..;/admin` is `..` to some servers: path parameters are not part of the API.
        return bad("must not contain ';'");
    }
    let decoded = percent_encoding::percent_decode_str(route).decode_utf8_lossy();
    if decoded.split('/').any(|s| s == ".." || s == ".") || decoded.contains(['\\', ';']) {
        return bad("must not contain \".\" or \"..\" segments");
    }
    // Only bytes outside ASCII remain to encode: controls were refused above.
    Ok(percent_encoding::utf8_percent_encode(path, percent_encoding::CONTROLS).to_string())
}

fn checked_method(method: &str) -> Result<Method> {
    match method.to_ascii_uppercase().as_str() {
        "GET" => Ok(Method::GET),
        "POST" => Ok(Method::POST),
        "PUT" => Ok(Method::PUT),
        "PATCH" => Ok(Method::PATCH),
        "DELETE" => Ok(Method::DELETE),
        "HEAD" => Ok(Method::HEAD),
        _ => Err(Error::invalid_argument(
            "method",
            format!("must be GET, POST, PUT, PATCH, DELETE or HEAD (got {method:?})"),
        )),
    }
}

struct Inner {
    transport: Transport,
    /// Kept to redact it from server text that echoes it back.
    api_key: Secret,
    base_url: String,
    retry: RetryPolicy,
    limiter: Option<Limiter>,
    rate_limit: Option<RateLimit>,
    settings: TransportSettings,
}

/// A CertCentral client. Cheap to clone; clones share the connection pool and the rate limiter,
/// and a client may be used from many threads at once.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// What this view changes for its calls ([`Client::with_options`]).
    options: CallOptions,
}

/// Run just before each attempt is sent (see [`CallOptions::before_send`]).
pub type BeforeSend = Arc<dyn Fn() -> Result<()> + Send + Sync>;

/// What a view of a client ([`Client::with_options`]) changes for every call made through it.
/// Fields left `None` keep the client's own setting.
#[derive(Clone, Default)]
pub struct CallOptions {
    /// The bound on one attempt, from connecting to the last byte (the client's `timeout`).
    pub timeout: Option<Duration>,
    /// Retries after the first attempt; 0 turns them off (the client's `max_retries`).
    pub max_retries: Option<u32>,
    /// Stops the calls when cancelled: their waits (backoff, `Retry-After`, the rate limiter)
    /// end at once, no further attempt starts, and a read under way is abandoned. A creation
    /// that may have reached the server is never abandoned: its answer is delivered.
    pub cancel: Option<CancelToken>,
    /// Run on the calling thread just before each attempt is sent, once the rate limiter has
    /// granted its slot; an `Err` ends the call with that error and nothing is sent. The bulk
    /// engine journals an operation as `in_flight` here.
    pub before_send: Option<BeforeSend>,
}

impl fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallOptions")
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("cancel", &self.cancel)
            .field("before_send", &self.before_send.as_ref().map(|_| "…"))
            .finish()
    }
}

impl CallOptions {
    /// Checks the values, as the builder checks the client's.
    fn checked(self) -> Result<CallOptions> {
        if let Some(timeout) = self.timeout {
            check_wait("timeout", timeout)?;
        }
        Ok(self)
    }

    /// These options with every field `overrides` sets replaced.
    fn overridden_by(&self, overrides: CallOptions) -> CallOptions {
        CallOptions {
            timeout: overrides.timeout.or(self.timeout),
            max_retries: overrides.max_retries.or(self.max_retries),
            cancel: overrides.cancel.or_else(|| self.cancel.clone()),
            before_send: overrides.before_send.or_else(|| self.before_send.clone()),
        }
    }
}

/// A positive wait of at most [`MAX_WAIT`].
fn check_wait(field: &str, value: Duration) -> Result<()> {
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

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("api_key", &"[redacted]")
            .field("timeout", &inner.settings.timeout)
            .field("connect_timeout", &inner.settings.connect_timeout)
            .field("retry", &inner.retry)
            .field("rate_limit", &inner.rate_limit)
            .field("user_agent", &inner.settings.user_agent)
            .field("proxy", &inner.settings.proxy)
            .field("trust", &inner.settings.trust)
            .field("options", &self.options)
            .finish()
    }
}

impl Client {
    /// A client for the US region with this API key.
    pub fn new(api_key: impl Into<String>) -> Result<Client> {
        Client::builder().api_key(api_key).build()
    }

    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL every endpoint path is joined to (ends with `/`).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// A view of this client whose calls use `options` (each field set overrides this
    /// client's, or an earlier view's): a per-call timeout, retry count, cancellation or hook.
    /// Cheap: the view shares the connection pool and the rate limiter. A timeout that the
    /// builder would refuse is refused here too.
    pub fn with_options(&self, options: CallOptions) -> Result<Client> {
        Ok(Client {
            inner: Arc::clone(&self.inner),
            options: self.options.overridden_by(options.checked()?),
        })
    }

    /// This view with its calls stopped by `token` (a language face's per-call cancellation).
    #[cfg_attr(not(any(feature = "python", feature = "cli")), allow(dead_code))]
    pub(crate) fn with_cancel(&self, token: &CancelToken) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            options: CallOptions {
                cancel: Some(token.clone()),
                ..self.options.clone()
            },
        }
    }

    /// The options this view's calls use (all `None` for a client from the builder).
    pub fn options(&self) -> &CallOptions {
        &self.options
    }

    /// The client's retry policy (its backoff, and the `Retry-After` cap).
    #[cfg_attr(not(feature = "bulk"), allow(dead_code))]
    pub(crate) fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// Retries after the first attempt for this view's calls.
    fn max_retries(&self) -> u32 {
        self.options
            .max_retries
            .unwrap_or(self.inner.retry.max_retries)
    }

    /// `POST account/subaccount/invite`: invites each address to open a subaccount.
    pub fn send_invite(&self, request: &SendInviteRequest) -> Result<()> {
        // The documented answer is 201 with an empty body; nothing in it is needed.
        self.post(
            request,
            "account/subaccount/invite",
            Repeat::OnlyIfNeverSent,
            Connection::KeepAlive,
        )
        .map(drop)
    }

    /// `GET account/subaccount/invite`: one page of invites.
    pub fn list_invites(&self, query: &ListInvitesQuery) -> Result<InvitePage> {
        validate(query)?;
        self.get("account/subaccount/invite", &query.to_query_string())
    }

    /// Every invite matching `query`, fetched page by page as the iterator advances.
    /// `query.limit` sets the page size (default 1000); `query.offset` where to start. The query
    /// is checked now; no request is sent until the first `next`.
    pub fn invites(&self, query: ListInvitesQuery) -> Result<crate::Invites> {
        validate(&query)?;
        Ok(Pages::new(self.clone(), query))
    }

    /// `POST account`: creates a subaccount. For a `managed` subaccount, the result's `api_key`
    /// is shown this one time only; if the answer cannot be read, the key is still in the
    /// error (see [`Error::one_time_key`]).
    pub fn create_subaccount(&self, request: &CreateSubaccountRequest) -> Result<Subaccount> {
        let reply = self.post(
            request,
            "account",
            Repeat::OnlyIfNeverSent,
            Connection::CloseAfter,
        )?;
        decode_created(&reply)
    }

    /// `POST user`: adds a user.
    pub fn add_user(&self, request: &AddUserRequest) -> Result<CreatedUser> {
        decode_created(&self.post(
            request,
            "user",
            Repeat::OnlyIfNeverSent,
            Connection::KeepAlive,
        )?)
    }

    /// `POST user` with `is_api_only`: adds a service user (an API-only user) and returns its
    /// id and its first API key, which is shown this one time only (if the answer cannot be
    /// read, the key is still in the error: [`Error::one_time_key`]).
    pub fn add_service_user(&self, request: &AddServiceUserRequest) -> Result<ServiceUser> {
        decode_created(&self.post(
            request,
            "user",
            Repeat::OnlyIfNeverSent,
            Connection::CloseAfter,
        )?)
    }

    /// `POST key/user/{user_id}`: creates another API key for a user (e.g. a service user).
    /// The key is shown this one time only; if the answer cannot be read, it is still in the
    /// error ([`Error::one_time_key`]).
    pub fn create_api_key(&self, user_id: i64, request: &CreateApiKeyRequest) -> Result<ApiKey> {
        let path = format!("key/user/{}", path_id("user_id", user_id)?);
        decode_created(&self.post(
            request,
            &path,
            Repeat::OnlyIfNeverSent,
            Connection::CloseAfter,
        )?)
    }

    /// `POST organization`: creates an organization, or, under the duplicate check (the
    /// default), returns the matching existing one. Because of that check a repeated request
    /// cannot create a second organization, so it is retried after any failure (within
    /// `max_retries`); with `skip_duplicate_org_check` it is retried only when it provably never
    /// left, like every other creation.
    pub fn create_organization(
        &self,
        request: &CreateOrganizationRequest,
    ) -> Result<CreatedOrganization> {
        if request.skip_duplicate_org_check == Some(true) {
            return decode_created(&self.post(
                request,
                "organization",
                Repeat::OnlyIfNeverSent,
                Connection::KeepAlive,
            )?);
        }
        // An answer that cannot be read is asked for again: the duplicate check answers with
        // the same organization.
        let mut unreadable = 0;
        loop {
            let reply = self.post(request, "organization", Repeat::Safe, Connection::KeepAlive)?;
            match decode_created(&reply) {
                Err(e) if unreadable < self.max_retries() => {
                    unreadable += 1;
                    log::info!(target: "certcentral", "POST organization: answer unreadable ({}), asking again", e.kind());
                }
                outcome => return outcome,
            }
        }
    }

    /// `GET user`: one page of the account's users.
    pub fn list_users(&self, query: &ListUsersQuery) -> Result<UserPage> {
        validate(query)?;
        self.get("user", &query.to_query_string())
    }

    /// Every user matching `query`, page by page (`query.list.limit` is the page size, default
    /// 1000). The query is checked now; nothing is sent until the first `next`.
    pub fn users(&self, query: ListUsersQuery) -> Result<Pages<ListUsersQuery>> {
        validate(&query)?;
        Ok(Pages::new(self.clone(), query))
    }

    /// `GET user/{user_id}`: one user's details.
    pub fn get_user(&self, user_id: i64) -> Result<User> {
        self.get(&format!("user/{}", path_id("user_id", user_id)?), "")
    }

    /// `GET user/me`: the user the API key belongs to.
    pub fn current_user(&self) -> Result<User> {
        self.get("user/me", "")
    }

    /// `GET organization`: one page of the account's organizations.
    pub fn list_organizations(&self, query: &ListOrganizationsQuery) -> Result<OrganizationPage> {
        validate(query)?;
        self.get("organization", &query.to_query_string())
    }

    /// Every organization matching `query`, page by page.
    pub fn organizations(
        &self,
        query: ListOrganizationsQuery,
    ) -> Result<Pages<ListOrganizationsQuery>> {
        validate(&query)?;
        Ok(Pages::new(self.clone(), query))
    }

    /// `GET organization/{organization_id}`: one organization's details.
    pub fn get_organization(&self, organization_id: i64) -> Result<Organization> {
        let id = path_id("organization_id", organization_id)?;
        self.get(&format!("organization/{id}"), "")
    }

    /// `GET account/subaccount`: one page of the account's subaccounts.
    pub fn list_subaccounts(&self, query: &ListSubaccountsQuery) -> Result<SubaccountPage> {
        validate(query)?;
        self.get("account/subaccount", &query.to_query_string())
    }

    /// Every subaccount matching `query`, page by page.
    pub fn subaccounts(&self, query: ListSubaccountsQuery) -> Result<Pages<ListSubaccountsQuery>> {
        validate(&query)?;
        Ok(Pages::new(self.clone(), query))
    }

    /// `GET account/subaccount/{subaccount_id}`: one subaccount's details.
    pub fn get_subaccount(&self, subaccount_id: i64) -> Result<SubaccountDetails> {
        let id = path_id("subaccount_id", subaccount_id)?;
        self.get(&format!("account/subaccount/{id}"), "")
    }

    /// `GET container`: the account's containers (divisions).
    pub fn list_containers(&self) -> Result<Vec<Container>> {
        Ok(self.container_list()?.items)
    }

    /// [`Client::list_containers`] with the whole answer's `raw` (the C ABI hands it out).
    #[cfg_attr(not(feature = "capi"), allow(dead_code))]
    pub(crate) fn container_list(&self) -> Result<Page<Container>> {
        self.get("container", "")
    }

    /// `GET container/{container_id}`: one container's details.
    pub fn get_container(&self, container_id: i64) -> Result<Container> {
        let id = path_id("container_id", container_id)?;
        self.get(&format!("container/{id}"), "")
    }

    /// `GET container/{container_id}/role`: the access roles users of a container can have
    /// (the ids `add_user` takes).
    pub fn list_access_roles(&self, container_id: i64) -> Result<Vec<Role>> {
        Ok(self.access_role_list(container_id)?.items)
    }

    /// [`Client::list_access_roles`] with the whole answer's `raw`.
    #[cfg_attr(not(feature = "capi"), allow(dead_code))]
    pub(crate) fn access_role_list(&self, container_id: i64) -> Result<Page<Role>> {
        let id = path_id("container_id", container_id)?;
        self.get(&format!("container/{id}/role"), "")
    }

    /// `GET key/api-roles`: the roles an API key can be restricted to
    /// (`restricted_to_role_id`).
    pub fn list_api_key_roles(&self) -> Result<Vec<Role>> {
        Ok(self.api_key_role_list()?.items)
    }

    /// [`Client::list_api_key_roles`] with the whole answer's `raw`.
    #[cfg_attr(not(feature = "capi"), allow(dead_code))]
    pub(crate) fn api_key_role_list(&self) -> Result<Page<Role>> {
        self.get("key/api-roles", "")
    }

    /// Any other Services API endpoint, with the same authentication, retries and errors.
    /// An empty response body gives `Value::Null`; a body that is not JSON (or nests deeper
    /// than 128 levels, or holds a number beyond `f64`) is `DECODE`.
    pub fn request_json(
        &self,
        method: &str,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<serde_json::Value> {
        let body = body.map(|b| b.to_string());
        let (status, raw) = self.request_raw_json_with_status(method, path, body.as_deref())?;
        // The text was validated with this same parser, so this cannot fail; if it somehow
        // did, the answer is reported as the undecodable body it would be.
        serde_json::from_str(raw.as_str())
            .map_err(|e| undecodable_read(status, raw.as_str().as_bytes(), &e.to_string(), None))
    }

    /// Like [`Client::request_json`], with the JSON as text in both directions. `body` must be
    /// valid JSON; the answer is checked to be JSON that [`Client::request_json`] could parse.
    pub fn request_raw_json(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
    ) -> Result<RawJson> {
        Ok(self.request_raw_json_with_status(method, path, body)?.1)
    }

    /// [`Client::request_raw_json`], with the HTTP status of the answer.
    pub(crate) fn request_raw_json_with_status(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
    ) -> Result<(u16, RawJson)> {
        let method = checked_method(method)?;
        let path = checked_path(path)?;
        let path = path.as_str();
        if let Some(text) = body {
            serde_json::from_str::<serde::de::IgnoredAny>(text).map_err(|e| {
                Error::invalid_argument("body", format!("must be valid JSON ({e})"))
            })?;
        }
        let (route, query) = path.split_once('?').unwrap_or((path, ""));
        let repeat = match method {
            Method::GET | Method::HEAD => Repeat::Safe,
            _ => Repeat::OnlyIfNeverSent,
        };
        // A POST, PUT or PATCH always carries a body, if an empty one: `Content-Length: 0`,
        // never a chunked request some servers refuse.
        let body = match body {
            Some(text) => Some(text.as_bytes().to_vec()),
            None if matches!(method, Method::POST | Method::PUT | Method::PATCH) => {
                Some(Vec::new())
            }
            None => None,
        };
        let reply = self.call(method, route, query, body, repeat, Connection::KeepAlive)?;
        if reply.body.iter().all(u8::is_ascii_whitespace) {
            return Ok((reply.status, RawJson::default()));
        }
        let text = std::str::from_utf8(&reply.body)
            .map_err(|e| format!("the body is not UTF-8 (at byte {})", e.valid_up_to()))
            .and_then(|text| {
                // Parsed in full, with the parser `request_json` uses: what it would refuse
                // (too deep, a number out of range) is refused here too.
                serde_json::from_str::<serde_json::Value>(text).map_err(|e| e.to_string())?;
                Ok(text)
            })
            .map_err(|message| {
                undecodable_read(reply.status, &reply.body, &message, reply.request.as_ref())
            })?;
        Ok((
            reply.status,
            RawJson::whole(&crate::models::RawBody::new(text)),
        ))
    }

    /// A GET of `path` whose 2xx answer decodes as `T`.
    pub(crate) fn get<T: Response>(&self, path: &str, query: &str) -> Result<T> {
        let reply = self.call(
            Method::GET,
            path,
            query,
            None,
            Repeat::Safe,
            Connection::KeepAlive,
        )?;
        crate::models::decode(&reply.body).map_err(|failure| {
            undecodable_read(
                reply.status,
                &reply.body,
                &failure.to_string(),
                reply.request.as_ref(),
            )
        })
    }

    fn post(
        &self,
        request: &(impl Rules + Serialize),
        path: &str,
        repeat: Repeat,
        connection: Connection,
    ) -> Result<Reply> {
        validate(request)?;
        let value = serde_json::to_value(request).map_err(|e| {
            Error::invalid_argument("request", format!("cannot be sent as JSON: {e}"))
        })?;
        if let Some(path) = crate::validate::nul_in(&value) {
            let field = path.trim_start_matches('.').to_owned();
            return Err(crate::validate::Violation {
                field,
                rule: crate::validate::Rule::NoNul,
            }
            .into());
        }
        self.call(
            Method::POST,
            path,
            "",
            Some(value.to_string().into_bytes()),
            repeat,
            connection,
        )
    }

    /// Sends with retries: after a failure that may have reached the server, only a request
    /// that is safe to repeat is sent again (see [`RetryPolicy`]).
    fn call(
        &self,
        method: Method,
        path: &str,
        query: &str,
        body: Option<Vec<u8>>,
        repeat: Repeat,
        connection: Connection,
    ) -> Result<Reply> {
        let inner = &self.inner;
        let mut url = format!("{}{path}", inner.base_url);
        if !query.is_empty() {
            url.push('?');
            url.push_str(query);
        }
        let idempotent = repeat == Repeat::Safe;
        let options = &self.options;
        let cancel = options.cancel.as_ref();
        let max_retries = self.max_retries();
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            if let Some(cancel) = cancel {
                cancel.check()?;
            }
            // The slot is held until this attempt has ended (see `rate_limit::Slots`).
            let permit = inner
                .limiter
                .as_ref()
                .map(|limiter| limiter.acquire(cancel))
                .transpose()?;
            if let Some(hook) = &options.before_send {
                hook()?;
            }
            let outcome = match cancel {
                // A read can be walked away from: its caller stops waiting when cancelled, and
                // the attempt (holding its rate-limit slot) ends in the background.
                Some(token) if matches!(method, Method::GET | Method::HEAD) => {
                    let this = Arc::clone(inner);
                    let (method, url, timeout) = (method.clone(), url.clone(), options.timeout);
                    crate::walk_away::attempt(token, move || {
                        let outcome = this
                            .transport
                            .send(&method, &url, None, connection, timeout);
                        drop(permit);
                        outcome
                    })
                    .ok_or(Error::Interrupted)?
                }
                _ => {
                    let outcome = inner.transport.send(
                        &method,
                        &url,
                        body.as_deref(),
                        connection,
                        options.timeout,
                    );
                    drop(permit);
                    outcome
                }
            };
            let (error, failure, retry_after) = match outcome {
                Ok(mut reply) if reply.is_success() => {
                    log::debug!(target: "certcentral", "{method} {path} -> {} (attempt {attempt})", reply.status);
                    // For an answer that cannot be decoded: the error names the request.
                    reply.request = Some(RequestInfo {
                        method: method.to_string(),
                        url: format!("{}{path}", inner.base_url),
                    });
                    return Ok(reply);
                }
                Ok(reply) => {
                    log::debug!(target: "certcentral", "{method} {path} -> {} (attempt {attempt})", reply.status);
                    let error =
                        Error::from_response(reply.status, &reply.body, reply.retry_after, None)
                            .with_headers(reply.headers);
                    let failure = AttemptFailure::Status(reply.status);
                    (error, failure, reply.retry_after)
                }
                Err(AttemptError { error, failure }) => {
                    let error = *error;
                    log::debug!(target: "certcentral", "{method} {path} -> {} (attempt {attempt})", error.kind());
                    (error, failure, None)
                }
            };
            let give_up = |error: Error| {
                let request = RequestInfo {
                    method: method.to_string(),
                    url: format!("{}{path}", inner.base_url),
                };
                let error = with_attempts(error, attempt).with_request(&request);
                let error = if !idempotent && failure == AttemptFailure::Ambiguous {
                    may_have_been_carried_out(error)
                } else {
                    error
                };
                Err(error.redacting(inner.api_key.expose()))
            };
            let retries_left = attempt <= max_retries;
            if !retries_left || !inner.retry.retryable(idempotent, failure) {
                return give_up(error);
            }
            let wait = match retry_after {
                Some(wait) if wait > inner.retry.max_retry_after => return give_up(error),
                Some(wait) => wait,
                None => inner.retry.backoff(attempt - 1),
            };
            log::info!(target: "certcentral", "{method} {path}: retry {attempt} of {max_retries} in {wait:?} after {}", error.kind());
            crate::cancel::sleep(cancel, wait)?;
        }
    }
}

/// Whether a request may be sent again after a failure that may have reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Repeat {
    /// Repeating it cannot change the outcome: reads, and organizations under the duplicate check.
    Safe,
    /// Repeating it could create something twice: only a request that provably never left (or
    /// met 429) is sent again.
    OnlyIfNeverSent,
}

/// An id that goes into a path: positive, checked before anything is sent.
fn path_id(field: &str, id: i64) -> Result<i64> {
    if id <= 0 {
        return Err(crate::validate::Violation {
            field: field.to_owned(),
            rule: crate::validate::Rule::PositiveId { got: id },
        }
        .into());
    }
    Ok(id)
}

/// The error for a 2xx answer to a read that is not the documented JSON.
fn undecodable_read(status: u16, body: &[u8], why: &str, request: Option<&RequestInfo>) -> Error {
    Error::Decode {
        http_status: status,
        message: format!("the response body is not the documented JSON: {why}"),
        body: Some(ResponseBody::new(body)),
        request: request.cloned().map(Box::new),
    }
}

/// Decodes the 2xx answer to a creation. The server carried the request out, so a body that
/// cannot be read must not look like a failure to repeat: the message says so, and the body
/// (with any one-time key in it) is kept in the error.
fn decode_created<T: Response>(reply: &Reply) -> Result<T> {
    crate::models::decode(&reply.body).map_err(|failure| Error::Decode {
        http_status: reply.status,
        message: format!(
            "the server carried out the request, but its answer is not the documented JSON \
             ({failure}); do not repeat the request: the answer is kept in this error"
        ),
        body: Some(ResponseBody::new(&reply.body)),
        request: reply.request.clone().map(Box::new),
    })
}

/// Says, on a broken or timed-out POST, that the server may have acted: the caller must check
/// before repeating it.
fn may_have_been_carried_out(error: Error) -> Error {
    const NOTE: &str = "the request may have been carried out: check before repeating it";
    match error {
        Error::Transport {
            message,
            body,
            request,
            ..
        } => Error::Transport {
            message: format!("{message}; {NOTE}"),
            body,
            not_sent: false,
            request,
        },
        Error::Timeout {
            message,
            body,
            request,
            ..
        } => Error::Timeout {
            message: format!("{message}; {NOTE}"),
            body,
            not_sent: false,
            request,
        },
        other => other,
    }
}

/// Notes how many attempts were made, when there was more than one.
fn with_attempts(error: Error, attempts: u32) -> Error {
    if attempts <= 1 {
        return error;
    }
    let note = format!("gave up after {attempts} attempts");
    match error {
        Error::Transport {
            message,
            body,
            not_sent,
            request,
        } => Error::Transport {
            message: format!("{message} ({note})"),
            body,
            not_sent,
            request,
        },
        Error::Timeout {
            message,
            body,
            not_sent,
            request,
        } => Error::Timeout {
            message: format!("{message} ({note})"),
            body,
            not_sent,
            request,
        },
        other => match other.api_failure() {
            Some(failure) => {
                let failure = ApiFailure {
                    note: Some(note),
                    ..failure.clone()
                };
                Error::from_failure(other.status(), failure)
            }
            None => other,
        },
    }
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
    fn paths_cannot_leave_the_base_url() {
        assert_eq!(checked_path("user/me").unwrap(), "user/me");
        assert_eq!(checked_path("/user/me").unwrap(), "user/me");
        assert_eq!(checked_path("user/é").unwrap(), "user/%C3%A9");
        assert_eq!(
            checked_path("account/subaccount/invite?limit=1").unwrap(),
            "account/subaccount/invite?limit=1"
        );
        for bad in [
            "",
            "https://evil.example/x",
            "//evil.example/x",
            "http:evil",
            "../admin",
            "user/../../x",
            "user/%2e%2e/x",
            "user/./me",
            "a\\b",
            "user/me#frag",
            "user me",
            "user/me\r\nX: y",
            "user/..;/admin",
            "user/%2e%2e%3b/admin",
        ] {
            let err = checked_path(bad).unwrap_err();
            assert_eq!(err.status(), crate::Status::InvalidArgument, "{bad}");
        }
        // Each is refused for its own reason.
        let reason = |path: &str| checked_path(path).unwrap_err().to_string();
        assert!(reason("user/me\r\nX: 1").contains("control characters"));
        assert!(reason("user/..;/admin").contains("';'"));
        assert!(reason("https://evil.example/x").contains("relative"));
    }

    #[test]
    fn a_request_that_cannot_be_serialized_is_an_invalid_argument() {
        struct Unsendable;
        impl Rules for Unsendable {
            fn check(&self) -> std::result::Result<(), crate::validate::Violation> {
                Ok(())
            }
        }
        impl Serialize for Unsendable {
            fn serialize<S: serde::Serializer>(
                &self,
                _: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("a map key must be a string"))
            }
        }
        let client = Client::builder()
            .api_key("k")
            .base_url("http://127.0.0.1:9/")
            .build()
            .unwrap();
        let err = client
            .post(
                &Unsendable,
                "user",
                Repeat::OnlyIfNeverSent,
                Connection::KeepAlive,
            )
            .unwrap_err();
        assert_eq!(err.status(), crate::Status::InvalidArgument);
        assert!(err.to_string().contains("`request`"), "{err}");
        assert!(
            err.to_string().contains("a map key must be a string"),
            "{err}"
        );
    }

    #[test]
    fn clients_are_shared_across_threads_and_cheap_to_clone() {
        fn shareable<T: Send + Sync + Clone>() {}
        shareable::<Client>();
        let client = Client::builder()
            .api_key("k")
            .base_url("http://127.0.0.1:9/")
            .build()
            .unwrap();
        let clone = client.clone();
        assert!(
            Arc::ptr_eq(&client.inner, &clone.inner),
            "clones share one agent"
        );
    }

    #[test]
    fn debug_never_shows_the_key() {
        let client = Client::builder()
            .api_key("SUPERSECRETKEY")
            .base_url("http://127.0.0.1:9/")
            .build()
            .unwrap();
        let shown = format!("{client:?}");
        assert!(!shown.contains("SUPERSECRETKEY"), "{shown}");
        assert!(shown.contains("[redacted]"));
        let builder = Client::builder().api_key("SUPERSECRETKEY");
        assert!(!format!("{builder:?}").contains("SUPERSECRETKEY"));
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
