//! `certcentral.Client` and the lazy invite iterator. Every request runs with the GIL released.

use std::collections::VecDeque;
use std::sync::RwLock;

use pyo3::prelude::*;

use super::convert::{count, detached, dict_to_request, json_dumps, json_loads, seconds};
use super::errors::IntoPy;
use super::results::{PyInvite, PyInvitePage, PySubaccount};
use crate::client::{Client, ClientBuilder, Region};
use crate::error::Error;
use crate::models::{
    AccessRole, AddUserRequest, ContainerRef, CreateOrganizationRequest, CreateSubaccountRequest,
    ListInvitesQuery, SendInviteRequest,
};
use crate::rate_limit::RateLimit;
use crate::Invites;

/// A CertCentral client. Thread-safe; use it as a context manager to close it.
///
/// Client(api_key=None, *, region="us", base_url=None, timeout=30.0, max_retries=2,
///        rate_limit=None, connect_timeout=10.0, user_agent=None, backoff=0.5, max_backoff=8.0,
///        max_rate_limit_wait=180.0)
///
/// `api_key` defaults to the DIGICERT_API_KEY environment variable. `region` is "us" or "eu";
/// `base_url` overrides it (plain http:// only for a loopback host). `timeout` bounds one
/// attempt in seconds. `max_retries` (0: none) applies to GET on 429, 5xx, timeouts and
/// connection failures, and to POST only on 429 or when the request provably never left.
/// `backoff` is the first wait between attempts, doubling up to `max_backoff` (with jitter).
/// `rate_limit`: None keeps the client under the documented limits (100 requests per 5 s,
/// 1000 per 3 min) for the region URLs only, True always, False never; a call that would wait
/// longer than `max_rate_limit_wait` seconds raises RateLimitError instead. `user_agent` is
/// appended to the User-Agent.
#[pyclass(frozen, module = "certcentral._certcentral", name = "Client")]
pub struct PyClient {
    client: RwLock<Option<Client>>,
    base_url: String,
}

impl PyClient {
    pub(crate) fn from_builder(py: Python<'_>, builder: ClientBuilder) -> Result<PyClient, Error> {
        let client = builder.binding("python").build()?;
        super::refresh_logging(py);
        Ok(PyClient {
            base_url: client.base_url().to_owned(),
            client: RwLock::new(Some(client)),
        })
    }

    fn client(&self) -> Result<Client, Error> {
        let guard = self.client.read().unwrap_or_else(|p| p.into_inner());
        guard
            .clone()
            .ok_or_else(|| Error::invalid_argument("client", "is closed"))
    }
}

#[allow(clippy::too_many_arguments)]
fn invites_query(
    email: Option<String>,
    subaccount_type: Option<String>,
    status: Option<String>,
    date_created: Option<String>,
    last_sent_date: Option<String>,
    search: Option<String>,
    sort: Option<String>,
    offset: Option<i64>,
    limit: Option<i64>,
) -> Result<ListInvitesQuery, Error> {
    Ok(ListInvitesQuery {
        email,
        subaccount_type,
        status,
        date_created,
        last_sent_date,
        search,
        sort,
        offset: offset.map(|n| count(n, "offset")).transpose()?,
        limit: limit.map(|n| count(n, "limit")).transpose()?,
    })
}

