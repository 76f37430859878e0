//! `certcentral.Client`: arguments in, core call with the GIL released, typed results out.

use std::sync::RwLock;

use pyo3::prelude::*;
use pyo3::types::PyList;

use super::args::{
    filters, int, ints, opt_bool, opt_int, opt_ints, opt_text, seconds, text, texts,
};
use super::convert::{detached, dict_to_request, json_dumps, json_loads};
use super::errors::{to_py_err, wrong_type, IntoPy};
use super::iterator::PyPageIterator;
use super::results::{
    PyApiKey, PyContainer, PyCreatedOrganization, PyCreatedUser, PyInvitePage, PyOrganization,
    PyOrganizationPage, PyRole, PyServiceUser, PySubaccount, PySubaccountDetails, PySubaccountPage,
    PyUser, PyUserPage, Wrapped,
};
use crate::client::{Client, ClientBuilder, Region};
use crate::error::Error;
use crate::models::{
    AccessRole, AddServiceUserRequest, AddUserRequest, ContainerRef, CreateApiKeyRequest,
    CreateOrganizationRequest, CreateSubaccountRequest, ListInvitesQuery, ListOrganizationsQuery,
    ListParams, ListSubaccountsQuery, ListUsersQuery, SendInviteRequest,
};
use crate::rate_limit::RateLimit;
use crate::validate::{checked_count, MAX_PAGE_SIZE};

/// A CertCentral client for DigiCert's Services API v2. Thread-safe; a context manager.
///
/// Client(api_key=None, *, region="us", base_url=None, timeout=30.0, max_retries=2,
///        rate_limit=None, connect_timeout=10.0, user_agent=None, backoff=0.5,
///        max_backoff=8.0, max_rate_limit_wait=180.0, max_retry_after=60.0,
///        ca_bundle=None, proxy=None, max_response_bytes=16777216)
///
/// Args:
///     api_key (str | None): the API key; None reads DIGICERT_API_KEY.
///     region (str): "us" or "eu"; ignored when a base URL is given.
///     base_url (str | None): another base URL, e.g. an emulator's (plain http:// only for a
///         loopback host); None reads CERTCENTRAL_BASE_URL, and takes the region's URL only
///         when that is unset too. repr() shows the URL in use.
///     timeout (float): seconds for one attempt, connect to last byte.
///     max_retries (int): retries after the first attempt; 0 turns them off. GET is retried on
///         429, 5xx, timeouts and connection failures; a creation only when it provably never
///         left (or met 429), except create_organization under the duplicate check.
///     rate_limit (bool | list[tuple[int, float]] | None): None keeps the client under the
///         documented limits for the region URLs only; True always; False never; a list of
///         (max_requests, period_seconds) windows sets its own limits, e.g. [(1000, 300)] for
///         the older 1000 per 5 minutes.
///     connect_timeout (float): seconds to connect.
///     user_agent (str | None): appended to the User-Agent.
///     backoff, max_backoff (float): the first wait between attempts, doubling (with jitter)
///         up to max_backoff.
///     max_rate_limit_wait (float): the longest the client-side limiter may wait before
///         raising RateLimitError.
///     max_retry_after (float): the longest Retry-After honoured; a longer one ends the call.
///     ca_bundle (str | os.PathLike | None): a PEM file of certificate authorities to trust
///         besides the system's (e.g. a company proxy's CA). Verification cannot be turned off.
///     proxy (str | None | False): a proxy URL, http://[user:password@]host:port (also
///         https://, socks5://, socks5h://); None takes HTTPS_PROXY/ALL_PROXY minus NO_PROXY
///         from the environment (never for a loopback host); False uses none. A plain http://
///         base URL refuses a proxy that is not on this machine (the key would travel in clear).
///     max_response_bytes (int): the cap on a response body (16 MiB); a larger answer fails.
///
/// Raises:
///     InvalidArgumentError: a bad value (e.g. no key, a plain http:// remote URL, an
///         unreadable ca_bundle).
#[pyclass(frozen, module = "certcentral._certcentral", name = "Client")]
pub struct PyClient {
    client: RwLock<Option<Client>>,
    base_url: String,
}

impl PyClient {
    pub(crate) fn from_builder(py: Python<'_>, builder: ClientBuilder) -> PyResult<PyClient> {
        let client = builder.binding("python").build().py(py)?;
        Ok(PyClient {
            base_url: client.base_url().to_owned(),
            client: RwLock::new(Some(client)),
        })
    }

