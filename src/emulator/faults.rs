//! Scripted faults: per route, what goes wrong, for how many requests.
//!
//! A fault is JSON, so tests in every language (and the CLI's `--fault`) script it the same way:
//! `{"route": "POST account", "kind": "reset_after", "times": 1}`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One scripted fault.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fault {
    /// `"METHOD path"` of an API route (e.g. `"POST account"`), or `"*"` for every API route.
    #[serde(default = "any_route")]
    pub route: String,
    /// How many requests it hits before it retires; `None` keeps it until faults are cleared.
    #[serde(default)]
    pub times: Option<u32>,
    /// Hit every `every`-th matching request (1: each one; 20: 5 % of them).
    #[serde(default = "one")]
    pub every: u32,
    /// Only requests whose body contains this text match: a test marks the records it wants
    /// hit, so that which request meets the fault does not depend on the order of arrival.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_contains: Option<String>,
    /// What happens.
    #[serde(flatten)]
    pub action: FaultAction,
}

fn any_route() -> String {
    "*".to_owned()
}

fn one() -> u32 {
    1
}

/// What a fault does to a request it hits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultAction {
    /// Answer with `status` instead of handling the request (nothing is created). Without a
    /// `body`, a documented-style JSON error body is sent; `content_type` defaults to JSON.
    Respond {
        /// The HTTP status to answer with (100 to 999).
        status: u16,
        /// The body, verbatim.
        #[serde(default)]
        body: Option<String>,
        /// The `Content-Type` header.
        #[serde(default)]
        content_type: Option<String>,
        /// Sent as the `Retry-After` header, verbatim (seconds or an HTTP date).
        #[serde(default)]
        retry_after: Option<String>,
    },
    /// Handle the request, then wait `ms` milliseconds before answering.
    Delay {
        /// The wait, in milliseconds.
        ms: u64,
    },
    /// Handle the request, then hold the answer until `POST _emulator/release` (or `ms`
    /// milliseconds, so that a test that forgets cannot hang): lets a test act while a request
    /// is in flight, without guessing how long that is.
    Hold {
        /// The longest hold, in milliseconds.
        ms: u64,
    },
    /// Handle the request, then send only part of the body, with a matching length:
    /// well-framed HTTP carrying malformed JSON. `keep` is how many bytes are sent (negative:
    /// all but that many); by default half.
    Malformed {
        /// Bytes of the body sent (negative: all but that many); `None`: half.
        #[serde(default)]
        keep: Option<i64>,
    },
    /// Handle the request, then announce the full length but close the connection after `keep`
    /// bytes of the body (as for `malformed`).
    Truncated {
        /// Bytes of the body sent before the close (as for `malformed`).
        #[serde(default)]
        keep: Option<i64>,
    },
    /// Handle the request, then replace a top-level field of the JSON answer with `value`
    /// (e.g. a wrong type), to test tolerant decoding.
    CorruptField {
        /// The top-level field's name (added when the answer lacks it).
        field: String,
        /// The JSON value it gets.
        value: Value,
    },
    /// Close the connection before reading the request: nothing happens on the server.
    ResetBefore,
    /// Handle the request (it takes effect), then close the connection without answering.
    ResetAfter,
}

impl Fault {
    /// A fault that answers every request to `route` with `status` and exactly `body` (a
    /// recorded answer, replayed).
    pub fn replay(route: &str, status: u16, body: &str) -> Fault {
        Fault {
            route: route.to_owned(),
            times: None,
            every: 1,
            body_contains: None,
            action: FaultAction::Respond {
                status,
                body: Some(body.to_owned()),
                content_type: None,
                retry_after: None,
            },
        }
    }

    /// Checks a fault before it is installed.
    pub fn check(&self) -> Result<(), String> {
        if self.every == 0 {
            return Err("every: must be at least 1".to_owned());
        }
        if let FaultAction::Respond { status, .. } = self.action {
            if !(100..=999).contains(&status) {
                return Err(format!("status: {status} is not an HTTP status"));
            }
        }
        if self.body_contains.as_deref() == Some("") {
            return Err("body_contains: must not be empty".to_owned());
        }
        if self.route != "*" && !self.route.contains(' ') {
            return Err(format!(
                "route: {:?} must be \"*\" or \"METHOD path\", e.g. \"POST account\"",
                self.route
            ));
        }
        Ok(())
    }
}

/// Installed faults and how often each has matched.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    installed: Vec<(Fault, u64, u32)>,
}

impl Faults {
    pub(crate) fn add(&mut self, fault: Fault) {
        self.installed.push((fault, 0, 0));
    }

    pub(crate) fn clear(&mut self) {
        self.installed.clear();
    }

    pub(crate) fn list(&self) -> Vec<Fault> {
        self.installed.iter().map(|(f, _, _)| f.clone()).collect()
    }

    /// Whether some fault looks at request bodies (then the body is read before the fault is
    /// drawn).
    pub(crate) fn need_body(&self) -> bool {
        self.installed
            .iter()
            .any(|(f, _, _)| f.body_contains.is_some())
    }

