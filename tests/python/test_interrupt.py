"""Ctrl-C: waits (backoff, Retry-After, the rate limiter) stop promptly and nothing further is
sent; a creation whose answer has arrived is never lost: KeyboardInterrupt carries it. The
signal is sent while the emulator holds the request (an explicit signal, not a timer)."""

from __future__ import annotations

import os
import signal
import threading

import pytest

import certcentral
from certcentral.testing import Emulator
from helpers import requests_to, wait_for


def interrupt_when(condition: object, what: str) -> threading.Thread:
    def send() -> None:
        wait_for(condition, what)  # type: ignore[arg-type]
        os.kill(os.getpid(), signal.SIGINT)

    thread = threading.Thread(target=send)
    thread.start()
    return thread


def test_ctrl_c_stops_a_retry_after_wait_and_sends_nothing_more(emulator: Emulator) -> None:
    emulator.add_fault(route="GET user/me", kind="respond", status=503, retry_after="30")
    client = emulator.client(max_retries=2, max_retry_after=60.0)
    sender = interrupt_when(lambda: requests_to(emulator, "GET user/me") == 1, "the 503")
    with pytest.raises(KeyboardInterrupt):
        client.current_user()
    sender.join()
    assert requests_to(emulator, "GET user/me") == 1, "the retry after the wait was not sent"


def test_a_created_subaccount_survives_ctrl_c(emulator: Emulator) -> None:
    emulator.add_fault(route="POST account", kind="hold", ms=30_000, times=1)
    client = emulator.client()

    def interrupt_then_release() -> None:
        wait_for(lambda: emulator.stats()["held"] == 1, "the held POST")
        os.kill(os.getpid(), signal.SIGINT)
        emulator.release()

    thread = threading.Thread(target=interrupt_then_release)
    thread.start()
    with pytest.raises(KeyboardInterrupt) as caught:
        client.create_subaccount(
            "managed",
            allowed_grandchildren=[],
            user={"first_name": "A", "last_name": "B", "email": "a@example.com"},
            organization={
                "name": "O",
                "address": "1",
                "zip": "1",
                "city": "c",
                "state": "s",
                "country": "us",
            },
        )
    thread.join()
    created = caught.value.certcentral_result  # type: ignore[attr-defined]
    assert isinstance(created, certcentral.Subaccount)
    assert created.api_key is not None and len(created.api_key) == 64
    assert emulator.stats()["subaccounts_created"] == 1
