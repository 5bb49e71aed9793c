"""A stand-in for the main window where a widget is tested alone: it keeps the
operations the widget ran (``did``), as the window would offer their undo."""

from __future__ import annotations

from journal.core.journal import Journal
from journal.core.operations import Change


class RecordingHost:
    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.done: list[Change] = []

    def did(self, change: Change, *, notice: bool = True) -> None:
        self.done.append(change)

    def report(self, exc: BaseException, doing: str = "") -> None:
        raise exc

    def sentences(self) -> list[str]:
        return [change.done for change in self.done]
