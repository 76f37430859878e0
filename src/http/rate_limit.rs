//! Rolling-window request limits: the client waits to stay under them, the emulator enforces them.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::cancel::CancelToken;
use crate::error::{ApiFailure, Error, Status};

/// At most `max_requests` requests within any `period`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// How many requests the window allows; at least 1.
    pub max_requests: u32,
    /// How long the window is; not zero.
    pub period: Duration,
}

/// The client-side limiter's settings: one or more rolling windows, and the longest wait allowed
/// before a call fails with [`Status::RateLimited`] instead of waiting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    windows: Vec<Window>,
    max_wait: Duration,
}

impl RateLimit {
    /// The documented limits: 100 requests per 5 seconds and 1000 per 3 minutes, per API key.
    pub fn documented() -> RateLimit {
        RateLimit {
            windows: vec![
                Window {
                    max_requests: 100,
                    period: Duration::from_secs(5),
                },
                Window {
                    max_requests: 1000,
                    period: Duration::from_secs(180),
                },
            ],
            max_wait: crate::config::DEFAULT_MAX_RATE_LIMIT_WAIT,
        }
    }

    /// Custom windows. Each needs at least one request and a non-zero period.
    pub fn new(windows: impl IntoIterator<Item = Window>) -> Result<RateLimit, Error> {
        let windows: Vec<Window> = windows.into_iter().collect();
        if windows.is_empty() {
            return Err(Error::invalid_argument(
                "rate_limit",
                "needs at least one window (turn the limiter off instead)",
            ));
        }
        if let Some(bad) = windows
            .iter()
            .find(|w| w.max_requests == 0 || w.period.is_zero())
        {
            return Err(Error::invalid_argument(
                "rate_limit",
                format!("each window needs max_requests > 0 and a non-zero period (got {bad:?})"),
            ));
        }
        Ok(RateLimit {
            windows,
            max_wait: RateLimit::documented().max_wait,
        })
    }

    /// The longest a call may wait for the limiter; a longer wait fails with `RATE_LIMITED`.
    pub fn max_wait(mut self, max_wait: Duration) -> RateLimit {
        self.max_wait = max_wait;
        self
    }

    /// The windows, each of which a request must fit in.
    pub fn windows(&self) -> &[Window] {
        &self.windows
    }

    /// The same limits with every period multiplied by `factor` (the emulator's time scale).
    pub fn scaled(&self, factor: f64) -> RateLimit {
        let windows = self.windows.iter().map(|w| Window {
            max_requests: w.max_requests,
            period: w.period.mul_f64(factor).max(Duration::from_micros(1)),
        });
        RateLimit {
            windows: windows.collect(),
            max_wait: self.max_wait.mul_f64(factor),
        }
    }
}

/// Request slots in rolling windows, on a clock the caller passes in.
///
/// A slot is taken when a request is sent and released when its answer has arrived (or the
/// attempt failed); from its release it counts against each window for that window's period.
/// The server counts a request when it arrives, which is somewhere between the two, so:
///
/// Take any `max_requests + 1` requests and let `last` be the one sent last. Each earlier one
/// was either still holding its slot when `last` was sent, or had been released at least one
/// period before. The limiter sent `last` only with at most `max_requests - 1` slots held, so
/// at least one earlier request was released a period or more before `last` was sent; it
/// arrived before its release and `last` arrived after its send, so the server saw the two at
/// least one period apart. No window of the server's can hold all of them, however long the
/// network took, and no margin is needed. The cost: a slot is held for a period plus one
/// round trip, so the rate is `max_requests / (period + round trip)`.
///
/// The emulator enforces windows with the same type: a request is taken and released at the
/// instant it arrives ([`Slots::try_count`]).
#[derive(Debug)]
pub(crate) struct Slots {
    windows: Vec<Window>,
    /// Slots taken and not yet released.
    held: usize,
    /// Release times, oldest first; the caller's clock only moves forward under its lock.
    released: VecDeque<Instant>,
    longest: Duration,
}

