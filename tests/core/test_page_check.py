"""The page check off the open path (issue 15): opening reads what it needs, SQLCipher
checks each page's HMAC as it is read, and every page is checked once a day with the
upkeep, before each backup and before a migration. Damage found stops writes, and no
backup or migration copy is made of a damaged journal."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from journal.core import backup, errors, maintenance
from journal.core.journal import Journal
from journal.core.model import Entry, Person
from journal.core.paths import JournalPaths
from tests.conftest import TEST_PASSPHRASE
from tests.reliability.harness import one_more_migration

PAGE = 4096


def _flip_last_page(paths: JournalPaths) -> None:
    data = bytearray(paths.db.read_bytes())
    data[len(data) - PAGE + 1234] ^= 0x08
    paths.db.write_bytes(bytes(data))


@pytest.fixture
def damaged(make_journal, clock) -> JournalPaths:
    """A closed journal whose last page is damaged (opening does not read it)."""
    journal = make_journal()
    journal.add_entries(
        [
            Entry(occurred_at=datetime(2026, 1, 1) + timedelta(days=n), body="x" * 900)
            for n in range(200)
        ]
    )
    backup.backup(journal, automatic=True)  # a good automatic backup from before
    paths = journal.paths
    journal.close()
    _flip_last_page(paths)
    return paths


def test_opening_does_not_read_every_page_but_the_check_finds_the_damage(damaged, clock):
    with Journal.open(damaged, TEST_PASSPHRASE, clock=clock) as journal:
        with pytest.raises(errors.JournalDamaged) as caught:
            journal.check_pages()
        assert "Your passphrase is right" in str(caught.value)
        assert "stopped saving" in str(caught.value)
        with pytest.raises(errors.JournalDamaged):
            journal.add_person(Person(name="Not saved over damage"))


def test_the_daily_upkeep_checks_first_and_makes_no_backup_of_a_damaged_journal(damaged, clock):
    before = sorted(p.name for p in damaged.backups.iterdir())
    clock.set("2026-11-30T09:00:00")  # days later: a backup would be due
    with Journal.open(damaged, TEST_PASSPHRASE, clock=clock) as journal:
        report = maintenance.run_daily(journal)
        assert report.damaged and report.backup is None
        assert "damaged" in report.problems[0]
        with pytest.raises(errors.JournalDamaged):
            journal.add_person(Person(name="Not saved over damage"))
    assert sorted(p.name for p in damaged.backups.iterdir()) == before  # the good one kept


def test_a_backup_of_a_damaged_journal_is_refused(damaged, clock, tmp_path):
    with (
        Journal.open(damaged, TEST_PASSPHRASE, clock=clock) as journal,
        pytest.raises(errors.JournalDamaged),
    ):
        backup.backup(journal, tmp_path)
    assert not list(tmp_path.glob("*.rapport-backup"))


def test_a_damaged_journal_is_not_migrated(damaged, monkeypatch):
    one_more_migration(monkeypatch)
    before = damaged.db.read_bytes()
    with pytest.raises(errors.JournalDamaged):
        Journal.open(damaged, TEST_PASSPHRASE)
    assert damaged.db.read_bytes() == before
    assert not list(damaged.backups.glob("before-schema-*"))


def test_a_sound_journal_passes_and_stays_writable(make_journal):
    journal = make_journal()
    journal.check_pages()
    journal.add_person(Person(name="Ana Lima"))
    report = maintenance.run_daily(journal)
    assert report.ran and not report.damaged
