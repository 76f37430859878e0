//! Subaccount invites: sending them, one page of them, and every page (`certcentral_iter_invites`);
//! their request and query structs and `certcentral_invite` with its page.

use std::ffi::c_char;

use super::arena::{free_owned, Arena};
use super::boundary::arg_strings;
use super::client::certcentral_client;
use super::convert::{
    arg_query, arg_request, array, count, field_string, into_c, opt_string, ToC, ToCore,
};
use super::error::certcentral_error;
use super::iter::{certcentral_iter, new_iter};
use super::macros::ffi_fn;
use crate::api::{Invite, InvitePage, ListInvitesQuery, SendInviteRequest};
use crate::error::{Error, Status};

/// Body of `POST account/subaccount/invite`.
#[repr(C)]
pub struct certcentral_send_invite_request {
    /// Addresses that receive the invitation (required, at least one).
    pub emails: *const *const c_char,
    /// How many elements `emails` points to.
    pub emails_len: usize,
    /// Required; the allowed values depend on the account's settings.
    pub subaccount_type: *const c_char,
    /// Optional custom message.
    pub invite_note: *const c_char,
}

impl ToCore for certcentral_send_invite_request {
    type Core = SendInviteRequest;

    unsafe fn to_core(&self) -> Result<SendInviteRequest, Error> {
        // SAFETY: the caller upholds the pointer contract of this struct's fields.
        unsafe {
            Ok(SendInviteRequest {
                emails: arg_strings(self.emails, self.emails_len, "emails")?,
                subaccount_type: field_string(self.subaccount_type, "subaccount_type")?,
                invite_note: opt_string(self.invite_note, "invite_note")?,
            })
        }
    }
}

/// Filters, search, sort and pagination for `GET account/subaccount/invite`. NULL strings and
/// zero numbers are left out of the query.
#[repr(C)]
pub struct certcentral_list_invites_query {
    /// `filters[email]`.
    pub email: *const c_char,
    /// `filters[subaccount_type]`.
    pub subaccount_type: *const c_char,
    /// `filters[status]`: pending, accepted, expired, cancelled.
    pub status: *const c_char,
    /// `filters[date_created]` (`yyyy-MM-dd HH:mm:ss`, or a prefix such as a day).
    pub date_created: *const c_char,
    /// `filters[last_sent_date]`.
    pub last_sent_date: *const c_char,
    /// `filters[search]`: exact email, or with a leading `%` a "contains" search.
    pub search: *const c_char,
    /// `sort`: comma-separated properties, `-` prefix for descending.
    pub sort: *const c_char,
    /// Index of the first result; 0 = from the start.
    pub offset: u32,
    /// Page size, 1 to 1000; 0 = the server's default (1000).
    pub limit: u32,
}

impl ToCore for certcentral_list_invites_query {
    type Core = ListInvitesQuery;

    unsafe fn to_core(&self) -> Result<ListInvitesQuery, Error> {
        // SAFETY: the caller upholds the pointer contract of this struct's fields.
        unsafe {
            Ok(ListInvitesQuery {
                email: opt_string(self.email, "email")?,
                subaccount_type: opt_string(self.subaccount_type, "subaccount_type")?,
                status: opt_string(self.status, "status")?,
                date_created: opt_string(self.date_created, "date_created")?,
                last_sent_date: opt_string(self.last_sent_date, "last_sent_date")?,
                search: opt_string(self.search, "search")?,
                sort: opt_string(self.sort, "sort")?,
                offset: (self.offset != 0).then_some(self.offset),
                limit: (self.limit != 0).then_some(self.limit),
            })
        }
    }
}

/// One subaccount invite.
#[repr(C)]
pub struct certcentral_invite {
    /// Invite ID.
    pub id: i64,
    /// The invited address; NULL when absent.
    pub email: *const c_char,
    /// The type of subaccount offered; NULL when absent.
    pub subaccount_type: *const c_char,
    /// The custom message; NULL when absent.
    pub invite_note: *const c_char,
    /// `yyyy-MM-dd HH:mm:ss`, no time zone.
    pub date_created: *const c_char,
    /// When the invite was last sent, as `date_created`; NULL when absent.
    pub last_sent_date: *const c_char,
    /// pending, accepted, expired, canceled or cancelled.
    pub status: *const c_char,
    /// The invite exactly as the server sent it.
    pub raw_json: *const c_char,
}

impl ToC for Invite {
    type C = certcentral_invite;
    fn to_c(&self, arena: &mut Arena) -> certcentral_invite {
        certcentral_invite {
            id: self.id,
            email: arena.opt_text(self.email.as_deref()),
            subaccount_type: arena.opt_text(self.subaccount_type.as_deref()),
            invite_note: arena.opt_text(self.invite_note.as_deref()),
            date_created: arena.opt_text(self.date_created.as_deref()),
            last_sent_date: arena.opt_text(self.last_sent_date.as_deref()),
            status: arena.opt_text(self.status.as_deref()),
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// One page of invites.
#[repr(C)]
pub struct certcentral_invite_page {
    /// The invites on this page; NULL when empty.
    pub invites: *const certcentral_invite,
    /// How many elements `invites` points to.
    pub invites_len: usize,
    /// `page.total`: matching invites over all pages; -1 when the server did not say.
    pub total: i64,
    /// `page.limit` as the server reported it; -1 when it did not say.
    pub limit: i64,
    /// `page.offset`; -1 when the server did not say.
    pub offset: i64,
    /// The whole response exactly as the server sent it.
    pub raw_json: *const c_char,
}

impl ToC for InvitePage {
    type C = certcentral_invite_page;
    fn to_c(&self, arena: &mut Arena) -> certcentral_invite_page {
        let (invites, invites_len) = array(&self.items, arena);
        certcentral_invite_page {
            invites,
            invites_len,
            total: count(self.total()),
            limit: count(self.limit()),
            offset: count(self.offset()),
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// Frees a page and every invite and string in it. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn certcentral_invite_page_free(page: *mut certcentral_invite_page) {
    ffi_fn!(free: free_owned(page))
}

/// `POST account/subaccount/invite`: invites each address to open a subaccount.
#[no_mangle]
pub unsafe extern "C" fn certcentral_send_invite(
    client: *const certcentral_client,
    request: *const certcentral_send_invite_request,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let request = arg_request(request, "request")?; },
        call: client.send_invite(&request)?,
        err: err,
    }
}

/// `GET account/subaccount/invite`: one page of invites. `query` may be NULL (no filters, server
/// defaults). On success `*out` receives a page the caller frees with
/// `certcentral_invite_page_free`; on failure `*out` is NULL.
#[no_mangle]
pub unsafe extern "C" fn certcentral_list_invites(
    client: *const certcentral_client,
    query: *const certcentral_list_invites_query,
    out: *mut *mut certcentral_invite_page,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let query = arg_query(query)?; },
        out: out = into_c(&client.list_invites(&query)?, Arena::default()),
        err: err,
    }
}

/// Starts iterating over every invite matching `query` (NULL: all); `certcentral_iter_next`
/// then hands out `const certcentral_invite *` records. `query->limit` sets the page size
/// (0: 1000) and `query->offset` where to start. Otherwise as `certcentral_iter_users`.
#[no_mangle]
pub unsafe extern "C" fn certcentral_iter_invites(
    client: *const certcentral_client,
    query: *const certcentral_list_invites_query,
    out: *mut *mut certcentral_iter,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let query = arg_query(query)?; },
        out: out = new_iter(client.invites(query)?),
        err: err,
    }
}
