//! Typed result objects. Each wraps the core model: attributes carry the API's field names and
//! convert on access, `.raw` is the server's JSON (parsed once, on first use), `.to_dict()` the
//! typed fields as plain data. `repr()` never shows an API key.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString};

use super::convert::{json_loads, to_python};
use crate::models::{
    Container, Invite, InvitePage, RawJson, Subaccount, SubaccountOrganization, SubaccountUser,
};

/// `.raw`, parsed on first access and kept.
fn cached_raw(py: Python<'_>, cache: &PyOnceLock<Py<PyAny>>, raw: &RawJson) -> PyResult<Py<PyAny>> {
    cache
        .get_or_try_init(py, || json_loads(py, raw.as_str()))
        .map(|v| v.clone_ref(py))
}

/// A text value as Python's `repr` shows it (`'text'` or `None`).
fn quoted(py: Python<'_>, value: Option<&str>) -> PyResult<String> {
    match value {
        Some(text) => Ok(PyString::new(py, text).repr()?.to_string()),
        None => Ok("None".to_owned()),
    }
}

/// Whether `other` is a `T` that `eq` accepts.
fn same<T>(other: &Bound<'_, PyAny>, eq: impl FnOnce(&T) -> bool) -> bool
where
    T: pyo3::PyClass<Frozen = pyo3::pyclass::boolean_struct::True> + Sync,
{
    other.cast::<T>().is_ok_and(|o| eq(o.get()))
}

/// One subaccount invite.
#[pyclass(frozen, module = "certcentral._certcentral", name = "Invite")]
pub struct PyInvite {
    inner: Invite,
    raw: PyOnceLock<Py<PyAny>>,
}

impl PyInvite {
    pub(crate) fn new(inner: Invite) -> PyInvite {
        PyInvite {
            inner,
            raw: PyOnceLock::new(),
        }
    }
}

#[pymethods]
impl PyInvite {
    /// Invitation ID.
    #[getter]
    fn id(&self) -> i64 {
        self.inner.id
    }
    /// Address the invitation was sent to.
    #[getter]
    fn email(&self) -> Option<&str> {
        self.inner.email.as_deref()
    }
    /// The subaccount type offered.
    #[getter]
    fn subaccount_type(&self) -> Option<&str> {
        self.inner.subaccount_type.as_deref()
    }
    /// Custom invitation message.
    #[getter]
    fn invite_note(&self) -> Option<&str> {
        self.inner.invite_note.as_deref()
    }
    /// When the invite was first sent, "yyyy-MM-dd HH:mm:ss" (no time zone).
    #[getter]
    fn date_created(&self) -> Option<&str> {
        self.inner.date_created.as_deref()
    }
    /// When the invite was last resent, "yyyy-MM-dd HH:mm:ss" (no time zone).
    #[getter]
    fn last_sent_date(&self) -> Option<&str> {
        self.inner.last_sent_date.as_deref()
    }
    /// pending, accepted, expired, canceled or cancelled.
    #[getter]
    fn status(&self) -> Option<&str> {
        self.inner.status.as_deref()
    }
    /// The invite exactly as the server sent it, unknown fields included.
    #[getter]
    fn raw(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        cached_raw(py, &self.raw, &self.inner.raw)
    }
    /// The typed fields as a dict.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_python(py, &self.inner)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        same::<PyInvite>(other, |o| o.inner == self.inner)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let i = &self.inner;
        Ok(format!(
            "Invite(id={}, email={}, subaccount_type={}, status={}, date_created={})",
            i.id,
            quoted(py, i.email.as_deref())?,
            quoted(py, i.subaccount_type.as_deref())?,
            quoted(py, i.status.as_deref())?,
            quoted(py, i.date_created.as_deref())?,
        ))
    }
}

/// One page of invites. Iterable, with `len()`.
#[pyclass(frozen, module = "certcentral._certcentral", name = "InvitePage")]
pub struct PyInvitePage {
    invites: Vec<Py<PyInvite>>,
    total: Option<u64>,
    limit: Option<u64>,
    offset: Option<u64>,
    raw_json: RawJson,
    raw: PyOnceLock<Py<PyAny>>,
}

