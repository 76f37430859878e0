"""Stubs for ``certcentral._async`` (checked with mypy.stubtest), generated from the
``Client`` of _certcentral.pyi by scripts/gen-async-stub.py: ``AsyncClient`` has every
``Client`` method, each awaitable, with its docstring; ``iter_*`` return async iterators."""

import os
from collections.abc import Mapping, Sequence
from typing import Any, Generic, Literal, TypeAlias, TypeVar, final

from ._certcentral import (
    ApiKey,
    ApiKeyDetails,
    ApiKeyPage,
    Container,
    CreatedContainer,
    CreatedOrganization,
    CreatedUser,
    Invite,
    InvitePage,
    Organization,
    OrganizationPage,
    PageIterator,
    Role,
    ServiceUser,
    Subaccount,
    SubaccountDetails,
    SubaccountPage,
    SubaccountSummary,
    User,
    UserPage,
    Validation,
)
from .types import (
    ContactParams,
    OrganizationContactParams,
    SubaccountOrganizationParams,
    SubaccountUserParams,
    ValidationParams,
)

__all__ = ["AsyncClient", "AsyncPageIterator"]

_T = TypeVar("_T")
_Region: TypeAlias = Literal["us", "eu", "US", "EU"]
_InviteStatus: TypeAlias = Literal["pending", "accepted", "expired", "cancelled", "canceled"]
_AccountType: TypeAlias = Literal["retail", "enterprise", "reseller", "managed", "standard"] | str
_RateWindow: TypeAlias = tuple[int, float]

@final
class AsyncPageIterator(Generic[_T]):
    """An async iterator over every record of a list (``async for``), a page at a time;
    ``total`` and ``fetched`` report progress."""

    def __init__(self, client: AsyncClient, pages: PageIterator[_T]) -> None: ...
    def __aiter__(self) -> AsyncPageIterator[_T]: ...
    async def __anext__(self) -> _T: ...
    def prefetch(self, pages: int) -> AsyncPageIterator[_T]: ...
    @property
    def total(self) -> int | None: ...
    @property
    def fetched(self) -> int: ...

