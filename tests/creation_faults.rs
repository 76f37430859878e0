//! Every creation under every fault the emulator can inject: what was created (by the
//! emulator's stats), what the caller was told, and whether a one-time key reached the caller.
//! The table this test checks is the one in the README ("What a creation survives"); when it
//! changes, the test prints the new table to paste there.
#![cfg(feature = "emulator")]

mod common;

use std::time::Duration;

use certcentral::emulator::{Emulator, Fault};
use certcentral::models::*;
use certcentral::{Client, Error, Secret};
use common::{emulator, fast_retries, fixture};

/// The creations, in the table's column order.
const CREATIONS: [&str; 7] = [
    "invite",
    "subaccount (managed)",
    "user",
    "service user",
    "API key",
    "organization",
    "organization, skip_duplicate_org_check",
];

/// A call's timeout, and a delay that outlasts it.
const TIMEOUT: Duration = Duration::from_millis(1000);
const DELAY_MS: u64 = 2500;

/// The faults, in the table's row order: a name for the table and the fault (without route).
fn faults() -> Vec<(&'static str, serde_json::Value)> {
    use serde_json::json;
    vec![
        ("503", json!({"kind": "respond", "status": 503})),
        (
            "429, then nothing",
            json!({"kind": "respond", "status": 429, "retry_after": "0"}),
        ),
        (
            "answer after the timeout",
            json!({"kind": "delay", "ms": DELAY_MS}),
        ),
        (
            "malformed JSON (last byte cut)",
            json!({"kind": "malformed", "keep": -1}),
        ),
        (
            "connection closed mid-body",
            json!({"kind": "truncated", "keep": -1}),
        ),
        (
            "`id` of the wrong type",
            json!({"kind": "corrupt_field", "field": "id", "value": "a string"}),
        ),
        (
            "reset before the request is read",
            json!({"kind": "reset_before"}),
        ),
        ("reset after it took effect", json!({"kind": "reset_after"})),
    ]
}

/// What the caller got: the result, or the error's status name.
fn told(outcome: &Result<Option<String>, Error>) -> String {
    match outcome {
        Ok(_) => "ok".to_owned(),
        Err(e) => e.kind().to_owned(),
    }
}

/// Runs one creation against `emulator` with the fault installed on its route. Returns the
/// outcome (with the one-time key, for creations that have one) and how many were created.
fn create(
    emulator: &Emulator,
    creation: &str,
    fault: &serde_json::Value,
) -> (Result<Option<String>, Error>, u64) {
    let client: Client = emulator
        .client_builder()
        .retry_policy(fast_retries(2))
        .timeout(TIMEOUT)
        .build()
        .unwrap();
    // An API key needs a user to belong to, made before the fault is installed.
    let owner = (creation == "API key").then(|| {
        client
            .add_service_user(&AddServiceUserRequest::new("owner@example.com", "first"))
            .unwrap()
            .id
    });
    let route = match creation {
        "invite" => "POST account/subaccount/invite",
        "subaccount (managed)" => "POST account",
        "user" | "service user" => "POST user",
        "API key" => "POST key/user/{user_id}",
        _ => "POST organization",
    };
    let mut fault = fault.clone();
    fault["route"] = route.into();
    fault["times"] = 1.into();
    emulator
        .add_fault(serde_json::from_value::<Fault>(fault).unwrap())
        .unwrap();
    let key = |k: Option<Secret>| k.map(|k| k.expose().to_owned());
    let outcome = match creation {
        "invite" => client
            .send_invite(&SendInviteRequest::new(["x@example.com"], "retail"))
            .map(|()| None),
        "subaccount (managed)" => {
            let mut request: CreateSubaccountRequest = fixture("create-subaccount.request.json");
            request.account_type = "managed".into();
            client.create_subaccount(&request).map(|s| key(s.api_key))
        }
        "user" => client
            .add_user(&fixture("add-user.request.json"))
            .map(|_| None),
        "service user" => client
            .add_service_user(&AddServiceUserRequest::new("robot@example.com", "k"))
            .map(|u| key(u.api_key)),
        "API key" => client
            .create_api_key(owner.unwrap(), &CreateApiKeyRequest::new("second"))
            .map(|k| key(k.api_key)),
        _ => {
            let mut request: CreateOrganizationRequest =
                fixture("create-organization.request.json");
            if creation.ends_with("skip_duplicate_org_check") {
                request.skip_duplicate_org_check = Some(true);
            }
            client.create_organization(&request).map(|_| None)
        }
    };
    let stats = emulator.stats();
    let created = match creation {
        "invite" => stats.invites_created,
        "subaccount (managed)" => stats.subaccounts_created,
        "user" => stats.users_created,
        "service user" => stats.service_users_created,
        "API key" => stats.api_keys_created,
        _ => stats.organizations_created,
    };
    (outcome, created)
}

/// One cell: what the caller was told, how many were created, and for a creation with a
/// one-time key whether the caller has it (in the result or in the error).
fn cell(creation: &str, outcome: &Result<Option<String>, Error>, created: u64) -> String {
    let has_key = !matches!(creation, "invite" | "user") && !creation.starts_with("organization");
    let key = match outcome {
        _ if !has_key => "",
        Ok(Some(_)) => ", key",
        Err(e) if e.one_time_key().is_some() => ", key in error",
        _ if created == 0 => "",
        _ => ", **key lost**",
    };
    format!("{}, {created} created{key}", told(outcome))
}

#[test]
fn every_creation_under_every_fault() {
    let mut rows = Vec::new();
    for (name, fault) in faults() {
        let mut cells = Vec::new();
        for creation in CREATIONS {
            let emulator = emulator();
            let (outcome, created) = create(&emulator, creation, &fault);
            // Never twice, whatever happened.
            assert!(
                created <= 1,
                "{creation} under {name}: created {created} times"
            );
            // Told success means it exists; a key the server sent is the key the caller got.
            if outcome.is_ok() {
                assert_eq!(created, 1, "{creation} under {name}: ok but not created");
            }
            if let (Err(e), false) = (&outcome, created == 0) {
                if let Some(recovered) = e.one_time_key() {
                    assert!(
                        !e.to_string().contains(&recovered),
                        "the key is in the message"
                    );
                    assert!(
                        !format!("{e:?}").contains(&recovered),
                        "the key is in Debug"
                    );
                }
            }
            cells.push(cell(creation, &outcome, created));
        }
        rows.push((name, cells));
    }
    let table = render(&rows);
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(&table),
        "the README's creation-fault table is out of date; the table is now:\n\n{table}"
    );
}

fn render(rows: &[(&str, Vec<String>)]) -> String {
    let mut table = format!("| fault (once) | {} |\n", CREATIONS.join(" | "));
    table.push_str(&format!("|---|{}\n", "---|".repeat(CREATIONS.len())));
    for (name, cells) in rows {
        table.push_str(&format!("| {name} | {} |\n", cells.join(" | ")));
    }
    table
}
