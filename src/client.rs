//! `Client`: the handle every endpoint hangs off, its per-view [`CallOptions`], and the one call
//! engine (rate limiting, the before-send hook, retries, cancellation, error context). Each
//! endpoint (in `crate::api`) states its [`Policy`]; none loops on its own.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use ureq::http::Method;

use crate::cancel::CancelToken;
use crate::config::{check_wait, ClientBuilder};
use crate::decode::{RawBody, RawJson, Response};
use crate::error::{ApiFailure, Error, RequestInfo, ResponseBody, Result};
use crate::http::rate_limit::{Limiter, RateLimit};
use crate::http::retry::{AttemptFailure, RetryPolicy};
use crate::http::transport::{AttemptError, Connection, Reply, Transport, TransportSettings};
use crate::secret::Secret;
use crate::validate::{validate, Rules};

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

pub(crate) struct Inner {
    pub(crate) transport: Transport,
    /// Kept to redact it from server text that echoes it back.
    pub(crate) api_key: Secret,
    pub(crate) base_url: String,
    pub(crate) retry: RetryPolicy,
    pub(crate) limiter: Option<Limiter>,
    pub(crate) rate_limit: Option<RateLimit>,
    pub(crate) settings: TransportSettings,
    /// The path of the service users' list that answered (the docs give two).
    pub(crate) service_users_path: std::sync::OnceLock<&'static str>,
}

