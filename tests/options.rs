//! `Client::with_options`: a view with its own timeout, retries, cancellation and before-send
//! hook, sharing the client's connections and rate limiter; what the builder refuses, it
//! refuses. Nothing here waits on the clock: faults answer at once, or are held until released.
#![cfg(feature = "emulator")]

mod common;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use certcentral::emulator::{Fault, FaultAction};
use certcentral::{CallOptions, CancelToken, Error, RateLimit, Status, Window};
use common::{api_requests, client, emulator};

fn respond(route: &str, status: u16) -> Fault {
    Fault {
        route: route.into(),
        times: Some(1),
        every: 1,
        body_contains: None,
        action: FaultAction::Respond {
            status,
            body: None,
            content_type: None,
            retry_after: None,
        },
    }
}

#[test]
fn a_view_retries_as_told_and_leaves_its_client_alone() {
    let emulator = emulator();
    let client = client(&emulator);
    let once = client
        .with_options(CallOptions {
            max_retries: Some(0),
            ..CallOptions::default()
        })
        .unwrap();
    emulator.add_fault(respond("GET user/me", 503)).unwrap();
    assert_eq!(once.current_user().unwrap_err().status(), Status::Server);
    emulator.add_fault(respond("GET user/me", 503)).unwrap();
    assert_eq!(
        client.current_user().unwrap().username.as_deref(),
        Some("admin")
    );
    assert_eq!(
        client.options().max_retries,
        None,
        "the client's own options are unchanged"
    );
}

#[test]
fn a_view_shares_the_rate_limiter() {
    let emulator = emulator();
    let limit = RateLimit::new([Window {
        max_requests: 2,
        period: Duration::from_secs(3600),
    }])
    .unwrap()
    .max_wait(Duration::from_millis(1));
    let client = emulator.client_builder().rate_limit(limit).build().unwrap();
    let view = client
        .with_options(CallOptions {
            timeout: Some(Duration::from_secs(5)),
            ..CallOptions::default()
        })
        .unwrap();
    client.current_user().unwrap();
    view.current_user().unwrap();
    assert_eq!(
        view.current_user().unwrap_err().status(),
        Status::RateLimited
    );
    assert_eq!(
        client.current_user().unwrap_err().status(),
        Status::RateLimited
    );
}

#[test]
fn a_cancelled_view_sends_nothing_and_views_stack() {
    let emulator = emulator();
    let client = client(&emulator);
    let token = CancelToken::new();
    let view = client
        .with_options(CallOptions {
            cancel: Some(token.clone()),
            ..CallOptions::default()
        })
        .unwrap();
    // A view of a view keeps what it does not override.
    let stacked = view
        .with_options(CallOptions {
            max_retries: Some(1),
            ..CallOptions::default()
        })
        .unwrap();
    assert!(stacked.options().cancel.is_some());
    assert_eq!(stacked.options().max_retries, Some(1));
    token.cancel();
    let before = api_requests(&emulator);
    assert!(matches!(stacked.current_user(), Err(Error::Interrupted)));
    assert!(matches!(view.list_containers(), Err(Error::Interrupted)));
    assert_eq!(api_requests(&emulator), before, "nothing was sent");
    client
        .current_user()
        .expect("the client itself is not cancelled");
}

#[test]
fn the_before_send_hook_runs_once_per_attempt_and_can_stop_the_call() {
    let emulator = emulator();
    let client = client(&emulator);
    let attempts = Arc::new(AtomicU32::new(0));
    let counted = Arc::clone(&attempts);
    let view = client
        .with_options(CallOptions {
            before_send: Some(Arc::new(move || {
                counted.fetch_add(1, Ordering::SeqCst);
                Ok(())
            })),
            ..CallOptions::default()
        })
        .unwrap();
    emulator.add_fault(respond("GET user/me", 503)).unwrap();
    view.current_user().unwrap();
    assert_eq!(
        attempts.load(Ordering::SeqCst),
        2,
        "one 503, then the retry"
    );

    let refusing = client
        .with_options(CallOptions {
            before_send: Some(Arc::new(|| Err(Error::Interrupted))),
            ..CallOptions::default()
        })
        .unwrap();
    let before = api_requests(&emulator);
    let err = refusing.current_user().unwrap_err();
    assert!(matches!(err, Error::Interrupted), "{err}");
    assert_eq!(api_requests(&emulator), before, "nothing was sent");
}

#[test]
fn a_view_refuses_what_the_builder_refuses() {
    let emulator = emulator();
    let client = client(&emulator);
    for timeout in [Duration::ZERO, Duration::from_secs(86_401)] {
        let err = client
            .with_options(CallOptions {
                timeout: Some(timeout),
                ..CallOptions::default()
            })
            .unwrap_err();
        assert_eq!(err.status(), Status::InvalidArgument);
        assert_eq!(err.field(), Some("timeout"));
        let built = emulator
            .client_builder()
            .timeout(timeout)
            .build()
            .unwrap_err();
        assert_eq!(built.field(), Some("timeout"));
    }
}
