//! The one error type, shared by the Rust API, the C ABI and the Python module.
//!
//! Every failure is an [`Error`] variant, and every variant maps to one stable [`Status`]. The C ABI
//! returns the status; Python raises the exception class chosen from it. Nothing maps by message text.

use std::ffi::CStr;
use std::fmt;
use std::time::Duration;

use serde::Deserialize;

/// Stable status codes. The values never change: C programs compare against them.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Success.
    Ok = 0,
    /// A NULL pointer, bad UTF-8, or a bad configuration value.
    InvalidArgument = 1,
    /// The request breaks a documented rule; nothing was sent.
    Validation = 2,
    /// DNS, connect, proxy or I/O failure.
    Transport = 3,
    /// A timeout fired.
    Timeout = 4,
    /// A 2xx response whose body is not the documented JSON.
    Decode = 5,
    /// TLS: the server's certificate is not trusted, not for this host or expired, or the
    /// handshake failed. Never retried.
    Tls = 6,
    /// HTTP 400.
    BadRequest = 10,
    /// HTTP 401, or an `access_denied|…invalid_key` error code.
    Authentication = 11,
    /// HTTP 403.
    PermissionDenied = 12,
    /// HTTP 404.
    NotFound = 13,
    /// HTTP 409.
    Conflict = 14,
    /// HTTP 429 after retries ran out, or the client-side limiter would wait too long.
    RateLimited = 15,
    /// HTTP 5xx after retries ran out.
    Server = 16,
    /// Any other non-2xx response.
    Api = 17,
    /// A bug caught at the C or Python boundary.
    Panic = 99,
}

impl Status {
    /// Every status, in value order.
    ///
    /// cbindgen:ignore
    pub const ALL: [Status; 16] = [
        Status::Ok,
        Status::InvalidArgument,
        Status::Validation,
        Status::Transport,
        Status::Timeout,
        Status::Decode,
        Status::Tls,
        Status::BadRequest,
        Status::Authentication,
        Status::PermissionDenied,
        Status::NotFound,
        Status::Conflict,
        Status::RateLimited,
        Status::Server,
        Status::Api,
        Status::Panic,
    ];

    /// The lower-case name, e.g. `"permission_denied"`. Python exposes it as `kind`.
    pub fn name(self) -> &'static str {
        // Every name is ASCII, so the conversion cannot fail.
        self.c_name().to_str().unwrap_or("unknown")
    }

    /// The name as a C string, for the C ABI.
    pub fn c_name(self) -> &'static CStr {
        match self {
            Status::Ok => c"ok",
            Status::InvalidArgument => c"invalid_argument",
            Status::Validation => c"validation",
            Status::Transport => c"transport",
            Status::Timeout => c"timeout",
            Status::Decode => c"decode",
            Status::Tls => c"tls",
            Status::BadRequest => c"bad_request",
            Status::Authentication => c"authentication",
            Status::PermissionDenied => c"permission_denied",
            Status::NotFound => c"not_found",
            Status::Conflict => c"conflict",
            Status::RateLimited => c"rate_limited",
            Status::Server => c"server",
            Status::Api => c"api",
            Status::Panic => c"panic",
        }
    }

    /// The status with this numeric value, if there is one.
    pub fn from_code(code: i64) -> Option<Status> {
        Status::ALL.into_iter().find(|s| *s as i64 == code)
    }

    /// The status an HTTP error response maps to.
    fn for_response(http_status: u16, errors: &[ApiErrorDetail]) -> Status {
        if http_status == 401 || errors.iter().any(ApiErrorDetail::is_invalid_key) {
            return Status::Authentication;
        }
        match http_status {
            400 => Status::BadRequest,
            403 => Status::PermissionDenied,
            404 => Status::NotFound,
            409 => Status::Conflict,
            429 => Status::RateLimited,
            500..=599 => Status::Server,
            _ => Status::Api,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One entry of the API's `errors` array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiErrorDetail {
    /// The API's error code, e.g. `access_denied|missing_permission`.
    pub code: String,
    /// The API's message (the legacy API called it `description`).
    pub message: String,
}

impl ApiErrorDetail {
    fn is_invalid_key(&self) -> bool {
        self.code.starts_with("access_denied|") && self.code.ends_with("invalid_key")
    }
}

/// A response body kept for the caller. Its `Debug` shows only the length: a body can hold a
/// managed subaccount's one-time `api_key`.
#[derive(Clone, PartialEq, Eq)]
pub struct ResponseBody(String);

impl ResponseBody {
    pub(crate) fn new(bytes: &[u8]) -> ResponseBody {
        ResponseBody(String::from_utf8_lossy(bytes).into_owned())
    }

    /// The body as received (invalid UTF-8 replaced by U+FFFD).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Drop for ResponseBody {
    /// A body can hold a one-time key: its bytes are zeroed before the memory is released.
    fn drop(&mut self) {
        crate::secret::wipe_string(&mut self.0);
    }
}

impl fmt::Debug for ResponseBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResponseBody(<{} bytes>)", self.0.len())
    }
}

