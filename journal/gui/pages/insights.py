"""Insights: the health of the network, as the core works it out, with the people behind it.

The page asks ``journal.core.insights`` for everything (off the GUI thread: on a large
journal it takes a few hundred milliseconds) and shows what comes back: findings as
sentences, charts of fields, kinds of network, contact over time and reciprocity, the
Networking Quotient items with their evidence. Every finding, chart bar and score opens
the people behind it in the panel on the right, where a double-click (or Enter) opens
the person. No figure is worked out here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.core.insights import (
    Finding,
    Insights,
    compute_insights,
    contacted_in_month,
    weekly_reconnect,
)
from journal.core.wording import duration, format_date, month_text, plural
from journal.gui.desktop import tasks
from journal.gui.pages.base import Page
from journal.gui.shell import Shell
from journal.gui.widgets.common import (
    Card,
    discard,
    heading,
    muted,
    page_header,
    text_label,
)

log = logging.getLogger(__name__)

#: Categories shown in the diversity chart before the rest are folded into "Others".
CHART_ROWS = 8
RELOAD_DELAY_MS = 400
PANEL_WIDTH = 300
NAME_ROLE = Qt.ItemDataRole.UserRole + 1


# -- small pieces ---------------------------------------------------------------------------


class Section(Card):
    """A titled card whose body is rebuilt each time the insights arrive."""

    def __init__(self, title: str, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.layout_.setSpacing(8)
        self.layout_.addWidget(heading(title, 2))
        self.body = QVBoxLayout()
        self.body.setSpacing(8)
        self.layout_.addLayout(self.body)

    def clear(self) -> None:
        _clear(self.body)


_W = TypeVar("_W", bound=QWidget)


def keep(widget: _W) -> _W:
    """Mark a widget that outlives a rebuild (the charts, the dimension menu)."""
    widget.setProperty("persistent", True)
    return widget


def _clear(layout: QLayout) -> None:
    """Empty a section before it is rebuilt; kept widgets are only taken out."""
    while (item := layout.takeAt(0)) is not None:
        widget = item.widget()
        if widget is not None:
            if not widget.property("persistent"):
                discard(widget)
        elif (inner := item.layout()) is not None:
            _clear(inner)


LINK_STYLE = (
    "QPushButton { color: palette(link); border: 1px solid transparent; border-radius: 3px;"
    " padding: 2px 6px; background: transparent; text-align: right; }"
    "QPushButton:hover { text-decoration: underline; }"
    "QPushButton:focus { border-color: palette(highlight); }"
)


def link_button(text: str, accessible: str, tip: str = "") -> QPushButton:
    """A button that reads as a link, with a visible focus frame for keyboard users."""
    button = QPushButton(text)
    button.setStyleSheet(LINK_STYLE)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setAccessibleName(accessible)
    if tip:
        button.setToolTip(tip)
    return button


def people_button(count: int, name: str) -> QPushButton:
    if count == 1:
        return link_button("Open ›", f"Open the person behind: {name}", "Open this person")
    return link_button(
        f"{count} people ›",
        f"Show the {count} people behind: {name}",
        "Show the people behind this",
    )


class FindingRow(QWidget):
    """A sentence, and a button that shows the people behind it."""

    def __init__(
        self,
        finding: Finding,
        show: Callable[[str, Sequence[str], str, str], None],
        open_person: Callable[[str], None],
        *,
        text: str | None = None,
    ) -> None:
        super().__init__()
        self.finding = finding
        self.setObjectName("finding")
        self.setProperty("key", finding.key)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = text_label(text or finding.text)
        self.label.setObjectName("findingText")
        if finding.how:
            self.label.setToolTip(f"How: {finding.how}")
        row.addWidget(self.label, 1)
        self.button: QPushButton | None = None
        if finding.people:
            self.button = people_button(len(finding.people), finding.text)
            if len(finding.people) == 1:
                self.button.clicked.connect(lambda: open_person(finding.people[0]))
            else:
                self.button.clicked.connect(
                    lambda: show(text or finding.text, finding.people, finding.how, finding.key)
                )
            row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)


class Meter(QWidget):
    """A score out of 4 as four blocks, painted in the palette's colours."""

    def __init__(self, score: int, out_of: int = 4) -> None:
        super().__init__()
        self.score, self.out_of = score, out_of
        self.setFixedSize(18 * out_of, 12)
        self.setAccessibleName(f"{score} of {out_of}")

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        on = self.palette().color(QPalette.ColorRole.Highlight)
        off = self.palette().color(QPalette.ColorRole.PlaceholderText)
        off.setAlphaF(0.35)  # an empty block that reads on light and dark bases
        painter.setPen(Qt.PenStyle.NoPen)
        for i in range(self.out_of):
            painter.setBrush(on if i < self.score else off)
            painter.drawRoundedRect(i * 18, 0, 15, 12, 2, 2)
        painter.end()


