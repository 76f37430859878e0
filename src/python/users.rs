//! Users in Python: `add_user`, `add_service_user`, `list_users`, `iter_users`, `get_user`,
//! `current_user`, `update_user`, `delete_user`, `set_user_roles`, `set_user_containers`,
//! `list_service_users`, `iter_service_users`, and their results.

use pyo3::prelude::*;

use super::args::{int, ints, opt_bool, opt_int, opt_ints, opt_text, text};
use super::args::{list_params, page_size};
use super::client::PyClient;
use super::errors::IntoPy;
use super::iterator::PyPageIterator;
use super::results::{py_page, py_record, resource_classes};
use crate::api::{
    AddServiceUserRequest, AddUserRequest, ContainerRef, CreatedUser, ListServiceUsersQuery,
    ListUsersQuery, RoleRef, ServiceUser, UpdateUserRequest, User,
};
use crate::Client;

py_record! {
    /// A user of the account, or the first user of a new subaccount.
    PyUser(User) as "User" {
        /// User ID.
        id,
        /// Sign-in name.
        username,
        /// The account the user belongs to.
        account_id,
        /// First name.
        first_name,
        /// Last name.
        last_name,
        /// Email address.
        email,
        /// Job title.
        job_title,
        /// Telephone number.
        telephone,
        /// The user's status, e.g. "active".
        status,
        /// Last sign-in, "yyyy-MM-dd HH:mm:ss".
        last_login_date,
        /// The container the user belongs to.
        container,
        /// The user's access roles.
        access_roles,
        /// Whether the user can sign in only through SAML SSO.
        is_saml_sso_only,
        /// The API's `type` field, e.g. "standard".
        user_type as "type",
        /// Whether the user is limited to assigned containers.
        has_container_assignments,
    }
    repr(id, username, email)
}

py_record! {
    /// The answer to add_user: the new user's id.
    PyCreatedUser(CreatedUser) as "CreatedUser" {
        /// ID of the new user.
        id,
    }
    repr(id)
}

py_record! {
    /// A new service user and its first API key: shown this one time only, never in
    /// `repr()`, and left out when the result is pickled.
    PyServiceUser(ServiceUser) as "ServiceUser", secret {
        /// ID of the new service user.
        id,
        /// The service user's API key, shown this one time only: store it.
        api_key,
    }
    repr(id)
}

py_page! {
    /// One page of users; iterable, with len().
    PyUserPage(Page<User>) as "UserPage", users
}

resource_classes!(
    PyUser(User) as "User",
    PyCreatedUser(CreatedUser) as "CreatedUser",
    PyServiceUser(ServiceUser) as "ServiceUser",
    PyUserPage(crate::api::Page<User>) as "UserPage",
);

