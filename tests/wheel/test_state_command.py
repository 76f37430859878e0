"""The installed ``certcentral`` console script keeps the accounts-as-code promises: ``plan``
with its exit codes, ``apply`` killed with SIGKILL while the emulator holds a creation it has
carried out, then run again with the same journal: no duplicate, and ``plan`` shows no changes.
Every wait is for an explicit signal (the held request); the deadline only stops a broken test
hanging."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from certcentral.testing import Emulator

SCRIPT = pathlib.Path(sys.executable).with_name("certcentral")

ACCOUNT = """
[[division]]
name = "EMEA"

[[user]]
username = "grace"
email = "grace@example.com"
first_name = "Grace"
last_name = "Hopper"
roles = ["Manager"]
divisions = ["EMEA"]

[[user]]
username = "alan"
email = "alan@example.com"
first_name = "Alan"
last_name = "Turing"
roles = [5]
"""


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator(api_key="wheel-key") as running:
        yield running


def command(emulator: Emulator, cwd: pathlib.Path, *args: str) -> list[str]:
    return [str(SCRIPT), *args, "--rate-limit", "off", "--timeout", "20"]


def environment(emulator: Emulator) -> dict[str, str]:
    return dict(
        os.environ, DIGICERT_API_KEY=emulator.api_key, CERTCENTRAL_BASE_URL=emulator.base_url
    )


def run(emulator: Emulator, cwd: pathlib.Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(emulator, cwd, *args),
        cwd=cwd,
        env=environment(emulator),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_apply_killed_mid_request_then_run_again_creates_nothing_twice(
    emulator: Emulator, tmp_path: pathlib.Path
) -> None:
    (tmp_path / "accounts.toml").write_text(ACCOUNT)
    planned = run(emulator, tmp_path, "plan", "accounts.toml", "--detailed-exitcode")
    assert planned.returncode == 2, planned.stderr
    assert "+ user.grace" in planned.stdout
    assert "Plan: 3 to create, 0 to change, 0 to delete." in planned.stdout

    emulator.add_fault(route="POST user", kind="hold", ms=60_000, times=1, body_contains="grace")
    child = subprocess.Popen(
        command(emulator, tmp_path, "apply", "accounts.toml", "--journal", "run.db"),
        cwd=tmp_path,
        env=environment(emulator),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while emulator.stats()["held"] < 1:
        assert time.monotonic() < deadline, "the held creation never arrived"
        time.sleep(0.01)
    child.kill()
    child.wait(timeout=60)
    emulator.release()

    applied = run(emulator, tmp_path, "apply", "accounts.toml", "--journal", "run.db")
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert "Applied: the account matches the file." in applied.stdout
    assert emulator.stats()["users_created"] == 2  # grace and alan, once each
    again = run(emulator, tmp_path, "plan", "accounts.toml", "--detailed-exitcode")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "No changes" in again.stdout
