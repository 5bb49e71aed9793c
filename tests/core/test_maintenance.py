"""The daily upkeep: one automatic backup per calendar day, the search index tidied, and a
failure told in a sentence instead of raised."""

from __future__ import annotations

import errno
from datetime import date, datetime

import pytest

from journal.core import backup as backup_core
from journal.core import maintenance, search
from journal.core.model import Entry, Person
from journal.core.settings import JournalSettings


def automatic(journal) -> list[str]:
    return sorted(b.path.name for b in backup_core.list_backups(journal.paths) if b.automatic)


def test_the_first_run_of_a_day_backs_up_and_later_runs_that_day_do_nothing(journal, clock):
    journal.add_person(Person(name="Ana Lima"))
    report = maintenance.run_daily(journal)
    assert report.ran and report.ok
    assert report.backup is not None and report.backup.exists()
    assert automatic(journal) == [report.backup.name]
    assert maintenance.last_run(journal) == date(2026, 11, 24)

    clock.advance(hours=14)  # 23:00 the same day
    again = maintenance.run_daily(journal)
    assert not again.ran and again.backup is None
    assert len(automatic(journal)) == 1


def test_daily_means_by_the_calendar_not_every_24_hours(journal, clock):
    clock.set("2026-11-24T23:30:00")
    first = maintenance.run_daily(journal)
    clock.set("2026-11-25T00:00:01")  # the tray's midnight wake-up, half an hour later
    second = maintenance.run_daily(journal)
    assert first.backup is not None and second.backup is not None
    assert len(automatic(journal)) == 2


def test_only_the_newest_automatic_backups_are_kept_and_hand_made_ones_never_go(journal, clock):
    journal.save_settings(JournalSettings(backups_kept=2))
    by_hand = backup_core.backup(journal)
    made = []
    for day in range(24, 28):
        clock.set(datetime(2026, 11, day, 9))
        made.append(maintenance.run_daily(journal).backup)
    assert automatic(journal) == sorted(p.name for p in made[-2:])
    assert by_hand.exists()


def test_turned_off_it_makes_no_backup_but_still_tidies_the_index(journal, clock):
    journal.save_settings(JournalSettings(auto_backup=False))
    ana = journal.add_person(Person(name="Ana Lima"))
    for i in range(30):  # one transaction each: many small index segments
        journal.add_entry(
            Entry(
                occurred_at=datetime(2026, 1, 1 + i % 28, 9),
                body=f"Pottery class {i}",
                people=[ana.id],
            )
        )
    report = maintenance.run_daily(journal)
    assert report.ran and report.backup is None and automatic(journal) == []
    assert report.index_steps >= 1
    assert search.tidy_index(journal) == 0, "the index was left tidy"
    assert len(search.search(journal, "pottery", limit=100)) == 30


def test_the_settings_round_trip_and_bad_values_fall_back(journal):
    journal.save_settings(JournalSettings(auto_backup=False, backups_kept=12))
    assert (journal.settings().auto_backup, journal.settings().backups_kept) == (False, 12)
    loaded = JournalSettings.from_json({"backups_kept": "lots"})
    assert (loaded.auto_backup, loaded.backups_kept) == (True, 7)
    assert JournalSettings.from_json({"backups_kept": 0}).backups_kept == 1


def test_a_backup_that_cannot_be_written_is_a_sentence_not_an_exception(journal, clock):
    journal.paths.backups.write_text("a file where the backups folder should be")
    report = maintenance.run_daily(journal)
    assert report.ran and not report.ok and report.backup is None
    [problem] = report.problems
    assert problem.startswith("Today's automatic backup was not made (")
    assert "Your journal is safe" in problem
    # Told once: the rest of the day is quiet, the next day tries again.
    assert maintenance.run_daily(journal).problems == ()
    journal.paths.backups.unlink()
    clock.advance(days=1)
    assert maintenance.run_daily(journal).backup is not None


def test_a_full_disk_says_so_and_where_old_backups_are(journal, monkeypatch):
    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup_core, "backup", full)
    report = maintenance.run_daily(journal)
    [problem] = report.problems
    assert "the disk is full" in problem
    assert str(journal.paths.backups) in problem


@pytest.mark.parametrize("stored", ["not a day", 42, None])
def test_a_strange_stored_day_counts_as_never(journal, stored):
    journal.put_setting(maintenance.LAST_RUN_KEY, stored)
    assert maintenance.last_run(journal) is None
    assert maintenance.run_daily(journal).ran
