//! Containers (divisions) in Python: `list_containers`, `get_container`,
//! `list_access_roles`, and the `Container`, `OrganizationAssignment` and `Role` results.

use pyo3::prelude::*;

use super::args::int;
use super::client::PyClient;
use super::results::{py_record, resource_classes};
use pyo3::types::PyList;

use crate::api::{Container, OrganizationAssignment, Role};
use crate::Client;

py_record! {
    /// A container (division). Nested in other results it carries only some fields.
    PyContainer(Container) as "Container" {
        /// Container ID.
        id,
        /// Public identifier.
        public_id,
        /// The container's name.
        name,
        /// Description.
        description,
        /// The parent container; 0 for the top-level one.
        parent_id,
        /// The container template.
        template_id,
        /// Custom-branding key.
        ekey,
        /// Whether the container has its own logo.
        has_logo,
        /// Whether the container is active.
        is_active,
        /// Domains the container may order for.
        allowed_domain_names,
        /// Users assigned to the container.
        user_id_assignments,
        /// Organizations assigned to the container.
        organization_assignments,
    }
    repr(id, name, parent_id)
}

py_record! {
    /// An organization assigned to a container.
    PyOrganizationAssignment(OrganizationAssignment) as "OrganizationAssignment" {
        /// Organization ID.
        id,
        /// active or inactive.
        status,
        /// Legal name.
        name,
        /// Name and assumed name combined.
        display_name,
        /// Whether it is active.
        is_active,
    }
    repr(id, name)
}

py_record! {
    /// A role: an access role (1 Administrator ... 5 Standard user) or an API key role.
    PyRole(Role) as "Role" {
        /// Role ID.
        id,
        /// The role's name.
        name,
    }
    repr(id, name)
}

resource_classes!(
    PyContainer(Container) as "Container",
    PyOrganizationAssignment(OrganizationAssignment) as "OrganizationAssignment",
    PyRole(Role) as "Role",
);

#[pymethods]
impl PyClient {
    /// GET container: the account's containers (divisions).
    ///
    /// Returns:
    ///     list[Container]
    fn list_containers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.call_list(py, Client::list_containers)
    }

    /// GET container/{container_id}: one container's details.
    ///
    /// Raises:
    ///     NotFoundError: no such container.
    fn get_container(
        &self,
        py: Python<'_>,
        container_id: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyContainer>> {
        let id = int(container_id, "container_id")?;
        self.call(py, move |c| c.get_container(id))
    }

    /// GET container/{container_id}/role: the access roles a container's users can have (the
    /// ids add_user takes).
    ///
    /// Returns:
    ///     list[Role]
    fn list_access_roles<'py>(
        &self,
        py: Python<'py>,
        container_id: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let id = int(container_id, "container_id")?;
        self.call_list(py, move |c| c.list_access_roles(id))
    }
}
