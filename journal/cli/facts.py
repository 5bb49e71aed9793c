"""act, facts, fact, followups, followup, edit: what the app's person page and Today do,
from a terminal.

Every command names a person the way ``show`` does and calls the same core functions as
the app (``operations.act_on_person``, ``facts``, ``person_fields``), so a fact finished
here is finished everywhere, and a promise kept here is a give in the ledger.
"""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from typing import Any

from journal.cli.common import (
    CliError,
    add_common_options,
    date_option,
    open_journal,
    print_json,
    resolve_person,
)
from journal.core import facts, operations, person_fields
from journal.core.journal import Journal
from journal.core.model import Facet, FacetKind, FactStatus, FollowUp
from journal.core.wording import format_date


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("act", help="done, skip, snooze or mute someone's check-in of the day")
    add_common_options(p)
    p.add_argument("name")
    p.add_argument("action", choices=["done", "skip", "snooze", "mute", "unmute"])
    p.add_argument("--until", metavar="YYYY-MM-DD", help="snooze until this day (default: a week)")
    p.set_defaults(func=cmd_act)

    p = sub.add_parser("facts", help="what is known about someone, with status and dates")
    add_common_options(p)
    p.add_argument("name")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_facts)

    p = sub.add_parser("fact", help="add a fact about someone, or change a fact's status")
    add_common_options(p)
    p.add_argument("name")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument(
        "--add",
        nargs=2,
        metavar=("KIND", "TEXT"),
        help="a new fact: its kind (" + ", ".join(str(k) for k in FacetKind) + ") and its text",
    )
    group.add_argument(
        "--status",
        nargs=2,
        metavar=("ID", "STATUS"),
        help="a fact's id (from `journal facts`) and ongoing, done or cancelled",
    )
    group.add_argument("--confirm", metavar="ID", help="heard today that it is still true")
    p.set_defaults(func=cmd_fact)

    p = sub.add_parser("followups", help="open promises and follow-ups")
    add_common_options(p)
    p.add_argument("name", nargs="?")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_followups)

    p = sub.add_parser("followup", help="mark a follow-up done (a kept promise is a give)")
    add_common_options(p)
    p.add_argument("id")
    p.add_argument("--done", action="store_true", required=True)
    p.set_defaults(func=cmd_followup)

    p = sub.add_parser("edit", help="change someone's details: --set FIELD=VALUE")
    add_common_options(p)
    p.add_argument("name")
    p.add_argument(
        "--set",
        dest="values",
        action="append",
        metavar="FIELD=VALUE",
        required=True,
        help="pronouns, deceased=DATE, birthday, met_on, circle, cadence, organisation, ...",
    )
    p.set_defaults(func=cmd_edit)


# -- act ----------------------------------------------------------------------------------------


def cmd_act(args: argparse.Namespace) -> int:
    until = date_option(args.until, "--until")
    if until is not None and args.action != "snooze":
        raise CliError("--until only goes with snooze.")
    with open_journal(args) as journal:
        person_id = resolve_person(journal, args.name)
        person = journal.person(person_id)
        if args.action in ("mute", "unmute"):
            operations.set_muted(journal, person_id, args.action == "mute")
            print(
                f"Muted {person.display_name}: no check-in suggestions until you unmute them."
                if args.action == "mute"
                else f"Unmuted {person.display_name}: check-in suggestions are back on."
            )
            return 0
        operations.act_on_person(journal, person_id, args.action, until)
        name = person.display_name
        if args.action == "done":
            print(f"Marked {name} done for today: the clock starts again from today.")
        elif args.action == "snooze":
            day = until or journal.clock.today() + timedelta(days=7)
            print(f"Snoozed {name} until {format_date(day)}.")
        else:
            print(f"Skipped {name} for now.")
    return 0


# -- facts ----------------------------------------------------------------------------------------


def short_id(item_id: str) -> str:
    return item_id[:8]


def fact_json(facet: Facet) -> dict[str, Any]:
    return {
        "id": facet.id,
        "kind": str(facet.kind),
        "text": facet.text,
        "detail": facet.detail,
        "status": str(facet.status),
        "noted_on": _iso(facet.noted_on),
        "confirmed_on": _iso(facet.last_confirmed),
        "status_changed_on": _iso(facet.status_changed_on),
        "event_date": _iso(facet.event_date),
        "ask_again_on": _iso(facet.ask_again_on),
        "mention_ok": bool(facet.mention_ok),
        "shared": facet.shared,
    }


def fact_line(facet: Facet) -> str:
    """One line of ``journal facts``: id, kind, text, and where it stands."""
    parts = []
    if facet.event_date:  # "Is moving to Lisbon (1 Mar 2027, ...)": the proposal said when
        parts.append(_d(facet.event_date))
    if facet.status is FactStatus.DONE:
        parts.append(f"done {_d(facet.status_changed_on)}".strip())
    elif facet.status is FactStatus.CANCELLED:
        parts.append(f"cancelled {_d(facet.status_changed_on)}".strip())
    if facet.noted_on:
        parts.append(f"noted {_d(facet.noted_on)}")
    if facet.confirmed_on and facet.confirmed_on != facet.noted_on:
        parts.append(f"last confirmed {_d(facet.confirmed_on)}")
    if not facet.mention_ok:
        parts.append("private")
    status = f" ({', '.join(parts)})" if parts else ""
    return f"[{short_id(facet.id)}] {facet.kind.label}: {facet.text}{status}"