class ScoreRow(QWidget):
    """One Networking Quotient item: its score out of 4, its evidence, its people."""

    def __init__(self, item: Any, show: Callable[[str, Sequence[str], str, str], None]) -> None:
        super().__init__()
        self.item = item
        self.setObjectName("quotientItem")
        self.setProperty("key", item.key)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        top = QHBoxLayout()
        title = QLabel(item.label)
        font = QFont(title.font())
        font.setBold(True)
        title.setFont(font)
        top.addWidget(title, 1)
        top.addWidget(Meter(item.score))
        score = QLabel(f"{item.score} of 4")
        score.setObjectName("score")
        score.setFixedWidth(44)
        score.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(score)
        self.button: QPushButton | None = None
        if item.people:
            self.button = link_button(
                f"{len(item.people)} people ›" if len(item.people) > 1 else "1 person ›",
                f"Show the people behind {item.label}",
                "Show the people behind this score",
            )
            self.button.clicked.connect(
                lambda: show(
                    f"{item.label}: {item.evidence}",
                    item.people,
                    f"How it is scored: {item.rule}",
                    f"quotient.{item.key}",
                )
            )
        spacer = self.button or QWidget()
        spacer.setFixedWidth(100)
        top.addWidget(spacer)
        layout.addLayout(top)
        evidence = item.evidence + (f" Next: {item.next_step}" if item.next_step else "")
        label = muted(text_label(evidence))
        label.setToolTip(f"How it is scored: {item.rule}")
        layout.addWidget(label)


