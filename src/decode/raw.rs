//! `RawJson`: the exact JSON the server sent for a response object, unknown fields included.
//!
//! Decoding keeps the response body once and gives every object decoded from it the byte span
//! of its own text, found with borrowed `RawValue`s: nothing is copied. A list record's span is
//! found only when some record of its page first asks, so a page decodes in one typed pass.

use std::fmt;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

/// One response body, shared by every object decoded from it. (Public only in name: its module
/// is private to the crate.)
pub struct RawBody {
    text: Box<str>,
    /// Where each record of a list response sits; found on first use.
    item_spans: OnceLock<Vec<Range<usize>>>,
}

impl RawBody {
    pub(crate) fn new(text: &str) -> Arc<RawBody> {
        Arc::new(RawBody {
            text: text.into(),
            item_spans: OnceLock::new(),
        })
    }

    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    fn span_of(&self, part: &RawValue) -> Range<usize> {
        let start = part.get().as_ptr() as usize - self.text.as_ptr() as usize;
        start..start + part.get().len()
    }

    fn item_span(&self, array: &[&str], index: usize) -> Option<Range<usize>> {
        let spans = self
            .item_spans
            .get_or_init(|| record_spans(&self.text, array).unwrap_or_default());
        spans.get(index).cloned()
    }
}

/// Where each record of a list response sits: the members of the array under the first of
/// `names` in the top-level object (as the typed pass picks it). The body has already decoded,
/// so it is valid JSON and a structural scan suffices; it runs several times faster than a
/// validating one, which matters because C copies every record's raw JSON. `None` when the
/// body is not shaped so (then no record has a span).
fn record_spans(text: &str, names: &[&str]) -> Option<Vec<Range<usize>>> {
    let mut scan = Scanner {
        bytes: text.as_bytes(),
        at: 0,
    };
    scan.expect(b'{')?;
    loop {
        scan.expect(b'"')?;
        let key_start = scan.at - 1;
        scan.skip_string()?;
        let key = text.get(key_start..scan.at)?;
        scan.expect(b':')?;
        if key_matches(key, names) {
            return scan.array_members();
        }
        scan.skip_value()?;
        scan.expect(b',')?;
    }
}

/// Whether a quoted JSON key is one of `names` (a key with escapes is decoded first).
fn key_matches(quoted: &str, names: &[&str]) -> bool {
    match quoted.get(1..quoted.len() - 1) {
        Some(plain) if !plain.contains('\\') => names.contains(&plain),
        _ => serde_json::from_str::<String>(quoted).is_ok_and(|k| names.contains(&k.as_str())),
    }
}

/// A cursor over valid JSON text that skips values without checking them.
struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Scanner<'_> {
    fn skip_whitespace(&mut self) {
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    /// Consumes `byte` after any whitespace.
    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_whitespace();
        (self.bytes.get(self.at) == Some(&byte)).then(|| self.at += 1)
    }

    /// Moves past the closing quote of a string whose opening quote is consumed.
    fn skip_string(&mut self) -> Option<()> {
        loop {
            let offset = memchr::memchr2(b'"', b'\\', self.bytes.get(self.at..)?)?;
            self.at += offset + 1;
            if self.bytes[self.at - 1] == b'"' {
                return Some(());
            }
            self.at += 1; // the escaped byte
        }
    }

    /// Moves past one value (after any whitespace).
    fn skip_value(&mut self) -> Option<()> {
        self.skip_whitespace();
        let mut depth = 0usize;
        loop {
            match *self.bytes.get(self.at)? {
                b'"' => {
                    self.at += 1;
                    self.skip_string()?;
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.at += 1;
                }
                b'}' | b']' if depth > 0 => {
                    depth -= 1;
                    self.at += 1;
                }
                // The enclosing value's comma or bracket ends a number or literal.
                b'}' | b']' | b',' if depth == 0 => return Some(()),
                byte if depth == 0 && byte.is_ascii_whitespace() => return Some(()),
                _ => {
                    self.at += 1;
                    continue;
                }
            }
            if depth == 0 {
                return Some(());
            }
        }
    }

    /// The spans of an array's members; `None` when the value is not an array.
    fn array_members(&mut self) -> Option<Vec<Range<usize>>> {
        self.expect(b'[')?;
        let mut spans = Vec::new();
        if self.expect(b']').is_some() {
            return Some(spans);
        }
        loop {
            self.skip_whitespace();
            let start = self.at;
            self.skip_value()?;
            spans.push(start..self.at);
            if self.expect(b',').is_none() {
                return self.expect(b']').map(|()| spans);
            }
        }
    }
}

impl Drop for RawBody {
    /// The body can hold a one-time key: its bytes are zeroed before the memory is released.
    fn drop(&mut self) {
        let mut text = std::mem::take(&mut self.text).into_string();
        crate::secret::wipe_string(&mut text);
    }
}

/// Where in its response body an object's text sits.
#[derive(Clone)]
enum Place {
    Whole,
    Span(Range<usize>),
    /// Record `.1` of the list under one of the names `.0`.
    Item(&'static [&'static str], usize),
}

