//! Rolling-window request limits: the client waits to stay under them, the emulator enforces them.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::error::{ApiFailure, Error, Status};

/// At most `max_requests` requests within any `period`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub max_requests: u32,
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
            max_wait: Duration::from_secs(180),
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

/// The request times inside each window.
#[derive(Debug)]
pub(crate) struct RollingWindows {
    windows: Vec<(Window, VecDeque<Instant>)>,
}

impl RollingWindows {
    pub(crate) fn new(limit: &RateLimit) -> RollingWindows {
        let windows = limit.windows.iter().map(|w| (*w, VecDeque::new()));
        RollingWindows {
            windows: windows.collect(),
        }
    }

    /// Records a request at `now` when every window has room; otherwise returns how long until
    /// the fullest window has room, and records nothing.
    pub(crate) fn try_acquire(&mut self, now: Instant) -> Result<(), Duration> {
        let mut wait = Duration::ZERO;
        for (window, times) in &mut self.windows {
            while times
                .front()
                .is_some_and(|t| now.duration_since(*t) >= window.period)
            {
                times.pop_front();
            }
            if times.len() >= window.max_requests as usize {
                let oldest = times[times.len() - window.max_requests as usize];
                wait = wait.max(window.period - now.duration_since(oldest));
            }
        }
        if !wait.is_zero() {
            return Err(wait);
        }
        for (_, times) in &mut self.windows {
            times.push_back(now);
        }
        Ok(())
    }
}

/// The limiter one client shares across its clones and threads.
#[derive(Debug)]
pub(crate) struct Limiter {
    windows: Mutex<RollingWindows>,
    max_wait: Duration,
}

impl Limiter {
    /// The client keeps 2 % under each window: its clock and the server's see each request at
    /// slightly different moments, and a request that arrives a hair early meets 429.
    pub(crate) fn new(limit: &RateLimit) -> Limiter {
        let padded = RateLimit {
            windows: limit
                .windows
                .iter()
                .map(|w| Window {
                    max_requests: w.max_requests,
                    period: w.period.mul_f64(1.02),
                })
                .collect(),
            max_wait: limit.max_wait,
        };
        Limiter {
            windows: Mutex::new(RollingWindows::new(&padded)),
            max_wait: limit.max_wait,
        }
    }

    /// Waits until a request may be sent, or fails when the wait would exceed `max_wait`.
    pub(crate) fn acquire(&self) -> Result<(), Error> {
        loop {
            let attempt = {
                let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
                windows.try_acquire(Instant::now())
            };
            match attempt {
                Ok(()) => return Ok(()),
                Err(wait) if wait > self.max_wait => {
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
                    };
                    return Err(Error::from_failure(Status::RateLimited, failure));
                }
                Err(wait) => {
                    log::debug!(target: "certcentral", "rate limiter: waiting {wait:?}");
                    std::thread::sleep(wait);
                }
            }
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

    #[test]
    fn a_full_window_reports_the_wait_until_its_oldest_request_expires() {
        let mut windows = RollingWindows::new(&limit(2, 1000));
        let t0 = Instant::now();
        assert!(windows.try_acquire(t0).is_ok());
        assert!(windows.try_acquire(t0 + Duration::from_millis(100)).is_ok());
        let wait = windows
            .try_acquire(t0 + Duration::from_millis(300))
            .unwrap_err();
        assert_eq!(wait, Duration::from_millis(700));
        assert!(windows
            .try_acquire(t0 + Duration::from_millis(1000))
            .is_ok());
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
        let mut windows = RollingWindows::new(&both);
        let t0 = Instant::now();
        for i in 0..3 {
            windows.try_acquire(t0 + Duration::from_millis(i)).unwrap();
        }
        let later = t0 + Duration::from_secs(2);
        windows.try_acquire(later).unwrap();
        let wait = windows.try_acquire(later).unwrap_err();
        assert_eq!(wait, Duration::from_secs(8));
    }

    #[test]
    fn a_wait_beyond_the_bound_fails_with_rate_limited() {
        let limiter = Limiter::new(&limit(1, 60_000).max_wait(Duration::from_millis(10)));
        limiter.acquire().unwrap();
        let err = limiter.acquire().unwrap_err();
        assert_eq!(err.status(), Status::RateLimited);
        assert!(err.retry_after().unwrap() > Duration::from_secs(59));
        assert!(err.to_string().contains("would have to wait"), "{err}");
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
