"""Bulk provisioning that survives crashes: a plan of operations, run at the rate limit by
workers sharing one client, journaled in SQLite so that a run killed at any instant resumes and
repeats nothing.

    from certcentral import Client, bulk

    plan = bulk.Plan.from_csv("plan.csv")      # or bulk.Plan.from_dicts([...])
    with Client() as client:
        report = bulk.run(client, plan, "run.db", progress=print)
        # after a crash: bulk.resume(client, "run.db")
    print(report.counts, report.failures, report.ids)

Each operation is a dict (or CSV row) with a ``key`` unique in the plan, a ``kind``
(``send_invite``, ``add_user``, ``add_service_user``, ``create_organization``,
``create_subaccount``, and the lifecycle kinds ``update_user``, ``delete_user``,
``set_user_roles``, ``set_user_containers``, ``revoke_api_key``, ``delete_organization``,
``create_container``, ``submit_organization_validation``: see the README's table of their
columns) and the request's fields by their API names; nested objects may be dicts or dotted
columns (``user.email``). A plan with any problem is refused whole, before anything is sent:
``PlanError.problems`` lists each by row and column.

Operations end ``done`` (with the created id), ``failed`` (refused; nothing was carried out) or
``needs_attention`` (it may have been carried out and nothing can tell: a subaccount or service
user whose answer was lost). One-time keys go to the keys file (mode 0600, beside the journal
unless ``keys_file`` says otherwise) and to ``on_key``; never to the journal or a log.

``arun`` and ``aresume`` do the same for ``AsyncClient`` users; their callbacks are called on
the worker thread the run uses, not on the event loop.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Callable, Union

from ._async import AsyncClient
from ._certcentral import (
    Client,
    _bulk_plan,
    _bulk_plan_csv,
    _bulk_resume,
    _bulk_run,
    _bulk_status,
    _BulkPlan,
)
from ._exceptions import ValidationError

__all__ = [
    "OneTimeKey",
    "Operation",
    "Plan",
    "PlanError",
    "Problem",
    "Progress",
    "Report",
    "arun",
    "aresume",
    "resume",
    "run",
    "status",
]

StrPath = Union[str, "os.PathLike[str]"]

#: Operation states, in report order.
STATES = ("pending", "in_flight", "done", "failed", "needs_attention")


@dataclass(frozen=True)
class Problem:
    """One problem of a refused plan: the data row (1 = first), the CSV line, the column."""

    row: int | None
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = "plan"
        if self.row is not None:
            where = f"row {self.row}" + (f" (line {self.line})" if self.line else "")
        elif self.line is not None:
            where = f"line {self.line}"
        column = f", column `{self.column}`" if self.column else ""
        return f"{where}{column}: {self.message}"


class PlanError(ValidationError):
    """A plan refused before anything was sent; ``problems`` lists every problem. A
    ``ValidationError`` (so a ``CertCentralError`` and a ``ValueError``) whose ``field`` and
    ``rule`` are those of the first problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n  ".join(str(p) for p in problems)
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        first = problems[0] if problems else None
        super().__init__(
            f"the plan has {count} {noun} (nothing was sent):\n  {lines}",
            kind="validation",
            field=first.column if first else None,
            rule=first.message if first else None,
        )


def _checked(made: tuple[_BulkPlan | None, list[tuple[Any, Any, Any, str]]]) -> Plan:
    native, problems = made
    if native is None:
        raise PlanError([Problem(*p) for p in problems])
    return Plan(native)


class Plan:
    """A checked plan: unique keys, known kinds, every documented rule met."""

    def __init__(self, native: _BulkPlan) -> None:
        self._native = native

    @classmethod
    def from_dicts(cls, rows: Iterable[Mapping[str, Any]]) -> Plan:
        """A plan from dicts (``key``, ``kind``, and the request's fields); raises PlanError."""
        # Any mapping becomes a dict; anything else is reported by row.
        return _checked(_bulk_plan([dict(r) if isinstance(r, Mapping) else r for r in rows]))

    @classmethod
    def from_csv(cls, source: StrPath | Iterable[Mapping[str, str]]) -> Plan:
        """A plan from a CSV file (a path), or from rows such as ``csv.DictReader`` gives;
        raises PlanError."""
        if isinstance(source, (str, os.PathLike)):
            return _checked(_bulk_plan_csv(os.fspath(source)))
        return cls.from_dicts(source)

    def keys(self) -> list[str]:
        """The operations' keys, in plan order."""
        return self._native.keys()

    def __len__(self) -> int:
        return len(self._native)

    def __repr__(self) -> str:
        return f"Plan({len(self)} operations)"


@dataclass(frozen=True)
class Progress:
    """How far a run is: counts over the whole plan, rate and ETA of this run."""

    total: int
    pending: int
    in_flight: int
    done: int
    failed: int
    needs_attention: int
    settled: int
    elapsed: float
    rate: float
    eta: float | None

    @property
    def remaining(self) -> int:
        """Operations not yet settled."""
        return self.pending + self.in_flight


@dataclass(frozen=True)
class OneTimeKey:
    """A one-time key the run received (already in the keys file). ``repr`` hides the key."""

    key: str
    kind: str
    id: int | None
    api_key: str = field(repr=False)


