//! Organizations: `POST organization`.

use serde::{Deserialize, Serialize};

use std::sync::Arc;

use super::lenient;
use super::raw::{decode_flat, RawBody, Response};
use super::RawJson;

/// Body of `POST organization`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateOrganizationRequest {
    /// Legal name.
    #[serde(default)]
    pub name: String,
    /// Public ("doing business as") name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumed_name: Option<String>,
    #[serde(default)]
    pub address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address2: Option<String>,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub zip: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub telephone: String,
    #[serde(default)]
    pub organization_contact: OrganizationContact,
    /// `true` creates a new organization even when one with the same details exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip_duplicate_org_check: Option<bool>,
}

/// `organization_contact` in [`CreateOrganizationRequest`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationContact {
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    /// Required for the contact to be an EV approver.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub telephone: String,
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
