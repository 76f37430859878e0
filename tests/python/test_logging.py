"""Logging follows the `certcentral` logger as it is when a call is made, not as it was when
the client was made: configure logging whenever you like (pytest's caplog included)."""

from __future__ import annotations

import logging

import pytest

import certcentral
from certcentral.testing import Emulator


def test_a_level_set_after_the_client_is_made_is_followed(
    client: certcentral.Client, caplog: pytest.LogCaptureFixture
) -> None:
    client.current_user()
    assert caplog.records == [], "nothing at the default WARNING level"
    caplog.set_level(logging.DEBUG, logger="certcentral")
    client.current_user()
    assert [r.getMessage() for r in caplog.records] == ["GET user/me -> 200 (attempt 1)"]
    caplog.clear()
    caplog.set_level(logging.WARNING, logger="certcentral")
    client.current_user()
    assert caplog.records == [], "turned off again"


def test_the_bundled_fixture_client_logs_too(
    certcentral_client: certcentral.Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="certcentral")
    certcentral_client.current_user()
    assert any(r.getMessage().startswith("GET user/me -> 200") for r in caplog.records)


def test_a_parent_logger_level_counts(emulator: Emulator, caplog: pytest.LogCaptureFixture) -> None:
    client = emulator.client()
    caplog.set_level(logging.INFO)  # the root logger; certcentral inherits it
    emulator.add_fault(route="GET user/me", kind="respond", status=503, times=1)
    with emulator.client(backoff=0.001, max_backoff=0.002) as retrying:
        retrying.current_user()
    messages = [r.getMessage() for r in caplog.records]
    assert any("retry 1 of 2" in m for m in messages), messages
    assert not any("-> 200" in m for m in messages), "DEBUG records stay out at INFO"
    client.close()
