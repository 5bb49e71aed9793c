"""The options of every command and of the app's start: where the journal is.

Kept apart from ``common`` (which opens journals, and loads the journal's modules to
do it) so that ``journal`` with no command, the app's start, parses its options without
loading anything the unlock dialog does not show.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from journal.core.errors import JournalError
from journal.core.fsutil import expand_user
from journal.core.paths import JournalPaths


class CliError(Exception):
    """A usage problem: wrong arguments, an ambiguous name. Exit code 2, like argparse."""

    exit_code = 2


def add_common_options(parser: argparse.ArgumentParser, top_level: bool = False) -> None:
    default = None if top_level else argparse.SUPPRESS
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        type=Path,
        default=default,
        help="use the journal in DIR instead of the default location",
    )
    parser.add_argument(
        "--passphrase-stdin",
        action="store_true",
        default=False if top_level else argparse.SUPPRESS,
        help="read the passphrase as one line from standard input",
    )


def paths_from(args: argparse.Namespace) -> JournalPaths:
    data_dir = getattr(args, "data_dir", None)
    if not data_dir:
        return JournalPaths.default()
    root = expand_user(data_dir)
    # The first part of the path that exists must be a folder: "--data-dir notes.txt"
    # (or a folder under it) is a mistake to say, not a traceback.
    for existing in (root, *root.parents):
        if existing.exists():
            if not existing.is_dir():
                raise CliError(
                    f"--data-dir {data_dir}: {existing} is a file, not a folder. Give the "
                    "journal's folder (a new folder is made for a new journal)."
                )
            break
    return JournalPaths(root)


def report_error(exc: JournalError) -> int:
    print(f"journal: {exc}", file=sys.stderr)
    return exc.exit_code
