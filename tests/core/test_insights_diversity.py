"""Diversity of the active network, checked against indexes worked out by hand.

The arithmetic is in the comments: p are shares, H = -sum p ln p, exp(H) the effective
number, Blau = 1 - sum p^2, normalised by 1 - 1/K; Burt's effective size n - 2t/n.
"""

from __future__ import annotations

import math

import pytest

from journal.core.insights import compute_insights
from journal.core.model import NetworkKind
from tests.support.network import add

OP, PERSONAL, STRATEGIC = NetworkKind.OPERATIONAL, NetworkKind.PERSONAL, NetworkKind.STRATEGIC


@pytest.fixture
def six(journal):
    """Six active ties (network circle, cadence 60, seen 10 days ago) and three who must not
    count: one dormant, one drifting, one archived."""
    people = {
        "Ana": add(
            journal, "Ana", field="Software", org="Acme", place="Lisbon", kinds=[OP], days_ago=10
        ),
        "Ben": add(
            journal,
            "Ben",
            field="Software",
            org="Acme",
            place="Lisbon",
            kinds=[OP, STRATEGIC],
            days_ago=10,
        ),
        "Caro": add(
            journal,
            "Caro",
            field=" software ",
            org="Globex",
            place="Lisbon",
            kinds=[PERSONAL],
            days_ago=10,
        ),
        "Dev": add(
            journal,
            "Dev",
            field="Health",
            org="Clinic",
            place="Accra",
            kinds=[PERSONAL],
            days_ago=10,
        ),
        "Eve": add(
            journal, "Eve", field="Health", org="clinic", place="Accra", kinds=[OP], days_ago=10
        ),
        "Fay": add(journal, "Fay", field="Law", place="Accra", days_ago=10),
        # 400 days > 2 x 60: dormant.  90 days: past 60, not past 120: drifting.
        "Gus": add(journal, "Gus", field="Education", org="School", days_ago=400),
        "Hal": add(journal, "Hal", field="Design", org="Studio", days_ago=90),
        "Ivy": add(journal, "Ivy", field="Software", org="Acme", days_ago=1),
    }
    journal.set_archived(people["Ivy"].id)
    return people


def test_fields_entropy_blau_and_share_table(journal, six):
    ins = compute_insights(journal)
    assert sorted(ins.names[i] for i in ins.active) == ["Ana", "Ben", "Caro", "Dev", "Eve", "Fay"]
    fields = ins.by_dimension("field")
    # Software 3 (" software " is the same field), Health 2, Law 1: p = 1/2, 1/3, 1/6.
    assert [(r.label, r.weight) for r in fields.rows] == [
        ("Software", 3),
        ("Health", 2),
        ("Law", 1),
    ]
    assert {six[n].id for n in ("Ana", "Ben", "Caro")} == set(fields.rows[0].people)
    # H = 0.5 ln 2 + (1/3) ln 3 + (1/6) ln 6 = 0.34657 + 0.36620 + 0.29863 = 1.01140
    assert fields.entropy == pytest.approx(1.01140, abs=1e-5)
    # exp(1.01140) = 2.7495
    assert fields.effective == pytest.approx(2.7495, abs=1e-4)
    # Blau = 1 - (1/4 + 1/9 + 1/36) = 1 - 14/36 = 0.61111; over 1 - 1/3: 0.91667
    assert fields.blau == pytest.approx(22 / 36)
    assert fields.normalised_blau == pytest.approx((22 / 36) / (2 / 3))
    assert fields.finding.text == (
        "Your active network spans about 2.7 fields (6 people with a field recorded)."
    )


def test_organisations_leave_out_the_unknown(journal, six):
    orgs = compute_insights(journal).by_dimension("organisation")
    # Acme 2, Clinic 2 ("clinic" too), Globex 1; Fay has none: p = 2/5, 2/5, 1/5.
    assert [(r.label, r.weight) for r in orgs.rows] == [("Acme", 2), ("Clinic", 2), ("Globex", 1)]
    assert orgs.unknown == (six["Fay"].id,)
    # H = 2 (0.4 ln 2.5) + 0.2 ln 5 = 0.73303 + 0.32189 = 1.05492; exp = 2.8717
    assert orgs.entropy == pytest.approx(1.05492, abs=1e-5)
    assert orgs.effective == pytest.approx(2.8717, abs=1e-4)
    # Blau = 1 - (0.16 + 0.16 + 0.04) = 0.64; normalised 0.64 / (2/3) = 0.96
    assert orgs.blau == pytest.approx(0.64)
    assert orgs.normalised_blau == pytest.approx(0.96)


