//! Reading the lifecycle endpoints' JSON bodies as the emulator's own `serde_json::Value`s, not
//! through the client's request types (a typo in the client's models must show up in tests, not
//! be mirrored here), with the documented 400s: `bad_request_format` for a body that is not a
//! JSON object, and the `category|field` answers of [`broken_rule`] for a broken rule.

use serde_json::{Map, Value};

use super::routes::{broken_rule, Answer};
use crate::validate::{self, Rule, Violation};

/// A JSON object, as a body or an item of one.
pub(crate) type Object = Map<String, Value>;

/// The documented answer to a body that cannot be read.
pub(crate) fn malformed(why: &str) -> Answer {
    Answer::error(
        400,
        "bad_request_format",
        &format!("The request body is malformed: {why}"),
    )
}

/// The body as a JSON object, or `bad_request_format`.
pub(crate) fn object(body: &[u8]) -> Result<Object, Answer> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(malformed("the body must be a JSON object")),
        Err(e) => Err(malformed(&e.to_string())),
    }
}

/// The answer to a field that breaks `rule`.
pub(crate) fn broken(field: &str, rule: Rule) -> Answer {
    broken_rule(Violation {
        field: field.to_owned(),
        rule,
    })
}

/// The answer to a field of the wrong JSON type.
fn wrong_type(field: &str, expected: &str) -> Answer {
    Answer::error(
        400,
        &format!("invalid_value|{field}"),
        &format!("{field} must be {expected}"),
    )
}

/// The fields of one JSON object, named in answers by their path (e.g. `contacts[0].email`).
pub(crate) struct Fields<'a> {
    object: &'a Object,
    prefix: String,
}

impl<'a> Fields<'a> {
    /// The body's own fields.
    pub(crate) fn of(object: &'a Object) -> Fields<'a> {
        Fields {
            object,
            prefix: String::new(),
        }
    }

    /// The fields of the item at `path` (e.g. `contacts[0]`), which must be an object.
    pub(crate) fn item(value: &'a Value, path: &str) -> Result<Fields<'a>, Answer> {
        let object = value
            .as_object()
            .ok_or_else(|| wrong_type(path, "an object"))?;
        Ok(Fields {
            object,
            prefix: format!("{path}."),
        })
    }

    /// A field's path, as answers name it.
    pub(crate) fn path(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    /// Whether the object has this field with a value (`null` counts as absent).
    pub(crate) fn has(&self, name: &str) -> bool {
        self.object.get(name).is_some_and(|v| !v.is_null())
    }

    /// The names of the fields present (with a value other than `null`).
    pub(crate) fn present(&self) -> impl Iterator<Item = &'a str> {
        self.object
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(name, _)| name.as_str())
    }

    /// An optional string of at most `max` characters.
    pub(crate) fn text(&self, name: &str, max: usize) -> Result<Option<String>, Answer> {
        let field = self.path(name);
        let text = match self.object.get(name) {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::String(text)) => text,
            Some(_) => return Err(wrong_type(&field, "a string")),
        };
        if text.contains('\0') {
            return Err(broken(&field, Rule::NoNul));
        }
        validate::max_chars(&field, text, max).map_err(broken_rule)?;
        Ok(Some(text.clone()))
    }

    /// A required, non-blank string of at most `max` characters.
    pub(crate) fn required_text(&self, name: &str, max: usize) -> Result<String, Answer> {
        let text = self.text(name, max)?.unwrap_or_default();
        validate::required(&self.path(name), &text).map_err(broken_rule)?;
        Ok(text)
    }

    /// A required, valid email address.
    pub(crate) fn email(&self, name: &str) -> Result<String, Answer> {
        let email = self.text(name, usize::MAX)?.unwrap_or_default();
        validate::email(&self.path(name), &email).map_err(broken_rule)?;
        Ok(email)
    }

