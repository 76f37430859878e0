//! `RawJson`: the exact JSON text the server sent for one object, kept beside its typed fields.

use std::fmt;

use serde_json::value::RawValue;

/// The JSON the server sent for one response object, unknown fields included, exactly as received.
///
/// It is captured while decoding, so the body is not parsed twice into a tree. `Debug` prints
/// only the length: the raw JSON of a managed subaccount holds its one-time `api_key`.
#[derive(Clone)]
pub struct RawJson(Box<RawValue>);

impl RawJson {
    pub(crate) fn new(raw: Box<RawValue>) -> RawJson {
        RawJson(raw)
    }

    /// The JSON text as received.
    pub fn as_str(&self) -> &str {
        self.0.get()
    }

    /// The JSON parsed into a [`serde_json::Value`].
    pub fn to_value(&self) -> serde_json::Value {
        // The text came out of serde_json as one valid JSON value, so parsing it again cannot fail.
        serde_json::from_str(self.0.get()).unwrap_or(serde_json::Value::Null)
    }
}

impl Default for RawJson {
    fn default() -> RawJson {
        RawJson(RawValue::NULL.to_owned())
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &RawJson) -> bool {
        self.as_str() == other.as_str()
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawJson(<{} bytes>)", self.as_str().len())
    }
}

/// Implements `Deserialize` and `Serialize` for a response type declared with
/// `#[derive(Serialize, Deserialize)] #[serde(remote = "Self")]` and a `#[serde(skip)] raw: RawJson`
/// field: decoding captures the object's text into `raw` first, then decodes the typed fields from
/// that text. Nested response types get their own `raw` the same way.
macro_rules! impl_serde_with_raw {
    ($ty:ty) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw: Box<serde_json::value::RawValue> = serde::Deserialize::deserialize(d)?;
                let mut fields = $crate::models::raw::object_fields(&raw)?;
                let mut this = <$ty>::deserialize(&mut fields)
                    .map_err(<D::Error as serde::de::Error>::custom)?;
                this.raw = $crate::models::RawJson::new(raw);
                Ok(this)
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                <$ty>::serialize(self, s)
            }
        }
    };
}
pub(crate) use impl_serde_with_raw;

/// A deserializer over a captured object's text. Anything but a JSON object is refused, because
/// serde would otherwise accept an array as a struct's fields in order.
pub(crate) fn object_fields<E: serde::de::Error>(
    raw: &RawValue,
) -> Result<serde_json::Deserializer<serde_json::de::StrRead<'_>>, E> {
    if !raw.get().trim_start().starts_with('{') {
        return Err(E::custom(format!(
            "expected a JSON object, found `{}`",
            raw.get().chars().take(32).collect::<String>()
        )));
    }
    Ok(serde_json::Deserializer::from_str(raw.get()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_exact_text_and_hides_it_from_debug() {
        let raw: Box<RawValue> = serde_json::from_str(r#"{"a": 1, "api_key": "K"}"#).unwrap();
        let raw = RawJson::new(raw);
        assert_eq!(raw.as_str(), r#"{"a": 1, "api_key": "K"}"#);
        assert_eq!(raw.to_value()["a"], 1);
        assert_eq!(format!("{raw:?}"), "RawJson(<24 bytes>)");
        assert_eq!(RawJson::default().as_str(), "null");
    }
}
