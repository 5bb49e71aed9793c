"""``journal today``: the day's check-ins with their reasons."""

from __future__ import annotations

import argparse
import contextlib
import shlex
import textwrap
from datetime import date
from typing import Any

from journal.cli.common import add_common_options, date_option, open_journal, print_json
from journal.core import engine
from journal.core.errors import JournalError
from journal.core.introductions import Introduction
from journal.core.journal import Journal
from journal.core.wording import every


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("today", help="who to get in touch with today, and why")
    add_common_options(p)
    p.add_argument(
        "--date", metavar="YYYY-MM-DD", help="the check-ins for another day (default: today)"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_today)


def cmd_today(args: argparse.Namespace) -> int:
    on = date_option(args.date)
    with open_journal(args) as journal:
        suggestions = engine.today(journal, on)
        if on is None:
            # What the user sees is logged for the insights; a read-only journal still shows.
            with contextlib.suppress(JournalError):
                engine.mark_shown(journal, suggestions)
        day = on or journal.clock.today()
        if not args.json:
            # The check-ins first: the week's first run works out the week's introduction
            # (every need against every offer, a moment on a big journal) after them.
            print(format_day(day, suggestions), flush=True)
        reflect = reflect_waiting(journal) if on is None else []
        introduction = engine.introduction(journal, day)
    if args.json:
        print_json(
            {
                "date": day.isoformat(),
                "suggestions": [s.to_json() for s in suggestions],
                "to_reflect_on": [m.to_json() for m in reflect],
                "introduction": introduction.as_json() if introduction else None,
            }
        )
        return 0
    if introduction is not None:
        print()
        print(format_introduction(introduction))
    if reflect:
        from journal.cli.meetings import waiting_lines

        print()
        print("\n".join(waiting_lines(reflect)))
    return 0


def reflect_waiting(journal: Journal) -> list[Any]:
    """Meetings from the calendar waiting for a reflection (none without a calendar)."""
    from journal.cli.meetings import waiting

    with contextlib.suppress(JournalError):
        return waiting(journal)
    return []


def format_day(day: date, suggestions: list[engine.Suggestion]) -> str:
    heading = f"Check-ins for {day:%A} {day.day} {day:%B %Y}"
    if not suggestions:
        return heading + "\n\nNo one is due today. A good day to write down a recent conversation."
    lines = [heading, ""]
    for number, s in enumerate(suggestions, 1):
        lines.append(f"{number}. {s.person_name}")
        for label, text in (
            ("", s.action),
            ("Why: ", s.reason),
            ("Give first: ", s.give_first or ""),
        ):
            if text:
                lines.extend(
                    textwrap.wrap(
                        label + text,
                        width=88,
                        initial_indent="   ",
                        subsequent_indent="   ",
                        break_on_hyphens=False,
                    )
                )
        if s.offer_longer_cadence:
            lines.append(
                f"   You have skipped {s.person_name} three times in a row: check in "
                f"{every(s.offer_longer_cadence)} instead?"
            )
        lines.append("")
    return "\n".join(lines).rstrip()


def format_introduction(intro: Introduction) -> str:
    """The week's "Who should meet?" and the commands that answer it."""
    lines = ["Who should meet? (this week)"]
    lines += textwrap.wrap(intro.sentence, width=88, initial_indent="   ", subsequent_indent="   ")
    pair = f"{_quoted(intro.need_person)} {_quoted(intro.offer_person)}"
    lines.append(f"   Done: journal introductions --made {pair}")
    lines.append(f"   Not these two: journal introductions --never {pair}")
    lines.append("   Not this week: journal introductions --dismiss")
    return "\n".join(lines)


def _quoted(name: str) -> str:
    """A name as a shell argument a person can paste."""
    return shlex.quote(name)
