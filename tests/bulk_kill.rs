//! The 5,000-operation run of `tests/bulk.rs`, by the `certcentral` command in a child process,
//! killed with SIGKILL three times at points chosen from explicit signals (a number of settled
//! operations in the journal; a request the emulator holds), then resumed to the end: every
//! operation ends as its fault dictates (or, for a subaccount or service user caught in flight by
//! a kill, `needs_attention`), and nothing was created twice.
#![cfg(feature = "cli")]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use certcentral::bulk::{self, Kind, State};
use certcentral::emulator::{Emulator, Fault};
use certcentral::{ListParams, ListSubaccountsQuery, ListUsersQuery};

const OPERATIONS: usize = 5_000;
/// A user operation without a fault of its own: its request is held to kill the run mid-request.
const HELD: usize = 3_001;
/// The kill points' seed: the points are "random" but the same on every run.
const SEED: u64 = 14;

fn certcentral(emulator: &Emulator, dir: &Path, args: &[&str], log: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_certcentral"))
        .args(args)
        .args(["--rate-limit", "on", "--rate-limit-scale", "0.01"])
        .args(["--workers", "8", "--timeout", "10"])
        .env("DIGICERT_API_KEY", emulator.api_key())
        .env("CERTCENTRAL_BASE_URL", emulator.base_url())
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.join(log)).unwrap())
        .spawn()
        .expect("certcentral starts")
}

