//! `certcentral_error`: the core error, with its text prepared as C strings; status names and
//! the library version.

use std::ffi::{c_char, c_int, CString};
use std::ptr;

use super::boundary::{guarded, take_boxed, to_c_string, wipe};
use super::macros::ffi_fn;
use crate::error::{Error, Status};

/// An error returned through a `certcentral_error **err` argument. Free it with
/// `certcentral_error_free`. Strings read from it live as long as the error.
pub struct certcentral_error {
    status: Status,
    message: CString,
    http_status: u16,
    api_errors: Vec<(CString, CString)>,
    retry_after_ms: i64,
    body: Option<CString>,
    one_time_key: Option<CString>,
    field: Option<CString>,
    rule: Option<CString>,
    method: Option<CString>,
    url: Option<CString>,
}

impl certcentral_error {
    pub(crate) fn new(error: Error) -> certcentral_error {
        certcentral_error {
            status: error.status(),
            message: to_c_string(&error.to_string()),
            http_status: error.http_status().unwrap_or(0),
            api_errors: error
                .api_errors()
                .iter()
                .map(|d| (to_c_string(&d.code), to_c_string(&d.message)))
                .collect(),
            retry_after_ms: error
                .retry_after()
                .map_or(-1, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX)),
            body: error.body().map(to_c_string),
            one_time_key: error.one_time_key().as_deref().map(to_c_string),
            field: error.field().map(to_c_string),
            rule: error.rule().map(to_c_string),
            method: error.request().map(|r| to_c_string(&r.method)),
            url: error.request().map(|r| to_c_string(&r.url)),
        }
    }
}

/// An optional text of an error, owned by it: NULL when absent.
fn text(text: &Option<CString>) -> *const c_char {
    text.as_ref().map_or(ptr::null(), |t| t.as_ptr())
}

/// The error's status; `CERTCENTRAL_STATUS_INVALID_ARGUMENT` for a NULL error.
#[no_mangle]
pub unsafe extern "C" fn certcentral_error_status(err: *const certcentral_error) -> Status {
    ffi_fn!(read err or Status::InvalidArgument => |e| e.status)
}

/// A readable message: the status, the HTTP status, and each API code and message. Owned by the
/// error; "" for a NULL error.
#[no_mangle]
pub unsafe extern "C" fn certcentral_error_message(err: *const certcentral_error) -> *const c_char {
    ffi_fn!(read err or c"".as_ptr() => |e| e.message.as_ptr())
}

/// The HTTP status of the response; 0 when no response was received.
#[no_mangle]
pub unsafe extern "C" fn certcentral_error_http_status(err: *const certcentral_error) -> u16 {
    ffi_fn!(read err or 0 => |e| e.http_status)
}

/// How many entries the API's `errors` list had.
#[no_mangle]
pub unsafe extern "C" fn certcentral_error_api_errors_len(err: *const certcentral_error) -> usize {
    ffi_fn!(read err or 0 => |e| e.api_errors.len())
}

/// The `code` of API error `i` (e.g. `access_denied|missing_permission`); NULL past the end.
/// Owned by the error.
#[no_mangle]
pub unsafe extern "C" fn certcentral_error_api_error_code(
    err: *const certcentral_error,
    i: usize,
) -> *const c_char {
    ffi_fn!(read err or ptr::null() => |e| {
        e.api_errors.get(i).map_or(ptr::null(), |(code, _)| code.as_ptr())
    })
}

/// The `message` of API error `i`; NULL past the end. Owned by the error.
#[no_mangle]
pub unsafe extern "C" fn certcentral_error_api_error_message(
    err: *const certcentral_error,
    i: usize,
) -> *const c_char {
    ffi_fn!(read err or ptr::null() => |e| {
        e.api_errors.get(i).map_or(ptr::null(), |(_, message)| message.as_ptr())
    })
}

/// How long the server (or the client-side rate limiter) asked to wait, in milliseconds; -1 when
/// it did not say.
#[no_mangle]
pub unsafe extern "C" fn certcentral_error_retry_after_ms(err: *const certcentral_error) -> i64 {
    ffi_fn!(read err or -1 => |e| e.retry_after_ms)
}

/// The response body, when one was received (for `CERTCENTRAL_STATUS_DECODE`: the 2xx body that
/// could not be decoded); NULL otherwise. Owned by the error.
#[no_mangle]
pub unsafe extern "C" fn certcentral_error_body(err: *const certcentral_error) -> *const c_char {
    ffi_fn!(read err or ptr::null() => |e| text(&e.body))
}

