//! Result structs handed to C. Each top-level result is one owning allocation (see
//! [`super::arena`]): its strings and nested structs live in its arena, and its `*_free`
//! releases them all and accepts NULL. Absent strings are NULL, absent ids 0, absent booleans
//! `CERTCENTRAL_OPTIONAL_BOOL_UNSET`, absent counts -1.

use std::ffi::c_char;
use std::ptr;

use super::arena::{free_owned, into_owned, Arena};
use super::boundary::guarded;
use super::requests::{certcentral_optional_bool, write_optional_bool};
use crate::models::{
    ApiKey, Container, Invite, InvitePage, ServiceUser, Subaccount, SubaccountOrganization,
    SubaccountUser,
};

/// A core result as its C struct, with its strings and nested structs in `arena`.
pub(crate) trait ToC {
    type C: 'static;
    fn to_c(&self, arena: &mut Arena) -> Self::C;
}

/// Items as a C array in `arena` (NULL when empty).
pub(crate) fn array<T: ToC>(items: &[T], arena: &mut Arena) -> (*const T::C, usize) {
    let converted: Vec<T::C> = items.iter().map(|item| item.to_c(arena)).collect();
    arena.slice(converted)
}

/// An optional nested result: NULL when absent.
fn nested<T: ToC>(item: Option<&T>, arena: &mut Arena) -> *const T::C {
    item.map_or(ptr::null(), |item| {
        let converted = item.to_c(arena);
        arena.nested(converted)
    })
}

/// A count the server may leave out: -1 when absent.
fn count(value: Option<u64>) -> i64 {
    value.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX))
}

/// One subaccount invite.
#[repr(C)]
pub struct certcentral_invite {
    pub id: i64,
    pub email: *const c_char,
    pub subaccount_type: *const c_char,
    pub invite_note: *const c_char,
    /// `yyyy-MM-dd HH:mm:ss`, no time zone.
    pub date_created: *const c_char,
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
    pub invites: *const certcentral_invite,
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

/// Hands a result to C as one allocation; a result holding a one-time key gets an arena that
/// is zeroed when freed.
pub(crate) fn into_c<T: ToC>(result: &T, mut arena: Arena) -> *mut T::C {
    let value = result.to_c(&mut arena);
    into_owned(value, arena)
}

/// Frees a page and every invite and string in it. NULL is ignored.
///
/// # Safety
/// `page` is NULL or a page from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn certcentral_invite_page_free(page: *mut certcentral_invite_page) {
    // SAFETY: the caller passes NULL or a live page from `into_c`.
    guarded((), || unsafe { free_owned(page) })
}

/// A container (division) in a subaccount result.
#[repr(C)]
pub struct certcentral_container_details {
    pub id: i64,
    /// 0 for a top-level container (or when absent).
    pub parent_id: i64,
    pub name: *const c_char,
    pub is_active: certcentral_optional_bool,
    pub raw_json: *const c_char,
}

