"""Shared test data and helpers: the docs' example bodies, valid dicts for the request
arguments, and request counts from the emulator. A plain module (not conftest), so that tests
import it like any other; pyproject.toml puts tests/python on pytest's path."""

from __future__ import annotations

import json
import pathlib
import time
from typing import Any, Callable

import certcentral
from certcentral.testing import Emulator
from certcentral.types import (
    OrganizationContactParams,
    SubaccountOrganizationParams,
    SubaccountUserParams,
)

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures"


USER: SubaccountUserParams = {
    "first_name": "John",
    "last_name": "Smith",
    "email": "john.smith@example.com",
}
ORGANIZATION: SubaccountOrganizationParams = {
    "name": "Example Company, LLC",
    "address": "123 Fake Street",
    "zip": "93090",
    "city": "Toledo",
    "state": "AL",
    "country": "US",
}
CONTACT: OrganizationContactParams = {
    "first_name": "Gia",
    "last_name": "Booth",
    "email": "gia.booth@inbox.com",
    "telephone": "666-186-6450",
}


def fixture(name: str) -> dict[str, Any]:
    """One of the API docs' example bodies (tests/fixtures)."""
    loaded: dict[str, Any] = json.loads((FIXTURES / name).read_text())
    return loaded


def requests_to(emulator: Emulator, route: str) -> int:
    """How many requests the emulator received on `route` ("METHOD path")."""
    count: int = emulator.stats()["requests"].get(route, 0)
    return count


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 30.0) -> None:
    """Waits until `condition()` holds (an explicit signal, e.g. the emulator counting a held
    request). The deadline only keeps a broken test from hanging; no test relies on timing."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.005)


def populate(client: certcentral.Client, count: int) -> None:
    """Creates `count` users, organizations and subaccounts, each with a distinct name."""
    for i in range(count):
        client.add_user(
            f"user{i}",
            first_name="Ada",
            last_name=f"User {i}",
            email=f"user{i}@example.com",
            access_roles=[5],
        )
        client.create_organization(
            f"Org {i}",
            address="1 Main St",
            city="Lehi",
            state="ut",
            zip="84043",
            country="us",
            telephone="555-0100",
            organization_contact=CONTACT,
        )
        client.create_subaccount(
            "retail",
            allowed_grandchildren=[],
            user={**USER, "email": f"sub{i}@example.com"},
            organization={**ORGANIZATION, "name": f"Subsidiary {i}"},
        )
