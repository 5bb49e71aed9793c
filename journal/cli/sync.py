"""journal sync: one journal on two computers, through a folder another tool syncs."""

from __future__ import annotations

import argparse
from pathlib import Path

from journal.cli.common import (
    CliError,
    add_common_options,
    ask_passphrase,
    open_journal,
    paths_from,
    read_passphrase_stdin,
)
from journal.core.keychain import Keychain
from journal.core.sync import engine


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "sync",
        help="sync the journal with your other computers through a folder",
        description=(
            "Sync through a folder that a sync tool (Syncthing, Nextcloud, Dropbox, a USB "
            "stick) carries between your computers. Everything Rapport writes there is "
            "encrypted with the journal's key. Set the folder once with --folder; a second "
            "computer joins with --join and the journal's passphrase."
        ),
    )
    add_common_options(p)
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--folder", type=Path, metavar="DIR", help="sync this journal through DIR from now on"
    )
    group.add_argument(
        "--join",
        type=Path,
        metavar="DIR",
        help="make this computer's journal from the sync folder DIR (asks the passphrase)",
    )
    group.add_argument("--status", action="store_true", help="say when and what last synced")
    group.add_argument("--stop", action="store_true", help="stop syncing on this computer")
    p.set_defaults(func=cmd_sync)


def _print(result: engine.SyncResult) -> None:
    for line in result.lines():
        print(line)


def cmd_sync(args: argparse.Namespace) -> int:
    if args.join is not None:
        return _join(args)
    with open_journal(args) as journal:
        if args.folder is not None:
            result = engine.enable(journal, args.folder)
            print(f"This journal now syncs through {args.folder.expanduser()}.")
            _print(result)
            print(
                "On your other computer, once the folder is there: "
                f"journal sync --join {args.folder}"
            )
            return 0
        if args.stop:
            engine.stop(journal)
            print(
                "This computer no longer syncs; the folder and your other computers are untouched."
            )
            return 0
        if args.status:
            status = engine.status(journal)
            if status.folder is None:
                print("This journal does not sync. Set a folder with: journal sync --folder DIR")
                return 0
            print(f"Syncs through {status.folder}.")
            if status.last_sync_at:
                print(f"Last synced {status.last_sync_at.replace('T', ' ').rstrip('Z')} UTC.")
            for at, computer, summary in status.recent:
                print(f"  {at[:16].replace('T', ' ')}  from {computer}: {summary}")
            if status.history:
                print(
                    f"{status.history} earlier values are kept from edits made on both computers."
                )
            return 0
        if engine.configured_folder(journal) is None:
            raise CliError(
                "This journal does not sync yet. Choose a folder that your sync tool manages: "
                "journal sync --folder DIR"
            )
        _print(engine.sync_now(journal))
    return 0


def _join(args: argparse.Namespace) -> int:
    paths = paths_from(args)
    engine.check_joinable(paths, args.join.expanduser())
    if getattr(args, "passphrase_stdin", False):
        passphrase = read_passphrase_stdin()
    else:
        passphrase = ask_passphrase("The journal's passphrase: ")
    journal = engine.join(paths, args.join, passphrase, keychain=Keychain())
    with journal:
        counts = journal.counts()
        people, entries = counts.get("people", 0), counts.get("entries", 0)
        print(
            f"Joined: this computer now holds the journal from {args.join.expanduser()} "
            f"({engine.count(people, 'person', 'people')}, {engine.count(entries, 'entry', 'entries')}) "
            "and syncs through that folder."
        )
        print("Run `journal sync` (or open the app) to pick up later changes.")
    return 0
