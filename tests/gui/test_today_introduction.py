"""Today's "Who should meet?" card: the week's introduction and the user's answer."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from journal.core import introductions
from journal.core.model import Circle, Direction, Facet, FacetKind, LedgerKind, Person
from journal.gui.pages.today import IntroductionCard, TodayPage
from tests.support.qt import settle


@pytest.fixture(autouse=True)
def at_once(monkeypatch):
    """Today works the week's introduction out a while after it is shown; here at once."""
    monkeypatch.setattr(TodayPage, "INTRODUCTION_AFTER_MS", 0)


@pytest.fixture
def pair(journal):
    kwame = journal.add_person(
        Person(
            name="Kwame Asante",
            circle=Circle.NETWORK,
            facets=[Facet(FacetKind.WORKING_ON, "opening a café", noted_on=date(2026, 11, 1))],
        )
    )
    leila = journal.add_person(
        Person(
            name="Leila Aziz",
            circle=Circle.NETWORK,
            facets=[Facet(FacetKind.CAN_HELP_WITH, "setting up a café")],
        )
    )
    return kwame, leila


def show_card(qtbot, window) -> IntroductionCard | None:
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    window.today.reload()
    settle(qtbot, 20)
    qtbot.waitUntil(lambda: window.today.introduction is not None, timeout=5000)
    return window.today.introduction


def test_the_week_s_introduction_is_a_card_on_today(qtbot, pair, window):
    card = show_card(qtbot, window)
    assert card.isVisible()
    sentence = card.findChild(QLabel, "introductionSentence").text()
    assert sentence.startswith("Introduce Kwame to Leila: Kwame is working on opening a café")
    labels = [b.text() for b in card.findChildren(QPushButton)]
    assert labels == ["I introduced them", "Not these two", "Dismiss"]


def test_i_introduced_them_records_a_give_to_both_and_the_card_goes(qtbot, journal, pair, window):
    kwame, leila = pair
    card = show_card(qtbot, window)
    qtbot.mouseClick(card.findChild(QPushButton, "introduced"), Qt.MouseButton.LeftButton)
    settle(qtbot, 20)
    assert window.today.introduction is None
    assert window.notice.message.text() == (
        "Noted: you introduced Kwame Asante and Leila Aziz (a give to both)."
    )
    for person in (kwame, leila):
        (item,) = journal.ledger_for(person.id)
        assert item.direction is Direction.GIVEN and item.kind is LedgerKind.INTRODUCTION
    window.today.reload()
    settle(qtbot, 20)
    assert not [c for c in window.today.findChildren(IntroductionCard) if c.isVisible()]


def test_not_these_two_keeps_them_apart(qtbot, journal, pair, window):
    card = show_card(qtbot, window)
    qtbot.mouseClick(card.findChild(QPushButton, "notTheseTwo"), Qt.MouseButton.LeftButton)
    settle(qtbot, 20)
    assert window.notice.message.text() == (
        "Kwame Asante and Leila Aziz will not be suggested to meet again."
    )
    assert introductions.candidates(journal) == []


def test_dismiss_puts_it_away_for_the_week_only(qtbot, journal, pair, window):
    card = show_card(qtbot, window)
    qtbot.mouseClick(card.findChild(QPushButton, "dismissIntroduction"), Qt.MouseButton.LeftButton)
    settle(qtbot, 20)
    assert window.today.introduction is None
    assert window.notice.message.text() == "Put away until next week."
    assert introductions.for_today(journal) is None
    assert introductions.for_today(journal, date(2026, 11, 30)) is not None


def test_check_ins_show_before_the_week_s_matching_is_done(
    qtbot, journal, pair, monkeypatch, gui_settings
):
    """Matching every need against every offer takes a minute at 50,000 people: on the
    week's first launch Today shows its check-ins first and the card when found."""
    import threading

    from journal.core import engine
    from journal.gui.main_window import MainWindow

    release = threading.Event()
    real = engine.introduction

    def slow(*args, **kwargs):
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "introduction", slow)
    window = MainWindow(journal, settings=gui_settings)
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.ready, timeout=5000):
            window.show()
        assert not window.today.is_loading
        assert window.today.introduction is None
        release.set()
        # Shown, not only made: a card added to a shown page appears on the next turn of
        # the event loop (Qt queues its show), so wait for what the user sees.
        qtbot.waitUntil(
            lambda: window.today.introduction is not None and window.today.introduction.isVisible(),
            timeout=5000,
        )
        assert introductions.worked_out(journal)
    finally:
        release.set()
        settle()
        window.events.detach()
