//! The one listing engine behind every emulated list endpoint: filters, search, sort, offset and
//! limit over records, answered as `{"<array>": [...], "page": {"total", "limit", "offset"}}`.
//! A list with no match at all is answered as the real server does, with the `page` object alone
//! (`tests/fixtures/recorded/`); [`EmptyLists::Documented`] sends the docs' `[]` instead.

use std::cmp::Ordering;

use serde_json::Value;

use super::routes::Answer;
use super::state::State;
use crate::api::ListParams;

/// How a list that matches nothing is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EmptyLists {
    /// `{"page":{"total":0,…}}` with no array, as recorded from the real server.
    Recorded,
    /// `{"<array>":[],"page":{…}}`, as the docs' pages suggest.
    Documented,
}

impl EmptyLists {
    pub(crate) fn of(documented: bool) -> EmptyLists {
        if documented {
            EmptyLists::Documented
        } else {
            EmptyLists::Recorded
        }
    }
}

/// How this emulator answers a list that matches nothing.
pub(crate) fn empty(state: &State) -> EmptyLists {
    EmptyLists::of(state.options.documented_empty_lists)
}

/// The shared list parameters and the endpoint's own, or the documented 400.
pub(crate) fn parse_query(
    raw: &str,
) -> Result<(ListParams, std::collections::BTreeMap<String, String>), Answer> {
    ListParams::from_query_string(raw).map_err(|(name, rule)| {
        Answer::error(
            400,
            &format!("invalid_value|{name}"),
            &format!("{name} {rule}"),
        )
    })
}

/// Drops a record's optional fields that were never set, as the API leaves them out (in lists
/// and in details).
pub(crate) fn without_nulls(mut value: Value) -> Value {
    if let Value::Object(map) = &mut value {
        map.retain(|_, v| !v.is_null());
    }
    value
}

/// A record as a list shows it.
pub(crate) trait Row {
    /// The record in the docs' shape.
    fn to_json(&self) -> Value;

    /// Writes the record's JSON; records that serialize directly override it (no `Value`).
    fn write_json(&self, out: &mut Vec<u8>) {
        let _ = serde_json::to_writer(out, &self.to_json());
    }
}

/// A record already in the docs' shape (built with what the state knows, e.g. a key's user).
impl Row for Value {
    fn to_json(&self) -> Value {
        self.clone()
    }
}

/// How a filter compares a record's value with the one asked for.
#[derive(Clone, Copy)]
pub(crate) enum Match {
    /// Equal, ignoring ASCII case.
    Exact,
    /// The value starts with the filter (dates: `2019-01-14` selects the day).
    Prefix,
    /// Invite statuses: `canceled` and `cancelled` are the same.
    Status,
    /// Decided by a function of the record and the wanted value.
    With(fn(&Value, &str) -> bool),
}

/// What one endpoint's list accepts.
pub(crate) struct Spec {
    /// The array's name in the answer.
    pub array: &'static str,
    /// Filterable properties and how each matches.
    pub filters: &'static [(&'static str, Match)],
    /// Properties `filters[search]` looks in; a leading `%` means "contains" unless
    /// `search_always_contains` (organizations: "exact ID, or name contains").
    pub search: &'static [&'static str],
    pub search_always_contains: bool,
    /// Sortable properties.
    pub sort: &'static [&'static str],
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.to_ascii_lowercase(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn canonical_status(status: &str) -> &str {
    if status == "canceled" {
        "cancelled"
    } else {
        status
    }
}

fn matches(json: &Value, name: &str, how: Match, wanted: &str) -> bool {
    let have = text(&json[name]);
    let wanted = wanted.to_ascii_lowercase();
    match how {
        Match::Exact => have == wanted,
        Match::Prefix => have.starts_with(&wanted),
        Match::Status => canonical_status(&have) == canonical_status(&wanted),
        Match::With(decide) => decide(json, &wanted),
    }
}

fn found(json: &Value, spec: &Spec, search: &str) -> bool {
    let (needle, contains) = match search.strip_prefix('%') {
        Some(part) => (part, true),
        None => (search, spec.search_always_contains),
    };
    let needle = needle.to_ascii_lowercase();
    spec.search.iter().any(|field| {
        let have = text(&json[*field]);
        if field == &"id" {
            have == needle
        } else if contains {
            have.contains(&needle)
        } else {
            have == needle
        }
    })
}

fn compare(a: &Value, b: &Value) -> Ordering {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        _ => text(a).cmp(&text(b)),
    }
}

fn bad_request(code: String, message: String) -> Answer {
    Answer::error(400, &code, &message)
}

