"""The Networking Quotient estimate, item by item, and how it speaks to a small circle."""

from __future__ import annotations

from datetime import date

from journal.core.insights import compute_insights
from journal.core.insights.quotient import band
from journal.core.model import Circle, Direction, NetworkKind
from tests.support.network import add, give, hobby

PERSONAL = NetworkKind.PERSONAL


def test_bands():
    assert [band(t) for t in (0, 70, 80, 140, 150, 210, 220, 280)] == [
        "poor",
        "poor",
        "needs work",
        "needs work",
        "good",
        "good",
        "excellent",
        "excellent",
    ]


def small_well_kept_circle(journal):
    """Three inner-circle friends, all in touch within their fortnightly rhythm."""
    kit = add(
        journal,
        "Kit",
        field="Teaching",
        circle=Circle.INNER,
        kinds=[PERSONAL],
        days_ago=3,
        facets=[hobby()],
        email=True,
    )
    lou = add(
        journal,
        "Lou",
        field="Teaching",
        circle=Circle.INNER,
        kinds=[PERSONAL],
        days_ago=7,
        facets=[hobby("choir")],
    )
    mo = add(journal, "Mo", field="Teaching", circle=Circle.INNER, kinds=[PERSONAL], days_ago=12)
    give(journal, lou, date(2026, 11, 4))
    return kit, lou, mo


def test_items_of_a_small_well_kept_circle(journal):
    kit, lou, _mo = small_well_kept_circle(journal)
    nq = compute_insights(journal).quotient
    items = {i.key: i for i in nq.items}
    # size: 3 people in touch this year, under Dunbar's first layer of 5 -> 0
    # quality: exp(H) = 1 field (< 2) -> 0, one kind of network (< 2 kinds) -> 0
    # building: 2 of 3 with something personal = 67% (>= 60%) -> 3
    # strength: 3 of 3 inner ties in rhythm = 100% (>= 90%) -> 4
    # recruiting: everyone met 1000 days ago -> 0
    # reciprocity: gave to 1 of 3 active = 33% (>= 30%) -> 3
    # internet: 1 of 3 with an email = 33% (>= 20%) -> 1
    assert {k: i.score for k, i in items.items()} == {
        "size": 0,
        "quality": 0,
        "building": 3,
        "strength": 4,
        "recruiting": 0,
        "reciprocity": 3,
        "internet": 1,
    }
    # (0 + 0 + 3 + 4 + 0 + 3 + 1) x 10 = 110: "needs work" (71-140)
    assert (nq.total, nq.band) == (110, "needs work")
    assert items["building"].evidence == (
        "2 of 3 active ties (67%) have something personal "
        "noted (a hobby, their background, family, what "
        "they are working on)."
    )
    assert set(items["building"].people) == {kit.id, lou.id}
    assert items["reciprocity"].people == (lou.id,)
    # 80% of 3 is 2.4, so 3 people: one more.
    assert items["building"].next_step == (
        "Note something personal about 1 more of the people you are in touch with."
    )
    assert items["size"].next_step.startswith(
        "Stay in touch with 2 more (to 5). Size matters least"
    )
    # Lowest scores: size, quality, recruiting (0). Size is suggested last among equals.
    assert nq.best_item.key == "quality" and nq.best_gain == 40
    assert nq.best_item.next_step == (
        "Aim for a few active ties outside Teaching and some operational and strategic ties."
    )


def test_a_small_circle_is_not_told_it_is_failing(journal):
    small_well_kept_circle(journal)
    ins = compute_insights(journal)
    assert ins.overview.text == (
        "All 3 people in your journal are in touch within their rhythm. Every "
        "one of your close ties is kept up, which matters more than "
        "any count."
    )
    total = next(f for f in ins.quotient.findings if f.key == "quotient.total")
    assert "cannot see how much your conversations mean" in total.text
    assert "Your close ties are well kept" in total.text
    for finding in ins.findings():
        lowered = finding.text.lower()
        assert "fail" not in lowered and "poor" not in lowered, finding.text
    # Too few people for share-based flags to mean anything.
    assert ins.flags == ()


def test_taking_more_than_twice_what_you_give_caps_reciprocity(journal):
    people = [add(journal, f"P{i}", days_ago=5) for i in range(5)]
    for person in people[:3]:
        give(journal, person, date(2026, 11, 1))  # 3 of 5 helped = 60% -> would be 4
    for _ in range(7):
        give(journal, people[4], date(2026, 11, 2), Direction.RECEIVED)  # 7 > 2 x 3
    item = next(i for i in compute_insights(journal).quotient.items if i.key == "reciprocity")
    assert item.score == 2
    assert item.evidence.endswith("You received 7 times and gave 3 times.")
    assert item.next_step == "Lead with an offer the next few times you ask."


def test_recruiting_counts_new_people_you_met_and_logged(journal):
    for i in range(3):
        add(journal, f"New{i}", met_days_ago=100, days_ago=50)  # met this year, logged
    add(journal, "Unlogged", met_days_ago=100)  # met this year, never logged: not counted
    add(journal, "Old", met_days_ago=400, days_ago=10)  # met before this year
    item = next(i for i in compute_insights(journal).quotient.items if i.key == "recruiting")
    # 3 new people: >= 3 -> 2; the next level is 6.
    assert item.score == 2
    assert item.next_step == "Get to know 3 more new people this year."
