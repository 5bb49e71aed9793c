"""``journal calendar``, ``journal meetings`` and ``journal brief``: the calendar files
Rapport reads, the meetings it found in them, and the brief before one."""

from __future__ import annotations

import argparse
from datetime import date, datetime, time, timedelta

from journal.cli.common import (
    CliError,
    add_common_options,
    date_option,
    open_journal,
    print_json,
    resolve_person,
)
from journal.core import brief as brief_core
from journal.core import operations
from journal.core.calendar import meetings, prompts
from journal.core.journal import Journal


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cal = sub.add_parser(
        "calendar", help="the calendar files (.ics, or folders of them) Rapport reads"
    )
    add_common_options(cal)
    cal_sub = cal.add_subparsers(dest="calendar_command", metavar="ACTION", required=True)
    add = cal_sub.add_parser("add", help="read meetings from an .ics file or a folder of them")
    add_common_options(add)
    add.add_argument("path")
    add.set_defaults(func=cmd_calendar_add)
    listing = cal_sub.add_parser("list", help="the calendars read, and your own addresses")
    add_common_options(listing)
    listing.set_defaults(func=cmd_calendar_list)
    remove = cal_sub.add_parser("remove", help="stop reading a calendar file or folder")
    add_common_options(remove)
    remove.add_argument("path")
    remove.set_defaults(func=cmd_calendar_remove)
    me = cal_sub.add_parser(
        "me", help="your own email addresses (to tell you from the people you meet)"
    )
    add_common_options(me)
    me.add_argument("addresses", nargs="*", metavar="ADDRESS")
    me.set_defaults(func=cmd_calendar_me)
    for verb, same, text in (
        ("same", True, "an attendee called NAME is the person of that name in the journal"),
        ("different", False, "an attendee called NAME is someone else (do not match by name)"),
    ):
        answer = cal_sub.add_parser(verb, help=text)
        add_common_options(answer)
        answer.add_argument("name", metavar="NAME")
        answer.set_defaults(func=cmd_calendar_answer, same=same)

    p = sub.add_parser(
        "meetings", help="meetings from your calendar, with whom, and reflected or not"
    )
    add_common_options(p)
    p.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="default: a week ago")
    p.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="default: a week ahead")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_meetings)

    b = sub.add_parser("brief", help="what to remember before meeting someone")
    add_common_options(b)
    b.add_argument("name", nargs="?", help="the person's name")
    b.add_argument(
        "--next", action="store_true", help="everyone in your next meeting with people you know"
    )
    b.add_argument("--json", action="store_true")
    b.set_defaults(func=cmd_brief)


def _sync(journal: Journal, start: date | None = None, end: date | None = None) -> list[str]:
    """Read the calendar files now; returns sentences about files that could not be read."""
    if not meetings.load_settings(journal).sources:
        return []
    first = datetime.combine(start, time(0)) if start else None
    last = datetime.combine(end + timedelta(days=1), time(0)) if end else None
    return list(meetings.sync(journal, start=first, end=last).problems)


def _warn(problems: list[str]) -> None:
    import sys

    for problem in problems:
        print(f"journal: {problem}", file=sys.stderr)


