"""The ``journal`` command: parse, call the core, print. No command opens the app.

Subcommands live in modules named for what they cover; each has ``register(sub)``
adding its parsers with ``func`` set. Adding a command group is adding a module to
``COMMAND_MODULES``. Qt is only imported when the GUI is started.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from journal import __version__
from journal.cli import terminal
from journal.cli.options import CliError, add_common_options, paths_from
from journal.core.errors import JournalError

COMMAND_MODULES = (
    "journal.cli.basic",
    "journal.cli.insights",
    "journal.cli.today",
    "journal.cli.search",
    "journal.cli.backups",
    "journal.cli.interop",
    "journal.cli.people_links",
    "journal.cli.facts",
    "journal.cli.meetings",
    "journal.cli.proposals",
    "journal.cli.asking",
    "journal.cli.sync",
    "journal.cli.trash",
)


def build_parser() -> argparse.ArgumentParser:
    parser = _top_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line, parsed. ``journal`` with no command (the app's start) is told
    by the options every start knows, without loading the commands: they load the
    journal's modules, ~0.3 s before the unlock dialog could show."""
    words = list(sys.argv[1:] if argv is None else argv)
    start, rest = _top_parser(add_help=False).parse_known_args(words)
    if rest:  # a command, -h, or a mistake: the full parser says which
        return build_parser().parse_args(words)
    start.command = None
    return start


def _top_parser(add_help: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="journal",
        description="Rapport: a private relationship journal that reminds you to stay in "
        "touch. With no command, opens the app.",
        add_help=add_help,
    )
    parser.add_argument("--version", action="version", version=f"Rapport {__version__}")
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="open a temporary encrypted journal, write, read back, run the engine, and exit",
    )
    parser.add_argument(
        "--minimized",
        action="store_true",
        help="start in the system tray (used by the autostart entry)",
    )
    add_common_options(parser, top_level=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns its exit code (see the table in README.md)."""
    os.umask(0o077)  # nothing Rapport writes is for other users' eyes
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    with terminal.safe_output():
        try:
            code = _run(argv)
            sys.stdout.flush()  # a closed pipe shows here, not in Python's exit flush
        except BrokenPipeError:
            terminal.silence_stdout()
            return terminal.BROKEN_PIPE
        return code


def _run(argv: Sequence[str] | None) -> int:
    args = parse_args(argv)
    try:
        if args.self_check:
            from journal.selfcheck import run_self_check

            return run_self_check()
        if args.command is None:
            from journal.gui.app import run_app  # Qt only from here on

            return run_app(paths_from(args), minimized=args.minimized)
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"journal: {exc}", file=sys.stderr)
        return exc.exit_code
    except JournalError as exc:
        print(f"journal: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        raise  # main() ends quietly on a closed pipe
    except OSError as exc:
        # The last net under the core's own sentences: a folder that cannot be made
        # (/proc/x), a file that cannot be read. Said plainly, never a traceback.
        where = f" {exc.filename}" if exc.filename else ""
        print(
            f"journal: Could not use{where}: {exc.strerror or exc}. Check that the path "
            "is right and that you may read and write there.",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except Exception as exc:
        if not _from_the_database(exc):
            raise
        # The core turns what it expects into sentences; this is what it could not
        # expect: a table or column another program removed, a page gone bad since the
        # journal was opened. The transaction was rolled back, so nothing was half-written.
        print(
            f"journal: The journal could not be read as this version of Rapport expects "
            f"({exc}). Nothing was changed. If another program edited it, restore your "
            "latest backup with `journal restore`; otherwise please report this.",
            file=sys.stderr,
        )
        return 4


def _from_the_database(exc: BaseException) -> bool:
    """Whether SQLCipher raised ``exc`` (checked by module, so that the CLI's start does
    not import the database driver only to name its exception class)."""
    return type(exc).__module__.startswith("sqlcipher3")
