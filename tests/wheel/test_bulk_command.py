"""The installed ``certcentral`` console script (the wheel's, as most users run it) keeps the
bulk promises: one process per journal, SIGTERM and SIGINT stop it cleanly, one-time keys are
never lost (a full disk, a file of another user, a link, a leftover file of another run), a
request that was never sent is sent again, the engine owns the attempts, and the exit codes,
pipes and outputs are as documented. Every wait here is for an explicit signal (a request the
emulator holds, a line the command prints); the deadlines only stop a broken test hanging."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from certcentral.testing import Emulator

# The SIGINT these tests send reaches the children whatever started pytest: a shell that runs a
# command in the background without job control starts it with SIGINT ignored, and a child
# inherits SIG_IGN (a handler, by contrast, is reset to the default in a child).
signal.signal(signal.SIGINT, signal.default_int_handler)

SCRIPT = pathlib.Path(sys.executable).with_name("certcentral")
HERE = pathlib.Path(__file__).resolve().parent

HEADER = (
    "key,kind,email,username,first_name,last_name,access_roles,api_name,name,address,city,"
    "state,zip,country,telephone,organization_contact.first_name,organization_contact.last_name,"
    "organization_contact.email,organization_contact.telephone,skip_duplicate_org_check,"
    "account_type,user.first_name,user.last_name,user.email,organization.name,"
    "organization.address,organization.zip,organization.city,organization.state,"
    "organization.country"
)


def subaccount(key: str) -> str:
    return (
        f"{key},create_subaccount,,,,,,,,,,,,,,,,,,,managed,Ann,Lee,{key}@sub.example.com,"
        f"Sub {key},2 Way,10001,London,ldn,gb"
    )


def service_user(key: str) -> str:
    return f"{key},add_service_user,{key}@svc.example.com,,,,,bot-{key},,,,,,,,,,,,,,,,,,,,,,"


def organization(key: str, skip_check: bool = False) -> str:
    skip = "true" if skip_check else ""
    return (
        f"{key},create_organization,,,,,,,Org {key},1 Way,Lehi,ut,84043,us,555-0100,"
        f"Gia,Booth,gia@example.com,555-0101,{skip},,,,,,,,,,"
    )


def user(key: str) -> str:
    return f"{key},add_user,{key}@user.example.com,{key},Ada,User,5,,,,,,,,,,,,,,,,,,,,,,,"


def write_plan(path: pathlib.Path, rows: list[str]) -> pathlib.Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    return path


def environment(emulator: Emulator) -> dict[str, str]:
    return dict(
        os.environ, DIGICERT_API_KEY=emulator.api_key, CERTCENTRAL_BASE_URL=emulator.base_url
    )


def run(
    emulator: Emulator, cwd: pathlib.Path, *args: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SCRIPT, *args, "--rate-limit", "off", "--timeout", "20"],
        cwd=cwd,
        env=environment(emulator),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start(emulator: Emulator, cwd: pathlib.Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [SCRIPT, *args, "--rate-limit", "off", "--timeout", "20"],
        cwd=cwd,
        env=environment(emulator),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(what: str, condition: Callable[[], bool]) -> None:
    """Waits for an explicit signal; the deadline only stops a broken test hanging."""
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.01)


def journal_rows(journal: pathlib.Path) -> dict[str, dict[str, Any]]:
    with sqlite3.connect(journal) as db:
        db.row_factory = sqlite3.Row
        rows = db.execute("SELECT * FROM operations ORDER BY seq").fetchall()
    return {row["key"]: dict(row) for row in rows}


def key_lines(keys_file: pathlib.Path) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in keys_file.read_text().splitlines()]
    return [line for line in lines if "api_key" in line]


def hold(emulator: Emulator, route: str, marker: str) -> None:
    emulator.add_fault(route=route, kind="hold", ms=60_000, times=1, body_contains=marker)


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator(api_key="wheel-key") as running:
        yield running


def test_a_second_process_on_the_same_journal_is_refused_at_once(
    emulator: Emulator, tmp_path: pathlib.Path
) -> None:
    write_plan(tmp_path / "plan.csv", [service_user(f"svc{i}") for i in range(10)])
    hold(emulator, "POST user", "svc3@")
    first = start(emulator, tmp_path, "bulk", "run", "plan.csv", "--journal", "run.db")
    try:
        wait_for("a request in flight", lambda: emulator.stats()["held"] == 1)
        second = run(emulator, tmp_path, "bulk", "resume", "run.db")
        assert second.returncode == 3, second.stderr
        assert "run.db" in second.stderr and "in use" in second.stderr
        assert f"pid {first.pid}" in second.stderr, second.stderr
    finally:
        emulator.release()
        out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert emulator.stats()["service_users_created"] == 10
    assert len(key_lines(tmp_path / "run.db.keys.jsonl")) == 10


@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_and_sigint_stop_the_console_script_cleanly(
    emulator: Emulator, tmp_path: pathlib.Path, sent: signal.Signals
) -> None:
    rows = [subaccount(f"sub{i}") for i in range(8)]
    write_plan(tmp_path / "plan.csv", rows)
    hold(emulator, "POST account", "sub2@")
    child = start(
        emulator, tmp_path, "bulk", "run", "plan.csv", "--journal", "run.db", "--workers", "1"
    )
    wait_for("the held creation", lambda: emulator.stats()["held"] == 1)
    child.send_signal(sent)
    # Stopping: nothing new starts; the request under way gets its answer and is journaled.
    assert child.stderr is not None
    for line in child.stderr:
        if "stopping (interrupted)" in line:
            break
    emulator.release()
    _, err = child.communicate(timeout=120)
    assert child.returncode == 130, err
    assert "resume with: certcentral bulk resume run.db" in err
    rows_now = journal_rows(tmp_path / "run.db")
    assert [k for k, r in rows_now.items() if r["state"] == "in_flight"] == []
    assert rows_now["sub2"]["state"] == "done" and rows_now["sub2"]["key_written"] == 1
    assert emulator.stats()["subaccounts_created"] == 3
    done = run(emulator, tmp_path, "bulk", "resume", "run.db")
    assert done.returncode == 0, done.stderr
    assert emulator.stats()["subaccounts_created"] == 8
    keys = key_lines(tmp_path / "run.db.keys.jsonl")
    assert sorted(k["key"] for k in keys) == sorted(f"sub{i}" for i in range(8))


def test_a_keys_file_of_another_user_or_a_link_is_refused(
    emulator: Emulator, tmp_path: pathlib.Path
) -> None:
    write_plan(tmp_path / "plan.csv", [subaccount("s1")])
    theirs = tmp_path / "theirs.jsonl"
    theirs.touch(mode=0o600)
    os.chown(theirs, 65534, 65534)  # another user's file, private to them
    refused = run(
        emulator,
        tmp_path,
        "bulk",
        "run",
        "plan.csv",
        "--journal",
        "a.db",
        "--keys-file",
        str(theirs),
    )
    assert refused.returncode == 3, refused.stderr
    assert "belongs to another user" in refused.stderr
    target = tmp_path / "target.jsonl"
    target.touch(mode=0o600)
    (tmp_path / "link.jsonl").symlink_to(target)
    refused = run(
        emulator,
        tmp_path,
        "bulk",
        "run",
        "plan.csv",
        "--journal",
        "b.db",
        "--keys-file",
        "link.jsonl",
    )
    assert refused.returncode == 3, refused.stderr
    assert "symbolic link" in refused.stderr
    assert target.read_text() == ""
    assert emulator.stats()["subaccounts_created"] == 0, "nothing was sent"


def test_a_resume_from_another_folder_writes_keys_beside_the_journal(
    emulator: Emulator, tmp_path: pathlib.Path
) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    write_plan(a / "plan.csv", [subaccount(f"s{i}") for i in range(6)])
    hold(emulator, "POST account", "s1@")
    child = start(emulator, a, "bulk", "run", "plan.csv", "--journal", "run.db", "--workers", "1")
    wait_for("the held creation", lambda: emulator.stats()["held"] == 1)
    child.send_signal(signal.SIGTERM)
    emulator.release()
    child.communicate(timeout=120)
    assert child.returncode == 130
    resumed = run(emulator, b, "bulk", "resume", str(a / "run.db"))
    assert resumed.returncode == 0, resumed.stderr
    assert not (b / "run.db.keys.jsonl").exists()
    assert len(key_lines(a / "run.db.keys.jsonl")) == 6


def test_a_leftover_keys_file_of_another_run_cannot_stand_in_for_a_key(
    emulator: Emulator, tmp_path: pathlib.Path
) -> None:
    write_plan(tmp_path / "plan.csv", [subaccount("s1"), subaccount("s2")])
    first = run(emulator, tmp_path, "bulk", "run", "plan.csv", "--journal", "run.db")
    assert first.returncode == 0, first.stderr
    earlier = {line["key"]: line["id"] for line in key_lines(tmp_path / "run.db.keys.jsonl")}
    (tmp_path / "run.db").unlink()
    # A plan with the same keys again, under the same journal name (its first user's address
    # differs, as the first run's users exist); s1's creation happens but its answer is lost.
    plan = (tmp_path / "plan.csv").read_text().replace("s1@sub", "s1-again@sub")
    (tmp_path / "plan.csv").write_text(plan.replace("s2@sub", "s2-again@sub"))
    emulator.add_fault(route="POST account", kind="reset_after", times=1, body_contains="s1-again@")
    again = run(emulator, tmp_path, "bulk", "run", "plan.csv", "--journal", "run.db")
    assert again.returncode == 1, again.stderr
    rows = journal_rows(tmp_path / "run.db")
    # Not `done` with the earlier run's id: its key line belongs to another run.
    assert rows["s1"]["state"] == "needs_attention", rows["s1"]
    assert rows["s1"]["created_id"] != earlier["s1"]
    assert rows["s2"]["state"] == "done" and rows["s2"]["created_id"] != earlier["s2"]
    assert emulator.stats()["subaccounts_created"] == 4


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_a_refused_connection_sends_nothing_and_is_sent_once_the_server_is_back(
    tmp_path: pathlib.Path,
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/services/v2/"
    write_plan(tmp_path / "plan.csv", [subaccount("s1"), service_user("v1")])
    env = dict(os.environ, DIGICERT_API_KEY="wheel-key", CERTCENTRAL_BASE_URL=url)
    command = [str(SCRIPT), "--rate-limit", "off", "bulk"]
    down = subprocess.run(
        [*command, "run", "plan.csv", "--journal", "run.db", "--max-attempts", "2"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert down.returncode == 1, down.stderr
    rows = journal_rows(tmp_path / "run.db")
    for row in rows.values():
        assert row["state"] == "failed", row
        assert row["ambiguous"] == 0 and f"127.0.0.1:{port}" in row["message"], row
    with Emulator(api_key="wheel-key", port=port) as emulator:
        back = subprocess.run(
            [*command, "resume", "run.db", "--retry-failed"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert back.returncode == 0, back.stderr
        stats = emulator.stats()
        assert (stats["subaccounts_created"], stats["service_users_created"]) == (1, 1)
    assert len(key_lines(tmp_path / "run.db.keys.jsonl")) == 2


def test_the_engine_owns_the_attempts_and_reconciles_ambiguous_outcomes(
    emulator: Emulator, tmp_path: pathlib.Path
) -> None:
    write_plan(tmp_path / "plan.csv", [organization("bad"), organization("lost")])
    emulator.add_fault(
        route="POST organization", kind="respond", status=502, body_contains="Org bad"
    )
    # Carried out each time, its answer lost: the duplicate check makes the repeats safe.
    emulator.add_fault(route="POST organization", kind="reset_after", body_contains="Org lost")
    ran = run(
        emulator, tmp_path, "bulk", "run", "plan.csv", "--journal", "run.db", "--max-attempts", "2"
    )
    rows = journal_rows(tmp_path / "run.db")
    assert rows["bad"]["state"] == "failed", rows["bad"]
    assert rows["bad"]["attempts"] == 2
    assert rows["bad"]["message"].count("gave up after") == 1, rows["bad"]["message"]
    assert "nothing was carried out" in rows["bad"]["message"]
    assert rows["lost"]["state"] == "done" and rows["lost"]["created_id"], rows["lost"]
    assert ran.returncode == 1, ran.stderr
    # "lost" was found by the look-up after its first attempt; "bad" was sent twice, no more.
    assert rows["lost"]["attempts"] == 1
    stats = emulator.stats()
    assert stats["requests"]["POST organization"] == 3
    assert stats["organizations_created"] == 1


def test_a_key_of_an_unexpected_type_is_saved_as_its_json(
    emulator: Emulator, tmp_path: pathlib.Path
) -> None:
    write_plan(tmp_path / "plan.csv", [subaccount("odd")])
    emulator.add_fault(
        route="POST account", kind="corrupt_field", field="api_key", value={"secret": "K-123"}
    )
    ran = run(emulator, tmp_path, "bulk", "run", "plan.csv", "--journal", "run.db")
    assert ran.returncode == 0, ran.stderr
    (line,) = key_lines(tmp_path / "run.db.keys.jsonl")
    assert json.loads(line["api_key"]) == {"secret": "K-123"}
    assert "K-123" not in ran.stdout + ran.stderr


def test_files_that_cannot_be_used_exit_3_naming_the_file(
    emulator: Emulator, tmp_path: pathlib.Path
) -> None:
    write_plan(tmp_path / "plan.csv", [user("u1")])
    (tmp_path / "junk.db").write_text("not a journal")
    (tmp_path / "folder").mkdir()
    for args, named in [
        (["bulk", "resume", "missing.db"], "missing.db"),
        (["bulk", "status", "junk.db"], "junk.db"),
        (["bulk", "resume", "folder"], "folder"),
        (["bulk", "run", "plan.csv", "--journal", "folder"], "folder"),
        (["bulk", "run", "plan.csv", "--journal", "x.db", "--keys-file", "folder"], "folder"),
        (["bulk", "run", "plan.csv", "--journal", str(tmp_path / "no" / "x.db")], "x.db"),
    ]:
        ran = run(emulator, tmp_path, *args)
        assert ran.returncode == 3, (args, ran.stderr)
        assert named in ran.stderr, (args, ran.stderr)
    assert emulator.stats()["users_created"] == 0


def test_a_nul_byte_in_a_plan_is_a_plan_problem(emulator: Emulator, tmp_path: pathlib.Path) -> None:
    write_plan(tmp_path / "plan.csv", [user("u1").replace("Ada", "A\0da")])
    ran = run(emulator, tmp_path, "bulk", "run", "plan.csv", "--journal", "run.db")
    assert ran.returncode == 2, ran.stderr
    assert "first_name" in ran.stderr and "NUL" in ran.stderr
    assert not (tmp_path / "run.db").exists()


def test_a_rate_limit_scale_out_of_bounds_is_refused(
    emulator: Emulator, tmp_path: pathlib.Path
) -> None:
    ran = subprocess.run(
        [SCRIPT, "users", "list", "--rate-limit-scale", "1e300"],
        env=environment(emulator),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode == 2, ran.stderr
    assert "rate_limit_scale" in ran.stderr and "panic" not in ran.stderr


def test_status_prints_csv(emulator: Emulator, tmp_path: pathlib.Path) -> None:
    formula = user("u2").replace("u2,", "=cmd,", 1)  # a plan key a spreadsheet would run
    write_plan(tmp_path / "plan.csv", [user("u1"), formula])
    assert run(emulator, tmp_path, "bulk", "run", "plan.csv", "--journal", "run.db").returncode == 0
    ran = run(emulator, tmp_path, "bulk", "status", "run.db", "--output", "csv")
    lines = ran.stdout.splitlines()
    assert lines[0].startswith("key,kind,state,attempts,id"), ran.stdout
    assert lines[1].startswith("u1,add_user,done,1,")
    assert lines[2].startswith("'=cmd,add_user,done"), "a formula is not run by a spreadsheet"


def test_a_closed_pipe_ends_a_list_quietly(emulator: Emulator) -> None:
    with emulator.client() as client:
        client.request("POST", "_emulator/seed", {"users": 3000})
    child = subprocess.Popen(
        [SCRIPT, "users", "list"],
        env=environment(emulator),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None
    child.stdout.readline()
    child.stdout.readline()
    child.stdout.close()  # as `| head -2` does
    _, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert err == b""


def test_lists_print_each_page_as_it_arrives(emulator: Emulator) -> None:
    with emulator.client() as client:
        client.request("POST", "_emulator/seed", {"users": 1500})
    # The second page's answer is held: the first must be printed before it arrives.
    emulator.add_fault(route="GET user", kind="hold", ms=60_000, every=2, times=1)
    child = subprocess.Popen(
        [SCRIPT, "users", "list", "--output", "csv"],
        env=environment(emulator),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        lines = [child.stdout.readline() for _ in range(1001)]
        assert lines[0].startswith("id,username"), lines[0]
        wait_for("the second page held", lambda: emulator.stats()["held"] == 1)
        assert child.poll() is None, "the first page was printed before the second arrived"
    finally:
        emulator.release()
        out, _ = child.communicate(timeout=60)
    assert child.returncode == 0
    assert len(lines) + len(out.splitlines()) == 1 + 1501  # the header, and every user


def test_a_full_disk_never_loses_a_key() -> None:
    """In a private mount namespace (``unshare``), with the keys file on a tiny tmpfs: a run
    that cannot write the keys file does not start; one that runs out of room stops before the
    next creation that returns a key, losing none; a key whose write fails after its answer
    arrived is saved to a rescue file and the run stops saying where (see full_disk.py)."""
    unshare = shutil.which("unshare")
    assert unshare, "util-linux's unshare is needed for this test"
    ran = subprocess.run(
        [
            unshare,
            "--user",
            "--map-root-user",
            "--mount",
            sys.executable,
            str(HERE / "full_disk.py"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "full_disk: all checks passed" in ran.stdout, ran.stdout
