//! Users and service users: adding them, one page of users, every page (`certcentral_iter_users`),
//! one user's details and the key's own user; changing a user (`certcentral_update_user`, its
//! roles and divisions) and deleting one; one page and every page of service users
//! (`certcentral_iter_service_users`); their request and query structs and result structs.

use std::ffi::c_char;

use super::arena::{free_owned, Arena};
use super::boundary::arg_slice;
use super::client::certcentral_client;
use super::containers::{certcentral_container_details, certcentral_role};
use super::convert::{
    arg_query, arg_request, array, certcentral_list_params, certcentral_optional_bool, count,
    field_string, into_c, nested, opt_string, optional_id, read_optional_bool, write_optional_bool,
    ToC, ToCore,
};
use super::error::certcentral_error;
use super::iter::{certcentral_iter, new_iter};
use super::macros::ffi_fn;
use crate::api::{
    AddServiceUserRequest, AddUserRequest, ContainerRef, ListServiceUsersQuery, ListUsersQuery,
    Page, RoleRef, ServiceUser, UpdateUserRequest, User,
};
use crate::error::{Error, Status};

/// Parameters of `GET user` (`certcentral_list_users`, `certcentral_iter_users`).
#[repr(C)]
pub struct certcentral_list_users_query {
    /// Only users of this container; 0 = unset.
    pub container_id: i64,
    /// Only users with this access role; 0 = unset.
    pub access_role_id: i64,
    /// TRUE leaves each user's `container` out of the answer.
    pub without_container: certcentral_optional_bool,
    /// Filters (e.g. `status`), search (username, names, email), sort and pagination.
    pub list: certcentral_list_params,
}

impl ToCore for certcentral_list_users_query {
    type Core = ListUsersQuery;

    unsafe fn to_core(&self) -> Result<ListUsersQuery, Error> {
        // SAFETY: the caller upholds the pointer contract of this struct's fields.
        unsafe {
            Ok(ListUsersQuery {
                container_id: optional_id(self.container_id),
                access_role_id: optional_id(self.access_role_id),
                without_container: read_optional_bool(self.without_container, "without_container")?,
                list: self.list.to_core()?,
            })
        }
    }
}

/// Parameters of `GET user/api-only`, the service users (`certcentral_list_service_users`,
/// `certcentral_iter_service_users`): those of `GET user`.
#[repr(C)]
pub struct certcentral_list_service_users_query {
    /// Only service users of this container; 0 = unset.
    pub container_id: i64,
    /// Only service users with this access role; 0 = unset.
    pub access_role_id: i64,
    /// TRUE leaves each user's `container` out of the answer.
    pub without_container: certcentral_optional_bool,
    /// Filters (e.g. `status`), search (username, names, email), sort and pagination.
    pub list: certcentral_list_params,
}

impl ToCore for certcentral_list_service_users_query {
    type Core = ListServiceUsersQuery;

    unsafe fn to_core(&self) -> Result<ListServiceUsersQuery, Error> {
        // SAFETY: the caller upholds the pointer contract of this struct's fields.
        unsafe {
            Ok(ListServiceUsersQuery {
                container_id: optional_id(self.container_id),
                access_role_id: optional_id(self.access_role_id),
                without_container: read_optional_bool(self.without_container, "without_container")?,
                list: self.list.to_core()?,
            })
        }
    }
}

/// The changes `certcentral_update_user` makes (`PUT user/{user_id}`): each field set replaces
/// the user's value; each field left unset (NULL, `CERTCENTRAL_OPTIONAL_BOOL_UNSET`) keeps it.
/// At least one must be set.
#[repr(C)]
pub struct certcentral_update_user_request {
    /// Characters a-z A-Z 0-9 @ - _ + .
    pub username: *const c_char,
    /// At most 128 characters.
    pub first_name: *const c_char,
    /// At most 128 characters.
    pub last_name: *const c_char,
    /// A valid address of at most 255 characters.
    pub email: *const c_char,
    /// At most 64 characters; needed for an EV approver.
    pub job_title: *const c_char,
    /// At most 64 characters; needed for an EV approver.
    pub telephone: *const c_char,
    /// TRUE: the user can sign in only through SAML SSO.
    pub is_saml_sso_only: certcentral_optional_bool,
}

