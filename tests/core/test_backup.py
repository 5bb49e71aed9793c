"""Backups a person can rely on: made while the journal is open, restored only when sound,
and never at the cost of the journal they replace."""

from __future__ import annotations

import hashlib
import os
import stat
import tarfile
from datetime import datetime
from pathlib import Path

import pytest

from journal.core import backup as backup_core
from journal.core import search
from journal.core.destination import DestinationExists
from journal.core.errors import JournalDamaged, JournalInUse, NotAJournal, WrongPassphrase
from journal.core.journal import Journal
from journal.core.model import Entry, Person
from journal.core.paths import JournalPaths
from tests.conftest import TEST_PASSPHRASE
from tests.support.backups import damaged_backup


def fingerprint(paths: JournalPaths) -> dict[str, str]:
    """What is in the journal's folder, file by file (to prove nothing changed)."""
    out = {}
    for path in sorted(paths.root.rglob("*")):
        if path.is_file() and path.name != "journal.lock":
            out[str(path.relative_to(paths.root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def reopen(paths: JournalPaths, keychain, clock, passphrase: str = TEST_PASSPHRASE) -> Journal:
    return Journal.open(paths, passphrase, keychain=keychain, clock=clock)


def names(journal: Journal) -> list[str]:
    return [p.name for p in journal.query_people()]


def test_round_trip_while_the_journal_is_open(journal, keychain, clock):
    ana = journal.add_person(Person(name="Ana Lima"))
    journal.add_entry(
        Entry(occurred_at=datetime(2026, 11, 1, 9), body="Bakery launch", people=[ana.id])
    )
    path = backup_core.backup(journal)  # the journal stays open and in use
    assert path.parent == journal.paths.backups
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    journal.add_person(Person(name="Kofi After"))
    assert names(journal) == ["Ana Lima", "Kofi After"]
    paths = journal.paths
    journal.close()

    report = backup_core.restore_backup(paths, path, passphrase=TEST_PASSPHRASE)
    assert (report.backup.people, report.backup.entries) == (1, 1)
    restored = reopen(paths, keychain, clock)
    try:
        assert names(restored) == ["Ana Lima"]
        assert [h.kind for h in search.search(restored, "bakery")] == ["entry"]
    finally:
        restored.close()
    # The journal it replaced is kept, whole, and opens.
    kept = reopen(JournalPaths(report.replaced), keychain, clock)
    try:
        assert names(kept) == ["Ana Lima", "Kofi After"]
    finally:
        kept.close()
    for item in (paths.db, paths.meta):
        assert stat.S_IMODE(item.stat().st_mode) == 0o600
    assert stat.S_IMODE(report.replaced.stat().st_mode) == 0o700
    assert not list(paths.root.glob(".restore-*"))


def test_backup_to_a_chosen_file_or_folder(journal, tmp_path):
    journal.add_person(Person(name="Ana Lima"))
    chosen = backup_core.backup(journal, tmp_path / "mine.rapport-backup")
    assert chosen == tmp_path / "mine.rapport-backup"
    with pytest.raises(DestinationExists):  # never overwrites unless asked
        backup_core.backup(journal, tmp_path / "mine.rapport-backup")
    again = backup_core.backup(journal, tmp_path / "mine.rapport-backup", force=True)
    assert again == chosen
    in_folder = backup_core.backup(journal, tmp_path)
    assert in_folder.parent == tmp_path and in_folder.name.endswith(backup_core.SUFFIX)
    with tarfile.open(chosen) as tar:
        assert sorted(tar.getnames()) == ["backup.json", "journal.db", "journal.meta.json"]
    info = backup_core.verify_backup(chosen, passphrase=TEST_PASSPHRASE)
    assert info.journal_id == journal.journal_id and info.people == 1


def test_restore_refuses_while_the_journal_is_open(journal):
    path = backup_core.backup(journal)
    journal.add_person(Person(name="Unsaved elsewhere"))
    before = fingerprint(journal.paths)
    with pytest.raises(JournalInUse):
        backup_core.restore_backup(journal.paths, path, passphrase=TEST_PASSPHRASE)
    assert fingerprint(journal.paths) == before
    assert names(journal) == ["Unsaved elsewhere"]


@pytest.mark.parametrize(
    "damage", ["flipped bytes", "cut short", "not a backup", "wrong passphrase"]
)
def test_a_bad_backup_is_refused_and_the_journal_left_untouched(
    journal, tmp_path, damage, keychain, clock
):
    journal.add_people([Person(name=f"Person {i}", notes="x" * 500) for i in range(200)])
    good = backup_core.backup(journal, tmp_path / "good.rapport-backup")
    journal.add_person(Person(name="Only in the journal"))
    paths = journal.paths
    journal.close()
    before = fingerprint(paths)
    passphrase = TEST_PASSPHRASE
    if damage == "flipped bytes":
        bad = damaged_backup(good, tmp_path / "bad.rapport-backup", flipped=16)
        expected = JournalDamaged
    elif damage == "cut short":
        bad = tmp_path / "short.rapport-backup"
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
        expected = (JournalDamaged, NotAJournal)
    elif damage == "not a backup":
        bad, expected = tmp_path / "notes.txt", NotAJournal
        bad.write_text("hello")
    else:
        bad, expected, passphrase = good, WrongPassphrase, "not the passphrase"
    with pytest.raises(expected):
        backup_core.restore_backup(paths, bad, passphrase=passphrase)
    assert fingerprint(paths) == before
    assert not (paths.root / "replaced").exists()
    still = reopen(paths, keychain, clock)
    try:
        assert "Only in the journal" in names(still)
    finally:
        still.close()


def test_restore_into_an_empty_folder(journal, tmp_path, keychain, clock):
    journal.add_person(Person(name="Ana Lima"))
    path = backup_core.backup(journal)
    target = JournalPaths(tmp_path / "new computer")
    report = backup_core.restore_backup(target, path, passphrase=TEST_PASSPHRASE)
    assert report.replaced is None
    opened = reopen(target, keychain, clock)
    try:
        assert names(opened) == ["Ana Lima"]
    finally:
        opened.close()
    assert stat.S_IMODE(target.root.stat().st_mode) == 0o700


def test_backup_made_before_a_passphrase_change_restores_with_the_old_passphrase(
    journal, keychain, clock
):
    journal.add_person(Person(name="Ana Lima"))
    path = backup_core.backup(journal)
    journal.change_passphrase(TEST_PASSPHRASE, "a brand new passphrase")
    journal.add_person(Person(name="Kofi Mensah"))
    paths = journal.paths
    journal.close()
    with pytest.raises(WrongPassphrase):
        backup_core.restore_backup(paths, path, passphrase="a brand new passphrase")
    backup_core.restore_backup(paths, path, passphrase=TEST_PASSPHRASE)
    restored = reopen(paths, keychain, clock)
    try:
        assert names(restored) == ["Ana Lima"]
    finally:
        restored.close()


def test_a_crash_in_the_middle_of_the_swap_leaves_a_journal_that_opens(
    journal, keychain, clock, monkeypatch
):
    journal.add_person(Person(name="From the backup"))
    path = backup_core.backup(journal)
    journal.change_passphrase(TEST_PASSPHRASE, "newer passphrase")
    journal.add_person(Person(name="Only in the journal"))
    paths = journal.paths
    journal.close()

    real_replace = os.replace
    calls = []

    def crash_before_promoting_meta(src, dst):
        calls.append(dst)
        if Path(dst) == paths.meta:
            raise OSError("power cut")
        return real_replace(src, dst)

    monkeypatch.setattr(backup_core.os, "replace", crash_before_promoting_meta)
    with pytest.raises(OSError):
        backup_core.restore_backup(paths, path, passphrase=TEST_PASSPHRASE)
    monkeypatch.undo()
    # The database is the backup's; its metadata waits as the pending one, which opening
    # with the backup's passphrase promotes.
    restored = reopen(paths, keychain, clock, passphrase=TEST_PASSPHRASE)
    try:
        assert names(restored) == ["From the backup"]
    finally:
        restored.close()
    assert not paths.pending_meta.exists()
    replaced = next((paths.root / "replaced").iterdir())
    kept = reopen(JournalPaths(replaced), keychain, clock, passphrase="newer passphrase")
    try:
        assert "Only in the journal" in names(kept)
    finally:
        kept.close()


def test_automatic_backups_daily_keeping_the_last_n(journal, clock):
    manual = backup_core.backup(journal)
    first = backup_core.auto_backup_if_due(journal, keep=3)
    assert first is not None and first.name.startswith("auto-")
    assert backup_core.auto_backup_if_due(journal, keep=3) is None  # not due yet
    clock.advance(hours=23)
    assert backup_core.auto_backup_if_due(journal, keep=3) is None
    made = [first]
    for _ in range(4):
        clock.advance(days=1)
        made.append(backup_core.auto_backup_if_due(journal, keep=3))
    autos = sorted(p for p in journal.paths.backups.iterdir() if p.name.startswith("auto-"))
    assert autos == sorted(made[-3:])
    assert manual.exists()  # backups made by hand are never pruned
    listed = backup_core.list_backups(journal.paths)
    assert [b.path for b in listed][:3] == sorted(made[-3:], reverse=True)
    assert all(b.automatic for b in listed[:3]) and not listed[-1].automatic
