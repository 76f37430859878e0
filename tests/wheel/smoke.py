"""Smoke test of the installed wheel, run by `make wheel-test` in a fresh venv without Rust.

It checks that the package comes from the wheel (not from the source tree), that no Rust
toolchain is on PATH, that the wheel was built without the test-only hooks, and that the bundled
emulator and a client work together: an invite sent, then listed.
"""

from __future__ import annotations

import shutil
import sys
import sysconfig
from pathlib import Path

import certcentral
from certcentral import _certcentral
from certcentral.testing import Emulator


def main() -> None:
    site_packages = Path(sysconfig.get_paths()["platlib"]).resolve()
    package = Path(certcentral.__file__).resolve()
    assert site_packages in package.parents, f"imported {package}, not from {site_packages}"
    assert Path(_certcentral.__file__).name == "_certcentral.abi3.so", _certcentral.__file__
    for tool in ("cargo", "rustc"):
        assert shutil.which(tool) is None, f"{tool} is on PATH: {shutil.which(tool)}"
    assert not hasattr(_certcentral, "_panic_for_tests"), "the wheel has the test-only hooks"

    with Emulator(api_key="smoke-key") as emulator, emulator.client() as client:
        client.send_invite(["smoke@example.com"], "retail", invite_note="from the wheel")
        page = client.list_invites(email="smoke@example.com")
        assert page.total == 1, page.total
        [invite] = list(page)
        assert (invite.email, invite.subaccount_type, invite.invite_note) == (
            "smoke@example.com",
            "retail",
            "from the wheel",
        ), invite
        assert emulator.stats()["invites_created"] == 1

    python = sys.version.split()[0]
    print(f"smoke: certcentral {certcentral.__version__} in {package.parent}, Python {python}")


if __name__ == "__main__":
    main()
