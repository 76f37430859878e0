//! The endpoint exports: each checks its arguments, translates, calls the core, and translates
//! the result back.

use std::ffi::c_char;
use std::ptr;

use super::arena::Arena;
use super::boundary::{
    arg_mut, arg_ref, arg_str, boundary, guarded, into_boxed, into_c_string, opt_ref, opt_str,
    out_ptr, take_boxed, write_out,
};
use super::client::certcentral_client;
use super::error::certcentral_error;
use super::requests::{
    certcentral_add_service_user_request, certcentral_add_user_request,
    certcentral_create_api_key_request, certcentral_create_organization_request,
    certcentral_create_subaccount_request, certcentral_list_invites_query,
    certcentral_send_invite_request,
};
use super::results::{
    array, certcentral_api_key, certcentral_invite, certcentral_invite_page,
    certcentral_service_user, certcentral_subaccount, into_c,
};
use crate::error::{Error, Status};
use crate::models::ListInvitesQuery;
use crate::Invites;

/// The query, or no filters for NULL.
///
/// # Safety
/// `query` is NULL or valid as the header's preamble describes.
unsafe fn query_or_default(
    query: *const certcentral_list_invites_query,
) -> Result<ListInvitesQuery, Error> {
    // SAFETY: per the contract.
    match unsafe { opt_ref(query) } {
        // SAFETY: per the contract, the struct's pointer fields are NULL or valid.
        Some(query) => unsafe { query.to_core() },
        None => Ok(ListInvitesQuery::default()),
    }
}

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
        boundary(err, || {
            let out = out_ptr(out, "out")?;
            write_out(out, ptr::null_mut());
            let client = &arg_ref(client, "client")?.client;
            let page = client.list_invites(&query_or_default(query)?)?;
            write_out(out, into_c(&page, Arena::default()));
            Ok(())
        })
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
        boundary(err, || {
            let out = out_ptr(out, "out")?;
            write_out(out, ptr::null_mut());
            let client = &arg_ref(client, "client")?.client;
            let request = arg_ref(request, "request")?.to_core()?;
            let subaccount = client.create_subaccount(&request)?;
            write_out(out, into_c(&subaccount, Arena::secret()));
            Ok(())
        })
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
            let user_id = out_ptr(user_id, "user_id")?;
            let client = &arg_ref(client, "client")?.client;
            let request = arg_ref(request, "request")?.to_core()?;
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
        boundary(err, || {
            let out = out_ptr(out, "out")?;
            write_out(out, ptr::null_mut());
            let client = &arg_ref(client, "client")?.client;
            let request = arg_ref(request, "request")?.to_core()?;
            let user = client.add_service_user(&request)?;
            write_out(out, into_c(&user, Arena::secret()));
            Ok(())
        })
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
        boundary(err, || {
            let out = out_ptr(out, "out")?;
            write_out(out, ptr::null_mut());
            let client = &arg_ref(client, "client")?.client;
            let request = arg_ref(request, "request")?.to_core()?;
            let key = client.create_api_key(user_id, &request)?;
            write_out(out, into_c(&key, Arena::secret()));
            Ok(())
        })
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
            let organization_id = out_ptr(organization_id, "organization_id")?;
            let client = &arg_ref(client, "client")?.client;
            let request = arg_ref(request, "request")?.to_core()?;
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
            let response_json = out_ptr(response_json, "response_json")?;
            write_out(response_json, ptr::null_mut());
            let client = &arg_ref(client, "client")?.client;
            let method = arg_str(method, "method")?;
            let path = arg_str(path, "path")?;
            let body = opt_str(body_json, "body_json")?;
            let raw = client.request_raw_json(method, path, body)?;
            write_out(response_json, into_c_string(raw.as_str()));
            Ok(())
        })
    }
}

/// Follows every page of `GET account/subaccount/invite`, one page in memory at a time.
pub struct certcentral_invite_iter {
    invites: Invites,
    /// The current page as C structs, and the next one to hand out.
    page: (Arena, *const certcentral_invite, usize),
    next: usize,
}

/// Starts iterating over every invite matching `query` (NULL: all). `query->limit` sets the page
/// size (0: 1000) and `query->offset` where to start; a bad query fails here with
/// `CERTCENTRAL_STATUS_VALIDATION`. No request is sent until the first
/// `certcentral_invite_iter_next`. On success `*out` receives an iterator the caller frees with
/// `certcentral_invite_iter_free`; it stays valid after its client is freed.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_invite_iter_new(
    client: *const certcentral_client,
    query: *const certcentral_list_invites_query,
    out: *mut *mut certcentral_invite_iter,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        boundary(err, || {
            let out = out_ptr(out, "out")?;
            write_out(out, ptr::null_mut());
            let client = &arg_ref(client, "client")?.client;
            let iter = certcentral_invite_iter {
                invites: client.invites(query_or_default(query)?)?,
                page: (Arena::default(), ptr::null(), 0),
                next: 0,
            };
            write_out(out, into_boxed(iter));
            Ok(())
        })
    }
}

/// Advances the iterator. On success `*invite` points to the next invite, or is NULL at the end;
/// the invite is owned by the iterator and valid until the next call or
/// `certcentral_invite_iter_free`. After a failure, calling again retries the same page.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_invite_iter_next(
    iter: *mut certcentral_invite_iter,
    invite: *mut *const certcentral_invite,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        boundary(err, || {
            let invite = out_ptr(invite, "invite")?;
            write_out(invite, ptr::null());
            let iter = arg_mut(iter, "iter")?;
            if iter.next == iter.page.2 {
                let Some(page) = iter.invites.next_page().transpose()? else {
                    return Ok(());
                };
                let mut arena = Arena::default();
                let (items, len) = array(&page, &mut arena);
                iter.page = (arena, items, len);
                iter.next = 0;
            }
            if iter.next < iter.page.2 {
                // In bounds: `next` is below the page's length.
                write_out(invite, iter.page.1.add(iter.next));
                iter.next += 1;
            }
            Ok(())
        })
    }
}

/// How many invites match over all pages (`page.total`); -1 before the first page arrives or
/// when the server does not say.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_invite_iter_total(
    iter: *const certcentral_invite_iter,
) -> i64 {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        guarded(-1, || {
            opt_ref(iter)
                .and_then(|i| i.invites.total())
                .map_or(-1, |t| i64::try_from(t).unwrap_or(i64::MAX))
        })
    }
}

/// How many invites have been fetched so far (progress for long listings); 0 for NULL.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_invite_iter_fetched(
    iter: *const certcentral_invite_iter,
) -> u64 {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe { guarded(0, || opt_ref(iter).map_or(0, |i| i.invites.fetched())) }
}

/// Frees an iterator and the invite it last returned. NULL is ignored.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_invite_iter_free(iter: *mut certcentral_invite_iter) {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe { guarded((), || drop(take_boxed(iter))) }
}
