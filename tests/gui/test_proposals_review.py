"""Right after saving an entry: the review of what Rapport noticed, driven by keyboard."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel

from journal.core import facts
from journal.core.model import FactStatus, Person
from journal.core.proposals import pending_proposals
from journal.gui.dialogs.entry_editor import EntryEditor
from journal.gui.dialogs.proposals import ProposalReview
from tests.gui.helpers import pick
from tests.support.qt import settle

TEXT = (
    "Her book deal fell through. She is renovating a farmhouse in Alentejo. "
    "I said I'd put her in touch with my old landlord by Friday."
)


def _write_and_save(qtbot, window, journal) -> tuple[Person, str, ProposalReview]:
    ana = journal.add_person(Person(name="Ana Ribeiro", pronouns="she/her"))
    deal = facts.add_fact(
        journal, ana.id, "working_on", "book deal with Penguin", on=date(2026, 9, 1)
    )
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.editor
    assert isinstance(editor, EntryEditor)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor, timeout=5000)
    pick(qtbot, editor.completer, editor.person_input, "ana", choose="Ana Ribeiro")
    qtbot.keyClicks(editor.body, TEXT)
    qtbot.keyClick(editor.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle()
    review = window.findChild(ProposalReview, "proposalReview")
    assert review is not None
    qtbot.waitUntil(
        lambda: review.isVisible() and QApplication.activeWindow() is review, timeout=5000
    )
    return ana, deal, review


def _rows(review: ProposalReview) -> list[tuple[str, bool, str]]:
    return [
        (
            row.check.text(),
            row.check.isChecked(),
            row.findChild(QLabel, "proposalSentence").text(),
        )
        for row in review.rows
    ]


def test_the_review_lists_each_change_with_its_sentence_pre_ticked_when_sure(
    qtbot, window, journal
):
    _ana, _deal, review = _write_and_save(qtbot, window, journal)
    assert _rows(review) == [
        (
            "Ana Ribeiro · cancelled: book deal with Penguin",
            True,
            "“Her book deal fell through.”",
        ),
        (
            "Ana Ribeiro · working on",
            True,
            "“She is renovating a farmhouse in Alentejo.”",
        ),
        (
            "Your promise to Ana Ribeiro · by 27 Nov",
            True,
            "“I said I'd put her in touch with my old landlord by Friday.”",
        ),
    ]
    assert [row.wording() for row in review.rows] == [
        None,
        "Renovating a farmhouse in Alentejo",
        "Put Ana in touch with my old landlord",
    ]
    assert journal.open_follow_ups() == [], "nothing is applied before the user says so"


def test_tick_edit_and_enter_accepts_what_is_ticked_in_the_users_words(qtbot, window, journal):
    ana, deal, review = _write_and_save(qtbot, window, journal)
    news, new_fact, promise = review.rows
    assert QApplication.focusWidget() is news.check, "the keyboard starts on the first row"
    new_fact.text.setFocus()
    new_fact.text.selectAll()
    qtbot.keyClicks(new_fact.text, "Restoring the Alentejo farmhouse")
    assert news.check.isChecked()
    promise.check.setFocus()
    qtbot.keyClick(promise.check, Qt.Key.Key_Space)
    assert not promise.check.isChecked()
    qtbot.keyClick(new_fact.text, Qt.Key.Key_Return)
    settle()
    assert window.findChild(ProposalReview) is None, "the review closed"

    assert facts.fact(journal, deal).status is FactStatus.CANCELLED
    texts = [f.text for f in facts.facts_of(journal, ana.id)]
    assert texts == ["book deal with Penguin", "Restoring the Alentejo farmhouse"]
    assert journal.open_follow_ups(ana.id) == [], "the unticked promise was set aside"
    assert pending_proposals(journal) == []
    notice = window.notice.message.text()
    assert "Kept: Marked cancelled for Ana Ribeiro: book deal with Penguin" in notice
    assert "Added to Ana Ribeiro: Restoring the Alentejo farmhouse" in notice


def test_escape_leaves_everything_pending_for_later(qtbot, window, journal):
    ana, deal, review = _write_and_save(qtbot, window, journal)
    qtbot.keyClick(review, Qt.Key.Key_Escape)
    settle()
    assert window.findChild(ProposalReview) is None, "the review closed"
    assert len(pending_proposals(journal, person_id=ana.id)) == 3
    assert facts.fact(journal, deal).status is FactStatus.ONGOING
    assert [f.text for f in facts.facts_of(journal, ana.id)] == ["book deal with Penguin"]


def test_dismiss_all_sets_everything_aside(qtbot, window, journal):
    ana, _deal, review = _write_and_save(qtbot, window, journal)
    qtbot.mouseClick(review.dismiss_button, Qt.MouseButton.LeftButton)
    settle()
    assert window.findChild(ProposalReview) is None, "the review closed"
    assert pending_proposals(journal) == []
    assert journal.open_follow_ups(ana.id) == []
    assert window.notice.message.text().endswith("Nothing was changed.")


def test_an_entry_that_proposes_nothing_opens_no_review(qtbot, window, journal):
    journal.add_person(Person(name="Ana Ribeiro"))
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.editor
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor, timeout=5000)
    pick(qtbot, editor.completer, editor.person_input, "ana", choose="Ana Ribeiro")
    qtbot.keyClicks(editor.body, "Nice lunch. Weather was awful.")
    qtbot.keyClick(editor.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle()
    assert window.findChild(ProposalReview) is None
    assert window.findChildren(QCheckBox, "proposalCheck") == []


def test_what_was_left_for_later_is_reviewed_from_the_edit_menu(qtbot, window, journal):
    ana, _deal, review = _write_and_save(qtbot, window, journal)
    qtbot.keyClick(review, Qt.Key.Key_Escape)
    settle()
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    [action] = [a for a in edit_menu.actions() if a.text() == "&Review what Rapport noticed…"]
    action.trigger()
    settle()
    again = window.findChild(ProposalReview, "proposalReview")
    assert again is not None and len(again.rows) == 3
    qtbot.waitUntil(lambda: QApplication.activeWindow() is again, timeout=5000)
    qtbot.keyClick(again, Qt.Key.Key_Return)
    settle()
    assert pending_proposals(journal) == []
    assert journal.open_follow_ups(ana.id)[0].text == "Put Ana in touch with my old landlord"
    action.trigger()
    settle()
    assert window.findChild(ProposalReview) is None
    assert window.notice.message.text().startswith("Nothing waits for review.")
