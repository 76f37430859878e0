"""Arguments of the wrong type are our errors, naming the argument and what it takes: an
ArgumentTypeError (InvalidArgumentError and TypeError) for the type, InvalidArgumentError for a
value Rust cannot hold, ValidationError for a documented rule. Nothing is sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import certcentral
from certcentral.testing import Emulator

USER = {"first_name": "A", "last_name": "B", "email": "a@example.com", "access_roles": [5]}

# (call, argument named, error class, what the message says)
# The client is typed Any here: these calls break the stubs on purpose.
CASES: list[tuple[Callable[[Any], Any], str, type[Exception], str]] = [
    (
        lambda c: c.send_invite("ops@example.com", "retail"),
        "emails",
        certcentral.ArgumentTypeError,
        "list or tuple of str (got str)",
    ),
    (
        lambda c: c.send_invite({"a@example.com"}, "retail"),
        "emails",
        certcentral.ArgumentTypeError,
        "(got set)",
    ),
    (
        lambda c: c.send_invite([b"a@example.com"], "retail"),
        "emails[0]",
        certcentral.ArgumentTypeError,
        "must be a str (got bytes)",
    ),
    (
        lambda c: c.send_invite(["a@example.com"], 5),
        "subaccount_type",
        certcentral.ArgumentTypeError,
        "must be a str (got int)",
    ),
    (
        lambda c: c.add_user("u", **{**USER, "email": 12345}),
        "email",
        certcentral.ArgumentTypeError,
        "must be a str (got int)",
    ),
    (
        lambda c: c.add_user("u", **{**USER, "access_roles": [2**70]}),
        "access_roles[0]",
        certcentral.InvalidArgumentError,
        "got a larger number",
    ),
    (
        lambda c: c.add_user("u", **{**USER, "access_roles": [True]}),
        "access_roles[0]",
        certcentral.ArgumentTypeError,
        "must be an int (got bool)",
    ),
    (
        lambda c: c.add_user("u", **{**USER, "access_roles": 5}),
        "access_roles",
        certcentral.ArgumentTypeError,
        "list or tuple of int (got int)",
    ),
    (
        lambda c: c.add_user("u", **{**USER, "email": "a\ud800@example.com"}),
        "email",
        certcentral.InvalidArgumentError,
        "lone surrogate",
    ),
    (
        lambda c: c.add_user("u", **{**USER, "is_saml_sso_only": 1}),
        "is_saml_sso_only",
        certcentral.ArgumentTypeError,
        "must be a bool (got int)",
    ),
    (
        lambda c: c.get_user("7"),
        "user_id",
        certcentral.ArgumentTypeError,
        "must be an int (got str)",
    ),
    (lambda c: c.get_user(True), "user_id", certcentral.ArgumentTypeError, "(got bool)"),
    (
        lambda c: c.list_users(filters=["status"]),
        "filters",
        certcentral.ArgumentTypeError,
        "mapping of str to str (got list)",
    ),
    (
        lambda c: c.list_users(filters={"status": 1}),
        "filters[status]",
        certcentral.ArgumentTypeError,
        "must be a str (got int)",
    ),
    (
        lambda c: c.list_invites(limit="10"),
        "limit",
        certcentral.ArgumentTypeError,
        "must be an int (got str)",
    ),
    (
        lambda c: c.list_invites(limit=0),
        "limit",
        certcentral.ValidationError,
        "must be between 1 and 1000 (got 0)",
    ),
    (
        lambda c: c.list_invites(limit=-1),
        "limit",
        certcentral.ValidationError,
        "must be between 1 and 1000 (got -1)",
    ),
    (
        lambda c: c.list_users(limit=0),
        "limit",
        certcentral.ValidationError,
        "must be between 1 and 1000 (got 0)",
    ),
    (
        lambda c: c.add_user("u", **{**USER, "first_name": "A\x00B"}),
        "first_name",
        certcentral.ValidationError,
        "must not contain a NUL character",
    ),
    (
        lambda c: c.list_invites(status="bogus"),
        "status",
        certcentral.ValidationError,
        "must be one of",
    ),
]


@pytest.mark.parametrize("call, field, error, says", CASES)
def test_wrong_arguments_name_themselves_and_send_nothing(
    client: certcentral.Client,
    emulator: Emulator,
    call: Callable[[Any], Any],
    field: str,
    error: type[Exception],
    says: str,
) -> None:
    with pytest.raises(error) as caught:
        call(client)
    raised = caught.value
    assert isinstance(raised, certcentral.CertCentralError)
    assert getattr(raised, "field", None) == field
    assert says in str(raised), str(raised)
    if error is certcentral.ArgumentTypeError:
        assert isinstance(raised, TypeError) and isinstance(
            raised, certcentral.InvalidArgumentError
        )
    assert sum(emulator.stats()["requests"].values()) == 0


@pytest.mark.parametrize(
    "setting, says",
    [
        ({"timeout": True}, "must be a number of seconds"),
        ({"timeout": 1e19}, "must be at most 86400 seconds"),
        ({"timeout": float("nan")}, "non-negative, finite"),
        ({"max_backoff": 1e10}, "max_backoff"),
        ({"max_retry_after": 10**9}, "max_retry_after"),
        ({"max_rate_limit_wait": -1}, "max_rate_limit_wait"),
        ({"max_retries": True}, "must be an int (got bool)"),
        ({"region": "mars"}, "region"),
        ({"user_agent": "u" * 10_000}, "user_agent"),
    ],
)
def test_settings_out_of_range_are_refused_at_construction(
    setting: dict[str, Any], says: str
) -> None:
    with pytest.raises(certcentral.InvalidArgumentError) as caught:
        certcentral.Client("key", base_url="http://127.0.0.1:9/", **setting)
    assert says in str(caught.value)


def test_a_key_no_header_could_carry_is_refused_at_construction() -> None:
    with pytest.raises(certcentral.InvalidArgumentError, match="api_key") as caught:
        certcentral.Client("x" * 200_000, base_url="http://127.0.0.1:9/")
    assert "x" * 20 not in str(caught.value)


def test_canceled_and_cancelled_are_both_accepted(client: certcentral.Client) -> None:
    assert len(client.list_invites(status="canceled")) == 0
    assert len(client.list_invites(status="cancelled")) == 0


def test_a_closed_client_says_so(emulator: Emulator) -> None:
    client = emulator.client()
    client.close()
    with pytest.raises(certcentral.InvalidArgumentError, match="the client is closed"):
        client.current_user()
