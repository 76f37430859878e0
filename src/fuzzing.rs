//! Entry points for the `cargo fuzz` targets in `fuzz/`, and the properties they must hold.
//! Hidden from the docs, but compiled (and linted) with every build so that the fuzz targets
//! cannot rot unnoticed; `tests/fuzz_entry_points.rs` and `tests/properties.rs` run them on
//! every `make test`.
//!
//! Each entry point asserts what it checks, so a fuzzer finds broken properties, not only panics,
//! and returns what it decoded so that tests can check more.

use serde::Serialize;
use serde_json::Value;

use crate::api::{
    decode, CreatedOrganization, CreatedUser, Invite, InvitePage, ListInvitesQuery, RawJson,
    Subaccount,
};
use crate::error::{Error, ResponseBody, Status};

/// What the decoders made of one response body.
#[derive(Debug)]
pub struct Decoded {
    /// The body read as an error response (the HTTP status comes from the first byte).
    pub error: Error,
    pub page: Option<InvitePage>,
    pub invite: Option<Invite>,
    pub subaccount: Option<Subaccount>,
    pub user: Option<CreatedUser>,
    pub organization: Option<CreatedOrganization>,
    /// The body read as a list-invites query string.
    pub query: Option<ListInvitesQuery>,
}

/// Runs every decoder on `data` as a response body and asserts that each decoded value keeps
/// the exact text it came from and re-encodes to the same JSON, that an error body's
/// `{"errors":[{"code","message"}]}` is read entry for entry, and that a parsed query string
/// survives encoding again.
pub fn decode_response(data: &[u8]) -> Decoded {
    let http_status = data.first().map_or(200, |b| 200 + u16::from(*b % 4) * 100);
    let error = Error::from_response(http_status, data, None, None);
    check_error(http_status, data, &error);
    let undecodable = Error::Decode {
        http_status: 201,
        message: String::new(),
        body: Some(ResponseBody::new(data)),
        request: None,
    };
    let _ = undecodable.one_time_key();
    assert_eq!(
        undecodable.body().map(str::len),
        Some(String::from_utf8_lossy(data).len())
    );

    let parsed = serde_json::from_slice::<Value>(data).ok();
    // Whatever a decoder accepts is JSON.
    let json = || parsed.as_ref().expect("a decoded body parses as JSON");
    let page = decode::<InvitePage>(data).ok();
    if let Some(page) = &page {
        let json = json();
        check_whole(data, &page.raw, page, json);
        for (i, invite) in page.items.iter().enumerate() {
            let given = &json["subaccount_invites"][i];
            assert_eq!(&invite.raw.to_value(), given, "invite {i}'s raw");
            assert_covers(given, invite);
        }
    }
    let invite = decode::<Invite>(data).ok();
    if let Some(invite) = &invite {
        let json = json();
        check_whole(data, &invite.raw, invite, json);
    }
    let subaccount = decode::<Subaccount>(data).ok();
    if let Some(sub) = &subaccount {
        let json = json();
        check_whole(data, &sub.raw, sub, json);
        if let Some(org) = &sub.organization {
            assert_eq!(
                org.raw.to_value(),
                json["organization"],
                "organization's raw"
            );
            if let Some(container) = &org.container {
                let given = &json["organization"]["container"];
                assert_eq!(&container.raw.to_value(), given, "container's raw");
            }
        }
        if let Some(user) = &sub.user {
            assert_eq!(user.raw.to_value(), json["user"], "user's raw");
        }
    }
    let user = decode::<CreatedUser>(data).ok();
    if let Some(user) = &user {
        let json = json();
        check_whole(data, &user.raw, user, json);
    }
    let organization = decode::<CreatedOrganization>(data).ok();
    if let Some(org) = &organization {
        let json = json();
        check_whole(data, &org.raw, org, json);
    }
    let query = ListInvitesQuery::from_query_string(&String::from_utf8_lossy(data)).ok();
    if let Some(query) = &query {
        let again = ListInvitesQuery::from_query_string(&query.to_query_string());
        assert_eq!(
            again.as_ref(),
            Ok(query),
            "a parsed query encodes to itself"
        );
    }
    Decoded {
        error,
        page,
        invite,
        subaccount,
        user,
        organization,
        query,
    }
}

