//! Lenient decoding of response fields, by the rules of the README's leniency table.
//!
//! Real servers (and CertCentral's own docs) send ids as strings, booleans as `"1"`, and counts
//! that are missing or negative. A field in an unexpected form is read where the rule allows it
//! and otherwise becomes `None`, its value still in `raw`; only a record's own `id`, a list's
//! array and a body that is not an object fail a decode. Error messages name the expected and
//! the actual JSON *type*, never the value: a value can be a one-time key.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

/// What a JSON value was, for messages that must not repeat it.
fn kind_of_str(text: &str) -> &'static str {
    if text.trim().parse::<f64>().is_ok() {
        "a number in a string"
    } else {
        "a string"
    }
}

fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

/// An integer from a JSON integer, a string of digits (`"17"`), or an integral float (`17.0`).
fn int_from_f64(v: f64) -> Option<i64> {
    // Beyond ±2^63 the cast would saturate; such a float is not an id.
    (v.fract() == 0.0 && v.abs() < 9.2e18).then_some(v as i64)
}

fn int_from_str(v: &str) -> Option<i64> {
    let v = v.trim();
    v.parse::<i64>()
        .ok()
        .or_else(|| v.parse::<f64>().ok().and_then(int_from_f64))
}

/// Reads an integer in any accepted form; `Err` is the actual type, for the message.
struct IntVisitor;

impl<'de> Visitor<'de> for IntVisitor {
    type Value = Result<i64, &'static str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer")
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Ok(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(i64::try_from(v).map_err(|_| "an integer beyond 64 bits"))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        // JSON reads an integer too large for 64 bits (2**70, say) as a float.
        Ok(int_from_f64(v).ok_or(if v.fract() == 0.0 {
            "an integer beyond 64 bits"
        } else {
            "a fractional number"
        }))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(int_from_str(v).ok_or_else(|| kind_of_str(v)))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Err("a boolean"))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Err("null"))
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Err("null"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        drain_seq(seq)?;
        Ok(Err("an array"))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map)?;
        Ok(Err("an object"))
    }
}

/// A required integer (a record's `id`): any accepted form, or an error naming the type.
pub(crate) fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    d.deserialize_any(IntVisitor)?
        .map_err(|got| de::Error::custom(format!("expected an integer, got {got}")))
}

/// An optional integer: anything unreadable is `None`.
pub(crate) fn opt_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(d.deserialize_any(IntVisitor)?.ok())
}

/// A list of integers (e.g. `container_id_assignments`, sent as strings in some examples):
/// entries that are not integers are skipped; null is empty.
pub(crate) fn ints<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
    struct Entry(Option<i64>);
    impl<'de> Deserialize<'de> for Entry {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Entry, D::Error> {
            Ok(Entry(d.deserialize_any(IntVisitor)?.ok()))
        }
    }
    Ok(any_list::<D, Entry>(d)?
        .into_iter()
        .filter_map(|e| e.0)
        .collect())
}

/// A count of a page (`total`, `limit`, `offset`): missing, null, negative or unreadable is
/// unknown (`None`).
pub(crate) fn count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(d.deserialize_any(IntVisitor)?
        .ok()
        .and_then(|n| u64::try_from(n).ok()))
}

/// Text: a string as is, a number or boolean as its JSON text; anything else is `None`.
pub(crate) fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct TextVisitor;
    impl<'de> Visitor<'de> for TextVisitor {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("text")
        }
        fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }
        fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
            // JSON's text of the number (`1e+300`), not Rust's (`1000…0`); JSON has no NaN.
            let json = serde_json::Number::from_f64(v).map(|n| n.to_string());
            Ok(Some(json.unwrap_or_else(|| v.to_string())))
        }
        fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            drain_seq(seq).map(|()| None)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            drain_map(map).map(|()| None)
        }
    }
    d.deserialize_any(TextVisitor)
}

/// A one-time key: text by the same rules (a key sent as a number is kept as its digits), and
/// a key of any other type (an object, an array) as its JSON text: it is shown once, so it is
/// never dropped for its shape. Only `null` is no key.
pub(crate) fn opt_secret<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<crate::secret::Secret>, D::Error> {
    let raw = Box::<RawValue>::deserialize(d)?;
    let text = raw.get();
    Ok(match text.as_bytes().first() {
        Some(b'{' | b'[') => Some(crate::secret::Secret::new(text)),
        _ => opt_text(&mut serde_json::Deserializer::from_str(text))
            .ok()
            .flatten()
            .map(crate::secret::Secret::new),
    })
}

/// A list of text (e.g. `allowed_domain_names`); entries that are not text are skipped; null
/// is empty.
pub(crate) fn texts<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct Entry(Option<String>);
    impl<'de> Deserialize<'de> for Entry {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Entry, D::Error> {
            opt_text(d).map(Entry)
        }
    }
    Ok(any_list::<D, Entry>(d)?
        .into_iter()
        .filter_map(|e| e.0)
        .collect())
}

