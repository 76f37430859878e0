"""Every endpoint in every face. The Rust `Client`'s public methods (the `impl Client` blocks of
src/api/) are the list: each must be in the Python `Client` and `AsyncClient`, in the stub, in
the C header (or listed below as Python-only, with the reason), in the README's table, and,
for each `METHOD path` it documents, in the emulator's route tables. Nothing else checks that
a new endpoint reached every face."""

from __future__ import annotations

import ast
import pathlib
import re

import certcentral

ROOT = pathlib.Path(__file__).resolve().parents[2]

# Methods of the handle itself, not endpoints: each face has its own form of them.
CLIENT_ITSELF = {"new", "builder", "base_url", "with_options", "options"}

# Rust endpoint methods whose Python name differs: the escape hatch is one `request` in Python
# (taking and giving Python values, so there is no text form).
PYTHON_NAMES = {"request_json": "request", "request_raw_json": "request"}

# Python-only names, with the reason they have no C export.
PYTHON_ONLY: dict[str, str] = {}

# The C exports whose name is not the Python one: the escape hatch takes and gives JSON text.
C_NAMES = {"request_json": "request_json", "request_raw_json": "request_json"}


# A public method with its doc comment: docs, name, arguments, return type.
METHOD = re.compile(
    r"((?:    ///[^\n]*\n)+)(?:    #\[[^\n]*\n)*"
    r"    pub fn (\w+)\(([^)]*)\)\s*->\s*([^{]+)\{"
)


def rust_endpoints() -> dict[str, dict[str, str | bool | None]]:
    """Public methods of the `impl Client` blocks: name -> its documented `METHOD path` (None
    for an iterator or the escape hatch) and whether it iterates."""
    found: dict[str, dict[str, str | bool | None]] = {}
    sources = sorted((ROOT / "src/api").glob("*.rs")) + [ROOT / "src/client.rs"]
    for path in sources:
        text = path.read_text()
        for block in re.finditer(r"\nimpl Client \{\n(.*?)\n\}\n", text, re.S):
            for m in re.finditer(METHOD, block.group(1)):
                docs, name, _args, returns = m.groups()
                if name in CLIENT_ITSELF:
                    continue
                route = re.match(r"\s*/// `((?:GET|POST|PUT|PATCH|DELETE) [^`]+)`", docs)
                iterates = "Pages<" in returns or re.search(r"Result<\w+s>", returns) is not None
                found[name] = {
                    "route": route.group(1) if route else None,
                    "iterates": iterates and route is None,
                    "file": path.name,
                }
    return found


def python_name(rust: str, iterates: bool) -> str:
    if iterates:
        return f"iter_{rust}"
    return PYTHON_NAMES.get(rust, rust)


def stub_client_methods() -> set[str]:
    tree = ast.parse((ROOT / "python/certcentral/_certcentral.pyi").read_text())
    client = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Client")
    return {n.name for n in client.body if isinstance(n, ast.FunctionDef)}


def header_functions() -> set[str]:
    header = (ROOT / "include/certcentral.h").read_text()
    return set(re.findall(r"\b(certcentral_\w+)\(", header))


def readme_rows() -> list[list[str]]:
    """The cells of the README's endpoint table (the first table: operation, endpoint, Rust, C,
    Python)."""
    rows = []
    for line in (ROOT / "README.md").read_text().splitlines():
        if line.startswith("|") and line.count("|") == 6:
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows.append(cells)
        elif rows:
            break
    return rows[2:] if rows and rows[0][0] == "Operation" else []


def emulator_routes() -> set[str]:
    routes = set()
    for path in (ROOT / "src/emulator").glob("*.rs"):
        routes |= set(re.findall(r'pattern: "([A-Z]+ [^"]+)"', path.read_text()))
    return routes


def names_in(cell: str) -> set[str]:
    return set(re.findall(r"`(\w+)`", cell))


ENDPOINTS = rust_endpoints()


def test_the_list_is_read() -> None:
    # The parse itself must find the endpoints, or every check below passes vacuously.
    assert {"send_invite", "invites", "create_organization", "list_api_key_roles"} <= set(ENDPOINTS)
    assert ENDPOINTS["get_user"]["route"] == "GET user/{user_id}"
    assert ENDPOINTS["users"]["iterates"] is True
    assert len(ENDPOINTS) >= 24


def test_every_endpoint_is_in_python_async_and_the_stub() -> None:
    stubbed = stub_client_methods()
    for rust, info in ENDPOINTS.items():
        name = python_name(rust, bool(info["iterates"]))
        assert callable(getattr(certcentral.Client, name, None)), f"Client.{name} ({rust})"
        assert callable(getattr(certcentral.AsyncClient, name, None)), f"AsyncClient.{name}"
        assert name in stubbed, f"_certcentral.pyi Client.{name}"
    # And nothing in Python that the core does not have, but the listed exceptions.
    public = {n for n in dir(certcentral.Client) if not n.startswith("_")}
    known = {python_name(r, bool(i["iterates"])) for r, i in ENDPOINTS.items()}
    extra = public - known - CLIENT_ITSELF - {"close"} - set(PYTHON_ONLY)
    assert not extra, f"Python methods with no core endpoint: {extra}"


def test_every_endpoint_has_a_c_export() -> None:
    exported = header_functions()
    for rust, info in ENDPOINTS.items():
        name = C_NAMES.get(rust, python_name(rust, bool(info["iterates"])))
        if name in PYTHON_ONLY:
            continue
        assert f"certcentral_{name}" in exported, f"certcentral_{name} ({rust}, {info['file']})"
    assert "certcentral_client_with_options" in exported


def test_every_endpoint_has_a_row_in_the_readme_table() -> None:
    rows = readme_rows()
    assert rows, "the README's endpoint table was not found"
    for rust, info in ENDPOINTS.items():
        python = python_name(rust, bool(info["iterates"]))
        c = C_NAMES.get(rust, python)
        matching = [r for r in rows if rust in names_in(r[2])]
        assert matching, f"README table: no row names Client::{rust}"
        row = matching[0]
        assert c in names_in(row[3]), f"README table row for {rust}: C column lacks {c}"
        assert python in names_in(row[4]), f"README row for {rust}: Python lacks {python}"
        if info["route"]:
            method, path = str(info["route"]).split(" ", 1)
            assert f"`{method} {path}`" in row[1], f"README row for {rust}: {info['route']}"


def test_every_documented_route_is_served_by_the_emulator() -> None:
    routes = emulator_routes()
    assert "GET user/{user_id}" in routes, "the emulator's route tables were not found"
    for rust, info in ENDPOINTS.items():
        if info["route"]:
            assert info["route"] in routes, f"emulator: no route {info['route']} ({rust})"
