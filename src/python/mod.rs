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

/// Re-reads the Python logging configuration (levels are cached between clients).
pub(crate) fn refresh_logging() {
    if let Some(handle) = LOGGING.get() {
        handle.reset();
    }
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
    fn init(py: Python<'_>) -> PyResult<()> {
        super::install_logging(py)
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
