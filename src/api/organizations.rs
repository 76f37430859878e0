//! Organizations: `POST organization`, `GET organization`, `GET organization/{id}`.

use serde::{Deserialize, Serialize};

use std::sync::Arc;

use ureq::http::Method;

use super::containers::Container;
use super::list::ListParams;
use super::pages::{list_query, Pages};
use crate::client::{merged, path_id, Client, MergedBody, Policy};
use crate::decode::lenient;
use crate::decode::raw::{decode_flat, record};
use crate::decode::{Listed, Page, RawBody, RawJson, Response};
use crate::error::Result;
use crate::validate::{
    broken, email, first, max_chars, person_names, positive_id, required, validate, Checked, Found,
    Rule, Rules, Violation, MAX_NAME_CHARS, VALIDATION_TYPES, VALIDATION_TYPES_WITH_VERIFIED_USERS,
};

/// Body of `POST organization`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateOrganizationRequest {
    /// Legal name; required.
    #[serde(default)]
    pub name: String,
    /// Public ("doing business as") name; optional.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumed_name: Option<String>,
    /// Address; required.
    #[serde(default)]
    pub address: String,
    /// Second address line; optional.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address2: Option<String>,
    /// City; required.
    #[serde(default)]
    pub city: String,
    /// State; required.
    #[serde(default)]
    pub state: String,
    /// Postal code; required.
    #[serde(default)]
    pub zip: String,
    /// Country; required.
    #[serde(default)]
    pub country: String,
    /// Telephone number; required.
    #[serde(default)]
    pub telephone: String,
    /// The organization's contact person; required.
    #[serde(default)]
    pub organization_contact: OrganizationContactRequest,
    /// `true` creates a new organization even when one with the same details exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip_duplicate_org_check: Option<bool>,
}

/// `organization_contact` in [`CreateOrganizationRequest`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationContactRequest {
    /// First name; required.
    #[serde(default)]
    pub first_name: String,
    /// Last name; required.
    #[serde(default)]
    pub last_name: String,
    /// Job title; optional, but required for the contact to be an EV approver.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    /// Email address; required.
    #[serde(default)]
    pub email: String,
    /// Telephone number; required.
    #[serde(default)]
    pub telephone: String,
    /// Telephone extension; optional.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telephone_extension: Option<String>,
}

/// The answer to `POST organization`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatedOrganization {
    /// ID of the organization (an existing one when the duplicate check matched).
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    /// The answer exactly as the server sent it.
    #[serde(skip)]
    pub raw: RawJson,
}

impl Response for CreatedOrganization {
    fn decode_body(body: &Arc<RawBody>) -> Result<CreatedOrganization, serde_json::Error> {
        decode_flat(body, |created: &mut CreatedOrganization, raw| {
            created.raw = raw
        })
    }
}

/// An organization (`GET organization`, `GET organization/{organization_id}`, and the one in a
/// new subaccount). Fields the answer leaves out are `None` or empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    /// Organization ID.
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    /// `active` or `inactive` (any value is kept).
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub status: Option<String>,
    /// Legal name.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
    /// Public ("doing business as") name.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub assumed_name: Option<String>,
    /// `name` and `assumed_name` combined.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub display_name: Option<String>,
    /// Whether the organization is active.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_active: Option<bool>,
    /// Street address.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub address: Option<String>,
    /// Second address line.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub address2: Option<String>,
    /// Postal code.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub zip: Option<String>,
    /// City.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub city: Option<String>,
    /// State or province.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub state: Option<String>,
    /// Two-letter country code.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub country: Option<String>,
    /// Telephone number.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub telephone: Option<String>,
    /// The primary container the organization is attached to.
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub container: Option<Container>,
    /// The organization's contact (organization details only).
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub organization_contact: Option<Contact>,
    /// Divisions the organization is assigned to (strings in the docs' examples).
    #[serde(default, deserialize_with = "lenient::ints")]
    pub container_id_assignments: Vec<i64>,
    /// Validations, when listed with `include_validation`.
    #[serde(default, deserialize_with = "lenient::opt_records")]
    pub validations: Vec<Validation>,
    /// The organization as the server sent it, unknown fields (e.g. `verified_contacts`)
    /// included.
    #[serde(skip)]
    pub raw: RawJson,
}

