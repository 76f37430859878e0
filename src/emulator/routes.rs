//! The emulated endpoints: authentication, validation, and the documented JSON answers.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::json;

use super::clock;
use super::reads;
use super::state::{
    ContainerRecord, InviteRecord, OrganizationRecord, State, SubaccountRecord, UserRecord,
    ADMIN_USER_ID, ROOT_ACCOUNT_ID, ROOT_CONTAINER_ID,
};
use super::{DuplicateOrganizations, EmulatorOptions};
use crate::api::{
    AddServiceUserRequest, AddUserRequest, CreateApiKeyRequest, CreateOrganizationRequest,
    CreateSubaccountRequest, SendInviteRequest,
};
use crate::validate::{Rules, Violation};

/// An HTTP answer before it is put on the wire.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
    pub headers: Vec<(&'static str, String)>,
}

impl Answer {
    pub(crate) fn json(status: u16, value: &impl Serialize) -> Answer {
        Answer {
            status,
            body: serde_json::to_vec(value).unwrap_or_default(),
            headers: vec![("content-type", "application/json".to_owned())],
        }
    }

    pub(crate) fn empty(status: u16) -> Answer {
        Answer {
            status,
            body: Vec::new(),
            headers: Vec::new(),
        }
    }

    /// The documented error shape: `{"errors":[{"code","message"}]}`.
    pub(crate) fn error(status: u16, code: &str, message: &str) -> Answer {
        Answer::json(
            status,
            &json!({"errors": [{"code": code, "message": message}]}),
        )
    }
}

type Handled = Result<Answer, Answer>;

/// One API request, as the router sees it.
pub(crate) struct ApiRequest<'a> {
    pub method: &'a str,
    /// The path below the base URL, e.g. `account/subaccount/invite`.
    pub route: &'a str,
    pub query: &'a str,
    pub api_key: Option<&'a str>,
    pub body: &'a [u8],
}

/// The routes this emulator implements, as `"METHOD path"`; `{name}` stands for a numeric id.
pub(crate) const ROUTES: [&str; 17] = [
    "POST account/subaccount/invite",
    "GET account/subaccount/invite",
    "POST account",
    "POST user",
    "POST organization",
    "GET user/me",
    "POST key/user/{user_id}",
    "GET user",
    "GET user/{user_id}",
    "GET organization",
    "GET organization/{organization_id}",
    "GET account/subaccount",
    "GET account/subaccount/{subaccount_id}",
    "GET container",
    "GET container/{container_id}",
    "GET container/{container_id}/role",
    "GET key/api-roles",
];

/// Whether `path` fits `pattern`: segment by segment, `{…}` matching a string of digits.
fn fits(pattern: &str, path: &str) -> bool {
    let mut given = path.split('/');
    pattern.split('/').all(|expected| match given.next() {
        Some(segment) if expected.starts_with('{') => {
            !segment.is_empty()
                && segment.len() <= 18
                && segment.bytes().all(|b| b.is_ascii_digit())
        }
        Some(segment) => segment == expected,
        None => false,
    }) && given.next().is_none()
}

/// The route pattern (e.g. `"POST key/user/{user_id}"`) of a request, if the emulator has one;
/// literal segments win over ids (`account/subaccount/invite` is not a subaccount's id).
pub(crate) fn route_of(method: &str, path: &str) -> Option<&'static str> {
    ROUTES.iter().copied().find(|route| {
        route
            .split_once(' ')
            .is_some_and(|(m, pattern)| m == method && fits(pattern, path))
    })
}

/// Whether some emulated route has this path (with whatever method).
pub(crate) fn is_known_path(path: &str) -> bool {
    ROUTES.iter().any(|r| {
        r.split_once(' ')
            .is_some_and(|(_, pattern)| fits(pattern, path))
    })
}

/// The ids in a path that fits its pattern, in order.
fn path_ids(path: &str) -> Vec<i64> {
    path.split('/').filter_map(|s| s.parse().ok()).collect()
}

/// The documented-style answer to a request that breaks a rule of `src/validate.rs`.
pub(crate) fn broken_rule(v: Violation) -> Answer {
    Answer::error(
        400,
        &format!("{}|{}", v.rule.code(), v.field),
        &format!("{} {}", v.field, v.rule),
    )
}

/// The real server's answer to a key it does not accept: 403 (not 401), byte for byte as
/// recorded (`tests/fixtures/recorded/invalid-key.403.json`).
pub(crate) fn invalid_key() -> Answer {
    Answer {
        status: 403,
        body: INVALID_KEY_BODY.to_vec(),
        headers: vec![("content-type", "application/json".to_owned())],
    }
}

