//! Python arguments as Rust values. A value of the wrong type raises `ArgumentTypeError` (an
//! `InvalidArgumentError` that is also a `TypeError`) naming the argument and what it takes; a
//! value of the right type that Rust cannot hold raises `InvalidArgumentError`. `bool` is never
//! taken for a number, and a `str` is never taken for a list of strings.

use std::collections::BTreeMap;
use std::time::Duration;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple};

use super::errors::{to_py_err, wrong_type, IntoPy};
use crate::api::ListParams;
use crate::error::Error;
use crate::validate::{checked_count, MAX_PAGE_SIZE};

/// The Python type's name, for messages (`'int'`, `'set'`).
fn type_of(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string())
}

fn invalid(py: Python<'_>, field: &str, rule: impl Into<String>) -> PyErr {
    to_py_err(py, Error::invalid_argument(field, rule))
}

/// A `str`.
pub(crate) fn text(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<String> {
    let py = obj.py();
    if !obj.is_instance_of::<PyString>() {
        return Err(wrong_type(
            py,
            field,
            format!("must be a str (got {})", type_of(obj)),
        ));
    }
    obj.extract::<String>().map_err(|_| {
        invalid(
            py,
            field,
            "is not valid text: it holds a lone surrogate, which UTF-8 cannot encode",
        )
    })
}

/// An optional `str` (`None` is unset).
pub(crate) fn opt_text(obj: Option<&Bound<'_, PyAny>>, field: &str) -> PyResult<Option<String>> {
    obj.map(|o| text(o, field)).transpose()
}

/// The items of a `list` or `tuple`; anything else (a `str`, a `set`, a generator) is refused
/// so that a lone string is never split into characters and the order is the caller's.
pub(crate) fn items<'py>(
    obj: &Bound<'py, PyAny>,
    field: &str,
    of: &str,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    if let Ok(list) = obj.cast::<PyList>() {
        return Ok(list.iter().collect());
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        return Ok(tuple.iter().collect());
    }
    Err(wrong_type(
        obj.py(),
        field,
        format!("must be a list or tuple of {of} (got {})", type_of(obj)),
    ))
}

/// A `list` or `tuple` of `str`.
pub(crate) fn texts(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<Vec<String>> {
    items(obj, field, "str")?
        .iter()
        .enumerate()
        .map(|(i, item)| text(item, &format!("{field}[{i}]")))
        .collect()
}

/// An `int` (not a `bool`) that fits in 64 bits.
pub(crate) fn int(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<i64> {
    let py = obj.py();
    if obj.is_instance_of::<PyBool>() || !obj.is_instance_of::<PyInt>() {
        return Err(wrong_type(
            py,
            field,
            format!("must be an int (got {})", type_of(obj)),
        ));
    }
    obj.extract::<i64>().map_err(|_| {
        invalid(
            py,
            field,
            format!(
                "must be between {} and {} (got a larger number)",
                i64::MIN,
                i64::MAX
            ),
        )
    })
}

/// An optional `int`.
pub(crate) fn opt_int(obj: Option<&Bound<'_, PyAny>>, field: &str) -> PyResult<Option<i64>> {
    obj.map(|o| int(o, field)).transpose()
}

/// A `list` or `tuple` of `int`.
pub(crate) fn ints(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<Vec<i64>> {
    items(obj, field, "int")?
        .iter()
        .enumerate()
        .map(|(i, item)| int(item, &format!("{field}[{i}]")))
        .collect()
}

/// An optional list of `int`.
pub(crate) fn opt_ints(obj: Option<&Bound<'_, PyAny>>, field: &str) -> PyResult<Option<Vec<i64>>> {
    obj.map(|o| ints(o, field)).transpose()
}

/// An optional `bool` (an `int` is refused: `1` is not `True` here).
pub(crate) fn opt_bool(obj: Option<&Bound<'_, PyAny>>, field: &str) -> PyResult<Option<bool>> {
    obj.map(|o| {
        o.cast::<PyBool>().map(|b| b.is_true()).map_err(|_| {
            wrong_type(
                o.py(),
                field,
                format!("must be a bool (got {})", type_of(o)),
            )
        })
    })
    .transpose()
}

/// Seconds (an `int` or a `float`, not a `bool`) as a `Duration`; what a `Duration` cannot hold
/// (negative, NaN, infinite) is refused here, the documented maximum by the core.
pub(crate) fn seconds(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<Duration> {
    let py = obj.py();
    let number = obj.is_instance_of::<PyFloat>()
        || (obj.is_instance_of::<PyInt>() && !obj.is_instance_of::<PyBool>());
    if !number {
        return Err(wrong_type(
            py,
            field,
            format!(
                "must be a number of seconds, an int or a float (got {})",
                type_of(obj)
            ),
        ));
    }
    let value: f64 = obj.extract()?;
    Duration::try_from_secs_f64(value).map_err(|_| {
        invalid(
            py,
            field,
            format!("must be a non-negative, finite number of seconds (got {value})"),
        )
    })
}

/// A mapping of `str` to `str` (list filters).
pub(crate) fn filters(
    obj: Option<&Bound<'_, PyAny>>,
    field: &str,
) -> PyResult<BTreeMap<String, String>> {
    let Some(obj) = obj else {
        return Ok(BTreeMap::new());
    };
    let Ok(mapping) = obj.cast::<PyMapping>() else {
        return Err(wrong_type(
            obj.py(),
            field,
            format!("must be a mapping of str to str (got {})", type_of(obj)),
        ));
    };
    let mut out = BTreeMap::new();
    for item in mapping.items()?.iter() {
        let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
        let key = text(&key, &format!("{field} key"))?;
        let value = text(&value, &format!("{field}[{key}]"))?;
        out.insert(key, value);
    }
    Ok(out)
}

/// `offset`/`limit` of a list: validation errors carry the documented range.
pub(crate) fn page_numbers(
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
pub(crate) fn list_params(
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

/// A list's `page_size` (default and most: 1000, every list's `limit` rule) as its `limit`.
pub(crate) fn page_size(py: Python<'_>, obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<u32>> {
    let size = opt_int(obj, "page_size")?.unwrap_or(MAX_PAGE_SIZE.into());
    Ok(Some(
        checked_count("page_size", size, 1, MAX_PAGE_SIZE).py(py)?,
    ))
}
