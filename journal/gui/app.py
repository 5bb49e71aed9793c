"""Starting the desktop app. A placeholder until the GUI lands: it opens the journal
(so errors show) and a window saying what is in it."""

from __future__ import annotations

import sys

from journal.core.paths import JournalPaths


def run_app(paths: JournalPaths, *, minimized: bool = False,
            demo_passphrase: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

    from journal.core.errors import JournalError
    from journal.core.journal import Journal
    from journal.gui.identity import apply_identity

    app = QApplication.instance() or QApplication(sys.argv)
    apply_identity(app)
    try:
        journal = Journal.open(paths, demo_passphrase)
    except JournalError as exc:
        QMessageBox.critical(None, exc.title, str(exc))
        return exc.exit_code
    counts = journal.counts()
    label = QLabel(f"Rapport — {counts['people']} people, {counts['entries']} entries")
    label.setWindowTitle("Rapport")
    label.resize(480, 200)
    label.show()
    try:
        return app.exec()
    finally:
        journal.close()
