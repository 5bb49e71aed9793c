"""Import and export dialogs: a thin layer over ``journal.core.interop``.

Import goes file -> (for a generic CSV) which column is what -> preview, where each
incoming person can be added, merged into someone or skipped -> progress with Cancel ->
the report. Reading, planning and writing run on the worker thread (``tasks``); Cancel
sets an event the core checks between batches, and the core rolls everything back.
Export picks a format, says plainly that the file leaves the encrypted store, and writes
off the GUI thread. No decision is made here: the core plans, the user chooses.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journal.core import operations
from journal.core.fsutil import expand_user
from journal.core.interop import csvfile, exporting, importing, jsonfile
from journal.core.interop.errors import ImportCancelled, ImportFailed
from journal.core.interop.plan import (
    Action,
    ImportPlan,
    ImportReport,
    PlannedPerson,
    plan_import,
    plan_notes,
)
from journal.core.interop.textfile import DecodedText
from journal.core.operations import Change
from journal.gui.desktop import tasks

FORMAT_CHOICES = (
    ("Recognise automatically", None),
    ("vCard (.vcf) from a phone, Gmail, Outlook, Apple…", "vcf"),
    ("Google Contacts (CSV)", "google"),
    ("LinkedIn Connections.csv", "linkedin"),
    ("Another CSV (you say which column is what)", "csv"),
    ("Rapport JSON export (restores a whole journal)", "json"),
)
OPEN_FILTER = "Contacts (*.vcf *.vcard *.csv *.tsv *.txt *.json);;All files (*)"


class ImportDialog(QDialog):
    """The whole import, step by step; ``report`` holds the result once done."""

    FILE, MAPPING, PREVIEW, PROGRESS, REPORT = range(5)

    def __init__(self, window: Any, path: Path | None = None) -> None:
        super().__init__(window)
        self.window_ = window
        self.journal = window.journal
        self.setWindowTitle("Import contacts")
        self.setObjectName("importDialog")
        self.resize(980, 600)
        self.decoded: DecodedText | None = None
        self.format: str | None = None
        self.plan: ImportPlan | None = None
        self.json_data: dict[str, Any] | None = None
        self.report: ImportReport | None = None
        self.cancel_event = threading.Event()
        self._busy = False

        self.stack = QStackedWidget()
        self.stack.addWidget(self._file_page(path))
        self.stack.addWidget(self._mapping_page())
        self.stack.addWidget(self._preview_page())
        self.stack.addWidget(self._progress_page())
        self.stack.addWidget(self._report_page())

        self.error = QLabel()
        self.error.setObjectName("importError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: palette(highlight); font-weight: 600;")
        self.error.hide()
        self.back_button = QPushButton("&Back")
        self.next_button = QPushButton("&Next")
        self.next_button.setDefault(True)
        self.close_button = QPushButton("Cancel")
        self.back_button.clicked.connect(self._back)
        self.next_button.clicked.connect(self._next)
        self.close_button.clicked.connect(self._close_or_cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self._show(self.FILE)

    # -- pages ------------------------------------------------------------------------------

    def _file_page(self, path: Path | None) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel(
            "Bring people in from your phone, webmail or LinkedIn. Nothing is written until "
            "you have seen, person by person, what will be added, merged or skipped; and "
            "then it is all imported at once, or not at all."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        row = QHBoxLayout()
        self.path_edit = QLineEdit(str(path) if path else "")
        self.path_edit.setObjectName("importPath")
        self.path_edit.setAccessibleName("File to import")
        self.path_edit.setPlaceholderText("contacts.vcf, Connections.csv…")
        browse = QPushButton("C&hoose…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form.addRow("File:", row)
        self.format_box = QComboBox()
        self.format_box.setObjectName("importFormat")
        for label, value in FORMAT_CHOICES:
            self.format_box.addItem(label, value)
        form.addRow("F&ormat:", self.format_box)
        layout.addLayout(form)
        where = QLabel(
            "Where to find such a file:\n"
            "• Phone or Apple Contacts: select the contacts, then Share or Export as vCard.\n"
            "• Gmail: Google Contacts → Export → vCard or Google CSV.\n"
            "• Outlook: People → Manage → Export contacts (CSV).\n"
            "• LinkedIn: Settings → Data privacy → Get a copy of your data → Connections."
        )
        where.setObjectName("importWhere")
        where.setWordWrap(True)
        where.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        where.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(where)
        layout.addStretch(1)
        return page

    def _mapping_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        label = QLabel(
            "Say what each column holds. Rapport guessed from the headers; columns "
            "left on “Ignore this column” are not imported."
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        self.mapping_table = QTableWidget(0, 3)
        self.mapping_table.setObjectName("mappingTable")
        self.mapping_table.setHorizontalHeaderLabels(["Column", "First row", "Holds"])
        self.mapping_table.verticalHeader().hide()
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.mapping_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.mapping_table, 1)
        return page

    def _preview_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        layout.addWidget(self.summary)
        self.preview = QTableWidget(0, 5)
        self.preview.setObjectName("importPreview")
        self.preview.setHorizontalHeaderLabels(
            ["Name", "What to do", "Why", "In the file", "Organisation, email, phone"]
        )
        self.preview.verticalHeader().hide()
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview.setShowGrid(False)  # like every other list in Rapport
        self.preview.setAlternatingRowColors(True)
        header = self.preview.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(4, 230)  # long addresses are elided; the tooltip has them all
        header.moveSection(4, 1)  # shown beside the name: who this is, before what to do
        # Rows measured again whenever the columns change width: measured once, in the
        # narrow table before the dialog took its size, a one-line row stayed 140 px tall.
        self._rows_timer = QTimer(self, singleShot=True, interval=0)
        self._rows_timer.timeout.connect(self._fit_rows)
        header.sectionResized.connect(lambda *_: self._rows_timer.start())
        layout.addWidget(self.preview, 1)
        self.notes = QLabel()
        self.notes.setObjectName("importNotes")
        self.notes.setWordWrap(True)
        layout.addWidget(self.notes)
        return page

    def _progress_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        self.progress_label = QLabel("Importing…")
        self.progress_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.progress_label)
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        layout.addWidget(self.progress)
        layout.addStretch(1)
        return page

    def _report_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.report_title = QLabel()
        self.report_title.setObjectName("reportTitle")
        font = self.report_title.font()
        font.setBold(True)
        self.report_title.setFont(font)
        layout.addWidget(self.report_title)
        self.report_text = QPlainTextEdit()
        self.report_text.setObjectName("importReport")
        self.report_text.setReadOnly(True)
        layout.addWidget(self.report_text, 1)
        return page

    # -- navigation ---------------------------------------------------------------------------

    def _show(self, page: int) -> None:
        self.stack.setCurrentIndex(page)
        self.back_button.setVisible(page in (self.MAPPING, self.PREVIEW))
        self.next_button.setVisible(page in (self.FILE, self.MAPPING, self.PREVIEW))
        self.next_button.setText("&Import" if page == self.PREVIEW else "&Next")
        self.close_button.setText(
            {self.PROGRESS: "Cancel import", self.REPORT: "Close"}.get(page, "Cancel")
        )
        self.close_button.setEnabled(True)
        if page == self.REPORT:
            self.close_button.setDefault(True)
            self.close_button.setFocus()

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.next_button.setEnabled(not busy)
        self.back_button.setEnabled(not busy)

    def _back(self) -> None:
        self._say("")
        page = self.stack.currentIndex()
        if page == self.PREVIEW and self.format == "csv":
            self._show(self.MAPPING)
        else:
            self._show(self.FILE)

    def _next(self) -> None:
        self._say("")
        page = self.stack.currentIndex()
        if page == self.FILE:
            self._read_file()
        elif page == self.MAPPING:
            self._read_mapped()
        elif page == self.PREVIEW:
            self._apply()

    def _close_or_cancel(self) -> None:
        if self.stack.currentIndex() == self.PROGRESS:
            self.cancel_event.set()
            self.progress_label.setText("Cancelling… nothing will be changed.")
            self.close_button.setEnabled(False)
            return
        if self._busy:
            return
        if self.report is None:
            self.reject()
        else:
            self.accept()

    def reject(self) -> None:
        if self.stack.currentIndex() == self.PROGRESS:
            self._close_or_cancel()  # Escape during the import cancels it, safely
            return
        super().reject()

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Import contacts", self.path_edit.text(), OPEN_FILTER
        )
        if name:
            self.path_edit.setText(name)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ImportFailed | OSError):
            self._say(str(exc))
        else:
            self.window_.report(exc, doing="importing")

    # -- steps (the work itself runs on the worker thread) ------------------------------------

    def _read_file(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self._say("Choose a file to import.")
            return
        path = expand_user(text)
        chosen = self.format_box.currentData()

        def read() -> tuple[DecodedText, str]:
            decoded = importing.read_text(path)
            return decoded, chosen or importing.detect_format(path, decoded.text)

        self._set_busy(True)
        tasks.run(read, on_done=self._file_read, on_error=self._failed, owner=self)

    def _file_read(self, result: tuple[DecodedText, str]) -> None:
        self._set_busy(False)
        self.decoded, self.format = result
        if self.format == "json":
            try:
                self.json_data = jsonfile.load_export(self.decoded.text)
            except ImportFailed as exc:
                self._say(str(exc))
                return
            self._show_json_preview()
        elif self.format == "csv":
            try:
                self._fill_mapping()
            except ImportFailed as exc:
                self._say(str(exc))
                return
            self._show(self.MAPPING)
        else:
            self._plan(None)

    def _fill_mapping(self) -> None:
        assert self.decoded is not None
        rows = csvfile.read_rows(self.decoded.text)
        headers = csvfile.csv_headers(self.decoded.text)
        first = rows[1] if len(rows) > 1 else []
        guessed = csvfile.guess_mapping(headers)
        self.mapping_table.setRowCount(len(headers))
        for i, header in enumerate(headers):
            self.mapping_table.setItem(i, 0, QTableWidgetItem(header))
            sample = first[i] if i < len(first) else ""
            self.mapping_table.setItem(i, 1, QTableWidgetItem(sample.replace("\n", " ")[:80]))
            box = QComboBox()
            box.setAccessibleName(f"What the column {header} holds")
            for target in csvfile.TARGETS:
                box.addItem(target.label, target.key)
            box.setCurrentIndex(box.findData(guessed.get(header, "ignore")))
            self.mapping_table.setCellWidget(i, 2, box)

    def mapping(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for i in range(self.mapping_table.rowCount()):
            box = self.mapping_table.cellWidget(i, 2)
            header = self.mapping_table.item(i, 0)
            if isinstance(box, QComboBox) and header is not None:
                out[header.text()] = str(box.currentData())
        return out

    def _read_mapped(self) -> None:
        mapping = self.mapping()
        try:
            csvfile.check_mapping(mapping)
        except ImportFailed as exc:
            self._say(str(exc))
            return
        self._plan(mapping)

    def _plan(self, mapping: dict[str, str] | None) -> None:
        decoded, fmt, journal = self.decoded, self.format, self.journal
        assert decoded is not None and fmt is not None

        def plan() -> ImportPlan:
            parsed = importing.parse_text(decoded, fmt, mapping)
            return plan_import(journal, parsed)

        self._set_busy(True)
        tasks.run(plan, on_done=self._planned, on_error=self._failed, owner=self)

    def _planned(self, plan: ImportPlan) -> None:
        self._set_busy(False)
        self.plan = plan
        self.json_data = None
        self._fill_preview()
        self._show(self.PREVIEW)

    def _fill_preview(self) -> None:
        plan = self.plan
        assert plan is not None
        rows = len(plan.items) + len(plan.unreadable)
        self.preview.setRowCount(rows)
        for i, item in enumerate(plan.items):
            self.preview.setItem(i, 0, _cell(item.name))
            box = QComboBox()
            box.setAccessibleName(f"What to do with {item.name}")
            box.addItem("Add as a new person", "add")
            for match in item.matches:
                box.addItem(f"Merge into {match.name}", f"merge:{match.person_id}")
            if item.action == Action.MERGE and item.target_id not in [
                m.person_id for m in item.matches
            ]:
                box.addItem(f"Merge into {item.target_name}", f"merge:{item.target_id}")
            box.addItem("Skip", "skip")
            box.setCurrentIndex(
                box.findData(
                    f"merge:{item.target_id}" if item.action == Action.MERGE else str(item.action)
                )
            )
            box.currentIndexChanged.connect(lambda _i, row=i, b=box: self._choose(row, b))
            # Its own height in a row grown for a wrapped reason, not the row's.
            box.setMaximumHeight(box.sizeHint().height())
            self.preview.setCellWidget(i, 1, box)
            self.preview.setItem(i, 2, _cell(self._why(item)))
            self.preview.setItem(i, 3, _cell(item.incoming.source))
            self.preview.setItem(i, 4, _cell(item.details))
        for j, bad in enumerate(plan.unreadable, start=len(plan.items)):
            self.preview.setItem(j, 0, _cell("(no one)"))
            self.preview.setItem(j, 1, _cell("Skipped"))
            self.preview.setItem(j, 2, _cell(bad.reason))
            self.preview.setItem(j, 3, _cell(bad.source))
            self.preview.setItem(j, 4, _cell(""))
        # Who this is on one line when it fits a third of the table (it was elided at a
        # fixed 230 px: "Crumb Bakery · …"); longer ones elide, the tooltip has them all.
        header = self.preview.horizontalHeader()
        widest = self.preview.sizeHintForColumn(4) + 12
        header.resizeSection(4, max(230, min(widest, 360)))
        self._fit_rows()
        self.notes.setText("\n".join(plan_notes(plan)))
        self._update_summary()

    def _fit_rows(self) -> None:
        """Wrapped reasons in full, at the columns' width now; beyond 300 rows, one line
        each and a tooltip."""
        if self.preview.rowCount() <= 300:
            self.preview.resizeRowsToContents()

    @staticmethod
    def _why(item: PlannedPerson) -> str:
        if (
            item.action == Action.MERGE
            and item.merge_adds
            and not item.reason.startswith("you chose")
        ):
            return f"{item.reason}; adds {', '.join(item.merge_adds)}"
        return item.reason

    def _choose(self, row: int, box: QComboBox) -> None:
        assert self.plan is not None
        item = self.plan.items[row]
        action, _, target = str(box.currentData()).partition(":")
        if action == "add":
            item.add()
        elif action == "skip":
            item.skip()
        else:
            item.merge_into(target, box.currentText().removeprefix("Merge into "))
        cell = self.preview.item(row, 2)
        if cell is not None:
            cell.setText(self._why(item))
            cell.setToolTip(self._why(item))
        self._update_summary()

    def _update_summary(self) -> None:
        assert self.plan is not None
        self.summary.setText(
            f"{self.plan.summary().capitalize()}. Change any line below, then press Import."
        )
        self.next_button.setEnabled(
            bool(self.plan.count(Action.ADD) + self.plan.count(Action.MERGE))
        )

    def _show_json_preview(self) -> None:
        assert self.json_data is not None
        self.plan = None
        self.summary.setText(
            f"This restores a whole journal: {jsonfile.describe(self.json_data)}"
            ", with settings and reminders. It only goes into an empty "
            "journal."
        )
        self.preview.setRowCount(0)
        self.notes.setText("")
        self._show(self.PREVIEW)

    def _apply(self) -> None:
        journal, plan, data = self.journal, self.plan, self.json_data
        self.cancel_event = threading.Event()
        cancel = self.cancel_event

        source = expand_user(self.path_edit.text().strip()).name

        def work(progress: tasks.Progress) -> ImportReport | Change:
            if data is not None:  # a whole journal restored: not an undoable step
                return jsonfile.restore_journal(journal, data, progress=progress, cancel=cancel)
            assert plan is not None
            return operations.import_people(
                journal, plan, source=source, progress=progress, cancel=cancel
            )

        self.progress.setRange(0, 0)
        self.progress_label.setText("Importing…")
        self._show(self.PROGRESS)
        self._busy = True
        tasks.run(
            work,
            on_done=self._applied,
            on_error=self._apply_failed,
            on_progress=self._progressed,
            owner=self,
        )

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if not self.cancel_event.is_set():
            self.progress_label.setText(f"Importing… {done} of {total}")

    def _apply_failed(self, exc: BaseException) -> None:
        self._busy = False
        self._show(self.PREVIEW)
        if isinstance(exc, ImportCancelled | ImportFailed):
            self._say(str(exc))
        else:
            self._say("The import failed, so nothing was changed.")
            self.window_.report(exc, doing="importing")

    def _applied(self, done: ImportReport | Change) -> None:
        """The report on screen; an import's undo offered by the window (the notice's
        Undo and Edit ▸ Undo, as for any operation), a restore's summary told."""
        self._busy = False
        report: ImportReport = done.result if isinstance(done, Change) else done
        self.report = report
        self.report_title.setText(report.summary())
        self.report_text.setPlainText("\n".join(report.lines()[1:]))
        self._show(self.REPORT)
        if isinstance(done, Change) and done.step is not None:
            did = getattr(self.window_, "did", None)
            if did:
                did(done)
            return
        notify = getattr(self.window_, "notify", None)
        if notify:
            notify(report.summary())


