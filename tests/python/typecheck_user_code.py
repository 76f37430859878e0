"""Realistic user code, type-checked with mypy --strict by `make test` (never run): the stubs
must accept what works at runtime (tuples for lists, `with` blocks that return) and give
precise types to what comes back."""

from __future__ import annotations

import asyncio
import pickle

import certcentral
from certcentral import bulk
from certcentral.types import ContactParams, OrganizationContactParams, ValidationParams

CONTACT: OrganizationContactParams = {
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


def restricted_key(client: certcentral.Client, user_id: int) -> str | None:
    # A role id looked up at run time is an int, and that is what the key takes.
    role_id = next(r.id for r in client.list_api_key_roles() if r.name == "View Only")
    created = client.create_api_key(user_id, "reader", restricted_to_role_id=role_id)
    return created.api_key


def offboard(client: certcentral.Client, email: str) -> int:
    user = next((u for u in client.iter_users(search=email) if u.email == email), None)
    if user is None:
        return 0
    keys: list[certcentral.ApiKeyDetails] = list(client.iter_api_keys(user_id=user.id))
    for key in keys:
        if key.status != "revoked":
            client.revoke_api_key(key.id)
    client.delete_user(user.id)
    return len(keys)


def reorganize(client: certcentral.Client, parent_id: int, user_ids: tuple[int, ...]) -> int:
    division = client.create_container(parent_id, "Sales", template_id=4).id
    client.set_container_users(division, user_ids)
    for user_id in user_ids:
        client.set_user_roles(user_id, (5,))
        client.set_user_containers(user_id, [division])
        client.update_user(user_id, job_title="Seller")
    return len(client.list_child_containers(parent_id))


def revalidate(client: certcentral.Client, organization_id: int, approver: int) -> list[str]:
    contact: ContactParams = {"job_title": "CFO"}
    client.update_organization_contacts(organization_id, organization_contact=contact)
    wanted: list[ValidationParams] = [
        {"type": "ov"},
        {"type": "ev", "verified_users": [{"id": approver}]},
    ]
    client.submit_organization_validation(organization_id, wanted)
    return [v.status or "" for v in client.get_organization_validations(organization_id)]


async def async_usage() -> list[int]:
    async with certcentral.AsyncClient(region="eu", max_concurrency=8) as client:
        me = await client.current_user()
        ids = [invite.id async for invite in client.iter_invites(page_size=100)]
        roles = await client.list_access_roles(me.container.id if me.container else 1)
        keys = [k.id async for k in client.iter_api_keys(user_id=me.id, page_size=50)]
        await client.update_api_key(keys[0], name="renamed")
        details: certcentral.ApiKeyDetails = await client.get_api_key(keys[0])
        await client.update_subaccount(7, bill_parent=True, child_name=details.name)
        return ids + [r.id for r in roles]


def provision_in_bulk(client: certcentral.Client, keys: dict[str, str]) -> list[str]:
    plan = bulk.Plan.from_dicts(
        [{"key": "u1", "kind": "add_user", "username": "ada", "access_roles": [5]}]
    )
    report = bulk.run(
        client,
        plan,
        "run.db",
        progress=lambda p: print(p.done, p.remaining, p.eta),
        on_key=lambda k: keys.__setitem__(k.key, k.api_key),
    )
    ids = [i for i in report.ids.values() if i is not None]
    return [op.message or "" for op in report.failures] + [str(i) for i in ids]


async def async_bulk(plan: bulk.Plan) -> int:
    async with certcentral.AsyncClient() as client:
        report = await bulk.arun(client, plan, "run.db", workers=2)
        return report.counts["done"]


def main() -> None:
    asyncio.run(async_usage())