#[pymethods]
impl PyClient {
    /// POST user: adds a user.
    ///
    /// Args:
    ///     username (str): a-z A-Z 0-9 @ - _ + . only.
    ///     first_name, last_name (str): at most 128 characters each.
    ///     email (str): a valid address, at most 255 characters.
    ///     access_roles (list[int]): role ids (1 Administrator, 2 Limited user, 3 Finance
    ///         manager, 4 Manager, 5 Standard user), sent as [{"id": n}].
    ///     job_title, telephone (str | None): at most 64 characters (needed for EV approvers).
    ///     container_id (int | None), container_id_assignments (list[int] | None),
    ///     is_saml_sso_only (bool | None): optional settings.
    ///
    /// Returns:
    ///     CreatedUser: `.id` of the new user, `.raw` the answer.
    ///
    /// Raises:
    ///     ValidationError: a documented rule is broken; nothing was sent.
    ///     ConflictError: the username is taken.
    #[pyo3(signature = (username, *, first_name, last_name, email, access_roles, job_title=None,
                        telephone=None, container_id=None, container_id_assignments=None,
                        is_saml_sso_only=None))]
    #[allow(clippy::too_many_arguments)]
    fn add_user(
        &self,
        py: Python<'_>,
        username: &Bound<'_, PyAny>,
        first_name: &Bound<'_, PyAny>,
        last_name: &Bound<'_, PyAny>,
        email: &Bound<'_, PyAny>,
        access_roles: &Bound<'_, PyAny>,
        job_title: Option<&Bound<'_, PyAny>>,
        telephone: Option<&Bound<'_, PyAny>>,
        container_id: Option<&Bound<'_, PyAny>>,
        container_id_assignments: Option<&Bound<'_, PyAny>>,
        is_saml_sso_only: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyCreatedUser>> {
        let request = AddUserRequest {
            username: text(username, "username")?,
            first_name: text(first_name, "first_name")?,
            last_name: text(last_name, "last_name")?,
            email: text(email, "email")?,
            job_title: opt_text(job_title, "job_title")?,
            telephone: opt_text(telephone, "telephone")?,
            container: opt_int(container_id, "container_id")?.map(|id| ContainerRef { id }),
            access_roles: ints(access_roles, "access_roles")?
                .into_iter()
                .map(RoleRef::new)
                .collect(),
            container_id_assignments: opt_ints(
                container_id_assignments,
                "container_id_assignments",
            )?,
            is_saml_sso_only: opt_bool(is_saml_sso_only, "is_saml_sso_only")?,
        };
        self.call(py, move |c| c.add_user(&request))
    }

    /// POST user with is_api_only: adds a service user (API only) with its first API key.
    ///
    /// Args:
    ///     email (str): a valid address, at most 255 characters.
    ///     api_name (str): the key's name.
    ///     restricted_to_role_id (int | None): 0 (none), 100 orders, 101 orders, domains and
    ///         organizations, 102 view only, 103 user management.
    ///     container_id_assignments (list[int] | None): divisions to assign.
    ///
    /// Returns:
    ///     ServiceUser: `.id` and `.api_key`, shown this one time only.
    ///
    /// Raises:
    ///     ValidationError: a documented rule is broken; nothing was sent.
    ///     DecodeError: created, but the answer could not be read: the key, if it arrived, is
    ///         in `one_time_key`.
    #[pyo3(signature = (email, api_name, *, restricted_to_role_id=None,
                        container_id_assignments=None))]
    fn add_service_user(
        &self,
        py: Python<'_>,
        email: &Bound<'_, PyAny>,
        api_name: &Bound<'_, PyAny>,
        restricted_to_role_id: Option<&Bound<'_, PyAny>>,
        container_id_assignments: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyServiceUser>> {
        let request = AddServiceUserRequest {
            email: text(email, "email")?,
            api_name: text(api_name, "api_name")?,
            restricted_to_role_id: opt_int(restricted_to_role_id, "restricted_to_role_id")?,
            container_id_assignments: opt_ints(
                container_id_assignments,
                "container_id_assignments",
            )?,
            ..AddServiceUserRequest::default()
        };
        self.call(py, move |c| c.add_service_user(&request))
    }

    /// GET user: one page of the account's users.
    ///
    /// Args:
    ///     container_id, access_role_id (int | None): only users of this container / role.
    ///     without_container (bool | None): leave each user's container out.
    ///     filters (Mapping[str, str] | None): filters[name]=value, e.g. {"status": "active"}.
    ///     search (str | None): username, names or email; a leading "%" means "contains".
    ///     sort (str | None), offset (int | None), limit (int | None, at least 1).
    ///
    /// Returns:
    ///     UserPage
    #[pyo3(signature = (*, container_id=None, access_role_id=None, without_container=None,
                        filters=None, search=None, sort=None, offset=None, limit=None))]
    #[allow(clippy::too_many_arguments)]
    fn list_users(
        &self,
        py: Python<'_>,
        container_id: Option<&Bound<'_, PyAny>>,
        access_role_id: Option<&Bound<'_, PyAny>>,
        without_container: Option<&Bound<'_, PyAny>>,
        filters: Option<&Bound<'_, PyAny>>,
        search: Option<&Bound<'_, PyAny>>,
        sort: Option<&Bound<'_, PyAny>>,
        offset: Option<&Bound<'_, PyAny>>,
        limit: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyUserPage>> {
        let query = ListUsersQuery {
            container_id: opt_int(container_id, "container_id")?,
            access_role_id: opt_int(access_role_id, "access_role_id")?,
            without_container: opt_bool(without_container, "without_container")?,
            list: list_params(py, filters, search, sort, offset, limit)?,
        };
        self.call(py, move |c| c.list_users(&query))
    }

    /// Every user matching the parameters (those of list_users), one page of page_size at a
    /// time.
    ///
    /// Returns:
    ///     PageIterator[User]
    #[pyo3(signature = (*, container_id=None, access_role_id=None, without_container=None,
                        filters=None, search=None, sort=None, page_size=None),
           text_signature = "($self, *, container_id=None, access_role_id=None, \
                             without_container=None, filters=None, search=None, sort=None, \
                             page_size=1000)")]
    #[allow(clippy::too_many_arguments)]
    fn iter_users(
        &self,
        py: Python<'_>,
        container_id: Option<&Bound<'_, PyAny>>,
        access_role_id: Option<&Bound<'_, PyAny>>,
        without_container: Option<&Bound<'_, PyAny>>,
        filters: Option<&Bound<'_, PyAny>>,
        search: Option<&Bound<'_, PyAny>>,
        sort: Option<&Bound<'_, PyAny>>,
        page_size: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyPageIterator> {
        let mut query = ListUsersQuery {
            container_id: opt_int(container_id, "container_id")?,
            access_role_id: opt_int(access_role_id, "access_role_id")?,
            without_container: opt_bool(without_container, "without_container")?,
            list: list_params(py, filters, search, sort, None, None)?,
        };
        query.list.limit = self::page_size(py, page_size)?;
        Ok(PyPageIterator::new(
            self.client().py(py)?.users(query).py(py)?,
        ))
    }

    /// GET user/{user_id}: one user's details.
    ///
    /// Raises:
    ///     NotFoundError: no such user.
    fn get_user(&self, py: Python<'_>, user_id: &Bound<'_, PyAny>) -> PyResult<Py<PyUser>> {
        let id = int(user_id, "user_id")?;
        self.call(py, move |c| c.get_user(id))
    }

    /// GET user/me: the user the API key belongs to.
    fn current_user(&self, py: Python<'_>) -> PyResult<Py<PyUser>> {
        self.call(py, Client::current_user)
    }
}

