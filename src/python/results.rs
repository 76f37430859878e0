//! Typed result objects. Each wraps a core record: attributes carry the API's field names and
//! convert on access, `.raw` is the server's JSON (parsed once, on first use), `.to_dict()` the
//! typed fields as plain data. `repr()` never shows a key. Every class is made by one of two
//! macros (records, pages), invoked in its resource's file; `resource_classes!` lists a
//! resource's classes once, for the module and for unpickling.
//!
//! Results pickle (and `copy.deepcopy`) through their `raw` JSON, decoded again by the core on
//! the way back. A one-time `api_key` is left out of what is pickled: an unpickled result has
//! `api_key` None (`to_dict()` still holds the key, for callers who want to store it).

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyList, PyTuple};

use super::convert::json_loads;
use crate::api::{decode, RawJson, Response};
use crate::secret::Secret;

/// `.raw`, parsed on first access and kept.
pub(crate) fn cached_raw(
    py: Python<'_>,
    cache: &PyOnceLock<Py<PyAny>>,
    raw: &RawJson,
) -> PyResult<Py<PyAny>> {
    cache
        .get_or_try_init(py, || json_loads(py, raw.as_str()))
        .map(|v| v.clone_ref(py))
}

/// A core value as the Python value an attribute returns.
pub(crate) trait ToPy {
    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>>;
}

macro_rules! plain_to_py {
    ($($t:ty),*) => {$(
        impl ToPy for $t {
            fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                Ok(self.into_pyobject(py)?.into_any().unbind())
            }
        }
    )*};
}
plain_to_py!(
    i64,
    Option<i64>,
    Option<String>,
    Option<bool>,
    Vec<i64>,
    Vec<String>
);

impl ToPy for Option<Secret> {
    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.as_ref().map(|k| k.expose().to_owned()).to_py(py)
    }
}

/// A core result with its Python class.
pub(crate) trait Wrapped: Clone {
    type Class: pyo3::PyClass + Into<PyClassInitializer<Self::Class>>;
    fn wrap(self, py: Python<'_>) -> PyResult<Self::Class>;
}

impl<T: Wrapped> ToPy for Option<T> {
    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self {
            Some(record) => Ok(Py::new(py, record.clone().wrap(py)?)?.into_any()),
            None => Ok(py.None()),
        }
    }
}

impl<T: Wrapped> ToPy for Vec<T> {
    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let items = self
            .iter()
            .map(|record| Py::new(py, record.clone().wrap(py)?))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(PyList::new(py, items)?.into_any().unbind())
    }
}

/// A value as `repr` shows it.
pub(crate) fn shown(py: Python<'_>, value: &Py<PyAny>) -> PyResult<String> {
    Ok(value.bind(py).repr()?.to_string())
}

/// `raw` without a top-level `api_key`, for pickling.
pub(crate) fn without_key(raw: &RawJson) -> String {
    match raw.to_value() {
        serde_json::Value::Object(mut map) => {
            map.remove("api_key");
            serde_json::Value::Object(map).to_string()
        }
        other => other.to_string(),
    }
}

/// Rebuilds a pickled result: `kind` names its class, `raw` is its JSON.
#[pyfunction]
pub(crate) fn _restore(py: Python<'_>, kind: &str, raw: &str) -> PyResult<Py<PyAny>> {
    super::RESOURCES
        .iter()
        .find_map(|resource| (resource.restore)(py, kind, raw))
        .unwrap_or_else(|| {
            Err(pyo3::exceptions::PyValueError::new_err(format!(
                "not a certcentral result: {kind:?}"
            )))
        })
}

/// Decodes a pickled result of type `T` again.
pub(crate) fn restore<T: Response + Wrapped>(py: Python<'_>, raw: &str) -> PyResult<Py<PyAny>> {
    let record: T = decode(raw.as_bytes())
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    Ok(Py::new(py, record.wrap(py)?)?.into_any())
}

