"""Writing people as vCard 3.0, the version every address book imports.

vobject builds and serialises the cards (escaping, folding at 75 octets, parameter
quoting). Only what an address book holds goes out: names, organisation, role,
channels with their labels, birthday, tags and the notes field. The personal side of a
connection (family, what they are working on, what you could offer) stays in the journal.
A birthday without a year is written ``--MM-DD`` (ISO 8601's reduced form, which Apple,
Google and Evolution read).
"""

from __future__ import annotations

from collections.abc import Iterable

import vobject
from vobject.vcard import Address, Name

from journal.core.model import ChannelKind, Person

_PHONE_TYPES = {"mobile": ["CELL"], "home": ["HOME"], "work": ["WORK"], "fax": ["FAX"],
                "home fax": ["HOME", "FAX"], "work fax": ["WORK", "FAX"], "pager": ["PAGER"],
                "main": ["MAIN"], "work mobile": ["WORK", "CELL"]}  # fmt: skip
_PLAIN_TYPES = {"home": ["HOME"], "work": ["WORK"]}
_PROPERTY = {
    ChannelKind.EMAIL: "email",
    ChannelKind.PHONE: "tel",
    ChannelKind.URL: "url",
    ChannelKind.ADDRESS: "adr",
    ChannelKind.SOCIAL: "x-socialprofile",
}


#: Lower-case words that begin a family name ("Ana da Silva", "Ludwig van der Rohe",
#: "Juan de la Cruz"): they belong with the surname, not with the given names.
_PARTICLES = frozenset(
    [
        "da",
        "das",
        "de",
        "del",
        "della",
        "der",
        "di",
        "do",
        "dos",
        "du",
        "la",
        "le",
        "van",
        "von",
        "ter",
        "ten",
        "den",
        "bin",
        "ibn",
        "al",
        "el",
    ]
)


def _split_name(name: str) -> Name:
    """The vCard N value: the last word is the family name, with the lower-case
    particles before it ("da Silva"), the rest the given names."""
    words = name.split()
    if len(words) < 2:
        return Name(given=name.strip())
    start = len(words) - 1
    while start > 1 and words[start - 1] in _PARTICLES:
        start -= 1
    return Name(family=" ".join(words[start:]), given=" ".join(words[:start]))


def person_to_vcard(person: Person) -> vobject.base.Component:
    card = vobject.vCard()
    card.add("fn").value = person.name
    card.add("n").value = _split_name(person.name)
    if person.preferred_name:
        card.add("nickname").value = person.preferred_name
    if person.organisation:
        card.add("org").value = [person.organisation]
    if person.role:
        card.add("title").value = person.role
    item = 0
    for channel in person.channels:
        if channel.kind == ChannelKind.OTHER:
            continue
        line = card.add(_PROPERTY[channel.kind])
        if channel.kind == ChannelKind.ADDRESS:
            line.value = Address(street=channel.value)
        else:
            line.value = channel.value
        label = channel.label.strip()
        types = (_PHONE_TYPES if channel.kind == ChannelKind.PHONE else _PLAIN_TYPES).get(
            label.lower()
        )
        if channel.kind == ChannelKind.EMAIL:
            line.params["TYPE"] = ["INTERNET", *(types or [])]
        elif types:
            line.params["TYPE"] = types
        if label and not types:
            if channel.kind == ChannelKind.SOCIAL:
                line.params["TYPE"] = [label]
            else:
                item += 1
                line.group = f"item{item}"
                card.add(f"item{item}.X-ABLabel").value = label
    if person.birthday:
        card.add("bday").value = person.birthday.iso()
    if person.tags:
        card.add("categories").value = list(person.tags)
    if person.notes.strip():
        card.add("note").value = person.notes
    card.add("uid").value = f"urn:uuid:{person.id}"
    return card


def export_vcards(people: Iterable[Person]) -> str:
    return "".join(person_to_vcard(p).serialize() for p in people)
