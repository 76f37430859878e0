//! The `certcentral` command end to end, against the emulator: `--help` everywhere, the key
//! only from the environment or a file, a bad plan refused whole, a run stopped by SIGTERM and
//! resumed, `status`, and the lists in every output format.
#![cfg(feature = "cli")]

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use certcentral::bulk::{self, State};
use certcentral::emulator::{Emulator, Fault};

fn certcentral(emulator: &Emulator, dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_certcentral"));
    command
        .env("DIGICERT_API_KEY", emulator.api_key())
        .env("CERTCENTRAL_BASE_URL", emulator.base_url())
        .current_dir(dir);
    command
}

fn run(command: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = command.output().expect("certcentral runs");
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

#[test]
fn every_command_has_help() {
    let emulator = common::emulator();
    let dir = common::scratch_dir("cli-help");
    for args in [
        &["--help"][..],
        &["bulk", "--help"],
        &["bulk", "run", "--help"],
        &["bulk", "resume", "--help"],
        &["bulk", "status", "--help"],
        &["invites", "list", "--help"],
        &["users", "list", "--help"],
        &["orgs", "list", "--help"],
        &["plan", "--help"],
        &["apply", "--help"],
    ] {
        let (code, stdout, _) = run(certcentral(&emulator, &dir).args(args));
        assert_eq!(code, 0, "{args:?}");
        assert!(stdout.contains("Usage: certcentral"), "{args:?}: {stdout}");
    }
    let (_, top, _) = run(certcentral(&emulator, &dir).arg("--help"));
    assert!(top.contains("Exit codes"), "{top}");
    assert_eq!(common::api_requests(&emulator), 0);
}

#[test]
fn the_key_never_comes_from_an_argument() {
    let emulator = common::emulator();
    let dir = common::scratch_dir("cli-key");
    let (code, _, stderr) =
        run(certcentral(&emulator, &dir).args(["--api-key", "test-key", "users", "list"]));
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = run(certcentral(&emulator, &dir)
        .env_remove("DIGICERT_API_KEY")
        .args(["users", "list"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("DIGICERT_API_KEY"), "{stderr}");
    // From a file: the first line.
    std::fs::write(dir.join("key.txt"), format!("{}\n", emulator.api_key())).unwrap();
    let (code, stdout, stderr) = run(certcentral(&emulator, &dir)
        .env_remove("DIGICERT_API_KEY")
        .args(["--api-key-file", "key.txt", "users", "list"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("admin"), "{stdout}");
    // A wrong key: exit 3, and the key is not repeated.
    let (code, _, stderr) = run(certcentral(&emulator, &dir)
        .env("DIGICERT_API_KEY", "WRONGKEY123")
        .args(["users", "list"]));
    assert_eq!(code, 3);
    assert!(stderr.contains("authentication"), "{stderr}");
    assert!(!stderr.contains("WRONGKEY123"), "{stderr}");
}

#[test]
fn a_bad_plan_is_refused_with_every_problem_and_nothing_sent() {
    let emulator = common::emulator();
    let dir = common::scratch_dir("cli-bad-plan");
    std::fs::write(
        dir.join("plan.csv"),
        "key,kind,email,subaccount_type\n\
         a,send_invite,a@example.com,retail\n\
         a,send_invite,nope,retail\n\
         b,adopt_cat,,\n",
    )
    .unwrap();
    let (code, _, stderr) =
        run(certcentral(&emulator, &dir).args(["bulk", "run", "plan.csv", "--journal", "run.db"]));
    assert_eq!(code, 2, "{stderr}");
    for expected in [
        "3 problems (nothing was sent)",
        "row 2 (line 3), column `key`",
        "row 2 (line 3), column `email`: must be a valid email address",
        "row 3 (line 4), column `kind`: unknown operation kind \"adopt_cat\"",
    ] {
        assert!(stderr.contains(expected), "{expected:?} not in {stderr}");
    }
    assert!(
        !dir.join("run.db").exists(),
        "no journal for a refused plan"
    );
    assert_eq!(common::api_requests(&emulator), 0);
}

#[test]
fn a_run_stopped_by_sigterm_resumes_to_the_end() {
    let emulator = common::emulator();
    let dir = common::scratch_dir("cli-resume");
    std::fs::write(dir.join("plan.csv"), common::bulk::plan_csv(40)).unwrap();
    // Operation 21 (a user) is held mid-request while the signal arrives.
    let hold = r#"{"route": "POST user", "times": 1, "body_contains": "op00021",
                   "kind": "hold", "ms": 60000}"#;
    emulator
        .add_fault(serde_json::from_str::<Fault>(hold).unwrap())
        .unwrap();
    let mut child = certcentral(&emulator, &dir)
        .args([
            "bulk",
            "run",
            "plan.csv",
            "--journal",
            "run.db",
            "--workers",
            "1",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while emulator.stats().held == 0 {
        assert!(Instant::now() < deadline, "the request was never held");
        std::thread::sleep(Duration::from_millis(5));
    }
    // Its stderr, line by line, to see when it acknowledges the signal.
    let (lines, seen) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut all = String::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines.send(line.clone());
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    loop {
        let line = seen
            .recv_timeout(Duration::from_secs(60))
            .expect("a stopping line");
        if line.contains("stopping (interrupted)") {
            break;
        }
    }
    // Stopping: nothing new starts, and the request under way gets its answer first.
    let requests = common::api_requests(&emulator);
    emulator.release();
    let status = child.wait().unwrap();
    let stderr = reader.join().unwrap();
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted; nothing further was sent"),
        "{stderr}"
    );
    assert!(
        stderr.contains("resume with: certcentral bulk resume run.db"),
        "{stderr}"
    );
    assert_eq!(
        common::api_requests(&emulator),
        requests,
        "nothing sent after"
    );
    let report = bulk::status(&dir.join("run.db")).unwrap();
    let counts = report.counts();
    assert_eq!(
        counts[&State::Done],
        22,
        "the held operation was journaled done"
    );
    assert_eq!(counts[&State::Pending], 18);

    let (code, stdout, _) = run(certcentral(&emulator, &dir).args(["bulk", "status", "run.db"]));
    assert_eq!(code, 1, "incomplete");
    assert!(stdout.contains("pending 18"), "{stdout}");
    assert!(
        stdout.contains("resume with: certcentral bulk resume run.db"),
        "{stdout}"
    );

    let (code, stdout, stderr) =
        run(certcentral(&emulator, &dir).args(["bulk", "resume", "run.db"]));
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("done 40"), "{stdout}");
    // Not a terminal: quiet progress lines, the last one at the end.
    assert!(stderr.contains("progress: 40/40"), "{stderr}");
    let stats = emulator.stats();
    assert_eq!(stats.users_created, 8);
    assert_eq!(stats.subaccounts_created, 8);
    let (code, stdout, _) =
        run(certcentral(&emulator, &dir).args(["bulk", "status", "run.db", "--output", "json"]));
    assert_eq!(code, 0);
    let status: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(status["counts"]["done"], 40);
    assert_eq!(status["operations"].as_array().unwrap().len(), 40);
}

#[test]
fn lists_print_as_table_json_and_csv() {
    let emulator = common::emulator();
    emulator.seed_invites(30).unwrap();
    let dir = common::scratch_dir("cli-lists");
    let (code, table, _) =
        run(certcentral(&emulator, &dir).args(["invites", "list", "--status", "pending"]));
    assert_eq!(code, 0);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("id"), "{table}");
    assert_eq!(
        lines.len(),
        1 + 30 / 4 + 1,
        "a header and the pending invites"
    );
    let (code, json, _) =
        run(certcentral(&emulator, &dir)
            .args(["invites", "list", "--limit", "5", "--output", "json"]));
    assert_eq!(code, 0);
    let records: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(records.len(), 5);
    assert!(records[0]["email"].is_string());
    let (code, csv, _) =
        run(certcentral(&emulator, &dir).args(["orgs", "list", "--output", "csv"]));
    assert_eq!((code, csv.trim()), (0, "id,name,city,state,country,status"));
    let (code, _, stderr) =
        run(certcentral(&emulator, &dir).args(["users", "list", "--output", "yaml"]));
    assert_eq!(code, 2, "{stderr}");
}
