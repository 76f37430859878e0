//! `certcentral.Client`: its settings, views with other per-call options, and the one guarded
//! call path (arguments in, the core call with the GIL released, typed results out). The
//! endpoints are in one file per resource, each a `#[pymethods]` block of its own.

use std::sync::RwLock;

use pyo3::prelude::*;
use pyo3::types::PyList;

use super::args::{int, opt_text, seconds, text};
use super::convert::{detached, json_dumps, json_loads};
use super::errors::{to_py_err, wrong_type, IntoPy};
use super::results::Wrapped;
use crate::error::Error;
use crate::http::rate_limit::RateLimit;
use crate::{CallOptions, Client, ClientBuilder, Region};

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
    pub(crate) fn call<T: Wrapped + Send>(
        &self,
        py: Python<'_>,
        call: impl FnOnce(&Client) -> Result<T, Error> + Send,
    ) -> PyResult<Py<T::Class>> {
        let client = self.client().py(py)?;
        let result = detached(py, |cancel| call(&client.with_cancel(cancel)))?;
        let object = Py::new(py, result.wrap(py)?)?;
        delivered(py, object.clone_ref(py).into_any())?;
        Ok(object)
    }

    /// [`PyClient::call`] for a call that answers nothing (an update, a deletion): `None`.
    pub(crate) fn call_unit(
        &self,
        py: Python<'_>,
        call: impl FnOnce(&Client) -> Result<(), Error> + Send,
    ) -> PyResult<()> {
        let client = self.client().py(py)?;
        detached(py, |cancel| call(&client.with_cancel(cancel)))
    }

    /// [`PyClient::call`] for a call whose result is a list of records.
    pub(crate) fn call_list<'py, T: Wrapped + Send>(
        &self,
        py: Python<'py>,
        call: impl FnOnce(&Client) -> Result<Vec<T>, Error> + Send,
    ) -> PyResult<Bound<'py, PyList>> {
        let client = self.client().py(py)?;
        let records = detached(py, |cancel| call(&client.with_cancel(cancel)))?;
        let items = records
            .into_iter()
            .map(|record| Py::new(py, record.wrap(py)?))
            .collect::<PyResult<Vec<_>>>()?;
        let list = PyList::new(py, items)?;
        delivered(py, list.clone().into_any().unbind())?;
        Ok(list)
    }
}

/// Raises a signal that arrived during a call now, carrying its result: a creation whose
/// answer arrived is never lost to Ctrl-C.
fn delivered(py: Python<'_>, result: Py<PyAny>) -> PyResult<()> {
    if let Err(raised) = py.check_signals() {
        raised.value(py).setattr("certcentral_result", result)?;
        return Err(raised);
    }
    Ok(())
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
        windows.push(crate::http::rate_limit::Window {
            max_requests,
            period,
        });
    }
    RateLimit::new(windows).py(py)
}

/// `max_retries`: 0 or more.
fn retry_count(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<u32> {
    let retries = int(value, "max_retries")?;
    u32::try_from(retries)
        .map_err(|_| {
            Error::invalid_argument(
                "max_retries",
                format!("must be between 0 and {} (got {retries})", u32::MAX),
            )
        })
        .py(py)
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
        builder = builder.max_retries(retry_count(py, v)?);
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

    /// A view of this client whose calls use other settings: it shares the connections and
    /// the rate limiter, and is cheap to make (e.g. one per call). Settings left None keep
    /// this client's.
    ///
    /// Args:
    ///     timeout (float | None): seconds for one attempt, connect to last byte.
    ///     max_retries (int | None): retries after the first attempt; 0 turns them off.
    ///
    /// Returns:
    ///     Client
    ///
    /// Raises:
    ///     InvalidArgumentError: a value the constructor would refuse too.
    #[pyo3(signature = (*, timeout=None, max_retries=None))]
    fn with_options(
        &self,
        py: Python<'_>,
        timeout: Option<&Bound<'_, PyAny>>,
        max_retries: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyClient> {
        let options = CallOptions {
            timeout: given(timeout).map(|v| seconds(v, "timeout")).transpose()?,
            max_retries: given(max_retries).map(|v| retry_count(py, v)).transpose()?,
            ..CallOptions::default()
        };
        let view = self.client().py(py)?.with_options(options).py(py)?;
        Ok(PyClient {
            base_url: self.base_url.clone(),
            client: RwLock::new(Some(view)),
        })
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
