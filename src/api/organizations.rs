//! Organizations: `POST organization`, `GET organization`, `GET organization/{id}`.

use serde::{Deserialize, Serialize};

use std::sync::Arc;

use ureq::http::Method;

use super::containers::Container;
use super::list::ListParams;
use super::pages::{list_query, Pages};
use crate::client::{path_id, Client, Policy};
use crate::decode::lenient;
use crate::decode::raw::{decode_flat, record};
use crate::decode::{Listed, Page, RawBody, RawJson, Response};
use crate::error::Result;
use crate::validate::{
    email, first, person_names, required, validate, Checked, Found, Rules, Violation,
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
}
