"""The relationship map: time to first draw at 500 and 5,000 people.

"First draw" is from asking for the map to the first paint of its view: the core's
layout (``build_map``), building the Qt scene, and painting it. A report, not a test.
"""

from __future__ import annotations

import os
import time

from tests.benchmarks.common import PASSPHRASE, big_journal_paths, clock, repeats, summary, table

SIZES = ((500, 4_000), (5_000, 40_000))


def _first_draw(journal: object) -> tuple[float, float, float]:
    """(layout, scene, total) milliseconds for one map from scratch to first paint."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from journal.core.network_map import build_map
    from journal.gui.pages.map import RelationshipMap

    painted: list[float] = []

    class PaintWatch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(time.perf_counter())
            return False

    start = time.perf_counter()
    build_map(journal)  # type: ignore[arg-type]
    layout = time.perf_counter() - start

    start = time.perf_counter()
    widget = RelationshipMap(journal)  # type: ignore[arg-type]
    built = time.perf_counter() - start
    watch = PaintWatch()
    widget.view.viewport().installEventFilter(watch)
    widget.resize(1400, 950)
    widget.show()
    deadline = time.perf_counter() + 30
    while not painted and time.perf_counter() < deadline:
        QApplication.processEvents()
    total = painted[0] - start if painted else float("nan")
    widget.close()
    widget.deleteLater()
    QApplication.processEvents()
    return layout * 1000, built * 1000, total * 1000


def run() -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from journal.core.journal import Journal

    _app = QApplication.instance() or QApplication([])
    rows = []
    for people, entries in SIZES:
        paths = big_journal_paths(people, entries)
        journal = Journal.open(paths, PASSPHRASE, clock=clock())
        try:
            _first_draw(journal)  # warm-up: fonts, caches
            runs = [_first_draw(journal) for _ in range(repeats(5, 2))]
        finally:
            journal.close()
        rows += [
            (f"{people:,} people: layout (core)", summary([r[0] for r in runs])),
            (f"{people:,} people: widget built (layout + scene)", summary([r[1] for r in runs])),
            (f"{people:,} people: time to first draw", summary([r[2] for r in runs])),
        ]
    return table("Relationship map (offscreen, 1400x950)", rows)


if __name__ == "__main__":
    print(run())
