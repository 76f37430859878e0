//! The endpoint exports: each checks its arguments, translates, calls the core, and translates
//! the result back.

use std::ffi::c_char;
use std::ptr;

use super::boundary::{
    arg_mut, arg_ref, arg_str, boundary, guarded, into_boxed, into_c_string, opt_ref, opt_str,
    out_ptr, take_boxed, write_out,
};
use super::client::certcentral_client;
use super::error::certcentral_error;
use super::requests::{
    certcentral_add_user_request, certcentral_create_organization_request,
    certcentral_create_subaccount_request, certcentral_list_invites_query,
    certcentral_send_invite_request,
};
use super::results::{
    certcentral_invite, certcentral_invite_page, certcentral_subaccount, into_c_page, InviteBlock,
};
use crate::error::{Error, Status};
use crate::models::ListInvitesQuery;
use crate::pagination::Invites;

fn query_or_default(
    query: *const certcentral_list_invites_query,
) -> Result<ListInvitesQuery, Error> {
    // SAFETY: the caller passes NULL or a pointer to a valid query struct.
    match unsafe { query.as_ref() } {
        Some(query) => query.to_core(),
        None => Ok(ListInvitesQuery::default()),
    }
}

/// `POST account/subaccount/invite`: invites each address to open a subaccount.
#[no_mangle]
pub extern "C" fn certcentral_send_invite(
    client: *const certcentral_client,
    request: *const certcentral_send_invite_request,
    err: *mut *mut certcentral_error,
) -> Status {
    boundary(err, || {
        let client = &arg_ref(client, "client")?.client;
        let request = arg_ref(request, "request")?.to_core()?;
        client.send_invite(&request)
    })
}

/// `GET account/subaccount/invite`: one page of invites. `query` may be NULL (no filters, server
/// defaults). On success `*out` receives a page the caller frees with
/// `certcentral_invite_page_free`; on failure `*out` is NULL.
#[no_mangle]
pub extern "C" fn certcentral_list_invites(
    client: *const certcentral_client,
    query: *const certcentral_list_invites_query,
    out: *mut *mut certcentral_invite_page,
    err: *mut *mut certcentral_error,
) -> Status {
    boundary(err, || {
        let out = out_ptr(out, "out")?;
        write_out(out, ptr::null_mut());
        let client = &arg_ref(client, "client")?.client;
        let page = client.list_invites(&query_or_default(query)?)?;
        write_out(out, into_c_page(&page));
        Ok(())
    })
}

/// `POST account`: creates a subaccount. On success `*out` receives a subaccount the caller frees
/// with `certcentral_subaccount_free`; for a managed subaccount, `(*out)->api_key` holds its
/// one-time API key. If the answer cannot be decoded, the key is still available from
/// `certcentral_error_subaccount_api_key`.
#[no_mangle]
pub extern "C" fn certcentral_create_subaccount(
    client: *const certcentral_client,
    request: *const certcentral_create_subaccount_request,
    out: *mut *mut certcentral_subaccount,
    err: *mut *mut certcentral_error,
) -> Status {
    boundary(err, || {
        let out = out_ptr(out, "out")?;
        write_out(out, ptr::null_mut());
        let client = &arg_ref(client, "client")?.client;
        let request = arg_ref(request, "request")?.to_core()?;
        let subaccount = client.create_subaccount(&request)?;
        write_out(out, into_boxed(certcentral_subaccount::new(&subaccount)));
        Ok(())
    })
}

/// `POST user`: adds a user; on success `*user_id` receives the new user's id.
#[no_mangle]
pub extern "C" fn certcentral_add_user(
    client: *const certcentral_client,
    request: *const certcentral_add_user_request,
    user_id: *mut i64,
    err: *mut *mut certcentral_error,
) -> Status {
    boundary(err, || {
        let user_id = out_ptr(user_id, "user_id")?;
        let client = &arg_ref(client, "client")?.client;
        let request = arg_ref(request, "request")?.to_core()?;
        write_out(user_id, client.add_user(&request)?.id);
        Ok(())
    })
}

