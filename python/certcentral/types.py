"""TypedDicts for the dict arguments, with the API's own field names: request parameters, so
their names end in ``Params`` (the results are classes of ``certcentral``).

Required keys are in the base classes; the optional ones in the public classes (``total=False``),
which works on every supported Python without ``typing_extensions``.
"""

from __future__ import annotations

from typing import TypedDict

__all__ = [
    "ContactParams",
    "OrganizationContactParams",
    "SubaccountOrganizationParams",
    "SubaccountUserParams",
    "ValidationParams",
    "VerifiedUserParams",
]

# The public classes name TypedDict among their bases too. It changes nothing at run time or for
# type checkers; on Python < 3.12 it is how pdoc (make docs) finds the base that declared a key.


class _SubaccountUserRequired(TypedDict):
    first_name: str
    last_name: str
    email: str


class SubaccountUserParams(_SubaccountUserRequired, TypedDict, total=False):
    """``user`` of ``Client.create_subaccount``."""

    username: str
    job_title: str
    telephone: str


class _SubaccountOrganizationRequired(TypedDict):
    name: str
    address: str
    zip: str
    city: str
    state: str
    country: str


class SubaccountOrganizationParams(_SubaccountOrganizationRequired, TypedDict, total=False):
    """``organization`` of ``Client.create_subaccount``."""

    assumed_name: str
    address2: str
    telephone: str


class _OrganizationContactRequired(TypedDict):
    first_name: str
    last_name: str
    email: str
    telephone: str


class OrganizationContactParams(_OrganizationContactRequired, TypedDict, total=False):
    """``organization_contact`` of ``Client.create_organization``."""

    job_title: str
    telephone_extension: str


class ContactParams(TypedDict, total=False):
    """``organization_contact`` or ``technical_contact`` of
    ``Client.update_organization_contacts``: the fields to change (the others keep the current
    contact's values)."""

    first_name: str
    last_name: str
    email: str
    job_title: str
    telephone: str
    telephone_extension: str
    language_id: str


class VerifiedUserParams(TypedDict, total=False):
    """One of ``verified_users`` in ``ValidationParams``: an existing user by ``id``, or a person
    described by every other key."""

    id: int
    first_name: str
    last_name: str
    job_title: str
    telephone: str
    email: str


class _ValidationRequired(TypedDict):
    type: str


class ValidationParams(_ValidationRequired, TypedDict, total=False):
    """One of ``validations`` of ``Client.submit_organization_validation``: ``type`` is ov, ev,
    cs, ev_cs, ds or smime; ``verified_users`` is needed for ev, cs and ev_cs."""

    verified_users: list[VerifiedUserParams]
