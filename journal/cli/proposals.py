"""What Rapport noticed in what you wrote: shown after `log`, reviewed with `proposals`.

``report_detected`` is called at the end of ``journal log``: it prints what the entry
proposes (numbered, with the sentence each came from) and keeps it pending, or with
``--accept-detected`` applies it and says what changed. ``journal proposals`` lists what
waits for review and ``journal proposal ID accept|dismiss`` decides one, so the command
line can do what the review in the app does.
"""

from __future__ import annotations

import argparse

from journal.cli.common import (
    add_common_options,
    open_journal,
    print_json,
    resolve_person,
)
from journal.core import operations
from journal.core.journal import Journal
from journal.core.proposals import (
    Proposal,
    describe,
    describe_applied,
    pending_proposals,
    proposal,
)

SHORT_ID = 8


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("proposals", help="list what Rapport noticed in entries, waiting for review")
    add_common_options(p)
    p.add_argument("name", nargs="?", help="only what is about this person")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_proposals)

    p = sub.add_parser("proposal", help="accept or dismiss one thing Rapport noticed")
    add_common_options(p)
    p.add_argument("id", help="its ID, in brackets in `journal proposals` (the first letters do)")
    p.add_argument("action", choices=["accept", "dismiss"])
    p.add_argument("--text", help="keep it in these words instead (new facts, promises, events)")
    p.set_defaults(func=cmd_proposal)


def report_detected(journal: Journal, entry_id: str, *, accept: bool) -> None:
    """Print what the entry just logged proposes; with ``accept``, apply it all first."""
    found = pending_proposals(journal, entry_id=entry_id)
    if not found:
        return
    if accept:
        print("Noticed and applied:")
        accepted, _ = operations.decide_proposals(
            journal, [(item.id, None) for item in found], []
        ).result
        for n, done in enumerate(accepted, 1):
            print(f"  {n}. {describe_applied(done)}")
        return
    print("Noticed:")
    for n, item in enumerate(found, 1):
        _print_one(n, item)
    print(
        "Kept for review: `journal proposal ID accept` (or dismiss) with the ID in "
        "brackets, or log with --accept-detected to apply what is noticed."
    )


def _print_one(n: int, item: Proposal) -> None:
    print(f"  {n}. {describe(item)}  [{item.id[:SHORT_ID]}]")
    print(f"     from: “{item.sentence}”")


def cmd_proposals(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        person_id = resolve_person(journal, args.name) if args.name else None
        found = pending_proposals(journal, person_id=person_id)
        if args.json:
            print_json([p.to_json() for p in found])
            return 0
        if not found:
            print("Nothing waits for review.")
            return 0
        for n, item in enumerate(found, 1):
            _print_one(n, item)
        print("Accept or dismiss one with: journal proposal ID accept|dismiss (the ID in brackets)")
    return 0


def cmd_proposal(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        item = proposal(journal, args.id.strip("[]"))
        if args.action == "dismiss":
            operations.decide_proposals(journal, [], [item.id])
            print(f"Dismissed: {describe(item)}")
            return 0
        [done], _ = operations.decide_proposals(journal, [(item.id, args.text)], []).result
        print(describe_applied(done))
    return 0