/// What an HTTP error response (or the client-side rate limiter) reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiFailure {
    /// The HTTP status; `None` when no response was received (client-side rate limiting).
    pub http_status: Option<u16>,
    /// The parsed `errors` list; empty when the body had none.
    pub errors: Vec<ApiErrorDetail>,
    /// How long the server (or the limiter) asked to wait.
    pub retry_after: Option<Duration>,
    /// The body as received.
    pub body: Option<ResponseBody>,
    /// What the client adds, e.g. that retries ran out.
    pub note: Option<String>,
    /// The request that got this answer, and the answer's headers (see [`Error::request`] and
    /// [`Error::headers`]); boxed, so that every `Result` of the crate stays small.
    pub exchange: Option<Box<Exchange>>,
}

/// The request an HTTP error answered, and the answer's headers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Exchange {
    /// The request, once the client has attached it.
    pub request: Option<RequestInfo>,
    /// The response's headers (names in lower case), as received.
    pub headers: Vec<(String, String)>,
}

/// The request an error is about: its method, and its URL without the query string (which can
/// hold email addresses). The API key travels in a header and is never part of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestInfo {
    /// `GET`, `POST`, `PUT`, `DELETE`, …
    pub method: String,
    /// The base URL and the endpoint's path, e.g. `https://www.digicert.com/services/v2/user/me`.
    pub url: String,
}

impl fmt::Display for RequestInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.url)
    }
}

/// The most characters of one server-sent text (a code or a message) that a message repeats.
const MAX_SERVER_TEXT_CHARS: usize = 200;
/// The most entries of the `errors` list that a message repeats.
const MAX_SHOWN_ERRORS: usize = 5;

/// Server text as a message repeats it: at most [`MAX_SERVER_TEXT_CHARS`], control characters
/// shown as spaces.
struct Capped<'a>(&'a str);

impl fmt::Display for Capped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut chars = self.0.chars();
        for c in chars.by_ref().take(MAX_SERVER_TEXT_CHARS) {
            f.write_fmt(format_args!("{}", if c.is_control() { ' ' } else { c }))?;
        }
        if chars.next().is_some() {
            f.write_str("…")?;
        }
        Ok(())
    }
}

impl fmt::Display for ApiFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.http_status {
            Some(code) => write!(f, "HTTP {code}")?,
            None => f.write_str("no request sent")?,
        }
        for (i, detail) in self.errors.iter().take(MAX_SHOWN_ERRORS).enumerate() {
            let sep = if i == 0 { ": " } else { "; " };
            write!(f, "{sep}{}", Capped(&detail.code))?;
            if !detail.message.is_empty() {
                write!(f, " ({})", Capped(&detail.message))?;
            }
        }
        if self.errors.len() > MAX_SHOWN_ERRORS {
            write!(f, "; and {} more", self.errors.len() - MAX_SHOWN_ERRORS)?;
        }
        if let Some(wait) = self.retry_after {
            write!(f, "; retry after {:.3}s", wait.as_secs_f64())?;
        }
        if let Some(note) = &self.note {
            write!(f, "; {note}")?;
        }
        // A wrong base URL or path shows as a 404: say which URL it was.
        let request = self.exchange.as_ref().and_then(|e| e.request.as_ref());
        if let (Some(404), Some(request)) = (self.http_status, request) {
            write!(f, " ({request})")?;
        }
        Ok(())
    }
}

