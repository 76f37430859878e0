//! One HTTP attempt over the shared `ureq` agent, and how its failures are classified.

use std::io::{self, Read};
use std::time::{Duration, SystemTime};

use ureq::http::{self, header, HeaderValue, Method};

use crate::error::Error;
use crate::proxy::ProxyUrl;
use crate::resolver::CachingResolver;
use crate::retry::{parse_retry_after, AttemptFailure};
use crate::tls::Trust;

/// What came back from one attempt that reached a response.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    pub retry_after: Option<Duration>,
}

impl Reply {
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// A failed attempt: the error to report and what it means for a retry.
#[derive(Debug)]
pub(crate) struct AttemptError {
    pub error: Error,
    pub failure: AttemptFailure,
}

/// Settings of the one agent a client keeps for its lifetime.
#[derive(Debug, Clone)]
pub(crate) struct TransportSettings {
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub user_agent: String,
    pub max_response_bytes: u64,
    pub max_idle_connections: usize,
    /// The base URL's host, as error messages name it.
    pub host: String,
    /// The proxy every request goes through, already chosen (see `proxy::ProxyChoice`).
    pub proxy: Option<ProxyUrl>,
    /// The certificate authorities servers are verified against.
    pub trust: Trust,
}

/// The `ureq` agent (connection pool, TLS config) and the prepared authentication header.
pub(crate) struct Transport {
    agent: ureq::Agent,
    api_key: HeaderValue,
    max_response_bytes: u64,
    /// What failures are described with.
    context: Context,
}

/// Whether the connection is kept for the next request after this one's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Connection {
    KeepAlive,
    /// For answers that carry a one-time key: the connection, and the copy of the answer in its
    /// buffers, is dropped (and, with `wipe-freed-memory`, zeroed) as soon as it is read.
    CloseAfter,
}

/// What a failure message names: the host, the proxy, and the trusted roots.
struct Context {
    host: String,
    proxy: Option<String>,
    trust: Trust,
}

impl Transport {
    pub(crate) fn new(settings: &TransportSettings, api_key: &str) -> Result<Transport, Error> {
        let mut api_key = HeaderValue::from_str(api_key).map_err(|_| {
            Error::invalid_argument(
                "api_key",
                "must contain only visible ASCII characters (no spaces, CR or LF)",
            )
        })?;
        // ureq and http both keep sensitive values out of their debug output.
        api_key.set_sensitive(true);
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .user_agent(settings.user_agent.as_str())
            .accept("application/json")
            .timeout_global(Some(settings.timeout))
            .timeout_connect(Some(settings.connect_timeout))
            .max_redirects(0)
            .max_idle_connections(settings.max_idle_connections)
            .max_idle_connections_per_host(settings.max_idle_connections)
            .proxy(settings.proxy.as_ref().map(ProxyUrl::to_ureq).transpose()?)
            .tls_config(
                ureq::tls::TlsConfig::builder()
                    .root_certs(settings.trust.roots.clone())
                    .build(),
            )
            .build();
        let connector = ureq::unversioned::transport::DefaultConnector::new();
        Ok(Transport {
            agent: ureq::Agent::with_parts(config, connector, CachingResolver::default()),
            api_key,
            max_response_bytes: settings.max_response_bytes,
            context: Context {
                host: settings.host.clone(),
                proxy: settings.proxy.as_ref().map(ToString::to_string),
                trust: settings.trust.clone(),
            },
        })
    }

