"""init, log, people, show, demo: creating a journal and quick capture from a terminal."""

from __future__ import annotations

import argparse
import contextlib
import sys
from datetime import datetime

from journal.cli.common import (
    CliError,
    add_common_options,
    ask_passphrase,
    open_journal,
    paths_from,
    print_json,
    read_passphrase_stdin,
    resolve_person,
)
from journal.cli.compose import read_entry_text
from journal.cli.terminal import one_line
from journal.core import operations
from journal.core.errors import JournalExists
from journal.core.journal import Journal
from journal.core.keys import passphrase_strength
from journal.core.model import EntryKind
from journal.core.paths import JournalPaths
from journal.core.people import PeopleQuery
from journal.core.serialize import person_to_dict
from journal.core.wording import (
    and_list,
    birthday_text,
    channel_label,
    format_date,
    format_datetime,
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("init", help="create a new journal")
    add_common_options(p)
    p.add_argument(
        "--no-keychain", action="store_true", help="do not remember the key on this computer"
    )
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("log", help="add an entry right after a meeting")
    add_common_options(p)
    p.add_argument(
        "--with",
        dest="people",
        action="append",
        metavar="NAME",
        default=[],
        help="someone who was there, by full, first or preferred name (repeat for several)",
    )
    p.add_argument(
        "--new",
        dest="new_people",
        action="append",
        metavar="NAME",
        default=[],
        help="someone new to the journal who was there: added as a new person",
    )
    p.add_argument("--kind", choices=[k.value for k in EntryKind], default="meeting")
    p.add_argument(
        "--when",
        metavar="ISO",
        help="when it happened (default: now); a UTC offset is converted to local time",
    )
    p.add_argument("--title", default="")
    p.add_argument(
        "text",
        nargs="*",
        help="what happened, what you talked about; - reads it from standard input, and "
        "with no text an editor opens ($VISUAL or $EDITOR). Use one of those for anything "
        "private: words on the command line are visible to other users while it runs, "
        "and stay in your shell's history",
    )
    p.add_argument(
        "--accept-detected",
        action="store_true",
        help="apply what Rapport notices in the text (new facts, promises...) and say so",
    )
    p.set_defaults(func=cmd_log)

    p = sub.add_parser("people", help="list people")
    add_common_options(p)
    p.add_argument("--json", action="store_true")
    p.add_argument("--archived", action="store_true", help="include archived people")
    p.set_defaults(func=cmd_people)

    p = sub.add_parser("show", help="show one person")
    add_common_options(p)
    p.add_argument("name")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)


def cmd_init(args: argparse.Namespace) -> int:
    paths = paths_from(args)
    if paths.db.exists():
        raise JournalExists(f"A journal already exists in {paths.root}; nothing was changed.")
    if args.passphrase_stdin:
        passphrase = read_passphrase_stdin()
    else:
        passphrase = ask_passphrase("Choose a passphrase: ")
        _score, hint = passphrase_strength(passphrase)
        print(f"Strength: {hint}", file=sys.stderr)
        if ask_passphrase("Type it again: ") != passphrase:
            raise CliError("The two passphrases differ; nothing was created.")
    journal = _create(paths, passphrase, remember=not args.no_keychain)
    try:
        print(f"Created a journal in {paths.root}.")
        if args.no_keychain:
            print("Its key is not remembered: you will be asked for the passphrase.")
        elif journal.is_remembered():
            print("Its key is remembered in this computer's keychain.")
        else:
            print(
                "No usable keychain was found, so you will be asked for the passphrase each time."
            )
    finally:
        journal.close()
    return 0


def _create(paths: JournalPaths, passphrase: str, remember: bool) -> Journal:
    """Create the journal; if that fails (or is interrupted), leave no folder behind that
    holds nothing but a lock file, which would look like a journal that lost its files."""
    fresh = not paths.root.exists()
    try:
        return Journal.create(paths, passphrase, remember=remember)
    except BaseException:
        if fresh and paths.root.is_dir():
            with contextlib.suppress(OSError):
                if {p.name for p in paths.root.iterdir()} <= {paths.lock.name}:
                    paths.lock.unlink(missing_ok=True)
                    paths.root.rmdir()
        raise


def cmd_log(args: argparse.Namespace) -> int:
    when = None
    if args.when:
        try:
            when = local_time(datetime.fromisoformat(args.when))
        except ValueError:
            raise CliError(
                f"--when {args.when!r} is not a date or time like 2026-10-03T14:30."
            ) from None
    with open_journal(args) as journal:
        ids, to_add = log_names(journal, args.people, args.new_people)
        text = read_entry_text(args.text, [*args.people, *args.new_people])
        entry, created = operations.run(
            journal,
            "Add an entry",
            journal.log,
            [],
            text,
            kind=EntryKind(args.kind),
            when=when,
            title=args.title,
            person_ids=ids,
            new_names=to_add,
        ).result
        for person in created:
            print(f"Added {one_line(person.name)} to the journal.")
        names = and_list([one_line(p.display_name) for p in journal.people(entry.people)])
        print(
            f"Logged a {entry.kind.value} on {format_datetime(entry.occurred_at)}"
            + (f" with {names}." if names else ".")
        )
        _report_detected(journal, entry.id, args)
    return 0


def local_time(when: datetime) -> datetime:
    """A time typed with a UTC offset ("...T14:30+02:00", "...Z") as local wall-clock
    time, which is how entries are kept; a time without one is already local."""
    if when.tzinfo is None:
        return when
    return when.astimezone().replace(tzinfo=None)


