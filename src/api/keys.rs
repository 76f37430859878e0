//! API keys: `POST key/user/{user_id}`.

use serde::{Deserialize, Serialize};

use std::sync::Arc;

use ureq::http::Method;

use super::containers::Role;
use crate::client::{path_id, Client, Policy};
use crate::decode::lenient;
use crate::decode::raw::decode_flat;
use crate::decode::{Page, RawBody, RawJson, Response};
use crate::error::Result;
use crate::secret::Secret;
use crate::validate::{broken, required, Checked, Rule, Rules, API_KEY_ROLES};

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

impl Client {
    /// `POST key/user/{user_id}`: creates another API key for a user (e.g. a service user).
    /// The key is shown this one time only; if the answer cannot be read, it is still in the
    /// error ([`crate::Error::one_time_key`]).
    pub fn create_api_key(&self, user_id: i64, request: &CreateApiKeyRequest) -> Result<ApiKey> {
        let path = format!("key/user/{}", path_id("user_id", user_id)?);
        self.write(Method::POST, &path, request, Policy::CREATE_ONE_TIME_KEY)
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
