//! Request structs as C sees them, and their translation into the core's request types.
//!
//! A zero-initialized struct means "all unset": strings NULL, counts 0, ids 0, optional bools
//! `CERTCENTRAL_OPTIONAL_BOOL_UNSET`. Field names are the API's JSON names. An unset required
//! field is reported by the core's validation (`CERTCENTRAL_STATUS_VALIDATION`) with its name.

use std::ffi::c_char;

use super::boundary::{arg_slice, arg_strings, field_string, opt_ref, opt_string};
use crate::api::{
    AddServiceUserRequest, AddUserRequest, ContainerRef, CreateApiKeyRequest,
    CreateOrganizationRequest, CreateSubaccountRequest, ListInvitesQuery, ListOrganizationsQuery,
    ListParams, ListSubaccountsQuery, ListUsersQuery, OrganizationContactRequest, RoleRef,
    SendInviteRequest, SubaccountOrganizationRequest, SubaccountUserRequest,
};
use crate::error::Error;

/// A three-state boolean: unset (0, the zero value), false (1) or true (2). An integer rather
/// than an enum, so that any value C stores is safe to read; other values are refused.
pub type certcentral_optional_bool = u8;
/// Unset: the field is omitted from the request (or was absent from the response).
pub const CERTCENTRAL_OPTIONAL_BOOL_UNSET: certcentral_optional_bool = 0;
/// False.
pub const CERTCENTRAL_OPTIONAL_BOOL_FALSE: certcentral_optional_bool = 1;
/// True.
pub const CERTCENTRAL_OPTIONAL_BOOL_TRUE: certcentral_optional_bool = 2;

pub(crate) fn read_optional_bool(
    value: certcentral_optional_bool,
    name: &str,
) -> Result<Option<bool>, Error> {
    match value {
        CERTCENTRAL_OPTIONAL_BOOL_UNSET => Ok(None),
        CERTCENTRAL_OPTIONAL_BOOL_FALSE => Ok(Some(false)),
        CERTCENTRAL_OPTIONAL_BOOL_TRUE => Ok(Some(true)),
        other => Err(Error::invalid_argument(
            name,
            format!("must be CERTCENTRAL_OPTIONAL_BOOL_UNSET, _FALSE or _TRUE (got {other})"),
        )),
    }
}

pub(crate) fn write_optional_bool(value: Option<bool>) -> certcentral_optional_bool {
    match value {
        None => CERTCENTRAL_OPTIONAL_BOOL_UNSET,
        Some(false) => CERTCENTRAL_OPTIONAL_BOOL_FALSE,
        Some(true) => CERTCENTRAL_OPTIONAL_BOOL_TRUE,
    }
}

/// A list query as C passes it; NULL means no parameters.
pub(crate) trait CQuery {
    /// The core query.
    type Core: Default;

    /// The core query.
    ///
    /// # Safety
    /// Every pointer field is NULL or valid as the header's preamble describes.
    unsafe fn to_core(&self) -> Result<Self::Core, Error>;
}

/// The query, or no parameters for NULL.
///
/// # Safety
/// `query` is NULL or valid as the header's preamble describes.
pub(crate) unsafe fn query_or_default<Q: CQuery>(query: *const Q) -> Result<Q::Core, Error> {
    // SAFETY: per the contract.
    match unsafe { opt_ref(query) } {
        // SAFETY: per the contract, the struct's pointer fields are NULL or valid.
        Some(query) => unsafe { query.to_core() },
        None => Ok(Q::Core::default()),
    }
}

/// An optional id: 0 means unset.
fn optional_id(id: i64) -> Option<i64> {
    (id != 0).then_some(id)
}

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

