"""The relationship map's layout: rings by circle, wedges by field, fading, groups."""

from __future__ import annotations

import itertools
import math
from datetime import datetime

import pytest

from journal.core import links, network_map, sample
from journal.core.journal import Journal
from journal.core.model import Circle, Entry, NetworkKind, Person
from journal.core.network_map import MapFilter, build_map


def radius(node: network_map.MapNode) -> float:
    return math.hypot(node.x, node.y)


def angle_in(node: network_map.MapNode, wedge: tuple[float, float]) -> bool:
    angle = math.atan2(node.y, node.x)
    start, end = wedge
    return any(start - 0.3 <= a <= end + 0.3 for a in (angle, angle + 2 * math.pi))


@pytest.fixture
def sampled(journal: Journal) -> Journal:
    sample.populate(journal, sample.SampleSpec(people=300, entries=600))
    return journal


def test_closer_circles_sit_closer_to_the_centre(sampled):
    data = build_map(sampled)
    assert data.people == 300 and data.grouped == 0 and len(data.nodes) == 300
    by_circle = {c: [radius(n) for n in data.nodes if n.circle is c] for c in Circle}
    order = [c for c in Circle if by_circle[c]]
    for inner, outer in itertools.pairwise(order):
        assert max(by_circle[inner]) < min(by_circle[outer])


def test_each_field_keeps_its_wedge_on_every_ring(sampled):
    data = build_map(sampled)
    for node in data.nodes:
        assert angle_in(node, data.wedges[node.category]), node


def test_no_two_dots_overlap_at_500(journal):
    sample.populate(journal, sample.SampleSpec(people=500, entries=300))
    nodes = build_map(journal).nodes
    grid: dict[tuple[int, int], list[network_map.MapNode]] = {}
    for node in nodes:
        grid.setdefault((int(node.x // 20), int(node.y // 20)), []).append(node)
    for node in nodes:
        cx, cy = int(node.x // 20), int(node.y // 20)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for other in grid.get((cx + dx, cy + dy), []):
                    if other is not node:
                        gap = math.hypot(node.x - other.x, node.y - other.y)
                        assert gap >= (node.size + other.size) / 2 * 0.9, (node, other)


def test_people_fade_with_time_since_contact(journal, clock):
    recent = journal.add_person(Person("Recent"))
    old = journal.add_person(Person("Two years ago"))
    never = journal.add_person(Person("Never"))
    journal.add_entry(Entry(occurred_at=datetime(2026, 11, 20), people=[recent.id], body="hi"))
    journal.add_entry(Entry(occurred_at=datetime(2024, 11, 24), people=[old.id], body="hi"))
    fresh = {n.person_id: n.freshness for n in build_map(journal).nodes}
    assert fresh[recent.id] > 0.95
    assert fresh[old.id] == pytest.approx(0.25, abs=0.01)  # halves each year
    assert fresh[never.id] == 0.15


def test_filters_by_tag_field_circle_and_archive(journal):
    journal.add_people(
        [
            Person("Ana", field="Food", circle=Circle.INNER, tags=["founders"]),
            Person("Kofi", field="Software", circle=Circle.NETWORK, tags=["founders"]),
            Person("Mei", field="Software", circle=Circle.CLOSE),
            Person("Old", field="Software", circle=Circle.CLOSE, archived=True),
            Person("Nobody", circle=Circle.DORMANT),
        ]
    )

    def names(spec: MapFilter) -> list[str]:
        return sorted(n.label for n in build_map(journal, spec).nodes)

    assert names(MapFilter()) == ["Ana", "Kofi", "Mei", "Nobody"]
    assert names(MapFilter(tag="founders")) == ["Ana", "Kofi"]
    assert names(MapFilter(field="Software")) == ["Kofi", "Mei"]
    assert names(MapFilter(field=network_map.UNKNOWN)) == ["Nobody"]
    assert names(MapFilter(circles=frozenset({Circle.INNER, Circle.CLOSE}))) == ["Ana", "Mei"]
    assert names(MapFilter(include_archived=True, field="Software")) == ["Kofi", "Mei", "Old"]
    assert [
        c for c, _r in build_map(journal, MapFilter(circles=frozenset({Circle.CLOSE}))).rings
    ] == [Circle.CLOSE]
    assert network_map.map_options(journal) == (["founders"], ["Food", "Software"])


def test_colour_by_network_kind(journal):
    journal.add_people(
        [
            Person("Ana", network_kinds={NetworkKind.PERSONAL}),
            Person("Kofi", network_kinds={NetworkKind.STRATEGIC, NetworkKind.OPERATIONAL}),
            Person("Mei"),
        ]
    )
    data = build_map(journal, MapFilter(colour_by="network_kind"))
    assert {n.label: n.category for n in data.nodes} == {
        "Ana": "Personal",
        "Kofi": network_map.SEVERAL,
        "Mei": network_map.UNKNOWN,
    }


def test_links_are_lines_between_dots(journal):
    ana, leo, mei = (journal.add_person(Person(n)) for n in ("Ana", "Leo", "Mei"))
    links.add_link(journal, leo.id, "son", ana.id)
    links.add_link(journal, mei.id, "colleague", ana.id)
    edges = build_map(journal).edges
    assert {(e.a, e.b, e.kind.value) for e in edges} == {
        (ana.id, leo.id, "parent"),
        (mei.id, ana.id, "colleague"),
    }
    assert build_map(journal, MapFilter(circles=frozenset({Circle.INNER}))).edges == []


def test_above_the_cap_outer_rings_are_grouped_and_nobody_is_lost(journal):
    sample.populate(journal, sample.SampleSpec(people=400, entries=600))
    data = build_map(journal, MapFilter(max_people=150))
    dots = [n for n in data.nodes if not n.is_group]
    groups = [n for n in data.nodes if n.is_group]
    assert len(dots) == 150 and groups
    assert len(dots) + sum(g.count for g in groups) == data.people == 400
    assert data.grouped == 400 - 150
    # Inner rings are drawn whole; grouping starts from the outside.
    whole = build_map(journal)
    inner = [n for n in whole.nodes if n.circle is Circle.INNER]
    assert {n.id for n in inner} <= {n.id for n in dots}
    assert {g.circle for g in groups} >= {Circle.DORMANT, Circle.ACQUAINTANCE}
    assert all(g.label.endswith(f"· {g.count}") for g in groups)
    # Within a ring that is partly grouped, the most recently contacted stay as dots.
    partly = next(
        c for c in Circle if any(g.circle is c for g in groups) and any(d.circle is c for d in dots)
    )
    latest_grouped = max(
        (g.last_contact_at for g in groups if g.circle is partly and g.last_contact_at),
        default=None,
    )
    oldest_dot = min(d.last_contact_at or datetime.min for d in dots if d.circle is partly)
    assert latest_grouped is None or oldest_dot >= latest_grouped


def test_an_empty_journal_has_an_empty_map(journal):
    data = build_map(journal)
    assert data.nodes == [] and data.people == 0 and data.categories == []


def test_someone_looked_for_is_drawn_whatever_the_cap(journal):
    journal.add_people(
        [Person(f"Inner {i}", circle=Circle.INNER) for i in range(5)]
        + [Person(f"Far {i}", circle=Circle.DORMANT) for i in range(5)]
    )
    far = next(p for p in journal.people() if p.name == "Far 3")
    capped = build_map(journal, MapFilter(max_people=5))
    assert far.id in capped.group_of
    pinned = build_map(journal, MapFilter(max_people=5, pinned=frozenset({far.id})))
    assert far.id not in pinned.group_of
    assert far.id in {n.person_id for n in pinned.nodes}