class PeoplePanel(QFrame):
    """The people behind the chosen insight; double-click or Enter opens one."""

    person_activated = Signal(str)
    #: Whether the panel now lists people (the page lets it grow to full height then).
    filled = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("peoplePanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedWidth(PANEL_WIDTH)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(heading("People behind this", 3))
        self.title = text_label("Choose an insight, a bar or a score to see who is behind it.")
        self.title.setObjectName("panelTitle")
        layout.addWidget(self.title)
        self.how = muted(text_label(""))
        self.how.setObjectName("panelHow")
        self.how.hide()
        layout.addWidget(self.how)
        self.list = QListWidget()
        self.list.setObjectName("panelPeople")
        self.list.setAccessibleName("People behind this insight")
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.itemActivated.connect(self._activated)
        layout.addWidget(self.list, 1)
        self.list.hide()  # until an insight is chosen: no large empty box
        self.open_button = QPushButton("&Open person")
        self.open_button.hide()
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self._activated(self.list.currentItem()))
        self.list.currentItemChanged.connect(
            lambda current, _old: self.open_button.setEnabled(current is not None)
        )
        layout.addWidget(self.open_button)

    def show_people(
        self,
        title: str,
        ids: Sequence[str],
        names: dict[str, str],
        how: str = "",
        details: dict[str, str] | None = None,
    ) -> None:
        """List ``ids`` by name, each with its detail ("gave 2 · received 1") if any."""
        self.title.setText(title)
        self.how.setText(f"How: {how}" if how else "")
        self.how.setVisible(bool(how))
        self.list.clear()
        details = details or {}
        for pid in ids:
            name = names.get(pid, "(no longer in the journal)")
            detail = details.get(pid, "")
            item = QListWidgetItem(f"{name} · {detail}" if detail else name)
            item.setToolTip(item.text())
            item.setData(Qt.ItemDataRole.UserRole, pid)
            item.setData(NAME_ROLE, name)
            self.list.addItem(item)
        if ids:
            self.list.setCurrentRow(0)
        self.list.setVisible(bool(ids))
        self.open_button.setVisible(bool(ids))
        self.filled.emit(bool(ids))

    def names(self) -> list[str]:
        return [self.list.item(i).data(NAME_ROLE) for i in range(self.list.count())]

    def lines(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _activated(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.person_activated.emit(item.data(Qt.ItemDataRole.UserRole))


# -- the page --------------------------------------------------------------------------------


class InsightsPage(Page):
    """The Insights screen. ``person_activated(id)`` asks the window to open a person.

    Every kind of change moves some figure, and working them out is heavy on a large
    journal: a burst of changes waits ``RELOAD_DELAY_MS`` and costs one load."""

    RELOAD_DELAY_MS = RELOAD_DELAY_MS
    weekly_loaded = Signal()
    person_activated = Signal(str)

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(shell, parent)
        self.setObjectName("insightsPage")
        self._journal = shell.journal
        self.insights: Insights | None = None

        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        layout = self.scroll_column(spacing=12, outer=outer)  # the panel goes beside it
        top, self.as_of = page_header("Insights", "insightsAsOf")
        layout.addLayout(top)
        self.overview = text_label("")
        self.overview.setObjectName("overview")
        layout.addWidget(self.overview)
        self.status = muted(text_label("Working out your insights…"))
        self.status.setObjectName("status")
        layout.addWidget(self.status)

        self.worth = Section("Worth doing", "worthDoing")
        self.diversity = Section("Diversity of your active network", "diversity")
        self.contact = Section("Contact over time", "contactOverTime")
        self.ties = Section("Ties by strength", "ties")
        self.reciprocity = Section("Give and take", "reciprocity")
        self.follow = Section("Follow-through", "followThrough")
        self.quotient = Section("Networking Quotient (an estimate)", "quotient")
        self.cards = (
            self.worth,
            self.diversity,
            self.contact,
            self.ties,
            self.reciprocity,
            self.follow,
            self.quotient,
        )
        for card in self.cards:
            layout.addWidget(card)
        layout.addStretch(1)

        self.dimension = QComboBox()
        self.dimension.setObjectName("dimension")
        self.dimension.setAccessibleName("Show the active network by")
        for label, key in (
            ("Field", "field"),
            ("Organisation", "organisation"),
            ("Place", "place"),
        ):
            self.dimension.addItem(label, key)
        self.dimension.currentIndexChanged.connect(lambda _i: self._show_dimension())
        keep(self.dimension)
        self._charts_made = False
        self._dimension_rows: list[tuple[str, tuple[str, ...]]] = []

        self.panel = PeoplePanel()
        self.panel.person_activated.connect(self.person_activated.emit)
        outer.addWidget(self.panel, 0, Qt.AlignmentFlag.AlignTop)
        self.panel.filled.connect(
            lambda full: outer.setAlignment(
                self.panel, Qt.AlignmentFlag(0) if full else Qt.AlignmentFlag.AlignTop
            )
        )
        for card in self.cards:
            card.hide()

        self.person_activated.connect(shell.open_person)

    # loading ------------------------------------------------------------------------------

    def _make_charts(self) -> None:
        """The charts, made when the first insights arrive: pyqtgraph and numpy take
        about 0.4 s to import, which a start that never opens Insights should not pay."""
        if self._charts_made:
            return
        self._charts_made = True
        from journal.gui.widgets.charts import BarChart

        self.dimension_chart = keep(BarChart(horizontal=True, name="Active network by field"))
        self.dimension_chart.bar_clicked.connect(self._dimension_bar)
        self.kind_chart = keep(BarChart(horizontal=True, name="Active network by kind"))
        self.kind_chart.bar_clicked.connect(self._kind_bar)
        self.month_chart = keep(BarChart(horizontal=False, name="Entries per month"))
        self.month_chart.setFixedHeight(200)
        self.month_chart.bar_clicked.connect(self._month_bar)
        self.ledger_chart = keep(BarChart(horizontal=False, name="Given and received per month"))
        self.ledger_chart.setFixedHeight(190)
        self.ledger_chart.bar_clicked.connect(self._ledger_bar)

    def load(self, request: None) -> Insights:
        return compute_insights(self.journal)

    def show_loading(self) -> None:
        self.status.setText("Working out your insights…")
        self.status.show()

    def show_error(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()

    def reload(self) -> None:
        super().reload()
        # The engine's reconnection for the week costs as much again on a large journal,
        # so it follows on its own and joins "Worth doing" when it arrives.
        generation, journal = self.generation, self.journal
        tasks.run(
            lambda: weekly_reconnect(journal),
            on_done=lambda pick: self._show_weekly(generation, pick),
            on_error=lambda exc: log.warning("weekly reconnection failed: %s", exc),
            owner=self,
        )

    def show_data(self, ins: Insights) -> None:
        self.insights = ins
        self._make_charts()
        self.as_of.setText(f"as of {format_date(ins.today)}")  # as the CLI writes it
        self.overview.setText(ins.overview.text)
        self.status.hide()
        self._show_worth(ins)
        self._show_diversity(ins)
        self._show_contact(ins)
        self._show_ties(ins)
        self._show_reciprocity(ins)
        self._show_follow_through(ins)
        self._show_quotient(ins)
        for card in self.cards:
            card.show()

    # showing people -----------------------------------------------------------------------

    def show_people(self, title: str, ids: Sequence[str], how: str = "", key: str = "") -> None:
        names = self.insights.names if self.insights else {}
        self.panel.show_people(title, ids, names, how, self._details(key))

    def _details(self, key: str) -> dict[str, str]:
        """What to say beside each name for a finding: the figure that put them there."""
        ins = self.insights
        if ins is None:
            return {}
        if key.startswith("reciprocity") or key == "quotient.reciprocity":
            return {
                b.person_id: f"gave {b.given} · received {b.received}"
                for b in ins.reciprocity.people
            }
        if key == "ties.at_risk":
            return {
                a.person_id: f"{duration(a.days)} · {a.closeness:.0%} close"
                for a in ins.ties.at_risk
            }
        if key == "ties.reconnect":
            return {c.person_id: c.field for c in ins.ties.reconnect}
        return {}

    def _row(self, finding: Finding, text: str | None = None) -> FindingRow:
        return FindingRow(finding, self.show_people, self.person_activated.emit, text=text)

    def rows(self) -> list[FindingRow]:
        return self.findChildren(FindingRow)

    def row(self, key: str) -> FindingRow:
        found = [r for r in self.rows() if r.finding.key == key and r.isVisibleTo(self)]
        if not found:
            raise LookupError(f"no finding {key!r} on the page")
        return found[0]

    # sections -----------------------------------------------------------------------------

    def _show_worth(self, ins: Insights) -> None:
        self.worth.clear()
        self._nothing: QLabel | None = None
        if not ins.highlights:
            self._nothing = muted(
                text_label(
                    "Nothing needs doing right now."
                    if ins.people
                    else "Add the people who matter to you and log a conversation; this page fills in "
                    "as your journal grows."
                )
            )
            self.worth.body.addWidget(self._nothing)
        for finding in ins.highlights:
            self.worth.body.addWidget(self._row(finding))

    def _show_weekly(self, generation: int, pick: Any) -> None:
        if generation != self.generation or pick is None or self.insights is None:
            return
        finding = Finding(
            "ties.reconnect_this_week",
            f"This week's reconnection: {pick.reason}",
            (pick.person_id,),
            "the reminder engine's one reconnection a week",
        )
        if self._nothing is not None:
            self._nothing.hide()
        self.weekly = self._row(finding)
        self.worth.body.insertWidget(0, self.weekly)
        self.weekly_loaded.emit()

    def _show_diversity(self, ins: Insights) -> None:
        from journal.gui.widgets.charts import Series

        card = self.diversity
        card.clear()
        top = QHBoxLayout()
        top.addWidget(QLabel("Show by:"))
        top.addWidget(self.dimension)
        top.addStretch(1)
        card.body.addLayout(top)
        self.dimension_text = text_label("")
        self.dimension_text.setObjectName("dimensionText")
        card.body.addWidget(self.dimension_text)
        card.body.addWidget(self.dimension_chart)
        self.dimension_chart.show()
        self._show_dimension()
        card.body.addWidget(heading("Operational, personal, strategic", 3))
        kinds = ins.by_dimension("network kind")
        card.body.addWidget(self._row(kinds.finding))
        weights = {r.label: r for r in kinds.rows}
        labels = ["Operational", "Personal", "Strategic"]
        self._kind_rows = [weights[k].people if k in weights else () for k in labels]
        shares = [weights[k].share if k in weights else 0.0 for k in labels]
        self.kind_chart.set_data(
            labels,
            [Series("People", [weights[k].weight if k in weights else 0 for k in labels])],
            tooltips=[
                f"{k}: {plural(len(p), 'person')} ({s:.0%} of the weight)"
                for k, p, s in zip(labels, self._kind_rows, shares, strict=True)
            ],
            value_labels=[f"{s:.0%}" for s in shares],
        )
        card.body.addWidget(self.kind_chart)
        self.kind_chart.show()
        others = [
            f
            for f in (
                ins.cluster.finding if ins.cluster else None,
                ins.brokerage.finding,
                *ins.flags,
            )
            if f is not None
        ]
        for finding in others:
            card.body.addWidget(self._row(finding))

    def _show_dimension(self) -> None:
        from journal.gui.widgets.charts import Series

        ins = self.insights
        if ins is None:
            return
        key = self.dimension.currentData()
        d = ins.by_dimension(key)
        self.dimension_chart.setAccessibleName(f"Active network by {key}")
        # The sentence leads; the measures behind it are for the curious, in the tooltip.
        self.dimension_text.setText(d.finding.text)
        blau = (
            f"\nNormalised Blau {d.normalised_blau:.2f} of 1 (1 = evenly spread)."
            if d.normalised_blau is not None
            else ""
        )
        self.dimension_text.setToolTip(f"How: {d.finding.how}{blau}")
        rows = [(r.label, r.people, r.weight, r.share) for r in d.rows[:CHART_ROWS]]
        rest = d.rows[CHART_ROWS:]
        if rest:
            people = tuple(p for r in rest for p in r.people)
            rows.append(
                (
                    f"{len(rest)} others",
                    people,
                    sum(r.weight for r in rest),
                    sum(r.share for r in rest),
                )
            )
        self._dimension_rows = [(label, people) for label, people, _w, _s in rows]
        self.dimension_chart.set_data(
            [r[0] for r in rows],
            [Series("People", [r[2] for r in rows])],
            tooltips=[
                f"{label}: {plural(len(people), 'person')} ({share:.0%})"
                for label, people, _w, share in rows
            ],
            value_labels=[f"{weight:g} · {share:.0%}" for _l, _p, weight, share in rows],
        )
        self.dimension_chart.setVisible(bool(rows))

    def _dimension_bar(self, index: int) -> None:
        label, people = self._dimension_rows[index]
        key = self.dimension.currentText().lower()
        self.show_people(f"Active ties with {key}: {label}", people)

    def _kind_bar(self, index: int) -> None:
        label = ("Operational", "Personal", "Strategic")[index]
        self.show_people(
            f"Active ties in your {label.lower()} network",
            self._kind_rows[index],
            "someone marked with two kinds counts half in each",
        )

    def _show_contact(self, ins: Insights) -> None:
        from journal.gui.widgets.charts import Series

        card = self.contact
        card.clear()
        months = list(ins.months)
        self._months = [m.month for m in months]
        total = sum(m.entries for m in months)
        card.body.addWidget(
            muted(
                text_label(
                    f"{plural(total, 'entry')} in the last {len(months)} months. "
                    "Choose a month to see who it was with."
                )
            )
        )
        self.month_chart.set_data(
            [_month_label(m.month) for m in months],
            [Series("Entries", [m.entries for m in months])],
            tooltips=[f"{month_text(m.month)}: {plural(m.entries, 'entry')}" for m in months],
            tick_every=3,
        )
        card.body.addWidget(self.month_chart)
        self.month_chart.show()

    def _month_bar(self, index: int) -> None:
        month = self._months[index]
        journal = self._journal
        title = f"In touch in {month_text(month)}"
        self.panel.show_people(f"{title} (looking…)", [], {})
        tasks.run(
            lambda: contacted_in_month(journal, month),
            on_done=lambda ids: self.show_people(title, ids),
            on_error=self._month_failed,
            owner=self,
        )

    def _month_failed(self, exc: BaseException) -> None:
        log.error("people in month failed", exc_info=exc)
        self.panel.show_people("Could not list that month's people; try again.", [], {})

    def _show_ties(self, ins: Insights) -> None:
        card = self.ties
        card.clear()
        t = ins.ties
        strength = next(f for f in t.findings if f.key == "ties.strength")
        card.body.addWidget(self._row(strength))
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        for c, title in enumerate(("", "In touch", "Drifting", "Dormant"), start=0):
            if title:
                label = QLabel(title)
                label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                grid.addWidget(label, 0, c)
        for r, (name, counts) in enumerate(
            (
                ("Close (inner, close)", t.strong),
                ("Wider (network, acquaintance, dormant)", t.weak),
            ),
            start=1,
        ):
            grid.addWidget(QLabel(name), r, 0)
            for c, (what, ids) in enumerate(
                (
                    ("in touch", counts.active),
                    ("drifting", counts.drifting),
                    ("dormant", counts.dormant),
                ),
                start=1,
            ):
                button = link_button(
                    str(len(ids)), f"{name}: {len(ids)} {what}", f"Show the {what} ties"
                )
                button.setObjectName(f"{'close' if r == 1 else 'wider'}_{what.replace(' ', '_')}")
                button.clicked.connect(
                    lambda _=False, n=name, w=what, i=ids: self.show_people(
                        f"{n}, {w}", i, strength.how
                    )
                )
                grid.addWidget(button, r, c)
        grid.setColumnStretch(4, 1)
        card.body.addLayout(grid)
        if t.at_risk:
            risk = next(f for f in t.findings if f.key == "ties.at_risk")
            card.body.addWidget(heading("Close ties slipping away", 3))
            card.body.addWidget(self._row(risk))
            for a in t.at_risk[:6]:
                last = (
                    f"last in touch {format_date(a.last_contact)}"
                    if a.last_contact
                    else "no contact logged"
                )
                card.body.addWidget(
                    self._row(
                        Finding(
                            "ties.at_risk.person",
                            f"{a.name} ({a.circle.label.lower()}): {duration(a.days)}, {a.ratio:.1f}× "
                            f"your rhythm, {last}; closeness now about {a.closeness:.0%}.",
                            (a.person_id,),
                            risk.how,
                        )
                    )
                )
        for f in t.findings:
            if f.key == "ties.reconnect":
                card.body.addWidget(heading("Reconnect with", 3))
                card.body.addWidget(self._row(f))
            elif f.key == "ties.unplaced":  # imported, not yet placed: what would count them
                card.body.addWidget(self._row(f))
        for reconnect in t.reconnect[:5]:
            card.body.addWidget(
                self._row(
                    Finding("ties.reconnect.person", reconnect.reason, (reconnect.person_id,))
                )
            )

    def _show_reciprocity(self, ins: Insights) -> None:
        from journal.gui.widgets.charts import Series

        card = self.reciprocity
        card.clear()
        r = ins.reciprocity
        for f in r.findings:
            card.body.addWidget(self._row(f))
        months = list(r.months)
        self._ledger_months = months
        self.legend = QLabel()
        self.legend.setObjectName("legend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self._paint_legend()
        card.body.addWidget(self.legend)
        self.ledger_chart.set_data(
            [_month_label(m.month) for m in months],
            [
                Series("Given", [m.given for m in months], "accent"),
                Series("Received", [m.received for m in months], "second"),
            ],
            tooltips=[
                f"{month_text(m.month)}: gave {m.given}, received {m.received}" for m in months
            ],
            tick_every=2,
        )
        card.body.addWidget(self.ledger_chart)
        self.ledger_chart.show()

    def _paint_legend(self) -> None:
        from journal.gui.widgets.charts import series_color

        given = series_color("accent", QApplication.palette())
        received = series_color("second", QApplication.palette())
        self.legend.setText(
            f"<span style='color:{given.name()}'>■</span> Given &nbsp; "
            f"<span style='color:{received.name()}'>■</span> Received "
            "&nbsp; (last 12 months)"
        )

    def _ledger_bar(self, index: int) -> None:
        month = self._ledger_months[index]
        self.show_people(
            f"Gave or received in {month_text(month.month)}: gave "
            f"{month.given}, received {month.received}",
            month.people,
        )

    def _show_follow_through(self, ins: Insights) -> None:
        card = self.follow
        card.clear()
        ft = ins.follow_through
        for f in ft.findings:
            card.body.addWidget(self._row(f))
        for item in ft.open[:5]:
            who = ins.names.get(item.person_id or "", "")
            card.body.addWidget(
                self._row(
                    Finding(
                        "follow_through.open.item",
                        f"Still open: {item.text} (due {item.due_on.day} {item.due_on:%b}"
                        + (f", {who})" if who else ")"),
                        (item.person_id,) if item.person_id else (),
                    )
                )
            )

    def _show_quotient(self, ins: Insights) -> None:
        card = self.quotient
        card.clear()
        q = ins.quotient
        total = heading(f"{q.total} of 280 · {q.band}", 2)
        total.setObjectName("quotientTotal")
        card.body.addWidget(total)
        for f in q.findings:
            card.body.addWidget(self._row(f))
        for item in q.items:
            card.body.addWidget(ScoreRow(item, self.show_people))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if (
            event.type() == QEvent.Type.ApplicationPaletteChange
            and self.insights is not None
            and hasattr(self, "legend")
        ):
            self._paint_legend()

    # keyboard -----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F5:
            self.reload()
            return
        super().keyPressEvent(event)


def _month_label(month: str) -> str:
    """A month under a bar, where "Jan 2025" does not fit: "Jan ’25". Everywhere else
    (tooltips, titles) a month reads as the app writes it, ``wording.month_text``."""
    day = date.fromisoformat(month + "-01")
    return f"{day:%b} ’{day:%y}"


__all__ = ["InsightsPage"]
