//! API keys: `POST key/user/{user_id}`, `GET key`, `GET key/{key_id}`, `PUT key/{key_id}`,
//! `PUT key/{key_id}/status`, `GET key/api-roles`.

use serde::{Deserialize, Serialize};

use std::sync::Arc;

use ureq::http::Method;

use super::containers::Role;
use super::list::ListParams;
use super::pages::{list_query, Pages};
use crate::client::{path_id, Client, Policy};
use crate::decode::lenient;
use crate::decode::raw::{decode_flat, record};
use crate::decode::{Listed, Page, RawBody, RawJson, Response};
use crate::error::Result;
use crate::secret::Secret;
use crate::validate::{
    broken, required, validate, Checked, Rule, Rules, API_KEY_ROLES, API_KEY_STATUSES,
};

/// Body of `POST key/user/{user_id}`: another API key for an existing user.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateApiKeyRequest {
    /// The key's name.
    #[serde(default)]
    pub name: String,
    /// Limits the key to one API key role: 0 (none: the user's own role), 100 (orders),
    /// 101 (orders, domains, organizations), 102 (view only) or 103 (user management).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restricted_to_role_id: Option<i64>,
}

impl CreateApiKeyRequest {
    /// A key named `name`, unrestricted.
    pub fn new(name: impl Into<String>) -> CreateApiKeyRequest {
        CreateApiKeyRequest {
            name: name.into(),
            restricted_to_role_id: None,
        }
    }
}

/// The answer to `POST key/user/{user_id}`: the key's id and the key itself, which the server
/// shows this one time only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiKey {
    /// ID of the key (not of its user).
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    /// The API key: returned once, never retrievable again.
    #[serde(default, deserialize_with = "lenient::opt_secret")]
    pub api_key: Option<Secret>,
    /// The answer exactly as the server sent it (including `api_key`).
    #[serde(skip)]
    pub raw: RawJson,
}

impl Response for ApiKey {
    fn decode_body(body: &Arc<RawBody>) -> Result<ApiKey, serde_json::Error> {
        decode_flat(body, |created: &mut ApiKey, raw| created.raw = raw)
    }
}

/// An API key as `GET key` and `GET key/{key_id}` show it (never the key itself).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiKeyDetails {
    /// ID of the key.
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    /// The user the key belongs to.
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub user: Option<ApiKeyOwner>,
    /// `active` or `revoked` (any other value is kept).
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub status: Option<String>,
    /// When the key was made (ISO 8601).
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub create_date: Option<String>,
    /// When the key was last used (ISO 8601); absent for a key never used.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub last_used_date: Option<String>,
    /// The key's name.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
    /// Whether it is a legacy key.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_legacy: Option<bool>,
    /// The API key role it is limited to (0: none).
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub restricted_to_role_id: Option<i64>,
    /// The key as the server sent it, unknown fields (e.g. an ACME key's) included.
    #[serde(skip)]
    pub raw: RawJson,
}

/// `user` in [`ApiKeyDetails`]: the key's owner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiKeyOwner {
    /// User ID.
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    /// First name.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub last_name: Option<String>,
    /// The owner as the server sent it.
    #[serde(skip)]
    pub raw: RawJson,
}

record!(ApiKeyDetails, ApiKeyOwner);

impl Listed for ApiKeyDetails {
    const ARRAY: &'static [&'static str] = &["api_keys"];
    fn record_id(&self) -> i64 {
        self.id
    }
}

/// One page of API keys (`GET key`).
pub type ApiKeyPage = Page<ApiKeyDetails>;

/// Parameters of `GET key`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListApiKeysQuery {
    /// Only the keys of this user.
    pub user_id: Option<i64>,
    /// Filters, search, sort and pagination (the page lists none of its own: sent as every
    /// list sends them).
    pub list: ListParams,
}

impl ListApiKeysQuery {
    /// The percent-encoded query string.
    pub fn to_query_string(&self) -> String {
        let extra: Vec<_> = self
            .user_id
            .map(|id| ("user_id", id.to_string()))
            .into_iter()
            .collect();
        self.list.encode(&extra)
    }
}

/// The changes `update_api_key` makes (`PUT key/{key_id}`). The API needs the name in every
/// request: when it is not given, the key's current name is read and sent (and so is its
/// current restriction, when that is not given).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateApiKeyRequest {
    /// The key's new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The API key role to limit the key to: 0 (none), 100, 101, 102 or 103.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restricted_to_role_id: Option<i64>,
}

/// Body of `PUT key/{key_id}/status`.
#[derive(Debug, Serialize)]
struct KeyStatusBody {
    status: &'static str,
}

pub(crate) fn api_key_role(field: &str, role: Option<i64>) -> Checked {
    match role {
        Some(got) if !API_KEY_ROLES.contains(&got) => broken(
            field,
            Rule::OneOf {
                allowed: &API_KEY_ROLES,
                got,
            },
        ),
        _ => Ok(()),
    }
}

