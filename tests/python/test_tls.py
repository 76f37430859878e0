"""HTTPS to the TLS emulator: trust through ca_bundle and SSL_CERT_FILE, each failed check as
TLSError with no request reaching the emulator, real proxies (proxy.py and mitmproxy, started
by scripts/test-proxy.py from this .venv), and no secret in any repr, log line or message."""

from __future__ import annotations

import json
import logging
import pathlib
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

import certcentral
from certcentral.testing import Emulator

SCRIPT = pathlib.Path(__file__).resolve().parents[2] / "scripts" / "test-proxy.py"
# An address of this machine that is not a loopback name: the environment's proxy applies.
MAPPED = "[::ffff:127.0.0.1]"


@dataclass
class Proxy:
    url: str
    user: str | None
    password: str | None
    ca: str | None

    def with_credentials(self, password: str | None = None) -> str:
        return self.url.replace("http://", f"http://{self.user}:{password or self.password}@")


def start_proxy(kind: str, upstream_ca: str | None = None) -> Iterator[Proxy]:
    command = [sys.executable, str(SCRIPT), kind]
    if upstream_ca:
        command += ["--upstream-ca", upstream_ca]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE) as child:
        assert child.stdout is not None and child.stdin is not None
        info = json.loads(child.stdout.readline())
        try:
            yield Proxy(info["url"], info["user"], info["password"], info["ca"])
        finally:
            child.stdin.close()  # the script stops the proxy, then exits
            child.wait(timeout=30)


@pytest.fixture
def tls_emulator() -> Iterator[Emulator]:
    with Emulator(
        api_key="test-key", tls=True, tls_names=["localhost", "127.0.0.1", MAPPED[1:-1]]
    ) as em:
        yield em


@pytest.fixture
def auth_proxy() -> Iterator[Proxy]:
    yield from start_proxy("auth")


def untrusting(
    emulator: Emulator, host: str = "127.0.0.1", **options: object
) -> certcentral.Client:
    url = emulator.base_url.replace("127.0.0.1", host)
    return certcentral.Client(emulator.api_key, base_url=url, backoff=0.001, **options)  # type: ignore[arg-type]


def test_the_tls_fixtures_trust_the_emulators_ca(
    certcentral_tls_emulator: Emulator, certcentral_tls_client: certcentral.Client
) -> None:
    assert certcentral_tls_emulator.base_url.startswith("https://127.0.0.1:")
    assert certcentral_tls_client.current_user().username
    ca_path = certcentral_tls_emulator.ca_path
    assert ca_path is not None and pathlib.Path(ca_path).read_text().startswith("-----BEGIN")
    with Emulator() as plain:
        assert plain.ca_path is None


def test_ca_bundle_as_str_or_pathlike(tls_emulator: Emulator) -> None:
    assert tls_emulator.ca_path is not None
    for bundle in (tls_emulator.ca_path, pathlib.Path(tls_emulator.ca_path)):
        with untrusting(tls_emulator, "localhost", ca_bundle=bundle) as client:
            client.current_user()
    assert tls_emulator.stats()["requests"]["GET user/me"] == 2


@pytest.mark.parametrize("bundle", ["/nonexistent/ca.pem", __file__])
def test_a_bad_ca_bundle_fails_at_construction(bundle: str) -> None:
    with pytest.raises(certcentral.InvalidArgumentError) as caught:
        certcentral.Client("k", ca_bundle=bundle)
    assert caught.value.field == "ca_bundle"
    with pytest.raises(certcentral.ArgumentTypeError):
        certcentral.Client("k", ca_bundle=42)  # type: ignore[arg-type]


