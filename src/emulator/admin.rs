//! The emulator's own control routes, under `{base_url}_emulator/`: for tests written in any
//! language, including C programs that only have `certcentral_request_json`. They need no key.
//!
//! - `GET    _emulator/stats`                what was created, requests per route, faults hit
//! - `POST   _emulator/seed`                 `{"invites": N, "users": M}` adds varied invites and users
//! - `POST   _emulator/invites/{id}/status`  `{"status": "accepted"}` moves an invite along
//! - `GET    _emulator/faults`               the installed faults
//! - `POST   _emulator/faults`               installs one fault, or an array of them
//! - `DELETE _emulator/faults`               removes every fault
//! - `POST   _emulator/release`              releases every answer a `hold` fault holds
//! - `POST   _emulator/replay?route=GET%20user&status=200` answers that route with the request's
//!   body, byte for byte (a recorded answer), until faults are cleared
//! - `POST   _emulator/settings`             changes behaviour, e.g.
//!   `{"subaccounts_enabled": false, "duplicate_organizations": "reject", "latency_ms": 5,
//!     "jitter_ms": 10,
//!     "rate_limit": true, "time_scale": 0.01, "subaccount_types": ["retail"],
//!     "documented_empty_lists": true, "close_connections": true,
//!     "service_users_path": "service-user"}`

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::json;

use super::faults::Fault;
use super::routes::Answer;
use super::state::State;
use super::{DuplicateOrganizations, ServiceUsersPath};
use crate::http::rate_limit::RateLimit;

pub(crate) const PREFIX: &str = "_emulator/";

pub(crate) fn handle(
    state: &mut State,
    method: &str,
    route: &str,
    query: &str,
    body: &[u8],
) -> Answer {
    let parts: Vec<&str> = route.split('/').collect();
    let outcome = match (method, parts.as_slice()) {
        ("POST", ["replay"]) => replay(state, query, body),
        ("GET", ["stats"]) => Ok(Answer::json(200, &state.stats)),
        ("POST", ["seed"]) => seed(state, body),
        ("POST", ["invites", id, "status"]) => invite_status(state, id, body),
        ("GET", ["faults"]) => Ok(Answer::json(200, &state.faults.list())),
        ("POST", ["faults"]) => add_faults(state, body),
        ("DELETE", ["faults"]) => {
            state.faults.clear();
            Ok(Answer::empty(204))
        }
        ("POST", ["settings"]) => settings(state, body),
        _ => Err(Answer::error(
            404,
            "not_found|route",
            "No such emulator control route.",
        )),
    };
    outcome.unwrap_or_else(|answer| answer)
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Answer> {
    serde_json::from_slice(body).map_err(|e| {
        Answer::error(
            400,
            "bad_request_format",
            &format!("The request body is malformed: {e}"),
        )
    })
}

fn invalid(field: &str, rule: &str) -> Answer {
    Answer::error(400, &format!("invalid_value|{field}"), rule)
}

fn seed(state: &mut State, body: &[u8]) -> Result<Answer, Answer> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Seed {
        #[serde(default)]
        invites: usize,
        #[serde(default)]
        users: usize,
    }
    let seed: Seed = parse(body)?;
    state
        .seed_invites(seed.invites)
        .map_err(|rule| invalid("invites", &rule))?;
    state
        .seed_users(seed.users)
        .map_err(|rule| invalid("users", &rule))?;
    Ok(Answer::json(
        200,
        &json!({"invites": state.invites.len(), "users": state.users.len()}),
    ))
}

fn invite_status(state: &mut State, id: &str, body: &[u8]) -> Result<Answer, Answer> {
    #[derive(Deserialize)]
    struct NewStatus {
        status: String,
    }
    let new: NewStatus = parse(body)?;
    let found = id
        .parse::<i64>()
        .is_ok_and(|id| set_invite_status(state, id, &new.status));
    if !found {
        return Err(Answer::error(
            404,
            "not_found|invite",
            "No invite has this id.",
        ));
    }
    Ok(Answer::empty(204))
}

