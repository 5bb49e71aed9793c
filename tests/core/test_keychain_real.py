"""Against a real Secret Service: gnome-keyring on a private D-Bus session bus."""

from __future__ import annotations

import subprocess
import sys

import pytest

from journal import APP_ID
from tests.conftest import TEST_PASSPHRASE
from tests.support.components import require_programs
from tests.support.session_bus import gnome_keyring, private_session_bus

pytestmark = pytest.mark.keyring_real

SCRIPT = """
import sys
from journal.core.journal import Journal
from journal.core.keychain import Keychain
from journal.core.keys import KdfParams
from journal.core.paths import JournalPaths
from journal.core.model import Person
import keyring
paths = JournalPaths(__import__('pathlib').Path(sys.argv[2]))
kc = Keychain()
print('backend', kc.backend_name())
if sys.argv[1] == 'create':
    j = Journal.create(paths, sys.stdin.readline().rstrip('\\n'), remember=True,
                       kdf=KdfParams.fresh(n=2**10))
    j.add_person(Person(name='Remembered Person'))
    print('remembered', j.is_remembered())
    j.close()
elif sys.argv[1] == 'open':
    with Journal.open(paths, None) as j:
        print('people', [p.name for p in j.query_people()])
elif sys.argv[1] == 'forget':
    with Journal.open(paths, None) as j:
        j.forget_key()
"""


@pytest.fixture
def secret_service():
    require_programs("dbus-daemon", "gnome-keyring-daemon", "dbus-send", "secret-tool")
    with private_session_bus() as address, gnome_keyring(address) as env:
        yield env


def run(env, *args, stdin=""):
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_remember_unlock_and_forget_with_gnome_keyring(secret_service, tmp_path):
    env = secret_service
    created = run(env, "create", str(tmp_path / "j"), stdin=TEST_PASSPHRASE + "\n")
    assert created.returncode == 0, created.stderr
    assert "SecretService" in created.stdout
    assert "remembered True" in created.stdout

    # The secret is really in gnome-keyring, under Rapport's service name, and it is
    # the derived key (hex), not the passphrase.
    listing = subprocess.run(
        ["secret-tool", "search", "--all", "service", APP_ID],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert "journal-key:" in listing.stdout + listing.stderr
    assert TEST_PASSPHRASE not in listing.stdout + listing.stderr

    opened = run(env, "open", str(tmp_path / "j"))
    assert opened.returncode == 0, opened.stderr
    assert "Remembered Person" in opened.stdout

    forgot = run(env, "forget", str(tmp_path / "j"))
    assert forgot.returncode == 0, forgot.stderr
    again = run(env, "open", str(tmp_path / "j"))
    assert again.returncode != 0
    assert "NotRemembered" in again.stderr
