"""Errors of import and export, each a sentence that says what to do next."""

from __future__ import annotations

from journal.core.errors import InvalidInput, JournalError


class ImportFailed(InvalidInput):
    """The file cannot be imported at all (empty, not text, not the format named)."""

    title = "Cannot import this file"


class ImportCancelled(JournalError):
    exit_code = 130
    title = "Import cancelled"

    def default_message(self) -> str:
        return "The import was cancelled; nothing was changed in the journal."


class ExportFailed(JournalError):
    # The place given cannot take the export (no such folder, a folder where a file is
    # needed): bad arguments, as the README's table says, not "disk full" (10).
    exit_code = 2
    title = "Cannot export"