impl ToCore for certcentral_update_user_request {
    type Core = UpdateUserRequest;

    unsafe fn to_core(&self) -> Result<UpdateUserRequest, Error> {
        // SAFETY: the caller upholds the pointer contract of this struct's fields.
        unsafe {
            Ok(UpdateUserRequest {
                username: opt_string(self.username, "username")?,
                first_name: opt_string(self.first_name, "first_name")?,
                last_name: opt_string(self.last_name, "last_name")?,
                email: opt_string(self.email, "email")?,
                job_title: opt_string(self.job_title, "job_title")?,
                telephone: opt_string(self.telephone, "telephone")?,
                is_saml_sso_only: read_optional_bool(self.is_saml_sso_only, "is_saml_sso_only")?,
            })
        }
    }
}

/// Body of `POST user`.
#[repr(C)]
pub struct certcentral_add_user_request {
    /// Required; characters a-z A-Z 0-9 @ - _ + .
    pub username: *const c_char,
    /// Required, at most 128 characters.
    pub first_name: *const c_char,
    /// Required, at most 128 characters.
    pub last_name: *const c_char,
    /// Required, a valid address of at most 255 characters.
    pub email: *const c_char,
    /// At most 64 characters; needed for an EV approver.
    pub job_title: *const c_char,
    /// At most 64 characters; needed for an EV approver.
    pub telephone: *const c_char,
    /// Legacy `container.id`; 0 = unset.
    pub container_id: i64,
    /// Required: access role ids, sent as `[{"id": n}]` (1 Administrator … 5 Standard user).
    pub access_role_ids: *const i64,
    /// How many elements `access_role_ids` points to.
    pub access_role_ids_len: usize,
    /// Divisions the user is assigned to; length 0 = unset.
    pub container_id_assignments: *const i64,
    /// How many elements `container_id_assignments` points to.
    pub container_id_assignments_len: usize,
    /// TRUE: the user can sign in only through SAML SSO (server default: false).
    pub is_saml_sso_only: certcentral_optional_bool,
}

impl ToCore for certcentral_add_user_request {
    type Core = AddUserRequest;

    unsafe fn to_core(&self) -> Result<AddUserRequest, Error> {
        // SAFETY: the caller upholds the pointer contract of this struct's fields.
        unsafe {
            let roles = arg_slice(
                self.access_role_ids,
                self.access_role_ids_len,
                "access_role_ids",
            )?;
            let assignments = arg_slice(
                self.container_id_assignments,
                self.container_id_assignments_len,
                "container_id_assignments",
            )?;
            Ok(AddUserRequest {
                username: field_string(self.username, "username")?,
                first_name: field_string(self.first_name, "first_name")?,
                last_name: field_string(self.last_name, "last_name")?,
                email: field_string(self.email, "email")?,
                job_title: opt_string(self.job_title, "job_title")?,
                telephone: opt_string(self.telephone, "telephone")?,
                container: optional_id(self.container_id).map(|id| ContainerRef { id }),
                access_roles: roles.iter().copied().map(RoleRef::new).collect(),
                container_id_assignments: (!assignments.is_empty()).then(|| assignments.to_vec()),
                is_saml_sso_only: read_optional_bool(self.is_saml_sso_only, "is_saml_sso_only")?,
            })
        }
    }
}

/// Body of `POST user` for a service user (`is_api_only` is sent as true).
#[repr(C)]
pub struct certcentral_add_service_user_request {
    /// Required, a valid address of at most 255 characters.
    pub email: *const c_char,
    /// Required: the name of the service user's first API key.
    pub api_name: *const c_char,
    /// API key role: 100 orders, 101 orders, domains and organizations, 102 view only, 103 user
    /// management. 0 = unset, which means what role 0 means: no restriction beyond the user's
    /// own role.
    pub restricted_to_role_id: i64,
    /// Divisions the service user is assigned to; length 0 = unset.
    pub container_id_assignments: *const i64,
    /// How many elements `container_id_assignments` points to.
    pub container_id_assignments_len: usize,
}