class AsyncClient:
    """A CertCentral client for asyncio programs: ``Client``'s constructor (plus
    ``max_concurrency``, the most calls in flight at once) and methods, each ``async``;
    ``iter_*`` return async iterators. Use ``async with``, or ``await aclose()``."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        region: _Region = "us",
        base_url: str | None = None,
        timeout: float = 30.0,
        max_retries: int = 2,
        rate_limit: bool | Sequence[_RateWindow] | None = None,
        connect_timeout: float = 10.0,
        user_agent: str | None = None,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        max_rate_limit_wait: float = 180.0,
        max_retry_after: float = 60.0,
        ca_bundle: str | os.PathLike[str] | None = None,
        proxy: str | Literal[False] | None = None,
        max_response_bytes: int = 16777216,
        max_concurrency: int = 64,
    ) -> None: ...
    @property
    def base_url(self) -> str: ...
    async def send_invite(
        self, emails: Sequence[str], subaccount_type: _AccountType, invite_note: str | None = None
    ) -> None:
        """POST account/subaccount/invite: invites each address to open a subaccount.

        Args:
            emails (list[str] | tuple[str, ...]): at least one valid address (a lone str is
                refused, never split).
            subaccount_type (str): e.g. "retail", "enterprise", "reseller", "managed" (the
                allowed values depend on the account).
            invite_note (str | None): a message sent with the invite.

        Raises:
            ValidationError: a documented rule is broken; nothing was sent.
            ApiError: the API refused it (see its subclasses).
        """
        ...
    async def list_invites(
        self,
        *,
        email: str | None = None,
        subaccount_type: _AccountType | None = None,
        status: _InviteStatus | None = None,
        date_created: str | None = None,
        last_sent_date: str | None = None,
        search: str | None = None,
        sort: str | None = None,
        offset: int | None = None,
        limit: int | None = None,
    ) -> InvitePage:
        """GET account/subaccount/invite: one page of invites.

        Args:
            email, subaccount_type, date_created, last_sent_date (str | None): exact filters
                (dates "yyyy-MM-dd HH:mm:ss", or a prefix such as "2019-01-14").
            status (str | None): pending, accepted, expired, cancelled (or canceled).
            search (str | None): an exact email, or with a leading "%" any email containing the
                rest.
            sort (str | None): properties separated by commas, "-" for descending.
            offset (int | None): index of the first invite.
            limit (int | None): page size, 1 to 1000.

        Returns:
            InvitePage

        Raises:
            ValidationError: limit or offset out of range; nothing was sent.
        """
        ...
    def iter_invites(
        self,
        *,
        email: str | None = None,
        subaccount_type: _AccountType | None = None,
        status: _InviteStatus | None = None,
        date_created: str | None = None,
        last_sent_date: str | None = None,
        search: str | None = None,
        sort: str | None = None,
        page_size: int = 1000,
    ) -> AsyncPageIterator[Invite]:
        """Every invite matching the filters (those of list_invites), fetched lazily one page of
        page_size (1 to 1000) at a time.

        Returns:
            PageIterator[Invite]: with `total` and `fetched` for progress.
        """
        ...
    async def create_subaccount(
        self,
        account_type: _AccountType,
        *,
        allowed_grandchildren: Sequence[str],
        user: SubaccountUserParams,
        organization: SubaccountOrganizationParams,
        account_manager_user_id: int | None = None,
        bill_parent: bool | None = None,
        child_name: str | None = None,
    ) -> Subaccount:
        """POST account: creates a subaccount.

        Args:
            account_type (str): e.g. "retail" or "managed" (allowed values depend on the account).
            allowed_grandchildren (list[str]): account types the subaccount may create.
            user (dict): first_name, last_name, email (required), username, job_title, telephone.
            organization (dict): name, address, zip, city, state, country (required),
                assumed_name, address2, telephone.
            account_manager_user_id (int | None), bill_parent (bool | None),
            child_name (str | None): optional settings.

        Returns:
            Subaccount: for "managed", `api_key` holds its key, shown this one time only.

        Raises:
            ValidationError: a documented rule is broken; nothing was sent.
            DecodeError: created, but the answer could not be read: do not repeat; the key, if
                any, is in `one_time_key`.
        """
        ...
    async def add_user(
        self,
        username: str,
        *,
        first_name: str,
        last_name: str,
        email: str,
        access_roles: Sequence[int],
        job_title: str | None = None,
        telephone: str | None = None,
        container_id: int | None = None,
        container_id_assignments: Sequence[int] | None = None,
        is_saml_sso_only: bool | None = None,
    ) -> CreatedUser:
        """POST user: adds a user.

        Args:
            username (str): a-z A-Z 0-9 @ - _ + . only.
            first_name, last_name (str): at most 128 characters each.
            email (str): a valid address, at most 255 characters.
            access_roles (list[int]): role ids (1 Administrator, 2 Limited user, 3 Finance
                manager, 4 Manager, 5 Standard user), sent as [{"id": n}].
            job_title, telephone (str | None): at most 64 characters (needed for EV approvers).
            container_id (int | None), container_id_assignments (list[int] | None),
            is_saml_sso_only (bool | None): optional settings.

        Returns:
            CreatedUser: `.id` of the new user, `.raw` the answer.

        Raises:
            ValidationError: a documented rule is broken; nothing was sent.
            ConflictError: the username is taken.
        """
        ...
    async def add_service_user(
        self,
        email: str,
        api_name: str,
        *,
        restricted_to_role_id: int | None = None,
        container_id_assignments: Sequence[int] | None = None,
    ) -> ServiceUser:
        """POST user with is_api_only: adds a service user (API only) with its first API key.

        Args:
            email (str): a valid address, at most 255 characters.
            api_name (str): the key's name.
            restricted_to_role_id (int | None): 0 (none), 100 orders, 101 orders, domains and
                organizations, 102 view only, 103 user management.
            container_id_assignments (list[int] | None): divisions to assign.

        Returns:
            ServiceUser: `.id` and `.api_key`, shown this one time only.

        Raises:
            ValidationError: a documented rule is broken; nothing was sent.
            DecodeError: created, but the answer could not be read: the key, if it arrived, is
                in `one_time_key`.
        """
        ...
    async def create_api_key(
        self, user_id: int, name: str, *, restricted_to_role_id: int | None = None
    ) -> ApiKey:
        """POST key/user/{user_id}: creates another API key for a user.

        Args:
            user_id (int): the user (e.g. a service user), above 0.
            name (str): the key's name.
            restricted_to_role_id (int | None): as for add_service_user.

        Returns:
            ApiKey: `.id` (the key's) and `.api_key`, shown this one time only.

        Raises:
            ValidationError: a documented rule is broken; nothing was sent.
            NotFoundError: no such user.
        """
        ...
    async def create_organization(
        self,
        name: str,
        *,
        address: str,
        city: str,
        state: str,
        zip: str,
        country: str,
        telephone: str,
        organization_contact: OrganizationContactParams,
        assumed_name: str | None = None,
        address2: str | None = None,
        skip_duplicate_org_check: bool | None = None,
    ) -> CreatedOrganization:
        """POST organization: creates an organization, or under the duplicate check (the default)
        returns the matching existing one; that makes it safe to retry, and it is.

        Args:
            name (str): legal name.
            address, city, state, zip, country, telephone (str): required.
            organization_contact (dict): first_name, last_name, email, telephone (required),
                job_title, telephone_extension.
            assumed_name, address2 (str | None): optional.
            skip_duplicate_org_check (bool | None): True always creates a new one.

        Returns:
            CreatedOrganization: `.id` (of an existing one when the duplicate check matched).

        Raises:
            ValidationError: a documented rule is broken; nothing was sent.
        """
        ...
    async def list_users(
        self,
        *,
        container_id: int | None = None,
        access_role_id: int | None = None,
        without_container: bool | None = None,
        filters: Mapping[str, str] | None = None,
        search: str | None = None,
        sort: str | None = None,
        offset: int | None = None,
        limit: int | None = None,
    ) -> UserPage:
        """GET user: one page of the account's users.

        Args:
            container_id, access_role_id (int | None): only users of this container / role.
            without_container (bool | None): leave each user's container out.
            filters (Mapping[str, str] | None): filters[name]=value, e.g. {"status": "active"}.
            search (str | None): username, names or email; a leading "%" means "contains".
            sort (str | None), offset (int | None), limit (int | None, at least 1).

        Returns:
            UserPage
        """
        ...
    def iter_users(
        self,
        *,
        container_id: int | None = None,
        access_role_id: int | None = None,
        without_container: bool | None = None,
        filters: Mapping[str, str] | None = None,
        search: str | None = None,
        sort: str | None = None,
        page_size: int = 1000,
    ) -> AsyncPageIterator[User]:
        """Every user matching the parameters (those of list_users), one page of page_size at a
        time.

        Returns:
            PageIterator[User]
        """
        ...
    async def get_user(self, user_id: int) -> User:
        """GET user/{user_id}: one user's details.

        Raises:
            NotFoundError: no such user.
        """
        ...
    async def current_user(self) -> User:
        """GET user/me: the user the API key belongs to."""
        ...
    async def list_organizations(
        self,
        *,
        include_validation: bool | None = None,
        filters: Mapping[str, str] | None = None,
        search: str | None = None,
        sort: str | None = None,
        offset: int | None = None,
        limit: int | None = None,
    ) -> OrganizationPage:
        """GET organization: one page of the account's organizations.

        Args:
            include_validation (bool | None): include each organization's validations.
            filters (Mapping[str, str] | None): e.g. {"status": "active"}, {"validation":
                "pending"}, {"container_id_for_organization": "5"}.
            search (str | None): an exact ID, or a name containing the text.
            sort (str | None), offset (int | None), limit (int | None, at least 1).

        Returns:
            OrganizationPage
        """
        ...
    def iter_organizations(
        self,
        *,
        include_validation: bool | None = None,
        filters: Mapping[str, str] | None = None,
        search: str | None = None,
        sort: str | None = None,
        page_size: int = 1000,
    ) -> AsyncPageIterator[Organization]:
        """Every organization matching the parameters (those of list_organizations).

        Returns:
            PageIterator[Organization]
        """
        ...
    async def get_organization(self, organization_id: int) -> Organization:
        """GET organization/{organization_id}: one organization's details.

        Raises:
            NotFoundError: no such organization.
        """
        ...
    async def list_subaccounts(
        self,
        *,
        filters: Mapping[str, str] | None = None,
        search: str | None = None,
        sort: str | None = None,
        offset: int | None = None,
        limit: int | None = None,
    ) -> SubaccountPage:
        """GET account/subaccount: one page of the account's subaccounts.

        Args:
            filters (Mapping[str, str] | None), search (str | None: organization name, a leading
            "%" for "contains"), sort (str | None: account_id, account_type, organization_name,
            date_created, account_manager), offset, limit (int | None).

        Returns:
            SubaccountPage
        """
        ...
    def iter_subaccounts(
        self,
        *,
        filters: Mapping[str, str] | None = None,
        search: str | None = None,
        sort: str | None = None,
        page_size: int = 1000,
    ) -> AsyncPageIterator[SubaccountSummary]:
        """Every subaccount matching the parameters (those of list_subaccounts).

        Returns:
            PageIterator[SubaccountSummary]
        """
        ...
    async def get_subaccount(self, subaccount_id: int) -> SubaccountDetails:
        """GET account/subaccount/{subaccount_id}: one subaccount's details.

        Raises:
            NotFoundError: no such subaccount.
        """
        ...
    async def list_containers(self) -> list[Container]:
        """GET container: the account's containers (divisions).

        Returns:
            list[Container]
        """
        ...
    async def get_container(self, container_id: int) -> Container:
        """GET container/{container_id}: one container's details.

        Raises:
            NotFoundError: no such container.
        """
        ...
    async def list_access_roles(self, container_id: int) -> list[Role]:
        """GET container/{container_id}/role: the access roles a container's users can have (the
        ids add_user takes).

        Returns:
            list[Role]
        """
        ...
    async def list_api_key_roles(self) -> list[Role]:
        """GET key/api-roles: the roles an API key can be restricted to.

        Returns:
            list[Role]
        """
        ...
    async def update_user(
        self,
        user_id: int,
        *,
        username: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        email: str | None = None,
        job_title: str | None = None,
        telephone: str | None = None,
        is_saml_sso_only: bool | None = None,
    ) -> None:
        """PUT user/{user_id}: changes the fields named and keeps every other one.

        The server erases what the request leaves out (job_title, telephone), so the user is
        read first (GET user/{user_id}) and sent whole: its fields overlaid with the ones
        given. An edit made by someone else between the read and the write is overwritten.

        Args:
            user_id (int): the user, above 0.
            username (str | None): a-z A-Z 0-9 @ - _ + . only.
            first_name, last_name (str | None): not blank, at most 128 characters each.
            email (str | None): a valid address, at most 255 characters.
            job_title, telephone (str | None): at most 64 characters.
            is_saml_sso_only (bool | None): sign-in only through SAML SSO.
            None leaves a field as it is; at least one must be given.

        Raises:
            ValidationError: a documented rule is broken; nothing was sent.
            NotFoundError: no such user.
        """
        ...
    async def delete_user(self, user_id: int) -> None:
        """DELETE user/{user_id}: deletes a user, permanently (not the API key's own user).

        Retried as a read is; a 404 to a retry after an attempt that may have been carried out
        is success (a 404 to the first attempt is NotFoundError).

        Raises:
            ValidationError: user_id is not above 0; nothing was sent.
            NotFoundError: no such user.
        """
        ...
    async def set_user_roles(self, user_id: int, access_roles: Sequence[int]) -> None:
        """PUT user/{user_id}/role: sets the user's access roles to exactly these (the whole set
        is replaced).

        Args:
            user_id (int): the user, above 0.
            access_roles (list[int]): at least one role id (1 Administrator, 2 Limited user,
                3 Finance manager, 4 Manager, 5 Standard user; see list_access_roles).

        Raises:
            ValidationError: a documented rule is broken; nothing was sent.
            NotFoundError: no such user.
        """
        ...
    async def set_user_containers(self, user_id: int, container_ids: Sequence[int]) -> None:
        """PUT user/{user_id}/container-assignments: restricts the user to exactly these
        divisions (the whole list is replaced; an empty list removes every assignment, which
        leaves the user unrestricted).

        Args:
            user_id (int): the user, above 0.
            container_ids (list[int]): container ids, each above 0.

        Raises:
            ValidationError: a documented rule is broken; nothing was sent.
            NotFoundError: no such user.
        """
        ...
    async def list_service_users(
        self,
        *,
        container_id: int | None = None,
        access_role_id: int | None = None,
        without_container: bool | None = None,
        filters: Mapping[str, str] | None = None,
        search: str | None = None,
        sort: str | None = None,
        offset: int | None = None,
        limit: int | None = None,
    ) -> UserPage:
        """GET user/api-only: one page of the account's service users (API-only users). Where
        the server has no such route, GET service-user (another version of the docs) is asked,
        and remembered.

        Args:
            container_id, access_role_id (int | None), without_container (bool | None),
            filters, search, sort, offset, limit: as for list_users.

        Returns:
            UserPage
        """
        ...
    def iter_service_users(
        self,
        *,
        container_id: int | None = None,
        access_role_id: int | None = None,
        without_container: bool | None = None,
        filters: Mapping[str, str] | None = None,
        search: str | None = None,
        sort: str | None = None,
        page_size: int = 1000,
    ) -> AsyncPageIterator[User]:
        """Every service user matching the parameters (those of list_service_users), one page of
        page_size at a time.

        Returns:
            PageIterator[User]
        """
        ...
    async def list_api_keys(
        self,
        *,
        user_id: int | None = None,
        filters: Mapping[str, str] | None = None,
        search: str | None = None,
        sort: str | None = None,
        offset: int | None = None,
        limit: int | None = None,
    ) -> ApiKeyPage:
        """GET key: one page of the account's API keys (never the keys themselves).

        Args:
            user_id (int | None): only this user's keys (above 0).
            filters (Mapping[str, str] | None), search (str | None), sort (str | None),
            offset (int | None), limit (int | None, at least 1): as for every list.

        Returns:
            ApiKeyPage
        """
        ...
    def iter_api_keys(
        self,
        *,
        user_id: int | None = None,
        filters: Mapping[str, str] | None = None,
        search: str | None = None,
        sort: str | None = None,
        page_size: int = 1000,
    ) -> AsyncPageIterator[ApiKeyDetails]:
        """Every API key matching the parameters (those of list_api_keys), one page of page_size
        at a time.

        Returns:
            PageIterator[ApiKeyDetails]
        """
        ...
    async def get_api_key(self, key_id: int) -> ApiKeyDetails:
        """GET key/{key_id}: one API key's details (never the key itself).

        Raises:
            NotFoundError: no such key.
        """
        ...
    async def update_api_key(
        self, key_id: int, *, name: str | None = None, restricted_to_role_id: int | None = None
    ) -> None:
        """PUT key/{key_id}: renames an API key or changes its restriction, and keeps what is not
        named (the API needs the name every time: when it is not given, the key is read first
        and its name sent as it is).

        Args:
            key_id (int): the key, above 0.
            name (str | None): the new name, not blank.
            restricted_to_role_id (int | None): 0 (none), 100, 101, 102 or 103.
            None leaves a setting as it is; at least one must be given.

        Raises:
            ValidationError: a documented rule is broken; nothing was sent.
            NotFoundError: no such key.
        """
        ...
    async def revoke_api_key(self, key_id: int) -> None:
        """PUT key/{key_id}/status with "revoked": the key stops authenticating (a request made
        with it raises AuthenticationError) until activate_api_key.

        Raises:
            ValidationError: key_id is not above 0; nothing was sent.
            NotFoundError: no such key.
        """
        ...
    async def activate_api_key(self, key_id: int) -> None:
        """PUT key/{key_id}/status with "active": a revoked key works again.

        Raises:
            ValidationError: key_id is not above 0; nothing was sent.
            NotFoundError: no such key.
        """
        ...
    async def delete_organization(self, organization_id: int) -> None:
        """DELETE organization/{organization_id}: deletes an organization and its domains,
        permanently (not the account's first organization).

        Retried as a read is; a 404 to a retry after an attempt that may have been carried out
        is success (a 404 to the first attempt is NotFoundError).

        Raises:
            ValidationError: organization_id is not above 0; nothing was sent.
            NotFoundError: no such organization.
        """
        ...
    async def update_organization_contacts(
        self,
        organization_id: int,
        *,
        organization_contact: ContactParams | None = None,
        technical_contact: ContactParams | None = None,
    ) -> None:
        """PUT organization/{organization_id}/contact: changes the organization contact, the
        technical contact, or both, and keeps every field not named.

        The server erases the fields a sent contact leaves out, so the organization is read
        first and each contact given is sent whole: the current contact's fields overlaid with
        the ones given. A contact not given is not sent, and stays as it is.

        Args:
            organization_id (int): the organization, above 0.
            organization_contact, technical_contact (dict | None): any of first_name,
                last_name, email, job_title, telephone, telephone_extension, language_id; at
                least one of the two must be given.

        Raises:
            ValidationError: a documented rule is broken; nothing was sent.
            NotFoundError: no such organization.
        """
        ...
    async def submit_organization_validation(
        self, organization_id: int, validations: Sequence[ValidationParams]
    ) -> None:
        """POST organization/{organization_id}/validation: submits the organization for the
        validations named. Never sent again once it may have reached the server.

        Args:
            organization_id (int): the organization, above 0.
            validations (list[dict]): at least one; each a "type" (ov, ev, cs, ev_cs, ds,
                smime) and, for ev, cs and ev_cs, "verified_users": dicts with an existing
                user's "id", or first_name, last_name, job_title, telephone and email.

        Raises:
            ValidationError: a documented rule is broken; nothing was sent.
            NotFoundError: no such organization.
        """
        ...
    async def get_organization_validations(self, organization_id: int) -> list[Validation]:
        """GET organization/{organization_id}/validation: the organization's validations (an
        empty list when it has none).

        Returns:
            list[Validation]

        Raises:
            NotFoundError: no such organization.
        """
        ...
    async def update_subaccount(
        self,
        subaccount_id: int,
        *,
        account_manager_user_id: int | None = None,
        bill_parent: bool | None = None,
        child_name: str | None = None,
    ) -> None:
        """PUT account/subaccount/{subaccount_id}: changes the settings named; the others stay
        as they are (leaving out the account manager does not remove it).

        Args:
            subaccount_id (int): the subaccount, above 0.
            account_manager_user_id (int | None): an existing user who manages it.
            bill_parent (bool | None): bill the parent account for its orders.
            child_name (str | None): a name the parent sees, at most 64 characters.
            None leaves a setting as it is; at least one must be given.

        Raises:
            ValidationError: a documented rule is broken; nothing was sent.
            NotFoundError: no such subaccount.
        """
        ...
    async def create_container(
        self, parent_id: int, name: str, *, template_id: int, description: str | None = None
    ) -> CreatedContainer:
        """POST container/{parent_id}/children: creates a division under a parent container.
        Never sent again once it may have reached the server.

        Args:
            parent_id (int): the parent container, above 0.
            name (str): the new container's name, not blank.
            template_id (int): the container template, above 0.
            description (str | None): optional.

        Returns:
            CreatedContainer: `.id` of the new container.

        Raises:
            ValidationError: a documented rule is broken; nothing was sent.
            NotFoundError: no such parent container.
        """
        ...
    async def list_child_containers(self, container_id: int) -> list[Container]:
        """GET container/{container_id}/children: the container's immediate children.

        Returns:
            list[Container]

        Raises:
            NotFoundError: no such container.
        """
        ...
    async def set_container_users(self, container_id: int, user_ids: Sequence[int]) -> None:
        """PUT container/{container_id}/user-assignments: sets the container's users to exactly
        these (the whole list is replaced; an empty list clears it).

        Args:
            container_id (int): the container, above 0.
            user_ids (list[int]): user ids, each above 0.

        Raises:
            ValidationError: a documented rule is broken; nothing was sent.
            NotFoundError: no such container.
        """
        ...
    def with_options(
        self, *, timeout: float | None = None, max_retries: int | None = None
    ) -> AsyncClient:
        """A view of this client whose calls use other settings: it shares the connections and
        the rate limiter, and is cheap to make (e.g. one per call). Settings left None keep
        this client's.

        Args:
            timeout (float | None): seconds for one attempt, connect to last byte.
            max_retries (int | None): retries after the first attempt; 0 turns them off.

        Returns:
            AsyncClient

        Raises:
            InvalidArgumentError: a value the constructor would refuse too.
        """
        ...
    async def request(self, method: str, path: str, json: Any | None = None) -> Any:
        """Any other Services API endpoint, with the same authentication, retries and errors.

        Args:
            method (str): GET, POST, PUT, PATCH, DELETE or HEAD.
            path (str): relative to the base URL, e.g. "user/me" (may carry a query).
            json (Any): sent as the JSON body.

        Returns:
            Any: the parsed response (None for an empty body).

        Raises:
            DecodeError: the answer is not JSON that json.loads can represent.
        """
        ...
    async def aclose(self) -> None:
        """Closes the client; calls still running finish in the background."""
        ...
    async def __aenter__(self) -> AsyncClient: ...
    async def __aexit__(self, *_args: object) -> None: ...
