//! One HTTP attempt over the shared `ureq` agent, and how its failures are classified.

use std::io::{self, Read};
use std::time::{Duration, SystemTime};

use ureq::http::{self, header, HeaderValue, Method};

use crate::error::Error;
use crate::resolver::CachingResolver;
use crate::retry::{parse_retry_after, AttemptFailure};

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
    /// True for a loopback base URL: then no proxy from the environment is used, so a request
    /// meant for this machine (and its key) never crosses the network.
    pub direct: bool,
}

/// The `ureq` agent (connection pool, TLS config) and the prepared authentication header.
pub(crate) struct Transport {
    agent: ureq::Agent,
    api_key: HeaderValue,
    max_response_bytes: u64,
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
            .max_idle_connections_per_host(settings.max_idle_connections);
        let config = if settings.direct {
            config.proxy(None)
        } else {
            config
        }
        .build();
        let connector = ureq::unversioned::transport::DefaultConnector::new();
        Ok(Transport {
            agent: ureq::Agent::with_parts(config, connector, CachingResolver::default()),
            api_key,
            max_response_bytes: settings.max_response_bytes,
        })
    }

    /// Sends one request and reads the whole response body (up to the size cap).
    pub(crate) fn send(
        &self,
        method: &Method,
        url: &str,
        body: Option<&[u8]>,
    ) -> Result<Reply, AttemptError> {
        let builder = http::Request::builder()
            .method(method.clone())
            .uri(url)
            .header("X-DC-DEVKEY", self.api_key.clone());
        let sent = match body {
            Some(bytes) => builder
                .header(header::CONTENT_TYPE, "application/json")
                .body(bytes)
                .map(|request| self.agent.run(request)),
            None => builder.body(()).map(|request| self.agent.run(request)),
        };
        let mut response = sent
            .map_err(|e| AttemptError {
                error: Error::invalid_argument("path", format!("does not form a valid URL: {e}")),
                failure: AttemptFailure::Permanent,
            })?
            .map_err(classify)?;

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
                    let mut failed = classify(other);
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

/// Maps a `ureq` failure to our error, and decides whether the request could have left.
fn classify(err: ureq::Error) -> AttemptError {
    use ureq::Timeout;
    let (error, failure) = match err {
        ureq::Error::HostNotFound => (
            transport("could not resolve the host"),
            AttemptFailure::NeverSent,
        ),
        ureq::Error::ConnectionFailed => {
            (transport("could not connect"), AttemptFailure::NeverSent)
        }
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
                transport(&format!("could not connect: {e}")),
                AttemptFailure::NeverSent,
            )
        }
        ureq::Error::ConnectProxyFailed(e) => (
            transport(&format!("the proxy refused the connection: {e}")),
            AttemptFailure::NeverSent,
        ),
        ureq::Error::Io(e) if e.kind() == io::ErrorKind::TimedOut => (
            timeout(&format!("I/O timed out: {e}")),
            AttemptFailure::Ambiguous,
        ),
        ureq::Error::Io(e) => (
            transport(&format!("I/O error: {e}")),
            AttemptFailure::Ambiguous,
        ),
        ureq::Error::Timeout(which @ (Timeout::Resolve | Timeout::Connect)) => (
            timeout(&format!("no connection within the {which} timeout")),
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
