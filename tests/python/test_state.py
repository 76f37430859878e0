"""certcentral.state from Python: typed plans of an empty and of a matching account, a field
change (live → wanted), apply then plan (no changes, no writes), a saved plan refused once the
account moved, and a refused file listing every problem."""

from __future__ import annotations

import pathlib

import pytest

import certcentral
from certcentral import state
from certcentral.testing import Emulator

ACCOUNT = """
[[division]]
name = "EMEA"

[[user]]
username = "grace"
email = "grace@example.com"
first_name = "Grace"
last_name = "Hopper"
roles = ["Manager"]
divisions = ["EMEA"]

[[organization]]
name = "Acme Ltd"
address = "1 Main St"
city = "Lehi"
state = "ut"
zip = "84043"
country = "us"
telephone = "801-555-0100"
validations = ["ov"]

[organization.contact]
first_name = "Ada"
last_name = "Lovelace"
email = "ada@example.com"
telephone = "801-555-0101"
"""


def writes(emulator: Emulator) -> int:
    requests: dict[str, int] = emulator.stats()["requests"]
    return sum(n for route, n in requests.items() if not route.startswith("GET"))


def test_plan_apply_and_plan_again(
    emulator: Emulator, client: certcentral.Client, tmp_path: pathlib.Path
) -> None:
    path = tmp_path / "accounts.toml"
    path.write_text(ACCOUNT)
    plan = state.plan(client, path)
    assert [(i.sign, i.address) for i in plan.items] == [
        ("+", "division.EMEA"),
        ("+", "user.grace"),
        ("+", "organization.Acme Ltd"),
    ]
    assert plan.unmanaged == ["user.admin"]
    assert writes(emulator) == 0

    progress: list[state.Progress] = []
    result = state.apply(client, plan, tmp_path / "run.db", progress=progress.append)
    assert result.converged and not result.remaining.has_changes
    assert all(stage.all_done for stage in result.stages)
    assert progress and progress[-1].settled == progress[-1].total

    again = state.plan(client, path)
    assert not again.has_changes
    before = writes(emulator)
    assert state.apply(client, path, tmp_path / "run2.db").stages == []
    assert writes(emulator) == before

    path.write_text(ACCOUNT.replace("grace@example.com", "grace@navy.example"))
    changed = state.plan(client, path, targets=["user.grace"])
    assert [(i.change, i.address) for i in changed.items] == [("update", "user.grace")]
    assert changed.items[0].fields == [
        state.FieldChange("email", "grace@example.com", "grace@navy.example")
    ]


def test_a_saved_plan_is_refused_once_the_account_moved(
    client: certcentral.Client, tmp_path: pathlib.Path
) -> None:
    path = tmp_path / "accounts.toml"
    path.write_text(ACCOUNT)
    plan = state.plan(client, path)
    plan.save(tmp_path / "plan.json")
    client.add_user(
        username="mallory",
        first_name="M",
        last_name="X",
        email="m@example.com",
        access_roles=[5],
    )
    with pytest.raises(certcentral.InvalidArgumentError, match="user.mallory appeared"):
        state.apply(client, plan, tmp_path / "run.db")
    with pytest.raises(certcentral.InvalidArgumentError, match="user.mallory appeared"):
        state.apply(client, tmp_path / "plan.json", tmp_path / "run2.db")


def test_a_file_with_problems_lists_every_one(
    emulator: Emulator, client: certcentral.Client, tmp_path: pathlib.Path
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[[user]]\nemail = 3\n[[gadget]]\nname = "x"\n')
    with pytest.raises(certcentral.InvalidArgumentError) as raised:
        state.plan(client, path)
    text = str(raised.value)
    assert "line 1: user[1].username: is required" in text
    assert "line 2: user[1].email: must be a string" in text
    assert "line 3: gadget: is not a kind" in text
    assert sum(emulator.stats()["requests"].values()) == 0
