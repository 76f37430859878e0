//! The fault table: each injected fault, the retries it causes, the final result, and proof
//! that nothing was created twice.
#![cfg(feature = "emulator")]

mod common;

use std::time::{Duration, Instant};

use certcentral::emulator::{Emulator, Fault};
use certcentral::models::*;
use certcentral::{Client, RateLimit, Status, Window};
use common::{emulator, fast_retries, fixture};

fn fault(json: serde_json::Value) -> Fault {
    serde_json::from_value(json).unwrap()
}

fn inject(emulator: &Emulator, json: serde_json::Value) {
    emulator.add_fault(fault(json)).unwrap();
}

/// A generous timeout: the suite runs many emulators at once on a busy machine.
fn client_with(emulator: &Emulator, retries: u32) -> Client {
    emulator
        .client_builder()
        .retry_policy(fast_retries(retries))
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

fn requests(emulator: &Emulator, route: &str) -> u64 {
    emulator.stats().requests.get(route).copied().unwrap_or(0)
}

const LIST: &str = "GET account/subaccount/invite";
const CREATE: &str = "POST account";

fn managed() -> CreateSubaccountRequest {
    let mut request: CreateSubaccountRequest = fixture("create-subaccount.request.json");
    request.account_type = "managed".into();
    request
}

#[test]
fn get_is_retried_through_server_errors() {
    let emulator = emulator();
    inject(
        &emulator,
        serde_json::json!({"route": LIST, "kind": "respond", "status": 503, "times": 2}),
    );
    let page = client_with(&emulator, 2)
        .list_invites(&Default::default())
        .unwrap();
    assert!(page.is_empty());
    assert_eq!(requests(&emulator, LIST), 3);
}

#[test]
fn get_gives_up_after_max_retries_with_the_last_error() {
    let emulator = emulator();
    inject(
        &emulator,
        serde_json::json!({"route": LIST, "kind": "respond", "status": 500, "body": "<html>oops</html>", "content_type": "text/html"}),
    );
    let err = client_with(&emulator, 3)
        .list_invites(&Default::default())
        .unwrap_err();
    assert_eq!(err.status(), Status::Server);
    assert_eq!(err.http_status(), Some(500));
    assert!(
        err.api_errors().is_empty(),
        "an HTML body has no API errors"
    );
    assert_eq!(err.body(), Some("<html>oops</html>"));
    assert!(
        err.to_string().contains("gave up after 4 attempts"),
        "{err}"
    );
    assert_eq!(requests(&emulator, LIST), 4);

    let none = client_with(&emulator, 0)
        .list_invites(&Default::default())
        .unwrap_err();
    assert_eq!(none.status(), Status::Server);
    assert_eq!(requests(&emulator, LIST), 5, "max_retries 0 sends once");
}

#[test]
fn post_is_not_retried_after_a_server_error() {
    let emulator = emulator();
    inject(
        &emulator,
        serde_json::json!({"route": CREATE, "kind": "respond", "status": 503, "times": 1}),
    );
    let err = client_with(&emulator, 3)
        .create_subaccount(&managed())
        .unwrap_err();
    assert_eq!(err.status(), Status::Server);
    assert_eq!(err.api_errors()[0].code, "service_unavailable");
    assert_eq!(requests(&emulator, CREATE), 1);
    assert_eq!(emulator.stats().subaccounts_created, 0);
}

#[test]
fn post_is_retried_after_429_and_created_once() {
    let emulator = emulator();
    inject(
        &emulator,
        serde_json::json!({"route": CREATE, "kind": "respond", "status": 429, "retry_after": "0", "times": 2}),
    );
    let sub = client_with(&emulator, 2)
        .create_subaccount(&managed())
        .unwrap();
    assert!(sub.api_key.is_some());
    assert_eq!(requests(&emulator, CREATE), 3);
    assert_eq!(emulator.stats().subaccounts_created, 1);
}

#[test]
fn persistent_429_ends_rate_limited_and_reports_retry_after() {
    let emulator = emulator();
    inject(
        &emulator,
        serde_json::json!({"route": LIST, "kind": "respond", "status": 429, "retry_after": "0"}),
    );
    let err = client_with(&emulator, 2)
        .list_invites(&Default::default())
        .unwrap_err();
    assert_eq!(err.status(), Status::RateLimited);
    assert_eq!(err.api_errors()[0].code, "request_limit_exceeded");
    assert_eq!(err.retry_after(), Some(Duration::ZERO));
    assert_eq!(requests(&emulator, LIST), 3);
}

#[test]
fn retry_after_is_honoured_as_seconds_and_as_a_date_up_to_the_cap() {
    let emulator = emulator();
    inject(
        &emulator,
        serde_json::json!({"route": LIST, "kind": "respond", "status": 429, "retry_after": "1", "times": 1}),
    );
    let client = client_with(&emulator, 1);
    let started = Instant::now();
    client.list_invites(&Default::default()).unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited {:?}",
        started.elapsed()
    );

    let soon = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(1));
    inject(
        &emulator,
        serde_json::json!({"route": LIST, "kind": "respond", "status": 503, "retry_after": soon, "times": 1}),
    );
    client.list_invites(&Default::default()).unwrap();
    assert_eq!(requests(&emulator, LIST), 4);

    // Beyond the cap (2 s in these tests) the client stops at once and says how long to wait.
    inject(
        &emulator,
        serde_json::json!({"route": LIST, "kind": "respond", "status": 429, "retry_after": "3600", "times": 1}),
    );
    let started = Instant::now();
    let err = client.list_invites(&Default::default()).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(err.status(), Status::RateLimited);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(requests(&emulator, LIST), 5);
}

