//! The endpoint exports: each checks its arguments, translates, calls the core, and translates
//! the result back.

use std::ffi::c_char;
use std::ptr;

use super::arena::Arena;
use super::boundary::{
    arg_ref, arg_str, boundary, clear_out, into_c_string, opt_str, out_ptr, write_out,
};
use super::client::{answer, certcentral_client};
use super::error::certcentral_error;
use super::requests::{
    certcentral_add_service_user_request, certcentral_add_user_request,
    certcentral_create_api_key_request, certcentral_create_organization_request,
    certcentral_create_subaccount_request, certcentral_list_invites_query,
    certcentral_send_invite_request, query_or_default,
};
use super::results::{
    certcentral_api_key, certcentral_invite_page, certcentral_service_user, certcentral_subaccount,
    into_c,
};
use crate::error::Status;

/// `POST account/subaccount/invite`: invites each address to open a subaccount.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_send_invite(
    client: *const certcentral_client,
    request: *const certcentral_send_invite_request,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        boundary(err, || {
            let client = &arg_ref(client, "client")?.client;
            let request = arg_ref(request, "request")?.to_core()?;
            client.send_invite(&request)
        })
    }
}

/// `GET account/subaccount/invite`: one page of invites. `query` may be NULL (no filters, server
/// defaults). On success `*out` receives a page the caller frees with
/// `certcentral_invite_page_free`; on failure `*out` is NULL.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_list_invites(
    client: *const certcentral_client,
    query: *const certcentral_list_invites_query,
    out: *mut *mut certcentral_invite_page,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        answer(
            client,
            out,
            err,
            || query_or_default(query),
            |client, query| Ok(into_c(&client.list_invites(&query)?, Arena::default())),
        )
    }
}

/// `POST account`: creates a subaccount. On success `*out` receives a subaccount the caller frees
/// with `certcentral_subaccount_free`; for a managed subaccount, `(*out)->api_key` holds its
/// one-time API key. If the answer cannot be decoded, the key is still available from
/// `certcentral_error_subaccount_api_key`.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_create_subaccount(
    client: *const certcentral_client,
    request: *const certcentral_create_subaccount_request,
    out: *mut *mut certcentral_subaccount,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        answer(
            client,
            out,
            err,
            || arg_ref(request, "request")?.to_core(),
            |client, request| {
                Ok(into_c(
                    &client.create_subaccount(&request)?,
                    Arena::secret(),
                ))
            },
        )
    }
}

/// `POST user`: adds a user; on success `*user_id` receives the new user's id.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_add_user(
    client: *const certcentral_client,
    request: *const certcentral_add_user_request,
    user_id: *mut i64,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        boundary(err, || {
            let client = &arg_ref(client, "client")?.client;
            let request = arg_ref(request, "request")?.to_core()?;
            let user_id = out_ptr(user_id, "user_id")?;
            write_out(user_id, client.add_user(&request)?.id);
            Ok(())
        })
    }
}

/// `POST user` with `is_api_only`: adds a service user. On success `*out` receives it, with its
/// one-time API key, to be freed with `certcentral_service_user_free`. If the answer cannot be
/// read, the key is still available from `certcentral_error_one_time_key`.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_add_service_user(
    client: *const certcentral_client,
    request: *const certcentral_add_service_user_request,
    out: *mut *mut certcentral_service_user,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        answer(
            client,
            out,
            err,
            || arg_ref(request, "request")?.to_core(),
            |client, request| Ok(into_c(&client.add_service_user(&request)?, Arena::secret())),
        )
    }
}

/// `POST key/user/{user_id}`: creates another API key for a user (`user_id` > 0). On success
/// `*out` receives it, to be freed with `certcentral_api_key_free`. If the answer cannot be
/// read, the key is still available from `certcentral_error_one_time_key`.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_create_api_key(
    client: *const certcentral_client,
    user_id: i64,
    request: *const certcentral_create_api_key_request,
    out: *mut *mut certcentral_api_key,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        answer(
            client,
            out,
            err,
            || arg_ref(request, "request")?.to_core(),
            |client, request| {
                Ok(into_c(
                    &client.create_api_key(user_id, &request)?,
                    Arena::secret(),
                ))
            },
        )
    }
}

/// `POST organization`: creates an organization (or, under the duplicate check, finds the
/// matching one); on success `*organization_id` receives its id.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_create_organization(
    client: *const certcentral_client,
    request: *const certcentral_create_organization_request,
    organization_id: *mut i64,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        boundary(err, || {
            let client = &arg_ref(client, "client")?.client;
            let request = arg_ref(request, "request")?.to_core()?;
            let organization_id = out_ptr(organization_id, "organization_id")?;
            write_out(organization_id, client.create_organization(&request)?.id);
            Ok(())
        })
    }
}

/// Any other Services API endpoint, with the same authentication, retries and errors. `method`
/// is GET, POST, PUT, PATCH, DELETE or HEAD; `path` is relative to the base URL (e.g.
/// "user/me", may carry a query); `body_json` is NULL or valid JSON. On success
/// `*response_json` receives the response body (the text "null" for an empty body), which the
/// caller frees with `certcentral_string_free`.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_request_json(
    client: *const certcentral_client,
    method: *const c_char,
    path: *const c_char,
    body_json: *const c_char,
    response_json: *mut *mut c_char,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        boundary(err, || {
            clear_out(response_json, ptr::null_mut());
            let client = &arg_ref(client, "client")?.client;
            let method = arg_str(method, "method")?;
            let path = arg_str(path, "path")?;
            let body = opt_str(body_json, "body_json")?;
            let response_json = out_ptr(response_json, "response_json")?;
            let raw = client.request_raw_json(method, path, body)?;
            write_out(response_json, into_c_string(raw.as_str()));
            Ok(())
        })
    }
}
