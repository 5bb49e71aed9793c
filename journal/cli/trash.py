"""trash: what is in the trash, and emptying it for good (``--empty``)."""

from __future__ import annotations

import argparse
import sys

from journal.cli.common import CliError, add_common_options, ask_yes_no, open_journal
from journal.cli.terminal import one_line
from journal.core import trash
from journal.core.model import TrashItem
from journal.core.wording import plural

#: Items named in the question before "and N more".
NAMED = 5


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("trash", help="list what is in the trash, or empty it for good")
    add_common_options(p)
    p.add_argument(
        "--empty",
        action="store_true",
        help="remove everything in the trash for good (asks first; cannot be undone)",
    )
    p.add_argument("--yes", action="store_true", help="with --empty: do not ask first")
    p.set_defaults(func=cmd_trash)


def cmd_trash(args: argparse.Namespace) -> int:
    if args.yes and not args.empty:
        raise CliError("--yes only goes with --empty.")
    with open_journal(args) as journal:
        items = journal.trash()
        if not items:
            print("The trash is already empty." if args.empty else "The trash is empty.")
            return 0
        if not args.empty:
            print(f"In the trash ({plural(len(items), 'item')}), newest first:")
            for item in items:
                print(f"  {trash.deleted_on(item)}  {_what(item)}")
            them = "it" if len(items) == 1 else "them"
            print(f"To remove {them} for good: journal trash --empty")
            return 0
        print(_named(items))
        print(trash.emptying_warning(len(items)))
        if not args.yes:
            if not sys.stdin.isatty():
                raise CliError("Nothing was removed: add --yes to empty the trash without asking.")
            if not ask_yes_no("Empty the trash? [y/N] "):
                print("Nothing was removed.")
                return 0
        removed = journal.purge_trash()
        print(f"Emptied the trash: {plural(removed, 'item')} removed for good.")
    return 0


def _what(item: TrashItem) -> str:
    return one_line(trash.describe(item))


def _named(items: list[TrashItem]) -> str:
    """ "In the trash: Person: Ana Lima; Entry: Coffee (3 Oct 2026) and 3 more." """
    shown = "; ".join(_what(i) for i in items[:NAMED])
    more = f" and {len(items) - NAMED} more" if len(items) > NAMED else ""
    return f"In the trash: {shown}{more}."
