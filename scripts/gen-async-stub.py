"""Writes python/certcentral/_async.pyi from the ``Client`` class of _certcentral.pyi: every
method becomes its ``AsyncClient`` twin (``async def``, or an ``AsyncPageIterator`` for
``iter_*``) with the same signature and docstring, so the two stubs cannot drift.

    python scripts/gen-async-stub.py          # rewrite the stub
    python scripts/gen-async-stub.py --check  # exit 1 when the committed stub is stale

The output is formatted with ruff (from the same environment as this Python).
"""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = ROOT / "python" / "certcentral" / "_certcentral.pyi"
TARGET = ROOT / "python" / "certcentral" / "_async.pyi"

HEADER = '''"""Stubs for ``certcentral._async`` (checked with mypy.stubtest), generated from the
``Client`` of _certcentral.pyi by scripts/gen-async-stub.py: ``AsyncClient`` has every
``Client`` method, each awaitable, with its docstring; ``iter_*`` return async iterators."""

'''

ITERATOR = '''
@final
class AsyncPageIterator(Generic[_T]):
    """An async iterator over every record of a list (``async for``), a page at a time;
    ``total`` and ``fetched`` report progress."""

    def __init__(self, client: AsyncClient, pages: PageIterator[_T]) -> None: ...
    def __aiter__(self) -> AsyncPageIterator[_T]: ...
    async def __anext__(self) -> _T: ...
    def prefetch(self, pages: int) -> AsyncPageIterator[_T]: ...
    @property
    def total(self) -> int | None: ...
    @property
    def fetched(self) -> int: ...

class AsyncClient:
    """A CertCentral client for asyncio programs: ``Client``'s constructor (plus
    ``max_concurrency``, the most calls in flight at once) and methods, each ``async``;
    ``iter_*`` return async iterators. Use ``async with``, or ``await aclose()``."""

'''

CLOSING = """    async def aclose(self) -> None:
        \"\"\"Closes the client; calls still running finish in the background.\"\"\"
        ...
    async def __aenter__(self) -> AsyncClient: ...
    async def __aexit__(self, *_args: object) -> None: ...
"""

# Client members with no async twin (the context manager and close become aclose and
# __aenter__/__aexit__), and the constructor, written as __init__.
SKIPPED = {"close", "__enter__", "__exit__", "__new__", "base_url", "with_options"}


def docstring_of(node: ast.FunctionDef) -> str | None:
    first = node.body[0] if node.body else None
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        return first.value.value
    return None


def method(node: ast.FunctionDef) -> str:
    returns = node.returns
    iterator = node.name.startswith("iter_")
    if iterator:
        # PageIterator[T] -> AsyncPageIterator[T]
        assert isinstance(returns, ast.Subscript), node.name
        returns = ast.Subscript(ast.Name("AsyncPageIterator"), returns.slice)
    signature = ast.unparse(node.args)
    prefix = "def" if iterator else "async def"
    head = f"    {prefix} {node.name}({signature}) -> {ast.unparse(returns)}:"
    doc = docstring_of(node)
    if doc is None:
        return head + " ...\n"
    body = '        """' + doc + '"""\n        ...\n'
    return head + "\n" + body


def view(node: ast.FunctionDef) -> str:
    """``with_options``: a view of the async client, made at once (nothing is sent)."""
    head = f"    def {node.name}({ast.unparse(node.args)}) -> AsyncClient:"
    doc = docstring_of(node)
    if doc is None:
        return head + " ...\n"
    doc = doc.replace("Returns:\n            Client", "Returns:\n            AsyncClient")
    return head + '\n        """' + doc + '"""\n        ...\n'


def constructor(node: ast.FunctionDef) -> str:
    args = node.args
    # `cls` becomes `self`; max_concurrency joins the keywords; the return is None.
    args.args[0] = ast.arg("self")
    args.kwonlyargs.append(ast.arg("max_concurrency", ast.Name("int")))
    args.kw_defaults.append(ast.Constant(64))
    return f"    def __init__({ast.unparse(args)}) -> None: ...\n"


def generate() -> str:
    tree = ast.parse(SOURCE.read_text())
    client = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Client")
    classes = {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
    aliases = [
        n
        for n in tree.body
        if isinstance(n, ast.AnnAssign)
        and isinstance(n.target, ast.Name)
        and n.target.id.startswith("_")
        and ast.unparse(n.annotation) == "TypeAlias"
    ]
    type_imports = [n for n in tree.body if isinstance(n, ast.ImportFrom) and n.module == "types"]

    members = []
    for node in client.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        if node.name == "__new__":
            base_url = "    @property\n    def base_url(self) -> str: ...\n"
            members.insert(0, constructor(node) + base_url)
        elif node.name == "with_options":
            members.append(view(node))
        elif node.name not in SKIPPED:
            members.append(method(node))
    body = "".join(members)

    used = {n.id for n in ast.walk(ast.parse("class _C:\n" + body)) if isinstance(n, ast.Name)}
    used |= {"PageIterator"}
    imported = sorted(name for name in classes if name in used and not name.startswith("_"))
    lines = [HEADER]
    lines.append("import os\nfrom collections.abc import Mapping, Sequence\n")
    lines.append("from typing import Any, Generic, Literal, TypeAlias, TypeVar, final\n\n")
    lines.append("from ._certcentral import (\n" + "".join(f"    {n},\n" for n in imported) + ")\n")
    for node in type_imports:
        if any(alias.asname in used or alias.name in used for alias in node.names):
            lines.append(ast.unparse(node) + "\n")
    lines.append('\n__all__ = ["AsyncClient", "AsyncPageIterator"]\n\n_T = TypeVar("_T")\n')
    for alias in aliases:
        if alias.target.id in used:  # type: ignore[union-attr]
            lines.append(ast.unparse(alias) + "\n")
    lines.append(ITERATOR)
    lines.append(body)
    lines.append(CLOSING)
    return "".join(lines)


def formatted(text: str) -> str:
    ruff = pathlib.Path(sys.executable).with_name("ruff")
    done = subprocess.run(
        [str(ruff), "format", "--stdin-filename", str(TARGET), "-"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return done.stdout


def main() -> int:
    text = formatted(generate())
    if "--check" in sys.argv[1:]:
        if TARGET.read_text() != text:
            print(f"{TARGET} is stale: run python scripts/gen-async-stub.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
