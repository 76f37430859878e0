//! The bulk engine against the emulator, which enforces the documented rate limits at a scaled
//! clock: 5,000 mixed operations with a fault on 5 % of each kind end as their faults dictate,
//! each creation happens exactly once, no 429 comes back, and no one-time key reaches the
//! journal or the logs. Also: a bad plan is refused whole before anything is sent.
#![cfg(feature = "bulk")]

mod common;

use std::sync::Mutex;
use std::time::{Duration, Instant};

use certcentral::bulk::{self, Kind, OneTimeKey, Plan, Progress, RunOptions, State};
use certcentral::emulator::EmulatorOptions;
use certcentral::{Error, RateLimit};

const OPERATIONS: usize = 5_000;
/// The emulator's and the client's clocks: 3 minutes become 1.8 s.
const TIME_SCALE: f64 = 0.01;

/// Every log record, to scan for secrets.
struct Capture(Mutex<Vec<String>>);

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }
    fn log(&self, record: &log::Record) {
        let line = format!("{} {}: {}", record.level(), record.target(), record.args());
        self.0.lock().unwrap().push(line);
    }
    fn flush(&self) {}
}

static LOGS: Capture = Capture(Mutex::new(Vec::new()));

#[derive(Default)]
struct Watch {
    progress: Vec<Progress>,
    keys: Vec<OneTimeKey>,
}

impl bulk::Observer for Watch {
    fn progress(&mut self, progress: &Progress) -> Result<(), Error> {
        self.progress.push(progress.clone());
        Ok(())
    }
    fn one_time_key(&mut self, key: &OneTimeKey) -> Result<(), Error> {
        self.keys.push(key.clone());
        Ok(())
    }
}

/// Runs of 64 upper-case hex digits: the emulator's one-time keys.
fn hex_keys(bytes: &[u8]) -> usize {
    bytes
        .split(|b| !(b.is_ascii_digit() || (b'A'..=b'F').contains(b)))
        .filter(|run| run.len() >= 64)
        .count()
}

#[test]
fn five_thousand_operations_with_faults_end_as_their_faults_dictate() {
    let _ = log::set_logger(&LOGS);
    log::set_max_level(log::LevelFilter::Debug);
    let emulator = common::emulator_with(|o: &mut EmulatorOptions| {
        o.rate_limit = Some(RateLimit::documented());
        o.time_scale = TIME_SCALE;
    });
    common::bulk::install_faults(&emulator, OPERATIONS);
    let client = emulator
        .client_builder()
        .retry_policy(common::fast_retries(2))
        .timeout(Duration::from_secs(10))
        .rate_limit(RateLimit::documented().scaled(TIME_SCALE))
        .build()
        .unwrap();
    let plan = Plan::from_csv(common::bulk::plan_csv(OPERATIONS).as_bytes()).unwrap();
    let dir = common::scratch_dir("bulk-five-thousand");
    let journal = dir.join("run.db");
    let options = RunOptions {
        workers: 8,
        ..RunOptions::default()
    };
    let mut watch = Watch::default();
    let started = Instant::now();
    let report = bulk::run(&client, &plan, &journal, &options, &mut watch).unwrap();
    let elapsed = started.elapsed();

    // Every operation ends as its fault dictates.
    assert_eq!(report.entries.len(), OPERATIONS);
    for (i, entry) in report.entries.iter().enumerate() {
        assert_eq!(entry.key, common::bulk::key(i));
        let (state, _) = common::bulk::expected(i);
        assert_eq!(
            entry.state,
            state,
            "{} ({}, fault {:?}): {:?}",
            entry.key,
            entry.kind,
            common::bulk::fault(i).map(|f| common::bulk::FAULTS[f]),
            entry.message
        );
        if state == State::Done && !matches!(entry.kind, Kind::SendInvite) {
            assert!(entry.created_id.is_some(), "{} has its id", entry.key);
        }
    }
    assert!(report.finished());

    // Each creation exactly once: the emulator counted what the plan and its faults dictate.
    let created = |k: Kind| {
        (0..OPERATIONS)
            .filter(|i| common::bulk::kind(*i) == k && common::bulk::expected(*i).1)
            .count() as u64
    };
    let stats = emulator.stats();
    assert_eq!(stats.invites_created, created(Kind::SendInvite));
    assert_eq!(stats.invites_resent, 0, "no invite was sent twice");
    assert_eq!(stats.users_created, created(Kind::AddUser));
    assert_eq!(stats.service_users_created, created(Kind::AddServiceUser));
    assert_eq!(
        stats.organizations_created,
        created(Kind::CreateOrganization)
    );
    assert_eq!(stats.subaccounts_created, created(Kind::CreateSubaccount));
    assert_eq!(stats.rate_limited, 0, "no 429 from the server's limits");
    assert_eq!(stats.faults_injected as usize, OPERATIONS / 20);

    // Keys: every one that arrived is in the keys file (mode 0600) and went to the observer.
    let keys_text = std::fs::read_to_string(&report.keys_file).unwrap();
    // Every line is JSON: the run's start, a slot reserved before a creation that returns a
    // key, or a key (which overwrote its slot).
    let all: Vec<serde_json::Value> = keys_text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        all.iter().all(|l| l["run"] == all[0]["run"]),
        "one run's lines"
    );
    let lines: Vec<&serde_json::Value> =
        all.iter().filter(|l| l.get("api_key").is_some()).collect();
    let expected_keys = (0..OPERATIONS)
        .filter(|i| common::bulk::key_expected(*i))
        .count();
    assert_eq!(lines.len(), expected_keys);
    assert_eq!(watch.keys.len(), expected_keys);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&report.keys_file)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    for entry in &report.entries {
        let i: usize = entry.key[2..].parse().unwrap();
        assert_eq!(
            entry.key_written,
            common::bulk::key_expected(i),
            "{}",
            entry.key
        );
    }

    // Secret scan: no key in the journal's files or the logs.
    let secrets: Vec<String> = lines
        .iter()
        .map(|l| l["api_key"].as_str().unwrap().to_owned())
        .collect();
    // Every key is a run of 64 hex digits, so a file without such a run holds none of them.
    assert!(secrets.iter().all(|s| hex_keys(s.as_bytes()) == 1));
    let mut scanned = 0;
    for file in std::fs::read_dir(&dir).unwrap() {
        let path = file.unwrap().path();
        if path == report.keys_file {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(hex_keys(&bytes), 0, "a key-like run in {}", path.display());
        scanned += bytes.len();
    }
    assert!(
        scanned > OPERATIONS * 100,
        "the journal was scanned ({scanned} bytes)"
    );
    let logs = LOGS.0.lock().unwrap().join("\n");
    assert!(logs.contains("POST account"), "the logs were captured");
    assert_eq!(hex_keys(logs.as_bytes()), 0, "a key-like run in the logs");

    // Progress: reported as operations settled, ending with all of them.
    let last = watch.progress.last().unwrap();
    assert_eq!(
        (last.total, last.remaining(), last.settled),
        (OPERATIONS, 0, OPERATIONS)
    );
    assert!(watch.progress.len() > OPERATIONS);

    // The documented limits at this scale allow 1000 requests per 1.8 s, so 5,000 operations
    // take at least 7 s; the bound only keeps a broken run from hanging.
    assert!(elapsed < Duration::from_secs(120), "took {elapsed:?}");
}

