//! What the real server sends (`tests/fixtures/recorded/`): every recording replayed byte for
//! byte to the Rust face and the `certcentral` command, the facts each one carries, and the
//! emulator answering the recorded way by default.
#![cfg(feature = "cli")]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use certcentral::bulk::{self, Plan, RunOptions, State};
use certcentral::models::{decode, Container, Page, UserPage};
use certcentral::{
    Client, ListInvitesQuery, ListOrganizationsQuery, ListParams, ListSubaccountsQuery,
    ListUsersQuery, Status,
};

fn recorded_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/recorded")
}

fn recorded(name: &str) -> String {
    let path = recorded_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One line of `replays.txt`.
#[derive(Debug)]
struct Replay {
    fixture: String,
    status: u16,
    route: String,
    expected: Expected,
}

#[derive(Debug, PartialEq)]
enum Expected {
    Items(usize),
    Error(String),
}

fn replays() -> Vec<Replay> {
    let text = recorded("replays.txt");
    let replays: Vec<Replay> = text
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split('|').map(str::trim).collect();
            let [fixture, status, route, expected] = fields[..] else {
                panic!("replays.txt: {line:?} is not `fixture | status | route | expected`");
            };
            let expected = match expected.split_once('=') {
                Some(("items", n)) => Expected::Items(n.parse().expect("items=N")),
                Some(("error", kind)) => Expected::Error(kind.to_owned()),
                _ => panic!("replays.txt: unknown expectation {expected:?}"),
            };
            Replay {
                fixture: fixture.to_owned(),
                status: status.parse().expect("an HTTP status"),
                route: route.to_owned(),
                expected,
            }
        })
        .collect();
    assert!(replays.len() >= 10, "replays.txt lost its lines");
    replays
}

/// The list call and the iterator for a route: what each made of the answer.
fn outcomes(client: &Client, route: &str) -> [Result<usize, certcentral::Error>; 2] {
    fn count<T>(
        pages: Result<impl Iterator<Item = certcentral::Result<T>>, certcentral::Error>,
    ) -> Result<usize, certcentral::Error> {
        pages?.try_fold(0, |n, record| record.map(|_| n + 1))
    }
    match route {
        "GET user" => [
            client
                .list_users(&ListUsersQuery::default())
                .map(|p| p.len()),
            count(client.users(ListUsersQuery::default())),
        ],
        "GET account/subaccount/invite" => [
            client
                .list_invites(&ListInvitesQuery::default())
                .map(|p| p.len()),
            count(client.invites(ListInvitesQuery::default())),
        ],
        "GET organization" => [
            client
                .list_organizations(&ListOrganizationsQuery::default())
                .map(|p| p.len()),
            count(client.organizations(ListOrganizationsQuery::default())),
        ],
        "GET account/subaccount" => [
            client
                .list_subaccounts(&ListSubaccountsQuery::default())
                .map(|p| p.len()),
            count(client.subaccounts(ListSubaccountsQuery::default())),
        ],
        "GET container" => [
            client.list_containers().map(|c| c.len()),
            client.list_containers().map(|c| c.len()),
        ],
        other => panic!("replays.txt names {other:?}: give it a call here"),
    }
}

#[test]
fn every_recording_is_read_as_recorded_through_the_rust_face() {
    let emulator = common::emulator();
    let client = common::client(&emulator);
    for replay in replays() {
        emulator.clear_faults();
        emulator
            .replay(&replay.route, replay.status, &recorded(&replay.fixture))
            .unwrap();
        for (call, outcome) in ["list", "iterator"]
            .iter()
            .zip(outcomes(&client, &replay.route))
        {
            match (&replay.expected, outcome) {
                (Expected::Items(n), Ok(got)) => assert_eq!(got, *n, "{replay:?} ({call})"),
                (Expected::Error(kind), Err(e)) => assert_eq!(e.kind(), kind, "{replay:?}: {e}"),
                (_, outcome) => panic!("{replay:?} ({call}): {outcome:?}"),
            }
        }
    }
}

