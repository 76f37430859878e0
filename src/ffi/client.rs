//! `certcentral_client` and the `certcentral_client_builder_*` family.

use std::ffi::{c_char, c_int};
use std::time::Duration;

use super::boundary::{
    arg_mut, arg_ref, arg_slice, arg_str, boundary, clear_out, guarded, into_boxed, opt_str,
    out_ptr, take_boxed, write_out,
};
use super::error::certcentral_error;
use crate::error::{Error, Status};
use crate::http::rate_limit::{RateLimit, Window};
use crate::{Client, ClientBuilder, Region};

/// A CertCentral client. Thread-safe: one client may be used from many threads at once, and
/// shares its connection pool and rate limiter among them. Free it with
/// `certcentral_client_free` once no thread uses it.
pub struct certcentral_client {
    pub(crate) client: Client,
}

/// The one path of every call that answers through `*out`: `*out` is NULL until the call
/// succeeds; `client`, then the call's own arguments (`args`), then `out` are checked, in that
/// order, so the first bad one is named; `call` then makes what `*out` receives.
///
/// # Safety
/// `client`, `out` and `err` are NULL or valid as the header's preamble describes, and so is
/// every pointer `args` reads.
pub(crate) unsafe fn answer<A, R>(
    client: *const certcentral_client,
    out: *mut *mut R,
    err: *mut *mut certcentral_error,
    args: impl FnOnce() -> Result<A, Error>,
    call: impl FnOnce(&Client, A) -> Result<*mut R, Error>,
) -> Status {
    // SAFETY: the caller upholds this function's contract.
    unsafe {
        boundary(err, || {
            clear_out(out, std::ptr::null_mut());
            let client = &arg_ref(client, "client")?.client;
            let args = args()?;
            let out = out_ptr(out, "out")?;
            write_out(out, call(client, args)?);
            Ok(())
        })
    }
}

/// Collects client settings; `certcentral_client_builder_build` checks them all. Not
/// thread-safe: configure a builder from one thread.
pub struct certcentral_client_builder {
    builder: ClientBuilder,
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
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_new(
    api_key: *const c_char,
    base_url: *const c_char,
    out: *mut *mut certcentral_client,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        boundary(err, || {
            crate::log_env::install_from_env();
            let out = out_ptr(out, "out")?;
            write_out(out, std::ptr::null_mut());
            let mut builder = Client::builder().binding("c");
            if let Some(key) = opt_str(api_key, "api_key")? {
                builder = builder.api_key(key);
            }
            if let Some(url) = opt_str(base_url, "base_url")? {
                builder = builder.base_url(url);
            }
            let client = builder.build()?;
            write_out(out, into_boxed(certcentral_client { client }));
            Ok(())
        })
    }
}

/// Frees a client. NULL is ignored. Iterators made from it stay valid.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_free(client: *mut certcentral_client) {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe { guarded((), || drop(take_boxed(client))) }
}

/// Starts a builder with the defaults: US region (or `CERTCENTRAL_BASE_URL`), 30 s timeout,
/// 10 s connect timeout, 2 retries, rate limiter on for the region URLs and off for a custom
/// base URL; `CERTCENTRAL_LOG` as for `certcentral_client_new`. On success `*out` receives a
/// builder the caller frees with `certcentral_client_builder_free`.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_new(
    out: *mut *mut certcentral_client_builder,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        boundary(err, || {
            crate::log_env::install_from_env();
            let out = out_ptr(out, "out")?;
            let builder = certcentral_client_builder {
                builder: Client::builder().binding("c"),
            };
            write_out(out, into_boxed(builder));
            Ok(())
        })
    }
}

/// Frees a builder. NULL is ignored.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_free(builder: *mut certcentral_client_builder) {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe { guarded((), || drop(take_boxed(builder))) }
}

