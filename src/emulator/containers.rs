//! Containers (divisions) and their access roles: `GET container`,
//! `GET container/{container_id}`, `GET container/{container_id}/role`; and their lifecycle:
//! `POST container/{container_id}/children`, `GET container/{container_id}/children` and
//! `PUT container/{container_id}/user-assignments`.

use serde_json::{json, Value};

use super::body::{self, Fields};
use super::listing;
use super::routes::{conflict, not_found, Answer, Handled, Route};
use super::state::{ContainerRecord, State, ROOT_CONTAINER_ID};
use crate::validate::{Rule, MAX_NAME_CHARS};

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
    Route {
        pattern: "POST container/{parent_id}/children",
        handler: |state, call| create_container(state, call.id(), call.body),
    },
    Route {
        pattern: "GET container/{container_id}/children",
        handler: |state, call| list_child_containers(state, call.id()),
    },
    Route {
        pattern: "PUT container/{container_id}/user-assignments",
        handler: |state, call| set_container_users(state, call.id(), call.body),
    },
];

/// The longest description the emulator keeps (the docs print no limit).
const MAX_DESCRIPTION_CHARS: usize = 1024;

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
    /// The users assigned to the container, as strings (the docs' example): those set by
    /// `PUT …/user-assignments`, else the users whose container it is.
    fn user_ids(&self, state: &State) -> Vec<String> {
        match &self.user_id_assignments {
            Some(ids) => ids.iter().map(i64::to_string).collect(),
            None => state
                .users
                .iter()
                .filter(|u| u.container_id == self.id)
                .map(|u| u.id.to_string())
                .collect(),
        }
    }

    fn json(&self, state: &State) -> Value {
        let users = self.user_ids(state);
        let mut answer = json!({
            "id": self.id,
            "public_id": format!("c{:x}", self.id),
            "name": self.name,
            "parent_id": self.parent_id,
            "template_id": self.template_id,
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
        }
        if let Some(description) = &self.description {
            answer["description"] = json!(description);
        }
        answer
    }

    /// The container as `GET container/{id}/children` lists it (the docs' example: no `ekey`,
    /// no assignments).
    fn child_json(&self) -> Value {
        listing::without_nulls(json!({
            "id": self.id,
            "public_id": format!("c{:x}", self.id),
            "name": self.name,
            "description": self.description,
            "parent_id": self.parent_id,
            "template_id": self.template_id,
            "has_logo": false,
            "is_active": true,
            "allowed_domain_names": [],
        }))
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

/// The container with this id, or the documented 404.
fn container_mut(state: &mut State, id: i64) -> Result<&mut ContainerRecord, Answer> {
    state
        .containers
        .iter_mut()
        .find(|c| c.id == id)
        .ok_or_else(|| not_found("container", id))
}

/// `POST container/{container_id}/children`: a division under the path's container. Answers
/// 201 `{"id": n}` (the status is not in the docs; public client code stubs 201). A name already
/// used under the same parent is refused with 409 `duplicate_container_name|name` (assumed: the
/// docs list no error), so that a client can find what it created by name under the parent.
fn create_container(state: &mut State, parent_id: i64, body: &[u8]) -> Handled {
    if !state.has_container(parent_id) {
        return Err(not_found("container", parent_id));
    }
    let object = body::object(body)?;
    let fields = Fields::of(&object);
    let name = fields.required_text("name", MAX_NAME_CHARS)?;
    let description = fields.text("description", MAX_DESCRIPTION_CHARS)?;
    let template_id = fields
        .int("template_id")?
        .ok_or_else(|| body::broken("template_id", Rule::Required))?;
    if template_id <= 0 {
        return Err(body::broken(
            "template_id",
            Rule::PositiveId { got: template_id },
        ));
    }
    let taken = state
        .containers
        .iter()
        .any(|c| c.parent_id == parent_id && c.name == name);
    if taken {
        return Err(conflict(
            "duplicate_container_name|name",
            &format!("name {name:?} is already used by a division under container {parent_id}"),
        ));
    }
    let id = state.next_id(ROOT_CONTAINER_ID);
    state.containers.push(ContainerRecord {
        id,
        name,
        parent_id,
        description,
        template_id,
        user_id_assignments: None,
    });
    Ok(Answer::json(201, &json!({"id": id})))
}

/// `GET container/{container_id}/children`: only the immediate children; none is answered the
/// recorded way (no `containers` key) unless `documented_empty_lists`.
fn list_child_containers(state: &State, id: i64) -> Handled {
    if !state.has_container(id) {
        return Err(not_found("container", id));
    }
    let rows = state
        .containers
        .iter()
        .filter(|c| c.parent_id == id)
        .map(ContainerRecord::child_json)
        .collect();
    Ok(listing::plain_list(
        "containers",
        rows,
        listing::empty(state),
    ))
}

/// `PUT container/{container_id}/user-assignments`: the list replaces the container's users;
/// an empty list clears it. Answers 204. A user id that names no user is refused with 400
/// `invalid_user|user_id_assignments[i]` (assumed: the docs list no error).
fn set_container_users(state: &mut State, id: i64, body: &[u8]) -> Handled {
    if !state.has_container(id) {
        return Err(not_found("container", id));
    }
    let object = body::object(body)?;
    let users = Fields::of(&object).ids("user_id_assignments")?;
    if let Some((i, unknown)) = users
        .iter()
        .enumerate()
        .find(|(_, user)| state.user(**user).is_none())
    {
        return Err(Answer::error(
            400,
            &format!("invalid_user|user_id_assignments[{i}]"),
            &format!("user_id_assignments[{i}] {unknown} is not a user of this account"),
        ));
    }
    container_mut(state, id)?.user_id_assignments = Some(users);
    Ok(Answer::empty(204))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::routes::{handle, ApiRequest};
    use crate::emulator::state::ADMIN_USER_ID;
    use crate::emulator::EmulatorOptions;

    const KEY: &str = "test-key";

    fn state() -> State {
        State::new(EmulatorOptions::with_api_key(KEY)).unwrap()
    }

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

    fn child(state: &mut State, parent: i64, name: &str) -> i64 {
        let body = json!({"name": name, "description": "d", "template_id": 6}).to_string();
        let made = call(
            state,
            "POST",
            &format!("container/{parent}/children"),
            &body,
        );
        assert_eq!(made.status, 201, "{}", String::from_utf8_lossy(&made.body));
        json_of(&made)["id"].as_i64().unwrap()
    }

    #[test]
    fn children_are_created_under_their_parent_and_listed_one_level_deep() {
        let mut state = state();
        let route = format!("container/{ROOT_CONTAINER_ID}/children");
        assert_eq!(
            json_of(&call(&mut state, "GET", &route, "")),
            json!({}),
            "none: recorded form"
        );
        let sales = child(&mut state, ROOT_CONTAINER_ID, "Sales");
        let emea = child(&mut state, sales, "EMEA");
        let listed = json_of(&call(&mut state, "GET", &route, ""));
        let containers = listed["containers"].as_array().unwrap();
        assert_eq!(containers.len(), 1, "only the immediate children");
        assert_eq!(containers[0]["id"], sales);
        assert_eq!(containers[0]["parent_id"], ROOT_CONTAINER_ID);
        assert_eq!(
            (
                containers[0]["template_id"].as_i64(),
                containers[0]["description"].as_str()
            ),
            (Some(6), Some("d"))
        );
        let below = json_of(&call(
            &mut state,
            "GET",
            &format!("container/{sales}/children"),
            "",
        ));
        assert_eq!(below["containers"][0]["id"], emea);
        let shown = json_of(&call(&mut state, "GET", &format!("container/{emea}"), ""));
        assert_eq!(shown["parent_id"], sales);
        state.options.documented_empty_lists = true;
        let none = json_of(&call(
            &mut state,
            "GET",
            &format!("container/{emea}/children"),
            "",
        ));
        assert_eq!(none, json!({"containers": []}));
    }

    #[test]
    fn a_child_needs_a_name_unique_under_its_parent_and_a_template() {
        let mut state = state();
        child(&mut state, ROOT_CONTAINER_ID, "Sales");
        let route = format!("container/{ROOT_CONTAINER_ID}/children");
        let cases = [
            (r#"{"template_id": 6}"#, 400, "missing_field|name"),
            (r#"{"name": "X"}"#, 400, "missing_field|template_id"),
            (
                r#"{"name": "X", "template_id": 0}"#,
                400,
                "invalid_value|template_id",
            ),
            (
                r#"{"name": "Sales", "template_id": 6}"#,
                409,
                "duplicate_container_name|name",
            ),
        ];
        for (body, status, expected) in cases {
            let answer = call(&mut state, "POST", &route, body);
            assert_eq!(
                (answer.status, code(&answer)),
                (status, expected.to_owned()),
                "{body}"
            );
        }
        let body = r#"{"name": "X", "template_id": 6}"#;
        assert_eq!(
            call(&mut state, "POST", "container/4242/children", body).status,
            404
        );
        assert_eq!(
            call(&mut state, "GET", "container/4242/children", "").status,
            404
        );
    }

    #[test]
    fn user_assignments_are_replaced_whole_and_an_empty_list_clears_them() {
        let mut state = state();
        let sales = child(&mut state, ROOT_CONTAINER_ID, "Sales");
        let route = format!("container/{sales}/user-assignments");
        let users = |state: &mut State| {
            json_of(&call(state, "GET", &format!("container/{sales}"), ""))["user_id_assignments"]
                .clone()
        };
        assert_eq!(users(&mut state), json!([]));
        let body = json!({"user_id_assignments": [ADMIN_USER_ID]}).to_string();
        let answer = call(&mut state, "PUT", &route, &body);
        assert_eq!((answer.status, answer.body.len()), (204, 0));
        assert_eq!(
            users(&mut state),
            json!([ADMIN_USER_ID.to_string()]),
            "read back as strings"
        );
        call(&mut state, "PUT", &route, r#"{"user_id_assignments": []}"#);
        assert_eq!(users(&mut state), json!([]));
        let unknown = call(
            &mut state,
            "PUT",
            &route,
            r#"{"user_id_assignments": [4242]}"#,
        );
        assert_eq!(code(&unknown), "invalid_user|user_id_assignments[0]");
        assert_eq!(
            code(&call(&mut state, "PUT", &route, "{}")),
            "missing_field|user_id_assignments"
        );
        let body = r#"{"user_id_assignments": []}"#;
        assert_eq!(
            call(&mut state, "PUT", "container/4242/user-assignments", body).status,
            404
        );
    }
}
