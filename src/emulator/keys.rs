//! API keys and API-key roles: `POST key/user/{user_id}`, `GET key/api-roles`, `GET key`,
//! `GET key/{key_id}`, `PUT key/{key_id}` and `PUT key/{key_id}/status`; and the making of
//! keys, which subaccounts and service users get too. A key's record never shows the key
//! itself; a revoked key no longer authenticates (see `State::authenticate`).

use serde_json::{json, Value};

use super::body::{self, Fields};
use super::clock;
use super::listing::{self, without_nulls, Match, Spec};
use super::routes::{not_found, parse, Answer, Handled, Route};
use super::state::{ApiKeyRecord, State};
use crate::api::CreateApiKeyRequest;
use crate::validate::{Rule, API_KEY_ROLES};

pub(crate) const ROUTES: &[Route] = &[
    Route {
        pattern: "POST key/user/{user_id}",
        handler: |state, call| create_api_key(state, call.id(), call.body),
    },
    Route {
        pattern: "GET key/api-roles",
        handler: |state, _| Ok(list_api_key_roles(state)),
    },
    Route {
        pattern: "GET key",
        handler: |state, call| list_api_keys(state, call.query),
    },
    Route {
        pattern: "GET key/{key_id}",
        handler: |state, call| get_api_key(state, call.id()),
    },
    Route {
        pattern: "PUT key/{key_id}",
        handler: |state, call| update_api_key(state, call.id(), call.body),
    },
    Route {
        pattern: "PUT key/{key_id}/status",
        handler: |state, call| set_api_key_status(state, call.id(), call.body),
    },
];

/// The API key roles `GET key/api-roles` lists in the docs' example.
const API_KEY_ROLES_LISTED: [(i64, &str); 3] = [
    (100, "Orders"),
    (101, "Orders, Domains, Organizations"),
    (102, "View Only"),
];

/// The words `PUT key/{key_id}/status` accepts.
const KEY_STATUSES: [&str; 2] = ["active", "revoked"];

/// The longest key name the emulator keeps (the docs print no limit).
const MAX_KEY_NAME_CHARS: usize = 255;

/// A new random key (64 hexadecimal digits).
pub(crate) fn new_api_key(seed: i64) -> String {
    use std::hash::BuildHasher;
    let state = std::collections::hash_map::RandomState::new();
    let words: Vec<String> = (0..4)
        .map(|i| format!("{:016X}", state.hash_one((seed, i))))
        .collect();
    words.concat()
}

/// A new key's record: active, made now, never used.
pub(crate) fn new_key_record(id: i64, user_id: i64, name: String, role: i64) -> ApiKeyRecord {
    ApiKeyRecord {
        id,
        user_id,
        name,
        active: true,
        create_date: clock::now_iso(),
        last_used_date: None,
        restricted_to_role_id: role,
    }
}

/// `POST key/user/{user_id}`: another key for an existing user; the key authenticates as them.
fn create_api_key(state: &mut State, user_id: i64, body: &[u8]) -> Handled {
    let request: CreateApiKeyRequest = parse(body)?;
    if state.user(user_id).is_none() {
        return Err(Answer::error(
            404,
            "not_found|user",
            &format!("No user has the id {user_id}."),
        ));
    }
    let key_id = state.next_id(0);
    let api_key = new_api_key(key_id);
    let role = request.restricted_to_role_id.unwrap_or(0);
    let record = new_key_record(key_id, user_id, request.name, role);
    state.add_api_key(api_key.clone(), record);
    state.stats.api_keys_created += 1;
    Ok(Answer::json(
        201,
        &json!({"id": key_id, "api_key": api_key}),
    ))
}

/// `GET key/api-roles`.
fn list_api_key_roles(state: &State) -> Answer {
    let rows = API_KEY_ROLES_LISTED
        .iter()
        .map(|(id, name)| json!({"id": id, "name": name}))
        .collect();
    listing::plain_list("access_roles", rows, listing::empty(state))
}

/// A key as `GET key` and `GET key/{key_id}` show it (the docs' example), its user's names
/// looked up now; `last_used_date` absent until the key is used.
fn key_json(state: &State, key: &ApiKeyRecord) -> Value {
    let user = state.user(key.user_id);
    without_nulls(json!({
        "id": key.id,
        "user": {
            "id": key.user_id,
            "first_name": user.map(|u| u.first_name.as_str()),
            "last_name": user.map(|u| u.last_name.as_str()),
        },
        "status": if key.active { "active" } else { "revoked" },
        "create_date": key.create_date,
        "last_used_date": key.last_used_date,
        "name": key.name,
        "is_legacy": false,
        "restricted_to_role_id": key.restricted_to_role_id,
    }))
}

const API_KEYS: Spec = Spec {
    array: "api_keys",
    filters: &[("status", Match::Exact), ("name", Match::Exact)],
    search: &["name"],
    search_always_contains: false,
    sort: &[
        "id",
        "name",
        "status",
        "create_date",
        "last_used_date",
        "restricted_to_role_id",
    ],
};

