"""What the user typed is shown as typed: a name with angle brackets in a heading is
text, not markup that Qt would draw (bold, a link, an image)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from journal.gui.widgets.common import heading


def test_a_heading_shows_angle_brackets_as_typed(qtbot):
    typed = "Ask <b>Ana</b> about <a href='x'>the launch</a>"
    label = heading(typed, 3)
    qtbot.addWidget(label)
    label.show()
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == typed
    # Drawn as text, the tags take room on the line: wider than the words alone.
    words = QFontMetrics(label.font()).horizontalAdvance("Ask Ana about the launch")
    assert label.sizeHint().width() > words + QFontMetrics(label.font()).horizontalAdvance("<b>")