/// `POST _emulator/replay?route=…&status=…`: the body, verbatim, becomes the route's answer.
fn replay(state: &mut State, query: &str, body: &[u8]) -> Result<Answer, Answer> {
    let mut route = None;
    let mut status = 200;
    for (name, value) in crate::http::query::decode(query) {
        match name.as_str() {
            "route" => route = Some(value),
            "status" => {
                status = value
                    .parse()
                    .map_err(|_| invalid("status", "must be an HTTP status"))?
            }
            other => {
                return Err(invalid(
                    other,
                    "is not a parameter of replay (route, status)",
                ))
            }
        }
    }
    let route = route.ok_or_else(|| invalid("route", "is required, e.g. route=GET%20user"))?;
    let body = std::str::from_utf8(body)
        .map_err(|_| invalid("body", "must be UTF-8 (a recorded JSON answer)"))?;
    let fault = Fault::replay(&route, status, body);
    fault.check().map_err(|rule| invalid("fault", &rule))?;
    state.faults.add(fault);
    Ok(Answer::empty(204))
}

fn add_faults(state: &mut State, body: &[u8]) -> Result<Answer, Answer> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        Many(Vec<Fault>),
        One(Fault),
    }
    let faults = match parse::<OneOrMany>(body)? {
        OneOrMany::Many(faults) => faults,
        OneOrMany::One(fault) => vec![fault],
    };
    for fault in &faults {
        fault.check().map_err(|rule| invalid("fault", &rule))?;
    }
    faults.into_iter().for_each(|f| state.faults.add(f));
    Ok(Answer::json(200, &state.faults.list()))
}

fn settings(state: &mut State, body: &[u8]) -> Result<Answer, Answer> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Settings {
        subaccounts_enabled: Option<bool>,
        duplicate_organizations: Option<DuplicateOrganizations>,
        subaccount_types: Option<Vec<String>>,
        latency_ms: Option<u64>,
        jitter_ms: Option<u64>,
        rate_limit: Option<bool>,
        time_scale: Option<f64>,
        documented_empty_lists: Option<bool>,
        close_connections: Option<bool>,
        service_users_path: Option<ServiceUsersPath>,
    }
    let new: Settings = parse(body)?;
    if let Some(scale) = new.time_scale {
        if !(scale.is_finite() && scale > 0.0 && scale <= 1000.0) {
            return Err(invalid(
                "time_scale",
                "must be a number above 0 and at most 1000",
            ));
        }
    }
    let options = &mut state.options;
    if let Some(v) = new.subaccounts_enabled {
        options.subaccounts_enabled = v;
    }
    if let Some(v) = new.duplicate_organizations {
        options.duplicate_organizations = v;
    }
    if let Some(v) = new.subaccount_types {
        options.subaccount_types = v;
    }
    if let Some(ms) = new.latency_ms {
        options.latency = Duration::from_millis(ms);
    }
    if let Some(ms) = new.jitter_ms {
        options.jitter = Duration::from_millis(ms);
    }
    if let Some(on) = new.rate_limit {
        options.rate_limit = on.then(RateLimit::documented);
    }
    if let Some(scale) = new.time_scale {
        options.time_scale = scale;
    }
    if let Some(documented) = new.documented_empty_lists {
        options.documented_empty_lists = documented;
    }
    if let Some(close) = new.close_connections {
        // Applies to connections accepted from now on.
        options.close_connections = close;
    }
    if let Some(path) = new.service_users_path {
        options.service_users_path = path;
    }
    state.apply_rate_limit();
    Ok(Answer::empty(204))
}

pub(crate) fn set_invite_status(state: &mut State, id: i64, status: &str) -> bool {
    match state.invites.iter_mut().find(|i| i.id == id) {
        Some(invite) => {
            invite.status = status.to_owned();
            true
        }
        None => false,
    }
}
