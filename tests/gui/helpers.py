"""Doing what a user does: pick from a completer, find a section's widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QToolButton

from journal.gui.pages.person import FacetRow, FacetSection
from journal.gui.widgets.models import PeopleCompleter
from tests.support.qt import settle


def pick(
    qtbot, completer: PeopleCompleter, edit: QLineEdit, text: str, choose: str | None = None
) -> None:
    """Type into a people field, wait for the suggestions, and pick one with the keyboard."""
    qtbot.keyClicks(edit, text)
    popup = completer.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=5000)
    if choose is not None:
        model = completer.completer.completionModel()
        rows = [model.index(r, 0).data() for r in range(model.rowCount())]
        row = next(i for i, label in enumerate(rows) if label.startswith(choose))
        for _ in range(row):
            qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    settle(qtbot, 10)


def facet_texts(section: FacetSection) -> list[str]:
    return [row.facet.text for row in section.findChildren(FacetRow) if row.isVisible()]


def add_button(section: FacetSection) -> QToolButton:
    return section.add_button
