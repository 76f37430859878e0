//! Accounts as code against the emulator: plans of an empty and of a matching account (no
//! writes), each kind of change, apply then plan (empty), a saved plan refused once the account
//! moved, `--prune` deleting only what the file does not mention, refused files listing every
//! problem, and `certcentral apply` killed with SIGKILL mid-request then run again (no
//! duplicate).
#![cfg(feature = "cli")]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use certcentral::emulator::{Emulator, Fault};
use certcentral::state::{self, ApplyOptions, Change, Scope, Source, StatePlan};
use certcentral::{Client, ListParams, ListUsersQuery};

const ACCOUNT: &str = r#"
[[division]]
name = "EMEA"
description = "Europe"

[[division]]
name = "Berlin"
parent = "EMEA"

[[user]]
username = "grace"
email = "grace@example.com"
first_name = "Grace"
last_name = "Hopper"
job_title = "CTO"
roles = ["Manager"]
divisions = ["Berlin"]

[[user]]
username = "alan"
email = "alan@example.com"
first_name = "Alan"
last_name = "Turing"
roles = [5]

[[service_user]]
api_name = "ci-bot"
email = "ci@example.com"
role = "Orders"

[[organization]]
name = "Acme Ltd"
address = "1 Main St"
city = "Lehi"
state = "ut"
zip = "84043"
country = "us"
telephone = "801-555-0100"
validations = ["ov"]

[organization.contact]
first_name = "Ada"
last_name = "Lovelace"
email = "ada@example.com"
telephone = "801-555-0101"
"#;

/// Requests that change something (anything but GET).
fn writes(emulator: &Emulator) -> u64 {
    emulator
        .stats()
        .requests
        .iter()
        .filter(|(route, _)| !route.starts_with("GET"))
        .map(|(_, n)| n)
        .sum()
}

fn write_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn load(path: &Path, scope: Scope) -> Source {
    Source::load(path, scope).unwrap()
}

fn addresses(plan: &StatePlan, change: Change) -> Vec<String> {
    plan.items
        .iter()
        .filter(|i| i.change == change)
        .map(|i| i.address.clone())
        .collect()
}

fn apply(client: &Client, source: &Source, journal: &Path) -> state::ApplyReport {
    state::apply(client, source, journal, &ApplyOptions::default(), &mut ()).unwrap()
}

fn users_named(client: &Client, username: &str) -> usize {
    let query = ListUsersQuery {
        list: ListParams {
            search: Some(username.to_owned()),
            ..ListParams::default()
        },
        ..ListUsersQuery::default()
    };
    client
        .list_users(&query)
        .unwrap()
        .items
        .iter()
        .filter(|u| u.username.as_deref() == Some(username))
        .count()
}

#[test]
fn an_empty_account_plans_every_object_as_a_creation_and_sends_nothing() {
    let emulator = common::emulator();
    let client = common::client(&emulator);
    let dir = common::scratch_dir("state-empty");
    let source = load(&write_file(&dir, "a.toml", ACCOUNT), Scope::default());
    let plan = state::plan(&client, &source).unwrap();
    assert_eq!(
        addresses(&plan, Change::Create),
        [
            "division.EMEA",
            "division.EMEA/Berlin",
            "user.grace",
            "user.alan",
            "service_user.ci-bot",
            "organization.Acme Ltd"
        ]
    );
    assert!(addresses(&plan, Change::Update).is_empty());
    assert!(addresses(&plan, Change::Delete).is_empty());
    // The administrator is in the account, not in the file: left alone.
    assert_eq!(plan.unmanaged, ["user.admin"]);
    assert_eq!(writes(&emulator), 0);
}

