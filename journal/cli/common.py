"""What every command shares: where the journal is, how to unlock it, how to fail."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from journal.core.errors import JournalError, KeychainError, NotRemembered
from journal.core.journal import Journal
from journal.core.keychain import Keychain
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
    return JournalPaths(Path(data_dir).expanduser()) if data_dir else JournalPaths.default()


def read_passphrase_stdin() -> str:
    line = sys.stdin.readline()
    if not line:
        raise CliError("--passphrase-stdin was given, but standard input was empty.")
    return line.rstrip("\r\n")


def ask_passphrase(prompt: str = "Passphrase: ") -> str:
    if not sys.stdin.isatty():
        raise CliError(
            "A passphrase is needed and there is no terminal to ask on; use --passphrase-stdin."
        )
    return getpass.getpass(prompt)


def open_journal(args: argparse.Namespace, keychain: Keychain | None = None) -> Journal:
    """Unlock through the keychain when possible, else the terminal or standard input."""
    paths = paths_from(args)
    keychain = keychain or Keychain()
    if getattr(args, "passphrase_stdin", False):
        return Journal.open(paths, read_passphrase_stdin(), keychain=keychain)
    try:
        return Journal.open(paths, None, keychain=keychain)
    except NotRemembered:
        pass
    except KeychainError as exc:
        print(f"journal: {exc}", file=sys.stderr)
    return Journal.open(paths, ask_passphrase(), keychain=keychain)


def date_option(value: str | None, flag: str = "--date") -> date | None:
    """A YYYY-MM-DD option's date (None when not given), or a CliError that says so."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CliError(f"{flag} {value!r} is not a date like 2026-11-24.") from None


def report_error(exc: JournalError) -> int:
    print(f"journal: {exc}", file=sys.stderr)
    return exc.exit_code


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def name_matches(journal: Journal, name: str) -> list[Any]:
    """People a typed name means: exactly their full or preferred name; failing that,
    their first name (so "Maya" finds Maya Okonkwo when she is the only Maya)."""
    matches = journal.find_people(name)
    if matches or not name.strip() or " " in name.strip():
        return matches
    from journal.core.people import PeopleQuery

    wanted = name.strip().casefold()
    return [
        journal.person(r.id)
        for r in journal.query_people(PeopleQuery(text=name.strip(), include_archived=True))
        if (r.name.split() or [""])[0].casefold() == wanted
        or (r.preferred_name.split() or [""])[0].casefold() == wanted
    ]


def resolve_person(journal: Journal, name: str) -> str:
    """One person's id from a name typed on the command line (full, preferred or first
    name), or a clear CliError: nobody (with near names), or several (listed)."""
    matches = name_matches(journal, name)
    if not matches:
        from journal.core.people import PeopleQuery

        near = journal.query_people(PeopleQuery(text=name, limit=5, include_archived=True))
        hint = f" Did you mean: {', '.join(p.name for p in near)}?" if near else ""
        raise CliError(f"No one called {name!r} in the journal.{hint}")
    if len(matches) > 1:
        raise CliError(
            f"{len(matches)} people are called {name!r}: "
            + ", ".join(f"{p.name} ({p.organisation or 'no organisation'})" for p in matches)
        )
    return matches[0].id


__all__ = ["CliError", "JournalError", "open_journal", "paths_from", "print_json"]