/// The JSON the server sent for one response object, exactly as received, unknown fields
/// included. `Debug` never shows the content: the raw JSON of a managed subaccount holds its
/// one-time `api_key`.
#[derive(Clone, Default)]
pub struct RawJson {
    body: Option<(Arc<RawBody>, Place)>,
}

impl RawJson {
    /// The whole of a response body.
    pub(crate) fn whole(body: &Arc<RawBody>) -> RawJson {
        RawJson {
            body: Some((Arc::clone(body), Place::Whole)),
        }
    }

    /// A copy of `text` of its own (a nested object's text, as sent).
    pub(crate) fn owned(text: &str) -> RawJson {
        RawJson {
            body: Some((RawBody::new(text), Place::Whole)),
        }
    }

    /// The part of `body` that `part` (borrowed from its text) covers.
    pub(crate) fn part(body: &Arc<RawBody>, part: &RawValue) -> RawJson {
        RawJson {
            body: Some((Arc::clone(body), Place::Span(body.span_of(part)))),
        }
    }

    /// Record number `index` of a list response whose array has one of the names `array`.
    pub(crate) fn item(
        body: &Arc<RawBody>,
        array: &'static [&'static str],
        index: usize,
    ) -> RawJson {
        RawJson {
            body: Some((Arc::clone(body), Place::Item(array, index))),
        }
    }

    /// The JSON text (`null` when there is none).
    pub fn as_str(&self) -> &str {
        let Some((body, place)) = &self.body else {
            return "null";
        };
        let span = match place {
            Place::Whole => return body.text(),
            Place::Span(span) => Some(span.clone()),
            Place::Item(array, index) => body.item_span(array, *index),
        };
        span.and_then(|span| body.text().get(span))
            .unwrap_or("null")
    }

    /// The JSON parsed into a [`serde_json::Value`].
    pub fn to_value(&self) -> serde_json::Value {
        // The text came out of a successful decode, so it is valid JSON.
        serde_json::from_str(self.as_str()).unwrap_or(serde_json::Value::Null)
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

/// A response object that keeps the JSON it came from in its `raw`.
pub trait Record: DeserializeOwned + serde::Serialize {
    /// Points the object's `raw` at its JSON.
    #[doc(hidden)]
    fn set_raw(&mut self, raw: RawJson);
}

/// Implements [`Record`], and [`Response`] for a body that is the object itself, for structs
/// with a `raw` field.
macro_rules! record {
    ($($record:ty),* $(,)?) => {$(
        impl $crate::decode::Record for $record {
            fn set_raw(&mut self, raw: $crate::decode::RawJson) {
                self.raw = raw;
            }
        }
        impl $crate::decode::Response for $record {
            fn decode_body(
                body: &std::sync::Arc<$crate::decode::RawBody>,
            ) -> Result<$record, serde_json::Error> {
                $crate::decode::raw::decode_flat(body, |record: &mut $record, raw| record.raw = raw)
            }
        }
    )*};
}
pub(crate) use record;

/// The response types: [`decode`] gives them (and the objects nested in them) their `raw`.
pub trait Response: DeserializeOwned {
    /// Decodes a whole response body, pointing every `raw` at its part of it.
    #[doc(hidden)]
    fn decode_body(body: &Arc<RawBody>) -> Result<Self, serde_json::Error>;
}

/// Decodes a response whose only object with a `raw` is itself.
pub(crate) fn decode_flat<T: DeserializeOwned>(
    body: &Arc<RawBody>,
    set_raw: impl FnOnce(&mut T, RawJson),
) -> Result<T, serde_json::Error> {
    let mut value: T = serde_json::from_str(body.text())?;
    set_raw(&mut value, RawJson::whole(body));
    Ok(value)
}

/// Why a body could not be decoded: where (a JSON path such as `subaccount_invites[3].id`) and
/// what was expected. It never repeats a value from the body, which could be a one-time key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeFailure {
    /// Where the body broke the documented shape; empty for the body as a whole.
    pub path: String,
    /// What was expected, and what kind of value was found.
    pub message: String,
}

