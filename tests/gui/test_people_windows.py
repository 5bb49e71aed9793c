"""The People list reads its rows a window at a time: on a journal bigger than one
window, a user still sees the right people first, at the end, sorted and filtered."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from journal.core.model import Person
from journal.gui.main_window import PageName
from journal.gui.widgets.models import PeopleModel

COUNT = 130


@pytest.fixture
def page(qtbot, window, journal, monkeypatch):
    """People "P000".."P129" (organisations in the opposite order), in windows of 25
    rows of which 2 are kept, so scrolling reads windows again."""
    monkeypatch.setattr(PeopleModel, "WINDOW", 25)
    monkeypatch.setattr(PeopleModel, "KEPT", 2)
    journal.add_people(
        [Person(name=f"P{i:03d}", organisation=f"Org {COUNT - 1 - i:03d}") for i in range(COUNT)]
    )
    window.show_page(PageName.PEOPLE)
    people = window.people
    qtbot.waitUntil(lambda: people.count.text() == f"{COUNT} people", timeout=5000)
    return people


def _shown(page) -> list[str]:
    return [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]


def _visible(page) -> list[str]:
    """The names in the rows the view shows now, top to bottom."""
    view = page.table
    first = view.rowAt(0)
    last = view.rowAt(view.viewport().height() - 1)
    last = page.proxy.rowCount() - 1 if last < 0 else last
    return [page.proxy.index(r, 0).data() for r in range(first, last + 1)]


def _click_header(qtbot, page, section: int) -> None:
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def test_first_rows_and_the_end_after_scrolling(qtbot, page):
    expected = [f"P{i:03d}" for i in range(COUNT)]
    assert _visible(page)[:3] == ["P000", "P001", "P002"]
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: _visible(page)[-1] == "P129", timeout=5000)
    bottom = _visible(page)
    assert bottom == expected[COUNT - len(bottom) :]
    assert _shown(page) == expected  # every window, read again in turn
    assert [page.proxy.index(r, 1).data() for r in (0, COUNT - 1)] == ["Org 129", "Org 000"]


def test_sorting_by_organisation_and_back_by_name_descending(qtbot, page):
    _click_header(qtbot, page, 1)
    qtbot.waitUntil(lambda: _visible(page)[:2] == ["P129", "P128"], timeout=5000)
    assert _shown(page) == [f"P{i:03d}" for i in reversed(range(COUNT))]
    _click_header(qtbot, page, 0)
    qtbot.waitUntil(lambda: _visible(page)[0] == "P000", timeout=5000)
    _click_header(qtbot, page, 0)
    qtbot.waitUntil(lambda: _visible(page)[0] == "P129", timeout=5000)
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: _visible(page)[-1] == "P000", timeout=5000)


def test_filtering_finds_people_beyond_the_first_window(qtbot, page):
    qtbot.keyClicks(page.filter, "p12")
    qtbot.waitUntil(lambda: _shown(page) == [f"P{i}" for i in range(120, 130)], timeout=5000)
    assert page.count.text() == f"10 of {COUNT} people"
    assert _visible(page) == [f"P{i}" for i in range(120, 130)]
    page.filter.clear()
    qtbot.waitUntil(lambda: page.count.text() == f"{COUNT} people", timeout=5000)
    assert _shown(page)[-1] == "P129"


def test_selecting_someone_beyond_the_first_window_scrolls_to_them(qtbot, page, journal):
    target = journal.find_people("P117")[0]
    assert page.select(target.id)
    assert page.current_id() == target.id
    assert "P117" in _visible(page)