/// Waits for `condition`, an explicit signal; the deadline only stops a broken test hanging.
fn wait_for(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(90);
    while !condition() {
        assert!(Instant::now() < deadline, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn settled(journal: &Path) -> usize {
    if !journal.exists() {
        return 0;
    }
    bulk::status(journal).map_or(0, |r| {
        r.entries
            .iter()
            .filter(|e| matches!(e.state, State::Done | State::Failed | State::NeedsAttention))
            .count()
    })
}

/// Kills the child (SIGKILL), and notes which operations it left in flight.
fn kill(mut child: Child, journal: &Path, caught: &mut BTreeSet<String>) {
    child.kill().expect("SIGKILL");
    child.wait().unwrap();
    let report = bulk::status(journal).unwrap();
    caught.extend(report.in_state(State::InFlight).map(|e| e.key.clone()));
    // The journal as a kill leaves it (its WAL included) holds no one-time key.
    for file in std::fs::read_dir(journal.parent().unwrap()).unwrap() {
        let path = file.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("run.db") && !name.ends_with(".keys.jsonl") {
            let bytes = std::fs::read(&path).unwrap();
            let runs = bytes
                .split(|b| !(b.is_ascii_digit() || (b'A'..=b'F').contains(b)))
                .filter(|run| run.len() >= 64)
                .count();
            assert_eq!(runs, 0, "a key-like run in {name}");
        }
    }
}

/// A small deterministic generator for the kill points.
fn pick(state: &mut u64, low: usize, high: usize) -> usize {
    *state = state
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    low + (*state >> 33) as usize % (high - low)
}

#[test]
fn a_run_killed_three_times_resumes_to_the_same_end_without_duplicates() {
    // The emulator does not enforce the limits here: a restarted client's limiter cannot know
    // what its killed predecessor sent (tests/bulk.rs checks the limits).
    let emulator = common::emulator();
    common::bulk::install_faults(&emulator, OPERATIONS);
    assert_eq!(common::bulk::kind(HELD), Kind::AddUser);
    assert_eq!(common::bulk::fault(HELD), None);
    let hold = format!(
        r#"{{"route": "POST user", "times": 1, "body_contains": "{}", "kind": "hold", "ms": 60000}}"#,
        common::bulk::key(HELD)
    );
    emulator
        .add_fault(serde_json::from_str::<Fault>(&hold).unwrap())
        .unwrap();
    let dir = common::scratch_dir("bulk-kill");
    std::fs::write(dir.join("plan.csv"), common::bulk::plan_csv(OPERATIONS)).unwrap();
    let journal = dir.join("run.db");
    let mut seed = SEED;
    let mut caught = BTreeSet::new();

    // 1: killed once some operations have settled.
    let first = pick(&mut seed, 300, 1_500);
    let child = certcentral(
        &emulator,
        &dir,
        &["bulk", "run", "plan.csv", "--journal", "run.db"],
        "run-1.log",
    );
    wait_for("the first kill point", || settled(&journal) >= first);
    kill(child, &journal, &mut caught);

    // 2: killed while the emulator holds the answer to a request it has carried out (the
    // user exists; its answer is held for a minute).
    let child = certcentral(&emulator, &dir, &["bulk", "resume", "run.db"], "run-2.log");
    let reader = common::client(&emulator);
    let held = common::bulk::key(HELD);
    let query = ListUsersQuery {
        list: ListParams {
            search: Some(held.clone()),
            ..ListParams::default()
        },
        ..ListUsersQuery::default()
    };
    wait_for("the held request", || {
        reader.list_users(&query).unwrap().items.len() == 1
    });
    kill(child, &journal, &mut caught);
    emulator.release();
    assert!(caught.contains(&held), "the held operation was in flight");

    // 3: killed again later on.
    let third = pick(&mut seed, 3_500, 4_500);
    let child = certcentral(&emulator, &dir, &["bulk", "resume", "run.db"], "run-3.log");
    wait_for("the third kill point", || settled(&journal) >= third);
    kill(child, &journal, &mut caught);

    // Resumed to the end: exit code 1, because some operations failed or need attention.
    let mut last = certcentral(&emulator, &dir, &["bulk", "resume", "run.db"], "run-4.log");
    let status = last.wait().unwrap();
    assert_eq!(status.code(), Some(1));

    let report = bulk::status(&journal).unwrap();
    assert!(report.finished());
    let mut state_of = BTreeMap::new();
    for (i, entry) in report.entries.iter().enumerate() {
        let (expected, _) = common::bulk::expected(i);
        let was_caught = caught.contains(&entry.key);
        // A kill between a creation's request and its outcome being journaled leaves it in
        // flight: a subaccount or service user then needs a person, and a refused (400) one is
        // looked up, found absent and sent again after its one-shot fault is spent, so `done`.
        let in_doubt = was_caught
            && match entry.kind {
                Kind::AddServiceUser | Kind::CreateSubaccount => {
                    entry.state == State::NeedsAttention
                }
                _ => expected == State::Failed && entry.state == State::Done,
            };
        assert!(
            entry.state == expected || in_doubt,
            "{} ({}): {} instead of {expected}: {:?}",
            entry.key,
            entry.kind,
            entry.state,
            entry.message
        );
        state_of.insert(entry.key.clone(), (entry.kind, entry.state));
    }
    let count = |kind: Kind, state: State| {
        state_of
            .values()
            .filter(|(k, s)| *k == kind && *s == state)
            .count() as u64
    };

    // No duplicates: what the read side can tell, exactly; the rest never sent twice.
    let stats = emulator.stats();
    assert_eq!(stats.invites_created, count(Kind::SendInvite, State::Done));
    assert_eq!(stats.users_created, count(Kind::AddUser, State::Done));
    assert_eq!(
        stats.organizations_created,
        count(Kind::CreateOrganization, State::Done)
    );
    let client = common::client(&emulator);
    let mut names = BTreeMap::new();
    for summary in client.subaccounts(ListSubaccountsQuery::default()).unwrap() {
        let name = summary.unwrap().organization_name.unwrap_or_default();
        *names.entry(name).or_insert(0) += 1;
    }
    assert!(
        names.values().all(|n| *n == 1),
        "a subaccount created twice"
    );
    assert_eq!(stats.subaccounts_created, names.len() as u64);
    for (key, (kind, state)) in &state_of {
        if *kind == Kind::CreateSubaccount && *state == State::Done {
            assert!(names.contains_key(&format!("Sub {key}")), "{key} exists");
        }
    }
    // Service users cannot be listed: at least the ones the faults let through, at most those
    // plus the ones a kill caught in flight, and each of those sent once.
    let svc_created =
        |i: &usize| common::bulk::kind(*i) == Kind::AddServiceUser && common::bulk::expected(*i).1;
    let sure = (0..OPERATIONS)
        .filter(|i| svc_created(i) && !caught.contains(&common::bulk::key(*i)))
        .count() as u64;
    let doubtful = (0..OPERATIONS)
        .filter(|i| {
            common::bulk::kind(*i) == Kind::AddServiceUser
                && caught.contains(&common::bulk::key(*i))
        })
        .count() as u64;
    assert!(
        (sure..=sure + doubtful).contains(&stats.service_users_created),
        "{} service users; {sure} certain, {doubtful} in doubt",
        stats.service_users_created
    );
    for entry in &report.entries {
        if matches!(entry.kind, Kind::AddServiceUser | Kind::CreateSubaccount)
            && caught.contains(&entry.key)
        {
            assert!(entry.attempts <= 1, "{} was sent again", entry.key);
        }
    }
}
