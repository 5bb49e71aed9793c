"""A guard against PySide6 6.12.0's reference bug, which crashes the app.

6.12.0 drops a reference to ``True`` each time a signal calls a Python slot; on Python
3.11, where True is an ordinary object, the app dies with "Fatal Python error:
bool_dealloc" once a few thousand signals have fired (the Insights page's charts
alone fire hundreds). pyproject.toml excludes that version; this fails if it returns.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Sender(QObject):
    fired = Signal(object)


def test_signals_to_python_slots_keep_true_alive(qapp):
    sender = _Sender()
    received = []
    sender.fired.connect(received.append)
    before = sys.getrefcount(True)
    for i in range(2000):
        sender.fired.emit(i)
    assert len(received) == 2000
    assert sys.getrefcount(True) >= before - 10, "this PySide6 build leaks references"