def log_names(journal: Journal, existing: list[str], new: list[str]) -> tuple[list[str], list[str]]:
    """Who ``journal log`` is about: (ids of people already there, names to add).

    Each ``--with`` is resolved the way ``show`` resolves names (full, preferred or first
    name; several matches is an error listing them); an unknown name with nobody like it
    is added, as before, but one that looks like someone already there is an error that
    says so. Each ``--new`` is added as a new person on purpose, even if the name is taken.
    """
    from journal.cli.common import name_matches

    ids: list[str] = []
    to_add: list[str] = []
    for name in existing:
        if not name.strip():
            raise CliError("--with needs a name.")
        matches = name_matches(journal, name)
        if len(matches) == 1:
            ids.append(matches[0].id)
            continue
        if len(matches) > 1:
            resolve_person(journal, name)  # raises, listing the candidates
        near = journal.query_people(PeopleQuery(text=name.strip(), limit=5, include_archived=True))
        if near:
            raise CliError(
                f"No one called {name!r} in the journal. Did you mean: "
                f"{', '.join(p.name for p in near)}? To add someone new, use --new {name!r}."
            )
        to_add.append(name.strip())
    for name in new:
        if not name.strip():
            raise CliError("--new needs a name.")
        to_add.append(name.strip())
    return ids, to_add


def _report_detected(journal: Journal, entry_id: str, args: argparse.Namespace) -> None:
    """What the entry proposes: printed and kept for review, or applied on request."""
    from journal.cli.proposals import report_detected

    report_detected(journal, entry_id, accept=getattr(args, "accept_detected", False))


def cmd_people(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        rows = journal.query_people(PeopleQuery(include_archived=args.archived))
        if args.json:
            print_json(
                [
                    {
                        "id": r.id,
                        "name": r.name,
                        "preferred_name": r.preferred_name,
                        "organisation": r.organisation,
                        "role": r.role,
                        "field": r.field,
                        "circle": r.circle.value,
                        "archived": r.archived,
                        "tags": list(r.tags),
                        "last_contact_at": r.last_contact_at.isoformat()
                        if r.last_contact_at
                        else None,
                    }
                    for r in rows
                ]
            )
            return 0
        if not rows:
            print("No people yet. Add someone with: journal log --with NAME TEXT")
        for r in rows:
            last = format_date(r.last_contact_at) if r.last_contact_at else "not yet"
            org = f" — {r.organisation}" if r.organisation else ""
            print(f"{one_line(r.name)}{one_line(org)}  [{r.circle.value}]  last in touch: {last}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from journal.cli.facts import fact_line, followup_json, short_id
    from journal.cli.people_links import print_links
    from journal.core import engine, links

    with open_journal(args) as journal:
        person = journal.person(resolve_person(journal, args.name))
        promises = journal.open_follow_ups(person.id)
        views = links.links_for(journal, person.id)
        next_on, next_why = engine.next_check_in(journal, person.id)
        if args.json:
            data = person_to_dict(person)
            data["open_follow_ups"] = [
                followup_json(i, {person.id: person.display_name}) for i in promises
            ]
            data["links"] = [
                {
                    "id": v.link.id,
                    "other_id": v.other_id,
                    "other_name": v.other_name,
                    "relation": v.relation,
                    "sentence": v.sentence,
                }
                for v in views
            ]
            data["next_check_in"] = {
                "on": next_on.isoformat() if next_on else None,
                "why": next_why,
            }
            print_json(data)
            return 0
        print(
            one_line(person.name)
            + (f" ({one_line(person.preferred_name)})" if person.preferred_name else "")
        )
        if person.deceased_on:
            print(f"  Died on {format_date(person.deceased_on)}")
        for label, value in (
            ("Pronouns", person.pronouns),
            ("Organisation", person.organisation),
            ("Role", person.role),
            ("Field", person.field),
            ("Location", person.location),
            (
                "Circle",
                person.circle.label + ("" if person.placed else " (imported, not yet placed)"),
            ),
            (
                "Met",
                " ".join(
                    filter(
                        None,
                        [
                            person.met_how,
                            # "Met: at a conference on 7 Dec 2026", "Met: 7 Dec 2026"
                            (
                                f"on {format_date(person.met_on)}"
                                if person.met_how
                                else format_date(person.met_on)
                            )
                            if person.met_on
                            else "",
                        ],
                    )
                ),
            ),
        ):
            if value:
                print(f"  {label}: {value}")
        if person.birthday:
            b = person.birthday
            print(f"  Birthday: {birthday_text(b.month, b.day, b.year)}")
        for facet in sorted(person.facets, key=lambda f: (not f.shared, f.kind)):
            mark = " (shared)" if facet.shared else ""
            print(f"  {fact_line(facet)}{mark}")
        for item in promises:
            due = f" (due {format_date(item.due_on)})" if item.due_on else ""
            print(f"  Promised: [{short_id(item.id)}] {item.text}{due}")
        for channel in person.channels:
            print(f"  {channel_label(channel.kind.value, channel.label)}: {channel.value}")
        last = person.last_contact_at
        print(f"  Last in touch: {format_date(last)}" if last else "  Not in touch yet")
        if next_on is not None:
            print(f"  Next check-in: {format_date(next_on)}")
        elif next_why:
            print(f"  Next check-in: {next_why}")
        print_links(journal, person.id)
    return 0