/// Why a slot could not be taken: how long until one may free up. When `needs_release`, even
/// that is only a lower bound, because slots still held must be released first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Wait {
    pub at_least: Duration,
    pub needs_release: bool,
}

impl Slots {
    pub(crate) fn new(limit: &RateLimit) -> Slots {
        Slots {
            longest: limit
                .windows
                .iter()
                .map(|w| w.period)
                .max()
                .unwrap_or_default(),
            windows: limit.windows.clone(),
            held: 0,
            released: VecDeque::new(),
        }
    }

    /// Takes a slot at `now` when every window has room; otherwise says how long until the
    /// fullest window may have room, and takes nothing.
    pub(crate) fn try_take(&mut self, now: Instant) -> Result<(), Wait> {
        while self
            .released
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.longest)
        {
            self.released.pop_front();
        }
        let mut wait: Option<Wait> = None;
        for window in &self.windows {
            let max = window.max_requests as usize;
            // Released slots still inside this window are the newest ones.
            let inside = self
                .released
                .iter()
                .rev()
                .take_while(|t| now.duration_since(**t) < window.period)
                .count();
            if self.held + inside < max {
                continue;
            }
            // This many slots must leave the window before one more fits.
            let leaving = self.held + inside + 1 - max;
            let this = if leaving <= inside {
                let oldest_inside = self.released.len() - inside;
                let frees_at = self.released[oldest_inside + leaving - 1] + window.period;
                Wait {
                    at_least: frees_at.saturating_duration_since(now),
                    needs_release: false,
                }
            } else {
                Wait {
                    at_least: window.period,
                    needs_release: true,
                }
            };
            wait = Some(match wait {
                Some(w) if w.at_least >= this.at_least => w,
                _ => this,
            });
        }
        match wait {
            Some(wait) => Err(wait),
            None => {
                self.held += 1;
                Ok(())
            }
        }
    }

    /// Releases a slot taken with [`Slots::try_take`]: its request has been answered.
    pub(crate) fn release(&mut self, now: Instant) {
        self.held = self.held.saturating_sub(1);
        self.released.push_back(now);
    }

    #[cfg_attr(not(feature = "emulator"), allow(dead_code))]
    /// Counts a request that arrives at `now`, if every window has room (the emulator's
    /// enforcement); otherwise how long until one has.
    #[cfg_attr(not(feature = "emulator"), allow(dead_code))]
    pub(crate) fn try_count(&mut self, now: Instant) -> Result<(), Duration> {
        self.try_take(now).map_err(|w| w.at_least)?;
        self.release(now);
        Ok(())
    }
}

/// The limiter one client shares across its clones and threads.
#[derive(Debug)]
pub(crate) struct Limiter {
    shared: Arc<Shared>,
    max_wait: Duration,
}

/// What a cancellation's waker needs too.
#[derive(Debug)]
struct Shared {
    slots: Mutex<Slots>,
    /// Signalled whenever a slot is released (and on a cancellation).
    released: Condvar,
}

/// A slot held while one attempt is in flight; dropping it (answer arrived, attempt failed,
/// or a panic) releases the slot. It owns its share of the limiter, so an attempt its caller
/// walked away from (a cancelled read) keeps its slot until it really ends.
#[derive(Debug)]
#[must_use = "the slot is released when the permit is dropped"]
pub(crate) struct Permit {
    limiter: Arc<Shared>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.limiter
            .slots
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .release(Instant::now());
        self.limiter.released.notify_all();
    }
}

