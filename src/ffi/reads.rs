//! The read-side exports: lists and details of users, organizations, subaccounts, containers
//! and roles. Each checks its arguments, calls the core, and hands the result to C as one
//! allocation (see `super::arena`).

use super::arena::Arena;
use super::client::{answer, certcentral_client};
use super::error::certcentral_error;
use super::requests::{
    certcentral_list_organizations_query, certcentral_list_subaccounts_query,
    certcentral_list_users_query, query_or_default,
};
use super::results::{
    certcentral_container_details, certcentral_container_list, certcentral_organization_details,
    certcentral_organization_page, certcentral_role_list, certcentral_subaccount_details,
    certcentral_subaccount_page, certcentral_user_details, certcentral_user_page, into_c,
};
use crate::error::Status;

/// `GET user`: one page of users. `query` may be NULL (no parameters, server defaults). On
/// success `*out` receives a page the caller frees with `certcentral_user_page_free`; on
/// failure `*out` is NULL.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_list_users(
    client: *const certcentral_client,
    query: *const certcentral_list_users_query,
    out: *mut *mut certcentral_user_page,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        answer(
            client,
            out,
            err,
            || query_or_default(query),
            |client, query| Ok(into_c(&client.list_users(&query)?, Arena::default())),
        )
    }
}

/// `GET user/{user_id}`: one user's details (`user_id` > 0, else
/// `CERTCENTRAL_STATUS_VALIDATION` and nothing is sent). On success `*out` receives a user the
/// caller frees with `certcentral_user_details_free`; on failure `*out` is NULL.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_get_user(
    client: *const certcentral_client,
    user_id: i64,
    out: *mut *mut certcentral_user_details,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        answer(
            client,
            out,
            err,
            || Ok(()),
            |client, ()| Ok(into_c(&client.get_user(user_id)?, Arena::default())),
        )
    }
}

/// `GET user/me`: the user the API key belongs to. On success `*out` receives a user the
/// caller frees with `certcentral_user_details_free`; on failure `*out` is NULL.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_current_user(
    client: *const certcentral_client,
    out: *mut *mut certcentral_user_details,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        answer(
            client,
            out,
            err,
            || Ok(()),
            |client, ()| Ok(into_c(&client.current_user()?, Arena::default())),
        )
    }
}

/// `GET organization`: one page of organizations. `query` may be NULL (no parameters, server
/// defaults). On success `*out` receives a page the caller frees with
/// `certcentral_organization_page_free`; on failure `*out` is NULL.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_list_organizations(
    client: *const certcentral_client,
    query: *const certcentral_list_organizations_query,
    out: *mut *mut certcentral_organization_page,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        answer(
            client,
            out,
            err,
            || query_or_default(query),
            |client, query| {
                Ok(into_c(
                    &client.list_organizations(&query)?,
                    Arena::default(),
                ))
            },
        )
    }
}

/// `GET organization/{organization_id}`: one organization's details, with its contact
/// (`organization_id` > 0, else `CERTCENTRAL_STATUS_VALIDATION` and nothing is sent). On
/// success `*out` receives an organization the caller frees with
/// `certcentral_organization_details_free`; on failure `*out` is NULL.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_get_organization(
    client: *const certcentral_client,
    organization_id: i64,
    out: *mut *mut certcentral_organization_details,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        answer(
            client,
            out,
            err,
            || Ok(()),
            |client, ()| {
                Ok(into_c(
                    &client.get_organization(organization_id)?,
                    Arena::default(),
                ))
            },
        )
    }
}

/// `GET account/subaccount`: one page of subaccounts. `query` may be NULL (no parameters,
/// server defaults). On success `*out` receives a page the caller frees with
/// `certcentral_subaccount_page_free`; on failure `*out` is NULL.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_list_subaccounts(
    client: *const certcentral_client,
    query: *const certcentral_list_subaccounts_query,
    out: *mut *mut certcentral_subaccount_page,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        answer(
            client,
            out,
            err,
            || query_or_default(query),
            |client, query| Ok(into_c(&client.list_subaccounts(&query)?, Arena::default())),
        )
    }
}

/// `GET account/subaccount/{subaccount_id}`: one subaccount's details (`subaccount_id` > 0,
/// else `CERTCENTRAL_STATUS_VALIDATION` and nothing is sent). On success `*out` receives
/// details the caller frees with `certcentral_subaccount_details_free`; on failure `*out` is
/// NULL.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_get_subaccount(
    client: *const certcentral_client,
    subaccount_id: i64,
    out: *mut *mut certcentral_subaccount_details,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        answer(
            client,
            out,
            err,
            || Ok(()),
            |client, ()| {
                Ok(into_c(
                    &client.get_subaccount(subaccount_id)?,
                    Arena::default(),
                ))
            },
        )
    }
}

/// `GET container`: the account's containers (divisions). On success `*out` receives a list
/// the caller frees with `certcentral_container_list_free`; on failure `*out` is NULL.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_list_containers(
    client: *const certcentral_client,
    out: *mut *mut certcentral_container_list,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        answer(
            client,
            out,
            err,
            || Ok(()),
            |client, ()| Ok(into_c(&client.container_list()?, Arena::default())),
        )
    }
}

/// `GET container/{container_id}`: one container's details (`container_id` > 0, else
/// `CERTCENTRAL_STATUS_VALIDATION` and nothing is sent). On success `*out` receives a container
/// the caller frees with `certcentral_container_details_free`; on failure `*out` is NULL.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_get_container(
    client: *const certcentral_client,
    container_id: i64,
    out: *mut *mut certcentral_container_details,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        answer(
            client,
            out,
            err,
            || Ok(()),
            |client, ()| {
                Ok(into_c(
                    &client.get_container(container_id)?,
                    Arena::default(),
                ))
            },
        )
    }
}

/// `GET container/{container_id}/role`: the access roles users of a container can have (the
/// ids `certcentral_add_user_request.access_role_ids` takes; `container_id` > 0, else
/// `CERTCENTRAL_STATUS_VALIDATION` and nothing is sent). On success `*out` receives a list the
/// caller frees with `certcentral_role_list_free`; on failure `*out` is NULL.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_list_access_roles(
    client: *const certcentral_client,
    container_id: i64,
    out: *mut *mut certcentral_role_list,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        answer(
            client,
            out,
            err,
            || Ok(()),
            |client, ()| {
                Ok(into_c(
                    &client.access_role_list(container_id)?,
                    Arena::default(),
                ))
            },
        )
    }
}

/// `GET key/api-roles`: the roles an API key can be restricted to (`restricted_to_role_id`).
/// On success `*out` receives a list the caller frees with `certcentral_role_list_free`; on
/// failure `*out` is NULL.
///
/// # Safety
/// Every pointer argument is NULL or valid as the header's preamble describes (see
/// "Pointers").
#[no_mangle]
pub unsafe extern "C" fn certcentral_list_api_key_roles(
    client: *const certcentral_client,
    out: *mut *mut certcentral_role_list,
    err: *mut *mut certcentral_error,
) -> Status {
    // SAFETY: the caller upholds the pointer contract in this function's documentation.
    unsafe {
        answer(
            client,
            out,
            err,
            || Ok(()),
            |client, ()| Ok(into_c(&client.api_key_role_list()?, Arena::default())),
        )
    }
}
