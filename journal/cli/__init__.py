"""The ``journal`` command: parse, call the core, print. No command opens the app.

Subcommands live in modules named for what they cover; each has ``register(sub)``
adding its parsers with ``func`` set. Adding a command group is adding its module and
the commands it registers to ``COMMANDS``. Qt is only imported when the GUI is started.
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
from journal.cli.options import CliError, add_common_options, paths_from, report_error
from journal.core.errors import JournalError

#: Each command group's module and the commands it registers (a test keeps this true),
#: so that ``journal today`` loads the today module only, not every command's.
COMMANDS = {
    "journal.cli.basic": ("init", "log", "people", "show"),
    "journal.cli.demo": ("demo",),
    "journal.cli.insights": ("insights",),
    "journal.cli.today": ("today",),
    "journal.cli.search": ("search",),
    "journal.cli.backups": ("backup", "restore"),
    "journal.cli.interop": ("export", "import"),
    "journal.cli.people_links": ("bulk", "link", "links", "merge", "undo", "unlink"),
    "journal.cli.facts": ("act", "edit", "fact", "facts", "followup", "followups"),
    "journal.cli.meetings": ("brief", "calendar", "meetings"),
    "journal.cli.proposals": ("proposal", "proposals"),
    "journal.cli.asking": ("ask", "introductions"),
    "journal.cli.sync": ("sync",),
    "journal.cli.trash": ("trash",),
}
COMMAND_MODULES = tuple(COMMANDS)
_MODULE_OF = {name: module for module, names in COMMANDS.items() for name in names}


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    parser = _top_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line, parsed. ``journal`` with no command (the app's start) is told
    by the options every start knows, without loading the commands (with them, ~0.3 s
    of imports before the unlock dialog could show); a command loads its own module."""
    words = list(sys.argv[1:] if argv is None else argv)
    start, rest = _top_parser(add_help=False).parse_known_args(words)
    if not rest:
        start.command = None
        return start
    if rest[0] in _MODULE_OF:  # a command: its own module is all it needs
        return build_parser([_MODULE_OF[rest[0]]]).parse_args(words)
    return build_parser().parse_args(words)  # -h, or a mistake: said with every command


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
        return report_error(exc)
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
