"""Provision a customer: an organization (unless it already exists), a managed subaccount, a
user, and invites; then list the pending invites.

Run it against the emulator (``make demo`` does):

    CERTCENTRAL_BASE_URL=http://127.0.0.1:PORT/services/v2/ DIGICERT_API_KEY=KEY \\
        python examples/python/provision.py

The base URL is required on purpose: pointing it at production must be a deliberate choice.
"""

from __future__ import annotations

import os
import sys

import certcentral
from certcentral.types import (
    OrganizationContactParams,
    SubaccountOrganizationParams,
    SubaccountUserParams,
)


def provision(client: certcentral.Client) -> int:
    contact: OrganizationContactParams = {
        "first_name": "Guido",
        "last_name": "Snake",
        "email": "guido@py-example.test",
        "telephone": "555-0100",
    }
    name = "Python Example Ltd"
    # Look up before creating: reuse the organization if one with this exact name exists.
    existing = next((o for o in client.iter_organizations(search=name) if o.name == name), None)
    if existing is not None:
        organization_id = existing.id
        print(f"python: organization {organization_id} already exists")
    else:
        organization_id = client.create_organization(
            name,
            address="1 Zen Street",
            city="Amsterdam",
            state="nh",
            zip="1011",
            country="nl",
            telephone="555-0100",
            organization_contact=contact,
        ).id
        print(f"python: organization {organization_id} created")
    found = client.get_organization(organization_id)
    print(
        f"python: organization {found.id} is {found.status}, contact {found.organization_contact}"
    )

    user: SubaccountUserParams = {
        "first_name": "Ada",
        "last_name": "Snake",
        "email": "ada@py-example.test",
    }
    organization: SubaccountOrganizationParams = {
        "name": "Python Example Labs",
        "address": "2 Zen Street",
        "zip": "1011",
        "city": "Amsterdam",
        "state": "nh",
        "country": "nl",
    }
    try:
        subaccount = client.create_subaccount(
            "managed", allowed_grandchildren=["retail"], user=user, organization=organization
        )
    except certcentral.CertCentralError as error:
        # Even a damaged answer may carry the one-time key: keep it before anything else.
        if error.one_time_key:
            print("python: the subaccount exists; store error.one_time_key now")
        raise
    print(
        f"python: managed subaccount {subaccount.id} created "
        f"(one-time API key received: {subaccount.api_key is not None})"
    )

    grace = client.add_user(
        "grace.snake",
        first_name="Grace",
        last_name="Snake",
        email="grace@py-example.test",
        access_roles=[5],
        job_title="Engineer",
    )
    print(f"python: user {grace.id} added: {client.get_user(grace.id)!r}")

    client.send_invite(
        ["partner1@py-example.test", "partner2@py-example.test"],
        "retail",
        invite_note="Join us on CertCentral",
    )
    pending = client.iter_invites(status="pending", search="%py-example", sort="-date_created")
    count = 0
    for invite in pending:
        count += 1
        print(f"python: invite {invite.id} to {invite.email} ({invite.status})")
    print(f"python: {count} pending invites")
    return count


def main() -> int:
    base_url = os.environ.get("CERTCENTRAL_BASE_URL")
    if base_url is None:
        print(
            "set CERTCENTRAL_BASE_URL (and DIGICERT_API_KEY); `make demo` does both",
            file=sys.stderr,
        )
        return 2
    try:
        with certcentral.Client(base_url=base_url, user_agent="provision-example") as client:
            provision(client)
    except certcentral.CertCentralError as error:
        print(f"python: failed ({error.kind}): {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
