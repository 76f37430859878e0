"""The rows at real latency: what a user waits for when every answer takes 200 ms (the recorded
server's `x-envoy-upstream-service-time`) and when the server closes every connection (as every
recorded answer says `connection: close`). Each row against a named peer, in the same run.

Run by `bench/run.py` (`make bench`); `--only-latency` runs these rows alone.
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

LATENCY_MS = 200
USERS = 100_000
PREFETCH_SWEEP = (0, 2, 4, 8, 16)
GET_USER_CALLS = 1_000
THREADS = 8
CLOSING_CALLS = 100
PLAN_USERS = 10_000
PLAN_ORGANIZATIONS = 500


def default_prefetch() -> int:
    """The library's default, as src/config.rs sets it (the row marked "default")."""
    source = os.path.join(os.path.dirname(__file__), "..", "src", "config.rs")
    with open(source) as config:
        for line in config:
            if line.startswith("pub const DEFAULT_PREFETCH_PAGES"):
                return int(line.split("=")[1].strip(" ;\n"))
    raise RuntimeError("DEFAULT_PREFETCH_PAGES not found in src/config.rs")


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def iterate_users(emulator: Any, api_key: str) -> tuple[dict[int, float], float]:
    """100,000 users in pages of 1000 at 200 ms an answer: certcentral at each prefetch depth,
    and requests paging by hand (one page after another, as a script without an SDK does)."""
    import requests

    import certcentral

    client = certcentral.Client(api_key, base_url=emulator.base_url, max_retries=0)
    ours: dict[int, float] = {}
    for depth in PREFETCH_SWEEP:
        print(f"  iterate users, prefetch {depth} ...", file=sys.stderr)

        def run(depth: int = depth) -> None:
            count = sum(1 for _ in client.iter_users(page_size=1000).prefetch(depth))
            assert count > USERS, count

        ours[depth] = timed(run)
    session = requests.Session()
    session.headers.update({"X-DC-DEVKEY": api_key, "Accept": "application/json"})

    def by_hand() -> None:
        offset, total, count = 0, None, 0
        while total is None or offset < total:
            response = session.get(
                emulator.base_url + "user", params={"limit": 1000, "offset": offset}
            )
            response.raise_for_status()
            body = response.json()
            rows = body.get("users", [])
            count += len(rows)
            offset += len(rows)
            total = body["page"]["total"]
            if not rows:
                break
        assert count > USERS, count

    print("  iterate users, requests by hand ...", file=sys.stderr)
    theirs = timed(by_hand)
    client.close()
    return ours, theirs


def threaded_get_user(emulator: Any, api_key: str) -> tuple[float, float]:
    """1,000 get_user calls from 8 threads: one shared certcentral client, against 8 threads
    each with its own requests.Session (a Session is not thread-safe)."""
    import requests

    import certcentral

    per_thread = GET_USER_CALLS // THREADS
    client = certcentral.Client(api_key, base_url=emulator.base_url, max_retries=0)
    me = client.current_user().id

    def ours(_: int) -> None:
        for _ in range(per_thread):
            client.get_user(me)

    def theirs(_: int) -> None:
        session = requests.Session()
        session.headers.update({"X-DC-DEVKEY": api_key, "Accept": "application/json"})
        for _ in range(per_thread):
            response = session.get(f"{emulator.base_url}user/{me}")
            response.raise_for_status()
            response.json()

    def in_threads(work: Callable[[int], None]) -> float:
        threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - started

    print("  get_user from 8 threads ...", file=sys.stderr)
    mine = in_threads(ours)
    client.close()
    return mine, in_threads(theirs)


