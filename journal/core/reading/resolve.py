"""Who a sentence is about: names and pronouns turned into person tokens.

Each mention of someone in the entry becomes ``⟦n⟧`` (``n`` their place in the entry),
a possessive ``⟦n⟧'s``, and a pronoun that cannot be pinned to one person ``⟦?⟧``, so
a rule sees "⟦0⟧ is renovating a farmhouse" and never has to guess again. A pronoun is
resolved only when that is unambiguous: the one person it can stand for, or the only one
of them named in this sentence or the one before. Language-specific words (pronouns,
names that are also common words) come from the language module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from journal.core.reading.model import PersonRef

TOKEN = re.compile(r"⟦(\d+|\?)⟧")
WORDS = re.compile(r"[^\W_]+", re.UNICODE)


class PronounTable(Protocol):
    #: word -> (class, role); class is "she", "he" or "they"; role is "subject",
    #: "object", "possessive" (her/his/their) or "object_or_possessive" (her).
    PRONOUNS: dict[str, tuple[str, str]]
    COMMON_WORDS: frozenset[str]

    def pronoun_class(self, typed: str) -> str | None: ...

    def her_is_object(self, next_word: str) -> bool: ...

    def possessive_is_verb(self, next_word: str) -> bool: ...


@dataclass
class Resolver:
    """Carries who was mentioned where across the sentences of one entry."""

    people: list[PersonRef]
    lang: PronounTable
    classes: list[str | None] = field(init=False)
    last_seen: dict[int, int] = field(default_factory=dict)
    sentence_no: int = 0
    _names: re.Pattern[str] | None = field(init=False, default=None)
    _owners: dict[str, int | None] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.classes = [self.lang.pronoun_class(p.pronouns) for p in self.people]
        owners: dict[str, int | None] = {}
        for i, person in enumerate(self.people):
            for variant in _name_variants(person):
                key = variant.casefold()
                if key in owners and owners[key] != i:
                    owners[key] = None  # two Marias: "Maria" alone names neither
                else:
                    owners[key] = i
        self._owners = owners
        words = sorted(owners, key=len, reverse=True)
        pronouns = sorted(self.lang.PRONOUNS, key=len, reverse=True)
        alternatives = [re.escape(w) for w in words] + [re.escape(p) for p in pronouns]
        self._names = re.compile(
            r"(?<![\w⟦])(" + "|".join(alternatives) + r")('s|s'|')?(?![\w⟧])", re.IGNORECASE
        )

    def tokenise(self, text: str) -> str:
        """``text`` with every mention replaced by a person token."""
        assert self._names is not None
        out: list[str] = []
        pos = 0
        for match in self._names.finditer(text):
            word, poss = match.group(1), match.group(2)
            key = word.casefold()
            after = text[match.end() :].lstrip()
            next_word = after.split(" ", 1)[0].strip(".,;:!?\"'()").casefold() if after else ""
            if key in self._owners:
                if word == key and key in self.lang.COMMON_WORDS:
                    continue  # "will", "may", "mark" in lower case are words, not people
                if key in self.lang.PRONOUNS and word[0].islower():
                    continue
                who = self._owners[key]
                token = "⟦?⟧" if who is None else f"⟦{who}⟧"
                if who is not None:
                    self.last_seen[who] = self.sentence_no
                if poss:
                    token += " is" if self.lang.possessive_is_verb(next_word) else "'s"
            else:
                cls, role = self.lang.PRONOUNS[key]
                who = self._pronoun(cls)
                token = "⟦?⟧" if who is None else f"⟦{who}⟧"
                if who is not None:
                    self.last_seen[who] = self.sentence_no
                if role == "possessive" or (
                    role == "object_or_possessive" and not self.lang.her_is_object(next_word)
                ):
                    token += "'s"
                if poss:  # "she's" was expanded before; a stray "'s" stays as written
                    token += poss
            out.append(text[pos : match.start()])
            out.append(token)
            pos = match.end()
        out.append(text[pos:])
        self.sentence_no += 1
        return "".join(out)

    def _pronoun(self, cls: str) -> int | None:
        explicit = [i for i, c in enumerate(self.classes) if c == cls]
        unknown = [i for i, c in enumerate(self.classes) if c is None]
        candidates = explicit or unknown
        if cls == "they" and not explicit:
            # "they" of several people in the entry is plural more often than not
            recent = [i for i, s in self.last_seen.items() if s >= self.sentence_no - 1]
            if len(self.people) > 1 and len(recent) != 1:
                return None
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            return None
        near = [i for i in candidates if self.last_seen.get(i, -9) >= self.sentence_no - 1]
        if len(near) == 1:
            return near[0]
        if not near:
            seen = [i for i in candidates if i in self.last_seen]
            if len(seen) == 1:
                return seen[0]
        return None


def _name_variants(person: PersonRef) -> list[str]:
    out: list[str] = []
    for full in (person.name, person.preferred_name):
        full = " ".join(full.split())
        if not full:
            continue
        out.append(full)
        parts = full.split(" ")
        if len(parts) > 1:
            out.append(parts[0])
            if len(parts[-1]) >= 3:
                out.append(parts[-1])
    return list(dict.fromkeys(v for v in out if len(v) >= 2))


def people_in(text: str) -> list[int]:
    """The people tokens in ``text``, in order (unresolved ones left out)."""
    return [int(m.group(1)) for m in TOKEN.finditer(text) if m.group(1) != "?"]


def has_unresolved(text: str) -> bool:
    return "⟦?⟧" in text


def render(text: str, people: list[PersonRef]) -> str:
    """Tokens back to first names, for the text a person reads."""

    def name(match: re.Match[str]) -> str:
        who = match.group(1)
        return "them" if who == "?" else people[int(who)].first_name

    return TOKEN.sub(name, text)
