//! Typed result objects. Each wraps a core record: attributes carry the API's field names and
//! convert on access, `.raw` is the server's JSON (parsed once, on first use), `.to_dict()` the
//! typed fields as plain data. `repr()` never shows a key. Every class is made by one of two
//! macros (records, pages), so a new endpoint adds a line, not a class by hand.
//!
//! Results pickle (and `copy.deepcopy`) through their `raw` JSON, decoded again by the core on
//! the way back. A one-time `api_key` is left out of what is pickled: an unpickled result has
//! `api_key` None (`to_dict()` still holds the key, for callers who want to store it).

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyList, PyTuple};

use super::convert::{json_loads, to_python};
use crate::models::{
    decode, ApiKey, Contact, Container, CreatedOrganization, CreatedUser, Invite, MasterUser,
    Organization, OrganizationAssignment, Page, RawJson, Response, Role, ServiceUser, Subaccount,
    SubaccountDetails, SubaccountSummary, User, Validation,
};
use crate::secret::Secret;

/// `.raw`, parsed on first access and kept.
fn cached_raw(py: Python<'_>, cache: &PyOnceLock<Py<PyAny>>, raw: &RawJson) -> PyResult<Py<PyAny>> {
    cache
        .get_or_try_init(py, || json_loads(py, raw.as_str()))
        .map(|v| v.clone_ref(py))
}

/// A core value as the Python value an attribute returns.
pub(crate) trait ToPy {
    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>>;
}

macro_rules! plain_to_py {
    ($($t:ty),*) => {$(
        impl ToPy for $t {
            fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                Ok(self.into_pyobject(py)?.into_any().unbind())
            }
        }
    )*};
}
plain_to_py!(
    i64,
    Option<i64>,
    Option<String>,
    Option<bool>,
    Vec<i64>,
    Vec<String>
);

impl ToPy for Option<Secret> {
    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.as_ref().map(|k| k.expose().to_owned()).to_py(py)
    }
}

/// A core result with its Python class.
pub(crate) trait Wrapped: Clone {
    type Class: pyo3::PyClass + Into<PyClassInitializer<Self::Class>>;
    fn wrap(self, py: Python<'_>) -> PyResult<Self::Class>;
}

impl<T: Wrapped> ToPy for Option<T> {
    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self {
            Some(record) => Ok(Py::new(py, record.clone().wrap(py)?)?.into_any()),
            None => Ok(py.None()),
        }
    }
}

impl<T: Wrapped> ToPy for Vec<T> {
    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let items = self
            .iter()
            .map(|record| Py::new(py, record.clone().wrap(py)?))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(PyList::new(py, items)?.into_any().unbind())
    }
}

/// A value as `repr` shows it.
fn shown(py: Python<'_>, value: &Py<PyAny>) -> PyResult<String> {
    Ok(value.bind(py).repr()?.to_string())
}

/// `raw` without a top-level `api_key`, for pickling.
fn without_key(raw: &RawJson) -> String {
    match raw.to_value() {
        serde_json::Value::Object(mut map) => {
            map.remove("api_key");
            serde_json::Value::Object(map).to_string()
        }
        other => other.to_string(),
    }
}

