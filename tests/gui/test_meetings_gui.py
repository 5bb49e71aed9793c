"""Meetings in the app: Today's "To reflect on", the brief page, Settings → Calendar,
and the notifications before and after a meeting (real session, recorded notifier)."""

from __future__ import annotations

import time
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from journal.core import brief as brief_core
from journal.core.calendar import meetings
from journal.core.journal import Journal
from journal.core.keys import KdfParams
from journal.core.paths import JournalPaths
from journal.gui.desktop.meeting_watch import open_brief
from journal.gui.dialogs.meetings import BriefView
from tests.conftest import FAST_KDF_N, TEST_PASSPHRASE
from tests.gui.conftest import settle
from tests.support.meetings import INVITATIONS, set_up, titled


@pytest.fixture
def london(monkeypatch):
    """The app reads calendars in the machine's zone: make it London for these tests."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def button(widget, name: str, index: int = 0) -> QPushButton:
    found = [b for b in widget.findChildren(QPushButton, name) if b.isVisible()]
    return found[index]


def test_today_lists_the_meeting_to_reflect_on_and_write_opens_the_editor_filled_in(
    qtbot, journal, clock, window
):
    people = set_up(journal)
    clock.set("2026-11-24T14:00:00")
    window.today.reload()
    settle()
    listing = window.today.reflect
    assert listing.isVisible()
    questions = [q.text() for q in listing.findChildren(QLabel, "reflectQuestion")]
    assert questions[0] == "How was lunch with Kwame?"
    qtbot.mouseClick(button(listing, "reflectWrite"), Qt.MouseButton.LeftButton)
    settle()
    editor = window.editor
    assert editor is not None
    assert editor.title.text() == "Lunch with Kwame"
    assert editor.place.text() == "Dishoom, King's Cross"
    assert editor.when.dateTime().toPython() == datetime(2026, 11, 24, 12, 30)
    assert [a.person_id for a in editor.attendees] == [people["kwame"].id]
    qtbot.keyClicks(editor.body, "He got the grant. Send him the reading list.")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, 50)
    lunch = titled(journal, "Lunch with Kwame")
    assert lunch.resolution == "reflected" and lunch.entry_id
    questions = [q.text() for q in listing.findChildren(QLabel, "reflectQuestion")]
    assert "How was lunch with Kwame?" not in questions


def test_we_met_and_dismiss_clear_the_row(qtbot, journal, clock, window):
    people = set_up(journal)
    clock.set("2026-11-24T14:00:00")
    window.today.reload()
    settle()
    listing = window.today.reflect
    before = len(listing.findChildren(QLabel, "reflectQuestion"))
    qtbot.mouseClick(button(listing, "reflectMet"), Qt.MouseButton.LeftButton)
    settle(qtbot, 20)
    assert journal.person(people["kwame"].id).last_contact_at == datetime(2026, 11, 24, 12, 30)
    assert len([q for q in listing.findChildren(QLabel, "reflectQuestion") if q.isVisible()]) == (
        before - 1
    )
    while [b for b in listing.findChildren(QPushButton, "reflectDismiss") if b.isVisible()]:
        qtbot.mouseClick(button(listing, "reflectDismiss"), Qt.MouseButton.LeftButton)
        settle(qtbot, 20)
    assert not listing.isVisible()  # nothing left: the section goes away


def test_we_met_is_offered_for_undo_and_undo_asks_again(qtbot, journal, clock, window):
    people = set_up(journal)
    clock.set("2026-11-24T14:00:00")
    window.today.reload()
    settle()
    listing = window.today.reflect
    qtbot.mouseClick(button(listing, "reflectMet"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.undo_action.text() == "&Undo: Count “Lunch with Kwame” as being in touch",
        timeout=5000,
    )
    window.undo_action.trigger()
    qtbot.waitUntil(
        lambda: journal.person(people["kwame"].id).last_contact_at is None, timeout=5000
    )
    lunch = titled(journal, "Lunch with Kwame")
    assert lunch.id in [m.id for m in meetings.waiting_for_reflection(journal)]


def test_the_brief_page_shows_one_brief_each_and_keeps_private_facts_back(
    qtbot, journal, clock, window
):
    people = set_up(journal)
    meetings.confirm_name(journal, "Li Wei", people["li"].id, same=True)
    review = titled(journal, "Design review")
    dialog = open_brief(window, review.id)
    qtbot.addWidget(dialog)
    settle(qtbot, 20)
    view = dialog.findChild(BriefView)
    assert view.title.text() == "Design review with Ana and Li at 16:00"
    assert [c.accessibleName() for c in view.cards] == ["Brief: Ana Lima", "Brief: Li Wei"]
    # Jo Baker is nobody in the journal: one click adds them.
    qtbot.mouseClick(button(view, "addAttendee"), Qt.MouseButton.LeftButton)
    settle(qtbot, 20)
    assert [p.name for p in journal.find_people("Jo Baker")] == ["Jo Baker"]
    assert "Brief: Jo Baker" in [c.accessibleName() for c in view.cards]

    lunch = titled(journal, "Lunch with Kwame")
    other = open_brief(window, lunch.id)
    qtbot.addWidget(other)
    settle(qtbot, 20)
    text = " ".join(label.text() for label in other.findChildren(QLabel))
    assert "Daughter Abena starts school" in text
    assert "father" not in text  # not fine to mention
    assert "1 private detail not shown (see Kwame Mensah's page)" in text  # ...but said
    assert "An introduction to Ana" in text  # what you could offer


def test_a_name_match_is_confirmed_from_the_brief(qtbot, journal, window):
    people = set_up(journal)
    review = titled(journal, "Design review")
    dialog = open_brief(window, review.id)
    qtbot.addWidget(dialog)
    settle(qtbot, 20)
    view = dialog.findChild(BriefView)
    qtbot.mouseClick(button(view, "confirmSame"), Qt.MouseButton.LeftButton)
    settle(qtbot, 20)
    assert people["li"].id in [p.id for p in titled(journal, "Design review").people]
    assert len(brief_core.meeting_briefs(journal, review.id)) == 2


def test_settings_calendar_section_saves_sources_and_addresses(qtbot, journal, window):
    dialog = window.open_settings("calendar")
    qtbot.addWidget(dialog)
    tab = dialog.calendar
    tab.add_path(str(INVITATIONS))
    tab.own.clear()
    qtbot.keyClicks(tab.own, "Me@Example.org")
    tab.lead.setValue(30)
    dialog.submit()
    settle()
    saved = meetings.load_settings(journal)
    assert saved.sources == [str(INVITATIONS)]
    assert saved.own_emails == ["me@example.org"]
    assert saved.brief_minutes == 30


def test_settings_calendar_with_no_calendar_says_what_to_add(qtbot, journal, window):
    """Not an empty box and a Remove button with nothing to remove: what to add, then the
    list once there is something in it (issue 14's screenshots)."""
    dialog = window.open_settings("calendar")
    qtbot.addWidget(dialog)
    tab = dialog.calendar
    assert tab.no_sources.isVisible() and "No calendar yet" in tab.no_sources.text()
    assert not tab.sources.isVisible() and not tab.remove.isEnabled()
    tab.add_path(str(INVITATIONS))
    assert tab.sources.isVisible() and not tab.no_sources.isVisible()
    tab.sources.setCurrentRow(0)
    assert tab.remove.isEnabled()
    qtbot.mouseClick(tab.remove, Qt.MouseButton.LeftButton)
    assert tab.paths() == [] and tab.no_sources.isVisible()


def test_settings_calendar_refuses_an_address_that_is_not_one(qtbot, journal, window):
    dialog = window.open_settings("calendar")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.calendar.own, "not an address")
    dialog.submit()
    assert dialog.calendar.message.text() == "'not an address' is not an email address."
    assert dialog.isVisible()


