//! `certcentral.testing.Emulator`: the bundled emulator, in-process on 127.0.0.1.

use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::client::{configure, ClientArgs, Limiter, PyClient};
use super::convert::{detached, json_dumps, to_python};
use super::errors::IntoPy;
use crate::emulator::{
    DuplicateOrganizations, Emulator, EmulatorOptions, Fault, ServiceUsersPath, TlsOptions,
};
use crate::error::Error;
use crate::http::rate_limit::RateLimit;

/// An offline CertCentral on 127.0.0.1 for tests: every endpoint the Client calls, stateful,
/// with the documented rules, the real server's recorded answers, and scriptable faults.
///
/// Emulator(api_key="emulator-api-key", *, latency=0.0, subaccounts_enabled=True,
///          duplicate_organizations="reuse", subaccount_types=None, seed_invites=0,
///          rate_limit=False, time_scale=1.0, faults=None, port=0, tls=False,
///          tls_names=None, tls_expired=False, documented_empty_lists=False,
///          close_connections=False)
///
/// It answers the way recordings of the real server show (a list that matches nothing is the
/// page object alone, with no array; a wrong key is 403 access_denied_invalid_key);
/// documented_empty_lists=True answers an empty list with the docs' [] instead.
/// close_connections=True closes the connection after every answer, as the recorded server does.
///
/// With tls=True it serves HTTPS with a throw-away CA whose certificate is at ca_path (its
/// client() trusts it); tls_names (default localhost, 127.0.0.1, ::1) and tls_expired shape
/// the server certificate, to test a client's errors.
///
/// Use it as a context manager, or call close().
#[pyclass(frozen, module = "certcentral._certcentral", name = "Emulator")]
pub struct PyEmulator {
    emulator: Mutex<Option<Emulator>>,
    base_url: String,
    api_key: String,
    /// The CA certificate file, removed on close.
    ca_path: Option<std::path::PathBuf>,
}

/// Writes the CA's certificate where a client can be pointed at it.
fn write_ca(pem: &str) -> Result<std::path::PathBuf, Error> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let name = format!(
        "certcentral-emulator-ca-{}-{}.pem",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let path = std::env::temp_dir().join(name);
    std::fs::write(&path, pem)
        .map_err(|e| Error::invalid_argument("tls", format!("cannot write the CA: {e}")))?;
    Ok(path)
}

fn duplicate_policy(name: &str) -> Result<DuplicateOrganizations, Error> {
    name.parse()
        .map_err(|rule| Error::invalid_argument("duplicate_organizations", rule))
}

/// A non-negative count of things to make.
fn how_many(name: &str, value: i64) -> Result<usize, Error> {
    usize::try_from(value)
        .map_err(|_| Error::invalid_argument(name, format!("must be at least 0 (got {value})")))
}

/// Seconds as a `Duration`.
fn secs(value: f64, name: &str) -> Result<std::time::Duration, Error> {
    std::time::Duration::try_from_secs_f64(value).map_err(|_| {
        Error::invalid_argument(
            name,
            format!("must be a non-negative, finite number of seconds (got {value})"),
        )
    })
}

/// The emulator's time scale: a positive factor.
fn check_time_scale(value: f64) -> Result<f64, Error> {
    if value.is_finite() && value > 0.0 {
        return Ok(value);
    }
    Err(Error::invalid_argument(
        "time_scale",
        format!("must be a positive number (got {value})"),
    ))
}

fn fault_from(obj: &Bound<'_, PyAny>) -> Result<Fault, Error> {
    let text = json_dumps(obj, "fault")?;
    let fault: Fault =
        serde_json::from_str(&text).map_err(|e| Error::invalid_argument("fault", e.to_string()))?;
    fault
        .check()
        .map_err(|rule| Error::invalid_argument("fault", rule))?;
    Ok(fault)
}

impl PyEmulator {
    fn with<T>(&self, act: impl FnOnce(&Emulator) -> T) -> Result<T, Error> {
        let guard = self.emulator.lock().unwrap_or_else(|p| p.into_inner());
        guard
            .as_ref()
            .map(act)
            .ok_or_else(|| Error::invalid_argument("emulator", "is closed"))
    }
}

