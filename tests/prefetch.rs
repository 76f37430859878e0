//! Pages fetched ahead, against the emulator: the records come in order, once each, and every
//! page fetched ahead passes through the client's rate limiter like any other request. (The
//! engine's ordering, dropping and error rules are unit-tested in src/api/pages.rs against a
//! scripted list.)
#![cfg(feature = "emulator")]

mod common;

use std::time::Duration;

use certcentral::models::*;
use certcentral::{RateLimit, Status, Window};
use common::{api_requests, client, emulator};

fn invites_query() -> ListInvitesQuery {
    ListInvitesQuery {
        limit: Some(10),
        ..Default::default()
    }
}

#[test]
fn a_listing_fetched_ahead_is_the_listing_fetched_one_page_at_a_time() {
    let emulator = emulator();
    emulator.seed_invites(95).unwrap();
    let client = client(&emulator);
    let ahead: Vec<i64> = client
        .invites(invites_query())
        .unwrap()
        .map(|i| i.unwrap().id)
        .collect();
    let before = api_requests(&emulator);
    let one_by_one: Vec<i64> = client
        .invites(invites_query())
        .unwrap()
        .prefetch(0)
        .unwrap()
        .map(|i| i.unwrap().id)
        .collect();
    assert_eq!(ahead, one_by_one);
    assert_eq!(ahead, (1..=95).collect::<Vec<i64>>());
    assert_eq!(api_requests(&emulator) - before, 10, "one request per page");
}

#[test]
fn pages_fetched_ahead_are_counted_by_the_rate_limiter() {
    let emulator = emulator();
    emulator.seed_invites(95).unwrap();
    // Three requests in all: the first page and two of those fetched ahead.
    let limit = RateLimit::new([Window {
        max_requests: 3,
        period: Duration::from_secs(3600),
    }])
    .unwrap()
    .max_wait(Duration::from_millis(1));
    let client = emulator.client_builder().rate_limit(limit).build().unwrap();
    let before = api_requests(&emulator);
    let mut read = 0;
    let mut refused = None;
    for invite in client.invites(invites_query()).unwrap() {
        match invite {
            Ok(_) => read += 1,
            Err(e) => {
                refused = Some(e);
                break;
            }
        }
    }
    let refused = refused.expect("the limiter refused a page");
    assert_eq!(refused.status(), Status::RateLimited, "{refused}");
    // Which two pages ahead won the slots is up to the threads.
    assert!([10, 20, 30].contains(&read), "read {read}");
    assert_eq!(
        client.current_user().unwrap_err().status(),
        Status::RateLimited,
        "the three slots are used up, two of them by pages fetched ahead"
    );
    // Never more than the slots: a page ahead that was granted one and then dropped with the
    // iterator may still be on its way (its answer is dropped), so this is a bound, not a count.
    let sent = api_requests(&emulator) - before;
    assert!(sent <= 3, "{sent} requests for 3 slots");
}
