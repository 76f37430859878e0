//! Every client-side rule: the call fails with VALIDATION, names the field and the rule, and
//! sends nothing.
#![cfg(feature = "emulator")]

mod common;

use certcentral::models::*;
use certcentral::{Client, Error, Status};
use common::{api_requests, client, emulator, fixture};

fn subaccount() -> CreateSubaccountRequest {
    fixture("create-subaccount.request.json")
}

fn user() -> AddUserRequest {
    fixture("add-user.request.json")
}

fn organization() -> CreateOrganizationRequest {
    fixture("create-organization.request.json")
}

/// A way to break a valid request, the field it breaks, and words of the rule's message.
type Case<T> = (Box<dyn Fn(&mut T)>, &'static str, &'static str);

/// Breaks `valid` each way in `cases` and expects each call to be rejected before sending.
fn reject_each<T: Clone + 'static>(
    valid: T,
    cases: Vec<Case<T>>,
    call: fn(&Client, &T) -> Result<(), Error>,
) {
    let emulator = emulator();
    let client = client(&emulator);
    for (breaks, field, rule) in cases {
        let mut request = valid.clone();
        breaks(&mut request);
        rejected(&client, &emulator, move |c| call(c, &request), field, rule);
    }
    // The unbroken request goes through.
    call(&client, &valid).unwrap();
}

/// Runs `call`, expects VALIDATION naming `field` with `rule_text`, and checks nothing was sent.
fn rejected(
    client: &Client,
    emulator: &certcentral::emulator::Emulator,
    call: impl FnOnce(&Client) -> Result<(), Error>,
    field: &str,
    rule_text: &str,
) {
    let before = api_requests(emulator);
    let err = call(client).expect_err(field);
    assert_eq!(err.status(), Status::Validation, "{err}");
    let Error::Validation { field: got, rule } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(got, field);
    assert!(rule.contains(rule_text), "{field}: {rule}");
    assert!(err.to_string().contains(field));
    assert_eq!(
        api_requests(emulator),
        before,
        "{field}: nothing may be sent"
    );
}

#[test]
fn invite_rules() {
    let emulator = emulator();
    let client = client(&emulator);
    let send = |req: SendInviteRequest| move |c: &Client| c.send_invite(&req);
    rejected(
        &client,
        &emulator,
        send(SendInviteRequest::new(Vec::<String>::new(), "retail")),
        "emails",
        "at least one",
    );
    rejected(
        &client,
        &emulator,
        send(SendInviteRequest::new(
            ["ok@example.com", "not-an-email"],
            "retail",
        )),
        "emails[1]",
        "valid email",
    );
    let long = format!("{}@example.com", "a".repeat(250));
    rejected(
        &client,
        &emulator,
        send(SendInviteRequest::new([long], "retail")),
        "emails[0]",
        "at most 255",
    );
    rejected(
        &client,
        &emulator,
        send(SendInviteRequest::new(["a@example.com"], " ")),
        "subaccount_type",
        "required",
    );
    // Unknown subaccount types are not rejected client-side: the server decides.
    let err = client
        .send_invite(&SendInviteRequest::new(["a@example.com"], "galactic"))
        .unwrap_err();
    assert_eq!(err.status(), Status::BadRequest);
    assert_eq!(
        err.api_errors()[0].code,
        "invalid_subaccount_type|subaccount_type"
    );
}

#[test]
fn list_limit_must_be_between_1_and_1000() {
    let emulator = emulator();
    let client = client(&emulator);
    for limit in [0, 1001, u32::MAX] {
        let query = ListInvitesQuery {
            limit: Some(limit),
            ..Default::default()
        };
        rejected(
            &client,
            &emulator,
            move |c| c.list_invites(&query).map(drop),
            "limit",
            "between 1 and 1000",
        );
    }
    for limit in [1, 1000] {
        let query = ListInvitesQuery {
            limit: Some(limit),
            ..Default::default()
        };
        client.list_invites(&query).unwrap();
    }
}

