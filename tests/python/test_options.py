"""Client.with_options and AsyncClient.with_options: views with their own timeout and retries
that share the client's connections and rate limiter, and refuse what the constructor refuses."""

from __future__ import annotations

import asyncio

import pytest

import certcentral
from certcentral.testing import Emulator


def test_a_view_retries_as_told_and_leaves_the_client_alone(
    client: certcentral.Client, emulator: Emulator
) -> None:
    emulator.add_fault(route="GET user/me", kind="respond", status=503, times=1)
    with pytest.raises(certcentral.ServerError):
        client.with_options(max_retries=0).current_user()
    # The same fault once more: the client itself still retries (max_retries 2).
    emulator.add_fault(route="GET user/me", kind="respond", status=503, times=1)
    assert client.current_user().username == "admin"


def test_a_view_shares_the_rate_limiter(emulator: Emulator) -> None:
    with emulator.client(rate_limit=[(2, 3600)], max_rate_limit_wait=0.001) as client:
        view = client.with_options(timeout=5)
        client.current_user()
        view.current_user()
        # Two slots used between them: the third call through either one is refused.
        with pytest.raises(certcentral.RateLimitError):
            view.current_user()
        with pytest.raises(certcentral.RateLimitError):
            client.current_user()


def test_a_view_times_out_on_its_own_timeout(
    client: certcentral.Client, emulator: Emulator
) -> None:
    # The answer is held until release(): only the view's timeout can end the call.
    emulator.add_fault(route="GET user/me", kind="hold", ms=30_000, times=1)
    try:
        with pytest.raises(certcentral.RequestTimeout):
            client.with_options(timeout=0.2, max_retries=0).current_user()
    finally:
        emulator.release()


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"timeout": 0}, "timeout"),
        ({"timeout": -1.0}, "timeout"),
        ({"timeout": 86_401}, "timeout"),
        ({"max_retries": -1}, "max_retries"),
    ],
)
def test_a_view_refuses_what_the_constructor_refuses(
    client: certcentral.Client, emulator: Emulator, options: dict[str, float], field: str
) -> None:
    with pytest.raises(certcentral.InvalidArgumentError) as raised:
        client.with_options(**options)  # type: ignore[arg-type]
    assert raised.value.field == field
    with pytest.raises(certcentral.InvalidArgumentError) as built:
        emulator.client(**options)  # type: ignore[arg-type]
    assert built.value.field == field


def test_a_view_of_a_closed_client_and_a_closed_view(client: certcentral.Client) -> None:
    view = client.with_options(max_retries=1)
    view.close()
    with pytest.raises(certcentral.InvalidArgumentError):
        view.current_user()
    assert client.current_user().username == "admin", "closing a view leaves the client open"
    client.close()
    with pytest.raises(certcentral.InvalidArgumentError):
        client.with_options(max_retries=1)


def test_async_views_share_the_pool_and_stay_apart_when_closed(emulator: Emulator) -> None:
    async def main() -> None:
        async with certcentral.AsyncClient(
            emulator.api_key, base_url=emulator.base_url, backoff=0.001
        ) as client:
            view = client.with_options(max_retries=0)
            assert isinstance(view, certcentral.AsyncClient)
            emulator.add_fault(route="GET user/me", kind="respond", status=503, times=1)
            with pytest.raises(certcentral.ServerError):
                await view.current_user()
            await view.aclose()
            # The view's close leaves the client and its threads running.
            assert (await client.current_user()).username == "admin"

    asyncio.run(main())