/// Rebuilds a pickled result from its class name and JSON; `None` for another resource's class.
pub(crate) type Restore = fn(Python<'_>, &str, &str) -> Option<PyResult<Py<PyAny>>>;

/// A resource's result classes, for the module and for unpickling.
pub(crate) struct Classes {
    /// Adds the classes to the module.
    pub(crate) register: fn(&Bound<'_, PyModule>) -> PyResult<()>,
    /// Rebuilds a pickled result of one of the classes; `None` for another class's name.
    pub(crate) restore: Restore,
}

/// Lists a resource's result classes once (`CLASSES`): each as `Class(CoreType) as "Name"`.
macro_rules! resource_classes {
    ($($class:ident($core:ty) as $name:literal),* $(,)?) => {
        /// This resource's result classes.
        pub(crate) const CLASSES: $crate::python::results::Classes = $crate::python::results::Classes {
            register: |module| {
                use pyo3::types::PyModuleMethods;
                $(module.add_class::<$class>()?;)*
                Ok(())
            },
            restore: |py, kind, raw| match kind {
                $($name => Some($crate::python::results::restore::<$core>(py, raw)),)*
                _ => None,
            },
        };
    };
}
pub(crate) use resource_classes;

/// `(certcentral._certcentral._restore, (kind, raw))`: how results pickle.
pub(crate) fn reduce<'py>(
    py: Python<'py>,
    kind: &str,
    raw: String,
) -> PyResult<Bound<'py, PyTuple>> {
    let restore = py.import("certcentral._certcentral")?.getattr("_restore")?;
    PyTuple::new(
        py,
        [restore, PyTuple::new(py, [kind, raw.as_str()])?.into_any()],
    )
}