/// A decoded response: `raw` is the body itself, and the typed value re-encodes to the body's JSON.
fn check_whole(data: &[u8], raw: &RawJson, typed: &impl Serialize, json: &Value) {
    assert_eq!(
        raw.as_str().as_bytes(),
        data,
        "raw is the body, byte for byte"
    );
    assert_covers(json, typed);
}

/// The typed value, encoded again, says what the JSON it came from says.
fn assert_covers(given: &Value, typed: &impl Serialize) {
    let encoded = serde_json::to_value(typed).expect("a decoded value encodes");
    assert!(
        covers(Some(given), &encoded),
        "{encoded} does not re-encode {given}"
    );
}

/// Whether every field of `encoded` says what `given` says, under the leniency rules: a number
/// may have come as digits in a string or an integral float, a boolean as `"true"`/`"1"`/`1`
/// (and their false twins), text as a number or boolean (and a one-time key as the JSON text of
/// whatever it was); `null` (or an empty list) stands for a member that was absent, null or
/// unreadable. Members the types do not know are not compared.
pub fn covers(given: Option<&Value>, encoded: &Value) -> bool {
    let absent = given.is_none_or(Value::is_null);
    match (encoded, given) {
        (Value::Null, _) => true,
        (Value::Object(fields), Some(Value::Object(members))) => {
            fields.iter().all(|(k, v)| covers(members.get(k), v))
        }
        (Value::Array(items), _) if items.is_empty() && absent => true,
        (Value::Array(items), Some(Value::Array(members))) => {
            members.len() == items.len()
                && members.iter().zip(items).all(|(g, e)| covers(Some(g), e))
        }
        (Value::Number(n), Some(given)) => {
            let wanted = n.as_i64().map(|i| i as f64).or(n.as_f64());
            let got = match given {
                Value::Number(g) => g.as_f64(),
                Value::String(g) => g.trim().parse::<f64>().ok(),
                _ => None,
            };
            wanted.is_some() && wanted == got
        }
        (Value::Bool(b), Some(given)) => {
            let text = match given {
                Value::String(g) => g.trim().to_ascii_lowercase(),
                other => other.to_string(),
            };
            let truthy = ["true", "1"].contains(&text.as_str());
            let falsy = ["false", "0"].contains(&text.as_str());
            (*b && truthy) || (!*b && falsy)
        }
        (Value::String(text), Some(given)) => match given {
            Value::String(g) => g == text,
            Value::Number(_) | Value::Bool(_) => &given.to_string() == text,
            // A one-time key of an unexpected type is kept as its JSON text.
            Value::Object(_) | Value::Array(_) => {
                serde_json::from_str::<Value>(text).ok().as_ref() == Some(given)
            }
            Value::Null => false,
        },
        _ => false,
    }
}

/// An error response keeps its status and body, maps the status as documented, and reads a body
/// of the documented shape entry for entry.
fn check_error(http_status: u16, data: &[u8], error: &Error) {
    assert_eq!(error.http_status(), Some(http_status));
    let kept = (!data.is_empty()).then(|| String::from_utf8_lossy(data));
    assert_eq!(error.body(), kept.as_deref(), "the body is kept");
    let invalid_key = error
        .api_errors()
        .iter()
        .any(|e| e.code.starts_with("access_denied|") && e.code.ends_with("invalid_key"));
    let expected = match http_status {
        _ if invalid_key => Status::Authentication,
        400 => Status::BadRequest,
        500 => Status::Server,
        _ => Status::Api,
    };
    assert_eq!(error.status(), expected, "HTTP {http_status}");
    if let Some(entries) = documented_errors(data) {
        let read: Vec<(String, String)> = error
            .api_errors()
            .iter()
            .map(|e| (e.code.clone(), e.message.clone()))
            .collect();
        assert_eq!(read, entries, "the errors list is read entry for entry");
    }
}

/// The `(code, message)` pairs of a body in the documented error shape, if it is one.
fn documented_errors(data: &[u8]) -> Option<Vec<(String, String)>> {
    let value: Value = serde_json::from_slice(data).ok()?;
    let entries = value.get("errors")?.as_array()?;
    let text = |entry: &Value, key: &str| entry.get(key)?.as_str().map(str::to_owned);
    entries
        .iter()
        .map(|entry| Some((text(entry, "code")?, text(entry, "message")?)))
        .collect()
}