#[test]
fn apply_converges_and_a_matching_account_plans_no_changes_and_gets_no_write() {
    let emulator = common::emulator();
    let client = common::client(&emulator);
    let dir = common::scratch_dir("state-apply");
    let source = load(&write_file(&dir, "a.toml", ACCOUNT), Scope::default());
    let report = apply(&client, &source, &dir.join("run.db"));
    assert!(report.converged, "{:?}", report.remaining);
    // Divisions; then Berlin (its parent's id known only then); then users, service user,
    // organization; then the organization's validation.
    assert_eq!(report.stages.len(), 4, "{:?}", report.stages);
    assert!(report.stages.iter().all(|s| s.all_done()));
    let stats = emulator.stats();
    assert_eq!(stats.users_created, 2);
    assert_eq!(stats.service_users_created, 1);
    assert_eq!(stats.organizations_created, 1);
    // The one-time key went to the keys file, which only its owner can read.
    let keys = std::fs::read_to_string(&report.keys_file).unwrap();
    assert!(keys.contains("service_user.ci-bot/create"), "{keys}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&report.keys_file)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0);
    }
    // What was created is what the file says.
    let grace = client
        .users(ListUsersQuery::default())
        .unwrap()
        .map(Result::unwrap)
        .find(|u| u.username.as_deref() == Some("grace"))
        .unwrap();
    assert_eq!(grace.job_title.as_deref(), Some("CTO"));
    assert_eq!(
        grace.access_roles.iter().map(|r| r.id).collect::<Vec<_>>(),
        [4]
    );

    let before = writes(&emulator);
    let plan = state::plan(&client, &source).unwrap();
    assert!(!plan.has_changes(), "{plan:?}");
    let again = apply(&client, &source, &dir.join("run2.db"));
    assert!(again.converged && again.stages.is_empty());
    assert_eq!(
        writes(&emulator),
        before,
        "a matching account gets no write"
    );
}

#[test]
fn each_kind_of_change_is_planned_field_by_field_and_applied() {
    let emulator = common::emulator();
    let client = common::client(&emulator);
    let dir = common::scratch_dir("state-changes");
    let source = load(&write_file(&dir, "a.toml", ACCOUNT), Scope::default());
    assert!(apply(&client, &source, &dir.join("one")).converged);

    let changed = ACCOUNT
        .replace("grace@example.com", "grace@navy.example")
        .replace(
            "roles = [\"Manager\"]",
            "roles = [\"Manager\", \"Finance Manager\"]",
        )
        .replace(
            "divisions = [\"Berlin\"]",
            "divisions = [\"EMEA\", \"Berlin\"]",
        )
        .replace("ci@example.com", "ci@build.example")
        .replace("validations = [\"ov\"]", "validations = [\"ov\", \"ds\"]")
        .replace("job_title = \"CTO\"\n", "");
    let source = load(&write_file(&dir, "b.toml", &changed), Scope::default());
    let plan = state::plan(&client, &source).unwrap();
    assert!(addresses(&plan, Change::Create).is_empty());
    assert_eq!(
        addresses(&plan, Change::Update),
        ["user.grace", "service_user.ci-bot", "organization.Acme Ltd"]
    );
    let grace = &plan.items[0];
    let fields: Vec<(&str, String, String)> = grace
        .fields
        .iter()
        .map(|f| (f.field.as_str(), f.live.to_string(), f.wanted.to_string()))
        .collect();
    assert_eq!(
        fields,
        [
            (
                "email",
                "\"grace@example.com\"".into(),
                "\"grace@navy.example\"".into()
            ),
            (
                "roles",
                "[\"Manager\"]".into(),
                "[\"Finance Manager\",\"Manager\"]".into()
            ),
            (
                "divisions",
                "[\"Berlin\"]".into(),
                "[\"EMEA\",\"Berlin\"]".into()
            ),
        ],
        "a field left out (job_title) is not managed"
    );
    let report = apply(&client, &source, &dir.join("two"));
    assert!(report.converged, "{:?}", report.remaining);
    assert!(!state::plan(&client, &source).unwrap().has_changes());
    let grace = client
        .users(ListUsersQuery::default())
        .unwrap()
        .map(Result::unwrap)
        .find(|u| u.username.as_deref() == Some("grace"))
        .unwrap();
    assert_eq!(grace.job_title.as_deref(), Some("CTO"), "never erased");
}