/// Every way a call can fail. [`Error::status`] gives the stable code.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A bad argument or configuration value.
    #[error("invalid argument `{field}`: {rule}")]
    InvalidArgument {
        /// The argument or setting, e.g. `base_url` or `rate_limit`.
        field: String,
        /// What it must be, e.g. `must be greater than zero`.
        rule: String,
    },
    /// The request breaks a documented rule; nothing was sent.
    #[error("invalid request: `{field}` {rule} (nothing was sent)")]
    Validation {
        /// The field as a JSON path, e.g. `user.email` or `emails[0]`.
        field: String,
        /// The rule it breaks, e.g. `must be at most 128 characters (got 130)`.
        rule: String,
    },
    /// DNS, connect, proxy or I/O failure. `body` holds what arrived of a response body before
    /// the connection broke.
    #[error("transport error: {message}")]
    Transport {
        /// What failed, with what the client adds (attempts made, whether a POST may have
        /// been carried out).
        message: String,
        /// The part of the response body that arrived, if any.
        body: Option<ResponseBody>,
        /// True when not a byte of the request was written: the name did not resolve, the
        /// connection was refused, the proxy or the TLS handshake failed. The server cannot
        /// have acted on it.
        not_sent: bool,
        /// The request that failed.
        request: Option<Box<RequestInfo>>,
    },
    /// A TLS check failed: the message says which, for which host, and what to do.
    #[error("{message}")]
    Tls {
        /// Which check failed, for which host, and what to do about it.
        message: String,
        /// The request that failed.
        request: Option<Box<RequestInfo>>,
    },
    /// A timeout fired. `body` holds what arrived of a response body before it fired.
    #[error("timed out: {message}")]
    Timeout {
        /// What timed out, with what the client adds (as for `Transport`).
        message: String,
        /// The part of the response body that arrived, if any.
        body: Option<ResponseBody>,
        /// True when it fired before a byte of the request was written (resolving the name,
        /// connecting, the proxy, the TLS handshake): the server cannot have acted on it.
        not_sent: bool,
        /// The request that timed out.
        request: Option<Box<RequestInfo>>,
    },
    /// A 2xx response whose body is not the documented JSON. The body is kept. For a creation
    /// the message says that the server carried the request out.
    #[error("HTTP {http_status}: {message}")]
    Decode {
        /// The response's HTTP status (2xx).
        http_status: u16,
        /// Why the body could not be decoded.
        message: String,
        /// The body as received; `None` when it was not kept (e.g. over `max_response_bytes`).
        body: Option<ResponseBody>,
        /// The request that got this answer.
        request: Option<Box<RequestInfo>>,
    },
    /// HTTP 400.
    #[error("bad request: {0}")]
    BadRequest(ApiFailure),
    /// HTTP 401, or an `access_denied|…invalid_key` code.
    #[error("authentication failed: {0}")]
    Authentication(ApiFailure),
    /// HTTP 403.
    #[error("permission denied: {0}")]
    PermissionDenied(ApiFailure),
    /// HTTP 404.
    #[error("not found: {0}")]
    NotFound(ApiFailure),
    /// HTTP 409.
    #[error("conflict: {0}")]
    Conflict(ApiFailure),
    /// HTTP 429 after retries ran out, or a client-side wait longer than allowed.
    #[error("rate limited: {0}")]
    RateLimited(ApiFailure),
    /// HTTP 5xx after retries ran out.
    #[error("server error: {0}")]
    Server(ApiFailure),
    /// Any other non-2xx response.
    #[error("API error: {0}")]
    Api(ApiFailure),
    /// A bug caught at a language boundary.
    #[error("internal error (a bug in certcentral): {message}")]
    Panic {
        /// The panic's message.
        message: String,
    },
    /// The call's [`CancelToken`](crate::CancelToken) was cancelled (Ctrl-C, a cancelled task,
    /// a bulk run stopping): nothing further was sent. Its status is `TRANSPORT`; the Python
    /// face raises the signal's own exception (e.g. `KeyboardInterrupt`) instead.
    #[error("interrupted; nothing further was sent")]
    Interrupted,
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The stable status code of this error.
    pub fn status(&self) -> Status {
        match self {
            Error::InvalidArgument { .. } => Status::InvalidArgument,
            Error::Validation { .. } => Status::Validation,
            Error::Transport { .. } => Status::Transport,
            Error::Timeout { .. } => Status::Timeout,
            Error::Decode { .. } => Status::Decode,
            Error::Tls { .. } => Status::Tls,
            Error::BadRequest(_) => Status::BadRequest,
            Error::Authentication(_) => Status::Authentication,
            Error::PermissionDenied(_) => Status::PermissionDenied,
            Error::NotFound(_) => Status::NotFound,
            Error::Conflict(_) => Status::Conflict,
            Error::RateLimited(_) => Status::RateLimited,
            Error::Server(_) => Status::Server,
            Error::Api(_) => Status::Api,
            Error::Panic { .. } => Status::Panic,
            Error::Interrupted => Status::Transport,
        }
    }

    /// Whether the request provably never reached the server (see `not_sent` of
    /// [`Error::Transport`] and [`Error::Timeout`]; a TLS failure, which is reported only before
    /// the request was written, and a check that failed before sending, such as `VALIDATION`,
    /// count too): repeating it cannot do anything twice.
    pub fn not_sent(&self) -> bool {
        match self {
            Error::Transport { not_sent, .. } | Error::Timeout { not_sent, .. } => *not_sent,
            // TLS is reported only for a failure before the request was written.
            Error::InvalidArgument { .. } | Error::Validation { .. } | Error::Tls { .. } => true,
            _ => false,
        }
    }

    /// The lower-case status name, e.g. `"not_found"`.
    pub fn kind(&self) -> &'static str {
        self.status().name()
    }

    /// For `INVALID_ARGUMENT` and `VALIDATION`: the argument or request field at fault (e.g.
    /// `user.email`, `base_url`).
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::InvalidArgument { field, .. } | Error::Validation { field, .. } => Some(field),
            _ => None,
        }
    }

    /// For `INVALID_ARGUMENT` and `VALIDATION`: the rule the field breaks.
    pub fn rule(&self) -> Option<&str> {
        match self {
            Error::InvalidArgument { rule, .. } | Error::Validation { rule, .. } => Some(rule),
            _ => None,
        }
    }

    /// The details of an API failure, for the HTTP-status variants.
    pub fn api_failure(&self) -> Option<&ApiFailure> {
        match self {
            Error::BadRequest(f)
            | Error::Authentication(f)
            | Error::PermissionDenied(f)
            | Error::NotFound(f)
            | Error::Conflict(f)
            | Error::RateLimited(f)
            | Error::Server(f)
            | Error::Api(f) => Some(f),
            _ => None,
        }
    }

    /// The HTTP status of the response, when one was received.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Decode { http_status, .. } => Some(*http_status),
            _ => self.api_failure().and_then(|f| f.http_status),
        }
    }

    /// The API's `errors` list; empty when there was none.
    pub fn api_errors(&self) -> &[ApiErrorDetail] {
        self.api_failure().map_or(&[], |f| &f.errors)
    }

    /// How long the server (or the client-side limiter) asked to wait.
    pub fn retry_after(&self) -> Option<Duration> {
        self.api_failure().and_then(|f| f.retry_after)
    }

    /// The response body, where one was received (for a broken connection: the part that
    /// arrived).
    pub fn body(&self) -> Option<&str> {
        match self {
            Error::Decode { body, .. }
            | Error::Transport { body, .. }
            | Error::Timeout { body, .. } => body.as_ref().map(ResponseBody::as_str),
            _ => self
                .api_failure()
                .and_then(|f| f.body.as_ref())
                .map(ResponseBody::as_str),
        }
    }

    /// The request this error is about (method, and URL without its query), when one was
    /// made.
    pub fn request(&self) -> Option<&RequestInfo> {
        match self {
            Error::Transport { request, .. }
            | Error::Timeout { request, .. }
            | Error::Decode { request, .. }
            | Error::Tls { request, .. } => request.as_deref(),
            _ => self
                .api_failure()
                .and_then(|f| f.exchange.as_ref())
                .and_then(|e| e.request.as_ref()),
        }
    }

    /// The response's headers (names in lower case), for an HTTP error; empty otherwise.
    pub fn headers(&self) -> &[(String, String)] {
        self.api_failure()
            .and_then(|f| f.exchange.as_ref())
            .map_or(&[], |e| &e.headers)
    }

    /// An HTTP error with the response's headers.
    pub(crate) fn with_headers(mut self, headers: Vec<(String, String)>) -> Error {
        if let Error::BadRequest(f)
        | Error::Authentication(f)
        | Error::PermissionDenied(f)
        | Error::NotFound(f)
        | Error::Conflict(f)
        | Error::RateLimited(f)
        | Error::Server(f)
        | Error::Api(f) = &mut self
        {
            f.exchange.get_or_insert_with(Box::default).headers = headers;
        }
        self
    }

    /// The error, about `info`'s request (kept where the error has none yet).
    pub(crate) fn with_request(mut self, info: &RequestInfo) -> Error {
        match &mut self {
            Error::Transport { request, .. }
            | Error::Timeout { request, .. }
            | Error::Decode { request, .. }
            | Error::Tls { request, .. } => {
                request.get_or_insert_with(|| Box::new(info.clone()));
            }
            Error::BadRequest(f)
            | Error::Authentication(f)
            | Error::PermissionDenied(f)
            | Error::NotFound(f)
            | Error::Conflict(f)
            | Error::RateLimited(f)
            | Error::Server(f)
            | Error::Api(f) => {
                let exchange = f.exchange.get_or_insert_with(Box::default);
                exchange.request.get_or_insert_with(|| info.clone());
            }
            _ => {}
        }
        self
    }

    /// A one-time `api_key` (of a managed subaccount, a service user, or a created API key)
    /// found in the body of a 2xx answer that could not be decoded, or in the part of a body
    /// that arrived before the connection broke. The key can never be fetched again, so it must
    /// not be lost with the error. A key sent as a number is given as its digits.
    pub fn one_time_key(&self) -> Option<String> {
        if !matches!(
            self,
            Error::Decode { .. } | Error::Transport { .. } | Error::Timeout { .. }
        ) {
            return None;
        }
        find_api_key(self.body()?)
    }

    /// The error with the client's own API key removed from every text it hands out (message,
    /// field, rule, the server's codes and messages, the body), by the rules of [`redact`]: for
    /// a server that echoes the key back, or a key passed where another value goes.
    pub(crate) fn redacting(self, key: &str) -> Error {
        if key.is_empty() {
            return self;
        }
        let clean = |text: &mut String| {
            if let std::borrow::Cow::Owned(clean) = redact(text, key) {
                *text = clean;
            }
        };
        let clean_body = |body: &mut Option<ResponseBody>| {
            if let Some(b) = body {
                if let std::borrow::Cow::Owned(clean) = redact(b.as_str(), key) {
                    *b = ResponseBody(clean);
                }
            }
        };
        let mut error = self;
        match &mut error {
            Error::Transport { message, body, .. } | Error::Timeout { message, body, .. } => {
                clean(message);
                clean_body(body);
            }
            Error::Decode { message, body, .. } => {
                clean(message);
                clean_body(body);
            }
            Error::Tls { message, .. } | Error::Panic { message } => clean(message),
            Error::InvalidArgument { field, rule } | Error::Validation { field, rule } => {
                clean(field);
                clean(rule);
            }
            Error::BadRequest(f)
            | Error::Authentication(f)
            | Error::PermissionDenied(f)
            | Error::NotFound(f)
            | Error::Conflict(f)
            | Error::RateLimited(f)
            | Error::Server(f)
            | Error::Api(f) => {
                for detail in &mut f.errors {
                    clean(&mut detail.code);
                    clean(&mut detail.message);
                }
                if let Some(note) = &mut f.note {
                    clean(note);
                }
                clean_body(&mut f.body);
            }
            Error::Interrupted => {}
        }
        error
    }

    /// Attaches the part of a `status` response body that arrived before a failure.
    pub(crate) fn with_partial_body(self, status: u16, partial: &[u8]) -> Error {
        let note = format!(
            "after {} bytes of an HTTP {status} response body",
            partial.len()
        );
        let body = Some(ResponseBody::new(partial));
        match self {
            Error::Transport {
                message, request, ..
            } => Error::Transport {
                message: format!("{message} ({note})"),
                body,
                not_sent: false,
                request,
            },
            Error::Timeout {
                message, request, ..
            } => Error::Timeout {
                message: format!("{message} ({note})"),
                body,
                not_sent: false,
                request,
            },
            other => other,
        }
    }

    /// The error for a panic caught at a language boundary.
    pub fn from_panic(payload: &(dyn std::any::Any + Send)) -> Error {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        Error::Panic { message }
    }

    pub(crate) fn invalid_argument(field: impl Into<String>, rule: impl Into<String>) -> Error {
        Error::InvalidArgument {
            field: field.into(),
            rule: rule.into(),
        }
    }

    pub(crate) fn validation(field: impl Into<String>, rule: impl Into<String>) -> Error {
        Error::Validation {
            field: field.into(),
            rule: rule.into(),
        }
    }

    /// Builds the error for a non-2xx response.
    pub(crate) fn from_response(
        http_status: u16,
        body: &[u8],
        retry_after: Option<Duration>,
        note: Option<String>,
    ) -> Error {
        let errors = parse_error_body(body);
        let status = Status::for_response(http_status, &errors);
        let failure = ApiFailure {
            http_status: Some(http_status),
            errors,
            retry_after,
            body: (!body.is_empty()).then(|| ResponseBody::new(body)),
            note,
            exchange: None,
        };
        Error::from_failure(status, failure)
    }

    pub(crate) fn from_failure(status: Status, failure: ApiFailure) -> Error {
        match status {
            Status::BadRequest => Error::BadRequest(failure),
            Status::Authentication => Error::Authentication(failure),
            Status::PermissionDenied => Error::PermissionDenied(failure),
            Status::NotFound => Error::NotFound(failure),
            Status::Conflict => Error::Conflict(failure),
            Status::RateLimited => Error::RateLimited(failure),
            Status::Server => Error::Server(failure),
            _ => Error::Api(failure),
        }
    }
}

