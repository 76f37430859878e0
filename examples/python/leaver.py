"""Offboard a leaver: find the user by email, revoke every API key they hold, then delete the
user. With --dry-run it only shows what it would do.

Run it against the emulator (``make demo`` does, with --create-demo-user so that there is
someone to remove):

    CERTCENTRAL_BASE_URL=http://127.0.0.1:PORT/services/v2/ DIGICERT_API_KEY=KEY \\
        python examples/python/leaver.py --create-demo-user leaver@example.com

The base URL is required on purpose: pointing it at production must be a deliberate choice.
Deleting a user is permanent. A run that stopped half-way can be run again: keys already
revoked are skipped, and a user already deleted is reported as not found.
"""

from __future__ import annotations

import argparse
import os
import sys

import certcentral


def find_user(client: certcentral.Client, email: str) -> certcentral.User | None:
    """The user, or the service user, whose email is exactly `email` (the search matches it
    exactly; the comparison ignores case, as email addresses do)."""
    wanted = email.casefold()
    for candidates in (client.iter_users(search=email), client.iter_service_users(search=email)):
        for user in candidates:
            if (user.email or "").casefold() == wanted:
                return user
    return None


def create_demo_user(client: certcentral.Client, email: str) -> None:
    """A user with two API keys, so that the flow has something to do on an empty account."""
    user = client.add_user(
        "demo-leaver", first_name="Dee", last_name="Parture", email=email, access_roles=[5]
    )
    for name in ("laptop", "ci"):
        # The one-time keys are not needed here; they are dropped unseen.
        client.create_api_key(user.id, name)
    print(f"python: created demo user {user.id} with 2 API keys")


def offboard(client: certcentral.Client, email: str, *, dry_run: bool) -> int:
    user = find_user(client, email)
    if user is None:
        print(f"python: no user with email {email}", file=sys.stderr)
        return 1
    print(f"python: found user {user.id} ({user.username}, {user.status})")
    if user.id == client.current_user().id:
        print("python: that is this API key's own user, which cannot be deleted", file=sys.stderr)
        return 1

    # Revoke first: a key must stop working even if the deletion is refused.
    revoked = 0
    for key in client.iter_api_keys(user_id=user.id):
        if key.status == "revoked":
            print(f"python: key {key.id} ({key.name}) is already revoked")
            continue
        if dry_run:
            print(f"python: would revoke key {key.id} ({key.name})")
        else:
            client.revoke_api_key(key.id)
            print(f"python: revoked key {key.id} ({key.name})")
        revoked += 1

    if dry_run:
        print(f"python: would delete user {user.id}")
        return 0
    client.delete_user(user.id)
    print(f"python: deleted user {user.id}; {revoked} API key(s) revoked")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("email", help="the leaver's email address")
    parser.add_argument("--dry-run", action="store_true", help="only show what would be done")
    parser.add_argument(
        "--create-demo-user",
        action="store_true",
        help="first add a user with this email and two API keys (for a demo on an emulator)",
    )
    args = parser.parse_args()

    base_url = os.environ.get("CERTCENTRAL_BASE_URL")
    if base_url is None:
        print(
            "set CERTCENTRAL_BASE_URL (and DIGICERT_API_KEY); `make demo` does both",
            file=sys.stderr,
        )
        return 2
    try:
        with certcentral.Client(base_url=base_url, user_agent="leaver-example") as client:
            if args.create_demo_user:
                create_demo_user(client, args.email)
            return offboard(client, args.email, dry_run=args.dry_run)
    except certcentral.CertCentralError as error:
        print(f"python: failed ({error.kind}): {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