    pub(crate) fn client(&self) -> Result<Client, Error> {
        let guard = self.client.read().unwrap_or_else(|p| p.into_inner());
        guard
            .clone()
            .ok_or_else(|| Error::invalid_argument("client", "the client is closed"))
    }

    /// Runs a core call with the GIL released and wraps its result.
    fn call<T: Wrapped + Send>(
        &self,
        py: Python<'_>,
        call: impl FnOnce(&Client) -> Result<T, Error> + Send,
    ) -> PyResult<Py<T::Class>> {
        let client = self.client().py(py)?;
        let result = detached(py, |cancel| call(&client.with_cancel(cancel)))?;
        let object = Py::new(py, result.wrap(py)?)?;
        // A signal that arrived during the call is raised now, carrying the result: a creation
        // whose answer arrived is never lost to Ctrl-C.
        if let Err(raised) = py.check_signals() {
            raised
                .value(py)
                .setattr("certcentral_result", object.clone_ref(py))?;
            return Err(raised);
        }
        Ok(object)
    }
}

/// The limits `rate_limit=True` gives, and those `rate_limit=None` gives (`None`: the
/// builder's own choice, which depends on the base URL).
pub(crate) struct Limiter {
    pub when_on: RateLimit,
    pub when_unset: Option<RateLimit>,
}

impl Limiter {
    /// A `Client`'s: the documented limits.
    pub(crate) fn documented() -> Limiter {
        Limiter {
            when_on: RateLimit::documented(),
            when_unset: None,
        }
    }
}

/// The client settings every constructor takes (Client, Emulator.client), as given: `None`
/// for what the caller left out, which keeps the core's default (the faces restate none).
#[derive(Default)]
pub(crate) struct ClientArgs<'a, 'py> {
    pub api_key: Option<&'a Bound<'py, PyAny>>,
    pub region: Option<&'a Bound<'py, PyAny>>,
    pub base_url: Option<&'a Bound<'py, PyAny>>,
    pub timeout: Option<&'a Bound<'py, PyAny>>,
    pub max_retries: Option<&'a Bound<'py, PyAny>>,
    pub rate_limit: Option<&'a Bound<'py, PyAny>>,
    pub connect_timeout: Option<&'a Bound<'py, PyAny>>,
    pub user_agent: Option<&'a Bound<'py, PyAny>>,
    pub backoff: Option<&'a Bound<'py, PyAny>>,
    pub max_backoff: Option<&'a Bound<'py, PyAny>>,
    pub max_rate_limit_wait: Option<&'a Bound<'py, PyAny>>,
    pub max_retry_after: Option<&'a Bound<'py, PyAny>>,
    pub max_response_bytes: Option<&'a Bound<'py, PyAny>>,
    pub ca_bundle: Option<&'a Bound<'py, PyAny>>,
    pub proxy: Option<&'a Bound<'py, PyAny>>,
}

/// A value the caller gave (Python's `None` counts as not given).
fn given<'a, 'py>(value: Option<&'a Bound<'py, PyAny>>) -> Option<&'a Bound<'py, PyAny>> {
    value.filter(|v| !v.is_none())
}

/// `rate_limit` as windows: a list of `(max_requests, period_seconds)` pairs.
fn rate_windows(value: &Bound<'_, PyAny>) -> PyResult<RateLimit> {
    let py = value.py();
    let rule = "must be True, False, None, or a list of (max_requests, period_seconds) windows";
    let mut windows = Vec::new();
    for (i, item) in value
        .try_iter()
        .map_err(|_| wrong_type(py, "rate_limit", rule))?
        .enumerate()
    {
        let item = item?;
        let (requests, period): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item
            .extract()
            .map_err(|_| wrong_type(py, &format!("rate_limit[{i}]"), rule))?;
        let requests = int(&requests, &format!("rate_limit[{i}].max_requests"))?;
        let max_requests = u32::try_from(requests)
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| {
                Error::invalid_argument(
                    format!("rate_limit[{i}].max_requests"),
                    format!("must be at least 1 (got {requests})"),
                )
            })
            .py(py)?;
        let period = seconds(&period, &format!("rate_limit[{i}].period"))?;
        windows.push(crate::rate_limit::Window {
            max_requests,
            period,
        });
    }
    RateLimit::new(windows).py(py)
}

