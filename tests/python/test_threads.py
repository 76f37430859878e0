"""One client shared by threads, with the GIL released during every request."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import certcentral
from certcentral.testing import Emulator
from helpers import wait_for


def test_threads_share_one_client(client: certcentral.Client, emulator: Emulator) -> None:
    def work(thread: int) -> int:
        for i in range(20):
            client.send_invite([f"t{thread}-{i}@example.com"], "retail")
        return len(client.list_invites(search=f"%t{thread}-"))

    with ThreadPoolExecutor(max_workers=8) as pool:
        counts = list(pool.map(work, range(8)))
    assert counts == [20] * 8
    assert emulator.stats()["invites_created"] == 160


def test_the_gil_is_released_while_a_request_waits(emulator: Emulator) -> None:
    emulator.configure(latency=0.5)
    ticks = 0
    stop = threading.Event()

    def count() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.001)

    with emulator.client() as client:
        counter = threading.Thread(target=count)
        counter.start()
        time.sleep(0.05)
        before = ticks
        started = time.monotonic()
        client.request("GET", "user/me")
        elapsed = time.monotonic() - started
        during = ticks - before
        stop.set()
        counter.join()
    assert elapsed >= 0.5
    # With the GIL held for the whole request the counter could not have moved at all.
    assert during > 50, f"only {during} ticks in {elapsed:.2f}s"


def test_threads_iterate_invites_concurrently(
    client: certcentral.Client, emulator: Emulator
) -> None:
    emulator.seed_invites(3000)

    def total(_: int) -> int:
        return sum(1 for _ in client.iter_invites(page_size=500))

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(total, range(4))) == [3000] * 4


def test_one_iterator_shared_by_threads_hands_out_each_record_once(
    client: certcentral.Client, emulator: Emulator
) -> None:
    emulator.seed_invites(500)
    iterator = client.iter_invites(page_size=7)
    seen: list[int] = []
    lock = threading.Lock()

    def drain() -> None:
        for invite in iterator:
            with lock:
                seen.append(invite.id)

    workers = [threading.Thread(target=drain) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(seen) == list(range(1, 501))
    assert (iterator.total, iterator.fetched) == (500, 500)


def test_progress_is_readable_while_another_thread_waits_in_next(
    client: certcentral.Client, emulator: Emulator
) -> None:
    emulator.seed_invites(3)
    emulator.add_fault(route="GET account/subaccount/invite", kind="hold", ms=30_000, times=1)
    iterator = client.iter_invites()
    first: list[object] = []
    worker = threading.Thread(target=lambda: first.append(next(iterator)))
    worker.start()
    wait_for(lambda: emulator.stats()["held"] == 1, "the held page")
    # The page is in flight in the other thread: none of these waits for it.
    assert (iterator.total, iterator.fetched) == (None, 0)
    assert repr(iterator) == "PageIterator(fetched=0, total=?)"
    emulator.release()
    worker.join()
    assert len(first) == 1 and iterator.fetched == 3
