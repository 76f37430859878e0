"""Type stubs for the native module ``certcentral._certcentral`` (checked with mypy.stubtest;
the docstrings are the runtime's, checked by tests/python/test_stubs.py)."""

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, ClassVar, Generic, Literal, TypeAlias, TypeVar, final

from .types import (
    ContactParams,
    OrganizationContactParams,
    SubaccountOrganizationParams,
    SubaccountUserParams,
    ValidationParams,
)

__version__: str
__all__ = [
    "ApiKey",
    "ApiKeyDetails",
    "ApiKeyOwner",
    "ApiKeyPage",
    "Client",
    "Contact",
    "Container",
    "CreatedContainer",
    "CreatedOrganization",
    "CreatedUser",
    "Emulator",
    "Invite",
    "InvitePage",
    "MasterUser",
    "Organization",
    "OrganizationAssignment",
    "OrganizationPage",
    "PageIterator",
    "Role",
    "ServiceUser",
    "Subaccount",
    "SubaccountDetails",
    "SubaccountPage",
    "SubaccountSummary",
    "User",
    "UserPage",
    "Validation",
    "_BulkPlan",
    "_CancelToken",
    "__version__",
    "_bulk_plan",
    "_bulk_plan_csv",
    "_bulk_resume",
    "_bulk_run",
    "_bulk_status",
    "_cli_main",
    "_restore",
    "_run_cancellable",
    "_state_apply",
    "_state_plan",
]

_T = TypeVar("_T")
# Closed sets, for editors (private: they exist only in the stubs).
_Region: TypeAlias = Literal["us", "eu", "US", "EU"]
_InviteStatus: TypeAlias = Literal["pending", "accepted", "expired", "cancelled", "canceled"]
# Subaccount types seen in the docs; the allowed ones depend on the account, so any str too.
_AccountType: TypeAlias = Literal["retail", "enterprise", "reseller", "managed", "standard"] | str
# A window of the client-side rate limiter: (max_requests, period_seconds).
_RateWindow: TypeAlias = tuple[int, float]

class _Record:
    @property
    def raw(self) -> dict[str, Any]: ...
    def to_dict(self) -> dict[str, Any]:
        """The typed fields as plain dicts and lists (a one-time key included)."""
        ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __reduce__(self) -> tuple[Any, tuple[str, str]]: ...

@final
class Invite(_Record):
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

@final
class OrganizationAssignment(_Record):
    """An organization assigned to a container."""
    @property
    def id(self) -> int: ...
    @property
    def status(self) -> str | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def display_name(self) -> str | None: ...
    @property
    def is_active(self) -> bool | None: ...

@final
class Container(_Record):
    """A container (division). Nested in other results it carries only some fields."""
    @property
    def id(self) -> int: ...
    @property
    def public_id(self) -> str | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def description(self) -> str | None: ...
    @property
    def parent_id(self) -> int | None: ...
    @property
    def template_id(self) -> int | None: ...
    @property
    def ekey(self) -> str | None: ...
    @property
    def has_logo(self) -> bool | None: ...
    @property
    def is_active(self) -> bool | None: ...
    @property
    def allowed_domain_names(self) -> list[str]: ...
    @property
    def user_id_assignments(self) -> list[int]: ...
    @property
    def organization_assignments(self) -> list[OrganizationAssignment]: ...

@final
class Role(_Record):
    """A role: an access role (1 Administrator ... 5 Standard user) or an API key role."""
    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str | None: ...

@final
class User(_Record):
    """A user of the account, or the first user of a new subaccount."""
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
    def status(self) -> str | None: ...
    @property
    def last_login_date(self) -> str | None: ...
    @property
    def container(self) -> Container | None: ...
    @property
    def access_roles(self) -> list[Role]: ...
    @property
    def is_saml_sso_only(self) -> bool | None: ...
    @property
    def type(self) -> str | None: ...
    @property
    def has_container_assignments(self) -> bool | None: ...

@final
class Contact(_Record):
    """An organization's contact."""
    @property
    def id(self) -> int | None: ...
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
    def telephone_extension(self) -> str | None: ...

@final
class Validation(_Record):
    """One validation of an organization."""
    @property
    def type(self) -> str | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def description(self) -> str | None: ...
    @property
    def date_created(self) -> str | None: ...
    @property
    def validated_until(self) -> str | None: ...
    @property
    def status(self) -> str | None: ...