impl PyInvitePage {
    pub(crate) fn new(py: Python<'_>, page: InvitePage) -> PyResult<PyInvitePage> {
        let (total, limit, offset) = (page.total(), page.limit(), page.offset());
        let invites = page
            .items
            .into_iter()
            .map(|i| Py::new(py, PyInvite::new(i)))
            .collect::<PyResult<_>>()?;
        Ok(PyInvitePage {
            invites,
            total,
            limit,
            offset,
            raw_json: page.raw,
            raw: PyOnceLock::new(),
        })
    }
}

#[pymethods]
impl PyInvitePage {
    /// The invites on this page.
    #[getter]
    fn invites<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.invites.iter().map(|i| i.clone_ref(py)))
    }
    /// How many invites match, over all pages (`page.total`).
    #[getter]
    fn total(&self) -> Option<u64> {
        self.total
    }
    /// `page.limit` as the server reported it.
    #[getter]
    fn limit(&self) -> Option<u64> {
        self.limit
    }
    /// `page.offset`: index of the first invite on this page.
    #[getter]
    fn offset(&self) -> Option<u64> {
        self.offset
    }
    /// The response exactly as the server sent it.
    #[getter]
    fn raw(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        cached_raw(py, &self.raw, &self.raw_json)
    }
    /// `{"subaccount_invites": [...], "page": {...}}` with the typed fields.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let invites = PyList::empty(py);
        for invite in &self.invites {
            invites.append(invite.get().to_dict(py)?)?;
        }
        let page = PyDict::new(py);
        page.set_item("total", self.total)?;
        page.set_item("limit", self.limit)?;
        page.set_item("offset", self.offset)?;
        let out = PyDict::new(py);
        out.set_item("subaccount_invites", invites)?;
        out.set_item("page", page)?;
        Ok(out)
    }
    fn __len__(&self) -> usize {
        self.invites.len()
    }
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.invites(py)?.try_iter().map(Bound::into_any)
    }
    fn __getitem__(&self, py: Python<'_>, index: isize) -> PyResult<Py<PyInvite>> {
        let len = self.invites.len() as isize;
        let at = if index < 0 { index + len } else { index };
        if !(0..len).contains(&at) {
            return Err(pyo3::exceptions::PyIndexError::new_err(
                "invite index out of range",
            ));
        }
        Ok(self.invites[at as usize].clone_ref(py))
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        same::<PyInvitePage>(other, |o| {
            o.raw_json == self.raw_json
                && (o.total, o.limit, o.offset) == (self.total, self.limit, self.offset)
        })
    }
    fn __repr__(&self) -> String {
        let show = |v: Option<u64>| v.map_or("None".to_owned(), |n| n.to_string());
        format!(
            "InvitePage(invites=<{} invites>, total={}, limit={}, offset={})",
            self.invites.len(),
            show(self.total),
            show(self.limit),
            show(self.offset)
        )
    }
}

/// A container (division).
#[pyclass(frozen, module = "certcentral._certcentral", name = "Container")]
pub struct PyContainer {
    inner: Container,
    raw: PyOnceLock<Py<PyAny>>,
}

impl PyContainer {
    fn new(inner: Container) -> PyContainer {
        PyContainer {
            inner,
            raw: PyOnceLock::new(),
        }
    }
}

#[pymethods]
impl PyContainer {
    #[getter]
    fn id(&self) -> i64 {
        self.inner.id
    }
    #[getter]
    fn parent_id(&self) -> Option<i64> {
        self.inner.parent_id
    }
    #[getter]
    fn name(&self) -> Option<&str> {
        self.inner.name.as_deref()
    }
    #[getter]
    fn is_active(&self) -> Option<bool> {
        self.inner.is_active
    }
    /// The container exactly as the server sent it.
    #[getter]
    fn raw(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        cached_raw(py, &self.raw, &self.inner.raw)
    }
    /// The typed fields as a dict.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_python(py, &self.inner)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        same::<PyContainer>(other, |o| o.inner == self.inner)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let c = &self.inner;
        Ok(format!(
            "Container(id={}, name={})",
            c.id,
            quoted(py, c.name.as_deref())?
        ))
    }
}

