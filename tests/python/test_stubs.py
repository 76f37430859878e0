"""The stubs are what editors show: their docstrings must be the runtime's (which help()
shows), for every class, method and function. (Signatures are checked by mypy.stubtest, and
typecheck_user_code.py, realistic user code, is type-checked with mypy --strict.)"""

from __future__ import annotations

import ast
import inspect
import pathlib

import pytest

import certcentral
from certcentral import _certcentral

STUB = pathlib.Path(certcentral.__file__).with_name("_certcentral.pyi")


def stub_docstrings() -> dict[str, str]:
    """Docstrings by `Class` and `Class.method`; a method documented in a stub-only base class
    (`_Record`, `_Page`) counts for every class built on it."""
    tree = ast.parse(STUB.read_text())
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}

    def methods(node: ast.ClassDef) -> dict[str, str]:
        own: dict[str, str] = {}
        for base in node.bases:
            target = base.value if isinstance(base, ast.Subscript) else base
            name = target.id if isinstance(target, ast.Name) else ""
            if name in classes:
                own.update(methods(classes[name]))
        for item in node.body:
            if isinstance(item, ast.FunctionDef) and not item.name.startswith("_"):
                doc = ast.get_docstring(item)
                if doc is not None:
                    own[item.name] = doc
        return own

    found: dict[str, str] = {}
    for name, node in classes.items():
        if name.startswith("_"):
            continue
        doc = ast.get_docstring(node)
        if doc is not None:
            found[name] = doc
        for method, method_doc in methods(node).items():
            found[f"{name}.{method}"] = method_doc
    return found


DOCS = stub_docstrings()


@pytest.mark.parametrize("path", sorted(DOCS))
def test_stub_docstrings_are_the_runtimes(path: str) -> None:
    runtime: object = _certcentral
    for part in path.split("."):
        runtime = getattr(runtime, part)
    assert inspect.cleandoc(runtime.__doc__ or "") == DOCS[path]


def test_every_public_class_and_method_has_a_stub_docstring() -> None:
    for name in _certcentral.__all__:
        obj = getattr(_certcentral, name)
        if name.startswith("_") or not inspect.isclass(obj):
            continue
        assert name in DOCS, name
        for member, value in vars(obj).items():
            if member.startswith("_") or isinstance(value, property) or not callable(value):
                continue
            if type(value).__name__ == "getset_descriptor":
                continue
            assert f"{name}.{member}" in DOCS, f"{name}.{member}"


def test_the_async_stub_is_generated_from_the_client_stub() -> None:
    """_async.pyi is written by scripts/gen-async-stub.py from the Client of _certcentral.pyi:
    every method's twin, with its signature and docstring (what an editor shows on hover)."""
    import subprocess
    import sys

    root = pathlib.Path(__file__).resolve().parent.parent.parent
    check = subprocess.run(
        [sys.executable, str(root / "scripts" / "gen-async-stub.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    tree = ast.parse((root / "python" / "certcentral" / "_async.pyi").read_text())
    twin = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "AsyncClient")
    undocumented = [
        item.name
        for item in twin.body
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
        and not item.name.startswith("_")
        and item.name != "base_url"
        and ast.get_docstring(item) is None
    ]
    assert undocumented == [], undocumented


def test_the_documented_defaults_are_the_cores() -> None:
    """Defaults live once, in the core (src/config.rs); the signature, the stub and the
    docstring that show them must say the same."""
    defaults: dict[str, object] = getattr(_certcentral, "_DEFAULTS")  # noqa: B009
    shown = inspect.signature(certcentral.Client).parameters
    stub = stub_defaults("Client", "__new__")
    doc = (certcentral.Client.__doc__ or "").replace('"', "'")
    assert {"timeout", "max_retries", "max_response_bytes"} <= set(defaults) <= set(shown)
    for name, value in defaults.items():
        assert shown[name].default == value, f"text_signature of Client: {name}"
        assert stub[name] == value, f"_certcentral.pyi Client: {name}"
        assert f"{name}={value!r}" in doc, f"Client docstring: {name}"


def stub_defaults(class_name: str, method: str) -> dict[str, object]:
    """The default values a stub method's keyword arguments show."""
    tree = ast.parse(STUB.read_text())
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name)
    node = next(n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == method)
    args = node.args
    positional = args.posonlyargs + args.args
    pairs = list(zip(positional[len(positional) - len(args.defaults) :], args.defaults))
    pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None]
    return {arg.arg: ast.literal_eval(default) for arg, default in pairs}