/// The key the emulator behind [`emulator_request`] accepts.
pub const FUZZ_API_KEY: &str = "fuzz-key";

/// One request as [`emulator_request`] read it from the fuzzer's bytes, and the status a fresh
/// emulator answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    pub method: &'static str,
    /// The path below the base URL.
    pub route: String,
    pub query: String,
    /// Whether the request carried [`FUZZ_API_KEY`] (otherwise no key at all).
    pub with_key: bool,
    pub body: Vec<u8>,
    pub status: u16,
}

/// Feeds one arbitrary request to a fresh emulator's router and asserts that the status is one
/// the README and the API pages allow for it (see [`allowed_statuses`]). The first byte picks
/// the method and a route, the rest splits at 0xFF into a route suffix, a query string and a body.
#[cfg(feature = "emulator")]
pub fn emulator_request(data: &[u8]) -> Option<Exchange> {
    use crate::emulator::{fuzz_handle, EmulatorOptions};
    const METHODS: [&str; 4] = ["GET", "POST", "DELETE", "PUT"];
    const ROUTES: [&str; 13] = [
        "account/subaccount/invite",
        "account",
        "user",
        "organization",
        "user/me",
        "key/user/100000",
        "account/subaccount",
        "container/300000/role",
        "key/api-roles",
        "_emulator/seed",
        "_emulator/faults",
        "_emulator/settings",
        "_emulator/invites/1/status",
    ];
    let (&selector, rest) = data.split_first()?;
    let mut parts = rest.split(|b| *b == 0xFF);
    let suffix = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let query = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let body = parts.next().unwrap_or_default().to_vec();
    let method = METHODS[usize::from(selector) % METHODS.len()];
    let mut route = ROUTES[usize::from(selector / 4) % ROUTES.len()].to_owned();
    if selector & 0x80 != 0 {
        route.push_str(&suffix);
    }
    let with_key = selector & 0x40 == 0;
    let options = EmulatorOptions::with_api_key(FUZZ_API_KEY);
    let key = with_key.then_some(FUZZ_API_KEY);
    let status = fuzz_handle(options, method, &route, &query, key, &body);
    let allowed = allowed_statuses(method, &route, with_key);
    assert!(
        allowed.contains(&status),
        "{method} {route}: {status}, expected one of {allowed:?}"
    );
    Some(Exchange {
        method,
        route,
        query,
        with_key,
        body,
        status,
    })
}

