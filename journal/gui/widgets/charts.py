"""Bar charts for the Insights screen, drawn with pyqtgraph, in the palette's colours.

pyqtgraph draws on Qt's own graphics view (QtCharts is not in PySide6-Essentials), so
the charts are native widgets: they take the palette's text, base and highlight colours,
follow a switch between light and dark, and take clicks and keys like any widget.

A chart shows categories (fields, months) with one or two series of bars. Clicking a
bar, or moving to it with the arrow keys and pressing Enter, emits ``bar_clicked`` with
the category's index, so the page can show the people behind it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyqtgraph as pg
from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFocusEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QSizePolicy, QToolTip, QWidget

#: Bars fill this share of their slot; two series split it.
BAR_SHARE = 0.68
LABEL_CHARS = 24
AXIS_WIDTH = 150


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]
    #: "accent" (the palette's highlight) or "second" (a warm colour that reads on both).
    role: str = "accent"


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def series_color(role: str, palette: QPalette | None = None) -> QColor:
    palette = palette or QApplication.palette()
    if role == "second":
        return QColor("#f0a35e") if is_dark(palette) else QColor("#b85411")
    if role == "muted":
        return palette.color(QPalette.ColorRole.PlaceholderText)
    return palette.color(QPalette.ColorRole.Highlight)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


class BarChart(pg.PlotWidget):  # type: ignore[misc]  # pyqtgraph ships no types
    """Horizontal bars (categories down the side) or vertical bars (along the bottom)."""

    bar_clicked = Signal(int)

    def __init__(self, *, horizontal: bool, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent, background=None)
        self.horizontal = horizontal
        self.setObjectName(name)
        self.setAccessibleName(name)
        self.labels: list[str] = []
        self.series: list[Series] = []
        self.tooltips: list[str] = []
        self.value_labels: list[str] = []
        self.tick_every = 1
        self.current: int | None = None
        self._bars: list[pg.BarGraphItem] = []
        self._texts: list[pg.TextItem] = []
        self._outline: pg.BarGraphItem | None = None
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        self.viewport().installEventFilter(self)
        item.vb.setDefaultPadding(0.0)
        if horizontal:
            item.vb.invertY(True)  # the biggest first, at the top
            item.hideAxis("bottom")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scene().sigMouseClicked.connect(self._clicked)
        self.scene().sigMouseMoved.connect(self._hovered)
        self._ready = True
        self._restyle()

    # data -------------------------------------------------------------------------------

    def set_data(
        self,
        labels: Sequence[str],
        series: Sequence[Series],
        *,
        tooltips: Sequence[str] = (),
        value_labels: Sequence[str] = (),
        tick_every: int = 1,
    ) -> None:
        """Show ``labels`` with one bar per series each; hovering shows ``tooltips[i]``,
        and ``value_labels[i]`` is written at the end of a horizontal bar."""
        self.labels = list(labels)
        self.series = list(series)
        self.tooltips = list(tooltips)
        self.value_labels = list(value_labels)
        self.tick_every = max(1, tick_every)
        self.current = None
        n = len(self.labels)
        if self.horizontal:
            self.setFixedHeight(max(70, 30 * n + 16))
        self._draw()
        self.setAccessibleDescription("; ".join(self.tooltips or self.labels))

    def _draw(self) -> None:
        item = self.getPlotItem()
        for old in [*self._bars, *self._texts]:
            item.removeItem(old)
        if self._outline is not None:
            item.removeItem(self._outline)
            self._outline = None
        self._bars, self._texts = [], []
        n = len(self.labels)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        width = BAR_SHARE / max(1, len(self.series))
        peak = max((v for s in self.series for v in s.values), default=0) or 1
        for k, s in enumerate(self.series):
            offset = (k - (len(self.series) - 1) / 2) * width
            positions = [i + offset for i in range(n)]
            color = series_color(s.role, palette)
            if self.horizontal:
                bar = pg.BarGraphItem(
                    x0=0,
                    y=positions,
                    height=width,
                    width=list(s.values),
                    brush=color,
                    pen=pg.mkPen(None),
                )
            else:
                bar = pg.BarGraphItem(
                    x=positions, height=list(s.values), width=width, brush=color, pen=pg.mkPen(None)
                )
            item.addItem(bar)
            self._bars.append(bar)
        if self.horizontal:
            for i, label in enumerate(self.value_labels[:n]):
                value = max(s.values[i] for s in self.series) if self.series else 0
                t = pg.TextItem(label, color=text, anchor=(0, 0.5))
                t.setPos(value + peak * 0.02, i)
                item.addItem(t)
                self._texts.append(t)
            item.getAxis("left").setWidth(AXIS_WIDTH)  # charts stacked line up
            item.setXRange(0, peak * 1.32, padding=0)
            item.setYRange(-0.5, max(n, 1) - 0.5, padding=0)
            ticks = [(i, _short(label)) for i, label in enumerate(self.labels)]
            item.getAxis("left").setTicks([ticks, []])
        else:
            # A little room either side so the first and last month labels fit.
            item.setXRange(-0.9, max(n, 1) - 0.1, padding=0)
            item.setYRange(0, peak * 1.12, padding=0)
            ticks = [(i, label) for i, label in enumerate(self.labels) if i % self.tick_every == 0]
            item.getAxis("bottom").setTicks([ticks, []])
        self._mark_current()

    # palette ----------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if not getattr(self, "_ready", False):
            return  # pyqtgraph changes the palette while it is being built
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._restyle()
            self._draw()

    def _restyle(self) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        self.setBackground(palette.color(QPalette.ColorRole.Base))
        for name in ("left", "bottom"):
            axis = self.getPlotItem().getAxis(name)
            axis.setTextPen(pg.mkPen(text))
            axis.setPen(pg.mkPen(palette.color(QPalette.ColorRole.Mid)))
            axis.setStyle(tickFont=self.font(), tickLength=0 if self.horizontal else 4)

    # clicks, hovering and keys ----------------------------------------------------------

    def category_at(self, scene_pos: QPointF) -> int | None:
        vb = self.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(scene_pos):
            return None
        point = vb.mapSceneToView(scene_pos)
        index = round(point.y() if self.horizontal else point.x())
        return index if 0 <= index < len(self.labels) else None

    def bar_point(self, index: int) -> QPoint:
        """Where the middle of category ``index``'s bars is, in viewport coordinates."""
        peak = max((s.values[index] for s in self.series), default=0)
        middle = (
            QPointF(max(peak, 0) / 2, index)
            if self.horizontal
            else QPointF(index, max(peak, 0) / 2)
        )
        scene = self.getPlotItem().vb.mapViewToScene(middle)
        point: QPoint = self.mapFromScene(scene)
        return point

    def _clicked(self, event: MouseClickEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        index = self.category_at(event.scenePos())
        if index is not None:
            self.current = index
            self._mark_current()
            self.bar_clicked.emit(index)

    def _hovered(self, scene_pos: QPointF) -> None:
        index = self.category_at(scene_pos)
        if index is not None and index < len(self.tooltips):
            QToolTip.showText(QCursor.pos(), self.tooltips[index], self)
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.unsetCursor()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The wheel scrolls the page the chart sits on (the charts neither zoom nor
        pan), so the page never stops scrolling under the pointer."""
        if watched is self.viewport() and event.type() == QEvent.Type.Wheel:
            parent = self.parentWidget()
            while parent is not None and not isinstance(parent, QAbstractScrollArea):
                parent = parent.parentWidget()
            if parent is not None:
                QApplication.sendEvent(parent.viewport(), event)
            return True
        handled: bool = super().eventFilter(watched, event)  # (pyqtgraph: untyped)
        return handled

    def keyPressEvent(self, event: QKeyEvent) -> None:
        n = len(self.labels)
        forward = (Qt.Key.Key_Down, Qt.Key.Key_Right)
        back = (Qt.Key.Key_Up, Qt.Key.Key_Left)
        if n and event.key() in forward + back:
            step = 1 if event.key() in forward else -1
            start = -1 if self.current is None and step == 1 else (self.current or 0)
            self.current = min(n - 1, max(0, start + step))
            self._mark_current()
            if self.current < len(self.tooltips):
                QToolTip.showText(
                    self.mapToGlobal(self.bar_point(self.current)),
                    self.tooltips[self.current],
                    self,
                )
            return
        if (
            n
            and self.current is not None
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
        ):
            self.bar_clicked.emit(self.current)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._mark_current()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._mark_current()

    def _mark_current(self) -> None:
        """Outline the chosen category, so keyboard users see where they are."""
        item = self.getPlotItem()
        if self._outline is not None:
            item.removeItem(self._outline)
            self._outline = None
        if self.current is None or not self.hasFocus() or not self.labels:
            return
        peak = max((v for s in self.series for v in s.values), default=0) or 1
        pen = pg.mkPen(self.palette().color(QPalette.ColorRole.WindowText), width=2)
        if self.horizontal:
            value = max(s.values[self.current] for s in self.series)
            outline = pg.BarGraphItem(
                x0=0,
                y=[self.current],
                height=BAR_SHARE + 0.1,
                width=[max(value, peak * 0.02)],
                brush=None,
                pen=pen,
            )
        else:
            value = max(s.values[self.current] for s in self.series)
            outline = pg.BarGraphItem(
                x=[self.current],
                height=[max(value, peak * 0.02)],
                width=BAR_SHARE + 0.1,
                brush=None,
                pen=pen,
            )
        item.addItem(outline)
        self._outline = outline
