//! `certcentral_client`, the `certcentral_client_builder_*` family, and what belongs to no
//! resource: `certcentral_request_json` (any other endpoint) and `certcentral_string_free`.

use std::ffi::{c_char, c_int};
use std::time::Duration;

use super::boundary::{
    arg_slice, arg_str, free_c_string, into_boxed, into_c_string, opt_ref, opt_str, take_boxed,
};
use super::error::certcentral_error;
use super::macros::ffi_fn;
use crate::error::Status;
use crate::http::rate_limit::{RateLimit, Window};
use crate::{CallOptions, CancelToken, Client, ClientBuilder, Region};

/// A CertCentral client. Thread-safe: one client may be used from many threads at once, and
/// shares its connection pool and rate limiter among them. Free it with
/// `certcentral_client_free` once no thread uses it.
pub struct certcentral_client {
    pub(crate) client: Client,
}

/// Collects client settings; `certcentral_client_builder_build` checks them all. Not
/// thread-safe: configure a builder from one thread.
pub struct certcentral_client_builder {
    builder: ClientBuilder,
}

impl certcentral_client_builder {
    /// Applies one setting.
    fn update(&mut self, change: impl FnOnce(ClientBuilder) -> ClientBuilder) {
        self.builder = change(self.builder.clone());
    }
}

/// One rolling window of the client-side rate limiter: at most `max_requests` per `period_ms`.
#[repr(C)]
pub struct certcentral_rate_window {
    /// Requests the window allows; at least 1.
    pub max_requests: u32,
    /// The window's length in milliseconds; at least 1.
    pub period_ms: u64,
}

/// Creates a client for `base_url` (NULL: the `CERTCENTRAL_BASE_URL` environment variable, else
/// the US region URL) with `api_key` (NULL: the `DIGICERT_API_KEY` environment variable). On
/// success `*out` receives a client the caller frees with `certcentral_client_free`. With
/// `CERTCENTRAL_LOG=debug` (or `info`, `warn`, `error`) in the environment, the library logs its
/// requests (method, path, status, attempt; never a key, a query or a body) to stderr.
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_new(
    api_key: *const c_char,
    base_url: *const c_char,
    out: *mut *mut certcentral_client,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        args: {
            crate::log_env::install_from_env();
            let mut builder = Client::builder().binding("c");
            if let Some(key) = opt_str(api_key, "api_key")? {
                builder = builder.api_key(key);
            }
            if let Some(url) = opt_str(base_url, "base_url")? {
                builder = builder.base_url(url);
            }
        },
        out: out = into_boxed(certcentral_client { client: builder.build()? }),
        err: err,
    }
}

/// Makes a view of `client` whose calls use other settings: `timeout_ms` (0: the client's) and
/// `max_retries` (negative: the client's; 0 turns retries off), and, when `cancel` is not NULL,
/// stop when it is signalled (see `certcentral_cancel_signal`). The view shares the client's
/// connections and rate limiter, and is cheap to make (e.g. one per call); a timeout the
/// builder would refuse is refused here too. On success `*out` receives a client the caller
/// frees with `certcentral_client_free` (independently of `client`).
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_with_options(
    client: *const certcentral_client,
    timeout_ms: u64,
    max_retries: i64,
    cancel: *const certcentral_cancel,
    out: *mut *mut certcentral_client,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: {
            let options = CallOptions {
                timeout: (timeout_ms > 0).then(|| Duration::from_millis(timeout_ms)),
                max_retries: (max_retries >= 0)
                    .then(|| u32::try_from(max_retries).unwrap_or(u32::MAX)),
                cancel: opt_ref(cancel).map(|c| c.token.clone()),
                before_send: None,
            };
            let view = client.with_options(options)?;
        },
        out: out = into_boxed(certcentral_client { client: view }),
        err: err,
    }
}

/// A cancellation signal for the calls of a client view (`certcentral_client_with_options`):
/// once signalled, from any thread, their waits (backoff, `Retry-After`, the rate limiter) end
/// at once, no further attempt starts, and a read under way is abandoned; they fail with
/// `CERTCENTRAL_STATUS_TRANSPORT` and the message "interrupted; nothing further was sent". Free
/// it with `certcentral_cancel_free`.
pub struct certcentral_cancel {
    token: CancelToken,
}

/// Makes a cancellation signal, not yet signalled. On success `*out` receives it.
#[no_mangle]
pub unsafe extern "C" fn certcentral_cancel_new(
    out: *mut *mut certcentral_cancel,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        out: out = into_boxed(certcentral_cancel { token: CancelToken::new() }),
        err: err,
    }
}

/// Signals `cancel` (from any thread; again is harmless; NULL is ignored). A creation that may
/// have reached the server is never abandoned: its answer is delivered.
#[no_mangle]
pub unsafe extern "C" fn certcentral_cancel_signal(cancel: *const certcentral_cancel) {
    ffi_fn!(read cancel or () => |signal| signal.token.cancel())
}

