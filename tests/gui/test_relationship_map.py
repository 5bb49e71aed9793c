"""The relationship map widget, driven as a user would: click, filter, zoom, export."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QWheelEvent
from PySide6.QtWidgets import QApplication, QGraphicsSimpleTextItem, QToolButton

from journal.core import links, sample
from journal.core.model import Circle, Person
from journal.gui.pages.map import RelationshipMap
from tests.gui.helpers import person_shown


def wheel(target, pos: QPoint, delta: int) -> None:
    event = QWheelEvent(
        QPointF(pos),
        QPointF(target.mapToGlobal(pos)),
        QPoint(0, 0),
        QPoint(0, delta),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(target, event)


def make_map(qtbot, journal, **kwargs) -> RelationshipMap:
    widget = RelationshipMap(journal, **kwargs)
    qtbot.addWidget(widget)
    widget.resize(1000, 760)
    widget.show()
    qtbot.waitExposed(widget)
    widget.view.fit()
    return widget


def test_open_the_map_and_click_a_person(qtbot, journal):
    sample.populate(journal, sample.SampleSpec(people=60, entries=200))
    kofi = journal.add_person(Person("Kofi Mensah", field="Software", circle=Circle.CLOSE))
    widget = make_map(qtbot, journal)
    assert "61 people" in widget.summary.text()

    with qtbot.waitSignal(widget.personActivated, timeout=2000) as opened:
        qtbot.mouseClick(
            widget.view.viewport(), Qt.MouseButton.LeftButton, pos=widget.point_of(kofi.id)
        )
    assert opened.args == [kofi.id]


def test_dragging_pans_instead_of_opening(qtbot, journal):
    ana = journal.add_person(Person("Ana Lima", circle=Circle.INNER))
    widget = make_map(qtbot, journal)
    opened: list[str] = []
    widget.personActivated.connect(opened.append)
    start = widget.point_of(ana.id)
    qtbot.mousePress(widget.view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(widget.view.viewport(), start + type(start)(60, 40))
    qtbot.mouseRelease(
        widget.view.viewport(), Qt.MouseButton.LeftButton, pos=start + type(start)(60, 40)
    )
    assert opened == []


def test_filters_change_who_is_drawn(qtbot, journal):
    journal.add_people(
        [
            Person("Ana Lima", field="Food", circle=Circle.INNER, tags=["founders"]),
            Person("Kofi Mensah", field="Software", circle=Circle.NETWORK, tags=["founders"]),
            Person("Mei Chen", field="Software", circle=Circle.CLOSE),
        ]
    )
    widget = make_map(qtbot, journal)

    def drawn() -> list[str]:
        return sorted(n.label for n in widget.map.nodes)

    assert drawn() == ["Ana Lima", "Kofi Mensah", "Mei Chen"]
    widget.field.setCurrentIndex(widget.field.findText("Software"))
    assert drawn() == ["Kofi Mensah", "Mei Chen"]
    widget.field.setCurrentIndex(0)
    widget.tag.setCurrentIndex(widget.tag.findText("founders"))
    assert drawn() == ["Ana Lima", "Kofi Mensah"]
    network = next(b for b in widget.findChildren(QToolButton) if b.text() == "Network")
    qtbot.mouseClick(network, Qt.MouseButton.LeftButton)  # hide the network ring
    assert drawn() == ["Ana Lima"]
    widget.tag.setCurrentIndex(0)
    for button in widget.circle_buttons.values():
        button.setChecked(False)
    assert drawn() == []
    assert "No one matches" in widget.summary.text()


def test_clicking_a_group_shows_its_field(qtbot, journal):
    journal.add_people(
        [Person(f"Dev {i}", field="Software", circle=Circle.ACQUAINTANCE) for i in range(30)]
        + [Person("Ana Lima", field="Food", circle=Circle.INNER)]
    )
    widget = make_map(qtbot, journal, max_people=5)
    group = next(n for n in widget.map.nodes if n.is_group)
    assert group.count == 26 and group.category == "Software"
    qtbot.mouseClick(
        widget.view.viewport(), Qt.MouseButton.LeftButton, pos=widget.point_of(group.id)
    )
    assert widget.field.currentText() == "Software"


def test_new_people_and_links_appear_without_reopening(qtbot, journal):
    ana = journal.add_person(Person("Ana Lima", circle=Circle.INNER))
    widget = make_map(qtbot, journal)
    leo = journal.add_person(Person("Leo Lima", circle=Circle.CLOSE))
    links.add_link(journal, leo.id, "son", ana.id)
    assert sorted(n.label for n in widget.map.nodes) == ["Ana Lima", "Leo Lima"]
    assert len(widget.map.edges) == 1
    assert "1 link." in widget.summary.text()


def test_zooming_in_names_the_crowded_rings(qtbot, journal):
    journal.add_people(
        [
            Person(f"Acquaintance {i:03d}", circle=Circle.ACQUAINTANCE, field="Software")
            for i in range(400)
        ]
    )
    widget = make_map(qtbot, journal)
    assert not any(n.labelled for n in widget.map.nodes)  # too crowded for names
    assert widget._zoom_labels == []
    someone = widget.point_of(widget.map.nodes[0].id)
    for _ in range(12):  # the mouse wheel zooms in about the pointer
        wheel(widget.view.viewport(), someone, 120)
    qtbot.waitUntil(lambda: len(widget._zoom_labels) > 0, timeout=2000)
    shown = [label.text() for label in widget._zoom_labels]
    assert all(text.startswith("Acquaintance") for text in shown)
    qtbot.keyClick(widget.view, Qt.Key.Key_0)  # fit again: the names go away
    qtbot.waitUntil(lambda: widget._zoom_labels == [], timeout=2000)


def test_export_png_and_svg(qtbot, journal, tmp_path):
    journal.add_people(
        [
            Person("Ana Lima", field="Food", circle=Circle.INNER),
            Person("Kofi Mensah", field="Software", circle=Circle.CLOSE),
        ]
    )
    widget = make_map(qtbot, journal)
    widget.export_png(tmp_path / "map.png")
    widget.export_svg(tmp_path / "map.svg")

    image = QImage(str(tmp_path / "map.png"))
    assert image.width() > 1000 and image.height() > 1000  # the whole map, at 2x
    assert len({image.pixel(x, image.height() // 2) for x in range(0, image.width(), 7)}) > 3
    svg = (tmp_path / "map.svg").read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "Ana Lima" in svg and "Kofi Mensah" in svg and "Relationship map" in svg


def test_find_someone_even_inside_a_group_then_open_them(qtbot, journal):
    journal.add_people(
        [Person(f"Dev {i:02d}", field="Software", circle=Circle.ACQUAINTANCE) for i in range(30)]
        + [Person("Ana Lima", field="Food", circle=Circle.INNER)]
    )
    widget = make_map(qtbot, journal, max_people=5)
    target = next(pid for pid, name in widget.map.names.items() if name == "Dev 17")
    assert target in widget.map.group_of  # not drawn as a dot yet

    qtbot.keyClicks(widget.find_field, "dev 17")
    qtbot.keyClick(widget.find_field, Qt.Key.Key_Return)
    assert widget.found == target  # drawn as a dot now, and marked
    assert target not in widget.map.group_of
    assert widget.view.viewport().rect().contains(widget.point_of(target))
    with qtbot.waitSignal(widget.personActivated) as opened:
        qtbot.keyClick(widget.find_field, Qt.Key.Key_Return)
    assert opened.args == [target]

    widget.find_field.clear()
    qtbot.keyClicks(widget.find_field, "Nobody Here")
    qtbot.keyClick(widget.find_field, Qt.Key.Key_Return)
    assert "No one called “Nobody Here”" in widget.summary.text()


def test_the_map_page_in_the_window_opens_a_person(qtbot, window, journal):
    from tests.support.qt import settle

    kofi = journal.add_person(Person("Kofi Mensah", field="Software", circle=Circle.CLOSE))
    journal.add_person(Person("Ana Lima", field="Food", circle=Circle.INNER))
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, 50)
    page = window.map_page
    assert window.current_page() is page and page.map is not None
    assert page.count.text() == "2 people"
    page.map.view.fit()
    qtbot.mouseClick(
        page.map.view.viewport(), Qt.MouseButton.LeftButton, pos=page.map.point_of(kofi.id)
    )
    assert window.current_page() is window.person_page
    assert person_shown(qtbot, window) == kofi.id
    journal.add_person(Person("Mei Chen"))  # while the map is hidden: redrawn on return
    window.go_back()
    settle(qtbot, 50)
    assert page.count.text() == "3 people"


def test_a_small_map_has_readable_names_and_a_find_field_that_fits(qtbot, journal):
    from PySide6.QtGui import QFontInfo

    for i, name in enumerate(
        ["Ana Lima", "Kofi Mensah", "Mária Horváth", "Tomás Reyes", "Leila Aziz", "Hiro Iyer"]
        + [f"Friend {n}" for n in range(7)]
    ):
        journal.add_person(Person(name, field=("Software", "Law", "Design")[i % 3]))
    widget = make_map(qtbot, journal)
    widget.refresh()
    widget.view.fit()
    labels = [label for label in widget._labels if label.text() == "Ana Lima"]
    assert labels
    on_screen = QFontInfo(labels[0].font()).pixelSize() * widget.view.zoom
    assert on_screen >= 9, f"names are {on_screen:.1f} px high at the default zoom"
    # The rings' own names ("Inner circle", "Close"...) read too, not 5 px high.
    rings = [
        item
        for item in widget.scene.items()
        if isinstance(item, QGraphicsSimpleTextItem) and item.text() == "Inner circle"
    ]
    assert rings
    ring_px = QFontInfo(rings[0].font()).pixelSize() * widget.view.zoom
    assert ring_px >= 9, f"ring names are {ring_px:.1f} px high at the default zoom"
    find = widget.find_field
    assert find.width() >= find.fontMetrics().horizontalAdvance("Find on the map…")


def test_the_toolbar_reads_whole_on_a_1180_px_window(qtbot, window, journal):
    """At 1180 px wide (a small laptop) every choice reads whole: no "Colour by fielc",
    no arrow over "Export"'s last letter (issue 14's screenshot pass)."""
    from PySide6.QtWidgets import QComboBox, QStyle

    from tests.support.qt import settle

    journal.add_people(
        [
            Person("Ana Lima", field="Food & hospitality", circle=Circle.INNER, tags=["founders"]),
            Person("Kofi Mensah", field="Software", circle=Circle.NETWORK),
        ]
    )
    window.resize(1180, 800)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, 50)
    widget = window.map_page.map
    assert window.width() <= 1180
    for combo in widget.findChildren(QComboBox):
        if combo.isVisible():
            assert combo.width() >= combo.sizeHint().width(), combo.currentText()
    assert widget.colour_by.currentText() == "Colour by field"
    for button in widget.findChildren(QToolButton):
        if button.isVisible() and button.text():
            text = button.fontMetrics().horizontalAdvance(button.text())
            arrow = (
                button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator)
                if button.menu()
                else 0
            )
            assert button.width() >= text + arrow + 8, button.text()
    find = widget.find_field
    assert find.width() >= find.fontMetrics().horizontalAdvance("Find on the map…")
