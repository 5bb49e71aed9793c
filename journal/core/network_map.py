"""The relationship map, as data: who goes where, what colour, how faded, which lines.

The user sits at the centre; people sit on rings by circle, at distances like Dunbar's
layers (inner, close, network, acquaintance, dormant); each field (or network kind)
owns the same wedge on every ring, so one can see at a glance whether the inner rings
are one field (an echo chamber) or many. A person fades with the time since the last
contact. Lines are the links the journal records.

The layout is computed here, without Qt, so that it is tested on its own and the map
widget only draws what it is given. Above ``max_people`` the outer rings are grouped:
the most recently contacted people are kept as dots, the rest of each wedge becomes one
group node ("Software · 312") that the widget can open by filtering to that field.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from journal.core.links import LinkKind
from journal.core.model import Circle
from journal.core.stored import stored_datetime, stored_enum

if TYPE_CHECKING:
    from journal.core.journal import Journal

#: Ring radius per circle (scene units), roughly Dunbar's layers: each ring further out.
RING_RADIUS: dict[Circle, float] = {
    Circle.INNER: 120.0, Circle.CLOSE: 260.0, Circle.NETWORK: 410.0,
    Circle.ACQUAINTANCE: 555.0, Circle.DORMANT: 680.0,
}  # fmt: skip
#: How wide each ring's band is; crowded rings spread people across it.
RING_BAND: dict[Circle, float] = {
    Circle.INNER: 40.0, Circle.CLOSE: 60.0, Circle.NETWORK: 90.0,
    Circle.ACQUAINTANCE: 100.0, Circle.DORMANT: 80.0,
}  # fmt: skip
NODE_SIZE: dict[Circle, float] = {
    Circle.INNER: 10.0, Circle.CLOSE: 8.5, Circle.NETWORK: 7.0,
    Circle.ACQUAINTANCE: 6.0, Circle.DORMANT: 5.0,
}  # fmt: skip
#: Above this many people, the outer rings are grouped (still usable at 5,000+).
DEFAULT_MAX_PEOPLE = 1500
#: A clear slot at twelve o'clock where the ring names go (radians; wider on small rings,
#: see ``_top_gap``).
TOP_GAP = 0.2
RING_NAME_WIDTH = 95.0
#: Room a name needs across a spoke, so names on one ring never overlap.
LABEL_GAP = 18.0
UNKNOWN = "Not recorded"
SEVERAL = "Several"


_CIRCLES = {str(c): c for c in Circle}


@dataclass(frozen=True)
class MapFilter:
    tag: str | None = None
    field: str | None = None
    #: Which circles to show (None: all of them).
    circles: frozenset[Circle] | None = None
    include_archived: bool = False
    #: "field" or "network_kind": what the wedges and colours stand for.
    colour_by: str = "field"
    max_people: int = DEFAULT_MAX_PEOPLE
    #: People drawn as dots whatever the cap (someone the user looked for).
    pinned: frozenset[str] = frozenset()


@dataclass(frozen=True)
class MapNode:
    id: str
    label: str
    circle: Circle
    category: str
    x: float
    y: float
    size: float
    #: 1.0 in touch today, fading towards 0.15 with years without contact (or never).
    freshness: float
    #: The person this dot is, or None for a group of ``count`` people.
    person_id: str | None = None
    count: int = 1
    #: Last contact (the latest in the group, for a group).
    last_contact_at: datetime | None = None
    #: There is room for the name beside the dot at any zoom (a ring with one row).
    labelled: bool = False

    @property
    def is_group(self) -> bool:
        return self.person_id is None


@dataclass(frozen=True)
class MapEdge:
    a: str
    b: str
    kind: LinkKind


@dataclass(frozen=True)
class NetworkMap:
    nodes: list[MapNode]
    edges: list[MapEdge]
    rings: list[tuple[Circle, float]]
    #: Categories, largest first, each with its wedge (start, end angle in radians).
    categories: list[tuple[str, int]]
    wedges: dict[str, tuple[float, float]] = field(default_factory=dict)
    people: int = 0
    #: How many people are inside group nodes rather than drawn one by one.
    grouped: int = 0
    #: Everyone on the map (dots and grouped), id -> name, for finding someone.
    names: dict[str, str] = field(default_factory=dict)
    #: Person id -> the group node they are in, for people not drawn one by one.
    group_of: dict[str, str] = field(default_factory=dict)

    def node(self, node_id: str) -> MapNode:
        return next(n for n in self.nodes if n.id == node_id)


class _Row(NamedTuple):
    id: str
    name: str
    circle: Circle
    category: str
    last_contact_at: datetime | None


def freshness(last: datetime | None, today: date) -> float:
    """Halves every year without contact; a floor keeps the long-lost visible."""
    if last is None:
        return 0.15
    days = max(0, (today - last.date()).days)
    return max(0.15, float(0.5 ** (days / 365)))


def map_options(journal: Journal) -> tuple[list[str], list[str]]:
    """The tags and fields the map can be filtered by."""
    with journal.store.reading() as conn:
        fields = [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT field FROM people WHERE field != '' AND archived = 0 "
                "ORDER BY field COLLATE NOCASE"
            )
        ]
    return [t for t, _n in journal.tags()], fields


def build_map(journal: Journal, spec: MapFilter | None = None) -> NetworkMap:
    spec = spec or MapFilter()
    rows = _load(journal, spec)
    today = journal.clock.today()
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.category] = counts.get(row.category, 0) + 1
    categories = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] == UNKNOWN, kv[0]))
    wedges = _wedges(categories)
    shown, groups = _choose(rows, spec.max_people, spec.pinned)
    nodes = _place(shown, wedges, today)
    nodes += _group_nodes(groups, wedges, today, {row.circle for row in shown})
    edges = _edges(journal, {n.person_id for n in nodes if n.person_id})
    rings = [(c, RING_RADIUS[c]) for c in Circle if spec.circles is None or c in spec.circles]
    group_of = {
        row.id: f"group:{circle}:{category}"
        for (circle, category), members in groups.items()
        for row in members
    }
    return NetworkMap(
        nodes,
        edges,
        rings,
        categories,
        wedges,
        len(rows),
        len(group_of),
        {row.id: row.name for row in rows},
        group_of,
    )


def _load(journal: Journal, spec: MapFilter) -> list[_Row]:
    where: list[str] = []
    params: list[Any] = []
    if not spec.include_archived:
        where.append("p.archived = 0")
    if spec.tag:
        where.append("EXISTS (SELECT 1 FROM person_tags t WHERE t.person_id = p.id AND t.tag = ?)")
        params.append(spec.tag)
    if spec.field is not None:
        where.append("p.field = ?")
        params.append("" if spec.field == UNKNOWN else spec.field)
    if spec.circles is not None:
        where.append("p.circle IN (SELECT value FROM json_each(?))")
        params.append(json.dumps([str(c) for c in spec.circles]))
    # Kinds come in their own query and the order is Python's: both are several times
    # faster than a correlated subquery and an ORDER BY on 5,000 encrypted rows.
    sql = (
        "SELECT p.id, p.name, p.preferred_name, p.field, p.circle, p.last_contact_at FROM people p"
    )
    if where:
        sql += " WHERE " + " AND ".join(where)
    kinds: dict[str, list[str]] = {}
    with journal.store.reading() as conn:
        result = conn.execute(sql, params).fetchall()
        if spec.colour_by == "network_kind":
            for r in conn.execute(
                "SELECT person_id, kind FROM person_network_kinds ORDER BY person_id, kind"
            ):
                kinds.setdefault(r[0], []).append(r[1])
    rows = []
    for r in result:
        if spec.colour_by == "network_kind":
            own = kinds.get(r["id"], [])
            category = own[0].capitalize() if len(own) == 1 else (SEVERAL if own else UNKNOWN)
        else:
            category = r["field"] or UNKNOWN
        last = stored_datetime(r["last_contact_at"])
        rows.append(
            _Row(
                r["id"],
                r["preferred_name"] or r["name"],
                _CIRCLES.get(r["circle"], Circle.DORMANT),
                category,
                last,
            )
        )
    rows.sort(key=lambda row: (row.name.casefold(), row.id))
    return rows


def _wedges(categories: list[tuple[str, int]]) -> dict[str, tuple[float, float]]:
    """Each category's share of the full turn, starting at twelve o'clock, clockwise.

    A small floor keeps a one-person field visible beside a field of hundreds.
    """
    if not categories:
        return {}
    total = sum(n for _c, n in categories)
    floor = 0.03 if len(categories) < 20 else 0.0
    shares = [max(n / total, floor) for _c, n in categories]
    scale = (2 * math.pi - TOP_GAP) / sum(shares)
    wedges = {}
    start = -math.pi / 2 + TOP_GAP / 2
    for (category, _n), share in zip(categories, shares, strict=True):
        end = start + share * scale
        wedges[category] = (start, end)
        start = end
    return wedges


def _choose(
    rows: list[_Row], cap: int, pinned: frozenset[str] = frozenset()
) -> tuple[list[_Row], dict[tuple[Circle, str], list[_Row]]]:
    """Who is drawn as a dot; the rest grouped by ring and wedge, outermost rings first."""
    if len(rows) <= cap:
        return rows, {}
    by_circle: dict[Circle, list[_Row]] = {c: [] for c in Circle}
    for row in rows:
        by_circle[row.circle].append(row)
    shown = [row for row in rows if row.id in pinned]
    groups: dict[tuple[Circle, str], list[_Row]] = {}
    budget = cap - len(shown)
    for circle in Circle:  # inner rings first: they are kept whole while the budget lasts
        members = sorted(
            (r for r in by_circle[circle] if r.id not in pinned),
            key=lambda r: r.last_contact_at or datetime.min,
            reverse=True,
        )
        keep = members[: max(0, budget)]
        budget -= len(keep)
        shown += keep
        for row in members[len(keep) :]:
            groups.setdefault((circle, row.category), []).append(row)
    shown.sort(key=lambda r: (r.name.casefold(), r.id))
    return shown, groups


def _place(rows: list[_Row], wedges: dict[str, tuple[float, float]], today: date) -> list[MapNode]:
    by_slot: dict[tuple[Circle, str], list[_Row]] = {}
    for row in rows:
        by_slot.setdefault((row.circle, row.category), []).append(row)
    nodes = []
    for circle in Circle:
        slots = {k: v for k, v in by_slot.items() if k[0] is circle}
        count = sum(len(v) for v in slots.values())
        if count * LABEL_GAP < 2 * math.pi * RING_RADIUS[circle] * 0.8:
            nodes += _place_spaced(circle, slots, wedges, today)
            continue
        nodes += _place_banded(circle, slots, wedges, today)
    return nodes


def _place_spaced(
    circle: Circle,
    slots: dict[tuple[Circle, str], list[_Row]],
    wedges: dict[str, tuple[float, float]],
    today: date,
) -> list[MapNode]:
    """A ring with room for everyone in one row: each in their wedge, nudged apart until
    neighbours are a name's height apart, so every name can be shown."""
    placed: list[tuple[float, _Row]] = []
    radius = RING_RADIUS[circle]
    for (_circle, category), members in slots.items():
        start, end = wedges[category]
        for i, row in enumerate(members):
            angle = start + (end - start) * (i + 0.5) / len(members)
            placed.append((_on_ring(angle, radius), row))
    placed.sort(key=lambda item: item[0])
    angles = _spread([a for a, _row in placed], LABEL_GAP / radius, _top_gap(radius))
    return [
        MapNode(
            id=row.id,
            label=row.name,
            circle=circle,
            category=row.category,
            x=radius * math.cos(angle),
            y=radius * math.sin(angle),
            size=NODE_SIZE[circle],
            freshness=freshness(row.last_contact_at, today),
            person_id=row.id,
            last_contact_at=row.last_contact_at,
            labelled=True,
        )
        for angle, (_a, row) in zip(angles, placed, strict=True)
    ]


