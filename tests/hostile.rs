//! Hostile servers and careless callers: messages that could repeat secrets or grow without
//! bound, bodies no parser could represent, Retry-After beyond any cap, request lines a server
//! would refuse, and bodies sent without a length.
#![cfg(feature = "emulator")]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use certcentral::emulator::{Emulator, Fault};
use certcentral::models::*;
use certcentral::{Client, Status};
use common::{emulator, fast_retries, fixture};

fn respond(emulator: &Emulator, route: &str, status: u16, body: &str) {
    let fault: Fault = serde_json::from_value(serde_json::json!(
        {"route": route, "kind": "respond", "status": status, "body": body, "times": 1}
    ))
    .unwrap();
    emulator.add_fault(fault).unwrap();
}

fn client(emulator: &Emulator) -> Client {
    emulator
        .client_builder()
        .retry_policy(fast_retries(0))
        .build()
        .unwrap()
}

fn managed() -> CreateSubaccountRequest {
    let mut request: CreateSubaccountRequest = fixture("create-subaccount.request.json");
    request.account_type = "managed".into();
    request
}

#[test]
fn a_key_sent_as_a_number_is_still_the_key_and_never_in_the_message() {
    let emulator = emulator();
    respond(
        &emulator,
        "POST account",
        201,
        r#"{"id": 3, "api_key": 123456789012345}"#,
    );
    let sub = client(&emulator).create_subaccount(&managed()).unwrap();
    assert_eq!(sub.api_key.unwrap().expose(), "123456789012345");

    respond(
        &emulator,
        "POST account",
        201,
        r#"{"id": "x", "api_key": 123456789012345}"#,
    );
    let err = client(&emulator).create_subaccount(&managed()).unwrap_err();
    assert_eq!(err.status(), Status::Decode);
    assert_eq!(err.one_time_key().as_deref(), Some("123456789012345"));
    let message = err.to_string();
    assert!(!message.contains("123456789012345"), "{message}");
    assert!(
        message.contains("`id`: expected an integer, got a string"),
        "{message}"
    );
    assert!(message.contains("carried out the request"), "{message}");
}

#[test]
fn a_one_time_key_in_an_unexpected_place_is_never_in_a_message() {
    let emulator = emulator();
    respond(
        &emulator,
        "POST account",
        201,
        r#"{"id": 3, "user": "ONE-TIME-KEY-ABC"}"#,
    );
    let sub = client(&emulator).create_subaccount(&managed()).unwrap();
    assert!(
        sub.user.is_none(),
        "a user that is not an object is left out"
    );
    assert!(
        sub.raw.as_str().contains("ONE-TIME-KEY-ABC"),
        "but kept in raw"
    );

    respond(
        &emulator,
        "POST user",
        201,
        r#"{"id": {"secret": "ONE-TIME-KEY-ABC"}}"#,
    );
    let request: AddUserRequest = fixture("add-user.request.json");
    let err = client(&emulator).add_user(&request).unwrap_err();
    assert!(!err.to_string().contains("ONE-TIME-KEY"), "{err}");
}