def _cell(text: str) -> QTableWidgetItem:
    cell = QTableWidgetItem(text)
    cell.setToolTip(text)
    return cell


EXPORT_CHOICES = (
    (
        "json",
        False,
        "Everything (JSON)",
        "Every person, entry and setting, to keep or to restore into a new journal.",
        "Rapport journal.json",
    ),
    (
        "md",
        False,
        "Readable journal (Markdown, one file)",
        "People, then every entry, to read or print.",
        "Rapport journal.md",
    ),
    (
        "md",
        True,
        "Readable journal (Markdown, a folder per person)",
        "One file per person with everything you wrote with them.",
        "Rapport journal",
    ),
    (
        "vcf",
        False,
        "Contacts (vCard)",
        "Names, email, phones and addresses for an address "
        "book. The personal side stays in the journal.",
        "Rapport contacts.vcf",
    ),
    (
        "ics",
        False,
        "Calendar (iCalendar)",
        "Birthdays and the check-ins planned for the coming days, for your calendar app.",
        "Rapport.ics",
    ),
)


class ExportDialog(QDialog):
    """Pick a format and a place; the warning is always in view."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.journal = window.journal
        self.result_: exporting.ExportResult | None = None
        #: The file last chosen in the save dialog, which confirmed replacing it.
        self._confirmed: Path | None = None
        self.setWindowTitle("Export the journal")
        self.setObjectName("exportDialog")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.warning = QLabel("⚠ " + exporting.EXPORT_WARNING)
        self.warning.setObjectName("exportWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(
            "padding: 8px; border: 1px solid palette(mid); border-radius: 4px; font-weight: 600;"
        )
        layout.addWidget(self.warning)
        self.choices = QButtonGroup(self)
        for i, (_fmt, _folder, label, detail, _name) in enumerate(EXPORT_CHOICES):
            button = QRadioButton(label)
            button.setToolTip(detail)
            self.choices.addButton(button, i)
            layout.addWidget(button)
            hint = QLabel(detail)
            hint.setWordWrap(True)
            hint.setContentsMargins(24, 0, 0, 6)
            hint.setStyleSheet("color: palette(placeholder-text);")
            layout.addWidget(hint)
        self.choices.button(0).setChecked(True)
        self.choices.idToggled.connect(self._format_changed)
        form = QFormLayout()
        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("exportPath")
        self.path_edit.setAccessibleName("Where to save the export")
        browse = QPushButton("C&hoose…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form.addRow("Save to:", row)
        self.days = QSpinBox()
        self.days.setRange(1, 366)
        self.days.setValue(90)
        self.days.setSuffix(" days")
        form.addRow("Check-ins for the next:", self.days)
        layout.addLayout(form)
        self.status = QLabel()
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        self.export_button = QPushButton("&Export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self._export)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.export_button)
        layout.addLayout(buttons)
        self._format_changed(0, True)

    def _choice(self) -> tuple[str, bool, str, str, str]:
        return EXPORT_CHOICES[self.choices.checkedId()]

    def _format_changed(self, index: int, checked: bool) -> None:
        if not checked:
            return
        fmt, _folder, _label, _detail, name = EXPORT_CHOICES[index]
        self.days.setEnabled(fmt == "ics")
        current = self.path_edit.text().strip()
        base = Path(current).parent if current else Path.home()
        self.path_edit.setText(str(base / name))

    def _browse(self) -> None:
        fmt, folder, label, _detail, _name = self._choice()
        if folder:
            name, _ = QFileDialog.getSaveFileName(
                self, "New folder for the export", self.path_edit.text()
            )
        else:
            suffix = exporting.SUFFIXES[fmt]
            name, _ = QFileDialog.getSaveFileName(
                self, label, self.path_edit.text(), f"{label} (*{suffix})"
            )
        if name:
            self.path_edit.setText(name)
            # The file dialog has asked before choosing an existing file: replacing it
            # was confirmed there (a Markdown folder is never replaced).
            self._confirmed = expand_user(name)

    def _export(self) -> None:
        fmt, folder, _label, _detail, _name = self._choice()
        text = self.path_edit.text().strip()
        if not text:
            self.status.setText("Say where to save the export.")
            return
        out = expand_user(text)
        journal, days = self.journal, self.days.value()
        force = not folder and out == self._confirmed
        self.export_button.setEnabled(False)
        self.status.setText("Exporting…")
        tasks.run(
            lambda: exporting.export_journal(
                journal, fmt, out, per_person=folder, days=days, force=force
            ),
            on_done=self._exported,
            on_error=self._failed,
            owner=self,
        )

    def _exported(self, result: exporting.ExportResult) -> None:
        self.result_ = result
        self.export_button.setEnabled(True)
        self.status.setText(result.summary())
        notify = getattr(self.window_, "notify", None)
        if notify:
            notify(result.summary())

    def _failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        from journal.core.destination import DestinationExists
        from journal.core.errors import JournalError

        if isinstance(exc, DestinationExists):
            self.status.setText(
                f"{exc.path} already exists, so nothing was written. Type another name, "
                "or pick it with Choose… to replace it."
            )
        elif isinstance(exc, JournalError):
            self.status.setText(str(exc))
        else:
            self.status.setText("The export failed; nothing was written.")
            self.window_.report(exc, doing="exporting")
