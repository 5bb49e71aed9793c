"""Insights read as sentences, scroll under the pointer, and every count links to the
same number of people."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QLabel

from journal.core import sample
from tests.gui.conftest import settle


@pytest.fixture
def page(qtbot, journal, window):
    sample.populate(journal)
    window.resize(1300, 800)
    with qtbot.waitSignal(window.insights.loaded, timeout=30_000):
        qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    settle()
    return window.insights


def _wheel(widget, dy: int = -120) -> None:
    pos = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(
        pos,
        widget.mapToGlobal(pos),
        QPoint(0, 0),
        QPoint(0, dy),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget.viewport(), event)


def test_the_wheel_over_a_chart_scrolls_the_page(qtbot, page):
    chart = page.dimension_chart
    bar = page.scroll_area.verticalScrollBar()
    page.scroll_area.ensureWidgetVisible(chart)
    settle()
    before = bar.value()
    _wheel(chart)
    settle()
    assert bar.value() > before


def test_the_page_leads_with_sentences_not_measures(page):
    text = " ".join(label.text() for label in page.findChildren(QLabel) if label.isVisibleTo(page))
    for jargon in ("Blau", "Shannon", "effective size", "Burt"):
        assert jargon not in text
    assert "Blau" in page.dimension_text.toolTip(), "the measure is there for the curious"


def test_the_people_panel_starts_small_and_fills_when_asked(qtbot, page):
    panel = page.panel
    assert not panel.list.isVisible()
    assert panel.height() < page.height() / 2, "no large empty box before a choice"
    page.row("ties.at_risk").button.click()
    settle()
    assert panel.list.isVisible() and panel.names()
    assert panel.height() > page.height() * 0.8


def test_independent_contacts_link_to_the_people_the_sentence_counts(page):
    finding = page.insights.brokerage.finding
    row = page.row("diversity.brokerage")
    count = len(finding.people)
    assert row.button is not None and row.button.text().startswith(f"{count} people")
    assert f"{count} people among them" in row.label.text()


def test_every_count_on_the_page_is_one_its_sentence_gives(qtbot, page):
    """Clicking each 'N people ›' lists N people, and N is in the sentence beside it
    (the ties summary linked to '63 people' that only its two halves added up to)."""
    import re

    from PySide6.QtWidgets import QPushButton

    checked = 0
    for button in page.findChildren(QPushButton):
        match = re.match(r"([\d,]+) people", button.text())
        row = button.parentWidget()
        if not match or not button.isVisibleTo(page) or not hasattr(row, "label"):
            continue
        count = int(match.group(1).replace(",", ""))
        button.click()
        settle()
        assert page.panel.list.count() == count
        sentence = row.label.text()
        named = re.search(r"and ([\d,]+) more", sentence)
        numbers = {int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", sentence)}
        words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
        numbers |= {words.index(w) + 1 for w in re.findall(r"[a-z]+", sentence) if w in words}
        assert count in numbers or named, (button.text(), sentence)
        checked += 1
    assert checked >= 5


def test_the_date_reads_as_on_every_other_screen(page):
    from journal.core.wording import format_date

    assert page.as_of.text() == f"as of {format_date(page.insights.today)}"
