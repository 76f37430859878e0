//! Users: `POST user` (a standard user, or with `is_api_only` a service user and its first
//! key), `GET user`, `GET user/{user_id}` and `GET user/me` (the key's owner); and their
//! lifecycle: `PUT user/{user_id}` (a full replace: omitted `job_title` and `telephone` are
//! erased), `DELETE user/{user_id}` (gone from every read, its keys refused),
//! `PUT user/{user_id}/role` and `PUT user/{user_id}/container-assignments` (whole lists
//! replaced), and the service users' list, `GET user/api-only` or `GET service-user` (see
//! [`ServiceUsersPath`]).

use serde_json::{json, Value};

use super::body::{self, Fields};
use super::containers::role_json;
use super::keys::{new_api_key, new_key_record};
use super::listing::{self, without_nulls, Match, Row, Spec};
use super::routes::{
    broken_rule, conflict, not_found, parse, route_not_found, Answer, Handled, Route,
};
use super::state::{State, UserRecord, ADMIN_USER_ID, ROOT_ACCOUNT_ID, ROOT_CONTAINER_ID};
use super::ServiceUsersPath;
use crate::api::{AddServiceUserRequest, AddUserRequest};
use crate::validate::{self, Rule, MAX_JOB_TITLE_CHARS, MAX_NAME_CHARS, MAX_TELEPHONE_CHARS};

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
    Route {
        pattern: "PUT user/{user_id}",
        handler: |state, call| update_user(state, call.id(), call.body),
    },
    Route {
        pattern: "DELETE user/{user_id}",
        handler: |state, call| delete_user(state, call.caller, call.id()),
    },
    Route {
        pattern: "PUT user/{user_id}/role",
        handler: |state, call| set_user_roles(state, call.id(), call.body),
    },
    Route {
        pattern: "PUT user/{user_id}/container-assignments",
        handler: |state, call| set_user_containers(state, call.id(), call.body),
    },
    Route {
        pattern: "GET user/api-only",
        handler: |state, call| list_service_users(state, ServiceUsersPath::UserApiOnly, call.query),
    },
    Route {
        pattern: "GET service-user",
        handler: |state, call| list_service_users(state, ServiceUsersPath::ServiceUser, call.query),
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

/// Checks that `access_roles[i].id` is one of the glossary's access roles (1-5).
fn check_role(i: usize, id: i64) -> Result<(), Answer> {
    if (1..=5).contains(&id) {
        return Ok(());
    }
    Err(Answer::error(
        400,
        &format!("invalid_access_role|access_roles[{i}].id"),
        &format!("access_roles[{i}].id {id} is not an access role (1-5)"),
    ))
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
        check_role(i, role.id)?;
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
        is_saml_sso_only: request.is_saml_sso_only,
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
        is_saml_sso_only: None,
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
            // Shown once set by `POST user` or `PUT user/{user_id}` (the `GET user` pages do not
            // show it; assumed, so that a client's read-merge-write carries it over).
            "is_saml_sso_only": self.is_saml_sso_only,
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
    list_of(state, raw_query, false)
}

/// `GET user/api-only` and `GET service-user`: the service users, with the parameters of
/// `GET user`, on the path `service_users_path` chooses; the other path answers the router's
/// 404 `not_found|route`, as a server that lacks it would. None is answered the recorded way
/// (`{"page": {…}}` without `users`) unless `documented_empty_lists`.
fn list_service_users(state: &State, path: ServiceUsersPath, raw_query: &str) -> Handled {
    if state.options.service_users_path != path {
        return Err(route_not_found());
    }
    list_of(state, raw_query, true)
}

/// The standard users (`api_only` false) or the service users, filtered and paged.
fn list_of(state: &State, raw_query: &str, api_only: bool) -> Handled {
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
        u.api_only == api_only
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

/// The user with this id, or the documented 404.
fn user_mut(state: &mut State, id: i64) -> Result<&mut UserRecord, Answer> {
    state
        .users
        .iter_mut()
        .find(|u| u.id == id)
        .ok_or_else(|| not_found("user", id))
}

/// What `PUT user/{user_id}` sets, checked.
struct UserEdit {
    username: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    email: String,
    job_title: Option<String>,
    telephone: Option<String>,
    is_saml_sso_only: Option<bool>,
}

/// The body of `PUT user/{user_id}` by the edit page's table: `email` required, the rest
/// optional, with the limits of `POST user`.
fn parse_edit(body: &[u8]) -> Result<UserEdit, Answer> {
    let object = body::object(body)?;
    let fields = Fields::of(&object);
    let username = fields.text("username", usize::MAX)?;
    if let Some(name) = &username {
        validate::username("username", name).map_err(broken_rule)?;
    }
    let mut names = [None, None];
    for (slot, name) in names.iter_mut().zip(["first_name", "last_name"]) {
        *slot = fields.text(name, MAX_NAME_CHARS)?;
        if let Some(value) = slot {
            validate::required(name, value).map_err(broken_rule)?;
        }
    }
    let [first_name, last_name] = names;
    // At most 255 characters, and of valid syntax.
    let email = fields.email("email")?;
    Ok(UserEdit {
        username,
        first_name,
        last_name,
        email,
        job_title: fields.text("job_title", MAX_JOB_TITLE_CHARS)?,
        telephone: fields.text("telephone", MAX_TELEPHONE_CHARS)?,
        is_saml_sso_only: fields.flag("is_saml_sso_only")?,
    })
}

/// `PUT user/{user_id}`: a full replace, as the edit page warns. `email` is required;
/// `job_title` and `telephone` left out are ERASED (the page's note and table); `username`,
/// `first_name`, `last_name` and `is_saml_sso_only` left out are kept (the page says nothing of
/// them being removed; assumed). A taken username is refused with 409
/// `duplicate_username|username` (as `POST user`). For a service user only `email` can change
/// (the Edit service user page): a different username or name is refused with 400
/// `invalid_value|<field>` (the code is assumed; the docs list none). Answers 204 No Content,
/// as the Edit service user page shows for the same path (the standard user page's status is
/// not visible; assumed the same).
fn update_user(state: &mut State, id: i64, body: &[u8]) -> Handled {
    let edit = parse_edit(body)?;
    let user = state.user(id).ok_or_else(|| not_found("user", id))?;
    if user.api_only {
        let fixed = [
            ("username", &edit.username, &user.username),
            ("first_name", &edit.first_name, &user.first_name),
            ("last_name", &edit.last_name, &user.last_name),
        ];
        for (field, given, current) in fixed {
            if given.as_ref().is_some_and(|given| given != current) {
                return Err(Answer::error(
                    400,
                    &format!("invalid_value|{field}"),
                    &format!("{field} of a service user cannot change; only email can"),
                ));
            }
        }
    }
    let old_username = user.username.clone();
    if let Some(username) = &edit.username {
        if !username.eq_ignore_ascii_case(&old_username) {
            if !state.claim_username(username) {
                return Err(conflict(
                    "duplicate_username|username",
                    &format!("username {username:?} is already taken"),
                ));
            }
            state.usernames.remove(&old_username.to_lowercase());
        }
    }
    let user = user_mut(state, id)?;
    if let Some(username) = edit.username {
        user.username = username;
    }
    if let Some(first_name) = edit.first_name {
        user.first_name = first_name;
    }
    if let Some(last_name) = edit.last_name {
        user.last_name = last_name;
    }
    user.email = edit.email;
    user.job_title = edit.job_title;
    user.telephone = edit.telephone;
    if edit.is_saml_sso_only.is_some() {
        user.is_saml_sso_only = edit.is_saml_sso_only;
    }
    Ok(Answer::empty(204))
}

/// `DELETE user/{user_id}`: the user is gone from every read (`GET user`, `GET user/{id}`, the
/// service users, containers' assignments), its username is free again, and its keys no longer
/// authenticate (the recorded 403 invalid key; the UI docs say access is revoked). Answers 204
/// No Content, as public client code expects (no API page documents the call). The key's own
/// user cannot be deleted (the UI docs): 403 `access_denied|delete_own_user` (the code is
/// assumed). No other refusal is modeled.
fn delete_user(state: &mut State, caller: i64, id: i64) -> Handled {
    if state.user(id).is_none() {
        return Err(not_found("user", id));
    }
    if id == caller {
        return Err(Answer::error(
            403,
            "access_denied|delete_own_user",
            "You cannot delete your own user.",
        ));
    }
    state.remove_user(id);
    Ok(Answer::empty(204))
}

/// `PUT user/{user_id}/role`: `access_roles` (required, at least one `{"id": n}`, each an
/// access role 1-5) replaces the user's roles whole. Answers 204 No Content, as documented.
fn set_user_roles(state: &mut State, id: i64, body: &[u8]) -> Handled {
    if state.user(id).is_none() {
        return Err(not_found("user", id));
    }
    let object = body::object(body)?;
    let items = Fields::of(&object).array("access_roles")?;
    if items.is_empty() {
        return Err(body::broken("access_roles", Rule::NonEmptyList));
    }
    let mut roles = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let role = Fields::item(item, &format!("access_roles[{i}]"))?;
        let role_id = role
            .int("id")?
            .ok_or_else(|| body::broken(&role.path("id"), Rule::Required))?;
        check_role(i, role_id)?;
        if !roles.contains(&role_id) {
            roles.push(role_id);
        }
    }
    user_mut(state, id)?.access_roles = roles;
    Ok(Answer::empty(204))
}

/// `PUT user/{user_id}/container-assignments`: `container_id_assignments` (required; ids as
/// strings of digits, as the page documents, or as integers) replaces the user's divisions
/// whole; an empty list removes them all (the user is unrestricted again). Every id must be a
/// container of the account (400 `invalid_container|container_id_assignments[i]`, as
/// `POST user`). Answers 204 No Content (the page's status is not visible; assumed).
fn set_user_containers(state: &mut State, id: i64, body: &[u8]) -> Handled {
    if state.user(id).is_none() {
        return Err(not_found("user", id));
    }
    let object = body::object(body)?;
    let ids = Fields::of(&object).ids("container_id_assignments")?;
    let named = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (format!("container_id_assignments[{i}]"), id));
    check_containers(state, named)?;
    user_mut(state, id)?.container_id_assignments = ids;
    Ok(Answer::empty(204))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::routes::{handle, invalid_key, ApiRequest};
    use crate::emulator::state::ADMIN_KEY_ID;
    use crate::emulator::EmulatorOptions;

    const KEY: &str = "test-key";

    fn state() -> State {
        State::new(EmulatorOptions::with_api_key(KEY)).unwrap()
    }

    fn call_as(state: &mut State, key: &str, method: &str, route: &str, body: &str) -> Answer {
        let (route, query) = route.split_once('?').unwrap_or((route, ""));
        let request = ApiRequest {
            method,
            route,
            query,
            api_key: Some(key),
            body: body.as_bytes(),
        };
        handle(state, &request)
    }

    fn call(state: &mut State, method: &str, route: &str, body: &str) -> Answer {
        call_as(state, KEY, method, route, body)
    }

    fn json_of(answer: &Answer) -> Value {
        serde_json::from_slice(&answer.body).unwrap()
    }

    fn code(answer: &Answer) -> String {
        json_of(answer)["errors"][0]["code"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// A standard user with every optional field, and its id.
    fn full_user(state: &mut State, username: &str) -> i64 {
        let body = json!({"username": username, "first_name": "Ada", "last_name": "Lovelace",
            "email": format!("{username}@example.com"), "job_title": "CTO",
            "telephone": "555-0100", "access_roles": [{"id": 2}]});
        let made = call(state, "POST", "user", &body.to_string());
        assert_eq!(made.status, 201, "{}", String::from_utf8_lossy(&made.body));
        json_of(&made)["id"].as_i64().unwrap()
    }

    /// A service user, its id and its key.
    fn service_user(state: &mut State) -> (i64, String) {
        let body = r#"{"is_api_only": true, "email": "robot@example.com", "api_name": "ci"}"#;
        let made = json_of(&call(state, "POST", "user", body));
        let key = made["api_key"].as_str().unwrap().to_owned();
        (made["id"].as_i64().unwrap(), key)
    }

    fn user_json(state: &mut State, id: i64) -> Value {
        json_of(&call(state, "GET", &format!("user/{id}"), ""))
    }

    #[test]
    fn editing_a_user_erases_an_omitted_job_title_and_telephone() {
        let mut state = state();
        let id = full_user(&mut state, "ada");
        let route = format!("user/{id}");
        let edit = call(
            &mut state,
            "PUT",
            &route,
            r#"{"email": "ada@new.example.com"}"#,
        );
        assert_eq!((edit.status, edit.body.len()), (204, 0));
        let user = user_json(&mut state, id);
        assert_eq!(user["email"], "ada@new.example.com");
        assert!(user.get("job_title").is_none(), "erased: {user}");
        assert!(user.get("telephone").is_none(), "erased: {user}");
        // Names and username are kept when left out (the page says nothing of removing them).
        assert_eq!(
            (user["username"].as_str(), user["first_name"].as_str()),
            (Some("ada"), Some("Ada"))
        );
        let full = json!({"username": "ada2", "first_name": "A", "last_name": "L",
            "email": "a@example.com", "job_title": "CEO", "telephone": "1", "is_saml_sso_only": "true"});
        assert_eq!(
            call(&mut state, "PUT", &route, &full.to_string()).status,
            204
        );
        let user = user_json(&mut state, id);
        for field in [
            "username",
            "first_name",
            "last_name",
            "email",
            "job_title",
            "telephone",
        ] {
            assert_eq!(user[field], full[field], "{field}");
        }
        assert_eq!(user["is_saml_sso_only"], true);
        // The old username is free again; the new one is taken.
        full_user(&mut state, "ada");
        let taken = call(
            &mut state,
            "PUT",
            &route,
            r#"{"username": "ADA", "email": "a@example.com"}"#,
        );
        assert_eq!(
            (taken.status, code(&taken)),
            (409, "duplicate_username|username".to_owned())
        );
    }

    #[test]
    fn an_edit_needs_an_email_and_keeps_the_add_user_limits() {
        let mut state = state();
        let id = full_user(&mut state, "ada");
        let route = format!("user/{id}");
        let cases = [
            (r#"{"first_name": "A"}"#, "missing_field|email"),
            (r#"{"email": "nope"}"#, "invalid_email|email"),
            (
                r#"{"email": "a@example.com", "username": "a b"}"#,
                "invalid_username|username",
            ),
            (
                r#"{"email": "a@example.com", "first_name": " "}"#,
                "missing_field|first_name",
            ),
            (
                r#"{"email": "a@example.com", "is_saml_sso_only": 3}"#,
                "invalid_value|is_saml_sso_only",
            ),
            ("[]", "bad_request_format"),
        ];
        for (body, expected) in cases {
            let answer = call(&mut state, "PUT", &route, body);
            assert_eq!(
                (answer.status, code(&answer)),
                (400, expected.to_owned()),
                "{body}"
            );
        }
        let long = json!({"email": "a@example.com", "job_title": "x".repeat(65)});
        assert_eq!(
            code(&call(&mut state, "PUT", &route, &long.to_string())),
            "invalid_length|job_title"
        );
        assert_eq!(
            user_json(&mut state, id)["job_title"],
            "CTO",
            "a refused edit changes nothing"
        );
        let missing = call(
            &mut state,
            "PUT",
            "user/4242",
            r#"{"email": "a@example.com"}"#,
        );
        assert_eq!(
            (missing.status, code(&missing)),
            (404, "not_found".to_owned())
        );
    }

    #[test]
    fn only_a_service_users_email_can_change() {
        let mut state = state();
        let (id, _) = service_user(&mut state);
        let route = format!("user/{id}");
        let current = user_json(&mut state, id);
        let same = json!({"username": current["username"], "first_name": current["first_name"],
            "last_name": current["last_name"], "email": "robot2@example.com"});
        assert_eq!(
            call(&mut state, "PUT", &route, &same.to_string()).status,
            204
        );
        assert_eq!(user_json(&mut state, id)["email"], "robot2@example.com");
        let renamed = call(
            &mut state,
            "PUT",
            &route,
            r#"{"email": "r@example.com", "first_name": "R"}"#,
        );
        assert_eq!(
            (renamed.status, code(&renamed)),
            (400, "invalid_value|first_name".to_owned())
        );
    }

    #[test]
    fn a_deleted_user_is_gone_from_every_read_and_its_keys_are_refused() {
        let mut state = state();
        let id = full_user(&mut state, "ada");
        let made = call(
            &mut state,
            "POST",
            &format!("key/user/{id}"),
            r#"{"name": "k"}"#,
        );
        let key = json_of(&made)["api_key"].as_str().unwrap().to_owned();
        assert_eq!(call_as(&mut state, &key, "GET", "user/me", "").status, 200);
        let container = format!("container/{ROOT_CONTAINER_ID}/user-assignments");
        let body = json!({"user_id_assignments": [ADMIN_USER_ID, id]}).to_string();
        assert_eq!(call(&mut state, "PUT", &container, &body).status, 204);

        let route = format!("user/{id}");
        let deleted = call(&mut state, "DELETE", &route, "");
        assert_eq!((deleted.status, deleted.body.len()), (204, 0));
        assert_eq!(call(&mut state, "GET", &route, "").status, 404);
        assert_eq!(
            call_as(&mut state, &key, "GET", "user/me", ""),
            invalid_key()
        );
        let listed = json_of(&call(&mut state, "GET", "user", ""));
        assert!(listed["users"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["id"] != id));
        let keys = json_of(&call(&mut state, "GET", &format!("key?user_id={id}"), ""));
        assert!(keys.get("api_keys").is_none(), "{keys}");
        let root = json_of(&call(
            &mut state,
            "GET",
            &format!("container/{ROOT_CONTAINER_ID}"),
            "",
        ));
        assert_eq!(
            root["user_id_assignments"],
            json!([ADMIN_USER_ID.to_string()])
        );
        // Gone: a second DELETE is a 404, and the username can be used again.
        assert_eq!(call(&mut state, "DELETE", &route, "").status, 404);
        full_user(&mut state, "ada");
    }

    #[test]
    fn the_keys_own_user_cannot_be_deleted() {
        let mut state = state();
        let answer = call(&mut state, "DELETE", &format!("user/{ADMIN_USER_ID}"), "");
        assert_eq!(
            (answer.status, code(&answer)),
            (403, "access_denied|delete_own_user".to_owned())
        );
        assert!(state.key_records.contains_key(&ADMIN_KEY_ID));
        assert_eq!(call(&mut state, "GET", "user/me", "").status, 200);
    }

    #[test]
    fn roles_are_replaced_whole() {
        let mut state = state();
        let id = full_user(&mut state, "ada");
        let route = format!("user/{id}/role");
        let set = call(
            &mut state,
            "PUT",
            &route,
            r#"{"access_roles": [{"id": 1}, {"id": 4}]}"#,
        );
        assert_eq!((set.status, set.body.len()), (204, 0));
        let roles = |state: &mut State| -> Vec<i64> {
            let user = user_json(state, id);
            user["access_roles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["id"].as_i64().unwrap())
                .collect()
        };
        assert_eq!(roles(&mut state), [1, 4]);
        call(
            &mut state,
            "PUT",
            &route,
            r#"{"access_roles": [{"id": 5}]}"#,
        );
        assert_eq!(roles(&mut state), [5]);
        let cases = [
            (r#"{"access_roles": []}"#, "missing_field|access_roles"),
            ("{}", "missing_field|access_roles"),
            (
                r#"{"access_roles": [{"id": 9}]}"#,
                "invalid_access_role|access_roles[0].id",
            ),
            (
                r#"{"access_roles": [{}]}"#,
                "missing_field|access_roles[0].id",
            ),
            (r#"{"access_roles": [1]}"#, "invalid_value|access_roles[0]"),
        ];
        for (body, expected) in cases {
            assert_eq!(
                code(&call(&mut state, "PUT", &route, body)),
                expected,
                "{body}"
            );
        }
        assert_eq!(roles(&mut state), [5], "a refused change changes nothing");
        assert_eq!(
            call(
                &mut state,
                "PUT",
                "user/4242/role",
                r#"{"access_roles": [{"id": 1}]}"#
            )
            .status,
            404
        );
    }

    #[test]
    fn container_assignments_are_replaced_whole_and_an_empty_list_clears_them() {
        let mut state = state();
        let id = full_user(&mut state, "ada");
        let child = call(
            &mut state,
            "POST",
            &format!("container/{ROOT_CONTAINER_ID}/children"),
            r#"{"name": "Sales", "template_id": 5}"#,
        );
        let child = json_of(&child)["id"].as_i64().unwrap();
        let route = format!("user/{id}/container-assignments");
        let body =
            json!({"container_id_assignments": [child.to_string(), ROOT_CONTAINER_ID.to_string()]});
        let set = call(&mut state, "PUT", &route, &body.to_string());
        assert_eq!((set.status, set.body.len()), (204, 0));
        let user = user_json(&mut state, id);
        assert_eq!(
            user["container_assignments"],
            json!([child.to_string(), ROOT_CONTAINER_ID.to_string()])
        );
        assert_eq!(user["has_container_assignments"], true);
        // Integers are read too, and the list replaces the old one.
        let body = json!({"container_id_assignments": [child]});
        call(&mut state, "PUT", &route, &body.to_string());
        assert_eq!(
            user_json(&mut state, id)["container_assignments"],
            json!([child.to_string()])
        );
        call(
            &mut state,
            "PUT",
            &route,
            r#"{"container_id_assignments": []}"#,
        );
        let user = user_json(&mut state, id);
        assert!(user.get("container_assignments").is_none(), "{user}");
        assert_eq!(user["has_container_assignments"], false);
        let unknown = call(
            &mut state,
            "PUT",
            &route,
            r#"{"container_id_assignments": ["4242"]}"#,
        );
        assert_eq!(
            code(&unknown),
            "invalid_container|container_id_assignments[0]"
        );
        assert_eq!(
            code(&call(&mut state, "PUT", &route, "{}")),
            "missing_field|container_id_assignments"
        );
    }

    #[test]
    fn service_users_are_listed_on_the_chosen_path_only() {
        let mut state = state();
        let none = call(&mut state, "GET", "user/api-only", "");
        assert_eq!(
            json_of(&none),
            json!({"page": {"total": 0, "limit": 1000, "offset": 0}})
        );
        let (id, _) = service_user(&mut state);
        full_user(&mut state, "ada");
        let listed = json_of(&call(&mut state, "GET", "user/api-only", ""));
        let users = listed["users"].as_array().unwrap();
        assert_eq!((users.len(), users[0]["id"].as_i64()), (1, Some(id)));
        let standard = json_of(&call(&mut state, "GET", "user", ""));
        assert!(standard["users"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["id"] != id));
        let other = call(&mut state, "GET", "service-user", "");
        assert_eq!(
            (other.status, code(&other)),
            (404, "not_found|route".to_owned())
        );

        state.options.service_users_path = ServiceUsersPath::ServiceUser;
        let listed = json_of(&call(
            &mut state,
            "GET",
            "service-user?filters[search]=robot@example.com",
            "",
        ));
        assert_eq!(listed["users"][0]["id"], id);
        assert_eq!(
            code(&call(&mut state, "GET", "user/api-only", "")),
            "not_found|route"
        );
        state.remove_user(id);
        let none = json_of(&call(&mut state, "GET", "service-user", ""));
        assert!(none.get("users").is_none(), "{none}");
        state.options.documented_empty_lists = true;
        let none = json_of(&call(&mut state, "GET", "service-user", ""));
        assert_eq!(none["users"], json!([]));
    }

    #[test]
    fn a_service_users_first_key_has_a_record_and_can_be_revoked() {
        let mut state = state();
        let (id, key) = service_user(&mut state);
        assert_eq!(
            json_of(&call_as(&mut state, &key, "GET", "user/me", ""))["id"],
            id
        );
        let keys = json_of(&call(&mut state, "GET", &format!("key?user_id={id}"), ""));
        let record = &keys["api_keys"][0];
        assert_eq!(record["name"], "ci");
        let route = format!("key/{}/status", record["id"]);
        call(&mut state, "PUT", &route, r#"{"status": "revoked"}"#);
        assert_eq!(
            call_as(&mut state, &key, "GET", "user/me", ""),
            invalid_key()
        );
    }
}