/// A boolean: `true`/`false`, `"true"`/`"false"`, `"1"`/`"0"` or `1`/`0`; anything else is
/// `None`.
pub(crate) fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    struct BoolVisitor;
    impl<'de> Visitor<'de> for BoolVisitor {
        type Value = Option<bool>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a boolean")
        }
        fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
            Ok(match v {
                0 => Some(false),
                1 => Some(true),
                _ => None,
            })
        }
        fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
            Ok(match v {
                0 => Some(false),
                1 => Some(true),
                _ => None,
            })
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
            let v = v.trim();
            Ok(if v.eq_ignore_ascii_case("true") || v == "1" {
                Some(true)
            } else if v.eq_ignore_ascii_case("false") || v == "0" {
                Some(false)
            } else {
                None
            })
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            drain_seq(seq).map(|()| None)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            drain_map(map).map(|()| None)
        }
    }
    d.deserialize_any(BoolVisitor)
}

/// Decodes a JSON object as `T`; any other JSON value fails with a message naming its type.
pub(crate) struct Record<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Record<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Record<T>, D::Error> {
        struct RecordVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for RecordVisitor<T> {
            type Value = Result<T, &'static str>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(Ok)
            }
            fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
                Ok(Err("a string"))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(Err("a number"))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(Err("a number"))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Err("a number"))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Err("a boolean"))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Err("null"))
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(Err("null"))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                drain_seq(seq)?;
                Ok(Err("an array"))
            }
        }
        d.deserialize_any(RecordVisitor(PhantomData))?
            .map(Record)
            .map_err(|got| de::Error::custom(format!("expected an object, got {got}")))
    }
}

/// A list's array of records: it must be present (a missing field fails before this runs) and
/// an array; `null` is an empty list. Each entry must be an object with a readable `id`.
pub(crate) fn records<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    match opt_list::<D, Record<T>>(d)? {
        Some(records) => Ok(records.into_iter().map(|r| r.0).collect()),
        None => Ok(Vec::new()),
    }
}

/// An array of `T`; anything else (null, a string, …) is an empty list.
fn any_list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(d.deserialize_any(ListVisitor(PhantomData))?
        .ok()
        .flatten()
        .unwrap_or_default())
}

/// Reads an array of `T`; `Ok(None)` for null, `Err` the type of anything else.
struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
    type Value = Result<Option<Vec<T>>, &'static str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Ok(Some(items)))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Ok(None))
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Ok(None))
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Err("a string"))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Err("a number"))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Err("a number"))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Err("a number"))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Err("a boolean"))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map)?;
        Ok(Err("an object"))
    }
}

/// An array of `T`, or `None` for null; any other JSON value fails with a message naming its
/// type.
fn opt_list<'de, D, T>(d: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    d.deserialize_any(ListVisitor(PhantomData))?
        .map_err(|got| de::Error::custom(format!("expected an array, got {got}")))
}

/// An optional nested object: anything that does not decode as `T` (not an object, or an
/// unreadable `id` inside) is `None`; its text stays in the parent's `raw`, and the object's
/// own `raw` is its JSON.
pub(crate) fn opt_object<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: super::Record,
{
    // Kept as text, so that a failure inside leaves the outer decode intact; the text is then
    // read in one typed pass and becomes the object's `raw` (no JSON tree is built).
    Ok(object_from(&Box::<RawValue>::deserialize(d)?))
}

/// A list of nested objects (e.g. a user's `access_roles`): entries that do not decode as `T`
/// are left out (they stay in the parent's `raw`); anything but an array is an empty list.
pub(crate) fn opt_records<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: super::Record,
{
    let list = Box::<RawValue>::deserialize(d)?;
    Ok(match serde_json::from_str::<Vec<&RawValue>>(list.get()) {
        Ok(items) => items.into_iter().filter_map(object_from).collect(),
        Err(_) => Vec::new(),
    })
}

fn object_from<T: super::Record>(raw: &RawValue) -> Option<T> {
    let text = raw.get();
    // Only an object: serde would also read an array as the struct's fields in order.
    if !text.starts_with('{') {
        return None;
    }
    let mut record: T = serde_json::from_str(text).ok()?;
    record.set_raw(super::RawJson::owned(text));
    Some(record)
}

