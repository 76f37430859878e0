"""Every exception class, each reached through a real response or a real socket."""

from __future__ import annotations

import socket

import pytest

import certcentral
from certcentral.testing import Emulator
from helpers import CONTACT, ORGANIZATION, USER, requests_to

LIST = "GET account/subaccount/invite"


@pytest.mark.parametrize(
    ("cls", "bases"),
    [
        (certcentral.InvalidArgumentError, (certcentral.CertCentralError, ValueError)),
        (certcentral.ValidationError, (certcentral.CertCentralError, ValueError)),
        (certcentral.RequestTimeout, (certcentral.TransportError,)),
        (certcentral.TLSError, (certcentral.TransportError,)),
        (certcentral.DecodeError, (certcentral.CertCentralError,)),
        (certcentral.BadRequestError, (certcentral.ApiError,)),
        (certcentral.AuthenticationError, (certcentral.ApiError,)),
        (certcentral.PermissionDeniedError, (certcentral.ApiError,)),
        (certcentral.NotFoundError, (certcentral.ApiError,)),
        (certcentral.ConflictError, (certcentral.ApiError,)),
        (certcentral.RateLimitError, (certcentral.ApiError,)),
        (certcentral.ServerError, (certcentral.ApiError,)),
        (certcentral.ApiError, (certcentral.CertCentralError,)),
        (certcentral.TransportError, (certcentral.CertCentralError,)),
    ],
)
def test_the_hierarchy(cls: type[Exception], bases: tuple) -> None:  # type: ignore[type-arg]
    assert issubclass(cls, bases)


def test_validation_error_names_the_field_and_sends_nothing(
    client: certcentral.Client, emulator: Emulator
) -> None:
    with pytest.raises(certcentral.ValidationError) as caught:
        client.add_user(
            "jill",
            first_name="Jill",
            last_name="V" * 129,
            email="jill@example.com",
            access_roles=[5],
        )
    err = caught.value
    assert (err.kind, err.field, err.http_status, err.errors, err.body) == (
        "validation",
        "last_name",
        None,
        [],
        None,
    )
    assert err.rule == "must be at most 128 characters (got 129)"
    assert "`last_name`" in str(err) and "nothing was sent" in str(err)
    for call in (
        lambda: client.send_invite([], "retail"),
        lambda: client.send_invite(["nope"], "retail"),
        lambda: client.list_invites(limit=0),
        lambda: client.create_subaccount(
            "retail",
            allowed_grandchildren=[],
            user={**USER, "email": "x"},
            organization=ORGANIZATION,
        ),
        lambda: client.create_subaccount(
            "retail", allowed_grandchildren=[], user=USER, organization={**ORGANIZATION, "city": ""}
        ),
        lambda: client.create_organization(
            "",
            address="a",
            city="c",
            state="s",
            zip="z",
            country="us",
            telephone="t",
            organization_contact=CONTACT,
        ),
    ):
        with pytest.raises(certcentral.ValidationError):
            call()
    assert sum(emulator.stats()["requests"].values()) == 0


def test_authentication_error(emulator: Emulator) -> None:
    with emulator.client(api_key="wrong-key") as client:
        with pytest.raises(certcentral.AuthenticationError) as caught:
            client.list_invites()
    err = caught.value
    assert (err.kind, err.http_status) == ("authentication", 403)  # the real server answers 403
    assert err.errors[0]["code"] == "access_denied|access_denied_invalid_key"
    assert "wrong-key" not in str(err) and "wrong-key" not in repr(err)


def test_bad_request_error(client: certcentral.Client) -> None:
    with pytest.raises(certcentral.BadRequestError) as caught:
        client.add_user(
            "jill", first_name="Jill", last_name="V", email="jill@example.com", access_roles=[9]
        )
    err = caught.value
    assert err.http_status == 400
    assert err.errors == [
        {
            "code": "invalid_access_role|access_roles[0].id",
            "message": "access_roles[0].id 9 is not an access role (1-5)",
        }
    ]
    assert (
        "HTTP 400: invalid_access_role|access_roles[0].id"
        " (access_roles[0].id 9 is not an access role (1-5))" in str(err)
    )


def test_permission_denied_error(client: certcentral.Client, emulator: Emulator) -> None:
    emulator.configure(subaccounts_enabled=False)
    with pytest.raises(certcentral.PermissionDeniedError) as caught:
        client.create_subaccount(
            "retail", allowed_grandchildren=[], user=USER, organization=ORGANIZATION
        )
    assert caught.value.errors[0]["code"] == "access_denied|missing_permission"
    assert emulator.stats()["subaccounts_created"] == 0


def test_not_found_error(client: certcentral.Client) -> None:
    with pytest.raises(certcentral.NotFoundError) as caught:
        client.request("GET", "certificate/1")
    assert (caught.value.http_status, caught.value.errors[0]["code"]) == (404, "not_found|route")


def test_conflict_error(client: certcentral.Client, emulator: Emulator) -> None:
    emulator.configure(duplicate_organizations="reject")
    client.create_organization(
        "n",
        address="a",
        city="c",
        state="s",
        zip="z",
        country="us",
        telephone="t",
        organization_contact=CONTACT,
    )
    with pytest.raises(certcentral.ConflictError) as caught:
        client.create_organization(
            "n",
            address="a",
            city="c",
            state="s",
            zip="z",
            country="us",
            telephone="t",
            organization_contact=CONTACT,
        )
    assert caught.value.errors[0]["code"] == "duplicate_organization"


