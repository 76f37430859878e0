//! Subaccounts: creating one, one page of them, every page (`certcentral_iter_subaccounts`),
//! one's details and changing its settings; their request and query structs and result structs.

use std::ffi::c_char;

use super::arena::{free_owned, Arena};
use super::boundary::arg_strings;
use super::client::certcentral_client;
use super::convert::{
    arg_query, arg_request, array, certcentral_list_params, certcentral_optional_bool, count,
    field_string, into_c, nested, opt_string, optional_id, read_optional_bool, write_optional_bool,
    ToC, ToCore,
};
use super::error::certcentral_error;
use super::iter::{certcentral_iter, new_iter};
use super::macros::ffi_fn;
use super::organizations::certcentral_organization_details;
use super::users::certcentral_user_details;
use crate::api::{
    CreateSubaccountRequest, ListSubaccountsQuery, MasterUser, Page, Subaccount, SubaccountDetails,
    SubaccountOrganizationRequest, SubaccountSummary, SubaccountUserRequest,
    UpdateSubaccountRequest,
};
use crate::error::{Error, Status};

/// Parameters of `GET account/subaccount` (`certcentral_list_subaccounts`,
/// `certcentral_iter_subaccounts`).
#[repr(C)]
pub struct certcentral_list_subaccounts_query {
    /// Search (organization name; a leading `%` for "contains"), sort (`account_id`,
    /// `account_type`, `organization_name`, `date_created`, `account_manager`) and pagination.
    pub list: certcentral_list_params,
}

impl ToCore for certcentral_list_subaccounts_query {
    type Core = ListSubaccountsQuery;

    unsafe fn to_core(&self) -> Result<ListSubaccountsQuery, Error> {
        // SAFETY: the caller upholds the pointer contract of this struct's fields.
        unsafe {
            Ok(ListSubaccountsQuery {
                list: self.list.to_core()?,
            })
        }
    }
}

/// `user` of a create-subaccount request.
#[repr(C)]
pub struct certcentral_subaccount_user {
    /// Required.
    pub first_name: *const c_char,
    /// Required.
    pub last_name: *const c_char,
    /// Required; receives the account-creation email.
    pub email: *const c_char,
    /// Optional; the server uses the email when unset.
    pub username: *const c_char,
    /// Optional.
    pub job_title: *const c_char,
    /// Optional.
    pub telephone: *const c_char,
}

/// `organization` of a create-subaccount request.
#[repr(C)]
pub struct certcentral_subaccount_organization {
    /// Required: legal name.
    pub name: *const c_char,
    /// Optional public ("doing business as") name.
    pub assumed_name: *const c_char,
    /// Required.
    pub address: *const c_char,
    /// Optional second address line.
    pub address2: *const c_char,
    /// Required.
    pub zip: *const c_char,
    /// Required.
    pub city: *const c_char,
    /// Required.
    pub state: *const c_char,
    /// Required.
    pub country: *const c_char,
    /// Optional.
    pub telephone: *const c_char,
}

/// Body of `POST account`.
#[repr(C)]
pub struct certcentral_create_subaccount_request {
    /// Required, e.g. "retail", "enterprise", "reseller", "managed".
    pub account_type: *const c_char,
    /// Account types the subaccount may create.
    pub allowed_grandchildren: *const *const c_char,
    /// How many elements `allowed_grandchildren` points to.
    pub allowed_grandchildren_len: usize,
    /// ID of an existing user who will manage the subaccount; 0 = unset.
    pub account_manager_user_id: i64,
    /// Whether the parent account is billed for the subaccount's orders (server default: false).
    pub bill_parent: certcentral_optional_bool,
    /// Optional display name, at most 64 characters.
    pub child_name: *const c_char,
    /// Required: the subaccount's first user.
    pub user: certcentral_subaccount_user,
    /// Required: the subaccount's primary organization.
    pub organization: certcentral_subaccount_organization,
}

impl ToCore for certcentral_create_subaccount_request {
    type Core = CreateSubaccountRequest;