/// Builds a client builder from what the caller gave; `limiter` says what `rate_limit=True`
/// and an unset `rate_limit` mean for this constructor.
pub(crate) fn configure(
    py: Python<'_>,
    args: &ClientArgs<'_, '_>,
    limiter: Limiter,
) -> PyResult<ClientBuilder> {
    let mut builder = Client::builder();
    if let Some(region) = given(args.region) {
        builder = builder.region(text(region, "region")?.parse::<Region>().py(py)?);
    }
    if let Some(v) = given(args.timeout) {
        builder = builder.timeout(seconds(v, "timeout")?);
    }
    if let Some(v) = given(args.connect_timeout) {
        builder = builder.connect_timeout(seconds(v, "connect_timeout")?);
    }
    if let Some(v) = given(args.max_retries) {
        let retries = int(v, "max_retries")?;
        let retries = u32::try_from(retries)
            .map_err(|_| {
                Error::invalid_argument(
                    "max_retries",
                    format!("must be between 0 and {} (got {retries})", u32::MAX),
                )
            })
            .py(py)?;
        builder = builder.max_retries(retries);
    }
    if let Some(v) = given(args.backoff) {
        builder = builder.initial_backoff(seconds(v, "backoff")?);
    }
    if let Some(v) = given(args.max_backoff) {
        builder = builder.max_backoff(seconds(v, "max_backoff")?);
    }
    if let Some(v) = given(args.max_rate_limit_wait) {
        builder = builder.max_rate_limit_wait(seconds(v, "max_rate_limit_wait")?);
    }
    if let Some(v) = given(args.max_retry_after) {
        builder = builder.max_retry_after(seconds(v, "max_retry_after")?);
    }
    if let Some(v) = given(args.max_response_bytes) {
        let bytes = int(v, "max_response_bytes")?;
        let bytes = u64::try_from(bytes)
            .map_err(|_| {
                Error::invalid_argument(
                    "max_response_bytes",
                    format!("must be greater than zero (got {bytes})"),
                )
            })
            .py(py)?;
        builder = builder.max_response_bytes(bytes);
    }
    if let Some(key) = opt_text(args.api_key, "api_key")? {
        builder = builder.api_key(key);
    }
    if let Some(url) = opt_text(args.base_url, "base_url")? {
        builder = builder.base_url(url);
    }
    builder = match given(args.rate_limit) {
        None => match limiter.when_unset {
            Some(limit) => builder.rate_limit(limit),
            None => builder,
        },
        Some(v) if v.is_instance_of::<pyo3::types::PyBool>() => {
            if v.is_truthy()? {
                builder.rate_limit(limiter.when_on)
            } else {
                builder.no_rate_limit()
            }
        }
        Some(v) => builder.rate_limit(rate_windows(v)?),
    };
    if let Some(suffix) = opt_text(args.user_agent, "user_agent")? {
        builder = builder.user_agent_suffix(suffix);
    }
    if let Some(path) = given(args.ca_bundle) {
        let path: std::path::PathBuf = path.extract().map_err(|_| {
            wrong_type(
                py,
                "ca_bundle",
                "must be a str or os.PathLike path to a PEM file",
            )
        })?;
        builder = builder.ca_bundle(path);
    }
    builder = match given(args.proxy) {
        None => builder,
        Some(v) if v.is_instance_of::<pyo3::types::PyBool>() => {
            if v.is_truthy()? {
                return Err(wrong_type(
                    py,
                    "proxy",
                    "must be a URL, None (the environment's) or False (none); True means nothing",
                ));
            }
            builder.no_proxy()
        }
        Some(v) => builder.proxy(text(v, "proxy")?),
    };
    Ok(builder)
}

/// `offset`/`limit` of a list: validation errors carry the documented range.
fn page_numbers(
    py: Python<'_>,
    offset: Option<&Bound<'_, PyAny>>,
    limit: Option<&Bound<'_, PyAny>>,
    max_limit: u32,
) -> PyResult<(Option<u32>, Option<u32>)> {
    let offset = opt_int(offset, "offset")?
        .map(|n| checked_count("offset", n, 0, u32::MAX))
        .transpose()
        .py(py)?;
    let limit = opt_int(limit, "limit")?
        .map(|n| checked_count("limit", n, 1, max_limit))
        .transpose()
        .py(py)?;
    Ok((offset, limit))
}

