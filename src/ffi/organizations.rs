//! Organizations: creating one, one page of them, every page (`certcentral_iter_organizations`)
//! and one's details; deleting one, changing its contacts, submitting it for validation and
//! reading its validations; their request and query structs and result structs (with contacts
//! and validations).

use std::ffi::c_char;

use super::arena::{free_owned, Arena};
use super::boundary::{arg_slice, opt_ref};
use super::client::certcentral_client;
use super::containers::certcentral_container_details;
use super::convert::{
    arg_query, arg_request, array, certcentral_list_params, certcentral_optional_bool, count,
    field_string, into_c, ints, nested, opt_string, optional_id, read_optional_bool,
    write_optional_bool, ToC, ToCore,
};
use super::error::certcentral_error;
use super::iter::{certcentral_iter, new_iter};
use super::macros::ffi_fn;
use crate::api::{
    Contact, ContactParams, CreateOrganizationRequest, ListOrganizationsQuery, Organization,
    OrganizationContactRequest, Page, SubmitValidationRequest, UpdateOrganizationContactsRequest,
    Validation, ValidationParams, VerifiedUserParams,
};
use crate::error::{Error, Status};

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

impl ToCore for certcentral_list_organizations_query {
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

impl ToCore for certcentral_create_organization_request {
    type Core = CreateOrganizationRequest;

