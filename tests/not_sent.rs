//! "Nothing was sent" is told apart from "maybe carried out": a refused connection, a proxy that
//! answers the tunnel request with garbage, or a connection dropped before the request was
//! written can have done nothing on the server, so a creation is retried and a bulk run sends
//! it again; only a failure after a byte of the request was written is ambiguous.
#![cfg(feature = "cli")]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

use certcentral::bulk::{self, Plan, RunOptions, State};
use certcentral::emulator::TlsOptions;
use certcentral::models::CreateSubaccountRequest;
use certcentral::{Client, Status};
use common::{emulator_with, fast_retries};

fn managed() -> CreateSubaccountRequest {
    let mut request: CreateSubaccountRequest = common::fixture("create-subaccount.request.json");
    request.account_type = "managed".into();
    request
}

/// A "proxy" that reads each CONNECT request and answers it with something that is not HTTP;
/// how many it answered.
fn garbage_proxy() -> (String, std::thread::JoinHandle<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    listener.set_nonblocking(false).unwrap();
    let handle = std::thread::spawn(move || {
        let mut answered = 0;
        // Bounded: the test makes a known, small number of connections, then a last one to stop.
        for stream in listener.incoming().take(16) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            if line.starts_with("STOP") {
                break;
            }
            // The rest of the CONNECT request's head.
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let _ = stream.write_all(b"\x16\x03\x01 this is not HTTP at all\r\n\r\n");
            answered += 1;
        }
        answered
    });
    (url, handle)
}

fn stop(url: &str) {
    let mut stream = std::net::TcpStream::connect(url.trim_start_matches("http://")).unwrap();
    stream.write_all(b"STOP\r\n").unwrap();
}

#[test]
fn a_proxy_answering_garbage_sends_nothing_and_is_named() {
    let emulator = emulator_with(|o| o.tls = Some(TlsOptions::generated()));
    let (proxy, answered) = garbage_proxy();
    let client = emulator
        .client_builder()
        .base_url(emulator.base_url().replace("127.0.0.1", "localhost"))
        .proxy(&proxy)
        .retry_policy(fast_retries(2))
        .build()
        .unwrap();
    let err = client.create_subaccount(&managed()).unwrap_err();
    assert_eq!(err.status(), Status::Transport, "{err}");
    assert!(err.not_sent(), "{err}");
    let shown = err.to_string();
    assert!(shown.contains(&format!("the proxy {proxy}")), "{shown}");
    assert!(shown.contains("CONNECT"), "{shown}");
    assert!(!shown.contains("may have been carried out"), "{shown}");
    stop(&proxy);
    // Provably not sent: retried like a refused connection (three tunnels asked for).
    assert_eq!(answered.join().unwrap(), 3);
    assert_eq!(emulator.stats().subaccounts_created, 0);
}

#[test]
fn a_refused_connection_is_not_sent_and_a_dropped_request_is_ambiguous() {
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let client = Client::builder()
        .api_key("k")
        .base_url(format!("http://127.0.0.1:{port}/"))
        .retry_policy(fast_retries(1))
        .build()
        .unwrap();
    let err = client.create_subaccount(&managed()).unwrap_err();
    assert!(err.not_sent(), "{err}");
    assert!(
        err.to_string().contains(&format!("127.0.0.1:{port}")),
        "{err}"
    );

    // A server that takes the request and drops the connection: the request was written.
    let emulator = common::emulator();
    emulator
        .add_fault(
            serde_json::from_str(r#"{"route": "POST account", "kind": "reset_after"}"#).unwrap(),
        )
        .unwrap();
    let err = common::client(&emulator)
        .create_subaccount(&managed())
        .unwrap_err();
    assert!(!err.not_sent(), "{err}");
    assert!(
        err.to_string().contains("may have been carried out"),
        "{err}"
    );
    // A server that drops the connection before reading the request: the client wrote it all
    // the same and cannot tell, so it is ambiguous too.
    emulator.clear_faults();
    emulator
        .add_fault(
            serde_json::from_str(r#"{"route": "POST account", "kind": "reset_before"}"#).unwrap(),
        )
        .unwrap();
    let err = common::client(&emulator)
        .create_subaccount(&managed())
        .unwrap_err();
    assert!(!err.not_sent(), "{err}");
}

#[test]
fn a_bulk_run_through_a_broken_proxy_leaves_nothing_in_doubt() {
    let emulator = emulator_with(|o| o.tls = Some(TlsOptions::generated()));
    let (proxy, answered) = garbage_proxy();
    let base = emulator.base_url().replace("127.0.0.1", "localhost");
    let broken = emulator
        .client_builder()
        .base_url(base.clone())
        .proxy(&proxy)
        .build()
        .unwrap();
    let dir = common::scratch_dir("not-sent-bulk");
    let journal = dir.join("run.db");
    let plan = Plan::from_csv(
        "key,kind,account_type,user.first_name,user.last_name,user.email,organization.name,\
         organization.address,organization.zip,organization.city,organization.state,\
         organization.country\n\
         s1,create_subaccount,managed,Ann,Lee,ann@example.com,Org,1 Way,10001,London,ldn,gb\n"
            .as_bytes(),
    )
    .unwrap();
    let options = RunOptions {
        max_attempts: 2,
        ..RunOptions::default()
    };
    let report = bulk::run(&broken, &plan, &journal, &options, &mut ()).unwrap();
    stop(&proxy);
    assert_eq!(
        answered.join().unwrap(),
        2,
        "the engine's two attempts, no more"
    );
    let entry = &report.entries[0];
    assert_eq!(entry.state, State::Failed, "{:?}", entry.message);
    assert!(!entry.ambiguous);
    assert!(entry.message.as_deref().unwrap().contains(&proxy));
    // The proxy fixed (none needed): the failed creation is sent once.
    let direct = emulator.client_builder().base_url(base).build().unwrap();
    let options = RunOptions {
        retry_failed: true,
        ..RunOptions::default()
    };
    let report = bulk::resume(&direct, &journal, &options, &mut ()).unwrap();
    assert!(report.all_done());
    assert_eq!(emulator.stats().subaccounts_created, 1);
    let _ = std::fs::remove_dir_all(&dir);
}
