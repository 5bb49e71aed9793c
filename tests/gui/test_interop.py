"""Importing and exporting from the window, as a user does it: File menu shortcuts, typing a
path, choosing per person in the preview, watching progress, cancelling, reading the report."""

from __future__ import annotations

import os
import stat
import threading

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox

from journal.core.model import Channel, ChannelKind, Person
from journal.gui.dialogs.interop import ExportDialog, ImportDialog
from tests.core.interop_support import card, fixture
from tests.support.qt import settle


def _shortcut(qtbot, window, key) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    qtbot.keyClick(
        window, key, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    settle()


def open_import(qtbot, window) -> ImportDialog:
    _shortcut(qtbot, window, Qt.Key.Key_I)
    dialog = window.import_dialog
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()
    qtbot.waitExposed(dialog)
    return dialog


def click(qtbot, button) -> None:
    # Near the left edge: a radio button's label does not reach its centre.
    qtbot.mouseClick(
        button,
        Qt.MouseButton.LeftButton,
        pos=QPoint(min(12, button.width() // 2), button.height() // 2),
    )
    settle(qtbot, 10)


def choose(qtbot, box: QComboBox, text: str) -> None:
    """Pick an entry with the keyboard, as a user tabbing through the form would."""
    box.setFocus()
    target = box.findText(text)
    assert target >= 0, [box.itemText(i) for i in range(box.count())]
    key = Qt.Key.Key_Down if target > box.currentIndex() else Qt.Key.Key_Up
    while box.currentIndex() != target:
        qtbot.keyClick(box, key)
    settle()


def preview_rows(dialog: ImportDialog) -> list[tuple[str, str, str]]:
    table = dialog.preview
    rows = []
    for r in range(table.rowCount()):
        widget = table.cellWidget(r, 1)
        action = widget.currentText() if widget else table.item(r, 1).text()
        rows.append((table.item(r, 0).text(), action, table.item(r, 2).text()))
    return rows


def test_import_a_vcard_choosing_per_person(qtbot, window, journal, tmp_path):
    ana = journal.add_person(
        Person(name="Ana Lima", channels=[Channel(ChannelKind.EMAIL, "ana@crumb.example")])
    )
    path = tmp_path / "phone.vcf"
    path.write_text(
        card("FN:Ana L.", "EMAIL:ana@crumb.example", "TEL:+351 912 000 111")
        + card("FN:Kofi Mensah", "ORG:Northwind Labs")
        + card("FN:Mei Chen", "BDAY:--04-15")
        + card("NOTE:nobody")
    )
    dialog = open_import(qtbot, window)
    qtbot.keyClicks(dialog.path_edit, str(path))
    click(qtbot, dialog.next_button)
    assert dialog.stack.currentIndex() == dialog.PREVIEW
    assert dialog.summary.text().startswith("2 to add, 1 to merge, 1 to skip.")
    assert preview_rows(dialog) == [
        (
            "Ana L.",
            "Merge into Ana Lima",
            "same email address, ana@crumb.example; adds 1 phone number",
        ),
        ("Kofi Mensah", "Add as a new person", "new to the journal"),
        ("Mei Chen", "Add as a new person", "new to the journal"),
        ("(no one)", "Skipped", "it has no name, email address or phone number"),
    ]
    choose(qtbot, dialog.preview.cellWidget(2, 1), "Skip")
    assert dialog.summary.text().startswith("1 to add, 1 to merge, 2 to skip.")
    assert dialog.next_button.text() == "&Import"
    click(qtbot, dialog.next_button)
    assert dialog.stack.currentIndex() == dialog.REPORT
    assert dialog.report_title.text() == "Imported: 1 added, 1 merged, 2 skipped."
    assert "Mei Chen — you chose to skip them" in dialog.report_text.toPlainText()
    assert sorted(p.name for p in journal.people()) == ["Ana Lima", "Kofi Mensah"]
    assert [c.value for c in journal.person(ana.id).channels] == [
        "ana@crumb.example",
        "+351 912 000 111",
    ]
    assert window.notice.isVisible()
    click(qtbot, dialog.close_button)
    assert not dialog.isVisible()


def test_an_import_is_offered_for_undo_and_ctrl_z_takes_it_back(qtbot, window, journal, tmp_path):
    ana = journal.add_person(
        Person(name="Ana Lima", channels=[Channel(ChannelKind.EMAIL, "ana@crumb.example")])
    )
    path = tmp_path / "phone.vcf"
    path.write_text(
        card("FN:Ana L.", "EMAIL:ana@crumb.example", "TEL:+351 912 000 111")
        + card("FN:Kofi Mensah", "ORG:Northwind Labs")
    )
    dialog = open_import(qtbot, window)
    qtbot.keyClicks(dialog.path_edit, str(path))
    click(qtbot, dialog.next_button)
    click(qtbot, dialog.next_button)
    assert dialog.report_title.text() == "Imported: 1 added, 1 merged, 0 skipped."
    assert window.notice.message.text() == "Imported 2 people from phone.vcf."
    assert window.undo_action.text() == "&Undo: Import 2 people from phone.vcf"
    click(qtbot, dialog.close_button)
    assert not dialog.isVisible()

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: window.notice.message.text() == "Undone: Imported 2 people from phone.vcf.",
        timeout=10000,
    )
    assert [p.name for p in journal.people()] == ["Ana Lima"]
    assert [c.value for c in journal.person(ana.id).channels] == ["ana@crumb.example"]


def test_preview_rows_are_as_tall_as_their_text_once_the_dialog_is_wide(
    qtbot, window, journal, tmp_path
):
    """A row with a one-line reason is one line high, not the height it needed in the
    narrow table before the dialog took its size (issue 14's screenshots: rows 170 px)."""
    journal.add_person(
        Person(name="Ana Lima", channels=[Channel(ChannelKind.EMAIL, "ana@crumb.example")])
    )
    path = tmp_path / "phone.vcf"
    path.write_text(
        card("FN:Ana Lima", "EMAIL:ana@crumb.example")
        + card("FN:Kofi Mensah", "ORG:Northwind Labs", "EMAIL:kofi.mensah@northwind.example")
    )
    dialog = open_import(qtbot, window)
    qtbot.keyClicks(dialog.path_edit, str(path))
    click(qtbot, dialog.next_button)
    dialog.resize(960, 600)
    table = dialog.preview
    line = table.fontMetrics().lineSpacing()
    header = table.horizontalHeader()
    # The rows are measured again once the columns have taken the new width.
    qtbot.waitUntil(
        lambda: (
            dialog.width() == 960
            and header.length() == table.viewport().width()
            and all(table.rowHeight(r) <= 3 * line + 12 for r in range(table.rowCount()))
        ),
        timeout=5000,
    )
    for row in range(table.rowCount()):
        assert table.rowHeight(row) <= 3 * line + 12, (row, table.rowHeight(row))
        # ...and tall enough for what wraps at the width the columns have now.
        assert table.rowHeight(row) >= table.sizeHintForRow(row), row
    # Who each one is reads whole: the column is as wide as "Northwind Labs · kofi...".
    details = table.item(1, 4).text()
    assert "Northwind Labs" in details
    assert table.columnWidth(4) >= table.fontMetrics().horizontalAdvance(details)


def test_a_merge_can_be_turned_into_a_new_person(qtbot, window, journal, tmp_path):
    journal.add_person(Person(name="Ana Lima", organisation="Crumb & Co."))
    path = tmp_path / "one.vcf"
    path.write_text(card("FN:Ana Lima", "ORG:Crumb & Co", "TITLE:Head baker"))
    dialog = open_import(qtbot, window)
    qtbot.keyClicks(dialog.path_edit, str(path))
    click(qtbot, dialog.next_button)
    box = dialog.preview.cellWidget(0, 1)
    assert box.currentText() == "Merge into Ana Lima"
    choose(qtbot, box, "Add as a new person")
    click(qtbot, dialog.next_button)
    assert [p.name for p in journal.people()] == ["Ana Lima", "Ana Lima"]


def test_a_generic_csv_asks_which_column_is_what(qtbot, window, journal):
    dialog = open_import(qtbot, window)
    qtbot.keyClicks(dialog.path_edit, str(fixture("generic-semicolon-cp1252.csv")))
    choose(qtbot, dialog.format_box, "Another CSV (you say which column is what)")
    click(qtbot, dialog.next_button)
    assert dialog.stack.currentIndex() == dialog.MAPPING
    table = dialog.mapping_table
    columns = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert columns[:4] == ["Nom", "Prénom", "Société", "Courriel"]
    assert table.item(0, 1).text() == "Dubois"  # the first row, to recognise the column
    click(qtbot, dialog.next_button)  # nothing says where the names are yet
    assert dialog.stack.currentIndex() == dialog.MAPPING
    assert "Say which column holds the name" in dialog.error.text()
    for column, holds in (
        ("Nom", "Last name"),
        ("Prénom", "First name"),
        ("Courriel", "E-mail"),
        ("Rencontré le", "When we met"),
    ):
        choose(qtbot, table.cellWidget(columns.index(column), 2), holds)
    click(qtbot, dialog.next_button)
    assert dialog.stack.currentIndex() == dialog.PREVIEW
    assert "The file was read as Windows-1252" in dialog.notes.text()
    assert [row[0] for row in preview_rows(dialog)] == [
        "Chloé Dubois",
        "Sofia Rossi",
        "Felix Weber",
    ]
    click(qtbot, dialog.back_button)
    assert dialog.stack.currentIndex() == dialog.MAPPING  # back keeps the choices
    click(qtbot, dialog.next_button)
    click(qtbot, dialog.next_button)
    chloe = journal.find_people("Chloé Dubois")[0]
    assert [c.value for c in chloe.channels] == ["chloe@formwork.example"]
    assert str(chloe.met_on) == "2024-05-14"


def test_a_file_that_cannot_be_read_says_why_and_stays(qtbot, window, journal):
    dialog = open_import(qtbot, window)
    qtbot.keyClicks(dialog.path_edit, str(fixture("empty.vcf")))
    click(qtbot, dialog.next_button)
    assert dialog.stack.currentIndex() == dialog.FILE
    assert dialog.error.isVisible()
    assert dialog.error.text() == "The file is empty; nothing was imported."
    assert journal.people() == []


def test_progress_and_cancel_happen_off_the_gui_thread(
    qtbot, window, journal, tmp_path, monkeypatch
):
    path = tmp_path / "many.vcf"
    path.write_text(
        "".join(card(f"FN:Person {i:04d}", f"EMAIL:p{i}@example.com") for i in range(1000))
    )
    reached, release = threading.Event(), threading.Event()
    real_add_people = journal.add_people
    calls = []

    def held_add_people(people):
        calls.append(len(people))
        if len(calls) == 2:  # mid-import, the worker waits until the test has clicked
            reached.set()
            release.wait(10)
        real_add_people(people)

    monkeypatch.setattr(journal, "add_people", held_add_people)
    dialog = open_import(qtbot, window)
    qtbot.keyClicks(dialog.path_edit, str(path))
    click(qtbot, dialog.next_button)
    try:
        qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(reached.is_set, timeout=10000)
        assert dialog.stack.currentIndex() == dialog.PROGRESS
        # The GUI thread is free while the worker writes: progress arrives and is shown.
        qtbot.waitUntil(lambda: dialog.progress.value() == 100, timeout=5000)
        assert dialog.progress_label.text() == "Importing… 100 of 1000"
        assert dialog.close_button.text() == "Cancel import"
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
        assert dialog.progress_label.text() == "Cancelling… nothing will be changed."
    finally:
        release.set()
    settle(qtbot, 10)
    assert dialog.stack.currentIndex() == dialog.PREVIEW
    assert dialog.error.text() == ("The import was cancelled; nothing was changed in the journal.")
    monkeypatch.undo()
    assert journal.people() == []


def test_export_warns_and_writes_the_chosen_format(qtbot, window, journal, tmp_path):
    journal.add_person(
        Person(name="Ana Lima", channels=[Channel(ChannelKind.EMAIL, "ana@crumb.example")])
    )
    _shortcut(qtbot, window, Qt.Key.Key_E)
    dialog = window.export_dialog
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    assert dialog.warning.isVisible()
    assert "Exports are not encrypted" in dialog.warning.text()
    contacts = dialog.choices.button(3)
    assert contacts.text() == "Contacts (vCard)"
    click(qtbot, contacts)
    assert dialog.path_edit.text().endswith("Rapport contacts.vcf")
    dialog.path_edit.clear()
    out = tmp_path / "contacts.vcf"
    qtbot.keyClicks(dialog.path_edit, str(out))
    click(qtbot, dialog.export_button)
    assert dialog.status.text() == f"Exported 1 person to {out}."
    assert "FN:Ana Lima" in out.read_text()
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "missing" / "x.vcf"))
    click(qtbot, dialog.export_button)
    assert "does not exist" in dialog.status.text()


