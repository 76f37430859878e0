//! API keys and API-key roles: `POST key/user/{user_id}` and `GET key/api-roles`; and the
//! making of keys, which subaccounts and service users get too.

use serde_json::json;

use super::listing;
use super::routes::{parse, Answer, Handled, Route};
use super::state::State;
use crate::api::CreateApiKeyRequest;

pub(crate) const ROUTES: &[Route] = &[
    Route {
        pattern: "POST key/user/{user_id}",
        handler: |state, call| create_api_key(state, call.id(), call.body),
    },
    Route {
        pattern: "GET key/api-roles",
        handler: |state, _| Ok(list_api_key_roles(state)),
    },
];

/// The API key roles `GET key/api-roles` lists in the docs' example.
const API_KEY_ROLES: [(i64, &str); 3] = [
    (100, "Orders"),
    (101, "Orders, Domains, Organizations"),
    (102, "View Only"),
];

/// A new random key (64 hexadecimal digits).
pub(crate) fn new_api_key(seed: i64) -> String {
    use std::hash::BuildHasher;
    let state = std::collections::hash_map::RandomState::new();
    let words: Vec<String> = (0..4)
        .map(|i| format!("{:016X}", state.hash_one((seed, i))))
        .collect();
    words.concat()
}

/// `POST key/user/{user_id}`: another key for an existing user; the key authenticates as them.
fn create_api_key(state: &mut State, user_id: i64, body: &[u8]) -> Handled {
    let _request: CreateApiKeyRequest = parse(body)?;
    if state.user(user_id).is_none() {
        return Err(Answer::error(
            404,
            "not_found|user",
            &format!("No user has the id {user_id}."),
        ));
    }
    let key_id = state.next_id(0);
    let api_key = new_api_key(key_id);
    state.api_keys.insert(api_key.clone(), user_id);
    state.stats.api_keys_created += 1;
    Ok(Answer::json(
        201,
        &json!({"id": key_id, "api_key": api_key}),
    ))
}

/// `GET key/api-roles`.
fn list_api_key_roles(state: &State) -> Answer {
    let rows = API_KEY_ROLES
        .iter()
        .map(|(id, name)| json!({"id": id, "name": name}))
        .collect();
    listing::plain_list("access_roles", rows, listing::empty(state))
}