#[test]
fn a_saved_plan_is_refused_once_the_account_moved() {
    let emulator = common::emulator();
    let client = common::client(&emulator);
    let dir = common::scratch_dir("state-saved");
    let desired = state::read_file(&write_file(&dir, "a.toml", ACCOUNT)).unwrap();
    let saved = state::plan_to_save(&client, &desired, &Scope::default()).unwrap();
    let path = dir.join("plan.json");
    saved.save(&path).unwrap();
    let source = Source::load(&path, Scope::default()).unwrap();
    assert!(matches!(source, Source::Saved(_)));
    // Someone adds a user meanwhile.
    let request = certcentral::AddUserRequest::new("mallory", "M", "X", "m@example.com", [5]);
    client.add_user(&request).unwrap();
    let before = writes(&emulator);
    let error = state::apply(
        &client,
        &source,
        &dir.join("run"),
        &ApplyOptions::default(),
        &mut (),
    )
    .unwrap_err();
    let text = error.to_string();
    assert!(text.contains("user.mallory appeared"), "{text}");
    assert_eq!(writes(&emulator), before, "nothing was sent");
    // Made again, it applies.
    let saved = state::plan_to_save(&client, &desired, &Scope::default()).unwrap();
    saved.save(&path).unwrap();
    let source = Source::load(&path, Scope::default()).unwrap();
    assert!(apply(&client, &source, &dir.join("run2")).converged);
}

#[test]
fn prune_deletes_only_what_the_file_does_not_mention_and_never_the_keys_own_user() {
    let emulator = common::emulator();
    let client = common::client(&emulator);
    let dir = common::scratch_dir("state-prune");
    let source = load(&write_file(&dir, "a.toml", ACCOUNT), Scope::default());
    assert!(apply(&client, &source, &dir.join("one")).converged);
    // Objects the file does not mention.
    let request = certcentral::AddUserRequest::new("mallory", "M", "X", "m@example.com", [5]);
    client.add_user(&request).unwrap();
    let bot = certcentral::AddServiceUserRequest::new("old@example.com", "old-bot");
    client.add_service_user(&bot).unwrap();

    let pruned = Scope {
        prune: true,
        targets: vec![],
    };
    let source = load(&dir.join("a.toml"), pruned);
    let plan = state::plan(&client, &source).unwrap();
    assert_eq!(
        addresses(&plan, Change::Delete),
        ["user.mallory", "service_user.old-bot"]
    );
    assert!(
        plan.unmanaged.contains(&"user.admin".to_owned()),
        "{:?}",
        plan.unmanaged
    );
    // With a target, only that object.
    let one = load(
        &dir.join("a.toml"),
        Scope {
            prune: true,
            targets: vec!["user.mallory".into()],
        },
    );
    assert_eq!(
        addresses(&state::plan(&client, &one).unwrap(), Change::Delete),
        ["user.mallory"]
    );
    let report = apply(&client, &source, &dir.join("two"));
    assert!(report.converged, "{:?}", report.remaining);
    assert_eq!(users_named(&client, "mallory"), 0);
    assert_eq!(users_named(&client, "grace"), 1);
    assert_eq!(users_named(&client, "admin"), 1);
    assert!(!state::plan(&client, &source).unwrap().has_changes());
}

#[test]
fn a_file_with_problems_is_refused_whole_listing_each_and_nothing_is_read() {
    let emulator = common::emulator();
    let dir = common::scratch_dir("state-refused");
    let text =
        "[[user]]\nemail = \"x@example.com\"\nroles = []\n\n[[organization]]\nname = \"A\"\n\
                colour = \"red\"\n[[widget]]\nname = 1\n";
    let path = write_file(&dir, "bad.toml", text);
    let error = Source::load(&path, Scope::default())
        .unwrap_err()
        .to_string();
    for expected in [
        "line 1: user[1].username: is required",
        "line 3: user[1].roles: must name at least one role",
        "line 5: organization[1].address: is required",
        "line 7: organization[1].colour: is not a field of this kind",
        "line 8: widget: is not a kind",
    ] {
        assert!(error.contains(expected), "{expected:?} in {error}");
    }
    // Through the command: exit 2, every problem, no request at all.
    let output = Command::new(env!("CARGO_BIN_EXE_certcentral"))
        .args(["plan", "bad.toml"])
        .env("DIGICERT_API_KEY", emulator.api_key())
        .env("CERTCENTRAL_BASE_URL", emulator.base_url())
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("9 problems"), "{stderr}");
    assert_eq!(common::api_requests(&emulator), 0);
}