@final
class Organization(_Record):
    """An organization (also the one of a new subaccount)."""
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
    def organization_contact(self) -> Contact | None: ...
    @property
    def container_id_assignments(self) -> list[int]: ...
    @property
    def validations(self) -> list[Validation]: ...

@final
class Subaccount(_Record):
    """A new subaccount. For a managed subaccount, `api_key` holds its API key: shown this
    one time only, never in `repr()`, and left out when the result is pickled.
    """
    @property
    def id(self) -> int: ...
    @property
    def account_type(self) -> str | None: ...
    @property
    def account_manager_user_id(self) -> int | None: ...
    @property
    def bill_parent(self) -> bool | None: ...
    @property
    def organization(self) -> Organization | None: ...
    @property
    def user(self) -> User | None: ...
    @property
    def api_key(self) -> str | None: ...

@final
class SubaccountSummary(_Record):
    """One subaccount in a list."""
    @property
    def id(self) -> int: ...
    @property
    def account_type(self) -> str | None: ...
    @property
    def organization_name(self) -> str | None: ...
    @property
    def date_created(self) -> str | None: ...
    @property
    def account_manager(self) -> str | None: ...

@final
class MasterUser(_Record):
    """The first user of a subaccount, in its details."""
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
    def i18n_language_id(self) -> int | None: ...
    @property
    def container_id(self) -> int | None: ...

@final
class SubaccountDetails(_Record):
    """A subaccount's details."""
    @property
    def id(self) -> int: ...
    @property
    def account_type(self) -> str | None: ...
    @property
    def organization_name(self) -> str | None: ...
    @property
    def child_name(self) -> str | None: ...
    @property
    def date_created(self) -> str | None: ...
    @property
    def parent_account_id(self) -> int | None: ...
    @property
    def billing_account_name(self) -> str | None: ...
    @property
    def billing_account_id(self) -> int | None: ...
    @property
    def account_manager(self) -> str | None: ...
    @property
    def bill_parent(self) -> bool | None: ...
    @property
    def enforce_bill_parent(self) -> bool | None: ...
    @property
    def master_user(self) -> MasterUser | None: ...
    @property
    def organization(self) -> Organization | None: ...

@final
class CreatedUser(_Record):
    """The answer to add_user: the new user's id."""
    @property
    def id(self) -> int: ...

@final
class CreatedOrganization(_Record):
    """The answer to create_organization: the organization's id (an existing one when the
    duplicate check matched).
    """
    @property
    def id(self) -> int: ...

@final
class ServiceUser(_Record):
    """A new service user and its first API key: shown this one time only, never in
    `repr()`, and left out when the result is pickled.
    """
    @property
    def id(self) -> int: ...
    @property
    def api_key(self) -> str | None: ...

@final
class ApiKey(_Record):
    """A new API key: shown this one time only, never in `repr()`, and left out when the
    result is pickled.
    """
    @property
    def id(self) -> int: ...
    @property
    def api_key(self) -> str | None: ...

@final
class ApiKeyOwner(_Record):
    """The user an API key belongs to."""
    @property
    def id(self) -> int: ...
    @property
    def first_name(self) -> str | None: ...
    @property
    def last_name(self) -> str | None: ...

@final
class ApiKeyDetails(_Record):
    """An API key as list_api_keys and get_api_key show it: never the key itself."""
    @property
    def id(self) -> int: ...
    @property
    def user(self) -> ApiKeyOwner | None: ...
    @property
    def status(self) -> str | None: ...
    @property
    def create_date(self) -> str | None: ...
    @property
    def last_used_date(self) -> str | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def is_legacy(self) -> bool | None: ...
    @property
    def restricted_to_role_id(self) -> int | None: ...

@final
class CreatedContainer(_Record):
    """The answer to create_container: the new container's id."""
    @property
    def id(self) -> int: ...

class _Page(Generic[_T]):
    @property
    def items(self) -> list[_T]: ...
    @property
    def total(self) -> int | None: ...
    @property
    def limit(self) -> int | None: ...
    @property
    def offset(self) -> int | None: ...
    @property
    def raw(self) -> dict[str, Any]: ...
    def to_dict(self) -> dict[str, Any]:
        """The typed fields, in the list response's shape."""
        ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[_T]: ...
    def __getitem__(self, index: int, /) -> _T: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __reduce__(self) -> tuple[Any, tuple[str, str]]: ...