def closing_https(emulator: Any, api_key: str, repeats: int) -> dict[str, float]:
    """100 sequential small lists over HTTPS from a server that closes every connection: every
    call connects and handshakes; certcentral resumes its TLS session, the others do not."""
    import ssl

    import httpx
    import requests

    import certcentral

    ca = emulator.ca_path
    headers = {"X-DC-DEVKEY": api_key, "Accept": "application/json"}
    url = emulator.base_url + "account/subaccount/invite"
    ours = certcentral.Client(api_key, base_url=emulator.base_url, ca_bundle=ca, max_retries=0)
    session = requests.Session()
    session.headers.update(headers)
    session.verify = ca
    session.trust_env = False
    hx = httpx.Client(headers=headers, verify=ssl.create_default_context(cafile=ca))

    def fetch(client: Any) -> None:
        response = client.get(url, params={"limit": 10})
        response.raise_for_status()
        response.json()

    calls: dict[str, Callable[[], object]] = {
        "certcentral": lambda: ours.list_invites(limit=10),
        "requests.Session": lambda: fetch(session),
        "httpx.Client": lambda: fetch(hx),
    }
    results: dict[str, float] = {}
    for name, call in calls.items():
        print(f"  {name} over closing HTTPS ...", file=sys.stderr)
        call()

        def hundred(call: Callable[[], object] = call) -> None:
            for _ in range(CLOSING_CALLS):
                call()

        samples = [timed(hundred) for _ in range(repeats)]
        results[name] = statistics.median(samples)
    ours.close()
    hx.close()
    return results


def plan_account(binary: str, emulator_class: Any, api_key: str) -> tuple[float, float]:
    """`certcentral.state.plan` of an account of 10,000 users and 500 organizations (a state
    file naming them all: no changes) at 200 ms an answer, against the same look-ups done page
    by page with requests (the current user, the divisions, the roles, then every page of
    users, service users, API keys and organizations, one after another)."""
    import tempfile

    import requests

    import certcentral
    from certcentral import bulk, state

    emulator = emulator_class(binary, [])
    try:
        emulator.control("seed", {"users": PLAN_USERS})
        client = certcentral.Client(api_key, base_url=emulator.base_url, max_retries=0)
        contact = {
            "first_name": "Gia",
            "last_name": "Booth",
            "email": "gia@example.com",
            "telephone": "555-0101",
        }
        place = {"address": "1 Way", "city": "Lehi", "state": "ut", "zip": "84043", "country": "us"}
        rows = [
            {
                "key": f"org{i}",
                "kind": "create_organization",
                "name": f"Org {i}",
                "telephone": "555-0100",
                "organization_contact": contact,
                **place,
            }
            for i in range(PLAN_ORGANIZATIONS)
        ]
        with tempfile.TemporaryDirectory() as scratch:
            made = bulk.run(client, bulk.Plan.from_dicts(rows), f"{scratch}/orgs.db", workers=8)
            assert made.all_done, made.counts
            usernames = [u.username for u in client.iter_users(page_size=1000)]
            lines = [f'[[user]]\nusername = "{name}"\n' for name in usernames]
            lines += [
                f'[[organization]]\nname = "Org {i}"\naddress = "1 Way"\ncity = "Lehi"\n'
                f'state = "ut"\nzip = "84043"\ncountry = "us"\n'
                for i in range(PLAN_ORGANIZATIONS)
            ]
            path = f"{scratch}/accounts.toml"
            with open(path, "w") as out:
                out.write("\n".join(lines))
            emulator.control("settings", {"latency_ms": LATENCY_MS})
            print("  plan 10,000 users and 500 organizations ...", file=sys.stderr)
            planned: list[Any] = []
            ours = timed(lambda: planned.append(state.plan(client, path)))
            assert not planned[0].has_changes, planned[0].items[:3]
        client.close()
        session = requests.Session()
        session.headers.update({"X-DC-DEVKEY": api_key, "Accept": "application/json"})

        def get(path: str, **params: str | int) -> Any:
            response = session.get(emulator.base_url + path, params=params)
            response.raise_for_status()
            return response.json() if response.content else {}

        def pages(path: str, field: str, **params: str) -> int:
            offset, count = 0, 0
            while True:
                body = get(path, limit=1000, offset=offset, **params)
                rows = body.get(field, [])
                count += len(rows)
                offset += len(rows)
                if not rows or offset >= body["page"]["total"]:
                    return count

        def by_hand() -> None:
            me = get("user/me")
            get("container")
            get(f"container/{me['container']['id']}/role")
            get("key/api-roles")
            assert pages("user", "users") > PLAN_USERS
            pages("user/api-only", "users")
            pages("key", "api_keys")
            assert pages("organization", "organizations", include_validation="true") == 500

        print("  the same look-ups by hand with requests ...", file=sys.stderr)
        return ours, timed(by_hand)
    finally:
        emulator.close()


