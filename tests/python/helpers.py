"""Shared test data and helpers: the docs' example bodies, valid dicts for the request
arguments, and request counts from the emulator. A plain module (not conftest), so that tests
import it like any other; pyproject.toml puts tests/python on pytest's path."""

from __future__ import annotations

import json
import pathlib
from typing import Any

from certcentral.testing import Emulator
from certcentral.types import OrganizationContact, SubaccountOrganization, SubaccountUser

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures"


USER: SubaccountUser = {
    "first_name": "John",
    "last_name": "Smith",
    "email": "john.smith@example.com",
}
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


def fixture(name: str) -> dict[str, Any]:
    """One of the API docs' example bodies (tests/fixtures)."""
    loaded: dict[str, Any] = json.loads((FIXTURES / name).read_text())
    return loaded


def requests_to(emulator: Emulator, route: str) -> int:
    """How many requests the emulator received on `route` ("METHOD path")."""
    count: int = emulator.stats()["requests"].get(route, 0)
    return count
