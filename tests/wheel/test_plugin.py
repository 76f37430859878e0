"""The pytest plugin from the installed wheel: its fixtures reach a user's test unasked."""

from __future__ import annotations

import certcentral
from certcentral.testing import Emulator


def test_the_plugin_fixtures_come_with_the_wheel(
    certcentral_emulator: Emulator, certcentral_client: certcentral.Client
) -> None:
    assert certcentral_client.base_url == certcentral_emulator.base_url
    certcentral_client.send_invite(["plugin@example.com"], "retail")
    assert [i.email for i in certcentral_client.list_invites()] == ["plugin@example.com"]
    assert certcentral_emulator.stats()["invites_created"] == 1
