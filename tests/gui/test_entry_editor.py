"""Writing an entry after a meeting: people, guided prompts, drafts, Ctrl+Enter."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QToolButton

from journal.core.model import Person
from journal.gui.dialogs.entry_editor import EntryEditor
from journal.gui.main_window import PageName
from tests.gui.helpers import facet_texts, open_person, pick
from tests.support.qt import settle


def _open_editor(qtbot, window) -> EntryEditor:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    return _active_editor(qtbot, window)


def _active_editor(qtbot, window) -> EntryEditor:
    """The editor, once the window manager has given it the keyboard."""
    editor = window.editor
    assert isinstance(editor, EntryEditor) and editor.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor, timeout=5000)
    return editor


def test_an_entry_after_a_meeting_with_two_people_and_guided_prompts(qtbot, window, journal):
    ana = journal.add_person(Person(name="Ana Lima", organisation="Crumb & Co."))
    journal.add_person(Person(name="Anatole Berg"))
    editor = _open_editor(qtbot, window)
    assert editor.when.dateTime().toPython() == datetime(2026, 11, 24, 9, 0), "defaults to now"

    pick(qtbot, editor.completer, editor.person_input, "ana", choose="Ana Lima")
    pick(qtbot, editor.completer, editor.person_input, "Kofi Mensah", choose="Add “Kofi Mensah”")
    chips = [c.text() for c in editor.findChildren(QToolButton, "attendeeChip")]
    assert chips == ["Ana Lima  ✕", "Kofi Mensah (new)  ✕"]
    assert [a.name for a in editor.attendees] == ["Ana Lima", "Kofi Mensah"]
    assert [editor.tabs.tabText(i) for i in range(editor.tabs.count())] == [
        "Ana Lima",
        "Kofi Mensah (new)",
    ]

    qtbot.keyClicks(editor.title, "Coffee at Verde")
    qtbot.keyClicks(editor.body, "Talked about the bakery and Kofi's climbing trip.")

    editor.tabs.setCurrentIndex(0)
    ana_form = editor.answers_form("Ana Lima")
    qtbot.keyClicks(ana_form.fields["working_on"], "opening a second bakery")
    qtbot.keyClicks(ana_form.fields["could_offer"], "an intro to my supplier")
    qtbot.keyClicks(ana_form.fields["follow_up"], "send Ana the supplier's number")
    ana_form.due.setChecked(True)
    editor.tabs.setCurrentIndex(1)
    kofi_form = editor.answers_form("Kofi Mensah")
    qtbot.keyClicks(kofi_form.fields["in_common"], "we both climb")
    qtbot.keyClicks(kofi_form.fields["received"], "advice on my pitch")

    qtbot.keyClick(editor.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle()
    assert window.editor is None or not window.editor.isVisible()
    assert "Added Kofi Mensah to the journal" in window.notice.message.text()

    [kofi] = journal.find_people("Kofi Mensah")
    open_person(qtbot, window, ana.id)
    page = window.person_page
    assert facet_texts(page.sections["working_on"]) == ["opening a second bakery"]
    assert facet_texts(page.sections["could_offer"]) == ["an intro to my supplier"]
    follow_ups = [b.text() for b in page.findChildren(QCheckBox, "followUp")]
    assert follow_ups == ["send Ana the supplier's number  (due 1 Dec)"]
    timeline = [label.text() for label in page.findChildren(QLabel, "timelineEntry")]
    assert len(timeline) == 1 and "Coffee at Verde" in timeline[0]
    assert "with Kofi Mensah" in timeline[0]

    open_person(qtbot, window, kofi.id)
    page = window.person_page
    assert facet_texts(page.sections["in_common"]) == ["we both climb"]
    assert page.findChild(QLabel, "balanceSummary").text() == "You gave 0 · you received 1"
    assert journal.open_follow_ups(ana.id)[0].due_on == date(2026, 12, 1)
    assert journal.drafts() == {}, "a saved entry leaves no draft behind"


def test_the_draft_is_kept_while_typing_and_closing_keeps_it(qtbot, window, journal):
    editor = _open_editor(qtbot, window)
    qtbot.keyClicks(editor.body, "Ran into Mei at the station")
    assert "draft" in editor.status.text().lower(), "while typing, the status says a draft is kept"
    qtbot.waitUntil(lambda: editor.draft_id in journal.drafts(), timeout=5000)
    assert journal.drafts()[editor.draft_id]["body"] == "Ran into Mei at the station"
    assert editor.status.text().startswith("Draft kept at")

    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    settle()
    assert not editor.isVisible() if window.editor else True
    assert "kept as a draft" in window.notice.message.text()
    assert journal.counts()["entries"] == 0

    window.offer_drafts()
    [continue_button, _discard] = window.notice.buttons()
    qtbot.mouseClick(continue_button, Qt.MouseButton.LeftButton)
    assert window.editor.body.toPlainText() == "Ran into Mei at the station"


def test_an_empty_entry_is_refused_with_a_sentence(qtbot, window, journal):
    editor = _open_editor(qtbot, window)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    # The save runs on the worker: the sentence comes back from it.
    qtbot.waitUntil(
        lambda: editor.message.text() == "Write something, or add who was there, before saving."
    )
    assert editor.isVisible() and editor.save_button.isEnabled()
    assert journal.counts()["entries"] == 0


def test_a_typed_but_unpicked_name_is_not_silently_dropped(qtbot, window, journal):
    editor = _open_editor(qtbot, window)
    qtbot.keyClicks(editor.body, "Lunch")
    editor.person_input.setText("Somebody")
    qtbot.keyClick(editor.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert editor.isVisible()
    assert "“Somebody” is typed but not added" in editor.message.text()


def test_editing_an_entry_from_the_journal_page(qtbot, window, journal):
    ana = journal.add_person(Person(name="Ana Lima"))
    journal.log(["Ana Lima"], "First version")
    window.show_page(PageName.JOURNAL)
    settle()
    page = window.journal_page
    assert page.count.text() == "1 entry"
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    editor = _active_editor(qtbot, window)
    assert editor.windowTitle() == "Edit entry"
    assert not editor.prompts_box.isVisible()
    editor.body.selectAll()
    qtbot.keyClicks(editor.body, "Second version")
    qtbot.keyClick(editor.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle()
    [summary] = journal.query_entries()
    assert summary.snippet == "Second version"
    assert journal.person(ana.id).last_contact_at is not None
    qtbot.waitUntil(lambda: "Second version" in page.preview.toPlainText())


def test_delete_an_entry_and_undo(qtbot, window, journal):
    journal.log(["Ana Lima"], "Coffee")
    window.show_page(PageName.JOURNAL)
    settle()
    page = window.journal_page
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.count.text() == "0 entries")
    assert journal.counts()["entries"] == 0
    assert page.preview.toPlainText() == "No entries match."
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.count.text() == "1 entry")
    assert "Coffee" in page.preview.toPlainText()
    assert journal.query_entries()[0].snippet == "Coffee"


def test_journal_page_filters_by_person_and_kind(qtbot, window, journal):
    from journal.core.model import EntryKind

    journal.log(["Ana Lima"], "Coffee with Ana")
    journal.log(["Kofi Mensah"], "Call with Kofi", kind=EntryKind.CALL)
    journal.log(["Ana Lima", "Kofi Mensah"], "Lunch together")
    window.show_page(PageName.JOURNAL)
    settle()
    page = window.journal_page
    assert page.count.text() == "3 entries"
    pick(qtbot, page.person_completer, page.person, "Kofi")
    qtbot.waitUntil(lambda: page.count.text() == "2 entries")
    assert page.person_chip.text().startswith("Kofi Mensah")
    page.kind.setCurrentIndex(page.kind.findData("call"))
    qtbot.waitUntil(lambda: page.count.text() == "1 entry")
    assert "Call with Kofi" in page.preview.toPlainText()
    qtbot.mouseClick(page.person_chip, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.is_loading)
    assert page.count.text() == "1 entry"
    page.kind.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page.count.text() == "3 entries")