    /// The action of the first fault that hits this request, if any. A fault's route matches
    /// the route's pattern (`"POST key/user/{user_id}"`) or the request itself
    /// (`"POST key/user/7"`), and its `body_contains` (if any) the body, which is `None` when
    /// not read. Each matching fault counts the request; a fault retires after `times` hits.
    pub(crate) fn hit(
        &mut self,
        pattern: &str,
        request: &str,
        body: Option<&[u8]>,
    ) -> Option<FaultAction> {
        let mut action = None;
        for (fault, seen, hits) in &mut self.installed {
            if fault.route != "*" && fault.route != pattern && fault.route != request {
                continue;
            }
            if let Some(text) = &fault.body_contains {
                // Bodies are JSON, so UTF-8; `str::contains` is std's fast substring search.
                let found = body
                    .and_then(|b| std::str::from_utf8(b).ok())
                    .is_some_and(|b| b.contains(text.as_str()));
                if !found {
                    continue;
                }
            }
            *seen += 1;
            if action.is_none() && *seen % u64::from(fault.every) == 0 {
                *hits += 1;
                action = Some(fault.action.clone());
            }
        }
        self.installed
            .retain(|(fault, _, hits)| fault.times.is_none_or(|t| *hits < t));
        action
    }
}

/// How many of `len` bytes a `malformed` or `truncated` fault sends.
pub(crate) fn kept(len: usize, keep: Option<i64>) -> usize {
    let kept = match keep {
        None => len / 2,
        Some(n) if n >= 0 => usize::try_from(n).unwrap_or(usize::MAX),
        Some(n) => len.saturating_sub(usize::try_from(n.unsigned_abs()).unwrap_or(usize::MAX)),
    };
    kept.min(len)
}

/// The body a `respond` fault sends when it names none: the API's error shape.
pub(crate) fn default_body(status: u16) -> String {
    let (code, message) = match status {
        429 => (
            "request_limit_exceeded",
            "Service unavailable, please limit request volume",
        ),
        500..=599 => (
            "service_unavailable",
            "The service is temporarily unavailable.",
        ),
        _ => ("injected_fault", "An injected fault answered this request."),
    };
    serde_json::json!({"errors": [{"code": code, "message": message}]}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(json: &str) -> Fault {
        let fault: Fault = serde_json::from_str(json).unwrap();
        fault.check().unwrap();
        fault
    }

    #[test]
    fn faults_parse_from_json() {
        let f = fault(r#"{"route": "POST account", "kind": "respond", "status": 503, "times": 2}"#);
        assert_eq!(f.times, Some(2));
        assert_eq!(f.every, 1);
        let f = fault(r#"{"kind": "corrupt_field", "field": "id", "value": "x"}"#);
        assert_eq!(f.route, "*");
        assert!(serde_json::from_str::<Fault>(r#"{"kind": "explode"}"#).is_err());
        let f = fault(r#"{"kind": "truncated", "keep": -1}"#);
        assert_eq!(f.action, FaultAction::Truncated { keep: Some(-1) });
        assert_eq!(
            fault(r#"{"kind": "malformed"}"#).action,
            FaultAction::Malformed { keep: None }
        );
        let bad: Fault =
            serde_json::from_str(r#"{"route": "account", "kind": "reset_before"}"#).unwrap();
        assert!(bad.check().is_err());
    }

    #[test]
    fn keep_counts_from_either_end() {
        assert_eq!(kept(10, None), 5);
        assert_eq!(kept(10, Some(3)), 3);
        assert_eq!(kept(10, Some(-1)), 9);
        assert_eq!(kept(10, Some(-99)), 0);
        assert_eq!(kept(10, Some(99)), 10);
    }

    #[test]
    fn times_and_every_count_matching_requests() {
        let mut faults = Faults::default();
        faults.add(fault(
            r#"{"route": "GET user/me", "kind": "reset_before", "times": 2, "every": 2}"#,
        ));
        let hits: Vec<bool> = (0..6)
            .map(|_| faults.hit("GET user/me", "GET user/me", None).is_some())
            .collect();
        assert_eq!(hits, [false, true, false, true, false, false]);
        assert!(faults.hit("POST user", "POST user", None).is_none());
        assert!(faults.list().is_empty(), "retired after two hits");
    }

    #[test]
    fn body_contains_picks_requests_by_their_body() {
        let mut faults = Faults::default();
        faults.add(fault(
            r#"{"route": "POST user", "kind": "reset_after", "body_contains": "mark-7"}"#,
        ));
        assert!(faults.need_body());
        let hit = |faults: &mut Faults, body: &[u8]| {
            faults.hit("POST user", "POST user", Some(body)).is_some()
        };
        assert!(!hit(&mut faults, br#"{"username": "mark-6"}"#));
        assert!(hit(&mut faults, br#"{"username": "mark-7"}"#));
        assert!(faults.hit("POST user", "POST user", None).is_none());
        let empty: Fault =
            serde_json::from_str(r#"{"kind": "reset_before", "body_contains": ""}"#).unwrap();
        assert!(empty.check().is_err());
    }
}
