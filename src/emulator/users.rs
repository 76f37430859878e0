//! Users: `POST user` (a standard user, or with `is_api_only` a service user and its first
//! key), `GET user`, `GET user/{user_id}` and `GET user/me` (the key's owner).

use serde_json::{json, Value};

use super::containers::role_json;
use super::keys::{new_api_key, new_key_record};
use super::listing::{self, without_nulls, Match, Row, Spec};
use super::routes::{conflict, not_found, parse, Answer, Handled, Route};
use super::state::{State, UserRecord, ADMIN_USER_ID, ROOT_ACCOUNT_ID, ROOT_CONTAINER_ID};
use crate::api::{AddServiceUserRequest, AddUserRequest};

pub(crate) const ROUTES: &[Route] = &[
    Route {
        pattern: "POST user",
        handler: |state, call| add_user(state, call.body),
    },
    Route {
        pattern: "GET user/me",
        handler: |state, call| get_user(state, call.caller),
    },
    Route {
        pattern: "GET user",
        handler: |state, call| list_users(state, call.query),
    },
    Route {
        pattern: "GET user/{user_id}",
        handler: |state, call| get_user(state, call.id()),
    },
];

/// Checks that every container id a request names exists.
fn check_containers<'a>(
    state: &State,
    ids: impl IntoIterator<Item = (String, &'a i64)>,
) -> Result<(), Answer> {
    for (field, id) in ids {
        if !state.has_container(*id) {
            return Err(Answer::error(
                400,
                &format!("invalid_container|{field}"),
                &format!("{field} {id} is not a container of this account"),
            ));
        }
    }
    Ok(())
}

fn assignments(ids: &Option<Vec<i64>>) -> impl Iterator<Item = (String, &i64)> {
    ids.iter()
        .flatten()
        .enumerate()
        .map(|(i, id)| (format!("container_id_assignments[{i}]"), id))
}

/// `POST user`: a standard user, or with `is_api_only` a service user and its first key.
fn add_user(state: &mut State, body: &[u8]) -> Handled {
    let api_only = serde_json::from_slice::<serde_json::Value>(body)
        .is_ok_and(|v| v.get("is_api_only") == Some(&json!(true)));
    if api_only {
        return add_service_user(state, body);
    }
    let request: AddUserRequest = parse(body)?;
    for (i, role) in request.access_roles.iter().enumerate() {
        if !(1..=5).contains(&role.id) {
            return Err(Answer::error(
                400,
                &format!("invalid_access_role|access_roles[{i}].id"),
                &format!(
                    "access_roles[{i}].id {} is not an access role (1-5)",
                    role.id
                ),
            ));
        }
    }
    let container = request.container.map(|c| c.id);
    check_containers(
        state,
        container
            .iter()
            .map(|id| ("container.id".to_owned(), id))
            .chain(assignments(&request.container_id_assignments)),
    )?;
    if !state.claim_username(&request.username) {
        return Err(conflict(
            "duplicate_username|username",
            &format!("username {:?} is already taken", request.username),
        ));
    }
    let id = state.next_id(ADMIN_USER_ID);
    state.users.push(UserRecord {
        id,
        username: request.username,
        first_name: request.first_name,
        last_name: request.last_name,
        email: request.email,
        job_title: request.job_title,
        telephone: request.telephone,
        container_id: container.unwrap_or(ROOT_CONTAINER_ID),
        access_roles: request.access_roles.iter().map(|r| r.id).collect(),
        api_only: false,
        container_id_assignments: request.container_id_assignments.unwrap_or_default(),
    });
    state.stats.users_created += 1;
    Ok(Answer::json(201, &json!({"id": id})))
}