    unsafe fn to_core(&self) -> Result<CreateSubaccountRequest, Error> {
        // SAFETY: the caller upholds the pointer contract of this struct's fields.
        unsafe {
            let user = &self.user;
            let org = &self.organization;
            Ok(CreateSubaccountRequest {
                account_type: field_string(self.account_type, "account_type")?,
                allowed_grandchildren: arg_strings(
                    self.allowed_grandchildren,
                    self.allowed_grandchildren_len,
                    "allowed_grandchildren",
                )?,
                account_manager_user_id: optional_id(self.account_manager_user_id),
                bill_parent: read_optional_bool(self.bill_parent, "bill_parent")?,
                child_name: opt_string(self.child_name, "child_name")?,
                user: SubaccountUserRequest {
                    first_name: field_string(user.first_name, "user.first_name")?,
                    last_name: field_string(user.last_name, "user.last_name")?,
                    email: field_string(user.email, "user.email")?,
                    username: opt_string(user.username, "user.username")?,
                    job_title: opt_string(user.job_title, "user.job_title")?,
                    telephone: opt_string(user.telephone, "user.telephone")?,
                },
                organization: SubaccountOrganizationRequest {
                    name: field_string(org.name, "organization.name")?,
                    assumed_name: opt_string(org.assumed_name, "organization.assumed_name")?,
                    address: field_string(org.address, "organization.address")?,
                    address2: opt_string(org.address2, "organization.address2")?,
                    zip: field_string(org.zip, "organization.zip")?,
                    city: field_string(org.city, "organization.city")?,
                    state: field_string(org.state, "organization.state")?,
                    country: field_string(org.country, "organization.country")?,
                    telephone: opt_string(org.telephone, "organization.telephone")?,
                },
            })
        }
    }
}

/// The changes `certcentral_update_subaccount` makes (`PUT account/subaccount/{subaccount_id}`):
/// only the settings set are sent; the server keeps the others (leaving out the account manager
/// does not remove it). At least one must be set.
#[repr(C)]
pub struct certcentral_update_subaccount_request {
    /// ID of an existing user who will manage the subaccount; 0 = unset.
    pub account_manager_user_id: i64,
    /// Whether the parent account is billed for all the subaccount's orders.
    pub bill_parent: certcentral_optional_bool,
    /// A name the parent sees, at most 64 characters; NULL = unset.
    pub child_name: *const c_char,
}

impl ToCore for certcentral_update_subaccount_request {
    type Core = UpdateSubaccountRequest;

    unsafe fn to_core(&self) -> Result<UpdateSubaccountRequest, Error> {
        // SAFETY: the caller upholds the pointer contract of this struct's fields.
        unsafe {
            Ok(UpdateSubaccountRequest {
                account_manager_user_id: optional_id(self.account_manager_user_id),
                bill_parent: read_optional_bool(self.bill_parent, "bill_parent")?,
                child_name: opt_string(self.child_name, "child_name")?,
            })
        }
    }
}

