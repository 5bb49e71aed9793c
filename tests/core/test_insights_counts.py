"""Every count on Insights agrees with the people behind it: a finding that links to
"63 people" says 63 somewhere in its sentence, so the number a reader sees on the
button is one the text gave them (issue 14: "61 independent contacts" led to "53
people", and the ties summary linked to "63 people" that only its two halves summed to).
"""

from __future__ import annotations

import re

import pytest

from journal.core import sample
from journal.core.insights import compute_insights

_WORDS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]


def _numbers(text: str) -> set[int]:
    """The counts a reader sees in ``text``: digits and the small numbers in words."""
    found = {int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", text)}
    words = re.findall(r"[a-z]+", text.lower())
    return found | {_WORDS.index(w) + 1 for w in words if w in _WORDS}


def _says_how_many(text: str, people: tuple[str, ...], names: dict[str, str]) -> bool:
    """The count is in the text, or the text names them all ("A, B and C"), or names
    some and counts the rest ("A, B and 22 more")."""
    if len(people) in _numbers(text):
        return True
    named = sum(1 for pid in people if names.get(pid, "\0") in text)
    more = re.search(r"and ([\d,]+) more", text)
    return named + (int(more.group(1).replace(",", "")) if more else 0) == len(people)


@pytest.fixture(scope="module")
def insights(tmp_path_factory):
    from journal.core.clock import FixedClock
    from journal.core.journal import Journal
    from journal.core.keys import KdfParams
    from journal.core.paths import JournalPaths
    from tests.conftest import FAST_KDF_N, TEST_PASSPHRASE

    journal = Journal.create(
        JournalPaths(tmp_path_factory.mktemp("counts") / "journal"),
        TEST_PASSPHRASE,
        kdf=KdfParams.fresh(n=FAST_KDF_N),
        clock=FixedClock("2026-11-24T09:00:00"),
    )
    try:
        sample.populate(journal)
        yield compute_insights(journal)
    finally:
        journal.close()


def test_each_finding_says_the_number_of_people_it_links_to(insights):
    checked = 0
    for finding in insights.findings():
        if len(finding.people) > 1 and finding.key != "overview":
            assert _says_how_many(finding.text, finding.people, insights.names), (
                f"{finding.key}: links to {len(finding.people)} people, says {finding.text!r}"
            )
            checked += 1
    assert checked >= 8, "the sample journal exercises most findings"


def test_each_quotient_item_says_the_number_of_people_it_links_to(insights):
    for item in insights.quotient.items:
        if len(item.people) > 1:
            assert len(item.people) in _numbers(item.evidence), (item.key, item.evidence)


def test_the_ties_summary_gives_the_sum_it_links_to(insights):
    finding = next(f for f in insights.findings() if f.key == "ties.strength")
    assert f"{len(finding.people)} people in touch in all" in finding.text