/// The organization of a new subaccount.
#[pyclass(
    frozen,
    module = "certcentral._certcentral",
    name = "SubaccountOrganization"
)]
pub struct PySubaccountOrganization {
    inner: SubaccountOrganization,
    container: Option<Py<PyContainer>>,
    raw: PyOnceLock<Py<PyAny>>,
}

impl PySubaccountOrganization {
    fn new(py: Python<'_>, inner: SubaccountOrganization) -> PyResult<PySubaccountOrganization> {
        let container = inner
            .container
            .clone()
            .map(|c| Py::new(py, PyContainer::new(c)))
            .transpose()?;
        Ok(PySubaccountOrganization {
            inner,
            container,
            raw: PyOnceLock::new(),
        })
    }
}

#[pymethods]
impl PySubaccountOrganization {
    #[getter]
    fn id(&self) -> i64 {
        self.inner.id
    }
    /// active or inactive.
    #[getter]
    fn status(&self) -> Option<&str> {
        self.inner.status.as_deref()
    }
    #[getter]
    fn name(&self) -> Option<&str> {
        self.inner.name.as_deref()
    }
    #[getter]
    fn assumed_name(&self) -> Option<&str> {
        self.inner.assumed_name.as_deref()
    }
    #[getter]
    fn display_name(&self) -> Option<&str> {
        self.inner.display_name.as_deref()
    }
    #[getter]
    fn is_active(&self) -> Option<bool> {
        self.inner.is_active
    }
    #[getter]
    fn address(&self) -> Option<&str> {
        self.inner.address.as_deref()
    }
    #[getter]
    fn address2(&self) -> Option<&str> {
        self.inner.address2.as_deref()
    }
    #[getter]
    fn zip(&self) -> Option<&str> {
        self.inner.zip.as_deref()
    }
    #[getter]
    fn city(&self) -> Option<&str> {
        self.inner.city.as_deref()
    }
    #[getter]
    fn state(&self) -> Option<&str> {
        self.inner.state.as_deref()
    }
    #[getter]
    fn country(&self) -> Option<&str> {
        self.inner.country.as_deref()
    }
    #[getter]
    fn telephone(&self) -> Option<&str> {
        self.inner.telephone.as_deref()
    }
    /// The primary container the organization is attached to.
    #[getter]
    fn container(&self, py: Python<'_>) -> Option<Py<PyContainer>> {
        self.container.as_ref().map(|c| c.clone_ref(py))
    }
    /// The organization exactly as the server sent it.
    #[getter]
    fn raw(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        cached_raw(py, &self.raw, &self.inner.raw)
    }
    /// The typed fields as a dict.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_python(py, &self.inner)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        same::<PySubaccountOrganization>(other, |o| o.inner == self.inner)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let o = &self.inner;
        Ok(format!(
            "SubaccountOrganization(id={}, name={}, status={})",
            o.id,
            quoted(py, o.name.as_deref())?,
            quoted(py, o.status.as_deref())?
        ))
    }
}

/// The first user of a new subaccount.
#[pyclass(frozen, module = "certcentral._certcentral", name = "SubaccountUser")]
pub struct PySubaccountUser {
    inner: SubaccountUser,
    raw: PyOnceLock<Py<PyAny>>,
}

impl PySubaccountUser {
    fn new(inner: SubaccountUser) -> PySubaccountUser {
        PySubaccountUser {
            inner,
            raw: PyOnceLock::new(),
        }
    }
}

