"""certcentral: a client for DigiCert CertCentral Services API v2 account management.

Subaccount invites, subaccounts, users, service users and API keys, organizations and
containers, with typed results, one exception
class per failure, retries that never duplicate a creation, and a client-side rate limiter.
``certcentral.testing`` runs an offline emulator to test against.

    import certcentral

    with certcentral.Client() as client:          # the key comes from DIGICERT_API_KEY
        client.send_invite(["ops@example.com"], "retail")
        for invite in client.iter_invites(status="pending"):
            print(invite.id, invite.email)
"""

from typing import TYPE_CHECKING, Any

from ._certcentral import (
    ApiKey,
    ApiKeyDetails,
    ApiKeyOwner,
    ApiKeyPage,
    Client,
    Contact,
    Container,
    CreatedContainer,
    CreatedOrganization,
    CreatedUser,
    Invite,
    InvitePage,
    MasterUser,
    Organization,
    OrganizationAssignment,
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
    __version__,
)
from ._exceptions import (
    ApiError,
    ArgumentTypeError,
    AuthenticationError,
    BadRequestError,
    CertCentralError,
    ConflictError,
    DecodeError,
    InternalError,
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestTimeout,
    ServerError,
    TLSError,
    TransportError,
    ValidationError,
)

__all__ = [
    "ApiError",
    "ApiKey",
    "ApiKeyDetails",
    "ApiKeyOwner",
    "ApiKeyPage",
    "ArgumentTypeError",
    "AsyncClient",
    "AuthenticationError",
    "BadRequestError",
    "CertCentralError",
    "Client",
    "ConflictError",
    "Contact",
    "Container",
    "CreatedContainer",
    "CreatedOrganization",
    "CreatedUser",
    "DecodeError",
    "InternalError",
    "InvalidArgumentError",
    "Invite",
    "InvitePage",
    "MasterUser",
    "NotFoundError",
    "Organization",
    "OrganizationAssignment",
    "OrganizationPage",
    "PageIterator",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestTimeout",
    "Role",
    "ServerError",
    "ServiceUser",
    "Subaccount",
    "SubaccountDetails",
    "SubaccountPage",
    "SubaccountSummary",
    "TLSError",
    "TransportError",
    "User",
    "UserPage",
    "Validation",
    "ValidationError",
    "__version__",
]


if TYPE_CHECKING:
    from ._async import AsyncClient


def _log_from_environment() -> None:
    """``CERTCENTRAL_LOG=debug`` (or info, warning, error) sends the ``certcentral`` logger's
    records to stderr at that level, unless the program configured that logger itself: like
    ``OPENAI_LOG``, a switch for a script that sets up no logging. Records carry method, path,
    status and attempt; never a key, a query string or a body."""
    import os

    level = os.environ.get("CERTCENTRAL_LOG", "").strip().upper()
    if not level:
        return
    import logging

    number = logging.getLevelName("WARNING" if level == "WARN" else level)
    logger = logging.getLogger("certcentral")
    if not isinstance(number, int) or logger.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("certcentral %(levelname)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(number)


_log_from_environment()


def __getattr__(name: str) -> Any:
    # AsyncClient needs asyncio, which takes longer to import than the rest of the package:
    # loaded on first use, so that a synchronous script does not pay for it.
    if name == "AsyncClient":
        from ._async import AsyncClient

        return AsyncClient
    raise AttributeError(f"module 'certcentral' has no attribute {name!r}")
