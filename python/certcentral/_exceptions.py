"""The exception hierarchy. Every failure is a ``CertCentralError``; the class is chosen by the
error's status (its ``kind``), never by its message."""

from __future__ import annotations


class CertCentralError(Exception):
    """Base of every certcentral error.

    Attributes:
        kind: the lower-case status name, e.g. ``"permission_denied"``.
        http_status: the HTTP status of the response, or None when none was received.
        errors: the API's ``errors`` list, as ``{"code": ..., "message": ...}`` dicts.
        retry_after: seconds the server (or the client-side rate limiter) asked to wait.
        body: the response body, when one was received (for a DecodeError, the 2xx body that
            could not be decoded).
        one_time_key: a one-time API key (of a managed subaccount, a service user or a new
            API key) recovered from a damaged answer, or None. The server created it and it can
            never be fetched again: store it. It is never part of ``str()`` or ``repr()``.
        field, rule: for ``InvalidArgumentError`` and ``ValidationError``, the argument or
            request field, and the rule it breaks.
        method, url: the request it is about (``"GET"``, and the URL without its query string;
            never the key, which travels in a header), or None when no request was made.
        headers: the response's headers (lower-case names) for an HTTP error; empty otherwise.
    """

    kind: str = "unknown"

    def __init__(
        self,
        message: str,
        *,
        kind: str | None = None,
        http_status: int | None = None,
        errors: list[dict[str, str]] | None = None,
        retry_after: float | None = None,
        body: str | None = None,
        one_time_key: str | None = None,
        field: str | None = None,
        rule: str | None = None,
        method: str | None = None,
        url: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if kind is not None:
            self.kind = kind
        self.http_status = http_status
        self.errors: list[dict[str, str]] = list(errors or [])
        self.retry_after = retry_after
        self.body = body
        self.one_time_key = one_time_key
        self.field = field
        self.rule = rule
        self.method = method
        self.url = url
        self.headers: dict[str, str] = dict(headers or {})

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class InvalidArgumentError(CertCentralError, ValueError):
    """A bad argument or configuration value (``field`` names it)."""

    kind = "invalid_argument"


class ArgumentTypeError(InvalidArgumentError, TypeError):
    """An argument of the wrong type (``field`` names it, ``rule`` says what it takes); also a
    ``TypeError``."""


class ValidationError(CertCentralError, ValueError):
    """The request breaks a documented rule; nothing was sent. ``field`` and ``rule`` say which."""

    kind = "validation"


class TransportError(CertCentralError):
    """DNS, connect, proxy, TLS or I/O failure."""

    kind = "transport"


class TLSError(TransportError):
    """A TLS check failed: the server's certificate is not trusted (pass ``ca_bundle``, or set
    ``SSL_CERT_FILE``), is not for this host, or has expired; or the handshake failed. The
    message says which check, for which host. Never retried: the answer would not change."""

    kind = "tls"


class RequestTimeout(TransportError, TimeoutError):
    """A timeout fired; also the builtin ``TimeoutError``."""

    kind = "timeout"


class DecodeError(CertCentralError):
    """A 2xx response whose body is not the documented JSON; ``body`` holds it."""

    kind = "decode"


class ApiError(CertCentralError):
    """The API answered with an error status (any not covered by a subclass)."""

    kind = "api"


class BadRequestError(ApiError):
    """HTTP 400."""

    kind = "bad_request"


class AuthenticationError(ApiError):
    """HTTP 401, or an ``access_denied|...invalid_key`` error code."""

    kind = "authentication"


class PermissionDeniedError(ApiError):
    """HTTP 403."""

    kind = "permission_denied"


class NotFoundError(ApiError):
    """HTTP 404."""

    kind = "not_found"


class ConflictError(ApiError):
    """HTTP 409."""

    kind = "conflict"


class RateLimitError(ApiError):
    """HTTP 429 after retries ran out, or the client-side limiter would wait too long."""

    kind = "rate_limited"


class ServerError(ApiError):
    """HTTP 5xx after retries ran out."""

    kind = "server"


class InternalError(CertCentralError):
    """A bug in certcentral, caught before it could crash the interpreter. Please report it."""

    kind = "panic"


BY_KIND: dict[str, type] = {
    cls.kind: cls
    for cls in (
        InvalidArgumentError,
        ValidationError,
        TransportError,
        TLSError,
        RequestTimeout,
        DecodeError,
        ApiError,
        BadRequestError,
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        ConflictError,
        RateLimitError,
        ServerError,
        InternalError,
    )
}