def _top_gap(radius: float) -> float:
    return max(TOP_GAP, RING_NAME_WIDTH / radius)


def _on_ring(angle: float, radius: float) -> float:
    """A wedge angle squeezed into what this ring leaves free of its name's slot."""
    low = -math.pi / 2 + TOP_GAP / 2
    span = 2 * math.pi - TOP_GAP
    gap = _top_gap(radius)
    return -math.pi / 2 + gap / 2 + (angle - low) * (2 * math.pi - gap) / span


def _spread(angles: list[float], gap: float, top_gap: float = TOP_GAP) -> list[float]:
    """Push sorted angles apart to at least ``gap``, keeping their order and staying out
    of the slot at the top (where ring names go); evenly spaced if they cannot fit."""
    n = len(angles)
    low = -math.pi / 2 + top_gap / 2
    high = low + 2 * math.pi - top_gap
    if n < 2:
        return angles
    if (n - 1) * gap > high - low:
        return [low + (high - low) * (i + 0.5) / n for i in range(n)]
    out = [min(max(a, low), high) for a in angles]
    for i in range(1, n):  # forwards: each at least a gap after the one before
        out[i] = max(out[i], out[i - 1] + gap)
    out[-1] = min(out[-1], high)
    for i in range(n - 2, -1, -1):  # backwards: back inside the range if pushed out
        out[i] = min(out[i], out[i + 1] - gap)
    return out