impl fmt::Display for DecodeFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() || self.path == "." {
            f.write_str(&self.message)
        } else {
            write!(f, "`{}`: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for DecodeFailure {}

impl DecodeFailure {
    fn whole(message: impl Into<String>) -> DecodeFailure {
        DecodeFailure {
            path: String::new(),
            message: message.into(),
        }
    }
}

/// Decodes a response body into `T`, keeping the body for every `raw`. This is how the client
/// decodes; deserializing a response type with serde alone leaves its `raw` empty (`null`).
pub fn decode<T: Response>(body: &[u8]) -> Result<T, DecodeFailure> {
    let text = std::str::from_utf8(body).map_err(|e| {
        DecodeFailure::whole(format!(
            "the body is not UTF-8 (at byte {})",
            e.valid_up_to()
        ))
    })?;
    let start = text.trim_start();
    if !start.starts_with('{') {
        // serde would otherwise accept an array as a struct's fields in order.
        let got = match start.chars().next() {
            None => "an empty body",
            Some('[') => "an array",
            Some('"') => "a string",
            Some('<') => "HTML or XML",
            Some('n') => "null",
            Some('t' | 'f') => "a boolean",
            Some(c) if c == '-' || c.is_ascii_digit() => "a number",
            Some(_) => "something that is not JSON",
        };
        return Err(DecodeFailure::whole(format!(
            "expected a JSON object, got {got}"
        )));
    }
    T::decode_body(&RawBody::new(text)).map_err(|_| failure_path::<T>(text))
}

/// Finds where a body that failed to decode breaks the shape: the decode runs once more, with
/// its path tracked (only on this failure path, so decoding stays one untracked pass).
fn failure_path<T: Response>(text: &str) -> DecodeFailure {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(e) => DecodeFailure {
            path: e.path().to_string(),
            // serde_json's own messages (syntax, missing fields) name no values, and the
            // lenient rules' messages name only types.
            message: e.into_inner().to_string(),
        },
        // The typed pass succeeded this time, so the borrowing pass for `raw` failed.
        Ok(_) => DecodeFailure::whole("the body is not well-formed JSON"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_exact_text_and_hides_it_from_debug() {
        let body = RawBody::new(r#"{"a": 1, "api_key": "K"}"#);
        let raw = RawJson::whole(&body);
        assert_eq!(raw.as_str(), r#"{"a": 1, "api_key": "K"}"#);
        assert_eq!(raw.to_value()["a"], 1);
        assert_eq!(format!("{raw:?}"), "RawJson(<24 bytes>)");
        assert_eq!(RawJson::default().as_str(), "null");
    }

    #[test]
    fn parts_are_exact_spans_of_the_shared_body() {
        let body = RawBody::new(r#"{"list": [ {"id":1, "z" : "\"x\""} ]}"#);
        #[derive(serde::Deserialize)]
        struct Wire<'a> {
            #[serde(borrow)]
            list: Vec<&'a RawValue>,
        }
        let wire: Wire = serde_json::from_str(body.text()).unwrap();
        let raw = RawJson::part(&body, wire.list[0]);
        assert_eq!(raw.as_str(), r#"{"id":1, "z" : "\"x\""}"#);
        assert_eq!(raw.to_value()["z"], "\"x\"");
    }

    #[test]
    fn list_records_find_their_spans_on_first_use() {
        const ARRAY: &[&str] = &["subaccounts", "child_accounts"];
        let body = RawBody::new(r#"{"child_accounts": [{"id":1},  {"id":2, "x":[1]}]}"#);
        let second = RawJson::item(&body, ARRAY, 1);
        assert!(body.item_spans.get().is_none());
        assert_eq!(second.as_str(), r#"{"id":2, "x":[1]}"#);
        assert_eq!(RawJson::item(&body, ARRAY, 0).as_str(), r#"{"id":1}"#);
        assert_eq!(RawJson::item(&body, ARRAY, 7).as_str(), "null");
    }

    #[test]
    fn record_spans_follow_the_typed_pass_choice_of_array() {
        const ARRAY: &[&str] = &["subaccounts", "child_accounts"];
        // The first matching key in the body wins, as in the typed pass; other values, escaped
        // keys and a later duplicate are skipped.
        let body = RawBody::new(
            r#"{"page":{"total":2},"child_\u0061ccounts":[{"id":1}],"subaccounts":[{"id":2}]}"#,
        );
        assert_eq!(RawJson::item(&body, ARRAY, 0).as_str(), r#"{"id":1}"#);
        assert_eq!(RawJson::item(&body, ARRAY, 1).as_str(), "null");
        // A records value that is not an array has no records.
        let body = RawBody::new(r#"{"subaccounts": null, "child_accounts": [{"id":1}]}"#);
        assert_eq!(RawJson::item(&body, ARRAY, 0).as_str(), "null");
    }

    fn json_value() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            // Quotes, backslashes, brackets, commas and control characters inside strings.
            "[\\\\\"{}\\[\\],: a\\x00-\\x1f\\u{e9}\\u{1F600}]{0,8}".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                proptest::collection::btree_map("[a-z\\\\\"]{0,3}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        #[test]
        fn the_structural_scan_finds_what_a_validating_parse_finds(
            before in json_value(),
            records in proptest::collection::vec(json_value(), 0..5),
            after in json_value(),
            pretty in proptest::bool::ANY,
        ) {
            let body = serde_json::json!({"a": before, "records": records, "z": after});
            let text = if pretty {
                serde_json::to_string_pretty(&body).unwrap()
            } else {
                serde_json::to_string(&body).unwrap()
            };
            #[derive(serde::Deserialize)]
            struct Wire<'a> {
                #[serde(borrow)]
                records: Vec<&'a RawValue>,
            }
            let wire: Wire = serde_json::from_str(&text).unwrap();
            let expected: Vec<&str> = wire.records.iter().map(|r| r.get()).collect();
            let found: Vec<&str> = record_spans(&text, &["records"])
                .unwrap()
                .into_iter()
                .map(|span| &text[span])
                .collect();
            proptest::prop_assert_eq!(found, expected);
        }
    }
}
