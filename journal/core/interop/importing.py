"""One entry point for every import: read a file, plan, apply (or preview).

``read_import`` decides the format from the option, the file name and the content,
decodes the text whatever its encoding, and returns what a reader makes of it. The CLI
and the GUI both go through here, so they read files the same way.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from journal.core.interop import csvfile, jsonfile, vcard
from journal.core.interop.errors import ImportFailed
from journal.core.interop.plan import (
    ImportPlan,
    ImportReport,
    Progress,
    plan_import,
    preview_report,
)
from journal.core.interop.records import ParsedFile, clean_person
from journal.core.interop.textfile import DecodedText, read_file

if TYPE_CHECKING:
    from journal.core.journal import Journal

FORMATS = ("vcf", "csv", "linkedin", "google", "json")


def detect_format(path: Path, text: str) -> str:
    """vcf, google, linkedin, csv or json, from the content first and the name second."""
    head = text.lstrip()[:4096]
    if head[:11].upper() == "BEGIN:VCARD" or "\nBEGIN:VCARD" in head.upper():
        return "vcf"
    if head.startswith("{"):
        return "json"
    suffix = path.suffix.lower()
    if suffix in (".vcf", ".vcard"):
        return "vcf"
    if suffix == ".json":
        return "json"
    rows = csvfile.read_rows("\n".join(text.splitlines()[:40]))
    if csvfile.looks_like_linkedin(rows):
        return "linkedin"
    if rows and csvfile.looks_like_google(rows[0]):
        return "google"
    return "csv"


def read_text(path: Path) -> DecodedText:
    return read_file(Path(path))


def parse_text(
    decoded: DecodedText, fmt: str, mapping: Mapping[str, str] | None = None
) -> ParsedFile:
    """What a reader makes of the text in format ``fmt`` (not json: see restore)."""
    if fmt == "vcf":
        parsed = vcard.parse_vcards(decoded.text)
    elif fmt == "google":
        parsed = csvfile.parse_google_csv(decoded.text)
    elif fmt == "linkedin":
        parsed = csvfile.parse_linkedin_csv(decoded.text)
    elif fmt == "csv":
        if mapping is None:
            headers = csvfile.csv_headers(decoded.text)
            mapping = csvfile.guess_mapping(headers)
            try:
                csvfile.check_mapping(mapping)
            except ImportFailed:
                raise ImportFailed(
                    "Rapport cannot tell which column holds the names in this CSV (columns: "
                    + ", ".join(headers[:12])
                    + "). Say it with --map, e.g. "
                    "--map 'Full Name=name' --map 'Mail=email'."
                ) from None
        parsed = csvfile.parse_csv(decoded.text, mapping)
    else:
        raise ImportFailed(f"Unknown import format {fmt!r}; use one of {', '.join(FORMATS)}.")
    note = decoded.note
    if note:
        parsed.notes.insert(0, note)
    for person in parsed.people:
        clean_person(person)
    if not parsed.people and not parsed.unreadable:
        raise ImportFailed("The file holds no contacts; nothing was imported.")
    return parsed


def import_file(
    journal: Journal,
    path: Path,
    fmt: str | None = None,
    *,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ImportReport:
    """Read, plan with the default decisions, and apply (or only preview) in one go.

    An import is one undoable step (``operations.import_people``: ``report.step``); a
    JSON export restored into an empty journal is not (it is the whole journal)."""
    decoded = read_text(path)
    fmt = fmt or detect_format(Path(path), decoded.text)
    if fmt == "json":
        data = jsonfile.load_export(decoded.text)
        if dry_run:
            return jsonfile.preview_restore(journal, data)
        return jsonfile.restore_journal(journal, data, progress=progress, cancel=cancel)
    plan = plan_for_file(journal, path, fmt, decoded=decoded, mapping=mapping)
    if dry_run:
        return preview_report(plan)
    from journal.core import operations

    change = operations.import_people(
        journal, plan, source=Path(path).name, progress=progress, cancel=cancel
    )
    report: ImportReport = change.result
    report.step = change.step
    return report


def plan_for_file(
    journal: Journal,
    path: Path,
    fmt: str | None = None,
    *,
    decoded: DecodedText | None = None,
    mapping: Mapping[str, str] | None = None,
) -> ImportPlan:
    decoded = decoded or read_text(path)
    fmt = fmt or detect_format(Path(path), decoded.text)
    if fmt == "json":
        raise ImportFailed("A JSON export is restored as a whole, not person by person.")
    return plan_import(journal, parse_text(decoded, fmt, mapping))
