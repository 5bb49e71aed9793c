"""Settings ▸ Save is one operation: the journal's settings and this computer's calendar
section in one step, so one Ctrl+Z (``operations.undo``) takes both back."""

from __future__ import annotations

from journal.core import operations
from journal.core.calendar import meetings
from journal.core.journal import Journal
from journal.core.model import Circle


def test_settings_and_calendar_are_saved_and_undone_as_one_step(journal: Journal) -> None:
    before = journal.settings().cadence_days[Circle.NETWORK]
    value = journal.settings()
    value.cadence_days[Circle.NETWORK] = before + 15
    calendar = meetings.load_settings(journal)
    calendar.own_emails = ["me@example.org"]

    change = operations.save_all_settings(journal, value, calendar)

    assert change.step is not None and change.touches("settings")
    assert (change.label, change.done) == ("Change the settings", "Settings saved.")
    assert journal.settings().cadence_days[Circle.NETWORK] == before + 15
    assert meetings.load_settings(journal).own_emails == ["me@example.org"]
    assert operations.undo_label(journal) == "Change the settings"

    operations.undo(journal)

    assert journal.settings().cadence_days[Circle.NETWORK] == before
    assert meetings.load_settings(journal).own_emails == []