/// The shared list parameters.
fn list_params(
    py: Python<'_>,
    filter_map: Option<&Bound<'_, PyAny>>,
    search: Option<&Bound<'_, PyAny>>,
    sort: Option<&Bound<'_, PyAny>>,
    offset: Option<&Bound<'_, PyAny>>,
    limit: Option<&Bound<'_, PyAny>>,
) -> PyResult<ListParams> {
    let (offset, limit) = page_numbers(py, offset, limit, MAX_PAGE_SIZE)?;
    Ok(ListParams {
        filters: filters(filter_map, "filters")?,
        search: opt_text(search, "search")?,
        sort: opt_text(sort, "sort")?,
        offset,
        limit,
    })
}

#[allow(clippy::too_many_arguments)]
fn invites_query(
    py: Python<'_>,
    email: Option<&Bound<'_, PyAny>>,
    subaccount_type: Option<&Bound<'_, PyAny>>,
    status: Option<&Bound<'_, PyAny>>,
    date_created: Option<&Bound<'_, PyAny>>,
    last_sent_date: Option<&Bound<'_, PyAny>>,
    search: Option<&Bound<'_, PyAny>>,
    sort: Option<&Bound<'_, PyAny>>,
    offset: Option<&Bound<'_, PyAny>>,
    limit: Option<&Bound<'_, PyAny>>,
) -> PyResult<ListInvitesQuery> {
    let (offset, limit) = page_numbers(py, offset, limit, MAX_PAGE_SIZE)?;
    Ok(ListInvitesQuery {
        email: opt_text(email, "email")?,
        subaccount_type: opt_text(subaccount_type, "subaccount_type")?,
        status: opt_text(status, "status")?,
        date_created: opt_text(date_created, "date_created")?,
        last_sent_date: opt_text(last_sent_date, "last_sent_date")?,
        search: opt_text(search, "search")?,
        sort: opt_text(sort, "sort")?,
        offset,
        limit,
    })
}

/// A list's `page_size` (default and most: 1000, every list's `limit` rule) as its `limit`.
fn page_size(py: Python<'_>, obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<u32>> {
    let size = opt_int(obj, "page_size")?.unwrap_or(MAX_PAGE_SIZE.into());
    Ok(Some(
        checked_count("page_size", size, 1, MAX_PAGE_SIZE).py(py)?,
    ))
}