#[test]
fn subaccount_rules() {
    let cases: Vec<Case<CreateSubaccountRequest>> = vec![
        (
            Box::new(|r| r.account_type.clear()),
            "account_type",
            "required",
        ),
        (
            Box::new(|r| r.allowed_grandchildren.push(String::new())),
            "allowed_grandchildren[3]",
            "required",
        ),
        (
            Box::new(|r| r.account_manager_user_id = Some(0)),
            "account_manager_user_id",
            "positive",
        ),
        (
            Box::new(|r| r.child_name = Some("c".repeat(65))),
            "child_name",
            "at most 64",
        ),
        (
            Box::new(|r| r.user.first_name.clear()),
            "user.first_name",
            "required",
        ),
        (
            Box::new(|r| r.user.last_name = "l".repeat(129)),
            "user.last_name",
            "at most 128",
        ),
        (
            Box::new(|r| r.user.email = "nope".into()),
            "user.email",
            "valid email",
        ),
        (
            Box::new(|r| r.user.username = Some("bad name".into())),
            "user.username",
            "may contain only",
        ),
        (
            Box::new(|r| r.user.job_title = Some("j".repeat(65))),
            "user.job_title",
            "at most 64",
        ),
        (
            Box::new(|r| r.user.telephone = Some("5".repeat(65))),
            "user.telephone",
            "at most 64",
        ),
        (
            Box::new(|r| r.organization.name.clear()),
            "organization.name",
            "required",
        ),
        (
            Box::new(|r| r.organization.address.clear()),
            "organization.address",
            "required",
        ),
        (
            Box::new(|r| r.organization.zip.clear()),
            "organization.zip",
            "required",
        ),
        (
            Box::new(|r| r.organization.city.clear()),
            "organization.city",
            "required",
        ),
        (
            Box::new(|r| r.organization.state.clear()),
            "organization.state",
            "required",
        ),
        (
            Box::new(|r| r.organization.country.clear()),
            "organization.country",
            "required",
        ),
    ];
    // The limits are inclusive.
    let mut at_the_limits = subaccount();
    at_the_limits.child_name = Some("c".repeat(64));
    at_the_limits.user.last_name = "l".repeat(128);
    reject_each(at_the_limits, cases, |c, r| {
        c.create_subaccount(r).map(drop)
    });
}

#[test]
fn add_user_rules() {
    let cases: Vec<Case<AddUserRequest>> = vec![
        (Box::new(|r| r.username.clear()), "username", "required"),
        (
            Box::new(|r| r.username = "jill/valentine".into()),
            "username",
            "'/'",
        ),
        (
            Box::new(|r| r.username = "jïll".into()),
            "username",
            "may contain only",
        ),
        (
            Box::new(|r| r.first_name = "f".repeat(129)),
            "first_name",
            "at most 128",
        ),
        (Box::new(|r| r.last_name.clear()), "last_name", "required"),
        (Box::new(|r| r.email.clear()), "email", "required"),
        (
            Box::new(|r| r.email = "jill@".into()),
            "email",
            "valid email",
        ),
        (
            Box::new(|r| r.job_title = Some("j".repeat(65))),
            "job_title",
            "at most 64",
        ),
        (
            Box::new(|r| r.telephone = Some("5".repeat(65))),
            "telephone",
            "at most 64",
        ),
        (
            Box::new(|r| r.access_roles.clear()),
            "access_roles",
            "at least one",
        ),
        (
            Box::new(|r| r.access_roles[0].id = -1),
            "access_roles[0].id",
            "positive",
        ),
        (
            Box::new(|r| r.container = Some(ContainerRef { id: 0 })),
            "container.id",
            "positive",
        ),
        (
            Box::new(|r| r.container_id_assignments = Some(vec![1, -2])),
            "container_id_assignments[1]",
            "positive",
        ),
    ];
    let mut every_allowed_character = user();
    every_allowed_character.username = "a-Z_0+9.@x".into();
    reject_each(every_allowed_character, cases, |c, r| {
        c.add_user(r).map(drop)
    });
}

#[test]
fn organization_rules() {
    let cases: Vec<Case<CreateOrganizationRequest>> = vec![
        (Box::new(|r| r.name.clear()), "name", "required"),
        (Box::new(|r| r.address.clear()), "address", "required"),
        (Box::new(|r| r.city.clear()), "city", "required"),
        (Box::new(|r| r.state.clear()), "state", "required"),
        (Box::new(|r| r.zip.clear()), "zip", "required"),
        (Box::new(|r| r.country.clear()), "country", "required"),
        (Box::new(|r| r.telephone.clear()), "telephone", "required"),
        (
            Box::new(|r| r.organization_contact.first_name.clear()),
            "organization_contact.first_name",
            "required",
        ),
        (
            Box::new(|r| r.organization_contact.last_name.clear()),
            "organization_contact.last_name",
            "required",
        ),
        (
            Box::new(|r| r.organization_contact.email = "x".into()),
            "organization_contact.email",
            "valid email",
        ),
        (
            Box::new(|r| r.organization_contact.telephone.clear()),
            "organization_contact.telephone",
            "required",
        ),
    ];
    reject_each(organization(), cases, |c, r| {
        c.create_organization(r).map(drop)
    });
}

#[test]
fn the_emulator_applies_the_same_rules_to_raw_requests() {
    let emulator = emulator();
    let client = client(&emulator);
    let body = serde_json::json!({"emails": ["not-an-email"], "subaccount_type": "retail"});
    let err = client
        .request_json("POST", "account/subaccount/invite", Some(&body))
        .unwrap_err();
    assert_eq!(err.status(), Status::BadRequest);
    assert_eq!(err.api_errors()[0].code, "invalid_email|emails[0]");
    assert!(err.api_errors()[0].message.contains("valid email"));
    assert_eq!(emulator.stats().invites_created, 0);
}