#[pymethods]
impl PyEmulator {
    #[new]
    #[pyo3(signature = (api_key="emulator-api-key", *, latency=0.0,
                        subaccounts_enabled=true, duplicate_organizations="reuse",
                        subaccount_types=None, seed_invites=0, rate_limit=false, time_scale=1.0,
                        faults=None, port=0, tls=false, tls_names=None, tls_expired=false,
                        documented_empty_lists=false, close_connections=false))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        api_key: &str,
        latency: f64,
        subaccounts_enabled: bool,
        duplicate_organizations: &str,
        subaccount_types: Option<Vec<String>>,
        seed_invites: i64,
        rate_limit: bool,
        time_scale: f64,
        faults: Option<Vec<Bound<'_, PyAny>>>,
        port: i64,
        tls: bool,
        tls_names: Option<Vec<String>>,
        tls_expired: bool,
        documented_empty_lists: bool,
        close_connections: bool,
    ) -> PyResult<PyEmulator> {
        let port = u16::try_from(port)
            .map_err(|_| {
                Error::invalid_argument("port", format!("must be 0 to 65535 (got {port})"))
            })
            .py(py)?;
        let seed_invites = crate::validate::checked_count("seed_invites", seed_invites, 0, u32::MAX)
            .py(py)? as usize;
        let defaults = EmulatorOptions::default();
        let latency = secs(latency, "latency").py(py)?;
        let faults = faults
            .unwrap_or_default()
            .iter()
            .map(fault_from)
            .collect::<Result<Vec<_>, _>>()
            .py(py)?;
        let options = EmulatorOptions {
            api_key: api_key.to_owned(),
            port,
            latency,
            jitter: defaults.jitter,
            subaccounts_enabled,
            duplicate_organizations: duplicate_policy(duplicate_organizations).py(py)?,
            subaccount_types: subaccount_types.unwrap_or(defaults.subaccount_types),
            seed_invites,
            worker_threads: defaults.worker_threads,
            rate_limit: rate_limit.then(RateLimit::documented),
            time_scale: check_time_scale(time_scale).py(py)?,
            faults,
            tls: (tls || tls_names.is_some() || tls_expired).then(|| {
                let mut options = TlsOptions::generated();
                if let TlsOptions::Generated { names, expired } = &mut options {
                    *names = tls_names.unwrap_or_else(|| names.clone());
                    *expired = tls_expired;
                }
                options
            }),
            documented_empty_lists,
            service_users_path: defaults.service_users_path,
            close_connections,
        };
        let emulator = Emulator::start(options)
            .map_err(|e| Error::invalid_argument("emulator", format!("cannot start: {e}")))
            .py(py)?;
        let ca_path = emulator.ca_pem().map(write_ca).transpose().py(py)?;
        Ok(PyEmulator {
            base_url: emulator.base_url().to_owned(),
            api_key: api_key.to_owned(),
            emulator: Mutex::new(Some(emulator)),
            ca_path,
        })
    }

    /// The path of the CA certificate (PEM) to trust over HTTPS (tls=True), or None.
    #[getter]
    fn ca_path(&self) -> Option<String> {
        self.ca_path.as_ref().map(|p| p.display().to_string())
    }

    /// The base URL to give a client, e.g. "http://127.0.0.1:41234/services/v2/".
    #[getter]
    fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The API key the emulator accepts.
    #[getter]
    fn api_key(&self) -> &str {
        &self.api_key
    }

    /// A Client for this emulator. Keywords are those of Client; `api_key` defaults to the
    /// emulator's, and `ca_bundle` to ca_path. The client-side limiter (on when the emulator
    /// enforces limits, or with rate_limit=True) runs on the emulator's time_scale.
    #[pyo3(signature = (*, timeout=None, max_retries=None, rate_limit=None, connect_timeout=None,
                        user_agent=None, backoff=None, max_backoff=None,
                        max_rate_limit_wait=None, max_retry_after=None, api_key=None,
                        ca_bundle=None, proxy=None, max_response_bytes=None),
           text_signature = "($self, *, timeout=30.0, max_retries=2, rate_limit=None, \
                             connect_timeout=10.0, user_agent=None, backoff=0.5, \
                             max_backoff=8.0, max_rate_limit_wait=180.0, max_retry_after=60.0, \
                             api_key=None, ca_bundle=None, proxy=None, \
                             max_response_bytes=16777216)")]
    #[allow(clippy::too_many_arguments)]
    fn client(
        &self,
        py: Python<'_>,
        timeout: Option<&Bound<'_, PyAny>>,
        max_retries: Option<&Bound<'_, PyAny>>,
        rate_limit: Option<&Bound<'_, PyAny>>,
        connect_timeout: Option<&Bound<'_, PyAny>>,
        user_agent: Option<&Bound<'_, PyAny>>,
        backoff: Option<&Bound<'_, PyAny>>,
        max_backoff: Option<&Bound<'_, PyAny>>,
        max_rate_limit_wait: Option<&Bound<'_, PyAny>>,
        max_retry_after: Option<&Bound<'_, PyAny>>,
        api_key: Option<&Bound<'_, PyAny>>,
        ca_bundle: Option<&Bound<'_, PyAny>>,
        proxy: Option<&Bound<'_, PyAny>>,
        max_response_bytes: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyClient> {
        let own_key = self.api_key.as_str().into_pyobject(py)?.into_any();
        let base_url = self.base_url.as_str().into_pyobject(py)?.into_any();
        let (enforced, scaled) = self
            .with(|e| (e.enforces_rate_limit(), e.client_rate_limit()))
            .py(py)?;
        let limiter = Limiter {
            when_on: scaled.clone(),
            when_unset: enforced.then_some(scaled),
        };
        let own_ca = self
            .ca_path()
            .map(|p| p.into_pyobject(py).map(|o| o.into_any()))
            .transpose()?;
        let args = ClientArgs {
            api_key: Some(api_key.filter(|k| !k.is_none()).unwrap_or(&own_key)),
            base_url: Some(&base_url),
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
            ca_bundle: ca_bundle.filter(|v| !v.is_none()).or(own_ca.as_ref()),
            proxy,
            ..ClientArgs::default()
        };
        let builder = configure(py, &args, limiter)?;
        PyClient::from_builder(py, builder)
    }

    /// What was created so far, requests per route, faults hit and requests rate-limited.
    fn stats(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let stats = self.with(Emulator::stats).py(py)?;
        to_python(py, &stats)
    }

    /// Installs a fault, e.g. add_fault(route="POST account", kind="reset_after", times=1).
    /// Kinds: respond (status, body, content_type, retry_after), delay (ms), hold (ms: the
    /// answer waits for release() or ms milliseconds), malformed (keep), truncated (keep),
    /// corrupt_field (field, value), reset_before, reset_after. `route` is "METHOD path" or "*";
    /// `times` limits how often it hits; `every` hits every n-th request.
    #[pyo3(signature = (**fault))]
    fn add_fault(&self, py: Python<'_>, fault: Option<&Bound<'_, PyDict>>) -> PyResult<()> {
        let fault = match fault {
            Some(dict) => fault_from(dict.as_any()).py(py)?,
            None => fault_from(PyDict::new(py).as_any()).py(py)?,
        };
        self.with(|e| e.add_fault(fault))
            .py(py)?
            .map_err(|rule| Error::invalid_argument("fault", rule))
            .py(py)
    }

    /// Answers every request to `route` ("METHOD path", e.g. "GET user") with `status` and
    /// exactly `body` until clear_faults(): how a test serves a recorded answer of the real
    /// server, byte for byte. Nothing is handled or created.
    #[pyo3(signature = (route, body, *, status=200))]
    fn replay(&self, py: Python<'_>, route: &str, body: &str, status: u16) -> PyResult<()> {
        self.with(|e| e.replay(route, status, body))
            .py(py)?
            .map_err(|rule| Error::invalid_argument("route", rule))
            .py(py)
    }

    /// Releases every answer a "hold" fault is holding (see add_fault).
    fn release(&self, py: Python<'_>) -> PyResult<()> {
        self.with(Emulator::release).py(py)
    }

    /// Removes every fault.
    fn clear_faults(&self, py: Python<'_>) -> PyResult<()> {
        self.with(Emulator::clear_faults).py(py)
    }

    /// Changes behaviour while running: subaccounts_enabled, duplicate_organizations,
    /// subaccount_types, latency (seconds), rate_limit, time_scale, documented_empty_lists,
    /// service_users_path ("user/api-only", the default, or "service-user": the path that lists
    /// service users; the other answers 404 not_found|route).
    #[pyo3(signature = (*, subaccounts_enabled=None, duplicate_organizations=None,
                        subaccount_types=None, latency=None, rate_limit=None, time_scale=None,
                        documented_empty_lists=None, service_users_path=None))]
    #[allow(clippy::too_many_arguments)]
    fn configure(
        &self,
        py: Python<'_>,
        subaccounts_enabled: Option<bool>,
        duplicate_organizations: Option<&str>,
        subaccount_types: Option<Vec<String>>,
        latency: Option<f64>,
        rate_limit: Option<bool>,
        time_scale: Option<f64>,
        documented_empty_lists: Option<bool>,
        service_users_path: Option<&str>,
    ) -> PyResult<()> {
        let service_users_path = service_users_path
            .map(|path| {
                path.parse::<ServiceUsersPath>()
                    .map_err(|rule| Error::invalid_argument("service_users_path", rule))
            })
            .transpose()
            .py(py)?;
        let policy = duplicate_organizations
            .map(duplicate_policy)
            .transpose()
            .py(py)?;
        let latency = latency.map(|s| secs(s, "latency")).transpose().py(py)?;
        let scale = time_scale.map(check_time_scale).transpose().py(py)?;
        self.with(|e| {
            e.configure(|o| {
                if let Some(v) = subaccounts_enabled {
                    o.subaccounts_enabled = v;
                }
                if let Some(v) = policy {
                    o.duplicate_organizations = v;
                }
                if let Some(v) = subaccount_types {
                    o.subaccount_types = v;
                }
                if let Some(v) = latency {
                    o.latency = v;
                }
                if let Some(on) = rate_limit {
                    o.rate_limit = on.then(RateLimit::documented);
                }
                if let Some(v) = scale {
                    o.time_scale = v;
                }
                if let Some(v) = documented_empty_lists {
                    o.documented_empty_lists = v;
                }
                if let Some(v) = service_users_path {
                    o.service_users_path = v;
                }
            })
        })
        .py(py)
    }

    /// Adds `count` invites with varied emails, types, statuses and dates.
    fn seed_invites(&self, py: Python<'_>, count: i64) -> PyResult<()> {
        let count = how_many("count", count).py(py)?;
        self.with(|e| e.seed_invites(count))
            .py(py)?
            .map_err(|rule| Error::invalid_argument("count", rule))
            .py(py)
    }

    /// Sets an invite's status (e.g. "accepted"); False if no invite has this id.
    fn set_invite_status(&self, py: Python<'_>, invite_id: i64, status: &str) -> PyResult<bool> {
        self.with(|e| e.set_invite_status(invite_id, status)).py(py)
    }

    /// Stops the emulator. Idempotent.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        let emulator = self
            .emulator
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(emulator) = emulator {
            // Shutting down cannot fail; a panic in it is still reported as InternalError.
            detached(py, |_| {
                emulator.shutdown();
                Ok(())
            })?;
            if let Some(path) = &self.ca_path {
                let _ = std::fs::remove_file(path);
            }
        }
        Ok(())
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, py: Python<'_>, _args: &Bound<'_, pyo3::types::PyTuple>) -> PyResult<bool> {
        self.close(py)?;
        Ok(false)
    }

    fn __repr__(&self) -> String {
        format!("Emulator(base_url='{}')", self.base_url)
    }
}
