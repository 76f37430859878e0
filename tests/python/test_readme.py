"""Every code block of the README works as written: Python blocks run against a fresh emulator
(Client and AsyncClient are pointed at it, and DIGICERT_API_KEY holds its key), C blocks are
compiled with -Werror against the built library and run against the emulator, and shell and
text blocks are not run. Rust blocks are compiled (and run where they need no real host) by
`cargo test --doc`, through src/lib.rs."""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

import certcentral
from certcentral import _async
from certcentral.testing import Emulator

ROOT = pathlib.Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.S | re.M)
KNOWN = {"python", "c", "rust", "sh", "text", "toml", "csv", "json"}


def blocks(language: str) -> list[tuple[int, str]]:
    text = README.read_text()
    found = []
    for match in FENCE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if match.group(1) == language:
            found.append((line, match.group(2)))
    return found


def test_every_block_has_a_known_language() -> None:
    languages = {m.group(1) for m in FENCE.finditer(README.read_text())}
    assert languages <= KNOWN, languages - KNOWN


@pytest.fixture
def pointed_at_an_emulator(monkeypatch: pytest.MonkeyPatch) -> Iterator[Emulator]:
    with Emulator(api_key="readme-key") as emulator:
        real = certcentral.Client

        def client(*args: Any, **options: Any) -> certcentral.Client:
            options.setdefault("base_url", emulator.base_url)
            options.pop("region", None)
            return real(*args, **options)

        monkeypatch.setattr(certcentral, "Client", client)
        monkeypatch.setattr(_async, "Client", client)
        monkeypatch.setenv("DIGICERT_API_KEY", emulator.api_key)
        monkeypatch.setenv("CERTCENTRAL_BASE_URL", emulator.base_url)
        yield emulator


@pytest.mark.parametrize("line, code", blocks("python"), ids=lambda v: str(v)[:12])
def test_python_blocks_run(line: int, code: str, pointed_at_an_emulator: Emulator) -> None:
    namespace: dict[str, Any] = {"__name__": "readme"}
    exec(compile(code, f"README.md:{line}", "exec"), namespace)
    # Blocks that define tests are tests: run them too.
    for name, value in list(namespace.items()):
        if name.startswith("test_") and callable(value):
            value()


LIB = ROOT / "build" / "lib"


@pytest.mark.parametrize("line, code", blocks("c"), ids=lambda v: str(v)[:12])
def test_c_blocks_compile_and_run(
    line: int, code: str, pointed_at_an_emulator: Emulator, tmp_path: pathlib.Path
) -> None:
    assert (LIB / "libcertcentral.so").exists(), "the C library is built by `make lib`"
    source = tmp_path / "snippet.c"
    source.write_text(code)
    program = tmp_path / "snippet"
    subprocess.run(
        [
            os.environ.get("CC", "cc"),
            "-std=c11",
            "-Wall",
            "-Wextra",
            "-Werror",
            f"-I{ROOT / 'include'}",
            str(source),
            "-o",
            str(program),
            f"-L{LIB}",
            "-lcertcentral",
            f"-Wl,-rpath,{LIB}",
        ],
        check=True,
    )
    done = subprocess.run([str(program)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"README.md:{line}\n{done.stdout}\n{done.stderr}"