/// The recorded body of [`invalid_key`].
const INVALID_KEY_BODY: &[u8] = br#"{"errors":[{"code":"access_denied|access_denied_invalid_key","message":"Access denied due to access_denied_invalid_key."}]}"#;

/// Authenticates and routes one API request.
pub(crate) fn handle(state: &mut State, req: &ApiRequest) -> Answer {
    let Some(caller) = req.api_key.and_then(|key| state.user_for_key(key)) else {
        return invalid_key();
    };
    let Some(route) = route_of(req.method, req.route) else {
        return if is_known_path(req.route) {
            Answer::error(
                405,
                "method_not_allowed",
                "The endpoint does not accept this method.",
            )
        } else {
            Answer::error(
                404,
                "not_found|route",
                "The endpoint does not exist. Make sure the endpoint URL you are using is correct.",
            )
        };
    };
    let ids = path_ids(req.route);
    let outcome = match route {
        "POST account/subaccount/invite" => send_invite(state, req.body),
        "POST account" => create_subaccount(state, req.body),
        "POST user" => add_user(state, req.body),
        "POST organization" => create_organization(state, req.body),
        "POST key/user/{user_id}" => create_api_key(state, ids[0], req.body),
        "GET account/subaccount/invite" => reads::list_invites(state, req.query),
        "GET user/me" => reads::get_user(state, caller),
        "GET user" => reads::list_users(state, req.query),
        "GET user/{user_id}" => reads::get_user(state, ids[0]),
        "GET organization" => reads::list_organizations(state, req.query),
        "GET organization/{organization_id}" => reads::get_organization(state, ids[0]),
        "GET account/subaccount" => reads::list_subaccounts(state, req.query),
        "GET account/subaccount/{subaccount_id}" => reads::get_subaccount(state, ids[0]),
        "GET container" => Ok(reads::list_containers(state)),
        "GET container/{container_id}" => reads::get_container(state, ids[0]),
        "GET container/{container_id}/role" => reads::list_access_roles(state, ids[0]),
        "GET key/api-roles" => Ok(reads::list_api_key_roles(state)),
        _ => Err(Answer::error(
            500,
            "emulator_bug",
            "A route has no handler.",
        )),
    };
    outcome.unwrap_or_else(|answer| answer)
}

/// Parses a JSON body into a request type and applies the same rules the client checks.
fn parse<T: DeserializeOwned + Rules>(body: &[u8]) -> Result<T, Answer> {
    let request: T = serde_json::from_slice(body).map_err(|e| {
        Answer::error(
            400,
            "bad_request_format",
            &format!("The request body is malformed: {e}"),
        )
    })?;
    request.check().map_err(broken_rule)?;
    Ok(request)
}

fn check_type(options: &EmulatorOptions, field: &str, kind: &str) -> Result<(), Answer> {
    if options.subaccount_types.iter().any(|t| t == kind) {
        return Ok(());
    }
    Err(Answer::error(
        400,
        &format!("invalid_subaccount_type|{field}"),
        &format!(
            "{field} {kind:?} is not enabled for this account (allowed: {})",
            options.subaccount_types.join(", ")
        ),
    ))
}

fn send_invite(state: &mut State, body: &[u8]) -> Handled {
    let request: SendInviteRequest = parse(body)?;
    check_type(&state.options, "subaccount_type", &request.subaccount_type)?;
    let now = clock::now();
    for email in &request.emails {
        let pending = state
            .invites
            .iter_mut()
            .find(|i| i.status == "pending" && i.email.eq_ignore_ascii_case(email));
        if let Some(invite) = pending {
            // A second invite to a pending address is a resend.
            invite.last_sent_date = now.clone();
            invite.subaccount_type = request.subaccount_type.clone();
            invite.invite_note = request.invite_note.clone();
            state.stats.invites_resent += 1;
            continue;
        }
        let id = state.next_invite_id();
        state.invites.push(InviteRecord {
            id,
            email: email.clone(),
            subaccount_type: request.subaccount_type.clone(),
            invite_note: request.invite_note.clone(),
            date_created: now.clone(),
            last_sent_date: now.clone(),
            status: "pending".to_owned(),
        });
        state.stats.invites_created += 1;
    }
    Ok(Answer::empty(201))
}

fn conflict(code: &str, message: &str) -> Answer {
    Answer::error(409, code, message)
}

