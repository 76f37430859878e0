//! The emulator's lifecycle routes over HTTP, driven by the core client (and by plain requests
//! where the point is what a naive client would meet): full replaces erase what is left out,
//! a deleted user is gone and its keys refused, a revoked key is refused until activated again,
//! lists are replaced whole, empty lists come in the real server's form, and the service users'
//! path is the one the emulator is told.
#![cfg(feature = "emulator")]

mod common;

use certcentral::emulator::{Emulator, ServiceUsersPath};
use certcentral::models::*;
use certcentral::{Client, Status};
use common::{client, emulator, emulator_with};
use serde_json::{json, Value};

/// A user with a job title and a telephone, and its id.
fn full_user(client: &Client, username: &str) -> i64 {
    let mut request = AddUserRequest::new(
        username,
        "Ada",
        "Lovelace",
        format!("{username}@example.com"),
        [2],
    );
    request.job_title = Some("CTO".to_owned());
    request.telephone = Some("555-0100".to_owned());
    client.add_user(&request).unwrap().id
}

/// A client that authenticates with `key`.
fn client_with_key(emulator: &Emulator, key: &str) -> Client {
    emulator.client_builder().api_key(key).build().unwrap()
}

/// The API error code of a failed call.
fn code(err: &certcentral::Error) -> &str {
    &err.api_errors()[0].code
}

/// A refusal of an invalid key: the recorded 403, reported as an authentication failure.
fn assert_invalid_key(err: &certcentral::Error) {
    assert_eq!(err.status(), Status::Authentication, "{err}");
    assert_eq!(err.http_status(), Some(403));
    assert_eq!(code(err), "access_denied|access_denied_invalid_key");
}

#[test]
fn put_user_erases_what_it_leaves_out_and_update_user_keeps_it() {
    let emulator = emulator();
    let client = client(&emulator);
    let id = full_user(&client, "ada");
    let path = format!("user/{id}");

    // A naive client sends only what changes: the server erases job_title and telephone.
    let answer = client
        .request_json("PUT", &path, Some(&json!({"email": "ada@new.example.com"})))
        .unwrap();
    assert_eq!(answer, Value::Null, "204 No Content");
    let user = client.get_user(id).unwrap();
    assert_eq!(user.email.as_deref(), Some("ada@new.example.com"));
    assert_eq!((user.job_title, user.telephone), (None, None));
    assert!(
        user.raw.to_value().get("job_title").is_none(),
        "absent, not null"
    );

    // update_user reads the user and sends the merged set: nothing it was not told changes.
    let restore = json!({"email": "ada@example.com", "job_title": "CTO", "telephone": "1"});
    client.request_json("PUT", &path, Some(&restore)).unwrap();
    let changes = UpdateUserRequest {
        first_name: Some("Augusta".to_owned()),
        ..UpdateUserRequest::default()
    };
    client.update_user(id, &changes).unwrap();
    let user = client.get_user(id).unwrap();
    assert_eq!(user.first_name.as_deref(), Some("Augusta"));
    assert_eq!(user.job_title.as_deref(), Some("CTO"));
    assert_eq!(user.telephone.as_deref(), Some("1"));
    assert_eq!(user.email.as_deref(), Some("ada@example.com"));

    // The edit page's required email: a body without it is refused.
    let err = client
        .request_json("PUT", &path, Some(&json!({"first_name": "A"})))
        .unwrap_err();
    assert_eq!(
        (err.status(), code(&err)),
        (Status::BadRequest, "missing_field|email")
    );
}

#[test]
fn a_deleted_user_is_not_found_and_its_key_is_refused() {
    let emulator = emulator();
    let client = client(&emulator);
    let id = full_user(&client, "leaver");
    let key = client
        .create_api_key(id, &CreateApiKeyRequest::new("laptop"))
        .unwrap()
        .api_key
        .unwrap();
    let theirs = client_with_key(&emulator, key.expose());
    assert_eq!(theirs.current_user().unwrap().id, id);

    client.delete_user(id).unwrap();
    assert_eq!(client.get_user(id).unwrap_err().status(), Status::NotFound);
    assert_invalid_key(&theirs.current_user().unwrap_err());
    let listed = client.list_users(&ListUsersQuery::default()).unwrap();
    assert!(listed.items.iter().all(|u| u.id != id));
    let keys = ListApiKeysQuery {
        user_id: Some(id),
        ..ListApiKeysQuery::default()
    };
    assert!(client.list_api_keys(&keys).unwrap().items.is_empty());
    // A first attempt that meets 404 stays NotFound.
    assert_eq!(
        client.delete_user(id).unwrap_err().status(),
        Status::NotFound
    );
    assert_eq!(emulator.stats().requests["DELETE user/{user_id}"], 2);
}