/// Frees a cancellation signal. NULL is ignored. Views made with it stay valid (and stay
/// signalled once signalled).
#[no_mangle]
pub unsafe extern "C" fn certcentral_cancel_free(cancel: *mut certcentral_cancel) {
    ffi_fn!(free: drop(take_boxed(cancel)))
}

/// Frees a client. NULL is ignored. Iterators made from it stay valid.
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_free(client: *mut certcentral_client) {
    ffi_fn!(free: drop(take_boxed(client)))
}

/// Starts a builder with the defaults: US region (or `CERTCENTRAL_BASE_URL`), 30 s timeout,
/// 10 s connect timeout, 2 retries, rate limiter on for the region URLs and off for a custom
/// base URL; `CERTCENTRAL_LOG` as for `certcentral_client_new`. On success `*out` receives a
/// builder the caller frees with `certcentral_client_builder_free`.
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_new(
    out: *mut *mut certcentral_client_builder,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        args: { crate::log_env::install_from_env(); },
        out: out = into_boxed(certcentral_client_builder {
            builder: Client::builder().binding("c"),
        }),
        err: err,
    }
}

/// Frees a builder. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_free(builder: *mut certcentral_client_builder) {
    ffi_fn!(free: drop(take_boxed(builder)))
}

/// The API key (copied). Without one, `build` reads `DIGICERT_API_KEY`.
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_api_key(
    builder: *mut certcentral_client_builder,
    api_key: *const c_char,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        object: builder,
        args: { let api_key = arg_str(api_key, "api_key")?; },
        call: builder.update(|c| c.api_key(api_key)),
        err: err,
    }
}

/// The region: "us" (default) or "eu". Ignored when a base URL is set.
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_region(
    builder: *mut certcentral_client_builder,
    region: *const c_char,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        object: builder,
        args: { let region: Region = arg_str(region, "region")?.parse()?; },
        call: builder.update(|c| c.region(region)),
        err: err,
    }
}

/// A custom base URL (e.g. the emulator's). `http://` is accepted for a loopback host only.
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_base_url(
    builder: *mut certcentral_client_builder,
    base_url: *const c_char,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        object: builder,
        args: { let base_url = arg_str(base_url, "base_url")?; },
        call: builder.update(|c| c.base_url(base_url)),
        err: err,
    }
}

/// The bound on one attempt, connect to last byte, in milliseconds (default 30000).
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_timeout_ms(
    builder: *mut certcentral_client_builder,
    timeout_ms: u64,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        object: builder,
        call: builder.update(|c| c.timeout(Duration::from_millis(timeout_ms))),
        err: err,
    }
}

/// The bound on connecting, in milliseconds (default 10000).
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_connect_timeout_ms(
    builder: *mut certcentral_client_builder,
    timeout_ms: u64,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        object: builder,
        call: builder.update(|c| c.connect_timeout(Duration::from_millis(timeout_ms))),
        err: err,
    }
}

/// Retries after the first attempt (default 2); 0 turns retries off. POST is only retried when
/// the server provably did nothing (429, or the request never left).
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_max_retries(
    builder: *mut certcentral_client_builder,
    max_retries: u32,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        object: builder,
        call: builder.update(|c| c.max_retries(max_retries)),
        err: err,
    }
}

/// The backoff before the first retry and the cap on any one backoff, in milliseconds
/// (defaults 500 and 8000).
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_backoff_ms(
    builder: *mut certcentral_client_builder,
    initial_ms: u64,
    max_ms: u64,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        object: builder,
        call: builder.update(|c| {
            c.backoff(Duration::from_millis(initial_ms), Duration::from_millis(max_ms))
        }),
        err: err,
    }
}

/// Forces the client-side rate limiter on with the documented limits (100 requests per 5 s and
/// 1000 per 3 min) when `enabled` is non-zero, or off when it is 0. (An `int`, so that any value
/// C passes is safe.)
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_rate_limit(
    builder: *mut certcentral_client_builder,
    enabled: c_int,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        object: builder,
        call: builder.update(|c| match enabled {
            0 => c.no_rate_limit(),
            _ => c.rate_limit(RateLimit::documented()),
        }),
        err: err,
    }
}

/// Turns the client-side rate limiter on with custom rolling windows (`windows_len` >= 1).
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_rate_limit_windows(
    builder: *mut certcentral_client_builder,
    windows: *const certcentral_rate_window,
    windows_len: usize,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        object: builder,
        args: {
            let windows = arg_slice(windows, windows_len, "windows")?.iter().map(|w| Window {
                max_requests: w.max_requests,
                period: Duration::from_millis(w.period_ms),
            });
            let limit = RateLimit::new(windows)?;
        },
        call: builder.update(|c| c.rate_limit(limit)),
        err: err,
    }
}