def test_export_never_writes_over_the_key_file_or_an_unconfirmed_file(
    qtbot, window, journal, tmp_path, monkeypatch
):
    journal.add_person(Person(name="Ana Lima"))
    key_file = journal.paths.meta.read_bytes()
    _shortcut(qtbot, window, Qt.Key.Key_E)
    dialog = window.export_dialog
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(journal.paths.meta))
    click(qtbot, dialog.export_button)
    settle(qtbot, 10)
    assert "inside the journal's folder" in dialog.status.text()
    assert journal.paths.meta.read_bytes() == key_file
    # A file typed by hand that exists is not replaced without asking...
    out = tmp_path / "mine.json"
    out.write_text("keep me")
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(out))
    click(qtbot, dialog.export_button)
    settle(qtbot, 10)
    assert dialog.status.text() == (
        f"{out} already exists, so nothing was written. Type another name, "
        "or pick it with Choose… to replace it."
    )
    assert out.read_text() == "keep me"
    # ...and is once the save dialog (which asks before replacing) chose it.
    monkeypatch.setattr(
        "journal.gui.dialogs.interop.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), "")
    )
    dialog._browse()
    click(qtbot, dialog.export_button)
    settle(qtbot, 10)
    assert dialog.status.text().startswith("Exported ")
    assert out.read_text() != "keep me"