/// A new subaccount.
#[repr(C)]
pub struct certcentral_subaccount {
    /// Account ID of the subaccount.
    pub id: i64,
    /// e.g. "retail" or "managed"; NULL when absent.
    pub account_type: *const c_char,
    /// 0 when absent.
    pub account_manager_user_id: i64,
    /// Whether the parent account is billed for the subaccount's orders.
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
#[no_mangle]
pub unsafe extern "C" fn certcentral_subaccount_free(subaccount: *mut certcentral_subaccount) {
    ffi_fn!(free: free_owned(subaccount))
}

/// One subaccount in a list (`certcentral_list_subaccounts`).
#[repr(C)]
pub struct certcentral_subaccount_summary {
    /// The subaccount's account ID (`account_id` in the answer).
    pub id: i64,
    /// e.g. "reseller"; NULL when absent.
    pub account_type: *const c_char,
    /// Its primary organization's name; NULL when absent.
    pub organization_name: *const c_char,
    /// When it was created, `yyyy-MM-dd HH:mm:ss`; NULL when absent.
    pub date_created: *const c_char,
    /// The name of its account manager; NULL when absent.
    pub account_manager: *const c_char,
    /// The subaccount exactly as the server sent it.
    pub raw_json: *const c_char,
}

impl ToC for SubaccountSummary {
    type C = certcentral_subaccount_summary;
    fn to_c(&self, arena: &mut Arena) -> certcentral_subaccount_summary {
        certcentral_subaccount_summary {
            id: self.id,
            account_type: arena.opt_text(self.account_type.as_deref()),
            organization_name: arena.opt_text(self.organization_name.as_deref()),
            date_created: arena.opt_text(self.date_created.as_deref()),
            account_manager: arena.opt_text(self.account_manager.as_deref()),
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// `master_user` of a subaccount's details: its first user.
#[repr(C)]
pub struct certcentral_master_user {
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
    /// Notification language; 0 when absent.
    pub i18n_language_id: i64,
    /// The user's container; 0 when absent.
    pub container_id: i64,
    /// The user exactly as the server sent it.
    pub raw_json: *const c_char,
}

impl ToC for MasterUser {
    type C = certcentral_master_user;
    fn to_c(&self, arena: &mut Arena) -> certcentral_master_user {
        certcentral_master_user {
            first_name: arena.opt_text(self.first_name.as_deref()),
            last_name: arena.opt_text(self.last_name.as_deref()),
            email: arena.opt_text(self.email.as_deref()),
            job_title: arena.opt_text(self.job_title.as_deref()),
            telephone: arena.opt_text(self.telephone.as_deref()),
            i18n_language_id: self.i18n_language_id.unwrap_or(0),
            container_id: self.container_id.unwrap_or(0),
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// A subaccount's details (`certcentral_get_subaccount`).
#[repr(C)]
pub struct certcentral_subaccount_details {
    /// The subaccount's account ID (`account_id` in the answer).
    pub id: i64,
    /// The subaccount's type; NULL when absent.
    pub account_type: *const c_char,
    /// Its primary organization's name; NULL when absent.
    pub organization_name: *const c_char,
    /// Friendly name; NULL unless one was set.
    pub child_name: *const c_char,
    /// When it was created, `YYYY-MM-DD hh:mm:ss`; NULL when absent.
    pub date_created: *const c_char,
    /// The parent account; 0 when absent.
    pub parent_account_id: i64,
    /// The account that is billed; NULL when absent.
    pub billing_account_name: *const c_char,
    /// The billed account's ID; 0 when absent.
    pub billing_account_id: i64,
    /// The name of its account manager; NULL when absent.
    pub account_manager: *const c_char,
    /// Whether the parent account is billed.
    pub bill_parent: certcentral_optional_bool,
    /// Whether it may only create bill-to-parent subaccounts.
    pub enforce_bill_parent: certcentral_optional_bool,
    /// Its first user; NULL when absent.
    pub master_user: *const certcentral_master_user,
    /// Its primary organization; NULL when absent.
    pub organization: *const certcentral_organization_details,
    /// The details exactly as the server sent them.
    pub raw_json: *const c_char,
}

impl ToC for SubaccountDetails {
    type C = certcentral_subaccount_details;
    fn to_c(&self, arena: &mut Arena) -> certcentral_subaccount_details {
        certcentral_subaccount_details {
            id: self.id,
            account_type: arena.opt_text(self.account_type.as_deref()),
            organization_name: arena.opt_text(self.organization_name.as_deref()),
            child_name: arena.opt_text(self.child_name.as_deref()),
            date_created: arena.opt_text(self.date_created.as_deref()),
            parent_account_id: self.parent_account_id.unwrap_or(0),
            billing_account_name: arena.opt_text(self.billing_account_name.as_deref()),
            billing_account_id: self.billing_account_id.unwrap_or(0),
            account_manager: arena.opt_text(self.account_manager.as_deref()),
            bill_parent: write_optional_bool(self.bill_parent),
            enforce_bill_parent: write_optional_bool(self.enforce_bill_parent),
            master_user: nested(self.master_user.as_ref(), arena),
            organization: nested(self.organization.as_ref(), arena),
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// Frees a subaccount's details and everything in them. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn certcentral_subaccount_details_free(
    subaccount: *mut certcentral_subaccount_details,
) {
    ffi_fn!(free: free_owned(subaccount))
}

/// One page of subaccounts (`certcentral_list_subaccounts`).
#[repr(C)]
pub struct certcentral_subaccount_page {
    /// The subaccounts on this page; NULL when empty.
    pub subaccounts: *const certcentral_subaccount_summary,
    /// How many elements `subaccounts` points to.
    pub subaccounts_len: usize,
    /// `page.total`: matching subaccounts over all pages; -1 when the server did not say.
    pub total: i64,
    /// `page.limit` as the server reported it; -1 when it did not say.
    pub limit: i64,
    /// `page.offset`; -1 when the server did not say.
    pub offset: i64,
    /// The whole response exactly as the server sent it.
    pub raw_json: *const c_char,
}

impl ToC for Page<SubaccountSummary> {
    type C = certcentral_subaccount_page;
    fn to_c(&self, arena: &mut Arena) -> certcentral_subaccount_page {
        let (subaccounts, subaccounts_len) = array(&self.items, arena);
        certcentral_subaccount_page {
            subaccounts,
            subaccounts_len,
            total: count(self.total()),
            limit: count(self.limit()),
            offset: count(self.offset()),
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// Frees a page of subaccounts and everything in it. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn certcentral_subaccount_page_free(page: *mut certcentral_subaccount_page) {
    ffi_fn!(free: free_owned(page))
}

/// `POST account`: creates a subaccount. On success `*out` receives a subaccount the caller frees
/// with `certcentral_subaccount_free`; for a managed subaccount, `(*out)->api_key` holds its
/// one-time API key. If the answer cannot be decoded, the key is still available from
/// `certcentral_error_one_time_key`.
#[no_mangle]
pub unsafe extern "C" fn certcentral_create_subaccount(
    client: *const certcentral_client,
    request: *const certcentral_create_subaccount_request,
    out: *mut *mut certcentral_subaccount,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let request = arg_request(request, "request")?; },
        out: out = into_c(&client.create_subaccount(&request)?, Arena::secret()),
        err: err,
    }
}

/// `GET account/subaccount`: one page of subaccounts. `query` may be NULL (no parameters,
/// server defaults). On success `*out` receives a page the caller frees with
/// `certcentral_subaccount_page_free`; on failure `*out` is NULL.
#[no_mangle]
pub unsafe extern "C" fn certcentral_list_subaccounts(
    client: *const certcentral_client,
    query: *const certcentral_list_subaccounts_query,
    out: *mut *mut certcentral_subaccount_page,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let query = arg_query(query)?; },
        out: out = into_c(&client.list_subaccounts(&query)?, Arena::default()),
        err: err,
    }
}

/// `GET account/subaccount/{subaccount_id}`: one subaccount's details (`subaccount_id` > 0,
/// else `CERTCENTRAL_STATUS_VALIDATION` and nothing is sent). On success `*out` receives
/// details the caller frees with `certcentral_subaccount_details_free`; on failure `*out` is
/// NULL.
#[no_mangle]
pub unsafe extern "C" fn certcentral_get_subaccount(
    client: *const certcentral_client,
    subaccount_id: i64,
    out: *mut *mut certcentral_subaccount_details,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        out: out = into_c(&client.get_subaccount(subaccount_id)?, Arena::default()),
        err: err,
    }
}

/// Starts iterating over every subaccount matching `query` (NULL: all);
/// `certcentral_iter_next` then hands out `const certcentral_subaccount_summary *` records.
/// Otherwise as `certcentral_iter_users`.
#[no_mangle]
pub unsafe extern "C" fn certcentral_iter_subaccounts(
    client: *const certcentral_client,
    query: *const certcentral_list_subaccounts_query,
    out: *mut *mut certcentral_iter,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let query = arg_query(query)?; },
        out: out = new_iter(client.subaccounts(query)?),
        err: err,
    }
}

/// `PUT account/subaccount/{subaccount_id}`: changes the settings `request` sets; the server
/// keeps the others (`subaccount_id` > 0).
#[no_mangle]
pub unsafe extern "C" fn certcentral_update_subaccount(
    client: *const certcentral_client,
    subaccount_id: i64,
    request: *const certcentral_update_subaccount_request,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let request = arg_request(request, "request")?; },
        call: client.update_subaccount(subaccount_id, &request)?,
        err: err,
    }
}