@final
class InvitePage(_Page[Invite]):
    """One page of invites; iterable, with len()."""
    @property
    def invites(self) -> list[Invite]: ...

@final
class UserPage(_Page[User]):
    """One page of users; iterable, with len()."""
    @property
    def users(self) -> list[User]: ...

@final
class OrganizationPage(_Page[Organization]):
    """One page of organizations; iterable, with len()."""
    @property
    def organizations(self) -> list[Organization]: ...

@final
class SubaccountPage(_Page[SubaccountSummary]):
    """One page of subaccounts; iterable, with len()."""
    @property
    def subaccounts(self) -> list[SubaccountSummary]: ...

@final
class ApiKeyPage(_Page[ApiKeyDetails]):
    """One page of API keys; iterable, with len()."""
    @property
    def api_keys(self) -> list[ApiKeyDetails]: ...

@final
class PageIterator(Generic[_T]):
    """Iterates over every record of a list, one page in memory at a time. `total` (once the first
    page has arrived) and `fetched` report progress. Safe to share between threads: each record
    is handed out once.
    """
    def __iter__(self) -> PageIterator[_T]: ...
    def __next__(self) -> _T: ...
    def prefetch(self, pages: int) -> PageIterator[_T]:
        """Fetches up to `pages` pages ahead of the one being read, once the first page has told
        how many records there are (default 8; 0 fetches one page at a time). Returns the
        iterator, so it chains: `client.iter_users().prefetch(8)`.
        """
    @property
    def total(self) -> int | None: ...
    @property
    def fetched(self) -> int: ...

