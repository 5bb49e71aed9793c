"""The keychain that answered is asked first at the next start, on a real Secret Service.

Each case is a fresh Python process (keyring picks its backend once per process), with
gnome-keyring on a private D-Bus session bus and its own config folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET_SERVICE = "keyring.backends.SecretService.Keyring"
KEY_HEX = "ab" * 32

SCRIPT = """
import json, sys
from journal.core.keychain import Keychain, backend_note_path
from journal.core.keys import Key

keychain = Keychain()
if sys.argv[1] == "store":
    keychain.store("journal-1", Key.from_hex(sys.argv[2]))
key = keychain.get("journal-1") if keychain.available() else None
note = backend_note_path()
print(json.dumps({
    "available": keychain.available(),
    "key": key.hex() if key is not None else None,
    "note": note.read_text().strip() if note.exists() else None,
    # keyring's discovery imports every backend it knows; asking the noted one does not
    "discovered": "keyring.backends.kwallet" in sys.modules,
}))
"""


def run(env: dict[str, str], *args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def note_path(env: dict[str, str]) -> Path:
    return Path(env["XDG_CONFIG_HOME"]) / "org.rapport.Rapport" / "keychain-backend"


@pytest.mark.keyring_real
def test_the_next_start_asks_the_keychain_that_answered(secret_service_env):
    first = run(secret_service_env, "store", KEY_HEX)
    assert first == {
        "available": True,
        "key": KEY_HEX,
        "note": SECRET_SERVICE,
        "discovered": True,
    }
    second = run(secret_service_env, "get")
    assert second == {
        "available": True,
        "key": KEY_HEX,
        "note": SECRET_SERVICE,
        "discovered": False,
    }


@pytest.mark.keyring_real
def test_the_users_own_choice_of_backend_comes_before_the_note(secret_service_env):
    run(secret_service_env, "store", KEY_HEX)
    chosen = run(
        {**secret_service_env, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}, "get"
    )
    # keyring's null backend stores nothing: the user chose no keychain, and has none
    assert chosen["available"] is False
    assert chosen["key"] is None


@pytest.mark.keyring_real
@pytest.mark.parametrize(
    "stale",
    ["keyring.backends.kwallet.DBusKeyring", "keyring.backends.nothing.Here", "os.system", ""],
)
def test_a_note_that_does_not_answer_is_replaced_by_discovery(secret_service_env, stale):
    run(secret_service_env, "store", KEY_HEX)
    note_path(secret_service_env).write_text(stale)
    again = run(secret_service_env, "get")
    assert again == {"available": True, "key": KEY_HEX, "note": SECRET_SERVICE, "discovered": True}


def test_a_noted_keychain_without_its_session_bus_is_no_keychain(tmp_path):
    """Noted in a desktop session, started later from a terminal over SSH: "no keychain",
    as before, never an error or another store."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(
        DBUS_SESSION_BUS_ADDRESS=f"unix:path={tmp_path}/no-bus",
        HOME=str(tmp_path),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    note_path(env).parent.mkdir(parents=True)
    note_path(env).write_text(SECRET_SERVICE + "\n")
    result = run(env, "get")
    assert result["available"] is False
    assert result["key"] is None
    assert result["note"] == SECRET_SERVICE  # kept for when the session is back