/// `certcentral <noun> list --output json` for a route the command lists.
fn command_for(route: &str) -> Option<&'static str> {
    match route {
        "GET user" => Some("users"),
        "GET account/subaccount/invite" => Some("invites"),
        "GET organization" => Some("orgs"),
        // The command has no list of subaccounts or containers.
        _ => None,
    }
}

#[test]
fn every_recording_the_command_lists_is_read_as_recorded() {
    let emulator = common::emulator();
    let mut tried = 0;
    for replay in replays() {
        let Some(noun) = command_for(&replay.route) else {
            continue;
        };
        emulator.clear_faults();
        emulator
            .replay(&replay.route, replay.status, &recorded(&replay.fixture))
            .unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_certcentral"))
            .args([noun, "list", "--output", "json"])
            .env("DIGICERT_API_KEY", emulator.api_key())
            .env("CERTCENTRAL_BASE_URL", emulator.base_url())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        match &replay.expected {
            Expected::Items(n) => {
                assert_eq!(out.status.code(), Some(0), "{replay:?}: {stderr}");
                let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                assert_eq!(printed.as_array().map(Vec::len), Some(*n), "{replay:?}");
            }
            Expected::Error(kind) => {
                assert_eq!(out.status.code(), Some(3), "{replay:?}: {stderr}");
                assert!(stderr.contains("authentication failed"), "{kind}: {stderr}");
            }
        }
        tried += 1;
    }
    assert!(tried >= 7, "only {tried} recordings reached the command");
}

#[test]
fn a_recorded_user_keeps_absent_fields_absent_and_undocumented_ones_in_raw() {
    let page: UserPage = decode(recorded("users.list.json").as_bytes()).unwrap();
    let user = &page.items[0];
    assert_eq!(user.id, 2_700_001);
    assert_eq!(
        (&user.job_title, &user.telephone, &user.last_login_date),
        (&None, &None, &None)
    );
    assert_eq!(user.has_container_assignments, Some(false));
    let container = user.container.as_ref().unwrap();
    assert_eq!(
        (container.template_id, container.is_active),
        (Some(5), Some(true))
    );
    assert_eq!(container.ekey.as_deref(), Some("2k4m…"));
    assert_eq!(
        user.access_roles[0].name.as_deref(),
        Some("Finance Manager")
    );
    let raw = user.raw.to_value();
    assert_eq!(raw["has_container_assignments"], false);
    assert_eq!(raw["container"]["public_id"], "0abc…");
    assert!(raw.get("job_title").is_none(), "absent stays absent in raw");
}

#[test]
fn recorded_dates_are_kept_as_the_server_sent_them() {
    let page: UserPage = decode(recorded("users.login-dates.json").as_bytes()).unwrap();
    let dates: Vec<Option<&str>> = page
        .items
        .iter()
        .map(|u| u.last_login_date.as_deref())
        .collect();
    assert_eq!(
        dates,
        [
            Some("2020-05-01 15:47:26"),
            Some("2023-10-13T15:15:13+00:00")
        ]
    );
}

