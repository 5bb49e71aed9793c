"""What the user is typing on a person's page survives the page rebuilding under them
(a change from another window, a sync or the terminal reloads the page)."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox

from journal.core.model import Facet, FacetKind, FollowUp, Person
from journal.gui.pages.person import FacetEditor, FacetRow
from tests.gui.conftest import settle
from tests.gui.helpers import open_person


def _rebuilt_by_outside_change(qtbot, window, journal, person_id: str) -> None:
    """Another part of the app writes for this person; wait until the page has rebuilt."""
    page = window.person_page
    before = page._content
    journal.add_follow_up(FollowUp(text="bring the book back", person_id=person_id))
    qtbot.waitUntil(lambda: page._content is not before and not page.is_loading, timeout=5000)
    settle()


def test_a_follow_up_being_typed_survives_a_rebuild(qtbot, window, journal):
    ana = journal.add_person(Person(name="Ana Lima"))
    open_person(qtbot, window, ana.id)
    page = window.person_page
    page.follow_up_text.setFocus()
    qtbot.keyClicks(page.follow_up_text, "send Ana the architect's det")
    qtbot.keyClicks(page.follow_up_when.edit, "next Fri")
    page.follow_up_text.setFocus()
    page.follow_up_text.setCursorPosition(5)

    _rebuilt_by_outside_change(qtbot, window, journal, ana.id)

    boxes = [b.text() for b in page.findChildren(QCheckBox, "followUp")]
    assert boxes == ["bring the book back"], "the outside change is shown"
    assert page.follow_up_text.text() == "send Ana the architect's det"
    assert page.follow_up_when.edit.text() == "next Fri"
    assert QApplication.focusWidget() is page.follow_up_text
    assert page.follow_up_text.cursorPosition() == 5
    # Typing goes on where it was, and Enter adds the whole follow-up; the box is then empty.
    page.follow_up_text.end(False)
    qtbot.keyClicks(page.follow_up_text, "ails")
    page.follow_up_when.clear()
    qtbot.keyClick(page.follow_up_text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(journal.open_follow_ups(ana.id)) == 2, timeout=5000)
    qtbot.waitUntil(
        lambda: len(page.findChildren(QCheckBox, "followUp")) == 2 and not page.is_loading,
        timeout=5000,
    )
    settle()
    assert page.follow_up_text.text() == ""
    assert {f.text for f in journal.open_follow_ups(ana.id)} == {
        "bring the book back",
        "send Ana the architect's details",
    }


def test_a_detail_being_edited_in_place_survives_a_rebuild(qtbot, window, journal):
    ana = journal.add_person(Person(name="Ana Lima"))
    journal.add_facet(ana.id, Facet(FacetKind.HOBBY, "climbing"))
    open_person(qtbot, window, ana.id)
    page = window.person_page
    hobby = page.sections["hobby"]
    hobby.start_edit(hobby.findChildren(FacetRow)[0])
    editor = hobby.editor
    assert isinstance(editor, FacetEditor)
    editor.text.selectAll()
    qtbot.keyClicks(editor.text, "bouldering on Sundays")
    qtbot.keyClicks(editor.detail, "at the old gym")
    # ...and a new one being added in another section.
    work = page.sections["working_on"]
    work.start_add()
    qtbot.keyClicks(work.editor.text, "a book on tiles")

    _rebuilt_by_outside_change(qtbot, window, journal, ana.id)

    hobby, work = page.sections["hobby"], page.sections["working_on"]
    assert hobby.editor is not None and work.editor is not None
    assert hobby.editor.text.text() == "bouldering on Sundays"
    assert hobby.editor.detail.text() == "at the old gym"
    assert work.editor.text.text() == "a book on tiles"
    assert QApplication.focusWidget() is work.editor.text
    # Saving still saves the facet it was editing (not a new one), and closes the editor.
    qtbot.keyClick(hobby.editor.text, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            [f.text for f in journal.person(ana.id).facets if f.kind is FacetKind.HOBBY]
            == ["bouldering on Sundays"]
        ),
        timeout=5000,
    )
    qtbot.waitUntil(lambda: page.sections["hobby"].editor is None, timeout=5000)
    settle()
    assert page.sections["working_on"].editor.text.text() == "a book on tiles"


def test_the_add_a_link_dialog_stays_open_through_a_rebuild(qtbot, window, journal):
    ana = journal.add_person(Person(name="Ana Lima"))
    open_person(qtbot, window, ana.id)
    page = window.person_page
    assert page.links_panel is not None
    qtbot.mouseClick(page.links_panel.add_button, Qt.MouseButton.LeftButton)
    dialog = page.links_panel.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.note, "met at Rui's wedding")

    _rebuilt_by_outside_change(qtbot, window, journal, ana.id)

    assert shiboken6.isValid(dialog) and dialog.isVisible()
    assert dialog.note.text() == "met at Rui's wedding"
    dialog.reject()
