"""The Qt binding itself: a release that corrupts reference counts crashes every window.

PySide6 6.12.0 on Python 3.11 drops a reference to None on each call of a void method,
so a window that draws a few thousand items aborts with "none_dealloc". This guards the
version pin in pyproject.toml: it fails on any binding with that fault.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QGraphicsEllipseItem, QLabel


def test_qt_calls_do_not_eat_references_to_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    item = QGraphicsEllipseItem(0, 0, 1, 1)
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setText("Ana")
        item.setPos(1.0, 2.0)
    # Other code may take or drop a few references meanwhile; 1,000 lost ones is the bug.
    assert sys.getrefcount(None) - before > -50
