//! One HTTP attempt over the shared `ureq` agent, and how its failures are classified.

use std::cell::Cell;
use std::io::{self, Read};
use std::sync::RwLock;
use std::time::{Duration, SystemTime};

use ureq::http::{self, header, HeaderValue, Method};
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, DefaultConnector, NextTimeout,
    Transport as UreqTransport,
};

use crate::error::Error;
use crate::http::proxy::ProxyUrl;
use crate::http::resolver::CachingResolver;
use crate::http::retry::{parse_retry_after, AttemptFailure};
use crate::http::tls::Trust;

/// What came back from one attempt that reached a response.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    pub retry_after: Option<Duration>,
    /// The headers of an answer that is not a success (errors carry them); empty otherwise.
    pub headers: Vec<(String, String)>,
    /// The request it answers (set by the client once the attempt is done).
    pub request: Option<crate::error::RequestInfo>,
}

impl Reply {
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// A failed attempt: the error to report and what it means for a retry.
#[derive(Debug)]
pub(crate) struct AttemptError {
    /// Boxed: an attempt's error travels through several `Result`s on the hot path.
    pub error: Box<Error>,
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
    /// The base URL's `host:port` (the port the scheme implies when it names none).
    pub authority: String,
    /// Whether the base URL is plain `http://`.
    pub plain_http: bool,
    /// The proxy every request goes through, already chosen (see `proxy::ProxyChoice`).
    pub proxy: Option<ProxyUrl>,
    /// The certificate authorities servers are verified against.
    pub trust: Trust,
}

/// The `ureq` agent (connection pool, TLS config) and the prepared authentication header.
pub(crate) struct Transport {
    /// The agent, and the process it belongs to: after a `fork()` the child builds its own, so
    /// that parent and child never share a pooled connection (and read each other's answers).
    agent: RwLock<(u32, ureq::Agent)>,
    /// What a new agent is built from.
    config: ureq::config::Config,
    proxied: bool,
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

/// What a failure message names: the host, the proxy, the trusted roots and the timeouts.
struct Context {
    host: String,
    authority: String,
    plain_http: bool,
    proxy: Option<String>,
    trust: Trust,
    timeout: Duration,
    connect_timeout: Duration,
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
            // A slow name lookup is bounded like connecting, and reported as nothing sent.
            .timeout_resolve(Some(settings.connect_timeout))
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
        let proxied = settings.proxy.is_some();
        Ok(Transport {
            agent: RwLock::new((std::process::id(), agent(&config, proxied))),
            config,
            proxied,
            api_key,
            max_response_bytes: settings.max_response_bytes,
            context: Context {
                host: settings.host.clone(),
                authority: settings.authority.clone(),
                plain_http: settings.plain_http,
                proxy: settings.proxy.as_ref().map(ToString::to_string),
                trust: settings.trust.clone(),
                timeout: settings.timeout,
                connect_timeout: settings.connect_timeout,
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
        timeout: Option<std::time::Duration>,
    ) -> Result<Reply, AttemptError> {
        REQUEST_WRITTEN.with(|written| written.set(false));
        let timeout_used = timeout.unwrap_or(self.context.timeout);
        let classify = |e: ureq::Error| {
            let written = REQUEST_WRITTEN.with(Cell::get);
            self.context.classify(e, written, timeout_used)
        };
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
                builder
                    .body(bytes)
                    .map(|request| self.run(request, timeout))
            }
            None => builder.body(()).map(|request| self.run(request, timeout)),
        };
        let mut response = sent
            .map_err(|e| AttemptError {
                error: Box::new(Error::invalid_argument(
                    "path",
                    format!("does not form a valid URL: {e}"),
                )),
                failure: AttemptFailure::Permanent,
            })?
            .map_err(classify)?;

        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = if status >= 300 {
            response
                .headers()
                .iter()
                .map(|(name, value)| {
                    (
                        name.as_str().to_owned(),
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    )
                })
                .collect()
        } else {
            Vec::new()
        };
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
                headers,
                request: None,
            }),
            Err(e) => match ureq::Error::from(e) {
                ureq::Error::BodyExceedsLimit(limit) => {
                    Err(self.oversized(status, limit, retry_after))
                }
                // The part that arrived is kept: it may hold a managed subaccount's one-time key.
                other => {
                    let mut failed = classify(other);
                    if !body.is_empty() {
                        failed.error = Box::new(failed.error.with_partial_body(status, &body));
                    }
                    Err(failed)
                }
            },
        }
    }

    /// This process's agent: the parent's after a `fork()` is left alone (its connections are
    /// the parent's) and a new one is built.
    fn agent(&self) -> ureq::Agent {
        let pid = std::process::id();
        {
            let current = self.agent.read().unwrap_or_else(|p| p.into_inner());
            if current.0 == pid {
                return current.1.clone();
            }
        }
        let mut current = self.agent.write().unwrap_or_else(|p| p.into_inner());
        if current.0 != pid {
            let inherited =
                std::mem::replace(&mut *current, (pid, agent(&self.config, self.proxied)));
            // Dropping it could close or shut down sockets the parent still uses.
            std::mem::forget(inherited);
        }
        current.1.clone()
    }

    /// Runs a request, with its own timeout when the call has one.
    fn run<B: ureq::AsSendBody>(
        &self,
        request: http::Request<B>,
        timeout: Option<Duration>,
    ) -> Result<http::Response<ureq::Body>, ureq::Error> {
        let agent = self.agent();
        match timeout {
            None => agent.run(request),
            Some(timeout) => agent.run(
                agent
                    .configure_request(request)
                    .timeout_global(Some(timeout))
                    .build(),
            ),
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
                request: None,
            }
        } else {
            Error::from_response(status, &[], retry_after, Some(note))
        };
        AttemptError {
            error: Box::new(error),
            failure: AttemptFailure::Permanent,
        }
    }
}