/// An organization's contact, as an answer shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    /// Contact ID.
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub id: Option<i64>,
    /// First name.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub last_name: Option<String>,
    /// Email address.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub email: Option<String>,
    /// Job title.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub job_title: Option<String>,
    /// Telephone number.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub telephone: Option<String>,
    /// Telephone extension.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub telephone_extension: Option<String>,
    /// The contact as the server sent it.
    #[serde(skip)]
    pub raw: RawJson,
}

/// One validation of an organization (e.g. `ov`, `ev`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Validation {
    /// The validation type, e.g. `ov`.
    #[serde(rename = "type", default, deserialize_with = "lenient::opt_text")]
    pub validation_type: Option<String>,
    /// Short name, e.g. `OV`.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
    /// Description.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub description: Option<String>,
    /// When the validation was created (ISO 8601).
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub date_created: Option<String>,
    /// Until when it is valid (ISO 8601).
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub validated_until: Option<String>,
    /// Its status, e.g. `active` or `pending`.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub status: Option<String>,
    /// The validation as the server sent it.
    #[serde(skip)]
    pub raw: RawJson,
}

record!(Organization, Contact, Validation);

impl Listed for Organization {
    const ARRAY: &'static [&'static str] = &["organizations"];
    fn record_id(&self) -> i64 {
        self.id
    }
}

impl Listed for Validation {
    const ARRAY: &'static [&'static str] = &["validations"];
    fn record_id(&self) -> i64 {
        // Validations are never paged; the pagination engine never asks.
        0
    }
}

/// The changes `update_organization_contacts` makes (`PUT organization/{id}/contact`): each
/// contact given is sent whole, its fields merged over the contact the organization has (the
/// server erases a sent contact's optional fields the request leaves out); a contact not given
/// is not sent, and the server leaves it alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateOrganizationContactsRequest {
    /// Changes to the organization contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_contact: Option<ContactParams>,
    /// Changes to the technical contact (the organization's current one, if any, is the base).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technical_contact: Option<ContactParams>,
}

/// A contact's fields to change; those left `None` keep the current contact's value. With
/// first name, last name and email equal to the current contact's, the server updates it in
/// place; otherwise a new contact replaces it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactParams {
    /// First name, at most 128 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name, at most 128 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    /// Telephone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
    /// Telephone extension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telephone_extension: Option<String>,
    /// The contact's language, as an id in a string (e.g. `"1"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_id: Option<String>,
}

/// The fields of a `contacts` item: what `update_organization_contacts` carries over from the
/// current contact.
const CONTACT_FIELDS: [&str; 7] = [
    "first_name",
    "last_name",
    "email",
    "job_title",
    "telephone",
    "telephone_extension",
    "language_id",
];

/// Body of `POST organization/{organization_id}/validation`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubmitValidationRequest {
    /// The validations to get; at least one.
    #[serde(default)]
    pub validations: Vec<ValidationParams>,
}

/// One validation to get.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidationParams {
    /// `ov`, `ev`, `cs`, `ev_cs`, `ds` or `smime`.
    #[serde(rename = "type", default)]
    pub validation_type: String,
    /// The people to verify: needed for `ev`, `cs` and `ev_cs`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub verified_users: Vec<VerifiedUserParams>,
}

/// A person to verify: an existing user by `id`, or one described by every other field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifiedUserParams {
    /// An existing user (the other fields are then ignored by the server).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// First name (required without `id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name (required without `id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Job title (required without `id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    /// Telephone number (required without `id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
    /// Email address (required without `id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// One page of organizations (`GET organization`).
pub type OrganizationPage = Page<Organization>;

/// Parameters of `GET organization`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListOrganizationsQuery {
    /// Include each organization's `validations`.
    pub include_validation: Option<bool>,
    /// Filters (`status`, `validation`, `container_id_for_organization`), search (an exact ID,
    /// or a name containing the text), sort and pagination.
    pub list: ListParams,
}

impl ListOrganizationsQuery {
    /// The percent-encoded query string.
    pub fn to_query_string(&self) -> String {
        let extra: Vec<_> = self
            .include_validation
            .map(|on| ("include_validation", on.to_string()))
            .into_iter()
            .collect();
        self.list.encode(&extra)
    }
}