    /// Sends one request and reads the whole response body (up to the size cap).
    pub(crate) fn send(
        &self,
        method: &Method,
        url: &str,
        body: Option<&[u8]>,
        connection: Connection,
    ) -> Result<Reply, AttemptError> {
        let builder = http::Request::builder()
            .method(method.clone())
            .uri(url)
            .header("X-DC-DEVKEY", self.api_key.clone());
        let builder = match connection {
            Connection::KeepAlive => builder,
            Connection::CloseAfter => builder.header(header::CONNECTION, "close"),
        };
        let sent = match body {
            Some(bytes) => {
                let builder = builder.header(header::CONTENT_TYPE, "application/json");
                let builder = if bytes.len() > ASK_BEFORE_SENDING_ABOVE {
                    builder.header(header::EXPECT, "100-continue")
                } else {
                    builder
                };
                builder.body(bytes).map(|request| self.agent.run(request))
            }
            None => builder.body(()).map(|request| self.agent.run(request)),
        };
        let mut response = sent
            .map_err(|e| AttemptError {
                error: Error::invalid_argument("path", format!("does not form a valid URL: {e}")),
                failure: AttemptFailure::Permanent,
            })?
            .map_err(|e| self.context.classify(e))?;

        let status = response.status().as_u16();
        let retry_after = (status >= 300)
            .then(|| response.headers().get(header::RETRY_AFTER))
            .flatten()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, SystemTime::now()));
        // Sized from Content-Length when the server sends one, so the body is read without
        // reallocating.
        let expected = response
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
            .map_or(0, |n| n.min(self.max_response_bytes) as usize);
        let mut body = Vec::with_capacity(expected);
        let mut reader = response
            .body_mut()
            .with_config()
            .limit(self.max_response_bytes)
            .reader();
        match reader.read_to_end(&mut body) {
            Ok(_) => Ok(Reply {
                status,
                body,
                retry_after,
            }),
            Err(e) => match ureq::Error::from(e) {
                ureq::Error::BodyExceedsLimit(limit) => {
                    Err(self.oversized(status, limit, retry_after))
                }
                // The part that arrived is kept: it may hold a managed subaccount's one-time key.
                other => {
                    let mut failed = self.context.classify(other);
                    if !body.is_empty() {
                        failed.error = failed.error.with_partial_body(status, &body);
                    }
                    Err(failed)
                }
            },
        }
    }

    fn oversized(&self, status: u16, limit: u64, retry_after: Option<Duration>) -> AttemptError {
        let note =
            format!("the response body is larger than the {limit}-byte limit (max_response_bytes)");
        let error = if (200..300).contains(&status) {
            Error::Decode {
                http_status: status,
                message: note,
                body: None,
            }
        } else {
            Error::from_response(status, &[], retry_after, Some(note))
        };
        AttemptError {
            error,
            failure: AttemptFailure::Permanent,
        }
    }
}

/// Bodies above this ask first (`Expect: 100-continue`, as curl does above 1 MiB): a server that
/// refuses the request (e.g. 413) says so before the body is written, and its answer is reported,
/// instead of a connection reset under a half-written body. A server that ignores the header gets
/// the body after ureq's wait for 100 Continue (one second).
const ASK_BEFORE_SENDING_ABOVE: usize = 1024 * 1024;

