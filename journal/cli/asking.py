"""ask and introductions: who could help with something, and who should meet.

The same answers as the app's question box (Ctrl+Shift+K), from the same core
(``journal.core.ask``, ``journal.core.introductions``).
"""

from __future__ import annotations

import argparse
import textwrap

from journal.cli.common import (
    CliError,
    add_common_options,
    open_journal,
    print_json,
    resolve_person,
)
from journal.core import ask as ask_core
from journal.core import introductions, operations

WIDTH = 88


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "ask",
        help="who could help with something, and why",
        description='Who in your journal could help: journal ask "a translator for '
        'Japanese contracts". With --answered-by NAME, records that NAME helped (a '
        '"received" in the give-and-take ledger).',
    )
    add_common_options(p)
    p.add_argument("question", help="what you need, in your own words")
    p.add_argument("--limit", type=int, default=5, help="how many people (default 5)")
    p.add_argument("--json", action="store_true", help="the answers as JSON")
    p.add_argument(
        "--answered-by", metavar="NAME", help="record that NAME helped with this question"
    )
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser(
        "introductions",
        help="people in your journal who should meet, and why",
        description="Pairs whose needs and offers match: one is working on something another "
        "can help with. --made A B records an introduction (a give to both, and a link); "
        "--never A B keeps a pair from being suggested again.",
    )
    add_common_options(p)
    p.add_argument("--json", action="store_true", help="the candidates as JSON")
    p.add_argument("--limit", type=int, default=10, help="how many pairs (default 10)")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--made", nargs=2, metavar=("A", "B"), help="you introduced A and B")
    group.add_argument("--never", nargs=2, metavar=("A", "B"), help="never suggest A and B")
    group.add_argument(
        "--dismiss", action="store_true", help="put away this week's suggestion on Today"
    )
    p.set_defaults(func=cmd_introductions)


def cmd_ask(args: argparse.Namespace) -> int:
    question = " ".join(args.question.split())
    if not question:
        raise CliError('Say what you need, for example: journal ask "advice on moving to Montreal"')
    if args.limit < 1:
        raise CliError("--limit must be 1 or more.")
    with open_journal(args) as journal:
        if args.answered_by:
            person_id = resolve_person(journal, args.answered_by)
            ask_core.record_answered(journal, person_id, question)
            name = journal.person(person_id).name
            print(f"Noted: {name} helped with “{question}” (in the ledger as received).")
            return 0
        answers = ask_core.ask(journal, question, limit=args.limit)
    if args.json:
        print_json({"question": question, "answers": [a.as_json() for a in answers]})
        return 0
    print(render(question, answers), end="")
    return 0


def render(question: str, answers: list[ask_core.Answer]) -> str:
    if not answers:
        return (
            f"No one in your journal matches “{question}” yet.\n"
            "Try other words (a field, a role, a place), or add what people can help with "
            "on their pages.\n"
        )
    out = [f"Who could help with “{question}”:", ""]
    for n, answer in enumerate(answers, 1):
        out.append(f"{n}. {answer.name}")
        lines = [f"Why: {'; '.join(answer.why)}.", answer.closeness + "."]
        if answer.reciprocity:
            lines.append(answer.reciprocity)
        if answer.introducer is not None:
            lines.append(answer.introducer.sentence)
        for line in lines:
            out.extend(textwrap.wrap(line, WIDTH, initial_indent="   ", subsequent_indent="   "))
        out.append("")
    return "\n".join(out)


def cmd_introductions(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        if args.made or args.never:
            a, b = (resolve_person(journal, n) for n in (args.made or args.never))
            if a == b:
                raise CliError("Name two different people.")
            names = [journal.person(x).name for x in (a, b)]
            week = introductions.for_today(journal)
            this_week = week is not None and {a, b} == {
                week.need_person_id,
                week.offer_person_id,
            }
            if args.made:
                if this_week and week is not None:  # the week's suggestion is answered too
                    operations.answer_introduction(journal, week, "introduced")
                else:
                    operations.run(
                        journal,
                        f"Note that you introduced {names[0]} and {names[1]}",
                        introductions.record_introduction,
                        journal,
                        a,
                        b,
                    )
                print(f"Noted: you introduced {names[0]} and {names[1]} (a give to both).")
            else:
                if this_week and week is not None:
                    operations.answer_introduction(journal, week, "never")
                else:
                    operations.run(
                        journal,
                        f"Never suggest {names[0]} and {names[1]} again",
                        introductions.never_introduce,
                        journal,
                        a,
                        b,
                    )
                print(f"{names[0]} and {names[1]} will not be suggested to meet again.")
            return 0
        if args.dismiss:
            week = introductions.for_today(journal)
            if week is None:
                print("No introduction is suggested this week.")
                return 0
            operations.answer_introduction(journal, week, "dismiss")
            print("Put away: no other introduction will be suggested until Monday.")
            return 0
        found = introductions.candidates(journal, limit=args.limit)
    if args.json:
        print_json([i.as_json() for i in found])
        return 0
    if not found:
        print(
            "No introductions to suggest yet: they come from what people are working on "
            "and what others can help with."
        )
        return 0
    for n, intro in enumerate(found, 1):
        print(
            textwrap.fill(intro.sentence, WIDTH, initial_indent=f"{n}. ", subsequent_indent="   ")
        )
    return 0
