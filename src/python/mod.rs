//! The pyo3 module `certcentral._certcentral` (feature `python`, built by maturin), re-exported
//! by `python/certcentral/__init__.py`. It translates arguments, calls the core with the GIL
//! released, and translates results and errors; no behaviour lives here.

mod args;
mod bulk;
mod client;
mod containers;
mod convert;
mod errors;
mod invites;
mod iterator;
mod keys;
mod organizations;
mod results;
mod state;
mod subaccounts;
mod testing;
mod users;

/// Every resource's result classes (added to the module, and restored when unpickled).
const RESOURCES: [results::Classes; 6] = [
    invites::CLASSES,
    subaccounts::CLASSES,
    users::CLASSES,
    organizations::CLASSES,
    containers::CLASSES,
    keys::CLASSES,
];

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::OnceLock;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple};

static LOGGING: OnceLock<pyo3_log::ResetHandle> = OnceLock::new();

/// The `certcentral` logger's effective level when it was last looked at (-1: never).
static LOG_LEVEL: AtomicI64 = AtomicI64::new(-1);

/// Follows the `certcentral` logger's level as it is now, before every call: users configure
/// logging whenever they like (pytest's caplog among them). One Python call per request; the
/// Rust side then logs only at levels the logger wants, so a disabled record costs one atomic
/// load instead of a trip into pyo3-log, whose cache is reset when the level changes.
pub(crate) fn follow_logging_level(py: Python<'_>) {
    static LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let level = LOGGER
        .get_or_try_init(py, || {
            Ok::<_, PyErr>(
                py.import("logging")?
                    .call_method1("getLogger", ("certcentral",))?
                    .unbind(),
            )
        })
        .and_then(|logger| logger.bind(py).call_method0("getEffectiveLevel"))
        .and_then(|level| level.extract::<i64>())
        .unwrap_or(30);
    if LOG_LEVEL.swap(level, Ordering::Relaxed) == level {
        return;
    }
    if let Some(handle) = LOGGING.get() {
        handle.reset();
    }
    log::set_max_level(match level {
        ..=10 => log::LevelFilter::Debug,
        11..=20 => log::LevelFilter::Info,
        21..=30 => log::LevelFilter::Warn,
        31..=40 => log::LevelFilter::Error,
        _ => log::LevelFilter::Off,
    });
}

/// Cancels a call run with `_run_cancellable` (the AsyncClient's cancellation).
#[pyclass(frozen, module = "certcentral._certcentral", name = "_CancelToken")]
pub(crate) struct PyCancelToken {
    token: crate::cancel::CancelToken,
}

#[pymethods]
impl PyCancelToken {
    #[new]
    fn new() -> PyCancelToken {
        PyCancelToken {
            token: crate::cancel::CancelToken::new(),
        }
    }

    /// Stops the call's waits and any retry not yet started, at once; a read under way is
    /// abandoned.
    fn cancel(&self) {
        self.token.cancel();
    }

    /// Whether `cancel` was called.
    #[getter]
    fn cancelled(&self) -> bool {
        self.token.is_cancelled()
    }
}

/// Calls `call(*args, **kwargs)` (a Client method, or `next` of an iterator) with `token` as
/// the cancellation of its core calls.
#[pyfunction]
#[pyo3(signature = (token, call, *args, **kwargs))]
fn _run_cancellable(
    token: &PyCancelToken,
    call: &Bound<'_, PyAny>,
    args: &Bound<'_, PyTuple>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyAny>> {
    convert::with_call_token(token.token.clone(), || {
        call.call(args, kwargs).map(Bound::unbind)
    })
}

/// Client for DigiCert CertCentral Services API v2 account management (native part).
#[pymodule(name = "_certcentral")]
mod certcentral_module {
    use pyo3::prelude::*;

    #[pymodule_export]
    use super::bulk::{
        _bulk_plan, _bulk_plan_csv, _bulk_resume, _bulk_run, _bulk_status, _cli_main, PyBulkPlan,
    };
    #[pymodule_export]
    use super::client::PyClient;
    #[pymodule_export]
    use super::iterator::PyPageIterator;
    #[pymodule_export]
    use super::results::_restore;
    #[pymodule_export]
    use super::state::{_state_apply, _state_plan};
    #[pymodule_export]
    use super::testing::PyEmulator;
    #[pymodule_export]
    use super::{_run_cancellable, PyCancelToken};

    #[pymodule_export]
    #[allow(non_upper_case_globals)]
    const __version__: &str = crate::VERSION;

    #[pymodule_init]
    fn init(module: &Bound<'_, PyModule>) -> PyResult<()> {
        for resource in &super::RESOURCES {
            (resource.register)(module)?;
        }
        module.setattr("_DEFAULTS", super::defaults(module.py())?)?;
        #[cfg(feature = "test-hooks")]
        {
            // Set as a plain attribute: not part of `__all__` or the stubs.
            let hook = pyo3::wrap_pyfunction!(super::panic_for_tests, module)?;
            module.setattr("_panic_for_tests", hook)?;
        }
        super::install_logging(module.py())
    }
}

/// The core's defaults by the `Client` keyword that sets each (`_DEFAULTS`): the stubs and
/// signatures that show them are checked against it (tests/python/test_stubs.py).
fn defaults(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let retry = crate::RetryPolicy::default();
    let defaults = PyDict::new(py);
    defaults.set_item("region", "us")?;
    defaults.set_item("timeout", crate::DEFAULT_TIMEOUT.as_secs_f64())?;
    defaults.set_item(
        "connect_timeout",
        crate::DEFAULT_CONNECT_TIMEOUT.as_secs_f64(),
    )?;
    defaults.set_item("max_retries", retry.max_retries)?;
    defaults.set_item("backoff", retry.initial_backoff.as_secs_f64())?;
    defaults.set_item("max_backoff", retry.max_backoff.as_secs_f64())?;
    defaults.set_item("max_retry_after", retry.max_retry_after.as_secs_f64())?;
    defaults.set_item(
        "max_rate_limit_wait",
        crate::DEFAULT_MAX_RATE_LIMIT_WAIT.as_secs_f64(),
    )?;
    defaults.set_item("max_response_bytes", crate::DEFAULT_MAX_RESPONSE_BYTES)?;
    Ok(defaults)
}

/// Request method, path, status and attempt go to the Python logger "certcentral"; nothing from
/// other crates (their records could show URLs with query strings).
fn install_logging(py: Python<'_>) -> PyResult<()> {
    if LOGGING.get().is_some() {
        return Ok(());
    }
    let logger = pyo3_log::Logger::new(py, pyo3_log::Caching::LoggersAndLevels)?
        .filter(log::LevelFilter::Off)
        .filter_target("certcentral".to_owned(), log::LevelFilter::Debug);
    if let Ok(handle) = logger.install() {
        let _ = LOGGING.set(handle);
    }
    Ok(())
}

/// Panics inside the guarded path into the core, so tests can prove that a bug surfaces as
/// `certcentral.InternalError` (only in builds with the `test-hooks` feature).
#[cfg(feature = "test-hooks")]
#[pyfunction]
fn panic_for_tests(py: Python<'_>, message: String) -> PyResult<()> {
    convert::detached(py, |_| -> Result<(), crate::Error> { panic!("{message}") })
}
