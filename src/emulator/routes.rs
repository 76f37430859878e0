//! The router: authentication, finding a request's route among the resources' route tables, and
//! dispatch to the route's handler. The endpoints themselves live one file per resource
//! (`invites.rs`, `subaccounts.rs`, `users.rs`, `organizations.rs`, `containers.rs`, `keys.rs`),
//! each with its table: adding an endpoint is a row and a handler there.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::json;

use super::state::State;
use super::{containers, invites, keys, organizations, subaccounts, users};
use crate::validate::{Rules, Violation};

/// An HTTP answer before it is put on the wire.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
    pub headers: Vec<(&'static str, String)>,
}

impl Answer {
    pub(crate) fn json(status: u16, value: &impl Serialize) -> Answer {
        Answer {
            status,
            body: serde_json::to_vec(value).unwrap_or_default(),
            headers: vec![("content-type", "application/json".to_owned())],
        }
    }

    pub(crate) fn empty(status: u16) -> Answer {
        Answer {
            status,
            body: Vec::new(),
            headers: Vec::new(),
        }
    }

    /// The documented error shape: `{"errors":[{"code","message"}]}`.
    pub(crate) fn error(status: u16, code: &str, message: &str) -> Answer {
        Answer::json(
            status,
            &json!({"errors": [{"code": code, "message": message}]}),
        )
    }
}

/// What a handler returns: `Err` is an answer too (a refusal), so handlers can use `?`.
pub(crate) type Handled = Result<Answer, Answer>;

/// One API request, as the router sees it.
pub(crate) struct ApiRequest<'a> {
    pub method: &'a str,
    /// The path below the base URL, e.g. `account/subaccount/invite`.
    pub route: &'a str,
    pub query: &'a str,
    pub api_key: Option<&'a str>,
    pub body: &'a [u8],
}

/// What a handler is given besides the state: the authenticated request.
pub(crate) struct Call<'a> {
    /// The user the API key belongs to.
    pub caller: i64,
    /// The path's ids (its `{…}` segments), in order.
    pub ids: Vec<i64>,
    pub query: &'a str,
    pub body: &'a [u8],
}

impl Call<'_> {
    /// The path's first id (the route's only `{…}` segment).
    pub(crate) fn id(&self) -> i64 {
        self.ids[0]
    }
}

/// A handler, as a route table names it: usually a closure that picks from the [`Call`] what the
/// endpoint's function takes (reads only look at the state; writes change it).
pub(crate) type Handler = fn(&mut State, &Call) -> Handled;

/// One emulated endpoint: a row of a resource's route table.
pub(crate) struct Route {
    /// `"METHOD path"`, `{name}` standing for a numeric id (e.g. `"GET user/{user_id}"`): the
    /// name stats count requests under and faults name routes by.
    pub pattern: &'static str,
    pub handler: Handler,
}

/// Every resource's route table.
const TABLES: [&[Route]; 6] = [
    invites::ROUTES,
    subaccounts::ROUTES,
    users::ROUTES,
    organizations::ROUTES,
    containers::ROUTES,
    keys::ROUTES,
];

/// Every emulated route, table by table.
fn routes() -> impl Iterator<Item = &'static Route> {
    TABLES.into_iter().flatten()
}

impl Route {
    fn method(&self) -> &'static str {
        self.pattern
            .split_once(' ')
            .map_or("", |(method, _)| method)
    }

    fn path(&self) -> &'static str {
        self.pattern.split_once(' ').map_or("", |(_, path)| path)
    }

    /// Whether `path` fits the route's path: segment by segment, `{…}` matching a string of
    /// digits.
    fn fits(&self, path: &str) -> bool {
        let mut given = path.split('/');
        self.path().split('/').all(|expected| match given.next() {
            Some(segment) if expected.starts_with('{') => {
                !segment.is_empty()
                    && segment.len() <= 18
                    && segment.bytes().all(|b| b.is_ascii_digit())
            }
            Some(segment) => segment == expected,
            None => false,
        }) && given.next().is_none()
    }

    /// Which of the route's segments are literal, in order: of two routes that fit a path, the
    /// one with a literal segment where the other has its first `{…}` wins.
    fn literal_segments(&self) -> impl Iterator<Item = bool> {
        self.path()
            .split('/')
            .map(|segment| !segment.starts_with('{'))
    }
}

