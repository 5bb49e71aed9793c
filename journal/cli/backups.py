"""backup and restore: encrypted copies of the journal, and putting one back."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from journal.cli.common import (
    CliError,
    add_common_options,
    ask_passphrase,
    ask_yes_no,
    open_journal,
    paths_from,
    read_passphrase_stdin,
    refused_without_force,
)
from journal.core import backup as backup_core
from journal.core.errors import KeychainError, WrongPassphrase
from journal.core.fsutil import expand_user
from journal.core.keychain import Keychain
from journal.core.keys import Key
from journal.core.wording import format_datetime, plural


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("backup", help="write an encrypted backup of the journal")
    add_common_options(p)
    p.add_argument(
        "out",
        nargs="?",
        type=Path,
        metavar="OUT",
        help="backup file or folder (default: the journal's backups/ folder)",
    )
    p.add_argument("--list", action="store_true", help="list the backups in backups/")
    p.add_argument("--force", action="store_true", help="replace the file OUT if it exists")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "restore", help="replace the journal with a backup (the current journal is kept aside)"
    )
    add_common_options(p)
    p.add_argument("backup", type=Path, metavar="BACKUP")
    p.add_argument("--yes", action="store_true", help="do not ask before replacing")
    p.set_defaults(func=cmd_restore)


def cmd_backup(args: argparse.Namespace) -> int:
    if args.list:
        backups = backup_core.list_backups(paths_from(args))
        if not backups:
            print("No backups yet. Make one with: journal backup")
        for b in backups:
            kind = "automatic" if b.automatic else "by hand"
            when = f"{format_datetime(b.created_at)}" if b.created_at else "unknown date"
            print(f"{when}  ({kind})  {b.path}")
        return 0
    if args.out is not None and not expand_user(args.out).parent.is_dir():
        raise CliError(f"The folder {expand_user(args.out).parent} does not exist.")
    with open_journal(args) as journal, refused_without_force():
        path = backup_core.backup(journal, args.out, force=args.force)
    print(f"Backed up the journal to {path}.")
    print("It is encrypted: it opens with the journal's current passphrase.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    paths = paths_from(args)
    source = expand_user(args.backup)
    about = backup_core.read_backup_info(source)
    info, passphrase, key = _verify(args, source, about)
    when = f"{format_datetime(info.created_at)}" if info.created_at else "an unknown date"
    print(
        f"The backup is from {when}, with {_count(info.people, 'person', 'people')} and "
        f"{_count(info.entries, 'entry', 'entries')}; it opens and passes its checks."
    )
    if paths.db.exists() and not args.yes:
        if not sys.stdin.isatty() or args.passphrase_stdin:
            raise CliError(
                "Restoring replaces the journal; add --yes to confirm when not on a terminal."
            )
        if not ask_yes_no(
            f"Replace the journal in {paths.root} with it? The current one is "
            "kept in its replaced/ folder. [y/N] "
        ):
            print("Nothing was changed.")
            return 1
    report = backup_core.restore_backup(paths, source, passphrase=passphrase, key=key)
    print(f"Restored the journal from {source}.")
    if report.replaced:
        print(f"The journal it replaced is kept in {report.replaced}.")
    print("Open it with the passphrase the journal had when the backup was made.")
    return 0


def _verify(
    args: argparse.Namespace, source: Path, about: backup_core.BackupInfo
) -> tuple[backup_core.BackupInfo, str | None, Key | None]:
    """Check the backup with the remembered key, else a passphrase typed or piped."""
    if not args.passphrase_stdin:
        try:
            key = Keychain().get(about.journal_id) if about.journal_id else None
        except KeychainError:
            key = None
        if key is not None:
            try:
                return backup_core.verify_backup(source, key=key), None, key
            except WrongPassphrase:
                pass
    passphrase = (
        read_passphrase_stdin()
        if args.passphrase_stdin
        else ask_passphrase("Passphrase of the backup: ")
    )
    return backup_core.verify_backup(source, passphrase=passphrase), passphrase, None


def _count(n: int | None, one: str, many: str) -> str:
    # An older backup's description may not say (None): that is said, not a crash.
    return plural(n, one, many) if n is not None else f"an unknown number of {many}"
