"""import and export: bringing contacts in (with a report) and taking the journal out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from journal.cli.common import (
    CliError,
    add_common_options,
    open_journal,
    print_json,
    refused_without_force,
)
from journal.core.interop import exporting, importing
from journal.core.interop.csvfile import TARGET_KEYS

#: Past this many names per section, the printed report says "and N more".
SHOWN = 50


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "import",
        help="import contacts (vCard, Google or LinkedIn CSV, any CSV, a JSON export)",
        description="Import people from a file. Everything is imported in one go or not at "
        "all; people already in the journal (same email or phone, or a close name at the "
        "same organisation) are merged rather than added twice.",
    )
    add_common_options(p)
    p.add_argument("file", type=Path)
    p.add_argument(
        "--format",
        choices=importing.FORMATS,
        help="the file's format (default: recognised from its content)",
    )
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="show what would be added, merged and skipped, and change nothing",
    )
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="for a generic CSV: which field a column holds (repeat); fields: "
        + ", ".join(sorted(TARGET_KEYS)),
    )
    p.add_argument("--json", action="store_true", help="print the full report as JSON")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "export",
        help="export the journal (JSON, Markdown, vCard or iCalendar)",
        description="Write the journal out of its encrypted store. " + exporting.EXPORT_WARNING,
    )
    add_common_options(p)
    p.add_argument(
        "--format",
        required=True,
        choices=exporting.FORMATS,
        help="json: everything, to restore later; md: readable; vcf: people for "
        "an address book; ics: birthdays and check-ins for a calendar",
    )
    p.add_argument("out", type=Path, help="the file to write (a new folder with --per-person)")
    p.add_argument(
        "--per-person", action="store_true", help="Markdown only: a folder with one file per person"
    )
    p.add_argument(
        "--days",
        type=int,
        default=90,
        help="iCalendar only: how many days of upcoming check-ins (default 90)",
    )
    p.add_argument("--force", action="store_true", help="replace OUT if it already exists")
    p.set_defaults(func=cmd_export)


def _mapping(pairs: list[str]) -> dict[str, str] | None:
    if not pairs:
        return None
    mapping = {}
    for pair in pairs:
        column, sep, field = pair.rpartition("=")
        if not sep or not column.strip():
            raise CliError(f"--map {pair!r} should look like 'Column name=field'.")
        if field.strip() not in TARGET_KEYS:
            raise CliError(
                f"--map {pair!r}: {field!r} is not a field; use one of "
                + ", ".join(sorted(TARGET_KEYS))
                + "."
            )
        mapping[column.strip()] = field.strip()
    return mapping


def cmd_import(args: argparse.Namespace) -> int:
    mapping = _mapping(args.map)
    if mapping and args.format not in (None, "csv"):
        raise CliError("--map only applies to a generic CSV (--format csv).")
    fmt = "csv" if mapping and args.format is None else args.format
    with open_journal(args) as journal:
        report = importing.import_file(
            journal, args.file, fmt, mapping=mapping, dry_run=args.dry_run
        )
    if args.json:
        print_json(report.to_dict())
        return 0
    for line in _shortened(report.lines()):
        print(line)
    if args.dry_run:
        print("Nothing was changed (--dry-run).")
    elif report.step is not None:
        print("To undo: journal undo")
    return 0


def _shortened(lines: list[str]) -> list[str]:
    out: list[str] = []
    run = 0
    hidden = 0
    for line in lines:
        if line.startswith("  "):
            run += 1
            if run > SHOWN:
                hidden += 1
                continue
        else:
            if hidden:
                out.append(f"  … and {hidden} more (use --json for the full report)")
            run = hidden = 0
        out.append(line)
    if hidden:
        out.append(f"  … and {hidden} more (use --json for the full report)")
    return out


def cmd_export(args: argparse.Namespace) -> int:
    if args.per_person and args.format != "md":
        raise CliError("--per-person only applies to --format md.")
    if args.days <= 0:
        raise CliError("--days is a number of days above zero.")
    print(f"Warning: {exporting.EXPORT_WARNING}", file=sys.stderr)
    with open_journal(args) as journal, refused_without_force():
        result = exporting.export_journal(
            journal,
            args.format,
            args.out,
            per_person=args.per_person,
            days=args.days,
            force=args.force,
        )
    print(result.summary())
    return 0
