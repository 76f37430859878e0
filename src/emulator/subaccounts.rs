//! Subaccounts: `POST account` (with the new account's container, organization and
//! administrator, and a managed account's one-time key), `GET account/subaccount`,
//! `GET account/subaccount/{subaccount_id}` and `PUT account/subaccount/{subaccount_id}`.

use serde_json::{json, Value};

use super::body::{self, Fields};
use super::clock;
use super::keys::new_api_key;
use super::listing::{self, without_nulls, Row, Spec};
use super::routes::{conflict, not_found, parse, Answer, Handled, Route};
use super::state::{
    ContainerRecord, State, SubaccountRecord, ADMIN_USER_ID, ROOT_ACCOUNT_ID, ROOT_CONTAINER_ID,
};
use super::EmulatorOptions;
use crate::api::CreateSubaccountRequest;
use crate::validate::MAX_CHILD_NAME_CHARS;

pub(crate) const ROUTES: &[Route] = &[
    Route {
        pattern: "POST account",
        handler: |state, call| create_subaccount(state, call.body),
    },
    Route {
        pattern: "GET account/subaccount",
        handler: |state, call| list_subaccounts(state, call.query),
    },
    Route {
        pattern: "GET account/subaccount/{subaccount_id}",
        handler: |state, call| get_subaccount(state, call.id()),
    },
    Route {
        pattern: "PUT account/subaccount/{subaccount_id}",
        handler: |state, call| update_subaccount(state, call.id(), call.body),
    },
];

/// Checks that the account may use a subaccount type (for subaccounts and invites alike).
pub(crate) fn check_type(options: &EmulatorOptions, field: &str, kind: &str) -> Result<(), Answer> {
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

/// `POST account`.
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
    let container_name = request
        .child_name
        .clone()
        .unwrap_or_else(|| request.organization.name.clone());
    state.containers.push(ContainerRecord {
        id: container_id,
        description: Some(format!("Division of subaccount {container_name}")),
        name: container_name,
        parent_id: ROOT_CONTAINER_ID,
        template_id: 6,
        user_id_assignments: None,
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
        allow_parent_order_renewal: None,
    });
    if request.account_type == "managed" {
        // Shown this once; the emulator keeps no copy, as the docs say nothing can retrieve it.
        answer["api_key"] = json!(new_api_key(account_id));
    }
    Ok(Answer::json(201, &answer))
}

impl Row for SubaccountRecord {
    fn to_json(&self) -> Value {
        without_nulls(json!({
            "account_id": self.account_id,
            "account_type": self.request.account_type,
            "organization_name": self.request.organization.name,
            "date_created": self.date_created,
            "account_manager": self.account_manager,
        }))
    }
}

const SUBACCOUNTS: Spec = Spec {
    array: "subaccounts",
    filters: &[],
    search: &["organization_name"],
    search_always_contains: false,
    sort: &[
        "account_id",
        "account_type",
        "organization_name",
        "date_created",
        "account_manager",
    ],
};

/// `GET account/subaccount`.
fn list_subaccounts(state: &State, raw_query: &str) -> Handled {
    let (params, _) = listing::parse_query(raw_query)?;
    Ok(listing::answer(
        state.subaccounts.iter().collect(),
        &params,
        &SUBACCOUNTS,
        listing::empty(state),
    ))
}