/// A page's counts, each read on its own: one that JSON cannot hold as a number (`1e400`) is
/// unknown, the others stay.
pub(crate) fn page_counts<'de, D>(d: D) -> Result<Option<super::PageInfo>, D::Error>
where
    D: Deserializer<'de>,
{
    let raw = Box::<RawValue>::deserialize(d)?;
    if !raw.get().starts_with('{') {
        return Ok(None);
    }
    let Ok(members) = serde_json::from_str::<std::collections::HashMap<&str, &RawValue>>(raw.get())
    else {
        return Ok(None);
    };
    let read = |name: &str| {
        members.get(name).and_then(|value| {
            count(&mut serde_json::Deserializer::from_str(value.get()))
                .ok()
                .flatten()
        })
    };
    Ok(Some(super::PageInfo {
        total: read("total"),
        limit: read("limit"),
        offset: read("offset"),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Sample {
        #[serde(deserialize_with = "int")]
        id: i64,
        #[serde(default, deserialize_with = "opt_int")]
        n: Option<i64>,
        #[serde(default, deserialize_with = "opt_bool")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "opt_text")]
        t: Option<String>,
        #[serde(default, deserialize_with = "count")]
        c: Option<u64>,
    }

    fn sample(json: &str) -> Result<Sample, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn integers_in_every_accepted_form() {
        for id in ["17", "\"17\"", "17.0", "\" 17 \"", "\"17.0\""] {
            assert_eq!(sample(&format!("{{\"id\": {id}}}")).unwrap().id, 17, "{id}");
        }
        assert_eq!(sample(r#"{"id": "-0"}"#).unwrap().id, 0);
        for (id, got) in [
            ("\"abc\"", "a string"),
            ("1.5", "a fractional number"),
            ("true", "a boolean"),
            ("null", "null"),
            ("[1]", "an array"),
            ("{\"a\": 1}", "an object"),
            ("18446744073709551615", "an integer beyond 64 bits"),
        ] {
            let err = sample(&format!("{{\"id\": {id}}}")).unwrap_err();
            assert!(
                err.contains(&format!("expected an integer, got {got}")),
                "{err}"
            );
        }
    }

    #[test]
    fn numbers_as_text_read_as_their_json_text() {
        for (number, text) in [
            ("-6.822505623346741e+285", "-6.822505623346741e+285"),
            ("1.5e-58", "1.5e-58"),
            ("2.5", "2.5"),
            ("12", "12"),
        ] {
            let s = sample(&format!("{{\"id\": 1, \"t\": {number}}}")).unwrap();
            let given: serde_json::Value = serde_json::from_str(number).unwrap();
            assert_eq!(s.t.as_deref(), Some(text), "{number}");
            assert_eq!(s.t, Some(given.to_string()), "{number}");
        }
    }

    #[test]
    fn messages_never_repeat_the_value() {
        let err = sample(r#"{"id": "ONE-TIME-KEY-ABC"}"#).unwrap_err();
        assert!(!err.contains("ONE-TIME"), "{err}");
        let err = sample(r#"{"id": {"api_key": "ONE-TIME-KEY-ABC"}}"#).unwrap_err();
        assert!(!err.contains("ONE-TIME"), "{err}");
    }

    #[test]
    fn optional_fields_fall_back_to_none() {
        let s = sample(r#"{"id": 1, "n": "x", "b": "maybe", "t": [1], "c": -1}"#).unwrap();
        assert_eq!((s.n, s.b, s.t, s.c), (None, None, None, None));
        let s = sample(r#"{"id": 1, "n": "5", "b": "1", "t": 42, "c": "3"}"#).unwrap();
        assert_eq!(s.n, Some(5));
        assert_eq!(s.b, Some(true));
        assert_eq!(s.t.as_deref(), Some("42"));
        assert_eq!(s.c, Some(3));
        for (b, want) in [
            ("true", true),
            ("\"FALSE\"", false),
            ("0", false),
            ("\"0\"", false),
        ] {
            let s = sample(&format!("{{\"id\": 1, \"b\": {b}}}")).unwrap();
            assert_eq!(s.b, Some(want), "{b}");
        }
    }

    #[test]
    fn lists_need_an_array_of_objects() {
        #[derive(Debug, Deserialize)]
        struct List {
            #[serde(deserialize_with = "records")]
            items: Vec<Sample>,
        }
        let list = |json: &str| serde_json::from_str::<List>(json).map_err(|e| e.to_string());
        assert_eq!(list(r#"{"items": [{"id": "2"}]}"#).unwrap().items[0].id, 2);
        assert!(list(r#"{"items": null}"#).unwrap().items.is_empty());
        let err = list(r#"{"items": "SECRET"}"#).unwrap_err();
        assert!(err.contains("expected an array, got a string"), "{err}");
        assert!(!err.contains("SECRET"));
        let err = list(r#"{"items": ["SECRET"]}"#).unwrap_err();
        assert!(err.contains("expected an object, got a string"), "{err}");
        assert!(list(r#"{"other": []}"#)
            .unwrap_err()
            .contains("missing field `items`"));
    }
}