#[test]
fn a_revoked_key_is_refused_until_it_is_activated_again() {
    let emulator = emulator();
    let client = client(&emulator);
    let me = client.current_user().unwrap().id;
    let made = client
        .create_api_key(me, &CreateApiKeyRequest::new("ci"))
        .unwrap();
    let other = client_with_key(&emulator, made.api_key.as_ref().unwrap().expose());
    assert_eq!(other.current_user().unwrap().id, me);

    client.revoke_api_key(made.id).unwrap();
    assert_invalid_key(&other.current_user().unwrap_err());
    let details = client.get_api_key(made.id).unwrap();
    assert_eq!(details.status.as_deref(), Some("revoked"));
    assert!(details.last_used_date.is_some(), "it was used before");
    // The emulator's own key is untouched.
    assert_eq!(client.current_user().unwrap().id, me);

    client.activate_api_key(made.id).unwrap();
    assert_eq!(other.current_user().unwrap().id, me);
    assert_eq!(
        client.get_api_key(made.id).unwrap().status.as_deref(),
        Some("active")
    );

    // update_api_key keeps the restriction it is not told to change.
    let restrict = UpdateApiKeyRequest {
        restricted_to_role_id: Some(102),
        ..UpdateApiKeyRequest::default()
    };
    client.update_api_key(made.id, &restrict).unwrap();
    let rename = UpdateApiKeyRequest {
        name: Some("ci-2".to_owned()),
        ..UpdateApiKeyRequest::default()
    };
    client.update_api_key(made.id, &rename).unwrap();
    let details = client.get_api_key(made.id).unwrap();
    assert_eq!(
        (details.name.as_deref(), details.restricted_to_role_id),
        (Some("ci-2"), Some(102))
    );
}

#[test]
fn lists_are_replaced_whole() {
    let emulator = emulator();
    let client = client(&emulator);
    let id = full_user(&client, "ada");
    let root = client.current_user().unwrap().container.unwrap().id;
    let sales = client
        .create_container(root, &CreateContainerRequest::new("Sales", 6))
        .unwrap()
        .id;

    client.set_user_roles(id, &[1, 4]).unwrap();
    client.set_user_roles(id, &[5]).unwrap();
    let roles: Vec<i64> = client
        .get_user(id)
        .unwrap()
        .access_roles
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(roles, [5]);

    client.set_user_containers(id, &[sales, root]).unwrap();
    client.set_user_containers(id, &[sales]).unwrap();
    let user = client.get_user(id).unwrap();
    assert_eq!(user.has_container_assignments, Some(true));
    assert_eq!(
        user.raw.to_value()["container_assignments"],
        json!([sales.to_string()])
    );
    client.set_user_containers(id, &[]).unwrap();
    let user = client.get_user(id).unwrap();
    assert_eq!(user.has_container_assignments, Some(false));
    assert!(user.raw.to_value().get("container_assignments").is_none());

    let me = client.current_user().unwrap().id;
    client.set_container_users(sales, &[me, id]).unwrap();
    client.set_container_users(sales, &[id]).unwrap();
    let container = client.get_container(sales).unwrap();
    assert_eq!(
        container.raw.to_value()["user_id_assignments"],
        json!([id.to_string()])
    );
    client.set_container_users(sales, &[]).unwrap();
    let container = client.get_container(sales).unwrap();
    assert_eq!(container.raw.to_value()["user_id_assignments"], json!([]));
}

#[test]
fn organization_contacts_are_replaced_whole_unless_merged_by_the_client() {
    let emulator = emulator();
    let client = client(&emulator);
    let request: CreateOrganizationRequest = common::fixture("create-organization.request.json");
    let id = client.create_organization(&request).unwrap().id;
    let path = format!("organization/{id}/contact");
    let contact = |client: &Client| {
        client.get_organization(id).unwrap().raw.to_value()["organization_contact"].clone()
    };
    let before = contact(&client);

    // update_organization_contacts merges: a new job title, everything else kept.
    let changes = UpdateOrganizationContactsRequest {
        organization_contact: Some(ContactParams {
            job_title: Some("Chief".to_owned()),
            ..ContactParams::default()
        }),
        technical_contact: None,
    };
    client.update_organization_contacts(id, &changes).unwrap();
    let merged = contact(&client);
    assert_eq!(merged["job_title"], "Chief");
    assert_eq!(merged["telephone"], before["telephone"]);
    assert_eq!(
        merged["id"], before["id"],
        "the same person, updated in place"
    );

    // A naive body names only the required fields: the optional ones are erased.
    let naive = json!({"contacts": [{"contact_type": "organization_contact",
        "first_name": before["first_name"], "last_name": before["last_name"],
        "email": before["email"]}]});
    client.request_json("PUT", &path, Some(&naive)).unwrap();
    let erased = contact(&client);
    assert!(erased.get("job_title").is_none(), "{erased}");
    assert!(erased.get("telephone").is_none(), "{erased}");

    let twice = json!({"contacts": [{"contact_type": "technical_contact"},
        {"contact_type": "technical_contact"}]});
    let err = client.request_json("PUT", &path, Some(&twice)).unwrap_err();
    assert_eq!(
        (err.status(), code(&err)),
        (Status::BadRequest, "contact_type_duplicate")
    );

    client.delete_organization(id).unwrap();
    assert_eq!(
        client.get_organization(id).unwrap_err().status(),
        Status::NotFound
    );
}

