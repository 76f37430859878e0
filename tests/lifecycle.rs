//! The account lifecycle against the emulator, which models the server's destructive edits
//! (an omitted `job_title` is erased, lists are replaced whole): a client that sent only what
//! it was given would fail these.
#![cfg(feature = "emulator")]

mod common;

use certcentral::emulator::{Fault, FaultAction, ServiceUsersPath};
use certcentral::models::*;
use certcentral::Status;
use common::{api_requests, client, emulator, emulator_with};

fn fault(route: &str, action: FaultAction) -> Fault {
    Fault {
        route: route.to_owned(),
        times: Some(1),
        every: 1,
        body_contains: None,
        action,
    }
}

/// A user with a job title and a telephone, the fields `PUT user/{id}` erases when omitted.
fn user_with_details(client: &certcentral::Client, username: &str) -> i64 {
    let mut request = AddUserRequest::new(
        username,
        "Ada",
        "Lovelace",
        format!("{username}@example.com"),
        [5],
    );
    request.job_title = Some("Analyst".into());
    request.telephone = Some("555-0100".into());
    client.add_user(&request).unwrap().id
}

#[test]
fn an_update_keeps_every_field_it_does_not_name() {
    let emulator = emulator();
    let client = client(&emulator);
    let id = user_with_details(&client, "ada");
    let changes = UpdateUserRequest {
        first_name: Some("Augusta".into()),
        ..UpdateUserRequest::default()
    };
    client.update_user(id, &changes).unwrap();
    let user = client.get_user(id).unwrap();
    assert_eq!(user.first_name.as_deref(), Some("Augusta"));
    assert_eq!(user.last_name.as_deref(), Some("Lovelace"));
    assert_eq!(user.job_title.as_deref(), Some("Analyst"));
    assert_eq!(user.telephone.as_deref(), Some("555-0100"));

    // The emulator is as destructive as the docs say: a request that leaves the job title out
    // erases it. This is what `update_user` protects against.
    let naive = serde_json::json!({"email": "ada@example.com", "first_name": "A"});
    client
        .request_json("PUT", &format!("user/{id}"), Some(&naive))
        .unwrap();
    let user = client.get_user(id).unwrap();
    assert_eq!(
        user.job_title, None,
        "the emulator erases an omitted job title"
    );
    assert_eq!(user.telephone, None, "and an omitted telephone");
}

#[test]
fn an_update_with_nothing_to_change_or_a_bad_id_sends_nothing() {
    let emulator = emulator();
    let client = client(&emulator);
    let before = api_requests(&emulator);
    let err = client
        .update_user(5, &UpdateUserRequest::default())
        .unwrap_err();
    assert_eq!(err.status(), Status::Validation);
    assert_eq!(err.field(), Some("request"));
    let err = client.delete_user(0).unwrap_err();
    assert_eq!(
        (err.status(), err.field()),
        (Status::Validation, Some("user_id"))
    );
    let err = client.set_user_roles(7, &[]).unwrap_err();
    assert_eq!(err.field(), Some("access_roles"));
    let err = client.set_user_containers(7, &[3, -1]).unwrap_err();
    assert_eq!(err.field(), Some("container_ids[1]"));
    let err = client
        .create_container(1, &CreateContainerRequest::new("", 6))
        .unwrap_err();
    assert_eq!(err.field(), Some("name"));
    assert_eq!(api_requests(&emulator), before, "nothing was sent");
}

#[test]
fn a_deleted_user_is_gone_and_its_keys_stop_working() {
    let emulator = emulator();
    let client = client(&emulator);
    let id = user_with_details(&client, "leaver");
    let key = client
        .create_api_key(id, &CreateApiKeyRequest::new("laptop"))
        .unwrap()
        .api_key
        .unwrap();
    let theirs = emulator
        .client_builder()
        .api_key(key.expose())
        .build()
        .unwrap();
    assert_eq!(theirs.current_user().unwrap().id, id);

    client.delete_user(id).unwrap();
    assert_eq!(client.get_user(id).unwrap_err().status(), Status::NotFound);
    assert_eq!(
        theirs.current_user().unwrap_err().status(),
        Status::Authentication,
        "the recorded 403 access_denied_invalid_key"
    );
    // A second delete is a first attempt that meets 404: not found, not success.
    assert_eq!(
        client.delete_user(id).unwrap_err().status(),
        Status::NotFound
    );
}