/// `GET key`: every key of the account, or with `user_id` one user's, through the listing
/// engine (the docs' parameter table is not visible; the usual list parameters are accepted).
fn list_api_keys(state: &State, raw_query: &str) -> Handled {
    let (params, extra) = listing::parse_query(raw_query)?;
    let user_id = match extra.get("user_id") {
        None => None,
        Some(text) => Some(text.parse::<i64>().map_err(|_| {
            Answer::error(400, "invalid_value|user_id", "user_id must be an integer")
        })?),
    };
    let rows: Vec<Value> = state
        .key_records
        .values()
        .filter(|key| user_id.is_none_or(|id| key.user_id == id))
        .map(|key| key_json(state, key))
        .collect();
    Ok(listing::answer(
        rows.iter().collect(),
        &params,
        &API_KEYS,
        listing::empty(state),
    ))
}

/// `GET key/{key_id}`: the key's record, never the key.
fn get_api_key(state: &State, id: i64) -> Handled {
    let key = state
        .key_records
        .get(&id)
        .ok_or_else(|| not_found("API key", id))?;
    Ok(Answer::json(200, &key_json(state, key)))
}

/// The record of the key with this id, or the documented 404.
fn key_mut(state: &mut State, id: i64) -> Result<&mut ApiKeyRecord, Answer> {
    state
        .key_records
        .get_mut(&id)
        .ok_or_else(|| not_found("API key", id))
}

/// `PUT key/{key_id}`: `name` required; `restricted_to_role_id` (0, 100-103) kept when
/// omitted (the docs do not say; assumed). Answers 204, as documented.
fn update_api_key(state: &mut State, id: i64, body: &[u8]) -> Handled {
    key_mut(state, id)?;
    let object = body::object(body)?;
    let fields = Fields::of(&object);
    let name = fields.required_text("name", MAX_KEY_NAME_CHARS)?;
    let role = fields.int("restricted_to_role_id")?;
    if let Some(role) = role.filter(|r| !API_KEY_ROLES.contains(r)) {
        return Err(body::broken(
            "restricted_to_role_id",
            Rule::OneOf {
                allowed: &API_KEY_ROLES,
                got: role,
            },
        ));
    }
    let key = key_mut(state, id)?;
    key.name = name;
    if let Some(role) = role {
        key.restricted_to_role_id = role;
    }
    Ok(Answer::empty(204))
}