    unsafe fn to_core(&self) -> Result<CreateOrganizationRequest, Error> {
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

/// A contact's fields to change (`certcentral_update_organization_contacts`): each field set
/// replaces the current contact's value; each NULL keeps it. With first name, last name and
/// email equal to the current contact's, the server updates it in place; otherwise a new contact
/// replaces it.
#[repr(C)]
pub struct certcentral_contact_params {
    /// At most 128 characters.
    pub first_name: *const c_char,
    /// At most 128 characters.
    pub last_name: *const c_char,
    /// A valid address.
    pub email: *const c_char,
    /// Job title.
    pub job_title: *const c_char,
    /// Telephone number.
    pub telephone: *const c_char,
    /// Telephone extension.
    pub telephone_extension: *const c_char,
    /// The contact's language, as an id in a string (e.g. "1").
    pub language_id: *const c_char,
}

impl certcentral_contact_params {
    /// The core's changes; names in errors start with `prefix`.
    ///
    /// # Safety
    /// Every pointer field is NULL or valid as the header's preamble describes.
    unsafe fn to_core(&self, prefix: &str) -> Result<ContactParams, Error> {
        let field = |name: &str| format!("{prefix}.{name}");
        // SAFETY: the caller upholds the pointer contract of this struct's fields.
        unsafe {
            Ok(ContactParams {
                first_name: opt_string(self.first_name, &field("first_name"))?,
                last_name: opt_string(self.last_name, &field("last_name"))?,
                email: opt_string(self.email, &field("email"))?,
                job_title: opt_string(self.job_title, &field("job_title"))?,
                telephone: opt_string(self.telephone, &field("telephone"))?,
                telephone_extension: opt_string(
                    self.telephone_extension,
                    &field("telephone_extension"),
                )?,
                language_id: opt_string(self.language_id, &field("language_id"))?,
            })
        }
    }
}

/// The changes `certcentral_update_organization_contacts` makes (`PUT
/// organization/{organization_id}/contact`): a contact set (not NULL) is sent whole, its fields
/// merged over the contact the organization has; a contact left NULL is not sent, and the
/// server leaves it alone. At least one must be set.
#[repr(C)]
pub struct certcentral_update_organization_contacts_request {
    /// Changes to the organization contact; NULL: leave it alone.
    pub organization_contact: *const certcentral_contact_params,
    /// Changes to the technical contact (the organization's current one, if any, is the base);
    /// NULL: leave it alone.
    pub technical_contact: *const certcentral_contact_params,
}

impl ToCore for certcentral_update_organization_contacts_request {
    type Core = UpdateOrganizationContactsRequest;

    unsafe fn to_core(&self) -> Result<UpdateOrganizationContactsRequest, Error> {
        // SAFETY: the caller upholds the pointer contract of this struct's fields.
        unsafe {
            let contact = |ptr: *const certcentral_contact_params, name: &str| {
                opt_ref(ptr).map(|c| c.to_core(name)).transpose()
            };
            Ok(UpdateOrganizationContactsRequest {
                organization_contact: contact(self.organization_contact, "organization_contact")?,
                technical_contact: contact(self.technical_contact, "technical_contact")?,
            })
        }
    }
}

/// A person to verify for a validation: an existing user by `id`, or one described by every
/// other field.
#[repr(C)]
pub struct certcentral_verified_user_params {
    /// An existing user (the other fields are then ignored by the server); 0 = unset.
    pub id: i64,
    /// Required without `id`.
    pub first_name: *const c_char,
    /// Required without `id`.
    pub last_name: *const c_char,
    /// Required without `id`.
    pub job_title: *const c_char,
    /// Required without `id`.
    pub telephone: *const c_char,
    /// Required without `id`.
    pub email: *const c_char,
}

/// One validation to get (`certcentral_submit_organization_validation`).
#[repr(C)]
pub struct certcentral_validation_params {
    /// Required: the API's `type`, one of "ov", "ev", "cs", "ev_cs", "ds", "smime".
    pub validation_type: *const c_char,
    /// The people to verify: needed for "ev", "cs" and "ev_cs".
    pub verified_users: *const certcentral_verified_user_params,
    /// How many elements `verified_users` points to.
    pub verified_users_len: usize,
}

impl certcentral_validation_params {
    /// The core's validation; names in errors start with `prefix`.
    ///
    /// # Safety
    /// Every pointer field is NULL or valid as the header's preamble describes.
    unsafe fn to_core(&self, prefix: &str) -> Result<ValidationParams, Error> {
        // SAFETY: the caller upholds the pointer contract of this struct's fields.
        unsafe {
            let users_name = format!("{prefix}.verified_users");
            let users = arg_slice(self.verified_users, self.verified_users_len, &users_name)?;
            let mut verified_users = Vec::with_capacity(users.len());
            for (i, user) in users.iter().enumerate() {
                let field = |name: &str| format!("{users_name}[{i}].{name}");
                verified_users.push(VerifiedUserParams {
                    id: optional_id(user.id),
                    first_name: opt_string(user.first_name, &field("first_name"))?,
                    last_name: opt_string(user.last_name, &field("last_name"))?,
                    job_title: opt_string(user.job_title, &field("job_title"))?,
                    telephone: opt_string(user.telephone, &field("telephone"))?,
                    email: opt_string(user.email, &field("email"))?,
                });
            }
            Ok(ValidationParams {
                validation_type: field_string(self.validation_type, &format!("{prefix}.type"))?,
                verified_users,
            })
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
#[no_mangle]
pub unsafe extern "C" fn certcentral_organization_details_free(
    organization: *mut certcentral_organization_details,
) {
    ffi_fn!(free: free_owned(organization))
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

/// An organization's validations (`certcentral_get_organization_validations`).
#[repr(C)]
pub struct certcentral_validation_list {
    /// The validations; NULL when none.
    pub validations: *const certcentral_validation,
    /// How many elements `validations` points to.
    pub validations_len: usize,
    /// The whole response exactly as the server sent it.
    pub raw_json: *const c_char,
}

impl ToC for Page<Validation> {
    type C = certcentral_validation_list;
    fn to_c(&self, arena: &mut Arena) -> certcentral_validation_list {
        let (validations, validations_len) = array(&self.items, arena);
        certcentral_validation_list {
            validations,
            validations_len,
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// Frees a list of validations and everything in it. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn certcentral_validation_list_free(list: *mut certcentral_validation_list) {
    ffi_fn!(free: free_owned(list))
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
#[no_mangle]
pub unsafe extern "C" fn certcentral_organization_page_free(
    page: *mut certcentral_organization_page,
) {
    ffi_fn!(free: free_owned(page))
}

/// `POST organization`: creates an organization (or, under the duplicate check, finds the
/// matching one); on success `*organization_id` receives its id.
#[no_mangle]
pub unsafe extern "C" fn certcentral_create_organization(
    client: *const certcentral_client,
    request: *const certcentral_create_organization_request,
    organization_id: *mut i64,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let request = arg_request(request, "request")?; },
        out: organization_id = client.create_organization(&request)?.id,
        err: err,
    }
}

/// `GET organization`: one page of organizations. `query` may be NULL (no parameters, server
/// defaults). On success `*out` receives a page the caller frees with
/// `certcentral_organization_page_free`; on failure `*out` is NULL.
#[no_mangle]
pub unsafe extern "C" fn certcentral_list_organizations(
    client: *const certcentral_client,
    query: *const certcentral_list_organizations_query,
    out: *mut *mut certcentral_organization_page,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let query = arg_query(query)?; },
        out: out = into_c(&client.list_organizations(&query)?, Arena::default()),
        err: err,
    }
}

/// `GET organization/{organization_id}`: one organization's details, with its contact
/// (`organization_id` > 0, else `CERTCENTRAL_STATUS_VALIDATION` and nothing is sent). On
/// success `*out` receives an organization the caller frees with
/// `certcentral_organization_details_free`; on failure `*out` is NULL.
#[no_mangle]
pub unsafe extern "C" fn certcentral_get_organization(
    client: *const certcentral_client,
    organization_id: i64,
    out: *mut *mut certcentral_organization_details,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        out: out = into_c(&client.get_organization(organization_id)?, Arena::default()),
        err: err,
    }
}

/// Starts iterating over every organization matching `query` (NULL: all);
/// `certcentral_iter_next` then hands out `const certcentral_organization_details *` records.
/// Otherwise as `certcentral_iter_users`.
#[no_mangle]
pub unsafe extern "C" fn certcentral_iter_organizations(
    client: *const certcentral_client,
    query: *const certcentral_list_organizations_query,
    out: *mut *mut certcentral_iter,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let query = arg_query(query)?; },
        out: out = new_iter(client.organizations(query)?),
        err: err,
    }
}

/// `DELETE organization/{organization_id}`: deletes an organization and its domains,
/// permanently (`organization_id` > 0; not the account's first organization). Retried as a read
/// is; a 404 after an attempt that may have been carried out is success, a 404 on the first
/// attempt is `CERTCENTRAL_STATUS_NOT_FOUND`.
#[no_mangle]
pub unsafe extern "C" fn certcentral_delete_organization(
    client: *const certcentral_client,
    organization_id: i64,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        call: client.delete_organization(organization_id)?,
        err: err,
    }
}

/// `PUT organization/{organization_id}/contact`: changes the organization contact, the
/// technical contact, or both, and keeps every field not named (`organization_id` > 0). The
/// server erases the optional fields a sent contact leaves out, so the library reads the
/// organization first and sends each named contact whole (the current contact's fields overlaid
/// with the changes); an edit made by someone else between that read and this write is
/// overwritten.
#[no_mangle]
pub unsafe extern "C" fn certcentral_update_organization_contacts(
    client: *const certcentral_client,
    organization_id: i64,
    request: *const certcentral_update_organization_contacts_request,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let request = arg_request(request, "request")?; },
        call: client.update_organization_contacts(organization_id, &request)?,
        err: err,
    }
}

