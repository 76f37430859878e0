"""The recordings of the real server (tests/fixtures/recorded/): each line of replays.txt served
byte for byte on its route, read as the line says by Client, AsyncClient, their iterators and
the ``certcentral`` console script; the facts each recording carries; and the emulator answering
the recorded way by default."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
from collections.abc import Callable, Sized
from dataclasses import dataclass
from typing import Any

import pytest

import certcentral
from certcentral.testing import Emulator

RECORDED = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "recorded"
SCRIPT = pathlib.Path(sys.executable).with_name("certcentral")


@dataclass(frozen=True)
class Replay:
    fixture: str
    status: int
    route: str
    expected: str

    def __str__(self) -> str:
        return f"{self.fixture} on {self.route} -> {self.expected}"


def replays() -> list[Replay]:
    lines = (RECORDED / "replays.txt").read_text().splitlines()
    found = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        fixture, status, route, expected = (part.strip() for part in line.split("|"))
        found.append(Replay(fixture, int(status), route, expected))
    assert len(found) >= 10, "replays.txt lost its lines"
    return found


def body(name: str) -> str:
    return (RECORDED / name).read_text()


# The list call and the iterator of each route, for the sync client.
SYNC: dict[
    str, tuple[Callable[[certcentral.Client], Sized], Callable[[certcentral.Client], Any]]
] = {
    "GET user": (lambda c: c.list_users(), lambda c: c.iter_users()),
    "GET account/subaccount/invite": (lambda c: c.list_invites(), lambda c: c.iter_invites()),
    "GET organization": (lambda c: c.list_organizations(), lambda c: c.iter_organizations()),
    "GET account/subaccount": (lambda c: c.list_subaccounts(), lambda c: c.iter_subaccounts()),
    "GET container": (lambda c: c.list_containers(), lambda c: c.list_containers()),
}


def expect(replay: Replay, outcome: Callable[[], int]) -> None:
    what, _, value = replay.expected.partition("=")
    if what == "items":
        assert outcome() == int(value), str(replay)
    elif what == "error":
        with pytest.raises(certcentral.CertCentralError) as caught:
            outcome()
        assert caught.value.kind == value, str(replay)
    else:
        raise AssertionError(f"replays.txt: unknown expectation {replay.expected}")


def test_every_recording_reads_as_recorded_through_client(emulator: Emulator) -> None:
    with emulator.client(max_retries=0) as client:
        for replay in replays():
            emulator.clear_faults()
            emulator.replay(replay.route, body(replay.fixture), status=replay.status)
            assert replay.route in SYNC, f"replays.txt names {replay.route}: give it a call here"
            page_call, iterate = SYNC[replay.route]
            expect(replay, lambda call=page_call: len(call(client)))  # type: ignore[misc]
            expect(replay, lambda call=iterate: sum(1 for _ in call(client)))  # type: ignore[misc]


async def test_every_recording_reads_as_recorded_through_async_client(emulator: Emulator) -> None:
    async with certcentral.AsyncClient(
        emulator.api_key, base_url=emulator.base_url, max_retries=0
    ) as client:
        calls: dict[str, tuple[Callable[[], Any], Callable[[], Any]]] = {
            "GET user": (client.list_users, client.iter_users),
            "GET account/subaccount/invite": (client.list_invites, client.iter_invites),
            "GET organization": (client.list_organizations, client.iter_organizations),
            "GET account/subaccount": (client.list_subaccounts, client.iter_subaccounts),
        }
        for replay in replays():
            if replay.route not in calls:
                assert replay.route == "GET container"  # a list without pages, no iterator
                continue
            emulator.clear_faults()
            emulator.replay(replay.route, body(replay.fixture), status=replay.status)
            page_call, iterate = calls[replay.route]
            what, _, value = replay.expected.partition("=")
            if what == "items":
                assert len(await page_call()) == int(value), str(replay)
                assert len([r async for r in iterate()]) == int(value), str(replay)
            else:
                with pytest.raises(certcentral.CertCentralError) as caught:
                    await page_call()
                assert caught.value.kind == value, str(replay)


# The console script's list command for each route it has.
COMMANDS = {
    "GET user": "users",
    "GET account/subaccount/invite": "invites",
    "GET organization": "orgs",
}


def test_every_recording_the_console_script_lists_reads_as_recorded(emulator: Emulator) -> None:
    env = dict(
        os.environ, DIGICERT_API_KEY=emulator.api_key, CERTCENTRAL_BASE_URL=emulator.base_url
    )
    tried = 0
    for replay in replays():
        if replay.route not in COMMANDS:
            continue  # the command has no list of subaccounts or containers
        emulator.clear_faults()
        emulator.replay(replay.route, body(replay.fixture), status=replay.status)
        ran = subprocess.run(
            [SCRIPT, COMMANDS[replay.route], "list", "--output", "json"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        what, _, value = replay.expected.partition("=")
        if what == "items":
            assert ran.returncode == 0, (str(replay), ran.stderr)
            assert len(json.loads(ran.stdout)) == int(value), str(replay)
        else:
            assert ran.returncode == 3, (str(replay), ran.stderr)
            assert "authentication failed" in ran.stderr
        tried += 1
    assert tried >= 7


def test_a_recorded_user_keeps_absent_fields_absent(
    emulator: Emulator, client: certcentral.Client
) -> None:
    emulator.replay("GET user", body("users.list.json"))
    (user,) = client.list_users()
    assert (user.job_title, user.telephone, user.last_login_date) == (None, None, None)
    assert user.has_container_assignments is False
    assert user.container is not None and user.container.is_active is True
    assert user.access_roles[0].name == "Finance Manager"
    assert user.raw["container"]["public_id"] == "0abc…"
    assert "job_title" not in user.raw
    emulator.clear_faults()
    emulator.replay("GET user", body("users.login-dates.json"))
    dates = [u.last_login_date for u in client.iter_users()]
    assert dates == ["2020-05-01 15:47:26", "2023-10-13T15:15:13+00:00"]


def test_a_boolean_recorded_as_text_reads_like_its_neighbour(
    emulator: Emulator, client: certcentral.Client
) -> None:
    emulator.replay("GET container", body("containers.active-as-text.json"))
    (container,) = client.list_containers()
    assert container.is_active is True
    assert container.organization_assignments[0].is_active is True


def test_the_emulator_answers_the_recorded_way_by_default(emulator: Emulator) -> None:
    with emulator.client() as client:
        raw = client.request("GET", "user?filters[search]=nobody&limit=1000")
        assert json.dumps(raw, separators=(",", ":")) == body("empty-list.2020.json")
        assert len(client.list_users(search="nobody")) == 0
        assert list(client.iter_invites(email="nobody@example.com", status="pending")) == []
    with emulator.client(api_key="wrong-key") as wrong:
        with pytest.raises(certcentral.AuthenticationError) as caught:
            wrong.current_user()
    assert caught.value.http_status == 403
    assert caught.value.body == body("invalid-key.403.json")


def test_the_documented_empty_list_is_an_option() -> None:
    with (
        Emulator(api_key="k", documented_empty_lists=True) as emulator,
        emulator.client() as client,
    ):
        assert client.request("GET", "user?filters[search]=nobody")["users"] == []
        assert len(client.list_users(search="nobody")) == 0
        emulator.configure(documented_empty_lists=False)
        assert "users" not in client.request("GET", "user?filters[search]=nobody")
