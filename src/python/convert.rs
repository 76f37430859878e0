//! Python values in and out: dicts with the API's field names become request structs (through
//! JSON, so the core's serde definitions are the only field list), and results become Python
//! objects through `json.loads`.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;
use serde::de::{self, DeserializeOwned, Visitor};
use serde::Serialize;

use std::sync::{Arc, Mutex};

use crate::cancel::CancelToken;
use crate::error::Error;

fn json_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static JSON: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    JSON.get_or_try_init(py, || Ok(py.import("json")?.unbind()))
        .map(|m| m.bind(py))
}

/// Parses JSON text into Python objects (the C `json` module is the fastest route there).
pub(crate) fn json_loads(py: Python<'_>, text: &str) -> PyResult<Py<PyAny>> {
    Ok(json_module(py)?.call_method1("loads", (text,))?.unbind())
}

/// A serializable core value as plain Python dicts and lists.
pub(crate) fn to_python(py: Python<'_>, value: &impl Serialize) -> PyResult<Py<PyAny>> {
    let text = serde_json::to_string(value).map_err(|e| {
        pyo3::exceptions::PyRuntimeError::new_err(format!("cannot serialize a result: {e}"))
    })?;
    json_loads(py, &text)
}

/// Python data as JSON text; anything `json.dumps` refuses is an invalid `name`.
pub(crate) fn json_dumps(obj: &Bound<'_, PyAny>, name: &str) -> Result<String, Error> {
    let py = obj.py();
    json_module(py)
        .and_then(|json| json.call_method1("dumps", (obj,)))
        .and_then(|text| text.extract::<String>())
        .map_err(|e| Error::invalid_argument(name, format!("must be JSON-serializable ({e})")))
}

/// The field names serde knows for `T`, read from its derived `Deserialize` without a value.
fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Probe(Option<&'static [&'static str]>);
    #[derive(Debug)]
    struct Found;
    impl std::fmt::Display for Found {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("field names found")
        }
    }
    impl std::error::Error for Found {}
    impl de::Error for Found {
        fn custom<M: std::fmt::Display>(_: M) -> Found {
            Found
        }
    }
    impl<'de> de::Deserializer<'de> for &mut Probe {
        type Error = Found;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Found> {
            Err(Found)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Found> {
            self.0 = Some(fields);
            Err(Found)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    let mut probe = Probe(None);
    let _ = T::deserialize(&mut probe);
    probe.0.unwrap_or(&[])
}

/// A dict with the API's field names (e.g. `user` of `create_subaccount`) as a request struct.
/// Unknown keys and wrong types are named; rules (required, lengths) are left to the core.
pub(crate) fn dict_to_request<T: DeserializeOwned>(
    obj: &Bound<'_, PyAny>,
    name: &str,
) -> Result<T, Error> {
    if !obj.is_instance_of::<PyDict>() {
        return Err(Error::invalid_argument(
            name,
            format!(
                "must be a dict with the API's field names (got {})",
                obj.get_type()
                    .name()
                    .map_or_else(|_| "?".to_owned(), |n| n.to_string())
            ),
        ));
    }
    let text = json_dumps(obj, name)?;
    let serde_json::Value::Object(map) =
        serde_json::from_str(&text).map_err(|e| Error::invalid_argument(name, e.to_string()))?
    else {
        return Err(Error::invalid_argument(name, "must be a dict"));
    };
    let fields = field_names::<T>();
    if let Some(unknown) = map.keys().find(|k| !fields.contains(&k.as_str())) {
        return Err(Error::invalid_argument(
            format!("{name}.{unknown}"),
            format!("is not a field of {name} (fields: {})", fields.join(", ")),
        ));
    }
    serde_json::from_value(serde_json::Value::Object(map.clone())).map_err(|e| {
        // Find the key whose value has the wrong type, to name it.
        let culprit = map.iter().find(|(key, value)| {
            let single = serde_json::json!({ key.as_str(): value });
            serde_json::from_value::<T>(single).is_err()
        });
        match culprit {
            Some((key, _)) => Error::invalid_argument(format!("{name}.{key}"), e.to_string()),
            None => Error::invalid_argument(name, e.to_string()),
        }
    })
}

/// A `list` or `tuple` of dicts with the API's field names, each as a request struct (see
/// [`dict_to_request`]); an item is named by its index (`validations[1].type`).
pub(crate) fn dicts_to_requests<T: DeserializeOwned>(
    obj: &Bound<'_, PyAny>,
    name: &str,
) -> PyResult<Vec<T>> {
    use super::errors::IntoPy;
    super::args::items(obj, name, "dicts")?
        .iter()
        .enumerate()
        .map(|(i, item)| dict_to_request(item, &format!("{name}[{i}]")).py(obj.py()))
        .collect()
}

thread_local! {
    /// The token `_run_cancellable` gives the calls it runs on this thread (an asyncio task's
    /// cancellation); other calls watch Python's signals.
    static CALL_TOKEN: std::cell::RefCell<Option<CancelToken>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `call` with `token` as the cancellation of every core call it makes on this thread.
pub(crate) fn with_call_token<T>(token: CancelToken, call: impl FnOnce() -> T) -> T {
    let previous = CALL_TOKEN.with(|slot| slot.replace(Some(token)));
    struct Restore(Option<CancelToken>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            CALL_TOKEN.with(|slot| *slot.borrow_mut() = previous);
        }
    }
    let _restore = Restore(previous);
    call()
}

/// How often a waiting call lets Python run its signal handlers: Python runs them only when
/// asked, on its main thread, so this is a poll by nature.
const CHECK_SIGNALS_EVERY: std::time::Duration = std::time::Duration::from_millis(50);

/// Runs a core call with the GIL released, inside a panic boundary: a bug surfaces as
/// `InternalError`, never as a `BaseException` that `except Exception` misses. The call gets a
/// cancel token: an asyncio task's (see `_run_cancellable`), or one that a signal handler raising
/// (Ctrl-C) cancels, in which case that exception is raised here. This is the one path from
/// Python into the core (clippy refuses `detach` elsewhere).
pub(crate) fn detached<T: Send>(
    py: Python<'_>,
    call: impl FnOnce(&CancelToken) -> Result<T, Error> + Send,
) -> PyResult<T> {
    super::follow_logging_level(py);
    let raised: Arc<Mutex<Option<PyErr>>> = Arc::default();
    let token = CALL_TOKEN
        .with(|slot| slot.borrow().clone())
        .unwrap_or_else(|| {
            let raised = Arc::clone(&raised);
            CancelToken::polled(
                CHECK_SIGNALS_EVERY,
                Box::new(move || {
                    Python::attach(|py| match py.check_signals() {
                        Ok(()) => false,
                        Err(exception) => {
                            *raised.lock().unwrap_or_else(|p| p.into_inner()) = Some(exception);
                            true
                        }
                    })
                }),
            )
        });
    #[allow(clippy::disallowed_methods)] // This is the guarded path the lint points to.
    let outcome = py.detach(|| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| call(&token)))
            .unwrap_or_else(|panic| Err(Error::from_panic(panic.as_ref())))
    });
    outcome.map_err(|error| match error {
        Error::Interrupted => raised
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
            .unwrap_or_else(|| super::errors::to_py_err(py, Error::Interrupted)),
        other => super::errors::to_py_err(py, other),
    })
}
