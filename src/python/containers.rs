//! Containers (divisions) in Python: `list_containers`, `get_container`,
//! `list_access_roles`, `create_container`, `list_child_containers`, `set_container_users`,
//! and the `Container`, `CreatedContainer`, `OrganizationAssignment` and `Role` results.

use pyo3::prelude::*;

use super::args::{int, ints, opt_text, text};
use super::client::PyClient;
use super::results::{py_record, resource_classes};
use pyo3::types::PyList;

use crate::api::{
    Container, CreateContainerRequest, CreatedContainer, OrganizationAssignment, Role,
};
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

py_record! {
    /// The answer to create_container: the new container's id.
    PyCreatedContainer(CreatedContainer) as "CreatedContainer" {
        /// ID of the new container.
        id,
    }
    repr(id)
}

resource_classes!(
    PyContainer(Container) as "Container",
    PyCreatedContainer(CreatedContainer) as "CreatedContainer",
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

#[pymethods]
impl PyClient {
    /// POST container/{parent_id}/children: creates a division under a parent container.
    /// Never sent again once it may have reached the server.
    ///
    /// Args:
    ///     parent_id (int): the parent container, above 0.
    ///     name (str): the new container's name, not blank.
    ///     template_id (int): the container template, above 0.
    ///     description (str | None): optional.
    ///
    /// Returns:
    ///     CreatedContainer: `.id` of the new container.
    ///
    /// Raises:
    ///     ValidationError: a documented rule is broken; nothing was sent.
    ///     NotFoundError: no such parent container.
    #[pyo3(signature = (parent_id, name, *, template_id, description=None))]
    fn create_container(
        &self,
        py: Python<'_>,
        parent_id: &Bound<'_, PyAny>,
        name: &Bound<'_, PyAny>,
        template_id: &Bound<'_, PyAny>,
        description: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyCreatedContainer>> {
        let parent = int(parent_id, "parent_id")?;
        let request = CreateContainerRequest {
            name: text(name, "name")?,
            description: opt_text(description, "description")?,
            template_id: int(template_id, "template_id")?,
        };
        self.call(py, move |c| c.create_container(parent, &request))
    }

    /// GET container/{container_id}/children: the container's immediate children.
    ///
    /// Returns:
    ///     list[Container]
    ///
    /// Raises:
    ///     NotFoundError: no such container.
    fn list_child_containers<'py>(
        &self,
        py: Python<'py>,
        container_id: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let id = int(container_id, "container_id")?;
        self.call_list(py, move |c| c.list_child_containers(id))
    }

    /// PUT container/{container_id}/user-assignments: sets the container's users to exactly
    /// these (the whole list is replaced; an empty list clears it).
    ///
    /// Args:
    ///     container_id (int): the container, above 0.
    ///     user_ids (list[int]): user ids, each above 0.
    ///
    /// Raises:
    ///     ValidationError: a documented rule is broken; nothing was sent.
    ///     NotFoundError: no such container.
    fn set_container_users(
        &self,
        py: Python<'_>,
        container_id: &Bound<'_, PyAny>,
        user_ids: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let id = int(container_id, "container_id")?;
        let users = ints(user_ids, "user_ids")?;
        self.call_unit(py, move |c| c.set_container_users(id, &users))
    }
}