def test_network_kinds_split_people_in_two_kinds(journal, six):
    kinds = compute_insights(journal).by_dimension("network kind")
    # Ben is operational and strategic: half in each. Operational 1 + 0.5 + 1 (Ana, Ben,
    # Eve) = 2.5, personal 2 (Caro, Dev), strategic 0.5; Fay unmarked. p = .5, .4, .1
    assert [(r.label, r.weight) for r in kinds.rows] == [
        ("Operational", 2.5),
        ("Personal", 2),
        ("Strategic", 0.5),
    ]
    # H = 0.5 ln 2 + 0.4 ln 2.5 + 0.1 ln 10 = 0.34657 + 0.36652 + 0.23026 = 0.94335
    assert kinds.entropy == pytest.approx(0.94335, abs=1e-5)
    assert kinds.effective == pytest.approx(math.exp(0.94335), abs=1e-4)
    # Blau = 1 - (0.25 + 0.16 + 0.01) = 0.58; K is always 3: 0.58 / (2/3) = 0.87
    assert kinds.blau == pytest.approx(0.58)
    assert kinds.normalised_blau == pytest.approx(0.87)


def test_places_evenly_split(journal, six):
    places = compute_insights(journal).by_dimension("place")
    # Lisbon 3, Accra 3: H = ln 2, exp(H) = 2 exactly, Blau 0.5, normalised 1.
    assert places.effective == pytest.approx(2.0)
    assert places.normalised_blau == pytest.approx(1.0)
    assert places.finding.text.startswith("Your active network spans two places")


def test_biggest_cluster_is_named_with_its_organisations(journal, six):
    cluster = compute_insights(journal).cluster
    assert cluster.field == "Software"
    assert cluster.share == pytest.approx(0.5)
    assert cluster.finding.text == (
        "50% of your active ties are in Software (3 of 6), at two organisations (Acme and Globex)."
    )
    assert set(cluster.finding.people) == {six[n].id for n in ("Ana", "Ben", "Caro")}


def test_effective_size_treats_colleagues_as_connected(journal, six):
    broker = compute_insights(journal).brokerage
    # n = 6; Ana-Ben at Acme and Dev-Eve at Clinic know each other: t = 2.
    # Effective size = 6 - 2*2/6 = 5.3333; efficiency 5.3333 / 6 = 0.8889.
    assert (broker.n, broker.ties) == (6, 2)
    assert broker.effective_size == pytest.approx(6 - 4 / 6)
    assert broker.efficiency == pytest.approx((6 - 4 / 6) / 6)
    assert [(g.label, set(g.people)) for g in broker.groups] == [
        ("Acme", {six["Ana"].id, six["Ben"].id}),
        ("Clinic", {six["Dev"].id, six["Eve"].id}),
    ]


def test_ten_percent_strategic_is_not_flagged(journal, six):
    # Strategic is exactly 0.5 of 5 = 10%: the flag is for under 10%. Acme is 40%.
    assert compute_insights(journal).flags == ()


