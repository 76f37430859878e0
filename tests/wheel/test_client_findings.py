"""What a red-team run and a new user found in the client, checked against the installed wheel:
fork safety, Ctrl-C during a slow GET, the key never in clear through a proxy, the environment's
base URL, redaction, output that a spreadsheet or a terminal cannot be tricked by, unbounded
inputs, one limit rule for every list, errors that say which request, the emulator from the
wheel, and the parity and polish items. Waits are for explicit signals; deadlines only stop a
broken test hanging."""

from __future__ import annotations

import json
import os
import pathlib
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import pytest

import certcentral
from certcentral.testing import Emulator

# The SIGINT these tests send reaches the children whatever started pytest: a shell that runs a
# command in the background without job control starts it with SIGINT ignored, and a child
# inherits SIG_IGN (a handler, by contrast, is reset to the default in a child).
signal.signal(signal.SIGINT, signal.default_int_handler)

SCRIPT = pathlib.Path(sys.executable).with_name("certcentral")


def wait_for(what: str, condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.01)


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator(api_key="wheel-findings-key") as running:
        yield running


def add_user(client: certcentral.Client, name: str, **fields: str) -> int:
    created = client.add_user(
        name,
        first_name=fields.get("first_name", "Ada"),
        last_name=fields.get("last_name", "User"),
        email=f"{name}@example.com",
        access_roles=[5],
    )
    return created.id


def test_a_forked_child_never_reads_its_parents_answers(emulator: Emulator) -> None:
    with emulator.client() as client:
        a, b = add_user(client, "fork.parent"), add_user(client, "fork.child")
        assert client.get_user(a).id == a  # a pooled connection now exists
        pid = os.fork()
        if pid == 0:  # the child: its own connections, its own answers
            code = 3
            try:
                mine = all(client.get_user(b).id == b for _ in range(200))
                sub = client.create_subaccount(
                    "managed",
                    allowed_grandchildren=[],
                    user={"first_name": "F", "last_name": "K", "email": "fork@example.com"},
                    organization={"name": "Fork Org", "address": "1 Way", "zip": "1",
                                  "city": "C", "state": "s", "country": "us"},
                )  # fmt: skip
                code = 0 if mine and sub.api_key else 1
            finally:
                os._exit(code)
        mine = all(client.get_user(a).id == a for _ in range(200))
        _, status = os.waitpid(pid, 0)
    assert mine, "the parent read one of the child's answers"
    assert os.waitstatus_to_exitcode(status) == 0, "the child read the parent's answers"
    assert emulator.stats()["subaccounts_created"] == 1


SLOW_GET = """
import sys, certcentral
client = certcentral.Client("wheel-findings-key", base_url=sys.argv[1])
print("calling", flush=True)
try:
    client.get_user(int(sys.argv[2]))
except KeyboardInterrupt:
    print("interrupted", flush=True)
    sys.exit(0)
sys.exit(1)
"""


