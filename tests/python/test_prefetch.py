"""Pages fetched ahead, from Python: `iter_*().prefetch(n)` chains, changes nothing but how many
pages are in flight, and refuses what it cannot do, naming the argument. (Order, dropping and
errors are tested in the core, where the engine is.)"""

from __future__ import annotations

import asyncio

import pytest

import certcentral
from certcentral.testing import Emulator
from helpers import requests_to

ROUTE = "GET account/subaccount/invite"


def test_prefetch_chains_and_lists_the_same_records(
    client: certcentral.Client, emulator: Emulator
) -> None:
    emulator.seed_invites(95)
    ahead = [i.id for i in client.iter_invites(page_size=10)]
    before = requests_to(emulator, ROUTE)
    pages = client.iter_invites(page_size=10)
    assert pages.prefetch(0) is pages
    one_by_one = [i.id for i in pages]
    assert one_by_one == ahead == list(range(1, 96))
    assert requests_to(emulator, ROUTE) - before == 10, "one request per page either way"


def test_prefetch_refuses_what_it_cannot_do(client: certcentral.Client) -> None:
    pages = client.iter_invites()
    with pytest.raises(certcentral.ValidationError) as raised:
        pages.prefetch(65)
    assert raised.value.field == "prefetch"
    with pytest.raises(certcentral.ValidationError):
        pages.prefetch(-1)
    with pytest.raises(certcentral.ArgumentTypeError, match="pages"):
        pages.prefetch(True)


def test_async_iterators_prefetch_too(emulator: Emulator) -> None:
    emulator.seed_invites(30)

    async def main() -> list[int]:
        async with certcentral.AsyncClient(emulator.api_key, base_url=emulator.base_url) as client:
            pages = client.iter_invites(page_size=10)
            assert pages.prefetch(2) is pages
            return [i.id async for i in pages]

    assert asyncio.run(main()) == list(range(1, 31))
