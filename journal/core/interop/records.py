"""What a reader makes of an import file, before anything touches the journal."""

from __future__ import annotations

from dataclasses import dataclass, field

from journal.core.model import Person


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