    /// An optional flag: a JSON boolean, or `"true"`/`"false"` (one docs table types
    /// `is_saml_sso_only` as a string).
    pub(crate) fn flag(&self, name: &str) -> Result<Option<bool>, Answer> {
        match self.object.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(flag)) => Ok(Some(*flag)),
            Some(Value::String(text)) if text == "true" => Ok(Some(true)),
            Some(Value::String(text)) if text == "false" => Ok(Some(false)),
            Some(_) => Err(wrong_type(&self.path(name), "true or false")),
        }
    }

    /// An optional integer.
    pub(crate) fn int(&self, name: &str) -> Result<Option<i64>, Answer> {
        match self.object.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => value
                .as_i64()
                .map(Some)
                .ok_or_else(|| wrong_type(&self.path(name), "an integer")),
        }
    }

    /// A required array.
    pub(crate) fn array(&self, name: &str) -> Result<&'a [Value], Answer> {
        match self.object.get(name) {
            None | Some(Value::Null) => Err(broken(&self.path(name), Rule::Required)),
            Some(Value::Array(items)) => Ok(items),
            Some(_) => Err(wrong_type(&self.path(name), "an array")),
        }
    }

    /// A required array of ids, each a JSON integer or a string of digits (the docs send both),
    /// each positive; repeats are dropped, the first one's place kept.
    pub(crate) fn ids(&self, name: &str) -> Result<Vec<i64>, Answer> {
        let mut ids = Vec::new();
        for (i, item) in self.array(name)?.iter().enumerate() {
            let field = format!("{}[{i}]", self.path(name));
            let id = id_of(item).ok_or_else(|| wrong_type(&field, "an id"))?;
            validate::positive_id(&field, id).map_err(broken_rule)?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Ok(ids)
    }
}

/// An id given as a JSON integer or as a string of digits.
fn id_of(value: &Value) -> Option<i64> {
    match value {
        Value::Number(number) => number.as_i64(),
        Value::String(text) if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => {
            text.parse().ok()
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn code(answer: Answer) -> String {
        let body: Value = serde_json::from_slice(&answer.body).unwrap();
        body["errors"][0]["code"].as_str().unwrap().to_owned()
    }

    #[test]
    fn a_body_must_be_a_json_object() {
        assert_eq!(code(object(b"[1]").unwrap_err()), "bad_request_format");
        assert_eq!(code(object(b"{nope").unwrap_err()), "bad_request_format");
        assert!(object(br#"{"a": 1}"#).is_ok());
    }

    #[test]
    fn fields_are_typed_and_named_by_their_path() {
        let body = json!({"name": 5, "items": [{"email": "nope"}], "ids": ["12", 13, 12]});
        let object = body.as_object().unwrap();
        let fields = Fields::of(object);
        assert_eq!(
            code(fields.text("name", 10).unwrap_err()),
            "invalid_value|name"
        );
        assert_eq!(fields.text("absent", 10), Ok(None));
        assert_eq!(
            code(fields.required_text("absent", 10).unwrap_err()),
            "missing_field|absent"
        );
        let item = Fields::item(&fields.array("items").unwrap()[0], "items[0]").unwrap();
        assert_eq!(
            code(item.email("email").unwrap_err()),
            "invalid_email|items[0].email"
        );
        assert_eq!(fields.ids("ids"), Ok(vec![12, 13]));
        let negative = json!({"ids": [-1]});
        let fields = Fields::of(negative.as_object().unwrap());
        assert_eq!(code(fields.ids("ids").unwrap_err()), "invalid_value|ids[0]");
    }

    #[test]
    fn flags_are_booleans_or_their_words() {
        let body = json!({"a": true, "b": "false", "c": 1});
        let fields = Fields::of(body.as_object().unwrap());
        assert_eq!(fields.flag("a"), Ok(Some(true)));
        assert_eq!(fields.flag("b"), Ok(Some(false)));
        assert!(fields.flag("c").is_err());
        assert_eq!(fields.flag("d"), Ok(None));
    }
}
