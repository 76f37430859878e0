//! The emulated read endpoints: lists and details of invites, users, organizations,
//! subaccounts, containers and roles, answered from the emulator's state in the docs' shapes.

use serde_json::{json, Value};

use super::listing::{self, empty, parse_query, without_nulls, Match, Row, Spec};
use super::routes::Answer;
use super::state::{
    ContainerRecord, InviteRecord, OrganizationRecord, State, SubaccountRecord, UserRecord,
    ROOT_ACCOUNT_ID, ROOT_CONTAINER_ID,
};
use crate::models::ListInvitesQuery;
use crate::validate::Rules;

type Handled = Result<Answer, Answer>;

/// The access roles of the glossary, as `GET container/{id}/role` names them.
const ACCESS_ROLES: [(i64, &str); 5] = [
    (1, "Administrator"),
    (2, "Limited User"),
    (3, "Finance Manager"),
    (4, "Manager"),
    (5, "Standard User"),
];

/// The API key roles `GET key/api-roles` lists in the docs' example.
const API_KEY_ROLES: [(i64, &str); 3] = [
    (100, "Orders"),
    (101, "Orders, Domains, Organizations"),
    (102, "View Only"),
];

fn not_found(what: &str, id: i64) -> Answer {
    Answer::error(404, "not_found", &format!("No {what} has the id {id}."))
}

impl Row for InviteRecord {
    fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or_default()
    }
    fn write_json(&self, out: &mut Vec<u8>) {
        // Serialized straight from the record: the invite list is the benchmarked one.
        let _ = serde_json::to_writer(out, self);
    }
}

const INVITES: Spec = Spec {
    array: "subaccount_invites",
    filters: &[
        ("email", Match::Exact),
        ("subaccount_type", Match::Exact),
        ("status", Match::Status),
        ("date_created", Match::Prefix),
        ("last_sent_date", Match::Prefix),
    ],
    search: &["email"],
    search_always_contains: false,
    // Invites carry no names; sorting by them is accepted and leaves the order alone.
    sort: &[
        "id",
        "email",
        "subaccount_type",
        "invite_note",
        "date_created",
        "last_sent_date",
        "status",
        "firstname",
        "lastname",
    ],
};

/// `GET account/subaccount/invite`.
pub(crate) fn list_invites(state: &State, raw_query: &str) -> Handled {
    let (params, _) = parse_query(raw_query)?;
    let query = ListInvitesQuery {
        offset: params.offset,
        limit: params.limit,
        ..ListInvitesQuery::default()
    };
    query.check().map_err(super::routes::broken_rule)?;
    Ok(listing::answer(
        state.invites.iter().collect(),
        &params,
        &INVITES,
        empty(state),
    ))
}

fn role_json(id: i64) -> Value {
    let name = ACCESS_ROLES
        .iter()
        .find(|(r, _)| *r == id)
        .map_or("Custom role", |(_, name)| name);
    json!({"id": id, "name": name})
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
pub(crate) fn list_users(state: &State, raw_query: &str) -> Handled {
    let (params, extra) = parse_query(raw_query)?;
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
        listing::answer(rows.iter().collect(), &params, &USERS, empty(state))
    } else {
        listing::answer(users.collect(), &params, &USERS, empty(state))
    })
}

/// `GET user/{user_id}` and `GET user/me`.
pub(crate) fn get_user(state: &State, id: i64) -> Handled {
    let user = state.user(id).ok_or_else(|| not_found("user", id))?;
    Ok(Answer::json(200, &user.json(true)))
}

impl OrganizationRecord {
    fn json(&self, details: bool, validations: bool) -> Value {
        let r = &self.request;
        let display_name = match &r.assumed_name {
            Some(assumed) => format!("{} ({assumed})", r.name),
            None => r.name.clone(),
        };
        let mut answer = json!({
            "id": self.id,
            "status": "active",
            "name": r.name,
            "assumed_name": r.assumed_name,
            "display_name": display_name,
            "is_active": true,
            "address": r.address,
            "address2": r.address2,
            "zip": r.zip,
            "city": r.city,
            "state": r.state,
            "country": r.country.to_ascii_lowercase(),
            "telephone": r.telephone,
            "container": {"id": ROOT_CONTAINER_ID, "parent_id": 0, "name": "Emulated account",
                          "is_active": true},
            "container_id_assignments": [],
        });
        if details {
            let c = &r.organization_contact;
            answer["organization_contact"] = without_nulls(json!({
                "id": self.id + 1_000_000,
                "first_name": c.first_name,
                "last_name": c.last_name,
                "email": c.email,
                "job_title": c.job_title,
                "telephone": c.telephone,
                "telephone_extension": c.telephone_extension,
            }));
        }
        if validations {
            // Emulated organizations have no validations yet.
            answer["validations"] = json!([]);
        }
        without_nulls(answer)
    }
}

