//! The fuzz targets' entry points (`certcentral::fuzzing`) on what proptest generates, so that
//! every `make test` checks what they assert, not only `make fuzz`: decoded responses keep their
//! text and re-encode to the same JSON, error bodies are read entry for entry, and the emulator
//! answers each request with a status its routes allow. Requests are also replayed over HTTP to
//! check what the status alone cannot show: every answer is JSON, and every non-2xx answer has
//! the documented shape `{"errors":[{"code","message"}]}`.
#![cfg(feature = "emulator")]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use certcentral::emulator::{Emulator, EmulatorOptions};
use certcentral::fuzzing::{decode_response, emulator_request, Exchange, FUZZ_API_KEY};
use proptest::prelude::*;
use serde_json::{json, Value};

/// An optional string member: absent, null, or text (escapes and non-ASCII included).
fn member() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        Just(None),
        Just(Some(Value::Null)),
        "[a-z@. \"\\\\é]{0,12}".prop_map(|s| Some(json!(s))),
    ]
}

fn object(fields: Vec<(&'static str, Option<Value>)>) -> Value {
    Value::Object(
        fields
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v)))
            .collect(),
    )
}

fn invite() -> impl Strategy<Value = Value> {
    (
        any::<i64>(),
        (member(), member(), member()),
        (member(), member(), member()),
        prop::option::of(any::<u8>()),
    )
        .prop_map(
            |(id, (email, kind, note), (created, sent, status), unknown)| {
                object(vec![
                    ("id", Some(json!(id))),
                    ("email", email),
                    ("subaccount_type", kind),
                    ("invite_note", note),
                    ("date_created", created),
                    ("last_sent_date", sent),
                    ("status", status),
                    ("unknown_field", unknown.map(|n| json!([n]))),
                ])
            },
        )
}

fn page() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(invite(), 0..4),
        prop::option::of((any::<u32>(), any::<u32>(), any::<u32>())),
    )
        .prop_map(|(invites, page)| {
            let page = page.map(|(t, l, o)| json!({"total": t, "limit": l, "offset": o}));
            object(vec![
                ("subaccount_invites", Some(json!(invites))),
                ("page", page),
            ])
        })
}

fn subaccount() -> impl Strategy<Value = Value> {
    (
        any::<i64>(),
        (member(), member(), member()),
        prop::option::of((any::<i64>(), member(), prop::option::of(any::<i64>()))),
        prop::option::of((any::<i64>(), member(), member())),
    )
        .prop_map(|(id, (kind, api_key, unknown), organization, user)| {
            let organization = organization.map(|(org_id, name, container)| {
                object(vec![
                    ("id", Some(json!(org_id))),
                    ("name", name),
                    ("container", container.map(|c| json!({"id": c, "x": [1]}))),
                ])
            });
            let user = user.map(|(user_id, username, kind)| {
                object(vec![
                    ("id", Some(json!(user_id))),
                    ("username", username),
                    ("type", kind),
                ])
            });
            object(vec![
                ("id", Some(json!(id))),
                ("account_type", kind),
                ("api_key", api_key),
                ("note", unknown),
                ("organization", organization),
                ("user", user),
            ])
        })
}

fn error_body() -> impl Strategy<Value = Value> {
    prop::collection::vec(("[a-z_|]{1,20}", "[ -~]{0,20}"), 1..4).prop_map(|errors| {
        let errors: Vec<Value> = errors
            .into_iter()
            .map(|(code, message)| json!({"code": code, "message": message}))
            .collect();
        json!({ "errors": errors })
    })
}

/// Leading whitespace is still JSON; its first byte picks the HTTP status the entry point uses
/// (' ' 200, '\t' 300, '\n' 400, '{' 500).
fn lead() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just(""), Just(" "), Just("\t"), Just("\n")]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn invite_pages_decode_and_re_encode(value in page(), lead in lead()) {
        let text = format!("{lead}{value}");
        let decoded = decode_response(text.as_bytes());
        let invites = value["subaccount_invites"].as_array().unwrap().len();
        prop_assert_eq!(decoded.page.map(|p| p.len()), Some(invites), "{}", text);
    }

    #[test]
    fn single_invites_decode_and_re_encode(value in invite(), lead in lead()) {
        let text = format!("{lead}{value}");
        let decoded = decode_response(text.as_bytes());
        prop_assert_eq!(decoded.invite.map(|i| i.id), value["id"].as_i64(), "{}", text);
    }

    #[test]
    fn subaccounts_decode_and_re_encode(value in subaccount(), lead in lead()) {
        let text = format!("{lead}{value}");
        let decoded = decode_response(text.as_bytes());
        let sub = decoded.subaccount.expect("a subaccount decodes");
        prop_assert_eq!(sub.api_key.map(|k| k.expose().to_owned()),
            value["api_key"].as_str().map(str::to_owned));
    }

    #[test]
    fn created_ids_decode_and_re_encode(id in any::<i64>(), lead in lead()) {
        let text = format!("{lead}{{\"id\": {id}, \"extra\": {{}}}}");
        let decoded = decode_response(text.as_bytes());
        prop_assert_eq!(decoded.user.map(|u| u.id), Some(id));
        prop_assert_eq!(decoded.organization.map(|o| o.id), Some(id));
    }

    #[test]
    fn error_bodies_are_read_entry_for_entry(value in error_body(), lead in lead()) {
        let text = format!("{lead}{value}");
        let decoded = decode_response(text.as_bytes());
        let codes: Vec<&str> = decoded.error.api_errors().iter().map(|e| e.code.as_str()).collect();
        let given: Vec<&str> = value["errors"].as_array().unwrap().iter()
            .map(|e| e["code"].as_str().unwrap()).collect();
        prop_assert_eq!(codes, given);
    }

    #[test]
    fn arbitrary_requests_get_an_allowed_status(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let exchange = emulator_request(&bytes);
        prop_assert_eq!(exchange.is_some(), !bytes.is_empty());
    }
}