/// Applies one setting to a builder.
///
/// # Safety
/// `builder` and `err` are NULL or valid as the header's preamble describes.
unsafe fn configure(
    builder: *mut certcentral_client_builder,
    err: *mut *mut certcentral_error,
    apply: impl FnOnce(&mut certcentral_client_builder) -> Result<(), Error>,
) -> Status {
    // SAFETY: per the contract.
    unsafe { boundary(err, || apply(arg_mut(builder, "builder")?)) }
}

fn update(b: &mut certcentral_client_builder, change: impl FnOnce(ClientBuilder) -> ClientBuilder) {
    b.builder = change(b.builder.clone());
}

/// The API key (copied). Without one, `build` reads `DIGICERT_API_KEY`.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_api_key(
    builder: *mut certcentral_client_builder,
    api_key: *const c_char,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        configure(builder, err, |b| {
            let key = arg_str(api_key, "api_key")?;
            update(b, |c| c.api_key(key));
            Ok(())
        })
    }
}

/// The region: "us" (default) or "eu". Ignored when a base URL is set.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_region(
    builder: *mut certcentral_client_builder,
    region: *const c_char,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        configure(builder, err, |b| {
            let region: Region = arg_str(region, "region")?.parse()?;
            update(b, |c| c.region(region));
            Ok(())
        })
    }
}

/// A custom base URL (e.g. the emulator's). `http://` is accepted for a loopback host only.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_base_url(
    builder: *mut certcentral_client_builder,
    base_url: *const c_char,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        configure(builder, err, |b| {
            let url = arg_str(base_url, "base_url")?;
            update(b, |c| c.base_url(url));
            Ok(())
        })
    }
}

/// The bound on one attempt, connect to last byte, in milliseconds (default 30000).
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_timeout_ms(
    builder: *mut certcentral_client_builder,
    timeout_ms: u64,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        configure(builder, err, |b| {
            update(b, |c| c.timeout(Duration::from_millis(timeout_ms)));
            Ok(())
        })
    }
}

/// The bound on connecting, in milliseconds (default 10000).
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_connect_timeout_ms(
    builder: *mut certcentral_client_builder,
    timeout_ms: u64,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        configure(builder, err, |b| {
            update(b, |c| c.connect_timeout(Duration::from_millis(timeout_ms)));
            Ok(())
        })
    }
}

/// Retries after the first attempt (default 2); 0 turns retries off. POST is only retried when
/// the server provably did nothing (429, or the request never left).
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_max_retries(
    builder: *mut certcentral_client_builder,
    max_retries: u32,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        configure(builder, err, |b| {
            update(b, |c| c.max_retries(max_retries));
            Ok(())
        })
    }
}

/// The backoff before the first retry and the cap on any one backoff, in milliseconds
/// (defaults 500 and 8000).
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_backoff_ms(
    builder: *mut certcentral_client_builder,
    initial_ms: u64,
    max_ms: u64,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        configure(builder, err, |b| {
            update(b, |c| {
                c.backoff(
                    Duration::from_millis(initial_ms),
                    Duration::from_millis(max_ms),
                )
            });
            Ok(())
        })
    }
}

/// Forces the client-side rate limiter on with the documented limits (100 requests per 5 s and
/// 1000 per 3 min) when `enabled` is non-zero, or off when it is 0. (An `int`, so that any value
/// C passes is safe.)
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_rate_limit(
    builder: *mut certcentral_client_builder,
    enabled: c_int,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        configure(builder, err, |b| {
            update(b, |c| match enabled {
                0 => c.no_rate_limit(),
                _ => c.rate_limit(RateLimit::documented()),
            });
            Ok(())
        })
    }
}

/// Turns the client-side rate limiter on with custom rolling windows (`windows_len` >= 1).
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_rate_limit_windows(
    builder: *mut certcentral_client_builder,
    windows: *const certcentral_rate_window,
    windows_len: usize,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        configure(builder, err, |b| {
            let windows = arg_slice(windows, windows_len, "windows")?
                .iter()
                .map(|w| Window {
                    max_requests: w.max_requests,
                    period: Duration::from_millis(w.period_ms),
                });
            let limit = RateLimit::new(windows)?;
            update(b, |c| c.rate_limit(limit));
            Ok(())
        })
    }
}