/// The parameters `list_service_users` and `iter_service_users` share.
#[allow(clippy::too_many_arguments)]
fn service_users_query(
    py: Python<'_>,
    container_id: Option<&Bound<'_, PyAny>>,
    access_role_id: Option<&Bound<'_, PyAny>>,
    without_container: Option<&Bound<'_, PyAny>>,
    filters: Option<&Bound<'_, PyAny>>,
    search: Option<&Bound<'_, PyAny>>,
    sort: Option<&Bound<'_, PyAny>>,
    offset: Option<&Bound<'_, PyAny>>,
    limit: Option<&Bound<'_, PyAny>>,
) -> PyResult<ListServiceUsersQuery> {
    Ok(ListServiceUsersQuery {
        container_id: opt_int(container_id, "container_id")?,
        access_role_id: opt_int(access_role_id, "access_role_id")?,
        without_container: opt_bool(without_container, "without_container")?,
        list: list_params(py, filters, search, sort, offset, limit)?,
    })
}

#[pymethods]
impl PyClient {
    /// PUT user/{user_id}: changes the fields named and keeps every other one.
    ///
    /// The server erases what the request leaves out (job_title, telephone), so the user is
    /// read first (GET user/{user_id}) and sent whole: its fields overlaid with the ones
    /// given. An edit made by someone else between the read and the write is overwritten.
    ///
    /// Args:
    ///     user_id (int): the user, above 0.
    ///     username (str | None): a-z A-Z 0-9 @ - _ + . only.
    ///     first_name, last_name (str | None): not blank, at most 128 characters each.
    ///     email (str | None): a valid address, at most 255 characters.
    ///     job_title, telephone (str | None): at most 64 characters.
    ///     is_saml_sso_only (bool | None): sign-in only through SAML SSO.
    ///     None leaves a field as it is; at least one must be given.
    ///
    /// Raises:
    ///     ValidationError: a documented rule is broken; nothing was sent.
    ///     NotFoundError: no such user.
    #[pyo3(signature = (user_id, *, username=None, first_name=None, last_name=None, email=None,
                        job_title=None, telephone=None, is_saml_sso_only=None))]
    #[allow(clippy::too_many_arguments)]
    fn update_user(
        &self,
        py: Python<'_>,
        user_id: &Bound<'_, PyAny>,
        username: Option<&Bound<'_, PyAny>>,
        first_name: Option<&Bound<'_, PyAny>>,
        last_name: Option<&Bound<'_, PyAny>>,
        email: Option<&Bound<'_, PyAny>>,
        job_title: Option<&Bound<'_, PyAny>>,
        telephone: Option<&Bound<'_, PyAny>>,
        is_saml_sso_only: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let id = int(user_id, "user_id")?;
        let changes = UpdateUserRequest {
            username: opt_text(username, "username")?,
            first_name: opt_text(first_name, "first_name")?,
            last_name: opt_text(last_name, "last_name")?,
            email: opt_text(email, "email")?,
            job_title: opt_text(job_title, "job_title")?,
            telephone: opt_text(telephone, "telephone")?,
            is_saml_sso_only: opt_bool(is_saml_sso_only, "is_saml_sso_only")?,
        };
        self.call_unit(py, move |c| c.update_user(id, &changes))
    }

    /// DELETE user/{user_id}: deletes a user, permanently (not the API key's own user).
    ///
    /// Retried as a read is; a 404 to a retry after an attempt that may have been carried out
    /// is success (a 404 to the first attempt is NotFoundError).
    ///
    /// Raises:
    ///     ValidationError: user_id is not above 0; nothing was sent.
    ///     NotFoundError: no such user.
    fn delete_user(&self, py: Python<'_>, user_id: &Bound<'_, PyAny>) -> PyResult<()> {
        let id = int(user_id, "user_id")?;
        self.call_unit(py, move |c| c.delete_user(id))
    }

    /// PUT user/{user_id}/role: sets the user's access roles to exactly these (the whole set
    /// is replaced).
    ///
    /// Args:
    ///     user_id (int): the user, above 0.
    ///     access_roles (list[int]): at least one role id (1 Administrator, 2 Limited user,
    ///         3 Finance manager, 4 Manager, 5 Standard user; see list_access_roles).
    ///
    /// Raises:
    ///     ValidationError: a documented rule is broken; nothing was sent.
    ///     NotFoundError: no such user.
    fn set_user_roles(
        &self,
        py: Python<'_>,
        user_id: &Bound<'_, PyAny>,
        access_roles: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let id = int(user_id, "user_id")?;
        let roles = ints(access_roles, "access_roles")?;
        self.call_unit(py, move |c| c.set_user_roles(id, &roles))
    }

    /// PUT user/{user_id}/container-assignments: restricts the user to exactly these
    /// divisions (the whole list is replaced; an empty list removes every assignment, which
    /// leaves the user unrestricted).
    ///
    /// Args:
    ///     user_id (int): the user, above 0.
    ///     container_ids (list[int]): container ids, each above 0.
    ///
    /// Raises:
    ///     ValidationError: a documented rule is broken; nothing was sent.
    ///     NotFoundError: no such user.
    fn set_user_containers(
        &self,
        py: Python<'_>,
        user_id: &Bound<'_, PyAny>,
        container_ids: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let id = int(user_id, "user_id")?;
        let containers = ints(container_ids, "container_ids")?;
        self.call_unit(py, move |c| c.set_user_containers(id, &containers))
    }

    /// GET user/api-only: one page of the account's service users (API-only users). Where
    /// the server has no such route, GET service-user (another version of the docs) is asked,
    /// and remembered.
    ///
    /// Args:
    ///     container_id, access_role_id (int | None), without_container (bool | None),
    ///     filters, search, sort, offset, limit: as for list_users.
    ///
    /// Returns:
    ///     UserPage
    #[pyo3(signature = (*, container_id=None, access_role_id=None, without_container=None,
                        filters=None, search=None, sort=None, offset=None, limit=None))]
    #[allow(clippy::too_many_arguments)]
    fn list_service_users(
        &self,
        py: Python<'_>,
        container_id: Option<&Bound<'_, PyAny>>,
        access_role_id: Option<&Bound<'_, PyAny>>,
        without_container: Option<&Bound<'_, PyAny>>,
        filters: Option<&Bound<'_, PyAny>>,
        search: Option<&Bound<'_, PyAny>>,
        sort: Option<&Bound<'_, PyAny>>,
        offset: Option<&Bound<'_, PyAny>>,
        limit: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyUserPage>> {
        let query = service_users_query(
            py,
            container_id,
            access_role_id,
            without_container,
            filters,
            search,
            sort,
            offset,
            limit,
        )?;
        self.call(py, move |c| c.list_service_users(&query))
    }

    /// Every service user matching the parameters (those of list_service_users), one page of
    /// page_size at a time.
    ///
    /// Returns:
    ///     PageIterator[User]
    #[pyo3(signature = (*, container_id=None, access_role_id=None, without_container=None,
                        filters=None, search=None, sort=None, page_size=None),
           text_signature = "($self, *, container_id=None, access_role_id=None, \
                             without_container=None, filters=None, search=None, sort=None, \
                             page_size=1000)")]
    #[allow(clippy::too_many_arguments)]
    fn iter_service_users(
        &self,
        py: Python<'_>,
        container_id: Option<&Bound<'_, PyAny>>,
        access_role_id: Option<&Bound<'_, PyAny>>,
        without_container: Option<&Bound<'_, PyAny>>,
        filters: Option<&Bound<'_, PyAny>>,
        search: Option<&Bound<'_, PyAny>>,
        sort: Option<&Bound<'_, PyAny>>,
        page_size: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyPageIterator> {
        let mut query = service_users_query(
            py,
            container_id,
            access_role_id,
            without_container,
            filters,
            search,
            sort,
            None,
            None,
        )?;
        query.list.limit = self::page_size(py, page_size)?;
        Ok(PyPageIterator::new(
            self.client().py(py)?.service_users(query).py(py)?,
        ))
    }
}
