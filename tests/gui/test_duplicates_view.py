"""Suggested duplicates, one pair at a time: merge them from the suggestion, or dismiss."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt

from journal.core import duplicate_review
from journal.core.model import Channel, ChannelKind, Entry, Person
from journal.gui.dialogs.duplicates import DuplicatesReview
from journal.gui.main_window import PageName


def add_pairs(journal):
    ana = journal.add_person(
        Person(
            "Ana Lima",
            organisation="Crumb & Co. Bakery",
            channels=[Channel(ChannelKind.EMAIL, "ana@crumb.example")],
        )
    )
    ana2 = journal.add_person(
        Person(
            "Ana Lima", role="founder", channels=[Channel(ChannelKind.EMAIL, "ANA@crumb.example")]
        )
    )
    kofi = journal.add_person(Person("Kofi Mensah", organisation="Northwind Labs"))
    kofi2 = journal.add_person(Person("Kofi Mensah", organisation="Northwind Labs Ltd"))
    journal.add_person(Person("Mei Chen"))
    journal.add_entry(Entry(occurred_at=datetime(2026, 10, 1, 9), people=[ana.id], body="a"))
    journal.add_entry(Entry(occurred_at=datetime(2026, 11, 1, 9), people=[ana2.id], body="b"))
    return ana, ana2, kofi, kofi2


def review(qtbot, journal) -> tuple[DuplicatesReview, list]:
    undo: list = []
    widget = DuplicatesReview(journal, push_undo=lambda text, fn: undo.append((text, fn)))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget, undo


def test_merge_two_people_from_the_duplicate_suggestions(qtbot, journal):
    ana, ana2, _kofi, _kofi2 = add_pairs(journal)
    widget, undo = review(qtbot, journal)
    assert widget.title.text() == "Possible duplicates: 1 of 2"
    assert {widget.current.first_id, widget.current.second_id} == {ana.id, ana2.id}
    assert "e-mail" in widget.reason.text()

    qtbot.mouseClick(widget.merge_button, Qt.MouseButton.LeftButton)
    dialog = widget.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog._buttons[("organisation", ana.id)], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(widget.merged) as done:
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    survivor = journal.person(done.args[0].survivor_id)
    assert survivor.organisation == "Crumb & Co. Bakery" and survivor.role == "founder"
    assert len(journal.find_people("Ana Lima")) == 1
    assert journal.count_entries() == 2
    assert widget.title.text() == "Possible duplicates: 1 of 1"  # only the Kofis left
    assert undo[-1][0] == "Merged into Ana Lima"
    undo[-1][1]()
    assert len(journal.find_people("Ana Lima")) == 2
    assert widget.title.text() == "Possible duplicates: 1 of 2"


def test_not_the_same_person_is_remembered(qtbot, journal, tmp_path):
    _ana, _ana2, kofi, kofi2 = add_pairs(journal)
    widget, undo = review(qtbot, journal)
    qtbot.mouseClick(widget.skip_button, Qt.MouseButton.LeftButton)
    assert {widget.current.first_id, widget.current.second_id} == {kofi.id, kofi2.id}
    qtbot.mouseClick(widget.dismiss_button, Qt.MouseButton.LeftButton)
    assert widget.title.text() == "Possible duplicates: 1 of 1"
    assert duplicate_review.is_dismissed(journal, kofi.id, kofi2.id)
    again = DuplicatesReview(journal)  # a fresh look, as after reopening
    qtbot.addWidget(again)
    assert len(again.pairs) == 1
    undo[-1][1]()
    assert len(widget.pairs) == 2


def test_nothing_to_review(qtbot, journal):
    journal.add_person(Person("Mei Chen"))
    widget, _ = review(qtbot, journal)
    assert widget.empty.isVisible() and not widget.merge_button.isVisible()
    qtbot.keyClick(widget, Qt.Key.Key_N)  # nothing happens, nothing breaks


def test_from_the_people_page_review_and_merge_a_suggested_pair(qtbot, window, journal):
    from tests.support.qt import settle

    add_pairs(journal)
    window.show_page(PageName.PEOPLE)
    page = window.people
    qtbot.waitUntil(lambda: page.count.text() == "5 people", timeout=5000)
    qtbot.mouseClick(page.duplicates_button, Qt.MouseButton.LeftButton)
    review = page.duplicates_dialog.findChild(DuplicatesReview)
    qtbot.waitExposed(review)
    assert review.title.text() == "Possible duplicates: 1 of 2"
    qtbot.mouseClick(review.merge_button, Qt.MouseButton.LeftButton)
    dialog = review.dialog
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    settle(qtbot, 20)
    assert len(journal.find_people("Ana Lima")) == 1
    qtbot.waitUntil(lambda: page.count.text() == "4 people", timeout=5000)
    assert window.notice.message.text().startswith("Merged into Ana Lima")