/// Keys shorter than this are too short to be real CertCentral keys: they are redacted only as
/// whole words, never inside one (a one-letter key would otherwise take every "e" of a text).
///
/// cbindgen:ignore
pub const MIN_REDACTED_INSIDE_WORDS: usize = 16;

/// `text` with `key` replaced by `[redacted]`. A key of at least
/// [`MIN_REDACTED_INSIDE_WORDS`] characters is replaced wherever it occurs, and so is any run of
/// at least half of it and of that many characters (an echo cut short, or missing a character,
/// gives most of it away); a shorter key only where it stands as a whole word.
pub fn redact<'a>(text: &'a str, key: &str) -> std::borrow::Cow<'a, str> {
    let spans = if key.len() < MIN_REDACTED_INSIDE_WORDS {
        whole_words(text, key)
    } else {
        near_whole(text, key)
    };
    if spans.is_empty() {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in spans {
        out.push_str(&text[at..start]);
        out.push_str("[redacted]");
        at = end;
    }
    out.push_str(&text[at..]);
    out.into()
}

/// Where `key` stands as a whole word (not next to a letter, digit, `-` or `_`).
fn whole_words(text: &str, key: &str) -> Vec<(usize, usize)> {
    if key.is_empty() {
        return Vec::new();
    }
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, key.as_bytes())
        .filter(|&i| {
            let end = i + key.len();
            (i == 0 || !word(bytes[i - 1])) && (end == bytes.len() || !word(bytes[end]))
        })
        .map(|i| (i, i + key.len()))
        .collect()
}

