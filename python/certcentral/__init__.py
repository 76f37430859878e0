"""certcentral: a client for DigiCert CertCentral Services API v2 account management.

Subaccount invites, subaccounts, users and organizations, with typed results, one exception
class per failure, retries that never duplicate a creation, and a client-side rate limiter.
``certcentral.testing`` runs an offline emulator to test against.

    import certcentral

    with certcentral.Client() as client:          # the key comes from DIGICERT_API_KEY
        client.send_invite(["ops@example.com"], "retail")
        for invite in client.iter_invites(status="pending"):
            print(invite.id, invite.email)
"""

from ._certcentral import (
    Client,
    Container,
    Invite,
    InviteIterator,
    InvitePage,
    Subaccount,
    SubaccountOrganization,
    SubaccountUser,
    __version__,
)
from ._exceptions import (
    ApiError,
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
    TransportError,
    ValidationError,
)

__all__ = [
    "ApiError",
    "AuthenticationError",
    "BadRequestError",
    "CertCentralError",
    "Client",
    "ConflictError",
    "Container",
    "DecodeError",
    "InternalError",
    "InvalidArgumentError",
    "Invite",
    "InviteIterator",
    "InvitePage",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestTimeout",
    "ServerError",
    "Subaccount",
    "SubaccountOrganization",
    "SubaccountUser",
    "TransportError",
    "ValidationError",
    "__version__",
]