/// `GET account/subaccount/{subaccount_id}`, with the docs' string-typed ids.
fn get_subaccount(state: &State, id: i64) -> Handled {
    let sub = state
        .subaccounts
        .iter()
        .find(|s| s.account_id == id)
        .ok_or_else(|| not_found("subaccount", id))?;
    let r = &sub.request;
    let bill_parent = r.bill_parent.unwrap_or(false);
    let (billing_id, billing_name) = if bill_parent {
        (ROOT_ACCOUNT_ID, "Emulated account".to_owned())
    } else {
        (sub.account_id, r.organization.name.clone())
    };
    let u = &r.user;
    let answer = json!({
        "account_id": sub.account_id,
        "account_type": r.account_type,
        "organization_name": r.organization.name,
        "child_name": r.child_name,
        "date_created": sub.date_created,
        "parent_account_id": ROOT_ACCOUNT_ID.to_string(),
        "billing_account_name": billing_name,
        "billing_account_id": billing_id,
        "account_manager": sub.account_manager,
        "bill_parent": bill_parent,
        "allow_parent_order_renewal": sub.allow_parent_order_renewal,
        "master_user": without_nulls(json!({
            "first_name": u.first_name,
            "last_name": u.last_name,
            "email": u.email,
            "job_title": u.job_title,
            "telephone": u.telephone,
            "i18n_language_id": "1",
            "container_id": sub.container_id.to_string(),
        })),
        "organization": sub.organization,
    });
    Ok(Answer::json(200, &without_nulls(answer)))
}

/// What `PUT account/subaccount/{subaccount_id}` may change; every field optional.
struct SubaccountChanges {
    account_manager_user_id: Option<i64>,
    bill_parent: Option<bool>,
    child_name: Option<String>,
    allow_parent_order_renewal: Option<bool>,
    allow_removing_account_manager: bool,
}

/// The body of `PUT account/subaccount/{subaccount_id}`, checked: an account manager must be a
/// user of the account (else 400 `invalid_user|account_manager_user_id`, assumed: the docs list
/// no error), `child_name` at most 64 characters.
fn parse_changes(state: &State, body: &[u8]) -> Result<SubaccountChanges, Answer> {
    let object = body::object(body)?;
    let fields = Fields::of(&object);
    let changes = SubaccountChanges {
        account_manager_user_id: fields.int("account_manager_user_id")?,
        bill_parent: fields.flag("bill_parent")?,
        child_name: fields.text("child_name", MAX_CHILD_NAME_CHARS)?,
        allow_parent_order_renewal: fields.flag("allow_parent_order_renewal")?,
        allow_removing_account_manager: fields
            .flag("allow_removing_account_manager")?
            .unwrap_or(false),
    };
    if let Some(manager) = changes.account_manager_user_id {
        if state.user(manager).is_none() {
            return Err(Answer::error(
                400,
                "invalid_user|account_manager_user_id",
                &format!("account_manager_user_id {manager} is not a user of this account"),
            ));
        }
    }
    Ok(changes)
}

