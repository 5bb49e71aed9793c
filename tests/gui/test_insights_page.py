"""The Insights page in the main window on the sample journal, driven as a user would:
Ctrl+4, clicks, keys; opening a person from it lands on their page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from journal.core import sample
from journal.core.insights import compute_insights, contacted_in_month
from journal.core.wording import plural
from journal.gui.pages.insights import ScoreRow
from tests.gui.helpers import person_shown
from tests.support.network import add
from tests.support.qt import settle


@pytest.fixture
def sample_journal(journal):
    sample.populate(journal)
    return journal


def open_insights(qtbot, window):
    with qtbot.waitSignal(window.insights.loaded, timeout=30_000):
        qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    settle()
    assert window.current_page() is window.insights
    return window.insights


@pytest.fixture
def page(qtbot, sample_journal, window):
    window.resize(1400, 900)
    return open_insights(qtbot, window)


def test_opens_on_the_sample_journal(page, sample_journal):
    expected = compute_insights(sample_journal)
    assert page.overview.text() == expected.overview.text
    assert not page.status.isVisible()
    assert page.isVisible()
    shown = [r.label.text() for r in page.rows() if r.isVisibleTo(page)]
    for finding in expected.highlights:
        assert finding.text in shown
    assert page.findChild(type(page.overview), "quotientTotal").text() == (
        f"{expected.quotient.total} of 280 · {expected.quotient.band}"
    )


def test_a_finding_opens_the_people_behind_it(qtbot, page, sample_journal, window):
    expected = compute_insights(sample_journal)
    risk = next(f for f in expected.highlights if f.key == "ties.at_risk")
    row = page.row("ties.at_risk")
    assert row.button.text() == f"{len(risk.people)} people ›"
    qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
    assert page.panel.names() == [expected.names[p] for p in risk.people]
    assert page.panel.title.text() == risk.text
    assert page.panel.how.text() == f"How: {risk.how}"
    # Enter on a name asks the window to open that person.
    page.panel.list.setFocus()
    page.panel.list.setCurrentRow(1)
    QTest.keyClick(page.panel.list, Qt.Key.Key_Return)
    assert window.current_page() is window.person_page
    assert person_shown(qtbot, window) == risk.people[1]


def test_clicking_a_field_bar_lists_that_field(qtbot, page, sample_journal):
    fields = compute_insights(sample_journal).by_dimension("field")
    chart = page.dimension_chart
    assert chart.labels[0] == fields.rows[0].label
    QTest.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=chart.bar_point(0))
    assert page.panel.title.text() == f"Active ties with field: {fields.rows[0].label}"
    assert len(page.panel.names()) == len(fields.rows[0].people)


def test_keys_move_along_the_kinds_chart(qtbot, page, sample_journal):
    kinds = {r.label: r for r in compute_insights(sample_journal).by_dimension("network kind").rows}
    chart = page.kind_chart
    chart.setFocus()
    QTest.keyClick(chart, Qt.Key.Key_Down)  # Operational
    QTest.keyClick(chart, Qt.Key.Key_Down)  # Personal
    QTest.keyClick(chart, Qt.Key.Key_Return)
    assert page.panel.title.text() == "Active ties in your personal network"
    assert len(page.panel.names()) == len(kinds["Personal"].people)


def test_organisation_view(qtbot, page, sample_journal):
    orgs = compute_insights(sample_journal).by_dimension("organisation")
    page.dimension.setFocus()
    page.dimension.setCurrentIndex(page.dimension.findText("Organisation"))
    chart = page.dimension_chart
    # The top eight organisations, then the rest folded into one bar.
    assert chart.labels[:8] == [r.label for r in orgs.rows[:8]]
    assert chart.labels[8] == f"{len(orgs.rows) - 8} others"
    assert page.dimension_text.text().startswith(orgs.finding.text)


def test_a_month_lists_who_it_was_with(qtbot, page, sample_journal):
    chart = page.month_chart
    last = len(chart.labels) - 1
    QTest.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=chart.bar_point(last))
    settle()
    ids = contacted_in_month(sample_journal, page.insights.months[-1].month)
    assert page.panel.names() == [page.insights.names[i] for i in ids]
    # Months read as everywhere else in the app ("Nov 2026"), in the title and tooltips.
    assert page.panel.title.text() == "In touch in Nov 2026"
    assert chart.tooltips[last] == f"Nov 2026: {plural(page.insights.months[-1].entries, 'entry')}"
    ledger = page.ledger_chart
    assert ledger.tooltips[-1].startswith("Nov 2026: gave ")
    assert not any("November" in t for t in chart.tooltips + ledger.tooltips)


def test_a_quotient_score_shows_its_evidence_and_people(qtbot, page, sample_journal):
    q = compute_insights(sample_journal).quotient
    row = next(r for r in page.findChildren(ScoreRow) if r.item.key == "strength")
    item = next(i for i in q.items if i.key == "strength")
    button = next(b for b in row.findChildren(QPushButton) if b.text().endswith("›"))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert page.panel.title.text() == f"{item.label}: {item.evidence}"
    assert len(page.panel.names()) == len(item.people)


def test_the_page_follows_changes_to_the_journal(qtbot, journal, window):
    page = open_insights(qtbot, window)
    assert page.overview.text().startswith("Your journal is empty.")
    with qtbot.waitSignal(page.loaded, timeout=30_000):
        add(journal, "Ana", field="Software", days_ago=3)
    assert page.overview.text().startswith("The one person in your journal is in touch")


def test_a_one_person_finding_opens_that_person(qtbot, page, sample_journal, window):
    risky = compute_insights(sample_journal).ties.at_risk
    row = page.row("ties.at_risk.person")
    assert row.button.text() == "Open ›"
    row.button.setFocus()
    QTest.keyClick(row.button, Qt.Key.Key_Space)
    assert person_shown(qtbot, window) == risky[0].person_id
    # Back (Alt+Left) returns to the insights, still showing what they showed.
    window.go_back()
    assert window.current_page() is page


def test_the_weeks_reconnection_is_the_engines_pick(qtbot, page, sample_journal, window):
    from journal.core.insights import weekly_reconnect

    expected = weekly_reconnect(sample_journal)
    row = page.row("ties.reconnect_this_week")
    assert row.finding.people == (expected.person_id,)
    assert row.label.text() == f"This week's reconnection: {expected.reason}"
    # The Today page suggests the same person this week.
    today_ids = [s.person_id for s in window.today.suggestions if s.kind == "reconnect"]
    assert today_ids == [expected.person_id]
    qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
    assert person_shown(qtbot, window) == expected.person_id


def test_charts_follow_a_switch_to_a_dark_palette(qtbot, page):
    from PySide6.QtGui import QColor, QPalette

    from journal.gui.widgets.charts import series_color

    app = QApplication.instance()
    before = app.palette()
    dark = QPalette(before)
    for role, colour in (
        (QPalette.ColorRole.Window, "#2b2d31"),
        (QPalette.ColorRole.WindowText, "#e8e8ea"),
        (QPalette.ColorRole.Base, "#1e1f22"),
        (QPalette.ColorRole.Highlight, "#3d7bd9"),
    ):
        dark.setColor(role, QColor(colour))
    try:
        app.setPalette(dark)
        QApplication.processEvents()
        chart = page.ledger_chart
        image = chart.grab().toImage()
        # What the user sees: the dark base behind the bars, given in the highlight colour
        # and received in the warm colour chosen for dark palettes; light axis text.
        assert image.pixelColor(image.width() - 3, 3) == QColor("#1e1f22")
        month = max(
            range(12),
            key=lambda i: min(
                page.insights.reciprocity.months[i].given,
                page.insights.reciprocity.months[i].received,
            ),
        )
        vb = chart.getPlotItem().vb
        for offset, colour in ((-0.17, QColor("#3d7bd9")), (0.17, series_color("second", dark))):
            point = chart.mapFromScene(vb.mapViewToScene(QPointF(month + offset, 0.5)))
            assert image.pixelColor(point) == colour
        assert series_color("second", dark) != series_color("second", before)
        assert chart.getPlotItem().getAxis("left").textPen().color() == QColor("#e8e8ea")
    finally:
        app.setPalette(before)
        QApplication.processEvents()


def test_after_a_change_the_page_is_rebuilt_and_still_answers(qtbot, page, sample_journal):
    before = page.insights.people
    with qtbot.waitSignal(page.loaded, timeout=30_000):
        add(sample_journal, "Zoe Newcomer", field="Software", days_ago=1)
    settle()
    assert page.insights.people == before + 1
    assert page.as_of.text() == "as of 24 Nov 2026"
    # The charts and the menu survive the rebuild and still answer.
    chart = page.dimension_chart
    assert chart.isVisible()
    QTest.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=chart.bar_point(0))
    assert page.panel.title.text().startswith("Active ties with field: ")
    page.dimension.setCurrentIndex(page.dimension.findText("Place"))
    assert page.dimension_text.text().startswith(page.insights.by_dimension("place").finding.text)
    assert (
        sum(
            1 for r in page.rows() if r.isVisibleTo(page) and r.finding.key == "diversity.brokerage"
        )
        == 1
    )


def test_the_panel_says_why_each_person_is_there(qtbot, page, sample_journal):
    ins = compute_insights(sample_journal)
    qtbot.mouseClick(page.row("reciprocity.only_asked").button, Qt.MouseButton.LeftButton)
    first = ins.reciprocity.only_asked[0]
    assert page.panel.lines()[0] == f"{first.name} · gave 0 · received {first.received}"
    qtbot.mouseClick(page.row("ties.at_risk").button, Qt.MouseButton.LeftButton)
    risk = ins.ties.at_risk[0]
    assert page.panel.lines()[0] == f"{risk.name} · {risk.days} days · {risk.closeness:.0%} close"
