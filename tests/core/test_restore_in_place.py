"""Backups from the running app: progress, a journal that stays usable while one is
written, and a restore of the journal this process has open (close, restore, reopen)."""

from __future__ import annotations

import threading

import pytest

from journal.core import backup as backup_core
from journal.core import store as store_module
from journal.core.errors import JournalDamaged, WrongPassphrase
from journal.core.journal import Journal
from journal.core.model import Person
from journal.core.paths import JournalPaths
from tests.conftest import TEST_PASSPHRASE
from tests.core.test_backup import fingerprint, names
from tests.support.backups import damaged_backup


def test_a_backup_reports_its_progress_up_to_the_end(journal):
    journal.add_people([Person(name=f"Person {i}", notes="x" * 400) for i in range(300)])
    seen: list[tuple[int, int]] = []
    backup_core.backup(journal, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (100, 100)
    values = [done for done, _ in seen]
    assert values == sorted(values), "progress never goes backwards"
    assert len(set(values)) > 2, "it moves in steps, not only at the end"


def test_the_journal_stays_usable_while_a_backup_is_written(journal, monkeypatch, keychain, clock):
    """Another thread saves in the middle of the copy: the save does not wait for the
    backup, and the backup holds the journal as it was when it started."""
    journal.add_people([Person(name=f"Person {i}", notes="x" * 400) for i in range(300)])
    monkeypatch.setattr(store_module, "SNAPSHOT_STEP_PAGES", 4)
    saved = threading.Event()

    def save_elsewhere() -> None:
        journal.add_person(Person(name="Added during the backup"))
        saved.set()

    def halfway(done: int, _total: int) -> None:
        if done >= 30 and not saved.is_set():
            writer = threading.Thread(target=save_elsewhere)
            writer.start()
            writer.join(timeout=10)
            assert saved.is_set(), "a save had to wait for the backup"

    path = backup_core.backup(journal, progress=halfway)
    assert saved.is_set()
    assert "Added during the backup" in names(journal)
    info = backup_core.verify_backup(path, passphrase=TEST_PASSPHRASE)
    assert info.people == 300


def test_restore_in_place_brings_back_the_old_state_and_keeps_the_current_aside(
    journal, keychain, clock
):
    journal.add_person(Person(name="Ana Lima"))
    path = backup_core.backup(journal)
    journal.add_person(Person(name="Kofi After"))
    journal.remember_key()

    preview = backup_core.preview_restore(journal, path)
    assert preview.key_fits and (preview.current_people, preview.current_entries) == (2, 0)
    assert preview.same_journal
    assert preview.backup.created_at == clock.now()

    result = backup_core.restore_open_journal(journal, path)
    assert result.error is None and result.report is not None
    assert not journal.is_open
    restored = result.journal
    try:
        assert names(restored) == ["Ana Lima"]
        assert restored.is_remembered()
    finally:
        restored.close()
    kept = Journal.open(
        JournalPaths(result.report.replaced), TEST_PASSPHRASE, keychain=keychain, clock=clock
    )
    try:
        assert names(kept) == ["Ana Lima", "Kofi After"]
    finally:
        kept.close()
    # The keychain opens the restored journal (the next start asks for nothing).
    Journal.open(journal.paths, None, keychain=keychain, clock=clock).close()


def test_a_backup_made_with_another_passphrase_needs_that_passphrase(journal, keychain, clock):
    journal.add_person(Person(name="Ana Lima"))
    path = backup_core.backup(journal)
    journal.change_passphrase(TEST_PASSPHRASE, "a brand new passphrase")
    journal.remember_key()
    journal.add_person(Person(name="Kofi After"))

    preview = backup_core.preview_restore(journal, path)
    assert not preview.key_fits and preview.same_journal
    assert not backup_core.passphrase_opens_backup(path, "a brand new passphrase")
    assert backup_core.passphrase_opens_backup(path, TEST_PASSPHRASE)

    refused = backup_core.restore_open_journal(journal, path)  # the current key: no
    assert isinstance(refused.error, WrongPassphrase)
    assert names(refused.journal) == ["Ana Lima", "Kofi After"]

    result = backup_core.restore_open_journal(refused.journal, path, TEST_PASSPHRASE)
    assert result.error is None
    try:
        assert names(result.journal) == ["Ana Lima"]
    finally:
        result.journal.close()
    # It now opens with the passphrase it had then, and the keychain followed it.
    Journal.open(journal.paths, TEST_PASSPHRASE, keychain=keychain, clock=clock).close()
    Journal.open(journal.paths, None, keychain=keychain, clock=clock).close()


def test_a_damaged_backup_is_refused_and_the_journal_reopened_as_it_was(journal, tmp_path):
    journal.add_people([Person(name=f"Person {i}", notes="x" * 500) for i in range(200)])
    good = backup_core.backup(journal, tmp_path / "good.rapport-backup")
    bad = damaged_backup(good, tmp_path / "bad.rapport-backup", flipped=16)
    journal.add_person(Person(name="Only in the journal"))
    paths = journal.paths
    journal.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = kept_files(paths)

    result = backup_core.restore_open_journal(journal, bad)
    assert isinstance(result.error, JournalDamaged)
    assert "has not been changed" in str(result.error)
    try:
        assert result.journal.is_open
        assert "Only in the journal" in names(result.journal)
    finally:
        result.journal.close()
    assert kept_files(paths) == before
    assert not (paths.root / "replaced").exists()


def kept_files(paths: JournalPaths) -> dict[str, str]:
    """The journal and its key file, byte for byte (WAL side files come and go)."""
    return {
        name: digest
        for name, digest in fingerprint(paths).items()
        if name in ("journal.db", "journal.meta.json")
    }


@pytest.mark.parametrize("content", [b"", b"hello, not a backup"])
def test_something_that_is_not_a_backup_is_refused_before_anything_closes(
    journal, tmp_path, content
):
    other = tmp_path / "other.rapport-backup"
    other.write_bytes(content)
    with pytest.raises(backup_core.NotAJournal):
        backup_core.preview_restore(journal, other)
    result = backup_core.restore_open_journal(journal, other, "any passphrase")
    assert result.error is not None and result.journal is journal and journal.is_open