/// For `CERTCENTRAL_STATUS_INVALID_ARGUMENT` and `CERTCENTRAL_STATUS_VALIDATION`: the argument or
/// request field at fault (e.g. `user.email`, `base_url`); NULL otherwise. Owned by the error.
#[no_mangle]
pub unsafe extern "C" fn certcentral_error_field(err: *const certcentral_error) -> *const c_char {
    ffi_fn!(read err or ptr::null() => |e| text(&e.field))
}

/// For `CERTCENTRAL_STATUS_INVALID_ARGUMENT` and `CERTCENTRAL_STATUS_VALIDATION`: the rule the
/// field breaks (e.g. `must be at most 128 characters (got 130)`); NULL otherwise. Owned by the
/// error.
#[no_mangle]
pub unsafe extern "C" fn certcentral_error_rule(err: *const certcentral_error) -> *const c_char {
    ffi_fn!(read err or ptr::null() => |e| text(&e.rule))
}

/// The method of the request the error is about (e.g. "GET"); NULL when no request was made.
/// Owned by the error.
#[no_mangle]
pub unsafe extern "C" fn certcentral_error_method(err: *const certcentral_error) -> *const c_char {
    ffi_fn!(read err or ptr::null() => |e| text(&e.method))
}

/// The URL of the request the error is about, without its query string (never the key, which
/// travels in a header); NULL when no request was made. Owned by the error.
#[no_mangle]
pub unsafe extern "C" fn certcentral_error_url(err: *const certcentral_error) -> *const c_char {
    ffi_fn!(read err or ptr::null() => |e| text(&e.url))
}

/// A one-time `api_key` (of a managed subaccount, a service user or a created API key) found in
/// a 2xx answer that could not be decoded, or in the part of an answer that arrived before the
/// connection broke; NULL otherwise. The key can never be fetched again: store it. Owned by the
/// error, which zeroes it when freed.
#[no_mangle]
pub unsafe extern "C" fn certcentral_error_one_time_key(
    err: *const certcentral_error,
) -> *const c_char {
    ffi_fn!(read err or ptr::null() => |e| text(&e.one_time_key))
}

/// Frees `*err` (NULL is ignored) and sets it to NULL, ready for the next call: every function
/// refuses a non-NULL `*err` on entry (see the header's preamble).
#[no_mangle]
pub unsafe extern "C" fn certcentral_error_clear(err: *mut *mut certcentral_error) {
    ffi_fn!(free: if !err.is_null() {
        certcentral_error_free(*err);
        *err = ptr::null_mut();
    })
}

/// Frees an error. NULL is ignored. It does not reset the caller's pointer: use
/// `certcentral_error_clear(&err)` to free and reset in one call.
#[no_mangle]
pub unsafe extern "C" fn certcentral_error_free(err: *mut certcentral_error) {
    ffi_fn!(free: if let Some(err) = take_boxed(err) {
        // Both can hold a one-time key.
        err.body.into_iter().for_each(wipe);
        err.one_time_key.into_iter().for_each(wipe);
    })
}

/// The lower-case name of a status, e.g. "permission_denied"; "unknown" for a value that is no
/// status. Static: never free it. Takes `int` so that any value is safe to pass.
#[no_mangle]
pub extern "C" fn certcentral_status_name(status: c_int) -> *const c_char {
    guarded(c"unknown".as_ptr(), || {
        Status::from_code(i64::from(status))
            .map_or(c"unknown", Status::c_name)
            .as_ptr()
    })
}

/// The library version, e.g. "0.1.0". Static: never free it.
#[no_mangle]
pub extern "C" fn certcentral_version() -> *const c_char {
    const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");
    VERSION.as_ptr().cast()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_names_cover_every_status() {
        for status in Status::ALL {
            let name = certcentral_status_name(status as c_int);
            // SAFETY: status names are static NUL-terminated strings.
            let name = unsafe { std::ffi::CStr::from_ptr(name) }.to_str().unwrap();
            assert_eq!(name, status.name());
        }
        let unknown = certcentral_status_name(42);
        // SAFETY: as above.
        assert_eq!(unsafe { std::ffi::CStr::from_ptr(unknown) }, c"unknown");
    }
}