#[test]
fn a_connection_reset_before_the_request_is_read_is_not_retried_for_post() {
    let emulator = emulator();
    inject(
        &emulator,
        serde_json::json!({"route": CREATE, "kind": "reset_before", "times": 1}),
    );
    let err = client_with(&emulator, 3)
        .create_subaccount(&managed())
        .unwrap_err();
    assert_eq!(err.status(), Status::Transport);
    assert_eq!(requests(&emulator, CREATE), 1);
    assert_eq!(emulator.stats().subaccounts_created, 0);
}

#[test]
fn a_connection_reset_after_the_request_took_effect_is_not_repeated() {
    let emulator = emulator();
    inject(
        &emulator,
        serde_json::json!({"route": CREATE, "kind": "reset_after", "times": 1}),
    );
    let err = client_with(&emulator, 3)
        .create_subaccount(&managed())
        .unwrap_err();
    assert_eq!(err.status(), Status::Transport);
    assert_eq!(requests(&emulator, CREATE), 1);
    assert_eq!(
        emulator.stats().subaccounts_created,
        1,
        "created once, never twice"
    );
}

#[test]
fn get_is_retried_after_connection_resets() {
    let emulator = emulator();
    inject(
        &emulator,
        serde_json::json!({"route": LIST, "kind": "reset_before", "times": 1}),
    );
    inject(
        &emulator,
        serde_json::json!({"route": LIST, "kind": "reset_after", "times": 1}),
    );
    client_with(&emulator, 2)
        .list_invites(&Default::default())
        .unwrap();
    assert_eq!(requests(&emulator, LIST), 3);
}

