"""Today: the engine's suggestions with their reasons, and acting on them."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QPushButton, QToolButton, QWidget

from journal.core import engine
from journal.core.model import Circle, Entry, Facet, FacetKind, FollowUp, Person
from journal.core.wording import format_date
from journal.gui.main_window import PageName
from journal.gui.pages.today import SuggestionCard
from tests.gui.helpers import person_shown
from tests.support.qt import settle


@pytest.fixture
def due_journal(journal):
    """Ana (inner circle, 23 days since coffee) and Kofi (close, a promise due today) are
    due; Mei was seen yesterday."""
    ana = journal.add_person(
        Person(
            name="Ana Lima",
            circle=Circle.INNER,
            met_on=date(2025, 1, 10),
            facets=[Facet(FacetKind.WORKING_ON, "the bakery launch", noted_on=date(2026, 11, 1))],
        )
    )
    kofi = journal.add_person(
        Person(name="Kofi Mensah", circle=Circle.CLOSE, met_on=date(2025, 3, 2))
    )
    mei = journal.add_person(Person(name="Mei Chen", circle=Circle.INNER, met_on=date(2025, 3, 2)))
    journal.add_entry(Entry(occurred_at=datetime(2026, 11, 1, 10), body="Coffee", people=[ana.id]))
    journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 11, 10, 10),
            body="Lunch",
            people=[kofi.id],
            follow_ups=[
                FollowUp("send Kofi the article", due_on=date(2026, 11, 24), person_id=kofi.id)
            ],
        )
    )
    journal.add_entry(Entry(occurred_at=datetime(2026, 11, 23, 18), body="Dinner", people=[mei.id]))
    return journal


def cards(window) -> dict[str, SuggestionCard]:
    """The suggestion cards on screen, by person."""
    settle()
    return {
        c.suggestion.person_name: c
        for c in window.today.findChildren(SuggestionCard)
        if c.isVisible()
    }


def show_today(qtbot, window) -> dict[str, SuggestionCard]:
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    window.today.reload()
    settle(qtbot, 20)
    return cards(window)


def test_today_shows_each_suggestion_with_its_reason(qtbot, due_journal, window):
    shown = show_today(qtbot, window)
    assert set(shown) == {"Ana Lima", "Kofi Mensah"}
    expected = {s.person_name: s for s in engine.today(due_journal)}
    for name, card in shown.items():
        action = card.findChild(QLabel, "suggestionAction").text()
        reason = card.findChild(QLabel, "suggestionReason").text()
        assert action == expected[name].action and name.split()[0] in action
        assert reason == expected[name].reason and reason
    assert "bakery launch" in shown["Ana Lima"].findChild(QLabel, "suggestionAction").text()
    assert window.today.count.text() == "2 suggestions"
    settle()
    shown_log = {
        e.person_name for e in engine.history(due_journal, date(2026, 11, 24)) if e.event == "shown"
    }
    assert shown_log == {"Ana Lima", "Kofi Mensah"}, "what was on screen is logged"


def test_log_check_in_opens_the_editor_and_the_suggestion_leaves_today(qtbot, due_journal, window):
    shown = show_today(qtbot, window)
    qtbot.mouseClick(
        shown["Ana Lima"].findChild(QPushButton, "logCheckIn"), Qt.MouseButton.LeftButton
    )
    editor = window.editor
    assert [a.name for a in editor.attendees] == ["Ana Lima"]
    assert editor.title.text() == "Check-in with Ana Lima"
    assert editor.hint.text().startswith("Suggested: ")
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor, timeout=5000)
    qtbot.keyClicks(editor.body, "Called Ana: the bakery opens in March.")
    qtbot.keyClick(editor.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: set(cards(window)) == {"Kofi Mensah"}, timeout=5000)
    assert "Ana Lima" not in {s.person_name for s in engine.today(due_journal)}


def _choose_in_menu(qtbot, text: str) -> None:
    """When the menu pops up (it runs its own loop), pick ``text`` with the keyboard."""

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(20, pick)
            return
        for action in menu.actions():
            if action.text() == text:
                menu.setActiveAction(action)
                qtbot.keyClick(menu, Qt.Key.Key_Return)
                return
        raise AssertionError(f"no {text!r} in the menu")

    QTimer.singleShot(20, pick)


def test_snooze_until_next_week_and_it_comes_back_then(qtbot, due_journal, window, clock):
    shown = show_today(qtbot, window)
    _choose_in_menu(qtbot, "Until next week")
    qtbot.mouseClick(
        shown["Kofi Mensah"].findChild(QToolButton, "snooze"), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: set(cards(window)) == {"Ana Lima"}, timeout=5000)
    # The one date format of the app and the CLI ("1 Dec 2026"), not a long weekday form.
    assert "Snoozed Kofi Mensah until 1 Dec 2026." in window.notice.message.text()
    assert "Kofi Mensah" not in {
        s.person_name for s in engine.today(due_journal, date(2026, 11, 30))
    }
    assert "Kofi Mensah" in {s.person_name for s in engine.today(due_journal, date(2026, 12, 1))}


def test_the_snooze_menu_opens_from_the_keyboard_too(qtbot, due_journal, window, clock):
    """The menu is made on the first press: a keyboard user's Space makes and opens it,
    and the next click opens the same menu again."""
    shown = show_today(qtbot, window)
    button = shown["Kofi Mensah"].findChild(QToolButton, "snooze")
    seen: list[list[str]] = []

    def close_menu() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(20, close_menu)
            return
        seen.append([a.text() for a in menu.actions() if a.text()])
        qtbot.keyClick(menu, Qt.Key.Key_Escape)

    QTimer.singleShot(20, close_menu)
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=5000)
    QTimer.singleShot(20, close_menu)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    expected = ["Until tomorrow", "Until next week", "Pick a date…", "Stop suggesting them"]
    assert seen == [expected, expected]
    assert set(cards(window)) == {"Ana Lima", "Kofi Mensah"}, "Escape snoozes nobody"


def test_the_snooze_button_keeps_its_arrow_off_its_text(qtbot, due_journal, window):
    """Qt draws a menu button's arrow in its corner: the button is wide enough for
    "Snooze" and the arrow side by side, not the arrow over the "e"."""
    from PySide6.QtWidgets import QStyle

    shown = show_today(qtbot, window)
    snooze = shown["Kofi Mensah"].findChild(QToolButton, "snooze")
    text = snooze.fontMetrics().horizontalAdvance("Snooze")
    arrow = snooze.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator)
    assert snooze.text() == "Snooze"
    assert snooze.width() >= text + arrow + 8


def test_the_snooze_button_follows_a_style_with_a_wider_arrow(qtbot, due_journal, window):
    """The arrow's width is asked of the style once, and again when the style changes
    (a theme or a desktop whose menu arrows are wider)."""
    from PySide6.QtWidgets import QProxyStyle, QStyle

    class WideArrows(QProxyStyle):
        def pixelMetric(
            self, metric: QStyle.PixelMetric, option: object = None, widget: object = None
        ) -> int:
            if metric == QStyle.PixelMetric.PM_MenuButtonIndicator:
                return 40
            return super().pixelMetric(metric, option, widget)

    shown = show_today(qtbot, window)
    snooze = shown["Kofi Mensah"].findChild(QToolButton, "snooze")
    before = snooze.sizeHint().width()
    arrow = snooze.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator)
    wide = WideArrows(QApplication.style().name())
    snooze.setStyle(wide)
    qtbot.waitUntil(lambda: snooze.sizeHint().width() >= before + (40 - arrow), timeout=2000)
    text = snooze.fontMetrics().horizontalAdvance("Snooze")
    qtbot.waitUntil(lambda: snooze.width() >= text + 40 + 8, timeout=2000)


def test_skip_this_time(qtbot, due_journal, window):
    shown = show_today(qtbot, window)
    qtbot.mouseClick(shown["Ana Lima"].findChild(QPushButton, "skip"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: set(cards(window)) == {"Kofi Mensah"}, timeout=5000)
    assert window.notice.message.text() == "Skipped Ana Lima this time."


def test_stop_suggesting_can_be_undone(qtbot, due_journal, window):
    shown = show_today(qtbot, window)
    _choose_in_menu(qtbot, "Stop suggesting them")
    qtbot.mouseClick(shown["Ana Lima"].findChild(QToolButton, "snooze"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: set(cards(window)) == {"Kofi Mensah"}, timeout=5000)
    # The card goes as the change is heard; Edit ▸ Undo names the step once it is done.
    qtbot.waitUntil(lambda: "Ana Lima" in window.undo_action.text(), timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: set(cards(window)) == {"Ana Lima", "Kofi Mensah"}, timeout=5000)


def test_open_person_shows_their_next_check_in_and_why(qtbot, due_journal, window):
    shown = show_today(qtbot, window)
    qtbot.mouseClick(
        shown["Ana Lima"].findChild(QPushButton, "openPerson"), Qt.MouseButton.LeftButton
    )
    page = window.person_page
    assert window.current_page() is page
    when, reason = engine.next_check_in(due_journal, person_shown(qtbot, window))
    assert when == date(2026, 11, 24)
    # The app's one date format, as every list and card writes it.
    assert page.findChild(QLabel, "nextCheckInWhen").text() == f"today ({format_date(when)})"
    assert page.findChild(QLabel, "nextCheckInReason").text() == reason


def test_people_due_filter_lists_who_the_engine_says_is_due(qtbot, due_journal, window):
    window.show_page(PageName.PEOPLE)
    page = window.people
    qtbot.waitUntil(lambda: page.count.text() == "3 people", timeout=5000)
    page.due.setChecked(True)
    qtbot.waitUntil(lambda: page.count.text() == "2 of 3 people", timeout=5000)
    names = {page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())}
    assert names == {"Ana Lima", "Kofi Mensah"}
    page.due.setChecked(False)
    qtbot.waitUntil(lambda: page.count.text() == "3 people", timeout=5000)


def test_an_empty_day_says_so(qtbot, window):
    show_today(qtbot, window)
    # An empty journal: what to do first (the day with people but nothing due keeps the
    # one-line note, tests/gui/test_person_polish.py has the buttons).
    assert window.today.findChild(QWidget, "todayEmpty").isVisible()


def test_coming_up_lists_birthdays_and_promises_of_the_next_two_weeks(qtbot, journal, window):
    from journal.core.model import Birthday

    journal.add_person(Person(name="Rosa Patel", birthday=Birthday(11, 28)))
    kofi = journal.add_person(Person(name="Kofi Mensah"))
    journal.add_follow_up(FollowUp("send the slides", due_on=date(2026, 12, 2), person_id=kofi.id))
    show_today(qtbot, window)
    items = [label.accessibleName() for label in window.today.findChildren(QLabel, "upcomingItem")]
    assert items == ["in 4 days, Rosa Patel: Birthday", "2 Dec, Kofi Mensah: send the slides"]