impl ToCore for certcentral_add_service_user_request {
    type Core = AddServiceUserRequest;

    unsafe fn to_core(&self) -> Result<AddServiceUserRequest, Error> {
        // SAFETY: the caller upholds the pointer contract of this struct's fields.
        unsafe {
            let assignments = arg_slice(
                self.container_id_assignments,
                self.container_id_assignments_len,
                "container_id_assignments",
            )?;
            Ok(AddServiceUserRequest {
                is_api_only: true,
                email: field_string(self.email, "email")?,
                api_name: field_string(self.api_name, "api_name")?,
                restricted_to_role_id: optional_id(self.restricted_to_role_id),
                container_id_assignments: (!assignments.is_empty()).then(|| assignments.to_vec()),
            })
        }
    }
}

/// A user: from `certcentral_get_user`, `certcentral_current_user`, `certcentral_list_users` or
/// `certcentral_list_service_users`, or the first user of a new subaccount. Fields the answer left out are absent.
#[repr(C)]
pub struct certcentral_user_details {
    /// User ID.
    pub id: i64,
    /// Sign-in name; NULL when absent.
    pub username: *const c_char,
    /// The account the user belongs to (for a new subaccount's user, its account id); 0 when
    /// absent.
    pub account_id: i64,
    /// First name; NULL when absent.
    pub first_name: *const c_char,
    /// Last name; NULL when absent.
    pub last_name: *const c_char,
    /// Email address; NULL when absent.
    pub email: *const c_char,
    /// Job title; NULL when absent.
    pub job_title: *const c_char,
    /// Telephone number; NULL when absent.
    pub telephone: *const c_char,
    /// The API's `type` field, e.g. "standard"; NULL when absent.
    pub user_type: *const c_char,
    /// The user exactly as the server sent it, unknown fields included.
    pub raw_json: *const c_char,
    /// e.g. "active"; NULL when absent.
    pub status: *const c_char,
    /// Last sign-in, `yyyy-MM-dd HH:mm:ss`; NULL when absent.
    pub last_login_date: *const c_char,
    /// The container the user belongs to; NULL when absent (e.g. listed with
    /// `without_container`).
    pub container: *const certcentral_container_details,
    /// The user's access roles; NULL when none.
    pub access_roles: *const certcentral_role,
    /// How many elements `access_roles` points to.
    pub access_roles_len: usize,
    /// Whether the user can sign in only through SAML SSO.
    pub is_saml_sso_only: certcentral_optional_bool,
    /// Whether the user is limited to assigned containers.
    pub has_container_assignments: certcentral_optional_bool,
}

impl ToC for User {
    type C = certcentral_user_details;
    fn to_c(&self, arena: &mut Arena) -> certcentral_user_details {
        let (access_roles, access_roles_len) = array(&self.access_roles, arena);
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
            status: arena.opt_text(self.status.as_deref()),
            last_login_date: arena.opt_text(self.last_login_date.as_deref()),
            container: nested(self.container.as_ref(), arena),
            access_roles,
            access_roles_len,
            is_saml_sso_only: write_optional_bool(self.is_saml_sso_only),
            has_container_assignments: write_optional_bool(self.has_container_assignments),
        }
    }
}

/// Frees a user from `certcentral_get_user` or `certcentral_current_user` and everything in it.
/// NULL is ignored. Users nested in other results are freed with them, never with this function.
#[no_mangle]
pub unsafe extern "C" fn certcentral_user_details_free(user: *mut certcentral_user_details) {
    ffi_fn!(free: free_owned(user))
}