@final
class Client:
    """A CertCentral client for DigiCert's Services API v2. Thread-safe; a context manager.

    Client(api_key=None, *, region="us", base_url=None, timeout=30.0, max_retries=2,
           rate_limit=None, connect_timeout=10.0, user_agent=None, backoff=0.5,
           max_backoff=8.0, max_rate_limit_wait=180.0, max_retry_after=60.0,
           ca_bundle=None, proxy=None, max_response_bytes=16777216)

    Args:
        api_key (str | None): the API key; None reads DIGICERT_API_KEY.
        region (str): "us" or "eu"; ignored when a base URL is given.
        base_url (str | None): another base URL, e.g. an emulator's (plain http:// only for a
            loopback host); None reads CERTCENTRAL_BASE_URL, and takes the region's URL only
            when that is unset too. repr() shows the URL in use.
        timeout (float): seconds for one attempt, connect to last byte.
        max_retries (int): retries after the first attempt; 0 turns them off. GET is retried on
            429, 5xx, timeouts and connection failures; a creation only when it provably never
            left (or met 429), except create_organization under the duplicate check.
        rate_limit (bool | list[tuple[int, float]] | None): None keeps the client under the
            documented limits for the region URLs only; True always; False never; a list of
            (max_requests, period_seconds) windows sets its own limits, e.g. [(1000, 300)] for
            the older 1000 per 5 minutes.
        connect_timeout (float): seconds to connect.
        user_agent (str | None): appended to the User-Agent.
        backoff, max_backoff (float): the first wait between attempts, doubling (with jitter)
            up to max_backoff.
        max_rate_limit_wait (float): the longest the client-side limiter may wait before
            raising RateLimitError.
        max_retry_after (float): the longest Retry-After honoured; a longer one ends the call.
        ca_bundle (str | os.PathLike | None): a PEM file of certificate authorities to trust
            besides the system's (e.g. a company proxy's CA). Verification cannot be turned off.
        proxy (str | None | False): a proxy URL, http://[user:password@]host:port (also
            https://, socks5://, socks5h://); None takes HTTPS_PROXY/ALL_PROXY minus NO_PROXY
            from the environment (never for a loopback host); False uses none. A plain http://
            base URL refuses a proxy that is not on this machine (the key would travel in clear).
        max_response_bytes (int): the cap on a response body (16 MiB); a larger answer fails.

    Raises:
        InvalidArgumentError: a bad value (e.g. no key, a plain http:// remote URL, an
            unreadable ca_bundle).
    """
    def __new__(
        cls,
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
    ) -> Client: ...
    @property
    def base_url(self) -> str: ...
    def send_invite(
        self,
        emails: Sequence[str],
        subaccount_type: _AccountType,
        invite_note: str | None = None,
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
    def list_invites(
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
    ) -> PageIterator[Invite]:
        """Every invite matching the filters (those of list_invites), fetched lazily one page of
        page_size (1 to 1000) at a time.

        Returns:
            PageIterator[Invite]: with `total` and `fetched` for progress.
        """
        ...
    def create_subaccount(
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
    def add_user(
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
    def add_service_user(
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
    def create_api_key(
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
    def create_organization(
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
    def list_users(
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
    ) -> PageIterator[User]:
        """Every user matching the parameters (those of list_users), one page of page_size at a
        time.

        Returns:
            PageIterator[User]
        """
        ...
    def get_user(self, user_id: int) -> User:
        """GET user/{user_id}: one user's details.

        Raises:
            NotFoundError: no such user.
        """
        ...
    def current_user(self) -> User:
        """GET user/me: the user the API key belongs to."""
        ...
    def list_organizations(
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
    ) -> PageIterator[Organization]:
        """Every organization matching the parameters (those of list_organizations).

        Returns:
            PageIterator[Organization]
        """
        ...
    def get_organization(self, organization_id: int) -> Organization:
        """GET organization/{organization_id}: one organization's details.

        Raises:
            NotFoundError: no such organization.
        """
        ...
    def list_subaccounts(
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
    ) -> PageIterator[SubaccountSummary]:
        """Every subaccount matching the parameters (those of list_subaccounts).

        Returns:
            PageIterator[SubaccountSummary]
        """
        ...
    def get_subaccount(self, subaccount_id: int) -> SubaccountDetails:
        """GET account/subaccount/{subaccount_id}: one subaccount's details.

        Raises:
            NotFoundError: no such subaccount.
        """
        ...
    def list_containers(self) -> list[Container]:
        """GET container: the account's containers (divisions).

        Returns:
            list[Container]
        """
        ...
    def get_container(self, container_id: int) -> Container:
        """GET container/{container_id}: one container's details.

        Raises:
            NotFoundError: no such container.
        """
        ...
    def list_access_roles(self, container_id: int) -> list[Role]:
        """GET container/{container_id}/role: the access roles a container's users can have (the
        ids add_user takes).

        Returns:
            list[Role]
        """
        ...
    def list_api_key_roles(self) -> list[Role]:
        """GET key/api-roles: the roles an API key can be restricted to.

        Returns:
            list[Role]
        """
        ...
    def update_user(
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
    def delete_user(self, user_id: int) -> None:
        """DELETE user/{user_id}: deletes a user, permanently (not the API key's own user).

        Retried as a read is; a 404 to a retry after an attempt that may have been carried out
        is success (a 404 to the first attempt is NotFoundError).

        Raises:
            ValidationError: user_id is not above 0; nothing was sent.
            NotFoundError: no such user.
        """
        ...
    def set_user_roles(self, user_id: int, access_roles: Sequence[int]) -> None:
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
    def set_user_containers(self, user_id: int, container_ids: Sequence[int]) -> None:
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
    def list_service_users(
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
    ) -> PageIterator[User]:
        """Every service user matching the parameters (those of list_service_users), one page of
        page_size at a time.

        Returns:
            PageIterator[User]
        """
        ...
    def list_api_keys(
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
    ) -> PageIterator[ApiKeyDetails]:
        """Every API key matching the parameters (those of list_api_keys), one page of page_size
        at a time.

        Returns:
            PageIterator[ApiKeyDetails]
        """
        ...
    def get_api_key(self, key_id: int) -> ApiKeyDetails:
        """GET key/{key_id}: one API key's details (never the key itself).

        Raises:
            NotFoundError: no such key.
        """
        ...
    def update_api_key(
        self,
        key_id: int,
        *,
        name: str | None = None,
        restricted_to_role_id: int | None = None,
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
    def revoke_api_key(self, key_id: int) -> None:
        """PUT key/{key_id}/status with "revoked": the key stops authenticating (a request made
        with it raises AuthenticationError) until activate_api_key.

        Raises:
            ValidationError: key_id is not above 0; nothing was sent.
            NotFoundError: no such key.
        """
        ...
    def activate_api_key(self, key_id: int) -> None:
        """PUT key/{key_id}/status with "active": a revoked key works again.

        Raises:
            ValidationError: key_id is not above 0; nothing was sent.
            NotFoundError: no such key.
        """
        ...
    def delete_organization(self, organization_id: int) -> None:
        """DELETE organization/{organization_id}: deletes an organization and its domains,
        permanently (not the account's first organization).

        Retried as a read is; a 404 to a retry after an attempt that may have been carried out
        is success (a 404 to the first attempt is NotFoundError).

        Raises:
            ValidationError: organization_id is not above 0; nothing was sent.
            NotFoundError: no such organization.
        """
        ...
    def update_organization_contacts(
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
    def submit_organization_validation(
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
    def get_organization_validations(self, organization_id: int) -> list[Validation]:
        """GET organization/{organization_id}/validation: the organization's validations (an
        empty list when it has none).

        Returns:
            list[Validation]

        Raises:
            NotFoundError: no such organization.
        """
        ...
    def update_subaccount(
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
    def create_container(
        self,
        parent_id: int,
        name: str,
        *,
        template_id: int,
        description: str | None = None,
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
    def list_child_containers(self, container_id: int) -> list[Container]:
        """GET container/{container_id}/children: the container's immediate children.

        Returns:
            list[Container]

        Raises:
            NotFoundError: no such container.
        """
        ...
    def set_container_users(self, container_id: int, user_ids: Sequence[int]) -> None:
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
    ) -> Client:
        """A view of this client whose calls use other settings: it shares the connections and
        the rate limiter, and is cheap to make (e.g. one per call). Settings left None keep
        this client's.

        Args:
            timeout (float | None): seconds for one attempt, connect to last byte.
            max_retries (int | None): retries after the first attempt; 0 turns them off.

        Returns:
            Client

        Raises:
            InvalidArgumentError: a value the constructor would refuse too.
        """
        ...
    def request(self, method: str, path: str, json: Any | None = None) -> Any:
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
    def close(self) -> None:
        """Closes the client: its connections are released and further calls raise
        InvalidArgumentError. (An iterator already started keeps its connection until dropped.)
        """
        ...
    def __enter__(self) -> Client: ...
    def __exit__(self, *_args: object) -> None: ...

@final
class Emulator:
    """An offline CertCentral on 127.0.0.1 for tests: every endpoint the Client calls, stateful,
    with the documented rules, the real server's recorded answers, and scriptable faults.

    Emulator(api_key="emulator-api-key", *, latency=0.0, subaccounts_enabled=True,
             duplicate_organizations="reuse", subaccount_types=None, seed_invites=0,
             rate_limit=False, time_scale=1.0, faults=None, port=0, tls=False,
             tls_names=None, tls_expired=False, documented_empty_lists=False,
             close_connections=False)

    It answers the way recordings of the real server show (a list that matches nothing is the
    page object alone, with no array; a wrong key is 403 access_denied_invalid_key);
    documented_empty_lists=True answers an empty list with the docs' [] instead.
    close_connections=True closes the connection after every answer, as the recorded server does.

    With tls=True it serves HTTPS with a throw-away CA whose certificate is at ca_path (its
    client() trusts it); tls_names (default localhost, 127.0.0.1, ::1) and tls_expired shape
    the server certificate, to test a client's errors.

    Use it as a context manager, or call close().
    """
    def __new__(
        cls,
        api_key: str = "emulator-api-key",
        *,
        latency: float = 0.0,
        subaccounts_enabled: bool = True,
        duplicate_organizations: Literal["reuse", "reject"] = "reuse",
        subaccount_types: list[str] | None = None,
        seed_invites: int = 0,
        rate_limit: bool = False,
        time_scale: float = 1.0,
        faults: list[Mapping[str, Any]] | None = None,
        port: int = 0,
        tls: bool = False,
        tls_names: list[str] | None = None,
        tls_expired: bool = False,
        documented_empty_lists: bool = False,
        close_connections: bool = False,
    ) -> Emulator: ...
    @property
    def base_url(self) -> str: ...
    @property
    def api_key(self) -> str: ...
    @property
    def ca_path(self) -> str | None:
        """The path of the CA certificate (PEM) to trust over HTTPS (tls=True), or None."""
        ...
    def client(
        self,
        *,
        timeout: float = 30.0,
        max_retries: int = 2,
        rate_limit: bool | Sequence[_RateWindow] | None = None,
        connect_timeout: float = 10.0,
        user_agent: str | None = None,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        max_rate_limit_wait: float = 180.0,
        max_retry_after: float = 60.0,
        api_key: str | None = None,
        ca_bundle: str | os.PathLike[str] | None = None,
        proxy: str | Literal[False] | None = None,
        max_response_bytes: int = 16777216,
    ) -> Client:
        """A Client for this emulator. Keywords are those of Client; `api_key` defaults to the
        emulator's, and `ca_bundle` to ca_path. The client-side limiter (on when the emulator
        enforces limits, or with rate_limit=True) runs on the emulator's time_scale.
        """
        ...
    def stats(self) -> dict[str, Any]:
        """What was created so far, requests per route, faults hit and requests rate-limited."""
        ...
    def add_fault(self, **fault: Any) -> None:
        """Installs a fault, e.g. add_fault(route="POST account", kind="reset_after", times=1).
        Kinds: respond (status, body, content_type, retry_after), delay (ms), hold (ms: the
        answer waits for release() or ms milliseconds), malformed (keep), truncated (keep),
        corrupt_field (field, value), reset_before, reset_after. `route` is "METHOD path" or "*";
        `times` limits how often it hits; `every` hits every n-th request.
        """
        ...
    def replay(self, route: str, body: str, *, status: int = 200) -> None:
        """Answers every request to `route` ("METHOD path", e.g. "GET user") with `status` and
        exactly `body` until clear_faults(): how a test serves a recorded answer of the real
        server, byte for byte. Nothing is handled or created.
        """
        ...
    def release(self) -> None:
        """Releases every answer a "hold" fault is holding (see add_fault)."""
        ...
    def clear_faults(self) -> None:
        """Removes every fault."""
        ...
    def configure(
        self,
        *,
        subaccounts_enabled: bool | None = None,
        duplicate_organizations: Literal["reuse", "reject"] | None = None,
        subaccount_types: list[str] | None = None,
        latency: float | None = None,
        rate_limit: bool | None = None,
        time_scale: float | None = None,
        documented_empty_lists: bool | None = None,
        service_users_path: Literal["user/api-only", "service-user"] | None = None,
    ) -> None:
        """Changes behaviour while running: subaccounts_enabled, duplicate_organizations,
        subaccount_types, latency (seconds), rate_limit, time_scale, documented_empty_lists,
        service_users_path ("user/api-only", the default, or "service-user": the path that lists
        service users; the other answers 404 not_found|route).
        """
        ...
    def seed_invites(self, count: int) -> None:
        """Adds `count` invites with varied emails, types, statuses and dates."""
        ...
    def set_invite_status(self, invite_id: int, status: str) -> bool:
        """Sets an invite's status (e.g. "accepted"); False if no invite has this id."""
        ...
    def close(self) -> None:
        """Stops the emulator. Idempotent."""
        ...
    def __enter__(self) -> Emulator: ...
    def __exit__(self, *_args: object) -> None: ...

@final
class _CancelToken:
    def cancel(self) -> None: ...
    @property
    def cancelled(self) -> bool: ...

def _run_cancellable(token: _CancelToken, call: Any, *args: Any, **kwargs: Any) -> Any: ...
def _restore(kind: str, raw: str) -> Any: ...

# The native half of certcentral.bulk (typed there) and of the console script.
_Problems: TypeAlias = list[tuple[int | None, int | None, str | None, str]]
_Callback: TypeAlias = Callable[[dict[str, Any]], object] | None

@final
class _BulkPlan:
    def keys(self) -> list[str]: ...
    def __len__(self) -> int: ...

def _bulk_plan(rows: Any) -> tuple[_BulkPlan | None, _Problems]: ...
def _bulk_plan_csv(path: str) -> tuple[_BulkPlan | None, _Problems]: ...
def _bulk_run(
    client: Client,
    plan: _BulkPlan,
    journal: str,
    keys_file: str | None,
    workers: int,
    max_attempts: int,
    progress: _Callback,
    on_key: _Callback,
) -> dict[str, Any]: ...
def _bulk_resume(
    client: Client,
    journal: str,
    workers: int,
    max_attempts: int,
    retry_failed: bool,
    progress: _Callback,
    on_key: _Callback,
) -> dict[str, Any]: ...
def _bulk_status(journal: str) -> dict[str, Any]: ...
def _cli_main(argv: list[str]) -> int: ...
def _state_plan(client: Client, path: str, prune: bool, targets: list[str] | None) -> str: ...
def _state_apply(
    client: Client,
    path: str | None,
    saved: str | None,
    journal: str,
    workers: int,
    max_attempts: int,
    progress: _Callback,
) -> dict[str, Any]: ...
