"""Who might be the same person: on import, and among the people already in the journal.

Two records are the same person when they share an e-mail address or a phone number
(strong), or have close names at the same organisation (likely: "Jon Doe" and "John
Doe" at IBM). The same name with no organisation to tell them apart is only a weak hint:
two Ana Limas are often two people. Each match says why, so the user can judge.

``DuplicateIndex`` holds the keys of many people in memory, so planning an import of
thousands of cards against a journal of 10,000 people is a dictionary look-up per card,
not a scan. ``merge_details`` folds one record's details into another without
overwriting anything the user wrote.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import IntEnum
from typing import TYPE_CHECKING

from journal.core.model import Channel, ChannelKind, Person
from journal.core.stored import stored_text
from journal.core.wording import plural, plural_word

if TYPE_CHECKING:
    from journal.core.journal import Journal

_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "sr", "jr", "ii",
           "iii", "iv", "phd", "md", "esq"}  # fmt: skip
_ORG_SUFFIXES = {"inc", "ltd", "llc", "gmbh", "co", "corp", "corporation", "company", "sa",
                 "ag", "plc", "the", "limited", "bv", "nv", "srl", "sarl", "pty"}  # fmt: skip
#: Fewer digits than this is an extension or a test number, not someone's phone.
MIN_PHONE_DIGITS = 7
#: Phones are indexed on their last digits, then compared in full (``phones_match``).
PHONE_SUFFIX = 8
SIMILAR_NAME_RATIO = 0.85


class Strength(IntEnum):
    WEAK = 1  # same name, nothing else to go on
    LIKELY = 2  # close names at the same organisation
    STRONG = 3  # same e-mail address or phone number


@dataclass(frozen=True)
class Match:
    """An existing (or earlier incoming) person who may be the same as a candidate."""

    person_id: str
    name: str
    reason: str
    strength: Strength


@dataclass(frozen=True)
class DuplicatePair:
    """Two people already in the journal who may be one."""

    first_id: str
    first_name: str
    second_id: str
    second_name: str
    reason: str
    strength: Strength


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def name_tokens(name: str) -> tuple[str, ...]:
    """'Mr. José  de la Peña Jr.' -> ('jose', 'de', 'la', 'pena'), for comparison only."""
    words = re.split(r"[^\w]+", _fold(name))
    return tuple(w for w in words if w and w not in _TITLES)


def organisation_key(organisation: str) -> str:
    words = re.split(r"[^\w]+", _fold(organisation))
    return " ".join(w for w in words if w and w not in _ORG_SUFFIXES)


def email_key(value: str) -> str:
    value = value.strip().casefold()
    return value[7:] if value.startswith("mailto:") else value


def phone_key(value: str) -> str | None:
    """'+digits' for a number with its country code (+ or 00), else the national digits
    without the trunk 0; None for what is too short to be someone's phone."""
    number = re.split(r"ext|x|#|;", value.lower())[0].strip()
    digits = re.sub(r"\D", "", number)
    international = number.startswith("+") or digits.startswith("00")
    digits = digits[2:] if digits.startswith("00") else digits.lstrip("0")
    if len(digits) < MIN_PHONE_DIGITS:
        return None
    return f"+{digits}" if international else digits


def phones_match(a: str | None, b: str | None) -> bool:
    """The same number: equal, or a national number and the same with a country code
    (+1 905 555 1234 and 905-555-1234, +351 912 345 678 and 0912 345 678)."""
    if not a or not b:
        return False
    if a == b:
        return True
    if a.startswith("+") == b.startswith("+"):
        return False  # two international numbers, or two national ones, that differ
    full, national = (a[1:], b) if a.startswith("+") else (b[1:], a)
    return (
        len(national) >= PHONE_SUFFIX and full.endswith(national) and len(full) - len(national) <= 3
    )


