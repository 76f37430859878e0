"""Realistic user code, type-checked with mypy --strict by `make test` (never run): the stubs
must accept what works at runtime (tuples for lists, `with` blocks that return) and give
precise types to what comes back."""

from __future__ import annotations

import asyncio
import pickle

import certcentral
from certcentral.types import OrganizationContact

CONTACT: OrganizationContact = {
    "first_name": "Gia",
    "last_name": "Booth",
    "email": "gia@example.com",
    "telephone": "555-0100",
}


def create_org(client: certcentral.Client) -> int:
    with client as c:
        return c.create_organization(
            "Acme",
            address="1 Main",
            city="Lehi",
            state="ut",
            zip="84043",
            country="us",
            telephone="555-0100",
            organization_contact=CONTACT,
        ).id


def invite_everyone(client: certcentral.Client, emails: tuple[str, ...]) -> None:
    client.send_invite(emails, "retail", invite_note="Welcome")
    client.add_user("ada", first_name="A", last_name="L", email="a@example.com", access_roles=(5,))


def find_org(client: certcentral.Client, name: str) -> certcentral.Organization | None:
    return next((o for o in client.iter_organizations(search=name) if o.name == name), None)


def active_user_emails(client: certcentral.Client) -> list[str]:
    page: certcentral.UserPage = client.list_users(filters={"status": "active"}, limit=100)
    return [u.email for u in page.users if u.email is not None]


def pending_invites(client: certcentral.Client) -> int:
    return sum(1 for invite in client.iter_invites(status="canceled") if invite.id > 0)


def keep_key(client: certcentral.Client) -> str | None:
    try:
        robot = client.add_service_user("robot@example.com", "deploy", restricted_to_role_id=102)
    except certcentral.DecodeError as error:
        return error.one_time_key
    copied: certcentral.ServiceUser = pickle.loads(pickle.dumps(robot))
    return copied.api_key or robot.api_key


async def async_usage() -> list[int]:
    async with certcentral.AsyncClient(region="eu", max_concurrency=8) as client:
        me = await client.current_user()
        ids = [invite.id async for invite in client.iter_invites(page_size=100)]
        roles = await client.list_access_roles(me.container.id if me.container else 1)
        return ids + [r.id for r in roles]


def main() -> None:
    asyncio.run(async_usage())
