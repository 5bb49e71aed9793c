"""Bulk actions from the selection menu: a question for large selections, one undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from journal.core.model import Circle, Person
from journal.core.people import PeopleQuery
from journal.gui.widgets.bulk_actions import BulkActions


def trigger(menu, *path: str) -> None:
    for text in path[:-1]:
        menu = next(a.menu() for a in menu.actions() if a.text().replace("&", "") == text)
    action = next(a for a in menu.actions() if a.text().replace("&", "") == path[-1])
    action.trigger()


def setup(qtbot, journal, n: int):
    people = [Person(f"Person {i:02d}", circle=Circle.ACQUAINTANCE) for i in range(n)]
    journal.add_people(people)
    host = QWidget()
    qtbot.addWidget(host)
    undo: list[tuple[str, object]] = []
    actions = BulkActions(journal, host, push_undo=lambda text, fn: undo.append((text, fn)))
    return [p.id for p in people], actions, undo


def test_fifty_people_to_close_asks_first_then_undoes(qtbot, journal):
    ids, actions, undo = setup(qtbot, journal, 50)
    menu = actions.menu(ids)
    assert menu.title() == "50 people selected"
    trigger(menu, "Set circle", "Close")

    box = actions.pending
    assert isinstance(box, QMessageBox) and "Move 50 people to Close?" in box.text()
    assert journal.query_people(PeopleQuery(circle=Circle.CLOSE)) == []  # not before yes
    with qtbot.waitSignal(actions.changed):
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert len(journal.query_people(PeopleQuery(circle=Circle.CLOSE))) == 50
    assert undo[-1][0] == "Moved 50 people to Close"

    undo[-1][1]()
    assert len(journal.query_people(PeopleQuery(circle=Circle.ACQUAINTANCE))) == 50


def test_cancelling_the_question_changes_nothing(qtbot, journal):
    ids, actions, undo = setup(qtbot, journal, 12)
    actions.set_archived(ids, True)
    qtbot.mouseClick(
        actions.pending.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton
    )
    assert journal.counts()["archived"] == 0 and undo == []


def test_a_few_people_change_at_once_and_tags_come_from_a_form(qtbot, journal):
    ids, actions, undo = setup(qtbot, journal, 3)
    trigger(actions.menu(ids), "Add tags…")
    form = actions.pending
    form.setTextValue("climbing, book club")
    with qtbot.waitSignal(actions.changed):
        form.accept()
    assert journal.tags() == [("book club", 3), ("climbing", 3)]
    trigger(actions.menu(ids), "Set check-in cadence…")
    actions.pending.setIntValue(45)
    actions.pending.accept()
    assert {p.cadence_days for p in journal.people(ids)} == {45}
    assert [text for text, _ in undo] == [
        "Tagged 3 people climbing, book club",
        "Set 3 people to check in every 45 days",
    ]


def test_the_trash_always_asks_for_several(qtbot, journal):
    ids, actions, undo = setup(qtbot, journal, 2)
    trigger(actions.menu(ids), "Move to the trash…")
    yes = actions.pending.button(QMessageBox.StandardButton.Yes)
    assert yes.text() == "Move 2 people to the trash"
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    assert journal.counts()["people"] == 0
    undo[-1][1]()
    assert journal.counts()["people"] == 2


def test_merge_is_offered_for_a_handful(qtbot, journal):
    ids, actions, _ = setup(qtbot, journal, 2)
    with qtbot.waitSignal(actions.merge_requested) as asked:
        trigger(actions.menu(ids), "Merge into one…")
    assert asked.args == [ids]
    many, actions, _ = setup(qtbot, journal, 7)
    offered = [a.text().replace("&", "") for a in actions.menu(many).actions()]
    assert "Merge into one…" not in offered