/// One page of users (`certcentral_list_users`) or of service users
/// (`certcentral_list_service_users`).
#[repr(C)]
pub struct certcentral_user_page {
    /// The users on this page; NULL when empty.
    pub users: *const certcentral_user_details,
    /// How many elements `users` points to.
    pub users_len: usize,
    /// `page.total`: matching users over all pages; -1 when the server did not say.
    pub total: i64,
    /// `page.limit` as the server reported it; -1 when it did not say.
    pub limit: i64,
    /// `page.offset`; -1 when the server did not say.
    pub offset: i64,
    /// The whole response exactly as the server sent it.
    pub raw_json: *const c_char,
}

impl ToC for Page<User> {
    type C = certcentral_user_page;
    fn to_c(&self, arena: &mut Arena) -> certcentral_user_page {
        let (users, users_len) = array(&self.items, arena);
        certcentral_user_page {
            users,
            users_len,
            total: count(self.total()),
            limit: count(self.limit()),
            offset: count(self.offset()),
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// Frees a page of users and everything in it. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn certcentral_user_page_free(page: *mut certcentral_user_page) {
    ffi_fn!(free: free_owned(page))
}

/// A new service user and its first API key.
#[repr(C)]
pub struct certcentral_service_user {
    /// ID of the new service user.
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
#[no_mangle]
pub unsafe extern "C" fn certcentral_service_user_free(user: *mut certcentral_service_user) {
    ffi_fn!(free: free_owned(user))
}

/// `POST user`: adds a user; on success `*user_id` receives the new user's id.
#[no_mangle]
pub unsafe extern "C" fn certcentral_add_user(
    client: *const certcentral_client,
    request: *const certcentral_add_user_request,
    user_id: *mut i64,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let request = arg_request(request, "request")?; },
        out: user_id = client.add_user(&request)?.id,
        err: err,
    }
}

/// `POST user` with `is_api_only`: adds a service user. On success `*out` receives it, with its
/// one-time API key, to be freed with `certcentral_service_user_free`. If the answer cannot be
/// read, the key is still available from `certcentral_error_one_time_key`.
#[no_mangle]
pub unsafe extern "C" fn certcentral_add_service_user(
    client: *const certcentral_client,
    request: *const certcentral_add_service_user_request,
    out: *mut *mut certcentral_service_user,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let request = arg_request(request, "request")?; },
        out: out = into_c(&client.add_service_user(&request)?, Arena::secret()),
        err: err,
    }
}

/// `GET user`: one page of users. `query` may be NULL (no parameters, server defaults). On
/// success `*out` receives a page the caller frees with `certcentral_user_page_free`; on
/// failure `*out` is NULL.
#[no_mangle]
pub unsafe extern "C" fn certcentral_list_users(
    client: *const certcentral_client,
    query: *const certcentral_list_users_query,
    out: *mut *mut certcentral_user_page,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let query = arg_query(query)?; },
        out: out = into_c(&client.list_users(&query)?, Arena::default()),
        err: err,
    }
}

/// `GET user/{user_id}`: one user's details (`user_id` > 0, else
/// `CERTCENTRAL_STATUS_VALIDATION` and nothing is sent). On success `*out` receives a user the
/// caller frees with `certcentral_user_details_free`; on failure `*out` is NULL.
#[no_mangle]
pub unsafe extern "C" fn certcentral_get_user(
    client: *const certcentral_client,
    user_id: i64,
    out: *mut *mut certcentral_user_details,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        out: out = into_c(&client.get_user(user_id)?, Arena::default()),
        err: err,
    }
}

/// `GET user/me`: the user the API key belongs to. On success `*out` receives a user the
/// caller frees with `certcentral_user_details_free`; on failure `*out` is NULL.
#[no_mangle]
pub unsafe extern "C" fn certcentral_current_user(
    client: *const certcentral_client,
    out: *mut *mut certcentral_user_details,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        out: out = into_c(&client.current_user()?, Arena::default()),
        err: err,
    }
}

