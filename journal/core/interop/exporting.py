"""Taking the journal out: JSON, Markdown, vCard and iCalendar, written atomically.

Every export leaves the encrypted store, so every caller shows ``EXPORT_WARNING``
before writing (the CLI prints it; the GUI asks to confirm). The destination is checked
first (:mod:`journal.core.destination`): never inside the journal's folder, never over an
existing file unless ``force``. Files are written to a temporary name in the target
directory, flushed and renamed, with owner-only permissions, so a crash leaves either no
file or the whole one; a Markdown folder is built beside its target and renamed into
place the same way.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from journal.core.destination import check_destination, write_new_file
from journal.core.errors import DiskFull
from journal.core.fsutil import PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, expand_user, fsync_dir
from journal.core.interop import ics, jsonfile, markdown, vcard_export
from journal.core.interop.errors import ExportFailed
from journal.core.wording import format_datetime, plural

if TYPE_CHECKING:
    from journal.core.journal import Journal

FORMATS = ("json", "md", "vcf", "ics")
EXPORT_WARNING = (
    "Exports are not encrypted: anyone who can open the file can read what it holds. "
    "Keep it somewhere private, and delete it when you no longer need it."
)
SUFFIXES = {"json": ".json", "md": ".md", "vcf": ".vcf", "ics": ".ics"}


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: str
    people: int
    entries: int
    files: int = 1
    warning: str = EXPORT_WARNING

    def summary(self) -> str:
        people = plural(self.people, "person", "people")
        both = f"{people} and {plural(self.entries, 'entry')}"
        what = {
            "json": f"{both} (everything)",
            "md": both,
            "vcf": people,
            "ics": "birthdays and check-ins",
        }[self.format]
        files = f" in {self.files} files" if self.files > 1 else ""
        return f"Exported {what} to {self.path}{files}."


def export_journal(
    journal: Journal,
    fmt: str,
    out: Path,
    *,
    per_person: bool = False,
    days: int = 90,
    force: bool = False,
) -> ExportResult:
    """Write the export of format ``fmt`` to ``out`` (a folder for Markdown per person).

    ``force`` replaces an existing file (the user confirmed it); a Markdown folder must
    still be new or empty, since replacing a folder could delete files Rapport never made.
    """
    out = expand_user(out)
    if fmt not in FORMATS:
        raise ExportFailed(f"Unknown export format {fmt!r}; use one of {', '.join(FORMATS)}.")
    folder = fmt == "md" and per_person
    root = getattr(getattr(journal, "paths", None), "root", None)
    counts = journal.counts()
    people = counts["people"] + counts["archived"]
    entries = counts["entries"]
    generated = format_datetime(journal.clock.now())
    with _writing(out, folder=folder):
        target = check_destination(out, journal_root=root, force=force, folder=folder)
        if fmt == "json":
            data = jsonfile.export_json_text(journal).encode("utf-8")
        elif fmt == "vcf":
            data = vcard_export.export_vcards(journal.people()).encode("utf-8")
        elif fmt == "ics":
            data = ics.export_ics(journal, days)
        elif per_person:
            files = markdown.export_markdown_folder(journal, generated)
            write_folder(target, files)
            return ExportResult(out, fmt, people, entries, files=len(files))
        else:
            data = markdown.export_markdown(journal, generated).encode("utf-8")
        write_new_file(target, data, force=force)
    return ExportResult(out, fmt, people, entries)


@contextlib.contextmanager
def _writing(out: Path, folder: bool) -> Iterator[None]:
    if not out.parent.is_dir():
        raise ExportFailed(
            f"The folder {str(out.parent)!r} does not exist; choose another "
            "place to save the export."
        )
    if not folder and out.is_dir():
        raise ExportFailed(f"{str(out)!r} is a folder; give a file name for the export.")
    full = "The disk is full, so the export was not written. Free some space and try again."
    try:
        yield
    except DiskFull:  # from the atomic writers, in words about saving the journal
        raise DiskFull(full) from None
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise DiskFull(full) from None
        raise ExportFailed(
            f"The export could not be written to {str(out)!r} "
            f"({exc.strerror or exc}); nothing was written."
        ) from None


def write_folder(out: Path, files: dict[str, str]) -> None:
    """Build the folder beside ``out`` and rename it into place (``out`` must be new or empty)."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExportFailed(
            f"{str(out)!r} already exists and is not an empty folder; choose a "
            "new folder name for the export."
        )
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        os.chmod(tmp, PRIVATE_DIR_MODE)
        for name, text in files.items():
            target = tmp / name
            if not target.parent.exists():
                target.parent.mkdir(parents=True, mode=PRIVATE_DIR_MODE)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
        # One flush of everything rather than 10,000 fsyncs: the folder only appears
        # under its name (the rename below) once all of its files are on disk.
        os.sync()
        if out.exists():
            out.rmdir()
        os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    fsync_dir(out.parent)
