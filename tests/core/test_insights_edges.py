"""Insights on an empty journal, on the sample journal, their JSON, and their invariants."""

from __future__ import annotations

import json
import math

from hypothesis import given
from hypothesis import strategies as st

from journal.core import sample
from journal.core.insights import compute_insights, contacted_in_month, measures, to_dict
from tests.support.network import add, meet


def test_empty_journal(journal):
    ins = compute_insights(journal)
    assert ins.people == 0 and ins.active == ()
    assert ins.overview.text.startswith("Your journal is empty.")
    for d in ins.diversity:
        assert (d.rows, d.effective, d.blau) == ((), 0.0, 0.0)
        assert d.finding.text == f"No active ties to look at by {d.dimension} yet."
    assert ins.by_dimension("field").normalised_blau is None
    assert ins.cluster is None
    assert (ins.brokerage.n, ins.brokerage.effective_size) == (0, 0.0)
    assert ins.ties.at_risk == () and ins.ties.reconnect == ()
    assert (ins.reciprocity.given, ins.reciprocity.received) == (0, 0)
    assert ins.follow_through.due == 0
    assert ins.quotient.total == 0 and ins.quotient.best_item is None
    assert [f.key for f in ins.highlights] == []
    assert [m.entries for m in ins.months] == [0] * 24
    json.dumps(to_dict(ins))  # the CLI's --json must not fail on an empty journal


def test_contact_over_time_counts_entries_per_month(journal):
    ana = add(journal, "Ana", days_ago=1)  # 23 Nov 2026
    ben = add(journal, "Ben", days_ago=30)  # 25 Oct 2026
    meet(journal, ana, 40)  # 15 Oct 2026
    ins = compute_insights(journal)
    months = {m.month: m.entries for m in ins.months}
    assert ins.months[0].month == "2024-12" and ins.months[-1].month == "2026-11"
    assert (months["2026-11"], months["2026-10"], months["2026-09"]) == (1, 2, 0)
    # Clicking October's bar lists who it was with.
    assert contacted_in_month(journal, "2026-10") == [ana.id, ben.id]
    assert contacted_in_month(journal, "2026-12") == []


def test_sample_journal_every_finding_names_real_people(journal):
    sample.populate(journal)
    ins = compute_insights(journal)
    everyone = {p.id for p in journal.people(include_archived=False)}
    assert ins.people == len(everyone) == 120
    for finding in ins.findings():
        assert finding.text
        assert set(finding.people) <= everyone, finding.key
        assert all(pid in ins.names for pid in finding.people)
    data = json.loads(json.dumps(to_dict(ins)))
    assert data["quotient"]["total"] == ins.quotient.total
    assert {f["key"] for f in data["findings"]} >= {"overview", "diversity.field", "quotient.total"}


proportions = st.lists(st.integers(min_value=1, max_value=50), min_size=1, max_size=12).map(
    lambda counts: [c / sum(counts) for c in counts]
)


@given(proportions)
def test_effective_number_lies_between_one_and_k(ps):
    k = len(ps)
    assert 1 - 1e-9 <= measures.effective_number(ps) <= k + 1e-9
    normalised = measures.normalised_blau(ps, k)
    assert normalised is None if k == 1 else -1e-9 <= normalised <= 1 + 1e-9


@given(st.integers(min_value=1, max_value=40))
def test_even_shares_give_exactly_k(k):
    ps = [1 / k] * k
    assert math.isclose(measures.effective_number(ps), k)
    if k > 1:
        assert math.isclose(measures.normalised_blau(ps, k), 1.0)


@given(st.lists(st.integers(min_value=1, max_value=30), min_size=1, max_size=10))
def test_effective_size_of_groups_of_colleagues(groups):
    # Everyone in a group knows everyone else in it: t = sum g(g-1)/2, so the effective
    # size is n + 1 - sum g^2 / n. It is n only when no two contacts know each other, 1
    # when all are one group, and merging two groups never makes it larger.
    n = sum(groups)
    size = measures.effective_size(n, measures.pairs_within(groups))
    assert math.isclose(size, n + 1 - sum(g * g for g in groups) / n)
    assert 1 - 1e-9 <= size <= n
    assert (size == n) == all(g == 1 for g in groups)
    assert math.isclose(measures.effective_size(n, measures.pairs_within([n])), 1.0)
    if len(groups) > 1:
        merged = [groups[0] + groups[1], *groups[2:]]
        assert measures.effective_size(n, measures.pairs_within(merged)) <= size + 1e-9
