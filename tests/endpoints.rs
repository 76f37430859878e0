//! Every endpoint against the emulator, with the docs' own example requests.
#![cfg(feature = "emulator")]

mod common;

use certcentral::models::*;
use certcentral::Status;
use common::{client, emulator, emulator_with, fixture};
use serde_json::{json, Value};

#[test]
fn docs_example_requests_serialize_exactly_as_the_docs_show() {
    for (name, encode) in [
        (
            "send-invite.request.json",
            (|v: Value| {
                serde_json::to_value(serde_json::from_value::<SendInviteRequest>(v).unwrap())
            }) as fn(Value) -> serde_json::Result<Value>,
        ),
        ("create-subaccount.request.json", |v| {
            serde_json::to_value(serde_json::from_value::<CreateSubaccountRequest>(v).unwrap())
        }),
        ("add-user.request.json", |v| {
            serde_json::to_value(serde_json::from_value::<AddUserRequest>(v).unwrap())
        }),
        ("create-organization.request.json", |v| {
            serde_json::to_value(serde_json::from_value::<CreateOrganizationRequest>(v).unwrap())
        }),
        ("add-service-user.request.json", |v| {
            serde_json::to_value(serde_json::from_value::<AddServiceUserRequest>(v).unwrap())
        }),
        ("create-key.request.json", |v| {
            serde_json::to_value(serde_json::from_value::<CreateApiKeyRequest>(v).unwrap())
        }),
    ] {
        let docs: Value = fixture(name);
        assert_eq!(encode(docs.clone()).unwrap(), docs, "{name}");
    }
}

#[test]
fn unset_optionals_are_omitted_never_null() {
    let request = AddUserRequest::new("u", "F", "L", "u@example.com", [5]);
    let body = serde_json::to_string(&request).unwrap();
    assert_eq!(
        body,
        r#"{"username":"u","first_name":"F","last_name":"L","email":"u@example.com","access_roles":[{"id":5}]}"#
    );
    let every_field = AddUserRequest {
        job_title: Some("Ops".into()),
        telephone: Some("555".into()),
        container: Some(ContainerRef { id: 7 }),
        container_id_assignments: Some(vec![8, 9]),
        is_saml_sso_only: Some(true),
        ..request
    };
    let value = serde_json::to_value(&every_field).unwrap();
    assert_eq!(value["container"], json!({"id": 7}));
    assert_eq!(value["container_id_assignments"], json!([8, 9]));
    assert_eq!(value["is_saml_sso_only"], json!(true));
    assert!(!serde_json::to_string(&CreateSubaccountRequest::default())
        .unwrap()
        .contains("null"));
}

#[test]
fn send_invite_creates_one_pending_invite_per_address() {
    let emulator = emulator();
    let client = client(&emulator);
    let request = SendInviteRequest::new(["a@example.com", "b@example.com"], "reseller")
        .invite_note("Welcome");
    client.send_invite(&request).unwrap();
    assert_eq!(emulator.stats().invites_created, 2);

    let page = client.list_invites(&ListInvitesQuery::default()).unwrap();
    assert_eq!(page.len(), 2);
    assert_eq!(page.total(), Some(2));
    let first = &page.items[0];
    assert_eq!(first.email.as_deref(), Some("a@example.com"));
    assert_eq!(first.subaccount_type.as_deref(), Some("reseller"));
    assert_eq!(first.invite_note.as_deref(), Some("Welcome"));
    assert_eq!(first.status.as_deref(), Some("pending"));
    let created = first.date_created.as_deref().unwrap();
    assert_eq!(created.len(), "yyyy-MM-dd HH:mm:ss".len(), "{created}");
    assert_eq!(&created[4..5], "-");
    assert_eq!(&created[10..11], " ");
}

#[test]
fn a_second_invite_to_a_pending_address_is_a_resend() {
    let emulator = emulator();
    let client = client(&emulator);
    let request = SendInviteRequest::new(["a@example.com"], "retail");
    client.send_invite(&request).unwrap();
    client.send_invite(&request).unwrap();
    let stats = emulator.stats();
    assert_eq!((stats.invites_created, stats.invites_resent), (1, 1));
}

#[test]
fn create_subaccount_with_the_docs_example_answers_the_docs_shape() {
    let emulator = emulator();
    let client = client(&emulator);
    let request: CreateSubaccountRequest = fixture("create-subaccount.request.json");
    let sub = client.create_subaccount(&request).unwrap();

    assert!(sub.id > 0);
    assert_eq!(sub.account_type.as_deref(), Some("retail"));
    assert_eq!(sub.account_manager_user_id, Some(12345));
    assert!(sub.api_key.is_none(), "only managed subaccounts get a key");
    let org = sub.organization.as_ref().unwrap();
    assert_eq!(org.name.as_deref(), Some("Example Company, LLC"));
    assert_eq!(org.status.as_deref(), Some("active"));
    assert_eq!(org.is_active, Some(true));
    assert_eq!(org.country.as_deref(), Some("us"));
    assert_eq!(org.address2.as_deref(), Some("Suite 321"));
    let container = org.container.as_ref().unwrap();
    assert_eq!(container.name.as_deref(), Some("Example Company, LLC"));
    assert_eq!(container.is_active, Some(true));
    let user = sub.user.as_ref().unwrap();
    assert_eq!(user.username.as_deref(), Some("john.smith@example.com"));
    assert_eq!(user.account_id, Some(sub.id));
    assert_eq!(user.user_type.as_deref(), Some("standard"));
    assert_eq!(user.job_title.as_deref(), Some("Statistician"));

    // The response keeps the server's exact JSON, and every top-level key of the docs' example.
    let docs: Value = fixture("create-subaccount.response.json");
    let raw = sub.raw.to_value();
    for key in docs.as_object().unwrap().keys() {
        assert!(raw.get(key).is_some(), "missing {key}");
    }
    for key in docs["organization"].as_object().unwrap().keys() {
        assert!(
            raw["organization"].get(key).is_some(),
            "missing organization.{key}"
        );
    }
    for key in docs["user"].as_object().unwrap().keys() {
        assert!(raw["user"].get(key).is_some(), "missing user.{key}");
    }
    assert_eq!(org.raw.to_value(), raw["organization"]);
    assert_eq!(emulator.stats().subaccounts_created, 1);
}