#[test]
fn a_delay_beyond_the_timeout_is_a_timeout_retried_only_for_get() {
    let emulator = emulator();
    let slow = serde_json::json!({"route": LIST, "kind": "delay", "ms": 1500, "times": 1});
    inject(&emulator, slow);
    let client = emulator
        .client_builder()
        .retry_policy(fast_retries(1))
        .timeout(Duration::from_millis(600))
        .build()
        .unwrap();
    client.list_invites(&Default::default()).unwrap();
    assert_eq!(requests(&emulator, LIST), 2);

    let slow = serde_json::json!({"route": CREATE, "kind": "delay", "ms": 1500, "times": 1});
    inject(&emulator, slow);
    let err = client.create_subaccount(&managed()).unwrap_err();
    assert_eq!(err.status(), Status::Timeout);
    assert_eq!(requests(&emulator, CREATE), 1);
    assert_eq!(emulator.stats().subaccounts_created, 1);
}

#[test]
fn malformed_json_is_a_decode_error_with_the_body_and_is_not_retried() {
    let emulator = emulator();
    emulator.seed_invites(3).unwrap();
    inject(
        &emulator,
        serde_json::json!({"route": LIST, "kind": "malformed", "times": 1}),
    );
    let err = client_with(&emulator, 2)
        .list_invites(&Default::default())
        .unwrap_err();
    assert_eq!(err.status(), Status::Decode);
    assert_eq!(err.http_status(), Some(200));
    let body = err.body().unwrap();
    assert!(
        body.starts_with('{') && body.contains("invitee0@example.com"),
        "{body}"
    );
    assert!(serde_json::from_str::<serde_json::Value>(body).is_err());
    assert_eq!(requests(&emulator, LIST), 1);
}

#[test]
fn a_managed_key_survives_a_malformed_or_cut_off_answer() {
    let emulator = emulator();
    let client = client_with(&emulator, 3);
    // The connection dies one byte before the end: the key arrived, the JSON did not finish.
    for kind in ["malformed", "truncated"] {
        inject(
            &emulator,
            serde_json::json!({"route": CREATE, "kind": kind, "keep": -1, "times": 1}),
        );
        let mut request = managed();
        request.user.username = Some(format!("{kind}-user"));
        let err = client.create_subaccount(&request).unwrap_err();
        let key = err
            .one_time_key()
            .unwrap_or_else(|| panic!("{kind}: key lost: {err}"));
        assert_eq!(key.len(), 64, "{kind}");
        assert!(
            !err.to_string().contains(&key),
            "{kind}: the key must not be in the message"
        );
        assert!(!format!("{err:?}").contains(&key), "{kind}: nor in Debug");
        emulator.clear_faults();
    }
    assert_eq!(emulator.stats().subaccounts_created, 2);
    assert_eq!(requests(&emulator, CREATE), 2, "neither was retried");
}

#[test]
fn a_wrong_type_in_a_subaccount_answer_keeps_the_key_in_the_error() {
    let emulator = emulator();
    inject(
        &emulator,
        serde_json::json!({"route": CREATE, "kind": "corrupt_field", "field": "id", "value": "not-a-number", "times": 1}),
    );
    let err = client_with(&emulator, 2)
        .create_subaccount(&managed())
        .unwrap_err();
    assert_eq!(err.status(), Status::Decode);
    assert_eq!(err.http_status(), Some(201));
    assert_eq!(err.one_time_key().unwrap().len(), 64);
    assert_eq!(emulator.stats().subaccounts_created, 1);
}

#[test]
fn a_truncated_get_is_retried() {
    let emulator = emulator();
    emulator.seed_invites(50).unwrap();
    inject(
        &emulator,
        serde_json::json!({"route": LIST, "kind": "truncated", "times": 1}),
    );
    let page = client_with(&emulator, 1)
        .list_invites(&Default::default())
        .unwrap();
    assert_eq!(page.len(), 50);
    assert_eq!(requests(&emulator, LIST), 2);
}

#[test]
fn a_2xx_that_is_not_json_is_a_decode_error() {
    let emulator = emulator();
    inject(
        &emulator,
        serde_json::json!({"route": LIST, "kind": "respond", "status": 200, "body": "<html>maintenance</html>", "content_type": "text/html"}),
    );
    let err = client_with(&emulator, 2)
        .list_invites(&Default::default())
        .unwrap_err();
    assert_eq!(err.status(), Status::Decode);
    assert_eq!(err.body(), Some("<html>maintenance</html>"));
}

