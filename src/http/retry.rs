//! When to retry, and how long to wait first.
//!
//! The API has no idempotency keys, so a POST that may have reached the server is never sent
//! again: it could create a second subaccount. POST is retried only on 429 (the server refused it
//! without acting) and on failures where the request provably never left (DNS, connect).

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// Retry settings. `max_retries = 0` turns retries off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The backoff before the first retry; it doubles for each further retry.
    pub initial_backoff: Duration,
    /// The cap on one backoff.
    pub max_backoff: Duration,
    /// The longest `Retry-After` honoured; a longer one ends the call with the error.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_retries: crate::config::DEFAULT_MAX_RETRIES,
            initial_backoff: crate::config::DEFAULT_INITIAL_BACKOFF,
            max_backoff: crate::config::DEFAULT_MAX_BACKOFF,
            max_retry_after: crate::config::DEFAULT_MAX_RETRY_AFTER,
        }
    }
}

/// How one attempt ended, as far as the retry decision cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AttemptFailure {
    /// The server answered with this HTTP status.
    Status(u16),
    /// The request provably never left: DNS failure, connection refused, connect timeout.
    NeverSent,
    /// The request may have reached the server: reset, EOF, or a timeout after connecting.
    Ambiguous,
    /// Not worth repeating: TLS verification, bad URL, oversized body.
    Permanent,
}

impl RetryPolicy {
    /// Whether a failed attempt may be repeated. Only GET is treated as idempotent.
    pub(crate) fn retryable(&self, idempotent: bool, failure: AttemptFailure) -> bool {
        match failure {
            AttemptFailure::Status(429) | AttemptFailure::NeverSent => true,
            AttemptFailure::Status(code) => idempotent && (500..=599).contains(&code),
            AttemptFailure::Ambiguous => idempotent,
            AttemptFailure::Permanent => false,
        }
    }

    /// How long to wait before attempt `attempts + 1` after `error`: the server's
    /// `Retry-After` (at most `max_retry_after`), else the backoff.
    #[cfg_attr(not(feature = "bulk"), allow(dead_code))]
    pub(crate) fn wait_before(&self, attempts: u32, error: &crate::Error) -> Option<Duration> {
        Some(match error.retry_after() {
            Some(wait) => wait.min(self.max_retry_after),
            None => self.backoff(attempts.saturating_sub(1)),
        })
    }

    /// Exponential backoff with "equal jitter": half the step is fixed, half random, so retries
    /// from many threads spread out but never collapse to zero.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let step = self
            .initial_backoff
            .saturating_mul(1u32.checked_shl(retry).unwrap_or(u32::MAX))
            .min(self.max_backoff);
        let half = step / 2;
        half + half.mul_f64(unit_random())
    }
}

/// A uniform number in [0, 1). Jitter needs spread, not cryptographic quality.
pub(crate) fn unit_random() -> f64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let bits = RandomState::new().hash_one(COUNTER.fetch_add(1, Ordering::Relaxed));
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// Parses `Retry-After`: delay-seconds or an HTTP date (a date in the past means "now").
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Too many seconds for a u64: longer than any cap, not absent.
        return Some(Duration::MAX);
    }
    if let Ok(seconds) = value.parse::<f64>() {
        // A value too large for a Duration (e.g. `1e20`) is junk, not a reason to panic.
        return Duration::try_from_secs_f64(seconds).ok();
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_is_retried_only_when_it_provably_did_nothing() {
        let policy = RetryPolicy::default();
        let post = false;
        assert!(policy.retryable(post, AttemptFailure::Status(429)));
        assert!(policy.retryable(post, AttemptFailure::NeverSent));
        assert!(!policy.retryable(post, AttemptFailure::Status(503)));
        assert!(!policy.retryable(post, AttemptFailure::Ambiguous));
        assert!(!policy.retryable(post, AttemptFailure::Status(400)));

        let get = true;
        assert!(policy.retryable(get, AttemptFailure::Status(500)));
        assert!(policy.retryable(get, AttemptFailure::Status(503)));
        assert!(policy.retryable(get, AttemptFailure::Ambiguous));
        assert!(!policy.retryable(get, AttemptFailure::Status(404)));
        assert!(!policy.retryable(get, AttemptFailure::Permanent));
    }

    #[test]
    fn backoff_grows_with_jitter_and_is_capped() {
        let policy = RetryPolicy {
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(1000),
            ..RetryPolicy::default()
        };
        for retry in 0..40 {
            let step = Duration::from_millis(100)
                .saturating_mul(1u32.checked_shl(retry).unwrap_or(u32::MAX))
                .min(Duration::from_millis(1000));
            let wait = policy.backoff(retry);
            assert!(wait >= step / 2 && wait <= step, "retry {retry}: {wait:?}");
        }
        let spread: std::collections::HashSet<Duration> =
            (0..20).map(|_| policy.backoff(3)).collect();
        assert!(spread.len() > 1, "jitter must vary");
    }

    #[test]
    fn retry_after_in_seconds_and_as_a_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after(" 0.5 ", now),
            Some(Duration::from_millis(500))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(30))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-3", now), None);
        assert_eq!(parse_retry_after("1e20", now), None);
        assert_eq!(
            parse_retry_after("99999999999999999999", now),
            Some(Duration::MAX),
            "beyond any cap, not absent"
        );
        assert_eq!(parse_retry_after("NaN", now), None);
    }
}
