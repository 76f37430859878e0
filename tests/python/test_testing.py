"""certcentral.testing: the emulator's Python API and the pytest fixtures users import."""

from __future__ import annotations

import pytest

import certcentral
from certcentral.testing import Emulator


def test_the_fixtures_work_for_users(
    certcentral_emulator: Emulator, certcentral_client: certcentral.Client
) -> None:
    certcentral_client.send_invite(["user@example.com"], "retail")
    assert certcentral_emulator.stats()["invites_created"] == 1
    assert certcentral_client.base_url == certcentral_emulator.base_url


def test_emulator_controls(emulator: Emulator, client: certcentral.Client) -> None:
    emulator.seed_invites(3)
    assert emulator.set_invite_status(2, "accepted") is True
    assert emulator.set_invite_status(99, "accepted") is False
    assert [i.id for i in client.list_invites(status="accepted")] == [2]
    emulator.add_fault(route="GET user/me", kind="respond", status=500)
    emulator.clear_faults()
    client.request("GET", "user/me")
    emulator.configure(
        subaccount_types=["retail"],
        latency=0.0,
        duplicate_organizations="reuse",
        rate_limit=False,
        time_scale=1.0,
        subaccounts_enabled=True,
    )
    with pytest.raises(certcentral.BadRequestError, match="invalid_subaccount_type"):
        client.send_invite(["a@example.com"], "enterprise")
    stats = emulator.stats()
    assert stats["invites_created"] == 3 and stats["faults_injected"] == 0


def test_bad_options_and_faults_are_refused(emulator: Emulator) -> None:
    with pytest.raises(certcentral.InvalidArgumentError, match="duplicate_organizations"):
        Emulator(duplicate_organizations="sometimes")  # type: ignore[arg-type]
    with pytest.raises(certcentral.InvalidArgumentError, match="fault"):
        emulator.add_fault(route="GET user/me", kind="explode")
    with pytest.raises(certcentral.InvalidArgumentError, match="route"):
        emulator.add_fault(route="user/me", kind="reset_before")
    with pytest.raises(certcentral.InvalidArgumentError, match="count"):
        emulator.seed_invites(10**9)
    with pytest.raises(certcentral.InvalidArgumentError, match="count"):
        emulator.seed_invites(-1)
    with pytest.raises(certcentral.InvalidArgumentError, match="port"):
        Emulator(port=70000)
    with pytest.raises(certcentral.InvalidArgumentError, match="time_scale"):
        emulator.configure(time_scale=0.0)


def test_faults_and_options_given_at_start() -> None:
    fault = {"route": "GET user/me", "kind": "respond", "status": 503, "times": 1}
    with Emulator(
        "k", faults=[fault], seed_invites=5, subaccounts_enabled=False, latency=0.01
    ) as emulator:
        with emulator.client(max_retries=0) as client:
            with pytest.raises(certcentral.ServerError):
                client.request("GET", "user/me")
            assert len(client.list_invites()) == 5
    with pytest.raises(certcentral.InvalidArgumentError, match="closed"):
        emulator.stats()
    emulator.close()  # idempotent


def test_an_emulator_client_keeps_the_emulator_limits_on_its_time_scale() -> None:
    # One second is far more than the scaled 50 ms window and far less than the real 5 s one:
    # a limiter on real time would refuse the 101st call at once.
    with Emulator(rate_limit=True, time_scale=0.01) as emulator:
        with emulator.client(max_rate_limit_wait=1.0, max_retries=0) as client:
            for _ in range(150):
                client.list_invites(limit=1)
        assert emulator.stats()["rate_limited"] == 0