#[test]
fn a_delete_whose_answer_was_lost_ends_as_success() {
    let emulator = emulator();
    let client = client(&emulator);
    let id = user_with_details(&client, "dropped");
    // The server deletes the user, then the connection drops before the answer: the retry
    // meets 404, which after such an attempt means done.
    emulator
        .add_fault(fault(&format!("DELETE user/{id}"), FaultAction::ResetAfter))
        .unwrap();
    client.delete_user(id).unwrap();
    assert_eq!(client.get_user(id).unwrap_err().status(), Status::NotFound);

    let organization = client
        .create_organization(&common::fixture("create-organization.request.json"))
        .unwrap()
        .id;
    let route = format!("DELETE organization/{organization}");
    emulator
        .add_fault(fault(&route, FaultAction::ResetAfter))
        .unwrap();
    client.delete_organization(organization).unwrap();
    let err = client.get_organization(organization).unwrap_err();
    assert_eq!(err.status(), Status::NotFound);
}

#[test]
fn a_revoked_key_no_longer_authenticates_until_activated() {
    let emulator = emulator();
    let client = client(&emulator);
    let robot = client
        .add_service_user(&AddServiceUserRequest::new("robot@example.com", "deploy"))
        .unwrap();
    let key = robot.api_key.clone().unwrap();
    let theirs = emulator
        .client_builder()
        .api_key(key.expose())
        .build()
        .unwrap();

    let query = ListApiKeysQuery {
        user_id: Some(robot.id),
        ..ListApiKeysQuery::default()
    };
    let keys: Vec<ApiKeyDetails> = client
        .api_keys(query)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(keys.len(), 1, "{keys:?}");
    let key_id = keys[0].id;
    assert_eq!(keys[0].status.as_deref(), Some("active"));
    assert!(
        !format!("{keys:?}").contains(key.expose()),
        "a key's record never shows it"
    );

    client.revoke_api_key(key_id).unwrap();
    assert_eq!(
        client.get_api_key(key_id).unwrap().status.as_deref(),
        Some("revoked")
    );
    assert_eq!(
        theirs.current_user().unwrap_err().status(),
        Status::Authentication
    );

    client.activate_api_key(key_id).unwrap();
    assert_eq!(theirs.current_user().unwrap().id, robot.id);
}

#[test]
fn renaming_a_key_keeps_its_restriction() {
    let emulator = emulator();
    let client = client(&emulator);
    let me = client.current_user().unwrap().id;
    let mut request = CreateApiKeyRequest::new("ci");
    request.restricted_to_role_id = Some(102);
    client.create_api_key(me, &request).unwrap();
    let key = client
        .list_api_keys(&ListApiKeysQuery::default())
        .unwrap()
        .items
        .into_iter()
        .find(|k| k.name.as_deref() == Some("ci"))
        .expect("the new key is listed");
    let rename = UpdateApiKeyRequest {
        name: Some("ci-2".into()),
        ..UpdateApiKeyRequest::default()
    };
    client.update_api_key(key.id, &rename).unwrap();
    let after = client.get_api_key(key.id).unwrap();
    assert_eq!(after.name.as_deref(), Some("ci-2"));
    assert_eq!(after.restricted_to_role_id, Some(102));
}