/// The route of a request, if the emulator has one; literal segments win over ids
/// (`account/subaccount/invite` is not a subaccount's id), whatever the tables' order.
fn find(method: &str, path: &str) -> Option<&'static Route> {
    routes()
        .filter(|route| route.method() == method && route.fits(path))
        .reduce(|best, route| {
            if route.literal_segments().gt(best.literal_segments()) {
                route
            } else {
                best
            }
        })
}

/// The route pattern (e.g. `"POST key/user/{user_id}"`) of a request, if the emulator has one;
/// literal segments win over ids (`account/subaccount/invite` is not a subaccount's id).
pub(crate) fn route_of(method: &str, path: &str) -> Option<&'static str> {
    find(method, path).map(|route| route.pattern)
}

/// Whether some emulated route has this path (with whatever method).
pub(crate) fn is_known_path(path: &str) -> bool {
    routes().any(|route| route.fits(path))
}

/// The ids in a path that fits its pattern, in order.
fn path_ids(path: &str) -> Vec<i64> {
    path.split('/').filter_map(|s| s.parse().ok()).collect()
}

/// The documented-style answer to a request that breaks a rule of `src/validate.rs`.
pub(crate) fn broken_rule(v: Violation) -> Answer {
    Answer::error(
        400,
        &format!("{}|{}", v.rule.code(), v.field),
        &format!("{} {}", v.field, v.rule),
    )
}

/// The answer to a path no route has: the documented 404 `not_found|route`.
pub(crate) fn route_not_found() -> Answer {
    Answer::error(
        404,
        "not_found|route",
        "The endpoint does not exist. Make sure the endpoint URL you are using is correct.",
    )
}

/// The read endpoints' answer to an id that names no record.
pub(crate) fn not_found(what: &str, id: i64) -> Answer {
    Answer::error(404, "not_found", &format!("No {what} has the id {id}."))
}

/// A write that clashes with an existing record (a username, an organization).
pub(crate) fn conflict(code: &str, message: &str) -> Answer {
    Answer::error(409, code, message)
}

/// The real server's answer to a key it does not accept: 403 (not 401), byte for byte as
/// recorded (`tests/fixtures/recorded/invalid-key.403.json`).
pub(crate) fn invalid_key() -> Answer {
    Answer {
        status: 403,
        body: INVALID_KEY_BODY.to_vec(),
        headers: vec![("content-type", "application/json".to_owned())],
    }
}

/// The recorded body of [`invalid_key`].
const INVALID_KEY_BODY: &[u8] = br#"{"errors":[{"code":"access_denied|access_denied_invalid_key","message":"Access denied due to access_denied_invalid_key."}]}"#;

/// Authenticates and routes one API request.
pub(crate) fn handle(state: &mut State, req: &ApiRequest) -> Answer {
    let Some(caller) = req.api_key.and_then(|key| state.authenticate(key)) else {
        return invalid_key();
    };
    let Some(route) = find(req.method, req.route) else {
        return if is_known_path(req.route) {
            Answer::error(
                405,
                "method_not_allowed",
                "The endpoint does not accept this method.",
            )
        } else {
            route_not_found()
        };
    };
    let call = Call {
        caller,
        ids: path_ids(req.route),
        query: req.query,
        body: req.body,
    };
    (route.handler)(state, &call).unwrap_or_else(|answer| answer)
}

