//! Containers (divisions) and their access roles: `GET container`,
//! `GET container/{container_id}` and `GET container/{container_id}/role`.

use serde_json::{json, Value};

use super::listing;
use super::routes::{not_found, Answer, Handled, Route};
use super::state::{ContainerRecord, State, ROOT_CONTAINER_ID};

pub(crate) const ROUTES: &[Route] = &[
    Route {
        pattern: "GET container",
        handler: |state, _| Ok(list_containers(state)),
    },
    Route {
        pattern: "GET container/{container_id}",
        handler: |state, call| get_container(state, call.id()),
    },
    Route {
        pattern: "GET container/{container_id}/role",
        handler: |state, call| list_access_roles(state, call.id()),
    },
];

/// The access roles of the glossary, as `GET container/{id}/role` names them.
const ACCESS_ROLES: [(i64, &str); 5] = [
    (1, "Administrator"),
    (2, "Limited User"),
    (3, "Finance Manager"),
    (4, "Manager"),
    (5, "Standard User"),
];

/// An access role as records show it (a user's roles, a container's).
pub(crate) fn role_json(id: i64) -> Value {
    let name = ACCESS_ROLES
        .iter()
        .find(|(r, _)| *r == id)
        .map_or("Custom role", |(_, name)| name);
    json!({"id": id, "name": name})
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
fn list_containers(state: &State) -> Answer {
    let rows = state.containers.iter().map(|c| c.json(state)).collect();
    listing::plain_list("containers", rows, listing::empty(state))
}

/// `GET container/{container_id}`.
fn get_container(state: &State, id: i64) -> Handled {
    let container = state
        .containers
        .iter()
        .find(|c| c.id == id)
        .ok_or_else(|| not_found("container", id))?;
    Ok(Answer::json(200, &container.json(state)))
}

/// `GET container/{container_id}/role`: the glossary's access roles, in every container.
fn list_access_roles(state: &State, id: i64) -> Handled {
    if !state.has_container(id) {
        return Err(not_found("container", id));
    }
    let rows = ACCESS_ROLES.iter().map(|(id, _)| role_json(*id)).collect();
    Ok(listing::plain_list(
        "access_roles",
        rows,
        listing::empty(state),
    ))
}
