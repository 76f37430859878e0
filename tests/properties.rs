//! Properties: decoding anything keeps the decoding properties (and never panics), and
//! serialization round-trips. (Validation is checked against the documented limits in
//! `documented_limits.rs`; the fuzz entry points in `fuzz_entry_points.rs`.)
#![cfg(feature = "emulator")]

use certcentral::models::*;
use proptest::prelude::*;

/// Whether any value in the tree is JSON `null` (text that merely contains "null" is not).
fn has_null(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Null => true,
        serde_json::Value::Array(items) => items.iter().any(has_null),
        serde_json::Value::Object(map) => map.values().any(has_null),
        _ => false,
    }
}

/// The fuzz target's entry point asserts what decoding must do (see `certcentral::fuzzing`).
fn decode_everything(bytes: &[u8]) {
    let decoded = certcentral::fuzzing::decode_response(bytes);
    assert_eq!(decoded.error.body().is_some(), !bytes.is_empty());
}

/// JSON values of any shape, biased towards the response field names.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let key = prop_oneof![
        Just("id".to_owned()),
        Just("subaccount_invites".to_owned()),
        Just("page".to_owned()),
        Just("total".to_owned()),
        Just("organization".to_owned()),
        Just("container".to_owned()),
        Just("user".to_owned()),
        Just("api_key".to_owned()),
        Just("email".to_owned()),
        "[a-z_]{1,8}",
    ];
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        ".{0,12}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::from),
            prop::collection::btree_map(key.clone(), inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Text that exercises every rule: ordinary, empty, blank, long, odd characters.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z0-9 .@_+-]{1,20}",
        1 => Just(String::new()),
        1 => Just("   ".to_owned()),
        1 => "[a-z]{60,70}",
        1 => "[a-z]{125,132}",
        1 => ".{0,10}",
    ]
}

fn email() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z]{1,10}@[a-z]{1,8}\\.(com|org|test)",
        1 => text(),
        1 => "[a-z]{250,256}@x\\.io",
    ]
}

fn optional(strategy: impl Strategy<Value = String>) -> impl Strategy<Value = Option<String>> {
    prop::option::of(strategy)
}

fn add_user_request() -> impl Strategy<Value = AddUserRequest> {
    (
        text(),
        (text(), text()),
        email(),
        (optional(text()), optional(text())),
        prop::collection::vec(-1i64..7, 0..3),
        prop::option::of(any::<bool>()),
    )
        .prop_map(
            |(username, (first_name, last_name), email, (job_title, telephone), roles, saml)| {
                AddUserRequest {
                    username,
                    first_name,
                    last_name,
                    email,
                    job_title,
                    telephone,
                    container: None,
                    access_roles: roles.into_iter().map(RoleRef::new).collect(),
                    container_id_assignments: None,
                    is_saml_sso_only: saml,
                }
            },
        )
}

fn subaccount_request() -> impl Strategy<Value = CreateSubaccountRequest> {
    (
        prop_oneof![
            Just("retail".to_owned()),
            Just("managed".to_owned()),
            text()
        ],
        (text(), text(), email(), optional(text())),
        (text(), text(), text(), optional(text())),
        optional(text()),
        prop::option::of(-2i64..3),
    )
        .prop_map(
            |(
                account_type,
                (first, last, email, username),
                (name, city, zip, telephone),
                child_name,
                manager,
            )| {
                CreateSubaccountRequest {
                    account_type,
                    allowed_grandchildren: vec!["retail".into()],
                    account_manager_user_id: manager,
                    bill_parent: None,
                    child_name,
                    user: SubaccountUserRequest {
                        first_name: first,
                        last_name: last,
                        email,
                        username,
                        job_title: None,
                        telephone: None,
                    },
                    organization: SubaccountOrganizationRequest {
                        name,
                        address: "1 Main Street".into(),
                        zip,
                        city,
                        state: "ut".into(),
                        country: "us".into(),
                        telephone,
                        ..Default::default()
                    },
                }
            },
        )
}

fn list_query() -> impl Strategy<Value = ListInvitesQuery> {
    (
        (
            optional(".{0,12}"),
            optional(".{0,12}"),
            optional(".{0,12}"),
        ),
        (
            optional(".{0,12}"),
            optional(".{0,12}"),
            optional(".{0,12}"),
            optional(".{0,12}"),
        ),
        (
            prop::option::of(any::<u32>()),
            prop::option::of(any::<u32>()),
        ),
    )
        .prop_map(
            |((email, kind, status), (created, sent, search, sort), (offset, limit))| {
                ListInvitesQuery {
                    email,
                    subaccount_type: kind,
                    status,
                    date_created: created,
                    last_sent_date: sent,
                    search,
                    sort,
                    offset,
                    limit,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decoding_arbitrary_bytes_keeps_its_properties(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        decode_everything(&bytes);
    }

    #[test]
    fn decoding_arbitrary_json_keeps_its_properties(value in json_value()) {
        let text = value.to_string();
        decode_everything(text.as_bytes());
        // Any cut-off version of it too, as a broken connection would deliver.
        for cut in [text.len() / 3, text.len() / 2, text.len().saturating_sub(1)] {
            decode_everything(&text.as_bytes()[..cut]);
        }
    }

    #[test]
    fn requests_round_trip_through_json(user in add_user_request(), sub in subaccount_request()) {
        let text = serde_json::to_string(&user).unwrap();
        prop_assert_eq!(serde_json::from_str::<AddUserRequest>(&text).unwrap(), user);
        prop_assert!(!has_null(&serde_json::from_str(&text).unwrap()), "unset optionals are omitted: {}", text);
        let text = serde_json::to_string(&sub).unwrap();
        prop_assert_eq!(serde_json::from_str::<CreateSubaccountRequest>(&text).unwrap(), sub);
    }

    #[test]
    fn queries_round_trip_through_the_query_string(query in list_query()) {
        let encoded = query.to_query_string();
        prop_assert!(!encoded.contains(' ') && !encoded.contains('+'));
        prop_assert_eq!(ListInvitesQuery::from_query_string(&encoded).unwrap(), query);
    }
}