def test_rate_limit_error_from_the_server_after_retries(
    client: certcentral.Client, emulator: Emulator
) -> None:
    emulator.add_fault(route=LIST, kind="respond", status=429, retry_after="0")
    with pytest.raises(certcentral.RateLimitError) as caught:
        client.list_invites()
    assert (caught.value.retry_after, caught.value.http_status) == (0.0, 429)
    assert "gave up after 3 attempts" in str(caught.value)
    assert requests_to(emulator, LIST) == 3


def test_rate_limit_error_from_the_client_side_limiter(emulator: Emulator) -> None:
    # The documented 100 requests per 5 s: the 101st would wait about 5 s, longer than allowed.
    with emulator.client(rate_limit=True, max_rate_limit_wait=0.05) as client:
        for _ in range(100):
            client.request("GET", "user/me")
        with pytest.raises(certcentral.RateLimitError) as caught:
            client.request("GET", "user/me")
    err = caught.value
    assert err.http_status is None
    assert err.retry_after is not None and 4.0 < err.retry_after <= 5.2
    assert "would have to wait" in str(err)
    assert requests_to(emulator, "GET user/me") == 100


def test_server_error(client: certcentral.Client, emulator: Emulator) -> None:
    emulator.add_fault(
        route="POST account",
        kind="respond",
        status=502,
        body="<html>Bad Gateway</html>",
        content_type="text/html",
    )
    with pytest.raises(certcentral.ServerError) as caught:
        client.create_subaccount(
            "retail", allowed_grandchildren=[], user=USER, organization=ORGANIZATION
        )
    err = caught.value
    assert (err.http_status, err.errors, err.body) == (502, [], "<html>Bad Gateway</html>")
    assert requests_to(emulator, "POST account") == 1, "a POST is not repeated after a 5xx"


def test_api_error_for_any_other_status(client: certcentral.Client, emulator: Emulator) -> None:
    emulator.add_fault(route="GET user/me", kind="respond", status=418, times=1)
    with pytest.raises(certcentral.ApiError) as caught:
        client.request("GET", "user/me")
    assert type(caught.value) is certcentral.ApiError
    assert (caught.value.kind, caught.value.http_status) == ("api", 418)


def test_transport_error_for_a_closed_port() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with certcentral.Client(
        "k", base_url=f"http://127.0.0.1:{port}/services/v2/", backoff=0.001, max_backoff=0.002
    ) as client:
        with pytest.raises(certcentral.TransportError) as caught:
            client.send_invite(["a@example.com"], "retail")
    assert type(caught.value) is certcentral.TransportError
    assert caught.value.http_status is None
    assert "gave up after 3 attempts" in str(caught.value)


def test_request_timeout(emulator: Emulator) -> None:
    emulator.add_fault(route=LIST, kind="delay", ms=800)
    with emulator.client(timeout=0.2, max_retries=1, backoff=0.001, max_backoff=0.002) as client:
        with pytest.raises(certcentral.RequestTimeout) as caught:
            client.list_invites()
    assert isinstance(caught.value, certcentral.TransportError)
    assert caught.value.kind == "timeout"
    assert requests_to(emulator, LIST) == 2


def test_decode_error_keeps_the_body(client: certcentral.Client, emulator: Emulator) -> None:
    emulator.seed_invites(2)
    emulator.add_fault(route=LIST, kind="malformed", times=1)
    with pytest.raises(certcentral.DecodeError) as caught:
        client.list_invites()
    err = caught.value
    assert err.http_status == 200 and err.body is not None and "invitee0@example.com" in err.body
    assert requests_to(emulator, LIST) == 1


def test_a_managed_key_is_never_lost(client: certcentral.Client, emulator: Emulator) -> None:
    emulator.add_fault(
        route="POST account", kind="corrupt_field", field="id", value="not-a-number", times=1
    )
    with pytest.raises(certcentral.DecodeError) as caught:
        client.create_subaccount(
            "managed", allowed_grandchildren=[], user=USER, organization=ORGANIZATION
        )
    key = caught.value.one_time_key
    assert key is not None and len(key) == 64
    assert key not in str(caught.value) and key not in repr(caught.value)
    emulator.add_fault(route="POST account", kind="truncated", keep=-1, times=1)
    with pytest.raises(certcentral.TransportError) as caught_cut:
        client.create_subaccount(
            "managed",
            allowed_grandchildren=[],
            user={**USER, "email": "b@example.com"},
            organization=ORGANIZATION,
        )
    assert caught_cut.value.one_time_key is not None
    assert emulator.stats()["subaccounts_created"] == 2


def test_request_refuses_json_python_cannot_represent(
    client: certcentral.Client, emulator: Emulator
) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    digits = "1" * 5_000
    for body in (deep, digits, '{"n": ' + digits + "}"):
        emulator.add_fault(route="GET user/me", kind="respond", status=200, body=body, times=1)
        with pytest.raises(certcentral.DecodeError) as caught:
            client.request("GET", "user/me")
        assert caught.value.http_status == 200
        assert caught.value.body is not None and len(caught.value.body) == len(body)
    assert client.request("GET", "user/me")["username"] == "admin"