#[pymethods]
impl PyClient {
    #[new]
    #[pyo3(signature = (api_key=None, *, region="us", base_url=None, timeout=30.0,
                        max_retries=2, rate_limit=None, connect_timeout=10.0, user_agent=None,
                        backoff=0.5, max_backoff=8.0, max_rate_limit_wait=180.0))]
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        py: Python<'_>,
        api_key: Option<String>,
        region: &str,
        base_url: Option<String>,
        timeout: f64,
        max_retries: i64,
        rate_limit: Option<bool>,
        connect_timeout: f64,
        user_agent: Option<String>,
        backoff: f64,
        max_backoff: f64,
        max_rate_limit_wait: f64,
    ) -> PyResult<PyClient> {
        let configure = || -> Result<ClientBuilder, Error> {
            let mut builder = Client::builder()
                .region(region.parse::<Region>()?)
                .timeout(seconds(timeout, "timeout")?)
                .connect_timeout(seconds(connect_timeout, "connect_timeout")?)
                .max_retries(count(max_retries, "max_retries")?)
                .backoff(
                    seconds(backoff, "backoff")?,
                    seconds(max_backoff, "max_backoff")?,
                )
                .max_rate_limit_wait(seconds(max_rate_limit_wait, "max_rate_limit_wait")?);
            if let Some(key) = api_key {
                builder = builder.api_key(key);
            }
            if let Some(url) = base_url {
                builder = builder.base_url(url);
            }
            builder = match rate_limit {
                None => builder,
                Some(true) => builder.rate_limit(RateLimit::documented()),
                Some(false) => builder.no_rate_limit(),
            };
            if let Some(suffix) = user_agent {
                builder = builder.user_agent_suffix(suffix);
            }
            Ok(builder)
        };
        PyClient::from_builder(py, configure().py(py)?).py(py)
    }

    /// The base URL every endpoint path is joined to.
    #[getter]
    fn base_url(&self) -> &str {
        &self.base_url
    }

    /// POST account/subaccount/invite: invites each address to open a subaccount.
    ///
    /// send_invite(emails, subaccount_type, invite_note=None) -> None
    ///
    /// `emails` must hold at least one valid address. `subaccount_type` is e.g. "retail",
    /// "enterprise", "reseller" or "managed" (the allowed values depend on the account).
    /// Raises ValidationError before sending when a documented rule is broken.
    #[pyo3(signature = (emails, subaccount_type, invite_note=None))]
    fn send_invite(
        &self,
        py: Python<'_>,
        emails: Vec<String>,
        subaccount_type: String,
        invite_note: Option<String>,
    ) -> PyResult<()> {
        let client = self.client().py(py)?;
        let request = SendInviteRequest {
            emails,
            subaccount_type,
            invite_note,
        };
        detached(py, || client.send_invite(&request)).py(py)
    }

    /// GET account/subaccount/invite: one page of invites.
    ///
    /// Filters match exactly (`status`: pending, accepted, expired, cancelled; dates as
    /// "yyyy-MM-dd HH:mm:ss"); `search` matches the email exactly, or with a leading "%" any
    /// email containing the rest. `sort` lists properties separated by commas, "-" for
    /// descending (e.g. "-date_created,email"). `limit` is 1 to 1000.
    #[pyo3(signature = (*, email=None, subaccount_type=None, status=None, date_created=None,
                        last_sent_date=None, search=None, sort=None, offset=None, limit=None))]
    #[allow(clippy::too_many_arguments)]
    fn list_invites(
        &self,
        py: Python<'_>,
        email: Option<String>,
        subaccount_type: Option<String>,
        status: Option<String>,
        date_created: Option<String>,
        last_sent_date: Option<String>,
        search: Option<String>,
        sort: Option<String>,
        offset: Option<i64>,
        limit: Option<i64>,
    ) -> PyResult<PyInvitePage> {
        let client = self.client().py(py)?;
        let query = invites_query(
            email,
            subaccount_type,
            status,
            date_created,
            last_sent_date,
            search,
            sort,
            offset,
            limit,
        )
        .py(py)?;
        let page = detached(py, || client.list_invites(&query)).py(py)?;
        PyInvitePage::new(py, page)
    }

    /// Every invite matching the filters, fetched lazily one page of `page_size` at a time.
    /// The iterator's `total` and `fetched` report progress.
    #[pyo3(signature = (*, email=None, subaccount_type=None, status=None, date_created=None,
                        last_sent_date=None, search=None, sort=None, page_size=1000))]
    #[allow(clippy::too_many_arguments)]
    fn iter_invites(
        &self,
        py: Python<'_>,
        email: Option<String>,
        subaccount_type: Option<String>,
        status: Option<String>,
        date_created: Option<String>,
        last_sent_date: Option<String>,
        search: Option<String>,
        sort: Option<String>,
        page_size: i64,
    ) -> PyResult<PyInviteIterator> {
        let client = self.client().py(py)?;
        let query = invites_query(
            email,
            subaccount_type,
            status,
            date_created,
            last_sent_date,
            search,
            sort,
            None,
            Some(page_size),
        )
        .py(py)?;
        Ok(PyInviteIterator {
            invites: client.invites(query).py(py)?,
            ready: VecDeque::new(),
        })
    }

    /// POST account: creates a subaccount and returns it.
    ///
    /// `user` is a dict with first_name, last_name, email (required), username, job_title,
    /// telephone. `organization` is a dict with name, address, zip, city, state, country
    /// (required), assumed_name, address2, telephone. For a "managed" subaccount the result's
    /// `api_key` is shown this one time only; if the answer is damaged, the key is on the
    /// exception as `subaccount_api_key`.
    #[pyo3(signature = (account_type, allowed_grandchildren, user, organization, *,
                        account_manager_user_id=None, bill_parent=None, child_name=None))]
    #[allow(clippy::too_many_arguments)]
    fn create_subaccount(
        &self,
        py: Python<'_>,
        account_type: String,
        allowed_grandchildren: Vec<String>,
        user: &Bound<'_, PyAny>,
        organization: &Bound<'_, PyAny>,
        account_manager_user_id: Option<i64>,
        bill_parent: Option<bool>,
        child_name: Option<String>,
    ) -> PyResult<PySubaccount> {
        let client = self.client().py(py)?;
        let request = CreateSubaccountRequest {
            account_type,
            allowed_grandchildren,
            account_manager_user_id,
            bill_parent,
            child_name,
            user: dict_to_request(user, "user").py(py)?,
            organization: dict_to_request(organization, "organization").py(py)?,
        };
        let subaccount = detached(py, || client.create_subaccount(&request)).py(py)?;
        PySubaccount::new(py, subaccount)
    }

    /// POST user: adds a user and returns the new user's id.
    ///
    /// `access_roles` is a list of role ids (1 Administrator, 2 Limited user, 3 Finance
    /// manager, 4 Manager, 5 Standard user), sent as [{"id": n}]. `username` may hold
    /// a-z A-Z 0-9 @ - _ + . only; names are at most 128 characters, email 255, job title and
    /// telephone 64.
    #[pyo3(signature = (username, first_name, last_name, email, access_roles, *, job_title=None,
                        telephone=None, container_id=None, container_id_assignments=None,
                        is_saml_sso_only=None))]
    #[allow(clippy::too_many_arguments)]
    fn add_user(
        &self,
        py: Python<'_>,
        username: String,
        first_name: String,
        last_name: String,
        email: String,
        access_roles: Vec<i64>,
        job_title: Option<String>,
        telephone: Option<String>,
        container_id: Option<i64>,
        container_id_assignments: Option<Vec<i64>>,
        is_saml_sso_only: Option<bool>,
    ) -> PyResult<i64> {
        let client = self.client().py(py)?;
        let request = AddUserRequest {
            username,
            first_name,
            last_name,
            email,
            job_title,
            telephone,
            container: container_id.map(|id| ContainerRef { id }),
            access_roles: access_roles.into_iter().map(AccessRole::new).collect(),
            container_id_assignments,
            is_saml_sso_only,
        };
        Ok(detached(py, || client.add_user(&request)).py(py)?.id)
    }

    /// POST organization: creates an organization and returns its id (under the duplicate
    /// check, the id of the matching existing one; `skip_duplicate_org_check=True` forces a new
    /// one). `organization_contact` is a dict with first_name, last_name, email, telephone
    /// (required), job_title, telephone_extension.
    #[pyo3(signature = (name, address, city, state, zip, country, telephone, organization_contact,
                        *, assumed_name=None, address2=None, skip_duplicate_org_check=None))]
    #[allow(clippy::too_many_arguments)]
    fn create_organization(
        &self,
        py: Python<'_>,
        name: String,
        address: String,
        city: String,
        state: String,
        zip: String,
        country: String,
        telephone: String,
        organization_contact: &Bound<'_, PyAny>,
        assumed_name: Option<String>,
        address2: Option<String>,
        skip_duplicate_org_check: Option<bool>,
    ) -> PyResult<i64> {
        let client = self.client().py(py)?;
        let request = CreateOrganizationRequest {
            name,
            assumed_name,
            address,
            address2,
            city,
            state,
            zip,
            country,
            telephone,
            organization_contact: dict_to_request(organization_contact, "organization_contact")
                .py(py)?,
            skip_duplicate_org_check,
        };
        Ok(detached(py, || client.create_organization(&request))
            .py(py)?
            .id)
    }

    /// Any other Services API endpoint, with the same authentication, retries and errors.
    /// `path` is relative to the base URL (e.g. "user/me"); `json` is sent as the body.
    /// Returns the parsed response (None for an empty body).
    #[pyo3(signature = (method, path, json=None))]
    fn request(
        &self,
        py: Python<'_>,
        method: &str,
        path: &str,
        json: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let client = self.client().py(py)?;
        let body = json.map(|b| json_dumps(b, "json")).transpose().py(py)?;
        let raw = detached(py, || {
            client.request_raw_json(method, path, body.as_deref())
        })
        .py(py)?;
        json_loads(py, raw.as_str())
    }

    /// Closes the client: its connections are released and further calls raise. (An invite
    /// iterator already started keeps its own connection until it is dropped.)
    fn close(&self) {
        *self.client.write().unwrap_or_else(|p| p.into_inner()) = None;
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, _args: &Bound<'_, pyo3::types::PyTuple>) -> bool {
        self.close();
        false
    }

    fn __repr__(&self) -> String {
        format!("Client(base_url='{}', api_key=<redacted>)", self.base_url)
    }
}

/// Iterates over every invite matching a query, one page in memory at a time.
#[pyclass(module = "certcentral._certcentral", name = "InviteIterator")]
pub struct PyInviteIterator {
    invites: Invites,
    ready: VecDeque<Py<PyInvite>>,
}

#[pymethods]
impl PyInviteIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyInvite>>> {
        if self.ready.is_empty() {
            let invites = &mut self.invites;
            let page = detached(py, || invites.next_page().transpose()).py(py)?;
            let Some(page) = page else {
                return Ok(None);
            };
            for invite in page {
                self.ready.push_back(Py::new(py, PyInvite::new(invite))?);
            }
        }
        Ok(self.ready.pop_front())
    }

    /// How many invites match over all pages, once the first page has arrived.
    #[getter]
    fn total(&self) -> Option<u64> {
        self.invites.total()
    }

    /// How many invites have been fetched so far.
    #[getter]
    fn fetched(&self) -> u64 {
        self.invites.fetched()
    }

    fn __repr__(&self) -> String {
        let total = self
            .invites
            .total()
            .map_or("?".to_owned(), |t| t.to_string());
        format!(
            "InviteIterator(fetched={}, total={total})",
            self.invites.fetched()
        )
    }
}