#[test]
fn an_oversized_body_is_refused_with_a_clear_error() {
    let emulator = emulator();
    emulator.seed_invites(200).unwrap();
    let client = emulator
        .client_builder()
        .max_response_bytes(4096)
        .build()
        .unwrap();
    let err = client.list_invites(&Default::default()).unwrap_err();
    assert_eq!(err.status(), Status::Decode);
    assert!(
        err.to_string().contains("larger than the 4096-byte limit"),
        "{err}"
    );
}

#[test]
fn a_server_that_ignores_offset_does_not_loop_the_iterator_forever() {
    let emulator = emulator();
    let page = r#"{"subaccount_invites":[{"id":1},{"id":2}]}"#;
    inject(
        &emulator,
        serde_json::json!({"route": LIST, "kind": "respond", "status": 200, "body": page}),
    );
    let client = client_with(&emulator, 0);
    let query = ListInvitesQuery {
        limit: Some(2),
        ..Default::default()
    };
    let outcomes: Vec<_> = client.invites(query).unwrap().collect();
    assert_eq!(
        outcomes.len(),
        3,
        "two invites, then the error, then the end"
    );
    assert_eq!(outcomes[0].as_ref().unwrap().id, 1);
    assert_eq!(outcomes[1].as_ref().unwrap().id, 2);
    let err = outcomes[2].as_ref().unwrap_err();
    assert_eq!(err.status(), Status::Decode);
    assert!(
        err.to_string().contains("ignored offset 2") && err.to_string().contains("stopped after 2"),
        "{err}"
    );
    assert_eq!(requests(&emulator, LIST), 2);
}

#[test]
fn a_list_answer_without_its_array_is_a_decode_error_not_an_empty_list() {
    let emulator = emulator();
    let body = r#"{"subaccount_invite":[{"id":1}],"page":{"total":5000}}"#;
    inject(
        &emulator,
        serde_json::json!({"route": LIST, "kind": "respond", "status": 200, "body": body}),
    );
    let err = client_with(&emulator, 0)
        .invites(ListInvitesQuery::default())
        .unwrap()
        .next()
        .unwrap()
        .unwrap_err();
    assert_eq!(err.status(), Status::Decode);
    assert!(
        err.to_string()
            .contains("missing field `subaccount_invites`"),
        "{err}"
    );
    assert_eq!(err.body(), Some(body));
}

#[test]
fn a_limiter_wait_beyond_its_bound_fails_without_sending() {
    let emulator = emulator();
    let window = Window {
        max_requests: 1,
        period: Duration::from_secs(60),
    };
    let client = emulator
        .client_builder()
        .rate_limit(
            RateLimit::new([window])
                .unwrap()
                .max_wait(Duration::from_millis(50)),
        )
        .build()
        .unwrap();
    client.list_invites(&Default::default()).unwrap();
    let err = client.list_invites(&Default::default()).unwrap_err();
    assert_eq!(err.status(), Status::RateLimited);
    assert_eq!(err.http_status(), None);
    assert!(err.retry_after().unwrap() > Duration::from_secs(59));
    assert!(err.to_string().contains("would have to wait"), "{err}");
    assert_eq!(requests(&emulator, LIST), 1);
}

#[test]
fn every_nth_faults_hit_the_stated_share() {
    let emulator = emulator();
    inject(
        &emulator,
        serde_json::json!({"route": "*", "kind": "respond", "status": 503, "every": 4}),
    );
    let client = client_with(&emulator, 0);
    let failures = (0..40)
        .filter(|_| client.list_invites(&Default::default()).is_err())
        .count();
    assert_eq!(failures, 10);
    assert_eq!(emulator.stats().faults_injected, 10);
}