fn certcentral(emulator: &Emulator, dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_certcentral"));
    command
        .args(args)
        .env("DIGICERT_API_KEY", emulator.api_key())
        .env("CERTCENTRAL_BASE_URL", emulator.base_url())
        .current_dir(dir);
    command
}

#[test]
fn the_command_plans_with_exit_codes_and_apply_killed_mid_request_goes_on_without_a_duplicate() {
    let emulator = common::emulator();
    let client = common::client(&emulator);
    let dir = common::scratch_dir("state-cli");
    write_file(&dir, "a.toml", ACCOUNT);
    let run = |args: &[&str]| {
        let out = certcentral(&emulator, &dir, args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stdout, _) = run(&["plan", "a.toml", "--detailed-exitcode"]);
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stdout.contains("+ user.grace\n    email: \"grace@example.com\""),
        "{stdout}"
    );
    assert!(
        stdout.contains("Plan: 6 to create, 0 to change, 0 to delete."),
        "{stdout}"
    );
    let (code, stdout, _) = run(&["plan", "a.toml", "--output", "json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["items"][2]["address"], "user.grace");
    assert_eq!(json["items"][2]["change"], "create");

    // Killed while the emulator holds the answer to grace's creation, which it carried out. One
    // worker: nothing else is in flight (a service user caught in flight by a kill becomes
    // needs_attention, as in any bulk run: its one-time key may be lost).
    let hold = r#"{"route": "POST user", "times": 1, "body_contains": "grace",
                   "kind": "hold", "ms": 60000}"#;
    emulator
        .add_fault(serde_json::from_str::<Fault>(hold).unwrap())
        .unwrap();
    let mut child = certcentral(
        &emulator,
        &dir,
        &["apply", "a.toml", "--journal", "run.db", "--workers", "1"],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while users_named(&client, "grace") == 0 {
        assert!(Instant::now() < deadline, "the held request never arrived");
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    emulator.release();
    let in_flight: Vec<String> = std::fs::read_dir(dir.join("run.db"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "db"))
        .filter_map(|p| certcentral::bulk::status(&p).ok())
        .flat_map(|r| r.entries)
        .filter(|e| e.state == certcentral::bulk::State::InFlight)
        .map(|e| e.key)
        .collect();
    assert_eq!(in_flight, ["user.grace/create"], "killed mid-request");

    let (code, stdout, stderr) = run(&["apply", "a.toml", "--journal", "run.db"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("Applied: the account matches the file."),
        "{stdout}"
    );
    assert!(!stdout.contains("API key") && !stderr.contains(emulator.api_key()));
    assert_eq!(users_named(&client, "grace"), 1, "no duplicate");
    assert_eq!(emulator.stats().users_created, 2);
    assert_eq!(emulator.stats().service_users_created, 1);
    let (code, stdout, _) = run(&["plan", "a.toml", "--detailed-exitcode"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("No changes"), "{stdout}");
}

#[test]
fn two_organizations_of_one_name_at_two_addresses_are_two_objects() {
    let emulator = common::emulator();
    let client = common::client(&emulator);
    let dir = common::scratch_dir("state-two-orgs");
    let org = |city: &str| {
        format!(
            "[[organization]]\nname = \"Acme Ltd\"\naddress = \"1 Main St\"\ncity = \"{city}\"\n\
             state = \"ut\"\nzip = \"84043\"\ncountry = \"us\"\ntelephone = \"801-555-0100\"\n\
             contact = {{ first_name = \"A\", last_name = \"B\", email = \"a@example.com\", \
             telephone = \"801-555-0101\" }}\n"
        )
    };
    let text = format!("{}{}", org("Lehi"), org("Provo"));
    let source = load(&write_file(&dir, "a.toml", &text), Scope::default());
    let plan = state::plan(&client, &source).unwrap();
    assert_eq!(plan.count(Change::Create), 2);
    assert!(apply(&client, &source, &dir.join("run")).converged);
    assert_eq!(emulator.stats().organizations_created, 2);
    assert!(!state::plan(&client, &source).unwrap().has_changes());
}