fn create_subaccount(state: &mut State, body: &[u8]) -> Handled {
    let options = &state.options;
    if !options.subaccounts_enabled {
        return Err(Answer::error(
            403,
            "access_denied|missing_permission",
            "Subaccounts have not been enabled for this account.",
        ));
    }
    let request: CreateSubaccountRequest = parse(body)?;
    check_type(options, "account_type", &request.account_type)?;
    for (i, kind) in request.allowed_grandchildren.iter().enumerate() {
        check_type(options, &format!("allowed_grandchildren[{i}]"), kind)?;
    }
    let user = &request.user;
    let username = user.username.clone().unwrap_or_else(|| user.email.clone());
    if !state.claim_username(&username) {
        return Err(conflict(
            "duplicate_username|user.username",
            &format!("user.username {username:?} is already taken"),
        ));
    }

    let account_id = state.next_id(ROOT_ACCOUNT_ID);
    let container_id = state.next_id(ROOT_CONTAINER_ID);
    let organization_id = state.next_id(200_000);
    let user_id = state.next_id(ADMIN_USER_ID);
    state.containers.push(ContainerRecord {
        id: container_id,
        name: request
            .child_name
            .clone()
            .unwrap_or_else(|| request.organization.name.clone()),
        parent_id: ROOT_CONTAINER_ID,
    });
    state.stats.subaccounts_created += 1;

    let org = &request.organization;
    let display_name = match &org.assumed_name {
        Some(assumed) => format!("{} ({assumed})", org.name),
        None => org.name.clone(),
    };
    let mut organization = json!({
        "id": organization_id,
        "status": "active",
        "name": org.name,
        "display_name": display_name,
        "is_active": true,
        "address": org.address,
        "zip": org.zip,
        "city": org.city,
        "state": org.state,
        "country": org.country.to_ascii_lowercase(),
        "container": {
            "id": container_id,
            "parent_id": 0,
            "name": org.name,
            "is_active": true,
        },
    });
    for (name, value) in [
        ("assumed_name", &org.assumed_name),
        ("address2", &org.address2),
        ("telephone", &org.telephone),
    ] {
        if let Some(value) = value {
            organization[name] = json!(value);
        }
    }
    let mut new_user = json!({
        "id": user_id,
        "username": username,
        "account_id": account_id,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "type": "standard",
    });
    for (name, value) in [
        ("job_title", &user.job_title),
        ("telephone", &user.telephone),
    ] {
        if let Some(value) = value {
            new_user[name] = json!(value);
        }
    }
    let mut answer = json!({
        "id": account_id,
        "account_type": request.account_type,
        "organization": organization,
        "user": new_user,
    });
    if let Some(manager) = request.account_manager_user_id {
        answer["account_manager_user_id"] = json!(manager);
    }
    if let Some(bill_parent) = request.bill_parent {
        answer["bill_parent"] = json!(bill_parent);
    }
    let account_manager = request
        .account_manager_user_id
        .and_then(|id| state.user(id))
        .map(|u| format!("{} {}", u.first_name, u.last_name));
    state.subaccounts.push(SubaccountRecord {
        account_id,
        date_created: clock::now(),
        organization: organization.clone(),
        container_id,
        account_manager,
        request: request.clone(),
    });
    if request.account_type == "managed" {
        // Shown this once; the emulator keeps no copy, as the docs say nothing can retrieve it.
        answer["api_key"] = json!(new_api_key(account_id));
    }
    Ok(Answer::json(201, &answer))
}

fn new_api_key(seed: i64) -> String {
    use std::hash::BuildHasher;
    let state = std::collections::hash_map::RandomState::new();
    let words: Vec<String> = (0..4)
        .map(|i| format!("{:016X}", state.hash_one((seed, i))))
        .collect();
    words.concat()
}

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
    state.api_keys.insert(api_key.clone(), id);
    state.stats.service_users_created += 1;
    Ok(Answer::json(201, &json!({"id": id, "api_key": api_key})))
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

fn organization_identity(request: &CreateOrganizationRequest) -> String {
    [
        &request.name,
        &request.address,
        &request.city,
        &request.state,
        &request.zip,
        &request.country,
    ]
    .map(|part| part.trim().to_lowercase())
    .join("\u{1f}")
}

fn create_organization(state: &mut State, body: &[u8]) -> Handled {
    let request: CreateOrganizationRequest = parse(body)?;
    let identity = organization_identity(&request);
    if request.skip_duplicate_org_check != Some(true) {
        if let Some(existing) = state.organizations.iter().find(|o| o.identity == identity) {
            return match state.options.duplicate_organizations {
                DuplicateOrganizations::Reuse => {
                    state.stats.organizations_reused += 1;
                    Ok(Answer::json(201, &json!({"id": existing.id})))
                }
                DuplicateOrganizations::Reject => Err(conflict(
                    "duplicate_organization",
                    &format!(
                        "An organization with these details already exists (id {}); set \
                         skip_duplicate_org_check to create another.",
                        existing.id
                    ),
                )),
            };
        }
    }
    let id = state.next_id(200_000);
    state.organizations.push(OrganizationRecord {
        id,
        identity,
        request,
    });
    state.stats.organizations_created += 1;
    Ok(Answer::json(201, &json!({"id": id})))
}