/// Parses a JSON body into a request type and applies the same rules the client checks.
pub(crate) fn parse<T: DeserializeOwned + Rules>(body: &[u8]) -> Result<T, Answer> {
    let request: T = serde_json::from_slice(body).map_err(|e| {
        Answer::error(
            400,
            "bad_request_format",
            &format!("The request body is malformed: {e}"),
        )
    })?;
    request.check().map_err(broken_rule)?;
    Ok(request)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// The route patterns as stats count them and tests read them: renaming one breaks users'
    /// tests, so a change here must be deliberate.
    const PATTERNS: [&str; 35] = [
        "POST account/subaccount/invite",
        "GET account/subaccount/invite",
        "POST account",
        "GET account/subaccount",
        "GET account/subaccount/{subaccount_id}",
        "POST user",
        "GET user/me",
        "GET user",
        "GET user/{user_id}",
        "PUT user/{user_id}",
        "DELETE user/{user_id}",
        "PUT user/{user_id}/role",
        "PUT user/{user_id}/container-assignments",
        "GET user/api-only",
        "GET service-user",
        "POST organization",
        "GET organization",
        "GET organization/{organization_id}",
        "DELETE organization/{organization_id}",
        "PUT organization/{organization_id}/contact",
        "POST organization/{organization_id}/validation",
        "GET organization/{organization_id}/validation",
        "GET container",
        "GET container/{container_id}",
        "GET container/{container_id}/role",
        "POST container/{parent_id}/children",
        "GET container/{container_id}/children",
        "PUT container/{container_id}/user-assignments",
        "POST key/user/{user_id}",
        "GET key/api-roles",
        "GET key",
        "GET key/{key_id}",
        "PUT key/{key_id}",
        "PUT key/{key_id}/status",
        "PUT account/subaccount/{subaccount_id}",
    ];

    #[test]
    fn every_route_is_in_exactly_one_table_once() {
        let mut seen = HashSet::new();
        for route in routes() {
            assert!(seen.insert(route.pattern), "{} twice", route.pattern);
        }
        let expected: HashSet<&str> = PATTERNS.into_iter().collect();
        assert_eq!(seen, expected);
        // Nor twice under different id names: which one a request meets would be arbitrary.
        let mut shapes = HashSet::new();
        for route in routes() {
            let shape: Vec<&str> = route
                .pattern
                .split('/')
                .map(|s| if s.starts_with('{') { "{}" } else { s })
                .collect();
            assert!(shapes.insert(shape), "{} twice", route.pattern);
        }
    }

    #[test]
    fn patterns_are_a_method_and_a_path() {
        for route in routes() {
            let (method, path) = (route.method(), route.path());
            assert!(
                ["GET", "POST", "PUT", "DELETE"].contains(&method),
                "{}",
                route.pattern
            );
            assert_eq!(route.pattern, format!("{method} {path}"));
            for segment in path.split('/') {
                let id = segment.starts_with('{') && segment.ends_with('}') && segment.len() > 2;
                let literal = !segment.is_empty()
                    && segment.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
                    && !segment.bytes().all(|b| b.is_ascii_digit());
                assert!(id || literal, "{}: segment {segment:?}", route.pattern);
            }
        }
    }

    #[test]
    fn every_route_is_found_by_its_own_path() {
        for route in routes() {
            let path = route
                .path()
                .split('/')
                .map(|s| if s.starts_with('{') { "42" } else { s })
                .collect::<Vec<_>>()
                .join("/");
            assert_eq!(route_of(route.method(), &path), Some(route.pattern));
            assert!(is_known_path(&path));
        }
    }

    #[test]
    fn literal_segments_win_over_ids() {
        assert_eq!(
            route_of("GET", "account/subaccount/invite"),
            Some("GET account/subaccount/invite")
        );
        assert_eq!(
            route_of("GET", "account/subaccount/7"),
            Some("GET account/subaccount/{subaccount_id}")
        );
        assert_eq!(route_of("GET", "user/me"), Some("GET user/me"));
        assert_eq!(route_of("GET", "user/7"), Some("GET user/{user_id}"));
        assert_eq!(route_of("GET", "user/api-only"), Some("GET user/api-only"));
        assert_eq!(route_of("DELETE", "user/7"), Some("DELETE user/{user_id}"));
        assert_eq!(route_of("POST", "account/subaccount/7"), None);
        assert!(is_known_path("account/subaccount/7"));
        assert_eq!(route_of("GET", "user/x"), None);
        assert!(!is_known_path("user/x"));
        assert_eq!(route_of("GET", "user/1234567890123456789"), None);
    }
}