def test_everyone_in_one_field(journal):
    ids = [
        add(journal, name, field=field, org=org, kinds=[OP], days_ago=3).id
        for name, field, org in (
            ("Ana", "Software", "Acme"),
            ("Ben", "Software", "Acme"),
            ("Caro", "software", "Acme"),
            ("Dev", "Software", "Acme"),
            ("Eve", "Software", "Globex"),
        )
    ]
    ins = compute_insights(journal)
    fields = ins.by_dimension("field")
    # One field: p = 1, H = 0, exp(H) = 1, Blau = 0, and normalising is undefined (K = 1).
    assert [(r.label, r.share) for r in fields.rows] == [("Software", 1.0)]
    assert (fields.entropy, fields.effective, fields.blau) == (0.0, 1.0, 0.0)
    assert fields.normalised_blau is None
    assert fields.finding.text == (
        "Your active network spans one field (5 people with a field recorded)."
    )
    assert ins.cluster.finding.text == (
        "All 5 of your active ties with a field recorded are "
        "in Software, at two organisations (Acme and "
        "Globex)."
    )
    # Four at Acme: t = 4*3/2 = 6; effective size 5 - 2*6/5 = 2.6
    assert ins.brokerage.effective_size == pytest.approx(2.6)
    # No strategic ties at all, and Acme holds 80% > 50%: both flags, with the people.
    flags = {f.key: f for f in ins.flags}
    assert set(flags) == {"diversity.strategic", "diversity.one_organisation"}
    assert flags["diversity.strategic"].text.startswith(
        "Few of your active ties are strategic (0%)"
    )
    assert set(flags["diversity.one_organisation"].people) == set(ids[:4])
    assert flags["diversity.one_organisation"].text.startswith(
        "80% of your active ties are at Acme."
    )


def test_one_person(journal):
    ana = add(journal, "Ana", field="Software", org="Acme", place="Lisbon", kinds=[OP], days_ago=5)
    ins = compute_insights(journal)
    assert ins.active == (ana.id,)
    fields = ins.by_dimension("field")
    assert (fields.effective, fields.blau, fields.normalised_blau) == (1.0, 0.0, None)
    # Network kinds always have K = 3, so one kind is a defined, zero spread: 0 / (2/3).
    assert ins.by_dimension("network kind").normalised_blau == 0.0
    assert ins.cluster.finding.text == "Your one active tie with a field recorded is in Software."
    assert ins.brokerage.effective_size == 1.0
    assert ins.brokerage.finding.text.startswith("With one active tie")
    assert ins.flags == ()


def test_recorded_links_replace_the_colleague_proxy_for_linked_people(journal, six):
    from journal.core.insights import compute, take_snapshot

    snap = take_snapshot(journal)
    # Recorded: Caro-Ana, Caro-Fay, Ana-Ben. Linked people: Ana, Ben, Caro, Fay; their
    # links are the truth (3 pairs). Unlinked: Dev and Eve, both at the Clinic: 1 pair by
    # the proxy. t = 3 + 1 = 4; effective size 6 - 2*4/6 = 6 - 8/6.
    snap.links = {
        tuple(sorted((six["Caro"].id, six["Ana"].id))),
        tuple(sorted((six["Caro"].id, six["Fay"].id))),
        tuple(sorted((six["Ana"].id, six["Ben"].id))),
    }
    broker = compute(snap).brokerage
    assert (broker.ties, broker.recorded_links) == (4, 3)
    assert broker.effective_size == pytest.approx(6 - 8 / 6)


def test_links_recorded_between_people_reach_the_brokerage(journal, six):
    """The journal's own links (journal link, the person page) are the real who-knows-whom."""
    from journal.core import links

    before = compute_insights(journal).brokerage
    links.add_link(journal, six["Caro"].id, "friend", six["Fay"].id)
    links.add_link(journal, six["Dev"].id, "colleague", six["Fay"].id)
    links.add_link(journal, six["Ana"].id, "knows", six["Ivy"].id)  # Ivy is archived
    after = compute_insights(journal).brokerage
    # Before: proxy only, Ana-Ben (Acme) and Dev-Eve (Clinic): t = 2.
    # After: Caro-Fay and Dev-Fay are recorded among active people (Ivy is archived, so
    # Ana's link does not count and Ana stays on the proxy). Linked: Caro, Dev, Fay.
    # Proxy among the unlinked (Ana, Ben, Eve): Ana-Ben. t = 2 + 1 = 3; 6 - 6/6 = 5.
    assert (before.ties, before.recorded_links) == (2, 0)
    assert (after.ties, after.recorded_links) == (3, 2)
    assert after.effective_size == pytest.approx(5.0)
    assert "2 recorded links" in after.finding.how