/// `POST organization/{organization_id}/validation`: submits the organization for the
/// `validations_len` validations at `validations` (at least one; `organization_id` > 0). A
/// creation: never sent again once it may have reached the server.
#[no_mangle]
pub unsafe extern "C" fn certcentral_submit_organization_validation(
    client: *const certcentral_client,
    organization_id: i64,
    validations: *const certcentral_validation_params,
    validations_len: usize,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: {
            let items = arg_slice(validations, validations_len, "validations")?;
            let mut request = SubmitValidationRequest::default();
            for (i, item) in items.iter().enumerate() {
                request.validations.push(item.to_core(&format!("validations[{i}]"))?);
            }
        },
        call: client.submit_organization_validation(organization_id, &request)?,
        err: err,
    }
}

/// `GET organization/{organization_id}/validation`: the organization's validations
/// (`organization_id` > 0, else `CERTCENTRAL_STATUS_VALIDATION` and nothing is sent; none: an
/// empty list). On success `*out` receives a list the caller frees with
/// `certcentral_validation_list_free`; on failure `*out` is NULL.
#[no_mangle]
pub unsafe extern "C" fn certcentral_get_organization_validations(
    client: *const certcentral_client,
    organization_id: i64,
    out: *mut *mut certcentral_validation_list,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        out: out = into_c(&client.organization_validation_list(organization_id)?, Arena::default()),
        err: err,
    }
}