#[test]
fn messages_stay_short_whatever_the_server_sends() {
    let emulator = emulator();
    let huge = "9".repeat(5 * 1024 * 1024);
    respond(
        &emulator,
        "POST user",
        201,
        &format!(r#"{{"id": "{huge}"}}"#),
    );
    let request: AddUserRequest = fixture("add-user.request.json");
    let err = client(&emulator).add_user(&request).unwrap_err();
    assert_eq!(err.status(), Status::Decode);
    assert!(
        err.to_string().len() < 400,
        "{} bytes",
        err.to_string().len()
    );
    assert_eq!(
        err.body().map(str::len),
        Some(huge.len() + 10),
        "the body is kept whole"
    );

    let errors: Vec<serde_json::Value> = (0..50)
        .map(|i| serde_json::json!({"code": format!("e{i}"), "message": "m".repeat(100_000)}))
        .collect();
    let body = serde_json::json!({ "errors": errors }).to_string();
    respond(&emulator, "GET user/me", 400, &body);
    let err = client(&emulator).current_user().unwrap_err();
    let message = err.to_string();
    assert!(message.len() < 2_000, "{} bytes", message.len());
    assert!(message.contains("and 45 more"), "{message}");
    assert_eq!(err.api_errors().len(), 50, "the data keeps every entry");
}

#[test]
fn the_clients_own_key_is_redacted_from_what_the_server_echoes() {
    let emulator = emulator();
    let body = format!(
        r#"{{"errors":[{{"code":"access_denied|access_denied_invalid_key","message":"key {} is not valid"}}]}}"#,
        emulator.api_key()
    );
    respond(&emulator, "GET user/me", 401, &body);
    let err = client(&emulator).current_user().unwrap_err();
    assert_eq!(err.status(), Status::Authentication);
    assert!(!err.to_string().contains(emulator.api_key()), "{err}");
    assert!(err.to_string().contains("[redacted]"), "{err}");
    assert!(!err.api_errors()[0].message.contains(emulator.api_key()));
}

#[test]
fn request_json_refuses_what_its_parser_cannot_represent() {
    let emulator = emulator();
    let client = client(&emulator);
    let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    for body in [deep.as_str(), "1e400", r#"{"n": 1e400}"#] {
        respond(&emulator, "GET user/me", 200, body);
        let err = client.request_json("GET", "user/me", None).unwrap_err();
        assert_eq!(
            err.status(),
            Status::Decode,
            "{}",
            &body[..body.len().min(20)]
        );
        respond(&emulator, "GET user/me", 200, body);
        let err = client.request_raw_json("GET", "user/me", None).unwrap_err();
        assert_eq!(err.status(), Status::Decode);
    }
    emulator.clear_faults();
    assert_eq!(
        client.request_json("GET", "user/me", None).unwrap()["username"],
        "admin"
    );
}

#[test]
fn a_retry_after_beyond_the_cap_ends_the_call_at_once() {
    let emulator = emulator();
    for value in ["60", "99999999999999999999"] {
        emulator.clear_faults();
        let fault: Fault = serde_json::from_value(serde_json::json!(
            {"route": "GET user/me", "kind": "respond", "status": 503, "retry_after": value}
        ))
        .unwrap();
        emulator.add_fault(fault).unwrap();
        let before = emulator
            .stats()
            .requests
            .get("GET user/me")
            .copied()
            .unwrap_or(0);
        let client = emulator
            .client_builder()
            .max_retries(2)
            .max_retry_after(Duration::from_millis(200))
            .build()
            .unwrap();
        let err = client.current_user().unwrap_err();
        assert_eq!(err.status(), Status::Server, "{value}");
        assert!(
            err.retry_after().unwrap() >= Duration::from_secs(60),
            "{value}"
        );
        let after = emulator.stats().requests["GET user/me"];
        assert_eq!(after - before, 1, "{value}: not retried");
    }
}

#[test]
fn waits_beyond_a_day_are_refused_at_construction() {
    for builder in [
        Client::builder().timeout(Duration::from_secs(u64::MAX)),
        Client::builder().connect_timeout(Duration::from_secs(100_000)),
        Client::builder().backoff(Duration::from_secs(1), Duration::from_secs(1 << 40)),
        Client::builder().max_retry_after(Duration::MAX),
        Client::builder().max_rate_limit_wait(Duration::from_secs(86_401)),
    ] {
        let err = builder.api_key("k").build().unwrap_err();
        assert_eq!(err.status(), Status::InvalidArgument);
        assert!(err.to_string().contains("at most 86400 seconds"), "{err}");
    }
}

#[test]
fn an_oversized_query_value_is_named_not_blamed_on_the_path() {
    let emulator = emulator();
    let query = ListInvitesQuery {
        sort: Some("x".repeat(100_000)),
        ..Default::default()
    };
    let err = client(&emulator).list_invites(&query).unwrap_err();
    assert_eq!(err.status(), Status::Validation);
    assert!(
        err.to_string()
            .contains("`sort` must be at most 2048 characters"),
        "{err}"
    );
    assert!(emulator.stats().requests.is_empty());
}

#[test]
fn a_post_without_a_body_is_sent_with_content_length_zero() {
    // A bare socket, to see the request head exactly as it left the client.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}/services/v2/", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut head = Vec::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            head.push(line.to_ascii_lowercase());
        }
        (&stream)
            .write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n")
            .unwrap();
        head
    });
    let client = Client::builder()
        .api_key("k")
        .base_url(base_url)
        .max_retries(0)
        .build()
        .unwrap();
    client.request_raw_json("POST", "user/me", None).unwrap();
    let head = server.join().unwrap();
    assert!(
        head.iter().any(|h| h.trim_end() == "content-length: 0"),
        "{head:?}"
    );
    assert!(
        !head.iter().any(|h| h.starts_with("transfer-encoding")),
        "{head:?}"
    );
}

/// A server that refuses every request with 413: before reading the body when the client asked
/// first (`Expect: 100-continue`, so that nothing unread is left to turn the close into a reset),
/// after reading it otherwise. Returns its base URL and, from the thread, the head it saw.
fn refuses_before_reading_the_body() -> (String, std::thread::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}/services/v2/", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut head = Vec::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            head.push(line.trim_end().to_ascii_lowercase());
        }
        if !head.iter().any(|h| h == "expect: 100-continue") {
            let length = head
                .iter()
                .find_map(|h| h.strip_prefix("content-length: "))
                .map_or(0, |n| n.parse::<u64>().unwrap());
            std::io::copy(&mut (&mut reader).take(length), &mut std::io::sink()).unwrap();
        }
        let body = r#"{"errors":[{"code":"request_too_large","message":"Too large."}]}"#;
        let answer = format!(
            "HTTP/1.1 413 Payload Too Large\r\ncontent-type: application/json\r\n\
             content-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        (&stream).write_all(answer.as_bytes()).unwrap();
        head
    });
    (base_url, server)
}

fn no_retries(base_url: String) -> Client {
    Client::builder()
        .api_key("k")
        .base_url(base_url)
        .max_retries(0)
        .build()
        .unwrap()
}

