"""Permissions: the journal's folder is 0700 and every file in it 0600, at every step.

Run with a umask of 0, so the modes come from Rapport itself and not from a careful
umask: a fresh journal, the WAL and shm files while it is open, after writes, a
passphrase change, a backup into the journal's ``backups/`` and one into a folder the
user chose, after closing, after a restore (with the replaced journal kept aside), and
the copy kept before a migration.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from journal.core import backup
from journal.core.journal import Journal
from journal.core.keys import KdfParams
from journal.core.model import Entry
from journal.core.paths import JournalPaths
from tests.reliability.harness import PASSPHRASE, one_more_migration
from tests.reliability.worker import FAST_KDF_N


@pytest.fixture
def no_umask() -> Iterator[None]:
    previous = os.umask(0)
    yield
    os.umask(previous)


def modes(root: Path) -> dict[str, str]:
    found = {".": oct(stat.S_IMODE(root.stat().st_mode))}
    for path in sorted(root.rglob("*")):
        found[str(path.relative_to(root))] = oct(stat.S_IMODE(path.stat().st_mode))
    return found


def wrong_modes(root: Path) -> dict[str, str]:
    return {
        name: mode
        for name, mode in modes(root).items()
        if mode != ("0o700" if (root / name).is_dir() else "0o600")
    }


def test_folder_0700_and_files_0600_at_every_step(tmp_path, no_umask, monkeypatch, summary):
    paths = JournalPaths(tmp_path / "journal")
    checked: dict[str, dict[str, str]] = {}
    journal = Journal.create(paths, PASSPHRASE, kdf=KdfParams.fresh(n=FAST_KDF_N))
    checked["created"] = wrong_modes(paths.root)
    for n in range(20):
        journal.add_entry(Entry(occurred_at=datetime(2026, 1, 1, 9, n), body="x" * 3000))
    assert paths.wal.exists() and paths.shm.exists()
    checked["open, with WAL and shm"] = wrong_modes(paths.root)
    journal.change_passphrase(PASSPHRASE, "another passphrase")
    checked["passphrase changed"] = wrong_modes(paths.root)
    backup.backup(journal)
    checked["backed up into backups/"] = wrong_modes(paths.root)
    chosen = tmp_path / "my backups"
    chosen.mkdir()
    chosen_backup = backup.backup(journal, chosen)
    backup_mode = oct(stat.S_IMODE(chosen_backup.stat().st_mode))
    journal.add_entry(Entry(occurred_at=datetime(2026, 2, 1), body="after the backup"))
    journal.close()
    checked["closed"] = wrong_modes(paths.root)

    backup.restore_backup(paths, chosen_backup, "another passphrase")
    checked["restored, the replaced journal kept aside"] = wrong_modes(paths.root)
    one_more_migration(monkeypatch)
    with Journal.open(paths, "another passphrase") as restored:
        assert restored.count_entries() == 20  # as backed up
        migration_copies = list(paths.backups.glob("before-schema-*"))
        checked["migrated, with the copy kept before"] = wrong_modes(paths.root)
    checked["closed again"] = wrong_modes(paths.root)

    bad = {step: wrong for step, wrong in checked.items() if wrong}
    line = summary(
        f"permissions: {len(checked)} steps under umask 0, {len(modes(paths.root))} paths "
        f"at the end, {sum(map(len, bad.values()))} with a mode other than 0700/0600; "
        f"a backup to a chosen folder is {backup_mode}"
    )
    assert len(migration_copies) == 1, migration_copies
    assert (paths.root / "replaced").is_dir()
    assert not bad, f"{line}: {bad}"
    assert backup_mode == "0o600", line
