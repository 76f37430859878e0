//! The pyo3 module `certcentral._certcentral` (feature `python`, built by maturin), re-exported
//! by `python/certcentral/__init__.py`. It translates arguments, calls the core with the GIL
//! released, and translates results and errors; no behaviour lives here.

mod client;
mod convert;
mod errors;
mod results;
mod testing;

use std::sync::OnceLock;

use pyo3::prelude::*;

static LOGGING: OnceLock<pyo3_log::ResetHandle> = OnceLock::new();

/// Re-reads the Python logging configuration; it is read whenever a client is made. The Rust
/// side logs only at the level the `certcentral` logger wants, so a disabled record costs one
/// atomic load instead of a trip into pyo3-log.
pub(crate) fn refresh_logging(py: Python<'_>) {
    if let Some(handle) = LOGGING.get() {
        handle.reset();
    }
    let level = py
        .import("logging")
        .and_then(|logging| logging.call_method1("getLogger", ("certcentral",)))
        .and_then(|logger| logger.call_method0("getEffectiveLevel"))
        .and_then(|level| level.extract::<i64>())
        .unwrap_or(30);
    log::set_max_level(match level {
        ..=10 => log::LevelFilter::Debug,
        11..=20 => log::LevelFilter::Info,
        21..=30 => log::LevelFilter::Warn,
        31..=40 => log::LevelFilter::Error,
        _ => log::LevelFilter::Off,
    });
}

/// Client for DigiCert CertCentral Services API v2 account management (native part).
#[pymodule(name = "_certcentral")]
mod certcentral_module {
    use pyo3::prelude::*;

    #[pymodule_export]
    use super::client::{PyClient, PyInviteIterator};
    #[pymodule_export]
    use super::results::{
        PyContainer, PyInvite, PyInvitePage, PySubaccount, PySubaccountOrganization,
        PySubaccountUser,
    };
    #[pymodule_export]
    use super::testing::PyEmulator;

    #[pymodule_export]
    #[allow(non_upper_case_globals)]
    const __version__: &str = crate::VERSION;

    #[pymodule_init]
    fn init(module: &Bound<'_, PyModule>) -> PyResult<()> {
        #[cfg(feature = "test-hooks")]
        {
            // Set as a plain attribute: not part of `__all__` or the stubs.
            let hook = pyo3::wrap_pyfunction!(super::panic_for_tests, module)?;
            module.setattr("_panic_for_tests", hook)?;
        }
        super::install_logging(module.py())
    }
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
    use errors::IntoPy;
    convert::detached(py, || -> Result<(), crate::Error> { panic!("{message}") }).py(py)
}