/// Where a run of at least half of `key` (any part of it, at least
/// [`MIN_REDACTED_INSIDE_WORDS`] characters) stands, merged.
fn near_whole(text: &str, key: &str) -> Vec<(usize, usize)> {
    let (text, key) = (text.as_bytes(), key.as_bytes());
    let window = key.len().div_ceil(2).max(MIN_REDACTED_INSIDE_WORDS);
    // Any run of `window` bytes of the key holds one of these probes: every offset for a short
    // key, every 8th 16-byte piece for a long one (a run of 23 or more bytes holds one).
    const PROBE: usize = MIN_REDACTED_INSIDE_WORDS;
    let step = if window >= PROBE + 7 { 8 } else { 1 };
    let mut spans = Vec::new();
    for j in (0..=key.len() - PROBE).step_by(step) {
        for i in memchr::memmem::find_iter(text, &key[j..j + PROBE]) {
            // Grow the match both ways while text and key agree.
            let back = (1..=j.min(i))
                .take_while(|&k| text[i - k] == key[j - k])
                .count();
            let ahead = (PROBE..key.len() - j)
                .take_while(|&k| i + k < text.len() && text[i + k] == key[j + k])
                .count();
            let (start, end) = (i - back, i + PROBE + ahead);
            if end - start >= window {
                spans.push((start, end));
            }
        }
    }
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (start, end) in spans {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    // The key is ASCII, so every span starts and ends on a character boundary.
    merged
}

/// Finds a top-level-looking `"api_key": "<string>"` in JSON text, complete or cut short.
fn find_api_key(text: &str) -> Option<String> {
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
        return match value.get("api_key")? {
            serde_json::Value::String(key) => Some(key.clone()),
            serde_json::Value::Null => None,
            // A key sent as a number, an object or a list is still the key: kept as its JSON.
            other => Some(other.to_string()),
        };
    }
    // Cut-off JSON: scan for the member and decode just its string.
    let mut rest = text;
    while let Some(at) = rest.find("\"api_key\"") {
        rest = &rest[at + "\"api_key\"".len()..];
        let Some(value) = rest.trim_start().strip_prefix(':') else {
            continue;
        };
        let value = value.trim_start();
        if !value.starts_with('"') {
            continue;
        }
        let mut escaped = false;
        let end = value[1..].char_indices().find_map(|(i, c)| {
            let closes = c == '"' && !escaped;
            escaped = c == '\\' && !escaped;
            closes.then_some(i + 2)
        })?;
        if let Ok(key) = serde_json::from_str::<String>(&value[..end]) {
            return Some(key);
        }
    }
    None
}

