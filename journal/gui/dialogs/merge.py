"""Merging duplicates, side by side: one column per record, one row per field.

The user picks which record to keep and, row by row, whose value the merged person
gets (notes can keep everyone's). Everything else (entries, follow-ups, gives and
receives, links, details, channels, reminder state) is united by the core's merge,
which this dialog only calls; below the grid it says what the result will hold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from journal.core import merge
from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.wording import plural

_KEEP = "__keep__"


def _short(text: str, limit: int = 60) -> str:
    """One line, at most ``limit`` characters (the whole text is in the tooltip)."""
    line = " / ".join(part.strip() for part in text.splitlines() if part.strip())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return plural(n, one, many)


class MergeDialog(QDialog):
    """Choose and confirm a merge of ``person_ids``; ``result`` holds what was done."""

    def __init__(
        self,
        journal: Journal,
        person_ids: Sequence[str],
        parent: QWidget | None = None,
        *,
        reason: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.journal = journal
        self.proposal = merge.propose(journal, person_ids)
        self.plan = self.proposal.plan
        self.merged: merge.MergeResult | None = None
        self._groups: dict[str, QButtonGroup] = {}
        self._buttons: dict[tuple[str, str], QRadioButton] = {}
        sides = self.proposal.sides
        self.setWindowTitle(f"Merge {len(sides)} records")

        layout = QVBoxLayout(self)
        intro = QLabel(
            "These records will become one person. Choose which one to keep and, for each "
            "field, whose value to use. Entries, follow-ups, gives and receives, links and "
            "details from all of them are kept, without duplicates. You can undo the merge "
            "afterwards, or restore it from the trash."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if reason:
            why = QLabel(f"Why they look alike: {reason}")
            why.setWordWrap(True)
            why.setObjectName("mergeReason")
            layout.addWidget(why)

        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(0, 0)
        bold = QFont(self.font())
        bold.setBold(True)
        for column, side in enumerate(sides, start=1):
            grid.setColumnStretch(column, 1)
            title = QLabel(side.person.name)
            title.setFont(bold)
            title.setWordWrap(True)
            grid.addWidget(title, 0, column)
            counts = QLabel(
                ", ".join(
                    (
                        _plural(side.entries, "entry", "entries"),
                        _plural(side.follow_ups, "follow-up"),
                        _plural(side.ledger, "give or receive", "gives and receives"),
                        _plural(side.links, "link"),
                    )
                )
            )
            counts.setWordWrap(True)
            counts.setEnabled(False)  # muted, in any palette
            grid.addWidget(counts, 1, column)
        self._add_row(
            grid,
            2,
            _KEEP,
            "Keep this record",
            [("Keep this one", side.person.id) for side in sides],
            self.plan.survivor_id,
        )
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        grid.addWidget(line, 3, 0, 1, len(sides) + 1)
        row = 4
        for item in merge.MERGE_FIELDS:
            texts = [merge.field_text(side.person, item.key) for side in sides]
            if not any(texts):
                continue
            options = [
                (text or "—", side.person.id) for text, side in zip(texts, sides, strict=True)
            ]
            chosen = self.plan.choices.get(item.key, self.plan.survivor_id)
            if item.key == "notes" and sum(1 for t in texts if t) > 1:
                options.append(("Keep everyone's notes", merge.COMBINE))
            self._add_row(
                grid, row, item.key, item.label, options, chosen, same=len(set(texts)) == 1
            )
            row += 1
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        grid.addWidget(line, row, 0, 1, len(sides) + 1)
        row += 1
        kept = QLabel("Kept from all, without duplicates:")
        kept.setWordWrap(True)
        grid.addWidget(kept, row, 0, 1, len(sides) + 1)
        row += 1
        for label, lines in (
            ("Ways to reach", lambda p: [f"{c.kind.value}: {c.value}" for c in p.channels]),
            ("Details", lambda p: [f.text for f in p.facets]),
            ("Tags", lambda p: [", ".join(p.tags)] if p.tags else []),
        ):
            name = QLabel(label)
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(name, row, 0)
            for column, side in enumerate(sides, start=1):
                values = lines(side.person)
                cell = QLabel("\n".join(_short(v) for v in values) or "—")
                cell.setWordWrap(True)
                cell.setEnabled(False)
                cell.setToolTip("\n".join(values))
                grid.addWidget(cell, row, column, Qt.AlignmentFlag.AlignTop)
            row += 1
        grid.setRowStretch(row, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(grid_host)
        layout.addWidget(scroll, 1)

        self.summary = QLabel()
        self.summary.setObjectName("mergeSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = buttons.addButton(
            "&Merge into one", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.merge_button.setObjectName("mergeButton")
        self.merge_button.setDefault(True)
        buttons.accepted.connect(self._merge)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, self._merge)
        self._update_summary()
        self.merge_button.setFocus()
        self.resize(min(1100, 260 + 240 * len(sides)), 720)

    def _add_row(
        self,
        grid: QGridLayout,
        row: int,
        key: str,
        label: str,
        options: list[tuple[str, str]],
        chosen: str,
        same: bool = False,
    ) -> None:
        name = QLabel(label)
        name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        grid.addWidget(name, row, 0)
        group = QButtonGroup(self)
        self._groups[key] = group
        for column, (text, value) in enumerate(options, start=1):
            button = QRadioButton(_short(text).replace("&", "&&"))
            button.setProperty("choice", value)
            button.setAccessibleName(f"{label}: {text}")
            button.setToolTip(text)
            if same and key != _KEEP:
                button.setEnabled(False)  # all the same: nothing to choose
            group.addButton(button)
            self._buttons[(key, value)] = button
            button.setChecked(value == chosen)
            # As wide as its text: the whole button is where a click chooses it.
            grid.addWidget(
                button, row, column, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft
            )
        group.buttonToggled.connect(self._toggled_slot(key))

    def _toggled_slot(self, key: str) -> Callable[[QAbstractButton, bool], None]:
        def toggled(button: QAbstractButton, on: bool) -> None:
            if on and isinstance(button, QRadioButton):
                self._chose(key, button)

        return toggled

    def _chose(self, key: str, button: QRadioButton) -> None:
        value = button.property("choice")
        if key == _KEEP:
            self.plan = self.plan.with_survivor(value)
        else:
            self.plan.choices[key] = value
        self._update_summary()

    def choose(self, key: str, person_id: str) -> None:
        """Pick ``person_id``'s value for ``key`` (or the record to keep, with "keep")."""
        self._buttons[(_KEEP if key == "keep" else key, person_id)].click()

    def _update_summary(self) -> None:
        result = merge.preview(self.proposal, self.plan)
        totals = [
            sum(getattr(s, name) for s in self.proposal.sides)
            for name in ("entries", "follow_ups", "ledger")
        ]
        self.summary.setText(
            f"{result.display_name} will have {_plural(totals[0], 'entry', 'entries')}, "
            f"{_plural(totals[1], 'follow-up')}, "
            f"{_plural(totals[2], 'give or receive', 'gives and receives')}, "
            f"{_plural(len(result.channels), 'way to reach them', 'ways to reach them')}, "
            f"{_plural(len(result.facets), 'personal detail')}"
            + (f" and the tags {', '.join(result.tags)}." if result.tags else ".")
        )

    def _merge(self) -> None:
        try:
            self.merged = merge.merge(self.journal, self.plan)
        except JournalError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.accept()
