"""AsyncClient: the same surface as Client, the event loop never blocked, cancellation as
documented, and errors, retries and the limiter exactly as in Client (one table, both clients).
Nothing here waits for time to pass: held answers are released by the test itself."""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Callable, Coroutine
from typing import Any

import pytest

import certcentral
from certcentral.testing import Emulator
from helpers import requests_to, wait_for


def async_client(emulator: Emulator, **options: Any) -> certcentral.AsyncClient:
    return certcentral.AsyncClient(
        emulator.api_key, base_url=emulator.base_url, backoff=0.001, max_backoff=0.004, **options
    )


def finish_background_calls(client: certcentral.AsyncClient) -> None:
    """Waits for the pool's calls (and their logging callbacks) to finish."""
    executor: Any = getattr(client, "_executor")  # noqa: B009 - private, not in the stubs
    executor.shutdown(wait=True)


def test_every_client_method_has_an_async_twin_with_its_signature() -> None:
    public = [n for n in dir(certcentral.Client) if not n.startswith("_") and n != "close"]
    # A view is made at once, not awaited; it takes the same options.
    view, async_view = certcentral.Client.with_options, certcentral.AsyncClient.with_options
    assert [*inspect.signature(async_view).parameters][1:] == [*inspect.signature(view).parameters][
        1:
    ]
    assert not inspect.iscoroutinefunction(async_view)
    public.remove("with_options")
    for name in public:
        sync = getattr(certcentral.Client, name)
        twin = getattr(certcentral.AsyncClient, name)
        if isinstance(sync, property) or not callable(sync):
            continue
        assert inspect.signature(twin) == inspect.signature(sync), name
        assert twin.__doc__ == sync.__doc__, name
        if name.startswith("iter_"):
            assert not inspect.iscoroutinefunction(twin), name
        else:
            assert inspect.iscoroutinefunction(twin), name


async def test_calls_and_iterators(emulator: Emulator) -> None:
    emulator.seed_invites(30)
    async with async_client(emulator) as client:
        page = await client.list_invites(limit=5)
        assert isinstance(page, certcentral.InvitePage) and len(page) == 5
        created = await client.add_user(
            "async.user", first_name="A", last_name="B", email="a@example.com", access_roles=[5]
        )
        assert (await client.get_user(created.id)).username == "async.user"
        ids = [invite.id async for invite in client.iter_invites(page_size=7)]
        assert ids == list(range(1, 31))
        iterator = client.iter_users()
        before: int | None = iterator.total
        assert before is None
        assert [u.username async for u in iterator] == ["admin", "async.user"]
        assert (iterator.total, iterator.fetched) == (2, 2)
    with pytest.raises(certcentral.InvalidArgumentError, match="the client is closed"):
        await client.current_user()


async def test_the_event_loop_keeps_running_while_a_call_waits(emulator: Emulator) -> None:
    emulator.add_fault(route="GET user/me", kind="hold", ms=30_000, times=1)
    async with async_client(emulator) as client:
        call = asyncio.ensure_future(client.current_user())
        ticks = 0
        # The heartbeat ticks while the answer is held: the loop is not blocked.
        while ticks < 200 or emulator.stats()["held"] == 0:
            await asyncio.sleep(0)
            ticks += 1
        assert not call.done()
        emulator.release()
        assert (await call).username == "admin"


async def test_fifty_concurrent_calls_all_complete(emulator: Emulator) -> None:
    emulator.seed_invites(10)
    async with async_client(emulator) as client:
        pages = await asyncio.gather(
            *(client.list_invites(offset=i % 10, limit=1) for i in range(50))
        )
    assert sorted(page[0].id for page in pages) == sorted((i % 10) + 1 for i in range(50))
    assert requests_to(emulator, "GET account/subaccount/invite") == 50


async def test_a_cancelled_get_is_abandoned_at_once(emulator: Emulator) -> None:
    emulator.add_fault(route="GET user/me", kind="hold", ms=30_000, times=1)
    client = async_client(emulator)
    call = asyncio.ensure_future(client.current_user())
    await asyncio.to_thread(wait_for, lambda: emulator.stats()["held"] == 1, "the held GET")
    call.cancel()
    with pytest.raises(asyncio.CancelledError):
        await call
    emulator.release()
    await client.aclose()


async def test_a_cancelled_creation_finishes_and_is_logged(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="certcentral")
    emulator.add_fault(route="POST user", kind="hold", ms=30_000, times=1)
    client = async_client(emulator)
    call = asyncio.ensure_future(client.add_service_user("robot@example.com", "deploy"))
    await asyncio.to_thread(wait_for, lambda: emulator.stats()["held"] == 1, "the held POST")
    call.cancel()
    with pytest.raises(asyncio.CancelledError):
        await call
    emulator.release()
    # Shutting the pool down waits for the background call and its logging callback.
    await asyncio.to_thread(finish_background_calls, client)
    assert emulator.stats()["service_users_created"] == 1
    messages = [r.getMessage() for r in caplog.records]
    assert any("add_service_user finished after its caller was cancelled" in m for m in messages)
    assert all("api_key=<redacted>" in m or "ServiceUser" not in m for m in messages)


