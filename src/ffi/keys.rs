//! API keys and API-key roles: creating a key for a user, one page and every page of keys
//! (`certcentral_iter_api_keys`), one key's details, renaming, revoking and activating a key,
//! and the roles a key can be restricted to (a `certcentral_role_list`, from
//! `super::containers`).

use std::ffi::c_char;

use super::arena::{free_owned, Arena};
use super::client::certcentral_client;
use super::containers::certcentral_role_list;
use super::convert::{
    arg_query, arg_request, array, certcentral_list_params, certcentral_optional_bool, count,
    field_string, into_c, nested, opt_string, optional_id, write_optional_bool, ToC, ToCore,
};
use super::error::certcentral_error;
use super::iter::{certcentral_iter, new_iter};
use super::macros::ffi_fn;
use crate::api::{
    ApiKey, ApiKeyDetails, ApiKeyOwner, CreateApiKeyRequest, ListApiKeysQuery, Page,
    UpdateApiKeyRequest,
};
use crate::error::{Error, Status};

/// Body of `POST key/user/{user_id}`.
#[repr(C)]
pub struct certcentral_create_api_key_request {
    /// Required: the key's name.
    pub name: *const c_char,
    /// API key role, as in `certcentral_add_service_user_request`; 0 = unset (no restriction).
    pub restricted_to_role_id: i64,
}

impl ToCore for certcentral_create_api_key_request {
    type Core = CreateApiKeyRequest;

    unsafe fn to_core(&self) -> Result<CreateApiKeyRequest, Error> {
        // SAFETY: the caller upholds the pointer contract of this struct's fields.
        unsafe {
            Ok(CreateApiKeyRequest {
                name: field_string(self.name, "name")?,
                restricted_to_role_id: optional_id(self.restricted_to_role_id),
            })
        }
    }
}

/// Parameters of `GET key` (`certcentral_list_api_keys`, `certcentral_iter_api_keys`).
#[repr(C)]
pub struct certcentral_list_api_keys_query {
    /// Only the keys of this user; 0 = unset (every key of the account).
    pub user_id: i64,
    /// Filters, search, sort and pagination (the page documents none of its own: sent as every
    /// list sends them).
    pub list: certcentral_list_params,
}

impl ToCore for certcentral_list_api_keys_query {
    type Core = ListApiKeysQuery;

    unsafe fn to_core(&self) -> Result<ListApiKeysQuery, Error> {
        // SAFETY: the caller upholds the pointer contract of this struct's fields.
        unsafe {
            Ok(ListApiKeysQuery {
                user_id: optional_id(self.user_id),
                list: self.list.to_core()?,
            })
        }
    }
}

/// The changes `certcentral_update_api_key` makes (`PUT key/{key_id}`): what is left unset is
/// read from the key and sent as it is. At least one must be set.
#[repr(C)]
pub struct certcentral_update_api_key_request {
    /// The key's new name; NULL keeps the current one.
    pub name: *const c_char,
    /// The API key role to limit the key to: 0 (none), 100, 101, 102 or 103; sent only when
    /// `has_restricted_to_role_id` is non-zero (0 being a role, it cannot mean unset).
    pub restricted_to_role_id: i64,
    /// Non-zero: `restricted_to_role_id` is set. 0 (the zero value): the current restriction is
    /// kept.
    pub has_restricted_to_role_id: u8,
}

impl ToCore for certcentral_update_api_key_request {
    type Core = UpdateApiKeyRequest;