/// `POST organization`: creates an organization (or, under the duplicate check, finds the
/// matching one); on success `*organization_id` receives its id.
#[no_mangle]
pub extern "C" fn certcentral_create_organization(
    client: *const certcentral_client,
    request: *const certcentral_create_organization_request,
    organization_id: *mut i64,
    err: *mut *mut certcentral_error,
) -> Status {
    boundary(err, || {
        let organization_id = out_ptr(organization_id, "organization_id")?;
        let client = &arg_ref(client, "client")?.client;
        let request = arg_ref(request, "request")?.to_core()?;
        write_out(organization_id, client.create_organization(&request)?.id);
        Ok(())
    })
}

/// Any other Services API endpoint, with the same authentication, retries and errors. `method`
/// is GET, POST, PUT, PATCH, DELETE or HEAD; `path` is relative to the base URL (e.g.
/// "user/me", may carry a query); `body_json` is NULL or valid JSON. On success
/// `*response_json` receives the response body (the text "null" for an empty body), which the
/// caller frees with `certcentral_string_free`.
#[no_mangle]
pub extern "C" fn certcentral_request_json(
    client: *const certcentral_client,
    method: *const c_char,
    path: *const c_char,
    body_json: *const c_char,
    response_json: *mut *mut c_char,
    err: *mut *mut certcentral_error,
) -> Status {
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

/// Follows every page of `GET account/subaccount/invite`, one page in memory at a time.
pub struct certcentral_invite_iter {
    invites: Invites,
    current: Option<InviteBlock>,
}

/// Starts iterating over every invite matching `query` (NULL: all). `query->limit` sets the page
/// size (0: 1000) and `query->offset` where to start; a bad query fails here with
/// `CERTCENTRAL_STATUS_VALIDATION`. No request is sent until the first
/// `certcentral_invite_iter_next`. On success `*out` receives an iterator the caller frees with
/// `certcentral_invite_iter_free`; it stays valid after its client is freed.
#[no_mangle]
pub extern "C" fn certcentral_invite_iter_new(
    client: *const certcentral_client,
    query: *const certcentral_list_invites_query,
    out: *mut *mut certcentral_invite_iter,
    err: *mut *mut certcentral_error,
) -> Status {
    boundary(err, || {
        let out = out_ptr(out, "out")?;
        write_out(out, ptr::null_mut());
        let client = &arg_ref(client, "client")?.client;
        let iter = certcentral_invite_iter {
            invites: client.invites(query_or_default(query)?)?,
            current: None,
        };
        write_out(out, into_boxed(iter));
        Ok(())
    })
}

/// Advances the iterator. On success `*invite` points to the next invite, or is NULL at the end;
/// the invite is owned by the iterator and valid until the next call or
/// `certcentral_invite_iter_free`. After a failure, calling again retries the same page.
#[no_mangle]
pub extern "C" fn certcentral_invite_iter_next(
    iter: *mut certcentral_invite_iter,
    invite: *mut *const certcentral_invite,
    err: *mut *mut certcentral_error,
) -> Status {
    boundary(err, || {
        let invite = out_ptr(invite, "invite")?;
        write_out(invite, ptr::null());
        let iter = arg_mut(iter, "iter")?;
        iter.current = None;
        if let Some(next) = iter.invites.next().transpose()? {
            let current = iter
                .current
                .insert(InviteBlock::new(std::slice::from_ref(&next)));
            write_out(invite, current.invites().as_ptr());
        }
        Ok(())
    })
}

/// How many invites match over all pages (`page.total`); -1 before the first page arrives or
/// when the server does not say.
#[no_mangle]
pub extern "C" fn certcentral_invite_iter_total(iter: *const certcentral_invite_iter) -> i64 {
    guarded(-1, || {
        opt_ref(iter)
            .and_then(|i| i.invites.total())
            .map_or(-1, |t| i64::try_from(t).unwrap_or(i64::MAX))
    })
}

/// How many invites have been fetched so far (progress for long listings); 0 for NULL.
#[no_mangle]
pub extern "C" fn certcentral_invite_iter_fetched(iter: *const certcentral_invite_iter) -> u64 {
    guarded(0, || opt_ref(iter).map_or(0, |i| i.invites.fetched()))
}

/// Frees an iterator and the invite it last returned. NULL is ignored.
#[no_mangle]
pub extern "C" fn certcentral_invite_iter_free(iter: *mut certcentral_invite_iter) {
    guarded((), || drop(take_boxed(iter)))
}