#[test]
fn a_boolean_recorded_as_text_reads_like_its_neighbour() {
    let page: Page<Container> =
        decode(recorded("containers.active-as-text.json").as_bytes()).unwrap();
    let container = &page.items[0];
    assert_eq!(container.is_active, Some(true));
    assert_eq!(container.organization_assignments[0].is_active, Some(true));
    for (text, want) in [("\"0\"", false), ("0", false), ("1", true), ("\"1\"", true)] {
        let body = format!(r#"{{"containers":[{{"id":1,"is_active":{text},"has_logo":{text}}}]}}"#);
        let page: Page<Container> = decode(body.as_bytes()).unwrap();
        assert_eq!(
            (page.items[0].is_active, page.items[0].has_logo),
            (Some(want), Some(want)),
            "{text}"
        );
    }
}

#[test]
fn a_list_without_its_array_is_empty_only_when_it_says_so() {
    let empty = |body: &str| decode::<UserPage>(body.as_bytes()).map(|p| p.len());
    for body in [
        recorded("empty-list.2020.json").as_str(),
        recorded("empty-list.2023.json").as_str(),
        r#"{"page":{"total":"0"}}"#,
        r#"{"page":{"total":0},"undocumented":true}"#,
        r#"{"page":{"limit":1000,"offset":0}}"#,
        r#"{"page":null}"#,
        "{}",
        r#"{"users":null,"page":{"total":0}}"#,
    ] {
        assert_eq!(empty(body).unwrap(), 0, "{body}");
    }
    for (body, why) in [
        (
            r#"{"page":{"total":3,"limit":1000,"offset":0}}"#,
            "`page.total` is 3",
        ),
        (r#"{"errors":[{"code":"x","message":"y"}]}"#, "error object"),
        (
            r#"{"page":{"total":0},"errors":[{"code":"x","message":"y"}]}"#,
            "error object",
        ),
        (r#"{"people":[]}"#, "other members"),
        (r#"[]"#, "expected a JSON object, got an array"),
        ("null", "expected a JSON object, got null"),
    ] {
        let err = empty(body).unwrap_err();
        assert!(err.to_string().contains(why), "{body}: {err}");
    }
}

#[test]
fn the_emulator_answers_the_recorded_way_by_default() {
    let emulator = common::emulator();
    let client = common::client(&emulator);
    // A list that matches nothing: exactly the recorded body, with the same limit.
    let empty = client
        .request_raw_json("GET", "user?filters[search]=nobody&limit=1000", None)
        .unwrap();
    assert_eq!(empty.as_str(), recorded("empty-list.2020.json"));
    let empty = client
        .request_raw_json("GET", "account/subaccount/invite?limit=1", None)
        .unwrap();
    assert_eq!(empty.as_str(), recorded("empty-list.2023.json"));
    // Every list of the client reads it as empty.
    let query = ListUsersQuery {
        list: ListParams {
            search: Some("nobody".into()),
            ..ListParams::default()
        },
        ..ListUsersQuery::default()
    };
    assert!(client.list_users(&query).unwrap().is_empty());
    assert_eq!(client.users(query).unwrap().count(), 0);
    assert_eq!(
        client.invites(ListInvitesQuery::default()).unwrap().count(),
        0
    );

    // A wrong key: 403 with the recorded body, read as an authentication failure.
    let wrong = emulator.client_builder().api_key("wrong").build().unwrap();
    let err = wrong.current_user().unwrap_err();
    assert_eq!(err.status(), Status::Authentication);
    assert_eq!(err.http_status(), Some(403));
    assert_eq!(err.body(), Some(recorded("invalid-key.403.json").as_str()));
}

#[test]
fn the_documented_empty_list_is_an_option_and_reads_the_same() {
    let emulator = common::emulator_with(|o| o.documented_empty_lists = true);
    let client = common::client(&emulator);
    let empty = client
        .request_raw_json("GET", "account/subaccount/invite", None)
        .unwrap();
    assert_eq!(
        empty.as_str(),
        r#"{"subaccount_invites":[],"page":{"total":0,"limit":1000,"offset":0}}"#
    );
    assert!(client
        .list_invites(&ListInvitesQuery::default())
        .unwrap()
        .is_empty());
}

/// Walks a JSON value and returns the path of the first `null`, if any.
fn first_null(value: &serde_json::Value, path: &str) -> Option<String> {
    match value {
        serde_json::Value::Null => Some(path.to_owned()),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| first_null(v, &format!("{path}[{i}]"))),
        serde_json::Value::Object(map) => map
            .iter()
            .find_map(|(k, v)| first_null(v, &format!("{path}.{k}"))),
        _ => None,
    }
}

#[test]
fn the_emulator_leaves_unset_fields_out_rather_than_null() {
    use certcentral::models::*;
    let emulator = common::emulator();
    let client = common::client(&emulator);
    // Records with every optional field unset.
    let user = client
        .add_user(&AddUserRequest::new(
            "plain",
            "Pat",
            "Doe",
            "pat@example.com",
            [3],
        ))
        .unwrap();
    let org = client
        .create_organization(&common::fixture::<CreateOrganizationRequest>(
            "create-organization.request.json",
        ))
        .unwrap();
    let request: CreateSubaccountRequest = common::fixture("create-subaccount.request.json");
    let sub = client.create_subaccount(&request).unwrap();
    for path in [
        "user".to_owned(),
        format!("user/{}", user.id),
        "user/me".to_owned(),
        "user?without_container=true".to_owned(),
        "organization".to_owned(),
        format!("organization/{}", org.id),
        "organization?include_validation=true".to_owned(),
        "account/subaccount".to_owned(),
        format!("account/subaccount/{}", sub.id),
        "account/subaccount/invite".to_owned(),
        "container".to_owned(),
        "container/300000".to_owned(),
        "container/300000/role".to_owned(),
        "key/api-roles".to_owned(),
    ] {
        let answer = client.request_json("GET", &path, None).unwrap();
        assert_eq!(first_null(&answer, ""), None, "GET {path}: {answer}");
    }
    let user = client.get_user(user.id).unwrap();
    let raw = user.raw.to_value();
    assert!(raw.get("job_title").is_none() && raw.get("last_login_date").is_none());
}

/// A bulk run's look-ups ask "is there a pending invite to this address?" and "is there a user
/// with this username?" before anything is sent again; the real server answers "no" with the
/// page object alone. A resume of operations caught in flight (as a crash between journaling
/// and sending leaves them) finds nothing, sends each once, and ends `done`.
#[test]
fn a_resume_whose_look_ups_find_nothing_in_the_recorded_form_creates_each_once() {
    let emulator = common::emulator();
    let client = common::client(&emulator);
    let dir = tempdir("recorded-resume");
    let journal = dir.join("run.db");
    let plan = Plan::from_csv(
        "key,kind,email,subaccount_type,username,first_name,last_name,access_roles\n\
         inv,send_invite,new@example.com,retail,,,,\n\
         usr,add_user,usr@example.com,,newuser,Ada,User,5\n"
            .as_bytes(),
    )
    .unwrap();
    // The run is refused at its first request (the key is wrong), so nothing is sent…
    let refused = emulator.client_builder().api_key("wrong").build().unwrap();
    let err = bulk::run(&refused, &plan, &journal, &RunOptions::default(), &mut ()).unwrap_err();
    assert_eq!(err.status(), Status::Authentication);
    // …and a crash after journaling `in_flight` is what leaves every row like this.
    let db = rusqlite::Connection::open(&journal).unwrap();
    db.execute(
        "UPDATE operations SET state = 'in_flight', attempts = 1, ambiguous = 1",
        [],
    )
    .unwrap();
    drop(db);
    let before = emulator.stats();
    let report = bulk::resume(&client, &journal, &RunOptions::default(), &mut ()).unwrap();
    assert!(report.all_done(), "{:?}", report.entries);
    let stats = emulator.stats();
    assert_eq!(stats.invites_created - before.invites_created, 1);
    assert_eq!(stats.users_created - before.users_created, 1);
    // Both look-ups were asked, and answered in the recorded empty form.
    for route in ["GET account/subaccount/invite", "GET user"] {
        assert!(
            stats.requests.get(route).copied().unwrap_or(0) >= 1,
            "{route}"
        );
    }
    for entry in &report.entries {
        assert_eq!(entry.state, State::Done);
        assert!(entry.created_id.is_some() || entry.key == "inv");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cc-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