impl Rules for CreateOrganizationRequest {
    fn check(&self) -> Checked {
        first(self.violations())
    }

    fn violations(&self) -> Vec<Violation> {
        let fields = [
            ("name", &self.name),
            ("address", &self.address),
            ("city", &self.city),
            ("state", &self.state),
            ("zip", &self.zip),
            ("country", &self.country),
            ("telephone", &self.telephone),
        ];
        let mut found = Found::default();
        for (field, value) in fields {
            found.add(required(field, value));
        }
        let contact = &self.organization_contact;
        person_names(
            &mut found,
            "organization_contact.",
            &contact.first_name,
            &contact.last_name,
        );
        found.add(email("organization_contact.email", &contact.email));
        found.add(required(
            "organization_contact.telephone",
            &contact.telephone,
        ));
        found.0
    }
}

impl Rules for ListOrganizationsQuery {
    fn check(&self) -> Checked {
        self.list.check()
    }
}

list_query!(ListOrganizationsQuery => Organization, list_organizations);

/// A contact's named fields: names not blank and at most 128 characters, a valid address.
fn contact_rules(found: &mut Found, prefix: &str, contact: &ContactParams) {
    for (name, value) in [
        ("first_name", &contact.first_name),
        ("last_name", &contact.last_name),
    ] {
        if let Some(value) = value {
            let field = format!("{prefix}{name}");
            found.add(
                required(&field, value).and_then(|()| max_chars(&field, value, MAX_NAME_CHARS)),
            );
        }
    }
    if let Some(address) = &contact.email {
        found.add(email(&format!("{prefix}email"), address));
    }
}

impl Rules for UpdateOrganizationContactsRequest {
    fn check(&self) -> Checked {
        first(self.violations())
    }

    fn violations(&self) -> Vec<Violation> {
        let mut found = Found::default();
        if self.organization_contact.is_none() && self.technical_contact.is_none() {
            let rule = Rule::SomethingToChange {
                fields: &["organization_contact", "technical_contact"],
            };
            found.add(broken("request", rule));
        }
        if let Some(contact) = &self.organization_contact {
            contact_rules(&mut found, "organization_contact.", contact);
        }
        if let Some(contact) = &self.technical_contact {
            contact_rules(&mut found, "technical_contact.", contact);
        }
        found.0
    }
}

impl Rules for SubmitValidationRequest {
    fn check(&self) -> Checked {
        first(self.violations())
    }

    fn violations(&self) -> Vec<Violation> {
        let mut found = Found::default();
        if self.validations.is_empty() {
            found.add(broken("validations", Rule::NonEmptyList));
        }
        for (i, validation) in self.validations.iter().enumerate() {
            let prefix = format!("validations[{i}]");
            let kind = validation.validation_type.to_ascii_lowercase();
            if !VALIDATION_TYPES.contains(&kind.as_str()) {
                let rule = Rule::OneOfWords {
                    allowed: &VALIDATION_TYPES,
                    got: validation.validation_type.clone(),
                };
                found.add(broken(&format!("{prefix}.type"), rule));
            }
            let needs_users = VALIDATION_TYPES_WITH_VERIFIED_USERS.contains(&kind.as_str());
            if needs_users && validation.verified_users.is_empty() {
                found.add(broken(
                    &format!("{prefix}.verified_users"),
                    Rule::NonEmptyList,
                ));
            }
            for (j, user) in validation.verified_users.iter().enumerate() {
                let at = format!("{prefix}.verified_users[{j}]");
                if let Some(id) = user.id {
                    found.add(positive_id(&format!("{at}.id"), id));
                    continue;
                }
                let described = [
                    ("first_name", &user.first_name),
                    ("last_name", &user.last_name),
                    ("job_title", &user.job_title),
                    ("telephone", &user.telephone),
                ];
                for (name, value) in described {
                    found.add(required(
                        &format!("{at}.{name}"),
                        value.as_deref().unwrap_or(""),
                    ));
                }
                found.add(email(
                    &format!("{at}.email"),
                    user.email.as_deref().unwrap_or(""),
                ));
            }
        }
        found.0
    }
}