/// An agent with this configuration, whose connections note when a request is written.
fn agent(config: &ureq::config::Config, proxied: bool) -> ureq::Agent {
    let connector = DefaultConnector::new().chain(SeesWrites { proxied });
    ureq::Agent::with_parts(config.clone(), connector, CachingResolver::default())
}

/// Bodies above this ask first (`Expect: 100-continue`, as curl does above 1 MiB): a server that
/// refuses the request (e.g. 413) says so before the body is written, and its answer is reported,
/// instead of a connection reset under a half-written body. A server that ignores the header gets
/// the body after ureq's wait for 100 Continue (one second).
const ASK_BEFORE_SENDING_ABOVE: usize = 1024 * 1024;

impl Context {
    /// Maps a `ureq` failure to our error, and decides whether the request could have left:
    /// `written` says whether a byte of it was (see [`SeesWrites`]), and `timeout` is the bound
    /// the attempt had.
    fn classify(&self, err: ureq::Error, written: bool, timeout: Duration) -> AttemptError {
        use ureq::Timeout;
        if let Some(tls) = tls_error(&err) {
            if written {
                // The request left inside the TLS session; the server may have acted on it.
                return AttemptError {
                    error: Box::new(Error::Transport {
                        message: format!("the TLS connection to {} failed: {tls}", self.host),
                        body: None,
                        not_sent: false,
                        request: None,
                    }),
                    failure: AttemptFailure::Ambiguous,
                };
            }
            // A handshake or certificate failure: nothing was sent, and the answer will not
            // change, so it is never retried.
            let message =
                crate::http::tls::describe(tls, &self.host, self.proxy.as_deref(), &self.trust);
            return AttemptError {
                error: Box::new(Error::Tls {
                    message,
                    request: None,
                }),
                failure: AttemptFailure::Permanent,
            };
        }
        // Where a connection goes first: the proxy, when there is one.
        let peer = match &self.proxy {
            Some(proxy) => format!("the proxy {proxy}"),
            None => self.authority.clone(),
        };
        let seconds = |d: Duration| format!("{} s", d.as_secs_f64());
        // Before a byte of the request was written, nothing can have happened on the server.
        let unless_written = if written {
            AttemptFailure::Ambiguous
        } else {
            AttemptFailure::NeverSent
        };
        let (error, failure) = match err {
            ureq::Error::Tls(what) => (
                Error::Tls {
                    message: format!("TLS: cannot verify {}: {what}", self.host),
                    request: None,
                },
                AttemptFailure::Permanent,
            ),
            ureq::Error::HostNotFound => (
                transport(&match &self.proxy {
                    Some(proxy) => format!("could not resolve the proxy's host ({proxy})"),
                    None => format!("could not resolve the host name {:?}", self.host),
                }),
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
                timeout_error(&format!(
                    "no answer within the timeout ({})",
                    seconds(timeout)
                )),
                unless_written,
            ),
            ureq::Error::Io(e) if !written => (
                transport(&format!(
                    "the connection to {peer} failed before the request was sent: {e}"
                )),
                AttemptFailure::NeverSent,
            ),
            ureq::Error::Io(e) => (
                transport(&format!("I/O error: {e}")),
                AttemptFailure::Ambiguous,
            ),
            ureq::Error::Timeout(Timeout::Resolve | Timeout::Connect) => (
                timeout_error(&format!(
                    "no connection to {peer} within the connect_timeout ({})",
                    seconds(self.connect_timeout)
                )),
                AttemptFailure::NeverSent,
            ),
            ureq::Error::Timeout(_) if !written => (
                timeout_error(&format!(
                    "no connection to {peer} within the timeout ({})",
                    seconds(timeout)
                )),
                AttemptFailure::NeverSent,
            ),
            ureq::Error::Timeout(_) => (
                timeout_error(&format!(
                    "no answer within the timeout ({})",
                    seconds(timeout)
                )),
                AttemptFailure::Ambiguous,
            ),
            ureq::Error::Protocol(e) if !written && self.proxy.is_some() => (
                transport(&format!(
                    "{peer} did not answer the tunnel request (CONNECT) with HTTP: {e}"
                )),
                AttemptFailure::NeverSent,
            ),
            ureq::Error::Protocol(e) if self.plain_http => (
                transport(&format!(
                    "the answer from {} is not HTTP ({e}); does it speak HTTPS? Use https:// \
                     in the base URL",
                    self.authority
                )),
                AttemptFailure::Permanent,
            ),
            ureq::Error::Protocol(e) => (
                transport(&format!("the server broke the HTTP protocol: {e}")),
                unless_written,
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
        let error = match error {
            Error::Transport { message, body, .. } => Error::Transport {
                message,
                body,
                not_sent: !written,
                request: None,
            },
            Error::Timeout { message, body, .. } => Error::Timeout {
                message,
                body,
                not_sent: !written,
                request: None,
            },
            other => other,
        };
        AttemptError {
            error: Box::new(error),
            failure,
        }
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
        not_sent: false,
        request: None,
    }
}

fn timeout_error(message: &str) -> Error {
    Error::Timeout {
        message: message.to_owned(),
        body: None,
        not_sent: false,
        request: None,
    }
}

thread_local! {
    /// Whether the attempt under way on this thread has written a byte of its request; ureq
    /// runs each attempt on the calling thread.
    static REQUEST_WRITTEN: Cell<bool> = const { Cell::new(false) };
}

/// The last connector of the chain: it wraps each connection to the API (after any proxy
/// tunnel and TLS handshake) so that writing the request is seen, on new and pooled connections
/// alike. A failure before that write provably sent nothing.
#[derive(Debug)]
struct SeesWrites {
    /// Whether the client goes through a proxy: ureq runs the whole chain for the connection to
    /// a CONNECT proxy too (with the proxy taken out of its settings), and writing the tunnel
    /// request there is not writing the API request.
    proxied: bool,
}

impl Connector<Box<dyn UreqTransport>> for SeesWrites {
    type Out = Box<dyn UreqTransport>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<Box<dyn UreqTransport>>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        let to_the_api = details.config.proxy().is_some() == self.proxied;
        Ok(chained.map(|inner| {
            if to_the_api {
                Box::new(Writes(inner)) as Box<dyn UreqTransport>
            } else {
                inner
            }
        }))
    }
}

/// A connection whose writes are noted in [`REQUEST_WRITTEN`].
#[derive(Debug)]
struct Writes(Box<dyn UreqTransport>);

impl UreqTransport for Writes {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.0.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        if amount > 0 {
            REQUEST_WRITTEN.with(|written| written.set(true));
        }
        self.0.transmit_output(amount, timeout)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.0.await_input(timeout)
    }