def _place_banded(
    circle: Circle,
    slots: dict[tuple[Circle, str], list[_Row]],
    wedges: dict[str, tuple[float, float]],
    today: date,
) -> list[MapNode]:
    """A crowded ring: each wedge's people in rows across the ring's band, like seats in
    an amphitheatre, so dots do not sit on each other."""
    nodes = []
    radius, band, size = RING_RADIUS[circle], RING_BAND[circle], NODE_SIZE[circle]
    for (_circle, category), members in slots.items():
        start, end = (_on_ring(a, radius) for a in wedges[category])
        margin = min(0.04, (end - start) * 0.1)
        start, end = start + margin, end - margin
        room = max(1, int((end - start) * radius / (size * 1.8)))
        rows = max(1, math.ceil(len(members) / room))
        per_row = math.ceil(len(members) / rows)
        # A very full ring may widen its band up to twice, before dots start to touch.
        depth = min(max(band, rows * size * 1.25), band * 2)
        for i, row in enumerate(members):
            line, seat = i % rows, i // rows
            r = radius if rows == 1 else radius - depth / 2 + depth * (line + 0.5) / rows
            # Alternate rows are shifted half a seat, so the grid reads as a weave.
            angle = start + (end - start) * (seat + 0.5 + 0.5 * (line % 2)) / (per_row + 0.5)
            nodes.append(
                MapNode(
                    id=row.id,
                    label=row.name,
                    circle=circle,
                    category=category,
                    x=r * math.cos(angle),
                    y=r * math.sin(angle),
                    size=size,
                    freshness=freshness(row.last_contact_at, today),
                    person_id=row.id,
                    last_contact_at=row.last_contact_at,
                )
            )
    return nodes


