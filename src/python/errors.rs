//! Core errors as Python exceptions. The classes live in `certcentral/_exceptions.py` (so that
//! `ValidationError` can also be a `ValueError` under abi3); this picks the class by status and
//! fills in the details.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};

use crate::error::Error;

fn exception_classes(py: Python<'_>) -> PyResult<&Bound<'_, PyDict>> {
    static BY_KIND: PyOnceLock<Py<PyDict>> = PyOnceLock::new();
    BY_KIND
        .get_or_try_init(py, || {
            let module = py.import("certcentral._exceptions")?;
            Ok(module.getattr("BY_KIND")?.cast_into::<PyDict>()?.unbind())
        })
        .map(|d| d.bind(py))
}

fn build(py: Python<'_>, err: &Error) -> PyResult<PyErr> {
    let classes = exception_classes(py)?;
    let class = match classes.get_item(err.kind())? {
        Some(class) => class,
        None => classes
            .get_item("panic")?
            .ok_or_else(|| pyo3::exceptions::PyRuntimeError::new_err(err.to_string()))?,
    };
    let kwargs = PyDict::new(py);
    kwargs.set_item("kind", err.kind())?;
    kwargs.set_item("http_status", err.http_status())?;
    let errors = PyList::empty(py);
    for detail in err.api_errors() {
        let entry = PyDict::new(py);
        entry.set_item("code", &detail.code)?;
        entry.set_item("message", &detail.message)?;
        errors.append(entry)?;
    }
    kwargs.set_item("errors", errors)?;
    kwargs.set_item("retry_after", err.retry_after().map(|d| d.as_secs_f64()))?;
    kwargs.set_item("body", err.body())?;
    kwargs.set_item("one_time_key", err.one_time_key())?;
    if let (Some(field), Some(rule)) = (err.field(), err.rule()) {
        kwargs.set_item("field", field)?;
        kwargs.set_item("rule", rule)?;
    }
    if let Some(request) = err.request() {
        kwargs.set_item("method", &request.method)?;
        kwargs.set_item("url", &request.url)?;
    }
    if !err.headers().is_empty() {
        let headers = PyDict::new(py);
        for (name, value) in err.headers() {
            headers.set_item(name, value)?;
        }
        kwargs.set_item("headers", headers)?;
    }
    let instance = class.call((err.to_string(),), Some(&kwargs))?;
    Ok(PyErr::from_value(instance))
}

/// `ArgumentTypeError` (an `InvalidArgumentError` that is also a `TypeError`) for an argument
/// of the wrong type.
pub(crate) fn wrong_type(py: Python<'_>, field: &str, rule: impl Into<String>) -> PyErr {
    let rule = rule.into();
    let error = Error::invalid_argument(field, rule.clone());
    let build = || -> PyResult<PyErr> {
        let class = py
            .import("certcentral._exceptions")?
            .getattr("ArgumentTypeError")?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("kind", error.kind())?;
        kwargs.set_item("field", field)?;
        kwargs.set_item("rule", &rule)?;
        kwargs.set_item("errors", PyList::empty(py))?;
        Ok(PyErr::from_value(
            class.call((error.to_string(),), Some(&kwargs))?,
        ))
    };
    build().unwrap_or_else(|failure| failure)
}

/// The Python exception for a core error.
pub(crate) fn to_py_err(py: Python<'_>, err: Error) -> PyErr {
    build(py, &err).unwrap_or_else(|failure| failure)
}

/// `?`-friendly conversion of core results.
pub(crate) trait IntoPy<T> {
    fn py(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPy<T> for Result<T, Error> {
    fn py(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py_err(py, e))
    }
}