#[test]
fn a_bad_plan_is_refused_whole_before_anything_is_sent() {
    let emulator = common::emulator();
    let csv = "key,kind,email,subaccount_type,username,first_name,last_name,access_roles\n\
               a,send_invite,ok@example.com,retail,,,,\n\
               a,send_invite,bad-address,,,,,\n\
               b,hire_someone,,,,,,\n\
               c,add_user,c@example.com,,c c,C,,5\n";
    let err = Plan::from_csv(csv.as_bytes()).unwrap_err();
    let shown = err.to_string();
    for expected in [
        "the plan has 6 problems (nothing was sent)",
        "row 2 (line 3), column `key`: key \"a\" is already used by row 1",
        "row 2 (line 3), column `email`: must be a valid email address",
        "row 2 (line 3), column `subaccount_type`: is required",
        "row 3 (line 4), column `kind`: unknown operation kind \"hire_someone\"",
        "row 4 (line 5), column `username`: may contain only",
        "row 4 (line 5), column `last_name`: is required",
    ] {
        assert!(
            shown.contains(expected),
            "{expected:?} missing from:\n{shown}"
        );
    }
    assert_eq!(common::api_requests(&emulator), 0);
}

#[test]
fn a_journal_is_only_resumed_against_its_own_api() {
    let emulator = common::emulator();
    let other = common::emulator();
    let dir = common::scratch_dir("bulk-other-api");
    let journal = dir.join("run.db");
    let plan = Plan::from_csv(common::bulk::plan_csv(3).as_bytes()).unwrap();
    let client = common::client(&emulator);
    let report = bulk::run(&client, &plan, &journal, &RunOptions::default(), &mut ()).unwrap();
    assert!(report.all_done());
    let err = bulk::resume(
        &common::client(&other),
        &journal,
        &RunOptions::default(),
        &mut (),
    )
    .unwrap_err();
    assert!(err.to_string().contains("holds a run against"), "{err}");
    let err = bulk::run(&client, &plan, &journal, &RunOptions::default(), &mut ()).unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
    // Resuming a finished run sends nothing.
    let before = common::api_requests(&emulator);
    let again = bulk::resume(&client, &journal, &RunOptions::default(), &mut ()).unwrap();
    assert!(again.all_done());
    assert_eq!(common::api_requests(&emulator), before);
    assert_eq!(common::api_requests(&other), 0);
}
