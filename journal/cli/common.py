"""What every command shares: where the journal is, how to unlock it, how to fail."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import sys
from collections.abc import Iterator
from datetime import date
from typing import Any

# These live in ``options`` (the app's start uses them without loading the journal's
# modules) and are named here for every command.
from journal.cli.options import CliError as CliError
from journal.cli.options import add_common_options as add_common_options
from journal.cli.options import paths_from as paths_from
from journal.cli.terminal import escape
from journal.core.destination import DestinationExists
from journal.core.errors import JournalError, KeychainError, NotRemembered
from journal.core.journal import Journal
from journal.core.keychain import Keychain
from journal.core.model import Person

#: The longest passphrase accepted, in bytes of UTF-8. Standard input is read at most
#: this much (and a line ending) at a time, so a huge input is refused, never held whole.
MAX_PASSPHRASE_BYTES = 1024


def read_passphrase_stdin() -> str:
    """The first line of standard input, read a bounded amount at a time.

    Read from the byte stream under ``sys.stdin`` so that what follows the line (the
    text of ``journal log --with NAME -``) is still there to read afterwards.
    """
    stream = getattr(sys.stdin, "buffer", None)
    if stream is not None:
        line = stream.readline(MAX_PASSPHRASE_BYTES + 2)
    else:  # an in-memory text stream
        text = sys.stdin.readline(MAX_PASSPHRASE_BYTES + 2)
        line = text.encode("utf-8", "surrogateescape")
    if not line:
        raise CliError("--passphrase-stdin was given, but standard input was empty.")
    body = line.rstrip(b"\r\n")
    if len(body) > MAX_PASSPHRASE_BYTES:
        raise CliError(
            f"The passphrase on standard input is longer than {MAX_PASSPHRASE_BYTES} bytes; "
            "nothing was done. Give the passphrase alone on the first line."
        )
    try:
        return checked_passphrase(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise CliError(
            "The passphrase on standard input is not valid UTF-8 text; nothing was done. "
            "Send it as UTF-8 (the encoding of a Linux or macOS terminal)."
        ) from None


def checked_passphrase(passphrase: str) -> str:
    """``passphrase``, if it is text Rapport can turn into a key (valid UTF-8, bounded)."""
    try:
        size = len(passphrase.encode("utf-8"))
    except UnicodeEncodeError:  # lone surrogates: bytes that were not UTF-8
        raise CliError(
            "The passphrase is not valid UTF-8 text; nothing was done. Check the "
            "terminal's encoding (it should be UTF-8) and try again."
        ) from None
    if size > MAX_PASSPHRASE_BYTES:
        raise CliError(
            f"The passphrase is longer than {MAX_PASSPHRASE_BYTES} bytes; nothing was done."
        )
    return passphrase


def ask_passphrase(prompt: str = "Passphrase: ") -> str:
    if not sys.stdin.isatty():
        raise CliError(
            "A passphrase is needed and there is no terminal to ask on; use --passphrase-stdin."
        )
    try:
        return checked_passphrase(getpass.getpass(prompt))
    except UnicodeError:
        raise CliError(
            "The passphrase typed is not valid UTF-8 text; nothing was done. Check the "
            "terminal's encoding (it should be UTF-8) and try again."
        ) from None


def ask_yes_no(prompt: str) -> bool:
    """A yes/no question on the terminal; anything but y/yes is no, and so are Ctrl+D and
    bytes the terminal sends that are not UTF-8 (never a traceback)."""
    try:
        # Escaped here too: on a terminal, input() writes its prompt past sys.stdout.
        return input(escape(prompt)).strip().lower() in ("y", "yes")
    except (EOFError, UnicodeDecodeError):
        print(file=sys.stderr)
        return False


def open_journal(args: argparse.Namespace, keychain: Keychain | None = None) -> Journal:
    """Unlock through the keychain when possible, else the terminal or standard input.
    An older journal's update for this version says how far it has gone on stderr."""
    from journal.core.opening import reporting_migration

    with reporting_migration(_MigrationNotes()):
        return _open_journal(args, keychain)


class _MigrationNotes:
    """Tells the terminal, at each tenth, how far an older journal's update has gone."""

    def __init__(self) -> None:
        self._said = -1

    def __call__(self, done: int, total: int) -> None:
        tenth = done * 10 // total if total else 10
        if tenth > self._said:
            self._said = tenth
            print(
                f"Updating your journal for this version of Rapport (only this once): "
                f"{tenth * 10}%",
                file=sys.stderr,
                flush=True,
            )


def _open_journal(args: argparse.Namespace, keychain: Keychain | None) -> Journal:
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


@contextlib.contextmanager
def refused_without_force() -> Iterator[None]:
    """A file the user named that exists, refused in the words of the command line."""
    try:
        yield
    except DestinationExists as exc:
        raise CliError(f"{exc.path} exists; add --force to replace it.") from None


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def name_matches(journal: Journal, name: str) -> list[Person]:
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
