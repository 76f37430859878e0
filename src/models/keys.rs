//! API keys: `POST key/user/{user_id}`.

use serde::{Deserialize, Serialize};

use std::sync::Arc;

use super::lenient;
use super::raw::{decode_flat, RawBody, Response};
use super::RawJson;
use crate::secret::Secret;

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