fn add_service_user(state: &mut State, body: &[u8]) -> Handled {
    let request: AddServiceUserRequest = parse(body)?;
    check_containers(state, assignments(&request.container_id_assignments))?;
    let id = state.next_id(ADMIN_USER_ID);
    // Service users get generated usernames, as in the docs' examples.
    let username = new_api_key(id)[..20].to_ascii_lowercase();
    state.claim_username(&username);
    state.users.push(UserRecord {
        id,
        username,
        first_name: "Service".to_owned(),
        last_name: "User".to_owned(),
        email: request.email,
        job_title: None,
        telephone: None,
        container_id: ROOT_CONTAINER_ID,
        // The key carries the creating administrator's role unless restricted.
        access_roles: vec![1],
        api_only: true,
        container_id_assignments: request.container_id_assignments.unwrap_or_default(),
    });
    let api_key = new_api_key(id);
    let key_id = state.next_id(0);
    let name = request.api_name.clone();
    let role = request.restricted_to_role_id.unwrap_or(0);
    state.add_api_key(api_key.clone(), new_key_record(key_id, id, name, role));
    state.stats.service_users_created += 1;
    Ok(Answer::json(201, &json!({"id": id, "api_key": api_key})))
}

impl UserRecord {
    fn json(&self, with_container: bool) -> Value {
        let roles: Vec<Value> = self.access_roles.iter().copied().map(role_json).collect();
        let mut answer = json!({
            "id": self.id,
            "username": self.username,
            "account_id": ROOT_ACCOUNT_ID,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "email": self.email,
            "job_title": self.job_title,
            "telephone": self.telephone,
            "status": "active",
            "access_roles": roles,
            "type": "standard",
            "has_container_assignments": !self.container_id_assignments.is_empty(),
        });
        if with_container {
            // The recorded shape (tests/fixtures/recorded/users.list.json).
            answer["container"] = json!({"id": self.container_id,
                "public_id": format!("c{:x}", self.container_id), "name": "Emulated account",
                "parent_id": 0, "template_id": 4, "ekey": format!("emulated-{}", self.container_id),
                "has_logo": false, "is_active": true});
        }
        if !self.container_id_assignments.is_empty() {
            let ids: Vec<String> = self
                .container_id_assignments
                .iter()
                .map(i64::to_string)
                .collect();
            answer["container_assignments"] = json!(ids);
        }
        without_nulls(answer)
    }
}

impl Row for UserRecord {
    fn to_json(&self) -> Value {
        self.json(true)
    }
}

/// A user listed without its container (`without_container=true`).
struct Containerless<'a>(&'a UserRecord);

impl Row for Containerless<'_> {
    fn to_json(&self) -> Value {
        self.0.json(false)
    }
}

const USERS: Spec = Spec {
    array: "users",
    filters: &[("status", Match::Exact)],
    search: &["username", "first_name", "last_name", "email"],
    search_always_contains: false,
    sort: &[
        "id",
        "username",
        "first_name",
        "last_name",
        "email",
        "status",
    ],
};

/// `GET user`: standard users (service users have their own list in the API).
fn list_users(state: &State, raw_query: &str) -> Handled {
    let (params, extra) = listing::parse_query(raw_query)?;
    let number = |name: &str| -> Result<Option<i64>, Answer> {
        extra
            .get(name)
            .map(|v| {
                v.parse::<i64>().map_err(|_| {
                    Answer::error(
                        400,
                        &format!("invalid_value|{name}"),
                        &format!("{name} must be an integer"),
                    )
                })
            })
            .transpose()
    };
    let container_id = number("container_id")?;
    let role = number("access_role_id")?;
    let without_container = extra
        .get("without_container")
        .is_some_and(|v| v == "true" || v == "1");
    let users = state.users.iter().filter(|u| {
        !u.api_only
            && container_id.is_none_or(|c| u.container_id == c)
            && role.is_none_or(|r| u.access_roles.contains(&r))
    });
    Ok(if without_container {
        let rows: Vec<Containerless> = users.map(Containerless).collect();
        listing::answer(
            rows.iter().collect(),
            &params,
            &USERS,
            listing::empty(state),
        )
    } else {
        listing::answer(users.collect(), &params, &USERS, listing::empty(state))
    })
}

/// `GET user/{user_id}` and `GET user/me`.
fn get_user(state: &State, id: i64) -> Handled {
    let user = state.user(id).ok_or_else(|| not_found("user", id))?;
    Ok(Answer::json(200, &user.json(true)))
}
