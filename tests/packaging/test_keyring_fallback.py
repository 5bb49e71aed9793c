"""A frozen app that lost keyring's entry points still finds the Secret Service.

Each case runs in a fresh Python process (keyring picks its backend once per process)
in which keyring's entry points are emptied, which is what a bundle without keyring's
metadata sees (keyring #324, #468); a real gnome-keyring runs on a private D-Bus.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from journal.frozen import platform_backend

ROOT = Path(__file__).resolve().parents[2]

LOST_ENTRY_POINTS = """
import sys
import keyring.backend
keyring.backend.metadata.entry_points = lambda **kwargs: []
if sys.argv[1] == "fallback":
    from journal.frozen import install_keyring_fallback
    install_keyring_fallback()
    install_keyring_fallback()  # twice is harmless
if sys.argv[1] == "frozen":  # as in a PyInstaller bundle: the keychain installs it
    sys.frozen = True
    from journal.core.keychain import Keychain
    usable = Keychain().available()
import keyring
from journal.core.keychain import Keychain
backend = keyring.get_keyring()
print(type(backend).__module__ + "." + type(backend).__name__)
print("usable" if Keychain().available() else "unusable")
"""


def _backend(mode: str, env: dict[str, str]) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", LOST_ENTRY_POINTS, mode],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.keyring_real
def test_without_entry_points_keyring_falls_to_the_fail_backend(secret_service_env):
    """The failure this module exists for, shown on a real Secret Service."""
    assert _backend("plain", secret_service_env) == ["keyring.backends.fail.Keyring", "unusable"]


@pytest.mark.keyring_real
def test_a_frozen_apps_keychain_installs_the_fallback_itself(secret_service_env):
    """No runtime hook loads keyring before the first window: the keychain installs the
    fallback when it first asks keyring for a backend, in a frozen app only."""
    assert _backend("frozen", secret_service_env) == [
        "keyring.backends.SecretService.Keyring",
        "usable",
    ]


@pytest.mark.keyring_real
def test_fallback_finds_the_secret_service(secret_service_env):
    assert _backend("fallback", secret_service_env) == [
        "keyring.backends.SecretService.Keyring",
        "usable",
    ]


def test_fallback_without_a_session_bus_still_says_no_keychain(tmp_path):
    """No D-Bus session (a terminal over SSH): report "no keychain", pick no other store."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(
        DBUS_SESSION_BUS_ADDRESS=f"unix:path={tmp_path}/no-bus",
        HOME=str(tmp_path),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    assert _backend("fallback", env) == ["keyring.backends.fail.Keyring", "unusable"]


def test_no_backend_for_an_unknown_platform():
    assert platform_backend("plan9") is None