#[test]
fn a_managed_subaccount_returns_its_key_once() {
    let emulator = emulator();
    let client = client(&emulator);
    let mut request: CreateSubaccountRequest = fixture("create-subaccount.request.json");
    request.account_type = "managed".into();
    request.user.username = None;
    request.bill_parent = Some(true);
    request.child_name = Some("Child".into());
    let sub = client.create_subaccount(&request).unwrap();
    let key = sub.api_key.as_ref().expect("managed subaccounts get a key");
    assert_eq!(key.expose().len(), 64);
    assert!(!format!("{sub:?}").contains(key.expose()));
    assert_eq!(sub.bill_parent, Some(true));
    // Without a username, the server uses the email.
    assert_eq!(
        sub.user.unwrap().username.as_deref(),
        Some("john.smith@example.com")
    );
}

#[test]
fn add_user_returns_the_new_id() {
    let emulator = emulator();
    let client = client(&emulator);
    let request: AddUserRequest = fixture("add-user.request.json");
    let created = client.add_user(&request).unwrap();
    assert!(created.id > 0);
    assert_eq!(created.raw.to_value(), json!({"id": created.id}));

    let mut second = request.clone();
    second.username = "chris.redfield".into();
    second.container = Some(ContainerRef { id: 300_000 });
    second.container_id_assignments = Some(vec![300_000]);
    second.is_saml_sso_only = Some(false);
    let other = client.add_user(&second).unwrap();
    assert_ne!(other.id, created.id);
    assert_eq!(emulator.stats().users_created, 2);
}

#[test]
fn create_organization_reuses_a_duplicate_unless_told_not_to() {
    let emulator = emulator();
    let client = client(&emulator);
    let request: CreateOrganizationRequest = fixture("create-organization.request.json");
    let first = client.create_organization(&request).unwrap();
    let again = client.create_organization(&request).unwrap();
    assert_eq!(
        first.id, again.id,
        "the duplicate check returns the existing organization"
    );
    let forced = CreateOrganizationRequest {
        skip_duplicate_org_check: Some(true),
        ..request
    };
    let new = client.create_organization(&forced).unwrap();
    assert_ne!(new.id, first.id);
    let stats = emulator.stats();
    assert_eq!(
        (stats.organizations_created, stats.organizations_reused),
        (2, 1)
    );
}

#[test]
fn create_organization_can_reject_duplicates_as_newer_docs_say() {
    let emulator = emulator_with(|o| {
        o.duplicate_organizations = certcentral::emulator::DuplicateOrganizations::Reject
    });
    let client = client(&emulator);
    let request: CreateOrganizationRequest = fixture("create-organization.request.json");
    client.create_organization(&request).unwrap();
    let err = client.create_organization(&request).unwrap_err();
    assert_eq!(err.status(), Status::Conflict);
    assert_eq!(err.http_status(), Some(409));
    assert_eq!(err.api_errors()[0].code, "duplicate_organization");
}

#[test]
fn request_json_reaches_any_endpoint() {
    let emulator = emulator();
    let client = client(&emulator);
    let me = client.request_json("GET", "user/me", None).unwrap();
    assert_eq!(me["access_roles"][0]["name"], "Administrator");

    let body = json!({"emails": ["x@example.com"], "subaccount_type": "retail"});
    let answer = client
        .request_json("post", "/account/subaccount/invite", Some(&body))
        .unwrap();
    assert_eq!(answer, Value::Null, "201 with an empty body");
    assert_eq!(emulator.stats().invites_created, 1);

    let page = client
        .request_raw_json("GET", "account/subaccount/invite?limit=1", None)
        .unwrap();
    assert_eq!(page.to_value()["page"]["limit"], 1);
}

#[test]
fn one_client_serves_many_threads() {
    let emulator = emulator();
    let client = client(&emulator);
    std::thread::scope(|scope| {
        for t in 0..8 {
            let client = client.clone();
            scope.spawn(move || {
                for i in 0..25 {
                    let email = format!("t{t}-{i}@example.com");
                    client
                        .send_invite(&SendInviteRequest::new([email], "retail"))
                        .unwrap();
                }
            });
        }
    });
    assert_eq!(emulator.stats().invites_created, 200);
    let all: Vec<_> = client
        .invites(ListInvitesQuery::default())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(all.len(), 200);
}