/// A body the route at this index of the entry point's list accepts (from the docs' examples
/// and the README's control routes), so that successes are generated as well as refusals.
fn valid_body(route: u8) -> &'static str {
    const BODIES: [&str; 9] = [
        r#"{"emails": ["a@example.com"], "subaccount_type": "retail"}"#,
        r#"{"account_type": "retail", "allowed_grandchildren": ["retail"],
            "user": {"first_name": "A", "last_name": "B", "email": "a@b.co"},
            "organization": {"name": "N", "address": "A", "zip": "1", "city": "C",
                             "state": "s", "country": "us"}}"#,
        r#"{"username": "u1", "first_name": "A", "last_name": "B", "email": "a@b.co",
            "access_roles": [{"id": 5}]}"#,
        r#"{"name": "N", "address": "A", "city": "C", "state": "s", "zip": "1", "country": "us",
            "telephone": "1", "organization_contact": {"first_name": "A", "last_name": "B",
            "email": "a@b.co", "telephone": "1"}}"#,
        "",
        r#"{"invites": 3}"#,
        r#"{"route": "GET user/me", "kind": "delay", "ms": 1}"#,
        r#"{"subaccounts_enabled": false}"#,
        r#"{"status": "accepted"}"#,
    ];
    BODIES[usize::from(route)]
}

/// Request bytes for [`emulator_request`] whose route and query are valid in an HTTP request
/// line, so that they can be replayed: selector, route suffix, 0xFF, query, 0xFF, body. The
/// selector's parts are drawn apart so that most requests carry the key and no suffix.
fn replayable_request() -> impl Strategy<Value = Vec<u8>> {
    let method = prop_oneof![2 => Just(0u8), 3 => Just(1), 1 => Just(2), 1 => Just(3)];
    let without_key = prop::bool::weighted(0.2);
    let with_suffix = prop::bool::weighted(0.25);
    let suffix = prop_oneof![
        Just(String::new()),
        Just("/me".to_owned()),
        Just("/x".to_owned()),
        "[a-z0-9/_.-]{0,8}",
    ];
    let query = prop_oneof![
        3 => Just(String::new()),
        1 => "(limit|offset)=[0-9]{1,5}",
        1 => "filters%5B(status|email|nope)%5D=[a-z%]{0,6}",
        1 => "sort=-?(id|email|nope)",
        1 => "[a-z=&]{0,10}",
    ];
    let parts = (0u8..9, method, without_key, with_suffix, suffix, query);
    parts.prop_flat_map(|(route, method, without_key, with_suffix, suffix, query)| {
        let body = prop_oneof![
            3 => Just(valid_body(route).to_owned()),
            1 => Just(String::new()),
            1 => "[ -~]{0,40}",
            1 => "\\{\"[a-z_]{1,8}\": [a-z0-9\"]{1,6}\\}",
        ];
        let selector = route * 4
            + method
            + if without_key { 0x40 } else { 0 }
            + if with_suffix { 0x80 } else { 0 };
        body.prop_map(move |body| {
            let mut bytes = vec![selector];
            bytes.extend_from_slice(suffix.as_bytes());
            bytes.push(0xFF);
            bytes.extend_from_slice(query.as_bytes());
            bytes.push(0xFF);
            bytes.extend_from_slice(body.as_bytes());
            bytes
        })
    })
}

/// Sends the exchange's request to a running emulator over a plain socket (any method, any
/// body) and returns the status and body of the answer.
fn replay(emulator: &Emulator, exchange: &Exchange) -> (u16, Vec<u8>) {
    let rest = emulator.base_url().strip_prefix("http://").unwrap();
    let (authority, base_path) = rest.split_once('/').unwrap();
    let mut target = format!("/{base_path}{}", exchange.route);
    if !exchange.query.is_empty() {
        target = format!("{target}?{}", exchange.query);
    }
    let mut head = format!(
        "{} {target} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\nContent-Length: {}\r\n",
        exchange.method,
        exchange.body.len()
    );
    if exchange.with_key {
        head.push_str(&format!("X-DC-DEVKEY: {FUZZ_API_KEY}\r\n"));
    }
    head.push_str("\r\n");
    let mut stream = TcpStream::connect(authority).unwrap();
    // A bound, not a wait: the answer normally arrives at once.
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(&exchange.body).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    parse_answer(&answer)
}

