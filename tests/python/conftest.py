"""Fixtures: a fresh emulator per test, and a client for it with millisecond backoff."""

from __future__ import annotations

import json
import pathlib
from typing import Any, Dict, Iterator

import pytest

import certcentral
from certcentral.testing import Emulator
from certcentral.types import OrganizationContact, SubaccountOrganization, SubaccountUser

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures"


USER: SubaccountUser = {"first_name": "John", "last_name": "Smith", "email": "john.smith@example.com"}
ORGANIZATION: SubaccountOrganization = {
    "name": "Example Company, LLC",
    "address": "123 Fake Street",
    "zip": "93090",
    "city": "Toledo",
    "state": "AL",
    "country": "US",
}
CONTACT: OrganizationContact = {
    "first_name": "Gia",
    "last_name": "Booth",
    "email": "gia.booth@inbox.com",
    "telephone": "666-186-6450",
}


def fixture(name: str) -> Dict[str, Any]:
    """One of the API docs' example bodies (tests/fixtures)."""
    loaded: Dict[str, Any] = json.loads((FIXTURES / name).read_text())
    return loaded


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator(api_key="test-key") as running:
        yield running


@pytest.fixture
def client(emulator: Emulator) -> Iterator[certcentral.Client]:
    with emulator.client(backoff=0.001, max_backoff=0.004) as made:
        yield made


def requests_to(emulator: Emulator, route: str) -> int:
    count: int = emulator.stats()["requests"].get(route, 0)
    return count