/// The longest a call may wait for the client-side limiter before failing with
/// `CERTCENTRAL_STATUS_RATE_LIMITED` (default 180000 ms).
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_max_rate_limit_wait_ms(
    builder: *mut certcentral_client_builder,
    wait_ms: u64,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        configure(builder, err, |b| {
            update(b, |c| c.max_rate_limit_wait(Duration::from_millis(wait_ms)));
            Ok(())
        })
    }
}

/// The longest `Retry-After` honoured, in milliseconds (default 60000): an answer asking for a
/// longer wait ends the call at once with its error, whose `retry_after_ms` says how long the
/// server asked for. At most one day, like every wait (checked by the build).
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_max_retry_after_ms(
    builder: *mut certcentral_client_builder,
    max_ms: u64,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        configure(builder, err, |b| {
            update(b, |c| c.max_retry_after(Duration::from_millis(max_ms)));
            Ok(())
        })
    }
}

/// Text appended to the User-Agent (printable ASCII, no CR or LF).
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_user_agent_suffix(
    builder: *mut certcentral_client_builder,
    suffix: *const c_char,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        configure(builder, err, |b| {
            let suffix = arg_str(suffix, "suffix")?;
            update(b, |c| c.user_agent_suffix(suffix));
            Ok(())
        })
    }
}

/// Trusts the certificate authorities in this PEM file too, besides the system's store (or
/// `SSL_CERT_FILE`/`SSL_CERT_DIR`). May be called more than once. A file that cannot be read,
/// or holds no certificate, makes `certcentral_client_builder_build` fail with
/// `CERTCENTRAL_STATUS_INVALID_ARGUMENT` naming `ca_bundle`. There is no call that turns
/// verification off.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_ca_bundle(
    builder: *mut certcentral_client_builder,
    path: *const c_char,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        configure(builder, err, |b| {
            let path = arg_str(path, "path")?;
            update(b, |c| c.ca_bundle(path));
            Ok(())
        })
    }
}

/// Sends every request through this proxy (copied): `http://[user:password@]host:port`,
/// `https://…`, `socks5://…` or `socks5h://…`. It wins over `HTTPS_PROXY`/`ALL_PROXY`; the URL
/// is checked by `certcentral_client_builder_build`, and the credentials appear in no message.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_proxy(
    builder: *mut certcentral_client_builder,
    url: *const c_char,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        configure(builder, err, |b| {
            let url = arg_str(url, "url")?;
            update(b, |c| c.proxy(url));
            Ok(())
        })
    }
}

/// Never uses a proxy, whatever `HTTPS_PROXY`/`ALL_PROXY` say. (By default the environment's
/// proxy is used, except for loopback hosts and hosts `NO_PROXY` names.)
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_no_proxy(
    builder: *mut certcentral_client_builder,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        configure(builder, err, |b| {
            update(b, ClientBuilder::no_proxy);
            Ok(())
        })
    }
}

/// The cap on a response body in bytes (default 16 MiB).
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_max_response_bytes(
    builder: *mut certcentral_client_builder,
    max_bytes: u64,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        configure(builder, err, |b| {
            update(b, |c| c.max_response_bytes(max_bytes));
            Ok(())
        })
    }
}

/// Checks every setting and creates a client; the builder stays usable. On success `*out`
/// receives a client the caller frees with `certcentral_client_free`.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_client_builder_build(
    builder: *const certcentral_client_builder,
    out: *mut *mut certcentral_client,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        boundary(err, || {
            let b = arg_ref(builder, "builder")?;
            let out = out_ptr(out, "out")?;
            write_out(out, std::ptr::null_mut());
            let client = b.builder.clone().build()?;
            write_out(out, into_boxed(certcentral_client { client }));
            Ok(())
        })
    }
}
