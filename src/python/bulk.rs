//! The native half of `certcentral.bulk` and of the `certcentral` console script: plans from
//! dicts or a CSV file, runs with Python callbacks, and the CLI's entry point. Plain dicts and
//! lists go out; `python/certcentral/bulk.py` makes them typed.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::client::PyClient;
use super::convert::{detached, json_dumps};
use super::errors::IntoPy;
use crate::bulk::{self, Observer, OneTimeKey, Plan, PlanError, Progress, Report, Row, RunOptions};
use crate::cancel::CancelToken;
use crate::error::Error;

/// A checked plan (`certcentral.bulk.Plan` holds one).
#[pyclass(frozen, module = "certcentral._certcentral", name = "_BulkPlan")]
pub struct PyBulkPlan {
    plan: Plan,
}

#[pymethods]
impl PyBulkPlan {
    fn __len__(&self) -> usize {
        self.plan.len()
    }

    /// The operations' keys, in plan order.
    fn keys(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        detached(py, |_| self.plan.keys())
    }
}

type Problems = Vec<(Option<usize>, Option<u64>, Option<String>, String)>;

fn problems(error: PlanError) -> Problems {
    error
        .problems
        .into_iter()
        .map(|p| (p.row, p.line, p.column, p.message))
        .collect()
}

/// A plan from dicts, or its problems (every one, by row and column).
#[pyfunction]
pub(crate) fn _bulk_plan(rows: &Bound<'_, PyAny>) -> PyResult<(Option<PyBulkPlan>, Problems)> {
    let py = rows.py();
    let mut read = Vec::new();
    let mut found = Problems::new();
    for (i, row) in rows.try_iter()?.enumerate() {
        let row = row?;
        let object = if row.is_instance_of::<PyDict>() {
            let text = json_dumps(&row, "rows").py(py)?;
            serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&text).ok()
        } else {
            None
        };
        match object {
            Some(object) => read.push(Row::from_json(&object)),
            None => {
                found.push((Some(i + 1), None, None, "must be a dict".to_owned()));
                read.push(Row::default());
            }
        }
    }
    // Checking the rows is core work: through the guarded path.
    match detached(py, |_| Ok(Plan::from_rows(read)))? {
        Ok(plan) if found.is_empty() => Ok((Some(PyBulkPlan { plan }), found)),
        Ok(_) => Ok((None, found)),
        Err(error) => {
            // A row that was not a dict is reported once, for what it is.
            let bad: Vec<usize> = found.iter().filter_map(|p| p.0).collect();
            let rest = problems(error)
                .into_iter()
                .filter(|p| !p.0.is_some_and(|row| bad.contains(&row)));
            found.extend(rest);
            found.sort_by_key(|p| p.0);
            Ok((None, found))
        }
    }
}

/// A plan from a CSV file, or its problems.
#[pyfunction]
pub(crate) fn _bulk_plan_csv(
    py: Python<'_>,
    path: PathBuf,
) -> PyResult<(Option<PyBulkPlan>, Problems)> {
    if let Err(e) = std::fs::File::open(&path) {
        return Err(pyo3::exceptions::PyOSError::new_err(format!(
            "cannot read {}: {e}",
            path.display()
        )));
    }
    Ok(match detached(py, |_| Ok(Plan::from_csv_file(&path)))? {
        Ok(plan) => (Some(PyBulkPlan { plan }), Vec::new()),
        Err(error) => (None, problems(error)),
    })
}

/// Calls the Python callbacks on the run's calling thread; the first exception stops the run
/// and is raised when it has stopped.
pub(super) struct Callbacks {
    pub(super) progress: Option<Py<PyAny>>,
    pub(super) on_key: Option<Py<PyAny>>,
    pub(super) raised: Option<PyErr>,
}

impl Callbacks {
    fn call(
        &mut self,
        which: &'static str,
        make: impl FnOnce(Python<'_>) -> PyResult<Py<PyAny>>,
    ) -> Result<(), Error> {
        let callback = match which {
            "progress" => &self.progress,
            _ => &self.on_key,
        };
        let Some(callback) = callback else {
            return Ok(());
        };
        let outcome = Python::attach(|py| {
            let argument = make(py)?;
            callback.call1(py, (argument,)).map(drop)
        });
        outcome.map_err(|raised| {
            self.raised.get_or_insert(raised);
            Error::invalid_argument(which, "the callback raised an exception")
        })
    }
}

impl Observer for Callbacks {
    fn progress(&mut self, p: &Progress) -> Result<(), Error> {
        self.call("progress", |py| {
            let dict = PyDict::new(py);
            dict.set_item("total", p.total)?;
            for (state, count) in &p.counts {
                dict.set_item(state.name(), count)?;
            }
            dict.set_item("settled", p.settled)?;
            dict.set_item("elapsed", p.elapsed.as_secs_f64())?;
            dict.set_item("rate", p.rate())?;
            dict.set_item("eta", p.eta().map(|d| d.as_secs_f64()))?;
            Ok(dict.into_any().unbind())
        })
    }

