"""A readable Markdown export: the journal as a person would want to print or keep it.

Either one file (everyone, then the journal from the first entry to the last) or a
folder with one file per person (their details, promises, what was given and received,
and every entry they were part of), an index, and a file for entries with no one in them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from journal.core.entries import EntryQuery
from journal.core.model import Entry, FacetKind, FollowUp, LedgerItem, Person

_CHUNK = 2000


@dataclass
class _Book:
    people: list[Person]
    names: dict[str, str]
    entries_of: dict[str, list[str]]
    follow_ups: dict[str, list[FollowUp]]
    ledger: dict[str, list[LedgerItem]]
    entry_ids: list[str]


def _read(journal: Any) -> _Book:
    people = journal.people()
    names = {p.id: p.display_name for p in people}
    summaries = journal.query_entries(EntryQuery(limit=None, newest_first=False))
    entries_of: dict[str, list[str]] = defaultdict(list)
    for summary in summaries:
        for person_id, _name in summary.people:
            entries_of[person_id].append(summary.id)
    follow_ups: dict[str, list[FollowUp]] = {}
    ledger: dict[str, list[LedgerItem]] = {}
    for person in people:
        follow_ups[person.id] = journal.follow_ups_for(person.id)
        ledger[person.id] = journal.ledger_for(person.id)
    return _Book(people, names, entries_of, follow_ups, ledger, [s.id for s in summaries])


def _entries(journal: Any, ids: list[str]) -> Iterator[Entry]:
    for start in range(0, len(ids), _CHUNK):
        yield from journal.entries(ids[start:start + _CHUNK])


def _date(value: Any) -> str:
    return f"{value:%-d %b %Y}" if value else ""


def _escape(text: str) -> str:
    """Keep a line of user text from being read as a heading or a list."""
    return re.sub(r"^([#>*+-]|\d+\.)", r"\\\1", text.strip())


def person_markdown(person: Person, book: _Book, level: int = 1) -> list[str]:
    h = "#" * level
    title = person.name + (f" ({person.preferred_name})" if person.preferred_name else "")
    out = [f"{h} {_escape(title)}", ""]
    work = " at ".join(x for x in (person.role, person.organisation) if x)
    facts = [work, person.field, person.location]
    if any(facts):
        out.append(" · ".join(_escape(f) for f in facts if f))
        out.append("")
    circle = f"Circle: {person.circle.label}"
    if person.cadence_days:
        circle += f", every {person.cadence_days} days"
    if person.archived:
        circle += " (archived)"
    out.append(f"- {circle}")
    if person.network_kinds:
        out.append("- Networks: " + ", ".join(sorted(k.value for k in person.network_kinds)))
    if person.met_how or person.met_on:
        out.append("- Met: " + " ".join(x for x in (_escape(person.met_how),
                                                      _date(person.met_on)) if x))
    if person.birthday:
        b = person.birthday
        out.append(f"- Birthday: {b.day} {_month(b.month)}" + (f" {b.year}" if b.year else ""))
    if person.last_contact_at:
        out.append(f"- Last in touch: {_date(person.last_contact_at)}")
    if person.tags:
        out.append("- Tags: " + ", ".join(person.tags))
    for channel in person.channels:
        label = f" ({channel.label})" if channel.label else ""
        out.append(f"- {channel.kind.value.capitalize()}{label}: {_escape(channel.value)}")
    out.append("")
    by_kind: dict[FacetKind, list[str]] = defaultdict(list)
    for facet in person.facets:
        line = _escape(facet.text)
        if facet.detail:
            line += f" — {_escape(facet.detail)}"
        marks = [m for m, on in (("shared", facet.shared),
                                 ("private", not facet.mention_ok)) if on]
        if facet.event_date:
            marks.append(_date(facet.event_date))
        if facet.ask_again_on:
            marks.append(f"ask again {_date(facet.ask_again_on)}")
        by_kind[facet.kind].append(line + (f" ({', '.join(marks)})" if marks else ""))
    for kind in FacetKind:
        if by_kind.get(kind):
            out += [f"{h}# {kind.label}", ""] + [f"- {x}" for x in by_kind[kind]] + [""]
    if person.notes.strip():
        out += [f"{h}# Notes", "", person.notes.strip(), ""]
    follow_ups = book.follow_ups.get(person.id, [])
    if follow_ups:
        out += [f"{h}# Follow-ups", ""]
        for item in follow_ups:
            due = f" (due {_date(item.due_on)})" if item.due_on else ""
            done = f" (done {_date(item.done_on)})" if item.done_on else ""
            out.append(f"- [{'x' if item.done_on else ' '}] {_escape(item.text)}{due}{done}")
        out.append("")
    ledger = book.ledger.get(person.id, [])
    if ledger:
        out += [f"{h}# Given and received", ""]
        for item in ledger:
            verb = "Gave" if item.direction.value == "given" else "Received"
            text = f": {_escape(item.description)}" if item.description else ""
            out.append(f"- {_date(item.occurred_on)} — {verb} {item.kind.value}{text}")
        out.append("")
    return out


def _month(month: int) -> str:
    return ("January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December")[month - 1]


def entry_markdown(entry: Entry, names: dict[str, str], level: int = 2) -> list[str]:
    h = "#" * level
    title = entry.title or entry.kind.value.capitalize()
    out = [f"{h} {entry.occurred_at:%-d %b %Y, %H:%M} — {_escape(title)}", ""]
    meta = []
    if entry.people:
        meta.append("With " + ", ".join(names.get(p, "someone deleted") for p in entry.people))
    if entry.place:
        meta.append(f"at {entry.place}")
    meta.append(f"({entry.kind.value})")
    out += [" ".join(meta), ""]
    if entry.body.strip():
        out += [entry.body.strip(), ""]
    for item in entry.follow_ups:
        due = f" (due {_date(item.due_on)})" if item.due_on else ""
        out.append(f"- [{'x' if item.done_on else ' '}] {_escape(item.text)}{due}")
    for item in entry.ledger:
        verb = "Gave" if item.direction.value == "given" else "Received"
        text = f": {_escape(item.description)}" if item.description else ""
        out.append(f"- {verb} {item.kind.value} ({names.get(item.person_id, '')}){text}")
    if entry.follow_ups or entry.ledger:
        out.append("")
    return out


def export_markdown(journal: Any, generated: str) -> str:
    """The whole journal as one Markdown document."""
    book = _read(journal)
    out = ["# Rapport journal", "", f"Exported {generated}. {len(book.people)} people, "
           f"{len(book.entry_ids)} entries.", "", "# People", ""]
    for person in book.people:
        out += person_markdown(person, book, level=2)
    out += ["# Journal", ""]
    for entry in _entries(journal, book.entry_ids):
        out += entry_markdown(entry, book.names, level=2)
    return "\n".join(out).rstrip() + "\n"


def slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60] or "person"


def export_markdown_folder(journal: Any, generated: str) -> dict[str, str]:
    """One file per person, an index and the entries with no one in them: path -> text."""
    book = _read(journal)
    files: dict[str, str] = {}
    index = ["# Rapport journal", "", f"Exported {generated}. {len(book.people)} people, "
             f"{len(book.entry_ids)} entries.", "", "## People", ""]
    file_of: dict[str, str] = {}
    for person in book.people:
        name = f"people/{slug(person.name)}-{person.id[:8]}.md"
        file_of[person.id] = name
        org = f" — {person.organisation}" if person.organisation else ""
        index.append(f"- [{_escape(person.name)}]({name}){_escape(org)}")
    with_people = {eid for ids in book.entries_of.values() for eid in ids}
    loose = [eid for eid in book.entry_ids if eid not in with_people]
    if loose:
        index += ["", "Entries with no one in them: [journal.md](journal.md)"]
    files["index.md"] = "\n".join(index) + "\n"
    # Each entry is rendered once and placed in the file of everyone who was there.
    sections: dict[str, list[str]] = defaultdict(list)
    loose_set = set(loose)
    for entry in _entries(journal, book.entry_ids):
        if entry.id in loose_set:
            sections[""] += entry_markdown(entry, book.names, level=2)
            continue
        text = entry_markdown(entry, book.names, level=3)
        for person_id in entry.people:
            sections[person_id] += text
    for person in book.people:
        lines = person_markdown(person, book, level=1)
        if sections.get(person.id):
            lines += ["## Journal", "", *sections.pop(person.id)]
        files[file_of[person.id]] = "\n".join(lines).rstrip() + "\n"
    if loose:
        lines = ["# Entries with no one in them", "", *sections.pop("", [])]
        files["journal.md"] = "\n".join(lines).rstrip() + "\n"
    return files
