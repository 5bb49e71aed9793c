"""People: add a person with facets, edit in place, filter, archive, delete and undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from journal.core.model import Circle, Facet, FacetKind, Person
from journal.gui.dialogs.person_edit import PersonDialog
from journal.gui.main_window import PageName
from journal.gui.pages.person import FacetEditor
from tests.gui.helpers import facet_texts, open_person
from tests.support.qt import settle


def test_add_a_person_with_two_facets(qtbot, window, journal):
    window.show_page(PageName.PEOPLE)
    settle()
    qtbot.mouseClick(window.people.add_button, Qt.MouseButton.LeftButton)
    dialog = window.people.dialog
    assert isinstance(dialog, PersonDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.name, "Ana Lima")
    qtbot.keyClicks(dialog.organisation, "Crumb & Co. Bakery")
    qtbot.keyClicks(dialog.tags, "founders, climbing")
    dialog.circle.setCurrentIndex(dialog.circle.findData("close"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    page = window.person_page
    qtbot.waitUntil(lambda: window.current_page() is page)  # once the save is written
    qtbot.waitUntil(lambda: page.findChild(QLabel, "personName") is not None)
    assert page.findChild(QLabel, "personName").text() == "Ana Lima"

    working = page.sections["working_on"]
    qtbot.mouseClick(working.add_button, Qt.MouseButton.LeftButton)
    editor = working.findChild(FacetEditor)
    qtbot.keyClicks(editor.text, "opening a second bakery")
    qtbot.keyClicks(editor.detail, "how the opening went")
    qtbot.keyClick(editor.text, Qt.Key.Key_Return)
    settle()

    hobbies = window.person_page.sections["hobby"]
    qtbot.mouseClick(hobbies.add_button, Qt.MouseButton.LeftButton)
    editor = hobbies.findChild(FacetEditor)
    qtbot.keyClicks(editor.text, "bouldering")
    editor.shared.setChecked(True)
    qtbot.mouseClick(
        editor.findChild(type(dialog.save_button), "facetSave"), Qt.MouseButton.LeftButton
    )
    settle()

    sections = window.person_page.sections
    assert facet_texts(sections["working_on"]) == ["opening a second bakery"]
    assert facet_texts(sections["in_common"]) == ["bouldering"], "shared facets come first"
    assert facet_texts(sections["hobby"]) == []

    [ana] = journal.find_people("Ana Lima")
    assert ana.circle is Circle.CLOSE and ana.tags == ["climbing", "founders"]
    assert {(f.kind, f.text, f.shared) for f in ana.facets} == {
        (FacetKind.WORKING_ON, "opening a second bakery", False),
        (FacetKind.HOBBY, "bouldering", True),
    }

    window.show_page(PageName.PEOPLE)
    qtbot.waitUntil(lambda: window.people.count.text() == "1 person", timeout=5000)


def test_a_facet_is_edited_in_place_and_escape_cancels(qtbot, window, journal):
    ana = journal.add_person(
        Person(name="Ana Lima", facets=[Facet(FacetKind.WORKING_ON, "the bakery launch")])
    )
    open_person(qtbot, window, ana.id)
    section = window.person_page.sections["working_on"]
    from journal.gui.pages.person import FacetRow

    row = section.findChild(FacetRow)
    qtbot.mouseDClick(row, Qt.MouseButton.LeftButton)
    editor = section.findChild(FacetEditor)
    assert not row.isVisible() and editor.text.text() == "the bakery launch"
    editor.text.selectAll()
    qtbot.keyClicks(editor.text, "the second bakery")
    qtbot.keyClick(editor.text, Qt.Key.Key_Escape)
    settle()
    assert journal.person(ana.id).facets[0].text == "the bakery launch"

    section = window.person_page.sections["working_on"]
    row = section.findChild(FacetRow)
    qtbot.mouseDClick(row, Qt.MouseButton.LeftButton)
    editor = section.findChild(FacetEditor)
    editor.text.selectAll()
    qtbot.keyClicks(editor.text, "the second bakery")
    qtbot.keyClick(editor.text, Qt.Key.Key_Return)
    settle()
    assert journal.person(ana.id).facets[0].text == "the second bakery"
    assert facet_texts(window.person_page.sections["working_on"]) == ["the second bakery"]


def _people(journal, *names, **fields):
    return [journal.add_person(Person(name=n, **fields)) for n in names]


def test_delete_a_person_and_undo(qtbot, window, journal):
    _people(journal, "Ana Lima", "Kofi Mensah", "Mei Chen")
    window.show_page(PageName.PEOPLE)
    page = window.people
    qtbot.waitUntil(lambda: page.count.text() == "3 people", timeout=5000)
    assert page.select(journal.find_people("Kofi Mensah")[0].id)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: page.count.text() == "2 people", timeout=5000)
    assert journal.find_people("Kofi Mensah") == []
    assert window.notice.isVisible()
    assert window.notice.message.text() == "Moved Kofi Mensah to the trash."

    [undo] = window.notice.buttons()
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.count.text() == "3 people", timeout=5000)
    assert journal.find_people("Kofi Mensah")
    assert window.notice.message.text() == "Undone: Moved Kofi Mensah to the trash."


def test_delete_from_the_person_page_and_undo_with_ctrl_z(qtbot, window, journal):
    [ana] = _people(journal, "Ana Lima")
    journal.add_facet(ana.id, Facet(FacetKind.HOBBY, "climbing"))
    open_person(qtbot, window, ana.id)
    delete = window.person_page.findChild(type(window.people.add_button), "deletePersonPage")
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    settle()
    assert journal.counts()["people"] == 0
    assert window.current_page() is not window.person_page
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle()
    restored = journal.person(ana.id)
    assert [f.text for f in restored.facets] == ["climbing"], "facets come back too"


def test_archive_hides_a_person_until_show_archived(qtbot, window, journal):
    _people(journal, "Ana Lima", "Kofi Mensah")
    window.show_page(PageName.PEOPLE)
    page = window.people
    qtbot.waitUntil(lambda: page.count.text() == "2 people", timeout=5000)
    page.select(journal.find_people("Ana Lima")[0].id)
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.count.text() == "1 person", timeout=5000)
    page.archived.setChecked(True)
    qtbot.waitUntil(lambda: page.count.text() == "2 people", timeout=5000)
    names = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    assert names == ["Ana Lima (archived)", "Kofi Mensah"]


def test_filters_by_text_circle_and_tag(qtbot, window, journal):
    journal.add_person(
        Person(name="Ana Lima", organisation="Crumb Bakery", circle=Circle.CLOSE, tags=["founders"])
    )
    journal.add_person(
        Person(
            name="Kofi Mensah",
            organisation="Northwind",
            circle=Circle.NETWORK,
            tags=["founders", "climbing"],
        )
    )
    journal.add_person(Person(name="Mei Chen", organisation="Bakery Union", circle=Circle.NETWORK))
    window.show_page(PageName.PEOPLE)
    page = window.people
    qtbot.waitUntil(lambda: page.count.text() == "3 people", timeout=5000)

    def shown():
        return [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]

    qtbot.keyClicks(page.filter, "bakery")
    qtbot.waitUntil(lambda: shown() == ["Ana Lima", "Mei Chen"], timeout=5000)
    assert page.count.text() == "2 of 3 people"
    page.circle.setCurrentIndex(page.circle.findData("network"))
    qtbot.waitUntil(lambda: shown() == ["Mei Chen"], timeout=5000)
    page.filter.clear()
    page.tag.setCurrentIndex(page.tag.findData("founders"))
    qtbot.waitUntil(lambda: shown() == ["Kofi Mensah"], timeout=5000)


def test_sorting_by_a_column_header(qtbot, window, journal):
    journal.add_person(Person(name="Zed", organisation="Alpha"))
    journal.add_person(Person(name="Amy", organisation="Zulu"))
    window.show_page(PageName.PEOPLE)
    page = window.people
    qtbot.waitUntil(lambda: page.count.text() == "2 people", timeout=5000)
    header = page.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, 1))
    # The core sorts, on the worker: the new order shows when that load is done.
    qtbot.waitUntil(
        lambda: [page.proxy.index(r, 0).data() for r in range(2)] == ["Zed", "Amy"], timeout=5000
    )


def _section_centre(header, section):
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    return QPoint(x, header.height() // 2)


def test_search_with_ctrl_k_opens_a_person(qtbot, window, journal):
    _people(journal, "Ana Lima", "Kofi Mensah")
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search
    qtbot.keyClicks(window.search, "kofi")
    popup = window.search_popup
    qtbot.waitUntil(lambda: popup.isVisible() and bool(popup.hits), timeout=5000)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    settle(qtbot, 10)
    assert window.current_page() is window.person_page
    assert window.person_page.person.name == "Kofi Mensah"
    assert window.search.text() == ""


def test_clicking_people_in_the_sidebar_leaves_a_person_page(qtbot, window, journal):
    [ana] = _people(journal, "Ana Lima")
    open_person(qtbot, window, ana.id)
    item = window.sidebar.item(1)
    assert window.sidebar.currentItem() is item, "a person's page sits under People"
    rect = window.sidebar.visualItemRect(item)
    qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_page() is window.people


def test_ctrl_z_after_a_restart_brings_back_a_person_trashed_before(
    qtbot, window, journal, gui_settings, tmp_path, clock
):
    """The undo log lives in the journal: close the window and the journal, open both
    again, and Ctrl+Z still undoes the last thing done, and says what it undoes."""
    from journal.core.journal import Journal
    from journal.core.paths import JournalPaths
    from journal.gui.main_window import MainWindow
    from tests.conftest import TEST_PASSPHRASE

    _people(journal, "Ana Lima", "Kofi Mensah")
    window.show_page(PageName.PEOPLE)
    page = window.people
    qtbot.waitUntil(lambda: page.count.text() == "2 people", timeout=5000)
    kofi = journal.find_people("Kofi Mensah")[0]
    assert page.select(kofi.id)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: page.count.text() == "1 person", timeout=5000)
    assert window.undo_action.text() == "&Undo: Move Kofi Mensah to the trash"
    settle()
    window.close()
    journal.close()

    again = Journal.open(JournalPaths(tmp_path / "journal"), TEST_PASSPHRASE, clock=clock)
    reopened = MainWindow(again, settings=gui_settings)
    qtbot.addWidget(reopened)
    try:
        reopened.show()
        qtbot.waitExposed(reopened)
        settle()
        assert reopened.undo_action.isEnabled()
        assert reopened.undo_action.text() == "&Undo: Move Kofi Mensah to the trash"
        qtbot.keyClick(reopened, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        settle()
        assert again.person(kofi.id).name == "Kofi Mensah"
        assert again.trash() == []
        assert reopened.notice.message.text() == "Undone: Moved Kofi Mensah to the trash."
        reopened.show_page(PageName.PEOPLE)
        qtbot.waitUntil(lambda: reopened.people.count.text() == "2 people", timeout=5000)
    finally:
        settle()
        reopened.events.detach()
        again.close()
