"""Every Client method and keyword, against the emulator."""

from __future__ import annotations

from typing import Any

import pytest

import certcentral
from certcentral.testing import Emulator
from helpers import CONTACT, ORGANIZATION, USER, fixture, requests_to


def test_the_key_comes_from_the_environment(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIGICERT_API_KEY", "test-key")
    with certcentral.Client(base_url=emulator.base_url) as client:
        assert client.request("GET", "user/me")["username"] == "admin"
    monkeypatch.delenv("DIGICERT_API_KEY")
    with pytest.raises(certcentral.InvalidArgumentError, match="DIGICERT_API_KEY") as caught:
        certcentral.Client(base_url=emulator.base_url)
    assert caught.value.field == "api_key"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"region": "mars"}, "region"),
        ({"base_url": "http://example.com/services/v2/"}, "base_url"),
        ({"base_url": "ftp://127.0.0.1/"}, "base_url"),
        ({"timeout": 0.0}, "timeout"),
        ({"timeout": float("nan")}, "timeout"),
        ({"connect_timeout": -1.0}, "connect_timeout"),
        ({"backoff": 2.0, "max_backoff": 1.0}, "backoff"),
        ({"user_agent": "x\r\ny"}, "user_agent_suffix"),
        ({"max_retries": -1}, "max_retries"),
        ({"base_url": "https://user:password@example.com/"}, "base_url"),
    ],
)
def test_bad_settings_are_refused_by_name(kwargs: dict, field: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(certcentral.InvalidArgumentError) as caught:
        certcentral.Client("key", **kwargs)
    assert caught.value.field == field
    assert isinstance(caught.value, ValueError)


def test_every_client_keyword_is_accepted(emulator: Emulator) -> None:
    client = certcentral.Client(
        "test-key",
        region="eu",
        base_url=emulator.base_url,
        timeout=5.0,
        max_retries=0,
        rate_limit=True,
        connect_timeout=1.0,
        user_agent="tests/1.0",
        backoff=0.01,
        max_backoff=0.02,
    )
    assert client.base_url == emulator.base_url
    assert client.request("GET", "user/me")["id"] > 0
    client.close()
    with pytest.raises(certcentral.InvalidArgumentError, match="closed"):
        client.request("GET", "user/me")
    assert (
        certcentral.Client("k", rate_limit=False).base_url
        == "https://www.digicert.com/services/v2/"
    )
    assert (
        certcentral.Client("k", region="eu").base_url
        == "https://certcentral.digicert.eu/services/v2/"
    )


def test_a_closed_context_manager_client_refuses_calls(emulator: Emulator) -> None:
    with emulator.client() as client:
        client.request("GET", "user/me")
    with pytest.raises(certcentral.InvalidArgumentError):
        client.list_invites()


def test_send_invite_with_every_keyword(client: certcentral.Client, emulator: Emulator) -> None:
    client.send_invite(["a@example.com", "b@example.com"], "reseller", invite_note="Welcome")
    client.send_invite(emails=["c@example.com"], subaccount_type="retail")
    assert emulator.stats()["invites_created"] == 3
    page = client.list_invites(email="a@example.com")
    (invite,) = page
    assert (invite.email, invite.subaccount_type, invite.invite_note, invite.status) == (
        "a@example.com",
        "reseller",
        "Welcome",
        "pending",
    )
    assert len(invite.date_created or "") == len("yyyy-MM-dd HH:mm:ss")
    assert client.list_invites(email="c@example.com")[0].invite_note is None


def test_list_invites_with_every_keyword(client: certcentral.Client, emulator: Emulator) -> None:
    emulator.seed_invites(12)
    # Seeded: invitee{i}@example.com; types cycle retail/enterprise/reseller/managed; statuses
    # pending/accepted/expired/cancelled; one hour apart from 2019-01-01 00:00:00.
    assert [i.id for i in client.list_invites(email="invitee5@example.com")] == [6]
    assert [i.id for i in client.list_invites(subaccount_type="managed")] == [4, 8, 12]
    assert [i.id for i in client.list_invites(status="expired")] == [3, 7, 11]
    assert [i.id for i in client.list_invites(status="canceled")] == [4, 8, 12]
    assert [i.id for i in client.list_invites(date_created="2019-01-01 03:00:00")] == [4]
    assert len(client.list_invites(last_sent_date="2019-01-01")) == 12
    assert [i.email for i in client.list_invites(search="%ee1")] == [
        "invitee1@example.com",
        "invitee10@example.com",
        "invitee11@example.com",
    ]
    assert [i.id for i in client.list_invites(search="invitee2@example.com")] == [3]
    assert [i.id for i in client.list_invites(sort="-id", limit=3)] == [12, 11, 10]
    assert [i.id for i in client.list_invites(sort="subaccount_type,-date_created", limit=3)] == [
        10,
        6,
        2,
    ]
    # One rule, one class: the documented range, whatever the sign or size.
    loose: Any = client
    for bad, says in (
        ({"limit": -1}, "`limit` must be between 1 and 1000 (got -1)"),
        ({"limit": 0}, "`limit` must be between 1 and 1000 (got 0)"),
        ({"limit": 2**40}, "`limit` must be between 1 and 1000 (got 1099511627776)"),
        ({"offset": -5}, "`offset` must be at least 0 (got -5)"),
    ):
        with pytest.raises(certcentral.ValidationError) as caught:
            loose.list_invites(**bad)
        assert says in str(caught.value)
    page = client.list_invites(offset=10, limit=5)
    assert [i.id for i in page] == [11, 12]
    assert (page.total, page.limit, page.offset, len(page)) == (12, 5, 10, 2)
    assert page.raw["page"] == {"total": 12, "limit": 5, "offset": 10}
    assert page.to_dict()["page"] == {"total": 12, "limit": 5, "offset": 10}
    assert page[-1].id == 12 and page.invites[0].id == 11
    with pytest.raises(IndexError):
        page[2]


def test_iter_invites_is_lazy_and_reports_progress(
    client: certcentral.Client, emulator: Emulator
) -> None:
    emulator.seed_invites(250)
    iterator = client.iter_invites(status="pending", sort="id", page_size=25)
    assert requests_to(emulator, "GET account/subaccount/invite") == 0
    # One page at a time, so that the count below is exact (pages fetched ahead are counted
    # in tests/python/test_prefetch.py).
    iterator.prefetch(0)
    first = next(iterator)
    assert first.id == 1
    assert (iterator.total, iterator.fetched) == (63, 25)
    assert requests_to(emulator, "GET account/subaccount/invite") == 1
    rest = list(iterator)
    assert len(rest) == 62
    assert all(i.status == "pending" for i in rest)
    assert requests_to(emulator, "GET account/subaccount/invite") == 3
    every_keyword = client.iter_invites(
        email="invitee0@example.com",
        subaccount_type="retail",
        status="pending",
        date_created="2019",
        last_sent_date="2019",
        search="%invitee0",
        sort="-email",
        page_size=1,
    )
    assert [i.id for i in every_keyword] == [1]
    with pytest.raises(certcentral.ValidationError, match="page_size"):
        client.iter_invites(page_size=5000)


def test_create_subaccount_with_every_keyword(
    client: certcentral.Client, emulator: Emulator
) -> None:
    sub = client.create_subaccount(
        "managed",
        allowed_grandchildren=["retail", "enterprise"],
        user={**USER, "username": "jsmith", "job_title": "Statistician", "telephone": "111"},
        organization={
            **ORGANIZATION,
            "assumed_name": "ExCo",
            "address2": "Suite 321",
            "telephone": "222",
        },
        account_manager_user_id=12345,
        bill_parent=True,
        child_name="Child",
    )
    assert isinstance(sub, certcentral.Subaccount)
    assert (sub.account_type, sub.account_manager_user_id, sub.bill_parent) == (
        "managed",
        12345,
        True,
    )
    assert sub.api_key is not None and len(sub.api_key) == 64
    org = sub.organization
    assert org is not None
    assert (org.name, org.assumed_name, org.address2, org.telephone, org.country) == (
        "Example Company, LLC",
        "ExCo",
        "Suite 321",
        "222",
        "us",
    )
    assert (org.status, org.is_active, org.zip, org.city, org.state) == (
        "active",
        True,
        "93090",
        "Toledo",
        "AL",
    )
    assert org.display_name == "Example Company, LLC (ExCo)"
    assert org.address == "123 Fake Street"
    container = org.container
    assert container is not None and container.parent_id == 0 and container.is_active is True
    assert container.name == "Example Company, LLC" and container.id > 0
    user = sub.user
    assert user is not None
    assert (user.username, user.first_name, user.last_name, user.email) == (
        "jsmith",
        "John",
        "Smith",
        "john.smith@example.com",
    )
    assert (user.job_title, user.telephone, user.type, user.account_id) == (
        "Statistician",
        "111",
        "standard",
        sub.id,
    )
    assert sub.raw["api_key"] == sub.api_key
    assert sub.to_dict()["organization"]["container"]["id"] == container.id
    assert org.raw == sub.raw["organization"] and user.raw == sub.raw["user"]
    assert (
        container.to_dict()["name"] == "Example Company, LLC"
        and container.raw["id"] == container.id
    )
    assert org.to_dict()["name"] == org.name and user.to_dict()["type"] == "standard"
    assert sub == sub and sub.organization == org and sub != org
    assert emulator.stats()["subaccounts_created"] == 1

    retail = client.create_subaccount(
        "retail",
        allowed_grandchildren=[],
        user={**USER, "email": "r@example.com"},
        organization=ORGANIZATION,
    )
    assert retail.api_key is None and retail.bill_parent is None


def test_the_docs_example_subaccount_request(client: certcentral.Client) -> None:
    body = fixture("create-subaccount.request.json")
    sub = client.create_subaccount(
        body["account_type"],
        allowed_grandchildren=body["allowed_grandchildren"],
        user=body["user"],
        organization=body["organization"],
        account_manager_user_id=body["account_manager_user_id"],
    )
    docs = fixture("create-subaccount.response.json")
    assert set(docs) <= set(sub.raw)
    assert set(docs["organization"]) <= set(sub.raw["organization"])
    assert set(docs["user"]) <= set(sub.raw["user"])


def test_dict_arguments_name_unknown_keys_and_wrong_types(
    typed_client: certcentral.Client, emulator: Emulator
) -> None:
    client: Any = typed_client  # these calls break the stubs on purpose
    with pytest.raises(certcentral.InvalidArgumentError, match="first_nme") as caught:
        client.create_subaccount(
            "retail",
            allowed_grandchildren=[],
            user={**USER, "first_nme": "x"},
            organization=ORGANIZATION,
        )
    assert caught.value.field == "user.first_nme"
    assert "fields: first_name, last_name, email, username, job_title, telephone" in str(
        caught.value
    )
    with pytest.raises(certcentral.InvalidArgumentError) as caught:
        client.create_subaccount(
            "retail",
            allowed_grandchildren=[],
            user={**USER, "first_name": 5},
            organization=ORGANIZATION,
        )
    assert caught.value.field == "user.first_name"
    with pytest.raises(certcentral.InvalidArgumentError, match="dict"):
        client.create_subaccount(
            "retail", allowed_grandchildren=[], user=["not", "a", "dict"], organization=ORGANIZATION
        )
    contact = {**CONTACT, "job_title": object()}
    with pytest.raises(certcentral.InvalidArgumentError, match="JSON"):
        client.create_organization(
            "n",
            address="a",
            city="c",
            state="s",
            zip="z",
            country="us",
            telephone="t",
            organization_contact=contact,
        )
    assert sum(emulator.stats()["requests"].values()) == 0


def test_add_user_with_every_keyword(client: certcentral.Client, emulator: Emulator) -> None:
    body = fixture("add-user.request.json")
    created = client.add_user(
        body["username"],
        first_name=body["first_name"],
        last_name=body["last_name"],
        email=body["email"],
        access_roles=[role["id"] for role in body["access_roles"]],
        job_title=body["job_title"],
        telephone=body["telephone"],
    )
    assert isinstance(created, certcentral.CreatedUser) and created.id > 0
    assert created.raw == {"id": created.id} and created.to_dict() == {"id": created.id}
    other = client.add_user(
        "chris.redfield",
        first_name="Chris",
        last_name="Redfield",
        email="chris@example.com",
        access_roles=[4, 5],
        container_id=300000,
        container_id_assignments=[300000],
        is_saml_sso_only=False,
    )
    assert other.id != created.id
    assert emulator.stats()["users_created"] == 2


def test_create_organization_with_every_keyword(
    client: certcentral.Client, emulator: Emulator
) -> None:
    body = fixture("create-organization.request.json")

    def create(**keywords: Any) -> int:
        return client.create_organization(
            body["name"],
            address=body["address"],
            city=body["city"],
            state=body["state"],
            zip=body["zip"],
            country=body["country"],
            telephone=body["telephone"],
            organization_contact=body["organization_contact"],
            **keywords,
        ).id

    first = create(assumed_name=body["assumed_name"], address2=body["address2"])
    again = create()
    forced = create(skip_duplicate_org_check=True)
    assert first == again != forced
    stats = emulator.stats()
    assert (stats["organizations_created"], stats["organizations_reused"]) == (2, 1)


def test_request_reaches_any_endpoint(client: certcentral.Client, emulator: Emulator) -> None:
    assert client.request("GET", "user/me")["access_roles"][0]["name"] == "Administrator"
    answer = client.request(
        "POST",
        "account/subaccount/invite",
        json={"emails": ["x@example.com"], "subaccount_type": "retail"},
    )
    assert answer is None
    assert emulator.stats()["invites_created"] == 1
    assert client.request("get", "account/subaccount/invite?limit=1")["page"]["limit"] == 1
    with pytest.raises(certcentral.InvalidArgumentError, match="path"):
        client.request("GET", "https://evil.example/x")
    with pytest.raises(certcentral.InvalidArgumentError, match="json"):
        client.request("POST", "user", json={"x": {1, 2}})
