"""How the people in the journal relate to each other: family, work, who introduced whom.

A link is stored once, as "a is b's <kind>" for directional kinds (Ana is Leo's parent;
Ana is Mei's manager; Ana introduced you to Kofi), and in either order for symmetric
kinds (partner, sibling, friend, colleague, knows). Each person's page shows the link
from their side, so the inverse is never stored twice and never drifts: "Leo is Ana's
son" on Ana's page, "Ana is Leo's parent" on Leo's.

Links feed three things beyond the pages: the story of how the user met someone ("you
met Kofi through Ana in 2023"), the insights (``link_graph`` is the real who-knows-whom,
better than the shared-organisation proxy), and the reminder engine, which may use a
family link as a hook ("ask Ana how Leo's first term went") only when the link is
marked fine to mention, the same rule as family facets.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from journal.core.clock import stamp
from journal.core.dates import date_from_db, date_to_db
from journal.core.errors import InvalidInput, NotFound
from journal.core.model import Facet, new_id
from journal.core.people import facet_from_row
from journal.core.store import Connection
from journal.core.stored import stored_enum

if TYPE_CHECKING:
    from journal.core.journal import Journal


class LinkKind(StrEnum):
    PARTNER = "partner"
    PARENT = "parent"
    SIBLING = "sibling"
    FRIEND = "friend"
    COLLEAGUE = "colleague"
    MANAGER = "manager"
    MENTOR = "mentor"
    INTRODUCED = "introduced"
    KNOWS = "knows"

    @property
    def symmetric(self) -> bool:
        return self in SYMMETRIC

    @property
    def family(self) -> bool:
        return self in FAMILY

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


SYMMETRIC = frozenset(
    {LinkKind.PARTNER, LinkKind.SIBLING, LinkKind.FRIEND, LinkKind.COLLEAGUE, LinkKind.KNOWS}
)
#: Links about someone's private life: not used in reminders unless marked fine to mention.
FAMILY = frozenset({LinkKind.PARTNER, LinkKind.PARENT, LinkKind.SIBLING})

_KIND_LABELS = {
    LinkKind.PARTNER: "Partner", LinkKind.PARENT: "Parent and child",
    LinkKind.SIBLING: "Siblings", LinkKind.FRIEND: "Friends",
    LinkKind.COLLEAGUE: "Colleagues", LinkKind.MANAGER: "Manager and report",
    LinkKind.MENTOR: "Mentor and mentee", LinkKind.INTRODUCED: "Introduced",
    LinkKind.KNOWS: "Know each other",
}  # fmt: skip

#: What each side is called: (a's word, b's word).
SIDE_WORDS: dict[LinkKind, tuple[str, str]] = {
    LinkKind.PARTNER: ("partner", "partner"),
    LinkKind.PARENT: ("parent", "child"),
    LinkKind.SIBLING: ("sibling", "sibling"),
    LinkKind.FRIEND: ("friend", "friend"),
    LinkKind.COLLEAGUE: ("colleague", "colleague"),
    LinkKind.MANAGER: ("manager", "report"),
    LinkKind.MENTOR: ("mentor", "mentee"),
    LinkKind.INTRODUCED: ("introducer", "introduced by"),
    LinkKind.KNOWS: ("acquaintance", "acquaintance"),
}


@dataclass(frozen=True)
class Role:
    """A word the user may type for what the first person is to the second."""

    kind: LinkKind
    first_is_a: bool


#: ``journal link LEO --as son ANA``: every word understood for the first person's side.
ROLES: dict[str, Role] = {
    "partner": Role(LinkKind.PARTNER, True), "spouse": Role(LinkKind.PARTNER, True),
    "husband": Role(LinkKind.PARTNER, True), "wife": Role(LinkKind.PARTNER, True),
    "parent": Role(LinkKind.PARENT, True), "mother": Role(LinkKind.PARENT, True),
    "father": Role(LinkKind.PARENT, True), "mum": Role(LinkKind.PARENT, True),
    "mom": Role(LinkKind.PARENT, True), "dad": Role(LinkKind.PARENT, True),
    "child": Role(LinkKind.PARENT, False), "son": Role(LinkKind.PARENT, False),
    "daughter": Role(LinkKind.PARENT, False),
    "sibling": Role(LinkKind.SIBLING, True), "brother": Role(LinkKind.SIBLING, True),
    "sister": Role(LinkKind.SIBLING, True),
    "friend": Role(LinkKind.FRIEND, True),
    "colleague": Role(LinkKind.COLLEAGUE, True), "coworker": Role(LinkKind.COLLEAGUE, True),
    "manager": Role(LinkKind.MANAGER, True), "boss": Role(LinkKind.MANAGER, True),
    "report": Role(LinkKind.MANAGER, False),
    "mentor": Role(LinkKind.MENTOR, True), "mentee": Role(LinkKind.MENTOR, False),
    "introducer": Role(LinkKind.INTRODUCED, True),
    "introduced-by": Role(LinkKind.INTRODUCED, False),
    "knows": Role(LinkKind.KNOWS, True), "acquaintance": Role(LinkKind.KNOWS, True),
}  # fmt: skip


#: Role words that say no more than the kind (not kept as the person's own word).
_PLAIN_ROLES = frozenset(
    {
        "partner",
        "parent",
        "child",
        "sibling",
        "friend",
        "colleague",
        "manager",
        "report",
        "mentor",
        "mentee",
        "introducer",
        "introduced-by",
        "knows",
        "acquaintance",
    }
)


def parse_role(word: str) -> Role:
    key = word.strip().lower().replace("_", "-").replace(" ", "-")
    key = {"introduced": "introduced-by", "direct-report": "report"}.get(key, key)
    if key not in ROLES:
        raise InvalidInput(
            f"{word!r} is not a kind of link Rapport knows. Use one of: "
            + ", ".join(sorted(ROLES))
            + "."
        )
    return ROLES[key]


@dataclass
class Link:
    kind: LinkKind
    a_id: str
    b_id: str
    a_word: str = ""
    b_word: str = ""
    since: date | None = None
    entry_id: str | None = None
    note: str = ""
    mention_ok: bool | None = None
    id: str = field(default_factory=new_id)
    created_at: str = ""
    updated_at: str = ""

    def __post_init__(self) -> None:
        if self.mention_ok is None:
            self.mention_ok = not self.kind.family

    def other(self, person_id: str) -> str:
        return self.b_id if person_id == self.a_id else self.a_id

    def word_for(self, person_id: str) -> str:
        """What ``person_id`` is in this link ("son", "manager", "friend")."""
        if person_id == self.a_id:
            return self.a_word or SIDE_WORDS[self.kind][0]
        return self.b_word or SIDE_WORDS[self.kind][1]


@dataclass(frozen=True)
class LinkView:
    """A link as one person's page shows it: who the other is to them, in a sentence."""

    link: Link
    person_id: str
    other_id: str
    other_name: str
    #: What the other person is to this one ("son", "manager", "introducer").
    relation: str
    sentence: str