def test_ssl_cert_file_is_trusted(tls_emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    assert tls_emulator.ca_path is not None
    monkeypatch.setenv("SSL_CERT_FILE", tls_emulator.ca_path)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    with untrusting(tls_emulator) as client:
        client.current_user()
    monkeypatch.setenv("SSL_CERT_FILE", "/nonexistent/bundle.pem")
    with pytest.raises(certcentral.InvalidArgumentError) as caught:
        untrusting(tls_emulator)
    assert caught.value.field == "SSL_CERT_FILE"


@pytest.mark.parametrize(
    ("options", "check"),
    [
        ({}, "unknown issuer"),
        ({"tls_names": ["other.example"]}, "not valid for the name 127.0.0.1"),
        ({"tls_expired": True}, "expired on Sat, 02 Jan 2021"),
    ],
)
def test_failed_checks_are_tls_errors_that_reach_nothing(
    options: dict[str, object], check: str
) -> None:
    with Emulator(api_key="test-key", tls=True, **options) as emulator:  # type: ignore[arg-type]
        # Only the first case leaves the emulator's CA untrusted; the others trust it.
        ca = None if not options else emulator.ca_path
        with untrusting(emulator, ca_bundle=ca, max_retries=2) as client:
            with pytest.raises(certcentral.TLSError) as caught:
                client.send_invite(["a@example.com"], "retail")
        err = caught.value
        assert isinstance(err, certcentral.TransportError)
        assert err.kind == "tls" and err.http_status is None
        assert check in str(err) and "127.0.0.1" in str(err)
        stats = emulator.stats()
        # One handshake (no retry), no request, nothing created.
        assert (stats["tls_handshakes"], stats["requests"], stats["invites_created"]) == (1, {}, 0)


def test_a_connect_tunnel_with_and_without_credentials(
    tls_emulator: Emulator, auth_proxy: Proxy
) -> None:
    for proxy in start_proxy("tunnel"):
        with tls_emulator.client(proxy=proxy.url) as client:
            client.current_user()
    with untrusting(
        tls_emulator,
        "localhost",
        ca_bundle=tls_emulator.ca_path,
        proxy=auth_proxy.with_credentials(),
    ) as client:
        client.current_user()
    for url in (auth_proxy.url, auth_proxy.with_credentials("wrong")):
        with untrusting(
            tls_emulator, "localhost", ca_bundle=tls_emulator.ca_path, proxy=url
        ) as client:
            with pytest.raises(certcentral.TransportError) as caught:
                client.current_user()
        assert type(caught.value) is certcentral.TransportError
        assert auth_proxy.url in str(caught.value) and "407" in str(caught.value)
    assert tls_emulator.stats()["requests"]["GET user/me"] == 2


def test_the_environments_proxy_and_no_proxy(
    tls_emulator: Emulator, auth_proxy: Proxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    ca = tls_emulator.ca_path
    for name in ("https_proxy", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    # Credentials the proxy refuses: a 407 shows the request went through it.
    monkeypatch.setenv("HTTPS_PROXY", auth_proxy.with_credentials("wrong"))
    with untrusting(tls_emulator, MAPPED, ca_bundle=ca) as client:
        with pytest.raises(certcentral.TransportError, match="407"):
            client.current_user()
    with untrusting(tls_emulator, "localhost", ca_bundle=ca) as client:
        client.current_user()  # a loopback name never takes the environment's proxy
    monkeypatch.setenv("NO_PROXY", "example.com,::ffff:127.0.0.1")
    with untrusting(tls_emulator, MAPPED, ca_bundle=ca) as client:
        client.current_user()
    monkeypatch.delenv("NO_PROXY")
    with untrusting(tls_emulator, MAPPED, ca_bundle=ca, proxy=False) as client:
        client.current_user()
    with pytest.raises(certcentral.ArgumentTypeError):
        untrusting(tls_emulator, proxy=True)
    assert tls_emulator.stats()["requests"]["GET user/me"] == 3


def test_a_proxy_inspecting_tls_works_once_its_ca_is_trusted(tls_emulator: Emulator) -> None:
    assert tls_emulator.ca_path is not None
    for proxy in start_proxy("intercept", tls_emulator.ca_path):
        with untrusting(
            tls_emulator, "localhost", ca_bundle=tls_emulator.ca_path, proxy=proxy.url
        ) as client:
            with pytest.raises(certcentral.TLSError) as caught:
                client.current_user()
        assert "unknown issuer" in str(caught.value) and proxy.url in str(caught.value)
        assert tls_emulator.stats()["requests"] == {}
        with untrusting(tls_emulator, "localhost", ca_bundle=proxy.ca, proxy=proxy.url) as client:
            client.current_user()
    assert tls_emulator.stats()["requests"]["GET user/me"] == 1


def test_no_secret_in_any_repr_log_or_message(
    tls_emulator: Emulator, auth_proxy: Proxy, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    assert auth_proxy.password is not None
    good = auth_proxy.with_credentials()
    shown: list[str] = []
    with tls_emulator.client(proxy=good) as client:
        shown.append(repr(client))
        client.current_user()
    for proxy in (
        auth_proxy.with_credentials(auth_proxy.password + "x"),
        good.replace("http", "ftp"),
    ):
        with pytest.raises(certcentral.CertCentralError) as caught:
            with tls_emulator.client(proxy=proxy) as client:
                client.current_user()
        shown += [str(caught.value), repr(caught.value), repr(caught.value.args)]
    with pytest.raises(certcentral.TLSError) as tls:
        with untrusting(tls_emulator, proxy=good) as client:
            client.current_user()
    shown += [str(tls.value), repr(tls.value)]
    shown += [record.getMessage() for record in caplog.records]
    assert len(caplog.records) > 0
    for text in shown:
        assert auth_proxy.password not in text and tls_emulator.api_key not in text, text