async def test_a_cancelled_wait_stops_and_sends_nothing_more(emulator: Emulator) -> None:
    # 503 with a long Retry-After: the call waits before its retry. Cancelling it stops the
    # wait, so the retry is never sent.
    emulator.add_fault(route="GET user/me", kind="respond", status=503, retry_after="30", times=1)
    client = async_client(emulator, max_retries=1, max_retry_after=60.0)
    call = asyncio.ensure_future(client.current_user())
    await asyncio.to_thread(wait_for, lambda: requests_to(emulator, "GET user/me") == 1, "the 503")
    call.cancel()
    with pytest.raises(asyncio.CancelledError):
        await call
    await asyncio.to_thread(finish_background_calls, client)
    assert requests_to(emulator, "GET user/me") == 1


def test_it_works_under_asyncio_run(emulator: Emulator) -> None:
    async def main() -> str | None:
        async with async_client(emulator) as client:
            return (await client.current_user()).username

    assert asyncio.run(main()) == "admin"


def run_sync(client: certcentral.Client, name: str, *args: Any, **kwargs: Any) -> Any:
    return getattr(client, name)(*args, **kwargs)


def run_async(client: certcentral.AsyncClient, name: str, *args: Any, **kwargs: Any) -> Any:
    call: Callable[..., Coroutine[Any, Any, Any]] = getattr(client, name)
    return asyncio.run(call(*args, **kwargs))


# (fault, call, the exception expected or None, requests expected)
TABLE: list[tuple[dict[str, Any], str, type[Exception] | None, int]] = [
    (
        {"route": "GET user/me", "kind": "respond", "status": 503, "times": 2},
        "current_user",
        None,
        3,
    ),
    (
        {"route": "GET user/me", "kind": "respond", "status": 503},
        "current_user",
        certcentral.ServerError,
        3,
    ),
    (
        {"route": "GET user/me", "kind": "respond", "status": 404},
        "current_user",
        certcentral.NotFoundError,
        1,
    ),
    (
        {"route": "POST user", "kind": "respond", "status": 503},
        "add_service_user",
        certcentral.ServerError,
        1,
    ),
    (
        {"route": "POST user", "kind": "respond", "status": 429, "times": 1},
        "add_service_user",
        None,
        2,
    ),
    (
        {"route": "POST user", "kind": "reset_after"},
        "add_service_user",
        certcentral.TransportError,
        1,
    ),
    ({"route": "GET user/me", "kind": "malformed"}, "current_user", certcentral.DecodeError, 1),
]


@pytest.mark.parametrize("face", ["sync", "async"])
@pytest.mark.parametrize("fault, method, raises, requests", TABLE)
def test_errors_and_retries_are_the_same_in_both_clients(
    face: str, fault: dict[str, Any], method: str, raises: type[Exception] | None, requests: int
) -> None:
    with Emulator(api_key="test-key") as emulator:
        emulator.add_fault(**fault)
        args = ("robot@example.com", "deploy") if method == "add_service_user" else ()
        options: dict[str, Any] = {"backoff": 0.001, "max_backoff": 0.004}
        run: Callable[[], Any]
        if face == "sync":
            client = emulator.client(**options)
            run = lambda: run_sync(client, method, *args)  # noqa: E731
        else:
            aclient = async_client(emulator)
            run = lambda: run_async(aclient, method, *args)  # noqa: E731
        if raises is None:
            run()
        else:
            with pytest.raises(raises):
                run()
        assert sum(emulator.stats()["requests"].values()) == requests


@pytest.mark.parametrize("face", ["sync", "async"])
def test_the_limiter_waits_in_both_clients(face: str) -> None:
    with Emulator(api_key="test-key") as emulator:
        options: dict[str, Any] = {"rate_limit": True, "max_rate_limit_wait": 0.01}
        if face == "sync":
            client = emulator.client(**options)
            client.current_user()
            run: Callable[[], Any] = client.current_user
        else:
            aclient = async_client(emulator, **options)
            run_async(aclient, "current_user")
            run = lambda: run_async(aclient, "current_user")  # noqa: E731
        for _ in range(98):
            run()
        # The documented 100 per 5 s are used up (with this client's slots held a window
        # long); a wait beyond max_rate_limit_wait fails at once, without sending.
        with pytest.raises(certcentral.RateLimitError) as caught:
            for _ in range(3):
                run()
        assert caught.value.http_status is None
        assert requests_to(emulator, "GET user/me") == 100