def cmd_calendar_add(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        kept = operations.run(
            journal, "Add a calendar", meetings.add_source, journal, args.path
        ).result
        result = meetings.sync(journal)
        settings = meetings.load_settings(journal)
    _warn(list(result.problems))
    print(f"Reading meetings from {kept}.")
    print(f"{result.meetings} meetings with other people in the coming two weeks and last week.")
    if not settings.own_emails:
        print(
            "Tell Rapport your own address, so it can tell you from the people you meet "
            "and leave out invitations you declined: journal calendar me you@example.org"
        )
    return 0


def cmd_calendar_list(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        settings = meetings.load_settings(journal)
    if not settings.sources:
        print("No calendars yet. Add one with: journal calendar add PATH")
    for source in settings.sources:
        print(source)
    if settings.own_emails:
        print(f"Your addresses: {', '.join(settings.own_emails)}")
    return 0


def cmd_calendar_remove(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        removed = operations.run(
            journal, "Remove a calendar", meetings.remove_source, journal, args.path
        ).result
    print(f"No longer reading {removed}. Meetings already written about stay in the journal.")
    return 0


def cmd_calendar_me(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        settings = meetings.load_settings(journal)
        if args.addresses:
            bad = [a for a in args.addresses if "@" not in a]
            if bad:
                raise CliError(f"{bad[0]!r} is not an email address.")
            settings.own_emails = [a.strip().lower() for a in args.addresses]
            operations.save_calendar_settings(journal, settings)
            _sync(journal)
    if settings.own_emails:
        print(f"Your addresses: {', '.join(settings.own_emails)}")
    else:
        print("No address of yours yet. Set one with: journal calendar me you@example.org")
    return 0


def cmd_calendar_answer(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        person = operations.run(
            journal,
            f"Answer about {args.name}",
            meetings.answer_name,
            journal,
            args.name,
            args.same,
        ).result
    if args.same:
        print(f"{args.name} in your meetings is {person}; remembered.")
    else:
        print(f"{args.name} in your meetings is not {person}; Rapport will not ask again.")
    return 0


def _when(found: meetings.Meeting) -> str:
    day = f"{found.start:%a} {found.start.day} {found.start:%b}"
    if found.all_day:
        return f"{day}, all day"
    return (
        f"{day} {found.start.hour}:{found.start.minute:02d}–{found.end.hour}:{found.end.minute:02d}"
    )


def cmd_meetings(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        today = journal.clock.today()
        start = date_option(args.start, "--from") or today - timedelta(days=7)
        end = date_option(args.end, "--to") or today + timedelta(days=7)
        if end < start:
            raise CliError("--to is before --from: give a later --to date.")
        problems = _sync(journal, start, end)
        found = meetings.meetings_between(journal, start, end)
        done = meetings.reflected_ids(journal, [m.id for m in found])
        now = journal.clock.now()
    _warn(problems)
    rows = []
    for m in found:
        data = m.to_json()
        data["reflected"] = m.reflected or m.id in done
        data["ended"] = m.end <= now
        rows.append(data)
    if args.json:
        print_json({"from": start.isoformat(), "to": end.isoformat(), "meetings": rows})
        return 0
    if not found:
        print(f"No meetings with other people from {start} to {end}.")
        return 0
    for m, data in zip(found, rows, strict=True):
        who = ", ".join(p.name for p in m.people) or "nobody in the journal"
        state = ""
        if data["ended"] and m.people:
            state = "  [reflected]" if data["reflected"] else "  [not reflected yet]"
        if m.resolution == "dismissed":
            state = "  [dismissed]"
        print(f"{_when(m)}  {m.title or '(no title)'}  with {who}{state}")
        for a in m.unmatched:
            maybe = (
                f' (is this {a.candidate_name}? journal calendar same|different "{a.name}")'
                if a.candidate_name
                else ""
            )
            print(f"    also: {a.label}{maybe}")
    return 0


def cmd_brief(args: argparse.Namespace) -> int:
    if bool(args.name) == bool(args.next):
        raise CliError("Give a name, or --next for your next meeting: journal brief Kwame")
    with open_journal(args) as journal:
        heading = ""
        if args.next:
            problems = _sync(journal)
            _warn(problems)
            found = meetings.next_meeting(journal)
            if found is None:
                if args.json:
                    print_json({"meeting": None, "briefs": []})
                else:
                    print("No coming meeting with anyone in the journal.")
                return 0
            briefs = brief_core.meeting_briefs(journal, found.id)
            heading = prompts.brief_text(found).title
            meeting_json = found.to_json()
        else:
            briefs = [brief_core.person_brief(journal, resolve_person(journal, args.name))]
            meeting_json = None
        today = journal.clock.today()
    if args.json:
        payload: dict[str, object] = {"briefs": [b.to_json() for b in briefs]}
        if args.next:
            payload = {"meeting": meeting_json, **payload}
        print_json(payload)
        return 0
    if heading:
        print(heading)
        print("=" * len(heading))
        print()
    print("\n\n".join(brief_core.format_brief(b, today) for b in briefs))
    return 0


def waiting(journal: Journal) -> list[meetings.Meeting]:
    """For ``journal today``: the calendar read now, and the meetings waiting for a
    reflection (none when no calendar is set up)."""
    if not meetings.load_settings(journal).sources:
        return []
    _warn(_sync(journal))
    return meetings.waiting_for_reflection(journal)


def waiting_lines(waiting: list[meetings.Meeting]) -> list[str]:
    lines = ["To reflect on"]
    for m in waiting:
        lines.append(f"  {prompts.reflect_text(m).title}  ({_when(m)})")
    return lines
