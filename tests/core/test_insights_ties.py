"""Ties by strength, at-risk close ties, and the "reconnect with" candidates."""

from __future__ import annotations

import pytest

from journal.core.insights import (
    TieStatus,
    compute_insights,
    reconnect_candidates,
    take_snapshot,
)
from journal.core.model import Circle, Person
from journal.core.settings import JournalSettings
from tests.support.network import add, ago, offer


@pytest.fixture
def circle(journal):
    """Close ties at known gaps (inner cadence 14 days, close 30)."""
    return {
        "Iris": add(journal, "Iris", circle=Circle.INNER, days_ago=14),  # r = 1: active
        "Ines": add(journal, "Ines", circle=Circle.INNER, days_ago=60),  # r = 4.29
        "Carl": add(journal, "Carl", circle=Circle.CLOSE, days_ago=60),  # r = 2.0 exactly
        "Cleo": add(journal, "Cleo", circle=Circle.CLOSE, days_ago=61),  # r = 2.03
        "Olga": add(journal, "Olga", circle=Circle.CLOSE, days_ago=1096),  # 3 years
    }


def test_at_risk_close_ties_and_their_closeness(journal, circle):
    ins = compute_insights(journal)
    risky = ins.ties.at_risk
    # Over twice the cadence: Ines (60/14), Cleo (61/30), Olga; Carl at exactly 2 is not.
    # Inner circle first, then the longest gap.
    assert [a.name for a in risky] == ["Ines", "Olga", "Cleo"]
    assert risky[0].ratio == pytest.approx(60 / 14)
    # 0.85 ** (60 / 365.25): ln 0.85 = -0.162519, x 0.164271 = -0.026697, exp = 0.97366
    assert risky[0].closeness == pytest.approx(0.97366, abs=1e-5)
    # Three years: 0.85 ** (1096 / 365.25) = 0.85 ** 3.0007 = 0.61405
    assert risky[1].closeness == pytest.approx(0.61405, abs=1e-5)
    finding = next(f for f in ins.highlights if f.key == "ties.at_risk")
    assert finding.people == tuple(circle[n].id for n in ("Ines", "Olga", "Cleo"))
    # Gaps read by wording's one rule (days up to 99, then months, then years).
    assert finding.text.startswith(
        "Ines (60 days), Olga (about three years) and Cleo (61 days) are "
        "more than twice past your usual rhythm."
    )


def test_strength_counts(journal, circle):
    strong = compute_insights(journal).ties.strong
    assert strong.active == (circle["Iris"].id,)
    # Carl at 60 days is past 30 but not past 60: drifting, not dormant.
    assert strong.drifting == (circle["Carl"].id,)
    assert set(strong.dormant) == {circle[n].id for n in ("Ines", "Cleo", "Olga")}


def test_cadence_comes_from_the_person_then_the_settings(journal):
    settings = journal.settings()
    settings.cadence_days[Circle.NETWORK] = 30
    journal.save_settings(settings)
    add(journal, "Net", days_ago=45)  # network circle: 45 > 30
    own = add(journal, "Own", days_ago=45, cadence=50)  # own cadence wins: 45 <= 50
    snap = take_snapshot(journal)
    status = {t.facts.name: t.status for t in snap.ties}
    assert status == {"Net": TieStatus.DRIFTING, "Own": TieStatus.ACTIVE}
    assert compute_insights(journal).active == (own.id,)
    assert JournalSettings().cadence_days[Circle.NETWORK] == 60  # the default was changed


def test_status_boundaries(journal):
    add(journal, "OnTheDay", days_ago=60)  # network, cadence 60: active on day 60
    add(journal, "New", met_days_ago=10)  # never logged, met 10 days ago: not dormant
    add(journal, "Unlogged", met_days_ago=500)  # never logged, met 500 days ago: dormant
    add(journal, "Marked", circle=Circle.DORMANT, days_ago=100)  # marked dormant, seen lately
    add(journal, "Asleep", circle=Circle.DORMANT, days_ago=400)
    status = {t.facts.name: t.status for t in take_snapshot(journal).ties}
    assert status == {
        "OnTheDay": TieStatus.ACTIVE,
        "New": TieStatus.DRIFTING,
        "Unlogged": TieStatus.DORMANT,
        "Marked": TieStatus.ACTIVE,
        "Asleep": TieStatus.DORMANT,
    }