#[pymethods]
impl PyClient {
    #[new]
    #[pyo3(signature = (api_key=None, *, region=None, base_url=None, timeout=None,
                        max_retries=None, rate_limit=None, connect_timeout=None,
                        user_agent=None, backoff=None, max_backoff=None,
                        max_rate_limit_wait=None, max_retry_after=None, ca_bundle=None,
                        proxy=None, max_response_bytes=None),
           text_signature = "(api_key=None, *, region='us', base_url=None, timeout=30.0, \
                             max_retries=2, rate_limit=None, connect_timeout=10.0, \
                             user_agent=None, backoff=0.5, max_backoff=8.0, \
                             max_rate_limit_wait=180.0, max_retry_after=60.0, ca_bundle=None, \
                             proxy=None, max_response_bytes=16777216)")]
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        py: Python<'_>,
        api_key: Option<&Bound<'_, PyAny>>,
        region: Option<&Bound<'_, PyAny>>,
        base_url: Option<&Bound<'_, PyAny>>,
        timeout: Option<&Bound<'_, PyAny>>,
        max_retries: Option<&Bound<'_, PyAny>>,
        rate_limit: Option<&Bound<'_, PyAny>>,
        connect_timeout: Option<&Bound<'_, PyAny>>,
        user_agent: Option<&Bound<'_, PyAny>>,
        backoff: Option<&Bound<'_, PyAny>>,
        max_backoff: Option<&Bound<'_, PyAny>>,
        max_rate_limit_wait: Option<&Bound<'_, PyAny>>,
        max_retry_after: Option<&Bound<'_, PyAny>>,
        ca_bundle: Option<&Bound<'_, PyAny>>,
        proxy: Option<&Bound<'_, PyAny>>,
        max_response_bytes: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyClient> {
        let args = ClientArgs {
            api_key,
            region,
            base_url,
            timeout,
            max_retries,
            rate_limit,
            connect_timeout,
            user_agent,
            backoff,
            max_backoff,
            max_rate_limit_wait,
            max_retry_after,
            max_response_bytes,
            ca_bundle,
            proxy,
        };
        let builder = configure(py, &args, Limiter::documented())?;
        PyClient::from_builder(py, builder)
    }

    /// The base URL every endpoint path is joined to.
    #[getter]
    fn base_url(&self) -> &str {
        &self.base_url
    }

    /// POST account/subaccount/invite: invites each address to open a subaccount.
    ///
    /// Args:
    ///     emails (list[str] | tuple[str, ...]): at least one valid address (a lone str is
    ///         refused, never split).
    ///     subaccount_type (str): e.g. "retail", "enterprise", "reseller", "managed" (the
    ///         allowed values depend on the account).
    ///     invite_note (str | None): a message sent with the invite.
    ///
    /// Raises:
    ///     ValidationError: a documented rule is broken; nothing was sent.
    ///     ApiError: the API refused it (see its subclasses).
    #[pyo3(signature = (emails, subaccount_type, invite_note=None))]
    fn send_invite(
        &self,
        py: Python<'_>,
        emails: &Bound<'_, PyAny>,
        subaccount_type: &Bound<'_, PyAny>,
        invite_note: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let request = SendInviteRequest {
            emails: texts(emails, "emails")?,
            subaccount_type: text(subaccount_type, "subaccount_type")?,
            invite_note: opt_text(invite_note, "invite_note")?,
        };
        let client = self.client().py(py)?;
        detached(py, |cancel| {
            client.with_cancel(cancel).send_invite(&request)
        })
    }

    /// GET account/subaccount/invite: one page of invites.
    ///
    /// Args:
    ///     email, subaccount_type, date_created, last_sent_date (str | None): exact filters
    ///         (dates "yyyy-MM-dd HH:mm:ss", or a prefix such as "2019-01-14").
    ///     status (str | None): pending, accepted, expired, cancelled (or canceled).
    ///     search (str | None): an exact email, or with a leading "%" any email containing the
    ///         rest.
    ///     sort (str | None): properties separated by commas, "-" for descending.
    ///     offset (int | None): index of the first invite.
    ///     limit (int | None): page size, 1 to 1000.
    ///
    /// Returns:
    ///     InvitePage
    ///
    /// Raises:
    ///     ValidationError: limit or offset out of range; nothing was sent.
    #[pyo3(signature = (*, email=None, subaccount_type=None, status=None, date_created=None,
                        last_sent_date=None, search=None, sort=None, offset=None, limit=None))]
    #[allow(clippy::too_many_arguments)]
    fn list_invites(
        &self,
        py: Python<'_>,
        email: Option<&Bound<'_, PyAny>>,
        subaccount_type: Option<&Bound<'_, PyAny>>,
        status: Option<&Bound<'_, PyAny>>,
        date_created: Option<&Bound<'_, PyAny>>,
        last_sent_date: Option<&Bound<'_, PyAny>>,
        search: Option<&Bound<'_, PyAny>>,
        sort: Option<&Bound<'_, PyAny>>,
        offset: Option<&Bound<'_, PyAny>>,
        limit: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyInvitePage>> {
        let query = invites_query(
            py,
            email,
            subaccount_type,
            status,
            date_created,
            last_sent_date,
            search,
            sort,
            offset,
            limit,
        )?;
        self.call(py, move |c| c.list_invites(&query))
    }

    /// Every invite matching the filters (those of list_invites), fetched lazily one page of
    /// page_size (1 to 1000) at a time.
    ///
    /// Returns:
    ///     PageIterator[Invite]: with `total` and `fetched` for progress.
    #[pyo3(signature = (*, email=None, subaccount_type=None, status=None, date_created=None,
                        last_sent_date=None, search=None, sort=None, page_size=None),
           text_signature = "($self, *, email=None, subaccount_type=None, status=None, \
                             date_created=None, last_sent_date=None, search=None, sort=None, \
                             page_size=1000)")]
    #[allow(clippy::too_many_arguments)]
    fn iter_invites(
        &self,
        py: Python<'_>,
        email: Option<&Bound<'_, PyAny>>,
        subaccount_type: Option<&Bound<'_, PyAny>>,
        status: Option<&Bound<'_, PyAny>>,
        date_created: Option<&Bound<'_, PyAny>>,
        last_sent_date: Option<&Bound<'_, PyAny>>,
        search: Option<&Bound<'_, PyAny>>,
        sort: Option<&Bound<'_, PyAny>>,
        page_size: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyPageIterator> {
        let mut query = invites_query(
            py,
            email,
            subaccount_type,
            status,
            date_created,
            last_sent_date,
            search,
            sort,
            None,
            None,
        )?;
        query.limit = self::page_size(py, page_size)?;
        Ok(PyPageIterator::new(
            self.client().py(py)?.invites(query).py(py)?,
        ))
    }

    /// POST account: creates a subaccount.
    ///
    /// Args:
    ///     account_type (str): e.g. "retail" or "managed" (allowed values depend on the account).
    ///     allowed_grandchildren (list[str]): account types the subaccount may create.
    ///     user (dict): first_name, last_name, email (required), username, job_title, telephone.
    ///     organization (dict): name, address, zip, city, state, country (required),
    ///         assumed_name, address2, telephone.
    ///     account_manager_user_id (int | None), bill_parent (bool | None),
    ///     child_name (str | None): optional settings.
    ///
    /// Returns:
    ///     Subaccount: for "managed", `api_key` holds its key, shown this one time only.
    ///
    /// Raises:
    ///     ValidationError: a documented rule is broken; nothing was sent.
    ///     DecodeError: created, but the answer could not be read: do not repeat; the key, if
    ///         any, is in `one_time_key`.
    #[pyo3(signature = (account_type, *, allowed_grandchildren, user, organization,
                        account_manager_user_id=None, bill_parent=None, child_name=None))]
    #[allow(clippy::too_many_arguments)]
    fn create_subaccount(
        &self,
        py: Python<'_>,
        account_type: &Bound<'_, PyAny>,
        allowed_grandchildren: &Bound<'_, PyAny>,
        user: &Bound<'_, PyAny>,
        organization: &Bound<'_, PyAny>,
        account_manager_user_id: Option<&Bound<'_, PyAny>>,
        bill_parent: Option<&Bound<'_, PyAny>>,
        child_name: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PySubaccount>> {
        let request = CreateSubaccountRequest {
            account_type: text(account_type, "account_type")?,
            allowed_grandchildren: texts(allowed_grandchildren, "allowed_grandchildren")?,
            account_manager_user_id: opt_int(account_manager_user_id, "account_manager_user_id")?,
            bill_parent: opt_bool(bill_parent, "bill_parent")?,
            child_name: opt_text(child_name, "child_name")?,
            user: dict_to_request(user, "user").py(py)?,
            organization: dict_to_request(organization, "organization").py(py)?,
        };
        self.call(py, move |c| c.create_subaccount(&request))
    }

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
                .map(AccessRole::new)
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

    /// POST organization: creates an organization, or under the duplicate check (the default)
    /// returns the matching existing one; that makes it safe to retry, and it is.
    ///
    /// Args:
    ///     name (str): legal name.
    ///     address, city, state, zip, country, telephone (str): required.
    ///     organization_contact (dict): first_name, last_name, email, telephone (required),
    ///         job_title, telephone_extension.
    ///     assumed_name, address2 (str | None): optional.
    ///     skip_duplicate_org_check (bool | None): True always creates a new one.
    ///
    /// Returns:
    ///     CreatedOrganization: `.id` (of an existing one when the duplicate check matched).
    ///
    /// Raises:
    ///     ValidationError: a documented rule is broken; nothing was sent.
    #[pyo3(signature = (name, *, address, city, state, zip, country, telephone,
                        organization_contact, assumed_name=None, address2=None,
                        skip_duplicate_org_check=None))]
    #[allow(clippy::too_many_arguments)]
    fn create_organization(
        &self,
        py: Python<'_>,
        name: &Bound<'_, PyAny>,
        address: &Bound<'_, PyAny>,
        city: &Bound<'_, PyAny>,
        state: &Bound<'_, PyAny>,
        zip: &Bound<'_, PyAny>,
        country: &Bound<'_, PyAny>,
        telephone: &Bound<'_, PyAny>,
        organization_contact: &Bound<'_, PyAny>,
        assumed_name: Option<&Bound<'_, PyAny>>,
        address2: Option<&Bound<'_, PyAny>>,
        skip_duplicate_org_check: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyCreatedOrganization>> {
        let request = CreateOrganizationRequest {
            name: text(name, "name")?,
            assumed_name: opt_text(assumed_name, "assumed_name")?,
            address: text(address, "address")?,
            address2: opt_text(address2, "address2")?,
            city: text(city, "city")?,
            state: text(state, "state")?,
            zip: text(zip, "zip")?,
            country: text(country, "country")?,
            telephone: text(telephone, "telephone")?,
            organization_contact: dict_to_request(organization_contact, "organization_contact")
                .py(py)?,
            skip_duplicate_org_check: opt_bool(
                skip_duplicate_org_check,
                "skip_duplicate_org_check",
            )?,
        };
        self.call(py, move |c| c.create_organization(&request))
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

    /// GET organization: one page of the account's organizations.
    ///
    /// Args:
    ///     include_validation (bool | None): include each organization's validations.
    ///     filters (Mapping[str, str] | None): e.g. {"status": "active"}, {"validation":
    ///         "pending"}, {"container_id_for_organization": "5"}.
    ///     search (str | None): an exact ID, or a name containing the text.
    ///     sort (str | None), offset (int | None), limit (int | None, at least 1).
    ///
    /// Returns:
    ///     OrganizationPage
    #[pyo3(signature = (*, include_validation=None, filters=None, search=None, sort=None,
                        offset=None, limit=None))]
    #[allow(clippy::too_many_arguments)]
    fn list_organizations(
        &self,
        py: Python<'_>,
        include_validation: Option<&Bound<'_, PyAny>>,
        filters: Option<&Bound<'_, PyAny>>,
        search: Option<&Bound<'_, PyAny>>,
        sort: Option<&Bound<'_, PyAny>>,
        offset: Option<&Bound<'_, PyAny>>,
        limit: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyOrganizationPage>> {
        let query = ListOrganizationsQuery {
            include_validation: opt_bool(include_validation, "include_validation")?,
            list: list_params(py, filters, search, sort, offset, limit)?,
        };
        self.call(py, move |c| c.list_organizations(&query))
    }

    /// Every organization matching the parameters (those of list_organizations).
    ///
    /// Returns:
    ///     PageIterator[Organization]
    #[pyo3(signature = (*, include_validation=None, filters=None, search=None, sort=None,
                        page_size=None),
           text_signature = "($self, *, include_validation=None, filters=None, search=None, \
                             sort=None, page_size=1000)")]
    fn iter_organizations(
        &self,
        py: Python<'_>,
        include_validation: Option<&Bound<'_, PyAny>>,
        filters: Option<&Bound<'_, PyAny>>,
        search: Option<&Bound<'_, PyAny>>,
        sort: Option<&Bound<'_, PyAny>>,
        page_size: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyPageIterator> {
        let mut query = ListOrganizationsQuery {
            include_validation: opt_bool(include_validation, "include_validation")?,
            list: list_params(py, filters, search, sort, None, None)?,
        };
        query.list.limit = self::page_size(py, page_size)?;
        Ok(PyPageIterator::new(
            self.client().py(py)?.organizations(query).py(py)?,
        ))
    }

    /// GET organization/{organization_id}: one organization's details.
    ///
    /// Raises:
    ///     NotFoundError: no such organization.
    fn get_organization(
        &self,
        py: Python<'_>,
        organization_id: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyOrganization>> {
        let id = int(organization_id, "organization_id")?;
        self.call(py, move |c| c.get_organization(id))
    }

    /// GET account/subaccount: one page of the account's subaccounts.
    ///
    /// Args:
    ///     filters (Mapping[str, str] | None), search (str | None: organization name, a leading
    ///     "%" for "contains"), sort (str | None: account_id, account_type, organization_name,
    ///     date_created, account_manager), offset, limit (int | None).
    ///
    /// Returns:
    ///     SubaccountPage
    #[pyo3(signature = (*, filters=None, search=None, sort=None, offset=None, limit=None))]
    fn list_subaccounts(
        &self,
        py: Python<'_>,
        filters: Option<&Bound<'_, PyAny>>,
        search: Option<&Bound<'_, PyAny>>,
        sort: Option<&Bound<'_, PyAny>>,
        offset: Option<&Bound<'_, PyAny>>,
        limit: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PySubaccountPage>> {
        let query = ListSubaccountsQuery {
            list: list_params(py, filters, search, sort, offset, limit)?,
        };
        self.call(py, move |c| c.list_subaccounts(&query))
    }

    /// Every subaccount matching the parameters (those of list_subaccounts).
    ///
    /// Returns:
    ///     PageIterator[SubaccountSummary]
    #[pyo3(signature = (*, filters=None, search=None, sort=None, page_size=None),
           text_signature = "($self, *, filters=None, search=None, sort=None, page_size=1000)")]
    fn iter_subaccounts(
        &self,
        py: Python<'_>,
        filters: Option<&Bound<'_, PyAny>>,
        search: Option<&Bound<'_, PyAny>>,
        sort: Option<&Bound<'_, PyAny>>,
        page_size: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyPageIterator> {
        let mut query = ListSubaccountsQuery {
            list: list_params(py, filters, search, sort, None, None)?,
        };
        query.list.limit = self::page_size(py, page_size)?;
        Ok(PyPageIterator::new(
            self.client().py(py)?.subaccounts(query).py(py)?,
        ))
    }

    /// GET account/subaccount/{subaccount_id}: one subaccount's details.
    ///
    /// Raises:
    ///     NotFoundError: no such subaccount.
    fn get_subaccount(
        &self,
        py: Python<'_>,
        subaccount_id: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PySubaccountDetails>> {
        let id = int(subaccount_id, "subaccount_id")?;
        self.call(py, move |c| c.get_subaccount(id))
    }

    /// GET container: the account's containers (divisions).
    ///
    /// Returns:
    ///     list[Container]
    fn list_containers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let client = self.client().py(py)?;
        let containers = detached(py, |cancel| client.with_cancel(cancel).list_containers())?;
        let items = containers
            .into_iter()
            .map(|c| Py::new(py, PyContainer::new(c)))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
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
    ///     list[AccessRole]
    fn list_access_roles<'py>(
        &self,
        py: Python<'py>,
        container_id: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let id = int(container_id, "container_id")?;
        let client = self.client().py(py)?;
        let roles = detached(py, |cancel| {
            client.with_cancel(cancel).list_access_roles(id)
        })?;
        roles_list(py, roles)
    }

    /// GET key/api-roles: the roles an API key can be restricted to.
    ///
    /// Returns:
    ///     list[ApiKeyRole]
    fn list_api_key_roles<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let client = self.client().py(py)?;
        let roles = detached(py, |cancel| client.with_cancel(cancel).list_api_key_roles())?;
        roles_list(py, roles)
    }

    /// Any other Services API endpoint, with the same authentication, retries and errors.
    ///
    /// Args:
    ///     method (str): GET, POST, PUT, PATCH, DELETE or HEAD.
    ///     path (str): relative to the base URL, e.g. "user/me" (may carry a query).
    ///     json (Any): sent as the JSON body.
    ///
    /// Returns:
    ///     Any: the parsed response (None for an empty body).
    ///
    /// Raises:
    ///     DecodeError: the answer is not JSON that json.loads can represent.
    #[pyo3(signature = (method, path, json=None))]
    fn request(
        &self,
        py: Python<'_>,
        method: &Bound<'_, PyAny>,
        path: &Bound<'_, PyAny>,
        json: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let method = text(method, "method")?;
        let path = text(path, "path")?;
        let body = json.map(|b| json_dumps(b, "json")).transpose().py(py)?;
        let client = self.client().py(py)?;
        let (status, raw) = detached(py, |cancel| {
            client
                .with_cancel(cancel)
                .request_raw_json_with_status(&method, &path, body.as_deref())
        })?;
        // Parsed by the parser that is then used; anything it refuses (nesting beyond its
        // recursion limit, a number with too many digits) is the DecodeError it would be.
        json_loads(py, raw.as_str()).map_err(|e| {
            let error = Error::Decode {
                http_status: status,
                message: format!(
                    "the response body is JSON that Python cannot represent ({})",
                    e.get_type(py)
                        .name()
                        .map_or_else(|_| "?".to_owned(), |n| n.to_string())
                ),
                body: Some(crate::error::ResponseBody::new(raw.as_str().as_bytes())),
                request: None,
            };
            to_py_err(py, error)
        })
    }

    /// Closes the client: its connections are released and further calls raise
    /// InvalidArgumentError. (An iterator already started keeps its connection until dropped.)
    fn close(&self) {
        *self.client.write().unwrap_or_else(|p| p.into_inner()) = None;
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, _args: &Bound<'_, pyo3::types::PyTuple>) {
        self.close();
    }

    fn __repr__(&self) -> String {
        format!("Client(base_url='{}', api_key=<redacted>)", self.base_url)
    }
}

fn roles_list<'py>(
    py: Python<'py>,
    roles: Vec<crate::models::Role>,
) -> PyResult<Bound<'py, PyList>> {
    let items = roles
        .into_iter()
        .map(|r| Py::new(py, PyRole::new(r)))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}
