"""The relationship map: the user at the centre, people on rings by circle.

A thin view over ``journal.core.network_map``: the core decides who is where, in which
wedge and how faded; this widget draws it with Qt's Graphics View, lets the user filter
(tag, field, circle), colour by field or network kind, zoom and pan, click a person to
open them (``personActivated``), and export what is shown as PNG or SVG.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QPoint,
    QPointF,
    QRectF,
    QSize,
    QSizeF,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFileDialog,
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneHoverEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal.core.journal import OUTSIDE_CHANGE, Journal
from journal.core.links import FAMILY, LinkKind
from journal.core.model import Circle
from journal.core.network_map import (
    RING_BAND,
    UNKNOWN,
    MapFilter,
    MapNode,
    NetworkMap,
    build_map,
    map_options,
)
from journal.gui.pages.base import Page
from journal.gui.shell import Shell
from journal.gui.widgets.common import MenuButton, page_header, plural
from journal.gui.widgets.models import JournalEvents

#: Distinct colours that read on light and dark backgrounds (Tableau 10 and friends).
CATEGORY_COLOURS = (
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
    "#ff9da7", "#9c755f", "#86bcb6", "#d37295", "#a0cbe8", "#8cd17d", "#f1ce63",
)  # fmt: skip
UNKNOWN_COLOUR = "#9a9a9a"
#: Names on crowded rings appear once the user zooms in this far, as many as fit.
LABEL_ZOOM = 1.3
#: At most this many such names at once (the most recently contacted first).
MAX_ZOOM_LABELS = 250
PERSON_ROLE = 0  # QGraphicsItem.data key holding the node id


class _Dot(QGraphicsEllipseItem):
    """One person (or one group) on the map."""

    def __init__(self, node: MapNode, colour: QColor, edge: QColor) -> None:
        half = node.size / 2
        super().__init__(-half, -half, node.size, node.size)
        self.node = node
        self.setPos(node.x, node.y)
        fill = QColor(colour)
        fill.setAlphaF(0.25 + 0.75 * node.freshness)
        self.setBrush(QBrush(fill))
        outline = QColor(edge)
        outline.setAlphaF(0.35 + 0.65 * node.freshness)
        self.setPen(QPen(outline, 1.2 if node.is_group else 0.8))
        self.setData(PERSON_ROLE, node.id)
        self.setAcceptHoverEvents(True)
        self.setZValue(3 if node.is_group else 2)

    def _describe(self) -> str:
        node = self.node
        last = node.last_contact_at
        when = f"last in touch {last.day} {last:%b %Y}" if last else "not in touch yet"
        if node.is_group:
            return (
                f"{node.count} people in {node.category}, {node.circle.label} ring "
                f"({when}). Click to show only {node.category}."
            )
        return f"{node.label}\n{node.circle.label} · {node.category}\n{when}"

    # The tooltip and cursor are set on first hover, not for each of thousands of dots.
    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        if not self.toolTip():
            self.setToolTip(self._describe())
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setScale(1.6)
        self.setZValue(5)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.setScale(1.0)
        self.setZValue(3 if self.node.is_group else 2)


class _Occupancy:
    """Rectangles already used on screen, bucketed so a look-up checks only neighbours."""

    CELL = 48.0

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[QRectF]] = {}

    def _keys(self, rect: QRectF) -> list[tuple[int, int]]:
        x0, x1 = int(rect.left() // self.CELL), int(rect.right() // self.CELL)
        y0, y1 = int(rect.top() // self.CELL), int(rect.bottom() // self.CELL)
        return [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]

    def add(self, rect: QRectF) -> None:
        for key in self._keys(rect):
            self._cells.setdefault(key, []).append(rect)

    def hits(self, rect: QRectF) -> bool:
        return any(
            rect.intersects(other) for key in self._keys(rect) for other in self._cells.get(key, ())
        )


class MapView(QGraphicsView):
    """Zoom with the wheel or +/-, pan by dragging, click a dot."""

    nodeClicked = Signal(str)
    zoomChanged = Signal(float)

    def __init__(self, scene: QGraphicsScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._press: QPoint | None = None
        #: Keep the whole map in view as the window resizes, until the user zooms.
        self.fitted = True

    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        target = max(0.05, min(12.0, self.zoom * factor))
        factor = target / self.zoom
        self.scale(factor, factor)
        self.fitted = False
        self.zoomChanged.emit(self.zoom)

    def fit(self) -> None:
        rect = self.sceneRect()
        if not rect.isEmpty():
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
            self.fitted = True
            self.zoomChanged.emit(self.zoom)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fitted:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Zoom about the point under the pointer, which stays where it is."""
        steps = event.angleDelta().y() / 120
        if not steps:
            return
        pointer = event.position().toPoint()
        before = self.mapToScene(pointer)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.zoom_by(1.15**steps)
        centre = self.mapToScene(self.viewport().rect().center())
        self.centerOn(centre + (before - self.mapToScene(pointer)))
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        zoom = {Qt.Key.Key_Plus: 1.25, Qt.Key.Key_Equal: 1.25, Qt.Key.Key_Minus: 0.8}
        factor = zoom.get(Qt.Key(key))
        if factor:  # keys zoom about the middle of the view, not wherever the mouse is
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
            self.zoom_by(factor)
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        elif key == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        here = event.position().toPoint()
        if self._press is not None and (here - self._press).manhattanLength() >= 5:
            self.fitted = False  # the user moved the map: leave it where they put it
        if (
            self._press is not None
            and event.button() == Qt.MouseButton.LeftButton
            and (here - self._press).manhattanLength() < 5
        ):
            node_id = self.node_at(here)
            if node_id:
                self.nodeClicked.emit(node_id)
        self._press = None

    def node_at(self, point: QPoint) -> str | None:
        for item in self.items(point):
            node_id = item.data(PERSON_ROLE)
            if node_id:
                return str(node_id)
        return None