/// A CertCentral client. Cheap to clone; clones share the connection pool and the rate limiter,
/// and a client may be used from many threads at once.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
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

    /// A client over a configuration `ClientBuilder::build` has checked.
    pub(crate) fn from_inner(inner: Arc<Inner>) -> Client {
        Client {
            inner,
            options: CallOptions::default(),
        }
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
        let policy = match method {
            Method::GET | Method::HEAD => Policy::READ,
            _ => Policy::CREATE,
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
        let call = Call {
            method,
            path: route,
            query,
            body,
            policy,
        };
        self.call(call, |reply| {
            if reply.body.iter().all(u8::is_ascii_whitespace) {
                return Ok((reply.status, RawJson::default()));
            }
            std::str::from_utf8(&reply.body)
                .map_err(|e| format!("the body is not UTF-8 (at byte {})", e.valid_up_to()))
                .and_then(|text| {
                    // Parsed in full, with the parser `request_json` uses: what it would
                    // refuse (too deep, a number out of range) is refused here too.
                    serde_json::from_str::<serde_json::Value>(text).map_err(|e| e.to_string())?;
                    Ok((reply.status, RawJson::whole(&RawBody::new(text))))
                })
                .map_err(|message| {
                    undecodable_read(reply.status, &reply.body, &message, reply.request.as_ref())
                })
        })
    }

    /// `GET path?query`, its 2xx answer decoded as `T`.
    pub(crate) fn read<T: Response>(&self, path: &str, query: &str) -> Result<T> {
        let call = Call {
            method: Method::GET,
            path,
            query,
            body: None,
            policy: Policy::READ,
        };
        self.call(call, |reply| {
            crate::decode::decode(&reply.body).map_err(|failure| {
                undecodable_read(
                    reply.status,
                    &reply.body,
                    &failure.to_string(),
                    reply.request.as_ref(),
                )
            })
        })
    }

    /// `method path` with `request` as its JSON body (checked against its rules first), its 2xx
    /// answer decoded as `T` (see [`decode_created`]).
    pub(crate) fn write<T: Response>(
        &self,
        method: Method,
        path: &str,
        request: &(impl Rules + Serialize),
        policy: Policy,
    ) -> Result<T> {
        let body = json_body(request)?;
        let call = Call {
            method,
            path,
            query: "",
            body: Some(body),
            policy,
        };
        self.call(call, decode_created)
    }

    /// [`Client::write`] for an endpoint whose answer carries nothing needed (`201` with an
    /// empty body, say).
    pub(crate) fn write_ignoring_answer(
        &self,
        method: Method,
        path: &str,
        request: &(impl Rules + Serialize),
        policy: Policy,
    ) -> Result<()> {
        let body = json_body(request)?;
        let call = Call {
            method,
            path,
            query: "",
            body: Some(body),
            policy,
        };
        self.call(call, |_| Ok(()))
    }

    /// `DELETE path`: the answer's body is not needed.
    pub(crate) fn delete(&self, path: &str) -> Result<()> {
        let call = Call {
            method: Method::DELETE,
            path,
            query: "",
            body: None,
            policy: Policy::DELETE,
        };
        self.call(call, |_| Ok(()))
    }

    /// The one call engine: sends `call` with retries as its policy allows, and hands each 2xx
    /// answer to `accept`. After a failure that may have reached the server, only a request
    /// that is safe to repeat is sent again (see [`RetryPolicy`]).
    fn call<T>(&self, call: Call<'_>, accept: impl Fn(&Reply) -> Result<T>) -> Result<T> {
        let Call {
            method,
            path,
            query,
            body,
            policy,
        } = call;
        let inner = &self.inner;
        let mut url = format!("{}{path}", inner.base_url);
        if !query.is_empty() {
            url.push('?');
            url.push_str(query);
        }
        let request = || RequestInfo {
            method: method.to_string(),
            url: format!("{}{path}", inner.base_url),
        };
        let idempotent = policy.repeat != Repeat::OnlyIfNeverSent;
        let options = &self.options;
        let cancel = options.cancel.as_ref();
        let max_retries = self.max_retries();
        let mut attempt: u32 = 0;
        // Whether an earlier attempt may have taken effect on the server.
        let mut maybe_carried_out = false;
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
                    let connection = policy.connection;
                    crate::http::walk_away::attempt(token, move || {
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
                        policy.connection,
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
                    reply.request = Some(request());
                    match accept(&reply) {
                        // An answer that cannot be read is asked for again when repeating the
                        // request cannot change its outcome.
                        Err(error) if policy.repeat == Repeat::SafeUntilReadable => {
                            log::info!(target: "certcentral", "{method} {path}: answer unreadable ({})", error.kind());
                            (error, AttemptFailure::Ambiguous, None)
                        }
                        outcome => return outcome,
                    }
                }
                Ok(reply) if reply.status == 404 && policy.gone_is_done && maybe_carried_out => {
                    log::info!(target: "certcentral", "{method} {path} -> 404 after an attempt that may have been carried out: done");
                    return accept(&reply);
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
                let error = with_attempts(error, attempt).with_request(&request());
                let error = if !idempotent && failure == AttemptFailure::Ambiguous {
                    may_have_been_carried_out(error)
                } else {
                    error
                };
                Err(error.redacting(inner.api_key.expose()))
            };
            maybe_carried_out |= match failure {
                AttemptFailure::Ambiguous => true,
                AttemptFailure::Status(status) => status >= 500,
                AttemptFailure::NeverSent | AttemptFailure::Permanent => false,
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

/// One request as the call engine sends it.
struct Call<'a> {
    method: Method,
    path: &'a str,
    query: &'a str,
    body: Option<Vec<u8>>,
    policy: Policy,
}

/// Whether a request may be sent again after a failure that may have reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Repeat {
    /// Repeating it cannot change the outcome (reads): every failure worth retrying is retried.
    Safe,
    /// As `Safe`, and a 2xx answer that cannot be read is asked for again, within the same
    /// retry budget (an organization under the duplicate check is answered with the same one).
    SafeUntilReadable,
    /// Repeating it could create something twice: only a request that provably never left (or
    /// met 429) is sent again.
    OnlyIfNeverSent,
}

/// What an endpoint states about itself to the call engine: its retry policy, and whether its
/// connection is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Policy {
    pub(crate) repeat: Repeat,
    pub(crate) connection: Connection,
    /// A 404 after an earlier attempt that may have been carried out means the work is done
    /// (a DELETE whose first attempt took effect but whose answer was lost).
    pub(crate) gone_is_done: bool,
}

impl Policy {
    /// A read: repeated after any failure worth retrying.
    pub(crate) const READ: Policy = Policy {
        repeat: Repeat::Safe,
        connection: Connection::KeepAlive,
        gone_is_done: false,
    };
    /// A PUT that sets a record's state: sending it twice leaves the same state, so it is
    /// retried as a read is.
    pub(crate) const UPDATE: Policy = Policy {
        repeat: Repeat::Safe,
        connection: Connection::KeepAlive,
        gone_is_done: false,
    };
    /// A DELETE: retried as a read is, and a 404 after an attempt that may have been carried
    /// out is success (a 404 on the first attempt stays `NOT_FOUND`).
    pub(crate) const DELETE: Policy = Policy {
        repeat: Repeat::Safe,
        connection: Connection::KeepAlive,
        gone_is_done: true,
    };
    /// A creation: repeated only when it provably never left.
    pub(crate) const CREATE: Policy = Policy {
        repeat: Repeat::OnlyIfNeverSent,
        connection: Connection::KeepAlive,
        gone_is_done: false,
    };
    /// A creation whose answer holds a one-time key: its connection (and the copy of the answer
    /// in its buffers) is dropped once the answer is read.
    pub(crate) const CREATE_ONE_TIME_KEY: Policy = Policy {
        repeat: Repeat::OnlyIfNeverSent,
        connection: Connection::CloseAfter,
        gone_is_done: false,
    };
    /// A creation the server deduplicates (an organization under the duplicate check): repeated
    /// after any failure, and asked again when its answer cannot be read.
    pub(crate) const CREATE_DEDUPLICATED: Policy = Policy {
        repeat: Repeat::SafeUntilReadable,
        connection: Connection::KeepAlive,
        gone_is_done: false,
    };
}

/// A body already checked (the merge of a record read from the server with the caller's
/// checked changes): sent as it is.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub(crate) struct MergedBody(pub(crate) serde_json::Map<String, serde_json::Value>);

impl Rules for MergedBody {
    fn check(&self) -> std::result::Result<(), crate::validate::Violation> {
        Ok(())
    }
}

/// The fields of `current` (a record as the server sent it) named in `fields` that it has and
/// are not null, overlaid with every field of `changes`: what an update sends so that nothing
/// the caller did not name is erased.
pub(crate) fn merged(
    current: Option<&serde_json::Value>,
    fields: &[&str],
    changes: &impl Serialize,
) -> Result<serde_json::Map<String, serde_json::Value>> {
    let mut body = serde_json::Map::new();
    if let Some(serde_json::Value::Object(current)) = current {
        for field in fields {
            if let Some(value) = current.get(*field).filter(|v| !v.is_null()) {
                body.insert((*field).to_owned(), value.clone());
            }
        }
    }
    match serde_json::to_value(changes) {
        Ok(serde_json::Value::Object(changes)) => body.extend(changes),
        Ok(_) => {}
        Err(e) => {
            return Err(Error::invalid_argument(
                "request",
                format!("cannot be sent as JSON: {e}"),
            ))
        }
    }
    Ok(body)
}

/// A request's JSON body: its rules checked, and no NUL in any string.
fn json_body(request: &(impl Rules + Serialize)) -> Result<Vec<u8>> {
    validate(request)?;
    let value = serde_json::to_value(request)
        .map_err(|e| Error::invalid_argument("request", format!("cannot be sent as JSON: {e}")))?;
    if let Some(path) = crate::validate::nul_in(&value) {
        let field = path.trim_start_matches('.').to_owned();
        return Err(crate::validate::Violation {
            field,
            rule: crate::validate::Rule::NoNul,
        }
        .into());
    }
    Ok(value.to_string().into_bytes())
}

/// Ids that go into a list the API replaces: each positive (an empty list is allowed: it
/// clears the list).
pub(crate) fn validate_ids(field: &str, ids: &[i64]) -> Result<()> {
    Ok(crate::validate::positive_ids(field, ids)?)
}

/// A 404 `not_found|route`: the server has no such endpoint (as opposed to no such record).
pub(crate) fn is_missing_route(error: &Error) -> bool {
    error.status() == crate::Status::NotFound
        && error
            .api_errors()
            .iter()
            .any(|e| e.code == "not_found|route")
}

/// An id that goes into a path: positive, checked before anything is sent.
pub(crate) fn path_id(field: &str, id: i64) -> Result<i64> {
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
    crate::decode::decode(&reply.body).map_err(|failure| Error::Decode {
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
            .write_ignoring_answer(Method::POST, "user", &Unsendable, Policy::CREATE)
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
}