/// `PUT key/{key_id}/status`: `revoked` stops the key authenticating (403 invalid key, as for a
/// wrong key), `active` lets it in again; any other word is refused with 400
/// `invalid_value|status`. Answers 204 No Content (the docs show an empty body; the status line
/// is not visible: assumed, as the siblings answer 204).
fn set_api_key_status(state: &mut State, id: i64, body: &[u8]) -> Handled {
    key_mut(state, id)?;
    let object = body::object(body)?;
    let status = Fields::of(&object).required_text("status", 16)?;
    if !KEY_STATUSES.contains(&status.as_str()) {
        return Err(body::broken(
            "status",
            Rule::OneOfWords {
                allowed: &KEY_STATUSES,
                got: status,
            },
        ));
    }
    key_mut(state, id)?.active = status == "active";
    Ok(Answer::empty(204))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::routes::{handle, ApiRequest};
    use crate::emulator::state::{ADMIN_KEY_ID, ADMIN_USER_ID};
    use crate::emulator::EmulatorOptions;

    const KEY: &str = "test-key";

    fn state() -> State {
        State::new(EmulatorOptions::with_api_key(KEY)).unwrap()
    }

    fn call(state: &mut State, key: &str, method: &str, route: &str, body: &str) -> Answer {
        let request = ApiRequest {
            method,
            route,
            query: "",
            api_key: Some(key),
            body: body.as_bytes(),
        };
        handle(state, &request)
    }

    fn json_of(answer: &Answer) -> Value {
        serde_json::from_slice(&answer.body).unwrap()
    }

    /// A second key for the administrator, and its id.
    fn second_key(state: &mut State) -> (String, i64) {
        let route = format!("key/user/{ADMIN_USER_ID}");
        let made = call(state, KEY, "POST", &route, r#"{"name": "second"}"#);
        let made = json_of(&made);
        (
            made["api_key"].as_str().unwrap().to_owned(),
            made["id"].as_i64().unwrap(),
        )
    }

    #[test]
    fn a_revoked_key_is_an_invalid_key_until_activated_again() {
        let mut state = state();
        let (key, id) = second_key(&mut state);
        assert_eq!(call(&mut state, &key, "GET", "user/me", "").status, 200);
        let route = format!("key/{id}/status");
        let revoked = call(&mut state, KEY, "PUT", &route, r#"{"status":"revoked"}"#);
        assert_eq!((revoked.status, revoked.body.len()), (204, 0));
        let refused = call(&mut state, &key, "GET", "user/me", "");
        assert_eq!(refused, crate::emulator::routes::invalid_key());
        let shown = json_of(&call(&mut state, KEY, "GET", &format!("key/{id}"), ""));
        assert_eq!(shown["status"], "revoked");
        call(&mut state, KEY, "PUT", &route, r#"{"status":"active"}"#);
        assert_eq!(call(&mut state, &key, "GET", "user/me", "").status, 200);
    }

    #[test]
    fn key_status_words_are_only_active_and_revoked() {
        let mut state = state();
        let route = format!("key/{ADMIN_KEY_ID}/status");
        let answer = call(&mut state, KEY, "PUT", &route, r#"{"status":"inactive"}"#);
        assert_eq!(answer.status, 400);
        assert_eq!(
            json_of(&answer)["errors"][0]["code"],
            "invalid_value|status"
        );
        assert_eq!(call(&mut state, KEY, "GET", "user/me", "").status, 200);
    }

    #[test]
    fn a_key_record_shows_its_use_but_never_the_key() {
        let mut state = state();
        let (key, id) = second_key(&mut state);
        let route = format!("key/{id}");
        let unused = json_of(&call(&mut state, KEY, "GET", &route, ""));
        assert!(unused.get("last_used_date").is_none(), "{unused}");
        assert!(!unused.to_string().contains(&key));
        assert_eq!(unused["user"]["id"], ADMIN_USER_ID);
        assert_eq!(unused["is_legacy"], false);
        call(&mut state, &key, "GET", "user/me", "");
        let used = json_of(&call(&mut state, KEY, "GET", &route, ""));
        let date = used["last_used_date"].as_str().unwrap();
        assert!(date.ends_with("+00:00") && date.contains('T'), "{date}");
    }

    #[test]
    fn editing_a_key_needs_a_name_and_keeps_an_omitted_restriction() {
        let mut state = state();
        let (_, id) = second_key(&mut state);
        let route = format!("key/{id}");
        let body = r#"{"name": "ci", "restricted_to_role_id": 102}"#;
        assert_eq!(call(&mut state, KEY, "PUT", &route, body).status, 204);
        assert_eq!(
            call(&mut state, KEY, "PUT", &route, r#"{"name":"ci2"}"#).status,
            204
        );
        let shown = json_of(&call(&mut state, KEY, "GET", &route, ""));
        assert_eq!(
            (
                shown["name"].as_str(),
                shown["restricted_to_role_id"].as_i64()
            ),
            (Some("ci2"), Some(102))
        );
        let nameless = call(
            &mut state,
            KEY,
            "PUT",
            &route,
            r#"{"restricted_to_role_id": 0}"#,
        );
        assert_eq!(
            json_of(&nameless)["errors"][0]["code"],
            "missing_field|name"
        );
        let bad_role = call(
            &mut state,
            KEY,
            "PUT",
            &route,
            r#"{"name":"x","restricted_to_role_id":7}"#,
        );
        assert_eq!(bad_role.status, 400);
        assert_eq!(
            call(&mut state, KEY, "PUT", "key/424242", r#"{"name":"x"}"#).status,
            404
        );
    }

    #[test]
    fn keys_are_listed_per_user_and_an_empty_list_is_recorded_form() {
        let mut state = state();
        second_key(&mut state);
        let all = json_of(&call(&mut state, KEY, "GET", "key", ""));
        assert_eq!(all["api_keys"].as_array().unwrap().len(), 2);
        assert_eq!(all["page"]["total"], 2);
        let request = ApiRequest {
            method: "GET",
            route: "key",
            query: "user_id=4242",
            api_key: Some(KEY),
            body: b"",
        };
        let none = handle(&mut state, &request);
        assert_eq!(
            json_of(&none),
            json!({"page": {"total": 0, "limit": 1000, "offset": 0}})
        );
    }

    #[test]
    fn keys_are_filtered_sorted_and_paged_like_every_list() {
        let mut state = state();
        let (_, second) = second_key(&mut state);
        let get = |state: &mut State, query: &str| {
            let request = ApiRequest {
                method: "GET",
                route: "key",
                query,
                api_key: Some(KEY),
                body: b"",
            };
            handle(state, &request)
        };
        let route = format!("key/{second}/status");
        call(&mut state, KEY, "PUT", &route, r#"{"status":"revoked"}"#);
        let revoked = json_of(&get(&mut state, "filters[status]=revoked"));
        assert_eq!(revoked["api_keys"].as_array().unwrap().len(), 1);
        assert_eq!(revoked["api_keys"][0]["id"], second);
        let named = json_of(&get(&mut state, "filters[search]=%25second"));
        assert_eq!(named["api_keys"][0]["name"], "second");
        let paged = json_of(&get(&mut state, "sort=-id&limit=1&offset=1"));
        assert_eq!(paged["page"], json!({"total": 2, "limit": 1, "offset": 1}));
        assert_eq!(paged["api_keys"][0]["id"], second.min(ADMIN_KEY_ID));
        let bad = get(&mut state, "filters[owner]=x");
        assert_eq!(
            json_of(&bad)["errors"][0]["code"],
            "invalid_filter|filters[owner]"
        );
        assert_eq!(get(&mut state, "user_id=abc").status, 400);
        assert_eq!(call(&mut state, KEY, "GET", "key/424242", "").status, 404);
    }
}