def test_a_json_export_restores_into_an_empty_journal(
    qtbot, window, journal, make_journal, tmp_path
):
    from journal.core.interop.exporting import export_journal

    other = make_journal("other")
    other.log(["Ana Lima", "Kofi Mensah"], "Coffee at Verde; the bakery opens in March")
    export_journal(other, "json", tmp_path / "all.json")
    dialog = open_import(qtbot, window)
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "all.json"))
    click(qtbot, dialog.next_button)
    assert dialog.summary.text().startswith(
        "This restores a whole journal: 2 people, 1 entry, with settings and reminders."
    )
    click(qtbot, dialog.next_button)
    assert dialog.report_title.text() == "Imported: 2 added, 0 merged, 0 skipped."
    assert sorted(p.name for p in journal.people()) == ["Ana Lima", "Kofi Mensah"]
    assert journal.count_entries() == 1


def test_the_preview_tells_people_apart_and_says_what_is_made_up_before_importing(
    qtbot, window, journal, tmp_path
):
    path = tmp_path / "phone.vcf"
    path.write_text(
        card("FN:Tomás Reyes", "EMAIL:tomas@northwind.example", "ORG:Northwind Labs")
        + card("ORG:Crumb Bakery", "EMAIL:hello@crumb.example")
    )
    dialog = open_import(qtbot, window)
    qtbot.keyClicks(dialog.path_edit, str(path))
    click(qtbot, dialog.next_button)
    assert dialog.stack.currentIndex() == dialog.PREVIEW
    details = [dialog.preview.item(r, 4).text() for r in range(dialog.preview.rowCount())]
    assert details[0] == "Northwind Labs · tomas@northwind.example"
    notes = dialog.notes.text()
    assert "Crumb Bakery: The card has no name; it is named after the organisation." in notes
    assert "acquaintance circle" in notes.lower()
