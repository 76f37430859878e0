"""Type stubs for the native module ``certcentral._certcentral`` (checked with mypy.stubtest)."""

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, final

from .types import OrganizationContact
from .types import SubaccountOrganization as SubaccountOrganizationDict
from .types import SubaccountUser as SubaccountUserDict

__version__: str
__all__ = [
    "Client",
    "Container",
    "Emulator",
    "Invite",
    "InviteIterator",
    "InvitePage",
    "Subaccount",
    "SubaccountOrganization",
    "SubaccountUser",
    "__version__",
]

@final
class Invite:
    """One subaccount invite."""

    @property
    def id(self) -> int: ...
    @property
    def email(self) -> str | None: ...
    @property
    def subaccount_type(self) -> str | None: ...
    @property
    def invite_note(self) -> str | None: ...
    @property
    def date_created(self) -> str | None: ...
    @property
    def last_sent_date(self) -> str | None: ...
    @property
    def status(self) -> str | None: ...
    @property
    def raw(self) -> dict[str, Any]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class InvitePage:
    """One page of invites; iterable, with ``len()``."""

    @property
    def invites(self) -> list[Invite]: ...
    @property
    def total(self) -> int | None: ...
    @property
    def limit(self) -> int | None: ...
    @property
    def offset(self) -> int | None: ...
    @property
    def raw(self) -> dict[str, Any]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Invite]: ...
    def __getitem__(self, index: int, /) -> Invite: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class InviteIterator:
    """Every invite matching a query, fetched one page at a time."""

    def __iter__(self) -> InviteIterator: ...
    def __next__(self) -> Invite: ...
    @property
    def total(self) -> int | None: ...
    @property
    def fetched(self) -> int: ...

@final
class Container:
    """A container (division)."""

    @property
    def id(self) -> int: ...
    @property
    def parent_id(self) -> int | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def is_active(self) -> bool | None: ...
    @property
    def raw(self) -> dict[str, Any]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class SubaccountOrganization:
    """The organization of a new subaccount."""

    @property
    def id(self) -> int: ...
    @property
    def status(self) -> str | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def assumed_name(self) -> str | None: ...
    @property
    def display_name(self) -> str | None: ...
    @property
    def is_active(self) -> bool | None: ...
    @property
    def address(self) -> str | None: ...
    @property
    def address2(self) -> str | None: ...
    @property
    def zip(self) -> str | None: ...
    @property
    def city(self) -> str | None: ...
    @property
    def state(self) -> str | None: ...
    @property
    def country(self) -> str | None: ...
    @property
    def telephone(self) -> str | None: ...
    @property
    def container(self) -> Container | None: ...
    @property
    def raw(self) -> dict[str, Any]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class SubaccountUser:
    """The first user of a new subaccount."""

    @property
    def id(self) -> int: ...
    @property
    def username(self) -> str | None: ...
    @property
    def account_id(self) -> int | None: ...
    @property
    def first_name(self) -> str | None: ...
    @property
    def last_name(self) -> str | None: ...
    @property
    def email(self) -> str | None: ...
    @property
    def job_title(self) -> str | None: ...
    @property
    def telephone(self) -> str | None: ...
    @property
    def type(self) -> str | None: ...
    @property
    def raw(self) -> dict[str, Any]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Subaccount:
    """A new subaccount; ``api_key`` is set (once) for a managed one."""

    @property
    def id(self) -> int: ...
    @property
    def account_type(self) -> str | None: ...
    @property
    def account_manager_user_id(self) -> int | None: ...
    @property
    def bill_parent(self) -> bool | None: ...
    @property
    def organization(self) -> SubaccountOrganization | None: ...
    @property
    def user(self) -> SubaccountUser | None: ...
    @property
    def api_key(self) -> str | None: ...
    @property
    def raw(self) -> dict[str, Any]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Client:
    """A CertCentral client; thread-safe, usable as a context manager."""

    def __new__(
        cls,
        api_key: str | None = None,
        *,
        region: str = "us",
        base_url: str | None = None,
        timeout: float = 30.0,
        max_retries: int = 2,
        rate_limit: bool | None = None,
        connect_timeout: float = 10.0,
        user_agent: str | None = None,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        max_rate_limit_wait: float = 180.0,
    ) -> Client: ...
    @property
    def base_url(self) -> str: ...
    def send_invite(
        self, emails: list[str], subaccount_type: str, invite_note: str | None = None
    ) -> None: ...
    def list_invites(
        self,
        *,
        email: str | None = None,
        subaccount_type: str | None = None,
        status: str | None = None,
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
        subaccount_type: str | None = None,
        status: str | None = None,
        date_created: str | None = None,
        last_sent_date: str | None = None,
        search: str | None = None,
        sort: str | None = None,
        page_size: int = 1000,
    ) -> InviteIterator: ...
    def create_subaccount(
        self,
        account_type: str,
        allowed_grandchildren: list[str],
        user: SubaccountUserDict,
        organization: SubaccountOrganizationDict,
        *,
        account_manager_user_id: int | None = None,
        bill_parent: bool | None = None,
        child_name: str | None = None,
    ) -> Subaccount: ...
    def add_user(
        self,
        username: str,
        first_name: str,
        last_name: str,
        email: str,
        access_roles: list[int],
        *,
        job_title: str | None = None,
        telephone: str | None = None,
        container_id: int | None = None,
        container_id_assignments: list[int] | None = None,
        is_saml_sso_only: bool | None = None,
    ) -> int: ...
    def create_organization(
        self,
        name: str,
        address: str,
        city: str,
        state: str,
        zip: str,
        country: str,
        telephone: str,
        organization_contact: OrganizationContact,
        *,
        assumed_name: str | None = None,
        address2: str | None = None,
        skip_duplicate_org_check: bool | None = None,
    ) -> int: ...
    def request(self, method: str, path: str, json: Any | None = None) -> Any: ...
    def close(self) -> None: ...
    def __enter__(self) -> Client: ...
    def __exit__(self, *_args: object) -> bool: ...

@final
class Emulator:
    """An offline CertCentral on 127.0.0.1 for tests."""

    def __new__(
        cls,
        api_key: str = "emulator-api-key",
        *,
        latency: float = 0.0,
        subaccounts_enabled: bool = True,
        duplicate_organizations: str = "reuse",
        subaccount_types: list[str] | None = None,
        seed_invites: int = 0,
        rate_limit: bool = False,
        time_scale: float = 1.0,
        faults: list[Mapping[str, Any]] | None = None,
        port: int = 0,
    ) -> Emulator: ...
    @property
    def base_url(self) -> str: ...
    @property
    def api_key(self) -> str: ...
    def client(
        self,
        *,
        timeout: float = 30.0,
        max_retries: int = 2,
        rate_limit: bool | None = None,
        connect_timeout: float = 10.0,
        user_agent: str | None = None,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        max_rate_limit_wait: float = 180.0,
        api_key: str | None = None,
    ) -> Client: ...
    def stats(self) -> dict[str, Any]: ...
    def add_fault(self, **fault: Any) -> None: ...
    def clear_faults(self) -> None: ...
    def configure(
        self,
        *,
        subaccounts_enabled: bool | None = None,
        duplicate_organizations: str | None = None,
        subaccount_types: list[str] | None = None,
        latency: float | None = None,
        rate_limit: bool | None = None,
        time_scale: float | None = None,
    ) -> None: ...
    def seed_invites(self, count: int) -> None: ...
    def set_invite_status(self, invite_id: int, status: str) -> bool: ...
    def close(self) -> None: ...
    def __enter__(self) -> Emulator: ...
    def __exit__(self, *_args: object) -> bool: ...
