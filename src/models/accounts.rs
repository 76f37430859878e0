//! Subaccounts: `POST account`.

use serde::{Deserialize, Serialize};

use std::sync::Arc;

use serde_json::value::RawValue;

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
    pub id: i64,
    pub account_type: Option<String>,
    pub account_manager_user_id: Option<i64>,
    pub bill_parent: Option<bool>,
    pub organization: Option<SubaccountOrganization>,
    pub user: Option<SubaccountUser>,
    /// The managed subaccount's API key: returned once, never retrievable again.
    pub api_key: Option<Secret>,
    /// The response exactly as the server sent it (including `api_key`).
    #[serde(skip)]
    pub raw: RawJson,
}

/// `organization` in a [`Subaccount`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubaccountOrganization {
    pub id: i64,
    /// `active` or `inactive`.
    pub status: Option<String>,
    pub name: Option<String>,
    pub assumed_name: Option<String>,
    /// `name` and `assumed_name` combined.
    pub display_name: Option<String>,
    pub is_active: Option<bool>,
    pub address: Option<String>,
    pub address2: Option<String>,
    pub zip: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub telephone: Option<String>,
    /// The primary container the organization is attached to.
    pub container: Option<Container>,
    #[serde(skip)]
    pub raw: RawJson,
}

/// A container (division).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Container {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: Option<String>,
    pub is_active: Option<bool>,
    #[serde(skip)]
    pub raw: RawJson,
}

/// `user` in a [`Subaccount`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubaccountUser {
    pub id: i64,
    pub username: Option<String>,
    /// Account ID of the new subaccount.
    pub account_id: Option<i64>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub job_title: Option<String>,
    pub telephone: Option<String>,
    /// The API's `type` field (e.g. `standard`).
    #[serde(rename = "type")]
    pub user_type: Option<String>,
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