/// Defines a result class: the core record it wraps, its attributes (Python name = core
/// field), the ones `repr` shows, and whether it holds a one-time key (`secret`).
macro_rules! py_record {
    (
        $(#[doc = $doc:literal])*
        $class:ident($record:ty) as $name:literal $(, $secret:ident)? {
            $($(#[doc = $fdoc:literal])* $field:ident $(as $pyname:literal)?),* $(,)?
        }
        repr($($shown:ident),*)
    ) => {
        $(#[doc = $doc])*
        #[pyo3::pyclass(frozen, module = "certcentral._certcentral", name = $name)]
        pub struct $class {
            inner: $record,
            raw: pyo3::sync::PyOnceLock<Py<PyAny>>,
        }

        impl $crate::python::results::Wrapped for $record {
            type Class = $class;
            fn wrap(self, _: pyo3::Python<'_>) -> pyo3::PyResult<$class> {
                Ok($class::new(self))
            }
        }

        impl $class {
            pub(crate) fn new(inner: $record) -> $class {
                $class { inner, raw: pyo3::sync::PyOnceLock::new() }
            }
        }

        #[pyo3::pymethods]
        impl $class {
            $(
                $(#[doc = $fdoc])*
                #[getter]
                $(#[pyo3(name = $pyname)])?
                fn $field(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                    $crate::python::results::ToPy::to_py(&self.inner.$field, py)
                }
            )*
            /// The JSON the server sent for this object, unknown fields included.
            #[getter]
            fn raw(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                $crate::python::results::cached_raw(py, &self.raw, &self.inner.raw)
            }
            /// The typed fields as plain dicts and lists (a one-time key included).
            fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                $crate::python::convert::to_python(py, &self.inner)
            }
            fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
                other.cast::<$class>().is_ok_and(|o| o.get().inner == self.inner)
            }
            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                let mut parts: Vec<String> = Vec::new();
                $(parts.push(format!(
                    concat!(stringify!($shown), "={}"),
                    $crate::python::results::shown(py, &$crate::python::results::ToPy::to_py(&self.inner.$shown, py)?)?
                ));)*
                $(
                    let _ = stringify!($secret);
                    if self.inner.api_key.is_some() {
                        parts.push("api_key=<redacted>".to_owned());
                    }
                )?
                Ok(format!(concat!($name, "({})"), parts.join(", ")))
            }
            fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
                let secret = false $(|| !stringify!($secret).is_empty())?;
                let raw = if secret {
                    $crate::python::results::without_key(&self.inner.raw)
                } else {
                    self.inner.raw.as_str().to_owned()
                };
                $crate::python::results::reduce(py, $name, raw)
            }
        }
    };
}

/// Defines a page class: iterable, `len()`, indexable, `.items` and its named alias, the
/// page counts and `.raw`.
macro_rules! py_page {
    (
        $(#[doc = $doc:literal])*
        $class:ident(Page<$record:ty>) as $name:literal, $alias:ident
    ) => {
        $(#[doc = $doc])*
        #[pyo3::pyclass(frozen, module = "certcentral._certcentral", name = $name)]
        pub struct $class {
            items: Vec<Py<<$record as $crate::python::results::Wrapped>::Class>>,
            page: $crate::api::Page<$record>,
            raw: pyo3::sync::PyOnceLock<Py<PyAny>>,
        }

        impl $class {
            pub(crate) fn new(py: pyo3::Python<'_>, page: $crate::api::Page<$record>) -> pyo3::PyResult<$class> {
                let items = page
                    .items
                    .iter()
                    .map(|record| Py::new(py, $crate::python::results::Wrapped::wrap(record.clone(), py)?))
                    .collect::<PyResult<_>>()?;
                Ok($class { items, page, raw: pyo3::sync::PyOnceLock::new() })
            }
        }

        impl $crate::python::results::Wrapped for $crate::api::Page<$record> {
            type Class = $class;
            fn wrap(self, py: pyo3::Python<'_>) -> pyo3::PyResult<$class> {
                $class::new(py, self)
            }
        }

        #[pyo3::pymethods]
        impl $class {
            /// The records on this page.
            #[getter]
            fn items<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyList>> {
                pyo3::types::PyList::new(py, self.items.iter().map(|i| i.clone_ref(py)))
            }
            /// The records on this page (the same list as `items`).
            #[getter]
            fn $alias<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyList>> {
                self.items(py)
            }
            /// How many records match, over all pages; None when the server did not say.
            #[getter]
            fn total(&self) -> Option<u64> {
                self.page.total()
            }
            /// `page.limit` as the server reported it.
            #[getter]
            fn limit(&self) -> Option<u64> {
                self.page.limit()
            }
            /// `page.offset`: index of the first record on this page.
            #[getter]
            fn offset(&self) -> Option<u64> {
                self.page.offset()
            }
            /// The response exactly as the server sent it.
            #[getter]
            fn raw(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                $crate::python::results::cached_raw(py, &self.raw, &self.page.raw)
            }
            /// The typed fields, in the list response's shape.
            fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                $crate::python::convert::to_python(py, &self.page)
            }
            fn __len__(&self) -> usize {
                self.items.len()
            }
            fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                self.items(py)?.try_iter().map(Bound::into_any)
            }
            fn __getitem__(
                &self,
                py: Python<'_>,
                index: isize,
            ) -> PyResult<Py<<$record as $crate::python::results::Wrapped>::Class>> {
                let len = self.items.len() as isize;
                let at = if index < 0 { index + len } else { index };
                if !(0..len).contains(&at) {
                    return Err(pyo3::exceptions::PyIndexError::new_err(concat!(
                        $name,
                        " index out of range"
                    )));
                }
                Ok(self.items[at as usize].clone_ref(py))
            }
            fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
                other.cast::<$class>().is_ok_and(|o| o.get().page == self.page)
            }
            fn __repr__(&self) -> String {
                let show = |v: Option<u64>| v.map_or("None".to_owned(), |n| n.to_string());
                format!(
                    concat!($name, "(", stringify!($alias), "=<{} records>, total={}, limit={}, offset={})"),
                    self.items.len(),
                    show(self.page.total()),
                    show(self.page.limit()),
                    show(self.page.offset())
                )
            }
            fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
                $crate::python::results::reduce(py, $name, self.page.raw.as_str().to_owned())
            }
        }
    };
}
pub(crate) use {py_page, py_record};
