//! API keys in Python: `create_api_key`, `list_api_key_roles`, and the `ApiKey` result.

use pyo3::prelude::*;

use super::args::{int, opt_int, text};
use super::client::PyClient;
use super::results::{py_record, resource_classes};
use pyo3::types::PyList;

use crate::api::{ApiKey, CreateApiKeyRequest};
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

resource_classes!(
    PyApiKey(ApiKey) as "ApiKey",
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