@dataclass(frozen=True)
class FamilyHook:
    """A relative the engine may bring up ("ask Ana how Leo's first term went")."""

    person_id: str
    relative_id: str
    relative_name: str
    #: What the relative is to the person ("son", "partner").
    relation: str
    link_id: str
    #: What the relative is working on or going through (their own "working on" and
    #: life-event facets that are fine to mention), newest first.
    topics: tuple[Facet, ...] = ()

    @property
    def relative_first_name(self) -> str:
        return self.relative_name.split()[0] if self.relative_name.strip() else ""

    @property
    def questions(self) -> tuple[str, ...]:
        """The topics as things to ask about ("how Leo's first term went")."""
        return tuple(f.detail or f.text for f in self.topics)


@dataclass(frozen=True)
class LinkGraph:
    """Who knows whom, as the journal records it (archived people left out)."""

    edges: tuple[tuple[str, str, LinkKind], ...]
    neighbours: dict[str, frozenset[str]]

    @property
    def is_empty(self) -> bool:
        return not self.edges

    def linked(self, a: str, b: str) -> bool:
        return b in self.neighbours.get(a, frozenset())


# -- rows ---------------------------------------------------------------------------------

_COLUMNS = (
    "id",
    "a_id",
    "b_id",
    "kind",
    "a_word",
    "b_word",
    "since",
    "entry_id",
    "note",
    "mention_ok",
    "created_at",
    "updated_at",
)