def _group_nodes(
    groups: dict[tuple[Circle, str], list[_Row]],
    wedges: dict[str, tuple[float, float]],
    today: date,
    with_dots: set[Circle],
) -> list[MapNode]:
    """One node per ring and wedge for those not drawn one by one: on the ring when the
    ring has no dots, else just outside its band."""
    nodes = []
    for (circle, category), members in groups.items():
        start, end = wedges[category]
        angle = (start + end) / 2
        size = min(40.0, 6 + 2.2 * math.sqrt(len(members)))
        radius = RING_RADIUS[circle]
        if circle in with_dots:
            radius += RING_BAND[circle] + size / 2 + 6
        latest = max((m.last_contact_at for m in members if m.last_contact_at), default=None)
        nodes.append(
            MapNode(
                id=f"group:{circle}:{category}",
                label=f"{category} · {len(members)}",
                circle=circle,
                category=category,
                x=radius * math.cos(angle),
                y=radius * math.sin(angle),
                size=size,
                freshness=freshness(latest, today),
                count=len(members),
                last_contact_at=latest,
                labelled=True,
            )
        )
    return nodes


def _edges(journal: Journal, shown: set[str]) -> list[MapEdge]:
    """Links between people drawn as dots (links into a group would only be a fan of
    lines to one point; opening the group shows them)."""
    with journal.store.reading() as conn:
        rows = conn.execute("SELECT a_id, b_id, kind FROM person_links").fetchall()
    return [
        MapEdge(r["a_id"], r["b_id"], stored_enum(LinkKind, r["kind"], LinkKind.KNOWS))
        for r in rows
        if r["a_id"] in shown and r["b_id"] in shown
    ]
