#!/usr/bin/env python3
"""Starts one real proxy on 127.0.0.1 for the HTTPS tests, and stops it afterwards.

usage: test-proxy.py KIND [--upstream-ca PEM] [-- command [args...]]

KIND is one of
  tunnel     proxy.py: a CONNECT proxy without authentication
  auth       proxy.py: a CONNECT proxy asking for basic authentication (random credentials)
  intercept  mitmdump: a proxy that inspects TLS, re-signing with its own CA; it trusts
             --upstream-ca (default: $CERTCENTRAL_CA_BUNDLE) for the servers behind it

Without a command it prints one JSON line ({"url", "user", "password", "ca"}) once the proxy
accepts connections, and stops the proxy when its standard input closes. With a command it
exports CERTCENTRAL_TEST_PROXY_<KIND> (the URL) and, for auth, _USER and _PASSWORD, for
intercept, _CA; runs the command; stops the proxy; and exits with the command's status.
Both tools come from the project's .venv (requirements-proxies.txt).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

READY_SECONDS = 60.0
BIN = Path(sys.executable).parent


def start(kind: str, upstream_ca: str | None, work: Path) -> tuple[subprocess.Popen[bytes], dict]:
    """Starts the proxy and waits for its explicit readiness signal."""
    info: dict = {"user": None, "password": None, "ca": None}
    if kind in ("tunnel", "auth"):
        port_file = work / "port"
        command = [
            str(BIN / "proxy"),
            "--hostname", "127.0.0.1",
            "--port", "0",
            "--port-file", str(port_file),
            "--num-workers", "1",
            "--num-acceptors", "1",
            "--log-file", str(work / "proxy.log"),
        ]  # fmt: skip
        if kind == "auth":
            info["user"] = "tester"
            info["password"] = "pw-" + secrets.token_hex(8)
            command += ["--basic-auth", f"{info['user']}:{info['password']}"]
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + READY_SECONDS
        # proxy.py writes the port file once it is listening.
        while not (port_file.exists() and port_file.read_text().strip()):
            if child.poll() is not None or time.monotonic() > deadline:
                stop(child)
                raise SystemExit(f"test-proxy: proxy.py did not start (see {work})")
            time.sleep(0.05)
        port = int(port_file.read_text().split()[0])
    elif kind == "intercept":
        if not upstream_ca:
            raise SystemExit("test-proxy: intercept needs --upstream-ca or CERTCENTRAL_CA_BUNDLE")
        command = [
            str(BIN / "mitmdump"),
            "--listen-host", "127.0.0.1",
            "--listen-port", "0",
            "--set", f"confdir={work}",
            "--set", f"ssl_verify_upstream_trusted_ca={upstream_ca}",
        ]  # fmt: skip
        child = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, start_new_session=True
        )
        assert child.stdout is not None
        deadline = time.monotonic() + READY_SECONDS
        port = 0
        # mitmdump says "HTTP(S) proxy listening at 127.0.0.1:PORT." once it accepts.
        while not port:
            line = child.stdout.readline().decode(errors="replace")
            found = re.search(r"listening at 127\.0\.0\.1:(\d+)", line)
            if found:
                port = int(found.group(1))
            elif not line or time.monotonic() > deadline:
                stop(child)
                raise SystemExit("test-proxy: mitmdump did not start")
        info["ca"] = str(work / "mitmproxy-ca-cert.pem")
        # Keep reading its log so that it never blocks on a full pipe.
        drain = subprocess.Popen(["cat"], stdin=child.stdout, stdout=subprocess.DEVNULL)
        child.stdout.close()
        info["_drain"] = drain
    else:
        raise SystemExit(f"test-proxy: unknown kind {kind!r} (tunnel, auth or intercept)")
    info["url"] = f"http://127.0.0.1:{port}"
    return child, info


def stop(child: subprocess.Popen[bytes]) -> None:
    """Stops the proxy and every process it started (its own process group)."""
    if child.poll() is None:
        os.killpg(child.pid, signal.SIGTERM)
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()


def main(argv: list[str]) -> int:
    command: list[str] = []
    if "--" in argv:
        at = argv.index("--")
        argv, command = argv[:at], argv[at + 1 :]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    kind = argv[0]
    upstream_ca = os.environ.get("CERTCENTRAL_CA_BUNDLE")
    if argv[1:2] == ["--upstream-ca"] and len(argv) > 2:
        upstream_ca = argv[2]
    with tempfile.TemporaryDirectory(prefix=f"cc-proxy-{kind}-") as work:
        child, info = start(kind, upstream_ca, Path(work))
        drain = info.pop("_drain", None)
        try:
            if command:
                prefix = f"CERTCENTRAL_TEST_PROXY_{kind.upper()}"
                env = dict(os.environ, **{prefix: info["url"]})
                for key in ("user", "password", "ca"):
                    if info[key]:
                        env[f"{prefix}_{key.upper()}"] = info[key]
                return subprocess.call(command, env=env)
            print(json.dumps(info), flush=True)
            sys.stdin.read()
            return 0
        finally:
            stop(child)
            if drain is not None:
                drain.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