def _link_from_row(row: Any) -> Link:
    return Link(
        id=row["id"],
        kind=stored_enum(LinkKind, row["kind"], LinkKind.KNOWS),
        a_id=row["a_id"],
        b_id=row["b_id"],
        a_word=row["a_word"],
        b_word=row["b_word"],
        since=date_from_db(row["since"]),
        entry_id=row["entry_id"],
        note=row["note"],
        mention_ok=bool(row["mention_ok"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _values(link: Link) -> tuple[Any, ...]:
    return (
        link.id,
        link.a_id,
        link.b_id,
        str(link.kind),
        link.a_word.strip(),
        link.b_word.strip(),
        date_to_db(link.since),
        link.entry_id,
        link.note,
        int(bool(link.mention_ok)),
        link.created_at,
        link.updated_at,
    )


def _find(conn: Connection, kind: LinkKind, a_id: str, b_id: str) -> Link | None:
    row = conn.execute(
        "SELECT * FROM person_links WHERE kind = ? AND ((a_id = ? AND b_id = ?) "
        "OR (a_id = ? AND b_id = ?))",
        (str(kind), a_id, b_id, b_id, a_id),
    ).fetchone()
    return _link_from_row(row) if row else None


def _names(conn: Connection, ids: Iterable[str]) -> dict[str, str]:
    return {
        r["id"]: r["preferred_name"] or r["name"]
        for r in conn.execute(
            "SELECT id, name, preferred_name FROM people WHERE id IN "
            "(SELECT value FROM json_each(?))",
            (json.dumps(list(set(ids))),),
        )
    }


# -- actions --------------------------------------------------------------------------------


def add_link(
    journal: Journal,
    first_id: str,
    role: str | Role,
    second_id: str,
    *,
    since: date | None = None,
    entry_id: str | None = None,
    note: str = "",
    mention_ok: bool | None = None,
) -> Link:
    """Record that the first person is the second's ``role`` ("Leo", "son", "Ana").

    Adding a link that exists updates it (the words, date, entry and note given win), so
    the same command can be run twice. A directional link cannot be added both ways.
    """
    if isinstance(role, str):
        word = role.strip().lower()
        role = parse_role(role)
    else:
        word = ""
    if first_id == second_id:
        raise InvalidInput("A person cannot be linked to themselves.")
    a_id, b_id = (first_id, second_id) if role.first_is_a else (second_id, first_id)
    first_word = word if word in ROLES and word not in _PLAIN_ROLES else ""
    with journal.transaction() as conn:
        names = _names(conn, [a_id, b_id])
        if len(names) != 2:
            raise NotFound("One of those people is not in the journal.")
        if entry_id is not None:
            row = conn.execute(
                "SELECT occurred_at FROM entries WHERE id = ?", (entry_id,)
            ).fetchone()
            if row is None:
                raise NotFound("That entry is not in the journal.")
            since = since or date_from_db(row["occurred_at"])
        existing = _find(conn, role.kind, a_id, b_id)
        if existing and not role.kind.symmetric and existing.a_id != a_id:
            raise InvalidInput(
                f"{names[existing.a_id]} is already {names[existing.b_id]}'s "
                f"{existing.word_for(existing.a_id)}; remove that link first if it is wrong."
            )
        link = existing or Link(role.kind, a_id, b_id, mention_ok=mention_ok)
        if first_word:
            if link.a_id == first_id:
                link.a_word = first_word
            else:
                link.b_word = first_word
        link.since = since or link.since
        link.entry_id = entry_id or link.entry_id
        link.note = note or link.note
        if mention_ok is not None:
            link.mention_ok = mention_ok
        now = stamp(journal.clock)
        link.created_at = link.created_at or now
        link.updated_at = now
        conn.execute(
            f"INSERT INTO person_links ({', '.join(_COLUMNS)}) VALUES "
            f"({', '.join('?' * len(_COLUMNS))}) ON CONFLICT (id) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS[1:] if c != "created_at"),
            _values(link),
        )
        journal.record_change("person", [a_id, b_id])
    return link


def insert_links(conn: Connection, items: Sequence[Link], now: str) -> None:
    """Write many links at once, unchecked (sample journals, importers that checked)."""
    for link in items:
        link.created_at = link.created_at or now
        link.updated_at = now
    conn.executemany(
        f"INSERT OR IGNORE INTO person_links ({', '.join(_COLUMNS)}) VALUES "
        f"({', '.join('?' * len(_COLUMNS))})",
        [_values(link) for link in items],
    )


def save_link(journal: Journal, link: Link) -> Link:
    """Save an edited link (its words, date, note, fine-to-mention)."""
    with journal.transaction() as conn:
        link.updated_at = stamp(journal.clock)
        cursor = conn.execute(
            "UPDATE person_links SET a_word = ?, b_word = ?, since = ?, entry_id = ?, note = ?, "
            "mention_ok = ?, updated_at = ? WHERE id = ?",
            (
                link.a_word.strip(),
                link.b_word.strip(),
                date_to_db(link.since),
                link.entry_id,
                link.note,
                int(bool(link.mention_ok)),
                link.updated_at,
                link.id,
            ),
        )
        if cursor.rowcount != 1:
            raise NotFound("That link is no longer in the journal.")
        journal.record_change("person", [link.a_id, link.b_id])
    return link


def remove_link(journal: Journal, link_id: str) -> str:
    """Move a link to the trash (so it can be restored); returns the trash id."""
    from journal.core import trash

    with journal.transaction() as conn:
        link = get_link(journal, link_id)
        names = _names(conn, [link.a_id, link.b_id])
        label = f"{names[link.a_id]} – {names[link.b_id]} ({link.kind.value})"
        trash_id = trash.delete_to_trash(
            conn, "person_links", [link_id], "link", label, stamp(journal.clock)
        )
        journal.record_change("person", [link.a_id, link.b_id])
    return trash_id


# -- reading ------------------------------------------------------------------------------


def get_link(journal: Journal, link_id: str) -> Link:
    with journal.store.reading() as conn:
        row = conn.execute("SELECT * FROM person_links WHERE id = ?", (link_id,)).fetchone()
    if row is None:
        raise NotFound("That link is no longer in the journal.")
    return _link_from_row(row)


def links_of(conn: Connection, person_ids: Sequence[str]) -> list[Link]:
    """Every link touching any of ``person_ids`` (for merges and the map)."""
    ids = json.dumps(list(dict.fromkeys(person_ids)))
    # UNION ALL and a dedup here, not UNION: SQLite's UNION sorts in a temporary b-tree,
    # which under SQLCipher's memory security costs a millisecond even for a few rows
    # (the engine reads its day's relatives through this).
    rows = conn.execute(
        "SELECT l.* FROM json_each(?) j JOIN person_links l ON l.a_id = j.value "
        "UNION ALL SELECT l.* FROM json_each(?) j JOIN person_links l ON l.b_id = j.value",
        (ids, ids),
    ).fetchall()
    unique = {r["id"]: r for r in rows}
    return [_link_from_row(unique[key]) for key in sorted(unique)]


_ORDER = {k: i for i, k in enumerate(LinkKind)}


def links_for(journal: Journal, person_id: str) -> list[LinkView]:
    """This person's links, family first, each with the other person's side in words."""
    with journal.store.reading() as conn:
        links = links_of(conn, [person_id])
        names = _names(conn, [person_id, *(link.other(person_id) for link in links)])
    views = [view(link, person_id, names) for link in links]
    views.sort(key=lambda v: (_ORDER[v.link.kind], v.other_name.casefold()))
    return views


def view(link: Link, person_id: str, names: dict[str, str]) -> LinkView:
    other = link.other(person_id)
    return LinkView(
        link,
        person_id,
        other,
        names.get(other, "?"),
        link.word_for(other),
        sentence(link, person_id, names),
    )


def sentence(link: Link, person_id: str, names: dict[str, str]) -> str:
    """The link in words, as ``person_id``'s page says it ("Leo is Ana's son")."""
    me, other = names.get(person_id, "?"), names.get(link.other(person_id), "?")
    when = f" in {link.since.year}" if link.since else ""
    if link.kind is LinkKind.INTRODUCED:
        if person_id == link.b_id:
            return f"You met {me} through {other}{when}."
        return f"{me} introduced you to {other}{when}."
    if link.kind is LinkKind.KNOWS:
        return f"{me} and {other} know each other."
    if link.kind is LinkKind.MANAGER and link.word_for(link.other(person_id)) == "report":
        return f"{other} reports to {me}."
    return f"{other} is {me}'s {link.word_for(link.other(person_id))}."


def introduction_story(journal: Journal, person_id: str) -> str | None:
    """How the user came to know this person through someone else, if recorded."""
    for item in links_for(journal, person_id):
        if item.link.kind is LinkKind.INTRODUCED and item.link.b_id == person_id:
            return item.sentence
    return None


def introductions_made(journal: Journal, person_id: str) -> list[LinkView]:
    """The people this person introduced the user to (a give worth remembering)."""
    return [
        v
        for v in links_for(journal, person_id)
        if v.link.kind is LinkKind.INTRODUCED and v.link.a_id == person_id
    ]


def mentionable_family(journal: Journal, person_id: str) -> list[FamilyHook]:
    """Relatives the engine may bring up when suggesting a check-in with this person.

    Only family links marked fine to mention (family links are private by default),
    with the relative's own threads (what they are working on, a life event) when those
    are fine to mention too.
    """
    with journal.store.reading() as conn:
        return family_hooks(conn, [person_id]).get(person_id, [])


def family_hooks(conn: Connection, person_ids: Sequence[str]) -> dict[str, list[FamilyHook]]:
    """``mentionable_family`` for many people in three queries (the engine's day)."""
    wanted = set(person_ids)
    links = [
        link for link in links_of(conn, list(person_ids)) if link.kind.family and link.mention_ok
    ]
    pairs = [(pid, link) for link in links for pid in (link.a_id, link.b_id) if pid in wanted]
    relatives = {link.other(pid) for pid, link in pairs}
    if not relatives:  # most days: no family among the people suggested
        return {}
    names = _names(conn, relatives)
    topics: dict[str, list[Facet]] = {}
    for row in conn.execute(
        "SELECT * FROM facets WHERE mention_ok = 1 AND kind IN ('working_on', 'life_event') "
        "AND person_id IN (SELECT value FROM json_each(?)) "
        "ORDER BY person_id, coalesce(noted_on, '') DESC, position",
        (json.dumps(sorted(relatives)),),
    ):
        topics.setdefault(row["person_id"], []).append(facet_from_row(row))
    hooks: dict[str, list[FamilyHook]] = {}
    for pid, link in pairs:
        other = link.other(pid)
        hooks.setdefault(pid, []).append(
            FamilyHook(
                pid,
                other,
                names.get(other, "?"),
                link.word_for(other),
                link.id,
                tuple(topics.get(other, ())),
            )
        )
    for found in hooks.values():
        found.sort(key=lambda h: (not h.topics, h.relative_name.casefold()))
    return hooks


def link_graph(journal: Journal, *, include_archived: bool = False) -> LinkGraph:
    """The recorded who-knows-whom, for the insights' brokerage and the map.

    Every kind counts as "these two know each other"; a pair linked twice (colleagues
    and friends) is one edge per kind in ``edges`` and one neighbour in ``neighbours``.
    """
    sql = "SELECT l.a_id, l.b_id, l.kind FROM person_links l"
    if not include_archived:
        sql += (
            " JOIN people pa ON pa.id = l.a_id AND pa.archived = 0"
            " JOIN people pb ON pb.id = l.b_id AND pb.archived = 0"
        )
    with journal.store.reading() as conn:
        edges = tuple(
            (r["a_id"], r["b_id"], stored_enum(LinkKind, r["kind"], LinkKind.KNOWS))
            for r in conn.execute(sql)
        )
    neighbours: dict[str, set[str]] = {}
    for a, b, _kind in edges:
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    return LinkGraph(edges, {k: frozenset(v) for k, v in neighbours.items()})
