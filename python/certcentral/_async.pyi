"""Stubs for ``certcentral._async`` (checked with mypy.stubtest): ``AsyncClient`` has every
``Client`` method, each awaitable; ``iter_*`` return async iterators."""

import os
from collections.abc import Mapping, Sequence
from typing import Any, Generic, Literal, TypeAlias, TypeVar, final

from ._certcentral import (
    ApiKey,
    Container,
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
)
from .types import OrganizationContact
from .types import SubaccountOrganization as SubaccountOrganizationDict
from .types import SubaccountUser as SubaccountUserDict

__all__ = ["AsyncClient", "AsyncPageIterator"]

_T = TypeVar("_T")
_Region: TypeAlias = Literal["us", "eu", "US", "EU"]
_InviteStatus: TypeAlias = Literal["pending", "accepted", "expired", "cancelled", "canceled"]
_AccountType: TypeAlias = Literal["retail", "enterprise", "reseller", "managed", "standard"] | str
_ApiKeyRoleId: TypeAlias = Literal[0, 100, 101, 102, 103]

@final
class AsyncPageIterator(Generic[_T]):
    """An async iterator over every record of a list (``async for``), a page at a time;
    ``total`` and ``fetched`` report progress."""

    def __init__(self, client: AsyncClient, pages: PageIterator[_T]) -> None: ...
    def __aiter__(self) -> AsyncPageIterator[_T]: ...
    async def __anext__(self) -> _T: ...
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
        rate_limit: bool | None = None,
        connect_timeout: float = 10.0,
        user_agent: str | None = None,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        max_rate_limit_wait: float = 180.0,
        max_retry_after: float = 60.0,
        ca_bundle: str | os.PathLike[str] | None = None,
        proxy: str | Literal[False] | None = None,
        max_concurrency: int = 64,
    ) -> None: ...
    @property
    def base_url(self) -> str: ...
    async def send_invite(
        self,
        emails: Sequence[str],
        subaccount_type: _AccountType,
        invite_note: str | None = None,
    ) -> None: ...
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
    ) -> InvitePage: ...
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
    ) -> AsyncPageIterator[Invite]: ...
    async def create_subaccount(
        self,
        account_type: _AccountType,
        *,
        allowed_grandchildren: Sequence[str],
        user: SubaccountUserDict,
        organization: SubaccountOrganizationDict,
        account_manager_user_id: int | None = None,
        bill_parent: bool | None = None,
        child_name: str | None = None,
    ) -> Subaccount: ...
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
    ) -> CreatedUser: ...
    async def add_service_user(
        self,
        email: str,
        api_name: str,
        *,
        restricted_to_role_id: _ApiKeyRoleId | None = None,
        container_id_assignments: Sequence[int] | None = None,
    ) -> ServiceUser: ...
    async def create_api_key(
        self, user_id: int, name: str, *, restricted_to_role_id: _ApiKeyRoleId | None = None
    ) -> ApiKey: ...
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
        organization_contact: OrganizationContact,
        assumed_name: str | None = None,
        address2: str | None = None,
        skip_duplicate_org_check: bool | None = None,
    ) -> CreatedOrganization: ...
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
    ) -> UserPage: ...
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
    ) -> AsyncPageIterator[User]: ...
    async def get_user(self, user_id: int) -> User: ...
    async def current_user(self) -> User: ...
    async def list_organizations(
        self,
        *,
        include_validation: bool | None = None,
        filters: Mapping[str, str] | None = None,
        search: str | None = None,
        sort: str | None = None,
        offset: int | None = None,
        limit: int | None = None,
    ) -> OrganizationPage: ...
    def iter_organizations(
        self,
        *,
        include_validation: bool | None = None,
        filters: Mapping[str, str] | None = None,
        search: str | None = None,
        sort: str | None = None,
        page_size: int = 1000,
    ) -> AsyncPageIterator[Organization]: ...
    async def get_organization(self, organization_id: int) -> Organization: ...
    async def list_subaccounts(
        self,
        *,
        filters: Mapping[str, str] | None = None,
        search: str | None = None,
        sort: str | None = None,
        offset: int | None = None,
        limit: int | None = None,
    ) -> SubaccountPage: ...
    def iter_subaccounts(
        self,
        *,
        filters: Mapping[str, str] | None = None,
        search: str | None = None,
        sort: str | None = None,
        page_size: int = 1000,
    ) -> AsyncPageIterator[SubaccountSummary]: ...
    async def get_subaccount(self, subaccount_id: int) -> SubaccountDetails: ...
    async def list_containers(self) -> list[Container]: ...
    async def get_container(self, container_id: int) -> Container: ...
    async def list_access_roles(self, container_id: int) -> list[Role]: ...
    async def list_api_key_roles(self) -> list[Role]: ...
    async def request(self, method: str, path: str, json: Any | None = None) -> Any: ...
    async def aclose(self) -> None: ...
    async def __aenter__(self) -> AsyncClient: ...
    async def __aexit__(self, *_args: object) -> None: ...