/// The sort keys of `sort`, checked against the spec.
fn sort_keys(spec: &Spec, sort: Option<&str>) -> Result<Vec<(&'static str, bool)>, Answer> {
    let mut keys = Vec::new();
    for key in sort.iter().flat_map(|s| s.split(',')) {
        let key = key.trim();
        let (descending, name) = match key.strip_prefix('-') {
            Some(name) => (true, name),
            None => (false, key),
        };
        let Some(known) = spec.sort.iter().find(|k| **k == name) else {
            return Err(bad_request(
                format!("invalid_sort|{name}"),
                format!(
                    "sort: {name:?} is not a sortable property ({})",
                    spec.sort.join(", ")
                ),
            ));
        };
        keys.push((*known, descending));
    }
    Ok(keys)
}

/// Answers one page of `rows` (already narrowed by the endpoint's own parameters).
pub(crate) fn answer<R: Row>(
    rows: Vec<&R>,
    params: &ListParams,
    spec: &Spec,
    empty: EmptyLists,
) -> Answer {
    answer_or_error(rows, params, spec, empty).unwrap_or_else(|answer| answer)
}

fn answer_or_error<R: Row>(
    rows: Vec<&R>,
    params: &ListParams,
    spec: &Spec,
    empty: EmptyLists,
) -> Result<Answer, Answer> {
    let mut filters = Vec::new();
    for (name, value) in &params.filters {
        let Some((known, how)) = spec.filters.iter().find(|(f, _)| f == name) else {
            let known: Vec<&str> = spec.filters.iter().map(|(f, _)| *f).collect();
            return Err(bad_request(
                format!("invalid_filter|filters[{name}]"),
                format!(
                    "filters[{name}] is not a supported filter ({})",
                    known.join(", ")
                ),
            ));
        };
        filters.push((*known, *how, value.as_str()));
    }
    let keys = sort_keys(spec, params.sort.as_deref())?;
    if params.limit == Some(0) {
        return Err(bad_request(
            "invalid_value|limit".into(),
            "limit must be at least 1".into(),
        ));
    }
    let offset = params.offset.unwrap_or(0) as usize;
    let limit = params.limit.unwrap_or(1000) as usize;

    let plain = filters.is_empty() && params.search.is_none() && keys.is_empty();
    let mut body = Vec::with_capacity(256);
    body.extend_from_slice(b"{\"");
    body.extend_from_slice(spec.array.as_bytes());
    body.extend_from_slice(b"\":[");
    let total = if plain {
        // The common case builds only the page's records.
        for (i, row) in rows.iter().skip(offset).take(limit).enumerate() {
            if i > 0 {
                body.push(b',');
            }
            row.write_json(&mut body);
        }
        rows.len()
    } else {
        let mut selected: Vec<Value> = rows
            .iter()
            .map(|row| row.to_json())
            .filter(|json| {
                filters
                    .iter()
                    .all(|(name, how, wanted)| matches(json, name, *how, wanted))
                    && params
                        .search
                        .as_deref()
                        .is_none_or(|s| found(json, spec, s))
            })
            .collect();
        if !keys.is_empty() {
            selected.sort_by(|a, b| {
                keys.iter()
                    .map(|(key, descending)| {
                        let order = compare(&a[*key], &b[*key]);
                        if *descending {
                            order.reverse()
                        } else {
                            order
                        }
                    })
                    .find(|o| o.is_ne())
                    .unwrap_or(Ordering::Equal)
            });
        }
        for (i, json) in selected.iter().skip(offset).take(limit).enumerate() {
            if i > 0 {
                body.push(b',');
            }
            let _ = serde_json::to_writer(&mut body, json);
        }
        selected.len()
    };
    let page = format!("\"page\":{{\"total\":{total},\"limit\":{limit},\"offset\":{offset}}}}}");
    if total == 0 && empty == EmptyLists::Recorded {
        body.clear();
        body.push(b'{');
    } else {
        body.extend_from_slice(b"],");
    }
    body.extend_from_slice(page.as_bytes());
    Ok(Answer {
        status: 200,
        body,
        headers: vec![("content-type", "application/json".to_owned())],
    })
}

/// A list without pagination (`{"<array>": [...]}`), as `GET container` and the role lists.
/// Empty, it is `{}` the recorded way (by the rule of the paged lists; no recording shows one).
pub(crate) fn plain_list(array: &str, rows: Vec<Value>, empty: EmptyLists) -> Answer {
    if rows.is_empty() && empty == EmptyLists::Recorded {
        return Answer::json(200, &serde_json::json!({}));
    }
    Answer::json(200, &serde_json::json!({ array: rows }))
}