#[test]
fn role_and_division_assignments_are_replaced_whole() {
    let emulator = emulator();
    let client = client(&emulator);
    let root = client.list_containers().unwrap()[0].id;
    let emea = client
        .create_container(root, &CreateContainerRequest::new("EMEA", 6))
        .unwrap()
        .id;
    let apac = client
        .create_container(root, &CreateContainerRequest::new("APAC", 6))
        .unwrap()
        .id;
    let id = user_with_details(&client, "mover");

    client.set_user_roles(id, &[4]).unwrap();
    let roles: Vec<i64> = client
        .get_user(id)
        .unwrap()
        .access_roles
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(roles, [4], "the new set replaces the old one");

    client.set_user_containers(id, &[emea, apac]).unwrap();
    client.set_user_containers(id, &[apac]).unwrap();
    let raw = client.get_user(id).unwrap().raw.to_value();
    let assigned = raw["container_assignments"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let assigned: Vec<String> = assigned
        .iter()
        .map(|v| v.to_string().replace('"', ""))
        .collect();
    assert_eq!(assigned, [apac.to_string()], "{raw}");

    client.set_container_users(emea, &[id]).unwrap();
    client.set_container_users(emea, &[]).unwrap();
    let container = client.get_container(emea).unwrap().raw.to_value();
    let users = container["user_id_assignments"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(users.is_empty(), "an empty list clears it: {container}");
}

#[test]
fn divisions_are_created_under_their_parent_once_per_name() {
    let emulator = emulator();
    let client = client(&emulator);
    let root = client.list_containers().unwrap()[0].id;
    assert!(
        client.list_child_containers(root).unwrap().is_empty(),
        "none yet, in the real server's empty form"
    );
    let mut request = CreateContainerRequest::new("Sales", 6);
    request.description = Some("the sales team".into());
    let sales = client.create_container(root, &request).unwrap();
    let children = client.list_child_containers(root).unwrap();
    assert_eq!(children.len(), 1);
    assert_eq!(
        (children[0].id, children[0].name.as_deref()),
        (sales.id, Some("Sales"))
    );
    let again = client.create_container(root, &request).unwrap_err();
    assert_eq!(again.status(), Status::Conflict);
    let nowhere = client.create_container(987_654, &CreateContainerRequest::new("X", 6));
    assert_eq!(nowhere.unwrap_err().status(), Status::NotFound);
}

#[test]
fn service_users_are_listed_from_whichever_path_the_server_has() {
    for path in [ServiceUsersPath::UserApiOnly, ServiceUsersPath::ServiceUser] {
        let emulator = emulator_with(|o| o.service_users_path = path);
        let client = client(&emulator);
        let query = ListServiceUsersQuery::default();
        let none: Vec<User> = client
            .service_users(query.clone())
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(none.is_empty(), "the empty form is an empty list");
        let robot = client
            .add_service_user(&AddServiceUserRequest::new("robot@example.com", "deploy"))
            .unwrap();
        let listed = client.list_service_users(&query).unwrap();
        assert_eq!(
            listed.items.iter().map(|u| u.id).collect::<Vec<_>>(),
            [robot.id]
        );
        // The path that answered is remembered: one request per list from now on.
        let before = api_requests(&emulator);
        client.list_service_users(&query).unwrap();
        assert_eq!(api_requests(&emulator) - before, 1, "{path:?}");
    }
}

#[test]
fn organization_contacts_change_only_where_named_and_validations_are_submitted() {
    let emulator = emulator();
    let client = client(&emulator);
    let request: CreateOrganizationRequest = common::fixture("create-organization.request.json");
    let id = client.create_organization(&request).unwrap().id;
    let before = client.get_organization(id).unwrap();
    let contact = before.organization_contact.clone().expect("a contact");

    let changes = UpdateOrganizationContactsRequest {
        organization_contact: Some(ContactParams {
            telephone: Some("555-0199".into()),
            ..ContactParams::default()
        }),
        ..UpdateOrganizationContactsRequest::default()
    };
    client.update_organization_contacts(id, &changes).unwrap();
    let after = client
        .get_organization(id)
        .unwrap()
        .organization_contact
        .unwrap();
    assert_eq!(after.telephone.as_deref(), Some("555-0199"));
    assert_eq!(after.first_name, contact.first_name);
    assert_eq!(after.email, contact.email);
    assert_eq!(after.job_title, contact.job_title, "an optional field kept");

    assert!(client.get_organization_validations(id).unwrap().is_empty());
    let submit = SubmitValidationRequest {
        validations: vec![ValidationParams {
            validation_type: "ov".into(),
            ..ValidationParams::default()
        }],
    };
    client.submit_organization_validation(id, &submit).unwrap();
    let validations = client.get_organization_validations(id).unwrap();
    assert_eq!(validations.len(), 1, "{validations:?}");
    assert_eq!(validations[0].validation_type.as_deref(), Some("ov"));
    let bad = SubmitValidationRequest {
        validations: vec![ValidationParams {
            validation_type: "gold".into(),
            ..ValidationParams::default()
        }],
    };
    let err = client.submit_organization_validation(id, &bad).unwrap_err();
    assert_eq!(
        (err.status(), err.field()),
        (Status::Validation, Some("validations[0].type"))
    );
}

#[test]
fn a_subaccount_update_sends_only_what_it_names() {
    let emulator = emulator();
    let client = client(&emulator);
    let request: CreateSubaccountRequest = common::fixture("create-subaccount.request.json");
    let id = client.create_subaccount(&request).unwrap().id;
    let changes = UpdateSubaccountRequest {
        child_name: Some("Renamed".into()),
        ..UpdateSubaccountRequest::default()
    };
    client.update_subaccount(id, &changes).unwrap();
    let details = client.get_subaccount(id).unwrap().raw.to_value();
    assert_eq!(details["child_name"], "Renamed", "{details}");
}

/// A plan of every lifecycle kind, each meeting a lost answer once: the read side settles each,
/// and nothing is done twice.
#[cfg(feature = "bulk")]
#[test]
fn the_lifecycle_kinds_run_in_a_bulk_plan() {
    use certcentral::bulk::{self, Plan, RunOptions, State};

    let emulator = emulator();
    let client = client(&emulator);
    let root = client.list_containers().unwrap()[0].id;
    let leaver = user_with_details(&client, "bulk-leaver");
    let mover = user_with_details(&client, "bulk-mover");
    let robot = client
        .add_service_user(&AddServiceUserRequest::new("bot@example.com", "bot"))
        .unwrap();
    let key_id = client
        .list_api_keys(&ListApiKeysQuery {
            user_id: Some(robot.id),
            ..ListApiKeysQuery::default()
        })
        .unwrap()
        .items[0]
        .id;
    let organization = client
        .create_organization(&common::fixture("create-organization.request.json"))
        .unwrap()
        .id;
    let csv = format!(
        "key,kind,user_id,first_name,access_roles,container_ids,key_id,organization_id,parent_id,name,template_id\n\
         rename,update_user,{mover},Grace,,,,,,,\n\
         promote,set_user_roles,{mover},,4,,,,,,\n\
         unrestrict,set_user_containers,{mover},,,,,,,,\n\
         revoke,revoke_api_key,,,,,{key_id},,,,\n\
         leave,delete_user,{leaver},,,,,,,,\n\
         close,delete_organization,,,,,,{organization},,,\n\
         division,create_container,,,,,,,{root},EMEA,6\n"
    );
    let plan = Plan::from_csv(csv.as_bytes()).unwrap();
    // Every change is carried out and its answer lost once: each is settled by the read side
    // (or, for an update, sent again), never duplicated.
    for route in [
        format!("DELETE user/{leaver}"),
        format!("PUT key/{key_id}/status"),
        format!("DELETE organization/{organization}"),
        format!("POST container/{root}/children"),
        format!("PUT user/{mover}"),
    ] {
        emulator
            .add_fault(fault(&route, FaultAction::ResetAfter))
            .unwrap();
    }
    let dir = common::scratch_dir("bulk-lifecycle");
    let journal = dir.join("run.db");
    let report = bulk::run(&client, &plan, &journal, &RunOptions::default(), &mut ()).unwrap();
    let states: Vec<(String, State)> = report
        .entries
        .iter()
        .map(|e| (e.key.clone(), e.state))
        .collect();
    assert!(
        states.iter().all(|(_, s)| *s == State::Done),
        "{states:?}\n{report:?}"
    );
    let user = client.get_user(mover).unwrap();
    assert_eq!(user.first_name.as_deref(), Some("Grace"));
    assert_eq!(user.job_title.as_deref(), Some("Analyst"), "kept");
    assert_eq!(
        user.access_roles.iter().map(|r| r.id).collect::<Vec<_>>(),
        [4]
    );
    assert_eq!(
        client.get_user(leaver).unwrap_err().status(),
        Status::NotFound
    );
    assert_eq!(
        client.get_api_key(key_id).unwrap().status.as_deref(),
        Some("revoked")
    );
    let children = client.list_child_containers(root).unwrap();
    assert_eq!(children.len(), 1, "one division, not two: {children:?}");
    let created = report.entries.iter().find(|e| e.key == "division").unwrap();
    assert_eq!(created.created_id, Some(children[0].id));
}

#[cfg(feature = "bulk")]
#[test]
fn a_lifecycle_plan_with_problems_is_refused_whole() {
    use certcentral::bulk::Plan;

    let csv = "key,kind,user_id,access_roles,parent_id,name,template_id\n\
               a,delete_user,0,,,,\n\
               b,set_user_roles,5,,,,\n\
               c,create_container,,,7,EMEA,6\n\
               d,create_container,,,7,emea,6\n\
               e,update_user,5,,,,\n";
    let err = Plan::from_csv(csv.as_bytes()).unwrap_err().to_string();
    for expected in [
        "row 1 (line 2), column `user_id`: must be a positive ID (got 0)",
        "row 2 (line 3), column `access_roles`: ",
        "row 4 (line 5), column `name`: division (parent/name) \"7/emea\" is already used by row 3",
        "row 5 (line 6): must name at least one of username,",
    ] {
        assert!(err.contains(expected), "{expected:?} missing from:\n{err}");
    }
}
