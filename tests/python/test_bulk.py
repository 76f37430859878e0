"""certcentral.bulk from Python: plans from dicts and CSV, refused plans, runs with progress
and key callbacks, resume, AsyncClient, the keys file, no key in the journal or the logs, and
the ``certcentral`` console script."""

from __future__ import annotations

import csv
import logging
import os
import pathlib
import re
import stat
import subprocess
import sys
from typing import Any

import pytest

import certcentral
from certcentral import bulk
from certcentral.testing import Emulator

ORG: dict[str, Any] = {
    "address": "1 Way",
    "city": "Lehi",
    "state": "ut",
    "zip": "84043",
    "country": "us",
    "telephone": "555-0100",
    "organization_contact": {
        "first_name": "Gia",
        "last_name": "Booth",
        "email": "gia@example.com",
        "telephone": "555-0101",
    },
}


def mixed(count: int) -> list[dict[str, Any]]:
    """`count` operations of every kind, as dicts (nested objects as dicts)."""
    rows: list[dict[str, Any]] = []
    for i in range(count):
        key = f"op{i:03}"
        kind = i % 5
        if kind == 0:
            rows.append(
                {
                    "key": key,
                    "kind": "send_invite",
                    "email": f"{key}@example.com",
                    "subaccount_type": "retail",
                }
            )
        elif kind == 1:
            rows.append(
                {
                    "key": key,
                    "kind": "add_user",
                    "username": key,
                    "first_name": "Ada",
                    "last_name": "User",
                    "email": f"{key}@example.com",
                    "access_roles": [5],
                }
            )
        elif kind == 2:
            rows.append(
                {
                    "key": key,
                    "kind": "add_service_user",
                    "email": f"{key}@svc.example.com",
                    "api_name": f"bot-{key}",
                }
            )
        elif kind == 3:
            rows.append({"key": key, "kind": "create_organization", "name": f"Org {key}", **ORG})
        else:
            rows.append({
                "key": key, "kind": "create_subaccount", "account_type": "managed",
                "user": {"first_name": "Grace", "last_name": "Hopper",
                         "email": f"{key}@sub.example.com"},
                "organization": {"name": f"Sub {key}", "address": "2 Way", "zip": "10002",
                                 "city": "Lehi", "state": "ut", "country": "us"},
            })  # fmt: skip
    return rows


def key_runs(data: bytes) -> list[bytes]:
    """Runs of 64 upper-case hex digits: the emulator's one-time keys."""
    return re.findall(rb"[0-9A-F]{64}", data)


def test_a_run_reports_progress_ids_and_keys_and_leaks_no_key(
    emulator: Emulator,
    client: certcentral.Client,
    tmp_path: pathlib.Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="certcentral")
    plan = bulk.Plan.from_dicts(mixed(20))
    assert len(plan) == 20 and plan.keys()[:2] == ["op000", "op001"]
    seen: list[bulk.Progress] = []
    keys: list[bulk.OneTimeKey] = []
    journal = tmp_path / "run.db"
    report = bulk.run(client, plan, journal, workers=3, progress=seen.append, on_key=keys.append)
    assert report.all_done and report.finished
    assert report.counts == {"pending": 0, "in_flight": 0, "done": 20, "failed": 0,
                             "needs_attention": 0}  # fmt: skip
    assert report.ids["op000"] is None, "an invite's answer carries no id"
    assert all(isinstance(report.ids[f"op{i:03}"], int) for i in range(1, 20) if i % 5)
    assert seen[0].remaining == 20 and seen[-1].done == 20 and seen[-1].remaining == 0
    stats = emulator.stats()
    assert (stats["users_created"], stats["subaccounts_created"]) == (4, 4)
    # One key per service user and managed subaccount: to the callback and the 0600 file.
    assert sorted(k.key for k in keys) == sorted(f"op{i:03}" for i in range(20) if i % 5 in (2, 4))
    assert all(len(k.api_key) == 64 and k.api_key not in repr(k) for k in keys)
    keys_file = pathlib.Path(report.keys_file)
    assert keys_file == tmp_path / "run.db.keys.jsonl"
    assert stat.S_IMODE(keys_file.stat().st_mode) == 0o600
    assert len(key_runs(keys_file.read_bytes())) == 8
    # The journal and the logs hold none.
    for path in tmp_path.iterdir():
        if path != keys_file:
            assert key_runs(path.read_bytes()) == [], path
    assert "POST account" in caplog.text
    assert key_runs(caplog.text.encode()) == []
    # Its status is in the journal; resuming a finished run sends nothing.
    assert bulk.status(journal) == report
    before = sum(emulator.stats()["requests"].values())
    assert bulk.resume(client, journal).all_done
    assert sum(emulator.stats()["requests"].values()) == before