/// Rebuilds a pickled result: `kind` names its class, `raw` is its JSON.
#[pyfunction]
pub(crate) fn _restore(py: Python<'_>, kind: &str, raw: &str) -> PyResult<Py<PyAny>> {
    fn make<T: Response + Wrapped>(py: Python<'_>, raw: &str) -> PyResult<Py<PyAny>> {
        let record: T = decode(raw.as_bytes())
            .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
        Ok(Py::new(py, record.wrap(py)?)?.into_any())
    }
    fn page<T: crate::models::Listed>(_: Python<'_>, raw: &str) -> PyResult<Page<T>> {
        decode(raw.as_bytes()).map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))
    }
    macro_rules! kinds {
        ($($name:literal => $record:ty),* ; $($page:literal => $class:ident($item:ty)),*) => {
            match kind {
                $($name => make::<$record>(py, raw),)*
                $($page => Ok(Py::new(py, $class::new(py, page::<$item>(py, raw)?)?)?.into_any()),)*
                other => Err(pyo3::exceptions::PyValueError::new_err(format!(
                    "not a certcentral result: {other:?}"
                ))),
            }
        };
    }
    kinds!(
        "Invite" => Invite, "User" => User, "Organization" => Organization,
        "Container" => Container, "Role" => Role, "Contact" => Contact,
        "Validation" => Validation, "OrganizationAssignment" => OrganizationAssignment,
        "Subaccount" => Subaccount, "SubaccountSummary" => SubaccountSummary,
        "SubaccountDetails" => SubaccountDetails, "MasterUser" => MasterUser,
        "CreatedUser" => CreatedUser, "CreatedOrganization" => CreatedOrganization,
        "ServiceUser" => ServiceUser, "ApiKey" => ApiKey;
        "InvitePage" => PyInvitePage(Invite), "UserPage" => PyUserPage(User),
        "OrganizationPage" => PyOrganizationPage(Organization),
        "SubaccountPage" => PySubaccountPage(SubaccountSummary)
    )
}

/// `(certcentral._certcentral._restore, (kind, raw))`: how results pickle.
fn reduce<'py>(py: Python<'py>, kind: &str, raw: String) -> PyResult<Bound<'py, PyTuple>> {
    let restore = py.import("certcentral._certcentral")?.getattr("_restore")?;
    PyTuple::new(
        py,
        [restore, PyTuple::new(py, [kind, raw.as_str()])?.into_any()],
    )
}