@pytest.fixture
def bridges(journal):
    """Active in Software and Health; dormant weak ties in other fields."""
    add(journal, "Sam", field="Software", days_ago=10)
    add(journal, "Hana", field="Health", circle=Circle.ACQUAINTANCE, days_ago=10)
    return {
        # Network circle, cadence 60: 400 days > 120, dormant; something to offer.
        "Xena": add(
            journal,
            "Xena",
            field="Education",
            days_ago=400,
            facets=[offer("my notes on grant writing")],
        ),
        # Acquaintance, cadence 180: 400 > 360, dormant.
        "Yuri": add(journal, "Yuri", field="Education", circle=Circle.ACQUAINTANCE, days_ago=400),
        "Vera": add(journal, "Vera", field="Design", circle=Circle.ACQUAINTANCE, days_ago=500),
        # Never logged, met 1000 days ago: dormant, but no history together.
        "Noor": add(journal, "Noor", field="Law"),
        # Not candidates: a field the active network has; drifting (200 <= 360); a close
        # tie (at risk instead, not a weak tie).
        "Zed": add(journal, "Zed", field="Software", days_ago=400),
        "Quin": add(journal, "Quin", field="Education", circle=Circle.ACQUAINTANCE, days_ago=200),
        "Kim": add(journal, "Kim", field="Education", circle=Circle.CLOSE, days_ago=400),
    }


def test_reconnect_candidates_bridge_missing_fields(journal, bridges):
    found = reconnect_candidates(journal)
    # Best first: history, then network before acquaintance, then an offer, then the most
    # recent. Sorted: Xena, Yuri (400 days), Vera (500), Noor (no history). Fields then
    # take turns: Education (Xena, Yuri), Design (Vera), Law (Noor) -> Xena, Vera, Noor, Yuri.
    assert [c.name for c in found] == ["Xena", "Vera", "Noor", "Yuri"]
    assert found[0].reason == (
        "Xena works in Education, a field none of your active ties are "
        "in (last in touch about 13 months ago). You noted you could offer "
        "my notes on grant writing."
    )
    assert found[2].reason.endswith("(no contact logged yet).")
    ins = compute_insights(journal)
    assert ins.ties.missing_fields == ("Design", "Education", "Law")
    finding = next(f for f in ins.ties.findings if f.key == "ties.reconnect")
    assert finding.people == tuple(c.person_id for c in found)


def test_no_reconnect_once_back_in_touch(journal, bridges):
    from tests.support.network import meet

    for name in ("Xena", "Yuri", "Vera", "Noor"):
        meet(journal, bridges[name], 1)
    assert reconnect_candidates(journal) == []


def test_imported_people_not_yet_placed_are_not_ties_to_revive(journal):
    """An address-book import is not a network: someone never placed (no circle chosen,
    no contact logged) counts in the network's size but is not offered as a weak tie
    worth reviving, and the insight says what would make them one."""
    add(journal, "Ada", field="Software", days_ago=3)  # the active network's field
    imported = Person(
        name="Imogen Park", field="Law", circle=Circle.ACQUAINTANCE, met_on=ago(1000), placed=False
    )
    journal.add_person(imported)
    assert reconnect_candidates(journal) == []
    ins = compute_insights(journal)
    assert imported.id in ins.ties.weak.dormant  # still counted
    assert ins.ties.weak.total == 2  # Ada and Imogen: the network's size is unchanged
    assert not [f for f in ins.ties.findings if f.key == "ties.reconnect"]
    (finding,) = [f for f in ins.ties.findings if f.key == "ties.unplaced"]
    assert finding.people == (imported.id,)
    assert finding.text.startswith(
        "1 person you imported and have not placed yet works in a field your active network "
        "lacks (Law). If you know them, give them a circle on their page or log a contact"
    )
    # Placed (a circle chosen): now a tie worth reviving.
    imported.circle = Circle.NETWORK
    journal.save_person(imported)
    assert [c.person_id for c in reconnect_candidates(journal)] == [imported.id]