class RelationshipMap(QWidget):
    """The map page: filters above, the map, a summary line below."""

    personActivated = Signal(str)
    drawn = Signal()

    def __init__(
        self,
        journal: Journal,
        parent: QWidget | None = None,
        *,
        max_people: int | None = None,
        events: JournalEvents | None = None,
        page: bool = False,
    ) -> None:
        """``page``: part of ``MapPage``, which decides when to redraw and builds the map
        on the worker; alone (a test, a benchmark) the widget follows the journal's
        changes itself and draws at once."""
        super().__init__(parent)
        self.journal = journal
        self._max_people = max_people
        self.map: NetworkMap | None = None
        self._dots: dict[str, _Dot] = {}
        self._labels: list[QGraphicsSimpleTextItem] = []
        self._zoom_labels: list[QGraphicsSimpleTextItem] = []
        self._text_scale = 1.0
        self._legend_scale = 1.0
        self._building = False
        self._label_timer = QTimer(self, singleShot=True, interval=80)
        self._label_timer.timeout.connect(self._update_zoom_labels)

        self.scene = QGraphicsScene(self)
        self.view = MapView(self.scene, self)
        self.view.nodeClicked.connect(self._clicked)
        self.view.zoomChanged.connect(self._schedule_labels)
        self.view.horizontalScrollBar().valueChanged.connect(self._schedule_labels)
        self.view.verticalScrollBar().valueChanged.connect(self._schedule_labels)

        self.colour_by = QComboBox()
        self.colour_by.setAccessibleName("Colour by")
        self.colour_by.addItem("Colour by field", "field")
        self.colour_by.addItem("Colour by network kind", "network_kind")
        self.tag = QComboBox()
        self.tag.setAccessibleName("Tag")
        self.field = QComboBox()
        self.field.setAccessibleName("Field")
        for combo in (self.colour_by, self.tag, self.field):
            # As wide as their longest choice, never squeezed to "Colour by fielc".
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.circle_buttons: dict[Circle, QToolButton] = {}
        # Two rows: what to colour and filter by, finding and exporting on the first; the
        # rings to show on the second. One row did not fit a laptop's 1180 px.
        toolbar = QHBoxLayout()
        toolbar.addWidget(self.colour_by)
        toolbar.addWidget(self.tag)
        toolbar.addWidget(self.field)
        rings = QHBoxLayout()
        rings.addWidget(QLabel("Show:"))
        for circle in Circle:
            button = QToolButton()
            button.setText(circle.label)
            button.setCheckable(True)
            button.setChecked(True)
            button.setToolTip(f"Show the {circle.label.lower()} ring")
            button.toggled.connect(self.refresh)
            self.circle_buttons[circle] = button
            rings.addWidget(button)
        rings.addStretch(1)
        toolbar.addStretch(1)
        self.find_field = QLineEdit()
        self.find_field.setPlaceholderText("Find on the map…")
        self.find_field.setAccessibleName("Find someone on the map")
        self.find_field.setToolTip(
            "Type a name and press Enter to show them; Enter again opens them"
        )
        self.find_field.setClearButtonEnabled(True)
        self.find_field.setMaximumWidth(240)
        self.find_field.setMinimumWidth(170)  # never clipped to "Fin…" by a crowded toolbar
        self._names = QStringListModel(self)
        completer = QCompleter(self._names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.find_field.setCompleter(completer)
        self.find_field.returnPressed.connect(self._find_typed)
        toolbar.addWidget(self.find_field)
        self.found: str | None = None
        self._pinned: frozenset[str] = frozenset()
        self._marker: QGraphicsEllipseItem | None = None
        fit = QToolButton()
        fit.setText("Fit")
        fit.setToolTip("Show the whole map (0)")
        fit.clicked.connect(self.view.fit)
        toolbar.addWidget(fit)
        export = MenuButton("Export")
        export.setObjectName("mapExport")
        export.setToolTip("Save the map as PNG or SVG")
        menu = QMenu(export)
        menu.addAction("As PNG image…", lambda: self._ask_export("png"))
        menu.addAction("As SVG drawing…", lambda: self._ask_export("svg"))
        export.setMenu(menu)
        toolbar.addWidget(export)
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(toolbar)
        layout.addLayout(rings)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)

        refresh = QAction(
            "Refresh map", self, shortcut=QKeySequence(QKeySequence.StandardKey.Refresh)
        )
        refresh.triggered.connect(self.refresh)
        self.addAction(refresh)
        for combo in (self.colour_by, self.tag, self.field):
            combo.currentIndexChanged.connect(self.refresh)
        # Filled before the first show (a quick read), so the toolbar is laid out with
        # its choices; each load fills them again.
        self._fill_filters(map_options(journal))
        if page:
            return
        # Changes arrive on the GUI thread whichever thread made them (JournalEvents).
        if events is None:
            events = JournalEvents(journal, self)
            self.destroyed.connect(events.detach)
        events.changed.connect(self._journal_changed)
        self.refresh()

    # -- filters ---------------------------------------------------------------------------

    def _fill_filters(self, options: tuple[list[str], list[str]]) -> None:
        tags, fields = options
        for combo, everything, values in (
            (self.tag, "All tags", tags),
            (self.field, "All fields", [*fields, UNKNOWN]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for value in values:
                combo.addItem(value, value)
            index = combo.findData(current)
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)

    def current_filter(self) -> MapFilter:
        circles = frozenset(c for c, b in self.circle_buttons.items() if b.isChecked())
        spec = MapFilter(
            tag=self.tag.currentData(),
            field=self.field.currentData(),
            circles=None if len(circles) == len(Circle) else circles,
            colour_by=self.colour_by.currentData(),
        )
        if self._max_people is not None:
            spec = replace(spec, max_people=self._max_people)
        return replace(spec, pinned=self._pinned)

    def show_field(self, field: str | None) -> None:
        self.field.setCurrentIndex(max(0, self.field.findData(field)))

    def _journal_changed(self, kind: str, ids: object) -> None:
        """Alone (not in ``MapPage``, which waits until it is shown): redraw at once."""
        if kind not in MapPage.SHOWS | {OUTSIDE_CHANGE} or self._building:
            return
        self._fill_filters(map_options(self.journal))
        self.refresh()

    # -- drawing -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Ask the core for the map and draw it (a filter changed: at once)."""
        if self._building:
            return
        self.show_map(build_map(self.journal, self.current_filter()))

    def show_map(self, data: NetworkMap) -> None:
        """Draw a map the core built."""
        if self._building:
            return
        self._building = True
        try:
            self.map = data
            self._draw(self.map)
            self.drawn.emit()
            self._names.setStringList(sorted(set(self.map.names.values()), key=str.casefold))
        finally:
            self._building = False

    def show_built(self, built: BuiltMap) -> None:
        """What ``MapPage`` loaded on the worker: the filters' choices and the map."""
        self._fill_filters(built.options)
        if self.current_filter() != built.spec:  # a tag or field chosen is gone
            self.refresh()
            return
        self.show_map(built.map)

    def _colours(self) -> dict[str, QColor]:
        assert self.map is not None
        colours: dict[str, QColor] = {}
        index = 0
        for category, _n in self.map.categories:
            if category == UNKNOWN:
                colours[category] = QColor(UNKNOWN_COLOUR)
            else:
                colours[category] = QColor(CATEGORY_COLOURS[index % len(CATEGORY_COLOURS)])
                index += 1
        return colours

    def _readable_scale(self, data: NetworkMap) -> float:
        """How much to enlarge names and the legend so they read at the zoom that fits
        the whole map in the window (a map of 13 people is drawn far smaller than 1:1):
        about the body font on screen, at most four times larger in the scene."""
        if not data.rings:
            return 1.0
        radius = max(r + RING_BAND[c] / 2 for c, r in data.rings)
        viewport = self.view.viewport().size()
        width, height = max(viewport.width(), 400), max(viewport.height(), 300)
        # A crowded map keeps smaller names (they would cover each other); zooming in
        # shows the rest at a fixed screen size.
        labelled = sum(1 for n in data.nodes if n.labelled)
        most = 4.0 if labelled <= 25 else 2.5 if labelled <= 60 else 1.6
        scale = 1.0
        for _ in range(3):  # the legend's width grows with the scale it is drawn at
            zoom = min(width / (2 * radius + 300 + 420 * scale), height / (2 * radius + 60))
            scale = max(1.0, min(4.0, 0.95 / zoom))
        self._legend_scale = min(scale, 2.5)
        return min(scale, most)

    def _draw(self, data: NetworkMap) -> None:
        scene = self.scene
        scene.clear()
        self._dots.clear()
        self._labels.clear()
        self._zoom_labels.clear()
        self._marker = None
        self.found = None
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        scene.setBackgroundBrush(base)
        ring_pen = QPen(palette.color(QPalette.ColorRole.Mid), 1.0, Qt.PenStyle.DashLine)
        ring_pen.setCosmetic(True)
        band_colour = QColor(palette.color(QPalette.ColorRole.AlternateBase))
        colours = self._colours()
        self._text_scale = self._readable_scale(data)
        self._draw_rings(data, ring_pen, band_colour, text)
        self._draw_wedges(data, colours)
        self._draw_edges(data, text)
        for node in data.nodes:
            dot = _Dot(node, colours.get(node.category, QColor(UNKNOWN_COLOUR)), text)
            scene.addItem(dot)
            self._dots[node.id] = dot
            if node.is_group:
                self._add_count(dot, text)
            elif node.labelled:
                self._add_label(node, text)
        you_scale = min(self._text_scale, 2.5)  # "You" reads at the default zoom too
        r = 14 * you_scale
        you = scene.addEllipse(
            -r,
            -r,
            2 * r,
            2 * r,
            QPen(text, 1.5),
            QBrush(palette.color(QPalette.ColorRole.Highlight)),
        )
        you.setZValue(4)
        label = scene.addSimpleText("You")
        you_font = QFont(label.font())
        you_font.setPointSizeF(you_font.pointSizeF() * you_scale)
        label.setFont(you_font)
        label.setBrush(palette.color(QPalette.ColorRole.HighlightedText))
        label.setPos(-label.boundingRect().width() / 2, -label.boundingRect().height() / 2)
        label.setZValue(5)
        self._draw_legend(data, colours, text)
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-30, -30, 30, 30))
        if self.view.fitted:  # a redraw keeps where the user zoomed to
            self.view.fit()
        self._summarise(data)

    def _draw_rings(self, data: NetworkMap, pen: QPen, band: QColor, text: QColor) -> None:
        band.setAlphaF(0.55)
        for circle, radius in data.rings:
            width = RING_BAND[circle]
            outer = radius + width / 2
            inner = max(0.0, radius - width / 2)
            ring = QGraphicsEllipseItem(-outer, -outer, outer * 2, outer * 2)
            ring.setPen(QPen(Qt.PenStyle.NoPen))
            ring.setBrush(band)
            ring.setZValue(-3)
            self.scene.addItem(ring)
            hole = QGraphicsEllipseItem(-inner, -inner, inner * 2, inner * 2)
            hole.setPen(QPen(Qt.PenStyle.NoPen))
            hole.setBrush(self.scene.backgroundBrush())
            hole.setZValue(-3)
            self.scene.addItem(hole)
            line = self.scene.addEllipse(-radius, -radius, radius * 2, radius * 2, pen)
            line.setZValue(-2)
            name = self.scene.addSimpleText(circle.label)
            font = QFont(name.font())
            # Enlarged like the names (a small map is drawn far below 1:1), or the rings'
            # names were 5 px high at the default zoom.
            font.setPointSizeF(font.pointSizeF() * 1.1 * min(self._text_scale, 2.5))
            name.setFont(font)
            muted = QColor(text)
            muted.setAlphaF(0.7)
            name.setBrush(muted)
            width, height = name.boundingRect().width(), name.boundingRect().height()
            name.setPos(-width / 2, -radius - height / 2)
            name.setZValue(-1)
            # The name sits on its ring, in the slot the layout keeps free at the top.
            plate = self.scene.addRect(
                QRectF(-width / 2 - 4, -radius - height / 2, width + 8, height),
                QPen(Qt.PenStyle.NoPen),
                self.scene.backgroundBrush(),
            )
            plate.setZValue(-1.5)

    def _draw_wedges(self, data: NetworkMap, colours: dict[str, QColor]) -> None:
        """Faint spokes between wedges, so each field's sector reads as one."""
        if len(data.wedges) < 2 or not data.rings:
            return
        outer = max(r for _c, r in data.rings) + 60
        for category, (start, _end) in data.wedges.items():
            colour = QColor(colours.get(category, QColor(UNKNOWN_COLOUR)))
            colour.setAlphaF(0.35)
            spoke = self.scene.addLine(
                70 * math.cos(start),
                70 * math.sin(start),
                outer * math.cos(start),
                outer * math.sin(start),
                QPen(colour, 1.0, Qt.PenStyle.DotLine),
            )
            spoke.setZValue(-2)

    def _draw_edges(self, data: NetworkMap, text: QColor) -> None:
        family = QColor("#d37295")
        work = QColor(text)
        index = {n.id: n for n in data.nodes}
        for edge in data.edges:
            first, second = index.get(edge.a), index.get(edge.b)
            if first is None or second is None:
                continue
            colour = QColor(family if edge.kind in FAMILY else work)
            colour.setAlphaF(0.4 if edge.kind in FAMILY else 0.11)
            # Lines keep their width on screen when zooming in, so a zoomed map stays
            # about the people, not the wires.
            pen = QPen(colour, 1.1 if edge.kind in FAMILY else 0.7)
            pen.setCosmetic(True)
            if edge.kind is LinkKind.INTRODUCED:
                pen.setStyle(Qt.PenStyle.DashLine)
            line = QGraphicsLineItem(first.x, first.y, second.x, second.y)
            line.setPen(pen)
            line.setZValue(0)
            line.setToolTip(f"{first.label} – {second.label}: {edge.kind.label.lower()}")
            self.scene.addItem(line)

    def _add_count(self, dot: _Dot, text: QColor) -> None:
        """A group shows how many it holds; its colour (and tooltip) say which field."""
        count = QGraphicsSimpleTextItem(str(dot.node.count), dot)
        font = QFont(count.font())
        font.setPointSizeF(max(5.0, min(11.0, dot.node.size / 3.2)))
        font.setBold(True)
        count.setFont(font)
        count.setBrush(
            QColor("#111111")
            if QColor(dot.brush().color()).lightnessF() > 0.55
            else QColor("#ffffff")
        )
        box = count.boundingRect()
        count.setPos(-box.width() / 2, -box.height() / 2)
        count.setAcceptHoverEvents(False)

    def _add_label(self, node: MapNode, text: QColor) -> None:
        """A name along the spoke from the centre, outwards, so neighbours never overlap;
        on the left half it is turned round to read left to right."""
        label = QGraphicsSimpleTextItem(node.label)
        font = QFont(label.font())
        scale = {Circle.INNER: 1.0, Circle.CLOSE: 0.9}.get(node.circle, 0.8)
        scale *= self._text_scale
        font.setPointSizeF(font.pointSizeF() * (0.95 if node.is_group else scale))
        font.setBold(node.is_group)
        label.setFont(font)
        colour = QColor(text)
        colour.setAlphaF(0.45 + 0.55 * node.freshness)
        label.setBrush(colour)
        width, height = label.boundingRect().width(), label.boundingRect().height()
        angle = math.degrees(math.atan2(node.y, node.x))
        gap = node.size / 2 + 3
        # Built as one matrix: chaining QTransform's in-place calls trips a PySide6
        # reference-count bug (a crash while freeing None).
        flip = node.x < 0
        turn = math.radians(angle + 180 if flip else angle)
        dx, dy = (-gap - width if flip else gap), -height / 2
        cos, sin = math.cos(turn), math.sin(turn)
        label.setTransform(
            QTransform(cos, sin, -sin, cos, dx * cos - dy * sin, dx * sin + dy * cos)
        )
        label.setPos(node.x, node.y)
        label.setZValue(1)
        self.scene.addItem(label)
        self._labels.append(label)

    def _schedule_labels(self, *_args: object) -> None:
        self._label_timer.start()

    def _update_zoom_labels(self) -> None:
        """Names for the crowded rings, once zoomed in: only those that fit without
        covering another, the most recently contacted first, at a fixed screen size."""
        for label in self._zoom_labels:
            self.scene.removeItem(label)
        self._zoom_labels.clear()
        if self.map is None or self.view.zoom < LABEL_ZOOM:
            return
        visible = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        candidates = [
            item
            for item in self.scene.items(visible)
            if isinstance(item, _Dot) and not item.node.labelled
        ]
        candidates.sort(key=lambda d: -d.node.freshness)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 0.85)
        metrics = QFontMetricsF(font)
        colour = self.palette().color(QPalette.ColorRole.Text)
        zoom = self.view.zoom
        taken = _Occupancy()
        for d in candidates:
            half = d.node.size * zoom / 2
            taken.add(
                QRectF(
                    self.view.mapFromScene(d.scenePos()).toPointF() - QPointF(half, half),
                    QSizeF(half * 2, half * 2),
                )
            )
        for dot in candidates:
            if len(self._zoom_labels) >= MAX_ZOOM_LABELS:
                break
            node = dot.node
            corner = self.view.mapFromScene(dot.scenePos()).toPointF()
            rect = QRectF(
                corner.x() + node.size * zoom / 2 + 3,
                corner.y() - metrics.height() / 2,
                metrics.horizontalAdvance(node.label),
                metrics.height(),
            )
            if taken.hits(rect):
                continue
            taken.add(rect)
            label = QGraphicsSimpleTextItem(node.label)
            label.setFont(font)
            faded = QColor(colour)
            faded.setAlphaF(0.5 + 0.5 * node.freshness)
            label.setBrush(faded)
            label.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            label.setPos(self.view.mapToScene(rect.topLeft().toPoint()))
            label.setZValue(4)
            self.scene.addItem(label)
            self._zoom_labels.append(label)

    def _draw_legend(self, data: NetworkMap, colours: dict[str, QColor], text: QColor) -> None:
        if not data.rings:
            return
        # Clear of the names drawn outwards from the outer ring.
        x = max(r + RING_BAND[c] / 2 for c, r in data.rings) + 60 + 150 * self._legend_scale
        y = -max(r for _c, r in data.rings)
        title = self.scene.addSimpleText(
            "Fields" if self.colour_by.currentData() == "field" else "Network kinds"
        )
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.1 * self._legend_scale)
        plain = QFont(font)
        font.setBold(True)
        title.setFont(font)
        title.setBrush(text)
        title.setPos(x, y)
        y += title.boundingRect().height() + 6
        box = 14 * self._legend_scale
        for category, count in data.categories[:16]:
            swatch = QGraphicsRectItem(x, y + 3, box, box)
            swatch.setBrush(colours[category])
            swatch.setPen(QPen(Qt.PenStyle.NoPen))
            self.scene.addItem(swatch)
            label = self.scene.addSimpleText(f"{category} ({count})", plain)
            label.setBrush(text)
            label.setPos(x + box + 6, y)
            y += label.boundingRect().height() + 4
        y += 10
        for words in (
            "Fainter: longer since you were in touch",
            "Pink lines: family · dashed: introductions",
        ):
            hint = self.scene.addSimpleText(words, plain)
            muted = QColor(text)
            muted.setAlphaF(0.7)
            hint.setBrush(muted)
            hint.setPos(x, y)
            y += hint.boundingRect().height() + 4

    def _summarise(self, data: NetworkMap) -> None:
        if not data.people:
            self.summary.setText(
                "No one matches these filters. Choose “All tags” and "
                "“All fields”, or turn the rings back on."
            )
            return
        parts = [plural(data.people, "person")]
        if data.grouped:
            groups = sum(1 for n in data.nodes if n.is_group)
            parts.append(
                f"{data.grouped} shown in {groups} groups (click a group to see its field)"
            )
        parts.append(plural(len(data.edges), "link"))
        self.summary.setText(
            " · ".join(parts) + ". Click someone to open them; scroll to "
            "zoom, drag to move, 0 to fit."
        )

    # -- interaction ---------------------------------------------------------------------------

    def _clicked(self, node_id: str) -> None:
        dot = self._dots.get(node_id)
        if dot is None:
            return
        if dot.node.person_id:
            self.personActivated.emit(dot.node.person_id)
        elif self.colour_by.currentData() == "field":
            self.show_field(dot.node.category)
        else:
            self.colour_by.setCurrentIndex(0)

    def _find_typed(self) -> None:
        text = self.find_field.text().strip().casefold()
        if not text or self.map is None:
            return
        names = self.map.names
        if self.found and names.get(self.found, "").casefold() == text:
            self.personActivated.emit(self.found)  # Enter again: open them
            return
        exact = [pid for pid, name in names.items() if name.casefold() == text]
        partial = [pid for pid, name in names.items() if text in name.casefold()]
        choice = next(iter(exact or partial), None)
        if choice is None:
            self.summary.setText(
                f"No one called “{self.find_field.text().strip()}” is on the map with these filters."
            )
            return
        self.show_person(choice)

    def show_person(self, person_id: str) -> None:
        """Centre the map on someone and mark them (opening their group if need be)."""
        if self.map is None:
            return
        if person_id in self.map.group_of:  # inside a group: draw them as a dot
            self._pinned = frozenset({person_id})
            self.refresh()
        dot = self._dots.get(person_id)
        if dot is None:
            return
        self.found = person_id
        if self._marker is not None and self._marker.scene() is self.scene:
            self.scene.removeItem(self._marker)
        size = dot.node.size * 2.6
        self._marker = self.scene.addEllipse(
            -size / 2,
            -size / 2,
            size,
            size,
            QPen(self.palette().color(QPalette.ColorRole.Highlight), 2.5),
        )
        self._marker.setPos(dot.scenePos())
        self._marker.setZValue(6)
        if self.view.zoom < 2.0:
            self.view.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
            self.view.zoom_by(2.0 / self.view.zoom)
            self.view.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.view.centerOn(dot)
        self._schedule_labels()
        self.summary.setText(f"{dot.node.label}: press Enter again or click to open.")

    def point_of(self, person_id: str) -> QPoint:
        """Where a person's dot is, in the view's viewport (for keyboard-less users and
        tests: what a mouse would click)."""
        dot = self._dots[person_id]
        return self.view.mapFromScene(dot.scenePos())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.map is not None:
            self._draw(self.map)

    # -- export ----------------------------------------------------------------------------------

    def _ask_export(self, kind: str) -> None:
        suffix = {"png": "PNG image (*.png)", "svg": "SVG drawing (*.svg)"}[kind]
        path, _ = QFileDialog.getSaveFileName(
            self, "Export the map", f"relationship-map.{kind}", suffix
        )
        if path:
            (self.export_png if kind == "png" else self.export_svg)(Path(path))

    def _export_rect(self) -> QRectF:
        return self.scene.itemsBoundingRect().adjusted(-20, -20, 20, 20)

    def export_png(self, path: Path, scale: float = 2.0) -> None:
        """The whole map (not just what is scrolled into view), at ``scale`` pixels a unit."""
        rect = self._export_rect()
        size = QSize(int(rect.width() * scale), int(rect.height() * scale))
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(self.scene.backgroundBrush().color())
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.scene.render(painter, QRectF(QPointF(0, 0), size.toSizeF()), rect)
        painter.end()
        # PySide's stub says the format is bytes; at run time only str is accepted.
        if not image.save(str(path), "PNG"):  # type: ignore[call-overload]
            raise OSError(f"Could not write {path}")

    def export_svg(self, path: Path) -> None:
        rect = self._export_rect()
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(rect.size().toSize())
        generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
        generator.setTitle("Relationship map")
        generator.setDescription("Exported from Rapport")
        painter = QPainter(generator)
        painter.fillRect(QRectF(0, 0, rect.width(), rect.height()), self.scene.backgroundBrush())
        self.scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        painter.end()


