"""search: find people, details and entries from a terminal."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date

from journal.cli import terminal
from journal.cli.common import (
    CliError,
    add_common_options,
    open_journal,
    print_json,
    resolve_person,
)
from journal.cli.terminal import escape, one_line
from journal.core import search as search_core
from journal.core.dates import parse_user_date
from journal.core.highlight import plain, segments
from journal.core.model import Circle, EntryKind


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("search", help="search people, what you know about them, and entries")
    add_common_options(p)
    p.add_argument("query", nargs="+", help="words to look for (prefixes match: 'jo gar')")
    p.add_argument("--json", action="store_true", help="print the hits as JSON")
    p.add_argument("--limit", type=int, default=20, metavar="N")
    p.add_argument("--person", metavar="NAME", help="only about this person")
    p.add_argument("--circle", choices=[c.value for c in Circle])
    p.add_argument("--tag", help="only people with this tag (and their entries)")
    p.add_argument("--kind", choices=[k.value for k in EntryKind], help="only entries of this kind")
    p.add_argument("--since", metavar="DATE", help="only entries on or after DATE")
    p.add_argument("--until", metavar="DATE", help="only entries on or before DATE")
    p.add_argument(
        "--only", choices=["people", "details", "entries"], help="only this kind of result"
    )
    p.set_defaults(func=cmd_search)


_ONLY = {"people": "person", "details": "facet", "entries": "entry"}


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return parse_user_date(value)
    except ValueError:
        raise CliError(f"{option} {value!r} is not a date like 2026-10-03.") from None


def cmd_search(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise CliError("--limit must be at least 1.")
    since, until = _date(args.since, "--since"), _date(args.until, "--until")
    if since and until and since > until:
        raise CliError("--since is after --until: nothing can match.")
    with open_journal(args) as journal:
        filters = search_core.SearchFilters(
            person_id=resolve_person(journal, args.person) if args.person else None,
            circle=args.circle,
            tag=args.tag,
            entry_kind=args.kind,
            since=since,
            until=until,
            kinds=frozenset({_ONLY[args.only]}) if args.only else search_core.HIT_KINDS,
        )
        hits = search_core.search(journal, " ".join(args.query), filters, limit=args.limit)
    if args.json:
        print_json([_hit_json(h) for h in hits])
        return 0
    if not hits:
        print("Nothing found.", file=sys.stderr)
        return 1
    color = sys.stdout.isatty()
    # Bold is the one control sequence meant for the terminal: the text around it is
    # escaped here, and the line goes past the output filter (journal.cli.terminal).
    out = terminal.raw(sys.stdout)
    for hit in hits:
        label = {"person": "person", "facet": "detail", "entry": "entry"}[hit.kind]
        out.write(f"{label:7s} {_render(hit.title, color, one_line)}  ({one_line(hit.subtitle)})\n")
        if hit.snippet:
            out.write(f"        {_render(hit.snippet, color)}\n")
    return 0


def _render(text: str, color: bool, escape: Callable[[str], str] = escape) -> str:
    """A highlighted text for the terminal, its own characters escaped."""
    if color:
        return "".join(
            f"\x1b[1m{escape(part)}\x1b[0m" if marked else escape(part)
            for part, marked in segments(text)
        )
    return "".join(
        f"[{escape(part)}]" if marked else escape(part) for part, marked in segments(text)
    )


def _spans(text: str) -> list[list[int]]:
    out, position = [], 0
    for part, marked in segments(text):
        if marked:
            out.append([position, position + len(part)])
        position += len(part)
    return out


def _hit_json(hit: search_core.SearchHit) -> dict[str, object]:
    return {
        "kind": hit.kind,
        "id": hit.id,
        "person_id": hit.person_id,
        "title": plain(hit.title),
        "title_highlights": _spans(hit.title),
        "snippet": plain(hit.snippet),
        "snippet_highlights": _spans(hit.snippet),
        "subtitle": hit.subtitle,
        "score": round(hit.score, 6),
        "when": hit.when.isoformat() if hit.when else None,
    }
