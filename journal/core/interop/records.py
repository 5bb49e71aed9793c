"""What a reader makes of an import file, before anything touches the journal."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from journal.core.model import Person

#: Names, labels and other one-line fields: longer than this is not a name.
SHORT_TEXT = 1_000
#: Notes and entry bodies: longer than this (about 500 pages) is not a note.
LONG_TEXT = 2_000_000
#: C0 and C1 controls and DEL (tab and line breaks kept in notes).
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: In one-line fields also line breaks, and bidirectional overrides and isolates (they
#: can make a name read as something else in a terminal or a list).
LINE_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_ONE_LINE = ("name", "preferred_name", "organisation", "role", "field", "location", "met_how")


@dataclass
class ParsedPerson:
    """One incoming person, with where it came from and what could not be kept."""

    person: Person
    #: Where in the file: "card 3 (line 41)", "row 12".
    source: str
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Unreadable:
    """A record that could not become a person, and why (shown as skipped)."""

    source: str
    reason: str


@dataclass
class ParsedFile:
    format: str  # "vcard", "google", "linkedin", "csv", "json"
    people: list[ParsedPerson] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    #: File-level remarks: how it was decoded, lines left out, photos not kept...
    notes: list[str] = field(default_factory=list)


def _clean(text: str, one_line: bool) -> str:
    cleaned = (LINE_CONTROLS if one_line else CONTROLS).sub("", text)
    limit = SHORT_TEXT if one_line else LONG_TEXT
    return cleaned[:limit]


def clean_person(parsed: ParsedPerson) -> None:
    """Take control characters out of what an import file says about a person, and cut
    text that is far too long to be a name or a note, saying so in its warnings.

    An imported name that holds ESC, BEL, CR or U+202E could rewrite a terminal line or
    read as another name; one import path for every format keeps that out."""
    person = parsed.person
    changed: list[str] = []

    def fix(text: str, one_line: bool, what: str) -> str:
        cleaned = _clean(text, one_line)
        if cleaned != text and what not in changed:
            changed.append(what)
        return cleaned

    for attr in _ONE_LINE:
        setattr(person, attr, fix(getattr(person, attr), True, attr.replace("_", " ")))
    person.notes = fix(person.notes, False, "notes")
    person.tags = [fix(tag, True, "tags") for tag in person.tags]
    for channel in person.channels:
        channel.value = fix(channel.value, True, "contact details")
        channel.label = fix(channel.label, True, "contact details")
    for facet in person.facets:
        facet.text = fix(facet.text, True, "details")
        facet.detail = fix(facet.detail, False, "details")
    if changed:
        parsed.warnings.append(
            "control characters or overlong text were taken out of the " + ", ".join(changed) + "."
        )