/// The documented shape is `{"errors":[{"code","message"}]}`; public fixtures also show a single
/// object in place of the array, and the legacy API's `description` in place of `message`.
/// Anything else (empty, HTML from a proxy) gives an empty list.
pub(crate) fn parse_error_body(body: &[u8]) -> Vec<ApiErrorDetail> {
    #[derive(Deserialize)]
    struct Envelope {
        #[serde(default)]
        errors: Option<OneOrMany>,
    }
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        Many(Vec<WireDetail>),
        One(WireDetail),
    }
    #[derive(Deserialize)]
    struct WireDetail {
        #[serde(default)]
        code: Option<serde_json::Value>,
        #[serde(default)]
        message: Option<serde_json::Value>,
        #[serde(default)]
        description: Option<serde_json::Value>,
    }
    fn text(value: Option<serde_json::Value>) -> Option<String> {
        match value? {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some(s),
            other => Some(other.to_string()),
        }
    }

    // Invalid UTF-8 (a proxy's page, say) must not hide the errors list around it.
    let lossy = String::from_utf8_lossy(body);
    let Ok(Envelope {
        errors: Some(errors),
    }) = serde_json::from_str::<Envelope>(&lossy)
    else {
        return Vec::new();
    };
    let details = match errors {
        OneOrMany::Many(details) => details,
        OneOrMany::One(detail) => vec![detail],
    };
    details
        .into_iter()
        .map(|d| ApiErrorDetail {
            code: text(d.code).unwrap_or_default(),
            message: text(d.message)
                .or_else(|| text(d.description))
                .unwrap_or_default(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_values_are_stable() {
        let expected = [
            (Status::Ok, 0, "ok"),
            (Status::InvalidArgument, 1, "invalid_argument"),
            (Status::Validation, 2, "validation"),
            (Status::Transport, 3, "transport"),
            (Status::Timeout, 4, "timeout"),
            (Status::Decode, 5, "decode"),
            (Status::Tls, 6, "tls"),
            (Status::BadRequest, 10, "bad_request"),
            (Status::Authentication, 11, "authentication"),
            (Status::PermissionDenied, 12, "permission_denied"),
            (Status::NotFound, 13, "not_found"),
            (Status::Conflict, 14, "conflict"),
            (Status::RateLimited, 15, "rate_limited"),
            (Status::Server, 16, "server"),
            (Status::Api, 17, "api"),
            (Status::Panic, 99, "panic"),
        ];
        assert_eq!(expected.len(), Status::ALL.len());
        for (status, code, name) in expected {
            assert_eq!(status as i32, code);
            assert_eq!(status.name(), name);
            assert_eq!(Status::from_code(code.into()), Some(status));
        }
        assert_eq!(Status::from_code(7), None);
    }

    #[test]
    fn error_bodies_in_every_documented_shape() {
        let array = br#"{"errors":[{"code":"a|b","message":"m1"},{"code":"c","message":"m2"}]}"#;
        let parsed = parse_error_body(array);
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0].code, "a|b");
        assert_eq!(parsed[1].message, "m2");

        let single = br#"{"errors":{"code":"not_found","message":"gone"}}"#;
        assert_eq!(parse_error_body(single)[0].code, "not_found");

        let legacy =
            br#"{"errors":[{"code":"required_param:note","description":"Note is required"}]}"#;
        assert_eq!(parse_error_body(legacy)[0].message, "Note is required");

        assert!(parse_error_body(b"").is_empty());
        assert!(parse_error_body(b"<html>502 Bad Gateway</html>").is_empty());
        assert!(parse_error_body(br#"{"errors":null}"#).is_empty());
        assert!(parse_error_body(br#"{"errors":"text"}"#).is_empty());
    }

    #[test]
    fn responses_map_by_status_and_code() {
        let cases = [
            (400, "", Status::BadRequest),
            (401, "", Status::Authentication),
            (
                403,
                "access_denied|missing_permission",
                Status::PermissionDenied,
            ),
            (
                403,
                "access_denied|access_denied_invalid_key",
                Status::Authentication,
            ),
            (404, "not_found|route", Status::NotFound),
            (409, "", Status::Conflict),
            (429, "request_limit_exceeded", Status::RateLimited),
            (500, "", Status::Server),
            (503, "", Status::Server),
            (418, "", Status::Api),
            (302, "", Status::Api),
        ];
        for (http, code, status) in cases {
            let body = if code.is_empty() {
                String::new()
            } else {
                format!(r#"{{"errors":[{{"code":"{code}","message":"x"}}]}}"#)
            };
            let err = Error::from_response(http, body.as_bytes(), None, None);
            assert_eq!(err.status(), status, "HTTP {http} {code}");
            assert_eq!(err.http_status(), Some(http));
        }
    }

    #[test]
    fn display_names_codes_and_hides_the_body() {
        let body = br#"{"errors":[{"code":"invalid_email|user.email","message":"must be an email"}],"api_key":"SECRET"}"#;
        let err = Error::from_response(400, body, Some(Duration::from_secs(2)), None);
        let shown = err.to_string();
        assert!(shown.contains("HTTP 400"), "{shown}");
        assert!(shown.contains("invalid_email|user.email (must be an email)"));
        assert!(shown.contains("retry after 2.000s"));
        assert!(!shown.contains("SECRET"));
        assert!(!format!("{err:?}").contains("SECRET"));
        assert!(err.body().unwrap().contains("SECRET"));
    }

    #[test]
    fn a_one_time_key_is_recovered_from_cut_off_json() {
        let cut = r#"{"id": 1, "user": {"id": 2}, "api_key" : "AB\"C", "organ"#;
        assert_eq!(find_api_key(cut).as_deref(), Some("AB\"C"));
        assert_eq!(find_api_key(r#"{"api_key": "unterminated"#), None);
        assert_eq!(
            find_api_key(r#"{"api_key": 5, "x": {"api_key": "K"}"#).as_deref(),
            Some("K")
        );
        assert_eq!(
            find_api_key(r#"{"id": 1, "api_key": {"value": "K"}}"#).as_deref(),
            Some(r#"{"value":"K"}"#)
        );
        assert_eq!(find_api_key(r#"{"id": 1, "api_key": null}"#), None);
        assert_eq!(find_api_key("<html>"), None);
        let err = Error::Transport {
            message: "reset".into(),
            body: None,
            not_sent: false,
            request: None,
        }
        .with_partial_body(201, cut.as_bytes());
        assert_eq!(err.one_time_key().as_deref(), Some("AB\"C"));
        assert!(err.to_string().contains("HTTP 201"), "{err}");
        assert!(!err.to_string().contains("AB"), "{err}");
    }

    #[test]
    fn the_key_is_redacted_whole_and_nearly_whole_but_never_inside_words() {
        let key = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123";
        assert_eq!(redact(&format!("got {key}!"), key), "got [redacted]!");
        // An echo missing a character, cut short, or glued to other text.
        assert_eq!(redact(&format!("got {}", &key[1..]), key), "got [redacted]");
        let missing = key.replace('M', "");
        assert_eq!(
            redact(&format!("got {missing}"), key),
            "got ABCDEFGHIJKL[redacted]",
            "the longer part (17 of 30) is redacted; 12 characters give nothing away"
        );
        assert_eq!(
            redact(&format!("id={}…", &key[..20]), key),
            "id=[redacted]…"
        );
        assert_eq!(redact(&format!("x{key}y"), key), "x[redacted]y");
        // A short run of it is not enough to give it away, and is left alone.
        assert_eq!(redact(&key[..12], key), &key[..12]);
        // A key too short to be real is redacted only as a word of its own.
        assert_eq!(
            redact("No user has the id 999", "e"),
            "No user has the id 999"
        );
        assert_eq!(
            redact("key e was refused", "e"),
            "key [redacted] was refused"
        );
        assert_eq!(redact("short-key", "short"), "short-key");
        assert_eq!(redact("a short, key", "short"), "a [redacted], key");
        // A long key (probed in pieces) and a huge one (refused, but redacted quickly).
        let long: String = (0..64)
            .map(|i| char::from(b'A' + (i * 7 % 26) as u8))
            .collect();
        let echo = format!("bad key {}!", &long[3..50]);
        assert_eq!(redact(&echo, &long), "bad key [redacted]!");
        let huge = "x".repeat(200_000);
        assert_eq!(redact("no key here", &huge), "no key here");
    }

    #[test]
    fn redacting_covers_every_text_an_error_hands_out() {
        let key = "SECRETKEY0123456789ABCDEF";
        let body =
            format!(r#"{{"errors":[{{"code":"bad|{key}","message":"{key}"}}],"echo":"{key}"}}"#);
        let err = Error::from_response(400, body.as_bytes(), None, None).redacting(key);
        assert!(!format!("{err} {:?} {}", err.api_errors(), err.body().unwrap()).contains(key));
        let err = Error::invalid_argument("region", format!("got {key:?}")).redacting(key);
        assert!(!err.to_string().contains(key), "{err}");
    }

    #[test]
    fn a_one_time_key_is_recovered_from_a_decode_error() {
        let err = Error::Decode {
            http_status: 201,
            message: "bad id".into(),
            body: Some(ResponseBody::new(br#"{"id":"x","api_key":"K1"}"#)),
            request: None,
        };
        assert_eq!(err.one_time_key().as_deref(), Some("K1"));
        assert!(!format!("{err:?}").contains("K1"));
        assert!(!err.to_string().contains("K1"));
    }
}