/// Starts iterating over every user matching `query` (NULL: all); `certcentral_iter_next` then
/// hands out `const certcentral_user_details *` records. `query->list.limit` sets the page
/// size (0: 1000) and `query->list.offset` where to start; a bad query fails here with
/// `CERTCENTRAL_STATUS_VALIDATION`. No request is sent until the first `certcentral_iter_next`.
/// On success `*out` receives an iterator the caller frees with `certcentral_iter_free`; it
/// stays valid after its client is freed.
#[no_mangle]
pub unsafe extern "C" fn certcentral_iter_users(
    client: *const certcentral_client,
    query: *const certcentral_list_users_query,
    out: *mut *mut certcentral_iter,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let query = arg_query(query)?; },
        out: out = new_iter(client.users(query)?),
        err: err,
    }
}

/// `PUT user/{user_id}`: changes the fields `request` sets and keeps every other one
/// (`user_id` > 0). The server erases what the request leaves out, so the library reads the user
/// first (`GET user/{user_id}`) and sends the fields the user has, overlaid with the changes;
/// an edit made by someone else between that read and this write is overwritten.
#[no_mangle]
pub unsafe extern "C" fn certcentral_update_user(
    client: *const certcentral_client,
    user_id: i64,
    request: *const certcentral_update_user_request,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let request = arg_request(request, "request")?; },
        call: client.update_user(user_id, &request)?,
        err: err,
    }
}

/// `DELETE user/{user_id}`: deletes a user, permanently (`user_id` > 0; not the key's own user).
/// Retried as a read is; a 404 after an attempt that may have been carried out is success, a
/// 404 on the first attempt is `CERTCENTRAL_STATUS_NOT_FOUND`.
#[no_mangle]
pub unsafe extern "C" fn certcentral_delete_user(
    client: *const certcentral_client,
    user_id: i64,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        call: client.delete_user(user_id)?,
        err: err,
    }
}

/// `PUT user/{user_id}/role`: sets the user's access roles to exactly the `access_role_ids_len`
/// ids at `access_role_ids` (the API replaces the whole set; at least one; see
/// `certcentral_list_access_roles`).
#[no_mangle]
pub unsafe extern "C" fn certcentral_set_user_roles(
    client: *const certcentral_client,
    user_id: i64,
    access_role_ids: *const i64,
    access_role_ids_len: usize,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let roles = arg_slice(access_role_ids, access_role_ids_len, "access_role_ids")?; },
        call: client.set_user_roles(user_id, roles)?,
        err: err,
    }
}

/// `PUT user/{user_id}/container-assignments`: restricts the user to exactly the
/// `container_ids_len` divisions at `container_ids` (the API replaces the whole list; length 0
/// removes every assignment, which leaves the user unrestricted).
#[no_mangle]
pub unsafe extern "C" fn certcentral_set_user_containers(
    client: *const certcentral_client,
    user_id: i64,
    container_ids: *const i64,
    container_ids_len: usize,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let ids = arg_slice(container_ids, container_ids_len, "container_ids")?; },
        call: client.set_user_containers(user_id, ids)?,
        err: err,
    }
}

/// `GET user/api-only`: one page of the account's service users (API-only users; one version
/// of the docs gives the path as `service-user`, which is asked when the first is missing).
/// `query` may be NULL (no parameters, server defaults). On success `*out` receives a page the
/// caller frees with `certcentral_user_page_free`; on failure `*out` is NULL.
#[no_mangle]
pub unsafe extern "C" fn certcentral_list_service_users(
    client: *const certcentral_client,
    query: *const certcentral_list_service_users_query,
    out: *mut *mut certcentral_user_page,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let query = arg_query(query)?; },
        out: out = into_c(&client.list_service_users(&query)?, Arena::default()),
        err: err,
    }
}

/// Starts iterating over every service user matching `query` (NULL: all);
/// `certcentral_iter_next` then hands out `const certcentral_user_details *` records. Otherwise
/// as `certcentral_iter_users`.
#[no_mangle]
pub unsafe extern "C" fn certcentral_iter_service_users(
    client: *const certcentral_client,
    query: *const certcentral_list_service_users_query,
    out: *mut *mut certcentral_iter,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let query = arg_query(query)?; },
        out: out = new_iter(client.service_users(query)?),
        err: err,
    }
}
