"""The read side: every list and detail, pages and their aliases, the one iterator class, 404s,
and what was created found again."""

from __future__ import annotations

import copy
import pickle

import pytest

import certcentral
from certcentral.testing import Emulator
from helpers import populate, requests_to


def test_pages_share_one_shape(client: certcentral.Client) -> None:
    populate(client, 3)
    users = client.list_users(limit=2)
    orgs = client.list_organizations(limit=2)
    subs = client.list_subaccounts(limit=2)
    invites = client.list_invites(limit=2)
    for page, alias in (
        (users, users.users),
        (orgs, orgs.organizations),
        (subs, subs.subaccounts),
        (invites, invites.invites),
    ):
        assert page.items == alias
        assert list(page) == page.items and len(page) == len(page.items)
        assert page.raw["page"] == {"total": page.total, "limit": 2, "offset": 0}
        assert page.to_dict()["page"] == page.raw["page"]
    assert (users.total, orgs.total, subs.total) == (4, 3, 3)
    assert isinstance(users[0], certcentral.User)
    assert isinstance(orgs[-1], certcentral.Organization)
    assert isinstance(subs[0], certcentral.SubaccountSummary)


def test_every_list_is_iterated_across_pages(
    client: certcentral.Client, emulator: Emulator
) -> None:
    populate(client, 5)
    users = client.iter_users(page_size=2)
    assert type(users) is certcentral.PageIterator
    assert [u.username for u in users][:2] == ["admin", "user0"]
    assert (users.total, users.fetched) == (6, 6)
    assert len(list(client.iter_organizations(page_size=2))) == 5
    assert len(list(client.iter_subaccounts(page_size=4))) == 5
    stats = emulator.stats()["requests"]
    assert (stats["GET user"], stats["GET organization"], stats["GET account/subaccount"]) == (
        3,
        3,
        2,
    )


def test_parameters_reach_the_server(client: certcentral.Client) -> None:
    populate(client, 3)
    found = client.list_users(search="%user1", filters={"status": "active"})
    assert [u.username for u in found] == ["user1"]
    bare = client.list_users(without_container=True, access_role_id=1)
    assert [u.username for u in bare] == ["admin"] and bare[0].container is None
    orgs = client.list_organizations(include_validation=True, search="org 2")
    assert [o.name for o in orgs] == ["Org 2"] and orgs[0].validations == []
    ordered = client.list_subaccounts(sort="-organization_name")
    assert [s.organization_name for s in ordered] == [
        "Subsidiary 2",
        "Subsidiary 1",
        "Subsidiary 0",
    ]
    with pytest.raises(certcentral.BadRequestError) as caught:
        client.list_users(filters={"colour": "teal"})
    assert caught.value.errors[0]["code"] == "invalid_filter|filters[colour]"