#[test]
fn a_server_that_refuses_a_large_body_before_reading_it_is_heard() {
    let (base_url, server) = refuses_before_reading_the_body();
    let eight_mib = format!(r#"{{"note":"{}"}}"#, "x".repeat(8 << 20));
    let error = no_retries(base_url)
        .request_raw_json("POST", "account/subaccount/invite", Some(&eight_mib))
        .unwrap_err();
    assert_eq!(error.http_status(), Some(413), "{error}");
    assert_eq!(error.api_errors()[0].code, "request_too_large", "{error}");
    let head = server.join().unwrap();
    assert!(
        head.contains(&"expect: 100-continue".to_owned()),
        "{head:?}"
    );
}

#[test]
fn an_invite_to_400k_addresses_refused_early_reports_the_refusal() {
    let (base_url, server) = refuses_before_reading_the_body();
    let emails: Vec<String> = (0..400_000).map(|i| format!("u{i}@example.com")).collect();
    let error = no_retries(base_url)
        .send_invite(&SendInviteRequest::new(emails, "retail"))
        .unwrap_err();
    assert_eq!(error.http_status(), Some(413), "{error}");
    let head = server.join().unwrap();
    assert!(
        head.contains(&"expect: 100-continue".to_owned()),
        "{head:?}"
    );
}

#[test]
fn the_emulator_refuses_a_declared_oversized_body_without_reading_it() {
    let emulator = emulator();
    let emails: Vec<String> = (0..100_000).map(|i| format!("u{i}@example.com")).collect();
    let error = client(&emulator)
        .send_invite(&SendInviteRequest::new(emails, "retail"))
        .unwrap_err();
    assert_eq!(error.http_status(), Some(413), "{error}");
    assert_eq!(emulator.stats().invites_created, 0);
}

#[test]
fn a_small_body_is_sent_without_asking_first() {
    let (base_url, server) = refuses_before_reading_the_body();
    let error = no_retries(base_url)
        .request_raw_json("POST", "user/me", Some(r#"{"a":1}"#))
        .unwrap_err();
    assert_eq!(error.http_status(), Some(413), "{error}");
    let head = server.join().unwrap();
    assert!(!head.iter().any(|h| h.starts_with("expect")), "{head:?}");
}

/// A page of `count` users from `first`, with `page.total` but no `offset` (so the client cannot
/// see that its offset was ignored).
fn users_page(first: i64, count: i64, total: u64) -> String {
    let users: Vec<serde_json::Value> = (first..first + count)
        .map(|id| serde_json::json!({"id": id, "username": format!("u{id}")}))
        .collect();
    serde_json::json!({"users": users, "page": {"total": total, "limit": count}}).to_string()
}

#[test]
fn an_iterator_stops_on_a_server_that_cycles_pages() {
    let emulator = emulator();
    // Every other request gets the second page; the rest the first: two pages, forever.
    let second: Fault = serde_json::from_value(serde_json::json!({
        "route": "GET user", "kind": "respond", "status": 200, "every": 2,
        "body": users_page(11, 10, 1000),
    }))
    .unwrap();
    emulator.add_fault(second).unwrap();
    emulator
        .replay("GET user", 200, &users_page(1, 10, 1000))
        .unwrap();
    let query = ListUsersQuery {
        list: ListParams {
            limit: Some(10),
            ..ListParams::default()
        },
        ..ListUsersQuery::default()
    };
    let mut ids = Vec::new();
    let mut error = None;
    // Bounded: a correct iterator stops after the third page. One page at a time, because this
    // server alternates by order of arrival, which pages fetched ahead would make a race.
    let pages = client(&emulator).users(query).unwrap().prefetch(0).unwrap();
    for record in pages.take(1000) {
        match record {
            Ok(user) => ids.push(user.id),
            Err(e) => error = Some(e),
        }
    }
    assert_eq!(ids, (1..=20).collect::<Vec<_>>(), "each record once");
    let error = error.expect("an error");
    assert_eq!(error.status(), Status::Decode);
    assert!(error.to_string().contains("already sent"), "{error}");
    assert_eq!(emulator.stats().requests["GET user"], 3);
}

#[test]
fn an_iterator_stops_when_pages_bring_more_than_the_total() {
    let emulator = emulator();
    let second: Fault = serde_json::from_value(serde_json::json!({
        "route": "GET user", "kind": "respond", "status": 200, "every": 2,
        "body": users_page(11, 10, 15),
    }))
    .unwrap();
    emulator.add_fault(second).unwrap();
    emulator
        .replay("GET user", 200, &users_page(1, 10, 15))
        .unwrap();
    let query = ListUsersQuery {
        list: ListParams {
            limit: Some(10),
            ..ListParams::default()
        },
        ..ListUsersQuery::default()
    };
    let results: Vec<_> = client(&emulator).users(query).unwrap().take(100).collect();
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 10);
    let error = results.last().unwrap().as_ref().unwrap_err();
    assert!(
        error
            .to_string()
            .contains("more records than its page.total (15)"),
        "{error}"
    );
}