/// `PUT account/subaccount/{subaccount_id}`: changes only the settings sent; an omitted
/// `account_manager_user_id` keeps the manager unless `allow_removing_account_manager` is
/// true. Answers 204, as documented.
fn update_subaccount(state: &mut State, id: i64, body: &[u8]) -> Handled {
    if !state.subaccounts.iter().any(|s| s.account_id == id) {
        return Err(not_found("subaccount", id));
    }
    let changes = parse_changes(state, body)?;
    let manager_name = changes
        .account_manager_user_id
        .and_then(|manager| state.user(manager))
        .map(|u| format!("{} {}", u.first_name, u.last_name));
    let Some(sub) = state.subaccounts.iter_mut().find(|s| s.account_id == id) else {
        return Err(not_found("subaccount", id));
    };
    if changes.account_manager_user_id.is_some() {
        sub.request.account_manager_user_id = changes.account_manager_user_id;
        sub.account_manager = manager_name;
    } else if changes.allow_removing_account_manager {
        sub.request.account_manager_user_id = None;
        sub.account_manager = None;
    }
    if let Some(bill_parent) = changes.bill_parent {
        sub.request.bill_parent = Some(bill_parent);
    }
    if let Some(child_name) = changes.child_name {
        sub.request.child_name = Some(child_name);
    }
    if let Some(renewal) = changes.allow_parent_order_renewal {
        sub.allow_parent_order_renewal = Some(renewal);
    }
    Ok(Answer::empty(204))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::routes::{handle, ApiRequest};

    const KEY: &str = "test-key";

    fn call(state: &mut State, method: &str, route: &str, body: &str) -> Answer {
        let request = ApiRequest {
            method,
            route,
            query: "",
            api_key: Some(KEY),
            body: body.as_bytes(),
        };
        handle(state, &request)
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

    /// A state with one subaccount managed by the administrator, and the subaccount's id.
    fn with_subaccount() -> (State, i64) {
        let mut state = State::new(EmulatorOptions::with_api_key(KEY)).unwrap();
        let body = json!({"account_type": "retail", "account_manager_user_id": ADMIN_USER_ID,
            "child_name": "Shop", "user": {"first_name": "J", "last_name": "S",
                "email": "js@example.com"},
            "organization": {"name": "Shop LLC", "address": "1 Main", "zip": "1", "city": "C",
                "state": "S", "country": "US", "telephone": "1"}});
        let made = call(&mut state, "POST", "account", &body.to_string());
        assert_eq!(made.status, 201, "{}", String::from_utf8_lossy(&made.body));
        let id = json_of(&made)["id"].as_i64().unwrap();
        (state, id)
    }

    fn info(state: &mut State, id: i64) -> Value {
        json_of(&call(state, "GET", &format!("account/subaccount/{id}"), ""))
    }

    #[test]
    fn an_edit_changes_only_the_settings_sent() {
        let (mut state, id) = with_subaccount();
        let route = format!("account/subaccount/{id}");
        let before = info(&mut state, id);
        assert_eq!(before["account_manager"], "Emulated Administrator");
        let answer = call(&mut state, "PUT", &route, r#"{"bill_parent": true}"#);
        assert_eq!((answer.status, answer.body.len()), (204, 0));
        let after = info(&mut state, id);
        assert_eq!(after["bill_parent"], true);
        assert_eq!(after["child_name"], "Shop", "kept");
        assert_eq!(after["account_manager"], before["account_manager"], "kept");
        call(
            &mut state,
            "PUT",
            &route,
            r#"{"child_name": "Store", "allow_parent_order_renewal": true}"#,
        );
        let after = info(&mut state, id);
        assert_eq!(
            (after["child_name"].as_str(), after["bill_parent"].as_bool()),
            (Some("Store"), Some(true))
        );
        assert_eq!(after["allow_parent_order_renewal"], true);
    }

    #[test]
    fn the_account_manager_is_removed_only_when_allowed() {
        let (mut state, id) = with_subaccount();
        let route = format!("account/subaccount/{id}");
        call(
            &mut state,
            "PUT",
            &route,
            r#"{"allow_removing_account_manager": false}"#,
        );
        assert_eq!(
            info(&mut state, id)["account_manager"],
            "Emulated Administrator"
        );
        call(
            &mut state,
            "PUT",
            &route,
            r#"{"allow_removing_account_manager": true}"#,
        );
        assert!(info(&mut state, id).get("account_manager").is_none());
        let body = json!({"account_manager_user_id": ADMIN_USER_ID}).to_string();
        call(&mut state, "PUT", &route, &body);
        assert_eq!(
            info(&mut state, id)["account_manager"],
            "Emulated Administrator"
        );
    }

    #[test]
    fn an_edit_is_checked_before_anything_changes() {
        let (mut state, id) = with_subaccount();
        let route = format!("account/subaccount/{id}");
        let long = json!({"child_name": "x".repeat(65), "bill_parent": true}).to_string();
        let cases = [
            (long.as_str(), "invalid_length|child_name"),
            (
                r#"{"account_manager_user_id": 4242}"#,
                "invalid_user|account_manager_user_id",
            ),
            (r#"{"bill_parent": "maybe"}"#, "invalid_value|bill_parent"),
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
        assert_eq!(
            info(&mut state, id)["bill_parent"],
            false,
            "nothing changed"
        );
        assert_eq!(
            call(&mut state, "PUT", "account/subaccount/4242", "{}").status,
            404
        );
    }
}
