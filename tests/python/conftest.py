"""Fixtures: a fresh emulator per test, and a client for it with millisecond backoff. Shared
data and helpers are in helpers.py."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest

import certcentral
from certcentral.testing import Emulator

# Ctrl-C reaches the tests that send it (test_interrupt.py) whatever started pytest: a shell
# that runs a command in the background without job control starts it with SIGINT ignored.
signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator(api_key="test-key") as running:
        yield running


@pytest.fixture
def client(emulator: Emulator) -> Iterator[certcentral.Client]:
    with emulator.client(backoff=0.001, max_backoff=0.004) as made:
        yield made


@pytest.fixture
def typed_client(client: certcentral.Client) -> certcentral.Client:
    """The same client, for tests that retype it (to break the stubs on purpose)."""
    return client