#[pymethods]
impl PySubaccountUser {
    #[getter]
    fn id(&self) -> i64 {
        self.inner.id
    }
    #[getter]
    fn username(&self) -> Option<&str> {
        self.inner.username.as_deref()
    }
    /// Account ID of the new subaccount.
    #[getter]
    fn account_id(&self) -> Option<i64> {
        self.inner.account_id
    }
    #[getter]
    fn first_name(&self) -> Option<&str> {
        self.inner.first_name.as_deref()
    }
    #[getter]
    fn last_name(&self) -> Option<&str> {
        self.inner.last_name.as_deref()
    }
    #[getter]
    fn email(&self) -> Option<&str> {
        self.inner.email.as_deref()
    }
    #[getter]
    fn job_title(&self) -> Option<&str> {
        self.inner.job_title.as_deref()
    }
    #[getter]
    fn telephone(&self) -> Option<&str> {
        self.inner.telephone.as_deref()
    }
    /// The user type, e.g. "standard" (the API's `type`).
    #[getter(r#type)]
    fn user_type(&self) -> Option<&str> {
        self.inner.user_type.as_deref()
    }
    /// The user exactly as the server sent it.
    #[getter]
    fn raw(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        cached_raw(py, &self.raw, &self.inner.raw)
    }
    /// The typed fields as a dict.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_python(py, &self.inner)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        same::<PySubaccountUser>(other, |o| o.inner == self.inner)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let u = &self.inner;
        Ok(format!(
            "SubaccountUser(id={}, username={}, email={})",
            u.id,
            quoted(py, u.username.as_deref())?,
            quoted(py, u.email.as_deref())?
        ))
    }
}

/// A new subaccount. For a managed subaccount, `api_key` holds its API key: shown this one
/// time only, never in `repr()`.
#[pyclass(frozen, module = "certcentral._certcentral", name = "Subaccount")]
pub struct PySubaccount {
    inner: Subaccount,
    organization: Option<Py<PySubaccountOrganization>>,
    user: Option<Py<PySubaccountUser>>,
    raw: PyOnceLock<Py<PyAny>>,
}

impl PySubaccount {
    pub(crate) fn new(py: Python<'_>, inner: Subaccount) -> PyResult<PySubaccount> {
        let organization = inner
            .organization
            .clone()
            .map(|o| PySubaccountOrganization::new(py, o).and_then(|o| Py::new(py, o)))
            .transpose()?;
        let user = inner
            .user
            .clone()
            .map(|u| Py::new(py, PySubaccountUser::new(u)))
            .transpose()?;
        Ok(PySubaccount {
            inner,
            organization,
            user,
            raw: PyOnceLock::new(),
        })
    }
}

#[pymethods]
impl PySubaccount {
    /// Account ID of the subaccount.
    #[getter]
    fn id(&self) -> i64 {
        self.inner.id
    }
    #[getter]
    fn account_type(&self) -> Option<&str> {
        self.inner.account_type.as_deref()
    }
    #[getter]
    fn account_manager_user_id(&self) -> Option<i64> {
        self.inner.account_manager_user_id
    }
    #[getter]
    fn bill_parent(&self) -> Option<bool> {
        self.inner.bill_parent
    }
    #[getter]
    fn organization(&self, py: Python<'_>) -> Option<Py<PySubaccountOrganization>> {
        self.organization.as_ref().map(|o| o.clone_ref(py))
    }
    #[getter]
    fn user(&self, py: Python<'_>) -> Option<Py<PySubaccountUser>> {
        self.user.as_ref().map(|u| u.clone_ref(py))
    }
    /// A managed subaccount's API key, shown this one time only: store it. None otherwise.
    #[getter]
    fn api_key(&self) -> Option<&str> {
        self.inner.api_key.as_ref().map(|k| k.expose())
    }
    /// The response exactly as the server sent it (including `api_key`).
    #[getter]
    fn raw(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        cached_raw(py, &self.raw, &self.inner.raw)
    }
    /// The typed fields as a dict (including `api_key`).
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_python(py, &self.inner)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        same::<PySubaccount>(other, |o| o.inner == self.inner)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let s = &self.inner;
        let key = if s.api_key.is_some() {
            "<redacted>"
        } else {
            "None"
        };
        Ok(format!(
            "Subaccount(id={}, account_type={}, api_key={key})",
            s.id,
            quoted(py, s.account_type.as_deref())?
        ))
    }
}
