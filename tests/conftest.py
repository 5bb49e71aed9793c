"""Fixtures every test may use: a fixed clock, an in-memory keychain, journals on disk.

No test touches the developer's real keychain or data directory: keyring is pointed
at an in-memory backend for the whole session, and journals live under tmp_path.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest

from journal.core.clock import FixedClock
from journal.core.journal import Journal
from journal.core.keychain import Keychain
from journal.core.keys import KdfParams
from journal.core.paths import JournalPaths
from tests.support.keyrings import MemoryKeyring

TEST_PASSPHRASE = "correct horse battery staple"
#: A cheap scrypt cost for tests; the default cost is tested on its own.
FAST_KDF_N = 2**10

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """platformdirs resolves under a throwaway HOME, never the developer's."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        monkeypatch.setenv(var, str(home / sub))


@pytest.fixture
def memory_keyring(_isolated_keyring: MemoryKeyring) -> MemoryKeyring:
    return _isolated_keyring


@pytest.fixture
def keychain(memory_keyring: MemoryKeyring) -> Keychain:
    return Keychain(memory_keyring)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock("2026-11-24T09:00:00")


@pytest.fixture
def fast_kdf() -> Callable[[], KdfParams]:
    return lambda: KdfParams.fresh(n=FAST_KDF_N)


@pytest.fixture
def make_journal(
    tmp_path: Path, clock: FixedClock, keychain: Keychain
) -> Iterator[Callable[..., Journal]]:
    """Create journals on disk (real SQLCipher files) with a cheap KDF and the fixed clock."""
    opened: list[Journal] = []

    def make(name: str = "journal", passphrase: str = TEST_PASSPHRASE, **kwargs: object) -> Journal:
        journal = Journal.create(
            JournalPaths(tmp_path / name),
            passphrase,
            kdf=KdfParams.fresh(n=FAST_KDF_N),
            clock=clock,
            keychain=keychain,
            **kwargs,
        )  # type: ignore[arg-type]
        opened.append(journal)
        return journal

    yield make
    for journal in opened:
        if journal.is_open:
            journal.close()


@pytest.fixture
def journal(make_journal: Callable[..., Journal]) -> Journal:
    return make_journal()


@pytest.fixture
def secret_service_env() -> Iterator[dict[str, str]]:
    """A real gnome-keyring Secret Service on a private D-Bus session: the environment a
    process needs to use it (its own HOME and XDG folders)."""
    from tests.support.components import require_programs
    from tests.support.session_bus import gnome_keyring, private_session_bus

    require_programs("dbus-daemon", "gnome-keyring-daemon")
    with private_session_bus() as address, gnome_keyring(address) as env:
        yield env
