"""The open app sees what another process wrote (``journal log`` in a terminal, a
second Rapport): on focus and every few seconds while the window is shown."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from journal.core.journal import Journal
from journal.core.model import Person
from journal.gui.main_window import PageName
from tests.conftest import TEST_PASSPHRASE
from tests.gui.conftest import settle


def _other_process(journal: Journal, clock) -> Journal:
    """A second connection on the same file, as a terminal's ``journal`` would open."""
    return Journal.open(journal.paths, TEST_PASSPHRASE, clock=clock)


def test_people_page_shows_a_person_added_from_the_terminal(qtbot, window, journal, clock):
    window.show_page(PageName.PEOPLE)
    settle()
    assert window.people.count.text() == "0 people"
    other = _other_process(journal, clock)
    try:
        other.add_person(Person(name="Nadia Haddad"))
    finally:
        other.close()
    # The user comes back to the window: it asks on focus.
    QApplication.sendEvent(window, QEvent(QEvent.Type.ActivationChange))
    window.check_outside_changes()
    settle(qtbot, 50)
    assert window.people.count.text() == "1 person"


def test_the_window_polls_only_while_shown(qtbot, window):
    assert window._outside_timer.isActive()
    window.hide()
    assert not window._outside_timer.isActive()
    window.show()
    assert window._outside_timer.isActive()


def test_own_changes_are_not_mistaken_for_outside_ones(window, journal):
    journal.add_person(Person(name="Ana"))
    assert journal.check_outside_changes() is False