@dataclass(frozen=True)
class BuiltMap:
    """One load of the Map page (made on the worker)."""

    spec: MapFilter
    options: tuple[list[str], list[str]]
    map: NetworkMap


class MapPage(Page):
    """The map as a page of the main window, made the first time it is shown (so the
    window opens as fast with 10,000 people as with 10) and built on the worker: laying
    out thousands of people takes a while."""

    SHOWS = frozenset({"person", "entry", "trash"})

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(shell, parent)
        self.setObjectName("mapPage")
        self._shell = shell
        self.map: RelationshipMap | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 10)
        top, self.count = page_header("Map", "mapCount")
        layout.addLayout(top)
        layout.addWidget(self.load_message)
        self._layout = layout

    def _made(self) -> RelationshipMap:
        if self.map is None:
            self.map = RelationshipMap(self._shell.journal, self, page=True)
            self.map.personActivated.connect(self._shell.open_person)
            if (map_layout := self.map.layout()) is not None:
                map_layout.setContentsMargins(0, 0, 0, 0)
            self._layout.addWidget(self.map, 1)
            self.map.drawn.connect(self._count)
        return self.map

    def request(self) -> MapFilter:
        return self._made().current_filter()

    def load(self, spec: MapFilter) -> BuiltMap:
        return BuiltMap(spec, map_options(self.journal), build_map(self.journal, spec))

    def show_data(self, built: BuiltMap) -> None:
        self._made().show_built(built)

    def _count(self) -> None:
        if self.map is not None and self.map.map is not None:
            self.count.setText(plural(self.map.map.people, "person", "people"))