def cmd_facts(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        person = journal.person(resolve_person(journal, args.name))
        known = facts.facts_of(journal, person.id)
        if args.json:
            print_json({"person": person.name, "facts": [fact_json(f) for f in known]})
            return 0
        if not known:
            print(
                f"Nothing recorded about {person.name} yet. Add something with: "
                f'journal fact "{person.name}" --add working_on "TEXT"'
            )
            return 0
        print(f"What you know about {person.name}:")
        for facet in known:
            print(f"  {fact_line(facet)}")
    return 0


def _find_fact(journal: Journal, person_id: str, prefix: str) -> Facet:
    known = facts.facts_of(journal, person_id)
    found = [f for f in known if f.id.startswith(prefix.strip())] if prefix.strip() else []
    if not found:
        raise CliError(f"No fact {prefix!r} for this person; `journal facts NAME` lists them.")
    if len(found) > 1:
        raise CliError(f"{prefix!r} starts more than one fact id; type more of it.")
    return found[0]


def cmd_fact(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        person_id = resolve_person(journal, args.name)
        person = journal.person(person_id)
        on = journal.clock.today()
        if args.add:
            kind, text = args.add
            fact_id = operations.run(
                journal, f"Add “{text}”", facts.add_fact, journal, person_id, kind, text, on=on
            ).result
            label = facts.fact(journal, fact_id).kind.label
            # The id in brackets, as `journal facts` lists it.
            print(f"Noted about {person.name} [{short_id(fact_id)}]: {label} — {text}")
        elif args.status:
            prefix, status = args.status
            facet = _find_fact(journal, person_id, prefix)
            operations.set_fact_status(journal, facet.id, status, on=on)
            word = {"done": "done", "cancelled": "cancelled", "ongoing": "ongoing again"}
            print(f"Marked “{facet.text}” {word[str(facts.parse_status(status))]}.")
        else:
            facet = _find_fact(journal, person_id, args.confirm)
            operations.confirm_fact(journal, facet.id, on=on)
            print(f"Confirmed “{facet.text}” as still true today.")
    return 0


# -- follow-ups ------------------------------------------------------------------------------------


def followup_json(item: FollowUp, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": item.id,
        "text": item.text,
        "person_id": item.person_id,
        "person_name": names.get(item.person_id or ""),
        "due_on": _iso(item.due_on),
        "done_on": _iso(item.done_on),
        "entry_id": item.entry_id,
    }


def cmd_followups(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        person_id = resolve_person(journal, args.name) if args.name else None
        items = journal.open_follow_ups(person_id)
        ids = sorted({i.person_id for i in items if i.person_id})
        names = {p.id: p.display_name for p in journal.people(ids)}
        if args.json:
            print_json([followup_json(i, names) for i in items])
            return 0
        if not items:
            print("No open follow-ups." if person_id is None else "No open follow-ups with them.")
            return 0
        for item in items:
            who = f" — {names[item.person_id]}" if item.person_id in names else ""
            due = f" (due {_d(item.due_on)})" if item.due_on else ""
            print(f"[{short_id(item.id)}] {item.text}{due}{who}")
        print("Mark one kept with: journal followup ID --done")
    return 0


def cmd_followup(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        items = [i for i in journal.open_follow_ups() if i.id.startswith(args.id.strip())]
        if not args.id.strip() or not items:
            raise CliError(
                f"No open follow-up {args.id!r}; `journal followups` lists them with their ids."
            )
        if len(items) > 1:
            raise CliError(f"{args.id!r} starts more than one follow-up id; type more of it.")
        item = items[0]
        kept = operations.keep_promise(journal, item.id, on=journal.clock.today()).result
        if kept.ledger_id and item.person_id:
            name = journal.person(item.person_id).display_name
            print(f"Marked “{item.text}” done, and noted it as something you gave {name}.")
        else:
            print(f"Marked “{item.text}” done.")
    return 0


# -- edit ------------------------------------------------------------------------------------------


def cmd_edit(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        person = journal.person(resolve_person(journal, args.name))
        changed = []
        for item in args.values:
            field, sep, value = item.partition("=")
            if not sep:
                raise CliError(f"--set {item!r} needs FIELD=VALUE, like --set pronouns=she.")
            changed.append(person_fields.set_field(person, field, value))
        operations.save_person(journal, person)
        print(f"Saved {person.name}: {', '.join(f.replace('_', ' ') for f in changed)}.")
        if person.deceased_on is not None and "deceased_on" in changed:
            print(
                f"{person.display_name} died on {format_date(person.deceased_on)}; their page and "
                "entries stay, and Rapport will make no check-in suggestions or birthday "
                "reminders for them."
            )
    return 0


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _d(day: date | None) -> str:
    return f"{format_date(day)}" if day else ""
