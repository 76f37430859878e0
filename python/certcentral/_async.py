"""``certcentral.AsyncClient``: the same constructor and methods as ``Client``, each awaitable.

Each call runs the sync client's method on a bounded pool of threads (``max_concurrency``, 64 by
default) with the GIL released for the request, so the event loop never blocks. Every method is
generated from its ``Client`` twin, with the same signature and documentation, so the two
cannot drift.

Cancellation: cancelling an awaited call stops its waits (rate limiter, backoff,
``Retry-After``) and any retry not yet started, within about 50 ms, and raises
``CancelledError`` at once. An attempt already sent cannot be un-sent: a GET is abandoned
(its answer is dropped), and a creation is allowed to finish in the background, its outcome
logged at WARNING on the ``certcentral`` logger (as ``repr()``, which never shows a key).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import inspect
import logging
from typing import Any, Callable

from ._certcentral import Client, PageIterator, _CancelToken, _run_cancellable

__all__ = ["AsyncClient", "AsyncPageIterator"]

_log = logging.getLogger("certcentral")

# Read from the module, never listed by hand: each endpoint's docstring starts with its HTTP
# method ("POST user: ...") and names what it returns.
_METHODS = [n for n in dir(Client) if not n.startswith("_") and callable(getattr(Client, n))]


def _summary(name: str) -> str:
    return (getattr(Client, name).__doc__ or "").lstrip()


# Methods that change the account: after a cancellation they finish in the background, and
# their outcome is logged.
_CREATIONS = frozenset(
    n for n in _METHODS if _summary(n).startswith(("POST ", "PUT ", "PATCH ", "DELETE "))
)

# Methods that return an iterator at once, sending nothing until it is advanced.
_ITERATORS = frozenset(
    n for n in _METHODS if "Returns:\n    PageIterator[" in inspect.cleandoc(_summary(n))
)

# Methods of the client itself rather than endpoints: written out below.
_OWN = frozenset({"close", "with_options"})


def _log_background(name: str, future: concurrent.futures.Future[Any]) -> None:
    if future.cancelled():
        return
    error = future.exception()
    if error is None:
        _log.warning("%s finished after its caller was cancelled: %r", name, future.result())
    else:
        _log.warning("%s failed after its caller was cancelled: %s", name, error)


class AsyncPageIterator:
    """An async iterator over every record of a list (``async for``), a page at a time;
    ``total`` and ``fetched`` report progress."""

    def __init__(self, client: AsyncClient, pages: PageIterator) -> None:
        self._client = client
        self._pages = pages

    def __aiter__(self) -> AsyncPageIterator:
        return self

    def prefetch(self, pages: int) -> AsyncPageIterator:
        """Fetches up to ``pages`` pages ahead (default 8; 0: one page at a time); returns the
        iterator, so it chains: ``client.iter_users().prefetch(8)``."""
        self._pages.prefetch(pages)
        return self

    async def __anext__(self) -> Any:
        record = await self._client._run("next", False, next, self._pages, None)
        if record is None:
            raise StopAsyncIteration
        return record

    @property
    def total(self) -> int | None:
        """How many records match over all pages, once the first page has arrived."""
        return self._pages.total

    @property
    def fetched(self) -> int:
        """How many records have been fetched so far."""
        return self._pages.fetched

    def __repr__(self) -> str:
        return f"Async{self._pages!r}"


class AsyncClient:
    """A CertCentral client for asyncio programs: ``Client``'s constructor (plus
    ``max_concurrency``, the most calls in flight at once) and methods, each ``async``;
    ``iter_*`` return async iterators. Use ``async with``, or ``await aclose()``."""

    def __init__(self, api_key: str | None = None, *, max_concurrency: int = 64, **options: Any):
        if isinstance(max_concurrency, bool) or not isinstance(max_concurrency, int):
            from ._exceptions import ArgumentTypeError

            raise ArgumentTypeError(
                "invalid argument `max_concurrency`: must be an int",
                kind="invalid_argument",
                field="max_concurrency",
                rule="must be an int",
            )
        if not 1 <= max_concurrency <= 1024:
            from ._exceptions import InvalidArgumentError

            rule = f"must be between 1 and 1024 (got {max_concurrency})"
            raise InvalidArgumentError(
                f"invalid argument `max_concurrency`: {rule}",
                kind="invalid_argument",
                field="max_concurrency",
                rule=rule,
            )
        self._client = Client(api_key, **options)
        self._closed = False
        self._owns_executor = True
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=max_concurrency, thread_name_prefix="certcentral-async"
        )

    def with_options(
        self, *, timeout: float | None = None, max_retries: int | None = None
    ) -> AsyncClient:
        """A view of this client whose calls use other settings (see ``Client.with_options``):
        it shares the connections, the rate limiter and the pool of threads. Closing a view
        leaves this client open."""
        view = object.__new__(AsyncClient)
        view._client = self._client.with_options(timeout=timeout, max_retries=max_retries)
        view._closed = False
        view._owns_executor = False
        view._executor = self._executor
        return view

    @property
    def base_url(self) -> str:
        """The base URL every endpoint path is joined to."""
        return self._client.base_url

    async def _run(
        self,
        name: str,
        creates: bool,
        call: Callable[..., Any],
        /,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        # Positional-only: a call's own keywords (update_api_key's `name`) pass through.
        if self._closed:
            # The sync client raises at once (InvalidArgumentError: the client is closed).
            return call(*args, **kwargs)
        token = _CancelToken()
        future = self._executor.submit(_run_cancellable, token, call, *args, **kwargs)
        try:
            return await asyncio.wrap_future(future)
        except asyncio.CancelledError:
            token.cancel()
            if creates:
                future.add_done_callback(functools.partial(_log_background, name))
            raise

    async def aclose(self) -> None:
        """Closes the client; calls still running finish in the background."""
        self._closed = True
        self._client.close()
        if self._owns_executor:
            self._executor.shutdown(wait=False)

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *_args: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"Async{self._client!r}"


def _twin(name: str) -> Callable[..., Any]:
    """The async (or async-iterator) version of ``Client.<name>``."""
    sync = getattr(Client, name)
    if name in _ITERATORS:

        def iterate(self: AsyncClient, *args: Any, **kwargs: Any) -> AsyncPageIterator:
            return AsyncPageIterator(self, getattr(self._client, name)(*args, **kwargs))

        method: Callable[..., Any] = iterate
    else:

        async def call(self: AsyncClient, *args: Any, **kwargs: Any) -> Any:
            bound = getattr(self._client, name)
            return await self._run(name, name in _CREATIONS, bound, *args, **kwargs)

        method = call
    method.__name__ = method.__qualname__ = name
    method.__doc__ = sync.__doc__
    method.__signature__ = inspect.signature(sync)  # type: ignore[attr-defined]
    return method


for _name in _METHODS:
    if _name not in _OWN:
        setattr(AsyncClient, _name, _twin(_name))