impl Context {
    /// Maps a `ureq` failure to our error, and decides whether the request could have left.
    fn classify(&self, err: ureq::Error) -> AttemptError {
        use ureq::Timeout;
        if let Some(tls) = tls_error(&err) {
            // The answer will not change: never retried.
            let message = crate::tls::describe(tls, &self.host, self.proxy.as_deref(), &self.trust);
            return AttemptError {
                error: Error::Tls { message },
                failure: AttemptFailure::Permanent,
            };
        }
        // Where a connection goes first: the proxy, when there is one.
        let peer = match &self.proxy {
            Some(proxy) => format!("the proxy {proxy}"),
            None => self.host.clone(),
        };
        let (error, failure) = match err {
            ureq::Error::Tls(what) => (
                Error::Tls {
                    message: format!("TLS: cannot verify {}: {what}", self.host),
                },
                AttemptFailure::Permanent,
            ),
            ureq::Error::HostNotFound => (
                transport(&format!("could not resolve the host of {peer}")),
                AttemptFailure::NeverSent,
            ),
            ureq::Error::ConnectionFailed => (
                transport(&format!("could not connect to {peer}")),
                AttemptFailure::NeverSent,
            ),
            // ureq reports these only while connecting, before a byte of the request is written.
            ureq::Error::Io(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::ConnectionRefused
                        | io::ErrorKind::HostUnreachable
                        | io::ErrorKind::NetworkUnreachable
                        | io::ErrorKind::NetworkDown
                        | io::ErrorKind::AddrNotAvailable
                ) =>
            {
                (
                    transport(&format!("could not connect to {peer}: {e}")),
                    AttemptFailure::NeverSent,
                )
            }
            ureq::Error::ConnectProxyFailed(reason) => self.proxy_refused(&reason),
            // A SOCKS5 proxy refusing the credentials.
            ureq::Error::Io(e)
                if self.proxy.is_some() && e.kind() == io::ErrorKind::PermissionDenied =>
            {
                (
                    transport(&format!(
                        "{peer} refused the credentials ({e}): check the proxy user and password"
                    )),
                    AttemptFailure::Permanent,
                )
            }
            ureq::Error::Io(e) if e.kind() == io::ErrorKind::TimedOut => (
                timeout(&format!("I/O timed out: {e}")),
                AttemptFailure::Ambiguous,
            ),
            ureq::Error::Io(e) => (
                transport(&format!("I/O error: {e}")),
                AttemptFailure::Ambiguous,
            ),
            ureq::Error::Timeout(which @ (Timeout::Resolve | Timeout::Connect)) => (
                timeout(&format!(
                    "no connection to {peer} within the {which} timeout"
                )),
                AttemptFailure::NeverSent,
            ),
            ureq::Error::Timeout(which) => (
                timeout(&format!("the {which} timeout fired")),
                AttemptFailure::Ambiguous,
            ),
            ureq::Error::Protocol(e) => (
                transport(&format!("the server broke the HTTP protocol: {e}")),
                AttemptFailure::Ambiguous,
            ),
            ureq::Error::BadUri(e) => (
                Error::invalid_argument("base_url", format!("is not a usable URL: {e}")),
                AttemptFailure::Permanent,
            ),
            ureq::Error::Http(e) => (
                Error::invalid_argument("path", format!("does not form a valid request: {e}")),
                AttemptFailure::Permanent,
            ),
            other => (transport(&other.to_string()), AttemptFailure::Permanent),
        };
        AttemptError { error, failure }
    }

    /// A CONNECT proxy's refusal. ureq gives it as text, "proxy server responded 407/…": the
    /// status is read from it to say what to do.
    fn proxy_refused(&self, reason: &str) -> (Error, AttemptFailure) {
        let proxy = self.proxy.as_deref().unwrap_or("the proxy");
        let status = reason
            .strip_prefix("proxy server responded ")
            .and_then(|rest| rest.get(..3))
            .and_then(|code| code.parse::<u16>().ok());
        let (what, failure) = match status {
            Some(407) => (
                "asks for credentials (HTTP 407): give them in the proxy URL \
                 (http://user:password@host:port), or check them"
                    .to_owned(),
                AttemptFailure::Permanent,
            ),
            Some(403) => (
                format!("refused to open a tunnel to {} (HTTP 403)", self.host),
                AttemptFailure::Permanent,
            ),
            Some(code) => (
                format!("could not open a tunnel to {} (HTTP {code})", self.host),
                AttemptFailure::NeverSent,
            ),
            None => (format!("failed: {reason}"), AttemptFailure::NeverSent),
        };
        (transport(&format!("the proxy {proxy} {what}")), failure)
    }
}

/// The rustls error inside a ureq failure: ureq hands a handshake failure over as an I/O error
/// wrapping it, and a configuration failure as its own variant.
fn tls_error(err: &ureq::Error) -> Option<&rustls::Error> {
    match err {
        ureq::Error::Rustls(e) => Some(e),
        ureq::Error::Io(e) => e.get_ref()?.downcast_ref::<rustls::Error>(),
        _ => None,
    }
}

fn transport(message: &str) -> Error {
    Error::Transport {
        message: message.to_owned(),
        body: None,
    }
}

fn timeout(message: &str) -> Error {
    Error::Timeout {
        message: message.to_owned(),
        body: None,
    }
}
