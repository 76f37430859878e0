//! The native half of `certcentral.state`: plans (as the saved-plan JSON, which
//! `python/certcentral/state.py` makes typed) and applies, with the core owning the behaviour.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::bulk::{report_dict, Callbacks};
use super::client::PyClient;
use super::convert::detached;
use super::errors::IntoPy;
use crate::state::{self, ApplyOptions, SavedPlan, Scope, Source};

fn scope(prune: bool, targets: Option<Vec<String>>) -> Scope {
    Scope {
        prune,
        targets: targets.unwrap_or_default(),
    }
}

/// Reads the account and plans the state file at `path`; the saved plan's JSON (the plan, the
/// wanted state and the live state's digests).
#[pyfunction]
#[pyo3(signature = (client, path, prune, targets))]
pub(crate) fn _state_plan(
    py: Python<'_>,
    client: &Bound<'_, PyClient>,
    path: PathBuf,
    prune: bool,
    targets: Option<Vec<String>>,
) -> PyResult<String> {
    let client = client.get().client().py(py)?;
    detached(py, |_| {
        let source = Source::load(&path, scope(prune, targets))?;
        let saved = match &source {
            Source::File(desired, scope) => state::plan_to_save(&client, desired, scope)?,
            Source::Saved(saved) => {
                let mut saved = saved.clone();
                saved.plan = state::plan(&client, &source)?;
                saved
            }
        };
        serde_json::to_string(&saved)
            .map_err(|e| crate::Error::invalid_argument("plan", e.to_string()))
    })
}

/// Converges the account to a state file (`path`) or a saved plan (`saved`, its JSON).
#[pyfunction]
#[pyo3(signature = (client, path, saved, journal, workers, max_attempts, progress))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn _state_apply(
    py: Python<'_>,
    client: &Bound<'_, PyClient>,
    path: Option<PathBuf>,
    saved: Option<String>,
    journal: PathBuf,
    workers: usize,
    max_attempts: u32,
    progress: Option<Py<PyAny>>,
) -> PyResult<Py<PyAny>> {
    let client = client.get().client().py(py)?;
    let mut callbacks = Callbacks {
        progress,
        on_key: None,
        raised: None,
    };
    let outcome = detached(py, |cancel| {
        let source = match (&path, &saved) {
            (_, Some(text)) => Source::Saved(SavedPlan::parse(text).ok_or_else(|| {
                crate::Error::invalid_argument("plan", "is not a saved plan of this version")
            })?),
            (Some(path), None) => Source::load(path, Scope::default())?,
            (None, None) => {
                return Err(crate::Error::invalid_argument(
                    "plan",
                    "give a state file or a saved plan",
                ))
            }
        };
        let options = ApplyOptions {
            workers,
            max_attempts,
            cancel: Some(cancel.clone()),
        };
        state::apply(&client, &source, &journal, &options, &mut callbacks)
    });
    if let Some(raised) = callbacks.raised.take() {
        return Err(raised);
    }
    let report = outcome?;
    let dict = PyDict::new(py);
    let stages = PyList::empty(py);
    for stage in &report.stages {
        stages.append(report_dict(py, stage)?)?;
    }
    dict.set_item("stages", stages)?;
    let remaining = serde_json::to_string(&report.remaining)
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    dict.set_item("remaining", remaining)?;
    dict.set_item("converged", report.converged)?;
    dict.set_item("keys_file", &report.keys_file)?;
    Ok(dict.into_any().unbind())
}