impl Client {
    /// `POST organization`: creates an organization, or, under the duplicate check (the
    /// default), returns the matching existing one. Because of that check a repeated request
    /// cannot create a second organization, so it is retried after any failure, and asked again
    /// when its answer cannot be read (within `max_retries`); with `skip_duplicate_org_check` it
    /// is retried only when it provably never left, like every other creation.
    pub fn create_organization(
        &self,
        request: &CreateOrganizationRequest,
    ) -> Result<CreatedOrganization> {
        let policy = if request.skip_duplicate_org_check == Some(true) {
            Policy::CREATE
        } else {
            Policy::CREATE_DEDUPLICATED
        };
        self.write(Method::POST, "organization", request, policy)
    }

    /// `GET organization`: one page of the account's organizations.
    pub fn list_organizations(&self, query: &ListOrganizationsQuery) -> Result<OrganizationPage> {
        validate(query)?;
        self.read("organization", &query.to_query_string())
    }

    /// Every organization matching `query`, page by page.
    pub fn organizations(
        &self,
        query: ListOrganizationsQuery,
    ) -> Result<Pages<ListOrganizationsQuery>> {
        validate(&query)?;
        Ok(Pages::new(self.clone(), query))
    }

    /// `GET organization/{organization_id}`: one organization's details.
    pub fn get_organization(&self, organization_id: i64) -> Result<Organization> {
        let id = path_id("organization_id", organization_id)?;
        self.read(&format!("organization/{id}"), "")
    }

    /// `DELETE organization/{organization_id}`: deletes an organization and its domains,
    /// permanently (not the account's first organization). Retried as a read is; a 404 after
    /// an attempt that may have been carried out is success.
    pub fn delete_organization(&self, organization_id: i64) -> Result<()> {
        self.delete(&format!(
            "organization/{}",
            path_id("organization_id", organization_id)?
        ))
    }

    /// `PUT organization/{organization_id}/contact`: changes the organization contact, the
    /// technical contact, or both, and keeps every field not named.
    ///
    /// The server erases the optional fields a sent contact leaves out, so this reads the
    /// organization first (`GET organization/{organization_id}`) and sends each named contact
    /// whole: the current contact's fields overlaid with the changes (its `id` is never sent).
    /// The API has no version check: an edit made by someone else between that read and this
    /// write is overwritten for the contacts sent. Retried as a read is.
    pub fn update_organization_contacts(
        &self,
        organization_id: i64,
        changes: &UpdateOrganizationContactsRequest,
    ) -> Result<()> {
        let id = path_id("organization_id", organization_id)?;
        validate(changes)?;
        let current = self.get_organization(id)?.raw.to_value();
        let named = [
            ("organization_contact", &changes.organization_contact),
            ("technical_contact", &changes.technical_contact),
        ];
        let mut contacts = Vec::new();
        for (kind, contact) in named {
            let Some(contact) = contact else { continue };
            let mut item = merged(current.get(kind), &CONTACT_FIELDS, contact)?;
            item.insert("contact_type".to_owned(), kind.into());
            contacts.push(serde_json::Value::Object(item));
        }
        let mut body = serde_json::Map::new();
        body.insert("contacts".to_owned(), contacts.into());
        let path = format!("organization/{id}/contact");
        self.write_ignoring_answer(Method::PUT, &path, &MergedBody(body), Policy::UPDATE)
    }

    /// `POST organization/{organization_id}/validation`: submits the organization for the
    /// validations named. A creation: never sent again once it may have reached the server.
    pub fn submit_organization_validation(
        &self,
        organization_id: i64,
        request: &SubmitValidationRequest,
    ) -> Result<()> {
        let path = format!(
            "organization/{}/validation",
            path_id("organization_id", organization_id)?
        );
        self.write_ignoring_answer(Method::POST, &path, request, Policy::CREATE)
    }

    /// `GET organization/{organization_id}/validation`: the organization's validations (none:
    /// an empty list, as the real server sends it without the array).
    pub fn get_organization_validations(&self, organization_id: i64) -> Result<Vec<Validation>> {
        Ok(self.organization_validation_list(organization_id)?.items)
    }

    /// [`Client::get_organization_validations`] with the whole answer's `raw`.
    #[cfg_attr(not(feature = "capi"), allow(dead_code))]
    pub(crate) fn organization_validation_list(
        &self,
        organization_id: i64,
    ) -> Result<Page<Validation>> {
        let id = path_id("organization_id", organization_id)?;
        self.read(&format!("organization/{id}/validation"), "")
    }
}
