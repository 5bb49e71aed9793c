"""link, unlink, links, merge, bulk: how people relate, merging duplicates, and editing
many people at once, from a terminal."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date

from journal.cli.common import (
    CliError,
    add_common_options,
    ask_yes_no,
    open_journal,
    print_json,
    resolve_person,
)
from journal.core import bulk, links, merge, operations
from journal.core.errors import NotFound
from journal.core.journal import Journal
from journal.core.model import Circle, NetworkKind
from journal.core.people import PeopleQuery
from journal.core.wording import plural


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "link",
        help="record how two people relate",
        description="Record that the first person is the second's ROLE, e.g. "
        '`journal link "Leo Lima" --as son "Ana Lima"` or '
        "`journal link Kofi --as introduced-by Ana --since 2023-05-12`.",
    )
    add_common_options(p)
    p.add_argument("first", metavar="NAME")
    p.add_argument(
        "--as",
        dest="role",
        required=True,
        metavar="ROLE",
        help="what NAME is to OTHER: " + ", ".join(sorted(links.ROLES)),
    )
    p.add_argument("second", metavar="OTHER")
    p.add_argument(
        "--since", metavar="YYYY-MM-DD", help="since when (for an introduction: when it happened)"
    )
    p.add_argument("--note", default="")
    p.add_argument(
        "--ok-to-mention",
        action="store_true",
        default=None,
        help="reminders may bring this family link up (off by default for family)",
    )
    p.set_defaults(func=cmd_link)

    p = sub.add_parser("unlink", help="remove links between two people (to the trash)")
    add_common_options(p)
    p.add_argument("first", metavar="NAME")
    p.add_argument("second", metavar="OTHER")
    p.add_argument("--as", dest="role", metavar="ROLE", help="only this kind of link")
    p.set_defaults(func=cmd_unlink)

    p = sub.add_parser("links", help="list how one person relates to others")
    add_common_options(p)
    p.add_argument("name", metavar="NAME")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_links)

    p = sub.add_parser(
        "merge",
        help="merge duplicate records of one person",
        description="Merge two or more people into one. Everyone called NAME is included, "
        'so `journal merge "Ana Lima"` merges every Ana Lima. Entries, follow-ups, '
        "gives and receives, links and reminder state move to the person kept; the others "
        "go to the trash, and restoring them from there undoes the merge.",
    )
    add_common_options(p)
    p.add_argument("names", nargs="*", metavar="NAME")
    p.add_argument(
        "--undo",
        action="store_true",
        help="undo the latest merge (bring the merged-away people back)",
    )
    p.add_argument(
        "--keep",
        metavar="N",
        type=int,
        help="keep person N of the list shown (default: the most written about)",
    )
    p.add_argument(
        "--take",
        action="append",
        default=[],
        metavar="FIELD=N",
        help="take FIELD from person N (repeatable), e.g. --take organisation=2; "
        "fields: " + ", ".join(f.key for f in merge.MERGE_FIELDS),
    )
    p.add_argument("--dry-run", action="store_true", help="show the plan and stop")
    p.add_argument("--yes", action="store_true", help="merge without asking")
    p.set_defaults(func=cmd_merge)

    register_bulk(sub)

    p = sub.add_parser(
        "undo",
        help="undo the latest change (the app's Edit ▸ Undo)",
        description="Undo the latest change made in the app or here, one step each time "
        "(the same list as the app's Edit ▸ Undo). Exits 12 when there is nothing to undo.",
    )
    add_common_options(p)
    p.set_defaults(func=cmd_undo)


def register_bulk(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "bulk",
        help="change many people at once (circle, cadence, tags, archive, trash)",
        description="Choose people by NAME and/or --tag/--circle, and one change. Each run "
        "is one transaction; `journal bulk --undo` undoes the last one.",
    )
    add_common_options(p)
    p.add_argument("names", nargs="*", metavar="NAME", help="people by name")
    p.add_argument("--tag", help="everyone with this tag")
    p.add_argument(
        "--circle",
        dest="in_circle",
        choices=[c.value for c in Circle],
        help="everyone in this circle",
    )
    change = p.add_mutually_exclusive_group()
    change.add_argument("--set-circle", choices=[c.value for c in Circle])
    change.add_argument(
        "--cadence",
        metavar="DAYS|default",
        help="check in every DAYS days, or as the circle suggests",
    )
    change.add_argument("--add-tag", action="append", metavar="TAG")
    change.add_argument("--remove-tag", action="append", metavar="TAG")
    change.add_argument("--add-kind", choices=[k.value for k in NetworkKind])
    change.add_argument("--remove-kind", choices=[k.value for k in NetworkKind])
    change.add_argument("--archive", action="store_true")
    change.add_argument("--unarchive", action="store_true")
    change.add_argument("--trash", action="store_true", help="move them to the trash")
    change.add_argument("--undo", action="store_true", help="undo the last bulk change")
    p.add_argument(
        "--yes",
        action="store_true",
        help=f"do not ask first (asked from {bulk.CONFIRM_AT} people, or for --trash)",
    )
    p.set_defaults(func=cmd_bulk)


def _bulk_selection(journal: Journal, args: argparse.Namespace) -> list[str]:
    ids = [resolve_person(journal, name) for name in args.names]
    if args.tag or args.in_circle:
        rows = journal.query_people(
            PeopleQuery(
                tag=args.tag,
                circle=Circle(args.in_circle) if args.in_circle else None,
                include_archived=args.unarchive,
            )
        )
        ids += [r.id for r in rows]
    return list(dict.fromkeys(ids))


def _bulk_action(
    journal: Journal, args: argparse.Namespace, ids: list[str]
) -> Callable[[], bulk.BulkChange] | None:
    if args.set_circle:
        return lambda: bulk.set_circle(journal, ids, Circle(args.set_circle))
    if args.cadence:
        if args.cadence != "default" and not args.cadence.isdigit():
            raise CliError("--cadence takes a number of days, or 'default'.")
        days = None if args.cadence == "default" else int(args.cadence)
        return lambda: bulk.set_cadence(journal, ids, days)
    if args.add_tag:
        return lambda: bulk.add_tags(journal, ids, args.add_tag)
    if args.remove_tag:
        return lambda: bulk.remove_tags(journal, ids, args.remove_tag)
    if args.add_kind or args.remove_kind:
        kind = NetworkKind(args.add_kind or args.remove_kind)
        mode = "add" if args.add_kind else "remove"
        return lambda: bulk.set_network_kinds(journal, ids, [kind], mode=mode)
    if args.archive or args.unarchive:
        return lambda: bulk.set_archived(journal, ids, args.archive)
    if args.trash:
        return lambda: bulk.delete(journal, ids)
    return None


def cmd_bulk(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        if args.undo:
            print(operations.undo(journal, group="bulk").done)
            return 0
        ids = _bulk_selection(journal, args)
        if not ids:
            raise CliError("No one is selected: give names, --tag or --circle.")
        action = _bulk_action(journal, args, ids)
        if action is None:
            raise CliError("Say what to change, e.g. --set-circle close or --add-tag mentor.")
        if not args.yes and (len(ids) >= bulk.CONFIRM_AT or (args.trash and len(ids) > 1)):
            names = ", ".join(p.name for p in journal.people(ids[:5]))
            more = f" and {len(ids) - 5} more" if len(ids) > 5 else ""
            print(f"This changes {len(ids)} people: {names}{more}.")
            if not sys.stdin.isatty():
                raise CliError("Nothing was changed: add --yes to change them without asking.")
            if not ask_yes_no("Go ahead? [y/N] "):
                print("Nothing was changed.")
                return 0
        change = operations.bulk(journal, action).result
        print(f"{change.description}. To undo: journal bulk --undo")
    return 0


def _parse_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(f"{text!r} is not a date like 2023-05-12.") from None


def cmd_link(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        first = resolve_person(journal, args.first)
        second = resolve_person(journal, args.second)
        link = operations.add_link(
            journal,
            first,
            args.role,
            second,
            since=_parse_date(args.since),
            note=args.note,
            mention_ok=args.ok_to_mention,
        ).result
        print(links.view(link, second, _names(journal, [first, second])).sentence)
    return 0


def cmd_unlink(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        first = resolve_person(journal, args.first)
        second = resolve_person(journal, args.second)
        kind = links.parse_role(args.role).kind if args.role else None
        found = [
            v.link
            for v in links.links_for(journal, first)
            if v.other_id == second and (kind is None or v.link.kind is kind)
        ]
        if not found:
            raise CliError("Those two are not linked" + (f" as {args.role}." if kind else "."))
        other = journal.person(second).display_name
        label = f"Remove the link with {other}" if len(found) == 1 else f"Remove links with {other}"
        operations.run(journal, label, lambda: [links.remove_link(journal, lk.id) for lk in found])
        print(f"Moved {plural(len(found), 'link')} to the trash.")
    return 0


def cmd_links(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        views = links.links_for(journal, resolve_person(journal, args.name))
        if args.json:
            print_json(
                [
                    {
                        "id": v.link.id,
                        "kind": v.link.kind.value,
                        "other_id": v.other_id,
                        "other": v.other_name,
                        "relation": v.relation,
                        "sentence": v.sentence,
                        "mention_ok": v.link.mention_ok,
                        "since": v.link.since.isoformat() if v.link.since else None,
                    }
                    for v in views
                ]
            )
            return 0
        if not views:
            print(f"No links yet. Add one with: journal link {args.name!r} --as friend NAME")
        for v in views:
            print(v.sentence)
    return 0


def _names(journal: Journal, ids: list[str]) -> dict[str, str]:
    return {p.id: p.display_name for p in journal.people(ids)}


def print_links(journal: Journal, person_id: str) -> None:
    """The "Links" lines of ``journal show``."""
    views = links.links_for(journal, person_id)
    if views:
        print("  Links:")
        for v in views:
            print(f"    {v.sentence}")


# -- merge --------------------------------------------------------------------------------------


def _merge_candidates(journal: Journal, names: list[str]) -> list[str]:
    ids: list[str] = []
    for name in names:
        matches = journal.find_people(name)
        if not matches:
            resolve_person(journal, name)  # raises with "did you mean"
        ids += [p.id for p in matches if p.id not in ids]
    if len(ids) < 2:
        near = [
            r
            for r in journal.query_people(
                PeopleQuery(text=names[0], limit=6, include_archived=True)
            )
            if r.id not in ids
        ]
        hint = (
            " Others with a similar name: " + ", ".join(r.name for r in near) + "." if near else ""
        )
        raise CliError("Only one person matches, so there is nothing to merge." + hint)
    return ids


def _apply_options(args: argparse.Namespace, proposal: merge.MergeProposal) -> merge.MergePlan:
    order = [s.person.id for s in proposal.sides]
    plan = proposal.plan

    def pick(number: int) -> str:
        if not 1 <= number <= len(order):
            raise CliError(f"Choose a person between 1 and {len(order)}.")
        return order[number - 1]

    if args.keep:
        plan = plan.with_survivor(pick(args.keep))
    for item in args.take:
        key, _, number = item.partition("=")
        if key not in {f.key for f in merge.MERGE_FIELDS} or not number.isdigit():
            raise CliError(f"--take {item!r}: write FIELD=N, e.g. organisation=2.")
        plan.choices[key] = pick(int(number))
    return plan


def _show_plan(proposal: merge.MergeProposal, plan: merge.MergePlan) -> None:
    order = [s.person.id for s in proposal.sides]
    for number, side in enumerate(proposal.sides, start=1):
        keep = "  (kept)" if side.person.id == plan.survivor_id else ""
        org = f", {side.person.organisation}" if side.person.organisation else ""
        counts = ", ".join(
            _count(n, word)
            for n, word in (
                (side.entries, "entry"),
                (side.follow_ups, "follow-up"),
                (side.ledger, "give or receive"),
                (side.links, "link"),
            )
        )
        print(f"{number}. {side.person.name}{org}: {counts}{keep}")
    print()
    print("The merged person:")
    for item in merge.MERGE_FIELDS:
        choice = plan.choices.get(item.key, plan.survivor_id)
        if choice == merge.COMBINE:
            text = merge.preview(proposal, plan).notes.replace("\n\n", " / ")
            source = "all"
        else:
            person = proposal.sides[order.index(choice)].person
            text, source = merge.field_text(person, item.key), str(order.index(choice) + 1)
        others = {merge.field_text(s.person, item.key) for s in proposal.sides} - {""}
        if text or others:
            mark = f" [from {source}]" if len(others) > 1 else ""
            print(f"  {item.label}: {text or '—'}{mark}")
    result = merge.preview(proposal, plan)
    print(
        f"  Channels: {len(result.channels)}, details: {len(result.facets)}, "
        f"tags: {', '.join(result.tags) or 'none'}"
    )


def _count(n: int, word: str) -> str:
    """ "1 entry", "2 gives and receives" (wording's plural, with the one phrase it
    cannot guess)."""
    return plural(n, word, "gives and receives" if word == "give or receive" else None)


def cmd_undo(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        print(operations.undo(journal).done)
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    if args.undo:
        return _undo_merge(args)
    if not args.names:
        raise CliError('Name the people to merge, e.g. journal merge "Ana Lima" "A. Lima".')
    with open_journal(args) as journal:
        ids = _merge_candidates(journal, args.names)
        proposal = merge.propose(journal, ids)
        plan = _apply_options(args, proposal)
        _show_plan(proposal, plan)
        if args.dry_run:
            return 0
        if not args.yes:
            if not sys.stdin.isatty():
                raise CliError("Nothing was merged: add --yes to merge without being asked.")
            if not ask_yes_no(f"Merge these {len(ids)} people? [y/N] "):
                print("Nothing was merged.")
                return 0
        result = operations.merge(journal, plan).result
        kept = journal.person(result.survivor_id)
        print(
            f"Merged {len(result.merged_ids) + 1} records into {kept.name}. To undo: "
            "journal merge --undo (or restore it from the trash)."
        )
    return 0


def _undo_merge(args: argparse.Namespace) -> int:
    """The latest merge, through the undo log (what Ctrl+Z uses); a merge made before
    the log existed is restored from the trash as before."""
    with open_journal(args) as journal:
        try:
            print(operations.undo(journal, group="merge").done)
            return 0
        except NotFound:
            item = next((t for t in journal.trash() if t.kind == "merge"), None)
            if item is None:
                raise
        operations.restore(journal, item.id)
        print(f"Undone: {item.label}.")
    return 0
