"""Secrets never appear in repr, str, or log records; logging carries method, path, status."""

from __future__ import annotations

import logging

import pytest

from certcentral.testing import Emulator
from helpers import ORGANIZATION, USER

SECRET = "TOP-SECRET-API-KEY-123"


def test_reprs_redact_keys() -> None:
    with Emulator(api_key=SECRET) as emulator:
        assert SECRET not in repr(emulator)
        client = emulator.client()
        assert SECRET not in repr(client) and "<redacted>" in repr(client)
        sub = client.create_subaccount(
            "managed", allowed_grandchildren=[], user=USER, organization=ORGANIZATION
        )
        assert sub.api_key is not None
        for shown in (repr(sub), str(sub), repr(sub.user), repr(sub.organization)):
            assert sub.api_key not in shown
            assert SECRET not in shown
        assert "api_key=<redacted>" in repr(sub)
        client.close()


def test_log_records_name_method_path_status_and_never_a_secret(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="certcentral")
    with Emulator(api_key=SECRET) as emulator:
        emulator.add_fault(
            route="GET account/subaccount/invite", kind="respond", status=503, times=1
        )
        with emulator.client(backoff=0.001, max_backoff=0.002) as client:
            client.list_invites(email="private@example.com")
            sub = client.create_subaccount(
                "managed", allowed_grandchildren=[], user=USER, organization=ORGANIZATION
            )
    messages = [r.getMessage() for r in caplog.records]
    assert "GET account/subaccount/invite -> 503 (attempt 1)" in messages
    assert "GET account/subaccount/invite -> 200 (attempt 2)" in messages
    assert "POST account -> 201 (attempt 1)" in messages
    assert any("retry 1 of 2" in m for m in messages)
    assert {r.name for r in caplog.records} == {"certcentral"}
    text = "\n".join(messages)
    assert SECRET not in text
    assert sub.api_key is not None and sub.api_key not in text
    assert "private@example.com" not in text, "query strings (and bodies) stay out of the logs"
