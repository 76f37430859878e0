//! Result structs handed to C. Each top-level result is one owning allocation (see
//! [`super::arena`]): its strings and nested structs live in its arena, and its `*_free`
//! releases them all and accepts NULL. Absent strings are NULL, absent ids 0, absent booleans
//! `CERTCENTRAL_OPTIONAL_BOOL_UNSET`, absent counts -1.

use std::ffi::c_char;
use std::ptr;

use super::arena::{free_owned, into_owned, Arena};
use super::boundary::guarded;
use super::requests::{certcentral_optional_bool, write_optional_bool};
use crate::api::{
    ApiKey, Contact, Container, Invite, InvitePage, MasterUser, Organization,
    OrganizationAssignment, Page, Role, ServiceUser, Subaccount, SubaccountDetails,
    SubaccountSummary, User, Validation,
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

/// Strings as a C array of pointers in `arena` (NULL when empty).
fn texts(items: &[String], arena: &mut Arena) -> (*const *const c_char, usize) {
    let pointers: Vec<*const c_char> = items.iter().map(|item| arena.text(item)).collect();
    arena.slice(pointers)
}

/// Integers as a C array in `arena` (NULL when empty).
fn ints(items: &[i64], arena: &mut Arena) -> (*const i64, usize) {
    arena.slice(items.to_vec())
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

/// A container (division): from `certcentral_get_container` or `certcentral_list_containers`,
/// or nested in a user or an organization (then with only some fields; the others absent).
#[repr(C)]
pub struct certcentral_container_details {
    /// Container ID.
    pub id: i64,
    /// The parent container; 0 for a top-level container (or when absent).
    pub parent_id: i64,
    /// The container's name; NULL when absent.
    pub name: *const c_char,
    /// Whether the container is active.
    pub is_active: certcentral_optional_bool,
    /// The container exactly as the server sent it.
    pub raw_json: *const c_char,
    /// Public identifier; NULL when absent.
    pub public_id: *const c_char,
    /// Description; NULL when absent (the top-level container has none).
    pub description: *const c_char,
    /// The container template; 0 when absent.
    pub template_id: i64,
    /// Custom-branding key; NULL when absent.
    pub ekey: *const c_char,
    /// Whether the container has its own logo.
    pub has_logo: certcentral_optional_bool,
    /// Domains the container may order for; NULL when none.
    pub allowed_domain_names: *const *const c_char,
    /// How many elements `allowed_domain_names` points to.
    pub allowed_domain_names_len: usize,
    /// IDs of the users assigned to the container; NULL when none.
    pub user_id_assignments: *const i64,
    /// How many elements `user_id_assignments` points to.
    pub user_id_assignments_len: usize,
    /// Organizations assigned to the container; NULL when none.
    pub organization_assignments: *const certcentral_organization_assignment,
    /// How many elements `organization_assignments` points to.
    pub organization_assignments_len: usize,
}

impl ToC for Container {
    type C = certcentral_container_details;
    fn to_c(&self, arena: &mut Arena) -> certcentral_container_details {
        let (allowed_domain_names, allowed_domain_names_len) =
            texts(&self.allowed_domain_names, arena);
        let (user_id_assignments, user_id_assignments_len) = ints(&self.user_id_assignments, arena);
        let (organization_assignments, organization_assignments_len) =
            array(&self.organization_assignments, arena);
        certcentral_container_details {
            id: self.id,
            parent_id: self.parent_id.unwrap_or(0),
            name: arena.opt_text(self.name.as_deref()),
            is_active: write_optional_bool(self.is_active),
            raw_json: arena.text(self.raw.as_str()),
            public_id: arena.opt_text(self.public_id.as_deref()),
            description: arena.opt_text(self.description.as_deref()),
            template_id: self.template_id.unwrap_or(0),
            ekey: arena.opt_text(self.ekey.as_deref()),
            has_logo: write_optional_bool(self.has_logo),
            allowed_domain_names,
            allowed_domain_names_len,
            user_id_assignments,
            user_id_assignments_len,
            organization_assignments,
            organization_assignments_len,
        }
    }
}

/// Frees a container from `certcentral_get_container` and everything in it. NULL is ignored.
/// Containers nested in other results are freed with them, never with this function.
///
/// # Safety
/// `container` is NULL or a container from `certcentral_get_container` that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn certcentral_container_details_free(
    container: *mut certcentral_container_details,
) {
    // SAFETY: the caller passes NULL or a live container from `into_c`.
    guarded((), || unsafe { free_owned(container) })
}

/// An organization assigned to a container.
#[repr(C)]
pub struct certcentral_organization_assignment {
    /// Organization ID.
    pub id: i64,
    /// active or inactive; NULL when absent.
    pub status: *const c_char,
    /// Legal name; NULL when absent.
    pub name: *const c_char,
    /// Name and assumed name combined; NULL when absent.
    pub display_name: *const c_char,
    /// Whether it is active.
    pub is_active: certcentral_optional_bool,
    /// The assignment exactly as the server sent it.
    pub raw_json: *const c_char,
}

impl ToC for OrganizationAssignment {
    type C = certcentral_organization_assignment;
    fn to_c(&self, arena: &mut Arena) -> certcentral_organization_assignment {
        certcentral_organization_assignment {
            id: self.id,
            status: arena.opt_text(self.status.as_deref()),
            name: arena.opt_text(self.name.as_deref()),
            display_name: arena.opt_text(self.display_name.as_deref()),
            is_active: write_optional_bool(self.is_active),
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// An organization: from `certcentral_get_organization` or `certcentral_list_organizations`, or
/// nested in a subaccount result. Fields the answer left out are absent.
#[repr(C)]
pub struct certcentral_organization_details {
    /// Organization ID.
    pub id: i64,
    /// active or inactive; NULL when absent.
    pub status: *const c_char,
    /// Legal name; NULL when absent.
    pub name: *const c_char,
    /// Public ("doing business as") name; NULL when absent.
    pub assumed_name: *const c_char,
    /// `name` and `assumed_name` combined; NULL when absent.
    pub display_name: *const c_char,
    /// Whether the organization is active.
    pub is_active: certcentral_optional_bool,
    /// Street address; NULL when absent.
    pub address: *const c_char,
    /// Second address line; NULL when absent.
    pub address2: *const c_char,
    /// Postal code; NULL when absent.
    pub zip: *const c_char,
    /// City; NULL when absent.
    pub city: *const c_char,
    /// State or province; NULL when absent.
    pub state: *const c_char,
    /// Two-letter country code; NULL when absent.
    pub country: *const c_char,
    /// Telephone number; NULL when absent.
    pub telephone: *const c_char,
    /// The primary container the organization is attached to; NULL when absent.
    pub container: *const certcentral_container_details,
    /// The organization exactly as the server sent it, unknown fields included.
    pub raw_json: *const c_char,
    /// The organization's contact (details only); NULL when absent.
    pub organization_contact: *const certcentral_contact,
    /// Divisions the organization is assigned to; NULL when none.
    pub container_id_assignments: *const i64,
    /// How many elements `container_id_assignments` points to.
    pub container_id_assignments_len: usize,
    /// Validations (listed with `include_validation`); NULL when none.
    pub validations: *const certcentral_validation,
    /// How many elements `validations` points to.
    pub validations_len: usize,
}

impl ToC for Organization {
    type C = certcentral_organization_details;
    fn to_c(&self, arena: &mut Arena) -> certcentral_organization_details {
        let (container_id_assignments, container_id_assignments_len) =
            ints(&self.container_id_assignments, arena);
        let (validations, validations_len) = array(&self.validations, arena);
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
            organization_contact: nested(self.organization_contact.as_ref(), arena),
            container_id_assignments,
            container_id_assignments_len,
            validations,
            validations_len,
        }
    }
}

/// Frees an organization from `certcentral_get_organization` and everything in it. NULL is
/// ignored. Organizations nested in other results are freed with them, never with this function.
///
/// # Safety
/// `organization` is NULL or an organization from `certcentral_get_organization` that has not
/// been freed.
#[no_mangle]
pub unsafe extern "C" fn certcentral_organization_details_free(
    organization: *mut certcentral_organization_details,
) {
    // SAFETY: the caller passes NULL or a live organization from `into_c`.
    guarded((), || unsafe { free_owned(organization) })
}

/// An organization's contact, as an answer shows it.
#[repr(C)]
pub struct certcentral_contact {
    /// Contact ID; 0 when absent.
    pub id: i64,
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
    /// Telephone extension; NULL when absent.
    pub telephone_extension: *const c_char,
    /// The contact exactly as the server sent it.
    pub raw_json: *const c_char,
}

impl ToC for Contact {
    type C = certcentral_contact;
    fn to_c(&self, arena: &mut Arena) -> certcentral_contact {
        certcentral_contact {
            id: self.id.unwrap_or(0),
            first_name: arena.opt_text(self.first_name.as_deref()),
            last_name: arena.opt_text(self.last_name.as_deref()),
            email: arena.opt_text(self.email.as_deref()),
            job_title: arena.opt_text(self.job_title.as_deref()),
            telephone: arena.opt_text(self.telephone.as_deref()),
            telephone_extension: arena.opt_text(self.telephone_extension.as_deref()),
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// One validation of an organization (e.g. OV, EV).
#[repr(C)]
pub struct certcentral_validation {
    /// The API's `type` field, e.g. "ov"; NULL when absent.
    pub validation_type: *const c_char,
    /// Short name, e.g. "OV"; NULL when absent.
    pub name: *const c_char,
    /// Description; NULL when absent.
    pub description: *const c_char,
    /// When the validation was created (ISO 8601); NULL when absent.
    pub date_created: *const c_char,
    /// Until when it is valid (ISO 8601); NULL when absent.
    pub validated_until: *const c_char,
    /// e.g. active or pending; NULL when absent.
    pub status: *const c_char,
    /// The validation exactly as the server sent it.
    pub raw_json: *const c_char,
}

impl ToC for Validation {
    type C = certcentral_validation;
    fn to_c(&self, arena: &mut Arena) -> certcentral_validation {
        certcentral_validation {
            validation_type: arena.opt_text(self.validation_type.as_deref()),
            name: arena.opt_text(self.name.as_deref()),
            description: arena.opt_text(self.description.as_deref()),
            date_created: arena.opt_text(self.date_created.as_deref()),
            validated_until: arena.opt_text(self.validated_until.as_deref()),
            status: arena.opt_text(self.status.as_deref()),
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// A user: from `certcentral_get_user`, `certcentral_current_user` or `certcentral_list_users`,
/// or the first user of a new subaccount. Fields the answer left out are absent.
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
///
/// # Safety
/// `user` is NULL or a user from `certcentral_get_user` or `certcentral_current_user` that has
/// not been freed.
#[no_mangle]
pub unsafe extern "C" fn certcentral_user_details_free(user: *mut certcentral_user_details) {
    // SAFETY: the caller passes NULL or a live user from `into_c`.
    guarded((), || unsafe { free_owned(user) })
}

/// A role: an access role (1 Administrator ... 5 Standard user, or one the account defines) or
/// an API key role (100 orders, 101 orders, domains and organizations, 102 view only, 103 user
/// management).
#[repr(C)]
pub struct certcentral_role {
    /// Role ID.
    pub id: i64,
    /// The role's name; NULL when absent.
    pub name: *const c_char,
    /// The role exactly as the server sent it.
    pub raw_json: *const c_char,
}

impl ToC for Role {
    type C = certcentral_role;
    fn to_c(&self, arena: &mut Arena) -> certcentral_role {
        certcentral_role {
            id: self.id,
            name: arena.opt_text(self.name.as_deref()),
            raw_json: arena.text(self.raw.as_str()),
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
///
/// # Safety
/// `subaccount` is NULL or details from `certcentral_get_subaccount` that have not been freed.
#[no_mangle]
pub unsafe extern "C" fn certcentral_subaccount_details_free(
    subaccount: *mut certcentral_subaccount_details,
) {
    // SAFETY: the caller passes NULL or a live result from `into_c`.
    guarded((), || unsafe { free_owned(subaccount) })
}

/// One page of users (`certcentral_list_users`).
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
///
/// # Safety
/// `page` is NULL or a page from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn certcentral_user_page_free(page: *mut certcentral_user_page) {
    // SAFETY: the caller passes NULL or a live page from `into_c`.
    guarded((), || unsafe { free_owned(page) })
}

/// One page of organizations (`certcentral_list_organizations`).
#[repr(C)]
pub struct certcentral_organization_page {
    /// The organizations on this page; NULL when empty.
    pub organizations: *const certcentral_organization_details,
    /// How many elements `organizations` points to.
    pub organizations_len: usize,
    /// `page.total`: matching organizations over all pages; -1 when the server did not say.
    pub total: i64,
    /// `page.limit` as the server reported it; -1 when it did not say.
    pub limit: i64,
    /// `page.offset`; -1 when the server did not say.
    pub offset: i64,
    /// The whole response exactly as the server sent it.
    pub raw_json: *const c_char,
}

impl ToC for Page<Organization> {
    type C = certcentral_organization_page;
    fn to_c(&self, arena: &mut Arena) -> certcentral_organization_page {
        let (organizations, organizations_len) = array(&self.items, arena);
        certcentral_organization_page {
            organizations,
            organizations_len,
            total: count(self.total()),
            limit: count(self.limit()),
            offset: count(self.offset()),
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// Frees a page of organizations and everything in it. NULL is ignored.
///
/// # Safety
/// `page` is NULL or a page from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn certcentral_organization_page_free(
    page: *mut certcentral_organization_page,
) {
    // SAFETY: the caller passes NULL or a live page from `into_c`.
    guarded((), || unsafe { free_owned(page) })
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
///
/// # Safety
/// `page` is NULL or a page from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn certcentral_subaccount_page_free(page: *mut certcentral_subaccount_page) {
    // SAFETY: the caller passes NULL or a live page from `into_c`.
    guarded((), || unsafe { free_owned(page) })
}

/// The account's containers (`certcentral_list_containers`).
#[repr(C)]
pub struct certcentral_container_list {
    /// The containers; NULL when empty.
    pub containers: *const certcentral_container_details,
    /// How many elements `containers` points to.
    pub containers_len: usize,
    /// The whole response exactly as the server sent it.
    pub raw_json: *const c_char,
}

impl ToC for Page<Container> {
    type C = certcentral_container_list;
    fn to_c(&self, arena: &mut Arena) -> certcentral_container_list {
        let (containers, containers_len) = array(&self.items, arena);
        certcentral_container_list {
            containers,
            containers_len,
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// Frees a list of containers and everything in it. NULL is ignored.
///
/// # Safety
/// `list` is NULL or a list from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn certcentral_container_list_free(list: *mut certcentral_container_list) {
    // SAFETY: the caller passes NULL or a live list from `into_c`.
    guarded((), || unsafe { free_owned(list) })
}

/// A list of roles (`certcentral_list_access_roles`, `certcentral_list_api_key_roles`).
#[repr(C)]
pub struct certcentral_role_list {
    /// The roles; NULL when empty.
    pub roles: *const certcentral_role,
    /// How many elements `roles` points to.
    pub roles_len: usize,
    /// The whole response exactly as the server sent it.
    pub raw_json: *const c_char,
}

impl ToC for Page<Role> {
    type C = certcentral_role_list;
    fn to_c(&self, arena: &mut Arena) -> certcentral_role_list {
        let (roles, roles_len) = array(&self.items, arena);
        certcentral_role_list {
            roles,
            roles_len,
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// Frees a list of roles and everything in it. NULL is ignored.
///
/// # Safety
/// `list` is NULL or a list from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn certcentral_role_list_free(list: *mut certcentral_role_list) {
    // SAFETY: the caller passes NULL or a live list from `into_c`.
    guarded((), || unsafe { free_owned(list) })
}
