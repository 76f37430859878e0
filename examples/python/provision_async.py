"""The same look-ups and creations from an asyncio program, with AsyncClient: a dozen users
created concurrently, then every user and organization listed with ``async for``.

    CERTCENTRAL_BASE_URL=http://127.0.0.1:PORT/services/v2/ DIGICERT_API_KEY=KEY \\
        python examples/python/provision_async.py
"""

from __future__ import annotations

import asyncio
import os
import sys

import certcentral


async def provision(client: certcentral.AsyncClient) -> int:
    # Twelve creations in flight at once; the event loop stays free meanwhile.
    created = await asyncio.gather(
        *(
            client.add_user(
                f"async.user{i}",
                first_name="Async",
                last_name=f"User {i}",
                email=f"async.user{i}@py-example.test",
                access_roles=[5],
            )
            for i in range(12)
        )
    )
    print(f"python-async: {len(created)} users created concurrently")
    users = [user.username async for user in client.iter_users(search="%async.user", page_size=5)]
    print(f"python-async: found {len(users)} of them again, five per page")
    async for organization in client.iter_organizations():
        print(f"python-async: organization {organization.id} {organization.name!r}")
    me = await client.current_user()
    print(f"python-async: the key belongs to {me.username!r}")
    return len(users)


async def main() -> int:
    base_url = os.environ.get("CERTCENTRAL_BASE_URL")
    if base_url is None:
        print(
            "set CERTCENTRAL_BASE_URL (and DIGICERT_API_KEY); `make demo` does both",
            file=sys.stderr,
        )
        return 2
    try:
        async with certcentral.AsyncClient(base_url=base_url, max_concurrency=8) as client:
            found = await provision(client)
    except certcentral.CertCentralError as error:
        print(f"python-async: failed ({error.kind}): {error}", file=sys.stderr)
        return 1
    return 0 if found == 12 else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