def latency_lines(binary: str, emulator_class: Any, api_key: str, repeats: int) -> list[str]:
    """Every latency row, with its target."""
    print("measuring at 200 ms of latency (about 2 minutes) ...", file=sys.stderr)
    emulator = emulator_class(binary, ["--latency-ms", str(LATENCY_MS)])
    try:
        seeded = emulator.control("seed", {"users": USERS})
        assert isinstance(seeded["users"], int)
        sweep, by_hand = iterate_users(emulator, api_key)
        threaded_ours, threaded_theirs = threaded_get_user(emulator, api_key)
    finally:
        emulator.close()
    closing = emulator_class(binary, ["--seed-invites", "100", "--close-connections"], tls=True)
    try:
        https = closing_https(closing, api_key, repeats)
        stats = closing.stats()
    finally:
        closing.close()
    plan_ours, plan_theirs = plan_account(binary, emulator_class, api_key)
    plan_ratio = plan_ours / plan_theirs
    default = default_prefetch()
    users_ratio = sweep[default] / by_hand
    threaded_ratio = threaded_ours / threaded_theirs
    vs_requests = https["certcentral"] / https["requests.Session"]
    vs_httpx = https["certcentral"] / https["httpx.Client"]
    lines = [
        f"## At real latency ({LATENCY_MS} ms per answer)",
        "",
        f"The release emulator with `--latency-ms {LATENCY_MS}` (each answer {LATENCY_MS} ms"
        " late, on loopback). One measurement per row: at this latency a run is dominated by"
        " round trips waited for one after another, not by the machine's noise.",
        "",
        f"### Iterating {USERS:,} users, pages of 1000, by how many pages are fetched ahead",
        "",
        "| fetched ahead | certcentral `iter_users` | vs requests paging by hand |",
        "|---|---|---|",
    ]
    for depth, seconds in sweep.items():
        mark = " (default)" if depth == default else ""
        lines.append(f"| {depth}{mark} | {seconds:.2f} s | {seconds / by_hand:.2f}× |")
    lines += [
        f"| requests, by hand | {by_hand:.2f} s | 1.00× |",
        "",
        f"### {GET_USER_CALLS:,} `get_user` calls from {THREADS} threads",
        "",
        f"certcentral (one client shared by the threads): {threaded_ours:.2f} s;"
        f" requests ({THREADS} threads, a Session each): {threaded_theirs:.2f} s"
        f" ({threaded_ratio:.2f}×).",
        "",
        f"### HTTPS, the server closing every connection: {CLOSING_CALLS} sequential small lists",
        "",
        "No added latency: what remains is the connection and TLS handshake every call pays."
        f" Median of {repeats} repeats. The emulator counted {stats['tls_handshakes']:,}"
        f" handshakes, {stats['tls_handshakes_resumed']:,} of them resumed.",
        "",
        "| certcentral | requests.Session | httpx.Client | vs requests | vs httpx |",
        "|---|---|---|---|---|",
        f"| {https['certcentral'] * 1e3:.1f} ms | {https['requests.Session'] * 1e3:.1f} ms"
        f" | {https['httpx.Client'] * 1e3:.1f} ms | {vs_requests:.2f}× | {vs_httpx:.2f}× |",
        "",
        f"### `certcentral plan` of {PLAN_USERS:,} users and {PLAN_ORGANIZATIONS} organizations",
        "",
        "A state file naming every user and organization (no changes), planned with"
        " `certcentral.state.plan`: its reads run at once and fetch pages ahead; requests does"
        f" the same look-ups page by page. certcentral: {plan_ours:.2f} s; requests by hand:"
        f" {plan_theirs:.2f} s ({plan_ratio:.2f}×).",
        "",
        "| target | result | |",
        "|---|---|---|",
        f"| iterate 100,000 users at 200 ms ≤ 0.2× requests by hand | {users_ratio:.2f}×"
        f" | {'met' if users_ratio <= 0.2 else 'missed'} |",
        f"| closing HTTPS, 100 small lists ≤ 0.6× requests.Session | {vs_requests:.2f}×"
        f" | {'met' if vs_requests <= 0.6 else 'missed'} |",
        f"| plan of 10,000 users and 500 organizations at 200 ms ≤ 0.25× requests by hand"
        f" | {plan_ratio:.2f}× | {'met' if plan_ratio <= 0.25 else 'missed'} |",
        "",
    ]
    return lines


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(__file__))
    from run import API_KEY, Emulator

    print("\n".join(latency_lines(sys.argv[1], Emulator, API_KEY, 5)))