@dataclass(frozen=True)
class Operation:
    """One operation as the journal has it."""

    key: str
    kind: str
    state: str
    attempts: int
    id: int | None
    error_kind: str | None
    message: str | None
    key_written: bool


@dataclass(frozen=True)
class Report:
    """A journal's state: every operation, and counts per state."""

    journal: str
    keys_file: str
    counts: dict[str, int]
    operations: list[Operation]

    @property
    def failures(self) -> list[Operation]:
        """The failed operations, with their errors."""
        return [op for op in self.operations if op.state == "failed"]

    @property
    def needs_attention(self) -> list[Operation]:
        """Operations that may have been carried out, with what is known."""
        return [op for op in self.operations if op.state == "needs_attention"]

    @property
    def ids(self) -> dict[str, int | None]:
        """The id each done operation created, by key (None for an invite: its answer has
        none)."""
        return {op.key: op.id for op in self.operations if op.state == "done"}

    @property
    def all_done(self) -> bool:
        """Whether every operation is done."""
        return all(op.state == "done" for op in self.operations)

    @property
    def finished(self) -> bool:
        """Whether nothing is left to run or check."""
        return not any(op.state in ("pending", "in_flight") for op in self.operations)


def _report(raw: dict[str, Any]) -> Report:
    return Report(
        journal=str(raw["journal"]),
        keys_file=str(raw["keys_file"]),
        counts=dict(raw["counts"]),
        operations=[Operation(**op) for op in raw["operations"]],
    )


ProgressCallback = Callable[[Progress], object]
KeyCallback = Callable[[OneTimeKey], object]


def _callbacks(
    progress: ProgressCallback | None, on_key: KeyCallback | None
) -> tuple[Callable[[dict[str, Any]], object] | None, Callable[[dict[str, Any]], object] | None]:
    def tell(raw: dict[str, Any]) -> object:
        assert progress is not None
        return progress(Progress(**raw))

    def give(raw: dict[str, Any]) -> object:
        assert on_key is not None
        return on_key(OneTimeKey(**raw))

    return (tell if progress else None, give if on_key else None)


def run(
    client: Client,
    plan: Plan,
    journal: StrPath,
    *,
    keys_file: StrPath | None = None,
    workers: int = 4,
    max_attempts: int = 3,
    progress: ProgressCallback | None = None,
    on_key: KeyCallback | None = None,
) -> Report:
    """Runs ``plan``, journaling it in the new file ``journal``; returns the final state.

    ``progress`` is called after the start and as each operation settles; ``on_key`` with each
    one-time key (also written to ``keys_file``, default ``<journal>.keys.jsonl``). An exception
    from either stops the run (operations under way finish) and is raised. Ctrl-C stops it the
    same way. ``resume`` goes on from the journal.
    """
    tell, give = _callbacks(progress, on_key)
    path = os.fspath(keys_file) if keys_file is not None else None
    raw = _bulk_run(
        client, plan._native, os.fspath(journal), path, workers, max_attempts, tell, give
    )
    return _report(raw)


def resume(
    client: Client,
    journal: StrPath,
    *,
    retry_failed: bool = False,
    workers: int = 4,
    max_attempts: int = 3,
    progress: ProgressCallback | None = None,
    on_key: KeyCallback | None = None,
) -> Report:
    """Goes on with the run ``journal`` holds: operations that may have been sent are checked on
    the read side first; nothing is repeated. ``retry_failed`` sends the failed ones again (the
    server refused them, so that repeats nothing)."""
    tell, give = _callbacks(progress, on_key)
    raw = _bulk_resume(client, os.fspath(journal), workers, max_attempts, retry_failed, tell, give)
    return _report(raw)


def status(journal: StrPath) -> Report:
    """The state of the run ``journal`` holds; sends nothing."""
    return _report(_bulk_status(os.fspath(journal)))


async def arun(
    client: AsyncClient,
    plan: Plan,
    journal: StrPath,
    *,
    keys_file: StrPath | None = None,
    workers: int = 4,
    max_attempts: int = 3,
    progress: ProgressCallback | None = None,
    on_key: KeyCallback | None = None,
) -> Report:
    """``run`` for an ``AsyncClient``. Cancelling it stops the run like Ctrl-C."""
    # The AsyncClient's own pool and cancellation (private to the package, hence untyped).
    inner: Any = client
    result: Report = await inner._run(
        "bulk.run",
        False,
        run,
        inner._client,
        plan,
        journal,
        keys_file=keys_file,
        workers=workers,
        max_attempts=max_attempts,
        progress=progress,
        on_key=on_key,
    )
    return result


async def aresume(
    client: AsyncClient,
    journal: StrPath,
    *,
    retry_failed: bool = False,
    workers: int = 4,
    max_attempts: int = 3,
    progress: ProgressCallback | None = None,
    on_key: KeyCallback | None = None,
) -> Report:
    """``resume`` for an ``AsyncClient``."""
    inner: Any = client
    result: Report = await inner._run(
        "bulk.resume",
        False,
        resume,
        inner._client,
        journal,
        retry_failed=retry_failed,
        workers=workers,
        max_attempts=max_attempts,
        progress=progress,
        on_key=on_key,
    )
    return result