def test_ctrl_c_abandons_a_slow_get_at_once(emulator: Emulator) -> None:
    emulator.add_fault(route="GET user/{user_id}", kind="hold", ms=60_000, times=1)
    child = subprocess.Popen(
        [sys.executable, "-c", SLOW_GET, emulator.base_url, "100000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for("the GET in flight", lambda: emulator.stats()["held"] == 1)
        child.send_signal(signal.SIGINT)
        # The answer stays held (for a minute): the child ends only by walking away from it.
        out, err = child.communicate(timeout=30)
    finally:
        emulator.release()
    assert child.returncode == 0, err
    assert "interrupted" in out


def test_the_key_never_goes_in_clear_through_a_proxy_elsewhere() -> None:
    with pytest.raises(certcentral.InvalidArgumentError) as caught:
        certcentral.Client("KEY", base_url="http://127.0.0.1:9/", proxy="http://proxy.example:3128")
    assert caught.value.field == "proxy" and "in clear" in str(caught.value)
    # A proxy on this machine keeps the key on it.
    certcentral.Client("KEY", base_url="http://127.0.0.1:9/", proxy="http://127.0.0.1:3128")


def test_the_environments_base_url_is_honoured_and_shown(emulator: Emulator) -> None:
    probe = (
        "import certcentral; c = certcentral.Client(); print(repr(c)); "
        "print(c.current_user().username)"
    )
    env = dict(
        os.environ, CERTCENTRAL_BASE_URL=emulator.base_url, DIGICERT_API_KEY=emulator.api_key
    )
    ran = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60
    )
    assert ran.returncode == 0, ran.stderr
    assert emulator.base_url in ran.stdout and "admin" in ran.stdout
    assert emulator.api_key not in ran.stdout + ran.stderr


def test_an_echoed_key_is_redacted_everywhere_and_short_keys_spare_words(
    emulator: Emulator,
) -> None:
    key = emulator.api_key
    echo = json.dumps(
        {"errors": [{"code": "bad", "message": f"key {key[:-1]} is wrong"}], "echo": key}
    )
    emulator.add_fault(route="GET user/me", kind="respond", status=400, body=echo, times=1)
    with emulator.client(max_retries=0) as client:
        with pytest.raises(certcentral.BadRequestError) as caught:
            client.current_user()
    err = caught.value
    shown = f"{err} {err!r} {err.body} {err.errors}"
    assert key[:-1] not in shown and key[1:] not in shown and "[redacted]" in shown
    with Emulator(api_key="e") as short, short.client(max_retries=0) as client:
        with pytest.raises(certcentral.NotFoundError) as missing:
            client.get_user(999)
    assert "[redacted]" not in str(missing.value)
    assert "user" in str(missing.value)


def test_csv_and_table_output_cannot_be_turned_against_their_reader(
    emulator: Emulator,
) -> None:
    with emulator.client() as client:
        add_user(client, "formula", first_name="=HYPERLINK(1)", last_name="\x1b[31mred")
    env = dict(
        os.environ, DIGICERT_API_KEY=emulator.api_key, CERTCENTRAL_BASE_URL=emulator.base_url
    )
    csv = subprocess.run(
        [SCRIPT, "users", "list", "--output", "csv", "--search", "formula"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "'=HYPERLINK(1)" in csv.stdout, csv.stdout
    table = subprocess.run(
        [SCRIPT, "users", "list", "--search", "formula"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "\x1b" not in table.stdout and "\\u{1b}[31mred" in table.stdout, table.stdout


def test_unbounded_inputs_are_refused_at_once(tmp_path: pathlib.Path) -> None:
    with pytest.raises(certcentral.InvalidArgumentError, match="ca_bundle") as caught:
        certcentral.Client("k", ca_bundle="/dev/zero")
    assert "not a regular file" in str(caught.value)


def test_one_limit_rule_for_every_list(emulator: Emulator) -> None:
    with emulator.client() as client:
        for call in (
            lambda: client.list_users(limit=5000),
            lambda: client.list_organizations(limit=5000),
            lambda: client.list_subaccounts(limit=5000),
            lambda: client.list_invites(limit=5000),
            lambda: client.iter_users(page_size=5000),
        ):
            with pytest.raises(certcentral.ValidationError) as caught:
                call()
            assert caught.value.field in ("limit", "page_size")
    assert sum(emulator.stats()["requests"].values()) == 0, "nothing was sent"


def test_errors_say_which_request_and_carry_the_headers(emulator: Emulator) -> None:
    with emulator.client(max_retries=0) as client:
        with pytest.raises(certcentral.NotFoundError) as caught:
            client.request("GET", "no/such/endpoint?email=a@example.com")
    err = caught.value
    assert err.method == "GET"
    assert err.url == emulator.base_url + "no/such/endpoint", err.url
    assert err.url in str(err), "a 404 names the URL"
    assert err.headers.get("content-type") == "application/json"
    with certcentral.Client(
        "k", base_url="https://no-such-host.invalid/", connect_timeout=2, max_retries=0
    ) as client:
        with pytest.raises(certcentral.TransportError) as broken:
            client.current_user()
    assert "no-such-host.invalid" in str(broken.value)


def test_the_wheel_runs_the_emulator_for_programs_without_rust() -> None:
    for command in (
        [str(SCRIPT), "emulator", "--api-key", "cli-key"],
        [sys.executable, "-m", "certcentral.testing", "--api-key", "cli-key"],
    ):
        child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        try:
            assert child.stdout is not None
            url = child.stdout.readline().strip()
            assert url.startswith("http://127.0.0.1:") and url.endswith("/services/v2/"), url
            with certcentral.Client("cli-key", base_url=url) as client:
                assert client.current_user().username == "admin"
        finally:
            child.send_signal(signal.SIGTERM)
            child.communicate(timeout=30)
        assert child.returncode == 0, command


def test_parity_settings(emulator: Emulator) -> None:
    with emulator.client(max_response_bytes=64) as client:
        with pytest.raises(certcentral.DecodeError, match="max_response_bytes"):
            client.current_user()
    windows = [(1000, 300.0), (100, 5.0)]
    with emulator.client(rate_limit=windows) as client:
        assert client.current_user().username == "admin"
    with pytest.raises(certcentral.InvalidArgumentError, match=r"rate_limit\[0\]"):
        emulator.client(rate_limit=[(0, 5.0)])
    env = dict(os.environ, CERTCENTRAL_LOG="debug")
    probe = (
        "import certcentral, sys; c = certcentral.Client(sys.argv[2], base_url=sys.argv[1]); "
        "c.current_user()"
    )
    ran = subprocess.run(
        [sys.executable, "-c", probe, emulator.base_url, emulator.api_key],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr
    assert "GET user/me -> 200" in ran.stderr, ran.stderr
    assert emulator.api_key not in ran.stderr


def test_the_command_points_the_way(emulator: Emulator, tmp_path: pathlib.Path) -> None:
    env = dict(
        os.environ, DIGICERT_API_KEY=emulator.api_key, CERTCENTRAL_BASE_URL=emulator.base_url
    )

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([SCRIPT, *args], env=env, capture_output=True, text=True, timeout=60)

    typo = run("users", "lsit")
    assert typo.returncode == 2 and "list" in typo.stderr, typo.stderr
    key = run("users", "list", "--api-key", "SECRET")
    assert key.returncode == 2 and "DIGICERT_API_KEY" in key.stderr and "SECRET" not in key.stderr
    negative = run("users", "list", "--limit", "-1")
    assert negative.returncode == 2 and "at least 1" in negative.stderr, negative.stderr
    key_file = tmp_path / "key.txt"
    key_file.write_text(emulator.api_key)
    key_file.chmod(0o644)
    loose = run("users", "list", "--api-key-file", str(key_file))
    assert loose.returncode == 0 and "chmod 600" in loose.stderr, loose.stderr


def test_a_plan_error_is_a_certcentral_error(tmp_path: pathlib.Path) -> None:
    from certcentral import bulk

    with pytest.raises(certcentral.CertCentralError) as caught:
        bulk.Plan.from_dicts([{"key": "a", "kind": "adopt_cat"}])
    assert isinstance(caught.value, bulk.PlanError)
    assert isinstance(caught.value, ValueError) and caught.value.kind == "validation"
