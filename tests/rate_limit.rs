//! The client-side limiter's promise: bulk work meets no 429 from a server that enforces the
//! documented limits, however late the server sees each request, on however busy a machine.
//! (`src/rate_limit.rs` proves the argument on a virtual clock; this runs it for real.)
#![cfg(feature = "emulator")]

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use certcentral::{RateLimit, Status, Window};
use common::{emulator_with, fast_retries};

/// The documented windows at 1/50 of their length: 100 requests per 100 ms, 1000 per 3.6 s.
const SCALE: f64 = 0.02;

/// Spins until dropped, so that the scheduler has more runnable threads than cores.
struct BusyMachine {
    stop: &'static AtomicBool,
}

impl Drop for BusyMachine {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn busy<'s>(scope: &'s std::thread::Scope<'s, '_>, threads: usize) -> BusyMachine {
    let stop: &'static AtomicBool = Box::leak(Box::new(AtomicBool::new(false)));
    for _ in 0..threads {
        scope.spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                std::hint::spin_loop();
            }
        });
    }
    BusyMachine { stop }
}

#[test]
fn bulk_work_meets_no_429_despite_random_latency_and_a_busy_machine() {
    for round in 1..=20 {
        // Requests reach the emulator 0-4 ms late: twice the 2 % margin (2 ms of a 100 ms
        // window) that the old send-time limiter relied on.
        let emulator = emulator_with(|o| {
            o.rate_limit = Some(RateLimit::documented());
            o.time_scale = SCALE;
            o.jitter = Duration::from_millis(4);
        });
        let client = emulator
            .client_builder()
            .retry_policy(fast_retries(0))
            .rate_limit(RateLimit::documented().scaled(SCALE))
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        std::thread::scope(|s| {
            let _busy = busy(s, 2);
            let workers: Vec<_> = (0..4)
                .map(|_| {
                    let client = client.clone();
                    s.spawn(move || {
                        (0..40)
                            .map(|_| client.list_invites(&Default::default()).map(drop))
                            .collect::<Result<Vec<()>, _>>()
                    })
                })
                .collect();
            for worker in workers {
                if let Err(e) = worker.join().unwrap() {
                    panic!("round {round}: {e}");
                }
            }
        });
        let stats = emulator.stats();
        assert_eq!(
            stats.rate_limited, 0,
            "round {round}: the server answered 429"
        );
        assert_eq!(
            stats.requests.get("GET account/subaccount/invite"),
            Some(&160),
            "round {round}"
        );
    }
}

#[test]
fn without_the_limiter_the_same_server_refuses_the_excess() {
    let window = Window {
        max_requests: 10,
        period: Duration::from_secs(600),
    };
    let emulator = emulator_with(|o| o.rate_limit = Some(RateLimit::new([window]).unwrap()));
    let client = emulator
        .client_builder()
        .no_rate_limit()
        .retry_policy(fast_retries(0))
        .build()
        .unwrap();
    let refused = (0..15)
        .map(|_| client.list_invites(&Default::default()))
        .filter(|r| r.as_ref().is_err_and(|e| e.status() == Status::RateLimited))
        .count();
    assert_eq!(refused, 5);
    assert_eq!(emulator.stats().rate_limited, 5);
}

#[test]
fn an_emulator_s_client_keeps_its_enforced_limits_on_its_time_scale() {
    let emulator = emulator_with(|o| {
        o.rate_limit = Some(RateLimit::documented());
        o.time_scale = 0.01;
    });
    assert_eq!(
        emulator.client_rate_limit(),
        RateLimit::documented().scaled(0.01)
    );
    // A second is far more than the scaled 50 ms window, far less than the real 5 s one: the
    // limiter would refuse the 101st call at once if it kept real time.
    let client = emulator
        .client_builder()
        .retry_policy(fast_retries(0))
        .max_rate_limit_wait(Duration::from_secs(1))
        .build()
        .unwrap();
    for call in 0..150 {
        if let Err(e) = client.list_invites(&Default::default()) {
            panic!("call {call}: {e}");
        }
    }
    assert_eq!(emulator.stats().rate_limited, 0);
    // Without enforcement, an emulator's client has no limiter, as for any base URL of one's
    // own: 150 calls within one documented 5 s window, none of them waiting.
    let plain = common::emulator();
    assert!(!plain.enforces_rate_limit());
    let client = plain
        .client_builder()
        .retry_policy(fast_retries(0))
        .max_rate_limit_wait(Duration::ZERO)
        .build()
        .unwrap();
    for call in 0..150 {
        if let Err(e) = client.list_invites(&Default::default()) {
            panic!("call {call} without enforcement: {e}");
        }
    }
}
