"""What a page may ask of the main window: navigate, open the editor, offer undo.

Pages depend on this small protocol rather than on the window itself, so each page can
be built and tested alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from journal.core.capture import Capture
from journal.core.journal import Journal
from journal.core.model import EntryKind
from journal.gui.widgets.models import JournalEvents


class Shell(Protocol):
    journal: Journal
    events: JournalEvents

    def open_person(self, person_id: str) -> None: ...

    def new_entry(
        self,
        person_ids: Sequence[str] = (),
        *,
        title: str = "",
        kind: EntryKind = EntryKind.MEETING,
        hint: str = "",
        on_saved: Callable[[str], None] | None = None,
        capture: Capture | None = None,
    ) -> None: ...

    def edit_entry(self, entry_id: str) -> None: ...

    def push_undo(self, text: str, undo: Callable[[], object]) -> None: ...

    def notify(self, text: str) -> None: ...

    def report(self, exc: BaseException, doing: str = "") -> None: ...