def names_close(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Close enough to be one person when they also share an organisation."""
    if not a or not b:
        return False
    if sorted(a) == sorted(b):
        return True
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) >= 2 and set(shorter) <= set(longer):
        return True  # "John Doe" and "John Richter Doe"
    if (
        len(a) >= 2
        and len(b) >= 2
        and a[-1] == b[-1]
        and a[0][0] == b[0][0]
        and (len(a[0]) == 1 or len(b[0]) == 1)
    ):
        return True  # "J. Doe" and "John Doe"
    return _similar(" ".join(a), " ".join(b))


@functools.lru_cache(maxsize=65536)
def _similar(a: str, b: str) -> bool:
    """Edit similarity, with the cheap upper bounds first (most pairs fail on length or
    letters alone); cached because an import compares the same common names often."""
    if 2 * min(len(a), len(b)) / (len(a) + len(b)) < SIMILAR_NAME_RATIO:
        return False
    matcher = SequenceMatcher(None, a, b)
    return matcher.quick_ratio() >= SIMILAR_NAME_RATIO and matcher.ratio() >= SIMILAR_NAME_RATIO


@dataclass
class _Keys:
    person_id: str
    name: str
    tokens: tuple[str, ...]
    organisation: str
    org_key: str
    emails: tuple[str, ...]
    phones: tuple[str, ...]


def _keys_of(person_id: str, name: str, organisation: str, channels: Iterable[Channel]) -> _Keys:
    emails, phones = [], []
    for channel in channels:
        if channel.kind == ChannelKind.EMAIL and "@" in channel.value:
            emails.append(email_key(channel.value))
        elif channel.kind == ChannelKind.PHONE:
            key = phone_key(channel.value)
            if key:
                phones.append(key)
    return _Keys(
        person_id,
        name,
        name_tokens(name),
        organisation,
        organisation_key(organisation),
        tuple(dict.fromkeys(emails)),
        tuple(dict.fromkeys(phones)),
    )


def _blocks(keys: _Keys) -> set[tuple[str, str]]:
    """Organisation and two-letter starts of each name word: close names share one."""
    if not keys.org_key:
        return set()
    return {(keys.org_key, t[:2]) for t in keys.tokens}


#: How many possible matches an import keeps per incoming person (the best ones, in the
#: order ``matches`` gives). The plan decides from the first alone; the preview offers
#: these as "merge into" choices. Without a bound, a file of 20,000 cards sharing one
#: name compared and kept every card against every earlier one (quadratic time and memory).
MATCH_LIMIT = 10

_Rank = tuple[bool, str, str]  # (pending, folded name, id): how matches of one strength sort


class _Group:
    """People in one bucket who match any candidate alike (same e-mail address, same
    phone key, same name words), so that an import can keep just the best-ranked few."""

    __slots__ = ("ranked",)

    def __init__(self) -> None:
        self.ranked: list[_Rank] = []

    def add(self, rank: _Rank, cap: int | None) -> None:
        if cap is None:
            self.ranked.append(rank)
        elif len(self.ranked) < cap or rank < self.ranked[-1]:
            bisect.insort(self.ranked, rank)
            del self.ranked[cap:]

    def ids(self) -> Iterator[str]:
        return (rank[2] for rank in self.ranked)


class DuplicateIndex:
    """The matching keys of many people, for fast look-ups.

    People who would match any candidate alike are grouped (by e-mail address, phone
    number, name words). With ``limit`` (an import), each group keeps only its best
    ``limit`` + 1 members and ``matches`` returns the best ``limit`` matches: the same
    ones, in the same order, as without a limit (each group is ranked by the same key as
    the matches), at a cost that grows with the number of groups, not of people. Without
    it (``pairs``, the journal's duplicate review) every member is kept.
    """

    def __init__(self, limit: int | None = None) -> None:
        self._limit = limit
        self._cap = None if limit is None else limit + 1  # +1: a person never matches itself
        self._keys: dict[str, _Keys] = {}
        self._by_email: dict[str, _Group] = defaultdict(_Group)
        self._by_phone: dict[str, dict[str, _Group]] = defaultdict(lambda: defaultdict(_Group))
        self._by_block: dict[tuple[str, str], dict[tuple[str, ...], _Group]] = defaultdict(
            lambda: defaultdict(_Group)
        )
        #: Same name words: (everyone, those without an organisation).
        self._by_name: dict[tuple[str, ...], tuple[_Group, _Group]] = defaultdict(
            lambda: (_Group(), _Group())
        )
        #: People added while planning an import (not yet in the journal).
        self._pending: set[str] = set()
        #: Candidate pairs looked at by ``matches`` (a test checks an import stays linear).
        self.comparisons = 0

    @classmethod
    def from_people(cls, people: Iterable[Person], limit: int | None = None) -> DuplicateIndex:
        index = cls(limit)
        for person in people:
            index.add(person)
        return index

    @classmethod
    def from_journal(cls, journal: Journal, limit: int | None = None) -> DuplicateIndex:
        """Everyone in the journal, archived people included, read in two queries."""
        index = cls(limit)
        channels: dict[str, list[Channel]] = defaultdict(list)
        with journal.store.reading() as conn:
            for row in conn.execute(
                "SELECT person_id, kind, value FROM channels WHERE kind IN ('email', 'phone')"
            ):
                channels[row["person_id"]].append(
                    Channel(ChannelKind(row["kind"]), stored_text(row["value"]))
                )
            rows = conn.execute("SELECT id, name, organisation FROM people").fetchall()
        for row in rows:
            index._add_keys(
                _keys_of(
                    row["id"],
                    str(row["name"] or ""),
                    str(row["organisation"] or ""),
                    channels.get(row["id"], ()),
                ),
                pending=False,
            )
        return index

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, person: Person, *, pending: bool = False) -> None:
        """Index ``person``; ``pending`` marks someone not yet in the journal (an earlier
        card of the same import), whom matches rank after people already there."""
        keys = _keys_of(person.id, person.name, person.organisation, person.channels)
        self._add_keys(keys, pending=pending)

    def _add_keys(self, keys: _Keys, *, pending: bool) -> None:
        if pending:
            self._pending.add(keys.person_id)
        self._keys[keys.person_id] = keys
        rank = (pending, keys.name.casefold(), keys.person_id)
        cap = self._cap
        for email in keys.emails:
            self._by_email[email].add(rank, cap)
        for phone in keys.phones:
            self._by_phone[phone.lstrip("+")[-PHONE_SUFFIX:]][phone].add(rank, cap)
        for block in _blocks(keys):
            self._by_block[block][keys.tokens].add(rank, cap)
        if keys.tokens:
            everyone, no_org = self._by_name[tuple(sorted(keys.tokens))]
            everyone.add(rank, cap)
            if not keys.org_key:
                no_org.add(rank, cap)

    def matches(self, candidate: Person) -> list[Match]:
        """People who may be ``candidate``, strongest first, one reason each (the best
        ``limit`` of them when the index has one)."""
        keys = _keys_of(candidate.id, candidate.name, candidate.organisation, candidate.channels)
        found = self._matches(keys)
        return found if self._limit is None else found[: self._limit]

    def _matches(self, keys: _Keys) -> list[Match]:
        found: dict[str, Match] = {}

        def offer(person_id: str, reason: str, strength: Strength) -> None:
            self.comparisons += 1
            if person_id == keys.person_id:
                return
            if person_id not in found or found[person_id].strength < strength:
                found[person_id] = Match(person_id, self._keys[person_id].name, reason, strength)

        for email in keys.emails:
            for pid in self._by_email[email].ids() if email in self._by_email else ():
                offer(pid, f"same email address, {email}", Strength.STRONG)
        for phone in keys.phones:
            for other, group in self._by_phone.get(phone.lstrip("+")[-PHONE_SUFFIX:], {}).items():
                if phones_match(phone, other):
                    for pid in group.ids():
                        offer(pid, "same phone number", Strength.STRONG)
        for block in _blocks(keys):
            for tokens, group in self._by_block.get(block, {}).items():
                if names_close(keys.tokens, tokens):
                    for pid in group.ids():
                        if pid not in found:
                            organisation = self._keys[pid].organisation
                            reason = f"similar name at the same organisation ({organisation})"
                            offer(pid, reason, Strength.LIKELY)
        if keys.tokens:
            name = tuple(sorted(keys.tokens))
            if name in self._by_name:
                everyone, no_org = self._by_name[name]
                for pid in (no_org if keys.org_key else everyone).ids():
                    offer(pid, "same name, and no organisation to tell them apart", Strength.WEAK)
        return sorted(
            found.values(),
            key=lambda m: (
                -m.strength,
                m.person_id in self._pending,
                m.name.casefold(),
                m.person_id,
            ),
        )

    def pairs(self) -> list[DuplicatePair]:
        """Every pair of indexed people who may be one, strongest first."""
        seen: set[tuple[str, str]] = set()
        out: list[DuplicatePair] = []
        for keys in self._keys.values():
            for match in self._matches(keys):
                low, high = sorted((keys.person_id, match.person_id))
                pair = (low, high)
                if pair in seen:
                    continue
                seen.add(pair)
                first, second = (self._keys[pair[0]], self._keys[pair[1]])
                out.append(
                    DuplicatePair(
                        first.person_id,
                        first.name,
                        second.person_id,
                        second.name,
                        match.reason,
                        match.strength,
                    )
                )
        out.sort(
            key=lambda p: (
                -p.strength,
                p.first_name.casefold(),
                p.second_name.casefold(),
                p.first_id,
                p.second_id,
            )
        )
        return out


def find_matches(journal: Journal, candidate: Person) -> list[Match]:
    """People in the journal who may be ``candidate`` (for one record; use
    ``DuplicateIndex.from_journal`` once when checking many)."""
    return DuplicateIndex.from_journal(journal).matches(candidate)


def suggest_duplicates(
    journal: Journal, *, minimum: Strength = Strength.LIKELY
) -> list[DuplicatePair]:
    """Pairs of people already in the journal who may be one person."""
    return [p for p in DuplicateIndex.from_journal(journal).pairs() if p.strength >= minimum]


# -- merging ---------------------------------------------------------------------------------


def _channel_key(channel: Channel) -> tuple[str, str]:
    if channel.kind == ChannelKind.EMAIL:
        return ("email", email_key(channel.value))
    if channel.kind == ChannelKind.PHONE:
        return ("phone", phone_key(channel.value) or channel.value.strip())  # see merge_details
    return (str(channel.kind), " ".join(_fold(channel.value).split()))


def channels_match(a: Channel, b: Channel) -> bool:
    """The same way to reach someone however it is written: an address in another case,
    a phone number with or without its country code (used when merging people)."""
    if a.kind != b.kind:
        return False
    if a.kind == ChannelKind.PHONE:
        first, second = phone_key(a.value), phone_key(b.value)
        if first and second:
            return phones_match(first, second)
    return _channel_key(a) == _channel_key(b)


_CHANNEL_NOUNS = {
    ChannelKind.EMAIL: ("email address", "email addresses"),
    ChannelKind.PHONE: ("phone number", "phone numbers"),
    ChannelKind.ADDRESS: ("address", "addresses"),
    ChannelKind.URL: ("web address", "web addresses"),
    ChannelKind.SOCIAL: ("social profile", "social profiles"),
    ChannelKind.OTHER: ("contact detail", "contact details"),
}


def preview_merge(into: Person, other: Person) -> list[str]:
    """What ``merge_details`` would add, without changing either person."""
    copy = dataclasses.replace(
        into, channels=list(into.channels), tags=list(into.tags), facets=list(into.facets)
    )
    return merge_details(copy, other, _preview=True)


@dataclass
class MergeKeys:
    """What a person already holds, as ``merge_details`` compares it: kept between calls
    when many records fold into one person (an import of look-alike cards), so that each
    costs what the incoming record holds, not what the person has gathered so far."""

    channels: set[tuple[str, str]]
    #: Phone keys by their last digits (numbers that match share them: ``phones_match``).
    phones: dict[str, list[str | None]]
    tags: set[str]
    facets: set[tuple[str, str]]

    @classmethod
    def of(cls, person: Person) -> MergeKeys:
        phones: dict[str, list[str | None]] = defaultdict(list)
        for c in person.channels:
            if c.kind == ChannelKind.PHONE:
                key = phone_key(c.value)
                phones[_phone_bucket(key)].append(key)
        return cls(
            {_channel_key(c) for c in person.channels},
            phones,
            {t.casefold() for t in person.tags},
            {(f.kind, _fold(f.text).strip()) for f in person.facets},
        )


def _phone_bucket(key: str | None) -> str:
    return (key or "").lstrip("+")[-PHONE_SUFFIX:]


def merge_details(
    into: Person, other: Person, _preview: bool = False, keys: MergeKeys | None = None
) -> list[str]:
    """Fold ``other``'s details into ``into`` without overwriting anything; returns what
    was added ("2 phone numbers", "birthday"), empty when ``other`` brings nothing new.
    ``keys`` (``MergeKeys.of(into)``, kept up to date here) saves rebuilding them."""
    keys = keys or MergeKeys.of(into)
    added: list[str] = []
    for attr, label in (
        ("preferred_name", "preferred name"),
        ("organisation", "organisation"),
        ("role", "role"),
        ("field", "field"),
        ("location", "location"),
        ("met_how", "how you met"),
        ("met_on", "when you met"),
        ("birthday", "birthday"),
    ):
        if not getattr(into, attr) and getattr(other, attr):
            if attr == "preferred_name" and other.preferred_name == into.name:
                continue
            setattr(into, attr, getattr(other, attr))
            added.append(label)
    if (
        into.birthday
        and other.birthday
        and not into.birthday.year
        and other.birthday.year
        and ((into.birthday.month, into.birthday.day) == (other.birthday.month, other.birthday.day))
    ):
        into.birthday = other.birthday
        added.append("birth year")
    have = keys.channels
    new_channels: dict[ChannelKind, int] = defaultdict(int)
    for channel in other.channels:
        key = _channel_key(channel)
        if channel.kind == ChannelKind.PHONE:
            number = phone_key(channel.value)
            bucket = keys.phones[_phone_bucket(number)]
            if any(phones_match(number, known) for known in bucket):
                continue
            bucket.append(number)
        if key not in have:
            have.add(key)
            into.channels.append(Channel(channel.kind, channel.value, channel.label))
            new_channels[channel.kind] += 1
    for kind, n in new_channels.items():
        one, many = _CHANNEL_NOUNS[kind]
        added.append(plural(n, one, many))
    tags = [t for t in other.tags if t.casefold() not in keys.tags]
    keys.tags.update(t.casefold() for t in tags)
    if tags:
        into.tags = [*into.tags, *tags]
        added.append(f"{plural_word(len(tags), 'tag')} {', '.join(tags)}")
    facets = [f for f in other.facets if (f.kind, _fold(f.text).strip()) not in keys.facets]
    keys.facets.update((f.kind, _fold(f.text).strip()) for f in facets)
    for facet in facets:
        if not _preview:
            facet.person_id = into.id
        into.facets.append(facet)
    if facets:
        added.append(plural(len(facets), "detail"))
    if other.notes.strip() and _fold(other.notes.strip()) not in _fold(into.notes):
        into.notes = (
            into.notes.rstrip() + "\n\n" if into.notes.strip() else ""
        ) + other.notes.strip()
        added.append("notes")
    return added
