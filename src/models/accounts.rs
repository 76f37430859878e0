//! Subaccounts: `POST account`.

use serde::{Deserialize, Serialize};

use std::sync::Arc;

use serde_json::value::RawValue;

use super::lenient;
use super::raw::{RawBody, Response};
use super::RawJson;
use crate::secret::Secret;

/// Body of `POST account`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateSubaccountRequest {
    /// Type of subaccount to create (e.g. `retail`, `enterprise`, `reseller`, `managed`;
    /// the allowed values depend on the account's settings).
    #[serde(default)]
    pub account_type: String,
    /// Account types that may be created under the new subaccount.
    #[serde(default)]
    pub allowed_grandchildren: Vec<String>,
    /// ID of an existing user who will manage the subaccount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_manager_user_id: Option<i64>,
    /// Whether the parent account is billed for the subaccount's orders (server default: false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bill_parent: Option<bool>,
    /// Display name of the subaccount (newer docs; at most 64 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child_name: Option<String>,
    /// The subaccount's first user.
    #[serde(default)]
    pub user: SubaccountUserRequest,
    /// The subaccount's primary organization.
    #[serde(default)]
    pub organization: SubaccountOrganizationRequest,
}

/// `user` in [`CreateSubaccountRequest`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubaccountUserRequest {
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    /// Receives the account-creation email.
    #[serde(default)]
    pub email: String,
    /// Sign-in name; the server uses `email` when it is omitted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
}

/// `organization` in [`CreateSubaccountRequest`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubaccountOrganizationRequest {
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
    pub zip: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub country: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
}

/// The subaccount the server created. For a `managed` subaccount, `api_key` holds its API key,
/// which the server shows this one time only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subaccount {
    /// Account ID of the subaccount.
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    /// The subaccount's type, e.g. `retail` or `managed`.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub account_type: Option<String>,
    /// The user who manages the subaccount.
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub account_manager_user_id: Option<i64>,
    /// Whether the parent account is billed for the subaccount's orders.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub bill_parent: Option<bool>,
    /// The subaccount's primary organization.
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub organization: Option<SubaccountOrganization>,
    /// The subaccount's first user.
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub user: Option<SubaccountUser>,
    /// The managed subaccount's API key: returned once, never retrievable again.
    #[serde(default, deserialize_with = "lenient::opt_secret")]
    pub api_key: Option<Secret>,
    /// The response exactly as the server sent it (including `api_key`).
    #[serde(skip)]
    pub raw: RawJson,
}

/// `organization` in a [`Subaccount`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubaccountOrganization {
    /// Organization ID.
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    /// `active` or `inactive`.
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
    /// The organization as the server sent it.
    #[serde(skip)]
    pub raw: RawJson,
}

/// A container (division), as nested in other records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Container {
    /// Container ID.
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    /// The parent container; 0 for the top-level one.
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub parent_id: Option<i64>,
    /// The container's name.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
    /// Whether the container is active.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_active: Option<bool>,
    /// The container as the server sent it.
    #[serde(skip)]
    pub raw: RawJson,
}

/// `user` in a [`Subaccount`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubaccountUser {
    /// User ID.
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    /// Sign-in name.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub username: Option<String>,
    /// Account ID of the new subaccount.
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub account_id: Option<i64>,
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
    /// The API's `type` field (e.g. `standard`).
    #[serde(rename = "type", default, deserialize_with = "lenient::opt_text")]
    pub user_type: Option<String>,
    /// The user as the server sent it.
    #[serde(skip)]
    pub raw: RawJson,
}

impl Response for Subaccount {
    /// The typed pass, then a borrowing pass to find the nested objects' text for their `raw`.
    fn decode_body(body: &Arc<RawBody>) -> Result<Subaccount, serde_json::Error> {
        #[derive(Deserialize)]
        struct Parts<'a> {
            #[serde(borrow, default)]
            organization: Option<&'a RawValue>,
            #[serde(borrow, default)]
            user: Option<&'a RawValue>,
        }
        #[derive(Deserialize)]
        struct OrganizationParts<'a> {
            #[serde(borrow, default)]
            container: Option<&'a RawValue>,
        }
        let mut subaccount: Subaccount = serde_json::from_str(body.text())?;
        let parts: Parts = serde_json::from_str(body.text())?;
        if let (Some(org), Some(text)) = (&mut subaccount.organization, parts.organization) {
            org.raw = RawJson::part(body, text);
            let org_parts: OrganizationParts = serde_json::from_str(text.get())?;
            if let (Some(container), Some(text)) = (&mut org.container, org_parts.container) {
                container.raw = RawJson::part(body, text);
            }
        }
        if let (Some(user), Some(text)) = (&mut subaccount.user, parts.user) {
            user.raw = RawJson::part(body, text);
        }
        subaccount.raw = RawJson::whole(body);
        Ok(subaccount)
    }
}
