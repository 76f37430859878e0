"""Type stubs for the native module ``certcentral._certcentral`` (checked with mypy.stubtest)."""

from typing import Any, ClassVar, Dict, Iterator, List, Mapping, Optional, final

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
    def email(self) -> Optional[str]: ...
    @property
    def subaccount_type(self) -> Optional[str]: ...
    @property
    def invite_note(self) -> Optional[str]: ...
    @property
    def date_created(self) -> Optional[str]: ...
    @property
    def last_sent_date(self) -> Optional[str]: ...
    @property
    def status(self) -> Optional[str]: ...
    @property
    def raw(self) -> Dict[str, Any]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class InvitePage:
    """One page of invites; iterable, with ``len()``."""

    @property
    def invites(self) -> List[Invite]: ...
    @property
    def total(self) -> Optional[int]: ...
    @property
    def limit(self) -> Optional[int]: ...
    @property
    def offset(self) -> Optional[int]: ...
    @property
    def raw(self) -> Dict[str, Any]: ...
    def to_dict(self) -> Dict[str, Any]: ...
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
    def total(self) -> Optional[int]: ...
    @property
    def fetched(self) -> int: ...

@final
class Container:
    """A container (division)."""

    @property
    def id(self) -> int: ...
    @property
    def parent_id(self) -> Optional[int]: ...
    @property
    def name(self) -> Optional[str]: ...
    @property
    def is_active(self) -> Optional[bool]: ...
    @property
    def raw(self) -> Dict[str, Any]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class SubaccountOrganization:
    """The organization of a new subaccount."""

    @property
    def id(self) -> int: ...
    @property
    def status(self) -> Optional[str]: ...
    @property
    def name(self) -> Optional[str]: ...
    @property
    def assumed_name(self) -> Optional[str]: ...
    @property
    def display_name(self) -> Optional[str]: ...
    @property
    def is_active(self) -> Optional[bool]: ...
    @property
    def address(self) -> Optional[str]: ...
    @property
    def address2(self) -> Optional[str]: ...
    @property
    def zip(self) -> Optional[str]: ...
    @property
    def city(self) -> Optional[str]: ...
    @property
    def state(self) -> Optional[str]: ...
    @property
    def country(self) -> Optional[str]: ...
    @property
    def telephone(self) -> Optional[str]: ...
    @property
    def container(self) -> Optional[Container]: ...
    @property
    def raw(self) -> Dict[str, Any]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class SubaccountUser:
    """The first user of a new subaccount."""

    @property
    def id(self) -> int: ...
    @property
    def username(self) -> Optional[str]: ...
    @property
    def account_id(self) -> Optional[int]: ...
    @property
    def first_name(self) -> Optional[str]: ...
    @property
    def last_name(self) -> Optional[str]: ...
    @property
    def email(self) -> Optional[str]: ...
    @property
    def job_title(self) -> Optional[str]: ...
    @property
    def telephone(self) -> Optional[str]: ...
    @property
    def type(self) -> Optional[str]: ...
    @property
    def raw(self) -> Dict[str, Any]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Subaccount:
    """A new subaccount; ``api_key`` is set (once) for a managed one."""

    @property
    def id(self) -> int: ...
    @property
    def account_type(self) -> Optional[str]: ...
    @property
    def account_manager_user_id(self) -> Optional[int]: ...
    @property
    def bill_parent(self) -> Optional[bool]: ...
    @property
    def organization(self) -> Optional[SubaccountOrganization]: ...
    @property
    def user(self) -> Optional[SubaccountUser]: ...
    @property
    def api_key(self) -> Optional[str]: ...
    @property
    def raw(self) -> Dict[str, Any]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Client:
    """A CertCentral client; thread-safe, usable as a context manager."""

    def __new__(
        cls,
        api_key: Optional[str] = None,
        *,
        region: str = "us",
        base_url: Optional[str] = None,
        timeout: float = 30.0,
        max_retries: int = 2,
        rate_limit: Optional[bool] = None,
        connect_timeout: float = 10.0,
        user_agent: Optional[str] = None,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        max_rate_limit_wait: float = 180.0,
    ) -> Client: ...
    @property
    def base_url(self) -> str: ...
    def send_invite(
        self, emails: List[str], subaccount_type: str, invite_note: Optional[str] = None
    ) -> None: ...
    def list_invites(
        self,
        *,
        email: Optional[str] = None,
        subaccount_type: Optional[str] = None,
        status: Optional[str] = None,
        date_created: Optional[str] = None,
        last_sent_date: Optional[str] = None,
        search: Optional[str] = None,
        sort: Optional[str] = None,
        offset: Optional[int] = None,
        limit: Optional[int] = None,
    ) -> InvitePage: ...
    def iter_invites(
        self,
        *,
        email: Optional[str] = None,
        subaccount_type: Optional[str] = None,
        status: Optional[str] = None,
        date_created: Optional[str] = None,
        last_sent_date: Optional[str] = None,
        search: Optional[str] = None,
        sort: Optional[str] = None,
        page_size: int = 1000,
    ) -> InviteIterator: ...
    def create_subaccount(
        self,
        account_type: str,
        allowed_grandchildren: List[str],
        user: SubaccountUserDict,
        organization: SubaccountOrganizationDict,
        *,
        account_manager_user_id: Optional[int] = None,
        bill_parent: Optional[bool] = None,
        child_name: Optional[str] = None,
    ) -> Subaccount: ...
    def add_user(
        self,
        username: str,
        first_name: str,
        last_name: str,
        email: str,
        access_roles: List[int],
        *,
        job_title: Optional[str] = None,
        telephone: Optional[str] = None,
        container_id: Optional[int] = None,
        container_id_assignments: Optional[List[int]] = None,
        is_saml_sso_only: Optional[bool] = None,
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
        assumed_name: Optional[str] = None,
        address2: Optional[str] = None,
        skip_duplicate_org_check: Optional[bool] = None,
    ) -> int: ...
    def request(self, method: str, path: str, json: Optional[Any] = None) -> Any: ...
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
        subaccount_types: Optional[List[str]] = None,
        seed_invites: int = 0,
        rate_limit: bool = False,
        time_scale: float = 1.0,
        faults: Optional[List[Mapping[str, Any]]] = None,
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
        rate_limit: Optional[bool] = None,
        connect_timeout: float = 10.0,
        user_agent: Optional[str] = None,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        max_rate_limit_wait: float = 180.0,
        api_key: Optional[str] = None,
    ) -> Client: ...
    def stats(self) -> Dict[str, Any]: ...
    def add_fault(self, **fault: Any) -> None: ...
    def clear_faults(self) -> None: ...
    def configure(
        self,
        *,
        subaccounts_enabled: Optional[bool] = None,
        duplicate_organizations: Optional[str] = None,
        subaccount_types: Optional[List[str]] = None,
        latency: Optional[float] = None,
        rate_limit: Optional[bool] = None,
        time_scale: Optional[float] = None,
    ) -> None: ...
    def seed_invites(self, count: int) -> None: ...
    def set_invite_status(self, invite_id: int, status: str) -> bool: ...
    def close(self) -> None: ...
    def __enter__(self) -> Emulator: ...
    def __exit__(self, *_args: object) -> bool: ...