    fn is_open(&mut self) -> bool {
        self.0.is_open()
    }

    fn is_tls(&self) -> bool {
        self.0.is_tls()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(proxy: Option<&str>) -> Context {
        Context {
            host: "api.example".into(),
            authority: "api.example:443".into(),
            plain_http: false,
            proxy: proxy.map(str::to_owned),
            trust: crate::http::tls::none(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
        }
    }

    #[test]
    fn what_happened_before_the_request_was_written_sent_nothing() {
        let ctx = context(None);
        let timeout = Duration::from_secs(7);
        // A slow name lookup cut by the whole-call timeout: nothing sent, retried.
        let before = ctx.classify(ureq::Error::Timeout(ureq::Timeout::Global), false, timeout);
        assert_eq!(before.failure, AttemptFailure::NeverSent);
        assert!(before.error.not_sent());
        assert!(
            before.error.to_string().contains("(7 s)"),
            "{}",
            before.error
        );
        let after = ctx.classify(ureq::Error::Timeout(ureq::Timeout::Global), true, timeout);
        assert_eq!(after.failure, AttemptFailure::Ambiguous);
        assert!(!after.error.not_sent());
        assert!(after
            .error
            .to_string()
            .contains("no answer within the timeout (7 s)"));
        let resolve = ctx.classify(ureq::Error::Timeout(ureq::Timeout::Resolve), false, timeout);
        assert!(resolve.error.to_string().contains("connect_timeout (10 s)"));
        let reset = io::Error::from(io::ErrorKind::ConnectionReset);
        let dropped = ctx.classify(ureq::Error::Io(reset), false, timeout);
        assert_eq!(dropped.failure, AttemptFailure::NeverSent);
        let reset = io::Error::from(io::ErrorKind::ConnectionReset);
        assert_eq!(
            ctx.classify(ureq::Error::Io(reset), true, timeout).failure,
            AttemptFailure::Ambiguous
        );
        let dns = ctx.classify(ureq::Error::HostNotFound, false, timeout);
        assert!(
            dns.error.to_string().contains("\"api.example\""),
            "{}",
            dns.error
        );
    }

    #[test]
    fn a_refused_connection_names_the_port_or_the_proxy() {
        let refused = || ureq::Error::Io(io::Error::from(io::ErrorKind::ConnectionRefused));
        let direct = context(None).classify(refused(), false, Duration::from_secs(1));
        assert!(direct.error.to_string().contains("api.example:443"));
        let proxied = context(Some("http://proxy.example:3128")).classify(
            refused(),
            false,
            Duration::from_secs(1),
        );
        assert!(proxied
            .error
            .to_string()
            .contains("the proxy http://proxy.example:3128"));
    }
}