    fn one_time_key(&mut self, key: &OneTimeKey) -> Result<(), Error> {
        self.call("on_key", |py| {
            let dict = PyDict::new(py);
            dict.set_item("key", &key.operation)?;
            dict.set_item("kind", key.kind.name())?;
            dict.set_item("id", key.id)?;
            dict.set_item("api_key", key.api_key.expose())?;
            Ok(dict.into_any().unbind())
        })
    }
}

pub(super) fn report_dict(py: Python<'_>, report: &Report) -> PyResult<Py<PyAny>> {
    let dict = PyDict::new(py);
    dict.set_item("journal", &report.journal)?;
    dict.set_item("keys_file", &report.keys_file)?;
    let counts = PyDict::new(py);
    for (state, count) in report.counts() {
        counts.set_item(state.name(), count)?;
    }
    dict.set_item("counts", counts)?;
    let operations = PyList::empty(py);
    for e in &report.entries {
        let entry = PyDict::new(py);
        entry.set_item("key", &e.key)?;
        entry.set_item("kind", e.kind.name())?;
        entry.set_item("state", e.state.name())?;
        entry.set_item("attempts", e.attempts)?;
        entry.set_item("id", e.created_id)?;
        entry.set_item("error_kind", &e.error_kind)?;
        entry.set_item("message", &e.message)?;
        entry.set_item("key_written", e.key_written)?;
        operations.append(entry)?;
    }
    dict.set_item("operations", operations)?;
    Ok(dict.into_any().unbind())
}

/// Runs `call` with the GIL released and the callbacks attached, and hands back the report.
fn drive(
    py: Python<'_>,
    progress: Option<Py<PyAny>>,
    on_key: Option<Py<PyAny>>,
    call: impl FnOnce(&mut Callbacks, &CancelToken) -> Result<Report, Error> + Send,
) -> PyResult<Py<PyAny>> {
    let mut callbacks = Callbacks {
        progress,
        on_key,
        raised: None,
    };
    let outcome = detached(py, |cancel| call(&mut callbacks, cancel));
    if let Some(raised) = callbacks.raised.take() {
        return Err(raised);
    }
    report_dict(py, &outcome?)
}

fn options(workers: usize, max_attempts: u32) -> RunOptions {
    RunOptions {
        workers,
        max_attempts,
        ..RunOptions::default()
    }
}

/// Runs a plan, journaling it in a new file.
#[pyfunction]
#[pyo3(signature = (client, plan, journal, keys_file, workers, max_attempts, progress, on_key))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn _bulk_run(
    py: Python<'_>,
    client: &Bound<'_, PyClient>,
    plan: &Bound<'_, PyBulkPlan>,
    journal: PathBuf,
    keys_file: Option<PathBuf>,
    workers: usize,
    max_attempts: u32,
    progress: Option<Py<PyAny>>,
    on_key: Option<Py<PyAny>>,
) -> PyResult<Py<PyAny>> {
    let client = client.get().client().py(py)?;
    let plan = &plan.get().plan;
    let options = RunOptions {
        keys_file,
        ..options(workers, max_attempts)
    };
    drive(py, progress, on_key, |observer, cancel| {
        let options = RunOptions {
            cancel: Some(cancel.clone()),
            ..options
        };
        bulk::run(&client, plan, &journal, &options, observer)
    })
}

/// Goes on with the run a journal holds.
#[pyfunction]
#[pyo3(signature = (client, journal, workers, max_attempts, retry_failed, progress, on_key))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn _bulk_resume(
    py: Python<'_>,
    client: &Bound<'_, PyClient>,
    journal: PathBuf,
    workers: usize,
    max_attempts: u32,
    retry_failed: bool,
    progress: Option<Py<PyAny>>,
    on_key: Option<Py<PyAny>>,
) -> PyResult<Py<PyAny>> {
    let client = client.get().client().py(py)?;
    let options = RunOptions {
        retry_failed,
        ..options(workers, max_attempts)
    };
    drive(py, progress, on_key, |observer, cancel| {
        let options = RunOptions {
            cancel: Some(cancel.clone()),
            ..options
        };
        bulk::resume(&client, &journal, &options, observer)
    })
}

/// The state of the run a journal holds.
#[pyfunction]
pub(crate) fn _bulk_status(py: Python<'_>, journal: PathBuf) -> PyResult<Py<PyAny>> {
    drive(py, None, None, |_, _| bulk::status(&journal))
}

/// The `certcentral` command with these arguments (the program name first); its exit code.
#[pyfunction]
pub(crate) fn _cli_main(py: Python<'_>, argv: Vec<String>) -> PyResult<i32> {
    detached(py, |cancel| Ok(crate::cli::run_until(argv, cancel)))
}