impl certcentral_send_invite_request {
    /// The core request.
    ///
    /// # Safety
    /// Every pointer field is NULL or valid as the header's preamble describes.
    pub(crate) unsafe fn to_core(&self) -> Result<SendInviteRequest, Error> {
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

impl CQuery for certcentral_list_invites_query {
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

/// Filters, search, sort and pagination shared by the list functions of users, organizations
/// and subaccounts. NULL strings, zero numbers and zero filters are left out of the query.
#[repr(C)]
pub struct certcentral_list_params {
    /// Filter names, each sent as `filters[<name>]=<value>`: letters, digits and `_`, each name
    /// at most once ("search" is `search`, not a filter).
    pub filter_names: *const *const c_char,
    /// The value of each filter, in the order of `filter_names`.
    pub filter_values: *const *const c_char,
    /// How many elements `filter_names` and `filter_values` each point to.
    pub filters_len: usize,
    /// `filters[search]`: the endpoint's free-text search; on most endpoints a leading `%`
    /// means "contains".
    pub search: *const c_char,
    /// `sort`: comma-separated properties, `-` prefix for descending.
    pub sort: *const c_char,
    /// Index of the first result; 0 = from the start.
    pub offset: u32,
    /// Page size; 0 = the server's default.
    pub limit: u32,
}

impl certcentral_list_params {
    /// The core parameters; names in errors start with `list.`.
    ///
    /// # Safety
    /// Every pointer field is NULL or valid as the header's preamble describes.
    pub(crate) unsafe fn to_core(&self) -> Result<ListParams, Error> {
        // SAFETY: the caller upholds the pointer contract of this struct's fields.
        unsafe {
            let names = arg_strings(self.filter_names, self.filters_len, "list.filter_names")?;
            let values = arg_strings(self.filter_values, self.filters_len, "list.filter_values")?;
            let mut filters = std::collections::BTreeMap::new();
            for (i, (name, value)) in names.into_iter().zip(values).enumerate() {
                // A map holds each name once; a repeated name would silently drop a value.
                if filters.contains_key(&name) {
                    return Err(Error::invalid_argument(
                        format!("list.filter_names[{i}]"),
                        format!("repeats the filter name {name:?}"),
                    ));
                }
                filters.insert(name, value);
            }
            Ok(ListParams {
                filters,
                search: opt_string(self.search, "list.search")?,
                sort: opt_string(self.sort, "list.sort")?,
                offset: (self.offset != 0).then_some(self.offset),
                limit: (self.limit != 0).then_some(self.limit),
            })
        }
    }
}

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

impl CQuery for certcentral_list_users_query {
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

/// Parameters of `GET organization` (`certcentral_list_organizations`,
/// `certcentral_iter_organizations`).
#[repr(C)]
pub struct certcentral_list_organizations_query {
    /// TRUE includes each organization's `validations`.
    pub include_validation: certcentral_optional_bool,
    /// Filters (`status`, `validation`, `container_id_for_organization`), search (an exact ID,
    /// or a name containing the text), sort and pagination.
    pub list: certcentral_list_params,
}

impl CQuery for certcentral_list_organizations_query {
    type Core = ListOrganizationsQuery;

    unsafe fn to_core(&self) -> Result<ListOrganizationsQuery, Error> {
        // SAFETY: the caller upholds the pointer contract of this struct's fields.
        unsafe {
            Ok(ListOrganizationsQuery {
                include_validation: read_optional_bool(
                    self.include_validation,
                    "include_validation",
                )?,
                list: self.list.to_core()?,
            })
        }
    }
}

/// Parameters of `GET account/subaccount` (`certcentral_list_subaccounts`,
/// `certcentral_iter_subaccounts`).
#[repr(C)]
pub struct certcentral_list_subaccounts_query {
    /// Search (organization name; a leading `%` for "contains"), sort (`account_id`,
    /// `account_type`, `organization_name`, `date_created`, `account_manager`) and pagination.
    pub list: certcentral_list_params,
}

impl CQuery for certcentral_list_subaccounts_query {
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

impl certcentral_create_subaccount_request {
    /// The core request.
    ///
    /// # Safety
    /// Every pointer field is NULL or valid as the header's preamble describes.
    pub(crate) unsafe fn to_core(&self) -> Result<CreateSubaccountRequest, Error> {
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

impl certcentral_add_user_request {
    /// The core request.
    ///
    /// # Safety
    /// Every pointer field is NULL or valid as the header's preamble describes.
    pub(crate) unsafe fn to_core(&self) -> Result<AddUserRequest, Error> {
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

/// `organization_contact` of a create-organization request.
#[repr(C)]
pub struct certcentral_organization_contact {
    /// Required.
    pub first_name: *const c_char,
    /// Required.
    pub last_name: *const c_char,
    /// Needed for an EV approver.
    pub job_title: *const c_char,
    /// Required.
    pub email: *const c_char,
    /// Required.
    pub telephone: *const c_char,
    /// Optional.
    pub telephone_extension: *const c_char,
}

/// Body of `POST organization`.
#[repr(C)]
pub struct certcentral_create_organization_request {
    /// Required: legal name.
    pub name: *const c_char,
    /// Optional public ("doing business as") name.
    pub assumed_name: *const c_char,
    /// Required.
    pub address: *const c_char,
    /// Optional second address line.
    pub address2: *const c_char,
    /// Required.
    pub city: *const c_char,
    /// Required.
    pub state: *const c_char,
    /// Required.
    pub zip: *const c_char,
    /// Required.
    pub country: *const c_char,
    /// Required.
    pub telephone: *const c_char,
    /// Required: the organization's contact person.
    pub organization_contact: certcentral_organization_contact,
    /// TRUE creates a new organization even when one with the same details exists.
    pub skip_duplicate_org_check: certcentral_optional_bool,
}

impl certcentral_create_organization_request {
    /// The core request.
    ///
    /// # Safety
    /// Every pointer field is NULL or valid as the header's preamble describes.
    pub(crate) unsafe fn to_core(&self) -> Result<CreateOrganizationRequest, Error> {
        // SAFETY: the caller upholds the pointer contract of this struct's fields.
        unsafe {
            let contact = &self.organization_contact;
            Ok(CreateOrganizationRequest {
                name: field_string(self.name, "name")?,
                assumed_name: opt_string(self.assumed_name, "assumed_name")?,
                address: field_string(self.address, "address")?,
                address2: opt_string(self.address2, "address2")?,
                city: field_string(self.city, "city")?,
                state: field_string(self.state, "state")?,
                zip: field_string(self.zip, "zip")?,
                country: field_string(self.country, "country")?,
                telephone: field_string(self.telephone, "telephone")?,
                organization_contact: OrganizationContactRequest {
                    first_name: field_string(
                        contact.first_name,
                        "organization_contact.first_name",
                    )?,
                    last_name: field_string(contact.last_name, "organization_contact.last_name")?,
                    job_title: opt_string(contact.job_title, "organization_contact.job_title")?,
                    email: field_string(contact.email, "organization_contact.email")?,
                    telephone: field_string(contact.telephone, "organization_contact.telephone")?,
                    telephone_extension: opt_string(
                        contact.telephone_extension,
                        "organization_contact.telephone_extension",
                    )?,
                },
                skip_duplicate_org_check: read_optional_bool(
                    self.skip_duplicate_org_check,
                    "skip_duplicate_org_check",
                )?,
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

impl certcentral_add_service_user_request {
    /// The core request.
    ///
    /// # Safety
    /// Every pointer field is NULL or valid as the header's preamble describes.
    pub(crate) unsafe fn to_core(&self) -> Result<AddServiceUserRequest, Error> {
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

/// Body of `POST key/user/{user_id}`.
#[repr(C)]
pub struct certcentral_create_api_key_request {
    /// Required: the key's name.
    pub name: *const c_char,
    /// API key role, as in `certcentral_add_service_user_request`; 0 = unset (no restriction).
    pub restricted_to_role_id: i64,
}

impl certcentral_create_api_key_request {
    /// The core request.
    ///
    /// # Safety
    /// Every pointer field is NULL or valid as the header's preamble describes.
    pub(crate) unsafe fn to_core(&self) -> Result<CreateApiKeyRequest, Error> {
        // SAFETY: the caller upholds the pointer contract of this struct's fields.
        unsafe {
            Ok(CreateApiKeyRequest {
                name: field_string(self.name, "name")?,
                restricted_to_role_id: optional_id(self.restricted_to_role_id),
            })
        }
    }
}
