//! API keys in Python: `create_api_key`, `list_api_keys`, `iter_api_keys`, `get_api_key`,
//! `update_api_key`, `revoke_api_key`, `activate_api_key`, `list_api_key_roles`, and the
//! `ApiKey`, `ApiKeyDetails`, `ApiKeyOwner` and `ApiKeyPage` results.

use pyo3::prelude::*;

use super::args::{int, list_params, opt_int, opt_text, page_size, text};
use super::client::PyClient;
use super::errors::IntoPy;
use super::iterator::PyPageIterator;
use super::results::{py_page, py_record, resource_classes};
use pyo3::types::PyList;

use crate::api::{
    ApiKey, ApiKeyDetails, ApiKeyOwner, CreateApiKeyRequest, ListApiKeysQuery, UpdateApiKeyRequest,
};
use crate::Client;

py_record! {
    /// A new API key: shown this one time only, never in `repr()`, and left out when the
    /// result is pickled.
    PyApiKey(ApiKey) as "ApiKey", secret {
        /// ID of the key (not of its user).
        id,
        /// The API key, shown this one time only: store it.
        api_key,
    }
    repr(id)
}

py_record! {
    /// The user an API key belongs to.
    PyApiKeyOwner(ApiKeyOwner) as "ApiKeyOwner" {
        /// User ID.
        id,
        /// First name.
        first_name,
        /// Last name.
        last_name,
    }
    repr(id)
}

py_record! {
    /// An API key as list_api_keys and get_api_key show it: never the key itself.
    PyApiKeyDetails(ApiKeyDetails) as "ApiKeyDetails" {
        /// ID of the key (not of its user).
        id,
        /// The user the key belongs to.
        user,
        /// "active" or "revoked" (any other value is kept).
        status,
        /// When the key was made (ISO 8601).
        create_date,
        /// When the key was last used (ISO 8601); None for a key never used.
        last_used_date,
        /// The key's name.
        name,
        /// Whether it is a legacy key.
        is_legacy,
        /// The API key role it is limited to (0: none).
        restricted_to_role_id,
    }
    repr(id, name, status)
}

py_page! {
    /// One page of API keys; iterable, with len().
    PyApiKeyPage(Page<ApiKeyDetails>) as "ApiKeyPage", api_keys
}

resource_classes!(
    PyApiKey(ApiKey) as "ApiKey",
    PyApiKeyOwner(ApiKeyOwner) as "ApiKeyOwner",
    PyApiKeyDetails(ApiKeyDetails) as "ApiKeyDetails",
    PyApiKeyPage(crate::api::Page<ApiKeyDetails>) as "ApiKeyPage",
);

#[pymethods]
impl PyClient {
    /// POST key/user/{user_id}: creates another API key for a user.
    ///
    /// Args:
    ///     user_id (int): the user (e.g. a service user), above 0.
    ///     name (str): the key's name.
    ///     restricted_to_role_id (int | None): as for add_service_user.
    ///
    /// Returns:
    ///     ApiKey: `.id` (the key's) and `.api_key`, shown this one time only.
    ///
    /// Raises:
    ///     ValidationError: a documented rule is broken; nothing was sent.
    ///     NotFoundError: no such user.
    #[pyo3(signature = (user_id, name, *, restricted_to_role_id=None))]
    fn create_api_key(
        &self,
        py: Python<'_>,
        user_id: &Bound<'_, PyAny>,
        name: &Bound<'_, PyAny>,
        restricted_to_role_id: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyApiKey>> {
        let user_id = int(user_id, "user_id")?;
        let request = CreateApiKeyRequest {
            name: text(name, "name")?,
            restricted_to_role_id: opt_int(restricted_to_role_id, "restricted_to_role_id")?,
        };
        self.call(py, move |c| c.create_api_key(user_id, &request))
    }

    /// GET key/api-roles: the roles an API key can be restricted to.
    ///
    /// Returns:
    ///     list[Role]
    fn list_api_key_roles<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.call_list(py, Client::list_api_key_roles)
    }
}