impl ToC for Container {
    type C = certcentral_container_details;
    fn to_c(&self, arena: &mut Arena) -> certcentral_container_details {
        certcentral_container_details {
            id: self.id,
            parent_id: self.parent_id.unwrap_or(0),
            name: arena.opt_text(self.name.as_deref()),
            is_active: write_optional_bool(self.is_active),
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// The organization of a new subaccount.
#[repr(C)]
pub struct certcentral_organization_details {
    pub id: i64,
    /// active or inactive.
    pub status: *const c_char,
    pub name: *const c_char,
    pub assumed_name: *const c_char,
    pub display_name: *const c_char,
    pub is_active: certcentral_optional_bool,
    pub address: *const c_char,
    pub address2: *const c_char,
    pub zip: *const c_char,
    pub city: *const c_char,
    pub state: *const c_char,
    pub country: *const c_char,
    pub telephone: *const c_char,
    /// NULL when absent.
    pub container: *const certcentral_container_details,
    pub raw_json: *const c_char,
}

impl ToC for SubaccountOrganization {
    type C = certcentral_organization_details;
    fn to_c(&self, arena: &mut Arena) -> certcentral_organization_details {
        certcentral_organization_details {
            id: self.id,
            status: arena.opt_text(self.status.as_deref()),
            name: arena.opt_text(self.name.as_deref()),
            assumed_name: arena.opt_text(self.assumed_name.as_deref()),
            display_name: arena.opt_text(self.display_name.as_deref()),
            is_active: write_optional_bool(self.is_active),
            address: arena.opt_text(self.address.as_deref()),
            address2: arena.opt_text(self.address2.as_deref()),
            zip: arena.opt_text(self.zip.as_deref()),
            city: arena.opt_text(self.city.as_deref()),
            state: arena.opt_text(self.state.as_deref()),
            country: arena.opt_text(self.country.as_deref()),
            telephone: arena.opt_text(self.telephone.as_deref()),
            container: nested(self.container.as_ref(), arena),
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// The first user of a new subaccount.
#[repr(C)]
pub struct certcentral_user_details {
    pub id: i64,
    pub username: *const c_char,
    /// The new subaccount's account id.
    pub account_id: i64,
    pub first_name: *const c_char,
    pub last_name: *const c_char,
    pub email: *const c_char,
    pub job_title: *const c_char,
    pub telephone: *const c_char,
    /// The API's `type` field, e.g. "standard".
    pub user_type: *const c_char,
    pub raw_json: *const c_char,
}

impl ToC for SubaccountUser {
    type C = certcentral_user_details;
    fn to_c(&self, arena: &mut Arena) -> certcentral_user_details {
        certcentral_user_details {
            id: self.id,
            username: arena.opt_text(self.username.as_deref()),
            account_id: self.account_id.unwrap_or(0),
            first_name: arena.opt_text(self.first_name.as_deref()),
            last_name: arena.opt_text(self.last_name.as_deref()),
            email: arena.opt_text(self.email.as_deref()),
            job_title: arena.opt_text(self.job_title.as_deref()),
            telephone: arena.opt_text(self.telephone.as_deref()),
            user_type: arena.opt_text(self.user_type.as_deref()),
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// A new subaccount.
#[repr(C)]
pub struct certcentral_subaccount {
    pub id: i64,
    pub account_type: *const c_char,
    /// 0 when absent.
    pub account_manager_user_id: i64,
    pub bill_parent: certcentral_optional_bool,
    /// NULL when absent.
    pub organization: *const certcentral_organization_details,
    /// NULL when absent.
    pub user: *const certcentral_user_details,
    /// A managed subaccount's API key, shown this one time only: store it. NULL unless managed.
    /// `certcentral_subaccount_free` zeroes every string of the result, this key and `raw_json`
    /// included, before freeing it.
    pub api_key: *const c_char,
    /// The response exactly as the server sent it (including `api_key`).
    pub raw_json: *const c_char,
}

impl ToC for Subaccount {
    type C = certcentral_subaccount;
    fn to_c(&self, arena: &mut Arena) -> certcentral_subaccount {
        certcentral_subaccount {
            id: self.id,
            account_type: arena.opt_text(self.account_type.as_deref()),
            account_manager_user_id: self.account_manager_user_id.unwrap_or(0),
            bill_parent: write_optional_bool(self.bill_parent),
            organization: nested(self.organization.as_ref(), arena),
            user: nested(self.user.as_ref(), arena),
            api_key: arena.opt_text(self.api_key.as_ref().map(|k| k.expose())),
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// Frees a subaccount and everything in it, zeroing its strings (the one-time API key among
/// them) first. NULL is ignored.
///
/// # Safety
/// `subaccount` is NULL or a subaccount from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn certcentral_subaccount_free(subaccount: *mut certcentral_subaccount) {
    // SAFETY: the caller passes NULL or a live subaccount from `into_c`.
    guarded((), || unsafe { free_owned(subaccount) })
}

/// A new service user and its first API key.
#[repr(C)]
pub struct certcentral_service_user {
    pub id: i64,
    /// The service user's API key, shown this one time only: store it. NULL if the answer had
    /// none. `certcentral_service_user_free` zeroes it (and `raw_json`) before freeing.
    pub api_key: *const c_char,
    /// The answer exactly as the server sent it (including `api_key`).
    pub raw_json: *const c_char,
}

impl ToC for ServiceUser {
    type C = certcentral_service_user;
    fn to_c(&self, arena: &mut Arena) -> certcentral_service_user {
        certcentral_service_user {
            id: self.id,
            api_key: arena.opt_text(self.api_key.as_ref().map(|k| k.expose())),
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// Frees a service user, zeroing its one-time key first. NULL is ignored.
///
/// # Safety
/// `user` is NULL or a service user from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn certcentral_service_user_free(user: *mut certcentral_service_user) {
    // SAFETY: the caller passes NULL or a live result from `into_c`.
    guarded((), || unsafe { free_owned(user) })
}

/// A new API key.
#[repr(C)]
pub struct certcentral_api_key {
    /// The key's id (not its user's).
    pub id: i64,
    /// The key, shown this one time only: store it. NULL if the answer had none.
    /// `certcentral_api_key_free` zeroes it (and `raw_json`) before freeing.
    pub api_key: *const c_char,
    /// The answer exactly as the server sent it (including `api_key`).
    pub raw_json: *const c_char,
}

impl ToC for ApiKey {
    type C = certcentral_api_key;
    fn to_c(&self, arena: &mut Arena) -> certcentral_api_key {
        certcentral_api_key {
            id: self.id,
            api_key: arena.opt_text(self.api_key.as_ref().map(|k| k.expose())),
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// Frees an API key result, zeroing the key first. NULL is ignored.
///
/// # Safety
/// `key` is NULL or a result from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn certcentral_api_key_free(key: *mut certcentral_api_key) {
    // SAFETY: the caller passes NULL or a live result from `into_c`.
    guarded((), || unsafe { free_owned(key) })
}