def test_a_plan_with_problems_is_refused_whole(emulator: Emulator, tmp_path: pathlib.Path) -> None:
    rows = mixed(3)
    rows[1]["username"] = "no spaces allowed"
    rows[1]["email"] = "nope"
    rows[2]["key"] = "op000"
    rows.append({"key": "x", "kind": "buy_lunch"})
    with pytest.raises(bulk.PlanError) as raised:
        bulk.Plan.from_dicts(rows)
    shown = [str(p) for p in raised.value.problems]
    assert shown == [
        "row 2, column `username`: may contain only a-z, A-Z, 0-9 and @ - _ + . (found ' ')",
        "row 2, column `email`: must be a valid email address",
        'row 3, column `key`: key "op000" is already used by row 1; it must be unique',
        'row 4, column `kind`: unknown operation kind "buy_lunch" (one of send_invite, '
        "add_user, add_service_user, create_organization, create_subaccount, update_user, "
        "delete_user, set_user_roles, set_user_containers, revoke_api_key, "
        "delete_organization, create_container, submit_organization_validation)",
    ]
    assert isinstance(raised.value, ValueError)
    assert "nothing was sent" in str(raised.value)
    not_rows: list[Any] = [mixed(1)[0], "not a dict"]
    with pytest.raises(bulk.PlanError) as raised:
        bulk.Plan.from_dicts(not_rows)
    assert [str(p) for p in raised.value.problems] == ["row 2: must be a dict"]
    with pytest.raises(OSError):
        bulk.Plan.from_csv(tmp_path / "missing.csv")
    # From CSV: rows as csv.DictReader gives them, or a file, with its lines.
    path = tmp_path / "plan.csv"
    path.write_text("key,kind,email,subaccount_type\na,send_invite,a@example.com,\n")
    with pytest.raises(bulk.PlanError) as raised:
        bulk.Plan.from_csv(path)
    assert [str(p) for p in raised.value.problems] == [
        "row 1 (line 2), column `subaccount_type`: is required and must not be blank"
    ]
    with path.open() as rows_file:
        with pytest.raises(bulk.PlanError):
            bulk.Plan.from_csv(csv.DictReader(rows_file))
    assert sum(emulator.stats()["requests"].values()) == 0


def test_failures_are_reported_and_retried_on_request(
    emulator: Emulator, client: certcentral.Client, tmp_path: pathlib.Path
) -> None:
    emulator.add_fault(route="POST user", kind="respond", status=400, times=1,
                       body_contains="op001")  # fmt: skip
    plan = bulk.Plan.from_dicts(mixed(5))
    report = bulk.run(client, plan, tmp_path / "run.db")
    assert [(op.key, op.error_kind) for op in report.failures] == [("op001", "bad_request")]
    assert not report.all_done and report.finished
    again = bulk.resume(client, tmp_path / "run.db", retry_failed=True)
    assert again.all_done
    assert emulator.stats()["users_created"] == 1


def test_an_exception_in_a_callback_stops_the_run_and_resume_finishes_it(
    emulator: Emulator, client: certcentral.Client, tmp_path: pathlib.Path
) -> None:
    class Enough(Exception):
        pass

    def at_start(p: bulk.Progress) -> None:
        raise Enough

    def after_three(p: bulk.Progress) -> None:
        if p.done >= 3:
            raise Enough

    plan = bulk.Plan.from_dicts(mixed(30))
    # Raised at the first report, before any operation starts: nothing is sent.
    with pytest.raises(Enough):
        bulk.run(client, plan, tmp_path / "first.db", progress=at_start)
    assert bulk.status(tmp_path / "first.db").counts["pending"] == 30
    assert sum(emulator.stats()["requests"].values()) == 0
    # Raised later: operations under way finish, the rest stay pending, resume ends the run.
    journal = tmp_path / "run.db"
    with pytest.raises(Enough):
        bulk.run(client, plan, journal, workers=1, progress=after_three)
    stopped = bulk.status(journal).counts
    assert stopped["done"] >= 3 and stopped["done"] + stopped["pending"] == 30
    assert bulk.resume(client, journal).all_done
    assert emulator.stats()["users_created"] == 6


async def test_async_clients_run_plans_too(emulator: Emulator, tmp_path: pathlib.Path) -> None:
    async with certcentral.AsyncClient(api_key="test-key", base_url=emulator.base_url) as aclient:
        report = await bulk.arun(aclient, bulk.Plan.from_dicts(mixed(10)), tmp_path / "a.db")
        assert report.all_done
        again = await bulk.aresume(aclient, tmp_path / "a.db")
        assert again == report
    assert emulator.stats()["organizations_created"] == 2


def test_the_console_script_is_the_rust_command(emulator: Emulator, tmp_path: pathlib.Path) -> None:
    script = pathlib.Path(sys.executable).with_name("certcentral")
    assert script.exists(), "installed with the package"
    env = {**os.environ, "DIGICERT_API_KEY": "test-key", "CERTCENTRAL_BASE_URL": emulator.base_url}
    shown = subprocess.run([script, "bulk", "run", "--help"], capture_output=True, text=True)
    assert shown.returncode == 0 and "Usage: certcentral bulk run" in shown.stdout
    with (tmp_path / "plan.csv").open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["key", "kind", "email", "subaccount_type"])
        writer.writerows([f"i{n}", "send_invite", f"i{n}@example.com", "retail"] for n in range(4))
    ran = subprocess.run(
        [script, "bulk", "run", "plan.csv", "--journal", "run.db"],
        capture_output=True, text=True, cwd=tmp_path, env=env,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert "4 operations: pending 0, in_flight 0, done 4" in ran.stdout
    assert "progress: 4/4" in ran.stderr
    assert emulator.stats()["invites_created"] == 4
    bad = subprocess.run([script, "users", "lst"], capture_output=True, text=True, env=env)
    assert bad.returncode == 2