#[test]
fn empty_lists_come_in_the_real_servers_form() {
    let emulator = emulator();
    let client = client(&emulator);
    let id = full_user(&client, "keyless");
    let keys = ListApiKeysQuery {
        user_id: Some(id),
        ..ListApiKeysQuery::default()
    };
    let none = client.list_api_keys(&keys).unwrap();
    assert!(none.items.is_empty());
    assert_eq!(
        none.raw.to_value(),
        json!({"page": {"total": 0, "limit": 1000, "offset": 0}})
    );
    let none = client
        .list_service_users(&ListServiceUsersQuery::default())
        .unwrap();
    assert!(none.items.is_empty());
    assert!(none.raw.to_value().get("users").is_none());
    assert_eq!(none.total(), Some(0));

    let request: CreateOrganizationRequest = common::fixture("create-organization.request.json");
    let org = client.create_organization(&request).unwrap().id;
    assert!(client.get_organization_validations(org).unwrap().is_empty());
    let raw = client
        .request_json("GET", &format!("organization/{org}/validation"), None)
        .unwrap();
    assert!(raw.get("validations").is_none(), "{raw}");
    let root = client.current_user().unwrap().container.unwrap().id;
    assert!(client.list_child_containers(root).unwrap().is_empty());

    // And once there is something, it is listed.
    let submit = SubmitValidationRequest {
        validations: vec![ValidationParams {
            validation_type: "ov".to_owned(),
            verified_users: Vec::new(),
        }],
    };
    client.submit_organization_validation(org, &submit).unwrap();
    let validations = client.get_organization_validations(org).unwrap();
    assert_eq!(validations.len(), 1);
    assert_eq!(validations[0].status.as_deref(), Some("pending"));
    let child = client
        .create_container(root, &CreateContainerRequest::new("Ops", 6))
        .unwrap()
        .id;
    let children = client.list_child_containers(root).unwrap();
    assert_eq!(children.iter().map(|c| c.id).collect::<Vec<_>>(), [child]);
}

#[test]
fn service_users_are_listed_on_the_path_the_emulator_is_told() {
    let emulator = emulator_with(|o| o.service_users_path = ServiceUsersPath::ServiceUser);
    let client = client(&emulator);
    let made = client
        .add_service_user(&AddServiceUserRequest::new("robot@example.com", "ci"))
        .unwrap();

    let err = client
        .request_json("GET", "user/api-only", None)
        .unwrap_err();
    assert_eq!(
        (err.status(), code(&err)),
        (Status::NotFound, "not_found|route")
    );
    let listed = client
        .list_service_users(&ListServiceUsersQuery::default())
        .unwrap();
    assert_eq!(
        listed.items.iter().map(|u| u.id).collect::<Vec<_>>(),
        [made.id]
    );
    let requests = emulator.stats().requests;
    assert_eq!(requests["GET service-user"], 1);

    // Told otherwise at run time, the emulator answers the other path.
    emulator.configure(|o| o.service_users_path = ServiceUsersPath::UserApiOnly);
    let fresh = common::client(&emulator);
    let listed = fresh
        .list_service_users(&ListServiceUsersQuery::default())
        .unwrap();
    assert_eq!(listed.items.len(), 1);
    let err = fresh.request_json("GET", "service-user", None).unwrap_err();
    assert_eq!(code(&err), "not_found|route");
    // A standard user is not a service user, nor the other way round.
    full_user(&fresh, "human");
    let standard = fresh.list_users(&ListUsersQuery::default()).unwrap();
    assert!(standard.items.iter().all(|u| u.id != made.id));

    // And over HTTP, as tests in C or Python set it.
    let setting = json!({"service_users_path": "service-user"});
    fresh
        .request_json("POST", "_emulator/settings", Some(&setting))
        .unwrap();
    let err = fresh
        .request_json("GET", "user/api-only", None)
        .unwrap_err();
    assert_eq!(code(&err), "not_found|route");
    fresh.request_json("GET", "service-user", None).unwrap();
    let bad = json!({"service_users_path": "users"});
    let err = fresh
        .request_json("POST", "_emulator/settings", Some(&bad))
        .unwrap_err();
    assert_eq!(err.status(), Status::BadRequest);
}

#[test]
fn a_subaccount_edit_changes_only_what_it_names() {
    let emulator = emulator();
    let client = client(&emulator);
    let mut request: CreateSubaccountRequest = common::fixture("create-subaccount.request.json");
    request.account_manager_user_id = None;
    request.child_name = Some("Shop".to_owned());
    let id = client.create_subaccount(&request).unwrap().id;
    let changes = UpdateSubaccountRequest {
        bill_parent: Some(true),
        ..UpdateSubaccountRequest::default()
    };
    client.update_subaccount(id, &changes).unwrap();
    let info = client.get_subaccount(id).unwrap().raw.to_value();
    assert_eq!(
        (info["bill_parent"].as_bool(), info["child_name"].as_str()),
        (Some(true), Some("Shop"))
    );
}
