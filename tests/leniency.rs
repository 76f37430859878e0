//! The leniency rules (README, "Decoding"), as properties: every documented response with its
//! scalars rewritten in the accepted forms decodes to the same values, and no decode error ever
//! repeats a value from the body.

mod common;

use certcentral::models::*;
use common::fixture_text;
use proptest::prelude::*;
use serde::Serialize;
use serde_json::Value;

/// How to write one scalar: 0 as is, 1 as text, 2 as the other accepted form.
fn rewrite(value: &Value, choices: &mut impl Iterator<Item = u8>) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), rewrite(v, choices)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| rewrite(v, choices)).collect()),
        Value::Number(n) if n.is_i64() => match choices.next().unwrap_or(0) % 3 {
            0 => value.clone(),
            1 => Value::String(n.to_string()),
            _ => serde_json::json!(n.as_i64().unwrap() as f64),
        },
        Value::Bool(b) => match choices.next().unwrap_or(0) % 3 {
            0 => value.clone(),
            1 => Value::String(b.to_string()),
            _ => Value::String(if *b { "1" } else { "0" }.to_owned()),
        },
        other => other.clone(),
    }
}

/// The typed values of `body` decoded as `T` (its `raw` left out).
fn typed<T: Response + Serialize>(body: &str) -> Value {
    let decoded: T = decode(body.as_bytes()).unwrap_or_else(|e| panic!("{e}: {body}"));
    serde_json::to_value(&decoded).unwrap()
}

fn same_values<T: Response + Serialize>(fixture: &str, choices: &[u8]) {
    let text = fixture_text(fixture);
    let original: Value = serde_json::from_str(&text).unwrap();
    let rewritten = rewrite(&original, &mut choices.iter().copied().cycle()).to_string();
    assert_eq!(
        typed::<T>(&rewritten),
        typed::<T>(&text),
        "{fixture} rewritten as {rewritten}"
    );
}

proptest! {
    #[test]
    fn rewritten_scalars_decode_to_the_same_values(choices in prop::collection::vec(any::<u8>(), 1..64)) {
        same_values::<InvitePage>("list-invites.response.json", &choices);
        same_values::<Subaccount>("create-subaccount.response.json", &choices);
        same_values::<Subaccount>("create-subaccount-managed.response.json", &choices);
        same_values::<CreatedUser>("add-user.response.json", &choices);
        same_values::<CreatedOrganization>("create-organization.response.json", &choices);
        same_values::<ServiceUser>("add-service-user.response.json", &choices);
        same_values::<ApiKey>("create-key.response.json", &choices);
        same_values::<UserPage>("list-users.response.json", &choices);
        same_values::<User>("user-info.response.json", &choices);
        same_values::<OrganizationPage>("list-organizations.response.json", &choices);
        same_values::<Organization>("organization-info.response.json", &choices);
        same_values::<SubaccountPage>("list-subaccounts.response.json", &choices);
        same_values::<SubaccountDetails>("subaccount-info.response.json", &choices);
        same_values::<Page<Container>>("list-containers.response.json", &choices);
        same_values::<Page<Role>>("list-container-roles.response.json", &choices);
        // The recordings of the real server (tests/fixtures/recorded/).
        same_values::<UserPage>("recorded/users.list.json", &choices);
        same_values::<UserPage>("recorded/users.login-dates.json", &choices);
        same_values::<Page<Container>>("recorded/containers.active-as-text.json", &choices);
        same_values::<UserPage>("recorded/empty-list.2020.json", &choices);
        same_values::<InvitePage>("recorded/empty-list.2023.json", &choices);
        same_values::<OrganizationPage>("recorded/empty-list.2020.json", &choices);
        same_values::<SubaccountPage>("recorded/empty-list.2023.json", &choices);
    }

    /// A secret placed anywhere in a body, as any kind of value, never shows in the failure.
    #[test]
    fn decode_failures_never_repeat_a_value(
        field in prop_oneof![Just("id"), Just("subaccount_invites"), Just("page"), Just("organization"),
                             Just("user"), Just("api_key"), Just("container"), Just("status")],
        wrap in 0u8..6,
        nested in any::<bool>(),
    ) {
        let secret = "SECRET-ONE-TIME-KEY-0123456789";
        let value = match wrap {
            0 => serde_json::json!(secret),
            1 => serde_json::json!([secret]),
            2 => serde_json::json!({"id": secret}),
            3 => serde_json::json!([{"id": secret}]),
            4 => serde_json::json!({"api_key": secret, "id": [secret]}),
            _ => serde_json::json!(format!("{secret}\u{0}")),
        };
        let body = if nested {
            serde_json::json!({"id": 1, "organization": {field: value.clone()}, "subaccount_invites": [{field: value}]})
        } else {
            serde_json::json!({field: value})
        }
        .to_string();
        for failure in [
            decode::<InvitePage>(body.as_bytes()).err(),
            decode::<Subaccount>(body.as_bytes()).err(),
            decode::<CreatedUser>(body.as_bytes()).err(),
            decode::<ServiceUser>(body.as_bytes()).err(),
            decode::<ApiKey>(body.as_bytes()).err(),
            decode::<UserPage>(body.as_bytes()).err(),
            decode::<Organization>(body.as_bytes()).err(),
            decode::<SubaccountDetails>(body.as_bytes()).err(),
        ].into_iter().flatten() {
            prop_assert!(!failure.to_string().contains("SECRET"), "{failure}");
        }
    }
}

#[test]
fn a_key_sent_as_a_number_is_kept_as_its_digits() {
    let sub: Subaccount = decode(br#"{"id": 3, "api_key": 123456789012345}"#).unwrap();
    assert_eq!(sub.api_key.unwrap().expose(), "123456789012345");
}

#[test]
fn a_key_of_an_unexpected_type_is_kept_as_its_json() {
    for (value, kept) in [
        (
            r#"{"value": "K1", "n": 2}"#,
            Some(r#"{"value": "K1", "n": 2}"#),
        ),
        (r#"["K1"]"#, Some(r#"["K1"]"#)),
        ("true", Some("true")),
        ("null", None),
    ] {
        let body = format!(r#"{{"id": 3, "api_key": {value}}}"#);
        let sub: Subaccount = decode(body.as_bytes()).unwrap();
        assert_eq!(sub.api_key.as_ref().map(|k| k.expose()), kept, "{value}");
        let service: ServiceUser = decode(body.as_bytes()).unwrap();
        assert_eq!(
            service.api_key.as_ref().map(|k| k.expose()),
            kept,
            "{value}"
        );
    }
}

#[test]
fn a_nested_object_that_cannot_be_read_is_none_and_stays_in_raw() {
    let sub: Subaccount =
        decode(br#"{"id": 3, "user": "ONE-TIME-KEY-ABC", "organization": {"id": "x"}}"#).unwrap();
    assert!(sub.user.is_none() && sub.organization.is_none());
    assert_eq!(sub.raw.to_value()["user"], "ONE-TIME-KEY-ABC");
}

#[test]
fn an_array_is_never_read_as_a_record() {
    let sub: Subaccount = decode(br#"{"id": 3, "organization": [7, "Org"]}"#).unwrap();
    assert!(sub.organization.is_none());
    let err = decode::<InvitePage>(br#"{"subaccount_invites": [[1, "a@b.co"]]}"#).unwrap_err();
    assert!(
        err.to_string().contains("expected an object, got an array"),
        "{err}"
    );
}
