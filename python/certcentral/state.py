"""Accounts as code: a state file (TOML, or JSON of the same shape) says what divisions, users,
service users and organizations an account holds; ``plan`` compares it with the live account
and ``apply`` converges the account to it through the bulk engine, stage by stage, journaled,
so that an apply killed at any instant goes on from where it got to when run again with the
same journal folder and repeats nothing.

    from certcentral import Client, state

    with Client() as client:
        plan = state.plan(client, "accounts.toml")
        for item in plan.items:
            print(item.change, item.address, [(f.field, f.live, f.wanted) for f in item.fields])
        result = state.apply(client, plan, "run.db")   # or a path: the file is planned again
        assert result.converged

The core owns the behaviour (the README's "Accounts as code" documents every field); this
module only gives it types. A state file with problems raises ``InvalidArgumentError`` listing
every problem by line and key; nothing is read or sent.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Literal, Union

from ._certcentral import Client, _state_apply, _state_plan
from .bulk import Progress, Report, _report

__all__ = ["ApplyResult", "FieldChange", "Item", "Plan", "Progress", "Report", "apply", "plan"]

StrPath = Union[str, "os.PathLike[str]"]
Change = Literal["create", "update", "delete"]


@dataclass(frozen=True)
class FieldChange:
    """One field of an item: the live value (None for a creation) and the wanted one (None for
    a deletion), as JSON values."""

    field: str
    live: Any
    wanted: Any


@dataclass(frozen=True)
class Item:
    """One object to create, change or delete; ``address`` is ``kind.key`` (``user.grace``)."""

    address: str
    change: Change
    fields: list[FieldChange]

    @property
    def sign(self) -> str:
        """``+``, ``~`` or ``-``."""
        return {"create": "+", "update": "~", "delete": "-"}[self.change]


@dataclass(frozen=True)
class Plan:
    """A plan: the items, what the file does not mention (``unmanaged``, never touched), notes
    on what cannot be changed here, and the live state's fingerprint. ``apply`` takes it as a
    saved plan: refused if the account moved since."""

    items: list[Item]
    unmanaged: list[str]
    notes: list[str]
    fingerprint: str
    _saved: str = field(repr=False, compare=False)

    @property
    def has_changes(self) -> bool:
        """Whether applying it would change anything."""
        return bool(self.items)

    def save(self, path: StrPath) -> None:
        """Writes it as ``certcentral plan --out`` does, for ``certcentral apply``."""
        if not self._saved:
            raise ValueError("this plan was not made by state.plan: plan again")
        with open(path, "w", encoding="utf-8") as out:
            out.write(self._saved)


def _plan(raw: dict[str, Any], saved: str) -> Plan:
    return Plan(
        items=[
            Item(
                address=str(i["address"]),
                change=i["change"],
                fields=[FieldChange(**f) for f in i["fields"]],
            )
            for i in raw["items"]
        ],
        unmanaged=[str(u) for u in raw["unmanaged"]],
        notes=[str(n) for n in raw["notes"]],
        fingerprint=str(raw["fingerprint"]),
        _saved=saved,
    )


def plan(
    client: Client,
    path: StrPath,
    *,
    prune: bool = False,
    targets: list[str] | None = None,
) -> Plan:
    """Reads the account and plans the state file (or saved plan) at ``path``; sends nothing.

    ``prune`` turns users, service users' keys and organizations the file does not mention into
    deletions (never the API key's own user); ``targets`` (``["user.grace"]``) limits the plan
    to those objects.
    """
    saved = _state_plan(client, os.fspath(path), prune, targets)
    return _plan(json.loads(saved)["plan"], saved)


@dataclass(frozen=True)
class ApplyResult:
    """What ``apply`` did: each stage's bulk report, the plan left (empty when converged), and
    where the one-time keys of created service users are (mode 0600)."""

    stages: list[Report]
    remaining: Plan
    converged: bool
    keys_file: str


def apply(
    client: Client,
    plan_or_path: Plan | StrPath,
    journal: StrPath,
    *,
    workers: int = 4,
    max_attempts: int = 3,
    progress: Callable[[Progress], object] | None = None,
) -> ApplyResult:
    """Converges the account to a state file (planned again now, without pruning) or to a
    ``Plan`` (with the ``prune`` and ``targets`` it was made with; refused if the account moved
    since it was made). ``journal`` is a folder of stage journals: after a crash, call
    ``apply`` again with it to go on. ``progress`` is called as operations settle.
    """

    def tell(raw: dict[str, Any]) -> object:
        assert progress is not None
        return progress(Progress(**raw))

    if isinstance(plan_or_path, Plan):
        if not plan_or_path._saved:
            raise ValueError("this plan was not made by state.plan: plan again")
        path, saved = None, plan_or_path._saved
    else:
        path, saved = os.fspath(plan_or_path), None
    raw = _state_apply(
        client,
        path,
        saved,
        os.fspath(journal),
        workers,
        max_attempts,
        tell if progress else None,
    )
    remaining = str(raw["remaining"])
    return ApplyResult(
        stages=[_report(r) for r in raw["stages"]],
        remaining=_plan(json.loads(remaining), ""),
        converged=bool(raw["converged"]),
        keys_file=str(raw["keys_file"]),
    )
