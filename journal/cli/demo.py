"""``journal demo``: the app on a sample journal of made-up people.

Light on purpose: the sample journal's key is begun (scrypt on a thread of its own,
``journal.core.early_key``) before the journal's modules and Qt load, so the window
opens on it as soon as both are ready; everything else is imported after that.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from journal import DEMO_PASSPHRASE
from journal.cli.options import add_common_options, paths_from
from journal.core.paths import JournalPaths

if TYPE_CHECKING:
    from journal.core.early_key import EarlyKey
    from journal.core.sample import SampleSpec


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="create or open a sample journal and start the app on it")
    add_common_options(p)
    p.add_argument("--people", type=int, default=120)
    p.add_argument("--entries", type=int, default=900)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--no-gui", action="store_true", help="only create the sample journal")
    p.set_defaults(func=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    # paths_from: a --data-dir naming a file is a sentence here too.
    paths = paths_from(args) if getattr(args, "data_dir", None) else JournalPaths.demo()
    early: EarlyKey | None = None
    if paths.db.exists() and not args.no_gui:
        from journal.core.early_key import EarlyKey

        early = EarlyKey(paths.meta, DEMO_PASSPHRASE)
    try:
        return _demo(args, paths, early)
    finally:
        if early is not None:
            early.discard()  # the app took it, or never opened: wiped either way


def _demo(args: argparse.Namespace, paths: JournalPaths, early: EarlyKey | None) -> int:
    from journal.core import sample

    spec = sample.SampleSpec(people=args.people, entries=args.entries, seed=args.seed)
    if paths.db.exists():
        print(f"Using the sample journal in {paths.root}.")
    elif not args.no_gui:
        # The window comes first and writes the sample journal with its progress inside.
        print(f"Writing a sample journal in {paths.root}: the window shows its progress.")
    else:
        _write_sample(paths, spec)
    if args.no_gui:
        return 0
    from journal.core.errors import KeychainError
    from journal.gui.app import run_app

    try:
        return run_app(
            paths,
            demo_passphrase=DEMO_PASSPHRASE,
            own_paths=JournalPaths.default(),
            sample_spec=spec,
            early_key=early,
        )
    except KeychainError as exc:  # pragma: no cover - the GUI handles its own errors
        print(f"journal: {exc}", file=sys.stderr)
        return exc.exit_code


def _write_sample(paths: JournalPaths, spec: SampleSpec) -> None:
    from journal.cli import terminal
    from journal.core import sample
    from journal.core.journal import Journal

    journal = Journal.create(paths, DEMO_PASSPHRASE)
    try:
        people, entries = sample.populate(
            journal,
            spec,
            progress=lambda done, total: terminal.raw(sys.stderr).write(
                f"\rWriting sample entries: {done}/{total}"
            ),
        )
        print(file=sys.stderr)
        print(
            f"Created a sample journal with {people} people and {entries} entries in "
            f"{paths.root} (passphrase: {DEMO_PASSPHRASE!r})."
        )
    finally:
        journal.close()