/// Defines a result class: the core record it wraps, its attributes (Python name = core
/// field), the ones `repr` shows, and whether it holds a one-time key (`secret`).
macro_rules! py_record {
    (
        $(#[doc = $doc:literal])*
        $class:ident($record:ty) as $name:literal $(, $secret:ident)? {
            $($(#[doc = $fdoc:literal])* $field:ident $(as $pyname:literal)?),* $(,)?
        }
        repr($($shown:ident),*)
    ) => {
        $(#[doc = $doc])*
        #[pyclass(frozen, module = "certcentral._certcentral", name = $name)]
        pub struct $class {
            inner: $record,
            raw: PyOnceLock<Py<PyAny>>,
        }

        impl Wrapped for $record {
            type Class = $class;
            fn wrap(self, _: Python<'_>) -> PyResult<$class> {
                Ok($class::new(self))
            }
        }

        impl $class {
            pub(crate) fn new(inner: $record) -> $class {
                $class { inner, raw: PyOnceLock::new() }
            }
        }

        #[pymethods]
        impl $class {
            $(
                $(#[doc = $fdoc])*
                #[getter]
                $(#[pyo3(name = $pyname)])?
                fn $field(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                    self.inner.$field.to_py(py)
                }
            )*
            /// The JSON the server sent for this object, unknown fields included.
            #[getter]
            fn raw(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                cached_raw(py, &self.raw, &self.inner.raw)
            }
            /// The typed fields as plain dicts and lists (a one-time key included).
            fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                to_python(py, &self.inner)
            }
            fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
                other.cast::<$class>().is_ok_and(|o| o.get().inner == self.inner)
            }
            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                let mut parts: Vec<String> = Vec::new();
                $(parts.push(format!(
                    concat!(stringify!($shown), "={}"),
                    shown(py, &self.inner.$shown.to_py(py)?)?
                ));)*
                $(
                    let _ = stringify!($secret);
                    if self.inner.api_key.is_some() {
                        parts.push("api_key=<redacted>".to_owned());
                    }
                )?
                Ok(format!(concat!($name, "({})"), parts.join(", ")))
            }
            fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
                let secret = false $(|| !stringify!($secret).is_empty())?;
                let raw = if secret {
                    without_key(&self.inner.raw)
                } else {
                    self.inner.raw.as_str().to_owned()
                };
                reduce(py, $name, raw)
            }
        }
    };
}

py_record! {
    /// One subaccount invite.
    PyInvite(Invite) as "Invite" {
        /// Invitation ID.
        id,
        /// Address the invitation was sent to.
        email,
        /// The subaccount type offered.
        subaccount_type,
        /// Custom invitation message.
        invite_note,
        /// When the invite was first sent, "yyyy-MM-dd HH:mm:ss" (no time zone).
        date_created,
        /// When the invite was last resent, "yyyy-MM-dd HH:mm:ss" (no time zone).
        last_sent_date,
        /// pending, accepted, expired, canceled or cancelled (any other value is kept).
        status,
    }
    repr(id, email, subaccount_type, status, date_created)
}

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
    /// An organization's contact.
    PyContact(Contact) as "Contact" {
        /// Contact ID.
        id,
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
        /// Telephone extension.
        telephone_extension,
    }
    repr(id, email)
}

py_record! {
    /// One validation of an organization.
    PyValidation(Validation) as "Validation" {
        /// The validation type, e.g. "ov".
        validation_type as "type",
        /// Short name, e.g. "OV".
        name,
        /// Description.
        description,
        /// When it was created (ISO 8601).
        date_created,
        /// Until when it is valid (ISO 8601).
        validated_until,
        /// Its status.
        status,
    }
    repr(validation_type, status)
}

py_record! {
    /// An organization (also the one of a new subaccount).
    PyOrganization(Organization) as "Organization" {
        /// Organization ID.
        id,
        /// active or inactive.
        status,
        /// Legal name.
        name,
        /// Public ("doing business as") name.
        assumed_name,
        /// name and assumed_name combined.
        display_name,
        /// Whether the organization is active.
        is_active,
        /// Street address.
        address,
        /// Second address line.
        address2,
        /// Postal code.
        zip,
        /// City.
        city,
        /// State or province.
        state,
        /// Two-letter country code.
        country,
        /// Telephone number.
        telephone,
        /// The primary container.
        container,
        /// The organization's contact (details only).
        organization_contact,
        /// Divisions the organization is assigned to.
        container_id_assignments,
        /// Validations (listed with include_validation=True).
        validations,
    }
    repr(id, name, status)
}

py_record! {
    /// A new subaccount. For a managed subaccount, `api_key` holds its API key: shown this
    /// one time only, never in `repr()`, and left out when the result is pickled.
    PySubaccount(Subaccount) as "Subaccount", secret {
        /// Account ID of the subaccount.
        id,
        /// The subaccount's type.
        account_type,
        /// The user who manages the subaccount.
        account_manager_user_id,
        /// Whether the parent account is billed.
        bill_parent,
        /// The subaccount's primary organization.
        organization,
        /// The subaccount's first user.
        user,
        /// A managed subaccount's API key, shown this one time only: store it. None otherwise.
        api_key,
    }
    repr(id, account_type)
}

py_record! {
    /// One subaccount in a list.
    PySubaccountSummary(SubaccountSummary) as "SubaccountSummary" {
        /// The subaccount's account ID.
        id,
        /// The subaccount's type.
        account_type,
        /// Its primary organization's name.
        organization_name,
        /// When it was created.
        date_created,
        /// The name of its account manager.
        account_manager,
    }
    repr(id, account_type, organization_name)
}

py_record! {
    /// The first user of a subaccount, in its details.
    PyMasterUser(MasterUser) as "MasterUser" {
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
        /// Notification language.
        i18n_language_id,
        /// The user's container.
        container_id,
    }
    repr(email)
}

py_record! {
    /// A subaccount's details.
    PySubaccountDetails(SubaccountDetails) as "SubaccountDetails" {
        /// The subaccount's account ID.
        id,
        /// The subaccount's type.
        account_type,
        /// Its primary organization's name.
        organization_name,
        /// Friendly name, when one was set.
        child_name,
        /// When it was created.
        date_created,
        /// The parent account.
        parent_account_id,
        /// The account that is billed.
        billing_account_name,
        /// The billed account's ID.
        billing_account_id,
        /// The name of its account manager.
        account_manager,
        /// Whether the parent account is billed.
        bill_parent,
        /// Whether it may only create bill-to-parent subaccounts.
        enforce_bill_parent,
        /// Its first user.
        master_user,
        /// Its primary organization.
        organization,
    }
    repr(id, account_type, organization_name)
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
    /// The answer to create_organization: the organization's id (an existing one when the
    /// duplicate check matched).
    PyCreatedOrganization(CreatedOrganization) as "CreatedOrganization" {
        /// ID of the organization.
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

/// Defines a page class: iterable, `len()`, indexable, `.items` and its named alias, the
/// page counts and `.raw`.
macro_rules! py_page {
    (
        $(#[doc = $doc:literal])*
        $class:ident(Page<$record:ty>) as $name:literal, $alias:ident
    ) => {
        $(#[doc = $doc])*
        #[pyclass(frozen, module = "certcentral._certcentral", name = $name)]
        pub struct $class {
            items: Vec<Py<<$record as Wrapped>::Class>>,
            page: Page<$record>,
            raw: PyOnceLock<Py<PyAny>>,
        }

        impl $class {
            pub(crate) fn new(py: Python<'_>, page: Page<$record>) -> PyResult<$class> {
                let items = page
                    .items
                    .iter()
                    .map(|record| Py::new(py, record.clone().wrap(py)?))
                    .collect::<PyResult<_>>()?;
                Ok($class { items, page, raw: PyOnceLock::new() })
            }
        }

        impl Wrapped for Page<$record> {
            type Class = $class;
            fn wrap(self, py: Python<'_>) -> PyResult<$class> {
                $class::new(py, self)
            }
        }

        #[pymethods]
        impl $class {
            /// The records on this page.
            #[getter]
            fn items<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
                PyList::new(py, self.items.iter().map(|i| i.clone_ref(py)))
            }
            /// The records on this page (the same list as `items`).
            #[getter]
            fn $alias<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
                self.items(py)
            }
            /// How many records match, over all pages; None when the server did not say.
            #[getter]
            fn total(&self) -> Option<u64> {
                self.page.total()
            }
            /// `page.limit` as the server reported it.
            #[getter]
            fn limit(&self) -> Option<u64> {
                self.page.limit()
            }
            /// `page.offset`: index of the first record on this page.
            #[getter]
            fn offset(&self) -> Option<u64> {
                self.page.offset()
            }
            /// The response exactly as the server sent it.
            #[getter]
            fn raw(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                cached_raw(py, &self.raw, &self.page.raw)
            }
            /// The typed fields, in the list response's shape.
            fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                to_python(py, &self.page)
            }
            fn __len__(&self) -> usize {
                self.items.len()
            }
            fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                self.items(py)?.try_iter().map(Bound::into_any)
            }
            fn __getitem__(
                &self,
                py: Python<'_>,
                index: isize,
            ) -> PyResult<Py<<$record as Wrapped>::Class>> {
                let len = self.items.len() as isize;
                let at = if index < 0 { index + len } else { index };
                if !(0..len).contains(&at) {
                    return Err(pyo3::exceptions::PyIndexError::new_err(concat!(
                        $name,
                        " index out of range"
                    )));
                }
                Ok(self.items[at as usize].clone_ref(py))
            }
            fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
                other.cast::<$class>().is_ok_and(|o| o.get().page == self.page)
            }
            fn __repr__(&self) -> String {
                let show = |v: Option<u64>| v.map_or("None".to_owned(), |n| n.to_string());
                format!(
                    concat!($name, "(", stringify!($alias), "=<{} records>, total={}, limit={}, offset={})"),
                    self.items.len(),
                    show(self.page.total()),
                    show(self.page.limit()),
                    show(self.page.offset())
                )
            }
            fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
                reduce(py, $name, self.page.raw.as_str().to_owned())
            }
        }
    };
}

py_page! {
    /// One page of invites; iterable, with len().
    PyInvitePage(Page<Invite>) as "InvitePage", invites
}
py_page! {
    /// One page of users; iterable, with len().
    PyUserPage(Page<User>) as "UserPage", users
}
py_page! {
    /// One page of organizations; iterable, with len().
    PyOrganizationPage(Page<Organization>) as "OrganizationPage", organizations
}
py_page! {
    /// One page of subaccounts; iterable, with len().
    PySubaccountPage(Page<SubaccountSummary>) as "SubaccountPage", subaccounts
}
