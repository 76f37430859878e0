//! The emulator's control routes, as tests in C or Python use them over HTTP.
#![cfg(feature = "emulator")]

mod common;

use certcentral::{ListInvitesQuery, Status};
use common::{client, emulator};
use serde_json::json;

#[test]
fn seed_status_and_stats_over_http() {
    let emulator = emulator();
    let client = client(&emulator);
    let seeded = client
        .request_json("POST", "_emulator/seed", Some(&json!({"invites": 5})))
        .unwrap();
    assert_eq!(seeded["invites"], 5);
    client
        .request_json(
            "POST",
            "_emulator/invites/2/status",
            Some(&json!({"status": "expired"})),
        )
        .unwrap();
    let expired = client
        .list_invites(&ListInvitesQuery {
            status: Some("expired".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(expired.items.iter().any(|i| i.id == 2));
    let stats = client.request_json("GET", "_emulator/stats", None).unwrap();
    assert_eq!(stats["invites_created"], 5);
    assert_eq!(stats["requests"]["GET account/subaccount/invite"], 1);

    let err = client
        .request_json(
            "POST",
            "_emulator/seed",
            Some(&json!({"invites": 10_000_000_000u64})),
        )
        .unwrap_err();
    assert_eq!(err.status(), Status::BadRequest);
    let err = client
        .request_json(
            "POST",
            "_emulator/invites/999/status",
            Some(&json!({"status": "x"})),
        )
        .unwrap_err();
    assert_eq!(err.status(), Status::NotFound);
}

#[test]
fn faults_and_settings_over_http() {
    let emulator = emulator();
    let client = client(&emulator);
    let fault = json!({"route": "GET user/me", "kind": "respond", "status": 418, "times": 1});
    let installed = client
        .request_json("POST", "_emulator/faults", Some(&fault))
        .unwrap();
    assert_eq!(installed[0]["kind"], "respond");
    let err = client.request_json("GET", "user/me", None).unwrap_err();
    assert_eq!(err.http_status(), Some(418));
    assert_eq!(err.status(), Status::Api);
    client.request_json("GET", "user/me", None).unwrap();

    client
        .request_json("POST", "_emulator/faults", Some(&json!([fault, fault])))
        .unwrap();
    client
        .request_json("DELETE", "_emulator/faults", None)
        .unwrap();
    assert_eq!(
        client
            .request_json("GET", "_emulator/faults", None)
            .unwrap(),
        json!([])
    );
    let bad = client
        .request_json(
            "POST",
            "_emulator/faults",
            Some(&json!({"route": "nope", "kind": "reset_before"})),
        )
        .unwrap_err();
    assert_eq!(bad.status(), Status::BadRequest);

    client
        .request_json(
            "POST",
            "_emulator/settings",
            Some(&json!({"subaccounts_enabled": false})),
        )
        .unwrap();
    let err = client
        .create_subaccount(&common::fixture("create-subaccount.request.json"))
        .unwrap_err();
    assert_eq!(err.status(), Status::PermissionDenied);
    let unknown = client
        .request_json(
            "POST",
            "_emulator/settings",
            Some(&json!({"colour": "red"})),
        )
        .unwrap_err();
    assert_eq!(unknown.status(), Status::BadRequest);
}
