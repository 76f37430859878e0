"""Offline testing: the bundled CertCentral emulator, and pytest fixtures.

From a shell (no Rust needed): ``python -m certcentral.testing --api-key test-key`` (or
``certcentral emulator --api-key test-key``) prints the base URL, e.g.
``http://127.0.0.1:41234/services/v2/``, and serves until Ctrl-C; ``--help`` lists the options.
C programs and the ``certcentral`` command can then use it through ``CERTCENTRAL_BASE_URL``.

    from certcentral.testing import Emulator

    def test_provisioning():
        with Emulator(api_key="test-key") as emulator:
            client = emulator.client()
            client.send_invite(["a@example.com"], "retail")
            assert emulator.stats()["invites_created"] == 1

With pytest, the fixtures ``certcentral_emulator`` (a fresh emulator per test) and
``certcentral_client`` (a client for it) are available once the plugin is active: it registers
itself through the ``pytest11`` entry point, or add ``pytest_plugins = ["certcentral.testing"]``
to your ``conftest.py``. Their HTTPS variants, ``certcentral_tls_emulator`` and
``certcentral_tls_client``, serve TLS with a throw-away CA (``emulator.ca_path``) that the
client trusts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ._certcentral import Emulator

__all__ = ["Emulator"]

if TYPE_CHECKING:
    from ._certcentral import Client

try:
    import pytest
except ImportError:  # pytest is optional: the fixtures exist only where it is installed.
    pass
else:

    @pytest.fixture
    def certcentral_emulator() -> Iterator[Emulator]:
        """A fresh emulator on 127.0.0.1 for one test, stopped afterwards."""
        with Emulator(api_key="test-key") as emulator:
            yield emulator

    @pytest.fixture
    def certcentral_client(certcentral_emulator: Emulator) -> Iterator[Client]:
        """A client for ``certcentral_emulator``, closed afterwards."""
        with certcentral_emulator.client() as client:
            yield client

    @pytest.fixture
    def certcentral_tls_emulator() -> Iterator[Emulator]:
        """A fresh emulator serving HTTPS on 127.0.0.1 for one test; its CA's certificate is at
        ``ca_path``."""
        with Emulator(api_key="test-key", tls=True) as emulator:
            yield emulator

    @pytest.fixture
    def certcentral_tls_client(certcentral_tls_emulator: Emulator) -> Iterator[Client]:
        """A client for ``certcentral_tls_emulator`` that trusts its CA, closed afterwards."""
        with certcentral_tls_emulator.client() as client:
            yield client

    __all__ += [
        "certcentral_emulator",
        "certcentral_client",
        "certcentral_tls_emulator",
        "certcentral_tls_client",
    ]


def main() -> int:
    """``python -m certcentral.testing [options]``: the emulator as a command, exactly as
    ``certcentral emulator [options]``."""
    import signal
    import sys

    from ._certcentral import _cli_main

    signal.signal(signal.SIGTERM, signal.default_int_handler)
    return _cli_main(["certcentral", "emulator", *sys.argv[1:]])


if __name__ == "__main__":
    import sys

    sys.exit(main())
