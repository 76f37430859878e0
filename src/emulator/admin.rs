//! The emulator's own control routes, under `{base_url}_emulator/`: for tests written in any
//! language, including C programs that only have `certcentral_request_json`.
//!
//! - `GET  _emulator/stats`                 what was created, and requests per route
//! - `POST _emulator/seed`                  `{"invites": N}` adds N varied invites
//! - `POST _emulator/invites/{id}/status`   `{"status": "accepted"}` moves an invite along

use serde::Deserialize;
use serde_json::json;

use super::routes::Answer;
use super::state::State;

pub(crate) const PREFIX: &str = "_emulator/";

pub(crate) fn handle(state: &mut State, method: &str, route: &str, body: &[u8]) -> Answer {
    let parts: Vec<&str> = route.split('/').collect();
    match (method, parts.as_slice()) {
        ("GET", ["stats"]) => Answer::json(200, &state.stats),
        ("POST", ["seed"]) => {
            #[derive(Deserialize)]
            struct Seed {
                invites: usize,
            }
            match serde_json::from_slice::<Seed>(body) {
                Ok(seed) => {
                    state.seed_invites(seed.invites);
                    Answer::json(200, &json!({"invites": state.invites.len()}))
                }
                Err(e) => bad_body(&e),
            }
        }
        ("POST", ["invites", id, "status"]) => {
            #[derive(Deserialize)]
            struct NewStatus {
                status: String,
            }
            let Ok(id) = id.parse::<i64>() else {
                return Answer::error(404, "not_found|invite", "No invite has this id.");
            };
            match serde_json::from_slice::<NewStatus>(body) {
                Ok(new) if set_invite_status(state, id, &new.status) => Answer::empty(204),
                Ok(_) => Answer::error(404, "not_found|invite", "No invite has this id."),
                Err(e) => bad_body(&e),
            }
        }
        _ => Answer::error(404, "not_found|route", "No such emulator control route."),
    }
}

fn bad_body(e: &serde_json::Error) -> Answer {
    Answer::error(
        400,
        "bad_request_format",
        &format!("The request body is malformed: {e}"),
    )
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