    unsafe fn to_core(&self) -> Result<UpdateApiKeyRequest, Error> {
        // SAFETY: the caller upholds the pointer contract of this struct's fields.
        unsafe {
            Ok(UpdateApiKeyRequest {
                name: opt_string(self.name, "name")?,
                restricted_to_role_id: (self.has_restricted_to_role_id != 0)
                    .then_some(self.restricted_to_role_id),
            })
        }
    }
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
#[no_mangle]
pub unsafe extern "C" fn certcentral_api_key_free(key: *mut certcentral_api_key) {
    ffi_fn!(free: free_owned(key))
}

/// The user an API key belongs to.
#[repr(C)]
pub struct certcentral_api_key_owner {
    /// User ID.
    pub id: i64,
    /// First name; NULL when absent.
    pub first_name: *const c_char,
    /// Last name; NULL when absent.
    pub last_name: *const c_char,
    /// The owner exactly as the server sent it.
    pub raw_json: *const c_char,
}

impl ToC for ApiKeyOwner {
    type C = certcentral_api_key_owner;
    fn to_c(&self, arena: &mut Arena) -> certcentral_api_key_owner {
        certcentral_api_key_owner {
            id: self.id,
            first_name: arena.opt_text(self.first_name.as_deref()),
            last_name: arena.opt_text(self.last_name.as_deref()),
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// An API key as `certcentral_get_api_key` and `certcentral_list_api_keys` show it: never the
/// key itself. Fields the answer left out are absent.
#[repr(C)]
pub struct certcentral_api_key_details {
    /// The key's id.
    pub id: i64,
    /// The user the key belongs to; NULL when absent.
    pub user: *const certcentral_api_key_owner,
    /// "active" or "revoked" (any other value is kept); NULL when absent.
    pub status: *const c_char,
    /// When the key was made (ISO 8601); NULL when absent.
    pub create_date: *const c_char,
    /// When the key was last used (ISO 8601); NULL when absent (a key never used).
    pub last_used_date: *const c_char,
    /// The key's name; NULL when absent.
    pub name: *const c_char,
    /// Whether it is a legacy key.
    pub is_legacy: certcentral_optional_bool,
    /// The API key role it is limited to (0: none); -1 when absent (0 being a role).
    pub restricted_to_role_id: i64,
    /// The key exactly as the server sent it, unknown fields (e.g. an ACME key's) included.
    pub raw_json: *const c_char,
}

impl ToC for ApiKeyDetails {
    type C = certcentral_api_key_details;
    fn to_c(&self, arena: &mut Arena) -> certcentral_api_key_details {
        certcentral_api_key_details {
            id: self.id,
            user: nested(self.user.as_ref(), arena),
            status: arena.opt_text(self.status.as_deref()),
            create_date: arena.opt_text(self.create_date.as_deref()),
            last_used_date: arena.opt_text(self.last_used_date.as_deref()),
            name: arena.opt_text(self.name.as_deref()),
            is_legacy: write_optional_bool(self.is_legacy),
            restricted_to_role_id: self.restricted_to_role_id.unwrap_or(-1),
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// Frees an API key's details from `certcentral_get_api_key` and everything in them. NULL is
/// ignored. Keys listed in a page are freed with it, never with this function.
#[no_mangle]
pub unsafe extern "C" fn certcentral_api_key_details_free(key: *mut certcentral_api_key_details) {
    ffi_fn!(free: free_owned(key))
}

/// One page of API keys (`certcentral_list_api_keys`).
#[repr(C)]
pub struct certcentral_api_key_page {
    /// The keys on this page; NULL when empty.
    pub api_keys: *const certcentral_api_key_details,
    /// How many elements `api_keys` points to.
    pub api_keys_len: usize,
    /// `page.total`: matching keys over all pages; -1 when the server did not say.
    pub total: i64,
    /// `page.limit` as the server reported it; -1 when it did not say.
    pub limit: i64,
    /// `page.offset`; -1 when the server did not say.
    pub offset: i64,
    /// The whole response exactly as the server sent it.
    pub raw_json: *const c_char,
}

impl ToC for Page<ApiKeyDetails> {
    type C = certcentral_api_key_page;
    fn to_c(&self, arena: &mut Arena) -> certcentral_api_key_page {
        let (api_keys, api_keys_len) = array(&self.items, arena);
        certcentral_api_key_page {
            api_keys,
            api_keys_len,
            total: count(self.total()),
            limit: count(self.limit()),
            offset: count(self.offset()),
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// Frees a page of API keys and everything in it. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn certcentral_api_key_page_free(page: *mut certcentral_api_key_page) {
    ffi_fn!(free: free_owned(page))
}

/// `POST key/user/{user_id}`: creates another API key for a user (`user_id` > 0). On success
/// `*out` receives it, to be freed with `certcentral_api_key_free`. If the answer cannot be
/// read, the key is still available from `certcentral_error_one_time_key`.
#[no_mangle]
pub unsafe extern "C" fn certcentral_create_api_key(
    client: *const certcentral_client,
    user_id: i64,
    request: *const certcentral_create_api_key_request,
    out: *mut *mut certcentral_api_key,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let request = arg_request(request, "request")?; },
        out: out = into_c(&client.create_api_key(user_id, &request)?, Arena::secret()),
        err: err,
    }
}

/// `GET key/api-roles`: the roles an API key can be restricted to (`restricted_to_role_id`).
/// On success `*out` receives a list the caller frees with `certcentral_role_list_free`; on
/// failure `*out` is NULL.
#[no_mangle]
pub unsafe extern "C" fn certcentral_list_api_key_roles(
    client: *const certcentral_client,
    out: *mut *mut certcentral_role_list,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        out: out = into_c(&client.api_key_role_list()?, Arena::default()),
        err: err,
    }
}

/// `GET key`: one page of the account's API keys (never the keys themselves);
/// `query->user_id` limits it to one user's. `query` may be NULL (no parameters, server
/// defaults). On success `*out` receives a page the caller frees with
/// `certcentral_api_key_page_free`; on failure `*out` is NULL.
#[no_mangle]
pub unsafe extern "C" fn certcentral_list_api_keys(
    client: *const certcentral_client,
    query: *const certcentral_list_api_keys_query,
    out: *mut *mut certcentral_api_key_page,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let query = arg_query(query)?; },
        out: out = into_c(&client.list_api_keys(&query)?, Arena::default()),
        err: err,
    }
}

/// Starts iterating over every API key matching `query` (NULL: all); `certcentral_iter_next`
/// then hands out `const certcentral_api_key_details *` records. Otherwise as
/// `certcentral_iter_users`.
#[no_mangle]
pub unsafe extern "C" fn certcentral_iter_api_keys(
    client: *const certcentral_client,
    query: *const certcentral_list_api_keys_query,
    out: *mut *mut certcentral_iter,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let query = arg_query(query)?; },
        out: out = new_iter(client.api_keys(query)?),
        err: err,
    }
}

/// `GET key/{key_id}`: one API key's details, never the key itself (`key_id` > 0, else
/// `CERTCENTRAL_STATUS_VALIDATION` and nothing is sent). On success `*out` receives details the
/// caller frees with `certcentral_api_key_details_free`; on failure `*out` is NULL.
#[no_mangle]
pub unsafe extern "C" fn certcentral_get_api_key(
    client: *const certcentral_client,
    key_id: i64,
    out: *mut *mut certcentral_api_key_details,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        out: out = into_c(&client.get_api_key(key_id)?, Arena::default()),
        err: err,
    }
}

/// `PUT key/{key_id}`: renames a key or changes its restriction (`key_id` > 0). The API needs
/// the name in every request: what `request` leaves unset is read from the key first
/// (`GET key/{key_id}`) and sent as it is, so nothing not named changes.
#[no_mangle]
pub unsafe extern "C" fn certcentral_update_api_key(
    client: *const certcentral_client,
    key_id: i64,
    request: *const certcentral_update_api_key_request,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let request = arg_request(request, "request")?; },
        call: client.update_api_key(key_id, &request)?,
        err: err,
    }
}

/// `PUT key/{key_id}/status` with `revoked` (`key_id` > 0): the key stops authenticating; a
/// client using it then gets `CERTCENTRAL_STATUS_AUTHENTICATION`.
#[no_mangle]
pub unsafe extern "C" fn certcentral_revoke_api_key(
    client: *const certcentral_client,
    key_id: i64,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        call: client.revoke_api_key(key_id)?,
        err: err,
    }
}

/// `PUT key/{key_id}/status` with `active` (`key_id` > 0): a revoked key works again.
#[no_mangle]
pub unsafe extern "C" fn certcentral_activate_api_key(
    client: *const certcentral_client,
    key_id: i64,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        call: client.activate_api_key(key_id)?,
        err: err,
    }
}
