"""A full disk never loses a one-time key: run by test_bulk_command.py inside a private user and
mount namespace (``unshare --user --map-root-user --mount``), where it may mount a tiny tmpfs
for the keys file. Prints ``full_disk: all checks passed`` and exits 0, or fails an assertion."""

from __future__ import annotations

import json
import os
import pathlib
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from typing import Any

from certcentral.testing import Emulator

SCRIPT = pathlib.Path(sys.executable).with_name("certcentral")
PAGE = 4096
HEADER = (
    "key,kind,account_type,user.first_name,user.last_name,user.email,organization.name,"
    "organization.address,organization.zip,organization.city,organization.state,"
    "organization.country"
)


def plan(path: pathlib.Path, keys: list[str]) -> None:
    rows = [
        f"{k},create_subaccount,managed,Ann,Lee,{k}@sub.example.com,Sub {k},2 Way,10001,"
        "London,ldn,gb"
        for k in keys
    ]
    path.write_text("\n".join([HEADER, *rows]) + "\n")


def mount_tmpfs(where: pathlib.Path, size: int) -> None:
    where.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], check=True)


def fill(disk: pathlib.Path, leave_pages: int) -> pathlib.Path:
    """Fills the tmpfs, then frees `leave_pages` pages."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * PAGE)
        except OSError:
            pass
    size = filler.stat().st_size
    os.truncate(filler, max(0, size - leave_pages * PAGE))
    return filler


def command(emulator: Emulator, cwd: pathlib.Path, *args: str) -> subprocess.Popen[str]:
    env = dict(
        os.environ, DIGICERT_API_KEY=emulator.api_key, CERTCENTRAL_BASE_URL=emulator.base_url
    )
    return subprocess.Popen(
        [SCRIPT, *args, "--rate-limit", "off", "--workers", "1"],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(child: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = child.communicate(timeout=120)
    return child.returncode, out + err


def rows(journal: pathlib.Path) -> dict[str, dict[str, Any]]:
    with sqlite3.connect(journal) as db:
        db.row_factory = sqlite3.Row
        return {r["key"]: dict(r) for r in db.execute("SELECT * FROM operations")}


def keys_in(path: pathlib.Path) -> list[str]:
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    return [line["key"] for line in lines if "api_key" in line]


def no_room_at_start(emulator: Emulator, work: pathlib.Path, disk: pathlib.Path) -> None:
    filler = fill(disk, leave_pages=0)
    plan(work / "a.csv", ["a1", "a2"])
    code, said = finish(
        command(
            emulator,
            work,
            "bulk",
            "run",
            "a.csv",
            "--journal",
            "a.db",
            "--keys-file",
            str(disk / "a.keys"),
        )
    )
    assert code == 3, said
    assert "a.keys" in said and "cannot be written" in said, said
    assert emulator.stats()["subaccounts_created"] == 0, "nothing was sent"
    filler.unlink()


def running_out_of_room(emulator: Emulator, work: pathlib.Path, disk: pathlib.Path) -> None:
    filler = fill(disk, leave_pages=1)
    names = [f"b{i}" for i in range(8)]
    plan(work / "b.csv", names)
    before = emulator.stats()["subaccounts_created"]
    code, said = finish(
        command(
            emulator,
            work,
            "bulk",
            "run",
            "b.csv",
            "--journal",
            "b.db",
            "--keys-file",
            str(disk / "b.keys"),
        )
    )
    assert code == 3, said
    assert "has no room for the next one-time key" in said, said
    assert "resume with: certcentral bulk resume b.db" in said, said
    created = emulator.stats()["subaccounts_created"] - before
    saved = keys_in(disk / "b.keys")
    assert 1 <= created < len(names), (created, said)
    assert len(saved) == created, "every key of every creation is in the file"
    states = {k: r["state"] for k, r in rows(work / "b.db").items()}
    assert sorted(k for k, s in states.items() if s == "done") == sorted(saved), states
    assert all(s in ("done", "pending") for s in states.values()), states
    # Room again: the resume sends the rest, once each.
    filler.unlink()
    code, said = finish(command(emulator, work, "bulk", "resume", "b.db"))
    assert code == 0, said
    assert emulator.stats()["subaccounts_created"] - before == len(names)
    assert sorted(keys_in(disk / "b.keys")) == sorted(names)


def write_failing_after_the_answer(emulator: Emulator, work: pathlib.Path) -> None:
    disk = work / "holes"
    mount_tmpfs(disk, 64 * 1024)
    plan(work / "c.csv", ["c1"])
    emulator.add_fault(route="POST account", kind="hold", ms=60_000, times=1)
    keys = disk / "c.keys"
    child = command(
        emulator, work, "bulk", "run", "c.csv", "--journal", "c.db", "--keys-file", str(keys)
    )
    deadline = time.monotonic() + 60
    while emulator.stats()["held"] == 0:
        assert time.monotonic() < deadline, "the creation was never held"
        time.sleep(0.01)
    # Its slot is written. Take the space back from under it (a hole where the slot was) and
    # fill the file system: writing the key now needs room there is not.
    # Whole pages: only those are given back.
    pages = -(-keys.stat().st_size // PAGE) * PAGE
    subprocess.run(
        ["fallocate", "--punch-hole", "--offset", "0", "--length", str(pages), str(keys)],
        check=True,
    )
    fill(disk, leave_pages=0)
    emulator.release()
    code, said = finish(child)
    assert code == 3, said
    rescued = work / "c.db.rescued-key-0.json"
    assert str(rescued) in said and "saved to" in said, said
    assert stat.S_IMODE(rescued.stat().st_mode) == 0o600
    line = json.loads(rescued.read_text())
    assert line["key"] == "c1" and line["api_key"], line
    assert line["api_key"] not in said, "the key itself is never printed"
    row = rows(work / "c.db")["c1"]
    assert row["state"] == "done" and str(rescued) in row["message"], row


def main() -> None:
    work = pathlib.Path(tempfile.mkdtemp(prefix="certcentral-full-disk-"))
    disk = work / "disk"
    mount_tmpfs(disk, 16 * 1024)
    with Emulator(api_key="full-disk-key") as emulator:
        no_room_at_start(emulator, work, disk)
        running_out_of_room(emulator, work, disk)
        write_failing_after_the_answer(emulator, work)
    print("full_disk: all checks passed")


if __name__ == "__main__":
    main()
