"""What every page shares (gui/pages/base.py), as a user sees it: a page that was hidden
while the journal changed shows the change when opened, loading it once; a page whose
load fails says so in a sentence; an answer to an older load never replaces a newer one."""

from __future__ import annotations

import threading

from journal.core.errors import JournalError
from journal.core.model import Person
from journal.gui.main_window import PageName
from journal.gui.pages.people import PeoplePage
from tests.support.qt import settle


def _count_loads(monkeypatch, page_class) -> list[object]:
    loads: list[object] = []
    real = page_class.load

    def counted(self, request):
        loads.append(request)
        return real(self, request)

    monkeypatch.setattr(page_class, "load", counted)
    return loads


def test_a_hidden_page_shows_changes_when_opened_loading_once(qtbot, window, journal, monkeypatch):
    window.show_page(PageName.PEOPLE)
    settle()
    assert window.people.count.text() == "0 people"
    window.show_page(PageName.TODAY)
    settle()
    loads = _count_loads(monkeypatch, PeoplePage)

    for name in ("Ana Lima", "Kofi Mensah", "Mei Chen"):
        journal.add_person(Person(name))
    journal.log(["Ana Lima"], "Coffee")
    settle(qtbot, 20)
    assert loads == [], "nobody looks at a hidden page: it waits until shown"
    assert window.people.is_stale

    window.show_page(PageName.PEOPLE)
    settle()
    assert window.people.count.text() == "3 people"
    assert len(loads) == 1, "four changes while hidden, one load when shown"
    assert not window.people.is_stale and not window.people.is_loading

    window.show_page(PageName.TODAY)
    window.show_page(PageName.PEOPLE)
    settle()
    assert len(loads) == 1, "shown again with nothing changed: no load"


def test_a_change_the_page_does_not_show_leaves_it_alone(qtbot, window, journal):
    window.show_page(PageName.JOURNAL)
    settle()
    window.show_page(PageName.TODAY)
    settle()
    journal.save_settings(journal.settings())  # settings: no entry looks different
    settle()
    assert not window.journal_page.is_stale
    assert window.people.is_stale, "People shows who is due, which settings change"


def test_a_visible_page_reloads_once_per_burst_of_changes(qtbot, window, journal, monkeypatch):
    window.show_page(PageName.PEOPLE)
    settle()
    loads = _count_loads(monkeypatch, PeoplePage)
    with journal.transaction():  # an import: many changes, heard together after it
        for i in range(5):
            journal.add_person(Person(f"Friend {i}"))
    settle(qtbot, 20)
    assert window.people.count.text() == "5 people"
    assert len(loads) == 1


def test_a_failed_load_is_told_in_a_sentence(qtbot, window, journal, monkeypatch):
    def broken(*_args, **_kwargs):
        raise JournalError("Rapport could not read the people list. Try again in a moment.")

    # The list's load asks the core for everyone's order (on the worker).
    monkeypatch.setattr(journal, "order_people", broken)
    window.show_page(PageName.PEOPLE)
    window.people.reload()
    settle()
    message = window.people.load_message
    assert message.isVisible()
    assert message.text() == "Rapport could not read the people list. Try again in a moment."
    assert "Traceback" not in message.text() and not window.people.is_loading

    monkeypatch.undo()
    journal.add_person(Person("Ana Lima"))
    settle(qtbot, 20)
    assert not message.isVisible(), "the next load that works clears the message"
    assert window.people.count.text() == "1 person"


def test_an_unexpected_failure_on_insights_says_what_to_do(qtbot, window, journal, monkeypatch):
    from journal.gui.pages import insights

    def broken(_journal):
        raise RuntimeError("division by zero in a chart")

    monkeypatch.setattr(insights, "compute_insights", broken)
    window.show_page(PageName.INSIGHTS)
    settle()
    status = window.insights.status
    assert status.isVisible() and status.text()
    assert "division" not in status.text() and "RuntimeError" not in status.text()


def test_an_older_answer_never_replaces_a_newer_one(qtbot, window, journal):
    journal.add_person(Person("Ana Lima"))
    window.show_page(PageName.PEOPLE)
    settle()
    page = window.people
    page.archived.setChecked(True)  # a second load while the first may still run
    page.archived.setChecked(False)
    journal.add_person(Person("Kofi Mensah"))
    settle(qtbot, 20)
    assert page.count.text() == "2 people"
    page._done(page.generation - 1, None)  # a late answer to a superseded load
    assert page.count.text() == "2 people"


def _record_load_threads(monkeypatch, page_class) -> list[threading.Thread]:
    threads: list[threading.Thread] = []
    real = page_class.load

    def recorded(self, request):
        threads.append(threading.current_thread())
        return real(self, request)

    monkeypatch.setattr(page_class, "load", recorded)
    return threads


def test_the_journal_page_loads_on_the_worker_and_shows_changes_made_while_hidden(
    qtbot, window, journal, monkeypatch
):
    from journal.gui.pages.journal import JournalPage

    threads = _record_load_threads(monkeypatch, JournalPage)
    journal.log(["Ana Lima"], "Coffee with Ana")
    window.show_page(PageName.JOURNAL)
    page = window.journal_page
    qtbot.waitUntil(lambda: not page.is_loading)
    assert page.count.text() == "1 entry"
    assert "Coffee with Ana" in page.preview.toPlainText()
    assert "Ana Lima" in page.preview.toPlainText()
    assert threads and threading.main_thread() not in threads, "read on the worker"

    window.show_page(PageName.TODAY)
    journal.log(["Kofi Mensah"], "Call with Kofi")
    settle()
    assert page.count.text() == "1 entry" and page.is_stale
    window.show_page(PageName.JOURNAL)
    qtbot.waitUntil(lambda: page.count.text() == "2 entries")
    assert not page.is_stale


def test_the_person_page_loads_on_the_worker_and_shows_changes_made_while_hidden(
    qtbot, window, journal, monkeypatch
):
    from PySide6.QtWidgets import QCheckBox, QLabel

    from journal.core import links
    from journal.core.model import FollowUp
    from journal.gui.pages.person import PersonPage

    threads = _record_load_threads(monkeypatch, PersonPage)
    ana = journal.add_person(Person("Ana Lima"))
    leo = journal.add_person(Person("Leo Lima"))
    links.add_link(journal, leo.id, "son", ana.id)
    journal.log(["Ana Lima"], "Coffee with Ana")
    journal.add_follow_up(FollowUp("bring the book", person_id=ana.id))
    window.open_person(ana.id)
    page = window.person_page
    qtbot.waitUntil(lambda: page.findChild(QLabel, "personName") is not None)
    assert page.findChild(QLabel, "personName").text() == "Ana Lima"
    assert [b.text() for b in page.findChildren(QCheckBox, "followUp")] == ["bring the book"]
    assert page.links_panel is not None
    assert "Leo Lima" in " ".join(page.links_panel.sentences())
    timeline = [label.text() for label in page.findChildren(QLabel, "timelineEntry")]
    assert len(timeline) == 1 and "Coffee with Ana" in timeline[0]
    assert threads and threading.main_thread() not in threads, "read on the worker"

    window.show_page(PageName.TODAY)
    journal.add_follow_up(FollowUp("send the photos", person_id=ana.id))
    journal.log(["Ana Lima"], "Call about the move")
    settle()
    assert page.is_stale
    window.open_person(ana.id)
    qtbot.waitUntil(lambda: len(page.findChildren(QCheckBox, "followUp")) == 2)
    timeline = " ".join(label.text() for label in page.findChildren(QLabel, "timelineEntry"))
    assert "Call about the move" in timeline
    assert not page.is_stale