/// The longest a call may wait for the client-side limiter before failing with
/// `CERTCENTRAL_STATUS_RATE_LIMITED` (default 180000 ms).
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_max_rate_limit_wait_ms(
    builder: *mut certcentral_client_builder,
    wait_ms: u64,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        object: builder,
        call: builder.update(|c| c.max_rate_limit_wait(Duration::from_millis(wait_ms))),
        err: err,
    }
}

/// The longest `Retry-After` honoured, in milliseconds (default 60000): an answer asking for a
/// longer wait ends the call at once with its error, whose `retry_after_ms` says how long the
/// server asked for. At most one day, like every wait (checked by the build).
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_max_retry_after_ms(
    builder: *mut certcentral_client_builder,
    max_ms: u64,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        object: builder,
        call: builder.update(|c| c.max_retry_after(Duration::from_millis(max_ms))),
        err: err,
    }
}

/// Text appended to the User-Agent (printable ASCII, no CR or LF).
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_user_agent_suffix(
    builder: *mut certcentral_client_builder,
    suffix: *const c_char,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        object: builder,
        args: { let suffix = arg_str(suffix, "suffix")?; },
        call: builder.update(|c| c.user_agent_suffix(suffix)),
        err: err,
    }
}

/// Trusts the certificate authorities in this PEM file too, besides the system's store (or
/// `SSL_CERT_FILE`/`SSL_CERT_DIR`). May be called more than once. A file that cannot be read,
/// or holds no certificate, makes `certcentral_client_builder_build` fail with
/// `CERTCENTRAL_STATUS_INVALID_ARGUMENT` naming `ca_bundle`. There is no call that turns
/// verification off.
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_ca_bundle(
    builder: *mut certcentral_client_builder,
    path: *const c_char,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        object: builder,
        args: { let path = arg_str(path, "path")?; },
        call: builder.update(|c| c.ca_bundle(path)),
        err: err,
    }
}

/// Sends every request through this proxy (copied): `http://[user:password@]host:port`,
/// `https://…`, `socks5://…` or `socks5h://…`. It wins over `HTTPS_PROXY`/`ALL_PROXY`; the URL
/// is checked by `certcentral_client_builder_build`, and the credentials appear in no message.
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_proxy(
    builder: *mut certcentral_client_builder,
    url: *const c_char,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        object: builder,
        args: { let url = arg_str(url, "url")?; },
        call: builder.update(|c| c.proxy(url)),
        err: err,
    }
}

/// Never uses a proxy, whatever `HTTPS_PROXY`/`ALL_PROXY` say. (By default the environment's
/// proxy is used, except for loopback hosts and hosts `NO_PROXY` names.)
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_no_proxy(
    builder: *mut certcentral_client_builder,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        object: builder,
        call: builder.update(ClientBuilder::no_proxy),
        err: err,
    }
}

/// The cap on a response body in bytes (default 16 MiB).
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_max_response_bytes(
    builder: *mut certcentral_client_builder,
    max_bytes: u64,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        object: builder,
        call: builder.update(|c| c.max_response_bytes(max_bytes)),
        err: err,
    }
}

/// Checks every setting and creates a client; the builder stays usable. On success `*out`
/// receives a client the caller frees with `certcentral_client_free`.
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_build(
    builder: *const certcentral_client_builder,
    out: *mut *mut certcentral_client,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        object: builder,
        out: out = into_boxed(certcentral_client {
            client: builder.builder.clone().build()?,
        }),
        err: err,
    }
}

/// Any other Services API endpoint, with the same authentication, retries and errors. `method`
/// is GET, POST, PUT, PATCH, DELETE or HEAD; `path` is relative to the base URL (e.g.
/// "user/me", may carry a query); `body_json` is NULL or valid JSON. On success
/// `*response_json` receives the response body (the text "null" for an empty body), which the
/// caller frees with `certcentral_string_free`.
#[no_mangle]
pub unsafe extern "C" fn certcentral_request_json(
    client: *const certcentral_client,
    method: *const c_char,
    path: *const c_char,
    body_json: *const c_char,
    response_json: *mut *mut c_char,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: {
            let method = arg_str(method, "method")?;
            let path = arg_str(path, "path")?;
            let body_json = opt_str(body_json, "body_json")?;
        },
        out: response_json = into_c_string(
            client.request_raw_json(method, path, body_json)?.as_str(),
        ),
        err: err,
    }
}

/// Frees a string the library returned as `char *` (e.g. `certcentral_request_json`'s response).
/// NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn certcentral_string_free(s: *mut c_char) {
    ffi_fn!(free: free_c_string(s, false))
}
