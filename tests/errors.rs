//! Each error status, reached through a real emulator response or a real socket.
#![cfg(feature = "emulator")]

mod common;

use std::time::Duration;

use certcentral::models::*;
use certcentral::{Client, Status};
use common::{client, emulator, emulator_with, fast_retries, fixture};
use serde_json::json;

#[test]
fn a_wrong_key_is_an_authentication_error_and_is_not_retried() {
    let emulator = emulator();
    let client = emulator
        .client_builder()
        .api_key("wrong-key")
        .retry_policy(fast_retries(3))
        .build()
        .unwrap();
    let err = client
        .list_invites(&ListInvitesQuery::default())
        .unwrap_err();
    assert_eq!(err.status(), Status::Authentication);
    assert_eq!(err.kind(), "authentication");
    assert_eq!(err.http_status(), Some(403), "the real server answers 403");
    assert_eq!(
        err.api_errors()[0].code,
        "access_denied|access_denied_invalid_key"
    );
    assert!(!err.to_string().contains("wrong-key"));
    assert_eq!(common::api_requests(&emulator), 1);
}

#[test]
fn server_side_rules_give_bad_request_with_the_api_codes() {
    let emulator = emulator();
    let client = client(&emulator);
    let mut request: AddUserRequest = fixture("add-user.request.json");
    request.access_roles = vec![RoleRef::new(9)];
    let err = client.add_user(&request).unwrap_err();
    assert_eq!(err.status(), Status::BadRequest);
    assert_eq!(
        err.api_errors()[0].code,
        "invalid_access_role|access_roles[0].id"
    );
    assert!(
        err.to_string()
            .contains("invalid_access_role|access_roles[0].id"),
        "{err}"
    );

    request.access_roles = vec![RoleRef::new(5)];
    request.container = Some(ContainerRef { id: 42 });
    let err = client.add_user(&request).unwrap_err();
    assert_eq!(err.api_errors()[0].code, "invalid_container|container.id");

    // A body of the wrong shape is the documented bad_request_format.
    let err = client
        .request_json("POST", "user", Some(&json!({"access_roles": "admin"})))
        .unwrap_err();
    assert_eq!(err.status(), Status::BadRequest);
    assert_eq!(err.api_errors()[0].code, "bad_request_format");
}

#[test]
fn subaccounts_not_enabled_is_permission_denied() {
    let emulator = emulator_with(|o| o.subaccounts_enabled = false);
    let client = client(&emulator);
    let err = client
        .create_subaccount(&fixture("create-subaccount.request.json"))
        .unwrap_err();
    assert_eq!(err.status(), Status::PermissionDenied);
    assert_eq!(err.http_status(), Some(403));
    assert_eq!(err.api_errors()[0].code, "access_denied|missing_permission");
    assert_eq!(emulator.stats().subaccounts_created, 0);
}

#[test]
fn an_unknown_route_is_not_found() {
    let emulator = emulator();
    let client = client(&emulator);
    let err = client
        .request_json("GET", "certificate/42", None)
        .unwrap_err();
    assert_eq!(err.status(), Status::NotFound);
    assert_eq!(err.api_errors()[0].code, "not_found|route");
}

#[test]
fn a_taken_username_is_a_conflict() {
    let emulator = emulator();
    let client = client(&emulator);
    let request: AddUserRequest = fixture("add-user.request.json");
    client.add_user(&request).unwrap();
    let err = client.add_user(&request).unwrap_err();
    assert_eq!(err.status(), Status::Conflict);
    assert_eq!(err.api_errors()[0].code, "duplicate_username|username");
    assert_eq!(emulator.stats().users_created, 1);
}

#[test]
fn any_other_status_is_an_api_error() {
    let emulator = emulator();
    let client = client(&emulator);
    let err = client
        .request_json("DELETE", "organization", None)
        .unwrap_err();
    assert_eq!(err.status(), Status::Api);
    assert_eq!(err.http_status(), Some(405));
    assert_eq!(err.api_errors()[0].code, "method_not_allowed");
}

/// A port that nothing listens on: bind, read the port, close.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

#[test]
fn connection_refused_is_a_transport_error_retried_even_for_post() {
    let client = Client::builder()
        .api_key("k")
        .base_url(format!("http://127.0.0.1:{}/services/v2/", closed_port()))
        .retry_policy(fast_retries(2))
        .build()
        .unwrap();
    let err = client
        .send_invite(&SendInviteRequest::new(["a@example.com"], "retail"))
        .unwrap_err();
    assert_eq!(err.status(), Status::Transport);
    assert_eq!(err.http_status(), None);
    // Nothing left the machine, so the POST was safely retried.
    assert!(
        err.to_string().contains("gave up after 3 attempts"),
        "{err}"
    );
}

#[test]
fn a_slow_server_is_a_timeout_and_a_timed_out_post_is_not_repeated() {
    let emulator = emulator_with(|o| o.latency = Duration::from_millis(400));
    let client = emulator
        .client_builder()
        .timeout(Duration::from_millis(100))
        .retry_policy(fast_retries(2))
        .build()
        .unwrap();
    let err = client
        .send_invite(&SendInviteRequest::new(["a@example.com"], "retail"))
        .unwrap_err();
    assert_eq!(err.status(), Status::Timeout);
    // The server acted before the answer was late; a retry would have sent a second invite.
    let stats = emulator.stats();
    assert_eq!(stats.requests["POST account/subaccount/invite"], 1);
    assert_eq!(stats.invites_created, 1);

    // A GET is safe to repeat, and is.
    let err = client
        .list_invites(&ListInvitesQuery::default())
        .unwrap_err();
    assert_eq!(err.status(), Status::Timeout);
    assert!(
        err.to_string().contains("gave up after 3 attempts"),
        "{err}"
    );
    assert_eq!(
        emulator.stats().requests["GET account/subaccount/invite"],
        3
    );
}

#[test]
fn invalid_arguments_are_caught_before_any_request() {
    let emulator = emulator();
    let client = client(&emulator);
    for (method, path, field) in [
        ("BREW", "user/me", "method"),
        ("GET", "https://evil.example/services/v2/user/me", "path"),
        ("GET", "//evil.example/user/me", "path"),
        ("GET", "../../etc", "path"),
    ] {
        let err = client.request_json(method, path, None).unwrap_err();
        assert_eq!(err.status(), Status::InvalidArgument, "{method} {path}");
        assert!(err.to_string().contains(field), "{err}");
    }
    let err = client
        .request_raw_json("POST", "user", Some("{not json"))
        .unwrap_err();
    assert_eq!(err.status(), Status::InvalidArgument);
    assert!(err.to_string().contains("body"));
    assert_eq!(common::api_requests(&emulator), 0);
}