impl Row for OrganizationRecord {
    fn to_json(&self) -> Value {
        self.json(false, false)
    }
}

/// An organization listed with `include_validation=true`.
struct WithValidations<'a>(&'a OrganizationRecord);

impl Row for WithValidations<'_> {
    fn to_json(&self) -> Value {
        self.0.json(false, true)
    }
}

const ORGANIZATIONS: Spec = Spec {
    array: "organizations",
    filters: &[
        ("status", Match::Exact),
        // No emulated organization has a pending validation.
        (
            "validation",
            Match::With(|_, wanted| wanted == "not_pending"),
        ),
        // Every emulated organization is in the account's own division, which may order for all.
        ("container_id_for_organization", Match::With(|_, _| true)),
    ],
    search: &["id", "name"],
    search_always_contains: true,
    sort: &[
        "id",
        "name",
        "assumed_name",
        "display_name",
        "status",
        "city",
        "state",
        "country",
    ],
};

/// `GET organization`.
pub(crate) fn list_organizations(state: &State, raw_query: &str) -> Handled {
    let (params, extra) = parse_query(raw_query)?;
    let validations = extra
        .get("include_validation")
        .is_some_and(|v| v == "true" || v == "1");
    Ok(if validations {
        let rows: Vec<WithValidations> = state.organizations.iter().map(WithValidations).collect();
        listing::answer(rows.iter().collect(), &params, &ORGANIZATIONS, empty(state))
    } else {
        listing::answer(
            state.organizations.iter().collect(),
            &params,
            &ORGANIZATIONS,
            empty(state),
        )
    })
}

/// `GET organization/{organization_id}`.
pub(crate) fn get_organization(state: &State, id: i64) -> Handled {
    let org = state
        .organizations
        .iter()
        .find(|o| o.id == id)
        .ok_or_else(|| not_found("organization", id))?;
    Ok(Answer::json(200, &org.json(true, false)))
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
pub(crate) fn list_subaccounts(state: &State, raw_query: &str) -> Handled {
    let (params, _) = parse_query(raw_query)?;
    Ok(listing::answer(
        state.subaccounts.iter().collect(),
        &params,
        &SUBACCOUNTS,
        empty(state),
    ))
}

/// `GET account/subaccount/{subaccount_id}`, with the docs' string-typed ids.
pub(crate) fn get_subaccount(state: &State, id: i64) -> Handled {
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

impl ContainerRecord {
    fn json(&self, state: &State) -> Value {
        let users: Vec<String> = state
            .users
            .iter()
            .filter(|u| u.container_id == self.id)
            .map(|u| u.id.to_string())
            .collect();
        let mut answer = json!({
            "id": self.id,
            "public_id": format!("c{:x}", self.id),
            "name": self.name,
            "parent_id": self.parent_id,
            "template_id": if self.parent_id == 0 { 4 } else { 6 },
            "ekey": format!("emulated-{}", self.id),
            "has_logo": false,
            "is_active": true,
            "allowed_domain_names": [],
            "user_id_assignments": users,
        });
        if self.id == ROOT_CONTAINER_ID {
            let organizations: Vec<Value> = state
                .organizations
                .iter()
                .map(|o| {
                    json!({"id": o.id, "status": "active", "name": o.request.name,
                                "display_name": o.request.name, "is_active": "1"})
                })
                .collect();
            answer["organization_assignments"] = json!(organizations);
        } else {
            answer["description"] = json!(format!("Division of subaccount {}", self.name));
        }
        answer
    }
}

/// `GET container`.
pub(crate) fn list_containers(state: &State) -> Answer {
    let rows = state.containers.iter().map(|c| c.json(state)).collect();
    listing::plain_list("containers", rows, empty(state))
}

/// `GET container/{container_id}`.
pub(crate) fn get_container(state: &State, id: i64) -> Handled {
    let container = state
        .containers
        .iter()
        .find(|c| c.id == id)
        .ok_or_else(|| not_found("container", id))?;
    Ok(Answer::json(200, &container.json(state)))
}

/// `GET container/{container_id}/role`: the glossary's access roles, in every container.
pub(crate) fn list_access_roles(state: &State, id: i64) -> Handled {
    if !state.has_container(id) {
        return Err(not_found("container", id));
    }
    let rows = ACCESS_ROLES.iter().map(|(id, _)| role_json(*id)).collect();
    Ok(listing::plain_list("access_roles", rows, empty(state)))
}

/// `GET key/api-roles`.
pub(crate) fn list_api_key_roles(state: &State) -> Answer {
    let rows = API_KEY_ROLES
        .iter()
        .map(|(id, name)| json!({"id": id, "name": name}))
        .collect();
    listing::plain_list("access_roles", rows, empty(state))
}