#[pymethods]
impl PyClient {
    /// GET key: one page of the account's API keys (never the keys themselves).
    ///
    /// Args:
    ///     user_id (int | None): only this user's keys (above 0).
    ///     filters (Mapping[str, str] | None), search (str | None), sort (str | None),
    ///     offset (int | None), limit (int | None, at least 1): as for every list.
    ///
    /// Returns:
    ///     ApiKeyPage
    #[pyo3(signature = (*, user_id=None, filters=None, search=None, sort=None, offset=None,
                        limit=None))]
    #[allow(clippy::too_many_arguments)]
    fn list_api_keys(
        &self,
        py: Python<'_>,
        user_id: Option<&Bound<'_, PyAny>>,
        filters: Option<&Bound<'_, PyAny>>,
        search: Option<&Bound<'_, PyAny>>,
        sort: Option<&Bound<'_, PyAny>>,
        offset: Option<&Bound<'_, PyAny>>,
        limit: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyApiKeyPage>> {
        let query = ListApiKeysQuery {
            user_id: opt_int(user_id, "user_id")?,
            list: list_params(py, filters, search, sort, offset, limit)?,
        };
        self.call(py, move |c| c.list_api_keys(&query))
    }

    /// Every API key matching the parameters (those of list_api_keys), one page of page_size
    /// at a time.
    ///
    /// Returns:
    ///     PageIterator[ApiKeyDetails]
    #[pyo3(signature = (*, user_id=None, filters=None, search=None, sort=None, page_size=None),
           text_signature = "($self, *, user_id=None, filters=None, search=None, sort=None, \
                             page_size=1000)")]
    fn iter_api_keys(
        &self,
        py: Python<'_>,
        user_id: Option<&Bound<'_, PyAny>>,
        filters: Option<&Bound<'_, PyAny>>,
        search: Option<&Bound<'_, PyAny>>,
        sort: Option<&Bound<'_, PyAny>>,
        page_size: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyPageIterator> {
        let mut query = ListApiKeysQuery {
            user_id: opt_int(user_id, "user_id")?,
            list: list_params(py, filters, search, sort, None, None)?,
        };
        query.list.limit = self::page_size(py, page_size)?;
        Ok(PyPageIterator::new(
            self.client().py(py)?.api_keys(query).py(py)?,
        ))
    }

    /// GET key/{key_id}: one API key's details (never the key itself).
    ///
    /// Raises:
    ///     NotFoundError: no such key.
    fn get_api_key(
        &self,
        py: Python<'_>,
        key_id: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyApiKeyDetails>> {
        let id = int(key_id, "key_id")?;
        self.call(py, move |c| c.get_api_key(id))
    }

    /// PUT key/{key_id}: renames an API key or changes its restriction, and keeps what is not
    /// named (the API needs the name every time: when it is not given, the key is read first
    /// and its name sent as it is).
    ///
    /// Args:
    ///     key_id (int): the key, above 0.
    ///     name (str | None): the new name, not blank.
    ///     restricted_to_role_id (int | None): 0 (none), 100, 101, 102 or 103.
    ///     None leaves a setting as it is; at least one must be given.
    ///
    /// Raises:
    ///     ValidationError: a documented rule is broken; nothing was sent.
    ///     NotFoundError: no such key.
    #[pyo3(signature = (key_id, *, name=None, restricted_to_role_id=None))]
    fn update_api_key(
        &self,
        py: Python<'_>,
        key_id: &Bound<'_, PyAny>,
        name: Option<&Bound<'_, PyAny>>,
        restricted_to_role_id: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let id = int(key_id, "key_id")?;
        let changes = UpdateApiKeyRequest {
            name: opt_text(name, "name")?,
            restricted_to_role_id: opt_int(restricted_to_role_id, "restricted_to_role_id")?,
        };
        self.call_unit(py, move |c| c.update_api_key(id, &changes))
    }

    /// PUT key/{key_id}/status with "revoked": the key stops authenticating (a request made
    /// with it raises AuthenticationError) until activate_api_key.
    ///
    /// Raises:
    ///     ValidationError: key_id is not above 0; nothing was sent.
    ///     NotFoundError: no such key.
    fn revoke_api_key(&self, py: Python<'_>, key_id: &Bound<'_, PyAny>) -> PyResult<()> {
        let id = int(key_id, "key_id")?;
        self.call_unit(py, move |c| c.revoke_api_key(id))
    }

    /// PUT key/{key_id}/status with "active": a revoked key works again.
    ///
    /// Raises:
    ///     ValidationError: key_id is not above 0; nothing was sent.
    ///     NotFoundError: no such key.
    fn activate_api_key(&self, py: Python<'_>, key_id: &Bound<'_, PyAny>) -> PyResult<()> {
        let id = int(key_id, "key_id")?;
        self.call_unit(py, move |c| c.activate_api_key(id))
    }
}