impl Rules for CreateApiKeyRequest {
    fn check(&self) -> Checked {
        required("name", &self.name)?;
        api_key_role("restricted_to_role_id", self.restricted_to_role_id)
    }
}

impl Rules for UpdateApiKeyRequest {
    fn check(&self) -> Checked {
        if self.name.is_none() && self.restricted_to_role_id.is_none() {
            let rule = Rule::SomethingToChange {
                fields: &["name", "restricted_to_role_id"],
            };
            return broken("request", rule);
        }
        if let Some(name) = &self.name {
            required("name", name)?;
        }
        api_key_role("restricted_to_role_id", self.restricted_to_role_id)
    }
}

impl Rules for KeyStatusBody {
    fn check(&self) -> Checked {
        if !API_KEY_STATUSES.contains(&self.status) {
            let rule = Rule::OneOfWords {
                allowed: &API_KEY_STATUSES,
                got: self.status.to_owned(),
            };
            return broken("status", rule);
        }
        Ok(())
    }
}

impl Rules for ListApiKeysQuery {
    fn check(&self) -> Checked {
        if let Some(id) = self.user_id {
            crate::validate::positive_id("user_id", id)?;
        }
        self.list.check()
    }
}

list_query!(ListApiKeysQuery => ApiKeyDetails, list_api_keys);

impl Client {
    /// `POST key/user/{user_id}`: creates another API key for a user (e.g. a service user).
    /// The key is shown this one time only; if the answer cannot be read, it is still in the
    /// error ([`crate::Error::one_time_key`]).
    pub fn create_api_key(&self, user_id: i64, request: &CreateApiKeyRequest) -> Result<ApiKey> {
        let path = format!("key/user/{}", path_id("user_id", user_id)?);
        self.write(Method::POST, &path, request, Policy::CREATE_ONE_TIME_KEY)
    }

    /// `GET key`: one page of the account's API keys (never the keys themselves);
    /// `query.user_id` limits it to one user's.
    pub fn list_api_keys(&self, query: &ListApiKeysQuery) -> Result<ApiKeyPage> {
        validate(query)?;
        self.read("key", &query.to_query_string())
    }

    /// Every API key matching `query`, page by page.
    pub fn api_keys(&self, query: ListApiKeysQuery) -> Result<Pages<ListApiKeysQuery>> {
        validate(&query)?;
        Ok(Pages::new(self.clone(), query))
    }

    /// `GET key/{key_id}`: one API key's details (never the key itself).
    pub fn get_api_key(&self, key_id: i64) -> Result<ApiKeyDetails> {
        self.read(&format!("key/{}", path_id("key_id", key_id)?), "")
    }

    /// `PUT key/{key_id}`: renames a key or changes its restriction. The API needs `name` in
    /// every request: a field not given is read from the key first (`GET key/{key_id}`) and
    /// sent as it is, so nothing the caller did not name changes. Retried as a read is.
    pub fn update_api_key(&self, key_id: i64, changes: &UpdateApiKeyRequest) -> Result<()> {
        let id = path_id("key_id", key_id)?;
        validate(changes)?;
        let mut body = changes.clone();
        if body.name.is_none() || body.restricted_to_role_id.is_none() {
            let current = self.get_api_key(id)?;
            body.name = body.name.or(current.name);
            body.restricted_to_role_id =
                body.restricted_to_role_id.or(current.restricted_to_role_id);
        }
        self.write_ignoring_answer(Method::PUT, &format!("key/{id}"), &body, Policy::UPDATE)
    }

    /// `PUT key/{key_id}/status` with `revoked`: the key stops authenticating (a request with
    /// it gets `AUTHENTICATION`). Retried as a read is.
    pub fn revoke_api_key(&self, key_id: i64) -> Result<()> {
        self.set_api_key_status(key_id, "revoked")
    }

    /// `PUT key/{key_id}/status` with `active`: a revoked key works again.
    pub fn activate_api_key(&self, key_id: i64) -> Result<()> {
        self.set_api_key_status(key_id, "active")
    }

    fn set_api_key_status(&self, key_id: i64, status: &'static str) -> Result<()> {
        let path = format!("key/{}/status", path_id("key_id", key_id)?);
        self.write_ignoring_answer(
            Method::PUT,
            &path,
            &KeyStatusBody { status },
            Policy::UPDATE,
        )
    }

    /// `GET key/api-roles`: the roles an API key can be restricted to
    /// (`restricted_to_role_id`).
    pub fn list_api_key_roles(&self) -> Result<Vec<Role>> {
        Ok(self.api_key_role_list()?.items)
    }

    /// [`Client::list_api_key_roles`] with the whole answer's `raw`.
    #[cfg_attr(not(feature = "capi"), allow(dead_code))]
    pub(crate) fn api_key_role_list(&self) -> Result<Page<Role>> {
        self.read("key/api-roles", "")
    }
}
