"""Strict modes, as OpenSSH's: a journal folder or file someone else could change is
refused at every open, with the command that fixes it, and nothing is changed.

Run as root in CI's container, so "another user" is a file chowned to another uid;
without root those cases are skipped (an ordinary user cannot give files away).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from journal.core import backup, errors
from journal.core.journal import Journal
from journal.core.paths import JournalPaths
from tests.reliability.harness import PASSPHRASE, file_hashes

OTHER_UID = 54321
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="giving files to another user needs root")


def _modes(root: Path) -> dict[str, int]:
    return {
        str(p.relative_to(root.parent)): stat.S_IMODE(os.lstat(p).st_mode)
        for p in [root, *root.rglob("*")]
    }


def folder_0777(paths: JournalPaths) -> None:
    os.chmod(paths.root, 0o777)


def folder_0770(paths: JournalPaths) -> None:
    os.chmod(paths.root, 0o770)


def folder_of_another_user(paths: JournalPaths) -> None:
    os.chown(paths.root, OTHER_UID, OTHER_UID)


def database_0666(paths: JournalPaths) -> None:
    os.chmod(paths.db, 0o666)


def key_file_of_another_user(paths: JournalPaths) -> None:
    os.chown(paths.meta, OTHER_UID, OTHER_UID)


def wal_and_shm_planted_in_a_world_writable_folder(paths: JournalPaths) -> None:
    os.chmod(paths.root, 0o777)
    for planted in (paths.wal, paths.shm):
        planted.write_bytes(b"planted by someone else" * 100)
        os.chmod(planted, 0o666)
        os.chown(planted, OTHER_UID, OTHER_UID)


def wal_planted_by_another_user(paths: JournalPaths) -> None:
    paths.wal.write_bytes(b"planted by someone else" * 100)
    os.chown(paths.wal, OTHER_UID, OTHER_UID)


def wal_is_a_folder(paths: JournalPaths) -> None:
    paths.wal.mkdir()


def wal_is_a_symlink_by_another_user(paths: JournalPaths) -> None:
    target = paths.root.parent / "elsewhere-wal"
    target.write_bytes(b"")
    paths.wal.symlink_to(target)
    os.lchown(paths.wal, OTHER_UID, OTHER_UID)


def lock_is_a_folder(paths: JournalPaths) -> None:
    paths.lock.unlink()
    paths.lock.mkdir()


def lock_is_a_symlink(paths: JournalPaths) -> None:
    paths.lock.unlink()
    (paths.root.parent / "elsewhere-lock").write_bytes(b"")
    paths.lock.symlink_to(paths.root.parent / "elsewhere-lock")


def backups_a_symlink_to_a_folder_of_another_user(paths: JournalPaths) -> None:
    target = paths.root.parent / "their backups"
    target.mkdir(mode=0o700)
    os.chown(target, OTHER_UID, OTHER_UID)
    paths.backups.symlink_to(target)


def key_file_a_symlink_to_a_world_writable_file(paths: JournalPaths) -> None:
    target = paths.root.parent / "shared.meta.json"
    target.write_bytes(paths.meta.read_bytes())
    os.chmod(target, 0o666)
    paths.meta.unlink()
    paths.meta.symlink_to(target)


# case -> (damage, expected error, words the sentence must hold, needs root)
CASES: dict[str, tuple[Callable[[JournalPaths], None], type[errors.JournalError], str, bool]] = {
    "folder 0777": (folder_0777, errors.UnsafeFiles, "chmod 700", False),
    "folder 0770": (folder_0770, errors.UnsafeFiles, "chmod 700", False),
    "folder of another user": (folder_of_another_user, errors.UnsafeFiles, "another user", True),
    "journal.db 0666": (database_0666, errors.UnsafeFiles, "chmod 600", False),
    "key file of another user": (key_file_of_another_user, errors.UnsafeFiles, "sudo chown", True),
    "WAL and shm planted 0666 by another user in a world-writable folder": (
        wal_and_shm_planted_in_a_world_writable_folder,
        errors.UnsafeFiles,
        "chmod 700",
        True,
    ),
    "WAL planted by another user": (
        wal_planted_by_another_user,
        errors.UnsafeFiles,
        "another user",
        True,
    ),
    "WAL a folder": (wal_is_a_folder, errors.UnsafeFiles, "is a folder", False),
    "WAL a symlink made by another user": (
        wal_is_a_symlink_by_another_user,
        errors.UnsafeFiles,
        "symbolic link made by another user",
        True,
    ),
    "lock a folder": (lock_is_a_folder, errors.UnsafeFiles, "is a folder", False),
    "lock a symlink": (lock_is_a_symlink, errors.UnsafeFiles, "symbolic link", False),
    "backups/ a symlink to another user's folder": (
        backups_a_symlink_to_a_folder_of_another_user,
        errors.UnsafeFiles,
        "another user",
        True,
    ),
    "key file a symlink to a world-writable file": (
        key_file_a_symlink_to_a_world_writable_file,
        errors.UnsafeFiles,
        "chmod 600",
        False,
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_files_someone_else_could_change_are_refused_with_the_fix(case, damaged):
    damage, expected, words, needs_root = CASES[case]
    if needs_root and os.geteuid() != 0:
        pytest.skip("giving files to another user needs root")
    damage(damaged)
    before, modes = file_hashes(damaged.root.parent), _modes(damaged.root)
    with pytest.raises(errors.JournalError) as caught:
        Journal.open(damaged, PASSPHRASE)
    assert type(caught.value) is expected, f"{case}: {type(caught.value).__name__}: {caught.value}"
    assert words in str(caught.value), str(caught.value)
    assert file_hashes(damaged.root.parent) == before and _modes(damaged.root) == modes, case


def test_a_data_folder_that_is_a_file_is_told(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("my notes")
    with pytest.raises(errors.InvalidInput) as caught:
        Journal.open(JournalPaths(path), PASSPHRASE)
    assert "is a file, not a folder" in str(caught.value)
    with pytest.raises(errors.InvalidInput):
        Journal.create(JournalPaths(path), PASSPHRASE)
    assert path.read_text() == "my notes"


def test_symlinks_the_user_made_to_private_places_are_followed(damaged, tmp_path):
    """A data folder and backups/ moved elsewhere and linked back (say, to another disk)."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    moved = elsewhere / "journal"
    damaged.root.rename(moved)
    damaged.root.symlink_to(moved)
    (elsewhere / "backups").mkdir(mode=0o700)
    damaged.backups.symlink_to(elsewhere / "backups")
    with Journal.open(damaged, PASSPHRASE) as journal:
        made = backup.backup(journal)
    assert made.parent == damaged.backups and (elsewhere / "backups" / made.name).exists()
    assert stat.S_IMODE(moved.stat().st_mode) == 0o700


def test_a_symlinked_folder_open_to_others_is_refused_and_its_mode_left_alone(damaged, tmp_path):
    shared = tmp_path / "shared"
    damaged.root.rename(shared)
    os.chmod(shared, 0o777)
    damaged.root.symlink_to(shared)
    with pytest.raises(errors.UnsafeFiles) as caught:
        Journal.open(damaged, PASSPHRASE)
    assert f"chmod 700 {shared}" in str(caught.value)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o777  # never chmod a symlink's target
    with pytest.raises(errors.UnsafeFiles):
        backup.list_backups(damaged)


@as_root
def test_permissions_are_checked_at_every_open_not_only_at_creation(damaged):
    Journal.open(damaged, PASSPHRASE).close()
    os.chmod(damaged.root, 0o777)
    with pytest.raises(errors.UnsafeFiles):
        Journal.open(damaged, PASSPHRASE)
    os.chmod(damaged.root, 0o700)
    Journal.open(damaged, PASSPHRASE).close()