def _session_journal(tmp_path, clock, keychain) -> JournalPaths:
    paths = JournalPaths(tmp_path / "journal")
    journal = Journal.create(
        paths,
        TEST_PASSPHRASE,
        remember=True,
        clock=clock,
        keychain=keychain,
        kdf=KdfParams.fresh(n=FAST_KDF_N),
    )
    set_up(journal)
    journal.close()
    return paths


def test_notifications_before_and_after_a_meeting(
    qtbot, make_session, tmp_path, clock, keychain, london
):
    clock.set("2026-11-24T12:16:00")
    paths = _session_journal(tmp_path, clock, keychain)
    session = make_session(paths)
    session.start()
    qtbot.waitUntil(lambda: session.window is not None, timeout=10_000)
    notifier = session.background.notifier
    qtbot.waitUntil(
        lambda: any(n["title"] == "Lunch with Kwame at 12:30" for n in notifier.sent),
        timeout=10_000,
    )
    brief_note = next(n for n in notifier.sent if n["title"] == "Lunch with Kwame at 12:30")
    assert brief_note["actions"] == ("brief",)
    notifier.action.emit(brief_note["token"], "open")
    settle(qtbot, 20)
    dialog = session.window.brief_dialog
    assert dialog.isVisible()
    assert dialog.view.title.text() == "Lunch with Kwame at 12:30"
    dialog.close()

    # Once the lunch is over, one quiet prompt; its click opens the editor filled in.
    clock.set("2026-11-24T13:40:00")
    session.background.meetings.look()
    qtbot.waitUntil(
        lambda: any(n["title"] == "How was lunch with Kwame?" for n in notifier.sent),
        timeout=10_000,
    )
    note = next(n for n in notifier.sent if n["title"] == "How was lunch with Kwame?")
    assert note["actions"] == ("write", "met", "dismiss")
    notifier.action.emit(note["token"], "write")
    settle(qtbot, 20)
    editor = session.window.editor
    assert (editor.title.text(), editor.place.text()) == (
        "Lunch with Kwame",
        "Dishoom, King's Cross",
    )
    # Never twice: another look shows nothing new about the lunch.
    count = len(notifier.sent)
    session.background.meetings.look()
    settle(qtbot, 50)
    assert [n["title"] for n in notifier.sent[count:]] == []
    editor.keep_for_lock()