/// The statuses a fresh emulator may answer, from the README (control routes need no key) and
/// the API pages: 403 without a key (the real server's answer to a wrong key, as recorded), 404
/// for an unknown endpoint, 405 for a known one with another method, and for the endpoints their
/// documented success or a rejected request (409: a fresh account already has the user `admin`).
pub fn allowed_statuses(method: &str, route: &str, with_key: bool) -> &'static [u16] {
    if let Some(control) = route.strip_prefix("_emulator/") {
        let parts: Vec<&str> = control.split('/').collect();
        return match (method, parts.as_slice()) {
            ("GET", ["stats" | "faults"]) => &[200],
            ("POST", ["seed" | "faults"]) => &[200, 400],
            ("POST", ["settings"]) => &[204, 400],
            ("POST", ["replay"]) => &[204, 400],
            ("POST", ["invites", _, "status"]) => &[204, 400, 404],
            ("DELETE", ["faults"]) => &[204],
            _ => &[404],
        };
    }
    // `{id}` stands for a segment of digits.
    const ENDPOINTS: [&str; 25] = [
        "account/subaccount/invite",
        "account",
        "user",
        "organization",
        "user/me",
        "key/user/{id}",
        "user/{id}",
        "organization/{id}",
        "account/subaccount",
        "account/subaccount/{id}",
        "container",
        "container/{id}",
        "container/{id}/role",
        "key/api-roles",
        "user/api-only",
        "service-user",
        "key",
        "key/{id}",
        "key/{id}/status",
        "user/{id}/role",
        "user/{id}/container-assignments",
        "organization/{id}/contact",
        "organization/{id}/validation",
        "container/{id}/children",
        "container/{id}/user-assignments",
    ];
    let digits = |s: &str| !s.is_empty() && s.len() <= 18 && s.bytes().all(|b| b.is_ascii_digit());
    let shape = |route: &str| -> Option<&'static str> {
        ENDPOINTS.iter().copied().find(|pattern| {
            let (mut given, mut expected) = (route.split('/'), pattern.split('/'));
            loop {
                match (given.next(), expected.next()) {
                    (None, None) => return true,
                    (Some(g), Some("{id}")) if digits(g) => {}
                    (Some(g), Some(e)) if g == e => {}
                    _ => return false,
                }
            }
        })
    };
    match (method, shape(route)) {
        _ if !with_key => &[403],
        ("GET", Some("user/me" | "container" | "key/api-roles")) => &[200],
        (
            "GET",
            Some("account/subaccount/invite" | "user" | "organization" | "account/subaccount"),
        ) => &[200, 400],
        (
            "GET",
            Some(
                "user/{id}"
                | "organization/{id}"
                | "account/subaccount/{id}"
                | "container/{id}"
                | "container/{id}/role",
            ),
        ) => &[200, 404],
        ("POST", Some("account/subaccount/invite" | "organization")) => &[201, 400],
        ("POST", Some("account" | "user")) => &[201, 400, 409],
        ("POST", Some("key/user/{id}")) => &[201, 400, 404],
        // The lifecycle routes; `service-user` answers only when the emulator is set to it.
        ("GET", Some("user/api-only" | "key" | "service-user")) => &[200, 400, 404],
        ("GET", Some("key/{id}" | "organization/{id}/validation" | "container/{id}/children")) => {
            &[200, 404]
        }
        ("DELETE", Some("user/{id}")) => &[204, 403, 404],
        ("DELETE", Some("organization/{id}")) => &[204, 404],
        (
            "PUT",
            Some(
                "user/{id}"
                | "user/{id}/role"
                | "user/{id}/container-assignments"
                | "key/{id}"
                | "key/{id}/status"
                | "organization/{id}/contact"
                | "account/subaccount/{id}"
                | "container/{id}/user-assignments",
            ),
        ) => &[204, 400, 404],
        ("POST", Some("organization/{id}/validation")) => &[204, 400, 404],
        ("POST", Some("container/{id}/children")) => &[201, 400, 404, 409],
        (_, Some(_)) => &[405],
        _ => &[404],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn covers_compares_known_fields_under_the_leniency_rules() {
        let given = json!({"id": 1, "email": "a@b.co", "extra": [1], "page": null,
                           "n": "17", "f": 17.0, "b": "1", "t": 42});
        assert!(covers(
            Some(&given),
            &json!({"id": 1, "email": "a@b.co", "status": null})
        ));
        assert!(covers(Some(&given), &json!({"page": null, "list": []})));
        assert!(covers(
            Some(&given),
            &json!({"n": 17, "f": 17, "b": true, "t": "42"})
        ));
        assert!(!covers(Some(&given), &json!({"id": 2})));
        assert!(!covers(Some(&given), &json!({"n": 18})));
        assert!(!covers(Some(&given), &json!({"b": false})));
        assert!(!covers(Some(&given), &json!({"email": "x@b.co"})));
        assert!(!covers(Some(&given), &json!({"extra": []})));
        assert!(!covers(Some(&given), &json!({"extra": [2]})));
        assert!(!covers(None, &json!({"id": 1})));
    }

    #[test]
    fn documented_errors_needs_code_and_message_strings() {
        let body = br#"{"errors":[{"code":"a|b","message":"m"},{"code":"c","message":""}]}"#;
        let pairs = documented_errors(body).unwrap();
        assert_eq!(
            pairs,
            [("a|b".into(), "m".into()), ("c".into(), String::new())]
        );
        assert_eq!(documented_errors(br#"{"errors":[{"code":"a"}]}"#), None);
        assert_eq!(
            documented_errors(br#"{"errors":{"code":"a","message":"m"}}"#),
            None
        );
    }

    #[test]
    fn allowed_statuses_follow_the_routes() {
        assert_eq!(allowed_statuses("GET", "user/me", false), [403]);
        assert_eq!(allowed_statuses("GET", "_emulator/stats", false), [200]);
        assert_eq!(allowed_statuses("PUT", "user", true), [405]);
        assert_eq!(allowed_statuses("GET", "user/x", true), [404]);
        assert_eq!(allowed_statuses("GET", "_emulator/nothing", true), [404]);
    }
}