/// The status and body of an HTTP/1.1 answer (`Content-Length` or chunked).
fn parse_answer(answer: &[u8]) -> (u16, Vec<u8>) {
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header");
    let head = String::from_utf8_lossy(&answer[..split]).to_ascii_lowercase();
    let body = &answer[split + 4..];
    let status = head[9..12].parse().expect("a status line");
    if !head.contains("transfer-encoding: chunked") {
        return (status, body.to_vec());
    }
    let (mut rest, mut out) = (body, Vec::new());
    // Each chunk is at least its size line, so this ends within body.len() steps.
    for _ in 0..=body.len() {
        let line = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("a chunk size");
        let size = usize::from_str_radix(std::str::from_utf8(&rest[..line]).unwrap().trim(), 16)
            .expect("a hex chunk size");
        if size == 0 {
            break;
        }
        out.extend_from_slice(&rest[line + 2..line + 2 + size]);
        rest = &rest[line + 2 + size + 2..];
    }
    (status, out)
}

/// Whether an answer body is what the docs describe: JSON or nothing for a 2xx, and
/// `{"errors":[{"code","message"}, …]}` with at least one entry otherwise.
fn documented_shape(status: u16, body: &[u8]) -> Result<(), String> {
    if (200..300).contains(&status) && body.is_empty() {
        return Ok(());
    }
    let value: Value = serde_json::from_slice(body).map_err(|e| format!("not JSON: {e}"))?;
    if (200..300).contains(&status) {
        return Ok(());
    }
    let errors = value["errors"].as_array().ok_or("no errors list")?;
    let well_formed =
        |e: &Value| e["code"].as_str().is_some_and(|c| !c.is_empty()) && e["message"].is_string();
    if errors.is_empty() || !errors.iter().all(well_formed) {
        return Err(format!("errors not of the documented shape: {value}"));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_emulator_answer_has_the_documented_shape(bytes in replayable_request()) {
        let exchange = emulator_request(&bytes).expect("a request");
        let emulator = Emulator::start(EmulatorOptions::with_api_key(FUZZ_API_KEY)).unwrap();
        let (status, body) = replay(&emulator, &exchange);
        prop_assert_eq!(status, exchange.status, "over HTTP as in-process: {:?}", exchange);
        let shape = documented_shape(status, &body);
        prop_assert!(shape.is_ok(), "{:?}: {:?}: {}", exchange, shape, String::from_utf8_lossy(&body));
    }
}

#[test]
fn documented_shape_tells_good_answers_from_bad() {
    assert!(documented_shape(201, b"").is_ok());
    assert!(documented_shape(200, br#"{"id": 1}"#).is_ok());
    assert!(documented_shape(400, br#"{"errors":[{"code":"a|b","message":"m"}]}"#).is_ok());
    assert!(documented_shape(200, b"{").is_err());
    assert!(documented_shape(404, b"").is_err());
    assert!(documented_shape(400, br#"{"errors":[]}"#).is_err());
    assert!(documented_shape(400, br#"{"errors":[{"code":"a"}]}"#).is_err());
    assert!(documented_shape(500, br#"{"error":"x"}"#).is_err());
    let chunked =
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
    assert_eq!(parse_answer(chunked), (200, b"abcde".to_vec()));
}

/// The docs' examples: each response decodes as its type, and each request is accepted by the
/// endpoint it was written for.
#[test]
fn the_docs_examples_pass_the_entry_points() {
    let fixture = |name: &str| {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let list = decode_response(&fixture("list-invites.response.json"));
    assert_eq!(list.page.map(|p| p.len()), Some(3));
    for name in [
        "create-subaccount.response.json",
        "create-subaccount-managed.response.json",
    ] {
        assert!(
            decode_response(&fixture(name)).subaccount.is_some(),
            "{name}"
        );
    }
    assert!(decode_response(&fixture("add-user.response.json"))
        .user
        .is_some());
    let org = decode_response(&fixture("create-organization.response.json"));
    assert!(org.organization.is_some());

    // The selector picks POST (1 mod 4), the route (selector / 4), and the key (bit 0x40 clear).
    for (route_index, name) in [
        (0u8, "send-invite.request.json"),
        (1, "create-subaccount.request.json"),
        (2, "add-user.request.json"),
        (3, "create-organization.request.json"),
    ] {
        let mut bytes = vec![route_index * 4 + 1, 0xFF, 0xFF];
        bytes.extend_from_slice(&fixture(name));
        let exchange = emulator_request(&bytes).unwrap();
        assert_eq!((exchange.method, exchange.status), ("POST", 201), "{name}");
    }
}