def test_a_changed_calendar_file_is_read_again_while_running(
    qtbot, make_session, tmp_path, clock, keychain, london
):
    """A meeting added to the calendar file while Rapport runs brings its brief, without
    waiting for the next timed look: the file watcher sees the write."""
    import shutil

    calendar = tmp_path / "calendar.ics"
    shutil.copy(INVITATIONS, calendar)
    clock.set("2026-11-24T10:00:00")
    paths = JournalPaths(tmp_path / "journal")
    journal = Journal.create(
        paths,
        TEST_PASSPHRASE,
        remember=True,
        clock=clock,
        keychain=keychain,
        kdf=KdfParams.fresh(n=FAST_KDF_N),
    )
    set_up(journal, calendar)
    journal.close()
    session = make_session(paths)
    session.start()
    qtbot.waitUntil(lambda: session.window is not None, timeout=10_000)
    watch = session.background.meetings
    qtbot.waitUntil(lambda: watch.files.files() != [], timeout=10_000)
    settle(qtbot, 50)
    notifier = session.background.notifier
    assert notifier.sent == []  # nothing due at 10:00
    extra = (
        "BEGIN:VEVENT\r\nUID:tea@test\r\nDTSTART:20261124T100500Z\r\n"
        "DTEND:20261124T103000Z\r\nSUMMARY:Tea with Ana\r\n"
        "ATTENDEE;CN=Ana Lima:mailto:ana@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    calendar.write_bytes(calendar.read_bytes().replace(b"END:VCALENDAR\r\n", extra.encode()))
    qtbot.waitUntil(
        lambda: any(n["title"] == "Tea with Ana at 10:05" for n in notifier.sent), timeout=15_000
    )


def test_a_calendar_added_in_settings_is_read_at_once(
    qtbot, make_session, tmp_path, clock, keychain, london
):
    clock.set("2026-11-24T12:16:00")
    paths = JournalPaths(tmp_path / "journal")
    journal = Journal.create(
        paths,
        TEST_PASSPHRASE,
        remember=True,
        clock=clock,
        keychain=keychain,
        kdf=KdfParams.fresh(n=FAST_KDF_N),
    )
    from tests.support.meetings import people

    people(journal)
    journal.close()
    session = make_session(paths)
    session.start()
    qtbot.waitUntil(lambda: session.window is not None, timeout=10_000)
    settle(qtbot, 50)
    notifier = session.background.notifier
    assert notifier.sent == []
    dialog = session.window.open_settings("calendar")
    dialog.calendar.add_path(str(INVITATIONS))
    qtbot.keyClicks(dialog.calendar.own, "me@example.org")
    dialog.submit()
    qtbot.waitUntil(
        lambda: any(n["title"] == "Lunch with Kwame at 12:30" for n in notifier.sent),
        timeout=15_000,
    )
