//! API keys and API-key roles: creating a key for a user, and the roles a key can be restricted
//! to (a `certcentral_role_list`, from `super::containers`).

use std::ffi::c_char;

use super::arena::{free_owned, Arena};
use super::client::certcentral_client;
use super::containers::certcentral_role_list;
use super::convert::{arg_request, field_string, into_c, optional_id, ToC, ToCore};
use super::error::certcentral_error;
use super::macros::ffi_fn;
use crate::api::{ApiKey, CreateApiKeyRequest};
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