impl Limiter {
    pub(crate) fn new(limit: &RateLimit) -> Limiter {
        Limiter {
            shared: Arc::new(Shared {
                slots: Mutex::new(Slots::new(limit)),
                released: Condvar::new(),
            }),
            max_wait: limit.max_wait,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Slots> {
        self.shared.slots.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits until a request may be sent and holds its slot until the permit is dropped, or
    /// fails when the wait would exceed `max_wait`, or with `Interrupted` once `cancel` is.
    pub(crate) fn acquire(&self, cancel: Option<&CancelToken>) -> Result<Permit, Error> {
        // A cancellation wakes the wait below at once.
        let _woken = cancel.map(|token| {
            let limiter = Arc::clone(&self.shared);
            token.on_cancel(Arc::new(move || {
                let _guard = limiter.slots.lock().unwrap_or_else(|p| p.into_inner());
                limiter.released.notify_all();
            }))
        });
        let mut slots = self.lock();
        loop {
            let wait = match slots.try_take(Instant::now()) {
                Ok(()) => {
                    return Ok(Permit {
                        limiter: Arc::clone(&self.shared),
                    })
                }
                Err(wait) => wait.at_least,
            };
            if wait > self.max_wait {
                let note = format!(
                    "the client-side rate limiter would have to wait {:.3}s, more than \
                     the allowed {:.3}s",
                    wait.as_secs_f64(),
                    self.max_wait.as_secs_f64()
                );
                let failure = ApiFailure {
                    http_status: None,
                    errors: Vec::new(),
                    retry_after: Some(wait),
                    body: None,
                    note: Some(note),
                    exchange: None,
                };
                return Err(Error::from_failure(Status::RateLimited, failure));
            }
            log::debug!(target: "certcentral", "rate limiter: waiting up to {wait:?}");
            if let Some(token) = cancel {
                if token.is_cancelled() {
                    return Err(Error::Interrupted);
                }
            }
            // Woken early by a release, which may free a slot sooner, or by a cancellation.
            let slice = cancel.map_or(wait, |token| token.slice(wait));
            slots = self
                .shared
                .released
                .wait_timeout(slots, slice)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(max_requests: u32, millis: u64) -> RateLimit {
        RateLimit::new([Window {
            max_requests,
            period: Duration::from_millis(millis),
        }])
        .unwrap()
    }

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn a_full_window_reports_the_wait_until_its_oldest_release_expires() {
        let mut slots = Slots::new(&limit(2, 1000));
        let t0 = Instant::now();
        assert!(slots.try_count(t0).is_ok());
        assert!(slots.try_count(t0 + ms(100)).is_ok());
        assert_eq!(slots.try_count(t0 + ms(300)), Err(ms(700)));
        assert!(slots.try_count(t0 + ms(1000)).is_ok());
    }

    #[test]
    fn a_slot_counts_from_its_release_not_from_its_send() {
        let mut slots = Slots::new(&limit(2, 1000));
        let t0 = Instant::now();
        slots.try_take(t0).unwrap();
        slots.try_take(t0).unwrap();
        // Both in flight: the wait is unknown until one is released, and at least a period.
        assert_eq!(
            slots.try_take(t0 + ms(5000)),
            Err(Wait {
                at_least: ms(1000),
                needs_release: true
            })
        );
        // A slow answer arrives 5 s after sending: its slot is free only a period later.
        slots.release(t0 + ms(5000));
        assert_eq!(
            slots.try_take(t0 + ms(5500)),
            Err(Wait {
                at_least: ms(500),
                needs_release: false
            })
        );
        slots.release(t0 + ms(5600));
        assert_eq!(
            slots.try_take(t0 + ms(5700)).unwrap_err().at_least,
            ms(300),
            "the first release leaves the window at 6000 ms"
        );
        assert!(slots.try_take(t0 + ms(6000)).is_ok());
    }

    #[test]
    fn the_strictest_of_several_windows_wins() {
        let both = RateLimit::new([
            Window {
                max_requests: 3,
                period: Duration::from_secs(1),
            },
            Window {
                max_requests: 4,
                period: Duration::from_secs(10),
            },
        ])
        .unwrap();
        let mut slots = Slots::new(&both);
        let t0 = Instant::now();
        for i in 0..3 {
            slots.try_count(t0 + ms(i)).unwrap();
        }
        let later = t0 + Duration::from_secs(2);
        slots.try_count(later).unwrap();
        assert_eq!(slots.try_count(later), Err(Duration::from_secs(8)));
    }

    /// Sends 60 requests as fast as the slots allow, on a virtual clock, each taking a random
    /// round trip and arriving at the server at a random moment of it; returns how many times
    /// the server saw more than `max` arrivals within one period.
    fn server_overruns(slot_held_until_answer: bool, seed: u64) -> usize {
        let (max, period) = (5usize, ms(100));
        let mut rng = seed;
        let mut random = |bound: u64| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng % bound
        };
        // The old limiter stamped at send time, with a 2 % margin.
        let mut slots = if slot_held_until_answer {
            Slots::new(&limit(max as u32, 100))
        } else {
            Slots::new(&limit(max as u32, 102))
        };
        let mut now = Instant::now();
        // (answer arrives, arrival at the server) of the requests in flight.
        let mut in_flight: Vec<(Instant, Instant)> = Vec::new();
        let mut arrivals: Vec<Instant> = Vec::new();
        while arrivals.len() < 60 {
            in_flight.sort();
            while in_flight.first().is_some_and(|(done, _)| *done <= now) {
                let (done, _) = in_flight.remove(0);
                if slot_held_until_answer {
                    slots.release(done);
                }
            }
            match slots.try_take(now) {
                Ok(()) => {
                    if !slot_held_until_answer {
                        slots.release(now);
                    }
                    let round_trip = ms(random(80));
                    let arrival = now + round_trip.mul_f64(random(1001) as f64 / 1000.0);
                    in_flight.push((now + round_trip, arrival));
                    arrivals.push(arrival);
                }
                Err(wait) => {
                    // The next event: an answer, or a release leaving the window.
                    let expiry = now + wait.at_least;
                    let next_answer = in_flight.iter().map(|(done, _)| *done).min();
                    now = match next_answer {
                        Some(answer) if answer < expiry || wait.needs_release => answer,
                        _ => expiry,
                    };
                }
            }
        }
        arrivals.sort();
        arrivals
            .windows(max + 1)
            .filter(|w| w[max] - w[0] < period)
            .count()
    }

    #[test]
    fn the_server_never_sees_more_than_the_limit_whatever_the_latency() {
        for seed in 1..=200 {
            assert_eq!(server_overruns(true, seed), 0, "seed {seed}");
        }
        // The same traffic stamped at send time (the old limiter) does overrun: the check can
        // tell the two apart.
        assert!((1..=200).any(|seed| server_overruns(false, seed) > 0));
    }

    #[test]
    fn a_wait_beyond_the_bound_fails_with_rate_limited() {
        let limiter = Limiter::new(&limit(1, 60_000).max_wait(ms(10)));
        drop(limiter.acquire(None).unwrap());
        let err = limiter.acquire(None).unwrap_err();
        assert_eq!(err.status(), Status::RateLimited);
        assert!(err.retry_after().unwrap() > Duration::from_secs(59));
        assert!(err.to_string().contains("would have to wait"), "{err}");

        // A slot still held counts as at least a whole period away.
        let limiter = Limiter::new(&limit(1, 60_000).max_wait(ms(10)));
        let _held = limiter.acquire(None).unwrap();
        assert_eq!(
            limiter.acquire(None).unwrap_err().status(),
            Status::RateLimited
        );
    }

    #[test]
    fn bad_windows_are_rejected() {
        assert!(RateLimit::new([]).is_err());
        let zero = Window {
            max_requests: 0,
            period: Duration::from_secs(1),
        };
        assert_eq!(
            RateLimit::new([zero]).unwrap_err().status(),
            Status::InvalidArgument
        );
    }
}
