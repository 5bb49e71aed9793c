"""A readable Markdown export: the journal as a person would want to print or keep it.

Either one file (everyone, then the journal from the first entry to the last) or a
folder with one file per person (their details, promises, what was given and received,
and every entry they were part of), an index, and a file for entries with no one in them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from journal.core.entries import follow_up_from_row, ledger_from_row
from journal.core.model import Entry, EntryKind, FacetKind, FollowUp, LedgerItem, Person
from journal.core.stored import stored_entry_time, stored_enum, stored_text
from journal.core.wording import (
    birthday_text,
    every,
    format_date,
    format_datetime,
    plural,
    sort_key,
)

if TYPE_CHECKING:
    from journal.core.journal import Journal


@dataclass
class _Book:
    people: list[Person]
    names: dict[str, str]
    #: Every entry, oldest first, with its people, follow-ups and ledger items.
    entries: list[Entry]
    follow_ups: dict[str, list[FollowUp]]
    ledger: dict[str, list[LedgerItem]]


def _read(journal: Journal) -> _Book:
    """The whole journal in a handful of ordered scans (not a query per person or entry:
    at 10,000 people and 100,000 entries that is the difference between seconds and
    minutes)."""
    # In the reader's alphabetical order ("Mária" before "Maya"), not by code point.
    people = sorted(journal.people(), key=lambda p: (sort_key(p.display_name), p.id))
    names = {p.id: p.display_name for p in people}
    follow_ups: dict[str, list[FollowUp]] = defaultdict(list)
    ledger: dict[str, list[LedgerItem]] = defaultdict(list)
    with journal.store.reading() as conn:
        entries = {
            r["id"]: Entry(
                id=r["id"],
                occurred_at=stored_entry_time(r["occurred_at"], r["created_at"]),
                kind=stored_enum(EntryKind, r["kind"], EntryKind.MEETING),
                title=stored_text(r["title"]),
                body=stored_text(r["body"]),
                place=stored_text(r["place"]),
                created_at=r["created_at"],
                updated_at=r["updated_at"],
            )
            for r in conn.execute("SELECT * FROM entries ORDER BY occurred_at, id")
        }
        for r in conn.execute(
            "SELECT entry_id, person_id FROM entry_people ORDER BY entry_id, position"
        ):
            entries[r["entry_id"]].people.append(r["person_id"])
        for r in conn.execute(
            "SELECT * FROM follow_ups ORDER BY done_on IS NOT NULL, "
            "due_on IS NULL, due_on, created_at"
        ):
            follow_up = follow_up_from_row(r)
            if follow_up.person_id:
                follow_ups[follow_up.person_id].append(follow_up)
            if follow_up.entry_id in entries:
                entries[follow_up.entry_id].follow_ups.append(follow_up)
        for r in conn.execute("SELECT * FROM ledger ORDER BY occurred_on DESC, created_at DESC"):
            item = ledger_from_row(r)
            ledger[item.person_id].append(item)
            if item.entry_id in entries:
                entries[item.entry_id].ledger.append(item)
    return _Book(people, names, list(entries.values()), follow_ups, ledger)


def _date(value: Any) -> str:
    return format_date(value) if value else ""


#: What CommonMark reads as the start of a block when a line (or a list item's text)
#: begins with it: an ATX heading or a bullet ("#", "-", "+", "*" then a space or the
#: end), a quote (">"), a fenced code block, a thematic break ("***", "- - -"). Anything
#: else is plain text there: "+351 912 345 678" and "#hashtag" are not lists or headings.
_BLOCK_START = re.compile(
    r"^(?:(?P<mark>#{1,6}|[-+*])(?=[ \t]|$)|(?P<quote>>)|(?P<fence>`{3,}|~{3,})"
    r"|(?P<rule>[-*_])(?:[ \t]*(?P=rule)){2,}[ \t]*$)"
)
#: An ordered list's marker ("1. ", "2) "): escaped on its punctuation ("1\. "), since a
#: backslash before a digit is not an escape in Markdown and would be shown.
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=[ \t]|$)")


def _escape(text: str) -> str:
    """User text that starts a line or a list item's text: kept from being read as a
    heading, a list, a quote or a code block, and escaped only where it would be."""
    text = text.strip()
    if _BLOCK_START.match(text):
        return "\\" + text
    return _ORDERED.sub(r"\1\\\2", text)


def _inline(text: str) -> str:
    """User text inside a line ("- Phone: +351 …", a heading's title): nothing there is a
    block marker, so it is written as it is."""
    return " ".join(text.split())


def person_markdown(person: Person, book: _Book, level: int = 1) -> list[str]:
    h = "#" * level
    title = person.name + (f" ({person.preferred_name})" if person.preferred_name else "")
    out = [f"{h} {_inline(title)}", ""]
    work = " at ".join(x for x in (person.role, person.organisation) if x)
    facts = [work, person.field, person.location]
    if any(facts):
        out.append(_escape(" · ".join(_inline(f) for f in facts if f)))
        out.append("")
    circle = f"Circle: {person.circle.label}"
    if person.cadence_days:
        circle += f", {every(person.cadence_days)}"
    if person.archived:
        circle += " (archived)"
    out.append(f"- {circle}")
    if person.network_kinds:
        out.append("- Networks: " + ", ".join(sorted(k.value for k in person.network_kinds)))
    if person.met_how or person.met_on:
        out.append(
            "- Met: " + " ".join(x for x in (_inline(person.met_how), _date(person.met_on)) if x)
        )
    if person.birthday:
        b = person.birthday
        out.append(f"- Birthday: {birthday_text(b.month, b.day, b.year)}")
    if person.last_contact_at:
        out.append(f"- Last in touch: {_date(person.last_contact_at)}")
    if person.tags:
        out.append("- Tags: " + ", ".join(person.tags))
    for channel in person.channels:
        label = f" ({channel.label})" if channel.label else ""
        out.append(f"- {channel.kind.value.capitalize()}{label}: {_inline(channel.value)}")
    out.append("")
    by_kind: dict[FacetKind, list[str]] = defaultdict(list)
    for facet in person.facets:
        line = _escape(facet.text)
        if facet.detail:
            line += f" — {_inline(facet.detail)}"
        marks = [m for m, on in (("shared", facet.shared), ("private", not facet.mention_ok)) if on]
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
        for follow_up in follow_ups:
            when = [
                f"due {_date(follow_up.due_on)}" if follow_up.due_on else "",
                f"done {_date(follow_up.done_on)}" if follow_up.done_on else "",
            ]
            dates = ", ".join(w for w in when if w)  # "(due 11 Dec 2026, done 8 Dec 2026)"
            box = "x" if follow_up.done_on else " "
            out.append(f"- [{box}] {_inline(follow_up.text)}" + (f" ({dates})" if dates else ""))
        out.append("")
    ledger = book.ledger.get(person.id, [])
    if ledger:
        out += [f"{h}# Given and received", ""]
        for item in ledger:
            verb = "Gave" if item.direction.value == "given" else "Received"
            text = f": {_inline(item.description)}" if item.description else ""
            out.append(f"- {_date(item.occurred_on)} — {verb} {item.kind.value}{text}")
        out.append("")
    return out


def entry_markdown(entry: Entry, names: dict[str, str], level: int = 2) -> list[str]:
    h = "#" * level
    title = entry.title or entry.kind.value.capitalize()
    out = [f"{h} {format_datetime(entry.occurred_at)} — {_inline(title)}", ""]
    meta = []
    if entry.people:
        meta.append("With " + ", ".join(names.get(p, "someone deleted") for p in entry.people))
    if entry.place:
        meta.append(f"at {entry.place}")
    meta.append(f"({entry.kind.value})")
    out += [" ".join(meta), ""]
    if entry.body.strip():
        out += [entry.body.strip(), ""]
    for follow_up in entry.follow_ups:
        due = f" (due {_date(follow_up.due_on)})" if follow_up.due_on else ""
        out.append(f"- [{'x' if follow_up.done_on else ' '}] {_inline(follow_up.text)}{due}")
    for item in entry.ledger:
        verb = "Gave" if item.direction.value == "given" else "Received"
        text = f": {_inline(item.description)}" if item.description else ""
        out.append(f"- {verb} {item.kind.value} ({names.get(item.person_id, '')}){text}")
    if entry.follow_ups or entry.ledger:
        out.append("")
    return out


def export_markdown(journal: Journal, generated: str) -> str:
    """The whole journal as one Markdown document."""
    book = _read(journal)
    out = [
        "# Rapport journal",
        "",
        f"Exported {generated}. {plural(len(book.people), 'person')}, {plural(len(book.entries), 'entry')}.",
        "",
        "# People",
        "",
    ]
    for person in book.people:
        out += person_markdown(person, book, level=2)
    out += ["# Journal", ""]
    for entry in book.entries:
        out += entry_markdown(entry, book.names, level=2)
    return "\n".join(out).rstrip() + "\n"


def slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60] or "person"


def export_markdown_folder(journal: Journal, generated: str) -> dict[str, str]:
    """One file per person, an index and the entries with no one in them: path -> text."""
    book = _read(journal)
    files: dict[str, str] = {}
    index = [
        "# Rapport journal",
        "",
        f"Exported {generated}. {plural(len(book.people), 'person')}, {plural(len(book.entries), 'entry')}.",
        "",
        "## People",
        "",
    ]
    file_of: dict[str, str] = {}
    for person in book.people:
        name = f"people/{slug(person.name)}-{person.id[:8]}.md"
        file_of[person.id] = name
        org = f" — {_inline(person.organisation)}" if person.organisation else ""
        index.append(f"- [{_inline(person.name)}]({name}){org}")
    loose = [entry for entry in book.entries if not entry.people]
    if loose:
        index += ["", "Entries with no one in them: [journal.md](journal.md)"]
    files["index.md"] = "\n".join(index) + "\n"
    # Each entry is rendered once and placed in the file of everyone who was there.
    sections: dict[str, list[str]] = defaultdict(list)
    for entry in book.entries:
        if not entry.people:
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
