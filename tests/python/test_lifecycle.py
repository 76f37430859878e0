"""The account lifecycle from Python, sync and async, against the emulator: edits that keep what
was not named, deletions (also when a retry meets the 404 of its own earlier attempt), key
revocation, list replacement, divisions, organization contacts and validations, subaccount
settings, and the argument checks that name the field and send nothing."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

import pytest

import certcentral
from certcentral.testing import Emulator
from certcentral.types import ContactParams, ValidationParams
from helpers import CONTACT, ORGANIZATION, USER, requests_to


def add_user(client: certcentral.Client, name: str, **extra: Any) -> int:
    return client.add_user(
        name,
        first_name="Ada",
        last_name="Lovelace",
        email=f"{name}@example.com",
        access_roles=[5],
        **extra,
    ).id


def root_container(client: certcentral.Client) -> int:
    container = client.current_user().container
    assert container is not None
    return container.id


def new_organization(client: certcentral.Client, name: str = "Lifecycle Org") -> int:
    return client.create_organization(
        name,
        address="1 Main St",
        city="Lehi",
        state="ut",
        zip="84043",
        country="us",
        telephone="555-0100",
        organization_contact={**CONTACT, "job_title": "CEO", "telephone_extension": "12"},
    ).id


def nothing_sent(emulator: Emulator) -> bool:
    sent: int = sum(emulator.stats()["requests"].values())
    return sent == 0


# Users


def test_update_user_keeps_the_fields_not_named(client: certcentral.Client) -> None:
    user_id = add_user(client, "keep.me", job_title="Engineer", telephone="555-0101")
    client.update_user(user_id, first_name="Augusta")
    user = client.get_user(user_id)
    assert (user.first_name, user.last_name) == ("Augusta", "Lovelace")
    assert (user.job_title, user.telephone) == ("Engineer", "555-0101")
    assert user.email == "keep.me@example.com"
    # The same edit sent as is, without the merge, erases them: what update_user protects.
    client.request("PUT", f"user/{user_id}", {"email": "keep.me@example.com", "first_name": "A"})
    erased = client.get_user(user_id)
    assert (erased.job_title, erased.telephone) == (None, None)


def test_update_user_changes_what_it_names(client: certcentral.Client) -> None:
    user_id = add_user(client, "change.me", job_title="Engineer")
    client.update_user(user_id, job_title="Manager", telephone="555-0199", email="new@example.com")
    user = client.get_user(user_id)
    assert (user.job_title, user.telephone, user.email) == (
        "Manager",
        "555-0199",
        "new@example.com",
    )
    assert user.first_name == "Ada"


def test_delete_user_then_it_is_gone(client: certcentral.Client) -> None:
    user_id = add_user(client, "leaver")
    client.delete_user(user_id)
    with pytest.raises(certcentral.NotFoundError):
        client.get_user(user_id)
    assert user_id not in [u.id for u in client.iter_users()]
    # A 404 to the first attempt is no success: there was nothing to delete.
    with pytest.raises(certcentral.NotFoundError):
        client.delete_user(user_id)


def test_a_delete_retried_after_a_dropped_connection_is_success(
    client: certcentral.Client, emulator: Emulator
) -> None:
    user_id = add_user(client, "dropped")
    # The first attempt is carried out, then the connection drops before the answer.
    emulator.add_fault(route="DELETE user/{user_id}", kind="reset_after", times=1)
    client.delete_user(user_id)
    assert requests_to(emulator, "DELETE user/{user_id}") == 2
    with pytest.raises(certcentral.NotFoundError):
        client.get_user(user_id)


def test_set_user_roles_replaces_the_set(client: certcentral.Client) -> None:
    user_id = add_user(client, "roles")
    client.set_user_roles(user_id, [1, 4])
    assert sorted(r.id for r in client.get_user(user_id).access_roles) == [1, 4]
    client.set_user_roles(user_id, (2,))
    assert [r.id for r in client.get_user(user_id).access_roles] == [2]


def test_set_user_containers_replaces_the_list(client: certcentral.Client) -> None:
    root = root_container(client)
    first = client.create_container(root, "East", template_id=4).id
    second = client.create_container(root, "West", template_id=4).id
    user_id = add_user(client, "divisions")
    client.set_user_containers(user_id, [first, second])
    user = client.get_user(user_id)
    assert user.has_container_assignments is True
    assert assigned_containers(user) == {first, second}
    client.set_user_containers(user_id, [second])
    assert assigned_containers(client.get_user(user_id)) == {second}
    # An empty list removes every assignment: the user is unrestricted again.
    client.set_user_containers(user_id, [])
    cleared = client.get_user(user_id)
    assert cleared.has_container_assignments is False
    assert assigned_containers(cleared) == set()


def assigned_containers(user: certcentral.User) -> set[int]:
    """The ids in the user's `container_assignments` (the item shape is not documented: an id,
    or an object with one)."""
    items = user.raw.get("container_assignments") or []
    return {int(i["id"]) if isinstance(i, dict) else int(i) for i in items}


def test_service_users_are_listed_apart(client: certcentral.Client) -> None:
    empty = client.list_service_users()
    assert (len(empty), empty.total) == (0, 0)
    add_user(client, "standard")
    made = [client.add_service_user(f"svc{i}@example.com", f"key {i}").id for i in range(3)]
    page = client.list_service_users(limit=2)
    assert isinstance(page, certcentral.UserPage) and len(page) == 2 and page.total == 3
    assert [u.id for u in client.iter_service_users(page_size=2)] == made
    searched = client.list_service_users(search="svc1@example.com")
    assert [u.id for u in searched] == [made[1]]


# API keys


def test_api_keys_list_get_and_update(client: certcentral.Client) -> None:
    service = client.add_service_user("keys@example.com", "first key")
    second = client.create_api_key(service.id, "second key", restricted_to_role_id=100)
    page = client.list_api_keys(user_id=service.id)
    assert isinstance(page, certcentral.ApiKeyPage)
    assert sorted(k.name or "" for k in page.api_keys) == ["first key", "second key"]
    assert [k.id for k in client.iter_api_keys(user_id=service.id, page_size=1)] == [
        k.id for k in page
    ]
    details = client.get_api_key(second.id)
    assert isinstance(details, certcentral.ApiKeyDetails)
    assert (details.id, details.name, details.status) == (second.id, "second key", "active")
    assert details.restricted_to_role_id == 100
    assert isinstance(details.user, certcentral.ApiKeyOwner) and details.user.id == service.id
    assert pickle.loads(pickle.dumps(details)) == details
    assert pickle.loads(pickle.dumps(page)) == page
    # Each update keeps what it does not name.
    client.update_api_key(second.id, restricted_to_role_id=102)
    after = client.get_api_key(second.id)
    assert (after.name, after.restricted_to_role_id) == ("second key", 102)
    client.update_api_key(second.id, name="renamed")
    after = client.get_api_key(second.id)
    assert (after.name, after.restricted_to_role_id) == ("renamed", 102)
    with pytest.raises(certcentral.NotFoundError):
        client.get_api_key(second.id + 1000)


def test_a_revoked_key_is_refused_until_activated(
    client: certcentral.Client, emulator: Emulator
) -> None:
    service = client.add_service_user("revoked@example.com", "revocable")
    assert service.api_key is not None
    (key,) = client.list_api_keys(user_id=service.id)
    with emulator.client(api_key=service.api_key) as theirs:
        assert theirs.current_user().id == service.id
        client.revoke_api_key(key.id)
        assert client.get_api_key(key.id).status == "revoked"
        with pytest.raises(certcentral.AuthenticationError) as refused:
            theirs.current_user()
        assert service.api_key not in str(refused.value)
        assert service.api_key not in repr(refused.value)
        client.activate_api_key(key.id)
        assert client.get_api_key(key.id).status == "active"
        assert theirs.current_user().id == service.id


def test_no_key_shows_in_the_key_results(client: certcentral.Client) -> None:
    service = client.add_service_user("secret@example.com", "secret")
    extra = client.create_api_key(service.id, "extra")
    secrets = [service.api_key, extra.api_key]
    assert all(secrets)
    page = client.list_api_keys(user_id=service.id)
    shown = [repr(page), repr(client.get_api_key(extra.id)), repr(extra), repr(service)]
    shown += [repr(k) for k in page] + [repr(k.user) for k in page]
    shown += [str(page.raw), str(client.get_api_key(extra.id).to_dict())]
    for text in shown:
        for secret in secrets:
            assert str(secret) not in text, text
    assert "api_key=<redacted>" in repr(extra)


# Organizations


def test_update_organization_contacts_keeps_the_contact_not_named(
    client: certcentral.Client,
) -> None:
    org = new_organization(client)
    technical: ContactParams = {
        "first_name": "Tess",
        "last_name": "Tech",
        "email": "tess@example.com",
        "job_title": "SRE",
        "telephone": "555-0102",
    }
    client.update_organization_contacts(org, technical_contact=technical)
    before = client.get_organization(org).raw["technical_contact"]
    assert before["email"] == "tess@example.com" and before["job_title"] == "SRE"
    # Only the organization contact's job title is named: its other fields and the technical
    # contact stay as they were.
    client.update_organization_contacts(org, organization_contact={"job_title": "CFO"})
    after = client.get_organization(org)
    contact = after.organization_contact
    assert contact is not None
    assert (contact.first_name, contact.last_name, contact.email) == (
        CONTACT["first_name"],
        CONTACT["last_name"],
        CONTACT["email"],
    )
    assert (contact.job_title, contact.telephone, contact.telephone_extension) == (
        "CFO",
        CONTACT["telephone"],
        "12",
    )
    kept = after.raw["technical_contact"]
    for field in ("first_name", "last_name", "email", "job_title", "telephone"):
        assert kept[field] == before[field], field


def test_organization_validations_submitted_and_read(client: certcentral.Client) -> None:
    org = new_organization(client)
    assert client.get_organization_validations(org) == []
    admin = client.current_user().id
    validations: list[ValidationParams] = [
        {"type": "ov"},
        {"type": "ev", "verified_users": [{"id": admin}]},
    ]
    client.submit_organization_validation(org, validations)
    found = client.get_organization_validations(org)
    assert all(isinstance(v, certcentral.Validation) for v in found)
    assert sorted(v.type or "" for v in found) == ["ev", "ov"]


def test_delete_organization(client: certcentral.Client) -> None:
    org = new_organization(client, "Short Lived Org")
    client.delete_organization(org)
    with pytest.raises(certcentral.NotFoundError):
        client.get_organization(org)
    with pytest.raises(certcentral.NotFoundError):
        client.delete_organization(org)


# Subaccounts


def test_update_subaccount_changes_only_what_it_names(client: certcentral.Client) -> None:
    made = client.create_subaccount(
        "retail", allowed_grandchildren=["retail"], user=USER, organization=ORGANIZATION
    )
    client.update_subaccount(made.id, child_name="Kid Co")
    assert client.get_subaccount(made.id).child_name == "Kid Co"
    client.update_subaccount(made.id, bill_parent=True)
    details = client.get_subaccount(made.id)
    assert (details.child_name, details.bill_parent) == ("Kid Co", True)
    with pytest.raises(certcentral.NotFoundError):
        client.update_subaccount(made.id + 10_000, bill_parent=False)


# Divisions


def test_create_container_and_list_children(client: certcentral.Client) -> None:
    root = root_container(client)
    made = client.create_container(root, "Sales", template_id=4, description="Sellers")
    assert isinstance(made, certcentral.CreatedContainer) and made.id > 0
    assert repr(made) == f"CreatedContainer(id={made.id})"
    assert pickle.loads(pickle.dumps(made)) == made
    children = client.list_child_containers(root)
    assert [(c.id, c.name, c.parent_id) for c in children] == [(made.id, "Sales", root)]
    assert client.get_container(made.id).description == "Sellers"
    # No children: the server's empty form (no array) is an empty list.
    assert client.list_child_containers(made.id) == []


def test_set_container_users_replaces_the_list(client: certcentral.Client) -> None:
    container = client.create_container(root_container(client), "Team", template_id=4).id
    first, second = add_user(client, "member.one"), add_user(client, "member.two")
    client.set_container_users(container, [first, second])
    assert sorted(client.get_container(container).user_id_assignments) == sorted([first, second])
    client.set_container_users(container, [second])
    assert client.get_container(container).user_id_assignments == [second]
    client.set_container_users(container, [])
    assert client.get_container(container).user_id_assignments == []


# Arguments: checked before anything is sent, each error naming its field.

V = certcentral.ValidationError
T = certcentral.ArgumentTypeError
I = certcentral.InvalidArgumentError  # noqa: E741

# The calls take the client as Any: some pass what the stubs refuse, on purpose.
BAD: list[tuple[Callable[[Any], Any], str, type[Exception]]] = [
    (lambda c: c.delete_user(0), "user_id", V),
    (lambda c: c.delete_user(-4), "user_id", V),
    (lambda c: c.delete_user(True), "user_id", T),
    (lambda c: c.delete_user("7"), "user_id", T),
    (lambda c: c.update_user(1), "request", V),
    (lambda c: c.update_user(0, first_name="A"), "user_id", V),
    (lambda c: c.update_user(1, first_name=""), "first_name", V),
    (lambda c: c.update_user(1, email="not an address"), "email", V),
    (lambda c: c.update_user(1, is_saml_sso_only=1), "is_saml_sso_only", T),
    (lambda c: c.set_user_roles(1, []), "access_roles", V),
    (lambda c: c.set_user_roles(1, [1, "2"]), "access_roles[1]", T),
    (lambda c: c.set_user_roles(1, [True]), "access_roles[0]", T),
    (lambda c: c.set_user_roles(1, 5), "access_roles", T),
    (lambda c: c.set_user_containers(1, [3, 0]), "container_ids[1]", V),
    (lambda c: c.set_user_containers(-1, []), "user_id", V),
    (lambda c: c.list_service_users(container_id=-3), "container_id", V),
    (lambda c: c.list_service_users(limit=0), "limit", V),
    (lambda c: c.iter_service_users(page_size=0), "page_size", V),
    (lambda c: c.list_api_keys(user_id=0), "user_id", V),
    (lambda c: c.iter_api_keys(user_id=False), "user_id", T),
    (lambda c: c.get_api_key(0), "key_id", V),
    (lambda c: c.update_api_key(5), "request", V),
    (lambda c: c.update_api_key(5, name=""), "name", V),
    (lambda c: c.update_api_key(5, restricted_to_role_id=7), "restricted_to_role_id", V),
    (lambda c: c.revoke_api_key(-1), "key_id", V),
    (lambda c: c.activate_api_key(0), "key_id", V),
    (lambda c: c.delete_organization(0), "organization_id", V),
    (lambda c: c.update_organization_contacts(5), "request", V),
    (
        lambda c: c.update_organization_contacts(5, organization_contact={"first_name": ""}),
        "organization_contact.first_name",
        V,
    ),
    (
        lambda c: c.update_organization_contacts(5, technical_contact={"email": "nope"}),
        "technical_contact.email",
        V,
    ),
    (
        lambda c: c.update_organization_contacts(5, technical_contact={"colour": "red"}),
        "technical_contact.colour",
        I,
    ),
    (
        lambda c: c.update_organization_contacts(5, organization_contact=["first_name"]),
        "organization_contact",
        I,
    ),
    (lambda c: c.submit_organization_validation(5, []), "validations", V),
    (lambda c: c.submit_organization_validation(0, [{"type": "ov"}]), "organization_id", V),
    (lambda c: c.submit_organization_validation(5, [{"type": "xx"}]), "validations[0].type", V),
    (
        lambda c: c.submit_organization_validation(5, [{"type": "ov"}, {"type": "ev"}]),
        "validations[1].verified_users",
        V,
    ),
    (
        lambda c: c.submit_organization_validation(
            5, [{"type": "ev", "verified_users": [{"id": 0}]}]
        ),
        "validations[0].verified_users[0].id",
        V,
    ),
    (lambda c: c.submit_organization_validation(5, {"type": "ov"}), "validations", T),
    (lambda c: c.get_organization_validations(-2), "organization_id", V),
    (lambda c: c.update_subaccount(5), "request", V),
    (lambda c: c.update_subaccount(0, bill_parent=True), "subaccount_id", V),
    (lambda c: c.update_subaccount(True, bill_parent=True), "subaccount_id", T),
    (lambda c: c.update_subaccount(5, bill_parent=1), "bill_parent", T),
    (lambda c: c.update_subaccount(5, child_name="x" * 65), "child_name", V),
    (lambda c: c.update_subaccount(5, account_manager_user_id=0), "account_manager_user_id", V),
    (lambda c: c.create_container(0, "Sales", template_id=4), "parent_id", V),
    (lambda c: c.create_container(5, "", template_id=4), "name", V),
    (lambda c: c.create_container(5, "Sales", template_id=0), "template_id", V),
    (lambda c: c.create_container(5, "Sales", template_id=True), "template_id", T),
    (lambda c: c.list_child_containers(0), "container_id", V),
    (lambda c: c.set_container_users(0, []), "container_id", V),
    (lambda c: c.set_container_users(5, [4, -1]), "user_ids[1]", V),
    (lambda c: c.set_container_users(5, ["4"]), "user_ids[0]", T),
    (lambda c: c.set_container_users(5, "45"), "user_ids", T),
]


@pytest.mark.parametrize("call, field, error", BAD)
def test_bad_arguments_name_the_field_and_send_nothing(
    client: certcentral.Client,
    emulator: Emulator,
    call: Callable[[certcentral.Client], Any],
    field: str,
    error: type[Exception],
) -> None:
    with pytest.raises(error) as caught:
        call(client)
    raised = caught.value
    assert isinstance(raised, certcentral.CertCentralError)
    assert getattr(raised, "field", None) == field, str(raised)
    assert getattr(raised, "rule", None), str(raised)
    assert nothing_sent(emulator)


# Async: the same calls, awaited.


def async_client(emulator: Emulator) -> certcentral.AsyncClient:
    return certcentral.AsyncClient(
        emulator.api_key, base_url=emulator.base_url, backoff=0.001, max_backoff=0.004
    )


async def test_async_users(emulator: Emulator) -> None:
    async with async_client(emulator) as client:
        created = await client.add_user(
            "async.keep",
            first_name="Ada",
            last_name="Lovelace",
            email="async.keep@example.com",
            access_roles=[5],
            job_title="Engineer",
            telephone="555-0101",
        )
        await client.update_user(created.id, first_name="Augusta")
        user = await client.get_user(created.id)
        assert (user.first_name, user.job_title, user.telephone) == (
            "Augusta",
            "Engineer",
            "555-0101",
        )
        await client.set_user_roles(created.id, [3])
        assert [r.id for r in (await client.get_user(created.id)).access_roles] == [3]
        emulator.add_fault(route="DELETE user/{user_id}", kind="reset_after", times=1)
        await client.delete_user(created.id)
        assert requests_to(emulator, "DELETE user/{user_id}") == 2
        with pytest.raises(certcentral.NotFoundError):
            await client.get_user(created.id)
        service = await client.add_service_user("async.svc@example.com", "async key")
        assert [u.id async for u in client.iter_service_users()] == [service.id]
        assert (await client.list_service_users()).total == 1
        with pytest.raises(certcentral.ValidationError) as caught:
            await client.delete_user(0)
        assert caught.value.field == "user_id"


async def test_async_keys(emulator: Emulator) -> None:
    async with async_client(emulator) as client:
        service = await client.add_service_user("async.keys@example.com", "async key")
        assert service.api_key is not None
        keys = [k async for k in client.iter_api_keys(user_id=service.id)]
        assert [k.name for k in keys] == ["async key"]
        key_id = keys[0].id
        await client.update_api_key(key_id, name="renamed")
        assert (await client.get_api_key(key_id)).name == "renamed"
        assert len(await client.list_api_keys(user_id=service.id)) == 1
        async with certcentral.AsyncClient(service.api_key, base_url=emulator.base_url) as theirs:
            await theirs.current_user()
            await client.revoke_api_key(key_id)
            with pytest.raises(certcentral.AuthenticationError):
                await theirs.current_user()
            await client.activate_api_key(key_id)
            assert (await theirs.current_user()).id == service.id


async def test_async_organizations(emulator: Emulator) -> None:
    async with async_client(emulator) as client:
        org = (
            await client.create_organization(
                "Async Org",
                address="1 Main St",
                city="Lehi",
                state="ut",
                zip="84043",
                country="us",
                telephone="555-0100",
                organization_contact=CONTACT,
            )
        ).id
        await client.update_organization_contacts(org, organization_contact={"job_title": "CTO"})
        contact = (await client.get_organization(org)).organization_contact
        assert contact is not None and (contact.job_title, contact.email) == (
            "CTO",
            CONTACT["email"],
        )
        await client.submit_organization_validation(org, [{"type": "ov"}])
        assert [v.type for v in await client.get_organization_validations(org)] == ["ov"]
        await client.delete_organization(org)
        with pytest.raises(certcentral.NotFoundError):
            await client.get_organization(org)


async def test_async_subaccounts_and_divisions(emulator: Emulator) -> None:
    async with async_client(emulator) as client:
        made = await client.create_subaccount(
            "retail", allowed_grandchildren=["retail"], user=USER, organization=ORGANIZATION
        )
        await client.update_subaccount(made.id, child_name="Async Kid")
        assert (await client.get_subaccount(made.id)).child_name == "Async Kid"

        me = await client.current_user()
        assert me.container is not None
        root = me.container.id
        child = await client.create_container(root, "Async Division", template_id=4)
        children = {c.id: c.parent_id for c in await client.list_child_containers(root)}
        assert children[child.id] == root
        await client.set_container_users(child.id, [me.id])
        assert (await client.get_container(child.id)).user_id_assignments == [me.id]
        await client.set_user_containers(me.id, [child.id])
        assert (await client.get_user(me.id)).has_container_assignments is True


def test_service_users_on_the_other_documented_path(
    client: certcentral.Client, emulator: Emulator
) -> None:
    # One version of the docs prints GET service-user: asked after a 404 not_found|route on
    # GET user/api-only, and kept to from then on.
    emulator.configure(service_users_path="service-user")
    made = client.add_service_user("other.path@example.com", "key").id
    assert [u.id for u in client.list_service_users()] == [made]
    assert [u.id for u in client.iter_service_users()] == [made]
    assert requests_to(emulator, "GET service-user") == 2
    assert requests_to(emulator, "GET user/api-only") == 1
    with pytest.raises(certcentral.InvalidArgumentError) as refused:
        emulator.configure(service_users_path="users")  # type: ignore[arg-type]
    assert refused.value.field == "service_users_path"
