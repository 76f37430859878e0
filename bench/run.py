"""`make bench`: one run, one emulator, every measurement.

certcentral (Python) against requests.Session and httpx.Client, the same calls through the C ABI,
and a raw-socket keep-alive client as the floor; thread scaling at 5 ms latency; AsyncClient
against httpx.AsyncClient and at 64 concurrent awaits; the rate limiter's achieved rate against
an emulator that enforces the documented limits; peak memory while iterating 100,000 invites;
and import time. Medians over repeats, with the fastest and
slowest repeat as the spread. Prints a table and writes bench/results.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from typing import Any, Callable

API_KEY = "bench-api-key"
# The recorded server's answers take about this long (x-envoy-upstream-service-time).
LATENCY_MS = 200
SEEDED_INVITES = 100_000
SEEDED_USERS = 100_000
ORGANIZATION = {
    "name": "Bench Industries",
    "address": "1 Loop Road",
    "city": "Lehi",
    "state": "ut",
    "zip": "84043",
    "country": "us",
    "telephone": "801-555-0100",
    "organization_contact": {
        "first_name": "Ben",
        "last_name": "Mark",
        "email": "ben@bench.test",
        "telephone": "801-555-0101",
    },
    "skip_duplicate_org_check": True,
}


@dataclass
class Timing:
    """Seconds per call: the median repeat, and the fastest and slowest."""

    median: float
    low: float
    high: float

    @staticmethod
    def of(samples: Sequence[float]) -> Timing:
        return Timing(statistics.median(samples), min(samples), max(samples))

    def show(self) -> str:
        low, high = format_seconds(self.low), format_seconds(self.high)
        return f"{format_seconds(self.median)} ({low}–{high})"


def format_seconds(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.0f} µs"


def time_calls(call: Callable[[], object], count: int, repeats: int) -> Timing:
    for _ in range(max(1, count // 10)):
        call()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in range(count):
            call()
        samples.append((time.perf_counter() - started) / count)
    return Timing.of(samples)


class Emulator:
    """The release emulator binary, seeded with the invites to iterate (or started with other
    options)."""

    def __init__(
        self,
        binary: str,
        options: Sequence[str] | None = None,
        invites: int = SEEDED_INVITES,
        tls: bool = False,
    ) -> None:
        if options is None:
            options = ["--seed-invites", str(invites)]
        if tls:
            options = [*options, "--tls"]
        self.process = subprocess.Popen(
            [binary, "--api-key", API_KEY, "--threads", "2", *options],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.base_url = self.process.stdout.readline().strip()
        # With --tls, the second line is the path of the throw-away CA's certificate.
        self.ca_path = self.process.stdout.readline().strip() if tls else None
        host_port = self.base_url.split("//", 1)[1].split("/", 1)[0]
        self.host, port = host_port.split(":")
        self.port = int(port)

    def control(self, path: str, body: dict[str, object]) -> dict[str, object]:
        request = urllib.request.Request(
            self.base_url + "_emulator/" + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        text = urllib.request.urlopen(request).read()
        answer: dict[str, object] = json.loads(text) if text.strip() else {}
        return answer

    def stats(self) -> dict[str, Any]:
        import ssl

        trust = ssl.create_default_context(cafile=self.ca_path) if self.ca_path else None
        with urllib.request.urlopen(self.base_url + "_emulator/stats", context=trust) as answer:
            stats: dict[str, Any] = json.loads(answer.read())
        return stats

    def close(self) -> None:
        self.process.terminate()
        self.process.wait()
        if self.ca_path:
            os.remove(self.ca_path)


def https_timings(binary: str, count: int, repeats: int) -> dict[str, dict[str, Timing]]:
    """Small list and full page over TLS, warm (a pooled connection) and cold (a new client's
    first call: construction, trust, handshake), each client trusting the emulator's CA."""
    import ssl

    import httpx
    import requests

    import certcentral

    emulator = Emulator(binary, invites=1000, tls=True)
    ca = emulator.ca_path
    assert ca is not None
    headers = {"X-DC-DEVKEY": API_KEY, "Accept": "application/json"}
    invites = emulator.base_url + "account/subaccount/invite"

    def ours() -> certcentral.Client:
        return certcentral.Client(API_KEY, base_url=emulator.base_url, ca_bundle=ca, max_retries=0)

    def a_session() -> requests.Session:
        session = requests.Session()
        session.headers.update(headers)
        session.verify = ca
        session.trust_env = False  # else REQUESTS_CA_BUNDLE would replace `verify`
        return session

    def an_httpx() -> httpx.Client:
        return httpx.Client(headers=headers, verify=ssl.create_default_context(cafile=ca))

    def fetch(client: object, limit: int) -> object:
        response = client.get(invites, params={"limit": limit})  # type: ignore[attr-defined]
        response.raise_for_status()
        return response.json()

    def cold(make: Callable[[], object], call: Callable[[object], object]) -> Callable[[], None]:
        def run() -> None:
            client = make()
            call(client)
            client.close()  # type: ignore[attr-defined]

        return run

    results: dict[str, dict[str, Timing]] = {}
    try:
        warm = {"certcentral": ours(), "requests.Session": a_session(), "httpx.Client": an_httpx()}
        makers: dict[str, Callable[[], object]] = {
            "certcentral": ours,
            "requests.Session": a_session,
            "httpx.Client": an_httpx,
        }
        for name, client in warm.items():
            print(f"measuring {name} over HTTPS ...", file=sys.stderr)
            if name == "certcentral":
                small = lambda c=client: c.list_invites(limit=10)  # noqa: E731
                page = lambda c=client: c.list_invites(limit=1000)  # noqa: E731
                first = cold(makers[name], lambda c: c.list_invites(limit=10))  # type: ignore[attr-defined]
            else:
                small = lambda c=client: fetch(c, 10)  # noqa: E731
                page = lambda c=client: fetch(c, 1000)  # noqa: E731
                first = cold(makers[name], lambda c: fetch(c, 10))
            results[name] = {
                "small_list": time_calls(small, count, repeats),
                "full_page": time_calls(page, count // 10 + 1, repeats),
                "cold_small_list": time_calls(first, count // 8 + 1, repeats),
            }
    finally:
        emulator.close()
    return results


def https_lines(rows: dict[str, dict[str, Timing]]) -> list[str]:
    """The HTTPS table and its targets."""
    labels = {
        "small_list": "small list (limit 10), warm",
        "full_page": "full page (limit 1000), warm",
        "cold_small_list": "small list, cold (new client: trust, handshake, call)",
    }
    lines = [
        "## HTTPS (TLS 1.3 to the emulator's throw-away CA, which every client trusts)",
        "",
        "| call | certcentral | requests.Session | httpx.Client | vs requests | vs httpx |",
        "|---|---|---|---|---|---|",
    ]
    mine, req, hx = rows["certcentral"], rows["requests.Session"], rows["httpx.Client"]
    for key, label in labels.items():
        ratios = (
            f"{mine[key].median / req[key].median:.2f}× | {mine[key].median / hx[key].median:.2f}×"
        )
        lines.append(
            f"| {label} | {mine[key].show()} | {req[key].show()} | {hx[key].show()} | {ratios} |"
        )
    warm = mine["small_list"].median / req["small_list"].median
    cold = mine["cold_small_list"].median / req["cold_small_list"].median
    return lines + [
        "",
        "| target | result | |",
        "|---|---|---|",
        f"| HTTPS warm small list ≤ 0.3× requests.Session | {warm:.2f}× | {verdict(warm <= 0.3)} |",
        f"| HTTPS cold first call ≤ 0.8× requests.Session | {cold:.2f}× | {verdict(cold <= 0.8)} |",
        "",
    ]


# The documented limits (requests, seconds), and the clock the bulk run is measured at.
DOCUMENTED_LIMITS = [(100, 5.0), (1000, 180.0)]
BULK_SCALE = 0.01
BULK_OPERATIONS = 5_000


def ideal_seconds(requests: int, windows: Sequence[tuple[int, float]]) -> float:
    """When the fastest client the limits allow sends its last request, answers taking no
    time: each request as early as every rolling window permits."""
    sends: list[float] = []
    for _ in range(requests):
        at = sends[-1] if sends else 0.0
        for most, period in windows:
            if len(sends) >= most:
                at = max(at, sends[-most] + period)
        sends.append(at)
    return sends[-1]


@dataclass
class BulkRate:
    requests: int
    took: float
    ideal: float
    rate_limited: int

    @property
    def fraction(self) -> float:
        return self.ideal / self.took


def bulk_rate(binary: str, workdir: str, latency_ms: float = 0.0) -> BulkRate:
    """A 5,000-operation `certcentral bulk run` (invites and users) against an emulator that
    enforces the documented limits at a clock scaled by BULK_SCALE, the client's limiter scaled
    the same way: its time against the fastest schedule the limits allow, and the server's
    429s."""
    os.makedirs(workdir, exist_ok=True)
    plan = os.path.join(workdir, "plan.csv")
    with open(plan, "w") as out:
        out.write("key,kind,email,subaccount_type,username,first_name,last_name,access_roles\n")
        for i in range(BULK_OPERATIONS):
            if i % 2:
                out.write(f"u{i},add_user,u{i}@bench.test,,u{i},Ben,Mark,5\n")
            else:
                out.write(f"i{i},send_invite,i{i}@bench.test,retail,,,,\n")
    journal = os.path.join(workdir, "run.db")
    for stale in (journal, journal + ".keys.jsonl"):
        if os.path.exists(stale):
            os.remove(stale)
    options = ["--rate-limit", "--time-scale", str(BULK_SCALE)]
    if latency_ms:
        # The answer's delay on the run's scaled clock (at least 1 ms, the emulator's unit).
        options += ["--latency-ms", str(max(1, round(latency_ms * BULK_SCALE)))]
    emulator = Emulator(binary, options)
    try:
        command = os.path.join(os.path.dirname(sys.executable), "certcentral")
        env = {**os.environ, "DIGICERT_API_KEY": API_KEY, "CERTCENTRAL_BASE_URL": emulator.base_url}
        ran = subprocess.run(
            [command, "bulk", "run", plan, "--journal", journal, "--workers", "8",
             "--rate-limit", "on", "--rate-limit-scale", str(BULK_SCALE)],
            env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        stats = emulator.stats()
    finally:
        emulator.close()
    # The last progress line: "progress: 5000/5000 (...) in 7.81s, ...".
    last = [line for line in ran.stderr.splitlines() if line.startswith("progress:")][-1]
    took = float(last.split(" in ", 1)[1].split("s,", 1)[0])
    requests = sum(int(n) for n in stats["requests"].values())
    scaled = [(most, period * BULK_SCALE) for most, period in DOCUMENTED_LIMITS]
    return BulkRate(requests, took, ideal_seconds(requests, scaled), int(stats["rate_limited"]))


def bulk_lines(result: BulkRate, at_latency: BulkRate | None = None) -> list[str]:
    met = result.fraction >= 0.95 and result.rate_limited == 0
    latency_row = []
    if at_latency is not None:
        ok = at_latency.fraction >= 0.95 and at_latency.rate_limited == 0
        latency_row = [
            f"| the same with 200 ms per answer (2 ms at that clock), 8 workers"
            f" | {at_latency.fraction:.3f}, {at_latency.rate_limited} × 429 | {verdict(ok)} |"
        ]
    return [
        "## Bulk provisioning at the documented limits",
        "",
        f"`certcentral bulk run` of {BULK_OPERATIONS:,} operations ({result.requests:,} requests)"
        f" against an emulator enforcing 100 per 5 s and 1000 per 3 min at a clock ×{BULK_SCALE}:"
        f" it took {result.took:.2f} s; the fastest schedule the limits allow sends the last"
        f" request at {result.ideal:.2f} s.",
        "",
        "| target | result | |",
        "|---|---|---|",
        f"| achieved rate ≥ 0.95 of the documented limit, zero server 429s"
        f" | {result.fraction:.3f}, {result.rate_limited} × 429 | {verdict(met)} |",
        *latency_row,
        "",
        "Workers: at the documented 20 requests a second and 200 ms an answer, 4 requests are"
        " in flight at the limit (rate × latency); 8 workers leave room for the answers that"
        " take longer.",
        "",
    ]


PLAN_ROWS = 100_000
PLAN_MEMORY_TARGET = 64 * 2**20


def peak_rss_of(command: list[str], env: dict[str, str]) -> tuple[int, float]:
    """Runs a command; its exit code and its own peak RSS in bytes (wait4's rusage)."""
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    child.stderr.read()  # drained as it goes, so the pipe never blocks it
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stderr.close()
    return child.returncode, usage.ru_maxrss * 1024.0


def plan_memory(binary: str, workdir: str) -> tuple[float, float]:
    """Peak RSS of the console script refusing a 100,000-row plan (its last row is bad) and
    running it (invites, against the release emulator, limiter off)."""
    os.makedirs(workdir, exist_ok=True)
    header = "key,kind,email,subaccount_type,invite_note\n"
    rows = [
        f"op{i:06d},send_invite,invitee{i:06d}@bench.test,retail,Welcome to the program {i}\n"
        for i in range(PLAN_ROWS)
    ]
    good, bad = os.path.join(workdir, "plan.csv"), os.path.join(workdir, "bad.csv")
    with open(good, "w") as out:
        out.write(header + "".join(rows))
    with open(bad, "w") as out:
        out.write(header + "".join(rows[:-1]) + rows[-1].replace("retail", ""))
    journal = os.path.join(workdir, "run.db")
    for stale in (journal, journal + ".keys.jsonl", journal + ".lock"):
        if os.path.exists(stale):
            os.remove(stale)
    emulator = Emulator(binary)
    try:
        command = os.path.join(os.path.dirname(sys.executable), "certcentral")
        env = {**os.environ, "DIGICERT_API_KEY": API_KEY, "CERTCENTRAL_BASE_URL": emulator.base_url}
        code, refused = peak_rss_of([command, "bulk", "run", bad, "--journal", journal], env)
        assert code == 2, f"the bad plan was not refused ({code})"
        run = [command, "--rate-limit", "off", "bulk", "run", good, "--journal", journal,
               "--workers", "8"]  # fmt: skip
        code, ran = peak_rss_of(run, env)
        assert code == 0, f"the plan did not run to the end ({code})"
    finally:
        emulator.close()
    return refused, ran


def plan_memory_lines(refused: float, ran: float) -> list[str]:
    return [
        "## A 100,000-row plan",
        "",
        f"Peak RSS of the console script (`certcentral bulk run`, Python and the extension) on a"
        f" {PLAN_ROWS:,}-row CSV plan of invites: refusing it (its last row is bad) and running it"
        " to the end against the release emulator (limiter off, 8 workers).",
        "",
        "| target | result | |",
        "|---|---|---|",
        f"| refuse ≤ 64 MiB | {refused / 2**20:.1f} MiB"
        f" | {verdict(refused <= PLAN_MEMORY_TARGET)} |",
        f"| run ≤ 64 MiB | {ran / 2**20:.1f} MiB | {verdict(ran <= PLAN_MEMORY_TARGET)} |",
        "",
    ]


@dataclass
class Calls:
    """One client's version of each benchmarked operation."""

    small_list: Callable[[], object]
    full_page: Callable[[], object]
    create_organization: Callable[[], object]
    iterate_all: Callable[[], int]
    iterate_users: Callable[[], int]


def certcentral_calls(base_url: str) -> Calls:
    import certcentral

    client = certcentral.Client(API_KEY, base_url=base_url, max_retries=0)
    contact = ORGANIZATION["organization_contact"]

    def create() -> int:
        return client.create_organization(
            name="Bench Industries",
            address="1 Loop Road",
            city="Lehi",
            state="ut",
            zip="84043",
            country="us",
            telephone="801-555-0100",
            organization_contact=contact,  # type: ignore[arg-type]
            skip_duplicate_org_check=True,
        ).id

    def iterate_all() -> int:
        count = 0
        for invite in client.iter_invites(page_size=1000):
            count += invite.id > 0
        return count

    def iterate_users() -> int:
        count = 0
        for user in client.iter_users(page_size=1000):
            count += user.id > 0
        return count

    return Calls(
        small_list=lambda: client.list_invites(limit=10),
        full_page=lambda: client.list_invites(limit=1000),
        create_organization=create,
        iterate_all=iterate_all,
        iterate_users=iterate_users,
    )


def session_calls(session: object, base_url: str) -> Calls:
    """requests.Session and httpx.Client share this shape: get/post with params and json."""
    invites = base_url + "account/subaccount/invite"

    def fetch(limit: int, offset: int = 0, url: str = invites) -> dict[str, object]:
        response = session.get(url, params={"limit": limit, "offset": offset})  # type: ignore[attr-defined]
        response.raise_for_status()
        body: dict[str, object] = response.json()
        return body

    def create() -> object:
        response = session.post(base_url + "organization", json=ORGANIZATION)  # type: ignore[attr-defined]
        response.raise_for_status()
        return response.json()["id"]

    def iterate(path: str, array: str) -> int:
        """Pages by hand, as a script without an SDK would."""
        count, offset, total = 0, 0, None
        while total is None or offset < total:
            page = fetch(1000, offset, base_url + path)
            rows = page[array]
            assert isinstance(rows, list)
            for row in rows:
                count += row["id"] > 0
            offset += len(rows)
            total = page["page"]["total"]  # type: ignore[index]
            if not rows:
                break
        return count

    return Calls(
        small_list=lambda: fetch(10),
        full_page=lambda: fetch(1000),
        create_organization=create,
        iterate_all=lambda: iterate("account/subaccount/invite", "subaccount_invites"),
        iterate_users=lambda: iterate("user", "users"),
    )


def requests_calls(base_url: str) -> Calls:
    import requests

    session = requests.Session()
    session.headers.update({"X-DC-DEVKEY": API_KEY, "Accept": "application/json"})
    return session_calls(session, base_url)


def httpx_calls(base_url: str) -> Calls:
    import httpx

    client = httpx.Client(headers={"X-DC-DEVKEY": API_KEY, "Accept": "application/json"})
    return session_calls(client, base_url)


def run_native(command: list[str]) -> list[str]:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.splitlines()


def floor_timings(binary: str, emulator: Emulator, count: int, repeats: int) -> dict[str, Timing]:
    path = "/services/v2/account/subaccount/invite"
    cases = {
        "small_list": ("GET", f"{path}?limit=10", "-", count),
        "full_page": ("GET", f"{path}?limit=1000", "-", count // 10 + 1),
        "create_organization": (
            "POST",
            "/services/v2/organization",
            json.dumps(ORGANIZATION),
            count,
        ),
    }
    timings = {}
    for name, (method, target, body, calls) in cases.items():
        (line,) = run_native(
            [
                binary,
                emulator.host,
                str(emulator.port),
                method,
                target,
                API_KEY,
                body,
                str(calls),
                str(repeats),
            ]
        )
        median, low, high = (int(v) / 1e9 for v in line.split())
        timings[name] = Timing(median, low, high)
    return timings


def c_abi_timings(binary: str, emulator: Emulator, count: int, repeats: int) -> dict[str, Timing]:
    timings = {}
    for line in run_native([binary, emulator.base_url, API_KEY, str(count), str(repeats)]):
        name, median, low, high = line.split()
        timings[name] = Timing(int(median) / 1e9, int(low) / 1e9, int(high) / 1e9)
    return timings


def scaling(emulator: Emulator, calls_per_thread: int, repeats: int) -> dict[int, float]:
    """Calls per second with 1, 2, 4 and 8 threads on one client, at 5 ms of latency."""
    import certcentral

    emulator.control("settings", {"latency_ms": 5})
    client = certcentral.Client(API_KEY, base_url=emulator.base_url, max_retries=0)
    throughput: dict[int, float] = {}
    try:
        for threads in (1, 2, 4, 8):
            samples = []
            for _ in range(repeats):

                def work() -> None:
                    for _ in range(calls_per_thread):
                        client.list_invites(limit=10)

                workers = [threading.Thread(target=work) for _ in range(threads)]
                started = time.perf_counter()
                for worker in workers:
                    worker.start()
                for worker in workers:
                    worker.join()
                samples.append(threads * calls_per_thread / (time.perf_counter() - started))
            throughput[threads] = statistics.median(samples)
    finally:
        emulator.control("settings", {"latency_ms": 0})
        client.close()
    return throughput


ASYNC_CONCURRENCY = 64


def async_timings(emulator: Emulator, count: int, repeats: int) -> dict[str, float | Timing]:
    """AsyncClient: per-call time of sequential awaits against httpx.AsyncClient (no latency),
    and throughput of 64 concurrent awaits against one at a time, at 5 ms of latency."""
    import asyncio

    import httpx

    import certcentral

    async def per_call(call: Callable[[], Awaitable[object]]) -> Timing:
        for _ in range(max(1, count // 10)):
            await call()
        samples = []
        for _ in range(repeats):
            started = time.perf_counter()
            for _ in range(count):
                await call()
            samples.append((time.perf_counter() - started) / count)
        return Timing.of(samples)

    async def rate(client: certcentral.AsyncClient, concurrent: int, calls: int) -> float:
        async def worker() -> None:
            for _ in range(calls // concurrent):
                await client.list_invites(limit=10)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrent)))
        return calls / (time.perf_counter() - started)

    async def measure() -> dict[str, float | Timing]:
        headers = {"X-DC-DEVKEY": API_KEY, "Accept": "application/json"}
        url = emulator.base_url + "account/subaccount/invite"
        async with (
            certcentral.AsyncClient(API_KEY, base_url=emulator.base_url, max_retries=0) as ours,
            httpx.AsyncClient(headers=headers) as theirs,
        ):

            async def httpx_call() -> object:
                response = await theirs.get(url, params={"limit": 10, "offset": 0})
                response.raise_for_status()
                return response.json()

            results: dict[str, float | Timing] = {
                "certcentral": await per_call(lambda: ours.list_invites(limit=10)),
                "httpx.AsyncClient": await per_call(httpx_call),
            }
            emulator.control("settings", {"latency_ms": 5})
            try:
                results["one_at_a_time"] = statistics.median(
                    [await rate(ours, 1, 100) for _ in range(3)]
                )
                results["concurrent"] = statistics.median(
                    [await rate(ours, ASYNC_CONCURRENCY, 20 * ASYNC_CONCURRENCY) for _ in range(3)]
                )
            finally:
                emulator.control("settings", {"latency_ms": 0})
        return results

    return asyncio.run(measure())


@dataclass
class LimiterRun:
    operations: int
    failed: int
    seconds: float
    ideal_seconds: float
    server_429: int


# The documented windows (100 per 5 s, 1000 per 3 min) at 1/50 of their length, with 50 ms of
# latency at the same scale (1 ms): the ratio of latency to window is the real one.
LIMITER_SCALE = 0.02
LIMITER_LATENCY = 0.050 * LIMITER_SCALE
LIMITER_WINDOWS = [(most, period * LIMITER_SCALE) for most, period in DOCUMENTED_LIMITS]


def limiter_run(operations: int, threads: int) -> LimiterRun:
    """Bulk work through the documented limiter against an emulator that enforces them."""
    import certcentral
    from certcentral.testing import Emulator as InProcess

    failures: list[certcentral.CertCentralError] = []
    with InProcess(
        API_KEY, rate_limit=True, time_scale=LIMITER_SCALE, latency=LIMITER_LATENCY
    ) as emulator:
        with emulator.client(max_retries=0) as client:
            remaining = iter(range(operations))
            lock = threading.Lock()

            def work() -> None:
                while True:
                    with lock:
                        if next(remaining, None) is None:
                            return
                    try:
                        client.list_invites(limit=1)
                    except certcentral.CertCentralError as failure:
                        with lock:
                            failures.append(failure)

            workers = [threading.Thread(target=work) for _ in range(threads)]
            started = time.perf_counter()
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
            elapsed = time.perf_counter() - started
        rejected = emulator.stats()["rate_limited"]
    assert isinstance(rejected, int)
    # The last request's answer takes one latency after it is sent.
    ideal = ideal_seconds(operations, LIMITER_WINDOWS) + LIMITER_LATENCY
    return LimiterRun(operations, len(failures), elapsed, ideal, rejected)


MEMORY_PROBE = """
import resource, sys, certcentral
client = certcentral.Client(sys.argv[2], base_url=sys.argv[1], max_retries=0)
if sys.argv[3] == "iterate":
    seen = 0
    for invite in client.iter_invites(page_size=1000):
        seen += len(invite.email or "")
else:
    page = client.list_invites(limit=1000)
    seen = sum(len(invite.email or "") for invite in page)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, seen)
"""


def peak_memory(emulator: Emulator, mode: str, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        out = run_native([sys.executable, "-c", MEMORY_PROBE, emulator.base_url, API_KEY, mode])
        samples.append(float(out[0].split()[0]))
    return statistics.median(samples)


def import_time(module: str, repeats: int) -> Timing:
    probe = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    samples = [float(run_native([sys.executable, "-c", probe])[0]) for _ in range(repeats)]
    return Timing.of(samples)


def machine() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            model = next(
                line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    return (
        f"{model}, {os.cpu_count()} CPUs, Linux {platform.release()}, "
        f"CPython {platform.python_version()}"
    )


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--emulator", required=True)
    parser.add_argument("--floor", required=True)
    parser.add_argument("--c-bench", required=True)
    parser.add_argument("--out", default="bench/results.md")
    parser.add_argument("--count", type=int, default=400, help="calls per repeat")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--only-bulk", action="store_true", help="measure the bulk rate only")
    parser.add_argument("--https-only", action="store_true", help="only the HTTPS rows")
    parser.add_argument("--only-latency", action="store_true", help="only the latency rows")
    args = parser.parse_args()
    from latency import latency_lines

    if args.only_latency:
        print("\n".join(latency_lines(args.emulator, Emulator, API_KEY, args.repeats)))
        return 0
    if args.https_only:
        print("\n".join(https_lines(https_timings(args.emulator, args.count, args.repeats))))
        return 0

    bulk = bulk_rate(args.emulator, "build/bench/bulk")
    bulk_at_latency = bulk_rate(args.emulator, "build/bench/bulk-latency", latency_ms=LATENCY_MS)
    print("measuring a 100,000-row plan's memory (about 2 minutes) ...", file=sys.stderr)
    plan_rss = plan_memory(args.emulator, "build/bench/plan")
    if args.only_bulk:
        print("\n".join(bulk_lines(bulk, bulk_at_latency) + plan_memory_lines(*plan_rss)))
        return 0

    import httpx
    import requests

    import certcentral

    emulator = Emulator(args.emulator)
    try:
        seeded = emulator.control("seed", {"users": SEEDED_USERS})
        users = seeded["users"]
        assert isinstance(users, int) and users >= SEEDED_USERS
        python_clients = {
            "certcentral": certcentral_calls(emulator.base_url),
            "requests.Session": requests_calls(emulator.base_url),
            "httpx.Client": httpx_calls(emulator.base_url),
        }
        rows: dict[str, dict[str, Timing]] = {name: {} for name in python_clients}
        for name, calls in python_clients.items():
            print(f"measuring {name} ...", file=sys.stderr)
            rows[name]["small_list"] = time_calls(calls.small_list, args.count, args.repeats)
            rows[name]["full_page"] = time_calls(
                calls.full_page, args.count // 10 + 1, args.repeats
            )
            rows[name]["create_organization"] = time_calls(
                calls.create_organization, args.count, args.repeats
            )
            assert calls.iterate_all() == SEEDED_INVITES
            rows[name]["iterate_100k"] = time_calls(calls.iterate_all, 1, 3)
            assert calls.iterate_users() == users
            rows[name]["iterate_users"] = time_calls(calls.iterate_users, 1, 3)
        print("measuring the floor and the C ABI ...", file=sys.stderr)
        floor = floor_timings(args.floor, emulator, args.count, args.repeats)
        c_abi = c_abi_timings(args.c_bench, emulator, args.count, args.repeats)
        print("measuring scaling, memory and import time ...", file=sys.stderr)
        throughput = scaling(emulator, calls_per_thread=60, repeats=3)
        print("measuring AsyncClient ...", file=sys.stderr)
        asynchronous = async_timings(emulator, args.count, args.repeats)
        rss_iterating = peak_memory(emulator, "iterate", 3)
        rss_one_page = peak_memory(emulator, "page", 3)
    finally:
        emulator.close()
    print("measuring the rate limiter (about 15 s) ...", file=sys.stderr)
    limiter = limiter_run(operations=5000, threads=8)
    https = https_timings(args.emulator, args.count, args.repeats)
    latency = latency_lines(args.emulator, Emulator, API_KEY, args.repeats)
    import_ours = import_time("certcentral", 15)
    import_requests = import_time("requests", 15)

    ours = rows["certcentral"]
    lines = [
        "# Benchmark results",
        "",
        f"One run of `make bench` on {datetime.date.today().isoformat()}: {machine()}.",
        f"certcentral {certcentral.__version__}, requests {requests.__version__},"
        f" httpx {httpx.__version__};",
        "all against the same release emulator on 127.0.0.1"
        " (keep-alive, no added latency unless stated).",
        f"Per-call times are medians of {args.repeats} repeats of {args.count} calls"
        f" ({args.count // 10 + 1} for a full page; 3 repeats for iterating), with the fastest and",
        "slowest repeat in brackets. The other clients decode the JSON too (`.json()`).",
        "",
        "## Python: certcentral against requests and httpx",
        "",
        "| call | certcentral | requests.Session | httpx.Client | vs requests | vs httpx |",
        "|---|---|---|---|---|---|",
    ]
    labels = {
        "small_list": "small list (limit 10)",
        "full_page": "full page (limit 1000)",
        "create_organization": "create_organization",
        "iterate_100k": "iterate 100,000 invites",
        "iterate_users": f"iterate {users:,} users",
    }
    for key, label in labels.items():
        mine, req, hx = ours[key], rows["requests.Session"][key], rows["httpx.Client"][key]
        lines.append(
            f"| {label} | {mine.show()} | {req.show()} | {hx.show()} "
            f"| {mine.median / req.median:.2f}× | {mine.median / hx.median:.2f}× |"
        )
    lines += [
        "",
        "## Against the floor (a raw-socket keep-alive HTTP/1.1 client in C)",
        "",
        "| call | floor | certcentral (Python) | × floor | C ABI | × floor |",
        "|---|---|---|---|---|---|",
    ]
    for key in ("small_list", "full_page", "create_organization"):
        lines.append(
            f"| {labels[key]} | {floor[key].show()} | {ours[key].show()}"
            f" | {ours[key].median / floor[key].median:.2f}× "
            f"| {c_abi[key].show()} | {c_abi[key].median / floor[key].median:.2f}× |"
        )
    lines += [
        "",
        "## Threads on one client (small list, 5 ms emulator latency)",
        "",
        "| threads | calls/s | × 1 thread |",
        "|---|---|---|",
    ]
    for threads, rate in throughput.items():
        lines.append(f"| {threads} | {rate:.0f} | {rate / throughput[1]:.2f}× |")
    ours_async, httpx_async = asynchronous["certcentral"], asynchronous["httpx.AsyncClient"]
    one_at_a_time, concurrent = asynchronous["one_at_a_time"], asynchronous["concurrent"]
    assert isinstance(ours_async, Timing) and isinstance(httpx_async, Timing)
    assert isinstance(one_at_a_time, float) and isinstance(concurrent, float)
    async_vs_httpx = ours_async.median / httpx_async.median
    async_scaling = concurrent / one_at_a_time
    achieved = limiter.ideal_seconds / limiter.seconds
    lines += [
        "",
        "## asyncio: AsyncClient",
        "",
        "| measure | certcentral.AsyncClient | httpx.AsyncClient | ratio |",
        "|---|---|---|---|",
        f"| small list, one await after another | {ours_async.show()} | {httpx_async.show()}"
        f" | {async_vs_httpx:.2f}× |",
        "",
        f"At 5 ms of emulator latency: {one_at_a_time:.0f} calls/s one await at a time,"
        f" {concurrent:.0f} calls/s with {ASYNC_CONCURRENCY} concurrent awaits"
        f" ({async_scaling:.1f}×).",
        "",
        "## Rate limiter at the documented limits",
        "",
        f"{limiter.operations:,} list calls from 8 threads through the documented limiter (100 per"
        " 5 s, 1000 per 3 min), against an emulator that enforces the same limits, both at 1/50"
        " of real time, with 50 ms of latency at that scale (1 ms). The ideal is the earliest"
        " every call could finish if each were sent the moment the windows allow it.",
        "",
        "| calls | failed | took | ideal | achieved rate / documented limit | server 429s |",
        "|---|---|---|---|---|---|",
        f"| {limiter.operations:,} | {limiter.failed} | {limiter.seconds:.2f} s"
        f" | {limiter.ideal_seconds:.2f} s | {achieved:.3f} | {limiter.server_429} |",
    ]
    session = rows["requests.Session"]
    small_vs_requests = ours["small_list"].median / session["small_list"].median
    page_vs_requests = ours["full_page"].median / session["full_page"].median
    small_vs_floor = ours["small_list"].median / floor["small_list"].median
    users_vs_requests = ours["iterate_users"].median / session["iterate_users"].median
    c_vs_python = c_abi["full_page"].median / ours["full_page"].median
    lines += [
        "",
        "## Memory and import",
        "",
        f"- Peak RSS iterating 100,000 invites: {rss_iterating / 2**20:.1f} MiB;"
        f" holding one page of 1000: {rss_one_page / 2**20:.1f} MiB"
        f" ({rss_iterating / rss_one_page:.2f}×).",
        f"- `import certcentral`: {import_ours.show()}; `import requests`: {import_requests.show()}"
        f" ({import_ours.median / import_requests.median:.2f}×), median of 15 fresh interpreters.",
        "",
        "## Targets",
        "",
        "| target | result | |",
        "|---|---|---|",
        f"| small list ≤ 0.5× requests.Session | {small_vs_requests:.2f}×"
        f" | {verdict(small_vs_requests <= 0.5)} |",
        f"| full page ≤ 0.7× requests.Session with .json() | {page_vs_requests:.2f}×"
        f" | {verdict(page_vs_requests <= 0.7)} |",
        f"| small list ≤ 1.5× the floor | {small_vs_floor:.2f}×"
        f" | {verdict(small_vs_floor <= 1.5)} |",
        f"| 8 threads ≥ 6× 1 thread at 5 ms | {throughput[8] / throughput[1]:.2f}×"
        f" | {verdict(throughput[8] >= 6 * throughput[1])} |",
        f"| RSS iterating 100k ≤ 1.2× one page | {rss_iterating / rss_one_page:.2f}×"
        f" | {verdict(rss_iterating <= 1.2 * rss_one_page)} |",
        f"| import ≤ import requests | {import_ours.median / import_requests.median:.2f}×"
        f" | {verdict(import_ours.median <= import_requests.median)} |",
        f"| iterate users ≤ 0.5× requests paging by hand | {users_vs_requests:.2f}×"
        f" | {verdict(users_vs_requests <= 0.5)} |",
        f"| C full page ≤ Python full page | {c_vs_python:.2f}× | {verdict(c_vs_python <= 1.0)} |",
        f"| AsyncClient per call ≤ 0.5× httpx.AsyncClient | {async_vs_httpx:.2f}×"
        f" | {verdict(async_vs_httpx <= 0.5)} |",
        f"| {ASYNC_CONCURRENCY} concurrent awaits ≥ 30× one at a time at 5 ms"
        f" | {async_scaling:.1f}× | {verdict(async_scaling >= 30)} |",
        f"| limiter achieved rate ≥ 0.95 of the documented limit, 0 server 429 | {achieved:.3f},"
        f" {limiter.server_429} | {verdict(achieved >= 0.95 and limiter.server_429 == 0)} |",
        "",
        *bulk_lines(bulk, bulk_at_latency),
        *plan_memory_lines(*plan_rss),
        *https_lines(https),
        *latency,
    ]
    report = "\n".join(lines)
    print(report)
    with open(args.out, "w") as out:
        out.write(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
