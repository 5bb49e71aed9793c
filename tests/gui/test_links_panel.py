"""Links on a person's page: the sentence from their side, open the other, add, remove."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from journal.core import links
from journal.core.model import Person
from journal.gui.widgets.links import LinksPanel
from tests.gui.helpers import pick


def test_links_show_from_each_side_and_open_the_other(qtbot, journal):
    ana = journal.add_person(Person("Ana Lima"))
    leo = journal.add_person(Person("Leo Lima"))
    links.add_link(journal, leo.id, "son", ana.id)
    panel = LinksPanel(journal)
    qtbot.addWidget(panel)
    panel.set_person(ana.id)
    assert panel.sentences() == ["Leo Lima is Ana Lima's son."]
    panel.set_person(leo.id)
    assert panel.sentences() == ["Ana Lima is Leo Lima's parent."]
    with qtbot.waitSignal(panel.personActivated) as opened:
        panel.rows[0].label.linkActivated.emit(f"person:{ana.id}")
    assert opened.args == [ana.id]


def test_add_a_link_by_typing_a_name(qtbot, journal):
    kofi = journal.add_person(Person("Kofi Mensah"))
    journal.add_person(Person("Ana Lima", organisation="Crumb & Co. Bakery"))
    panel = LinksPanel(journal)
    qtbot.addWidget(panel)
    panel.set_person(kofi.id)
    panel.show()
    assert panel.empty.isVisible()
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    dialog.role.setCurrentIndex(dialog.role.findText("someone you met through"))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)  # no one chosen yet
    assert "Choose someone" in dialog.error.text() and dialog.isVisible()
    pick(qtbot, dialog.completer, dialog.other, "Ana")
    assert dialog.chosen_label.text() == "Ana Lima"
    dialog.has_date.setChecked(True)
    dialog.since.setDate(date(2023, 5, 12))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert panel.sentences() == ["You met Kofi Mensah through Ana Lima in 2023."]


def test_family_links_have_a_mention_switch_and_remove_can_be_undone(qtbot, journal):
    ana = journal.add_person(Person("Ana Lima"))
    leo = journal.add_person(Person("Leo Lima"))
    mei = journal.add_person(Person("Mei Chen"))
    links.add_link(journal, leo.id, "son", ana.id)
    links.add_link(journal, mei.id, "colleague", ana.id)
    undo = []
    panel = LinksPanel(journal, push_undo=lambda text, fn: undo.append((text, fn)))
    qtbot.addWidget(panel)
    panel.set_person(ana.id)
    panel.show()
    qtbot.waitExposed(panel)
    son, colleague = panel.rows
    assert colleague.mention is None and son.mention is not None
    assert not son.mention.isChecked()
    qtbot.mouseClick(son.mention, Qt.MouseButton.LeftButton)
    assert [h.relative_id for h in links.mentionable_family(journal, ana.id)] == [leo.id]

    qtbot.mouseClick(colleague.remove, Qt.MouseButton.LeftButton)
    assert panel.sentences() == ["Leo Lima is Ana Lima's son."]
    assert undo[-1][0] == "Removed the link with Mei Chen"
    undo[-1][1]()
    panel.refresh()
    assert len(panel.sentences()) == 2


def test_links_on_the_person_page_with_their_inverse(qtbot, window, journal):
    from tests.support.qt import settle

    ana = journal.add_person(Person("Ana Lima"))
    leo = journal.add_person(Person("Leo Lima"))
    kofi = journal.add_person(Person("Kofi Mensah"))
    links.add_link(journal, leo.id, "son", ana.id)
    links.add_link(journal, kofi.id, "introduced-by", ana.id, since=date(2023, 5, 12))
    window.open_person(ana.id)
    settle(qtbot, 20)
    page = window.person_page
    assert page.links_panel.sentences() == [
        "Leo Lima is Ana Lima's son.",
        "Ana Lima introduced you to Kofi Mensah in 2023.",
    ]
    page.links_panel.rows[0].label.linkActivated.emit(f"person:{leo.id}")
    settle(qtbot, 20)
    assert page.person.id == leo.id
    assert page.links_panel.sentences() == ["Ana Lima is Leo Lima's parent."]
    window.open_person(kofi.id)
    settle(qtbot, 20)
    about = page.findChild(QWidget, "about")
    assert "You met Kofi Mensah through Ana Lima in 2023." in [
        label.text() for label in about.findChildren(QLabel)
    ]
