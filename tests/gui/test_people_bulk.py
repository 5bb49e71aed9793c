"""Many people at once in the People list: select, change, confirm, undo."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from journal.core.model import Circle, Person
from journal.core.people import PeopleQuery
from journal.gui.main_window import PageName
from tests.support.qt import settle


def click_row(qtbot, page, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    index = page.proxy.index(row, 0)
    rect = page.table.visualRect(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def back_to(qtbot, window) -> None:
    window.activateWindow()  # what a window manager does when a dialog closes
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def menu_action(menu, *path: str):
    for text in path[:-1]:
        menu = next(a.menu() for a in menu.actions() if a.text().replace("&", "") == text)
    return next(a for a in menu.actions() if a.text().replace("&", "") == path[-1])


def test_multi_select_50_people_and_change_their_circle(qtbot, window, journal):
    journal.add_people(
        [
            Person(f"Attendee {i:02d}", circle=Circle.ACQUAINTANCE, tags=["conference"])
            for i in range(50)
        ]
        + [Person("Zoe Kim", circle=Circle.INNER)]
    )
    window.show_page(PageName.PEOPLE)
    page = window.people
    qtbot.waitUntil(lambda: page.count.text() == "51 people", timeout=5000)

    page.table.setFocus()
    click_row(qtbot, page, 0)
    page.table.scrollTo(page.proxy.index(49, 0))
    click_row(qtbot, page, 49, Qt.KeyboardModifier.ShiftModifier)
    assert len(page.selected_ids()) == 50
    assert page.count.text() == "51 people · 50 selected"
    assert page.bulk_button.text().replace("&", "") == "Change 50 selected…"

    qtbot.mouseClick(page.bulk_button, Qt.MouseButton.LeftButton)
    menu = QApplication.activePopupWidget()
    assert menu is not None and menu.title() == "50 people selected"
    menu_action(menu, "Set circle", "Close").trigger()
    menu.close()
    box = page.bulk.pending
    assert isinstance(box, QMessageBox) and box.text() == "Move 50 people to Close?"
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    settle(qtbot, 20)

    assert len(journal.query_people(PeopleQuery(circle=Circle.CLOSE))) == 50
    assert journal.person(journal.find_people("Zoe Kim")[0].id).circle is Circle.INNER
    qtbot.waitUntil(lambda: page.proxy.index(0, 3).data() == "Close", timeout=5000)
    assert window.notice.message.text() == "Moved 50 people to Close"

    back_to(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, 20)
    assert journal.query_people(PeopleQuery(circle=Circle.CLOSE)) == []
    assert window.notice.message.text() == "Undone: Moved 50 people to Close."


def test_deleting_several_asks_and_is_one_undo(qtbot, window, journal):
    journal.add_people([Person(f"Old contact {i}") for i in range(3)])
    window.show_page(PageName.PEOPLE)
    page = window.people
    qtbot.waitUntil(lambda: page.count.text() == "3 people", timeout=5000)
    page.table.selectAll()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    box = page.bulk.pending
    assert "Move 3 people" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    settle(qtbot, 20)
    assert journal.counts()["people"] == 0 and len(journal.trash()) == 1
    back_to(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, 20)
    assert journal.counts()["people"] == 3


def test_merge_two_selected_people(qtbot, window, journal):
    a = journal.add_person(Person("Sam Park", organisation="Brightlayer"))
    b = journal.add_person(Person("Samuel Park", role="CTO"))
    window.show_page(PageName.PEOPLE)
    page = window.people
    qtbot.waitUntil(lambda: page.count.text() == "2 people", timeout=5000)
    for person in (a, b):
        row = page.proxy.mapFromSource(page.model.index(page.model.row_of(person.id), 0))
        page.table.selectionModel().select(
            row, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        )
    menu = page.bulk.menu(page.selected_ids(), page)
    menu_action(menu, "Merge into one…").trigger()
    dialog = page.merge_dialog
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog._buttons[("name", b.id)], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    settle(qtbot, 20)
    [merged] = journal.people()
    assert (merged.name, merged.organisation, merged.role) == ("Samuel Park", "Brightlayer", "CTO")
    assert window.notice.message.text().startswith("Merged 2 records into Samuel Park")
    qtbot.waitUntil(lambda: page.count.text() == "1 person", timeout=5000)
