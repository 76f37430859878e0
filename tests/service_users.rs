//! Service users and API keys: created once, their keys handed over once, and usable at once.
#![cfg(feature = "emulator")]

mod common;

use certcentral::models::*;
use certcentral::Status;
use common::{api_requests, client, emulator};

fn me(emulator: &certcentral::emulator::Emulator, key: &str) -> i64 {
    let client = emulator.client_builder().api_key(key).build().unwrap();
    let me = client.request_json("GET", "user/me", None).unwrap();
    me["id"].as_i64().unwrap()
}

#[test]
fn a_service_user_comes_with_a_key_that_acts_as_it() {
    let emulator = emulator();
    let client = client(&emulator);
    let mut request = AddServiceUserRequest::new("robot@example.com", "deploy key");
    request.restricted_to_role_id = Some(102);
    let service_user = client.add_service_user(&request).unwrap();
    let key = service_user.api_key.clone().expect("the one-time key");
    assert!(!format!("{service_user:?}").contains(key.expose()));
    assert_eq!(
        service_user.raw.to_value()["api_key"],
        key.expose(),
        "raw is the answer as sent"
    );
    assert_eq!(me(&emulator, key.expose()), service_user.id);

    let extra = client
        .create_api_key(service_user.id, &CreateApiKeyRequest::new("second key"))
        .unwrap();
    let extra_key = extra.api_key.clone().unwrap();
    assert_ne!(extra_key, key);
    assert!(!format!("{extra:?}").contains(extra_key.expose()));
    assert_eq!(me(&emulator, extra_key.expose()), service_user.id);

    let stats = emulator.stats();
    assert_eq!(
        (stats.service_users_created, stats.api_keys_created),
        (1, 1)
    );
    assert_eq!(
        stats.users_created, 0,
        "a service user is not a standard user"
    );
}

#[test]
fn a_key_for_a_user_that_does_not_exist_is_not_found() {
    let emulator = emulator();
    let err = client(&emulator)
        .create_api_key(987_654, &CreateApiKeyRequest::new("k"))
        .unwrap_err();
    assert_eq!(err.status(), Status::NotFound);
    assert_eq!(emulator.stats().api_keys_created, 0);
}

#[test]
fn broken_rules_are_refused_before_sending() {
    let emulator = emulator();
    let client = client(&emulator);
    let valid = AddServiceUserRequest::new("robot@example.com", "deploy key");
    let cases: Vec<(AddServiceUserRequest, &str)> = vec![
        (
            AddServiceUserRequest {
                email: "not an email".into(),
                ..valid.clone()
            },
            "`email` must be a valid email address",
        ),
        (
            AddServiceUserRequest {
                email: format!("{}@example.com", "a".repeat(250)),
                ..valid.clone()
            },
            "`email` must be at most 255 characters",
        ),
        (
            AddServiceUserRequest {
                api_name: " ".into(),
                ..valid.clone()
            },
            "`api_name` is required",
        ),
        (
            AddServiceUserRequest {
                restricted_to_role_id: Some(104),
                ..valid.clone()
            },
            "`restricted_to_role_id` must be one of 0, 100, 101, 102, 103 (got 104)",
        ),
        (
            AddServiceUserRequest {
                is_api_only: false,
                ..valid.clone()
            },
            "`is_api_only` must be true",
        ),
        (
            AddServiceUserRequest {
                container_id_assignments: Some(vec![0]),
                ..valid.clone()
            },
            "`container_id_assignments[0]` must be a positive ID",
        ),
    ];
    for (request, says) in cases {
        let err = client.add_service_user(&request).unwrap_err();
        assert_eq!(err.status(), Status::Validation, "{says}");
        assert!(err.to_string().contains(says), "{err}");
    }
    for (user_id, request, says) in [
        (
            0,
            CreateApiKeyRequest::new("k"),
            "`user_id` must be a positive ID (got 0)",
        ),
        (
            -0,
            CreateApiKeyRequest::new("k"),
            "`user_id` must be a positive ID (got 0)",
        ),
        (
            -5,
            CreateApiKeyRequest::new("k"),
            "`user_id` must be a positive ID (got -5)",
        ),
        (7, CreateApiKeyRequest::new(""), "`name` is required"),
        (
            7,
            CreateApiKeyRequest {
                restricted_to_role_id: Some(1),
                ..CreateApiKeyRequest::new("k")
            },
            "`restricted_to_role_id` must be one of",
        ),
    ] {
        let err = client.create_api_key(user_id, &request).unwrap_err();
        assert_eq!(err.status(), Status::Validation, "{says}");
        assert!(err.to_string().contains(says), "{err}");
    }
    assert_eq!(api_requests(&emulator), 0);
}

#[test]
fn the_emulator_applies_the_same_rules_to_raw_requests() {
    let emulator = emulator();
    let client = client(&emulator);
    let body = r#"{"is_api_only": true, "email": "robot@example.com", "api_name": "k", "restricted_to_role_id": 5}"#;
    let err = client
        .request_raw_json("POST", "user", Some(body))
        .unwrap_err();
    assert_eq!(err.status(), Status::BadRequest);
    assert_eq!(
        err.api_errors()[0].code,
        "invalid_value|restricted_to_role_id"
    );
    let err = client
        .request_raw_json("POST", "key/user/100000", Some(r#"{"name": ""}"#))
        .unwrap_err();
    assert_eq!(err.api_errors()[0].code, "missing_field|name");
}