def test_details_and_what_was_created(client: certcentral.Client) -> None:
    org = client.create_organization(
        "Lookup Ltd",
        address="1 Main St",
        city="Lehi",
        state="ut",
        zip="84043",
        country="us",
        telephone="555-0100",
        organization_contact={
            "first_name": "Gia",
            "last_name": "Booth",
            "email": "gia@example.com",
            "telephone": "555-0101",
            "telephone_extension": "12",
        },
    )
    details = client.get_organization(org.id)
    assert (details.name, details.status, details.is_active) == ("Lookup Ltd", "active", True)
    assert details.organization_contact is not None
    assert details.organization_contact.telephone_extension == "12"
    assert isinstance(details.container, certcentral.Container)

    user = client.add_user(
        "lookup.user",
        first_name="Ada",
        last_name="Lovelace",
        email="ada@example.com",
        access_roles=[2, 5],
    )
    found = client.get_user(user.id)
    assert [r.id for r in found.access_roles] == [2, 5]
    assert found.access_roles[0].name == "Limited User"
    assert found.type == "standard"

    sub = client.create_subaccount(
        "reseller",
        allowed_grandchildren=["retail"],
        user={"first_name": "Sam", "last_name": "Sub", "email": "sam@example.com"},
        organization={
            "name": "Sub Co",
            "address": "2 Main",
            "zip": "1",
            "city": "Lehi",
            "state": "ut",
            "country": "us",
        },
        child_name="Sub division",
    )
    info = client.get_subaccount(sub.id)
    assert (info.id, info.account_type, info.child_name) == (sub.id, "reseller", "Sub division")
    assert info.parent_account_id == 1_000_000, "sent as a string, read as an int"
    assert info.master_user is not None and info.master_user.email == "sam@example.com"
    assert info.organization is not None and info.organization.name == "Sub Co"

    containers = client.list_containers()
    assert len(containers) == 2
    assert sub.organization is not None and sub.organization.container is not None
    own = client.get_container(sub.organization.container.id)
    assert own.parent_id == containers[0].id
    assert [r.id for r in client.list_access_roles(own.id)] == [1, 2, 3, 4, 5]
    roles = client.list_api_key_roles()
    assert [r.id for r in roles] == [100, 101, 102]
    assert all(type(r) is certcentral.Role for r in roles)
    assert client.current_user().username == "admin"


def test_unknown_ids_are_not_found_and_bad_ids_are_refused(
    client: certcentral.Client, emulator: Emulator
) -> None:
    for call in (
        lambda: client.get_user(424242),
        lambda: client.get_organization(424242),
        lambda: client.get_subaccount(424242),
        lambda: client.get_container(424242),
        lambda: client.list_access_roles(424242),
    ):
        with pytest.raises(certcentral.NotFoundError) as caught:
            call()
        assert caught.value.http_status == 404 and caught.value.errors[0]["code"] == "not_found"
    before = sum(emulator.stats()["requests"].values())
    for bad, field in (
        (lambda: client.get_user(0), "user_id"),
        (lambda: client.get_container(-1), "container_id"),
    ):
        with pytest.raises(certcentral.ValidationError) as refused:
            bad()
        assert refused.value.field == field
    assert sum(emulator.stats()["requests"].values()) == before


def test_look_up_before_create(client: certcentral.Client, emulator: Emulator) -> None:
    def find(name: str) -> certcentral.Organization | None:
        return next((o for o in client.iter_organizations(search=name) if o.name == name), None)

    assert find("Acme") is None
    created = client.create_organization(
        "Acme",
        address="1 Main St",
        city="Lehi",
        state="ut",
        zip="84043",
        country="us",
        telephone="555-0100",
        organization_contact={
            "first_name": "Gia",
            "last_name": "Booth",
            "email": "gia@example.com",
            "telephone": "555-0101",
        },
    )
    found = find("Acme")
    assert found is not None and found.id == created.id
    assert emulator.stats()["organizations_created"] == 1
    assert requests_to(emulator, "GET organization") == 2


def test_results_pickle_and_copy_through_their_raw_json(client: certcentral.Client) -> None:
    populate(client, 2)
    for result in (
        client.list_users(),
        client.get_user(client.current_user().id),
        client.list_organizations()[0],
        client.list_subaccounts(),
        client.get_subaccount(client.list_subaccounts()[0].id),
    ):
        again = pickle.loads(pickle.dumps(result))
        assert type(again) is type(result) and again == result
        assert copy.deepcopy(result) == result and copy.copy(result) == result
        assert again.raw == result.raw


def test_a_pickled_key_is_left_out_unless_the_caller_keeps_it(client: certcentral.Client) -> None:
    robot = client.add_service_user("robot@example.com", "deploy")
    assert robot.api_key is not None
    again = pickle.loads(pickle.dumps(robot))
    assert (again.id, again.api_key) == (robot.id, None)
    assert robot.api_key not in pickle.dumps(robot).decode("latin-1")
    assert robot.to_dict()["api_key"] == robot.api_key, "to_dict() holds the key, on purpose"
